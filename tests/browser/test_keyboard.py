"""A learner who uses only the keyboard answers one question of each of the seven types
in JupyterLab: Tab, Shift-Tab, Space, Enter, the arrow keys (in the drop-downs of a match
question) and typing, nothing else (Playwright's page.keyboard). The focus starts on the question's Check button (where a
click would put it); from there every step is a key press, and after every key press the
focused element is inside the question and shows a visible focus indicator: an outline
of at least 2 px whose colour has at least 3:1 contrast with the white page
(closereading.html.FOCUS_CSS; ipywidgets' own is a 1 px light blue outline on buttons and
none at all on text boxes and drop-downs). Each answer then gets "Correct." in words.

The arrow keys reach the drop-downs only because the course's JupyterLab settings keep
the notebook's command-mode shortcuts out of the output areas
(config/jupyterlab-overrides.json, tests/test_lab_shortcuts.py): with JupyterLab's
defaults, ArrowDown on a drop-down or an option moves to the next cell instead.
Screenshots go to build/screenshots/a11y/.
"""

import re

import nbformat
import pytest

from jlab import SCREENSHOTS
from test_quiz import order_now, question, text_of, wait_for_text, wait_moved

pytestmark = pytest.mark.browser

NOTEBOOK = "keyboard-seven-types.ipynb"

