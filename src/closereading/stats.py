"""Text statistics, as plain functions that learners can read.

Everything here works on plain data (strings, lists, counters) and returns plain data;
the tables at the end of the module (``summary_table`` and the like) are thin views over
those results. The same tokenizer serves every statistic. The rules each statistic follows
are written out in :data:`RULES`, which the notebooks display with :func:`rules`.

What counts as a word (the tokenizer's rules):

* A word is a run of letters or digits: ``China``, ``21st``, ``2011``.
* A hyphen or an apostrophe *between* two such runs joins them into one word:
  ``good-neighborly``, ``win-win``, ``non-traditional``, ``sub-regional``.
* So a possessive stays attached: ``UN's`` and ``China's`` are single words, distinct
  from ``UN`` and ``China``. (Counting ``China's`` as ``China`` is a choice a reader may
  prefer; here the text's own forms are kept, and no letter is ever dropped.)
* Everything else separates words and is not counted: spaces, punctuation, and the
  double dash ``--`` that opens the headings and sets off "the Earth".
* Counting is case-insensitive: words are lower-cased before they are counted.
"""

from __future__ import annotations

import heapq
import math
import re
import statistics
from array import array
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, groupby, repeat
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_WORD_PIECES = re.compile(f"({WORD.pattern})")   # split() keeps the words between the gaps

# The rules of every statistic, in words. The notebooks show them (``rules("words")``), so
# what a learner reads is what the code does; the tests check the examples.
RULES: dict[str, tuple[str, list[str]]] = {
    "words": ("What counts as a word", [
        "A word is a run of letters or digits: China, 21st, 2011.",
        "A hyphen or an apostrophe between two such runs joins them into one word: "
        "good-neighborly, win-win, non-traditional, sub-regional.",
        "So a possessive stays attached: UN's and China's are single words, distinct from UN "
        "and China. No letter is ever dropped.",
        "Everything else separates words and is not counted: spaces, punctuation, and the "
        "double dash -- of the headings.",
        "Counts are case-insensitive: words are lower-cased before they are counted, so "
        "'Countries' and 'countries' are one word.",
    ]),
    "sentences": ("What counts as a sentence", [
        "A paragraph break always ends a sentence (so a paragraph that ends with a colon "
        "ends a sentence too).",
        "Inside a paragraph, a sentence ends at '.', '!' or '?' (closing quotation marks or "
        "brackets may follow), when a space comes next and the next word does not begin "
        "with a lower-case letter.",
        "A full stop after a single letter (an initial, as in 'J.') or after a listed "
        "abbreviation (Mr, Mrs, Ms, Dr, Prof, St, e.g, i.e, cf, vs, etc, U.S, U.N, U.K) does "
        "not end a sentence.",
        "A stretch without any word is not a sentence.",
    ]),
    "stopwords": ("Stopwords", [
        "Stopwords are left out only where a table says so (top words, and the frequency "
        "explorer when the box is ticked); every other count keeps every word.",
        "The list is materials/stopwords.txt: grammatical words (articles, pronouns, "
        "prepositions, conjunctions, forms of be, have and do). Its comment lines say what "
        "is in it and why; modal verbs such as 'should' and 'will', negations and words of "
        "quantity such as 'all' and 'other' are kept on purpose.",
    ]),
    "frequencies": ("Frequencies", [
        "A word's frequency is the number of times it occurs (its tokens).",
        "Per 1,000 words = frequency / number of words x 1,000: this lets texts of "
        "different lengths be compared.",
        "Types are the different words; the type-token ratio is types / tokens. It falls as "
        "a text grows, so compare it only between texts of similar length.",
        "Hapax legomena are the words that occur exactly once.",
    ]),
    "kwic": ("Keyword in context (KWIC)", [
        "The query is cut into words by the same rule as the text, so punctuation in a query "
        "is ignored and any characters are safe; a query with no word finds nothing.",
        "A query of several words is a phrase: its words must follow each other in one "
        "paragraph.",
        "Matching is case-insensitive and whole-word: 'secure' does not find 'security'.",
        "The window is the number of words shown on each side, within the paragraph.",
    ]),
    "dispersion": ("Dispersion", [
        "The position of a word is its number in the whole text, counting from the first "
        "word of the introduction (0).",
        "Section boundaries are the positions where each section's first word falls.",
    ]),
    "collocations": ("Collocations", [
        "Candidates are pairs of adjacent words (bigrams) inside a paragraph; pairs seen "
        "fewer times than the minimum frequency are left out.",
        "Log-likelihood (G2) compares how often the pair occurs with how often it would if "
        "the two words were independent: G2 = 2 x sum of observed x ln(observed / expected) "
        "over the four cells of the 2 x 2 table. The row and column totals are the two "
        "words' frequencies and the grand total is the number of words (the usual "
        "approximation, also NLTK's). In a degenerate text where one word fills nearly "
        "everything, a cell can come out empty or negative under this approximation: such "
        "a cell adds 0.",
        "PMI (pointwise mutual information) = log2(pair count x words / (count of first x "
        "count of second)). PMI favours rare pairs, so it needs a minimum frequency.",
    ]),
    "keyness": ("Keyness", [
        "A section (the target) is compared with the rest of the text (the reference).",
        "a and b are the word's counts in target and reference, c and d their sizes in "
        "words. Expected counts: E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d). Log-likelihood: "
        "G2 = 2(a ln(a/E1) + b ln(b/E2)), a term with a zero count being 0.",
        "G2 above 3.84 is conventionally read as p < 0.05 and above 6.63 as p < 0.01, for "
        "one word tested alone; with hundreds of words tested, some pass by chance.",
        "Log ratio (the effect size) = log2((a/c) / (b/d)), a zero count being replaced by "
        "0.5: +1 means twice as frequent in the target, -1 half as frequent.",
    ]),
    "readability": ("Readability", [
        "Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x "
        "(syllables / words): higher is easier; 60 to 70 is plain English, below 30 is "
        "very difficult.",
        "Flesch-Kincaid grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - "
        "15.59: roughly a US school grade.",
        "Syllables are estimated, not looked up: each group of vowels (a, e, i, o, u, y) "
        "counts one; a final 'e' after a consonant is silent and does not count (state, "
        "peace), except in '-le' after a consonant (table); nor does a final '-ed' after a "
        "consonant other than 't' or 'd' (formed, but not united); every word has at least "
        "one syllable, and the parts of a hyphenated word are counted separately.",
    ]),
}


