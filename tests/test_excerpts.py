"""Annotated excerpts: validation, anchoring, numbering and rendering (small fixtures)."""

import shutil
import textwrap

import pytest

from closereading import apparatus, excerpts, text
from closereading.materials import MaterialsError, parse_yaml
from closereading.paths import repo_root

REFS = textwrap.dedent("""\
    - id: un-charter
      title: "Charter of the United Nations"
      author: "United Nations"
      date: "26 June 1945"
      kind: treaty
    - id: unfccc-1992
      title: "United Nations Framework Convention on Climate Change"
      author: "United Nations"
      date: "1992"
    """)
GLOSSARY = textwrap.dedent("""\
    - id: cbdr
      term: "common but differentiated responsibilities"
      definition: "A principle of environmental law."
      references: [unfccc-1992]
    - id: un-charter
      term: "UN Charter"
      definition: "The founding treaty of the United Nations."
      references: [un-charter]
    """)
ANNOTATIONS = textwrap.dedent("""\
    section: 1
    annotations:
      - anchor: {paragraph: "1.6", quote: "common but differentiated responsibilities"}
        kind: context
        note: "A note with <b>markup</b> & an ampersand."
        glossary: cbdr
        references: [unfccc-1992]
      - anchor: {paragraph: "1.6", quote: "differentiated"}
        kind: gloss
        note: "Inside the longer anchor."
      - anchor: {paragraph: "1.6", quote: "should", occurrence: all}
        kind: rhetoric
        note: "Every should."
      - anchor: {paragraph: "1.6", quote: "should", occurrence: 2}
        kind: structure
        note: "The second should."
      - anchor: {paragraph: "1.2", quote: "UN Charter"}
        kind: context
        note: "The Charter."
        glossary: [un-charter]
        references: un-charter
    discussion:
      - question: "What would count as evidence?"
        teacher_notes: "Look for <sources>."
      - question: "How might another government put it?"
        teacher_notes: "Compare white papers."
    """)


@pytest.fixture
def doc():
    return text.load()


@pytest.fixture
def refs():
    return apparatus.parse_references(parse_yaml(REFS), "references.yml")


@pytest.fixture
def glossary(refs):
    return apparatus.parse_glossary(parse_yaml(GLOSSARY), refs, "glossary.yml")


def parse(yaml_text, doc, glossary, refs, section=1):
    return excerpts.parse_annotations(parse_yaml(yaml_text, "a.yml"), "a.yml",
                                      notebook="01-harmonious-world", section=section, doc=doc,
                                      glossary=glossary, references=refs)


@pytest.fixture
def data(doc, glossary, refs):
    return parse(ANNOTATIONS, doc, glossary, refs)


def problems_of(yaml_text, doc, glossary, refs, section=1):
    with pytest.raises(MaterialsError) as info:
        parse(yaml_text, doc, glossary, refs, section)
    return info.value.problems


# ---------------------------------------------------------------------------------------
# Anchoring and numbering


def test_find_spans_counts_every_occurrence():
    assert excerpts.find_spans("a should b should", "should") == [(2, 8), (11, 17)]
    assert excerpts.find_spans("aaa", "aa") == [(0, 2), (1, 3)]
    assert excerpts.find_spans("abc", "") == []


def test_notes_are_numbered_in_reading_order(data, doc):
    order = [(a.number, a.paragraph, a.quote, a.index) for a in data.annotations]
    assert [o[0] for o in order] == [1, 2, 3, 4, 5]
    # paragraph 1.2 comes first, although its note is last in the file
    assert order[0][1:3] == ("1.2", "UN Charter")
    # in 1.6: the first "should" (note with every occurrence) precedes the second one
    para = doc.paragraph("1.6").text
    starts = [a.spans[0][0] for a in data.annotations[1:]]
    assert starts == sorted(starts)
    assert para[slice(*data.annotations[1].spans[0])] == "should"


def test_occurrence_default_first_nth_and_all(data, doc):
    para = doc.paragraph("1.6").text
    every = next(a for a in data.annotations if a.note == "Every should.")
    second = next(a for a in data.annotations if a.note == "The second should.")
    assert every.occurrence is None and len(every.spans) == para.count("should") == 3
    assert second.occurrence == 2 and second.spans == (every.spans[1],)
    charter = next(a for a in data.annotations if a.quote == "UN Charter")
    assert charter.occurrence == 1 and len(charter.spans) == 1


def test_single_ids_and_lists_are_both_accepted(data):
    charter = next(a for a in data.annotations if a.quote == "UN Charter")
    assert charter.glossary == ("un-charter",) and charter.references == ("un-charter",)


def test_counts_and_helpers(data):
    assert data.kinds() == {"context": 2, "gloss": 1, "rhetoric": 1, "structure": 1}
    assert data.paragraphs() == ["1.2", "1.6"]
    assert data.glossary_ids() == ["un-charter", "cbdr"]
    assert len(data.discussion) == 2 and data.discussion[1].number == 2


