"""Licences, citation, versions and the release: the files a lecturer needs to adopt the
course, and a release built in a temporary folder."""

import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

import closereading
from closereading import release

ROOT = Path(__file__).resolve().parents[1]


def pyproject_version() -> str:
    return re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(),
                     re.M).group(1)


# ---------------------------------------------------------------------------------------
# Versions


def test_the_package_reports_the_version_of_pyproject():
    assert closereading.__version__ == pyproject_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", closereading.__version__)


def test_the_newest_changelog_entry_is_the_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entries = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert entries, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' entry"
    assert entries[0][0] == pyproject_version()
    versions = [tuple(map(int, v.split("."))) for v, _ in entries]
    assert versions == sorted(versions, reverse=True), "entries must run newest first"
    dates = [d for _, d in entries]
    assert dates == sorted(dates, reverse=True)
    for heading in re.findall(r"^### (.+)$", text, re.M):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_citation_and_readme_cite_the_same_version():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", cff, re.M).group(1) == pyproject_version()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    how_to_cite = readme[readme.index("### How to cite"):]
    assert f"(version {pyproject_version()})" in how_to_cite


def test_every_notebook_header_shows_the_version():
    from closereading.course import header
    rich = header("00")
    assert f"Course version {closereading.__version__}." in rich._repr_html_()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        shown = "".join(o.get("data", {}).get("text/plain", "")
                        for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        assert f"Course version {closereading.__version__}." in shown, path.name


def test_the_answer_key_and_the_edition_banners_show_the_version():
    from closereading import editions
    from closereading.quiz.answer_key import answer_key_html
    assert f"Course version {closereading.__version__}." in answer_key_html()
    for edition in ("teacher", "student"):
        assert editions.version_line() in editions._banner(edition)
    assert editions.version_line() in editions.index_html([], "teacher")


# ---------------------------------------------------------------------------------------
# Licences and citation


def test_the_code_licence_is_mit_as_pyproject_says():
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text()
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_the_materials_licence_and_the_source_status_are_stated():
    materials = (ROOT / "LICENSE-materials.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in materials and "creativecommons.org/licenses/by/4.0" in materials
    assert "## Why CC BY 4.0" in materials
    source = (ROOT / "materials" / "source" / "README.md").read_text(encoding="utf-8")
    for needed in ("official English translation", "China.org.cn", "6 September 2011",
                   "on what basis", "9d07b023ca2bbf09d7950925f42e34778b9c37299d94ac9cc54887d3e4f17996"):
        assert needed.lower() in source.lower(), needed
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Licences and citation" in readme and "### How to cite" in readme


def test_citation_cff_is_valid_for_cffconvert():
    exe = Path(sys.executable).with_name("cffconvert")
    assert exe.exists(), "cffconvert is installed by make venv (requirements-nodeps.txt)"
    done = subprocess.run([str(exe), "--validate", "-i", str(ROOT / "CITATION.cff")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid according to schema version 1.2.0" in done.stdout


def test_cffconvert_rejects_a_broken_citation(tmp_path):
    """The validation above can fail: a citation without authors does."""
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(re.sub(r"^authors:\n(  - .*\n)+", "", text, flags=re.M))
    exe = Path(sys.executable).with_name("cffconvert")
    done = subprocess.run([str(exe), "--validate", "-i", str(broken)],
                          capture_output=True, text=True)
    assert done.returncode != 0


def test_contributing_covers_notes_questions_translations_and_tests():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("### Correct a note", "### Add a quiz question",
                    "### Add a translation note", "### Standards of content",
                    "### What `make test` checks"):
        assert heading in text, heading
    assert "make notebooks" in text


# ---------------------------------------------------------------------------------------
# Checksums and the zip


def test_sums_list_every_file_and_catch_a_changed_one(tmp_path):
    (tmp_path / "a.whl").write_bytes(b"wheel")
    (tmp_path / "b.tar.gz").write_bytes(b"sdist")
    sums = release.write_sums(tmp_path).read_text()
    assert sums.splitlines() == [f"{hashlib.sha256(b'wheel').hexdigest()}  a.whl",
                                 f"{hashlib.sha256(b'sdist').hexdigest()}  b.tar.gz"]
    assert release.check_sums(tmp_path) == []
    (tmp_path / "a.whl").write_bytes(b"tampered")
    (tmp_path / "c.zip").write_bytes(b"new")
    assert release.check_sums(tmp_path) == ["a.whl: checksum differs", "c.zip: not listed"]


def test_the_zip_is_reproducible(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.html").write_text("b")
    (folder / "a.html").write_text("a")
    one = release.zip_folder(folder, tmp_path / "one.zip", "x").read_bytes()
    two = release.zip_folder(folder, tmp_path / "two.zip", "x").read_bytes()
    assert one == two
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        assert zf.namelist() == ["x/a.html", "x/sub/b.html"]


# ---------------------------------------------------------------------------------------
# A whole release, from one small notebook


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Start here"),
                nbformat.v4.new_code_cell('from closereading import course\ncourse.header("00")')]
    path = tmp / "notebooks" / "00-start-here.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    guide = tmp / "guide"
    guide.mkdir()
    (guide / "index.html").write_text("<h1>Guide</h1>")
    return release.build_release(tmp / "out", notebook_paths=[path], guide=guide)


def test_a_release_holds_wheel_sdist_editions_and_checksums(built):
    v = closereading.__version__
    assert built.name == f"closereading-{v}"
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted([f"closereading-{v}-py3-none-any.whl", f"closereading-{v}.tar.gz",
                            f"closereading-{v}-editions.zip", "SHA256SUMS"])
    assert release.check_sums(built) == []
    listed = [line.split("  ")[1] for line in (built / "SHA256SUMS").read_text().splitlines()]
    assert sorted(listed) == sorted(n for n in names if n != "SHA256SUMS")


def test_the_editions_zip_holds_every_edition_the_licences_and_the_guide(built):
    v = closereading.__version__
    with zipfile.ZipFile(built / f"closereading-{v}-editions.zip") as zf:
        names = set(zf.namelist())
        prefix = f"closereading-{v}-editions/"
        for needed in ("teacher/index.html", "teacher/00-start-here.html",
                       "handouts/index.html", "handouts/00-start-here.html",
                       "answer-key.html", "guide/index.html", "LICENSE",
                       "LICENSE-materials.md", "CITATION.cff", "CHANGELOG.md"):
            assert prefix + needed in names, needed
        teacher = zf.read(prefix + "teacher/00-start-here.html").decode()
        assert f"Course version {v}." in teacher


def test_the_wheel_carries_the_package_and_its_version(built):
    v = closereading.__version__
    with zipfile.ZipFile(built / f"closereading-{v}-py3-none-any.whl") as zf:
        names = zf.namelist()
        assert "closereading/__init__.py" in names and "closereading/release.py" in names
        metadata = zf.read(f"closereading-{v}.dist-info/METADATA").decode()
        assert f"Version: {v}" in metadata
