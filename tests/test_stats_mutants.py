"""Exact values for the statistics, written to kill the mutants that the other stats tests
let live (issue 14, `make mutation MODULES=stats.py`, tests/MUTANTS.md).

Every expected value is worked out by hand in the comments, never by calling the course's
own tokenizer. Everything runs on a small corpus made afresh for each test (a fixture of
function scope: mutmut links a mutant only to the tests it saw calling the function).
Only the public behaviour is checked (hits, counts, tables), not the index's inner arrays.
"""

import gc
import math
from collections import Counter
from types import SimpleNamespace

import pytest

from closereading import stats

# words and positions:
#   1.1  peace(0) and(1) security(2) security(3) matters(4)
#   1.2  common(5) security(6) common(7) peace(8)
#   2.1  peace(9) common(10) security(11) for(12) all(13)
# The small corpus of test_stats.py (PARAS, and its fixture ``small``).
from test_stats import PARAS, small  # noqa: E402,F401


# ---------------------------------------------------------------------------------------
# Words and sentences


def test_words_of_a_text_that_is_not_ascii_are_cut_before_lower_casing():
    # "İ" (capital I with a dot) lower-cases to "i" + a combining dot (U+0307), which is
    # not a letter: cutting after lower-casing would split the word in two.
    assert stats.words("\u0130stanbul") == ["i\u0307stanbul"]
    assert stats.words("\u0130stanbul talks") == ["i\u0307stanbul", "talks"]


def test_chunks_cut_at_the_first_space_after_each_size():
    # "ab cd ef": a0 b1 _2 c3 d4 _5 e6 f7; size 2: the first space at or after 2 is 2,
    # then at or after 4 is 5, then none after 7.
    assert list(stats.chunks("ab cd ef", 2)) == ["ab", " cd", " ef"]
    assert list(stats.chunks("abc", 5)) == ["abc"]
    assert list(stats.chunks("", 5)) == []
    assert stats.count_words("Peace, peace and PEACE") == Counter({"peace": 3, "and": 1})


@pytest.mark.parametrize("text, expected", [
    # a single letter before "?" or "!" is no initial: the sentence ends there
    ("Who is Q? He is here.", ["Who is Q?", "He is here."]),
    ("Plan B! It failed.", ["Plan B!", "It failed."]),
    # an initial, or a listed abbreviation, at the very start of a paragraph
    ("J. Smith came. He spoke.", ["J. Smith came.", "He spoke."]),
    ("Dr. Li came.\n\nMr. Wu left.", ["Dr. Li came.", "Mr. Wu left."]),
    # a word longer than any abbreviation before a full stop ends the sentence
    ("They met Professor. Then left.", ["They met Professor.", "Then left."]),
    # only white space after the last full stop: the sentence ends there
    ("One. Two. ", ["One.", "Two."]),
    # several marks in a row end one sentence once
    ("Really?! Yes.", ["Really?!", "Yes."]),
    # a digit after a full stop is not lower case: the sentence ends
    ("It ended. 2011 came.", ["It ended.", "2011 came."]),
])
def test_sentence_ends_by_hand(text, expected):
    assert stats.sentences(text) == expected


def test_sentence_lengths_and_summary_by_hand():
    # "A b. C d e. F. G h i j." -> lengths 2, 3, 1, 4: mean 2.5, median (2 + 3) / 2
    text = "A b. C d e. F. G h i j."
    # "b." and "e." are single letters: initials, so no sentence ends there; "F." too.
    assert stats.sentences(text) == ["A b. C d e. F. G h i j."]
    text = "Aa bb. Cc dd ee. Ff. Gg hh ii jj."
    assert stats.sentence_lengths(text) == [2, 3, 1, 4]
    s = stats.summarize(text)
    assert (s.tokens, s.types, s.hapaxes, s.sentences) == (10, 10, 10, 4)
    assert s.mean_sentence == 2.5 and s.median_sentence == 2.5
    assert (s.longest_sentence, s.shortest_sentence) == (4, 1)
    empty = stats.summarize(" -- ")
    assert (empty.median_sentence, empty.longest_sentence, empty.shortest_sentence,
            empty.hapaxes, empty.types) == (0.0, 0, 0, 0, 0)
    # hapaxes counts the words seen once only: "aa aa bb" has one
    assert stats.summarize("Aa aa bb.").hapaxes == 1


# ---------------------------------------------------------------------------------------
# Stopwords


def test_stopword_lists_by_hand(tmp_path):
    assert stats.parse_stopwords("the\n\n  # a comment\nOf # why\nUN's") == {"the", "of", "un's"}
    with pytest.raises(stats.StopwordsError) as caught:
        stats.parse_stopwords("the\n\nbad line", "list.txt")
    assert str(caught.value) == ("list.txt, line 3: 'bad line' is not one word by the "
                                 "course's rules (one word per line, '#' for comments)")
    with pytest.raises(stats.StopwordsError, match=r"^<stopwords>, line 1: "):
        stats.parse_stopwords("a-")
    error = stats.StopwordsError("x.txt, line 2: no")
    assert error._render_traceback_() == ["StopwordsError: x.txt, line 2: no"]


