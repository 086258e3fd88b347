"""The live views of the capstone (notebook 08), over the pure core in
:mod:`closereading.capstone`. Imported only when a view is made.

Every view saves to the progress store at once and starts from what is saved. The views
share one passage (the store's ``capstone/passage``): when the learner brings another,
or chooses lenses, every view of the notebook refreshes. Without a kernel (nbconvert,
GitHub, nbval), each view's ``_repr_mimebundle_`` gives HTML and text of what it shows
when it is displayed: with an empty progress file, what to do; with a passage, the
passage and the work on it. Everything a learner typed is escaped.
"""

from __future__ import annotations

import weakref

import ipywidgets as W

from closereading import capstone as C
from closereading import reading as R
from closereading.controls import TYPED
from closereading.html import Rich, block, esc, table
from closereading.quiz import progress as P
from closereading.reading_widgets import BOX, STYLE, SELFCHECK_STYLE, _warnings, status

_live: "weakref.WeakSet[_View]" = weakref.WeakSet()
# Tables in a widget's HTML get no style of JupyterLab's: space the columns, rule the head.
TABLE_STYLE = ("<style>.cr-cap-tables table { border-collapse: collapse; margin: 0.4em 0 0.8em; }"
               " .cr-cap-tables th, .cr-cap-tables td { padding: 0.15em 0.7em; }"
               " .cr-cap-tables thead th { border-bottom: 1px solid #767676; }"
               " .cr-cap-tables caption { font-weight: bold; padding: 0.2em 0; }</style>")
NO_PASSAGE = ("No passage yet: bring one in section 1 (paste it, or give the path of a text "
              "file), and this part follows.")


def refresh_all() -> None:
    """Every live view of the capstone shows the store's passage again."""
    for view in list(_live):
        view.refresh()


def _paragraph_html(pid: str, body: str) -> str:
    return (f'<p class="cr-cap-paragraph" style="margin:0.4em 0;line-height:1.6"><strong>'
            f"[{esc(pid)}]</strong> {esc(body)}</p>")


def _lens_prompt(passage: C.Passage) -> tuple[str, str]:
    """(HTML, text) of the prompt every paragraph gets: the lens names only, the last level
    of support of the method (notebook 00)."""
    from closereading import method
    if passage.lenses:
        said = f"{method.lens_names(passage.lenses)}: what do you notice?"
    else:
        said = ("What do you notice? (Choose your lenses in section 2, and the prompt names "
                "them.)")
    return f'<p style="margin:0.3em 0"><strong>Your lenses.</strong> {esc(said)}</p>', said


class _View(W.VBox):
    """A view of the capstone: it reads the passage from the store and refreshes with
    every other view when the passage or its lenses change."""

    def __init__(self, store: P.Store | None = None):
        super().__init__(layout=BOX)
        self.store = store or P.store()
        _live.add(self)

    def passage(self) -> C.Passage | None:
        return C.current(self.store)

    def refresh(self) -> None:  # pragma: no cover - every view defines it
        raise NotImplementedError

    def static(self) -> Rich:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        shown = self.static()
        data["text/plain"] = shown.text
        data["text/html"] = shown.html
        return data

    def __repr__(self) -> str:
        return self.static().text

    def _say(self, message: str, kind: str = "ok") -> None:
        self.message.value = _warnings(self.store) + status(message, kind)

    def _form_or_empty(self) -> C.Passage | None:
        """Show the view's form when there is a passage, its "No passage yet" otherwise
        (views with ``form`` and ``empty``); the passage, or None."""
        passage = self.passage()
        self.empty.layout.display = "none" if passage else None
        self.form.layout.display = None if passage else "none"
        return passage


# ---------------------------------------------------------------------------------------
# 1. The passage


