"""The explorers, driven as a learner would (setting values runs the observers), without a
browser or a kernel."""

import pytest

from closereading import explorers, stats


@pytest.fixture
def kwic():
    return explorers.kwic_explorer("security", window=5)


def test_kwic_explorer_starts_on_its_query(kwic):
    assert repr(kwic) == ("Keyword-in-context explorer: 21 hits for 'security' in all "
                          "sections, 5 words of context")
    html = kwic.results.value
    assert "&#x27;security&#x27;: 21 occurrences in the whole text" in html
    assert html.count("<strong>security</strong>") + html.count("<strong>Security</strong>") == 21
    assert "Hits per section" in html


def test_typing_updates_the_results_at_each_keystroke(kwic):
    seen = []
    for i in range(1, len("cooperation") + 1):
        kwic.query.value = "cooperation"[:i]
        seen.append(kwic.results.value)
    assert "No occurrence of &#x27;coop&#x27;" in seen[3]
    assert "&#x27;cooperation&#x27;: 8 occurrences" in seen[-1]
    assert kwic.updates == 1 + len("cooperation")


def test_window_and_section_change_the_table(kwic):
    kwic.window.value = 1
    narrow = kwic.hits()
    assert all(len(stats.words(h.left)) <= 1 and len(stats.words(h.right)) <= 1 for h in narrow)
    kwic.section.value = "3"
    assert "19 shown from section 3" in kwic.results.value
    assert "in section 3" in repr(kwic)
    kwic.section.value = ""
    assert "21 shown from the whole text" in kwic.results.value


@pytest.mark.parametrize("query", ["", "   ", "(", "[*", "\\", ".*?"])
def test_wordless_queries_ask_for_a_word(kwic, query):
    kwic.query.value = query
    assert "Type a word or a phrase" in kwic.results.value
    assert "0 hits" in repr(kwic)


def test_learner_input_is_escaped(kwic):
    kwic.query.value = '<img src=x onerror="alert(1)"> security'
    assert "<img" not in kwic.results.value
    assert "No occurrence of &#x27;img src x onerror alert 1 security&#x27;" in kwic.results.value
    assert "<img" not in kwic._repr_mimebundle_()["text/html"]


def test_unicode_and_phrases(kwic):
    kwic.query.value = "\u548c\u5e73"
    assert "No occurrence" in kwic.results.value
    kwic.query.value = "COMMON   security"
    assert "&#x27;common security&#x27;: 5 occurrences" in kwic.results.value


def test_long_result_lists_are_cut_and_say_so():
    corpus = stats.Corpus([("1.1", "1", "word " * (explorers.MAX_ROWS + 30))])
    ex = explorers.kwic_explorer("word", corpus=corpus)
    assert f"The first {explorers.MAX_ROWS} of {explorers.MAX_ROWS + 30} hits are shown." \
        in ex.results.value
    # the concordance's rows and heading, and the hits per section (heading, one section)
    assert ex.results.value.count("<tr>") == explorers.MAX_ROWS + 1 + 2


def test_every_control_has_a_visible_label(kwic):
    freq = explorers.frequency_explorer()
    for control in kwic.controls + freq.controls:
        assert control.description.strip()
    assert freq.stopwords.indent is False   # the check box's label sits beside it


