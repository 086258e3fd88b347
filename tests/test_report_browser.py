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


def test_the_pages_of_what_the_class_wrote_pass_axe_and_work_from_the_keyboard(tmp_path):
    """The learners' and paragraphs' pages, the heat map (its notes opened with the
    keyboard) and the anonymised report: no serious or critical axe finding, nothing
    fetched. Screenshots in build/screenshots/."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
    from test_report_pages import build_class
    built = build_class(tmp_path)
    out, anon = built["out"], built["anon"]
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    pages = [out / "index.html", out / "heatmap.html", out / "paragraphs" / "1.2.html",
             out / "learners" / "learner-wangf.html", anon / "index.html",
             anon / "heatmap.html"]
    found, outside = {}, []

    def browse():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda r: outside.append(r.url)
                    if not r.url.startswith("file://") else None)
            for path in pages:
                page.goto(path.as_uri())
                violations = Axe().run(page).response["violations"]
                found[str(path.relative_to(tmp_path))] = [
                    (v["id"], v["impact"]) for v in violations
                    if v["impact"] in ("serious", "critical")]
                name = "report-" + "-".join(path.relative_to(tmp_path).with_suffix("").parts)
                page.screenshot(path=str(shots / f"{name}.png"))
            # The heat map from the keyboard: Tab to the first count, Enter opens its notes,
            # Escape closes them.
            page.goto((out / "heatmap.html").as_uri())
            first = page.locator("button.count").first
            for _ in range(50):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.classList.contains('count')"):
                    break
            assert page.evaluate("document.activeElement.classList.contains('count')")
            page.keyboard.press("Enter")
            opened = page.locator("[popover]:popover-open")
            opened.wait_for(timeout=5_000)
            found["opened"] = " ".join(opened.inner_text().split())
            page.screenshot(path=str(shots / "report-heatmap-notes.png"))
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
            found["still open"] = page.locator("[popover]:popover-open").count()
            del first
            browser.close()

    from concurrent.futures import ThreadPoolExecutor   # see tests/hub/test_hub.py
    with ThreadPoolExecutor(1) as pool:
        pool.submit(browse).result()
    assert outside == []
    assert "Chen one&#x27;s note".replace("&#x27;", "'") in found.pop("opened")
    assert found.pop("still open") == 0
    assert all(v == [] for v in found.values()), found
