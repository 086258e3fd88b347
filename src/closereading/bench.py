"""The benchmark (``make bench``): the statistics toolkit beside NLTK and beside the floor,
the course's notebooks beside a baseline notebook, and the import time of the package.

    python -m closereading.bench [--words N] [--repeat R] [--no-notebooks] [--out FILE]

What it does, in one run:

1. **The text.** About 1,000,000 words made from the course text: its sentences shuffled
   with a fixed seed, again and again, until there are enough words; grouped into
   paragraphs of six sentences and five sections. The same seed gives the same text.
2. **Four operations, timed side by side** (best of R runs, interleaved):

   * *count*: tokenize and count every word. Ours: ``stats.count_words``. NLTK:
     ``RegexpTokenizer`` (with the course's pattern) and ``FreqDist`` of the lower-cased
     tokens. The floor: one ``re.findall`` on the lower-cased text and a ``Counter``.
   * *kwic*: keyword in context for 20 terms, from the text. Ours: ``stats.Corpus`` and
     ``stats.kwic`` (window 10 words). NLTK: ``RegexpTokenizer``, ``ConcordanceIndex``
     (case-insensitive, as ``nltk.Text`` builds it) and ``find_concordance`` with a width
     of 40 characters, which gives the same 10 words of context.
   * *collocations*: bigrams by log-likelihood, seen at least 5 times, all scored and
     ranked, from the list of lower-cased words. Ours: ``stats.collocations``. NLTK:
     ``BigramCollocationFinder.from_words``, ``apply_freq_filter`` and ``score_ngrams``
     with ``BigramAssocMeasures.likelihood_ratio``.
   * *keyness*: each section against the rest (G2 and log ratio of every word). Ours:
     ``stats.keyness_each``. NLTK has no keyness measure, so its column is an independent
     computation (``entropy_keyness``): NLTK's ``FreqDist`` counts, G2 in its entropy form
     (no expected count is formed) and the log ratio as a sum of logarithms.

3. **Checks.** The results must be identical where the definitions agree: the same
   counts (ours, NLTK and the floor); the same hit positions and the same words of
   context (ours and NLTK; ours stop at a paragraph's edge); the same
   bigrams, counts, ranking and scores (to 1e-9, relative); the same words and keyness
   values. A failed check is reported, and the run exits with status 1.
4. **Memory.** Our four operations run again in a fresh interpreter on the same text,
   which reports its peak resident memory.
5. **Import time.** ``import closereading`` in a fresh interpreter, best of 5, with the
   heavy modules it must not import.
6. **Explorers.** The time one keystroke takes in the KWIC explorer (typing a word letter
   by letter) and one change in the frequency explorer (14 changes to states it has not
   shown before, table and chart included; median processor time, wall time beside it),
   on the course text and on the Zipf text.
7. **KWIC lookups.** The index built once (its build timed apart), then the 20 terms looked
   up, each hit with its context, against counting every word of the same text: timed in
   turn 7 times, medians kept (the machine may be shared; its load average is recorded).
   The *kwic* operation above, compared with NLTK, is the whole of it: corpus, index and
   lookups.
8. **A realistic vocabulary.** Every operation, check, KWIC lookup, explorer and memory
   target again on a text of ~1,000,000 words drawn by Zipf's law from 60,000 made-up
   words (:func:`zipf_paragraphs`, seeded: no download), with its own targets.
9. **Notebooks.** Each notebook of ``notebooks/`` runs in a fresh kernel (as ``make
   notebooks`` runs it): the seconds its cells take, and the kernel's peak memory, beside
   a baseline notebook that only imports ipywidgets and matplotlib and draws one chart.

Results go to ``build/bench.json``, and a table is printed with every target marked met
or not met. The benchmark is not a test: its numbers depend on the machine and its load.
NLTK (pinned in ``requirements.txt``) is needed for the NLTK columns and uses no
downloaded data; under CI (``CI`` set) a missing NLTK is an error, not a skip.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from closereading import stats

SEED = 20110906            # the white paper's date
TARGET_WORDS = 1_000_000
SENTENCES_PER_PARAGRAPH = 6
SECTIONS = 5
WINDOW = 10                # words of context for KWIC
MIN_FREQ = 5               # for collocations
TERMS = ("security", "development", "cooperation", "common", "countries", "china",
         "international", "peace", "world", "interests", "mutual", "trust", "regional",
         "responsibility", "harmonious", "should", "relations", "disputes", "economic",
         "stability")
HEAVY_MODULES = ("ipywidgets", "matplotlib", "yaml", "numpy", "nltk", "IPython")

TARGETS = {
    "nltk_speedup": 1.0,          # at least as fast as NLTK on every operation
    "collocations_speedup": 2.0,  # at least 2x on collocations
    "floor_ratio": 1.5,           # counting within 1.5x of the floor
    "import_seconds": 0.2,
    "memory_mb": 300.0,           # peak memory on the 1,000,000 words
    "notebook_memory_ratio": 1.3,  # each notebook's kernel against the baseline's
    "kwic_to_count": 1.5,         # 20 KWIC lookups (index built once) within 1.5x of counting
    "explorer_ms": 100.0,         # one change of the frequency explorer, chart included (median)
}
LOOKUP_REPEAT = 7                  # runs of counting and of the KWIC lookups (median kept)


# ---------------------------------------------------------------------------------------
# The text


def make_paragraphs(target_words: int = TARGET_WORDS, seed: int = SEED,
                    doc=None) -> list[tuple[str, str, str]]:
    """(paragraph id, section id, text) of a text of at least ``target_words`` words made
    from the course text's sentences, shuffled with ``seed``."""
    if doc is None:
        from closereading import text
        doc = text.load()
    pool = [s for p in doc.paragraphs for s in stats.sentences(p.text)]
    if not pool:
        raise ValueError("the source text has no sentence")
    rng = random.Random(seed)
    chosen, total = [], 0
    while total < target_words:
        batch = pool[:]
        rng.shuffle(batch)
        for sentence in batch:
            chosen.append(sentence)
            total += len(stats.words(sentence))
            if total >= target_words:
                break
    blocks = [" ".join(chosen[i:i + SENTENCES_PER_PARAGRAPH])
              for i in range(0, len(chosen), SENTENCES_PER_PARAGRAPH)]
    per_section = max(1, math.ceil(len(blocks) / SECTIONS))
    result = []
    for i, block in enumerate(blocks):
        section = i // per_section + 1
        result.append((f"{section}.{i % per_section + 1}", str(section), block))
    return result


