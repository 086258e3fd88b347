"""Every button of the reading and capstone views pressed through its own click event
(``Button.click()`` runs the handlers ipywidgets registered, as a press in the browser
does), for every instance in a view: each discussion "Save answer" button saves its own
question's box under its own key, each capstone paragraph's "Save response" its own
paragraph. A test that calls the view's method directly would miss a handler bound to
the wrong method, or a loop's last item."""

from pathlib import Path

import ipywidgets as W
import pytest

from closereading import capstone as C
from closereading import capstone_widgets as V
from closereading import reading as R
from closereading.course import load_course
from closereading.quiz import progress as P

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"
WITH_DISCUSSION = [Path(nb.file).stem for nb in load_course().notebooks
                   if R.discussion_questions(Path(nb.file).stem)[1]]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    P._stores.clear()
    yield P.store()
    P._stores.clear()


def buttons(widget) -> list:
    """Every button inside a widget, in order, depth first."""
    if isinstance(widget, W.Button):
        return [widget]
    return [b for child in getattr(widget, "children", ()) for b in buttons(child)]


def test_the_discussions_are_those_of_the_sub_sections_and_of_notebook_07():
    assert len(WITH_DISCUSSION) >= 6


@pytest.mark.parametrize("stem", WITH_DISCUSSION)
def test_every_save_answer_button_saves_its_own_question(store, stem):
    view = R.discussion(stem)
    questions = R.discussion_questions(stem)[1]
    pressed = buttons(view)
    assert [b.description for b in pressed] == [f"Save answer {q.number}" for q in questions]
    assert len(view.boxes) == len(questions) >= 2
    for box, q in zip(view.boxes, questions):
        box.value = f"My answer to question {q.number} of {stem}."
    for n, (button, q) in enumerate(zip(pressed, questions)):
        button.click()
        saved = {k: v["text"] for k, v in store.records(R.DISCUSSION).items()}
        assert saved == {f"{stem}/{p.number}": f"My answer to question {p.number} of {stem}."
                         for p in questions[:n + 1]}, q.number
    statuses = [c for c in view.children if "cr-discussion-status" in c._dom_classes]
    assert len(statuses) == len(questions) and all("Saved." in s.value for s in statuses)
    again = R.discussion(stem)
    assert [b.value for b in again.boxes] == [b.value for b in view.boxes]


def test_an_empty_answer_is_refused_by_its_own_button_only(store):
    stem = WITH_DISCUSSION[0]
    view = R.discussion(stem)
    statuses = [c for c in view.children if "cr-discussion-status" in c._dom_classes]
    view.boxes[0].value = "An answer."
    buttons(view)[1].click()          # the second box is empty
    assert "Not saved" in statuses[1].value and statuses[0].value == ""
    assert store.records(R.DISCUSSION) == {}


def test_the_reading_views_buttons(store):
    view = R.passage("01", "1.2")
    view.box.value = "Big or small, strong or weak: the paragraph pairs opposites."
    view.save_button.click()
    assert store.record("1.2", kind=R.READING)["saved"] is True
    check = view.check
    check.missed.value = "The list of four pairs."
    check.save_button.click()
    assert store.record("1.2", kind=R.SELFCHECK)["missed"] == "The list of four pairs."
    other = R.passage("02", "2.2")
    other.reveal_button.click()
    assert store.record("2.2", kind=R.READING)["revealed"] is True


