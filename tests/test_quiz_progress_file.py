"""The progress file as a learner (or a teacher opening it) finds it, and the small rules
of a record, checked value for value (issue 14: written to kill the mutants `make
mutation` found alive in quiz/progress.py; see tests/MUTANTS.md)."""

import json
from pathlib import Path

import pytest

from closereading import safeio
from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "data" / "progress.json")


# A kind of plain records of the tests' own: other modules (exercise_progress, reading)
# register their kinds with records of their own shape when they are imported.
PLAIN = "notes-of-the-tests"


@pytest.fixture(autouse=True)
def plain_kind(monkeypatch):
    monkeypatch.setitem(P.KINDS, PLAIN, (P._fresh_object, P._clean_object))


def on_disk(store) -> dict:
    return json.loads(store.path.read_text(encoding="utf-8"))


# -- The file's text ---------------------------------------------------------------------

def test_the_file_holds_one_line_per_record_in_ascii(store):
    store.update("q2", lambda r: P.after_check(r, "caf\u00e9 \u4e2d", False))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    store.update("count", lambda r: {"status": "correct"}, kind=PLAIN)
    text = store.path.read_text(encoding="utf-8")
    assert text.isascii()                       # any text a learner typed is escaped
    lines = text.split("\n")
    assert lines[-2:] == ['"version": 2}', ""]   # the version last, the file ends a line
    q = lines.index('"questions": {')
    assert lines[q + 1] == ('"q1": {"attempts": 1, "correct": true, "first_try": true, '
                            '"hints": 0, "last": "a", "past_attempts": 0, "past_revealed": '
                            'false, "response": "a", "revealed": false, "wrong": []},')
    assert lines[q + 2].startswith('"q2": {"attempts": 1, "correct": false, ')
    assert '"response": "caf\\u00e9 \\u4e2d"' in lines[q + 2]
    assert lines[q + 3] == "},"
    e = lines.index(f'"{PLAIN}": {{')
    assert lines[e + 1:e + 3] == ['"count": {"status": "correct"}', "},"]
    assert '"discussion": {},' in lines            # a kind without records: one line
    assert '"format": "closereading-progress",' in lines
    data = on_disk(store)
    assert data["questions"]["q2"]["response"] == "caf\u00e9 \u4e2d"
    assert data["version"] == 2 and set(P.KINDS) <= set(data)


def test_a_version_1_file_is_read_and_written_back_as_version_2(store):
    store.path.parent.mkdir(parents=True)
    old = {"version": 1, "questions": {"q1": {"attempts": 2, "correct": True}}, "x": [1]}
    store.path.write_text(json.dumps(old), encoding="utf-8")
    assert store.record("q1")["attempts"] == 2 and store.records(PLAIN) == {}
    store.update("q2", lambda r: P.after_check(r, "b", True))
    data = on_disk(store)
    assert data["version"] == 2 and data["format"] == "closereading-progress"
    assert data["x"] == [1] and data["questions"]["q1"]["attempts"] == 2
    assert all(data[kind] == {} for kind in P.KINDS if kind != "questions")


@pytest.mark.parametrize("version, kept", [(3, 3), ("2", 2), (None, 2), (0, 2)])
def test_a_later_version_is_kept_and_a_strange_one_made_current(store, version, kept):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"version": version, "format": "mine", "questions": {}}))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    assert on_disk(store)["version"] == kept and on_disk(store)["format"] == "mine"


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "it is not valid JSON: Expecting property name enclosed in double quotes "
                   "at line 1"),
    (b'{\n"questions": {},\n"x": }', "it is not valid JSON: Expecting value at line 3"),
    (b"\xff\xfe garbage", "it is not UTF-8 text"),
    (b"[1, 2]", "it does not hold a mapping of records"),
    (b'{"questions": []}', "it does not hold a 'questions' mapping"),
    (b'{"questions": {}, "reading": [1]}', "its 'reading' field is not a mapping"),
])
def test_a_damaged_file_is_named_with_its_reason(store, content, reason):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.records() == {}
    assert store.warnings == [
        f"Your progress file could not be read ({reason}). It was moved aside, not deleted, "
        f"to {P.tilde(store.path.with_name('progress.json.damaged-1'))}; the quizzes start "
        "afresh."]
    store.records()
    assert len(store.warnings) == 1                     # said once, not at every read


