"""What a learner sets in a control reaches the kernel before the click that follows it,
even when the kernel is slow over it.

JupyterLab 4.6 sends widget messages on a kernel "subshell" by default (its setting
``commsOverSubshells``), and ipykernel 7.4 runs each subshell in a thread of its own. It
then routes a widget's messages to the thread of the last message that widget answered:
a text box or a list that has echoed an update goes to the subshell's thread, a button
that never sends anything stays on the main thread. So a click could be handled while
the update sent just before it was still waiting in the other thread, and a question was
graded on what the learner had entered before. The course's JupyterLab settings turn
this off (config/jupyterlab-overrides.json: ``commsOverSubshells`` is ``disabled``), and
every widget message is handled in the main thread, in the order it was sent.

Each question here has a kernel that takes a second over the update that matters, so
that a click overtaking it would be seen every time: with the subshells back on, both
tests fail.
"""

import re

import nbformat
import pytest

from test_quiz import button, order_now, question, selector, wait_for_text, wait_moved

pytestmark = pytest.mark.browser

NOTEBOOK = "message-order.ipynb"

# A kernel slow to take in what the browser sends: a second before each update of a
# control is applied (ipywidgets applies an update with the widget's set_state).
SLOWLY = """import time
from closereading import quiz

def slowly(set_state):
    def slow_set_state(state):
        time.sleep(1)
        set_state(state)
    return slow_set_state"""


def questions():
    """A text question and an order question that the other browser tests leave alone."""
    from closereading import quiz
    from test_keyboard import one_of_each_type
    from test_quiz import seven_types
    used = {q.id for qs in seven_types() for q in qs} | {q.id for q in one_of_each_type()}
    bank = quiz.load_banks()
    return [next(q for q in reversed(bank) if q.type == t and q.id not in used)
            for t in ("text", "order")]


@pytest.fixture
def slow_notebook(open_notebook, lab):
    """The two questions, each with a kernel that takes 1 s over each update of its control."""
    text_q, order_q = questions()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SLOWLY),
                nbformat.v4.new_code_cell(
                    f"text = quiz.ask({text_q.id!r})\n"
                    "text.text.set_state = slowly(text.text.set_state)\n"
                    "text"),
                nbformat.v4.new_code_cell(
                    f"order = quiz.ask({order_q.id!r})\n"
                    "order.order.set_state = slowly(order.order.set_state)\n"
                    "order")]
    nbformat.write(nb, lab.root / NOTEBOOK)
    lab.progress.unlink(missing_ok=True)
    notebook = open_notebook(NOTEBOOK)
    notebook.run_all()
    return notebook, text_q, order_q


def test_check_grades_the_answer_typed_just_before_it(slow_notebook):
    notebook, q, _ = slow_notebook
    box = question(notebook.page, q.id)
    box.scroll_into_view_if_needed()
    feedback = box.locator(".cr-quiz-feedback")
    # A wrong answer first: the text box then has an update behind it, as after any use.
    box.get_by_role("textbox").fill("certainly not this")
    button(box, "Check").click()
    wait_for_text(feedback, "Not yet.")
    # Then the right one, and Check at once, while the kernel is still busy with it.
    box.get_by_role("textbox").fill(q.answer[0])
    button(box, "Check").click()
    said = wait_for_text(feedback, re.compile(r"Correct\.|2 attempts|the same answer as before"))
    assert said.startswith("Correct."), (q.id, said)
    notebook.assert_clean()


def test_move_up_moves_the_item_chosen_just_before_it(slow_notebook):
    notebook, _, q = slow_notebook
    page = notebook.page
    box = question(page, q.id)
    box.scroll_into_view_if_needed()
    # Two moves, each chosen and then moved at once: the second choice reaches a kernel
    # that has already answered the list once.
    for _ in range(2):
        items = order_now(box)
        item = items[-1]
        box.get_by_label(re.compile(rf"^\s*\d+\.\s*{re.escape(item)}\s*$")).check()
        button(box, "Move up").click()
        wait_moved(page, selector(q.id), len(items) - 2, item)
    notebook.assert_clean()