# ---------------------------------------------------------------------------------------
# Validation: every rule names file, line, item and field


@pytest.mark.parametrize("change, field, message", [
    (("quote: \"UN Charter\"", "quote: \"UN charter\""), "anchor.quote",
     "does not occur verbatim in paragraph 1.2; the closest passage is 'UN Charter'"),
    (("quote: \"UN Charter\"", "quote: \"durable peace\""), "anchor.quote",
     "it occurs in paragraph 1.1"),
    (("paragraph: \"1.2\"", "paragraph: \"2.1\""), "anchor.paragraph",
     "paragraph 2.1 is not in sub-section 1"),
    (("paragraph: \"1.2\"", "paragraph: \"1.9\""), "anchor.paragraph", "no paragraph '1.9'"),
    (("kind: gloss", "kind: glosss"), "kind", "unknown kind 'glosss'"),
    (("    references: un-charter\n", ""), "references",
     "a context note must cite at least one reference"),
    (("glossary: cbdr", "glossary: cbd"), "glossary", "did you mean 'cbdr'"),
    (("references: [unfccc-1992]", "references: [unfccc]"), "references",
     "no reference with id 'unfccc'"),
    (("    kind: gloss\n", "    kind: gloss\n    colour: red\n"), "colour",
     "unknown field"),
    (("quote: \"differentiated\"}", "quote: \"differentiated\", page: 3}"), "page",
     "unknown field"),
    (("occurrence: 2", "occurrence: 4"), "anchor.occurrence",
     "asks for occurrence 4, but the quote occurs 3 times"),
    (("occurrence: 2", "occurrence: 0"), "anchor.occurrence", "whole number from 1"),
    (("occurrence: 2", "occurrence: second"), "anchor.occurrence", "whole number from 1"),
    (("    note: \"Inside the longer anchor.\"\n", ""), "note", "is required"),
    (("note: \"Inside the longer anchor.\"", "note: \"\""), "note", "is empty"),
    (("section: 1", "section: 2"), "section", "course.yml gives the notebook"),
    (("section: 1", "section: one"), "section", "sub-section's number"),
    (("    teacher_notes: \"Compare white papers.\"\n", ""), "teacher_notes",
     "is required"),
    (("kind: rhetoric", "kind: [rhetoric]"), "kind", "should be text"),
])
def test_validation_rules(change, field, message, doc, glossary, refs):
    old, new = change
    assert old in ANNOTATIONS
    found = problems_of(ANNOTATIONS.replace(old, new, 1), doc, glossary, refs)
    matching = [p for p in found if p.field == field and message in p.message]
    assert matching, [str(p) for p in found]
    assert matching[0].file == "a.yml" and matching[0].line


def test_problem_names_the_annotation_by_its_position(doc, glossary, refs):
    found = problems_of(ANNOTATIONS.replace("kind: gloss", "kind: nope"), doc, glossary, refs)
    assert str(found[0]).startswith("a.yml, line 9, item 'annotation 2', field 'kind': ")


def test_repeated_annotation_and_question_are_reported(doc, glossary, refs):
    repeated = ANNOTATIONS.replace(
        "discussion:\n",
        "  - anchor: {paragraph: \"1.6\", quote: \"differentiated\"}\n"
        "    kind: gloss\n    note: \"Inside the longer anchor.\"\n"
        "discussion:\n  - question: \"What would count as evidence?\"\n"
        "    teacher_notes: \"again\"\n")
    found = problems_of(repeated, doc, glossary, refs)
    assert any("repeats annotation 2" in p.message for p in found)
    assert any("repeats discussion question 1" in p.message for p in found)


def test_anchor_shapes_and_file_shape(doc, glossary, refs):
    found = problems_of("section: 1\nannotations:\n  - anchor: \"1.2 UN Charter\"\n"
                        "    kind: gloss\n    note: n\n", doc, glossary, refs)
    assert found[0].field == "anchor" and "should be a mapping" in found[0].message
    found = problems_of("- just a list\n", doc, glossary, refs)
    assert "should be a mapping with 'section'" in found[0].message
    found = problems_of("section: 1\n", doc, glossary, refs)
    assert found[0].field == "annotations" and found[0].message == "is required"


def test_all_problems_in_one_error_with_a_short_notebook_display(doc, glossary, refs):
    bad = ANNOTATIONS.replace("kind: gloss", "kind: nope").replace("UN Charter\"}", "UN Chartre\"}")
    with pytest.raises(MaterialsError) as info:
        parse(bad, doc, glossary, refs)
    assert len(info.value.problems) >= 2
    shown = info.value._render_traceback_()
    assert shown[0].startswith("MaterialsError: ") and "Traceback" not in "".join(shown)


