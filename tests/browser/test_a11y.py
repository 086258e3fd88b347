"""Accessibility, checked by axe-core (axe-playwright-python, which bundles axe; it runs
offline in Debian's chromium): 0 serious or critical violations.

* Every page the builds write: the answer key, the handouts and their index, and the
  teacher edition's index. The handouts are converted from the committed notebooks (their
  outputs are the student edition's, which nbval checks), so no kernel runs here.
* Each notebook's outputs inside JupyterLab after Run All, scoped to the output areas
  (our HTML and widgets): check_notebook (test_notebooks.py), which every notebook goes
  through once, runs axe_audit.audit_outputs on the Run All it already made, so that no
  notebook runs twice for it. Here: that every notebook's check includes the audit, and
  that the audit, as check_notebook runs it, fails on violations planted in the outputs
  of a notebook (out of the viewport, where JupyterLab skips rendering) while our charts
  and explorers in the same notebook pass. (axe's color-contrast rule never applies
  inside JupyterLab's output areas, measured with pale text planted there: the contrast
  of our HTML is audited in the handouts, made from the same committed outputs, above.)
  What JupyterLab's own interface fails is not
  ours to fix here: `python tests/browser/lab_a11y.py` records it.
"""

import inspect

import nbformat
import pytest

from jlab import ROOT

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def serious(results) -> list[str]:
    """One line per serious or critical violation: rule, impact, nodes and the first
    node's target."""
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


def write_pages(folder, stems: list[str], others: bool) -> list:
    """The handouts of the notebooks ``stems`` and, with ``others``, the answer key and
    both editions' indexes, written into ``folder`` as the builds write them, without a
    kernel; returns their paths."""
    from closereading import editions
    from closereading.build import notebook_paths
    from closereading.quiz.answer_key import write_answer_key
    made = []
    paths = {p.stem: p for p in notebook_paths()}
    for stem in stems:
        target = folder / f"handout-{stem}.html"
        target.write_text(editions.to_html(editions.prepare(paths[stem], "student"),
                                           paths[stem], "student"), encoding="utf-8")
        made.append(target)
    if others:
        made.append(write_answer_key(folder / "answer-key.html"))
        entries = [(stem, stem) for stem in paths]
        for edition in ("student", "teacher"):
            index = folder / f"index-{edition}.html"
            index.write_text(editions.index_html(entries, edition), encoding="utf-8")
            made.append(index)
    return made


def stems() -> list[str]:
    from closereading.build import notebook_paths
    return [p.stem for p in notebook_paths()]


# The pages in two halves, each a test class, so that two test workers share the audit
# (axe's colour-contrast rule takes seconds per handout).
FIRST_HALF = slice(0, 4)
SECOND_HALF = slice(4, None)


def audit(page, axe, made) -> dict:
    found = {}
    for path in made:
        page.goto(path.as_uri())
        results = axe.run(page)
        found[path.name] = serious(results)
        print(f"\n{path.name}: " + ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})"
                                            for v in results.response["violations"]))
    return found


def test_the_halves_cover_every_page_once():
    every = stems()
    from closereading.course import load_course
    assert every[FIRST_HALF] + every[SECOND_HALF] == every
    assert len(every) == len(load_course().notebooks)
    assert every[FIRST_HALF] and every[SECOND_HALF]


class TestPagesFirstHalf:
    def test_every_page_has_no_serious_violation(self, page, axe, tmp_path):
        names = stems()[FIRST_HALF]
        found = audit(page, axe, write_pages(tmp_path, names, others=False))
        assert sorted(found) == sorted(f"handout-{n}.html" for n in names)
        assert {name: v for name, v in found.items() if v} == {}


class TestPagesSecondHalf:
    def test_every_page_has_no_serious_violation(self, page, axe, tmp_path):
        names = stems()[SECOND_HALF]
        found = audit(page, axe, write_pages(tmp_path, names, others=True))
        assert sorted(found) == sorted([f"handout-{n}.html" for n in names]
                                       + ["answer-key.html", "index-student.html",
                                          "index-teacher.html"])
        assert {name: v for name, v in found.items() if v} == {}


def test_the_audit_sees_a_planted_violation(page, axe, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   '<p style="color:#bbb">pale text</p><img src="data:,"></main></body></html>')
    page.goto(bad.as_uri())
    assert {line.split()[0] for line in serious(axe.run(page))} == {"color-contrast", "image-alt"}


def test_every_notebook_check_audits_its_outputs():
    import test_notebooks
    from axe_audit import audit_outputs  # noqa: F401  (the audit exists)
    assert "audit_outputs(page, name) == []" in inspect.getsource(test_notebooks.check_notebook)
    test_notebooks.test_every_notebook_is_checked_in_the_browser()


PLANTED = "a11y-planted.ipynb"


class TestOutputAudit:
    """A class of its own, so that a test worker can run it beside the pages' audit."""

    def test_the_output_audit_fails_on_planted_violations_and_passes_our_outputs(self, open_notebook,
                                                                                 lab):
        from axe_audit import SERIOUS, audit_outputs, run, OUTPUTS
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
        code = nbformat.v4.new_code_cell
        nb.cells = [code("from closereading import explorers, plots\nimport ipywidgets as w\n"
                         "from IPython.display import HTML")]
        nb.cells += [code("plots.keyness(3)"), code("explorers.kwic_explorer('security')"),
                     code("explorers.frequency_explorer()")]
        # Far below the viewport: JupyterLab does not render these cells until scrolled to.
        nb.cells += [nbformat.v4.new_markdown_cell(f"Filler paragraph {i}.\n\n" + "text " * 80)
                     for i in range(25)]
        nb.cells += [code("import base64\nfrom IPython.display import display\n"
                          "display({'image/png': base64.b64encode(plots.keyness(3).png()).decode()},"
                          " raw=True)"),
                     code("HTML('<input type=\"text\">')"),
                     code("w.IntSlider(description='unnamed')")]
        nbformat.write(nb, lab.root / PLANTED)
        nb = open_notebook(PLANTED)
        nb.run_all()
        page = nb.page
        found = audit_outputs(page, PLANTED)
        rules = {line.split()[0]: line for line in found}
        assert set(rules) == {"image-alt", "label", "aria-input-field-name"}, found
        # one node each: the planted ones, not the chart, the explorers' number boxes or chart
        assert all("1 nodes" in line for line in rules.values()), found
        # JupyterLab's own interface is outside the scope: the whole page has more.
        whole = {v["id"] for v in run(page) if v["impact"] in SERIOUS}
        assert whole - set(rules), whole
        assert page.locator(OUTPUTS).count() >= 6
