"""Active reading: prompts and predictions as data, what a learner writes (checked, capped,
escaped, kept), and the live views over them."""

import json
import re

import pytest

from closereading import reading as R
from closereading import text
from closereading.materials import MaterialsError, parse_yaml
from closereading.quiz import progress as P


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(path))
    P._stores.clear()
    yield P.store()
    P._stores.clear()


# ---------------------------------------------------------------------------------------
# The data


def test_every_paragraph_of_the_text_has_a_prompt_and_a_model():
    prompts = R.load_all_prompts()
    found = {pid: p for ps in prompts.values() for pid, p in ps.items()}
    assert sorted(found) == sorted(p.id for p in text.load().paragraphs)
    assert "0.1" in prompts["00-start-here"]
    for p in found.values():
        assert len(p.text()) > 40 and len(p.model) > 100, p.paragraph
        assert p.prompt != p.model


def test_every_phrase_quoted_in_a_prompt_or_model_is_verbatim_in_the_text():
    doc = text.load()
    for ps in R.load_all_prompts().values():
        for p in ps.values():
            for field in (p.prompt, p.model, p.commentary):
                for quote in re.findall(r'"([^"]+)"', field):
                    assert any(quote in para.text for para in doc.paragraphs), (p.paragraph,
                                                                                quote)


def _parse(yaml_text, section=1):
    return R.parse_prompts(parse_yaml(yaml_text, "annotations/x.yml"), "annotations/x.yml",
                           section=section, doc=text.load())


POINTS = ('points: [{ask: "Did you notice a?", quote: "countries"}, {ask: "Did you notice b?", '
          'quote: "should"}, {ask: "Did you notice c?", quote: "should"}]')
GOOD = "\n".join(f'  - {{paragraph: "1.{n}", support: full, lenses: [subject], prompt: "Look at '
                 f'it.", model: "What a reader sees.", {POINTS}}}' for n in range(1, 7))


def test_a_complete_reading_list_loads_in_paragraph_order():
    assert list(_parse("reading:\n" + GOOD)) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]


@pytest.mark.parametrize("change, field, words", [
    (lambda s: s.replace('"1.6"', '"2.1"'), "paragraph", "not in sub-section 1"),
    (lambda s: s.replace(' model: "What a reader sees.",', "", 1), "model", "is required"),
    (lambda s: s.replace('prompt: "Look at it."', 'prompt: "  "', 1), "prompt", "is empty"),
    (lambda s: s.replace("model:", "modle:", 1), "modle", "unknown field"),
    (lambda s: s.replace('"1.2"', '"1.1"'), "paragraph", "has a reading prompt already"),
])
def test_a_mistake_in_the_reading_list_names_file_item_and_field(change, field, words):
    with pytest.raises(MaterialsError) as err:
        _parse("reading:\n" + change(GOOD))
    problems = err.value.problems
    assert any(p.field == field and words in p.message and p.file.endswith("x.yml")
               and p.item and p.item.startswith("reading prompt") for p in problems), problems


def test_a_paragraph_without_a_prompt_is_reported():
    short = "\n".join(GOOD.splitlines()[:-1])
    with pytest.raises(MaterialsError, match="missing: 1.6"):
        _parse("reading:\n" + short)


def test_predictions_load_and_each_one_is_measured():
    preds = R.load_predictions()
    assert preds["start-general-specific"].returns_in == "06"
    assert {p.notebook for p in preds.values()} >= {"00", "01", "02", "03", "04", "05"}
    value, sentence = R.measured(preds["hw-should"])
    from closereading import stats
    words = stats.words(text.load().section(1).text)
    assert value == words.count("should") and str(value) in sentence


@pytest.mark.parametrize("entry, field", [
    ('{id: a, notebook: "09", prompt: p, type: text, returns_in: "06", '
     'measure: {name: section-profile}}', "notebook"),
    ('{id: a, notebook: "00", prompt: p, type: guess, returns_in: "06", '
     'measure: {name: section-profile}}', "type"),
    ('{id: a, notebook: "00", prompt: p, type: text, returns_in: "06", '
     'measure: {name: count, word: x}}', "measure"),
    ('{id: A b, notebook: "00", prompt: p, type: text, returns_in: "06", '
     'measure: {name: words, section: 1}}', "id"),
])
def test_a_mistake_in_a_prediction_is_named(entry, field):
    with pytest.raises(MaterialsError) as err:
        R.parse_predictions(parse_yaml(f"- {entry}\n", "predictions.yml"), "predictions.yml",
                            notebooks=["00", "01", "06"])
    assert [p.field for p in err.value.problems] == [field]


