"""The class report: what a class did, from the learners' submission files.

    closereading report SUBMISSION... --out DIR

SUBMISSION is a file or a folder of ``*.json`` files. Writes, offline (no script, font or
image is fetched from anywhere):

* ``DIR/index.html``: class size; completion per notebook; the first-try rate of each
  question and the wrong answers chosen most, with their text; exercise pass rates, the
  diagnoses met most, and the hints and solutions used; charts (PNG files beside the
  page) with a caption in text and a text alternative; the files left out, each with
  its reason.
* ``DIR/grades.csv``: one row per learner, Canvas-style columns ``Student``, ``ID``, then
  one column per notebook: the percentage of that notebook's questions answered
  correctly (at any attempt), 0 to 100.

Submissions are untrusted. A file is left out, and named with its reason, when it is
larger than :data:`MAX_BYTES`, not UTF-8, not JSON (a truncated file), not a submission,
of another schema version, not valid against the JSON Schema, or a duplicate (the same
bytes as another file, or an earlier export of the same learner: same name and id, the
latest ``exported_at`` is kept). Every string from a submission is escaped in the HTML
and neutralised in the CSV (a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with ``'`` so that no spreadsheet reads it as a formula).

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

from closereading.html import esc

MAX_BYTES = 2_000_000   # a full submission of the course is about 40 kB
MAX_FILES = 2000
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


def _files(paths) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix.lower() == ".json" and x.is_file())
        else:
            out.append(p)
    return out


def read_one(path: Path):
    """(Submission, None) or (None, reason)."""
    from closereading import submission as S
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, "no such file"
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if size > MAX_BYTES:
        return None, f"too large: {size:,} bytes, over the cap of {MAX_BYTES:,}"
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if len(raw) > MAX_BYTES:
        return None, f"too large: over the cap of {MAX_BYTES:,} bytes"
    if not raw.strip():
        return None, "empty file"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "" if text.rstrip().endswith(("}", "]")) else " (the file looks truncated)"
        return None, f"not valid JSON{hint}: {exc.msg} at line {exc.lineno}"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
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
    result = Loaded()
    files = _files(paths)
    if len(files) > MAX_FILES:
        for p in files[MAX_FILES:]:
            result.rejected.append((str(p), f"more than {MAX_FILES} files given"))
        files = files[:MAX_FILES]
    by_digest: dict[str, Submission] = {}
    by_learner: dict[tuple, Submission] = {}
    for path in files:
        sub, reason = read_one(path)
        if sub is None:
            result.rejected.append((str(path), reason))
            continue
        if sub.digest in by_digest:
            result.rejected.append((str(path), f"duplicate: the same file as {by_digest[sub.digest].path}"))
            continue
        by_digest[sub.digest] = sub
        earlier = by_learner.get(sub.key())
        if earlier is not None:
            keep, drop = ((sub, earlier) if sub.data["exported_at"] > earlier.data["exported_at"]
                          else (earlier, sub))
            result.rejected.append((str(drop.path), "duplicate: an earlier export of the same "
                                    f"learner as {keep.path} (the latest is kept)"))
            by_learner[sub.key()] = keep
            continue
        by_learner[sub.key()] = sub
    kept = set(id(s) for s in by_learner.values())
    result.accepted = [s for s in by_digest.values() if id(s) in kept]
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


def analyse(loaded: Loaded) -> dict:
    from closereading import course as C
    from closereading import quiz
    bank = quiz.load_banks()
    notebooks = [nb for nb in C.load_course().notebooks]
    stems = [Path(nb.file).stem for nb in notebooks]
    learners = loaded.accepted
    per_q = {q.id: {"q": q, "answered": 0, "first_try": 0, "correct": 0, "revealed": 0,
                    "hints": 0, "wrong": Counter()} for q in bank}
    per_nb = {s: {"questions": len(bank.for_notebook(s)), "answered_share": [], "complete": 0}
              for s in stems}
    grades = []
    exercises = defaultdict(lambda: {"attempted": 0, "passed": 0, "hints": 0, "solutions": 0,
                                     "diagnoses": Counter()})
    diagnoses = Counter()
    reading = Counter()
    unknown_ids = set()
    for sub in learners:
        entries = {e["id"]: e for e in sub.data["questions"]}
        unknown_ids |= set(entries) - set(per_q)
        row = {"Student": sub.name, "ID": sub.student_id}
        for s in stems:
            qs = bank.for_notebook(s)
            answered = sum(bool(entries.get(q.id, {}).get("answered")) for q in qs)
            correct = sum(bool(entries.get(q.id, {}).get("correct")) for q in qs)
            if qs:
                per_nb[s]["answered_share"].append(answered / len(qs))
                per_nb[s]["complete"] += answered == len(qs)
            row[s] = f"{100 * correct / len(qs):.1f}" if qs else ""
        grades.append(row)
        for qid, e in entries.items():
            if qid not in per_q:
                continue
            st = per_q[qid]
            if e.get("answered"):
                st["answered"] += 1
                st["first_try"] += bool(e.get("first_try"))
            st["correct"] += bool(e.get("correct"))
            st["revealed"] += bool(e.get("revealed"))
            st["hints"] += e.get("hints", 0)
            seen = set()
            wrongs = list(e.get("wrong") or [])
            if not wrongs and e.get("answered") and not e.get("correct") and e.get("response") is not None:
                wrongs = [e["response"]]
            for resp in wrongs:
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
        for key, rec in (sub.data["records"].get("reading") or {}).items():
            # a response written; a record of notes opened without one is not
            text = rec.get("text") if isinstance(rec, dict) else None
            if isinstance(text, str) and text.strip():
                reading[str(key)[:40]] += 1
    return {"size": len(learners), "notebooks": notebooks, "stems": stems, "per_nb": per_nb,
            "per_q": per_q, "bank": bank, "grades": grades, "exercises": dict(exercises),
            "diagnoses": diagnoses, "reading": reading, "unknown_ids": sorted(unknown_ids)}


# ---------------------------------------------------------------------------------------
# Output


def csv_cell(value) -> str:
    """A cell that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "|", "%"):
        text = "'" + text
    return text


