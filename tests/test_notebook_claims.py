"""Every sentence of a notebook's prose that states a figure or a rank agrees with the
values the toolkit computes.

How it works: the prose of every notebook (its markdown cells) is split into sentences,
and a sentence that pairs a number with a statistical term (words, times, rate, average,
Flesch ...) or that uses a rank word (longest, densest, leads, ahead of ...) is *flagged*.
Each flagged sentence must contain the fragment of a registered claim below, which
recomputes the figure, or of a registered exemption, which says why the sentence states no
computed value. A new sentence with a figure therefore fails until someone registers how
to check it; a figure that stops agreeing with the toolkit fails its claim; and a claim
whose fragment no longer occurs in its notebook fails too, so the register cannot go stale.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from closereading import stats, text

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

NUMWORD = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
           r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twice|half|third|"
           r"quarter")
# Numbers that are not figures: paragraph, section and notebook numbers, years, code.
NOT_FIGURES = [
    r"\b(?:paragraphs?|sub-sections?|sections?|notebooks?|Part|Article|articles?|resolution)"
    r"\s+[\dIVX][\d.,]*(?:\s*(?:,|and|to|or)\s*[\dIVX][\d.]*)*",
    r"\(\d\.\d\)|\b\d\.\d\b(?=[,;)\s]|$)", r"\b(1[89]\d\d|20\d\d)s?\b", r"`[^`]*`",
    r"\b0\d\b"]
STAT_TERMS = (r"\b(words?|times|sentences?|per 1,000|rates?|occurs?|occurrences?|average|"
              r"G²|Flesch|ratio|counts?|syllables?|characters|long|length|frequen\w*|dense|"
              r"density|keyness|hapax)\b")
RANK_TERMS = (r"\b(longest|shortest|densest|most frequent|highest|lowest|leads|ahead of|"
              r"ranks?|second[- ]longest|most general|most specific|the most words|rarest|"
              r"commonest)\b")


def prose_sentences(path: Path) -> list[str]:
    """The sentences of a notebook's prose: its Markdown cells, and what the course says
    after each think-first question the notebook asks (materials/think-first.yml, folded
    in the notebook until the learner has answered, but prose of the notebook all the
    same)."""
    from closereading import reading
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    texts = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            texts.append(" ".join(ln for ln in src.split("\n") if not ln.lstrip().startswith("#")))
        for tid in re.findall(r'reading\.think_first\("([^"]+)"', src):
            texts.append(" ".join(reading.think(tid).then.split()))
    for joined in texts:
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*\"(])", joined) if s.strip()]
    return out


def states_a_figure_or_rank(sentence: str) -> bool:
    t = sentence
    for pattern in NOT_FIGURES:
        t = re.sub(pattern, " ", t)
    number = re.search(r"\b\d[\d,.]*\b|\b(" + NUMWORD + r")\b", t, re.I)
    return bool((number and re.search(STAT_TERMS, t, re.I)) or re.search(RANK_TERMS, t, re.I))


# ---------------------------------------------------------------------------------------
# Values computed by the toolkit

DOC = text.load()


def section_text(n) -> str:
    return DOC.section(n).text


def n_words(s: str) -> int:
    return len(stats.words(s))


def para_words(pid: str) -> int:
    return n_words(DOC.paragraph(pid).text)


def para_sentences(pid: str) -> int:
    return len(stats.sentences(DOC.paragraph(pid).text))


def count(word: str, n=None) -> int:
    ws = stats.words(section_text(n)) if n is not None else stats.course_corpus().words
    return ws.count(word)


def rate(word: str, n) -> float:
    return 1000 * count(word, n) / n_words(section_text(n))


WHOLE = 1000 / len(stats.course_corpus().words)


def whole_rate(word: str) -> float:
    return count(word) * WHOLE


SUMMARY = {r["id"]: r["summary"] for r in stats.section_rows()}
FIVE = ["1", "2", "3", "4", "5"]


def mean_sentence(sid: str) -> float:
    return SUMMARY[sid].mean_sentence


def flesch(n) -> float:
    return stats.readability(section_text(n)).flesch


def top_content(n) -> list[tuple]:
    return stats.top_words_vs_whole(n, 10)


def densest_section(word: str) -> str:
    return max(FIVE, key=lambda s: rate(word, int(s)))


# ---------------------------------------------------------------------------------------
# The claims: (notebook, a fragment of the sentence, the check)

CLAIMS: list[tuple[str, str, object]] = []


def claim(notebook: str, fragment: str):
    def register(fn):
        CLAIMS.append((notebook, fragment, fn))
        return fn
    return register


@claim("00", '"Promoting" three times, "Pursuing" once')
def _():
    titles = [s.title for s in DOC.sections if s.paragraphs and s.title]
    firsts = Counter(t.split()[0] for t in titles)
    assert firsts["Promoting"] == 3 and firsts["Pursuing"] == 1 and len(titles) >= 5


@claim("01", "The first and longest sub-section of Part III")
def _():
    assert max(FIVE, key=lambda s: SUMMARY[s].tokens) == "1"


@claim("01", "holds about a third of the words of Part III")
def _():
    assert 0.30 <= SUMMARY["1"].tokens / SUMMARY["all"].tokens <= 0.36


@claim("01", "*Should* leads, at about twice its rate in Part III as a whole")
def _():
    rows = top_content(1)
    assert rows[0][0] == "should"
    assert 1.8 <= rows[0][2] / rows[0][4] <= 2.2
    assert section_text(1).count("each other") == 7


@claim("02", "Sub-section 2 is the second longest of the five")
def _():
    assert sorted(FIVE, key=lambda s: -SUMMARY[s].tokens)[1] == "2"


@claim("02", "*Interests* is the sub-section's most frequent content word")
def _():
    rows = top_content(2)
    assert [r[0] for r in rows[:2]] == ["interests", "china"]
    assert round(rows[0][2] / rows[0][4]) == 3
    assert (count("china", 2), count("china's", 2), count("china", 1)) == (9, 2, 2)


@claim("02", "*Social* occurs five times here and nowhere else in Part III")
def _():
    assert count("social", 2) == count("social") == 5
    t = section_text(2)
    assert (t.count("social system"), t.count("social stability"),
            t.count("social development")) == (3, 1, 1)


@claim("03", "Sub-section 3 is shorter than sub-sections 1 and 2, and its Flesch reading ease is among the lowest")
def _():
    assert SUMMARY["3"].tokens < min(SUMMARY["1"].tokens, SUMMARY["2"].tokens)
    assert sorted(FIVE, key=lambda s: flesch(int(s))).index("3") <= 1
    assert abs(mean_sentence("3") - mean_sentence("all")) < 1.5   # "of average length"


@claim("03", "*Security* occurs 19 times in 235 words, more than five times its rate")
def _():
    assert (count("security", 3), SUMMARY["3"].tokens) == (19, 235)
    assert rate("security", 3) / whole_rate("security") > 5
    assert count("security", 3) / count("security") > 0.85


@claim("03", "*Common* and *should* come next, six times each, ahead of *comprehensive* (four times)")
def _():
    rows = top_content(3)
    assert [(r[0], r[1]) for r in rows[:4]] == [
        ("security", 19), ("common", 6), ("should", 6), ("comprehensive", 4)]


@claim("04", "Sub-section 4 is a single paragraph of seven sentences")
def _():
    assert len(DOC.section(4).paragraphs) == 1 and SUMMARY["4"].sentences == 7


@claim("04", "It is the shortest sub-section of Part III")
def _():
    assert min(FIVE, key=lambda s: SUMMARY[s].tokens) == "4"


@claim("04", "With 150 words, every count here is small")
def _():
    assert SUMMARY["4"].tokens == 150 and round(1000 / 150, 1) == 6.7


@claim("04", "Sub-section 4 has the shortest sentences on average but the lowest Flesch reading ease of the five")
def _():
    assert min(FIVE, key=mean_sentence) == "4"
    assert min(FIVE, key=lambda s: flesch(int(s))) == "4"


@claim("04", "*Responsibility* occurs five times here and nowhere else")
def _():
    assert count("responsibility", 4) == count("responsibility") == 5


@claim("05", "Of the five sub-sections, sub-section 5 has the longest sentences on average, about 26 words")
def _():
    assert max(FIVE, key=mean_sentence) == "5" and round(mean_sentence("5")) == 26
    assert mean_sentence("0") > mean_sentence("5") and round(mean_sentence("0")) == 31


@claim("05", "*Regional* occurs seven times in this paragraph and nowhere else")
def _():
    assert count("regional", 5) == count("regional") == 7
    assert 3.5 <= rate("cooperation", 5) / whole_rate("cooperation") <= 4.5
    keywords = [k.word for k in stats.section_keywords(5, 15)]
    assert {"asian", "friendly"} <= set(keywords)


@claim("06", "Sub-section 1 is the longest (454 words, six paragraphs)")
def _():
    assert (SUMMARY["1"].tokens, len(DOC.section(1).paragraphs)) == (454, 6)
    assert (SUMMARY["4"].tokens, len(DOC.section(4).paragraphs)) == (150, 1)
    assert (SUMMARY["all"].tokens, SUMMARY["all"].types) == (1414, 471)


@claim("06", "the introduction's 0.87 against the whole text's 0.33")
def _():
    assert round(SUMMARY["0"].type_token_ratio, 2) == 0.87
    assert round(SUMMARY["all"].type_token_ratio, 2) == 0.33 and SUMMARY["0"].tokens == 31


@claim("06", "The prominence of *should* (28 times)")
def _():
    assert count("should") == 28


@claim("06", "*cooperation* is densest in sub-section 5")
def _():
    assert densest_section("security") == "3" and densest_section("cooperation") == "5"
    assert densest_section("countries") == "1"
    assert all(count("countries", int(s)) > 0 for s in FIVE)


@claim("06", "*China* is frequent in sub-sections 2, 4 and 5")
def _():
    high = sorted(FIVE, key=lambda s: -rate("china", int(s)))[:3]
    assert sorted(high) == ["2", "4", "5"]


@claim("06", "moves the rate by 6.7 per 1,000, and in the 31 words of the introduction by 32")
def _():
    assert round(1000 / SUMMARY["4"].tokens, 1) == 6.7 and round(1000 / SUMMARY["0"].tokens) == 32


@claim("06", "*common* is followed by *development*")
def _():
    following = {h.right.split()[0] for h in stats.kwic("common", 1)}
    assert {"development", "prosperity", "ground", "interests", "security", "stake"} <= following


@claim("06", "*regional* never appears before sub-section 5")
def _():
    assert {h.section for h in stats.kwic("regional")} == {"5"}


@claim("06", "never reaches a G² of 2 in any sub-section")
def _():
    for s in FIVE:
        found = {k.word: k for k in stats.section_keywords(int(s), 10_000)}
        k = found.get("countries")
        assert k is None or k.g2 < 2
    top = stats.top_words(stats.course_corpus().words, 1, stats.load_stopwords())
    assert top[0][0] == "countries"        # "the most frequent content word"


@claim("06", '"common ground while putting aside differences" occurs in 1.4, 2.1 and 5.1')
def _():
    phrase = "common ground while putting aside differences"
    assert [p.id for p in DOC.paragraphs if phrase in p.text] == ["1.4", "2.1", "5.1"]


@claim("06", "In a text of 1,414 words, a pair seen three times can already rank high")
def _():
    top = stats.collocations(stats.paragraph_units(), "log-likelihood", min_freq=3, n=3)
    assert SUMMARY["all"].tokens == 1414 and min(c.count for c in top) >= 3


@claim("06", "The sentences of Part III are long: 24 words on average, and some over 40")
def _():
    assert round(mean_sentence("all")) == 24
    assert max(len(stats.words(s)) for p in DOC.paragraphs for s in stats.sentences(p.text)) > 40


@claim("06", "With about 1.9 estimated syllables per word, the Flesch reading ease is about 20")
def _():
    whole = "\n\n".join(p.text for p in stats.course_corpus().paragraphs)
    r = stats.readability(whole)
    assert round(r.syllables_per_word, 1) == 1.9 and round(r.flesch) == 20
    assert round(r.grade) == 16


@claim("06", "where one occurrence of *China* makes a high rate")
def _():
    intro = DOC.paragraph("0.1").text
    assert stats.words(intro).count("china") == 1
    assert 1000 / n_words(intro) > max(rate("china", s) for s in FIVE)


@claim("06", "sub-section 1 has the most words")
def _():
    assert max(FIVE, key=lambda s: SUMMARY[s].tokens) == "1"


@claim("00", "at 130 words a minute")
def _():
    from closereading import timing
    r = timing.load_rates()
    assert (r["reading_rate"], r["prompt"], r["annotation"], r["discussion"], r["exercise"],
            r["question"]) == (130, 6, 10, 10, 12, 1.5)


@claim("00", "Over nine notebooks")
def _():
    from closereading.course import load_course
    assert len(load_course().notebooks) == 9


@claim("08", "a commentary of 400 to 600 words")
def _():
    from closereading import capstone
    s = capstone.load_settings()
    assert (s.min_words, s.max_words) == (400, 600)


@claim("08", "A passage of up to 30,000 characters is accepted")
def _():
    from closereading import capstone
    assert capstone.PASSAGE_LIMIT == 30_000


# ---------------------------------------------------------------------------------------
# Sentences flagged by the detector that state no computed value, with the reason

EXEMPT: list[tuple[str, str, str]] = [
    ("00", "This one finds the longest word", "introduces a code example"),
    ("00", "ask for small functions of a few lines", "what the Python part teaches "
     "(test_python_taught checks every exercise against it)"),
    ("00", "Positions count from 0", "how Python indexes a list, shown by the cell below"),
    ("00", "is the items from position 2 up to", "how a slice works, shown by the cell below"),
    ("00", "is the word at position `i`", "how positions work, shown by the cell below"),
    ("00", "the list of the words of more than 8 letters", "describes the code below it"),
    ("00", "this one stops at the first long word it finds", "describes the code below it"),
    ("00", "a start below 0 would count from the end of the list", "how a slice works, "
     "shown by the cell below"),
    ("00", "how long its words are on average", "introduces the example below it, whose "
     "output nbval checks"),
    *[(nb, "and `.count` counts one word in it", "introduces the count by hand shown below it")
      for nb in ("01", "02", "03", "04", "05")],
    ("06", "The loop above computes a rate per 1,000 words", "describes the code above it"),
    ("00", "Explain it in your words.** Before you go on", "an instruction, no figure"),
    ("02", "Explain it in your words.** The paragraph names", "an instruction, no figure"),
    ("02", "write two or three sentences on what they have in common", "an instruction"),
    ("03", "The counts have shown how often one word comes back", "points to the counts "
     "above it, which nbval checks"),
    ("03", "one word, three adjectives", "describes the plan of sub-section 3 (its three "
     "paragraphs 3.2 to 3.4, which the annotations anchor)"),
    ("03", "A count shows how often the word comes", "a caveat, no figure"),
    *[(nb, "**Sitting ", "a sitting's minutes (test_sittings checks them against course.yml "
       "and the estimate)") for nb in ("06",)],
    ("08", "A count compares forms", "a caveat, no figure"),
    ("08", "A statement about one dispute repeats its place names", "a caveat about kinds "
     "of text, no figure"),
    ("00", "the most general, and which the most specific", "a question to the learner"),
    ("01", "The table and the chart set the sub-section's most frequent content words",
     "describes the table, states no value"),
    ("06", "This notebook steps back and compares", "an outline of the notebook"),
    ("06", "Here is the third sentence of paragraph 1.2", "shown by the cell below it"),
    ("06", "would count as two different words", "an explanation of tokenizing"),
    ("06", "Two numbers describe the size of a text", "a definition"),
    ("06", "lists the most frequent words", "describes a function"),
    ("06", "A stopword list is a choice", "describes the stopword file (test_stats checks it)"),
    ("06", "counts are turned into rates **per 1,000 words**", "a definition"),
    ("06", "A word's **position** is its number in the whole text", "a definition"),
    ("06", "A word used once at a turning point", "a caveat, no figure"),
    ("06", "Which words are typical of one sub-section", "a question"),
    ("06", "ranks the words that are more frequent there", "describes a function"),
    ("06", "show words seen at least twice in the section", "describes the table's filter"),
    ("06", "**What keyness shows.**", "each keyword is listed by the table above it, which nbval checks"),
    ("06", "many keywords rest on two occurrences", "a caveat about significance thresholds"),
    ("06", "The toolkit scores each pair", "describes the measures"),
    ("06", "A score says that two words go together", "a caveat, no figure"),
    ("06", "turn two averages", "a definition"),
    ("06", "In notebook 00 you guessed", "a reminder of an exercise"),
    ("06", "in the shortest sub-sections a single occurrence changes a rate",
     "a caveat (think-first.yml, test-a-reading); the figures are those of the claim "
     "'moves the rate by 6.7 per 1,000'"),
    ("06", "The numbers give some clues", "covered by the claim 'sub-section 1 has the most words'"),
    ("07", "the change of a single word", "a question to the learner"),
    ("07", "These questions ask for a judgement", "an instruction, no figure"),
]


def _notebook(nid: str) -> Path:
    return next(NOTEBOOKS.glob(f"{nid}-*.ipynb"))


def _flagged():
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        for s in prose_sentences(path):
            if states_a_figure_or_rank(s):
                yield path.name[:2], s


def test_every_flagged_sentence_is_checked_or_exempt():
    registered = [(nb, frag) for nb, frag, _ in CLAIMS] + [(nb, frag) for nb, frag, _ in EXEMPT]
    unregistered = [f"{nb}: {s}" for nb, s in _flagged()
                    if not any(nb == rnb and frag in s for rnb, frag in registered)]
    assert unregistered == [], (
        "sentences that state a figure or a rank with no registered check in "
        "tests/test_notebook_claims.py:\n" + "\n".join(unregistered))


@pytest.mark.parametrize("nid,fragment,check", CLAIMS,
                         ids=[f"{nb}-{i}" for i, (nb, _, _) in enumerate(CLAIMS)])
def test_claim_agrees_with_the_computed_values(nid, fragment, check):
    prose = " ".join(prose_sentences(_notebook(nid)))
    assert fragment in prose, f"the claim {fragment!r} is no longer in notebook {nid}"
    check()


def test_exemptions_still_match_a_sentence():
    for nid, fragment, reason in EXEMPT:
        assert reason
        prose = " ".join(prose_sentences(_notebook(nid)))
        assert fragment in prose, f"exemption {fragment!r} no longer matches notebook {nid}"


def test_the_detector_flags_figures_and_ranks_and_not_paragraph_ids():
    assert states_a_figure_or_rank("Security occurs 19 times in 235 words.")
    assert states_a_figure_or_rank("Sub-section 5 has the longest sentences on average.")
    assert states_a_figure_or_rank("Should leads, at about twice its rate.")
    assert not states_a_figure_or_rank("Paragraph 1.2 names the United Nations.")
    assert not states_a_figure_or_rank("Read sub-section 3 and notebook 06 in 2011.")


def test_a_wrong_figure_fails_its_claim():
    """The old sentence of notebook 05 ('the longest sentences of Part III') is caught:
    the introduction's average is higher."""
    assert mean_sentence("0") > max(mean_sentence(s) for s in FIVE)
    # and the old ranking of notebook 03 ("Comprehensive and common follow") disagrees
    rows = [r[0] for r in top_content(3)]
    assert rows.index("should") < rows.index("comprehensive")
