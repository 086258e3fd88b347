"""The frequency explorer's chart (``plots.TopWordsCanvas``): one figure redrawn at every
change shows what ``plots.top_words`` shows, keeps nothing of the previous drawing, and
fits its labels inside the image."""

import io

import pytest

from closereading import explorers, plots, stats


def inside(fig, renderer, texts):
    box = fig.bbox
    for t in texts:
        if t.get_text():
            e = t.get_window_extent(renderer)
            assert box.x0 <= e.x0 and e.x1 <= box.x1 and box.y0 <= e.y0 and e.y1 <= box.y1, \
                (t.get_text(), e, box)


@pytest.mark.parametrize("corpus", ["course", "long words"])
def test_each_drawing_shows_the_top_words_and_fits_in_the_image(corpus):
    from PIL import Image
    c = (stats.course_corpus() if corpus == "course" else
         stats.Corpus([("1", "1", "internationalisation " * 5 + "counter-revolutionaries " * 3
                        + "a b c"), ("2", "2", "short words only here"),
                        ("3", "3", "The and of the.")]))   # no word outside the stopwords
    canvas = plots.TopWordsCanvas()
    sections = [None] + [s.id for s in c.sections]
    for n, section, stopwords in [(3, sections[1], True), (30, None, False),
                                  (10, sections[-1], True), (20, None, True),
                                  (5, sections[-1], False)]:
        png = canvas.draw(section, n, stopwords, c)
        reference = plots.top_words(section, n, stopwords, c)
        ax = canvas.ax
        assert canvas.title == reference.title and canvas.caption == reference.caption
        ref = reference.figure.axes[0]
        words = canvas.visible_words()
        shown = [t.get_text() for t in words]
        assert shown == [t.get_text() for t in ref.get_yticklabels()]
        # The words and their ticks placed and styled as the y axis places and styles
        # its tick labels and ticks (the canvas draws them itself).
        assert [t.get_position()[1] for t in words] == list(ref.get_yticks())
        ref_labels = ref.get_yticklabels()
        for t, r in zip(words, ref_labels):
            assert (t.get_ha(), t.get_va(), t.get_fontsize(), t.get_color()) == \
                (r.get_ha(), r.get_va(), r.get_fontsize(), r.get_color())
        tick_to_label = (ref.yaxis.get_major_ticks()[0].get_tick_padding()
                         + ref.yaxis.get_major_ticks()[0].get_pad()) if shown else 0
        for t in words:
            y = t.get_position()[1]
            left = ax.get_yaxis_transform(which="tick1").transform((0, y))
            assert t.get_transform().transform((0, y)) == pytest.approx(
                left - [tick_to_label * canvas.figure.dpi / 72, 0])
        ref_tick = ref.yaxis.get_major_ticks()[0].tick1line if shown else None
        ticks = canvas._ticks
        assert list(ticks.get_ydata()) == list(ref.get_yticks())
        assert set(ticks.get_xdata()) <= {0}
        if ref_tick is not None:
            assert (ticks.get_marker(), ticks.get_markersize(), ticks.get_markeredgewidth(),
                    ticks.get_color()) == (ref_tick.get_marker(), ref_tick.get_markersize(),
                                           ref_tick.get_markeredgewidth(),
                                           ref_tick.get_color())
        # Nothing left of the last drawing: as many bars and numbers shown as words, the
        # same bars, numbers and limits as the reference (bars and numbers are reused).
        assert len(canvas.visible_bars()) == len(shown)
        assert [x for b in canvas.visible_bars() for x in b.get_bbox().bounds] == \
            pytest.approx([x for b in ref.patches for x in b.get_bbox().bounds], rel=1e-12)
        assert [t.get_text() for t in canvas.visible_numbers()] == \
            [t.get_text() for t in ref.texts]
        assert [t.get_position() for t in canvas.visible_numbers()] == \
            [t.xy for t in ref.texts]
        assert [(t.get_ha(), t.get_va(), t.get_fontsize()) for t in canvas.visible_numbers()] \
            == [(t.get_ha(), t.get_va(), t.get_fontsize()) for t in ref.texts]
        # bar_label puts each number 3 points right of its bar's end; so does the canvas.
        for t in canvas.visible_numbers():
            x, y = t.get_position()
            bar_end = ax.transData.transform((x, y))
            assert t.get_transform().transform((x, y)) == pytest.approx(
                bar_end + [3 * canvas.figure.dpi / 72, 0])
        assert {t.xyann for t in ref.texts} <= {(3, 0)}
        assert ax.get_xlim() == pytest.approx(ref.get_xlim(), rel=1e-12)
        assert ax.get_ylim() == pytest.approx(ref.get_ylim(), rel=1e-12)
        assert canvas.figure.get_figheight() == reference.figure.get_figheight()
        renderer = canvas.canvas.get_renderer()
        low, high = ax.get_xlim()
        drawn = [t.label1 for t in ax.xaxis.get_major_ticks() if low <= t.get_loc() <= high]
        inside(canvas.figure, renderer, words + drawn
               + [ax.title, ax.xaxis.label, ax.yaxis.label] + canvas.visible_numbers())
        boxes = sorted((t.get_window_extent(renderer) for t in words), key=lambda b: b.y0)
        assert all(lo.y1 <= hi.y0 for lo, hi in zip(boxes, boxes[1:]))
        # The axis label where the y axis would put it: its labelpad left of the words.
        if words:
            label = ax.yaxis.label.get_window_extent(renderer)
            assert label.x1 == pytest.approx(min(b.x0 for b in boxes)
                                             - ax.yaxis.labelpad * canvas.figure.dpi / 72,
                                             abs=1.0)
        image = Image.open(io.BytesIO(png))
        assert image.size == (round(canvas.figure.bbox.width), round(canvas.figure.bbox.height))


