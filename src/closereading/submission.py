"""A learner's submission: their progress, exported as one JSON file to hand in.

    closereading export --name "Ada Lovelace" [--id 12345] [--out FILE]

or the button of :func:`export_button` in notebook 00. The file (format
``closereading-submission``, schema version :data:`SCHEMA_VERSION`, documented by
``closereading/schemas/submission.schema.json``) holds:

* ``name`` (as the learner typed it) and ``id`` (optional: a student number);
* ``course_version``: ``closereading.__version__`` of the course that wrote it;
* ``exported_at``: when, in UTC (ISO 8601);
* ``questions``: every question of the course, in course order, with its notebook, type,
  attempts, first-try result, hints and "Show answer" used, the answer last checked and
  the wrong answers checked;
* ``records``: every other kind of record of the progress store (exercises, reading,
  selfcheck, annotations, predictions, discussion, thinkfirst, and any kind a later version
  adds), copied as
  the store holds them, so that a new kind flows into submissions with no change here.

Nothing is read from the notebooks: the progress store is the one source.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

FORMAT = "closereading-submission"
SCHEMA_VERSION = 1
MAX_NAME = 100
MAX_ID = 64
SCHEMA_FILE = "submission.schema.json"


class SubmissionError(ValueError):
    """A problem with what the learner asked for (a name, a file), said in one line."""


def clean_name(name, *, field: str = "name", limit: int = MAX_NAME, required: bool = True) -> str:
    """The name as it will be written: spaces trimmed and collapsed; SubmissionError when
    it is empty (and required), too long or holds control characters."""
    if not isinstance(name, str):
        raise SubmissionError(f"the {field} must be text")
    value = " ".join(name.split())
    if required and not value:
        raise SubmissionError(f"the {field} is empty: type your name as your teacher knows it")
    if len(value) > limit:
        raise SubmissionError(f"the {field} is {len(value)} characters long; at most {limit}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in value):
        raise SubmissionError(f"the {field} holds control or invisible characters")
    return value


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:40] or "learner"


def default_file_name(name: str) -> str:
    return f"closereading-submission-{slug(name)}.json"


def _all_kinds(store) -> list[str]:
    """The kinds of record in the store: the registered ones, then any other mapping the
    file holds (a kind written by a later version)."""
    from closereading.quiz import progress as P
    kinds = list(P.KINDS)
    try:
        raw = json.loads(store.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    if isinstance(raw, dict):
        kinds += sorted(k for k, v in raw.items()
                        if isinstance(v, dict) and k not in kinds and k not in ("format", "version"))
    return kinds


def question_entries(records: dict) -> list[dict]:
    """Every question of the course, in course order, with the learner's record."""
    from closereading import quiz
    from closereading.quiz import progress as P
    entries = []
    for q in quiz.load_banks():
        rec = P.clean_record(records.get(q.id))
        entries.append({
            "id": q.id, "notebook": q.notebook, "type": q.type,
            "answered": P.is_answered(rec), "correct": rec["correct"],
            "first_try": rec["first_try"], "attempts": rec["attempts"],
            "revealed": rec["revealed"], "hints": rec["hints"],
            "response": rec["response"], "wrong": rec["wrong"],
        })
    return entries


def collect(name: str, student_id: str = "", *, store=None, now: datetime | None = None) -> dict:
    """The submission of the learner whose progress ``store`` holds (by default, this
    session's store), as plain data."""
    from closereading import __version__
    from closereading.quiz import progress as P
    name = clean_name(name)
    student_id = clean_name(student_id or "", field="id", limit=MAX_ID, required=False)
    store = store if store is not None else P.store()
    questions = store.records(P.QUESTIONS)
    records = {}
    for kind in _all_kinds(store):
        if kind == P.QUESTIONS:
            continue
        records[kind] = store.records(kind)
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "format": FORMAT, "schema_version": SCHEMA_VERSION,
        "name": name, "id": student_id,
        "course_version": __version__,
        "exported_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "questions": question_entries(questions),
        "records": records,
    }