def test_a_file_of_blanks_is_a_fresh_start(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(" \n\t\n")
    assert store.records() == {} and store.warnings == []
    assert not store.path.with_name("progress.json.damaged-1").exists()


def test_a_kind_of_records_that_is_not_a_mapping_in_the_file_is_replaced(store, monkeypatch):
    # a kind that no module had registered when the file was written, then registered
    monkeypatch.setitem(P.KINDS, "extra", (dict, dict))
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"questions": {}, "other": 5}))
    assert store.records("other") == {}
    store.update("k", lambda r: {"n": 1}, kind="other")
    assert on_disk(store)["other"] == {"k": {"n": 1}}


def test_a_tilde_stands_for_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert P.tilde(tmp_path / "a" / "b.json") == "~/a/b.json"
    assert P.tilde("/elsewhere/b.json") == "/elsewhere/b.json"


def test_the_environment_variable_is_trimmed_and_may_use_a_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(P.ENV, "  ~/mine.json \n")
    assert P.progress_path() == tmp_path / "mine.json"
    monkeypatch.setenv(P.ENV, "   ")
    assert P.progress_path() == P.default_path()


# -- Records -----------------------------------------------------------------------------

def test_a_record_from_the_file_keeps_every_field_of_the_right_type():
    raw = {"attempts": 3, "correct": True, "first_try": False, "revealed": True, "hints": 2,
           "response": ["a"], "last": ["a"], "past_attempts": 1, "past_revealed": True,
           "wrong": ["x", "y"]}
    assert P.clean_record(raw) == raw
    assert P.clean_record({"attempts": 0, "hints": -1, "past_attempts": 2.5,
                           "wrong": "x"}) == P.fresh_record()
    assert P.clean_record({"wrong": list(range(15))})["wrong"] == list(range(10))
    # first_try needs a right answer and no history
    assert P.clean_record({"attempts": 1, "correct": True, "first_try": True})["first_try"]
    assert not P.clean_record({"attempts": 1, "correct": False, "first_try": True})["first_try"]
    assert not P.clean_record({"attempts": 1, "correct": True, "first_try": True,
                               "past_revealed": True})["first_try"]


def test_wrong_answers_are_kept_for_the_teacher_up_to_ten():
    rec = P.fresh_record()
    for i in range(12):
        rec = P.after_check(rec, f"w{i}", False)
    assert rec["attempts"] == 12 and rec["wrong"] == [f"w{i}" for i in range(10)]
    assert P.wrong_attempts(rec) == 12
    rec = P.after_check(rec, "right", True)
    assert rec["wrong"] == [f"w{i}" for i in range(10)] and P.wrong_attempts(rec) == 12
    assert not rec["first_try"]


def test_a_checked_answer_is_a_copy_the_widget_cannot_change_afterwards():
    answer = ["a", "b"]
    rec = P.after_check(P.fresh_record(), answer, False)
    answer.append("c")
    assert rec["response"] == ["a", "b"] and rec["last"] == ["a", "b"]
    assert rec["wrong"] == [["a", "b"]]


def test_the_same_answer_after_another_is_a_new_attempt():
    rec = P.fresh_record()
    for answer in ("a", "b", "a"):
        rec = P.after_check(rec, answer, False)
    assert rec["attempts"] == 3 and rec["wrong"] == ["a", "b", "a"]


def test_hints_shown_only_grow():
    rec = P.after_hint(P.fresh_record(), 2)
    assert rec["hints"] == 2 and P.after_hint(rec, 1)["hints"] == 2
    assert P.fresh_record()["hints"] == 0               # the record given is not changed


def test_answered_means_checked_or_revealed():
    assert not P.is_answered(P.fresh_record())
    assert P.is_answered(P.after_reveal(P.fresh_record()))
    assert P.is_answered(P.after_check(P.fresh_record(), "a", False))
    assert P.is_answered(dict(P.fresh_record(), correct=True))


