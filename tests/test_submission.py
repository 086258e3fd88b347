"""Submissions: `closereading export`, the button of notebook 00, and the JSON Schema."""

import json
from datetime import datetime, timezone

import pytest

from closereading import __version__, exercise_progress as EP, quiz, reading as R, submission as S
from closereading.cli import main
from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def test_an_export_holds_every_question_every_kind_and_the_version(store, tmp_path):
    bank = quiz.load_banks()
    q = bank[0]
    store.update(q.id, lambda r: P.after_check(r, "a wrong answer", False))
    store.update(q.id, lambda r: P.after_check(r, q.answer, True))
    # The exercise record as closereading.exercise_progress writes it (its fields are those
    # of closereading.quiz.progress): a wrong check with a known mistake, then a right one.
    exercise = {**EP.fresh(), "status": "correct", "attempts": 2, "failures": 1,
                "diagnoses": ["substring"], "hints": 1, "correct": True}
    store.update("01-harmonious-world/count-should", lambda r: dict(exercise), kind="exercises")
    # A reading response as closereading.reading writes it (imported above, so that its
    # cleaner is registered whatever the order of the tests).
    response = {**R.fresh_reading(), "text": "Pairs of opposites.", "saved": True}
    store.update("1.2", lambda r: dict(response), kind="reading")
    # A kind that no module of this version knows still flows into the export.
    data = json.loads(store.path.read_text())
    data["badges"] = {"b1": {"won": True}}
    store.path.write_text(json.dumps(data))
    sub = S.collect("  Ada   Lovelace ", "s123", store=store,
                    now=datetime(2026, 11, 30, 1, 2, 3, tzinfo=timezone.utc))
    assert sub["format"] == "closereading-submission" and sub["schema_version"] == 1
    assert sub["name"] == "Ada Lovelace" and sub["id"] == "s123"
    assert sub["course_version"] == __version__ and sub["exported_at"] == "2026-11-30T01:02:03Z"
    assert [e["id"] for e in sub["questions"]] == list(bank.ids)
    e = sub["questions"][0]
    assert (e["attempts"], e["correct"], e["first_try"], e["answered"]) == (2, True, False, True)
    assert e["wrong"] == ["a wrong answer"] and e["notebook"] == q.notebook
    assert sub["records"]["exercises"] == {"01-harmonious-world/count-should": exercise}
    assert sub["records"]["reading"] == {"1.2": response}
    assert sub["records"]["badges"] == {"b1": {"won": True}}
    assert "questions" not in sub["records"]
    assert S.schema_problems(json.loads(S.dumps(sub))) == []


def test_the_schema_rejects_what_a_submission_must_not_be(store):
    sub = S.collect("Ada", store=store)
    assert S.schema_problems(sub) == []
    for change in (lambda d: d.pop("records"), lambda d: d.update(schema_version=2),
                   lambda d: d.update(name=""), lambda d: d["questions"][0].update(attempts=-1),
                   lambda d: d["questions"][0].update(type="essay"),
                   lambda d: d["records"].update(exercises=[1, 2])):
        bad = json.loads(json.dumps(sub))
        change(bad)
        assert S.schema_problems(bad), change


@pytest.mark.parametrize("name, message", [("   ", "empty"), ("x" * 101, "at most 100"),
                                           ("Ada\x00", "control"), ("A\u202eda", "control")])
def test_a_bad_name_is_refused_with_a_reason(name, message):
    with pytest.raises(S.SubmissionError, match=message):
        S.clean_name(name)


def test_the_command_writes_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLOSEREADING_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--name", "Zoë Ng", "--id", "S 9"]) == 0
    path = tmp_path / "closereading-submission-zoe-ng-s-9.json"
    assert str(path) in capsys.readouterr().out
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"] == "Zoë Ng" and S.schema_problems(data) == []
    assert main(["export", "--name", "Zoë", "--out", str(tmp_path / "sub" / "z.json")]) == 0
    assert (tmp_path / "sub" / "z.json").exists()
    assert main(["export", "--name", " "]) == 1
    assert "the name is empty" in capsys.readouterr().err


def test_the_button_exports_and_says_where(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = S.ExportView(store=store)
    view.button.click()
    assert "Not exported" in view.message.value and "empty" in view.message.value
    assert not list(tmp_path.glob("*.json"))
    view.name.value = "<b>Ada</b>"
    view.student_id.value = "12"
    view.button.click()
    path = tmp_path / "closereading-submission-b-ada-b-12.json"
    assert path.exists() and json.loads(path.read_text())["name"] == "<b>Ada</b>"
    assert "Exported." in view.message.value and path.name in view.message.value
    assert "same folder as this notebook" in view.message.value
    bundle = view._repr_mimebundle_()
    assert "Export my submission" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("login", ["ada\x00", "ada\u200b", "a\u2028da", "a\u2029da", "\x7fada",
                                   "ada\ue000"])
def test_a_login_with_control_or_invisible_characters_is_not_recorded(tmp_path, monkeypatch,
                                                                      login):
    from closereading import identity as I
    assert I.clean_login(login) == ""
    store = P.Store(tmp_path / "progress.json")
    assert "login" not in S.collect("Ada", store=store, login=login)
    assert S.collect("Ada", store=store, login="ada")["login"] == "ada"
    if "\x00" not in login:           # an environment variable cannot hold a NUL
        monkeypatch.setenv("JUPYTERHUB_USER", login)
        assert I.hub_login() == ""
