"""Submissions, in detail (issue 14, mutation testing of ``closereading/submission.py``):
every message word for word, the limits at their edges, the file name, the kinds of
record, the file written, the schema's report and the export button's texts."""

import json
import re
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from closereading import __version__, quiz, submission as S
from closereading.quiz import progress as P
from closereading import identity as I

KINDS = [k for k in P.KINDS if k != I.IDENTITY]   # the learner's identity has fields of its own


def tag(store) -> str:
    """The first 8 digits of the store's identifier: what tells apart the files of two
    learners of the same name who typed no ID."""
    return I.remembered(store)["token"][:8]


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


# ---------------------------------------------------------------------------------------
# Names and ids


def test_a_name_is_trimmed_and_its_spaces_collapsed():
    assert S.clean_name("  Ada \t\n Lovelace  ") == "Ada Lovelace"


@pytest.mark.parametrize("value, message", [
    (None, "the name must be text"),
    (42, "the name must be text"),
    ("", "the name is empty: type your name as your teacher knows it"),
    (" \t ", "the name is empty: type your name as your teacher knows it"),
    ("x" * 101, "the name is 101 characters long; at most 100"),
    ("Ada\x07", "the name holds control or invisible characters"),        # Cc
    ("Ada\u200b", "the name holds control or invisible characters"),      # Cf
    ("Ada\ud800", "the name holds control or invisible characters"),      # Cs
    ("Ada\ue000", "the name holds control or invisible characters"),      # Co
    ("Ada\u0378", "the name holds control or invisible characters"),      # Cn
])
def test_every_refusal_of_a_name_is_said_in_full(value, message):
    with pytest.raises(S.SubmissionError) as info:
        S.clean_name(value)
    assert str(info.value) == message


def test_a_name_of_exactly_the_limit_is_kept():
    assert S.clean_name("x" * 100) == "x" * 100
    assert S.MAX_NAME == 100 and S.MAX_ID == 64


def test_an_id_is_optional_and_its_messages_name_the_id():
    assert S.clean_name("", field="id", limit=S.MAX_ID, required=False) == ""
    assert S.clean_name("  s 1 ", field="id", limit=S.MAX_ID, required=False) == "s 1"
    assert S.clean_name("9" * 64, field="id", limit=S.MAX_ID, required=False) == "9" * 64
    with pytest.raises(S.SubmissionError) as info:
        S.clean_name("9" * 65, field="id", limit=S.MAX_ID, required=False)
    assert str(info.value) == "the id is 65 characters long; at most 64"
    with pytest.raises(S.SubmissionError) as info:
        S.clean_name(7, field="id", limit=S.MAX_ID, required=False)
    assert str(info.value) == "the id must be text"


def test_accented_letters_and_ordinary_text_are_not_control_characters():
    assert S.clean_name("Zoë Ng-Ó'Brien") == "Zoë Ng-Ó'Brien"
    assert S.clean_name("王小明") == "王小明"


# ---------------------------------------------------------------------------------------
# The file name


@pytest.mark.parametrize("name, expected", [
    ("Zoë Ng", "zoe-ng"),
    ("  --Ada__LOVELACE!! ", "ada-lovelace"),
    ("O'Brien, Seán", "o-brien-sean"),
    ("ﬁle", "file"),                     # NFKD splits the ligature
    ("王小明", "learner"),                 # nothing left in ASCII
    ("!!!", "learner"),
    ("a" * 39 + " bcd", "a" * 39),        # cut at 40 characters, no hyphen left at the end
    ("A1 b2", "a1-b2"),
])
def test_the_slug_of_a_name(name, expected):
    assert S.slug(name) == expected


def test_the_default_file_name():
    assert S.default_file_name("Zoë Ng") == "closereading-submission-zoe-ng.json"
    # a name with nothing in ASCII: the login, the ID, the store's identifier, or a digest
    assert S.default_file_name("王", login="wangf") == "closereading-submission-wangf.json"
    assert S.default_file_name("王", student_id="S 12") == "closereading-submission-s-12.json"
    assert S.default_file_name("王", token="0123456789abcdef") == \
        "closereading-submission-01234567.json"
    assert re.fullmatch(r"closereading-submission-learner-[0-9a-f]{8}\.json",
                        S.default_file_name("王"))
    assert S.default_file_name("王") != S.default_file_name("李")
    # two learners of one name never share a file name when they have a login or an ID
    assert S.default_file_name("Chen Wei", login="chenw1") == \
        "closereading-submission-chen-wei-chenw1.json"
    assert S.default_file_name("Chen Wei", student_id="7") == \
        "closereading-submission-chen-wei-7.json"