def rules(*names: str):
    """The rules of one or more statistics, as a displayable list (HTML and text)."""
    from closereading.html import Rich, esc
    names = names or tuple(RULES)
    html, text = [], []
    for name in names:
        if name not in RULES:
            raise KeyError(f"no rules named {name!r} (known: {', '.join(RULES)})")
        title, items = RULES[name]
        html.append(f"<p><strong>{esc(title)}</strong></p><ul>"
                    + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")
        text.append(title + ":\n" + "\n".join(f"  - {i}" for i in items))
    return Rich("<div>" + "".join(html) + "</div>", "\n".join(text))


# ---------------------------------------------------------------------------------------
# Words and sentences


def tokenize(text: str) -> list[str]:
    """The words of a text, as they are written (case kept)."""
    return WORD.findall(text)


def words(text: str) -> list[str]:
    """The words of a text, lower-cased: what every count is made of."""
    if text.isascii():
        # The same result, faster: lower-casing ASCII text changes no word boundary.
        return WORD.findall(text.lower())
    return [w.lower() for w in WORD.findall(text)]


_SPACE = re.compile(r"\s")
_CHUNK = 1 << 16   # characters


def chunks(text: str, size: int = _CHUNK):
    """The text in pieces of about ``size`` characters, each cut at a space: no word is
    ever cut, since no word contains a space."""
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + size) if start + size < len(text) else None
        end = space.start() if space else len(text)
        yield text[start:end]
        start = end


def count_words(text: str) -> Counter:
    """How many times each (lower-cased) word occurs in a text. The text is counted a
    piece at a time, so that a long text needs little memory beyond the counts."""
    counts = Counter()
    for piece in chunks(text):
        counts.update(words(piece))
    return counts


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A candidate sentence end. It starts only at the first mark of a run of marks (the
# look-behind), so that a long run of marks not followed by a space costs its length once,
# not its length squared.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'\u2019\u201d)\]]*(?=\s)")
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "e.g", "i.e", "cf", "vs",
                           "etc", "u.s", "u.n", "u.k"})
_LAST_WORD = re.compile(r"([^\W\d_](?:\.?[^\W\d_])*)$")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
# How far back from a full stop to look for its word. Only a single letter or a listed
# abbreviation can keep a full stop from ending a sentence, so a word that runs to the
# edge of this window (longer than any abbreviation) can be neither, and the search never
# needs to look further: each full stop costs a constant, whatever the length of the
# text or of its words.
_LOOK_BACK = max(map(len, ABBREVIATIONS)) + 2


def _ends_sentence(paragraph: str, match: re.Match) -> bool:
    stop = match.start()
    if paragraph[stop] == ".":
        begin = max(0, stop - _LOOK_BACK)
        before = _LAST_WORD.search(paragraph, begin, stop)
        if before and (before.start() > begin or begin == 0):   # the whole word is seen
            word = before.group(1)
            if len(word) == 1 or word.lower() in ABBREVIATIONS:
                return False
    after = _NEXT_CHARACTER.match(paragraph, match.end())
    return after is None or not after.group(1).islower()


def sentences(text: str) -> list[str]:
    """The sentences of a text, by the rules in ``RULES["sentences"]``. The time it takes
    grows in proportion to the text, whatever its shape."""
    result = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        start = 0
        for m in _SENTENCE_END.finditer(paragraph):
            if _ends_sentence(paragraph, m):
                result.append(paragraph[start:m.end()])
                start = m.end()
        result.append(paragraph[start:])
    return [" ".join(s.split()) for s in result if WORD.search(s)]


def sentence_lengths(text: str) -> list[int]:
    """The number of words in each sentence."""
    return [len(words(s)) for s in sentences(text)]


# ---------------------------------------------------------------------------------------
# Stopwords


class StopwordsError(ValueError):
    """A line of the stopword list is not one word. The message names file and line."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {self}"]


def parse_stopwords(content: str, path: str = "<stopwords>") -> frozenset[str]:
    """Read a stopword list: one word per line, lower-cased; '#' starts a comment."""
    found = set()
    for number, line in enumerate(content.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if WORD.fullmatch(entry) is None:
            raise StopwordsError(f"{path}, line {number}: {entry!r} is not one word by the "
                                 "course's rules (one word per line, '#' for comments)")
        found.add(entry.lower())
    return frozenset(found)


def stopwords_path() -> Path:
    from closereading.paths import materials_dir
    return materials_dir() / "stopwords.txt"


@lru_cache(maxsize=8)
def _stopwords_cached(path: str, mtime: float) -> frozenset[str]:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StopwordsError(f"{path}: cannot read the stopword list ({exc})") from None
    return parse_stopwords(content, _display(path))


def _display(path) -> str:
    from closereading.materials import display_path
    return display_path(path)


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The stopword list (``materials/stopwords.txt`` unless a path is given); re-read
    when the file changes."""
    path = Path(path) if path is not None else stopwords_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise StopwordsError(f"{_display(path)}: the stopword list is missing") from None
    return _stopwords_cached(str(path), mtime)


# ---------------------------------------------------------------------------------------
# Counts


def frequencies(tokens: Iterable[str]) -> Counter:
    """How many times each token occurs."""
    return Counter(tokens)


def per_thousand(count: int, total: int) -> float:
    """A count per 1,000 words of a text of ``total`` words (0 for an empty text)."""
    return 1000 * count / total if total else 0.0


