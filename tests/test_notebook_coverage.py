"""Every notebook shows all of its materials: each question of its banks is asked once,
each of its exercises has its task, its learner's cell and its check, and the section
notebooks show their annotations, discussion, glossary and references."""

import ast
import json
from pathlib import Path

import pytest

from closereading import course, exercises, quiz

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
COURSE = course.load_course()


def calls(path: Path):
    """(function, string arguments) of every call in the notebook's code cells."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name):
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                found.append((f"{node.func.value.id}.{node.func.attr}", args))
    return found


@pytest.mark.parametrize("info", COURSE.notebooks, ids=lambda nb: nb.id)
def test_every_question_of_the_notebook_is_asked_once_in_bank_order(info):
    """In the order of the banks, so that the questions' numbers run 1, 2, 3 ..."""
    stem = Path(info.file).stem
    asked = [i for f, args in calls(NOTEBOOKS / info.file) if f == "quiz.ask" for i in args]
    assert asked == list(quiz.questions(stem).ids)
    if quiz.questions(stem).ids:
        assert ("quiz.scoreboard", [stem]) in calls(NOTEBOOKS / info.file)


@pytest.mark.parametrize("info", [nb for nb in COURSE.notebooks if nb.section],
                         ids=lambda nb: nb.id)
def test_section_notebooks_show_all_their_materials(info):
    stem = Path(info.file).stem
    found = calls(NOTEBOOKS / info.file)
    for ex in exercises.load(stem):
        assert ("exercises.task", [stem, ex.id]) in found
        assert ("exercises.check", [stem, ex.id]) in found
    section = COURSE.notebook(info.id).section
    # Every paragraph with its reading prompt, the notes folded until the learner responds.
    passages = [args[1] for f, args in found if f == "reading.passage" and args[0] == stem]
    from closereading import text
    assert passages == [p.id for p in text.load().section(section).paragraphs]
    for view in ("reading.discussion", "excerpts.glossary", "excerpts.references"):
        assert (view, [stem]) in found
    # An annotate-it-yourself task, and a prediction that the numbers section returns to.
    assert [f for f, args in found if f == "reading.annotate" and args[0] == stem]
    predicted = [args for f, args in found if f == "reading.predict"]
    assert predicted and [args for f, args in found if f == "reading.compare"] == predicted
    assert ("course.header", [info.id]) in found


def test_exercise_cells_hold_the_starter_code_and_are_tagged():
    for info in COURSE.notebooks:
        stem = Path(info.file).stem
        if not exercises.exercises_path(stem).exists():
            continue
        nb = json.loads((NOTEBOOKS / info.file).read_text(encoding="utf-8"))
        tagged = ["".join(c["source"]).strip() for c in nb["cells"]
                  if "exercise" in c.get("metadata", {}).get("tags", [])]
        assert tagged == [exercises.starter(stem, ex.id).strip() for ex in exercises.load(stem)]


@pytest.mark.parametrize("info", COURSE.notebooks, ids=lambda nb: nb.id)
def test_every_exercise_of_the_notebook_has_its_task_and_check(info):
    """Notebook 06, which has no sub-section, has exercises too."""
    stem = Path(info.file).stem
    found = calls(NOTEBOOKS / info.file)
    if not exercises.exercises_path(stem).exists():
        assert not [f for f, _ in found if f.startswith("exercises.")]
        return
    for ex in exercises.load(stem):
        assert ("exercises.task", [stem, ex.id]) in found
        assert ("exercises.check", [stem, ex.id]) in found


def test_notebook_00_shows_the_whole_course_at_a_glance():
    assert ("quiz.overview", []) in calls(NOTEBOOKS / "00-start-here.ipynb")
