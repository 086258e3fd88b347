"""Grades a teacher can trust and import: every answer graded again under the current key,
per notebook the quiz score and what the learner wrote, in three file formats.

The columns (one set per notebook, the last three in the capstone's alone; :data:`COLUMNS`,
one entry each):

============  ==========================================================================
quiz          questions right before "Show answer" was used, % of the notebook's
              questions (answers given after the answer was shown do not count)
first try     questions right at the first attempt, % of the notebook's questions
shown         questions whose answer the learner asked to see ("Show answer")
responses     reading responses written (one per paragraph with a reading prompt)
annotations   the learner's own annotations on the notebook's paragraphs
discussion    discussion questions answered (a sub-section's, and 07's on the context)
commentary    the capstone's commentary: its words (not graded; the rubric asks 400-600)
self-assess   the capstone's criteria the learner assessed their commentary against
rubric        the teacher's score of the capstone against the rubric: the sum of a level
              per criterion, from ``capstone-scores.csv`` (blank until scored)
============  ==========================================================================

In the capstone's notebook (08) ``responses`` and ``annotations`` count the learner's work
on their own passage; its maximum is the typical passage's paragraphs of
``capstone.yml`` (a longer passage can pass it).

Every answer is graded from the answers the file stores (:mod:`closereading.quiz.regrade`),
never from the ``correct`` and ``first_try`` it records. A cell is blank when the
learner never opened the notebook (nothing at all recorded for it) or when the notebook
has no such task (00 has no discussion questions); 0 means opened, and none done. A
later kind of work is one more entry of :data:`COLUMNS`.

Formats (``closereading report --format``):

``plain``   ``Student``, ``ID``, ``Login``, then every column of every notebook as
            ``<notebook> <column>`` (``01 quiz (%)``); with ``--due``, ``Late`` after
            ``Login``.
``canvas``  Canvas's gradebook import: ``Student``, ``ID``, ``SIS User ID``, ``SIS Login
            ID``, ``Section``, then one column per graded column (``quiz``, ``responses``,
            ``annotations``, ``discussion``, ``self-assess``, ``rubric``) of each notebook; the second row is ``Points
            Possible`` with each column's maximum. ``ID`` (Canvas's own number) is left
            blank; Canvas matches the learner by ``SIS User ID`` (the ID they typed) or
            ``SIS Login ID`` (the hub login).
``moodle``  Moodle's CSV grade import: ``Username`` (the hub login), ``ID number`` (the ID
            typed), ``Full name``, then the same graded columns; in the import, map
            "Identify user by" to ``Username`` -> username or ``ID number`` -> ID number.
            A blank cell imports as no grade.

Every file is UTF-8 with CRLF line ends; ``--bom`` puts a byte-order mark first, for
Excel. Every learner-supplied cell is neutralised against formulas
(:func:`closereading.report.csv_cell`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

FORMATS = ("plain", "canvas", "moodle")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["Username", "ID number", "Full name"]


# ---------------------------------------------------------------------------------------
# What each notebook offers, and what one learner did


@dataclass(frozen=True)
class NotebookTasks:
    id: str                       # "01"
    stem: str                     # "01-harmonious-world"
    title: str
    questions: tuple = ()         # question ids
    paragraphs: tuple = ()        # paragraph ids with a reading prompt
    discussion: int = 0           # discussion questions
    capstone: bool = False        # the learner's own reading (materials/capstone.yml)


def course_tasks() -> list[NotebookTasks]:
    from closereading import course as C
    from closereading import quiz, reading
    bank = quiz.load_banks()
    prompts = reading.load_all_prompts()
    out = []
    for nb in C.load_course().notebooks:
        stem = Path(nb.file).stem
        nq = len(reading.discussion_questions(stem)[1])
        out.append(NotebookTasks(nb.id, stem, nb.title, bank.for_notebook(stem).ids,
                                 tuple(prompts.get(stem, {})), nq, nb.capstone))
    return out


@dataclass
class Work:
    """One learner's work, read from their submission and graded under the current key."""
    outcomes: dict = field(default_factory=dict)     # question id -> regrade.Outcome
    entries: dict = field(default_factory=dict)      # question id -> the file's entry
    reading: dict = field(default_factory=dict)      # paragraph -> clean reading record
    annotations: dict = field(default_factory=dict)  # paragraph -> clean annotations record
    discussion: dict = field(default_factory=dict)   # "<stem>/<n>" -> text
    predictions: dict = field(default_factory=dict)  # prediction id -> text
    exercises: dict = field(default_factory=dict)    # "<stem>/<id>" -> record
    disagreements: list = field(default_factory=list)  # Disagreement
    capstone: dict | None = None     # closereading.capstone.work_of: None, no passage brought
    capstone_scores: dict = field(default_factory=dict)  # criterion id -> the teacher's level

    def opened(self, nb: NotebookTasks) -> bool:
        """Whether anything at all is recorded for the notebook."""
        if nb.capstone and self.capstone is not None:
            return True
        if any(self.entries.get(q, {}).get("answered") or self.entries.get(q, {}).get("hints")
               for q in nb.questions):
            return True
        if any(p in self.reading or p in self.annotations for p in nb.paragraphs):
            return True
        prefix = nb.stem + "/"
        if any(k.startswith(prefix) for k in (*self.discussion, *self.exercises)):
            return True
        return False


