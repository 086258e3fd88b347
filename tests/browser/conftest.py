"""Fixtures for the browser tests: one JupyterLab server and one Chromium per test worker.

Without /usr/bin/chromium these tests skip, with the reason, on a developer's machine;
under CI (the environment variable CI is set) they fail instead, so that a CI run can
never pass without having looked at the notebooks in a browser.
"""

import os

import pytest

from jlab import CHROMIUM, CHROMIUM_ARGS, LabServer, Notebook, watch_console


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        reason = (f"{CHROMIUM} is missing: install Debian's chromium "
                  "(apt-get install chromium) to run the browser tests")
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def lab(chromium, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch_console(pg)   # Notebook.console_errors() reads what it collects
    yield pg
    context.close()


@pytest.fixture
def open_notebook(page, lab):
    """Open a notebook in the page; afterwards, end every kernel, so that each test
    starts from a server with no kernel running."""
    def _open(name: str) -> Notebook:
        return Notebook(page, lab, name).open()
    yield _open
    lab.shut_down_kernels()


@pytest.fixture(scope="class")
def class_page(browser):
    """One page for every test of a class, so that they share one executed notebook."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch_console(pg)
    yield pg
    context.close()


@pytest.fixture(scope="class")
def executed_notebook(class_page, lab):
    """Open a notebook and Run All once for every test of a class (tests that only look
    at, or change different parts of, the same executed notebook); afterwards, end every
    kernel."""
    cache = {}

    def _get(name: str, fresh_progress: bool = False) -> Notebook:
        if name not in cache:
            if fresh_progress:
                lab.progress.unlink(missing_ok=True)
            nb = Notebook(class_page, lab, name).open()
            nb.run_all()
            cache[name] = nb
        return cache[name]
    yield _get
    lab.shut_down_kernels()
