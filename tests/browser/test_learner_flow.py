"""A learner's notebooks never mislead (issue 24), in JupyterLab, in headless Chromium.

1. A syntax error in an exercise cell mid-notebook: Run All goes past it (the cell is
   tagged ``raises-exception``), every cell below runs, the broken cell says what to fix,
   and its check says it did not judge the function.
2. Every notebook opened and left untouched: not marked changed once its kernel is idle,
   and closing it asks nothing.
3. A notebook answered, saved and reopened: each saved view says the answers come back
   with Run All; Run All brings them back.
4. A short answer: a near miss gets its feedback, and Enter checks the answer.
(The exercise's Hint and Show solution buttons are pressed in test_feedback.py.)
Screenshots go to build/screenshots/ (learner-*.png).
"""

import json
import re

import nbformat
import pytest

from jlab import ROOT
from test_feedback import text_of, wait_for, write_notebook

pytestmark = pytest.mark.browser

NB01 = "01-harmonious-world.ipynb"
BROKEN = "learner-broken-01.ipynb"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


# ---------------------------------------------------------------------------------------
# 1. Run All goes past a broken exercise cell


def test_run_all_goes_past_a_broken_exercise_cell_and_says_what_to_fix(open_notebook, lab):
    lab.progress.unlink(missing_ok=True)
    nb = nbformat.read(ROOT / "notebooks" / NB01, as_version=4)
    cells = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert "raises-exception" in cells[0].metadata["tags"]
    # the learner forgets the colon of the first exercise's `def` line (line 3)
    cells[0].source = cells[0].source.replace("def count_word(text, word):",
                                              "def count_word(text, word)")
    nbformat.write(nb, lab.root / BROKEN)
    lab.trust(BROKEN)

    opened = open_notebook(BROKEN)
    opened.run_all()           # waits until every code cell has run: Run All did not stop
    page = opened.page
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    prompts = panel.locator(".jp-CodeCell .jp-InputArea-prompt")
    assert all(re.fullmatch(r"\[\d+\]:", text_of(prompts.nth(i)))
               for i in range(prompts.count()))

    note = panel.locator(".cr-exercise-broken")
    assert note.count() == 1
    note.scroll_into_view_if_needed()
    said = text_of(note)
    assert said.startswith("This exercise cell did not run (SyntaxError on line 3: "
                           "expected ':')")
    assert "Run All does not stop at this cell" in said
    # the check below it does not judge an old function
    check = panel.locator(".cr-exercise-count-should .cr-exercise-result")
    assert "The exercise cell did not run (SyntaxError on line 3" in text_of(check)
    page.wait_for_timeout(300)
    opened.screenshot("learner-broken-cell")
    # the cells below the broken one ran: the next exercise's check, and the last cell
    assert "Not attempted yet." in text_of(panel.locator(".cr-exercise-share-should"))
    last = panel.locator(".jp-CodeCell").last
    last.scroll_into_view_if_needed()
    assert last.locator(".jp-OutputArea-output").count() >= 1
    page.wait_for_timeout(300)
    opened.screenshot("learner-broken-cell-end")
    # the only error shown is the learner's own, in that cell
    errors = opened.error_outputs()
    assert len(errors) == 1 and "SyntaxError" in errors[0]
    assert opened.console_errors() == []


# ---------------------------------------------------------------------------------------
# 2. An untouched notebook is not marked changed


def close_current_tab(page):
    page.click(".lm-MenuBar-itemLabel:text-is('File')")
    page.click(".lm-Menu-itemLabel:text-is('Close Tab')")


def test_an_untouched_notebook_is_not_marked_changed_and_closes_without_a_question(
        page, lab):
    from jlab import Notebook
    for name in NOTEBOOKS:
        nb = Notebook(page, lab, name).open()          # opened, kernel started, "Idle"
        page.wait_for_timeout(1500)                     # kernel info and metadata settle
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
        assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), (
            f"{name} is marked changed on opening")
        close_current_tab(page)
        page.wait_for_timeout(1000)
        dialogs = page.locator(".jp-Dialog")
        assert dialogs.count() == 0, f"{name}: closing asked {text_of(dialogs.first)!r}"
        assert nb.console_errors() == []
        lab.shut_down_kernels()


# ---------------------------------------------------------------------------------------
# 3. Reopened: the saved views say the answers come back


