"""Grading a question's record again, from the answers it stores, under the answer key the
course has now.

A record of the progress store (:mod:`closereading.quiz.progress`) says whether the learner
was right (``correct``, ``first_try``); it also keeps the answers checked (``wrong``, in
order, and ``response``, the last). When the answer key of a question is corrected after
a learner answered it, or when a file is edited by hand, the two can disagree. These pure
functions settle it from the answers alone:

* :func:`history`: the answers checked since the last Reset, in the order checked;
* :func:`outcome`: what the current key makes of them: right at some attempt, right at
  the first, right *before* "Show answer" was used (``own``), and the first answer when
  it was wrong;
* :func:`regrade`: the record as the quiz would have kept it had the current key been
  the key all along (the same object when nothing changes); the quiz applies it before
  each check, so that checking an answer again under a corrected key updates the record;
* :func:`key_fingerprint`: a short digest of a question's key, kept with each check so
  that a report can tell a file graded under another key from a file edited by hand.

Show answer. The quiz offers it after two wrong attempts and records, since version
0.2.2, how many attempts had been made when it was used (``revealed_after``). A record
without that number is read as the earliest possible (2), so that an answer given after
the answer was shown never counts as the learner's own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from closereading.quiz import progress as P
from closereading.quiz.model import Question, clean_response, grade

EARLIEST_REVEAL = 2   # Show answer is offered after two wrong attempts


def key_fingerprint(q: Question) -> str:
    """12 hexadecimal digits that change whenever the question's key does (its type, its
    answer, its options)."""
    answer = q.answer
    if isinstance(answer, tuple):
        answer = [list(a) if isinstance(a, tuple) else a for a in answer]
    blob = json.dumps([q.type, answer, sorted(q.options)], ensure_ascii=True, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def _post_reset_wrong(rec: dict) -> int:
    return max(rec["attempts"] - (1 if rec["correct"] else 0), 0)


def history(rec: dict) -> list:
    """The answers checked since the last Reset, oldest first (from ``wrong``, whose last
    entries are those since the Reset, and ``response``, the last answer checked)."""
    rec = P.clean_record(rec)
    n = _post_reset_wrong(rec)
    answers = list(rec["wrong"][-n:]) if n else []
    last = rec["response"]
    if last is not None and rec["attempts"] and (not answers or answers[-1] != last
                                                 or rec["correct"]):
        answers.append(last)
    return answers


def revealed_after(rec: dict) -> int | None:
    """After how many attempts "Show answer" was used; None when it was not."""
    if not rec.get("revealed"):
        return None
    n = rec.get("revealed_after")
    if isinstance(n, int) and not isinstance(n, bool) and n >= 0:
        return n
    return EARLIEST_REVEAL


@dataclass(frozen=True)
class Outcome:
    correct: bool            # right at some attempt since the last Reset
    first_try: bool          # right at the first attempt, nothing checked or shown before
    own: bool                # right before the answer was shown
    shown: bool              # "Show answer" was used
    right_at: int | None     # the attempt (0-based) of the first right answer
    first_wrong: object      # the first answer, when it was wrong (else None)
    checked: int             # answers checked since the last Reset


def outcome(q: Question, rec: dict) -> Outcome:
    rec = P.clean_record(rec)
    answers = history(rec)
    right_at = None
    for i, answer in enumerate(answers):
        verdict = grade(q, clean_response(q, answer))
        if verdict.complete and verdict.correct:
            right_at = i
            break
    shown_at = revealed_after(rec)
    shown_before = shown_at is not None and right_at is not None and shown_at <= right_at
    first_wrong = answers[0] if answers and right_at != 0 else None
    return Outcome(correct=right_at is not None,
                   first_try=right_at == 0 and not P.had_history(rec) and not shown_before,
                   own=right_at is not None and not shown_before,
                   shown=rec["revealed"], right_at=right_at, first_wrong=first_wrong,
                   checked=len(answers))


def regrade(q: Question, rec: dict) -> dict:
    """``rec`` as the current key grades it. Returns ``rec`` itself when the record already
    agrees (its ``correct`` and ``first_try`` follow from its answers), else a new record:
    the first answer that is right now becomes the one kept (what a reopened notebook
    restores), with the answers before it as the wrong ones; or, when none is right now,
    the question is open again with every answer counted wrong."""
    clean = P.clean_record(rec)
    o = outcome(q, clean)
    if (clean["correct"], clean["first_try"]) == (o.correct, o.first_try) and (
            not o.correct or o.right_at == o.checked - 1):
        return rec
    new = dict(clean)
    answers = history(clean)
    before = clean["wrong"][:max(len(clean["wrong"]) - _post_reset_wrong(clean), 0)]
    if o.correct and o.right_at == o.checked - 1:
        new.update(correct=True, first_try=o.first_try)
    elif o.correct:
        right = answers[o.right_at]
        new.update(correct=True, first_try=o.first_try, response=right, last=right,
                   attempts=o.right_at + 1,
                   wrong=(before + answers[:o.right_at])[:P.MAX_WRONG])
    else:
        last = answers[-1] if answers else None
        wrong = before + answers if clean["correct"] else list(clean["wrong"])
        new.update(correct=False, first_try=False, response=last, last=last,
                   wrong=wrong[:P.MAX_WRONG])
    return new
