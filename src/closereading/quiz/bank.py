"""Question banks: ``materials/quizzes/*.yml`` loaded and validated into questions.

Every rule below is checked, and every problem found is reported (all of them at once) as
a :class:`closereading.materials.MaterialsError` naming the file, the line, the question
id and the field. The rules are documented for teachers in ``materials/README.md``.

* The file is valid YAML and holds a list of questions (an empty file holds none).
* Each question is a mapping with the fields of its type and no others.
* ``id``: letters, digits, hyphens, dots or underscores; unique across every bank.
* ``type``: one of :data:`closereading.quiz.model.TYPES`.
* ``prompt`` and ``explanation``: non-empty text.
* ``evidence``: ``{paragraph, quote}``; the paragraph exists in the text and the quote
  occurs in it verbatim (otherwise the closest passage is suggested).
* ``hints``: a list of non-empty texts (optional); ``shuffle``: true or false (optional).
* ``feedback`` (every type but ``text``): a mapping that gives, for every option (single,
  multiple, evidence), for ``true`` and ``false`` (true-false), for every left item
  (match: shown when that pair is wrong) or every item (order: shown when that item is
  out of place), why it is right or wrong. A missing entry is reported with the file,
  the question and the option; an entry for no option is reported too. The feedback is
  checked once the rest of the question is valid (its keys are the options).
* ``clues`` (``match`` and ``order``, optional): a mapping like ``feedback``, one entry per
  left item or item, shown at the *first* wrong try for a pair or an item that is not yet
  right: where in the text to look, without the answer (the ``feedback``, which may state
  the answer, waits for the second wrong try or "Show answer"). Without clues, the first
  wrong try points to the question's evidence. The course's own banks give clues for
  every match and order question (a test checks).
* ``near_misses`` (``text`` only, optional): a mapping from a wrong answer that comes
  close to what the quiz tells a learner who types it. A near miss is not an accepted
  answer, none is listed twice (after normalising), and its message does not contain an
  accepted answer (it points to the passage; the answer comes last).
* By type: ``options`` (at least two, distinct) and an ``answer`` among them for
  ``single`` (exactly one answer), ``multiple`` (one or more, no repeats) and
  ``evidence`` (paragraph ids of the text; the evidence quotes the answer's paragraph);
  ``answer: true|false`` for ``true-false``; a list of accepted answers for ``text``;
  ``pairs`` of ``{left, right}`` for ``match`` (at least two pairs, no left item twice,
  at least two distinct right items); ``items`` for ``order`` (at least two, distinct).

A notebook's questions are those of ``<stem>.yml`` and of every ``<stem>-*.yml``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Iterable

from closereading.materials import (MaterialsError, Problem, Problems, YList, YMap,
                                    display_path, load_yaml, materials_dir)
from closereading.quiz.model import TYPES, Evidence, Question, normalise_text

COMMON_FIELDS = ("id", "type", "prompt", "explanation", "evidence", "hints", "shuffle")
TYPE_FIELDS = {
    "single": ("options", "answer", "feedback"),
    "multiple": ("options", "answer", "feedback"),
    "evidence": ("options", "answer", "feedback"),
    "true-false": ("answer", "feedback"),
    "text": ("answer", "near_misses"),
    "match": ("pairs", "feedback", "clues"),
    "order": ("items", "feedback", "clues"),
}
#: What each type's ``feedback`` is keyed by, in the words of the messages.
FEEDBACK_KEYS = {"single": "option", "multiple": "option", "evidence": "option",
                 "true-false": "answer", "match": "left item", "order": "item"}
_MISSING = object()
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# An order item that starts like "4. " or "4) " would be shown numbered twice.
_LEADING_NUMBER = re.compile(r"\s*\d+[.)]\s")


def quizzes_dir() -> Path:
    return materials_dir() / "quizzes"


class Bank(tuple):
    """Every validated question, in file order. Iterating gives :class:`Question` objects;
    :meth:`get` finds one by id; :meth:`for_notebook` selects a notebook's questions."""

    def __new__(cls, questions: Iterable[Question] = ()):
        bank = super().__new__(cls, questions)
        bank.by_id = {q.id: q for q in bank}
        return bank

    def get(self, qid: str) -> Question:
        try:
            return self.by_id[qid]
        except KeyError:
            close = difflib.get_close_matches(str(qid), self.by_id, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise MaterialsError(Problem(display_path(quizzes_dir()),
                                         f"no question has the id {qid!r}{hint}")) from None

    def for_notebook(self, notebook: str) -> "Bank":
        stem = notebook_stem(notebook)
        return Bank(q for q in self if belongs_to(Path(q.file).stem, stem))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.by_id)


