"""The tasks of each notebook, named so that the course plan and the session plans can
refer to them, and the level at which each shows an objective.

A task is named ``kind:id``, its id as the materials give it:

=================  =======================================================  =============
name               what it is (how the notebook asks it)                    level
=================  =======================================================  =============
``question:ID``    a quiz question (``quiz.ask("ID")``); its level is its   select / sort
                   type's: single, multiple, true-false, text and evidence
                   *select*; match and order *sort*
``prompt:PID``     a reading prompt (``reading.passage(nb, "PID")``)        write
``annotate:PID``   an annotate-it-yourself task (``reading.annotate``)      write
``think:ID``       a think-first question (``reading.think_first("ID")``)   write
``revisit:ID``     the second look at a guess about meaning                 write
                   (``reading.compare("ID")``)
``predict:ID``     a prediction (``reading.predict("ID")``)                 select
``discussion:N``   discussion question N (``reading.discussion``, with a    write
                   box to answer in; notebook 07's ``context.discussion``)
``exercise:ID``    a running exercise (``exercises.task(nb, "ID")``)        apply
``explorer:NAME``  an explorer (``explorers.kwic_explorer`` is ``kwic``,    apply
                   ``explorers.frequency_explorer`` is ``frequency``)
``capstone:PART``  a part of notebook 08: ``lenses`` (select), ``responses``, various
                   ``annotations``, ``commentary``, ``self-assessment``
                   (write), ``statistics`` (apply)
``sitting:N``      a whole sitting of a notebook split into sittings        (session
                                                                            plans only)
=================  =======================================================  =============

An objective's verb (its first word) sets the level of task that can show it
(:data:`VERBS`): an objective to *explain*, *describe*, *compare* or *weigh* is shown by
writing (a prompt, an annotation, a think-first question, a second look, a discussion
question, the capstone's responses, commentary or self-assessment), never by picking an
option; one to *use*, *separate* or *set out* by applying (an exercise, an explorer, a
match or order question, the capstone's statistics) or by writing; one to *identify*,
*list* or *say* by any task. :func:`check_objectives` holds every ``shown_by`` of
``course.yml`` to this: each name resolves to a task of its notebook, and each objective
has a task at its level.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

#: The levels, from the lowest: a task at a level shows an objective at that level or below.
LEVELS = ("select", "sort", "apply", "write")
_RANK = {name: i for i, name in enumerate(LEVELS)}

#: An objective's first word (lower-cased) -> the lowest level of task that shows it.
VERBS = {
    # recognising and finding: any task
    "say": "select", "place": "select", "find": "select", "identify": "select",
    "list": "select", "follow": "select", "choose": "select", "name": "select",
    # ordering, applying, computing: a match or order question, an exercise, an explorer
    "set": "sort", "use": "apply", "separate": "sort",
    # explaining, describing, comparing, weighing: in writing
    "explain": "write", "describe": "write", "summarise": "write", "compare": "write",
    "contrast": "write", "relate": "write", "trace": "write", "read": "write",
    "weigh": "write", "state": "write", "check": "write", "test": "write", "write": "write",
    "distinguish": "write", "ask": "write",
}

KINDS = ("question", "prompt", "annotate", "think", "revisit", "predict", "discussion",
         "exercise", "explorer", "capstone", "sitting")
CAPSTONE_PARTS = {"lenses": "select", "responses": "write", "annotations": "write",
                  "statistics": "apply", "commentary": "write", "self-assessment": "write"}
_CAPSTONE_CALLS = {"lenses": "capstone.lenses()", "responses": "capstone.responses()",
                   "annotations": "capstone.annotate()", "statistics": "capstone.statistics()",
                   "commentary": "capstone.commentary()",
                   "self-assessment": "capstone.self_assessment()"}
_QUESTION_LEVEL = {"single": "select", "multiple": "select", "true-false": "select",
                   "text": "select", "evidence": "select", "match": "sort", "order": "sort"}
NAME = re.compile(r"^(?P<kind>[a-z]+):(?P<id>[A-Za-z0-9_.-]+)$")


@dataclass(frozen=True)
class Task:
    name: str          # "prompt:1.2"
    kind: str          # "prompt"
    id: str            # "1.2"
    level: str         # one of LEVELS
    minutes: float     # at the course's rates, for a learner alone (what it reads, what it asks)
    label: str         # in words, for the guide and messages
    sitting: int = 1   # the sitting of the notebook it is in

    @property
    def prompt(self) -> bool:
        """A prompt to write: what a session plan may not skip (a reading prompt, an
        annotation task, a think-first question, a second look, the capstone's writing).
        Discussion questions are not: a teacher chooses among them."""
        return self.writing and self.kind != "discussion"

    @property
    def writing(self) -> bool:
        return self.level == "write"


def verb(objective: str) -> str:
    words = re.findall(r"[A-Za-z]+", objective)
    return words[0].lower() if words else ""


def _args(call: str, code: str) -> list[list[str]]:
    return [re.findall(r'"([^"]*)"', m.group(1))
            for m in re.finditer(re.escape(call) + r"\(([^)]*)\)", code)]


def inventory(notebook: str, rates: dict | None = None) -> dict[str, Task]:
    """Every task of one notebook, by name, in the notebook's order (cached per notebook
    file until it changes)."""
    from closereading.course import load_course
    from closereading.paths import notebooks_dir
    nb = load_course().notebook(notebook)
    path = notebooks_dir() / nb.file
    try:
        stamp = (str(path), path.stat().st_mtime_ns, id(rates))
    except OSError:
        stamp = None
    if stamp is not None and stamp in _cache:
        return _cache[stamp]
    found = _inventory(nb, path, rates)
    if stamp is not None:
        _cache.clear() if len(_cache) > 64 else None
        _cache[stamp] = found
    return found


_cache: dict = {}


def _inventory(nb, path: Path, rates) -> dict[str, Task]:
    from closereading import quiz, reading, timing
    rates = rates or timing.load_rates()
    per_word = 1 / rates["reading_rate"]
    stem = Path(nb.file).stem
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    out: dict[str, Task] = {}

    def add(kind, tid, level, minutes, label):
        name = f"{kind}:{tid}"
        out.setdefault(name, Task(name, kind, tid, level, round(minutes, 1), label, sitting))

    reader = timing._Reader(nb)

    def one(call: str) -> float:
        """The minutes of one call, as the notebook's estimate counts them."""
        counts = dict.fromkeys(timing.COUNTS, 0)
        words = reader._shown(call, counts)
        return words * per_word + sum(k * rates[key] for key, k in counts.items())

    bank = quiz.load_banks()
    predictions = reading.load_predictions()
    sitting = 1
    for cell in cells:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if timing.is_sitting_marker(cell):
            m = timing.SITTING_TEXT.match(src.strip())
            sitting = int(m.group(1)) if m else sitting
            add("sitting", str(sitting), "select", 0, f"sitting {sitting} (all of it)")
            continue
        if cell.get("cell_type") != "code":
            continue
        for args in _args("quiz.ask", src):
            for qid in args:
                q = bank.get(qid)
                add("question", qid, _QUESTION_LEVEL[q.type], rates["question"],
                    f"quiz question {qid} ({q.type})")
        for args in _args("reading.passage", src):
            pid = args[1]
            add("prompt", pid, "write", one(f'reading.passage("{args[0]}", "{pid}")'),
                f"the reading prompt of paragraph {pid}")
        for args in _args("reading.annotate", src):
            add("annotate", args[1], "write", rates["annotation"],
                f"annotating paragraph {args[1]} yourself")
        thinks = _args("reading.think_first", src)
        for args in thinks:
            # what unfolds counts too (a view passed as then=..., as in notebook 07)
            call = src if len(thinks) == 1 else f'reading.think_first("{args[0]}")'
            add("think", args[0], "write", one(call), f"the think-first question {args[0]}")
        for args in _args("reading.compare", src):
            pred = predictions.get(args[0]) if args else None
            if pred is not None and pred.revisit:
                add("revisit", args[0], "write", rates["prompt"],
                    f"the second look at the guess {args[0]}")
        for args in _args("reading.predict", src):
            add("predict", args[0], "select", rates["prediction"], f"the prediction {args[0]}")
        for args in _args("exercises.task", src):
            add("exercise", args[1], "apply", rates["exercise"], f"the exercise {args[1]}")
        if "explorers.kwic_explorer(" in src:
            add("explorer", "kwic", "apply", rates["explorer"], "the keyword-in-context explorer")
        if "explorers.frequency_explorer(" in src:
            add("explorer", "frequency", "apply", rates["explorer"], "the frequency explorer")
        if "reading.discussion(" in src or "context.discussion(" in src:
            for i, _ in enumerate(reading.discussion_questions(stem)[1], 1):
                add("discussion", str(i), "write", rates["discussion"],
                    f"discussion question {i}")
        if "capstone." in src:
            from closereading import capstone
            s = capstone.load_settings()
            for part, call in _CAPSTONE_CALLS.items():
                if call in src:
                    minutes = one(call)
                    add("capstone", part, CAPSTONE_PARTS[part], minutes, f"the capstone's {part}")
    if any(t.kind == "sitting" for t in out.values()):
        est = timing.estimate(nb.id, rates)
        for i, s in enumerate(est.sittings, 1):
            name = f"sitting:{i}"
            if name in out:
                out[name] = Task(name, "sitting", str(i), "select", round(s.minutes, 1),
                                 f"sitting {i} (all of it)", i)
    return out


