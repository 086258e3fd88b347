"""The quiz widgets driven in plain pytest: set values, click buttons, read the feedback.

ipywidgets works without a kernel: setting ``.value`` runs observers and ``.click()`` runs
the click handlers. Feedback lives in HTML widgets, so the tests read what a learner reads.
"""

import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closereading import quiz
from closereading.html import esc, mark_languages
from closereading.quiz import progress as P
from closereading.quiz.bank import validate_bank
from closereading.quiz.widgets import ECHO_LIMIT, QuestionView, ScoreboardView, block, safe_text
from test_quiz_fixtures import RIGHT, WRONG, WRONG_2, write_bank

pytestmark = pytest.mark.filterwarnings("error")  # a warning would reach stderr in a notebook


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return validate_bank(write_bank(tmp_path_factory.mktemp("bank")))


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def view(bank, store, qid):
    return QuestionView(bank.get(qid), number=1, total=7, store=store)


def answer(v, response):
    """Set a response through the controls, as a learner would."""
    q = v.question
    if q.type in ("single", "evidence", "true-false"):
        v.radio.value = response
    elif q.type == "multiple":
        for box in v.boxes:
            box.value = box.description in response
    elif q.type == "text":
        v.text.value = response
    elif q.type == "match":
        for left, dd in v.dropdowns.items():
            dd.value = response[left]
    elif q.type == "order":
        for target, item in enumerate(response):  # select and move up, one item at a time
            v.order.value = item
            while v.order_items().index(item) > target:
                v.up_button.click()


