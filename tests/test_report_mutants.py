"""The class report, in detail (issue 14, mutation testing of ``closereading/report.py``):
each reason a file is left out, word for word; duplicates; the wrong answers of every
question type; the figures of a small class worked out by hand; the CSV cells; the page.

Every fixture here is function-scoped and the classes are small, so that each test runs
in a second and mutmut links each test to the code it calls."""

import os
import csv
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from closereading import exercise_progress as EP, quiz, report as R, submission as S
from closereading.quiz import progress as P
from quiz_responses import right_response

T0 = datetime(2026, 11, 30, 9, 0, 0, tzinfo=timezone.utc)
EX1 = "01-harmonious-world/count-should"
EX2 = "01-harmonious-world/share-should"


def bank():
    return quiz.load_banks()


def first(type_):
    return next(q for q in bank() if q.type == type_)


def submission(tmp_path, name, sid="", questions=None, exercises=None, reading=None,
               minutes=0) -> dict:
    """A submission as `closereading export` writes it, from a progress file made here."""
    store = P.Store(tmp_path / "stores" / f"{name}-{sid}-{minutes}.json")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"format": P.FORMAT, "version": 2,
                                      "questions": questions or {},
                                      "exercises": exercises or {},
                                      "reading": reading or {}}))
    return S.collect(name, sid, store=store, now=T0 + timedelta(minutes=minutes))


def write(folder: Path, file: str, sub: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    path.write_text(S.dumps(sub), encoding="utf-8")
    return path


def right(q):
    return P.after_check(P.fresh_record(), right_response(q), True)


def wrong_then_right(q, wrong):
    return P.after_check(P.after_check(P.fresh_record(), wrong, False), right_response(q), True)


# ---------------------------------------------------------------------------------------
# Reading one file: every reason, word for word


def test_a_good_file_is_read_with_its_digest(tmp_path):
    path = write(tmp_path, "a.json", submission(tmp_path, "Ada", "s1"))
    sub, reason = R.read_one(path)
    assert reason is None and sub.path == path
    assert sub.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (sub.name, sub.student_id) == ("Ada", "s1")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b" \n\t ", "empty file"),
    (b'{"name": "L\xe9a"}', "not UTF-8 text"),
    (b'{"name": "Ada", ', "not valid JSON (the file looks truncated): Expecting property "
                         "name enclosed in double quotes at line 1"),
    (b'{"a": 1,\n "b": }', "not valid JSON: Expecting value at line 2"),
    (b"[1, 2]", 'not a closereading submission (no "format": "closereading-submission")'),
    (b'{"format": "other"}', 'not a closereading submission (no "format": '
                             '"closereading-submission")'),
    (b'{"format": "closereading-submission"}', "schema version null; this report reads "
                                               "version 1 (export again with this course's "
                                               "version)"),
    (b'{"format": "closereading-submission", "schema_version": "' + b"9" * 40 + b'"}',
     'schema version "9999999999999999999; this report reads version 1 (export again '
     "with this course's version)"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON: nested too deeply"),
])
def test_each_bad_file_has_its_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert R.read_one(path) == (None, reason)


def test_a_missing_file_and_a_folder_named_as_a_file(tmp_path):
    assert R.read_one(tmp_path / "nope.json") == (None, "no such file")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert R.read_one(folder) == (None, "is a folder, not a regular file")


def test_a_file_that_cannot_be_stated_says_why(tmp_path):
    long_name = tmp_path / ("x" * 300 + ".json")
    assert R.read_one(long_name) == (None, "cannot be read (File name too long)")


def test_a_file_over_the_cap_is_refused_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 1001)
    assert R.read_one(path) == (None, "too large: 1,001 bytes, over the cap of 1,000")
    path.write_bytes(b" " * 1000)
    assert R.read_one(path) == (None, "empty file")


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_BYTES", 1000)
    path = tmp_path / "growing.json"
    path.write_bytes(b"{}")
    real_open, real_fstat = os.open, os.fstat
    opened = []

    def grown(p, *a, **k):
        fd = real_open(p, *a, **k)
        if Path(p) == path:
            opened.append(fd)
            path.write_bytes(b" " * 1001)
        return fd

    def stale(fd):   # the size seen when the file was opened, before it grew
        st = real_fstat(fd)
        if fd in opened:
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid,
                                   st.st_gid, 2, st.st_atime, st.st_mtime, st.st_ctime))
        return st
    monkeypatch.setattr(os, "open", grown)
    monkeypatch.setattr(os, "fstat", stale)
    assert R.read_one(path) == (None, "too large: over the cap of 1,000 bytes")


