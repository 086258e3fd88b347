"""What happens around a check: hints that move on, the solution on request, the record.

:func:`closereading.exercises.grade` is pure: it says whether a function is right and, when
it is not, which known mistake it makes. This module adds what a learner working alone
needs, and keeps it in the progress store (kind ``exercises``; the fields are listed in
:mod:`closereading.quiz.progress`):

* **Hints escalate.** A wrong answer that matches a known mistake gets that mistake's own
  hint. Any other wrong answer (or an error) moves the exercise's hints on by one: the
  first such failure shows hint 1, the next hint 2, and so on; the last hint stays.
* **The solution on request.** After two failed checks, the result says how to see the
  solution; :func:`show_solution` asks for a confirmation first (a button, or
  ``confirm=True``), and the reveal is recorded, so a new kernel remembers it.
* **"Correct." leads on.** A right function's result shows what it returns on the course
  text and the exercise's ``follow_up``: a quiz question to answer with that value, or a
  prompt.

A check of the starter (``Not attempted yet.``) records nothing, so that the committed
student notebooks stay the same whoever runs them.

* **An attempt is a new check.** Each check is keyed by the learner's function (its
  compiled code, so that comments and blank lines do not matter) and by what the check
  found (:func:`fingerprint`). A check with the same key as the last one recorded (Run
  All replaying the cells, the check cell run twice, the same function in a new kernel)
  is not counted again: no attempt, no failure, no hint moved on; the result says so.
* **Hint and Show solution are buttons** under each check's result (:class:`Controls`):
  no new cell is needed. *Show solution* is enabled after two failed checks and asks for
  a confirmation, as :func:`show_solution` does.

The binding :func:`notebook` gives a notebook's exercises as attributes::

    ex = exercises.notebook("01-harmonious-world")
    ex.count_should.task()
    ex.count_should.check(count_word)
    ex.count_should.hint()          # the next hint, on request
    ex.count_should.solution()      # after two failed checks, with a confirmation
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
import types
import weakref

from closereading.html import Rich, esc
from closereading.quiz import progress as P

KIND = "exercises"
STATUSES = ("not-attempted", "incorrect", "error", "correct")
#: Failed checks after which the solution is offered.
SOLUTION_AFTER = 2


# ---------------------------------------------------------------------------------------
# Records


def fresh() -> dict:
    return {"status": "not-attempted", "attempts": 0, "failures": 0, "undiagnosed": 0,
            "diagnoses": [], "hints": 0, "solution": False, "correct": False, "last": ""}


_KEY = re.compile(r"^[0-9a-f]{16}$")


def clean(raw) -> dict:
    """A record from the file, every field of the right type; never raises."""
    rec = fresh()
    if not isinstance(raw, dict):
        return rec
    if raw.get("status") in STATUSES:
        rec["status"] = raw["status"]
    for key in ("attempts", "failures", "undiagnosed", "hints"):
        v = raw.get(key)
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
            rec[key] = v
    for key in ("solution", "correct"):
        if isinstance(raw.get(key), bool):
            rec[key] = raw[key]
    if isinstance(raw.get("diagnoses"), list):
        rec["diagnoses"] = [d for d in dict.fromkeys(raw["diagnoses"])
                            if isinstance(d, str) and len(d) <= 60][:20]
    if isinstance(raw.get("last"), str) and _KEY.match(raw["last"]):
        rec["last"] = raw["last"]
    return rec


def _code_key(code) -> tuple:
    """What a compiled function does, without where it was written: its bytecode, its
    constants (nested functions and comprehensions too) and the names it uses."""
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else repr(c)
                   for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars)


def fingerprint(fn, result) -> str:
    """The key of one check: the learner's function (its code and default values, not the
    cell or the kernel it was defined in) and what the check found. Two checks with the
    same key are one attempt replayed."""
    code = getattr(fn, "__code__", None)
    if isinstance(code, types.CodeType):
        what = repr((_code_key(code), repr(getattr(fn, "__defaults__", None))))
    else:   # a callable without code of its own (a class, a builtin): its type
        what = f"<{type(fn).__module__}.{type(fn).__qualname__}>"
    found = repr((result.status, result.diagnosis, result.message, tuple(result.differs)))
    return hashlib.sha256((what + found).encode("utf-8", "replace")).hexdigest()[:16]


P.register_kind(KIND, fresh, clean)


def key(ex) -> str:
    """The record's key: ``<notebook>/<exercise id>``."""
    return f"{ex.notebook}/{ex.id}"


