"""Right and wrong are never signalled by colour alone: with every colour and style
removed, the feedback of a quiz question and the result of an exercise check still say
in words whether the answer is right."""

import re

import pytest

from closereading import exercises
from closereading.quiz import progress as P
from closereading.quiz.bank import validate_bank
from closereading.quiz.widgets import QuestionView
from test_quiz_fixtures import RIGHT, WRONG, write_bank
from test_quiz_widgets import answer


def without_colour(html: str) -> str:
    """The text a reader gets with no colour at all: style attributes, <style> elements
    and tags removed, whitespace collapsed."""
    html = re.sub(r"<style\b.*?</style>", "", html, flags=re.S)
    html = re.sub(r"\sstyle=\"[^\"]*\"", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return validate_bank(write_bank(tmp_path_factory.mktemp("bank")))


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_quiz_feedback_says_right_or_wrong_in_words(bank, tmp_path, qid):
    view = QuestionView(bank.get(qid), store=P.Store(tmp_path / "progress.json"))
    answer(view, WRONG[qid])
    view.check()
    wrong = without_colour(view.feedback.value)
    answer(view, RIGHT[qid])
    view.check()
    right = without_colour(view.feedback.value)
    assert wrong.startswith("Not yet.") and "Correct" not in wrong, wrong
    assert right.startswith("Correct.") and "Not yet" not in right, right


def test_exercise_results_say_their_status_in_words():
    said = {}
    for status in exercises.STATUS_WORDS:
        result = exercises.Result("count_word", status, "Some message.")
        said[status] = without_colour(result._repr_html_())
        assert said[status].startswith(exercises.STATUS_WORDS[status]), said[status]
        assert result.text.startswith(exercises.STATUS_WORDS[status])
    # Each status reads differently without its colour.
    assert len({text.split(" Some message.")[0] for text in said.values()}) == len(said)
    assert said["correct"].startswith("Correct.")
    assert said["incorrect"].startswith("Not yet right.")
