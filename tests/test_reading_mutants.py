"""Active reading, in detail (issue 14, mutation testing of ``closereading/reading.py``):
the records and their cleaning field by field, what a learner types (every message word
for word, the limits at their edges), quotes located in the text, the annotations'
changes, a number prediction, and the Markdown escaping of the journal."""

import pytest

from closereading import reading as R
from closereading import text

P12 = text.load().paragraph("1.2").text


# ---------------------------------------------------------------------------------------
# Records


def test_fresh_records():
    assert R.fresh_reading() == {"text": "", "saved": False, "revealed": False}
    assert R.fresh_annotations() == {"items": [], "next": 1}
    assert R.fresh_text() == {"text": ""}
    assert (R.TEXT_LIMIT, R.QUOTE_LIMIT, R.ANNOTATION_LIMIT) == (20_000, 1_000, 100)
    assert (R.READING, R.ANNOTATIONS, R.PREDICTIONS, R.DISCUSSION) == (
        "reading", "annotations", "predictions", "discussion")


def test_text_of_a_record():
    assert R._text({"text": "a"}, "text") == "a"
    assert R._text({"text": 3}, "text") == "" and R._text({}, "text") == ""
    assert R._text("text", "text") == "" and R._text(None, "text") == ""


def test_clean_reading_field_by_field():
    assert R.clean_reading({"text": "a", "saved": True, "revealed": True}) == {
        "text": "a", "saved": True, "revealed": True}
    assert R.clean_reading({"text": "a", "saved": 1, "revealed": "yes"}) == {
        "text": "a", "saved": False, "revealed": False}
    assert R.clean_reading({"revealed": True}) == {"text": "", "saved": False,
                                                   "revealed": True}
    assert R.clean_reading({"text": "\n \t", "saved": True, "revealed": True}) == {
        "text": "\n \t", "saved": False, "revealed": True}
    assert R.clean_reading(None) == R.fresh_reading()


def test_clean_annotations_item_by_item():
    raw = {"items": [
        {"id": 2, "quote": "q", "note": "n", "occurrence": 2, "kind": "gloss"},
        {"id": 2, "quote": 5, "occurrence": 0, "kind": "GLOSS"},          # id taken
        {"id": True, "occurrence": True},                                  # bool id
        {"id": 0, "occurrence": 1.0},                                      # id below 1
        {"id": "9", "note": "kept", "occurrence": -3},
        7,
    ], "next": 4}
    rec = R.clean_annotations(raw)
    assert rec["items"] == [
        {"id": 2, "quote": "q", "note": "n", "occurrence": 2, "kind": "gloss"},
        {"id": 4, "quote": "", "note": "", "occurrence": 1, "kind": "question"},
        {"id": 5, "quote": "", "note": "", "occurrence": 1, "kind": "question"},
        {"id": 6, "quote": "", "note": "", "occurrence": 1, "kind": "question"},
        {"id": 7, "quote": "", "note": "kept", "occurrence": 1, "kind": "question"},
    ]
    assert rec["next"] == 8
    # without a good "next", new ids count from the highest id seen
    raw["next"] = True
    assert [i["id"] for i in R.clean_annotations(raw)["items"]] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize("kind", R.LEARNER_KINDS)
def test_every_kind_of_note_is_kept(kind):
    rec = R.clean_annotations({"items": [{"id": 1, "kind": kind}], "next": 2})
    assert rec["items"][0]["kind"] == kind


def test_the_next_id_is_kept_when_it_is_above_every_id():
    assert R.clean_annotations({"items": [{"id": 3}], "next": 9})["next"] == 9
    assert R.clean_annotations({"items": [{"id": 3}], "next": 4})["next"] == 4
    assert R.clean_annotations({"items": [{"id": 3}], "next": 3})["next"] == 4
    assert R.clean_annotations({"items": [{"id": 3}], "next": True})["next"] == 4
    assert R.clean_annotations({"items": [{"id": 3}], "next": "9"})["next"] == 4
    assert R.clean_annotations({"items": [], "next": 5})["next"] == 5
    assert R.clean_annotations({"items": [], "next": 0})["next"] == 1
    assert R.clean_annotations({"items": []}) == {"items": [], "next": 1}


def test_a_new_id_is_never_one_the_record_gave_out_before():
    # ids 1 to 5 were given out (and deleted): a damaged id becomes 6, not 1
    rec = R.clean_annotations({"items": [{"id": "x"}], "next": 6})
    assert rec["items"][0]["id"] == 6 and rec["next"] == 7
    rec = R.clean_annotations({"items": [{"id": "x"}], "next": 1})
    assert rec["items"][0]["id"] == 1 and rec["next"] == 2
    rec = R.clean_annotations({"items": [{"id": "x"}], "next": 2})
    assert rec["items"][0]["id"] == 2 and rec["next"] == 3


def test_clean_annotations_of_no_list():
    assert R.clean_annotations({"items": "x", "next": 5}) == R.fresh_annotations()
    assert R.clean_annotations(["items"]) == R.fresh_annotations()


def test_clean_text():
    assert R.clean_text({"text": "a", "other": 1}) == {"text": "a"}
    assert R.clean_text("a") == {"text": ""}


# ---------------------------------------------------------------------------------------
# What a learner types


def test_safe_text_replaces_lone_surrogates_only():
    # One U+FFFD for each lone half of a surrogate pair (it was three: one per byte of
    # its UTF-8 form); a pair sent as two halves is the character it stands for.
    assert R.safe_text("a\ud800b") == "a\ufffdb"
    assert R.safe_text("\udc00a\ud83d") == "\ufffda\ufffd"
    assert R.safe_text("\ud800\ud800") == "\ufffd\ufffd"
    assert R.safe_text("I \ud83d\ude00 it") == "I \U0001F600 it"
    assert R.safe_text("a\ud800b").encode("utf-8")
    assert R.safe_text("Zoë \U0001F600") == "Zoë \U0001F600"
    assert R.safe_text(None) == "" and R.safe_text(5) == ""


