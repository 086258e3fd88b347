"""The validation of the exercise files, message by message (issue 14, mutation testing of
`exercises.py`: tests/MUTANTS.md). Each problem is checked whole: file, exercise, field,
line and the exact words a teacher reads. Also the pieces that run a learner's function
(`run_guarded`, `_learner_line`, `_clip`, `_short_repr`) and the task's text."""

import pytest

from closereading import exercises as E
from closereading.materials import MaterialsError, parse_yaml

# Lines:  1 id, 2 title, 3 task, 4 check, 5 params, 6 function, 7 follow_up, 8-10 starter,
# 11 hints, 12-15 solution, 16 mistakes, 17 diagnosis, 18 hint, 19-21 example.
GOOD = """\
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
    def count_word(text, word):
        return 0

  mistakes:
    - diagnosis: substring
      hint: Whole words only.
      example: |
        def count_word(text, word):
            return text.count(word)
"""

FOLLOW_UP_EXAMPLE = ("follow_up: {question: <a quiz question id>} or follow_up: {prompt: \"a "
                     "question whose answer needs the value your function returns\"}")


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    from closereading.quiz import progress as P
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))


def parse(text, section=1):
    return E.parse_exercises(parse_yaml(text, "x.yml"), "x.yml",
                             notebook="01-harmonious-world", section=section)


def problems(text, section=1):
    with pytest.raises(MaterialsError) as info:
        parse(text, section)
    assert {p.file for p in info.value.problems} == {"x.yml"}
    return [(p.item, p.field, p.line, p.message) for p in info.value.problems]


def changed(old, new, text=GOOD):
    assert old in text
    return text.replace(old, new, 1)


def test_a_good_file_gives_every_field():
    (ex,) = parse(GOOD)
    assert (ex.notebook, ex.section, ex.id, ex.title, ex.task, ex.check, ex.params,
            ex.function) == ("01-harmonious-world", 1, "count-it", "Count", "Count a word.",
                             "count-word", {"word": "should"}, "count_word")
    # a block of code keeps its lines and ends with one line break
    assert ex.starter == "def count_word(text, word):\n    ...\n"
    assert ex.solution == "def count_word(text, word):\n    return 0\n"
    assert ex.hints == ("Use stats.words.",)
    assert [(m.diagnosis, m.hint, m.example) for m in ex.mistakes] == [
        ("substring", "Whole words only.",
         "def count_word(text, word):\n    return text.count(word)")]   # as written, stripped
    assert (ex.scope, ex.number, ex.line, ex.follow_up, ex.reuse) == (
        None, 1, 1, ("question", "hw-should-subject"), "")
    second = GOOD.replace("count-it", "count-again").replace("count_word", "count_again")
    assert [(e.id, e.number, e.line) for e in parse(GOOD + second)] == [
        ("count-it", 1, 1), ("count-again", 2, 22)]


def test_the_file_must_be_a_list_of_mappings():
    assert problems("id: x\n") == [
        (None, None, 1, "should be a list of exercises, each starting with '- id:'")]
    assert problems("- just text\n") == [
        ("exercise 1", None, 1, "each exercise should be a mapping")]
    assert problems(GOOD + "- 3\n") == [
        ("exercise 2", None, 22, "each exercise should be a mapping")]


def test_ids():
    assert problems(changed("id: count-it", "id: Count_It")) == [
        ("Count_It", "id", 1, "should be lower-case letters, digits and single hyphens")]
    twice = GOOD + GOOD.replace("count_word", "count_other")
    assert problems(twice) == [
        ("count-it", "id", 22, "duplicate id: already used by exercise 1")]
    thrice = twice + GOOD.replace("count_word", "count_third")
    assert problems(thrice) == [
        ("count-it", "id", 22, "duplicate id: already used by exercise 1"),
        ("count-it", "id", 43, "duplicate id: already used by exercise 1")]


