"""Explorers: small interactive tools (ipywidgets) over the statistics toolkit.

* :func:`kwic_explorer`: type a word or a phrase, set a window, pick a section; see the
  concordance and the hits per section.
* :func:`frequency_explorer`: pick a section, the number of words and whether stopwords
  are left out; see a table and a chart.

Every control has a visible label tied to it (a screen reader reads it with the control),
a tooltip that says what it changes, and works from the keyboard: text box, number box
(arrow keys step it), drop-down and check box are standard form controls. The numbers
are number boxes, not sliders: ipywidgets 8 draws a slider as a ``div`` with
``role="slider"`` that its label does not name and that no trait can name (it has no
aria-label), so axe-core finds it without an accessible name (aria-input-field-name).
The frequency explorer's chart is the same HTML figure as every chart
(:meth:`closereading.plots.Chart.figure_html`): the image with its title and caption as
text alternative, the caption below. (ipywidgets' ``Image`` has no alt, and with a tooltip
it fails to display at all in JupyterLab 4.6 with ipywidgets 8.1.9.) Results go into the ``value`` of an
``HTML`` widget, never into an ``Output`` widget, so what a notebook stores is the same on
every run and a test can read it. Without a kernel (GitHub, nbconvert, print) an explorer
shows the results it had when the notebook was run, with a line saying that it becomes
interactive when the notebook runs.

Responsiveness: the text box updates as the learner types (``continuous_update``), because
one search of the course text takes well under a millisecond and a results page at most a
few milliseconds (``make bench`` measures it: see ``build/bench.json``). Number boxes
update when a step is taken with the arrow keys or the typed number is entered
(``continuous_update=False``), so that typing "12" does not first redraw for "1"; the
frequency explorer's chart is redrawn only then, on one figure kept from change to change
(:class:`closereading.plots.TopWordsCanvas`). Long result lists are cut
to :data:`MAX_ROWS` rows, with the number left out said in words.
"""

from __future__ import annotations

import time

from closereading import stats
from closereading.html import FOCUS_STYLE, Rich, esc, table

MAX_ROWS = 100
# The width of a number box with its label.
NUMBER_WIDTH = "24em"
_LABEL_STYLE = {"description_width": "initial"}
_STATIC_NOTE = ("This is the explorer's result when the notebook was last run; run the "
                "notebook to use its controls.")