def after_result(rec: dict, result, key: str = "") -> dict:
    """The record after a check (pure). ``key`` is the check's :func:`fingerprint`: a check
    with the key of the last one recorded changes nothing."""
    rec = clean(rec)
    if result.status == "not-attempted" or (key and rec["last"] == key):
        return rec
    if key:
        rec["last"] = key
    rec["attempts"] += 1
    rec["status"] = result.status if not rec["correct"] else "correct"
    if result.status == "correct":
        rec["correct"] = True
        return rec
    rec["failures"] += 1
    if result.diagnosis:
        if result.diagnosis not in rec["diagnoses"]:
            rec["diagnoses"].append(result.diagnosis)
    else:
        rec["undiagnosed"] += 1
    return rec


def next_hint_index(rec: dict, ex) -> int:
    """The hint a further undiagnosed failure shows (0-based): one more than those seen
    so far, the last one staying."""
    return min(rec["hints"], len(ex.hints) - 1)


# ---------------------------------------------------------------------------------------
# The check, recorded


def _store(store=None) -> P.Store:
    return store or P.store()


def _refresh_scoreboards() -> None:
    widgets = sys.modules.get("closereading.quiz.widgets")
    if widgets is not None:
        widgets.refresh_scoreboards()
    for controls in list(_controls):     # the buttons under earlier checks, too
        controls.refresh()


def follow_up_text(ex, value: str) -> str:
    """The exercise's follow-up, in words, with the value the function returned."""
    if not ex.follow_up:
        return ""
    kind, text = ex.follow_up
    if kind == "prompt":
        return f"{text} (Your function returned {value}.)"
    from closereading.quiz import load_banks
    bank = load_banks()
    q = bank.get(text)
    own = bank.for_notebook(q.notebook).ids
    where = (f"question {own.index(q.id) + 1} of the quiz of {q.notebook}"
             if q.id in own else f"the question {q.id!r}")
    return (f"use what your function returned ({value}) to answer {where}: \u201c{q.prompt}\u201d "
            f"It is asked with `quiz.ask(\"{q.id}\")`.")


REPLAYED = ("The same function as at your last check, with the same result: it is not "
            "counted as a new attempt.")


def recorded(ex, result, *, store=None, fn=None):
    """The result of a check with the hint for this point of the learner's work, the
    value and the follow-up when it is right, and the record updated. With ``fn`` (the
    function checked), a check that replays the last one (:func:`fingerprint`) is not
    counted again and shows the hint it showed then."""
    result = dataclasses.replace(result, notebook=ex.notebook)
    if result.status == "not-attempted":
        return result
    store = _store(store)
    before = clean(store.record(key(ex), kind=KIND))
    check_key = fingerprint(fn, result) if fn is not None else ""
    replay = bool(check_key) and before["last"] == check_key
    changes = {}
    hint_index = None
    # An undiagnosed wrong answer (not a known mistake) moves the hints on; an error keeps
    # its own message. A replay shows the hint it showed the first time.
    if result.status == "incorrect" and not result.diagnosis and result.hint == ex.hints[0]:
        hint_index = (max(min(before["hints"], len(ex.hints)) - 1, 0) if replay
                      else next_hint_index(before, ex))
        changes = {"hint": ex.hints[hint_index],
                   "hint_label": f"Hint {hint_index + 1} of {len(ex.hints)}"}

    def change(rec):
        rec = after_result(rec, result, check_key)
        if hint_index is not None and not replay:
            rec["hints"] = max(rec["hints"], hint_index + 1)
        return rec

    rec = before if replay else store.update(key(ex), change, kind=KIND)
    notes = list(result.notes)
    if result.status == "correct":
        changes["message"] = (f"{result.message} On {ex.cases()[0].label.split(',')[0]} "
                              f"it returns {result.value}.")
        changes["follow_up"] = follow_up_text(ex, result.value)
    else:
        if replay:
            notes.append(REPLAYED)
        if rec["failures"] >= SOLUTION_AFTER and not rec["solution"]:
            notes.append(f"You can see the solution now, if you want it: press *Show "
                         f"solution* below (or run "
                         f"`exercises.show_solution(\"{ex.notebook}\", \"{ex.id}\")`).")
    if store.warnings:
        notes += list(store.warnings)
    if not replay:
        _refresh_scoreboards()
    return dataclasses.replace(result, notes=tuple(notes), **changes)


# ---------------------------------------------------------------------------------------
# Hints and the solution on request


def hint(ex, *, store=None) -> Rich:
    """The next hint of an exercise, on request (the last one stays); recorded."""
    store = _store(store)
    rec = clean(store.record(key(ex), kind=KIND))
    i = min(rec["hints"], len(ex.hints) - 1)
    store.update(key(ex), lambda r: {**clean(r), "hints": max(clean(r)["hints"], i + 1)},
                 kind=KIND)
    _refresh_scoreboards()
    label = f"Hint {i + 1} of {len(ex.hints)}"
    last = " (the last one)" if i == len(ex.hints) - 1 and len(ex.hints) > 1 else ""
    from closereading.exercises import _inline
    return Rich(f'<p class="cr-exercise-hint"><strong>{esc(label)}{esc(last)}:</strong> '
                f"{_inline(ex.hints[i])}</p>", f"{label}{last}: {ex.hints[i]}")