def whole_text(paragraphs) -> str:
    return "\n\n".join(p[2] for p in paragraphs)


# ---------------------------------------------------------------------------------------
# Texts of every shape: the same cost per character whatever the shape

SHAPES = ("short paragraphs", "one paragraph", "single newlines", "no punctuation",
          "long tokens", "base64", "binary-like")
LINE_WIDTH = 75


def _wrap(text: str, width: int = LINE_WIDTH) -> str:
    """Lines of at most ``width`` characters (longer words on a line of their own), joined
    by single newlines: how many pasted texts arrive."""
    lines, line = [], []
    length = 0
    for word in text.split():
        if line and length + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, length = [], 0
        length += len(word) + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def shaped_text(shape: str, target_words: int, seed: int = SEED) -> str:
    """A plain text of about ``target_words`` words (or, for the shapes that are not
    prose, of as many characters as that many words of prose would take), in one of
    :data:`SHAPES`; the same arguments give the same text."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
    paragraphs = make_paragraphs(target_words, seed)
    prose = [p[2] for p in paragraphs]
    size = sum(map(len, prose)) + 2 * len(prose)        # characters of the prose text
    rng = random.Random(f"{seed}-{shape}")
    if shape == "short paragraphs":
        return "\n\n".join(prose)
    if shape == "one paragraph":
        return " ".join(prose)
    if shape == "single newlines":
        return _wrap(" ".join(prose))
    if shape == "no punctuation":
        return " ".join(stats.words(" ".join(prose)))
    if shape == "long tokens":
        # Tokens of thousands of letters, some with full stops inside or after them.
        parts, total = [], 0
        while total < size:
            token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz.") for _ in
                            range(rng.randint(2000, 6000)))
            parts.append(token + rng.choice([". ", " ", ".\n"]))
            total += len(parts[-1])
        return "".join(parts)[:size]
    if shape == "base64":
        import base64
        data = rng.randbytes(size * 3 // 4)
        return base64.encodebytes(data).decode("ascii")
    # "binary-like": every byte value, read as Latin-1 (valid text once encoded as UTF-8),
    # with control characters, line separators and runs of punctuation.
    return rng.randbytes(size).decode("latin-1")


ZIPF_TYPES = 60_000


def zipf_paragraphs(target_words: int = TARGET_WORDS, types: int = ZIPF_TYPES,
                    seed: int = SEED) -> list[tuple[str, str, str]]:
    """A text with a realistic vocabulary: ``types`` made-up words (syllables drawn with
    ``seed``), drawn with Zipf's law (the word of rank r with weight 1/r), in sentences of
    5 to 30 words and paragraphs of 6 sentences, in 5 sections; the course's 20 KWIC terms
    take ranks among the commonest. Generated deterministically: the same arguments give
    the same text."""
    from bisect import bisect_left
    from itertools import accumulate as _acc
    rng = random.Random(f"{seed}-zipf")
    syllables = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
    vocab, seen = list(TERMS), set(TERMS)
    while len(vocab) < types:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            vocab.append(word)
    rng.shuffle(vocab)          # the terms anywhere among the first ranks
    head = [w for w in vocab if w in TERMS] + [w for w in vocab if w not in TERMS]
    cumulative = list(_acc(1 / r for r in range(1, types + 1)))
    top = cumulative[-1]
    draws = [head[bisect_left(cumulative, rng.random() * top)] for _ in range(target_words)]
    sentences, i = [], 0
    while i < len(draws):
        n = rng.randint(5, 30)
        words = draws[i:i + n]
        sentences.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
        i += n
    blocks = [" ".join(sentences[j:j + SENTENCES_PER_PARAGRAPH])
              for j in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)]
    per_section = max(1, math.ceil(len(blocks) / SECTIONS))
    return [(f"{k // per_section + 1}.{k % per_section + 1}", str(k // per_section + 1), b)
            for k, b in enumerate(blocks)]


def measure_shapes(target_words: int, log=print) -> dict:
    """The command line's statistics (the parser, every section's counts and sentences,
    the report with readability) on the same words laid out three ways; each against
    short paragraphs."""
    from closereading import cli, text
    found = {}
    for shape in ("short paragraphs", "one paragraph", "single newlines"):
        raw = shaped_text(shape, target_words)
        start = time.perf_counter()
        doc = text.parse_plain(raw, "shape.txt")
        data = cli.collect(doc)
        cli.render_text(data, doc, 10)
        seconds = time.perf_counter() - start
        found[shape] = {"seconds": seconds, "words": data["tokens"], "characters": len(raw)}
        found[shape]["ratio_to_short_paragraphs"] = seconds / found["short paragraphs"]["seconds"]
        log(f"  {shape}: {seconds:.2f} s ({found[shape]['ratio_to_short_paragraphs']:.2f}x)")
    return found


def stats_pipeline(raw: str) -> dict:
    """What a teacher's own text goes through: the parser, the command line's statistics,
    every statistic of the toolkit and both explorers' results (the frequency chart
    left out). Returns the seconds of each stage."""
    from closereading import cli, explorers, text
    seconds = {}

    def stage(name, run):
        start = time.perf_counter()
        result = run()
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
        return result

    doc = stage("parse", lambda: text.parse_plain(raw, "shape.txt"))
    corpus = stats.Corpus.from_document(doc)
    try:
        data = stage("command line", lambda: cli.collect(doc))
        stage("command line", lambda: cli.render_text(data, doc, 10))
    except cli.InputError:      # a text without a word: nothing to count
        pass
    body = "\n\n".join(p.text for p in doc.paragraphs)

    def statistics():
        stats.summarize(body)
        try:
            stats.readability(body)
        except ValueError:
            pass
        stats.length_distribution(stats.sentence_lengths(body))
        units = stats.paragraph_units(corpus)
        stats.collocations(units, "log-likelihood", 2)
        stats.collocations(units, "pmi", 2)
        halves = [corpus.words[:len(corpus) // 2], corpus.words[len(corpus) // 2:]]
        if all(halves):
            stats.keyness_each(halves)
        stats.dispersion(["the", "a"], corpus)

    stage("statistics", statistics)
    common = stats.top_words(corpus.words, 1)
    query = common[0][0] if common else "the"

    def explore():
        stats.kwic(query, 5, corpus=corpus)
        explorers.KwicExplorer(query, 5, corpus=corpus).render()
        stats.top_words_table(None, 30, False, corpus)

    stage("kwic and explorers", explore)
    return seconds


# ---------------------------------------------------------------------------------------
# The operations: ours, NLTK's and the floor


def ours_count(text: str) -> Counter:
    return stats.count_words(text)


def floor_count(text: str) -> Counter:
    return Counter(re.findall(stats.WORD.pattern, text.lower()))


def ours_kwic(paragraphs, terms=TERMS, window=WINDOW) -> list[list[stats.Hit]]:
    """Per term, every hit with its context (what is timed)."""
    corpus = stats.Corpus(paragraphs)
    return [stats.kwic(t, window, corpus=corpus) for t in terms]


def our_contexts(found) -> list[list[tuple]]:
    """Per term, per hit: (position, the words of the left context, the match, the words
    of the right context), to be compared with NLTK's token lists (not timed)."""
    return [[(h.position, stats.words(h.left), h.match.lower(), stats.words(h.right))
             for h in hits] for hits in found]


