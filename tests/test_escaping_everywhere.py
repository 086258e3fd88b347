"""Every learner-supplied field, hostile, in every output that shows it (issue 32): one
table of fields x outputs. Each field holds an HTML payload of its own (``<script>`` with
the field's name in it); an output passes when the payload is absent as typed and present
escaped (so the field is shown there, and shown safely). The CSV files get formula
payloads (=, +, -, @) in every learner cell, and each cell must be neutralised with a
leading apostrophe. tests/semantic_mutants.yml removes each escape in turn (one mutant per
escape), and this test is the one that catches it."""

import csv
import io
import json
import os
from pathlib import Path

import pytest

from closereading import capstone as C
from closereading import capstone_widgets as V
from closereading import feedback as F
from closereading import grades as G
from closereading import quiz
from closereading import reading as R
from closereading import report as RE
from closereading import submission as S
from closereading.html import esc
from closereading.quiz import progress as P
from closereading.quiz.widgets import QuestionView

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"
STEM = "01-harmonious-world"
PID = "1.2"
FOUND_QUOTE = "the UN's core role"        # in paragraph 1.2: the heat map marks it
PREDICTION = next(p for p in R.load_predictions().values() if p.notebook == "01")
THINK = next(iter(R.load_think_first().values()))
TEXT_Q = next(q for q in quiz.load_banks() if q.type == "text")


def hostile(field: str) -> str:
    return f'<script>alert("{field}")</script><img src=x onerror=alert(\'{field}\')>'


FIELDS = ("name", "id", "login", "response", "quote", "note", "discussion", "prediction",
          "think-first answer", "missed point", "found-quote note", "commentary",
          "capstone response", "evidence", "revise", "typed answer", "teacher's comment",
          "exercise return value")
PAYLOAD = {f: hostile(f) for f in FIELDS}
PAYLOAD["name"] = hostile("nm")          # the file name is made from it: kept short
PAYLOAD["id"] = '<b id="x">ID</b>&\''    # at most 64 characters
PAYLOAD["login"] = '<i>lg</i>"&\''
PAYLOAD["exercise return value"] = "<script>alert(1)</script><b>ex</b>"   # shown by repr
# CSV: what a spreadsheet would run as a formula
FORMULA = {"name": '=HYPERLINK("http://evil.example","Ada")', "id": "+1-2",
           "login": "@SUM(1+1)"}


def _store(path: Path) -> P.Store:
    store = P.Store(path)
    store.update(PID, lambda r: {"text": PAYLOAD["response"], "saved": True,
                                 "revealed": False}, kind=R.READING)
    store.update(PID, lambda r: {"items": [
        {"id": 1, "quote": PAYLOAD["quote"], "occurrence": 1, "kind": "rhetoric",
         "note": PAYLOAD["note"]},
        {"id": 2, "quote": FOUND_QUOTE, "occurrence": 1, "kind": "gloss",
         "note": PAYLOAD["found-quote note"]}], "next": 3}, kind=R.ANNOTATIONS)
    store.update(f"{STEM}/1", lambda r: {"text": PAYLOAD["discussion"]}, kind=R.DISCUSSION)
    store.update(PREDICTION.id, lambda r: {"text": PAYLOAD["prediction"]}, kind=R.PREDICTIONS)
    store.update(THINK.id, lambda r: {"text": PAYLOAD["think-first answer"]}, kind=R.THINK)
    store.update(PID, lambda r: {"ticked": [1], "missed": PAYLOAD["missed point"]},
                 kind=R.SELFCHECK)
    _capstone_work(store)     # the report's learner page and the journal show it too
    return store


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    store = _store(tmp / "one" / "progress.json")
    plain = P.Store(tmp / "two" / "progress.json")
    plain.update(PID, lambda r: {"text": "A plain response.", "saved": True,
                                 "revealed": False}, kind=R.READING)
    subs = tmp / "subs"
    before = os.environ.get("JUPYTERHUB_USER")
    for who, name, sid, login in ((store, PAYLOAD["name"], PAYLOAD["id"], PAYLOAD["login"]),
                                  (plain, FORMULA["name"], FORMULA["id"], FORMULA["login"])):
        os.environ["JUPYTERHUB_USER"] = login
        try:
            S.export(name, folder=subs, student_id=sid, store=who)
        finally:
            if before is None:
                del os.environ["JUPYTERHUB_USER"]
            else:
                os.environ["JUPYTERHUB_USER"] = before
    out = tmp / "report"
    RE.write_report([subs], out)
    stats = RE.analyse(RE.load([subs]))
    for fmt in G.FORMATS:
        RE.write_grades(stats, out / f"grades-{fmt}.csv", fmt)
    page = next(p for p in (out / "learners").iterdir() if "nm" in p.name)
    return {"tmp": tmp, "store": store, "out": out, "learner": page}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- the outputs: each a function of the built class, and the fields it shows -------------

