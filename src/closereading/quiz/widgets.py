"""The interactive quiz: ipywidgets views over the pure core (model, progress).

Imported only when a quiz widget is made (``quiz.ask``, ``quiz.scoreboard``), so that
``import closereading.quiz`` stays light.

Each question is a :class:`QuestionView`: the prompt, a labelled control for its type,
and the buttons Check, Hint, Show answer (offered after two wrong attempts) and Reset.
Feedback is written in words ("Correct." / "Not yet.") into an HTML widget, with the
bank's feedback on what the answer got wrong (the chosen option; each wrong choice of a
multiple-answer question, after "2 of 3 right"; each wrong pair or misplaced item), then
the explanation and the evidence quote with its paragraph id. Every change is saved to the
progress store at once; a view made later (a re-run cell, a reopened notebook) starts
from the saved record. :class:`ScoreboardView` shows, for one notebook, the questions
answered, those correct at the first try and the total, and is refreshed whenever a
question changes in this kernel.

Without a kernel (GitHub, nbconvert, print) and for nbval, each view's
``_repr_mimebundle_`` adds ``text/html`` and a short ``text/plain`` rendered from the
question alone (:mod:`closereading.quiz.render`): the same whatever the learner does,
and never the answer (except in the teacher edition's HTML).
"""

from __future__ import annotations

import re
import weakref

import ipywidgets as W

from closereading.controls import TYPED
from closereading.html import FOCUS_CSS, block, esc, safe_text
from closereading.paths import edition
from closereading.quiz import progress as P
from closereading.quiz import regrade, render
from closereading.quiz.model import Question, clean_response, grade

FULL = W.Layout(width="auto", max_width="100%")
LABEL_STYLE = {"description_width": "initial"}
ECHO_LIMIT = 300
SELECT_FIRST = "Select an item in the list first."
CHOOSE = "(choose)"

_scoreboards: "weakref.WeakSet[ScoreboardView]" = weakref.WeakSet()

# Long options must stay readable in a narrow notebook: the labels of radio buttons and
# checkboxes wrap instead of being cut. The rules only touch elements inside a quiz
# (class cr-quiz); they travel with each question's heading, so they are present
# wherever a question is shown.
STYLE = """<style>
.cr-quiz .widget-radio-box label, .cr-quiz .widget-checkbox .widget-label-basic,
.cr-quiz .widget-checkbox .widget-label-basic span {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; }
.cr-quiz .widget-radio-box label { display: flex; align-items: flex-start; margin: 3px 0; }
.cr-quiz .widget-radio-box label input, .cr-quiz .widget-checkbox input {
  flex-shrink: 0; margin-top: 2px; order: -1; }
.cr-quiz .widget-checkbox { height: auto; margin: 3px 0; }
.cr-quiz .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start; }
""" + FOCUS_CSS + """
</style>"""


#: Seconds after Enter at which an answer box whose words did not change is checked.
ENTER_FALLBACK = 0.4


def _kernel_loop():
    """The event loop of the running kernel, which handles the widgets' messages (None
    outside one, as in plain pytest)."""
    import asyncio
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def css_id(qid: str) -> str:
    return "cr-quiz-q-" + re.sub(r"[^A-Za-z0-9_-]", "_", qid)


def _warnings_html(store: P.Store) -> str:
    if not store.warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in store.warnings)
    return (f'<div role="alert" style="border:1px solid #767676;padding:0.3em 0.8em">'
            f"<p><strong>Note about your saved progress:</strong></p><ul>{items}</ul></div>")


def refresh_scoreboards() -> None:
    for board in list(_scoreboards):
        board.refresh()


def _numbered(items) -> list[tuple[str, str]]:
    """Radio options for an order question: each item with its current place."""
    return [(f"{i}. {item}", item) for i, item in enumerate(items, 1)]


