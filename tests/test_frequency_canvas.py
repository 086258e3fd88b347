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
                        + "a b c"), ("2", "2", "short words only here")]))
    canvas = plots.TopWordsCanvas()
    sections = [None] + [s.id for s in c.sections]
    for n, section, stopwords in [(3, sections[1], True), (30, None, False),
                                  (10, sections[-1], True), (20, None, True)]:
        png = canvas.draw(section, n, stopwords, c)
        reference = plots.top_words(section, n, stopwords, c)
        ax = canvas.ax
        assert canvas.title == reference.title and canvas.caption == reference.caption
        shown = [t.get_text() for t in ax.get_yticklabels()]
        assert shown == [t.get_text() for t in reference.figure.axes[0].get_yticklabels()]
        assert len(ax.patches) == len(shown)          # nothing left of the last drawing
        assert [t.get_text() for t in ax.texts] == \
            [t.get_text() for t in reference.figure.axes[0].texts]
        assert canvas.figure.get_figheight() == reference.figure.get_figheight()
        renderer = canvas.canvas.get_renderer()
        low, high = ax.get_xlim()
        drawn = [t.label1 for t in ax.xaxis.get_major_ticks() if low <= t.get_loc() <= high]
        inside(canvas.figure, renderer, ax.get_yticklabels() + drawn
               + [ax.title, ax.xaxis.label, ax.yaxis.label] + ax.texts)
        boxes = sorted((t.get_window_extent(renderer) for t in ax.get_yticklabels()),
                       key=lambda b: b.y0)
        assert all(lo.y1 <= hi.y0 for lo, hi in zip(boxes, boxes[1:]))
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
