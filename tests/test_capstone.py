"""The capstone (notebook 08, issue 27): a passage the course has not shown, split into
paragraphs, read with lenses, annotated, counted beside Part III, commented on against a
rubric and assessed; all of it kept in the progress store and exported.

The passages are the fixtures of tests/fixtures/capstone/, written for these tests: an
invented ministry statement, an invented treaty preamble, an invented statement in
Chinese and an invented communiqué in French. None is a real document."""

import json
import shutil
from pathlib import Path

import pytest

from closereading import capstone as C
from closereading import submission
from closereading.materials import MaterialsError, parse_yaml
from closereading.paths import repo_root
from closereading.quiz import progress as P

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"
MINISTRY = FIXTURES / "ministry-statement.txt"
TREATY = FIXTURES / "treaty-preamble.txt"
CHINESE = FIXTURES / "chinese-statement.txt"
FRENCH = FIXTURES / "french-communique.txt"


@pytest.fixture
def store(tmp_path):
    return P.Store(tmp_path / "progress.json")


def passage_of(path, **kw) -> C.Passage:
    text, name = C.read_file(str(path))
    return C.make_passage(text, source="file", origin=name, **kw)


# ---------------------------------------------------------------------------------------
# The passage


def test_a_passage_is_split_into_paragraphs_with_ids():
    p = passage_of(MINISTRY)
    assert p.ids == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert p.paragraph("P3").startswith("Norland has always held that differences")
    assert "\n" not in p.paragraph("P3")
    # the title is the first line when none is given
    assert p.title == ("Statement by the Ministry of Foreign Affairs of the Republic of "
                       "Norland on the Waters of the Varsa Shoals")
    assert p.document().paragraph("P2").text == p.paragraph("P2")
    with pytest.raises(C.CapstoneError, match="no paragraph P9"):
        p.paragraph("P9")


def test_lines_without_blank_lines_are_paragraphs_when_they_end_sentences():
    text = ("The first sentence of the passage ends here.\nThe second line is a paragraph "
            "too, and it ends.\nA third line closes the short text of this test.")
    assert len(C.split_paragraphs(text)) == 3
    wrapped = ("a paragraph that a mail program wrapped\nat a fixed width so that its lines\n"
               "do not end sentences at all.")
    assert C.split_paragraphs(wrapped) == [" ".join(wrapped.split())]


def test_what_the_learner_gives_is_checked_with_a_clear_message(tmp_path):
    long_enough = " ".join(["The ministry notes the reports with concern."] * 10)
    with pytest.raises(C.CapstoneError, match="empty"):
        C.make_passage("   \n  ")
    with pytest.raises(C.CapstoneError, match="at most 30,000"):
        C.make_passage("word " * 7000)
    with pytest.raises(C.CapstoneError, match=r"control character \(U\+0007\) on line 2"):
        C.make_passage(long_enough + "\nbell\x07 here")
    with pytest.raises(C.CapstoneError, match="bring at least 40"):
        C.make_passage("Too short to read closely.")
    with pytest.raises(C.CapstoneError, match="at most 60"):
        C.make_passage("\n\n".join(["One short paragraph of five words."] * 61))
    with pytest.raises(C.CapstoneError, match="title has 201 characters"):
        C.make_passage(long_enough, "t" * 201)
    # Part III itself is not a passage the course has not shown
    from closereading import text
    with pytest.raises(C.CapstoneError, match="Part III of the white paper"):
        C.make_passage(text.load().section(1).text)
    # a passage that quotes a sentence of Part III is fine
    quoted = long_enough + " " + text.load().paragraph("1.5").text.split(". ")[0] + "."
    assert C.make_passage(quoted).paragraphs


