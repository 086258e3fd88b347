"""What a learner meets around a check (issue 24): the Hint and Show solution buttons under
the result, the matching rule each task states, and what a broken exercise cell says.

The buttons are ipywidgets, driven here without a browser (``button.click()`` runs the
handlers); tests/browser/test_feedback.py presses them in JupyterLab.
"""

import sys
import types

import pytest

from closereading import exercise_contrasts as C
from closereading import exercise_progress as X
from closereading import exercises as E
from test_exercises import _syntax_error as syntax_error
from test_reading_views import store  # noqa: F401  (a fresh learner's progress file)

NB, EX = "01-harmonious-world", "count-should"
VIEW = "application/vnd.jupyter.widget-view+json"


def wrong(n):
    return E.compile_function(f"def count_word(text, word):\n    return {n}\n", "count_word")


# ---------------------------------------------------------------------------------------
# Hint and Show solution, under the result


def test_a_checks_result_is_a_widget_with_the_same_html_and_text(store):
    result = E.check(NB, EX, wrong(0))
    data = result._repr_mimebundle_()
    assert VIEW in data
    assert data["text/html"] == result._repr_html_() and data["text/plain"] == result.text
    # a result of no notebook (a test's own Result) is shown as before, with no buttons
    plain = E.Result("x", "incorrect", "Some message.")._repr_mimebundle_()
    assert VIEW not in plain and plain["text/plain"] == "Not yet right. Some message."


def test_the_static_result_of_the_starter_has_no_button(store):
    """What nbval compares and a reader without a kernel sees: no button, the same words."""
    ex = E.get(NB, EX)
    result = E.check(NB, EX, E.compile_function(ex.starter, ex.function))
    html = result._repr_mimebundle_()["text/html"]
    assert "Not attempted yet." in html and "button" not in html.lower()


def test_hint_shows_the_next_hint_and_says_which(store):
    ex = E.get(NB, EX)
    controls = X.Controls(E.check(NB, EX))     # not attempted yet: the hints are there
    assert controls.hint_button.description == "Hint"
    controls.hint_button.click()
    assert f"Hint 1 of {len(ex.hints)}" in controls.out.value
    assert controls.hint_button.description == f"Next hint (2 of {len(ex.hints)})"
    controls.hint_button.click()
    assert f"Hint 2 of {len(ex.hints)} (the last one)" in controls.out.value
    assert controls.hint_button.description == "Hint again"
    assert X.clean(store.record(f"{NB}/{EX}", kind=X.KIND))["hints"] == 2


def test_show_solution_waits_for_two_failed_checks_then_asks_and_records(store):
    first = X.Controls(E.check(NB, EX, wrong(0)))
    assert first.solution_button.disabled
    assert first.solution_button.description == "Show solution (after 1 more check that fails)"
    second = X.Controls(E.check(NB, EX, wrong(1)))
    assert not second.solution_button.disabled
    assert second.solution_button.description == "Show solution"
    second.solution_button.click()
    (offer,) = second.more.children
    assert "Show the solution?" in offer.children[0].value
    assert "def count_word" not in second.out.value          # not before the confirmation
    offer.children[1].click()                                 # "Yes, show the solution"
    assert "A solution to" in offer.children[2].value
    assert X.clean(store.record(f"{NB}/{EX}", kind=X.KIND))["solution"] is True
    # once seen, the button shows it at once
    again = X.Controls(E.check(NB, EX, wrong(1)))
    again.solution_button.click()
    assert "A solution to" in again.out.value and not again.more.children


def test_the_note_after_two_failures_names_the_button(store):
    E.check(NB, EX, wrong(0))
    notes = E.check(NB, EX, wrong(1)).notes
    assert any("press *Show solution* below" in n for n in notes)


# ---------------------------------------------------------------------------------------
# Every task states its matching rule, and the rule stated is the rule checked


EXERCISES = [ex for found in E.load_all().values() for ex in found]


def test_every_check_has_a_rule_and_contrasts():
    assert set(C.RULES) == set(E.CHECKS)
    assert set(C.BUILDERS) == set(E.CHECKS)


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: f"{ex.notebook[:2]}-{ex.id}")
def test_every_task_states_how_words_match(ex):
    shown = E.task(ex.notebook, ex.id)
    rule = C.rule(ex.check, ex.params)
    assert rule and f"How words match: {rule}" in shown.text
    assert 'class="cr-exercise-rule"' in shown.html


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: f"{ex.notebook[:2]}-{ex.id}")
def test_the_reference_solution_agrees_with_every_contrast(ex):
    """The contrasts put the stated rule to the test (capitals, a longer word, punctuation
    at an edge ...): the reference solution gives the rule's answer on each."""
    solution = E.compile_function(ex.solution, ex.function)
    assert C.contrasts(ex.check, ex.params)
    assert C.differences(ex.kind, ex.params, solution) == ()


