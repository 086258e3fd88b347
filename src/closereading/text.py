"""The text as data: the raw capture parsed into a document.

The raw capture (``materials/source/*.raw.txt``) is the only copy of the text. This module
turns it into a :class:`Document`:

* the title (the first line);
* the table of contents of the whole white paper (the lines "I. ...", "II. ...");
* the introduction (section 0) and the sub-sections (1, 2, ...), each headed in the
  capture by a line that starts with ``"-- "``;
* paragraphs with stable ids: the introduction is ``0.1``; sub-section 3, paragraph 2
  is ``3.2``.

What is not text is recorded in ``Document.dropped`` with the reason it was dropped:
the table of contents, the web page's navigation links and the repeated title.

Paragraph texts are exact slices of the raw text, so every paragraph occurs in it
verbatim, and :meth:`Document.rebuild_body` puts the body back together exactly.

Two entry points:

* :func:`parse` reads text with the structure of the course capture and fails with a
  :class:`SourceError` naming the line when that structure is broken;
* :func:`parse_plain` reads any plain text (a teacher's own): sections come from
  ``"-- "`` headings where there are some; otherwise the whole text is one section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from closereading.paths import source_path

HEADING_PREFIX = "-- "
_TOC_LINE = re.compile(r"^(?P<numeral>[IVX]+)\.\s+(?P<title>\S.*)$")


class SourceError(ValueError):
    """The source text is not what the parser expects. The message names the line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.problem = message
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def _render_traceback_(self):  # IPython shows this instead of a deep traceback
        return [f"{type(self).__name__}: {self}"]


@dataclass(frozen=True)
class Paragraph:
    id: str
    section: int
    number: int
    text: str
    line: int
    start: int  # offset of the paragraph in the raw text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    heading_line: int | None = None  # None for the introduction

    @property
    def id(self) -> str:
        return str(self.number)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def is_introduction(self) -> bool:
        return self.heading_line is None and self.number == 0


@dataclass(frozen=True)
class TocEntry:
    numeral: str
    title: str
    included: bool
    line: int


@dataclass(frozen=True)
class DroppedLine:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    name: str
    title: str
    raw: str
    toc: tuple[TocEntry, ...]
    sections: tuple[Section, ...]
    dropped: tuple[DroppedLine, ...]
    body_start: int  # offset in `raw` where the body (introduction onwards) begins
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._by_id.update({p.id: p for s in self.sections for p in s.paragraphs})

    @property
    def body(self) -> str:
        """The raw text from the introduction to the end, exactly as captured."""
        return self.raw[self.body_start:]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def introduction(self) -> Section | None:
        first = self.sections[0] if self.sections else None
        return first if first is not None and first.is_introduction else None

    @property
    def subsections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.is_introduction)

    def section(self, number: int | str) -> Section:
        for s in self.sections:
            if s.id == str(number):
                return s
        known = ", ".join(s.id for s in self.sections)
        raise KeyError(f"no section {number!r} in {self.name} (sections: {known})")

    def paragraph(self, pid: str) -> Paragraph:
        try:
            return self._by_id[str(pid)]
        except KeyError:
            raise KeyError(f"no paragraph {pid!r} in {self.name} "
                           f"(ids run {self.paragraphs[0].id} to {self.paragraphs[-1].id})") from None

    def has_paragraph(self, pid: str) -> bool:
        return str(pid) in self._by_id

    def rebuild_body(self) -> str:
        """Put the body back together from the parsed parts: headings and paragraphs,
        separated by one blank line each, as in the capture."""
        blocks: list[str] = []
        for s in self.sections:
            if not s.is_introduction:
                blocks.append(HEADING_PREFIX + s.title)
            blocks.extend(p.text for p in s.paragraphs)
        return "\n\n".join(blocks)


# ---------------------------------------------------------------------------------------
# Reading


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 strictly; a bad byte is reported with its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(path, f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not "
                                f"valid UTF-8; save the file as UTF-8 text", line) from None


@dataclass
class _Block:
    line: int      # line number (from 1) of the block's first line
    start: int     # offset in the raw text
    text: str


def _blocks(raw: str, offset: int = 0, first_line: int = 1) -> list[_Block]:
    """Split text into blocks of consecutive non-blank lines, keeping exact offsets. Each
    block is sliced from the text once, when it closes, so the time grows in proportion
    to the text however long its blocks are."""
    blocks: list[_Block] = []
    start = end = None          # the open block: where it starts, where its last line ends
    block_line = 0
    pos, line_no = offset, first_line
    for line in raw[offset:].splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if content.strip():
            if start is None:
                start, block_line = pos, line_no
            end = pos + len(content)
        elif start is not None:
            blocks.append(_Block(block_line, start, raw[start:end]))
            start = None
        pos += len(line)
        line_no += 1
    if start is not None:
        blocks.append(_Block(block_line, start, raw[start:end]))
    return blocks


