"""The class report: what a class did, from the learners' submission files.

    closereading report SUBMISSION... --out DIR

SUBMISSION is a file or a folder of ``*.json`` files. Writes, offline (no script, font or
image is fetched from anywhere):

* ``DIR/index.html``: class size; completion per notebook; the first-try rate of each
  question and the wrong answers chosen most, with their text; exercise pass rates, the
  diagnoses met most, and the hints and solutions used; charts (PNG files beside the
  page) with a caption in text and a text alternative; the files left out, each with
  its reason.
* a page per learner, a page per paragraph and the heat map of the annotations
  (:mod:`closereading.report_pages`), with the sections on the files whose recorded
  results disagree with their answers and on what the class found hard;
* ``DIR/grades.csv``: one row per learner; per notebook the quiz score and what the
  learner wrote, every answer graded again under the current key; plain, Canvas or Moodle
  (:mod:`closereading.grades` documents the columns and formats); not written with
  ``anonymise``;
* ``DIR/comments.csv``: one row per learner, for the teacher's comments
  (``closereading return``).

Submissions are untrusted, and read by :mod:`closereading.safeio`. A file is left out,
and named with its reason, when it is not a regular file (a folder, a FIFO, a device),
larger than :data:`MAX_BYTES`, not UTF-8, not JSON (a truncated file), beyond the
reading layer's bounds (nesting, numbers, more than :data:`MAX_KEYS` distinct keys; a
full submission of the course has about 300), not a submission,
of another schema version, not valid against the JSON Schema, or a duplicate (the same
bytes as another file, or an earlier export of the same learner: the same login, ID or
progress store, never the name alone (:mod:`closereading.identity`); the latest
``exported_at`` is kept, and the report says which file and why). Every string from a
submission is escaped in the HTML and neutralised in the CSV
(:func:`closereading.grades.csv_cell`); a lone surrogate is kept as the text of its
escape.

Writing: every file is first written into a fresh folder inside ``DIR``
(:class:`closereading.safeio.Staging`), then moved into place, ``index.html`` last. A run
that fails leaves the files of an earlier report as they were; a symbolic link, or a
folder, where the report puts a file stops the run before anything is replaced.

Exercise records (``records.exercises``) are those :mod:`closereading.exercise_progress`
writes, keyed ``<notebook>/<exercise id>``, with the fields documented in
:mod:`closereading.quiz.progress`; each is cleaned by ``exercise_progress.clean`` (a
damaged or hand-edited record reads as much of it as makes sense). An exercise counts as
attempted when its record has ``attempts`` above 0, as passed when ``correct`` is true;
``diagnoses`` (the known mistakes met), ``hints`` (the hints seen, a count) and
``solution`` (the solution shown) are summed over the learners whose record has them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from closereading.grades import csv_cell  # noqa: F401 - the report's, defined there
from closereading.html import esc
from closereading.report_pages import CSS as _CSS

MAX_BYTES = 2_000_000   # a full submission of the course is about 40 kB
MAX_KEYS = 2000         # distinct keys in one submission
MAX_FILES = 2000
MAX_CHART_BARS = 60     # exercises in the chart of pass rates (the table has every one)
TOP_WRONG = 3


@dataclass
class Submission:
    path: Path
    data: dict
    digest: str

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def student_id(self) -> str:
        return self.data.get("id", "")

    def key(self):
        return (" ".join(self.name.split()).casefold(), self.student_id.strip().casefold())


@dataclass
class Loaded:
    accepted: list[Submission] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    # what the teacher should know of who is who: (kept file, note), in file order
    identity_notes: list[tuple[str, str]] = field(default_factory=list)


def _files(paths, rejected: list | None = None) -> list[Path]:
    """The files named, and the ``*.json`` files of the folders named; a folder that
    cannot be listed goes to ``rejected`` with its reason."""
    out = []
    for p in map(Path, paths):
        try:
            if p.is_dir():
                out += sorted(x for x in p.iterdir()
                              if x.suffix.lower() == ".json" and x.is_file())
                continue
        except OSError as exc:
            if rejected is not None:
                rejected.append((str(p), f"cannot be read ({exc.strerror or exc})"))
            continue
        out.append(p)
    return out


def read_one(path: Path):
    """(Submission, None) or (None, reason)."""
    from closereading import safeio
    from closereading import submission as S
    try:
        raw = safeio.read_bytes(path, MAX_BYTES)
    except safeio.UnsafeInput as exc:
        return None, exc.reason
    if not raw.strip():
        return None, "empty file"
    try:
        data = safeio.loads(raw, max_keys=MAX_KEYS)
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("not valid JSON: ") and not raw.rstrip().endswith((b"}", b"]")):
            reason = "not valid JSON (the file looks truncated): " + reason[16:]
        return None, reason
    if not isinstance(data, dict) or data.get("format") != S.FORMAT:
        return None, "not a closereading submission (no \"format\": \"closereading-submission\")"
    version = data.get("schema_version")
    if version != S.SCHEMA_VERSION:
        return None, (f"schema version {json.dumps(version)[:20]}; this report reads version "
                      f"{S.SCHEMA_VERSION} (export again with this course's version)")
    problems = S.schema_problems(data)
    if problems:
        return None, "does not match the submission schema: " + "; ".join(problems)
    return Submission(path, data, hashlib.sha256(raw).hexdigest()), None


def load(paths) -> Loaded:
    """Read the files; leave out the unusable ones and the earlier exports of each learner
    (files with the same login, ID or progress store: :func:`closereading.identity.group`,
    never the name alone), saying which file was kept and why."""
    from closereading import identity as I
    result = Loaded()
    files = _files(paths, result.rejected)
    if len(files) > MAX_FILES:
        for p in files[MAX_FILES:]:
            result.rejected.append((str(p), f"more than {MAX_FILES} files given"))
        files = files[:MAX_FILES]
    by_digest: dict[str, Submission] = {}
    for path in files:
        sub, reason = read_one(path)
        if sub is None:
            result.rejected.append((str(path), reason))
            continue
        if sub.digest in by_digest:
            result.rejected.append((str(path), f"duplicate: the same file as {by_digest[sub.digest].path}"))
            continue
        by_digest[sub.digest] = sub
    learners = I.group(list(by_digest.values()))
    for learner in learners:
        keep = learner.kept
        for drop in learner.dropped:
            result.rejected.append((str(drop.path), "duplicate: an earlier export of the same "
                                    f"learner ({learner.because}) as {keep.path} (the latest "
                                    "is kept)"))
        if learner.dropped:
            result.identity_notes.append((str(keep.path), (
                f"kept this file, exported {keep.data['exported_at']}, the latest of "
                f"{len(learner.dropped) + 1} files of the same learner ({learner.because}); "
                "left out: " + ", ".join(Path(d.path).name for d in learner.dropped))))
    result.accepted = [lr.kept for lr in learners]
    same = I.same_names(result.accepted)
    for sub in result.accepted:
        note = same.get(id(sub))
        if note:
            result.identity_notes.append((str(sub.path), note))
    return result


# ---------------------------------------------------------------------------------------
# Figures


def _exercise_view(rec) -> dict:
    """One learner's record of one exercise, as the report counts it."""
    from closereading.exercise_progress import clean
    rec = clean(rec)
    return {"attempted": rec["attempts"] > 0, "passed": rec["correct"],
            "hints": rec["hints"], "solution": rec["solution"],
            "diagnoses": rec["diagnoses"]}


