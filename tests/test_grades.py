"""Grades that import: grades.csv in the plain, Canvas and Moodle formats, each checked
against what the importer documents, with a byte-order mark on request and late exports
flagged; participation columns, blank for a notebook never opened.

What the importers document, as checked here:

* Canvas (Instructor Guide, "How do I import grades in the Gradebook?", and the CSV that
  Canvas's own gradebook export writes, which the import reads back): a header row whose
  first columns are ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``;
  each further column is an assignment (a new name creates an assignment); a row whose
  first cell is ``Points Possible`` gives each assignment's points; a learner is matched
  by ``ID``, ``SIS User ID`` or ``SIS Login ID``; UTF-8; standard CSV quoting.
* Moodle (docs "Grade import", and grade/import/csv/classes/load_data.php): the first row
  holds the column names; the teacher maps one column to identify the user ("Map from"),
  to ``username``, ``useridnumber``, ``useremail`` or ``userid`` ("Map to"); a grade cell is
  a number (local decimal point accepted), and an empty cell or ``-`` means no grade; a
  grade above the maximum (100 by default, ``gradepointmax``) is refused.
"""

import csv
import io
from datetime import datetime, timezone

import pytest

from closereading import grades as G
from closereading import report as R
from closereading.cli import main
from closereading.quiz import progress as P
from quiz_responses import right_response


def canvas_problems(text: str) -> list[str]:
    """What Canvas's import would refuse or misread in ``text``."""
    problems = []
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    if head[:5] != G.CANVAS_IDENTITY:
        problems.append(f"the first columns are {head[:5]}")
    if len(rows) < 2 or rows[1][0] != "Points Possible" or any(rows[1][1:5]):
        problems.append("no Points Possible row")
    points = rows[1][5:]
    for row in rows[2:]:
        if len(row) != len(head):
            problems.append(f"a row of {len(row)} cells")
        if not (row[1] or row[2] or row[3]):
            problems.append(f"{row[0]}: no ID, SIS User ID or SIS Login ID")
        for cell, most in zip(row[5:], points):
            if cell and not cell.replace(".", "", 1).isdigit():
                problems.append(f"{row[0]}: not a score: {cell!r}")
    for p in points:
        if not p.replace(".", "", 1).isdigit():
            problems.append(f"points possible not a number: {p!r}")
    return problems


MOODLE_USER_FIELDS = {"Username", "ID number", "Full name", "Email address", "First name",
                      "Last name"}


def moodle_problems(text: str, map_from: str) -> list[str]:
    problems = []
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text)))
    head = [h.strip() for h in rows[0]]
    if map_from not in head:
        return [f"no column {map_from} to identify the user"]
    i = head.index(map_from)
    seen = set()
    for row in rows[1:]:
        if not row[i]:
            problems.append(f"a row without {map_from}")
        if row[i] in seen:
            problems.append(f"{row[i]} twice")
        seen.add(row[i])
        for cell in [c for h, c in zip(head, row) if h not in MOODLE_USER_FIELDS]:
            if cell in ("", "-"):
                continue
            try:
                value = float(cell)
            except ValueError:
                problems.append(f"not a grade: {cell!r}")
                continue
            if value > 100:
                problems.append(f"over the maximum grade: {cell}")
    return problems


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Three learners on a hub (a login each), one with an ID; Cy opened 01 only."""
    from test_report_mutants import submission, write
    from closereading import quiz
    tmp = tmp_path_factory.mktemp("grades")
    bank = quiz.load_banks()
    q00 = bank.for_notebook("00-start-here")[0]
    q01 = bank.for_notebook("01-harmonious-world")[0]
    right = P.after_check(P.fresh_record(), right_response(q00), True)
    d = tmp / "subs"
    subs = {
        "ada": submission(tmp, "Zoë Ångström", "S1", {q00.id: right},
                          reading={"1.2": {"text": "harmony", "saved": True}}, minutes=1),
        "bo": submission(tmp, "王芳", "", {q00.id: right}, minutes=90),
        "cy": submission(tmp, "=Cy", "", {q01.id: right}, minutes=2),
    }
    for login, sub in subs.items():
        sub["login"] = login
        write(d, f"{login}.json", sub)
    return d, tmp


def test_canvas_has_its_identity_columns_and_the_points_possible_row(made, tmp_path):
    d, _ = made
    assert main(["report", str(d), "--out", str(tmp_path), "--format", "canvas"]) == 0
    text = (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert canvas_problems(text) == []
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][5:9] == ["00 quiz (%)", "00 responses", "00 annotations", "00 discussion"]
    assert "00 first try (%)" not in rows[0] and "00 shown" not in rows[0]
    assert rows[1][:6] == ["Points Possible", "", "", "", "", "100"]
    by_login = {r[3]: r for r in rows[2:]}
    assert by_login["ada"][:5] == ["Zoë Ångström", "", "S1", "ada", ""]
    assert by_login["cy"][0] == "'=Cy"                      # never a formula
    assert by_login["cy"][5] == ""                          # 00 never opened: blank


def test_moodle_is_keyed_on_username_or_id_number(made, tmp_path):
    d, _ = made
    assert main(["report", str(d), "--out", str(tmp_path), "--format", "moodle"]) == 0
    text = (tmp_path / "grades.csv").read_text(encoding="utf-8")
    assert moodle_problems(text, "Username") == []
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Username", "ID number", "Full name"]
    assert {r[0]: r[1] for r in rows[1:]} == {"ada": "S1", "bo": "", "cy": ""}
    assert "王芳" in text


def test_the_checks_of_the_formats_fail_on_a_broken_file():
    """The importers' rules above catch what they should (so that they can fail)."""
    assert canvas_problems("Student,ID\r\nx,1\r\n")
    assert canvas_problems(",".join(G.CANVAS_IDENTITY + ["a"]) + "\r\nPoints Possible,,,,,10\r\n"
                           "Ada,,,,,9\r\n")   # no way to match Ada
    assert moodle_problems("Full name,a\r\nAda,101\r\n", "Full name")
    assert moodle_problems("Username,ID number,Full name,a\r\nada,,A,x\r\n", "Username")


