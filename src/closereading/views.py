"""Views of the document for the notebooks: each returns something that displays as HTML
in Jupyter and as text everywhere else."""

from __future__ import annotations

from closereading import text as _text
from closereading.html import Rich, esc, paragraphs, table


def _doc(doc):
    return doc if doc is not None else _text.load()


def contents(doc=None) -> Rich:
    """The white paper's table of contents, with the part this course reads marked."""
    doc = _doc(doc)
    rows = [(e.numeral, e.title, "yes: this course" if e.included else "no (title only)")
            for e in doc.toc]
    return table(["Part", "Title", "Text in the capture?"], rows,
                 caption="The five parts of the white paper (from the capture's table of contents)")


def cleaning(doc=None) -> Rich:
    """What the parser dropped from the capture, line by line, and why."""
    doc = _doc(doc)
    rows = [(d.line, d.text, d.reason) for d in doc.dropped]
    kept = (f"Kept: {len(doc.paragraphs)} paragraphs in {len(doc.sections)} sections "
            f"(the introduction and {len(doc.subsections)} sub-sections), from line "
            f"{doc.paragraphs[0].line} on; {len(doc.subsections)} heading lines became section titles.")
    t = table(["Line", "Dropped text", "Why"], rows, align=["r", "l", "l"],
              caption=f"Lines of {doc.name} that are not part of the text")
    return t + Rich(f"<p>{esc(kept)}</p>", kept)


def section_titles(doc=None) -> Rich:
    doc = _doc(doc)
    from closereading.stats import words
    rows = [(s.id, s.title, len(s.paragraphs), len(words(s.text))) for s in doc.sections]
    return table(["Section", "Title", "Paragraphs", "Words"], rows, align=["r", "l", "r", "r"],
                 caption="The introduction and the five sub-sections")


def section_text(number, doc=None) -> Rich:
    """A section's full text, each paragraph with its id."""
    doc = _doc(doc)
    s = doc.section(number)
    # The capture marks headings with "-- "; the learner sees the heading itself.
    title = s.title if s.is_introduction else f"{s.id}. {s.title}"
    head = Rich(f"<p><strong>{esc(title)}</strong></p>", title)
    return head + paragraphs((p.id, p.text) for p in s.paragraphs)


def section_lengths_chart(doc=None):
    """A bar chart of the sub-sections' lengths in words."""
    from closereading.plots import bar
    from closereading.stats import words
    doc = _doc(doc)
    subs = doc.subsections
    counts = [len(words(s.text)) for s in subs]
    longest = max(subs, key=lambda s: len(words(s.text)))
    shortest = min(subs, key=lambda s: len(words(s.text)))
    labels = [f"{s.id}. {_short(s.title)}" for s in subs]
    caption = (f"The five sub-sections differ in length: the longest, sub-section {longest.id} "
               f"({max(counts)} words), is about {max(counts) / min(counts):.0f} times as long as the "
               f"shortest, sub-section {shortest.id} ({min(counts)} words). Words are counted "
               "by the course's tokenizer (notebook 06 explains its rules).")
    return bar(labels, counts, title="Length of each sub-section of Part III",
               xlabel="Words", ylabel="Sub-section", caption=caption)


def _short(title: str, limit: int = 38) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "\u2026"
