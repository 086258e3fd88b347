"""What a live question (``QuestionView``) says after each action, the whole feedback word
for word: right at the first try or later, after a Reset, wrong with or without a detail,
a detail that introduces the options' feedback, a repeated answer, Show answer offered and
used, a wrong answer after a right one or after the answer was shown, and each of these
restored from the saved progress by a new view. Written for mutation testing (issue 14,
tests/MUTANTS.md): the other widget tests look for a few words in the feedback, so a
change to the rest of it went unnoticed."""

import dataclasses

import pytest

from closereading.quiz import progress as P
from closereading.quiz import render
from closereading.quiz.widgets import QuestionView, block
from test_quiz_question_view import bank, store  # noqa: F401  (the same bank and store)

pytestmark = pytest.mark.filterwarnings("error")

NOT_YET = '<p role="status"><strong>Not yet.</strong>'
CORRECT = '<p role="status"><strong>Correct.</strong>'
SAVED = " (from your saved progress)"


def explained(q):
    return f"<p>{render.esc(q.explanation)}</p>{render.evidence_html(q)}"


def own(q, *keys):
    """The bank's feedback on the options named, as the learner sees it under a verdict."""
    return render.feedback_items_html(q, [(k, q.feedback_for(k)) for k in keys])


def the_answer(q):
    return ('<p role="status"><strong>The answer:</strong></p>' + render.answer_list_html(q)
            + explained(q) + render.all_feedback_html(q))


def shown(view):
    return view.show_button.layout.display is None


def choose(view, value):
    view.radio.value = value
    view.check()


def test_wrong_twice_then_show_answer_word_for_word(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Economy")
    assert view.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.</p>{own(q, 'Economy')}"
        "<p>Try again, or ask for a hint.</p>")
    assert not shown(view)
    choose(view, "Politics")
    assert view.feedback.value == block(
        f"{NOT_YET} 2 attempts so far.</p>{own(q, 'Politics')}"
        "<p>Try again, or use <em>Show answer</em>.</p>")
    assert shown(view)
    view.show_answer()
    assert view.feedback.value == block(the_answer(q))
    assert not shown(view)                          # shown once: no longer offered
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(the_answer(q))
    assert not shown(again) and again.radio.value == "Politics"