def test_a_missing_id_names_the_exercise_by_number():
    found = problems(changed("- id: count-it\n  title", "- title"))
    assert found == [("exercise 1", "id", 1, "is required")]


def test_unknown_check_and_fields():
    assert problems(changed("check: count-word", "check: count-wurd")) == [
        ("count-it", "check", 4, f"unknown check 'count-wurd' (checks: {', '.join(E.CHECKS)})")]
    found = problems(changed("title: Count", "titel: Count"))
    assert ("count-it", "titel", 2, "unknown field (known fields: "
            + ", ".join(sorted(E.EXERCISE_FIELDS)) + ")") in found


def test_params():
    assert problems(changed("params: {word: should}", "params: [should]")) == [
        ("count-it", "params", 5, "should be a mapping of the check's parameters")]
    assert problems(changed("params: {word: should}", "params: {word: should, colour: red}")) \
        == [("count-it", "params.colour", 5, "the check 'count-word' has no parameter "
             "'colour' (its parameters: scope, word)")]
    found = problems(changed("params: {word: should}", "params: {}"))
    assert [(f, line) for _, f, line, _ in found] == [("params.word", 5)]


def test_scope():
    pids = "1.1, 1.2, 1.3, 1.4, 1.5, 1.6"
    assert problems(changed("{word: should}", "{word: should, scope: \"2.1\"}")) == [
        ("count-it", "params.scope", 5,
         f"should be 'section' or a paragraph of sub-section 1 ({pids})")]
    (ex,) = parse(changed("{word: should}", "{word: should, scope: section}"))
    assert ex.scope == "section"
    (ex,) = parse(changed("{word: should}", "{word: should, scope: \"1.2\"}"))
    assert ex.scope == "1.2"
    # a notebook without a sub-section: any paragraph of the text
    (ex,) = parse(changed("{word: should}", "{word: should, scope: \"2.1\"}"), section=None)
    assert ex.scope == "2.1" and ex.section is None
    found = problems(changed("{word: should}", "{word: should, scope: \"9.9\"}"), section=None)
    assert found[0][:3] == ("count-it", "params.scope", 5)
    assert found[0][3].startswith("should be 'section' or a paragraph of the text (0.1, ")


def test_a_scope_on_a_check_of_every_paragraph():
    text = (GOOD.replace("check: count-word", "check: densest-paragraph")
            .replace("(text, word)", "(paragraphs, word)")
            .replace("    - diagnosis: substring\n      hint: Whole words only.\n"
                     "      example: |\n        def count_word(paragraphs, word):\n"
                     "            return text.count(word)\n", "    []\n"))
    parse(text)   # valid without a scope
    found = problems(text.replace("{word: should}", "{word: should, scope: section}"))
    assert found == [("count-it", "params.scope", 5,
                      "should be 'section' or a paragraph of sub-section 1 (1.1, 1.2, 1.3, 1.4, "
                      "1.5, 1.6) (this check always gets every paragraph)")]


@pytest.mark.parametrize("name", ["count word", "def", "2count"])
def test_function_names(name):
    assert problems(changed("function: count_word", f"function: \"{name}\"")) == [
        ("count-it", "function", 6, "should be a Python function name, such as count_word")]


def test_a_function_name_used_twice():
    twice = GOOD + GOOD.replace("count-it", "count-again")
    assert problems(twice) == [
        ("count-again", "function", 27, "the function name 'count_word' is already used by "
                                        "exercise 'count-it' of this notebook")]


@pytest.mark.parametrize("starter, message", [
    ("def count_word(text):\n", "defines count_word() with 1 parameter; the check calls it "
                                "with 2"),
    ("def count_word(a, b, c):\n", "defines count_word() with 3 parameters; the check calls "
                                   "it with 2"),
    ("def count_words(text, word):\n", "does not define a function named 'count_word'"),
    ("def count_word(text, word)\n", "is not valid Python (line 1: expected ':')"),
])
def test_starter_problems(starter, message):
    text = changed("    def count_word(text, word):\n        ...\n",
                   "    " + starter + "        ...\n")
    assert problems(text) == [("count-it", "starter", 8, message)]


