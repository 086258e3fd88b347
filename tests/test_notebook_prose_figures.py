"""Figures that the notebooks' prose states, compared with the counts they come from.

Issue 8 (item 5): notebook 01 said that the sub-section uses "each other" seven times,
while its keyword explorer found five ("each other's" is one word by the course's rules).
Each entry of :data:`FIGURES` is a passage of a notebook's markdown (a regular expression
over the text with its spaces normalised; its groups are the figures) and a function that
computes the same figures with the course's toolkit. A passage that is reworded must be
updated here, so that no figure goes unchecked.
"""

import json
import re
from pathlib import Path

import pytest

from closereading import course, stats

ROOT = Path(__file__).resolve().parents[1]
C = stats.course_corpus()

NUMBERS = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def number(text: str) -> float:
    text = text.strip().lower()
    return NUMBERS[text] if text in NUMBERS else float(text.replace(",", ""))


def prose(notebook: str) -> str:
    """The notebook's Markdown, and what the course says after each think-first question
    it asks (folded in the notebook until the learner answers; its figures count too)."""
    from closereading import reading
    nb = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown":
            parts.append(" ".join(src.split()))
        parts += [" ".join(reading.think(t).then.split())
                  for t in re.findall(r'reading\.think_first\("([^"]+)"', src)]
    return " ".join(parts)


def count(word, section=None):
    ws = C.words if section is None else C.section_words(section)
    return ws.count(word)


def hits(query, section=None):
    return len(stats.kwic(query, 0, section))


def size(section=None):
    return len(C) if section is None else C.section(section).size


def ratio(word, section):
    """A word's rate in a section over its rate in the whole text."""
    return (count(word, section) / size(section)) / (count(word) / size())


FIGURES = [
    ("01-harmonious-world",
     r"\*each\* stands out: each of its (\w+) occurrences in the sub-section begins the phrase "
     r"\"each other\", (\w+) times as \"each other\" and (\w+) as \"each other's\"",
     lambda: (count("each", "1"), hits("each other", "1"), hits("each other's", "1")),
     "the count of 'each' and the keyword explorer's hits in section 1"),
    ("01-harmonious-world", r"\*Should\* leads, at about (twice) its rate in Part III",
     lambda: (round(ratio("should", "1")),), "should: rate in section 1 / whole"),
    ("02-independent-foreign-policy",
     r"the sub-section names China (\w+) times \(and \*China's\* (\w+) more\), against (\w+) "
     r"in sub-section 1",
     lambda: (count("china", "2"), count("china's", "2"), count("china", "1")), "China"),
    ("02-independent-foreign-policy",
     r"\*Social\* occurs (\w+) times here and nowhere else in Part III: (\w+) times in "
     r"\"social system\", (once) each in \"social stability\" and \"social development\"",
     lambda: (count("social", "2"), hits("social system"), hits("social stability")),
     "social"),
    ("02-independent-foreign-policy", r"at (three) times its rate in the whole text",
     lambda: (round(ratio("interests", "2")),), "interests: rate in section 2 / whole"),
    ("03-new-security-thinking", r"\*Security\* occurs (\d+) times in (\d+) words",
     lambda: (count("security", "3"), size("3")), "security in section 3"),
    ("04-international-responsibility",
     r"\*Responsibility\* occurs (\w+) times here",
     lambda: (count("responsibility", "4"),), "responsibility in section 4"),
    ("04-international-responsibility", r"With (\d+) words, every count here is small",
     lambda: (size("4"),), "length of section 4"),
    ("05-regional-cooperation",
     r"\*Regional\* occurs (\w+) times in this paragraph and nowhere else",
     lambda: (count("regional", "5"),), "regional in section 5"),
    ("05-regional-cooperation", r"\*cooperation\* is about (four) times as dense here",
     lambda: (round(ratio("cooperation", "5")),), "cooperation: rate in section 5 / whole"),
    ("06-the-whole-text",
     r"Sub-section 1 is the longest \((\d+) words, (\w+) paragraphs\), sub-section 4 the "
     r"shortest \((\d+) words, (\w+) paragraph\); the whole of Part III has ([\d,]+) words but "
     r"only (\d+) different ones",
     lambda: (size("1"), sum(p.section == "1" for p in C.paragraphs), size("4"),
              sum(p.section == "4" for p in C.paragraphs), size(), len(set(C.words))),
     "lengths in words and paragraphs; types"),
    ("06-the-whole-text", r"about (\d+) words against ([\d,]+) than about style",
     lambda: (size("0"), size()), "length of the introduction and of the whole text"),
    ("06-the-whole-text", r"The prominence of \*should\* \((\d+) times\)",
     lambda: (count("should"),), "should in the whole text"),
    ("06-the-whole-text",
     r"in a section of (\d+) words, one occurrence more or less moves the rate by ([\d.]+) "
     r"per 1,000, and in the (\d+) words of the introduction by (\d+)",
     lambda: (size("4"), round(1000 / size("4"), 1), size("0"), round(1000 / size("0"))),
     "what one occurrence is worth per 1,000 words"),
    ("00-start-here", r"(\w+) notebooks, 00 to (\d+), in order",
     lambda: (len(course.load_course().notebooks), len(course.load_course().notebooks) - 1),
     "the notebooks on the course map"),
    ("06-the-whole-text", r"occurs in (1\.4), (2\.1) and (5\.1)",
     lambda: tuple(float(h.paragraph) for h in
                   stats.kwic("common ground while putting aside differences", 0)),
     "where the formula occurs"),
]


@pytest.mark.parametrize("notebook, passage, compute, what", FIGURES,
                         ids=[f"{nb[:2]}-{what}" for nb, _, _, what in FIGURES])
def test_a_figure_in_the_prose_agrees_with_its_count(notebook, passage, compute, what):
    found = re.search(passage, prose(notebook))
    assert found, f"{notebook}: the passage about {what} was reworded; update this test"
    stated = tuple(number(g) for g in found.groups())
    assert stated == tuple(float(v) for v in compute()), (what, stated, compute())


def test_the_kwic_explorer_finds_what_notebook_01_says_of_each_other():
    """The figures of notebook 01 are those a learner gets from its explorer."""
    from closereading import explorers
    five = explorers.kwic_explorer("each other", section=1)
    assert "'each other': 6 occurrences in the whole text; 5 shown from section 1." in \
        five.render().text
    two = explorers.kwic_explorer("each other's", section=1)
    assert "2 shown from section 1" in two.render().text
