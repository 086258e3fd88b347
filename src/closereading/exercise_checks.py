"""Checks tied to claims the notes make: who comes before "should", which modal verb each
sentence uses, how sentences begin; and, for notebook 06, its by-hand statistics (the
type-token ratio, a rate per 1,000 words, a keyword in context).

Each is a :class:`closereading.exercises.Check` (the same contract: the learner's
arguments, the right answer computed with the course's tokenizer and splitter, small
built-in texts, and the known mistakes by name); :mod:`closereading.exercises` adds them
to its ``CHECKS``.
"""

from __future__ import annotations

from closereading.exercises import (CHECKS, Check, Param, ShareWithWord, _expect_str_list, _is_int,
                                    _is_number, _sentences, _short_repr, _type_name, _words)


def _tokens(text: str) -> list[str]:
    from closereading.stats import tokenize
    return tokenize(text)


class WordBefore(Check):
    name = "word-before"
    summary = ("The word just before each occurrence of a word (lower-cased, in the order "
               "of the text); an occurrence that opens the text has none and is skipped.")
    arguments = ("text", "word")
    returns = "a list of words (str), in the order of the text"
    params = (Param("word", "text", "the word whose neighbour on the left is wanted"),)
    diagnoses = {
        "after": "gives the word after each occurrence, not the word before",
        "wraparound": "takes `words[i - 1]` for an occurrence at position 0, which is the "
                      "last word of the text in Python, not a word before it",
        "case-sensitive": "compares the words as written, so 'Should' at the start of a "
                          "sentence is missed",
        "substring": "also stops at longer words that contain the word (such as "
                     "'shoulder' for 'should')",
    }

    def probes(self, params):
        return [(("Should they? All Countries Should agree; the shoulder should rest.",
                  "should"), "the text 'Should they? All Countries Should agree; the "
                             "shoulder should rest.', word 'should'"),
                (("Trust builds trust.", "trust"), "the text 'Trust builds trust.', word 'trust'")]

    @staticmethod
    def _before(ws, hits, wrap=False):
        return [ws[i - 1] for i in hits if i > 0 or (wrap and ws)]

    def expected(self, text, word):
        ws = _words(text)
        return self._before(ws, [i for i, w in enumerate(ws) if w == word.lower()])

    def variants(self, text, word):
        ws = _words(text)
        target = word.lower()
        hits = [i for i, w in enumerate(ws) if w == target]
        toks = _tokens(text)
        return {
            "after": [ws[i + 1] for i in hits if i + 1 < len(ws)],
            "wraparound": self._before(ws, hits, wrap=True),
            "case-sensitive": [toks[i - 1].lower() for i, t in enumerate(toks)
                               if t == target and i > 0],
            "substring": self._before(ws, [i for i, w in enumerate(ws) if target in w]),
        }

    def type_problem(self, value):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            return f"a list of words is expected, and your function returned {_type_name(value)}"
        bad = [v for v in value if not isinstance(v, str)]
        return f"every item should be a word (str); one is {_type_name(bad[0])}" if bad else None

    def same(self, got, want):
        return isinstance(got, (list, tuple)) and list(got) == list(want)


class ShouldBe(Check):
    name = "should-be"
    summary = ("The word after each \"should be\" (lower-cased, in the order of the text): "
               "in this text, the participle of a passive that need not say who acts.")
    arguments = ("text",)
    returns = "a list of words (str), in the order of the text"
    diagnoses = {
        "after-should": "gives the word after every \"should\", not only after \"should be\"",
        "be-itself": "gives \"be\" itself, the word after \"should\", not the word after \"be\"",
        "case-sensitive": "compares the words as written, so \"Should Be\" is missed",
        "split": "splits on spaces, so punctuation stays attached (\"avoided.\")",
    }

    def probes(self, params):
        text = ("Disputes should be settled. Nothing Should Be assumed; trade should grow, and "
                "talks should be held.")
        return [((text,), f"the text {text!r}")]

    def args(self, course, params):
        return (course,)

    def describe_args(self, label, params):
        return label

    @staticmethod
    def _after(ws):
        return [ws[i + 2] for i in range(len(ws) - 2) if ws[i] == "should" and ws[i + 1] == "be"]

    def expected(self, text):
        return self._after(_words(text))

    def variants(self, text):
        ws = _words(text)
        pairs = [i for i in range(len(ws) - 1) if ws[i] == "should" and ws[i + 1] == "be"]
        return {"after-should": [ws[i + 1] for i in range(len(ws) - 1) if ws[i] == "should"],
                "be-itself": [ws[i + 1] for i in pairs],
                "case-sensitive": [w.lower() for w in self._after(_tokens(text))],
                "split": self._after(text.lower().split())}

    type_problem = WordBefore.type_problem
    same = WordBefore.same