def test_the_kwic_task_says_how_case_is_treated():
    ex = E.get("06-the-whole-text", "kwic-by-hand")
    assert "ignoring case" in " ".join(ex.task.split())
    assert "in any case" in C.rule(ex.check, ex.params)


def test_a_rule_about_a_word_names_the_exercises_word():
    rule = C.rule("count-word", {"word": "regional"})
    assert "\u201cRegional\u201d" in rule and "\u201cinterregional\u201d" in rule
    assert C.rule("long-words", {"letters": 8}).endswith("means 9 letters or more.")


# ---------------------------------------------------------------------------------------
# A broken exercise cell says what to fix, where it is


BROKEN = "from closereading import stats\n\ndef count_word(text, word)\n    return 1\n"


def test_a_syntax_error_in_an_exercise_cell_says_which_line_and_what_to_look_for():
    note = E.broken_cell_note(BROKEN, syntax_error(BROKEN))
    assert note.text.startswith("This exercise cell did not run (SyntaxError on line 3: "
                                "expected ':'). Python could not read line 3 of this cell: ")
    assert "missing `:`" in note.text and "run the check below it" in note.text
    assert "Run All does not stop at this cell" in note.text
    assert 'class="cr-exercise-broken"' in note.html and 'role="status"' in note.html


def test_an_error_while_the_cell_runs_names_its_line():
    try:
        exec(compile("x = 1\nundefined_name\n", "<cell>", "exec"), {})
    except NameError as exc:
        error = exc
    note = E.broken_cell_note("def share_with_word(text, word):\n    pass\n", error)
    assert "(NameError on line 2: name 'undefined_name' is not defined)" in note.text
    assert "The cell stopped at line 2" in note.text


def test_a_cell_that_defines_no_exercise_function_gets_no_note():
    assert E.broken_cell_note("def helper(x)\n", syntax_error("def helper(x)\n")) is None
    assert E.broken_cell_note("1/0", ZeroDivisionError()) is None


def test_the_note_is_displayed_under_the_cell_after_it_fails(monkeypatch):
    shown = []
    monkeypatch.setitem(sys.modules, "IPython.display",
                        types.SimpleNamespace(display=shown.append))
    info = types.SimpleNamespace(raw_cell=BROKEN)
    E._after_cell(types.SimpleNamespace(info=info, error_before_exec=syntax_error(BROKEN),
                                        error_in_exec=None))
    assert len(shown) == 1 and shown[0].text.startswith("This exercise cell did not run")
    E._after_cell(types.SimpleNamespace(info=types.SimpleNamespace(raw_cell=BROKEN),
                                        error_before_exec=None, error_in_exec=None))
    assert len(shown) == 1                                   # a cell that ran: nothing


def test_the_exercise_cells_of_the_notebooks_let_run_all_go_on():
    """Tagged `raises-exception` (JupyterLab then sends `stop_on_error: false`), and their
    checks name no function, so that a cell that failed before defining it leaves no
    NameError below."""
    import json
    import re
    from closereading.paths import notebooks_dir
    for path in sorted(notebooks_dir().glob("0*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            tags = cell.get("metadata", {}).get("tags", [])
            source = "".join(cell["source"])
            if "exercise" in tags:
                assert "raises-exception" in tags, (path.name, source[:60])
            if "exercises.check(" in source:
                assert re.fullmatch(r'exercises\.check\("[^"]+", "[^"]+"\)', source.strip()), (
                    path.name, source)


def test_the_buttons_under_an_earlier_check_follow_the_record(store):
    """Under the first check, Show solution waits; once a second check fails, the first
    one's button is enabled too, and a hint asked for anywhere moves its Hint on."""
    first = X.Controls(E.check(NB, EX, wrong(0)))
    assert first.solution_button.disabled
    second = X.Controls(E.check(NB, EX, wrong(1)))
    assert not first.solution_button.disabled
    assert first.solution_button.description == "Show solution"
    second.hint_button.click()
    assert first.hint_button.description == second.hint_button.description