def ranked(counts: Counter) -> list[tuple[str, int]]:
    """(word, count) pairs, most frequent first; ties in alphabetical order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def top_words(tokens: Iterable[str] | Counter, n: int = 10,
              stopwords: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """The ``n`` most frequent words, leaving out ``stopwords`` (none by default): what
    :func:`top_words_simple` gives, found without sorting every word (a test checks that
    the two agree)."""
    counts = tokens if isinstance(tokens, Counter) else Counter(tokens)
    leave_out = set(stopwords or ())
    if n <= 0 or not counts:
        return []
    # Only a word at least as frequent as the (n + s)-th commonest, s being the number of
    # stopwords, can be among the n commonest words that are kept: of the n + s commonest,
    # at most s are left out. So only those words are sorted.
    floor = heapq.nlargest(n + len(leave_out), counts.values())[-1]
    candidates = {w: c for w, c in counts.items() if c >= floor and w not in leave_out}
    return ranked(candidates)[:n]


def top_words_simple(tokens: Iterable[str] | Counter, n: int = 10,
                     stopwords: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """What :func:`top_words` gives, the plain way: every word ranked, the stopwords
    left out, the first ``n`` kept."""
    counts = tokens if isinstance(tokens, Counter) else Counter(tokens)
    leave_out = set(stopwords or ())
    return [(w, c) for w, c in ranked(counts) if w not in leave_out][:max(n, 0)]


def hapaxes(tokens: Iterable[str] | Counter) -> list[str]:
    """The words that occur exactly once, in alphabetical order."""
    counts = tokens if isinstance(tokens, Counter) else Counter(tokens)
    return sorted(w for w, c in counts.items() if c == 1)


def type_token_ratio(tokens: Sequence[str]) -> float:
    return len(set(tokens)) / len(tokens) if tokens else 0.0


@dataclass(frozen=True)
class Summary:
    """The summary counts of a text."""
    tokens: int
    types: int
    hapaxes: int
    sentences: int
    mean_sentence: float
    median_sentence: float
    longest_sentence: int
    shortest_sentence: int

    @property
    def type_token_ratio(self) -> float:
        return self.types / self.tokens if self.tokens else 0.0


def summarize(text: str) -> Summary:
    """Words, types, hapax legomena and sentence lengths of a text."""
    tokens = words(text)
    counts = Counter(tokens)
    lengths = sentence_lengths(text)
    return Summary(tokens=len(tokens), types=len(counts),
                   hapaxes=sum(1 for c in counts.values() if c == 1),
                   sentences=len(lengths),
                   mean_sentence=statistics.fmean(lengths) if lengths else 0.0,
                   median_sentence=float(statistics.median(lengths)) if lengths else 0.0,
                   longest_sentence=max(lengths, default=0),
                   shortest_sentence=min(lengths, default=0))


def length_distribution(lengths: Iterable[int], width: int = 10) -> list[tuple[int, int, int]]:
    """Sentence lengths in bins of ``width`` words: (from, to, how many), empty bins kept."""
    if width < 1:
        raise ValueError("the bin width must be at least 1 word")
    lengths = list(lengths)
    if not lengths:
        return []
    counts = Counter((n - 1) // width for n in lengths if n > 0)
    top = max(counts, default=0)
    return [(b * width + 1, (b + 1) * width, counts.get(b, 0)) for b in range(top + 1)]


# ---------------------------------------------------------------------------------------
# The text as a sequence of words, each with its paragraph and section


@dataclass(frozen=True)
class Paragraph:
    id: str
    section: str
    text: str
    start: int   # position of its first word in the whole text
    end: int     # position after its last word


@dataclass(frozen=True)
class SectionSpan:
    id: str
    title: str
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def label(self) -> str:
        return f"{self.id}. {short_title(self.title)}"


def short_title(title: str, limit: int = 34) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "\u2026"


class Corpus:
    """A text cut into words, with the paragraph and the section of every word.

    ``paragraphs`` is a sequence of (paragraph id, section id, text); ``titles`` maps
    section ids to titles. ``corpus.words`` is the list of lower-cased words of the whole
    text; a word's position is its index in that list.
    """

    def __init__(self, paragraphs: Iterable[tuple[str, str, str]],
                 titles: dict[str, str] | None = None, name: str = "text"):
        titles = dict(titles or {})
        self.name = name
        self.words: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.sections: list[SectionSpan] = []
        canonical: dict[str, str] = {}   # one string object per word: less memory
        for pid, sid, text in paragraphs:
            start = len(self.words)
            found = words(text)
            self.words.extend(map(canonical.setdefault, found, found))
            self.paragraphs.append(Paragraph(str(pid), str(sid), text, start, len(self.words)))
            if not self.sections or self.sections[-1].id != str(sid):
                self.sections.append(SectionSpan(str(sid), titles.get(str(sid), f"Section {sid}"),
                                                 start, start))
            last = self.sections[-1]
            self.sections[-1] = SectionSpan(last.id, last.title, last.start, len(self.words))
        self._starts = [p.start for p in self.paragraphs]
        self._word_index: WordIndex | None = None
        self._counts: dict[str | None, Counter] = {}

    @classmethod
    def from_document(cls, doc) -> "Corpus":
        """A corpus of a parsed :class:`closereading.text.Document`."""
        return cls(((p.id, s.id, p.text) for s in doc.sections for p in s.paragraphs),
                   {s.id: s.title for s in doc.sections}, doc.name)

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        return (f"<Corpus {self.name}: {len(self.words)} words, {len(self.paragraphs)} "
                f"paragraphs, {len(self.sections)} sections>")

    def section(self, sid) -> SectionSpan:
        for s in self.sections:
            if s.id == str(sid):
                return s
        raise KeyError(f"no section {sid!r} in {self.name} "
                       f"(sections: {', '.join(s.id for s in self.sections)})")

    def section_words(self, sid) -> list[str]:
        s = self.section(sid)
        return self.words[s.start:s.end]

    def rest_words(self, sid) -> list[str]:
        """Every word outside one section: the reference that keyness compares it with."""
        s = self.section(sid)
        return self.words[:s.start] + self.words[s.end:]

    def counts(self, sid=None) -> Counter:
        """How many times each word occurs in a section (or, without ``sid``, in the whole
        text); counted on first use and kept. Do not change the counter it returns."""
        key = None if sid is None else self.section(sid).id
        if key not in self._counts:
            self._counts[key] = Counter(self.words if key is None else self.section_words(key))
        return self._counts[key]

    def section_text(self, sid) -> str:
        return "\n\n".join(p.text for p in self.paragraphs if p.section == str(sid))

    def paragraph_number(self, position: int) -> int:
        """The index (in ``paragraphs``) of the paragraph that holds the word at ``position``."""
        if not 0 <= position < len(self.words):
            raise IndexError(f"no word at position {position} (the text has {len(self.words)})")
        return bisect_right(self._starts, position) - 1

    def paragraph_at(self, position: int) -> Paragraph:
        """The paragraph that holds the word at ``position``."""
        return self.paragraphs[self.paragraph_number(position)]

    @property
    def word_index(self) -> "WordIndex":
        """The index of the text (:class:`WordIndex`), built on first use and kept."""
        if self._word_index is None:
            self._word_index = WordIndex(self)
        return self._word_index

    @property
    def index(self) -> dict[str, list[int]]:
        """Every word with the list of its positions (built on first use)."""
        return self.word_index.positions

    def find(self, query: str) -> list[int]:
        """The positions where a word or phrase starts (whole words, any case, within
        one paragraph); ``[]`` for a query with no word."""
        return self.word_index.find(words(query))


# The index keeps its numbers in 4 bytes below this, in 8 from it on.
_NARROW_LIMIT = 2**31


class WordIndex:
    """An index of a corpus, built once: every word with the list of its positions, and
    where every word starts and ends in its paragraph's text. With it, finding a word and
    cutting its contexts out of the text cost in proportion to the hits, not to the text.
    :func:`kwic_simple` finds the same hits without an index, the plain way.

    * ``positions[word]``: the positions of ``word``, in order;
    * ``starts[i]``, ``ends[i]``: where the word at position ``i`` starts and ends in its
      paragraph's text;
    * ``paragraph_of[i]``: the number (in ``corpus.paragraphs``) of its paragraph;
    * ``tidy[n]``: whether paragraph ``n`` holds white space other than single spaces,
      which contexts show as single spaces.

    ``starts``, ``ends`` and ``paragraph_of`` are NumPy arrays (of 4-byte numbers where
    the text allows), so that a lookup works out where all its contexts start and end at
    once.
    """

    def __init__(self, corpus: Corpus):
        import numpy as np
        self.corpus = corpus
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(corpus.words):
            try:
                positions[word].append(position)
            except KeyError:
                positions[word] = [position]
        self.positions = positions
        # Four bytes a number, unless a paragraph or the text is too long for that.
        longest = max((len(p.text) for p in corpus.paragraphs), default=0)
        code, kind = (("i", np.int32) if max(longest, len(corpus.words)) < _NARROW_LIMIT
                      else ("q", np.int64))
        # Where the words start and end: the text cut into gap, word, gap, word, ..., gap,
        # and the lengths of the pieces added up (no match object per word): the sums
        # are, in turn, a word's start and its end, and last the text's length.
        starts, ends, paragraph_of = array(code), array(code), array(code)
        tidy = bytearray()
        for number, para in enumerate(corpus.paragraphs):
            pieces = _WORD_PIECES.split(para.text)
            if len(pieces) // 2 != para.end - para.start:     # never, by construction
                raise ValueError(f"paragraph {para.id}: the words and the index disagree")
            sums = list(accumulate(map(len, pieces)))
            starts.extend(sums[0:-1:2])
            ends.extend(sums[1::2])
            paragraph_of.extend(repeat(number, para.end - para.start))
            tidy.append("  " in para.text or not para.text.isprintable())
        # The arrays' memory, seen by NumPy (no copy).
        self.starts = np.frombuffer(starts, dtype=kind)
        self.ends = np.frombuffer(ends, dtype=kind)
        self.paragraph_of = np.frombuffer(paragraph_of, dtype=kind)
        self.tidy = bytes(tidy)
        self._tidy = np.frombuffer(self.tidy, dtype=np.bool_)
        # What a hit needs of its paragraph: where its words start and end, its text, its
        # id and its section's id (arrays of objects: taken for all the hits at once).
        paras = corpus.paragraphs
        self._first = np.array([p.start for p in paras], dtype=np.int64)
        self._end = np.array([p.end for p in paras], dtype=np.int64)
        self._texts, self._ids, self._sections = (
            np.array([getattr(p, f) for p in paras], dtype=object)
            for f in ("text", "id", "section"))

    def find(self, wanted: Sequence[str]) -> list[int]:
        """The positions where the words ``wanted`` (lower-cased) follow each other in
        one paragraph. A phrase is looked up by its rarest word, so the cost follows
        that word's hits."""
        if not wanted:
            return []
        positions = self.positions
        if len(wanted) == 1:
            return list(positions.get(wanted[0], ()))
        import numpy as np
        k = len(wanted)
        offset = min(range(k), key=lambda o: len(positions.get(wanted[o], ())))
        # Where the phrase would start, for each hit of its rarest word: inside the text,
        # and with its first and last words in one paragraph.
        at = np.fromiter(positions.get(wanted[offset], ()), dtype=np.int64) - offset
        at = at[(at >= 0) & (at + k <= len(self.paragraph_of))]
        at = at[self.paragraph_of[at] == self.paragraph_of[at + (k - 1)]]
        words, wanted = self.corpus.words, list(wanted)
        return [i for i in at.tolist() if words[i:i + k] == wanted]

    def contexts(self, positions: Iterable[int], k: int, window: int) -> list[Hit]:
        """The hits at ``positions`` for a query of ``k`` words, with ``window`` words on
        each side within the paragraph: three slices of its paragraph's text for each.
        Where the slices start and end is worked out for all the hits at once (NumPy), so
        the loop over the hits only cuts the text."""
        import numpy as np
        # A window wider than the text is the whole paragraph: clipped, it fits NumPy's
        # 64-bit numbers whatever the caller asked for.
        window = min(max(window, 0), len(self.paragraph_of))
        at = np.fromiter(positions, dtype=np.int64)
        if not len(at):
            return []
        number = self.paragraph_of[at]
        last = at + (k - 1)
        # The context's first word and its last, within the paragraph.
        first = np.maximum(at - window, self._first[number])
        far = np.minimum(last + window, self._end[number] - 1)
        make = tuple.__new__
        hits = [make(Hit, (pid, sid, i, text[a:b].rstrip(), text[b:c], text[c:d].lstrip()))
                for text, pid, sid, i, a, b, c, d in zip(
                    self._texts[number].tolist(), self._ids[number].tolist(),
                    self._sections[number].tolist(), at.tolist(),
                    self.starts[first].tolist(), self.starts[at].tolist(),
                    self.ends[last].tolist(), self.ends[far].tolist())]
        # In a paragraph with untidy white space, any white space shows as one space.
        for j in np.flatnonzero(self._tidy[number]).tolist():
            hit = hits[j]
            hits[j] = hit._replace(**{f: " ".join(getattr(hit, f).split())
                                      for f in ("left", "match", "right")})
        return hits


