"""Active reading: the learner notices, writes and annotates before the course tells them.

What a learner writes, each kept in the progress store (:mod:`closereading.quiz.progress`)
under its own kind of record:

``reading``      one record per paragraph id: the learner's response to the paragraph's
                 reading prompt, and whether the course's notes were opened without one::

                     {"text": "...", "saved": true, "revealed": false}

``annotations``  one record per paragraph id: the learner's own notes on the paragraph::

                     {"items": [{"id": 1, "quote": "...", "occurrence": 1,
                                 "kind": "rhetoric", "note": "..."}], "next": 2}

``selfcheck``    one record per paragraph id: the learner's check of their response against
                 what a good response notices (the prompt's ``points``): the numbers of
                 the points ticked, and one line on what they missed::

                     {"ticked": [1, 3], "missed": "..."}

``predictions``  one record per prediction id (``materials/predictions.yml``): ``{"text": "..."}``;
                 a prediction about meaning is returned to after the reading, and the
                 learner's second look is kept under ``<id>/after``
``discussion``   one record per ``<notebook>/<question number>``: ``{"text": "..."}``
``thinkfirst``   one record per think-first question id (``materials/think-first.yml``):
                 ``{"text": "..."}``

Everything a learner types is untrusted: checked (an empty or whitespace-only text is not
saved; a text longer than :data:`TEXT_LIMIT` characters is refused with a message and stays
in its box, never cut), escaped wherever it is shown as HTML, and escaped in the Markdown
journal. A record read from the file is cleaned by the kind's cleaner, which keeps every
piece of text it finds (nothing a learner saved is dropped for being long).

The data (reading prompts and the teacher's ``model`` responses) is in the annotation
files, ``materials/annotations/<notebook>.yml``, under ``reading:``; the predictions are in
``materials/predictions.yml``. Both are documented in ``materials/README.md``.

Calls for the notebooks::

    reading.passage("01", "1.2")         # paragraph, prompt, response box; notes folded
    reading.annotate("01", "1.2")        # the learner's own annotations of a paragraph
    reading.predict("hw-should")         # a prediction box
    reading.compare("hw-should")         # the saved prediction beside the measured answer
    reading.discussion("01")             # discussion questions, each with an answer box
    reading.journal()                    # everything written so far, as Markdown
    reading.summary("01")                # {"done": n, "total": m}, for the scoreboard

Pure functions (no widgets): :func:`check_text`, :func:`locate_quote`, :func:`add_annotation`,
:func:`edit_annotation`, :func:`delete_annotation`, :func:`journal_markdown`, the loaders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from closereading.html import Rich, esc, safe_text
from closereading.quiz import progress as P

TEXT_LIMIT = 20_000          # characters in one response, note, prediction or answer
QUOTE_LIMIT = 1_000          # characters in a quote
ANNOTATION_LIMIT = 100       # annotations a learner keeps on one paragraph
READING, ANNOTATIONS, PREDICTIONS, DISCUSSION = ("reading", "annotations", "predictions",
                                                 "discussion")
SELFCHECK, THINK = "selfcheck", "thinkfirst"
LEARNER_KINDS = ("gloss", "context", "structure", "rhetoric", "question")
LEARNER_KIND_HELP = {"gloss": "what a term means", "context": "what it refers to",
                     "structure": "how the passage is built",
                     "rhetoric": "how it says what it says",
                     "question": "a question you would ask the text"}
PROMPT_FIELDS = ("paragraph", "prompt", "model", "commentary", "points", "support", "lenses")
POINT_FIELDS = ("ask", "quote")
POINTS_MIN, POINTS_MAX = 3, 5     # "Did you notice ...?" points per prompt
MISSED_LIMIT = 1_000              # characters in the one line on what the learner missed
MIN_WORDS = 6                     # words a response needs before the notes unfold
PREDICTION_FIELDS = ("id", "notebook", "prompt", "type", "measure", "revisit", "returns_in")
THINK_FIELDS = ("id", "notebook", "prompt", "then", "label")
THINK_LABEL = "What the course says"
PREDICTION_TYPES = ("number", "text")


class ReadingError(ValueError):
    """Something a learner typed that cannot be saved as it is; the message says why."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {self}"]


# ---------------------------------------------------------------------------------------
# Records: fresh and clean (registered with the progress store)