def test_positional_only_parameters_count():
    text = changed("    def count_word(text, word):\n        ...\n",
                   "    def count_word(text, /, word):\n        ...\n")
    assert parse(text)[0].function == "count_word"
    text = changed("    def count_word(text, word):\n        ...\n",
                   "    def count_word(text, /):\n        ...\n")
    assert problems(text)[0][3] == ("defines count_word() with 1 parameter; the check calls "
                                    "it with 2")


def test_the_solution_and_the_examples_are_checked_too():
    text = changed("        return 0\n", "        return 0(\n")
    found = problems(text)
    assert [(i, f, line) for i, f, line, _ in found] == [("count-it", "solution", 12)]
    assert found[0][3].startswith("is not valid Python (line 2: ")
    text = changed("        def count_word(text, word):\n            return text.count",
                   "        def count_word(text):\n            return text.count")
    assert problems(text) == [("count-it", "mistakes[0].example", 19,
                               "defines count_word() with 1 parameter; the check calls it "
                               "with 2")]


def test_hints():
    assert problems(changed("hints: [Use stats.words.]", "hints: []")) == [
        ("count-it", "hints", 11, "needs at least one hint")]
    assert problems(changed("hints: [Use stats.words.]", "hints: [\"  \"]")) == [
        ("count-it", "hints", 11, "every hint should be a line of text")]
    assert problems(changed("hints: [Use stats.words.]", "hints: [3]")) == [
        ("count-it", "hints", 11, "every hint should be a line of text")]
    found = problems(changed("  hints: [Use stats.words.]\n", ""))
    assert [(f, m) for _, f, _, m in found] == [("hints", "is required")]


def test_mistakes():
    assert problems(changed("    - diagnosis: substring", "    - substring\n    - diagnosis: substring")) \
        == [("count-it", "mistakes[0]", 17, "each mistake should be a mapping with diagnosis, "
             "hint and example")]
    assert problems(changed("      hint: Whole words only.\n",
                            "      hint: Whole words only.\n      note: x\n")) == [
        ("count-it", "mistakes[0].note", 19, "unknown field (known fields: diagnosis, hint, "
                                             "example)")]
    diagnoses = ", ".join(E.CHECKS["count-word"].diagnoses)
    assert problems(changed("diagnosis: substring", "diagnosis: sub-string")) == [
        ("count-it", "mistakes[0].diagnosis", 17, "the check 'count-word' knows no mistake "
                                                  f"'sub-string' (it knows: {diagnoses})")]
    again = GOOD + ("    - diagnosis: substring\n      hint: Again.\n      example: |\n"
                    "        def count_word(text, word):\n            return 1\n")
    assert problems(again) == [("count-it", "mistakes[1].diagnosis", 22,
                                "the mistake 'substring' is listed twice")]
    two = GOOD + ("    - diagnosis: case-sensitive\n      hint: Capitals.\n      example: |\n"
                  "        def count_word(text, word):\n            return 1\n")
    assert [m.diagnosis for m in parse(two)[0].mistakes] == ["substring", "case-sensitive"]
    found = problems(changed("      hint: Whole words only.\n", ""))
    assert [(f, m) for _, f, _, m in found] == [("hint", "is required")]
    # no mistakes at all is allowed
    (ex,) = parse(GOOD.split("  mistakes:")[0])
    assert ex.mistakes == ()


