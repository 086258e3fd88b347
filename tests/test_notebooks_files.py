"""The committed notebooks are executed, clean and deterministic (nbval checks the outputs)."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
VOLATILE = re.compile(r"/tmp/|/root/|/home/\w+|/work/|\b0x[0-9a-f]{6,}\b")


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, json.loads(request.param.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"


def test_no_saved_widget_state_or_volatile_metadata(notebook):
    path, nb = notebook
    assert "widgets" not in nb["metadata"]
    assert "version" not in nb["metadata"].get("language_info", {})
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {})


def test_no_saved_widget_view_only_the_static_html(notebook):
    """A saved widget view names a model of the kernel that wrote it. Where JupyterLab
    renders saved views (a trusted notebook), each would read "Error displaying widget:
    model not found" once the new kernel is ready; the committed outputs keep the
    widget's static HTML instead, and the live widget comes back when the cell runs."""
    path, nb = notebook
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        for out in cell["outputs"]:
            assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), \
                f"{path.name} code cell {i}: a saved widget view; re-execute with `make notebooks`"


def test_normalize_keeps_a_widgets_static_views_and_drops_the_live_one():
    import nbformat
    from closereading.execution import normalize
    view = {"model_id": "3f2a", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}}, cells=[
        nbformat.v4.new_code_cell("quiz.show('q1')", outputs=[nbformat.v4.new_output(
            "display_data", data={"application/vnd.jupyter.widget-view+json": view,
                                  "text/html": "<p>Question 1</p>", "text/plain": "Question 1"})]),
        nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": "2"}, execution_count=2)])])
    normalize(nb)
    assert "widgets" not in nb.metadata
    assert nb.cells[0].outputs[0].data == {"text/html": "<p>Question 1</p>",
                                           "text/plain": "Question 1"}
    assert nb.cells[1].outputs[0].data == {"text/plain": "2"}


def test_normalize_keeps_only_what_every_machine_writes_alike():
    """What a run on another machine or kernel would write differently goes; the rest of
    the metadata stays as it was (worked out by hand)."""
    import nbformat
    from closereading.execution import normalize
    nb = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3-venv", "display_name": "My kernel", "language": "python"},
        "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python",
                          "file_extension": ".py", "pygments_lexer": "ipython3",
                          "nbconvert_exporter": "python",
                          "codemirror_mode": {"name": "ipython", "version": 3}},
        "title": "kept"}, cells=[
        nbformat.v4.new_code_cell("1", metadata={
            "execution": {"iopub.status.busy": "2026-11-30T10:00:00Z"},
            "collapsed": False, "scrolled": True, "tags": ["keep"]}),
        nbformat.v4.new_markdown_cell("text", metadata={"collapsed": True})])
    normalize(nb)
    assert nb.metadata == {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python", "mimetype": "text/x-python",
                          "file_extension": ".py", "pygments_lexer": "ipython3",
                          "nbconvert_exporter": "python",
                          "codemirror_mode": {"name": "ipython", "version": 3}},
        "title": "kept"}
    assert nb.cells[0].metadata == {"tags": ["keep"]}
    assert nb.cells[1].metadata == {}
    nb.metadata.pop("language_info")
    normalize(nb)                       # a notebook never run has no language_info
    assert "language_info" not in nb.metadata


def test_committed_executed_in_order_without_errors(notebook):
    path, nb = notebook
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code cell"
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), \
        f"{path.name}: re-execute with `make notebooks`"
    for i, cell in enumerate(code):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name} code cell {i}: {out.get('ename')}"
            assert out.get("name") != "stderr", f"{path.name} code cell {i} wrote to stderr"
            assert not VOLATILE.search(json.dumps(out)), f"{path.name} code cell {i}: a path or address"


def test_notebooks_stay_small(notebook):
    path, _ = notebook
    assert path.stat().st_size < 1_500_000


def test_notebooks_are_thin(notebook):
    """Logic lives in the package: no notebook defines functions or classes, except in
    exercise cells (tagged 'exercise'), where writing the function is the lesson, and in
    worked examples (tagged 'example': the Python part of notebook 00, the counts by hand
    of 01-05), where reading the code is the lesson."""
    path, nb = notebook
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "code" or "exercise" in tags:
            continue
        src = "".join(cell["source"])
        if "example" in tags:
            assert len(src.splitlines()) <= 12, f"{path.name}: a long example: {src[:60]!r}"
            continue
        assert not re.search(r"^\s*(def|class)\s", src, re.M), f"{path.name}: {src[:60]!r}"
        assert len(src.splitlines()) <= 12, f"{path.name}: a long code cell: {src[:60]!r}"