def test_a_wrong_answer_after_the_answer_was_shown_says_both(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Economy")
    choose(view, "Politics")
    view.show_answer()
    choose(view, "Economy")
    assert view.feedback.value == block(
        f"{NOT_YET} 3 attempts so far.</p>{own(q, 'Economy')}"
        "<p>Try again, or ask for a hint.</p>" + the_answer(q))
    assert not shown(view)
    choose(view, "Environment")                     # right, after the answer was shown
    assert view.feedback.value == block(f"{CORRECT}</p>{own(q, 'Environment')}{explained(q)}")


def test_right_at_the_first_try_and_restored(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Environment")
    assert view.feedback.value == block(
        f"{CORRECT} At the first try.</p>{own(q, 'Environment')}{explained(q)}")
    assert not shown(view)
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(f"{CORRECT} At the first try.{SAVED}</p>{explained(q)}")
    assert not shown(again)


def test_right_at_the_second_try_and_restored(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Economy")
    choose(view, "Economy")                         # the same again: not counted
    choose(view, "Environment")
    assert view.feedback.value == block(f"{CORRECT}</p>{own(q, 'Environment')}{explained(q)}")
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(f"{CORRECT}{SAVED}</p>{explained(q)}")


def test_a_wrong_answer_after_a_right_one_word_for_word(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Environment")
    choose(view, "Economy")
    choose(view, "Politics")
    assert view.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.</p>{own(q, 'Politics')}"
        "<p>Your earlier correct answer still counts.</p>")
    assert not shown(view)


def test_right_once_after_a_reset_is_not_a_first_try(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Economy")
    view.reset()
    choose(view, "Environment")
    assert view.feedback.value == block(
        f"{CORRECT} (Not counted as a first try: this question was checked or its answer "
        f"shown before the Reset.)</p>{own(q, 'Environment')}{explained(q)}")
    choose(view, "Environment")                     # checked again: still the same words
    assert "(Not counted as a first try:" in view.feedback.value


def test_right_without_a_reset_at_the_second_try_says_nothing_of_first_tries(bank, store):
    q = bank["t-text"]
    view = QuestionView(q, store=store)
    view.text.value = "heart"
    view.check()
    view.text.value = "Core"
    view.check()
    assert view.feedback.value == block(
        f"{CORRECT}</p><p>Your answer: \u201cCore\u201d</p>{explained(q)}")


def test_a_typed_answer_is_echoed_under_either_verdict(bank, store):
    q = bank["t-text"]
    view = QuestionView(q, store=store)
    view.text.value = "the heart"
    view.check()
    assert view.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.</p><p>Your answer: \u201cthe heart\u201d</p>"
        "<p>Try again.</p>")
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.{SAVED}</p>"
        "<p>Your answer: \u201cthe heart\u201d</p><p>Try again.</p>")
    view.text.value = "the core"
    view.check()
    assert view.feedback.value == block(
        f"{CORRECT}</p><p>Your answer: \u201cthe core\u201d</p>{explained(q)}")


def test_a_detail_that_introduces_the_feedback_has_its_own_paragraph(bank, store):
    q = bank["t-multiple"]
    view = QuestionView(q, store=store)
    for box in view.boxes:
        box.value = box.description in ("big or small", "old or new")
    view.check()
    assert view.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.</p>"
        "<p>1 of 2 right; one option you chose is wrong:</p>"
        f"{own(q, 'old or new')}<p>Try again.</p>")
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(
        f"{NOT_YET} 1 attempt so far.{SAVED}</p>"
        "<p>1 of 2 right; one option you chose is wrong:</p>"
        f"{own(q, 'old or new')}<p>Try again.</p>")


def test_a_detail_that_introduces_nothing_follows_the_verdict(bank, store):
    q = bank["t-multiple"]
    view = QuestionView(q, store=store)
    for box in view.boxes:
        box.value = box.description == "big or small"
    view.check()
    assert view.feedback.value == block(
        f"{NOT_YET} 1 of 2 right; one more applies. 1 attempt so far.</p><p>Try again.</p>")
    view.check()
    assert view.feedback.value == block(
        f"{NOT_YET} 1 of 2 right; one more applies. 1 attempt so far. (the same answer as "
        "before, so it is not counted again)</p><p>Try again.</p>")


def test_a_wrong_match_word_for_word_with_show_answer_offered(bank, store):
    q = bank["t-match"]
    view = QuestionView(q, store=store)
    for wrong in ({"Politics": "1.3", "Economy": "1.2", "Culture": "1.4"},
                  {"Politics": "1.4", "Economy": "1.3", "Culture": "1.2"}):
        for left, dd in view.dropdowns.items():
            dd.value = wrong[left]
        view.check()
    assert view.feedback.value == block(
        f"{NOT_YET} 1 of 3 pairs is right. 2 attempts so far.</p>"
        f"{own(q, 'Politics', 'Culture')}<p>Try again, or use <em>Show answer</em>.</p>")
    assert shown(view)
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(
        f"{NOT_YET} 1 of 3 pairs is right. 2 attempts so far.{SAVED}</p>"
        f"{own(q, 'Politics', 'Culture')}<p>Try again, or use <em>Show answer</em>.</p>")
    assert shown(again)


def test_saved_attempts_whose_answer_cannot_be_read_are_counted_only(bank, store):
    store.update("t-match", lambda r: {**r, "attempts": 2, "last": None,
                                       "response": {"Politics": "<bad>"}})
    view = QuestionView(bank["t-match"], store=store)
    assert view.feedback.value == block(f"{NOT_YET} 2 attempts so far.{SAVED}</p>")
    assert shown(view)                              # two wrong tries: offered
    store.update("t-single", lambda r: {**r, "attempts": 1, "response": None})
    view = QuestionView(bank["t-single"], store=store)
    assert view.feedback.value == block(f"{NOT_YET} 1 attempt so far.{SAVED}</p>")
    assert not shown(view) and view.radio.value is None


def test_a_new_view_of_an_unanswered_question_says_nothing(bank, store):
    view = QuestionView(bank["t-order"], store=store)
    assert view.feedback.value == ""
    assert store.record("t-order") == P.fresh_record()


def test_the_move_buttons_move_the_chosen_item_one_place(bank, store):
    view = QuestionView(bank["t-order"], store=store)
    a, b, c, d = view.order_items()
    view.order.value = c
    view.up_button.click()
    assert view.order_items() == [a, c, b, d] and view.order.value == c
    view.down_button.click()
    view.down_button.click()
    assert view.order_items() == [a, b, d, c] and view.order.value == c
    assert [label for label, _ in view.order.options] == \
        [f"1. {a}", f"2. {b}", f"3. {d}", f"4. {c}"]


def test_a_question_of_an_unknown_type_has_no_control(bank, store):
    view = QuestionView(bank["t-single"], store=store)
    view.question = dataclasses.replace(view.question, type="essay")
    with pytest.raises(ValueError) as raised:
        view._make_control()
    assert str(raised.value) == "unknown question type 'essay'"


def test_a_saved_answer_without_any_attempt_is_not_put_back(bank, store):
    # a hand-edited file: an answer, but its count of attempts lost ("two" is not a count)
    store.update("t-single", lambda r: {**r, "attempts": "two", "response": "Economy"})
    view = QuestionView(bank["t-single"], store=P.Store(store.path))
    assert view.radio.value is None and view.feedback.value == ""


def test_right_at_the_second_try_after_a_reset_says_nothing_of_the_reset(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Economy")
    view.reset()
    choose(view, "Politics")
    choose(view, "Environment")                     # not a first try anyway: no note
    assert view.feedback.value == block(f"{CORRECT}</p>{own(q, 'Environment')}{explained(q)}")


def test_show_answer_after_a_right_answer_word_for_word(bank, store):
    q = bank["t-single"]
    view = QuestionView(q, store=store)
    choose(view, "Environment")
    view.show_answer()
    assert view.feedback.value == block(
        f"{CORRECT} At the first try.</p>{explained(q)}{the_answer(q)}")
    again = QuestionView(q, store=P.Store(store.path))
    assert again.feedback.value == block(
        f"{CORRECT} At the first try.{SAVED}</p>{explained(q)}{the_answer(q)}")
