"""The parts of `exercises.py` around grading (issue 14, mutation testing:
tests/MUTANTS.md, "exercises.py, the rest"): the helpers the checks share, `Check`'s own
methods (the course input and its label, the cases, the parameters), the notebook calls
(`hint`, `show_solution`, `notebook`, `counts`, `compile_function`, ...) and the cell
watcher. Every value is written out by hand; none is computed with the course's
tokenizer."""

import sys
import types

import pytest

from closereading import exercises as E

C = E.CHECKS


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    """A check, a hint or a solution is recorded: keep it in a file of this test."""
    from closereading.quiz import progress as P
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))


@pytest.fixture
def cells():
    E._cell_runs.clear()
    yield E._cell_runs
    E._cell_runs.clear()


# ---------------------------------------------------------------------------------------
# The helpers the checks share


def test_type_names_take_their_article():
    class Item:
        pass

    class Box:
        pass

    class Xenon:
        pass
    assert [E._type_name(v) for v in (1, "s", None, [], 1.5, {}, (), Item(), Box(), ...,
                                      Xenon())] == [
        "an int", "a str", "a NoneType", "a list", "a float", "a dict", "a tuple", "an Item",
        "a Box", "an ellipsis", "a Xenon"]


def test_whole_numbers_and_numbers():
    from fractions import Fraction
    assert [E._is_int(v) for v in (0, 7, -2, True, False, 1.0, "1", None)] == [
        True, True, True, False, False, False, False, False]
    assert [E._is_number(v) for v in (0, 1.5, Fraction(1, 3), True, "1", None, 1j)] == [
        True, True, True, False, False, False, False]


@pytest.mark.parametrize("value, message", [
    (3, None), (0, None), (3.0, None), (-2.0, None),
    (3.5, "a whole number (int) is expected, and your function returned a float"),
    (True, "a whole number (int) is expected, and your function returned a bool"),
    ("3", "a whole number (int) is expected, and your function returned a str"),
    (None, "a whole number (int) is expected, and your function returned a NoneType"),
])
def test_expect_int(value, message):
    assert E._expect_int(value) == message


@pytest.mark.parametrize("value, message", [
    ([], None), (["A.", "B."], None), (("A.",), None),
    ("A. B.", "a list of sentences is expected, and your function returned one string; "
              "collect the sentences in a list"),
    (3, "a list is expected, and your function returned an int"),
    ({"A.": 1}, "a list is expected, and your function returned a dict"),
    (["A.", 2, None], "every item of the list should be a sentence (str); one is an int"),
    ([None], "every item of the list should be a sentence (str); one is a NoneType"),
])
def test_expect_a_list_of_sentences(value, message):
    assert E._expect_str_list(value) == message


@pytest.mark.parametrize("sentence, phrase, found", [
    ("Common security, then.", "common security", True),
    ("We seek common security", "common security", True),     # at the very end
    ("Security matters.", "security", True),                   # at the very start
    ("security", "security", True),                            # the whole sentence
    ("Insecurity spreads.", "security", False),                # inside a longer word
    ("Security, common.", "common security", False),           # not in a row
    ("common", "common security", False),                      # longer than the sentence
    ("Anything at all.", "", False),                           # no word to look for
    ("Anything at all.", "--", False),
])
def test_has_words(sentence, phrase, found):
    assert E._has_words(sentence, phrase) is found


@pytest.mark.parametrize("ws, target, found", [
    (["a", "b", "c"], ["b", "c"], True),
    (["a", "b", "c"], ["a"], True),
    (["a", "b", "c"], ["a", "b", "c"], True),
    (["a", "b", "c"], ["c", "b"], False),
    (["a", "b"], ["a", "b", "c"], False),
    (["a", "b"], [], False),
    ([], [], False),
])
def test_has_run(ws, target, found):
    assert E._has_run(ws, target) is found


@pytest.mark.parametrize("sentence, phrase, found", [
    ("We seek Common Security", "Common Security", True),
    ("Common Security matters.", "Common Security", True),
    ("Peace and Security", "Security", True),                  # one word, at the end
    ("We seek common security.", "Common Security", False),
    ("We seek COMMON SECURITY.", "common security", False),
    ("Insecurity spreads.", "security", False),
    ("Anything.", "", False),
])
def test_has_words_exact_case(sentence, phrase, found):
    assert E._has_words_exact_case(sentence, phrase) is found


def test_norm_space():
    assert E._norm_space("  We  seek\n common\tsecurity. ") == "We seek common security."
    assert E._norm_space(12) == "12"
    assert E._norm_space("") == ""


