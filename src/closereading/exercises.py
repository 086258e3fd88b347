"""Running exercises: the learner writes a small function; the package grades it.

The exercises are data (``materials/exercises/<notebook>.yml``); the *checks* are code,
here. An exercise names its check and gives the check's parameters; the check knows what
function the learner writes (its arguments and what it returns), computes the right
answer with the course's own tools (:mod:`closereading.stats`), and recognises typical
mistakes by name (its *diagnoses*), so that a wrong answer gets a specific hint.

In a notebook::

    exercises.task("01-harmonious-world", "count-should")     # the task, with hints

    def count_word(text, word):                                # the learner's cell,
        ...                                                    # tagged "exercise"

    exercises.check("01-harmonious-world", "count-should")     # finds count_word

How a function is graded:

1. It is called on the course text (the notebook's sub-section, or one paragraph) and
   then on a few small texts built into the check, so that a method that happens to
   work on one text only is caught.
2. A function that still returns ``None`` (the starter's ``...``) has *not been attempted
   yet*: that is what the student notebooks show, always in the same words.
3. A function that raises, returns the wrong type, prints instead of returning, takes the
   wrong arguments or runs too long (an endless loop is stopped after
   :data:`TIME_LIMIT` seconds) gets a clear message naming the line of the learner's
   cell, never a traceback.
4. A wrong answer that matches a known mistake gets that mistake's hint; any other wrong
   answer is described, not blamed: the small inputs on which it differs from the task's
   rule, and how (:mod:`closereading.exercise_contrasts`), with the exercise's first hint
   (the next ones at the next checks). A wrong value on the course text is said with
   what it counts, never with the answer.
5. A function from an earlier run is never judged when the exercise cell failed since:
   in IPython (a notebook, nbval), :func:`watch_cells` follows every cell that defines a
   function (``def name``) and whether it ran to the end. When the last such cell for the
   exercise's function stopped (a ``SyntaxError`` before anything ran, or an exception
   part-way), the check says so, with the error and its line, instead of grading the old
   function, and the broken cell itself says what to fix (:func:`broken_cell_note`; the
   exercise cells are tagged ``raises-exception``, so Run All goes on past them). Outside
   IPython (plain pytest) there are no cells, and the function given is graded.
6. In a kernel, the result shows *Hint* and *Show solution* buttons under it
   (:class:`closereading.exercise_progress.Controls`); its HTML and text, what nbval
   compares and a reader without a kernel sees, are the same as without them.

The kinds of check, their functions and their diagnoses are listed in :data:`CHECKS`;
``materials/README.md`` documents them for teachers.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import io
import keyword
import linecache
import math
import re
import signal
import sys
import threading
import time
import warnings
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from numbers import Real
from pathlib import Path
from typing import Any, Callable

from closereading.html import Rich, esc

TIME_LIMIT = 3.0  # seconds per call of a learner's function
EXERCISE_FIELDS = ("id", "title", "task", "check", "params", "function", "starter", "hints",
                   "solution", "mistakes", "follow_up", "reuse")
MISTAKE_FIELDS = ("diagnosis", "hint", "example")


class ExerciseError(ValueError):
    """A notebook asked for an exercise that does not exist."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {self}"]


# ---------------------------------------------------------------------------------------
# Text helpers shared by the checks (the course's tokenizer and sentence splitter)


def _words(text: str) -> list[str]:
    from closereading.stats import words
    return words(text)


def _sentences(text: str) -> list[str]:
    from closereading.stats import sentences
    return list(sentences(text))


def _stopwords() -> frozenset[str]:
    from closereading.stats import load_stopwords
    return frozenset(load_stopwords())


def _has_words(sentence: str, phrase: str) -> bool:
    """Whether the words of ``phrase`` occur, in a row, among the words of ``sentence``
    (case-insensitive, whole words, by the course's tokenizer)."""
    target = _words(phrase)
    ws = _words(sentence)
    n = len(target)
    return n > 0 and any(ws[i:i + n] == target for i in range(len(ws) - n + 1))


def _has_run(ws: list[str], target: list[str]) -> bool:
    n = len(target)
    return n > 0 and any(ws[i:i + n] == target for i in range(len(ws) - n + 1))


def _has_words_exact_case(sentence: str, phrase: str) -> bool:
    from closereading.stats import tokenize
    target = tokenize(phrase)
    ws = tokenize(sentence)
    n = len(target)
    return n > 0 and any(ws[i:i + n] == target for i in range(len(ws) - n + 1))


def _norm_space(s: str) -> str:
    return " ".join(str(s).split())


# ---------------------------------------------------------------------------------------
# Kinds of check


@dataclass(frozen=True)
class Case:
    """One call of the learner's function."""
    args: tuple
    label: str             # the input in words, for messages
    course_text: bool      # True for the course text, False for a small built-in text


@dataclass(frozen=True)
class Param:
    name: str
    type: str              # "text", "texts" (a list of text), "paragraph"
    help: str