REOPEN = "learner-reopen.ipynb"


def test_a_reopened_notebook_says_its_answers_come_back_and_run_all_brings_them(
        open_notebook, lab):
    lab.progress.unlink(missing_ok=True)
    write_notebook(lab, REOPEN, ["from closereading import quiz",
                                'quiz.scoreboard("01-harmonious-world")',
                                'quiz.ask("hw-un-role")'])
    nb = open_notebook(REOPEN)
    nb.run_all()
    page = nb.page
    box = page.locator(".cr-quiz").first
    box.locator("input[type=text]").fill("core")
    box.locator("input[type=text]").press("Enter")
    wait_for(box.locator(".cr-quiz-feedback"), "Correct.")
    saved = lab.root / REOPEN
    before = saved.stat().st_mtime_ns
    # the menu, not Ctrl+S: the answer box keeps the keys typed in it
    page.click(".lm-MenuBar-itemLabel:text-is('File')")
    page.click(".lm-Menu-itemLabel:text-is('Save Notebook')")
    for _ in range(300):
        if saved.stat().st_mtime_ns != before:
            break
        page.wait_for_timeout(100)
    assert "cr-saved-view" in saved.read_text(encoding="utf-8")
    assert lab.shut_down_kernels() >= 1

    nb = open_notebook(REOPEN)            # reopened: the saved views, before any run
    page = nb.page
    notes = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .cr-saved-view")
    notes.first.wait_for(timeout=30_000)
    assert notes.count() == 2             # the scoreboard and the question
    assert "Your answers and responses are kept: they come back here" in text_of(notes.first)
    page.wait_for_timeout(300)
    nb.screenshot("learner-reopened")
    assert nb.error_outputs() == [] and nb.console_errors() == []

    nb.run_all()                          # the live widgets, the answer restored
    box = page.locator(".cr-quiz").first
    said = wait_for(box.locator(".cr-quiz-feedback"), "from your saved progress")
    assert "Correct." in said
    assert box.locator("input[type=text]").input_value() == "core"
    assert page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .cr-saved-view").count() == 0
    nb.screenshot("learner-reopened-run")
    nb.assert_clean()


# ---------------------------------------------------------------------------------------
# 4. A near miss, and Enter


NEAR = "learner-near-miss.ipynb"


def test_a_near_miss_gets_feedback_and_enter_checks_a_short_answer(open_notebook, lab):
    lab.progress.unlink(missing_ok=True)
    write_notebook(lab, NEAR, ["from closereading import quiz",
                               'quiz.ask("hw-un-role", "stats-possessive-count")'])
    nb = open_notebook(NEAR)
    nb.run_all()
    page = nb.page
    boxes = page.locator(".cr-quiz")
    role, count = boxes.nth(0), boxes.nth(1)
    answer = role.locator("input[type=text]")
    answer.fill("central")
    answer.press("Enter")                 # no click: Enter checks
    said = wait_for(role.locator(".cr-quiz-feedback"), "Not yet.")
    assert "That is the sense, but not the text's word" in said and "core" not in said
    role.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    nb.screenshot("learner-near-miss-central")
    answer.fill("cor")
    answer.press("Enter")
    said = wait_for(role.locator(".cr-quiz-feedback"), "Close: check the exact word")
    assert "(paragraph 1.2)" in said
    # Enter again, the words unchanged: no words follow Enter, and the kernel checks the
    # box as it is (the same answer: not counted again)
    answer.press("Enter")
    wait_for(role.locator(".cr-quiz-feedback"), "not counted again")
    number = count.locator("input[type=text]")
    number.fill("21")
    number.press("Enter")
    wait_for(count.locator(".cr-quiz-feedback"), 'That is the count of "China" alone')
    number.fill("22")
    number.press("Enter")
    said = wait_for(count.locator(".cr-quiz-feedback"), "Too low, by three to five")
    assert "25" not in said
    role.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    nb.screenshot("learner-near-miss")
    answer.fill("core")
    answer.press("Enter")
    wait_for(role.locator(".cr-quiz-feedback"), "Correct.")
    saved = json.loads(lab.progress.read_text(encoding="utf-8"))["questions"]
    assert saved["hw-un-role"]["attempts"] == 3 and saved["hw-un-role"]["correct"]
    assert saved["stats-possessive-count"]["attempts"] == 2
    nb.assert_clean()