class PassageView(_View):
    """Bring a passage: paste it, name a file, or take the passage the teacher set."""

    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.settings = C.load_settings()
        self.pending: str | None = None      # the digest of a replacement not yet confirmed
        self.title = W.Text(description="Title and source:", style=STYLE,
                            placeholder="who issued it, what it is, when (e.g. Ministry of "
                                        "..., statement of 3 May 2024)",
                            layout=W.Layout(width="100%"), **TYPED)
        self.paste = W.Textarea(description="Paste the passage:", style=STYLE,
                                placeholder="paste the text here, a blank line between "
                                            "paragraphs",
                                layout=W.Layout(width="100%", height="12em"), **TYPED)
        self.use_button = W.Button(description="Use the pasted text", button_style="primary",
                                   layout=W.Layout(width="auto"))
        self.path = W.Text(description="Or the path of a text file:", style=STYLE,
                           placeholder="e.g. passages/statement.txt (next to this notebook)",
                           layout=W.Layout(width="100%"), **TYPED)
        self.file_button = W.Button(description="Read the file", layout=W.Layout(width="auto"))
        self.class_button = W.Button(layout=W.Layout(width="auto"))
        cp = self.settings.class_passage
        if cp:
            self.class_button.description = f"Use the passage your teacher set: {cp['title']}"[:120]
        else:
            self.class_button.layout.display = "none"
        self.message = W.HTML("")
        self.shown = W.HTML("")
        for widget, name in ((self.title, "title"), (self.paste, "paste"),
                             (self.use_button, "use"), (self.path, "path"),
                             (self.file_button, "file"), (self.class_button, "class"),
                             (self.message, "status"), (self.shown, "shown")):
            widget.add_class(f"cr-cap-passage-{name}")
        self.use_button.on_click(lambda _: self.use_pasted())
        self.file_button.on_click(lambda _: self.use_file())
        self.class_button.on_click(lambda _: self.use_class())
        self.children = [W.HTML(block(self._intro_html())), self.class_button, self.title,
                         self.paste, W.HBox([self.use_button]), self.path,
                         W.HBox([self.file_button]), self.message, self.shown]
        self.add_class("cr-cap-passage")
        self.refresh()

    def _intro_html(self) -> str:
        return (f"<p><strong>Bring a passage.</strong> {esc(self.settings.advice)}</p>"
                "<p>Paste it below, or give the path of a plain-text file (UTF-8), "
                "then press the button beside it. Your passage is kept in your progress "
                "file and goes into your submission; the course keeps no copy of it.</p>")

    def static(self) -> Rich:
        passage = self.passage()
        intro = Rich(self._intro_html(), f"Bring a passage. {self.settings.advice}")
        if passage is None:
            cp = self.settings.class_passage
            extra = (f" Your teacher has set a passage: {cp['title']}." if cp else "")
            said = ("No passage yet. When the notebook runs, paste a passage or give the path "
                    "of a text file here." + extra)
            return intro + Rich(f"<p><em>{esc(said)}</em></p>", said)
        return intro + _passage_rich(passage)

    def refresh(self) -> None:
        passage = self.passage()
        self.shown.value = block(_passage_rich(passage).html) if passage else ""

    # -- actions --

    def _load(self, make) -> C.Passage | None:
        try:
            passage = make()
        except C.CapstoneError as exc:
            self.pending = None
            self._say(f"Not loaded. {exc}", "problem")
            return None
        old = self.passage()
        if (old is not None and old.digest != passage.digest and self.pending != passage.digest
                and _has_work(old, self.store)):
            self.pending = passage.digest
            self._say(f"You have work on \u201c{old.title}\u201d. Loading another passage keeps "
                      "that work (in your progress file and your submission; bring the same "
                      "passage back and it returns), but this notebook then shows the new "
                      "passage. Press the button again to confirm.", "problem")
            return None
        self.pending = None
        passage = C.set_passage(passage, self.store)
        refresh_all()
        prof = passage.profile
        self._say(f"Loaded: {len(passage.paragraphs)} paragraphs, "
                  + (f"{passage.size} characters" if prof.unspaced else f"{passage.size} words")
                  + ", with ids P1 to " + f"P{len(passage.paragraphs)}. "
                  + ("Choose your lenses next (section 2)." if not passage.lenses else
                     "Your lenses for this passage are restored."))
        return passage

    def use_pasted(self) -> C.Passage | None:
        return self._load(lambda: C.make_passage(self.paste.value, self.title.value))

    def use_file(self) -> C.Passage | None:
        def make():
            text, name = C.read_file(self.path.value)
            return C.make_passage(text, self.title.value, source="file", origin=name)
        return self._load(make)

    def use_class(self) -> C.Passage | None:
        def make():
            found = C.class_passage(self.settings)
            if found is None:
                raise C.CapstoneError("Your teacher has not set a passage.")
            return found
        return self._load(make)


