"""The context of Part III and the main readings of it (``materials/context.yml``):
validation, and the views of notebook 07.

The file has three parts: ``record`` (dated events in parts, each with references),
``readings`` (each reading with who argues it, the claim, its evidence, its critics, its
references and the passages of Part III it bears on, quoted verbatim) and ``discussion``
(questions with teacher's notes). Every problem is reported at once, naming the file, the
line, the item and the field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from closereading import apparatus
from closereading.html import Rich, esc
from closereading.materials import (Problems, YMap, load_yaml, materials_file, require_list,
                                    require_str, unknown_keys)

RECORD_FIELDS = ("id", "title", "summary", "events")
EVENT_FIELDS = ("date", "year", "event", "references")
READING_FIELDS = ("id", "title", "who", "claim", "evidence", "critics", "references",
                  "bears_on")
DISCUSSION_FIELDS = ("question", "teacher_notes")
MIN_READINGS = 8


@dataclass(frozen=True)
class Event:
    date: str
    year: int
    event: str
    references: tuple[str, ...]
    part: str = ""
    id: str = ""


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    summary: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Passage:
    paragraph: str
    quote: str


@dataclass(frozen=True)
class Reading:
    id: str
    title: str
    who: str
    claim: str
    evidence: str
    critics: str
    references: tuple[str, ...]
    bears_on: tuple[Passage, ...]


@dataclass(frozen=True)
class Question:
    number: int
    question: str
    teacher_notes: str


@dataclass(frozen=True)
class Context:
    record: tuple[Part, ...]
    readings: tuple[Reading, ...]
    discussion: tuple[Question, ...]
    path: str

    def events(self) -> list[Event]:
        return [e for part in self.record for e in part.events]

    def reference_ids(self) -> list[str]:
        """Every reference the file cites, in order of first citation."""
        seen: dict[str, None] = {}
        for e in self.events():
            seen.update(dict.fromkeys(e.references))
        for r in self.readings:
            seen.update(dict.fromkeys(r.references))
        return list(seen)


def context_path() -> Path:
    return materials_file("context.yml")


def _refs(entry, problems, path, item, references) -> tuple[str, ...]:
    ids = apparatus._reference_ids(entry, "references", references, problems, path, item,
                                   required=True)
    return tuple(ids or ())


def _ident(entry, problems, path, item, seen: dict) -> str | None:
    value = require_str(entry, "id", problems, path, item)
    if value is None:
        return None
    if not apparatus.ID_PATTERN.match(value):
        problems.add(path, "should be lower-case letters, digits and single hyphens",
                     item=item, field="id", line=entry.line_of("id"))
    if value in seen:
        problems.add(path, f"duplicate id: already used by {seen[value]}", item=item,
                     field="id", line=entry.line_of("id"))
    seen.setdefault(value, item)
    return value


def parse_context(data, path="context.yml", *, references=None, doc=None) -> Context:
    """Validate the data of ``context.yml``; every problem is reported at once."""
    from closereading import text
    from closereading.excerpts import closest_passage
    references = apparatus.load_references() if references is None else references
    doc = text.load() if doc is None else doc
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'record', 'readings' and 'discussion'",
                     line=getattr(data, "line", None))
        problems.raise_if_any()
    unknown_keys(data, ("record", "readings", "discussion"), problems, path, None)
    seen: dict[str, str] = {}
    parts: list[Part] = []
    for i, entry in enumerate(require_list(data, "record", problems, path, None) or []):
        item = f"record part {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each part of the record should be a mapping", item=item,
                         line=data["record"].line_of(i))
            continue
        pid = _ident(entry, problems, path, item, seen)
        item = pid or item
        unknown_keys(entry, RECORD_FIELDS, problems, path, item)
        title = require_str(entry, "title", problems, path, item)
        summary = require_str(entry, "summary", problems, path, item)
        events: list[Event] = []
        raw = require_list(entry, "events", problems, path, item) or []
        if "events" in entry and not raw:
            problems.add(path, "needs at least one event", item=item, field="events",
                         line=entry.line_of("events"))
        for j, ev in enumerate(raw):
            where = f"{item}, event {j + 1}"
            if not isinstance(ev, YMap):
                problems.add(path, "each event should be a mapping with date, year, event "
                                   "and references", item=where, line=raw.line_of(j))
                continue
            unknown_keys(ev, EVENT_FIELDS, problems, path, where)
            date = require_str(ev, "date", problems, path, where)
            body = require_str(ev, "event", problems, path, where)
            year = ev.get("year")
            if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
                problems.add(path, "should be the year as a whole number, such as 2010",
                             item=where, field="year", line=ev.line_of("year") or ev.line)
                year = None
            elif date and str(year) not in date and not date.startswith("c."):
                problems.add(path, f"the date {date!r} does not contain the year {year}",
                             item=where, field="year", line=ev.line_of("year"))
            refs = _refs(ev, problems, path, where, references)
            if events and year is not None and year < events[-1].year:
                problems.add(path, "events should be in date order within a part", item=where,
                             field="year", line=ev.line_of("year"))
            if date and body and year is not None and refs:
                events.append(Event(date, year, body, refs, pid or "",
                                    f"{pid}-{j + 1}" if pid else ""))
        if pid and title and summary and events:
            parts.append(Part(pid, title, summary, tuple(events)))

    readings: list[Reading] = []
    raw_readings = require_list(data, "readings", problems, path, None) or []
    for i, entry in enumerate(raw_readings):
        item = f"reading {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each reading should be a mapping", item=item,
                         line=raw_readings.line_of(i))
            continue
        rid = _ident(entry, problems, path, item, seen)
        item = rid or item
        unknown_keys(entry, READING_FIELDS, problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item)
                  for k in ("title", "who", "claim", "evidence", "critics")}
        refs = _refs(entry, problems, path, item, references)
        passages: list[Passage] = []
        raw_passages = require_list(entry, "bears_on", problems, path, item) or []
        if "bears_on" in entry and not raw_passages:
            problems.add(path, "needs at least one passage of Part III", item=item,
                         field="bears_on", line=entry.line_of("bears_on"))
        for j, pas in enumerate(raw_passages):
            field = f"bears_on[{j}]"
            if not isinstance(pas, YMap):
                problems.add(path, "should be a mapping: {paragraph: \"5.1\", quote: \"...\"}",
                             item=item, field=field, line=raw_passages.line_of(j))
                continue
            unknown_keys(pas, ("paragraph", "quote"), problems, path, item)
            pid = require_str(pas, "paragraph", problems, path, item)
            quote = pas.get("quote")
            if not isinstance(quote, str) or not quote.strip():
                problems.add(path, "is required: a verbatim quotation", item=item,
                             field=f"{field}.quote", line=pas.line)
                continue
            if pid is None:
                continue
            if not doc.has_paragraph(pid):
                problems.add(path, f"no paragraph {pid!r} in the text", item=item,
                             field=f"{field}.paragraph", line=pas.line_of("paragraph"))
                continue
            ptext = doc.paragraph(pid).text
            if quote not in ptext:
                elsewhere = [p.id for p in doc.paragraphs if quote in p.text]
                hint = (f"; it occurs in paragraph {', '.join(elsewhere)}" if elsewhere else
                        f"; the closest passage is {closest_passage(quote, ptext)!r}")
                problems.add(path, f"the quote does not occur verbatim in paragraph {pid}"
                                   f"{hint}", item=item, field=f"{field}.quote",
                             line=pas.line_of("quote"))
                continue
            passages.append(Passage(pid, quote))
        if rid and all(fields.values()) and refs and passages:
            readings.append(Reading(rid, fields["title"], fields["who"], fields["claim"],
                                    fields["evidence"], fields["critics"], refs,
                                    tuple(passages)))
    if raw_readings and len(raw_readings) < MIN_READINGS:
        problems.add(path, f"has {len(raw_readings)} readings; the course needs at least "
                           f"{MIN_READINGS}", field="readings", line=data.line_of("readings"))

    questions: list[Question] = []
    raw_q = require_list(data, "discussion", problems, path, None, optional=True) or []
    asked: set[str] = set()
    for i, entry in enumerate(raw_q):
        item = f"discussion question {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each question should be a mapping with question and "
                               "teacher_notes", item=item, line=raw_q.line_of(i))
            continue
        unknown_keys(entry, DISCUSSION_FIELDS, problems, path, item)
        q = require_str(entry, "question", problems, path, item)
        notes = require_str(entry, "teacher_notes", problems, path, item)
        if q in asked:
            problems.add(path, "this question appears twice", item=item, field="question",
                         line=entry.line_of("question"))
        asked.add(q)
        if q and notes:
            questions.append(Question(len(questions) + 1, q, notes))
    problems.raise_if_any()
    return Context(tuple(parts), tuple(readings), tuple(questions), str(path))


def load(path=None) -> Context:
    """The validated context file (cached until it, or the references, change)."""
    path = Path(path) if path else context_path()
    refs_path = apparatus.references_path()
    key = ("context", refs_path.stat().st_mtime_ns if refs_path.exists() else 0)
    return apparatus._cached(path, key, lambda: parse_context(load_yaml(path), path))


def events() -> list[dict]:
    """The events of the record as plain dicts (id, part, date, year, text), in order:
    the input of the exercise that matches claims of Part III to the record."""
    return [{"id": e.id, "part": e.part, "date": e.date, "year": e.year, "text": e.event}
            for e in load().events()]


# ---------------------------------------------------------------------------------------
# Views


def _cites(ids, refs) -> tuple[str, str]:
    return apparatus.reference_links(ids, refs)


def record(part: str | None = None) -> Rich:
    """The record, or one part of it: a summary and a dated list of events, each with
    its references (linked to the list at the end of the notebook)."""
    data = load()
    refs = apparatus.load_references()
    parts = [p for p in data.record if part is None or p.id == part]
    if not parts:
        raise KeyError(f"no part {part!r} in {data.path} (parts: "
                       f"{', '.join(p.id for p in data.record)})")
    html, text = [], []
    for p in parts:
        rows_html, rows_text = [], []
        for e in p.events:
            cite_html, cite_text = _cites(e.references, refs)
            rows_html.append(f"<li><strong>{esc(e.date)}.</strong> {esc(e.event)} "
                             f"<span>({cite_html})</span></li>")
            rows_text.append(f"- {e.date}. {e.event} ({cite_text})")
        html.append(f'<section aria-label="{esc(p.title)}"><p><strong>{esc(p.title)}'
                    f"</strong></p><p>{esc(p.summary)}</p><ul>{''.join(rows_html)}</ul>"
                    f"</section>")
        text.append("\n".join([p.title, "", p.summary, ""] + rows_text))
    return Rich("".join(html), "\n\n".join(text))


def readings(reading: str | None = None) -> Rich:
    """The readings (or one of them), each with who argues it, the claim, the evidence,
    the critics, the passages of Part III it bears on, and its references."""
    data = load()
    refs = apparatus.load_references()
    chosen = [r for r in data.readings if reading is None or r.id == reading]
    if not chosen:
        raise KeyError(f"no reading {reading!r} in {data.path} (readings: "
                       f"{', '.join(r.id for r in data.readings)})")
    html, text = [], []
    for n, r in enumerate(data.readings, 1):
        if r not in chosen:
            continue
        cite_html, cite_text = _cites(r.references, refs)
        passages = "; ".join(f"\u201c{p.quote}\u201d ({p.paragraph})" for p in r.bears_on)
        rows = [("Who", r.who), ("Claim", r.claim), ("Evidence", r.evidence),
                ("Critics", r.critics), ("Bears on", passages)]
        dl = "".join(f"<dt><strong>{esc(k)}</strong></dt><dd style=\"margin-left:1.5em\">"
                     f"{esc(v)}</dd>" for k, v in rows)
        head = f"Reading {n}: {r.title}"
        html.append(f'<section aria-label="{esc(head)}"><p><strong>{esc(head)}</strong></p>'
                    f"<dl>{dl}<dt><strong>References</strong></dt><dd style=\"margin-left:"
                    f"1.5em\">{cite_html}</dd></dl></section>")
        text.append("\n".join([head] + [f"  {k}: {v}" for k, v in rows]
                              + [f"  References: {cite_text}"]))
    return Rich("".join(html), "\n\n".join(text))


def discussion() -> Rich:
    """The discussion questions; the teacher edition adds the notes."""
    from closereading.paths import edition
    data = load()
    teacher = edition() == "teacher"
    title = "Questions for discussion" + (" (teacher edition)" if teacher else "")
    items, lines = [], [title]
    for q in data.discussion:
        notes = (f'<div style="border-left:3px solid #0072B2;padding-left:0.6em;margin:0.3em 0">'
                 f"<strong>Teacher's notes:</strong> {esc(q.teacher_notes)}</div>"
                 if teacher else "")
        items.append(f'<li style="margin:0.5em 0"><p style="margin:0">{esc(q.question)}</p>'
                     f"{notes}</li>")
        lines.append(f"{q.number}. {q.question}")
        if teacher:
            lines.append(f"   Teacher's notes: {q.teacher_notes}")
    html = (f'<section aria-label="{esc(title)}"><p><strong>{esc(title)}</strong></p>'
            f"<ol>{''.join(items)}</ol></section>")
    return Rich(html, "\n".join(lines))


def references() -> Rich:
    """Every reference the record and the readings cite, with what cites it."""
    data = load()
    refs = apparatus.load_references()
    cited_by: dict[str, list[str]] = {}
    for p in data.record:
        for e in p.events:
            for rid in e.references:
                label = f"record: {e.date}"
                if label not in cited_by.setdefault(rid, []):
                    cited_by[rid].append(label)
    for n, r in enumerate(data.readings, 1):
        for rid in r.references:
            cited_by.setdefault(rid, []).append(f"reading {n}")
    chosen = [refs[r] for r in data.reference_ids()]
    return apparatus.references_view(chosen, cited_by=cited_by,
                                     title="References cited in this notebook")


def counts() -> dict:
    """Numbers for reports: parts, events, readings, questions, references."""
    data = load()
    return {"parts": len(data.record), "events": len(data.events()),
            "readings": len(data.readings), "discussion": len(data.discussion),
            "references": len(data.reference_ids())}
