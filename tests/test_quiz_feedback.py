"""Feedback on every choice: validation, grading, the widget, and where it is (not) shown.

Every option of a single, multiple, true-false or evidence question, every pair of a match
question and every item of an order question carries its own feedback; a wrong answer
shows the feedback on what it got wrong; a multiple-answer question says how many of its
answers were found. The feedback is in the widget, the answer key and the teacher
edition, never in what a student sees without a kernel.
"""

import re

import pytest

from closereading import quiz, text
from closereading.html import esc
from closereading.materials import MaterialsError
from closereading.quiz import progress as P
from closereading.quiz.answer_key import answer_key_html
from closereading.quiz.bank import validate_bank
from closereading.quiz.model import grade
from closereading.quiz.render import question_html, question_text, static
from closereading.quiz.widgets import QuestionView
from test_quiz_fixtures import RIGHT, WRONG, WRONG_2, write_bank

pytestmark = pytest.mark.filterwarnings("error")

SINGLE = """\
- id: q1
  type: single
  prompt: Which domain does 1.6 treat?
  options: [Politics, Economy, Environment]
  answer: Environment
  explanation: It opens with the environment.
  evidence: {paragraph: "1.6", quote: "In terms of the environment"}
"""
FEEDBACK = """\
  feedback:
    Politics: Politics is 1.2.
    Economy: Economy is 1.3.
    Environment: Right.
"""
THREE = """\
- id: m3
  type: multiple
  prompt: Which pairs does 1.2 list?
  options: [big or small, strong or weak, rich or poor, old or new, near or far]
  answer: [big or small, strong or weak, rich or poor]
  explanation: Size, power and wealth.
  evidence: {paragraph: "1.2", quote: "whether big or small, strong or weak, rich or poor"}
  feedback:
    big or small: Right, size.
    strong or weak: Right, power.
    rich or poor: Right, wealth.
    old or new: Age is not in the list.
    near or far: Distance is not in the list.
"""


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    from test_quiz_fixtures import BANK
    return validate_bank(write_bank(tmp_path_factory.mktemp("bank"), "01-t.yml", BANK + THREE))


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def problems(tmp_path, bank_text):
    with pytest.raises(MaterialsError) as info:
        validate_bank(write_bank(tmp_path, "07-new-context.yml", bank_text))
    return info.value.problems


# ---------------------------------------------------------------------------------------
# Validation


def test_a_question_without_feedback_names_the_file_the_question_and_each_option(tmp_path):
    found = problems(tmp_path, SINGLE)
    assert len(found) == 3
    assert {p.item for p in found} == {"q1"} and {p.field for p in found} == {"feedback"}
    assert all(p.file.endswith("07-new-context.yml") and p.line == 1 for p in found)
    named = [re.search(r"option '([^']+)' has no feedback", p.message).group(1) for p in found]
    assert named == ["Politics", "Economy", "Environment"]
    assert "07-new-context.yml, line 1, item 'q1', field 'feedback': option 'Politics'" \
        in str(MaterialsError(found))


def test_one_missing_option_is_named_alone(tmp_path):
    (p,) = problems(tmp_path, SINGLE + FEEDBACK.replace("    Economy: Economy is 1.3.\n", ""))
    assert p.item == "q1" and p.field == "feedback" and "option 'Economy' has no feedback" in p.message


def test_feedback_for_no_option_is_reported_with_a_suggestion(tmp_path):
    (p,) = problems(tmp_path, SINGLE + FEEDBACK + "    Enviroment: typo.\n")
    assert "'Enviroment', which is not an option" in p.message and "'Environment'" in p.message
    assert p.line == SINGLE.count("\n") + FEEDBACK.count("\n") + 1


def test_empty_feedback_is_reported(tmp_path):
    (p,) = problems(tmp_path, SINGLE + FEEDBACK.replace("Right.", '""'))
    assert "feedback for option 'Environment' should be non-empty text" in p.message