def ours_collocations(words: list[str], min_freq=MIN_FREQ) -> list[tuple[tuple[str, str], int, float]]:
    return [((c.first, c.second), c.count, c.score)
            for c in stats.collocations(words, "log-likelihood", min_freq)]


def ours_keyness(sections: list[list[str]]) -> list[dict[str, tuple[float, float]]]:
    return [{k.word: (k.g2, k.log_ratio) for k in found} for found in stats.keyness_each(sections)]


def nltk_available() -> bool:
    try:
        import nltk  # noqa: F401
    except ImportError:
        return False
    return True


def nltk_count(text: str) -> Counter:
    from nltk.probability import FreqDist
    from nltk.tokenize import RegexpTokenizer
    return FreqDist(t.lower() for t in RegexpTokenizer(stats.WORD.pattern).tokenize(text))


def nltk_kwic(text: str, terms=TERMS, window=WINDOW) -> list:
    """Per term, NLTK's concordance lines (what is timed)."""
    from nltk.text import ConcordanceIndex
    from nltk.tokenize import RegexpTokenizer
    tokens = RegexpTokenizer(stats.WORD.pattern).tokenize(text)
    index = ConcordanceIndex(tokens, key=lambda s: s.lower())
    # find_concordance takes width // 4 words of context on each side.
    return [index.find_concordance(t, width=4 * window) for t in terms]


def nltk_contexts(found) -> list[list[tuple]]:
    """Per term, per line: (offset, left tokens, match, right tokens), lower-cased."""
    return [[(line.offset, [w.lower() for w in line.left], line.query.lower(),
              [w.lower() for w in line.right]) for line in lines] for lines in found]


def nltk_collocations(words: list[str], min_freq=MIN_FREQ):
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
    finder = BigramCollocationFinder.from_words(words)
    finder.apply_freq_filter(min_freq)
    return [(pair, int(finder.ngram_fd[pair]), score)
            for pair, score in finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)]


def entropy_keyness(sections: list[list[str]]) -> list[dict[str, tuple[float, float]]]:
    """Keyness computed independently of ``stats``: the counts by NLTK's ``FreqDist`` (NLTK
    has no keyness measure), G2 in its entropy form, which never forms an expected count,

        G2 = 2 (a ln a + b ln b - (a+b) ln(a+b) + (a+b) ln(c+d) - a ln c - b ln d),

    algebraically equal to 2 (a ln(a/E1) + b ln(b/E2)); and the log ratio as a sum of
    binary logarithms, log2 a - log2 c - log2 b + log2 d (a zero count taken as 0.5).
    A mistake in the expected counts, the sizes or the zero rule shows as a difference."""
    from nltk.probability import FreqDist
    dists = [FreqDist(s) for s in sections]
    total = FreqDist()
    for d in dists:
        total.update(d)
    n = total.N()

    def xlogx(x):
        return x * math.log(x) if x > 0 else 0.0

    result = []
    for target in dists:
        c = target.N()
        d = n - c
        scores = {}
        for word, both in total.items():
            a = target[word]
            b = both - a
            g2 = 2 * (xlogx(a) + xlogx(b) - xlogx(both) + both * math.log(n)
                      - (a * math.log(c) if a else 0.0) - (b * math.log(d) if b else 0.0))
            ratio = math.log2(a or 0.5) - math.log2(c) - math.log2(b or 0.5) + math.log2(d)
            scores[word] = (g2, ratio)
        result.append(scores)
    return result


