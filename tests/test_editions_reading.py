"""What issue 26 adds to the teacher edition and the handouts, built from a small notebook
of the course's kind: the support level, lenses, model and points of a reading prompt and
an order question's clues for the teacher; for the learner, ruled space, the points folded
to tick with the notes, a think-first question with the course's answer folded, and the
return to a guess about meaning, and never the model or the clues."""

import html
import re

import nbformat
import pytest

from closereading import editions, method, quiz, reading

STEM = "01-harmonious-world"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions-reading")
    source = folder / "notebooks" / f"{STEM}.ipynb"
    source.parent.mkdir()
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    nb.cells = [nbformat.v4.new_markdown_cell("# Promoting the building of a harmonious world"),
                code("from closereading import quiz, reading"),
                code(f'reading.passage("{STEM}", "1.5")'),
                code('quiz.ask("hw-domain-order")'),
                code('reading.think_first("mislead-kwic")'),
                code('reading.compare("hw-harmonious")')]
    nbformat.write(nb, source)
    codes = (editions.build_teacher([source], folder / "teacher"),
             editions.build_handouts([source], folder / "handouts"))
    assert codes == (0, 0)
    read = lambda edition: html.unescape((folder / edition / f"{STEM}.html").read_text(
        encoding="utf-8"))
    return read("teacher"), read("handouts")


PROMPT = reading.prompt_for("1.5")
ORDER = quiz.questions(STEM).get("hw-domain-order")
THINK = reading.think("mislead-kwic")


def folded_part(page: str, start: str) -> str:
    """The content of the <details> that follows ``start`` in the page."""
    at = page.index(start)
    return page[page.index("<details", at):page.index("</details>", at)]


def test_the_teacher_edition_shows_the_support_the_model_the_points_and_the_clues(built):
    teacher, _ = built
    assert (f"Support: {method.LEVEL_LABELS['full']} (lenses: "
            f"{method.lens_names(PROMPT.lenses)}).") in teacher
    assert PROMPT.model[:80] in teacher
    assert all(p.ask in teacher for p in PROMPT.points)
    assert "Clues at the first wrong try" in teacher
    assert all(ORDER.clue_for(item) in teacher for item in ORDER.answer)


def test_the_handout_folds_the_points_with_the_notes_and_keeps_the_model_out(built):
    _, handout = built
    assert PROMPT.model[:80] not in handout
    points = folded_part(handout, "Your response:")
    assert points.count("[ ] Did you notice") == len(PROMPT.points)
    assert "What I missed (one line)" in points
    assert not any(p.ask in handout.split("<details")[0] for p in PROMPT.points)


def test_the_handout_never_prints_an_order_questions_clues_or_answer(built):
    _, handout = built
    assert "Clues at the first wrong try" not in handout
    assert not any(ORDER.clue_for(item) in handout for item in ORDER.answer)


def test_the_handout_asks_first_and_folds_what_the_course_says(built):
    _, handout = built
    plain = re.sub(r"\s+", " ", handout)
    assert f"Think first. {THINK.prompt}" in re.sub(r"<[^>]+>", "", plain)
    after = folded_part(handout, THINK.prompt)
    assert "KWIC finds forms, not ideas" in after
    assert "KWIC finds forms, not ideas" not in handout[:handout.index(THINK.prompt)]


def test_the_handout_brings_back_the_guess_about_meaning_with_room_for_a_second_look(built):
    _, handout = built
    pred = reading.prediction("hw-harmonious")
    assert pred.revisit in handout and "Your second look" in handout