@lru_cache(maxsize=1)
def course_corpus() -> Corpus:
    """The course text as a :class:`Corpus` (cached)."""
    from closereading import text
    return Corpus.from_document(text.load())


def _corpus(corpus) -> Corpus:
    return course_corpus() if corpus is None else corpus


# ---------------------------------------------------------------------------------------
# Keyword in context


class Hit(NamedTuple):
    """One occurrence of a query: where it is, and the words around it as written."""
    paragraph: str
    section: str
    position: int
    left: str
    match: str
    right: str


def kwic(query: str, window: int = 5, section=None, corpus: Corpus | None = None) -> list[Hit]:
    """Every occurrence of a word or phrase, with ``window`` words on each side.

    Whole words, case-insensitive; a phrase stays within one paragraph; the context is the
    paragraph's own text (punctuation included), cut at the paragraph's edges. Any query is
    safe: it is cut into words by the tokenizer, and one with no word finds nothing.
    """
    corpus = _corpus(corpus)
    window = max(int(window), 0)
    wanted = words(query)
    index = corpus.word_index
    positions = index.find(wanted)
    if section is not None:
        span = corpus.section(section)
        positions = [i for i in positions if span.start <= i < span.end]
    with _no_cycle_collection():
        return index.contexts(positions, len(wanted), window)


