"""What a learner reads after an exercise check, word for word: each way a function can
go wrong gets its own message naming the input, the status in words and colour, the hint
with its label, the notes and the next step; and the error of an exercise cell that did
not run. (The checks' answers are tested in test_exercises_hand_worked.py.)"""

import pytest

from closereading import exercises as E

COURSE = "the text of sub-section 1, word 'should'"
SMALL = "the text 'Should we? Yes, we should. Shoulders, should they?', word 'should'"


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    from closereading.quiz import progress as P
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))


@pytest.fixture
def ex():
    return E.get("01-harmonious-world", "count-should")


def fn_of(code, name="count_word"):
    return E.compile_function(code, name, "<test>")


def grade(ex, fn):
    r = E.grade(ex, fn)
    assert r.exercise == ex.id  # the progress file records the result under this id
    return r.status, r.message


RIGHT = ("from closereading import stats\ndef count_word(text, word):\n"
         "    return stats.words(text).count(word.lower())\n")


# ---------------------------------------------------------------------------------------
# Before the function is run


@pytest.mark.parametrize("fn", [None, Ellipsis])
def test_no_function_yet(ex, fn):
    assert grade(ex, fn) == ("not-attempted", "Write `count_word` in the cell above, run it, "
                                              "then run this cell again.")


def test_a_value_instead_of_the_function(ex):
    assert grade(ex, 18) == ("error", "The check needs your function itself, not a value: "
                                      "write `count_word` without brackets after it (you "
                                      "gave an int).")


@pytest.mark.parametrize("fn, takes", [
    (lambda: 1, "0 (none)"),
    (lambda text: 1, "1 (text)"),
    (lambda text, *, word: 1, "1 (text)"),       # a keyword-only word is not passed
    (lambda text, word, width: 1, "3 (text, word, width)"),
])
def test_the_wrong_number_of_parameters_is_named(ex, fn, takes):
    assert grade(ex, fn) == ("error", f"The check calls your function with 2 arguments "
                                      f"(text, word); yours takes {takes}. Change the line "
                                      f"that starts with `def`.")


def test_one_argument_is_said_in_the_singular():
    ex = E.get("04", "mean-sentence-length")
    assert grade(ex, lambda text, extra: 1) == (
        "error", "The check calls your function with 1 argument (text); yours takes 2 "
                 "(text, extra). Change the line that starts with `def`.")


def test_flexible_signatures_are_called():
    ex = E.get("01-harmonious-world", "count-should")
    assert E.grade(ex, lambda *args: len(args)).status == "incorrect"
    assert E.grade(ex, lambda text, word, extra=0: 0).status == "incorrect"
    # a callable without a signature that Python can read is simply called
    assert E.grade(ex, max).status == "incorrect"


# ---------------------------------------------------------------------------------------
# While it runs


def test_an_error_without_a_message(ex):
    fn = fn_of("def count_word(text, word):\n    raise ValueError()\n")
    assert grade(ex, fn) == ("error", f"Your function raised ValueError at line 2, on "
                                      f"{COURSE}. Read that line again; to try your function "
                                      f"on the same input, call it with "
                                      f"`**exercises.inputs(...)`.")


def test_an_error_on_a_small_text_names_that_text(ex):
    fn = fn_of("def count_word(text, word):\n    if len(text) < 1000:\n"
               "        raise KeyError(word)\n    return 18\n")
    status, message = grade(ex, fn)
    assert status == "error"
    assert message.startswith(f"Your function raised KeyError ('should') at line 3, on "
                              f"{SMALL}. Read that line again")


def test_an_error_raised_outside_the_learners_code_has_no_line(ex):
    import operator
    assert grade(ex, operator.truediv) == (
        "error", f"Your function raised TypeError (unsupported operand type(s) for /: 'str' "
                 f"and 'str'), on {COURSE}. Read that line again; to try your function on "
                 f"the same input, call it with `**exercises.inputs(...)`.")


def test_a_long_error_message_is_clipped(ex):
    fn = fn_of("def count_word(text, word):\n    raise ValueError('x' * 500)\n")
    message = E.grade(ex, fn).message
    assert "ValueError (" + "x" * 196 + " ...) at line 2" in message


def test_a_loop_is_stopped_with_the_input_named(ex, monkeypatch):
    monkeypatch.setattr(E, "TIME_LIMIT", 0.25)
    fn = fn_of("def count_word(text, word):\n    n = 0\n    while n >= 0:\n        n += 1\n")
    assert grade(ex, fn) == ("error", f"Your function was still running after 0.25 seconds "
                                      f"on {COURSE}, so it was stopped. Look for a loop that "
                                      f"never ends (a `while` whose condition never becomes "
                                      f"false).")


