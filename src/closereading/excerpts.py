"""Annotated excerpts: notes anchored to verbatim quotations, with a glossary and references.

Each section notebook has a file ``materials/annotations/<notebook>.yml``::

    section: 1
    annotations:
      - anchor: {paragraph: "1.6", quote: "common but differentiated responsibilities"}
        kind: context              # gloss | context | structure | rhetoric | discuss
        note: "In the course's own words."
        glossary: cbdr             # optional: a glossary id, or a list of ids
        references: [unfccc-1992]  # required (at least one) for kind context
    discussion:
      - question: "A question for class."
        teacher_notes: "Shown only in the teacher edition."

Rules (each broken rule is reported with the file, line, item and field):

* ``paragraph`` is an id of the file's sub-section; ``quote`` occurs in that paragraph
  character for character (when it does not, the message suggests the closest passage).
* A quote that occurs more than once in its paragraph marks its **first** occurrence,
  unless the anchor says ``occurrence: 2`` (the second, and so on) or ``occurrence: all``
  (every occurrence, for a note on a repeated word).
* Anchors may overlap or coincide: each keeps its own note number.
* ``kind`` is one of the five kinds; ``context`` notes cite at least one reference.
* Every glossary and reference id resolves; no field is unknown; no annotation repeats
  another (same anchor, same note).

Notes are numbered in reading order across the notebook ([1], [2] ...), so that the
number, not the colour of the highlight, ties a passage to its note. Everything renders as
HTML (JupyterLab, nbconvert, GitHub) and as plain text, deterministically.

Calls for the notebooks::

    excerpts.show("01-harmonious-world")              # every paragraph, annotated
    excerpts.passage("01-harmonious-world", "1.2")    # one paragraph with its notes
    excerpts.discussion("01-harmonious-world")        # questions (+ notes for teachers)
    excerpts.glossary("01-harmonious-world")          # the terms the notes link to
    excerpts.references("01-harmonious-world")        # the works the notes cite

A notebook may be named by its file stem ("01-harmonious-world") or its id ("01").
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from closereading import apparatus
from closereading.html import Rich, esc

KINDS = ("gloss", "context", "structure", "rhetoric", "discuss")
KIND_LABELS = {"gloss": "Gloss", "context": "Context", "structure": "Structure",
               "rhetoric": "Rhetoric", "discuss": "Discuss"}
KIND_HELP = {"gloss": "what a term means",
             "context": "documents, organisations and dates, with references",
             "structure": "how the passage is built",
             "rhetoric": "how the passage says what it says",
             "discuss": "a question the passage raises, for you"}
ANNOTATION_FIELDS = ("anchor", "kind", "note", "glossary", "references")
ANCHOR_FIELDS = ("paragraph", "quote", "occurrence")
DISCUSSION_FIELDS = ("question", "teacher_notes")
FILE_FIELDS = ("section", "annotations", "discussion", "reading")

# Highlights: a light yellow for one note, a deeper one with an underline where notes
# overlap. Text colour is fixed so that the highlight reads in dark themes too.
_MARK_STYLE = "background:#fff1a8;color:#1a1a1a;padding:0 1px"
_MARK_STYLE_OVERLAP = ("background:#ffd54f;color:#1a1a1a;padding:0 1px;"
                       "text-decoration:underline")


class ExcerptsError(ValueError):
    """A notebook asked for something that does not exist (a paragraph, a notebook)."""

    def _render_traceback_(self):  # IPython shows the message alone
        return [f"{type(self).__name__}: {self}"]


@dataclass(frozen=True)
class Annotation:
    index: int                        # position in the file, from 1 (for messages)
    paragraph: str
    quote: str
    occurrence: int | None            # None: every occurrence
    spans: tuple[tuple[int, int], ...]  # character offsets in the paragraph
    kind: str
    note: str
    glossary: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    line: int | None = None
    number: int = 0                   # the note number, in reading order, from 1


@dataclass(frozen=True)
class DiscussionQuestion:
    number: int
    question: str
    teacher_notes: str
    line: int | None = None


@dataclass(frozen=True)
class Annotations:
    """The annotation file of one notebook, validated."""
    notebook: str                      # the notebook's file stem
    section: int
    path: str
    annotations: tuple[Annotation, ...]  # in reading order, numbered from 1
    discussion: tuple[DiscussionQuestion, ...]
    quote_counts: dict                 # (paragraph, quote) -> occurrences in the paragraph

    def for_paragraph(self, pid: str) -> tuple[Annotation, ...]:
        return tuple(a for a in self.annotations if a.paragraph == pid)

    def kinds(self) -> Counter:
        return Counter(a.kind for a in self.annotations)

    def glossary_ids(self) -> list[str]:
        seen: list[str] = []
        for a in self.annotations:
            seen += [g for g in a.glossary if g not in seen]
        return seen

    def paragraphs(self) -> list[str]:
        return sorted({a.paragraph for a in self.annotations}, key=_pid_key)


def _pid_key(pid: str):
    section, _, number = pid.partition(".")
    return int(section), int(number)


# ---------------------------------------------------------------------------------------
# Finding quotes


def find_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of ``quote`` in ``text``, overlapping ones included."""
    spans, start = [], text.find(quote)
    while quote and start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def closest_passage(quote: str, text: str) -> str:
    """The stretch of ``text`` most like ``quote`` (windows of about its length that start
    at a word), for a message that helps fix a misquotation."""
    if not quote or not text:
        return ""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch.isspace()]
    best, best_ratio = (0, 0), -1.0
    n = len(quote)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote.casefold())
    for s in starts:
        for length in sorted({n, n - n // 10, n + n // 10}):
            window = text[s:s + max(length, 1)]
            matcher.set_seq1(window.casefold())
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = (s, s + len(window)), ratio
    start, end = best
    while end < len(text) and text[end].isalnum():  # finish the last word
        end += 1
    return text[start:end].strip()


# ---------------------------------------------------------------------------------------
# Loading and validation


def notebook_stem(notebook: str) -> str:
    """The file stem of a notebook named by stem, file name or id ("01")."""
    from closereading.course import load_course
    name = str(notebook).removesuffix(".ipynb")
    try:
        return Path(load_course().notebook(name).file).stem
    except KeyError as exc:
        raise ExcerptsError(exc.args[0] if exc.args else str(exc)) from None


def annotations_path(notebook: str) -> Path:
    from closereading.materials import materials_file
    return materials_file("annotations", f"{notebook_stem(notebook)}.yml")


def _section_of(stem: str) -> int | None:
    from closereading.course import load_course
    return load_course().notebook(stem).section


def parse_annotations(data, path, *, notebook: str, section: int | None, doc,
                      glossary: dict, references: dict) -> Annotations:
    """Validate the data of one annotation file; every problem is reported at once."""
    from closereading.materials import (Problems, YMap, require_list, require_str,
                                        unknown_keys)
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'section', 'annotations' and "
                           "'discussion'", line=getattr(data, "line", None))
        problems.raise_if_any()
    unknown_keys(data, FILE_FIELDS, problems, path, None)
    file_section = data.get("section")
    if not isinstance(file_section, int) or isinstance(file_section, bool):
        problems.add(path, "should be the sub-section's number, for example 'section: 1'",
                     field="section", line=data.line_of("section"))
        file_section = section
    elif section is None:
        problems.add(path, f"the notebook {notebook!r} has no sub-section in course.yml, so "
                           "it cannot have annotations", field="section",
                     line=data.line_of("section"))
    elif file_section != section:
        problems.add(path, f"is {file_section}, but course.yml gives the notebook "
                           f"{notebook!r} sub-section {section}", field="section",
                     line=data.line_of("section"))
        file_section = section
    sec = None
    if file_section is not None:
        try:
            sec = doc.section(file_section)
        except KeyError:
            problems.add(path, f"the text has no sub-section {file_section}", field="section",
                         line=data.line_of("section"))
    section_pids = [p.id for p in sec.paragraphs] if sec else []

    annotations: list[Annotation] = []
    counts: dict[tuple[str, str], int] = {}
    seen: dict[tuple, int] = {}
    entries = require_list(data, "annotations", problems, path, None) or []
    for i, entry in enumerate(entries):
        item = f"annotation {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each annotation should be a mapping with anchor, kind and note",
                         item=item, line=entries.line_of(i))
            continue
        unknown_keys(entry, ANNOTATION_FIELDS, problems, path, item)
        anchor = _anchor(entry, path, problems, item, doc, section_pids, file_section)
        kind = require_str(entry, "kind", problems, path, item)
        if kind is not None and kind not in KINDS:
            problems.add(path, f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})", item=item,
                         field="kind", line=entry.line_of("kind"))
            kind = None
        note = require_str(entry, "note", problems, path, item)
        glossary_ids = _glossary_ids(entry, glossary, problems, path, item)
        refs = apparatus._reference_ids(entry, "references", references, problems, path, item,
                                        required=False)
        if kind == "context" and refs is not None and not refs:
            problems.add(path, "a context note must cite at least one reference from "
                               "references.yml", item=item, field="references",
                         line=entry.line_of("references"))
        if anchor is None or kind is None or note is None or refs is None or glossary_ids is None:
            continue
        pid, quote, occurrence, spans = anchor
        counts[(pid, quote)] = len(find_spans(doc.paragraph(pid).text, quote))
        key = (pid, quote, occurrence, note)
        if key in seen:
            problems.add(path, f"repeats annotation {seen[key]} (same anchor, same note)",
                         item=item, field="note", line=entry.line_of("note"))
            continue
        seen[key] = i + 1
        annotations.append(Annotation(i + 1, pid, quote, occurrence, tuple(spans), kind, note,
                                      tuple(glossary_ids), tuple(refs), entry.line))

    discussion: list[DiscussionQuestion] = []
    questions = require_list(data, "discussion", problems, path, None, optional=True) or []
    asked: dict[str, int] = {}
    for i, entry in enumerate(questions):
        item = f"discussion question {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each discussion question should be a mapping with question "
                               "and teacher_notes", item=item, line=questions.line_of(i))
            continue
        unknown_keys(entry, DISCUSSION_FIELDS, problems, path, item)
        question = require_str(entry, "question", problems, path, item)
        notes = require_str(entry, "teacher_notes", problems, path, item)
        if question and question in asked:
            problems.add(path, f"repeats discussion question {asked[question]}", item=item,
                         field="question", line=entry.line_of("question"))
            continue
        if question and notes:
            asked[question] = i + 1
            discussion.append(DiscussionQuestion(len(discussion) + 1, question, notes,
                                                 entry.line))
    problems.raise_if_any()

    order = {pid: n for n, pid in enumerate(section_pids)}
    ordered = sorted(annotations, key=lambda a: (order[a.paragraph], a.spans[0][0],
                                                 -a.spans[0][1], a.index))
    numbered = tuple(replace(a, number=n) for n, a in enumerate(ordered, 1))
    return Annotations(notebook, file_section, _display(path), numbered,
                       tuple(discussion), counts)


