"""Writing counts (issue 27, point 4): the capstone's work and 07's discussion answers in
grades.csv and the report, and the teacher's scores of the capstone against the rubric,
read from the report's ``capstone-scores.csv``, kept across runs and exported."""

import csv
import json
from pathlib import Path

import pytest

from closereading import capstone as C
from closereading import capstone_scores as CS
from closereading import report as R
from closereading import submission
from closereading.quiz import progress as P

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"
HOSTILE = '<img src=x onerror="alert(1)">'
COMMENTARY = ("In P3 the ministry denies twice and then warns: \"no government should "
              "mistake restraint for weakness\". Part III denies in the same way (5.1). ")


def _criteria():
    return [c.id for c in C.load_settings().rubric.criteria]


def _capstone_submission(folder: Path, name: str, login: str, *, levels=2,
                         commentary=COMMENTARY * 12, evidence="") -> Path:
    store = P.Store(folder / f"{login}-progress.json")
    text, origin = C.read_file(str(FIXTURES / "ministry-statement.txt"))
    p = C.set_passage(C.make_passage(text, source="file", origin=origin), store)
    C.set_lenses(["denial", "modality"], store)
    p = C.current(store)
    C.save_response(p, "P3", f"Norland denies twice in P3 and then warns. {HOSTILE}", store)
    C.save_response(p, "P1", "The ministry names itself in the third person.", store)
    C.add_annotation(p, "P3", "no government should mistake restraint for weakness",
                     "rhetoric", f"A warning after the denial. {HOSTILE}", store)
    C.save_commentary(p, commentary, store)
    if levels:
        C.save_self_assessment(p, {c: levels for c in _criteria()},
                               {c: evidence for c in _criteria()} if evidence else None,
                               revise=f"The second paragraph. {HOSTILE}", store=store)
    # 07's discussion: the context's questions, counted like a sub-section's
    store.update("07-context-and-readings/1", lambda r: {"text": "An answer on 07."},
                 kind="discussion")
    path = submission.export(name, out=folder / "subs" / f"{login}.json", store=store)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["login"] = login
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _plain_submission(folder: Path, name: str, login: str) -> Path:
    store = P.Store(folder / f"{login}-progress.json")
    store.update("01-harmonious-world/1", lambda r: {"text": "A reading."}, kind="discussion")
    path = submission.export(name, out=folder / "subs" / f"{login}.json", store=store)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["login"] = login
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def class_folder(tmp_path):
    (tmp_path / "subs").mkdir()
    _capstone_submission(tmp_path, "Ada Learner", "ada", levels=2, evidence=HOSTILE)
    _capstone_submission(tmp_path, "Ben Learner", "ben", levels=0,
                         commentary="Too short a commentary.")
    _plain_submission(tmp_path, "Cy Learner", "cy")
    return tmp_path


def test_the_capstone_and_07s_discussion_are_columns_of_grades_csv(class_folder):
    out = class_folder / "report"
    R.write_report([class_folder / "subs"], out)
    rows = {r["Login"]: r for r in _rows(out / "grades.csv")}
    criteria = len(_criteria())
    ada, ben, cy = rows["ada"], rows["ben"], rows["cy"]
    assert ada["08 responses"] == "2" and ada["08 annotations"] == "1"
    assert ada["08 commentary (words)"] == str(C.count_words(COMMENTARY * 12))
    assert ada["08 self-assessment"] == str(criteria)
    assert ada["08 rubric score"] == ""               # not scored by the teacher yet
    assert ben["08 self-assessment"] == "0" and ben["08 commentary (words)"] == "4"
    # a learner who never opened 08: every one of its cells blank
    assert [cy[k] for k in cy if k.startswith("08 ")] == [""] * 9   # six columns and three
    # 07's discussion questions count (they come from context.yml, not an annotation file)
    assert ada["07 discussion"] == "1" and cy["07 discussion"] == ""   # never opened
    assert cy["01 discussion"] == "1"


