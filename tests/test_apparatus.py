"""The bibliography and the glossary: loading, validation and views (small fixtures)."""

import textwrap

import pytest

from closereading import apparatus
from closereading.materials import MaterialsError, parse_yaml

REFS = textwrap.dedent("""\
    - id: un-charter
      title: "Charter of the United Nations"
      author: "United Nations"
      date: "26 June 1945"
      kind: treaty
      note: "In force from 24 October 1945."
    - id: q-title
      title: "Is It a Question?"
      author: "A. Author"
    """)

GLOSSARY = textwrap.dedent("""\
    - id: un-charter-term
      term: "UN Charter"
      definition: "The treaty that founded the <United Nations> & its organs."
      references: [un-charter]
    - id: another
      term: "Another term"
      definition: "Defined."
      references: un-charter
    """)


def refs():
    return apparatus.parse_references(parse_yaml(REFS, "references.yml"), "references.yml")


def problems_of(call):
    with pytest.raises(MaterialsError) as info:
        call()
    return info.value.problems


def test_references_load_in_file_order_with_fields():
    r = refs()
    assert list(r) == ["un-charter", "q-title"]
    charter = r["un-charter"]
    assert (charter.title, charter.author, charter.date, charter.kind) == (
        "Charter of the United Nations", "United Nations", "26 June 1945", "treaty")
    assert charter.line == 1 and r["q-title"].line == 7
    assert charter.short == "Charter of the United Nations (26 June 1945)"
    assert r["q-title"].short == "Is It a Question?"


def test_citation_punctuation_does_not_double():
    r = refs()
    assert r["q-title"].citation == "A. Author. Is It a Question?"
    assert r["un-charter"].citation == ("United Nations. Charter of the United Nations. "
                                        "Treaty, 26 June 1945. In force from 24 October 1945.")


@pytest.mark.parametrize("yaml_text, field, message", [
    ("- id: Bad_Id\n  title: t\n  author: a\n", "id", "lower-case letters"),
    ("- id: a\n  title: t\n  author: a\n- id: a\n  title: u\n  author: b\n", "id",
     "duplicate id"),
    ("- id: a\n  author: a\n", "title", "is required"),
    ("- id: a\n  title: t\n", "author", "is required"),
    ("- id: a\n  title: t\n  author: a\n  url: x\n", "url", "unknown field"),
    ("- id: a\n  title: [t]\n  author: a\n", "title", "should be text"),
])
def test_reference_problems_name_item_and_field(yaml_text, field, message):
    found = problems_of(lambda: apparatus.parse_references(parse_yaml(yaml_text), "r.yml"))
    assert any(p.field == field and message in p.message for p in found), found
    assert all(p.file == "r.yml" and p.line for p in found)


def test_references_file_must_be_a_list():
    found = problems_of(lambda: apparatus.parse_references(parse_yaml("id: a\n"), "r.yml"))
    assert "should be a list" in found[0].message


def test_glossary_loads_and_accepts_a_single_reference_id():
    g = apparatus.parse_glossary(parse_yaml(GLOSSARY), refs(), "glossary.yml")
    assert g["un-charter-term"].references == ("un-charter",)
    assert g["another"].references == ("un-charter",)
    assert g["another"].line == 5


@pytest.mark.parametrize("yaml_text, field, message", [
    ("- id: a\n  term: T\n  definition: d\n  references: [nope]\n", "references",
     "no reference with id 'nope'"),
    ("- id: a\n  term: T\n  definition: d\n  references: [un-chartr]\n", "references",
     "did you mean 'un-charter'"),
    ("- id: a\n  term: T\n  definition: d\n  references: []\n", "references",
     "at least one reference"),
    ("- id: a\n  term: T\n  definition: d\n", "references", "is required"),
    ("- id: a\n  term: T\n  references: [un-charter]\n", "definition", "is required"),
    ("- id: a\n  term: T\n  definition: d\n  references: [un-charter]\n"
     "- id: b\n  term: t\n  definition: e\n  references: [un-charter]\n", "term",
     "already defined"),
    ("- id: a\n  term: T\n  definition: d\n  references: [un-charter, un-charter]\n",
     "references", "listed twice"),
    ("- id: a\n  term: T\n  definition: d\n  references: [un-charter]\n  see: b\n", "see",
     "unknown field"),
])
def test_glossary_problems(yaml_text, field, message):
    found = problems_of(lambda: apparatus.parse_glossary(parse_yaml(yaml_text), refs(), "g.yml"))
    assert any(p.field == field and message in p.message for p in found), found


def test_all_problems_are_reported_together():
    bad = "- id: a\n  term: T\n- id: B\n  term: U\n  definition: d\n  references: [x]\n"
    found = problems_of(lambda: apparatus.parse_glossary(parse_yaml(bad), refs(), "g.yml"))
    assert len(found) >= 4
    assert {p.item for p in found} >= {"a", "B"}


def test_glossary_view_escapes_and_anchors():
    g = apparatus.parse_glossary(parse_yaml(GLOSSARY), refs(), "glossary.yml")
    view = apparatus.glossary_view(g.values(), refs(), used_by={"another": ["[3]"]})
    assert '<dt id="gloss-another"' in view.html
    assert "&lt;United Nations&gt; &amp; its organs" in view.html
    assert "<United Nations>" not in view.html
    assert '<a href="#ref-un-charter">' in view.html
    # sorted by term, case-insensitively
    assert view.text.index("Another term") < view.text.index("UN Charter")
    assert "Notes: [3]." in view.text
    assert repr(view) == view.text


def test_references_view_sorted_with_anchors_and_citers():
    view = apparatus.references_view(refs().values(), cited_by={"un-charter": ["note [1]"]})
    assert '<li id="ref-un-charter"' in view.html and "<cite>" in view.html
    assert view.text.index("A. Author") < view.text.index("United Nations.")
    assert "Cited by: note [1]." in view.text


def test_empty_views_say_so():
    assert "No glossary terms" in apparatus.glossary_view([], {}).text
    assert "No references" in apparatus.references_view([]).text


def test_loading_from_files_is_cached_until_the_file_changes(tmp_path):
    path = tmp_path / "references.yml"
    path.write_text(REFS, encoding="utf-8")
    first = apparatus.load_references(path)
    assert apparatus.load_references(path) is first
    path.write_text(REFS.replace("Is It a Question?", "Another Title"), encoding="utf-8")
    import os
    os.utime(path, ns=(1, 10**18))
    assert apparatus.load_references(path)["q-title"].title == "Another Title"


def test_missing_file_is_a_materials_error(tmp_path):
    with pytest.raises(MaterialsError, match="file not found"):
        apparatus.load_references(tmp_path / "none.yml")
