"""closereading collect and closereading return on home folders made here (the hub test,
tests/hub/, runs them on a real hub)."""

import csv
import json
import os

import pytest

from closereading import hub, identity as I, quiz, submission as S
from closereading.cli import main
from closereading.quiz import progress as P
from quiz_responses import right_response

Q = quiz.load_banks()[0]


def home(root, login, *, answered=True, name=None, raw=None):
    h = root / login
    store_path = h / hub.STORE
    store_path.parent.mkdir(parents=True)
    if raw is not None:
        store_path.write_text(raw)
        return h
    store = P.Store(store_path)
    if answered:
        store.update(Q.id, lambda r: P.after_check(r, right_response(Q), True))
    if name:
        I.remember(store, name, "S-" + login)
    return h


@pytest.fixture
def homes(tmp_path):
    root = tmp_path / "home"
    home(root, "ada", name="Ada Lovelace")
    home(root, "wangf", name="王芳")
    home(root, "bob")                              # never exported: named by the login
    home(root, "cy", raw=json.dumps({"format": P.FORMAT, "version": 2, "questions": {}}))
    (root / "dan").mkdir()                         # never opened the course
    home(root, "eve", raw="{broken")               # a damaged file
    (root / "notes.txt").write_text("not a home")
    return root


def snapshot(root):
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


def test_collect_writes_one_submission_per_learner_and_says_what_it_skipped(homes, tmp_path,
                                                                            capsys):
    before = snapshot(homes)
    out = tmp_path / "collected"
    assert main(["collect", "--out", str(out), "--homes", str(homes / "{login}")]) == 0
    assert snapshot(homes) == before            # nothing in a home was touched
    std = capsys.readouterr()
    assert "collected 3 submissions" in std.out and "4 homes skipped" in std.out
    assert "skipped cy: the progress file holds no answer yet" in std.err
    assert "skipped dan: no progress file" in std.err
    assert "skipped eve: the progress file is damaged" in std.err
    assert "skipped notes.txt: not a folder" in std.err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["closereading-submission-ada-lovelace-ada.json",
                     "closereading-submission-bob.json", "closereading-submission-wangf.json"]
    subs = {json.loads((out / f).read_text())["login"]: json.loads((out / f).read_text())
            for f in files}
    assert subs["ada"]["name"] == "Ada Lovelace" and subs["ada"]["id"] == "S-ada"
    assert subs["bob"]["name"] == "bob" and subs["wangf"]["name"] == "王芳"
    for sub in subs.values():
        assert S.schema_problems(sub) == []
        assert next(e for e in sub["questions"] if e["id"] == Q.id)["correct"] is True


def test_collect_refuses_a_pattern_without_a_login_or_matching_nothing(tmp_path, capsys):
    assert main(["collect", "--out", str(tmp_path / "o"), "--homes", str(tmp_path)]) == 1
    assert "must hold {login} once" in capsys.readouterr().err
    assert main(["collect", "--out", str(tmp_path / "o"), "--homes",
                 str(tmp_path / "none" / "{login}")]) == 1
    assert "no home folder matches" in capsys.readouterr().err


def test_collected_files_of_one_learner_are_one_learner_in_the_report(homes, tmp_path):
    """A learner's own export and the collected file share the login and the store."""
    from closereading import report as R
    out = tmp_path / "collected"
    hub.collect(out, str(homes / "{login}"))
    os.environ["JUPYTERHUB_USER"] = "ada"
    try:
        own = S.export("Ada Lovelace", folder=tmp_path / "own",
                       store=P.Store(homes / "ada" / hub.STORE))
    finally:
        del os.environ["JUPYTERHUB_USER"]
    loaded = R.load([out, own])
    assert len(loaded.accepted) == 3
    assert [r for p, r in loaded.rejected if "same login" in r]


def test_return_puts_each_comment_where_notebook_00_shows_it(homes, tmp_path, capsys,
                                                             monkeypatch):
    comments = tmp_path / "comments.csv"
    with comments.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Login", "ID", "Student", "Comment"])
        w.writerow(["ada", "S-ada", "Ada", "Good reading of 1.2.\nLook again at <b>1.4</b>."])
        w.writerow(["wangf", "", "王芳", "很好"])
        w.writerow(["bob", "", "bob", ""])
        w.writerow(["nobody", "", "X", "Hello"])
        w.writerow(["../etc", "", "X", "Hello"])
    assert main(["return", str(comments), "--homes", str(homes / "{login}")]) == 0
    std = capsys.readouterr()
    assert "returned comments to 2 learners" in std.out
    assert "not returned to bob: no comment" in std.err
    assert "not returned to nobody: no home folder" in std.err
    assert "not returned to ../etc: not a login" in std.err
    saved = json.loads((homes / "ada" / ".local/share/closereading/feedback.json").read_text())
    assert saved["comment"] == "Good reading of 1.2.\nLook again at <b>1.4</b>."
    # the learner's notebook 00: the export box shows it, escaped
    monkeypatch.setenv(P.ENV, str(homes / "ada" / hub.STORE))
    view = S.ExportView(store=P.Store(homes / "ada" / hub.STORE))
    assert "Feedback from your teacher" in view.feedback.value
    assert "Look again at &lt;b&gt;1.4&lt;/b&gt;." in view.feedback.value
    monkeypatch.setenv(P.ENV, str(homes / "bob" / hub.STORE))
    assert S.ExportView(store=P.Store(homes / "bob" / hub.STORE)).feedback.value == ""