def test_closest_passage_suggests_a_fix():
    para = text.load().paragraph("1.6").text
    assert excerpts.closest_passage("common but diferentiated responsibilities", para) == \
        "common but differentiated responsibilities"
    assert excerpts.closest_passage("", para) == ""


# ---------------------------------------------------------------------------------------
# Rendering


def render(data, pid, glossary, refs, doc):
    return excerpts._paragraph_view(data, pid, glossary, refs, doc)


def test_anchor_is_highlighted_and_numbered_in_html(data, glossary, refs, doc):
    view = render(data, "1.2", glossary, refs, doc)
    assert ('<mark style="background:#fff1a8;color:#1a1a1a;padding:0 1px">UN Charter</mark>'
            '<sup>[<a href="#note-1-1" aria-label="note 1">1</a>]</sup>') in view.html
    assert '<li id="note-1-1"' in view.html
    assert "<strong>[1]</strong> <em>Context</em>, on \u201cUN Charter\u201d: The Charter." \
        in view.html
    assert '<a href="#gloss-un-charter">UN Charter</a>' in view.html
    assert '<a href="#ref-un-charter">Charter of the United Nations (26 June 1945)</a>' \
        in view.html


def test_plain_text_marks_anchors_and_lists_notes(data, glossary, refs, doc):
    view = render(data, "1.2", glossary, refs, doc)
    assert view.text.startswith("[1.2] Politically, countries should respect")
    assert "principles of the \u00abUN Charter\u00bb[1], abide by" in view.text
    assert ("    [1] Context, on \"UN Charter\": The Charter. Glossary: UN Charter. "
            "Reference: Charter of the United Nations (26 June 1945).") in view.text
    # the text itself is intact once the marks are taken out
    bare = view.text.split("\n")[0][len("[1.2] "):].replace("\u00ab", "").replace("\u00bb[1]", "")
    assert bare == doc.paragraph("1.2").text


def test_overlapping_and_repeated_anchors(data, glossary, refs, doc):
    view = render(data, "1.6", glossary, refs, doc)
    first_line = view.text.split("\n")[0]
    # every "should" carries note 2; the second also note 3
    assert first_line.count("\u00abshould\u00bb[2]") == 3
    assert first_line.count("\u00abshould\u00bb[2][3]") == 1
    # "differentiated" lies inside the longer anchor: both numbers appear, in place
    assert ("\u00abcommon but differentiated\u00bb[5]\u00ab responsibilities\u00bb[4]"
            in first_line)
    # shared words are marked more strongly (and underlined), not by colour alone
    assert ('text-decoration:underline">differentiated</mark><sup>[<a href="#note-1-5"'
            in view.html)
    assert "(all 3 occurrences)" in view.text and "(occurrence 2 of 3)" in view.text
    bare = first_line[len("[1.6] "):]
    for token in ("\u00ab", "\u00bb", "[2]", "[3]", "[4]", "[5]"):
        bare = bare.replace(token, "")
    assert bare == doc.paragraph("1.6").text


def test_everything_from_yaml_is_escaped(data, glossary, refs, doc):
    view = render(data, "1.6", glossary, refs, doc)
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; an ampersand" in view.html
    assert "<b>markup</b>" not in view.html


def test_text_of_the_source_is_escaped_too(doc, glossary, refs):
    # "China's" holds an apostrophe; "--" and quotes must come out as entities or text
    data = parse("section: 1\nannotations:\n  - anchor: {paragraph: \"1.1\", quote: "
                 "\"China's foreign policy\"}\n    kind: gloss\n    note: n\n",
                 doc, glossary, refs)
    view = render(data, "1.1", glossary, refs, doc)
    assert "China&#x27;s foreign policy</mark>" in view.html


def test_paragraph_without_notes_says_so(data, glossary, refs, doc):
    view = render(data, "1.3", glossary, refs, doc)
    assert "<mark" not in view.html and "No notes on this paragraph." in view.html
    assert view.text.endswith("(No notes on this paragraph.)")


def test_rendering_is_deterministic(doc, glossary, refs):
    a = parse(ANNOTATIONS, doc, glossary, refs)
    b = parse(ANNOTATIONS, doc, glossary, refs)
    for pid in ("1.2", "1.6"):
        assert render(a, pid, glossary, refs, doc).html == render(b, pid, glossary, refs, doc).html


# ---------------------------------------------------------------------------------------
# The calls the notebooks make, on a materials folder of fixtures