def test_the_default_cap_is_two_megabytes():
    assert R.MAX_BYTES == 2_000_000 and R.MAX_FILES == 2000 and R.TOP_WRONG == 3


def test_a_schema_problem_is_given_in_full(tmp_path):
    sub = submission(tmp_path, "Ada")
    sub["name"] = ""
    del sub["records"]
    path = tmp_path / "x.json"
    path.write_text(json.dumps(sub))
    assert R.read_one(path) == (None, "does not match the submission schema: at the top "
                                      "level: 'records' is a required property; at name: '' "
                                      "should be non-empty")


# ---------------------------------------------------------------------------------------
# Many files: folders, the cap on files, duplicates


def test_a_folder_gives_its_json_files_in_order_and_a_file_is_taken_as_given(tmp_path):
    d = tmp_path / "d"
    (d / "sub.json").mkdir(parents=True)
    for name in ("b.json", "A.JSON", "c.txt", "a.json"):
        (d / name).write_text("{}")
    other = tmp_path / "other.txt"
    assert R._files([d, str(other)]) == [d / "A.JSON", d / "a.json", d / "b.json", other]


def test_more_files_than_the_cap_are_left_out_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_FILES", 2)
    d = tmp_path / "subs"
    for i in range(3):
        write(d, f"{i}.json", submission(tmp_path, f"L{i}"))
    loaded = R.load([d])
    assert [s.name for s in loaded.accepted] == ["L0", "L1"]
    assert loaded.rejected == [(str(d / "2.json"), "more than 2 files given")]


def test_duplicates_the_same_bytes_and_an_earlier_export(tmp_path):
    d = tmp_path / "subs"
    early = write(d, "1-early.json", submission(tmp_path, "Ada  Lovelace", "S1", minutes=1))
    same = write(d, "2-same.json", json.loads(early.read_text()))
    late = write(d, "3-late.json", submission(tmp_path, "ada lovelace", "s1 ", minutes=5))
    older = write(d, "4-older.json", submission(tmp_path, "ADA LOVELACE", "s1", minutes=0))
    other = write(d, "5-other.json", submission(tmp_path, "Ada Lovelace", "s2", minutes=0))
    loaded = R.load([d])
    assert [s.path for s in loaded.accepted] == [late, other]
    why = "the same ID \u2018s1\u2019"   # IDs are compared without case or spaces
    assert loaded.rejected == [
        (str(same), f"duplicate: the same file as {early}"),
        (str(older), f"duplicate: an earlier export of the same learner ({why}) as {late} "
                     "(the latest is kept)"),
        (str(early), f"duplicate: an earlier export of the same learner ({why}) as {late} "
                     "(the latest is kept)"),
    ]
    notes = {}
    for path, note in loaded.identity_notes:
        notes.setdefault(path, []).append(note)
    assert notes[str(late)][0] == (f"kept this file, exported {T0 + timedelta(minutes=5):%Y-%m-%dT%H:%M:%SZ}, "
                                f"the latest of 3 files of the same learner ({why}); left out: "
                                "4-older.json, 1-early.json")
    assert notes[str(late)][1:] == ["shares the name with 1 other learner; told apart by "
                                    f"ID \u2018{' '.join('s1 '.split())}\u2019"]
    assert notes[str(other)] == ["shares the name with 1 other learner; told apart by ID "
                                 "\u2018s2\u2019"]


def test_the_same_name_alone_never_makes_two_files_one_learner(tmp_path):
    d = tmp_path / "subs"
    a = write(d, "a.json", submission(tmp_path, "Chen Wei", "", minutes=1))
    b = write(d, "b.json", submission(tmp_path, "Chen  wei", "", minutes=2))
    loaded = R.load([d])
    assert [s.path for s in loaded.accepted] == [a, b] and loaded.rejected == []
    notes = dict(loaded.identity_notes)
    for path in (a, b):
        assert notes[str(path)] == ("shares the name with 1 other learner, and the file has "
                                    "no login, ID or store identifier: both are kept; check "
                                    "by hand whether they are one learner")


