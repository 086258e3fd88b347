"""The teacher's guide: session plans per notebook, from ``materials/sessions.yml``.

    make guide          (python -m closereading.build guide)

writes ``build/guide/index.html`` (the course at a glance, and how to collect submissions
and read the class report) and one page per notebook with its 50- and 90-minute plans:
what happens in class, in which grouping, what is homework, which discussion questions
(quoted from ``materials/annotations/``, or ``materials/context.yml`` for notebook 07) and which quiz questions make the exit ticket
(quoted from ``materials/quizzes/``). The pages work offline and print well.

``sessions.yml`` is validated like every file of the materials: each problem names the
file, the line, the item and the field, and all are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from closereading import safeio
from closereading.html import esc

LENGTHS = (50, 90)
MODES = ("whole class", "individual", "pairs", "groups")
_ENTRY_FIELDS = {"notebook", "plans"}
_PLAN_FIELDS = {"length", "before", "class", "homework", "discussion", "exit_ticket"}
_STEP_FIELDS = {"minutes", "mode", "activity", "tasks"}
_WORK_FIELDS = {"activity", "tasks"}


@dataclass(frozen=True)
class Step:
    minutes: int
    mode: str
    activity: str
    tasks: tuple = ()          # closereading.tasks.Task, what the step covers
    needed: float = 0.0        # their minutes at the course's rates


@dataclass(frozen=True)
class Work:
    """Work before class or at home: what to do, the tasks it covers and their minutes."""
    activity: str
    tasks: tuple = ()
    needed: float = 0.0


@dataclass(frozen=True)
class Plan:
    length: int
    steps: tuple[Step, ...]
    homework: tuple[Work, ...]
    discussion: tuple[int, ...]
    exit_ticket: tuple[str, ...]
    before: tuple[Work, ...] = ()

    def tasks(self) -> list:
        return [t for part in self.before + self.steps + self.homework for t in part.tasks]


def discussion_questions(nb) -> tuple:
    """The discussion questions a notebook asks, in order (each has ``.question``): a
    sub-section's from ``annotations/<notebook>.yml``; for a notebook that shows the
    context's questions (notebook 07) those of ``context.yml``; otherwise none."""
    from closereading import reading
    return reading.discussion_questions(Path(nb.file).stem)[1]


def sessions_path() -> Path:
    from closereading.materials import materials_file
    return materials_file("sessions.yml")


