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
    sys.path.insert(0, str(ROOT / "tests"))
    import wheel_env
    folder = Path(_tmp) / "wheel"
    try:
        wheel, python = wheel_env.build(folder)
    except Exception as exc:  # noqa: BLE001  (any failure: say what, and stop)
        detail = getattr(exc, "stderr", "") or ""
        raise pytest.UsageError(f"conftest.py: the course's wheel, which nbval's kernels run, "
                                f"could not be built or installed in {folder}: {exc}\n{detail}")
    jupyter = folder / "jupyter"
    wheel_env.write_kernelspec(jupyter, python)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(jupyter)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    os.environ.update(CLOSEREADING_NBVAL_KERNEL_NAME=wheel_env.KERNEL_NAME,
                      CLOSEREADING_WHEEL=str(wheel), CLOSEREADING_WHEEL_PYTHON=str(python))
    _use_wheel_kernel(config)
