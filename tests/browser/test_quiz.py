"""The quizzes in JupyterLab, in headless Chromium, as a learner uses them.

1. Notebook 00: Run All shows no error and every widget of the notebook (check_notebook);
   answer a question wrong (with the keyboard only: Tab to the options, Space to select,
   Tab to Check, Enter), and the feedback says so; answer it right, and the scoreboard
   changes; end the kernel, reload the page and run again, and the progress is restored.
   Every question of 00 (four types) is then tried with a wrong answer, Hint, Show answer
   (where two different wrong answers make it available) and Reset.
2. A notebook with two questions of each of the seven types (one Run All for both tests):
   the first of each is answered right through its own controls and says "Correct."; the
   second gets a hint, one or two wrong answers, Show answer, Reset and then the right
   answer, each checked in what the question shows.
Options, boxes and buttons are found by the text of their labels, as a learner finds them.
Screenshots go to build/screenshots/.
"""

import json
import re

import nbformat
import pytest

from test_notebooks import check_notebook, check_opened

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
    try:
        locator.filter(has_text=text).first.wait_for(timeout=timeout)
    except Exception as exc:
        box = locator.locator("xpath=ancestor::*[contains(@class, 'cr-quiz')][1]")
        shown = text_of(box) if box.count() else "(no question around it)"
        raise AssertionError(f"{text!r} did not appear within {timeout / 1000:.0f} s; it "
                             f"shows {text_of(locator)!r}; the question shows "
                             f"{shown[:600]!r}") from exc
    return text_of(locator)


def scoreboard(page) -> str:
    return text_of(page.locator(".cr-quiz-scoreboard").first)


def exactly(text: str):
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def option_label(q, option) -> str:
    """The label a learner reads beside an option."""
    if q.type == "true-false":
        return "True" if option else "False"
    if q.type == "evidence":
        return f"Paragraph {option}"
    return option


def button(box, name: str):
    """A question's button, by the start of its label ("Hint" is "Hint (1 of 2)")."""
    return box.get_by_role("button", name=re.compile(rf"^{re.escape(name)}"))


def order_now(box) -> list[str]:
    """The items of an order question as shown, in order ("1. item" -> "item")."""
    return [re.sub(r"^\s*\d+\.\s*", "", t).strip()
            for t in box.locator(".widget-radio-box label").all_text_contents()]


def wait_moved(page, sel: str, place: int, item: str) -> None:
    """Wait until an order question shows ``item`` at ``place`` (from 0) and still chosen:
    the kernel sends the new labels and the choice in one message, and the next click or
    key must find both (tests/browser/STALL.md)."""
    try:
        page.wait_for_function(
            "([sel, place, item]) => { const label = document.querySelectorAll(sel + "
            "' .widget-radio-box label')[place]; return !!label && label.textContent.trim()"
            ".endsWith(item) && label.querySelector('input').checked; }",
            arg=[sel, place, item], timeout=30_000)
    except Exception as exc:
        shown = page.eval_on_selector_all(
            sel + " .widget-radio-box label",
            "ls => ls.map(l => (l.querySelector('input').checked ? '(x) ' : '') + "
            "l.textContent.trim())")
        raise AssertionError(f"{item!r} did not reach place {place} within 30 s; the list "
                             f"shows {shown}; the focus is on "
                             f"{page.evaluate('document.activeElement.outerHTML.slice(0, 200)')}"
                             ) from exc


def give(page, q, response):
    """Enter ``response`` through the question's own controls, each found by its label."""
    box = question(page, q.id)
    box.scroll_into_view_if_needed()
    if q.type in ("single", "evidence", "true-false"):
        box.get_by_label(exactly(option_label(q, response))).check()
    elif q.type == "multiple":
        for option in q.choices():
            box.get_by_label(exactly(option)).set_checked(option in response)
    elif q.type == "text":
        box.get_by_role("textbox").fill(response)
    elif q.type == "match":
        for left, right in response:
            box.get_by_label(re.compile(rf"^\s*{re.escape(left)}:?\s*$")).select_option(
                label=right)
    elif q.type == "order":
        for target, item in enumerate(response):
            place = order_now(box).index(item)
            if place == target:
                continue
            box.get_by_label(re.compile(rf"^\s*\d+\.\s*{re.escape(item)}\s*$")).check()
            for step in range(place - target):
                button(box, "Move up").click()
                wait_moved(page, selector(q.id), place - step - 1, item)
        assert order_now(box) == list(response)
    else:
        raise AssertionError(f"unknown type {q.type}")
    return box


