"""The course's content against the issue's standards: every quotation verbatim, every
paragraph annotated, every id resolved and every glossary term used, and the minimum
counts per notebook (reported in a table: run with ``-s`` to see it)."""

from collections import Counter
from pathlib import Path

import pytest

from closereading import apparatus, excerpts, exercises, text
from closereading.course import load_course

DOC = text.load()
SECTION_NOTEBOOKS = excerpts.section_notebooks()
MIN_ANNOTATIONS = {1: 8, 2: 8, 3: 8, 4: 5, 5: 5}
MIN_QUESTIONS = {1: 10, 2: 10, 3: 10, 4: 6, 5: 6}


def _section(stem):
    return load_course().notebook(stem).section


def _questions():
    from closereading import quiz
    return quiz.load_banks()


def test_there_are_five_section_notebooks():
    assert [_section(s) for s in SECTION_NOTEBOOKS] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("stem", SECTION_NOTEBOOKS)
def test_every_annotation_anchor_is_verbatim_in_its_paragraph(stem):
    data = excerpts.load(stem)  # validation checks this too; here it is checked directly
    assert data.annotations
    for a in data.annotations:
        para = DOC.paragraph(a.paragraph)
        assert para.section == _section(stem)
        assert a.quote in para.text, (stem, a.index, a.quote)
        for start, end in a.spans:
            assert para.text[start:end] == a.quote


def test_every_quiz_evidence_quote_is_verbatim_in_its_paragraph():
    questions = _questions()
    assert questions
    for q in questions:
        assert DOC.has_paragraph(q.evidence.paragraph), q.id
        assert q.evidence.quote in DOC.paragraph(q.evidence.paragraph).text, q.id


@pytest.mark.parametrize("stem", SECTION_NOTEBOOKS)
def test_every_paragraph_of_the_sub_section_is_annotated(stem):
    section = DOC.section(_section(stem))
    covered = set(excerpts.load(stem).paragraphs())
    missing = [p.id for p in section.paragraphs if p.id not in covered]
    assert not missing, f"{stem}: no note on paragraph(s) {', '.join(missing)}"


def test_every_glossary_and_reference_id_resolves():
    references = apparatus.load_references()
    glossary = apparatus.load_glossary()  # validates its reference ids
    annotations = excerpts.load_all()     # validates glossary and reference ids
    for data in annotations.values():
        for a in data.annotations:
            assert set(a.glossary) <= set(glossary)
            assert set(a.references) <= set(references)
    course_refs = load_course().source.get("references", [])
    assert set(course_refs) <= set(references), "course.yml cites an unknown reference"


def test_no_glossary_term_goes_unused():
    assert excerpts.unused_glossary_terms() == []


def test_every_reference_is_cited_somewhere():
    cited = set(load_course().source.get("references", []))
    from closereading import timing
    cited.update(timing.load_rates().get("references", []))   # the basis of the rates
    for data in excerpts.load_all().values():
        for a in data.annotations:
            cited.update(a.references)
    for entry in apparatus.load_glossary().values():
        cited.update(entry.references)
    from closereading import context
    cited.update(context.load().reference_ids())
    unused = [r for r in apparatus.load_references() if r not in cited]
    assert not unused, f"references cited by nothing: {', '.join(unused)}"


@pytest.mark.parametrize("stem", SECTION_NOTEBOOKS)
def test_discussion_questions(stem):
    data = excerpts.load(stem)
    assert 3 <= len(data.discussion) <= 5, stem
    assert all(q.teacher_notes.strip() for q in data.discussion)


def _counts():
    questions = _questions()
    rows = {}
    for stem in SECTION_NOTEBOOKS + ["06-the-whole-text"]:
        own = questions.for_notebook(stem)
        row = {"questions": len(own), "types": Counter(q.type for q in own)}
        if stem in SECTION_NOTEBOOKS:
            data = excerpts.load(stem)
            row.update(annotations=len(data.annotations), kinds=data.kinds(),
                       glossary=len(data.glossary_ids()), discussion=len(data.discussion),
                       exercises=len(exercises.load(stem)))
        else:
            row["review"] = sum(1 for q in own if Path(q.file).stem == f"{stem}-review")
        rows[stem] = row
    return rows


def _report(rows) -> str:
    lines = [f"{'notebook':32} {'notes':>5} {'kinds':52} {'terms':>5} {'disc.':>5} "
             f"{'ex.':>3} {'quiz':>4}  question types"]
    for stem, r in rows.items():
        kinds = " ".join(f"{k}:{n}" for k, n in sorted(r.get("kinds", {}).items()))
        types = " ".join(f"{k}:{n}" for k, n in sorted(r["types"].items()))
        lines.append(f"{stem:32} {r.get('annotations', ''):>5} {kinds:52} "
                     f"{r.get('glossary', ''):>5} {r.get('discussion', ''):>5} "
                     f"{r.get('exercises', ''):>3} {r['questions']:>4}  {types}")
    glossary = len(apparatus.load_glossary())
    lines.append(f"glossary terms over the course: {glossary}; references: "
                 f"{len(apparatus.load_references())}; review quiz questions: "
                 f"{rows['06-the-whole-text'].get('review', 0)}")
    return "\n".join(lines)


def test_counts_meet_the_minimums(capsys):
    rows = _counts()
    with capsys.disabled():
        print("\n" + _report(rows))
    problems = []
    for stem, r in rows.items():
        if stem not in SECTION_NOTEBOOKS:
            continue
        n = _section(stem)
        if r["annotations"] < MIN_ANNOTATIONS[n]:
            problems.append(f"{stem}: {r['annotations']} annotations, at least "
                            f"{MIN_ANNOTATIONS[n]} needed")
        if set(r["kinds"]) != set(excerpts.KINDS):
            problems.append(f"{stem}: kinds not mixed; missing "
                            f"{sorted(set(excerpts.KINDS) - set(r['kinds']))}")
        if r["exercises"] < 3:
            problems.append(f"{stem}: {r['exercises']} exercises, at least 3 needed")
        if r["questions"] < MIN_QUESTIONS[n]:
            problems.append(f"{stem}: {r['questions']} quiz questions, at least "
                            f"{MIN_QUESTIONS[n]} needed")
        if len(r["types"]) < 4:
            problems.append(f"{stem}: {len(r['types'])} question types, at least 4 needed")
        if r["types"].get("evidence", 0) < 2:
            problems.append(f"{stem}: {r['types'].get('evidence', 0)} evidence questions, "
                            "at least 2 needed")
    if len(apparatus.load_glossary()) < 25:
        problems.append(f"{len(apparatus.load_glossary())} glossary terms, at least 25 needed")
    if rows["06-the-whole-text"].get("review", 0) < 10:
        problems.append(f"review quiz: {rows['06-the-whole-text'].get('review', 0)} "
                        "questions, at least 10 needed")
    assert not problems, "\n".join(problems)


def test_every_question_has_an_explanation_and_evidence():
    for q in _questions():
        assert q.explanation.strip(), q.id
        assert q.evidence.paragraph and q.evidence.quote.strip(), q.id


def test_every_exercise_names_its_notebooks_sub_section():
    for stem, found in exercises.load_all().items():
        for ex in found:
            assert ex.section == _section(stem)
            if ex.section is None:  # notebook 06 reads the whole text: name the input
                assert ex.scope is None or f"paragraph {ex.scope}" in ex.task, (stem, ex.id)
                continue
            assert f"sub-section {ex.section}" in ex.task or f"paragraph {ex.section}." in \
                ex.task, (stem, ex.id)
