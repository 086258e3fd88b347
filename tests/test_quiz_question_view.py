"""A live question (``QuestionView``) as a learner meets it, word for word: its frame,
heading, controls, buttons and the notes of "Move up", "Reset" and choosing an item.
Written for mutation testing (issue 14, tests/MUTANTS.md): each test fails on a change to
a word, a style or an edge that the other widget tests did not notice."""

import pytest

from closereading.quiz import progress as P
from closereading.quiz import render
from closereading.quiz.bank import validate_bank
from closereading.quiz.widgets import (CHOOSE, SELECT_FIRST, STYLE, QuestionView, block,
                                       css_id)
from test_quiz_fixtures import write_bank

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    return {q.id: q for q in validate_bank(write_bank(tmp_path_factory.mktemp("bank")))}


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    return P.store()


def buttons(view):
    return [(b.description, b.tooltip, b.button_style, b._dom_classes)
            for b in view.buttons.children]


@pytest.mark.parametrize("qid", ["t-single", "t-multiple", "t-true-false", "t-text",
                                 "t-match", "t-order", "t-evidence"])
def test_the_frame_heading_and_buttons_of_every_type(bank, store, qid):
    q = bank[qid]
    view = QuestionView(q, number=2, total=7, store=store)
    layout = view.layout
    assert (layout.border, layout.padding, layout.margin, layout.width) == \
        ("1px solid #767676", "0.4em 0.9em", "0.5em 0", "auto")
    assert view.heading.value == STYLE + block(
        f"<p><strong>Question 2 of 7.</strong> <em>{q.instruction}</em></p>"
        f"<p>{render.esc(q.prompt)}</p>")
    assert buttons(view) == [
        ("Check", "Check your answer", "primary", ("cr-quiz-check",)),
        ("Hint (1 of 2)" if q.hints else "Hint", "Show one hint", "", ("cr-quiz-hint",)),
        ("Show answer", "Show the answer, the explanation and the evidence", "",
         ("cr-quiz-show",)),
        ("Reset", "Clear this question", "", ("cr-quiz-reset",))]
    assert [b.icon for b in view.buttons.children] == ["", "", "", ""]
    assert view.children == (view.warning, view.heading, view.control, view.buttons,
                             view.hints_box, view.feedback)
    assert view._dom_classes == ("cr-quiz", "cr-focus", css_id(q.id), f"cr-quiz-type-{q.type}")
    assert (view.feedback._dom_classes, view.hints_box._dom_classes,
            view.warning._dom_classes) == (("cr-quiz-feedback",), ("cr-quiz-hints",),
                                           ("cr-quiz-warning",))
    assert view.feedback.value == view.hints_box.value == ""
    assert view.show_button.layout.display == "none"        # offered after two wrong tries
    assert view.hint_button.layout.display == (None if q.hints else "none")


@pytest.mark.parametrize("number, total", [(None, None), (3, None), (None, 7), (0, 7)])
def test_a_question_without_its_place_is_only_a_question(bank, store, number, total):
    q = bank["t-single"]
    view = QuestionView(q, number=number, total=total, store=store)
    assert view.heading.value == STYLE + block(
        f"<p><strong>Question.</strong> <em>{q.instruction}</em></p><p>{q.prompt}</p>")


def test_each_type_has_its_own_control_word_for_word(bank, store):
    single = QuestionView(bank["t-single"], store=store)
    assert single.control is single.radio
    assert (single.radio.description, single.radio.style.description_width,
            single.radio.layout.width, single.radio.layout.max_width, single.radio.value) == \
        ("Your answer:", "initial", "auto", "100%", None)
    assert [label for label, _ in single.radio.options] == \
        [render._label(bank["t-single"], o) for o in bank["t-single"].choices()]
    tf = QuestionView(bank["t-true-false"], store=store)
    assert tf.radio.options == (("True", True), ("False", False))

    multiple = QuestionView(bank["t-multiple"], store=store)
    intro, *boxes = multiple.control.children
    assert intro.value == "<p>Your answer (select every option that applies):</p>"
    assert boxes == multiple.boxes
    assert [(b.description, b.value, b.indent, b.layout.width) for b in boxes] == \
        [(o, False, False, "auto") for o in bank["t-multiple"].choices()]

    text = QuestionView(bank["t-text"], store=store)
    assert (text.text.description, text.text.placeholder, text.text.value,
            text.text.style.description_width, text.text.layout.width,
            text.text.layout.max_width) == ("Your answer:", "type here, then press Enter or Check", "", "initial",
                                            "32em", "100%")

    match = QuestionView(bank["t-match"], store=store)
    intro, *drops = match.control.children
    assert intro.value == "<p>Your answer (a match for each item):</p>"
    rights = list(bank["t-match"].right_items())
    assert [(d.description, d.options, d.index, d.value, d.style.description_width,
             d.layout.width) for d in drops] == \
        [(f"{left}:", ((CHOOSE, None),) + tuple((r, r) for r in rights), 0, None, "initial",
          "auto") for left in bank["t-match"].left_items()]

    order = QuestionView(bank["t-order"], store=store)
    note, radio, row = order.control.children
    assert note.value == "<p>Select an item, then move it with the buttons (first at the top).</p>"
    assert radio is order.order
    assert (radio.description, radio.value, radio.style.description_width) == \
        ("Your order:", None, "initial")
    assert [label for label, _ in radio.options] == \
        [f"{i}. {item}" for i, item in enumerate(bank["t-order"].start_order(), 1)]
    assert [(b.description, b.tooltip, b._dom_classes) for b in row.children] == \
        [("Move up", "Move the selected item up", ("cr-quiz-up",)),
         ("Move down", "Move the selected item down", ("cr-quiz-down",))]


