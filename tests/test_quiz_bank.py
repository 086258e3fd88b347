"""Loading and validating question banks: one test per kind of mistake a teacher can make.

Every error is a MaterialsError whose message names the file, the line, the question id
and the field.
"""

import shutil
from pathlib import Path

import pytest

from closereading import quiz
from closereading.materials import MaterialsError
from closereading.quiz.bank import bank_files, closest_passage, validate_bank
from test_quiz_fixtures import BANK, write_bank

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
- id: q1
  type: single
  prompt: Which domain does 1.6 treat?
  options: [Politics, Environment]
  answer: Environment
  explanation: It opens with the environment.
  evidence: {paragraph: "1.6", quote: "In terms of the environment"}
  feedback:
    Politics: Politics is the domain of 1.2.
    Environment: Right, 1.6 opens with it.
"""
GOOD_LINES = GOOD.count("\n")


def problems(tmp_path, text, name="01-test.yml"):
    """Validate ``text`` as a bank file; return the error's problems (failing if none)."""
    path = write_bank(tmp_path, name, text)
    with pytest.raises(MaterialsError) as info:
        validate_bank(path)
    return info.value.problems


def only(tmp_path, text):
    found = problems(tmp_path, text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def edit(old, new, text=GOOD):
    assert old in text
    return text.replace(old, new)


# ---------------------------------------------------------------------------------------
# The good cases


def test_a_good_bank_validates(tmp_path):
    bank = validate_bank(write_bank(tmp_path, "01-test.yml", GOOD))
    q = bank.get("q1")
    assert (q.type, q.answer, q.options) == ("single", "Environment", ("Politics", "Environment"))
    assert q.evidence.paragraph == "1.6" and q.line == 1
    assert q.file.endswith("01-test.yml")


def test_the_fixture_bank_validates(tmp_path):
    assert len(validate_bank(write_bank(tmp_path, "99-x.yml", BANK))) == 7


def test_every_bank_of_the_course_validates():
    bank = quiz.load_banks()
    assert len(bank) >= 4
    assert len(set(bank.ids)) == len(bank)
    for q in bank:
        assert q.prompt and q.explanation and q.evidence.quote


def test_the_demo_bank_of_notebook_00():
    qs = quiz.questions("00-start-here")
    assert 3 <= len(qs) <= 5
    assert len({q.type for q in qs}) == len(qs)  # one type each
    from closereading import text
    doc = text.load()
    for q in qs:
        assert q.evidence.quote in doc.paragraph(q.evidence.paragraph).text


def test_an_empty_bank_holds_no_questions(tmp_path):
    assert validate_bank(write_bank(tmp_path, "01-x.yml", "# nothing yet\n")) == ()


def test_one_answer_in_a_list_is_accepted_for_single(tmp_path):
    bank = validate_bank(write_bank(tmp_path, "01-x.yml",
                                    edit("answer: Environment", "answer: [Environment]")))
    assert bank.get("q1").answer == "Environment"


# ---------------------------------------------------------------------------------------
# One test per case of the issue, then more


def test_yaml_syntax_error_names_its_line(tmp_path):
    p = only(tmp_path, edit("options: [Politics, Environment]", "options: [Politics, Environment"))
    assert "YAML syntax error" in p.message
    assert p.file.endswith("01-test.yml") and p.line in (4, 5)
    assert str(p).startswith(p.file + ", line ")


@pytest.mark.parametrize("field", ["id", "type", "prompt", "explanation", "evidence", "answer",
                                   "options"])
def test_missing_required_field(tmp_path, field):
    lines = [line for line in GOOD.splitlines(True) if not line.lstrip("- ").startswith(field + ":")]
    text = "".join(lines)
    if field == "id":
        text = "- " + text.lstrip()
    found = problems(tmp_path, text)
    assert any(p.field == field and p.message == "is required" for p in found), \
        [str(p) for p in found]
    p = next(p for p in found if p.field == field)
    assert p.item == ("question 1" if field == "id" else "q1") and p.line == 1
    assert f"field '{field}': is required" in str(p)


def test_unknown_type_is_named_with_a_suggestion(tmp_path):
    p = only(tmp_path, edit("type: single", "type: singel"))
    assert p.field == "type" and p.item == "q1" and p.line == 2
    assert "unknown type 'singel'" in p.message and "did you mean 'single'" in p.message


def test_duplicate_id_across_files(tmp_path, monkeypatch):
    materials = tmp_path / "materials"
    (materials / "quizzes").mkdir(parents=True)
    shutil.copytree(ROOT / "materials" / "source", materials / "source")
    write_bank(materials / "quizzes", "01-a.yml", GOOD)
    write_bank(materials / "quizzes", "02-b.yml", "# a second file\n\n" + GOOD)
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(materials))
    with pytest.raises(MaterialsError) as info:
        quiz.load_banks()
    [p] = info.value.problems
    assert p.file.endswith("02-b.yml") and p.line == 3 and p.item == "q1" and p.field == "id"
    assert "duplicate id" in p.message and "01-a.yml, line 1" in p.message


