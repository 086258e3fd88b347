"""Around a check: hints that move on, the solution on request (recorded, and remembered by
a new kernel), "Correct." with the value and the follow-up, the record in the progress
store, and the validation of ``follow_up``."""

import json
import subprocess
import sys
import textwrap

import pytest

from closereading import exercise_progress as X
from closereading import exercises as E
from closereading.materials import MaterialsError, parse_yaml
from closereading.quiz import progress as P

NB, EX = "01-harmonious-world", "count-should"

# Wrong answers that match no known mistake: each is a different undiagnosed failure.
WRONG = ["def count_word(text, word):\n    return 0\n",
         "def count_word(text, word):\n    return 1\n",
         "def count_word(text, word):\n    return 2\n",
         "def count_word(text, word):\n    return 3\n"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(path))
    return P.store()


def fn(code, name="count_word"):
    return E.compile_function(code, name, "<test>")


def check(code, store, ex=EX, nb=NB):
    e = E.get(nb, ex)
    return X.recorded(e, E.grade(e, fn(code, e.function)), store=store)


def test_hints_escalate_and_the_last_one_stays(store):
    ex = E.get(NB, EX)
    assert len(ex.hints) >= 2
    seen = [check(code, store) for code in WRONG[:len(ex.hints) + 1]]
    assert [r.hint for r in seen] == list(ex.hints) + [ex.hints[-1]]
    assert [r.hint_label for r in seen][:2] == [f"Hint 1 of {len(ex.hints)}",
                                                f"Hint 2 of {len(ex.hints)}"]
    assert f"Hint 2 of {len(ex.hints)}: {ex.hints[1]}" in seen[1].text
    rec = store.record(f"{NB}/{EX}", kind="exercises")
    assert rec["hints"] == len(ex.hints) and rec["undiagnosed"] == len(ex.hints) + 1


def test_a_known_mistake_gets_its_own_hint_and_does_not_move_the_hints_on(store):
    ex = E.get(NB, EX)
    mistake = ex.mistakes[0]
    r = check(mistake.example, store)
    assert r.hint == mistake.hint and r.diagnosis == mistake.diagnosis
    assert check(WRONG[0], store).hint == ex.hints[0]
    rec = store.record(f"{NB}/{EX}", kind="exercises")
    assert rec["diagnoses"] == [mistake.diagnosis] and rec["failures"] == 2


def test_a_hint_on_request_moves_on_too(store):
    ex = E.get(NB, EX)
    assert X.hint(ex, store=store).text.startswith(f"Hint 1 of {len(ex.hints)}")
    assert check(WRONG[0], store).hint == ex.hints[1]


def test_the_starter_records_nothing(store):
    ex = E.get(NB, EX)
    r = check(ex.starter, store)
    assert r.status == "not-attempted"
    assert store.records("exercises") == {}


def test_the_solution_waits_for_two_failed_checks_then_asks_and_is_recorded(store):
    ex = E.get(NB, EX)
    early = X.show_solution(ex, store=store)
    assert "after 2 checks that fail; 2 more to go" in early.text
    assert ex.solution.strip() not in early.html
    first = check(WRONG[0], store)
    assert "show_solution" not in first.text
    second = check(WRONG[1], store)
    assert f'exercises.show_solution("{NB}", "{EX}")' in second.text
    offer = X.show_solution(ex, store=store)
    assert isinstance(offer, X.SolutionOffer)
    bundle = offer._repr_mimebundle_()
    assert "return" not in bundle["text/plain"] and "recorded" in bundle["text/plain"]
    assert store.record(f"{NB}/{EX}", kind="exercises")["solution"] is False
    offer.button.click()
    assert "words(text).count" in offer.out.value
    assert store.record(f"{NB}/{EX}", kind="exercises")["solution"] is True
    # asked again, it is shown at once
    assert "words(text).count" in X.show_solution(ex, store=store).text


def test_the_solution_shown_survives_a_new_kernel(store):
    ex = E.get(NB, EX)
    for code in WRONG[:2]:
        check(code, store)
    X.show_solution(ex, confirm=True, store=store)
    code = textwrap.dedent(f"""
        from closereading import exercises
        ex = exercises.notebook("{NB}")
        print(ex.count_should.solution().text.splitlines()[0])
        from closereading.quiz import progress
        print(progress.store().record("{NB}/{EX}", kind="exercises"))
        """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**__import__("os").environ}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "A solution to" in out.stdout and "'solution': True" in out.stdout
    data = json.loads(store.path.read_text())
    assert data["exercises"][f"{NB}/{EX}"]["solution"] is True


def test_correct_shows_the_value_and_the_follow_up(store):
    ex = E.get(NB, EX)
    r = check(ex.solution, store)
    assert r.status == "correct"
    assert "On the text of sub-section 1 it returns 18." in r.text
    assert r.follow_up and "Next:" in r.text and "18" in r.follow_up
    rec = store.record(f"{NB}/{EX}", kind="exercises")
    assert rec["status"] == "correct" and rec["correct"] and rec["attempts"] == 1


def test_a_follow_up_question_is_quoted_with_its_number():
    ex = E.get("02-independent-foreign-policy", "china-first")
    assert ex.follow_up == ("question", "ifp-first-subject")
    text = X.follow_up_text(ex, "['...']")
    assert 'quiz.ask("ifp-first-subject")' in text and "question 4 of the quiz" in text


