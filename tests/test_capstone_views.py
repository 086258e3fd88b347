"""The live views of the capstone (notebook 08) without a browser: ipywidgets runs click
handlers and observers in plain Python. The views share one passage: bringing one, or
choosing lenses, refreshes every view."""

from pathlib import Path

import pytest

from closereading import capstone as C
from closereading import capstone_widgets as V
from closereading.quiz import progress as P

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


@pytest.fixture
def views(store):
    made = {name: cls(store=store) for name, cls in (
        ("passage", V.PassageView), ("lenses", V.LensView), ("responses", V.ResponsesView),
        ("annotate", V.AnnotationsView), ("stats", V.StatisticsView),
        ("commentary", V.CommentaryView), ("self", V.SelfAssessmentView))}
    yield made
    for view in made.values():
        V._live.discard(view)


def test_before_a_passage_every_view_says_what_to_do(views):
    for name, view in views.items():
        shown = view._repr_mimebundle_()
        assert shown["text/plain"] and shown["text/html"], name
    assert "No passage yet" in repr(views["responses"])
    assert "No passage yet" in repr(views["stats"])
    assert "Choose 2 to 4 lenses" in repr(views["lenses"])
    assert views["commentary"].form.layout.display == "none"


def test_a_pasted_passage_reaches_every_view(views, store):
    pv = views["passage"]
    pv.title.value = "A treaty preamble <i>written for a test</i>"
    pv.paste.value = (FIXTURES / "treaty-preamble.txt").read_text(encoding="utf-8")
    got = pv.use_pasted()
    assert got is not None and len(got.paragraphs) == 10
    assert "Loaded: 10 paragraphs" in pv.message.value
    assert "&lt;i&gt;written for a test&lt;/i&gt;" in pv.shown.value   # escaped
    assert list(views["responses"].items) == [f"P{i}" for i in range(1, 11)]
    assert views["annotate"].which.options[0][1] == "P1"
    assert "Keyness against Part III" in views["stats"].tables.value
    assert views["stats"].query.value == "basin" and "basin" in views["stats"].hits.value
    # lenses: too few, then enough; the prompts name them
    lv = views["lenses"]
    lv.boxes["lists"].value = True
    lv.save()
    assert "Not saved. Choose 2 to 4 lenses" in lv.message.value
    lv.boxes["authority"].value = True
    lv.save()
    head = views["responses"].items["P4"].heading.value
    assert "Lists and authority: what do you notice?" in head


def test_responses_annotations_commentary_and_self_assessment(views, store):
    pv = views["passage"]
    pv.path.value = str(FIXTURES / "ministry-statement.txt")
    assert pv.use_file().origin == "ministry-statement.txt"
    lv = views["lenses"]
    for lid in ("denial", "subject"):
        lv.boxes[lid].value = True
    lv.save()
    item = views["responses"].items["P3"]
    item.box.value = "denial"
    item.save()
    assert "fuller response" in item.message.value and item.check.layout.display == "none"
    item.box.value = "\"We do not seek confrontation\": Norland denies, and then warns others."
    item.save()
    assert item.check.layout.display is None
    item.ticks["denial"].value = True
    assert C.responses_of(C.current(store), store)["P3"]["lenses_used"] == ["denial"]
    av = views["annotate"]
    av.which.value = "P3"
    av.quote.value = "no government should mistake restraint for weakness"
    av.note.value = "A warning after the denial."
    av.submit()
    assert "Added to P3" in av.message.value and "[Y1]" in av.shown.value
    av.quote.value = "no government should mistake weakness"
    av.submit()
    assert "Not saved" in av.message.value and "closest passage" in av.message.value
    cv = views["commentary"]
    cv.box.value = "Short: \"We do not seek confrontation\" (P3) beside 5.1."
    cv.save()
    assert "short of the 400 to 600" in cv.report.value
    assert "1 word for word in your passage" in cv.report.value
    sv = views["self"]
    sv.save()
    assert "Choose a level for every criterion" in sv.message.value
    for dd in sv.levels.values():
        dd.value = 2
    sv.evidence["wording"].value = "my first sentence"
    sv.save()
    assert "Saved." in sv.message.value and "Developing (2)" in sv.summary.value
    # a reopened notebook shows it all again
    again = V.SelfAssessmentView(store=store)
    V._live.discard(again)
    assert again.levels["claims"].value == 2 and again.evidence["wording"].value == "my first sentence"
    assert "Developing (2)" in repr(again)
    assert "We do not seek confrontation" in repr(V.CommentaryView(store=store))


def test_another_passage_over_work_asks_to_confirm_and_keeps_the_work(views, store):
    pv = views["passage"]
    pv.path.value = str(FIXTURES / "ministry-statement.txt")
    first = pv.use_file()
    C.save_response(first, "P2", "Norland claims a century of rights in the waters.", store)
    pv.path.value = str(FIXTURES / "treaty-preamble.txt")
    assert pv.use_file() is None
    assert "Press the button again to confirm" in pv.message.value
    assert C.current(store).digest == first.digest
    assert pv.use_file() is not None and C.current(store).title.startswith("Treaty")
    pv.path.value = str(FIXTURES / "ministry-statement.txt")
    pv.use_file()                                    # the treaty has no work: no question
    assert views["responses"].items["P2"].box.value.startswith("Norland claims")


def test_a_chinese_passage_says_what_works(views, store):
    pv = views["passage"]
    pv.paste.value = (FIXTURES / "chinese-statement.txt").read_text(encoding="utf-8")
    pv.use_pasted()
    assert "characters" in pv.message.value
    stats = views["stats"]
    assert "What does not" in stats.tables.value and stats.query.value == ""
    stats.query.value = "工作组"
    stats.search()
    assert "2 occurrences" in stats.hits.value