def kwic_simple(query: str, window: int = 5, section=None,
                corpus: Corpus | None = None) -> list[Hit]:
    """The same hits as :func:`kwic`, found the plain way: every paragraph is read word
    by word and compared with the query. Each search reads the whole text, so on a long
    text :func:`kwic` (which looks the words up in an index built once) is much faster;
    a test checks that the two always agree."""
    corpus = _corpus(corpus)
    window = max(int(window), 0)
    wanted = words(query)
    k = len(wanted)
    span = corpus.section(section) if section is not None else None
    hits = []
    if k == 0:
        return hits
    for para in corpus.paragraphs:
        found = list(WORD.finditer(para.text))          # each word, where it starts and ends
        lowered = [m.group().lower() for m in found]
        for j in range(len(found) - k + 1):
            position = para.start + j
            if lowered[j:j + k] != wanted:
                continue
            if span is not None and not span.start <= position < span.end:
                continue
            first = max(j - window, 0)                  # the context's first word
            last = min(j + k - 1 + window, len(found) - 1)   # and its last
            left = para.text[found[first].start():found[j].start()]
            match = para.text[found[j].start():found[j + k - 1].end()]
            right = para.text[found[j + k - 1].end():found[last].end()]
            # White space of any kind is shown as single spaces.
            hits.append(Hit(para.id, para.section, position, " ".join(left.split()),
                            " ".join(match.split()), " ".join(right.split())))
    return hits


class _no_cycle_collection:
    """Pause the cyclic garbage collector while many small objects that form no cycle
    (tuples of strings) are made: otherwise each pass of the collector walks every object
    of a large corpus again, and that, not the hits, would dominate the time."""

    def __enter__(self):
        import gc
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self._was:
            import gc
            gc.enable()
        return False


def hits_per_section(hits: Iterable[Hit], corpus: Corpus | None = None
                     ) -> list[tuple[SectionSpan, int, float]]:
    """For each section: the section, its number of hits, and hits per 1,000 words."""
    corpus = _corpus(corpus)
    counts = Counter(h.section for h in hits)
    return [(s, counts.get(s.id, 0), per_thousand(counts.get(s.id, 0), s.size))
            for s in corpus.sections]


# ---------------------------------------------------------------------------------------
# Dispersion


@dataclass(frozen=True)
class Dispersion:
    terms: tuple[str, ...]
    positions: dict[str, list[int]]
    total: int
    sections: tuple[SectionSpan, ...]


def dispersion(terms: Iterable[str], corpus: Corpus | None = None) -> Dispersion:
    """Where each term (word or phrase) occurs across the text, with section boundaries."""
    corpus = _corpus(corpus)
    terms = tuple(dict.fromkeys(t.strip() for t in terms if t.strip()))
    return Dispersion(terms, {t: corpus.find(t) for t in terms}, len(corpus),
                      tuple(corpus.sections))


# ---------------------------------------------------------------------------------------
# Collocations


@dataclass(frozen=True)
class Collocation:
    first: str
    second: str
    count: int
    score: float

    @property
    def pair(self) -> str:
        return f"{self.first} {self.second}"


def _xlnx(observed: float, expected: float) -> float:
    """observed x ln(observed / expected); a cell with nothing observed (or expected) adds 0."""
    return observed * math.log(observed / expected) if observed > 0 and expected > 0 else 0.0