def _display(path) -> str:
    from closereading.materials import display_path
    return display_path(path)


def _anchor(entry, path, problems, item, doc, section_pids, section):
    """Check an annotation's anchor; return (paragraph, quote, occurrence, spans) or None."""
    from closereading.materials import YMap, require_str, unknown_keys
    anchor = entry.get("anchor")
    line = entry.line_of("anchor")
    if anchor is None:
        problems.add(path, "is required: {paragraph: \"1.2\", quote: \"...\"}", item=item,
                     field="anchor", line=entry.line)
        return None
    if not isinstance(anchor, YMap):
        problems.add(path, "should be a mapping: {paragraph: \"1.2\", quote: \"...\"}",
                     item=item, field="anchor", line=line)
        return None
    unknown_keys(anchor, ANCHOR_FIELDS, problems, path, item)
    pid = require_str(anchor, "paragraph", problems, path, item)
    raw_quote = anchor.get("quote")
    quote = require_str(anchor, "quote", problems, path, item)
    if quote is not None and isinstance(raw_quote, str) and raw_quote != quote:
        quote = raw_quote  # keep spaces a teacher typed on purpose; checked below
    if pid is None or quote is None:
        return None
    if not doc.has_paragraph(pid):
        problems.add(path, f"no paragraph {pid!r} in the text (sub-section {section} has "
                           f"{', '.join(section_pids) or 'no paragraphs'})", item=item,
                     field="anchor.paragraph", line=anchor.line_of("paragraph"))
        return None
    if pid not in section_pids:
        problems.add(path, f"paragraph {pid} is not in sub-section {section} (its paragraphs: "
                           f"{', '.join(section_pids)})", item=item, field="anchor.paragraph",
                     line=anchor.line_of("paragraph"))
        return None
    text = doc.paragraph(pid).text
    spans = find_spans(text, quote)
    if not spans:
        elsewhere = [p.id for p in doc.paragraphs if quote in p.text]
        hint = (f"; it occurs in paragraph {', '.join(elsewhere)}" if elsewhere else
                f"; the closest passage is {closest_passage(quote, text)!r}")
        problems.add(path, f"the quote does not occur verbatim in paragraph {pid}{hint}",
                     item=item, field="anchor.quote", line=anchor.line_of("quote"))
        return None
    occurrence = anchor.get("occurrence", 1)
    if occurrence == "all":
        return pid, quote, None, spans
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        problems.add(path, "should be a whole number from 1, or 'all'", item=item,
                     field="anchor.occurrence", line=anchor.line_of("occurrence"))
        return None
    if occurrence > len(spans):
        problems.add(path, f"asks for occurrence {occurrence}, but the quote occurs "
                           f"{len(spans)} time{'s' if len(spans) > 1 else ''} in paragraph "
                           f"{pid}", item=item, field="anchor.occurrence",
                     line=anchor.line_of("occurrence"))
        return None
    return pid, quote, occurrence, [spans[occurrence - 1]]


