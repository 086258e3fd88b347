"""Active reading in JupyterLab, in headless Chromium, as a learner does it.

Notebook 01, from an empty progress file: Run All, and the checks every notebook gets
(check_notebook, test_notebooks.py: this is notebook 01's one check, so that it runs
once); then write a response of one word to paragraph 1.2 and get a nudge, not the notes;
write a real response and see what a good response notices ("Did you notice ...?") and
the course's notes unfold; tick two of the points and write what was missed; annotate
paragraph 1.5 with a wrong quote (a message with the closest passage), then the right one
(the passage is marked, and only then the course's highlights appear); answer a
discussion question; then end the kernel, reopen, Run All, and find all of it restored,
the ticks included.
(The prediction of notebook 00 that comes back in notebook 06 is tested in
test_whole_text.py, on the Run All of 06 that its other tests use.)
Screenshots go to build/screenshots/.
"""

import json

import pytest

from test_notebooks import check_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "01-harmonious-world.ipynb"


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())


def wait_for_text(locator, text, timeout=30_000):
    locator.filter(has_text=text).first.wait_for(timeout=timeout)
    return text_of(locator)


def type_into(locator, value):
    """Type into a widget's text box so that the kernel receives it."""
    locator.scroll_into_view_if_needed()
    locator.fill(value)
    locator.press("End")  # a key event after fill: the widget syncs on input