# ---------------------------------------------------------------------------------------
# What a learner types


@pytest.mark.parametrize("value", ["", "   ", "\n\t \n", None])
def test_an_empty_or_whitespace_response_is_refused(value):
    with pytest.raises(R.ReadingError, match="empty"):
        R.check_text(value)


def test_a_100_kb_response_is_refused_with_its_length_and_the_limit(store):
    big = "word " * 20_000  # 100,000 characters
    with pytest.raises(R.ReadingError) as err:
        R.check_text(big)
    assert "100,000 characters" in str(err.value) and "20,000" in str(err.value)
    assert "still in the box" in str(err.value)
    assert R.check_text("x" * R.TEXT_LIMIT) == "x" * R.TEXT_LIMIT


def test_a_quote_that_occurs_twice_marks_the_first_and_says_so():
    check = R.locate_quote("1.2", "each other")
    assert check.ok and len(check.spans) == 2 and check.occurrence == 1
    assert "occurs 2 times" in check.message
    rec = R.add_annotation(R.fresh_annotations(), "1.2", "each other", "rhetoric", "Twice.")
    assert rec["items"][0]["occurrence"] == 1


def test_a_quote_spanning_two_paragraphs_is_refused_with_both_ids():
    check = R.locate_quote("1.1", "make the following efforts: Politically, countries")
    assert not check.ok and "across paragraphs 1.1 and 1.2" in check.message


def test_a_near_miss_gets_the_closest_passage():
    check = R.locate_quote("1.3", "fair, open, equitable and non-discriminatory")
    assert not check.ok
    assert "fair, open, equitable and nondiscriminatory" in check.message


def test_a_quote_from_another_paragraph_names_it():
    check = R.locate_quote("1.3", "common but differentiated responsibilities")
    assert not check.ok and "occurs in paragraph 1.6" in check.message


def test_spaces_in_a_pasted_quote_are_forgiven_but_nothing_else():
    assert R.locate_quote("1.2", "  should respect\n each other ").ok
    assert not R.locate_quote("1.2", "Should respect each other").ok


def test_annotations_are_added_edited_and_deleted_with_stable_ids():
    rec = R.fresh_annotations()
    rec = R.add_annotation(rec, "1.5", "should be avoided", "rhetoric", "Passive.")
    rec = R.add_annotation(rec, "1.5", "mutual trust", "gloss", "Trust.")
    assert [i["id"] for i in rec["items"]] == [1, 2]
    rec = R.edit_annotation(rec, 1, "1.5", "should be avoided", "question", "By whom?")
    assert rec["items"][0]["note"] == "By whom?" and rec["items"][0]["kind"] == "question"
    rec = R.delete_annotation(rec, 1)
    rec = R.add_annotation(rec, "1.5", "war", "gloss", "A new one.")
    assert [i["id"] for i in rec["items"]] == [2, 3]  # a deleted id is never reused
    with pytest.raises(R.ReadingError, match="not word for word"):
        R.edit_annotation(rec, 2, "1.5", "mutual truth", "gloss", "x")
    with pytest.raises(R.ReadingError, match="kind"):
        R.add_annotation(rec, "1.5", "war", "opinion", "x")
    with pytest.raises(R.ReadingError, match="empty"):
        R.add_annotation(rec, "1.5", "war", "gloss", "   ")


def test_a_paragraph_keeps_at_most_the_limit_of_annotations():
    rec = {"items": [{"id": i, "quote": "war", "kind": "gloss", "note": "n", "occurrence": 1}
                     for i in range(1, R.ANNOTATION_LIMIT + 1)], "next": R.ANNOTATION_LIMIT + 1}
    with pytest.raises(R.ReadingError, match="delete one"):
        R.add_annotation(rec, "1.5", "war", "gloss", "one more")


NASTY = '<script>alert("x")</script> **bold** [link](http://x) <b>b</b> & # heading'


def test_html_and_markdown_in_a_note_are_shown_escaped():
    items = [{"id": 1, "quote": "war", "kind": "gloss", "note": NASTY, "occurrence": 1}]
    html = R.own_notes_html(items)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "**bold** [link](http://x)" in html  # shown as typed, not rendered
    marked = R.marked_paragraph("01-harmonious-world", "1.5", items)
    assert 'class="cr-own-mark"' in marked and "[Y1]" in marked


def test_the_journal_escapes_html_and_markdown(store):
    store.update("1.5", lambda r: R.add_annotation(r, "1.5", "war", "question", NASTY),
                 kind=R.ANNOTATIONS)
    store.update("1.5", lambda r: {**r, "text": "<img src=x onerror=alert(1)>", "saved": True},
                 kind=R.READING)
    md = R.journal_markdown(store)
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;" in md and "\\*\\*bold\\*\\*" in md and "\\[link\\]" in md
    assert "### Paragraph 1.5" in md and "**question**, on \u201cwar\u201d" in md