def test_the_text_helpers():
    # words lower-cased, punctuation left out, a hyphen and an apostrophe keep a word whole
    assert E._words("Peace-loving China's PEACE, now.") == ["peace-loving", "china's", "peace",
                                                             "now"]
    assert E._sentences("Peace first. We rest.") == ["Peace first.", "We rest."]
    stop = E._stopwords()
    assert isinstance(stop, frozenset) and {"the", "and", "of"} <= stop
    assert "peace" not in stop


def test_paragraphs_of_a_task_as_html_and_as_text():
    task = "First  `count`\nline.\n  \nSecond *one*.\n\n\n  \nThird <b>.\n"
    assert E._block(task) == ('<p style="margin:0.3em 0">First <code>count</code> line.</p>'
                              '<p style="margin:0.3em 0">Second <em>one</em>.</p>'
                              '<p style="margin:0.3em 0">Third &lt;b&gt;.</p>')
    assert E._plain(task) == "First `count` line.\nSecond *one*.\nThird <b>."
    assert E._block("  \n\n ") == "" and E._plain("  \n\n ") == ""
    assert E._code_html("def f():\n    return '<'\n\n", "Reference solution") == (
        '<pre aria-label="Reference solution" style="background:#f5f5f5;color:#1a1a1a;'
        'font-family:monospace;padding:0.5em;border-radius:3px;overflow-x:auto">'
        "def f():\n    return &#x27;&lt;&#x27;</pre>")


def test_the_checks_of_the_notes_are_added_once_complete(monkeypatch):
    from closereading import exercise_checks
    own = {name: kind for name, kind in C.items() if type(kind).__module__ == E.__name__}
    assert len(own) == 11
    monkeypatch.setattr(E, "CHECKS", dict(own))
    E._add_checks()
    assert list(E.CHECKS) == list(own) + [
        "word-before", "should-be", "sentence-modals", "first-words", "type-token-ratio",
        "rate-per-thousand", "kwic-by-hand", "long-words", "word-forms"]
    assert E.CHECKS["word-forms"] is exercise_checks.NEW_CHECKS[-1]
    # while exercise_checks is being imported (it imports this module), it has no
    # NEW_CHECKS yet: nothing is added, and it adds them itself later
    monkeypatch.setattr(E, "CHECKS", dict(own))
    monkeypatch.delattr(exercise_checks, "NEW_CHECKS")
    E._add_checks()
    assert E.CHECKS == own


def test_an_unknown_exercise_reads_as_one_line_in_ipython():
    assert E.ExerciseError("no exercise 'x'")._render_traceback_() == [
        "ExerciseError: no exercise 'x'"]


# ---------------------------------------------------------------------------------------
# Check's own methods


def test_the_label_of_the_course_input():
    word, dense, record = C["count-word"], C["densest-paragraph"], C["events-with"]
    assert word.course_label(1, None) == "the text of sub-section 1"
    assert word.course_label(3, "section") == "the text of sub-section 3"
    assert word.course_label(2, "2.4") == "paragraph 2.4"
    assert word.course_label(None, None) == "the whole text"
    assert word.course_label(None, "section") == "the whole text"
    assert word.course_label(None, "0.1") == "paragraph 0.1"
    assert dense.course_label(1, None) == "the paragraphs of sub-section 1"
    assert dense.course_label(None, None) == "the paragraphs of the whole text"
    assert record.course_label(None, None) == "the events of the record (materials/context.yml)"
    assert record.course_label(4, "4.1") == "the events of the record (materials/context.yml)"


def test_the_course_input():
    from closereading import context, text
    doc = text.load()
    word, dense, record = C["count-word"], C["densest-paragraph"], C["events-with"]
    # sub-section 1 opens "China's foreign policy aims to uphold world peace ..."
    one = word.course_input(1, None)
    assert one.startswith("China's foreign policy aims to uphold world peace and promote "
                          "common development")
    assert one == word.course_input(1, "section") == doc.section(1).text
    # paragraph 1.3 opens "Economically, countries should cooperate ..."
    assert word.course_input(1, "1.3").startswith("Economically, countries should cooperate "
                                                  "with each other")
    assert word.course_input(1, "1.3") == doc.paragraph("1.3").text
    # the whole text: its 17 paragraphs (0.1 to 5.1), one blank line between two
    whole = word.course_input(None, None)
    assert whole == "\n\n".join(p.text for p in doc.paragraphs)
    assert whole.count("\n\n") == 16 and whole.startswith(doc.paragraph("0.1").text)
    assert list(dense.course_input(1, None)) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert dense.course_input(1, None)["1.3"] == doc.paragraph("1.3").text
    assert len(dense.course_input(None, None)) == 17
    assert list(dense.course_input(None, None))[:2] == ["0.1", "1.1"]
    assert record.course_input(None, None) == context.events()
    assert len(record.course_input(3, "3.1")) == 30


