"""Questions and grading: plain data and pure functions, testable without Jupyter.

A :class:`Question` is what one entry of a bank (``materials/quizzes/*.yml``) becomes
after validation. A learner's *response* is plain JSON-compatible data, so that it can be
saved in the progress file and restored:

=============  =====================================================================
type           response
=============  =====================================================================
single         the chosen option (text), or None
multiple       a list of the chosen options
true-false     True, False or None
text           the typed text
match          a mapping from each left item to the chosen right item (or None)
order          the items, in the learner's order
evidence       the chosen paragraph id, or None
=============  =====================================================================

:func:`grade` compares a response with the answer and returns a :class:`Verdict`; it
never raises, whatever the response holds (a learner may type anything).

Shuffled orders are stable: they are drawn from a generator seeded with a SHA-256 hash of
the question id (never Python's ``hash()``, which changes between runs), so a notebook
shows the same order on every run and nbval stays stable.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

TYPES = ("single", "multiple", "true-false", "text", "match", "order", "evidence")

TYPE_LABELS = {
    "single": "Choose one answer.",
    "multiple": "Select every option that applies.",
    "true-false": "True or false?",
    "text": "Type a short answer.",
    "match": "Match each item on the left with one on the right.",
    "order": "Put the items in order.",
    "evidence": "Choose the paragraph that supports the claim.",
}


@dataclass(frozen=True)
class Evidence:
    paragraph: str
    quote: str

    def cite(self) -> str:
        return f"\u201c{self.quote}\u201d (paragraph {self.paragraph})"


@dataclass(frozen=True)
class Question:
    """One validated question. ``answer`` depends on the type:

    single, evidence: the right option; multiple: a tuple of the right options (in the
    order of ``options``); true-false: a bool; text: a tuple of accepted answers;
    match: a tuple of (left, right) pairs; order: the items in the right order.
    """

    id: str
    type: str
    prompt: str
    answer: Any
    explanation: str
    evidence: Evidence
    options: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    shuffle: bool = False
    file: str = ""
    line: int | None = None
    notebook: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    feedback: dict = field(default_factory=dict, compare=False, repr=False)
    #: match and order: per left item (item), where to look, shown at the first wrong try
    clues: dict = field(default_factory=dict, compare=False, repr=False)
    #: text questions: typed answers that come close (normalised) -> what they tell the
    #: learner (the bank's ``near_misses``)
    near_misses: dict = field(default_factory=dict, compare=False, repr=False)

    # -- feedback on each choice ---------------------------------------------------------

    def feedback_keys(self) -> tuple[str, ...]:
        """What carries feedback: the options (single, multiple, evidence), "True" and
        "False" (true-false), the left items (match: shown when that pair is wrong) or the
        items (order: shown when that item is out of place). Empty for text."""
        if self.type == "true-false":
            return ("True", "False")
        if self.type in ("single", "multiple", "evidence"):
            return self.options
        if self.type == "match":
            return self.left_items()
        if self.type == "order":
            return tuple(self.answer)
        return ()

    def feedback_for(self, key) -> str:
        """The feedback on one option (or pair, or item); "" when there is none."""
        if isinstance(key, bool):
            key = "True" if key else "False"
        return self.feedback.get(key, "") if isinstance(key, str) else ""

    def clue_for(self, key) -> str:
        """The clue on one left item (match) or item (order); "" when there is none."""
        return self.clues.get(key, "") if isinstance(key, str) else ""

    def feedback_label(self, key: str, *, answer: bool = True) -> str:
        """How a feedback key is named to the learner; ``answer=False`` (a clue) never
        names a match's right-hand partner."""
        if self.type == "evidence":
            return f"Paragraph {key}"
        if self.type == "match" and answer:
            right = dict(self.answer).get(key, "")
            return f"{key} \u2192 {right}" if right else key
        return key

    # -- what the learner sees ---------------------------------------------------------

    @property
    def instruction(self) -> str:
        return TYPE_LABELS[self.type]

    def choices(self) -> tuple[str, ...]:
        """The options as shown (single, multiple, evidence), in a stable shuffle when the
        question asks for one; the two answers of a true-false question."""
        if self.type == "true-false":
            return ("True", "False")
        if self.type in ("single", "multiple", "evidence"):
            return stable_shuffle(self.options, self.id) if self.shuffle else self.options
        return ()

    def left_items(self) -> tuple[str, ...]:
        """The items to match, in the order of the bank (match only)."""
        return tuple(left for left, _ in self.answer) if self.type == "match" else ()

    def right_items(self) -> tuple[str, ...]:
        """The distinct right-hand items, always shuffled (stably), so that their order
        does not mirror the left column (match only)."""
        if self.type != "match":
            return ()
        seen = tuple(dict.fromkeys(right for _, right in self.answer))
        return stable_shuffle(seen, self.id + "/right", avoid=seen)

    def start_order(self) -> tuple[str, ...]:
        """The items of an order question as first shown: a stable shuffle that is never
        the answer itself."""
        return stable_shuffle(self.answer, self.id, avoid=self.answer) if self.type == "order" else ()

    def blank_response(self):
        if self.type == "multiple":
            return []
        if self.type == "text":
            return ""
        if self.type == "match":
            return {left: None for left in self.left_items()}
        if self.type == "order":
            return list(self.start_order())
        return None

    # -- the answer, in words ----------------------------------------------------------

    def answer_lines(self) -> list[str]:
        """The answer as short lines of text (for the answer key and "Show answer")."""
        if self.type in ("single", "evidence"):
            return [f"Paragraph {self.answer}" if self.type == "evidence" else self.answer]
        if self.type == "multiple":
            return list(self.answer)
        if self.type == "true-false":
            return ["True" if self.answer else "False"]
        if self.type == "text":
            first, *others = self.answer
            return [first] + ([f"also accepted: {'; '.join(others)}"] if others else [])
        if self.type == "match":
            return [f"{left} \u2192 {right}" for left, right in self.answer]
        if self.type == "order":
            return [f"{i}. {item}" for i, item in enumerate(self.answer, 1)]
        return []


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check. ``complete`` is False when the response is not a full
    answer yet (nothing chosen, a dropdown left empty): such a check is not an attempt."""

    correct: bool
    complete: bool = True
    detail: str = ""
    #: (option, feedback) for what the response got wrong (or, for a right single,
    #: evidence or true-false answer, for the option chosen): shown under the verdict.
    feedback: tuple = ()
    #: True when ``feedback`` holds clues (the first wrong try of a match or order
    #: question): where to look, never the answer.
    clues: bool = False


# ---------------------------------------------------------------------------------------
# Stable shuffles


def seed_for(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def stable_shuffle(items, key: str, *, avoid=None) -> tuple:
    """``items`` in an order drawn from ``key`` alone (the same on every run and machine).
    With ``avoid``, an order equal to it is rotated by one place, so that, for instance,
    an order question never starts out solved."""
    items = list(items)
    random.Random(seed_for(key)).shuffle(items)
    if avoid is not None and len(items) > 1 and items == list(avoid):
        items = items[1:] + items[:1]
    return tuple(items)


# ---------------------------------------------------------------------------------------
# Normalising typed answers

_APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4"


def normalise_text(value) -> str:
    """Fold case, spaces and punctuation: "  The  UN's Core-role. " -> "the uns core role".

    Apostrophes are dropped (so "UN's" and "UNs" agree); other punctuation and symbols
    become spaces (so "win-win" and "win win" agree); runs of spaces become one. Unicode
    is first brought to its compatibility form (NFKC), so full-width letters count as
    letters. Any value is accepted: what is not text is turned into text first.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    # Lone surrogates (possible in text typed in a browser) cannot be normalised: drop them.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for ch in text:
        if ch in _APOSTROPHES:
            continue
        cat = unicodedata.category(ch)
        out.append(" " if cat[0] in "PSZC" else ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


# ---------------------------------------------------------------------------------------
# Grading


def _as_text(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    return value if isinstance(value, str) else None


def grade(question: Question, response, *, tries: int = 2) -> Verdict:
    """Compare a response with the answer. Never raises: malformed responses are
    treated as incomplete.

    ``tries`` is the number of the wrong try this check would be (1 for the first). A
    match or order question answers its first wrong try with clues: it names the pairs or
    items that are not yet right and points to where the text settles them, without the
    answer; from the second wrong try on, its feedback on each (which may state the
    answer) follows."""
    try:
        if question.type in ("match", "order"):
            return _GRADERS[question.type](question, response, first=tries <= 1)
        return _GRADERS[question.type](question, response)
    except Exception:  # noqa: BLE001 - a response of any shape must not crash a quiz
        return Verdict(False, complete=False, detail="This answer could not be read; choose again.")


def _grade_choice(q: Question, response) -> Verdict:
    value = _as_text(response)
    if value is None or value not in q.options:
        return Verdict(False, complete=False, detail="Choose an answer first.")
    return Verdict(value == q.answer, feedback=_own(q, [value]))


def _grade_multiple(q: Question, response) -> Verdict:
    if not isinstance(response, (list, tuple, set, frozenset)):
        return Verdict(False, complete=False, detail="Select at least one option first.")
    chosen = {r for r in response if isinstance(r, str) and r in q.options}
    if not chosen:
        return Verdict(False, complete=False, detail="Select at least one option first.")
    if chosen == set(q.answer):
        return Verdict(True)
    return Verdict(False, detail=multiple_detail(q, chosen),
                   feedback=_own(q, [o for o in q.options if o in chosen and o not in q.answer]))


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")


def _count_words(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def multiple_detail(q: Question, chosen) -> str:
    """Partial credit on a multiple-answer question, in words: "2 of 3 right; one option
    you chose is wrong:" (the feedback on that option follows), or "2 of 3 right; one
    more applies." It says how many, never which ones are missing."""
    right = sum(o in chosen for o in q.answer)
    wrong = [o for o in q.options if o in chosen and o not in q.answer]
    head = f"{right} of {len(q.answer)} right"
    if wrong:
        n = len(wrong)
        return (f"{head}; {_count_words(n)} option{'s' if n != 1 else ''} you chose "
                f"{'is' if n == 1 else 'are'} wrong:")
    missing = len(q.answer) - right
    return f"{head}; {_count_words(missing)} more appl{'ies' if missing == 1 else 'y'}."


def _own(q: Question, keys) -> tuple:
    return tuple((k, q.feedback_for(k)) for k in keys if q.feedback_for(k))


def _grade_true_false(q: Question, response) -> Verdict:
    if isinstance(response, str) and response in ("True", "False"):
        response = response == "True"
    if not isinstance(response, bool):
        return Verdict(False, complete=False, detail="Choose True or False first.")
    return Verdict(response == q.answer, feedback=_own(q, [response]))


def _grade_text(q: Question, response) -> Verdict:
    typed = normalise_text(response)
    if not typed:
        return Verdict(False, complete=False, detail="Type an answer first.")
    if typed in {normalise_text(a) for a in q.answer}:
        return Verdict(True)
    return Verdict(False, detail=near_miss(q, typed))


# ---------------------------------------------------------------------------------------
# Near misses on short answers

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}


def as_number(text: str) -> int | None:
    """A whole number typed in figures or in words (up to ninety-nine), from normalised
    text ("25", "twenty five", "twenty-five" once normalised); None otherwise."""
    text = normalise_text(text)
    if re.fullmatch(r"\d{1,9}", text):
        return int(text)
    words = text.split()
    if len(words) == 1 and words[0] in _UNITS:
        return _UNITS.index(words[0])
    if words and words[0] in _TENS and len(words) <= 2:
        rest = words[1:]
        if not rest:
            return _TENS[words[0]]
        if rest[0] in _UNITS[1:10]:
            return _TENS[words[0]] + _UNITS.index(rest[0])
    return None


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """The Levenshtein distance between two strings, or ``limit`` when it is at least
    that (so that long strings cost little)."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Whether the words of ``part`` occur in ``whole`` in the same order (not
    necessarily next to each other)."""
    it = iter(whole)
    return all(w in it for w in part)


def _how_far(n: int) -> str:
    return ("by one or two" if n <= 2 else "by three to five" if n <= 5 else
            "by six to ten" if n <= 10 else "by more than ten")


def near_miss(q: Question, typed: str) -> str:
    """What a wrong short answer tells the learner, pointing to the passage and leaving
    them a move to make (never the answer): the bank's own ``near_misses`` first; for a
    number, whether it is too high or too low, and by about how much; a spelling one or
    two letters away; part of the phrase, or the phrase with more words. "" when the
    answer is not close to any accepted one."""
    typed = normalise_text(typed)
    for miss, message in q.near_misses.items():
        if normalise_text(miss) == typed:
            return message
    where = f"paragraph {q.evidence.paragraph}" if q.evidence else "the passage"
    accepted = [normalise_text(a) for a in q.answer]
    numbers = [as_number(a) for a in accepted]
    if numbers and all(n is not None for n in numbers):
        got = as_number(typed)
        if got is None:
            return "The answer is a number: type it in figures (such as 12) or in words."
        want = numbers[0]
        if got < want:
            return (f"Too low, {_how_far(want - got)}: what did you leave out? Look again "
                    f"at {where}.")
        return (f"Too high, {_how_far(got - want)}: what did you count that the question "
                f"leaves out? Look again at {where}.")
    for answer in accepted:
        # one or two letters off; a little more in a long phrase ("responsibility")
        allowed = max(2, len(answer) // 12)
        if len(answer) >= 4 and edit_distance(typed, answer, allowed + 1) <= allowed:
            return f"Close: check the exact word in the passage ({where})."
    for answer in accepted:
        words, mine = answer.split(), typed.split()
        if len(mine) < len(words) and _in_order(mine, words):
            return (f"Part of it: the text's wording has more words than yours. Read the "
                    f"phrase again in {where}.")
        if len(mine) > len(words) and _in_order(words, mine):
            return ("More than the question asks for: type only the words it asks for, "
                    "as the text gives them.")
    return ""


def _grade_match(q: Question, response, *, first: bool = False) -> Verdict:
    if not isinstance(response, dict):
        return Verdict(False, complete=False, detail="Choose a match for every item first.")
    lefts = q.left_items()
    if any(not isinstance(response.get(left), str) for left in lefts):
        return Verdict(False, complete=False, detail="Choose a match for every item first.")
    right = sum(response[left] == target for left, target in q.answer)
    if right == len(lefts):
        return Verdict(True)
    wrong = [left for left, target in q.answer if response[left] != target]
    head = f"{right} of {len(lefts)} pairs {_is(right)} right."
    if first:
        return Verdict(False, detail=f"{head} Not yet right: {_listed(wrong)}. Where to look:",
                       feedback=_clues(q, wrong), clues=True)
    return Verdict(False, detail=head, feedback=_own(q, wrong))


def _grade_order(q: Question, response, *, first: bool = False) -> Verdict:
    if (not isinstance(response, (list, tuple)) or len(response) != len(q.answer)
            or sorted(map(str, response)) != sorted(q.answer)):
        return Verdict(False, complete=False, detail="Use every item once.")
    in_place = sum(a == b for a, b in zip(response, q.answer))
    if in_place == len(q.answer):
        return Verdict(True)
    wrong = [a for a, b in zip(response, q.answer) if a != b]
    head = f"{in_place} of {len(q.answer)} items {_is(in_place)} in the right place."
    if first:
        return Verdict(False, detail=f"{head} Out of place: {_listed(wrong)}. Where to look:",
                       feedback=_clues(q, wrong), clues=True)
    return Verdict(False, detail=head, feedback=_own(q, wrong))


def _listed(items) -> str:
    """Items named in a sentence: "a", "a and b", "a, b and c"."""
    items = [f"\u201c{i}\u201d" for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _clues(q: Question, keys) -> tuple:
    """The clue of each key, or, for a key without one, a pointer to the paragraph of the
    question's evidence (never the answer)."""
    where = f"Look again at paragraph {q.evidence.paragraph}." if q.evidence else ""
    return tuple((k, q.clue_for(k) or where) for k in keys if q.clue_for(k) or where)


def _is(n: int) -> str:
    """The verb that agrees with a count: "1 of 5 items is", "2 of 5 items are"."""
    return "is" if n == 1 else "are"


_GRADERS = {
    "single": _grade_choice,
    "evidence": _grade_choice,
    "multiple": _grade_multiple,
    "true-false": _grade_true_false,
    "text": _grade_text,
    "match": _grade_match,
    "order": _grade_order,
}


def clean_response(question: Question, response):
    """A saved response brought back to the shape the question expects, or the blank
    response when it cannot be (a hand-edited or old progress file)."""
    t = question.type
    blank = question.blank_response()
    if t in ("single", "evidence"):
        return response if isinstance(response, str) and response in question.options else blank
    if t == "true-false":
        return response if isinstance(response, bool) else blank
    if t == "multiple":
        if isinstance(response, list):
            return [o for o in question.options if o in response]
        return blank
    if t == "text":
        return response if isinstance(response, str) else blank
    if t == "match":
        if isinstance(response, dict):
            rights = set(question.right_items())
            return {left: (response.get(left) if response.get(left) in rights else None)
                    for left in question.left_items()}
        return blank
    if t == "order":
        if isinstance(response, list) and sorted(map(str, response)) == sorted(question.answer):
            return [str(r) for r in response]
        return blank
    return blank
