"""Charts: one message each, titled, with labelled axes, a colour-blind-safe palette and a
caption in text that says what the reader should see.

Figures are made with ``matplotlib.figure.Figure`` rather than ``pyplot``, so that they are
displayed once, never pile up in memory, and need no ``plt.show()``. A :class:`Chart`
is displayed as one HTML ``<figure>``: the image, whose text alternative (``alt``) is the
chart's title and caption, so that it says what the chart shows, and the caption below it
as a ``<figcaption>`` for the eye only (``aria-hidden``): a screen reader reads the caption
once, in the text alternative, not a second time after it. JupyterLab's image renderer (4.6) ignores an ``alt`` given in the
output's metadata, so the image is not displayed as ``image/png`` but inside the HTML,
which JupyterLab, nbconvert and the editions all render the same, with or without a
kernel. The PNG is the same bytes on every run (no timestamp, no software tag), so the
committed outputs stay deterministic.
"""

from __future__ import annotations

import base64
import io

from closereading.html import Rich, esc

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
FIGSIZE = (7.0, 3.6)
DPI = 100


class Chart:
    """A figure with its title and caption."""

    def __init__(self, figure, title: str, caption: str):
        self.figure = figure
        self.title = title
        self.caption = caption

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=DPI, bbox_inches="tight",
                            metadata={"Software": None})
        return buf.getvalue()

    @property
    def alt(self) -> str:
        """The image's text alternative: what the chart is and what it shows."""
        return f"Chart: {self.title}. {self.caption}"

    def caption_view(self) -> Rich:
        return Rich(f'<p style="margin-top:0"><em>Figure:</em> {esc(self.caption)}</p>',
                    f"Figure: {self.caption}")

    def figure_html(self) -> str:
        """The chart as an HTML figure: the image with its text alternative, then the
        caption."""
        return figure_html(self.png(), self.alt, self.caption)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.figure_html(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"Chart: {self.title}\nFigure: {self.caption}"


def figure_html(png: bytes, alt: str, caption: str) -> str:
    """A PNG as an HTML figure: the image with ``alt`` as its text alternative (JupyterLab
    ignores an alt given in an image output's metadata), then the caption, hidden from
    screen readers because ``alt`` already holds it."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure class="cr-chart" style="margin:0.5em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}" '
            f'style="max-width:100%;height:auto">'
            f'<figcaption aria-hidden="true" style="margin-top:0.2em"><em>Figure:</em> {esc(caption)}'
            f"</figcaption></figure>")


BAR_INCHES = 0.26   # height per bar of a horizontal bar chart, so labels never overlap


def bar_figsize(bars: int) -> tuple[float, float]:
    """The size of a horizontal bar chart of ``bars`` bars: the usual size, taller when
    there are more bars than it holds at the labels' font size."""
    return (FIGSIZE[0], max(FIGSIZE[1], 1.2 + BAR_INCHES * bars))


def new_figure(figsize=FIGSIZE):
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def bar(labels, values, *, title: str, xlabel: str, ylabel: str, caption: str,
        horizontal: bool = True, color: str = PALETTE[0], annotate: bool = True) -> Chart:
    """A bar chart: one series, one colour, values written on the bars."""
    fig, ax = new_figure()
    labels, values = list(labels), list(values)
    if horizontal:
        positions = range(len(labels))[::-1]  # first label on top
        bars = ax.barh(list(positions), values, color=color)
        ax.set_yticks(list(positions), labels)
    else:
        bars = ax.bar(range(len(labels)), values, color=color)
        ax.set_xticks(range(len(labels)), labels)
    if annotate:
        ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if horizontal:
        ax.margins(x=0.12)
    return Chart(fig, title, caption)


# ---------------------------------------------------------------------------------------
# The statistics of notebook 06 (and of the section notebooks)

# Hatching patterns, so that series differ by more than colour.
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "--", "oo"]
# For thin lines: the palette without its yellow, which is too pale on white.
LINE_COLOURS = [c for c in PALETTE if c != "#F0E442"]