# ---------------------------------------------------------------------------------------
# What it returns


def test_starter_code_still_returning_nothing(ex):
    assert grade(ex, fn_of("def count_word(text, word):\n    ...\n")) == (
        "not-attempted", "`count_word` still returns nothing: replace the `...` in its cell "
                         "with your code, run that cell, then run this one again.")
    assert E.grade(ex, lambda text, word: ...).status == "not-attempted"


def test_none_on_a_later_text_asks_about_every_path(ex):
    fn = fn_of("def count_word(text, word):\n    if len(text) > 1000:\n        return 18\n")
    assert grade(ex, fn) == ("incorrect", f"Your function returned None on {SMALL}. Does "
                                          f"every path through it end with a `return`?")


def test_printing_instead_of_returning(ex):
    fn = fn_of("def count_word(text, word):\n    print(text.count(word))\n")
    assert grade(ex, fn) == ("incorrect", f"Your function printed its answer but returned "
                                          f"None on {COURSE}. Use `return` to hand the answer "
                                          f"back instead of `print`.")


def test_printing_on_a_later_text_only(ex):
    fn = fn_of("def count_word(text, word):\n    if len(text) > 1000:\n        return 18\n"
               "    print(3)\n")
    assert grade(ex, fn) == ("incorrect", f"Your function printed its answer but returned "
                                          f"None on {SMALL}. Use `return` to hand the answer "
                                          f"back instead of `print`.")


def test_the_wrong_type_starts_with_a_capital_and_names_the_input(ex):
    assert grade(ex, lambda text, word: "18") == (
        "incorrect", f"A whole number (int) is expected, and your function returned a str "
                     f"('18'), on {COURSE}.")


def test_right_everywhere(ex):
    r = E.grade(ex, fn_of(RIGHT))
    assert r.exercise == "count-should"
    assert (r.status, r.message) == ("correct", f"`count_word` gives the right answer for "
                                                f"{COURSE} and for 4 small test texts.")
    assert r.value == "18" and r.notes == () and r.hint == "" and r.diagnosis is None
    assert r.passed


def test_right_with_one_small_text_is_said_in_the_singular():
    ex = E.get("03", "top-content-word")
    one = E.get("04", "sentence-modals")       # one small text of its own
    assert len(one.cases()) == 2
    r = E.grade(one, E.compile_function(one.solution, one.function))
    assert (r.exercise, r.status) == ("sentence-modals", "correct")
    assert r.message.endswith(" and for 1 small test text.")
    r = E.grade(ex, E.compile_function(ex.solution, ex.function))
    assert r.message.endswith(" and for 2 small test texts.")


def test_right_but_printing_gets_a_note(ex):
    r = E.grade(ex, fn_of(RIGHT.replace("    return", "    print(word)\n    return")))
    assert r.status == "correct"
    assert r.notes == ("Note: your function also prints. A checked function should return "
                       "its answer; remove the print calls when you are done.",)


def test_a_hard_coded_answer(ex):
    """Right on the course text only: said as what differs, not as an accusation of
    typing in the answer (issue 24)."""
    r = E.grade(ex, lambda text, word: 18)
    assert r.exercise == ex.id
    assert (r.status, r.message, r.hint) == (
        "incorrect", "Your function gives the right answer for the text of sub-section 1, "
                     "but not on every input. It differs from the task's rule on these "
                     "inputs:", ex.hints[0])
    assert r.differs == ("Even on a plain input: for the text 'We hear should now. should "
                         "is here too. Nothing else.', word 'should', your function returned "
                         "18; the answer is 2.",)
    assert r.diagnosis is None and r.notes == ()


def test_a_known_mistake_gets_its_hint_and_the_first_wrong_input(ex):
    r = E.grade(ex, fn_of("def count_word(text, word):\n    return text.count(word)\n"))
    assert (r.exercise, r.status, r.diagnosis) == (ex.id, "incorrect",
                                                   "substring-case-sensitive")
    assert r.message == f"For {SMALL}, your function returned 2; the answer is 3."
    assert r.hint == ex.hint_for("substring-case-sensitive")
    assert r.hint == ("Your function counts inside longer words and misses capitals "
                      "(str.count on the raw text).")


def test_a_known_mistake_that_also_prints_keeps_the_note(ex):
    r = E.grade(ex, fn_of("def count_word(text, word):\n    print(1)\n"
                          "    return text.count(word)\n"))
    assert r.diagnosis == "substring-case-sensitive"
    assert r.notes and r.notes[0].startswith("Note: your function also prints.")


