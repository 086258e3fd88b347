"""Feedback on the learner's own reading (issue 26): the "Did you notice ...?" points of every
prompt, validated as data; a nudge instead of the notes for a response of a few words; the
ticks and the line on what was missed, saved, restored, exported and escaped; the
annotate-yourself task without the course's highlights until the learner has annotated."""

import json

import pytest

from closereading import reading as R
from closereading import text
from closereading.materials import MaterialsError, load_yaml, materials_file, parse_yaml
from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(path))
    P._stores.clear()
    yield P.store()
    P._stores.clear()


DOC = text.load()


# ---------------------------------------------------------------------------------------
# The points, as data


def raw_prompts():
    """Every reading prompt as written in the annotation files (not through the loader)."""
    for stem in R.reading_notebooks():
        data = load_yaml(materials_file("annotations", f"{stem}.yml"))
        for entry in data["reading"]:
            yield stem, entry


def test_every_point_cites_a_passage_of_its_own_paragraph():
    """The test the issue asks for: each point is answerable from the paragraph, because
    the passage it quotes occurs in it, character for character."""
    seen = 0
    for stem, entry in raw_prompts():
        body = DOC.paragraph(entry["paragraph"]).text
        assert 3 <= len(entry["points"]) <= 5, (stem, entry["paragraph"])
        for point in entry["points"]:
            assert point["quote"] in body, (entry["paragraph"], point["quote"])
            assert point["ask"].startswith("Did you notice") and point["ask"].endswith("?")
            seen += 1
    assert seen >= 17 * 3


def test_the_points_of_a_prompt_are_distinct_and_each_one_names_something_else():
    for ps in R.load_all_prompts().values():
        for p in ps.values():
            asks = [pt.ask for pt in p.points]
            assert len(set(asks)) == len(asks), p.paragraph


def _one(points: str, **extra) -> str:
    lines = [f'  - paragraph: "1.{n}"\n    support: full\n    lenses: [subject]\n'
             f'    prompt: "Look at it."\n    model: "What a reader sees."\n'
             + (points if n == 1 else GOOD_POINTS) for n in range(1, 7)]
    return "reading:\n" + "".join(lines)


GOOD_POINTS = ("    points:\n"
               + "".join(f'      - {{ask: "Did you notice {w}?", quote: "countries"}}\n'
                         for w in ("this", "that", "the other")))


def _parse(yaml_text):
    return R.parse_prompts(parse_yaml(yaml_text, "annotations/x.yml"), "annotations/x.yml",
                           section=1, doc=DOC)


def test_a_good_list_of_points_loads():
    points = _parse(_one(GOOD_POINTS.replace("countries", "China advocates")))["1.1"].points
    assert [p.quote for p in points] == ["China advocates"] * 3


@pytest.mark.parametrize("points, field, words", [
    (GOOD_POINTS.replace('"countries"', '"China advocate the building"', 1), "quote",
     "not word for word in the paragraph; the closest passage is: 'China advocates the"),
    (GOOD_POINTS.replace('"Did you notice this?"', '"Notice this."'), "ask",
     'should ask "Did you notice ...?"'),
    ("    points:\n" + GOOD_POINTS.splitlines(True)[1], "points", "has 1 points; give 3 to 5"),
    (GOOD_POINTS + '      - {ask: "Did you notice?", quote: "China", where: "1.1"}\n',
     "where", "unknown field"),
    ("", "points", "is required"),
])
def test_a_mistake_in_the_points_names_file_item_and_field(points, field, words):
    text_ = _one(GOOD_POINTS.replace("countries", "China advocates")).replace(
        GOOD_POINTS.replace("countries", "China advocates"), points, 1)
    with pytest.raises(MaterialsError) as err:
        _parse(text_)
    found = [p for p in err.value.problems if p.field == field]
    assert found and words in found[0].message and found[0].item.startswith(
        "reading prompt 1"), err.value.problems


# ---------------------------------------------------------------------------------------
# The nudge


BODY = DOC.paragraph("1.5").text


@pytest.mark.parametrize("response", ["ok", "I don't know", "passive, maybe", "a b c d e",
                                      "I think it is very nice and good",
                                      "asdf qwer zxcv uiop hjkl vbnm"])
def test_a_response_of_a_few_words_gets_the_nudge(response):
    assert R.response_nudge(response, BODY) == R.NUDGE
    assert "quotes or names something in the paragraph" in R.NUDGE


@pytest.mark.parametrize("response", [
    "The second sentence is passive, so nobody is named.",
    '"Consultation and dialogue should be carried out" names no actor.',
    "It moves from an active duty that names its subject to rules without one, and the last "
    "rule, the one about force, binds nobody in particular at all.",
])
def test_a_sentence_that_names_the_paragraph_unfolds_the_notes(response):
    assert R.response_nudge(response, BODY) == ""


def test_a_short_answer_to_a_think_first_question_gets_its_own_nudge():
    assert R.response_nudge("no idea") == R.THINK_NUDGE
    assert R.response_nudge("Possessives are counted apart from their word.") == ""


