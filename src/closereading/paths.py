"""Where the course's files live.

The materials (YAML, the source text, the stopword list) are found in this order:

1. ``CLOSEREADING_MATERIALS``, when it is set: a teacher's own adapted copy.
2. The copy packaged inside the installed package (``closereading/_materials``), found
   with :mod:`importlib.resources`. A wheel carries it: the build copies the repository's
   ``materials/`` into the package (see ``setup.py``), so ``pip install closereading-*.whl``
   on a JupyterHub image needs no checkout.
3. The repository's own ``materials/`` beside ``src/``: an editable install
   (``make venv``, ``pip install -e .``) has no packaged copy, so teachers keep editing the
   YAML in the repository and see their changes at once.

Why a copy made at build time rather than moving ``materials/`` into the package: the
materials are content that teachers edit and review as data, with their own README, at
the top of the repository; only the wheel needs them inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_NAME = "peaceful-development-part-iii.raw.txt"
SOURCE_SHA256 = "9d07b023ca2bbf09d7950925f42e34778b9c37299d94ac9cc54887d3e4f17996"
ENV_MATERIALS = "CLOSEREADING_MATERIALS"
PACKAGED = "_materials"


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def packaged_materials() -> Path | None:
    """The materials packaged inside the installed package, or None (an editable install,
    or a package imported from a zip file, which the course does not support)."""
    from importlib.resources import files
    try:
        resource = files("closereading").joinpath(PACKAGED)
    except (ModuleNotFoundError, TypeError):
        return None
    path = Path(str(resource))
    return path if path.is_dir() else None


def materials_origin() -> str:
    """Which materials the course uses: "override", "packaged" or "repository"."""
    if os.environ.get(ENV_MATERIALS):
        return "override"
    return "packaged" if packaged_materials() is not None else "repository"


def materials_dir() -> Path:
    override = os.environ.get(ENV_MATERIALS)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"materials folder not found at {path}: "
                                    f"{ENV_MATERIALS} names a folder that does not exist")
        return path
    packaged = packaged_materials()
    if packaged is not None:
        return packaged
    path = repo_root() / "materials"
    if not path.is_dir():
        raise FileNotFoundError(
            f"materials folder not found at {path}: the installed package carries no "
            "materials (install a wheel built by `make wheel`, or install the package "
            f"editable from the repository), or set {ENV_MATERIALS} to a materials folder")
    return path


def source_path() -> Path:
    return materials_dir() / "source" / SOURCE_NAME


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def build_dir() -> Path:
    return repo_root() / "build"


EDITIONS = ("student", "teacher")


def edition() -> str:
    """Which edition the notebooks are rendered as: "student" (the default) or "teacher",
    set by the build through CLOSEREADING_EDITION. The teacher edition shows answers,
    solutions and discussion notes."""
    value = os.environ.get("CLOSEREADING_EDITION", "student").strip().lower() or "student"
    return value if value in EDITIONS else "student"
