"""The Jupyter server's pre-save hook: a saved notebook keeps each widget's static HTML and
loses only the view that no later kernel could render (closereading.jupyter_hooks)."""

import copy
import functools
import json
import re
from pathlib import Path

import nbformat
import pytest

from closereading import jupyter_hooks
from closereading.jupyter_hooks import (HOOK, MANAGER, SAVED_NOTE, SERVER_ARGS,
                                        strip_saved_widget_views)

ROOT = Path(__file__).resolve().parents[1]
VIEW = "application/vnd.jupyter.widget-view+json"


def notebook_model(*outputs_per_cell):
    """A contents model of a notebook, as JupyterLab sends it to be saved."""
    cells = [{"cell_type": "code", "execution_count": i + 1, "id": f"c{i}",
              "metadata": {"trusted": True}, "source": "quiz.ask('q')",
              "outputs": list(outputs)}
             for i, outputs in enumerate(outputs_per_cell)]
    return {"type": "notebook", "format": "json",
            "content": {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}


def widget_output(model_id="8e1f"):
    return {"output_type": "display_data", "metadata": {},
            "data": {VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0},
                     "text/html": "<div class=\"cr-quiz-static\">Question 1.</div>",
                     "text/plain": "Question 1."}}


def test_views_removed_and_everything_else_kept():
    text = {"output_type": "stream", "name": "stdout", "text": "4 hits\n"}
    model = notebook_model([widget_output("a"), text], [widget_output("b")], [])
    before = copy.deepcopy(model)
    assert strip_saved_widget_views(model=model, path="01.ipynb", contents_manager=None) == 2
    cells = model["content"]["cells"]
    # The static HTML, under a note that says it is a saved view and how the answers come
    # back (issue 24)
    assert cells[0]["outputs"][0]["data"] == {
        "text/html": SAVED_NOTE + "<div class=\"cr-quiz-static\">Question 1.</div>",
        "text/plain": "Question 1."}
    assert cells[0]["outputs"][1] == text
    assert cells[1]["outputs"][0]["data"].keys() == {"text/html", "text/plain"}
    # Nothing else changed: drop the views from the copy made before, add the notes, and
    # compare.
    for cell in before["content"]["cells"]:
        for out in cell["outputs"]:
            if out.get("data", {}).pop(VIEW, None) is not None:
                out["data"]["text/html"] = SAVED_NOTE + out["data"]["text/html"]
    assert model == before
    assert strip_saved_widget_views(model=model) == 0       # a second save: nothing to do


def test_an_output_that_is_only_a_view_is_kept_whole():
    only = {"output_type": "display_data", "metadata": {},
            "data": {VIEW: {"model_id": "c", "version_major": 2, "version_minor": 0}}}
    with_text = {"output_type": "display_data", "metadata": {},
                 "data": {VIEW: {"model_id": "d", "version_major": 2, "version_minor": 0},
                          "text/plain": "Button(description='Check')"}}
    model = notebook_model([only, with_text])
    assert strip_saved_widget_views(model=model) == 1
    outputs = model["content"]["cells"][0]["outputs"]
    assert VIEW in outputs[0]["data"]
    assert outputs[1]["data"] == {"text/plain": "Button(description='Check')"}


@pytest.mark.parametrize("model", [
    None, "notebook", [], {}, {"type": "file", "content": "x"},
    {"type": "directory", "content": [{"type": "notebook"}]},
    {"type": "notebook"}, {"type": "notebook", "content": None},
    {"type": "notebook", "content": {"cells": "not a list"}},
    {"type": "notebook", "content": {"cells": [None, 3, {"outputs": None}, {"outputs": "x"},
                                               {"outputs": [None, {"data": None}, {"data": []}]}]}},
], ids=repr)
def test_anything_else_is_left_alone_without_an_error(model):
    before = copy.deepcopy(model)
    assert strip_saved_widget_views(model=model) == 0
    assert model == before


def test_a_file_model_holding_a_view_in_its_text_is_not_touched():
    model = {"type": "file", "format": "text",
             "content": json.dumps(notebook_model([widget_output()])["content"])}
    before = copy.deepcopy(model)
    strip_saved_widget_views(model=model)
    assert model == before