def parse_sessions(data, path) -> dict[str, dict[int, Plan]]:
    """``{notebook id: {50: Plan, 90: Plan}}``, validated against the course, the
    discussion questions and the quiz banks."""
    from closereading import quiz
    from closereading import tasks as tasks_mod
    from closereading.course import load_course
    from closereading.materials import Problems, YMap, require_list, require_str, unknown_keys
    problems = Problems()
    course = load_course()
    known = {nb.id: nb for nb in course.notebooks}
    bank = quiz.load_banks()
    result: dict[str, dict[int, Plan]] = {}
    if not isinstance(data, list):
        problems.add(path, "should be a list of notebooks, each with its plans")
        problems.raise_if_any()
    for i, entry in enumerate(data):
        item = f"entry {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each entry should be a mapping with 'notebook' and 'plans'", item=item)
            continue
        unknown_keys(entry, _ENTRY_FIELDS, problems, path, item)
        nid = require_str(entry, "notebook", problems, path, item)
        if nid is None:
            continue
        item = f"notebook {nid}"
        if nid not in known:
            problems.add(path, f"no such notebook in course.yml (known: {', '.join(known)})",
                         item=item, field="notebook", line=entry.line_of("notebook"))
            continue
        if nid in result:
            problems.add(path, "this notebook has two entries", item=item, field="notebook",
                         line=entry.line_of("notebook"))
            continue
        stem = Path(known[nid].file).stem
        questions = set(bank.for_notebook(stem).ids)
        inventory = tasks_mod.inventory(nid)
        discussion = len(discussion_questions(known[nid]))
        plans: dict[int, Plan] = {}
        for j, plan in enumerate(require_list(entry, "plans", problems, path, item) or []):
            pitem = f"{item}, plan {j + 1}"
            if not isinstance(plan, YMap):
                problems.add(path, "each plan should be a mapping", item=pitem)
                continue
            unknown_keys(plan, _PLAN_FIELDS, problems, path, pitem)
            length = plan.get("length")
            if length not in LENGTHS or isinstance(length, bool):
                problems.add(path, f"should be one of {', '.join(map(str, LENGTHS))} (minutes)",
                             item=pitem, field="length", line=plan.line_of("length"))
                continue
            pitem = f"{item}, {length}-minute plan"
            if length in plans:
                problems.add(path, "a second plan of this length", item=pitem, field="length",
                             line=plan.line_of("length"))
            steps = []
            for k, step in enumerate(require_list(plan, "class", problems, path, pitem) or []):
                sitem = f"{pitem}, class step {k + 1}"
                if not isinstance(step, YMap):
                    problems.add(path, "each step should be a mapping with minutes, mode and activity",
                                 item=sitem, field="class")
                    continue
                unknown_keys(step, _STEP_FIELDS, problems, path, sitem)
                minutes = step.get("minutes")
                if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                    problems.add(path, "should be a whole number of minutes above 0", item=sitem,
                                 field="minutes", line=step.line_of("minutes"))
                    minutes = 0
                mode = require_str(step, "mode", problems, path, sitem)
                if mode is not None and mode not in MODES:
                    problems.add(path, f"should be one of: {', '.join(MODES)}", item=sitem,
                                 field="mode", line=step.line_of("mode"))
                activity = require_str(step, "activity", problems, path, sitem) or ""
                found = _tasks(step, nid, problems, path, sitem)
                needed = round(sum(t.minutes for t in found), 1)
                if minutes and needed > minutes:
                    problems.add(path, f"its tasks take about {needed:g} minutes at the course's "
                                       f"rates ({_listed(found)}), more than the {minutes} it "
                                       "is given: give it more time, or move a task before or "
                                       "after class", item=sitem, field="minutes",
                                 line=step.line_of("minutes"))
                steps.append(Step(minutes, mode or "", activity, tuple(found), needed))
            total = sum(s.minutes for s in steps)
            if steps and total != length:
                problems.add(path, f"the class steps add up to {total} minutes, not {length}",
                             item=pitem, field="class", line=plan.line_of("class"))
            homework = _work(plan, "homework", nid, problems, path, pitem)
            before = _work(plan, "before", nid, problems, path, pitem)
            # a whole sitting done at home or before class leaves out what class covers
            done = [t for part in tuple(steps) + before for t in part.tasks if t.kind != "sitting"]
            homework = tuple(_less(w, done) for w in homework)
            covered = tasks_mod.covered([t for part in before + tuple(steps) + homework
                                         for t in part.tasks], inventory)
            skipped = [t.name for t in inventory.values() if t.prompt and t.name not in covered]
            if skipped:
                problems.add(path, "the plan skips prompts of the notebook: "
                                   f"{', '.join(skipped)}; put each in a class step, before "
                                   "class or in the homework (tasks:)", item=pitem,
                             field="tasks", line=plan.line)
            numbers = require_list(plan, "discussion", problems, path, pitem, optional=True) or []
            for n in numbers:
                if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= discussion:
                    have = (f"questions 1 to {discussion}" if discussion else
                            "no discussion questions")
                    problems.add(path, f"{n!r} is not a discussion question of this notebook "
                                       f"(it has {have})", item=pitem, field="discussion",
                                 line=plan.line_of("discussion"))
            ticket = require_list(plan, "exit_ticket", problems, path, pitem,
                                  optional=not questions) or []
            if not ticket and questions:
                problems.add(path, "name at least one quiz question", item=pitem,
                             field="exit_ticket", line=plan.line_of("exit_ticket"))
            for qid in ticket:
                if str(qid) not in questions:
                    problems.add(path, f"{qid!r} is not a question of notebook {nid}'s quiz",
                                 item=pitem, field="exit_ticket", line=plan.line_of("exit_ticket"))
            plans[length] = Plan(length, tuple(steps), homework,
                                 tuple(n for n in numbers if isinstance(n, int)),
                                 tuple(str(q) for q in ticket), before)
        missing = [n for n in LENGTHS if n not in plans]
        if missing:
            problems.add(path, f"a {' and a '.join(map(str, missing))}-minute plan is missing",
                         item=item, field="plans", line=entry.line)
        result[nid] = plans
    for nid in known:
        if nid not in result:
            problems.add(path, "this notebook of course.yml has no plans", item=f"notebook {nid}")
    problems.raise_if_any()
    return result


def _listed(found) -> str:
    return "; ".join(f"{t.name} {t.minutes:g}" for t in found)


def _less(work: Work, done) -> Work:
    """``work`` with the minutes of the tasks done elsewhere (``done``) taken out of the
    whole sittings it names."""
    sittings = {t.sitting for t in work.tasks if t.kind == "sitting"}
    named = {t.name for t in work.tasks}
    saved = sum(t.minutes for t in done if t.sitting in sittings and t.name not in named)
    return Work(work.activity, work.tasks, round(max(work.needed - saved, 0), 1))


