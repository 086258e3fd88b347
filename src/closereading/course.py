"""The course plan (``materials/course.yml``): what the text is and the notebooks in order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from closereading.html import Rich, esc, table
from closereading.materials import (Problems, YMap, load_yaml, materials_file, require_list,
                                    require_str, unknown_keys)


@dataclass(frozen=True)
class Objective:
    """An objective and the tasks that show it (``kind:id`` names, closereading.tasks)."""
    text: str
    shown_by: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class NotebookInfo:
    id: str
    file: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    read_first: str
    section: int | None = None
    goals: tuple[Objective, ...] = ()
    sittings: tuple[int, ...] = ()      # the minutes of each sitting, when split
    discussion: str = ""                # "context": it asks the questions of context.yml
    capstone: bool = False              # the capstone (materials/capstone.yml)

    def time_text(self) -> str:
        """"about 215 minutes, in three sittings (75, 70 and 70 minutes)"."""
        if not self.sittings:
            return f"about {self.minutes} minutes"
        parts = [str(m) for m in self.sittings]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        words = {2: "two", 3: "three", 4: "four"}.get(len(parts), str(len(parts)))
        return f"about {self.minutes} minutes, in {words} sittings ({listed} minutes)"


@dataclass(frozen=True)
class Course:
    title: str
    source: dict
    notebooks: tuple[NotebookInfo, ...]
    path: str

    def notebook(self, nid: str) -> NotebookInfo:
        for nb in self.notebooks:
            if nb.id == str(nid) or nb.file == nid or Path(nb.file).stem == nid:
                return nb
        raise KeyError(f"no notebook {nid!r} in {self.path} "
                       f"(known: {', '.join(n.id for n in self.notebooks)})")

    def for_section(self, number: int) -> NotebookInfo:
        for nb in self.notebooks:
            if nb.section == number:
                return nb
        raise KeyError(f"no notebook for sub-section {number} in {self.path}")

    @property
    def total_minutes(self) -> int:
        return sum(nb.minutes for nb in self.notebooks)


_NOTEBOOK_FIELDS = {"id", "file", "title", "section", "minutes", "objectives", "read_first",
                    "sittings", "discussion", "capstone"}
_OBJECTIVE_FIELDS = {"text", "shown_by"}
_SOURCE_FIELDS = {"document", "kind", "part", "issuer", "issued", "place", "edition", "earlier",
                  "references"}


def parse_course(data, path) -> Course:
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'title', 'source' and 'notebooks'")
        problems.raise_if_any()
    unknown_keys(data, {"title", "source", "notebooks", "timing"}, problems, path, None)
    title = require_str(data, "title", problems, path, None)
    source = data.get("source")
    if not isinstance(source, YMap):
        problems.add(path, "is required: a mapping describing the text", field="source",
                     line=data.line)
        source = YMap()
    else:
        unknown_keys(source, _SOURCE_FIELDS, problems, path, "source")
        for key in ("document", "part", "issuer", "issued"):
            require_str(source, key, problems, path, "source")
    notebooks: list[NotebookInfo] = []
    seen: set[str] = set()
    for i, entry in enumerate(require_list(data, "notebooks", problems, path, None) or []):
        item = f"notebooks[{i}]"
        if not isinstance(entry, YMap):
            problems.add(path, "each notebook should be a mapping", item=item,
                         line=data["notebooks"].line_of(i))
            continue
        nid = require_str(entry, "id", problems, path, item)
        item = nid or item
        unknown_keys(entry, _NOTEBOOK_FIELDS, problems, path, item)
        if nid in seen:
            problems.add(path, "duplicate notebook id", item=item, field="id", line=entry.line)
        seen.add(nid)
        file = require_str(entry, "file", problems, path, item)
        if file and not file.endswith(".ipynb"):
            problems.add(path, "should name an .ipynb file", item=item, field="file",
                         line=entry.line_of("file"))
        minutes = entry.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            problems.add(path, "should be a whole number of minutes above 0", item=item,
                         field="minutes", line=entry.line_of("minutes"))
            minutes = 0
        section = entry.get("section")
        if section is not None and (not isinstance(section, int) or isinstance(section, bool)):
            problems.add(path, "should be a sub-section number", item=item, field="section",
                         line=entry.line_of("section"))
            section = None
        goals = _objectives(entry, problems, path, item)
        sittings = entry.get("sittings")
        if sittings is None:
            sittings = []
        elif (not isinstance(sittings, list) or len(sittings) < 2
              or any(not isinstance(m, int) or isinstance(m, bool) or m <= 0 for m in sittings)):
            problems.add(path, "should be a list of two or more whole numbers of minutes, one "
                               "per sitting", item=item, field="sittings",
                         line=entry.line_of("sittings"))
            sittings = []
        discussion = entry.get("discussion") or ""
        if discussion not in ("", "context"):
            problems.add(path, "should be 'context' (the notebook asks the discussion "
                               "questions of context.yml) or left out", item=item,
                         field="discussion", line=entry.line_of("discussion"))
            discussion = ""
        capstone = entry.get("capstone", False)
        if not isinstance(capstone, bool):
            problems.add(path, "should be true or false", item=item, field="capstone",
                         line=entry.line_of("capstone"))
            capstone = False
        notebooks.append(NotebookInfo(
            id=nid or "", file=file or "", title=require_str(entry, "title", problems, path, item) or "",
            minutes=minutes, objectives=tuple(g.text for g in goals),
            read_first=require_str(entry, "read_first", problems, path, item, optional=True) or "",
            section=section, goals=tuple(goals), sittings=tuple(sittings),
            discussion=discussion, capstone=capstone))
    problems.raise_if_any()
    return Course(title or "", dict(source), tuple(notebooks), str(path))


def _objectives(entry, problems, path, item) -> list[Objective]:
    """``objectives``: each a mapping with ``text`` and ``shown_by`` (the names of the tasks
    that show it; whether they resolve is checked by closereading.tasks.check_objectives,
    which needs the notebooks)."""
    raw = require_list(entry, "objectives", problems, path, item) or []
    goals = []
    for i, obj in enumerate(raw):
        where = f"{item}, objective {i + 1}"
        line = raw.line_of(i) if hasattr(raw, "line_of") else None
        if not isinstance(obj, YMap):
            problems.add(path, "each objective should be a mapping with 'text' and "
                               "'shown_by' (the tasks that show it)", item=where,
                         field="objectives", line=line)
            continue
        unknown_keys(obj, _OBJECTIVE_FIELDS, problems, path, where)
        text = require_str(obj, "text", problems, path, where)
        shown = obj.get("shown_by")
        if not isinstance(shown, list) or not shown or any(
                not isinstance(s, str) or not s.strip() for s in shown):
            problems.add(path, "should list the tasks that show the objective, such as "
                               "[prompt:1.2, question:hw-cbdr]", item=where, field="shown_by",
                         line=obj.line_of("shown_by"))
            shown = []
        if text:
            goals.append(Objective(text, tuple(str(s).strip() for s in shown), line))
    return goals


@lru_cache(maxsize=1)
def load_course() -> Course:
    path = materials_file("course.yml")
    return parse_course(load_yaml(path), path)


# ---------------------------------------------------------------------------------------
# Views


def course_map(course: Course | None = None) -> Rich:
    """Every notebook with its objectives and time estimate."""
    course = course or load_course()
    items, lines = [], []
    for nb in course.notebooks:
        objectives = "".join(f"<li>{esc(o)}</li>" for o in nb.objectives)
        where = f"sub-section {nb.section}" if nb.section else "course"
        items.append(
            f"<li><p><strong>{esc(nb.file)}</strong> &mdash; {esc(nb.title)} "
            f"<em>({esc(where)}; {esc(nb.time_text())})</em></p>"
            f"<ul>{objectives}</ul><p><em>Read first:</em> {esc(nb.read_first)}</p></li>")
        lines.append(f"{nb.file}: {nb.title} ({where}; {nb.time_text()})")
        lines += [f"  - {o}" for o in nb.objectives]
        lines.append(f"  Read first: {nb.read_first}")
    total = f"In all: {len(course.notebooks)} notebooks, about {course.total_minutes} minutes."
    html = f"<ol start=\"0\">{''.join(items)}</ol><p>{esc(total)}</p>"
    return Rich(html, "\n".join(lines + [total]))


def header(nid: str, course: Course | None = None) -> Rich:
    """A notebook's header: title, objectives, time estimate, what to read first."""
    course = course or load_course()
    nb = course.notebook(nid)
    objectives = "".join(f"<li>{esc(o)}</li>" for o in nb.objectives)
    from closereading import __version__
    html = (f"<div><p><strong>Time:</strong> {esc(nb.time_text())}. "
            f"<strong>Read first:</strong> {esc(nb.read_first)}</p>"
            f"<p><strong>By the end of this notebook you should be able to:</strong></p>"
            f"<ul>{objectives}</ul>"
            f"<p><small>Course version {esc(__version__)}.</small></p></div>")
    text = "\n".join([f"Time: {nb.time_text()}. Read first: {nb.read_first}",
                      "By the end of this notebook you should be able to:"]
                     + [f"  - {o}" for o in nb.objectives]
                     + [f"Course version {__version__}."])
    return Rich(html, text)


def about_source(course: Course | None = None) -> Rich:
    """What the document is, who issued it and when."""
    course = course or load_course()
    s = course.source
    rows = [("Document", f"{s['document']} ({s.get('kind', 'white paper')})"),
            ("Part read in this course", s["part"]),
            ("Issued by", s["issuer"]),
            ("Issued on", s["issued"] + (f", {s['place']}" if s.get("place") else ""))]
    if s.get("edition"):
        rows.append(("Edition captured", s["edition"]))
    if s.get("earlier"):
        rows.append(("Earlier white paper", s["earlier"]))
    if s.get("references"):
        rows.append(("References", ", ".join(s["references"])))
    return table(["About the source", "Details"], rows)