def test_the_cases_first_the_course_text_then_the_small_texts():
    cases = C["count-word"].cases({"word": "should"}, 1, None)
    assert [(c.label, c.course_text) for c in cases] == [
        ("the text of sub-section 1, word 'should'", True),
        ("the text 'Should we? Yes, we should. Shoulders, should they?', word 'should'", False),
        ("the text 'should SHOULD should, shoulder', word 'should'", False),
        ("the text 'Should we act? Should they wait? We should', word 'should'", False),
        ("the text \"Peace: peace-loving, PEACE and peace's sake; Peaceful peace.\", word "
         "'Peace'", False)]
    assert cases[0].args[1] == "should" and cases[0].args[0].startswith("China's foreign")
    assert cases[1].args == ("Should we? Yes, we should. Shoulders, should they?", "should")
    assert cases[4].args == ("Peace: peace-loving, PEACE and peace's sake; Peaceful peace.",
                             "Peace")
    para = C["count-word"].cases({"word": "should"}, 1, "1.3")[0]
    assert para.label == "paragraph 1.3, word 'should'"


def test_the_arguments_and_their_description():
    base = E.Check()
    assert base.args("TEXT", {}) == ("TEXT",)
    assert base.describe_args("the text of sub-section 2", {}) == "the text of sub-section 2"
    assert base.probes({}) == [] and base.variants("x") == {}
    assert base.type_problem(object()) is None and base.telltale([1], [2]) is None
    assert base.same([1], [1]) and not base.same(1, 2)
    assert base.show("x" * 200) == "'" + "x" * 155 + " ..."   # 160 characters
    with pytest.raises(NotImplementedError):
        base.expected("x")
    # a check with two parameters (none of the eleven has two) names both, in order
    class Two(E.Check):
        params = (E.Param("word", "text", "the keyword"), E.Param("width", "int", "words"))
    assert Two().describe_args("paragraph 1.2", {"width": 3, "word": "trust"}) == (
        "paragraph 1.2, word 'trust', width 3")
    assert Two().args("TEXT", {"width": 3, "word": "trust"}) == ("TEXT", "trust", 3)
    word = C["count-word"]
    assert word.args("TEXT", {"word": "should", "other": 1}) == ("TEXT", "should")
    assert word.describe_args("paragraph 1.2", {"word": "Should"}) == (
        "paragraph 1.2, word 'Should'")
    assert C["count-words"].describe_args("L", {"words": ["not", "nor"]}) == (
        "L, words ['not', 'nor']")


@pytest.mark.parametrize("check, params, problems", [
    ("count-word", {"word": "should"}, []),
    ("count-word", {}, [("word", "should be a word or phrase")]),
    ("count-word", {"word": "  "}, [("word", "should be a word or phrase")]),
    ("count-word", {"word": ["should"]}, [("word", "should be a word or phrase")]),
    ("count-words", {"words": ["not", "nor"]}, []),
    ("count-words", {"words": "not"}, [("words", "should be a list of words")]),
    ("count-words", {"words": []}, [("words", "should be a list of words")]),
    ("count-words", {"words": ["not", " "]}, [("words", "should be a list of words")]),
    ("count-words", {"words": ["not", 3]}, [("words", "should be a list of words")]),
    ("count-words", {}, [("words", "should be a list of words")]),
    ("top-content-word", {}, []),
])
def test_the_parameters_of_an_exercise(check, params, problems):
    assert C[check].check_params(params) == problems


# ---------------------------------------------------------------------------------------
# The notebook calls


def test_compile_function_defines_the_function_apart():
    f = E.compile_function("def where():\n    return __name__\n", "where")
    assert f() == "__exercise__"
    assert f.__code__.co_filename == "<exercise>"
    g = E.compile_function("def where():\n    return 1\n", "where", "<cell 3>")
    assert g.__code__.co_filename == "<cell 3>" and g() == 1
    assert "where" not in globals()
    with pytest.raises(SyntaxError) as info:
        E.compile_function("def where(:\n    pass\n", "where", "<cell 4>")
    assert info.value.filename == "<cell 4>"
    with pytest.raises(KeyError):
        E.compile_function("x = 1\n", "where")


