"""00-start-here in JupyterLab, in headless Chromium: Run All gives no error output."""

import pytest

pytestmark = pytest.mark.browser


def test_start_here_runs_all_without_errors(open_notebook):
    nb = open_notebook("00-start-here.ipynb")
    nb.run_all()
    assert nb.error_outputs() == []
    page = nb.page
    # The parser's table of contents and the chart's caption are on the page.
    assert page.locator("text=yes: this course").count() == 1
    assert page.locator(".jp-OutputArea-output img").count() >= 1
    shot = nb.screenshot("00-start-here")
    assert shot.stat().st_size > 10_000
