"""The index that KWIC uses (``stats.WordIndex``) against the plain search
(``stats.kwic_simple``): the same hits, positions and contexts on any text."""

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closereading import bench, stats

# Prose-like text with every kind of white space a pasted text brings (tabs, carriage
# returns, no-break spaces, line separators, runs of spaces), and arbitrary Unicode.
ALPHABET = st.sampled_from(list("abcdeABCDE0123  ..,;:!?'-\u2019\"()\n\t\r\u00a0\u2028"
                                "\u00e9\u0130\u4e2d_"))
texts = st.one_of(st.text(ALPHABET, max_size=200), st.text(max_size=120))
paragraph_lists = st.lists(st.tuples(st.sampled_from(["0", "1", "2"]), texts),
                           min_size=1, max_size=6)
SETTINGS = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CLOSEREADING_MUTATION"):
    # fewer, fixed examples per mutant under `make mutation` (tests/test_stats_properties.py)
    SETTINGS = settings(SETTINGS, max_examples=20, derandomize=True)


def make_corpus(paragraphs):
    ordered = sorted(paragraphs, key=lambda p: p[0])  # sections in order
    return stats.Corpus([(f"{sid}.{i}", sid, body) for i, (sid, body) in enumerate(ordered, 1)])


def queries(corpus, data):
    """Every word of the text as written, and phrases of 2 or 3 words cut from the
    text at random places, some across a paragraph's edge (which find nothing there)."""
    written = {t for p in corpus.paragraphs for t in stats.tokenize(p.text)}
    found = sorted(written)
    if len(corpus.words) > 1:
        for _ in range(3):
            i = data.draw(st.integers(0, len(corpus.words) - 1))
            k = data.draw(st.integers(2, 3))
            found.append(" , ".join(corpus.words[i:i + k]).upper())
    return found


@SETTINGS
@given(paragraph_lists, st.integers(min_value=-1, max_value=6), st.data())
def test_the_index_and_the_plain_search_give_the_same_hits(paragraphs, window, data):
    corpus = make_corpus(paragraphs)
    for query in queries(corpus, data):
        for section in [None] + sorted({s.id for s in corpus.sections}):
            fast = stats.kwic(query, window, section, corpus)
            assert fast == stats.kwic_simple(query, window, section, corpus), (query, section)


@SETTINGS
@given(paragraph_lists)
def test_the_index_holds_every_position_and_where_each_word_is_written(paragraphs):
    corpus = make_corpus(paragraphs)
    index = corpus.word_index
    expected = {}
    for i, w in enumerate(corpus.words):
        expected.setdefault(w, []).append(i)
    assert index.positions == expected
    assert len(index.starts) == len(index.ends) == len(index.paragraph_of) == len(corpus)
    for number, para in enumerate(corpus.paragraphs):
        for i in range(para.start, para.end):
            assert index.paragraph_of[i] == number
            written = para.text[index.starts[i]:index.ends[i]]
            assert written.lower() == corpus.words[i] or stats.words(written) == [corpus.words[i]]
        # A paragraph left as it is has no white space but single spaces.
        if not index.tidy[number]:
            assert "  " not in para.text
            assert all(c == " " or not c.isspace() for c in para.text)


def test_untidy_white_space_is_shown_as_single_spaces():
    corpus = stats.Corpus([("1", "1", "one\ttwo\r\nthree\u00a0four  five six"),
                           ("2", "1", "plain text, then three words")])
    hits = stats.kwic("three", 2, corpus=corpus)
    assert [(h.left, h.match, h.right) for h in hits] == [
        ("one two", "three", "four five"), ("text, then", "three", "words")]
    assert hits == stats.kwic_simple("three", 2, corpus=corpus)


def test_on_the_course_text_and_the_benchmarks_text_the_two_agree():
    corpus = stats.course_corpus()
    big = stats.Corpus(bench.make_paragraphs(20_000))
    for c in (corpus, big):
        for term in bench.TERMS + ("common interests", "peaceful development", "the"):
            for window in (0, 5, 10):
                assert stats.kwic(term, window, corpus=c) == stats.kwic_simple(term, window, corpus=c)
    assert len(stats.kwic("security", 5, corpus=big)) > 100


