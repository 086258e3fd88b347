"""Hostile input and faults (issue 29): each case a learner, a file or the system can
supply is handled, with one clear message and nothing lost or overwritten."""

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from closereading import cli, report as R, submission as S
from closereading.grades import csv_cell
from closereading.quiz import progress as P

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def a_submission(tmp_path, name="Ada", sid="s1", exercises=None, reading=None) -> dict:
    store = P.Store(tmp_path / "stores" / f"{name}-{sid}.json")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"format": P.FORMAT, "version": 2, "questions": {},
                                      "exercises": exercises or {},
                                      "reading": reading or {}}))
    return S.collect(name, sid, store=store, now=T0)


def hostile_file(folder: Path, file: str, data) -> Path:
    """Written as any program could: JSON with ASCII escapes (so a lone surrogate is the
    escape \\ud800, which a UTF-8 writer could not write)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    path.write_text(json.dumps(data), encoding="ascii")
    return path


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code, err, command, *fragments):
    assert code == 1, (code, err)
    assert err.startswith(f"closereading {command}: error: "), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# ---------------------------------------------------------------------------------------
# 1. A lone surrogate


def test_a_lone_surrogate_in_a_submission_gives_a_whole_report(tmp_path, capsys):
    sub = a_submission(tmp_path, reading={"1.2": {"text": "odd \ud800 text"}})
    sub["name"] = "Ada \udfff"
    good = hostile_file(tmp_path / "in", "a.json", sub)
    other = hostile_file(tmp_path / "in", "b.json", a_submission(tmp_path, "Bo", "s2"))
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", good, other, "--out", out)
    assert code == 0, err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Ada \\udfff" in page and len(page) > 1000
    grades = (out / "grades.csv").read_text(encoding="utf-8")
    assert "Ada \\udfff" in grades
    learner = next((out / "learners").glob("ada*.html")).read_text(encoding="utf-8")
    assert "odd \\ud800 text" in learner


def test_a_lone_surrogate_in_the_store_is_exported_with_no_stray_file(tmp_path):
    store = P.Store(tmp_path / "progress.json")
    store.update("01-harmonious-world-q1", lambda r: P.after_check(r, "x \udc80 y", False))
    store.update("nb/ex", lambda r: {"status": "correct", "note": "\ud800"}, kind="later-kind")
    path = S.export("Ada", tmp_path / "out" / "mine.json", store=store)
    data = json.loads(path.read_bytes().decode("utf-8"))   # strict UTF-8
    assert data["records"]["later-kind"]["nb/ex"]["note"] == "\\ud800"
    assert [p.name for p in path.parent.iterdir()] == ["mine.json"]
    # the store itself keeps what the learner typed, exactly
    assert P.Store(store.path).records("later-kind")["nb/ex"]["note"] == "\ud800"


# ---------------------------------------------------------------------------------------
# 2. Big numbers and deep nesting


@pytest.mark.parametrize("content, reason", [
    ('{"questions": {"q": {"attempts": ' + "9" * 5000 + "}}}",
     "it holds a number of 5,000 digits, over the limit of 40"),
    ('{"questions": {}, "x": ' + "[" * 5000 + "]" * 5000 + "}",
     "it is not valid JSON: nested too deeply"),
    ('{"questions": {}, "x": 1e999}', "it holds a number too large to hold: 1e999"),
    ('{"questions": {}, "x": NaN}', "it holds NaN, which JSON does not allow"),
])
def test_a_store_beyond_the_bounds_is_moved_aside_as_damaged(tmp_path, content, reason):
    store = P.Store(tmp_path / "progress.json")
    store.path.write_text(content)
    assert store.records() == {}
    aside = store.path.with_name("progress.json.damaged-1")
    assert aside.read_text() == content
    assert store.warnings == [f"Your progress file could not be read ({reason}). It was moved "
                              f"aside, not deleted, to {P.tilde(aside)}; the quizzes start "
                              "afresh."]
    assert store.update("q", lambda r: P.after_check(r, "a", True))["correct"]


@pytest.mark.parametrize("field, value, reason", [
    ("hints", "BIG", "holds a number of 5,000 digits, over the limit of 40"),
    ("deep", "DEEP", "not valid JSON: nested too deeply"),
])
def test_a_submission_beyond_the_bounds_is_left_out_with_its_reason(tmp_path, field, value,
                                                                    reason):
    sub = a_submission(tmp_path)
    text = json.dumps(sub).replace('"name": ', f'"{field}": "{value}", "name": ', 1)
    text = text.replace('"BIG"', "9" * 5000).replace('"DEEP"', "[" * 100 + "]" * 100)
    path = tmp_path / "bad.json"
    path.write_text(text)
    assert R.read_one(path) == (None, reason)


# ---------------------------------------------------------------------------------------
# 3. Many distinct keys


def test_ten_thousand_exercise_keys_are_refused_at_once(tmp_path):
    sub = a_submission(tmp_path)
    sub["records"]["exercises"] = {f"nb/ex-{i:05d}": {"status": "correct", "attempts": 1,
                                                      "correct": True} for i in range(10_000)}
    path = hostile_file(tmp_path / "in", "big.json", sub)
    start = time.perf_counter()
    page, loaded = R.write_report([path], tmp_path / "out")
    assert time.perf_counter() - start < 10
    assert loaded.rejected == [(str(path), "holds more than 2,000 distinct keys")]


def test_the_pass_rate_chart_shows_at_most_sixty_exercises(tmp_path):
    sub = a_submission(tmp_path)
    sub["records"]["exercises"] = {f"nb/ex-{i:03d}": {"status": "correct", "attempts": 1,
                                                      "correct": i % 2 == 0} for i in range(150)}
    path = hostile_file(tmp_path / "in", "many.json", sub)
    R.write_report([path], tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text()
    assert "The chart shows the 60 exercises with the lowest pass rates, of 150." in page
    assert page.count("<code>nb/ex-") == 150   # the table has every one


# ---------------------------------------------------------------------------------------
# 4. The progress path names a folder


def test_a_progress_path_that_is_a_folder_is_never_renamed(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.ipynb").write_text("{}")
    monkeypatch.setenv(P.ENV, str(folder))
    P._stores.clear()
    code, _, err = run(capsys, "export", "--name", "Ada", "--out", tmp_path / "s.json")
    one_line_error(code, err, "export", "is a folder, not a file")
    store = P.Store(folder)
    assert store.records() == {}
    assert store.update("q", lambda r: P.after_check(r, "a", True))["correct"]
    assert "is a folder, not a file" in " ".join(store.warnings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    assert [p.name for p in folder.iterdir()] == ["notes.ipynb"]
    P._stores.clear()


# ---------------------------------------------------------------------------------------
# 5. progress.json is a symbolic link


def test_a_progress_file_that_is_a_link_is_written_through(tmp_path):
    real = tmp_path / "synced" / "progress.json"
    real.parent.mkdir()
    real.write_text(json.dumps({"questions": {"q0": P.after_check(P.fresh_record(), "a", True)}}))
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    store = P.Store(link)
    store.update("q1", lambda r: P.after_check(r, "b", True))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert set(json.loads(real.read_text())["questions"]) == {"q0", "q1"}
    assert P.Store(link).records().keys() == {"q0", "q1"}
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------------------
# 6. The report's and stats' inputs and output folder


@pytest.fixture
def one_good(tmp_path):
    return hostile_file(tmp_path / "in", "a.json", a_submission(tmp_path))


def test_report_out_that_is_a_file_is_one_line(tmp_path, capsys, one_good):
    out = tmp_path / "out"
    out.write_text("mine")
    code, _, err = run(capsys, "report", one_good, "--out", out)
    one_line_error(code, err, "report", f"--out {out}: is a file, not a folder")
    assert out.read_text() == "mine"


def test_report_out_under_a_file_is_one_line(tmp_path, capsys, one_good):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    code, _, err = run(capsys, "report", one_good, "--out", blocker / "out")
    one_line_error(code, err, "report", "Not a directory", "nothing was written")


def test_a_materials_error_in_report_is_one_line(tmp_path, capsys, monkeypatch, one_good):
    from closereading import quiz
    from closereading.materials import MaterialsError, Problem

    def broken():
        raise MaterialsError([Problem("materials/quiz/x.yml", "YAML syntax error", line=3),
                              Problem("materials/quiz/y.yml", "no id")])
    monkeypatch.setattr(quiz, "load_banks", broken)
    code, _, err = run(capsys, "report", one_good, "--out", tmp_path / "out")
    one_line_error(code, err, "report", "the course's materials cannot be read",
                   "x.yml", "(and 1 more problem)")


def test_report_never_writes_through_a_link_in_out(tmp_path, capsys, one_good):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "grades.csv").symlink_to(victim)
    code, _, err = run(capsys, "report", one_good, "--out", out)
    one_line_error(code, err, "report", "grades.csv: is a symbolic link")
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["grades.csv"]   # nothing else placed


def test_report_never_writes_into_a_linked_subfolder(tmp_path, capsys, one_good):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "learners").symlink_to(elsewhere)
    code, _, err = run(capsys, "report", one_good, "--out", out)
    one_line_error(code, err, "report", "learners: is a symbolic link: not followed")
    assert list(elsewhere.iterdir()) == []


def test_a_failed_report_run_keeps_the_earlier_report(tmp_path, capsys, monkeypatch, one_good):
    out = tmp_path / "out"
    assert run(capsys, "report", one_good, "--out", out)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fails(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(R, "comments_form", fails)   # the last file written
    code, _, err = run(capsys, "report", one_good, "--out", out)
    one_line_error(code, err, "report", "No space left on device")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_report_inputs_is_left_out_without_waiting(tmp_path, one_good):
    fifo = tmp_path / "in" / "pipe.json"
    os.mkfifo(fifo)
    code = ("import sys; from closereading import report as R; "
            "p, l = R.write_report([sys.argv[1]], sys.argv[2]); print(l.rejected)")
    done = subprocess.run([sys.executable, "-c", code, str(fifo.parent), str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    fifo_named = subprocess.run([sys.executable, "-m", "closereading", "report", str(fifo),
                                 str(one_good), "--out", str(tmp_path / "o2")],
                                capture_output=True, text=True, timeout=60)
    assert fifo_named.returncode == 0, fifo_named.stderr
    assert "pipe.json: is a FIFO (named pipe), not a regular file" in fifo_named.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_stats_refuses_a_fifo_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "closereading", "stats", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"closereading stats: error: {fifo}: is a FIFO (named pipe), not a text file\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_stats_refuses_a_device(capsys):
    code, _, err = run(capsys, "stats", "/dev/zero")
    one_line_error(code, err, "stats", "/dev/zero: is a device, not a text file")


def test_stats_refuses_a_text_over_the_cap(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli, "MAX_TEXT_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    code, _, err = run(capsys, "stats", path)
    one_line_error(code, err, "stats", "too large: 500 bytes, over the cap of 100")


# ---------------------------------------------------------------------------------------
# 7. CSV cells, and the unlocked read


@pytest.mark.parametrize("value, cell", [
    (" =1+1", "' =1+1"), ("   -2", "'   -2"), ("\u3000@x", "'\u3000@x"), ("\r\n+1", "' +1"),
    ("\n\n=cmd", "'  =cmd"), ("\t", "'\t"), (" ok", " ok"),
])
def test_csv_cells_after_white_space_are_neutralised(value, cell):
    assert csv_cell(value) == cell


def test_an_unlocked_read_never_moves_aside_a_file_just_written(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    path.write_text("{damaged")
    reader, writer = P.Store(path), P.Store(path)
    real_parse = P._parse
    calls = []

    def parse_then_a_writer_saves(p):
        result = real_parse(p)
        if not calls:   # between the reader's parse and its move: another process saves
            calls.append(1)
            with writer._lock():
                writer._write(P.migrate({"questions": {"q": P.after_check(
                    P.fresh_record(), "a", True)}}))
        return result
    monkeypatch.setattr(P, "_parse", parse_then_a_writer_saves)
    reader.records()
    monkeypatch.undo()
    assert not path.with_name("progress.json.damaged-1").exists()
    assert P.Store(path).records()["q"]["correct"]


def test_collect_exports_a_store_with_a_lone_surrogate(tmp_path):
    from closereading import hub
    home = tmp_path / "home" / "ada"
    store = home / hub.STORE
    store.parent.mkdir(parents=True)
    from closereading import quiz
    q = quiz.load_banks()[0]
    P.Store(store).update(q.id, lambda r: P.after_check(r, "x \udc00", False))
    result = hub.collect(tmp_path / "out", str(tmp_path / "home" / "{login}"))
    ((login, written),) = result.done
    entry = json.loads(written.read_bytes().decode("utf-8"))["questions"][0]
    assert entry["id"] == q.id and entry["response"] == "x \\udc00"


@pytest.mark.parametrize("response, reason", [
    (10**60, "holds a number of more than 40 digits"),
    (float("nan"), "holds a number that is not finite"),
    ([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
     "nested too deeply"),
])
def test_the_store_never_saves_what_it_could_not_read_back(tmp_path, response, reason):
    store = P.Store(tmp_path / "progress.json")
    store.update("q0", lambda r: P.after_check(r, "kept", True))
    store.update("q1", lambda r: P.after_check(r, response, False))
    assert store.warnings == [f"Your answer could not be saved (the answer {reason}); the rest "
                              "of your progress is saved as before."]
    again = P.Store(store.path)
    assert set(again.records()) == {"q0"} and not again.warnings
    assert not store.path.with_name("progress.json.damaged-1").exists()


def test_a_damaged_file_behind_a_link_is_moved_aside_and_the_link_kept(tmp_path):
    real = tmp_path / "synced" / "progress.json"
    real.parent.mkdir()
    real.write_text("{damaged")
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    store = P.Store(link)
    assert store.records() == {}
    assert (real.parent / "progress.json.damaged-1").read_text() == "{damaged"
    store.update("q", lambda r: P.after_check(r, "a", True))
    assert link.is_symlink() and json.loads(real.read_text())["questions"]["q"]["correct"]


def test_a_schema_problem_under_a_key_with_a_line_break_is_one_line(tmp_path):
    sub = a_submission(tmp_path)
    sub["records"]["exercises"] = {"\n": 0}
    path = hostile_file(tmp_path, "nl.json", sub)
    _, reason = R.read_one(path)
    assert reason == ("does not match the submission schema: at records/exercises/\\x0a: 0 "
                      "is not of type 'object'")
