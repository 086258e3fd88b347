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
