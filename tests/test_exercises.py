"""Running exercises: every solution passes its check, every typical wrong answer gets its
hint, the starter code reads "not attempted yet", and a learner's function that raises,
loops, prints or returns the wrong type gets a clear message."""

import sys
import textwrap

import pytest

from closereading import exercises as E
from closereading.materials import MaterialsError, parse_yaml

ALL = [(nb, ex.id) for nb, found in E.load_all().items() for ex in found]
MISTAKES = [(nb, ex.id, m.diagnosis) for nb, found in E.load_all().items() for ex in found
            for m in ex.mistakes]


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    """A check records its result: keep it out of the progress file that the notebooks
    run by nbval in this worker read."""
    from closereading.quiz import progress as P
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))


def fn_of(code, name):
    return E.compile_function(code, name, "<test>")


# ---------------------------------------------------------------------------------------
# The course's exercises


def test_three_exercises_per_section_notebook_and_in_06():
    """01 to 05 and 06 have at least three exercises; 00 has its two warm-ups on the
    introduction (issue 9) and 07 its exercise on the record (issue 11)."""
    found = E.load_all()
    assert sorted(found) == ["00-start-here", "01-harmonious-world",
                             "02-independent-foreign-policy", "03-new-security-thinking",
                             "04-international-responsibility", "05-regional-cooperation",
                             "06-the-whole-text", "07-context-and-readings"]
    assert all(len(exs) >= 3 for nb, exs in found.items() if nb[:2] in
               ("01", "02", "03", "04", "05", "06"))
    assert [ex.id for ex in found["00-start-here"]] == ["warm-up-long-words", "warm-up-mean"]
    assert [ex.check for ex in found["07-context-and-readings"]] == ["events-with"]


def test_no_check_repeats_unless_marked_as_reuse():
    """An exercise whose check another notebook used before is marked ``reuse`` (and
    names that notebook); without the mark, no two exercises share a check."""
    first = {}
    found = E.load_all()
    for ex in found["00-start-here"]:
        assert not ex.reuse, ex.id
    for nb, exs in found.items():
        for ex in exs:
            if ex.check in first:
                assert ex.reuse == first[ex.check], (nb, ex.id, ex.check)
                assert len(ex.hints) == 1, "a reuse gets lighter hints"
            else:
                assert not ex.reuse, (nb, ex.id)
                first[ex.check] = nb


NEW = [(nb, ex.id) for nb, exs in E.load_all().items() for ex in exs
       if ex.check in {c.name for c in __import__("closereading.exercise_checks",
                                                   fromlist=["NEW_CHECKS"]).NEW_CHECKS}]


@pytest.mark.parametrize("notebook, exercise", NEW)
def test_each_new_check_lists_every_mistake_it_knows(notebook, exercise):
    """Every diagnosis of a new check has its own mistake, hint and example (the hint of
    each is checked by test_typical_wrong_answer_gets_its_own_hint)."""
    ex = E.get(notebook, exercise)
    assert {m.diagnosis for m in ex.mistakes} == set(ex.kind.diagnoses)
    assert len({m.hint for m in ex.mistakes}) == len(ex.mistakes)


def test_the_new_checks_are_nine_and_each_is_used():
    from closereading.exercise_checks import NEW_CHECKS
    used = {E.get(nb, ex).check for nb, ex in NEW}
    assert len(NEW_CHECKS) == 9 and used == {c.name for c in NEW_CHECKS}


def test_each_function_is_set_once_unless_the_later_task_says_it_is_a_reuse():
    """Issue 24: `count_word` was set in 00, 01 and 05 as if new each time. A learner
    writes each function once; a later exercise that asks for the same function again is
    marked `reuse` (its task says so, and its hints are lighter)."""
    first = {}
    for nb, exs in E.load_all().items():
        for ex in exs:
            if ex.function in first:
                assert ex.reuse == first[ex.function], (nb, ex.id, ex.function)
            else:
                assert not ex.reuse, (nb, ex.id)
                first[ex.function] = nb
    assert first["count_word"] == "01-harmonious-world"