def test_follow_up():
    missing = changed("  follow_up: {question: hw-should-subject}\n", "")
    assert problems(missing) == [
        ("count-it", "follow_up", 1, "is required: what the learner does with the function "
                                     f"once it is right ({FOLLOW_UP_EXAMPLE})")]
    for wrong in ("{answer: x}", "{question: a, prompt: b}", "some text", "{}"):
        text = changed("{question: hw-should-subject}", wrong)
        assert problems(text) == [("count-it", "follow_up", 7,
                                   f"should be one of {FOLLOW_UP_EXAMPLE}")], wrong
    assert problems(changed("{question: hw-should-subject}", "{prompt: \"  \"}")) == [
        ("count-it", "follow_up.prompt", 7, "follow_up.prompt should be non-empty text")]
    assert problems(changed("{question: hw-should-subject}", "{question: 3}")) == [
        ("count-it", "follow_up.question", 7, "follow_up.question should be non-empty text")]
    found = problems(changed("{question: hw-should-subject}", "{question: no-such-question}"))
    assert [(i, f, line) for i, f, line, _ in found] == [("count-it", "follow_up.question", 7)]
    assert found[0][3].startswith("no quiz question 'no-such-question': ")
    assert len(found[0][3]) <= len("no quiz question 'no-such-question': ") + 300
    (ex,) = parse(changed("{question: hw-should-subject}", "{prompt: \"How  many\n  times?\"}"))
    assert ex.follow_up == ("prompt", "How many times?")
    (ex,) = parse(changed("{question: hw-should-subject}", "{question: \" hw-should-subject\"}"))
    assert ex.follow_up == ("question", "hw-should-subject")


def test_reuse():
    (ex,) = parse(GOOD + "  reuse: \"01\"\n")
    assert ex.reuse == "01-harmonious-world"
    found = problems(GOOD + "  reuse: \"99\"\n")
    assert [(i, f, line) for i, f, line, _ in found] == [("count-it", "reuse", 22)]
    assert "99" in found[0][3]


def test_get_names_the_exercises_of_the_notebook():
    with pytest.raises(E.ExerciseError) as info:
        E.get("01", "no-such-exercise")
    names = ", ".join(ex.id for ex in E.load("01"))
    assert str(info.value) == (f"no exercise 'no-such-exercise' in 01-harmonious-world.yml "
                               f"(its exercises: {names})")
    with pytest.raises(E.ExerciseError):
        E.load("99")


# ---------------------------------------------------------------------------------------
# Running a learner's function


def compiled(code, name="f", label="<learner>"):
    """The learner's function; with its source in linecache, as IPython keeps a cell's."""
    import linecache
    fn = E.compile_function(code, name, label)
    linecache.cache[label] = (len(code), None, code.splitlines(True), label)
    return fn


def test_run_guarded_returns_the_value_on_copies_of_the_arguments():
    fn = compiled("def f(items):\n    items.append(1)\n    print('seen', len(items))\n"
                  "    return len(items)\n")
    given = [0]
    out = E.run_guarded(fn, (given,))
    assert (out.value, out.error, out.where, out.printed, out.timed_out) == (
        2, None, "", "seen 2\n", False)
    assert given == [0]


def test_run_guarded_names_the_learners_line():
    fn = compiled("def f(x):\n    y = 1\n    return x / 0\n")
    out = E.run_guarded(fn, (3,))
    assert isinstance(out.error, ZeroDivisionError)
    assert out.where == "line 3: return x / 0" and not out.timed_out and out.value is None


def test_run_guarded_stops_a_loop_and_forgets_what_it_did():
    fn = compiled("def f(x):\n    while True:\n        x += 1\n")
    out = E.run_guarded(fn, (0,), time_limit=0.2)
    assert out.timed_out and out.error is None and out.value is None and out.where == ""
    # a loop that catches the stop and returns a value still counts as stopped
    fn = compiled("def f(x):\n    try:\n        while True:\n            x += 1\n"
                  "    except BaseException:\n        return 'caught'\n")
    out = E.run_guarded(fn, (0,), time_limit=0.2)
    assert (out.timed_out, out.value, out.error, out.where) == (True, None, None, "")


