"""A learner's submission: their progress, exported as one JSON file to hand in.

    closereading export --name "Ada Lovelace" [--id 12345] [--out FILE]

or the button of :func:`export_button` in notebook 00. The file (format
``closereading-submission``, schema version :data:`SCHEMA_VERSION`, documented by
``closereading/schemas/submission.schema.json``) holds:

* ``name`` (as the learner typed it) and ``id`` (optional: a student number);
* ``login``: the JupyterHub login, recorded on a hub without the learner typing it, and
  ``learner``: the progress store's own identifier (see :mod:`closereading.identity`);
* ``course_version``: ``closereading.__version__`` of the course that wrote it;
* ``exported_at``: when, in UTC (ISO 8601);
* ``questions``: every question of the course, in course order, with its notebook, type,
  attempts, first-try result, hints and "Show answer" used (and after how many
  attempts), the answer last checked, the wrong answers checked, the attempts and "Show
  answer" before a Reset, and the digest of the key the last check was graded under
  (the report grades every answer again under its own key);
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
    from closereading.identity import slug as _slug
    return _slug(name) or "learner"


def default_file_name(name: str, *, login: str = "", student_id: str = "",
                      token: str = "") -> str:
    """The submission's file name: unique and readable for every name (see
    :func:`closereading.identity.file_name`)."""
    from closereading.identity import file_name
    return file_name(name, login=login, student_id=student_id, token=token)


def file_name_of(data: dict) -> str:
    """The file name of a submission (its name, login, ID and store identifier)."""
    return default_file_name(data["name"], login=data.get("login", ""),
                             student_id=data.get("id", ""), token=data.get("learner", ""))


def _all_kinds(store) -> list[str]:
    """The kinds of record in the store: the registered ones, then any other mapping the
    file holds (a kind written by a later version)."""
    from closereading.quiz import progress as P
    kinds = list(P.KINDS)
    raw, _ = P._parse(store.path)
    if isinstance(raw, dict):
        kinds += sorted(k for k, v in raw.items()
                        if isinstance(v, dict) and k not in kinds and k not in ("format", "version"))
    from closereading.identity import IDENTITY
    return [k for k in kinds if k != IDENTITY]   # the identity travels in its own fields


def question_entries(records: dict) -> list[dict]:
    """Every question of the course, in course order, with the learner's record."""
    from closereading import quiz
    from closereading.quiz import progress as P
    entries = []
    for q in quiz.load_banks():
        rec = P.clean_record(records.get(q.id))
        entry = {
            "id": q.id, "notebook": q.notebook, "type": q.type,
            "answered": P.is_answered(rec), "correct": rec["correct"],
            "first_try": rec["first_try"], "attempts": rec["attempts"],
            "revealed": rec["revealed"], "hints": rec["hints"],
            "response": rec["response"], "wrong": rec["wrong"],
            "past_attempts": rec["past_attempts"], "past_revealed": rec["past_revealed"],
        }
        for extra in ("revealed_after", "key"):
            if extra in rec:
                entry[extra] = rec[extra]
        entries.append(entry)
    return entries


def entry_record(entry: dict) -> dict:
    """A submission's question entry as a record of the progress store (for
    :mod:`closereading.quiz.regrade`)."""
    from closereading.quiz import progress as P
    raw = {k: entry.get(k) for k in ("attempts", "correct", "first_try", "revealed", "hints",
                                     "response", "wrong", "past_attempts", "past_revealed",
                                     "revealed_after", "key") if k in entry}
    raw["last"] = entry.get("response")
    return P.clean_record(raw)


def collect(name: str, student_id: str = "", *, store=None, now: datetime | None = None,
            login: str | None = None, token: str = "") -> dict:
    """The submission of the learner whose progress ``store`` holds (by default, this
    session's store), as plain data. ``login``: the hub login (default: this server's,
    from ``JUPYTERHUB_USER``); ``token``: the store's identifier (default: the one the
    store remembers)."""
    from closereading import __version__
    from closereading import identity as I
    from closereading.quiz import progress as P
    name = clean_name(name)
    student_id = clean_name(student_id or "", field="id", limit=MAX_ID, required=False)
    store = store if store is not None else P.store()
    login = I.clean_login(I.hub_login() if login is None else login)
    token = I._clean_token(token) or I.remembered(store)["token"]
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
        **({"login": login} if login else {}),
        **({"learner": token} if token else {}),
        "course_version": __version__,
        "exported_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "questions": question_entries(questions),
        "records": records,
    }


def dumps(submission: dict) -> str:
    """The submission as JSON text; a lone surrogate in what the learner typed is written
    as the text of its escape (:func:`closereading.safeio.clean_surrogates`), so that the
    file is valid UTF-8."""
    from closereading.safeio import clean_surrogates
    return json.dumps(clean_surrogates(submission), ensure_ascii=False, indent=1,
                      sort_keys=False) + "\n"


