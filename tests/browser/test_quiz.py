"""The quizzes in JupyterLab, in headless Chromium, as a learner uses them.

1. Notebook 00: answer a question wrong (with the keyboard only: Tab to the options, Space
   to select, Tab to Check, Enter), and the feedback says so; answer it right, and the
   scoreboard changes; end the kernel, reload the page and run again, and the progress
   is restored.
2. A notebook with one question of each of the seven types: each is answered right
   through its own controls and says "Correct.".
Screenshots go to build/screenshots/.
"""

import nbformat
import pytest

pytestmark = pytest.mark.browser

NOTEBOOK = "00-start-here.ipynb"


def selector(qid) -> str:
    from closereading.quiz.widgets import css_id
    return f".{css_id(qid)}"


def question(page, qid):
    return page.locator(selector(qid))


def is_focused(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def text_of(locator) -> str:
    """The text of an element, whitespace collapsed (textContent: JupyterLab may skip
    rendering cells outside the viewport, which empties innerText)."""
    return " ".join((locator.text_content() or "").split())


def wait_for_text(locator, text, timeout=30_000):
    locator.filter(has_text=text).first.wait_for(timeout=timeout)
    return text_of(locator)


def scoreboard(page) -> str:
    return text_of(page.locator(".cr-quiz-scoreboard").first)


def test_wrong_then_right_then_restored_after_reload(open_notebook, lab):
    from closereading import quiz
    lab.progress.unlink(missing_ok=True)  # this test counts from an empty progress file
    qs = quiz.questions("00-start-here")
    first, second = qs[0], qs[1]
    assert first.type == "single" and second.type == "true-false"
    total = len(qs)

    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    page = nb.page
    assert scoreboard(page).endswith(f"Answered: 0 of {total} · Correct at the first try: 0 · "
                                     f"Questions: {total}")
    q1 = question(page, first.id)
    q1.scroll_into_view_if_needed()

    # 1. Wrong, with the keyboard only.
    wrong = next(o for o in first.choices() if o != first.answer)
    radios = q1.locator("input[type=radio]")
    target = radios.nth(first.choices().index(wrong))
    radios.first.focus()
    for _ in range(len(first.choices())):
        if is_focused(target):
            break
        page.keyboard.press("Tab")
    assert is_focused(target)
    page.keyboard.press("Space")
    assert radios.nth(first.choices().index(wrong)).is_checked()
    for _ in range(len(first.choices()) + 2):
        if page.evaluate("document.activeElement.classList.contains('cr-quiz-check')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    said = wait_for_text(q1.locator(".cr-quiz-feedback"), "Not yet.")
    assert "1 attempt so far" in said and first.explanation not in said
    page.wait_for_function("() => /Answered: 1 of/.test(document.querySelector("
                           "'.cr-quiz-scoreboard').textContent)", timeout=30_000)
    assert "Correct at the first try: 0" in scoreboard(page)

    # 2. Right, with the mouse: the score changes.
    radios.nth(first.choices().index(first.answer)).click()
    q1.locator(".cr-quiz-check").click()
    said = wait_for_text(q1.locator(".cr-quiz-feedback"), "Correct.")
    assert f"(paragraph {first.evidence.paragraph})" in said
    q2 = question(page, second.id)
    q2.locator("label", has_text="True" if second.answer else "False").first.click()
    q2.locator(".cr-quiz-check").click()
    wait_for_text(q2.locator(".cr-quiz-feedback"), "Correct. At the first try.")
    page.wait_for_function("() => /Answered: 2 of .*Correct at the first try: 1/.test("
                           "document.querySelector('.cr-quiz-scoreboard').textContent)",
                           timeout=30_000)
    q1.scroll_into_view_if_needed()
    nb.screenshot("quiz-00-answered")
    assert nb.error_outputs() == []

    # 3. Close the kernel, reload the page, run again: the progress is restored.
    assert lab.shut_down_kernels() >= 1
    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    page = nb.page
    first_prompt = text_of(page.locator(".jp-CodeCell .jp-InputArea-prompt").first)
    assert first_prompt == "[1]:"  # a new kernel
    assert scoreboard(page).endswith(f"Answered: 2 of {total} · Correct at the first try: 1 · "
                                     f"Questions: {total}")
    q1 = question(page, first.id)
    said = text_of(q1.locator(".cr-quiz-feedback"))
    assert "Correct." in said and "from your saved progress" in said
    assert q1.locator("input[type=radio]").nth(first.choices().index(first.answer)).is_checked()
    q1.scroll_into_view_if_needed()
    nb.screenshot("quiz-00-restored")
    assert nb.error_outputs() == []


def answer_right(page, q):
    """Give the right answer to question ``q`` through its controls, as a learner would."""
    box = question(page, q.id)
    box.scroll_into_view_if_needed()
    if q.type in ("single", "evidence", "true-false"):
        choices = list(q.choices())
        right = {True: "True", False: "False"}[q.answer] if q.type == "true-false" else q.answer
        box.locator("input[type=radio]").nth(choices.index(right)).check()
    elif q.type == "multiple":
        boxes = box.locator("input[type=checkbox]")
        for i, option in enumerate(q.choices()):
            if option in q.answer:
                boxes.nth(i).check()
    elif q.type == "text":
        box.locator("input[type=text]").fill(q.answer[0])
    elif q.type == "match":
        selects = box.locator("select")
        for i, (_, right) in enumerate(q.answer):
            selects.nth(i).select_option(label=right)
    elif q.type == "order":
        radios = box.locator("input[type=radio]")
        labels = box.locator(".widget-radio-box label")

        def current():  # the items in their current order ("1. item" -> "item")
            return [t.strip().split(". ", 1)[1] for t in labels.all_text_contents()]

        for target, item in enumerate(q.answer):
            place = current().index(item)
            if place == target:
                continue
            radios.nth(place).check()
            for step in range(place - target):
                box.locator(".cr-quiz-up").click()
                page.wait_for_function(
                    "([sel, want, item]) => document.querySelectorAll(sel + ' .widget-radio-box "
                    "label')[want].textContent.trim() === (want + 1) + '. ' + item",
                    arg=[selector(q.id), place - step - 1, item], timeout=30_000)
    box.locator(".cr-quiz-check").click()
    return wait_for_text(box.locator(".cr-quiz-feedback"), "Correct.")


def test_all_seven_types_work_in_jupyterlab(open_notebook, lab):
    from closereading import quiz
    lab.progress.unlink(missing_ok=True)
    bank = quiz.load_banks()
    chosen = [next(q for q in bank if q.type == t) for t in quiz.TYPES]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}  # no kernel dialog on opening
    nb.cells = [nbformat.v4.new_code_cell("from closereading import quiz")]
    nb.cells += [nbformat.v4.new_code_cell(f"quiz.ask({q.id!r})") for q in chosen]
    nbformat.write(nb, lab.root / "quiz-all-types.ipynb")

    notebook = open_notebook("quiz-all-types.ipynb")
    notebook.run_all()
    page = notebook.page
    for q in chosen:
        said = answer_right(page, q)
        assert q.explanation.split()[0] in said, q.id
    for q in chosen:  # every answer reached the progress file
        assert text_of(question(page, q.id).locator(".cr-quiz-feedback")).startswith("Correct.")
    import json
    saved = json.loads(lab.progress.read_text(encoding="utf-8"))["questions"]
    assert all(saved[q.id]["correct"] and saved[q.id]["first_try"] for q in chosen)
    question(page, chosen[4].id).scroll_into_view_if_needed()  # the match question
    notebook.screenshot("quiz-all-types")
    assert notebook.error_outputs() == []
