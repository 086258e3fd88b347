"""The progress store: one JSON file per learner, safe when several notebooks write at once.

Where: ``CLOSEREADING_PROGRESS`` when it is set (``make notebooks`` and the tests set it to
an empty temporary file), otherwise ``progress.json`` in the platform's user-data folder
(``~/.local/share/closereading/`` on Linux, ``~/Library/Application Support/closereading/``
on macOS, ``%LOCALAPPDATA%\\closereading\\`` on Windows), found with platformdirs.

What: records of several kinds, each a mapping from a key to a JSON object. The kinds
are listed in :data:`KINDS`; ``questions`` is the quiz's, and holds per question id::

    {"attempts": 2,          # checks of a complete answer (the same answer twice counts once)
     "correct": true,        # answered correctly at some point
     "first_try": false,     # correct at the first attempt, without "Show answer"
     "revealed": false,      # "Show answer" was used
     "hints": 1,             # hints shown so far
     "response": "...",      # the last answer checked, restored when the notebook reopens
     "last": "...",          # the last answer checked, to tell a repeated check
     "past_attempts": 0,     # attempts made before a Reset (all Resets together)
     "past_revealed": false, # "Show answer" was used before a Reset
     "wrong": ["..."],       # the wrong answers checked, in order (at most MAX_WRONG),
                             # for the teacher's report of the wrong options chosen most
     "revealed_after": 2,    # optional: the attempts made when "Show answer" was used
     "key": "..."}           # optional: closereading.quiz.regrade.key_fingerprint of the
                             # key the last check was graded under

``correct`` and ``first_try`` follow from the answers kept under the key of the time;
:mod:`closereading.quiz.regrade` grades them again under the current key.

Reset and the first try. *Reset* clears the learner's answer: the control, the feedback,
the hints shown, and the question no longer counts as answered. It does not clear the
question's history: the attempts made so far are added to ``past_attempts`` and a use of
"Show answer" is kept in ``past_revealed``. A right answer after a Reset therefore counts
as a first try only if the question had never been checked nor revealed before
(``first_try`` needs ``attempts == 1`` and ``past_attempts == 0`` and neither
``revealed`` nor ``past_revealed``): Reset can never turn an answer the learner was shown,
or had already got wrong, into "At the first try". A Reset of a question that has no
history (never checked, never revealed) removes its record altogether.

``exercises`` is written by :mod:`closereading.exercise_progress`, one record per
exercise under the key ``<notebook stem>/<exercise id>`` (``"01-harmonious-world/count-should"``)::

    {"status": "incorrect",  # the last check: not-attempted | incorrect | error | correct
                             # (stays "correct" once the function has passed)
     "attempts": 3,          # checks of a function that was attempted (the starter's
                             # "Not attempted yet." is never recorded)
     "failures": 2,          # of those, checks that did not pass (incorrect or error);
                             # the solution is offered from 2 on
     "undiagnosed": 1,       # failures that matched no known mistake (each shows the next hint)
     "diagnoses": ["substring"],  # the known mistakes met, in the order first met
     "hints": 2,             # hints seen: the furthest hint shown (by a check or on request)
     "solution": false,      # the learner confirmed "show the solution"
     "correct": true}        # passed at some check

Other kinds (``reading``, ``selfcheck``, ``annotations``, ``predictions``, ``discussion``,
``thinkfirst``) belong to
the modules that write them: each registers, with
:func:`register_kind`, how a fresh record looks and how a record read from the file is
cleaned. A kind nobody has registered is read as plain JSON objects. Top-level fields and
kinds that this version does not know are kept as they are, so that a file written by a
later version loses nothing when an earlier one saves.

Versions: the file carries ``"version"``. Version 1 (until November 2026) held
``questions`` only; it is read as version 2 with the other kinds empty, and written back
as version 2 at the next save (:func:`migrate`).

How:

* Every change is a read-modify-write under a cross-process lock (filelock, on
  ``progress.json.lock`` beside the file), so two notebooks answering at once lose
  nothing.
* Every write is atomic: the whole file is written to a temporary file in the same
  folder, flushed to disk, then put in place with ``os.replace``
  (:func:`closereading.safeio.write_bytes`). A writer killed in
  mid-write leaves the previous file whole, and at worst a stray ``.tmp`` file, which the
  next store to open the file removes (under the lock, so never a live writer's).
* The file is read by :mod:`closereading.safeio` (at most :data:`MAX_BYTES`, nesting,
  numbers and distinct keys bounded; lone surrogates kept as they are, since the file
  is ASCII JSON).
  A file that cannot be read as progress (not JSON, beyond those bounds, not the
  expected shape) is moved aside, never deleted, to ``progress.json.damaged-N``; the
  learner starts afresh and the widgets say so in words. It is moved only under the lock
  and only when it is still the file found damaged, so that a file another process has
  just written is never moved. A record of an unexpected shape is read as a fresh one.
* A path that names a folder, a FIFO or a device is neither read, moved nor written:
  the widgets say so, and answers are kept for the session. A ``progress.json`` that is a
  symbolic link is read and written through: its target is replaced, the link stays.
* When the folder cannot be written (read-only, lock timeout), the change is kept in
  memory for the session, with a warning, and written with the next successful save.

Messages for the learner are collected in :attr:`Store.warnings` and shown by the
widgets; nothing is printed to stderr.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import warnings as _warnings
from copy import deepcopy
from pathlib import Path
from typing import Callable

ENV = "CLOSEREADING_PROGRESS"
APP = "closereading"
FILE_NAME = "progress.json"
FORMAT = "closereading-progress"
VERSION = 2
LOCK_TIMEOUT = 10.0
QUESTIONS = "questions"
MAX_WRONG = 10
MAX_BYTES = 20_000_000
MAX_KEYS = 20_000


# ---------------------------------------------------------------------------------------
# Where the file is


def default_path() -> Path:
    from platformdirs import user_data_path
    return user_data_path(APP, appauthor=False, roaming=False) / FILE_NAME


def progress_path() -> Path:
    override = os.environ.get(ENV, "").strip()
    return Path(override).expanduser() if override else default_path()


def tilde(path) -> str:
    """A path with the home folder written as ``~``."""
    path = Path(path)
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------
# Records: pure functions


def fresh_record() -> dict:
    return {"attempts": 0, "correct": False, "first_try": False, "revealed": False,
            "hints": 0, "response": None, "last": None, "past_attempts": 0,
            "past_revealed": False, "wrong": []}


def clean_record(raw) -> dict:
    """A record from the file, with every field of the right type (a hand-edited or
    damaged record reads as much of it as makes sense)."""
    rec = fresh_record()
    if not isinstance(raw, dict):
        return rec
    for key in ("attempts", "hints", "past_attempts"):
        v = raw.get(key)
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
            rec[key] = v
    for key in ("correct", "first_try", "revealed", "past_revealed"):
        if isinstance(raw.get(key), bool):
            rec[key] = raw[key]
    rec["first_try"] = rec["first_try"] and rec["correct"] and not had_history(rec)
    for key in ("response", "last"):
        rec[key] = raw.get(key)
    if isinstance(raw.get("wrong"), list):
        rec["wrong"] = list(raw["wrong"][:MAX_WRONG])
    after = raw.get("revealed_after")
    if rec["revealed"] and isinstance(after, int) and not isinstance(after, bool) and after >= 0:
        rec["revealed_after"] = after
    if isinstance(raw.get("key"), str) and len(raw["key"]) <= 64:
        rec["key"] = raw["key"]
    return rec


def had_history(rec: dict) -> bool:
    """Whether the question was checked or revealed before a Reset (so that no later
    answer can be a first try)."""
    return rec["past_attempts"] > 0 or rec["past_revealed"]


def is_answered(rec: dict) -> bool:
    return rec["attempts"] > 0 or rec["correct"] or rec["revealed"]


def wrong_attempts(rec: dict) -> int:
    return rec["attempts"] - (1 if rec["correct"] else 0)


def after_check(rec: dict, response, correct: bool) -> dict:
    """The record after a check of a complete answer.

    A repeated check of the answer checked just before is not a new attempt. Once a
    question is answered correctly, its record no longer changes (the score never goes
    down by trying other answers afterwards, and the right answer is what a reopened
    notebook restores); Reset clears it."""
    rec = dict(rec)
    response = deepcopy(response)
    if rec["correct"] or (rec["attempts"] > 0 and rec["last"] == response):
        return rec  # the right answer stays the one restored
    rec["response"] = response
    rec["attempts"] += 1
    rec["last"] = response
    if correct:
        rec["correct"] = True
        rec["first_try"] = (rec["attempts"] == 1 and not rec["revealed"]
                            and not had_history(rec))
    elif len(rec.get("wrong") or []) < MAX_WRONG:
        rec["wrong"] = list(rec.get("wrong") or []) + [response]
    return rec


def after_reveal(rec: dict) -> dict:
    rec = dict(rec)
    if not rec["revealed"]:
        rec["revealed_after"] = rec["attempts"]
    rec["revealed"] = True
    return rec


def after_reset(rec: dict) -> dict | None:
    """The record after Reset: the answer cleared, the history kept (see the module's
    docstring); None (no record at all) when there is no history to keep."""
    past_attempts = rec["past_attempts"] + rec["attempts"]
    past_revealed = rec["past_revealed"] or rec["revealed"]
    if not past_attempts and not past_revealed:
        return None
    new = fresh_record()
    new["past_attempts"], new["past_revealed"] = past_attempts, past_revealed
    new["wrong"] = list(rec.get("wrong") or [])  # the teacher's report still counts them
    return new


def after_hint(rec: dict, count: int) -> dict:
    rec = dict(rec)
    rec["hints"] = max(rec["hints"], count)
    return rec


def score(records: dict, ids) -> dict:
    """answered, correct at the first try, and total, over the question ids given."""
    ids = list(ids)
    recs = [clean_record(records.get(i)) for i in ids]
    return {"answered": sum(is_answered(r) for r in recs),
            "first_try": sum(r["first_try"] for r in recs),
            "total": len(ids)}


# ---------------------------------------------------------------------------------------
# Kinds of record


def _fresh_object() -> dict:
    return {}


def _clean_object(raw) -> dict:
    return dict(raw) if isinstance(raw, dict) else {}


# kind -> (fresh, clean); see register_kind.
KINDS: dict[str, tuple[Callable[[], dict], Callable[[object], dict]]] = {
    QUESTIONS: (fresh_record, clean_record),
    "exercises": (_fresh_object, _clean_object),
    "reading": (_fresh_object, _clean_object),
    "annotations": (_fresh_object, _clean_object),
    "predictions": (_fresh_object, _clean_object),
    "discussion": (_fresh_object, _clean_object),
    "selfcheck": (_fresh_object, _clean_object),
    "thinkfirst": (_fresh_object, _clean_object),
}


def register_kind(kind: str, fresh: Callable[[], dict], clean: Callable[[object], dict]) -> None:
    """Declare how records of ``kind`` look: ``fresh()`` makes an empty one, and
    ``clean(raw)`` turns whatever the file holds into a well-formed record (a damaged or
    hand-edited record reads as much of it as makes sense; it must never raise)."""
    if not kind or not isinstance(kind, str) or kind in ("format", "version"):
        raise ValueError(f"not a name for a kind of record: {kind!r}")
    KINDS[kind] = (fresh, clean)


def _kind(kind: str):
    try:
        return KINDS[kind]
    except KeyError:
        return _fresh_object, _clean_object


def migrate(data: dict) -> dict:
    """Data read from a file of any earlier version, as the current version: every known
    kind present (empty where missing), unknown fields kept, ``version`` current."""
    for kind in KINDS:
        data.setdefault(kind, {})
    data["format"] = data.get("format") or FORMAT
    if not isinstance(data.get("version"), int) or data["version"] < VERSION:
        data["version"] = VERSION
    return data


# ---------------------------------------------------------------------------------------
# The store


class ProgressProblem(Exception):
    pass


_UNSAVED = "Your answer could not be saved"


class Store:
    """The progress file of one learner. Reads need no lock (the file is only ever
    replaced whole); every change takes the lock, reads the file afresh, changes one
    record and writes the whole file atomically."""

    def __init__(self, path=None):
        self.path = Path(path) if path is not None else progress_path()
        self.warnings: list[str] = []
        self._pending: dict[tuple[str, str], dict | None] = {}  # changes not yet saved (see module doc)
        self._cached_stamp = None
        self._cached: dict = {}
        self._mutex = threading.RLock()
        self._sweep_strays()

    # -- reading -----------------------------------------------------------------------

    def records(self, kind: str = QUESTIONS) -> dict[str, dict]:
        """Every record of ``kind``, cleaned, with this session's unsaved changes on top."""
        _, clean = _kind(kind)
        with self._mutex:
            data = self._read_or_set_aside()
            stored = data.get(kind)
            stored = stored if isinstance(stored, dict) else {}
            out = {key: clean(rec) for key, rec in stored.items()}
            for (pkind, key), rec in self._pending.items():
                if pkind != kind:
                    continue
                if rec is None:
                    out.pop(key, None)
                else:
                    out[key] = clean(rec)
            return out

    def record(self, key: str, kind: str = QUESTIONS) -> dict:
        fresh, _ = _kind(kind)
        return self.records(kind).get(key) or fresh()

    # -- changing ----------------------------------------------------------------------

    def update(self, key: str, change: Callable[[dict], dict | None],
               kind: str = QUESTIONS) -> dict | None:
        """Apply ``change`` to the record ``key`` of ``kind`` (a fresh one if there is
        none) and save; ``change`` returning None removes the record. Returns the new
        record."""
        fresh, clean = _kind(kind)
        with self._mutex:
            try:
                odd = _not_a_file(self.path)
                if odd is not None:   # not even a lock beside it
                    raise ProgressProblem(f"{tilde(self.path)} {odd}")
                with self._lock():
                    data = migrate(self._read_or_set_aside(fresh=True))
                    if not isinstance(data.get(kind), dict):
                        data[kind] = {}
                    pkey = (kind, key)
                    base = self._pending[pkey] if pkey in self._pending else data[kind].get(key)
                    new = change(clean(base) if base is not None else fresh())
                    unsafe = _unsavable(key, new)
                    if unsafe is not None:
                        self._warn(f"{_UNSAVED} ({unsafe}); the rest of your progress is "
                                   "saved as before.")
                        return new
                    for (pkind, pid), rec in self._pending.items():
                        if (pkind, pid) != pkey:
                            if not isinstance(data.get(pkind), dict):
                                data[pkind] = {}
                            _put(data[pkind], pid, rec)
                    _put(data[kind], key, new)
                    self._write(data)
                    self._pending.clear()
                    self.warnings = [w for w in self.warnings if not w.startswith(_UNSAVED)]
                    return new
            except ProgressProblem as exc:
                current = self.records(kind).get(key) or fresh()
                new = change(current)
                if _unsavable(key, new) is not None:
                    return new
                self._pending[(kind, key)] = new
                self._warn(f"{_UNSAVED} ({exc}); it is kept for this session and will be "
                           "saved with your next answer.")
                return new

    def reset(self, key: str, kind: str = QUESTIONS) -> dict:
        """Reset one record. A question keeps its history (see the module's docstring);
        a record of another kind is removed. Returns the new record (a fresh one when the
        record is gone)."""
        if kind == QUESTIONS:
            new = self.update(key, after_reset)
            return new if new is not None else fresh_record()
        self.update(key, lambda rec: None, kind)
        return _kind(kind)[0]()

    # -- internals ---------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _lock(self):
        from filelock import FileLock, Timeout

        path = self.path
        store = self

        class _Guard:
            def __enter__(self):
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with _warnings.catch_warnings(record=True) as caught:
                        _warnings.simplefilter("always")
                        self.lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT,
                                             poll_interval=0.005)
                        self.lock.acquire()
                    for w in caught:  # e.g. a file system without flock: say so, quietly
                        store._warn(f"Progress file lock: {w.message}")
                except Timeout:
                    raise ProgressProblem("another program kept the progress file locked "
                                          f"for {LOCK_TIMEOUT:.0f} seconds") from None
                except OSError as exc:
                    raise ProgressProblem(_os_reason(exc)) from None
                return self

            def __exit__(self, *exc):
                self.lock.release()
                return False

        return _Guard()

    def _target(self) -> Path:
        """The file itself: the path, or where it leads when it is a symbolic link."""
        try:
            if self.path.is_symlink():
                return Path(os.path.realpath(self.path))
        except OSError:
            pass
        return self.path

    def _strays(self) -> list[Path]:
        """Temporary files that a writer killed in mid-write left beside the file."""
        target = self._target()
        try:
            return sorted(target.parent.glob(f".{target.name}.*.tmp"))
        except OSError:
            return []

    def _sweep_strays(self) -> None:
        """Remove the strays, under the lock: every writer makes and replaces its
        temporary file while it holds the lock, so none found then is in use. Quietly
        left for next time when the lock cannot be had."""
        if not self._strays():
            return
        from filelock import FileLock, Timeout
        try:
            with FileLock(str(self.path) + ".lock", timeout=1.0, poll_interval=0.005):
                for stray in self._strays():
                    _unlink_quietly(stray)
        except (Timeout, OSError):
            pass

    def _stamp(self):
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError:
            return "unreadable"
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _read_or_set_aside(self, fresh: bool = False) -> dict:
        """The file's content; a damaged file is moved aside (with a warning) and read as
        empty. Without ``fresh``, an unchanged file is not parsed again (the result is then
        shared: callers only read it). ``fresh`` (under the lock, before a write) always
        parses the file, and returns data the caller may change."""
        stamp = self._stamp()
        if not fresh and stamp == self._cached_stamp and stamp not in (None, "unreadable"):
            return self._cached
        odd = _not_a_file(self.path)
        if odd is not None:
            self._warn(f"Your progress file {tilde(self.path)} {odd}: nothing is read from "
                       "it, moved or written to it; answers are kept for this session only.")
            return _empty()
        data, problem = _parse(self.path)
        if problem is not None and fresh:   # under the lock: no writer is replacing it
            self._set_aside(problem)
            data = _empty()
        elif problem is not None and self._set_aside_locked(problem, stamp):
            data = _empty()
        elif problem is not None:   # a writer replaced it meanwhile: read the new file, once
            stamp = self._stamp()
            data, problem = _parse(self.path)
            if problem is not None:   # damaged again: moved at the next read
                return _empty()
        if not fresh:
            self._cached, self._cached_stamp = data, stamp
        return data

    def _set_aside_locked(self, problem: str, stamp) -> bool:
        """Move the damaged file aside under the lock, when it is still the file found
        damaged; left in place, and read as empty, when the lock cannot be had. False
        when a writer replaced the file since it was read (nothing is moved)."""
        try:
            with self._lock():
                if self._stamp() != stamp:
                    return False
                self._set_aside(problem)
        except ProgressProblem:
            self._warn(f"Your progress file could not be read ({problem}); it is left where "
                       "it is for now and the quizzes start afresh for this session.")
        return True

    def _set_aside(self, problem: str) -> None:
        """Move the file (the link's target, when the path is a symbolic link, so that
        the link keeps leading to where the answers go) to ``<name>.damaged-N``."""
        damaged = self._target()
        n = 1
        while True:
            target = damaged.with_name(f"{damaged.name}.damaged-{n}")
            if not target.exists():
                break
            n += 1
        try:
            os.replace(damaged, target)
        except FileNotFoundError:
            return  # another process moved it first
        except OSError as exc:
            self._warn(f"Your progress file could not be read ({problem}) nor moved aside "
                       f"({_os_reason(exc)}); the quizzes start afresh for this session.")
            return
        self._warn(f"Your progress file could not be read ({problem}). It was moved aside, "
                   f"not deleted, to {tilde(target)}; the quizzes start afresh.")

    def _write(self, data: dict) -> None:
        from closereading import safeio
        odd = _not_a_file(self.path)
        if odd is not None:
            raise ProgressProblem(f"{tilde(self.path)} {odd}")
        try:
            safeio.write_bytes(self._target(), _dumps(data).encode("ascii"))
        except safeio.UnsafeOutput as exc:
            raise ProgressProblem(exc.detail) from None
        self._cached, self._cached_stamp = data, self._stamp()