@pytest.mark.parametrize("value", ["", " \n\t ", None, 3])
def test_an_empty_text_is_refused_word_for_word(value):
    with pytest.raises(R.ReadingError) as info:
        R.check_text(value)
    assert str(info.value) == "Your response is empty: write something before saving."
    with pytest.raises(R.ReadingError) as info:
        R.check_text(value, "note")
    assert str(info.value) == "Your note is empty: write something before saving."


def test_a_long_text_is_refused_word_for_word():
    with pytest.raises(R.ReadingError) as info:
        R.check_text("x" * 20_001)
    assert str(info.value) == ("Your response has 20,001 characters; the limit is 20,000. "
                               "Nothing was saved: shorten it (your text is still in the "
                               "box) and save again.")
    with pytest.raises(R.ReadingError) as info:
        R.check_text("abcd", "answer", limit=3)
    assert str(info.value).startswith("Your answer has 4 characters; the limit is 3. ")
    assert R.check_text("abc", limit=3) == "abc"


def test_a_saved_text_loses_only_its_blank_lines_at_the_ends():
    assert R.check_text("\n\n  a\n b  \n\n") == "  a\n b  "
    assert set(R.check_text("a\ud800")[1:]) == {"\ufffd"}


def test_a_reading_error_is_shown_in_one_line():
    assert R.ReadingError("Nope.")._render_traceback_() == ["ReadingError: Nope."]


# ---------------------------------------------------------------------------------------
# Quotes


def test_a_quote_found_once():
    check = R.locate_quote("1.2", "  democracy in\n international   relations ")
    start = P12.index("democracy in international relations")
    assert check == R.QuoteCheck(True, "democracy in international relations",
                                 ((start, start + 36),), 1, "")


def test_a_quote_found_twice_marks_the_one_asked_for():
    spans = ((38, 48), (59, 69))
    assert P12[38:48] == P12[59:69] == "each other"
    assert R.locate_quote("1.2", "each other", occurrence=2) == R.QuoteCheck(
        True, "each other", spans, 2,
        "The quote occurs 2 times in paragraph 1.2; your note marks occurrence 2. To mark "
        "another, quote a few more words around it.")
    for bad in (0, 3, -1):
        assert R.locate_quote("1.2", "each other", occurrence=bad).occurrence == 1


def test_an_empty_or_long_quote_is_refused_word_for_word():
    assert R.locate_quote("1.2", " \n ") == R.QuoteCheck(
        False, "", message="Copy the words you annotate into the Quote box first.")
    assert R.locate_quote("1.2", None).message == ("Copy the words you annotate into the "
                                                    "Quote box first.")
    check = R.locate_quote("1.2", "x" * 1001)
    assert check == R.QuoteCheck(False, "x" * 1001, message="Your quote has 1,001 characters; "
                                 "quote at most 1,000 (a phrase or a sentence).")
    assert R.locate_quote("1.2", "x" * 1000).message.startswith("That quote is not word for "
                                                               "word in paragraph 1.2.")


def test_a_quote_of_other_paragraphs_names_them_all():
    check = R.locate_quote("1.1", "countries should")
    assert check.ok is False and check.spans == ()
    others = [p.id for p in text.load().paragraphs if "countries should" in p.text]
    assert len(others) >= 2
    assert check.message == (f"That quote is not in paragraph 1.1; it occurs in paragraph "
                             f"{', '.join(others)}.")


def test_a_quote_across_two_paragraphs_word_for_word():
    assert R.locate_quote("1.1", "following efforts: Politically") == R.QuoteCheck(
        False, "following efforts: Politically",
        message="Your quote runs across paragraphs 1.1 and 1.2: quote from one paragraph at "
                "a time.")
    # the end of a paragraph and the start of the next, each whole
    check = R.locate_quote("1.2", "efforts: Politically,")
    assert check.message.startswith("Your quote runs across paragraphs 1.1 and 1.2")


def test_a_near_miss_word_for_word():
    assert R.locate_quote("1.3", "fair, open, equitable and non-discriminatory").message == (
        "That quote is not word for word in paragraph 1.3. The closest passage is: "
        "\u201cfair, open, equitable and nondiscriminatory so\u201d. Copy it exactly, "
        "punctuation included.")


def test_a_quote_is_checked_against_the_document_given():
    doc = text.load()
    assert R.locate_quote("1.2", "each other", doc).ok


# ---------------------------------------------------------------------------------------
# Annotations


def test_an_annotation_as_it_is_saved():
    rec = R.add_annotation(None, "1.2", " each  other ", "gloss", "\nMutual.\n", None)
    assert rec == {"items": [{"id": 1, "quote": "each other", "occurrence": 1,
                              "kind": "gloss", "note": "Mutual."}], "next": 2}


def test_a_wrong_kind_is_refused_word_for_word():
    with pytest.raises(R.ReadingError) as info:
        R.add_annotation(None, "1.2", "each other", "Gloss", "x")
    assert str(info.value) == ("Choose a kind for your note: gloss, context, structure, "
                               "rhetoric, question.")


def test_a_wrong_quote_is_refused_with_its_message():
    with pytest.raises(R.ReadingError) as info:
        R.add_annotation(None, "1.1", "following efforts: Politically", "gloss", "x")
    assert str(info.value).startswith("Your quote runs across paragraphs 1.1 and 1.2")


def test_the_limit_of_annotations_word_for_word():
    items = [{"id": i, "quote": "war", "kind": "gloss", "note": "n", "occurrence": 1}
             for i in range(1, 100)]
    rec = R.add_annotation({"items": items, "next": 100}, "1.5", "war", "gloss", "the 100th")
    assert len(rec["items"]) == 100 and rec["next"] == 101
    with pytest.raises(R.ReadingError) as info:
        R.add_annotation(rec, "1.5", "war", "gloss", "one more")
    assert str(info.value) == ("You have 100 annotations on paragraph 1.5, the most one "
                               "paragraph keeps: delete one to add another.")


