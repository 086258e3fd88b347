"""The audit of issue 8, item 4: every requirement a task states is held by the check.

For each kind of check, :data:`REQUIREMENTS` lists the requirements its tasks state, each
with a function that breaks that requirement alone (otherwise it is a right answer). Every
such function must fail the check of every exercise that uses the kind: a check that
accepted one would accept what its task forbids (as ``count-word`` once accepted
``stats.words(text).count(word)``, which ignores case in the text but not in the word).

:data:`STATED` finds the requirements in the tasks' own words (``materials/exercises``),
so a task that states a requirement that no violating function stands for fails the
audit until one is added here and a probe of the check holds it.
"""

import re
import textwrap

import pytest

from closereading import exercises as E

# What a task's wording states -> the requirement's name (the keys of REQUIREMENTS).
STATED = {
    r"\bwhole words?\b": "whole words",
    r"\bignoring case\b": "ignoring case",
    r"\bword or phrase\b": "phrases",
    r"\bin the order of the text\b": "order of the text",
    r"\bcounting from 0\b": "from 0",
    r"\bincreasing order\b": "increasing order",
    r"\bfrom 0 to 1\b": "a share",
    r"\bdens(?:ity|ities|est)\b": "density",
    r"\bmost frequent word\b": "most frequent",
    r"\btext's list of words\b": "positions in the list of words",
    r"\bseveral tie\b|\bequally long\b|\bseveral words tie\b": "ties: the first",
    r"\bfirst word\b": "first word",
    r"\bstopwords\b": "without stopwords",
    r"\bmean length\b": "the mean",
    r"\bmeasured in words\b|\blength of a text's sentences, in words\b|in words:": "in words",
    r"course's rules|the way the course's statistics|Count words with `stats\.words`":
        "the course's words",
    r"\bdict from each word\b": "a dict",
    r"\bid of the paragraph\b": "the id",
    r"\bmore than a given number of letters\b": "more than",
    r"\bcontains a stem\b": "contains the stem",
}

