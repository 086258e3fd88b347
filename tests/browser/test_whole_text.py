"""06-the-whole-text in JupyterLab, in headless Chromium: Run All shows no error and every
widget of the notebook (check_notebook), and the explorers respond to the keyboard as a
learner uses them. The tests share one Run All. Screenshots go to build/screenshots/."""

import pytest

from test_notebooks import check_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "06-the-whole-text.ipynb"


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())


class TestWholeText:
    def test_runs_all_without_errors(self, executed_notebook):
        check_notebook(executed_notebook(NOTEBOOK), NOTEBOOK)

    def test_kwic_explorer_responds_to_typing(self, executed_notebook):
        nb = executed_notebook(NOTEBOOK)
        page = nb.page
        # The KWIC explorer: its text box is found by its visible label, and typing a
        # word letter by letter updates the concordance.
        kwic = page.locator(".cr-kwic-explorer").first
        kwic.scroll_into_view_if_needed()
        results = kwic.locator(".cr-explorer-results")
        assert "'security': 21 occurrences" in text_of(results)
        box = kwic.get_by_label("Word or phrase:")
        box.click()
        box.press("Control+A")
        box.press("Backspace")
        page.keyboard.type("cooperation", delay=60)
        results.filter(has_text="'cooperation': 8 occurrences").wait_for(timeout=20_000)
        assert "Hits per section" in text_of(results)
        assert kwic.locator(".cr-explorer-results strong", has_text="cooperation").count() >= 1
        from closereading import stats
        kwic.get_by_label("Show hits in:").select_option(
            label=stats.course_corpus().section(5).label)
        results.filter(has_text="4 shown from section 5").wait_for(timeout=20_000)
        nb.wait_idle()
        shot = nb.screenshot("06-the-whole-text-kwic")
        assert shot.stat().st_size > 10_000
        nb.assert_clean()

    def test_frequency_explorer_responds_to_the_keyboard(self, executed_notebook):
        nb = executed_notebook(NOTEBOOK)
        page = nb.page
        # The frequency explorer: the check box, from the keyboard, brings the stopwords
        # back.
        freq = page.locator(".cr-frequency-explorer").first
        freq.scroll_into_view_if_needed()
        table = freq.locator(".cr-explorer-results")
        assert "stopwords left out" in text_of(table)
        check = freq.get_by_label("Leave out stopwords")
        check.focus()
        page.keyboard.press("Space")
        table.filter(has_text="every word counted").wait_for(timeout=20_000)
        nb.wait_idle()
        assert "and" in table.locator("td").all_text_contents()
        shot = nb.screenshot("06-the-whole-text-frequency")
        assert shot.stat().st_size > 10_000
        nb.assert_clean()
