"""axe-core (axe-playwright-python's bundled axe) on what the course renders inside
JupyterLab: the output areas of the open notebook (our HTML and widgets), not
JupyterLab's own interface.

JupyterLab 4 skips the rendering of cells outside the viewport (``content-visibility:
auto``), and axe cannot judge what is not laid out (colour contrast, above all), so every
cell is laid out for the audit and back as it was after. Each audit writes every
violation it found, whatever its impact, to ``build/a11y/jupyterlab-<notebook>.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from jlab import ROOT

SERIOUS = ("serious", "critical")
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
RESULTS = ROOT / "build" / "a11y"
LAY_OUT_EVERY_CELL = (".jp-WindowedPanel-viewport > .jp-Cell { content-visibility: visible "
                      "!important; contain: none !important; }")

_axe = None


def axe():
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe
        _axe = Axe()
    return _axe


def summary(violations: list[dict]) -> list[str]:
    """One line per violation: rule, impact, nodes and the first node's target."""
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
            for v in violations]


def run(page, context=None) -> list[dict]:
    """Every violation axe finds in ``context`` (the whole page when None), with every
    cell laid out."""
    style = page.add_style_tag(content=LAY_OUT_EVERY_CELL)
    try:
        page.wait_for_timeout(200)
        return axe().run(page, context=context).response["violations"]
    finally:
        style.evaluate("e => e.remove()")


def audit_outputs(page, name: str) -> list[str]:
    """The serious and critical violations in the output areas of the open notebook;
    all that axe found goes to build/a11y/jupyterlab-<notebook>.json."""
    outputs = page.locator(OUTPUTS).count()
    assert outputs > 0, f"{name}: no output area to audit"
    violations = run(page, {"include": [[OUTPUTS]]})
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"jupyterlab-{Path(name).stem}.json").write_text(json.dumps(
        {"notebook": name, "outputs": outputs, "scope": OUTPUTS,
         "violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
                         "targets": [n["target"] for n in v["nodes"]][:10]}
                        for v in violations]}, indent=1), encoding="utf-8")
    return summary([v for v in violations if v["impact"] in SERIOUS])