def _text(raw, key: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else ""


def fresh_reading() -> dict:
    return {"text": "", "saved": False, "revealed": False}


def clean_reading(raw) -> dict:
    rec = fresh_reading()
    if not isinstance(raw, dict):
        return rec
    rec["text"] = _text(raw, "text")
    for key in ("saved", "revealed"):
        if isinstance(raw.get(key), bool):
            rec[key] = raw[key]
    rec["saved"] = rec["saved"] and bool(rec["text"].strip())
    return rec


def fresh_annotations() -> dict:
    return {"items": [], "next": 1}


def clean_annotations(raw) -> dict:
    rec = fresh_annotations()
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        return rec
    seen = set()
    nxt = raw.get("next")
    # an item without a good id gets one above every id the record gave out (its "next")
    given = nxt - 1 if isinstance(nxt, int) and not isinstance(nxt, bool) and nxt > 1 else 0
    for item in raw["items"]:
        if not isinstance(item, dict):
            continue
        aid = item.get("id")
        if not isinstance(aid, int) or isinstance(aid, bool) or aid < 1 or aid in seen:
            aid = max(seen | {given}) + 1
        seen.add(aid)
        occ = item.get("occurrence")
        kind = item.get("kind")
        rec["items"].append({
            "id": aid, "quote": _text(item, "quote"), "note": _text(item, "note"),
            "occurrence": occ if isinstance(occ, int) and not isinstance(occ, bool)
            and occ >= 1 else 1,
            "kind": kind if kind in LEARNER_KINDS else "question"})
    top = max(seen, default=0) + 1
    rec["next"] = nxt if isinstance(nxt, int) and not isinstance(nxt, bool) and nxt >= top else top
    return rec


def fresh_text() -> dict:
    return {"text": ""}


def clean_text(raw) -> dict:
    return {"text": _text(raw, "text")}


def fresh_selfcheck() -> dict:
    return {"ticked": [], "missed": ""}


def clean_selfcheck(raw) -> dict:
    """The points ticked (numbers from 1, in increasing order, each once) and the line on
    what was missed."""
    rec = fresh_selfcheck()
    if not isinstance(raw, dict):
        return rec
    ticked = raw.get("ticked")
    if isinstance(ticked, list):
        rec["ticked"] = sorted({n for n in ticked if isinstance(n, int)
                                and not isinstance(n, bool) and 1 <= n <= 100})
    rec["missed"] = _text(raw, "missed")
    return rec


P.register_kind(READING, fresh_reading, clean_reading)
P.register_kind(SELFCHECK, fresh_selfcheck, clean_selfcheck)
P.register_kind(THINK, fresh_text, clean_text)
P.register_kind(ANNOTATIONS, fresh_annotations, clean_annotations)
P.register_kind(PREDICTIONS, fresh_text, clean_text)
P.register_kind(DISCUSSION, fresh_text, clean_text)


# ---------------------------------------------------------------------------------------
# Checking what a learner types


def check_text(value, what: str = "response", limit: int = TEXT_LIMIT) -> str:
    """The text to save, or ReadingError with a message for the learner. Empty and
    whitespace-only texts are refused, and so are texts over ``limit`` characters (they
    are never cut: the learner decides what to keep)."""
    text = safe_text(value)
    if not text.strip():
        raise ReadingError(f"Your {what} is empty: write something before saving.")
    if len(text) > limit:
        raise ReadingError(f"Your {what} has {len(text):,} characters; the limit is "
                           f"{limit:,}. Nothing was saved: shorten it (your text is still "
                           "in the box) and save again.")
    return text.strip("\n")


NUDGE = ("Saved, but the notes wait for a fuller response. What counts: at least one "
         "sentence of your own that quotes or names something in the paragraph (a word, a "
         "phrase, who acts, what is listed). Add to it and save again.")


#: Words that name a part or a feature of a text: a response that uses one names something
#: in the paragraph even when it quotes none of its words.
NAMING = frozenset({
    "sentence", "sentences", "clause", "subject", "subjects", "verb", "verbs", "passive",
    "active", "modal", "modals", "tense", "present", "future", "list", "lists", "item",
    "items", "pair", "pairs", "order", "first", "second", "third", "last", "opening",
    "ending", "colon", "comma", "word", "words", "phrase", "phrases", "formula", "quote",
    "adjective", "adjectives", "adverb", "adverbs", "noun", "pronoun", "denial", "denies",
    "negative", "negatives", "repeats", "repetition", "contrast", "image", "metaphor",
    "claim", "claims", "proposal", "promise", "condition", "translation", "paragraph"})

THINK_NUDGE = ("Saved, but the course's answer waits for a fuller one: write at least one "
               "sentence of your own, then save again.")


def response_nudge(text: str, paragraph_text: str | None = None) -> str:
    """"" when a response is enough to unfold the notes, else the nudge (:data:`NUDGE`).

    Enough: at least :data:`MIN_WORDS` words, and either a word of the paragraph that is not
    a stopword or a word that names a part of a text (:data:`NAMING`: "sentence",
    "passive", "subject" ...), so a response that quotes or names something in the
    paragraph; or a longer response (20 words or more: a reader may describe a paragraph in
    words of their own). Without a paragraph (a think-first question), the number of words
    alone."""
    from closereading import stats
    words = stats.words(text)
    if len(words) < MIN_WORDS:
        return NUDGE if paragraph_text is not None else THINK_NUDGE
    if len(words) >= 20 or paragraph_text is None:
        return ""
    stop = stats.load_stopwords()
    own = {w for w in stats.words(paragraph_text) if w not in stop and len(w) > 2}
    return "" if (own | NAMING) & set(words) else NUDGE


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class QuoteCheck:
    """Where a learner's quote falls in its paragraph."""
    ok: bool
    quote: str                        # the quote as checked (spaces collapsed, trimmed)
    spans: tuple = ()                 # every occurrence in the paragraph
    occurrence: int = 1               # the one that is marked
    message: str = ""                 # for the learner: a problem, or a note (two occurrences)


def locate_quote(paragraph: str, quote, doc=None, occurrence: int = 1) -> QuoteCheck:
    """Check a learner's quote verbatim against paragraph ``paragraph`` (an id).

    Spaces at the ends are ignored and runs of spaces count as one; everything else must
    match character for character. A miss is answered with the paragraph where the quote
    does occur, with the two paragraphs a quote runs across, or with the closest passage."""
    from closereading import text as _text_mod
    from closereading.excerpts import closest_passage, find_spans
    doc = doc or _text_mod.load()
    body = doc.paragraph(paragraph).text
    q = _collapse(safe_text(quote))
    if not q:
        return QuoteCheck(False, q, message="Copy the words you annotate into the Quote box "
                                            "first.")
    if len(q) > QUOTE_LIMIT:
        return QuoteCheck(False, q, message=f"Your quote has {len(q):,} characters; quote at "
                                            f"most {QUOTE_LIMIT:,} (a phrase or a sentence).")
    spans = tuple(find_spans(body, q))
    if spans:
        occurrence = occurrence if 1 <= occurrence <= len(spans) else 1
        note = ""
        if len(spans) > 1:
            note = (f"The quote occurs {len(spans)} times in paragraph {paragraph}; your note "
                    f"marks occurrence {occurrence}. To mark another, quote a few more words "
                    "around it.")
        return QuoteCheck(True, q, spans, occurrence, note)
    elsewhere = [p.id for p in doc.paragraphs if q in p.text]
    if elsewhere:
        return QuoteCheck(False, q, message=f"That quote is not in paragraph {paragraph}; it "
                                            f"occurs in paragraph {', '.join(elsewhere)}.")
    ids = [p.id for p in doc.paragraphs]
    for a, b in zip(doc.paragraphs, doc.paragraphs[1:]):
        joined = a.text + " " + b.text
        hit = joined.find(q)
        if hit != -1 and hit < len(a.text) < hit + len(q):
            return QuoteCheck(False, q, message=f"Your quote runs across paragraphs {a.id} "
                                                f"and {b.id}: quote from one paragraph at a "
                                                "time.")
    del ids
    closest = closest_passage(q, body)
    return QuoteCheck(False, q, message=f"That quote is not word for word in paragraph "
                                        f"{paragraph}. The closest passage is: \u201c{closest}"
                                        "\u201d. Copy it exactly, punctuation included.")


# ---------------------------------------------------------------------------------------
# Annotation records: pure changes


def _annotation(paragraph: str, quote, kind, note, doc=None, occurrence: int = 1) -> dict:
    check = locate_quote(paragraph, quote, doc, occurrence)
    if not check.ok:
        raise ReadingError(check.message)
    if kind not in LEARNER_KINDS:
        raise ReadingError(f"Choose a kind for your note: {', '.join(LEARNER_KINDS)}.")
    return {"quote": check.quote, "occurrence": check.occurrence, "kind": kind,
            "note": check_text(note, "note")}


def add_annotation(rec: dict, paragraph: str, quote, kind, note, doc=None) -> dict:
    rec = clean_annotations(rec)
    if len(rec["items"]) >= ANNOTATION_LIMIT:
        raise ReadingError(f"You have {ANNOTATION_LIMIT} annotations on paragraph {paragraph}, "
                           "the most one paragraph keeps: delete one to add another.")
    item = {"id": rec["next"], **_annotation(paragraph, quote, kind, note, doc)}
    return {"items": rec["items"] + [item], "next": rec["next"] + 1}


def edit_annotation(rec: dict, aid: int, paragraph: str, quote, kind, note, doc=None) -> dict:
    rec = clean_annotations(rec)
    if aid not in [i["id"] for i in rec["items"]]:
        raise ReadingError(f"There is no annotation {aid} on paragraph {paragraph}.")
    new = _annotation(paragraph, quote, kind, note, doc)
    items = [{**i, **new} if i["id"] == aid else i for i in rec["items"]]
    return {"items": items, "next": rec["next"]}


def delete_annotation(rec: dict, aid: int) -> dict:
    rec = clean_annotations(rec)
    return {"items": [i for i in rec["items"] if i["id"] != aid], "next": rec["next"]}


# ---------------------------------------------------------------------------------------
# The data: reading prompts and predictions


_cache: dict = {}


def _cached(path: Path, key: tuple, parse):
    """``parse()``, recomputed when the file at ``path`` changes (a cache of this module's
    own, so that it never evicts the annotations that excerpts caches for the same file)."""
    try:
        st = path.stat()
    except OSError:
        return parse()
    stamp = (str(path.resolve()), st.st_mtime_ns, st.st_size) + key
    if stamp not in _cache:
        for old in [k for k in _cache if k[0] == stamp[0] and k[3:] == key]:
            del _cache[old]
        _cache[stamp] = parse()
    return _cache[stamp]


@dataclass(frozen=True)
class Point:
    """What a good response notices, asked back to the learner: "Did you notice ...?",
    with a passage of the paragraph that shows it (verbatim)."""
    ask: str
    quote: str


@dataclass(frozen=True)
class Prompt:
    paragraph: str
    prompt: str
    model: str
    commentary: str = ""
    points: tuple = ()
    support: str = "full"
    lenses: tuple = ()

    def html(self) -> str:
        """The prompt as the learner reads it, composed with the method
        (:func:`closereading.method.prompt_html`)."""
        from closereading import method
        return method.prompt_html(self.support, self.lenses, self.prompt)

    def text(self) -> str:
        from closereading import method
        return method.prompt_text(self.support, self.lenses, self.prompt)

    def short(self) -> str:
        """The prompt in one line (the journal): the full questions left out."""
        from closereading import method
        lead, questions, rest = method.prompt_parts(self.support, self.lenses, self.prompt)
        return " ".join(x for x in ("" if questions else lead, rest) if x)


def _stem(notebook: str) -> str:
    from closereading.excerpts import notebook_stem
    return notebook_stem(notebook)


def _section_number(stem: str) -> int:
    from closereading.course import load_course
    return load_course().notebook(stem).section or 0


def parse_prompts(data, path, *, section: int, doc) -> dict[str, Prompt]:
    """The ``reading:`` list of an annotation file, validated: one entry per paragraph of
    the sub-section, each with ``prompt`` and ``model``."""
    from closereading.materials import Problems, YMap, require_list, require_str, unknown_keys
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'reading'")
        problems.raise_if_any()
    pids = [p.id for p in doc.section(section).paragraphs]
    entries = require_list(data, "reading", problems, path, None) or []
    prompts: dict[str, Prompt] = {}
    for i, entry in enumerate(entries):
        item = f"reading prompt {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each reading prompt should be a mapping with paragraph, prompt "
                               "and model", item=item, line=entries.line_of(i))
            continue
        unknown_keys(entry, PROMPT_FIELDS, problems, path, item)
        pid = require_str(entry, "paragraph", problems, path, item)
        support, lenses = _support(entry, problems, path, item)
        prompt = require_str(entry, "prompt", problems, path, item,
                             optional=support == "lens")
        if support == "lens" and prompt:
            problems.add(path, "a prompt with support 'lens' names its lenses only: leave "
                               "'prompt' out (the learner reads \"<lenses>: what do you "
                               "notice?\")", item=item, field="prompt",
                         line=entry.line_of("prompt"))
        model = require_str(entry, "model", problems, path, item)
        commentary = require_str(entry, "commentary", problems, path, item, optional=True)
        if pid is not None and pid not in pids:
            problems.add(path, f"paragraph {pid!r} is not in sub-section {section} (its "
                               f"paragraphs: {', '.join(pids)})", item=item,
                         field="paragraph", line=entry.line_of("paragraph"))
            continue
        if pid in prompts:
            problems.add(path, f"paragraph {pid} has a reading prompt already", item=item,
                         field="paragraph", line=entry.line_of("paragraph"))
            continue
        points = _points(entry, problems, path, item, doc.paragraph(pid).text) if pid else ()
        if pid and (prompt or support == "lens") and model and points and support:
            prompts[pid] = Prompt(pid, prompt or "", model, commentary or "", points,
                                  support, lenses)
    missing = [p for p in pids if p not in prompts]
    if missing and not problems:
        problems.add(path, f"every paragraph needs a reading prompt; missing: "
                           f"{', '.join(missing)}", field="reading",
                     line=data.line_of("reading"))
    problems.raise_if_any()
    return {p: prompts[p] for p in pids}


