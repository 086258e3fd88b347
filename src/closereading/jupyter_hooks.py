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

What the learner reads. A saved view gives way to the static HTML, and the hook puts a
short note at its top (:data:`SAVED_NOTE`): this is a saved view, and the answers saved
come back when the notebook runs. Without it, a reopened notebook showed empty questions
under a scoreboard that counted them answered, which looks like loss.

Opening a notebook changes nothing. When its kernel starts, JupyterLab writes the
kernel's ``language_info`` into the notebook's metadata, Python's version included; the
committed notebooks carry no version (it differs from machine to machine), so every
notebook was marked changed as soon as it opened, and closing it asked to save.
:class:`CourseContentsManager` fills in, when the server reads a notebook that has none,
the version the kernel will report (the server's own Python, which runs the course's
kernel), so that what JupyterLab writes is what is already there.
"""

from __future__ import annotations

import sys

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from closereading.execution import WIDGET_VIEW

HOOK = "closereading.jupyter_hooks.strip_saved_widget_views"
MANAGER = "closereading.jupyter_hooks.CourseContentsManager"
# The server's command-line arguments that install the hook and the contents manager
# (Makefile's `lab`, the hub's Spawner.args, the browser tests' server).
SERVER_ARGS = (f"--ContentsManager.pre_save_hook={HOOK}",
               f"--ServerApp.contents_manager_class={MANAGER}")

#: What a saved view says at its top (the widget itself is gone until the notebook runs).
SAVED_NOTE = ('<p class="cr-saved-view" role="note" style="margin:0 0 0.4em 0;'
              'padding:0.2em 0.6em;border-left:3px solid #595959;color:#1a1a1a;'
              'font-size:0.9em"><strong>A saved view.</strong> Your answers and '
              "responses are kept: they come back here, ready to change, when you run the "
              "notebook (<em>Run \u2192 Run All Cells</em>).</p>")


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
                html = data.get("text/html")
                if isinstance(html, list):     # nbformat may split a string into lines
                    html = "".join(x for x in html if isinstance(x, str))
                if isinstance(html, str):
                    data["text/html"] = SAVED_NOTE + html
                removed += 1
    return removed


def kernel_language_version() -> str:
    """The Python version the course's kernel reports in ``language_info`` (ipykernel
    reports ``sys.version.split()[0]`` of its interpreter, the server's own)."""
    return sys.version.split()[0]


def fill_language_info(model) -> bool:
    """Give a notebook read from disk the Python version its kernel will report, when its
    ``language_info`` is Python's and has none; return whether it was filled. Anything
    else is left as it is."""
    if not isinstance(model, dict) or model.get("type") != "notebook":
        return False
    content = model.get("content")
    metadata = content.get("metadata") if isinstance(content, dict) else None
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    if not isinstance(info, dict) or info.get("name") != "python" or "version" in info:
        return False
    info["version"] = kernel_language_version()
    return True


class CourseContentsManager(AsyncLargeFileManager):
    """The server's default contents manager, which gives each notebook it reads the
    Python version of the course's kernel (:func:`fill_language_info`), so that opening
    a notebook does not mark it changed."""

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content:
            fill_language_info(model)
        return model