def _wrong_labels(q, response) -> list[str]:
    """The wrong choices in one wrong response, as text a teacher reads (or [] when the
    response cannot be read as choices of this question)."""
    from closereading.quiz.model import normalise_text
    if q.type in ("single", "evidence"):
        return [response] if isinstance(response, str) and response in q.options and response != q.answer else []
    if q.type == "multiple":
        if not isinstance(response, list):
            return []
        return [o for o in response if isinstance(o, str) and o in q.options and o not in q.answer]
    if q.type == "true-false":
        return [str(response)] if isinstance(response, bool) and response != q.answer else []
    if q.type == "text":
        return [" ".join(response.split())[:120]] if isinstance(response, str) and response.strip() and normalise_text(response) else []
    if q.type == "match":
        if not isinstance(response, dict):
            return []
        return [f"{left} \u2192 {response.get(left)}" for left, right in q.answer
                if isinstance(response.get(left), str) and response.get(left) != right]
    if q.type == "order":
        if isinstance(response, list) and all(isinstance(x, str) for x in response):
            return [" / ".join(response)[:200]]
    return []


def _wrong_now(q, entry: dict) -> list:
    """The wrong answers a learner checked, as the current key grades them (an answer the
    key once called wrong and now calls right is not among them)."""
    from closereading.quiz.model import clean_response, grade
    answers = list(entry.get("wrong") or [])
    if entry.get("response") is not None and entry.get("answered"):
        answers.append(entry["response"])
    out = []
    for a in answers:
        v = grade(q, clean_response(q, a))
        if v.complete and not v.correct and a not in out:
            out.append(a)
    return out