def test_the_annotation_views_buttons(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = R.annotate("01", "1.5")
    view.quote.value = "Use or threat of use of military force"
    view.kind.value = "rhetoric"
    view.note.value = "Passive."
    view.add_button.click()
    assert [i["note"] for i in store.record("1.5", kind=R.ANNOTATIONS)["items"]] == ["Passive."]
    view.choice.value = 1
    view.edit_button.click()
    assert view.quote.value == "Use or threat of use of military force"
    view.cancel_button.click()
    assert view.quote.value == ""
    view.export_button.click()
    assert (tmp_path / "reading-journal.md").is_file()
    view.choice.value = 1
    view.delete_button.click()
    assert store.record("1.5", kind=R.ANNOTATIONS)["items"] == []


def test_the_prediction_compare_and_think_first_buttons(store):
    guess = R.predict("hw-should")
    guess.box.value = "12"
    guess.save_button.click()
    assert store.record("hw-should", kind=R.PREDICTIONS) == {"text": "12"}
    pred = next(p for p in R.load_predictions().values() if p.revisit)
    R.predict(pred.id).box.value = "A guess."
    compare = R.compare(pred.id)
    compare.after.value = "A second look."
    compare.after_button.click()
    assert store.record(pred.after_key, kind=R.PREDICTIONS) == {"text": "A second look."}
    item = next(iter(R.load_think_first().values()))
    think = R.think_first(item.id)
    think.box.value = "My answer first."
    think.save_button.click()
    assert store.record(item.id, kind=R.THINK) == {"text": "My answer first."}


@pytest.fixture
def capstone(store):
    made = {name: cls(store=store) for name, cls in (
        ("passage", V.PassageView), ("lenses", V.LensView), ("responses", V.ResponsesView),
        ("annotate", V.AnnotationsView), ("stats", V.StatisticsView),
        ("commentary", V.CommentaryView), ("self", V.SelfAssessmentView))}
    yield made
    for view in made.values():
        V._live.discard(view)


def test_every_capstone_button(capstone, store, tmp_path):
    pv = capstone["passage"]
    pv.paste.value = (FIXTURES / "treaty-preamble.txt").read_text(encoding="utf-8")
    pv.use_button.click()
    first = C.current(store)
    assert first is not None and len(first.paragraphs) == 10
    pv.path.value = str(FIXTURES / "ministry-statement.txt")
    pv.file_button.click()
    passage = C.current(store)
    assert passage.origin == "ministry-statement.txt"
    lv = capstone["lenses"]
    for lid in ("denial", "subject"):
        lv.boxes[lid].value = True
    lv.save_button.click()
    assert set(C.current(store).lenses) == {"denial", "subject"}
    passage = C.current(store)
    items = capstone["responses"].items
    assert len(items) == len(passage.paragraphs) >= 2
    for pid, item in items.items():
        item.box.value = f"\u201c{pid}\u201d: my response to paragraph {pid}, quoting its words."
    for n, (pid, item) in enumerate(items.items()):
        assert [b.description for b in buttons(item)] == [f"Save response to {pid}"]
        buttons(item)[0].click()
        found = C.responses_of(passage, store)
        assert {p for p, r in found.items() if r["text"]} == set(list(items)[:n + 1])
        assert found[pid]["text"].startswith(f"\u201c{pid}\u201d")
    av = capstone["annotate"]
    av.which.value = "P3"
    av.quote.value = "no government should mistake restraint for weakness"
    av.note.value = "A warning after the denial."
    av.add_button.click()
    assert "Added to P3" in av.message.value
    av.choice.value = av.choice.options[0][1]
    av.delete_button.click()
    assert "[Y1]" not in av.shown.value
    sv = capstone["stats"]
    sv.query.value = "waters"
    sv.search_button.click()
    assert "waters" in sv.hits.value
    cv = capstone["commentary"]
    cv.box.value = "My commentary on \u201cWe do not seek confrontation\u201d (P3)."
    cv.save_button.click()
    assert "We do not seek confrontation" in C.commentary_of(passage, store)["text"]
    me = capstone["self"]
    for dd in me.levels.values():
        dd.value = 2
    me.save_button.click()
    assert "Saved." in me.message.value
    assert set(C.self_assessment_of(passage, store)["levels"].values()) == {2}
    pv.class_button.click()     # no passage set by the teacher in the course's settings
    if C.class_passage(pv.settings) is None:
        assert "Your teacher has not set a passage." in pv.message.value
    else:
        assert "Press the button again to confirm" in pv.message.value
    assert C.current(store).digest == passage.digest


def _answer(view, response):
    """Set a response through a question view's controls, as a learner would."""
    q = view.question
    if q.type in ("single", "evidence", "true-false"):
        view.radio.value = response
    elif q.type == "multiple":
        for box in view.boxes:
            box.value = box.description in response
    elif q.type == "text":
        view.text.value = response
    elif q.type == "match":
        for left, dd in view.dropdowns.items():
            dd.value = response[left]
    elif q.type == "order":
        for target, item in enumerate(response):
            view.order.value = item
            while view.order_items().index(item) > target:
                view.up_button.click()


def test_every_check_button_of_a_question_group_checks_its_own_question(store):
    from closereading import quiz
    from quiz_responses import right_response
    bank = quiz.load_banks()
    ids, kinds = [], set()
    for q in bank:                       # one question of each type, from one notebook
        if q.type not in kinds and q.notebook == bank[0].notebook:
            ids.append(q.id)
            kinds.add(q.type)
    assert len(ids) >= 3
    group = quiz.ask(*ids)
    assert [v.question.id for v in group.views] == ids
    for n, view in enumerate(group.views):
        _answer(view, right_response(view.question))
        view.check_button.click()
        done = {k for k, r in store.records(P.QUESTIONS).items() if r["attempts"]}
        assert done == set(ids[:n + 1]), view.question.id
        assert store.record(view.question.id)["correct"] is True