def test_reset_keeps_the_wrong_answers_for_the_teacher():
    rec = P.after_check(P.fresh_record(), "w", False)
    new = P.after_reset(rec)
    assert new["wrong"] == ["w"] and new["past_attempts"] == 1 and new["attempts"] == 0
    assert new["response"] is None and not P.is_answered(new)


def test_a_kind_needs_a_proper_name(monkeypatch):
    for bad in ("", "format", "version", 3):
        with pytest.raises(ValueError, match="not a name for a kind of record"):
            P.register_kind(bad, dict, dict)
    monkeypatch.setitem(P.KINDS, "placeholder", (dict, dict))
    P.register_kind("placeholder", lambda: {"n": 0}, dict)
    assert P.KINDS["placeholder"][0]() == {"n": 0}


# -- The store's other kinds of records ------------------------------------------------

def test_records_of_another_kind_are_plain_objects_and_reset_removes_them(store):
    assert store.record("nb/ex", kind=PLAIN) == {}
    store.update("nb/ex", lambda r: dict(r, status="correct"), kind=PLAIN)
    store.update("nb/other", lambda r: dict(r, status="error"), kind=PLAIN)
    assert store.records(PLAIN) == {"nb/ex": {"status": "correct"},
                                          "nb/other": {"status": "error"}}
    assert store.records() == {}                   # the quiz's records are apart
    assert store.reset("nb/ex", kind=PLAIN) == {}
    assert P.Store(store.path).records(PLAIN) == {"nb/other": {"status": "error"}}
    # a kind nobody registered is read as plain objects; a damaged record as empty
    store.update("k", lambda r: {"n": 1}, kind="unregistered")
    store.update("bad", lambda r: [1], kind="unregistered")
    assert P.Store(store.path).records("unregistered") == {"k": {"n": 1}, "bad": {}}


def test_reset_of_a_question_returns_the_record_left(store):
    assert store.reset("never") == P.fresh_record()
    store.update("q", lambda r: P.after_check(r, "a", True))
    rec = store.reset("q")
    assert rec["past_attempts"] == 1 and rec["attempts"] == 0
    assert P.Store(store.path).record("q") == rec


def test_a_failed_change_of_another_kind_is_kept_and_saved_later(store, monkeypatch):
    import os
    real = os.replace

    def refuse(*args):
        monkeypatch.setattr(P.os, "replace", real)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(P.os, "replace", refuse)
    store.update("nb/ex", lambda r: {"status": "correct"}, kind=PLAIN)
    assert store.records(PLAIN) == {"nb/ex": {"status": "correct"}}
    assert store.records() == {}                   # pending, but of its own kind only
    assert len(store.warnings) == 1
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert on_disk(store)[PLAIN] == {"nb/ex": {"status": "correct"}}
    assert store.warnings == []


def test_the_same_warning_is_given_once(store, monkeypatch):
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(13, "Denied")))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    store.update("q1", lambda r: P.after_check(r, "b", True))
    assert store.warnings == ["Your answer could not be saved (Denied); it is kept for this "
                              "session and will be saved with your next answer."]


def test_an_error_without_a_message_is_named_by_its_type(store, monkeypatch):
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError()))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    assert store.warnings[0].startswith("Your answer could not be saved (PermissionError);")


def test_one_store_per_file_in_a_session(monkeypatch, tmp_path):
    monkeypatch.setattr(P, "_stores", {})
    monkeypatch.setenv(P.ENV, str(tmp_path / "a.json"))
    first = P.store()
    assert P.store() is first and first.path == tmp_path / "a.json"
    monkeypatch.setenv(P.ENV, str(tmp_path / "b.json"))
    assert P.store() is not first and P.store().path == tmp_path / "b.json"


def test_a_stray_temporary_file_is_removed_by_the_next_store(store):
    store.update("q1", lambda r: P.after_check(r, "a", True))
    stray = store.path.with_name(".progress.json.abc123.tmp")
    stray.write_text("{half")
    other = store.path.with_name("progress.json.damaged-1")
    other.write_text("kept")
    P.Store(store.path)
    assert not stray.exists() and other.read_text() == "kept"
    assert P.Store(store.path).record("q1")["correct"]


