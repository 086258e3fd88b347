"""Time estimates for the notebooks, computed from what each notebook asks of a reader.

The method and its rates are data, in ``materials/course.yml`` under ``timing:``::

    timing:
      reading_rate: 150     # words per minute, for everything a learner reads
      question: 1           # minutes per quiz question
      exercise: 6           # minutes per running exercise
      prompt: 3             # minutes per reading prompt, think-first question or second
                            # look at a guess (a written response)
      annotation: 5         # minutes per annotate-it-yourself task
      discussion: 3         # minutes per discussion question (a short written answer)
      prediction: 1         # minutes per prediction
      explorer: 3           # minutes per explorer (KWIC, frequencies) to try
      round_to: 5           # the estimate is rounded to the nearest multiple

What is read: the words of the notebook's Markdown cells and of its code cells of more than
one line (the visible computations), the sub-section's text twice (once whole, once
paragraph by paragraph) and the course's notes on it; what unfolds from the views (the
"Did you notice ...?" points of the prompts, what the course says after a think-first
question, the method and its worked example in notebook 00); in a notebook that shows the record
and the readings (``context.record(`` / ``context.readings(``, notebook 07), their text
from ``materials/context.yml``, and its discussion questions. Words are counted by the
course's tokenizer. ``minutes`` in ``course.yml`` must equal the estimate (a test checks), so a
change to a notebook or its materials that changes the estimate shows up in the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RATES = ("reading_rate", "question", "exercise", "prompt", "annotation", "discussion",
         "prediction", "explorer", "round_to")


@dataclass(frozen=True)
class Estimate:
    notebook: str
    words: int
    counts: dict
    minutes: float
    rounded: int

    def explain(self) -> str:
        parts = [f"{self.words} words read"] + [f"{n} {k}" for k, n in self.counts.items() if n]
        return f"{self.notebook}: " + ", ".join(parts) + f" = {self.minutes:.1f} min, " \
               f"about {self.rounded}"


def load_rates() -> dict:
    from closereading.materials import MaterialsError, Problem, load_yaml, materials_file
    path = materials_file("course.yml")
    data = load_yaml(path).get("timing")
    problems = []
    if not isinstance(data, dict):
        raise MaterialsError(Problem("course.yml", "is required: the rates of the time "
                                     "estimates (see materials/README.md)", field="timing"))
    for key in RATES:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            problems.append(Problem("course.yml", "should be a number above 0",
                                    item="timing", field=key))
    for key in data:
        if key not in RATES + ("method",):
            problems.append(Problem("course.yml", f"unknown field (known fields: "
                                    f"{', '.join(RATES + ('method',))})", item="timing",
                                    field=str(key)))
    if problems:
        raise MaterialsError(problems)
    return dict(data)


def estimate(notebook: str, rates: dict | None = None) -> Estimate:
    from closereading import excerpts, quiz, stats, text
    from closereading import exercises as ex_mod
    from closereading.course import load_course
    from closereading.paths import notebooks_dir
    rates = rates or load_rates()
    nb = load_course().notebook(notebook)
    stem = Path(nb.file).stem
    cells = json.loads((notebooks_dir() / nb.file).read_text(encoding="utf-8"))["cells"]
    sources = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                c["cell_type"]) for c in cells]
    words = sum(len(stats.words(s)) for s, kind in sources
                if kind == "markdown" or (kind == "code" and "\n" in s.strip()))
    code = "\n".join(s for s, kind in sources if kind == "code")
    if nb.section:
        words += 2 * len(stats.words(text.load().section(nb.section).text))
        data = excerpts.load(stem)
        words += sum(len(stats.words(a.note)) for a in data.annotations)
        discussion = len(data.discussion)
    else:
        discussion = 0
    if "context.record(" in code or "context.readings(" in code:
        from closereading import context
        ctx = context.load()
        shown = [part.title + " " + part.summary for part in ctx.record]
        shown += [e.event for e in ctx.events()]
        shown += [" ".join((r.title, r.who, r.claim, r.evidence, r.critics))
                  for r in ctx.readings]
        words += sum(len(stats.words(t)) for t in shown)
        if "context.discussion(" in code:
            discussion = len(ctx.discussion)
    words += _folded_words(stem, code)
    try:
        exercises = len(ex_mod.load(stem)) if ex_mod.exercises_path(stem).exists() else 0
    except Exception:  # noqa: BLE001 - a broken file is reported by its own tests
        exercises = 0
    import re

    from closereading import reading
    predictions = reading.load_predictions()
    # a guess about meaning comes back after the reading with a question to answer in
    # writing: a prompt, like a think-first question and a reading prompt
    revisits = sum(1 for pid in re.findall(r'reading\.compare\("([^"]+)"\)', code)
                   if pid in predictions and predictions[pid].revisit)
    counts = {
        "question": len(quiz.questions(stem)),
        "exercise": exercises,
        "prompt": (code.count("reading.passage(") + code.count("reading.think_first(")
                   + revisits),
        "annotation": code.count("reading.annotate("),
        "discussion": discussion if "reading.discussion(" in code else 0,
        "prediction": code.count("reading.predict("),
        "explorer": code.count("explorers."),
    }
    minutes = words / rates["reading_rate"] + sum(n * rates[k] for k, n in counts.items())
    step = rates["round_to"]
    rounded = int(max(step, step * round(minutes / step)))
    return Estimate(nb.id, words, counts, minutes, rounded)


def _folded_words(stem: str, code: str) -> int:
    """The words a learner reads that unfold from the views rather than stand in the
    notebook: the "Did you notice ...?" points of its prompts, what the course says after
    each think-first question, the questions of the method and its worked example."""
    import re

    from closereading import method, reading, stats
    shown = []
    if stem in reading.reading_notebooks():
        for prompt in reading.load_prompts(stem).values():
            shown += [point.ask for point in prompt.points]
            if prompt.support == "worked":
                shown.append(method.worked_example().text)
    shown += [reading.think(tid).then for tid in re.findall(r'reading\.think_first\("([^"]+)"', code)]
    if "method.show()" in code:
        shown.append(method.show().text)
    return sum(len(stats.words(t)) for t in shown)


def estimates() -> list[Estimate]:
    from closereading.course import load_course
    rates = load_rates()
    return [estimate(nb.id, rates) for nb in load_course().notebooks]