def _glossary_ids(entry, glossary, problems, path, item):
    value = entry.get("glossary")
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list):
        problems.add(path, "should be a glossary id, or a list of ids", item=item,
                     field="glossary", line=entry.line_of("glossary"))
        return None
    ids: list[str] = []
    for gid in values:
        if not isinstance(gid, str) or gid.strip() not in glossary:
            problems.add(path, f"no glossary entry with id {gid!r} in glossary.yml"
                               f"{apparatus._did_you_mean(str(gid), glossary)}", item=item,
                         field="glossary", line=entry.line_of("glossary"))
            return None
        if gid.strip() not in ids:
            ids.append(gid.strip())
    return ids


def load(notebook: str) -> Annotations:
    """The validated annotations of a notebook (cached until the files change)."""
    from closereading import text
    from closereading.materials import load_yaml
    stem = notebook_stem(notebook)
    path = annotations_path(stem)
    references = apparatus.load_references()
    glossary = apparatus.load_glossary()
    doc = text.load()
    return apparatus._cached(
        path, ("annotations", id(references), id(glossary), id(doc)),
        lambda: parse_annotations(load_yaml(path), path, notebook=stem,
                                  section=_section_of(stem), doc=doc, glossary=glossary,
                                  references=references))


def section_notebooks() -> list[str]:
    """The stems of the notebooks that read a sub-section (those with annotation files)."""
    from closereading.course import load_course
    return [Path(nb.file).stem for nb in load_course().notebooks if nb.section]