def test_a_file_is_read_only_if_it_is_text(tmp_path):
    with pytest.raises(C.CapstoneError, match="Type the path"):
        C.read_file("  ")
    with pytest.raises(C.CapstoneError, match="No file at nothing.txt"):
        C.read_file("nothing.txt", base=tmp_path)
    with pytest.raises(C.CapstoneError, match="is a folder"):
        C.read_file(str(tmp_path))
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    with pytest.raises(C.CapstoneError, match="not a plain-text file"):
        C.read_file(str(pdf))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 au lait\nd\u00e9j\u00e0".encode("latin-1"))
    with pytest.raises(C.CapstoneError, match=r"not UTF-8 text \(byte 0xe9 on line 1\)"):
        C.read_file(str(latin))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a " * (C.FILE_LIMIT // 2 + 1))
    with pytest.raises(C.CapstoneError, match="bytes; the capstone reads a text of at most"):
        C.read_file(str(big))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(MINISTRY.read_text(encoding="utf-8").encode("utf-16"))
    assert C.read_file(str(utf16))[0] == MINISTRY.read_text(encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + MINISTRY.read_bytes())
    assert C.read_file("bom.txt", base=tmp_path) == (MINISTRY.read_text(encoding="utf-8"), "bom.txt")


# ---------------------------------------------------------------------------------------
# Languages


def test_what_works_depends_on_the_language_and_the_script():
    english, french, chinese = (passage_of(p).profile for p in (MINISTRY, FRENCH, CHINESE))
    assert english.english and english.words_work and english.comparison_works
    assert not french.english and french.words_work and not french.comparison_works
    assert chinese.unspaced and not chinese.words_work
    said = chinese.statement()
    for words in ("What works", "What does not", "character for character", "keyness",
                  "modal verbs"):
        assert words in said
    shown = C.statistics_rich(passage_of(CHINESE)).text
    assert "Characters (letters and digits)" in shown and "Keyness" not in shown
    shown = C.statistics_rich(passage_of(FRENCH)).text
    assert "Top content words" in shown and "Keyness" not in shown
    shown = C.statistics_rich(passage_of(MINISTRY)).text
    assert "Keyness against Part III" in shown and "Subject and modality" in shown