def test_the_same_time_keeps_the_first_file(tmp_path):
    d = tmp_path / "subs"
    a = write(d, "a.json", submission(tmp_path, "Ada", "1", minutes=3))
    sub = submission(tmp_path, "Ada", "1", minutes=3)
    sub["course_version"] = "0.0.9"   # other bytes, the same learner and time
    b = write(d, "b.json", sub)
    loaded = R.load([d])
    assert [s.path for s in loaded.accepted] == [a]
    assert loaded.rejected == [(str(b), "duplicate: an earlier export of the same learner "
                                         f"(the same ID \u20181\u2019) as {a} (the latest is kept)")]


def test_a_learners_key_ignores_case_and_spaces():
    sub = R.Submission(Path("x"), {"name": " Ada   LOVELACE ", "id": " S1 "}, "d")
    assert sub.key() == ("ada lovelace", "s1")
    assert R.Submission(Path("x"), {"name": "Ada"}, "d").student_id == ""


# ---------------------------------------------------------------------------------------
# Wrong answers, per type


def test_wrong_labels_of_a_single_choice():
    q = first("single")
    wrong = next(o for o in q.options if o != q.answer)
    assert R._wrong_labels(q, wrong) == [wrong]
    assert R._wrong_labels(q, q.answer) == []
    assert R._wrong_labels(q, "not an option") == []
    assert R._wrong_labels(q, [wrong]) == []
    e = first("evidence")
    other = next(o for o in e.options if o != e.answer)
    assert R._wrong_labels(e, other) == [other]


def test_wrong_labels_of_a_multiple_choice():
    q = first("multiple")
    bad = [o for o in q.options if o not in q.answer]
    assert R._wrong_labels(q, [q.answer[0], bad[0], "nonsense", 3, bad[1]]) == [bad[0], bad[1]]
    assert R._wrong_labels(q, bad[0]) == []
    assert R._wrong_labels(q, list(q.answer)) == []


def test_wrong_labels_of_true_false():
    q = first("true-false")
    assert R._wrong_labels(q, not q.answer) == [str(not q.answer)]
    assert R._wrong_labels(q, q.answer) == []
    assert R._wrong_labels(q, "False") == [] and R._wrong_labels(q, 0) == []


def test_wrong_labels_of_a_text_answer():
    q = first("text")
    assert R._wrong_labels(q, "  peaceful\n  rise  ") == ["peaceful rise"]
    assert R._wrong_labels(q, "x" * 130) == ["x" * 120]
    assert R._wrong_labels(q, "   ") == [] and R._wrong_labels(q, 5) == []
    assert R._wrong_labels(q, "...") == []     # nothing left once normalised


def test_wrong_labels_of_a_match():
    q = first("match")
    (l1, r1), (l2, r2) = q.answer[0], q.answer[1]
    response = {left: right for left, right in q.answer}
    response.update({l1: r2, l2: 7})
    assert R._wrong_labels(q, response) == [f"{l1} \u2192 {r2}"]
    assert R._wrong_labels(q, dict(q.answer)) == []
    assert R._wrong_labels(q, [l1, r2]) == []


def test_wrong_labels_of_an_order():
    q = first("order")
    response = list(reversed(q.answer))
    assert R._wrong_labels(q, response) == [" / ".join(response)]
    assert R._wrong_labels(q, ["y" * 150, "z" * 150]) == [("y" * 150 + " / " + "z" * 150)[:200]]
    assert R._wrong_labels(q, ["a", 1]) == [] and R._wrong_labels(q, "a / b") == []


# ---------------------------------------------------------------------------------------
# The figures of a small class, by hand