def load_all() -> dict[str, Annotations]:
    """The annotations of every section notebook, validated; all problems in one error."""
    from closereading.materials import load_each
    return load_each(load, section_notebooks())


def unused_glossary_terms() -> list[str]:
    """Glossary ids that no annotation links to (each term should serve a note)."""
    used = {g for a in load_all().values() for g in a.glossary_ids()}
    return [gid for gid in apparatus.load_glossary() if gid not in used]


# ---------------------------------------------------------------------------------------
# Rendering


def note_anchor(section: int, number: int) -> str:
    return f"note-{section}-{number}"


def _segments(text: str, anns) -> list[tuple[int, int, list, list]]:
    """Cut the paragraph at every anchor boundary: (start, end, covering, ending) per piece,
    where ``covering`` are the annotations over the piece and ``ending`` those whose span
    ends where the piece ends."""
    spans = [(s, e, a) for a in anns for (s, e) in a.spans]
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [a for s, e, a in spans if s <= start and end <= e]
        ending = sorted({a.number for _, e, a in spans if e == end})
        pieces.append((start, end, covering, ending))
    return pieces


def _marked(text: str, anns, section: int) -> tuple[str, str]:
    """A paragraph with its anchors highlighted and numbered: HTML and plain text.
    In plain text a highlight is «...» and its number follows in brackets."""
    html, plain = [], []
    open_run = False
    for start, end, covering, ending in _segments(text, anns):
        piece = text[start:end]
        if covering:
            style = _MARK_STYLE_OVERLAP if len({a.number for a in covering}) > 1 else _MARK_STYLE
            html.append(f'<mark style="{style}">{esc(piece)}</mark>')
            if not open_run:
                plain.append("\u00ab")
                open_run = True
        else:
            html.append(esc(piece))
        plain.append(piece)
        if ending:
            if open_run:
                plain.append("\u00bb")
                open_run = False
            for n in ending:
                html.append(f'<sup>[<a href="#{note_anchor(section, n)}" '
                            f'aria-label="note {n}">{n}</a>]</sup>')
                plain.append(f"[{n}]")
    if open_run:
        plain.append("\u00bb")
    return "".join(html), "".join(plain)


def _quote_label(ann: Annotation, counts) -> str:
    total = counts.get((ann.paragraph, ann.quote), len(ann.spans))
    if ann.occurrence is None and total > 1:
        return f" (all {total} occurrences)"
    if ann.occurrence is not None and total > 1:
        return f" (occurrence {ann.occurrence} of {total})"
    return ""