def test_a_chinese_passage_counts_characters_and_finds_strings():
    p = passage_of(CHINESE)
    assert C.count_words("两国政府") == 4 and C.count_words("the UN 两国") == 4
    assert p.size == sum(1 for ch in CHINESE.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff")
    hits = C.concordance(p, "合作")
    assert [h[0] for h in hits] == ["P1", "P4", "P4"] and all(h[2] == "合作" for h in hits)


# ---------------------------------------------------------------------------------------
# The statistics beside Part III


def test_the_counts_of_06_beside_part_iii():
    p = passage_of(MINISTRY)
    rows = dict((m, (a, b)) for m, a, b in C.counts_rows(p))
    assert rows["Paragraphs"] == ("6", "17") and rows["Words (tokens)"][1] == "1,414"
    assert rows["Words (tokens)"][0] == str(p.size)
    over, under = C.keywords(p)
    assert over[0].word == "norland" and over[0].count == 6 and over[0].ref_count == 0
    assert "countries" in [k.word for k in under]
    modal = {r[0]: r for r in C.modality_rows(p)}
    assert modal["should"][1] == 4 and modal["should"][3] == 28
    assert "neighbours 1" in modal["should"][5]          # the word before it
    assert modal["should"][6].startswith("countries ")          # Part III's subject of should
    kwic = C.concordance(p, "we will", 3)
    assert [h[0] for h in kwic] == ["P3"] and kwic[0][2] == "we will"


# ---------------------------------------------------------------------------------------
# The learner's work, saved


def test_the_work_is_saved_and_a_replaced_passage_keeps_its_work(store):
    p = C.set_passage(passage_of(MINISTRY), store)
    p = C.set_lenses(["denial", "modality"], store)
    assert p.lenses == ("modality", "denial")            # in the method's order
    rec, nudge = C.save_response(p, "P3", "denial", store)
    assert nudge and not rec["saved"] and rec["text"] == "denial"
    rec, nudge = C.save_response(p, "P3", "Norland says \"We do not seek confrontation\": a "
                                              "denial that answers a fear nobody names.", store)
    assert not nudge and rec["saved"]
    C.tick_lenses(p, "P3", ["denial", "subject"], store)   # a lens not chosen is dropped
    assert C.responses_of(p, store)["P3"]["lenses_used"] == ["denial"]
    C.add_annotation(p, "P3", "We do not seek confrontation", "rhetoric", "A denial.", store)
    with pytest.raises(C.CapstoneError, match="closest passage is: .We do not seek confrontation"):
        C.add_annotation(p, "P3", "We do not seek any confrontation", "rhetoric", "x", store)
    with pytest.raises(C.CapstoneError, match="occurs in paragraph P2"):
        C.add_annotation(p, "P3", "more than a century", "context", "x", store)
    # another passage: the first one and its work stay, and come back with it
    t = C.set_passage(passage_of(TREATY), store)
    assert C.current(store).digest == t.digest and t.lenses == ()
    kept = store.records(C.KIND_PASSAGE)[f"passage/{p.digest}"]
    assert kept["text"] == p.text and kept["lenses"] == ["modality", "denial"]
    back = C.set_passage(passage_of(MINISTRY), store)
    assert back.lenses == ("modality", "denial")
    assert C.annotations_of(back, store)["P3"][0]["quote"] == "We do not seek confrontation"


def test_lenses_are_checked(store):
    C.set_passage(passage_of(TREATY), store)
    with pytest.raises(C.CapstoneError, match="Choose 2 to 4 lenses \\(you chose 1\\)"):
        C.set_lenses(["lists"], store)
    with pytest.raises(C.CapstoneError, match="not a lens"):
        C.set_lenses(["lists", "colour"], store)
    assert C.set_lenses(["lists", "authority", "denial"], store).lenses == (
        "denial", "lists", "authority")


COMMENTARY = (
    "The ministry speaks of itself in the third person and then, in P3, says \"We do not "
    "seek confrontation\". Part III denies in the same way: \"China does not seek regional "
    "hegemony or sphere of influence\" (5.1). A quotation I misremember: \"we seek no "
    "quarrel\". ")


def test_the_commentary_is_counted_and_its_quotations_checked(store):
    p = C.set_passage(passage_of(MINISTRY), store)
    check = C.check_commentary(p, COMMENTARY * 12)
    assert check.cited == ("P3",) and check.cited_part_iii == ("5.1",)
    assert check.in_passage == ("We do not seek confrontation",) * 12
    assert check.in_part_iii == ("China does not seek regional hegemony or sphere of influence",) * 12
    assert check.elsewhere == ("we seek no quarrel",) * 12
    # word for word means the case too, but for a word form of one or two words
    other_case = C.check_commentary(p, 'It says "WE DO NOT SEEK CONFRONTATION" and "Shoals".')
    assert other_case.elsewhere == ("WE DO NOT SEEK CONFRONTATION",)
    assert other_case.in_passage == ("Shoals",)
    lines = check.lines(C.load_settings())
    assert lines[0].startswith(f"{check.words} words") and "in neither" in lines[-1]
    assert not C.check_commentary(p, "Too short (P9, 9.9).").within
    C.save_commentary(p, COMMENTARY * 12, store)
    assert C.commentary_of(p, store)["words"] == C.count_words(COMMENTARY * 12)


def test_the_self_assessment_needs_a_commentary_and_every_criterion(store):
    p = C.set_passage(passage_of(MINISTRY), store)
    rubric = C.load_settings().rubric
    levels = {c.id: 3 for c in rubric.criteria}
    with pytest.raises(C.CapstoneError, match="Save your commentary first"):
        C.save_self_assessment(p, levels, store=store)
    C.save_commentary(p, COMMENTARY * 12, store)
    with pytest.raises(C.CapstoneError, match="still to choose: Use of the method"):
        C.save_self_assessment(p, {**levels, "method": None}, store=store)
    with pytest.raises(C.CapstoneError, match="7 is not a level"):
        C.save_self_assessment(p, {**levels, "method": 7}, store=store)
    with pytest.raises(C.CapstoneError, match="keep it to one line"):
        C.save_self_assessment(p, levels, {"wording": "x" * 501}, store=store)
    rec = C.save_self_assessment(p, levels, {"wording": "  my second paragraph  "},
                                 "the comparison", store=store)
    assert rec == {"levels": levels, "evidence": {"wording": "my second paragraph"},
                   "revise": "the comparison"}


def test_damaged_records_are_read_as_much_as_makes_sense():
    assert C.clean_passage({"text": 3, "source": "stolen", "lenses": ["a", 1, "a"],
                            "words": -2}) == {**C.fresh_passage(), "lenses": ["a"]}
    assert C.clean_response({"text": "", "saved": True})["saved"] is False
    assert C.clean_self({"levels": {"a": 3, "b": True, "c": "4"}, "evidence": {"a": 1},
                         "revise": None}) == {"levels": {"a": 3}, "evidence": {}, "revise": ""}
    assert C.clean_commentary({"text": "one two three", "words": 999}) == {
        "text": "one two three", "words": 3}
    for kind in C.KINDS:
        assert kind in P.KINDS          # registered as the other kinds are


# ---------------------------------------------------------------------------------------
# Exported, and summed up for the teacher's report


def test_the_capstone_is_exported_and_valid_against_the_schema(store, tmp_path):
    p = C.set_passage(passage_of(MINISTRY), store)
    C.set_lenses(["denial", "modality"], store)
    p = C.current(store)
    C.save_response(p, "P3", "Norland denies twice in P3 and then warns.", store)
    C.add_annotation(p, "P3", "no government should mistake restraint for weakness",
                     "rhetoric", "A warning after the denial.", store)
    C.save_commentary(p, COMMENTARY * 12, store)
    C.save_self_assessment(p, {c.id: 2 for c in C.load_settings().rubric.criteria},
                           store=store)
    path = submission.export("Ada Learner", out=tmp_path / "sub.json", store=store)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert submission.schema_problems(data) == []
    rec = data["records"]
    assert rec["capstone"]["passage"]["digest"] == p.digest
    assert rec["capstone-reading"][f"{p.digest}/P3"]["saved"] is True
    assert rec["capstone-commentary"][p.digest]["words"] == C.count_words(COMMENTARY * 12)
    summary = C.summary(rec)
    assert summary == {"title": p.title, "source": "file", "digest": p.digest,
                       "paragraphs": 6, "words": p.size, "lenses": ["modality", "denial"],
                       "responses": 1, "annotations": 1,
                       "commentary_words": C.count_words(COMMENTARY * 12),
                       "commentary_in_range": True,
                       "self_assessment": {c.id: 2 for c in C.load_settings().rubric.criteria}}
    # a record of the wrong shape breaks the schema, with a message naming where
    data["records"]["capstone"]["passage"]["source"] = "stolen"
    assert any("capstone/passage/source" in m for m in submission.schema_problems(data))
    assert C.summary({}) is None and C.summary({"capstone": "junk"}) is None


def test_the_steps_done_for_the_scoreboard(store):
    assert C.steps_done(store) == dict.fromkeys(C.STEPS, False)
    p = C.set_passage(passage_of(TREATY), store)
    C.set_lenses(["lists", "authority"], store)
    p = C.current(store)
    for pid in p.ids:
        C.save_response(p, pid, f"Paragraph {pid} lists what the parties recall, in order.",
                        store)
    done = C.steps_done(store)
    assert done["responses"] and done["lenses"] and not done["commentary"]


# ---------------------------------------------------------------------------------------
# The materials: capstone.yml


def test_the_rubric_is_data_with_the_same_levels_for_every_criterion():
    s = C.load_settings()
    assert s.rubric.scores == (1, 2, 3, 4) and len(s.rubric.criteria) == 5
    assert all(set(c.descriptors) == {1, 2, 3, 4} for c in s.rubric.criteria)
    assert s.class_passage is None                      # the course sets no passage
    shown = C.rubric_rich(s)
    assert "Accomplished (4)" in shown.text and '<th scope="row"' in shown.html


BAD = """
class_passage: {file: x.txt}
advice: Bring a text.
lenses: {min: 5, max: 2}
typical_passage: {words: 600, paragraphs: 6}
commentary: {min_words: 600, max_words: 400, prompt: Write.}
rubric:
  levels: [{score: 1, label: Low}, {score: 1, label: High}]
  criteria:
    - {id: Bad Id, name: N, question: Q, descriptors: {1: a}}
    - id: ok
      name: N
      question: Q
      colour: red
      descriptors: {1: a, 3: b}
"""


def test_mistakes_in_capstone_yml_name_the_file_item_and_field():
    with pytest.raises(MaterialsError) as err:
        C.parse_settings(parse_yaml(BAD, "capstone.yml"), "capstone.yml")
    message = str(err.value)
    for words in ("item 'class_passage', field 'title': is required",
                  "item 'lenses', field 'min': min (5) is above max (2)",
                  "field 'min_words': min_words (600) should be below max_words (400)",
                  "item 'rubric, level 2', field 'score': scores go up",
                  "item 'rubric, criterion 1', field 'id': should be lower-case",
                  "item 'rubric, criterion ok', field 'colour': unknown field",
                  "field 'descriptors.3': 3 is not a level's score"):
        assert words in message, words


def test_a_class_passage_set_by_the_teacher(tmp_path, monkeypatch):
    folder = tmp_path / "materials"
    shutil.copytree(repo_root() / "materials", folder)
    (folder / "passages").mkdir()
    shutil.copy(TREATY, folder / "passages" / "treaty.txt")
    path = folder / "capstone.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "class_passage: null", 'class_passage: {file: passages/treaty.txt, title: "A treaty '
        'of the Kessen Basin", source: "Written for the class"}'), encoding="utf-8")
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(folder))
    got = C.class_passage()
    assert got.source == "class" and got.origin == "treaty.txt"
    assert got.title == "A treaty of the Kessen Basin" and len(got.paragraphs) == 10
    (folder / "passages" / "treaty.txt").unlink()
    with pytest.raises(C.CapstoneError, match="capstone.yml, field 'class_passage'.*No file"):
        C.class_passage()