def solution_state(ex, *, store=None) -> tuple[bool, dict]:
    """(whether the solution may be shown now, the record)."""
    rec = clean(_store(store).record(key(ex), kind=KIND))
    return rec["solution"] or rec["failures"] >= SOLUTION_AFTER or rec["correct"], rec


def _solution_rich(ex) -> Rich:
    from closereading.exercises import _code_html
    return Rich(f'<div class="cr-exercise-solution"><p><strong>A solution to '
                f"\u201c{esc(ex.title)}\u201d:</strong></p>"
                f"{_code_html(ex.solution, 'Solution')}"
                f"<p>Type it into your cell in your own way, run it, then run the check "
                f"again.</p></div>",
                f"A solution to \u201c{ex.title}\u201d:\n{ex.solution.rstrip()}")


def reveal(ex, *, store=None) -> Rich:
    """Record that the learner chose to see the solution, and return it."""
    _store(store).update(key(ex), lambda r: {**clean(r), "solution": True}, kind=KIND)
    _refresh_scoreboards()
    return _solution_rich(ex)


def show_solution(ex, *, confirm: bool = False, store=None):
    """The solution, on request: not before two failed checks; then a confirmation (a
    button in a notebook, or ``confirm=True``); once shown, shown again directly."""
    store = _store(store)
    allowed, rec = solution_state(ex, store=store)
    if not allowed:
        left = SOLUTION_AFTER - rec["failures"]
        return Rich(f'<p class="cr-exercise-solution-wait" role="status">The solution is '
                    f"offered after {SOLUTION_AFTER} checks that fail; {left} more to go. "
                    f"Ask for a hint first: the next check of a wrong function shows the "
                    f"next one.</p>",
                    f"The solution is offered after {SOLUTION_AFTER} checks that fail; "
                    f"{left} more to go. Ask for a hint first: the next check of a wrong "
                    "function shows the next one.")
    if rec["solution"] or confirm:
        return reveal(ex, store=store)
    return SolutionOffer(ex, store)


class SolutionOffer:
    """A confirmation before the solution: a button, made when displayed in a kernel.
    Without a kernel it reads as the question alone (never the solution)."""

    QUESTION = ("Seeing the solution is fine, but try once more first if you can: it is "
                "recorded that you looked. Show the solution?")

    def __init__(self, ex, store):
        self.ex, self.store = ex, store
        import ipywidgets as W
        self.button = W.Button(description="Yes, show the solution",
                               tooltip="Show the solution of this exercise",
                               layout=W.Layout(width="auto"))
        self.button.add_class("cr-exercise-show-solution")
        self.out = W.HTML("")
        self.out.add_class("cr-exercise-solution-box")
        self.button.on_click(lambda _: self.confirm())
        self.widget = W.VBox([W.HTML(f"<p>{esc(self.QUESTION)}</p>"), self.button, self.out])

    def confirm(self) -> None:
        self.out.value = reveal(self.ex, store=self.store).html
        self.button.disabled = True

    def _repr_mimebundle_(self, **kwargs):
        data = self.widget._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.QUESTION
        data["text/html"] = f"<p>{esc(self.QUESTION)}</p>"
        return data


# ---------------------------------------------------------------------------------------
# The buttons under a check's result


_controls: "weakref.WeakSet[Controls]" = weakref.WeakSet()