def test_a_byte_order_mark_on_request(made, tmp_path):
    d, _ = made
    assert main(["report", str(d), "--out", str(tmp_path), "--bom"]) == 0
    raw = (tmp_path / "grades.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfStudent,ID,Login,")
    assert main(["report", str(d), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "grades.csv").read_bytes().startswith(b"Student,ID,Login,")


def test_late_exports_are_flagged(made, tmp_path, capsys):
    d, _ = made
    # the files were exported at 09:01, 10:30 and 09:02 UTC on 2026-11-30
    assert main(["report", str(d), "--out", str(tmp_path), "--due", "2026-11-30T10:00"]) == 0
    rows = list(csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8")))
    assert {r["Login"]: r["Late"] for r in rows} == {"ada": "", "bo": "late", "cy": ""}
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "exported late" in html and "2026-11-30T10:30:00Z" in html
    assert main(["report", str(d), "--out", str(tmp_path), "--due", "soon"]) == 1
    assert "not a date-time" in capsys.readouterr().err


def test_the_due_time_reads_zones_and_dates():
    assert G.parse_due("2026-12-01") == datetime(2026, 12, 1, 23, 59, 59, tzinfo=timezone.utc)
    assert G.parse_due("2026-12-01T17:00+01:00") == datetime(2026, 12, 1, 16, 0,
                                                             tzinfo=timezone.utc)
    assert G.parse_due("2026-12-01T17:00Z").hour == 17
    due = G.parse_due("2026-12-01T17:00")
    assert G.is_late("2026-12-01T17:00:01Z", due) and not G.is_late("2026-12-01T17:00:00Z", due)
    assert not G.is_late("garbage", due) and not G.is_late("2026-12-02T00:00:00Z", None)


def test_participation_columns_and_blanks_for_notebooks_never_opened(made, tmp_path):
    d, _ = made
    R.write_report([d], tmp_path)
    rows = {r["Login"]: r for r in csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8"))}
    ada, cy = rows["ada"], rows["cy"]
    assert ada["01 responses"] == "1" and ada["01 annotations"] == "0"
    assert ada["01 discussion"] == "0" and ada["00 discussion"] == ""
    assert cy["00 quiz (%)"] == "" and cy["00 responses"] == ""   # never opened
    assert cy["01 quiz (%)"] != "" and cy["02 quiz (%)"] == ""
    assert ada["02 quiz (%)"] == ""


def test_the_columns_are_one_list_a_new_kind_of_work_is_one_more_entry(made, tmp_path,
                                                                        monkeypatch):
    d, _ = made
    extra = G.Column("commentary", "commentary", "words of the commentary",
                     lambda nb: 600 if nb.id == "01" else None, lambda w, nb: 420.0)
    monkeypatch.setattr(G, "COLUMNS", G.COLUMNS + [extra])
    R.write_report([d], tmp_path, R.Options(fmt="canvas"))
    rows = list(csv.reader((tmp_path / "grades.csv").open(encoding="utf-8")))
    i = rows[0].index("01 commentary")
    assert rows[1][i] == "600" and "00 commentary" in rows[0]
    assert {r[3]: r[i] for r in rows[2:]} == {"ada": "420", "bo": "", "cy": "420"}


def test_anonymised_reports_write_no_grades(made, tmp_path, capsys):
    d, _ = made
    assert main(["report", str(d), "--out", str(tmp_path), "--anonymise"]) == 0
    assert not (tmp_path / "grades.csv").exists() and not (tmp_path / "comments.csv").exists()
    assert "grades.csv" not in capsys.readouterr().out