def test_the_repository_commits_no_passage_but_part_iii():
    """The course reproduces only Part III: no text file in the materials but the source
    and the stopword list, and .gitignore keeps a teacher's passages out of git."""
    materials = repo_root() / "materials"
    texts = sorted(p.relative_to(materials).as_posix() for p in materials.rglob("*.txt"))
    assert texts == ["source/peaceful-development-part-iii.raw.txt", "stopwords.txt"]
    assert "materials/passages/" in (repo_root() / ".gitignore").read_text()


def test_the_passage_title_and_paragraph_limits_at_their_edges():
    """Each limit admits exactly its number and refuses one more, saying both."""
    assert len(C.clean_text("a" * C.PASSAGE_LIMIT)) == C.PASSAGE_LIMIT
    with pytest.raises(C.CapstoneError, match=f"has {C.PASSAGE_LIMIT + 1:,} characters; the "
                                              f"capstone takes at most {C.PASSAGE_LIMIT:,}"):
        C.clean_text("a" * (C.PASSAGE_LIMIT + 1))
    assert C.clean_title("t" * C.TITLE_LIMIT) == "t" * C.TITLE_LIMIT
    with pytest.raises(C.CapstoneError, match=f"The title has {C.TITLE_LIMIT + 1} characters"):
        C.clean_title("t" * (C.TITLE_LIMIT + 1))
    para = "Paragraph {} says that the sea and the islands belong to nobody in particular."
    most = "\n\n".join(para.format(i) for i in range(C.PARAGRAPH_LIMIT))
    assert len(C.make_passage(most).paragraphs) == C.PARAGRAPH_LIMIT
    with pytest.raises(C.CapstoneError, match=f"has {C.PARAGRAPH_LIMIT + 1} paragraphs; the "
                                              f"capstone takes at most {C.PARAGRAPH_LIMIT}"):
        C.make_passage(most + "\n\n" + para.format("last"))


def test_a_self_assessment_read_from_the_file_keeps_its_evidence(tmp_path):
    rec = {"levels": {"claims": 3}, "evidence": {"claims": "my second paragraph", "x": 1},
           "revise": "the close"}
    assert C.clean_self(rec) == {"levels": {"claims": 3},
                                 "evidence": {"claims": "my second paragraph"},
                                 "revise": "the close"}
    store = P.Store(tmp_path / "progress.json")
    store.update("k", lambda r: rec, kind=C.KIND_SELF)
    again = P.Store(tmp_path / "progress.json").record("k", kind=C.KIND_SELF)
    assert again["evidence"] == {"claims": "my second paragraph"}
