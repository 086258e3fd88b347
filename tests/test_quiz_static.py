"""Quizzes without a kernel: nbconvert HTML, printable questions, the teacher edition and
the answer key."""

import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from closereading import quiz
from closereading.html import esc, mark_languages

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_00 = ROOT / "notebooks" / "00-start-here.ipynb"


def to_html(nb) -> str:
    """The page nbconvert makes, with entities decoded (nbconvert re-serialises the HTML of
    outputs, writing &quot; back as a quotation mark), so that it can be searched as text."""
    import html
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb)
    return html.unescape(body)


def test_nbconvert_html_shows_the_questions_and_not_the_answers():
    """The committed notebook 00, converted as GitHub or a reader without a kernel sees it."""
    page = to_html(nbformat.read(NOTEBOOK_00, as_version=4))
    questions = quiz.questions("00-start-here")
    assert questions
    for q in questions:
        assert q.prompt in page, q.id
        mark = {"multiple": "[ ]", "order": "___"}.get(q.type, "( )")
        for option in q.choices():
            label = f"Paragraph {option}" if q.type == "evidence" else option
            assert f"{mark} {html.escape(label, quote=False)}" in page.replace("&#x27;", "'")
        assert q.explanation not in page
    assert "cr-quiz-key" not in page and "Answer:</strong>" not in page
    assert "Run the notebook to answer this question here" in page
    assert "Answered: 0 of" in page  # the scoreboard's static face


def _notebook_asking(ids) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from closereading import quiz\n"
                                          f"quiz.ask(*{list(ids)!r})")]
    return nb


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_executed_editions_reveal_answers_only_for_teachers(tmp_path, edition):
    from closereading.build import execute
    ids = quiz.questions("00-start-here").ids
    path = tmp_path / "quiz.ipynb"
    nbformat.write(_notebook_asking(ids), path)
    nb = execute(path, edition=edition)
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["execute_result"]
    page = to_html(nb)
    for qid in ids:
        q = quiz.load_banks().get(qid)
        assert q.prompt in page
        assert (q.explanation in page) == (edition == "teacher")
        assert q.explanation not in outputs[0].data["text/plain"]
    assert ("cr-quiz-key" in page) == (edition == "teacher")


def test_printable_questions_for_handouts(monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    qs = quiz.questions("00-start-here")
    sheet = quiz.printable("00-start-here")
    for n, q in enumerate(qs, 1):
        assert f"Question {n}." in sheet.html and esc(q.prompt) in sheet.html
        assert esc(q.explanation) not in sheet.html and q.explanation not in sheet.text
    assert "Run the notebook" not in sheet.html  # a handout is not run
    teacher = quiz.printable(qs[0].id, reveal=True)
    assert "cr-quiz-key" in teacher.html and qs[0].explanation in teacher.text
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    assert "cr-quiz-key" in quiz.printable("00-start-here").html


def test_answer_key_has_every_question_with_answer_explanation_and_evidence(tmp_path):
    from closereading.quiz.answer_key import write_answer_key
    path = write_answer_key(tmp_path / "key" / "answer-key.html")
    page = path.read_text(encoding="utf-8")
    bank = quiz.load_banks()
    assert f"{len(bank)} questions in" in page
    for q in bank:
        assert f'id="{esc(q.id)}"' in page
        assert mark_languages(esc(q.explanation)) in page
        for line in (q.answer if q.type == "order" else q.answer_lines()):
            assert f"<li>{esc(line)}</li>" in page, (q.id, line)
        assert f"<mark><strong>\u201c{esc(q.evidence.quote)}\u201d</strong></mark>" in page
    # Standalone: no script, nothing fetched from the network.
    assert "<script" not in page and not re.search(r"(src|href)=\"https?:", page)


def test_make_answer_key_writes_build_answer_key_html():
    out = subprocess.run([sys.executable, "-m", "closereading.build", "answer-key"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    key = ROOT / "build" / "answer-key.html"
    assert out.stdout.strip().endswith("answer-key.html") and key.exists()
    assert "Answer key" in key.read_text(encoding="utf-8")
