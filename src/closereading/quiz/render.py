"""Static renderings of questions: HTML and plain text that read without a kernel.

These are what GitHub, nbconvert HTML, a printed handout and nbval see of a quiz. By
default they show the question and its options and **never the answer**; with
``reveal=True`` (the teacher edition, the answer key) they add the answer, the
explanation, the evidence and the hints, inside an element of class ``cr-quiz-key``.

Everything is escaped with :func:`closereading.html.esc`. The markup uses plain elements
and inline styles only, so it survives JupyterLab's sanitiser, and it never relies on
colour: marks are written out ("Answer:", "( )", "[ ]").
"""

from __future__ import annotations

from closereading.html import Rich, esc
from closereading.quiz.model import Question

BOX = "border:1px solid #767676;border-radius:4px;padding:0.5em 0.9em;margin:0.6em 0"
RUN_NOTE = "Run the notebook to answer this question here and get feedback."


def _label(q: Question, option: str) -> str:
    return f"Paragraph {option}" if q.type == "evidence" else option


def answer_list_html(q: Question) -> str:
    """The answer as an HTML list: an order question's items in a numbered list (its
    numbers are the list's own, never written twice), any other answer as bullets."""
    if q.type == "order":
        return "<ol>" + "".join(f"<li>{esc(item)}</li>" for item in q.answer) + "</ol>"
    return "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in q.answer_lines()) + "</ul>"


def _answer_block_html(q: Question) -> str:
    hints = ""
    if q.hints:
        hints = ("<p><strong>Hints:</strong></p><ol>"
                 + "".join(f"<li>{esc(h)}</li>" for h in q.hints) + "</ol>")
    return (f'<div class="cr-quiz-key" style="border-top:1px dashed #767676;'
            f'margin-top:0.5em;padding-top:0.3em">'
            f"<p><strong>Answer:</strong></p>{answer_list_html(q)}"
            f"<p><strong>Explanation:</strong> {esc(q.explanation)}</p>"
            f"{evidence_html(q)}{all_feedback_html(q)}{all_clues_html(q)}{hints}</div>")


def feedback_items_html(q: Question, pairs, *, css: str = "cr-quiz-option-feedback",
                        answer: bool = True) -> str:
    """(key, feedback) pairs as a list: each option (pair, item) named, then why. With
    ``answer=False`` (clues), a match pair is named by its left item alone."""
    if not pairs:
        return ""
    items = "".join(f"<li><strong>{esc(q.feedback_label(k, answer=answer))}</strong>: "
                    f"{esc(text)}</li>" for k, text in pairs)
    return f'<ul class="{css}">{items}</ul>'


def all_clues_html(q: Question) -> str:
    """The clues of a match or order question (teacher edition, answer key)."""
    pairs = [(k, q.clue_for(k)) for k in q.feedback_keys() if q.clue_for(k)]
    if not pairs:
        return ""
    return ("<p><strong>Clues at the first wrong try (where to look, without the answer):"
            "</strong></p>" + feedback_items_html(q, pairs, css="cr-quiz-all-clues",
                                                  answer=False))


def all_clues_text(q: Question) -> list[str]:
    return [f"    - {k}: {q.clue_for(k)}" for k in q.feedback_keys() if q.clue_for(k)]


def all_feedback_html(q: Question) -> str:
    """The feedback on every option (pair, item), for the teacher edition, the answer
    key and "Show answer"; "" for a question without any."""
    pairs = [(k, q.feedback_for(k)) for k in q.feedback_keys() if q.feedback_for(k)]
    if not pairs:
        return ""
    head = {"match": "Feedback on each pair, when it is matched wrongly:",
            "order": "Feedback on each item, when it is out of place:"}.get(
        q.type, "Feedback on each option:")
    return f"<p><strong>{esc(head)}</strong></p>" + feedback_items_html(q, pairs, css="cr-quiz-all-feedback")


def all_feedback_text(q: Question) -> list[str]:
    return [f"    - {q.feedback_label(k)}: {q.feedback_for(k)}" for k in q.feedback_keys()
            if q.feedback_for(k)]


def evidence_html(q: Question) -> str:
    ev = q.evidence
    return (f"<p><strong>Evidence</strong> (paragraph {esc(ev.paragraph)}):</p>"
            f'<blockquote style="margin:0.2em 0 0.4em 1.5em">\u201c{esc(ev.quote)}\u201d'
            f"</blockquote>")


def body_html(q: Question) -> str:
    """The question's options (or answer form) as static HTML, in the order shown."""
    plain = 'style="list-style:none;padding-left:1em;margin:0.3em 0"'
    if q.type in ("single", "evidence", "true-false"):
        return f"<ul {plain}>" + "".join(f"<li>( ) {esc(_label(q, o))}</li>"
                                         for o in q.choices()) + "</ul>"
    if q.type == "multiple":
        return f"<ul {plain}>" + "".join(f"<li>[ ] {esc(o)}</li>" for o in q.choices()) + "</ul>"
    if q.type == "text":
        return "<p>Your answer: ______________________</p>"
    if q.type == "match":
        rows = "".join(f'<tr><td style="text-align:left;padding-right:1em">{esc(left)}</td>'
                       f'<td style="text-align:left">______</td></tr>' for left in q.left_items())
        choices = "".join(f"<li>{esc(r)}</li>" for r in q.right_items())
        return (f'<table><thead><tr><th scope="col" style="text-align:left">Item</th>'
                f'<th scope="col" style="text-align:left">Matches</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>"
                f"<p>Choose each match from:</p><ul>{choices}</ul>")
    if q.type == "order":
        return (f"<ul {plain}>" + "".join(f"<li>___ {esc(item)}</li>" for item in q.start_order())
                + "</ul>")
    return ""