def feedback(v) -> str:
    """The feedback as text, tags removed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", v.feedback.value)).split())


# ---------------------------------------------------------------------------------------
# Every type: wrong, then right


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_wrong_then_right(bank, store, qid):
    v = view(bank, store, qid)
    answer(v, WRONG[qid])
    v.check_button.click()
    said = feedback(v)
    assert said.startswith("Not yet.") and "1 attempt so far" in said
    assert v.question.explanation not in said
    assert store.record(qid)["attempts"] == 1 and not store.record(qid)["correct"]

    answer(v, RIGHT[qid])
    assert v.response() is not None
    v.check_button.click()
    said = feedback(v)
    assert said.startswith("Correct.") and "At the first try" not in said
    assert v.question.explanation in said
    ev = v.question.evidence
    assert f"(paragraph {ev.paragraph})" in said and ev.quote in said
    rec = store.record(qid)
    assert rec["correct"] and not rec["first_try"] and rec["attempts"] == 2


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_at_the_first_try(bank, store, qid):
    v = view(bank, store, qid)
    answer(v, RIGHT[qid])
    v.check_button.click()
    assert "Correct. At the first try." in feedback(v)
    assert store.record(qid)["first_try"]


@pytest.mark.parametrize("qid", sorted(q for q in RIGHT if q != "t-order"))
def test_checking_nothing_is_not_an_attempt(bank, store, qid):
    v = view(bank, store, qid)
    v.check_button.click()
    assert "first" in feedback(v) and "Not yet" not in feedback(v)
    assert store.record(qid)["attempts"] == 0


def test_order_moves_and_edges(bank, store):
    v = view(bank, store, "t-order")
    start = v.order_items()
    assert [label for label, _ in v.order.options][0] == f"1. {start[0]}"
    v.up_button.click()  # nothing selected
    assert "Select an item in the list first." in feedback(v)
    v.order.value = start[0]
    v.up_button.click()  # already at the top: nothing changes
    assert v.order_items() == start
    v.down_button.click()
    assert v.order_items() == [start[1], start[0]] + start[2:]
    assert [label for label, _ in v.order.options][1] == f"2. {start[0]}"
    assert v.order.value == start[0]


def test_match_feedback_counts_right_pairs(bank, store):
    v = view(bank, store, "t-match")
    answer(v, WRONG["t-match"])
    v.check_button.click()
    assert "1 of 3 pairs is right." in feedback(v)


# ---------------------------------------------------------------------------------------
# Show answer, hints, reset, restore


@pytest.mark.parametrize("qid", sorted(q for q in RIGHT if WRONG_2[q] is not None))
def test_show_answer_after_two_wrong_attempts(bank, store, qid):
    v = view(bank, store, qid)
    assert v.show_button.layout.display == "none"
    answer(v, WRONG[qid])
    v.check_button.click()
    v.check_button.click()  # the same answer again is not a second attempt
    assert "not counted again" in feedback(v)
    assert v.show_button.layout.display == "none"
    v.show_button.click()  # not offered yet: does nothing
    assert not store.record(qid)["revealed"]
    answer(v, WRONG_2[qid])
    v.check_button.click()
    assert v.show_button.layout.display is None and "Show answer" in feedback(v)
    v.show_button.click()
    said = feedback(v)
    assert "The answer:" in said and v.question.explanation in said
    items = v.question.answer if v.question.type == "order" else v.question.answer_lines()
    for line in items:
        assert f"<li>{esc(line)}</li>" in v.feedback.value
    assert store.record(qid)["revealed"] and v.show_button.layout.display == "none"


def test_a_shown_order_is_a_numbered_list_without_numbers_written_in(bank, store):
    """Issue 8: the answer list showed both bullets and numbers ("• 1. Politics")."""
    v = view(bank, store, "t-order")
    for wrong in (WRONG["t-order"], WRONG_2["t-order"]):
        answer(v, wrong)
        v.check_button.click()
    v.show_button.click()
    shown = v.feedback.value
    assert "<ol><li>Politics</li><li>Economy</li>" in shown
    assert "<ul>" not in shown and not re.search(r"<li>\s*\d", shown)


def test_hints_one_at_a_time(bank, store):
    v = view(bank, store, "t-single")
    hints = v.question.hints
    assert v.hint_button.description == "Hint (1 of 2)" and v.hints_box.value == ""
    v.hint_button.click()
    assert hints[0] in html.unescape(v.hints_box.value) and hints[1] not in html.unescape(v.hints_box.value)
    assert v.hint_button.description == "Hint (2 of 2)"
    v.hint_button.click()
    assert hints[1] in html.unescape(v.hints_box.value)
    assert v.hint_button.disabled and v.hint_button.description == "No more hints"
    assert store.record("t-single")["hints"] == 2
    assert view(bank, store, "t-multiple").hint_button.layout.display == "none"  # no hints


def test_reset_clears_the_question_and_its_record(bank, store):
    v = view(bank, store, "t-multiple")
    board = ScoreboardView("test", bank.ids, store=store)
    answer(v, RIGHT["t-multiple"])
    v.check_button.click()
    assert board.score()["answered"] == 1
    v.reset_button.click()
    assert "cleared" in feedback(v)
    assert all(not b.value for b in v.boxes)
    rec = store.records()["t-multiple"]  # the answer is gone; the history stays
    assert rec == dict(P.fresh_record(), past_attempts=1)
    assert board.score() == {"answered": 0, "first_try": 0, "total": 7}
    assert "Answered: 0 of 7" in board.value


@pytest.mark.parametrize("qid", sorted(q for q in RIGHT if WRONG_2[q] is not None))
def test_reset_after_show_answer_does_not_give_a_fresh_first_try(bank, store, qid):
    """Issue 8, item 2: two wrong tries, Show answer, Reset, then the answer just shown."""
    v = view(bank, store, qid)
    board = ScoreboardView("test", bank.ids, store=store)
    answer(v, WRONG[qid])
    v.check_button.click()
    answer(v, WRONG_2[qid])
    v.check_button.click()
    v.show_button.click()
    v.reset_button.click()
    assert "The answer:" not in feedback(v) and board.score()["answered"] == 0
    answer(v, RIGHT[qid])
    v.check_button.click()
    said = feedback(v)
    assert "Correct." in said and "At the first try" not in said
    assert "Not counted as a first try" in said
    rec = store.record(qid)
    assert rec["correct"] and not rec["first_try"] and rec["past_revealed"]
    assert board.score() == {"answered": 1, "first_try": 0, "total": 7}
    again = view(bank, P.Store(store.path), qid)  # a reopened notebook agrees
    assert "At the first try" not in feedback(again)


def test_reset_after_one_wrong_try_does_not_give_a_fresh_first_try(bank, store):
    v = view(bank, store, "t-single")
    board = ScoreboardView("test", bank.ids, store=store)
    answer(v, WRONG["t-single"])
    v.check_button.click()
    v.reset_button.click()
    answer(v, RIGHT["t-single"])
    v.check_button.click()
    assert "At the first try" not in feedback(v)
    assert board.score()["first_try"] == 0


def test_reset_without_any_check_leaves_a_first_try_possible(bank, store):
    v = view(bank, store, "t-single")
    v.hint_button.click()
    v.reset_button.click()
    assert "t-single" not in store.records()
    answer(v, RIGHT["t-single"])
    v.check_button.click()
    assert "At the first try" in feedback(v)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_a_new_view_restores_the_saved_state(bank, store, qid):
    v = view(bank, store, qid)
    answer(v, RIGHT[qid])
    v.check_button.click()
    again = view(bank, P.Store(store.path), qid)  # a re-run cell, or a reopened notebook
    assert again.response() == v.response()
    said = feedback(again)
    assert "Correct." in said and "from your saved progress" in said
    assert again.question.explanation in said


def test_trying_a_wrong_answer_after_a_right_one_keeps_the_right_one(bank, store):
    v = view(bank, store, "t-single")
    answer(v, RIGHT["t-single"])
    v.check_button.click()
    answer(v, WRONG["t-single"])
    v.check_button.click()
    assert "Not yet." in feedback(v) and "Your earlier correct answer still counts." in feedback(v)
    assert store.record("t-single")["first_try"]
    assert view(bank, store, "t-single").radio.value == RIGHT["t-single"]


def test_a_restored_wrong_answer_keeps_show_answer_available(bank, store):
    v = view(bank, store, "t-single")
    for wrong in (WRONG["t-single"], WRONG_2["t-single"]):
        answer(v, wrong)
        v.check_button.click()
    again = view(bank, store, "t-single")
    assert again.radio.value == WRONG_2["t-single"]
    assert "Not yet. 2 attempts so far. (from your saved progress)" in feedback(again)
    assert again.show_button.layout.display is None


def test_a_restored_revealed_question_shows_the_answer(bank, store):
    store.update("t-text", P.after_reveal)
    again = view(bank, store, "t-text")
    assert "The answer:" in feedback(again) and "core" in feedback(again)


def test_a_hand_edited_response_is_ignored_not_fatal(bank, store):
    store.update("t-match", lambda r: {**r, "attempts": 1, "response": {"Politics": "<bad>"}})
    v = view(bank, store, "t-match")
    assert all(dd.value is None for dd in v.dropdowns.values())


# ---------------------------------------------------------------------------------------
# The scoreboard


def test_scoreboard_is_live_and_never_counts_twice(bank, store):
    board = ScoreboardView("test", bank.ids, store=store)
    assert "Answered: 0 of 7" in board.value
    v = view(bank, store, "t-evidence")
    answer(v, RIGHT["t-evidence"])
    v.check_button.click()
    assert "Answered: 1 of 7" in board.value and "Correct at the first try: 1" in board.value
    # Re-running the cells (new views, a new scoreboard) and checking again changes nothing.
    v2 = view(bank, store, "t-evidence")
    v2.check_button.click()
    board2 = ScoreboardView("test", bank.ids, store=store)
    assert board.score() == board2.score() == {"answered": 1, "first_try": 1, "total": 7}
    w = view(bank, store, "t-text")
    answer(w, WRONG["t-text"])
    w.check_button.click()
    assert "Answered: 2 of 7" in board.value and "Correct at the first try: 1" in board.value


def test_quiz_scoreboard_and_ask_on_the_demo_bank(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "p.json"))
    board = quiz.scoreboard("00-start-here")
    ids = quiz.questions("00-start-here").ids
    # The quiz's line, then the notebook's other sources of progress (issue 10: exercises;
    # issue 9: reading responses), none of them started.
    from closereading.exercises import load as load_exercises
    from closereading.scoreboard import summaries
    reading = {o["key"]: o for o in summaries("00-start-here")}["reading"]
    assert board.ids == ids and repr(board) == (
        f"Scoreboard (00-start-here): answered 0 of {len(ids)}; correct at the first try 0; "
        f"questions {len(ids)}; exercises right: 0 of {len(load_exercises('00-start-here'))}; "
        f"reading responses written: 0 of {reading['total']}")
    group = quiz.ask(*ids)
    assert [v.question.id for v in group.views] == list(ids)
    first = group.views[0]
    assert f"<p><strong>Question 1 of {len(ids)}.</strong>" in first.heading.value
    first.radio.value = first.question.answer
    first.check_button.click()
    assert f"Answered: 1 of {len(ids)}" in board.value
    assert json.loads((tmp_path / "p.json").read_text())["questions"][ids[0]]["first_try"]


# ---------------------------------------------------------------------------------------
# Without a kernel: the mime bundle


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_mime_bundle_shows_the_question_not_the_answer_and_never_changes(bank, store, qid):
    v = view(bank, store, qid)
    bundle = v._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text, page = bundle["text/plain"], bundle["text/html"]
    q = v.question
    assert q.prompt in text and esc(q.prompt) in page
    for shown in (text, page):
        assert q.explanation not in shown and esc(q.explanation) not in shown
        assert "Answer:" not in shown and "cr-quiz-key" not in shown
    assert len(text.splitlines()) <= 12
    answer(v, RIGHT[qid])
    v.check_button.click()
    v.hint_button.click()
    after = v._repr_mimebundle_()
    assert (after["text/plain"], after["text/html"]) == (text, page)
    assert repr(v) == text


def test_text_plain_lists_the_options_in_the_order_shown(bank, store):
    v = view(bank, store, "t-single")
    lines = v._repr_mimebundle_()["text/plain"].splitlines()
    assert lines[1:] == [f"  ( ) {o}" for o in v.question.choices()]
    assert [label for label, _ in v.radio.options] == list(v.question.choices())


def test_the_teacher_edition_shows_answers_in_the_html_only(bank, store, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    v = view(bank, store, "t-match")
    bundle = v._repr_mimebundle_()
    assert "cr-quiz-key" in bundle["text/html"]
    assert esc(v.question.explanation) in bundle["text/html"]
    assert "Politics \u2192 1.2" in bundle["text/html"]
    assert v.question.explanation not in bundle["text/plain"]
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    assert "cr-quiz-key" not in view(bank, store, "t-match")._repr_mimebundle_()["text/html"]


# ---------------------------------------------------------------------------------------
# Security and accessibility

HOSTILE = """\
- id: h1
  type: single
  prompt: "Which is <b>bold</b> & <script>alert('p')</script>?"
  options: ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "a & b"]
  answer: "<img src=x onerror=alert(2)>"
  explanation: "Because <img src=x onerror=alert(3)> says so."
  evidence: {paragraph: "1.6", quote: "In terms of the environment"}
  hints: ["<script>alert(4)</script>"]
  feedback:
    "<script>alert(1)</script>": "<img src=x onerror=alert(6)> is not it."
    "<img src=x onerror=alert(2)>": "<script>alert(7)</script> right."
    "a & b": "<iframe src=javascript:alert(8)>"