def test_a_reader_sees_another_stores_change(store):
    assert store.records() == {}
    other = P.Store(store.path)
    other.update("q1", lambda r: P.after_check(r, "a", True))
    assert store.record("q1")["correct"]
    # unchanged file: the same answer, read again
    assert store.records() == store.records()


def test_a_file_that_cannot_be_moved_aside_is_said_so(store, monkeypatch):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{broken")
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(30, "Read-only file system")))
    assert store.records() == {}
    assert store.warnings == ["Your progress file could not be read (it is not valid JSON: "
                              "Expecting property name enclosed in double quotes at line 1) "
                              "nor moved aside (Read-only file system); the quizzes start "
                              "afresh for this session."]
    assert store.path.read_text() == "{broken"     # nothing lost


# -- Saves that fail, locks, and the temporary file --------------------------------------

def _fail_next_replace(monkeypatch):
    import os
    real = os.replace

    def refuse(*args):
        monkeypatch.setattr(P.os, "replace", real)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(P.os, "replace", refuse)


def count_up(rec):
    return dict(rec, checks=rec.get("checks", 0) + 1)


def test_a_change_whose_save_failed_is_counted_once(store, monkeypatch):
    store.update("nb/ex", count_up, kind=PLAIN)      # saved, and read from the cache
    _fail_next_replace(monkeypatch)
    assert store.update("nb/ex", count_up, kind=PLAIN) == {"checks": 2}
    assert store.records(PLAIN) == {"nb/ex": {"checks": 2}}
    # the next change starts from the unsaved one, not from the file
    assert store.update("nb/ex", count_up, kind=PLAIN) == {"checks": 3}
    assert on_disk(store)[PLAIN] == {"nb/ex": {"checks": 3}}


def test_an_unsaved_record_of_a_kind_not_in_the_file_is_saved_later(store, monkeypatch):
    _fail_next_replace(monkeypatch)
    store.update("k", lambda r: {"n": 1}, kind="unregistered")
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert on_disk(store)["unregistered"] == {"k": {"n": 1}}


def test_a_record_that_does_not_exist_starts_from_its_kinds_fresh_record(store, monkeypatch):
    monkeypatch.setitem(P.KINDS, "counted", (lambda: {"n": 0}, P._clean_object))
    assert store.update("k", lambda r: dict(r, n=r["n"] + 1), kind="counted") == {"n": 1}
    assert store.record("other", kind="counted") == {"n": 0}


def test_the_folder_is_made_however_deep(tmp_path):
    store = P.Store(tmp_path / "a" / "b" / "c" / "progress.json")
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert store.warnings == [] and on_disk(store)["questions"]["q"]["correct"]


