"""The teacher's scores of the capstone (notebook 08) against its rubric.

``closereading report`` writes ``capstone-scores.csv`` beside ``grades.csv``: one row per
learner (``Login``, ``ID``, ``Student``, ``File``), then one column per criterion of the
rubric of ``materials/capstone.yml``, headed by the criterion's id. The teacher reads each
learner's commentary on their page of the report, writes a level (a score of the rubric's
levels, 1 to 4 in the course's rubric) in each criterion's cell, saves the file where it is
and runs the report again: the scores go into ``grades.csv`` (``08 rubric score``, the
sum, once every criterion is scored) and onto the learner's page beside their own
assessment.

The file is the teacher's: a run of the report reads it before writing it again and keeps
every score in it, a row whose learner is not among this run's submissions included (at
the end). A cell that is not a level is left unscored and named, with its row and column,
at the top of the report; nothing in the file is lost.

A row is matched to a learner by ``File`` (the submission's file name), else by
``Login``, else by ``ID``.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "capstone-scores.csv"
IDENTITY = ["Login", "ID", "Student", "File"]
SIZE_LIMIT = 2_000_000          # bytes: a class of thousands is well under it
ROW_LIMIT = 20_000


@dataclass
class Scores:
    """What the teacher's file holds, matched to this run's learners."""
    by_person: dict = field(default_factory=dict)     # id(person) -> {criterion: level}
    kept: list = field(default_factory=list)          # rows that match no learner: [dict]
    problems: list = field(default_factory=list)      # one line each, for the report


def _criteria(rubric) -> list[str]:
    return [c.id for c in rubric.criteria]


def read(path: Path, persons, rubric) -> Scores:
    """The scores in ``path`` (a missing file: none), each cell checked against the
    rubric's levels."""
    from closereading import safeio
    found = Scores()
    path = Path(path)
    if not os.path.lexists(path):
        return found
    try:
        text = safeio.read_bytes(path, SIZE_LIMIT).decode("utf-8-sig")
    except safeio.UnsafeInput as exc:
        found.problems.append(f"{path.name}: {exc.reason}; no scores used")
        return found
    except UnicodeDecodeError:
        found.problems.append(f"{path.name}: not UTF-8 text (save it as CSV UTF-8); "
                              "no scores used")
        return found
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as err:
        found.problems.append(f"{path.name}: not a CSV file ({err}); no scores used")
        return found
    if len(rows) > ROW_LIMIT:
        found.problems.append(f"{path.name}: more than {ROW_LIMIT:,} rows; no scores used")
        return found
    criteria = _criteria(rubric)
    levels = set(rubric.scores)
    heads = set(rows[0]) if rows else set()
    missing = [c for c in criteria if rows and c not in heads]
    if missing:
        found.problems.append(f"{path.name}: no column for {', '.join(missing)} (the "
                              "criteria of capstone.yml); those criteria are unscored")
    by_file, by_login, by_id = {}, {}, {}
    for p in persons:
        by_file.setdefault(Path(p.sub.path).name, p)
        if p.sub.data.get("login"):
            by_login.setdefault(str(p.sub.data["login"]), p)
        if p.sub.student_id:
            by_id.setdefault(str(p.sub.student_id), p)
    for n, row in enumerate(rows, 2):          # row 1 is the header
        row = {str(k): (v if isinstance(v, str) else "") for k, v in row.items()
               if k is not None}
        ident = {k: _plain(row.get(k, "")) for k in IDENTITY}
        person = (by_file.get(ident["File"]) or by_login.get(ident["Login"])
                  or by_id.get(ident["ID"]))
        scores = {}
        for cid in criteria:
            cell = row.get(cid, "").strip()
            if not cell:
                continue
            try:
                value = int(cell)
            except ValueError:
                value = None
            if value not in levels:
                found.problems.append(
                    f"{path.name}, row {n} ({ident['Student'] or ident['File']}), column "
                    f"{cid}: {cell[:40]!r} is not a level of the rubric "
                    f"({', '.join(map(str, sorted(levels)))}); left unscored")
                continue
            scores[cid] = value
        if person is None:
            if any(ident.values()) or scores:
                found.kept.append({**ident, **{c: str(s) for c, s in scores.items()}})
            continue
        if id(person) in found.by_person:
            found.problems.append(f"{path.name}, row {n}: a second row for "
                                  f"{ident['Student'] or ident['File']}; the first is used")
            continue
        found.by_person[id(person)] = scores
    if found.kept:
        found.problems.append(f"{path.name}: {len(found.kept)} row(s) match no submission of "
                              "this report; kept at the end of the file")
    return found


def _plain(value: str) -> str:
    """An identity cell as the teacher's spreadsheet gives it back: the quote that
    neutralised a formula (:func:`closereading.grades.csv_cell`) removed."""
    from closereading.grades import csv_cell
    value = value.strip()
    if value.startswith("'") and csv_cell(value[1:]) == value:
        return value[1:]
    return value


def form(persons, rubric, scores: Scores) -> str:
    """The file written beside ``grades.csv``: every learner of this run with the scores
    already given, then the rows kept from before."""
    from closereading.grades import csv_cell
    criteria = _criteria(rubric)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(IDENTITY + criteria)
    for p in persons:
        given = scores.by_person.get(id(p), {})
        w.writerow([csv_cell(p.sub.data.get("login", "")), csv_cell(p.sub.student_id),
                    csv_cell(p.sub.name), csv_cell(Path(p.sub.path).name)]
                   + [str(given[c]) if c in given else "" for c in criteria])
    for row in scores.kept:
        w.writerow([csv_cell(row.get(k, "")) for k in IDENTITY]
                   + [row.get(c, "") for c in criteria])
    return buf.getvalue()