class Check:
    """A kind of check. Subclasses define the learner's function and how it is graded."""

    name = ""
    summary = ""
    arguments: tuple[str, ...] = ()      # the learner's parameters, in order
    returns = ""                         # what the function returns, in words
    params: tuple[Param, ...] = ()       # what an exercise must give
    scope = "section"                    # the course input: "section", "paragraphs"
    diagnoses: dict[str, str] = {}       # name -> what the mistake is (default hint)
    #: The check asks whether a text (a sentence, an event) contains a word: an exercise
    #: of it lists the case-sensitive and the substring mistakes (a test checks).
    contains = False

    # -- inputs
    def course_input(self, section: int, scope: str | None):
        if self.scope == "record":
            from closereading import context
            return context.events()
        from closereading import text
        doc = text.load()
        paragraphs = doc.paragraphs if section is None else doc.section(section).paragraphs
        if self.scope == "paragraphs":
            return {p.id: p.text for p in paragraphs}
        if scope and scope != "section":
            return doc.paragraph(scope).text
        if section is None:  # the whole text (notebook 06)
            return "\n\n".join(p.text for p in paragraphs)
        return doc.section(section).text

    def course_label(self, section: int | None, scope: str | None) -> str:
        if self.scope == "record":
            return "the events of the record (materials/context.yml)"
        where = "the whole text" if section is None else f"sub-section {section}"
        if self.scope == "paragraphs":
            return f"the paragraphs of {where}"
        if scope and scope != "section":
            return f"paragraph {scope}"
        return where if section is None else f"the text of {where}"

    def cases(self, params: dict, section: int, scope: str | None) -> list[Case]:
        course = self.course_input(section, scope)
        label = self.course_label(section, scope)
        first = Case(self.args(course, params), self.describe_args(label, params), True)
        return [first] + [Case(args, label, False) for args, label in self.probes(params)]

    def args(self, course, params) -> tuple:
        return (course,) + tuple(params[p.name] for p in self.params)

    def describe_args(self, label, params) -> str:
        extra = ", ".join(f"{p.name} {params[p.name]!r}" for p in self.params)
        return label + (f", {extra}" if extra else "")

    def probes(self, params) -> list[tuple[tuple, str]]:
        """Small built-in inputs: (arguments, label)."""
        return []

    # -- answers
    def expected(self, *args):
        raise NotImplementedError

    def variants(self, *args) -> dict[str, Any]:
        """What each known mistake returns for these arguments."""
        return {}

    def type_problem(self, value) -> str | None:
        """None if ``value`` has the right type, else what is wrong, in words."""
        return None

    def telltale(self, values: list, expected: list) -> str | None:
        """A diagnosis read from the answers' form alone, when no variant matches them
        exactly (a mistake mixed with another one)."""
        return None

    def same(self, got, want) -> bool:
        return got == want

    def show(self, value) -> str:
        return _short_repr(value)

    # -- parameters of an exercise
    def check_params(self, params: dict) -> list[tuple[str, str]]:
        """Problems with an exercise's params: (field, message)."""
        out = []
        for p in self.params:
            value = params.get(p.name)
            if p.type == "text" and (not isinstance(value, str) or not value.strip()):
                out.append((p.name, "should be a word or phrase"))
            elif p.type == "texts" and (not isinstance(value, list) or not value or
                                        not all(isinstance(v, str) and v.strip()
                                                for v in value)):
                out.append((p.name, "should be a list of words"))
        return out


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _type_name(value) -> str:
    """The type of a value with its article: "an int", "a str"."""
    name = type(value).__name__
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _expect_int(value) -> str | None:
    if _is_int(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return None
    return f"a whole number (int) is expected, and your function returned {_type_name(value)}"


def _expect_str_list(value) -> str | None:
    if isinstance(value, str):
        return ("a list of sentences is expected, and your function returned one string; "
                "collect the sentences in a list")
    if not isinstance(value, (list, tuple)):
        return f"a list is expected, and your function returned {_type_name(value)}"
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        return (f"every item of the list should be a sentence (str); one is "
                f"{_type_name(bad[0])}")
    return None


class CountWord(Check):
    name = "count-word"
    summary = "How often a word occurs in a text (whole words, ignoring case)."
    arguments = ("text", "word")
    returns = "a whole number (int)"
    params = (Param("word", "text", "the word to count"),)
    diagnoses = {
        "substring": "counts the word inside longer words too (as str.count does)",
        "case-sensitive": "misses the word where it is written with capitals",
        "substring-case-sensitive": "counts inside longer words and misses capitals "
                                    "(str.count on the raw text)",
        "split": "splits on spaces only, so a word with punctuation attached is missed",
        "split-lower": "splits on spaces only (after lower-casing), so a word followed by "
                       "punctuation is missed",
        "unlowered-word": "compares the lower-cased words with the word as given, so a word "
                          "given with a capital is never found",
    }

    def probes(self, params):
        texts = ["Should we? Yes, we should. Shoulders, should they?",
                 "should SHOULD should, shoulder",
                 "Should we act? Should they wait? We should"]
        probes = [((t, "should"), f"the text {t!r}, word 'should'") for t in texts]
        # The word given with a capital ("ignoring case" holds for the word too), beside
        # a hyphenated word and a possessive, which the course's rules keep apart.
        text = "Peace: peace-loving, PEACE and peace's sake; Peaceful peace."
        return probes + [((text, "Peace"), f"the text {text!r}, word 'Peace'")]

    def expected(self, text, word):
        return _words(text).count(word.lower())

    def variants(self, text, word):
        from closereading.stats import tokenize
        return {"substring": text.lower().count(word.lower()),
                "case-sensitive": tokenize(text).count(word),
                "substring-case-sensitive": text.count(word),
                "split": text.split().count(word),
                "split-lower": text.lower().split().count(word.lower()),
                "unlowered-word": _words(text).count(word)}

    def type_problem(self, value):
        return _expect_int(value)


class CountWords(Check):
    name = "count-words"
    summary = "How often each of several words occurs (a dict from word to count)."
    arguments = ("text", "words")
    returns = "a dict from each word to its count"
    params = (Param("words", "texts", "the words to count"),)
    diagnoses = {
        "substring": "counts the words inside longer words too (as str.count does)",
        "case-sensitive": "misses the words where they are written with capitals",
        "split": "splits on spaces only, so words with punctuation attached are missed",
        "unlowered-word": "compares the lower-cased words with each word as given, so a word "
                          "given with a capital is never found",
    }

    def probes(self, params):
        return [(("Not now, not ever; never. Nor notably.", ["not", "never", "nor"]),
                 "the text 'Not now, not ever; never. Nor notably.', words ['not', 'never', "
                 "'nor']"),
                (("Regional, sub-regional and region-wide: the region.", ["regional", "region"]),
                 "the text 'Regional, sub-regional and region-wide: the region.', words "
                 "['regional', 'region']"),
                (("Not now, NOT ever; never. Nor notably.", ["Not", "never"]),
                 "the text 'Not now, NOT ever; never. Nor notably.', words ['Not', 'never']")]

    def args(self, course, params):
        return (course, list(params["words"]))

    def expected(self, text, words):
        ws = _words(text)
        return {w: ws.count(w.lower()) for w in words}

    def variants(self, text, words):
        from closereading.stats import tokenize
        toks = tokenize(text)
        return {"substring": {w: text.lower().count(w.lower()) for w in words},
                "case-sensitive": {w: toks.count(w) for w in words},
                "split": {w: text.lower().split().count(w.lower()) for w in words},
                "unlowered-word": {w: _words(text).count(w) for w in words}}

    def type_problem(self, value):
        if not isinstance(value, dict):
            return f"a dict is expected, and your function returned {_type_name(value)}"
        bad = [v for v in value.values() if _expect_int(v)]
        if bad:
            return f"every count should be a whole number; one is {_type_name(bad[0])}"
        return None

    def same(self, got, want):
        return isinstance(got, dict) and set(got) == set(want) and all(
            got[k] == want[k] for k in want)


class SentencesWith(Check):
    name = "sentences-with"
    summary = "The sentences that contain a word or phrase (whole words, ignoring case)."
    arguments = ("text", "phrase")
    returns = "a list of sentences (str), in the order of the text"
    params = (Param("phrase", "text", "the word or phrase to look for"),)
    diagnoses = {
        "case-sensitive": "misses sentences where the phrase is written with capitals",
        "substring": "also keeps sentences where the phrase is only part of a longer word",
        "substring-case-sensitive": "compares raw strings (the `in` operator on the "
                                    "sentence as written)",
        "all-sentences": "returns every sentence, not only those with the phrase",
        "without": "returns the sentences *without* the phrase",
        "one-word": "looks for the phrase as one word of the sentence, so a phrase of several "
                    "words is never found",
        "unlowered-phrase": "compares the lower-cased words of the sentence with the phrase "
                            "as given, so a phrase given with capitals is never found",
    }
    contains = True

    def probes(self, params):
        # Every task says "a word or phrase", "whole words", "ignoring case" and "in the
        # order of the text": a phrase, a phrase given with capitals, a longer word that
        # holds the word, and hits whose alphabetical order is not the text's.
        text = ("Security matters. Insecurity spreads. We seek common security. "
                "Peace comes first. Common security, then.")
        # and the words of a phrase apart, not in a row
        apart = "Security is common. We seek common security."
        return [((text, q), f"the text {text!r}, phrase {q!r}")
                for q in ("security", "common security", "Common Security")] + [
            ((apart, "common security"), f"the text {apart!r}, phrase 'common security'")]

    def expected(self, text, phrase):
        return [s for s in _sentences(text) if _has_words(s, phrase)]

    def variants(self, text, phrase):
        ss = _sentences(text)
        return {"case-sensitive": [s for s in ss if _has_words_exact_case(s, phrase)],
                "substring": [s for s in ss if phrase.lower() in s.lower()],
                "substring-case-sensitive": [s for s in ss if phrase in s],
                "all-sentences": list(ss),
                "without": [s for s in ss if not _has_words(s, phrase)],
                "one-word": [s for s in ss if phrase.lower() in _words(s)],
                "unlowered-phrase": [s for s in ss if _has_run(_words(s), phrase.split())]}

    def type_problem(self, value):
        return _expect_str_list(value)

    def same(self, got, want):
        return (isinstance(got, (list, tuple)) and len(got) == len(want) and
                all(_norm_space(a) == _norm_space(b) for a, b in zip(got, want)))

    def show(self, value):
        if isinstance(value, (list, tuple)):
            return f"{len(value)} sentence{'s' if len(value) != 1 else ''}: " + _short_repr(value)
        return _short_repr(value)


class SentencesStartingWith(SentencesWith):
    name = "sentences-starting-with"
    summary = "The sentences whose first word is a given word (ignoring case)."
    contains = False
    arguments = ("text", "word")
    params = (Param("word", "text", "the first word to look for"),)
    diagnoses = {
        "anywhere": "keeps sentences that contain the word anywhere, not only first",
        "startswith": "compares the start of the string, so a longer first word such as a "
                      "possessive (\"China's\") also counts",
        "case-sensitive": "misses sentences whose first word is written differently "
                          "(for example in capitals)",
    }

    def probes(self, params):
        text = ("China acts. CHINA waits. China's view differs. Then China speaks. Chinaware. "
                "China, too, agrees.")
        return [((text, "China"), f"the text {text!r}, word 'China'")]

    def expected(self, text, word):
        return [s for s in _sentences(text) if _words(s)[:1] == [word.lower()]]

    def variants(self, text, word):
        from closereading.stats import tokenize
        ss = _sentences(text)
        return {"anywhere": [s for s in ss if word.lower() in _words(s)],
                "startswith": [s for s in ss if s.lower().startswith(word.lower())],
                "case-sensitive": [s for s in ss if tokenize(s)[:1] == [word]]}


class ShareWithWord(Check):
    name = "share-with-word"
    summary = "The share (0 to 1) of sentences that contain a word (whole words, any case)."
    arguments = ("text", "word")
    returns = "a number from 0 to 1 (float)"
    params = (Param("word", "text", "the word to look for"),)
    diagnoses = {
        "percent": "gives a percentage (0 to 100) instead of a share (0 to 1)",
        "count": "gives the number of sentences, not their share",
        "share-of-words": "divides by the number of words instead of the number of sentences",
        "inverse": "gives the share of sentences *without* the word",
        "substring": "also counts sentences where the word is only part of a longer word",
        "case-sensitive": "misses sentences where the word is written with capitals",
        "substring-case-sensitive": "compares raw strings (the `in` operator on the "
                                    "sentence as written), so it misses the word written "
                                    "with capitals and finds it inside longer words",
        "unlowered-word": "compares the lower-cased words with the word as given, so a word "
                          "given with a capital is never found",
    }
    contains = True
    TOLERANCE = 1e-9

    def probes(self, params):
        text = "Should we? We should. Shoulders ache. We rest. Should not."
        return [((text, "should"), f"the text {text!r}, word 'should'"),
                (("One. Two should. Three.", "should"),
                 "the text 'One. Two should. Three.', word 'should'"),
                (("Peace first. Peaceful days. PEACE now. Peace's price. We rest.", "Peace"),
                 "the text \"Peace first. Peaceful days. PEACE now. Peace's price. We rest.\", "
                 "word 'Peace'")]

    def expected(self, text, word):
        ss = _sentences(text)
        return sum(word.lower() in _words(s) for s in ss) / len(ss) if ss else 0.0

    def variants(self, text, word):
        from closereading.stats import tokenize
        ss = _sentences(text)
        if not ss:
            return {}
        hits = sum(word.lower() in _words(s) for s in ss)
        share = hits / len(ss)
        return {"percent": share * 100, "count": hits,
                "share-of-words": hits / len(_words(text)),
                "inverse": 1 - share,
                "substring": sum(word.lower() in s.lower() for s in ss) / len(ss),
                "case-sensitive": sum(word in tokenize(s) for s in ss) / len(ss),
                "substring-case-sensitive": sum(word in s for s in ss) / len(ss),
                "unlowered-word": sum(word in _words(s) for s in ss) / len(ss)}

    def type_problem(self, value):
        if not _is_number(value):
            return f"a number is expected, and your function returned {_type_name(value)}"
        if isinstance(value, float) and math.isnan(value):
            return "your function returned nan (not a number): is something divided by zero?"
        return None

    def same(self, got, want):
        return _is_number(got) and _is_number(want) and math.isclose(
            float(got), float(want), rel_tol=self.TOLERANCE, abs_tol=self.TOLERANCE)

    def show(self, value):
        return f"{value:.4f}" if _is_number(value) and not _is_int(value) else _short_repr(value)


class DensestParagraph(Check):
    name = "densest-paragraph"
    summary = ("The id of the paragraph where a word is densest: most occurrences per "
               "word of the paragraph (the first such paragraph if several tie).")
    arguments = ("paragraphs", "word")
    returns = "a paragraph id (str), such as '1.3'"
    params = (Param("word", "text", "the word whose density is measured"),)
    scope = "paragraphs"
    diagnoses = {
        "raw-count": "picks the paragraph with the most occurrences, without dividing by "
                     "the paragraph's length",
        "sparsest": "picks the paragraph where the word is least dense",
        "text": "returns the paragraph's text instead of its id",
        "case-sensitive": "misses occurrences written with capitals",
    }

    def probes(self, params):
        paragraphs = {"A": "War and peace, war and trade, war and more and more and more "
                           "and more words to make it long.",
                      "B": "War came. Peace followed.",
                      "C": "Peace, peace, peace and war."}
        tie = {"X": "War and peace.", "Y": "Peace and war.", "Z": "Trade first."}
        # the word next to a comma or a full stop is still the word
        marks = {"P": "Peace and trade grow.", "Q": "War, then war.", "R": "War and peace."}
        return [((paragraphs, "war"), f"the paragraphs {paragraphs!r}, word 'war'"),
                ((tie, "war"), f"the paragraphs {tie!r}, word 'war' (X and Y tie)"),
                ((marks, "war"), f"the paragraphs {marks!r}, word 'war'")]

    def args(self, course, params):
        return (dict(course), params["word"])

    def describe_args(self, label, params):
        return f"{label}, word {params['word']!r}"

    @staticmethod
    def _best(paragraphs, score, pick=max):
        scores = {pid: score(text) for pid, text in paragraphs.items()}
        target = pick(scores.values())
        return next(pid for pid, s in scores.items() if s == target)

    def expected(self, paragraphs, word):
        def density(text):
            ws = _words(text)
            return ws.count(word.lower()) / len(ws) if ws else 0.0
        return self._best(paragraphs, density)

    def variants(self, paragraphs, word):
        from closereading.stats import tokenize

        def density(text):
            ws = _words(text)
            return ws.count(word.lower()) / len(ws) if ws else 0.0

        def density_cs(text):
            ws = tokenize(text)
            return ws.count(word) / len(ws) if ws else 0.0
        best = self.expected(paragraphs, word)
        return {"raw-count": self._best(paragraphs, lambda t: _words(t).count(word.lower())),
                "sparsest": self._best(paragraphs, density, min),
                "text": paragraphs[best],
                "case-sensitive": self._best(paragraphs, density_cs)}

    def type_problem(self, value):
        if _is_number(value):
            return ("your function returned a number; return the paragraph's id (its key "
                    "in the dict, such as '1.3') instead")
        if isinstance(value, tuple):
            return ("your function returned a tuple; return only the paragraph's id (its "
                    "key in the dict)")
        if not isinstance(value, str):
            return f"a paragraph id (str) is expected, and your function returned {_type_name(value)}"
        return None


class WordPositions(Check):
    name = "word-positions"
    summary = ("Where a word occurs: the positions (counting from 0) in the text's list of "
               "words, as stats.words gives it.")
    arguments = ("text", "word")
    returns = "a list of whole numbers, in increasing order"
    params = (Param("word", "text", "the word to find"),)
    diagnoses = {
        "one-based": "counts positions from 1; Python (and this exercise) counts from 0",
        "characters": "gives character offsets in the text, not positions in the list of words",
        "case-sensitive": "misses the word where it is written with capitals",
        "split": "splits on spaces only, so words with punctuation attached are missed",
    }

    def probes(self, params):
        text = "Peace, then security. Security -- and more security!"
        longer = "Insecurity breeds insecurity; security answers it."
        return [((text, "security"), f"the text {text!r}, word 'security'"),
                ((longer, "security"), f"the text {longer!r}, word 'security'")]

    def expected(self, text, word):
        return [i for i, w in enumerate(_words(text)) if w == word.lower()]

    def variants(self, text, word):
        from closereading.stats import WORD, tokenize
        return {"one-based": [i + 1 for i, w in enumerate(_words(text)) if w == word.lower()],
                "characters": [m.start() for m in WORD.finditer(text)
                               if m.group().lower() == word.lower()],
                "case-sensitive": [i for i, w in enumerate(tokenize(text)) if w == word],
                "split": [i for i, w in enumerate(text.lower().split()) if w == word.lower()]}

    def type_problem(self, value):
        if not isinstance(value, (list, tuple)):
            return f"a list is expected, and your function returned {_type_name(value)}"
        bad = [v for v in value if not _is_int(v)]
        if bad:
            return f"every position should be a whole number; one is {_type_name(bad[0])}"
        return None

    def same(self, got, want):
        return isinstance(got, (list, tuple)) and list(got) == list(want)


class TopContentWord(Check):
    name = "top-content-word"
    summary = ("The most frequent word that is not a stopword (the first to appear in the "
               "text if several tie).")
    arguments = ("text", "stopwords")
    returns = "a word (str), lower-cased"
    params = ()
    diagnoses = {
        "with-stopwords": "does not leave out the stopwords",
        "case-sensitive": "counts words as written, so 'Security' and 'security' are "
                          "counted apart",
        "pair": "returns the word with its count; return the word alone",
        "least-common": "picks the least frequent word",
    }

    def probes(self, params):
        text = "The Peace and the order: peace, PEACE, order, trade and the trade."
        tie = "Trade and order, then order and trade: the end."
        return [((text, frozenset({"the", "and"})),
                 f"the text {text!r}, stopwords {{'the', 'and'}}"),
                ((tie, frozenset({"the", "and", "then"})),
                 f"the text {tie!r}, stopwords {{'the', 'and', 'then'}} (two words tie)")]

    def args(self, course, params):
        return (course, _stopwords())

    def describe_args(self, label, params):
        return f"{label}, the course's stopwords"

    @staticmethod
    def _top(ws, pick=max):
        counts: dict[str, int] = {}
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        if not counts:
            return None
        target = pick(counts.values())
        return next(w for w, c in counts.items() if c == target)

    def expected(self, text, stopwords):
        return self._top([w for w in _words(text) if w not in stopwords])

    def variants(self, text, stopwords):
        from closereading.stats import tokenize
        content = [w for w in _words(text) if w not in stopwords]
        top = self._top(content)
        return {"with-stopwords": self._top(_words(text)),
                "case-sensitive": self._top([w for w in tokenize(text)
                                             if w.lower() not in stopwords]),
                "pair": (top, content.count(top)),
                "least-common": self._top(content, min)}

    def type_problem(self, value):
        if isinstance(value, (tuple, list)):
            return None  # diagnosed as "pair" when it is (word, count)
        if not isinstance(value, str):
            return f"a word (str) is expected, and your function returned {_type_name(value)}"
        return None

    def same(self, got, want):
        if isinstance(want, tuple):
            return isinstance(got, (tuple, list)) and tuple(got) == want
        return isinstance(got, str) and got == want


class MeanSentenceLength(Check):
    name = "mean-sentence-length"
    summary = "The mean length of the sentences of a text, in words."
    arguments = ("text",)
    returns = "a number (float)"
    diagnoses = {
        "characters": "measures sentences in characters, not words",
        "split": "counts words by splitting on spaces, so the dash \"--\" and the like "
                 "count as words",
        "inverse": "divides the number of sentences by the number of words",
        "floor": "uses whole-number division (//), which drops the fraction",
        "total-words": "gives the number of words, without dividing by the number of "
                       "sentences",
    }
    TOLERANCE = 1e-9

    def probes(self, params):
        text = ("Peace and development -- both matter -- now. Good-neighborly trade grows "
                "now. We talk, they listen.")
        # sentences that end with "?" and "!" (a text cut at full stops would see one)
        asked = "Will they act? We act now! They talk."
        return [((text,), f"the text {text!r}"), ((asked,), f"the text {asked!r}")]

    def args(self, course, params):
        return (course,)

    def describe_args(self, label, params):
        return label

    def expected(self, text):
        ss = _sentences(text)
        return sum(len(_words(s)) for s in ss) / len(ss) if ss else 0.0

    def variants(self, text):
        ss = _sentences(text)
        if not ss:
            return {}
        total = sum(len(_words(s)) for s in ss)
        return {"characters": sum(len(s) for s in ss) / len(ss),
                "split": sum(len(s.split()) for s in ss) / len(ss),
                "inverse": len(ss) / total if total else 0.0,
                "floor": total // len(ss),
                "total-words": total}

    type_problem = ShareWithWord.type_problem
    same = ShareWithWord.same

    def telltale(self, values, expected):
        # Only `//` (or int()) gives a whole number (int) where the mean has a fraction,
        # whatever else the function does: say so first ("floor"), e.g. for
        # `n // len(sents)` with n counted another way.
        if any(_is_int(v) and not float(w).is_integer() for v, w in zip(values, expected)):
            return "floor"
        return None

    def show(self, value):
        return f"{value:.2f}" if _is_number(value) and not _is_int(value) else _short_repr(value)


class LongestSentence(Check):
    name = "longest-sentence"
    summary = "The longest sentence of a text, measured in words (the first if several tie)."
    arguments = ("text",)
    returns = "a sentence (str)"
    diagnoses = {
        "characters": "measures sentences in characters, not words",
        "shortest": "picks the shortest sentence",
        "length": "returns the length of the longest sentence, not the sentence",
        "last-tie": "picks the last of the sentences that tie, not the first",
    }

    def probes(self, params):
        text = ("Extraordinarily comprehensive considerations. We act and we talk. "
                "We go and we see. Fine.")
        # "--" is not a word: the second sentence has more words (5 against 4)
        dashes = "We act -- now -- here. They talk and listen well."
        return [((text,), f"the text {text!r}"), ((dashes,), f"the text {dashes!r}")]

    def args(self, course, params):
        return (course,)

    def describe_args(self, label, params):
        return label

    def expected(self, text):
        ss = _sentences(text)
        return max(ss, key=lambda s: len(_words(s))) if ss else ""

    def variants(self, text):
        ss = _sentences(text)
        if not ss:
            return {}
        longest = max(len(_words(s)) for s in ss)
        return {"characters": max(ss, key=len),
                "shortest": min(ss, key=lambda s: len(_words(s))),
                "length": longest,
                "last-tie": [s for s in ss if len(_words(s)) == longest][-1]}

    def type_problem(self, value):
        if _is_int(value):
            return None  # diagnosed as "length"
        if isinstance(value, (list, tuple)):
            return "one sentence (str) is expected, and your function returned a list"
        if not isinstance(value, str):
            return f"a sentence (str) is expected, and your function returned {_type_name(value)}"
        return None

    def same(self, got, want):
        if _is_int(want):
            return _is_int(got) and got == want
        return isinstance(got, str) and _norm_space(got) == _norm_space(want)


class EventsWith(Check):
    name = "events-with"
    summary = ("The ids of the events of a record (dicts with 'id', 'date' and 'text') "
               "whose text contains a word or phrase (whole words, ignoring case), in the "
               "order of the record.")
    arguments = ("events", "phrase")
    returns = "a list of event ids (str), in the order of the record"
    params = (Param("phrase", "text", "the word or phrase to look for in each event"),)
    scope = "record"
    diagnoses = {
        "substring": "also keeps events where the phrase is only part of a longer word",
        "case-sensitive": "misses events where the phrase is written with capitals",
        "substring-case-sensitive": "compares raw strings (the `in` operator on the text "
                                    "as written), so it misses the phrase written "
                                    "otherwise and finds it inside longer words",
        "texts": "returns the events' texts instead of their ids",
        "without": "returns the events *without* the phrase",
    }
    contains = True

    def probes(self, params):
        events = [{"id": "a", "date": "2009", "text": "Talks on the Sea resumed."},
                  {"id": "b", "date": "2010", "text": "A seaside town held a festival."},
                  {"id": "c", "date": "2011", "text": "Ships met at sea; no talks."}]
        apart = events + [{"id": "d", "date": "2011",
                           "text": "In the south, China met others at sea."}]
        return [((events, "sea"), "three small events, phrase 'sea'"),
                ((events, "talks"), "three small events, phrase 'talks'"),
                ((apart, "South China Sea"), "four small events (in d, the words of the "
                                             "phrase are apart), phrase 'South China Sea'")]

    def args(self, course, params):
        return ([dict(e) for e in course], params["phrase"])

    def describe_args(self, label, params):
        return f"{label}, phrase {params['phrase']!r}"

    def expected(self, events, phrase):
        return [e["id"] for e in events if _has_words(e["text"], phrase)]

    def variants(self, events, phrase):
        return {"substring": [e["id"] for e in events if phrase.lower() in e["text"].lower()],
                "case-sensitive": [e["id"] for e in events
                                   if _has_words_exact_case(e["text"], phrase)],
                "substring-case-sensitive": [e["id"] for e in events if phrase in e["text"]],
                "texts": [e["text"] for e in events if _has_words(e["text"], phrase)],
                "without": [e["id"] for e in events if not _has_words(e["text"], phrase)]}

    def type_problem(self, value):
        if isinstance(value, str):
            return ("a list of event ids is expected, and your function returned one "
                    "string; collect the ids in a list")
        if not isinstance(value, (list, tuple)):
            return f"a list is expected, and your function returned {_type_name(value)}"
        bad = [v for v in value if not isinstance(v, str)]
        if bad:
            return (f"every item of the list should be an event id (str); one is "
                    f"{_type_name(bad[0])}")
        return None

    def same(self, got, want):
        return list(got) == list(want)


CHECKS: dict[str, Check] = {c.name: c for c in (
    CountWord(), CountWords(), SentencesWith(), SentencesStartingWith(), ShareWithWord(),
    DensestParagraph(), WordPositions(), TopContentWord(), MeanSentenceLength(),
    LongestSentence(), EventsWith())}


def _add_checks() -> None:
    """The checks tied to the notes and to notebook 06 (closereading.exercise_checks)."""
    import closereading.exercise_checks as more
    # When exercise_checks is imported first, it is not complete yet here; it adds its
    # checks itself once it is.
    CHECKS.update({c.name: c for c in getattr(more, "NEW_CHECKS", ())})



# ---------------------------------------------------------------------------------------
# Exercises as data


@dataclass(frozen=True)
class Mistake:
    diagnosis: str
    hint: str
    example: str = ""


@dataclass(frozen=True)
class Exercise:
    notebook: str
    section: int
    id: str
    title: str
    task: str
    check: str
    params: dict
    function: str
    starter: str
    hints: tuple[str, ...]
    solution: str
    mistakes: tuple[Mistake, ...]
    scope: str | None = None
    number: int = 0
    line: int | None = None
    #: What to do with the function once it is right: ("question", id) or ("prompt", text).
    follow_up: tuple = ()
    #: The notebook whose exercise this one deliberately repeats ("" when it is new).
    reuse: str = ""

    @property
    def kind(self) -> Check:
        return CHECKS[self.check]

    def hint_for(self, diagnosis: str) -> str:
        for m in self.mistakes:
            if m.diagnosis == diagnosis:
                return m.hint
        return ("Your function " + self.kind.diagnoses[diagnosis] + ".")

    def cases(self) -> list[Case]:
        return self.kind.cases(self.params, self.section, self.scope)


def exercises_path(notebook: str) -> Path:
    from closereading.materials import materials_file
    return materials_file("exercises", f"{_stem(notebook)}.yml")


def _stem(notebook: str) -> str:
    from closereading.excerpts import ExcerptsError, notebook_stem
    try:
        return notebook_stem(notebook)
    except ExcerptsError as exc:
        raise ExerciseError(str(exc)) from None


def _defines(code: str, name: str, nargs: int) -> str | None:
    """None if ``code`` is valid Python defining ``name`` with ``nargs`` parameters."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return f"is not valid Python (line {exc.lineno}: {exc.msg})"
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            n = len(node.args.posonlyargs) + len(node.args.args)
            if n != nargs:
                return f"defines {name}() with {n} parameter{'s' if n != 1 else ''}; the check calls it with {nargs}"
            return None
    return f"does not define a function named {name!r}"


def parse_exercises(data, path, *, notebook: str, section: int | None) -> tuple[Exercise, ...]:
    """Validate the data of one exercises file; every problem is reported at once."""
    from closereading.materials import (Problems, YMap, require_list, require_str,
                                        unknown_keys)
    problems = Problems()
    if not isinstance(data, list):
        problems.add(path, "should be a list of exercises, each starting with '- id:'",
                     line=getattr(data, "line", None))
        problems.raise_if_any()
    from closereading import text
    doc = text.load()
    # A notebook without a sub-section (06) reads the whole text: any paragraph may be a scope.
    pids = [p.id for p in (doc.paragraphs if section is None else doc.section(section).paragraphs)]
    result: list[Exercise] = []
    seen: dict[str, int] = {}
    functions: dict[str, str] = {}
    for i, entry in enumerate(data):
        item = f"exercise {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each exercise should be a mapping", item=item,
                         line=data.line_of(i))
            continue
        eid = require_str(entry, "id", problems, path, item)
        if eid is not None:
            from closereading.apparatus import ID_PATTERN
            if not ID_PATTERN.match(eid):
                problems.add(path, "should be lower-case letters, digits and single hyphens",
                             item=eid, field="id", line=entry.line_of("id"))
            if eid in seen:
                problems.add(path, f"duplicate id: already used by exercise {seen[eid]}",
                             item=eid, field="id", line=entry.line_of("id"))
            seen.setdefault(eid, i + 1)
            item = eid
        unknown_keys(entry, EXERCISE_FIELDS, problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item)
                  for k in ("title", "task", "check", "function", "starter", "solution")}
        kind = CHECKS.get(fields["check"]) if fields["check"] else None
        if fields["check"] and kind is None:
            problems.add(path, f"unknown check {fields['check']!r} (checks: "
                               f"{', '.join(CHECKS)})", item=item, field="check",
                         line=entry.line_of("check"))
        params = entry.get("params", YMap())
        scope = None
        if not isinstance(params, dict):
            problems.add(path, "should be a mapping of the check's parameters", item=item,
                         field="params", line=entry.line_of("params"))
            params = YMap()
        elif kind is not None:
            allowed = {p.name for p in kind.params} | {"scope"}
            for key in params:
                if key not in allowed:
                    problems.add(path, f"the check {kind.name!r} has no parameter {key!r} "
                                       f"(its parameters: {', '.join(sorted(allowed))})",
                                 item=item, field=f"params.{key}", line=entry.line_of("params"))
            for name, message in kind.check_params(params):
                problems.add(path, message, item=item, field=f"params.{name}",
                             line=entry.line_of("params"))
            scope = params.get("scope")
            if scope is not None:
                scope = str(scope)
                if kind.scope in ("paragraphs", "record") or (scope != "section" and scope not in pids):
                    problems.add(path, f"should be 'section' or a paragraph of "
                                       + (f"sub-section {section}" if section is not None
                                          else "the text") + f" ({', '.join(pids)})"
                                 + (" (this check always gets every paragraph)"
                                    if kind.scope == "paragraphs" else ""),
                                 item=item, field="params.scope", line=entry.line_of("params"))
        function = fields["function"]
        if function and (not function.isidentifier() or keyword.iskeyword(function)):
            problems.add(path, "should be a Python function name, such as count_word",
                         item=item, field="function", line=entry.line_of("function"))
            function = None
        elif function in functions:
            problems.add(path, f"the function name {function!r} is already used by exercise "
                               f"{functions[function]!r} of this notebook", item=item,
                         field="function", line=entry.line_of("function"))
        if function:
            functions.setdefault(function, item)
        if kind is not None and function:
            for key in ("starter", "solution"):
                if fields[key]:
                    problem = _defines(fields[key], function, len(kind.arguments))
                    if problem:
                        problems.add(path, problem, item=item, field=key,
                                     line=entry.line_of(key))
        hints = require_list(entry, "hints", problems, path, item) or []
        if not hints and "hints" in entry:
            problems.add(path, "needs at least one hint", item=item, field="hints",
                         line=entry.line_of("hints"))
        for h in hints:
            if not isinstance(h, str) or not h.strip():
                problems.add(path, "every hint should be a line of text", item=item,
                             field="hints", line=entry.line_of("hints"))
        mistakes: list[Mistake] = []
        raw_mistakes = require_list(entry, "mistakes", problems, path, item, optional=True) or []
        for j, m in enumerate(raw_mistakes):
            where = f"mistakes[{j}]"
            if not isinstance(m, YMap):
                problems.add(path, "each mistake should be a mapping with diagnosis, hint and "
                                   "example", item=item, field=where,
                             line=raw_mistakes.line_of(j))
                continue
            for key in m:
                if key not in MISTAKE_FIELDS:
                    problems.add(path, f"unknown field (known fields: "
                                       f"{', '.join(MISTAKE_FIELDS)})", item=item,
                                 field=f"{where}.{key}", line=m.line_of(key))
            diagnosis = require_str(m, "diagnosis", problems, path, item)
            hint = require_str(m, "hint", problems, path, item)
            example = require_str(m, "example", problems, path, item)
            if kind is not None and diagnosis is not None and diagnosis not in kind.diagnoses:
                problems.add(path, f"the check {kind.name!r} knows no mistake {diagnosis!r} "
                                   f"(it knows: {', '.join(kind.diagnoses)})", item=item,
                             field=f"{where}.diagnosis", line=m.line_of("diagnosis"))
                diagnosis = None
            if diagnosis in {x.diagnosis for x in mistakes}:
                problems.add(path, f"the mistake {diagnosis!r} is listed twice", item=item,
                             field=f"{where}.diagnosis", line=m.line_of("diagnosis"))
                diagnosis = None
            if example and kind is not None and function:
                problem = _defines(example, function, len(kind.arguments))
                if problem:
                    problems.add(path, problem, item=item, field=f"{where}.example",
                                 line=m.line_of("example"))
            if diagnosis and hint and example:
                mistakes.append(Mistake(diagnosis, hint, example))
        follow_up = _follow_up(entry, problems, path, item)
        reuse = _reuse(entry, problems, path, item)
        if eid and kind is not None and all(fields.values()) and hints and follow_up:
            result.append(Exercise(notebook, section, eid, fields["title"], fields["task"],
                                   kind.name, dict(params), function, _code(entry, "starter"),
                                   tuple(str(h) for h in hints), _code(entry, "solution"),
                                   tuple(mistakes), scope, len(result) + 1, entry.line,
                                   follow_up, reuse))
    problems.raise_if_any()
    return tuple(result)


def _follow_up(entry, problems, path, item) -> tuple:
    """``follow_up``: required; ``{question: <quiz question id>}`` or ``{prompt: <text>}``,
    what the learner does with the function once it is right."""
    value = entry.get("follow_up")
    line = entry.line_of("follow_up") if "follow_up" in entry else entry.line
    example = ("follow_up: {question: <a quiz question id>} or follow_up: {prompt: \"a "
               "question whose answer needs the value your function returns\"}")
    if value is None:
        problems.add(path, f"is required: what the learner does with the function once it "
                           f"is right ({example})", item=item, field="follow_up", line=line)
        return ()
    if not isinstance(value, dict) or len(value) != 1 or \
            next(iter(value)) not in ("question", "prompt"):
        problems.add(path, f"should be one of {example}", item=item, field="follow_up",
                     line=line)
        return ()
    (key, text), = value.items()
    if not isinstance(text, str) or not text.strip():
        problems.add(path, f"follow_up.{key} should be non-empty text", item=item,
                     field=f"follow_up.{key}", line=line)
        return ()
    text = " ".join(text.split())
    if key == "question":
        from closereading.materials import MaterialsError
        try:
            from closereading.quiz import load_banks
            load_banks().get(text)
        except MaterialsError as exc:
            problems.add(path, f"no quiz question {text!r}: "
                               + "; ".join(p.message for p in exc.problems)[:300],
                         item=item, field="follow_up.question", line=line)
            return ()
    return (key, text)


def _reuse(entry, problems, path, item) -> str:
    """``reuse``: optional; the notebook (``"01"`` or its stem) whose exercise this one
    repeats on purpose, so that the task says so and the hints can be lighter."""
    value = entry.get("reuse")
    if value is None:
        return ""
    from closereading.excerpts import ExcerptsError, notebook_stem
    try:
        return notebook_stem(str(value))
    except ExcerptsError as exc:
        problems.add(path, str(exc), item=item, field="reuse", line=entry.line_of("reuse"))
        return ""


def _code(entry, key) -> str:
    """Code from YAML, as written (a block ends with one newline)."""
    return str(entry[key]).rstrip() + "\n"


def load(notebook: str) -> tuple[Exercise, ...]:
    """The validated exercises of a notebook (cached until the file changes)."""
    from closereading.apparatus import _cached
    from closereading.course import load_course
    from closereading.materials import load_yaml
    stem = _stem(notebook)
    path = exercises_path(stem)
    # A notebook without a sub-section (00, 06, 07) has section None: its text checks read
    # the whole text, or the paragraph its exercise names as `scope` (00's warm-ups: 0.1).
    section = load_course().notebook(stem).section
    return _cached(path, ("exercises",),
                   lambda: parse_exercises(load_yaml(path), path, notebook=stem,
                                           section=section))


def get(notebook: str, exercise: str) -> Exercise:
    found = load(notebook)
    for ex in found:
        if ex.id == exercise:
            return ex
    raise ExerciseError(f"no exercise {exercise!r} in {exercises_path(notebook).name} "
                        f"(its exercises: {', '.join(e.id for e in found) or 'none'})")


def load_all() -> dict[str, tuple[Exercise, ...]]:
    """The exercises of every section notebook; all problems in one error."""
    from closereading.course import load_course
    from closereading.materials import load_each
    stems = [Path(nb.file).stem for nb in load_course().notebooks]
    return load_each(load, [s for s in stems if exercises_path(s).exists()])


# ---------------------------------------------------------------------------------------
# Running a learner's function safely


class _TimeLimit(BaseException):
    """Raised inside a learner's function that runs past the time limit. A BaseException,
    so that ``except Exception`` in the learner's code does not swallow it. A bare
    ``except:`` (or ``except BaseException``) can catch it, so the guard does not rely on
    it getting through: once the limit is reached the call counts as stopped whatever
    the function does next, and the timer keeps raising until the function has ended."""


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None
    where: str = ""          # "line 3: return total / n" in the learner's code
    printed: str = ""
    timed_out: bool = False


def run_guarded(fn: Callable, args: tuple, *, time_limit: float | None = None) -> Outcome:
    """Call ``fn(*args)`` on copies of the arguments, capturing what it prints and any
    warning, stopping it after ``time_limit`` seconds (default :data:`TIME_LIMIT`), and
    catching what it raises."""
    out = Outcome()
    buffer = io.StringIO()
    deadline = time.monotonic() + (TIME_LIMIT if time_limit is None else time_limit)
    calls = [0]
    state = {"running": True, "fired": False}   # "fired": the limit was reached

    def stop():
        state["fired"] = True
        raise _TimeLimit()

    def tracer(frame, event, arg):
        calls[0] += 1
        if calls[0] & 0x3FF == 0 and time.monotonic() > deadline:
            stop()
        return tracer

    previous = sys.gettrace()
    limit = TIME_LIMIT if time_limit is None else time_limit
    try:
        with redirect_stdout(buffer), redirect_stderr(buffer), warnings.catch_warnings(), \
                _alarm(limit + 0.5, lambda: state["running"] and stop()):
            warnings.simplefilter("ignore")
            sys.settrace(tracer)
            try:
                out.value = fn(*copy.deepcopy(args))
            finally:
                state["running"] = False
                sys.settrace(previous)
    except _TimeLimit:
        out.timed_out = True
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
        out.error = exc
        out.where = _learner_line(exc, fn)
    if state["fired"]:   # the learner's code caught the stop: it still ran too long
        out.timed_out, out.value, out.error, out.where = True, None, None, ""
    out.printed = buffer.getvalue()
    return out


ALARM_REPEAT = 0.05   # seconds between the timer's rings once the limit is passed


@contextmanager
def _alarm(seconds: float, ring_action: Callable[[], Any]):
    """A second guard against endless loops, for the loops that emit no trace event (in
    Python 3.10, ``while True: pass`` on one line) and for code that catches the first
    stop with a bare ``except:``: a timer signal that calls ``ring_action`` (which raises
    :class:`_TimeLimit`) after ``seconds``, then again every :data:`ALARM_REPEAT` seconds
    until the block ends. Only where signals can be used (POSIX, the main thread); a
    timer already set (pytest-timeout's, for instance) is put back afterwards."""
    usable = (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def ring(signum, frame):
        ring_action()

    old_handler = signal.signal(signal.SIGALRM, ring)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:
            left = old_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), old_interval)


def _learner_line(exc: BaseException, fn) -> str:
    """The last line of the learner's own code that the error passed through."""
    code = getattr(fn, "__code__", None)
    filename = code.co_filename if code else None
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb
        tb = tb.tb_next
    if found is None:
        return ""
    lineno = found.tb_lineno
    source = linecache.getline(filename, lineno).strip()
    return f"line {lineno}" + (f": {source}" if source else "")


def _clip(text: str, limit: int) -> str:
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)
    return text if len(text) <= limit else text[:limit - 4] + " ..."