def test_the_reuse_is_said_in_the_task():
    shown = E.task("05-regional-cooperation", "top-content-word")
    assert "You wrote this function in notebook 03" in shown.text
    assert "You wrote this" not in E.task("05-regional-cooperation", "first-words").text


@pytest.mark.parametrize("notebook, exercise", ALL)
def test_reference_solution_passes(notebook, exercise):
    ex = E.get(notebook, exercise)
    result = E.grade(ex, fn_of(ex.solution, ex.function))
    assert result.status == "correct", result.text
    assert result.text.startswith("Correct. ")


@pytest.mark.parametrize("notebook, exercise", ALL)
def test_starter_says_not_attempted_in_stable_words(notebook, exercise):
    ex = E.get(notebook, exercise)
    result = E.grade(ex, fn_of(ex.starter, ex.function))
    assert result.status == "not-attempted"
    assert result.text == (f"Not attempted yet. `{ex.function}` still returns nothing: replace "
                           "the `...` in its cell with your code, run that cell, then run this "
                           "one again.")
    assert result._repr_html_() == E.grade(ex, fn_of(ex.starter, ex.function))._repr_html_()


@pytest.mark.parametrize("notebook, exercise, diagnosis", MISTAKES)
def test_typical_wrong_answer_gets_its_own_hint(notebook, exercise, diagnosis):
    ex = E.get(notebook, exercise)
    mistake = next(m for m in ex.mistakes if m.diagnosis == diagnosis)
    result = E.grade(ex, fn_of(mistake.example, ex.function))
    assert result.status == "incorrect", result.text
    assert result.diagnosis == diagnosis, result.text
    assert result.hint == mistake.hint
    assert f"Hint: {mistake.hint}" in result.text


@pytest.mark.parametrize("notebook, exercise", ALL)
def test_every_exercise_lists_typical_mistakes_and_hints(notebook, exercise):
    ex = E.get(notebook, exercise)
    assert len(ex.mistakes) >= 2 and len(ex.hints) >= (1 if ex.reuse else 2)
    assert ex.solution.strip() not in ex.task


@pytest.mark.parametrize("notebook, exercise", ALL)
def test_a_hard_coded_answer_is_caught_by_the_small_texts(notebook, exercise):
    ex = E.get(notebook, exercise)
    answer = fn_of(ex.solution, ex.function)(*ex.cases()[0].args)
    result = E.grade(ex, lambda *args: answer)
    assert result.status == "incorrect" and result.diagnosis is None
    # Said as what differs, never as an accusation (issue 24)
    course = ex.cases()[0].label.split(",")[0]
    assert result.message.startswith(f"Your function gives the right answer for {course}, "
                                     f"but not on every input")
    assert result.differs and "type in" not in result.text


