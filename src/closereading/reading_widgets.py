"""The live views of active reading (ipywidgets), over the pure core in
:mod:`closereading.reading`. Imported only when a view is made.

Every view saves to the progress store at once and starts from what is saved, so a
re-run cell or a reopened notebook shows the learner's text again, editable. Without a
kernel, each view's ``_repr_mimebundle_`` gives static HTML and text that do not depend on
what the learner wrote (nbval compares them): the prompt, ruled space, the notes folded.
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path

import ipywidgets as W

from closereading import reading as R
from closereading.controls import TYPED
from closereading.html import Rich, block, esc
from closereading.quiz import progress as P

FULL = W.Layout(width="auto", max_width="100%")
BOX = W.Layout(border="1px solid #767676", padding="0.4em 0.9em", margin="0.5em 0",
               width="auto")
STYLE = {"description_width": "initial"}
_compare_views: "weakref.WeakSet[CompareView]" = weakref.WeakSet()


def css(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", value)


def status(message: str, kind: str = "ok") -> str:
    """A message in words, announced to screen readers; a problem starts with 'Not saved'."""
    if not message:
        return ""
    role = "alert" if kind == "problem" else "status"
    border = "2px solid #D55E00" if kind == "problem" else "1px solid #767676"
    return (f'<div role="{role}" style="border:{border};padding:0.2em 0.6em;margin:0.3em 0">'
            f"{esc(message)}</div>")


def _warnings(store: P.Store) -> str:
    return status(" ".join(store.warnings), "problem") if store.warnings else ""


class _Static:
    """Static HTML and text for nbconvert, GitHub and nbval."""

    _static: Rich

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self._static.text
        data["text/html"] = self._static.html
        return data

    def __repr__(self) -> str:
        return self._static.text


# Long point labels wrap instead of being cut (the rules only touch the self-check).
SELFCHECK_STYLE = """<style>
.cr-selfcheck .widget-checkbox { height: auto; margin: 3px 0; }
.cr-selfcheck .widget-checkbox .widget-label-basic,
.cr-selfcheck .widget-checkbox .widget-label-basic span {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; }
.cr-selfcheck .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start; }
.cr-selfcheck .widget-checkbox input { flex-shrink: 0; margin-top: 2px; order: -1; }
</style>"""


class SelfCheckView(W.VBox):
    """What a good response notices, as "Did you notice ...?" points to tick, and one line
    on what the learner missed. Every tick is saved at once; the line with its button."""

    def __init__(self, pid: str, prompt: R.Prompt, store: P.Store):
        super().__init__(layout=W.Layout(width="auto", margin="0.4em 0"))
        self.pid, self.prompt, self.store = pid, prompt, store
        self.head = W.HTML(SELFCHECK_STYLE + block(
            f"<p><strong>What a good response notices.</strong> {esc(R.POINTS_HEAD)} "
            "Each point quotes the passage that shows it.</p>"))
        self.boxes = [W.Checkbox(value=False, description=R.point_label(p), indent=False,
                                 layout=W.Layout(width="auto")) for p in prompt.points]
        for box in self.boxes:
            box.add_class("cr-selfcheck-point")
        self.missed = W.Text(description="What I missed (one line):", style=STYLE,
                             placeholder="the point you want to look for next time",
                             layout=W.Layout(width="100%"), **TYPED)
        self.missed.add_class("cr-selfcheck-missed")
        self.save_button = W.Button(description="Save what I missed",
                                    layout=W.Layout(width="auto"))
        self.save_button.add_class("cr-selfcheck-save")
        self.save_button.on_click(lambda _: self.save_missed())
        self.message = W.HTML("")
        self.message.add_class("cr-selfcheck-status")
        self.children = [self.head, *self.boxes, self.missed, W.HBox([self.save_button]),
                         self.message]
        self.add_class("cr-selfcheck")
        rec = store.record(pid, kind=R.SELFCHECK)
        for n, box in enumerate(self.boxes, 1):
            box.value = n in rec["ticked"]
            box.observe(self._ticked, names="value")
        self.missed.value = rec["missed"]

    def ticked(self) -> list[int]:
        return [n for n, box in enumerate(self.boxes, 1) if box.value]

    def _ticked(self, _change) -> None:
        ticked = self.ticked()
        self.store.update(self.pid, lambda r: {**R.clean_selfcheck(r), "ticked": ticked},
                          kind=R.SELFCHECK)
        self.message.value = _warnings(self.store) + status(
            f"Saved: {len(ticked)} of {len(self.boxes)} points ticked.")

    def save_missed(self) -> None:
        try:
            value = R.check_text(self.missed.value, "line", limit=R.MISSED_LIMIT)
        except R.ReadingError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        value = " ".join(value.split())
        self.store.update(self.pid, lambda r: {**R.clean_selfcheck(r), "missed": value},
                          kind=R.SELFCHECK)
        self.message.value = _warnings(self.store) + status(
            "Saved. Look for that point in the next paragraph.")


class ReadingView(_Static, W.VBox):
    """A paragraph, its prompt, a response box; once a response is saved, what a good
    response notices (to tick) and the course's notes. A response too short to be a
    reading gets a nudge instead (it is kept, and the notes stay folded)."""

    def __init__(self, stem: str, pid: str, store: P.Store | None = None):
        super().__init__(layout=BOX)
        from closereading import text
        self.stem, self.pid = stem, pid
        self.store = store or P.store()
        self.prompt = R._prompt(stem, pid)
        self._static = R.static_passage(stem, pid)
        self.body = text.load().paragraph(pid).text
        self.heading = W.HTML(block(R._paragraph_html(pid, self.body)
                                    + R._prompt_html(self.prompt)))
        self.box = W.Textarea(value="", placeholder="What do you notice? Write a few sentences.",
                              description=f"Your response to paragraph {pid}:", style=STYLE,
                              layout=W.Layout(width="100%", height="7em"), **TYPED)
        self.box.add_class("cr-reading-box")
        self.save_button = W.Button(description="Save response", button_style="primary",
                                    tooltip="Save your response; the notes then unfold")
        self.reveal_button = W.Button(description="Show the notes without answering",
                                      layout=W.Layout(width="auto"),
                                      tooltip="See the course's notes now (this is recorded)")
        self.save_button.add_class("cr-reading-save")
        self.reveal_button.add_class("cr-reading-reveal")
        self.save_button.on_click(lambda _: self.save())
        self.reveal_button.on_click(lambda _: self.reveal())
        self.message = W.HTML("")
        self.message.add_class("cr-reading-status")
        self.check = SelfCheckView(pid, self.prompt, self.store)
        self.check.layout.display = "none"
        self.notes = W.HTML("")
        self.notes.add_class("cr-reading-notes")
        self.children = [self.heading, self.box, W.HBox([self.save_button, self.reveal_button]),
                         self.message, self.check, self.notes]
        self.add_class("cr-reading")
        self.add_class("cr-reading-p-" + css(pid))
        self._restore()

    def _restore(self) -> None:
        rec = self.store.record(self.pid, kind=R.READING)
        self.box.value = rec["text"]
        if rec["saved"]:
            self._show_notes("Your saved response is restored; edit it and save again at "
                             "any time.")
        elif rec["revealed"]:
            self._show_notes("You chose to see the notes without answering. You can still "
                             "write and save a response.")
        elif rec["text"].strip():
            self.message.value = _warnings(self.store) + status(R.NUDGE)

    def _show_notes(self, message: str) -> None:
        notes = R._notes(self.stem, self.pid, self.prompt)
        self.notes.value = block(f"<p><strong>The course\u2019s notes on paragraph "
                                 f"{esc(self.pid)}:</strong></p>{notes.html}")
        self.check.layout.display = None
        self.reveal_button.layout.display = "none"
        self.message.value = _warnings(self.store) + status(message)

    def _hide_notes(self) -> None:
        self.notes.value = ""
        self.check.layout.display = "none"
        self.reveal_button.layout.display = None

    def save(self) -> None:
        try:
            value = R.check_text(self.box.value)
        except R.ReadingError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        nudge = R.response_nudge(value, self.body)
        rec = self.store.update(self.pid, lambda r: {**r, "text": value, "saved": not nudge},
                                kind=R.READING)
        if nudge:
            if not rec["revealed"]:
                self._hide_notes()
            self.message.value = _warnings(self.store) + status(nudge)
            return
        self._show_notes("Saved. First tick what your response noticed, then compare it "
                         "with the course\u2019s notes below.")

    def reveal(self) -> None:
        self.store.update(self.pid, lambda r: {**r, "revealed": True}, kind=R.READING)
        self._show_notes("You chose to see the notes without answering (this is recorded). "
                         "You can still write and save a response.")


class AnnotateView(_Static, W.VBox):
    """The learner's own annotations of one paragraph."""

    def __init__(self, stem: str, pid: str, store: P.Store | None = None):
        super().__init__(layout=BOX)
        from closereading import text
        self.stem, self.pid = stem, pid
        self.store = store or P.store()
        self.doc = text.load()
        self.editing: int | None = None
        intro = (f"Annotate paragraph {pid} yourself. Copy a passage into Quote exactly as it "
                 "stands (it is checked word for word), choose the kind of note, write the "
                 "note and press Add. Your passages are underlined twice and numbered [Y1], "
                 "[Y2] ...; the course's highlights, numbered [1], [2] ..., appear beside "
                 "yours once you have added an annotation of your own.")
        kinds = "; ".join(f"{k}: {v}" for k, v in R.LEARNER_KIND_HELP.items())
        self._static = Rich(
            f'<div class="cr-annotate-static"><p><strong>Your annotations.</strong> '
            f"{esc(intro)}</p><p><em>Kinds:</em> {esc(kinds)}.</p>"
            + R.marked_paragraph(stem, pid, [], self.doc, course=False)
            + R.ruled(5, "Your annotations (quote, kind, note)") + "</div>",
            f"Your annotations. {intro}\nKinds: {kinds}.\n"
            f"[{pid}] {self.doc.paragraph(pid).text}")
        self.passage = W.HTML("")
        self.passage.add_class("cr-annotate-passage")
        self.quote = W.Text(description="Quote:", placeholder="copy words from the paragraph",
                            style=STYLE, layout=W.Layout(width="100%"), **TYPED)
        self.kind = W.Dropdown(options=[(f"{k} ({v})", k) for k, v in
                                        R.LEARNER_KIND_HELP.items()],
                               value="question", description="Kind:", style=STYLE)
        self.note = W.Textarea(description="Note:", placeholder="your note, in your own words",
                               style=STYLE, layout=W.Layout(width="100%", height="5em"), **TYPED)
        self.add_button = W.Button(description="Add annotation", button_style="primary")
        self.cancel_button = W.Button(description="Cancel editing")
        self.cancel_button.layout.display = "none"
        self.message = W.HTML("")
        self.listing = W.HTML("")
        self.choice = W.Dropdown(options=[], description="Your annotation:", style=STYLE)
        self.edit_button = W.Button(description="Edit")
        self.delete_button = W.Button(description="Delete")
        self.export_button = W.Button(description="Export journal (Markdown)",
                                      layout=W.Layout(width="auto"))
        for widget, name in ((self.quote, "quote"), (self.kind, "kind"), (self.note, "note"),
                             (self.add_button, "add"), (self.cancel_button, "cancel"),
                             (self.message, "status"), (self.listing, "list"),
                             (self.choice, "choice"), (self.edit_button, "edit"),
                             (self.delete_button, "delete"),
                             (self.export_button, "export")):
            widget.add_class(f"cr-annotate-{name}")
        self.add_button.on_click(lambda _: self.submit())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.edit_button.on_click(lambda _: self.start_edit())
        self.delete_button.on_click(lambda _: self.delete())
        self.export_button.on_click(lambda _: self.export())
        self.manage = W.HBox([self.choice, self.edit_button, self.delete_button])
        self.children = [W.HTML(block(f"<p><strong>Your annotations.</strong> {esc(intro)}</p>")),
                         self.passage, self.quote, self.kind, self.note,
                         W.HBox([self.add_button, self.cancel_button]), self.message,
                         self.listing, self.manage, self.export_button]
        self.add_class("cr-annotate")
        self.add_class("cr-annotate-p-" + css(pid))
        self.refresh()

    def items(self) -> list[dict]:
        return self.store.record(self.pid, kind=R.ANNOTATIONS)["items"]

    def refresh(self) -> None:
        items = self.items()
        self.passage.value = block(R.marked_paragraph(self.stem, self.pid, items, self.doc,
                                                      course=bool(items)))
        self.listing.value = block(R.own_notes_html(items))
        current = self.choice.value
        self.choice.options = [(f"Y{i['id']}: {i['quote'][:40]}", i["id"]) for i in items]
        ids = [i["id"] for i in items]
        self.choice.value = current if current in ids else (ids[-1] if ids else None)
        self.manage.layout.display = None if items else "none"

    def _say(self, message: str, kind: str = "ok") -> None:
        self.message.value = _warnings(self.store) + status(message, kind)

    def submit(self) -> None:
        quote, kind, note = self.quote.value, self.kind.value, self.note.value
        check = R.locate_quote(self.pid, quote, self.doc)
        try:
            if self.editing is None:
                self.store.update(self.pid, lambda r: R.add_annotation(
                    r, self.pid, quote, kind, note, self.doc), kind=R.ANNOTATIONS)
                done = "Added"
            else:
                aid = self.editing
                self.store.update(self.pid, lambda r: R.edit_annotation(
                    r, aid, self.pid, quote, kind, note, self.doc), kind=R.ANNOTATIONS)
                done = f"Annotation Y{aid} changed"
        except R.ReadingError as exc:
            self._say(f"Not saved. {exc}", "problem")
            return
        self.cancel(quiet=True)
        self.refresh()
        self._say(f"{done}: your passage is underlined twice in the paragraph above."
                  + (f" {check.message}" if check.message else ""))

    def start_edit(self) -> None:
        aid = self.choice.value
        item = next((i for i in self.items() if i["id"] == aid), None)
        if item is None:
            return
        self.editing = aid
        self.quote.value, self.kind.value, self.note.value = (item["quote"], item["kind"],
                                                              item["note"])
        self.add_button.description = "Save changes"
        self.cancel_button.layout.display = None
        self._say(f"Editing annotation Y{aid}: change it above, then press Save changes.")

    def cancel(self, quiet: bool = False) -> None:
        self.editing = None
        self.quote.value = self.note.value = ""
        self.add_button.description = "Add annotation"
        self.cancel_button.layout.display = "none"
        if not quiet:
            self._say("Editing cancelled; nothing was changed.")

    def delete(self) -> None:
        aid = self.choice.value
        if aid is None:
            return
        self.store.update(self.pid, lambda r: R.delete_annotation(r, aid), kind=R.ANNOTATIONS)
        if self.editing == aid:
            self.cancel(quiet=True)
        self.refresh()
        self._say(f"Annotation Y{aid} deleted.")

    def export(self) -> None:
        try:
            path = R.export_journal(store=self.store)
        except OSError as exc:
            self._say(f"The journal could not be written ({exc.strerror}).", "problem")
            return
        here = path.parent.resolve() == Path.cwd().resolve()
        where = (f"{path.name}, in the same folder as this notebook (JupyterLab's file "
                 f"browser, on the left, lists it; double-click it to read it)" if here
                 else P.tilde(path))
        self._say(f"Your reading journal is written to {where} (Markdown). "
                  "reading.journal() shows it in the notebook.")


