"""The progress store: records, the file's place, damaged files, concurrent writers and a
writer killed in mid-write."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from closereading import quiz
from closereading.quiz import progress as P

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "data" / "progress.json")


def saved(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))["questions"]


# ---------------------------------------------------------------------------------------
# Records (pure)


def test_a_right_first_check_is_correct_at_the_first_try():
    rec = P.after_check(P.fresh_record(), "A", True)
    assert (rec["attempts"], rec["correct"], rec["first_try"]) == (1, True, True)


def test_wrong_then_right_is_correct_but_not_at_the_first_try():
    rec = P.after_check(P.fresh_record(), "B", False)
    rec = P.after_check(rec, "A", True)
    assert (rec["attempts"], rec["correct"], rec["first_try"]) == (2, True, False)
    assert P.wrong_attempts(rec) == 1


def test_the_same_answer_checked_twice_counts_once():
    rec = P.after_check(P.fresh_record(), "B", False)
    assert P.after_check(rec, "B", False)["attempts"] == 1
    assert P.after_check(rec, "C", False)["attempts"] == 2


def test_a_correct_record_stays_correct_when_other_answers_are_tried():
    rec = P.after_check(P.fresh_record(), "A", True)
    rec = P.after_check(rec, "B", False)
    assert rec["correct"] and rec["first_try"] and rec["attempts"] == 1
    assert rec["response"] == "A"  # the right answer is what a reopened notebook shows


def test_after_revealing_a_right_answer_is_not_a_first_try():
    rec = P.after_reveal(P.fresh_record())
    rec = P.after_check(rec, "A", True)
    assert rec["correct"] and not rec["first_try"]


def test_score_counts_answered_and_first_try_over_the_given_ids():
    records = {"a": P.after_check(P.fresh_record(), "x", True),
               "b": P.after_check(P.fresh_record(), "x", False),
               "c": P.after_reveal(P.fresh_record()),
               "other": P.after_check(P.fresh_record(), "x", True)}
    assert P.score(records, ["a", "b", "c", "d"]) == {"answered": 3, "first_try": 1, "total": 4}


@pytest.mark.parametrize("raw", [None, [], "text", {"attempts": -1, "correct": "yes"},
                                 {"attempts": True, "first_try": True}])
def test_a_strange_record_reads_as_much_as_makes_sense(raw):
    rec = P.clean_record(raw)
    assert rec["attempts"] == 0 and rec["correct"] is False and rec["first_try"] is False


# ---------------------------------------------------------------------------------------
# Where the file is


def test_the_environment_variable_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "mine.json"))
    assert P.progress_path() == tmp_path / "mine.json"


def test_otherwise_the_file_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(P.ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    path = P.progress_path()
    assert path.name == "progress.json" and path.parent.name == "closereading"
    assert str(path).startswith(str(tmp_path))
    if sys.platform.startswith("linux"):
        assert P.tilde(path) == "~/.local/share/closereading/progress.json"


def test_where_names_the_variable_but_not_the_path_when_it_is_set(monkeypatch, tmp_path):
    monkeypatch.setenv(P.ENV, str(tmp_path / "secret-place.json"))
    shown = quiz.where()
    assert "CLOSEREADING_PROGRESS" in shown.text and "CLOSEREADING_PROGRESS" in shown.html
    assert "secret-place" not in shown.text + shown.html and str(tmp_path) not in shown.html


def test_where_shows_the_default_path_with_a_tilde(monkeypatch, tmp_path):
    monkeypatch.delenv(P.ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    shown = quiz.where()
    assert P.tilde(P.default_path()) in shown.text
    assert str(tmp_path) not in shown.text and "~/" in shown.text


# ---------------------------------------------------------------------------------------
# The store


def test_update_saves_and_a_new_store_reads_it_back(store):
    store.update("q1", lambda r: P.after_check(r, ["a", "b"], True))
    again = P.Store(store.path)
    assert again.record("q1")["response"] == ["a", "b"] and again.record("q1")["correct"]
    assert saved(store.path)["q1"]["attempts"] == 1
    assert again.record("unknown") == P.fresh_record()


def test_reset_changes_one_record_only_and_keeps_its_history(store):
    store.update("q1", lambda r: P.after_check(r, "a", True))
    store.update("q2", lambda r: P.after_check(r, "b", False))
    store.update("q3", lambda r: P.after_hint(r, 1))
    before_q2 = saved(store.path)["q2"]
    store.reset("q1")
    store.reset("q3")
    data = saved(store.path)
    assert set(data) == {"q1", "q2"}  # q3 had no history: its record is gone
    assert data["q2"] == before_q2
    assert P.clean_record(data["q1"]) == dict(P.fresh_record(), past_attempts=1)


def test_reset_keeps_a_reveal_and_the_attempts_so_no_later_answer_is_a_first_try():
    rec = P.after_check(P.fresh_record(), "B", False)
    rec = P.after_check(rec, "C", False)
    rec = P.after_reveal(rec)
    rec = P.after_reset(rec)
    assert not P.is_answered(rec) and rec["response"] is None and not rec["revealed"]
    assert (rec["past_attempts"], rec["past_revealed"]) == (2, True)
    rec = P.after_check(rec, "A", True)
    assert rec["correct"] and rec["attempts"] == 1 and not rec["first_try"]
    assert P.score({"q": rec}, ["q"]) == {"answered": 1, "first_try": 0, "total": 1}


def test_reset_after_a_reveal_alone_is_remembered():
    rec = P.after_reset(P.after_reveal(P.fresh_record()))
    assert rec["past_revealed"] and rec["past_attempts"] == 0
    assert not P.after_check(rec, "A", True)["first_try"]


def test_resets_add_up_and_a_blank_reset_has_no_record():
    rec = P.after_reset(P.after_check(P.fresh_record(), "B", False))
    rec = P.after_reset(P.after_check(P.after_check(rec, "C", False), "D", False))
    assert rec["past_attempts"] == 3
    assert P.after_reset(P.fresh_record()) is None
    assert P.after_reset(P.after_hint(P.fresh_record(), 2)) is None


def test_a_hand_edited_first_try_after_a_reset_is_not_believed():
    raw = dict(P.fresh_record(), attempts=1, correct=True, first_try=True, past_attempts=2)
    assert not P.clean_record(raw)["first_try"]
    assert P.clean_record({"past_attempts": -1, "past_revealed": "yes"}) == P.fresh_record()


def test_any_unicode_answer_is_saved_and_read_back(store):
    typed = "\u548c\u8c10 <script>\"'\\ \U0001F600 \udc80"
    store.update("q", lambda r: P.after_check(r, typed, False))
    assert P.Store(store.path).record("q")["response"] == typed


def test_no_temporary_file_is_left_after_writes(store):
    for i in range(5):
        store.update(f"q{i}", lambda r: P.after_check(r, "a", True))
    names = sorted(p.name for p in store.path.parent.iterdir())
    assert names == ["progress.json", "progress.json.lock"]


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]",
                                     b'{"questions": []}', b'"just a string"'])
def test_a_damaged_file_is_moved_aside_with_a_warning(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.records() == {}
    aside = store.path.with_name("progress.json.damaged-1")
    assert aside.read_bytes() == content  # nothing is deleted
    assert len(store.warnings) == 1
    assert "moved aside" in store.warnings[0] and "start afresh" in store.warnings[0]
    assert "progress.json.damaged-1" in store.warnings[0]
    store.update("q1", lambda r: P.after_check(r, "a", True))  # the learner carries on
    assert saved(store.path)["q1"]["correct"]


def test_a_second_damaged_file_does_not_overwrite_the_first(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{broken one")
    store.records()
    store.path.write_text("{broken two")
    P.Store(store.path).records()
    assert store.path.with_name("progress.json.damaged-1").read_text() == "{broken one"
    assert store.path.with_name("progress.json.damaged-2").read_text() == "{broken two"


def test_an_empty_file_is_a_fresh_start_without_a_warning(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("")
    assert store.records() == {} and store.warnings == []


def test_a_damaged_record_reads_as_fresh_and_the_others_survive(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"questions": {"q1": "garbage", "q2": {
        "attempts": 1, "correct": True, "first_try": True}}}))
    records = store.records()
    assert records["q1"] == P.fresh_record() and records["q2"]["first_try"]
    assert store.warnings == []


def test_unknown_top_level_fields_are_kept(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"questions": {}, "note": "from a later version"}))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    assert json.loads(store.path.read_text())["note"] == "from a later version"


def test_a_failed_save_is_kept_for_the_session_and_written_with_the_next(store, monkeypatch):
    """Simulates a write failure (a full disk, a read-only folder) at os.replace."""
    real = os.replace
    monkeypatch.setattr(P.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    store.update("q1", lambda r: P.after_check(r, "a", True))
    assert store.record("q1")["correct"]
    assert "could not be saved (No space left on device)" in store.warnings[0]
    assert not store.path.exists()
    monkeypatch.setattr(P.os, "replace", real)
    store.update("q2", lambda r: P.after_check(r, "b", False))
    assert set(saved(store.path)) == {"q1", "q2"}
    assert [p.name for p in store.path.parent.glob("*.tmp")] == []
    assert store.warnings == []  # saved now: the warning is withdrawn


def test_a_lock_held_elsewhere_times_out_into_a_warning(store, monkeypatch):
    monkeypatch.setattr(P, "LOCK_TIMEOUT", 0.2)
    store.path.parent.mkdir(parents=True)
    code = textwrap.dedent(f"""
        import sys, time
        from filelock import FileLock
        with FileLock({str(store.path) + '.lock'!r}):
            print("locked", flush=True)
            time.sleep(30)
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        rec = store.update("q1", lambda r: P.after_check(r, "a", True))
        assert rec["correct"] and "kept the progress file locked" in store.warnings[0]
    finally:
        holder.kill()
        holder.wait()
    store.update("q2", lambda r: r)  # the lock is free again: q1 is written now
    assert set(saved(store.path)) == {"q1", "q2"}