class SentenceModals(Check):
    name = "sentence-modals"
    summary = ("For each sentence, the first of the given modal verbs that it uses (as a "
               "whole word, any case), or None when it uses none.")
    arguments = ("text", "modals")
    returns = "a list with one item per sentence: a modal verb (str, lower-cased) or None"
    params = (Param("modals", "texts", "the modal verbs to look for"),)
    diagnoses = {
        "skip-none": "leaves out the sentences without a modal verb, so the list no longer "
                     "has one item per sentence",
        "list-order": "gives the modal that comes first in the list of modals, not the one "
                      "that comes first in the sentence",
        "substring": "also finds a modal inside a longer word (such as 'will' in 'willing')",
        "case-sensitive": "misses a modal written with a capital ('Will they?')",
    }

    def probes(self, params):
        text = "Countries should act and will act. It is willing. Will they? We must."
        modals = ["will", "should", "must"]
        return [((text, modals), f"the text {text!r}, modals {modals!r}")]

    def args(self, course, params):
        return (course, list(params["modals"]))

    @staticmethod
    def _first(ws, modals):
        return next((w for w in ws if w in modals), None)

    def expected(self, text, modals):
        ms = [m.lower() for m in modals]
        return [self._first(_words(s), ms) for s in _sentences(text)]

    def variants(self, text, modals):
        ms = [m.lower() for m in modals]
        ss = _sentences(text)
        right = self.expected(text, modals)
        return {
            "skip-none": [m for m in right if m is not None],
            "list-order": [next((m for m in ms if m in _words(s)), None) for s in ss],
            "substring": [next((w2 for w2 in (next((m for m in ms if m in w), None)
                                               for w in _words(s)) if w2), None) for s in ss],
            "case-sensitive": [self._first(_tokens(s), ms) for s in ss],
        }

    def type_problem(self, value):
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            return (f"a list (one item per sentence) is expected, and your function returned "
                    f"{_type_name(value)}")
        bad = [v for v in value if v is not None and not isinstance(v, str)]
        return (f"every item should be a modal verb (str) or None; one is "
                f"{_type_name(bad[0])}") if bad else None

    def same(self, got, want):
        return isinstance(got, (list, tuple)) and list(got) == list(want)


class FirstWords(Check):
    name = "first-words"
    summary = "The first word of each sentence, lower-cased, in the order of the text."
    arguments = ("text",)
    returns = "a list of words (str), one per sentence"
    diagnoses = {
        "split": "takes the first piece of `split()`, so punctuation stays attached "
                 "('however,')",
        "case-sensitive": "keeps the words as written ('China'), not lower-cased",
        "first-letters": "gives the first letter of each sentence, not its first word",
    }

    def probes(self, params):
        text = "However, trade grows. China acts. Peace -- and development -- matter."
        return [((text,), f"the text {text!r}")]

    def args(self, course, params):
        return (course,)

    def describe_args(self, label, params):
        return label

    def expected(self, text):
        return [(_words(s) or [""])[0] for s in _sentences(text)]

    def variants(self, text):
        ss = _sentences(text)
        return {"split": [(s.split() or [""])[0].lower() for s in ss],
                "case-sensitive": [(_tokens(s) or [""])[0] for s in ss],
                "first-letters": [s.strip()[:1] for s in ss]}

    def type_problem(self, value):
        problem = _expect_str_list(value)
        return problem.replace("sentence", "word") if problem else None

    def same(self, got, want):
        return isinstance(got, (list, tuple)) and list(got) == list(want)


class _Number(Check):
    TOLERANCE = 1e-9
    type_problem = ShareWithWord.type_problem
    same = ShareWithWord.same

    def show(self, value):
        return f"{value:.2f}" if _is_number(value) and not _is_int(value) else _short_repr(value)


class TypeTokenRatio(_Number):
    name = "type-token-ratio"
    summary = "The type-token ratio: different words (types) divided by all words (tokens)."
    arguments = ("text",)
    returns = "a number from 0 to 1 (float)"
    diagnoses = {
        "inverse": "divides the tokens by the types, the other way round",
        "percent": "gives a percentage (0 to 100) instead of a ratio (0 to 1)",
        "split": "splits on spaces, so 'peace,' and 'peace' (or 'The' and 'the') count as "
                 "two types",
        "hapax": "divides the words used only once, not all the different words",
    }

    def probes(self, params):
        text = "Peace, peace and development. The development of peace."
        return [((text,), f"the text {text!r}")]

    def args(self, course, params):
        return (course,)

    def describe_args(self, label, params):
        return label

    def expected(self, text):
        ws = _words(text)
        return len(set(ws)) / len(ws) if ws else 0.0

    def variants(self, text):
        ws = _words(text)
        if not ws:
            return {}
        from collections import Counter
        pieces = text.split()
        counts = Counter(ws)
        return {"inverse": len(ws) / len(set(ws)),
                "percent": 100 * len(set(ws)) / len(ws),
                "split": len(set(pieces)) / len(pieces) if pieces else 0.0,
                "hapax": sum(1 for c in counts.values() if c == 1) / len(ws)}