def test_wrong_on_the_course_text_does_not_give_its_answer(ex):
    r = E.grade(ex, lambda text, word: 7)
    assert r.exercise == ex.id
    # sub-section 1 has 18 "should": 7 is said to be too few, not how many too few
    assert r.message == (f"For {COURSE}, your function returned 7, which is not the answer. "
                         f"7 is less than the answer: your function misses something the "
                         f"task's rule counts. It differs from the task's rule on these "
                         f"small inputs:")
    assert "18" not in r.text
    assert r.hint == ex.hints[0] and r.diagnosis is None


NOTE = ("Note: your function also prints. A checked function should return its answer; "
        "remove the print calls when you are done.")


@pytest.mark.parametrize("answer", [18, 7])   # right on the course text only; wrong everywhere
def test_a_wrong_answer_that_also_prints_keeps_the_note(ex, answer):
    r = E.grade(ex, fn_of(f"def count_word(text, word):\n    print(1)\n    return {answer}\n"))
    assert r.status == "incorrect" and r.notes == (NOTE,)


def test_first_wrong_is_empty_when_nothing_is_wrong():
    assert E._first_wrong(None, [], [], []) == ""


# ---------------------------------------------------------------------------------------
# Diagnoses


def test_same_variant_compares_numbers_loosely_and_never_fails():
    ex = E.get("01-harmonious-world", "share-should")
    kind = ex.kind
    assert E._same_variant(kind, 0.1 + 0.2, 0.3)
    assert not E._same_variant(kind, 0.31, 0.3)
    assert not E._same_variant(kind, "0.3", 0.3)
    assert E._same_variant(kind, 3, 3.0)
    assert E._same_variant(kind, 1e12 + 1, 1e12)    # relative: one in a million million
    assert E._same_variant(kind, 1e-12, 0)          # absolute, near zero
    # a number is compared with a tolerance even where the check wants exact answers
    exact = E.get("01-harmonious-world", "count-should").kind
    assert E._same_variant(exact, 0.1 + 0.2, 0.3) and not exact.same(0.1 + 0.2, 0.3)

    class Broken:
        def same(self, got, want):
            raise TypeError("cannot compare")
    assert E._same_variant(Broken(), [1], [1]) is False
    assert not E._same_variant(kind, True, 1) or kind.same(True, 1)


def test_a_mistake_that_changes_nothing_on_these_inputs_is_not_diagnosed():
    class Kind:
        diagnoses = {"same-as-right": "x", "other": "y"}

        def variants(self, *args):
            return {"same-as-right": 3, "other": 5}

        def same(self, a, b):
            return a == b

    class Case:
        args = ()

    class Out:
        def __init__(self, value):
            self.value = value
    kind = Kind()
    assert E._diagnose(kind, [(Case(), Out(3))], [3]) is None
    assert E._diagnose(kind, [(Case(), Out(5))], [3]) == "other"
    assert E._diagnose(kind, [(Case(), Out(5)), (Case(), Out(4))], [3, 3]) is None

    class Partial(Kind):
        diagnoses = {"not-known-everywhere": "x", "other": "y"}

        def __init__(self):
            self.calls = 0

        def variants(self, *args):
            self.calls += 1
            return ({"other": 5} if self.calls == 1 else
                    {"not-known-everywhere": 5, "other": 5})
    assert E._diagnose(Partial(), [(Case(), Out(5)), (Case(), Out(5))], [3, 3]) == "other"


# ---------------------------------------------------------------------------------------
# The result as the learner sees it


def test_result_text_and_html_with_every_part():
    r = E.Result("x", "incorrect", "For `f`, *no*.", hint="Try `len`.",
                 hint_label="Hint 2 of 3", notes=("n1 <b>",), follow_up="Use *it* in `g`.")
    assert r.text == ("Not yet right. For `f`, *no*.\nHint 2 of 3: Try `len`.\nn1 <b>\n"
                      "Next: Use *it* in `g`.")
    assert repr(r) == r.text and not r.passed
    assert r._repr_html_() == (
        '<div role="status" class="cr-exercise-result cr-exercise-incorrect" '
        'style="border-left:4px solid #E69F00;padding:0.3em 0.7em;margin:0.3em 0">'
        '<p style="margin:0"><strong>Not yet right.</strong> For <code>f</code>, '
        '<em>no</em>.</p><p style="margin:0.3em 0 0 0"><strong>Hint 2 of 3:</strong> Try '
        '<code>len</code>.</p><p style="margin:0.3em 0 0 0">n1 &lt;b&gt;</p>'
        '<p style="margin:0.3em 0 0 0"><strong>Next:</strong> Use <em>it</em> in '
        '<code>g</code>.</p></div>')