# ---------------------------------------------------------------------------------------
# Two processes at once, and a writer killed in mid-write

WRITER = textwrap.dedent("""
    import json, os, sys, time
    from closereading.quiz import progress as P
    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while not os.path.exists(go):      # start together
        time.sleep(0.001)
    store = P.Store(path)
    start = time.perf_counter()
    for i in range(count):
        store.update(f"{name}-{i}", lambda r, i=i: P.after_check(r, f"answer {i}", i % 2 == 0))
        store.update("shared", lambda r, i=i: P.after_check(r, f"{name} {i}", False))
    print(json.dumps({"seconds": time.perf_counter() - start, "warnings": store.warnings}))
""")


def test_two_processes_writing_200_answers_each_lose_none(tmp_path):
    path = tmp_path / "progress.json"
    go = tmp_path / "go"
    count = 200
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count), str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("first", "second")]
    time.sleep(0.3)
    start = time.perf_counter()
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert err == ""
        results.append(json.loads(out))
    elapsed = time.perf_counter() - start
    records = saved(path)
    for name in ("first", "second"):
        for i in range(count):
            rec = records[f"{name}-{i}"]
            assert rec["attempts"] == 1 and rec["correct"] == (i % 2 == 0), (name, i)
    # Every one of the 400 checks of the shared question was counted: no update was lost.
    assert records["shared"]["attempts"] == 2 * count
    assert len(records) == 2 * count + 1
    assert all(r["warnings"] == [] for r in results)
    writes = 4 * count
    print(f"\nconcurrency: 2 processes x {count} answers (+{count} shared updates each): "
          f"{writes} locked atomic writes in {elapsed:.2f} s "
          f"({writes / elapsed:.0f} writes/s; per process {results[0]['seconds']:.2f} s and "
          f"{results[1]['seconds']:.2f} s); none lost")


