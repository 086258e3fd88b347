"""The class report on 30+ synthetic submissions and 12 bad files."""

import csv
import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from closereading import exercise_progress as EP, quiz, report as R, submission as S
from closereading.cli import main
from closereading.quiz import progress as P
from quiz_responses import right_response

N_GOOD = 32
T0 = datetime(2026, 11, 30, 9, 0, 0, tzinfo=timezone.utc)
EXERCISE = "01-harmonious-world/count-should"


def idx(data) -> int:
    """The learner's number i, from the id given in learner()."""
    return 6 if data["id"] == "=2+3" else int(data["id"][2:])


def learner(i, tmp_path, rng, bank):
    store = P.Store(tmp_path / "stores" / f"{i}.json")
    data = {"format": P.FORMAT, "version": 2}
    questions = {}
    for q in bank:
        if rng.random() < 0.15:
            continue   # not answered
        rec = P.fresh_record()
        if q.id == bank[0].id:   # the first question: learners 0-9 right at once, others wrong then right
            if i >= 10:
                wrong = next(o for o in q.choices() if o != q.answer)
                rec = P.after_check(rec, wrong, False)
            rec = P.after_check(rec, right_response(q), True)
        elif rng.random() < 0.7:
            rec = P.after_check(rec, right_response(q), True)
        else:
            options = [o for o in q.options if o != q.answer] if q.type in ("single", "evidence") else []
            rec = P.after_check(rec, rng.choice(options) if options else "nonsense", False)
        questions[q.id] = rec
    data["questions"] = questions
    # Exercise records as closereading.exercise_progress writes them (kind "exercises",
    # keyed "<notebook>/<id>"): learners 0, 4, 8 ... fail with the "substring" mistake.
    failed = i % 4 == 0
    data["exercises"] = {EXERCISE: {**EP.fresh(),
                                    "status": "incorrect" if failed else "correct",
                                    "attempts": 2 if failed else 1, "failures": 2 if failed else 0,
                                    "diagnoses": ["substring"] if failed else [],
                                    "hints": i % 3, "solution": i % 8 == 0,
                                    "correct": not failed}}
    # A record with a hint asked for but no check made: not attempted.
    data["exercises"]["01-harmonious-world/share-should"] = {**EP.fresh(), "hints": 1}
    data["reading"] = {"1.2": {"text": f"response {i}"}} if i % 2 else {}
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(data))
    names = {0: "<script>alert(1)</script>", 1: "=HYPERLINK(\"http://x\")", 2: "+1 Plus",
             3: "-minus", 4: "@at", 5: "\tTab"}
    sub = S.collect(names.get(i, f"Learner {i:02d}"), f"id{i}" if i != 6 else "=2+3",
                    store=store, now=T0 + timedelta(minutes=i))
    if i == 5:
        sub["name"] = "\tTab"   # the export collapses spaces; a hand-made file may not
    return sub