# ---------------------------------------------------------------------------------------
# Checks: identical results where the definitions agree


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_counts(ours: Counter, **others: Counter) -> Check:
    for name, other in others.items():
        if dict(ours) != dict(other):
            diff = sorted(set(ours.items()) ^ set(other.items()))[:5]
            return Check("count", False, f"counts differ from {name}'s, e.g. {diff}")
    return Check("count", True, f"{len(ours)} words, {sum(ours.values())} tokens: the same "
                                f"counts in {', '.join(['ours'] + list(others))}")


def check_kwic(ours: list[list[tuple]], other: list[list[tuple]], terms=TERMS,
               window: int = WINDOW) -> Check:
    """The same hits at the same positions with the same contexts. NLTK's context runs
    across paragraphs and ours stops at the paragraph's edge, and NLTK's right context
    has one word fewer than its left (``find_concordance`` takes ``width // 4 - 1``
    words after the match): so the words the two have in common must agree, the left
    contexts counted back from the match, the right ones forward from it."""
    if len(ours) != len(other):
        return Check("kwic", False, f"{len(ours)} result lists against {len(other)}")
    full = 0
    for term, a, b in zip(terms, ours, other):
        if [h[0] for h in a] != [h[0] for h in b]:
            return Check("kwic", False, f"'{term}': {len(a)} hits against {len(b)}, or at "
                                        "different positions")
        for (pos, left, match, right), (_, n_left, n_match, n_right) in zip(a, b):
            k, m = min(len(left), len(n_left)), min(len(right), len(n_right))
            if (match != n_match or len(left) > window or len(right) > window
                    or left[len(left) - k:] != n_left[len(n_left) - k:]
                    or right[:m] != n_right[:m]):
                return Check("kwic", False, f"'{term}' at {pos}: context {left} [{match}] "
                                            f"{right} against {n_left} [{n_match}] {n_right}")
            full += len(left) == len(n_left) == window and len(right) == window
    if not full and any(ours):
        return Check("kwic", False, "no hit has a full context on both sides")
    return Check("kwic", True, f"{sum(map(len, ours))} hits for {len(ours)} terms at the same "
                               f"positions with the same contexts ({full} with {window} words "
                               "on both sides, the others cut at a paragraph's edge)")


def _close(x: float, y: float, rel: float = 1e-9) -> bool:
    return math.isclose(x, y, rel_tol=rel, abs_tol=1e-9)


def check_collocations(ours, other) -> Check:
    if len(ours) != len(other):
        return Check("collocations", False, f"{len(ours)} bigrams against {len(other)}")
    by_pair = {pair: (count, score) for pair, count, score in other}
    for pair, count, score in ours:
        if pair not in by_pair:
            return Check("collocations", False, f"{pair} is missing from the other result")
        if by_pair[pair][0] != count or not _close(by_pair[pair][1], score):
            return Check("collocations", False, f"{pair}: {count}, {score!r} against "
                                                f"{by_pair[pair]}")
    # The same ranking, once scores equal to 9 significant digits count as ties.
    def ranking(items):
        return [pair for pair, _, s in sorted(items, key=lambda x: (-float(f"{x[2]:.9g}"), x[0]))]
    if ranking(ours) != ranking(other):
        return Check("collocations", False, "the same scores, ranked differently")
    return Check("collocations", True, f"{len(ours)} bigrams with the same counts, scores "
                                       "(to 1e-9) and ranking")


def check_keyness(ours, other) -> Check:
    if len(ours) != len(other):
        return Check("keyness", False, f"{len(ours)} sections against {len(other)}")
    for i, (a, b) in enumerate(zip(ours, other), 1):
        if a.keys() != b.keys():
            return Check("keyness", False, f"section {i}: different words")
        for word, (g2, ratio) in a.items():
            if not (_close(g2, b[word][0]) and _close(ratio, b[word][1])):
                return Check("keyness", False, f"section {i}, '{word}': {(g2, ratio)} "
                                               f"against {b[word]}")
    return Check("keyness", True, f"{len(ours)} sections, {sum(map(len, ours))} word scores, "
                                  "the same G2 and log ratios (to 1e-9)")


# ---------------------------------------------------------------------------------------
# Timing


@dataclass
class Operation:
    name: str
    what: str
    runs: dict[str, Callable[[], object]]
    check: Callable[[dict], Check]
    seconds: dict[str, float] = field(default_factory=dict)
    result: Check | None = None