def test_a_short_response_is_kept_but_the_notes_stay_folded(store):
    view = R.passage("01", "1.5")
    view.box.value = "passive"
    view.save()
    assert "fuller response" in view.message.value
    assert view.notes.value == "" and view.check.layout.display == "none"
    rec = store.record("1.5", kind=R.READING)
    assert rec["text"] == "passive" and rec["saved"] is False
    again = R.passage("01", "1.5")            # a reopened notebook
    assert again.box.value == "passive" and again.notes.value == ""
    assert "fuller response" in again.message.value
    again.box.value = "The second sentence is passive: nobody is named as the one to consult."
    again.save()
    assert "[23]" in again.notes.value and again.check.layout.display is None
    assert store.record("1.5", kind=R.READING)["saved"] is True
    assert R.summary("01", store)["parts"]["reading"]["done"] == 1


# ---------------------------------------------------------------------------------------
# Ticks and the line on what was missed


def test_the_points_unfold_with_the_notes_and_ticks_are_saved_and_restored(store):
    view = R.passage("01", "1.5")
    prompt = R.prompt_for("1.5")
    assert [b.description for b in view.check.boxes] == [R.point_label(p) for p in prompt.points]
    view.box.value = "Countries should trust each other; then two passives that name nobody."
    view.save()
    view.check.boxes[0].value = True
    view.check.boxes[2].value = True
    assert "2 of 4 points ticked" in view.check.message.value
    view.check.missed.value = "The contrast <b>with</b> war."
    view.check.save_missed()
    assert store.record("1.5", kind=R.SELFCHECK) == {"ticked": [1, 3],
                                                      "missed": "The contrast <b>with</b> war."}
    again = R.passage("01", "1.5")
    assert [b.value for b in again.check.boxes] == [True, False, True, False]
    assert again.check.missed.value == "The contrast <b>with</b> war."
    again.check.boxes[2].value = False
    assert store.record("1.5", kind=R.SELFCHECK)["ticked"] == [1]
    journal = R.journal_markdown(store)
    assert "1 of 4 points ticked (1)." in journal
    assert "*What I missed:* The contrast &lt;b&gt;with&lt;/b&gt; war." in journal


def test_the_line_on_what_was_missed_is_checked_and_capped(store):
    view = R.passage("01", "1.2")
    view.check.missed.value = "   "
    view.check.save_missed()
    assert "Not saved" in view.check.message.value
    view.check.missed.value = "x" * (R.MISSED_LIMIT + 1)
    view.check.save_missed()
    assert "Not saved" in view.check.message.value and "1,000" in view.check.message.value
    assert store.record("1.2", kind=R.SELFCHECK)["missed"] == ""


@pytest.mark.parametrize("raw, clean", [
    (None, {"ticked": [], "missed": ""}),
    ({"ticked": [3, 1, 1, True, "2", 0, -1, 101], "missed": 7},
     {"ticked": [1, 3], "missed": ""}),
    ({"ticked": "1", "missed": "kept"}, {"ticked": [], "missed": "kept"}),
])
def test_a_damaged_self_check_record_is_read_as_much_as_makes_sense(raw, clean):
    assert R.clean_selfcheck(raw) == clean


def test_ticks_and_the_missed_line_travel_in_the_submission(store):
    from closereading import submission
    store.update("1.5", lambda r: {"ticked": [2], "missed": "the war"}, kind=R.SELFCHECK)
    store.update("mislead-kwic", lambda r: {"text": "forms, not ideas"}, kind=R.THINK)
    data = submission.collect("Ada", store=store)
    assert data["records"]["selfcheck"] == {"1.5": {"ticked": [2], "missed": "the war"}}
    assert data["records"]["thinkfirst"] == {"mislead-kwic": {"text": "forms, not ideas"}}
    assert submission.schema_problems(json.loads(json.dumps(data))) == []


# ---------------------------------------------------------------------------------------
# What a reader without a kernel sees


def test_the_handout_folds_the_points_with_boxes_and_never_prints_the_model(store, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    prompt = R.prompt_for("1.5")
    static = R.static_passage("01", "1.5")
    head, _, folded = static.html.partition("<details>")
    assert "Did you notice" not in head and folded.count("[ ] Did you notice") == 4
    assert prompt.model[:60] not in static.html and "What I missed" in folded
    assert "[ ] Did you notice" in static.text and prompt.model[:60] not in static.text


def test_the_teacher_edition_prints_the_support_the_model_and_the_points(store, monkeypatch):
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    static = R.static_passage("04", "4.1")
    head = static.html.partition("<details>")[0]
    assert "Support: lens names only (lenses: Subject, modality and claim)." in head
    assert "What a good response notices, point by point:" in head
    assert R.prompt_for("4.1").points[0].ask in head
    assert "Support: lens names only" in static.text


def test_the_own_annotation_task_hides_the_course_highlights_until_one_is_added(store):
    view = R.annotate("01", "1.5")
    assert "<mark" not in view.passage.value and "<mark" not in view._static.html
    assert "\u00bb[" not in view._static.text       # no course note numbers: «quote»[3]
    view.quote.value, view.kind.value, view.note.value = ("Use or threat of use of military "
                                                          "force", "rhetoric", "Passive.")
    view.submit()
    assert "<mark" in view.passage.value and "[Y1]" in view.passage.value
    view.delete()
    assert "<mark" not in view.passage.value