def test_the_static_face_is_deterministic_and_has_no_output_widget(kwic):
    import ipywidgets
    other = explorers.kwic_explorer("security", window=5)
    a, b = kwic._repr_mimebundle_(), other._repr_mimebundle_()
    assert a["text/plain"] == b["text/plain"] and a["text/html"] == b["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in a
    assert "run the notebook to use its controls" in a["text/html"]

    def walk(w):
        yield w
        for child in getattr(w, "children", ()):
            yield from walk(child)
    assert not any(isinstance(w, ipywidgets.Output) for w in walk(kwic.widget))


def test_frequency_explorer_controls():
    freq = explorers.frequency_explorer(n=5)
    assert repr(freq) == ("Frequency explorer: top 5 words of the whole text, stopwords "
                          "left out")
    assert freq.results.value.count("<tr>") == 1 + 5
    assert ">the<" not in freq.results.value and ">countries<" in freq.results.value
    assert freq.chart.value.startswith('<figure class="cr-chart"')
    assert 'src="data:image/png;base64,iVBOR' in freq.chart.value  # a PNG
    freq.stopwords.value = False
    assert ">the<" in freq.results.value or ">and<" in freq.results.value
    freq.n.value = 12
    assert freq.results.value.count("<tr>") == 1 + 12
    freq.section.value = "5"
    assert ">regional<" in freq.results.value
    assert "section 5" in freq.chart_caption
    html = freq._repr_mimebundle_()["text/html"]
    assert "The chart is drawn when it runs." in html and "<img" not in html


def test_presets_for_the_section_notebooks():
    ex = explorers.kwic_explorer(query="regional", section=5)
    assert "7 shown from section 5" in ex.results.value
    assert "7 hits for 'regional' in section 5" in repr(ex)
    with pytest.raises(Exception):
        explorers.kwic_explorer(query="x", section=9)   # no such section


# ---------------------------------------------------------------------------------------
# Issue 8, item 6: what a learner sees in the explorers


def _rows(html):
    import re
    return re.findall(r"<tr>(.*?)</tr>", html)


def test_a_two_word_match_never_wraps_and_contexts_touch_it_as_in_the_text():
    import html as H
    import re
    out = explorers.kwic_explorer("each other", section=1).results.value
    rows = [r for r in _rows(out) if "<strong>" in r]
    assert rows
    for row in rows:
        cells = re.findall(r"<td style=\"([^\"]*)\">(.*?)</td>", row)
        assert "white-space:nowrap" in cells[2][0]  # the match
        left, match, right = (H.unescape(re.sub(r"<[^>]+>", "", c)) for _, c in cells[1:])
        line = left + match + right
        assert " ," not in line and " ." not in line and "  " not in line, line
    # "each other, draw" reads as in the text: no space before the comma
    assert any(H.unescape(re.sub(r"<[^>]+>", "", r)).find("each other, draw") >= 0
               for r in rows)
    # and a word after the match keeps its space
    assert any("each other and" in H.unescape(re.sub(r"<[^>]+>", "", r)) for r in rows)


@pytest.mark.parametrize("left, right, joins", [
    ("respect", "and treat", (" ", " ")),
    ("cooperate with", ", draw on", (" ", "")),
    ("the", ". Then", (" ", "")),
    ("(", ")", ("", "")),
    ("\u201c", "\u201d said", ("", "")),
    ("", "", ("", "")),
])
def test_joins_between_context_and_match(left, right, joins):
    assert explorers._joins(left, "x", right) == joins


def test_hits_and_rate_columns_are_apart():
    out = explorers.kwic_explorer("security").results.value
    import re
    table = out[:out.index("</table>")]
    for cell in re.findall(r"<t[hd] [^>]*style=\"([^\"]*)\"", table):
        assert "padding:" in cell  # widget HTML has no table style: cells need room
    freq = explorers.frequency_explorer().results.value
    assert all("padding:" in c for c in re.findall(r"<t[hd] [^>]*style=\"([^\"]*)\"", freq))


def test_every_control_is_a_labelled_form_control_with_a_tooltip():
    """ipywidgets 8 draws a slider as a div with role slider that no label or trait can
    name (axe: aria-input-field-name); number boxes are labelled inputs."""
    import ipywidgets as w
    for explorer in (explorers.kwic_explorer("security"), explorers.frequency_explorer()):
        for control in explorer.controls:
            assert not isinstance(control, (w.IntSlider, w.FloatSlider, w.SelectionSlider))
            assert control.description.strip() and len(control.tooltip) > 20, control
            assert control.tooltip != control.description
    k = explorers.kwic_explorer("security")
    assert isinstance(k.window, w.BoundedIntText) and (k.window.min, k.window.max) == (1, 15)
    k.window.value = 40
    assert k.window.value == 15


def test_the_frequency_chart_has_its_caption_as_text_alternative():
    from closereading import plots
    from closereading.html import esc
    f = explorers.frequency_explorer(n=5)
    for n in (5, 7):
        f.n.value = n
        chart = plots.top_words(None, n, True)   # what the explorer's canvas draws
        assert f.chart.value.startswith('<figure class="cr-chart"')
        assert f' alt="{esc(chart.alt)}"' in f.chart.value
        assert f"<em>Figure:</em> {esc(chart.caption)}</figcaption>" in f.chart.value
    assert f' alt="Chart: {chart.title}. ' in f.chart.value


def test_the_frequency_chart_grows_with_the_number_of_words_and_labels_do_not_overlap():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from closereading import plots
    heights = {}
    for n in (3, 10, 20, 30):
        fig = plots.top_words(None, n, True).figure
        heights[n] = fig.get_figheight()
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        ax = fig.axes[0]
        boxes = sorted((lab.get_window_extent(renderer) for lab in ax.get_yticklabels()
                        if lab.get_text()), key=lambda b: b.y0)
        assert len(boxes) == n
        for lower, upper in zip(boxes, boxes[1:]):
            assert lower.y1 <= upper.y0, (n, lower, upper)
    assert heights[3] <= heights[10] < heights[20] < heights[30]