def _short_repr(value, limit: int = 160) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a learner's object may have a broken repr
        text = f"<{_type_name(value)}>"
    return _clip(text, limit)


# ---------------------------------------------------------------------------------------
# Grading


STATUS_WORDS = {"not-attempted": "Not attempted yet.", "correct": "Correct.",
                "incorrect": "Not yet right.", "error": "There is a problem with your function."}
_STATUS_COLOUR = {"not-attempted": "#6b7280", "correct": "#009E73", "incorrect": "#E69F00",
                  "error": "#D55E00"}


@dataclass(frozen=True)
class Result:
    """What a check found: the status in words, a message and perhaps a hint."""
    exercise: str
    status: str                  # not-attempted | correct | incorrect | error
    message: str
    hint: str = ""
    diagnosis: str | None = None
    notes: tuple[str, ...] = field(default=())
    value: str = ""              # what the function returned on the course text (correct)
    hint_label: str = ""         # "Hint 2 of 3" when the hint is one of the exercise's hints
    follow_up: str = ""          # what to do next with the function (after "Correct.")
    #: Where a function that matches no known mistake gives another answer than the
    #: task's rule: one line per input (closereading.exercise_contrasts).
    differs: tuple[str, ...] = field(default=())
    notebook: str = ""           # the exercise's notebook: the buttons under it need it

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def text(self) -> str:
        lines = [f"{STATUS_WORDS[self.status]} {self.message}"]
        lines += [f"  - {d}" for d in self.differs]
        if self.hint:
            lines.append(f"{self.hint_label or 'Hint'}: {self.hint}")
        lines += list(self.notes)
        if self.follow_up:
            lines.append(f"Next: {self.follow_up}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = _STATUS_COLOUR[self.status]
        hint = (f'<p style="margin:0.3em 0 0 0"><strong>{esc(self.hint_label or "Hint")}:'
                f'</strong> {_inline(self.hint)}</p>') if self.hint else ""
        notes = "".join(f'<p style="margin:0.3em 0 0 0">{_inline(n)}</p>' for n in self.notes)
        nxt = (f'<p style="margin:0.3em 0 0 0"><strong>Next:</strong> {_inline(self.follow_up)}'
               f"</p>") if self.follow_up else ""
        differs = ('<ul class="cr-exercise-differs" style="margin:0.3em 0">'
                   + "".join(f"<li>{_inline(d)}</li>" for d in self.differs)
                   + "</ul>") if self.differs else ""
        return (f'<div role="status" class="cr-exercise-result cr-exercise-{esc(self.status)}" '
                f'style="border-left:4px solid {colour};padding:0.3em 0.7em;'
                f'margin:0.3em 0"><p style="margin:0"><strong>{esc(STATUS_WORDS[self.status])}'
                f"</strong> {_inline(self.message)}</p>{differs}{hint}{notes}{nxt}</div>")

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, p, cycle):
        p.text(self.text)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a kernel, the result with its *Hint* and *Show solution* buttons (a widget,
        :class:`closereading.exercise_progress.Controls`); everywhere, the same result as
        HTML and text, which is what nbval compares and what a reader without a kernel
        sees (no button)."""
        data = {}
        if self.notebook:
            from closereading.exercise_progress import Controls
            data = Controls(self).widget._repr_mimebundle_() or {}
        data["text/plain"] = self.text
        data["text/html"] = self._repr_html_()
        return data


# ---------------------------------------------------------------------------------------
# Exercise cells that did not run


@dataclass(frozen=True)
class CellRun:
    """The last run of a cell that defines a function: whether it ran to the end."""
    ok: bool
    error: str = ""       # "SyntaxError on line 3: expected ':'", when not ok


_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)", re.M)
_cell_runs: dict[str, CellRun] = {}   # function name -> the last cell run that defines it


def _cell_error(err: BaseException | None) -> str:
    """An error of a cell, in words, with the line of the cell where it happened."""
    if err is None:
        return ""
    name = type(err).__name__
    if isinstance(err, SyntaxError):
        msg = err.msg or ""
        where = f" on line {err.lineno}" if err.lineno else ""
        return f"{name}{where}" + (f": {msg}" if msg else "")
    line, tb = None, err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "<module>":
            line = tb.tb_lineno
        tb = tb.tb_next
    msg = _clip(str(err).strip(), 120)
    return f"{name}" + (f" on line {line}" if line else "") + (f": {msg}" if msg else "")


def record_cell(source: str, error: BaseException | None) -> None:
    """Note that a cell ran (``error`` None) or stopped (``error``), for each function it
    defines. :func:`watch_cells` calls it after every cell; tests may call it directly."""
    names = set(_DEF.findall(source or ""))
    for name in names:
        _cell_runs[name] = CellRun(error is None, _cell_error(error))


def _after_cell(result) -> None:
    info = getattr(result, "info", None)
    error = getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)
    source = getattr(info, "raw_cell", "") or ""
    record_cell(source, error)
    if error is not None:
        note = broken_cell_note(source, error)
        # IPython.display is loaded in every kernel that runs this hook
        display = getattr(sys.modules.get("IPython.display"), "display", None)
        if note is not None and display is not None:
            display(note)


def _exercise_functions() -> dict[str, Exercise]:
    """The exercises of the course, by the name of the learner's function (the first, when
    two notebooks use one name)."""
    found: dict[str, Exercise] = {}
    try:
        for exs in load_all().values():
            for ex in exs:
                found.setdefault(ex.function, ex)
    except Exception:  # noqa: BLE001 - a broken materials file is reported elsewhere
        pass
    return found


def broken_cell_note(source: str, error: BaseException) -> Rich | None:
    """What a learner reads under an exercise cell that stopped with an error: what went
    wrong, on which line, what to do, and that Run All goes on past the cell (the exercise
    cells are tagged ``raises-exception``). None for a cell that defines no exercise's
    function."""
    functions = _exercise_functions()
    names = [n for n in dict.fromkeys(_DEF.findall(source or "")) if n in functions]
    if not names:
        return None
    what = _cell_error(error)
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    if line is None:
        found = re.search(r" on line (\d+)", what)
        line = int(found.group(1)) if found else None
    if isinstance(error, SyntaxError):
        fix = (f"Python could not read line {line} of this cell" if line else
               "Python could not read this cell") + (
            ": look there, and at the end of the line just above it, for a missing `:`, "
            "bracket or quotation mark, or an indent that does not line up.")
    else:
        fix = (f"The cell stopped at line {line}" if line else "The cell stopped") + (
            ": the error above names what went wrong there.")
    tail = (f" Fix it, run this cell again, then run the check below it; until then the "
            f"check does not judge `{names[0]}`. Run All does not stop at this cell: the "
            f"cells below it still run.")
    text = f"This exercise cell did not run ({what}). {fix}{tail}"
    html = (f'<div role="status" class="cr-exercise-broken" style="border-left:4px solid '
            f'#D55E00;padding:0.3em 0.7em;margin:0.3em 0"><p style="margin:0"><strong>This '
            f"exercise cell did not run</strong> ({esc(what)}). {_inline(fix)}"
            f"{_inline(tail)}</p></div>")
    return Rich(html, text)


def watch_cells(shell=None) -> bool:
    """Follow the cells run in IPython (the running one when ``shell`` is None), so that a
    check knows when an exercise cell failed. Done once when this module is imported;
    safe to call again. Returns False outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # not imported: not running in IPython
        shell = ipython.get_ipython() if ipython is not None else None
    events = getattr(shell, "events", None)
    if events is None:
        return False
    old = getattr(shell, "_closereading_cell_hook", None)
    if old is not None:
        try:
            events.unregister("post_run_cell", old)
        except ValueError:
            pass
    events.register("post_run_cell", _after_cell)
    shell._closereading_cell_hook = _after_cell
    return True