def test_the_journal_holds_everything_written(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)     # the journal is written beside the notebook (issue 24)
    store.update("0.1", lambda r: {**r, "text": "China speaks.", "saved": True}, kind=R.READING)
    store.update("hw-should", lambda r: {"text": "12"}, kind=R.PREDICTIONS)
    store.update("01-harmonious-world/2", lambda r: {"text": "An answer."}, kind=R.DISCUSSION)
    md = R.journal_markdown(store)
    assert md.index("## 00") < md.index("> China speaks.") < md.index("## 01")
    assert "> 12" in md and "**Discussion 2.**" in md and "> An answer." in md
    path = R.export_journal(store=store)
    assert path == tmp_path / "reading-journal.md" and path.read_text() == md
    assert "Nothing written yet." in R.journal_markdown(P.Store(store.path.with_name("o.json")))


# ---------------------------------------------------------------------------------------
# Records in the store


def test_records_are_cleaned_and_no_saved_text_is_lost():
    long = "y" * 50_000
    assert R.clean_reading({"text": long, "saved": True})["text"] == long
    assert R.clean_reading({"text": 5, "saved": "yes"}) == R.fresh_reading()
    assert R.clean_reading({"text": "  ", "saved": True})["saved"] is False
    assert R.clean_reading(["not", "a", "record"]) == R.fresh_reading()
    rec = R.clean_annotations({"items": [{"id": 3, "quote": "war", "note": long, "kind": "x"},
                                         "junk", {"id": 3, "quote": "q", "note": "n"}],
                               "next": 1})
    assert [i["id"] for i in rec["items"]] == [3, 4] and rec["next"] == 5
    assert rec["items"][0]["note"] == long and rec["items"][0]["kind"] == "question"
    assert R.clean_text({"text": None}) == {"text": ""}


def test_the_kinds_are_registered_with_the_store():
    for kind, fresh in ((R.READING, R.fresh_reading), (R.ANNOTATIONS, R.fresh_annotations),
                        (R.PREDICTIONS, R.fresh_text), (R.DISCUSSION, R.fresh_text)):
        assert P.KINDS[kind][0] is fresh


def test_a_version_1_progress_file_is_migrated_with_its_answers(store):
    v1 = {"format": "closereading-progress", "version": 1,
          "questions": {"hw-cbdr": {"attempts": 1, "correct": True, "first_try": True,
                                    "revealed": False, "hints": 0, "response": "Environment",
                                    "last": "Environment"}}}
    store.path.write_text(json.dumps(v1))
    assert store.record("1.2", kind=R.READING) == R.fresh_reading()
    store.update("1.2", lambda r: {**r, "text": "Opposites.", "saved": True}, kind=R.READING)
    data = json.loads(store.path.read_text())
    assert data["version"] == 2 and data["questions"] == v1["questions"]
    assert data["reading"]["1.2"]["text"] == "Opposites."
    assert store.warnings == []


def test_a_damaged_reading_record_costs_no_other(store):
    store.path.write_text(json.dumps({"version": 2, "questions": {},
                                      "reading": {"1.1": "garbage",
                                                  "1.2": {"text": "kept", "saved": True}}}))
    assert store.record("1.1", kind=R.READING) == R.fresh_reading()
    assert store.record("1.2", kind=R.READING)["text"] == "kept"


def test_summary_counts_responses_predictions_and_discussion(store):
    empty = R.summary("01")
    assert empty["done"] == 0
    assert empty["parts"]["reading"] == {"done": 0, "total": 6}
    assert empty["parts"]["predictions"]["total"] == 2
    store.update("1.1", lambda r: {**r, "text": "x", "saved": True}, kind=R.READING)
    store.update("1.2", lambda r: {**r, "revealed": True}, kind=R.READING)  # not a response
    store.update("hw-should", lambda r: {"text": "9"}, kind=R.PREDICTIONS)
    got = R.summary("01-harmonious-world")
    assert got["done"] == 2 and got["total"] == empty["total"]
    assert R.summary("00")["parts"]["reading"]["total"] == 1


def test_a_number_prediction_must_be_a_number():
    pred = R.prediction("hw-should")
    assert R.check_prediction(pred, " 1,200 ") == "1,200"
    with pytest.raises(R.ReadingError, match="number"):
        R.check_prediction(pred, "many")
    with pytest.raises(R.ReadingError, match="did you mean"):
        R.prediction("hw-shuold")
