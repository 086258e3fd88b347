"""Where the materials come from: the repository (editable), an override, or the package."""

import pytest

from closereading import paths


def test_an_editable_install_reads_the_repository_materials(monkeypatch):
    monkeypatch.delenv("CLOSEREADING_MATERIALS", raising=False)
    assert paths.packaged_materials() is None
    assert paths.materials_origin() == "repository"
    assert paths.materials_dir() == paths.repo_root() / "materials"


def test_the_override_wins_and_a_missing_folder_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(tmp_path))
    assert paths.materials_dir() == tmp_path and paths.materials_origin() == "override"
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(tmp_path / "nope"))
    with pytest.raises(FileNotFoundError, match="CLOSEREADING_MATERIALS names a folder"):
        paths.materials_dir()


def test_a_packaged_copy_is_preferred_to_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("CLOSEREADING_MATERIALS", raising=False)
    monkeypatch.setattr(paths, "packaged_materials", lambda: tmp_path)
    assert paths.materials_dir() == tmp_path and paths.materials_origin() == "packaged"