class RatePerThousand(_Number):
    name = "rate-per-thousand"
    summary = "How often a word occurs per 1,000 words of a text (whole words, any case)."
    arguments = ("text", "word")
    returns = "a number (float)"
    params = (Param("word", "text", "the word to count"),)
    diagnoses = {
        "per-word": "divides by the number of words but does not multiply by 1,000",
        "percent": "multiplies by 100 (a percentage), not by 1,000",
        "raw-count": "gives the count, without dividing by the length of the text",
        "substring": "counts the word inside longer words too (as str.count does)",
        "unlowered-word": "compares the lower-cased words with the word as given, so a "
                          "word given with a capital is never found",
    }

    def probes(self, params):
        return [(("China and China's neighbours. China acts.", "China"),
                 "the text \"China and China's neighbours. China acts.\", word 'China'"),
                # the word next to a comma or a full stop is still the word
                (("China, then trade with China.", "China"),
                 "the text 'China, then trade with China.', word 'China'")]

    def expected(self, text, word):
        ws = _words(text)
        return 1000 * ws.count(word.lower()) / len(ws) if ws else 0.0

    def variants(self, text, word):
        ws = _words(text)
        if not ws:
            return {}
        n = ws.count(word.lower())
        return {"per-word": n / len(ws), "percent": 100 * n / len(ws), "raw-count": n,
                "substring": 1000 * text.lower().count(word.lower()) / len(ws),
                "unlowered-word": 1000 * ws.count(word) / len(ws)}


class KwicByHand(Check):
    name = "kwic-by-hand"
    summary = ("A keyword in context by hand: for each occurrence of a word in a list of "
               "words, the `width` words before it and the `width` words after it.")
    arguments = ("words", "word", "width")
    returns = ("a list of (left, right) pairs of strings: the words before and after each "
               "occurrence, joined by spaces")
    params = (Param("word", "text", "the keyword"), Param("width", "int", "words on each side"))
    scope = "words"
    diagnoses = {
        "wraparound": "slices `words[i - width:i]` without `max(..., 0)`, so near the start "
                      "of the text the left context comes out empty",
        "keyword-in-right": "starts the right context at the keyword itself (`words[i:...]`)",
        "short-right": "stops the right context one word short (`words[i + 1:i + width]`)",
        "unlowered-word": "compares the lower-cased words with the word as given, so a word "
                          "given with a capital is never found",
    }

    def course_input(self, section, scope):
        from closereading.stats import course_corpus
        return list(course_corpus().words)

    def course_label(self, section, scope):
        return "the words of the whole text"

    def describe_args(self, label, params):
        return f"{label}, word {params['word']!r}, width {params['width']}"

    def probes(self, params):
        ws = ["mutual", "trust", "and", "mutual", "benefit", "build", "trust", "among",
              "all", "countries"]
        return [((ws, "Trust", 3), f"the words {ws!r}, word 'Trust', width 3")]

    def args(self, course, params):
        return (list(course), params["word"], params["width"])

    def expected(self, words, word, width):
        t = word.lower()
        return [(" ".join(words[max(i - width, 0):i]), " ".join(words[i + 1:i + 1 + width]))
                for i, w in enumerate(words) if w == t]

    def variants(self, words, word, width):
        t = word.lower()
        hits = [i for i, w in enumerate(words) if w == t]
        return {
            "wraparound": [(" ".join(words[i - width:i]), " ".join(words[i + 1:i + 1 + width]))
                           for i in hits],
            "keyword-in-right": [(" ".join(words[max(i - width, 0):i]),
                                  " ".join(words[i:i + width])) for i in hits],
            "short-right": [(" ".join(words[max(i - width, 0):i]),
                             " ".join(words[i + 1:i + width])) for i in hits],
            "unlowered-word": [(" ".join(words[max(i - width, 0):i]),
                                " ".join(words[i + 1:i + 1 + width]))
                               for i, w in enumerate(words) if w == word],
        }

    def type_problem(self, value):
        if not isinstance(value, (list, tuple)):
            return f"a list of pairs is expected, and your function returned {_type_name(value)}"
        for v in value:
            if not (isinstance(v, (list, tuple)) and len(v) == 2
                    and all(isinstance(x, str) for x in v)):
                return (f"every item should be a pair (left, right) of strings; one is "
                        f"{_short_repr(v, 60)}")
        return None

    def same(self, got, want):
        return isinstance(got, (list, tuple)) and [tuple(g) for g in got] == list(want)

    def check_params(self, params):
        out = [(n, m) for n, m in super().check_params(params) if n != "width"]
        width = params.get("width")
        if not _is_int(width) or not 1 <= width <= 10:
            out.append(("width", "should be a whole number from 1 to 10"))
        return out