def _has_work(passage: C.Passage, store: P.Store) -> bool:
    if any(r["text"].strip() for r in C.responses_of(passage, store).values()):
        return True
    if any(C.annotations_of(passage, store).values()):
        return True
    return bool(C.commentary_of(passage, store)["text"].strip())


def _passage_rich(passage: C.Passage) -> Rich:
    src = {"pasted": "pasted", "file": f"from the file {passage.origin}",
           "class": f"set by your teacher ({passage.origin})"}[passage.source]
    prof = passage.profile
    size = f"{passage.size} characters" if prof.unspaced else f"{passage.size} words"
    head = (f"Your passage: \u201c{passage.title}\u201d ({src}; {len(passage.paragraphs)} "
            f"paragraphs, {size}).")
    html = (f'<div class="cr-cap-text"><p><strong>{esc(head)}</strong></p>'
            + "".join(_paragraph_html(pid, body) for pid, body in passage.paragraphs)
            + "</div>")
    text = head + "\n" + "\n".join(f"[{pid}] {body}" for pid, body in passage.paragraphs)
    if prof.unspaced or not prof.english:
        html += f"<p><em>{esc(prof.statement())}</em></p>"
        text += "\n" + prof.statement()
    return Rich(html, text)


# ---------------------------------------------------------------------------------------
# 2. The lenses