def _support(entry, problems, path, item) -> tuple[str | None, tuple]:
    """``support`` (a level of materials/method.yml) and ``lenses`` (ids of its lenses)."""
    from closereading import method
    from closereading.materials import require_list, require_str
    support = require_str(entry, "support", problems, path, item)
    if support is not None and support not in method.LEVELS:
        problems.add(path, f"should be one of {', '.join(method.LEVELS)} (see "
                           "materials/method.yml)", item=item, field="support",
                     line=entry.line_of("support"))
        support = None
    raw = require_list(entry, "lenses", problems, path, item) or []
    known = method.load().ids
    lenses = []
    for lid in raw:
        if lid not in known:
            problems.add(path, f"{lid!r} is not a lens of materials/method.yml (the lenses: "
                               f"{', '.join(known)})", item=item, field="lenses",
                         line=entry.line_of("lenses"))
        elif lid in lenses:
            problems.add(path, f"lens {lid!r} is named twice", item=item, field="lenses",
                         line=entry.line_of("lenses"))
        else:
            lenses.append(lid)
    if raw == [] and isinstance(entry.get("lenses"), list):
        problems.add(path, "names no lens: give at least one", item=item, field="lenses",
                     line=entry.line_of("lenses"))
    return support, tuple(lenses)


def _points(entry, problems, path, item, body: str) -> tuple:
    """``points``: 3 to 5 "Did you notice ...?" questions, each quoting the paragraph."""
    from closereading.excerpts import closest_passage
    from closereading.materials import YMap, require_list, require_str, unknown_keys
    raw = require_list(entry, "points", problems, path, item)
    if raw is None:
        return ()
    if not POINTS_MIN <= len(raw) <= POINTS_MAX:
        problems.add(path, f"has {len(raw)} points; give {POINTS_MIN} to {POINTS_MAX} (what a "
                           "good response notices, as \"Did you notice ...?\")", item=item,
                     field="points", line=entry.line_of("points"))
    points = []
    for i, point in enumerate(raw):
        where = f"{item}, point {i + 1}"
        if not isinstance(point, YMap):
            problems.add(path, "each point should be a mapping with ask and quote",
                         item=where, line=raw.line_of(i))
            continue
        unknown_keys(point, POINT_FIELDS, problems, path, where)
        ask = require_str(point, "ask", problems, path, where)
        quote = require_str(point, "quote", problems, path, where)
        if ask and not (ask.startswith("Did you notice") and ask.endswith("?")):
            problems.add(path, "should ask \"Did you notice ...?\" (start with those words "
                               "and end with a question mark)", item=where, field="ask",
                         line=point.line_of("ask"))
            continue
        if quote and quote not in body:
            problems.add(path, f"not word for word in the paragraph; the closest passage "
                               f"is: {closest_passage(quote, body)!r}", item=where,
                         field="quote", line=point.line_of("quote"))
            continue
        if ask and quote:
            points.append(Point(ask, quote))
    return tuple(points) if len(points) == len(raw) else ()