def test_an_edit_changes_only_its_annotation_and_keeps_its_id():
    rec = R.add_annotation(None, "1.2", "each other", "gloss", "one")
    rec = R.add_annotation(rec, "1.2", "democracy", "context", "two")
    edited = R.edit_annotation(rec, 1, "1.2", "treat each other", "rhetoric", "changed")
    assert edited == {"items": [{"id": 1, "quote": "treat each other", "occurrence": 1,
                                 "kind": "rhetoric", "note": "changed"},
                                rec["items"][1]], "next": 3}
    with pytest.raises(R.ReadingError) as info:
        R.edit_annotation(rec, 7, "1.2", "each other", "gloss", "x")
    assert str(info.value) == "There is no annotation 7 on paragraph 1.2."


def test_a_delete_keeps_the_next_id():
    rec = R.add_annotation(None, "1.2", "each other", "gloss", "one")
    rec = R.add_annotation(rec, "1.2", "democracy", "context", "two")
    assert R.delete_annotation(rec, 2) == {"items": rec["items"][:1], "next": 3}
    assert R.delete_annotation(rec, 9) == rec


# ---------------------------------------------------------------------------------------
# Predictions


def test_a_number_prediction_is_trimmed_and_checked_word_for_word():
    pred = R.prediction("hw-should")
    assert pred.type == "number"
    assert R.check_prediction(pred, "\n 1,200.5 \n") == "1,200.5"
    assert R.check_prediction(pred, "-1e9") == "-1e9"
    for bad in ("many", "nan", "1e10", "-1000000001", "inf"):
        with pytest.raises(R.ReadingError) as info:
            R.check_prediction(pred, bad)
        assert str(info.value) == "Type a number, such as 12.", bad
    with pytest.raises(R.ReadingError) as info:
        R.check_prediction(pred, "  ")
    assert str(info.value) == "Your prediction is empty: write something before saving."


def test_a_text_prediction_takes_any_text():
    pred = next(p for p in R.load_predictions().values() if p.type == "text")
    assert R.check_prediction(pred, "  many, I think \n") == "many, I think"


# ---------------------------------------------------------------------------------------
# The journal's escaping


def test_markdown_escape_every_special_character():
    assert R.md_escape("a & <b> \\ ` * _ [ ] # | !") == (
        "a &amp; &lt;b&gt; \\\\ \\` \\* \\_ \\[ \\] \\# \\| \\!")
    assert R.md_escape("plain (text) - + .") == "plain (text) - + ."


def test_a_quoted_response_keeps_its_empty_lines():
    assert R._quoted("one\n\n*two*") == "> one\n>\n> \\*two\\*"


def test_a_saved_text_keeps_every_other_character_at_its_ends():
    assert R.check_text("X note X") == "X note X"
    assert R.check_text("\nX\n") == "X"


def test_an_empty_note_is_refused_as_a_note():
    with pytest.raises(R.ReadingError) as info:
        R.add_annotation(None, "1.2", "each other", "gloss", " \n ")
    assert str(info.value) == "Your note is empty: write something before saving."
    with pytest.raises(R.ReadingError) as info:
        R.add_annotation(None, "1.2", "each other", "gloss", "n" * 20_001)
    assert str(info.value).startswith("Your note has 20,001 characters; the limit is 20,000.")


# ---------------------------------------------------------------------------------------
# The whole module (issue 14): the predictions file, the measures, the summary, the
# journal, the static and marked views


# ``store``: a fresh progress file, the student edition (the fixture of test_reading_views)
from test_reading_views import store  # noqa: E402,F401


def _tiny_corpus():
    """Five sub-sections whose words are counted at a glance: each word occurs in one
    sub-section only, so the more often it occurs there, the more distinctive it is."""
    from closereading import stats
    return stats.Corpus([("1.1", "1", "alpha alpha"),
                         ("2.1", "2", "beta beta gamma gamma gamma kappa kappa kappa kappa "
                                      "lambda lambda lambda lambda lambda"),
                         ("3.1", "3", "delta delta"), ("4.1", "4", "eps eps"),
                         ("5.1", "5", "zeta zeta zeta")])


def test_the_measures_of_a_prediction_by_hand(monkeypatch):
    from closereading import stats
    monkeypatch.setattr(stats, "course_corpus", _tiny_corpus)
    assert R._measure_words({"section": 2}) == (14, "Sub-section 2 has 14 words.")
    assert R._measure_count({"section": 2, "word": "Kappa"}) == (
        4, "\u201cKappa\u201d occurs 4 times in sub-section 2 (14 words).")
    value, sentence = R._measure_profile({})
    assert value is None
    assert sentence == ("Sub-section 1: 2 words; most distinctive words: alpha; "
                        "sub-section 2: 14 words; most distinctive words: lambda, kappa, gamma; "
                        "sub-section 3: 2 words; most distinctive words: delta; "
                        "sub-section 4: 2 words; most distinctive words: eps; "
                        "sub-section 5: 3 words; most distinctive words: zeta.")
    pred = R.Prediction("p", "00", "How many?", "number", {"name": "words", "section": 5},
                        "06")
    assert R.measured(pred) == (3, "Sub-section 5 has 3 words.")


def test_an_unknown_prediction_names_the_closest_id():
    with pytest.raises(R.ReadingError) as info:
        R.prediction("hw-shuold")
    assert str(info.value) == "no prediction 'hw-shuold' in predictions.yml; did you mean 'hw-should'?"
    with pytest.raises(R.ReadingError) as info:
        R.prediction("zzzz")
    assert str(info.value) == "no prediction 'zzzz' in predictions.yml"


def _problems(yaml_text, notebooks=("00", "01", "06")):
    from closereading.materials import MaterialsError, parse_yaml
    try:
        return R.parse_predictions(parse_yaml(yaml_text, "predictions.yml"), "predictions.yml",
                                   notebooks=list(notebooks))
    except MaterialsError as err:
        return [str(p) for p in err.problems]


def test_a_predictions_file_that_is_not_a_list():
    assert _problems("id: a\n") == ["predictions.yml: should be a list of predictions"]


