"""Near misses on short answers, and Enter to check one (issue 24).

A wrong short answer that comes close is answered without giving the answer: the bank's
own ``near_misses`` first (an answer and what it tells the learner, validated with clear
messages); a number too high or too low, and by about how much; a spelling one or two
letters away ("Close: check the exact word in the passage"); part of the phrase, or more
than it. In the quiz widget, Enter in the answer box checks the answer.
"""

import pytest

from closereading import quiz
from closereading.materials import MaterialsError
from closereading.quiz import progress as P
from closereading.quiz import widgets as QW
from closereading.quiz.bank import validate_bank
from closereading.quiz.model import as_number, edit_distance, grade, near_miss
from test_quiz_fixtures import write_bank

TEXT = """\
- id: t1
  type: text
  prompt: Which adjective does 1.2 give the UN's role?
  answer: [core]
  explanation: The text says "the UN's core role".
  evidence: {paragraph: "1.2", quote: "safeguard the UN's core role in handling global affairs"}
"""


def bank_with(extra: str, tmp_path, text=TEXT):
    return validate_bank(write_bank(tmp_path, "01-near.yml", text + extra))


def problems(extra: str, tmp_path, text=TEXT):
    with pytest.raises(MaterialsError) as info:
        bank_with(extra, tmp_path, text)
    return [(p.item, p.field, p.message) for p in info.value.problems]


# ---------------------------------------------------------------------------------------
# The course's own questions


@pytest.mark.parametrize("qid, typed, said", [
    # the three examples
    ("hw-un-role", "central", "That is the sense, but not the text's word"),
    ("resp-comprehensive-strength", "national power", "not this paragraph's wording"),
    ("reg-asian-word", "regional", "type the adjective the text itself uses"),
    ("stats-possessive-count", "21", 'That is the count of "China" alone'),
    # the generic rules on the course's questions
    ("hw-un-role", "cor", "Close: check the exact word in the passage (paragraph 1.2)."),
    ("resp-comprehensive-strength", "comprehensive strenght", "Close: check the exact word"),
    ("stats-possessive-count", "twenty two", "Too low, by three to five"),
    ("stats-possessive-count", "40", "Too high, by more than ten"),
    ("stats-possessive-count", "23", "Too low, by one or two: what did you leave out?"),
    ("stats-possessive-count", "several", "The answer is a number"),
    ("resp-comprehensive-strength", "strength", "Part of it: the text's wording has more "
                                                "words than yours."),
    ("hw-un-role", "the core role", "More than the question asks for"),
])
def test_a_near_miss_is_answered_without_the_answer(qid, typed, said):
    q = quiz.load_banks().get(qid)
    verdict = grade(q, typed)
    assert not verdict.correct and verdict.complete
    assert said in verdict.detail
    for answer in q.answer:
        assert f" {answer.lower()} " not in f" {verdict.detail.lower()} "


def test_an_answer_far_from_every_accepted_one_gets_no_detail():
    q = quiz.load_banks().get("hw-un-role")
    assert grade(q, "democracy").detail == ""
    assert grade(q, "core").correct and grade(q, " Core. ").correct


def test_every_near_miss_of_the_course_is_wrong_and_answered_with_its_own_words():
    found = 0
    for q in quiz.load_banks():
        for typed, message in q.near_misses.items():
            verdict = grade(q, typed)
            assert not verdict.correct and verdict.detail == message, (q.id, typed)
            found += 1
    assert found >= 10


@pytest.mark.parametrize("text, number", [("25", 25), ("twenty-five", 25), ("Twenty five", 25),
                                          ("three", 3), ("zero", 0), ("ninety", 90),
                                          ("25.0", None), ("a lot", None), ("", None),
                                          ("twenty twenty", None), ("one hundred", None)])
def test_numbers_in_figures_or_in_words(text, number):
    assert as_number(text) == number


def test_edit_distance_stops_at_its_limit():
    assert edit_distance("core", "core") == 0
    assert edit_distance("core", "cor") == 1 and edit_distance("core", "care") == 1
    assert edit_distance("core", "cure s") == 3
    assert edit_distance("a" * 40, "b" * 3, limit=3) == 3


def test_how_far_a_number_is_said_in_bands(tmp_path):
    text = TEXT.replace("answer: [core]", 'answer: ["25"]')
    q = bank_with("", tmp_path, text).get("t1")
    assert near_miss(q, "24").startswith("Too low, by one or two")
    assert near_miss(q, "30").startswith("Too high, by three to five")
    assert near_miss(q, "17").startswith("Too low, by six to ten")
    assert near_miss(q, "2").startswith("Too low, by more than ten")


