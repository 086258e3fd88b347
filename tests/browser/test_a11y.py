"""Accessibility, checked by axe-core (axe-playwright-python, which bundles axe; it runs
offline in Debian's chromium): 0 serious or critical violations.

* Every page the builds write: the answer key, the handouts and their index, and the
  teacher edition's index. The handouts are converted from the committed notebooks (their
  outputs are the student edition's, which nbval checks), so no kernel runs here.
* Each notebook's outputs inside JupyterLab after Run All, scoped to the output areas
  (our HTML and widgets). What JupyterLab's own interface fails is not ours to fix here.
"""

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


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The pages the builds write, made without a kernel."""
    from closereading import editions
    from closereading.build import notebook_paths
    from closereading.quiz.answer_key import write_answer_key
    folder = tmp_path_factory.mktemp("pages")
    made = [write_answer_key(folder / "answer-key.html")]
    entries = []
    for path in notebook_paths():
        target = folder / f"handout-{path.stem}.html"
        target.write_text(editions.to_html(editions.prepare(path, "student"), path, "student"),
                          encoding="utf-8")
        made.append(target)
        entries.append((path.stem, path.stem))
    for edition in ("student", "teacher"):
        index = folder / f"index-{edition}.html"
        index.write_text(editions.index_html(entries, edition), encoding="utf-8")
        made.append(index)
    return made


def test_every_page_the_builds_write_has_no_serious_violation(page, pages, axe):
    found = {}
    for path in pages:
        page.goto(path.as_uri())
        results = axe.run(page)
        found[path.name] = serious(results)
        print(f"\n{path.name}: " + ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})"
                                            for v in results.response["violations"]))
    from closereading.build import notebook_paths
    assert len(found) == len(notebook_paths()) + 3  # the handouts, answer key, indexes
    assert {name: v for name, v in found.items() if v} == {}


def test_the_audit_sees_a_planted_violation(page, axe, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   '<p style="color:#bbb">pale text</p><img src="data:,"></main></body></html>')
    page.goto(bad.as_uri())
    assert {line.split()[0] for line in serious(axe.run(page))} == {"color-contrast", "image-alt"}