def index_html(b):
    return _read(b["out"] / "index.html")


def learner_page(b):
    return _read(b["learner"])


def paragraph_page(b):
    return _read(b["out"] / "paragraphs" / f"{PID}.html")


def heatmap(b):
    return _read(b["out"] / "heatmap.html")


def journal(b):
    return R.journal_markdown(b["store"])


def _env(b, monkeypatch):
    monkeypatch.setenv(P.ENV, str(b["store"].path))
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    P._stores.clear()


def my_responses_widget(b):
    from closereading.reading_widgets import MyResponsesView
    return MyResponsesView(store=b["store"]).view.value


def annotation_widget(b):
    from closereading.reading_widgets import AnnotateView
    return AnnotateView(STEM, PID, store=b["store"]).listing.value


def compare_widget(b):
    from closereading.reading_widgets import CompareView
    return CompareView(PREDICTION, store=b["store"]).view.value


def quiz_echo_widget(b):
    view = QuestionView(TEXT_Q, store=P.Store(b["tmp"] / "quiz.json"))
    view.text.value = PAYLOAD["typed answer"]
    view.check()
    return view.feedback.value


def export_widget(b, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", PAYLOAD["login"])
    store = b["store"]
    F.feedback_path(store.path).write_text(json.dumps(
        {"format": F.FEEDBACK_FORMAT, "version": 1, "returned_at": "2026-12-01T10:00:00Z",
         "comment": PAYLOAD["teacher's comment"]}), encoding="utf-8")
    try:
        view = S.ExportView(folder=b["tmp"], store=store)
        return "".join(getattr(c, "value", "") for c in view.widget.children)
    finally:
        F.feedback_path(store.path).unlink()


def _capstone(b):
    return _capstone_work(P.Store(b["tmp"] / "capstone.json"))


def _capstone_work(store):
    passage = C.set_passage(C.make_passage(
        (FIXTURES / "ministry-statement.txt").read_text(encoding="utf-8"), "A statement"),
        store)
    C.save_response(passage, "P1", PAYLOAD["capstone response"], store)
    C.save_commentary(passage, PAYLOAD["commentary"], store)
    settings = C.load_settings()
    levels = {c.id: 2 for c in settings.rubric.criteria}
    evidence = {c.id: PAYLOAD["evidence"] for c in settings.rubric.criteria}
    C.save_self_assessment(passage, levels, evidence, PAYLOAD["revise"], store, settings)
    return store


def capstone_views(b):
    store = _capstone(b)
    views = [cls(store=store) for cls in (V.ResponsesView, V.CommentaryView,
                                          V.SelfAssessmentView)]
    try:
        return "".join(v._repr_mimebundle_()["text/html"] for v in views)
    finally:
        for v in views:
            V._live.discard(v)


def exercise_result(b):
    from closereading import exercises as E
    ex = E.get(STEM, "count-should")
    return E.grade(ex, lambda text, word: PAYLOAD["exercise return value"])._repr_html_()


OUTPUTS = {
    "report index": (index_html, ("name", "id", "login")),
    "learner page": (learner_page, ("name", "id", "login", "response", "quote", "note",
                                    "discussion", "prediction", "found-quote note",
                                    "capstone response", "commentary", "evidence", "revise")),
    "paragraph page": (paragraph_page, ("name", "response", "quote", "note",
                                        "found-quote note")),
    "heat map": (heatmap, ("name", "found-quote note")),
    "reading journal": (journal, ("response", "quote", "note", "discussion", "prediction",
                                  "think-first answer", "missed point", "found-quote note",
                                  "capstone response", "commentary", "evidence", "revise")),
    "my responses widget": (my_responses_widget, ("response",)),
    "annotation widget": (annotation_widget, ("quote", "note", "found-quote note")),
    "compare widget": (compare_widget, ("prediction",)),
    "quiz echo": (quiz_echo_widget, ("typed answer",)),
    "export widget": (export_widget, ("login", "teacher's comment")),
    "capstone views": (capstone_views, ("capstone response", "commentary", "evidence",
                                        "revise")),
    "exercise result": (exercise_result, ("exercise return value",)),
}
CASES = [(o, f) for o, (_, fields) in OUTPUTS.items() for f in fields]


def test_every_field_is_in_the_table():
    assert {f for _, f in CASES} == set(FIELDS)


@pytest.mark.parametrize("output, field", CASES, ids=[f"{o}-{f}".replace(" ", "-") for o, f in CASES])
def test_a_hostile_field_is_shown_escaped(built, monkeypatch, output, field):
    _env(built, monkeypatch)
    make, _ = OUTPUTS[output]
    text = make(built, monkeypatch) if make is export_widget else make(built)
    raw = PAYLOAD[field]
    assert raw not in text, f"{field} unescaped in the {output}"
    shown = R.md_escape(raw) if output == "reading journal" else esc(raw)
    assert shown in text, f"{field} not shown (escaped) in the {output}"


def test_every_output_is_free_of_any_tag_a_learner_typed(built, monkeypatch):
    _env(built, monkeypatch)
    for output, (make, _) in OUTPUTS.items():
        text = make(built, monkeypatch) if make is export_widget else make(built)
        assert "<script" not in text and "<img src=x" not in text, output
        assert "<b id=" not in text and "<i>lg" not in text, output


def test_the_heat_map_marks_the_found_quote_escaped(built):
    page = heatmap(built)
    assert "\u201cthe UN&#x27;s core role\u201d" in page
    assert "\u201cthe UN's core role\u201d" not in page


# -- the CSV files ------------------------------------------------------------------------

CSV_FILES = {"grades.csv": ("Student", "ID", "Login"),
             "grades-plain.csv": ("Student", "ID", "Login"),
             "grades-canvas.csv": ("Student", "SIS User ID", "SIS Login ID"),
             "grades-moodle.csv": ("Full name", "ID number", "Username"),
             "comments.csv": ("Student", "ID", "Login"),
             "capstone-scores.csv": ("Student", "ID", "Login")}


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_learner_cell_of_every_csv_is_neutralised(built, name):
    rows = list(csv.DictReader(io.StringIO(_read(built["out"] / name))))
    rows = [r for r in rows if r.get(CSV_FILES[name][0], "").lstrip("'").startswith("=HYPER")]
    assert len(rows) == 1, name
    for column, field in zip(CSV_FILES[name], ("name", "id", "login")):
        assert rows[0][column] == "'" + FORMULA[field], (name, column)


def test_every_html_payload_in_the_csv_files_is_kept_as_text(built):
    """CSV is not HTML: the other learner's name and ID appear there as typed."""
    for name in CSV_FILES:
        text = _read(built["out"] / name)
        assert PAYLOAD["login"] in text.replace('""', '"'), name


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "|cmd",
                                   "%0A"])
def test_csv_cell_neutralises_every_formula_start(value):
    assert G.csv_cell(value).startswith("'")