def _stats():
    from closereading import stats
    return stats


def _corpus(corpus):
    return _stats().course_corpus() if corpus is None else corpus


def _finish(ax, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)


def _fmt(x: float) -> str:
    return f"{x:,.1f}"


def _top_words_content(section, n: int, stopwords: bool, corpus, top=None):
    """What the top-words chart shows: (labels, rates per 1,000, counts, title, caption).
    ``top``: what ``stats.top_words`` gives for these arguments, if already found."""
    stats = _stats()
    corpus = _corpus(corpus)
    size = len(corpus) if section is None else corpus.section(section).size
    if top is None:
        leave_out = stats.load_stopwords() if stopwords else None
        top = stats.top_words(corpus.counts(section), n, leave_out)
    where = "the whole text" if section is None else f"section {corpus.section(section).id}"
    title = f"Most frequent words of {where}"
    if not top:
        caption = f"No word to show: {where} has no word outside the stopword list."
    else:
        (w1, c1) = top[0]
        caption = (f"The most frequent word of {where} "
                   f"({'stopwords left out' if stopwords else 'every word counted'}) is "
                   f"'{w1}', {c1} times in {size} words "
                   f"({_fmt(stats.per_thousand(c1, size))} per 1,000). Bars show counts "
                   "per 1,000 words; the number on each bar is the raw count.")
    labels = [w for w, _ in top]
    rates = [stats.per_thousand(c, size) for _, c in top]
    return labels, rates, [c for _, c in top], title, caption


def _draw_top_words(ax, labels, rates, counts, title) -> None:
    positions = list(range(len(labels)))[::-1]
    bars = ax.barh(positions, rates, color=PALETTE[0])
    ax.set_yticks(positions, labels)
    ax.bar_label(bars, labels=[str(c) for c in counts], padding=3, fontsize=9)
    ax.margins(x=0.12)
    if not labels:
        _empty_limits(ax)
    _finish(ax, title, "Per 1,000 words", "Word")


def _empty_limits(ax) -> None:
    """The limits of a chart without bars (autoscaling left on, for the next bars)."""
    ax.set_xlim(0, 1, auto=None)
    ax.set_ylim(-0.5, 0.5, auto=None)


def top_words(section=None, n: int = 10, stopwords: bool = True, corpus=None) -> Chart:
    """The most frequent words of a section (or of the whole text), per 1,000 words."""
    labels, rates, counts, title, caption = _top_words_content(section, n, stopwords, corpus)
    fig, ax = new_figure(bar_figsize(len(labels)))
    _draw_top_words(ax, labels, rates, counts, title)
    return Chart(fig, title, caption)