def analyse(loaded: Loaded) -> dict:
    """Every figure of the report, every answer graded again under the current key
    (:mod:`closereading.grades`)."""
    from closereading import __version__
    from closereading import course as C
    from closereading import grades as G
    from closereading import quiz
    bank = quiz.load_banks()
    notebooks = [nb for nb in C.load_course().notebooks]
    stems = [Path(nb.file).stem for nb in notebooks]
    tasks = G.course_tasks()
    learners = loaded.accepted
    per_q = {q.id: {"q": q, "answered": 0, "first_try": 0, "correct": 0, "revealed": 0,
                    "hints": 0, "wrong": Counter(), "first_wrong": 0} for q in bank}
    per_nb = {s: {"questions": len(bank.for_notebook(s)), "answered_share": [], "complete": 0}
              for s in stems}
    rows = []
    works = {}
    exercises = defaultdict(lambda: {"attempted": 0, "passed": 0, "hints": 0, "solutions": 0,
                                     "diagnoses": Counter()})
    diagnoses = Counter()
    reading = Counter()
    unknown_ids = set()
    for sub in learners:
        entries = {e["id"]: e for e in sub.data["questions"]}
        unknown_ids |= set(entries) - set(per_q)
        work = G.read_work(sub.data, bank, current_version=__version__)
        works[id(sub)] = work
        rows.append(G.Row(sub.name, sub.student_id, sub.data.get("login", ""),
                          sub.data.get("exported_at", ""), work))
        for s in stems:
            qs = bank.for_notebook(s)
            answered = sum(bool(entries.get(q.id, {}).get("answered")) for q in qs)
            if qs:
                per_nb[s]["answered_share"].append(answered / len(qs))
                per_nb[s]["complete"] += answered == len(qs)
        for qid, e in entries.items():
            if qid not in per_q:
                continue
            st = per_q[qid]
            o = work.outcomes[qid]
            if e.get("answered"):
                st["answered"] += 1
                st["first_try"] += o.first_try
                st["first_wrong"] += o.first_wrong is not None
            st["correct"] += o.correct
            st["revealed"] += bool(e.get("revealed"))
            st["hints"] += e.get("hints", 0)
            seen = set()
            for resp in _wrong_now(st["q"], e):
                for label in _wrong_labels(st["q"], resp):
                    seen.add(label)
            st["wrong"].update(seen)   # each learner counts once per wrong choice
        for key, rec in (sub.data["records"].get("exercises") or {}).items():
            v = _exercise_view(rec)
            ex = exercises[str(key)[:120]]
            ex["attempted"] += v["attempted"]
            ex["passed"] += int(v["passed"] and v["attempted"])
            ex["hints"] += v["hints"]
            ex["solutions"] += v["solution"]
            ex["diagnoses"].update(set(v["diagnoses"]))
            diagnoses.update(set(v["diagnoses"]))
        for key, rec in work.reading.items():
            # a response written; a record of notes opened without one is not
            if rec["text"].strip():
                reading[str(key)[:40]] += 1
    return {"size": len(learners), "notebooks": notebooks, "stems": stems, "per_nb": per_nb,
            "per_q": per_q, "bank": bank, "rows": rows, "works": works, "tasks": tasks,
            "exercises": dict(exercises),
            "diagnoses": diagnoses, "reading": reading, "unknown_ids": sorted(unknown_ids)}


# ---------------------------------------------------------------------------------------
# Output


def write_text(path: Path, text: str) -> Path:
    """The one place the report writes a file (UTF-8; a text may start with a byte-order
    mark), through :func:`closereading.safeio.write_text`; :func:`write_report` points it
    at its staging folder."""
    from closereading import safeio
    return safeio.write_text(path, text, fsync=False)