def write_grades(stats: dict, path: Path) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["Student", "ID"] + stats["stems"])
    for row in sorted(stats["grades"], key=lambda r: (r["Student"].casefold(), r["ID"])):
        w.writerow([csv_cell(row["Student"]), csv_cell(row["ID"])] + [row[s] for s in stats["stems"]])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


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
             "gives the counts.")
    return charts


_CSS = """body{font-family:system-ui,sans-serif;max-width:62em;margin:1em auto;padding:0 1em;
color:#111;line-height:1.45}table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #777;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right}caption{text-align:left;font-weight:bold;padding:.3em 0}
figure{margin:1em 0}img{max-width:100%}code{background:#f2f2f2}"""


def _table(caption, headers, rows, numeric=()) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>" for r in rows)
    return f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(stats: dict, loaded: Loaded, charts: list[dict]) -> str:
    from closereading import __version__
    n = stats["size"]
    parts = [f"<h1>Class report</h1><p>Built by closereading {esc(__version__)} from "
             f"<strong>{n}</strong> submission{'s' if n != 1 else ''} "
             f"({len(loaded.rejected)} file{'s' if len(loaded.rejected) != 1 else ''} left out, "
             "listed at the end).</p>"]
    versions = Counter(s.data["course_version"] for s in loaded.accepted)
    if versions:
        parts.append("<p>Course versions of the submissions: " + ", ".join(
            f"{esc(v)} ({c})" for v, c in sorted(versions.items())) + ".</p>")
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
        parts.append("<h2>Reading responses</h2>")
        parts.append(_table("Learners who wrote a response, per paragraph", ["Paragraph", "Learners"],
                            [[esc(k), str(c)] for k, c in sorted(stats["reading"].items())], numeric=(1,)))
    parts.append("<h2>Learners</h2>")
    parts.append(_table("Percentage of each notebook's questions answered correctly (as in grades.csv)",
                        ["Student", "ID"] + stats["stems"],
                        [[esc(r["Student"]), esc(r["ID"])] + [r[s] for s in stats["stems"]]
                         for r in sorted(stats["grades"], key=lambda r: r["Student"].casefold())],
                        numeric=tuple(range(2, 2 + len(stats["stems"])))))
    parts.append("<h2>Files left out</h2>")
    if loaded.rejected:
        parts.append("<ul>" + "".join(f"<li><code>{esc(Path(p).name)}</code>: {esc(r)}</li>"
                                      for p, r in loaded.rejected) + "</ul>")
    else:
        parts.append("<p>None: every file was read.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Class report</title><style>{_CSS}</style></head><body><main>"
            + "\n".join(p for p in parts if p) + "</main></body></html>\n")


def write_report(paths, out_dir) -> tuple[Path, Loaded]:
    """Read the submissions, write ``index.html``, ``grades.csv`` and the charts into
    ``out_dir``; returns the page's path and what was read."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    loaded = load(paths)
    stats = analyse(loaded)
    charts = _charts(stats, out) if stats["size"] else []
    page = out / "index.html"
    page.write_text(render_html(stats, loaded, charts), encoding="utf-8")
    write_grades(stats, out / "grades.csv")
    return page, loaded