def bigram_log_likelihood(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    """G2 of a bigram from its 2 x 2 table: the pair's count, the first word's count, the
    second word's count and the number of words."""
    n_io, n_oi = n_ix - n_ii, n_xi - n_ii
    n_oo = n_xx - n_ii - n_io - n_oi
    cells = ((n_ii, n_ix, n_xi), (n_io, n_ix, n_xx - n_xi),
             (n_oi, n_xx - n_ix, n_xi), (n_oo, n_xx - n_ix, n_xx - n_xi))
    return 2 * sum(_xlnx(obs, row * col / n_xx) for obs, row, col in cells)


def bigram_pmi(n_ii: int, n_ix: int, n_xi: int, n_xx: int) -> float:
    """Pointwise mutual information of a bigram, in bits."""
    return math.log2(n_ii * n_xx) - math.log2(n_ix * n_xi)


MEASURES = {"log-likelihood": bigram_log_likelihood, "pmi": bigram_pmi}


def bigram_counts(units: Iterable[Sequence[str]]) -> tuple[Counter, Counter, int]:
    """Pair counts within each unit, word counts and the number of words."""
    pairs, counts, total = Counter(), Counter(), 0
    for unit in units:
        pairs.update(zip(unit, unit[1:]))
        counts.update(unit)
        total += len(unit)
    return pairs, counts, total


def collocations(units: Iterable[Sequence[str]] | Sequence[str], measure: str = "log-likelihood",
                 min_freq: int = 2, n: int | None = None,
                 stopwords: Iterable[str] | None = None) -> list[Collocation]:
    """Bigrams ranked by ``measure`` ("log-likelihood" or "pmi"), best first (ties in
    alphabetical order), among pairs seen at least ``min_freq`` times. ``units`` is one
    list of words or several (e.g. paragraphs); pairs never cross from one unit to the
    next. With ``stopwords``, pairs containing one are left out after scoring."""
    try:
        score = MEASURES[measure]
    except KeyError:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}") from None
    units = list(units)
    if units and isinstance(units[0], str):
        units = [units]
    pairs, counts, total = bigram_counts(units)
    leave_out = set(stopwords or ())
    scored = [Collocation(a, b, c, score(c, counts[a], counts[b], total))
              for (a, b), c in pairs.items()
              if c >= min_freq and a not in leave_out and b not in leave_out]
    scored.sort(key=lambda x: (-x.score, x.first, x.second))
    return scored if n is None else scored[:n]


def paragraph_units(corpus: Corpus | None = None, section=None) -> list[list[str]]:
    """The words of each paragraph (of one section, or all): units for collocations."""
    corpus = _corpus(corpus)
    return [corpus.words[p.start:p.end] for p in corpus.paragraphs
            if section is None or p.section == str(section)]


# ---------------------------------------------------------------------------------------
# Keyness


class Keyword(NamedTuple):
    """One word's keyness. (A named tuple, like :class:`Hit`: a text of many different
    words has hundreds of thousands of them, and a tuple is quick to make and small.)"""
    word: str
    count: int        # in the target
    ref_count: int    # in the reference
    g2: float         # log-likelihood
    log_ratio: float  # effect size, in binary logarithms

    @property
    def overused(self) -> bool:
        """More frequent (relative to size) in the target than in the reference."""
        return self.log_ratio > 0


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G2 of a word seen ``a`` times in a target of ``c`` words and ``b`` times in a
    reference of ``d`` words."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    return 2 * (_xlnx(a, e1) + _xlnx(b, e2))


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """log2 of the ratio of relative frequencies; a zero count counts as 0.5."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def keyness(target: Iterable[str] | Counter, reference: Iterable[str] | Counter,
            min_freq: int = 1, stopwords: Iterable[str] | None = None) -> list[Keyword]:
    """Every word of the target and the reference with its G2 and log ratio, sorted by
    G2 (largest first), words more frequent in the target before the others on ties,
    then alphabetically. Words seen fewer than ``min_freq`` times in both are left out."""
    tc = target if isinstance(target, Counter) else Counter(target)
    rc = reference if isinstance(reference, Counter) else Counter(reference)
    c, d = sum(tc.values()), sum(rc.values())
    if not c or not d:
        raise ValueError("keyness needs a target and a reference with at least one word each")
    leave_out = set(stopwords or ())
    result = []
    for word in tc.keys() | rc.keys():
        a, b = tc.get(word, 0), rc.get(word, 0)
        if word in leave_out or (a < min_freq and b < min_freq):
            continue
        result.append(Keyword(word, a, b, log_likelihood(a, b, c, d), log_ratio(a, b, c, d)))
    result.sort(key=lambda k: (-k.g2, -k.log_ratio, k.word))
    return result


def keyness_each(units: Sequence[Iterable[str]], min_freq: int = 1) -> list[list[Keyword]]:
    """Keyness of each unit (a section, say) against all the others together: the words
    are counted once per unit, and the reference is the total minus the unit.

    The result is ``keyness(unit, total - unit)`` for each unit, computed by
    :func:`keyness_against_total`, which gives the same list faster on a large
    vocabulary (a test checks that the two agree)."""
    counts = [Counter(u) for u in units]
    total = Counter()
    for c in counts:
        total.update(c)
    if all(min(c.values(), default=1) > 0 for c in counts):   # always, for lists of words
        return [keyness_against_total(c, total, min_freq=min_freq) for c in counts]
    return [keyness(c, total - c, min_freq=min_freq) for c in counts]


# Keyness of a large vocabulary: the same results as keyness(), in less time.


def keyness_against_total(target: Counter, total: Counter, min_freq: int = 1) -> list[Keyword]:
    """The same list as ``keyness(target, total - target, min_freq)``, where ``target``
    holds a unit's word counts and ``total`` those of the whole text (the unit and its
    reference together), every count above 0. It is faster on a text of many different
    words, for two reasons:

    * a word's G2 and log ratio depend only on its two counts, a and b (c and d are the
      same for every word), and in a real vocabulary most words share their pair of
      counts with many others (thousands of words occur once). So the words are grouped
      by their pair of counts, and each pair is scored once, by :func:`log_likelihood`
      and :func:`log_ratio` themselves: the scores are the very same numbers;
    * the groups are sorted by their scores, and only the words of equal scores are then
      sorted alphabetically: the order of :func:`keyness`, with far fewer comparisons.

    The reference's counts are never formed: a word's count there is its total minus its
    count in the target."""
    c = sum(target.values())
    d = sum(total.values()) - c
    if not c or not d:
        raise ValueError("keyness needs a target and a reference with at least one word each")
    with _no_cycle_collection():        # many small tuples, which form no cycle
        by_counts = _words_by_counts(target, total)
        scores = {(a, b): (log_likelihood(a, b, c, d), log_ratio(a, b, c, d))
                  for a, b in by_counts if a >= min_freq or b >= min_freq}
        # Largest G2 first, then the larger log ratio, as keyness() sorts.
        ranked_pairs = sorted(scores, key=lambda pair: (-scores[pair][0], -scores[pair][1]))
        return list(_keywords(ranked_pairs, scores, by_counts))


def _words_by_counts(target: Counter, total: Counter) -> dict[tuple[int, int], list[str]]:
    """Every word of ``total`` under its pair of counts: (in the target, in the rest)."""
    in_target = target.get
    by_counts: dict[tuple[int, int], list[str]] = {}
    for word, both in total.items():
        a = in_target(word, 0)
        pair = (a, both - a)
        group = by_counts.get(pair)
        if group is None:
            by_counts[pair] = [word]
        else:
            group.append(word)
    return by_counts


def _keywords(ranked_pairs, scores, by_counts):
    """The keywords of :func:`keyness_against_total`, in order: the words of each pair of
    counts alphabetically, made a group at a time (``tuple.__new__`` makes a named tuple
    without a call to Python code)."""
    make = partial(tuple.__new__, Keyword)
    for (g2, ratio), pairs in groupby(ranked_pairs, key=scores.__getitem__):
        pairs = list(pairs)
        if len(pairs) == 1:     # the rule: no other pair of counts has the same scores
            (a, b), = pairs
            found = sorted(by_counts[a, b])
            yield from map(make, zip(found, repeat(a), repeat(b), repeat(g2), repeat(ratio)))
        else:                   # the words of every pair with these scores, alphabetically
            tied = sorted((w, a, b) for a, b in pairs for w in by_counts[a, b])
            yield from (make((w, a, b, g2, ratio)) for w, a, b in tied)


def section_keywords(section, n: int = 10, corpus: Corpus | None = None,
                     min_freq: int = 2, stopwords: Iterable[str] | None = None) -> list[Keyword]:
    """The words most distinctive of one section against the rest of the text: those more
    frequent there, ranked by G2."""
    corpus = _corpus(corpus)
    found = keyness(corpus.section_words(section), corpus.rest_words(section),
                    min_freq=min_freq, stopwords=stopwords)
    return [k for k in found if k.overused and k.count >= min_freq][:n]


# ---------------------------------------------------------------------------------------
# Readability

_VOWELS = "aeiouy"
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_NOT_A_LETTER = re.compile(r"[^a-z]+")


def syllables(word: str) -> int:
    """An estimate of a word's syllables, by the rule in ``RULES["readability"]``."""
    total = 0
    for part in word.lower().split("-"):
        letters = _NOT_A_LETTER.sub("", part)     # the letters a to z only
        if not letters:
            total += 1 if part else 0
            continue
        count = len(_VOWEL_GROUP.findall(letters))
        if count > 1 and letters[-1] == "e" and letters[-2] not in _VOWELS \
                and not (letters[-2] == "l" and letters[-3] not in _VOWELS):
            count -= 1      # a silent final e: state, peace (but not table)
        elif count > 1 and letters.endswith("ed") and letters[-3] not in _VOWELS + "td":
            count -= 1      # a silent -ed: formed (but not united)
        total += max(count, 1)
    return max(total, 1)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def flesch(self) -> float:
        """Flesch reading ease (higher is easier)."""
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59