def small_class(tmp_path):
    """Three learners. Question 1 (single): Ada right at once, Bo wrong then right, Cy
    wrong (twice, two wrong options). A true-false question: Bo wrong, Ada shown the
    answer after a hint, before she answered. Exercises: Ada passes count-should with 2 hints; Bo fails it with
    the "substring" mistake and shows the solution; Cy only asked a hint of share-should.
    Reading: Ada and Bo wrote a response to 1.2; Bo opened the notes of 1.4 without
    writing one (a record with no text), which is not a response."""
    b = bank()
    q1, tf = b[0], first("true-false")
    w1, w2 = [o for o in q1.options if o != q1.answer][:2]
    cy = P.after_check(P.after_check(P.fresh_record(), w1, False), w2, False)
    tf_ada = {**P.after_check(P.fresh_record(), tf.answer, True), "hints": 1, "revealed": True,
              "revealed_after": 0, "first_try": False}
    subs = {
        "ada": submission(tmp_path, "Ada", "1", {q1.id: right(q1), tf.id: tf_ada},
                          {EX1: {**EP.fresh(), "status": "correct", "attempts": 1,
                                 "hints": 2, "correct": True}},
                          {"1.2": {"text": "pairs", "saved": True}}),
        "bo": submission(tmp_path, "Bo", "2", {q1.id: wrong_then_right(q1, w1),
                                               tf.id: P.after_check(P.fresh_record(),
                                                                    not tf.answer, False)},
                         {EX1: {**EP.fresh(), "status": "incorrect", "attempts": 3,
                                "failures": 3, "diagnoses": ["substring", "case"],
                                "solution": True}},
                         {"1.2": {"text": "x", "saved": True}, "1.3": {},
                          "1.4": {"text": "", "saved": False, "revealed": True},
                          "1.5": {"text": " \n ", "saved": False}, "1.6": {"text": 3}}),
        "cy": submission(tmp_path, "Cy", "3", {q1.id: cy},
                         {EX2: {**EP.fresh(), "hints": 1}}),
    }
    d = tmp_path / "subs"
    for name, sub in subs.items():
        write(d, f"{name}.json", sub)
    return d, q1, tf, w1, w2


def test_the_figures_of_a_small_class(tmp_path):
    d, q1, tf, w1, w2 = small_class(tmp_path)
    stats = R.analyse(R.load([d]))
    assert stats["size"] == 3
    st = stats["per_q"][q1.id]
    assert (st["answered"], st["first_try"], st["correct"], st["revealed"], st["hints"]) == \
        (3, 1, 2, 0, 0)
    assert st["wrong"] == {w1: 2, w2: 1}     # Cy counts once for w1, though twice wrong
    t = stats["per_q"][tf.id]
    assert (t["answered"], t["first_try"], t["correct"], t["revealed"], t["hints"]) == \
        (2, 0, 1, 1, 1)
    assert t["wrong"] == {str(not tf.answer): 1}
    ex = stats["exercises"]
    assert ex[EX1] == {"attempted": 2, "passed": 1, "hints": 2, "solutions": 1,
                       "diagnoses": {"substring": 1, "case": 1}}
    assert ex[EX2] == {"attempted": 0, "passed": 0, "hints": 1, "solutions": 0,
                       "diagnoses": {}}
    assert stats["diagnoses"] == {"substring": 1, "case": 1}
    assert stats["reading"] == {"1.2": 2}
    assert stats["unknown_ids"] == []
    from closereading.course import load_course
    assert stats["stems"][0] == "00-start-here"
    assert len(stats["notebooks"]) == len(load_course().notebooks)
    nb0 = stats["per_nb"]["00-start-here"]
    n0 = len(bank().for_notebook("00-start-here"))
    assert nb0["questions"] == n0 and nb0["complete"] == 0
    in0 = [q.id for q in bank().for_notebook("00-start-here")]
    ada_answered = sum(x in in0 for x in (q1.id, tf.id))
    assert sorted(nb0["answered_share"]) == sorted(
        [ada_answered / n0, ada_answered / n0, (q1.id in in0) / n0])


def _grades(stats) -> dict:
    from closereading import grades as G
    table = G.table(stats["rows"], stats["tasks"])
    return {row[0]: dict(zip(table[0], row)) for row in table[1:]}


def test_the_grade_of_a_notebook_is_the_share_answered_correctly(tmp_path):
    d, q1, tf, *_ = small_class(tmp_path)
    stats = R.analyse(R.load([d]))
    rows = _grades(stats)
    nb = q1.notebook[:2]
    n = len(bank().for_notebook(q1.notebook))
    ada_own = 1   # the true-false question was right only after Show answer
    assert rows["Ada"][f"{nb} quiz (%)"] == f"{100 * ada_own / n:.1f}"
    assert rows["Ada"][f"{nb} first try (%)"] == f"{100 / n:.1f}"
    assert rows["Ada"][f"{tf.notebook[:2]} shown"] == "1"
    assert rows["Cy"][f"{nb} quiz (%)"] == "0.0"
    assert rows["Ada"]["ID"] == "1" and rows["Ada"]["Login"] == ""
    # Bo never opened 02: blank, not 0
    assert rows["Bo"]["02 quiz (%)"] == "" and rows["Bo"]["01 responses"] == "1"


