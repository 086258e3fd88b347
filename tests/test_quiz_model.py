"""The pure core of the quizzes: grading of every type, normalising, stable shuffles."""

import json
import os
import subprocess
import sys

import pytest

from closereading.quiz.model import (clean_response, grade, normalise_text, stable_shuffle)
from test_quiz_fixtures import RIGHT, WRONG, load_fixture_bank


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return load_fixture_bank(tmp_path_factory.mktemp("bank"))


def test_the_fixture_bank_has_every_type(bank):
    from closereading.quiz import TYPES
    assert sorted(q.type for q in bank) == sorted(TYPES)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answers_are_correct(bank, qid):
    verdict = grade(bank.get(qid), RIGHT[qid])
    assert verdict.complete and verdict.correct


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_wrong_answers_are_not(bank, qid):
    verdict = grade(bank.get(qid), WRONG[qid])
    assert verdict.complete and not verdict.correct


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_blank_response_is_incomplete_not_wrong(bank, qid):
    q = bank.get(qid)
    verdict = grade(q, q.blank_response())
    if q.type == "order":  # an order is always complete; it starts out wrong
        assert verdict.complete and not verdict.correct
    else:
        assert not verdict.complete and verdict.detail


@pytest.mark.parametrize("junk", [None, 3, 2.5, object(), {"a": 1}, ["x"], "", "\udc80", b"x"])
@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_grading_any_junk_never_raises(bank, qid, junk):
    verdict = grade(bank.get(qid), junk)
    assert not verdict.correct


def test_match_and_order_say_how_much_is_right(bank):
    assert grade(bank.get("t-match"), WRONG["t-match"]).detail == "1 of 3 pairs is right."
    assert grade(bank.get("t-order"), WRONG["t-order"]).detail == "2 of 4 items are in the right place."
    # the verb agrees with the count (issue 8: "1 of 5 items are in the right place")
    one = ["Politics", "Security", "Economy", "Culture"]
    assert grade(bank.get("t-order"), one).detail == "1 of 4 items is in the right place."
    none = {"Politics": "1.3", "Economy": "1.4", "Culture": "1.2"}
    assert grade(bank.get("t-match"), none).detail == "0 of 3 pairs are right."
    partial = {"Politics": "1.2", "Economy": None, "Culture": "1.4"}
    assert not grade(bank.get("t-match"), partial).complete


def test_multiple_needs_exactly_the_right_set(bank):
    q = bank.get("t-multiple")
    assert not grade(q, ["big or small", "strong or weak", "old or new"]).correct
    assert grade(q, ("strong or weak", "big or small")).correct
    assert not grade(q, []).complete


def test_true_false_accepts_booleans_and_their_labels(bank):
    q = bank.get("t-true-false")
    assert grade(q, "True").correct and not grade(q, "False").correct
    assert not grade(q, 1).complete  # 1 is not True here


@pytest.mark.parametrize("typed, expected", [
    ("  The  UN's Core-role. ", "the uns core role"),
    ("WIN-WIN", "win win"),
    ("win\u2014win", "win win"),
    ("\uff23\uff2f\uff32\uff25", "core"),  # full-width letters
    ("Stra\u00dfe", "strasse"),  # casefold, not lower
    ("\u201ccore\u201d", "core"),
    ("core\u200b", "core"),  # a zero-width space
    ("UN\u2019s", "uns"),
    ("", ""),
    (None, ""),
    ("\t\n", ""),
    ("\u548c\u8c10\u4e16\u754c", "\u548c\u8c10\u4e16\u754c"),  # Chinese stays as it is
])
def test_normalise_text(typed, expected):
    assert normalise_text(typed) == expected


def test_text_answers_compare_after_normalising(bank):
    q = bank.get("t-text")
    for typed in ("core", "Core.", " the  core ", "THE CORE!"):
        assert grade(q, typed).correct, typed
    assert not grade(q, "cores").correct
    assert not grade(q, "?!").complete


def test_shuffle_is_stable_and_depends_on_the_id():
    items = [f"option {i}" for i in range(8)]
    first = stable_shuffle(items, "some-id")
    assert first == stable_shuffle(items, "some-id")
    assert sorted(first) == sorted(items)
    assert first != tuple(items) or stable_shuffle(items, "other-id") != tuple(items)
    assert len({stable_shuffle(items, f"id-{n}") for n in range(20)}) > 10


def test_shuffle_is_the_same_in_another_process_with_another_hash_seed():
    code = ("import json; from closereading.quiz.model import stable_shuffle; "
            "print(json.dumps(stable_shuffle(list('abcdefgh'), 'hw-cbdr')))")
    outs = set()
    for seed in ("1", "2", "random"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout
        outs.add(tuple(json.loads(out)))
    assert outs == {stable_shuffle(list("abcdefgh"), "hw-cbdr")}


def test_shuffled_choices_follow_the_flag(bank):
    single = bank.get("t-single")
    assert single.shuffle and sorted(single.choices()) == sorted(single.options)
    assert single.choices() == stable_shuffle(single.options, "t-single")
    multiple = bank.get("t-multiple")
    assert not multiple.shuffle and multiple.choices() == multiple.options


def test_order_never_starts_solved():
    from closereading.quiz.model import Evidence, Question
    ev = Evidence("1.1", "x")
    for n in range(200):
        items = ("a", "b")
        q = Question(id=f"q{n}", type="order", prompt="p", answer=items, explanation="e",
                     evidence=ev)
        start = q.start_order()
        assert start != items and sorted(start) == sorted(items)
        assert not grade(q, list(start)).correct


def test_match_right_column_is_shuffled_and_distinct(bank):
    q = bank.get("t-match")
    assert sorted(q.right_items()) == ["1.2", "1.3", "1.4"]
    assert q.right_items() != ("1.2", "1.3", "1.4")
    assert q.left_items() == ("Politics", "Economy", "Culture")


def test_answer_lines_state_each_type(bank):
    assert bank.get("t-evidence").answer_lines() == ["Paragraph 1.5"]
    assert bank.get("t-true-false").answer_lines() == ["True"]
    assert bank.get("t-text").answer_lines() == ["core", "also accepted: the core"]
    assert bank.get("t-order").answer_lines()[0] == "1. Politics"
    assert bank.get("t-match").answer_lines()[1] == "Economy \u2192 1.3"


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_clean_response_keeps_good_answers_and_drops_bad_ones(bank, qid):
    """A saved response comes back as it was when it fits the question, and as the
    blank response when it does not (a hand-edited progress file)."""
    q = bank.get(qid)
    for good in (RIGHT[qid], WRONG[qid]):
        assert clean_response(q, json.loads(json.dumps(good))) == good
    for bad in ({"nonsense": 1}, 42, ["not", "an", "item"]):
        assert clean_response(q, bad) == q.blank_response()
