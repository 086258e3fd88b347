"""Running a notebook in a fresh kernel, deterministically: the client, the environment,
and the normalisation of what is written back.

The builds (:mod:`closereading.build`), the editions (:mod:`closereading.editions`) and the
benchmark use these functions; this module imports none of them, so that no two modules
of the package import each other.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

KERNEL = "python3"
TIMEOUT = 600


def notebook_client(nb, folder: Path, **kwargs):
    """An nbclient client for a fresh kernel running in ``folder``. The kernel's
    connection is encrypted where the kernel supports it (ipykernel 7.3 and newer warn
    on every start otherwise)."""
    from nbclient import NotebookClient
    from traitlets.config import Config
    config = Config({"KernelManager": {"transport_encryption": "auto"}})
    return NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, config=config,
                          resources={"metadata": {"path": str(folder)}}, **kwargs)


_LANGUAGE_INFO_KEYS = ("name", "codemirror_mode", "file_extension", "mimetype",
                       "nbconvert_exporter", "pygments_lexer")


@contextmanager
def course_environment(edition: str = "student"):
    """Environment variables for a deterministic run, restored afterwards."""
    with tempfile.TemporaryDirectory(prefix="closereading-build-") as tmp:
        values = {"CLOSEREADING_PROGRESS": str(Path(tmp) / "progress.json"),
                  "CLOSEREADING_EDITION": edition,
                  "PYTHONHASHSEED": "0",
                  "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        saved = {k: os.environ.get(k) for k in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(nb) -> int:
    """Remove live widget views from the outputs, so that each widget's static HTML (or
    text) is what the file shows; return how many were removed.

    A saved view names a model that lived in the kernel that wrote it, and no later
    kernel has it. Where JupyterLab renders saved views (a trusted notebook: one the
    server signed when a learner saved it, or one a teacher marked with `jupyter trust`),
    each becomes "Error displaying widget: model not found" as soon as the new kernel
    is ready; without the view, the static HTML shows until the cell is run again. The
    model ids are random, too, so without them re-executing writes the same file."""
    removed = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                removed += 1
    return removed


def normalize(nb) -> None:
    """Drop what changes from run to run or machine to machine, saved widget state and
    saved widget views."""
    nb.metadata.pop("widgets", None)
    strip_widget_views(nb)
    info = nb.metadata.get("language_info")
    if info:
        nb.metadata["language_info"] = {k: info[k] for k in _LANGUAGE_INFO_KEYS if k in info}
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)


def execute(path: Path, edition: str = "student", nb=None):
    """Execute a notebook in a fresh kernel and return it, normalized. ``nb`` is the
    notebook object to run (by default, the one read from ``path``); its kernel runs in
    ``path``'s folder."""
    import nbformat

    if nb is None:
        nb = nbformat.read(path, as_version=4)
    with course_environment(edition):
        notebook_client(nb, path.parent, record_timing=False).execute()
    normalize(nb)
    return nb