def notebook_stem(notebook: str) -> str:
    """"01-harmonious-world", "01-harmonious-world.ipynb" or a path -> the stem."""
    name = Path(str(notebook)).name
    return name[:-len(".ipynb")] if name.endswith(".ipynb") else name


def belongs_to(file_stem: str, notebook: str) -> bool:
    return file_stem == notebook or file_stem.startswith(notebook + "-")


RETRIEVAL = "-retrieval"


def _file_order(path: Path) -> tuple[str, int]:
    """A notebook's ``<stem>-retrieval.yml`` (the closed-book questions that open it)
    first, then its main file, then its other files by name."""
    stem = path.stem
    if stem.endswith(RETRIEVAL):
        return stem[:-len(RETRIEVAL)], 0
    return stem, 1


def bank_files(notebook: str | None = None) -> list[Path]:
    """The bank files: a notebook's ``<stem>-retrieval.yml`` first (the closed-book
    questions that open the notebook), then its main file, ``<stem>.yml``, then its other
    ``<stem>-*.yml`` files by name; with a notebook stem, only that notebook's files."""
    folder = quizzes_dir()
    files = sorted(folder.glob("*.yml"), key=_file_order) if folder.is_dir() else []
    if notebook is not None:
        stem = notebook_stem(notebook)
        files = [f for f in files if belongs_to(f.stem, stem)]
    return files


# ---------------------------------------------------------------------------------------
# Public entry points


_cache: dict = {}


def load_banks() -> Bank:
    """Validate every bank under ``materials/quizzes/`` and return all the questions.

    The result is cached until a bank file changes (a teacher's edit is picked up the
    next time a cell runs)."""
    files = bank_files()
    key = (str(quizzes_dir()), tuple((f.name, *_stamp(f)) for f in files))
    if _cache.get("key") != key:
        _cache["bank"] = _load(files)
        _cache["key"] = key
    return _cache["bank"]


def validate_bank(path) -> Bank:
    """Validate one bank file and return its questions (ids are checked for repeats
    within the file; :func:`load_banks` also checks across files)."""
    return _load([Path(path)])


def parse_bank(data, path) -> Bank:
    """Validate already parsed YAML (``path`` names it in messages)."""
    problems = Problems()
    questions = _questions_from(data, path, problems, _notebook_of(Path(path).stem))
    _check_duplicates(questions, problems)
    _raise_sorted(problems)
    return Bank(questions)


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _load(files: list[Path]) -> Bank:
    problems = Problems()
    questions: list[Question] = []
    for path in files:
        try:
            data = load_yaml(path)
        except MaterialsError as exc:
            problems.items.extend(exc.problems)
            continue
        questions += _questions_from(data, path, problems, _notebook_of(path.stem))
    _check_duplicates(questions, problems)
    _raise_sorted(problems)
    return Bank(questions)


def _raise_sorted(problems: Problems) -> None:
    """Raise every problem, in file and line order (a teacher fixes them top down)."""
    problems.items.sort(key=lambda p: (p.file, p.line or 0))
    problems.raise_if_any()


def _check_duplicates(questions: list[Question], problems: Problems) -> None:
    first: dict[str, Question] = {}
    for q in questions:
        if q.id in first:
            other = first[q.id]
            where = f"{other.file}, line {other.line}" if other.line else other.file
            problems.add(q.file, f"duplicate id: already used by the question in {where}",
                         item=q.id, field="id", line=q.line)
        else:
            first[q.id] = q


def _notebook_of(file_stem: str) -> str:
    """The notebook a bank file belongs to: the longest notebook stem of the course plan
    that the file's name starts with (the file's own stem when none does)."""
    try:
        from closereading.course import load_course
        stems = [Path(nb.file).stem for nb in load_course().notebooks]
    except Exception:  # noqa: BLE001 - the course plan is optional for the quizzes
        stems = []
    matches = [s for s in stems if belongs_to(file_stem, s)]
    return max(matches, key=len) if matches else file_stem


# ---------------------------------------------------------------------------------------
# Validation of one file