class QuestionView(W.VBox):
    """One question, live."""

    def __init__(self, question: Question, *, number: int | None = None,
                 total: int | None = None, store: P.Store | None = None):
        super().__init__(layout=W.Layout(border="1px solid #767676", padding="0.4em 0.9em",
                                         margin="0.5em 0", width="auto"))
        self.question = q = question
        self.store = store or P.store()
        self._before_note = ""   # the feedback that "select an item first" replaced
        self.number, self.total = number, total
        self._static_html = render.question_html(q, reveal=edition() == "teacher", number=number)
        self._static_text = render.question_text(q, number=number)

        title = f"Question {number} of {total}" if number and total else "Question"
        self.heading = W.HTML(STYLE + block(f"<p><strong>{esc(title)}.</strong> "
                                            f"<em>{esc(q.instruction)}</em></p>"
                                            f"<p>{esc(q.prompt)}</p>"))
        self.control = self._make_control()
        self.check_button = W.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer", icon="")
        self.hint_button = W.Button(description="Hint", tooltip="Show one hint")
        self.show_button = W.Button(description="Show answer",
                                    tooltip="Show the answer, the explanation and the evidence")
        self.reset_button = W.Button(description="Reset", tooltip="Clear this question")
        for b, name in ((self.check_button, "check"), (self.hint_button, "hint"),
                        (self.show_button, "show"), (self.reset_button, "reset")):
            b.add_class(f"cr-quiz-{name}")
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.hint())
        self.show_button.on_click(lambda _: self.show_answer())
        self.reset_button.on_click(lambda _: self.reset())
        self.buttons = W.HBox([self.check_button, self.hint_button, self.show_button,
                               self.reset_button])
        self.feedback = W.HTML("")
        self.feedback.add_class("cr-quiz-feedback")
        self.hints_box = W.HTML("")
        self.hints_box.add_class("cr-quiz-hints")
        self.warning = W.HTML("")
        self.warning.add_class("cr-quiz-warning")
        self.children = [self.warning, self.heading, self.control, self.buttons,
                         self.hints_box, self.feedback]
        self.add_class("cr-quiz")
        self.add_class("cr-focus")   # a visible keyboard focus (closereading.html.FOCUS_CSS)
        self.add_class(css_id(q.id))
        self.add_class(f"cr-quiz-type-{q.type}")
        self._restore()

    # -- display -----------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self._static_text
        data["text/html"] = self._static_html
        return data

    def __repr__(self) -> str:
        return self._static_text

    # -- the control of each type ------------------------------------------------------

    def _make_control(self):
        q = self.question
        if q.type in ("single", "evidence", "true-false"):
            if q.type == "true-false":
                options = [("True", True), ("False", False)]
            else:
                options = [(render._label(q, o), o) for o in q.choices()]
            self.radio = W.RadioButtons(options=options, value=None, description="Your answer:",
                                        style=LABEL_STYLE, layout=FULL)
            return self.radio
        if q.type == "multiple":
            self.boxes = [W.Checkbox(value=False, description=o, indent=False,
                                     layout=W.Layout(width="auto")) for o in q.choices()]
            label = W.HTML("<p>Your answer (select every option that applies):</p>")
            return W.VBox([label] + self.boxes)
        if q.type == "text":
            self.text = W.Text(value="", description="Your answer:",
                               placeholder="type here, then press Enter or Check",
                               style=LABEL_STYLE, layout=W.Layout(width="32em", max_width="100%"),
                               **TYPED)
            self._enter_at = None       # when Enter was pressed and its check is pending
            self.text.on_msg(self._text_message)
            self.text.observe(self._typed, names="value")
            return self.text
        if q.type == "match":
            rights = list(q.right_items())
            # index=0 selects "(choose)": a value of None alone would leave the
            # drop-down blank in the browser (no index).
            self.dropdowns = {
                left: W.Dropdown(options=[(CHOOSE, None)] + [(r, r) for r in rights],
                                 index=0, description=f"{left}:", style=LABEL_STYLE,
                                 layout=FULL)
                for left in q.left_items()}
            label = W.HTML("<p>Your answer (a match for each item):</p>")
            return W.VBox([label] + list(self.dropdowns.values()))
        if q.type == "order":
            self.order = W.RadioButtons(options=_numbered(q.start_order()), value=None,
                                        description="Your order:", style=LABEL_STYLE,
                                        layout=FULL)
            self.up_button = W.Button(description="Move up", tooltip="Move the selected item up")
            self.down_button = W.Button(description="Move down",
                                        tooltip="Move the selected item down")
            self.up_button.add_class("cr-quiz-up")
            self.down_button.add_class("cr-quiz-down")
            self.up_button.on_click(lambda _: self.move(-1))
            self.down_button.on_click(lambda _: self.move(+1))
            self.order.observe(self._selected, names="value")
            note = W.HTML("<p>Select an item, then move it with the buttons (first at the "
                          "top).</p>")
            return W.VBox([note, self.order, W.HBox([self.up_button, self.down_button])])
        raise ValueError(f"unknown question type {q.type!r}")

    def response(self):
        """The learner's current answer, as plain data (see closereading.quiz.model)."""
        q = self.question
        if q.type in ("single", "evidence", "true-false"):
            return self.radio.value
        if q.type == "multiple":
            chosen = {b.description for b in self.boxes if b.value}
            return [o for o in q.options if o in chosen]
        if q.type == "text":
            return safe_text(self.text.value)
        if q.type == "match":
            return {left: dd.value for left, dd in self.dropdowns.items()}
        if q.type == "order":
            return self.order_items()
        return None

    def set_response(self, response) -> None:
        q = self.question
        response = clean_response(q, response)
        if q.type in ("single", "evidence", "true-false"):
            self.radio.value = response
        elif q.type == "multiple":
            for b in self.boxes:
                b.value = b.description in response
        elif q.type == "text":
            self.text.value = response
        elif q.type == "match":
            for left, dd in self.dropdowns.items():
                dd.value = response.get(left)
                if dd.value is None:
                    dd.index = 0  # "(choose)"; the value None alone leaves no index
        elif q.type == "order":
            with self.order.hold_sync():     # one message to the browser, see move()
                self.order.options = _numbered(response)
                self.order.value = None

    def _selected(self, change) -> None:
        """Once an item is selected, the note asking to select one no longer applies: the
        feedback it replaced comes back."""
        if change["new"] is not None and SELECT_FIRST in self.feedback.value:
            self.feedback.value = self._before_note or ""

    # -- Enter in a short answer -------------------------------------------------------

    #: Seconds within which the words typed reach the kernel after Enter's message.
    ENTER_WINDOW = 3.0

    def _text_message(self, _widget, content, _buffers) -> None:
        """Enter in the answer box. The browser sends Enter first and the words typed
        (the box sends them once, on Enter or on leaving it) just after; so the check
        waits for the words, or checks the box as it is when no new words follow (Enter
        pressed again, or after leaving the box and coming back)."""
        if not isinstance(content, dict) or content.get("event") != "submit":
            return
        import time
        self._enter_at = time.monotonic()
        loop = _kernel_loop()
        if loop is None:
            return
        loop.call_later(ENTER_FALLBACK, self._enter_without_words)

    def _typed(self, change) -> None:
        import time
        at, self._enter_at = self._enter_at, None
        if at is not None and time.monotonic() - at <= self.ENTER_WINDOW:
            self.check()

    def _enter_without_words(self) -> None:
        """Enter's check when no new words came after it: the box is checked as it is
        (the same answer checked again is not counted again)."""
        if self._enter_at is None:
            return
        self._enter_at = None
        self.check()

    def order_items(self) -> list[str]:
        """The items of an order question, in the learner's current order."""
        return [value for _, value in self.order.options]

    def move(self, step: int) -> None:
        items = self.order_items()
        chosen = self.order.value
        if chosen not in items:
            if SELECT_FIRST not in self.feedback.value:
                self._before_note = self.feedback.value
            self.feedback.value = block(f'<p role="status">{SELECT_FIRST}</p>')
            return
        i = items.index(chosen)
        j = i + step
        if not 0 <= j < len(items):
            return
        items[i], items[j] = items[j], items[i]
        # The new labels and the selection go to the browser in one message: sent apart
        # (labels, a reset selection, then the selection), a learner who chooses another
        # item as soon as the labels move can see that choice undone by the late ones.
        with self.order.hold_sync():
            self.order.options = _numbered(items)
            self.order.value = chosen

    # -- actions -----------------------------------------------------------------------

    def check(self) -> None:
        q = self.question
        response = self.response()
        verdict = grade(q, response)
        if not verdict.complete:
            self.feedback.value = block(f'<p role="status">{esc(verdict.detail)}</p>')
            return
        before = self.store.record(q.id)
        key = regrade.key_fingerprint(q)
        regraded = []

        def change(r):
            # A record kept under an earlier key is first graded again under this one, so
            # that checking an answer again after a correction updates the record.
            now = regrade.regrade(q, r)
            if now is not r:
                regraded.append(True)
            return {**P.after_check(now, response, verdict.correct), "key": key}
        rec = self.store.update(q.id, change)
        self._show_warnings()
        repeated = (before["attempts"] == rec["attempts"] and not before["correct"]
                    and not regraded)
        if not verdict.correct:
            # which wrong try this is decides what a match or order question says
            verdict = grade(q, response, tries=P.wrong_attempts(rec))
        self._render(rec, verdict=verdict, response=response, repeated=repeated,
                     regraded=bool(regraded))
        refresh_scoreboards()

    def hint(self) -> None:
        shown = self.store.record(self.question.id)["hints"]
        count = min(shown + 1, len(self.question.hints))
        rec = self.store.update(self.question.id, lambda r: P.after_hint(r, count))
        self._show_warnings()
        self._render_hints(rec)

    def show_answer(self) -> None:
        rec = self.store.record(self.question.id)
        if P.wrong_attempts(rec) < 2 and not rec["correct"]:
            return  # not offered yet
        rec = self.store.update(self.question.id, P.after_reveal)
        self._show_warnings()
        self._render(rec)
        refresh_scoreboards()

    def reset(self) -> None:
        rec = self.store.reset(self.question.id)
        self._show_warnings()
        self.set_response(None)
        self._render(rec)
        self._render_hints(rec)
        self.feedback.value = block('<p role="status">This question has been cleared.</p>')
        refresh_scoreboards()

    # -- rendering state ---------------------------------------------------------------

    def _restore(self) -> None:
        rec = self.store.record(self.question.id)
        self._show_warnings()
        # Shown as the current key grades it (saved so at the next Check): a record kept
        # under a key corrected since never says "Correct." for an answer that is not.
        shown = regrade.regrade(self.question, rec)
        if P.is_answered(shown) and shown["response"] is not None:
            self.set_response(shown["response"])
        self._render(shown, restored=True, key_changed=shown is not rec)
        self._render_hints(rec)

    def _show_warnings(self) -> None:
        from closereading.installed import notice_html
        self.warning.value = block(notice_html() + _warnings_html(self.store))

    def _render_hints(self, rec: dict) -> None:
        hints = self.question.hints
        if not hints:
            self.hint_button.layout.display = "none"
            self.hints_box.value = ""
            return
        shown = min(rec["hints"], len(hints))
        self.hint_button.layout.display = None
        self.hint_button.disabled = shown >= len(hints)
        self.hint_button.description = ("No more hints" if shown >= len(hints)
                                        else f"Hint ({shown + 1} of {len(hints)})")
        self.hints_box.value = "" if not shown else block(
            "<p><strong>Hints:</strong></p><ol>"
            + "".join(f"<li>{esc(h)}</li>" for h in hints[:shown]) + "</ol>")

    def _echo(self, response) -> str:
        if self.question.type != "text":
            return ""
        typed = safe_text(response)
        if len(typed) > ECHO_LIMIT:
            typed = typed[:ECHO_LIMIT] + "\u2026"
        return f"<p>Your answer: \u201c{esc(typed)}\u201d</p>"

    def _explained(self) -> str:
        q = self.question
        return f"<p>{esc(q.explanation)}</p>{render.evidence_html(q)}"

    def _render(self, rec: dict, *, verdict=None, response=None, repeated=False,
                restored=False, regraded=False, key_changed=False) -> None:
        q = self.question
        offer = not rec["correct"] and not rec["revealed"] and P.wrong_attempts(rec) >= 2
        self.show_button.layout.display = None if offer else "none"
        attempts = rec["attempts"]
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''} so far."
        parts = []
        if (verdict is None and not rec["correct"] and not rec["revealed"] and attempts
                and rec["response"] is not None):
            # A restored wrong answer: its feedback is recomputed from the saved response.
            verdict = grade(q, clean_response(q, rec["response"]),
                            tries=P.wrong_attempts(rec))
            verdict = verdict if verdict.complete and not verdict.correct else None
            if verdict is not None:
                response = rec["response"]
        if verdict is not None and verdict.correct:
            first = " At the first try." if rec["first_try"] else ""
            if rec["attempts"] == 1 and not rec["first_try"] and P.had_history(rec):
                first = (" (Not counted as a first try: this question was checked or its "
                         "answer shown before the Reset.)")
            parts.append(f'<p role="status"><strong>Correct.</strong>{first}</p>')
            parts.append(self._echo(response))
            parts.append(render.feedback_items_html(q, verdict.feedback))
            parts.append(self._explained())
        elif verdict is not None:
            # A detail that introduces the feedback ("... one option you chose is wrong:")
            # gets a paragraph of its own, just above the feedback it introduces.
            lead = verdict.detail.endswith(":")
            detail = f" {esc(verdict.detail)}" if verdict.detail and not lead else ""
            again = " (the same answer as before, so it is not counted again)" if repeated else ""
            saved = " (from your saved progress)" if restored else ""
            parts.append(f'<p role="status"><strong>Not yet.</strong>{detail} '
                         f"{esc(tries)}{esc(again)}{esc(saved)}</p>")
            parts.append(self._echo(response))
            if lead:
                parts.append(f"<p>{esc(verdict.detail)}</p>")
            parts.append(render.feedback_items_html(q, verdict.feedback,
                                                    answer=not verdict.clues))
            if rec["correct"]:
                parts.append("<p>Your earlier correct answer still counts.</p>")
            elif offer:
                parts.append("<p>Try again, or use <em>Show answer</em>.</p>")
            else:
                parts.append("<p>Try again" + (", or ask for a hint." if q.hints else ".")
                             + "</p>")
        elif rec["correct"]:
            note = " (from your saved progress)" if restored else ""
            first = " At the first try." if rec["first_try"] else ""
            parts.append(f'<p role="status"><strong>Correct.</strong>{first}{esc(note)}</p>')
            parts.append(self._explained())
        elif attempts and not rec["revealed"]:
            parts.append(f'<p role="status"><strong>Not yet.</strong> {esc(tries)}'
                         + (" (from your saved progress)" if restored else "") + "</p>")
        if rec["revealed"] and not (verdict is not None and verdict.correct):
            parts.append(f'<p role="status"><strong>The answer:</strong></p>'
                         f"{render.answer_list_html(q)}")
            parts.append(self._explained())
            parts.append(render.all_feedback_html(q))
        if regraded:
            parts.append("<p><em>The course’s answer key for this question was corrected "
                         "after your earlier check: your record now follows the corrected "
                         "key.</em></p>")
        elif key_changed:
            parts.append("<p><em>The course’s answer key for this question was corrected "
                         "after you answered, and it grades your answer differently: press "
                         "<strong>Check</strong> again to save the result.</em></p>")
        self.feedback.value = block("".join(parts))