def write_grades(stats: dict, path: Path, fmt: str = "plain", *, bom: bool = False,
                 due=None) -> Path:
    """grades.csv in one of :data:`closereading.grades.FORMATS`."""
    from closereading import grades as G
    return write_text(path, G.to_csv(G.table(stats["rows"], stats["tasks"], fmt, due), bom=bom))


def _pct(num, den) -> str:
    return f"{100 * num / den:.0f}%" if den else "n/a"


def _chart_label(text: str, limit: int = 30) -> str:
    text = " ".join(str(text).split()).replace("$", "\uff04")   # no mathtext from learners
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _charts(stats: dict, out: Path) -> list[dict]:
    import matplotlib
    matplotlib.use("Agg")
    from closereading.plots import PALETTE, new_figure
    charts = []

    def save(fig, name, title, alt, caption):
        fig.suptitle(title)
        fig.savefig(out / name, format="png", dpi=100, metadata={"Software": None})
        charts.append({"file": name, "title": title, "alt": alt, "caption": caption})

    stems = stats["stems"]
    shares = [(sum(stats["per_nb"][s]["answered_share"]) / stats["size"] * 100) if stats["size"] else 0
              for s in stems]
    fig, ax = new_figure((7.0, 3.4))
    bars = ax.bar([s[:2] for s in stems], shares, color=PALETTE[0], hatch="//", edgecolor="black")
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in shares])
    ax.set_ylim(0, 110)
    ax.set_xlabel("Notebook")
    ax.set_ylabel("Questions answered (%)")
    best = max(zip(shares, stems)) if stems else (0, "")
    worst = min(zip(shares, stems)) if stems else (0, "")
    save(fig, "completion.png", "Questions answered, per notebook",
         "Bar chart of the share of each notebook's questions the class answered: " +
         ", ".join(f"{s} {v:.0f}%" for s, v in zip(stems, shares)) + ".",
         f"On average the class answered most in {best[1]} ({best[0]:.0f}%) and least in "
         f"{worst[1]} ({worst[0]:.0f}%).")

    rated = [(st["first_try"] / st["answered"] * 100, i + 1, qid)
             for i, (qid, st) in enumerate(stats["per_q"].items()) if st["answered"]]
    if rated:
        fig, ax = new_figure((7.0, max(3.0, 0.16 * len(rated) + 1)))
        ax.barh([f"Q{n}" for _, n, _ in rated], [r for r, _, _ in rated], color=PALETTE[2])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("Correct at the first try (% of those who answered)")
        ax.tick_params(axis="y", labelsize=6)
        hardest = sorted(rated)[:3]
        save(fig, "first-try.png", "First-try rate of each question",
             "Horizontal bar chart of the first-try rate of each answered question; the "
             "lowest are " + ", ".join(f"question {n} ({qid}) {r:.0f}%" for r, n, qid in hardest) + ".",
             "The shortest bars are the questions to revisit in class: " +
             ", ".join(f"Q{n} ({r:.0f}%)" for r, n, _ in hardest) + ". Question numbers are "
             "those of the table below.")
    ex = stats["exercises"]
    keys = sorted(k for k in ex if ex[k]["attempted"])
    shown = len(keys)
    if len(keys) > MAX_CHART_BARS:   # the lowest pass rates, in key order
        low = sorted(keys, key=lambda k: (ex[k]["passed"] / ex[k]["attempted"], k))
        keys = sorted(low[:MAX_CHART_BARS])
    if keys:
        rates = [ex[k]["passed"] / ex[k]["attempted"] * 100 for k in keys]
        fig, ax = new_figure((7.0, max(3.0, 0.3 * len(keys) + 1)))
        ax.barh([_chart_label(k) for k in keys], rates, color=PALETTE[1], edgecolor="black")
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("Passed (% of learners who attempted)")
        save(fig, "exercises.png", "Exercise pass rates",
             "Horizontal bar chart of the pass rate of each exercise: " +
             ", ".join(f"{_chart_label(k, 60)} {r:.0f}%" for k, r in zip(keys, rates)) + ".",
             "Pass rates among the learners who attempted each exercise; the table below "
             "gives the counts." + (f" The chart shows the {len(keys)} exercises with the "
                                    f"lowest pass rates, of {shown}." if shown > len(keys)
                                    else ""))
    return charts





