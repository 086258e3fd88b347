"""The course's wheel, installed in a virtual environment of its own, outside the
repository: for tests/test_wheel.py, and for nbval (conftest.py), whose kernels run
every notebook on it.

The environment is made with ``venv --without-pip`` and holds only the wheel, installed
with ``pip --no-index --no-deps``; a ``.pth`` file puts the test environment's
site-packages after its own, so the already-installed dependencies (JupyterLab,
matplotlib ...) are used and nothing is downloaded. The course itself comes from the
wheel (its own site-packages come first), and the repository's editable install is not
active there (the test environment's ``.pth`` files are not processed).
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

KERNEL_NAME = "closereading-wheel"


def build(folder: Path) -> tuple[Path, Path]:
    """Build the wheel into ``folder/dist`` and install it into ``folder/venv``; returns
    the wheel and the environment's python."""
    from closereading.build import build_wheel
    wheel = build_wheel(folder / "dist")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "test-environment.pth").write_text(ours + "\n")
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet", "--no-index", "--no-deps",
                    "--ignore-installed", str(wheel)],
                   check=True, cwd=venv, capture_output=True, text=True)
    return wheel, python


def write_kernelspec(jupyter_dir: Path, python: Path) -> Path:
    """A kernelspec named KERNEL_NAME under ``jupyter_dir/kernels``, for a directory put
    on JUPYTER_PATH: the environment's python running ipykernel."""
    spec = jupyter_dir / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the course's installed wheel)",
        "language": "python"}, indent=1), encoding="utf-8")
    return spec


def start_build(folder: Path):
    """Build and install in a thread of this process, so that the test workers start
    meanwhile; writes ``folder/ready`` (the wheel's path) when done, or ``folder/failed``
    (why). Returns the thread, and the paths the environment will have."""
    import threading
    import traceback

    def work():
        try:
            wheel, _ = build(folder)
            (folder / "ready").write_text(str(wheel), encoding="utf-8")
        except BaseException as exc:  # noqa: BLE001  (any failure is reported, not lost)
            detail = getattr(exc, "stderr", "") or traceback.format_exc()
            (folder / "failed").write_text(f"{exc}\n{detail}", encoding="utf-8")

    folder.mkdir(parents=True, exist_ok=True)
    thread = threading.Thread(target=work, name="closereading-wheel", daemon=True)
    thread.start()
    return thread, folder / "venv" / "bin" / "python"


def wait_ready(folder: Path, timeout: float = 600) -> Path:
    """Wait for start_build's thread (in the pytest process that started it) to finish;
    returns the wheel, or raises RuntimeError with the reason it failed."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (folder / "ready").exists():
            return Path((folder / "ready").read_text(encoding="utf-8"))
        if (folder / "failed").exists():
            raise RuntimeError("the course's wheel, which nbval's kernels run, could not be "
                               f"built or installed in {folder}: "
                               + (folder / "failed").read_text(encoding="utf-8"))
        time.sleep(0.2)
    raise RuntimeError(f"the course's wheel was not built in {folder} within {timeout:.0f} s")