def _questions_from(data, path, problems: Problems, notebook: str) -> list[Question]:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(path, "a bank should be a list of questions (each starting with "
                           "'- id: ...')", line=getattr(data, "line", None))
        return []
    questions = []
    for index, entry in enumerate(data):
        line = data.line_of(index) if isinstance(data, YList) else None
        if not isinstance(entry, YMap):
            problems.add(path, "each question should be a mapping of fields (id, type, "
                               "prompt, ...)", item=f"question {index + 1}", line=line)
            continue
        q = _question(entry, path, problems, notebook, index)
        if q is not None:
            questions.append(q)
    return questions


class _Checker:
    """Checks the fields of one question, adding problems that name it."""

    def __init__(self, entry: YMap, path, problems: Problems, item: str):
        self.entry, self.path, self.problems, self.item = entry, path, problems, item
        self.ok = True

    def fail(self, field, message, line=None):
        self.ok = False
        if line is None:
            line = self.entry.line_of(field) if field in self.entry else self.entry.line
        self.problems.add(self.path, message, item=self.item, field=field, line=line)

    def required(self, field):
        if field not in self.entry or self.entry[field] is None:
            self.fail(field, "is required", line=self.entry.line)
            return False
        return True

    def text(self, field, value=_MISSING, *, what=None):
        """A non-empty text (numbers are taken as text); None when it is not one."""
        value = self.entry.get(field) if value is _MISSING else value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            kind = "a list" if isinstance(value, list) else (
                "a mapping" if isinstance(value, dict) else type(value).__name__)
            self.fail(field, f"{what or 'should be'} text, not {kind}")
            return None
        value = str(value).strip()
        if not value:
            self.fail(field, "is empty")
            return None
        return value

    def text_list(self, field, *, minimum=1, allow_scalar=False, what="entries"):
        value = self.entry.get(field)
        if allow_scalar and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            kind = "a mapping" if isinstance(value, dict) else f"{value!r}"
            self.fail(field, f"should be a list, not {kind}")
            return None
        out = []
        for i, v in enumerate(value, 1):
            if v is None or isinstance(v, (bool, list, dict)) or not str(v).strip():
                self.fail(field, f"entry {i} should be non-empty text, not {v!r}")
                return None
            out.append(str(v).strip())
        if len(out) < minimum:
            self.fail(field, f"needs at least {minimum} {what} (found {len(out)})")
            return None
        return out

    def distinct(self, field, values, what="entry"):
        seen = set()
        for v in values:
            if v in seen:
                self.fail(field, f"the {what} {v!r} appears twice")
                return False
            seen.add(v)
        return True


