"""closereading.execution: the environment of a deterministic run, the notebook client,
and a real run in a fresh kernel (normalize and strip_widget_views are tested in
tests/test_notebooks_files.py and tests/test_editions_parts.py)."""

import os
from pathlib import Path

import nbformat
import pytest

from closereading import execution as X

NAMES = ("CLOSEREADING_PROGRESS", "CLOSEREADING_EDITION", "PYTHONHASHSEED",
         "PYDEVD_DISABLE_FILE_VALIDATION")


@pytest.fixture
def environ(monkeypatch):
    """One of the four variables set beforehand, the other three absent."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    return now()


def now() -> dict:
    """The environment, without the variable pytest changes between setup and call."""
    return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}


def test_the_environment_of_a_run_and_what_is_left_after_it(environ):
    with X.course_environment("student"):
        inside = {name: os.environ.get(name) for name in NAMES}
        progress = Path(inside["CLOSEREADING_PROGRESS"])
        assert progress.name == "progress.json" and progress.parent.is_dir()
        assert progress.parent.name.startswith("closereading-build-")
        assert not progress.exists()          # an empty progress: no file yet
    assert {k: v for k, v in inside.items() if k != "CLOSEREADING_PROGRESS"} == {
        "CLOSEREADING_EDITION": "student", "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    assert now() == environ                  # the teacher edition back, the rest gone
    assert not progress.parent.exists()      # the temporary folder removed


def test_the_environment_is_restored_after_an_error(environ):
    with pytest.raises(RuntimeError):
        with X.course_environment("teacher"):
            assert os.environ["PYTHONHASHSEED"] == "0"
            raise RuntimeError("a cell failed")
    assert now() == environ


def test_the_default_edition_is_the_students(environ):
    with X.course_environment():
        assert os.environ["CLOSEREADING_EDITION"] == "student"


def test_the_client_runs_a_fresh_course_kernel_in_the_folder(tmp_path):
    nb = nbformat.v4.new_notebook()
    client = X.notebook_client(nb, tmp_path, record_timing=False)
    assert client.nb is nb
    assert client.timeout == 600 and client.kernel_name == "python3"
    assert client.record_timing is False
    assert client.resources == {"metadata": {"path": str(tmp_path)}}
    assert client.config.KernelManager.transport_encryption == "auto"
    assert X.notebook_client(nb, tmp_path).record_timing is True   # nbclient's default


CELL = "import os\nprint(os.environ['CLOSEREADING_EDITION'], os.getcwd() == {folder!r})"


def test_execute_runs_the_file_in_its_folder_and_normalizes_it(tmp_path):
    path = tmp_path / "run.ipynb"
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "other", "display_name":
                                                           "Other", "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(CELL.format(folder=str(tmp_path)))]
    nbformat.write(nb, path)
    ran = X.execute(path, "teacher")
    assert ran.cells[0].outputs[0]["text"] == "teacher True\n"
    assert ran.metadata["kernelspec"]["name"] == "python3"   # normalized
    assert "execution" not in ran.cells[0].metadata
    # Given a notebook object, execute runs that one (in the file's folder), not the file.
    # The student edition by default.
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint('given', os.environ['CLOSEREADING_EDITION'])")])
    assert X.execute(path, nb=other).cells[0].outputs[0]["text"] == "given student\n"
    assert nbformat.read(path, as_version=4).cells[0].outputs == []   # the file untouched