def operations(paragraphs, with_nltk: bool) -> list[Operation]:
    text = whole_text(paragraphs)
    # The inputs of collocations and keyness: the lower-cased words, one string object per
    # distinct word (as in stats.Corpus), so that the inputs themselves stay small.
    canonical: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    for _, sid, body in paragraphs:
        found = stats.words(body)
        sections.setdefault(sid, []).extend(map(canonical.setdefault, found, found))
    section_lists = list(sections.values())
    words = [w for section in section_lists for w in section]

    def pick(d, *names):
        return {n: d[n] for n in names if n in d}

    ops = [
        Operation("count", "tokenize and count every word",
                  {"ours": lambda: ours_count(text), "floor": lambda: floor_count(text)},
                  lambda r: check_counts(r["ours"], **pick(r, "nltk", "floor"))),
        Operation("kwic", f"keyword in context for {len(TERMS)} terms, every hit with its "
                  "context",
                  {"ours": lambda: ours_kwic(paragraphs)},
                  lambda r: check_kwic(our_contexts(r["ours"]), nltk_contexts(r["nltk"]))
                  if "nltk" in r else
                  Check("kwic", True, f"{sum(map(len, r['ours']))} hits (not compared: no NLTK)")),
        Operation("collocations", f"bigrams by log-likelihood, min. frequency {MIN_FREQ}",
                  {"ours": lambda: ours_collocations(words)},
                  lambda r: check_collocations(r["ours"], r["nltk"]) if "nltk" in r else
                  Check("collocations", True, f"{len(r['ours'])} bigrams (not compared: no NLTK)")),
        Operation("keyness", f"each of {len(section_lists)} sections against the rest",
                  {"ours": lambda: ours_keyness(section_lists)},
                  lambda r: check_keyness(r["ours"], r["nltk"]) if "nltk" in r else
                  Check("keyness", True, "not compared: no NLTK")),
    ]
    if with_nltk:
        ops[0].runs["nltk"] = lambda: nltk_count(text)
        ops[1].runs["nltk"] = lambda: nltk_kwic(text)
        ops[2].runs["nltk"] = lambda: nltk_collocations(words)
        # NLTK has no keyness: its column is NLTK's counts with G2 in the entropy form.
        ops[3].runs["nltk"] = lambda: entropy_keyness(section_lists)
    return ops


def run_operations(ops: list[Operation], repeat: int = 3, log=print) -> list[Operation]:
    """Time every implementation of every operation (best of ``repeat``, interleaved) and
    check that their results agree."""
    for op in ops:
        results = {}
        best = {name: math.inf for name in op.runs}
        for _ in range(max(repeat, 1)):
            for name, run in op.runs.items():
                start = time.perf_counter()
                results[name] = run()
                best[name] = min(best[name], time.perf_counter() - start)
        op.seconds = best
        op.result = op.check(results)
        log(f"  {op.name}: " + ", ".join(f"{n} {s:.3f} s" for n, s in best.items())
            + f"; {'identical' if op.result.ok else 'MISMATCH'}: {op.result.detail}")
    return ops


# ---------------------------------------------------------------------------------------
# Fresh interpreters: memory on the 1,000,000 words, import time