def check(page, q, response, expect: str) -> str:
    box = give(page, q, response)
    button(box, "Check").click()
    return wait_for_text(box.locator(".cr-quiz-feedback"), expect)


def right_answer(q):
    """The right answer as a learner enters it (a text question: its first accepted
    answer, typed exactly as in the bank)."""
    return q.answer[0] if q.type == "text" else q.answer


def wrong_answers(q) -> list:
    """Two different wrong answers (one for true-false, which has one wrong option)."""
    if q.type == "true-false":
        return [not q.answer]
    if q.type in ("single", "evidence"):
        return [o for o in q.choices() if o != q.answer][:2]
    if q.type == "multiple":
        wrong = [o for o in q.choices() if o not in q.answer]
        return [[wrong[0]], list(q.answer)[:1] + wrong[1:2]]
    if q.type == "text":
        return ["certainly not this", "nor this"]
    if q.type == "match":
        rights = [r for _, r in q.answer]
        return [list(zip([l for l, _ in q.answer], rights[k:] + rights[:k])) for k in (1, 2)]
    if q.type == "order":
        items = list(q.answer)
        return [items[k:] + items[:k] for k in (1, 2)]
    raise AssertionError(q.type)


def is_cleared(box, q) -> bool:
    """The controls of a question show no answer."""
    if q.type in ("single", "evidence", "true-false", "multiple"):
        return box.locator("input:checked").count() == 0
    if q.type == "text":
        return box.get_by_role("textbox").input_value() == ""
    if q.type == "match":
        selects = box.locator("select")
        return all(selects.nth(i).evaluate("s => s.options[s.selectedIndex]?.text ?? ''")
                   .strip() in ("", "(choose)") for i in range(selects.count()))
    if q.type == "order":
        return order_now(box) == list(q.start_order())
    raise AssertionError(q.type)


def try_everything(page, q):
    """Hint, wrong answers, Show answer, Reset and the right answer, on question q, as a
    learner uses them; each step checked in what the question shows."""
    box = question(page, q.id)
    box.scroll_into_view_if_needed()
    feedback, hints = box.locator(".cr-quiz-feedback"), box.locator(".cr-quiz-hints")
    show = box.locator(".cr-quiz-show")
    if q.hints:
        button(box, "Hint").click()
        said = wait_for_text(hints, q.hints[0][:40])
        assert q.answer_lines()[0] not in said or q.type == "true-false", q.id
    wrong = wrong_answers(q)
    said = check(page, q, wrong[0], "Not yet.")
    assert "1 attempt so far" in said and q.explanation not in said, q.id
    assert not show.is_visible(), q.id            # offered after two wrong answers only
    if len(wrong) > 1:
        said = check(page, q, wrong[1], "2 attempts so far")
        assert "Not yet." in said and q.explanation not in said, q.id
        show.wait_for(state="visible", timeout=30_000)
        button(box, "Show answer").click()
        said = wait_for_text(feedback, "The answer:")
        for line in q.answer_lines():
            # An order's lines are "1. item": the widget numbers them as a list (<ol>).
            shown = re.sub(r"^\d+\. ", "", line) if q.type == "order" else line
            assert " ".join(shown.split()) in said, (q.id, line)
        assert q.explanation.split()[0] in said, q.id
    button(box, "Reset").click()
    said = wait_for_text(feedback, "cleared")
    assert "Not yet." not in said and "The answer:" not in said, q.id
    assert text_of(hints) == "", q.id
    assert is_cleared(box, q), q.id
    said = check(page, q, right_answer(q), "Correct.")
    assert said.startswith("Correct."), (q.id, said)


