"""A dated release of the course, for teachers who do not use git.

    python -m closereading.release [--out DIR]        (make release)

writes ``DIR/closereading-VERSION/`` (by default under ``build/release/``) holding:

* the wheel and the source distribution of the package, built from the checkout;
* ``closereading-VERSION-editions.zip``: the teacher edition, the student handouts, the
  answer key and, when it has been built, the teacher's guide, with the licences and the
  citation file;
* ``SHA256SUMS``: one line per file, ``<sha256>  <name>``, as ``sha256sum -c`` reads it.

The zip is reproducible: its entries are sorted and carry a fixed date, so two releases
of the same checkout hold the same bytes of editions.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from closereading.paths import build_dir, repo_root

ZIP_DATE = (2020, 1, 1, 0, 0, 0)
SUMS = "SHA256SUMS"
# Files of the repository that travel with the editions.
COMPANIONS = ("LICENSE", "LICENSE-materials.md", "CITATION.cff", "CHANGELOG.md")


class ReleaseError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(folder: Path) -> Path:
    """Write ``SHA256SUMS`` for every other file in ``folder``; return its path."""
    lines = [f"{sha256(p)}  {p.name}" for p in sorted(folder.iterdir())
             if p.is_file() and p.name != SUMS]
    out = folder / SUMS
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def check_sums(folder: Path) -> list[str]:
    """The problems found by checking ``SHA256SUMS`` against the files (empty: all good)."""
    problems = []
    listed = set()
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed but missing")
        elif sha256(path) != digest:
            problems.append(f"{name}: checksum differs")
    for p in folder.iterdir():
        if p.is_file() and p.name != SUMS and p.name not in listed:
            problems.append(f"{p.name}: not listed")
    return problems


def zip_folder(folder: Path, target: Path, prefix: str) -> Path:
    """Zip every file under ``folder`` into ``target``, under ``prefix/``, reproducibly."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return target


def build_distributions(outdir: Path, source: Path | None = None) -> list[Path]:
    """The sdist and the wheel (the wheel built from the sdist, which proves the sdist
    complete), with the ``build`` front end and no network (``--no-isolation``: the build
    back end is the one installed in this environment)."""
    source = source or repo_root()
    with tempfile.TemporaryDirectory(prefix="closereading-dist-") as tmp:
        cmd = [sys.executable, "-m", "build", "--no-isolation", "--outdir", tmp, str(source)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise ReleaseError("building the wheel and the sdist failed:\n"
                               + (done.stderr or done.stdout)[-3000:])
        made = []
        for p in sorted(Path(tmp).iterdir()):
            if p.suffix == ".whl" or p.name.endswith(".tar.gz"):
                made.append(Path(shutil.copy2(p, outdir / p.name)))
    if not any(p.suffix == ".whl" for p in made) or not any(p.name.endswith(".tar.gz") for p in made):
        raise ReleaseError(f"the build did not write both a wheel and an sdist: {made}")
    return made


def build_editions(staging: Path, notebook_paths: list[Path], guide: Path | None = None) -> None:
    """Teacher edition, handouts and answer key (and the guide, if given) into ``staging``."""
    from closereading.editions import build_handouts, build_teacher
    from closereading.quiz.answer_key import write_answer_key
    if build_teacher(notebook_paths, staging / "teacher") != 0:
        raise ReleaseError("the teacher edition did not build (see the messages above)")
    if build_handouts(notebook_paths, staging / "handouts") != 0:
        raise ReleaseError("the handouts did not build (see the messages above)")
    write_answer_key(staging / "answer-key.html")
    if guide is not None and guide.is_dir():
        shutil.copytree(guide, staging / "guide")
    for name in COMPANIONS:
        path = repo_root() / name
        if path.is_file():
            shutil.copy2(path, staging / name)


def build_release(out: Path, notebook_paths: list[Path] | None = None,
                  guide: Path | None = None) -> Path:
    """Write the release folder under ``out`` and return it."""
    from closereading import __version__
    from closereading.build import notebook_paths as all_notebooks
    name = f"closereading-{__version__}"
    folder = Path(out) / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    build_distributions(folder)
    with tempfile.TemporaryDirectory(prefix="closereading-editions-") as tmp:
        staging = Path(tmp)
        build_editions(staging, notebook_paths if notebook_paths is not None else all_notebooks(),
                       guide)
        zip_folder(staging, folder / f"{name}-editions.zip", f"{name}-editions")
    write_sums(folder)
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m closereading.release",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the release (default: build/release)")
    args = parser.parse_args(argv)
    out = args.out or build_dir() / "release"
    guide = build_dir() / "guide"
    try:
        folder = build_release(out, guide=guide if guide.is_dir() else None)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {folder}")
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
