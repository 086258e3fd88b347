"""Small building blocks for what the notebooks display.

Every view has two faces: HTML for JupyterLab, nbconvert and GitHub, and plain text for a
terminal or a reader without a kernel. Every string is escaped on the way into HTML,
whatever its origin (the materials, the text or a learner).

The HTML uses semantic elements and a few inline styles only, so that it reads the same
when JupyterLab sanitises the output of an untrusted notebook.
"""

from __future__ import annotations

import html as _html
import re
from typing import Iterable, Sequence


def esc(value) -> str:
    """Escape any value for HTML text or attribute values."""
    return _html.escape("" if value is None else str(value), quote=True)


def safe_text(value) -> str:
    """What a learner typed, as it can travel back to the browser and into the progress
    file (UTF-8): a browser can send half of a surrogate pair (JavaScript strings are
    UTF-16), and each such lone half becomes one U+FFFD; a whole pair sent as two halves
    becomes the character it stands for. Anything but a string gives ""."""
    if not isinstance(value, str):
        return ""
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# Chinese in the course's English (a title, a term and its gloss): each run of Han
# characters, with the CJK punctuation around or inside it, is marked as Chinese, so that
# a screen reader reads it with a Chinese voice, not an English one (WCAG 2.2, 3.1.2
# "Language of Parts"), and a browser picks a Chinese font for it.
CHINESE = "zh-Hans"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CHINESE_RUN = re.compile(f"[{_CJK_PUNCTUATION}]*[{_HAN}][{_HAN}{_CJK_PUNCTUATION}]*")
_TAG = re.compile(r"(<[^>]*>)")
_OPEN = f'<span lang="{CHINESE}">'
_RAW = re.compile(r"<(script|style|textarea)\b", re.I)


def mark_languages(markup: str) -> str:
    """``markup`` with every run of Chinese in its text (never in a tag or an attribute,
    nor in a script, style or text area) wrapped in ``<span lang="zh-Hans">``. Marking
    twice changes nothing more. ``markup`` must be HTML whose attribute values are
    escaped, as everything built with :func:`esc` is."""
    if not _CHINESE_RUN.search(markup):
        return markup
    parts = _TAG.split(markup)
    raw = None          # the element whose text is left alone (script, style, textarea)
    for i in range(0, len(parts), 2):
        tag = parts[i - 1] if i else ""
        if raw is not None:
            if tag.lower().startswith(f"</{raw}"):
                raw = None
            else:
                continue
        opened = _RAW.match(tag)
        if opened:
            raw = opened.group(1).lower()
            continue
        if tag != _OPEN:
            parts[i] = _CHINESE_RUN.sub(lambda m: f"{_OPEN}{m.group(0)}</span>", parts[i])
    return "".join(parts)


def block(html: str) -> str:
    """HTML for an HTML widget, in normal line spacing (the widget's own line height is
    that of a control, too wide for running text), with its Chinese marked."""
    return f'<div style="line-height:1.45">{mark_languages(html)}</div>' if html else ""


# A focus indicator that stays visible on our widgets. ipywidgets' own is a 1 px light blue
# (#64B5F6, 2:1 against white) outline on buttons and a light blue border on text boxes
# and drop-downs: too faint to follow. Every control inside an element of class
# ``cr-focus`` gets a 2 px dark blue outline (6.4:1 against white) when it has the keyboard
# focus. The class is repeated so that the rule outweighs ipywidgets' own
# ``.jupyter-widget-text input[type='number'] { outline: none !important }``. A <style>
# element applies wherever it sits in the page, even hidden.
FOCUS_CSS = (".cr-focus.cr-focus.cr-focus :focus-visible { "
             "outline: 2px solid #0b57d0 !important; outline-offset: 2px !important; }")
FOCUS_STYLE = f"<style>{FOCUS_CSS}</style>"


class Rich:
    """Something to display: HTML for Jupyter, text for everything else."""

    def __init__(self, html: str, text: str):
        self.html = mark_languages(html)
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, p, cycle):  # IPython's text/plain
        p.text(self.text)

    def __add__(self, other: "Rich") -> "Rich":
        return Rich(self.html + other.html, self.text + "\n\n" + other.text)


def table(headers: Sequence[str], rows: Iterable[Sequence], *, caption: str | None = None,
          align: Sequence[str] | None = None) -> Rich:
    """A table as HTML and as aligned plain text. ``align`` holds 'l' or 'r' per column."""
    rows = [[("" if c is None else str(c)) for c in row] for row in rows]
    align = list(align or ["l"] * len(headers))
    style = {"l": "text-align:left", "r": "text-align:right"}
    head = "".join(f'<th scope="col" style="{style[a]}">{esc(h)}</th>'
                   for h, a in zip(headers, align))
    body = "".join("<tr>" + "".join(f'<td style="{style[a]};vertical-align:top">{esc(c)}</td>'
                                    for c, a in zip(row, align)) + "</tr>" for row in rows)
    cap = f"<caption style=\"caption-side:top;text-align:left\">{esc(caption)}</caption>" if caption else ""
    html = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    widths = [max([len(str(h))] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def fmt(cells):
        return "  ".join((c.rjust(w) if a == "r" else c.ljust(w))
                         for c, w, a in zip(cells, widths, align)).rstrip()

    lines = ([caption] if caption else []) + [fmt(headers), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    return Rich(html, "\n".join(lines))


def heading(text: str, level: int = 3) -> Rich:
    return Rich(f"<h{level}>{esc(text)}</h{level}>", text)


def paragraphs(items: Iterable[tuple[str, str]], *, label: str = "Paragraph") -> Rich:
    """Paragraphs with their ids shown in the margin (as text, not by colour)."""
    items = list(items)
    html = "".join(
        f'<p id="para-{esc(pid)}" style="margin:0.4em 0"><strong aria-label="{esc(label)} {esc(pid)}">'
        f"[{esc(pid)}]</strong> {esc(text)}</p>" for pid, text in items)
    text = "\n\n".join(f"[{pid}] {body}" for pid, body in items)
    return Rich(f"<div>{html}</div>", text)