- id: h2
  type: text
  prompt: Type anything.
  answer: ["<script>"]
  explanation: "<iframe src=javascript:alert(5)>"
  evidence: {paragraph: "1.6", quote: "In terms of the environment"}
"""

RAW_TAG = re.compile(r"<\s*(script|img|iframe)\b", re.I)


def all_html(v) -> str:
    parts = [v.heading.value, v.feedback.value, v.hints_box.value, v.warning.value,
             v._repr_mimebundle_()["text/html"]]
    return "".join(parts)


def test_strings_from_yaml_are_escaped_everywhere(tmp_path, store, monkeypatch):
    bank = validate_bank(write_bank(tmp_path, "99-h.yml", HOSTILE))
    v = QuestionView(bank.get("h1"), store=store)
    v.radio.value = "a & b"
    v.check_button.click()
    assert "&lt;iframe src=javascript:alert(8)&gt;" in v.feedback.value
    assert not RAW_TAG.search(v.feedback.value)
    v.radio.value = "<img src=x onerror=alert(2)>"
    v.check_button.click()
    v.hint_button.click()
    page = all_html(v)
    assert "Correct." in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(7)&lt;/script&gt; right." in page
    assert not RAW_TAG.search(page)
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    teacher = QuestionView(bank.get("h1"), store=store)._repr_mimebundle_()["text/html"]
    assert "cr-quiz-key" in teacher and not RAW_TAG.search(teacher)
    from closereading.quiz.answer_key import answer_key_html
    key = answer_key_html(bank)
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in key and not RAW_TAG.search(key)
    assert "&lt;iframe src=javascript:alert(8)&gt;" in key and "&lt;iframe" in teacher
    # The controls show options as text, never as HTML.
    assert v.radio.description_allow_html is False


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                   "\"><svg onload=alert(1)>", "&lt;script&gt;"])
def test_a_learners_answer_is_echoed_escaped(tmp_path, store, typed):
    bank = validate_bank(write_bank(tmp_path, "99-h.yml", HOSTILE))
    v = QuestionView(bank.get("h2"), store=store)
    v.text.value = typed
    v.check_button.click()
    assert f"Your answer: \u201c{esc(typed)}\u201d" in v.feedback.value
    assert not RAW_TAG.search(v.feedback.value) and "<svg" not in v.feedback.value


@settings(max_examples=300, deadline=None)
@given(typed=st.one_of(st.text(), st.text(st.characters(exclude_categories=()))))
def test_any_unicode_text_answer_is_graded_without_error_and_echoed_escaped(bank, typed):
    import tempfile
    from pathlib import Path
    from closereading.quiz.model import normalise_text
    with tempfile.TemporaryDirectory() as tmp:
        store = P.Store(Path(tmp) / "progress.json")
        v = QuestionView(bank.get("t-text"), store=store)
        v.text.value = typed
        v.check_button.click()
        page = v.feedback.value
        if not normalise_text(typed):
            assert page == block('<p role="status">Type an answer first.</p>')
            assert not store.path.exists()
            return
        shown = safe_text(typed)
        shown = shown[:ECHO_LIMIT] + ("\u2026" if len(shown) > ECHO_LIMIT else "")
        assert f"<p>Your answer: \u201c{mark_languages(esc(shown))}\u201d</p>" in page
        # Whatever was typed, the echo holds no markup of the learner's (only ours, which
        # marks Chinese as such).
        echo = page.split("<p>Your answer: \u201c", 1)[1].split("\u201d</p>", 1)[0]
        ours = echo.replace('<span lang="zh-Hans">', "").replace("</span>", "")
        assert "<" not in ours and ">" not in ours
        said_correct = page.startswith(block('<p role="status"><strong>Correct.</strong>')[:-6])
        assert said_correct == (normalise_text(typed) in {"core", "the core"})
        saved = json.loads(store.path.read_text(encoding="utf-8"))["questions"]["t-text"]
        assert saved["attempts"] == 1
        assert P.Store(store.path).record("t-text")["response"] == safe_text(typed)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_every_control_has_a_visible_label(bank, store, qid):
    import ipywidgets as W
    v = view(bank, store, qid)
    stack = [v]
    seen = 0
    while stack:
        w = stack.pop()
        if isinstance(w, W.Box):
            stack.extend(w.children)
        elif isinstance(w, (W.Button, W.Checkbox, W.RadioButtons, W.Text, W.Dropdown, W.Select)):
            seen += 1
            assert w.description.strip(), f"{type(w).__name__} without a label"
            if hasattr(w, "description_allow_html"):  # labels are text, never HTML
                assert w.description_allow_html is False
    assert seen >= 5


def test_feedback_is_in_words(bank, store):
    """Right and wrong are said in words, in the feedback, not by a colour or an icon."""
    v = view(bank, store, "t-true-false")
    v.radio.value = False
    v.check_button.click()
    assert "<strong>Not yet.</strong>" in v.feedback.value and "color" not in v.feedback.value
    v.radio.value = True
    v.check_button.click()
    assert "<strong>Correct.</strong>" in v.feedback.value and "color" not in v.feedback.value


# ---------------------------------------------------------------------------------------
# Warnings for the learner go into the widgets, never to stderr


def test_a_damaged_progress_file_is_reported_in_the_widget(bank, tmp_path, capsys):
    path = tmp_path / "progress.json"
    path.write_text("{ this is not json")
    store = P.Store(path)
    v = view(bank, store, "t-single")
    board = ScoreboardView("test", bank.ids, store=store)
    for widget_html in (v.warning.value, board.value):
        assert "moved aside" in widget_html and 'role="alert"' in widget_html
    assert path.with_name("progress.json.damaged-1").exists()
    answer(v, RIGHT["t-single"])
    v.check_button.click()
    assert "Correct." in feedback(v)
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert "moved aside" not in v._repr_mimebundle_()["text/html"]


def test_ask_several_questions_gives_one_widget_with_every_question(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "p.json"))
    ids = quiz.questions("00-start-here").ids[:2]
    group = quiz.ask(*ids)
    bundle = group._repr_mimebundle_()
    for qid in ids:
        assert quiz.load_banks().get(qid).prompt in bundle["text/plain"]
    assert repr(group) == bundle["text/plain"]
    with pytest.raises(TypeError):
        quiz.ask()


def test_importing_the_quiz_package_stays_light():
    import subprocess
    import sys
    code = ("import sys; from closereading import quiz; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'ipywidgets', 'matplotlib', 'yaml', 'filelock', 'platformdirs'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------
# Issue 8, item 6: what a learner sees


def test_match_dropdowns_start_on_choose_and_come_back_to_it_after_reset(bank, store):
    v = view(bank, store, "t-match")
    for dd in v.dropdowns.values():  # index None would show a blank drop-down
        assert (dd.index, dd.label, dd.value) == (0, "(choose)", None)
    answer(v, WRONG["t-match"])
    v.check_button.click()
    v.reset_button.click()
    for dd in v.dropdowns.values():
        assert (dd.index, dd.label, dd.value) == (0, "(choose)", None)
    again = view(bank, P.Store(store.path), "t-match")
    assert all(dd.index == 0 for dd in again.dropdowns.values())


def test_select_first_note_goes_once_an_item_is_selected(bank, store):
    v = view(bank, store, "t-order")
    answer(v, WRONG["t-order"])
    v.check_button.click()
    before = v.feedback.value
    v.order.value = None
    v.up_button.click()
    assert "Select an item in the list first." in feedback(v)
    v.order.value = v.order_items()[1]  # selecting is enough: the note no longer applies
    assert "Select an item in the list first." not in v.feedback.value
    assert v.feedback.value == before  # the feedback it covered comes back
    v.order.value = None
    v.down_button.click()
    v.down_button.click()  # twice: the note must not hide the earlier feedback for good
    v.order.value = v.order_items()[0]
    assert v.feedback.value == before
