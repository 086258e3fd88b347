"""Where the course's files live.

The package is installed editable from the repository, so the materials are found beside
it (``<repo>/materials``). ``CLOSEREADING_MATERIALS`` points elsewhere, for a teacher who
keeps an adapted copy of the materials.
"""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_NAME = "peaceful-development-part-iii.raw.txt"
SOURCE_SHA256 = "9d07b023ca2bbf09d7950925f42e34778b9c37299d94ac9cc54887d3e4f17996"


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def materials_dir() -> Path:
    override = os.environ.get("CLOSEREADING_MATERIALS")
    path = Path(override) if override else repo_root() / "materials"
    if not path.is_dir():
        hint = ("CLOSEREADING_MATERIALS names a folder that does not exist" if override else
                "install the package editable from the repository (make lab does this)")
        raise FileNotFoundError(f"materials folder not found at {path}: {hint}")
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