def test_run_guarded_catches_exit_but_not_an_interrupt():
    out = E.run_guarded(compiled("def f():\n    raise SystemExit(3)\n"), ())
    assert isinstance(out.error, SystemExit) and out.where == "line 2: raise SystemExit(3)"
    with pytest.raises(KeyboardInterrupt):
        E.run_guarded(compiled("def f():\n    raise KeyboardInterrupt\n"), ())


def test_learner_line_without_source_or_code():
    fn = compiled("def f():\n    raise ValueError('x')\n")
    try:
        fn()
    except ValueError as exc:
        error = exc
    assert E._learner_line(error, fn) == "line 2: raise ValueError('x')"
    assert E._learner_line(error, len) == ""          # no code of its own
    assert E._learner_line(ValueError("never raised"), fn) == ""


def test_clip_and_short_repr():
    assert E._clip("<object at 0x7fA1>", 100) == "<object>"
    assert E._clip("abcdefghij", 10) == "abcdefghij"
    assert E._clip("abcdefghijk", 10) == "abcdef ..."
    assert E._short_repr("x" * 200) == "'" + "x" * 155 + " ..."
    assert E._short_repr([1, 2]) == "[1, 2]"

    class Broken:
        def __repr__(self):
            raise RuntimeError("no")

    assert E._short_repr(Broken(), 40).startswith("<")
    assert E._short_repr(Broken(), 40) == f"<{E._type_name(Broken())}>"


def test_learner_line_without_the_source_is_the_number_alone():
    import linecache
    fn = compiled("def f():\n    raise ValueError('x')\n", label="<no-source>")
    linecache.cache.pop("<no-source>")
    out = E.run_guarded(fn, ())
    assert out.where == "line 2"


def test_run_guarded_captures_what_the_function_writes_to_stderr_too():
    fn = compiled("def f():\n    import sys\n    sys.stderr.write('on stderr\\n')\n"
                  "    print('on stdout')\n    return 1\n")
    out = E.run_guarded(fn, ())
    assert (out.value, out.printed) == (1, "on stderr\non stdout\n")


def test_run_guarded_puts_back_the_trace_function_it_found():
    # a debugger's or coverage's trace function is still there after a check
    import sys

    def mine(frame, event, arg):
        return None

    old = sys.gettrace()
    sys.settrace(mine)
    try:
        out = E.run_guarded(compiled("def f(x):\n    return x + 1\n"), (1,))
        found = sys.gettrace()
    finally:
        sys.settrace(old)
    assert out.value == 2 and found is mine


# ---------------------------------------------------------------------------------------
# The task as a learner and a teacher read it

HOW = ("Each new check of a wrong function shows the next hint, and so does the *Hint* "
       "button under the check; after two checks that fail, its *Show solution* button "
       "offers the solution.")
HOW_HTML = ("Each new check of a wrong function shows the next hint, and so does the "
            "<em>Hint</em> button under the check; after two checks that fail, its "
            "<em>Show solution</em> button offers the solution.")
# The matching rule of count-word, with the exercise's word ("should")
RULE = ("whole words, in any case. \u201cShould\u201d and \u201cSHOULD\u201d count as "
        "\u201cshould\u201d, and so does \u201cshould,\u201d with its comma; "
        "\u201cshoulders\u201d, \u201cshould's\u201d and \u201cshould-like\u201d are "
        "other words. The word may be given with capitals too.")
RULE_HTML = (f'<p class="cr-exercise-rule" style="margin:0.3em 0"><strong>How words match:'
             f'</strong> {RULE.replace(chr(39), "&#x27;")}</p>')
WRITE = ("Write count_word(text, word); it should return a whole number (int). Then run the "
         "check cell below it.")
P = '<p style="margin:0.3em 0">'
PRE = ('style="background:#f5f5f5;color:#1a1a1a;font-family:monospace;padding:0.5em;'
       'border-radius:3px;overflow-x:auto">')


