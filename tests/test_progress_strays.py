"""A writer killed in mid-write leaves a stray temporary file beside the progress file;
the next store to open the file removes it, but never a file a live writer is using."""

import signal
import subprocess
import sys
import textwrap

from closereading.quiz import progress as P

KILLED = textwrap.dedent("""
    import os, sys, time
    from closereading.quiz import progress as P
    real_replace = os.replace
    def stall(src, dst):                 # the temporary file is written; stop before replacing
        print("mid-write", flush=True)
        time.sleep(60)
    store = P.Store(sys.argv[1])
    store.update("q0", lambda r: P.after_check(r, "first", True))
    os.replace = stall
    store.update("q1", lambda r: P.after_check(r, "second", True))
""")


def strays(folder):
    return sorted(p.name for p in folder.glob(".progress.json.*.tmp"))


def test_a_stray_left_by_a_killed_writer_is_removed_at_the_next_start(tmp_path):
    path = tmp_path / "progress.json"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "mid-write"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert len(strays(tmp_path)) == 1
    other = tmp_path / ".progress.json.keep"      # not a temporary file of ours: kept
    other.write_text("x")
    store = P.Store(path)
    assert strays(tmp_path) == []
    assert other.exists()
    assert set(store.records()) == {"q0"} and store.warnings == []


def test_a_stray_is_not_touched_while_another_writer_holds_the_lock(tmp_path, monkeypatch):
    from filelock import FileLock
    path = tmp_path / "progress.json"
    live = tmp_path / ".progress.json.abc123.tmp"   # as a writer in mid-write has it
    live.write_text("{}")
    with FileLock(str(path) + ".lock"):
        P.Store(path)
        assert live.exists()
    P.Store(path)
    assert not live.exists()


def test_a_store_with_no_stray_takes_no_lock(tmp_path):
    P.Store(tmp_path / "sub" / "progress.json")
    assert not (tmp_path / "sub").exists()
