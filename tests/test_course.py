"""The course plan and the notebooks it lists."""

from pathlib import Path

import pytest

from closereading import course
from closereading.materials import MaterialsError, parse_yaml

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_course_lists_exactly_the_notebooks_on_disk():
    c = course.load_course()
    listed = [nb.file for nb in c.notebooks]
    assert listed == sorted(listed)
    on_disk = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert set(on_disk) <= set(listed), "a notebook on disk is missing from course.yml"
    assert listed[0] == "00-start-here.ipynb"
    assert [nb.section for nb in c.notebooks if nb.section] == [1, 2, 3, 4, 5]


def test_every_notebook_has_objectives_and_a_time():
    for nb in course.load_course().notebooks:
        assert 3 <= len(nb.objectives) <= 5, nb.id
        assert 10 <= nb.minutes, nb.id  # estimated by closereading.timing
        # a notebook longer than a sitting is split into sittings of at most 90 minutes
        assert nb.minutes <= 90 or len(nb.sittings) >= 2, nb.id
        assert all(m <= 90 for m in nb.sittings), nb.id


def test_course_map_shows_every_notebook():
    c = course.load_course()
    view = course.course_map(c)
    for nb in c.notebooks:
        assert nb.file in view.text and nb.file in view.html
    assert f"about {c.total_minutes} minutes" in view.text


BAD = """
title: T
source: {document: D, part: P, issuer: I, issued: "2011"}
notebooks:
  - id: "00"
    file: 00.ipynb
    title: Start
    minutes: soon
    objectives: [a]
  - id: "00"
    file: 01.txt
    title: Next
    minutes: 5
    objectives: [b]
    colour: red
"""


def test_bad_course_file_names_items_and_fields():
    with pytest.raises(MaterialsError) as info:
        course.parse_course(parse_yaml(BAD, "course.yml"), "course.yml")
    msgs = [str(p) for p in info.value.problems]
    assert any("item '00', field 'minutes'" in m for m in msgs)
    assert any("field 'id': duplicate notebook id" in m for m in msgs)
    assert any("field 'file': should name an .ipynb file" in m for m in msgs)
    assert any("field 'colour': unknown field" in m for m in msgs)