@pytest.fixture
def only_good(monkeypatch):
    """task() on the exercise of GOOD alone (with a hint in backticks), not the course's."""
    (ex,) = parse(GOOD.replace("hints: [Use stats.words.]", "hints: [\"Use `stats.words`.\"]"))
    monkeypatch.setattr(E, "get", lambda notebook, exercise: ex)
    monkeypatch.setattr(E, "load", lambda notebook: (ex,))
    return ex


def test_the_task_for_students_exactly(only_good, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    view = E.task("01", "count-it")
    assert view.text == "\n".join(["Exercise 1 of 1: Count", "Count a word.", WRITE,
                                   f"How words match: {RULE}", HOW,
                                   "Hint 1: Use `stats.words`."])
    assert view.html == (
        '<section aria-label="Exercise 1 of 1: Count"><p><strong>Exercise 1 of 1: Count'
        f'</strong></p>{P}Count a word.</p>'
        f"{P}Write <code>count_word(text, word)</code>; it should return a whole number "
        "(int). Then run the check cell below it.</p>"
        f"{RULE_HTML}{P}{HOW_HTML}</p>"
        '<details style="margin:0.3em 0"><summary>Hint 1 (click to open)</summary>'
        '<p style="margin:0.3em 0 0 1em">Use <code>stats.words</code>.</p></details>'
        "</section>")


def test_the_task_for_teachers_exactly(only_good, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    view = E.task("01", "count-it")
    substring = "counts the word inside longer words too (as str.count does)"
    assert view.text == "\n".join([
        "Exercise 1 of 1: Count", "Count a word.", WRITE, f"How words match: {RULE}", HOW,
        "Hint 1: Use `stats.words`.",
        "Reference solution (teacher edition):", "def count_word(text, word):\n    return 0",
        "Typical mistakes and the hint each gets:",
        f"  - substring: {substring}. Hint: Whole words only."])
    assert view.html == (
        '<section aria-label="Exercise 1 of 1: Count"><p><strong>Exercise 1 of 1: Count'
        f'</strong></p>{P}Count a word.</p>'
        f"{P}Write <code>count_word(text, word)</code>; it should return a whole number "
        "(int). Then run the check cell below it.</p>"
        f"{RULE_HTML}{P}{HOW_HTML}</p>"
        f"{P}<strong>Hint 1:</strong> Use <code>stats.words</code>.</p>"
        "<p><strong>Reference solution (teacher edition):</strong></p>"
        f'<pre aria-label="Reference solution" {PRE}def count_word(text, word):\n'
        "    return 0</pre>"
        "<p><strong>Typical mistakes and the hint each gets:</strong></p><ul>"
        f'<li><p style="margin:0.2em 0"><em>substring</em>: {substring}. Hint: Whole words '
        f'only.</p><pre aria-label="Example of the mistake" {PRE}def count_word(text, word):'
        "\n    return text.count(word)</pre></li></ul></section>")


def test_the_task_of_a_reused_exercise_says_so(only_good, monkeypatch):
    import dataclasses
    ex = dataclasses.replace(only_good, reuse="01-harmonious-world", mistakes=())
    monkeypatch.setattr(E, "get", lambda notebook, exercise: ex)
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    view = E.task("05", "count-it")
    said = ("You wrote this function in notebook 01: paste yours here, or write it again; "
            "the hints are lighter this time.")
    assert view.text.split("\n")[:2] == ["Exercise 1 of 1: Count", said]
    assert view.html.startswith('<section aria-label="Exercise 1 of 1: Count"><p><strong>'
                                "Exercise 1 of 1: Count</strong></p>"
                                f"{P}<em>{said}</em></p>{P}Count a word.</p>")
    # no mistakes: no list of them
    assert "Typical mistakes" not in view.text and "<ul>" not in view.html


def test_code_is_kept_as_written_but_its_end():
    # leading blank lines and indentation stay; the end becomes one line break
    assert E._code({"starter": "\n  x = 1\n\n\n"}, "starter") == "\n  x = 1\n"
    assert E._code({"solution": 3}, "solution") == "3\n"


def test_an_unknown_question_is_named_and_the_reason_clipped():
    # the bank's reason, "no question has the id '...'", is cut at 300 characters: its
    # 24 first characters and 276 of the 400 letters of the id
    name = "z" * 400
    found = problems(changed("{question: hw-should-subject}", f"{{question: {name}}}"))
    assert found == [("count-it", "follow_up.question", 7,
                      f"no quiz question '{name}': no question has the id '" + "z" * 276)]


# ---------------------------------------------------------------------------------------
# What the mutation run of parse_exercises left alive (tests/MUTANTS.md)


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "3\n", "some text\n"])
def test_an_empty_file_or_a_single_value_is_not_a_list(text):
    # an empty file (or one with only comments) reads as None: no line to name
    assert problems(text) == [
        (None, None, None, "should be a list of exercises, each starting with '- id:'")]


