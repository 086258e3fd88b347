"""What the course adds to the Jupyter server that serves it (`make lab`, the JupyterHub
of deploy/, the browser tests): a pre-save hook for its contents manager.

Why. Each widget the course displays is saved as two things: a *view* (a reference to a
model that lives in the kernel) and the widget's static HTML. Once the kernel has ended
(the learner closed JupyterLab, or the hub's culler stopped an idle server), no kernel
has that model again. When the learner reopens a notebook they saved, JupyterLab trusts
it (the server signed it on saving) and renders each saved view as "Error displaying
widget: model not found", one per widget, until the notebook is run again. Without the
view, JupyterLab shows the widget's static HTML instead: the question, the passage, the
explorer as it was. Running the notebook brings the live widgets back, with the
learner's saved progress (which is kept apart from the notebook, so nothing is lost).

The cost: a page reloaded while its kernel still runs also shows the static HTML until
the cells are run again, where it would have reconnected the live widgets.

The committed notebooks carry no views either (:func:`closereading.execution.normalize`).
"""

from __future__ import annotations

from closereading.execution import WIDGET_VIEW

HOOK = "closereading.jupyter_hooks.strip_saved_widget_views"
# The server's command-line arguments that install the hook (Makefile's `lab`, the hub's
# Spawner.args, the browser tests' server).
SERVER_ARGS = (f"--ContentsManager.pre_save_hook={HOOK}",)


def strip_saved_widget_views(model=None, **_kwargs) -> int:
    """Remove the widget views from a notebook the server is about to save; return how
    many were removed. Anything else is left as it is: a model that is not a notebook,
    content of an unexpected shape (the server validates it, not this hook), and an
    output whose only representation is the view (nothing else would be left of it)."""
    if not isinstance(model, dict) or model.get("type") != "notebook":
        return 0
    content = model.get("content")
    cells = content.get("cells") if isinstance(content, dict) else None
    removed = 0
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else ():
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
                removed += 1
    return removed