def dumps(submission: dict) -> str:
    return json.dumps(submission, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def export(name: str, out=None, student_id: str = "", *, store=None,
           folder=None) -> Path:
    """Write the submission atomically and return its path: to ``out`` (a file, or an
    existing folder to hold the file); or into ``folder``, made if missing; by default
    into the current folder. The file's name is ``closereading-submission-<name>.json``
    unless ``out`` names a file."""
    import os
    import tempfile
    data = collect(name, student_id, store=store)
    if folder is not None:
        path = Path(folder) / default_file_name(data["name"])
    else:
        path = Path(out) if out else Path.cwd() / default_file_name(data["name"])
        if path.is_dir():
            path = path / default_file_name(data["name"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dumps(data))
        os.replace(tmp, path)
    except OSError as exc:
        raise SubmissionError(f"could not write {path}: {exc.strerror or exc}") from None
    return path


def schema() -> dict:
    """The JSON Schema of a submission (``closereading/schemas/submission.schema.json``)."""
    from importlib.resources import files
    return json.loads(files("closereading").joinpath("schemas", SCHEMA_FILE)
                      .read_text(encoding="utf-8"))


_validator = None


def _schema_validator():
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator
        _validator = Draft202012Validator(schema())
    return _validator


def schema_problems(data) -> list[str]:
    """What is wrong with ``data`` against the JSON Schema, one line per problem (at most
    five), or an empty list."""
    validator = _schema_validator()
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        where = "/".join(str(p) for p in err.absolute_path) or "the top level"
        message = err.message if len(err.message) < 160 else err.message[:157] + "..."
        problems.append(f"at {where}: {message}")
        if len(problems) == 5:
            break
    return problems


# ---------------------------------------------------------------------------------------
# The button in notebook 00


class ExportView:
    """A name field, an "Export my submission" button and a message saying where the
    file went (or what went wrong), in words. ``folder`` is where the file is written,
    made if missing (default: the notebook's folder, the kernel's working directory)."""

    def __init__(self, folder=None, *, store=None):
        import ipywidgets as W
        from closereading.controls import TYPED
        self.folder = Path(folder) if folder is not None else None
        self.store = store
        self.name = W.Text(description="Your name", placeholder="as your teacher knows you",
                           style={"description_width": "initial"},
                           layout=W.Layout(width="28em"), **TYPED)
        self.button = W.Button(description="Export my submission", button_style="primary",
                               tooltip="Write your answers and results to a file to hand in",
                               icon="download", layout=W.Layout(width="auto"))
        self.message = W.HTML(value="")
        self.button.on_click(self._export)
        self.widget = W.VBox([W.HTML(f"<p>{_INTRO_HTML}</p>"),
                              W.HBox([self.name, self.button]), self.message])
        self.widget.add_class("cr-export")
        self.message.add_class("cr-export-message")

    def _export(self, _button=None) -> Path | None:
        from closereading.html import esc
        try:
            folder = self.folder or Path.cwd()
            path = export(self.name.value, folder=folder, store=self.store)
        except SubmissionError as exc:
            self.message.value = f'<p role="alert"><strong>Not exported:</strong> {esc(str(exc))}.</p>'
            return None
        shown = path.name if path.parent.resolve() == Path.cwd().resolve() else str(path)
        where = ("in the same folder as this notebook" if path.parent.resolve() == Path.cwd().resolve()
                 else "")
        self.message.value = (
            f'<p role="status"><strong>Exported.</strong> Your submission was saved as '
            f"<code>{esc(shown)}</code> {esc(where)}. Hand in that file as your teacher "
            "asks (download it from the file browser: right-click, Download). Export again "
            "whenever you have done more; the file is replaced.</p>")
        return path

    def _repr_mimebundle_(self, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = _INTRO_TEXT
        data["text/html"] = f'<p>{_INTRO_HTML}</p><p><em>{_STATIC_NOTE}</em></p>'
        return data


_INTRO_TEXT = ("Export your submission: type your name and press \"Export my submission\". "
               "The file holds your quiz answers, exercise results and reading responses, "
               "for your teacher.")
_INTRO_HTML = ("Type your name and press <strong>Export my submission</strong>: a file with "
               "your quiz answers, exercise results and reading responses is written for "
               "your teacher. Or, in a terminal: <code>closereading export --name "
               "\"Your Name\"</code>.")
_STATIC_NOTE = "The export button works once the notebook runs."


def export_button(folder=None) -> ExportView:
    """The export button for a notebook (see :class:`ExportView`)."""
    return ExportView(folder)