def test_summary_of_every_part_by_hand(store, tmp_path):
    from closereading.excerpts import load
    from closereading.quiz import progress as P
    store = P.Store(tmp_path / "own.json")   # not the default store
    nq = len(load("01-harmonious-world").discussion)
    assert nq == 4
    store.update("1.1", lambda r: {**r, "text": "x", "saved": True}, kind=R.READING)
    store.update("hw-should", lambda r: {"text": "9"}, kind=R.PREDICTIONS)
    store.update("ifp-china", lambda r: {"text": "3"}, kind=R.PREDICTIONS)   # notebook 02
    for key in ("01-harmonious-world/1", "01-harmonious-world/4",
                "01-harmonious-world/5", "01-harmonious-world/0", "02-independent-foreign-policy/2"):
        store.update(key, lambda r: {"text": "an answer"}, kind=R.DISCUSSION)
    store.update("01-harmonious-world/2", lambda r: {"text": ""}, kind=R.DISCUSSION)
    assert R.summary("01", store) == {
        "done": 4, "total": 12,
        "parts": {"reading": {"done": 1, "total": 6}, "predictions": {"done": 1, "total": 2},
                  "discussion": {"done": 2, "total": 4}}}
    store.update("00-start-here/1", lambda r: {"text": "an answer"}, kind=R.DISCUSSION)
    assert R.summary("00", store)["parts"]["discussion"] == {"done": 0, "total": 0}
    assert R.summary("01")["done"] == 0   # the default store is empty
    # a notebook without reading prompts or discussion questions
    assert R.summary("06", store) == {
        "done": 0, "total": 0,
        "parts": {"reading": {"done": 0, "total": 0}, "predictions": {"done": 0, "total": 0},
                  "discussion": {"done": 0, "total": 0}}}


def test_the_journal_in_the_notebook_is_the_markdown_preformatted(store, tmp_path):
    from closereading.quiz import progress as P
    store = P.Store(tmp_path / "own.json")   # not the default store
    store.update("1.2", lambda r: {**r, "text": "a <b> & c", "saved": True}, kind=R.READING)
    md = R.journal_markdown(store)
    shown = R.journal(store)
    assert shown.text == md
    import html
    assert shown.html == '<pre style="white-space:pre-wrap">' + html.escape(md) + "</pre>"
    assert "&gt; a &amp;lt;b&amp;gt; &amp;amp; c\n</pre>" in shown.html


PREDICTIONS_WITH_MISTAKES = """\
- id: ok-one
  notebook: "00"
  prompt: Guess.
  type: number
  returns_in: "01"
  measure: {name: count, word: should, section: 1}
- notebook: "09"
  id: Bad_Id
  prompt: p
  type: guess
  returns_in: "08"
  measure: {name: words}
- notebook: "01"
  id: ok-one
  prompt: Again.
  type: text
  returns_in: "00"
  measure: [words]
  colour: red
- just text
- id: no-prompt
  notebook: "00"
  type: text
  returns_in: "01"
  measure: {name: section-profile}
"""


def test_every_mistake_in_a_predictions_file_word_for_word():
    known = "id, measure, notebook, prompt, returns_in, revisit, type"
    assert _problems(PREDICTIONS_WITH_MISTAKES) == [
        "predictions.yml, line 8, item 'prediction 2', field 'id': should be lower-case "
        "letters, digits and single hyphens",
        "predictions.yml, line 7, item 'prediction 2', field 'notebook': no notebook '09' in "
        "course.yml (ids: 00, 01, 06)",
        "predictions.yml, line 11, item 'prediction 2', field 'returns_in': no notebook '08' "
        "in course.yml (ids: 00, 01, 06)",
        "predictions.yml, line 10, item 'prediction 2', field 'type': should be one of "
        "number, text",
        "predictions.yml, line 12, item 'prediction 2', field 'measure': the measure 'words' "
        "takes section",
        f"predictions.yml, line 19, item 'prediction 3', field 'colour': unknown field (known "
        f"fields: {known})",
        "predictions.yml, line 14, item 'prediction 3', field 'id': id 'ok-one' is used twice",
        "predictions.yml, line 18, item 'prediction 3', field 'measure': should be a mapping "
        "whose 'name' is one of count, words, section-profile",
        "predictions.yml, line 20, item 'prediction 4': each prediction should be a mapping",
        "predictions.yml, line 21, item 'prediction 5', field 'prompt': is required"]


@pytest.mark.parametrize("measure, message", [
    ("{name: count, word: x}", "the measure 'count' takes section, word"),
    ("{name: count, word: x, section: 1, n: 2}", "the measure 'count' takes section, word"),
    ("{name: section-profile, word: x}", "the measure 'section-profile' takes no parameters"),
    ("{name: nope}", "should be a mapping whose 'name' is one of count, words, section-profile"),
    ("section-profile", "should be a mapping whose 'name' is one of count, words, "
                        "section-profile"),
])
def test_a_measure_with_the_wrong_parameters(measure, message):
    entry = f'- {{id: a, notebook: "00", prompt: p, type: text, returns_in: "06", measure: {measure}}}\n'
    assert _problems(entry) == [
        f"predictions.yml, line 1, item 'prediction 1', field 'measure': {message}"]


@pytest.mark.parametrize("pid", ["a", "a1-b2-c3", "9"])
def test_good_ids_of_predictions(pid):
    entry = (f'- {{id: {pid}, notebook: "00", prompt: "Guess?", type: number, returns_in: "01", '
             "measure: {name: words, section: 2}}\n")
    assert _problems(entry) == {pid: R.Prediction(pid, "00", "Guess?", "number",
                                                  {"name": "words", "section": 2}, "01")}


@pytest.mark.parametrize("pid", ["a-", "-a", "a--b", "a_b", "A", "a b"])
def test_bad_ids_of_predictions(pid):
    entry = (f'- {{id: "{pid}", notebook: "00", prompt: p, type: text, returns_in: "01", '
             "measure: {name: section-profile}}\n")
    assert _problems(entry) == ["predictions.yml, line 1, item 'prediction 1', field 'id': "
                                "should be lower-case letters, digits and single hyphens"]


