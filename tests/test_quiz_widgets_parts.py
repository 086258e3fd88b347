"""The parts of the quiz widgets around the questions, checked value for value (issue 14:
written to kill the mutants `make mutation` found alive in quiz/widgets.py; see
tests/MUTANTS.md): the scoreboard with the other sources of progress, the course
overview, a group of questions, the note about saved progress, and the small helpers."""

import pytest

from closereading import quiz
from closereading.quiz import progress as P
from closereading.quiz import render
from closereading.quiz.bank import validate_bank
from closereading.quiz.widgets import (CourseOverview, QuestionGroup, QuestionView,
                                       ScoreboardView, _warnings_html, block, css_id,
                                       refresh_scoreboards, safe_text)
from test_quiz_fixtures import write_bank

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return validate_bank(write_bank(tmp_path_factory.mktemp("bank")))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    return P.store()


def test_small_helpers():
    assert css_id("q-1_a") == "cr-quiz-q-q-1_a"
    assert css_id("a b/\u00e9.1") == "cr-quiz-q-a_b___1"
    assert css_id("Q-1.A") == "cr-quiz-q-Q-1_A"          # bank ids may use capitals
    assert block("") == "" and block("<p>x</p>") == '<div style="line-height:1.45"><p>x</p></div>'
    sent = safe_text("a\ud800b")          # a lone surrogate, as a browser can send
    assert sent.encode("utf-8") and sent[0] == "a" and sent[-1] == "b" and "\ufffd" in sent
    assert safe_text("caf\u00e9") == "caf\u00e9"
    assert safe_text(None) == "" and safe_text(3) == ""


def test_the_note_about_saved_progress_lists_each_warning_escaped(tmp_path):
    store = P.Store(tmp_path / "progress.json")
    assert _warnings_html(store) == ""
    store.warnings = ["First <b>note</b>.", "Second."]
    assert _warnings_html(store) == (
        '<div role="alert" style="border:1px solid #767676;padding:0.3em 0.8em"><p><strong>'
        "Note about your saved progress:</strong></p><ul><li>First &lt;b&gt;note&lt;/b&gt;."
        "</li><li>Second.</li></ul></div>")


def test_a_scoreboard_of_a_course_notebook_counts_the_other_sources(store):
    from closereading.scoreboard import summaries
    stem = "01-harmonious-world"
    ids = quiz.questions(stem).ids
    board = quiz.scoreboard(stem)
    others = summaries(stem)
    assert others, "the notebook has exercises"
    s = {"answered": 0, "first_try": 0, "total": len(ids)}
    assert board.others() == others
    assert repr(board) == render.score_text(s, stem, others)
    bundle = board._repr_mimebundle_()
    assert bundle["text/plain"] == render.score_text(s, stem, others)
    assert bundle["text/html"] == render.score_html(s, stem, others)
    assert board.value == block(render.score_html(s, stem, others))
    assert "cr-quiz-scoreboard" in board._dom_classes     # what the browser tests look for


def test_a_scoreboard_of_a_bank_outside_the_course_has_no_other_sources(bank, store):
    board = ScoreboardView("test", bank.ids, store=store)
    assert board.others() == []
    assert repr(board) == (f"Scoreboard (test): answered 0 of {len(bank.ids)}; correct at the "
                           f"first try 0; questions {len(bank.ids)}")


def test_a_scoreboard_shows_the_note_about_saved_progress(bank, store):
    store.warnings = ["Something <odd>."]
    board = ScoreboardView("test", bank.ids, store=store)
    assert board.value == block(_warnings_html(store) + render.score_html(
        {"answered": 0, "first_try": 0, "total": len(bank.ids)}, "test", []))


def test_the_course_overview_is_live(bank, store):
    from closereading.scoreboard import course_rows, source_labels
    board = quiz.overview()
    assert isinstance(board, CourseOverview)
    assert "cr-course-overview-widget" in board._dom_classes
    rows, labels = course_rows(), source_labels()
    assert board.value == block(render.overview_html(rows, labels))
    assert repr(board) == render.overview_text(rows, labels)
    bundle = board._repr_mimebundle_()
    assert bundle["text/plain"] == render.overview_text(rows, labels)
    assert bundle["text/html"] == render.overview_html(rows, labels)
    stem = "01-harmonious-world"
    first = quiz.questions(stem).ids[0]
    store.update(first, lambda r: P.after_check(r, "anything", False))
    refresh_scoreboards()
    after = render.overview_text(course_rows(), labels)
    assert after != render.overview_text(rows, labels) and repr(board) == after
    assert board.value == block(render.overview_html(course_rows(), labels))


def test_a_group_of_questions_reads_as_its_questions_without_a_kernel(bank, store):
    views = [QuestionView(bank.get(qid), number=n, total=2, store=store)
             for n, qid in enumerate(("t-single", "t-text"), 1)]
    group = QuestionGroup(views)
    bundle = group._repr_mimebundle_()
    assert bundle["text/plain"] == repr(group) == (
        render.question_text(bank.get("t-single"), number=1) + "\n\n"
        + render.question_text(bank.get("t-text"), number=2))
    assert bundle["text/html"] == ("<div>" + render.question_html(bank.get("t-single"), number=1)
                                   + render.question_html(bank.get("t-text"), number=2) + "</div>")
    assert list(group.children) == views and "cr-quiz-group" in group._dom_classes


VIEW = "application/vnd.jupyter.widget-view+json"


def test_with_a_kernel_each_part_is_shown_as_its_live_widget(bank, store):
    """The static text and HTML are added to the widget's own bundle, never instead of
    it: a live notebook shows the widget."""
    views = [QuestionView(bank.get("t-single"), store=store)]
    for part in (QuestionGroup(views), ScoreboardView("test", bank.ids, store=store),
                 quiz.overview()):
        bundle = part._repr_mimebundle_()
        assert bundle[VIEW]["model_id"] == part.model_id, type(part).__name__
        assert bundle["text/plain"] == repr(part)



def test_an_order_question_sends_new_labels_and_selection_in_one_message(bank, store):
    # Sent apart (labels, a reset selection, then the selection), the browser showed the
    # moved labels before the selection came: a learner (or a test) choosing the next item
    # at once saw that choice undone by the late message, and the next "Move up" moved
    # the wrong item (tests/browser/STALL.md).
    q = next(q for q in bank if q.type == "order")
    view = QuestionView(q)
    sent = []
    send = view.order.send_state

    def record(key=None):
        sent.append(sorted(key) if isinstance(key, (set, list, tuple)) else key)
        send(key)
    view.order.send_state = record
    view.order.value = view.order.options[1][1]
    sent.clear()
    view.move(-1)
    assert sent == [["_options_labels", "index"]]
    assert view.order.index == 0
    sent.clear()
    view.set_response(list(q.answer))
    assert sent == [["_options_labels", "index"]]
    assert view.order.index is None
