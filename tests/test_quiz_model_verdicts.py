"""The grader's verdicts in full, and the small functions of the question model, checked
value for value (issue 14: written to kill the mutants `make mutation` found alive in
quiz/model.py; see tests/MUTANTS.md)."""

import pytest

from closereading.quiz.model import (Evidence, Question, Verdict, clean_response, grade,
                                     normalise_text, stable_shuffle)

EV = Evidence("1.1", "a quote")


def make(qtype, answer, options=(), qid=None, shuffle=False):
    return Question(id=qid or f"t-{qtype}", type=qtype, prompt="A prompt?", answer=answer,
                    explanation="Because.", evidence=EV, options=tuple(options),
                    shuffle=shuffle)


SINGLE = make("single", "b", ["a", "b", "c"])
EVID = make("evidence", "1.2", ["1.1", "1.2", "1.3"])
MULTI = make("multiple", ("a", "c"), ["a", "b", "c"])
TF_TRUE = make("true-false", True)
TF_FALSE = make("true-false", False)
TEXT = make("text", ("Win-win", "mutual benefit"))
TEXT_ONE = make("text", ("core",))
MATCH = make("match", (("L1", "R1"), ("L2", "R2"), ("L3", "R3")))
ORDER = make("order", ("first", "second", "third"))


@pytest.mark.parametrize("q, response, detail", [
    (SINGLE, None, "Choose an answer first."),
    (SINGLE, "z", "Choose an answer first."),
    (SINGLE, True, "Choose an answer first."),
    (EVID, None, "Choose an answer first."),
    (MULTI, "a", "Select at least one option first."),
    (MULTI, [], "Select at least one option first."),
    (MULTI, ["z", 3], "Select at least one option first."),
    (TF_TRUE, None, "Choose True or False first."),
    (TF_TRUE, "maybe", "Choose True or False first."),
    (TF_TRUE, "true", "Choose True or False first."),
    (TEXT, "", "Type an answer first."),
    (TEXT, " ?! ", "Type an answer first."),
    (MATCH, ["R1", "R2", "R3"], "Choose a match for every item first."),
    (MATCH, {"L1": "R1", "L2": None, "L3": "R3"}, "Choose a match for every item first."),
    (ORDER, ["first", "second"], "Use every item once."),
    (ORDER, "first second third", "Use every item once."),
    (ORDER, dict.fromkeys(["first", "second", "third"]), "Use every item once."),
    (ORDER, ["first", "first", "third"], "Use every item once."),
])
def test_an_incomplete_answer_gets_exactly_this_verdict(q, response, detail):
    assert grade(q, response) == Verdict(False, complete=False, detail=detail)


@pytest.mark.parametrize("q, response, verdict", [
    (SINGLE, "b", Verdict(True)),
    (SINGLE, "a", Verdict(False)),
    (EVID, "1.2", Verdict(True)),
    (MULTI, ["c", "a"], Verdict(True)),
    (MULTI, ["a", "c", "not an option"], Verdict(True)),   # unknown entries are ignored
    (MULTI, ["a"], Verdict(False, True, "1 of 2 right; one more applies.")),   # issue 10
    (MULTI, ["a", "b"], Verdict(False, True, "1 of 2 right; one option you chose is wrong:")),
    (TF_TRUE, True, Verdict(True)),
    (TF_TRUE, "True", Verdict(True)),
    (TF_FALSE, "False", Verdict(True)),
    (TF_FALSE, False, Verdict(True)),
    (TF_FALSE, "True", Verdict(False)),
    (TEXT, "WIN WIN", Verdict(True)),
    (TEXT, "Mutual-Benefit.", Verdict(True)),
    # a word of an accepted answer, not the whole of it (issue 24: a near miss)
    (TEXT, "benefit", Verdict(False, detail="Part of it: the text's wording has more words "
                                            "than yours. Read the phrase again in paragraph "
                                            "1.1.")),
    (MATCH, {"L1": "R1", "L2": "R2", "L3": "R3"}, Verdict(True)),
    # The verb agrees with the count (issue 8): "1 ... is", "0 ... are".
    (MATCH, {"L1": "R2", "L2": "R1", "L3": "R3"}, Verdict(False, True, "1 of 3 pairs is right.")),
    (MATCH, {"L1": "R2", "L2": "R3", "L3": "R1"}, Verdict(False, True, "0 of 3 pairs are right.")),
    (ORDER, ("first", "second", "third"), Verdict(True)),
    (ORDER, ["third", "second", "first"],
     Verdict(False, True, "1 of 3 items is in the right place.")),
    (ORDER, ["third", "first", "second"],
     Verdict(False, True, "0 of 3 items are in the right place.")),
])
def test_a_complete_answer_gets_exactly_this_verdict(q, response, verdict):
    assert grade(q, response) == verdict