def export(name: str, out=None, student_id: str = "", *, store=None,
           folder=None) -> Path:
    """Write the submission atomically and return its path: to ``out`` (a file, or an
    existing folder to hold the file); or into ``folder``, made if missing; by default
    into the current folder. The file's name is ``closereading-submission-<name>.json``
    unless ``out`` names a file."""
    from closereading import identity as I
    from closereading.quiz import progress as P
    store = store if store is not None else P.store()
    clean_name(name)
    clean_name(student_id or "", field="id", limit=MAX_ID, required=False)
    odd = P._not_a_file(store.path)
    if odd is not None:
        raise SubmissionError(f"the progress file {store.path} {odd}: nothing to export "
                              f"(set {P.ENV} to a file)")
    I.remember(store, " ".join(name.split()), " ".join((student_id or "").split()))
    data = collect(name, student_id, store=store)
    if folder is not None:
        path = Path(folder) / file_name_of(data)
    else:
        path = Path(out) if out else Path.cwd() / file_name_of(data)
        if path.is_dir():
            path = path / file_name_of(data)
    return write_submission(data, path)


def write_submission(data: dict, path: Path) -> Path:
    """Write one submission file atomically (the one place this module writes; see
    :func:`closereading.safeio.write_text`: never through a symbolic link, no temporary
    file left behind)."""
    from closereading import safeio
    try:
        return safeio.write_text(path, dumps(data))
    except safeio.UnsafeOutput as exc:
        raise SubmissionError(f"could not write {path}: {exc.detail}") from None


def schema() -> dict:
    """The JSON Schema of a submission (``closereading/schemas/submission.schema.json``)."""
    from importlib.resources import files
    return json.loads(files("closereading").joinpath("schemas", SCHEMA_FILE)
                      .read_text(encoding="utf-8"))


_validator = None


def _one_line(text: str) -> str:
    """``text`` with every control character (a line break a learner put in a key)
    written as its escape, so that a problem is said in one line."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)


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
        where = _one_line("/".join(str(p) for p in err.absolute_path)) or "the top level"
        message = _one_line(err.message)
        message = message if len(message) < 160 else message[:157] + "..."
        problems.append(f"at {where}: {message}")
        if len(problems) == 5:
            break
    return problems


# ---------------------------------------------------------------------------------------
# The button in notebook 00


class ExportView:
    """A name field, an ID field, an "Export my submission" button and a message saying
    where the file went (or what went wrong), in words; on a hub, the login the file will
    carry; the feedback a teacher returned (``closereading return``), when there is some.
    ``folder`` is where the file is written, made if missing (default: the notebook's
    folder, the kernel's working directory). The fields start with what the learner typed
    at their last export."""

    def __init__(self, folder=None, *, store=None):
        import ipywidgets as W
        from closereading import identity as I
        from closereading.controls import TYPED
        self.folder = Path(folder) if folder is not None else None
        self.store = store
        known = I.remembered(store if store is not None else _default_store())
        self.name = W.Text(value=known["name"], description="Your name",
                           placeholder="as your teacher knows you",
                           style={"description_width": "initial"},
                           layout=W.Layout(width="24em"), **TYPED)
        self.student_id = W.Text(value=known["id"], description="Your ID (optional)",
                                 placeholder="if you have one",
                                 style={"description_width": "initial"},
                                 layout=W.Layout(width="22em"), **TYPED)
        self.button = W.Button(description="Export my submission", button_style="primary",
                               tooltip="Write your answers and results to a file to hand in",
                               icon="download", layout=W.Layout(width="auto"))
        self.message = W.HTML(value="")
        self.notice = W.HTML(value="")
        self.button.on_click(self._export)
        login = I.hub_login()
        who = W.HTML(f"<p>Your hub login, <code>{_esc(login)}</code>, is recorded in the file "
                     "with your name.</p>" if login else "")
        self.feedback = W.HTML(value=_returned_html())
        self.widget = W.VBox([self.notice, W.HTML(f"<p>{_INTRO_HTML}</p>"), who,
                              W.HBox([self.name, self.student_id, self.button],
                                     layout=W.Layout(flex_flow="row wrap")),
                              self.message, self.feedback])
        self.widget.add_class("cr-export")
        self.student_id.add_class("cr-export-id")
        self.message.add_class("cr-export-message")
        self.feedback.add_class("cr-returned-feedback")
        self._show_notice()

    def _show_notice(self) -> None:
        from closereading.installed import notice_html
        self.notice.value = notice_html()

    def _export(self, _button=None) -> Path | None:
        from closereading.html import esc
        self._show_notice()
        try:
            folder = self.folder or Path.cwd()
            path = export(self.name.value, folder=folder, student_id=self.student_id.value,
                          store=self.store)
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


def _esc(text: str) -> str:
    from closereading.html import esc
    return esc(text)


def _default_store():
    from closereading.quiz import progress as P
    return P.store()


def _returned_html() -> str:
    """The feedback the teacher returned to this learner, as HTML ("" when none)."""
    from closereading.feedback import returned_feedback_html
    return returned_feedback_html()


_INTRO_TEXT = ("Export your submission: type your name (and your student ID, if you have one) "
               "and press \"Export my submission\". "
               "The file holds your quiz answers, exercise results and reading responses, "
               "for your teacher.")
_INTRO_HTML = ("Type your name (and your student ID, if you have one) and press "
               "<strong>Export my submission</strong>: a file with "
               "your quiz answers, exercise results and reading responses is written for "
               "your teacher. Or, in a terminal: <code>closereading export --name "
               "\"Your Name\" --id ID</code>.")
_STATIC_NOTE = "The export button works once the notebook runs."


def export_button(folder=None) -> ExportView:
    """The export button for a notebook (see :class:`ExportView`)."""
    return ExportView(folder)
