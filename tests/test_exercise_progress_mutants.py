"""Around a check, in detail (issue 14, mutation testing of
``closereading/exercise_progress.py``): the record and its cleaning field by field, the
hints and their labels, the solution's wait and offer word for word, the follow-up, the
binding and the summary."""

import dataclasses
import sys
import types

import pytest

from closereading import exercise_progress as X
from closereading import exercises as E
from closereading.quiz import progress as P

NB, EX = "01-harmonious-world", "count-should"
KEY = f"{NB}/{EX}"
WRONG = ["def count_word(text, word):\n    return 0\n",
         "def count_word(text, word):\n    return 1\n",
         "def count_word(text, word):\n    return 2\n"]
ERROR = "def count_word(text, word):\n    return 1 / 0\n"
WAIT = ("The solution is offered after 2 checks that fail; {n} more to go. Ask for a hint "
        "first: the next check of a wrong function shows the next one.")


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(path))
    return P.Store(path)


@pytest.fixture
def ex():
    return E.get(NB, EX)


def fn(code, name="count_word"):
    return E.compile_function(code, name, "<test>")


def check(code, store, ex=None):
    ex = ex or E.get(NB, EX)
    return X.recorded(ex, E.grade(ex, fn(code, ex.function)), store=store)


# ---------------------------------------------------------------------------------------
# The record


def test_a_fresh_record():
    assert X.fresh() == {"status": "not-attempted", "attempts": 0, "failures": 0,
                         "undiagnosed": 0, "diagnoses": [], "hints": 0, "solution": False,
                         "correct": False, "last": ""}
    assert X.KIND == "exercises" and X.SOLUTION_AFTER == 2
    assert X.STATUSES == ("not-attempted", "incorrect", "error", "correct")
    assert P.KINDS["exercises"] == (X.fresh, X.clean)


def test_clean_keeps_every_good_field():
    good = {"status": "error", "attempts": 3, "failures": 2, "undiagnosed": 1, "hints": 4,
            "solution": True, "correct": True, "diagnoses": ["a", "b"],
            "last": "0123456789abcdef"}
    assert X.clean(good) == good
    for status in X.STATUSES:
        assert X.clean({"status": status})["status"] == status
    assert X.clean({"attempts": 0, "hints": 0}) == X.fresh()


@pytest.mark.parametrize("field", ["attempts", "failures", "undiagnosed", "hints"])
def test_clean_drops_a_count_that_is_not_a_whole_number_at_least_0(field):
    for bad in (-1, True, 1.0, "2", None):
        assert X.clean({field: bad})[field] == 0, bad
    assert X.clean({field: 7})[field] == 7


@pytest.mark.parametrize("field", ["solution", "correct"])
def test_clean_takes_only_true_or_false(field):
    assert X.clean({field: True})[field] is True
    assert X.clean({field: 1})[field] is False and X.clean({field: "yes"})[field] is False


def test_clean_diagnoses_unique_texts_of_60_characters_at_most_20_of_them():
    raw = ["x" * 60, "y" * 61, "a", "a", 5, None] + [f"d{i}" for i in range(30)]
    got = X.clean({"diagnoses": raw})["diagnoses"]
    assert got == ["x" * 60, "a"] + [f"d{i}" for i in range(18)]
    assert X.clean({"diagnoses": "substring"})["diagnoses"] == []
    assert X.clean({"status": "done"})["status"] == "not-attempted"
    assert X.clean([1])["status"] == "not-attempted" and X.clean("x") == X.fresh()


def test_the_key_is_notebook_slash_id(ex):
    assert X.key(ex) == "01-harmonious-world/count-should"


def result(status, diagnosis=None):
    return types.SimpleNamespace(status=status, diagnosis=diagnosis)


def test_after_result_counts_each_kind_of_check():
    rec = X.after_result(None, result("not-attempted"))
    assert rec == X.fresh()
    rec = X.after_result(rec, result("incorrect"))
    assert (rec["status"], rec["attempts"], rec["failures"], rec["undiagnosed"],
            rec["diagnoses"], rec["correct"]) == ("incorrect", 1, 1, 1, [], False)
    rec = X.after_result(rec, result("incorrect", "substring"))
    rec = X.after_result(rec, result("incorrect", "substring"))
    assert (rec["attempts"], rec["failures"], rec["undiagnosed"], rec["diagnoses"]) == \
        (3, 3, 1, ["substring"])
    rec = X.after_result(rec, result("error"))
    assert (rec["status"], rec["failures"], rec["undiagnosed"]) == ("error", 4, 2)
    rec = X.after_result(rec, result("correct"))
    assert (rec["status"], rec["attempts"], rec["failures"], rec["correct"]) == \
        ("correct", 5, 4, True)
    # once right, a later wrong check keeps the status "correct" and counts the failure
    rec = X.after_result(rec, result("incorrect", "case"))
    assert (rec["status"], rec["correct"], rec["attempts"], rec["failures"],
            rec["diagnoses"]) == ("correct", True, 6, 5, ["substring", "case"])


