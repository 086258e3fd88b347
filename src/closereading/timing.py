"""Time estimates for the notebooks, computed from what each notebook asks of a reader.

The method and its rates are data, in ``materials/course.yml`` under ``timing:`` (each rate
with its basis stated there)::

    timing:
      reading_rate: 130     # words per minute, for everything a learner reads
      question: 2           # minutes per quiz question
      exercise: 12          # minutes per running exercise
      prompt: 6             # minutes per reading prompt, think-first question or second
                            # look at a guess (a written response)
      annotation: 10        # minutes per annotate-it-yourself task
      discussion: 10        # minutes per discussion question (a written answer)
      prediction: 2         # minutes per prediction
      explorer: 5           # minutes per explorer (KWIC, frequencies) to try
      commentary: 75        # minutes for the capstone's commentary (400 to 600 words)
      self_assessment: 15   # minutes for the capstone's self-assessment
      round_to: 5           # the estimate is rounded to the nearest multiple

The estimate is made cell by cell, in the notebook's order, so that a notebook split into
sittings gets an estimate for each. What a cell gives to read: its own words (a Markdown
cell, or a code cell of more than one line: the visible computations), and what its call
shows: ``views.section_text(N)`` the sub-section; ``reading.passage(nb, pid)`` the
paragraph, the course's notes on it and its "Did you notice ...?" points (and the worked
example at support ``worked``); ``reading.think_first(id)`` what the course says after
it; ``method.show()`` the method; ``context.record(part)`` and ``context.readings()``
their text from ``materials/context.yml``; in notebook 08, ``capstone.passage()`` and
``capstone.responses()`` the passage a learner is expected to bring
(``typical_passage`` of ``capstone.yml``), ``capstone.lenses()`` the method's questions and
``capstone.rubric()`` the rubric. What a cell asks to do is counted at the rates above:
the questions a ``quiz.ask(...)`` names, an ``exercises.task``, each prompt (a reading
prompt, a think-first question, a second look at a guess about meaning, a paragraph of
the capstone's passage), an annotation task, the discussion questions of a
``reading.discussion``, a prediction, an explorer, the commentary and the
self-assessment. Words are counted by the course's tokenizer.

Sittings. A notebook longer than :data:`SITTING_LIMIT` minutes is split into sittings by
Markdown cells tagged ``sitting`` (each reads "**Sitting N of M** (about X minutes)");
each sitting runs from its marker to the next, the first from the top of the notebook.
``course.yml`` gives each notebook's ``minutes`` and, for a split notebook, each sitting's
(``sittings:``); tests check that every figure is within ``round_to`` of its estimate, that
no sitting is over the limit, and that the markers state the minutes of ``course.yml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

RATES = ("reading_rate", "question", "exercise", "prompt", "annotation", "discussion",
         "prediction", "explorer", "commentary", "self_assessment", "round_to")
COUNTS = ("question", "exercise", "prompt", "annotation", "discussion", "prediction",
          "explorer", "commentary", "self_assessment")
SITTING_LIMIT = 90          # minutes: a longer notebook is split into sittings
SITTING_TAG = "sitting"
SITTING_TEXT = re.compile(r"^\*\*Sitting (\d+) of (\d+)\*\* \(about (\d+) minutes\)")


@dataclass(frozen=True)
class Estimate:
    notebook: str
    words: int
    counts: dict
    minutes: float
    rounded: int
    sittings: tuple = field(default=())     # an Estimate per sitting, when split

    def explain(self) -> str:
        parts = [f"{self.words} words read"] + [f"{n} {k}" for k, n in self.counts.items() if n]
        out = f"{self.notebook}: " + ", ".join(parts) + f" = {self.minutes:.1f} min, " \
              f"about {self.rounded}"
        if self.sittings:
            out += " (sittings: " + "; ".join(
                f"{s.notebook} {s.minutes:.1f} min, about {s.rounded}" for s in self.sittings) + ")"
        return out


def load_rates() -> dict:
    from closereading.materials import MaterialsError, Problem, load_yaml, materials_file
    path = materials_file("course.yml")
    data = load_yaml(path).get("timing")
    problems = []
    if not isinstance(data, dict):
        raise MaterialsError(Problem("course.yml", "is required: the rates of the time "
                                     "estimates (see materials/README.md)", field="timing"))
    data = dict(data)
    for key in RATES:
        value = data.get(key)
        # the course's YAML keeps "1.5" as text (materials.py): a rate may have a decimal point
        if isinstance(value, str) and re.fullmatch(r"\d+\.\d+", value.strip()):
            value = data[key] = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            problems.append(Problem("course.yml", "should be a number above 0",
                                    item="timing", field=key))
    known = RATES + ("method", "references")
    for key in data:
        if key not in known:
            problems.append(Problem("course.yml", f"unknown field (known fields: "
                                    f"{', '.join(known)})", item="timing", field=str(key)))
    refs = data.get("references", [])
    if refs:
        from closereading.apparatus import load_references
        have = load_references()
        for ref in refs if isinstance(refs, list) else [refs]:
            if ref not in have:
                problems.append(Problem("course.yml", f"{ref!r} is not an id of "
                                        "references.yml", item="timing", field="references"))
    if problems:
        raise MaterialsError(problems)
    return data


def _source(cell) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _cells(nb) -> list[dict]:
    from closereading.paths import notebooks_dir
    return json.loads((notebooks_dir() / nb.file).read_text(encoding="utf-8"))["cells"]


def is_sitting_marker(cell) -> bool:
    return cell.get("cell_type") == "markdown" and SITTING_TAG in cell.get("metadata", {}).get("tags", [])


def _args(call: str, code: str) -> list[list[str]]:
    """The string arguments of each call ``call(...)`` in ``code``."""
    out = []
    for m in re.finditer(re.escape(call) + r"\(([^)]*)\)", code):
        out.append(re.findall(r'"([^"]*)"', m.group(1)))
    return out


class _Reader:
    """What each cell of one notebook gives to read and asks to do."""

    def __init__(self, nb):
        from closereading import stats
        self.nb = nb
        self.stem = Path(nb.file).stem
        self.words = stats.words

    def n(self, text: str) -> int:
        return len(self.words(text or ""))

    def cell(self, cell) -> tuple[int, dict]:
        counts = dict.fromkeys(COUNTS, 0)
        src = _source(cell)
        kind = cell.get("cell_type")
        words = self.n(src) if kind == "markdown" or (kind == "code" and "\n" in src.strip()) else 0
        if kind != "code":
            return words, counts
        words += self._shown(src, counts)
        return words, counts

    def _shown(self, code: str, counts: dict) -> int:
        from closereading import excerpts, method, reading, text
        words = 0
        doc = text.load()
        for m in re.finditer(r"views\.section_text\((\d+)\)", code):
            words += self.n(doc.section(int(m.group(1))).text)
        for args in _args("reading.passage", code):
            stem, pid = args[0], args[1]
            prompt = reading.load_prompts(stem)[pid]
            words += self.n(doc.paragraph(pid).text)
            words += sum(self.n(p.ask) for p in prompt.points)
            if doc.paragraph(pid).section:      # a sub-section: the course's notes on it
                words += sum(self.n(a.note) for a in excerpts.load(stem).for_paragraph(pid))
            if prompt.support == "worked":
                words += self.n(method.worked_example().text)
            counts["prompt"] += 1
        for args in _args("reading.think_first", code):
            words += self.n(reading.think(args[0]).then)
            counts["prompt"] += 1
        predictions = reading.load_predictions()
        for args in _args("reading.compare", code):
            if args and args[0] in predictions and predictions[args[0]].revisit:
                counts["prompt"] += 1
        counts["prediction"] += code.count("reading.predict(")
        counts["annotation"] += code.count("reading.annotate(")
        if "reading.discussion(" in code:
            counts["discussion"] += len(reading.discussion_questions(self.stem)[1])
        for args in _args("quiz.ask", code):
            counts["question"] += len(args)
        counts["exercise"] += code.count("exercises.task(")
        counts["explorer"] += code.count("explorers.")
        if "method.show()" in code:
            words += self.n(method.show().text)
        words += self._context(code)
        words += self._capstone(code, counts)
        return words

    def _context(self, code: str) -> int:
        if "context." not in code:
            return 0
        from closereading import context
        ctx = context.load()
        words = 0
        for m in re.finditer(r"context\.record\(([^)]*)\)", code):
            wanted = re.findall(r'"([^"]*)"', m.group(1))
            for part in ctx.record:
                if not wanted or part.id in wanted:
                    words += self.n(part.title + " " + part.summary)
                    words += sum(self.n(e.event) for e in part.events)
        if "context.readings(" in code:
            words += sum(self.n(" ".join((r.title, r.who, r.claim, r.evidence, r.critics)))
                         for r in ctx.readings)
        return words

    def _capstone(self, code: str, counts: dict) -> int:
        if "capstone." not in code:
            return 0
        from closereading import capstone, method
        s = capstone.load_settings()
        words = 0
        if "capstone.passage()" in code:
            words += s.typical_words + self.n(s.advice)
        if "capstone.lenses()" in code:
            words += self.n(method.show().text)
        if "capstone.responses()" in code:
            words += s.typical_words
            counts["prompt"] += s.typical_paragraphs
        counts["annotation"] += code.count("capstone.annotate()")
        counts["explorer"] += code.count("capstone.statistics()")
        if "capstone.rubric()" in code:
            words += self.n(capstone.rubric_rich(s).text)
        if "capstone.commentary()" in code:
            words += self.n(s.prompt)
            counts["commentary"] += 1
        counts["self_assessment"] += code.count("capstone.self_assessment()")
        return words


def _estimate(name: str, words: int, counts: dict, rates: dict) -> Estimate:
    minutes = words / rates["reading_rate"] + sum(n * rates[k] for k, n in counts.items())
    step = rates["round_to"]
    rounded = int(max(step, step * round(minutes / step)))
    return Estimate(name, words, counts, minutes, rounded)


def estimate(notebook: str, rates: dict | None = None) -> Estimate:
    """The estimate of one notebook, with one per sitting when it is split."""
    from closereading.course import load_course
    rates = rates or load_rates()
    nb = load_course().notebook(notebook)
    reader = _Reader(nb)
    parts: list[tuple[int, dict]] = [(0, dict.fromkeys(COUNTS, 0))]
    for cell in _cells(nb):
        if is_sitting_marker(cell) and _marker_number(cell) > 1:
            parts.append((0, dict.fromkeys(COUNTS, 0)))
        w, c = reader.cell(cell)
        words, counts = parts[-1]
        parts[-1] = (words + w, {k: counts[k] + c[k] for k in COUNTS})
    total_words = sum(w for w, _ in parts)
    total_counts = {k: sum(c[k] for _, c in parts) for k in COUNTS}
    whole = _estimate(nb.id, total_words, total_counts, rates)
    if len(parts) == 1:
        return whole
    sittings = tuple(_estimate(f"{nb.id} sitting {i}", w, c, rates)
                     for i, (w, c) in enumerate(parts, 1))
    return Estimate(whole.notebook, whole.words, whole.counts, whole.minutes, whole.rounded,
                    sittings)


def _marker_number(cell) -> int:
    m = SITTING_TEXT.match(_source(cell).strip())
    return int(m.group(1)) if m else 0


def sitting_markers(notebook: str) -> list[tuple[int, int, int]]:
    """(N, M, minutes) of each sitting marker of a notebook, in order."""
    from closereading.course import load_course
    nb = load_course().notebook(notebook)
    out = []
    for cell in _cells(nb):
        if is_sitting_marker(cell):
            m = SITTING_TEXT.match(_source(cell).strip())
            out.append(tuple(int(x) for x in m.groups()) if m else (0, 0, 0))
    return out


def estimates() -> list[Estimate]:
    from closereading.course import load_course
    rates = load_rates()
    return [estimate(nb.id, rates) for nb in load_course().notebooks]


def minutes_of(kind: str, n: int = 1, rates: dict | None = None) -> float:
    """The minutes ``n`` tasks of one kind take at the course's rates (the session plans
    sum their parts with it)."""
    rates = rates or load_rates()
    return n * rates[kind]
