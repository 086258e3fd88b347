"""The live views of active reading, driven from Python (the browser test drives them in
JupyterLab), their static faces, the time estimates, and two processes writing every new
kind of record at once."""

import json
import subprocess
import sys
import textwrap
import time

import pytest

from closereading import reading as R
from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    P._stores.clear()
    yield P.store()
    P._stores.clear()


def test_the_notes_stay_folded_until_a_response_is_saved(store):
    view = R.passage("01", "1.2")
    assert view.notes.value == ""
    view.box.value = "   \n "
    view.save()
    assert "Not saved" in view.message.value and "empty" in view.message.value
    assert view.notes.value == "" and store.records(R.READING) == {}
    view.box.value = "Big or small, <b>strong</b> or weak."
    view.save()
    assert "pairs of opposites" in view.notes.value.lower() or "[6]" in view.notes.value
    assert store.record("1.2", kind=R.READING) == {
        "text": "Big or small, <b>strong</b> or weak.", "saved": True, "revealed": False}
    again = R.passage("01-harmonious-world", "1.2")  # a new kernel: the same record
    assert again.box.value == "Big or small, <b>strong</b> or weak."
    assert again.notes.value != "" and "restored" in again.message.value


def test_a_100_kb_response_is_refused_and_stays_in_the_box(store):
    view = R.passage("01", "1.3")
    view.box.value = "x" * 100_000
    view.save()
    assert "100,000 characters" in view.message.value and view.notes.value == ""
    assert view.box.value == "x" * 100_000
    assert store.records(R.READING) == {}


def test_seeing_the_notes_without_answering_is_recorded(store):
    view = R.passage("02", "2.2")
    view.reveal()
    assert view.notes.value and "without answering" in view.message.value
    assert store.record("2.2", kind=R.READING)["revealed"] is True
    assert store.record("2.2", kind=R.READING)["saved"] is False
    assert R.summary("02")["parts"]["reading"]["done"] == 0


def test_the_static_face_never_holds_what_the_learner_wrote(store):
    view = R.passage("01", "1.2")
    before = view._repr_mimebundle_()
    view.box.value = "MY SECRET RESPONSE"
    view.save()
    after = view._repr_mimebundle_()
    assert before["text/plain"] == after["text/plain"]
    assert before["text/html"] == after["text/html"]
    assert "MY SECRET" not in after["text/html"]
    html = after["text/html"]
    assert html.index("Before the notes") < html.index("<details>")
    assert "cr-ruled" in html and R.prompt_for("1.2").model[:50] not in html
    assert "What a good response notices (teacher edition)" not in html