def load_prompts(notebook: str) -> dict[str, Prompt]:
    """The reading prompts of a notebook, in paragraph order (cached until the file
    changes)."""
    from closereading import text
    from closereading.materials import load_yaml, materials_file
    stem = _stem(notebook)
    path = materials_file("annotations", f"{stem}.yml")
    doc = text.load()
    return _cached(path, ("reading", id(doc)),
                   lambda: parse_prompts(load_yaml(path), path,
                                         section=_section_number(stem), doc=doc))


def reading_notebooks() -> list[str]:
    """The stems of the notebooks with reading prompts: 00 and the section notebooks."""
    from closereading.course import load_course
    from closereading.materials import materials_file
    return [Path(nb.file).stem for nb in load_course().notebooks
            if materials_file("annotations", f"{Path(nb.file).stem}.yml").exists()]


def load_all_prompts() -> dict[str, dict[str, Prompt]]:
    from closereading.materials import load_each
    return load_each(load_prompts, reading_notebooks())


def prompt_for(paragraph: str) -> Prompt:
    for prompts in load_all_prompts().values():
        if paragraph in prompts:
            return prompts[paragraph]
    raise ReadingError(f"no reading prompt for paragraph {paragraph!r}")


@dataclass(frozen=True)
class Prediction:
    """A guess made before the reading. A guess about a number has a ``measure`` (the
    count it is set beside); a guess about meaning has a ``revisit`` instead: the question
    that brings it back once the passage has been read."""
    id: str
    notebook: str
    prompt: str
    type: str
    measure: dict
    returns_in: str
    revisit: str = ""

    @property
    def after_key(self) -> str:
        """Where the learner's second look at a guess about meaning is kept."""
        return f"{self.id}/after"


# What a prediction is measured by: name -> (parameters, function(params) -> (value, text)).
def _measure_count(params):
    from closereading import stats
    sid = str(params["section"])
    words = stats.course_corpus().section_words(sid)
    n = words.count(str(params["word"]).lower())
    return n, (f"\u201c{params['word']}\u201d occurs {n} times in sub-section {sid} "
               f"({len(words)} words).")


def _measure_words(params):
    from closereading import stats
    sid = str(params["section"])
    n = len(stats.course_corpus().section_words(sid))
    return n, f"Sub-section {sid} has {n} words."


def _measure_profile(params):
    from closereading import stats
    corpus = stats.course_corpus()
    lines = []
    for sid in ("1", "2", "3", "4", "5"):
        kws = [k.word for k in stats.section_keywords(sid, n=3, corpus=corpus)]
        lines.append(f"sub-section {sid}: {len(corpus.section_words(sid))} words; "
                     f"most distinctive words: {', '.join(kws)}")
    return None, "; ".join(lines)[0].upper() + "; ".join(lines)[1:] + "."


MEASURES = {"count": (("word", "section"), _measure_count),
            "words": (("section",), _measure_words),
            "section-profile": ((), _measure_profile)}