def test_return_refuses_a_file_without_the_columns(tmp_path, capsys):
    bad = tmp_path / "c.csv"
    bad.write_text("Name,Text\nada,hi\n")
    assert main(["return", str(bad), "--homes", str(tmp_path / "{login}")]) == 1
    assert "the columns Login and Comment are needed" in capsys.readouterr().err
    bad.write_bytes(b"\xff\xfe")
    assert main(["return", str(bad), "--homes", str(tmp_path / "{login}")]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_the_report_writes_a_comments_form_for_return(homes, tmp_path):
    from closereading import report as R
    out = tmp_path / "collected"
    hub.collect(out, str(homes / "{login}"))
    R.write_report([out], tmp_path / "report")
    rows = list(csv.DictReader((tmp_path / "report" / "comments.csv").open(encoding="utf-8")))
    assert [(r["Login"], r["Student"], r["Comment"]) for r in rows] == [
        ("ada", "Ada Lovelace", ""), ("bob", "bob", ""), ("wangf", "王芳", "")]


def test_a_damaged_or_foreign_feedback_file_shows_nothing(tmp_path):
    progress = tmp_path / "progress.json"
    fb = hub.feedback_path(progress)
    fb.write_text("{oops")
    assert hub.returned_feedback(progress) is None
    fb.write_text(json.dumps({"format": "other", "comment": "x"}))
    assert hub.returned_feedback(progress) is None
    fb.write_text(json.dumps({"format": hub.FEEDBACK_FORMAT, "comment": "ok\x07",
                              "returned_at": "2026-12-01T10:00:00Z"}))
    assert hub.returned_feedback(progress) == {"returned_at": "2026-12-01T10:00:00Z",
                                               "comment": "ok"}
    assert "(returned 2026-12-01)" in hub.returned_feedback_html(progress)


def test_a_learners_symbolic_links_are_never_followed(homes, tmp_path, capsys):
    """As root, collect and return never follow a link a learner made in their home: to
    another learner's progress, or to a folder outside the home."""
    mallory = homes / "mallory"
    (mallory / ".local/share").mkdir(parents=True)
    (mallory / ".local/share/closereading").symlink_to(homes / "ada/.local/share/closereading")
    out = tmp_path / "collected"
    assert main(["collect", "--out", str(out), "--homes", str(homes / "{login}")]) == 0
    assert "skipped mallory: " in capsys.readouterr().err
    assert not any("mallory" in p.name for p in out.iterdir())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    eve = homes / "trudy"
    (eve / ".local/share").mkdir(parents=True)
    (eve / ".local/share/closereading").symlink_to(elsewhere)
    comments = tmp_path / "c.csv"
    comments.write_text("Login,Comment\ntrudy,hello\n", encoding="utf-8")
    assert main(["return", str(comments), "--homes", str(homes / "{login}")]) == 0
    assert "is a symbolic link: not followed" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_comment_at_the_limit_is_returned_and_one_over_it_is_not(homes, tmp_path):
    from closereading.feedback import MAX_COMMENT
    comments = tmp_path / "c.csv"
    with comments.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Login", "Comment"])
        w.writerow(["ada", "a" * MAX_COMMENT])
        w.writerow(["wangf", "b" * (MAX_COMMENT + 1)])
    done = hub.give_back(comments, pattern=str(homes / "{login}"))
    assert [login for login, _ in done.done] == ["ada"]
    assert done.skipped == [("wangf", f"the comment is {MAX_COMMENT + 1:,} characters; at "
                                      f"most {MAX_COMMENT:,}")]
    saved = json.loads((homes / "ada" / ".local/share/closereading/feedback.json").read_text())
    assert saved["comment"] == "a" * MAX_COMMENT


def test_a_progress_file_another_user_owns_is_not_collected(homes):
    """As root, collect reads a home's progress file only if the home's owner owns it (a
    file another user placed there, or linked in by a hard link, is not the learner's).
    The home here reports an owner other than the file's."""
    st = (homes / "ada").stat()

    class OtherOwner(type(homes)):
        def stat(self, *args, **kwargs):
            real = super().stat(*args, **kwargs)
            fields = list(real[:10])
            fields[4] = real.st_uid + 1            # st_uid
            return os.stat_result(fields)

    assert hub.read_store(homes / "ada" / hub.STORE, homes / "ada")[1] == ""
    other = OtherOwner(homes / "ada")
    assert other.stat().st_uid == st.st_uid + 1
    assert hub.read_store(homes / "ada" / hub.STORE, other) == (
        None, "the progress file does not belong to the home's owner")