def test_the_exercises_after_one_that_is_not_a_mapping_are_checked_too():
    text = "- 3\n" + changed("id: count-it", "id: Count_It")
    assert problems(text) == [
        ("exercise 1", None, 1, "each exercise should be a mapping"),
        ("Count_It", "id", 2, "should be lower-case letters, digits and single hyphens")]


def test_a_check_without_parameters_needs_no_params_field():
    text = (GOOD.split("  mistakes:")[0].replace("check: count-word", "check: first-words")
            .replace("  params: {word: should}\n", "").replace("count_word(text, word)",
                                                               "count_word(text)"))
    (ex,) = parse(text)
    assert (ex.check, ex.params, ex.scope) == ("first-words", {}, None)


def test_a_check_of_the_record_takes_no_scope():
    text = (GOOD.split("  mistakes:")[0].replace("check: count-word", "check: events-with")
            .replace("{word: should}", "{phrase: peace, scope: section}")
            .replace("count_word(text, word)", "count_word(events, phrase)"))
    assert problems(text) == [
        ("count-it", "params.scope", 5,
         "should be 'section' or a paragraph of sub-section 1 (1.1, 1.2, 1.3, 1.4, 1.5, 1.6)")]
    (ex,) = parse(text.replace(", scope: section", ""))
    assert (ex.check, ex.params, ex.scope) == ("events-with", {"phrase": "peace"}, None)


def test_a_problem_with_an_id_names_the_line_of_the_id():
    # the id as the second field: its line is not the exercise's first line
    late = changed("- id: count-it\n  title: Count\n", "- title: Count\n  id: count-it\n")
    assert problems(late.replace("id: count-it", "id: Count_It")) == [
        ("Count_It", "id", 2, "should be lower-case letters, digits and single hyphens")]
    assert problems(late + late.replace("count_word", "count_other")) == [
        ("count-it", "id", 23, "duplicate id: already used by exercise 1")]


def test_hints_and_mistakes_that_are_not_lists():
    text = changed("hints: [Use stats.words.]", "hints: Use stats.words.")
    text = text.split("  mistakes:")[0] + "  mistakes: none\n"
    assert problems(text) == [("count-it", "hints", 11, "should be a list, not str"),
                              ("count-it", "hints", 11, "needs at least one hint"),
                              ("count-it", "mistakes", 16, "should be a list, not str")]


MISTAKE = "    - diagnosis: substring\n      hint: Whole words only.\n"


def test_a_mistake_without_its_diagnosis_or_its_example():
    assert problems(changed(MISTAKE, "    - hint: Whole words only.\n")) == [
        ("count-it", "diagnosis", 17, "is required")]
    example = "      example: |\n        def count_word(text, word):\n            return text.count(word)\n"
    assert problems(changed(example, "")) == [("count-it", "example", 17, "is required")]


