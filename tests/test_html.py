"""The building blocks of what the notebooks display (``closereading.html``), each output
written out by hand: escaping, a learner's typed text, ``Rich``, tables, headings and
paragraphs. Written for mutation testing (issue 14, tests/MUTANTS.md): the other tests
reach these functions only through the views that use them."""

import pytest

from closereading import html as H


def test_esc_escapes_text_and_attribute_values():
    assert H.esc('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert H.esc(None) == ""
    assert H.esc(0) == "0" and H.esc(False) == "False" and H.esc(2.5) == "2.5"
    assert H.esc("") == ""


def test_safe_text_keeps_whole_characters_and_replaces_each_lone_half():
    assert H.safe_text("caf\u00e9 \U0001F600") == "caf\u00e9 \U0001F600"
    assert H.safe_text("I \ud83d\ude00 it") == "I \U0001F600 it"      # a pair sent in halves
    assert H.safe_text("a\ud800b") == "a\ufffdb"
    assert H.safe_text("\udc00a\ud83d") == "\ufffda\ufffd"
    assert H.safe_text("\ud800\ud800") == "\ufffd\ufffd"
    assert H.safe_text("") == ""
    assert H.safe_text(None) == "" and H.safe_text(7) == "" and H.safe_text(b"ab") == ""


class Printer:
    """IPython's pretty printer, as far as ``_repr_pretty_`` uses it."""

    def __init__(self):
        self.out = []

    def text(self, s):
        self.out.append(s)


def test_rich_shows_html_to_jupyter_and_text_elsewhere():
    r = H.Rich("<b>a</b>", "a")
    assert (r.html, r.text) == ("<b>a</b>", "a")
    assert r._repr_html_() == "<b>a</b>"
    assert repr(r) == "a" and str(r) == "a" and f"{r}" == "a"
    p = Printer()
    r._repr_pretty_(p, False)
    assert p.out == ["a"]
    both = r + H.Rich("<i>b</i>", "b")
    assert (both.html, both.text) == ("<b>a</b><i>b</i>", "a\n\nb")


def test_a_table_with_a_caption_and_a_right_aligned_column_by_hand():
    t = H.table(["Word", "n"], [["peace", 12], ["a<b", None]], caption="Top & words",
                align=["l", "r"])
    assert t.html == (
        '<table><caption style="caption-side:top;text-align:left">Top &amp; words</caption>'
        '<thead><tr><th scope="col" style="text-align:left">Word</th>'
        '<th scope="col" style="text-align:right">n</th></tr></thead><tbody>'
        '<tr><td style="text-align:left;vertical-align:top">peace</td>'
        '<td style="text-align:right;vertical-align:top">12</td></tr>'
        '<tr><td style="text-align:left;vertical-align:top">a&lt;b</td>'
        '<td style="text-align:right;vertical-align:top"></td></tr></tbody></table>')
    assert t.text == ("Top & words\n"
                      "Word    n\n"
                      "-----  --\n"
                      "peace  12\n"
                      "a<b")


def test_a_table_without_caption_or_alignment_is_left_aligned():
    rows = (row for row in [["x", "yy"], ["long cell", None]])   # read once only
    t = H.table(["A", "B"], rows)
    assert t.html == (
        '<table><thead><tr><th scope="col" style="text-align:left">A</th>'
        '<th scope="col" style="text-align:left">B</th></tr></thead><tbody>'
        '<tr><td style="text-align:left;vertical-align:top">x</td>'
        '<td style="text-align:left;vertical-align:top">yy</td></tr>'
        '<tr><td style="text-align:left;vertical-align:top">long cell</td>'
        '<td style="text-align:left;vertical-align:top"></td></tr></tbody></table>')
    assert t.text == ("A          B\n"
                      "---------  --\n"
                      "x          yy\n"
                      "long cell")
    assert H.table(["A"], [["x"]], caption="").text == "A\n-\nx"
    assert "<caption" not in H.table(["A"], [["x"]], caption="").html


def test_a_table_whose_headers_are_wider_than_its_cells():
    t = H.table(["Paragraph", "Words"], [["1.2", 7]], align=["l", "r"])
    assert t.text == ("Paragraph  Words\n"
                      "---------  -----\n"
                      "1.2            7")
    assert H.table(["Word"], []).text == "Word\n----"


@pytest.mark.parametrize("level, tag", [(None, "h3"), (2, "h2"), (4, "h4")])
def test_a_heading_is_escaped_in_html_and_plain_in_text(level, tag):
    args = () if level is None else (level,)
    h = H.heading("Peace & <development>", *args)
    assert h.html == f"<{tag}>Peace &amp; &lt;development&gt;</{tag}>"
    assert h.text == "Peace & <development>"


def test_paragraphs_carry_their_ids_in_words():
    items = (pair for pair in [("1.2", "Politically, <all> & more."), ("1.3", "Economically.")])
    p = H.paragraphs(items)
    assert p.html == (
        '<div><p id="para-1.2" style="margin:0.4em 0"><strong aria-label="Paragraph 1.2">'
        "[1.2]</strong> Politically, &lt;all&gt; &amp; more.</p>"
        '<p id="para-1.3" style="margin:0.4em 0"><strong aria-label="Paragraph 1.3">'
        "[1.3]</strong> Economically.</p></div>")
    assert p.text == "[1.2] Politically, <all> & more.\n\n[1.3] Economically."
    own = H.paragraphs([('a"b', "x")], label="Passage")
    assert own.html == ('<div><p id="para-a&quot;b" style="margin:0.4em 0">'
                        '<strong aria-label="Passage a&quot;b">[a&quot;b]</strong> x</p></div>')
    assert own.text == '[a"b] x'
    assert (H.paragraphs([]).html, H.paragraphs([]).text) == ("<div></div>", "")


# Chinese marked as such (WCAG 3.1.2, "Language of Parts")

def test_each_run_of_chinese_in_the_text_is_marked():
    from closereading.html import mark_languages
    assert mark_languages("<p>the Chinese, 《中国的和平发展》, and 核心利益 (hexin liyi)</p>") == (
        '<p>the Chinese, <span lang="zh-Hans">《中国的和平发展》</span>, and '
        '<span lang="zh-Hans">核心利益</span> (hexin liyi)</p>')
    # CJK punctuation inside a run stays in it; a run needs one Han character at least
    assert mark_languages("<b>领土完整、国家统一</b> 、") == (
        '<b><span lang="zh-Hans">领土完整、国家统一</span></b> 、')


def test_tags_attributes_scripts_styles_and_text_areas_are_left_alone():
    from closereading.html import mark_languages
    page = ('<img alt="中国" title="韬光养晦"><script>var a = "中";</script>'
            '<STYLE>p::after { content: "文"; }</STYLE><textarea>白皮书</textarea><p>白</p>')
    assert mark_languages(page) == (
        '<img alt="中国" title="韬光养晦"><script>var a = "中";</script>'
        '<STYLE>p::after { content: "文"; }</STYLE><textarea>白皮书</textarea>'
        '<p><span lang="zh-Hans">白</span></p>')


def test_marking_twice_marks_once_and_text_without_chinese_is_unchanged():
    from closereading.html import Rich, block, mark_languages
    once = mark_languages("<p>国务院新闻办公室 and 白皮书</p>")
    assert mark_languages(once) == once and once.count("<span") == 2
    plain = "<p>Peaceful development, 2011 &amp; after</p>"
    assert mark_languages(plain) is plain
    both = Rich("<p>中</p>", "中") + Rich("<p>文</p>", "文")
    assert both.html == '<p><span lang="zh-Hans">中</span></p><p><span lang="zh-Hans">文</span></p>'
    assert block("<p>中</p>") == '<div style="line-height:1.45"><p><span lang="zh-Hans">中</span></p></div>'
    assert block("") == ""


def test_a_script_whose_code_looks_like_a_tag_is_left_alone_to_its_end():
    # "<b && c>" reads as a tag to the splitter: the script's text goes on after it, and
    # the page goes on after the script.
    from closereading.html import mark_languages
    page = '<script>if (a<b && c>d) { x = "中"; }</script><p>文</p>'
    assert mark_languages(page) == (
        '<script>if (a<b && c>d) { x = "中"; }</script><p><span lang="zh-Hans">文</span></p>')