def test_a_folder_that_cannot_be_made_is_named_in_the_warning(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    store = P.Store(tmp_path / "file" / "progress.json")
    assert store.update("q", lambda r: P.after_check(r, "a", True))["correct"]
    # the file cannot be read there either; the failed save gives the system's reason
    assert store.warnings[-1] == ("Your answer could not be saved (File exists); it is kept "
                                  "for this session and will be saved with your next answer.")
    assert store.record("q")["correct"]


def test_a_lock_that_times_out_is_said_in_words(store, monkeypatch):
    import filelock

    class Busy(filelock.FileLock):
        def acquire(self, *args, **kwargs):
            raise filelock.Timeout(self.lock_file)
    monkeypatch.setattr(filelock, "FileLock", Busy)
    assert store.update("q", lambda r: P.after_check(r, "a", True))["correct"]
    assert store.warnings == [
        "Your answer could not be saved (another program kept the progress file locked for "
        "10 seconds); it is kept for this session and will be saved with your next answer."]


def test_a_file_system_without_locks_is_said_quietly_and_the_answer_saved(store, monkeypatch):
    import warnings

    import filelock

    class Unsure(filelock.FileLock):
        def acquire(self, *args, **kwargs):
            warnings.warn("flock is not supported here")
            return super().acquire(*args, **kwargs)
    monkeypatch.setattr(filelock, "FileLock", Unsure)
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert store.warnings == ["Progress file lock: flock is not supported here"]
    assert on_disk(store)["questions"]["q"]["correct"]


def test_a_write_that_died_leaves_a_temporary_file_the_next_store_removes(store, monkeypatch):
    store.update("q1", lambda r: P.after_check(r, "a", True))
    monkeypatch.setattr(safeio, "_unlink_quietly", lambda path: None)   # as if killed there
    _fail_next_replace(monkeypatch)
    store.update("q2", lambda r: P.after_check(r, "b", True))
    left = [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(".progress.json.")
    monkeypatch.undo()
    P.Store(store.path)
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "progress.json", "progress.json.lock"]


def test_a_new_file_holds_the_format_the_version_and_every_kind_only(store):
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert set(on_disk(store)) == set(P.KINDS) | {"format", "version"}


def test_one_wrong_check_before_a_reset_is_enough_to_lose_the_first_try(store):
    store.update("q", lambda r: P.after_check(r, "wrong", False))
    store.reset("q")
    rec = store.update("q", lambda r: P.after_check(r, "right", True))
    assert rec["correct"] and rec["attempts"] == 1 and not rec["first_try"]
    assert not P.Store(store.path).record("q")["first_try"]


def test_a_temporary_file_that_cannot_be_made_is_said_with_the_reason(store, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(safeio.tempfile, "mkstemp", full)
    assert store.update("q", lambda r: P.after_check(r, "a", True))["correct"]
    assert store.warnings == ["Your answer could not be saved (No space left on device); it "
                              "is kept for this session and will be saved with your next "
                              "answer."]


def test_unsaved_changes_of_several_kinds_each_show_in_their_own(store, monkeypatch):
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "Full")))
    store.update("nb/ex", lambda r: {"status": "correct"}, kind=PLAIN)
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert set(store.records()) == {"q"}
    assert set(store.records(PLAIN)) == {"nb/ex"}


def test_an_unsaved_removal_hides_the_saved_record(store, monkeypatch):
    store.update("nb/ex", lambda r: {"status": "correct"}, kind=PLAIN)
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "Full")))
    store.reset("nb/ex", kind=PLAIN)
    store.reset("nb/never", kind=PLAIN)        # nothing saved to hide: no error
    assert store.records(PLAIN) == {}
    assert on_disk(store)[PLAIN] == {"nb/ex": {"status": "correct"}}   # not yet


def test_reset_of_a_registered_kind_returns_its_fresh_record(store, monkeypatch):
    monkeypatch.setitem(P.KINDS, "counted", (lambda: {"n": 0}, P._clean_object))
    store.update("k", lambda r: dict(r, n=5), kind="counted")
    assert store.reset("k", kind="counted") == {"n": 0}
    assert store.records("counted") == {}


def test_a_store_without_a_path_uses_the_learners_file(monkeypatch, tmp_path):
    monkeypatch.setenv(P.ENV, str(tmp_path / "mine.json"))
    assert P.Store().path == tmp_path / "mine.json"


def test_a_temporary_file_is_left_alone_while_another_writer_holds_the_lock(store):
    import filelock
    store.update("q1", lambda r: P.after_check(r, "a", True))
    stray = store.path.with_name(".progress.json.live.tmp")    # perhaps a live writer's
    stray.write_text("{half")
    held = filelock.FileLock(str(store.path) + ".lock")
    held.acquire()
    try:
        again = P.Store(store.path)        # gives up after a moment, quietly
        assert stray.exists() and again.warnings == []
    finally:
        held.release()
    P.Store(store.path)
    assert not stray.exists()


def test_a_progress_file_that_cannot_be_read_is_named_once_with_the_systems_reason(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = P.Store(blocker / "progress.json")
    store.records(PLAIN)
    said = " ".join(store.warnings)
    assert "Not a directory" in said
    assert said.count("could not be read") <= 1, said