def test_a_notebook_is_complete_when_every_question_is_answered(tmp_path):
    qs = bank().for_notebook("00-start-here")
    all_right = {q.id: right(q) for q in qs}
    d = tmp_path / "subs"
    write(d, "a.json", submission(tmp_path, "Ada", "", all_right))
    write(d, "b.json", submission(tmp_path, "Bo", "", dict(list(all_right.items())[:1])))
    stats = R.analyse(R.load([d]))
    nb = stats["per_nb"]["00-start-here"]
    assert nb["complete"] == 1 and sorted(nb["answered_share"]) == [1 / len(qs), 1.0]
    assert {k: r["00 quiz (%)"] for k, r in _grades(stats).items()} == {
        "Ada": "100.0", "Bo": f"{100 / len(qs):.1f}"}


def test_a_wrong_answer_without_the_list_of_wrongs_is_the_last_response(tmp_path):
    q1 = bank()[0]
    w1 = next(o for o in q1.options if o != q1.answer)
    sub = submission(tmp_path, "Ada", "", {q1.id: P.after_check(P.fresh_record(), w1, False)})
    sub["questions"][0]["wrong"] = []
    write(tmp_path / "s", "a.json", sub)
    stats = R.analyse(R.load([tmp_path / "s"]))
    assert stats["per_q"][q1.id]["wrong"] == {w1: 1}
    # A file edited to say "correct" is graded by its answer: still wrong
    sub["questions"][0].update(correct=True)
    write(tmp_path / "t", "a.json", sub)
    assert R.analyse(R.load([tmp_path / "t"]))["per_q"][q1.id]["wrong"] == {w1: 1}
    # an answer the current key calls right is not among the wrong ones
    sub["questions"][0].update(response=q1.answer, wrong=[w1], correct=True, attempts=2)
    write(tmp_path / "u", "a.json", sub)
    assert R.analyse(R.load([tmp_path / "u"]))["per_q"][q1.id]["wrong"] == {w1: 1}


def test_questions_of_another_course_version_are_listed_apart(tmp_path):
    sub = submission(tmp_path, "Ada")
    extra = {**sub["questions"][0], "id": "zz-gone"}
    sub["questions"].append(extra)
    sub["questions"].append({**extra, "id": "aa-gone", "answered": True, "correct": True})
    write(tmp_path / "s", "a.json", sub)
    stats = R.analyse(R.load([tmp_path / "s"]))
    assert stats["unknown_ids"] == ["aa-gone", "zz-gone"]
    assert "aa-gone" not in stats["per_q"]
    html = R.render_html(stats, R.load([tmp_path / "s"]), [])
    assert ("<p>Questions in submissions that this course does not have (another version of "
            "the course), left out of the table: <code>aa-gone</code>, <code>zz-gone</code>."
            "</p>") in html


def test_long_keys_of_exercises_and_reading_are_cut(tmp_path):
    sub = submission(tmp_path, "Ada", "", {}, {"k" * 200: {**EP.fresh(), "attempts": 1}},
                     {"p" * 50: {"text": "x"}})
    write(tmp_path / "s", "a.json", sub)
    stats = R.analyse(R.load([tmp_path / "s"]))
    assert list(stats["exercises"]) == ["k" * 120]
    assert stats["reading"] == {"p" * 40: 1}


def test_an_exercise_record_is_read_through_its_cleaner():
    assert R._exercise_view({"attempts": 2, "correct": True, "hints": 1, "solution": True,
                             "diagnoses": ["a", 3]}) == {
        "attempted": True, "passed": True, "hints": 1, "solution": True, "diagnoses": ["a"]}
    assert R._exercise_view("junk") == {"attempted": False, "passed": False, "hints": 0,
                                        "solution": False, "diagnoses": []}


# ---------------------------------------------------------------------------------------
# The CSV


