"""Feedback that points, not tells (issue 26): an order or a match question answers its first
wrong try by naming what is out of place and pointing to where the text settles it, never
with the answer; the feedback that states the answer waits for the second wrong try or
*Show answer*. And every feedback entry that states an answer says where it is settled."""

import html
import re

import pytest

from closereading import quiz
from closereading.quiz import progress as P
from closereading.quiz import render
from closereading.quiz.model import grade
from closereading.quiz.widgets import QuestionView

BANK = quiz.load_banks()
ORDERS = [q for q in BANK if q.type == "order"]
MATCHES = [q for q in BANK if q.type == "match"]
ORDINALS = re.compile(r"\b(first|second|third|fourth|fifth|sixth|last|closes the list|"
                      r"comes next|in the middle)\b", re.I)


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def wrong_match(q):
    """A response that pairs every left item with a right item that is not its own."""
    rights = list(q.right_items())
    return {left: next(r for r in rights[i + 1:] + rights[:i + 1] if r != target)
            for i, (left, target) in enumerate(q.answer)}


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_order_and_match_question_of_the_course_has_a_clue_for_each_item():
    for q in ORDERS + MATCHES:
        assert set(q.clues) == set(q.feedback_keys()), q.id


@pytest.mark.parametrize("q", ORDERS, ids=lambda q: q.id)
def test_the_first_wrong_order_names_the_misplaced_items_and_never_their_places(q):
    response = list(q.start_order())
    verdict = grade(q, response, tries=1)
    misplaced = [a for a, b in zip(response, q.answer) if a != b]
    assert verdict.clues and not verdict.correct
    assert all(f"\u201c{item}\u201d" in verdict.detail for item in misplaced)
    assert [k for k, _ in verdict.feedback] == misplaced
    for item, clue in verdict.feedback:
        assert clue == q.clue_for(item) and clue != q.feedback_for(item)
        assert not ORDINALS.search(clue), f"{q.id}: the clue on {item!r} gives its place"
    # from the second wrong try, the feedback that states the answer
    later = grade(q, response, tries=2)
    assert not later.clues and [t for _, t in later.feedback] == [q.feedback_for(k)
                                                                  for k in misplaced]


@pytest.mark.parametrize("q", MATCHES, ids=lambda q: q.id)
def test_the_first_wrong_match_names_the_wrong_pairs_and_never_their_partners(q):
    response = wrong_match(q)
    verdict = grade(q, response, tries=1)
    wrong = [left for left, target in q.answer if response[left] != target]
    assert verdict.clues and [k for k, _ in verdict.feedback] == wrong
    said = plain(render.feedback_items_html(q, verdict.feedback, answer=not verdict.clues)
                 + verdict.detail)
    partners = dict(q.answer)
    for left in wrong:
        assert partners[left] not in said, f"{q.id}: the first try names {left!r}'s partner"
    assert "\u2192" not in said
    later = grade(q, response, tries=2)
    labels = plain(render.feedback_items_html(q, later.feedback))
    assert all(partners[left] in labels for left in wrong)


def test_a_question_without_clues_points_to_its_evidence_at_the_first_try():
    import dataclasses
    q = dataclasses.replace(BANK.get("hw-domain-order"), clues={})
    verdict = grade(q, list(q.start_order()), tries=1)
    assert {text for _, text in verdict.feedback} == {"Look again at paragraph 1.1."}


def test_the_live_question_points_first_then_tells_then_shows(store):
    q = BANK.get("hw-domain-phrases")
    view = QuestionView(q, store=store)
    response = wrong_match(q)
    for left, dd in view.dropdowns.items():
        dd.value = response[left]
    view.check()
    first = plain(view.feedback.value)
    assert "Where to look:" in first and "Not yet right:" in first
    assert all(dict(q.answer)[left] not in first for left in q.left_items())
    assert view.show_button.layout.display == "none"
    # the same answer again is not a new try, and still gets only the clues
    view.check()
    assert plain(view.feedback.value).count("Where to look:") == 1
    # a second, different wrong answer: now the feedback that states the answer
    second = dict(response)
    left0 = q.left_items()[0]
    second[left0] = next(r for r in q.right_items() if r not in (response[left0],
                                                                  dict(q.answer)[left0]))
    for left, dd in view.dropdowns.items():
        dd.value = second[left]
    view.check()
    now = plain(view.feedback.value)
    assert "Where to look:" not in now and "\u2192" in now
    assert view.show_button.layout.display is None
    # a reopened notebook restores the stage it had reached
    again = QuestionView(q, store=store)
    assert "\u2192" in plain(again.feedback.value)


def test_a_restored_first_wrong_try_still_shows_only_the_clues(store):
    q = BANK.get("hw-domain-order")
    view = QuestionView(q, store=store)
    view.check()                                   # the starting order is never the answer
    again = QuestionView(q, store=store)
    said = plain(again.feedback.value)
    assert "Out of place:" in said and "Where to look:" in said
    assert "comes first" not in said and "is second" not in said


# ---------------------------------------------------------------------------------------
# Where an answer is settled

#: A place in the text (a paragraph id) or in the notebook (its section N: a table, a
#: chart, the explorer) where the answer can be checked.
WHERE = re.compile(r"\b[0-5]\.\d\b|\bsection \d+\b")


def answer_keys(q):
    """The feedback keys whose entry states the answer: the right options, and every
    pair or item of a match or order question."""
    if q.type in ("single", "evidence"):
        return [q.answer]
    if q.type == "multiple":
        return list(q.answer)
    if q.type == "true-false":
        return ["True" if q.answer else "False"]
    return list(q.feedback_keys())


def test_every_feedback_entry_that_states_the_answer_says_where_it_is_settled():
    missing = [f"{q.id} / {key}: {q.feedback_for(key)}" for q in BANK
               for key in answer_keys(q) if not WHERE.search(q.feedback_for(key))]
    assert missing == []


def test_the_check_of_where_finds_an_entry_without_a_place():
    assert not WHERE.search('"national security" is second, right after sovereignty.')
    assert WHERE.search('"state sovereignty, national security" (2.2).')
    assert WHERE.search("the key terms table of section 4")
