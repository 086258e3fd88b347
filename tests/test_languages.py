"""Every Chinese character the course shows is marked as Chinese (``lang="zh-Hans"``), so
that a screen reader reads it in a Chinese voice (WCAG 2.2, 3.1.2 "Language of Parts"):
in the committed notebooks' outputs and Markdown, the handouts and the answer key. The
check reads the HTML with the standard library's parser, independently of
``closereading.html.mark_languages``."""

import json
import re
from html.parser import HTMLParser

import pytest

from closereading.build import notebook_paths

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Languages(HTMLParser):
    """Collects each piece of text with Han characters whose nearest language is not
    Chinese (text in script and style elements aside)."""

    def __init__(self, page_lang: str = "en"):
        super().__init__(convert_charrefs=True)
        self.stack = [("", page_lang)]
        self.unmarked = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang", self.stack[-1][1])))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        tag, lang = self.stack[-1]
        if tag in ("script", "style"):
            return
        if HAN.search(data) and not lang.startswith("zh"):
            self.unmarked.append(data.strip()[:60])


def unmarked(html: str, page_lang: str = "en") -> list[str]:
    parser = _Languages(page_lang)
    parser.feed(html)
    parser.close()
    return parser.unmarked


def test_the_checker_finds_unmarked_chinese():
    assert unmarked('<p>the title 中国 <span lang="zh-Hans">中国</span></p>') == ["the title 中国"]
    assert unmarked('<div lang="zh-Hans"><p>中<br>国</p></div><script>"中"</script>') == []
    assert unmarked('<p title="中">x</p>') == []


NOTEBOOKS = notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_outputs_and_markdown_mark_their_chinese(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            # Markdown's own syntax is not HTML, but its inline HTML is kept as it is.
            found += [(i, t) for t in unmarked("".join(cell["source"]))]
        for out in cell.get("outputs", []):
            found += [(i, t) for t in unmarked("".join(out.get("data", {}).get("text/html", "")))]
    assert found == [], path.name


def test_some_notebooks_do_show_chinese():
    # The check above is not empty: the course names the Chinese original and its terms.
    shown = [p.name for p in NOTEBOOKS if "lang=\\\"zh-Hans\\\"" in p.read_text(encoding="utf-8")]
    assert {"00-start-here.ipynb", "01-harmonious-world.ipynb",
            "02-independent-foreign-policy.ipynb", "07-context-and-readings.ipynb"} <= set(shown)


def test_handouts_and_answer_key_mark_their_chinese(tmp_path):
    from closereading import editions
    from closereading.quiz.answer_key import answer_key_html
    pages = {"answer key": answer_key_html()}
    for path in NOTEBOOKS:
        if path.stem[:2] in {"00", "02"}:   # Chinese in Markdown (00) and in outputs (02)
            pages[path.stem] = editions.to_html(editions.prepare(path, "student"), path,
                                                "student")
    for name, page in pages.items():
        assert HAN.search(page), name
        assert unmarked(page) == [], name