@pytest.mark.parametrize("value, cell", [
    (None, ""), ("", ""), (3.5, "3.5"), ("Ada", "Ada"),
    ("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("|x", "'|x"), ("%x", "'%x"), ("\rx", " x"), ("a\r\nb\nc\rd", "a b c d"),
    ("\r\n=1", "' =1"), ("a=1", "a=1"),
])
def test_csv_cells(value, cell):
    assert R.csv_cell(value) == cell


def test_the_grades_file_sorted_by_name_then_id(tmp_path):
    from closereading import grades as G
    tasks = [G.NotebookTasks("00", "00-a", "A", ("q",)), G.NotebookTasks("01", "01-b", "B")]
    def row(name, sid, opened):
        work = G.Work()
        if opened:
            work.entries["q"] = {"answered": True}
            work.outcomes["q"] = type("O", (), {"own": True, "first_try": False,
                                               "shown": False})()
        return G.Row(name, sid, "", "", work)
    stats = {"rows": [row("bo", "2", True), row("Bo", "1", False), row("=Ada", "-3", True)],
             "tasks": tasks}
    path = R.write_grades(stats, tmp_path / "grades.csv")
    assert path == tmp_path / "grades.csv"
    heads = ",".join(f"{nb} {c}" for nb in ("00", "01") for c in
                     ("quiz (%)", "first try (%)", "shown", "responses", "annotations",
                      "discussion"))
    assert path.read_bytes() == (f"Student,ID,Login,{heads}\r\n"
                                 "'=Ada,'-3,,100.0,0.0,0,,,,,,,,,\r\n"
                                 "Bo,1,,,,,,,,,,,,,\r\nbo,2,,100.0,0.0,0,,,,,,,,,\r\n").encode()
    R.write_grades(stats, tmp_path / "grades.csv", bom=True)
    assert (tmp_path / "grades.csv").read_bytes().startswith(b"\xef\xbb\xbfStudent,ID")


# ---------------------------------------------------------------------------------------
# The page


def test_pct_and_chart_labels():
    assert R._pct(1, 3) == "33%" and R._pct(2, 3) == "67%" and R._pct(0, 0) == "n/a"
    assert R._chart_label("  a\n b ") == "a b"
    assert R._chart_label("cost $5 $6") == "cost \uff045 \uff046"
    assert R._chart_label("x" * 30) == "x" * 30
    assert R._chart_label("x" * 31) == "x" * 29 + "\u2026"
    assert R._chart_label("y" * 70, 60) == "y" * 59 + "\u2026"


def test_a_table_has_its_caption_headers_and_numeric_cells():
    html = R._table("Cap <1>", ["A&B", "N"], [["x", "3"], ["y", "4"]], numeric=(1,))
    assert html == ('<table><caption>Cap &lt;1&gt;</caption><thead><tr><th scope="col">'
                    'A&amp;B</th><th scope="col">N</th></tr></thead><tbody><tr><td>x</td>'
                    '<td class="n">3</td></tr><tr><td>y</td><td class="n">4</td></tr></tbody>'
                    "</table>")


def test_the_page_of_a_small_class(tmp_path):
    d, q1, tf, w1, w2 = small_class(tmp_path)
    (d / "broken.json").write_text("{")
    loaded = R.load([d])
    stats = R.analyse(loaded)
    from closereading import report_pages as RP
    html = R.render_html(stats, loaded, [], RP.people(stats, loaded))
    from closereading import __version__
    from closereading.html import esc
    assert html.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                           '<meta name="viewport" content="width=device-width, '
                           'initial-scale=1"><title>Class report</title><style>')
    assert html.endswith("</main></body></html>\n")
    assert (f"<h1>Class report</h1><p>Built by closereading {__version__} from "
            "<strong>3</strong> submissions (1 file left out, listed at the end).</p>") in html
    assert f"<p>Course versions of the submissions: {__version__} (3).</p>" in html
    n0 = len(bank().for_notebook("00-start-here"))
    row = ('<tr><td>00-start-here</td><td>Start here</td><td class="n">'
           f'{n0}</td><td class="n">')
    assert row in html
    assert '<td class="n">0 of 3</td>' in html
    assert (f'<tr><td>Q1</td><td>{esc(q1.notebook[:2])}</td><td>{esc(q1.prompt)}<br><small>'
            f'<code>{esc(q1.id)}</code></small></td><td class="n">3 of 3</td>'
            f'<td class="n">33%</td><td class="n">0 / 0</td>'
            f"<td>\u201c{esc(w1)}\u201d (2); \u201c{esc(w2)}\u201d (1)</td></tr>") in html
    assert '<td class="n">0 of 3</td><td class="n">n/a</td><td class="n">0 / 0</td><td>none</td>' in html
    assert (f'<tr><td><code>{EX1}</code></td><td class="n">2</td><td class="n">1</td>'
            '<td class="n">50%</td><td class="n">2</td><td class="n">1</td>'
            "<td>case (1), substring (1)</td></tr>") in html or \
           (f'<tr><td><code>{EX1}</code></td><td class="n">2</td><td class="n">1</td>'
            '<td class="n">50%</td><td class="n">2</td><td class="n">1</td>'
            "<td>substring (1), case (1)</td></tr>") in html
    assert (f'<tr><td><code>{EX2}</code></td><td class="n">0</td><td class="n">0</td>'
            '<td class="n">n/a</td><td class="n">1</td><td class="n">0</td><td>none</td></tr>') in html
    assert "<caption>Diagnoses met most, over every exercise</caption>" in html
    assert ("<h2>Reading responses</h2>\n<table><caption>Learners who wrote a response, per "
            'paragraph</caption><thead><tr><th scope="col">Paragraph</th><th scope="col">'
            'Learners</th></tr></thead><tbody><tr><td><a href="paragraphs/1.2.html">1.2</a>'
            '</td><td class="n">2</td></tr></tbody></table>') in html
    assert '<h2 id="learners">Learners</h2>' in html
    assert html.index('<td><a href="learners/ada-1.html">Ada</a></td>') < html.index(
        '<td><a href="learners/bo-2.html">Bo</a></td>') < html.index(
        '<td><a href="learners/cy-3.html">Cy</a></td>')
    assert ("<h2>Files left out</h2>\n<ul><li><code>broken.json</code>: not valid JSON (the "
            "file looks truncated): Expecting property name enclosed in double quotes at "
            "line 1</li></ul>") in html
    assert "<h2>Exercises</h2>" in html and "No exercise results" not in html