# Each requirement with a function that breaks it (and nothing else, as far as may be).
REQUIREMENTS = {
    "count-word": {
        "whole words": "return text.lower().count(word.lower())",
        "ignoring case": "return stats.words(text).count(word)",  # the word as given
        "the course's words": "return re.findall(r'[a-z0-9]+', text.lower()).count(word.lower())",
        "punctuation": "return text.lower().split().count(word.lower())",
    },
    "count-words": {
        "whole words": "return {w: text.lower().count(w.lower()) for w in words}",
        "ignoring case": "return {w: stats.words(text).count(w) for w in words}",
        "a dict": "return {w.lower(): stats.words(text).count(w.lower()) for w in words}",
        "the case of the text": "return {w: stats.tokenize(text).count(w) for w in words}",
    },
    "sentences-with": {
        "whole words": "return [s for s in stats.sentences(text) if phrase.lower() in s.lower()]",
        "ignoring case": """
            ws_of = lambda s: re.findall(r"[^\\W_]+(?:['\\u2019-][^\\W_]+)*", s)
            target = ws_of(phrase)
            n = len(target)
            return [s for s in stats.sentences(text)
                    if any(ws_of(s)[i:i + n] == target for i in range(len(ws_of(s))))]""",
        "the phrase's case": """
            target = phrase.split()
            n = len(target)
            return [s for s in stats.sentences(text) if any(
                stats.words(s)[i:i + n] == target for i in range(len(stats.words(s))))]""",
        "phrases": "return [s for s in stats.sentences(text) if phrase.lower() in stats.words(s)]",
        "order of the text": """
            target = stats.words(phrase)
            n = len(target)
            return sorted(s for s in stats.sentences(text) if any(
                stats.words(s)[i:i + n] == target for i in range(len(stats.words(s)))))""",
    },
    "sentences-starting-with": {
        "first word": "return [s for s in stats.sentences(text) if word.lower() in stats.words(s)]",
        "ignoring case": "return [s for s in stats.sentences(text) if stats.tokenize(s)[:1] == [word]]",
        "the course's words": """
            return [s for s in stats.sentences(text)
                    if s.lower().startswith(word.lower())]""",
        "punctuation": """
            return [s for s in stats.sentences(text) if s.split()[0].lower() == word.lower()]""",
        "order of the text": """
            return sorted(s for s in stats.sentences(text)
                          if stats.words(s)[:1] == [word.lower()])""",
    },
    "share-with-word": {
        "a share": """
            ss = stats.sentences(text)
            return 100 * sum(word.lower() in stats.words(s) for s in ss) / len(ss)""",
        "whole words": """
            ss = stats.sentences(text)
            return sum(word.lower() in s.lower() for s in ss) / len(ss)""",
        "ignoring case": """
            ss = stats.sentences(text)
            return sum(word in stats.words(s) for s in ss) / len(ss)""",
        "the case of the text": """
            ss = stats.sentences(text)
            return sum(word in stats.tokenize(s) for s in ss) / len(ss)""",
        "the course's words": """
            ss = stats.sentences(text)
            return sum(word.lower() in re.findall(r'[a-z]+', s.lower()) for s in ss) / len(ss)""",
    },
    "densest-paragraph": {
        "density": """
            return max(paragraphs, key=lambda p: stats.words(paragraphs[p]).count(word.lower()))""",
        "ties: the first": """
            best, top = None, -1.0
            for pid, t in paragraphs.items():
                ws = stats.words(t)
                d = ws.count(word.lower()) / len(ws)
                if d >= top:
                    best, top = pid, d
            return best""",
        "the id": """
            return max(paragraphs.values(),
                       key=lambda t: stats.words(t).count(word.lower()) / len(stats.words(t)))""",
        "the case of the text": """
            return max(paragraphs, key=lambda p: stats.tokenize(paragraphs[p]).count(word)
                       / len(stats.tokenize(paragraphs[p])))""",
    },
    "word-positions": {
        "from 0": "return [i + 1 for i, w in enumerate(stats.words(text)) if w == word.lower()]",
        "increasing order": """
            return [i for i, w in enumerate(stats.words(text)) if w == word.lower()][::-1]""",
        "the course's words": """
            return [i for i, w in enumerate(text.lower().split()) if w.strip('.,;:!?') == word.lower()]""",
        "positions in the list of words": """
            return [m.start() for m in re.finditer(r'\\b' + re.escape(word) + r'\\b', text, re.I)]""",
        "ignoring case": "return [i for i, w in enumerate(stats.tokenize(text)) if w == word]",
    },
    "top-content-word": {
        "most frequent": """
            c = Counter(w for w in stats.words(text) if w not in stopwords)
            return min(c, key=c.get)""",
        "without stopwords": "return Counter(stats.words(text)).most_common(1)[0][0]",
        "ties: the first": """
            c = Counter(w for w in stats.words(text) if w not in stopwords)
            top = max(c.values())
            return min(w for w in c if c[w] == top)""",
        "lower-cased": """
            c = Counter(w for w in stats.tokenize(text) if w.lower() not in stopwords)
            return c.most_common(1)[0][0]""",
        "the word alone": """
            return Counter(w for w in stats.words(text) if w not in stopwords).most_common(1)[0]""",
    },
    "mean-sentence-length": {
        "the mean": """
            ss = stats.sentences(text)
            return sum(len(stats.words(s)) for s in ss) // len(ss)""",
        "in words": """
            ss = stats.sentences(text)
            return sum(len(s) for s in ss) / len(ss)""",
        "the course's words": """
            ss = stats.sentences(text)
            return sum(len(re.findall(r'\\w+', s)) for s in ss) / len(ss)""",
        "the dash is not a word": """
            ss = stats.sentences(text)
            return sum(len(s.split()) for s in ss) / len(ss)""",
    },
    "longest-sentence": {
        "in words": "return max(stats.sentences(text), key=len)",
        "ties: the first": """
            ss = stats.sentences(text)
            top = max(len(stats.words(s)) for s in ss)
            return [s for s in ss if len(stats.words(s)) == top][-1]""",
    },
    "events-with": {
        "whole words": "return [e['id'] for e in events if phrase.lower() in e['text'].lower()]",
        "ignoring case": """
            return [e['id'] for e in events
                    if re.search(r'\\b' + re.escape(phrase) + r'\\b', e['text'])]""",
        "phrases": "return [e['id'] for e in events if phrase.lower() in stats.words(e['text'])]",
        "the ids": """
            target = stats.words(phrase)
            n = len(target)
            return [e['text'] for e in events if any(stats.words(e['text'])[i:i + n] == target
                    for i in range(len(stats.words(e['text']))))]""",
        "order of the record": """
            target = stats.words(phrase)
            n = len(target)
            return [e['id'] for e in events if any(stats.words(e['text'])[i:i + n] == target
                    for i in range(len(stats.words(e['text']))))][::-1]""",
    },
    "word-before": {
        "order of the text": """
            ws = stats.words(text)
            return [ws[i - 1] for i, w in enumerate(ws) if w == word.lower() and i > 0][::-1]""",
        "whole words": """
            ws = stats.words(text)
            return [ws[i - 1] for i, w in enumerate(ws) if word.lower() in w and i > 0]""",
        "ignoring case": """
            ts = stats.tokenize(text)
            return [ts[i - 1].lower() for i, t in enumerate(ts) if t == word.lower() and i > 0]""",
        "an opening occurrence is skipped": """
            ws = stats.words(text)
            return [ws[i - 1] for i, w in enumerate(ws) if w == word.lower()]""",
        "the word before": """
            ws = stats.words(text)
            return [ws[i + 1] for i, w in enumerate(ws) if w == word.lower() and i + 1 < len(ws)]""",
    },
    "should-be": {
        "order of the text": """
            ws = stats.words(text)
            return sorted(ws[i + 2] for i in range(len(ws) - 2)
                          if ws[i] == 'should' and ws[i + 1] == 'be')""",
        "ignoring case": """
            ws = stats.tokenize(text)
            return [ws[i + 2].lower() for i in range(len(ws) - 2)
                    if ws[i] == 'should' and ws[i + 1] == 'be']""",
        "punctuation": """
            ws = text.lower().split()
            return [ws[i + 2] for i in range(len(ws) - 2)
                    if ws[i] == 'should' and ws[i + 1] == 'be']""",
        "after \"should be\"": """
            ws = stats.words(text)
            return [ws[i + 1] for i in range(len(ws) - 1) if ws[i] == 'should']""",
    },
    "sentence-modals": {
        "whole words": """
            ms = [m.lower() for m in modals]
            return [next((m for w in stats.words(s) for m in ms if m in w), None)
                    for s in stats.sentences(text)]""",
        "ignoring case": """
            ms = [m.lower() for m in modals]
            return [next((w for w in stats.tokenize(s) if w in ms), None)
                    for s in stats.sentences(text)]""",
        "one item per sentence": """
            ms = [m.lower() for m in modals]
            found = [next((w for w in stats.words(s) if w in ms), None)
                     for s in stats.sentences(text)]
            return [m for m in found if m is not None]""",
        "the first in the sentence": """
            ms = [m.lower() for m in modals]
            return [next((m for m in ms if m in stats.words(s)), None)
                    for s in stats.sentences(text)]""",
    },
    "first-words": {
        "first word": "return [s.strip()[:1].lower() for s in stats.sentences(text)]",
        "lower-cased": "return [stats.tokenize(s)[0] for s in stats.sentences(text)]",
        "punctuation": "return [s.split()[0].lower() for s in stats.sentences(text)]",
        "order of the text": "return sorted(stats.words(s)[0] for s in stats.sentences(text))",
    },
    "type-token-ratio": {
        "the course's words": """
            ws = text.split()
            return len(set(ws)) / len(ws)""",
        "types over tokens": """
            ws = stats.words(text)
            return len(ws) / len(set(ws))""",
        "a ratio": """
            ws = stats.words(text)
            return 100 * len(set(ws)) / len(ws)""",
        "all the different words": """
            ws = stats.words(text)
            return sum(1 for c in Counter(ws).values() if c == 1) / len(ws)""",
    },
    "rate-per-thousand": {
        "per 1,000 words": """
            ws = stats.words(text)
            return ws.count(word.lower()) / len(ws)""",
        "whole words": """
            ws = stats.words(text)
            return 1000 * text.lower().count(word.lower()) / len(ws)""",
        "ignoring case": """
            ws = stats.words(text)
            return 1000 * ws.count(word) / len(ws)""",
        "a rate": "return stats.words(text).count(word.lower())",
    },
    "kwic-by-hand": {
        "up to width words before": """
            t = word.lower()
            return [(' '.join(words[i - width:i]), ' '.join(words[i + 1:i + 1 + width]))
                    for i, w in enumerate(words) if w == t]""",
        "width words after": """
            t = word.lower()
            return [(' '.join(words[max(i - width, 0):i]), ' '.join(words[i + 1:i + width]))
                    for i, w in enumerate(words) if w == t]""",
        "the keyword left out": """
            t = word.lower()
            return [(' '.join(words[max(i - width, 0):i]), ' '.join(words[i:i + width]))
                    for i, w in enumerate(words) if w == t]""",
        "ignoring case": """
            return [(' '.join(words[max(i - width, 0):i]), ' '.join(words[i + 1:i + 1 + width]))
                    for i, w in enumerate(words) if w == word]""",
    },
}

