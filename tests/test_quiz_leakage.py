"""No student-facing view gives away an order or a match answer by the order it prints the
items in (issue 14).

The check is about meaning, not markup: in each view, find where each item of the
question is printed and read off the order they appear in. For an order question that
order must not be the answer; for a match question the right-hand items must not appear
in the order of their left-hand partners, and no left item may be printed next to its
partner. The views are made afresh here, never read from the committed outputs (which
`make notebooks` would quietly regenerate):

* the static HTML and text of each question (what GitHub and nbval see of a widget);
* `quiz.printable` in the student edition;
* the widget itself: its text/plain and text/html faces and the live controls' order;
* every `quiz.ask(...)` cell of every course notebook, executed in a fresh kernel as the
  student edition, converted by nbconvert (HTML and the outputs' plain text) and built
  as a student handout.
"""

import html
import re
from pathlib import Path

import nbformat
import pytest

from closereading import quiz
from closereading.quiz.render import question_html, question_text, static

ROOT = Path(__file__).resolve().parents[1]
BANK = quiz.load_banks()
ORDERS = [q for q in BANK if q.type == "order"]
MATCHES = [q for q in BANK if q.type == "match"]
CHECKED = ORDERS + MATCHES


def plain(page: str) -> str:
    """A view as text: tags dropped, entities decoded, spaces folded."""
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text).split())


def appearance(view: str, items, start: int = 0) -> list[str]:
    """The items in the order they are first printed in ``view`` from ``start`` on. An
    item that is part of another item is looked for on its own (not inside the longer
    one)."""
    found = []
    for item in items:
        longer = [o for o in items if o != item and item in o]
        pos = start
        while True:
            pos = view.find(item, pos)
            if pos < 0:
                raise AssertionError(f"item {item!r} is not shown in the view")
            if not any(view.startswith(o, i) for o in longer
                       for i in range(max(0, pos - len(o)), pos + 1)
                       if i <= pos < i + len(o)):
                break
            pos += 1
        found.append((pos, item))
    return [item for _, item in sorted(found)]


def assert_no_leak(q, view: str, where: str):
    text = plain(view)
    start = text.find(plain(q.prompt))
    assert start >= 0, f"{where}: the prompt of {q.id} is not shown"
    start += len(plain(q.prompt))
    if q.type == "order":
        shown = appearance(text, list(q.answer), start)
        assert shown != list(q.answer), f"{where}: {q.id} is printed in answer order"
    else:
        lefts = [left for left, _ in q.answer]
        rights = list(dict.fromkeys(right for _, right in q.answer))
        shown_lefts = appearance(text, lefts, start)
        after = max(text.find(left, start) for left in lefts)
        shown_rights = appearance(text, rights, after)
        partners = list(dict.fromkeys(dict(q.answer)[left] for left in shown_lefts))
        if len(rights) > 1:
            assert shown_rights != partners, f"{where}: {q.id}'s right column follows its left"
        for left, right in q.answer:
            for sep in (" \u2192 ", " -> ", ": ", " - ", " "):
                assert f"{left}{sep}{right}" not in text, f"{where}: {q.id} pairs {left!r}"
    # and the answer key's own wording never appears
    assert "Answer:" not in text and "cr-quiz-key" not in view, f"{where}: {q.id}"


def test_there_are_order_and_match_questions_to_check():
    assert len(ORDERS) >= 5 and len(MATCHES) >= 3


@pytest.mark.parametrize("q", CHECKED, ids=lambda q: q.id)
def test_static_html_and_text(q):
    assert_no_leak(q, question_html(q), "static HTML")
    assert_no_leak(q, question_text(q), "static text")
    rich = static([q])
    assert_no_leak(q, rich._repr_html_(), "static block HTML")
    assert_no_leak(q, str(rich), "static block text")


@pytest.mark.parametrize("q", CHECKED, ids=lambda q: q.id)
def test_printable_in_the_student_edition(q, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    rich = quiz.printable(q.id)
    assert_no_leak(q, rich._repr_html_(), "printable HTML")
    assert_no_leak(q, str(rich), "printable text")


@pytest.mark.parametrize("q", CHECKED, ids=lambda q: q.id)
def test_the_widget_faces_and_its_controls(q, monkeypatch, tmp_path):
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    monkeypatch.setenv("CLOSEREADING_PROGRESS", str(tmp_path / "progress.json"))
    view = quiz.ask(q.id)
    bundle = view._repr_mimebundle_()
    assert_no_leak(q, bundle["text/html"], "widget text/html")
    assert_no_leak(q, bundle["text/plain"], "widget text/plain")
    if q.type == "order":
        assert view.order_items() != list(q.answer), "the live order starts solved"
    else:
        for dropdown in _dropdowns(view):
            labels = [o[0] if isinstance(o, tuple) else o for o in dropdown.options]
            rights = [label for label in labels if label in dict(q.answer).values()]
            assert rights != list(dict.fromkeys(r for _, r in q.answer)) or len(rights) < 2


def _dropdowns(widget):
    import ipywidgets as W
    found = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if isinstance(w, W.Dropdown):
            found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


# ---------------------------------------------------------------------------------------
# The course notebooks, executed afresh


def _ask_cells():
    """The source of every `quiz.ask(...)` cell of the course notebooks, as written."""
    cells = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells += [c.source for c in nb.cells
                  if c.cell_type == "code" and c.source.lstrip().startswith("quiz.ask(")]
    return cells


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    from closereading import editions
    from closereading.build import execute
    cells = _ask_cells()
    asked = " ".join(cells)
    assert all(q.id in asked for q in CHECKED), "an order or match question is never asked"
    folder = tmp_path_factory.mktemp("leak")
    path = folder / "notebooks" / "99-quizzes.ipynb"
    path.parent.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = ([nbformat.v4.new_markdown_cell("# Every quiz of the course"),
                 nbformat.v4.new_code_cell("from closereading import quiz")]
                + [nbformat.v4.new_code_cell(src) for src in cells])
    nbformat.write(nb, path)
    ran = execute(path, "student")
    handout_code = editions.build_handouts([path], folder / "handouts")
    handout = (folder / "handouts" / f"{path.stem}.html").read_text(encoding="utf-8")
    return ran, handout_code, handout


def _outputs(nb, mime):
    return "\n".join(str(o.get("data", {}).get(mime, "")) for c in nb.cells
                     if c.cell_type == "code" for o in c.outputs)


def test_every_view_of_the_executed_notebooks(executed):
    from nbconvert import HTMLExporter
    ran, handout_code, handout = executed
    assert handout_code == 0
    page, _ = HTMLExporter().from_notebook_node(ran)
    views = {"nbconvert HTML": page, "outputs' text/plain": _outputs(ran, "text/plain"),
             "outputs' text/html": _outputs(ran, "text/html"), "student handout": handout}
    for where, view in views.items():
        for q in CHECKED:
            assert_no_leak(q, view, where)