@pytest.mark.parametrize("status, words, colour", [
    ("not-attempted", "Not attempted yet.", "#6b7280"),
    ("correct", "Correct.", "#009E73"),
    ("incorrect", "Not yet right.", "#E69F00"),
    ("error", "There is a problem with your function.", "#D55E00"),
])
def test_each_status_in_words_and_colour(status, words, colour):
    r = E.Result("x", status, "m", hint="h")
    assert r.text == f"{words} m\nHint: h"
    assert r.passed is (status == "correct")
    assert r._repr_html_() == (
        f'<div role="status" class="cr-exercise-result cr-exercise-{status}" '
        f'style="border-left:4px solid {colour};padding:0.3em 0.7em;margin:0.3em 0">'
        f'<p style="margin:0"><strong>{words}</strong> m</p><p style="margin:0.3em 0 0 0">'
        f'<strong>Hint:</strong> h</p></div>')


def test_two_notes_are_two_paragraphs():
    r = E.Result("x", "correct", "m", notes=("one", "two"))
    assert r.text == "Correct. m\none\ntwo"
    assert ('<p style="margin:0.3em 0 0 0">one</p><p style="margin:0.3em 0 0 0">two</p></div>'
            in r._repr_html_())


def test_a_bare_result_has_one_line():
    r = E.Result("x", "correct", "Well done.")
    assert r.text == "Correct. Well done."
    assert r._repr_html_().endswith("<strong>Correct.</strong> Well done.</p></div>")


def test_pretty_printing_shows_the_text():
    shown = []

    class Printer:
        def text(self, s):
            shown.append(s)
    E.Result("x", "error", "m")._repr_pretty_(Printer(), False)
    assert shown == ["There is a problem with your function. m"]


def test_inline_escapes_and_marks_code_and_emphasis():
    assert E._inline("a `<b>` *em* * x * <i> `c` d") == (
        "a <code>&lt;b&gt;</code> <em>em</em> * x * &lt;i&gt; <code>c</code> d")
    assert E._inline(3) == "3"


# ---------------------------------------------------------------------------------------
# An exercise cell that did not run


def test_cell_errors_in_words():
    err = SyntaxError("expected ':'", ("<cell>", 3, 20, "def count_word(text, word)\n"))
    assert E._cell_error(err) == "SyntaxError on line 3: expected ':'"
    assert E._cell_error(SyntaxError()) == "SyntaxError"
    assert E._cell_error(IndentationError("unexpected indent", ("<cell>", 2, 1, " x"))) == \
        "IndentationError on line 2: unexpected indent"
    assert E._cell_error(ValueError()) == "ValueError"
    assert E._cell_error(None) == ""
    assert E._cell_error(ValueError("x" * 200)) == "ValueError: " + "x" * 116 + " ..."
    try:
        exec(compile("a = 1\n\nraise KeyError('k')\n", "<cell>", "exec"), {})
    except KeyError as exc:
        assert E._cell_error(exc) == "KeyError on line 3: 'k'"


@pytest.fixture
def cells():
    E._cell_runs.clear()
    yield E._cell_runs
    E._cell_runs.clear()


def test_a_stopped_cell_is_reported_in_full(ex, cells):
    E.record_cell("def helper():\n    pass\n\nasync def count_word(text, word):\n    pass\n",
                  SyntaxError("invalid syntax", ("<cell>", 7, 1, "x")))
    assert set(cells) == {"helper", "count_word"}
    assert cells["count_word"] == E.CellRun(False, "SyntaxError on line 7: invalid syntax")
    r = E.check("01-harmonious-world", "count-should", fn_of(RIGHT))
    assert r.exercise == "count-should"
    assert (r.status, r.message) == (
        "error", "The exercise cell did not run (SyntaxError on line 7: invalid syntax): fix "
                 "it and run it again, then run this cell. Until that cell runs, the check "
                 "would only see the `count_word` of an earlier run, so it does not judge it.")
    E.record_cell("   def count_word(text, word):\n", None)
    assert cells["count_word"] == E.CellRun(True, "")
    assert E.check("01-harmonious-world", "count-should", fn_of(RIGHT)).passed
    E.record_cell(None, ValueError())
    assert set(cells) == {"helper", "count_word"}
