"""The fast paths of the statistics against their plain versions: ``keyness_each`` (by
``keyness_against_total``) against ``keyness`` of each unit and the rest, and ``top_words``
against ``top_words_simple``. The results must be the same, to the last bit and in the
same order, on any input and on a text with a realistic vocabulary."""

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closereading import bench, stats

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CLOSEREADING_MUTATION"):
    # As in test_stats_properties.py: under `make mutation`, 20 fixed examples per mutant.
    SETTINGS = settings(SETTINGS, max_examples=20, derandomize=True)

# Few distinct words, so that many words share their pair of counts (the fast path's
# groups) and many share a count (ties in the rankings).
WORDS = st.sampled_from([f"w{i}" for i in range(12)] + ["a", "b", "the", "of"])
units = st.lists(st.lists(WORDS, max_size=40), min_size=2, max_size=5)
counters = st.dictionaries(WORDS, st.integers(1, 6), max_size=16).map(Counter)


def plain_keyness_each(units, min_freq=1):
    """keyness_each, the plain way: each unit against the words of all the others."""
    return [stats.keyness(unit, [w for j, other in enumerate(units) if j != i for w in other],
                          min_freq=min_freq)
            for i, unit in enumerate(units)]


@SETTINGS
@given(units, st.integers(0, 3))
def test_keyness_each_gives_what_keyness_gives_for_each_unit(units, min_freq):
    try:
        expected = plain_keyness_each(units, min_freq)
    except ValueError as exc:          # a unit without a word, or nothing outside it
        with pytest.raises(ValueError, match=str(exc)):
            stats.keyness_each(units, min_freq)
        return
    found = stats.keyness_each(units, min_freq)
    assert found == expected
    for mine, theirs in zip(found, expected):       # the very same numbers, not just close
        assert [(k.g2, k.log_ratio) for k in mine] == [(k.g2, k.log_ratio) for k in theirs]
        assert all(type(k) is stats.Keyword for k in mine)


@SETTINGS
@given(counters, counters, st.integers(0, 4))
def test_keyness_against_total_is_keyness_against_the_rest(target, rest, min_freq):
    total = target + rest
    if not target or not rest:
        with pytest.raises(ValueError, match="at least one word each"):
            stats.keyness_against_total(target, total, min_freq)
        return
    assert stats.keyness_against_total(target, total, min_freq) == \
        stats.keyness(target, rest, min_freq)


def test_words_of_different_counts_with_equal_scores_are_merged_alphabetically(monkeypatch):
    # Every pair of counts scored alike: the fast path must then merge the words of all
    # its groups in alphabetical order, as keyness() sorts them.
    monkeypatch.setattr(stats, "log_likelihood", lambda a, b, c, d: 1.5)
    monkeypatch.setattr(stats, "log_ratio", lambda a, b, c, d: -0.5)
    target = Counter({"delta": 1, "alpha": 3, "charlie": 2, "bravo": 1})
    rest = Counter({"alpha": 1, "echo": 4, "bravo": 2})
    found = stats.keyness_against_total(target, target + rest)
    assert [k.word for k in found] == ["alpha", "bravo", "charlie", "delta", "echo"]
    assert found == stats.keyness(target, rest)
    assert [(k.count, k.ref_count) for k in found] == [(3, 1), (1, 2), (2, 0), (1, 0), (0, 4)]


def test_units_given_as_counters_with_a_zero_count_take_the_plain_way():
    # "x" counted 0 times in the first unit: keyness() lists it there (with min_freq 0)
    # but not in the second, whose reference (total minus unit) drops it.
    units = [Counter({"x": 0, "a": 1}), Counter({"a": 2, "b": 1})]
    total = units[0] + units[1] + Counter({"x": 0})
    expected = [stats.keyness(c, total - c, min_freq=0) for c in units]
    assert "x" in {k.word for k in expected[0]} and "x" not in {k.word for k in expected[1]}
    assert stats.keyness_each(units, min_freq=0) == expected


@SETTINGS
@given(counters, st.integers(-1, 20), st.sets(WORDS, max_size=6))
def test_top_words_gives_what_the_plain_ranking_gives(counts, n, stopwords):
    assert stats.top_words(counts, n, stopwords) == stats.top_words_simple(counts, n, stopwords)
    words = list(counts.elements())
    assert stats.top_words(words, n, stopwords) == stats.top_words_simple(words, n, stopwords)


def test_top_words_keeps_ties_at_the_edge_in_alphabetical_order():
    counts = Counter({"d": 2, "c": 2, "b": 2, "a": 2, "z": 5, "the": 9})
    assert stats.top_words(counts, 3, {"the"}) == [("z", 5), ("a", 2), ("b", 2)]
    assert stats.top_words(counts, 0) == [] == stats.top_words(Counter(), 5)


@pytest.fixture(scope="module")
def zipf():
    return bench.zipf_paragraphs(60_000, types=8_000)


def test_on_a_realistic_vocabulary_the_fast_paths_agree_with_the_plain_ones(zipf):
    corpus = stats.Corpus(zipf)
    sections = [corpus.section_words(s.id) for s in corpus.sections]
    found = stats.keyness_each(sections)
    assert found == plain_keyness_each(sections)
    assert sum(map(len, found)) > 5 * 3_000
    stopwords = stats.load_stopwords()
    for sid in [None] + [s.id for s in corpus.sections]:
        counts = corpus.counts(sid)
        for n in (3, 10, 30):
            assert stats.top_words(counts, n, stopwords) == \
                stats.top_words_simple(counts, n, stopwords)


def test_one_word_asked_for_is_one_word_and_ten_by_default():
    counts = Counter({"a": 3, "b": 2, "c": 1})
    assert stats.top_words(counts, 1) == [("a", 3)]
    assert stats.top_words_simple(counts, 1) == [("a", 3)]
    twelve = Counter({f"w{i:02}": 20 - i for i in range(12)})
    assert stats.top_words_simple(twelve) == [(f"w{i:02}", 20 - i) for i in range(10)]
    assert stats.top_words(twelve) == stats.top_words_simple(twelve)


def test_keyness_against_an_empty_side_says_what_it_needs():
    message = "keyness needs a target and a reference with at least one word each"
    with pytest.raises(ValueError) as empty_target:
        stats.keyness_against_total(Counter(), Counter({"a": 2}))
    assert str(empty_target.value) == message
    with pytest.raises(ValueError) as nothing_else:
        stats.keyness_against_total(Counter({"a": 2}), Counter({"a": 2}))
    assert str(nothing_else.value) == message