class LensView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        from closereading import method
        self.settings = C.load_settings()
        self.method = method.load()
        self.boxes = {}
        for lens in self.method.lenses:
            box = W.Checkbox(value=False, description=f"{lens.name}: {lens.question}",
                             indent=False, layout=W.Layout(width="auto"))
            box.add_class("cr-cap-lens")
            box.add_class(f"cr-cap-lens-{lens.id}")
            self.boxes[lens.id] = box
        self.save_button = W.Button(description="Save my lenses", button_style="primary",
                                    layout=W.Layout(width="auto"))
        self.save_button.add_class("cr-cap-lenses-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = W.HTML("")
        self.message.add_class("cr-cap-lenses-status")
        inner = W.VBox(list(self.boxes.values()))
        inner.add_class("cr-selfcheck")          # long labels wrap (SELFCHECK_STYLE)
        self.children = [W.HTML(SELFCHECK_STYLE + block(self._intro_html())), inner,
                         W.HBox([self.save_button]), self.message]
        self.add_class("cr-cap-lenses")
        self.refresh()

    def _intro_html(self) -> str:
        s = self.settings
        return (f"<p><strong>Choose {s.lenses_min} to {s.lenses_max} lenses</strong> of the "
                "method of notebook 00 for your passage: the questions it most needs. Every "
                "paragraph's prompt then names them, as the prompts of notebooks 04 and 05 "
                "did, and you ask the questions.</p>")

    def static(self) -> Rich:
        passage = self.passage()
        rows = "".join(f"<li>{'[x]' if passage and lens.id in passage.lenses else '[ ]'} "
                       f"<strong>{esc(lens.name)}.</strong> {esc(lens.question)}</li>"
                       for lens in self.method.lenses)
        text = "\n".join(f"  {'[x]' if passage and lens.id in passage.lenses else '[ ]'} "
                         f"{lens.name}. {lens.question}" for lens in self.method.lenses)
        return Rich(self._intro_html() + f'<ul style="list-style:none">{rows}</ul>',
                    f"Choose {self.settings.lenses_min} to {self.settings.lenses_max} lenses "
                    "of the method for your passage:\n" + text)

    def refresh(self) -> None:
        passage = self.passage()
        chosen = passage.lenses if passage else ()
        for lid, box in self.boxes.items():
            box.value = lid in chosen
        if passage is None:
            self.message.value = status(NO_PASSAGE)
        elif chosen:
            from closereading import method
            self.message.value = status(f"Your lenses: {method.lens_names(chosen)}.")
        else:
            self.message.value = ""

    def save(self) -> None:
        chosen = [lid for lid, box in self.boxes.items() if box.value]
        try:
            C.set_lenses(chosen, self.store)
        except C.CapstoneError as exc:
            self._say(f"Not saved. {exc}", "problem")
            return
        refresh_all()
        from closereading import method
        self._say(f"Saved: {method.lens_names(chosen)}. Each paragraph's prompt below names "
                  "them.")


# ---------------------------------------------------------------------------------------
# 3. A response per paragraph


class ParagraphResponse(W.VBox):
    """One paragraph of the passage, its prompt, a response box and, once a response is
    saved, the lenses to tick as asked."""

    def __init__(self, passage: C.Passage, pid: str, body: str, store: P.Store):
        super().__init__(layout=W.Layout(width="auto", margin="0.6em 0",
                                         border="1px solid #767676", padding="0.3em 0.6em"))
        from closereading import method
        self.passage, self.pid, self.store = passage, pid, store
        prompt_html, _ = _lens_prompt(passage)
        self.heading = W.HTML(block(_paragraph_html(pid, body) + prompt_html))
        self.box = W.Textarea(description=f"Your response to {pid}:", style=STYLE,
                              placeholder="What do you notice? Quote the words you mean.",
                              layout=W.Layout(width="100%", height="6em"), **TYPED)
        self.box.add_class("cr-cap-response-box")
        self.save_button = W.Button(description=f"Save response to {pid}",
                                    button_style="primary", layout=W.Layout(width="auto"))
        self.save_button.add_class("cr-cap-response-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = W.HTML("")
        self.message.add_class("cr-cap-response-status")
        m = method.load()
        self.ticks = {lid: W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"),
                                      description=f"I asked: {m.lens(lid).name}. "
                                                  f"{m.lens(lid).question}")
                      for lid in passage.lenses}
        self.check = W.VBox([W.HTML(block("<p><strong>Did your response ask each of your "
                                          "lenses' questions?</strong> Tick those it did; a "
                                          "lens left unticked is the one to try on the next "
                                          "paragraph.</p>")), *self.ticks.values()])
        self.check.add_class("cr-selfcheck")
        self.check.add_class("cr-cap-lens-check")
        self.children = [self.heading, self.box, W.HBox([self.save_button]), self.message,
                         self.check]
        self.add_class("cr-cap-response")
        self.add_class(f"cr-cap-response-{pid}")
        rec = store.record(C.key(passage, pid), kind=C.KIND_READING)
        self.box.value = rec["text"]
        for lid, box in self.ticks.items():
            box.value = lid in rec["lenses_used"]
            box.observe(self._ticked, names="value")
        self.check.layout.display = None if rec["saved"] and self.ticks else "none"
        if rec["saved"]:
            self.message.value = status("Your saved response is restored; edit it and save "
                                        "again at any time.")
        elif rec["text"].strip():
            self.message.value = status(R.NUDGE)

    def save(self) -> None:
        try:
            rec, nudge = C.save_response(self.passage, self.pid, self.box.value, self.store)
        except C.CapstoneError as exc:
            self.message.value = status(f"Not saved. {exc}", "problem")
            return
        if nudge:
            self.message.value = _warnings(self.store) + status(nudge)
            return
        self.check.layout.display = None if self.ticks else "none"
        self.message.value = _warnings(self.store) + status(
            "Saved." + (" Now tick the lenses your response asked." if self.ticks else ""))

    def _ticked(self, _change) -> None:
        used = [lid for lid, box in self.ticks.items() if box.value]
        C.tick_lenses(self.passage, self.pid, used, self.store)
        self.message.value = _warnings(self.store) + status(
            f"Saved: {len(used)} of {len(self.ticks)} lenses asked.")


class ResponsesView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.message = W.HTML("")
        self.items: dict[str, ParagraphResponse] = {}
        self.add_class("cr-cap-responses")
        self.refresh()

    def refresh(self) -> None:
        passage = self.passage()
        if passage is None:
            self.items = {}
            self.children = [W.HTML(block(f"<p><em>{esc(NO_PASSAGE)}</em></p>"))]
            return
        # what was typed but not saved survives a refresh for the same passage (new lenses)
        typed = {pid: item.box.value for pid, item in self.items.items()
                 if item.passage.digest == passage.digest}
        self.items = {pid: ParagraphResponse(passage, pid, body, self.store)
                      for pid, body in passage.paragraphs}
        for pid, value in typed.items():
            if pid in self.items and value:
                self.items[pid].box.value = value
        self.children = [W.HTML(block(
            "<p><strong>Read paragraph by paragraph.</strong> Write a response to each: "
            "what you notice, quoting the words you mean. A response of a few words gets a "
            "nudge (it is kept).</p>")), *self.items.values()]

    def static(self) -> Rich:
        passage = self.passage()
        if passage is None:
            return Rich(f"<p><em>{esc(NO_PASSAGE)}</em></p>", NO_PASSAGE)
        found = C.responses_of(passage, self.store)
        prompt_html, prompt_text = _lens_prompt(passage)
        html, text = [], []
        for pid, body in passage.paragraphs:
            mine = found[pid]["text"]
            said = (f'<blockquote style="white-space:pre-wrap">{esc(mine)}</blockquote>'
                    if mine.strip() else R.ruled(3))
            html.append(_paragraph_html(pid, body) + prompt_html + said)
            text.append(f"[{pid}] {body}\n{prompt_text}\nYour response: "
                        + (mine if mine.strip() else "(in the box when the notebook runs)"))
        return Rich("".join(html), "\n\n".join(text))


# ---------------------------------------------------------------------------------------
# 4. Annotations, checked against the passage


class AnnotationsView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.which = W.Dropdown(options=[], description="Paragraph:", style=STYLE)
        self.shown = W.HTML("")
        self.quote = W.Text(description="Quote:", placeholder="copy words from the paragraph",
                            style=STYLE, layout=W.Layout(width="100%"), **TYPED)
        self.kind = W.Dropdown(options=[(f"{k} ({v})", k) for k, v in R.LEARNER_KIND_HELP.items()],
                               value="rhetoric", description="Kind:", style=STYLE)
        self.note = W.Textarea(description="Note:", placeholder="your note, in your own words",
                               style=STYLE, layout=W.Layout(width="100%", height="5em"), **TYPED)
        self.add_button = W.Button(description="Add annotation", button_style="primary")
        self.message = W.HTML("")
        self.listing = W.HTML("")
        self.choice = W.Dropdown(options=[], description="Your annotation:", style=STYLE)
        self.delete_button = W.Button(description="Delete")
        for widget, name in ((self.which, "paragraph"), (self.shown, "passage"),
                             (self.quote, "quote"), (self.kind, "kind"), (self.note, "note"),
                             (self.add_button, "add"), (self.message, "status"),
                             (self.listing, "list"), (self.choice, "choice"),
                             (self.delete_button, "delete")):
            widget.add_class(f"cr-cap-annotate-{name}")
        self.which.observe(lambda _: self.show(), names="value")
        self.add_button.on_click(lambda _: self.submit())
        self.delete_button.on_click(lambda _: self.delete())
        self.manage = W.HBox([self.choice, self.delete_button])
        self.form = W.VBox([self.which, self.shown, self.quote, self.kind, self.note,
                            W.HBox([self.add_button]), self.message, self.listing, self.manage])
        self.empty = W.HTML(block(f"<p><em>{esc(NO_PASSAGE)}</em></p>"))
        self.children = [W.HTML(block(self._intro_html())), self.empty, self.form]
        self.add_class("cr-cap-annotate")
        self.refresh()

    @staticmethod
    def _intro_html() -> str:
        kinds = "; ".join(f"{k}: {v}" for k, v in R.LEARNER_KIND_HELP.items())
        return ("<p><strong>Annotate your passage.</strong> Choose a paragraph, copy a "
                "passage of it into <em>Quote</em> exactly as it stands (it is checked word "
                "for word against your passage, and a near miss is answered with the closest "
                "passage), choose the kind of note, write the note and press <em>Add "
                "annotation</em>. Your passages are underlined twice and numbered [Y1], "
                f"[Y2] ....</p><p><em>Kinds:</em> {esc(kinds)}.</p>")

    def static(self) -> Rich:
        passage = self.passage()
        intro = Rich(self._intro_html(), "Annotate your passage: choose a paragraph, copy a "
                                         "passage of it into Quote (checked word for word), "
                                         "choose the kind of note and write the note.")
        if passage is None:
            return intro + Rich(f"<p><em>{esc(NO_PASSAGE)}</em></p>", NO_PASSAGE)
        found = C.annotations_of(passage, self.store)
        doc = passage.document()
        html, text = [], []
        for pid, items in found.items():
            if items:
                html.append(R.marked_paragraph("", pid, items, doc, course=False)
                            + R.own_notes_html(items))
                text += [f"[{pid}]"] + [f"  Y{i['id']} {i['kind']}, on \u201c{i['quote']}\u201d: "
                                        f"{i['note']}" for i in items]
        if not html:
            said = "No annotations yet."
            return intro + Rich(f"<p><em>{said}</em></p>" + R.ruled(4, "Your annotations"), said)
        return intro + Rich("".join(html), "\n".join(text))

    def refresh(self) -> None:
        passage = self._form_or_empty()
        if passage is None:
            return
        current = self.which.value
        self.which.options = [(f"{pid}: {body[:50]}", pid) for pid, body in passage.paragraphs]
        self.which.value = current if current in passage.ids else passage.ids[0]
        self.show()

    def items(self) -> list[dict]:
        passage = self.passage()
        return C.annotations_of(passage, self.store)[self.which.value] if passage else []

    def show(self) -> None:
        passage = self.passage()
        if passage is None or self.which.value is None:
            return
        items = self.items()
        self.shown.value = block(R.marked_paragraph("", self.which.value, items,
                                                    passage.document(), course=False))
        self.listing.value = block(R.own_notes_html(items))
        self.choice.options = [(f"Y{i['id']}: {i['quote'][:40]}", i["id"]) for i in items]
        self.choice.value = items[-1]["id"] if items else None
        self.manage.layout.display = None if items else "none"

    def submit(self) -> None:
        passage = self.passage()
        if passage is None:
            return
        pid = self.which.value
        check = R.locate_quote(pid, self.quote.value, passage.document())
        try:
            C.add_annotation(passage, pid, self.quote.value, self.kind.value, self.note.value,
                             self.store)
        except C.CapstoneError as exc:
            self._say(f"Not saved. {exc}", "problem")
            return
        self.quote.value = self.note.value = ""
        self.show()
        self._say(f"Added to {pid}: your passage is underlined twice above."
                  + (f" {check.message}" if check.message else ""))

    def delete(self) -> None:
        passage = self.passage()
        aid = self.choice.value
        if passage is None or aid is None:
            return
        C.delete_annotation(passage, self.which.value, aid, self.store)
        self.show()
        self._say(f"Annotation Y{aid} deleted.")


# ---------------------------------------------------------------------------------------
# 5. The statistics beside Part III, and a concordance of the passage


class StatisticsView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.tables = W.HTML("")
        self.tables.add_class("cr-cap-stats")
        self.add_class("cr-cap-tables")
        self.query = W.Text(description="Search your passage:", style=STYLE,
                            placeholder="a word or a phrase", **TYPED)
        self.window = W.BoundedIntText(value=6, min=1, max=30,
                                       description="Words each side:", style=STYLE,
                                       layout=W.Layout(width="14em"), **TYPED)
        self.search_button = W.Button(description="Search", layout=W.Layout(width="auto"))
        self.hits = W.HTML("")
        for widget, name in ((self.query, "query"), (self.window, "window"),
                             (self.search_button, "search"), (self.hits, "hits")):
            widget.add_class(f"cr-cap-kwic-{name}")
        self.search_button.on_click(lambda _: self.search())
        self.kwic = W.VBox([W.HTML(block("<p><strong>Keyword in context.</strong> Search your "
                                         "passage for a word or a phrase, as in section 5 of "
                                         "notebook 06.</p>")),
                            W.HBox([self.query, self.window, self.search_button]), self.hits])
        self.children = [self.tables, self.kwic]
        self.add_class("cr-cap-statistics")
        self.refresh()

    def static(self) -> Rich:
        passage = self.passage()
        shown = C.statistics_rich(passage)
        if passage is None:
            return shown
        query = _first_query(passage)
        return shown + (C.concordance_rich(passage, query) if query else
                        Rich("", ""))

    def refresh(self) -> None:
        passage = self.passage()
        self.tables.value = TABLE_STYLE + block(C.statistics_rich(passage).html)
        self.kwic.layout.display = None if passage else "none"
        if passage is not None:
            self.query.value = _first_query(passage)
            self.search()

    def search(self) -> None:
        passage = self.passage()
        if passage is None:
            return
        self.hits.value = block(C.concordance_rich(passage, self.query.value,
                                                   self.window.value or 6).html)


def _first_query(passage: C.Passage) -> str:
    """The search the concordance starts with: the passage's most frequent content word
    (none for a passage without spaces: the learner types one)."""
    if passage.profile.unspaced:
        return ""
    top = C.top_words(passage, 1)
    return top[0][0] if top else ""


# ---------------------------------------------------------------------------------------
# 6. The commentary


class CommentaryView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.settings = C.load_settings()
        self.box = W.Textarea(description="Your commentary:", style=STYLE,
                              placeholder="400 to 600 words; quote your passage with its "
                                          "paragraph ids (P2) and Part III with its (3.2)",
                              layout=W.Layout(width="100%", height="22em"), **TYPED)
        self.save_button = W.Button(description="Save commentary", button_style="primary",
                                    layout=W.Layout(width="auto"))
        self.message = W.HTML("")
        self.report = W.HTML("")
        for widget, name in ((self.box, "box"), (self.save_button, "save"),
                             (self.message, "status"), (self.report, "check")):
            widget.add_class(f"cr-cap-commentary-{name}")
        self.save_button.on_click(lambda _: self.save())
        self.form = W.VBox([self.box, W.HBox([self.save_button]), self.message, self.report])
        self.empty = W.HTML(block(f"<p><em>{esc(NO_PASSAGE)}</em></p>"))
        self.children = [W.HTML(block(self._intro_html())), self.empty, self.form]
        self.add_class("cr-cap-commentary")
        self.refresh()

    def _intro_html(self) -> str:
        return (f"<p><strong>Your commentary.</strong> {esc(self.settings.prompt)}</p>"
                "<p>Each save counts its words and checks its quotations against your passage "
                "and Part III. The rubric above is what it is assessed by.</p>")

    def static(self) -> Rich:
        passage = self.passage()
        intro = Rich(self._intro_html(), f"Your commentary. {self.settings.prompt}")
        if passage is None:
            return intro + Rich(f"<p><em>{esc(NO_PASSAGE)}</em></p>", NO_PASSAGE)
        text = C.commentary_of(passage, self.store)["text"]
        if not text.strip():
            return intro + Rich(R.ruled(12, "Your commentary"),
                                "Your commentary: (in the box when the notebook runs)")
        lines = C.check_commentary(passage, text, self.settings).lines(self.settings)
        return intro + Rich(f'<blockquote style="white-space:pre-wrap">{esc(text)}</blockquote>'
                            + _lines_html(lines), text + "\n" + "\n".join(lines))

    def refresh(self) -> None:
        passage = self._form_or_empty()
        if passage is None:
            return
        text = C.commentary_of(passage, self.store)["text"]
        self.box.value = text
        self.report.value = (block(_lines_html(C.check_commentary(passage, text, self.settings)
                                               .lines(self.settings))) if text.strip() else "")
        self.message.value = status("Your saved commentary is restored.") if text.strip() else ""

    def save(self) -> None:
        passage = self.passage()
        if passage is None:
            return
        try:
            C.save_commentary(passage, self.box.value, self.store)
        except C.CapstoneError as exc:
            self._say(f"Not saved. {exc}", "problem")
            return
        check = C.check_commentary(passage, self.box.value, self.settings)
        self.report.value = block(_lines_html(check.lines(self.settings)))
        self._say("Saved. Then assess it against the rubric (section 7).")


def _lines_html(lines) -> str:
    return ('<ul class="cr-cap-check">' + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")


# ---------------------------------------------------------------------------------------
# 7. The self-assessment


class SelfAssessmentView(_View):
    def __init__(self, store: P.Store | None = None):
        super().__init__(store)
        self.settings = C.load_settings()
        rubric = self.settings.rubric
        self.levels = {}
        self.evidence = {}
        rows = []
        for c in rubric.criteria:
            dd = W.Dropdown(options=[("choose a level", None)]
                            + [(f"{label} ({score})", score) for score, label in rubric.levels],
                            value=None, description=f"{c.name}:", style=STYLE)
            dd.add_class(f"cr-cap-self-level-{c.id}")
            line = W.Text(description="Where your commentary shows it:", style=STYLE,
                          placeholder="quote a phrase of your commentary, or name its paragraph",
                          layout=W.Layout(width="100%"), **TYPED)
            line.add_class(f"cr-cap-self-evidence-{c.id}")
            self.levels[c.id], self.evidence[c.id] = dd, line
            descriptors = "".join(f"<li><strong>{esc(label)} ({s}).</strong> "
                                  f"{esc(c.descriptors[s])}</li>" for s, label in rubric.levels)
            rows += [W.HTML(block(f"<p style=\"margin:0.6em 0 0.2em\"><strong>{esc(c.name)}."
                                  f"</strong> {esc(c.question)}</p><ul>{descriptors}</ul>")),
                     dd, line]
        self.revise = W.Text(description="What I would revise first:", style=STYLE,
                             layout=W.Layout(width="100%"), **TYPED)
        self.save_button = W.Button(description="Save my self-assessment",
                                    button_style="primary", layout=W.Layout(width="auto"))
        self.message = W.HTML("")
        self.summary = W.HTML("")
        for widget, name in ((self.revise, "revise"), (self.save_button, "save"),
                             (self.message, "status"), (self.summary, "summary")):
            widget.add_class(f"cr-cap-self-{name}")
        self.save_button.on_click(lambda _: self.save())
        self.form = W.VBox(rows + [self.revise, W.HBox([self.save_button]), self.message,
                                   self.summary])
        self.empty = W.HTML(block(f"<p><em>{esc(NO_PASSAGE)}</em></p>"))
        self.children = [W.HTML(block(self._intro_html())), self.empty, self.form]
        self.add_class("cr-cap-self")
        self.refresh()

    @staticmethod
    def _intro_html() -> str:
        return ("<p><strong>Assess your commentary against the rubric.</strong> For each "
                "criterion, read the levels, choose the one your commentary reaches, and say "
                "where it shows it. Then write one line on what you would revise first.</p>")

    def static(self) -> Rich:
        passage = self.passage()
        intro = Rich(self._intro_html(), "Assess your commentary against the rubric: a level "
                                         "for each criterion, and where your commentary "
                                         "shows it.")
        rubric = self.settings.rubric
        rec = self_rec = C.self_assessment_of(passage, self.store) if passage else C.fresh_self()
        rows = [(c.name, (f"{rubric.label(rec['levels'][c.id])} ({rec['levels'][c.id]})"
                          if c.id in rec["levels"] else "____"),
                 self_rec["evidence"].get(c.id, "")) for c in rubric.criteria]
        shown = table(["Criterion", "My level", "Where my commentary shows it"], rows,
                      caption="My self-assessment")
        if rec["revise"]:
            shown = shown + Rich(f"<p><em>What I would revise first:</em> {esc(rec['revise'])}</p>",
                                 f"What I would revise first: {rec['revise']}")
        return intro + shown

    def refresh(self) -> None:
        passage = self._form_or_empty()
        if passage is None:
            return
        rec = C.self_assessment_of(passage, self.store)
        for cid, dd in self.levels.items():
            dd.value = rec["levels"].get(cid)
            self.evidence[cid].value = rec["evidence"].get(cid, "")
        self.revise.value = rec["revise"]
        self.summary.value = block(self._summary_html(rec)) if rec["levels"] else ""
        self.message.value = ""

    def _summary_html(self, rec) -> str:
        rubric = self.settings.rubric
        items = "".join(f"<li>{esc(c.name)}: {esc(rubric.label(rec['levels'][c.id]))} "
                        f"({rec['levels'][c.id]})</li>" for c in rubric.criteria
                        if c.id in rec["levels"])
        return f"<p><strong>Your self-assessment:</strong></p><ul>{items}</ul>"

    def save(self) -> None:
        passage = self.passage()
        if passage is None:
            return
        try:
            rec = C.save_self_assessment(
                passage, {cid: dd.value for cid, dd in self.levels.items()},
                {cid: t.value for cid, t in self.evidence.items()}, self.revise.value,
                self.store, self.settings)
        except C.CapstoneError as exc:
            self._say(f"Not saved. {exc}", "problem")
            return
        self.summary.value = block(self._summary_html(rec))
        self._say("Saved. Export your submission below to hand in the whole capstone.")