class LongWords(Check):
    name = "long-words"
    summary = ("The words of a text longer than a number of letters, lower-cased, in the "
               "order of the text (a word that recurs, each time).")
    arguments = ("text", "letters")
    returns = "a list of words (str), in the order of the text"
    params = (Param("letters", "int", "the words kept have more letters than this"),)
    diagnoses = {
        "at-least": "keeps the words of exactly that many letters too (`>=` where `>` is "
                    "meant)",
        "split": "splits on spaces, so the punctuation attached to a word counts as letters",
        "case-sensitive": "keeps the words as written, not lower-cased",
        "once": "keeps each word once, not each time it occurs",
    }

    def probes(self, params):
        text = "Peace, security, cooperation and development; COOPERATION, again."
        return [((text, 8), f"the text {text!r}, letters 8")]

    def args(self, course, params):
        return (course, params["letters"])

    def describe_args(self, label, params):
        return f"{label}, letters {params['letters']}"

    def expected(self, text, letters):
        return [w for w in _words(text) if len(w) > letters]

    def variants(self, text, letters):
        right = self.expected(text, letters)
        return {"at-least": [w for w in _words(text) if len(w) >= letters],
                "split": [w for w in text.lower().split() if len(w) > letters],
                "case-sensitive": [w for w in _tokens(text) if len(w) > letters],
                "once": list(dict.fromkeys(right))}

    type_problem = WordBefore.type_problem
    same = WordBefore.same

    def check_params(self, params):
        letters = params.get("letters")
        if not _is_int(letters) or not 1 <= letters <= 30:
            return [("letters", "should be a whole number from 1 to 30")]
        return []


class WordForms(Check):
    name = "word-forms"
    summary = ("The different words of a text that contain a stem (such as 'region' in "
               "'regional'), each with the number of times it occurs: a dict, in the order "
               "the words first appear.")
    arguments = ("text", "stem")
    returns = "a dict from each word that contains the stem to its count"
    params = (Param("stem", "text", "the letters the words contain"),)
    diagnoses = {
        "exact": "counts only the word that is the stem itself, not the longer words that "
                 "contain it",
        "split": "splits on spaces, so a word with punctuation attached ('regional,') is "
                 "counted apart from the same word without it",
        "case-sensitive": "keeps the words as written, so a word with a capital is missed "
                          "or counted apart",
        "unlowered-stem": "compares the lower-cased words with the stem as given, so a stem "
                          "given with a capital is never found",
    }

    def probes(self, params):
        text = "Regional peace; sub-regional ties, the region and REGION."
        return [((text, "region"), f"the text {text!r}, stem 'region'"),
                ((text, "Region"), f"the text {text!r}, stem 'Region'")]

    @staticmethod
    def _forms(ws, stem):
        counts: dict[str, int] = {}
        for w in ws:
            if stem in w:
                counts[w] = counts.get(w, 0) + 1
        return counts

    def expected(self, text, stem):
        return self._forms(_words(text), stem.lower())

    def variants(self, text, stem):
        ws = _words(text)
        n = ws.count(stem.lower())
        return {"exact": {stem.lower(): n} if n else {},
                "split": self._forms(text.lower().split(), stem.lower()),
                "case-sensitive": self._forms(_tokens(text), stem),
                "unlowered-stem": self._forms(ws, stem)}

    def type_problem(self, value):
        if not isinstance(value, dict):
            return f"a dict is expected, and your function returned {_type_name(value)}"
        bad = [v for v in value.values() if not _is_int(v)]
        if bad:
            return f"every count should be a whole number; one is {_type_name(bad[0])}"
        return None

    def same(self, got, want):
        return isinstance(got, dict) and dict(got) == dict(want)


NEW_CHECKS = (WordBefore(), ShouldBe(), SentenceModals(), FirstWords(), TypeTokenRatio(),
              RatePerThousand(), KwicByHand(), LongWords(), WordForms())

CHECKS.update({c.name: c for c in NEW_CHECKS})