def test_the_starter_changes_nothing_even_on_a_record():
    rec = {**X.fresh(), "attempts": 2, "failures": 2}
    assert X.after_result(rec, result("not-attempted")) == rec


def test_the_next_hint_stays_on_the_last(ex):
    assert len(ex.hints) == 2
    assert [X.next_hint_index({"hints": n}, ex) for n in range(4)] == [0, 1, 1, 1]


# ---------------------------------------------------------------------------------------
# The check, recorded


def test_an_undiagnosed_wrong_check_moves_the_hints_on_with_their_labels(store, ex):
    r1 = check(WRONG[0], store)
    assert (r1.hint, r1.hint_label) == (ex.hints[0], "Hint 1 of 2")
    assert store.record(KEY, kind="exercises")["hints"] == 1
    r2 = check(WRONG[1], store)
    assert (r2.hint, r2.hint_label) == (ex.hints[1], "Hint 2 of 2")
    r3 = check(WRONG[2], store)
    assert (r3.hint, r3.hint_label) == (ex.hints[1], "Hint 2 of 2")
    rec = store.record(KEY, kind="exercises")
    assert (rec["hints"], rec["failures"], rec["undiagnosed"], rec["status"]) == \
        (2, 3, 3, "incorrect")


def test_the_hints_seen_are_never_counted_down(store, ex):
    store.update(KEY, lambda r: {**X.fresh(), "hints": 2}, kind="exercises")
    r = check(WRONG[0], store)
    assert r.hint_label == "Hint 2 of 2"
    assert store.record(KEY, kind="exercises")["hints"] == 2


def test_an_error_keeps_its_own_message_and_moves_no_hint(store, ex):
    r = check(ERROR, store)
    assert r.status == "error" and r.hint_label == "" and r.hint == ""
    rec = store.record(KEY, kind="exercises")
    assert (rec["hints"], rec["failures"], rec["status"]) == (0, 1, "error")


def test_a_known_mistake_keeps_its_hint_and_label(store, ex):
    m = ex.mistakes[0]
    r = check(m.example, store)
    assert (r.hint, r.hint_label, r.diagnosis) == (m.hint, "", m.diagnosis)
    assert store.record(KEY, kind="exercises")["hints"] == 0


def test_right_says_what_it_returns_on_the_course_text_and_leads_on(store, ex):
    r = check(ex.solution, store)
    assert r.message == ("`count_word` gives the right answer for the text of sub-section 1, "
                         "word 'should' and for 4 small test texts. On the text of "
                         "sub-section 1 it returns 18.")
    assert r.follow_up == X.follow_up_text(ex, "18")
    assert r.follow_up.endswith("who is its subject? (Your function returned 18.)")
    assert r.notes == ()
    assert store.record(KEY, kind="exercises")["correct"] is True


def test_the_offer_of_the_solution_comes_after_the_second_failure_only(store, ex):
    note = ('You can see the solution now, if you want it: press *Show solution* below (or '
            'run `exercises.show_solution("01-harmonious-world", "count-should")`).')
    assert check(WRONG[0], store).notes == ()
    assert check(WRONG[1], store).notes == (note,)
    assert check(WRONG[2], store).notes == (note,)
    X.reveal(ex, store=store)
    assert check(WRONG[0], store).notes == ()


def test_the_stores_warning_is_added_to_the_result(store, ex):
    store.path.write_text("{bad")
    r = check(WRONG[0], store)
    (warning,) = r.notes
    assert warning.startswith("Your progress file could not be read (it is not valid JSON")
    assert warning == store.warnings[0]


def test_the_starter_is_returned_as_it_is(store, ex):
    res = E.grade(ex, fn(ex.starter))
    assert X.recorded(ex, res, store=store) == dataclasses.replace(
        res, notebook="01-harmonious-world")
    assert not store.path.exists()