def parse_predictions(data, path, *, notebooks) -> dict[str, Prediction]:
    from closereading.materials import Problems, YList, YMap, require_str, unknown_keys
    problems = Problems()
    if not isinstance(data, YList):
        problems.add(path, "should be a list of predictions")
        problems.raise_if_any()
    out: dict[str, Prediction] = {}
    for i, entry in enumerate(data):
        item = f"prediction {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each prediction should be a mapping", item=item,
                         line=data.line_of(i))
            continue
        unknown_keys(entry, PREDICTION_FIELDS, problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item)
                  for k in ("id", "notebook", "prompt", "type", "returns_in")}
        pid = fields["id"]
        if pid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
            problems.add(path, "should be lower-case letters, digits and single hyphens",
                         item=item, field="id", line=entry.line_of("id"))
        if pid in out:
            problems.add(path, f"id {pid!r} is used twice", item=item, field="id",
                         line=entry.line_of("id"))
        for key in ("notebook", "returns_in"):
            if fields[key] and fields[key] not in notebooks:
                problems.add(path, f"no notebook {fields[key]!r} in course.yml (ids: "
                                   f"{', '.join(notebooks)})", item=item, field=key,
                             line=entry.line_of(key))
        if fields["type"] and fields["type"] not in PREDICTION_TYPES:
            problems.add(path, f"should be one of {', '.join(PREDICTION_TYPES)}", item=item,
                         field="type", line=entry.line_of("type"))
        measure = entry.get("measure")
        revisit = require_str(entry, "revisit", problems, path, item, optional=True)
        name = measure.get("name") if isinstance(measure, dict) else None
        if (measure is None) == (revisit is None):
            problems.add(path, "give either 'measure' (a guess about a number, set beside "
                               "the count) or 'revisit' (a guess about meaning, and the "
                               "question that brings it back after the reading), not both",
                         item=item, field="measure" if measure is not None else "revisit",
                         line=entry.line)
        elif revisit is not None:
            measure = {}
        elif name not in MEASURES:
            problems.add(path, f"should be a mapping whose 'name' is one of "
                               f"{', '.join(MEASURES)}", item=item, field="measure",
                         line=entry.line_of("measure"))
        else:
            wanted = set(MEASURES[name][0])
            given = set(measure) - {"name"}
            if given != wanted:
                problems.add(path, f"the measure {name!r} takes "
                                   f"{', '.join(sorted(wanted)) or 'no parameters'}",
                             item=item, field="measure", line=entry.line_of("measure"))
        if not problems and all(fields.values()):
            out[pid] = Prediction(pid, fields["notebook"], fields["prompt"], fields["type"],
                                  dict(measure), fields["returns_in"], revisit or "")
    problems.raise_if_any()
    return out


def load_predictions() -> dict[str, Prediction]:
    from closereading.course import load_course
    from closereading.materials import load_yaml, materials_file
    path = materials_file("predictions.yml")
    ids = [nb.id for nb in load_course().notebooks]
    return _cached(path, ("predictions", tuple(ids)),
                   lambda: parse_predictions(load_yaml(path), path, notebooks=ids))


def prediction(pid: str) -> Prediction:
    preds = load_predictions()
    if pid not in preds:
        import difflib
        close = difflib.get_close_matches(pid, preds, n=1)
        raise ReadingError(f"no prediction {pid!r} in predictions.yml"
                           + (f"; did you mean {close[0]!r}?" if close else ""))
    return preds[pid]


def measured(pred: Prediction):
    """(value, sentence): the measured answer of a prediction; (None, "") for a guess
    about meaning, which has no measure."""
    if pred.revisit:
        return None, ""
    name = pred.measure["name"]
    return MEASURES[name][1](pred.measure)


# ---------------------------------------------------------------------------------------
# Think first: a question answered before the course says its piece


@dataclass(frozen=True)
class ThinkFirst:
    id: str
    notebook: str
    prompt: str
    then: str = ""
    label: str = THINK_LABEL      # what unfolds, named (its heading, and the fold's summary)


def parse_think_first(data, path, *, notebooks) -> dict[str, ThinkFirst]:
    """``think-first.yml``: questions a learner answers before the course's own answer
    (``then``, optional: a notebook may pass a view instead) unfolds."""
    from closereading.materials import Problems, YList, YMap, require_str, unknown_keys
    problems = Problems()
    if not isinstance(data, YList):
        problems.add(path, "should be a list of questions")
        problems.raise_if_any()
    out: dict[str, ThinkFirst] = {}
    for i, entry in enumerate(data):
        item = f"question {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each question should be a mapping with id, notebook and "
                               "prompt", item=item, line=data.line_of(i))
            continue
        unknown_keys(entry, THINK_FIELDS, problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item)
                  for k in ("id", "notebook", "prompt")}
        then = require_str(entry, "then", problems, path, item, optional=True) or ""
        label = require_str(entry, "label", problems, path, item, optional=True) or THINK_LABEL
        tid = fields["id"]
        if tid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tid):
            problems.add(path, "should be lower-case letters, digits and single hyphens",
                         item=item, field="id", line=entry.line_of("id"))
        elif tid in out:
            problems.add(path, f"id {tid!r} is used twice", item=item, field="id",
                         line=entry.line_of("id"))
        if fields["notebook"] and fields["notebook"] not in notebooks:
            problems.add(path, f"no notebook {fields['notebook']!r} in course.yml (ids: "
                               f"{', '.join(notebooks)})", item=item, field="notebook",
                         line=entry.line_of("notebook"))
        if not problems and all(fields.values()):
            out[tid] = ThinkFirst(tid, fields["notebook"], fields["prompt"], then, label)
    problems.raise_if_any()
    return out


def load_think_first() -> dict[str, ThinkFirst]:
    from closereading.course import load_course
    from closereading.materials import load_yaml, materials_file
    path = materials_file("think-first.yml")
    ids = [nb.id for nb in load_course().notebooks]
    return _cached(path, ("think-first", tuple(ids)),
                   lambda: parse_think_first(load_yaml(path), path, notebooks=ids))


def think(tid: str) -> ThinkFirst:
    found = load_think_first()
    if tid not in found:
        import difflib
        close = difflib.get_close_matches(tid, found, n=1)
        raise ReadingError(f"no question {tid!r} in think-first.yml"
                           + (f"; did you mean {close[0]!r}?" if close else ""))
    return found[tid]


def paragraphs_html(text: str) -> str:
    """The course's prose of a data file as HTML paragraphs (blank lines divide them;
    *emphasis* and `code` as in the exercises' tasks), escaped."""
    from closereading.exercises import _block
    return _block(text)


def think_first_static(item: ThinkFirst, then: Rich | None = None) -> Rich:
    """Without a kernel: the question, ruled space, then the course's answer folded."""
    after = then or Rich(paragraphs_html(item.then), item.then)
    summary = f"{item.label} (open it after you have written your answer)"
    html = (f'<div class="cr-think-static"><p style="margin:0.4em 0"><strong>Think first.'
            f"</strong> {esc(item.prompt)}</p>{ruled(3, 'Your answer')}"
            f"<details><summary>{esc(summary)}</summary>{after.html}</details></div>")
    text = (f"Think first. {item.prompt}\nYour answer: (write it in the box when the "
            f"notebook runs, or on paper)\n{summary}:\n{after.text}")
    return Rich(html, text)


def check_prediction(pred: Prediction, value) -> str:
    text = check_text(value, "prediction")
    if pred.type == "number":
        try:
            number = float(text.strip().replace(",", ""))
        except ValueError:
            raise ReadingError("Type a number, such as 12.") from None
        if number != number or abs(number) > 1e9:
            raise ReadingError("Type a number, such as 12.")
    return text.strip()