def test_the_module_check_records_too(store):
    ex = E.get(NB, EX)
    E.check(NB, EX, fn(WRONG[0]))
    assert store.record(f"{NB}/{EX}", kind="exercises")["failures"] == 1


def test_the_binding_gives_each_exercise_by_name(store):
    ex = E.notebook(NB)
    assert "count_should" in dir(ex)
    globals()["count_word"] = fn(E.get(NB, EX).solution)  # found by name, as in a notebook
    try:
        assert ex.count_should.check().passed
    finally:
        del globals()["count_word"]
    assert ex.count_should.check(fn(WRONG[0])).status == "incorrect"
    assert ex.count_should.inputs()["word"] == "should"
    with pytest.raises(E.ExerciseError, match="its exercises: count_should"):
        ex.count_shuold


def test_the_record_is_cleaned_when_read():
    assert X.clean({"status": "odd", "attempts": -1, "diagnoses": ["a", "a", 3],
                    "solution": "yes"}) == {**X.fresh(), "diagnoses": ["a"]}
    assert X.clean(None) == X.fresh()


def test_the_summary_counts_right_exercises_and_solutions(store):
    ex = E.get(NB, EX)
    assert X.summary(NB, store=store) == {"done": 0, "total": 4, "solutions": 0}
    check(ex.solution, store)
    assert X.summary(NB, store=store)["done"] == 1
    # 00 has its two warm-ups (issue 9); a notebook with no exercises counts none
    assert X.summary("00-start-here", store=store) == {"done": 0, "total": 2, "solutions": 0}
    assert X.summary("99-no-such-notebook", store=store)["total"] == 0


# ---------------------------------------------------------------------------------------
# Validation of follow_up


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
    """)


def problems(text):
    with pytest.raises(MaterialsError) as info:
        E.parse_exercises(parse_yaml(text, "x.yml"), "x.yml", notebook=NB, section=1)
    return info.value.problems


def test_a_good_follow_up_parses():
    (ex,) = E.parse_exercises(parse_yaml(GOOD, "x.yml"), "x.yml", notebook=NB, section=1)
    assert ex.follow_up == ("question", "hw-should-subject")


@pytest.mark.parametrize("line, message", [
    ("", "is required"),
    ("  follow_up: {question: hw-should-subjet}\n", "no quiz question 'hw-should-subjet'"),
    ("  follow_up: {answer: 3}\n", "should be one of"),
    ("  follow_up: {prompt: \"\"}\n", "follow_up.prompt should be non-empty text"),
])
def test_follow_up_problems_name_the_file_the_exercise_and_the_field(line, message):
    text = GOOD.replace("  follow_up: {question: hw-should-subject}\n", line)
    (p,) = problems(text)
    assert p.item == "count-it" and p.field.startswith("follow_up") and message in p.message
    assert p.file.endswith("x.yml")


def test_every_course_exercise_has_a_follow_up():
    found = [ex for exs in E.load_all().values() for ex in exs]
    assert found and all(ex.follow_up for ex in found)


# ---------------------------------------------------------------------------------------
# The scoreboards


def test_the_scoreboard_shows_the_quiz_and_the_exercises_live(store):
    from closereading import quiz
    board = quiz.scoreboard(NB)
    assert "exercises right: 0 of 4" in repr(board)
    check(E.get(NB, EX).solution, store)  # refreshes every live scoreboard
    assert "Exercises right: 1 of 4" in board.value
    assert "exercises right: 1 of 4" in board._repr_mimebundle_()["text/plain"]


def test_a_source_is_one_line_and_an_absent_module_is_left_out(store, monkeypatch):
    from closereading import scoreboard
    monkeypatch.setattr(scoreboard, "SOURCES", scoreboard.SOURCES + [
        ("notes", "Notes taken", "test_exercise_progress:_notes_summary"),
        ("later", "Something later", "closereading.not_written_yet:summary")])
    found = scoreboard.summaries(NB)
    # closereading.reading is in the course now, so its source is live; the absent module
    # is still left out
    assert [s["key"] for s in found] == ["exercises", "reading", "notes"]
    from closereading import reading
    want = reading.summary(NB)
    assert want["total"] > 0
    assert found[1] == {"key": "reading", "label": "Reading responses written", **want}
    assert found[2] == {"key": "notes", "label": "Notes taken", "done": 2, "total": 5}
    from closereading import quiz
    assert "notes taken: 2 of 5" in repr(quiz.scoreboard(NB))


def _notes_summary(notebook):
    return {"done": 2, "total": 5}


def test_the_course_overview_has_every_notebook_and_every_source(store):
    from closereading import quiz
    check(E.get(NB, EX).solution, store)
    view = quiz.overview()
    text = repr(view)
    assert "01-harmonious-world: quiz questions answered 0 of" in text
    assert "exercises right 1 of 4" in text and "06-the-whole-text:" in text
    # 00 has two warm-up exercises (issue 9) and reading responses; "-" where a notebook
    # has none of a source (06 and 07 have no reading responses)
    assert "00-start-here: quiz questions answered 0 of 5; exercises right 0 of 2;" in text
    assert "reading responses written 0 of" in text
    (line_06,) = [line for line in text.splitlines() if "06-the-whole-text:" in line]
    assert line_06.endswith("reading responses written -; capstone steps done -")
    (line_08,) = [line for line in text.splitlines() if "08-your-own-reading:" in line]
    assert "capstone steps done 0 of 6" in line_08
    assert '<th scope="row"' in view.value and "<caption" in view.value