def test_a_check_refreshes_the_live_scoreboards_only_when_widgets_are_loaded(store, ex,
                                                                           monkeypatch):
    calls = []
    fake = types.SimpleNamespace(refresh_scoreboards=lambda: calls.append(1))
    monkeypatch.setitem(sys.modules, "closereading.quiz.widgets", fake)
    check(WRONG[0], store)
    X.reveal(ex, store=store)
    assert calls == [1, 1]
    monkeypatch.delitem(sys.modules, "closereading.quiz.widgets")
    X._refresh_scoreboards()   # nothing loaded: nothing to do, no error
    assert calls == [1, 1]


def test_the_default_store_is_this_sessions(store, ex):
    X.recorded(ex, E.grade(ex, fn(WRONG[0])))
    assert P.Store(store.path).record(KEY, kind="exercises")["failures"] == 1
    assert X._store(None).path == store.path
    assert X._store(store) is store


# ---------------------------------------------------------------------------------------
# The follow-up


def test_a_prompt_follow_up_has_the_value(ex):
    assert X.follow_up_text(ex, "18") == ex.follow_up[1] + " (Your function returned 18.)"


def test_a_question_follow_up_names_the_question_by_its_number():
    ex = E.get("02-independent-foreign-policy", "count-negations")
    assert X.follow_up_text(ex, "7") == (
        "use what your function returned (7) to answer question 14 of the quiz of "
        "02-independent-foreign-policy: \u201cClaim: the text says that China does not pass "
        "its own difficulties on to other countries. Which paragraph supports this claim?"
        "\u201d It is asked with `quiz.ask(\"ifp-own-troubles\")`.")
    first = E.get("02-independent-foreign-policy", "china-first")
    assert "to answer question 4 of the quiz of 02-independent-foreign-policy: " in \
        X.follow_up_text(first, "x")


def test_no_follow_up_is_no_text(ex):
    import dataclasses
    assert X.follow_up_text(dataclasses.replace(ex, follow_up=None), "3") == ""


# ---------------------------------------------------------------------------------------
# Hints on request


def test_a_hint_on_request_word_for_word_and_recorded(store, ex):
    h1 = X.hint(ex, store=store)
    assert h1.text == f"Hint 1 of 2: {ex.hints[0]}"
    assert h1.html == ('<p class="cr-exercise-hint"><strong>Hint 1 of 2:</strong> '
                       "<code>stats.words(text)</code> returns a list of words, and a list "
                       "has a <code>count</code> method.</p>")
    assert store.record(KEY, kind="exercises")["hints"] == 1
    h2 = X.hint(ex, store=store)
    assert h2.text == f"Hint 2 of 2 (the last one): {ex.hints[1]}"
    assert h2.html.startswith('<p class="cr-exercise-hint"><strong>Hint 2 of 2 (the last '
                              "one):</strong> ")
    assert X.hint(ex, store=store).text == h2.text
    assert store.record(KEY, kind="exercises")["hints"] == 2


def test_a_single_hint_is_not_called_the_last_one(store, ex):
    import dataclasses
    one = dataclasses.replace(ex, hints=("Only this.",))
    assert X.hint(one, store=store).text == "Hint 1 of 1: Only this."
    assert X.hint(one, store=store).text == "Hint 1 of 1: Only this."


def test_a_hint_keeps_the_other_fields_of_the_record(store, ex):
    store.update(KEY, lambda r: {**X.fresh(), "failures": 3, "hints": 1}, kind="exercises")
    X.hint(ex, store=store)
    rec = store.record(KEY, kind="exercises")
    assert (rec["failures"], rec["hints"]) == (3, 2)


# ---------------------------------------------------------------------------------------
# The solution


def test_the_solution_waits_word_for_word(store, ex):
    assert X.solution_state(ex, store=store) == (False, X.fresh())
    early = X.show_solution(ex, store=store)
    assert early.text == WAIT.format(n=2)
    assert early.html == ('<p class="cr-exercise-solution-wait" role="status">'
                          + WAIT.format(n=2) + "</p>")
    check(WRONG[0], store)
    assert X.show_solution(ex, store=store).text == WAIT.format(n=1)
    assert X.show_solution(ex, confirm=True, store=store).text == WAIT.format(n=1)
    assert store.record(KEY, kind="exercises")["solution"] is False


def test_the_solution_may_be_shown_after_two_failures_once_right_or_once_shown(store, ex):
    for rec in ({"failures": 2}, {"correct": True}, {"solution": True}):
        store.update(KEY, lambda r, rec=rec: {**X.fresh(), **rec}, kind="exercises")
        allowed, got = X.solution_state(ex, store=store)
        assert allowed is True and got == {**X.fresh(), **rec}
    store.update(KEY, lambda r: {**X.fresh(), "failures": 1}, kind="exercises")
    assert X.solution_state(ex, store=store)[0] is False


