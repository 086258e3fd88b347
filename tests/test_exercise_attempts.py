"""An exercise attempt is a check the learner made, not a Run All replaying one (issue 24).

Each check is keyed by the learner's function (its compiled code) and what the check
found (closereading.exercise_progress.fingerprint). A check with the key of the last one
recorded changes nothing: no attempt, no failure, no hint moved on, no solution offered
sooner; the result says that it was not counted. Here: the key itself, the record, the
hints, and, in a real kernel, a notebook run twice (Run All, then Run All in a new kernel)
whose record and class report count one attempt.
"""

import json

import nbformat
import pytest

from closereading import exercise_progress as X
from closereading import exercises as E
from closereading.quiz import progress as P
from test_reading_views import store  # noqa: F401  (a fresh learner's progress file)

NB, EX = "01-harmonious-world", "count-should"
WRONG = "def count_word(text, word):\n    return 0\n"
WRONG_AGAIN = "def count_word(text, word):\n    # the same code, with a comment\n\n    return 0\n"
OTHER = "def count_word(text, word):\n    return 1\n"


def fn(code, label="<cell 1>"):
    return E.compile_function(code, "count_word", label)


def record(store):
    return X.clean(store.record(f"{NB}/{EX}", kind=X.KIND))


def test_the_key_is_the_code_and_the_result_not_where_it_was_written():
    ex = E.get(NB, EX)
    one, again = fn(WRONG, "<cell 3>"), fn(WRONG_AGAIN, "<cell 9, another kernel>")
    r1, r2 = E.grade(ex, one), E.grade(ex, again)
    assert X.fingerprint(one, r1) == X.fingerprint(again, r2)
    other = fn(OTHER)
    assert X.fingerprint(other, E.grade(ex, other)) != X.fingerprint(one, r1)
    # the same code with a different result (another helper, say) is a new check
    import dataclasses
    assert X.fingerprint(one, dataclasses.replace(r1, message="x")) != X.fingerprint(one, r1)
    # a default value is part of the function
    with_default = fn("def count_word(text, word, n=1):\n    return 0\n")
    plain = fn("def count_word(text, word, n=2):\n    return 0\n")
    assert X.fingerprint(with_default, r1) != X.fingerprint(plain, r1)
    assert len(X.fingerprint(one, r1)) == 16 and X._KEY.match(X.fingerprint(one, r1))


def test_a_replayed_check_is_not_counted_and_says_so(store):
    first = E.check(NB, EX, fn(WRONG))
    assert X.REPLAYED not in first.notes
    rec = record(store)
    assert (rec["attempts"], rec["failures"], rec["undiagnosed"], rec["hints"]) == (1, 1, 1, 1)
    for _ in range(3):                                  # Run All, three times
        again = E.check(NB, EX, fn(WRONG_AGAIN))
        assert X.REPLAYED in again.notes
        assert (again.hint, again.hint_label) == (first.hint, first.hint_label)
    assert record(store) == rec
    # a new function is a new attempt, and moves the hints on
    other = E.check(NB, EX, fn(OTHER))
    assert X.REPLAYED not in other.notes and other.hint_label == "Hint 2 of 2"
    rec = record(store)
    assert (rec["attempts"], rec["failures"], rec["hints"]) == (2, 2, 2)
    # going back to the first function is a new check too (it is not the last one)
    back = E.check(NB, EX, fn(WRONG))
    assert X.REPLAYED not in back.notes and record(store)["attempts"] == 3


def test_a_replay_does_not_bring_the_solution_sooner(store):
    E.check(NB, EX, fn(WRONG))
    E.check(NB, EX, fn(WRONG))
    allowed, rec = X.solution_state(E.get(NB, EX), store=store)
    assert not allowed and rec["failures"] == 1
    E.check(NB, EX, fn(OTHER))
    assert X.solution_state(E.get(NB, EX), store=store)[0]


def test_a_right_function_replayed_stays_one_attempt(store):
    right = fn(E.solution(NB, EX))
    assert E.check(NB, EX, right).passed and E.check(NB, EX, right).passed
    rec = record(store)
    assert (rec["attempts"], rec["correct"], rec["failures"]) == (1, True, 0)


def test_the_bound_call_keys_its_checks_too(store):
    ex = E.notebook(NB).count_should
    ex.check(fn(WRONG))
    ex.check(fn(WRONG))
    assert record(store)["attempts"] == 1


def test_a_record_without_a_key_still_counts_every_check():
    """Records written before keys existed (no "last") go on counting as before."""
    result = E.grade(E.get(NB, EX), fn(WRONG))
    rec = X.after_result(X.fresh(), result)
    rec = X.after_result(rec, result)
    assert rec["attempts"] == 2 and rec["last"] == ""
    keyed = X.after_result(X.fresh(), result, "0123456789abcdef")
    assert X.after_result(keyed, result, "0123456789abcdef") == keyed


@pytest.mark.parametrize("raw", ["", "0123", "0123456789ABCDEF", "g123456789abcdef", 5, None,
                                 "0123456789abcdef0"])
def test_a_damaged_key_is_dropped(raw):
    assert X.clean({"last": raw})["last"] == ""


# ---------------------------------------------------------------------------------------
# In a kernel: Run All, and Run All again in a new kernel


CELLS = ["from closereading import exercises",
         "def count_word(text, word):\n    return text.count(word)",
         'exercises.check("01-harmonious-world", "count-should")']


def run_notebook(cells, folder):
    from closereading.execution import notebook_client
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    notebook_client(nb, folder).execute()
    return nb


def test_run_all_twice_counts_one_attempt_in_the_record_and_the_report(tmp_path, monkeypatch):
    progress = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(progress))
    first = run_notebook(CELLS + CELLS[1:], tmp_path)          # the cells twice: Run All twice
    run_notebook(CELLS, tmp_path)                              # and in a new kernel
    outputs = [o["data"]["text/plain"] for c in first.cells for o in c.outputs
               if "data" in o]
    assert "not counted as a new attempt" not in outputs[0]
    assert "not counted as a new attempt" in outputs[1]
    rec = json.loads(progress.read_text(encoding="utf-8"))["exercises"][f"{NB}/{EX}"]
    assert (rec["attempts"], rec["failures"], rec["hints"]) == (1, 1, 0)
    assert rec["diagnoses"] == ["substring-case-sensitive"]
    # The class report reads that record: one learner who attempted, no hint moved on
    from closereading import report, submission
    sub = submission.collect("A Learner", "a1", store=P.Store(progress))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(sub), encoding="utf-8")
    stats = report.analyse(report.load([path]))
    ex = stats["exercises"][f"{NB}/{EX}"]
    assert (ex["attempted"], ex["passed"], ex["hints"]) == (1, 0, 0)
    assert ex["diagnoses"]["substring-case-sensitive"] == 1
