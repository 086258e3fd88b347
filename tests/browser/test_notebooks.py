"""Every notebook in JupyterLab, in headless Chromium: Run All gives no error output.

A screenshot of the top and of the end of each notebook goes to build/screenshots/.
"""

import json
from pathlib import Path

import pytest

from jlab import ROOT

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def code_cells(name: str) -> int:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" for c in nb["cells"])


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_all_without_errors(open_notebook, name):
    nb = open_notebook(name)
    nb.run_all()
    assert nb.error_outputs() == []
    page = nb.page
    prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")
    assert prompts.count() == code_cells(name)
    # Widgets rendered as live views (buttons of quizzes or explorers), not only as
    # their static fallback.
    assert page.locator(".jp-OutputArea-output .widget-button, .jp-OutputArea-output .jupyter-button").count() >= 1
    stem = Path(name).stem
    assert nb.screenshot(f"{stem}-end").stat().st_size > 10_000
    page.evaluate("""() => { for (const el of document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')) el.scrollTop = 0; }""")
    page.wait_for_timeout(300)
    assert nb.screenshot(f"{stem}-top").stat().st_size > 10_000
    if name == "00-start-here.ipynb":
        assert page.locator("text=yes: this course").count() == 1