@dataclass(frozen=True)
class Disagreement:
    question: str
    recorded: tuple      # (correct, first_try) as the file says
    now: tuple           # (correct, first_try) as the current key grades the answers
    cause: str           # "key" (graded under another key) or "edited" or "unknown"


def read_work(sub_data: dict, bank, *, current_version: str = "") -> Work:
    from closereading import reading as RD
    from closereading.quiz import regrade
    from closereading.submission import entry_record
    work = Work()
    known = set(bank.ids)
    for entry in sub_data.get("questions") or []:
        qid = entry.get("id")
        if qid not in known:
            continue
        q = bank.get(qid)
        rec = entry_record(entry)
        o = regrade.outcome(q, rec)
        work.entries[qid] = entry
        work.outcomes[qid] = o
        recorded = (bool(entry.get("correct")), bool(entry.get("first_try")))
        if recorded != (o.correct, o.first_try):
            stamp = entry.get("key")
            if recorded[0] and not o.checked:
                cause = "edited"     # right, with no answer at all: no key explains it
            elif isinstance(stamp, str) and stamp:
                cause = "key" if stamp != regrade.key_fingerprint(q) else "edited"
            elif current_version and sub_data.get("course_version") != current_version:
                cause = "key"
            else:
                cause = "unknown"
            work.disagreements.append(Disagreement(qid, recorded, (o.correct, o.first_try),
                                                   cause))
    records = sub_data.get("records") or {}

    def kind(name):
        got = records.get(name)
        return got if isinstance(got, dict) else {}
    for pid, rec in kind(RD.READING).items():
        work.reading[str(pid)] = RD.clean_reading(rec)
    for pid, rec in kind(RD.ANNOTATIONS).items():
        work.annotations[str(pid)] = RD.clean_annotations(rec)
    for key, rec in kind(RD.DISCUSSION).items():
        text = RD.clean_text(rec)["text"]
        if text.strip():
            work.discussion[str(key)] = text
    for key, rec in kind(RD.PREDICTIONS).items():
        text = RD.clean_text(rec)["text"]
        if text.strip():
            work.predictions[str(key)] = text
    for key, rec in kind("exercises").items():
        work.exercises[str(key)] = rec
    from closereading import capstone
    work.capstone = capstone.work_of(records)
    return work


# ---------------------------------------------------------------------------------------
# The columns


@dataclass(frozen=True)
class Column:
    key: str
    label: str                                   # the header after the notebook id
    doc: str                                     # what the column counts (for the report)
    most: Callable[[NotebookTasks], float | None]   # the maximum; None: no such task
    value: Callable[[Work, NotebookTasks], float]
    graded: bool = True                          # written to the Canvas and Moodle files
    percent: bool = False
    capstone_only: bool = False                  # a column of the capstone's notebook alone

    def applies(self, nb: NotebookTasks) -> bool:
        return nb.capstone or not self.capstone_only


def _pct(n: int, total: int) -> float:
    return 100.0 * n / total


def _quiz(work: Work, nb: NotebookTasks) -> float:
    return _pct(sum(work.outcomes[q].own for q in nb.questions if q in work.outcomes),
                len(nb.questions))