# ---------------------------------------------------------------------------------------
# The kinds of record


def test_the_kinds_are_the_registered_ones_then_the_files_others_sorted(store):
    store.update("q", lambda r: P.after_check(r, "a", True))
    data = json.loads(store.path.read_text())
    data.update({"zebra": {"a": 1}, "apple": {}, "format": "closereading-progress",
                 "version": 2, "listed": [1], "text": "x", "number": 3})
    store.path.write_text(json.dumps(data))
    kinds = S._all_kinds(store)
    registered = [k for k in P.KINDS if k != I.IDENTITY]
    assert kinds[:len(registered)] == registered
    assert kinds[len(registered):] == ["apple", "zebra"]


def test_a_registered_kind_in_the_file_is_not_listed_twice(store):
    store.update("x", lambda r: {"text": "t"}, kind="predictions")
    assert "predictions" in P.KINDS and I.IDENTITY in P.KINDS
    assert S._all_kinds(store) == KINDS


def test_the_kinds_of_an_unreadable_or_odd_file_are_the_registered_ones(store):
    assert not store.path.exists()
    assert S._all_kinds(store) == KINDS
    store.path.write_text("{not json")
    assert S._all_kinds(store) == KINDS
    store.path.write_text(json.dumps([{"kind": {}}]))
    assert S._all_kinds(store) == KINDS
    store.path.write_bytes(b"\xff\xfe{}")
    assert S._all_kinds(store) == KINDS


# ---------------------------------------------------------------------------------------
# The questions and the whole submission


def test_each_question_entry_has_every_field_of_its_record():
    bank = quiz.load_banks()
    q = bank[1]
    rec = P.after_check(P.fresh_record(), "first wrong", False)
    rec = P.after_check(rec, "second wrong", False)
    rec = {**rec, "hints": 2, "revealed": True}
    entries = S.question_entries({q.id: rec})
    assert len(entries) == len(bank)
    e = entries[1]
    assert e == {"id": q.id, "notebook": q.notebook, "type": q.type, "answered": True,
                 "correct": False, "first_try": False, "attempts": 2, "revealed": True,
                 "hints": 2, "response": "second wrong",
                 "wrong": ["first wrong", "second wrong"], "past_attempts": 0,
                 "past_revealed": False}


def test_an_untouched_question_reads_as_a_fresh_record():
    bank = quiz.load_banks()
    fresh = P.clean_record(None)
    e = S.question_entries({})[0]
    assert e == {"id": bank[0].id, "notebook": bank[0].notebook, "type": bank[0].type,
                 "answered": P.is_answered(fresh), "correct": fresh["correct"],
                 "first_try": fresh["first_try"], "attempts": 0,
                 "revealed": fresh["revealed"], "hints": 0,
                 "response": fresh["response"], "wrong": fresh["wrong"],
                 "past_attempts": 0, "past_revealed": False}
    assert e["answered"] is False and e["attempts"] == 0


def test_collect_converts_the_time_to_utc_and_takes_no_id_as_empty(store):
    later = timezone(timedelta(hours=8))
    sub = S.collect("Ada", None, store=store, now=datetime(2026, 11, 30, 9, 5, 7, tzinfo=later))
    assert sub["exported_at"] == "2026-11-30T01:05:07Z"
    assert sub["id"] == ""
    assert list(sub) == ["format", "schema_version", "name", "id", "course_version",
                         "exported_at", "questions", "records"]
    assert sub["course_version"] == __version__


def test_collect_without_a_time_says_now_in_utc(store):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    sub = S.collect("Ada", store=store)
    after = datetime.now(timezone.utc)
    when = datetime.strptime(sub["exported_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= when <= after


def test_collect_refuses_a_bad_id(store):
    with pytest.raises(S.SubmissionError) as info:
        S.collect("Ada", "x" * 65, store=store)
    assert str(info.value) == "the id is 65 characters long; at most 64"


def test_collect_reads_this_sessions_store_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "mine.json"))
    own = P.store()
    q = quiz.load_banks()[0]
    own.update(q.id, lambda r: P.after_check(r, q.answer, True))
    own.update("1.2", lambda r: {**r, "text": "mine", "saved": True}, kind="reading")
    sub = S.collect("Ada")
    assert sub["questions"][0]["correct"] is True
    assert sub["records"]["reading"]["1.2"]["text"] == "mine"
    assert set(sub["records"]) == set(P.KINDS) - {P.QUESTIONS, I.IDENTITY}


