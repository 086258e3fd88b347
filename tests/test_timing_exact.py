"""The times course.yml states are exactly the times closereading.timing computes (rounded
as the method says), for every notebook and every sitting; and what one cell gives to read
is counted exactly, sub-section by sub-section and note by note."""

import pytest

from closereading import excerpts, method, reading, text, timing
from closereading.course import load_course
from closereading.stats import words

RATES = timing.load_rates()
NOTEBOOKS = load_course().notebooks


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.id)
def test_the_stated_minutes_are_the_computed_ones_exactly(nb):
    est = timing.estimate(nb.id, RATES)
    assert nb.minutes == est.rounded, est.explain()
    assert tuple(s.rounded for s in est.sittings) == nb.sittings, est.explain()
    markers = timing.sitting_markers(nb.id)
    assert [m for _, _, m in markers] == list(nb.sittings)


def _reader(stem="01"):
    return timing._Reader(load_course().notebook(stem))


def test_each_sub_section_a_cell_shows_is_counted_each_time():
    doc = text.load()
    one = len(words(doc.section(1).text))
    assert one > 100
    reader = _reader()
    shown, counts = reader.cell({"cell_type": "code", "source": "views.section_text(1)"})
    assert shown == one and counts == dict.fromkeys(timing.COUNTS, 0)
    source = "views.section_text(1)\nviews.section_text(2)"
    shown, _ = reader.cell({"cell_type": "code", "source": source})
    assert shown == len(words(source)) + one + len(words(doc.section(2).text))


def test_a_passage_of_a_sub_section_counts_the_paragraph_points_and_the_notes():
    doc = text.load()
    stem = "01-harmonious-world"
    prompts = reading.load_prompts(stem)
    checked = 0
    for pid, prompt in prompts.items():
        notes = excerpts.load(stem).for_paragraph(pid)
        expected = (len(words(doc.paragraph(pid).text))
                    + sum(len(words(p.ask)) for p in prompt.points)
                    + sum(len(words(a.note)) for a in notes)
                    + (len(words(method.worked_example().text))
                       if prompt.support == "worked" else 0))
        shown, counts = _reader().cell(
            {"cell_type": "code", "source": f'reading.passage("{stem}", "{pid}")'})
        assert shown == expected, pid
        assert counts["prompt"] == 1
        checked += bool(notes)
    assert checked >= 1      # at least one paragraph with the course's notes