def readability(text: str) -> Readability:
    """Counts for the Flesch formulas; a text with no sentence raises ValueError."""
    tokens = words(text)
    n_sentences = len(sentences(text))
    if not tokens or not n_sentences:
        raise ValueError("readability needs at least one sentence")
    return Readability(len(tokens), n_sentences, sum(syllables(w) for w in tokens))


# ---------------------------------------------------------------------------------------
# Tables for the notebooks (HTML in Jupyter, aligned text elsewhere)

KEY_TERMS = ("security", "development", "cooperation", "common", "countries", "china")


def _table(*args, **kwargs):
    from closereading.html import table
    return table(*args, **kwargs)


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def section_rows(corpus: Corpus | None = None) -> list[dict]:
    """Per section (and the whole text last): words, types, sentences and more."""
    corpus = _corpus(corpus)
    rows = []
    for s in corpus.sections:
        text = corpus.section_text(s.id)
        summary = summarize(text)
        rows.append({"id": s.id, "title": s.title, "label": s.label, "summary": summary,
                     "paragraphs": sum(1 for p in corpus.paragraphs if p.section == s.id)})
    whole = "\n\n".join(p.text for p in corpus.paragraphs)
    rows.append({"id": "all", "title": "Whole text", "label": "Whole text",
                 "summary": summarize(whole), "paragraphs": len(corpus.paragraphs)})
    return rows


def summary_table(corpus: Corpus | None = None):
    """Lengths and vocabulary of every section and of the whole text."""
    rows = [(r["label"], r["paragraphs"], r["summary"].tokens, r["summary"].types,
             _f(r["summary"].type_token_ratio, 2), r["summary"].hapaxes,
             r["summary"].sentences, _f(r["summary"].mean_sentence),
             _f(r["summary"].median_sentence))
            for r in section_rows(corpus)]
    return _table(["Section", "Paragraphs", "Words", "Types", "Type-token ratio", "Hapaxes",
                   "Sentences", "Mean words per sentence", "Median"], rows,
                  align=["l"] + ["r"] * 8, caption="Lengths and vocabulary, section by section")


def section_summary(section, corpus: Corpus | None = None):
    """One section beside the whole text: words, types, sentences, sentence length and
    readability."""
    corpus = _corpus(corpus)
    span = corpus.section(section)
    texts = [(span.label, corpus.section_text(span.id)),
             ("Whole text", "\n\n".join(p.text for p in corpus.paragraphs))]
    rows = []
    for label, text in texts:
        s, r = summarize(text), readability(text)
        rows.append((label, s.tokens, s.types, _f(s.type_token_ratio, 2), s.sentences,
                     _f(s.mean_sentence), _f(r.flesch), _f(r.grade)))
    return _table(["", "Words", "Types", "Type-token ratio", "Sentences",
                   "Mean words per sentence", "Flesch reading ease", "Flesch-Kincaid grade"],
                  rows, align=["l"] + ["r"] * 7,
                  caption=f"Section {span.id} in numbers, beside the whole text")


