"""Every file the course writes for a learner or a teacher is written whole, to a new file
put in place (os.replace), never rewritten in place: a write in place that is interrupted
leaves half a file, and one made through a hard link changes the linked file too (as root,
``closereading return`` would write into whatever file a learner linked feedback.json to).
Each test links the target to another file first and checks that file is left alone."""

import csv
import json
import os

from closereading import hub, submission as S
from closereading.feedback import feedback_path
from closereading.quiz import progress as P


def linked(tmp_path, text: str):
    other = tmp_path / "other.txt"
    other.write_text(text, encoding="utf-8")
    return other


def test_a_submission_replaces_the_file_it_writes_to(tmp_path):
    other = linked(tmp_path, "the learner's own notes\n")
    target = tmp_path / "out" / "closereading-submission-ada.json"
    target.parent.mkdir()
    os.link(other, target)
    store = P.Store(tmp_path / "progress.json")
    written = S.export("Ada", out=target, store=store)
    assert written == target
    assert other.read_text(encoding="utf-8") == "the learner's own notes\n"
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "Ada"
    assert not os.path.samefile(other, target)


def test_the_progress_store_replaces_its_file_on_every_save(tmp_path):
    first = P.Store(tmp_path / "first.json")
    first.update("q1", lambda r: {**r, "attempts": 1})
    kept = first.path.read_bytes()
    target = tmp_path / "progress.json"
    os.link(first.path, target)
    store = P.Store(target)
    store.update("q2", lambda r: {**r, "attempts": 2})
    assert first.path.read_bytes() == kept
    assert set(json.loads(target.read_text(encoding="utf-8"))["questions"]) == {"q1", "q2"}
    assert not os.path.samefile(first.path, target)


def test_returned_feedback_replaces_a_file_linked_elsewhere(tmp_path):
    root = tmp_path / "home"
    home = root / "ada"
    target = feedback_path(home / hub.STORE)
    target.parent.mkdir(parents=True)
    other = linked(home, "a file of the learner's, linked as feedback.json\n")
    os.link(other, target)
    comments = tmp_path / "comments.csv"
    with open(comments, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Login", "Comment"])
        w.writerow(["ada", "Well read."])
    done = hub.give_back(comments, pattern=str(root / "{login}"))
    assert [login for login, _ in done.done] == ["ada"]
    assert other.read_text(encoding="utf-8") == "a file of the learner's, linked as feedback.json\n"
    assert json.loads(target.read_text(encoding="utf-8"))["comment"] == "Well read."
