"""06-the-whole-text in JupyterLab, in headless Chromium, from an empty progress file.

First, in notebook 00, a learner writes a prediction and saves it. Then, in 06: Run All
shows no error and every widget of the notebook (check_notebook), the prediction comes
back beside what was measured, and the explorers respond to the keyboard as a learner
uses them. The tests share that one Run All of 06. Screenshots go to build/screenshots/.
"""

import pytest

from test_notebooks import check_notebook
from test_reading import type_into, wait_for_text
from jlab import Notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "06-the-whole-text.ipynb"
PREDICTION = "Most general: 1. Most specific: 5, on the region."


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())


@pytest.fixture(scope="class")
def whole_text(class_page, lab):
    """A prediction written and saved in 00, then 06 opened with a new kernel and run,
    once for every test of the class."""
    lab.progress.unlink(missing_ok=True)
    nb = Notebook(class_page, lab, "00-start-here.ipynb").open()
    nb.run_all()
    box = class_page.locator(".cr-predict-start-general-specific")
    box.scroll_into_view_if_needed()
    type_into(box.locator("textarea"), PREDICTION)
    box.locator(".cr-predict-save").click()
    wait_for_text(box.locator(".cr-predict-status"), "Saved.")
    nb.screenshot("reading-00-prediction")
    assert nb.error_outputs() == []
    assert lab.shut_down_kernels() >= 1
    nb = Notebook(class_page, lab, NOTEBOOK).open()
    nb.run_all()
    yield nb
    lab.shut_down_kernels()


class TestWholeText:
    def test_runs_all_without_errors(self, whole_text):
        check_notebook(whole_text, NOTEBOOK)

    def test_a_prediction_in_00_comes_back_in_06(self, whole_text):
        nb = whole_text
        page = nb.page
        cmp = page.locator(".cr-compare-start-general-specific")
        cmp.scroll_into_view_if_needed()
        cmp.locator(".cr-compare-guess").wait_for(timeout=30_000)
        said = text_of(cmp)
        assert PREDICTION in said
        assert "Measured:" in said and "most distinctive words: regional" in said
        cmp.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        nb.screenshot("reading-06-prediction-compared")
        assert nb.error_outputs() == []

    def test_kwic_explorer_responds_to_typing(self, whole_text):
        nb = whole_text
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

    def test_frequency_explorer_responds_to_the_keyboard(self, whole_text):
        nb = whole_text
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