# ---------------------------------------------------------------------------------------
# Summary and journal


def summary(notebook: str, store: P.Store | None = None) -> dict:
    """What the learner has written in one notebook: ``{"done": n, "total": m}`` counts
    reading responses saved, predictions made and discussion questions answered, with the
    parts under ``"parts"``."""
    store = store or P.store()
    stem = _stem(notebook)
    nid = stem[:2]
    parts = {}
    try:
        pids = list(load_prompts(stem))
    except Exception:  # noqa: BLE001 - a notebook without reading prompts
        pids = []
    reading = store.records(READING)
    parts["reading"] = (sum(reading.get(p, fresh_reading())["saved"] for p in pids), len(pids))
    preds = [p for p in load_predictions().values() if p.notebook == nid]
    saved = store.records(PREDICTIONS)
    parts["predictions"] = (sum(bool(saved.get(p.id, {}).get("text")) for p in preds),
                            len(preds))
    nq = len(discussion_questions(stem)[1])
    answers = store.records(DISCUSSION)
    parts["discussion"] = (sum(bool(answers.get(f"{stem}/{n}", {}).get("text"))
                               for n in range(1, nq + 1)), nq)
    return {"done": sum(d for d, _ in parts.values()), "total": sum(t for _, t in parts.values()),
            "parts": {k: {"done": d, "total": t} for k, (d, t) in parts.items()}}


def discussion_questions(notebook: str):
    """(the view, the questions) of a notebook's discussion: a sub-section's from its
    annotation file; those of ``context.yml`` for the notebook that asks them
    (``discussion: context`` in course.yml, notebook 07); any other none."""
    from closereading.course import load_course
    stem = _stem(notebook)
    if _section_number(stem):
        from closereading import excerpts
        return excerpts.discussion(stem), tuple(excerpts.load(stem).discussion)
    if load_course().notebook(stem).discussion == "context":
        from closereading import context
        return context.discussion(), tuple(context.load().discussion)
    return Rich("", ""), ()


def saved_responses(store: P.Store | None = None) -> list[tuple[str, str]]:
    """(paragraph id, response) of every response saved in the sub-sections, in the order
    of the text."""
    from closereading import text as _text_mod
    store = store or P.store()
    reading = store.records(READING)
    out = []
    for p in _text_mod.load().paragraphs:
        rec = reading.get(p.id)
        if p.id != "0.1" and rec and rec["saved"]:
            out.append((p.id, rec["text"]))
    return out