class PredictionView(_Static, W.VBox):
    def __init__(self, pred: R.Prediction, store: P.Store | None = None):
        super().__init__(layout=BOX)
        self.pred = pred
        self.store = store or P.store()
        if pred.revisit:
            where = ("This notebook comes back to it after the reading."
                     if pred.returns_in == pred.notebook else
                     f"Notebook {pred.returns_in} comes back to it.")
        else:
            where = ("The numbers section of this notebook comes back to it."
                     if pred.returns_in == pred.notebook else
                     f"Notebook {pred.returns_in} comes back to it with the numbers.")
        self._static = Rich(
            f'<div class="cr-predict-static"><p><strong>Predict first.</strong> '
            f"{esc(pred.prompt)}</p><p><em>{esc(where)}</em></p>"
            + R.ruled(2, "Your prediction") + "</div>",
            f"Predict first. {pred.prompt}\n{where}\nYour prediction: (in the box when the "
            "notebook runs, or on paper)")
        self.box = (W.Text(description="Your prediction:", style=STYLE,
                           placeholder="a number" if pred.type == "number" else "",
                           layout=W.Layout(width="20em"), **TYPED)
                    if pred.type == "number" else
                    W.Textarea(description="Your prediction:", style=STYLE,
                               layout=W.Layout(width="100%", height="5em"), **TYPED))
        self.box.add_class("cr-predict-box")
        self.save_button = W.Button(description="Save prediction", button_style="primary")
        self.save_button.add_class("cr-predict-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = W.HTML("")
        self.message.add_class("cr-predict-status")
        self.children = [W.HTML(block(f"<p><strong>Predict first.</strong> {esc(pred.prompt)}"
                                      f"</p><p><em>{esc(where)}</em></p>")),
                         self.box, self.save_button, self.message]
        self.add_class("cr-predict")
        self.add_class("cr-predict-" + css(pred.id))
        saved = self.store.record(pred.id, kind=R.PREDICTIONS)["text"]
        self.box.value = saved
        if saved:
            self.message.value = status("Your saved prediction is restored; you may change it.")

    def save(self) -> None:
        try:
            value = R.check_prediction(self.pred, self.box.value)
        except R.ReadingError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        self.store.update(self.pred.id, lambda r: {"text": value}, kind=R.PREDICTIONS)
        here = self.pred.returns_in == self.pred.notebook
        if self.pred.revisit:
            said = ("Saved. You come back to it after the reading." if here else
                    f"Saved. Notebook {self.pred.returns_in} brings it back.")
        else:
            said = ("Saved. " + ("The numbers section below" if here
                                 else f"Notebook {self.pred.returns_in}")
                    + " sets it beside the measured answer.")
        self.message.value = _warnings(self.store) + status(said)
        for view in list(_compare_views):
            if view.pred.id == self.pred.id:
                view.refresh()


class CompareView(_Static, W.VBox):
    """A saved prediction beside the measured answer; a guess about meaning beside the
    question that brings it back, with a box for the learner's second look."""

    def __init__(self, pred: R.Prediction, store: P.Store | None = None):
        super().__init__(layout=BOX)
        self.pred = pred
        self.store = store or P.store()
        _, sentence = R.measured(pred)
        self.sentence = sentence
        if pred.revisit:
            self._static = Rich(
                f'<div class="cr-compare-static"><p><strong>Your guess, after the reading.'
                f"</strong> {esc(pred.prompt)}</p><p><em>Your guess</em> (from the top of "
                f"notebook {esc(pred.notebook)}) appears here when the notebook runs.</p>"
                f"<p><strong>Now:</strong> {esc(pred.revisit)}</p>"
                + R.ruled(3, "Your second look") + "</div>",
                f"Your guess, after the reading. {pred.prompt}\nYour guess (from the top of "
                f"notebook {pred.notebook}) appears here when the notebook runs.\n"
                f"Now: {pred.revisit}\nYour second look: (in the box when the notebook runs, "
                "or on paper)")
        else:
            self._static = Rich(
                f'<div class="cr-compare-static"><p><strong>Your prediction, and the '
                f"measure.</strong> {esc(pred.prompt)}</p><p><em>Your prediction</em> (from "
                f"notebook {esc(pred.notebook)}) appears here when the notebook runs.</p>"
                f"<p><em>Measured:</em> {esc(sentence)}</p></div>",
                f"Your prediction, and the measure. {pred.prompt}\nYour prediction (from "
                f"notebook {pred.notebook}) appears here when the notebook runs.\n"
                f"Measured: {sentence}")
        self.view = W.HTML("")
        self.view.add_class("cr-compare-view")
        self.children = [self.view]
        if pred.revisit:
            self.after = W.Textarea(description="Your second look:", style=STYLE,
                                    layout=W.Layout(width="100%", height="5em"), **TYPED)
            self.after.add_class("cr-compare-after")
            self.after.value = self.store.record(pred.after_key, kind=R.PREDICTIONS)["text"]
            self.after_button = W.Button(description="Save my second look",
                                         layout=W.Layout(width="auto"))
            self.after_button.add_class("cr-compare-save")
            self.after_button.on_click(lambda _: self.save_after())
            self.message = W.HTML(status("Your saved second look is restored.")
                                  if self.after.value else "")
            self.message.add_class("cr-compare-status")
            self.children = [self.view, self.after, W.HBox([self.after_button]), self.message]
        self.add_class("cr-compare")
        self.add_class("cr-compare-" + css(pred.id))
        _compare_views.add(self)
        self.refresh()

    def refresh(self) -> None:
        guess = self.store.record(self.pred.id, kind=R.PREDICTIONS)["text"]
        mine = (f'<blockquote class="cr-compare-guess" style="white-space:pre-wrap;margin:0.3em '
                f'1em">{esc(guess)}</blockquote>' if guess else
                f"<p><em>You have not saved a prediction yet: it is asked in notebook "
                f"{esc(self.pred.notebook)}.</em></p>")
        if self.pred.revisit:
            self.view.value = block(
                f"<p><strong>Your guess, after the reading.</strong> {esc(self.pred.prompt)}"
                f"</p><p><em>Your guess:</em></p>{mine}"
                f"<p><strong>Now:</strong> {esc(self.pred.revisit)}</p>")
            return
        self.view.value = block(
            f"<p><strong>Your prediction, and the measure.</strong> {esc(self.pred.prompt)}</p>"
            f"<p><em>Your prediction:</em></p>{mine}"
            f"<p><em>Measured:</em> {esc(self.sentence)}</p>")

    def save_after(self) -> None:
        try:
            value = R.check_text(self.after.value, "second look")
        except R.ReadingError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        self.store.update(self.pred.after_key, lambda r: {"text": value}, kind=R.PREDICTIONS)
        self.message.value = _warnings(self.store) + status("Saved.")


class ThinkFirstView(_Static, W.VBox):
    """A question the learner answers before the course's own answer unfolds (the
    ``then`` of ``think-first.yml``, or a view the notebook passes)."""

    def __init__(self, item: R.ThinkFirst, then: Rich | None = None,
                 store: P.Store | None = None):
        super().__init__(layout=BOX)
        self.item = item
        self.store = store or P.store()
        self.then = then or Rich(R.paragraphs_html(item.then), item.then)
        self._static = R.think_first_static(item, then)
        self.box = W.Textarea(description="Your answer:", style=STYLE,
                              layout=W.Layout(width="100%", height="6em"), **TYPED)
        self.box.add_class("cr-think-box")
        self.save_button = W.Button(description="Save my answer", button_style="primary",
                                    layout=W.Layout(width="auto"))
        self.save_button.add_class("cr-think-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = W.HTML("")
        self.message.add_class("cr-think-status")
        self.after = W.HTML("")
        self.after.add_class("cr-think-after")
        self.children = [W.HTML(block(f"<p><strong>Think first.</strong> {esc(item.prompt)}</p>")),
                         self.box, W.HBox([self.save_button]), self.message, self.after]
        self.add_class("cr-think")
        self.add_class("cr-think-" + css(item.id))
        saved = self.store.record(item.id, kind=R.THINK)["text"]
        self.box.value = saved
        if saved and not R.response_nudge(saved):
            self._unfold("Your saved answer is restored; you may change it.")
        elif saved:
            self.message.value = status(R.THINK_NUDGE)

    def _unfold(self, message: str) -> None:
        self.after.value = block(f"<p><strong>{esc(self.item.label)}:</strong></p>"
                                 + self.then.html)
        self.message.value = _warnings(self.store) + status(message)

    def save(self) -> None:
        try:
            value = R.check_text(self.box.value, "answer")
        except R.ReadingError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        self.store.update(self.item.id, lambda r: {"text": value}, kind=R.THINK)
        nudge = R.response_nudge(value)
        if nudge:
            self.after.value = ""
            self.message.value = _warnings(self.store) + status(nudge)
            return
        self._unfold(f"Saved. {self.item.label} follows: set it beside your answer.")


class MyResponsesView(_Static, W.VBox):
    """The learner's saved reading responses of notebooks 01 to 05, brought back (notebook
    06 asks them to test one against the counts)."""

    def __init__(self, store: P.Store | None = None):
        super().__init__(layout=BOX)
        self.store = store or P.store()
        head = ("Your readings of notebooks 01 to 05: the responses you saved, paragraph by "
                "paragraph.")
        self._static = Rich(
            f'<div class="cr-mine-static"><p><strong>{esc(head)}</strong></p><p><em>They '
            "appear here when the notebook runs. Without a kernel, look back at what you "
            "wrote in notebooks 01 to 05 (or in your reading journal).</em></p></div>",
            f"{head}\nThey appear here when the notebook runs. Without a kernel, look back "
            "at what you wrote in notebooks 01 to 05 (or in your reading journal).")
        self.view = W.HTML(block(self.render(head)))
        self.view.add_class("cr-mine-view")
        self.children = [self.view]
        self.add_class("cr-mine")

    def render(self, head: str) -> str:
        saved = R.saved_responses(self.store)
        if not saved:
            return (f"<p><strong>{esc(head)}</strong></p><p><em>You have not saved a "
                    "response in notebooks 01 to 05 yet. Write one there first, or test a "
                    "reading from the course's notes instead.</em></p>")
        items = "".join(
            f'<li><strong>[{esc(pid)}]</strong> <span style="white-space:pre-wrap">'
            f"{esc(text)}</span></li>" for pid, text in saved)
        return (f"<p><strong>{esc(head)}</strong></p>"
                f'<ul style="list-style:none;padding-left:1em">{items}</ul>')


class DiscussionView(_Static, W.VBox):
    """The discussion questions, each with an answer box that is saved."""

    def __init__(self, stem: str, store: P.Store | None = None):
        super().__init__(layout=W.Layout(width="auto"))
        self.stem = stem
        self.store = store or P.store()
        base, questions = R.discussion_questions(stem)
        space = "" if R._teacher() else R.ruled(6, "Your answers (number each one)")
        self._static = Rich(base.html + space, base.text)
        self.boxes = []
        items = [W.HTML(block(base.html))]
        for q in questions:
            key = f"{stem}/{q.number}"
            box = W.Textarea(description=f"Your answer to question {q.number}:", style=STYLE,
                             layout=W.Layout(width="100%", height="6em"), **TYPED)
            box.value = self.store.record(key, kind=R.DISCUSSION)["text"]
            button = W.Button(description=f"Save answer {q.number}")
            message = W.HTML(status("Your saved answer is restored.") if box.value else "")
            box.add_class("cr-discussion-box")
            button.add_class("cr-discussion-save")
            message.add_class("cr-discussion-status")
            button.on_click(lambda _, k=key, b=box, m=message: self.save(k, b, m))
            self.boxes.append(box)
            items += [box, button, message]
        self.children = items
        self.add_class("cr-discussion")

    def save(self, key: str, box, message) -> None:
        try:
            value = R.check_text(box.value, "answer")
        except R.ReadingError as exc:
            message.value = status(f"Not saved. {exc}", "problem")
            return
        self.store.update(key, lambda r: {"text": value}, kind=R.DISCUSSION)
        message.value = _warnings(self.store) + status("Saved.")