class QuestionGroup(W.VBox):
    """Several questions shown together."""

    def __init__(self, views: list[QuestionView]):
        super().__init__(views, layout=W.Layout(width="auto"))
        self.views = views
        self._static_html = "<div>" + "".join(v._static_html for v in views) + "</div>"
        self._static_text = "\n\n".join(v._static_text for v in views)
        self.add_class("cr-quiz-group")

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self._static_text
        data["text/html"] = self._static_html
        return data

    def __repr__(self) -> str:
        return self._static_text


class ScoreboardView(W.HTML):
    """A notebook's score: answered, correct at the first try, total. Live."""

    def __init__(self, notebook: str, question_ids, *, store: P.Store | None = None):
        super().__init__("")
        self.notebook = notebook
        self.ids = tuple(question_ids)
        self.store = store or P.store()
        self.add_class("cr-quiz-scoreboard")
        self.refresh()
        _scoreboards.add(self)

    def score(self) -> dict:
        return P.score(self.store.records(), self.ids)

    def others(self) -> list[dict]:
        """The other sources of progress (exercises, reading ...): see
        :mod:`closereading.scoreboard`. A bank of no notebook of the course plan (a test
        bank, say) has none: the sources count per notebook of the course."""
        from closereading.course import load_course
        from closereading.scoreboard import summaries
        try:
            load_course().notebook(self.notebook)
        except KeyError:
            return []
        return summaries(self.notebook)

    def refresh(self) -> None:
        s = self.score()
        self.value = block(_warnings_html(self.store)
                           + render.score_html(s, self.notebook, self.others()))

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        s, others = self.score(), self.others()
        data["text/plain"] = render.score_text(s, self.notebook, others)
        data["text/html"] = render.score_html(s, self.notebook, others)
        return data

    def __repr__(self) -> str:
        return render.score_text(self.score(), self.notebook, self.others())


class CourseOverview(W.HTML):
    """Every notebook of the course with its quiz, exercises (and any other source of
    progress) at a glance. Live, like the scoreboards."""

    def __init__(self):
        super().__init__("")
        self.add_class("cr-course-overview-widget")
        self.refresh()
        _scoreboards.add(self)

    def _parts(self):
        from closereading.scoreboard import course_rows, source_labels
        return course_rows(), source_labels()

    def refresh(self) -> None:
        self.value = block(render.overview_html(*self._parts()))

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        rows, labels = self._parts()
        data["text/plain"] = render.overview_text(rows, labels)
        data["text/html"] = render.overview_html(rows, labels)
        return data

    def __repr__(self) -> str:
        return render.overview_text(*self._parts())