def test_the_courses_predictions_file_read_afresh():
    """Read without the cache (a cached reading hides the parser from a mutant)."""
    from closereading.course import load_course
    from closereading.materials import load_yaml, materials_file
    path = materials_file("predictions.yml")
    ids = [nb.id for nb in load_course().notebooks]
    preds = R.parse_predictions(load_yaml(path), path, notebooks=ids)
    assert list(preds)[:2] == ["start-general-specific", "hw-should"]
    assert preds["hw-should"] == R.Prediction(
        "hw-should", "01", "Skim sub-section 1 once. How many times do you think it uses the "
        "word \"should\"?", "number", {"name": "count", "word": "should", "section": 1}, "01")
    assert preds["start-general-specific"].measure == {"name": "section-profile"}
    assert preds["start-general-specific"].returns_in == "06"
    assert R.load_predictions() == preds


def _prompt_problems(yaml_text, section=1):
    from closereading.materials import MaterialsError, parse_yaml
    try:
        return R.parse_prompts(parse_yaml(yaml_text, "annotations/x.yml"), "annotations/x.yml",
                               section=section, doc=text.load())
    except MaterialsError as err:
        return [str(p) for p in err.problems]


# Support, lenses and points, on one line (so that the lines of the messages stay short).
SP = ('{support: full, lenses: [subject], points: [{ask: "Did you notice a?", quote: should}, '
      '{ask: "Did you notice b?", quote: should}, {ask: "Did you notice c?", quote: should}]}')
PROMPTS_WITH_MISTAKES = """\
anchors: []
reading:
  - paragraph: "1.1"
    prompt: Look.
    model: Seen.
    <<: SP
  - just text
  - prompt: Look.
    paragraph: "2.1"
    model: Seen.
    <<: SP
  - prompt: Again.
    paragraph: "1.1"
    model: Seen.
    <<: SP
  - paragraph: "1.2"
    prompt: Look.
    modle: Seen.
    <<: SP
  - paragraph: "1.3"
    prompt: " "
    model: Seen.
    <<: SP
  - prompt: Look.
    model: Seen.
    <<: SP
  - paragraph: "1.4"
    prompt: Look.
    model: Seen.
    commentary: [a, b]
    <<: SP
""".replace("SP", SP)


def test_every_mistake_in_a_reading_list_word_for_word():
    assert _prompt_problems(PROMPTS_WITH_MISTAKES) == [
        "annotations/x.yml, line 7, item 'reading prompt 2': each reading prompt should be a "
        "mapping with paragraph, prompt and model",
        "annotations/x.yml, line 9, item 'reading prompt 3', field 'paragraph': paragraph "
        "'2.1' is not in sub-section 1 (its paragraphs: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6)",
        "annotations/x.yml, line 13, item 'reading prompt 4', field 'paragraph': paragraph "
        "1.1 has a reading prompt already",
        "annotations/x.yml, line 18, item 'reading prompt 5', field 'modle': unknown field "
        "(known fields: commentary, lenses, model, paragraph, points, prompt, support)",
        "annotations/x.yml, line 16, item 'reading prompt 5', field 'model': is required",
        "annotations/x.yml, line 21, item 'reading prompt 6', field 'prompt': is empty",
        "annotations/x.yml, line 24, item 'reading prompt 7', field 'paragraph': is required",
        "annotations/x.yml, line 30, item 'reading prompt 8', field 'commentary': should be "
        "text, not YList"]


def test_a_reading_list_that_is_not_a_mapping_or_a_list():
    assert _prompt_problems("- a\n") == ["annotations/x.yml: should be a mapping with 'reading'"]
    assert _prompt_problems("reading: 5\n") == [
        "annotations/x.yml, line 1, field 'reading': should be a list, not int"]
    assert _prompt_problems("other: 1\n") == [
        "annotations/x.yml, line 1, field 'reading': is required"]


def test_the_paragraphs_without_a_prompt_are_listed():
    assert _prompt_problems(
        "x: 1\nreading:\n  - {paragraph: '1.2', prompt: a, model: b, <<: SP}\n"
        "  - {paragraph: '1.5', prompt: a, model: b, <<: SP}\n".replace("SP", SP)) == [
        "annotations/x.yml, line 2, field 'reading': every paragraph needs a reading "
        "prompt; missing: 1.1, 1.3, 1.4, 1.6"]


def test_a_reading_list_in_paragraph_order_with_its_commentary():
    got = _prompt_problems(("reading:\n  - {paragraph: '2.4', prompt: d, model: D, <<: SP}\n"
                            "  - {paragraph: '2.2', prompt: b, model: B, <<: SP}\n"
                            "  - {paragraph: '2.1', prompt: a, model: A, commentary: ' c ', "
                            "<<: SP}\n"
                            "  - {paragraph: '2.3', prompt: c, model: C, <<: SP}\n").replace(
                               "SP", SP.replace("should", "China")), section=2)
    points = tuple(R.Point(f"Did you notice {x}?", "China") for x in "abc")
    assert list(got.items()) == [
        ("2.1", R.Prompt("2.1", "a", "A", "c", points, "full", ("subject",))),
        ("2.2", R.Prompt("2.2", "b", "B", "", points, "full", ("subject",))),
        ("2.3", R.Prompt("2.3", "c", "C", "", points, "full", ("subject",))),
        ("2.4", R.Prompt("2.4", "d", "D", "", points, "full", ("subject",)))]


def test_a_notebooks_prompts_read_afresh():
    """Read without the cache (a cached reading hides the parser from a mutant)."""
    from closereading.materials import load_yaml, materials_file
    path = materials_file("annotations", "01-harmonious-world.yml")
    prompts = R.parse_prompts(load_yaml(path), path, section=1, doc=text.load())
    assert list(prompts) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert R.load_prompts("01") == prompts
    assert R.load_prompts("01-harmonious-world.ipynb") == prompts
    assert list(R.load_prompts("00")) == ["0.1"]


# ---------------------------------------------------------------------------------------
# The static views

P01 = ("As a member of the international community, China has great hope for the future "
       "world, and adopts the following thinking on international relations and foreign "
       "policies that conform to peaceful development.")
LINE = '<div aria-hidden="true" style="border-bottom:1px solid #767676;height:1.9em"></div>'