def test_the_teacher_scores_the_capstone_and_the_scores_are_kept_and_exported(class_folder):
    out = class_folder / "report"
    R.write_report([class_folder / "subs"], out)
    form = out / CS.FILE_NAME
    rows = _rows(form)
    criteria = _criteria()
    assert [r["Login"] for r in rows] == ["ada", "ben", "cy"]
    assert list(rows[0]) == CS.IDENTITY + criteria
    # the teacher scores Ada on every criterion, Ben on one, with one cell that is no level,
    # and a row for a learner not in this run
    rows[0].update({c: str(3) for c in criteria})
    rows[1][criteria[0]] = "4"
    rows[1][criteria[1]] = "seven"
    rows.append({"Login": "dee", "ID": "", "Student": "Dee Absent", "File": "dee.json",
                 criteria[0]: "1"})
    with form.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CS.IDENTITY + criteria)
        w.writeheader()
        w.writerows(rows)
    R.write_report([class_folder / "subs"], out)
    grades = {r["Login"]: r for r in _rows(out / "grades.csv")}
    assert grades["ada"]["08 rubric score"] == str(3 * len(criteria))
    assert grades["ben"]["08 rubric score"] == ""     # not every criterion scored
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"column {criteria[1]}: &#x27;seven&#x27; is not a level" in index \
        or f"column {criteria[1]}: 'seven' is not a level" in index
    assert "1 row(s) match no submission of this report" in index
    # nothing the teacher wrote is lost: the file keeps every score, Dee's row included
    kept = {r["Login"]: r for r in _rows(form)}
    assert all(kept["ada"][c] == "3" for c in criteria)
    assert kept["ben"][criteria[0]] == "4" and kept["ben"][criteria[1]] == ""
    assert kept["dee"][criteria[0]] == "1"
    # exported for the gradebooks: Canvas with points possible, Moodle the same column
    R.write_report([class_folder / "subs"], out, R.Options(fmt="canvas"))
    canvas = list(csv.reader((out / "grades.csv").open(encoding="utf-8", newline="")))
    col = canvas[0].index("08 rubric score")
    assert canvas[1][col] == str(4 * len(criteria))
    ada_row = next(r for r in canvas[2:] if r[3] == "ada")
    assert ada_row[col] == str(3 * len(criteria))
    assert "08 commentary (words)" not in canvas[0]  # words are information, not a grade
    assert "08 self-assessment" in canvas[0]
    # the learner's page shows their level and the teacher's beside the rubric
    page = (out / "learners").iterdir()
    ada_page = next(p for p in page if "Ada" in p.read_text(encoding="utf-8"))
    html = ada_page.read_text(encoding="utf-8")
    assert "2 Developing" in html and "3 Secure" in html
    assert f"Rubric score: {3 * len(criteria)} of {4 * len(criteria)}" in html


def test_the_capstone_on_the_learners_page_is_escaped_and_whole(class_folder):
    out = class_folder / "report"
    R.write_report([class_folder / "subs"], out)
    pages = {p.read_text(encoding="utf-8") for p in (out / "learners").iterdir()}
    ada = next(h for h in pages if "Ada Learner" in h)
    assert "Their own reading (the capstone)" in ada
    assert "ministry-statement.txt" in ada and "lenses chosen: modality, denial" in ada
    assert "Norland denies twice in P3" in ada
    assert "no government should mistake restraint for weakness" in ada
    assert "<img" not in ada and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in ada
    # the response, the annotation, what they would revise, and the evidence per criterion
    assert ada.count("&lt;img") == 3 + len(_criteria())
    cy = next(h for h in pages if "Cy Learner" in h)
    assert "No passage brought yet." in cy
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="capstone"' in index and "Brought a passage" in index


def test_an_anonymised_report_shows_no_teacher_scores_and_writes_no_form(class_folder):
    out = class_folder / "anon"
    R.write_report([class_folder / "subs"], out, R.Options(anonymise=True))
    assert not (out / CS.FILE_NAME).exists() and not (out / "grades.csv").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Brought a passage" in index and "Scored by the teacher" not in index


def test_a_scores_file_that_cannot_be_used_is_named_and_left_alone(class_folder):
    out = class_folder / "report"
    out.mkdir()
    (out / CS.FILE_NAME).write_bytes(b"Login,ID\r\n\xff\xfe\r\n")
    R.write_report([class_folder / "subs"], out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{CS.FILE_NAME}: not UTF-8 text" in index


def test_comments_already_written_survive_a_second_run(class_folder):
    out = class_folder / "report"
    R.write_report([class_folder / "subs"], out)
    rows = _rows(out / "comments.csv")
    rows[0]["Comment"] = "Good work on P3, see the note on modality."
    with (out / "comments.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["Login", "ID", "Student", "Comment"])
        w.writeheader()
        w.writerows(rows)
    R.write_report([class_folder / "subs"], out)
    again = {r["Login"]: r["Comment"] for r in _rows(out / "comments.csv")}
    assert again == {"ada": "Good work on P3, see the note on modality.", "ben": "", "cy": ""}


def test_the_journal_holds_the_capstone(tmp_path):
    from closereading import reading
    (tmp_path / "subs").mkdir()
    _capstone_submission(tmp_path, "Ada Learner", "ada", levels=3, evidence="In P3 and 5.1.")
    store = P.Store(tmp_path / "ada-progress.json")
    md = reading.journal_markdown(store)
    part = md[md.index("## 08"):]
    assert "### My passage: Statement by the Ministry" in part
    assert "#### P3" in part and "Norland denies twice in P3" in part
    assert "no government should mistake restraint for weakness" in part
    assert f"### My commentary ({C.count_words(COMMENTARY * 12)} words)" in part
    assert part.count(": 3 Secure. In P3 and 5.1.") == len(_criteria())
    assert "<img" not in md          # Markdown-escaped, as every learner text in the journal
    assert "*What I would revise first:* The second paragraph." in part