class TopWordsCanvas:
    """The frequency explorer's chart, fast enough to redraw at every change (``make
    bench`` measures it). It shows what :func:`top_words` shows, drawn on one figure kept
    from change to change:

    * the bars and the numbers on them are made once and then moved, resized, given new
      texts, shown or hidden (making a bar and adding it to the axes costs more than
      drawing it);
    * the numbers are plain texts placed as :meth:`~matplotlib.axes.Axes.bar_label` places
      its annotations, 3 points right of each bar's end;
    * the words are plain texts and their tick marks one line of markers, placed and
      styled as the y axis places and styles its tick labels and ticks (the axis's own
      ticks measure every label again at each drawing, to place the axis label);
    * the data limits are set from the bars' extents, not measured bar by bar;
    * the margins are fitted to the labels' measured size (text sizes are kept once
      measured, so that costs little), the figure drawn once and the PNG compressed
      lightly."""

    PAD = 6   # pixels between the labels and the figure's edges
    KEPT_SIZES = 5000   # text sizes kept (each a few dozen bytes), then forgotten
    HEIGHT = 0.8        # of a bar, as barh draws it
    NUMBER_PADDING = 3  # points between a bar's end and its number, as bar_label's padding

    def __init__(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib import rcParams
        from matplotlib.lines import TICKLEFT, Line2D
        from matplotlib.transforms import offset_copy
        self.figure = Figure(figsize=FIGSIZE, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = ax = self.figure.add_subplot()
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.12)
        ax.set_xlabel("Per 1,000 words")
        ax.set_ylabel("Word")
        ax.set_yticks([])
        self.title = self.caption = ""
        self._sizes: dict[tuple, tuple[float, float]] = {}   # see _text_size
        self._bars: list = []      # Rectangle, made once (see _enough) and reused
        self._numbers: list = []   # Text, one per bar
        self._words: list = []     # Text, one per bar: the y axis's labels
        self._number_at = offset_copy(ax.transData, fig=self.figure,
                                      x=self.NUMBER_PADDING, y=0, units="points")
        # Where the y axis puts its tick labels: left of the axes by the ticks' length and
        # padding, level with the data.
        self._tick_length = rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]
        self._word_at = offset_copy(ax.get_yaxis_transform(which="tick1"), fig=self.figure,
                                    x=-self._tick_length, y=0, units="points")
        colour = rcParams["ytick.color"]
        self._word_style = dict(ha="right", va="center_baseline",
                                fontsize=rcParams["ytick.labelsize"],
                                color=(colour if rcParams["ytick.labelcolor"] == "inherit"
                                       else rcParams["ytick.labelcolor"]))
        self._ticks = Line2D([], [], linestyle="None", marker=TICKLEFT, color=colour,
                             markersize=rcParams["ytick.major.size"],
                             markeredgewidth=rcParams["ytick.major.width"],
                             transform=ax.get_yaxis_transform(which="tick1"), clip_on=False)
        ax.add_artist(self._ticks)

    def _enough(self, bars: int) -> None:
        """At least ``bars`` bars and numbers (hidden until used), made as ``barh`` and
        ``bar_label`` make theirs."""
        ax = self.ax
        while len(self._bars) < bars:
            made = ax.barh([0], [1], height=self.HEIGHT, color=PALETTE[0])
            self._bars.append(made.patches[0])
            self._numbers.append(ax.text(0, 0, "", transform=self._number_at, ha="left",
                                         va="center", fontsize=9))
            self._words.append(ax.text(0, 0, "", transform=self._word_at,
                                       **self._word_style))
            for made in (self._bars, self._numbers, self._words):
                made[-1].set_visible(False)
        ax.containers.clear()

    def visible_bars(self) -> list:
        return [b for b in self._bars if b.get_visible()]

    def visible_numbers(self) -> list:
        return [t for t in self._numbers if t.get_visible()]

    def visible_words(self) -> list:
        """The word labels shown, top to bottom."""
        return [t for t in self._words if t.get_visible()]

    def draw(self, section=None, n: int = 10, stopwords: bool = True, corpus=None,
             top=None) -> bytes:
        """Draw the top words (as :func:`top_words` does) and return the PNG. ``top``:
        what ``stats.top_words`` gives for these arguments, if already found."""
        labels, rates, counts, title, caption = _top_words_content(section, n, stopwords,
                                                                   corpus, top)
        ax, fig = self.ax, self.figure
        shown = len(labels)
        self._enough(shown)
        positions = list(range(shown))[::-1]        # the first word on top
        half = self.HEIGHT / 2
        for i, (bar, number, word) in enumerate(zip(self._bars, self._numbers, self._words)):
            visible = i < shown
            bar.set_visible(visible)
            number.set_visible(visible)
            word.set_visible(visible)
            if visible:
                bar.set_bounds(0, positions[i] - half, rates[i], self.HEIGHT)
                number.set_position((rates[i], positions[i]))
                number.set_text(str(counts[i]))
                word.set_position((0, positions[i]))
                word.set_text(labels[i])
        self._ticks.set_data([0] * shown, positions)
        fig.set_size_inches(bar_figsize(shown), forward=False)
        # The data limits: the extent of the bars shown, as adding them would give.
        if shown:
            ax.ignore_existing_data_limits = True
            ax.update_datalim([(0, positions[-1] - half),
                               (max(rates), positions[0] - half + self.HEIGHT)])
            ax.autoscale_view()
        else:
            _empty_limits(ax)
        # The title where matplotlib would put it, at the top of the axes (nothing is drawn
        # above them): given, so that matplotlib does not measure every label to find room.
        ax.set_title(title, y=1.0)
        self._fit_margins()
        self.title, self.caption = title, caption
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                    pil_kwargs={"compress_level": 1})
        return buf.getvalue()

    def _fit_margins(self) -> None:
        """Place the axes so that the word labels, the axis labels and the title fit in
        the figure: the margins are the measured sizes of those texts, in pixels (each
        text's size is kept once measured: :meth:`_text_size`)."""
        from matplotlib import rcParams
        from matplotlib.font_manager import FontProperties
        fig, ax = self.figure, self.ax
        points = fig.dpi / 72

        def size(text, fontsize):
            return self._text_size(text, FontProperties(size=fontsize))

        labels = [t.get_text() for t in self.visible_words()] or [""]
        widest = max(size(t, rcParams["ytick.labelsize"])[0] for t in labels)
        tick = self._tick_length * points
        pad = rcParams["axes.labelpad"] * points
        ylabel = size(ax.get_ylabel(), rcParams["axes.labelsize"])[1] + pad
        xlabel = size(ax.get_xlabel(), rcParams["axes.labelsize"])[1] + pad
        tick_line = size("0123456789,", rcParams["xtick.labelsize"])[1]
        title = size(ax.get_title(), rcParams["axes.titlesize"])[1] + rcParams["axes.titlepad"] * points
        width, height = fig.bbox.width, fig.bbox.height
        left = (widest + tick + ylabel + self.PAD) / width
        bottom = (tick + tick_line + xlabel + self.PAD) / height
        top = 1 - (title + self.PAD) / height
        right = 1 - 3 * self.PAD / width      # room for half of the last number
        if left < right and bottom < top:
            fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
        # The axis label where the y axis would put it: its labelpad left of the words.
        axes_width = ax.get_position().width * width
        ax.yaxis.set_label_coords(-(widest + tick + pad) / axes_width, 0.5)

    def _text_size(self, text: str, font) -> tuple[float, float]:
        """The width and height of a text in pixels, measured once for each text, font
        and resolution and then kept: the same words come back from change to change (the
        commonest words of one section are often those of another), and each measurement
        lays the text out glyph by glyph."""
        renderer = self.canvas.get_renderer()
        key = (text, font, renderer.dpi)
        if key not in self._sizes:
            if len(self._sizes) >= self.KEPT_SIZES:
                self._sizes.clear()
            w, h, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
            self._sizes[key] = (w, h)
        return self._sizes[key]

    def chart(self) -> Chart:
        """The figure as a :class:`Chart` (title and caption of the last drawing)."""
        return Chart(self.figure, self.title, self.caption)