def test_true_false_needs_feedback_on_both_answers(tmp_path):
    tf = ("- id: tf\n  type: true-false\n  prompt: One paragraph?\n  answer: true\n"
          "  explanation: Yes.\n  evidence: {paragraph: \"0.1\", quote: \"As a member\"}\n"
          "  feedback:\n    true: Right.\n")
    (p,) = problems(tmp_path, tf)
    assert p.item == "tf" and "answer 'False' has no feedback" in p.message
    ok = validate_bank(write_bank(tmp_path, "01-ok.yml", tf + "    false: No.\n"))
    assert ok.get("tf").feedback == {"True": "Right.", "False": "No."}


@pytest.mark.parametrize("qtype, body, missing", [
    ("match", "  pairs:\n    - {left: Politics, right: \"1.2\"}\n    - {left: Economy, right: \"1.3\"}\n"
              "  feedback:\n    Politics: 1.2 opens with it.\n", "left item 'Economy'"),
    ("order", "  items: [Politics, Economy, Culture]\n"
              "  feedback:\n    Politics: First.\n    Culture: Third.\n", "item 'Economy'"),
])
def test_match_and_order_need_feedback_on_each_pair_or_item(tmp_path, qtype, body, missing):
    q = (f"- id: x1\n  type: {qtype}\n  prompt: Do it.\n{body}  explanation: As in the text.\n"
         "  evidence: {paragraph: \"1.1\", quote: \"the following efforts\"}\n")
    (p,) = problems(tmp_path, q)
    assert f"{missing} has no feedback" in p.message


def test_a_text_question_takes_no_feedback(tmp_path):
    q = ("- id: t1\n  type: text\n  prompt: Type.\n  answer: [core]\n  explanation: X.\n"
         "  evidence: {paragraph: \"1.2\", quote: \"core role\"}\n  feedback: {core: Right.}\n")
    (p,) = problems(tmp_path, q)
    assert p.field == "feedback" and "unknown field" in p.message


def test_every_option_of_every_course_question_has_feedback():
    bank = quiz.load_banks()
    keys = [(q.id, k) for q in bank for k in q.feedback_keys()]
    assert keys and all(bank.get(qid).feedback_for(k) for qid, k in keys)
    assert len(keys) >= 300
    # no two options of a question share one feedback text
    for q in bank:
        texts = [q.feedback_for(k) for k in q.feedback_keys()]
        assert len(set(texts)) == len(texts), q.id


def test_quotes_in_feedback_that_name_a_paragraph_are_verbatim():
    """A passage in quotation marks followed by a paragraph id, "like this" (1.2), occurs
    in that paragraph (an ellipsis may join two stretches)."""
    doc = text.load()
    checked = 0
    for q in quiz.load_banks():
        for fb in q.feedback.values():
            for quote, pid in re.findall(r'"([^"]+)"[^"(]{0,40}?\((\d\.\d)\)', fb):
                parts = [x.strip(" .,") for x in quote.split("...") if x.strip(" .,")]
                body = doc.paragraph(pid).text
                assert all(part in body for part in parts), (q.id, quote, pid)
                checked += 1
    assert checked >= 40


# ---------------------------------------------------------------------------------------
# Grading


@pytest.mark.parametrize("qid", ["t-single", "t-true-false", "t-evidence", "t-match", "t-order"])
def test_a_wrong_answer_gets_the_feedback_on_what_it_got_wrong(bank, qid):
    q = bank.get(qid)
    v = grade(q, WRONG[qid])
    assert not v.correct and v.feedback
    for key, fb in v.feedback:
        assert fb == q.feedback_for(key)
    if WRONG_2[qid] is not None:
        assert grade(q, WRONG_2[qid]).feedback != v.feedback


def test_single_feedback_is_the_chosen_options_own(bank):
    q = bank.get("t-single")
    assert grade(q, "Economy").feedback == (("Economy", "Economy is the domain of 1.3, \"Economically\"."),)
    assert grade(q, "Politics").feedback[0][0] == "Politics"
    assert grade(q, "Environment").feedback[0][1].startswith("Right")


def test_match_feedback_names_only_the_wrong_pairs(bank):
    v = grade(bank.get("t-match"), WRONG["t-match"])  # Culture is right
    assert [k for k, _ in v.feedback] == ["Politics", "Economy"]