def _table(caption, headers, rows, numeric=()) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>" for r in rows)
    return f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass
class Options:
    """How the report is written (``closereading report`` options)."""
    fmt: str = "plain"            # grades.csv: plain, canvas or moodle
    bom: bool = False             # a byte-order mark first in grades.csv, for Excel
    due: object = None            # a datetime: exports after it are flagged late
    anonymise: bool = False       # "Learner 1" ...: no name, ID, login or file name


def render_html(stats: dict, loaded: Loaded, charts: list[dict], persons=None,
                options: Options | None = None, trust=None) -> str:
    from closereading import __version__
    from closereading import grades as G
    options = options or Options()
    anon = options.anonymise
    persons = persons or []
    n = stats["size"]
    left_out = len(loaded.rejected)
    parts = [f"<h1>Class report{' (anonymised)' if anon else ''}</h1><p>Built by closereading "
             f"{esc(__version__)} from "
             f"<strong>{n}</strong> submission{'s' if n != 1 else ''} "
             f"({left_out} file{'s' if left_out != 1 else ''} left out, "
             "listed at the end).</p>"]
    versions = Counter(s.data["course_version"] for s in loaded.accepted)
    if versions:
        parts.append("<p>Course versions of the submissions: " + ", ".join(
            f"{esc(v)} ({c})" for v, c in sorted(versions.items())) + ".</p>")
    if persons:
        links = ['<li><a href="#learners">Each learner’s page</a></li>',
                 '<li><a href="#paragraphs">Each paragraph, with every learner’s '
                 'response</a></li>',
                 '<li><a href="heatmap.html">Heat map of the class’s annotations</a></li>',
                 '<li><a href="#hard">What the class found hard</a></li>']
        if any(nb.capstone for nb in stats.get("tasks", [])):
            links.append('<li><a href="#capstone">Their own reading (the capstone)</a></li>')
        if not anon:
            links.insert(0, '<li><a href="#trust">Grades that can be trusted</a> and '
                         "<code>grades.csv</code></li>")
        parts.append('<nav aria-label="Parts of the report"><ul>' + "".join(links)
                     + "</ul></nav>")
    if trust is not None and not anon:
        parts.append(trust)
        if loaded.identity_notes:
            parts.append("<h3>Who is who</h3><ul>" + "".join(
                f"<li><code>{esc(Path(p).name)}</code>: {esc(note)}</li>"
                for p, note in loaded.identity_notes) + "</ul>")
        if options.due is not None:
            late = [p for p in persons if G.is_late(p.sub.data.get("exported_at", ""),
                                                    options.due)]
            parts.append(f"<p>Due {esc(options.due.strftime('%Y-%m-%d %H:%M'))} UTC: "
                         + (", ".join(f'<a href="{esc(p.page)}">{esc(p.label)}</a> (exported '
                                      f'{esc(p.sub.data.get("exported_at", ""))})'
                                      for p in late) + " exported late." if late
                            else "every file was exported on time.") + "</p>")
    if persons:
        from closereading.report_pages import hard_html
        parts.append(hard_html(stats, persons))
    parts.append("<h2>Completion per notebook</h2>")
    rows = []
    for nb, s in zip(stats["notebooks"], stats["stems"]):
        d = stats["per_nb"][s]
        mean = sum(d["answered_share"]) / n * 100 if n else 0
        rows.append([esc(s), esc(nb.title), str(d["questions"]), f"{mean:.0f}%",
                     f"{d['complete']} of {n}"])
    parts.append(_table("Questions answered, per notebook",
                        ["Notebook", "Title", "Questions", "Answered (class mean)",
                         "Learners who answered every question"], rows, numeric=(2, 3, 4)))
    figs = {c["file"]: c for c in charts}

    def figure(name):
        c = figs.get(name)
        if not c:
            return ""
        return (f'<figure><img src="{esc(c["file"])}" alt="{esc(c["alt"])}">'
                f'<figcaption><strong>{esc(c["title"])}.</strong> {esc(c["caption"])}</figcaption></figure>')
    parts.append(figure("completion.png"))
    parts.append("<h2>Questions</h2><p>First-try rate: of the learners who answered, the share "
                 "correct at the first attempt without <em>Show answer</em>. Wrong answers chosen "
                 "most: each learner counts once per wrong choice.</p>")
    parts.append(figure("first-try.png"))
    rows = []
    for i, (qid, st) in enumerate(stats["per_q"].items(), 1):
        q = st["q"]
        wrong = "; ".join(f"\u201c{esc(t)}\u201d ({c})" for t, c in
                          sorted(st["wrong"].items(), key=lambda x: (-x[1], x[0]))[:TOP_WRONG]) or "none"
        rows.append([f"Q{i}", f"{esc(q.notebook[:2])}", f"{esc(q.prompt)}<br><small><code>{esc(qid)}</code></small>",
                     f"{st['answered']} of {n}", _pct(st["first_try"], st["answered"]),
                     f"{st['hints']} / {st['revealed']}", wrong])
    parts.append(_table("Each question", ["No.", "Notebook", "Question", "Answered",
                                          "First try", "Hints / Show answer", "Wrong answers chosen most"],
                        rows, numeric=(3, 4, 5)))
    if stats["unknown_ids"]:
        parts.append("<p>Questions in submissions that this course does not have (another "
                     "version of the course), left out of the table: " +
                     ", ".join(f"<code>{esc(x[:80])}</code>" for x in stats["unknown_ids"][:20]) + ".</p>")
    parts.append("<h2>Exercises</h2>")
    ex = stats["exercises"]
    if ex:
        parts.append(figure("exercises.png"))
        rows = [[f"<code>{esc(k)}</code>", str(v["attempted"]), str(v["passed"]),
                 _pct(v["passed"], v["attempted"]), str(v["hints"]), str(v["solutions"]),
                 ", ".join(f"{esc(d[:60])} ({c})" for d, c in v["diagnoses"].most_common(3)) or "none"]
                for k, v in sorted(ex.items())]
        parts.append(_table("Each exercise", ["Exercise", "Attempted", "Passed", "Pass rate",
                                              "Hints shown", "Solutions shown", "Diagnoses met most"],
                            rows, numeric=(1, 2, 3, 4, 5)))
        if stats["diagnoses"]:
            parts.append(_table("Diagnoses met most, over every exercise",
                                ["Diagnosis", "Learners"],
                                [[esc(d[:80]), str(c)] for d, c in stats["diagnoses"].most_common(10)],
                                numeric=(1,)))
    else:
        parts.append("<p>No exercise results in these submissions.</p>")
    if stats["reading"]:
        known = {pid for nb in stats.get("tasks", []) for pid in nb.paragraphs}
        parts.append("<h2>Reading responses</h2>")
        parts.append(_table("Learners who wrote a response, per paragraph", ["Paragraph", "Learners"],
                            [[(f'<a href="paragraphs/{esc(k)}.html">{esc(k)}</a>'
                               if persons and k in known else esc(k)), str(c)]
                             for k, c in sorted(stats["reading"].items())],
                            numeric=(1,)))
    if persons:
        from closereading.report_pages import paragraph_ids
        parts.append('<h2 id="paragraphs">Each paragraph</h2><p>'
                     + " ".join(f'<a href="paragraphs/{esc(pid)}.html">{esc(pid)}</a>'
                                for pid, _ in paragraph_ids(stats)) + "</p>")
        parts.append(_capstone_html(stats, persons, anon))
        parts.append('<h2 id="learners">Learners</h2>')
        if anon:
            parts.append("<ul>" + "".join(f'<li><a href="{esc(p.page)}">{esc(p.label)}</a></li>'
                                          for p in persons) + "</ul>")
        else:
            parts.append(_learners_table(stats, persons, options))
    parts.append("<h2>Files left out</h2>")
    if loaded.rejected and anon:
        parts.append(f"<p>{left_out} file{'s' if left_out != 1 else ''} (named in the "
                     "report that is not anonymised).</p>")
    elif loaded.rejected:
        parts.append("<ul>" + "".join(f"<li><code>{esc(Path(p).name)}</code>: {esc(r)}</li>"
                                      for p, r in loaded.rejected) + "</ul>")
    else:
        parts.append("<p>None: every file was read.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Class report</title><style>{_CSS}{_extra_css(persons)}</style></head><body><main>"
            + "\n".join(p for p in parts if p) + "</main></body></html>\n")