def top_words_vs_whole(section, n: int = 10, corpus=None) -> Chart:
    """A section's top content words, per 1,000 words in the section and in the whole text."""
    stats = _stats()
    corpus = _corpus(corpus)
    span = corpus.section(section)
    rows = stats.top_words_vs_whole(span.id, n, corpus)
    title = f"Top content words of section {span.id}, against the whole text"
    fig, ax = new_figure()
    height = 0.4
    positions = list(range(len(rows)))[::-1]
    ax.barh([p + height / 2 for p in positions], [r[2] for r in rows], height,
            color=PALETTE[0], label=f"Section {span.id}")
    ax.barh([p - height / 2 for p in positions], [r[4] for r in rows], height,
            color=PALETTE[1], hatch="//", edgecolor="#333333", linewidth=0.5,
            label="Whole text")
    ax.set_yticks(positions, [r[0] for r in rows])
    ax.legend(frameon=False, loc="lower right")
    _finish(ax, title, "Per 1,000 words", "Word")
    if rows:
        top = rows[0]
        ratio = max(rows, key=lambda r: (r[2] / r[4], r[0]))
        caption = (f"Each word has two bars: its rate in section {span.id} (plain) and in the "
                   f"whole text (hatched). The section's most frequent content word, "
                   f"'{top[0]}', comes {_fmt(top[2])} times per 1,000 words there against "
                   f"{_fmt(top[4])} in the whole text; relative to the whole text, "
                   f"'{ratio[0]}' is the most concentrated ({_fmt(ratio[2] / ratio[4])} times "
                   "its overall rate). Stopwords are left out.")
    else:
        caption = f"Section {span.id} has no word outside the stopword list."
    return Chart(fig, title, caption)


