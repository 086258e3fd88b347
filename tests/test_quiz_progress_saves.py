"""The progress store after a failed save, and the atomicity of every write, checked
deterministically (issue 14).

* A failed save keeps the change in memory ("pending"); the next good save writes it and
  must then forget it, or the stale pending record hides every later change: a Reset,
  and the changes another Store (another notebook) makes to the same question.
* Every write must reach the file only through ``os.replace`` of a complete, flushed
  temporary file in the same folder. The tests stop the writer at each step of a write
  (as a kill would) and check that the file on disk is always the old one, whole.
"""

import json
import os
from pathlib import Path

import pytest

from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "data" / "progress.json")


def saved(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))["questions"]


def fail_next_save(monkeypatch):
    """The next write fails as on a full disk; later writes work."""
    real = os.replace

    def refuse(*args):
        monkeypatch.setattr(P.os, "replace", real)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(P.os, "replace", refuse)


def test_failed_save_then_good_save_then_reset_then_a_second_store(store, monkeypatch):
    store.update("q0", lambda r: P.after_check(r, "zero", True))      # saved
    fail_next_save(monkeypatch)
    store.update("q1", lambda r: P.after_check(r, "a", False))        # kept in memory
    assert store.warnings and "could not be saved" in store.warnings[0]
    assert "q1" not in saved(store.path)

    store.update("q2", lambda r: P.after_check(r, "b", True))         # a good save
    assert store.warnings == []
    assert set(saved(store.path)) == {"q0", "q1", "q2"}
    assert saved(store.path)["q1"]["last"] == "a"

    # Reset (issue 8): the answer is cleared, the wrong try is kept as history (and the
    # wrong answer for the teacher's report).
    after = store.reset("q1")
    assert after == store.record("q1") == dict(P.fresh_record(), past_attempts=1,
                                               wrong=["a"])
    assert not P.is_answered(store.records()["q1"])
    assert saved(store.path)["q1"] == after

    other = P.Store(store.path)                                       # a second Store
    assert set(other.records()) == {"q0", "q1", "q2"}
    assert other.record("q1") == after
    other.update("q1", lambda r: P.after_check(r, "c", True))
    other.update("q2", lambda r: P.after_hint(r, 2))
    # The first store sees the second's changes: nothing stale is kept on top.
    assert store.record("q1")["response"] == "c" and store.record("q1")["correct"]
    assert store.record("q2")["hints"] == 2
    store.reset("q2")
    assert not P.is_answered(other.records()["q2"]) and other.record("q2")["hints"] == 0
    assert other.record("q2")["past_attempts"] == 1 and other.record("q1")["correct"]


def test_a_failed_reset_is_kept_and_written_with_the_next_save(store, monkeypatch):
    store.update("q1", lambda r: P.after_check(r, "a", True))
    fail_next_save(monkeypatch)
    reset = dict(P.fresh_record(), past_attempts=1)  # the answer gone, the history kept
    assert store.reset("q1") == reset
    assert store.records()["q1"] == reset            # the reset holds for this session
    assert saved(store.path)["q1"]["correct"]        # ... though the file still has the answer
    store.update("q2", lambda r: P.after_check(r, "b", True))
    assert saved(store.path)["q1"] == reset          # written with the next save
    assert set(saved(store.path)) == {"q1", "q2"}
    other = P.Store(store.path)
    other.update("q1", lambda r: P.after_check(r, "again", True))
    assert store.record("q1")["response"] == "again"


def test_two_failed_saves_then_one_good_save_write_both(store, monkeypatch):
    fail_next_save(monkeypatch)
    store.update("q1", lambda r: P.after_check(r, "a", False))
    fail_next_save(monkeypatch)
    store.update("q1", lambda r: P.after_check(r, "b", False))
    assert store.record("q1")["attempts"] == 2
    store.update("q3", lambda r: P.after_check(r, "x", True))
    assert saved(store.path)["q1"]["attempts"] == 2 and saved(store.path)["q1"]["last"] == "b"
    other = P.Store(store.path)
    other.reset("q1")
    assert store.records()["q1"] == dict(P.fresh_record(), past_attempts=2, wrong=["a", "b"])


# ---------------------------------------------------------------------------------------
# Atomic writes, deterministically


class Killed(BaseException):
    """Stands for the process being killed at that point."""


def _seeded(store):
    store.update("q-old", lambda r: P.after_check(r, "old", True))
    before = store.path.read_bytes()
    assert saved(store.path)["q-old"]["correct"]
    return before


def _after_kill(store, before):
    """The file is the old one, byte for byte, and readable by a new Store."""
    assert store.path.read_bytes() == before
    assert set(P.Store(store.path).records()) == {"q-old"}


@pytest.mark.parametrize("step", ["write", "flush", "fsync", "replace"])
def test_a_write_stopped_at_any_step_leaves_the_old_file_whole(store, monkeypatch, step):
    before = _seeded(store)
    calls = []

    def kill(*args, **kwargs):
        calls.append(step)
        raise Killed()

    if step in ("write", "flush"):
        monkeypatch.setattr(P.os, "fdopen", _fdopen_killing_at(step, kill))
    elif step == "fsync":
        monkeypatch.setattr(P.os, "fsync", kill)
    else:
        monkeypatch.setattr(P.os, "replace", kill)
    with pytest.raises(Killed):
        store.update("q-new", lambda r: P.after_check(r, "new", True))
    assert calls, "the write never reached the step being tested"
    _after_kill(store, before)


def _fdopen_killing_at(step, kill):
    """os.fdopen whose file dies at ``step``: "write" writes the first half of the text
    (and pushes it to the file) before dying; "flush" dies with the text written but not
    yet flushed."""
    real = os.fdopen

    def fdopen(*args, **kwargs):
        return _Dying(real(*args, **kwargs), step, kill)
    return fdopen


class _Dying:
    def __init__(self, fh, step, kill):
        self._fh, self._step, self._kill = fh, step, kill

    def write(self, text):
        if self._step == "write":
            self._fh.write(text[:len(text) // 2])
            self._fh.flush()
            self._kill()
        return self._fh.write(text)

    def flush(self):
        if self._step == "flush":
            self._kill()
        return self._fh.flush()

    def fileno(self):
        return self._fh.fileno()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()
        return False


def test_the_new_file_arrives_whole_by_one_replace_in_the_same_folder(store, monkeypatch):
    """Spies on os.replace: the file is never opened for writing in place; the
    replacement is a complete, synced file beside it."""
    before = _seeded(store)
    real_replace, real_fsync = os.replace, os.fsync
    synced, replaced = [], []

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if Path("/proc/self/fd").exists()
                      else fd)
        return real_fsync(fd)

    def replace(src, dst):
        src, dst = Path(src), Path(dst)
        # At this moment the file itself is still the old one, whole ...
        assert dst == store.path and dst.read_bytes() == before
        # ... and the new one is complete, in the same folder (so the rename is atomic).
        assert src.parent == dst.parent and src != dst
        assert set(json.loads(src.read_text(encoding="utf-8"))["questions"]) == {
            "q-old", "q-new"}
        assert synced, "the temporary file must be synced before it is put in place"
        replaced.append((src, dst))
        return real_replace(src, dst)

    monkeypatch.setattr(P.os, "fsync", fsync)
    monkeypatch.setattr(P.os, "replace", replace)
    store.update("q-new", lambda r: P.after_check(r, "new", True))
    assert len(replaced) == 1
    assert set(saved(store.path)) == {"q-old", "q-new"}
    assert list(store.path.parent.glob("*.tmp")) == []