def _dumps(data: dict) -> str:
    """JSON with one line per record (readable, and quick to write: each line is encoded
    by the json module's C encoder). ASCII only, so that any text a learner typed, lone
    surrogates included, is stored safely."""
    parts = []
    for k, v in sorted(data.items()):
        if isinstance(v, dict) and (k in KINDS or k == QUESTIONS):
            lines = [f"{json.dumps(key)}: {json.dumps(rec, sort_keys=True)}"
                     for key, rec in sorted(v.items())]
            body = "{\n" + ",\n".join(lines) + "\n}" if lines else "{}"
            parts.append(f"{json.dumps(k)}: {body}")
        else:
            parts.append(f"{json.dumps(k)}: {json.dumps(v, sort_keys=True)}")
    return "{" + ",\n".join(parts) + "}\n"


def _unsavable(key, rec) -> str | None:
    """Why a record could not be read back once saved (the reading layer's bounds: see
    :func:`closereading.safeio.value_problem`), or None. The file nests a record three
    levels down (the file, the kind, the key)."""
    from closereading import safeio
    if not isinstance(key, str):
        return "its key is not text"
    if rec is None:
        return None
    problem = safeio.value_problem(rec, max_depth=safeio.MAX_DEPTH - 3, max_keys=1_000)
    return None if problem is None else f"the answer {problem}"