def key_terms(terms=None, corpus=None, include_introduction: bool = False) -> Chart:
    """Keywords by section: each term's rate per 1,000 words in each section."""
    stats = _stats()
    corpus = _corpus(corpus)
    terms = list(terms or stats.KEY_TERMS)
    data = stats.key_terms_rows(terms, corpus)
    spans = [s for s in corpus.sections if include_introduction or s.id != "0"] or corpus.sections
    title = "Key terms in each section, per 1,000 words"
    fig, ax = new_figure((7.0, 0.75 * len(terms) + 1.4))
    height = 0.8 / max(len(spans), 1)
    positions = list(range(len(terms)))[::-1]
    for k, span in enumerate(spans):
        rates = [dict((s.id, r) for s, _, r in per)[span.id] for _, _, per in data]
        offsets = [p + 0.4 - height * (k + 0.5) for p in positions]
        ax.barh(offsets, rates, height, color=PALETTE[k % len(PALETTE)],
                hatch=HATCHES[k % len(HATCHES)], edgecolor="#333333", linewidth=0.4,
                label=f"Section {span.id}")
    ax.set_yticks(positions, terms)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=min(len(spans), 6), title="Within each group, top to bottom:",
              title_fontsize=8)
    _finish(ax, title, "Per 1,000 words", "Term")
    parts = []
    for term, total, per in data:
        best = max((x for x in per if x[0] in spans), key=lambda x: (x[2], -int(x[0].id)))
        parts.append(f"'{term}' is densest in section {best[0].id} ({_fmt(best[2])})"
                     if total else f"'{term}' does not occur")
    caption = ("Each group of bars is one term; within a group, the sections run from top "
               "to bottom in the text's order, each with its own colour and hatching. "
               + "; ".join(parts) + ".")
    return Chart(fig, title, caption)


def sentence_lengths(section=None, corpus=None, width: int = 5) -> Chart:
    """A histogram of sentence lengths in words, with the mean and the median marked."""
    stats = _stats()
    corpus = _corpus(corpus)
    text = ("\n\n".join(p.text for p in corpus.paragraphs) if section is None
            else corpus.section_text(corpus.section(section).id))
    lengths = stats.sentence_lengths(text)
    where = "the whole text" if section is None else f"section {corpus.section(section).id}"
    title = f"Sentence lengths in {where}"
    fig, ax = new_figure()
    if lengths:
        top = max(lengths)
        edges = list(range(0, top + width + 1, width))
        ax.hist(lengths, bins=edges, color=PALETTE[2], edgecolor="white")
        mean = sum(lengths) / len(lengths)
        median = float(__import__("statistics").median(lengths))
        ax.axvline(mean, color=PALETTE[5], linestyle="--", linewidth=1.5,
                   label=f"mean {_fmt(mean)}")
        ax.axvline(median, color="#000000", linestyle=":", linewidth=1.5,
                   label=f"median {_fmt(median)}")
        ax.legend(frameon=False)
        caption = (f"{len(lengths)} sentences in {where}, from {min(lengths)} to {top} words "
                   f"long, in bins of {width} words; the mean is {_fmt(mean)} words (dashed "
                   f"line) and the median {_fmt(median)} (dotted line).")
    else:
        caption = f"{where} has no sentence."
    _finish(ax, title, "Words per sentence", "Number of sentences")
    return Chart(fig, title, caption)