def test_duplicate_id_within_a_file(tmp_path):
    p = only(tmp_path, GOOD + "\n" + GOOD)
    assert p.item == "q1" and p.field == "id" and p.line == GOOD_LINES + 2 and "line 1" in p.message


def test_answer_not_among_the_options(tmp_path):
    p = only(tmp_path, edit("answer: Environment", "answer: Enviroment"))
    assert p.field == "answer" and p.item == "q1" and p.line == 5
    assert "'Enviroment' is not one of the options" in p.message
    assert "did you mean 'Environment'" in p.message


def test_multiple_answer_not_among_the_options(tmp_path):
    text = edit("type: single", "type: multiple", edit("answer: Environment",
                                                       "answer: [Environment, Culture]"))
    p = only(tmp_path, text)
    assert p.field == "answer" and "'Culture' is not one of the options" in p.message


def test_single_with_two_answers(tmp_path):
    p = only(tmp_path, edit("answer: Environment", "answer: [Environment, Politics]"))
    assert p.field == "answer" and "exactly one answer (found 2)" in p.message
    assert "use type 'multiple'" in p.message


def test_single_with_no_answer(tmp_path):
    p = only(tmp_path, edit("answer: Environment", "answer: []"))
    assert p.field == "answer" and "exactly one answer (found 0)" in p.message


def test_multiple_with_a_repeated_answer(tmp_path):
    text = edit("type: single", "type: multiple", edit("answer: Environment",
                                                       "answer: [Environment, Environment]"))
    p = only(tmp_path, text)
    assert p.field == "answer" and "appears twice" in p.message


MATCH = """\
- id: m1
  type: match
  prompt: Match.
  pairs:
    - {left: Politics, right: "1.2"}
    - {left: Economy, right: "1.3"}
  explanation: Each paragraph opens with its domain.
  evidence: {paragraph: "1.3", quote: "Economically"}
"""


def test_match_pair_without_a_right_item(tmp_path):
    p = only(tmp_path, edit('{left: Economy, right: "1.3"}', "{left: Economy}", MATCH))
    assert p.field == "pairs" and p.item == "m1" and p.line == 6
    assert "pair 2 should have exactly the fields 'left' and 'right'" in p.message


def test_match_with_a_left_item_twice(tmp_path):
    p = only(tmp_path, edit("left: Economy", "left: Politics", MATCH))
    assert p.field == "pairs" and "the left item 'Politics' appears twice" in p.message


def test_match_with_one_pair(tmp_path):
    p = only(tmp_path, edit('    - {left: Economy, right: "1.3"}\n', "", MATCH))
    assert p.field == "pairs" and "at least 2 pairs (found 1)" in p.message


def test_match_with_an_answer_field(tmp_path):
    p = only(tmp_path, MATCH + "  answer: [Politics]\n")
    assert p.field == "answer" and "gives its answer in 'pairs'" in p.message


ORDER = """\
- id: o1
  type: order
  prompt: Put in order.
  items: [Politics, Economy, Culture]
  explanation: As in the text.
  evidence: {paragraph: "1.1", quote: "the following efforts"}
"""


def test_order_with_a_repeated_item(tmp_path):
    p = only(tmp_path, edit("[Politics, Economy, Culture]", "[Politics, Economy, Politics]", ORDER))
    assert p.field == "items" and p.item == "o1" and "the item 'Politics' appears twice" in p.message