def test_respond_annotate_discuss_then_everything_restored(open_notebook, lab):
    lab.progress.unlink(missing_ok=True)
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    check_notebook(nb, NOTEBOOK)       # the checks every notebook gets, on this run
    page = nb.page

    # 1. The notes of 1.2 are folded; a word or two gets a nudge; a response unfolds the
    #    points to tick and the notes.
    from closereading import reading
    points = reading.prompt_for("1.2").points
    p12 = page.locator(".cr-reading-p-1_2")
    p12.scroll_into_view_if_needed()
    assert text_of(p12.locator(".cr-reading-notes")) == ""
    assert "Before the notes:" in text_of(p12) and "With the method's questions:" in text_of(p12)
    assert not p12.locator(".cr-selfcheck").is_visible()
    type_into(p12.locator(".cr-reading-box textarea"), "opposites")
    p12.locator(".cr-reading-save").click()
    said = wait_for_text(p12.locator(".cr-reading-status"), "fuller response")
    assert "quotes or names something in the paragraph" in said
    assert text_of(p12.locator(".cr-reading-notes")) == ""
    assert not p12.locator(".cr-selfcheck").is_visible()
    nb.screenshot("reading-01-nudge")
    type_into(p12.locator(".cr-reading-box textarea"),
              "Big or small, strong or weak, rich or poor: <b>three pairs</b>.")
    p12.locator(".cr-reading-save").click()
    said = wait_for_text(p12.locator(".cr-reading-notes"), "[6]")
    assert "Three pairs of opposites" in said  # the course's note [6]
    assert "Saved." in text_of(p12.locator(".cr-reading-status"))
    check = p12.locator(".cr-selfcheck")
    check.wait_for(state="visible", timeout=30_000)
    boxes = check.locator(".cr-selfcheck-point input[type=checkbox]")
    assert boxes.count() == len(points)
    assert points[0].ask in text_of(check) and points[-1].quote in text_of(check)
    assert text_of(page.locator(".cr-reading-p-1_3 .cr-reading-notes")) == ""
    check.scroll_into_view_if_needed()
    nb.screenshot("reading-01-points-unfolded")
    boxes.nth(0).check()
    wait_for_text(check.locator(".cr-selfcheck-status"), "1 of 5 points ticked")
    boxes.nth(1).check()
    wait_for_text(check.locator(".cr-selfcheck-status"), "2 of 5 points ticked")
    type_into(check.locator(".cr-selfcheck-missed input"), "The UN <i>Charter</i> as anchor.")
    check.locator(".cr-selfcheck-save").click()
    wait_for_text(check.locator(".cr-selfcheck-status"), "Saved. Look for that point")
    nb.screenshot("reading-01-points-ticked")
    p12.locator(".cr-reading-notes").scroll_into_view_if_needed()
    nb.screenshot("reading-01-notes-unfolded")

    # 2. Annotate 1.5 (before the course's prompt on it, without its highlights): a wrong
    #    quote, then the right one.
    ann = page.locator(".cr-annotate-p-1_5")
    ann.scroll_into_view_if_needed()
    assert ann.locator(".cr-annotate-passage mark").count() == 0
    type_into(ann.locator(".cr-annotate-quote input"), "Use or threat of military force")
    from closereading.reading import LEARNER_KIND_HELP
    ann.locator(".cr-annotate-kind select").select_option(
        label=f"rhetoric ({LEARNER_KIND_HELP['rhetoric']})")
    type_into(ann.locator(".cr-annotate-note textarea"), "Passive: <i>who</i> avoids it?")
    ann.locator(".cr-annotate-add").click()
    said = wait_for_text(ann.locator(".cr-annotate-status"), "closest passage")
    assert "Not saved" in said and "Use or threat of use of military force" in said
    assert ann.locator(".cr-own-mark").count() == 0
    nb.screenshot("reading-01-annotation-wrong-quote")
    type_into(ann.locator(".cr-annotate-quote input"), "Use or threat of use of military force")
    ann.locator(".cr-annotate-add").click()
    wait_for_text(ann.locator(".cr-annotate-status"), "Added")
    ann.locator(".cr-own-mark").first.wait_for(timeout=30_000)
    assert "[Y1]" in text_of(ann.locator(".cr-annotate-passage"))
    assert ann.locator(".cr-annotate-passage mark").count() >= 1   # now the course's too
    assert "Passive: <i>who</i> avoids it?" in text_of(ann.locator(".cr-annotate-list"))
    assert "Y1:" in text_of(ann.locator(".cr-annotate-choice select option:checked"))
    ann.locator(".cr-annotate-passage").scroll_into_view_if_needed()
    nb.screenshot("reading-01-annotation-highlighted")

    # 3. A discussion answer.
    disc = page.locator(".cr-discussion")
    disc.scroll_into_view_if_needed()
    type_into(disc.locator(".cr-discussion-box textarea").first, "I would compare WTO data.")
    disc.locator(".cr-discussion-save").first.click()
    wait_for_text(disc.locator(".cr-discussion-status").first, "Saved.")
    assert nb.error_outputs() == []
    saved = json.loads(lab.progress.read_text(encoding="utf-8"))
    assert saved["reading"]["1.2"]["saved"] is True
    assert saved["selfcheck"]["1.2"] == {"ticked": [1, 2],
                                         "missed": "The UN <i>Charter</i> as anchor."}
    assert saved["annotations"]["1.5"]["items"][0]["quote"] == \
        "Use or threat of use of military force"
    assert saved["discussion"]["01-harmonious-world/1"] == {"text": "I would compare WTO data."}

    # 4. End the kernel, reopen, Run All: everything comes back.
    assert lab.shut_down_kernels() >= 1
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    page = nb.page
    assert text_of(page.locator(".jp-CodeCell .jp-InputArea-prompt").first) == "[1]:"
    p12 = page.locator(".cr-reading-p-1_2")
    p12.scroll_into_view_if_needed()
    assert p12.locator(".cr-reading-box textarea").input_value() == \
        "Big or small, strong or weak, rich or poor: <b>three pairs</b>."
    assert "Three pairs of opposites" in text_of(p12.locator(".cr-reading-notes"))
    assert "restored" in text_of(p12.locator(".cr-reading-status"))
    check = p12.locator(".cr-selfcheck")
    check.scroll_into_view_if_needed()
    boxes = check.locator(".cr-selfcheck-point input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == \
        [True, True] + [False] * (len(points) - 2)
    assert check.locator(".cr-selfcheck-missed input").input_value() == \
        "The UN <i>Charter</i> as anchor."
    nb.screenshot("reading-01-restored")
    ann = page.locator(".cr-annotate-p-1_5")
    ann.scroll_into_view_if_needed()
    ann.locator(".cr-own-mark").first.wait_for(timeout=30_000)
    assert "Passive: <i>who</i> avoids it?" in text_of(ann.locator(".cr-annotate-list"))
    assert page.locator(".cr-discussion-box textarea").first.input_value() == \
        "I would compare WTO data."
    assert nb.error_outputs() == []
