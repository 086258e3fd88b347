"""Sentence and word rules at the edges the older tests missed (issue 14): a full stop
after an abbreviation that is *not* on the list, before a lower-case word (the initials
rule cannot be what keeps the sentence going), and the curly apostrophe of "China’s",
which the course text itself uses."""

import pytest

from closereading import stats


@pytest.mark.parametrize("text, expected", [
    # "approx", "Sept" and "govt" are on no list and are not initials: only the rule "the
    # next word begins with a lower-case letter" keeps these sentences whole.
    ("The talks lasted approx. two hours. Both sides spoke.",
     ["The talks lasted approx. two hours.", "Both sides spoke."]),
    ("It was signed in Sept. by both governments.",
     ["It was signed in Sept. by both governments."]),
    ("The govt. spokesman declined. Then he left.",
     ["The govt. spokesman declined.", "Then he left."]),
    # the same with the full stop inside closing quotation marks or a bracket
    ("He said \u201cnot yet.\u201d and went on. Next.",
     ["He said \u201cnot yet.\u201d and went on.", "Next."]),
    ("They agreed (in principle.) but then waited.",
     ["They agreed (in principle.) but then waited."]),
    # '!' and '?' follow the same rule
    ("Peace? surely not yet. Trade! always first. End.",
     ["Peace? surely not yet.", "Trade! always first.", "End."]),
])
def test_a_lower_case_word_after_a_full_stop_continues_the_sentence(text, expected):
    assert stats.sentences(text) == expected
    assert stats.sentence_lengths(text) == [len(stats.words(s)) for s in expected]


def test_an_unlisted_abbreviation_before_a_capital_ends_the_sentence():
    # The other half of the rule: the same full stop before a capital letter does end it.
    assert stats.sentences("The talks lasted approx. Two sides spoke.") == [
        "The talks lasted approx.", "Two sides spoke."]


def test_listed_abbreviations_and_initials_hold_before_a_capital():
    assert stats.sentences("They met Dr. Wang and Prof. Li at the U.N. Office. It rained.") == [
        "They met Dr. Wang and Prof. Li at the U.N. Office.", "It rained."]
    assert stats.sentences("A speech by J. Smith. Next day.") == [
        "A speech by J. Smith.", "Next day."]


CURLY = "China\u2019s peaceful development and the UN\u2019s core role"


def test_the_curly_apostrophe_joins_a_possessive():
    assert stats.tokenize(CURLY) == ["China\u2019s", "peaceful", "development", "and", "the",
                                     "UN\u2019s", "core", "role"]
    assert stats.words(CURLY) == ["china\u2019s", "peaceful", "development", "and", "the",
                                  "un\u2019s", "core", "role"]
    assert stats.words("China\u2019s") != stats.words("China")


def test_straight_and_curly_apostrophes_count_alike():
    straight = CURLY.replace("\u2019", "'")
    assert len(stats.words(straight)) == len(stats.words(CURLY)) == 8
    counts = stats.count_words(CURLY + " " + straight)
    assert counts["china\u2019s"] == 1 and counts["china's"] == 1 and counts["china"] == 0


def test_a_curly_apostrophe_not_between_letters_separates():
    assert stats.words("\u2019Tis the peoples\u2019 choice") == ["tis", "the", "peoples",
                                                                 "choice"]


def test_the_course_text_keeps_its_possessives_whole():
    # The capture writes the straight apostrophe; learners paste text with the curly one.
    # Either way "s" must never be counted as a word of its own.
    corpus = stats.course_corpus()
    assert "s" not in corpus.words and "china's" in corpus.words
    curly = [w.replace("'", "\u2019") for w in corpus.words]
    assert stats.words(" ".join(curly)) == curly