def test_ruled_space_with_its_label():
    assert R.ruled() == ('<div class="cr-ruled" style="margin:0.3em 0 0.6em 0"><p style="margin:0">'
                         "<em>Your response:</em></p>" + LINE * 4 + "</div>")
    assert R.ruled(2, "A <b>") == ('<div class="cr-ruled" style="margin:0.3em 0 0.6em 0"><p '
                                   'style="margin:0"><em>A &lt;b&gt;:</em></p>' + LINE * 2
                                   + "</div>")


def _own_prompt(monkeypatch):
    point = R.Point("Did you notice <this>?", "China has great hope")
    own = {"0.1": R.Prompt("0.1", "Who <speaks>?", "Model & more.", 'Comment "c".', (point,),
                           "guided", ("subject", "lists"))}
    monkeypatch.setattr(R, "load_prompts", lambda stem: own if stem == "00-start-here" else {})


PASSAGE = ('<div class="cr-reading-static"><p style="margin:0.4em 0;line-height:1.6"><strong>'
           f"[0.1]</strong> {P01}</p>"
           '<p style="margin:0.4em 0"><strong>Before the notes:</strong> Lenses: Subject and '
           "lists. Who &lt;speaks&gt;?</p>")
POINT = "Did you notice &lt;this&gt;? (\u201cChina has great hope\u201d)"
LIST = '<ul style="list-style:none;padding-left:1em;margin:0.2em 0">'
SUMMARY = " on paragraph 0.1 (open them after you have written your response)</summary>"


def test_the_static_passage_of_the_student_edition_whole(store, monkeypatch):
    _own_prompt(monkeypatch)
    got = R.static_passage("00", "0.1")
    assert got.html == (
        PASSAGE + '<div class="cr-ruled" style="margin:0.3em 0 0.6em 0"><p style="margin:0">'
        "<em>Your response:</em></p>" + LINE * 4 + "</div>"
        "<details><summary>What a good response notices, and the course\u2019s notes" + SUMMARY
        + '<div class="cr-selfcheck-static"><p style="margin:0.3em 0"><strong>Did you notice '
        "...? Tick each point that your response has.</strong></p>" + LIST
        + f"<li>[ ] {POINT}</li></ul>"
        '<div class="cr-ruled" style="margin:0.3em 0 0.6em 0"><p style="margin:0"><em>What I '
        "missed (one line):</em></p>" + LINE + "</div></div>"
        "<p>Comment &quot;c&quot;.</p></details></div>")
    assert got.text == (
        f"[0.1] {P01}\n\nBefore the notes: Lenses: Subject and lists. Who <speaks>?\n\n"
        "Your response: (write it in the box when the notebook runs, or on paper)\n\n"
        "What a good response notices, and the course's notes on paragraph 0.1 (folded in the "
        "live notebook until you respond):\nDid you notice ...? Tick each point that your "
        "response has.\n  [ ] Did you notice <this>? (\u201cChina has great hope\u201d)\n"
        'What I missed (one line): ______\nComment "c".')


def test_the_static_passage_of_the_teacher_edition_whole(store, monkeypatch):
    _own_prompt(monkeypatch)
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    got = R.static_passage("00-start-here.ipynb", "0.1")
    assert got.html == (
        PASSAGE + '<div style="border-left:3px solid #0072B2;padding-left:0.6em;margin:0.4em 0">'
        '<p style="margin:0.2em 0"><strong>Support: lenses and a cue (lenses: Subject and '
        'lists).</strong></p><p style="margin:0.2em 0"><strong>What a good response notices '
        "(teacher edition):</strong> Model &amp; more.</p></div>"
        '<div class="cr-selfcheck-static"><p style="margin:0.3em 0"><strong>What a good '
        "response notices, point by point:</strong></p>" + LIST + f"<li>{POINT}</li></ul></div>"
        "<details><summary>The course\u2019s notes" + SUMMARY
        + "<p>Comment &quot;c&quot;.</p></details></div>")
    assert got.text == (
        f"[0.1] {P01}\n\nBefore the notes: Lenses: Subject and lists. Who <speaks>?\n\n"
        "Support: lenses and a cue (lenses: Subject and lists).\nWhat a good response notices "
        "(teacher edition): Model & more.\nWhat a good response notices, point by point:\n"
        "  - Did you notice <this>? (\u201cChina has great hope\u201d)\n\nThe course's notes on "
        'paragraph 0.1 (folded in the live notebook until you respond):\nComment "c".')


def test_the_notes_of_a_section_paragraph_are_the_courses_then_the_commentary():
    from closereading import excerpts
    view = excerpts.passage("01-harmonious-world", "1.2")
    with_commentary = R._notes("01-harmonious-world", "1.2", R.Prompt("1.2", "p", "m", "C <1>"))
    assert with_commentary.html == view.html + "<p>C &lt;1&gt;</p>"
    assert with_commentary.text == view.text + "\nC <1>"
    bare = R._notes("01-harmonious-world", "1.2", R.Prompt("1.2", "p", "m"))
    assert (bare.html, bare.text) == (view.html, view.text)
    none = R._notes("00-start-here", "0.1", R.Prompt("0.1", "p", "m"))
    assert (none.html, none.text) == ("", "")


def test_a_paragraph_without_a_prompt_is_refused_word_for_word():
    with pytest.raises(R.ReadingError) as info:
        R._prompt("01-harmonious-world", "2.1")
    assert str(info.value) == ("paragraph '2.1' has no reading prompt in 01-harmonious-world "
                               "(its paragraphs: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6)")
    with pytest.raises(R.ReadingError) as info:
        R.annotate("01", "2.1")
    assert str(info.value).startswith("paragraph '2.1' has no reading prompt")
    assert R._prompt("01-harmonious-world", 1.2).paragraph == "1.2"
    with pytest.raises(R.ReadingError) as info:
        R.prompt_for("9.9")
    assert str(info.value) == "no reading prompt for paragraph '9.9'"
    assert R.prompt_for("2.3") == R.load_prompts("02")["2.3"]


OWN = '<span class="cr-own-mark" style="border-bottom:3px double #0072B2;padding:0 1px">'