def test_the_page_of_one_learner_without_exercises_or_left_out_files(tmp_path):
    write(tmp_path / "s", "a.json", submission(tmp_path, "<i>Ada</i>", "=1"))
    loaded = R.load([tmp_path / "s"])
    stats = R.analyse(loaded)
    from closereading import report_pages as RP
    html = R.render_html(stats, loaded, [], RP.people(stats, loaded))
    assert "from <strong>1</strong> submission (0 files left out, listed at the end)." in html
    assert "<h2>Exercises</h2>\n<p>No exercise results in these submissions.</p>" in html
    assert "Reading responses" not in html and "<figure>" not in html
    assert "<h2>Files left out</h2>\n<p>None: every file was read.</p>" in html
    assert '<td><a href="learners/i-ada-i-1.html">&lt;i&gt;Ada&lt;/i&gt;</a></td><td>=1</td>' in html
    assert "<i>Ada</i>" not in html


def test_an_empty_class_has_a_page_without_versions(tmp_path):
    loaded = R.Loaded()
    html = R.render_html(R.analyse(loaded), loaded, [])
    assert "from <strong>0</strong> submissions (0 files left out" in html
    assert "Course versions" not in html
    assert '<td class="n">0%</td><td class="n">0 of 0</td>' in html


def test_a_figure_has_its_alt_text_and_caption_escaped(tmp_path):
    write(tmp_path / "s", "a.json", submission(tmp_path, "Ada"))
    loaded = R.load([tmp_path / "s"])
    charts = [{"file": "completion.png", "title": "T<1>", "alt": 'A "q"', "caption": "C&D"}]
    html = R.render_html(R.analyse(loaded), loaded, charts)
    assert ('<figure><img src="completion.png" alt="A &quot;q&quot;"><figcaption><strong>'
            "T&lt;1&gt;.</strong> C&amp;D</figcaption></figure>") in html
    assert html.count("<figure>") == 1


