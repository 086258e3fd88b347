"""The pages of the class report that show what the class wrote, and its sections on what
the class found hard and on grades that can be trusted.

Written beside ``index.html`` by :func:`closereading.report.write_report`:

* ``learners/<name>.html``: one page per learner: their grades per notebook, each question
  with their answer and what the current key makes of it, their reading responses,
  annotations, discussion answers and predictions (and, through :data:`LEARNER_SECTIONS`,
  any later kind of work, one more entry);
* ``paragraphs/<id>.html``: one page per paragraph with a reading prompt: the paragraph,
  its prompt, and every learner's response side by side, then their annotations;
* ``heatmap.html``: the text, each passage shaded by how many learners annotated it, with
  the number printed after it (so that nothing depends on colour) and a button that shows
  their notes.

With ``anonymise`` the learners are "Learner 1", "Learner 2" ... (numbered in an order
drawn from their files, not their names), and no name, ID, login or file name appears:
for projecting in class.

Everything a learner wrote is escaped; nothing is fetched (no script, font or image from
elsewhere). The pages need no script: the heat map's notes open with the HTML ``popover``
attribute (in a browser without it, they show under the paragraph).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from closereading.html import esc

TOP_HARD = 5

CSS = """body{font-family:system-ui,sans-serif;max-width:62em;margin:1em auto;padding:0 1em;
color:#111;line-height:1.45}table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #777;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right}caption{text-align:left;font-weight:bold;padding:.3em 0}
figure{margin:1em 0}img{max-width:100%}code{background:#f2f2f2}"""

CSS_EXTRA = """.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));
gap:.8em;margin:.5em 0 1.5em}.card{border:1px solid #777;padding:.4em .8em;border-radius:4px}
.card h3{font-size:1em;margin:.2em 0}.written{white-space:pre-wrap;margin:.3em 0}
.passage{line-height:2.1}.h1{background:#e3eefa;border-bottom:1px dotted #111}
.h2{background:#bcd6f2;border-bottom:2px dashed #111}.h3{background:#8fbbe8;border-bottom:3px solid #111}
.h4{background:#5f9fdc;border-bottom:5px double #111}mark{color:#111;padding:0 1px}
button.count{font:inherit;font-size:.8em;font-weight:bold;border:1px solid #111;background:#fff;
color:#111;border-radius:3px;padding:0 .3em;margin:0 .15em;cursor:pointer;vertical-align:super}
[popover]{max-width:36em;border:2px solid #111;padding:.6em 1em;color:#111;background:#fff}
.legend span{display:inline-block;margin:0 .6em .3em 0;padding:0 .3em}
nav ul{padding-left:1.2em}.flag{border-left:4px solid #b35900;padding:.1em .7em;margin:.4em 0}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}table{min-width:min(100%,32em)}"""


@dataclass
class Person:
    sub: object
    label: str        # how the pages name the learner
    page: str         # learners/<file>.html
    work: object      # closereading.grades.Work


def people(stats: dict, loaded, anonymise: bool = False) -> list[Person]:
    """The learners, each with a label and a page of their own (unique file names)."""
    from closereading.identity import slug
    subs = list(loaded.accepted)
    if anonymise:
        subs.sort(key=lambda s: hashlib.sha256(s.digest.encode()).hexdigest())
    out, used = [], set()
    names = [" ".join(s.name.split()).casefold() for s in subs]
    for n, sub in enumerate(subs, 1):
        if anonymise:
            label, base = f"Learner {n}", f"learner-{n}"
        else:
            # the ID; or, for a name two learners share, the login: never two alike
            tell = sub.student_id or (sub.data.get("login", "")
                                      if names.count(names[n - 1]) > 1 else "")
            label = sub.name + (f" ({tell})" if tell else "")
            base = slug(sub.name) or "learner"
            tag = slug(sub.data.get("login", ""), 24) or slug(sub.student_id, 24)
            base = f"{base}-{tag}" if tag and tag != base else base
        page, k = base, 2
        while page in used:
            page, k = f"{base}-{k}", k + 1
        used.add(page)
        out.append(Person(sub, label, f"learners/{page}.html", stats["works"][id(sub)]))
    if not anonymise:
        out.sort(key=lambda p: (p.sub.name.casefold(), p.sub.student_id))
    return out


def page(title: str, body: str, *, depth: int = 0, css: str = "") -> str:
    back = "../" * depth
    nav = (f'<p><a href="{back}index.html">Back to the class report</a></p>' if depth else "")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{css}{CSS_EXTRA}</style></head><body><main>"
            f"{nav}{body}</main></body></html>\n")


# ---------------------------------------------------------------------------------------
# Answers as text


def answer_text(q, response) -> str:
    """A learner's answer as a teacher reads it ("" for none)."""
    if response is None:
        return ""
    if q.type == "true-false":
        return "True" if response is True else "False" if response is False else ""
    if q.type == "evidence" and isinstance(response, str):
        return f"Paragraph {response}"
    if isinstance(response, str):
        return response
    if q.type == "multiple" and isinstance(response, list):
        return "; ".join(str(x) for x in response)
    if q.type == "match" and isinstance(response, dict):
        return "; ".join(f"{k} \u2192 {v if v is not None else '(none)'}"
                         for k, v in response.items())
    if q.type == "order" and isinstance(response, list):
        return " / ".join(str(x) for x in response)
    return str(response)[:300]


def result_text(o, entry: dict) -> str:
    if not entry.get("answered"):
        return "not answered"
    if o.first_try:
        return "right at the first try"
    if o.own:
        return f"right at attempt {o.right_at + 1}"
    if o.correct:
        return f"right at attempt {o.right_at + 1}, after Show answer"
    if o.shown:
        return "not right; answer shown"
    return "not right yet"


# ---------------------------------------------------------------------------------------
# One page per learner


def _learner_grades(person: Person, tasks) -> str:
    from closereading import grades as G
    cells = G.cells(person.work, tasks)
    cols = [c for c in G.COLUMNS if not c.capstone_only]    # those: the capstone's section
    heads = [c.label for c in cols]
    rows = []
    for nb in tasks:
        vals = [cells[G.header(nb, c)] or "\u2013" for c in cols]
        rows.append(f"<tr><th scope=\"row\">{esc(nb.id)} {esc(nb.title)}</th>"
                    + "".join(f'<td class="n">{esc(v)}</td>' for v in vals) + "</tr>")
    return ("<table><caption>Per notebook, graded by the current key (\u2013: notebook not "
            "opened, or no such task)</caption><thead><tr><th scope=\"col\">Notebook</th>"
            + "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _learner_answers(person: Person, stats) -> str:
    bank = stats["bank"]
    work = person.work
    parts = []
    numbers = {qid: i for i, qid in enumerate(stats["per_q"], 1)}
    disagree = {d.question: d for d in work.disagreements}
    for nb in stats["tasks"]:
        rows = []
        for qid in nb.questions:
            q = bank.get(qid)
            entry = work.entries.get(qid, {})
            o = work.outcomes.get(qid)
            if o is None:
                continue
            answer = answer_text(q, entry.get("response")) if entry.get("answered") else ""
            shown = esc(answer) or "\u2013"
            flag = ""
            if qid in disagree:
                d = disagree[qid]
                flag = (f"<br><small>the file records {'right' if d.recorded[0] else 'not right'}"
                        f"{' at the first try' if d.recorded[1] else ''}: graded by the "
                        "answers instead</small>")
            rows.append(f"<tr><td>Q{numbers.get(qid, '')}</td><td>{esc(q.prompt)}</td>"
                        f'<td class="written">{shown}</td>'
                        f"<td>{esc(result_text(o, entry))}{flag}</td></tr>")
        if rows:
            parts.append(f"<table><caption>{esc(nb.id)} {esc(nb.title)}: questions</caption>"
                         "<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Question</th>"
                         "<th scope=\"col\">Last answer checked</th><th scope=\"col\">Result "
                         "(current key)</th></tr></thead><tbody>" + "".join(rows)
                         + "</tbody></table>")
    return "".join(parts)


def _learner_writing(person: Person, stats) -> str:
    from closereading import reading as RD
    work = person.work
    prompts = RD.load_all_prompts()
    parts = []
    for nb in stats["tasks"]:
        items = []
        for pid in nb.paragraphs:
            rec = work.reading.get(pid)
            notes = (work.annotations.get(pid) or {"items": []})["items"]
            if not (rec and rec["text"].strip()) and not notes:
                continue
            prompt = prompts.get(nb.stem, {}).get(pid)
            item = [f"<h4>Paragraph {esc(pid)}</h4>"]
            if rec and rec["text"].strip():
                item.append(f"<p><em>{esc(prompt.prompt) if prompt else 'Response'}</em></p>"
                            f'<p class="written">{esc(rec["text"])}</p>')
            elif rec and rec["revealed"]:
                item.append("<p>Opened the notes without writing a response.</p>")
            if notes:
                item.append("<ul>" + "".join(
                    f"<li><em>{esc(n['kind'])}</em> on \u201c{esc(n['quote'])}\u201d: "
                    f'<span class="written">{esc(n["note"])}</span></li>' for n in notes)
                    + "</ul>")
            items.append("".join(item))
        for n in range(1, nb.discussion + 1):
            text = work.discussion.get(f"{nb.stem}/{n}")
            if text:
                items.append(f"<h4>Discussion question {n}</h4><p class=\"written\">{esc(text)}</p>")
        if items:
            parts.append(f"<h3>{esc(nb.id)} {esc(nb.title)}</h3>" + "".join(items))
    if work.predictions:
        parts.append("<h3>Predictions</h3><ul>" + "".join(
            f"<li><code>{esc(k[:80])}</code>: {esc(v[:2000])}</li>"
            for k, v in sorted(work.predictions.items())) + "</ul>")
    return "".join(parts) or "<p>Nothing written yet.</p>"


def _learner_capstone(person: Person, stats) -> str:
    """The capstone: the passage the learner brought, paragraph by paragraph with their
    response and annotations, their commentary, and the rubric with their own level, their
    evidence and the teacher's score (from ``capstone-scores.csv``)."""
    from closereading import capstone
    from closereading import capstone_scores as CS
    from closereading import grades as G
    if not any(nb.capstone for nb in stats["tasks"]):
        return ""
    work = person.work.capstone
    if work is None:
        return "<p>No passage brought yet.</p>"
    settings = capstone.load_settings()
    rubric = settings.rubric
    source = {"pasted": "pasted in the notebook", "file": "read from a file",
              "class": "the passage set for the class"}.get(work["source"], "")
    origin = work.get("origin") or ""
    parts = [f"<p><strong>{esc(work['title']) or 'Untitled passage'}</strong>: {esc(source)}"
             + (f" (<code>{esc(origin)}</code>)" if origin else "")
             + f"; {work['paragraphs']} paragraphs, {work['words']} words; lenses chosen: "
             + (", ".join(esc(x) for x in work["lenses"]) or "none") + ".</p>"]
    for pid, body, response, counted, items in work["paragraph_texts"]:
        block = [f"<h4>{esc(pid)}</h4><blockquote>{esc(body)}</blockquote>"]
        label = "Response" if counted else "Response (kept with a nudge; not counted)"
        block.append(f'<p><em>{label}:</em></p><p class="written">{esc(response)}</p>'
                     if response.strip() else "<p><em>No response saved.</em></p>")
        if items:
            block.append("<ul>" + "".join(
                f"<li><em>{esc(n['kind'])}</em> on \u201c{esc(n['quote'])}\u201d: "
                f'<span class="written">{esc(n["note"])}</span></li>' for n in items) + "</ul>")
        parts.append("".join(block))
    in_range = "within" if work["commentary_in_range"] else "outside"
    parts.append(f"<h3>Commentary ({work['commentary_words']} words, {in_range} the "
                 f"{settings.min_words}\u2013{settings.max_words} the rubric asks for)</h3>")
    parts.append(f'<div class="written">{esc(work["commentary"])}</div>' if work["commentary"]
                 else "<p>No commentary written yet.</p>")
    given = person.work.capstone_scores
    rows = []
    for c in rubric.criteria:
        own = work["self_assessment"].get(c.id)
        teacher = given.get(c.id)
        own_text = f"{own} {rubric.label(own)}" if own else "not assessed"
        teacher_text = f"{teacher} {rubric.label(teacher)}" if teacher else "not scored"
        evidence = esc(work["evidence"].get(c.id, "")) or "\u2013"
        rows.append(f'<tr><th scope="row">{esc(c.name)} (<code>{esc(c.id)}</code>)</th>'
                    f'<td>{esc(own_text)}</td><td class="written">{evidence}</td>'
                    f"<td>{esc(teacher_text)}</td></tr>")
    total = G._rubric_score(person.work, next(nb for nb in stats["tasks"] if nb.capstone))
    most = G.max_rubric_score(rubric)
    parts.append(
        "<table><caption>The rubric: the learner\u2019s own level and the teacher\u2019s "
        f"score (levels {', '.join(f'{n} {esc(lab)}' for n, lab in rubric.levels)})</caption>"
        '<thead><tr><th scope="col">Criterion</th><th scope="col">Their level</th>'
        '<th scope="col">Where they say the commentary shows it</th>'
        '<th scope="col">Teacher\u2019s score</th></tr></thead><tbody>' + "".join(rows)
        + "</tbody></table>")
    if work["revise"]:
        parts.append(f'<p><em>What they would revise first:</em></p><p class="written">'
                     f'{esc(work["revise"])}</p>')
    score = f"{total:g} of {most}" if total is not None else "not yet"
    parts.append(f"<p>Rubric score: {score}"
                 f" (the sum of a level per criterion). To score, write a level per criterion in "
                 f"this learner\u2019s row of <code>{CS.FILE_NAME}</code>, beside "
                 "<code>grades.csv</code>, and run the report again; the sum goes into "
                 "<code>grades.csv</code>.</p>")
    return "".join(parts)


# Sections of a learner's page after the grades: (heading, function(person, stats) -> HTML).
LEARNER_SECTIONS = [
    ("Questions", _learner_answers),
    ("What they wrote: responses, annotations, discussion answers", _learner_writing),
    ("Their own reading (the capstone)", _learner_capstone),
]


def learner_page(person: Person, stats: dict, flags: list[str], anonymise: bool) -> str:
    sub = person.sub
    facts = []
    if not anonymise:
        if sub.student_id:
            facts.append(f"ID {esc(sub.student_id)}")
        if sub.data.get("login"):
            facts.append(f"login {esc(sub.data['login'])}")
        facts.append(f"file <code>{esc(Path(sub.path).name)}</code>")
    facts.append(f"exported {esc(sub.data.get('exported_at', ''))}")
    facts.append(f"course version {esc(sub.data.get('course_version', ''))}")
    body = [f"<h1>{esc(person.label)}</h1><p>{'; '.join(facts)}.</p>"]
    body += [f'<p class="flag">{esc(f)}</p>' for f in flags]
    body.append("<h2>Grades</h2>" + _learner_grades(person, stats["tasks"]))
    for heading, section in LEARNER_SECTIONS:
        html = section(person, stats)
        if html:
            body.append(f"<h2>{esc(heading)}</h2>" + html)
    return page(person.label, "".join(body), depth=1, css=CSS)


# ---------------------------------------------------------------------------------------
# One page per paragraph


def paragraph_ids(stats) -> list[tuple[str, object]]:
    return [(pid, nb) for nb in stats["tasks"] for pid in nb.paragraphs]


def paragraph_page(pid: str, nb, persons: list[Person], stats) -> str:
    from closereading import reading as RD
    from closereading import text as T
    body_text = T.load().paragraph(pid).text
    prompt = RD.load_all_prompts().get(nb.stem, {}).get(pid)
    cards, silent, opened = [], [], []
    for p in persons:
        rec = p.work.reading.get(pid)
        notes = (p.work.annotations.get(pid) or {"items": []})["items"]
        if rec and rec["text"].strip():
            extra = ""
            if notes:
                extra = "<ul>" + "".join(
                    f"<li><em>{esc(n['kind'])}</em> on \u201c{esc(n['quote'])}\u201d: "
                    f'<span class="written">{esc(n["note"])}</span></li>' for n in notes) + "</ul>"
            cards.append(f'<section class="card"><h3><a href="../{esc(p.page)}">{esc(p.label)}'
                         f'</a></h3><p class="written">{esc(rec["text"])}</p>{extra}</section>')
        else:
            silent.append(p)
            if rec and rec["revealed"]:
                opened.append(p)
    parts = [f"<h1>Paragraph {esc(pid)}</h1>",
             f"<p><strong>[{esc(pid)}]</strong> {esc(body_text)}</p>"]
    if prompt:
        parts.append(f"<p><strong>The reading prompt:</strong> {esc(prompt.prompt)}</p>")
    parts.append(f"<h2>Responses ({len(cards)} of {len(persons)} learners)</h2>")
    parts.append(f'<div class="cards">{"".join(cards)}</div>' if cards
                 else "<p>No learner wrote a response to this paragraph.</p>")
    if silent:
        parts.append("<p>No response from: " + ", ".join(
            f'<a href="../{esc(p.page)}">{esc(p.label)}</a>' for p in silent) + ".</p>")
    if opened:
        parts.append(f"<p>{len(opened)} of them opened the course\u2019s notes without "
                     "writing a response first.</p>")
    return page(f"Paragraph {pid}: the class\u2019s responses", "".join(parts), depth=1,
                css=CSS)


# ---------------------------------------------------------------------------------------
# The heat map


def _level(count: int, size: int) -> int:
    if count <= 0:
        return 0
    share = count / max(size, 1)
    return 4 if share >= 0.75 else 3 if share >= 0.5 else 2 if share >= 0.25 else 1


def annotated_spans(pid: str, body: str, persons: list[Person]) -> list[tuple]:
    """(start, end, person, item) for every learner annotation whose quote is found in the
    paragraph (its occurrence as recorded)."""
    from closereading.excerpts import find_spans
    out = []
    for p in persons:
        for item in (p.work.annotations.get(pid) or {"items": []})["items"]:
            spans = find_spans(body, item["quote"]) if item["quote"] else []
            if spans:
                s, e = spans[min(item["occurrence"], len(spans)) - 1]
                out.append((s, e, p, item))
    return out


def heat_paragraph(pid: str, body: str, persons: list, size: int) -> str:
    spans = annotated_spans(pid, body, persons)
    cuts = sorted({0, len(body)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    pieces = []
    # passages: maximal runs of annotated text; one button per passage opens its notes
    passage_spans: list = []
    popovers: list[str] = []   # after the paragraph: a list may not sit inside a <p>
    n_passage = 0

    def close_passage():
        nonlocal n_passage, passage_spans
        if not passage_spans:
            return
        n_passage += 1
        who = {id(p) for _, _, p, _ in passage_spans}
        pop = f"notes-{pid.replace('.', '-')}-{n_passage}"
        seen, lis = set(), []
        for s, e, p, item in sorted(passage_spans, key=lambda x: (x[2].label, x[3]["id"])):
            key = (id(p), item["id"])
            if key in seen:
                continue
            seen.add(key)
            lis.append(f"<li><strong>{esc(p.label)}</strong>, <em>{esc(item['kind'])}</em> on "
                       f"\u201c{esc(item['quote'])}\u201d: <span class=\"written\">"
                       f"{esc(item['note'])}</span></li>")
        pieces.append(
            f'<button type="button" class="count" popovertarget="{pop}" aria-label="'
            f'{len(who)} learner{"s" if len(who) != 1 else ""} annotated this passage: show '
            f'their notes">{len(who)}</button>')
        popovers.append(
            f'<div popover id="{pop}" role="dialog" aria-label="Notes on a passage of '
            f'paragraph {esc(pid)}"><p><strong>Notes on this passage of paragraph {esc(pid)}'
            f"</strong></p><ul>{''.join(lis)}</ul>"
            f'<button type="button" popovertarget="{pop}" popovertargetaction="hide">'
            "Close</button></div>")
        passage_spans = []

    for start, end in zip(cuts, cuts[1:]):
        covering = [x for x in spans if x[0] <= start and end <= x[1]]
        who = {id(x[2]) for x in covering}
        text = esc(body[start:end])
        if covering:
            level = _level(len(who), size)
            pieces.append(f'<mark class="h{level}" title="{len(who)} learner'
                          f'{"s" if len(who) != 1 else ""}">{text}</mark>')
            passage_spans += covering
        else:
            close_passage()
            pieces.append(text)
    close_passage()
    return (f'<p class="passage"><strong>[{esc(pid)}]</strong> {"".join(pieces)}</p>'
            + "".join(popovers))


def heatmap_page(persons: list[Person], stats) -> str:
    from closereading import text as T
    doc = T.load()
    size = len(persons)
    legend = ('<p class="legend">How many learners annotated a passage is shown three ways: '
              'the number in the button after it, the line under it and its shade. '
              '<span class="h1">1 learner or under a quarter of the class: dotted</span>'
              '<span class="h2">a quarter or more: dashed</span>'
              '<span class="h3">half or more: solid</span>'
              '<span class="h4">three quarters or more: double</span></p>')
    parts = [f"<h1>Heat map of the class\u2019s annotations</h1><p>{size} learner"
             f"{'s' if size != 1 else ''}. Each passage that learners annotated is marked; "
             "press the number after it to read their notes (Escape or Close to close them)."
             "</p>", legend]
    total = 0
    for nb in stats["tasks"]:
        if not nb.paragraphs:
            continue
        parts.append(f"<h2>{esc(nb.id)} {esc(nb.title)}</h2>")
        for pid in nb.paragraphs:
            parts.append(heat_paragraph(pid, doc.paragraph(pid).text, persons, size))
            total += len(annotated_spans(pid, doc.paragraph(pid).text, persons))
    if not total:
        parts.insert(2, "<p>No learner has annotated the text yet.</p>")
    return page("Heat map of the class's annotations", "".join(parts), depth=0, css=CSS)


# ---------------------------------------------------------------------------------------
# Sections of index.html


def hard_html(stats, persons: list[Person]) -> str:
    """What the class found hard: the paragraphs whose notes most learners opened without
    answering, and the questions with the most wrong first tries, with the wrong answers."""
    from collections import Counter
    opened = Counter()
    for p in persons:
        for pid, rec in p.work.reading.items():
            if rec["revealed"]:   # the notes opened before a response was written
                opened[pid] += 1
    parts = ["<h2 id=\"hard\">What the class found hard</h2>"]
    top = [(pid, n) for pid, n in sorted(opened.items(), key=lambda x: (-x[1], x[0]))][:TOP_HARD]
    if top:
        parts.append("<table><caption>Paragraphs whose notes learners opened without "
                     "answering the prompt first (most first)</caption><thead><tr>"
                     "<th scope=\"col\">Paragraph</th><th scope=\"col\">Learners</th></tr>"
                     "</thead><tbody>" + "".join(
                         f'<tr><td><a href="paragraphs/{esc(pid)}.html">{esc(pid)}</a></td>'
                         f'<td class="n">{n}</td></tr>' for pid, n in top) + "</tbody></table>")
    else:
        parts.append("<p>No learner opened a paragraph\u2019s notes without answering first.</p>")
    numbers = {qid: i for i, qid in enumerate(stats["per_q"], 1)}
    hard = sorted(((st["first_wrong"], qid) for qid, st in stats["per_q"].items()
                   if st["first_wrong"]), key=lambda x: (-x[0], numbers[x[1]]))[:TOP_HARD]
    if hard:
        rows = []
        for n, qid in hard:
            st = stats["per_q"][qid]
            wrong = "; ".join(f"\u201c{esc(t)}\u201d ({c})" for t, c in
                              sorted(st["wrong"].items(), key=lambda x: (-x[1], x[0]))[:3]) or "\u2013"
            rows.append(f"<tr><td>Q{numbers[qid]}</td><td>{esc(st['q'].prompt)}</td>"
                        f'<td class="n">{n} of {st["answered"]}</td><td>{wrong}</td></tr>')
        parts.append("<table><caption>Questions with the most wrong first tries</caption>"
                     "<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Question</th>"
                     "<th scope=\"col\">Wrong at the first try</th><th scope=\"col\">Wrong "
                     "answers chosen</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table>")
    else:
        parts.append("<p>No question was answered wrong at the first try.</p>")
    return "".join(parts)


def trust_html(persons: list[Person], stats, anonymise: bool) -> tuple[str, dict]:
    """The files whose recorded results disagree with their answers, and what a corrected
    key changed; returns the HTML and, per person (by ``id``), the flags for their page."""
    numbers = {qid: i for i, qid in enumerate(stats["per_q"], 1)}
    flags: dict[int, list[str]] = {}
    rows, changed = [], []
    for p in persons:
        ds = p.work.disagreements
        if not ds:
            continue
        by_cause = {c: [d for d in ds if d.cause == c] for c in ("key", "edited", "unknown")}
        what = []
        if by_cause["key"]:
            what.append(f"{len(by_cause['key'])} graded under an earlier answer key")
        if by_cause["edited"]:
            what.append(f"{len(by_cause['edited'])} that no key explains: the file was edited "
                        "by hand")
        if by_cause["unknown"]:
            what.append(f"{len(by_cause['unknown'])} recorded under an earlier key or edited "
                        "by hand (the file is too old to tell)")
        note = (f"{len(ds)} recorded result{'s disagree' if len(ds) != 1 else ' disagrees'} with the "
                f"answers the file holds ({'; '.join(what)}); graded by the answers.")
        flags.setdefault(id(p), []).append(note)
        name = esc(p.label) if anonymise else f"{esc(p.label)} (<code>{esc(Path(p.sub.path).name)}</code>)"
        rows.append(f'<tr><td><a href="{esc(p.page)}">{name}</a></td><td>{esc(note)}</td></tr>')
        for d in ds:
            if d.cause != "edited":
                changed.append((p, d))
    parts = ["<h2 id=\"trust\">Grades that can be trusted</h2><p>Every answer is graded again "
             "from the answers the file holds, under this course\u2019s answer key; what a "
             "file records as right or wrong is only compared with it.</p>"]
    if rows:
        parts.append("<table><caption>Files whose recorded results disagree with their "
                     "answers</caption><thead><tr><th scope=\"col\">Learner</th><th "
                     "scope=\"col\">What disagrees</th></tr></thead><tbody>" + "".join(rows)
                     + "</tbody></table>")
    else:
        parts.append("<p>Every file\u2019s recorded results agree with its answers.</p>")
    if changed:
        cells = []
        for p, d in changed:
            def say(r):
                return ("right at the first try" if r[1] else "right" if r[0] else "not right")
            cells.append(f'<tr><td><a href="{esc(p.page)}">{esc(p.label)}</a></td>'
                         f"<td>Q{numbers.get(d.question, '')} <code>{esc(d.question)}</code></td>"
                         f"<td>{say(d.recorded)}</td><td>{say(d.now)}</td></tr>")
        parts.append("<table><caption>What the corrected answer key changed, learner by "
                     "learner</caption><thead><tr><th scope=\"col\">Learner</th><th "
                     "scope=\"col\">Question</th><th scope=\"col\">Recorded</th><th "
                     "scope=\"col\">Now</th></tr></thead><tbody>" + "".join(cells)
                     + "</tbody></table>")
    return "".join(parts), flags