def test_an_unreadable_stopword_list_is_named(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_bytes(b"the\n\xff\xfe\n")
    with pytest.raises(stats.StopwordsError) as caught:
        stats.load_stopwords(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read the stopword list (")
    assert "utf-8" in message and caught.value.__suppress_context__
    missing = tmp_path / "none.txt"
    with pytest.raises(stats.StopwordsError) as caught:
        stats.load_stopwords(missing)
    assert str(caught.value).endswith("none.txt: the stopword list is missing")


def test_the_stopword_list_is_read_again_when_it_changes(tmp_path):
    import os
    path = tmp_path / "stop.txt"
    path.write_text("the\n", encoding="utf-8")
    assert stats.load_stopwords(str(path)) == {"the"}
    path.write_text("of\n", encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    assert stats.load_stopwords(path) == {"of"}
    assert stats.stopwords_path().name == "stopwords.txt"
    assert stats.stopwords_path().parent.name == "materials"


# ---------------------------------------------------------------------------------------
# Counts


def test_ranked_top_words_hapaxes_and_ratio_by_hand():
    counts = Counter({"b": 2, "a": 2, "c": 3, "d": 1})
    assert stats.ranked(counts) == [("c", 3), ("a", 2), ("b", 2), ("d", 1)]
    assert stats.top_words(counts, 2) == [("c", 3), ("a", 2)]
    assert stats.top_words(counts, -1) == []
    assert stats.top_words(counts) == [("c", 3), ("a", 2), ("b", 2), ("d", 1)]
    assert stats.top_words(["x", "y", "x"], 5, stopwords=["y"]) == [("x", 2)]
    assert stats.hapaxes(counts) == ["d"]
    assert stats.hapaxes(["b", "a", "b", "c"]) == ["a", "c"]
    assert stats.type_token_ratio([]) == 0.0
    assert stats.type_token_ratio(["a", "a", "b", "a"]) == 0.5
    assert stats.frequencies(["a", "b", "a"]) == Counter({"a": 2, "b": 1})
    assert stats.per_thousand(7, 2000) == 3.5


def test_length_distribution_edges():
    # lengths of 0 words fall in no bin; a width of 1 is allowed
    assert stats.length_distribution([0], 5) == [(1, 5, 0)]
    assert stats.length_distribution([0, 2], 2) == [(1, 2, 1)]
    assert stats.length_distribution([1, 3, 3], 1) == [(1, 1, 1), (2, 2, 0), (3, 3, 2)]
    # the default width is 10: 10 in the first bin, 11 in the second
    assert stats.length_distribution([10, 11]) == [(1, 10, 1), (11, 20, 1)]
    with pytest.raises(ValueError) as caught:
        stats.length_distribution([1], width=-1)
    assert str(caught.value) == "the bin width must be at least 1 word"


# ---------------------------------------------------------------------------------------
# The corpus


def test_short_titles_and_labels():
    assert stats.short_title("a" * 34) == "a" * 34
    # 35 characters: the first 33, then the ellipsis
    assert stats.short_title("b" * 35) == "b" * 33 + "\u2026"
    # a space at the cut is dropped before the ellipsis: the first 9 are "Promoting"
    assert stats.short_title("Promoting the world", 11) == "Promoting\u2026"
    assert stats.SectionSpan("3", "Title", 4, 9).label == "3. Title"
    assert stats.SectionSpan("3", "Title", 4, 9).size == 5


def test_corpus_by_hand(small):
    assert repr(small) == "<Corpus small: 14 words, 3 paragraphs, 2 sections>"
    plain = stats.Corpus(PARAS)
    assert repr(plain) == "<Corpus text: 14 words, 3 paragraphs, 2 sections>"
    assert [s.title for s in plain.sections] == ["Section 1", "Section 2"]
    assert [(p.id, p.section, p.start, p.end) for p in small.paragraphs] == [
        ("1.1", "1", 0, 5), ("1.2", "1", 5, 9), ("2.1", "2", 9, 14)]
    assert small.paragraphs[1].text == "Common security,\ncommon peace."
    assert small.section(2).title == "Second"
    with pytest.raises(KeyError) as caught:
        small.section("9")
    assert caught.value.args[0] == "no section '9' in small (sections: 1, 2)"
    assert small.section_words("2") == ["peace", "common", "security", "for", "all"]
    assert small.rest_words("1") == ["peace", "common", "security", "for", "all"]
    assert small.section_text("1") == ("Peace and security. Security matters!\n\n"
                                       "Common security,\ncommon peace.")
    assert small.section_text(2) == "Peace -- common? Security for all."


def test_corpus_counts_are_kept(small):
    whole = small.counts()
    assert whole == Counter({"security": 4, "peace": 3, "common": 3, "and": 1, "matters": 1,
                             "for": 1, "all": 1})
    assert small.counts() is whole
    first = small.counts(1)
    assert first == Counter({"security": 3, "peace": 2, "common": 2, "and": 1, "matters": 1})
    assert small.counts("1") is first
    assert small.counts("2") == Counter(["peace", "common", "security", "for", "all"])


def test_paragraph_of_a_position(small):
    assert [small.paragraph_number(i) for i in (0, 4, 5, 8, 9, 13)] == [0, 0, 1, 1, 2, 2]
    assert small.paragraph_at(5).id == "1.2"
    with pytest.raises(IndexError) as caught:
        small.paragraph_number(-1)
    assert str(caught.value) == "no word at position -1 (the text has 14)"
    with pytest.raises(IndexError):
        small.paragraph_number(14)


def test_the_index_and_find(small):
    assert small.word_index is small.word_index
    assert small.index["peace"] == [0, 8, 9] and small.index["for"] == [12]
    assert small.find("Common, SECURITY") == [5, 10]
    # "for" is the rarer word of this phrase, and the second: found through it
    assert small.find("security for") == [11]
    assert small.find("peace common") == [9]
    assert small.find("and security security") == [1]
    assert small.find("...") == [] and small.find("war") == [] and small.find("war peace") == []


def test_a_corpus_from_a_document():
    doc = SimpleNamespace(name="doc", sections=[
        SimpleNamespace(id="1", title="One", paragraphs=[SimpleNamespace(id="1.1", text="A b."),
                                                         SimpleNamespace(id="1.2", text="C.")]),
        SimpleNamespace(id="2", title="Two", paragraphs=[SimpleNamespace(id="2.1", text="D")])])
    corpus = stats.Corpus.from_document(doc)
    assert repr(corpus) == "<Corpus doc: 4 words, 3 paragraphs, 2 sections>"
    assert [(s.id, s.title, s.start, s.end) for s in corpus.sections] == [
        ("1", "One", 0, 3), ("2", "Two", 3, 4)]
    assert [(p.id, p.section) for p in corpus.paragraphs] == [("1.1", "1"), ("1.2", "1"),
                                                                ("2.1", "2")]


def test_the_course_corpus_is_made_once():
    assert stats.course_corpus() is stats.course_corpus()
    assert stats._corpus(None) is stats.course_corpus()


# ---------------------------------------------------------------------------------------
# Keyword in context: both the index (kwic) and the plain search (kwic_simple)

BOTH = pytest.mark.parametrize("search", [stats.kwic, stats.kwic_simple],
                               ids=["kwic", "kwic_simple"])


def rows(hits):
    return [(h.paragraph, h.section, h.position, h.left, h.match, h.right) for h in hits]


@BOTH
def test_kwic_with_no_context(small, search):
    expected = [("1.1", "1", 2, "", "security", ""), ("1.1", "1", 3, "", "Security", ""),
                ("1.2", "1", 6, "", "security", ""), ("2.1", "2", 11, "", "Security", "")]
    assert rows(search("security", 0, corpus=small)) == expected
    assert rows(search("security", -3, corpus=small)) == expected


@BOTH
def test_kwic_windows_stop_at_the_paragraph_edges(small, search):
    # 1.1 "Peace and security. Security matters!": at 2 two words back reach the first
    # word; at 3 two words on would pass the last word (4), so the context stops there.
    assert rows(search("security", 2, corpus=small)) == [
        ("1.1", "1", 2, "Peace and", "security", ". Security matters"),
        ("1.1", "1", 3, "and security.", "Security", "matters"),
        ("1.2", "1", 6, "Common", "security", ", common peace"),   # the line break: a space
        ("2.1", "2", 11, "Peace -- common?", "Security", "for all")]
    # window 1 at the last word of a paragraph: nothing on the right
    assert rows(search("matters", 1, corpus=small)) == [
        ("1.1", "1", 4, "Security", "matters", "")]
    # the default window is 5 words
    assert rows(search("for", corpus=small)) == [
        ("2.1", "2", 12, "Peace -- common? Security", "for", "all")]


@BOTH
def test_kwic_phrases_by_hand(small, search):
    assert rows(search("SECURITY, for", 1, corpus=small)) == [
        ("2.1", "2", 11, "common?", "Security for", "all")]
    assert rows(search("security security", 1, corpus=small)) == [
        ("1.1", "1", 2, "and", "security. Security", "matters")]
    assert search("matters common", corpus=small) == []
    assert search(" -- ", corpus=small) == []


@BOTH
def test_kwic_in_one_section(small, search):
    # section 1 is positions 0 to 8, section 2 from 9: "peace" at 0, 8 and 9
    assert [h.position for h in search("peace", 0, section="1", corpus=small)] == [0, 8]
    assert [h.position for h in search("peace", 0, section=2, corpus=small)] == [9]
    assert [h.position for h in search("peace", 0, corpus=small)] == [0, 8, 9]


@BOTH
def test_kwic_shows_runs_of_white_space_as_one_space(search):
    corpus = stats.Corpus([("1", "1", "Alpha  beta gamma"), ("2", "1", "Delta\tepsilon zeta")])
    assert rows(search("gamma", 2, corpus=corpus)) == [("1", "1", 2, "Alpha beta", "gamma", "")]
    assert rows(search("alpha beta", 1, corpus=corpus)) == [
        ("1", "1", 0, "", "Alpha beta", "gamma")]
    assert rows(search("zeta", 2, corpus=corpus)) == [("2", "1", 5, "Delta epsilon", "zeta", "")]
    plain = stats.Corpus([("1", "1", "One two three")])
    assert rows(search("two", 1, corpus=plain)) == [("1", "1", 1, "One", "two", "three")]


def test_kwic_leaves_the_garbage_collector_as_it_was(small):
    assert gc.isenabled()
    stats.kwic("peace", corpus=small)
    assert gc.isenabled()
    gc.disable()
    try:
        stats.kwic("peace", corpus=small)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_hits_per_section_by_hand(small):
    per = stats.hits_per_section(stats.kwic("security", corpus=small), small)
    # 3 of 9 words in section 1, 1 of 5 in section 2
    assert [(s.id, n, rate) for s, n, rate in per] == [("1", 3, 1000 * 3 / 9), ("2", 1, 200.0)]
    per = stats.hits_per_section(stats.kwic("and", corpus=small), small)
    assert [(s.id, n, rate) for s, n, rate in per] == [("1", 1, 1000 / 9), ("2", 0, 0.0)]


def test_dispersion_by_hand(small):
    d = stats.dispersion([" peace ", "common security"], small)
    assert d.terms == ("peace", "common security")
    assert d.positions == {"peace": [0, 8, 9], "common security": [5, 10]}
    assert d.total == 14 and [s.id for s in d.sections] == ["1", "2"]


# ---------------------------------------------------------------------------------------
# Collocations


def test_bigram_log_likelihood_with_four_cells_by_hand():
    # pair 2, first word 3, second word 4, 10 words: cells 2, 1, 2, 5; rows 3 and 7,
    # columns 4 and 6: expected 3x4/10 = 1.2, 3x6/10 = 1.8, 7x4/10 = 2.8, 7x6/10 = 4.2
    expected = 2 * (2 * math.log(2 / 1.2) + 1 * math.log(1 / 1.8) + 2 * math.log(2 / 2.8)
                    + 5 * math.log(5 / 4.2))
    assert stats.bigram_log_likelihood(2, 3, 4, 10) == pytest.approx(expected, rel=1e-12)
    # and swapped: first word 4, second 3 (cells 2, 2, 1, 5; expected 1.2, 2.8, 1.8, 4.2)
    expected = 2 * (2 * math.log(2 / 1.2) + 2 * math.log(2 / 2.8) + 1 * math.log(1 / 1.8)
                    + 5 * math.log(5 / 4.2))
    assert stats.bigram_log_likelihood(2, 4, 3, 10) == pytest.approx(expected, rel=1e-12)
    # PMI = log2(2 x 10 / (3 x 4)) = log2(5/3)
    assert stats.bigram_pmi(2, 3, 4, 10) == pytest.approx(math.log2(5 / 3), rel=1e-12)
    # an empty cell adds 0: pair 1, both words once, 1 word in all would be 0 x ln 0
    assert stats._xlnx(0, 1.5) == 0.0 and stats._xlnx(2, 0) == 0.0
    assert stats._xlnx(2, 1) == pytest.approx(2 * math.log(2))


def test_bigram_counts_by_hand():
    pairs, counts, total = stats.bigram_counts([["a", "b", "a"], ["b"], []])
    assert pairs == Counter({("a", "b"): 1, ("b", "a"): 1})
    assert counts == Counter({"a": 2, "b": 2}) and total == 4


def test_collocations_scores_and_order_by_hand():
    # "a b a b c": 5 words; a 2, b 2, c 1; pairs (a b) 2, (b a) 1, (b c) 1.
    # (a b): G2 = 6.7301... (tests/test_stats.py).
    # (b a): cells 1, 1, 1, 2; expected 0.8, 1.2, 1.2, 1.8.
    # (b c): cells 1, 1, 0, 3; expected 2x1/5 = 0.4, 2x4/5 = 1.6, 3x1/5 = 0.6, 3x4/5 = 2.4.
    g2_ba = 2 * (math.log(1 / 0.8) + 2 * math.log(1 / 1.2) + 2 * math.log(2 / 1.8))
    g2_bc = 2 * (math.log(1 / 0.4) + math.log(1 / 1.6) + 3 * math.log(3 / 2.4))
    found = stats.collocations("a b a b c".split(), min_freq=1)
    assert [(c.first, c.second, c.count) for c in found] == [
        ("a", "b", 2), ("b", "c", 1), ("b", "a", 1)]
    assert [c.score for c in found] == pytest.approx([6.7301167, g2_bc, g2_ba], rel=1e-6)
    assert found[0].pair == "a b"
    # PMI: (a b) log2(2x5 / (2x2)) = log2(2.5) and (b c) log2(1x5 / (2x1)) = log2(2.5) tie:
    # alphabetical order; (b a) log2(5/4)
    by_pmi = stats.collocations("a b a b c".split(), "pmi", min_freq=1)
    assert [c.pair for c in by_pmi] == ["a b", "b c", "b a"]
    assert [c.score for c in by_pmi] == pytest.approx([math.log2(2.5), math.log2(2.5),
                                                       math.log2(1.25)])
    assert [c.pair for c in stats.collocations("a b a b c".split(), min_freq=1, n=2)] == [
        "a b", "b c"]
    # the default minimum frequency is 2
    assert [c.pair for c in stats.collocations("a b a b c".split())] == ["a b"]
    assert stats.collocations([]) == []
    with pytest.raises(ValueError) as caught:
        stats.collocations(["a", "b"], "dice")
    assert str(caught.value) == "unknown measure 'dice': use one of log-likelihood, pmi"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_paragraph_units_by_hand(small):
    assert stats.paragraph_units(small, "2") == [["peace", "common", "security", "for", "all"]]
    assert stats.paragraph_units(small, 1) == [
        ["peace", "and", "security", "security", "matters"],
        ["common", "security", "common", "peace"]]
    assert len(stats.paragraph_units(small)) == 3


# ---------------------------------------------------------------------------------------
# Keyness


def test_log_likelihood_and_log_ratio_by_hand():
    # a=3, b=1, c=9, d=5: E1 = 9x4/14 = 18/7, E2 = 5x4/14 = 10/7:
    # G2 = 2 (3 ln(7/6) + ln(0.7))
    assert stats.log_likelihood(3, 1, 9, 5) == pytest.approx(
        2 * (3 * math.log(7 / 6) + math.log(0.7)), rel=1e-12)
    # a=0: only the reference term: b=2, c=4, d=8: E2 = 8x2/12: G2 = 2 x 2 ln(2 / (4/3))
    assert stats.log_likelihood(0, 2, 4, 8) == pytest.approx(4 * math.log(1.5), rel=1e-12)
    # log2((0.5/4) / (2/8)) = -1 and log2((3/6) / (0.5/4)) = 2
    assert stats.log_ratio(0, 2, 4, 8) == pytest.approx(-1.0)
    assert stats.log_ratio(3, 0, 6, 4) == pytest.approx(2.0)
    assert stats.log_ratio(1, 4, 2, 2) == pytest.approx(-2.0)


def test_keyness_by_hand(small):
    # section 1 (9 words) against section 2 (5 words):
    #   and, matters: 1 and 0 -> G2 = 2 ln(14/9); log ratio log2((1/9) / (0.5/5)) = log2(10/9)
    #   for, all: 0 and 1 -> G2 = 2 ln(14/5); log ratio log2((0.5/9) / (1/5)) = log2(5/18)
    #   security: 3 and 1 -> G2 = 2 (3 ln(7/6) + ln(0.7)); log2(15/9)
    #   peace, common: 2 and 1 -> E1 = 27/14, E2 = 15/14; G2 = 2 (2 ln(28/27) + ln(14/15))
    found = stats.keyness(small.section_words("1"), small.rest_words("1"))
    assert [k.word for k in found] == ["all", "for", "and", "matters", "security", "common",
                                       "peace"]
    by_word = {k.word: k for k in found}
    assert (by_word["security"].count, by_word["security"].ref_count) == (3, 1)
    assert by_word["all"].g2 == pytest.approx(2 * math.log(14 / 5))
    assert by_word["all"].log_ratio == pytest.approx(math.log2(5 / 18))
    assert by_word["and"].g2 == pytest.approx(2 * math.log(14 / 9))
    assert by_word["and"].log_ratio == pytest.approx(math.log2(10 / 9))
    assert by_word["security"].g2 == pytest.approx(2 * (3 * math.log(7 / 6) + math.log(0.7)))
    assert by_word["peace"].g2 == pytest.approx(2 * (2 * math.log(28 / 27) + math.log(14 / 15)))
    # min_freq 2: kept when either count reaches 2
    kept = stats.keyness(small.section_words("1"), small.rest_words("1"), min_freq=2)
    assert [k.word for k in kept] == ["security", "common", "peace"]
    kept = stats.keyness(["a", "a", "b"], ["b", "c", "c"], min_freq=2)
    assert sorted(k.word for k in kept) == ["a", "c"]
    # stopwords left out; counters taken as they are
    left = stats.keyness(Counter(small.section_words("1")), Counter(small.rest_words("1")),
                         stopwords=["and", "for"])
    assert [k.word for k in left] == ["all", "matters", "security", "common", "peace"]
    for target, reference in (([], ["a"]), (["a"], [])):
        with pytest.raises(ValueError) as caught:
            stats.keyness(target, reference)
        assert str(caught.value) == ("keyness needs a target and a reference with at least "
                                     "one word each")


def test_keyness_each_by_hand():
    each = stats.keyness_each([["a", "a"], ["b"], ["a", "b"]], min_freq=2)
    # the total is a 3, b 2; each unit against the total minus the unit, min_freq 2:
    # unit 0 (a a) against a 1, b 2: a (2, 1) and b (0, 2) kept; b first, G2
    #   2 x 2 ln(2/1.2) = 2.04 against a's 2 (2 ln(2/1.2) + ln(1/1.8)) = 0.87
    # unit 1 (b) against a 3, b 1: only a (0, 3); unit 2 (a b) against a 2, b 1: only a
    assert [(k.word, k.count, k.ref_count) for k in each[0]] == [("b", 0, 2), ("a", 2, 1)]
    assert sorted((k.word, k.count, k.ref_count) for k in each[1]) == [("a", 0, 3)]
    assert sorted((k.word, k.count, k.ref_count) for k in each[2]) == [("a", 1, 2)]


def test_section_keywords_by_hand(small):
    # the words over-used in section 1, by G2: security, then common and peace (a tie:
    # alphabetical); with min_freq=1, and/matters (G2 2 ln(14/9) = 0.88) come first
    assert [k.word for k in stats.section_keywords(1, corpus=small)] == [
        "security", "common", "peace"]
    assert [k.word for k in stats.section_keywords("1", 2, small)] == ["security", "common"]
    assert [k.word for k in stats.section_keywords("1", corpus=small, min_freq=1)] == [
        "and", "matters", "security", "common", "peace"]
    assert [k.word for k in stats.section_keywords("1", corpus=small, min_freq=1,
                                                   stopwords={"and"})] == [
        "matters", "security", "common", "peace"]
    # section 2: every word is less frequent there, or seen once only
    assert stats.section_keywords("2", corpus=small) == []


# ---------------------------------------------------------------------------------------
# Readability


@pytest.mark.parametrize("word, count", [
    ("e", 1), ("ed", 1), ("nth", 1), ("peace-", 1), ("-", 1), ("added", 2), ("able", 2),
    ("ole", 1), ("cable", 2), ("re-use", 2), ("2011-12", 2), ("UNITED", 3)])
def test_syllables_at_the_edges(word, count):
    # e: one vowel; ed: no silent -ed in a word of one vowel group; nth: no vowel, still 1;
    # "peace-": the empty part after the hyphen adds nothing; "added": -ed after d is heard;
    # "able" and "cable": -le after a consonant is heard; "ole": after a vowel it is not;
    # "re-use": re (1) + use (u, e: the final e is silent: 1); digits: one part each
    assert stats.syllables(word) == count


def test_readability_by_hand(small):
    # section 1: 9 words, 3 sentences; syllables: peace 1 (x2), and 1, security 4 (x3),
    # matters 2, common 2 (x2) = 2 + 1 + 12 + 2 + 4 = 21
    r = stats.readability(small.section_text("1"))
    assert (r.words, r.sentences, r.syllables) == (9, 3, 21)
    # 206.835 - 1.015 x 3 - 84.6 x 21/9 = 6.39; 0.39 x 3 + 11.8 x 21/9 - 15.59 = 13.1133
    assert r.flesch == pytest.approx(6.39) and r.grade == pytest.approx(13.11333, abs=1e-4)
    with pytest.raises(ValueError) as caught:
        stats.readability("?!")
    assert str(caught.value) == "readability needs at least one sentence"


# ---------------------------------------------------------------------------------------
# The tables: what each passes to closereading.html.table


@pytest.fixture
def tables(monkeypatch):
    seen = []

    def table(headers, rows, **kwargs):
        seen.append(SimpleNamespace(headers=headers, rows=[tuple(r) for r in rows], **kwargs))
        return seen[-1]

    monkeypatch.setattr(stats, "_table", table)
    return seen


def test_number_format():
    assert stats._f(1234.56) == "1,234.6"
    assert stats._f(2 / 3, 2) == "0.67"
    assert stats._f(5) == "5.0"


def test_the_real_table_is_closereadings():
    t = stats._table(["A", "B"], [("x", 1)], align=["l", "r"], caption="Cap")
    assert "Cap" in t.text and "x" in t.text and "<table" in t.html


def test_section_rows_and_summary_table(small, tables):
    found = stats.section_rows(small)
    assert [(r["id"], r["title"], r["label"], r["paragraphs"]) for r in found] == [
        ("1", "First", "1. First", 2), ("2", "Second", "2. Second", 1),
        ("all", "Whole text", "Whole text", 3)]
    stats.summary_table(small)
    t = tables[-1]
    assert t.headers == ["Section", "Paragraphs", "Words", "Types", "Type-token ratio",
                         "Hapaxes", "Sentences", "Mean words per sentence", "Median"]
    # section 1: 9 words, 5 types (5/9 = 0.56), hapaxes and, matters; sentences of 3, 2, 4
    # section 2: 5 words, all different; sentences of 2 and 3
    # whole: 14 words, 7 types, hapaxes and, matters, for, all; 5 sentences, 14/5 = 2.8,
    # median of 2, 2, 3, 3, 4 = 3
    assert t.rows == [("1. First", 2, 9, 5, "0.56", 2, 3, "3.0", "3.0"),
                      ("2. Second", 1, 5, 5, "1.00", 5, 2, "2.5", "2.5"),
                      ("Whole text", 3, 14, 7, "0.50", 4, 5, "2.8", "3.0")]
    assert t.align == ["l"] + ["r"] * 8
    assert t.caption == "Lengths and vocabulary, section by section"


def test_section_summary_table(small, tables):
    stats.section_summary("1", small)
    t = tables[-1]
    assert t.headers == ["", "Words", "Types", "Type-token ratio", "Sentences",
                         "Mean words per sentence", "Flesch reading ease",
                         "Flesch-Kincaid grade"]
    # the whole text: 14 words, 5 sentences, 21 + 9 = 30 syllables (section 2: peace 1,
    # common 2, security 4, for 1, all 1): 206.835 - 1.015 x 2.8 - 84.6 x 30/14 = 22.71;
    # 0.39 x 2.8 + 11.8 x 30/14 - 15.59 = 10.79
    assert t.rows == [("1. First", 9, 5, "0.56", 3, "3.0", "6.4", "13.1"),
                      ("Whole text", 14, 7, "0.50", 5, "2.8", "22.7", "10.8")]
    assert t.align == ["l"] + ["r"] * 7
    assert t.caption == "Section 1 in numbers, beside the whole text"


def test_top_words_tables(small, tables):
    # the whole text without stopwords ("and" and "for" are on the list):
    # security 4, common 3, peace 3; per 1,000 of 14 words: 285.7, 214.3
    stats.top_words_table(n=3, corpus=small)
    t = tables[-1]
    assert t.headers == ["Rank", "Word", "Count", "Per 1,000 words"]
    assert t.rows == [(1, "security", 4, "285.7"), (2, "common", 3, "214.3"),
                      (3, "peace", 3, "214.3")]
    assert t.align == ["r", "l", "r", "r"]
    assert t.caption == "Top 3 words of the whole text (stopwords left out)"
    # section 2 with every word: five words once each, alphabetical; per 1,000 of 5
    stats.top_words_table("2", n=2, stopwords=False, corpus=small)
    assert tables[-1].rows == [(1, "all", 1, "200.0"), (2, "common", 1, "200.0")]
    assert tables[-1].caption == "Top 2 words of section 2 (every word counted)"
    stats.top_words_table("2", corpus=small)
    assert [r[1] for r in tables[-1].rows] == ["all", "common", "peace", "security"]
    # every word counted: "for" (a stopword) is among them
    stats.top_words_table("2", n=5, stopwords=False, corpus=small)
    assert [r[1] for r in tables[-1].rows] == ["all", "common", "for", "peace", "security"]


def test_top_words_against_the_whole(small, tables):
    # section 2 without stopwords: all, common, peace, security (once each, 200 per 1,000);
    # in the whole text all 1 (1000/14), common 3 (3000/14)
    assert stats.top_words_vs_whole("2", 2, small) == [
        ("all", 1, 200.0, 1, pytest.approx(1000 / 14)),
        ("common", 1, 200.0, 3, pytest.approx(3000 / 14))]
    stats.top_words_vs_whole_table("2", 2, small)
    t = tables[-1]
    assert t.headers == ["Word", "In the section", "Per 1,000 (section)", "In the whole text",
                         "Per 1,000 (whole text)", "Section / whole"]
    # 200 / 71.43 = 2.8; 200 / 214.29 = 0.93
    assert t.rows == [("all", 1, "200.0", 1, "71.4", "2.8x"),
                      ("common", 1, "200.0", 3, "214.3", "0.9x")]
    assert t.align == ["l", "r", "r", "r", "r", "r"]
    assert t.caption == "Top content words of section 2, against the whole text"
    assert len(stats.top_words_vs_whole("1", corpus=small)) == 4


def test_key_terms_tables(small, tables):
    found = stats.key_terms_rows(["security", "and"], small)
    assert [(term, n, [(s.id, k) for s, k, _ in per]) for term, n, per in found] == [
        ("security", 4, [("1", 3), ("2", 1)]), ("and", 1, [("1", 1), ("2", 0)])]
    stats.key_terms_table(["security"], small)
    t = tables[-1]
    # 3 of 9 words: 333.3 per 1,000; 1 of 5: 200.0
    assert t.headers == ["Term", "Whole text", "Section 1", "Section 2"]
    assert t.rows == [("security", 4, "333.3 (3)", "200.0 (1)")]
    assert t.align == ["l", "r", "r", "r"]
    assert t.caption == "Key terms per 1,000 words in each section (count in brackets)"
    # a section "0" (the introduction) is left out unless asked for, or alone
    intro = stats.Corpus([("0.1", "0", "Peace now."), ("1.1", "1", "Peace and peace.")])
    stats.key_terms_table(["peace"], intro)
    assert tables[-1].headers == ["Term", "Whole text", "Section 1"]
    assert tables[-1].rows == [("peace", 3, "666.7 (2)")]
    stats.key_terms_table(["peace"], intro, sections_only=False)
    assert tables[-1].rows == [("peace", 3, "500.0 (1)", "666.7 (2)")]
    alone = stats.Corpus([("0.1", "0", "Peace now.")])
    stats.key_terms_table(["peace"], alone)
    assert tables[-1].headers == ["Term", "Whole text", "Section 0"]
    assert tables[-1].rows == [("peace", 1, "500.0 (1)")]


def test_kwic_table(small, tables):
    hits = stats.kwic("security", 1, corpus=small)
    stats.kwic_table(hits, limit=2, caption="Security")
    t = tables[-1]
    assert t.headers == ["Paragraph", "Left", "Match", "Right"]
    assert t.rows == [("1.1", "and", "security", ". Security"),
                      ("1.1", "security.", "Security", "matters")]
    assert t.align == ["l", "r", "l", "l"] and t.caption == "Security"
    stats.kwic_table(hits)
    assert len(tables[-1].rows) == 4 and tables[-1].caption is None


def test_keyness_table(small, tables):
    stats.keyness_table("1", corpus=small)
    t = tables[-1]
    assert t.headers == ["Word", "In the section", "In the rest", "G2", "Log ratio",
                         "G2 above 3.84?"]
    # security: G2 2 (3 ln(7/6) + ln 0.7) = 0.2116, log2(15/9) = 0.737;
    # common, peace: G2 0.0075, log2(10/9) = 0.152
    assert t.rows == [("security", 3, 1, "0.21", "0.74", "no"),
                      ("common", 2, 1, "0.01", "0.15", "no"),
                      ("peace", 2, 1, "0.01", "0.15", "no")]
    assert t.align == ["l", "r", "r", "r", "r", "l"]
    assert t.caption == ("Words most distinctive of section 1 against the rest (9 words "
                         "against 5; seen at least 2 times in the section)")
    stats.keyness_table(1, n=1, corpus=small, min_freq=3)
    assert [r[0] for r in tables[-1].rows] == ["security"]
    assert tables[-1].caption.endswith("seen at least 3 times in the section)")
    # x six times against y six times: G2 = 2 x 6 ln(6/3) = 8.32, log2(1 / (0.5/6)) = 3.58
    strong = stats.Corpus([("1.1", "1", "x x x x x x"), ("2.1", "2", "y y y y y y")])
    stats.keyness_table("1", corpus=strong)
    assert tables[-1].rows == [("x", 6, 0, "8.32", "3.58", "yes")]


def test_collocations_table(small, tables):
    # section 1's pairs, each once; 9 words: peace 2, and 1, security 3, matters 1, common 2
    # PMI: peace and log2(9/2) = 2.17; and security, security matters log2(9/3) = 1.58
    stats.collocations_table("pmi", n=2, min_freq=1, section="1", corpus=small)
    t = tables[-1]
    assert t.headers == ["Rank", "Pair", "Count", "PMI (bits)"]
    assert t.rows == [(1, "peace and", 1, "2.17"), (2, "and security", 1, "1.58")]
    assert t.align == ["r", "l", "r", "r"]
    assert t.caption == "Top 2 word pairs by pmi, seen at least 1 times"
    # the defaults: log-likelihood, 10 pairs, seen at least 3 times (none here)
    stats.collocations_table(corpus=small)
    assert tables[-1].headers[-1] == "G2" and tables[-1].rows == []
    assert tables[-1].caption == "Top 0 word pairs by log-likelihood, seen at least 3 times"
    stats.collocations_table(min_freq=2, corpus=small)
    # "common security" twice (1.2 and 2.1) in the whole text
    assert [r[1:3] for r in tables[-1].rows] == [("common security", 2)]


def test_readability_table(small, tables):
    stats.readability_table(small)
    t = tables[-1]
    assert t.headers == ["Section", "Words", "Sentences", "Syllables", "Words per sentence",
                         "Syllables per word", "Flesch reading ease", "Flesch-Kincaid grade"]
    # section 2: 5 words, 2 sentences, 9 syllables: 206.835 - 1.015 x 2.5 - 84.6 x 1.8 =
    # 52.02; 0.39 x 2.5 + 11.8 x 1.8 - 15.59 = 6.625 (shown 6.6 or 6.7 by rounding)
    assert t.rows[0] == ("1. First", 9, 3, 21, "3.0", "2.33", "6.4", "13.1")
    assert t.rows[1][:7] == ("2. Second", 5, 2, 9, "2.5", "1.80", "52.0")
    assert t.rows[1][7] in ("6.6", "6.7")
    assert t.rows[2] == ("Whole text", 14, 5, 30, "2.8", "2.14", "22.7", "10.8")
    assert t.align == ["l"] + ["r"] * 7
    assert t.caption == "Readability by the Flesch formulas (syllables estimated)"


def test_rules_by_hand():
    shown = stats.rules("kwic")
    title, items = stats.RULES["kwic"]
    assert shown.text == title + ":\n" + "\n".join(f"  - {i}" for i in items)
    assert shown.html.startswith("<div><p><strong>Keyword in context (KWIC)</strong></p><ul><li>")
    assert shown.html.endswith("</li></ul></div>")
    assert shown.html.count("<li>") == len(items)
    every = stats.rules()
    assert every.text.count(":\n  - ") == len(stats.RULES)
    with pytest.raises(KeyError) as caught:
        stats.rules("words", "nonsense")
    assert caught.value.args[0] == ("no rules named 'nonsense' (known: words, sentences, "
                                    "stopwords, frequencies, kwic, dispersion, collocations, "
                                    "keyness, readability)")


# ---------------------------------------------------------------------------------------
# The second run's survivors (tests/MUTANTS.md)

# 12 words, none a stopword, three times each in section 1 (36 words): 11 pairs seen 3
# times ("alpha beta" to "lambda mu") and "mu alpha" twice; section 2 is "omega" 36 times
# (a reference as large as the target: a Greek word is then over-used in section 1).
GREEK = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
FIRST_TEN = ["alpha", "beta", "delta", "epsilon", "eta", "gamma", "iota", "kappa", "lambda",
             "mu"]   # alphabetical: theta and zeta come 11th and 12th


@pytest.fixture
def wide():
    return stats.Corpus([("1.1", "1", " ".join([GREEK] * 3)), ("2.1", "2", " ".join(["Omega"] * 36))])


def test_ten_rows_by_default(wide, tables):
    assert [w for w, _ in stats.top_words(wide.section_words("1"))] == FIRST_TEN
    stats.top_words_table("1", corpus=wide)
    assert [r[1] for r in tables[-1].rows] == FIRST_TEN
    stats.top_words_table(corpus=wide)      # the whole text: omega (36), then 9 of them
    assert [r[1] for r in tables[-1].rows] == ["omega"] + FIRST_TEN[:9]
    assert [r[0] for r in stats.top_words_vs_whole("1", corpus=wide)] == FIRST_TEN
    stats.top_words_vs_whole_table("1", corpus=wide)
    assert [r[0] for r in tables[-1].rows] == FIRST_TEN
    # each Greek word 3 times in 36 words against none in 36 (counted 0.5): the same
    # G2, over-used (log2(3 / 0.5) > 0), alphabetical
    assert [k.word for k in stats.section_keywords("1", corpus=wide)] == FIRST_TEN
    stats.keyness_table("1", corpus=wide)
    assert [r[0] for r in tables[-1].rows] == FIRST_TEN
    stats.collocations_table(section="1", corpus=wide)
    assert len(tables[-1].rows) == 10
    assert tables[-1].caption == "Top 10 word pairs by log-likelihood, seen at least 3 times"
    assert len(stats.collocations(stats.paragraph_units(wide, "1"), min_freq=3)) == 11


def test_keyness_table_takes_its_minimum_and_marks_significance(small, tables):
    stats.keyness_table("1", corpus=small, min_freq=1)
    assert [r[0] for r in tables[-1].rows] == ["and", "matters", "security", "common", "peace"]
    assert tables[-1].rows[0] == ("and", 1, 0, "0.88", "0.15", "no")   # 2 ln(14/9) = 0.88
    # x three times against y three times: G2 = 2 x 3 ln(3/1.5) = 4.16, above 3.84 (and
    # below 4.84); log ratio log2(1 / (0.5/3)) = log2(6) = 2.58
    strong = stats.Corpus([("1.1", "1", "x x x"), ("2.1", "2", "y y y")])
    stats.keyness_table("1", corpus=strong)
    assert tables[-1].rows == [("x", 3, 0, "4.16", "2.58", "yes")]


def test_section_keywords_are_over_used_words_only(small):
    # section 2 against section 1, every word: for and all (1 and 0) are over-used; peace
    # and common (1 against 2, in 5 and 9 words) and security (1 against 3) are not
    assert [k.word for k in stats.section_keywords("2", corpus=small, min_freq=1)] == [
        "all", "for"]


@BOTH
def test_kwic_shows_five_words_each_side_by_default(search):
    corpus = stats.Corpus([("1", "1", "One two three four five six seven eight nine ten "
                                      "eleven twelve thirteen")])
    assert rows(search("seven", corpus=corpus)) == [
        ("1", "1", 6, "two three four five six", "seven", "eight nine ten eleven twelve")]


def test_an_error_while_cutting_contexts_is_not_swallowed(small, monkeypatch):
    def broken(*args):
        raise RuntimeError("broken index")

    monkeypatch.setattr(small.word_index, "contexts", broken)
    with pytest.raises(RuntimeError, match="broken index"):
        stats.kwic("peace", corpus=small)
    assert gc.isenabled()


def test_a_comment_runs_to_the_end_of_the_line():
    assert stats.parse_stopwords("the # one # two\nof") == {"the", "of"}


def test_rules_of_two_statistics_exactly():
    shown = stats.rules("words", "kwic")
    # 5 items in the first list and 4 in the second: 4 + 3 items follow another directly
    assert shown.html.count("</li><li>") == 7
    assert shown.html.count("</ul><p><strong>Keyword in context (KWIC)</strong>") == 1
    assert "<li>A word is a run of letters or digits: China, 21st, 2011.</li>" in shown.html
    assert ("\n  - Counts are case-insensitive: words are lower-cased before they are "
            "counted, so 'Countries' and 'countries' are one word.\nKeyword in context "
            "(KWIC):\n  - The query") in shown.text


@pytest.mark.parametrize("word, count", [
    # named: a, e; the -ed after m is silent: 1. developed: e, e, o, e, the -ed after p
    # silent: 3. Peace2: the letters of "peace" only (the digit is no letter): 1
    ("named", 1), ("developed", 3), ("Peace2", 1)])
def test_syllables_of_silent_endings(word, count):
    assert stats.syllables(word) == count
