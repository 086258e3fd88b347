"""Every plausible beginner attempt gets a named diagnosis or is told what differs (issue 24).

tests/beginner_attempts.yml holds, for every running exercise of the course, at least five
wrong functions written as a beginner would write them. Each is graded as a learner's
function is, and must get one of:

* a **named diagnosis**: a known mistake of the check, with that mistake's own hint;
* a **says-what-differs** message: the small inputs on which the function gives another
  answer than the task's rule, with both answers (closereading.exercise_contrasts);
* a **wrong-type** message: what kind of value was expected and what came back.

Never "Not yet right" with nothing to go on, and never an accusation ("do not type in the
answer"). The checks of the exercises that ask whether a text contains a word list both
the case-sensitive and the substring mistakes.
"""

from pathlib import Path

import pytest
import yaml

from closereading import exercises as E

BANK_FILE = Path(__file__).with_name("beginner_attempts.yml")
BANK = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
EXERCISES = {f"{ex.notebook}/{ex.id}": ex for found in E.load_all().values() for ex in found}
ATTEMPTS = [(key, i, a) for key, attempts in BANK.items() for i, a in enumerate(attempts, 1)]
ACCUSATIONS = ("type in", "typed in", "hard-cod", "hardcod", "cheat")


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    from closereading.quiz import progress as P
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))


def kind_of(result, ex) -> str | None:
    """How a wrong result tells the learner what to change, or None when it does not."""
    if result.status != "incorrect":
        return None
    if result.diagnosis:
        return "diagnosis"
    if result.differs:
        return "differs"
    # the wrong type: "A list is expected, and your function returned an int (3), on
    # <the input>." (no hint: the message is the help)
    if not result.hint and any(result.message.endswith(f"), on {case.label}.")
                               for case in ex.cases()):
        return "type"
    return None


def test_every_exercise_has_five_beginner_attempts_at_least():
    assert set(BANK) == set(EXERCISES), (
        f"exercises without attempts: {sorted(set(EXERCISES) - set(BANK))}; "
        f"attempts for no exercise: {sorted(set(BANK) - set(EXERCISES))}")
    for key, attempts in BANK.items():
        assert len(attempts) >= 5, key
        notes = [a["note"] for a in attempts]
        assert len(set(notes)) == len(notes), f"{key}: two attempts with the same note"
        for a in attempts:
            assert set(a) == {"note", "code"} and a["note"].strip() and a["code"].strip()


@pytest.mark.parametrize("key, number, attempt", ATTEMPTS,
                         ids=[f"{k.split('/')[1]}-{i}" for k, i, _ in ATTEMPTS])
def test_a_beginner_attempt_is_diagnosed_or_told_what_differs(key, number, attempt):
    ex = EXERCISES[key]
    fn = E.compile_function(attempt["code"], ex.function, f"<{key} attempt {number}>")
    result = E.grade(ex, fn)
    kind = kind_of(result, ex)
    assert kind, (f"{key}, attempt {number} ({attempt['note']}): the learner is left with "
                  f"nothing to go on:\n{result.text}")
    text = result.text.lower()
    assert not any(word in text for word in ACCUSATIONS), result.text
    if kind == "diagnosis":
        assert result.hint == ex.hint_for(result.diagnosis)
    if kind == "differs":
        assert all("your function" in d and "; the answer is " in d for d in result.differs)


def test_the_bank_is_mostly_named_mistakes_and_each_kind_occurs():
    """A record of the bank as it stands: most attempts are known mistakes; the others are
    said in terms of what differs."""
    kinds = []
    for key, number, attempt in ATTEMPTS:
        ex = EXERCISES[key]
        kinds.append(kind_of(E.grade(ex, E.compile_function(attempt["code"], ex.function)),
                             ex))
    assert None not in kinds
    assert kinds.count("diagnosis") > len(kinds) / 2
    assert {"diagnosis", "differs", "type"} <= set(kinds)


def test_the_issues_example_is_a_named_mistake_with_its_hint():
    """01, share-should: `if word in s:` over the sentences, case-sensitive, was told "do
    not type in the answer for one text"."""
    ex = EXERCISES["01-harmonious-world/share-should"]
    code = next(a["code"] for a in BANK["01-harmonious-world/share-should"]
                if "(the issue's example)" in a["note"])
    result = E.grade(ex, E.compile_function(code, ex.function))
    assert result.diagnosis == "substring-case-sensitive"
    assert "Should" in result.hint and "shoulders" in result.hint


@pytest.mark.parametrize("ex", [ex for ex in EXERCISES.values() if ex.kind.contains],
                         ids=lambda ex: ex.id)
def test_a_contains_a_word_exercise_lists_the_case_and_substring_mistakes(ex):
    listed = {m.diagnosis for m in ex.mistakes}
    assert {"case-sensitive", "substring", "substring-case-sensitive"} <= listed, ex.id


def test_the_contains_a_word_exercises_are_those_of_01_02_and_07():
    found = {key for key, ex in EXERCISES.items() if ex.kind.contains}
    assert found == {"01-harmonious-world/share-should",
                     "02-independent-foreign-policy/interests-sentences",
                     "07-context-and-readings/events-on-the-claim"}


def test_a_function_that_differs_nowhere_but_the_course_text_gets_the_first_small_input():
    """The last resort, when no contrast differs: the small input the check tried, with
    its answer (never the course text's answer)."""
    ex = EXERCISES["01-harmonious-world/count-should"]
    probe_text = ex.cases()[1].args[0]

    def fn(text, word):
        from closereading import stats
        right = stats.words(text).count(word.lower())
        return right + 1 if text == probe_text else right
    result = E.grade(ex, fn)
    assert result.differs == () and result.diagnosis is None
    assert result.message.endswith("your function returned 4; the answer is 3.")