def md_escape(text: str) -> str:
    """A learner's text for the Markdown journal: HTML characters as entities (a viewer
    never runs what was typed), and the characters that start Markdown syntax
    backslash-escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#|!])", r"\\\1", text)


def _quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in md_escape(text).splitlines())


def journal_markdown(store: P.Store | None = None) -> str:
    """Everything the learner has written, notebook by notebook, as Markdown."""
    from closereading import text as _text_mod
    from closereading.course import load_course
    store = store or P.store()
    doc = _text_mod.load()
    reading, notes = store.records(READING), store.records(ANNOTATIONS)
    preds, answers = store.records(PREDICTIONS), store.records(DISCUSSION)
    checks, thoughts = store.records(SELFCHECK), store.records(THINK)
    predictions = load_predictions()
    try:
        think_items = list(load_think_first().values())
    except Exception:  # noqa: BLE001 - a broken file is reported where it is used
        think_items = []
    out = ["# My reading journal", "",
           "Part III of *China's Peaceful Development* (2011), read closely.", ""]
    for nb in load_course().notebooks:
        stem = Path(nb.file).stem
        part: list[str] = []
        for p in predictions.values():
            if p.notebook == nb.id and preds.get(p.id, {}).get("text"):
                part += [f"**Prediction.** {md_escape(p.prompt)}", "",
                         _quoted(preds[p.id]["text"]), ""]
            if p.returns_in == nb.id and p.revisit and preds.get(p.after_key, {}).get("text"):
                part += [f"**After the reading.** {md_escape(p.revisit)}", "",
                         _quoted(preds[p.after_key]["text"]), ""]
        for t in think_items:
            if t.notebook == nb.id and thoughts.get(t.id, {}).get("text"):
                part += [f"**Think first.** {md_escape(t.prompt)}", "",
                         _quoted(thoughts[t.id]["text"]), ""]
        pids = [p.id for p in doc.section(nb.section or 0).paragraphs] if (
            nb.section or stem in reading_notebooks()) else []
        for pid in pids:
            rec = reading.get(pid)
            items = (notes.get(pid) or fresh_annotations())["items"]
            if not (rec and rec["saved"]) and not items and pid not in checks:
                continue
            part += [f"### Paragraph {pid}", ""]
            if rec and rec["saved"]:
                try:
                    part += [f"*Prompt:* {md_escape(prompt_for(pid).short())}", ""]
                except Exception:  # noqa: BLE001 - the prompt was removed; the response stays
                    pass
                part += [_quoted(rec["text"]), ""]
            check = checks.get(pid)
            if check and (check["ticked"] or check["missed"]):
                try:
                    total = len(prompt_for(pid).points)
                except Exception:  # noqa: BLE001 - the prompt was removed; the check stays
                    total = max(check["ticked"], default=0)
                ticked = [n for n in check["ticked"] if n <= total]
                line = (f"*Did you notice ...?* {len(ticked)} of {total} points ticked"
                        + (f" ({', '.join(map(str, ticked))})" if ticked else "") + ".")
                if check["missed"]:
                    line += f" *What I missed:* {md_escape(check['missed'])}"
                part += [line, ""]
            for item in items:
                part += [f"- **{item['kind']}**, on \u201c{md_escape(item['quote'])}\u201d: "
                         + md_escape(item["note"]).replace("\n", "\n  ")]
            if items:
                part.append("")
        for q in discussion_questions(stem)[1]:
            ans = answers.get(f"{stem}/{q.number}", {}).get("text")
            if ans:
                part += [f"**Discussion {q.number}.** {md_escape(q.question)}", "",
                         _quoted(ans), ""]
        if nb.capstone:
            part += _capstone_journal(store)
        if part:
            out += [f"## {nb.id} \u00b7 {md_escape(nb.title)}", ""] + part
    if len(out) == 4:
        out += ["Nothing written yet.", ""]
    return "\n".join(out).rstrip() + "\n"


def _capstone_journal(store: P.Store) -> list[str]:
    """The capstone in the journal: the passage's title and source, each paragraph's
    response and annotations, the commentary and the self-assessment."""
    from closereading import capstone
    work = capstone.work_of({k: store.records(k) for k in capstone.KINDS})
    if work is None:
        return []
    settings = capstone.load_settings()
    part = [f"### My passage: {md_escape(work['title']) or 'untitled'}", "",
            f"{work['paragraphs']} paragraphs, {work['words']} words; lenses: "
            + (", ".join(md_escape(x) for x in work["lenses"]) or "none") + ".", ""]
    for pid, _body, response, _counted, items in work["paragraph_texts"]:
        response = response if response.strip() else ""
        if not response and not items:
            continue
        part += [f"#### {pid}", ""]
        if response:
            part += [_quoted(response), ""]
        for item in items:
            note = md_escape(item["note"]).replace("\n", "\n  ")
            part.append(f"- **{md_escape(item['kind'])}**, on "
                        f"\u201c{md_escape(item['quote'])}\u201d: {note}")
        if items:
            part.append("")
    if work["commentary"]:
        part += [f"### My commentary ({work['commentary_words']} words)", "",
                 _quoted(work["commentary"]), ""]
    levels = work["self_assessment"]
    if any(v is not None for v in levels.values()):
        part += ["### My assessment against the rubric", ""]
        for c in settings.rubric.criteria:
            if levels.get(c.id) is not None:
                line = (f"- **{md_escape(c.name)}**: {levels[c.id]} "
                        f"{md_escape(settings.rubric.label(levels[c.id]))}")
                if work["evidence"].get(c.id):
                    line += f". {md_escape(work['evidence'][c.id])}"
                part.append(line)
        part.append("")
        if work["revise"]:
            part += [f"*What I would revise first:* {md_escape(work['revise'])}", ""]
    return part


def journal_path() -> Path:
    """Where the journal is written: beside the notebook that exports it (the kernel's
    folder), as the submission is, so that the learner finds it in JupyterLab's file
    browser. (The progress file lives in a hidden user-data folder.)"""
    return Path.cwd() / "reading-journal.md"


def export_journal(path=None, store: P.Store | None = None) -> Path:
    """Write the journal as a Markdown file (beside the notebook by default)."""
    path = Path(path) if path is not None else journal_path()
    from closereading import safeio
    return safeio.write_text(path, journal_markdown(store))


def journal(store: P.Store | None = None) -> Rich:
    """The journal, shown in the notebook (as preformatted Markdown)."""
    md = journal_markdown(store)
    return Rich(f'<pre style="white-space:pre-wrap">{esc(md)}</pre>', md)


# ---------------------------------------------------------------------------------------
# Static views (no kernel): the prompt, ruled space, the notes folded


RULED = ('<div aria-hidden="true" style="border-bottom:1px solid #767676;height:1.9em">'
         "</div>")


def ruled(lines: int = 4, label: str = "Your response") -> str:
    return (f'<div class="cr-ruled" style="margin:0.3em 0 0.6em 0"><p style="margin:0">'
            f"<em>{esc(label)}:</em></p>" + RULED * lines + "</div>")


def _teacher() -> bool:
    from closereading.paths import edition
    return edition() == "teacher"


def _paragraph_html(pid: str, body: str) -> str:
    return (f'<p style="margin:0.4em 0;line-height:1.6"><strong>[{esc(pid)}]</strong> '
            f"{esc(body)}</p>")


def _prompt_html(prompt: Prompt) -> str:
    return prompt.html()


def _support_line(prompt: Prompt) -> str:
    from closereading import method
    return (f"Support: {method.LEVEL_LABELS[prompt.support]} "
            f"(lenses: {method.lens_names(prompt.lenses)}).")


def _model_html(prompt: Prompt) -> str:
    return (f'<div style="border-left:3px solid #0072B2;padding-left:0.6em;margin:0.4em 0">'
            f"<p style=\"margin:0.2em 0\"><strong>{esc(_support_line(prompt))}</strong></p>"
            f"<p style=\"margin:0.2em 0\"><strong>What a good response notices (teacher "
            f"edition):</strong> {esc(prompt.model)}</p></div>")


POINTS_HEAD = "Did you notice ...? Tick each point that your response has."


def point_label(point: Point) -> str:
    """A point as the learner reads it: the question, then the passage that shows it."""
    return f"{point.ask} (\u201c{point.quote}\u201d)"


def points_html(prompt: Prompt, *, boxes: bool = True) -> str:
    """The prompt's points as a list: with "[ ]" to tick on paper, or plain (teacher)."""
    mark = "[ ] " if boxes else ""
    items = "".join(f"<li>{mark}{esc(point_label(p))}</li>" for p in prompt.points)
    head = POINTS_HEAD if boxes else "What a good response notices, point by point:"
    return (f'<div class="cr-selfcheck-static"><p style="margin:0.3em 0"><strong>'
            f"{esc(head)}</strong></p><ul style=\"list-style:none;padding-left:1em;"
            f'margin:0.2em 0">{items}</ul>'
            + (ruled(1, "What I missed (one line)") if boxes else "") + "</div>")


def points_text(prompt: Prompt, *, boxes: bool = True) -> str:
    mark = "[ ] " if boxes else "- "
    head = POINTS_HEAD if boxes else "What a good response notices, point by point:"
    return "\n".join([head] + [f"  {mark}{point_label(p)}" for p in prompt.points]
                     + (["What I missed (one line): ______"] if boxes else []))


def _notes(stem: str, pid: str, prompt: Prompt) -> Rich:
    parts_html, parts_text = [], []
    if _section_number(stem):
        from closereading import excerpts
        view = excerpts.passage(stem, pid)
        parts_html.append(view.html)
        parts_text.append(view.text)
    if prompt.commentary:
        parts_html.append(f"<p>{esc(prompt.commentary)}</p>")
        parts_text.append(prompt.commentary)
    if prompt.support == "worked":
        from closereading import method
        worked = method.worked_example()
        parts_html.append(worked.html)
        parts_text.append(worked.text)
    return Rich("".join(parts_html), "\n".join(parts_text))


