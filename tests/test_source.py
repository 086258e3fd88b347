"""The raw capture and the parsed document."""

import hashlib

import pytest

from closereading import text
from closereading.paths import SOURCE_SHA256, source_path
from closereading.text import SourceError, parse, parse_plain

RAW = source_path().read_bytes()
EXPECTED_COUNTS = [1, 6, 4, 4, 1, 1]
TITLES = [
    "Introduction",
    "Promoting the building of a harmonious world",
    "Pursuing an independent foreign policy of peace",
    "Promoting new thinking on security featuring mutual trust, mutual benefit, equality and coordination",
    "Actively living up to international responsibility",
    "Promoting regional cooperation and good-neighborly relations",
]


@pytest.fixture(scope="module")
def doc():
    return text.load()


def test_capture_is_byte_for_byte():
    assert hashlib.sha256(RAW).hexdigest() == SOURCE_SHA256
    assert not RAW.endswith(b"\n")


def test_paragraph_counts(doc):
    assert [len(s.paragraphs) for s in doc.sections] == EXPECTED_COUNTS


def test_titles_and_ids(doc):
    assert doc.title == "III. China's Foreign Policies for Pursuing Peaceful Development"
    assert [s.title for s in doc.sections] == TITLES
    assert [p.id for p in doc.paragraphs] == [
        "0.1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4",
        "3.1", "3.2", "3.3", "3.4", "4.1", "5.1"]
    assert doc.introduction.id == "0"
    assert [s.id for s in doc.subsections] == ["1", "2", "3", "4", "5"]
    assert doc.paragraph("1.6").text.startswith("In terms of the environment")
    assert doc.paragraph("5.1").text.endswith("partner of other Asian countries.")


def test_every_paragraph_is_verbatim_at_its_offset(doc):
    raw = RAW.decode("utf-8")
    for p in doc.paragraphs:
        assert raw[p.start:p.end] == p.text
        assert raw.splitlines()[p.line - 1].startswith(p.text.splitlines()[0])


def test_no_navigation_or_contents_line_leaks(doc):
    lines = RAW.decode("utf-8").splitlines()
    not_text = [lines[i] for i in range(0, 18)]  # title, contents, navigation, repeated title
    for p in doc.paragraphs:
        for line in filter(None, not_text):
            assert line not in p.text, (p.id, line)
        assert not p.text.startswith("-- ")
    assert {d.line for d in doc.dropped} == {4, 6, 8, 10, 12, 14, 16, 18}
    reasons = {d.text: d.reason for d in doc.dropped}
    assert "navigation" in reasons["More news about China"]
    assert "navigation" in reasons["Back to China.org.cn"]


def test_joining_the_paragraphs_reproduces_the_body(doc):
    raw = RAW.decode("utf-8")
    assert doc.body == raw[raw.index("As a member of the international community"):]
    assert doc.rebuild_body() == doc.body
    for s in doc.subsections:
        heading = "-- " + s.title + "\n\n"
        start = raw.index(heading) + len(heading)
        assert raw[start:].startswith(s.text)


def test_table_of_contents(doc):
    assert [e.numeral for e in doc.toc] == ["I", "II", "III", "IV", "V"]
    assert [e.included for e in doc.toc] == [False, False, True, False, False]
    assert doc.toc[3].title == "China's Path of Peaceful Development Is a Choice Necessitated by History"


def test_unknown_paragraph_is_a_clear_error(doc):
    with pytest.raises(KeyError, match="no paragraph '9.9'.*0.1 to 5.1"):
        doc.paragraph("9.9")
    with pytest.raises(KeyError, match="no section 7 in .*sections: 0, 1, 2, 3, 4, 5"):
        doc.section(7)


# -- malformed sources ------------------------------------------------------------------

GOOD = "T\n\nI. T\n\nnav\n\nT\n\nIntro.\n\n-- One\n\nPara one.\n\n-- Two\n\nPara two."


def test_a_small_well_formed_source():
    d = parse(GOOD, "small.txt")
    assert [p.id for p in d.paragraphs] == ["0.1", "1.1", "2.1"]
    assert d.rebuild_body() == d.body


@pytest.mark.parametrize("raw, message, line", [
    ("", "the source is empty", None),
    ("  \n\n \n", "the source is empty", None),
    ("T\n\nT\n\nJust a paragraph.\n\nAnother.", "no sub-section headings", None),
    ("T\n\nT\n\nIntro.\n\n-- One\n\n-- Two\n\nText.", "heading '-- One' has no paragraph after it", 7),
    ("T\n\nT\n\nIntro.\n\n-- One\n\nText.\n\n-- Last", "heading '-- Last' has no paragraph after it", 11),
    ("-- One\n\nText.", "the first line should be the title", 1),
    ("T\n\nT", "no text after the title", 3),
])
def test_malformed_sources_name_the_problem_and_line(raw, message, line):
    with pytest.raises(SourceError) as info:
        parse(raw, "bad.txt")
    assert message in str(info.value)
    assert str(info.value).startswith("bad.txt")
    assert info.value.line == line
    if line:
        assert f"line {line}" in str(info.value)


def test_bytes_that_are_not_utf8_name_the_line():
    data = GOOD.encode("utf-8").replace(b"Para two.", b"Para \xff two.")
    with pytest.raises(SourceError) as info:
        parse(data, "latin.txt")
    assert info.value.line == 17
    assert "0xff" in str(info.value) and "UTF-8" in str(info.value)


def test_unreadable_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read the file"):
        text.read_source(tmp_path / "missing.txt")


def test_errors_render_without_a_traceback_in_ipython():
    with pytest.raises(SourceError) as info:
        parse("", "x.txt")
    assert info.value._render_traceback_() == ["SourceError: x.txt: the source is empty"]


# -- plain texts (a teacher's own) ---------------------------------------------------------

def test_plain_text_without_headings_is_one_section():
    d = parse_plain("First paragraph,\nstill first.\n\nSecond.\n", "mine.txt")
    assert len(d.sections) == 1 and d.sections[0].title == "Whole text"
    assert [p.text for p in d.paragraphs] == ["First paragraph,\nstill first.", "Second."]


def test_plain_text_with_headings_uses_them():
    d = parse_plain("Preface.\n\n-- A\n\nText a.\n\n-- B\n\nText b.", "mine.txt")
    assert [(s.id, s.title) for s in d.sections] == [("0", "Before the first heading"), ("1", "A"), ("2", "B")]


def test_plain_text_empty_is_an_error():
    with pytest.raises(SourceError, match="mine.txt: the file is empty"):
        parse_plain("\n\n", "mine.txt")