def _capstone_html(stats: dict, persons, anon: bool) -> str:
    """The capstone over the class: who brought a passage, wrote the commentary, assessed
    it and was scored; and what in the teacher's scores file could not be used."""
    from closereading import capstone_scores as CS
    from closereading import grades as G
    nb = next((nb for nb in stats.get("tasks", []) if nb.capstone), None)
    if nb is None:
        return ""
    works = [p.work for p in persons]
    brought = [w for w in works if w.capstone is not None]
    criteria = len(G._rubric(nb).criteria)
    rows = [["Brought a passage", str(len(brought))],
            ["Wrote a commentary in the rubric\u2019s range",
             str(sum(w.capstone["commentary_in_range"] for w in brought))],
            ["Assessed it against every criterion",
             str(sum(G._self_assessed(w, nb) == criteria for w in brought))]]
    if not anon:
        rows.append(["Scored by the teacher on every criterion",
                     str(sum(G._rubric_score(w, nb) is not None for w in brought))])
    parts = ['<h2 id="capstone">Their own reading (the capstone)</h2>',
             _table(f"The capstone, of {len(persons)} learners", ["Step", "Learners"],
                    [[esc(a), b] for a, b in rows], numeric=(1,))]
    if not anon:
        parts.append(f"<p>Each learner\u2019s page shows their passage, responses, "
                     "annotations, commentary and self-assessment beside the rubric. To score "
                     f"the commentaries, write a level per criterion in <code>{CS.FILE_NAME}"
                     "</code> (one row per learner, a column per criterion of the rubric) and "
                     "run the report again into this folder: the scores go into "
                     "<code>grades.csv</code> and onto the learners\u2019 pages, and the file "
                     "keeps them.</p>")
        problems = stats.get("capstone_problems") or []
        if problems:
            parts.append("<p>Not used from the scores file:</p><ul>"
                         + "".join(f'<li class="flag">{esc(x)}</li>' for x in problems[:50])
                         + (f"<li>and {len(problems) - 50} more</li>" if len(problems) > 50
                            else "") + "</ul>")
    return "".join(parts)