def test_a_paragraph_marked_with_the_learners_notes_by_hand():
    items = [{"id": 1, "quote": "international", "occurrence": 2},
             {"id": 2, "quote": "China has great hope", "occurrence": 1},
             {"id": 3, "quote": "not in the paragraph", "occurrence": 1},
             {"id": 4, "quote": "", "occurrence": 1},
             {"id": 5, "quote": "great hope for the future world", "occurrence": 9}]
    assert R.marked_paragraph("00-start-here", "0.1", items) == (
        '<p class="cr-own-passage" style="margin:0.4em 0;line-height:1.7"><strong>[0.1]</strong> '
        "As a member of the international community, "
        f"{OWN}China has </span>{OWN}great hope</span>"
        '<sup aria-label="your note Y2">[Y2]</sup>'
        f"{OWN} for the future world</span>"
        '<sup aria-label="your note Y5">[Y5]</sup>'
        ", and adopts the following thinking on "
        f"{OWN}international</span>"
        '<sup aria-label="your note Y1">[Y1]</sup>'
        " relations and foreign policies that conform to peaceful development.</p>")
    assert R.marked_paragraph("00-start-here", "0.1", [], text.load()) == (
        '<p class="cr-own-passage" style="margin:0.4em 0;line-height:1.7"><strong>[0.1]</strong> '
        f"{P01}</p>")


def test_the_courses_marks_and_the_learners_together():
    items = [{"id": 2, "quote": "each other", "occurrence": 2}]
    got = R.marked_paragraph("01-harmonious-world", "1.2", items)
    mark = '<mark style="background:#fff1a8;color:#1a1a1a;padding:0 1px">'
    assert got.startswith(
        '<p class="cr-own-passage" style="margin:0.4em 0;line-height:1.7"><strong>[1.2]</strong> '
        f"{mark}Politically, countries should respect each other and treat </mark>"
        f"{mark}{OWN}each other</span></mark>"
        f'<sup aria-label="your note Y2">[Y2]</sup>{mark} as equals</mark>'
        '<sup aria-label="course note 6">[6]</sup>, and ')
    assert "safeguard the UN&#x27;s core role" in got


def test_the_learners_notes_listed():
    items = [{"id": 2, "quote": "a <q>", "occurrence": 1, "kind": "gloss", "note": "n<"},
             {"id": 5, "quote": "b", "occurrence": 1, "kind": "rhetoric", "note": "two\nlines"}]
    assert R.own_notes_html(items) == (
        '<ol aria-label="Your annotations" style="list-style:none;padding-left:1em">'
        "<li><strong>[Y2]</strong> <em>gloss</em>, on \u201ca &lt;q&gt;\u201d: <span "
        'class="cr-own-note" style="white-space:pre-wrap">n&lt;</span></li>'
        "<li><strong>[Y5]</strong> <em>rhetoric</em>, on \u201cb\u201d: <span "
        'class="cr-own-note" style="white-space:pre-wrap">two\nlines</span></li></ol>')
    assert R.own_notes_html([]) == "<p><em>No annotations of yours on this paragraph yet.</em></p>"


# ---------------------------------------------------------------------------------------
# The journal whole


def _write_a_bit_of_everything(store):
    store.update("0.1", lambda r: {**r, "text": "China *speaks*.\n\nTwice.", "saved": True},
                 kind=R.READING)
    store.update("1.3", lambda r: {**r, "text": "not saved", "saved": False}, kind=R.READING)
    store.update("1.2", lambda r: R.add_annotation(r, "1.2", "each other", "gloss", "one\ntwo"),
                 kind=R.ANNOTATIONS)
    store.update("1.2", lambda r: R.add_annotation(r, "1.2", "democracy", "context", "[x]"),
                 kind=R.ANNOTATIONS)
    store.update("start-general-specific", lambda r: {"text": "Section 1 <general>"},
                 kind=R.PREDICTIONS)
    store.update("hw-should", lambda r: {"text": ""}, kind=R.PREDICTIONS)
    store.update("01-harmonious-world/4", lambda r: {"text": "Last one."}, kind=R.DISCUSSION)
    store.update("01-harmonious-world/3", lambda r: {"text": ""}, kind=R.DISCUSSION)
    store.update("06-the-whole-text/1", lambda r: {"text": "never shown"}, kind=R.DISCUSSION)


def test_the_journal_whole(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)     # the journal is written beside the notebook (issue 24)
    from closereading.excerpts import load
    from closereading.quiz import progress as P
    default, store = store, P.Store(tmp_path / "own" / "progress.json")   # not the default
    _write_a_bit_of_everything(store)
    guess = "Look at the chart and the titles together. Which sub-section would you expect " \
            "to be the most general, and which the most specific? Say why in a sentence."
    q4 = load("01-harmonious-world").discussion[3]
    assert q4.number == 4
    prompt = R.load_prompts("00")["0.1"].prompt
    assert R.journal_markdown(store) == "\n".join([
        "# My reading journal", "",
        "Part III of *China's Peaceful Development* (2011), read closely.", "",
        "## 00 \u00b7 Start here", "",
        f"**Prediction.** {guess}", "",
        "> Section 1 &lt;general&gt;", "",
        "### Paragraph 0.1", "",
        f"*Prompt:* {prompt}", "",
        "> China \\*speaks\\*.", ">", "> Twice.", "",
        "## 01 \u00b7 Promoting the building of a harmonious world", "",
        "### Paragraph 1.2", "",
        "- **gloss**, on \u201ceach other\u201d: one", "  two",
        "- **context**, on \u201cdemocracy\u201d: \\[x\\]", "",
        f"**Discussion 4.** {R.md_escape(q4.question)}", "",
        "> Last one.", ""])
    path = R.export_journal(store=store)
    assert path == tmp_path / "reading-journal.md" == R.journal_path()
    assert path.read_text(encoding="utf-8") == R.journal_markdown(store)
    assert "Nothing written yet." in R.journal_markdown()   # the default store is empty


def test_a_response_whose_prompt_was_removed_stays_in_the_journal(store, monkeypatch):
    store.update("1.1", lambda r: {**r, "text": "Kept.", "saved": True}, kind=R.READING)

    def gone(pid):
        raise R.ReadingError("no reading prompt")
    monkeypatch.setattr(R, "prompt_for", gone)
    assert R.journal_markdown(store).endswith(
        "## 01 \u00b7 Promoting the building of a harmonious world\n\n### Paragraph 1.1\n\n"
        "> Kept.\n")