def test_a_question_that_cannot_be_graded_gives_the_unreadable_verdict():
    broken = make("match", None)           # its grader raises on the missing answer
    assert grade(broken, {"a": "b"}) == Verdict(
        False, complete=False, detail="This answer could not be read; choose again.")


def test_normalise_text_of_values_that_are_not_text():
    assert normalise_text(2011) == "2011"
    assert normalise_text(None) == ""
    assert normalise_text(True) == "true"
    assert normalise_text("a\udc80b") == "ab"        # a lone surrogate is dropped
    assert normalise_text("Co\u2014operation\u00a0\u2122") == "co operation tm"


@pytest.mark.parametrize("q, lines", [
    (SINGLE, ["b"]),
    (EVID, ["Paragraph 1.2"]),
    (MULTI, ["a", "c"]),
    (TF_TRUE, ["True"]),
    (TF_FALSE, ["False"]),
    (TEXT, ["Win-win", "also accepted: mutual benefit"]),
    (make("text", ("a", "b", "c")), ["a", "also accepted: b; c"]),
    (TEXT_ONE, ["core"]),
    (MATCH, ["L1 \u2192 R1", "L2 \u2192 R2", "L3 \u2192 R3"]),
    (ORDER, ["1. first", "2. second", "3. third"]),
])
def test_answer_lines(q, lines):
    assert q.answer_lines() == lines


def test_choices_and_items_by_type():
    assert TF_TRUE.choices() == ("True", "False")
    assert EVID.choices() == ("1.1", "1.2", "1.3")
    assert MULTI.choices() == ("a", "b", "c")
    assert TEXT.choices() == () and MATCH.choices() == () and ORDER.choices() == ()
    shuffled = make("evidence", "1.2", ["1.1", "1.2", "1.3", "1.4"], shuffle=True)
    assert shuffled.choices() == stable_shuffle(shuffled.options, shuffled.id)
    assert SINGLE.left_items() == () and ORDER.left_items() == ()
    assert MATCH.left_items() == ("L1", "L2", "L3")
    assert MATCH.start_order() == () and SINGLE.right_items() == ()
    assert SINGLE.blank_response() is None
    assert MULTI.blank_response() == [] and TEXT.blank_response() == ""
    assert MATCH.blank_response() == {"L1": None, "L2": None, "L3": None}


def test_right_items_are_drawn_from_the_question_id():
    assert MATCH.right_items() == stable_shuffle(("R1", "R2", "R3"), MATCH.id + "/right",
                                                 avoid=("R1", "R2", "R3"))


def test_right_items_never_mirror_the_left_column():
    # Find ids whose shuffle of two right-hand items happens to keep their order: the
    # column must still be turned round.
    pairs = (("L1", "R1"), ("L2", "R2"))
    kept = [qid for qid in (f"m{i}" for i in range(200))
            if stable_shuffle(("R1", "R2"), qid + "/right") == ("R1", "R2")]
    assert kept
    for qid in kept[:5]:
        assert make("match", pairs, qid=qid).right_items() == ("R2", "R1")


@pytest.mark.parametrize("q, saved, restored", [
    (SINGLE, "a", "a"),
    (SINGLE, "not an option", None),
    (SINGLE, 3, None),
    (TF_TRUE, False, False),
    (TF_TRUE, "True", None),
    (MULTI, ["c", "zzz", "a"], ["a", "c"]),
    (MULTI, "a", []),
    (TEXT, "typed", "typed"),
    (TEXT, 5, ""),
    (MATCH, {"L1": "R2", "L2": "nonsense", "L9": "R1"}, {"L1": "R2", "L2": None, "L3": None}),
    (MATCH, "R1", {"L1": None, "L2": None, "L3": None}),
    (ORDER, ["third", "first", "second"], ["third", "first", "second"]),
    (ORDER, ["third", "first"], list(ORDER.start_order())),
])
def test_clean_response(q, saved, restored):
    assert clean_response(q, saved) == restored
