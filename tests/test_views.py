"""Views of the document (closereading.views)."""

import pytest

from closereading import text, views


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_a_section_heading_is_shown_without_the_captures_marker(number):
    """Issue 8: headings read "-- Promoting the building of ..." (the capture's marker)."""
    shown = views.section_text(number)
    title = text.load().section(number).title
    assert shown.text.splitlines()[0] == f"{number}. {title}"
    assert f"<p><strong>{number}. {title}</strong></p>" in shown.html
    assert "-- " not in shown.text.splitlines()[0] and "--" not in shown.html[:200]


def test_the_introduction_keeps_its_own_title():
    intro = text.load().section(0)
    assert views.section_text(0).text.splitlines()[0] == intro.title