def static_passage(notebook: str, paragraph: str) -> Rich:
    """The passage without a kernel: paragraph, prompt, ruled space, then what a good
    response notices (to tick on paper) and the notes, folded. The teacher edition prints
    the support level, the model response and the points in place of the ruled space."""
    from closereading import text as _text_mod
    stem = _stem(notebook)
    prompt = _prompt(stem, paragraph)
    body = _text_mod.load().paragraph(paragraph).text
    notes = _notes(stem, paragraph, prompt)
    teacher = _teacher()
    folded = ("The course\u2019s notes" if teacher else
              "What a good response notices, and the course\u2019s notes")
    html = (f'<div class="cr-reading-static">{_paragraph_html(paragraph, body)}'
            f"{_prompt_html(prompt)}"
            + (_model_html(prompt) + points_html(prompt, boxes=False) if teacher else ruled())
            + f"<details><summary>{folded} on paragraph {esc(paragraph)} (open them after "
              f"you have written your response)</summary>"
              f"{'' if teacher else points_html(prompt)}{notes.html}</details></div>")
    text = (f"[{paragraph}] {body}\n\n{prompt.text()}\n"
            + (f"\n{_support_line(prompt)}\nWhat a good response notices (teacher edition): "
               f"{prompt.model}\n{points_text(prompt, boxes=False)}\n"
               if teacher else "\nYour response: (write it in the box when the notebook "
                               "runs, or on paper)\n")
            + f"\n{folded.replace(chr(0x2019), chr(39))} on paragraph {paragraph} (folded in the "
              f"live notebook until you respond):\n"
            + ("" if teacher else points_text(prompt) + "\n") + notes.text)
    return Rich(html, text)


def _prompt(stem: str, paragraph: str) -> Prompt:
    prompts = load_prompts(stem)
    if str(paragraph) not in prompts:
        raise ReadingError(f"paragraph {paragraph!r} has no reading prompt in {stem} (its "
                           f"paragraphs: {', '.join(prompts)})")
    return prompts[str(paragraph)]


# ---------------------------------------------------------------------------------------
# Highlighting a paragraph with the course's notes and the learner's


_COURSE_MARK = "background:#fff1a8;color:#1a1a1a;padding:0 1px"
_OWN_MARK = ("border-bottom:3px double #0072B2;padding:0 1px")


def marked_paragraph(stem: str, pid: str, items, doc=None, *, course: bool = True) -> str:
    """The paragraph with the course's anchors (highlighted, numbered [1]) and the
    learner's (double underline, numbered [Y1]) as HTML; the two differ in shape and label,
    not in colour alone. ``course=False`` leaves the course's anchors out (before the
    learner has annotated the paragraph)."""
    from closereading import text as _text_mod
    from closereading.excerpts import load as load_annotations
    doc = doc or _text_mod.load()
    body = doc.paragraph(pid).text
    marks = []
    if course and _section_number(stem):
        data = load_annotations(stem)
        marks = [(s, e, ("c", a.number)) for a in data.for_paragraph(pid) for s, e in a.spans]
    own = []
    for item in items:
        spans = [(s, e) for s, e in _spans(body, item["quote"])]
        if spans:
            s, e = spans[min(item["occurrence"], len(spans)) - 1]
            own.append((s, e, ("y", item["id"])))
    spans = marks + own
    cuts = sorted({0, len(body)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [tag for s, e, tag in spans if s <= start and end <= e]
        piece = esc(body[start:end])
        if any(t[0] == "y" for t in covering):
            piece = f'<span class="cr-own-mark" style="{_OWN_MARK}">{piece}</span>'
        if any(t[0] == "c" for t in covering):
            piece = f'<mark style="{_COURSE_MARK}">{piece}</mark>'
        out.append(piece)
        for s, e, tag in spans:
            if e == end:
                label = f"{tag[1]}" if tag[0] == "c" else f"Y{tag[1]}"
                aria = f"course note {tag[1]}" if tag[0] == "c" else f"your note Y{tag[1]}"
                out.append(f'<sup aria-label="{aria}">[{label}]</sup>')
    return (f'<p class="cr-own-passage" style="margin:0.4em 0;line-height:1.7">'
            f"<strong>[{esc(pid)}]</strong> {''.join(out)}</p>")


def _spans(body: str, quote: str):
    from closereading.excerpts import find_spans
    return find_spans(body, quote) if quote else []


def own_notes_html(items) -> str:
    if not items:
        return "<p><em>No annotations of yours on this paragraph yet.</em></p>"
    rows = "".join(
        f'<li><strong>[Y{i["id"]}]</strong> <em>{esc(i["kind"])}</em>, on '
        f"\u201c{esc(i['quote'])}\u201d: <span class=\"cr-own-note\" "
        f'style="white-space:pre-wrap">{esc(i["note"])}</span></li>' for i in items)
    return (f'<ol aria-label="Your annotations" style="list-style:none;padding-left:1em">'
            f"{rows}</ol>")


# ---------------------------------------------------------------------------------------
# Calls for the notebooks (widgets are imported only here)


def passage(notebook: str, paragraph: str):
    """Paragraph, reading prompt and response box; the notes unfold once a response is
    saved, or when the learner chooses to see them without answering."""
    from closereading.reading_widgets import ReadingView
    stem = _stem(notebook)
    return ReadingView(stem, str(paragraph))


def annotate(notebook: str, paragraph: str):
    """The learner's own annotations of one paragraph: quote, kind, note; list, edit,
    delete, and export the journal."""
    from closereading.reading_widgets import AnnotateView
    stem = _stem(notebook)
    _prompt(stem, paragraph)
    return AnnotateView(stem, str(paragraph))


def predict(pid: str):
    from closereading.reading_widgets import PredictionView
    return PredictionView(prediction(pid))


def compare(pid: str):
    from closereading.reading_widgets import CompareView
    return CompareView(prediction(pid))


def discussion(notebook: str):
    from closereading.reading_widgets import DiscussionView
    return DiscussionView(_stem(notebook))


def think_first(tid: str, then: Rich | None = None):
    """A question answered before the course's answer unfolds: the ``then`` of
    ``think-first.yml``, or ``then`` (a view such as ``context.readings()``)."""
    from closereading.reading_widgets import ThinkFirstView
    item = think(tid)
    if then is None and not item.then:
        raise ReadingError(f"think-first question {tid!r} has no 'then' in think-first.yml: "
                           "give the course's answer there, or pass the view to unfold "
                           "(reading.think_first(..., then=...))")
    return ThinkFirstView(item, then)


def my_responses():
    """The learner's saved responses of notebooks 01 to 05 (for notebook 06)."""
    from closereading.reading_widgets import MyResponsesView
    return MyResponsesView()