KILLED = textwrap.dedent("""
    import os, sys, time
    from closereading.quiz import progress as P
    path, stall_at = sys.argv[1], int(sys.argv[2])
    real_replace = os.replace
    writes = 0
    def slow_replace(src, dst):
        global writes
        writes += 1
        if writes == stall_at:          # the temporary file is written; stop before replacing
            print("mid-write", flush=True)
            time.sleep(60)
        real_replace(src, dst)
    os.replace = slow_replace
    store = P.Store(path)
    for i in range(10 ** 6):
        store.update(f"q{i}", lambda r, i=i: P.after_check(r, f"answer {i}", True))
        print(f"saved q{i}", flush=True)
""")


def test_a_writer_killed_in_mid_write_loses_nothing_saved_before(tmp_path):
    path = tmp_path / "progress.json"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path), "51"],
                            stdout=subprocess.PIPE, text=True)
    confirmed = []
    for line in proc.stdout:
        if line.strip() == "mid-write":
            break
        confirmed.append(line.split()[1])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(confirmed) == 50
    # The half-done write left its temporary file; the progress file itself is whole.
    assert len(list(tmp_path.glob(".progress.json.*.tmp"))) == 1
    records = saved(path)
    assert sorted(records) == sorted(confirmed)
    # The dead writer's lock is gone with it: another writer carries on at once.
    store = P.Store(path)
    store.update("after", lambda r: P.after_check(r, "x", True))
    assert set(saved(path)) == set(confirmed) | {"after"} and store.warnings == []


def test_writers_killed_at_random_moments_never_damage_the_file(tmp_path):
    import random
    path = tmp_path / "progress.json"
    rng = random.Random(7)
    confirmed: set[str] = set()
    for round_ in range(4):
        code = KILLED.replace("q{i}", f"r{round_}-{{i}}")
        proc = subprocess.Popen([sys.executable, "-c", code, str(path), "-1"],
                                stdout=subprocess.PIPE, text=True)
        seen = 0
        target = rng.randint(5, 40)
        for line in proc.stdout:
            confirmed.add(line.split()[1])
            seen += 1
            if seen >= target:
                break
        time.sleep(rng.uniform(0, 0.01))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        records = saved(path)  # always valid JSON
        assert confirmed <= set(records)
