"""The capstone (notebook 08) in JupyterLab, in headless Chromium, as a learner does it.

From an empty progress file: Run All and the checks every notebook gets (check_opened and
check_notebook of test_notebooks.py, axe-core included: this is notebook 08's one check);
then paste a passage the course has not shown (the invented ministry statement of
tests/fixtures/capstone/), choose lenses, respond to a paragraph and tick the lenses it
asked, annotate it (a near miss, then the exact quote), search the passage beside the
counts of Part III, write the commentary, assess it against the rubric, and export the
submission, whose capstone records are then read back and checked against the schema. A
second axe audit runs on the notebook with all of it shown. Screenshots go to
build/screenshots/capstone-*.png (tests/browser/test_own_reading.py).
"""

import json

import pytest

from test_notebooks import check_notebook, check_opened
from test_reading import text_of, type_into, wait_for_text

pytestmark = pytest.mark.browser

NOTEBOOK = "08-your-own-reading.ipynb"


def test_paste_respond_annotate_comment_assess_and_export(open_notebook, lab):
    from closereading import capstone as C
    from closereading import submission
    from test_capstone_notebook import FIXTURES, MINISTRY_COMMENTARY
    lab.progress.unlink(missing_ok=True)
    nb = open_notebook(NOTEBOOK)
    check_opened(nb, NOTEBOOK)
    nb.run_all()
    check_notebook(nb, NOTEBOOK)
    page = nb.page

    # 1. Paste a passage.
    text = (FIXTURES / "ministry-statement.txt").read_text(encoding="utf-8")
    box = page.locator(".cr-cap-passage")
    box.scroll_into_view_if_needed()
    type_into(box.locator(".cr-cap-passage-title input"),
              "Norland, Ministry of Foreign Affairs: statement on the Varsa Shoals (invented)")
    type_into(box.locator(".cr-cap-passage-paste textarea"), text)
    box.locator(".cr-cap-passage-use").click()
    said = wait_for_text(box.locator(".cr-cap-passage-status"), "Loaded:")
    assert "6 paragraphs" in said and "P1 to P6" in said
    assert "[P6]" in text_of(box.locator(".cr-cap-passage-shown"))
    nb.screenshot("capstone-01-passage")

    # 2. Lenses: one is too few; two are saved, and every prompt names them.
    lenses = page.locator(".cr-cap-lenses")
    lenses.scroll_into_view_if_needed()
    lenses.locator(".cr-cap-lens-denial input").check()
    lenses.locator(".cr-cap-lenses-save").click()
    wait_for_text(lenses.locator(".cr-cap-lenses-status"), "Not saved")
    lenses.locator(".cr-cap-lens-subject input").check()
    lenses.locator(".cr-cap-lenses-save").click()
    wait_for_text(lenses.locator(".cr-cap-lenses-status"), "Saved: Subject and denial")
    p3 = page.locator(".cr-cap-response-P3")
    wait_for_text(p3, "Subject and denial: what do you notice?")
    nb.screenshot("capstone-02-lenses")

    # 3. A response to P3: a word gets a nudge, a reading gets saved; tick a lens.
    p3.scroll_into_view_if_needed()
    type_into(p3.locator(".cr-cap-response-box textarea"), "denial")
    p3.locator(".cr-cap-response-save").click()
    wait_for_text(p3.locator(".cr-cap-response-status"), "fuller response")
    assert not p3.locator(".cr-cap-lens-check").is_visible()
    type_into(p3.locator(".cr-cap-response-box textarea"),
              "\"We do not seek confrontation\": Norland speaks as <b>we</b>, denies, then warns.")
    p3.locator(".cr-cap-response-save").click()
    wait_for_text(p3.locator(".cr-cap-response-status"), "Now tick the lenses")
    p3.locator(".cr-cap-lens-check input[type=checkbox]").nth(1).check()
    wait_for_text(p3.locator(".cr-cap-response-status"), "1 of 2 lenses asked")
    nb.screenshot("capstone-03-response")

    # 4. Annotate P3: a near miss is answered with the closest passage, then the quote.
    ann = page.locator(".cr-cap-annotate")
    ann.scroll_into_view_if_needed()
    ann.locator(".cr-cap-annotate-paragraph select").select_option(index=2)   # P3
    type_into(ann.locator(".cr-cap-annotate-quote input"), "no government should mistake weakness")
    type_into(ann.locator(".cr-cap-annotate-note textarea"), "A warning to <i>whom</i>?")
    ann.locator(".cr-cap-annotate-add").click()
    said = wait_for_text(ann.locator(".cr-cap-annotate-status"), "closest passage")
    assert "Not saved" in said
    type_into(ann.locator(".cr-cap-annotate-quote input"),
              "no government should mistake restraint for weakness")
    ann.locator(".cr-cap-annotate-add").click()
    wait_for_text(ann.locator(".cr-cap-annotate-status"), "Added to P3")
    ann.locator(".cr-own-mark").first.wait_for(timeout=30_000)
    assert "A warning to <i>whom</i>?" in text_of(ann.locator(".cr-cap-annotate-list"))
    nb.screenshot("capstone-04-annotation")

    # 5. The counts beside Part III, and a search of the passage.
    stats = page.locator(".cr-cap-statistics")
    stats.scroll_into_view_if_needed()
    shown = text_of(stats.locator(".cr-cap-stats"))
    assert "Keyness against Part III" in shown and "Subject and modality" in shown
    type_into(stats.locator(".cr-cap-kwic-query input"), "should")
    stats.locator(".cr-cap-kwic-search").click()
    wait_for_text(stats.locator(".cr-cap-kwic-hits"), "4 occurrences")
    nb.screenshot("capstone-05-statistics")

    # 6. The commentary, counted and its quotations checked.
    com = page.locator(".cr-cap-commentary")
    com.scroll_into_view_if_needed()
    type_into(com.locator(".cr-cap-commentary-box textarea"), MINISTRY_COMMENTARY)
    com.locator(".cr-cap-commentary-save").click()
    said = wait_for_text(com.locator(".cr-cap-commentary-check"), "within the 400 to 600")
    assert "Paragraphs of Part III cited: 1.5, 4.1, 5.1" in said
    nb.screenshot("capstone-06-commentary")

    # 7. The self-assessment against the rubric.
    me = page.locator(".cr-cap-self")
    me.scroll_into_view_if_needed()
    rubric = C.load_settings().rubric
    for c in rubric.criteria:
        me.locator(f".cr-cap-self-level-{c.id} select").select_option(label="Secure (3)")
    type_into(me.locator(".cr-cap-self-evidence-wording input"), "the first paragraph, on P3")
    type_into(me.locator(".cr-cap-self-revise input"), "the comparison with 3.3")
    me.locator(".cr-cap-self-save").click()
    wait_for_text(me.locator(".cr-cap-self-status"), "Saved.")
    assert text_of(me.locator(".cr-cap-self-summary")).count("Secure (3)") == len(rubric.criteria)
    nb.screenshot("capstone-07-self-assessment")

    # 8. Export, and read the submission back.
    exp = page.locator(".cr-export")
    exp.scroll_into_view_if_needed()
    type_into(exp.get_by_role("textbox", name="Your name"), "Capstone Tester")
    exp.get_by_role("button", name="Export my submission").click()
    wait_for_text(exp.locator(".cr-export-message"), "Exported.")
    nb.screenshot("capstone-08-export")
    path, = lab.root.glob("closereading-submission-capstone-tester*.json")   # a login may follow
    data = json.loads(path.read_text(encoding="utf-8"))
    assert submission.schema_problems(data) == []
    summary = C.summary(data["records"])
    assert summary["paragraphs"] == 6 and summary["lenses"] == ["subject", "denial"]
    assert summary["responses"] == 1 and summary["annotations"] == 1
    assert summary["commentary_in_range"] is True
    assert set(summary["self_assessment"].values()) == {3}
    digest = summary["digest"]
    assert data["records"]["capstone-reading"][f"{digest}/P3"]["text"].startswith(
        "\"We do not seek confrontation\": Norland speaks as <b>we</b>")
    assert data["records"]["capstone"]["passage"]["title"].startswith("Norland, Ministry")

    # 9. Everything shown: no error, and axe finds nothing serious in it either.
    nb.assert_clean()
    from axe_audit import audit_outputs, run, summary as axe_summary, SERIOUS
    assert audit_outputs(page, "08-your-own-reading-with-a-passage.ipynb") == []

    # 10. The teacher's report: the learner's page shows the passage, the response, the
    # commentary and the self-assessment beside the rubric; a score written in
    # capstone-scores.csv reaches grades.csv.
    from closereading import capstone_scores as CS
    from closereading import report
    out = lab.root / "report-of-the-capstone"
    report.write_report([path], out)
    form = (out / CS.FILE_NAME).read_text(encoding="utf-8").splitlines()
    row = form[1].split(",")[:4] + ["4"] * len(rubric.criteria)
    (out / CS.FILE_NAME).write_text("\r\n".join([form[0], ",".join(row)]) + "\r\n",
                                    encoding="utf-8")
    report.write_report([path], out)
    grades = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    cells = dict(zip(grades[0].split(","), grades[1].split(",")))
    assert cells["08 rubric score"] == str(4 * len(rubric.criteria))
    assert cells["08 self-assessment"] == str(len(rubric.criteria))
    learner = next((out / "learners").iterdir())
    from jlab import SCREENSHOTS
    page = page.context.new_page()       # the notebook's tab stays as the fixture left it
    page.goto(learner.as_uri())
    heading = page.get_by_role("heading", name="Their own reading (the capstone)")
    heading.scroll_into_view_if_needed()
    assert "Norland speaks as <b>we</b>" in page.locator("main").inner_text()
    assert page.locator("main b").count() == 0       # the learner's <b> is text, not markup
    page.screenshot(path=str(SCREENSHOTS / "capstone-09-report.png"))
    found = [v for v in run(page) if v["impact"] in SERIOUS]
    page.close()
    assert axe_summary(found) == []
