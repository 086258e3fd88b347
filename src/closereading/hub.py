"""Collecting work on a hub, and returning feedback: for the teacher (an admin of the
server), without starting any learner's server.

    closereading collect --out DIR [--homes PATTERN]
    closereading return COMMENTS.csv [--homes PATTERN]

``PATTERN`` is where the learners' home folders are, with ``{login}`` for the login
(default ``/home/{login}``, as on a server with one system account per learner). Each
learner's progress store is at ``.local/share/closereading/progress.json`` in their home
(where the course keeps it on Linux), unless ``--store`` names another path relative to
the home.

``collect`` reads each store without changing anything in the home (no lock taken, a
damaged file is left where it is) and writes one submission per learner into ``DIR``,
named by :func:`closereading.identity.file_name`; the name in it is the one the learner
typed at their last export, or their login when they never exported. It says which homes
it skipped and why.

``return`` reads a CSV with the columns ``Login`` and ``Comment`` (the report writes
``comments.csv`` with one row per learner, ``Login``, ``ID`` and ``Student`` filled in)
and writes each comment to ``feedback.json`` beside the learner's progress store, where
the export box of notebook 00 shows it ("Feedback from your teacher"). A row without a
comment is skipped; a login without a home is named.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from closereading.feedback import (FEEDBACK, FEEDBACK_FORMAT, MAX_COMMENT, _clean_comment,
                                   feedback_path, returned_feedback, returned_feedback_html)

DEFAULT_HOMES = "/home/{login}"
STORE = ".local/share/closereading/progress.json"
MAX_STORE_BYTES = 20_000_000
MAX_CSV_BYTES = 5_000_000


class HubError(ValueError):
    """A problem with what the teacher asked for, said in one line."""


@dataclass
class Outcome:
    done: list = field(default_factory=list)      # (login, path written)
    skipped: list = field(default_factory=list)   # (login or folder, reason)


def homes(pattern: str = DEFAULT_HOMES) -> list[tuple[str, Path]]:
    """(login, home folder) for every folder the pattern matches, sorted by login."""
    if pattern.count("{login}") != 1:
        raise HubError(f"the homes pattern must hold {{login}} once (it is {pattern!r}), "
                       "e.g. /home/{login}")
    before, after = pattern.split("{login}")
    found = []
    for path in sorted(glob.glob(glob.escape(before) + "*" + glob.escape(after))):
        login = path[len(before):len(path) - len(after) if after else None]
        if login and "/" not in login:
            found.append((login, Path(path)))
    return found


def home_of(login: str, pattern: str = DEFAULT_HOMES) -> Path:
    if not login or "/" in login or login in (".", ".."):
        raise HubError(f"not a login: {login!r}")
    return Path(pattern.replace("{login}", login))


class ReadOnlyStore:
    """The records of a progress file, read once, never written (the store's own cleaners
    read every record)."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self._data = data
        self.warnings: list[str] = []

    def records(self, kind: str = "questions") -> dict:
        from closereading.quiz import progress as P
        _, clean = P._kind(kind)
        stored = self._data.get(kind)
        return {k: clean(v) for k, v in stored.items()} if isinstance(stored, dict) else {}

    def record(self, key: str, kind: str = "questions") -> dict:
        from closereading.quiz import progress as P
        return self.records(kind).get(key) or P._kind(kind)[0]()

    def update(self, *args, **kwargs):   # pragma: no cover - a guard
        raise HubError("a learner's progress file is never written by collect")


def _linked(home: Path, path: Path) -> Path | None:
    """The first symbolic link between ``home`` and ``path`` (the path included), or None.
    A learner owns their home: as root, the course never follows a link they made there
    (to another learner's progress, or a system folder)."""
    try:
        rel = path.relative_to(home)
    except ValueError:
        return path
    step = home
    for part in rel.parts:
        step = step / part
        if step.is_symlink():
            return step
    return None


def read_store(path: Path, home: Path | None = None) -> tuple[ReadOnlyStore | None, str]:
    """(the store, "") or (None, why it cannot be used). Never changes the file."""
    from closereading.quiz import progress as P
    if home is not None and _linked(home, path) is not None:
        return None, f"{_linked(home, path)} is a symbolic link: not followed"
    try:
        st = path.stat()
    except FileNotFoundError:
        return None, "no progress file (the learner has not answered anything yet)"
    except OSError as exc:
        return None, f"the progress file cannot be read ({exc.strerror or exc})"
    if not path.is_file():
        return None, "the progress file is not a regular file"
    if home is not None and st.st_uid != home.stat().st_uid:
        return None, "the progress file does not belong to the home's owner"
    if st.st_size > MAX_STORE_BYTES:
        return None, f"the progress file is {st.st_size:,} bytes, over {MAX_STORE_BYTES:,}"
    data, problem = P._parse(path)
    if problem is not None:
        return None, (f"the progress file is damaged ({problem}); the learner's notebook "
                      "will set it aside and say so")
    if not any(isinstance(v, dict) and v for k, v in data.items() if k in P.KINDS
               and k != "identity"):
        return None, "the progress file holds no answer yet"
    return ReadOnlyStore(path, data), ""