def test_counts():
    assert E.counts("01-harmonious-world") == {
        "exercises": 4,
        "checks": ["count-word", "densest-paragraph", "share-with-word", "should-be"]}
    assert E.counts("07") == {"exercises": 1, "checks": ["events-with"]}


def test_starter_and_solution_word_for_word():
    assert E.starter("01", "count-should") == (
        "from closereading import stats\n\ndef count_word(text, word):\n"
        '    """How many times `word` occurs in `text`, as a whole word, ignoring case."""\n'
        "    ...\n")
    assert E.solution("01-harmonious-world", "count-should") == (
        "from closereading import stats\n\ndef count_word(text, word):\n"
        '    """How many times `word` occurs in `text`, as a whole word, ignoring case."""\n'
        "    return stats.words(text).count(word.lower())\n")


def test_inputs_by_parameter_name():
    from closereading import text
    assert E.inputs("01", "count-should") == {"text": text.load().section(1).text,
                                              "word": "should"}
    got = E.inputs("07-context-and-readings", E.load("07")[0].id)
    assert list(got) == ["events", "phrase"] and len(got["events"]) == 30


def test_the_notebook_bound_once():
    nb = E.notebook("01")
    assert repr(nb) == ("<the exercises of 01-harmonious-world: count_should, share_should, "
                        "densest_should, should_be>")
    assert nb.count_should.task().text.startswith("Exercise 1 of 4: How often does the text "
                                                  "say \u201cshould\u201d?")


HINT_1 = "`stats.words(text)` returns a list of words, and a list has a `count` method."
HINT_2 = "The words from `stats.words` are lower-cased, so lower-case `word` too: `word.lower()`."


def test_hints_one_after_the_other_the_last_one_stays():
    first = E.hint("01-harmonious-world", "count-should")
    assert first.text == f"Hint 1 of 2: {HINT_1}"
    assert E.hint("01", "count-should").text == f"Hint 2 of 2 (the last one): {HINT_2}"
    assert E.hint("01", "count-should").text == f"Hint 2 of 2 (the last one): {HINT_2}"
    # another exercise has its own count
    assert E.hint("01", "share-should").text.startswith("Hint 1 of ")


WAIT = ("The solution is offered after 2 checks that fail; {} more to go. Ask for a hint "
        "first: the next check of a wrong function shows the next one.")


def test_the_solution_after_two_failed_checks_and_a_confirmation():
    assert E.show_solution("01-harmonious-world", "count-should").text == WAIT.format(2)
    assert E.show_solution("01", "count-should", confirm=True).text == WAIT.format(2)
    wrong = E.compile_function("def count_word(text, word):\n    return 0\n", "count_word")
    assert E.check("01", "count-should", wrong).status == "incorrect"
    assert E.show_solution("01", "count-should", confirm=True).text == WAIT.format(1)
    # the same function checked again is not a second failure (issue 24)
    assert E.check("01", "count-should", wrong).notes[0].startswith("The same function")
    assert E.show_solution("01", "count-should", confirm=True).text == WAIT.format(1)
    other = E.compile_function("def count_word(text, word):\n    return 1\n", "count_word")
    E.check("01", "count-should", other)
    offer = E.show_solution("01", "count-should")
    assert "A solution to" not in repr(offer)
    shown = E.show_solution("01", "count-should", confirm=True)
    assert shown.text == ("A solution to \u201cHow often does the text say \u201cshould\u201d?"
                          "\u201d:\n" + E.solution("01", "count-should").rstrip())
    # once seen, shown again without asking
    assert E.show_solution("01", "count-should").text == shown.text


def test_check_grades_the_function_given_and_records_it():
    from closereading import exercise_progress as EP
    right = E.compile_function(E.solution("01", "count-should"), "count_word")
    r = E.check("01-harmonious-world", "count-should", right)
    assert r.status == "correct" and r.exercise == "count-should"
    # 18 "should" in sub-section 1 (counted by hand: test_exercises_hand_worked.py)
    assert r.message.endswith(" On the text of sub-section 1 it returns 18.")
    rec = EP.clean(EP._store(None).record("01-harmonious-world/count-should", kind=EP.KIND))
    assert (rec["status"], rec["attempts"], rec["correct"]) == ("correct", 1, True)