def _tasks(entry, nid, problems, path, item) -> list:
    """The tasks an entry names (``tasks:``), resolved in its notebook."""
    from closereading import tasks as tasks_mod
    from closereading.materials import require_list
    names = require_list(entry, "tasks", problems, path, item, optional=True) or []
    found, missing = tasks_mod.resolve(nid, names)
    for message in missing:
        problems.add(path, message, item=item, field="tasks", line=entry.line_of("tasks"))
    return found


def _work(plan, key, nid, problems, path, pitem) -> tuple:
    """``before`` or ``homework``: lines of text, or mappings with activity and tasks."""
    from closereading.materials import YMap, require_list, require_str, unknown_keys
    out = []
    for k, entry in enumerate(require_list(plan, key, problems, path, pitem, optional=True) or []):
        witem = f"{pitem}, {key} {k + 1}"
        if isinstance(entry, str) and entry.strip():
            out.append(Work(entry.strip()))
        elif isinstance(entry, YMap):
            unknown_keys(entry, _WORK_FIELDS, problems, path, witem)
            activity = require_str(entry, "activity", problems, path, witem) or ""
            found = _tasks(entry, nid, problems, path, witem)
            out.append(Work(activity, tuple(found), round(sum(t.minutes for t in found), 1)))
        else:
            problems.add(path, "each item should be a line of text, or a mapping with "
                               "activity and tasks", item=witem, field=key,
                         line=plan.line_of(key))
    return tuple(out)


def load_sessions() -> dict[str, dict[int, Plan]]:
    from closereading.materials import load_yaml
    path = sessions_path()
    return parse_sessions(load_yaml(path), path)


# ---------------------------------------------------------------------------------------
# The pages