def collect(out_dir, pattern: str = DEFAULT_HOMES, store: str = STORE) -> Outcome:
    """One submission per learner whose home the pattern matches, into ``out_dir``."""
    from closereading import identity as I
    from closereading import submission as S
    out = Path(out_dir)
    result = Outcome()
    found = homes(pattern)
    if not found:
        raise HubError(f"no home folder matches {pattern!r}")
    names_used: set[str] = set()
    for login, home in found:
        if not home.is_dir():
            result.skipped.append((login, "not a folder"))
            continue
        ro, why = read_store(home / store, home)
        if ro is None:
            result.skipped.append((login, why))
            continue
        known = I.remembered(ro)
        name = known["name"] or login
        try:
            data = S.collect(name, known["id"], store=ro, login=login, token=known["token"])
        except S.SubmissionError:   # a name the store remembers that a submission refuses
            data = S.collect(login, "", store=ro, login=login, token=known["token"])
        file = S.file_name_of(data)
        n = 2
        while file in names_used:
            file = S.file_name_of(data)[:-5] + f"-{n}.json"
            n += 1
        names_used.add(file)
        try:
            out.mkdir(parents=True, exist_ok=True)
            result.done.append((login, S.write_submission(data, out / file)))
        except (OSError, S.SubmissionError) as exc:
            raise HubError(f"{exc}") from None
    return result


# ---------------------------------------------------------------------------------------
# Returning feedback


def read_comments(path) -> list[dict]:
    """The rows of a comments CSV (``Login``, ``Comment``; other columns ignored)."""
    from closereading import safeio
    p = Path(path)
    try:
        if not p.is_file():
            raise HubError(f"{path}: not a file")
        raw = safeio.read_bytes(p, MAX_CSV_BYTES)
    except OSError as exc:
        raise HubError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except safeio.UnsafeInput as exc:
        if exc.reason.startswith("too large"):
            raise HubError(f"{path}: over {MAX_CSV_BYTES:,} bytes") from None
        raise HubError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HubError(f"{path}: not UTF-8 text (save it as CSV UTF-8)") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise HubError(f"{path}: no rows")
    fields = {k.strip().casefold(): k for k in rows[0] if isinstance(k, str)}
    if "login" not in fields or "comment" not in fields:
        raise HubError(f"{path}: the columns Login and Comment are needed (it has: "
                       f"{', '.join(k for k in rows[0] if k)})")
    return [{"login": (r.get(fields["login"]) or "").strip(),
             "comment": _clean_comment(r.get(fields["comment"]))} for r in rows]


def give_back(comments_csv, pattern: str = DEFAULT_HOMES, store: str = STORE,
              now: datetime | None = None) -> Outcome:
    """Write each comment to ``feedback.json`` beside the learner's progress store."""
    result = Outcome()
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    for row in read_comments(comments_csv):
        login, comment = row["login"], row["comment"]
        if not login:
            result.skipped.append(("(no login)", "the row has no Login"))
            continue
        if not comment:
            result.skipped.append((login, "no comment"))
            continue
        if len(comment) > MAX_COMMENT:
            result.skipped.append((login, f"the comment is {len(comment):,} characters; at "
                                          f"most {MAX_COMMENT:,}"))
            continue
        try:
            home = home_of(login, pattern)
        except HubError as exc:
            result.skipped.append((login, str(exc)))
            continue
        if not home.is_dir():
            result.skipped.append((login, f"no home folder {home}"))
            continue
        target = feedback_path(home / store)
        link = _linked(home, target)
        if link is not None:
            result.skipped.append((login, f"{link} is a symbolic link: not followed"))
            continue
        body = json.dumps({"format": FEEDBACK_FORMAT, "version": 1,
                           "returned_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "comment": comment}, ensure_ascii=False, indent=1) + "\n"
        try:
            write_owned(target, body, owner=home)
        except OSError as exc:
            result.skipped.append((login, f"could not write {target}: "
                                          f"{getattr(exc, 'reason', None) or exc.strerror or exc}"))
            continue
        result.done.append((login, target))
    return result


def write_owned(path: Path, text: str, *, owner: Path) -> Path:
    """Write ``text`` atomically to ``path`` (folders made); when run as root, the file
    and the folders made belong to the owner of ``owner`` (the learner's home)."""
    import tempfile
    from closereading import safeio
    st = owner.stat()
    made = []
    for parent in reversed(path.parents):
        if not parent.exists():
            parent.mkdir()
            made.append(parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(safeio.encode_text(text))
        os.chmod(tmp, 0o644)
        if os.geteuid() == 0:
            for p in [*made, Path(tmp)]:
                os.chown(p, st.st_uid, st.st_gid)
        safeio._check_target(path)
        os.replace(tmp, path)
    except BaseException:
        safeio._unlink_quietly(tmp)
        raise
    return path