def test_order_feedback_names_only_the_misplaced_items(bank):
    v = grade(bank.get("t-order"), ["Economy", "Politics", "Culture", "Security"])
    assert [k for k, _ in v.feedback] == ["Economy", "Politics"]


@pytest.mark.parametrize("chosen, detail, wrong", [
    (["big or small", "strong or weak", "old or new"],
     "2 of 3 right; one option you chose is wrong:", ["old or new"]),
    (["big or small", "old or new", "near or far"],
     "1 of 3 right; two options you chose are wrong:", ["old or new", "near or far"]),
    (["big or small", "strong or weak"], "2 of 3 right; one more applies.", []),
    (["big or small"], "1 of 3 right; two more apply.", []),
    (["near or far"], "0 of 3 right; one option you chose is wrong:", ["near or far"]),
])
def test_multiple_gives_the_partial_count_and_the_feedback_on_each_wrong_choice(
        bank, chosen, detail, wrong):
    v = grade(bank.get("m3"), chosen)
    assert not v.correct and v.detail == detail
    assert [k for k, _ in v.feedback] == wrong


# ---------------------------------------------------------------------------------------
# The widget


def test_the_widget_shows_the_chosen_options_feedback_and_changes_with_it(bank, store):
    v = QuestionView(bank.get("t-single"), store=store)
    v.radio.value = "Economy"
    v.check_button.click()
    first = v.feedback.value
    assert "Not yet." in first and "Economy is the domain of 1.3" in first
    assert "Politics is the domain" not in first
    v.radio.value = "Politics"
    v.check_button.click()
    assert "Politics is the domain of 1.2" in v.feedback.value
    assert "Economy is the domain" not in v.feedback.value


def test_the_widget_shows_the_partial_count_of_a_multiple_question(bank, store):
    v = QuestionView(bank.get("m3"), store=store)
    for box in v.boxes:
        box.value = box.description in ("big or small", "strong or weak", "old or new")
    v.check_button.click()
    page = v.feedback.value
    assert "2 of 3 right; one option you chose is wrong:" in page
    assert "Age is not in the list." in page and "Right, size." not in page


def test_a_restored_wrong_answer_shows_its_feedback_again(bank, store):
    v = QuestionView(bank.get("t-evidence"), store=store)
    v.radio.value = "1.6"
    v.check_button.click()
    again = QuestionView(bank.get("t-evidence"), store=P.Store(store.path))
    assert "Paragraph 1.6 is about the environment." in again.feedback.value
    assert "from your saved progress" in again.feedback.value


def test_show_answer_lists_the_feedback_on_every_option(bank, store):
    q = bank.get("t-single")
    v = QuestionView(q, store=store)
    for wrong in ("Economy", "Politics"):
        v.radio.value = wrong
        v.check_button.click()
    v.show_button.click()
    from closereading.html import esc
    assert all(esc(fb) in v.feedback.value for fb in q.feedback.values())


# ---------------------------------------------------------------------------------------
# Where the feedback is shown, and where it never is


@pytest.mark.parametrize("qid", list(RIGHT))
def test_no_feedback_without_a_kernel_for_students(bank, store, qid, monkeypatch):
    monkeypatch.delenv("CLOSEREADING_EDITION", raising=False)
    q = bank.get(qid)
    student = [question_html(q), question_text(q), static([q]).html, static([q]).text,
               QuestionView(q, store=store)._repr_mimebundle_()["text/html"],
               QuestionView(q, store=store)._repr_mimebundle_()["text/plain"]]
    for page in student:
        assert not any(fb in page or esc(fb) in page for fb in q.feedback.values()), page


@pytest.mark.parametrize("qid", [q for q in RIGHT if q != "t-text"])
def test_feedback_in_the_teacher_edition_and_the_answer_key(bank, store, qid, monkeypatch):
    q = bank.get(qid)
    key = answer_key_html(bank)
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    teacher = QuestionView(q, store=store)._repr_mimebundle_()["text/html"]
    revealed = question_text(q, reveal=True)
    from closereading.html import esc
    for fb in q.feedback.values():
        assert esc(fb) in key and esc(fb) in teacher and fb in revealed
