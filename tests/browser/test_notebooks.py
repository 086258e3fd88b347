"""Every notebook in JupyterLab, in headless Chromium: Run All shows no error a learner
would see (error or stderr output, widget error view, JavaScript console error), and each
of the notebook's own widgets renders as a live view.

Notebooks 00, 01, 06 and 08 get the same check (`check_notebook`) in test_quiz.py,
test_reading.py, test_whole_text.py and test_own_reading.py, on the Run All their other tests make, so that
no notebook runs an extra time for it (CHECKED_ELSEWHERE).
Each run also audits the notebook's output areas with axe-core (tests/browser/axe_audit.py):
0 serious or critical violations in what the course renders (results per notebook in
build/a11y/). A screenshot of the top and of the end of each notebook goes to
build/screenshots/.
"""

import json
import re
from pathlib import Path

import pytest

from jlab import ROOT

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CHECKED_ELSEWHERE = {"00-start-here.ipynb": "test_quiz.py",
                     "01-harmonious-world.ipynb": "test_reading.py",
                     "06-the-whole-text.ipynb": "test_whole_text.py",
                     "08-your-own-reading.ipynb": "test_own_reading.py"}
HERE = [n for n in NOTEBOOKS if n not in CHECKED_ELSEWHERE]


def code_sources(name: str) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def committed_charts(name: str) -> int:
    """How many charts the committed notebook's outputs show (not counting the charts
    that live widgets draw)."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum("".join(o.get("data", {}).get("text/html", "")).count('<figure class="cr-chart"')
               for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))


def own_widgets(name: str) -> dict:
    """What the notebook's code cells display as widgets: the ids of the questions it
    asks, whether it shows a scoreboard, and how many explorers of each kind."""
    code = "\n".join(code_sources(name))
    asked = [qid for call in re.findall(r"quiz\.ask\(([^)]*)\)", code)
             for qid in re.findall(r"[\"']([^\"']+)[\"']", call)]
    return {"questions": asked,
            "scoreboard": code.count("quiz.scoreboard("),
            "kwic": code.count("explorers.kwic_explorer("),
            "frequency": code.count("explorers.frequency_explorer(")}


def check_opened(nb, name: str) -> None:
    """The notebook as a learner first sees it, before Run All, trusted as `make lab`
    trusts it: each widget's saved output shows its static HTML, never a saved widget
    view (its model died with the kernel that wrote it: JupyterLab would show "Error
    displaying widget: model not found" once the new kernel is ready), and nothing is
    an error."""
    assert nb.server.is_trusted(name)
    panel = nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    # The outputs are drawn after the kernel is "Idle" on a busy machine: wait for them.
    asked = len(own_widgets(name)["questions"])
    try:
        nb.page.wait_for_function(
            """(asked) => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) '
                + '.cr-quiz-static').length >= asked""", arg=asked, timeout=60_000)
    except Exception:
        pass   # the assertion below says what is shown
    views = panel.locator(".jp-OutputArea-output"
                          "[data-mime-type='application/vnd.jupyter.widget-view+json']")
    assert views.count() == 0, f"{name}: {views.count()} saved widget views"
    shown = panel.locator(".cr-quiz-static").count()
    assert shown == asked, f"{name}: {shown} of {asked} questions show their static HTML"
    nb.assert_clean()


def check_notebook(nb, name: str) -> None:
    """The checks every notebook gets after Run All."""
    from closereading.quiz.widgets import css_id
    nb.assert_clean()
    page = nb.page
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    assert panel.locator(".jp-CodeCell .jp-InputArea-prompt").count() == len(code_sources(name))
    want = own_widgets(name)
    # Each question the notebook asks is a live quiz widget with its own controls.
    for qid in want["questions"]:
        box = panel.locator(f".cr-quiz.{css_id(qid)}")
        assert box.count() == 1, qid
        assert box.get_by_role("button", name=re.compile(r"^Check")).count() == 1, qid
    assert panel.locator(".cr-quiz").count() == len(want["questions"])
    assert panel.locator(".cr-quiz-scoreboard").count() == want["scoreboard"]
    if want["scoreboard"]:
        assert "Questions:" in (panel.locator(".cr-quiz-scoreboard").first.text_content() or "")
    for kind, css in (("kwic", ".cr-kwic-explorer"), ("frequency", ".cr-frequency-explorer")):
        explorers = panel.locator(css)
        assert explorers.count() == want[kind], kind
        for i in range(want[kind]):
            assert explorers.nth(i).locator("input, select").count() >= 1, kind
            assert (explorers.nth(i).locator(".cr-explorer-results").text_content() or "").strip()
    # Every chart reaches a screen reader once: its image's alt holds title and caption,
    # and the visible caption is hidden from assistive technology (not dropped by
    # JupyterLab's sanitizer).
    charts = panel.locator("figure.cr-chart")
    assert charts.count() >= committed_charts(name)   # the explorers' charts come on top
    for i in range(charts.count()):
        assert (charts.nth(i).locator("img").get_attribute("alt") or "").startswith("Chart: ")
        assert charts.nth(i).locator("figcaption").get_attribute("aria-hidden") == "true"
    # Chinese is marked as such wherever JupyterLab shows it (its sanitizer keeps `lang`).
    assert page.evaluate("""() => {
        const han = /[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]/, bad = [];
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
        const walk = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const el = n.parentElement;
            if (!han.test(n.data) || el.closest('script, style, .jp-InputArea-editor')) continue;
            const marked = el.closest('[lang]');
            if (!marked || !marked.lang.startsWith('zh')) bad.push(n.data.slice(0, 60));
        }
        return bad; }""") == []
    # axe-core on our outputs (HTML and widgets): no serious or critical violation.
    from axe_audit import audit_outputs
    assert audit_outputs(page, name) == []
    stem = Path(name).stem
    assert nb.screenshot(f"{stem}-end").stat().st_size > 10_000
    page.evaluate("""() => { for (const el of document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')) el.scrollTop = 0; }""")
    page.wait_for_timeout(300)
    assert nb.screenshot(f"{stem}-top").stat().st_size > 10_000


def test_every_notebook_is_checked_in_the_browser():
    assert sorted(HERE + list(CHECKED_ELSEWHERE)) == NOTEBOOKS
    for name, module in CHECKED_ELSEWHERE.items():
        source = (Path(__file__).parent / module).read_text(encoding="utf-8")
        assert "check_notebook(" in source and name in source, (name, module)


def test_own_widgets_are_read_from_the_notebooks():
    assert own_widgets("00-start-here.ipynb")["questions"][:2] == [
        "start-paragraph-ids", "start-introduction-one-paragraph"]
    assert own_widgets("06-the-whole-text.ipynb")["frequency"] == 1
    sections = [n for n in NOTEBOOKS if n[:2] in {"01", "02", "03", "04", "05"}]
    assert len(sections) == 5
    assert all(own_widgets(n)["kwic"] == 1 for n in sections)
    assert own_widgets("07-context-and-readings.ipynb")["kwic"] == 0
    assert committed_charts("06-the-whole-text.ipynb") == 5
    assert committed_charts("07-context-and-readings.ipynb") == 0


class _RunAll:
    """Opened (check_opened), Run All in a new kernel, then check_notebook. One test class per notebook, below:
    pytest-xdist (`--dist loadscope`) gives each class to a worker of its own, where a
    single parametrized test would keep every notebook on one worker."""
    NAME = ""
    pytestmark = pytest.mark.browser

    def test_runs_all_without_errors(self, open_notebook):
        nb = open_notebook(self.NAME)
        check_opened(nb, self.NAME)
        nb.run_all()
        check_notebook(nb, self.NAME)


for _name in HERE:
    _class = f"TestRunAll_{_name[:2]}"
    globals()[_class] = type(_class, (_RunAll,), {"NAME": _name, "__doc__": _name})


def test_one_class_per_notebook_checked_here():
    classes = sorted(v.NAME for k, v in globals().items() if k.startswith("TestRunAll_"))
    assert classes == sorted(HERE) and len(HERE) == len(NOTEBOOKS) - len(CHECKED_ELSEWHERE)
