"""Who a submission belongs to: the hub login, the learner's ID, the progress store's own
identifier, and file names that are unique and readable for every name.

Three identifiers travel in a submission (besides the name, which two learners may share):

``login``    the JupyterHub login (``JUPYTERHUB_USER``), recorded by the export on a hub
             with no action of the learner's; ``closereading collect`` takes it from the
             home folder;
``id``       what the learner typed in the ID field (a student number), optional;
``learner``  a random identifier made the first time a learner exports, kept in their
             progress store (record kind ``identity``): two files with the same one come
             from the same progress file, whatever name or ID was typed.

The report (:func:`group`) counts two files as one learner when they share a login, an
ID or a store identifier, and never on the name alone; it keeps the latest export of each
learner and says which and why, and flags learners who share a name (:func:`same_names`).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

IDENTITY = "identity"      # the kind of record in the progress store
KEY = "learner"            # its one key
HUB_ENV = "JUPYTERHUB_USER"
MAX_LOGIN = 64
FILE_PREFIX = "closereading-submission-"


def _clean_token(value) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{8,32}", value) else ""


def _short(value, limit: int = 100) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def fresh_identity() -> dict:
    return {"token": "", "name": "", "id": ""}


def clean_identity(raw) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    return {"token": _clean_token(raw.get("token")), "name": _short(raw.get("name")),
            "id": _short(raw.get("id"), 64)}


def _register() -> None:
    from closereading.quiz import progress as P
    if IDENTITY not in P.KINDS:
        P.register_kind(IDENTITY, fresh_identity, clean_identity)


_register()


def hub_login() -> str:
    """The JupyterHub login of this server's user ("" off a hub)."""
    return clean_login(os.environ.get(HUB_ENV, ""))


def clean_login(value) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if (not value or len(value) > MAX_LOGIN
            or any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
                   for c in value)):
        return ""
    return value


def remembered(store) -> dict:
    """What the store remembers of the learner (store identifier, name and ID typed at
    the last export); every field "" when nothing is remembered."""
    return store.records(IDENTITY).get(KEY) or fresh_identity()


def remember(store, name: str = "", student_id: str = "") -> str:
    """The store's identifier (made the first time), and the name and ID typed, kept for
    the next export and for ``closereading collect``. Returns the identifier."""
    def change(rec):
        rec = clean_identity(rec)
        rec["token"] = rec["token"] or secrets.token_hex(8)
        if name:
            rec["name"] = _short(name)
        rec["id"] = _short(student_id, 64) if name else rec["id"]
        return rec
    new = store.update(KEY, change, IDENTITY)
    return (new or {}).get("token", "")


# ---------------------------------------------------------------------------------------
# File names


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII letters, digits and hyphens: accents dropped (é -> e); a script
    with no Latin transliteration in Unicode (Chinese, Cyrillic ...) gives ""."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:limit].strip("-")


def file_name(name: str, *, login: str = "", student_id: str = "", token: str = "") -> str:
    """``closereading-submission-<name>-<tag>.json``: the name in ASCII where it has one,
    then the login, else the ID, else the first 8 digits of the store identifier, so that
    two learners with the same name never get the same file. A name with nothing in
    ASCII (王芳) is replaced by the tag; with no tag either, by a digest of the name."""
    base = slug(name)
    tag = slug(login, 32) or slug(student_id, 32) or _clean_token(token)[:8]
    if not base:
        base = tag or "learner-" + hashlib.sha256(name.encode("utf-8", "surrogatepass"))\
            .hexdigest()[:8]
        tag = ""
    return f"{FILE_PREFIX}{base}{'-' + tag if tag and tag != base else ''}.json"


# ---------------------------------------------------------------------------------------
# One learner, several files


def _norm(value) -> str:
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""


@dataclass
class Learner:
    """The files of one learner: ``kept`` (the latest export) and ``dropped``."""
    kept: object
    dropped: list = field(default_factory=list)
    because: str = ""          # what tied the files together ("the same login 'ada'")


def identifiers(sub) -> dict:
    data = sub.data
    return {"login": _norm(data.get("login")), "id": _norm(data.get("id")),
            "learner": _norm(data.get("learner"))}


_LABEL = {"login": "login", "id": "ID", "learner": "progress store"}


def group(subs: list) -> list[Learner]:
    """The learners among ``subs`` (objects with ``.data``, ``.path``): two files are one
    learner when they share a login, an ID or a store identifier, unless that would join
    two different logins or two different IDs. Never on the name alone."""
    parent = list(range(len(subs)))
    ids = [identifiers(s) for s in subs]
    members = {i: [i] for i in range(len(subs))}
    why: dict[int, str] = {}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def values(root, kind):
        return {ids[m][kind] for m in members[root]} - {""}

    def union(a, b, reason):
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        for kind in ("login", "id"):
            both = values(ra, kind) | values(rb, kind)
            if len(both) > 1:
                return   # two different logins (or IDs): two learners
        parent[rb] = ra
        members[ra] += members.pop(rb)
        why[ra] = why.get(ra) or why.get(rb) or reason

    for kind in ("login", "id", "learner"):
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            value = ident[kind]
            if not value:
                continue
            if value in first:
                shown = value if kind != "learner" else value[:8]
                union(first[value], i, f"the same {_LABEL[kind]} \u2018{shown}\u2019")
            else:
                first[value] = i
    learners = []
    for root, ms in members.items():
        if find(root) != root:
            continue
        # the latest export is kept; of two made at the same second, the first file given
        ordered = [subs[m] for m in sorted(
            ms, key=lambda m: (str(subs[m].data.get("exported_at", "")), -m))]
        learners.append(Learner(kept=ordered[-1], dropped=ordered[:-1], because=why.get(root, "")))
    order = {id(s): i for i, s in enumerate(subs)}
    learners.sort(key=lambda lr: order[id(lr.kept)])
    return learners


def same_names(kept: list) -> dict[int, str]:
    """For each kept submission (by ``id()``) whose name another kept one shares: a note
    for the teacher saying so and what tells them apart."""
    by_name: dict[str, list] = {}
    for sub in kept:
        by_name.setdefault(_norm(sub.data.get("name")), []).append(sub)
    notes = {}
    for name, subs in by_name.items():
        if len(subs) < 2:
            continue
        for sub in subs:
            ident = identifiers(sub)
            others = len(subs) - 1
            who = (f"login \u2018{sub.data.get('login')}\u2019" if ident["login"] else
                   f"ID \u2018{sub.data.get('id')}\u2019" if ident["id"] else
                   f"progress store {ident['learner'][:8]}" if ident["learner"] else "")
            if who:
                notes[id(sub)] = (f"shares the name with {others} other learner"
                                  f"{'s' if others > 1 else ''}; told apart by {who}")
            else:
                notes[id(sub)] = (f"shares the name with {others} other learner"
                                  f"{'s' if others > 1 else ''}, and the file has no login, "
                                  "ID or store identifier: both are kept; check by hand "
                                  "whether they are one learner")
    return notes