def test_order_with_one_item(tmp_path):
    p = only(tmp_path, edit("[Politics, Economy, Culture]", "[Politics]", ORDER))
    assert p.field == "items" and "at least 2 items (found 1)" in p.message


@pytest.mark.parametrize("item", ['"4. Actively"', '"2) Economy"', '" 12. Culture"'])
def test_order_item_with_its_own_number_is_refused(tmp_path, item):
    """Issue 8: such an item would be shown numbered twice ("1. 4. Actively ...")."""
    p = only(tmp_path, edit("[Politics, Economy, Culture]", f"[Politics, {item}]", ORDER))
    assert p.field == "items" and p.item == "o1" and "starts with a number" in p.message


def test_order_item_with_a_number_inside_is_accepted(tmp_path):
    text = edit("[Politics, Economy, Culture]", '["Sub-section 4: Actively", "2011 and after"]',
                ORDER)
    # Every question gives feedback on each of its items (issue 10).
    text += ('  feedback:\n'
             '    "Sub-section 4: Actively": It comes first in the text.\n'
             '    "2011 and after": It comes second.\n')
    q = validate_bank(write_bank(tmp_path, "01-test.yml", text)).get("o1")
    assert q.answer == ("Sub-section 4: Actively", "2011 and after")


def test_unknown_evidence_paragraph(tmp_path):
    p = only(tmp_path, edit('paragraph: "1.6"', 'paragraph: "1.9"'))
    assert p.field == "evidence" and p.item == "q1" and p.line == 7
    assert "unknown paragraph '1.9'" in p.message and "0.1 to 5.1" in p.message


def test_quote_not_verbatim_suggests_the_closest_passage(tmp_path):
    p = only(tmp_path, edit('"In terms of the environment"', '"In terms of environment"'))
    assert p.field == "evidence" and p.line == 7
    assert "not verbatim in paragraph 1.6" in p.message
    assert 'the closest passage in 1.6 is: "In terms of the environment' in p.message


def test_quote_found_in_another_paragraph_is_pointed_to(tmp_path):
    p = only(tmp_path, edit('"In terms of the environment"', '"In terms of security"'))
    assert "not verbatim in paragraph 1.6" in p.message
    assert "it occurs verbatim in paragraph 1.5" in p.message


def test_closest_passage_finds_a_misquoted_phrase():
    from closereading import text
    para = text.load().paragraph("1.6").text
    assert closest_passage("common and differentiated responsibilities", para) \
        .startswith("common but differentiated responsibilities")
    assert closest_passage("", para) != "" and closest_passage("x", "") == ""


def test_true_false_answer_must_be_a_boolean(tmp_path):
    text = ("- id: tf\n  type: true-false\n  prompt: p\n  answer: yes\n  explanation: e\n"
            '  evidence: {paragraph: "0.1", quote: "China"}\n')
    p = only(tmp_path, text)
    assert p.field == "answer" and p.line == 4 and "should be true or false, not 'yes'" in p.message


def test_true_false_has_no_options(tmp_path):
    text = edit("type: single", "type: true-false", edit("answer: Environment", "answer: true"))
    p = only(tmp_path, text)
    assert p.field == "options" and "a true-false question has no 'options'" in p.message


def test_text_answer_of_punctuation_only(tmp_path):
    text = ("- id: tx\n  type: text\n  prompt: p\n  answer: [core, '...']\n  explanation: e\n"
            '  evidence: {paragraph: "0.1", quote: "China"}\n')
    p = only(tmp_path, text)
    assert p.field == "answer" and "only punctuation or spaces" in p.message


EVIDENCE = """\
- id: e1
  type: evidence
  prompt: "Claim: force should not be used."
  options: ["1.2", "1.5"]
  answer: "1.5"
  explanation: e
  evidence: {paragraph: "1.5", quote: "military force"}
"""


def test_evidence_options_must_be_paragraph_ids(tmp_path):
    p = only(tmp_path, edit('["1.2", "1.5"]', '["1.2", "1.5", "7.1"]', EVIDENCE))
    assert p.field == "options" and "'7.1' is not a paragraph id" in p.message


def test_evidence_question_quotes_its_answer(tmp_path):
    p = only(tmp_path, edit('{paragraph: "1.5", quote: "military force"}',
                            '{paragraph: "1.2", quote: "Countries should"}', EVIDENCE))
    assert p.field == "evidence" and "quotes the paragraph of its answer (1.5), not 1.2" in p.message