def test_the_charts_of_a_small_class_say_in_words_what_they_show(tmp_path):
    d, q1, tf, *_ = small_class(tmp_path)
    stats = R.analyse(R.load([d]))
    out = tmp_path / "out"
    out.mkdir()
    charts = R._charts(stats, out)
    assert [c["file"] for c in charts] == ["completion.png", "first-try.png", "exercises.png"]
    for c in charts:
        assert (out / c["file"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    completion, first_try, exercises = charts
    assert completion["title"] == "Questions answered, per notebook"
    assert completion["alt"].startswith("Bar chart of the share of each notebook's questions "
                                        "the class answered: 00-start-here ")
    shares = {s: sum(stats["per_nb"][s]["answered_share"]) / 3 * 100 for s in stats["stems"]}
    assert completion["alt"] == ("Bar chart of the share of each notebook's questions the "
                                 "class answered: " + ", ".join(
                                     f"{s} {v:.0f}%" for s, v in shares.items()) + ".")
    best = max((v, s) for s, v in shares.items())
    worst = min((v, s) for s, v in shares.items())
    assert completion["caption"] == (f"On average the class answered most in {best[1]} "
                                     f"({best[0]:.0f}%) and least in {worst[1]} "
                                     f"({worst[0]:.0f}%).")
    assert first_try["title"] == "First-try rate of each question"
    ids = list(stats["per_q"])
    n1, nt = ids.index(q1.id) + 1, ids.index(tf.id) + 1
    lows = sorted([(100 / 3, n1, q1.id), (0.0, nt, tf.id)])
    assert first_try["alt"] == ("Horizontal bar chart of the first-try rate of each answered "
                                "question; the lowest are " + ", ".join(
                                    f"question {n} ({qid}) {r:.0f}%" for r, n, qid in lows) + ".")
    assert first_try["caption"] == ("The shortest bars are the questions to revisit in class: "
                                    + ", ".join(f"Q{n} ({r:.0f}%)" for r, n, _ in lows)
                                    + ". Question numbers are those of the table below.")
    assert exercises == {"file": "exercises.png", "title": "Exercise pass rates",
                         "alt": "Horizontal bar chart of the pass rate of each exercise: "
                                f"{EX1} 50%.",
                         "caption": "Pass rates among the learners who attempted each "
                                    "exercise; the table below gives the counts."}


def test_write_report_writes_the_page_the_grades_and_no_charts_for_no_class(tmp_path):
    (tmp_path / "x.json").write_text("{")
    page, loaded = R.write_report([tmp_path / "x.json"], tmp_path / "out" / "r")
    assert page == tmp_path / "out" / "r" / "index.html"
    assert loaded.accepted == [] and len(loaded.rejected) == 1
    assert sorted(p.name for p in page.parent.iterdir()) == ["comments.csv", "grades.csv",
                                                             "index.html"]
    stats = R.analyse(loaded)
    trust, _ = __import__("closereading.report_pages").report_pages.trust_html([], stats, False)
    assert page.read_text(encoding="utf-8") == R.render_html(stats, loaded, [], [], None, trust)
    rows = list(csv.reader((page.parent / "grades.csv").open(encoding="utf-8")))
    assert rows[0][:4] == ["Student", "ID", "Login", "00 quiz (%)"] and len(rows) == 1


# ---------------------------------------------------------------------------------------
# What the first mutation run left alive


def test_a_file_given_before_a_folder_is_kept(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.json").write_text("{}")
    first = tmp_path / "first.json"
    assert R._files([first, d]) == [first, d / "a.json"]


def test_exactly_the_cap_of_files_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_FILES", 2)
    d = tmp_path / "subs"
    for i in range(2):
        write(d, f"{i}.json", submission(tmp_path, f"L{i}"))
    loaded = R.load([d])
    assert [s.name for s in loaded.accepted] == ["L0", "L1"] and loaded.rejected == []


@pytest.mark.parametrize("content, reason", [
    (b"[1, 2,]", "not valid JSON: Expecting value at line 1"),
    (b'{"a": [1, 2]', "not valid JSON: Expecting ',' delimiter at line 1"),
    (b'{"a": 1,}', "not valid JSON: Expecting property name enclosed in double quotes at "
                   "line 1"),
])
def test_a_broken_file_that_ends_like_json_is_not_called_truncated(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert R.read_one(path) == (None, reason)