def test_choosing_an_item_brings_back_the_feedback_the_note_replaced(bank, store):
    view = QuestionView(bank["t-order"], store=store)
    note = block(f'<p role="status">{SELECT_FIRST}</p>')
    view.move(-1)                                   # nothing chosen: the note
    assert view.feedback.value == note
    view.order.value = view.order_items()[1]
    assert view.feedback.value == ""                # what was there before the note
    view.feedback.value = "<p>earlier feedback</p>"
    view.order.value = None
    view.move(+1)
    view.move(+1)                                   # twice: the note does not replace itself
    assert view.feedback.value == note
    view.order.value = None                         # not a choice: the note stays
    assert view.feedback.value == note
    view.order.value = view.order_items()[0]
    assert view.feedback.value == "<p>earlier feedback</p>"
    view.feedback.value = "<p>other</p>"            # no note: a choice changes nothing
    view.order.value = view.order_items()[2]
    assert view.feedback.value == "<p>other</p>"


def test_an_item_at_either_end_stays_there(bank, store):
    view = QuestionView(bank["t-order"], store=store)
    items = view.order_items()
    view.order.value = items[-1]
    view.move(+1)
    assert view.order_items() == items and view.order.value == items[-1]
    view.order.value = items[0]
    view.move(-1)
    assert view.order_items() == items and view.order.value == items[0]
    view.move(+1)
    assert view.order_items() == [items[1], items[0]] + items[2:]
    assert view.order.value == items[0]


def test_reset_says_so_and_gives_the_hints_back(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    view.hint()
    view.hint()
    assert (view.hint_button.description, view.hint_button.disabled) == ("No more hints", True)
    view.radio.value = "Economy"
    view.check()
    view.reset()
    assert view.feedback.value == block('<p role="status">This question has been cleared.</p>')
    assert (view.hint_button.description, view.hint_button.disabled) == ("Hint (1 of 2)", False)
    assert view.hints_box.value == "" and view.radio.value is None
    assert store.record(q.id)["hints"] == 0


def test_only_the_same_wrong_answer_again_is_called_not_counted(bank, store):
    view = QuestionView(bank["t-single"], store=store)
    note = "(the same answer as before, so it is not counted again)"
    view.radio.value = "Economy"
    view.check()
    assert "1 attempt so far." in view.feedback.value and note not in view.feedback.value
    view.check()
    assert "1 attempt so far." in view.feedback.value and note in view.feedback.value
    view.radio.value = "Politics"
    view.check()
    assert "2 attempts so far." in view.feedback.value and note not in view.feedback.value


def test_show_answer_is_refused_before_two_wrong_tries_unless_the_answer_is_right(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    view.radio.value = "Economy"
    view.check()
    view.show_answer()                              # one wrong try: not offered yet
    assert store.record(q.id)["revealed"] is False
    assert "The answer:" not in view.feedback.value
    view.radio.value = "Environment"
    view.check()
    view.show_answer()                              # right: the answer may be shown
    assert store.record(q.id)["revealed"] is True
    assert "<strong>Correct.</strong>" in view.feedback.value


def test_a_typed_answer_is_echoed_whole_up_to_the_limit_then_cut(bank, store):
    from closereading.quiz.widgets import ECHO_LIMIT
    view = QuestionView(bank["t-text"], store=store)
    assert view._echo("x" * ECHO_LIMIT) == \
        f"<p>Your answer: \u201c{'x' * ECHO_LIMIT}\u201d</p>"
    assert view._echo("x" * ECHO_LIMIT + "yz") == \
        f"<p>Your answer: \u201c{'x' * ECHO_LIMIT}\u2026\u201d</p>"
    view.text.value = "<b>" + "w" * ECHO_LIMIT
    view.check()
    assert f"\u201c&lt;b&gt;{'w' * (ECHO_LIMIT - 3)}\u2026\u201d" in view.feedback.value
    other = QuestionView(bank["t-single"], store=store)
    assert other._echo("Economy") == ""


def test_the_hints_shown_word_for_word(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    view.hint()
    assert view.hints_box.value == block(
        f"<p><strong>Hints:</strong></p><ol><li>{q.hints[0]}</li></ol>")
    view.hint()
    assert view.hints_box.value == block(
        f"<p><strong>Hints:</strong></p><ol><li>{q.hints[0]}</li><li>{q.hints[1]}</li></ol>")


def test_the_order_list_takes_the_whole_width(bank, store):
    radio = QuestionView(bank["t-order"], store=store).order
    assert (radio.layout.width, radio.layout.max_width) == ("auto", "100%")
