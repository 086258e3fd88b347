"""The wheel: built from the repository, installed outside it, it runs every notebook.

The wheel is built (``closereading.build.build_wheel``, what ``make wheel`` does) and
installed with ``pip --no-index --no-deps`` into a fresh virtual environment in a
temporary folder. That environment has no pip packages of its own: a ``.pth`` file puts
the test environment's site-packages after its own, so the already-installed
dependencies (JupyterLab, nbval ...) are used and nothing is downloaded. The course
itself then comes from the wheel (its own site-packages come first), and the
repository's editable install is not active there (its ``.pth`` is not processed).

Then nbval runs on a copy of ``notebooks/`` in a temporary folder, with that
environment's Python as pytest and as kernel, from outside the repository.
"""

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    from closereading.build import build_wheel
    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh venv outside the repository with the wheel installed; its python."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "test-environment.pth").write_text(ours + "\n")
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "install",
                    "--quiet", "--no-index", "--no-deps", "--ignore-installed", str(wheel)],
                   check=True, cwd=venv)
    return python


def clean_env(tmp):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CLOSEREADING_") and k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    env.update(CLOSEREADING_PROGRESS=str(tmp / "progress.json"), CLOSEREADING_EDITION="student",
               PYTHONHASHSEED="0", PYDEVD_DISABLE_FILE_VALIDATION="1",
               MPLCONFIGDIR=str(tmp / "mpl"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    return env


def test_the_wheel_carries_the_materials_and_the_schema(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    materials = sorted(p.relative_to(ROOT / "materials").as_posix()
                       for p in (ROOT / "materials").rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts)
    packaged = sorted(n.removeprefix("closereading/_materials/") for n in names
                      if n.startswith("closereading/_materials/"))
    assert packaged == materials
    assert "closereading/schemas/submission.schema.json" in names
    assert not any(n.startswith(("tests/", "notebooks/")) for n in names)


def test_the_installed_wheel_uses_its_packaged_materials(installed, tmp_path):
    code = ("import json, closereading, closereading.paths as p, closereading.text as t;"
            "print(json.dumps({'file': closereading.__file__, 'materials': str(p.materials_dir()),"
            " 'origin': p.materials_origin(), 'paragraphs': len(t.load().paragraphs)}))")
    out = subprocess.run([str(installed), "-c", code], check=True, capture_output=True,
                         text=True, cwd=tmp_path, env=clean_env(tmp_path)).stdout
    found = json.loads(out)
    venv = installed.parent.parent
    assert Path(found["file"]).is_relative_to(venv)
    assert Path(found["materials"]).is_relative_to(venv)
    assert found["origin"] == "packaged" and found["paragraphs"] > 10
    # CLOSEREADING_MATERIALS still points the installed course at a teacher's own copy.
    own = tmp_path / "my-materials"
    shutil.copytree(ROOT / "materials", own)
    env = dict(clean_env(tmp_path), CLOSEREADING_MATERIALS=str(own))
    out = subprocess.run([str(installed), "-c", code], check=True, capture_output=True,
                         text=True, cwd=tmp_path, env=env).stdout
    assert json.loads(out)["materials"] == str(own)


@pytest.mark.timeout(1200)   # nbval over every notebook, in a second environment
def test_every_notebook_runs_against_the_installed_wheel(installed, tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (notebooks / "pytest.ini").write_text("[pytest]\n")   # no rootdir above the copy
    cmd = [str(installed), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
           "--nbval-current-env", "-n", "2", "-p", "xdist", "--dist", "loadfile",
           *sorted(p.name for p in notebooks.glob("*.ipynb"))]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=notebooks,
                            env=clean_env(tmp_path), timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout and "failed" not in result.stdout