def _extra_css(persons) -> str:
    if not persons:
        return ""
    from closereading.report_pages import CSS_EXTRA
    return CSS_EXTRA


def _learners_table(stats: dict, persons, options: Options) -> str:
    """Each learner: name, ID, login, their page, and over the notebooks they opened the
    mean quiz score and what they wrote (the grid per notebook is in grades.csv and on
    their page)."""
    from closereading import grades as G
    rows = []
    for p in persons:
        w, tasks = p.work, stats["tasks"]
        opened = [nb for nb in tasks if w.opened(nb)]
        scored = [G._quiz(w, nb) for nb in opened if nb.questions]
        quiz = f"{sum(scored) / len(scored):.1f}" if scored else ""
        rows.append([f'<a href="{esc(p.page)}">{esc(p.sub.name)}</a>', esc(p.sub.student_id),
                     esc(p.sub.data.get("login", "")), str(len(opened)), quiz,
                     str(sum(G._responses(w, nb) for nb in tasks)),
                     str(sum(G._annotations(w, nb) for nb in tasks)),
                     str(sum(G._discussion(w, nb) for nb in tasks))])
    doc = "".join(f"<li><strong>{esc(c.label)}</strong>: {esc(c.doc)}</li>" for c in G.COLUMNS)
    return (_table("Learners (the notebook-by-notebook grid is in grades.csv and on each "
                   "learner’s page)",
                   ["Student", "ID", "Login", "Notebooks opened", "Quiz (%, mean over opened)",
                    "Responses", "Annotations", "Discussion answers"], rows,
                   numeric=(3, 4, 5, 6, 7))
            + f"<p>grades.csv (format <code>{esc(options.fmt)}</code>) has, per notebook:</p>"
              f"<ul>{doc}</ul><p>A blank cell: the learner never opened the notebook, or it "
              "has no such task.</p>")


def write_report(paths, out_dir, options: Options | None = None) -> tuple[Path, Loaded]:
    """Read the submissions, write ``index.html``, the learners' and paragraphs' pages,
    the heat map, ``grades.csv`` (not when anonymised), ``comments.csv`` (a form for
    ``closereading return``) and the charts into ``out_dir``; returns the page's path and
    what was read. Every file is written first into a staging folder, then moved into
    ``out_dir``, ``index.html`` last (see the module's docstring);
    :class:`closereading.safeio.UnsafeOutput` when ``out_dir`` cannot hold the report."""
    from closereading import safeio
    options = options or Options()
    final = Path(out_dir)
    with safeio.Staging(final, last="index.html") as stage:
        loaded = _write_all(paths, stage.dir, options, final)
        stage.commit()
    return final / "index.html", loaded