REQUIREMENTS["long-words"] = {
    "more than": "return [w for w in stats.words(text) if len(w) >= letters]",
    "order of the text": "return sorted(w for w in stats.words(text) if len(w) > letters)",
    "the course's words": "return [w for w in text.lower().split() if len(w) > letters]",
    "lower-cased": "return [w for w in stats.tokenize(text) if len(w) > letters]",
}
REQUIREMENTS["word-forms"] = {
    "contains the stem": "return {stem.lower(): stats.words(text).count(stem.lower())}",
    "the course's words": """
        counts = {}
        for w in text.lower().split():
            if stem.lower() in w:
                counts[w] = counts.get(w, 0) + 1
        return counts""",
    "ignoring case": """
        counts = {}
        for w in stats.words(text):
            if stem in w:
                counts[w] = counts.get(w, 0) + 1
        return counts""",
    "lower-cased": """
        counts = {}
        for w in stats.tokenize(text):
            if stem.lower() in w.lower():
                counts[w] = counts.get(w, 0) + 1
        return counts""",
    "a dict": "return [w for w in stats.words(text) if stem.lower() in w]",
}

HEADER = "import re\nfrom collections import Counter\nfrom closereading import stats\n\n"

EXERCISES = [ex for found in E.load_all().values() for ex in found]


