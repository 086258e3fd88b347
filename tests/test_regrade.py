"""Grades that can be trusted: a record graded again from its answers under the current key
(closereading.quiz.regrade); the quiz updating a record when an answer is checked again
under a corrected key; a running kernel saying to restart when the installed course
changed (closereading.installed)."""

import dataclasses

import pytest

from closereading import installed, quiz
from closereading.quiz import progress as P
from closereading.quiz import regrade as RG

Q = next(q for q in quiz.load_banks() if q.type == "single" and len(q.options) >= 4)
RIGHT = Q.answer
W1, W2, W3 = [o for o in Q.options if o != Q.answer][:3]


def corrected(q, answer):
    """The question under a corrected key."""
    return dataclasses.replace(q, answer=answer)


def checks(*answers, key=Q):
    rec = P.fresh_record()
    for a in answers:
        rec = P.after_check(rec, a, a == key.answer)
    return rec


# ---------------------------------------------------------------------------------------
# The history and the outcome


def test_the_history_is_the_answers_since_the_last_reset_in_order():
    assert RG.history(P.fresh_record()) == []
    assert RG.history(checks(W1, W2, RIGHT)) == [W1, W2, RIGHT]
    assert RG.history(checks(W1, W2)) == [W1, W2]
    before = P.after_reset(checks(W1))
    assert RG.history(before) == []
    after = P.after_check(before, W2, False)
    assert RG.history(after) == [W2]      # W1 came before the Reset
    assert after["wrong"] == [W1, W2]


def test_an_outcome_under_an_unchanged_key_agrees_with_the_record():
    for rec in (checks(RIGHT), checks(W1, RIGHT), checks(W1, W2), P.fresh_record()):
        o = RG.outcome(Q, rec)
        assert (o.correct, o.first_try) == (rec["correct"], rec["first_try"])
        assert RG.regrade(Q, rec) is rec
    o = RG.outcome(Q, checks(W1, RIGHT))
    assert (o.right_at, o.first_wrong, o.own, o.checked) == (1, W1, True, 2)


def test_show_answer_before_the_right_answer_is_not_the_learners_own():
    rec = P.after_reveal(checks(W1, W2))
    assert rec["revealed_after"] == 2
    rec = P.after_check(rec, RIGHT, True)
    o = RG.outcome(Q, rec)
    assert o.correct and not o.own and not o.first_try and o.shown
    # a record of an older version, without the number: the earliest Show answer is after 2
    old = {k: v for k, v in rec.items() if k != "revealed_after"}
    assert not RG.outcome(Q, old).own
    assert RG.revealed_after(P.clean_record(old)) == RG.EARLIEST_REVEAL
    assert RG.revealed_after(P.fresh_record()) is None


def test_a_corrected_key_makes_an_earlier_answer_the_right_one():
    # under the old key W1 was wrong and RIGHT right; the key is corrected to W1
    rec = checks(W1, W2, RIGHT)
    new_q = corrected(Q, W1)
    o = RG.outcome(new_q, rec)
    assert (o.correct, o.first_try, o.right_at, o.first_wrong) == (True, True, 0, None)
    new = RG.regrade(new_q, rec)
    assert new is not rec
    assert (new["correct"], new["first_try"], new["attempts"], new["response"],
            new["wrong"]) == (True, True, 1, W1, [])


def test_a_corrected_key_can_make_a_right_answer_wrong():
    rec = checks(W1, RIGHT)
    new_q = corrected(Q, W2)
    new = RG.regrade(new_q, rec)
    assert (new["correct"], new["first_try"], new["response"], new["attempts"]) == \
        (False, False, RIGHT, 2)
    assert new["wrong"] == [W1, RIGHT]
    # the learner answers again: W2 is right now, at the third attempt
    after = P.after_check(new, W2, True)
    assert (after["correct"], after["first_try"], after["attempts"]) == (True, False, 3)