# ---------------------------------------------------------------------------------------
# near_misses in a bank: data per question, validated


def test_near_misses_are_read_per_question(tmp_path):
    q = bank_with("""  near_misses:
    central: Close in sense; read the adjective of 1.2 again.
    "Leading ": Not the text's word.
""", tmp_path).get("t1")
    assert q.near_misses == {"central": "Close in sense; read the adjective of 1.2 again.",
                             "Leading": "Not the text's word."}
    assert grade(q, "LEADING!").detail == "Not the text's word."


@pytest.mark.parametrize("extra, message", [
    ("  near_misses: [central]\n", "should be a mapping from a wrong answer"),
    ("  near_misses:\n    Core: A message.\n", "'Core' is an accepted answer ('core')"),
    ("  near_misses:\n    central: A.\n    Central!: B.\n", "'Central!' is listed twice"),
    ("  near_misses:\n    central: ''\n", "should be non-empty text"),
    ("  near_misses:\n    '--': A message.\n", "has no letters or digits"),
    ("  near_misses:\n    central: The core word is another.\n", "gives the answer away"),
])
def test_a_bad_near_miss_is_named_with_the_question_and_the_field(extra, message, tmp_path):
    found = problems(extra, tmp_path)
    assert len(found) == 1, found
    item, field, said = found[0]
    assert (item, field) == ("t1", "near_misses") and message in said, said


def test_only_a_text_question_has_near_misses(tmp_path):
    single = """\
- id: s1
  type: single
  prompt: Which?
  options: [A, B]
  answer: A
  explanation: A.
  evidence: {paragraph: "1.2", quote: "safeguard the UN's core role in handling global affairs"}
  feedback: {A: Right., B: Wrong.}
  near_misses: {b: close}
"""
    (item, field, message), = problems("", tmp_path, single)
    assert (item, field) == ("s1", "near_misses") and message.startswith("unknown field")


# ---------------------------------------------------------------------------------------
# The widget: the near miss shown, and Enter checks the answer


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def text_view(store):
    return QW.QuestionView(quiz.load_banks().get("hw-un-role"), store=store)


def test_the_widget_shows_the_near_miss_under_not_yet(store):
    v = text_view(store)
    v.text.value = "central"
    v.check()
    assert "Not yet." in v.feedback.value and "That is the sense" in v.feedback.value
    assert "core" not in v.feedback.value.replace("Your answer", "")


def test_enter_checks_the_words_that_arrive_just_after_it(store):
    """The browser sends Enter first, then the words typed (the box sends them on Enter or
    on leaving it): the check waits for the words."""
    v = text_view(store)
    v.text._handle_custom_msg({"event": "submit"}, [])   # as the browser sends Enter
    assert v.feedback.value == ""                  # nothing checked before the words
    v.text.value = "core"
    assert "Correct." in v.feedback.value
    assert store.record("hw-un-role")["attempts"] == 1


def test_enter_without_new_words_checks_the_box_as_it_is(store):
    v = text_view(store)
    v.text.value = "cores"                         # typed, then the box was left: synced
    assert v.feedback.value == ""                  # leaving the box checks nothing
    v.text._handle_custom_msg({"event": "submit"}, [])   # as the browser sends Enter
    v._enter_without_words()                       # what the timer runs when no words came
    assert "Not yet." in v.feedback.value and "Close: check the exact word" in v.feedback.value
    # a second Enter on the same answer: not counted again
    v.text._handle_custom_msg({"event": "submit"}, [])   # as the browser sends Enter
    v._enter_without_words()
    assert store.record("hw-un-role")["attempts"] == 1
    assert "not counted again" in v.feedback.value


def test_words_that_arrive_long_after_enter_are_not_checked(store, monkeypatch):
    import time
    v = text_view(store)
    v.text._handle_custom_msg({"event": "submit"}, [])   # as the browser sends Enter
    later = time.monotonic() + v.ENTER_WINDOW + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    v.text.value = "core"                          # the box left much later: no check
    assert v.feedback.value == "" and store.record("hw-un-role")["attempts"] == 0


def test_other_messages_of_the_box_are_ignored(store):
    v = text_view(store)
    v.text._handle_custom_msg({"event": "focus"}, [])
    v.text._handle_custom_msg("submit", [])
    assert v._enter_at is None