def test_repeated_option(tmp_path):
    p = only(tmp_path, edit("[Politics, Environment]", "[Politics, Environment, Politics]"))
    assert p.field == "options" and "the option 'Politics' appears twice" in p.message


def test_unknown_field_with_a_suggestion(tmp_path):
    p = only(tmp_path, GOOD + "  hint: [Look at 1.6.]\n")
    assert p.field == "hint" and p.line == GOOD_LINES + 1 and "did you mean 'hints'" in p.message


def test_shuffle_must_be_true_or_false(tmp_path):
    p = only(tmp_path, GOOD + "  shuffle: sometimes\n")
    assert p.field == "shuffle" and "should be true or false" in p.message


def test_id_with_spaces(tmp_path):
    p = only(tmp_path, edit("id: q1", "id: question one"))
    assert p.field == "id" and p.item == "question one" and "no spaces" in p.message


def test_a_bank_must_be_a_list(tmp_path):
    p = only(tmp_path, "id: q1\ntype: single\n")
    assert p.item is None and "should be a list of questions" in p.message


def test_each_question_must_be_a_mapping(tmp_path):
    p = only(tmp_path, GOOD + "- just a line of text\n")
    assert p.item == "question 2" and p.line == GOOD_LINES + 1 and "should be a mapping" in p.message


def test_every_problem_is_reported_at_once_and_renders_briefly(tmp_path):
    text = edit("type: single", "type: singel", GOOD) + "\n" + edit("id: o1", "id: q2", ORDER) \
        .replace('"the following efforts"', '"the follow efforts"')
    path = write_bank(tmp_path, "01-test.yml", text)
    with pytest.raises(MaterialsError) as info:
        validate_bank(path)
    found = info.value.problems
    assert {(p.item, p.field) for p in found} == {("q1", "type"), ("q2", "evidence")}
    message = str(info.value)
    assert message.startswith("2 problems in the materials:")
    rendered = info.value._render_traceback_()
    assert rendered[0].startswith("MaterialsError: 2 problems") and "Traceback" not in "".join(rendered)


def test_ask_for_an_unknown_id_suggests_close_ones():
    with pytest.raises(MaterialsError) as info:
        quiz.ask("start-paragraph-id")
    assert "no question has the id 'start-paragraph-id'" in str(info.value)
    assert "did you mean start-paragraph-ids" in str(info.value)


# ---------------------------------------------------------------------------------------
# Files and notebooks


def test_a_notebook_has_its_own_file_and_the_files_that_extend_its_name(tmp_path, monkeypatch):
    materials = tmp_path / "materials"
    shutil.copytree(ROOT / "materials" / "source", materials / "source")
    shutil.copy(ROOT / "materials" / "course.yml", materials / "course.yml")
    folder = materials / "quizzes"
    write_bank(folder, "06-the-whole-text.yml", GOOD)
    write_bank(folder, "06-the-whole-text-review.yml", edit("id: q1", "id: q2"))
    write_bank(folder, "06-the-whole-textbook.yml", edit("id: q1", "id: q3"))
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(materials))
    assert [f.name for f in bank_files("06-the-whole-text")] == [
        "06-the-whole-text.yml", "06-the-whole-text-review.yml"]  # the main file first
    assert quiz.questions("06-the-whole-text").ids == ("q1", "q2")
    assert quiz.questions("06-the-whole-text.ipynb").ids == ("q1", "q2")
    assert {q.notebook for q in quiz.load_banks()} == {"06-the-whole-text", "06-the-whole-textbook"}


def test_an_edited_bank_is_picked_up_without_restarting(tmp_path, monkeypatch):
    materials = tmp_path / "materials"
    shutil.copytree(ROOT / "materials" / "source", materials / "source")
    path = write_bank(materials / "quizzes", "01-x.yml", GOOD)
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(materials))
    assert quiz.load_banks().get("q1").answer == "Environment"
    assert quiz.load_banks() is quiz.load_banks()  # cached while nothing changes
    path.write_text(edit("answer: Environment", "answer: Politics"), encoding="utf-8")
    assert quiz.load_banks().get("q1").answer == "Politics"