def test_a_hand_edited_record_is_graded_by_its_answers():
    edited = {**checks(W1), "correct": True, "first_try": True}
    assert RG.outcome(Q, edited).correct is False
    assert RG.regrade(Q, edited)["correct"] is False
    nothing = {**P.fresh_record(), "correct": True, "first_try": True}
    o = RG.outcome(Q, nothing)
    assert (o.correct, o.checked) == (False, 0)


def test_the_key_fingerprint_changes_with_the_key_only():
    assert RG.key_fingerprint(Q) == RG.key_fingerprint(dataclasses.replace(Q, prompt="other"))
    assert RG.key_fingerprint(Q) != RG.key_fingerprint(corrected(Q, W1))
    assert len(RG.key_fingerprint(Q)) == 12


# ---------------------------------------------------------------------------------------
# The quiz: checking again under a corrected key updates the record


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def test_checking_again_under_a_corrected_key_updates_the_record(store):
    from closereading.quiz.widgets import QuestionView
    view = QuestionView(Q, store=store)
    view.radio.value = W1
    view.check()
    rec = store.record(Q.id)
    assert rec["correct"] is False and rec["key"] == RG.key_fingerprint(Q)
    # the teacher corrects the key: W1 is right; Bob checks W1 again
    fixed = corrected(Q, W1)
    view = QuestionView(fixed, store=store)
    assert "press <strong>Check</strong> again" in view.feedback.value
    assert "Correct." in view.feedback.value and "Not yet" not in view.feedback.value
    view.radio.value = W1
    view.check()
    rec = store.record(Q.id)
    assert (rec["correct"], rec["first_try"], rec["attempts"]) == (True, True, 1)
    assert rec["key"] == RG.key_fingerprint(fixed)
    assert "Correct." in view.feedback.value
    assert "your record now follows the corrected key" in view.feedback.value
    # an answer checked again under the same key changes nothing and says nothing more
    view.check()
    assert "corrected" not in view.feedback.value


def test_a_restored_answer_that_the_corrected_key_rejects_is_not_called_correct(store):
    from closereading.quiz.widgets import QuestionView
    view = QuestionView(Q, store=store)
    view.radio.value = Q.answer
    view.check()
    view = QuestionView(corrected(Q, W1), store=store)      # the key moved to W1
    assert "Correct." not in view.feedback.value
    assert "Not yet." in view.feedback.value and "press <strong>Check</strong> again" in \
        view.feedback.value
    assert store.record(Q.id)["correct"] is True              # nothing saved until Check


# ---------------------------------------------------------------------------------------
# A running kernel, an upgraded course


def test_a_kernel_says_to_restart_when_the_installed_course_changed(monkeypatch, store):
    import closereading
    installed._reset_for_tests()
    assert installed.changed() is None and installed.notice_html() == ""
    monkeypatch.setattr(closereading, "_version", lambda: "9.9.9")
    installed._cache.pop("at", None)
    assert installed.changed() == "9.9.9"
    text = installed.notice_text()
    assert "version 9.9.9" in text and closereading.__version__ in text
    assert "Restart the kernel" in installed.notice_html()
    from closereading.quiz.widgets import QuestionView
    from closereading.submission import ExportView
    view = QuestionView(Q, store=store)
    assert "Restart the kernel" in view.warning.value
    assert "Restart the kernel" in ExportView(store=store).notice.value
    monkeypatch.undo()
    installed._reset_for_tests()
    assert installed.changed() is None


def test_a_replaced_package_file_counts_as_a_change(monkeypatch):
    installed._reset_for_tests()
    version, stamp = installed._on_disk()
    monkeypatch.setattr(installed, "_on_disk", lambda: (version, (stamp or 0) + 1))
    installed._cache.pop("at", None)
    assert installed.changed() == version
    assert "a new build of the same version" in installed.notice_text()
    monkeypatch.undo()
    installed._reset_for_tests()


def test_the_look_at_the_disk_is_cached(monkeypatch):
    installed._reset_for_tests()
    calls = []
    real = installed._on_disk
    monkeypatch.setattr(installed, "_on_disk", lambda: calls.append(1) or real())
    installed.changed()
    installed.changed()
    assert len(calls) == 1
    installed._reset_for_tests()