def test_the_teacher_edition_prints_the_model(store, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    static = R.static_passage("01", "1.2")
    assert "What a good response notices" in static.html and "cr-ruled" not in static.html
    assert R.load_prompts("01")["1.2"].model[:40] in static.text


def test_annotating_wrong_then_right_then_editing_and_deleting(store):
    view = R.annotate("01", "1.5")
    view.quote.value = "Use or threat of military force"
    view.kind.value = "rhetoric"
    view.note.value = "<script>alert(1)</script> **who** avoids it?"
    view.submit()
    assert "closest passage" in view.message.value and "Not saved" in view.message.value
    assert "cr-own-mark" not in view.passage.value
    view.quote.value = "Use or threat of use of military force"
    view.submit()
    assert "Added" in view.message.value
    assert 'class="cr-own-mark"' in view.passage.value and "[Y1]" in view.passage.value
    assert "<script>" not in view.listing.value and "&lt;script&gt;" in view.listing.value
    assert view.quote.value == "" and view.note.value == ""  # ready for the next one
    assert view.choice.value == 1  # the new annotation is the one chosen
    view.start_edit()
    assert view.quote.value == "Use or threat of use of military force"
    view.note.value = "Passive: nobody is named."
    view.submit()
    assert store.record("1.5", kind=R.ANNOTATIONS)["items"][0]["note"] == \
        "Passive: nobody is named."
    again = R.annotate("01-harmonious-world", "1.5")
    assert "Passive: nobody is named." in again.listing.value
    again.choice.value = 1
    again.delete()
    assert store.record("1.5", kind=R.ANNOTATIONS)["items"] == []
    assert "cr-own-mark" not in again.passage.value


def test_the_journal_is_exported_from_the_view(store, tmp_path, monkeypatch):
    """Beside the notebook (the kernel's folder), where JupyterLab's file browser shows
    it, not in the hidden folder of the progress file (issue 24)."""
    monkeypatch.chdir(tmp_path / "notebooks" if (tmp_path / "notebooks").mkdir() is None
                      else tmp_path)
    view = R.annotate("04", "4.1")
    view.quote.value, view.kind.value, view.note.value = "run itself well", "gloss", "Home."
    view.submit()
    view.export()
    path = tmp_path / "notebooks" / "reading-journal.md"
    assert not store.path.with_name("reading-journal.md").exists()
    assert ("written to reading-journal.md, in the same folder as this notebook "
            "(JupyterLab&#x27;s file browser") in view.message.value
    assert "on \u201crun itself well\u201d: Home." in path.read_text()


def test_a_prediction_comes_back_beside_the_measure(store):
    box = R.predict("hw-should")
    compare = R.compare("hw-should")
    assert "not saved a prediction yet" in compare.view.value
    box.box.value = "lots"
    box.save()
    assert "Not saved" in box.message.value and "number" in box.message.value
    box.box.value = "12"
    box.save()
    assert "cr-compare-guess" in compare.view.value and ">12<" in compare.view.value
    assert "occurs 18 times" in compare.view.value
    assert "12" not in compare._repr_mimebundle_()["text/plain"]
    assert R.predict("hw-should").box.value == "12"


def test_discussion_answers_are_saved_and_restored(store):
    view = R.discussion("03")
    box = view.boxes[1]
    box.value = "An answer <i>with</i> tags."
    view.save("03-new-security-thinking/2", box, view.children[6])
    assert store.record("03-new-security-thinking/2", kind=R.DISCUSSION)["text"] == \
        "An answer <i>with</i> tags."
    assert R.discussion("03").boxes[1].value == "An answer <i>with</i> tags."
    assert "cr-ruled" in view._repr_mimebundle_()["text/html"]


# ---------------------------------------------------------------------------------------
# Time estimates


def test_every_notebooks_minutes_are_its_estimate():
    from closereading import timing
    from closereading.course import load_course
    rates = timing.load_rates()
    for nb in load_course().notebooks:
        est = timing.estimate(nb.id, rates)
        assert abs(nb.minutes - est.minutes) <= rates["round_to"], (
            f"course.yml gives notebook {nb.id} {nb.minutes} minutes; the estimate is "
            f"{est.explain()}: set minutes to {est.rounded}")
    assert rates["reading_rate"] == 130   # the basis is stated in course.yml


def test_the_estimate_grows_with_what_a_notebook_asks():
    from closereading import timing
    rates = timing.load_rates()
    base = timing.estimate("04", rates)
    more = timing.estimate("04", {**rates, "question": rates["question"] + 1})
    assert more.minutes - base.minutes == pytest.approx(base.counts["question"])
    # the prompt of 4.1 and the second look at the guess about meaning
    assert base.counts["prompt"] == 2 and base.counts["annotation"] == 1


# ---------------------------------------------------------------------------------------
# Two processes writing every kind at once

WRITER = textwrap.dedent("""
    import json, os, sys, time
    from closereading import reading as R
    from closereading.quiz import progress as P
    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while not os.path.exists(go):
        time.sleep(0.001)
    store = P.Store(path)
    for i in range(count):
        store.update(f"{name}-q{i}", lambda r: P.after_check(r, "a", True))
        store.update(f"{name}-p{i}", lambda r, i=i: {**r, "text": f"{name} {i}", "saved": True},
                     kind=R.READING)
        store.update("1.2", lambda r, i=i: R.add_annotation(r, "1.2", "each other",
                                                             "gloss", f"{name} {i}"),
                     kind=R.ANNOTATIONS)
        store.update(f"{name}-{i}", lambda r, i=i: {"text": str(i)}, kind=R.PREDICTIONS)
        store.update(f"01-harmonious-world/{name}-{i}", lambda r, i=i: {"text": f"{i}"},
                     kind=R.DISCUSSION)
    print(json.dumps(store.warnings))
""")


def test_two_processes_writing_every_kind_lose_nothing(tmp_path):
    path, go, count = tmp_path / "progress.json", tmp_path / "go", 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count),
                               str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for name in ("first", "second")]
    time.sleep(0.3)
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert json.loads(out) == []
    data = json.loads(path.read_text())
    assert data["version"] == 2
    for name in ("first", "second"):
        for i in range(count):
            assert data["questions"][f"{name}-q{i}"]["correct"] is True
            assert data["reading"][f"{name}-p{i}"]["text"] == f"{name} {i}"
            assert data["predictions"][f"{name}-{i}"] == {"text": str(i)}
            assert data["discussion"][f"01-harmonious-world/{name}-{i}"] == {"text": str(i)}
    notes = data["annotations"]["1.2"]["items"]
    assert len(notes) == 2 * count  # every annotation added to the shared paragraph is kept
    assert sorted(i["id"] for i in notes) == list(range(1, 2 * count + 1))


def test_notebook_00_has_the_python_part_its_warm_ups_and_the_prediction():
    import ast
    from closereading import exercises
    from closereading.paths import notebooks_dir
    nb = json.loads((notebooks_dir() / "00-start-here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert "How much Python the course assumes" in text
    calls = [(n.func.attr, [a.value for a in n.args if isinstance(a, ast.Constant)])
             for c in nb["cells"] if c["cell_type"] == "code"
             for n in ast.walk(ast.parse("".join(c["source"])))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    for ex in exercises.load("00-start-here"):
        assert ("task", ["00-start-here", ex.id]) in calls
        assert ("check", ["00-start-here", ex.id]) in calls
    assert len(exercises.load("00-start-here")) == 2
    for name in ("words", "sentences"):
        assert any(f == name for f, _ in calls), name
    assert ("predict", ["start-general-specific"]) in calls
    assert ("passage", ["00-start-here", "0.1"]) in calls


def test_handouts_show_the_code_of_worked_examples_and_hide_the_calls():
    from closereading import editions
    from closereading.paths import notebooks_dir
    for name in ("00-start-here.ipynb", "01-harmonious-world.ipynb"):
        nb = editions.prepare(notebooks_dir() / name, "student")
        shown = [c.source for c in nb.cells if c.cell_type == "code"
                 and editions.HIDE_INPUT_TAG not in c.metadata.get("tags", [])]
        hidden = [c.source for c in nb.cells if c.cell_type == "code"
                  and editions.HIDE_INPUT_TAG in c.metadata.get("tags", [])]
        assert any(s.startswith(("def longest_word", "words = stats.words")) for s in shown)
        assert any(s.startswith("reading.passage(") for s in hidden)
