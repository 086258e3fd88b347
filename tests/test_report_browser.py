"""The class report in Chromium: it loads offline (no request leaves the file), every
image has its text alternative, and a screenshot is kept in build/screenshots/."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def test_the_report_reads_offline_in_a_browser(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium")
    import random
    from playwright.sync_api import sync_playwright
    from closereading import quiz, report, submission as S
    from test_report import learner
    rng, bank = random.Random(3), quiz.load_banks()
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(30):
        (subs / f"{i}.json").write_text(S.dumps(learner(i, tmp_path, rng, bank)))
    (subs / "broken.json").write_text("{\"format\": \"closereading-submission\", ")
    page_path, loaded = report.write_report([subs], tmp_path / "report")
    assert len(loaded.accepted) == 30 and len(loaded.rejected) == 1
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    outside = []

    def browse():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
            page.goto(page_path.as_uri())
            images = page.eval_on_selector_all("img", "els => els.map(e => [e.alt, e.naturalWidth])")
            assert len(images) == 3 and all(alt and width > 0 for alt, width in images)
            assert page.locator("script").count() == 0
            page.screenshot(path=str(shots / "class-report.png"))
            page.locator("table").nth(1).scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "class-report-questions.png"))
            page.locator("h2", has_text="Exercises").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "class-report-exercises.png"))
            page.locator("h2", has_text="Files left out").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "class-report-left-out.png"))
            browser.close()


    from concurrent.futures import ThreadPoolExecutor   # see tests/hub/test_hub.py
    with ThreadPoolExecutor(1) as pool:
        pool.submit(browse).result()
    assert outside == []