def _note(ann: Annotation, data: Annotations, glossary, references) -> tuple[str, str]:
    label = KIND_LABELS[ann.kind]
    where = _quote_label(ann, data.quote_counts)
    extras_html, extras_text = [], []
    if ann.glossary:
        entries = [glossary[g] for g in ann.glossary]
        extras_html.append("Glossary: " + ", ".join(
            f'<a href="#{esc(apparatus.gloss_anchor(e.id))}">{esc(e.term)}</a>' for e in entries)
            + ".")
        extras_text.append("Glossary: " + ", ".join(e.term for e in entries) + ".")
    if ann.references:
        refs_html, refs_text = apparatus.reference_links(ann.references, references)
        refs_label = apparatus._refs_label(ann.references)
        extras_html.append(f"{refs_label}: {refs_html}.")
        extras_text.append(f"{refs_label}: {refs_text}.")
    html = (f'<li id="{note_anchor(data.section, ann.number)}" style="margin:0.35em 0">'
            f"<strong>[{ann.number}]</strong> <em>{esc(label)}</em>, on "
            f"\u201c{esc(ann.quote)}\u201d{esc(where)}: {esc(ann.note)}"
            + "".join(f" <span>{x}</span>" for x in extras_html) + "</li>")
    text = (f"    [{ann.number}] {label}, on \"{ann.quote}\"{where}: {ann.note}"
            + "".join(f" {x}" for x in extras_text))
    return html, text


def _paragraph_view(data: Annotations, pid: str, glossary, references, doc) -> Rich:
    para = doc.paragraph(pid)
    anns = data.for_paragraph(pid)
    body_html, body_text = _marked(para.text, anns, data.section)
    html = (f'<p id="annotated-{esc(pid)}" style="margin:0.6em 0 0.2em 0;line-height:1.6">'
            f'<strong>[{esc(pid)}]</strong> {body_html}</p>')
    text = f"[{pid}] {body_text}"
    if anns:
        notes = [_note(a, data, glossary, references) for a in anns]
        html += (f'<ol aria-label="Notes on paragraph {esc(pid)}" style="list-style:none;'
                 f'padding-left:1.5em;margin:0.2em 0 0.8em 0">'
                 + "".join(h for h, _ in notes) + "</ol>")
        text += "\n" + "\n".join(t for _, t in notes)
    else:
        html += '<p style="margin:0.2em 0 0.8em 1.5em"><em>No notes on this paragraph.</em></p>'
        text += "\n    (No notes on this paragraph.)"
    return Rich(html, text)


def _context(notebook: str):
    from closereading import text as _text
    return (load(notebook), apparatus.load_glossary(), apparatus.load_references(),
            _text.load())


def passage(notebook: str, paragraph: str) -> Rich:
    """One paragraph of the notebook's sub-section, its anchors highlighted and numbered,
    with its notes below it."""
    data, glossary, references, doc = _context(notebook)
    pids = [p.id for p in doc.section(data.section).paragraphs]
    if str(paragraph) not in pids:
        raise ExcerptsError(f"paragraph {paragraph!r} is not in sub-section {data.section} "
                            f"(its paragraphs: {', '.join(pids)})")
    view = _paragraph_view(data, str(paragraph), glossary, references, doc)
    return Rich(f'<div class="closereading-passage">{view.html}</div>', view.text)


def legend() -> Rich:
    """How to read the annotated text."""
    intro = ("Highlighted words carry a note number in brackets; the note with that number "
             "follows the paragraph. Where two notes share words, the highlight is darker and "
             "underlined. Each note names its kind:")
    items = [(KIND_LABELS[k], KIND_HELP[k]) for k in KINDS]
    html = (f"<p>{esc(intro)}</p><ul>"
            + "".join(f"<li><em>{esc(a)}</em>: {esc(b)}</li>" for a, b in items) + "</ul>")
    text = intro + "\n" + "\n".join(f"  - {a}: {b}" for a, b in items)
    return Rich(html, text)


