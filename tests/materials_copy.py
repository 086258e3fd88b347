"""A copy of the course's materials with one file changed, for tests of what a teacher's
mistake produces: the copy is used through CLOSEREADING_MATERIALS."""

import shutil

from closereading.paths import repo_root


def materials_with(tmp_path, monkeypatch, name: str, old: str, new: str):
    """The materials copied under ``tmp_path``, with ``old`` replaced by ``new`` (once) in
    the file ``name``, and CLOSEREADING_MATERIALS pointing at them; the changed file."""
    folder = tmp_path / "materials"
    shutil.copytree(repo_root() / "materials", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name}: {old!r} is not in the file"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(folder))
    return path