def _first_try(work: Work, nb: NotebookTasks) -> float:
    return _pct(sum(work.outcomes[q].first_try for q in nb.questions if q in work.outcomes),
                len(nb.questions))


def _shown(work: Work, nb: NotebookTasks) -> float:
    return sum(work.outcomes[q].shown for q in nb.questions if q in work.outcomes)


def _responses(work: Work, nb: NotebookTasks) -> float:
    if nb.capstone:
        return work.capstone["responses"] if work.capstone else 0
    return sum(bool(work.reading[p]["text"].strip()) for p in nb.paragraphs if p in work.reading)


def _annotations(work: Work, nb: NotebookTasks) -> float:
    if nb.capstone:
        return work.capstone["annotations"] if work.capstone else 0
    return sum(len(work.annotations[p]["items"]) for p in nb.paragraphs
               if p in work.annotations)


def _paragraphs(nb: NotebookTasks) -> int | None:
    """The most responses (or, for Canvas, annotations) a notebook counts: its paragraphs
    with a reading prompt; in the capstone, the typical passage's paragraphs."""
    if nb.capstone:
        from closereading import capstone
        return capstone.load_settings().typical_paragraphs
    return len(nb.paragraphs) or None


def _rubric(nb: NotebookTasks):
    if not nb.capstone:
        return None
    from closereading import capstone
    return capstone.load_settings().rubric


def _commentary(work: Work, nb: NotebookTasks) -> float:
    return work.capstone["commentary_words"] if work.capstone else 0


def _self_assessed(work: Work, nb: NotebookTasks) -> float:
    if not work.capstone:
        return 0
    return sum(v is not None for v in work.capstone["self_assessment"].values())


def _rubric_score(work: Work, nb: NotebookTasks) -> float | None:
    """The sum of the teacher's levels; None (a blank cell) until every criterion is
    scored."""
    rubric = _rubric(nb)
    scores = [work.capstone_scores.get(c.id) for c in rubric.criteria]
    if not scores or None in scores:
        return None
    return sum(scores)


def _discussion(work: Work, nb: NotebookTasks) -> float:
    return sum(f"{nb.stem}/{n}" in work.discussion for n in range(1, nb.discussion + 1))


COLUMNS: list[Column] = [
    Column("quiz", "quiz (%)", "questions right before \u201cShow answer\u201d was used, as a "
           "percentage of the notebook\u2019s questions, graded by the current key",
           lambda nb: 100 if nb.questions else None, _quiz, percent=True),
    Column("first-try", "first try (%)", "questions right at the first attempt, as a "
           "percentage of the notebook\u2019s questions",
           lambda nb: 100 if nb.questions else None, _first_try, graded=False, percent=True),
    Column("shown", "shown", "questions whose answer the learner asked to see (\u201cShow "
           "answer\u201d)", lambda nb: len(nb.questions) or None, _shown, graded=False),
    Column("responses", "responses", "reading responses written, of one per paragraph with "
           "a reading prompt (in the capstone, per paragraph of the learner\u2019s passage)",
           _paragraphs, _responses),
    Column("annotations", "annotations", "the learner\u2019s own annotations on the "
           "notebook\u2019s paragraphs (no maximum: the points possible in Canvas are the "
           "number of paragraphs)", _paragraphs, _annotations),
    Column("discussion", "discussion", "discussion questions answered",
           lambda nb: nb.discussion or None, _discussion),
    Column("commentary", "commentary (words)", "the capstone\u2019s commentary, in words "
           "(the rubric asks for the range of capstone.yml)",
           lambda nb: capstone_max_words() if nb.capstone else None, _commentary,
           graded=False, capstone_only=True),
    Column("self-assess", "self-assessment", "criteria of the rubric the learner assessed "
           "their commentary against",
           lambda nb: len(_rubric(nb).criteria) if nb.capstone else None, _self_assessed,
           capstone_only=True),
    Column("rubric", "rubric score", "the teacher\u2019s score of the capstone against the "
           "rubric: the sum of one level per criterion, from capstone-scores.csv (blank "
           "until every criterion is scored)",
           lambda nb: max_rubric_score(_rubric(nb)) if nb.capstone else None, _rubric_score,
           capstone_only=True),
]