def test_wrong_then_right_then_restored_after_reload(open_notebook, lab):
    from closereading import quiz
    lab.progress.unlink(missing_ok=True)  # this test counts from an empty progress file
    qs = quiz.questions("00-start-here")
    first, second = qs[0], qs[1]
    assert first.type == "single" and second.type == "true-false"
    total = len(qs)

    nb = open_notebook(NOTEBOOK)
    nb.run_all()
    check_notebook(nb, NOTEBOOK)       # the checks every notebook gets, on this run
    page = nb.page
    assert page.locator("text=yes: this course").count() == 1
    assert (f"Answered: 0 of {total} · Correct at the first try: 0 · Questions: {total}"
            in scoreboard(page))
    q1 = question(page, first.id)
    q1.scroll_into_view_if_needed()

    # 1. Wrong, with the keyboard only; the option is found by its label.
    wrong = next(o for o in first.choices() if o != first.answer)
    target = q1.get_by_label(exactly(option_label(first, wrong)))
    radios = q1.locator("input[type=radio]")
    radios.first.focus()
    for _ in range(len(first.choices())):
        if is_focused(target):
            break
        page.keyboard.press("Tab")
    assert is_focused(target)
    page.keyboard.press("Space")
    assert target.is_checked()
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
    said = check(page, first, first.answer, "Correct.")
    assert f"(paragraph {first.evidence.paragraph})" in said
    said = check(page, second, second.answer, "Correct. At the first try.")
    page.wait_for_function("() => /Answered: 2 of .*Correct at the first try: 1/.test("
                           "document.querySelector('.cr-quiz-scoreboard').textContent)",
                           timeout=30_000)
    q1.scroll_into_view_if_needed()
    nb.screenshot("quiz-00-answered")
    nb.assert_clean()

    # 3. Save (the server signs the file: it is trusted when reopened), close the kernel,
    # reopen: before the run, each widget shows its static HTML, with no "Error displaying
    # widget" (the saved file has no widget view); run again: the progress is restored.
    saved = lab.root / NOTEBOOK
    before = saved.stat().st_mtime_ns
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    for _ in range(300):
        if saved.stat().st_mtime_ns != before:
            break
        page.wait_for_timeout(100)
    assert saved.stat().st_mtime_ns != before, "Ctrl+S did not save the notebook"
    assert "application/vnd.jupyter.widget-view+json" not in saved.read_text(encoding="utf-8")
    assert lab.shut_down_kernels() >= 1
    nb = open_notebook(NOTEBOOK)
    check_opened(nb, NOTEBOOK)
    nb.run_all()
    page = nb.page
    first_prompt = text_of(page.locator(".jp-CodeCell .jp-InputArea-prompt").first)
    assert first_prompt == "[1]:"  # a new kernel
    assert (f"Answered: 2 of {total} · Correct at the first try: 1 · Questions: {total}"
            in scoreboard(page))
    q1 = question(page, first.id)
    said = text_of(q1.locator(".cr-quiz-feedback"))
    assert "Correct." in said and "from your saved progress" in said
    assert q1.get_by_label(exactly(option_label(first, first.answer))).is_checked()
    q1.scroll_into_view_if_needed()
    nb.screenshot("quiz-00-restored")
    nb.assert_clean()

    # 4. Every other question of 00: a hint, wrong answers, Show answer, Reset, right.
    for q in qs[2:]:
        try_everything(page, q)
    nb.assert_clean()


def seven_types():
    """The first question of each type (answered right) and another of each type with a
    hint (tried with everything)."""
    from closereading import quiz
    bank = quiz.load_banks()
    right = [next(q for q in bank if q.type == t) for t in quiz.TYPES]
    tried = [next(q for q in bank if q.type == t and q.hints and q not in right)
             for t in quiz.TYPES]
    return right, tried


SEVEN_TYPES = "quiz-all-types.ipynb"


@pytest.fixture(scope="class")
def seven_types_notebook(executed_notebook, lab):
    """A notebook of the questions of seven_types(), executed once for its class."""
    right, tried = seven_types()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}  # no kernel dialog on opening
    nb.cells = [nbformat.v4.new_code_cell("from closereading import quiz")]
    nb.cells += [nbformat.v4.new_code_cell(f"quiz.ask({q.id!r})") for q in right + tried]
    nbformat.write(nb, lab.root / SEVEN_TYPES)
    return executed_notebook(SEVEN_TYPES, fresh_progress=True)


class TestAllSevenTypes:
    def test_each_type_answered_right_through_its_controls(self, seven_types_notebook, lab):
        nb = seven_types_notebook
        page = nb.page
        right, _ = seven_types()
        for q in right:
            said = check(page, q, right_answer(q), "Correct.")
            assert q.explanation.split()[0] in said, q.id
        for q in right:  # every answer reached the progress file
            assert text_of(question(page, q.id).locator(".cr-quiz-feedback")).startswith(
                "Correct.")
        saved = json.loads(lab.progress.read_text(encoding="utf-8"))["questions"]
        assert all(saved[q.id]["correct"] and saved[q.id]["first_try"] for q in right)
        question(page, right[4].id).scroll_into_view_if_needed()  # the match question
        nb.screenshot("quiz-all-types")
        nb.assert_clean()

    def test_each_type_wrong_hint_show_answer_reset(self, seven_types_notebook, lab):
        nb = seven_types_notebook
        page = nb.page
        _, tried = seven_types()
        for q in tried:
            try_everything(page, q)
        saved = json.loads(lab.progress.read_text(encoding="utf-8"))["questions"]
        assert all(saved[q.id]["correct"] for q in tried)
        nb.screenshot("quiz-all-types-tried")
        nb.assert_clean()