def show(notebook: str, *, with_legend: bool = True) -> Rich:
    """Every paragraph of the notebook's sub-section, annotated."""
    data, glossary, references, doc = _context(notebook)
    sec = doc.section(data.section)
    views = [_paragraph_view(data, p.id, glossary, references, doc) for p in sec.paragraphs]
    count = len(data.annotations)
    head = (f"Sub-section {sec.number}, \u201c{sec.title}\u201d: {len(sec.paragraphs)} "
            f"paragraph{'s' if len(sec.paragraphs) != 1 else ''}, {count} "
            f"note{'s' if count != 1 else ''}.")
    parts_html = [f"<p><strong>{esc(head)}</strong></p>"]
    parts_text = [head]
    if with_legend:
        parts_html.append(legend().html)
        parts_text.append(legend().text)
    parts_html += [v.html for v in views]
    parts_text += [v.text for v in views]
    return Rich(f'<div class="closereading-passage">{"".join(parts_html)}</div>',
                "\n\n".join(parts_text))


def discussion(notebook: str) -> Rich:
    """The discussion questions of the sub-section; the teacher edition adds the notes."""
    from closereading.paths import edition
    data = load(notebook)
    teacher = edition() == "teacher"
    if not data.discussion:
        msg = "No discussion questions for this sub-section yet."
        return Rich(f"<p><em>{esc(msg)}</em></p>", msg)
    items, lines = [], ["Questions for discussion"]
    for q in data.discussion:
        notes_html = (f'<div style="border-left:3px solid #0072B2;padding-left:0.6em;'
                      f'margin:0.3em 0"><strong>Teacher\'s notes:</strong> '
                      f"{esc(q.teacher_notes)}</div>" if teacher else "")
        items.append(f"<li style=\"margin:0.5em 0\"><p style=\"margin:0\">{esc(q.question)}</p>"
                     f"{notes_html}</li>")
        lines.append(f"{q.number}. {q.question}")
        if teacher:
            lines.append(f"   Teacher's notes: {q.teacher_notes}")
    title = "Questions for discussion" + (" (teacher edition)" if teacher else "")
    lines[0] = title
    html = (f'<section aria-label="{esc(title)}"><p><strong>{esc(title)}</strong></p>'
            f"<ol>{''.join(items)}</ol></section>")
    return Rich(html, "\n".join(lines))


def glossary(notebook: str | None = None) -> Rich:
    """The glossary entries the notebook's notes link to (every entry when ``notebook`` is
    None), each with its anchor, definition, reference and the notes that use it."""
    glossary_entries = apparatus.load_glossary()
    references = apparatus.load_references()
    used_by: dict[str, list[str]] = {}
    if notebook is None:
        sets = load_all()
        for stem, data in sets.items():
            for a in data.annotations:
                for g in a.glossary:
                    used_by.setdefault(g, []).append(f"{stem[:2]} [{a.number}]")
        entries = list(glossary_entries.values())
        title = "Glossary of the course"
    else:
        data = load(notebook)
        for a in data.annotations:
            for g in a.glossary:
                used_by.setdefault(g, []).append(f"[{a.number}]")
        entries = [glossary_entries[g] for g in data.glossary_ids()]
        title = "Glossary: the terms linked from this notebook's notes"
    return apparatus.glossary_view(entries, references, used_by=used_by, title=title)


def references(notebook: str | None = None) -> Rich:
    """The references cited by the notebook's notes and by the glossary entries they link
    to (every reference when ``notebook`` is None)."""
    refs = apparatus.load_references()
    glossary_entries = apparatus.load_glossary()
    cited_by: dict[str, list[str]] = {}

    def cite(rid, label):
        if label not in cited_by.setdefault(rid, []):
            cited_by[rid].append(label)

    if notebook is None:
        for stem, data in load_all().items():
            for a in data.annotations:
                for r in a.references:
                    cite(r, f"{stem[:2]} [{a.number}]")
        for g in glossary_entries.values():
            for r in g.references:
                cite(r, f"glossary: {g.term}")
        chosen = list(refs.values())
        title = "References of the course"
    else:
        data = load(notebook)
        for a in data.annotations:
            for r in a.references:
                cite(r, f"note [{a.number}]")
        for gid in data.glossary_ids():
            for r in glossary_entries[gid].references:
                cite(r, f"glossary: {glossary_entries[gid].term}")
        chosen = [refs[r] for r in cited_by]
        title = "References cited in this notebook"
    return apparatus.references_view(chosen, cited_by=cited_by, title=title)


def counts(notebook: str) -> dict:
    """Numbers for reports: annotations, kinds, paragraphs covered, glossary terms,
    discussion questions."""
    data = load(notebook)
    return {"annotations": len(data.annotations), "kinds": dict(sorted(data.kinds().items())),
            "paragraphs": data.paragraphs(), "glossary": len(data.glossary_ids()),
            "discussion": len(data.discussion)}