class Explorer:
    """A live widget with a static face: JupyterLab shows the widget; GitHub, nbconvert
    and print show its HTML; the text repr is one deterministic line."""

    title = "Explorer"

    def __init__(self):
        import ipywidgets as w
        self.results = w.HTML()
        self.last_seconds = 0.0   # how long the last update took (for the benchmark)
        self.last_cpu_seconds = 0.0   # and the processor time it took
        self.updates = 0

    # Subclasses build ``self.controls`` and implement ``render``.
    def render(self) -> Rich:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def update(self, change=None) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        self.results.value = self.render().html
        self.updates += 1
        self.last_seconds = time.perf_counter() - start
        self.last_cpu_seconds = time.process_time() - cpu

    def static_html(self) -> str:
        return (f"<div><p><strong>{esc(self.title)}</strong> ({esc(self.describe())})</p>"
                f"{self.results.value}<p><em>{esc(_STATIC_NOTE)}</em></p></div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_() or {}
        bundle["text/plain"] = f"{self.title}: {self.describe()}"
        bundle["text/html"] = self.static_html()
        return bundle

    def __repr__(self) -> str:
        return f"{self.title}: {self.describe()}"


def focus_style():
    """A hidden widget whose <style> keeps the keyboard focus visible on the controls
    (closereading.html.FOCUS_CSS)."""
    import ipywidgets as w
    return w.HTML(FOCUS_STYLE, layout=w.Layout(display="none"))


def _section_options(corpus, all_label: str):
    return [(all_label, "")] + [(s.label, s.id) for s in corpus.sections]


class KwicExplorer(Explorer):
    """Keyword in context: a text box, a number box for the window and a section selector give a
    concordance table and the hits per section."""

    title = "Keyword-in-context explorer"

    def __init__(self, query: str = "security", window: int = 5, section=None,
                 corpus: stats.Corpus | None = None):
        import ipywidgets as w
        super().__init__()
        self.corpus = corpus if corpus is not None else stats.course_corpus()
        self.query = w.Text(value=str(query), description="Word or phrase:",
                            placeholder="type a word, e.g. security", continuous_update=True,
                            tooltip="The word or phrase to find in the text",
                            style=_LABEL_STYLE, layout=w.Layout(width="24em"))
        self.window = w.BoundedIntText(value=max(1, min(int(window), 15)), min=1, max=15,
                                       description="Words of context on each side:",
                                       tooltip="How many words to show on each side of "
                                               "each hit (1 to 15; arrow keys step it)",
                                       continuous_update=False, style=_LABEL_STYLE,
                                       layout=w.Layout(width=NUMBER_WIDTH, max_width="100%"))
        self.section = w.Dropdown(options=_section_options(self.corpus, "All sections"),
                                  value="" if section is None else str(section),
                                  description="Show hits in:",
                                  tooltip="The section whose hits the table lists",
                                  style=_LABEL_STYLE, layout=w.Layout(width="30em"))
        self.controls = [self.query, self.window, self.section]
        for control in self.controls:
            control.observe(self.update, names="value")
        self.widget = w.VBox([focus_style(), w.HBox([self.query, self.section]), self.window,
                              self.results])
        self.widget.add_class("cr-explorer")
        self.widget.add_class("cr-focus")
        self.widget.add_class("cr-kwic-explorer")
        self.results.add_class("cr-explorer-results")
        self.update()

    def hits(self) -> list[stats.Hit]:
        return stats.kwic(self.query.value, self.window.value, self.section.value or None,
                          self.corpus)

    def describe(self) -> str:
        where = f"section {self.section.value}" if self.section.value else "all sections"
        n = len(self.hits()) if stats.words(self.query.value) else 0
        return (f"{n} hit{'s' if n != 1 else ''} for {self.query.value.strip()!r} in {where}, "
                f"{self.window.value} words of context")

    def render(self) -> Rich:
        query = " ".join(stats.words(self.query.value))
        if not query:
            msg = ("Type a word or a phrase in the box: punctuation is ignored, and matching "
                   "is whole-word and case-insensitive.")
            return Rich(f'<p role="status">{esc(msg)}</p>', msg)
        all_hits = stats.kwic(self.query.value, self.window.value, corpus=self.corpus)
        hits = all_hits
        if self.section.value:
            hits = [h for h in all_hits if h.section == self.section.value]
        where = f"section {self.section.value}" if self.section.value else "the whole text"
        if not all_hits:
            msg = (f"No occurrence of '{query}' in the text. Matching is whole-word: "
                   "'secure' does not find 'security', and 'China' does not find "
                   "'China's'. Try another form of the word.")
            return Rich(f'<p role="status">{esc(msg)}</p>', msg)
        head = (f"'{query}': {len(all_hits)} occurrence{'s' if len(all_hits) != 1 else ''} in "
                f"the whole text; {len(hits)} shown from {where}.")
        per = table(["Section", "Hits", "Per 1,000 words"],
                    [(s.label, n, f"{rate:.1f}") for s, n, rate in
                     stats.hits_per_section(all_hits, self.corpus)],
                    align=["l", "r", "r"], caption="Hits per section")
        cut = ""
        if len(hits) > MAX_ROWS:
            cut = f"The first {MAX_ROWS} of {len(hits)} hits are shown."
        caption = f"Concordance ({self.window.value} words on each side)"
        conc = stats.kwic_table(hits, limit=MAX_ROWS, caption=caption)
        html = (f'<p role="status"><strong>{esc(head)}</strong></p>{padded(per.html)}'
                f'<div style="margin-top:0.6em">{concordance_html(hits[:MAX_ROWS], caption)}</div>'
                + (f"<p>{esc(cut)}</p>" if cut else ""))
        return Rich(html, "\n\n".join(x for x in (head, per.text, conc.text, cut) if x))


# Cells of the explorers' tables: widget HTML has no table style of its own, so that
# without padding the columns of a table run together ("Hits" and "Per 1,000 words").
_CELL = "padding:0.15em 0.6em"
# Punctuation that follows a word without a space, and opening marks that precede one.
_CLOSING = tuple(",.;:!?)]}\u2019\u201d'\"%")
_OPENING = tuple("([{\u2018\u201c'\"")


def _joins(left: str, match: str, right: str) -> tuple[str, str]:
    """The space to show between the left context and the match, and between the match
    and the right context: none before punctuation ("each other, draw") or after an
    opening bracket or quotation mark, one space otherwise."""
    before = "" if not left or left.endswith(_OPENING) else " "
    after = "" if not right or right.startswith(_CLOSING) else " "
    return before, after


def concordance_html(hits, caption: str) -> str:
    """A concordance table: the match in bold, between its left and right contexts, so it
    stands out by weight and position rather than by colour. The match never wraps, and
    the contexts touch it as in the text: no space before punctuation."""
    rows = []
    for h in hits:
        before, after = _joins(h.left, h.match, h.right)
        rows.append(
            f'<tr><td style="text-align:left;{_CELL}">{esc(h.paragraph)}</td>'
            f'<td style="text-align:right;padding:0.15em 0 0.15em 0.6em;white-space:pre-wrap">'
            f"{esc(h.left + before)}</td>"
            f'<td style="text-align:center;padding:0.15em 0;white-space:nowrap">'
            f"<strong>{esc(h.match)}</strong></td>"
            f'<td style="text-align:left;padding:0.15em 0.6em 0.15em 0;white-space:pre-wrap">'
            f"{esc(after + h.right)}</td></tr>")
    head = "".join(f'<th scope="col" style="text-align:{a};{_CELL}">{esc(t)}</th>' for t, a in
                   (("Paragraph", "left"), ("Left", "right"), ("Match", "center"),
                    ("Right", "left")))
    return (f'<table><caption style="caption-side:top;text-align:left">{esc(caption)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def padded(html: str) -> str:
    """A table of :func:`closereading.html.table` with room between its columns."""
    return (html.replace('<th scope="col" style="', f'<th scope="col" style="{_CELL};')
            .replace('<td style="', f'<td style="{_CELL};'))


class FrequencyExplorer(Explorer):
    """Word frequencies: a section selector, the number of words and stopwords on or off
    give a table and a chart."""

    title = "Frequency explorer"

    def __init__(self, section=None, n: int = 10, stopwords: bool = True,
                 corpus: stats.Corpus | None = None):
        import ipywidgets as w
        super().__init__()
        self.corpus = corpus if corpus is not None else stats.course_corpus()
        self.section = w.Dropdown(options=_section_options(self.corpus, "Whole text"),
                                  value="" if section is None else str(section),
                                  description="Section:",
                                  tooltip="The section whose words are counted",
                                  style=_LABEL_STYLE, layout=w.Layout(width="30em"))
        self.n = w.BoundedIntText(value=max(3, min(int(n), 30)), min=3, max=30,
                                  description="Number of words:", continuous_update=False,
                                  tooltip="How many of the most frequent words to show "
                                          "(3 to 30; arrow keys step it)",
                                  style=_LABEL_STYLE, layout=w.Layout(width=NUMBER_WIDTH))
        self.stopwords = w.Checkbox(value=bool(stopwords), description="Leave out stopwords",
                                    tooltip="Leave out the most common function words "
                                            "(the, of, and ...)",
                                    indent=False)
        self.chart = w.HTML(layout=w.Layout(max_width="720px"))
        self.chart.add_class("cr-explorer-chart")
        self._canvas = None
        self.results.layout = w.Layout(min_width="22em")
        self.chart_caption = ""   # the caption alone, for the static face
        self.controls = [self.section, self.n, self.stopwords]
        for control in self.controls:
            control.observe(self.update, names="value")
        self.widget = w.VBox([focus_style(), w.HBox([self.section, self.stopwords]), self.n,
                              w.HBox([self.results, self.chart])])
        self.widget.add_class("cr-explorer")
        self.widget.add_class("cr-frequency-explorer")
        self.widget.add_class("cr-focus")
        self.results.add_class("cr-explorer-results")
        self.update()

    def describe(self) -> str:
        where = f"section {self.section.value}" if self.section.value else "the whole text"
        return (f"top {self.n.value} words of {where}, stopwords "
                f"{'left out' if self.stopwords.value else 'counted'}")

    def top(self) -> list[tuple[str, int]]:
        """The words the table and the chart show: (word, count), most frequent first."""
        leave_out = stats.load_stopwords() if self.stopwords.value else None
        return stats.top_words(self.corpus.counts(self.section.value or None), self.n.value,
                               leave_out)

    def render(self, top=None) -> Rich:
        found = stats.top_words_table(self.section.value or None, self.n.value,
                                      self.stopwords.value, self.corpus, top)
        return Rich(padded(found.html), found.text)

    def update(self, change=None) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        from closereading import plots
        top = self.top()                # found once, for the table and the chart
        table = self.render(top).html
        if self._canvas is None:        # one figure, redrawn at every change
            self._canvas = plots.TopWordsCanvas()
        png = self._canvas.draw(self.section.value or None, self.n.value,
                                self.stopwords.value, self.corpus, top)
        chart = self._canvas.chart()
        figure = plots.figure_html(png, chart.alt, chart.caption)
        caption = chart.caption_view().html
        # Everything is computed first, so that the table and the chart change together.
        self.results.value, self.chart.value, self.chart_caption = table, figure, caption
        self.updates += 1
        self.last_seconds = time.perf_counter() - start
        self.last_cpu_seconds = time.process_time() - cpu

    def static_html(self) -> str:
        return (f"<div><p><strong>{esc(self.title)}</strong> ({esc(self.describe())})</p>"
                f"{self.results.value}{self.chart_caption}"
                f"<p><em>{esc(_STATIC_NOTE)} The chart is drawn when it runs.</em></p></div>")


def kwic_explorer(query: str = "security", window: int = 5, section=None,
                  corpus: stats.Corpus | None = None) -> KwicExplorer:
    """A keyword-in-context explorer, preset on ``query`` (and on one section if given)."""
    return KwicExplorer(query, window, section, corpus)


def frequency_explorer(section=None, n: int = 10, stopwords: bool = True,
                       corpus: stats.Corpus | None = None) -> FrequencyExplorer:
    """A frequency explorer, preset on a section (the whole text by default)."""
    return FrequencyExplorer(section, n, stopwords, corpus)