def dispersion(terms=None, corpus=None) -> Chart:
    """Where each term occurs across the text: one row per term, section boundaries marked."""
    stats = _stats()
    corpus = _corpus(corpus)
    result = stats.dispersion(terms or stats.KEY_TERMS, corpus)
    title = "Where the key terms occur in the text"
    fig, ax = new_figure((7.0, 0.45 * len(result.terms) + 1.6))
    rows = list(range(len(result.terms)))[::-1]
    for k, (term, row) in enumerate(zip(result.terms, rows)):
        ax.vlines(result.positions[term], row - 0.35, row + 0.35,
                  color=LINE_COLOURS[k % len(LINE_COLOURS)], linewidth=1.2)
    for span in result.sections:
        ax.axvline(span.start, color="#777777", linestyle=":", linewidth=0.8)
        if span.start == 0 and len(result.sections) > 1:
            continue  # the first section starts at the edge; its number would collide
        ax.text(span.start + 3, len(result.terms) - 0.45, span.id, fontsize=8, color="#333333",
                va="bottom")
    ax.set_yticks(rows, [f"{t} ({len(result.positions[t])})" for t in result.terms])
    ax.set_xlim(0, max(result.total, 1))
    ax.set_ylim(-0.6, len(result.terms) - 0.1 + 0.5)
    _finish(ax, title, "Position in the text (word number)", "Term (occurrences)")
    parts = []
    for term in result.terms:
        hits = result.positions[term]
        inside = sorted({corpus.paragraph_at(i).section for i in hits}, key=int)
        parts.append(f"'{term}' in section{'s' if len(inside) != 1 else ''} "
                     f"{', '.join(inside)}" if hits else f"'{term}' nowhere")
    caption = ("Each tick is one occurrence; dotted lines mark where each section begins "
               "(numbered at the top). " + "; ".join(parts) + ".")
    return Chart(fig, title, caption)


def keyness(section, n: int = 10, corpus=None, min_freq: int = 2) -> Chart:
    """The words most distinctive of one section: log ratio as bars, G2 written beside."""
    stats = _stats()
    corpus = _corpus(corpus)
    span = corpus.section(section)
    found = stats.section_keywords(span.id, n, corpus, min_freq=min_freq)
    title = f"Words most distinctive of section {span.id} against the rest"
    fig, ax = new_figure()
    positions = list(range(len(found)))[::-1]
    strong = [k.g2 >= 3.84 for k in found]
    bars = ax.barh(positions, [k.log_ratio for k in found],
                   color=[PALETTE[5] if s else PALETTE[4] for s in strong],
                   hatch=None, edgecolor="#333333", linewidth=0.4)
    for bar_, s in zip(bars, strong):
        if not s:
            bar_.set_hatch("//")
    ax.bar_label(bars, labels=[f"G2 {k.g2:.1f}" for k in found], padding=3, fontsize=8)
    ax.set_yticks(positions, [k.word for k in found])
    ax.margins(x=0.18)
    _finish(ax, title, "Log ratio (+1 = twice as frequent as in the rest)", "Word")
    if found:
        top = found[0]
        caption = (f"Ranked by log-likelihood (G2), the words most distinctive of section "
                   f"{span.id} ({span.size} words) are led by '{top.word}' ({top.count} times "
                   f"in the section, {top.ref_count} in the rest). Bar length is the log ratio; "
                   "hatched bars have G2 below 3.84, the conventional threshold (p < 0.05).")
    else:
        caption = f"No word of section {span.id} is seen at least {min_freq} times and more often than in the rest."
    return Chart(fig, title, caption)