def test_the_solution_word_for_word(store, ex):
    store.update(KEY, lambda r: {**X.fresh(), "failures": 2}, kind="exercises")
    shown = X.show_solution(ex, confirm=True, store=store)
    assert shown.text == f"A solution to \u201c{ex.title}\u201d:\n{ex.solution.rstrip()}"
    from closereading.exercises import _code_html
    from closereading.html import esc
    assert shown.html == ('<div class="cr-exercise-solution"><p><strong>A solution to '
                          f"\u201c{esc(ex.title)}\u201d:</strong></p>"
                          f"{_code_html(ex.solution, 'Solution')}"
                          "<p>Type it into your cell in your own way, run it, then run the "
                          "check again.</p></div>")
    rec = store.record(KEY, kind="exercises")
    assert rec["solution"] is True and rec["failures"] == 2
    # shown once, shown again at once
    assert X.show_solution(ex, store=store).text == shown.text


def test_a_right_learner_is_offered_the_solution(store, ex):
    check(ex.solution, store)
    offer = X.show_solution(ex, store=store)
    assert isinstance(offer, X.SolutionOffer)
    assert offer.ex is ex and offer.store is store


def test_the_offer_asks_first_and_shows_once_confirmed(store, ex):
    store.update(KEY, lambda r: {**X.fresh(), "failures": 2}, kind="exercises")
    offer = X.show_solution(ex, store=store)
    assert offer.button.description == "Yes, show the solution"
    assert offer.button.tooltip == "Show the solution of this exercise"
    assert offer.button.layout.width == "auto"
    assert "cr-exercise-show-solution" in offer.button._dom_classes
    assert "cr-exercise-solution-box" in offer.out._dom_classes
    question, button, out = offer.widget.children
    assert question.value == f"<p>{X.SolutionOffer.QUESTION}</p>"
    assert (button, out) == (offer.button, offer.out) and out.value == ""
    assert X.SolutionOffer.QUESTION == (
        "Seeing the solution is fine, but try once more first if you can: it is recorded "
        "that you looked. Show the solution?")
    bundle = offer._repr_mimebundle_()
    assert bundle["text/plain"] == X.SolutionOffer.QUESTION
    assert bundle["text/html"] == f"<p>{X.SolutionOffer.QUESTION}</p>"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert offer.button.disabled is False
    offer.button.click()
    assert offer.out.value == X._solution_rich(ex).html
    assert offer.button.disabled is True
    assert store.record(KEY, kind="exercises")["solution"] is True


# ---------------------------------------------------------------------------------------
# The binding


def test_the_binding_of_a_notebook(store):
    nb = X.BoundNotebook("01")
    assert nb.notebook == NB
    assert sorted(dir(nb)) == sorted(["count_should", "share_should", "densest_should",
                                      "should_be", "notebook"])
    assert repr(nb) == ("<the exercises of 01-harmonious-world: count_should, share_should, "
                        "densest_should, should_be>")
    bound = nb.count_should
    assert isinstance(bound, X.BoundExercise)
    assert (bound.notebook, bound.id) == (NB, EX)
    assert repr(bound) == "<exercise 'count-should' of 01-harmonious-world>"
    assert bound.exercise == E.get(NB, EX)
    with pytest.raises(E.ExerciseError) as info:
        nb.count
    assert str(info.value) == ("no exercise 'count' in 01-harmonious-world (its exercises: "
                               "count_should, share_should, densest_should, should_be)")


def test_an_unset_binding_has_no_exercises():
    nb = X.BoundNotebook.__new__(X.BoundNotebook)
    nb.notebook = "x"
    with pytest.raises(E.ExerciseError) as info:
        nb.anything
    assert str(info.value) == "no exercise 'anything' in x (its exercises: none)"


def test_a_bound_exercise_checks_hints_and_shows_the_solution(store):
    bound = X.BoundNotebook(NB).count_should
    ex = E.get(NB, EX)
    assert bound.task().text == E.task(NB, EX).text
    assert bound.inputs() == E.inputs(NB, EX)
    r = bound.check(fn(WRONG[0]))
    assert r.status == "incorrect" and r.hint_label == "Hint 1 of 2"
    assert bound.hint().text == f"Hint 2 of 2 (the last one): {ex.hints[1]}"
    assert bound.solution().text == WAIT.format(n=1)
    bound.check(fn(WRONG[1]))
    assert isinstance(bound.solution(), X.SolutionOffer)
    assert bound.solution(confirm=True).text.startswith("A solution to ")
    rec = P.Store(store.path).record(KEY, kind="exercises")
    assert (rec["failures"], rec["hints"], rec["solution"]) == (2, 2, True)