def _put(questions: dict, qid: str, rec: dict | None) -> None:
    if rec is None:
        questions.pop(qid, None)
    else:
        questions[qid] = rec


def _empty() -> dict:
    return migrate({"format": FORMAT, "version": VERSION})


def _not_a_file(path: Path) -> str | None:
    """How ``path`` is something other than a file the store may read and replace (a
    folder, a FIFO, a device), in words; None for a regular file, a missing one or a link
    to either."""
    from closereading import safeio
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(st.st_mode):
        return None
    return f"is {safeio.kind_of(st.st_mode)}, not a file"


def _parse(path: Path):
    """(data, None) for a readable file or a missing/empty one; (None, reason) otherwise.
    Read by :mod:`closereading.safeio`: a file beyond its bounds is a damaged one."""
    from closereading import safeio
    try:
        raw = safeio.read_bytes(path, MAX_BYTES)
    except safeio.UnsafeInput as exc:
        if exc.reason == "no such file":
            return _empty(), None
        if exc.reason.startswith("cannot be read ("):
            return None, f"the system refused to read it: {exc.reason[16:-1]}"
        return None, f"it {exc.reason}" if exc.reason.startswith("is ") else f"it is {exc.reason}"
    if not raw.strip():
        return _empty(), None
    try:
        data = safeio.loads(raw, max_keys=MAX_KEYS, keep_surrogates=True)
    except ValueError as exc:
        reason = str(exc)
        return None, f"it {reason}" if reason.startswith("holds ") else f"it is {reason}"
    if not isinstance(data, dict):
        return None, "it does not hold a mapping of records"
    if not isinstance(data.get(QUESTIONS), dict):
        return None, "it does not hold a 'questions' mapping"
    for kind in KINDS:
        if kind in data and not isinstance(data[kind], dict):
            return None, f"its '{kind}' field is not a mapping"
    return migrate(data), None


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# One store per file in this process, so that every widget shares its warnings.
_stores: dict[str, Store] = {}


def store() -> Store:
    path = progress_path()
    key = str(path)
    if key not in _stores:
        _stores[key] = Store(path)
    return _stores[key]
