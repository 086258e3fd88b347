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


def test_widget_views_have_the_model_ids_of_their_places(notebook):
    # Random ids would change every output of every widget at each `make notebooks`.
    from closereading.execution import WIDGET_VIEW, widget_model_id
    path, nb = notebook
    ids = [(out["data"][WIDGET_VIEW]["model_id"], widget_model_id(c, o))
           for c, cell in enumerate(nb["cells"]) for o, out in enumerate(cell.get("outputs", []))
           if WIDGET_VIEW in out.get("data", {})]
    assert all(found == expected for found, expected in ids), path.name


def test_normalize_gives_widget_views_ids_by_place_only():
    import nbformat
    from closereading.execution import WIDGET_VIEW, normalize

    def run(ids):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("x"), nbformat.v4.new_code_cell("w")]
        nb.cells[1].outputs = [nbformat.v4.new_output(
            "display_data", {"text/plain": "W()", WIDGET_VIEW: {"model_id": i, "version_major": 2,
                                                                "version_minor": 0}})
            for i in ids]
        nb.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stdout", text="s"))
        normalize(nb)
        return [out.get("data", {}).get(WIDGET_VIEW) for out in nb.cells[1].outputs]

    first, second = run(["a" * 32, "b" * 32]), run(["c" * 32, "d" * 32])
    assert first == second                       # the same whatever the kernel chose
    assert first[0]["model_id"] != first[1]["model_id"]
    assert all(re.fullmatch(r"[0-9a-f]{32}", v["model_id"]) for v in first[:2])
    assert first[0]["version_major"] == 2 and first[2] is None


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
        if "example" in tags:
            assert len(src.splitlines()) <= 12, f"{path.name}: a long example: {src[:60]!r}"
            continue
        src = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class)\s", src, re.M), f"{path.name}: {src[:60]!r}"
        assert len(src.splitlines()) <= 12, f"{path.name}: a long code cell: {src[:60]!r}"