def question_html(q: Question, *, reveal: bool = False, number: int | None = None,
                  note: str | None = RUN_NOTE) -> str:
    title = f"Question {number}" if number is not None else "Question"
    note_html = f'<p><em>{esc(note)}</em></p>' if note else ""
    answer = _answer_block_html(q) if reveal else ""
    return (f'<div class="cr-quiz-static" style="{BOX}">'
            f"<p><strong>{esc(title)}.</strong> <em>{esc(q.instruction)}</em></p>"
            f"<p>{esc(q.prompt)}</p>{body_html(q)}{note_html}{answer}</div>")


def question_text(q: Question, *, reveal: bool = False, number: int | None = None) -> str:
    """The question as short plain text: prompt and options; the answer only with
    ``reveal``."""
    title = f"Question {number}" if number is not None else "Question"
    lines = [f"{title} ({q.instruction[0].lower() + q.instruction[1:].rstrip('.')}): {q.prompt}"]
    if q.type in ("single", "evidence", "true-false"):
        lines += [f"  ( ) {_label(q, o)}" for o in q.choices()]
    elif q.type == "multiple":
        lines += [f"  [ ] {o}" for o in q.choices()]
    elif q.type == "text":
        lines.append("  Your answer: ____")
    elif q.type == "match":
        lines += [f"  {left} -> ____" for left in q.left_items()]
        lines.append("  Choose from: " + "; ".join(q.right_items()))
    elif q.type == "order":
        lines += [f"  ___ {item}" for item in q.start_order()]
    if reveal:
        lines.append("  Answer: " + "; ".join(q.answer_lines()))
        lines.append(f"  Explanation: {q.explanation}")
        lines.append(f"  Evidence: {q.evidence.cite()}")
        fb = all_feedback_text(q)
        if fb:
            lines.append("  Feedback:")
            lines += fb
        clues = all_clues_text(q)
        if clues:
            lines.append("  Clues at the first wrong try:")
            lines += clues
    return "\n".join(lines)


def static(questions, *, reveal: bool = False, numbered: bool = True,
           note: str | None = RUN_NOTE) -> Rich:
    """Several questions as one printable block (HTML and text)."""
    questions = list(questions)
    nums = range(1, len(questions) + 1) if numbered and len(questions) > 1 else [None] * len(questions)
    html = "".join(question_html(q, reveal=reveal, number=n, note=note)
                   for q, n in zip(questions, nums))
    text = "\n\n".join(question_text(q, reveal=reveal, number=n) for q, n in zip(questions, nums))
    return Rich(f"<div>{html}</div>", text)


def _other_line(o: dict) -> str:
    extra = ""
    if o.get("solutions"):
        extra = f" (solution shown for {o['solutions']})"
    return f"{o['label']}: {o['done']} of {o['total']}{extra}"


def score_html(s: dict, notebook: str, others=()) -> str:
    """The scoreboard: the quiz, then one line per other source of progress (exercises,
    reading responses ...), each a dict with ``key``, ``label``, ``done`` and ``total``."""
    lines = "".join(f'<p class="cr-score-{esc(o["key"])}">{esc(_other_line(o))}</p>'
                    for o in others)
    return (f'<div class="cr-quiz-score" style="{BOX}" role="status">'
            f"<p><strong>Scoreboard</strong> ({esc(notebook)})</p>"
            f'<p><span class="cr-quiz-count-answered">Answered: {s["answered"]} of {s["total"]}</span>'
            f' &middot; <span class="cr-quiz-count-first-try">Correct at the first try: '
            f'{s["first_try"]}</span> &middot; <span>Questions: {s["total"]}</span></p>'
            f"{lines}</div>")


def score_text(s: dict, notebook: str, others=()) -> str:
    text = (f"Scoreboard ({notebook}): answered {s['answered']} of {s['total']}; "
            f"correct at the first try {s['first_try']}; questions {s['total']}")
    for o in others:
        line = _other_line(o)
        text += "; " + line[0].lower() + line[1:]
    return text


def overview_html(rows, labels) -> str:
    """The whole course at a glance: a table with a row per notebook and a column per
    source of progress ("3 of 4"; a dash where the notebook has none)."""
    head = "".join(f'<th scope="col" style="text-align:left;padding:0 0.8em 0 0">{esc(label)}</th>'
                   for _, label in labels)
    body = []
    for row in rows:
        cells = []
        for key, _ in labels:
            s = row["sources"].get(key)
            cells.append("–" if s is None else f"{s['done']} of {s['total']}")
        body.append(f'<tr><th scope="row" style="text-align:left;padding:0 0.8em 0 0;'
                    f'font-weight:normal">{esc(row["notebook"])}</th>'
                    + "".join(f'<td style="text-align:left;padding:0 0.8em 0 0">{esc(c)}</td>'
                              for c in cells) + "</tr>")
    return (f'<div class="cr-course-overview" style="{BOX}" role="status">'
            f"<p><strong>Your progress in the whole course</strong></p>"
            f'<table><caption style="text-align:left">Done, of the total, in each notebook '
            f"(a dash: the notebook has none)</caption><thead><tr>"
            f'<th scope="col" style="text-align:left">Notebook</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def overview_text(rows, labels) -> str:
    lines = ["Your progress in the whole course (done of total; - where a notebook has none):"]
    for row in rows:
        parts = []
        for key, label in labels:
            s = row["sources"].get(key)
            parts.append(f"{label.lower()} " + ("-" if s is None else f"{s['done']} of {s['total']}"))
        lines.append(f"  {row['notebook']}: " + "; ".join(parts))
    return "\n".join(lines)