FOCUSED = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const box = e.closest('.cr-quiz');
    let label = '';
    if (e.type === 'radio' || e.type === 'checkbox') label = e.parentElement.textContent;
    else if (e.id) label = (document.querySelector(`label[for="${e.id}"]`) || {}).textContent || '';
    const plain = t => t.replace(/\u00a0/g, ' ').trim();   // ipywidgets: no-break spaces
    return {tag: e.tagName, type: e.type || '', text: plain(e.textContent || ''),
            label: plain(label), checked: !!e.checked,
            selected: e.tagName === 'SELECT' ? plain(e.options[e.selectedIndex].text) : '',
            box: box ? [...box.classList].find(c => c.startsWith('cr-quiz-q-')) : null,
            outline: [s.outlineStyle, s.outlineWidth, s.outlineColor]};
}"""


def luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_with_white(rgb: str) -> float:
    return 1.05 / (luminance(rgb) + 0.05)


class Keys:
    """The keyboard, with the focus checked after every key press."""

    def __init__(self, page, q):
        from closereading.quiz.widgets import css_id
        self.page, self.q, self.box_class = page, q, css_id(q.id)
        self.presses = 0

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def check_focus(self) -> dict:
        f = self.focused()
        assert f["box"] == self.box_class, (self.q.id, f)       # focus stays in the question
        style, width, colour = f["outline"]
        assert style not in ("none", "hidden") and float(width.removesuffix("px")) >= 2, (
            self.q.id, f)
        assert contrast_with_white(colour) >= 3, (self.q.id, f)
        return f

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        return self.check_focus()

    def type(self, text: str) -> dict:
        self.page.keyboard.type(text, delay=20)
        self.presses += 1
        return self.check_focus()

    def until(self, key: str, done, limit: int = 20) -> dict:
        """Press ``key`` until ``done(focused)``."""
        f = self.check_focus()
        for _ in range(limit):
            if done(f):
                return f
            f = self.press(key)
        raise AssertionError(f"{self.q.id}: {key} {limit} times did not get there; focus {f}")


def is_check(f) -> bool:
    return f["tag"] == "BUTTON" and f["text"] == "Check"


def choose_radio(keys: Keys, label: str) -> None:
    """From the Check button: Shift-Tab back over the options to the right one, Space to
    select it, Tab forward to Check. (Not the arrow keys: ipywidgets 8.1.9 gives its radio
    buttons no name, so Chrome treats every radio button of the page as one group and an
    arrow key past the last option selects the next question's first one.)"""
    keys.until("Shift+Tab", lambda f: f["type"] == "radio" and f["label"] == label)
    assert keys.press("Space")["checked"], keys.q.id
    keys.until("Tab", is_check)


def answer(keys: Keys, page, q) -> None:
    """Give q's right answer from the keyboard, ending with the focus on Check."""
    from closereading.quiz import render
    if q.type in ("single", "evidence"):
        choose_radio(keys, render._label(q, q.answer))
    elif q.type == "true-false":
        choose_radio(keys, "True" if q.answer else "False")
    elif q.type == "multiple":
        # Backwards over the check boxes with Shift-Tab, Space on each right one.
        seen = set()
        while len(seen) < len(q.choices()):
            f = keys.until("Shift+Tab", lambda f: f["type"] == "checkbox"
                           and f["label"] not in seen)
            seen.add(f["label"])
            if f["label"] in q.answer:
                assert keys.press("Space")["checked"], q.id
        keys.until("Tab", is_check)
    elif q.type == "text":
        f = keys.until("Shift+Tab", lambda f: f["tag"] == "INPUT" and f["type"] == "text")
        assert f["label"] == "Your answer:", f
        keys.type(q.answer[0])
        keys.until("Tab", is_check)
    elif q.type == "match":
        # Backwards over the drop-downs; in each, the arrows to the right item.
        right = dict(q.answer)
        done = set()
        while len(done) < len(right):
            f = keys.until("Shift+Tab", lambda f: f["tag"] == "SELECT"
                           and f["label"] not in done)
            left = f["label"].removesuffix(":")
            keys.until("ArrowDown", lambda f: f["selected"] == right[left],
                       limit=len(right) + 2)
            done.add(f["label"])
        keys.until("Tab", is_check)
    elif q.type == "order":
        box = question(page, q.id)
        for target, item in enumerate(q.answer):
            place = order_now(box).index(item)
            if place == target:
                continue
            # Back into the list (Shift-Tab from the buttons) to the item, Space ...
            keys.until("Shift+Tab", lambda f: f["type"] == "radio"
                       and re.sub(r"^\d+\.\s*", "", f["label"]) == item)
            assert keys.press("Space")["checked"], q.id
            # ... then Tab to "Move up" and Enter until it is in its place.
            keys.until("Tab", lambda f: f["text"] == "Move up", limit=len(q.answer) + 2)
            for step in range(place - target):
                keys.press("Enter")
                wait_moved(page, f".{keys.box_class}", place - step - 1, item)
                keys.check_focus()
        assert order_now(box) == list(q.answer)
        keys.until("Tab", is_check)
    else:
        raise AssertionError(f"unknown type {q.type}")


def ask(q) -> str:
    """The cell that asks q. The text question's kernel is slow: each update of the typed
    answer takes it 1 s. Were the box to send every key (continuous_update), ipywidgets
    would hold the last letters back while the kernel was busy and send the Check click
    at once, and the question would be graded on what had arrived
    (closereading/controls.py)."""
    if q.type != "text":
        return f"quiz.ask({q.id!r})"
    return (f"import time\nview = quiz.ask({q.id!r})\n"
            "view.text.observe(lambda change: time.sleep(1), names='value')\nview")


def one_of_each_type():
    """One question of each type, not the ones test_quiz.py answers (a worker may run
    both)."""
    from closereading import quiz
    from test_quiz import seven_types
    used = {q.id for qs in seven_types() for q in qs}
    bank = quiz.load_banks()
    return [next(q for q in bank if q.type == t and q.id not in used) for t in quiz.TYPES]


def test_one_question_of_each_type_answered_with_the_keyboard_only(open_notebook, lab):
    from closereading import quiz
    qs = one_of_each_type()
    assert sorted(q.type for q in qs) == sorted(quiz.TYPES) and len(qs) == 7
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("from closereading import quiz")]
    nb.cells += [nbformat.v4.new_code_cell(ask(q)) for q in qs]
    nbformat.write(nb, lab.root / NOTEBOOK)
    lab.progress.unlink(missing_ok=True)
    notebook = open_notebook(NOTEBOOK)
    notebook.run_all()
    page = notebook.page
    cells_before = page.locator(".jp-Cell").count()
    (SCREENSHOTS / "a11y").mkdir(parents=True, exist_ok=True)
    for q in qs:
        box = question(page, q.id)
        box.scroll_into_view_if_needed()
        box.locator(".cr-quiz-check").focus()   # where a click would leave the focus
        keys = Keys(page, q)
        answer(keys, page, q)
        assert is_check(keys.check_focus())
        if q.type == "match":   # the focus ring on the Check button, and the drop-downs
            page.screenshot(path=str(SCREENSHOTS / "a11y" / "keyboard-match-focus.png"))
        keys.press("Enter" if q.type != "text" else "Space")
        said = wait_for_text(box.locator(".cr-quiz-feedback"), "Correct.")
        assert said.startswith("Correct. At the first try."), (q.id, said)
        assert is_check(keys.check_focus()), q.id   # the focus stays where it was
        assert keys.presses >= 2, q.id
        page.screenshot(path=str(SCREENSHOTS / "a11y" / f"keyboard-{q.type}.png"))
    # No key press reached JupyterLab's notebook shortcuts: no cell was added or removed,
    # and everything a learner sees is free of errors.
    assert page.locator(".jp-Cell").count() == cells_before
    notebook.assert_clean()