@pytest.fixture
def materials(tmp_path, monkeypatch):
    folder = tmp_path / "materials"
    (folder / "annotations").mkdir(parents=True)
    shutil.copytree(repo_root() / "materials" / "source", folder / "source")
    shutil.copy(repo_root() / "materials" / "course.yml", folder / "course.yml")
    (folder / "references.yml").write_text(REFS, encoding="utf-8")
    (folder / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (folder / "annotations" / "01-harmonious-world.yml").write_text(ANNOTATIONS,
                                                                    encoding="utf-8")
    for n, stem in enumerate(excerpts.section_notebooks()[1:], 2):
        (folder / "annotations" / f"{stem}.yml").write_text(
            f"section: {n}\nannotations: []\n", encoding="utf-8")
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(folder))
    monkeypatch.delenv("CLOSEREADING_EDITION", raising=False)
    return folder


def test_show_renders_every_paragraph_with_a_legend(materials):
    view = excerpts.show("01-harmonious-world")
    assert view.text.startswith("Sub-section 1, \u201cPromoting the building of a harmonious "
                                "world\u201d: 6 paragraphs, 5 notes.")
    for pid in ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6"):
        assert f'id="annotated-{pid}"' in view.html and f"[{pid}] " in view.text
    assert "Rhetoric: how the passage says what it says" in view.text
    assert excerpts.show("01").html == view.html  # by id or by stem


def test_passage_shows_one_paragraph(materials):
    view = excerpts.passage("01-harmonious-world", "1.2")
    assert view.text.startswith("[1.2] ") and "[1.6]" not in view.text
    with pytest.raises(excerpts.ExcerptsError, match="paragraph '2.1' is not in sub-section 1"):
        excerpts.passage("01-harmonious-world", "2.1")
    err = excerpts.ExcerptsError("x")
    assert err._render_traceback_() == ["ExcerptsError: x"]


def test_unknown_notebook_is_a_clear_error(materials):
    with pytest.raises(excerpts.ExcerptsError) as info:
        excerpts.show("09-nothing")
    assert str(info.value).startswith("no notebook '09-nothing' in ")


def test_discussion_hides_teacher_notes_from_students(materials, monkeypatch):
    student = excerpts.discussion("01-harmonious-world")
    assert "What would count as evidence?" in student.text
    assert "Teacher" not in student.text and "sources" not in student.html
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    teacher = excerpts.discussion("01-harmonious-world")
    assert "Teacher's notes: Look for <sources>." in teacher.text
    assert "Look for &lt;sources&gt;." in teacher.html
    assert "(teacher edition)" in teacher.text


def test_glossary_lists_the_terms_the_notes_use_with_their_notes(materials):
    view = excerpts.glossary("01-harmonious-world")
    assert '<dt id="gloss-cbdr"' in view.html and '<dt id="gloss-un-charter"' in view.html
    assert "Notes: [4]." in view.text and "Notes: [1]." in view.text
    everything = excerpts.glossary()
    assert "Glossary of the course" in everything.text and "01 [4]" in everything.text


def test_references_include_those_cited_through_the_glossary(materials):
    view = excerpts.references("01-harmonious-world")
    assert '<li id="ref-un-charter"' in view.html and '<li id="ref-unfccc-1992"' in view.html
    assert "Cited by: note [1], glossary: UN Charter." in view.text
    assert "Cited by: note [4], glossary: common but differentiated responsibilities." \
        in view.text


def test_every_note_link_has_a_target_on_the_page(materials):
    import re
    page = "".join(v.html for v in (excerpts.show("01"), excerpts.glossary("01"),
                                    excerpts.references("01")))
    targets = set(re.findall(r'id="([^"]+)"', page))
    links = set(re.findall(r'href="#([^"]+)"', page))
    assert links and links <= targets


def test_an_edit_is_picked_up_when_the_cell_runs_again(materials):
    import os
    path = materials / "annotations" / "01-harmonious-world.yml"
    assert "The Charter." in excerpts.show("01").text
    path.write_text(ANNOTATIONS.replace("The Charter.", "The founding treaty."), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    assert "The founding treaty." in excerpts.show("01").text


def test_a_broken_file_reports_file_and_field(materials):
    path = materials / "annotations" / "01-harmonious-world.yml"
    path.write_text(ANNOTATIONS.replace("kind: gloss", "kind: gluss"), encoding="utf-8")
    import os
    os.utime(path, ns=(1, 2 * 10**18))
    with pytest.raises(MaterialsError, match=r"01-harmonious-world.yml, line 9, item "
                                             r"'annotation 2', field 'kind'"):
        excerpts.show("01")


def test_unused_glossary_terms_are_found(materials):
    (materials / "glossary.yml").write_text(
        GLOSSARY + "- id: spare\n  term: Spare\n  definition: d\n  references: [un-charter]\n",
        encoding="utf-8")
    assert excerpts.unused_glossary_terms() == ["spare"]


def test_import_stays_light():
    import subprocess
    import sys
    code = ("import sys, closereading.excerpts, closereading.apparatus, "
            "closereading.exercises, closereading.editions; "
            "print(sorted(m for m in ('yaml', 'ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
