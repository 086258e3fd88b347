"""Charts: titled, labelled axes, the colour-blind-safe palette, a caption in text saying
what the reader should see, drawn without pyplot."""

import matplotlib.colors as mcolors
import pytest

from closereading import plots, stats

CHARTS = {
    "top words": lambda: plots.top_words(),
    "top words of a section": lambda: plots.top_words(3, n=5, stopwords=False),
    "top words against the whole": lambda: plots.top_words_vs_whole(3),
    "key terms by section": lambda: plots.key_terms(),
    "sentence lengths": lambda: plots.sentence_lengths(),
    "sentence lengths of a section": lambda: plots.sentence_lengths(1),
    "dispersion": lambda: plots.dispersion(),
    "keyness": lambda: plots.keyness(5),
}
ALLOWED = {mcolors.to_rgba(c)[:3] for c in plots.PALETTE} | {mcolors.to_rgba(c)[:3] for c in
                                                            ("#333333", "#777777", "white")}


@pytest.fixture(params=list(CHARTS), ids=list(CHARTS))
def chart(request):
    return CHARTS[request.param]()


def test_every_chart_is_titled_labelled_and_captioned(chart):
    ax = chart.figure.axes[0]
    assert ax.get_title() == chart.title and chart.title
    assert ax.get_xlabel() and ax.get_ylabel()
    assert len(chart.caption) > 40
    assert repr(chart) == f"Chart: {chart.title}\nFigure: {chart.caption}"
    assert chart.png().startswith(b"\x89PNG")


def _rgb(colour):
    return tuple(round(x, 3) for x in mcolors.to_rgba(colour)[:3])


def test_every_chart_uses_the_palette(chart):
    """Bars, ticks and lines take their colours from the palette (greys for rules)."""
    ax = chart.figure.axes[0]
    colours = {_rgb(p.get_facecolor()) for p in ax.patches}
    colours |= {_rgb(rgba) for coll in ax.collections for rgba in coll.get_color()}
    colours |= {_rgb(line.get_color()) for line in ax.lines}
    assert colours and colours <= {_rgb(c) for c in ALLOWED}


def test_charts_do_not_touch_pyplot():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    plots.key_terms()
    plots.dispersion()
    assert plt.get_fignums() == before


def test_captions_say_what_the_numbers_show():
    assert "'security' is densest in section 3 (80.9)" in plots.key_terms().caption
    assert "'security' in sections 1, 2, 3" in plots.dispersion().caption
    assert "led by 'regional' (7 times in the section, 0 in the rest)" in plots.keyness(5).caption
    lengths = stats.sentence_lengths("\n\n".join(p.text for p in stats.course_corpus().paragraphs))
    assert f"{len(lengths)} sentences in the whole text" in plots.sentence_lengths().caption
    assert "'countries', 32 times in 1414 words" in plots.top_words().caption


def test_series_differ_by_more_than_colour():
    ax = plots.key_terms().figure.axes[0]
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) == 5   # one hatching per sub-section
    ax = plots.top_words_vs_whole(2).figure.axes[0]
    assert {p.get_hatch() for p in ax.patches} == {None, "//"}
    ax = plots.keyness(0).figure.axes[0]   # weak keywords are hatched too
    assert any(p.get_hatch() == "//" for p in ax.patches)


def test_empty_results_still_give_a_chart_with_a_caption():
    corpus = stats.Corpus([("1.1", "1", "The and of the.")], {"1": "Only stopwords"})
    chart = plots.top_words(corpus=corpus)
    assert "no word outside the stopword list" in chart.caption
    assert chart.png().startswith(b"\x89PNG")
    chart = plots.keyness(1, corpus=stats.Corpus([("1.1", "1", "a b"), ("2.1", "2", "a b")]))
    assert "No word of section 1" in chart.caption


def test_display_is_one_figure_whose_image_says_what_the_chart_shows():
    """JupyterLab ignores an alt in image metadata: the chart is an HTML figure whose
    image has the title and caption as its text alternative, the caption below it."""
    import html
    import re
    chart = plots.keyness(3)
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    page = bundle["text/html"]
    assert page.startswith("<figure") and page.endswith("</figure>")
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 1
    alt = html.unescape(re.search(r' alt="([^"]*)"', images[0]).group(1))
    assert alt == f"Chart: {chart.title}. {chart.caption}"
    data = re.search(r'src="data:image/png;base64,([^"]+)"', images[0]).group(1)
    import base64
    assert base64.b64decode(data) == chart.png()
    caption = re.search(r"<figcaption[^>]*>(.*)</figcaption>", page).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", caption)) == f"Figure: {chart.caption}"
    assert bundle["text/plain"] == f"Chart: {chart.title}\nFigure: {chart.caption}"


def test_the_figure_is_the_same_on_every_run():
    # nbval compares the committed text/html, the image's bytes included.
    assert plots.keyness(3).figure_html() == plots.keyness(3).figure_html()


def test_every_chart_of_the_notebooks_has_its_caption_as_text_alternative():
    import html
    import re
    for chart in (plots.top_words(n=12), plots.key_terms(), plots.dispersion(),
                  plots.keyness(5), plots.sentence_lengths(), plots.top_words_vs_whole(1)):
        alt = html.unescape(re.search(r' alt="([^"]*)"', chart.figure_html()).group(1))
        assert chart.caption in alt and chart.title in alt


def test_a_screen_reader_reads_the_caption_once():
    # The caption is in the image's alt; the visible figcaption repeats it for the eye
    # only, so it is hidden from assistive technology (and is the only thing hidden).
    import re
    for chart in (plots.keyness(3), plots.sentence_lengths()):
        page = chart.figure_html()
        assert chart.caption in chart.alt
        assert re.findall(r"<figcaption[^>]*>", page) == [
            '<figcaption aria-hidden="true" style="margin-top:0.2em">']
        assert page.count("aria-hidden") == 1


def test_the_alt_text_is_escaped():
    chart = plots.Chart(plots.new_figure()[0], 'a "title"', '<b>x</b> & "y"')
    page = chart.figure_html()
    assert '<b>' not in page and 'alt="Chart: a &quot;title&quot;. &lt;b&gt;x&lt;/b&gt;' in page


def test_caption_html_is_escaped():
    chart = plots.Chart(None, "t", "<script>alert(1)</script> & more")
    assert "<script>" not in chart.caption_view().html
    assert "&lt;script&gt;" in chart.caption_view().html
