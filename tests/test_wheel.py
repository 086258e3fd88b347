"""The wheel: built from the repository, installed outside it, it runs every notebook.

The wheel is built (``closereading.build.build_wheel``, what ``make wheel`` does) and
installed with ``pip --no-index --no-deps`` into a fresh virtual environment in a
temporary folder (tests/wheel_env.py). When this run includes the notebooks, conftest.py
has done that once for the whole run, and nbval's kernels run every notebook on that
installed wheel: the tests here use the same wheel and environment, and check that nbval
is set up so. Otherwise (a run of this file alone, or CLOSEREADING_NBVAL_KERNEL=current)
they build their own, and nbval runs on a copy of ``notebooks/`` in a temporary folder,
with that environment's Python as pytest and as kernel, from outside the repository.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import wheel_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(wheel, python of the environment it is installed in): the run's own, made by
    conftest.py, or one made here."""
    if os.environ.get("CLOSEREADING_WHEEL_DIR"):
        wheel = wheel_env.wait_ready(Path(os.environ["CLOSEREADING_WHEEL_DIR"]))
        return wheel, Path(os.environ["CLOSEREADING_WHEEL_PYTHON"])
    return wheel_env.build(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def wheel(built):
    return built[0]


@pytest.fixture(scope="module")
def installed(built):
    """The python of a venv outside the repository with the wheel installed."""
    return built[1]


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


def nbval_runs_the_notebooks_on(config, items) -> str | None:
    """The kernelspec on which nbval runs every notebook in this pytest run, if it is
    the installed wheel's (conftest.py), else None."""
    notebooks = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    collected = {Path(str(item.fspath)).name for item in items
                 if str(item.fspath).endswith(".ipynb")}
    option = config.option
    if (option.nbval_kernel_name == wheel_env.KERNEL_NAME and not option.nbval_current_env
            and notebooks <= collected):
        return option.nbval_kernel_name
    return None


@pytest.mark.timeout(1200)   # nbval over every notebook, in a second environment
def test_every_notebook_runs_against_the_installed_wheel(request, installed, tmp_path):
    if nbval_runs_the_notebooks_on(request.config, request.session.items):
        # This run's nbval items execute every notebook in the wheel's environment and
        # compare their outputs: check that the kernelspec they start is that python.
        from nbval.kernel import NbvalKernelspecManager
        spec = NbvalKernelspecManager().get_kernel_spec(wheel_env.KERNEL_NAME)
        assert spec.argv[:3] == [str(installed), "-m", "ipykernel_launcher"]
        assert Path(spec.argv[0]).parent.parent == installed.parent.parent
        return
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


def test_the_background_build_reports_its_wheel_or_why_it_failed(tmp_path, monkeypatch):
    def fails(folder):
        raise RuntimeError("no setuptools here")
    monkeypatch.setattr(wheel_env, "build", fails)
    thread, python = wheel_env.start_build(tmp_path / "bad")
    thread.join(30)
    assert python == tmp_path / "bad" / "venv" / "bin" / "python"
    with pytest.raises(RuntimeError, match=r"could not be built or installed in .*bad: "
                                           r"no setuptools here"):
        wheel_env.wait_ready(tmp_path / "bad", timeout=5)
    monkeypatch.setattr(wheel_env, "build", lambda folder: (folder / "x.whl", None))
    thread, _ = wheel_env.start_build(tmp_path / "good")
    thread.join(30)
    assert wheel_env.wait_ready(tmp_path / "good", timeout=5) == tmp_path / "good" / "x.whl"
    with pytest.raises(RuntimeError, match="not built .* within 0 s"):
        wheel_env.wait_ready(tmp_path / "never", timeout=0.3)
