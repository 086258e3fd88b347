"""What JupyterLab's own interface fails in axe-core, outside the course's outputs: a
record for the issue's closing note, not a test (JupyterLab's interface is not ours to
fix). Opens each notebook, runs it, and runs axe on the whole page with the output
areas excluded; the outputs themselves are audited by check_notebook (axe_audit.py).

    .venv/bin/python tests/browser/lab_a11y.py [NOTEBOOK ...]

Writes build/a11y/jupyterlab-interface.json: per notebook, each rule with its impact,
the number of nodes and the first node's target.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from axe_audit import OUTPUTS, RESULTS, run  # noqa: E402
from jlab import CHROMIUM, CHROMIUM_ARGS, ROOT, LabServer, Notebook  # noqa: E402


def main(names: list[str]) -> dict:
    from playwright.sync_api import sync_playwright
    names = names or sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    found = {}
    lab = LabServer(Path(tempfile.mkdtemp(prefix="lab-a11y-")))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=CHROMIUM_ARGS)
            for name in names:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                nb = Notebook(context.new_page(), lab, name).open()
                nb.run_all()
                found[name] = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
                                "example": v["nodes"][0]["target"], "help": v["help"]}
                               for v in run(nb.page, {"exclude": [[OUTPUTS]]})]
                print(name, ", ".join(f"{v['id']} ({v['impact']}, {v['nodes']})"
                                      for v in found[name]), flush=True)
                context.close()
                lab.shut_down_kernels()
    finally:
        lab.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "jupyterlab-interface.json").write_text(json.dumps(found, indent=1),
                                                       encoding="utf-8")
    return found


if __name__ == "__main__":
    main(sys.argv[1:])
