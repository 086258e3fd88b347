"""Quizzes: question banks as data, interactive questions with explained feedback, saved
progress, and static renderings that read without a kernel.

Calls for the notebooks::

    from closereading import quiz
    quiz.scoreboard("01-harmonious-world")   # answered, correct at the first try, total;
                                             # then the exercises (and other progress)
    quiz.overview()                          # the whole course at a glance (notebook 00)
    quiz.ask("hw-domain-order")              # one question (a widget)
    quiz.ask("hw-cbdr", "hw-no-force")       # several
    quiz.where()                             # where progress is kept

For teachers and other modules::

    quiz.load_banks()          # every question, validated (MaterialsError on problems)
    quiz.validate_bank(path)   # one bank file
    quiz.questions("01-harmonious-world")    # one notebook's questions
    quiz.printable("01-harmonious-world")    # static questions for a handout (no answers)
    quiz.answer_key.write_answer_key(path)   # the answer key, as a standalone HTML page

The modules: :mod:`.model` (questions, grading, shuffles: pure), :mod:`.bank` (loading
and validation), :mod:`.progress` (the store), :mod:`.render` (static HTML and text),
:mod:`.widgets` (ipywidgets; imported only when a widget is made) and
:mod:`.answer_key`. Importing this package imports none of ipywidgets, matplotlib or yaml.
"""

from __future__ import annotations

from closereading.html import Rich, esc

__all__ = ["ask", "scoreboard", "overview", "where", "load_banks", "validate_bank", "questions",
           "printable", "TYPES"]

from closereading.quiz.model import TYPES


def load_banks():
    """Every question of every bank under ``materials/quizzes/``, validated: a
    :class:`~closereading.quiz.bank.Bank` (a tuple of questions with ``.get(id)`` and
    ``.for_notebook(stem)``). Problems raise one MaterialsError listing them all."""
    from closereading.quiz.bank import load_banks as _load
    return _load()


def validate_bank(path):
    """Validate one bank file; returns its questions or raises MaterialsError."""
    from closereading.quiz.bank import validate_bank as _validate
    return _validate(path)


def questions(notebook: str):
    """The questions of one notebook (``<stem>.yml`` and ``<stem>-*.yml``), in order."""
    return load_banks().for_notebook(notebook)


def _numbering(q):
    own = load_banks().for_notebook(q.notebook)
    ids = own.ids
    return (ids.index(q.id) + 1, len(ids)) if q.id in ids else (None, None)


def ask(*question_ids: str):
    """A live widget for one question, or for several shown together. Unknown ids raise
    a MaterialsError that suggests the closest ids."""
    if not question_ids:
        raise TypeError("quiz.ask() needs at least one question id")
    bank = load_banks()
    qs = [bank.get(qid) for qid in question_ids]
    from closereading.quiz.widgets import QuestionGroup, QuestionView
    views = []
    for q in qs:
        number, total = _numbering(q)
        views.append(QuestionView(q, number=number, total=total))
    return views[0] if len(views) == 1 else QuestionGroup(views)


def scoreboard(notebook: str):
    """The live scoreboard of one notebook (its stem, e.g. "01-harmonious-world")."""
    from closereading.quiz.bank import notebook_stem
    from closereading.quiz.widgets import ScoreboardView
    stem = notebook_stem(notebook)
    return ScoreboardView(stem, questions(stem).ids)


def overview():
    """The whole course at a glance (notebook 00): for every notebook, the quiz questions
    answered, the exercises right and any other progress, live."""
    from closereading.quiz.widgets import CourseOverview
    return CourseOverview()


def printable(*names: str, reveal: bool | None = None) -> Rich:
    """Questions as static, printable HTML and text, named by notebook stem or by
    question id. Answers only with ``reveal=True`` (default: the teacher edition)."""
    from closereading.paths import edition
    from closereading.quiz.render import static
    bank = load_banks()
    chosen = []
    for name in names:
        own = bank.for_notebook(name)
        chosen += list(own) if own else [bank.get(name)]
    if reveal is None:
        reveal = edition() == "teacher"
    return static(chosen, reveal=reveal, note=None)


def where() -> Rich:
    """Where the learner's progress is kept, as a short statement. Under
    ``CLOSEREADING_PROGRESS`` it names the variable, not the path (outputs stay the same
    on every machine); otherwise it gives the path with the home folder as ``~``."""
    import os
    from closereading.quiz.progress import ENV, default_path, tilde
    reset = ("Each question's Reset button clears that question; deleting the file "
             "clears every quiz of the course.")
    if os.environ.get(ENV, "").strip():
        text = (f"Your quiz progress is kept in the file named by the environment variable "
                f"{ENV}, which is set for this session (so its path is not shown here). "
                + reset)
        html = (f"<p>Your quiz progress is kept in the file named by the environment variable "
                f"<code>{esc(ENV)}</code>, which is set for this session (so its path is not "
                f"shown here). {esc(reset)}</p>")
    else:
        path = tilde(default_path())
        text = (f"Your quiz progress is kept in {path}, in your user-data folder, outside "
                f"the course folder. To keep it elsewhere, set the environment variable "
                f"{ENV} to a file path before starting JupyterLab. " + reset)
        html = (f"<p>Your quiz progress is kept in <code>{esc(path)}</code>, in your "
                f"user-data folder, outside the course folder. To keep it elsewhere, set the "
                f"environment variable <code>{esc(ENV)}</code> to a file path before starting "
                f"JupyterLab. {esc(reset)}</p>")
    return Rich(html, text)