def test_check_without_a_function_when_the_caller_has_none():
    # neither this module nor exercises.py defines `count_word` (under mutmut the caller
    # of check's own code is mutmut's trampoline, in exercises.py itself; see MUTANTS.md)
    assert "count_word" not in globals() and not hasattr(E, "count_word")
    r = E.check("01-harmonious-world", "count-should")
    assert (r.status, r.message) == ("not-attempted", "Write `count_word` in the cell above, "
                                                      "run it, then run this cell again.")


def test_check_reports_a_stopped_cell_before_grading(cells):
    E.record_cell("def count_word(text, word)\n    return 1\n", SyntaxError("expected ':'"))
    right = E.compile_function(E.solution("01", "count-should"), "count_word")
    r = E.check("01-harmonious-world", "count-should", right)
    assert r.status == "error"
    assert r.message.startswith("The exercise cell did not run (SyntaxError: expected ':')")


# ---------------------------------------------------------------------------------------
# The cell watcher (IPython's post_run_cell event)


class Events:
    """IPython's EventManager in small: unregistering an unknown callback is a
    ValueError."""

    def __init__(self):
        self.calls = []
        self.callbacks = []

    def register(self, event, fn):
        self.calls.append(("register", event, fn))
        self.callbacks.append(fn)

    def unregister(self, event, fn):
        self.calls.append(("unregister", event, fn))
        if fn not in self.callbacks:
            raise ValueError(f"Function {fn!r} is not registered as a {event} callback")
        self.callbacks.remove(fn)


def test_watch_cells_registers_once_and_again_after_a_reload():
    shell = types.SimpleNamespace(events=Events())
    assert E.watch_cells(shell) is True
    assert shell.events.calls == [("register", "post_run_cell", E._after_cell)]
    assert shell._closereading_cell_hook is E._after_cell
    assert E.watch_cells(shell) is True     # again: the old hook is taken off first
    assert shell.events.calls[1:] == [("unregister", "post_run_cell", E._after_cell),
                                      ("register", "post_run_cell", E._after_cell)]
    assert shell.events.callbacks == [E._after_cell]


def test_watch_cells_when_the_old_hook_is_gone_already():
    def old(result):
        pass
    shell = types.SimpleNamespace(events=Events(), _closereading_cell_hook=old)
    assert E.watch_cells(shell) is True
    assert shell.events.calls == [("unregister", "post_run_cell", old),
                                  ("register", "post_run_cell", E._after_cell)]
    assert shell._closereading_cell_hook is E._after_cell


def test_watch_cells_outside_ipython(monkeypatch):
    assert E.watch_cells(types.SimpleNamespace()) is False
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert E.watch_cells() is False
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: None            # IPython imported, no shell running
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert E.watch_cells() is False


def test_watch_cells_finds_the_running_shell(monkeypatch):
    shell = types.SimpleNamespace(events=Events())
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: shell
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert E.watch_cells() is True
    assert shell.events.calls == [("register", "post_run_cell", E._after_cell)]


def _result(raw_cell, before=None, during=None):
    return types.SimpleNamespace(info=types.SimpleNamespace(raw_cell=raw_cell),
                                 error_before_exec=before, error_in_exec=during)


CELL = "def count_word(text, word):\n    return 0\n\ndef other():\n    pass\n"


def test_after_a_cell_that_ran(cells):
    E._after_cell(_result(CELL))
    assert cells == {"count_word": E.CellRun(True, ""), "other": E.CellRun(True, "")}


def test_after_a_cell_that_did_not_compile(cells):
    err = SyntaxError("expected ':'", ("<cell>", 1, 27, "def count_word(text, word)\n"))
    E._after_cell(_result("def count_word(text, word)\n    return 0\n", before=err))
    assert cells == {"count_word": E.CellRun(False, "SyntaxError on line 1: expected ':'")}


def test_after_a_cell_that_stopped_part_way(cells):
    E._after_cell(_result(CELL, during=ZeroDivisionError("division by zero")))
    assert cells["count_word"] == E.CellRun(False, "ZeroDivisionError: division by zero")
    # the error before the cell ran is the one reported when there are both
    E._after_cell(_result(CELL, before=NameError("a"), during=ValueError("b")))
    assert cells["count_word"] == E.CellRun(False, "NameError: a")


def test_after_a_cell_without_its_source(cells):
    E._after_cell(types.SimpleNamespace(info=None, error_before_exec=None,
                                        error_in_exec=None))
    E._after_cell(object())
    E._after_cell(_result(None))
    assert cells == {}