def violator(ex, body: str):
    body = textwrap.dedent(body).strip("\n")
    if "\n" not in body:
        body = body.strip()
    code = (HEADER + f"def {ex.function}({', '.join(ex.kind.arguments)}):\n"
            + textwrap.indent(body, "    ") + "\n")
    return E.compile_function(code, ex.function, f"<violates {ex.id}>")


def stated(task: str) -> set[str]:
    flat = " ".join(task.split())
    return {name for pattern, name in STATED.items() if re.search(pattern, flat)}


def test_every_kind_of_check_is_audited():
    assert set(REQUIREMENTS) == set(E.CHECKS)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: f"{ex.notebook}-{ex.id}")
def test_every_requirement_a_task_states_is_audited(ex):
    missing = stated(ex.task) - set(REQUIREMENTS[ex.check])
    assert not missing, (f"{ex.id}: the task states {sorted(missing)}, and no function that "
                         f"breaks it is audited for {ex.check}")


CASES = [(ex, name) for ex in EXERCISES for name in REQUIREMENTS[ex.check]]


@pytest.mark.parametrize("ex, requirement", CASES,
                         ids=[f"{ex.id}-{name}" for ex, name in CASES])
def test_a_function_that_breaks_a_requirement_fails_the_check(ex, requirement):
    fn = violator(ex, REQUIREMENTS[ex.check][requirement])
    result = E.grade(ex, fn)
    assert result.status in ("incorrect", "error"), (requirement, result.text)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: f"{ex.notebook}-{ex.id}")
def test_the_reference_solution_breaks_no_audited_requirement(ex):
    assert E.grade(ex, E.compile_function(ex.solution, ex.function)).passed


def test_count_word_without_lowering_the_word_fails_with_its_hint():
    """The issue's example: `stats.words(text).count(word)` passed `count-word`."""
    for notebook, exercise in (("01-harmonious-world", "count-should"),):
        ex = E.get(notebook, exercise)
        result = E.grade(ex, violator(ex, "return stats.words(text).count(word)"))
        assert result.status == "incorrect" and result.diagnosis == "unlowered-word"
        assert "word 'Peace'" in result.text


@pytest.mark.parametrize("count", [
    "sum(len(stats.words(s)) for s in sents)",
    "len(stats.words(text))",
    "len(text.split())",                              # // mixed with another mistake
    "sum(len(s.split()) for s in sents)",
    "sum(len(s) for s in sents)",
])
def test_whole_number_division_gets_the_hint_about_it(count):
    ex = E.get("04-international-responsibility", "mean-sentence-length")
    fn = violator(ex, f"sents = stats.sentences(text)\nn = {count}\nreturn n // len(sents)")
    result = E.grade(ex, fn)
    assert result.status == "incorrect" and result.diagnosis == "floor", result.text
    assert "`//`" in result.hint and "`/`" in result.hint
