"""The scholarly apparatus: the bibliography (``materials/references.yml``) and the glossary
(``materials/glossary.yml``).

Both files are lists of entries with an ``id``. Ids are lower-case letters, digits and
single hyphens (``un-charter``, ``five-principles``); notes, glossary entries and the
course file cite entries by id, and every id must resolve.

A reference::

    - id: un-charter                   # required, unique
      title: "Charter of the United Nations"   # required
      author: "United Nations"          # required: the author or the issuing body
      date: "26 June 1945"              # optional (leave it out rather than guess)
      kind: treaty                      # optional: treaty, speech, white paper, book ...
      note: "Signed at San Francisco; in force from 24 October 1945."   # optional

A glossary entry::

    - id: five-principles              # required, unique
      term: "Five Principles of Peaceful Coexistence"   # required, unique
      definition: "A short definition in the course's own words."   # required
      references: [five-principles-1954]   # required: at least one id from references.yml

Loading validates everything and reports every problem at once in a
:class:`~closereading.materials.MaterialsError` naming the file, the line, the entry and
the field. Loaded files are cached until they change on disk, so a teacher who edits a
file and runs the cell again sees the edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from closereading.html import Rich, esc

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REFERENCE_FIELDS = ("id", "title", "author", "date", "kind", "note")
GLOSSARY_FIELDS = ("id", "term", "definition", "references")


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    author: str
    date: str = ""
    kind: str = ""
    note: str = ""
    line: int | None = None

    @property
    def short(self) -> str:
        """A short citation for a note: the title and the date."""
        return f"{self.title} ({self.date})" if self.date else self.title

    @property
    def citation(self) -> str:
        """The full entry as one line of text."""
        parts = [_stop(self.author), _stop(self.title)]
        tail = ", ".join(x for x in (self.kind, self.date) if x)
        if tail:
            parts.append(_stop(_cap(tail)))
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    definition: str
    references: tuple[str, ...]
    line: int | None = None


# ---------------------------------------------------------------------------------------
# Loading with a cache that notices edits


_cache: dict[tuple, object] = {}


def _cached(path: Path, key: tuple, parse: Callable[[], object]):
    """The result of ``parse()``, recomputed when the file at ``path`` changes."""
    try:
        stat = path.stat()
        stamp = (str(path.resolve()), stat.st_mtime_ns, stat.st_size) + key
    except OSError:
        return parse()  # the loader reports the missing file
    if stamp not in _cache:
        for old in [k for k in _cache if k[0] == stamp[0]]:
            del _cache[old]
        _cache[stamp] = parse()
    return _cache[stamp]


def references_path() -> Path:
    from closereading.materials import materials_file
    return materials_file("references.yml")


def glossary_path() -> Path:
    from closereading.materials import materials_file
    return materials_file("glossary.yml")


def _entries(data, path, problems, what: str):
    """The list of entries of a file, or an empty list after reporting the problem."""
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(path, f"should be a list of {what}, each starting with '- id:'",
                     line=getattr(data, "line", None))
        return []
    return data


def _check_id(entry, path, problems, item, seen: dict) -> str | None:
    from closereading.materials import require_str
    rid = require_str(entry, "id", problems, path, item)
    if rid is None:
        return None
    if not ID_PATTERN.match(rid):
        problems.add(path, "should be lower-case letters, digits and single hyphens "
                           "(for example 'un-charter')", item=rid, field="id",
                     line=entry.line_of("id"))
    if rid in seen:
        problems.add(path, f"duplicate id: already used by the entry on line {seen[rid]}",
                     item=rid, field="id", line=entry.line_of("id"))
    else:
        seen[rid] = entry.line
    return rid


def parse_references(data, path="references.yml") -> dict[str, Reference]:
    """Validate the data of references.yml; return the entries by id, in file order."""
    from closereading.materials import Problems, YMap, require_str, unknown_keys
    problems = Problems()
    result: dict[str, Reference] = {}
    seen: dict[str, int] = {}
    for i, entry in enumerate(_entries(data, path, problems, "references")):
        item = f"entry {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each reference should be a mapping with id, title and author",
                         item=item, line=data.line_of(i))
            continue
        rid = _check_id(entry, path, problems, item, seen)
        item = rid or item
        unknown_keys(entry, REFERENCE_FIELDS, problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item, optional=k not in
                                 ("title", "author")) for k in REFERENCE_FIELDS[1:]}
        if rid and rid not in result and all(fields[k] for k in ("title", "author")):
            result[rid] = Reference(rid, **{k: v or "" for k, v in fields.items()},
                                    line=entry.line)
    problems.raise_if_any()
    return result


def parse_glossary(data, references: dict[str, Reference],
                   path="glossary.yml") -> dict[str, GlossaryEntry]:
    """Validate the data of glossary.yml against the references; entries by id."""
    from closereading.materials import Problems, YMap, require_list, require_str, unknown_keys
    problems = Problems()
    result: dict[str, GlossaryEntry] = {}
    seen: dict[str, int] = {}
    terms: dict[str, str] = {}
    for i, entry in enumerate(_entries(data, path, problems, "glossary entries")):
        item = f"entry {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each glossary entry should be a mapping with id, term, "
                               "definition and references", item=item, line=data.line_of(i))
            continue
        gid = _check_id(entry, path, problems, item, seen)
        item = gid or item
        unknown_keys(entry, GLOSSARY_FIELDS, problems, path, item)
        term = require_str(entry, "term", problems, path, item)
        definition = require_str(entry, "definition", problems, path, item)
        if term:
            key = term.casefold()
            if key in terms:
                problems.add(path, f"the term {term!r} is already defined by {terms[key]!r}",
                             item=item, field="term", line=entry.line_of("term"))
            terms.setdefault(key, item)
        refs = _reference_ids(entry, "references", references, problems, path, item,
                              required=True)
        if refs is not None and not refs:
            problems.add(path, "needs at least one reference id from references.yml",
                         item=item, field="references", line=entry.line_of("references"))
        if gid and gid not in result and term and definition and refs:
            result[gid] = GlossaryEntry(gid, term, definition, tuple(refs), entry.line)
    problems.raise_if_any()
    return result


def _reference_ids(entry, key, references, problems, path, item, *, required: bool):
    """A list of reference ids from ``entry[key]``, each checked against ``references``.
    A single id written without brackets is accepted. None when the field is unusable."""
    from closereading.materials import require_list
    value = entry.get(key)
    if value is None and not required:
        return []
    if isinstance(value, str):
        value = [value]
    else:
        value = require_list(entry, key, problems, path, item)
    if value is None:
        return None
    ids: list[str] = []
    for rid in value:
        if not isinstance(rid, str) or not rid.strip():
            problems.add(path, f"should list reference ids, and {rid!r} is not one", item=item,
                         field=key, line=entry.line_of(key))
        elif rid.strip() not in references:
            problems.add(path, f"no reference with id {rid.strip()!r} in references.yml"
                               f"{_did_you_mean(rid.strip(), references)}",
                         item=item, field=key, line=entry.line_of(key))
        elif rid.strip() in ids:
            problems.add(path, f"the reference {rid.strip()!r} is listed twice", item=item,
                         field=key, line=entry.line_of(key))
        else:
            ids.append(rid.strip())
    return ids


def _did_you_mean(name: str, known) -> str:
    import difflib
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def load_references(path=None) -> dict[str, Reference]:
    """Every reference of ``materials/references.yml`` by id (validated, cached)."""
    from closereading.materials import load_yaml
    path = Path(path) if path else references_path()
    return _cached(path, ("references",), lambda: parse_references(load_yaml(path), path))


def load_glossary(path=None, references_file=None) -> dict[str, GlossaryEntry]:
    """Every glossary entry by id (validated against the references, cached)."""
    from closereading.materials import load_yaml
    path = Path(path) if path else glossary_path()
    refs = load_references(references_file)
    return _cached(path, ("glossary", id(refs)),
                   lambda: parse_glossary(load_yaml(path), refs, path))


# ---------------------------------------------------------------------------------------
# Views


def gloss_anchor(gid: str) -> str:
    """The in-page anchor of a glossary entry, which notes link to."""
    return f"gloss-{gid}"


def ref_anchor(rid: str) -> str:
    """The in-page anchor of a reference, which notes and glossary entries link to."""
    return f"ref-{rid}"


def reference_links(ids, references: dict[str, Reference]) -> tuple[str, str]:
    """Short citations of some references: HTML with links to their entries, and text."""
    refs = [references[r] for r in ids]
    html = "; ".join(f'<a href="#{esc(ref_anchor(r.id))}">{esc(r.short)}</a>' for r in refs)
    return html, "; ".join(r.short for r in refs)


def glossary_view(entries, references: dict[str, Reference], *, used_by=None,
                  title: str = "Glossary") -> Rich:
    """Glossary entries (sorted by term) with anchors, definitions and references.
    ``used_by`` maps an entry id to the labels of the notes that cite it."""
    entries = sorted(entries, key=lambda e: (e.term.casefold(), e.id))
    used_by = used_by or {}
    if not entries:
        msg = "No glossary terms are linked from this notebook's notes."
        return Rich(f"<p><em>{esc(msg)}</em></p>", msg)
    items, lines = [], [title, ""]
    for e in entries:
        refs_html, refs_text = reference_links(e.references, references)
        notes = used_by.get(e.id, ())
        notes_html = (f" <span>Notes: {esc(', '.join(notes))}.</span>" if notes else "")
        items.append(
            f'<dt id="{esc(gloss_anchor(e.id))}" style="font-weight:bold;margin-top:0.5em">'
            f"{esc(e.term)}</dt><dd style=\"margin-left:1.5em\">{esc(e.definition)} "
            f"<span>{_refs_label(e.references)}: {refs_html}.</span>{notes_html}</dd>")
        lines.append(f"{e.term}: {e.definition}")
        lines.append(f"    {_refs_label(e.references)}: {refs_text}." + (f" Notes: {', '.join(notes)}." if notes else ""))
    html = (f'<section aria-label="{esc(title)}"><p><strong>{esc(title)}</strong></p>'
            f"<dl>{''.join(items)}</dl></section>")
    return Rich(html, "\n".join(lines))


def references_view(refs, *, cited_by=None, title: str = "References") -> Rich:
    """References (sorted by author, then date and title) with anchors and full entries.
    ``cited_by`` maps a reference id to the labels of what cites it."""
    refs = sorted(refs, key=lambda r: (r.author.casefold(), r.date, r.title.casefold(), r.id))
    cited_by = cited_by or {}
    if not refs:
        msg = "No references are cited in this notebook's notes."
        return Rich(f"<p><em>{esc(msg)}</em></p>", msg)
    items, lines = [], [title, ""]
    for r in refs:
        cited = cited_by.get(r.id, ())
        cited_html = f" <span>Cited by: {esc(', '.join(cited))}.</span>" if cited else ""
        items.append(f'<li id="{esc(ref_anchor(r.id))}" style="margin:0.3em 0">'
                     f"{esc(_stop(r.author))} <cite>{esc(r.title)}</cite>{_stop(r.title)[len(r.title):]}"
                     + (f" {esc(_stop(_cap(', '.join(x for x in (r.kind, r.date) if x))))}"
                        if (r.kind or r.date) else "")
                     + (f" {esc(r.note)}" if r.note else "") + f"{cited_html}</li>")
        lines.append(f"- {r.citation}" + (f" Cited by: {', '.join(cited)}." if cited else ""))
    html = (f'<section aria-label="{esc(title)}"><p><strong>{esc(title)}</strong></p>'
            f"<ul style=\"list-style:none;padding-left:0\">{''.join(items)}</ul></section>")
    return Rich(html, "\n".join(lines))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _stop(s: str) -> str:
    """End a bibliographic element with a full stop, unless it ends with punctuation."""
    return s if s.endswith((".", "?", "!")) else s + "."


def _refs_label(ids) -> str:
    return "References" if len(ids) > 1 else "Reference"
