"""What the scoreboards count: one line per source of progress.

A *source* is a function ``summary(notebook) -> {"done": n, "total": m, ...}`` named by a
dotted path, with the label the scoreboard gives it. A notebook's scoreboard shows the
quiz (with its own details) and then every other source whose total for that notebook is
not 0; notebook 00 shows every notebook of the course in one table (:func:`course_rows`).

To add a source, add one line to :data:`SOURCES`. A source whose module is not there
(yet) is left out, so a line may name a module that another branch of the work adds.
"""

from __future__ import annotations

import importlib

#: (key, label, "module:function"), in the order shown.
SOURCES: list[tuple[str, str, str]] = [
    ("quiz", "Quiz questions answered", "closereading.scoreboard:quiz_summary"),
    ("exercises", "Exercises right", "closereading.exercise_progress:summary"),
    ("reading", "Reading responses written", "closereading.reading:summary"),
    ("capstone", "Capstone steps done", "closereading.capstone:steps_summary"),
]


def quiz_summary(notebook: str, *, store=None) -> dict:
    """The quiz of one notebook: questions answered (``done``), correct at the first try,
    of ``total``."""
    from closereading.quiz.bank import load_banks
    from closereading.quiz import progress as P
    ids = load_banks().for_notebook(notebook).ids
    s = P.score((store or P.store()).records(), ids)
    return {"done": s["answered"], "total": s["total"], "first_try": s["first_try"]}


def _function(target: str):
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None  # a source whose module is not in this version of the course
        raise


def summaries(notebook: str, *, skip=("quiz",)) -> list[dict]:
    """Every source's summary for one notebook (those with nothing to count left out):
    dicts with ``key``, ``label``, ``done``, ``total`` and whatever else the source gives."""
    out = []
    for key, label, target in SOURCES:
        if key in skip:
            continue
        fn = _function(target)
        if fn is None:
            continue
        s = fn(notebook)
        if not isinstance(s, dict) or not s.get("total"):
            continue
        out.append({"key": key, "label": label, **s})
    return out


def course_rows() -> list[dict]:
    """One row per notebook of the course: ``notebook``, ``title`` and, per source key,
    its summary (None when the notebook has nothing of that source)."""
    from closereading.course import load_course
    from pathlib import Path
    rows = []
    for nb in load_course().notebooks:
        stem = Path(nb.file).stem
        found = {s["key"]: s for s in summaries(stem, skip=())}
        rows.append({"notebook": stem, "title": nb.title, "sources": found})
    return rows


def source_labels() -> list[tuple[str, str]]:
    """(key, label) of the sources present in this version of the course."""
    return [(key, label) for key, label, target in SOURCES if _function(target) is not None]
