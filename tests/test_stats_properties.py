"""Properties of the statistics that hold for any text (hypothesis)."""

import math
import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closereading import stats

# Texts that look like prose (letters, digits, punctuation, hyphens, apostrophes, line
# breaks, some non-Latin letters) as well as arbitrary Unicode.
PROSE_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                      "  ..,,;:!?'-\u2019\"()\n\u00e9\u00fc\u00df\u0130\u4e2d\u56fd_"))
prose = st.text(PROSE_ALPHABET, max_size=300)
any_text = st.one_of(prose, st.text(max_size=200))
paragraph_lists = st.lists(st.tuples(st.sampled_from(["1", "2", "3"]), any_text),
                           min_size=1, max_size=6)

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CLOSEREADING_MUTATION"):
    # Under `make mutation` (tests/mutation.py sets this) every mutant reruns these tests:
    # fewer examples there, always the same ones (derandomize), so that a score can be
    # reproduced. `make test` keeps the full 200.
    SETTINGS = settings(SETTINGS, max_examples=20, derandomize=True)


def make_corpus(paragraphs):
    ordered = sorted(paragraphs, key=lambda p: p[0])  # sections in order
    return stats.Corpus([(f"{sid}.{i}", sid, body) for i, (sid, body) in enumerate(ordered, 1)])


@SETTINGS
@given(any_text)
def test_the_tokenizer_never_drops_a_letter(text):
    letters = Counter(ch for ch in text if ch.isalnum())
    kept = Counter(ch for token in stats.tokenize(text) for ch in token if ch.isalnum())
    assert kept == letters
    # Tokens are pieces of the text, in order.
    position = 0
    for token in stats.tokenize(text):
        position = text.index(token, position) + len(token)


@SETTINGS
@given(any_text)
def test_words_are_the_lower_cased_tokens(text):
    assert stats.words(text) == [t.lower() for t in stats.tokenize(text)]


@SETTINGS
@given(any_text, st.integers(min_value=1, max_value=40))
def test_frequencies_add_up_to_the_token_count(text, size):
    counts = stats.count_words(text)
    assert sum(counts.values()) == len(stats.words(text))
    assert counts == Counter(stats.words(text))
    assert "".join(stats.chunks(text, size)) == text
    assert sum(stats.frequencies(stats.words(text)).values()) == len(stats.words(text))


@SETTINGS
@given(paragraph_lists)
def test_the_kwic_hits_of_a_word_equal_its_frequency(paragraphs):
    corpus = make_corpus(paragraphs)
    counts = Counter(corpus.words)
    written = {t for _, body in paragraphs for t in stats.tokenize(body)}
    for token in written:
        hits = stats.kwic(token, 2, corpus=corpus)
        assert len(hits) == counts[token.lower()]
        assert all(h.match.lower() == token.lower() for h in hits)
        assert all(corpus.words[h.position] == token.lower() for h in hits)


@SETTINGS
@given(paragraph_lists, st.text(max_size=30), st.integers(min_value=-3, max_value=20))
def test_any_query_is_safe(paragraphs, query, window):
    corpus = make_corpus(paragraphs)
    hits = stats.kwic(query, window, corpus=corpus)
    assert len(hits) <= len(corpus)
    for h in hits:
        assert corpus.paragraph_at(h.position).id == h.paragraph


@SETTINGS
@given(st.lists(st.sampled_from(["a", "b", "c", "peace", "china's", "d-e"]), min_size=1,
                max_size=60))
def test_a_text_compared_with_itself_has_keyness_zero(tokens):
    for k in stats.keyness(tokens, list(tokens)):
        assert k.g2 == 0.0
        assert k.log_ratio == 0.0


@SETTINGS
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=80))
def test_bigram_counts_add_up(tokens):
    found = stats.collocations(tokens, min_freq=1)
    assert sum(c.count for c in found) == len(tokens) - 1
    assert all(math.isfinite(c.score) for c in found)
    by_pmi = stats.collocations(tokens, "pmi", min_freq=1)
    assert {(c.pair, c.count) for c in by_pmi} == {(c.pair, c.count) for c in found}


@SETTINGS
@given(any_text)
def test_sentences_keep_every_word(text):
    assert sum(len(stats.words(s)) for s in stats.sentences(text)) == len(stats.words(text))


@SETTINGS
@given(any_text)
def test_readability_is_defined_whenever_there_is_a_word(text):
    if stats.words(text):
        r = stats.readability(text)
        assert r.syllables >= r.words >= r.sentences >= 1