def test_a_window_wider_than_any_number_is_the_whole_paragraph():
    corpus = stats.Corpus([("1", "1", "peace and development, peace"), ("2", "1", "peace")])
    for window in (4, 10**6, 2**63 - 1, 2**64, 10**30):
        hits = stats.kwic("peace", window, corpus=corpus)
        assert [(h.left, h.right) for h in hits] == [
            ("", "and development, peace"), ("peace and development,", ""), ("", "")]
        assert hits == stats.kwic_simple("peace", window, corpus=corpus)
        # Plain Python values, as the plain search gives them (not NumPy's numbers)
        assert [tuple(map(type, h)) for h in hits] == [(str, str, int, str, str, str)] * 3
        assert stats.kwic("and development", window, corpus=corpus)[0].right == ", peace"


def test_the_index_keeps_its_numbers_in_four_bytes_and_no_copy_of_the_text():
    corpus = stats.Corpus([("1", "1", "Peace and development remain the underlying trend of "
                                      "the times, and peace matters."), ("2", "2", "Peace.")])
    index = corpus.word_index
    for numbers in (index.starts, index.ends, index.paragraph_of):
        assert numbers.dtype == np.int32
    # The paragraphs' own strings, not copies (nor a padded array of characters)
    assert [id(t) for t in index._texts] == [id(p.text) for p in corpus.paragraphs]
    assert corpus.find("peace matters") == [11]


def test_a_text_too_long_for_four_bytes_is_indexed_in_eight(monkeypatch):
    # The limit is 2**31 characters in a paragraph, or words; a smaller one stands in
    # for a huge text. A long paragraph, then many words in short paragraphs:
    for paragraphs, limit in (([("1", "1", "one two, three"), ("2", "2", "four five")], 14),
                              ([("1", "1", "a b"), ("2", "2", "c d"), ("3", "3", "e")], 5)):
        narrow = stats.Corpus(paragraphs)
        monkeypatch.setattr(stats, "_NARROW_LIMIT", limit)
        wide = stats.Corpus(paragraphs)
        assert wide.word_index.starts.dtype == np.int64
        assert wide.word_index.paragraph_of.dtype == np.int64
        assert list(wide.word_index.ends) == list(narrow.word_index.ends)
        assert list(wide.word_index.paragraph_of) == list(narrow.word_index.paragraph_of)
        for query in ("two five", "three", "c d", "b"):
            assert stats.kwic(query, 1, corpus=wide) == stats.kwic(query, 1, corpus=narrow)
        monkeypatch.setattr(stats, "_NARROW_LIMIT", limit + 1)
        assert stats.Corpus(paragraphs).word_index.starts.dtype == np.int32
    assert [h[3:] for h in stats.kwic("c d", 1, corpus=wide)] == [("", "c d", "")]


def test_an_empty_text_has_an_empty_index():
    for corpus in (stats.Corpus([]), stats.Corpus([("1", "1", "")]),
                   stats.Corpus([("1", "1", " ... ")])):
        assert stats.kwic("peace", corpus=corpus) == []
        assert corpus.find("peace and") == []
        assert len(corpus.word_index.starts) == 0


def test_the_index_is_built_once_and_finds_phrases():
    corpus = stats.Corpus([("1", "1", "a a a a b a b. a b")])
    index = corpus.word_index
    stats.kwic("a b", 1, corpus=corpus)
    stats.kwic("b", 1, corpus=corpus)
    assert corpus.word_index is index
    assert corpus.find("a b") == [3, 5, 7]
    assert corpus.find("b a") == [4, 6]   # a full stop does not break a phrase
    assert corpus.find("a a a") == [0, 1]
    assert corpus.find("c a") == [] and corpus.find("...") == []