def test_an_empty_journal_and_one_exported_elsewhere(store, tmp_path):
    assert R.journal_markdown(store) == (
        "# My reading journal\n\nPart III of *China's Peaceful Development* (2011), read "
        "closely.\n\nNothing written yet.\n")
    target = tmp_path / "a" / "b" / "mine.md"
    assert R.export_journal(str(target), store) == target
    assert target.read_text(encoding="utf-8") == R.journal_markdown(store)


# ---------------------------------------------------------------------------------------
# The loaders' cache


def test_the_cache_parses_again_only_when_the_file_changes(tmp_path):
    import os
    path = tmp_path / "data.yml"
    path.write_text("one")
    calls = []

    def parse():
        calls.append(path.read_text())
        return list(calls)

    first = R._cached(path, ("k",), parse)
    assert first == ["one"] and R._cached(path, ("k",), parse) is first
    assert R._cached(path, ("other",), parse) == ["one", "one"]     # another key: parsed apart
    twin = tmp_path / "twin.yml"        # another file, of the same size and time
    twin.write_text("one")
    os.utime(twin, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    assert R._cached(twin, ("k",), parse) == ["one", "one", "one"]
    stamp = (str(path.resolve()), path.stat().st_mtime_ns, path.stat().st_size)
    assert R._cache[stamp + ("k",)] is first
    path.write_text("two!")
    os.utime(path, ns=(1, 1))
    assert R._cached(path, ("k",), parse) == ["one", "one", "one", "two!"]
    mine = sorted(k for k in R._cache if k[0] == str(path.resolve()))
    assert mine == [(str(path.resolve()), 1, 4, "k"), stamp + ("other",)]   # the old one gone
    assert len([k for k in R._cache if k[0] == str(twin.resolve())]) == 1  # the twin's kept
    for k in list(R._cache):
        if k[0] in (str(path.resolve()), str(twin.resolve())):
            del R._cache[k]


def test_the_loaders_parse_the_files_when_nothing_is_cached(monkeypatch):
    """With an empty cache (the one the other tests filled hides the parsers)."""
    from closereading.materials import load_yaml, materials_file
    monkeypatch.setattr(R, "_cache", {})
    prompts = R.load_prompts("01")
    assert list(prompts) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    raw = load_yaml(materials_file("annotations", "01-harmonious-world.yml"))
    first = raw["reading"][0]
    assert prompts["1.1"] == R.Prompt(
        "1.1", first["prompt"].strip(), first["model"].strip(),
        (first.get("commentary") or "").strip(),
        tuple(R.Point(p["ask"].strip(), p["quote"]) for p in first["points"]),
        first["support"], tuple(first["lenses"]))
    assert R.load_prompts("01") is prompts
    preds = R.load_predictions()
    assert preds["hw-should"] == R.Prediction(
        "hw-should", "01", "Skim sub-section 1 once. How many times do you think it uses the "
        "word \"should\"?", "number", {"name": "count", "word": "should", "section": 1}, "01")
    assert R.load_predictions() is preds
    assert len(R._cache) == 2


def test_the_prompts_are_read_again_for_another_text(monkeypatch):
    import copy
    from closereading import text as text_module
    monkeypatch.setattr(R, "_cache", {})
    doc = text_module.load()
    first = R.load_prompts("02")
    other = copy.copy(doc)
    monkeypatch.setattr(text_module, "load", lambda: other)
    again = R.load_prompts("02")
    assert again == first and again is not first


def test_a_missing_file_is_parsed_every_time(tmp_path):
    calls = []
    parse = lambda: calls.append(1) or len(calls)   # noqa: E731
    assert R._cached(tmp_path / "none.yml", ("k",), parse) == 1
    assert R._cached(tmp_path / "none.yml", ("k",), parse) == 2


def test_the_notebooks_with_reading_prompts():
    assert R.reading_notebooks() == ["00-start-here", "01-harmonious-world",
                                     "02-independent-foreign-policy", "03-new-security-thinking",
                                     "04-international-responsibility", "05-regional-cooperation"]
    prompts = R.load_all_prompts()
    assert list(prompts) == R.reading_notebooks()
    assert [len(p) for p in prompts.values()] == [1, 6, 4, 4, 1, 1]   # paragraphs per part


def test_two_predictions_of_one_notebook_both_in_the_journal(store, monkeypatch, tmp_path):
    preds = {"p1": R.Prediction("p1", "00", "First?", "text", {"name": "section-profile"}, "06"),
             "p2": R.Prediction("p2", "00", "Second?", "text", {"name": "section-profile"}, "06")}
    monkeypatch.setattr(R, "load_predictions", lambda: preds)
    store.update("p1", lambda r: {"text": "one"}, kind=R.PREDICTIONS)
    store.update("p2", lambda r: {"text": "two"}, kind=R.PREDICTIONS)
    assert R.journal_markdown(store).endswith(
        "## 00 \u00b7 Start here\n\n**Prediction.** First?\n\n> one\n\n**Prediction.** "
        "Second?\n\n> two\n")


def test_a_broken_materials_file_is_named_by_the_loaders(monkeypatch, tmp_path):
    from closereading import materials
    from closereading.materials import MaterialsError
    (tmp_path / "predictions.yml").write_text("id: a\n")
    (tmp_path / "01-harmonious-world.yml").write_text("reading: 5\n")
    monkeypatch.setattr(materials, "materials_file", lambda *parts: tmp_path / parts[-1])
    monkeypatch.setattr(R, "_cache", {})
    with pytest.raises(MaterialsError) as err:
        R.load_predictions()
    assert [p.file for p in err.value.problems] == [
        materials.display_path(tmp_path / "predictions.yml")]
    with pytest.raises(MaterialsError) as err:
        R.load_prompts("01")
    assert [p.file for p in err.value.problems] == [
        materials.display_path(tmp_path / "01-harmonious-world.yml")]