class _Built(dict):
    """The class of the module's fixture, built on first use. Its cost (several seconds)
    then falls in the call of the first test that reads it, not in that test's setup:
    mutmut times each test by its call and runs a mutant's tests fastest first, so the fast
    tests of tests/test_report_mutants.py run first and most mutants never pay for it."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __getitem__(self, key):
        if not dict.__len__(self):
            self.update(self._build())
        return super().__getitem__(key)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return _Built(lambda: _build_class(tmp_path_factory))


def _build_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    rng = random.Random(7)
    bank = quiz.load_banks()
    subs = tmp / "subs"
    subs.mkdir()
    good = []
    for i in range(N_GOOD):
        sub = learner(i, tmp, rng, bank)
        (subs / f"good-{i:02d}.json").write_text(S.dumps(sub), encoding="utf-8")
        good.append(sub)
    text = S.dumps(good[7])
    bad = {
        "too-large.json": text + " " * R.MAX_BYTES,
        "truncated.json": text[: len(text) // 2],
        "empty.json": "",
        "not-a-mapping.json": "[1, 2, 3]",
        "other-format.json": json.dumps({"format": "something-else"}),
        "version-2.json": json.dumps({**good[8], "schema_version": 2}),
        "bad-schema.json": json.dumps({**good[9], "questions": [{"id": "x"}]}),
        "no-name.json": json.dumps({**good[9], "name": ""}),
        "same-bytes.json": S.dumps(good[10]),
        "earlier-export.json": S.dumps({**good[11], "exported_at": "2026-11-29T09:00:00Z"}),
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "records-not-objects.json": json.dumps({**good[12], "records": {"exercises": [1]}}),
    }
    for name, content in bad.items():
        (subs / name).write_text(content, encoding="utf-8")
    (subs / "latin1.json").write_bytes(text.replace("Learner", "L\u00e9arner").encode("latin-1"))
    out = tmp / "report"
    assert main(["report", str(subs), "--out", str(out)]) == 0
    loaded = R.load([subs])
    return {"subs": subs, "out": out, "good": good, "bad": sorted([*bad, "latin1.json"]),
            "bank": bank, "loaded": loaded, "stats": R.analyse(loaded)}


def test_the_class_size_counts_the_good_files_only(folder):
    loaded = folder["loaded"]
    assert len(loaded.accepted) == N_GOOD
    html = (folder["out"] / "index.html").read_text()
    assert f"from <strong>{N_GOOD}</strong> submissions" in html


def test_every_bad_file_is_named_with_its_reason(folder):
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in folder["loaded"].rejected}
    assert sorted(reasons) == folder["bad"]
    expect = {"too-large.json": "too large", "truncated.json": "looks truncated",
              "empty.json": "empty file", "not-a-mapping.json": "not a closereading submission",
              "other-format.json": "not a closereading submission",
              "version-2.json": "schema version 2", "bad-schema.json": "submission schema",
              "no-name.json": "at name", "same-bytes.json": "the same file as",
              "earlier-export.json": "earlier export of the same learner",
              "deep.json": "not valid JSON", "records-not-objects.json": "submission schema",
              "latin1.json": "not UTF-8"}
    for name, words in expect.items():
        assert words in reasons[name], (name, reasons[name])
    html = (folder["out"] / "index.html").read_text()
    for name in folder["bad"]:
        assert f"<code>{name}</code>" in html


def test_learner_strings_are_escaped_in_html_and_neutralised_in_csv(folder):
    html = (folder["out"] / "index.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = list(csv.DictReader((folder["out"] / "grades.csv").open(encoding="utf-8")))
    assert len(rows) == N_GOOD
    names = {r["Student"] for r in rows}
    for raw in ("=HYPERLINK(\"http://x\")", "+1 Plus", "-minus", "@at", "\tTab"):
        assert "'" + raw in names and raw not in names
    assert any(r["ID"] == "'=2+3" for r in rows)
    for r in rows:
        for value in r.values():
            assert value[:1] not in "=+-@\t\r" or value == ""


def test_grades_have_canvas_columns_and_right_percentages(folder):
    rows = list(csv.DictReader((folder["out"] / "grades.csv").open(encoding="utf-8")))
    from pathlib import Path
    from closereading.course import load_course
    stems = [Path(nb.file).stem for nb in load_course().notebooks]
    assert stems[:2] == ["00-start-here", "01-harmonious-world"]
    assert "07-context-and-readings" in stems
    per_notebook = ["quiz (%)", "first try (%)", "shown", "responses", "annotations",
                    "discussion"]
    capstone = ["commentary (words)", "self-assessment", "rubric score"]
    assert stems[-1] == "08-your-own-reading"    # the capstone: three columns more
    assert list(rows[0]) == ["Student", "ID", "Login"] + [
        f"{stem[:2]} {c}" for stem in stems
        for c in per_notebook + (capstone if stem.startswith("08") else [])]
    good = {s["id"]: s for s in folder["good"]}
    for r in rows:
        sub = good[r["ID"].lstrip("'")]
        qs = [e for e in sub["questions"] if e["notebook"] == "01-harmonious-world"]
        assert float(r["01 quiz (%)"]) == round(100 * sum(e["correct"] for e in qs) / len(qs), 1)
        assert float(r["01 first try (%)"]) == round(
            100 * sum(e["first_try"] for e in qs) / len(qs), 1)
        assert r["01 shown"] == "0"
        assert r["01 responses"] == ("1" if idx(sub) % 2 else "0")
        assert r["00 discussion"] == ""   # 00 has no discussion questions


def test_first_try_rate_and_wrong_options_with_their_text(folder):
    stats = folder["stats"]
    q = folder["bank"][0]
    st = stats["per_q"][q.id]
    answered = [s for s in folder["good"] if s["questions"][0]["answered"]]
    assert st["answered"] == len(answered)
    assert st["first_try"] == sum(1 for s in answered if idx(s) < 10)
    wrong = next(o for o in q.choices() if o != q.answer)
    assert st["wrong"][wrong] == st["answered"] - st["first_try"]
    html = (folder["out"] / "index.html").read_text()
    from closereading.html import esc
    assert f"\u201c{esc(wrong)}\u201d ({st['wrong'][wrong]})" in html
    # A response that is not an option of a choice question is never counted as one.
    assert q.type == "single"
    for qid, other in stats["per_q"].items():
        if other["q"].type in ("single", "evidence"):
            assert set(other["wrong"]) <= set(other["q"].options), qid


def test_exercises_diagnoses_hints_and_solutions(folder):
    stats = folder["stats"]
    ex = stats["exercises"][EXERCISE]
    ids = [idx(s.data) for s in folder["loaded"].accepted]
    assert ex["attempted"] == N_GOOD
    assert ex["passed"] == sum(1 for i in ids if i % 4 != 0)
    assert ex["diagnoses"]["substring"] == sum(1 for i in ids if i % 4 == 0)
    assert ex["hints"] == sum(i % 3 for i in ids) and ex["solutions"] == sum(1 for i in ids if i % 8 == 0)
    unchecked = stats["exercises"]["01-harmonious-world/share-should"]
    assert (unchecked["attempted"], unchecked["passed"], unchecked["hints"]) == (0, 0, N_GOOD)
    html = (folder["out"] / "index.html").read_text()
    assert "Exercise pass rates" in html and "substring (" in html
    assert f"<code>{EXERCISE}</code>" in html


def test_charts_have_alt_text_and_captions_and_nothing_is_fetched(folder):
    html = (folder["out"] / "index.html").read_text()
    for png in ("completion.png", "first-try.png", "exercises.png"):
        assert (folder["out"] / png).stat().st_size > 1000
        assert f'<img src="{png}" alt="' in html
    assert html.count("<figcaption>") == 3
    assert "http://" not in html.replace("http://x", "") and "https://" not in html


def test_no_readable_submission_is_an_error(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{")
    assert main(["report", str(tmp_path / "x.json"), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "left out" in err and "no submission could be read" in err


def test_csv_cell():
    assert R.csv_cell("=1+1") == "'=1+1" and R.csv_cell("Ada") == "Ada"
    assert R.csv_cell("a\r\nb") == "a b" and R.csv_cell("\tX") == "'\tX"
    assert R.csv_cell("-5") == "'-5" and R.csv_cell("") == ""