def _is_heading(block: _Block) -> bool:
    return block.text.startswith(HEADING_PREFIX)


def _sections_from(blocks: list[_Block], path: str, *, intro_title: str,
                   require_headings: bool) -> tuple[Section, ...]:
    sections: list[Section] = []
    title, heading_line, number = intro_title, None, 0
    paras: list[Paragraph] = []

    def close():
        if heading_line is not None and not paras:
            raise SourceError(path, f"the heading {HEADING_PREFIX + title!r} has no paragraph "
                                    f"after it", heading_line)
        if paras or heading_line is not None:
            sections.append(Section(number, title, tuple(paras), heading_line))

    for block in blocks:
        if _is_heading(block):
            close()
            number = sections[-1].number + 1 if sections else 1
            title = block.text[len(HEADING_PREFIX):].strip()
            if not title or "\n" in block.text:
                raise SourceError(path, "a heading must be one line of text after "
                                        f"{HEADING_PREFIX!r}", block.line)
            heading_line, paras = block.line, []
            continue
        paras.append(Paragraph(f"{number}.{len(paras) + 1}", number, len(paras) + 1,
                               block.text, block.line, block.start))
    close()
    if require_headings and not any(s.heading_line for s in sections):
        raise SourceError(path, f"no sub-section headings: no line starts with "
                                f"{HEADING_PREFIX!r}")
    return tuple(sections)


def parse(raw: str | bytes, path: str = "<source>") -> Document:
    """Parse text with the structure of the course capture.

    Expected: a title line; then, before the body, the table of contents ("I. ...") and
    any navigation lines; the title again; the introduction; sub-sections headed by
    lines that start with "-- ", each followed by at least one paragraph.
    """
    if isinstance(raw, bytes):
        raw = decode(raw, path)
    if not raw.strip():
        raise SourceError(path, "the source is empty")
    lines = raw.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())
    title = lines[first].strip()
    if title.startswith(HEADING_PREFIX):
        raise SourceError(path, "the first line should be the title, not a heading", first + 1)

    # The body starts after the title's last repetition (the page repeats it above the text).
    repeats = [i for i, line in enumerate(lines) if line.strip() == title]
    title_at = repeats[-1]
    dropped: list[DroppedLine] = []
    toc: list[TocEntry] = []
    for i in range(first + 1, title_at):
        text = lines[i].strip()
        if not text:
            continue
        m = _TOC_LINE.match(text)
        if m:
            included = m.group("title").strip() == _strip_numeral(title)
            toc.append(TocEntry(m.group("numeral"), m.group("title").strip(), included, i + 1))
            dropped.append(DroppedLine(i + 1, text, "table of contents of the whole white paper"))
        else:
            dropped.append(DroppedLine(i + 1, text, "navigation link of the web page"))
    if title_at != first:
        dropped.append(DroppedLine(title_at + 1, title, "the title, repeated above the text"))
    if toc and not any(e.included for e in toc):
        raise SourceError(path, f"the table of contents does not list the title {title!r}",
                          toc[0].line)

    body_line = title_at + 2  # the line after the title line (1-based)
    body_start = sum(len(line) for line in raw.splitlines(keepends=True)[:title_at + 1])
    blocks = _blocks(raw, body_start, body_line)
    if not blocks:
        raise SourceError(path, "no text after the title", title_at + 1)
    body_start = blocks[0].start
    sections = _sections_from(blocks, path, intro_title="Introduction", require_headings=True)
    return Document(Path(path).name, title, raw, tuple(toc), sections, tuple(dropped), body_start)


def parse_plain(raw: str | bytes, path: str = "<text>") -> Document:
    """Parse any plain text: paragraphs are blocks separated by blank lines; sections come
    from "-- " headings where there are some, otherwise the whole text is one section."""
    if isinstance(raw, bytes):
        raw = decode(raw, path)
    if not raw.strip():
        raise SourceError(path, "the file is empty")
    blocks = _blocks(raw)
    if any(_is_heading(b) for b in blocks):
        sections = _sections_from(blocks, path, intro_title="Before the first heading",
                                  require_headings=True)
    else:
        paras = tuple(Paragraph(f"1.{i}", 1, i, b.text, b.line, b.start)
                      for i, b in enumerate(blocks, 1))
        sections = (Section(1, "Whole text", paras, None),)
    return Document(Path(path).name, Path(path).stem, raw, (), sections, (), blocks[0].start)


def _strip_numeral(title: str) -> str:
    m = _TOC_LINE.match(title)
    return m.group("title").strip() if m else title


def read_source(path: str | Path) -> Document:
    """Read and parse a file with the structure of the course capture."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot read the file ({exc.strerror})") from None
    return parse(data, str(path))


@lru_cache(maxsize=1)
def load() -> Document:
    """The course text, parsed (cached)."""
    return read_source(source_path())