def test_dumps_keeps_the_order_and_the_letters_and_ends_with_a_newline():
    text = S.dumps({"name": "Zoë", "b": [1], "a": 2})
    assert text == '{\n "name": "Zoë",\n "b": [\n  1\n ],\n "a": 2\n}\n'


# ---------------------------------------------------------------------------------------
# The file written


def test_export_writes_into_the_current_folder_by_default(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = S.export("Zoë Ng", store=store, student_id="s9")
    assert path == tmp_path / "closereading-submission-zoe-ng-s9.json"   # the ID makes it unique
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["name"], data["id"]) == ("Zoë Ng", "s9")
    assert path.read_text(encoding="utf-8") == S.dumps(data)
    assert "Zoë" in path.read_text(encoding="utf-8")   # not escaped to \u00eb
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, "progress.json", "progress.json.lock"])   # no temporary file left


def test_export_into_a_folder_uses_the_default_name(store, tmp_path):
    folder = tmp_path / "hand-in"
    folder.mkdir()
    path = S.export("Ada Lovelace", folder, store=store)
    assert path == folder / f"closereading-submission-ada-lovelace-{tag(store)}.json"
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_export_makes_missing_folders_and_replaces_an_earlier_file(store, tmp_path):
    out = tmp_path / "a" / "b" / "mine.json"
    assert S.export("Ada", out, store=store) == out
    out.write_text("old")
    S.export("Ada", str(out), store=store)
    assert json.loads(out.read_text())["name"] == "Ada"
    assert [p.name for p in out.parent.iterdir()] == ["mine.json"]


