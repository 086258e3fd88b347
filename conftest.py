"""Settings for every test run, nbval's notebook kernels included.

Kernels started by nbval inherit this process's environment, so setting it here gives
every notebook the same conditions as `make notebooks`: an empty progress file of its
own (a learner's saved progress never leaks into a test), the student edition and a
fixed hash seed.

nbval's kernels run the course's installed wheel. When a run includes the notebooks,
the wheel is built once, before the test workers start, and installed in an environment
of its own outside the repository (tests/wheel_env.py); nbval then starts every
notebook's kernel there (kernelspec ``closereading-wheel``), so that one execution of
each notebook checks both its committed outputs and the wheel. The development
environment runs every notebook too, in JupyterLab (tests/browser/). Set
CLOSEREADING_NBVAL_KERNEL=current to run nbval in this environment instead (then
tests/test_wheel.py runs nbval on the wheel itself).
"""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests"))     # tests/wheel_env.py

_tmp = tempfile.mkdtemp(prefix="closereading-test-")
os.environ["CLOSEREADING_PROGRESS"] = str(Path(_tmp) / "progress.json")
os.environ["CLOSEREADING_EDITION"] = "student"
os.environ["PYTHONHASHSEED"] = "0"
os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


def _runs_notebooks(config) -> bool:
    """Whether the command line names the notebooks (their folder, one of them, or the
    repository), as `make test` does."""
    here = Path(config.invocation_params.dir)
    notebooks = ROOT / "notebooks"
    for arg in config.args:
        path = (here / arg.split("::")[0]).resolve()
        if path in (ROOT, notebooks) or (path.suffix == ".ipynb" and path.is_relative_to(notebooks)):
            return True
    return False


def _use_wheel_kernel(config) -> None:
    config.option.nbval_current_env = False
    config.option.nbval_kernel_name = os.environ["CLOSEREADING_NBVAL_KERNEL_NAME"]


def pytest_configure(config):
    if not getattr(config.option, "nbval", False):
        return
    if os.environ.get("CLOSEREADING_NBVAL_KERNEL") == "current":
        return
    if hasattr(config, "workerinput"):          # a pytest-xdist worker: the controller built it
        if os.environ.get("CLOSEREADING_NBVAL_KERNEL_NAME"):
            _use_wheel_kernel(config)
        return
    if not _runs_notebooks(config):
        return
    import wheel_env
    folder = Path(_tmp) / "wheel"
    _, python = wheel_env.start_build(folder)     # the workers start meanwhile
    jupyter = folder / "jupyter"
    wheel_env.write_kernelspec(jupyter, python)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(jupyter)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    os.environ.update(CLOSEREADING_NBVAL_KERNEL_NAME=wheel_env.KERNEL_NAME,
                      CLOSEREADING_WHEEL_DIR=str(folder), CLOSEREADING_WHEEL_PYTHON=str(python))
    _use_wheel_kernel(config)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell starts nbval's kernel: wait until the wheel it runs
    is installed."""
    folder = os.environ.get("CLOSEREADING_WHEEL_DIR")
    if folder and item.path.suffix == ".ipynb" and item.config.option.nbval_kernel_name:
        import wheel_env
        try:
            wheel_env.wait_ready(Path(folder))
        except RuntimeError as exc:
            pytest.fail(f"conftest.py: {exc}", pytrace=False)


def _start_rank(item) -> int:
    """0 for the JupyterHub test, 1 for the other browser tests, 2 for the rest."""
    path = item.path.as_posix()
    if "/tests/hub/" in path:
        return 0
    return 1 if item.get_closest_marker("browser") else 2


def pytest_collection_modifyitems(config, items):
    """The longest tests first: the JupyterHub test (about two minutes), then the other
    browser tests, then the rest. pytest-xdist hands out test modules and classes
    (--dist loadscope) in this order, so the short ones fill the end of the run instead
    of a long one starting last. The sort is stable: within a file, and within a
    notebook's cells, the order stays as written."""
    items.sort(key=_start_rank)