def test_the_server_saves_the_static_html_and_signs_it(tmp_path, monkeypatch):
    """A real Jupyter contents manager, configured as the course's servers are (the hook
    given as an import string): the file written has no view, keeps the static HTML,
    and is trusted (signed), as a learner's saved notebook is."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from nbformat.sign import NotebookNotary
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    (tmp_path / "root").mkdir()
    assert SERVER_ARGS[0] == f"--ContentsManager.pre_save_hook={HOOK}"
    cm = FileContentsManager(root_dir=str(tmp_path / "root"), pre_save_hook=HOOK)
    assert cm.pre_save_hook is strip_saved_widget_views
    cm.save(notebook_model([widget_output("a")], [widget_output("b")]), "03.ipynb")
    saved = (tmp_path / "root" / "03.ipynb").read_text(encoding="utf-8")
    assert VIEW not in saved and "model_id" not in saved
    nb = nbformat.reads(saved, as_version=4)
    assert [o["data"]["text/html"] for c in nb.cells for o in c.outputs] == [
        SAVED_NOTE + "<div class=\"cr-quiz-static\">Question 1.</div>"] * 2
    assert NotebookNotary(data_dir=str(tmp_path / "data")).check_signature(nb)


def test_the_hook_is_what_the_hub_and_make_lab_install():
    hub = (ROOT / "deploy" / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert "jupyter_hooks.SERVER_ARGS" in hub
    recipe = re.search(r"^lab:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "the Makefile has no lab recipe"
    for arg in SERVER_ARGS:
        assert arg in recipe.group(1), arg
    docker = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert f"c.ContentsManager.pre_save_hook = \"{HOOK}\"" in docker
    assert f"c.ServerApp.contents_manager_class = \"{MANAGER}\"" in docker
    assert SERVER_ARGS == (f"--ContentsManager.pre_save_hook={HOOK}",
                           f"--ServerApp.contents_manager_class={MANAGER}")
    assert MANAGER.rsplit(".", 1) == [jupyter_hooks.__name__,
                                      jupyter_hooks.CourseContentsManager.__name__]
    assert jupyter_hooks.HOOK.rsplit(".", 1) == [jupyter_hooks.__name__,
                                                  strip_saved_widget_views.__name__]


# ---------------------------------------------------------------------------------------
# Opening a notebook changes nothing (issue 24): the Python version the kernel reports


def test_a_saved_view_in_lines_gets_its_note_too():
    out = widget_output()
    out["data"]["text/html"] = ["<div>", "Question 1.</div>"]
    model = notebook_model([out])
    assert strip_saved_widget_views(model=model) == 1
    assert out["data"]["text/html"] == SAVED_NOTE + "<div>Question 1.</div>"


def test_the_note_says_the_answers_come_back_with_run_all():
    assert "saved view" in SAVED_NOTE and "come back" in SAVED_NOTE
    assert "Run All Cells" in SAVED_NOTE and 'role="note"' in SAVED_NOTE


@functools.lru_cache(maxsize=1)
def _kernel_info() -> str:
    # In a process of its own: importing ipykernel.ipkernel replaces the `comm` package's
    # factory with ipykernel's, whose comms need a running kernel, and the widgets made
    # later in this test process would then send no state at all.
    import subprocess
    import sys
    code = ("import json\nfrom ipykernel.ipkernel import IPythonKernel\n"
            "print(json.dumps(IPythonKernel.language_info))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def kernel_info():
    """The language_info an ipykernel of this Python reports (the kernel's own code)."""
    return json.loads(_kernel_info())


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_a_committed_notebook_read_by_the_server_has_the_kernels_language_info(notebook):
    """What JupyterLab writes into the metadata once the kernel is up equals what the
    server gave it, so the notebook is not marked changed (JupyterLab compares them
    deeply, key order aside)."""
    model = {"type": "notebook", "content": json.loads(notebook.read_text(encoding="utf-8"))}
    assert "version" not in model["content"]["metadata"]["language_info"]   # committed
    assert jupyter_hooks.fill_language_info(model) is True
    assert model["content"]["metadata"]["language_info"] == kernel_info()


@pytest.mark.parametrize("model", [
    None, {}, {"type": "file", "content": "x"}, {"type": "notebook", "content": None},
    {"type": "notebook", "content": {"metadata": None}},
    {"type": "notebook", "content": {"metadata": {"language_info": "python"}}},
    {"type": "notebook", "content": {"metadata": {"language_info": {"name": "R"}}}},
    {"type": "notebook", "content": {"metadata": {"language_info": {"name": "python",
                                                                    "version": "3.9.1"}}}},
], ids=repr)
def test_a_version_already_there_or_another_language_is_left_alone(model):
    before = copy.deepcopy(model)
    assert jupyter_hooks.fill_language_info(model) is False
    assert model == before


def test_the_contents_manager_fills_it_in_when_it_reads_a_notebook(tmp_path):
    import asyncio
    (tmp_path / "n.ipynb").write_text(
        (ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"),
        encoding="utf-8")
    cm = jupyter_hooks.CourseContentsManager(root_dir=str(tmp_path))
    got = asyncio.run(cm.get("n.ipynb"))
    assert got["content"]["metadata"]["language_info"] == kernel_info()
    listing = asyncio.run(cm.get("n.ipynb", content=False))
    assert listing["content"] is None
    # the file itself is not changed by reading it
    assert "version\": \"3" not in (tmp_path / "n.ipynb").read_text(encoding="utf-8")