def test_the_explorer_draws_on_one_figure_and_its_caption_follows():
    freq = explorers.frequency_explorer()
    canvas = freq._canvas
    for section in ("1", "3", ""):
        freq.section.value = section
        assert freq._canvas is canvas
        assert '<img src="data:image/png;base64,iVBORw0KGgo' in freq.chart.value  # a PNG
        expected = plots.top_words(section or None, freq.n.value, True).caption_view().html
        assert freq.chart_caption == expected


def test_a_drawing_is_the_same_whatever_the_canvas_drew_before():
    # The canvas keeps the sizes of the texts it measured and forgets the last bars'
    # limits before drawing new ones: neither may show in the picture.
    c = stats.course_corpus()
    fresh = plots.TopWordsCanvas().draw("3", 12, True, c)
    canvas = plots.TopWordsCanvas()
    for section, n, stopwords in [(None, 30, False), ("1", 5, True), ("3", 10, False)]:
        canvas.draw(section, n, stopwords, c)
    assert canvas.draw("3", 12, True, c) == fresh
    top = stats.top_words(c.counts("3"), 12, stats.load_stopwords())
    assert canvas.draw("3", 12, True, c, top) == fresh


def test_a_chart_without_bars_leaves_nothing_behind():
    # A section with no word outside the stopwords, between two with words: its empty
    # chart does not keep the last scale, and the next chart is scaled afresh (limits
    # set for the empty chart once turned autoscaling off for good).
    c = stats.Corpus([("1", "1", "alpha beta beta gamma"), ("2", "2", "The and of the."),
                      ("3", "3", "delta delta delta delta epsilon")])
    fresh = {section: plots.TopWordsCanvas().draw(section, 5, True, c)
             for section in ("1", "2", "3")}
    canvas = plots.TopWordsCanvas()
    for section in ("1", "2", "3", "2", "1"):
        assert canvas.draw(section, 5, True, c) == fresh[section], section
        reference = plots.top_words(section, 5, True, c).figure.axes[0]
        assert canvas.ax.get_xlim() == pytest.approx(reference.get_xlim(), rel=1e-12)
        assert canvas.ax.get_ylim() == pytest.approx(reference.get_ylim(), rel=1e-12)
        assert len(canvas.visible_bars()) == len(reference.patches) == \
            {"1": 3, "2": 0, "3": 2}[section]
