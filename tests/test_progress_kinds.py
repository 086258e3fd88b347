"""The progress store's kinds of record (version 2) and the migration of a version 1 file."""

import json
import os

import pytest

from closereading.quiz import progress as P


@pytest.fixture(autouse=True)
def plain_kinds(monkeypatch):
    """These tests are of the store itself: every kind but the questions reads as plain
    objects here, whichever modules (closereading.reading ...) have registered cleaners in
    this process; each module tests its own cleaners."""
    for kind in list(P.KINDS):
        if kind != P.QUESTIONS:
            monkeypatch.setitem(P.KINDS, kind, (P._fresh_object, P._clean_object))


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def test_a_record_of_another_kind_is_saved_apart_from_the_questions(store):
    store.update("1.2", lambda r: {**r, "text": "Pairs of opposites."}, kind="reading")
    store.update("hw-cbdr", lambda r: P.after_check(r, "Environment", True))
    data = json.loads(store.path.read_text())
    assert data["version"] == P.VERSION == 2
    assert data["reading"] == {"1.2": {"text": "Pairs of opposites."}}
    assert set(data["questions"]) == {"hw-cbdr"}
    fresh = P.Store(store.path)
    assert fresh.record("1.2", kind="reading") == {"text": "Pairs of opposites."}
    assert fresh.records("questions").keys() == {"hw-cbdr"}
    assert fresh.records("exercises") == {}


def test_the_same_key_in_two_kinds_is_two_records(store):
    # (kinds whose records are plain objects: "exercises" has a registered shape now)
    store.update("x", lambda r: {"a": 1}, kind="annotations")
    store.update("x", lambda r: {"b": 2}, kind="predictions")
    assert store.record("x", kind="annotations") == {"a": 1}
    assert store.record("x", kind="predictions") == {"b": 2}
    store.reset("x", kind="annotations")
    assert P.Store(store.path).records("annotations") == {}
    assert P.Store(store.path).record("x", kind="predictions") == {"b": 2}


def test_a_version_1_file_is_migrated_and_loses_nothing(store):
    v1 = {"format": "closereading-progress", "version": 1, "note": "kept",
          "questions": {"q1": {"attempts": 1, "correct": True, "first_try": True,
                               "revealed": False, "hints": 0, "response": "a",
                               "last": "a"}}}
    store.path.write_text(json.dumps(v1))
    assert store.record("q1")["first_try"] is True
    store.update("0.1", lambda r: {"text": "a guess"}, kind="predictions")
    data = json.loads(store.path.read_text())
    assert data["version"] == 2
    assert data["questions"] == v1["questions"]
    assert data["note"] == "kept"
    assert data["predictions"] == {"0.1": {"text": "a guess"}}
    assert store.warnings == []


def test_a_kind_from_a_later_version_is_kept_when_this_one_saves(store):
    store.path.write_text(json.dumps({"version": 3, "questions": {},
                                      "badges": {"b1": {"won": True}}}))
    store.update("q1", lambda r: P.after_check(r, "a", False))
    data = json.loads(store.path.read_text())
    assert data["badges"] == {"b1": {"won": True}}
    assert data["version"] == 3  # never written back as an older version


def test_a_kind_that_is_not_a_mapping_sets_the_file_aside(store):
    store.path.write_text(json.dumps({"questions": {}, "reading": ["not", "a", "mapping"]}))
    assert store.records("reading") == {}
    assert "'reading' field is not a mapping" in store.warnings[0]
    assert list(store.path.parent.glob("progress.json.damaged-1"))


def test_a_registered_kind_cleans_what_the_file_holds(store, monkeypatch):
    monkeypatch.setitem(P.KINDS, "notes", None)  # removed again after the test
    P.register_kind("notes", lambda: {"text": ""},
                    lambda raw: {"text": raw["text"] if isinstance(raw, dict)
                                 and isinstance(raw.get("text"), str) else ""})
    store.path.write_text(json.dumps({"questions": {}, "notes": {"a": {"text": 5},
                                                                  "b": {"text": "ok"}}}))
    assert store.records("notes") == {"a": {"text": ""}, "b": {"text": "ok"}}
    assert store.record("missing", kind="notes") == {"text": ""}
    with pytest.raises(ValueError):
        P.register_kind("version", dict, dict)


def test_a_failed_save_of_one_kind_is_written_with_the_next_save_of_another(store, monkeypatch):
    real = os.replace
    monkeypatch.setattr(P.os, "replace",
                        lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    store.update("1.1", lambda r: {"text": "kept"}, kind="reading")
    assert store.record("1.1", kind="reading") == {"text": "kept"}
    monkeypatch.setattr(P.os, "replace", real)
    store.update("q1", lambda r: P.after_check(r, "a", True))
    data = json.loads(store.path.read_text())
    assert data["reading"] == {"1.1": {"text": "kept"}}
    assert set(data["questions"]) == {"q1"}
    assert store.warnings == []