class Controls:
    """A check's result, live: the result, then *Hint* (the next hint, recorded) and *Show
    solution* (enabled after :data:`SOLUTION_AFTER` failed checks; it asks for a
    confirmation, then shows the solution, recorded). What they show appears below them,
    in the same output: no new cell is needed."""

    def __init__(self, result, *, store=None):
        import ipywidgets as W
        from closereading.exercises import get
        self.result, self.store = result, store
        self.ex = ex = get(result.notebook, result.exercise)
        self.hint_button = W.Button(description="Hint", tooltip="Show the next hint",
                                    layout=W.Layout(width="auto"))
        self.solution_button = W.Button(description="Show solution",
                                        tooltip="Show a solution of this exercise",
                                        layout=W.Layout(width="auto"))
        self.hint_button.add_class("cr-exercise-hint-button")
        self.solution_button.add_class("cr-exercise-solution-button")
        self.out = W.HTML("")
        self.out.add_class("cr-exercise-more")
        self.hint_button.on_click(lambda _: self.hint())
        self.solution_button.on_click(lambda _: self.solution())
        self.buttons = W.HBox([self.hint_button, self.solution_button])
        self.more = W.VBox([])     # the confirmation before the solution, when asked for
        self.widget = W.VBox([W.HTML(result._repr_html_()), self.buttons, self.out,
                              self.more], layout=W.Layout(width="auto"))
        self.widget.add_class("cr-exercise-controls")
        self.widget.add_class(f"cr-exercise-{ex.id}")
        self._offer = None
        self.refresh()
        _controls.add(self)

    def refresh(self) -> None:
        """The buttons as the record now stands (another check, a hint, the solution seen
        elsewhere in the notebook)."""
        allowed, rec = solution_state(self.ex, store=self.store)
        left = max(SOLUTION_AFTER - rec["failures"], 0)
        self.solution_button.disabled = not allowed
        self.solution_button.description = (
            "Show solution" if allowed else
            f"Show solution (after {left} more check{'s' if left != 1 else ''} that fail"
            f"{'s' if left == 1 else ''})")
        shown = min(rec["hints"], len(self.ex.hints))
        self.hint_button.description = ("Hint" if shown == 0 else
                                        "Hint again" if shown >= len(self.ex.hints) else
                                        f"Next hint ({shown + 1} of {len(self.ex.hints)})")

    def hint(self) -> None:
        self.out.value = hint(self.ex, store=self.store).html
        self.refresh()

    def solution(self) -> None:
        shown = show_solution(self.ex, store=self.store)
        if isinstance(shown, SolutionOffer):
            self._offer = shown
            shown.button.on_click(lambda _: self._confirmed())
            self.more.children = (shown.widget,)
            return
        self.out.value = shown.html
        self.refresh()

    def _confirmed(self) -> None:
        self.refresh()


# ---------------------------------------------------------------------------------------
# A notebook's exercises, bound once


class BoundExercise:
    """One exercise of a notebook, with its calls."""

    def __init__(self, notebook: str, exercise_id: str):
        self.notebook, self.id = notebook, exercise_id

    @property
    def exercise(self):
        from closereading.exercises import get
        return get(self.notebook, self.id)

    def task(self):
        from closereading.exercises import task
        return task(self.notebook, self.id)

    def check(self, fn=None):
        from closereading.exercises import _cell_problem, grade
        ex = self.exercise
        stopped = _cell_problem(ex)
        if stopped is not None:
            return dataclasses.replace(stopped, notebook=ex.notebook)
        if fn is None:
            fn = sys._getframe(1).f_globals.get(ex.function)
        return recorded(ex, grade(ex, fn), fn=fn)

    def hint(self):
        return hint(self.exercise)

    def solution(self, *, confirm: bool = False):
        return show_solution(self.exercise, confirm=confirm)

    def inputs(self) -> dict:
        from closereading.exercises import inputs
        return inputs(self.notebook, self.id)

    def __repr__(self) -> str:
        return f"<exercise {self.id!r} of {self.notebook}>"


class BoundNotebook:
    """A notebook's exercises as attributes: ``count-should`` is ``.count_should``."""

    def __init__(self, notebook: str):
        from closereading.exercises import _stem, load
        self.notebook = _stem(notebook)
        self._ids = {e.id.replace("-", "_"): e.id for e in load(self.notebook)}

    def __getattr__(self, name: str) -> BoundExercise:
        ids = self.__dict__.get("_ids", {})
        if name in ids:
            return BoundExercise(self.notebook, ids[name])
        from closereading.exercises import ExerciseError
        raise ExerciseError(f"no exercise {name!r} in {self.notebook} (its exercises: "
                            f"{', '.join(ids) or 'none'})")

    def __dir__(self):
        return list(self._ids) + ["notebook"]

    def __repr__(self) -> str:
        return f"<the exercises of {self.notebook}: {', '.join(self._ids)}>"


def summary(notebook: str, *, store=None) -> dict:
    """For the scoreboard: exercises right (``done``), of ``total``; with the solutions
    shown."""
    from closereading.exercises import ExerciseError, _stem, exercises_path, load
    try:
        stem = _stem(notebook)
    except ExerciseError:  # not a notebook of the course plan (a test bank, say)
        return {"done": 0, "total": 0, "solutions": 0}
    if not exercises_path(stem).exists():
        return {"done": 0, "total": 0, "solutions": 0}
    found = load(stem)
    records = _store(store).records(KIND)
    recs = [clean(records.get(key(e))) for e in found]
    return {"done": sum(r["correct"] for r in recs), "total": len(found),
            "solutions": sum(r["solution"] for r in recs)}
