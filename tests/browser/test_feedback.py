"""Feedback that teaches, in JupyterLab, in headless Chromium, as a learner meets it.

1. A single-choice question: a wrong option shows its own feedback; a second wrong option
   shows a different one. A multiple-answer question with one wrong choice shows the
   partial count ("2 of 3 right; one option you chose is wrong:") and that option's
   feedback.
2. An exercise: two wrong checks show hint 1, then hint 2; the *Show solution* button
   under the second check offers the solution, asks for a confirmation, shows it and
   records it; *Hint* under it shows the next hint; the scoreboard counts the solution.
Screenshots go to build/screenshots/ (feedback-*.png).
"""

import json

import nbformat
import pytest

pytestmark = pytest.mark.browser

SINGLE, MULTIPLE = "hw-should-subject", "hw-equal-members"
NB, EX = "01-harmonious-world", "count-should"


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())


def box_of(page, qid):
    from closereading.quiz.widgets import css_id
    return page.locator(f".{css_id(qid)}")


def wait_for(locator, text, timeout=30_000):
    locator.filter(has_text=text).first.wait_for(timeout=timeout)
    return text_of(locator)


def write_notebook(lab, name, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, lab.root / name)


def test_each_wrong_option_shows_its_own_feedback_and_multiple_shows_the_count(open_notebook, lab):
    from closereading import quiz
    lab.progress.unlink(missing_ok=True)
    bank = quiz.load_banks()
    single, multiple = bank.get(SINGLE), bank.get(MULTIPLE)
    write_notebook(lab, "feedback-quiz.ipynb",
                   ["from closereading import quiz", f"quiz.ask({SINGLE!r})",
                    f"quiz.ask({MULTIPLE!r})"])
    nb = open_notebook("feedback-quiz.ipynb")
    nb.run_all()
    page = nb.page

    box = box_of(page, SINGLE)
    box.scroll_into_view_if_needed()
    wrong = [o for o in single.choices() if o != single.answer][:2]
    radios = box.locator("input[type=radio]")
    shown = []
    for option in wrong:
        radios.nth(single.choices().index(option)).check()
        box.locator(".cr-quiz-check").click()
        own = single.feedback_for(option)
        said = wait_for(box.locator(".cr-quiz-feedback"), own[:40])
        assert "Not yet." in said and own in said
        assert all(single.feedback_for(o) not in said for o in single.options if o != option)
        shown.append(said)
        nb.screenshot(f"feedback-single-{len(shown)}")
    assert shown[0] != shown[1]

    box = box_of(page, MULTIPLE)
    box.scroll_into_view_if_needed()
    right, bad = list(multiple.answer), [o for o in multiple.options if o not in multiple.answer]
    chosen = right[:2] + bad[:1]
    checks = box.locator("input[type=checkbox]")
    for i, option in enumerate(multiple.choices()):
        if option in chosen:
            checks.nth(i).check()
    box.locator(".cr-quiz-check").click()
    said = wait_for(box.locator(".cr-quiz-feedback"), "right;")
    assert f"2 of {len(right)} right; one option you chose is wrong:" in said
    assert multiple.feedback_for(bad[0]) in said
    assert all(multiple.feedback_for(o) not in said for o in right)
    box.locator(".cr-quiz-feedback").scroll_into_view_if_needed()
    nb.screenshot("feedback-multiple-partial")
    assert nb.error_outputs() == []


def test_hints_move_on_and_the_solution_is_asked_for_and_recorded(open_notebook, lab):
    """Hint and Show solution are buttons under each check (issue 24): no new cell."""
    from closereading import exercises
    lab.progress.unlink(missing_ok=True)
    ex = exercises.get(NB, EX)
    write_notebook(lab, "feedback-exercise.ipynb", [
        "from closereading import exercises, quiz",
        f"quiz.scoreboard({NB!r})",
        "def count_word(text, word):\n    return 0",
        f"exercises.check({NB!r}, {EX!r})",
        "def count_word(text, word):\n    return 1",
        f"exercises.check({NB!r}, {EX!r})",
    ])
    nb = open_notebook("feedback-exercise.ipynb")
    nb.run_all()
    page = nb.page
    results = page.locator(".cr-exercise-controls")
    assert results.count() == 2
    first, second = results.nth(0), results.nth(1)
    assert f"Hint 1 of {len(ex.hints)}:" in text_of(first.locator(".cr-exercise-result"))
    assert f"Hint 2 of {len(ex.hints)}:" in text_of(second.locator(".cr-exercise-result"))
    assert "press Show solution below" in text_of(second.locator(".cr-exercise-result"))
    # the buttons under the first check follow the record: the solution is offered there
    # too, now that two checks have failed
    early = first.locator(".cr-exercise-solution-button")
    assert early.is_enabled() and text_of(early) == "Show solution"
    button = second.locator(".cr-exercise-solution-button")
    button.scroll_into_view_if_needed()
    assert button.is_enabled() and text_of(button) == "Show solution"
    assert "words(text).count" not in text_of(page.locator(".jp-NotebookPanel"))
    nb.screenshot("feedback-exercise-buttons")
    button.click()
    confirm = second.locator(".cr-exercise-show-solution")
    confirm.wait_for(timeout=30_000)
    assert "Show the solution?" in text_of(second)
    nb.screenshot("feedback-exercise-offer")
    confirm.click()
    wait_for(second.locator(".cr-exercise-solution-box"), "A solution to")
    saved = json.loads(lab.progress.read_text(encoding="utf-8"))["exercises"][f"{NB}/{EX}"]
    assert saved["solution"] is True and saved["failures"] == 2 and saved["hints"] == 2
    # Hint, under the check: the next hint (the last one, both having been shown)
    hint = second.locator(".cr-exercise-hint-button")
    hint.click()
    said = wait_for(second.locator(".cr-exercise-more"), f"Hint {len(ex.hints)} of")
    assert ex.hints[-1].split("`")[0] in said
    page.locator(".cr-exercise-solution-box").scroll_into_view_if_needed()
    nb.screenshot("feedback-exercise-solution")
    board = text_of(page.locator(".cr-quiz-scoreboard").first)
    assert "Exercises right: 0 of 4 (solution shown for 1)" in board
    assert nb.error_outputs() == []
