"""Every question of the course graded with its own key (issue 14).

The fixture bank of test_quiz_model.py is small and written for the tests; these tests run
the grader over every bank under materials/quizzes, so that a change to the grading or to
the normalising of typed answers is caught on the answers the learners actually give:
each key is right, each text answer typed exactly as the bank writes it is right, and a
match answer that repeats a right-hand item (the learner chose the same item twice) is
never right.
"""

import pytest

from closereading.quiz import load_banks
from closereading.quiz.model import grade, normalise_text

BANK = load_banks()
QUESTIONS = sorted(BANK, key=lambda q: q.id)
BY_TYPE = {t: [q for q in QUESTIONS if q.type == t] for t in {q.type for q in QUESTIONS}}


def key(q):
    """The right response of a question, in the shape the widgets produce."""
    if q.type in ("single", "evidence", "true-false"):
        return q.answer
    if q.type == "multiple":
        return list(q.answer)
    if q.type == "text":
        return q.answer[0]
    if q.type == "match":
        return dict(q.answer)
    if q.type == "order":
        return list(q.answer)
    raise AssertionError(q.type)


def wrong(q):
    """A complete response that is not right, or None where the question allows none."""
    if q.type in ("single", "evidence"):
        return next(o for o in q.options if o != q.answer)
    if q.type == "true-false":
        return not q.answer
    if q.type == "multiple":
        others = [o for o in q.options if o not in q.answer]
        return list(q.answer) + others[:1] if others else list(q.answer)[:-1]
    if q.type == "text":
        return "certainly not " + q.answer[0]
    if q.type == "match":
        lefts = [left for left, _ in q.answer]
        rights = [right for _, right in q.answer]
        return dict(zip(lefts, rights[1:] + rights[:1]))
    if q.type == "order":
        return list(q.answer[1:]) + [q.answer[0]]
    raise AssertionError(q.type)


def test_the_course_has_questions_of_every_type():
    assert len(QUESTIONS) >= 80
    assert set(BY_TYPE) == {"single", "multiple", "true-false", "text", "match", "order",
                            "evidence"}
    assert len(BY_TYPE["match"]) >= 3 and len(BY_TYPE["order"]) >= 5


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_each_question_is_right_with_its_own_key(q):
    verdict = grade(q, key(q))
    assert verdict.complete and verdict.correct, (q.id, verdict)


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_each_question_is_wrong_with_a_wrong_answer(q):
    response = wrong(q)
    verdict = grade(q, response)
    assert verdict.complete and not verdict.correct, (q.id, response, verdict)


def test_a_key_is_not_right_for_another_question_of_the_same_type():
    # Guards against a grader that compares with the wrong question's answer.
    for t in ("single", "text", "order", "match"):
        qs = BY_TYPE[t]
        for a, b in zip(qs, qs[1:]):
            if normalise_text(str(key(a))) != normalise_text(str(key(b))):
                assert not grade(b, key(a)).correct, (t, a.id, b.id)


TEXT_ANSWERS = [(q, accepted) for q in BY_TYPE["text"] for accepted in q.answer]


@pytest.mark.parametrize("q, accepted", TEXT_ANSWERS,
                         ids=[f"{q.id}:{a}" for q, a in TEXT_ANSWERS])
def test_each_accepted_text_answer_typed_exactly_as_in_the_bank(q, accepted):
    assert grade(q, accepted).correct, (q.id, accepted)
    # ... and as a learner might type it: other case, spaces around, a full stop.
    for typed in (accepted.upper(), accepted.lower(), f"  {accepted}.  ",
                  accepted.replace(" ", "  ")):
        assert grade(q, typed).correct, (q.id, typed)


def test_the_bank_has_text_answers_that_need_normalising():
    # The test above is only as strong as its data: capitals, hyphens and apostrophes.
    accepted = [a for _, a in TEXT_ANSWERS]
    assert any(a != a.lower() for a in accepted)
    assert any("-" in a for a in accepted)


def test_a_text_answer_is_not_right_by_containing_the_key():
    for q in BY_TYPE["text"]:
        assert not grade(q, q.answer[0] + " and more").correct, q.id
        accepted = {normalise_text(a) for a in q.answer}
        cut = q.answer[0][:-1]
        if normalise_text(cut) not in accepted:
            assert not grade(q, cut).correct, q.id


MATCHES = BY_TYPE["match"]


def is_are(n):
    """The verb agrees with the count (issue 8): "1 of 5 pairs is right", "2 of 5 ... are"."""
    return "is" if n == 1 else "are"


@pytest.mark.parametrize("q", MATCHES, ids=lambda q: q.id)
def test_a_match_that_repeats_a_right_hand_item_is_wrong(q):
    pairs = list(q.answer)
    n = len(pairs)
    for i, (left, right) in enumerate(pairs):
        for j, (_, other) in enumerate(pairs):
            if other == right:
                continue
            response = dict(pairs)
            response[left] = other          # `other` is now chosen twice
            verdict = grade(q, response)
            assert verdict.complete and not verdict.correct, (q.id, left, other)
            assert verdict.detail == f"{n - 1} of {n} pairs {is_are(n - 1)} right.", verdict.detail


@pytest.mark.parametrize("q", MATCHES, ids=lambda q: q.id)
def test_a_match_with_one_item_everywhere_is_wrong(q):
    for right in q.right_items():
        response = {left: right for left in q.left_items()}
        expected = sum(r == right for _, r in q.answer)
        verdict = grade(q, response)
        assert not verdict.correct
        assert verdict.detail == (f"{expected} of {len(q.answer)} pairs {is_are(expected)} "
                                  "right.")


@pytest.mark.parametrize("q", BY_TYPE["order"], ids=lambda q: q.id)
def test_an_order_with_two_items_swapped_is_wrong(q):
    items = list(q.answer)
    for i in range(len(items) - 1):
        swapped = items[:i] + [items[i + 1], items[i]] + items[i + 2:]
        verdict = grade(q, swapped)
        assert verdict.complete and not verdict.correct
        assert verdict.detail == (f"{len(items) - 2} of {len(items)} items "
                                  f"{is_are(len(items) - 2)} in the right place.")


@pytest.mark.parametrize("q", BY_TYPE["multiple"], ids=lambda q: q.id)
def test_a_multiple_answer_missing_one_option_is_wrong(q):
    for left_out in q.answer:
        chosen = [o for o in q.answer if o != left_out]
        if chosen:
            assert not grade(q, chosen).correct, (q.id, left_out)
