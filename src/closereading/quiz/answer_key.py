"""The answer key for teachers: every question of every bank with its answer,
explanation, evidence, the feedback on each option and hints, as one standalone HTML page (no script, no network).

    python -m closereading.build answer-key      (make answer-key)

writes ``build/answer-key.html``. The evidence is shown with the whole paragraph it comes
from, the quote marked with ``<mark>`` and also set in bold and quotation marks, so the
mark does not rely on colour.
"""

from __future__ import annotations

from pathlib import Path

from closereading.html import esc, mark_languages
from closereading.quiz import render
from closereading.quiz.render import all_clues_html, all_feedback_html, body_html

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #767676; }
section.q { border: 1px solid #767676; border-radius: 4px; padding: 0.4em 1em; margin: 1em 0;
            break-inside: avoid; }
.meta { font-size: 0.9em; color: #4a4a4a; }
blockquote { margin: 0.3em 0 0.3em 1.5em; }
mark { background: #fff3a0; color: inherit; }
nav ul { columns: 2; }
"""


def _title_of(stem: str) -> str:
    try:
        from closereading.course import load_course
        nb = load_course().notebook(stem)
        return f"{nb.file}: {nb.title}"
    except Exception:  # noqa: BLE001 - the course plan only adds titles
        return stem


def _evidence_in_context(q) -> str:
    from closereading import text
    para = text.load().paragraph(q.evidence.paragraph).text
    start = para.index(q.evidence.quote)
    end = start + len(q.evidence.quote)
    return (f"{esc(para[:start])}<mark><strong>\u201c{esc(para[start:end])}\u201d</strong></mark>"
            f"{esc(para[end:])}")


def question_section(q, number: int) -> str:
    hints = ("<p><strong>Hints:</strong></p><ol>" + "".join(f"<li>{esc(h)}</li>" for h in q.hints)
             + "</ol>") if q.hints else ""
    shuffle = "; options shuffled (stable order)" if q.shuffle else ""
    return (f'<section class="q" id="{esc(q.id)}">'
            f"<h3>{number}. {esc(q.prompt)}</h3>"
            f'<p class="meta">id <code>{esc(q.id)}</code>; type {esc(q.type)}{esc(shuffle)}; '
            f"{esc(q.file)}, line {esc(q.line)}</p>"
            f"<p><em>{esc(q.instruction)}</em> As the learner sees it:</p>{body_html(q)}"
            f"<p><strong>Answer:</strong></p>{render.answer_list_html(q)}"
            f"<p><strong>Explanation:</strong> {esc(q.explanation)}</p>"
            f"<p><strong>Evidence</strong> (paragraph {esc(q.evidence.paragraph)}), in its "
            f"paragraph:</p><blockquote>{_evidence_in_context(q)}</blockquote>"
            f"{all_feedback_html(q)}{all_clues_html(q)}{hints}</section>")


def answer_key_html(bank=None) -> str:
    from closereading import __version__
    from closereading.quiz.bank import load_banks
    bank = load_banks() if bank is None else bank
    notebooks: dict[str, list] = {}
    for q in bank:
        notebooks.setdefault(q.notebook, []).append(q)
    toc, parts = [], []
    for stem, qs in notebooks.items():
        title = _title_of(stem)
        types = sorted({q.type for q in qs})
        toc.append(f'<li><a href="#nb-{esc(stem)}">{esc(title)}</a> ({len(qs)} questions)</li>')
        parts.append(f'<h2 id="nb-{esc(stem)}">{esc(title)}</h2>'
                     f"<p>{len(qs)} questions; types: {esc(', '.join(types))}.</p>")
        parts += [question_section(q, i) for i, q in enumerate(qs, 1)]
    return mark_languages(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Answer key: close reading of Part III of China's Peaceful Development</title>"
            f"<style>{STYLE}</style></head><body>"
            "<h1>Answer key</h1>"
            "<p>For teachers: every quiz question of the course, with its answer, explanation, "
            "evidence and hints, generated from <code>materials/quizzes/</code>. Do not hand "
            "it out to learners.</p>"
            f"<p>{len(bank)} questions in {len(notebooks)} notebooks. "
            f"Course version {esc(__version__)}.</p>"
            f"<nav><ul>{''.join(toc)}</ul></nav>{''.join(parts)}</body></html>\n")


def write_answer_key(path) -> Path:
    """Write the answer key to ``path`` (folders are created) and return the path."""
    path = Path(path)
    html = answer_key_html()
    from closereading import safeio
    return safeio.write_text(path, html, fsync=False)