def peak_mb() -> float:
    """Peak resident memory of this process, in MB. On Linux it is VmHWM from
    /proc/self/status: getrusage's ru_maxrss would not do, because a process started by a
    large parent inherits the parent's peak through fork and exec. Elsewhere ru_maxrss
    is the fallback (kilobytes on Linux, bytes on macOS). Self-contained: its source is
    also run in each notebook's kernel."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    import sys
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _child_memory(target_words: int, zipf: bool = False) -> dict:
    """Run in a fresh interpreter: our four operations on the text; peak memory."""
    paragraphs = zipf_paragraphs(target_words) if zipf else make_paragraphs(target_words)
    ops = operations(paragraphs, with_nltk=False)
    n_words = 0
    for op in ops:
        result = op.runs["ours"]()
        if op.name == "count":
            n_words = sum(result.values())
        del result
    return {"peak_mb": peak_mb(), "words": n_words}


def measure_memory(target_words: int, zipf: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-m", "closereading.bench", "--child-memory",
                          "--words", str(target_words)] + (["--zipf"] if zipf else []),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


_IMPORT_PROBE = ("import sys, time, json\n"
                 "t = time.perf_counter()\n"
                 "import closereading\n"
                 "t = time.perf_counter() - t\n"
                 "print(json.dumps({'seconds': t, 'heavy': sorted(m for m in %r "
                 "if m in sys.modules)}))\n" % (HEAVY_MODULES,))


def measure_import(runs: int = 5) -> dict:
    """``import closereading`` in a fresh interpreter: the best of ``runs`` times."""
    found = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], capture_output=True,
                             text=True, check=True)
        found.append(json.loads(out.stdout))
    return {"seconds": min(f["seconds"] for f in found),
            "all_seconds": [round(f["seconds"], 4) for f in found],
            "heavy_modules_loaded": found[-1]["heavy"]}


# ---------------------------------------------------------------------------------------
# Explorers


def _median(values):
    values = sorted(values)
    return values[len(values) // 2] if len(values) % 2 else sum(values[len(values) // 2 - 1:
                                                                       len(values) // 2 + 1]) / 2


def measure_kwic_lookups(paragraphs, repeat: int = LOOKUP_REPEAT, terms=TERMS,
                         window=WINDOW) -> dict:
    """KWIC as the issue asks for it: the index built once, then 20 lookups, each hit with
    its context; beside counting every word of the same text. Counting and lookups are
    timed in turn, ``repeat`` times (medians kept: the machine is shared); the index's
    build is timed too (a fresh index each time), and reported apart."""
    text = whole_text(paragraphs)
    corpus = stats.Corpus(paragraphs)
    build, count, lookups = [], [], []
    wall = {"count": [], "lookup": [], "index_build": []}
    hits = 0

    def timed(name, times, run):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.process_time() - cpu)
        wall[name].append(round(time.perf_counter() - start, 4))
        return result

    for _ in range(max(repeat, 1)):
        timed("count", count, lambda: stats.count_words(text))
        corpus._word_index = None
        timed("index_build", build, lambda: corpus.word_index)
        found = timed("lookup", lookups, lambda: [stats.kwic(t, window, corpus=corpus)
                                                  for t in terms])
        hits = sum(map(len, found))
        del found
    # Processor time: on a shared machine, the time spent waiting for a core is not ours.
    result = {"count_seconds": _median(count), "lookup_seconds": _median(lookups),
              "index_build_seconds": _median(build), "hits": hits, "terms": len(terms),
              "runs": len(count), "clock": "processor time (medians)",
              "all_count_seconds": [round(x, 4) for x in count],
              "all_lookup_seconds": [round(x, 4) for x in lookups],
              "all_index_build_seconds": [round(x, 4) for x in build],
              "wall_seconds": wall,
              "wall_lookup_to_count": _median(wall["lookup"]) / _median(wall["count"])}
    result["lookup_to_count"] = result["lookup_seconds"] / result["count_seconds"]
    result["build_and_lookup_to_count"] = ((result["lookup_seconds"] + result["index_build_seconds"])
                                           / result["count_seconds"])
    return result


# The changes timed in the frequency explorer: every section, the number of words and the
# stopwords box, each state new to the explorer (nothing is served from a cache).
def _explorer_changes(corpus):
    ids = [s.id for s in corpus.sections] + [""]
    changes = [("section", sid) for sid in ids[1:]]
    changes += [("n", n) for n in (20, 30, 5)]
    changes += [("stopwords", False)] + [("section", sid) for sid in ids[:3]]
    changes += [("n", 12), ("stopwords", True)]
    return changes


def measure_frequency_explorer(corpus=None) -> dict:
    """The time one change of the frequency explorer takes (table and chart, PNG
    included), over a series of changes: wall time, and the processor time of this
    process, which leaves out the time spent waiting for a core that other programs hold
    (on a shared machine the wall time says more about the load than about the code). The
    target is judged on the median processor time."""
    from closereading import explorers
    freq = explorers.frequency_explorer(corpus=corpus)
    seconds, cpu = [], []
    for control, value in _explorer_changes(freq.corpus):
        widget = getattr(freq, control)
        if widget.value == value:
            continue
        widget.value = value
        seconds.append(freq.last_seconds)
        cpu.append(freq.last_cpu_seconds)
    return {"frequency_change_ms_median": 1000 * _median(cpu),
            "frequency_change_wall_ms_median": 1000 * _median(seconds),
            "frequency_change_ms_max": 1000 * max(cpu), "frequency_changes": len(seconds),
            "frequency_change_cpu_ms_all": [round(1000 * x, 1) for x in cpu],
            "frequency_change_wall_ms_all": [round(1000 * x, 1) for x in seconds]}


def measure_explorers() -> dict:
    from closereading import explorers
    kwic = explorers.kwic_explorer(query="")
    per_key = []
    for word in ("cooperation", "security", "common interests"):
        for i in range(1, len(word) + 1):
            kwic.query.value = word[:i]
            per_key.append(kwic.last_seconds)
    per_key.sort()
    return {"kwic_keystroke_ms_median": 1000 * per_key[len(per_key) // 2],
            "kwic_keystroke_ms_max": 1000 * per_key[-1], "kwic_keystrokes": len(per_key),
            **measure_frequency_explorer()}


# ---------------------------------------------------------------------------------------
# Notebooks

def _memory_cell() -> str:
    import inspect
    return inspect.getsource(peak_mb) + "\nimport json\nprint(json.dumps({'peak_mb': peak_mb()}))"


def baseline_notebook():
    """A notebook that only imports ipywidgets and matplotlib and draws one chart."""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import ipywidgets\nimport matplotlib"),
        nbformat.v4.new_code_cell(
            "import io\nfrom IPython.display import Image, display\n"
            "from matplotlib.figure import Figure\n"
            "fig = Figure(figsize=(7, 3.6))\nax = fig.add_subplot()\n"
            "ax.bar(['a', 'b', 'c'], [3, 1, 2])\nax.set_title('One chart')\n"
            "buf = io.BytesIO()\nfig.savefig(buf, format='png')\ndisplay(Image(buf.getvalue()))"),
    ]
    return nb


def run_notebook(nb, path: Path) -> dict:
    """Run a notebook's cells in a fresh kernel; the seconds they take and the kernel's
    peak memory (from a last cell added for the purpose)."""
    import nbformat
    from closereading.execution import course_environment, notebook_client
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))   # a copy
    nb.cells.append(nbformat.v4.new_code_cell(_memory_cell()))
    error = None
    with course_environment("student"):
        client = notebook_client(nb, path.parent)
        with client.setup_kernel():
            start = time.perf_counter()
            for index, cell in enumerate(nb.cells[:-1]):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # noqa: BLE001 - reported, not raised
                    error = f"cell {index}: {type(exc).__name__}"
                    break
            seconds = time.perf_counter() - start
            client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    peak = json.loads(text.strip().splitlines()[-1])["peak_mb"]
    return {"seconds": seconds, "peak_mb": peak, "error": error}


def measure_notebooks(log=print) -> dict:
    import nbformat
    from closereading.paths import notebooks_dir
    result = {"baseline": run_notebook(baseline_notebook(), notebooks_dir() / "baseline.ipynb")}
    log(f"  baseline: {result['baseline']['seconds']:.1f} s, {result['baseline']['peak_mb']:.0f} MB")
    result["notebooks"] = {}
    for path in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        found = run_notebook(nbformat.read(path, as_version=4), path)
        found["memory_ratio"] = found["peak_mb"] / result["baseline"]["peak_mb"]
        result["notebooks"][path.stem] = found
        log(f"  {path.stem}: {found['seconds']:.1f} s, {found['peak_mb']:.0f} MB"
            + (f" (error in {found['error']})" if found["error"] else ""))
    return result


# ---------------------------------------------------------------------------------------
# Targets, the table and the report


def targets(ops: list[Operation], memory: dict | None, imports: dict | None,
            notebooks: dict | None, lookups: dict | None = None,
            explorer: dict | None = None) -> list[dict]:
    found = []

    def add(name, value, limit, met, unit=""):
        found.append({"target": name, "value": value, "limit": limit, "unit": unit,
                      "met": bool(met) if met is not None else None})

    for op in ops:
        if "nltk" in op.seconds:
            speedup = op.seconds["nltk"] / op.seconds["ours"]
            limit = TARGETS["collocations_speedup"] if op.name == "collocations" else TARGETS["nltk_speedup"]
            add(f"{op.name}: at least {limit:g}x as fast as NLTK", round(speedup, 2), limit,
                speedup >= limit, "x")
        else:
            add(f"{op.name}: as fast as NLTK", None, TARGETS["nltk_speedup"], None, "x")
    count = next(op for op in ops if op.name == "count")
    ratio = count.seconds["ours"] / count.seconds["floor"]
    add(f"count: within {TARGETS['floor_ratio']:g}x of the floor", round(ratio, 2),
        TARGETS["floor_ratio"], ratio <= TARGETS["floor_ratio"], "x")
    for op in ops:
        add(f"{op.name}: identical results", op.result.ok if op.result else None, True,
            op.result.ok if op.result else None)
    if imports:
        add(f"import closereading in at most {TARGETS['import_seconds']:g} s",
            round(imports["seconds"], 4), TARGETS["import_seconds"],
            imports["seconds"] <= TARGETS["import_seconds"], "s")
        add("import closereading loads no heavy module", ", ".join(imports["heavy_modules_loaded"]) or "none",
            "none", not imports["heavy_modules_loaded"])
    if lookups:
        ratio = lookups["lookup_to_count"]
        add(f"kwic: {lookups['terms']} lookups (index built once) within "
            f"{TARGETS['kwic_to_count']:g}x of counting", round(ratio, 2),
            TARGETS["kwic_to_count"], ratio <= TARGETS["kwic_to_count"], "x")
    if explorer:
        ms = explorer["frequency_change_ms_median"]
        add(f"frequency explorer: a change in at most {TARGETS['explorer_ms']:g} ms (median "
            "processor time, chart included)", round(ms, 1), TARGETS["explorer_ms"],
            ms <= TARGETS["explorer_ms"], "ms")
    if memory:
        add(f"peak memory on {memory['words']:,} words at most {TARGETS['memory_mb']:g} MB",
            round(memory["peak_mb"], 1), TARGETS["memory_mb"],
            memory["peak_mb"] <= TARGETS["memory_mb"], "MB")
    if notebooks:
        for name, nb in notebooks["notebooks"].items():
            add(f"{name}: kernel memory within {TARGETS['notebook_memory_ratio']:g}x of the "
                "baseline", round(nb["memory_ratio"], 2), TARGETS["notebook_memory_ratio"],
                nb["memory_ratio"] <= TARGETS["notebook_memory_ratio"] and not nb["error"], "x")
    return found


def render(report: dict) -> str:
    from closereading.html import table
    rows = []
    for name, op in report["operations"].items():
        s = op["seconds"]
        rows.append((name, f"{s['ours']:.3f}", f"{s['nltk']:.3f}" if "nltk" in s else "-",
                     f"{s['floor']:.3f}" if "floor" in s else "-",
                     f"{op['speedup_vs_nltk']:.2f}x" if op.get("speedup_vs_nltk") else "-",
                     f"{op['ratio_to_floor']:.2f}x" if op.get("ratio_to_floor") else "-",
                     "yes" if op["identical"] else "NO"))
    parts = [table(["Operation", "Ours (s)", "NLTK (s)", "Floor (s)", "NLTK / ours",
                    "Ours / floor", "Identical"], rows, align=["l"] + ["r"] * 5 + ["l"],
                   caption=f"The toolkit on {report['text']['words']:,} words (best of "
                           f"{report['repeat']})").text]
    nbs = report.get("notebooks")
    if nbs:
        rows = [("baseline (ipywidgets + matplotlib + one chart)",
                 f"{nbs['baseline']['seconds']:.1f}", f"{nbs['baseline']['peak_mb']:.0f}", "1.00x")]
        rows += [(name, f"{nb['seconds']:.1f}", f"{nb['peak_mb']:.0f}", f"{nb['memory_ratio']:.2f}x")
                 for name, nb in nbs["notebooks"].items()]
        parts.append(table(["Notebook", "Run All (s)", "Kernel peak (MB)", "Against baseline"],
                           rows, align=["l", "r", "r", "r"],
                           caption="Notebooks in a fresh kernel").text)
    ex = report.get("explorers")
    if ex:
        parts.append(f"Explorers on the course text: a keystroke in the KWIC explorer takes "
                     f"{ex['kwic_keystroke_ms_median']:.2f} ms (median of "
                     f"{ex['kwic_keystrokes']}; at most {ex['kwic_keystroke_ms_max']:.2f} ms); a "
                     f"change in the frequency explorer {ex['frequency_change_ms_median']:.0f} ms "
                     f"of processor time (median; at most {ex['frequency_change_ms_max']:.0f} ms, "
                     "the chart included).")
    rows = [(t["target"], "-" if t["value"] is None else f"{t['value']}{t['unit']}",
             {True: "met", False: "NOT MET", None: "not measured"}[t["met"]])
            for t in report["targets"]]
    parts.append(table(["Target", "Measured", "Result"], rows, align=["l", "r", "l"],
                       caption="Targets").text)
    zipf = report.get("zipf")
    if zipf:
        rows = [(t["target"], "-" if t["value"] is None else f"{t['value']}{t['unit']}",
                 {True: "met", False: "NOT MET", None: "not measured"}[t["met"]])
                for t in zipf["targets"]]
        parts.append(table(["Target", "Measured", "Result"], rows, align=["l", "r", "l"],
                           caption=f"Targets on the Zipf text ({zipf['text']['words']:,} words, "
                                   f"{zipf['text']['types']:,} types)").text)
    return "\n\n".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m closereading.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=TARGET_WORDS, help="size of the text")
    parser.add_argument("--repeat", type=int, default=3, help="runs per operation (best kept)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebooks")
    parser.add_argument("--out", type=Path, default=None, help="where to write the JSON "
                        "(default: build/bench.json)")
    parser.add_argument("--child-memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--zipf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_memory:
        print(json.dumps(_child_memory(args.words, args.zipf)))
        return 0

    from closereading.paths import build_dir
    out = args.out or build_dir() / "bench.json"
    with_nltk = nltk_available()
    if not with_nltk and os.environ.get("CI"):
        print("CI is set and NLTK is not installed: the comparison cannot run.", file=sys.stderr)
        return 1
    if not with_nltk:
        print("NLTK is not installed: its columns are left empty (make bench installs it "
              "from requirements-bench.txt).")
    load_start = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    print(f"Making the text ({args.words:,} words, seed {SEED}) ...", flush=True)
    paragraphs = make_paragraphs(args.words)
    n_words = len(stats.words(whole_text(paragraphs)))
    print(f"Timing the operations (best of {args.repeat}) ...", flush=True)
    ops = run_operations(operations(paragraphs, with_nltk), args.repeat,
                         log=lambda m: print(m, flush=True))
    print("Peak memory of our operations in a fresh interpreter ...", flush=True)
    memory = measure_memory(args.words)
    print(f"A realistic vocabulary: Zipf's law over {ZIPF_TYPES:,} made-up words ...", flush=True)
    zipf = zipf_paragraphs(args.words)
    zipf_ops = run_operations(operations(zipf, with_nltk), args.repeat,
                              log=lambda m: print(m, flush=True))
    zipf_memory = measure_memory(args.words, zipf=True)
    print(f"KWIC lookups with the index built once, beside counting (median of "
          f"{LOOKUP_REPEAT}) ...", flush=True)
    lookups = {}
    for name, paras in (("course", paragraphs), ("zipf", zipf)):
        lookups[name] = measure_kwic_lookups(paras)
        found = lookups[name]
        print(f"  {name}: count {found['count_seconds']:.3f} s, 20 lookups "
              f"{found['lookup_seconds']:.3f} s ({found['lookup_to_count']:.2f}x), index built "
              f"in {found['index_build_seconds']:.3f} s; {found['hits']} hits", flush=True)
    print("The frequency explorer on the Zipf text ...", flush=True)
    zipf_explorer = measure_frequency_explorer(stats.Corpus(zipf))
    print("The command line on the same words in three shapes ...", flush=True)
    shapes = measure_shapes(args.words, log=lambda m: print(m, flush=True))
    print("Import time ...", flush=True)
    imports = measure_import()
    print("Explorers ...", flush=True)
    explorers = measure_explorers()
    notebooks = None
    if not args.no_notebooks:
        print("Notebooks, each in a fresh kernel ...", flush=True)
        notebooks = measure_notebooks(log=lambda m: print(m, flush=True))

    report = {
        "text": {"words": n_words, "paragraphs": len(paragraphs), "seed": SEED,
                 "sections": len({p[1] for p in paragraphs})},
        "repeat": args.repeat,
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
        "nltk": _nltk_version() if with_nltk else None,
        "operations": {},
        "memory": memory, "import": imports, "explorers": explorers, "notebooks": notebooks,
    }
    for op in ops:
        entry = {"what": op.what, "seconds": op.seconds, "identical": op.result.ok,
                 "check": op.result.detail}
        if "nltk" in op.seconds:
            entry["speedup_vs_nltk"] = op.seconds["nltk"] / op.seconds["ours"]
        if "floor" in op.seconds:
            entry["ratio_to_floor"] = op.seconds["ours"] / op.seconds["floor"]
        report["operations"][op.name] = entry
    report["kwic_lookups"] = lookups["course"]
    report["targets"] = targets(ops, memory, imports, notebooks, lookups["course"], explorers)
    report["machine"]["load_average"] = {
        "start": load_start, "end": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "cores": os.cpu_count()}
    zipf_words = sum(len(stats.words(p[2])) for p in zipf)
    report["zipf"] = {
        "text": {"words": zipf_words, "types": len(set(w for p in zipf for w in stats.words(p[2]))),
                 "paragraphs": len(zipf), "generator": "bench.zipf_paragraphs", "seed": SEED},
        "operations": {op.name: {"seconds": op.seconds, "identical": op.result.ok,
                                 "check": op.result.detail} for op in zipf_ops},
        "memory": zipf_memory, "kwic_lookups": lookups["zipf"], "explorers": zipf_explorer,
        "targets": targets(zipf_ops, zipf_memory, None, None, lookups["zipf"], zipf_explorer)}
    report["shapes"] = shapes
    kwic_ratio = {name: o["operations"]["kwic"]["seconds"]["ours"]
                  / o["operations"]["count"]["seconds"]["ours"]
                  for name, o in (("course", report), ("zipf", report["zipf"]))}
    report["kwic_to_count"] = kwic_ratio   # the whole of it: corpus, index and 20 lookups
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print()
    print(render(report))
    print(f"\nWrote {out}")
    return 0 if all(op.result.ok for op in ops + zipf_ops) else 1


def _nltk_version() -> str:
    import nltk
    return nltk.__version__


if __name__ == "__main__":
    sys.exit(main())