def test_export_to_a_place_that_cannot_be_written_says_so_in_one_line(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = blocker / "sub" / "mine.json"
    with pytest.raises(S.SubmissionError) as info:
        S.export("Ada", out, store=store)
    assert str(info.value) == f"could not write {out}: Not a directory"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_failed_write_leaves_no_temporary_file(store, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "out" / "mine.json"
    with pytest.raises(S.SubmissionError) as info:
        S.export("Ada", out, store=store)
    assert str(info.value) == f"could not write {out}: No space left on device"


def test_an_error_without_its_text_is_still_said(store, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise OSError("disk on fire")
    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "mine.json"
    with pytest.raises(S.SubmissionError) as info:
        S.export("Ada", out, store=store)
    assert str(info.value) == f"could not write {out}: disk on fire"


def test_a_bad_name_writes_nothing(store, tmp_path):
    with pytest.raises(S.SubmissionError):
        S.export("", tmp_path / "x.json", store=store)
    assert not (tmp_path / "x.json").exists()


# ---------------------------------------------------------------------------------------
# The schema's report


def test_the_schema_is_the_packaged_file():
    packaged = Path(S.__file__).parent / "schemas" / "submission.schema.json"
    assert S.schema() == json.loads(packaged.read_text(encoding="utf-8"))
    assert S.schema()["properties"]["format"] == {"const": "closereading-submission"}


def test_schema_problems_say_where_and_what(store):
    sub = S.collect("Ada", store=store)
    bad = json.loads(json.dumps(sub))
    del bad["records"]
    assert S.schema_problems(bad) == ["at the top level: 'records' is a required property"]
    bad = json.loads(json.dumps(sub))
    bad["questions"][3]["attempts"] = -1
    assert S.schema_problems(bad) == ["at questions/3/attempts: -1 is less than the minimum of 0"]


def test_schema_problems_are_sorted_by_place_and_at_most_five(store):
    sub = S.collect("Ada", store=store)
    bad = json.loads(json.dumps(sub))
    for i in (7, 2, 5, 1, 3, 4, 6):
        bad["questions"][i]["attempts"] = -1
    problems = S.schema_problems(bad)
    assert problems == [f"at questions/{i}/attempts: -1 is less than the minimum of 0"
                        for i in (1, 2, 3, 4, 5)]


def test_a_long_schema_message_is_clipped_to_160_characters(store):
    sub = S.collect("Ada", store=store)
    bad = json.loads(json.dumps(sub))
    bad["questions"][0]["type"] = "e" * 300
    (problem,) = S.schema_problems(bad)
    assert problem.startswith("at questions/0/type: 'eee")
    message = problem[len("at questions/0/type: "):]
    assert len(message) == 160 and message.endswith("...")
    bad = json.loads(json.dumps(sub))
    bad["name"] = "n" * 145        # "'nnn...' is too long": 159 characters, kept whole
    assert S.schema_problems(bad) == [f"at name: '{'n' * 145}' is too long"]
    bad["name"] = "n" * 146        # 160 characters: clipped
    assert S.schema_problems(bad) == [f"at name: '{'n' * 146}' is too long"[:9 + 157] + "..."]


# ---------------------------------------------------------------------------------------
# The button


def test_the_buttons_parts_say_what_they_do(store):
    view = S.ExportView(store=store)
    assert view.name.description == "Your name"
    assert view.name.placeholder == "as your teacher knows you"
    assert view.name.style.description_width == "initial"
    assert view.name.layout.width == "24em"
    assert view.student_id.description == "Your ID (optional)"
    assert view.student_id.placeholder == "if you have one"
    assert view.button.description == "Export my submission"
    assert view.button.button_style == "primary"
    assert view.button.tooltip == "Write your answers and results to a file to hand in"
    assert view.button.icon == "download"
    assert view.button.layout.width == "auto"
    assert view.message.value == ""
    assert "cr-export" in view.widget._dom_classes
    assert "cr-export-message" in view.message._dom_classes
    notice, intro, login, row, message, feedback = view.widget.children
    assert notice is view.notice and notice.value == ""
    assert intro.value == f"<p>{S._INTRO_HTML}</p>" and login.value == ""
    assert row.children == (view.name, view.student_id, view.button)
    assert message is view.message and feedback is view.feedback and feedback.value == ""


def test_a_refused_name_is_said_escaped_in_an_alert(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = S.ExportView(store=store)
    view.name.value = "<b>" + "x" * 100
    assert view._export() is None
    assert view.message.value == ('<p role="alert"><strong>Not exported:</strong> the name '
                                  'is 103 characters long; at most 100.</p>')
    view.name.value = "A<\x07>"
    view._export()
    assert view.message.value == ('<p role="alert"><strong>Not exported:</strong> the name '
                                  'holds control or invisible characters.</p>')


def test_the_message_names_the_file_in_the_notebooks_folder(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = S.ExportView(store=store)
    view.name.value = "Ada & Co"
    path = view._export()
    assert path == tmp_path / f"closereading-submission-ada-co-{tag(store)}.json"
    assert view.message.value == (
        '<p role="status"><strong>Exported.</strong> Your submission was saved as '
        f"<code>closereading-submission-ada-co-{tag(store)}.json</code> in the same folder as this "
        "notebook. Hand in that file as your teacher asks (download it from the file "
        "browser: right-click, Download). Export again whenever you have done more; the "
        "file is replaced.</p>")


def test_the_message_gives_the_whole_path_of_another_folder(store, tmp_path, monkeypatch):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    monkeypatch.chdir(here)
    view = S.ExportView(there, store=store)
    assert view.folder == there
    view.name.value = "Ada"
    path = view._export()
    assert path == there / f"closereading-submission-ada-{tag(store)}.json" and path.exists()
    assert f"saved as <code>{path}</code> . Hand in" in view.message.value


def test_the_static_face_of_the_button_says_what_it_will_do(store):
    bundle = S.ExportView(store=store)._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "Export your submission: type your name (and your student ID, if you have one) and "
        "press \"Export my submission\". The "
        "file holds your quiz answers, exercise results and reading responses, for your "
        "teacher.")
    assert bundle["text/html"] == (
        "<p>Type your name (and your student ID, if you have one) and press "
        "<strong>Export my submission</strong>: a file with "
        "your quiz answers, exercise results and reading responses is written for your "
        "teacher. Or, in a terminal: <code>closereading export --name \"Your Name\" --id "
        "ID</code>."
        "</p><p><em>The export button works once the notebook runs.</em></p>")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_button_makes_a_folder_that_does_not_exist_and_writes_into_it(store, tmp_path,
                                                                           monkeypatch):
    # Before: a folder not yet made was taken for the file's name ("hand-in", no .json).
    monkeypatch.chdir(tmp_path)
    view = S.ExportView(tmp_path / "hand-in" / "week 1", store=store)
    view.name.value = "Ada"
    path = view._export()
    assert path == tmp_path / "hand-in" / "week 1" / f"closereading-submission-ada-{tag(store)}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "Ada"
    assert sorted(p.name for p in (tmp_path / "hand-in").iterdir()) == ["week 1"]
    assert f"saved as <code>{path}</code>" in view.message.value


def test_export_to_a_folder_names_the_file_after_the_learner(store, tmp_path):
    path = S.export("Bo Li", store=store, folder=tmp_path / "new")
    assert path == tmp_path / "new" / f"closereading-submission-bo-li-{tag(store)}.json"
    # out names a file, whatever its name, and an existing folder holds the file
    assert S.export("Bo Li", tmp_path / "mine", store=store) == tmp_path / "mine"
    (tmp_path / "there").mkdir()
    assert S.export("Bo Li", tmp_path / "there", store=store) == \
        tmp_path / "there" / f"closereading-submission-bo-li-{tag(store)}.json"


def test_export_button_writes_into_the_folder_it_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    view = S.export_button(tmp_path / "out")
    assert isinstance(view, S.ExportView) and view.folder == tmp_path / "out"
    assert view.store is None
    assert S.export_button().folder is None


# ---------------------------------------------------------------------------------------
# What the first mutation run left alive


def test_format_and_version_are_never_kinds_even_when_they_are_mappings(store):
    store.path.write_text(json.dumps({"format": {"a": 1}, "version": {"b": 2},
                                      "questions": {}, "extra": {}}))
    assert S._all_kinds(store) == KINDS + ["extra"]


def test_the_schema_validator_is_made_once_and_kept(monkeypatch, store):
    monkeypatch.setattr(S, "_validator", None)
    bad = {**S.collect("Ada", store=store), "schema_version": 2}
    assert S.schema_problems(bad) == ["at schema_version: 1 was expected"]
    made = S._validator
    assert made is not None and made.schema == S.schema()
    assert S._schema_validator() is made


def test_without_an_id_the_id_is_empty(store, tmp_path):
    assert S.collect("Ada", store=store)["id"] == ""
    path = S.export("Ada", tmp_path / "a.json", store=store)
    assert json.loads(path.read_text())["id"] == ""


def test_the_time_is_utc_whatever_the_machines_zone(store, monkeypatch):
    import time
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        sub = S.collect("Ada", store=store,
                        now=datetime(2026, 11, 30, 1, 2, 3, tzinfo=timezone.utc))
        assert sub["exported_at"] == "2026-11-30T01:02:03Z"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_temporary_file_is_written_beside_the_target(store, tmp_path, monkeypatch):
    moves = []
    real = os.replace

    def record(src, dst):
        moves.append((Path(src), Path(dst)))
        real(src, dst)
    monkeypatch.setattr(os, "replace", record)
    out = tmp_path / "folder" / "mine.json"
    S.export("Ada", out, store=store)
    moves = [m for m in moves if m[1] == out]   # (the store keeps the identity: another write)
    ((src, dst),) = moves
    assert dst == out and src.parent == out.parent   # the same folder: an atomic rename
    assert src.name.startswith(".mine.json.") and src.name.endswith(".tmp")


def test_export_and_the_button_read_the_store_they_are_given(store, tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "someone-else.json"))
    q = quiz.load_banks()[0]
    store.update(q.id, lambda r: P.after_check(r, q.answer, True))
    path = S.export("Ada", tmp_path / "a.json", store=store)
    assert json.loads(path.read_text())["questions"][0]["correct"] is True
    view = S.ExportView(tmp_path / "view", store=store)
    (tmp_path / "view").mkdir()
    assert view.store is store
    view.name.value = "Bo"
    path = view._export()
    assert json.loads(path.read_text())["questions"][0]["correct"] is True


def test_a_slug_keeps_the_letter_x():
    assert S.slug("Xu X") == "xu-x"
    assert S.slug("-X-") == "x"