def _question(entry: YMap, path, problems: Problems, notebook: str, index: int):
    raw_id = entry.get("id")
    item = str(raw_id).strip() if isinstance(raw_id, (str, int)) and str(raw_id).strip() \
        else f"question {index + 1}"
    c = _Checker(entry, path, problems, item)

    qid = None
    if c.required("id"):
        qid = c.text("id")
        if qid is not None and not _ID.match(qid):
            c.fail("id", "should contain only letters, digits, hyphens, dots and "
                         "underscores, with no spaces")
    qtype = None
    if c.required("type"):
        qtype = c.text("type")
        if qtype is not None and qtype not in TYPES:
            close = difflib.get_close_matches(qtype, TYPES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            c.fail("type", f"unknown type {qtype!r} (known types: {', '.join(TYPES)}){hint}")
            qtype = None

    allowed = set(COMMON_FIELDS) | (set(TYPE_FIELDS[qtype]) if qtype else
                                    {f for fs in TYPE_FIELDS.values() for f in fs})
    for key in entry:
        if key not in allowed:
            if qtype in ("match", "order") and key == "answer":
                where = "pairs" if qtype == "match" else "items"
                c.fail(str(key), f"a {qtype} question gives its answer in {where!r}, "
                                 "not in 'answer'")
            elif qtype and key in ("options", "pairs", "items", "answer"):
                c.fail(str(key), f"a {qtype} question has no {key!r} (its fields: "
                                 f"{', '.join(COMMON_FIELDS + TYPE_FIELDS[qtype])})")
            else:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                c.fail(str(key), f"unknown field (known fields: "
                                 f"{', '.join(sorted(allowed))}){hint}")

    prompt = c.text("prompt") if c.required("prompt") else None
    explanation = c.text("explanation") if c.required("explanation") else None
    evidence = _evidence(c) if c.required("evidence") else None

    hints: list[str] = []
    if entry.get("hints") is not None:
        hints = c.text_list("hints", allow_scalar=True, what="hint") or []
    shuffle = entry.get("shuffle", False)
    if not isinstance(shuffle, bool):
        c.fail("shuffle", f"should be true or false, not {shuffle!r}")
        shuffle = False

    options: list[str] = []
    answer = None
    if qtype in ("single", "multiple", "evidence"):
        options, answer = _choice(c, qtype)
    elif qtype == "true-false":
        if c.required("answer"):
            answer = entry["answer"]
            if not isinstance(answer, bool):
                c.fail("answer", f"a true-false answer should be true or false, not {answer!r}")
    elif qtype == "text":
        if c.required("answer"):
            answer = c.text_list("answer", allow_scalar=True, what="accepted answer")
            for a in answer or []:
                if not normalise_text(a):
                    c.fail("answer", f"the accepted answer {a!r} is only punctuation or "
                                     "spaces, so no typed answer could match it")
        near_misses = _near_misses(c, answer) if "near_misses" in entry else {}
    elif qtype == "match":
        answer = _pairs(c) if c.required("pairs") else None
    elif qtype == "order":
        if c.required("items"):
            answer = c.text_list("items", minimum=2, what="items")
            if answer is not None and not c.distinct("items", answer, "item"):
                answer = None
            numbered = [i for i in answer or [] if _LEADING_NUMBER.match(i)]
            if numbered:
                c.fail("items", f"the item {numbered[0]!r} starts with a number: the quiz "
                                "numbers the places itself (\"1. 4. ...\"); write, for "
                                "instance, \"Sub-section 4: ...\"")
                answer = None

    if qtype == "evidence" and evidence is not None and isinstance(answer, str) \
            and evidence.paragraph != answer:
        c.fail("evidence", f"an evidence question quotes the paragraph of its answer "
                           f"({answer}), not {evidence.paragraph}")

    # The feedback is keyed by the options (pairs, items), so it is checked once the rest
    # of the question is valid: a broken option list would only add confusing messages.
    feedback = _feedback(c, qtype, options, answer) if qtype in FEEDBACK_KEYS and c.ok else {}
    clues = (_feedback(c, qtype, options, answer, field="clues")
             if qtype in ("match", "order") and c.ok and entry.get("clues") is not None
             else {})

    if not c.ok or qid is None or qtype is None:
        return None
    if qtype != "text":
        near_misses = {}
    if qtype == "multiple":
        answer = tuple(o for o in options if o in answer)
    elif qtype in ("text", "order"):
        answer = tuple(answer)
    return Question(id=qid, type=qtype, prompt=prompt, answer=answer, explanation=explanation,
                    evidence=evidence, options=tuple(options), hints=tuple(hints),
                    shuffle=shuffle, file=display_path(path), line=entry.line,
                    notebook=notebook, feedback=feedback, clues=clues,
                    near_misses=near_misses)


def _near_misses(c: _Checker, answer) -> dict:
    """``near_misses``: a mapping from a wrong answer that comes close to what it tells
    the learner. Each wrong answer is text with letters or digits, not an accepted answer
    and not listed twice (compared as typed answers are, after normalising); each message
    is non-empty text that does not give an accepted answer away."""
    raw = c.entry.get("near_misses")
    if not isinstance(raw, dict) or not raw:
        c.fail("near_misses", "should be a mapping from a wrong answer that comes close to "
                              "what it tells the learner, such as 'central: The sense is "
                              "close; read the adjective of 1.2 again.'")
        return {}
    accepted = {normalise_text(a): a for a in answer or []}
    lines = getattr(raw, "line_of", None)
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key, value in raw.items():
        line = lines(key) if lines else None
        name = str(key).strip() if not isinstance(key, bool) else str(key).lower()
        typed = normalise_text(name)
        if not typed:
            c.fail("near_misses", f"the near miss {name!r} has no letters or digits, so no "
                                  "typed answer could match it", line=line)
            continue
        if typed in accepted:
            c.fail("near_misses", f"{name!r} is an accepted answer ({accepted[typed]!r}): a "
                                  "near miss is a wrong answer that comes close", line=line)
            continue
        if typed in seen:
            c.fail("near_misses", f"{name!r} is listed twice (as {seen[typed]!r} too, once "
                                  "case, spaces and punctuation are set aside)", line=line)
            continue
        seen[typed] = name
        if value is None or isinstance(value, (bool, list, dict)) or not str(value).strip():
            c.fail("near_misses", f"what the near miss {name!r} tells the learner should be "
                                  "non-empty text", line=line)
            continue
        message = " ".join(str(value).split())
        said = f" {normalise_text(message)} "
        given = [a for t, a in accepted.items() if f" {t} " in said]
        if given:
            c.fail("near_misses", f"the message for {name!r} gives the answer away "
                                  f"({given[0]!r}): point to the passage instead", line=line)
            continue
        out[name] = message
    return out


def _feedback_keys(qtype: str, options, answer) -> list[str] | None:
    """The keys the feedback of a question must have; None when the options or the
    answer are themselves broken (reported elsewhere)."""
    if qtype == "true-false":
        return ["True", "False"]
    if qtype in ("single", "multiple", "evidence"):
        return list(options) if options else None
    if qtype == "match":
        return [left for left, _ in answer] if answer else None
    if qtype == "order":
        return list(answer) if answer else None
    return None


def _feedback(c: _Checker, qtype: str, options, answer, field: str = "feedback") -> dict:
    """``feedback``: one non-empty text for every option (pair, item), and no other key.
    Each missing entry is a problem of its own that names the option, so a teacher (or
    whoever merges a new bank) sees exactly what to write. ``field="clues"`` checks the
    clues of a match or order question the same way."""
    what = FEEDBACK_KEYS[qtype]
    why = ("where to look in the text, without the answer" if field == "clues"
           else "why it is right or wrong")
    raw = c.entry.get(field)
    keys = _feedback_keys(qtype, options, answer)
    if raw is None:
        if keys is None:
            c.fail(field, f"is required: a mapping from each {what} to its {field}")
        for key in keys or []:
            c.fail(field, f"{what} {key!r} has no {field}: the question has no "
                          f"'{field}:' mapping; give it one entry per {what}, "
                          f"{key!r}: {why}", line=c.entry.line)
        return {}
    if not isinstance(raw, dict):
        c.fail(field, f"should be a mapping from each {what} to its {field}, not "
                      f"{'a list' if isinstance(raw, list) else repr(raw)}")
        return {}
    given: dict[str, str] = {}
    named: set[str] = set()
    lines = getattr(raw, "line_of", None)
    for key, value in raw.items():
        name = ("True" if key else "False") if isinstance(key, bool) else str(key).strip()
        line = lines(key) if lines else None
        named.add(name)
        if value is None or isinstance(value, (bool, list, dict)) or not str(value).strip():
            c.fail(field, f"the {field} for {what} {name!r} should be non-empty text",
                   line=line)
            continue
        given[name] = " ".join(str(value).split())
        if keys is not None and name not in keys:
            close = difflib.get_close_matches(name, keys, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            c.fail(field, f"{field} for {name!r}, which is not {'a' if what == 'left item' else 'an'} {what} of this "
                          f"question{hint}", line=line)
    for key in keys or []:
        if key not in named:
            c.fail(field, f"{what} {key!r} has no {field} (every {what} needs one: "
                          f"{why})", line=c.entry.line_of(field))
    return given


def _choice(c: _Checker, qtype: str):
    entry = c.entry
    options = answer = None
    if c.required("options"):
        options = c.text_list("options", minimum=2, what="options")
        if options is not None and not c.distinct("options", options, "option"):
            options = None
    if options is not None and qtype == "evidence":
        from closereading import text
        doc = text.load()
        for pid in options:
            if not doc.has_paragraph(pid):
                c.fail("options", f"{pid!r} is not a paragraph id of the text (ids run "
                                  f"{doc.paragraphs[0].id} to {doc.paragraphs[-1].id})")
                options = None
                break
    if not c.required("answer"):
        return options or [], None
    raw = entry["answer"]
    if qtype in ("single", "evidence"):
        if isinstance(raw, list):
            if len(raw) != 1:
                c.fail("answer", f"a {qtype} question has exactly one answer (found "
                                 f"{len(raw)})" + ("; use type 'multiple' for several"
                                                   if qtype == "single" and raw else ""))
                return options or [], None
            raw = raw[0]
        answer = c.text("answer", raw, what="the answer should be")
        if answer is not None and options is not None and answer not in options:
            c.fail("answer", _not_an_option(answer, options))
            answer = None
        return options or [], answer
    # multiple
    values = c.text_list("answer", allow_scalar=True, what="answer")
    if values is None:
        return options or [], None
    if not c.distinct("answer", values, "answer"):
        return options or [], None
    if options is not None:
        for v in values:
            if v not in options:
                c.fail("answer", _not_an_option(v, options))
                return options, None
    return options or [], values


def _not_an_option(answer: str, options: list[str]) -> str:
    close = difflib.get_close_matches(answer, options, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (f"{answer!r} is not one of the options (options: "
            f"{'; '.join(repr(o) for o in options)}){hint}")


def _pairs(c: _Checker):
    pairs = c.entry["pairs"]
    if not isinstance(pairs, list):
        c.fail("pairs", "should be a list of {left: ..., right: ...}")
        return None
    out = []
    for i, pair in enumerate(pairs, 1):
        line = pairs.line_of(i - 1) if isinstance(pairs, YList) else None
        if not isinstance(pair, dict) or set(pair) != {"left", "right"}:
            c.fail("pairs", f"pair {i} should have exactly the fields 'left' and 'right'"
                            + (f" (it has {', '.join(map(str, pair))})"
                               if isinstance(pair, dict) else ""), line=line)
            return None
        sides = []
        for side in ("left", "right"):
            v = pair[side]
            if v is None or isinstance(v, (bool, list, dict)) or not str(v).strip():
                c.fail("pairs", f"pair {i}: {side!r} should be non-empty text", line=line)
                return None
            sides.append(str(v).strip())
        out.append(tuple(sides))
    if len(out) < 2:
        c.fail("pairs", f"needs at least 2 pairs (found {len(out)})")
        return None
    if not c.distinct("pairs", [left for left, _ in out], "left item"):
        return None
    if len({right for _, right in out}) < 2:
        c.fail("pairs", "every pair has the same right item, so there is nothing to match")
        return None
    return tuple(out)


def _evidence(c: _Checker):
    value = c.entry["evidence"]
    if not isinstance(value, dict):
        c.fail("evidence", "should be a mapping {paragraph: \"1.6\", quote: \"...\"}")
        return None
    extra = set(value) - {"paragraph", "quote"}
    if extra:
        c.fail("evidence", f"unknown field {sorted(map(str, extra))[0]!r} (evidence has "
                           "'paragraph' and 'quote')")
        return None
    pid, quote = value.get("paragraph"), value.get("quote")
    if pid is None or isinstance(pid, (bool, list, dict)) or not str(pid).strip():
        c.fail("evidence", "needs a 'paragraph' (an id such as \"1.6\")")
        return None
    if quote is None or isinstance(quote, (bool, list, dict)) or not str(quote).strip():
        c.fail("evidence", "needs a 'quote' (words that occur in the paragraph)")
        return None
    pid, quote = str(pid).strip(), str(quote)
    from closereading import text
    doc = text.load()
    if not doc.has_paragraph(pid):
        c.fail("evidence", f"unknown paragraph {pid!r} (ids run {doc.paragraphs[0].id} to "
                           f"{doc.paragraphs[-1].id}; write them in quotes, e.g. \"1.6\")")
        return None
    body = doc.paragraph(pid).text
    if quote not in body:
        elsewhere = [p.id for p in doc.paragraphs if quote in p.text]
        if elsewhere:
            more = f"; it occurs verbatim in paragraph {', '.join(elsewhere)}"
        else:
            more = f"; the closest passage in {pid} is: \"{closest_passage(quote, body)}\""
        c.fail("evidence", f"the quote is not verbatim in paragraph {pid}{more}")
        return None
    return Evidence(pid, quote)


def closest_passage(quote: str, paragraph: str) -> str:
    """The stretch of ``paragraph`` most like ``quote``: windows of about the quote's
    length, starting and ending at word boundaries, compared with difflib."""
    quote = quote.strip()
    starts = [m.start() for m in re.finditer(r"\S+", paragraph)]
    ends = [m.end() for m in re.finditer(r"\S+", paragraph)]
    if not starts or not quote:
        return paragraph[:len(quote) or 60]
    target = quote.casefold()
    best, best_ratio = "", -1.0
    span = len(quote)
    for start in starts:
        for length in {max(1, span - span // 5), span, span + span // 5}:
            stop = start + length
            end = next((e for e in ends if e >= stop), ends[-1])
            if end <= start:
                continue
            window = paragraph[start:end]
            matcher = difflib.SequenceMatcher(None, target, window.casefold(), autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    if best and best[-1] in ",;:" and not quote.endswith(best[-1]):
        best = best[:-1]
    return best