def test_inputs_give_the_first_arguments_by_name():
    got = E.inputs("01-harmonious-world", "count-should")
    from closereading import text
    assert got == {"text": text.load().section(1).text, "word": "should"}
    assert set(E.inputs("01", "densest-should")["paragraphs"]) == {
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"}
    assert E.inputs("04", "mean-sentence-length") == {"text": text.load().paragraph("4.1").text}


# ---------------------------------------------------------------------------------------
# A learner's function that misbehaves


@pytest.fixture
def ex():
    return E.get("01-harmonious-world", "count-should")


def test_a_function_that_raises_names_the_error_and_the_line(ex):
    code = "def count_word(text, word):\n    n = 0\n    return len(text) / n\n"
    result = E.grade(ex, fn_of(code, "count_word"))
    assert result.status == "error"
    assert result.text.startswith("There is a problem with your function. Your function "
                                  "raised ZeroDivisionError (division by zero) at line 3")
    assert "Traceback" not in result.text and "File " not in result.text


def test_a_function_that_loops_is_stopped(ex, monkeypatch):
    monkeypatch.setattr(E, "TIME_LIMIT", 0.3)
    code = ("def count_word(text, word):\n    n = 0\n    while True:\n        try:\n"
            "            n += 1\n        except Exception:\n            pass\n")
    before = sys.gettrace()
    result = E.grade(ex, fn_of(code, "count_word"))
    assert result.status == "error"
    assert "still running after 0.3 seconds" in result.message and "stopped" in result.message
    assert sys.gettrace() is before


def test_a_one_line_endless_loop_is_stopped_too(ex, monkeypatch):
    # `while True: pass` on one line emits no trace event: the timer signal stops it
    import signal
    monkeypatch.setattr(E, "TIME_LIMIT", 0.2)
    handler_before = signal.getsignal(signal.SIGALRM)
    timer_before = signal.getitimer(signal.ITIMER_REAL)[0]
    result = E.grade(ex, fn_of("def count_word(text, word):\n    while True: pass\n",
                               "count_word"))
    assert result.status == "error" and "still running" in result.message
    assert signal.getsignal(signal.SIGALRM) is handler_before
    if timer_before > 0:  # a timer set before (pytest-timeout's) is set again
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= timer_before


def test_an_endless_loop_outside_the_main_thread_is_stopped(ex, monkeypatch):
    import threading
    monkeypatch.setattr(E, "TIME_LIMIT", 0.2)
    code = "def count_word(text, word):\n    n = 0\n    while n >= 0:\n        n += 1\n"
    results = []
    worker = threading.Thread(target=lambda: results.append(E.grade(ex, fn_of(code,
                                                                                "count_word"))))
    worker.start()
    worker.join(timeout=30)
    assert results and results[0].status == "error" and "still running" in results[0].message


def test_a_function_that_prints_instead_of_returning(ex, capsys):
    code = "def count_word(text, word):\n    print(text.count(word))\n"
    result = E.grade(ex, fn_of(code, "count_word"))
    assert result.status == "incorrect"
    assert "printed its answer but returned None" in result.message
    assert capsys.readouterr().out == ""


def test_a_function_that_prints_and_returns_is_right_with_a_note(ex, capsys):
    code = ("from closereading import stats\n\ndef count_word(text, word):\n"
            "    print('checking', word)\n    return stats.words(text).count(word.lower())\n")
    result = E.grade(ex, fn_of(code, "count_word"))
    assert result.status == "correct"
    assert "also prints" in result.text
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_function_that_warns_writes_nothing_to_stderr(ex, capsys):
    code = ("import warnings\nfrom closereading import stats\n\ndef count_word(text, word):\n"
            "    warnings.warn('careful')\n    return stats.words(text).count(word.lower())\n")
    assert E.grade(ex, fn_of(code, "count_word")).status == "correct"
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("value, words", [
    ("18", "A whole number (int) is expected, and your function returned a str ('18')"),
    ([18], "returned a list"),
    (18.5, "returned a float"),
])
def test_wrong_type_is_named(ex, value, words):
    result = E.grade(ex, lambda text, word: value)
    assert result.status == "incorrect" and words in result.text


def test_wrong_number_of_arguments(ex):
    result = E.grade(ex, lambda text: 1)
    assert result.status == "error"
    assert "calls your function with 2 arguments (text, word); yours takes 1 (text)" \
        in result.message


def test_a_value_instead_of_a_function(ex):
    result = E.grade(ex, 18)
    assert result.status == "error" and "without brackets" in result.message
    assert "(you gave an int)" in result.message


def test_no_function_yet_is_not_attempted(ex):
    assert E.grade(ex, None).status == "not-attempted"


def test_exit_is_caught_and_interrupt_is_not(ex):
    def leaves(text, word):
        raise SystemExit(2)
    assert E.grade(ex, leaves).status == "error"

    def interrupted(text, word):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        E.grade(ex, interrupted)


def test_a_function_that_changes_its_arguments_changes_nothing_else():
    ex = E.get("01", "densest-should")

    def vandal(paragraphs, word):
        paragraphs.clear()
        return "1.5"
    E.grade(ex, vandal)
    assert len(ex.cases()[0].args[0]) == 6
    assert E.grade(ex, fn_of(ex.solution, ex.function)).passed


def test_an_unrecognised_wrong_answer_gets_the_first_hint_and_the_input(ex):
    result = E.grade(ex, lambda text, word: len(text))
    assert result.status == "incorrect" and result.diagnosis is None
    assert result.hint == ex.hints[0]
    assert result.message.startswith("For the text of sub-section 1, word 'should', your "
                                     "function returned ")


def test_an_object_with_an_address_is_shown_without_it(ex):
    result = E.grade(ex, lambda text, word: object())
    assert "0x" not in result.text


def test_learner_text_is_escaped_in_html(ex):
    result = E.grade(ex, lambda text, word: "<script>x</script>")
    assert "<script>" not in result._repr_html_() and "&lt;script&gt;" in result._repr_html_()


def test_result_says_right_or_wrong_in_words(ex):
    right = E.grade(ex, fn_of(ex.solution, ex.function))
    html = right._repr_html_()
    assert 'role="status"' in html and "<strong>Correct.</strong>" in html
    assert repr(right) == right.text


# ---------------------------------------------------------------------------------------
# The calls the notebooks make


def test_check_finds_the_function_among_the_notebooks_variables():
    namespace = {"exercises": E}
    exec("r = exercises.check('01-harmonious-world', 'count-should')", namespace)
    assert namespace["r"].status == "not-attempted"
    assert "Write `count_word` in the cell above" in namespace["r"].text
    exec("from closereading import stats\n"
         "def count_word(text, word):\n    return stats.words(text).count(word.lower())\n"
         "r = exercises.check('01-harmonious-world', 'count-should')", namespace)
    assert namespace["r"].passed


def test_check_with_the_function_given():
    ex = E.get("01", "count-should")
    assert E.check("01", "count-should", fn_of(ex.solution, "count_word")).passed


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(E.ExerciseError, match="no exercise 'nope' in 01-harmonious-world.yml"):
        E.check("01", "nope")
    assert E.ExerciseError("x")._render_traceback_() == ["ExerciseError: x"]


def test_task_for_students_has_folded_hints_and_no_solution(monkeypatch):
    monkeypatch.delenv("CLOSEREADING_EDITION", raising=False)
    ex = E.get("01", "densest-should")
    view = E.task("01", "densest-should")
    assert view.text.startswith("Exercise 3 of 4: Where is \u201cshould\u201d densest?")
    assert view.html.count("<details") == len(ex.hints)
    assert "<summary>Hint 1 (click to open)</summary>" in view.html
    assert "best_density" not in view.html + view.text
    assert "Reference solution" not in view.text
    assert "<em>densities</em>" in view.html
    assert "Write densest_paragraph(paragraphs, word)" in view.text


def test_task_for_teachers_shows_solution_and_mistakes(monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    ex = E.get("01", "densest-should")
    view = E.task("01", "densest-should")
    assert "Reference solution (teacher edition):" in view.text
    assert ex.solution.rstrip() in view.text
    assert "best_density = -1.0" in view.html
    assert all(f"<em>{m.diagnosis}</em>" in view.html for m in ex.mistakes)


def test_starter_and_solution_calls():
    assert "..." in E.starter("01", "count-should")
    assert "return" in E.solution("01", "count-should")


# ---------------------------------------------------------------------------------------
# Validation of the exercise files (fixtures)


GOOD = textwrap.dedent("""\
    - id: count-it
      title: Count
      task: Count a word.
      check: count-word
      params: {word: should}
      function: count_word
      follow_up: {question: hw-should-subject}
      starter: |
        def count_word(text, word):
            ...
      hints: [Use stats.words.]
      solution: |
        from closereading import stats
        def count_word(text, word):
            return stats.words(text).count(word.lower())
      mistakes:
        - diagnosis: substring
          hint: Whole words only.
          example: |
            def count_word(text, word):
                return text.count(word)
    """)


def parse(yaml_text, section=1):
    return E.parse_exercises(parse_yaml(yaml_text, "x.yml"), "x.yml",
                             notebook="01-harmonious-world", section=section)


def test_a_good_file_parses():
    (ex,) = parse(GOOD)
    assert (ex.id, ex.check, ex.params, ex.function, ex.number) == (
        "count-it", "count-word", {"word": "should"}, "count_word", 1)
    assert ex.mistakes[0].diagnosis == "substring"
    assert E.grade(ex, fn_of(ex.solution, "count_word")).passed


@pytest.mark.parametrize("change, field, message", [
    (("check: count-word", "check: count-wurd"), "check", "unknown check 'count-wurd'"),
    (("params: {word: should}", "params: {word: should, colour: red}"), "params.colour",
     "has no parameter 'colour'"),
    (("params: {word: should}", "params: {word: [a]}"), "params.word", "a word or phrase"),
    (("params: {word: should}", "params: {word: should, scope: \"2.1\"}"), "params.scope",
     "should be 'section' or a paragraph of sub-section 1"),
    (("params: {word: should}", "params: [should]"), "params", "should be a mapping"),
    (("function: count_word", "function: count word"), "function", "a Python function name"),
    (("    def count_word(text, word):\n        ...",
      "    def count_words(text, word):\n        ..."), "starter",
     "does not define a function named 'count_word'"),
    (("    def count_word(text, word):\n        ...",
      "    def count_word(text):\n        ..."), "starter",
     "with 1 parameter; the check calls it with 2"),
    (("        return stats.words(text).count(word.lower())",
      "        return stats.words(text).count(word.lower()"), "solution",
     "is not valid Python"),
    (("diagnosis: substring", "diagnosis: sub-string"), "mistakes[0].diagnosis",
     "knows no mistake 'sub-string'"),
    (("      hint: Whole words only.\n", ""), "hint", "is required"),
    (("hints: [Use stats.words.]", "hints: []"), "hints", "needs at least one hint"),
    (("title: Count", "titel: Count"), "titel", "unknown field"),
    (("      hint: Whole words only.\n",
      "      hint: Whole words only.\n      note: x\n"), "mistakes[0].note",
     "unknown field"),
    (("  task: Count a word.\n", ""), "task", "is required"),
])
def test_validation_rules(change, field, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(MaterialsError) as info:
        parse(GOOD.replace(old, new, 1))
    found = [p for p in info.value.problems if p.field == field and message in p.message]
    assert found, [str(p) for p in info.value.problems]
    assert found[0].file == "x.yml" and found[0].line and found[0].item == "count-it"


def test_duplicate_ids_and_function_names():
    twice = GOOD + GOOD.replace("function: count_word", "function: count_word", 1)
    with pytest.raises(MaterialsError) as info:
        parse(twice)
    messages = [p.message for p in info.value.problems]
    assert any("duplicate id" in m for m in messages)
    assert any("function name 'count_word' is already used" in m for m in messages)


def test_file_must_be_a_list_and_notebook_must_have_a_section():
    with pytest.raises(MaterialsError, match="should be a list of exercises"):
        parse("id: x\n")
    # a notebook without a sub-section (06) reads the whole text
    (ex,) = parse(GOOD, section=None)
    assert ex.cases()[0].label.startswith("the whole text")
    assert len(ex.cases()[0].args[0].split()) > 1000


def test_every_check_is_documented_for_teachers():
    from closereading.paths import repo_root
    readme = (repo_root() / "materials" / "README.md").read_text(encoding="utf-8")
    for name, kind in E.CHECKS.items():
        assert f"`{name}`" in readme, name
        for diagnosis in kind.diagnoses:
            assert f"`{diagnosis}`" in readme, (name, diagnosis)


def test_every_diagnosis_of_every_check_differs_from_the_right_answer_on_its_small_texts():
    """The built-in small texts must be able to tell each known mistake from a right
    answer (except the mistakes that only show with a capitalised word)."""
    for kind in E.CHECKS.values():
        params = {"word": "should", "phrase": "security", "words": ["not", "never", "nor"]}
        probes = kind.probes(params)
        if not probes:
            continue
        for name in kind.diagnoses:
            if name == "unlowered-word":
                continue
            differs = [not kind.same(v.get(name), kind.expected(*args))
                       for args, _ in probes for v in [kind.variants(*args)]]
            assert any(differs), (kind.name, name)


# ---------------------------------------------------------------------------------------
# Issue 8, item 3: a check never judges the function of an earlier run when the exercise
# cell failed since


@pytest.fixture
def cells():
    E._cell_runs.clear()
    yield E._cell_runs
    E._cell_runs.clear()


GOOD_CELL = ("from closereading import stats\n\ndef count_word(text, word):\n"
             "    return stats.words(text).count(word.lower())\n")
BAD_CELL = ("from closereading import stats\n\ndef count_word(text, word)\n"
            "    return stats.words(text).count(word.lower())\n")


def _syntax_error(code):
    try:
        compile(code, "<cell>", "exec")
    except SyntaxError as exc:
        return exc
    raise AssertionError("the code compiles")


def test_a_failed_exercise_cell_is_reported_not_the_old_function(cells):
    old = fn_of("def count_word(text, word):\n    print(3)\n", "count_word")
    E.record_cell(GOOD_CELL, None)
    E.record_cell(BAD_CELL, _syntax_error(BAD_CELL))
    result = E.check("01-harmonious-world", "count-should", old)
    assert result.status == "error"
    assert result.text.startswith("There is a problem with your function. The exercise cell "
                                  "did not run (SyntaxError on line 3")
    assert "fix it and run it again" in result.text and "returned None" not in result.text
    E.record_cell(GOOD_CELL, None)  # fixed and run again: the function is judged
    fixed = fn_of(GOOD_CELL, "count_word")
    assert E.check("01-harmonious-world", "count-should", fixed).passed


def test_an_exercise_cell_that_stopped_part_way_names_the_error_and_its_line(cells):
    code = "def count_word(text, word):\n    return 0\n\nundefined_name\n"
    try:
        exec(compile(code, "<cell>", "exec"), {})
    except NameError as exc:
        E.record_cell(code, exc)
    result = E.check("01-harmonious-world", "count-should", fn_of(GOOD_CELL, "count_word"))
    assert result.status == "error" and "(NameError on line 4: name 'undefined_name'" in result.text


def test_cells_that_define_other_functions_do_not_matter(cells):
    E.record_cell(BAD_CELL.replace("count_word", "other"), _syntax_error(BAD_CELL))
    E.record_cell("count_word('a b', 'a')\n", ZeroDivisionError())  # uses it, no def
    assert E.check("01-harmonious-world", "count-should", fn_of(GOOD_CELL, "count_word")).passed


def test_in_ipython_a_syntax_error_in_the_exercise_cell_is_reported(tmp_path):
    """The real thing: IPython runs the cells, the module's post_run_cell hook sees them."""
    import json
    import subprocess
    script = textwrap.dedent(f"""
        import json
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        cells = ["from closereading import exercises",
                 {json.dumps(GOOD_CELL.replace('return', 'print(1); return None; return'))},
                 "r1 = exercises.check('01-harmonious-world', 'count-should', count_word)",
                 {json.dumps(BAD_CELL)},
                 "r2 = exercises.check('01-harmonious-world', 'count-should', count_word)",
                 {json.dumps(GOOD_CELL)},
                 "r3 = exercises.check('01-harmonious-world', 'count-should', count_word)"]
        for cell in cells:
            shell.run_cell(cell, store_history=True, silent=False)
        ns = shell.user_ns
        print("RESULTS=" + json.dumps([ns["r1"].text, ns["r2"].text, ns["r3"].text]))
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULTS=")]
    assert line, out.stdout + out.stderr
    r1, r2, r3 = json.loads(line[0][len("RESULTS="):])
    assert "printed its answer but returned None" in r1
    assert "The exercise cell did not run (SyntaxError on line 3" in r2
    assert "returned None" not in r2
    assert r3.startswith("Correct.")