def resolve(notebook: str, names) -> tuple[list[Task], list[str]]:
    """(the tasks named, the problems): a name not of the form ``kind:id``, of an unknown
    kind, or naming no task of the notebook, is a problem, with the closest names."""
    import difflib
    tasks = inventory(notebook)
    found, problems = [], []
    for name in names:
        name = str(name)
        m = NAME.match(name)
        if not m:
            problems.append(f"{name!r} is not a task name: write kind:id, such as "
                            "prompt:1.2, question:hw-cbdr or discussion:2")
            continue
        if m.group("kind") not in KINDS:
            problems.append(f"{name!r}: {m.group('kind')!r} is not a kind of task (the kinds: "
                            f"{', '.join(KINDS)})")
            continue
        if name not in tasks:
            close = difflib.get_close_matches(name, tasks, n=3)
            problems.append(f"{name!r} is not a task of notebook "
                            f"{notebook}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
            continue
        found.append(tasks[name])
    return found, problems


def covered(tasks, inventory_: dict[str, Task]) -> set[str]:
    """The names of the tasks that ``tasks`` cover: each task itself, and every task of a
    sitting that is named whole (``sitting:2``)."""
    out = set()
    for t in tasks:
        out.add(t.name)
        if t.kind == "sitting":
            out |= {u.name for u in inventory_.values() if u.sitting == t.sitting}
    return out


def shows(task: Task, objective: str) -> bool:
    """Whether the task is at the objective's level (or above)."""
    need = VERBS.get(verb(objective))
    return need is not None and _RANK[task.level] >= _RANK[need]


def check_objectives(course=None) -> None:
    """Every objective of ``course.yml``: its verb is known, every name of its
    ``shown_by`` resolves to a task of its notebook, and at least one of them is at the
    verb's level. Raises MaterialsError naming the file, the line, the item and the
    field, every problem at once."""
    from closereading.course import load_course
    from closereading.materials import Problems
    course = course or load_course()
    problems = Problems()
    for nb in course.notebooks:
        for i, obj in enumerate(nb.goals, 1):
            item = f"notebook {nb.id}, objective {i}"
            need = VERBS.get(verb(obj.text))
            if need is None:
                problems.add(course.path, f"starts with {verb(obj.text)!r}, a verb the course "
                                          "does not know the level of: start with one of "
                                          f"{', '.join(sorted(VERBS))} (or add it to "
                                          "closereading.tasks.VERBS)", item=item, field="text",
                             line=obj.line)
                continue
            found, missing = resolve(nb.id, obj.shown_by)
            for message in missing:
                problems.add(course.path, message, item=item, field="shown_by", line=obj.line)
            if not obj.shown_by:
                problems.add(course.path, "names no task: list the tasks that show it",
                             item=item, field="shown_by", line=obj.line)
            elif found and not any(shows(t, obj.text) for t in found):
                kinds = ("writing: a prompt, an annotation, a think-first question, a second "
                         "look or a discussion question" if need == "write" else
                         "an exercise, an explorer, a match or order question, or writing"
                         if need in ("apply", "sort") else "any task")
                problems.add(course.path, f"{verb(obj.text)!r} asks for a task at the level "
                                          f"'{need}' ({kinds}); its tasks are at "
                                          + ", ".join(sorted({t.level for t in found})),
                             item=item, field="shown_by", line=obj.line)
    problems.raise_if_any()