def test_a_problem_with_a_diagnosis_names_the_line_of_the_diagnosis():
    # the diagnosis as the second field of its mistake: its line is not the mistake's
    late = changed(MISTAKE, "    - hint: Whole words only.\n      diagnosis: substring\n")
    diagnoses = ", ".join(E.CHECKS["count-word"].diagnoses)
    assert problems(late.replace("diagnosis: substring", "diagnosis: sub-string")) == [
        ("count-it", "mistakes[0].diagnosis", 18, "the check 'count-word' knows no mistake "
                                                  f"'sub-string' (it knows: {diagnoses})")]
    again = late + ("    - hint: Again.\n      diagnosis: substring\n      example: |\n"
                    "        def count_word(text, word):\n            return 1\n")
    assert problems(again) == [("count-it", "mistakes[1].diagnosis", 23,
                                "the mistake 'substring' is listed twice")]


def test_the_mistakes_after_one_that_is_not_a_mapping_are_checked_too():
    text = changed(MISTAKE, "    - substring\n" + MISTAKE.replace("substring", "sub-string"))
    diagnoses = ", ".join(E.CHECKS["count-word"].diagnoses)
    assert problems(text) == [
        ("count-it", "mistakes[0]", 17, "each mistake should be a mapping with diagnosis, "
                                        "hint and example"),
        ("count-it", "mistakes[1].diagnosis", 18, "the check 'count-word' knows no mistake "
                                                  f"'sub-string' (it knows: {diagnoses})")]


# ---------------------------------------------------------------------------------------
# Loading a notebook's file (with the cache emptied: the test run has filled it already)


@pytest.fixture
def no_cache(monkeypatch):
    from closereading import apparatus
    monkeypatch.setattr(apparatus, "_cache", {})


def test_load_parses_the_notebooks_file_once(no_cache):
    found = E.load("01")
    assert [e.id for e in found] == ["count-should", "share-should", "densest-should",
                                     "should-be"]
    assert {(e.notebook, e.section) for e in found} == {("01-harmonious-world", 1)}
    assert E.load("01-harmonious-world") is found          # cached until the file changes
    # a notebook without a sub-section reads the whole text (section None)
    assert {e.section for e in E.load("06")} == {None}


def test_load_names_the_file_of_a_problem(no_cache, tmp_path, monkeypatch):
    bad = tmp_path / "01-harmonious-world.yml"
    bad.write_text(changed("id: count-it", "id: Count_It"), encoding="utf-8")
    monkeypatch.setattr(E, "exercises_path", lambda notebook: bad)
    with pytest.raises(MaterialsError) as info:
        E.load("01")
    assert [(p.file, p.item, p.field, p.line) for p in info.value.problems] == [
        (str(bad), "Count_It", "id", 1)]


def test_an_unknown_notebook_is_named_in_the_error():
    from closereading.excerpts import ExcerptsError, notebook_stem
    with pytest.raises(ExcerptsError) as plain:
        notebook_stem("99")
    with pytest.raises(E.ExerciseError) as info:
        E._stem("99")
    assert str(info.value) == str(plain.value) and "99" in str(info.value)


def test_get_in_a_notebook_without_exercises(monkeypatch):
    monkeypatch.setattr(E, "load", lambda notebook: ())
    with pytest.raises(E.ExerciseError) as info:
        E.get("01", "count-should")
    assert str(info.value) == ("no exercise 'count-should' in 01-harmonious-world.yml (its "
                               "exercises: none)")


def test_the_cases_of_an_exercise_read_its_scope():
    (ex,) = parse(changed("{word: should}", "{word: should, scope: \"1.2\"}"))
    from closereading import text
    first = ex.cases()[0]
    assert first.label == "paragraph 1.2, word 'should'" and first.course_text
    assert first.args == (text.load().paragraph("1.2").text, "should")