def capstone_max_words() -> int:
    from closereading import capstone
    return capstone.load_settings().max_words


def max_rubric_score(rubric) -> int:
    return len(rubric.criteria) * max(rubric.scores)


def header(nb: NotebookTasks, col: Column) -> str:
    return f"{nb.id} {col.label}"


def _fmt(value: float | None, col: Column) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if col.percent else f"{value:g}"


def cells(work: Work, tasks: list[NotebookTasks], *, graded_only: bool = False) -> dict:
    """The learner's cells: header -> text ("" when the notebook was never opened or has
    no such task)."""
    out = {}
    for nb in tasks:
        opened = work.opened(nb)
        for col in COLUMNS:
            if (graded_only and not col.graded) or not col.applies(nb):
                continue
            if col.most(nb) is None:
                out[header(nb, col)] = ""
                continue
            out[header(nb, col)] = _fmt(col.value(work, nb), col) if opened else ""
    return out


def columns_of(tasks, *, graded_only=False) -> list[tuple[NotebookTasks, Column]]:
    return [(nb, col) for nb in tasks for col in COLUMNS
            if (not graded_only or col.graded) and col.applies(nb)]


# ---------------------------------------------------------------------------------------
# Rows and files


@dataclass
class Row:
    name: str
    student_id: str
    login: str
    exported_at: str
    work: Work


def parse_due(text: str) -> datetime:
    """An ISO date-time (2026-12-01T17:00, 2026-12-01 17:00+01:00, or a date alone,
    which means its end); one without a zone is taken as UTC."""
    value = text.strip()
    try:
        if len(value) == 10:
            when = datetime.fromisoformat(value + "T23:59:59")
        else:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--due {text!r} is not a date-time such as 2026-12-01T17:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def is_late(exported_at: str, due: datetime | None) -> bool:
    if due is None:
        return False
    try:
        when = datetime.strptime(exported_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return False
    return when > due


def table(rows: list[Row], tasks: list[NotebookTasks], fmt: str = "plain",
          due: datetime | None = None) -> list[list[str]]:
    """The grades file as rows of cells (before CSV quoting)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    graded = fmt != "plain"
    cols = columns_of(tasks, graded_only=graded)
    heads = [header(nb, col) for nb, col in cols]
    ordered = sorted(rows, key=lambda r: (r.name.casefold(), r.student_id, r.login))
    out = []
    if fmt == "plain":
        out.append(["Student", "ID", "Login"] + (["Late"] if due else []) + heads)
        for r in ordered:
            c = cells(r.work, tasks)
            out.append([csv_cell(r.name), csv_cell(r.student_id), csv_cell(r.login)]
                       + (["late" if is_late(r.exported_at, due) else ""] if due else [])
                       + [c[h] for h in heads])
    elif fmt == "canvas":
        out.append(CANVAS_IDENTITY + heads)
        out.append(["Points Possible", "", "", "", ""]
                   + [f"{col.most(nb) or 0:g}" for nb, col in cols])
        for r in ordered:
            c = cells(r.work, tasks, graded_only=True)
            out.append([csv_cell(r.name), "", csv_cell(r.student_id), csv_cell(r.login), ""]
                       + [c[h] for h in heads])
    else:
        out.append(MOODLE_IDENTITY + heads)
        for r in ordered:
            c = cells(r.work, tasks, graded_only=True)
            out.append([csv_cell(r.login), csv_cell(r.student_id), csv_cell(r.name)]
                       + [c[h] for h in heads])
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "|", "%")


def csv_cell(value) -> str:
    """A cell that no spreadsheet reads as a formula: line breaks become spaces, and a
    cell whose first character other than white space starts a formula (``=``, ``+``,
    ``-``, ``@``, ``|``, ``%``), or that starts with a tab, is prefixed with ``'``
    (spreadsheets skip leading spaces before a formula)."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if text[:1] == "\t" or text.lstrip()[:1] in FORMULA_STARTS:
        text = "'" + text
    return text


def to_csv(table_rows: list[list[str]], *, bom: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in table_rows:
        w.writerow(row)
    return ("\ufeff" if bom else "") + buf.getvalue()