def _cell_problem(ex: Exercise) -> Result | None:
    run = _cell_runs.get(ex.function)
    if run is None or run.ok:
        return None
    return Result(ex.id, "error",
                  f"The exercise cell did not run ({run.error}): fix it and run it again, "
                  f"then run this cell. Until that cell runs, the check would only see the "
                  f"`{ex.function}` of an earlier run, so it does not judge it.")


def _signature_problem(fn, kind: Check) -> str | None:
    import inspect
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    try:
        sig.bind(*range(len(kind.arguments)))
    except TypeError:
        params = [p.name for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        want = ", ".join(kind.arguments)
        have = ", ".join(params) if params else "none"
        return (f"The check calls your function with {len(kind.arguments)} argument"
                f"{'s' if len(kind.arguments) != 1 else ''} ({want}); yours takes "
                f"{len(params)} ({have}). Change the line that starts with `def`.")
    return None


def grade(ex: Exercise, fn) -> Result:
    """Grade a learner's function for an exercise."""
    kind = ex.kind
    name = ex.function
    if fn is None or fn is Ellipsis:
        return Result(ex.id, "not-attempted",
                      f"Write `{name}` in the cell above, run it, then run this cell again.")
    if not callable(fn):
        return Result(ex.id, "error",
                      f"The check needs your function itself, not a value: write `{name}` "
                      f"without brackets after it (you gave {_type_name(fn)}).")
    problem = _signature_problem(fn, kind)
    if problem:
        return Result(ex.id, "error", problem)
    results = []
    for n, case in enumerate(ex.cases()):
        out = run_guarded(fn, case.args)
        on = f"on {case.label}"
        if out.timed_out:
            return Result(ex.id, "error",
                          f"Your function was still running after {TIME_LIMIT:g} seconds "
                          f"{on}, so it was stopped. Look for a loop that never ends (a "
                          f"`while` whose condition never becomes false).")
        if out.error is not None:
            msg = _clip(str(out.error).strip(), 200)
            return Result(ex.id, "error",
                          f"Your function raised {type(out.error).__name__}"
                          + (f" ({msg})" if str(out.error).strip() else "")
                          + (f" at {out.where}" if out.where else "")
                          + f", {on}. Read that line again; to try your function on the "
                            f"same input, call it with `**exercises.inputs(...)`.")
        if out.value is None or out.value is Ellipsis:
            if n == 0 and not out.printed:
                return Result(ex.id, "not-attempted",
                              f"`{name}` still returns nothing: replace the `...` in its cell "
                              "with your code, run that cell, then run this one again.")
            if out.printed:
                return Result(ex.id, "incorrect",
                              f"Your function printed its answer but returned None {on}. "
                              "Use `return` to hand the answer back instead of `print`.")
            return Result(ex.id, "incorrect",
                          f"Your function returned None {on}. Does every path through it "
                          "end with a `return`?")
        wrong_type = kind.type_problem(out.value)
        if wrong_type:
            return Result(ex.id, "incorrect",
                          f"{wrong_type[0].upper() + wrong_type[1:]} ({kind.show(out.value)}), "
                          f"{on}.")
        results.append((case, out))

    printed = any(out.printed for _, out in results)
    notes = (("Note: your function also prints. A checked function should return its "
              "answer; remove the print calls when you are done.",) if printed else ())
    expected = [kind.expected(*case.args) for case, _ in results]
    right = [kind.same(out.value, want) for (_, out), want in zip(results, expected)]
    if all(right):
        extra = len(results) - 1
        return Result(ex.id, "correct",
                      f"`{name}` gives the right answer for {results[0][0].label}"
                      + (f" and for {extra} small test text{'s' if extra != 1 else ''}."
                         if extra else "."), notes=notes,
                      value=kind.show(results[0][1].value))

    diagnosis = _diagnose(kind, results, expected) or kind.telltale(
        [out.value for _, out in results], expected)
    if diagnosis:
        return Result(ex.id, "incorrect", _first_wrong(kind, results, expected, right),
                      hint=ex.hint_for(diagnosis), diagnosis=diagnosis, notes=notes)
    # No known mistake: say on which small inputs the function gives another answer than
    # the task's rule, and how (closereading.exercise_contrasts); never guess at a cause.
    from closereading.exercise_contrasts import differences
    differs = differences(kind, ex.params, fn)
    if right[0]:
        course = results[0][0].label.split(",")[0]
        head = f"Your function gives the right answer for {course}, but not on every input"
        message = (head + ". It differs from the task's rule on these inputs:" if differs
                   else head + ". " + _first_wrong(kind, results, expected, right))
    else:
        message = _first_wrong(kind, results, expected, right) + (
            " It differs from the task's rule on these small inputs:" if differs else "")
    return Result(ex.id, "incorrect", message, hint=ex.hints[0], notes=notes, differs=differs)


def _diagnose(kind: Check, results, expected) -> str | None:
    """The known mistake that gives exactly the learner's answers on every input."""
    variants = [kind.variants(*case.args) for case, _ in results]
    for name in kind.diagnoses:
        per_case = [v.get(name, _MISSING) for v in variants]
        if any(v is _MISSING for v in per_case):
            continue
        if all(kind.same(want, v) for want, v in zip(expected, per_case)):
            continue  # this mistake makes no difference on these inputs
        if all(_same_variant(kind, out.value, v) for (_, out), v in zip(results, per_case)):
            return name
    return None


_MISSING = object()


def _same_variant(kind: Check, got, variant) -> bool:
    if isinstance(variant, (int, float)) and not isinstance(variant, bool):
        return _is_number(got) and math.isclose(float(got), float(variant), rel_tol=1e-9,
                                                abs_tol=1e-9)
    try:
        return kind.same(got, variant)
    except Exception:  # noqa: BLE001
        return False


def _first_wrong(kind: Check, results, expected, right) -> str:
    for (case, out), want, ok in zip(results, expected, right):
        if ok:
            continue
        got = kind.show(out.value)
        if case.course_text:
            return (f"For {case.label}, your function returned {got}, which is not the "
                    f"answer." + _what_it_counts(kind, case, out.value, want))
        return (f"For {case.label}, your function returned {got}; the answer is "
                f"{kind.show(want)}.")
    return ""


def _what_it_counts(kind: Check, case: Case, value, want) -> str:
    """What a wrong value on the course text counts, without giving the answer: the known
    mistake that gives the same value there, or else whether it is too high or too low (a
    number), or has too many or too few items (a list)."""
    try:
        variants = kind.variants(*case.args)
    except Exception:  # noqa: BLE001 - a variant the course input cannot give
        variants = {}
    got = kind.show(value)
    for name, variant in variants.items():
        if name in kind.diagnoses and not kind.same(want, variant) and \
                _same_variant(kind, value, variant):
            return f" That is what a function returns here that {kind.diagnoses[name]}."
    if _is_number(value) and _is_number(want) and not isinstance(want, bool):
        more = float(value) > float(want)
        said = f" {got} is {'more' if more else 'less'} than the answer"
        if not _is_int(want):
            return said + "."
        return said + (": your function counts something the task's rule leaves out." if more
                       else ": your function misses something the task's rule counts.")
    if isinstance(value, (list, tuple)) and isinstance(want, (list, tuple)) and \
            len(value) != len(want):
        more = len(value) > len(want)
        return (f" Your list has {len(value)} item{'s' if len(value) != 1 else ''}, "
                f"{'more' if more else 'fewer'} than the answer: it "
                f"{'keeps something the rule leaves out' if more else 'misses something the rule keeps'}.")
    return ""


# ---------------------------------------------------------------------------------------
# What the notebooks call


_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def _inline(text: str) -> str:
    """Escape text for HTML; `backticks` become code and *asterisks* emphasis."""
    parts = str(text).split("`")
    return "".join(f"<code>{esc(p)}</code>" if i % 2 else
                   _EMPHASIS.sub(r"<em>\1</em>", esc(p)) for i, p in enumerate(parts))


def _block(text: str) -> str:
    """Paragraphs (separated by blank lines) of escaped text with `code`."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return "".join(f'<p style="margin:0.3em 0">{_inline(" ".join(p.split()))}</p>'
                   for p in paras)


def _plain(text: str) -> str:
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return "\n".join(paras)


def _code_html(code: str, label: str) -> str:
    return (f'<pre aria-label="{esc(label)}" style="background:#f5f5f5;color:#1a1a1a;'
            f'font-family:monospace;padding:0.5em;border-radius:3px;overflow-x:auto">'
            f"{esc(code.rstrip())}</pre>")


def task(notebook: str, exercise: str) -> Rich:
    """The task of an exercise with its hints (each folded away until opened); in the
    teacher edition, also the reference solution and the typical mistakes."""
    from closereading.paths import edition
    ex = get(notebook, exercise)
    teacher = edition() == "teacher"
    kind = ex.kind
    total = len(load(notebook))
    head = f"Exercise {ex.number} of {total}: {ex.title}"
    signature = f"{ex.function}({', '.join(kind.arguments)})"
    from closereading.exercise_contrasts import rule
    matching = rule(kind.name, ex.params)
    html = [f'<section aria-label="{esc(head)}"><p><strong>{esc(head)}</strong></p>',
            _block(ex.task),
            f'<p style="margin:0.3em 0">Write <code>{esc(signature)}</code>; it should return '
            f"{esc(kind.returns)}. Then run the check cell below it.</p>"]
    text = [head, _plain(ex.task),
            f"Write {signature}; it should return {kind.returns}. Then run the check cell "
            "below it."]
    if matching:
        html.append(f'<p class="cr-exercise-rule" style="margin:0.3em 0"><strong>How words '
                    f"match:</strong> {_inline(matching)}</p>")
        text.append(f"How words match: {matching}")
    if ex.reuse:
        reuse = (f"You wrote this function in notebook {ex.reuse[:2]}: paste yours here, "
                 f"or write it again; the hints are lighter this time.")
        html.insert(1, f'<p style="margin:0.3em 0"><em>{esc(reuse)}</em></p>')
        text.insert(1, reuse)
    how = ("Each new check of a wrong function shows the next hint, and so does the *Hint* "
           "button under the check; after two checks that fail, its *Show solution* button "
           "offers the solution.")
    html.append(f'<p style="margin:0.3em 0">{_inline(how)}</p>')
    text.append(how)
    for i, h in enumerate(ex.hints, 1):
        if teacher:
            html.append(f'<p style="margin:0.3em 0"><strong>Hint {i}:</strong> {_inline(h)}</p>')
        else:
            html.append(f'<details style="margin:0.3em 0"><summary>Hint {i} (click to open)'
                        f"</summary><p style=\"margin:0.3em 0 0 1em\">{_inline(h)}</p></details>")
        text.append(f"Hint {i}: {_plain(h)}")
    if teacher:
        html.append("<p><strong>Reference solution (teacher edition):</strong></p>")
        html.append(_code_html(ex.solution, "Reference solution"))
        text += ["Reference solution (teacher edition):", ex.solution.rstrip()]
        if ex.mistakes:
            html.append("<p><strong>Typical mistakes and the hint each gets:</strong></p><ul>")
            text.append("Typical mistakes and the hint each gets:")
            for m in ex.mistakes:
                html.append(f"<li><p style=\"margin:0.2em 0\"><em>{esc(m.diagnosis)}</em>: "
                            f"{esc(kind.diagnoses[m.diagnosis])}. Hint: {_inline(m.hint)}</p>"
                            f"{_code_html(m.example, 'Example of the mistake')}</li>")
                text.append(f"  - {m.diagnosis}: {kind.diagnoses[m.diagnosis]}. Hint: {m.hint}")
            html.append("</ul>")
    html.append("</section>")
    return Rich("".join(html), "\n".join(text))


def starter(notebook: str, exercise: str) -> str:
    """The starter code of an exercise (what the learner's cell holds at first)."""
    return get(notebook, exercise).starter


def solution(notebook: str, exercise: str) -> str:
    """The reference solution (teacher material: for the teacher edition and the tests)."""
    return get(notebook, exercise).solution


def inputs(notebook: str, exercise: str) -> dict:
    """The arguments the check passes first (the course text), by parameter name, so that a
    learner can try a function on them: ``count_word(**exercises.inputs(...))``."""
    ex = get(notebook, exercise)
    case = ex.cases()[0]
    return dict(zip(ex.kind.arguments, case.args))


def check(notebook: str, exercise: str, fn=None) -> Result:
    """Grade the learner's function. Without ``fn``, the function named in the exercise is
    looked up among the caller's variables (the notebook's), so that a cell that was never
    run reads as "not attempted yet" rather than a NameError."""
    ex = get(notebook, exercise)
    stopped = _cell_problem(ex)
    if stopped is not None:
        return dataclasses.replace(stopped, notebook=ex.notebook)
    if fn is None:
        caller = sys._getframe(1).f_globals
        fn = caller.get(ex.function)
    from closereading.exercise_progress import recorded
    return recorded(ex, grade(ex, fn), fn=fn)


def notebook(notebook: str):
    """A notebook's exercises, bound once: ``ex = exercises.notebook("01-harmonious-world")``,
    then ``ex.count_should.task()``, ``.check(count_word)``, ``.hint()``, ``.solution()``."""
    from closereading.exercise_progress import BoundNotebook
    return BoundNotebook(notebook)


def hint(notebook: str, exercise: str):
    """The next hint of an exercise, on request (recorded; the last one stays)."""
    from closereading.exercise_progress import hint as _hint
    return _hint(get(notebook, exercise))


def show_solution(notebook: str, exercise: str, *, confirm: bool = False):
    """The solution for a learner, after two failed checks and a confirmation; recorded."""
    from closereading.exercise_progress import show_solution as _show
    return _show(get(notebook, exercise), confirm=confirm)


def compile_function(code: str, name: str, label: str = "<exercise>") -> Callable:
    """Define a function from code (a solution or a mistake's example, for the tests and
    the teacher edition) and return it."""
    namespace: dict[str, Any] = {"__name__": "__exercise__"}
    exec(compile(code, label, "exec"), namespace)  # noqa: S102 - teacher material
    return namespace[name]


def counts(notebook: str) -> dict:
    """Numbers for reports: how many exercises, of which checks."""
    found = load(notebook)
    return {"exercises": len(found), "checks": sorted({e.check for e in found})}


watch_cells()
_add_checks()  # last: the new checks build on the helpers above