_CSS = """body{font-family:system-ui,sans-serif;max-width:50em;margin:1em auto;padding:0 1em;
color:#111;line-height:1.45}table{border-collapse:collapse;margin:.5em 0 1em}
th,td{border:1px solid #777;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right}caption{text-align:left;font-weight:bold}code{background:#f2f2f2}
a{color:#0645ad}@media print{nav{display:none}}"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(title)}</title>"
            f"<style>{_CSS}</style></head><body><nav><a href=\"index.html\">Teacher's guide</a></nav>"
            f"<main>{body}</main></body></html>\n")


def _task_list(tasks) -> str:
    if not tasks:
        return ""
    return (" <small>(" + "; ".join(f"{esc(t.label)}, about {max(round(t.minutes), 1)} min"
                                    for t in tasks) + ")</small>")


def _work_html(title: str, items, empty: str) -> str:
    if not items:
        return f"<h3>{esc(title)}</h3><p>{esc(empty)}</p>"
    rows = "".join(f"<li>{esc(w.activity)}"
                   + (f" <strong>About {round(w.needed)} minutes alone.</strong>" if w.tasks else "")
                   + _task_list(w.tasks) + "</li>" for w in items)
    return f"<h3>{esc(title)}</h3><ul>{rows}</ul>"


def _plan_html(plan: Plan, stem: str, discussion, bank) -> str:
    rows = "".join(f'<tr><td class="n">{s.minutes}</td><td>{esc(s.mode)}</td><td>{esc(s.activity)}'
                   f"{_task_list(s.tasks)}</td></tr>" for s in plan.steps)
    parts = [f"<h2>{plan.length}-minute session</h2>",
             _work_html("Before class", plan.before, "Nothing."),
             f"<table><caption>In class</caption><thead><tr><th scope=\"col\">Minutes</th>"
             f"<th scope=\"col\">Grouping</th><th scope=\"col\">Activity (and the tasks it "
             f"covers, at the course's rates)</th></tr></thead><tbody>{rows}</tbody></table>"]
    parts.append(_work_html("Homework", plan.homework, "None."))
    if plan.discussion:
        parts.append("<h3>Discussion questions</h3><ol>" + "".join(
            f'<li value="{n}">{esc(discussion[n - 1].question)}</li>' for n in plan.discussion)
            + "</ol><p>The teacher edition (<code>make teacher</code>) has notes on each.</p>")
    if not plan.exit_ticket:
        return "\n".join(parts)
    parts.append("<h3>Exit ticket</h3><p>The last minutes of the session: these quiz "
                 "questions of the notebook, answered alone. The class report shows how the "
                 "class did on each.</p><ul>" + "".join(
                     f"<li>{esc(bank.get(q).prompt)} <small>(<code>{esc(q)}</code>)</small></li>"
                     for q in plan.exit_ticket) + "</ul>")
    return "\n".join(parts)


COLLECT = """<h2>Collecting submissions and reading the class report</h2>
<ol>
<li><strong>Learners export.</strong> In notebook 00 (section "Hand in your work"), a learner
types their name (and their student ID, if they have one) and presses <em>Export my
submission</em>; the file <code>closereading-submission-NAME-LOGIN.json</code> (or
<code>-ID</code>) appears beside the notebook; on a JupyterHub their login is recorded in it.
In a terminal, <code>closereading export --name "NAME" --id ID</code> does the same. The file
holds every question with its answers, attempts and first-try result, the exercise results,
the reading responses, annotations and discussion answers. Exporting again replaces it.</li>
<li><strong>Collect the files</strong> into one folder: on a JupyterHub,
<code>sudo closereading collect --out collected --homes "/home/{login}"</code> gathers every
learner's work at once without starting their servers (deploy/README.md); otherwise through
the learning platform's assignment upload. Keep the files as they arrive; the report never
changes them.</li>
<li><strong>Build the report:</strong> <code>closereading report FOLDER --out report</code>
(<code>--format canvas</code> or <code>--format moodle</code> for a gradebook import,
<code>--bom</code> for Excel, <code>--due 2026-12-01T17:00</code> to flag late exports,
<code>--anonymise</code> for a version to project in class). It writes
<code>report/index.html</code> (open it in any browser; it needs no network), a page per
learner, a page per paragraph with every response side by side, the heat map of the class's
annotations, <code>report/grades.csv</code> and <code>report/comments.csv</code>.</li>
<li><strong>Read it</strong> from the top: the files whose recorded results disagree with
their answers (every answer is graded again under the current key: a file edited by hand, or
graded under a key corrected since, is named, and the learners a correction changed are
listed); who is who (learners who share a name are kept apart by login or ID); what the
class found hard (the paragraphs whose notes were opened without an answer, the questions
most often wrong at the first try, with the wrong answers chosen); then completion, each
question, the exercises. Every chart has its caption in text.</li>
<li><strong>Files left out</strong> are listed at the end with the reason: too large, not a
submission, truncated or damaged, written by another version of the course, or an earlier
export of the same learner (the same login, ID or progress file: never the name alone).</li>
<li><strong>Grades:</strong> <code>grades.csv</code> has one row per learner and, per
notebook, the quiz score (questions right before "Show answer"), the first-try score, the
answers shown, and the responses, annotations and discussion answers written; a blank cell
is a notebook never opened. Canvas's format adds the "Points Possible" row; Moodle's is
keyed on the login (Username) or the ID (ID number). A cell that a spreadsheet could read as
a formula is prefixed with an apostrophe.</li>
<li><strong>Return comments:</strong> fill in <code>report/comments.csv</code> and run
<code>closereading return report/comments.csv</code> on the hub; each learner sees them in
notebook 00.</li>
</ol>"""


def write_guide(out_dir) -> Path:
    """Write the guide into ``out_dir``; returns the path of its index page."""
    from closereading import quiz
    from closereading.course import load_course
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    course = load_course()
    plans = load_sessions()
    bank = quiz.load_banks()
    rows = []
    for nb in course.notebooks:
        stem = Path(nb.file).stem
        discussion = discussion_questions(nb)
        body = [f"<h1>Notebook {esc(nb.id)}: {esc(nb.title)}</h1>",
                f"<p>Time for a learner working alone: {esc(nb.time_text())}. "
                f"Objectives:</p><ul>" + "".join(f"<li>{esc(o)}</li>" for o in nb.objectives) + "</ul>"]
        for length in LENGTHS:
            body.append(_plan_html(plans[nb.id][length], stem, discussion, bank))
        safeio.write_text(out / f"{stem}.html",
                          _page(f"Session plans: notebook {nb.id}", "\n".join(body)), fsync=False)
        rows.append(f'<tr><td><a href="{esc(stem)}.html">{esc(nb.id)}</a></td><td>{esc(nb.title)}</td>'
                    f'<td class="n">{nb.minutes}</td></tr>')
    index = [f"<h1>Teacher's guide: {esc(course.title)}</h1>",
             "<p>For each notebook, a plan for a 50-minute and a 90-minute session: what to do "
             "before class, what happens in class and in which grouping (whole class, "
             "individual, pairs, groups), what is homework, which discussion questions, and "
             "which quiz questions make the exit ticket. Every plan keeps all the notebook's "
             "prompts (in class, before or after), and each step names the tasks it covers "
             "with their minutes at the course's rates, so that a step never has less time "
             "than its tasks take. The plans come from <code>materials/sessions.yml</code>; "
             "edit it and run <code>make guide</code> again.</p>",
             "<table><caption>Session plans</caption><thead><tr><th scope=\"col\">Notebook</th>"
             "<th scope=\"col\">Title</th><th scope=\"col\">Minutes alone</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>", COLLECT]
    page = out / "index.html"
    safeio.write_text(page, _page("Teacher's guide", "\n".join(index)), fsync=False)
    return page