# ---------------------------------------------------------------------------------------
# The summary


def test_the_summary_of_a_notebook(store, ex):
    assert X.summary(NB, store=store) == {"done": 0, "total": 4, "solutions": 0}
    check(ex.solution, store)
    other = E.get(NB, "share-should")
    store.update(f"{NB}/share-should", lambda r: {**X.fresh(), "solution": True,
                                                  "failures": 2}, kind="exercises")
    store.update(f"{NB}/should-be", lambda r: {**X.fresh(), "solution": True,
                                               "correct": True}, kind="exercises")
    assert other.notebook == NB
    assert X.summary(NB, store=store) == {"done": 2, "total": 4, "solutions": 2}
    assert X.summary("01", store=store) == {"done": 2, "total": 4, "solutions": 2}


def test_the_summary_of_a_notebook_without_exercises_or_outside_the_course(store, tmp_path,
                                                                          monkeypatch):
    assert X.summary("99-nothing", store=store) == {"done": 0, "total": 0, "solutions": 0}
    import closereading.exercises as module
    monkeypatch.setattr(module, "exercises_path", lambda stem: tmp_path / "none-such.yml")
    assert X.summary(NB, store=store) == {"done": 0, "total": 0, "solutions": 0}


def test_the_summary_reads_this_sessions_store_by_default(store, ex):
    check(ex.solution, store)
    assert X.summary(NB) == {"done": 1, "total": 4, "solutions": 0}


# ---------------------------------------------------------------------------------------
# What the first mutation run left alive


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A store that is not this session's default one."""
    monkeypatch.setenv(P.ENV, str(tmp_path / "default.json"))
    return P.Store(tmp_path / "given.json")


def test_hints_and_the_solution_use_the_store_they_are_given(elsewhere, ex):
    X.hint(ex, store=elsewhere)
    assert elsewhere.record(KEY, kind="exercises")["hints"] == 1
    elsewhere.update(KEY, lambda r: {**X.clean(r), "failures": 2}, kind="exercises")
    assert X.solution_state(ex, store=elsewhere)[0] is True
    assert isinstance(X.show_solution(ex, store=elsewhere), X.SolutionOffer)
    assert X.show_solution(ex, confirm=True, store=elsewhere).text.startswith("A solution")
    assert elsewhere.record(KEY, kind="exercises")["solution"] is True
    X.reveal(ex, store=elsewhere)
    assert X.summary(NB, store=elsewhere)["solutions"] == 1
    assert not (elsewhere.path.parent / "default.json").exists()


def test_a_hint_on_request_never_lowers_the_count(store, ex):
    store.update(KEY, lambda r: {**X.fresh(), "hints": 5}, kind="exercises")
    assert X.hint(ex, store=store).text.startswith("Hint 2 of 2 (the last one)")
    assert store.record(KEY, kind="exercises")["hints"] == 5


def test_only_an_undiagnosed_wrong_answer_with_the_first_hint_moves_the_hints(store, ex):
    import dataclasses
    res = E.grade(ex, fn(WRONG[0]))
    own = dataclasses.replace(res, hint="Your answer is typed in, not computed.")
    r = X.recorded(ex, own, store=store)
    assert r.hint == "Your answer is typed in, not computed." and r.hint_label == ""
    assert store.record(KEY, kind="exercises")["hints"] == 0


def test_the_stores_warning_is_added_after_the_results_own_notes(store, ex):
    import dataclasses
    store.path.write_text("{bad")
    res = dataclasses.replace(E.grade(ex, fn(WRONG[0])), notes=("Its own note.",))
    r = X.recorded(ex, res, store=store)
    assert r.notes[0] == "Its own note." and len(r.notes) == 2
    assert r.notes[1].startswith("Your progress file could not be read")


def test_the_offer_confirmed_records_the_reveal_in_the_store_it_was_given(elsewhere, ex):
    elsewhere.update(KEY, lambda r: {**X.fresh(), "failures": 2}, kind="exercises")
    offer = X.show_solution(ex, store=elsewhere)
    assert isinstance(offer, X.SolutionOffer)
    offer.confirm()
    assert offer.out.value == X._solution_rich(ex).html
    assert elsewhere.record(KEY, kind="exercises")["solution"] is True
    assert not (elsewhere.path.parent / "default.json").exists()