def _write_all(paths, out: Path, options: Options, final: Path) -> Loaded:
    """Write the report into ``out`` (the staging folder); the teacher's forms already in
    ``final`` (``comments.csv``, ``capstone-scores.csv``) are read, and kept, from there."""
    from closereading import report_pages as RP
    loaded = load(paths)
    stats = analyse(loaded)
    charts = _charts(stats, out) if stats["size"] else []
    persons = RP.people(stats, loaded, options.anonymise) if stats["size"] else []
    trust, flags = RP.trust_html(persons, stats, options.anonymise)
    from closereading import grades as G
    scores = None
    if persons and not options.anonymise and any(nb.capstone for nb in stats["tasks"]):
        from closereading import capstone
        from closereading import capstone_scores as CS
        scores = CS.read(final / CS.FILE_NAME, persons, capstone.load_settings().rubric)
        for p in persons:
            p.work.capstone_scores = scores.by_person.get(id(p), {})
        stats["capstone_problems"] = scores.problems
    if options.due is not None:
        for p in persons:
            if G.is_late(p.sub.data.get("exported_at", ""), options.due):
                flags.setdefault(id(p), []).append(
                    f"exported {p.sub.data.get('exported_at')}, after the due time")
    if not options.anonymise:
        notes = dict(loaded.identity_notes)
        for p in persons:
            if str(p.sub.path) in notes:
                flags.setdefault(id(p), []).append(notes[str(p.sub.path)])
    if persons:
        (out / "learners").mkdir(exist_ok=True)
        (out / "paragraphs").mkdir(exist_ok=True)
        for p in persons:
            write_text(out / p.page, RP.learner_page(p, stats, flags.get(id(p), []),
                                                     options.anonymise))
        for pid, nb in RP.paragraph_ids(stats):
            write_text(out / "paragraphs" / f"{pid}.html",
                       RP.paragraph_page(pid, nb, persons, stats))
        write_text(out / "heatmap.html", RP.heatmap_page(persons, stats))
    write_text(out / "index.html", render_html(stats, loaded, charts, persons, options, trust))
    if not options.anonymise:
        write_grades(stats, out / "grades.csv", options.fmt, bom=options.bom, due=options.due)
        write_text(out / "comments.csv", comments_form(persons, _earlier_comments(final)))
        if scores is not None:
            write_text(out / CS.FILE_NAME,
                       CS.form(persons, capstone.load_settings().rubric, scores))
    return loaded


def comments_form(persons, earlier: dict | None = None) -> str:
    """A CSV for the teacher's comments, one row per learner, for ``closereading return``.
    ``earlier`` (:func:`_earlier_comments`): the comments a teacher already wrote in the
    form, kept for the learner they were written for."""
    earlier = earlier or {}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Login", "ID", "Student", "Comment"])
    for p in persons:
        row = [csv_cell(p.sub.data.get("login", "")), csv_cell(p.sub.student_id),
               csv_cell(p.sub.name)]
        w.writerow(row + [earlier.get(tuple(row), "")])
    return buf.getvalue()


def _earlier_comments(out: Path) -> dict:
    """The comments already in ``out/comments.csv``, keyed by (Login, ID, Student) as the
    form writes them: a teacher who fills the form in and runs the report again loses
    nothing. A form that cannot be read is left as it is and read as empty."""
    from closereading import safeio
    try:
        raw = safeio.read_bytes(out / "comments.csv", 2_000_000)
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    except (safeio.UnsafeInput, UnicodeDecodeError, csv.Error):
        return {}
    kept = {}
    for row in rows:
        comment = row.get("Comment")
        if isinstance(comment, str) and comment.strip():
            key = tuple(row.get(k) if isinstance(row.get(k), str) else ""
                        for k in ("Login", "ID", "Student"))
            kept[key] = csv_cell(comment) if comment[:1] in "=+-@\t\r|%" else comment
    return kept