def top_words_table(section=None, n: int = 10, stopwords: bool = True,
                    corpus: Corpus | None = None, top: list[tuple[str, int]] | None = None):
    """The most frequent words of a section (or of the whole text), with and per 1,000.
    ``top``, if given, is what :func:`top_words` gives for the same section, number and
    stopwords (the frequency explorer finds it once, for its table and its chart)."""
    corpus = _corpus(corpus)
    size = len(corpus) if section is None else corpus.section(section).size
    if top is None:
        leave_out = load_stopwords() if stopwords else None
        top = top_words(corpus.counts(section), n, leave_out)
    rows = [(i, w, c, _f(per_thousand(c, size))) for i, (w, c) in enumerate(top, 1)]
    where = "the whole text" if section is None else f"section {corpus.section(section).id}"
    note = "stopwords left out" if stopwords else "every word counted"
    return _table(["Rank", "Word", "Count", "Per 1,000 words"], rows, align=["r", "l", "r", "r"],
                  caption=f"Top {len(rows)} words of {where} ({note})")


def top_words_vs_whole(section, n: int = 10, corpus: Corpus | None = None) -> list[tuple]:
    """A section's top content words: (word, count in section, per 1,000 in the section,
    count in the whole text, per 1,000 in the whole text)."""
    corpus = _corpus(corpus)
    tokens = corpus.section_words(section)
    whole = Counter(corpus.words)
    return [(w, c, per_thousand(c, len(tokens)), whole[w], per_thousand(whole[w], len(corpus)))
            for w, c in top_words(tokens, n, load_stopwords())]


def top_words_vs_whole_table(section, n: int = 10, corpus: Corpus | None = None):
    corpus = _corpus(corpus)
    rows = [(w, c, _f(p), wc, _f(wp), _f(p / wp, 1) + "x")
            for w, c, p, wc, wp in top_words_vs_whole(section, n, corpus)]
    return _table(["Word", "In the section", "Per 1,000 (section)", "In the whole text",
                   "Per 1,000 (whole text)", "Section / whole"], rows,
                  align=["l", "r", "r", "r", "r", "r"],
                  caption=f"Top content words of section {corpus.section(section).id}, "
                          "against the whole text")


def key_terms_rows(terms: Iterable[str] = KEY_TERMS, corpus: Corpus | None = None):
    """Per term: its count and rate per 1,000 words in each section."""
    corpus = _corpus(corpus)
    result = []
    for term in terms:
        hits = kwic(term, 0, corpus=corpus)
        per = hits_per_section(hits, corpus)
        result.append((term, len(hits), per))
    return result


def key_terms_table(terms: Iterable[str] = KEY_TERMS, corpus: Corpus | None = None,
                    sections_only: bool = True):
    """Key terms per 1,000 words in each section (the count in brackets)."""
    corpus = _corpus(corpus)
    data = key_terms_rows(terms, corpus)
    spans = [s for s in corpus.sections if not (sections_only and s.id == "0")] or corpus.sections
    rows = []
    for term, total, per in data:
        cells = {s.id: f"{_f(rate)} ({n})" for s, n, rate in per}
        rows.append([term, total] + [cells[s.id] for s in spans])
    return _table(["Term", "Whole text"] + [f"Section {s.id}" for s in spans], rows,
                  align=["l", "r"] + ["r"] * len(spans),
                  caption="Key terms per 1,000 words in each section (count in brackets)")


def kwic_table(hits: Sequence[Hit], limit: int | None = None, caption: str | None = None):
    shown = list(hits if limit is None else hits[:limit])
    rows = [(h.paragraph, h.left, h.match, h.right) for h in shown]
    return _table(["Paragraph", "Left", "Match", "Right"], rows, align=["l", "r", "l", "l"],
                  caption=caption)


def keyness_table(section, n: int = 10, corpus: Corpus | None = None, min_freq: int = 2):
    corpus = _corpus(corpus)
    span = corpus.section(section)
    found = section_keywords(span.id, n, corpus, min_freq=min_freq)
    rows = [(k.word, k.count, k.ref_count, _f(k.g2, 2), _f(k.log_ratio, 2),
             "yes" if k.g2 >= 3.84 else "no") for k in found]
    return _table(["Word", "In the section", "In the rest", "G2", "Log ratio",
                   "G2 above 3.84?"], rows, align=["l", "r", "r", "r", "r", "l"],
                  caption=f"Words most distinctive of section {span.id} against the rest "
                          f"({span.size} words against {len(corpus) - span.size}; "
                          f"seen at least {min_freq} times in the section)")


def collocations_table(measure: str = "log-likelihood", n: int = 10, min_freq: int = 3,
                       section=None, corpus: Corpus | None = None):
    found = collocations(paragraph_units(corpus, section), measure, min_freq, n)
    name = "G2" if measure == "log-likelihood" else "PMI (bits)"
    rows = [(i, c.pair, c.count, _f(c.score, 2)) for i, c in enumerate(found, 1)]
    return _table(["Rank", "Pair", "Count", name], rows, align=["r", "l", "r", "r"],
                  caption=f"Top {len(rows)} word pairs by {measure}, seen at least "
                          f"{min_freq} times")


def readability_table(corpus: Corpus | None = None):
    corpus = _corpus(corpus)
    rows = []
    texts = [(s.label, corpus.section_text(s.id)) for s in corpus.sections]
    texts.append(("Whole text", "\n\n".join(p.text for p in corpus.paragraphs)))
    for label, text in texts:
        r = readability(text)
        rows.append((label, r.words, r.sentences, r.syllables, _f(r.words_per_sentence),
                     _f(r.syllables_per_word, 2), _f(r.flesch), _f(r.grade)))
    return _table(["Section", "Words", "Sentences", "Syllables", "Words per sentence",
                   "Syllables per word", "Flesch reading ease", "Flesch-Kincaid grade"],
                  rows, align=["l"] + ["r"] * 7,
                  caption="Readability by the Flesch formulas (syllables estimated)")
