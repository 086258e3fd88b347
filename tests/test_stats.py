"""The statistics toolkit on small hand-made texts whose answers are worked out by hand
(the working is in the comments), and on the course text."""

import math
from collections import Counter

import pytest

from closereading import stats


# ---------------------------------------------------------------------------------------
# Words


def test_tokenizer_rules_as_documented():
    text = "China's good-neighborly, win-win UN's -- the Earth; 21st century, 2011."
    assert stats.tokenize(text) == ["China's", "good-neighborly", "win-win", "UN's", "the",
                                    "Earth", "21st", "century", "2011"]


def test_the_examples_in_the_rules_hold():
    assert stats.tokenize("China, 21st, 2011") == ["China", "21st", "2011"]
    for word in ("good-neighborly", "win-win", "non-traditional", "sub-regional", "UN's",
                 "China's"):
        assert stats.tokenize(word) == [word]
    assert stats.tokenize("-- Promoting the building") == ["Promoting", "the", "building"]
    assert stats.words("Countries countries") == ["countries", "countries"]
    # A dangling hyphen or apostrophe is not part of a word; an underscore separates.
    assert stats.tokenize("pre- and post-war 'quoted' snake_case") == [
        "pre", "and", "post-war", "quoted", "snake", "case"]


def test_words_lowercases_ascii_and_other_scripts_alike():
    assert stats.words("Peace AND Security") == ["peace", "and", "security"]
    assert stats.words("Ärger über Öl, 和平 发展") == ["ärger", "über", "öl", "和平", "发展"]
    assert stats.words("") == [] and stats.words(" -- ... ") == []


def test_count_words_reads_long_texts_in_pieces_without_cutting_words():
    text = ("alpha beta-gamma delta's " * 3000).strip()
    pieces = list(stats.chunks(text, size=100))
    assert "".join(pieces) == text and len(pieces) > 100
    assert stats.count_words(text) == Counter({"alpha": 3000, "beta-gamma": 3000,
                                               "delta's": 3000})


# ---------------------------------------------------------------------------------------
# Sentences


def test_sentences_split_at_end_punctuation_and_paragraph_breaks():
    text = ("It is one. Is it two? It is three!\n\nA paragraph that ends with a colon:\n\n"
            "Mr. Smith met J. Doe, e.g. at the U.N. building. He left.")
    assert stats.sentences(text) == [
        "It is one.", "Is it two?", "It is three!", "A paragraph that ends with a colon:",
        "Mr. Smith met J. Doe, e.g. at the U.N. building.", "He left."]


def test_sentences_keep_closing_quotes_and_skip_wordless_stretches():
    text = 'He said "stop." Then he went (quietly.) Next -- ... \n\n ---'
    assert stats.sentences(text) == ['He said "stop."', "Then he went (quietly.)", "Next -- ..."]
    # A lower-case word after a full stop continues the sentence.
    assert stats.sentences("See p. ten for more. Done.") == ["See p. ten for more.", "Done."]


def test_sentence_lengths():
    assert stats.sentence_lengths("One two three. Four five.") == [3, 2]


# ---------------------------------------------------------------------------------------
# Counts


def test_counts_by_hand():
    tokens = stats.words("The cat saw the dog.")
    # 5 tokens; types: the, cat, saw, dog = 4; hapaxes: cat, dog, saw.
    assert len(tokens) == 5
    assert stats.frequencies(tokens) == Counter({"the": 2, "cat": 1, "saw": 1, "dog": 1})
    assert stats.type_token_ratio(tokens) == pytest.approx(0.8)
    assert stats.hapaxes(tokens) == ["cat", "dog", "saw"]
    assert stats.per_thousand(3, 1500) == pytest.approx(2.0)
    assert stats.per_thousand(3, 0) == 0.0


def test_top_words_ranks_by_count_then_alphabet_and_leaves_out_stopwords():
    tokens = stats.words("b a c b a the the the d")
    assert stats.top_words(tokens, 3) == [("the", 3), ("a", 2), ("b", 2)]
    assert stats.top_words(tokens, 3, stopwords={"the"}) == [("a", 2), ("b", 2), ("c", 1)]
    assert stats.top_words(tokens, 0) == []


def test_summarize_by_hand():
    s = stats.summarize("One two three. Four five. Six seven eight nine ten.")
    # sentence lengths 3, 2, 5: mean 10/3, median 3
    assert (s.tokens, s.types, s.sentences) == (10, 10, 3)
    assert s.mean_sentence == pytest.approx(10 / 3)
    assert s.median_sentence == 3.0
    assert (s.shortest_sentence, s.longest_sentence) == (2, 5)
    assert s.hapaxes == 10 and s.type_token_ratio == 1.0
    empty = stats.summarize("")
    assert (empty.tokens, empty.sentences, empty.mean_sentence) == (0, 0, 0.0)


def test_length_distribution_keeps_empty_bins():
    assert stats.length_distribution([3, 7, 12, 4], width=5) == [(1, 5, 2), (6, 10, 1),
                                                                 (11, 15, 1)]
    assert stats.length_distribution([1, 25], width=10) == [(1, 10, 1), (11, 20, 0), (21, 30, 1)]
    assert stats.length_distribution([]) == []
    with pytest.raises(ValueError):
        stats.length_distribution([1], width=0)


# ---------------------------------------------------------------------------------------
# Stopwords


def test_the_stopword_list_is_documented_and_keeps_what_it_says_it_keeps():
    words = stats.load_stopwords()
    assert {"the", "of", "and", "to", "is", "it", "their"} <= words
    kept = {"should", "will", "must", "not", "never", "all", "every", "other", "more", "we",
            "our", "both"}
    assert not kept & words
    lines = stats.stopwords_path().read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert len(comments) >= 10  # what is in it and why


def test_a_bad_stopword_line_names_file_and_line(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# comment\nthe\ntwo words\n", encoding="utf-8")
    with pytest.raises(stats.StopwordsError, match=r"stop.txt, line 3: 'two words'"):
        stats.load_stopwords(path)
    with pytest.raises(stats.StopwordsError, match="missing"):
        stats.load_stopwords(tmp_path / "nothing.txt")
    path.write_text("The  # capital letters are fine\nUN's\n", encoding="utf-8")
    assert stats.load_stopwords(path) == {"the", "un's"}


# ---------------------------------------------------------------------------------------
# Keyword in context and dispersion

PARAS = [("1.1", "1", "Peace and security. Security matters!"),
         ("1.2", "1", "Common security,\ncommon peace."),
         ("2.1", "2", "Peace -- common? Security for all.")]


@pytest.fixture
def small():
    return stats.Corpus(PARAS, {"1": "First", "2": "Second"}, "small")


def test_corpus_positions_paragraphs_and_sections(small):
    # words: peace and security security matters | common security common peace |
    #        peace common security for all
    assert small.words[:5] == ["peace", "and", "security", "security", "matters"]
    assert len(small) == 14
    assert [(s.id, s.title, s.start, s.end) for s in small.sections] == [
        ("1", "First", 0, 9), ("2", "Second", 9, 14)]
    assert small.paragraph_at(5).id == "1.2" and small.paragraph_at(13).id == "2.1"
    assert small.rest_words("2") == small.words[:9]
    with pytest.raises(IndexError):
        small.paragraph_at(14)
    with pytest.raises(KeyError, match="sections: 1, 2"):
        small.section("9")


def test_kwic_by_hand(small):
    hits = stats.kwic("Security", 1, corpus=small)
    assert [(h.paragraph, h.position, h.left, h.match, h.right) for h in hits] == [
        ("1.1", 2, "and", "security", ". Security"),
        ("1.1", 3, "security.", "Security", "matters"),
        ("1.2", 6, "Common", "security", ", common"),   # the line break becomes a space
        ("2.1", 11, "common?", "Security", "for")]
    # Context stops at the paragraph's edges.
    assert stats.kwic("peace", 3, corpus=small)[0].left == ""
    assert stats.kwic("peace", 3, corpus=small)[1].right == ""


def test_kwic_phrases_stay_inside_a_paragraph(small):
    assert [h.position for h in stats.kwic("common security", 2, corpus=small)] == [5, 10]
    # "matters" ends 1.1 and "common" starts 1.2: no phrase across the break.
    assert stats.kwic("matters common", corpus=small) == []
    # Punctuation between the words of a phrase does not matter; the match is as written.
    assert [h.match for h in stats.kwic("peace common", corpus=small)] == ["Peace -- common"]


def test_kwic_filters_by_section_and_counts_per_section(small):
    hits = stats.kwic("security", corpus=small)
    assert [h.section for h in stats.kwic("security", section="2", corpus=small)] == ["2"]
    per = stats.hits_per_section(hits, small)
    assert [(s.id, n) for s, n, _ in per] == [("1", 3), ("2", 1)]
    assert per[1][2] == pytest.approx(1000 * 1 / 5)


@pytest.mark.parametrize("query", ["", "   ", "(", ")", "[", ".*", "\\", "secur", "a|b",
                                   "?", "\u4e2d\u56fd", "ÄÖÜ", "\x00", "security)"])
def test_any_query_is_safe(small, query):
    hits = stats.kwic(query, corpus=small)
    assert isinstance(hits, list)
    if query == "security)":
        assert len(hits) == 4   # punctuation in a query is ignored, as in the text


def test_dispersion_positions_and_boundaries(small):
    d = stats.dispersion(["security", "peace", "security", " ", "nothing"], small)
    assert d.terms == ("security", "peace", "nothing")
    assert d.positions == {"security": [2, 3, 6, 11], "peace": [0, 8, 9], "nothing": []}
    assert d.total == 14 and [s.start for s in d.sections] == [0, 9]


# ---------------------------------------------------------------------------------------
# Collocations


def test_bigram_scores_by_hand():
    # tokens a b a b c: N = 5; (a, b) twice; a twice, b twice.
    # Table: O11 = 2, O12 = 0, O21 = 0, O22 = 3; expected 0.8, 1.2, 1.2, 1.8.
    # G2 = 2 (2 ln(2 / 0.8) + 3 ln(3 / 1.8)) = 6.730117...
    assert stats.bigram_log_likelihood(2, 2, 2, 5) == pytest.approx(6.7301167, rel=1e-6)
    # PMI = log2(2 x 5 / (2 x 2)) = log2(2.5)
    assert stats.bigram_pmi(2, 2, 2, 5) == pytest.approx(math.log2(2.5))


def test_collocations_rank_filter_and_stay_inside_units():
    tokens = "a b a b c".split()
    found = stats.collocations(tokens, "log-likelihood", min_freq=1)
    assert found[0].pair == "a b" and found[0].count == 2
    assert {c.pair for c in found} == {"a b", "b a", "b c"}
    assert [c.pair for c in stats.collocations(tokens, min_freq=2)] == ["a b"]
    assert [c.pair for c in stats.collocations(tokens, "pmi", min_freq=1, stopwords={"c"})] == \
        ["a b", "b a"]
    # Two units: no pair across the boundary ("b" then "a").
    assert {c.pair for c in stats.collocations([["a", "b"], ["a", "b"]], min_freq=1)} == {"a b"}
    with pytest.raises(ValueError, match="unknown measure"):
        stats.collocations(tokens, "dice")


# ---------------------------------------------------------------------------------------
# Keyness


def test_keyness_by_hand():
    # Target "a a b" (c = 3), reference "a b b b b b" (d = 6).
    # a: 2 and 1. E1 = 3 x 3 / 9 = 1, E2 = 2. G2 = 2 (2 ln 2 + ln 1/2) = 2 ln 2.
    #    Log ratio = log2((2/3) / (1/6)) = 2.
    # b: 1 and 5. E1 = 2, E2 = 4. G2 = 2 (ln 1/2 + 5 ln 5/4); log ratio = log2(0.4).
    found = {k.word: k for k in stats.keyness("a a b".split(), "a b b b b b".split())}
    assert found["a"].g2 == pytest.approx(2 * math.log(2))
    assert found["a"].log_ratio == pytest.approx(2.0)
    assert found["a"].overused and not found["b"].overused
    assert found["b"].g2 == pytest.approx(2 * (math.log(0.5) + 5 * math.log(1.25)))
    assert found["b"].log_ratio == pytest.approx(math.log2(0.4))


def test_keyness_zero_counts_use_half_and_order_is_stable():
    found = stats.keyness(["x", "y"], ["y", "z"])
    by_word = {k.word: k for k in found}
    # x: 1 in 2 against 0 (counted 0.5) in 2: log2(1 / 0.5) = 1.
    assert by_word["x"].log_ratio == pytest.approx(1.0)
    assert by_word["z"].log_ratio == pytest.approx(-1.0)
    assert by_word["y"].g2 == 0.0
    assert [k.word for k in found] == ["x", "z", "y"]  # G2 ties: over-used first
    with pytest.raises(ValueError, match="at least one word"):
        stats.keyness([], ["a"])


def test_keyness_each_matches_keyness_against_the_rest():
    units = [["a", "b", "a"], ["b", "c"], ["c", "c", "a"]]
    each = stats.keyness_each(units)
    direct = stats.keyness(units[1], units[0] + units[2])
    assert each[1] == direct


# ---------------------------------------------------------------------------------------
# Readability


@pytest.mark.parametrize("word,count", [
    ("the", 1), ("state", 1), ("peace", 1), ("table", 2), ("people", 2), ("whole", 1),
    ("formed", 1), ("united", 3), ("agreed", 2), ("security", 4), ("good-neighborly", 4),
    ("2011", 1), ("21st", 1), ("rhythm", 1), ("China's", 2), ("a", 1)])
def test_syllable_rule(word, count):
    assert stats.syllables(word) == count


def test_flesch_by_hand():
    r = stats.readability("The cat sat.")
    # 3 words, 1 sentence, 3 syllables:
    # 206.835 - 1.015 x 3 - 84.6 x 1 = 119.19; 0.39 x 3 + 11.8 x 1 - 15.59 = -2.62
    assert (r.words, r.sentences, r.syllables) == (3, 1, 3)
    assert r.flesch == pytest.approx(119.19)
    assert r.grade == pytest.approx(-2.62)
    with pytest.raises(ValueError):
        stats.readability(" ... ")


# ---------------------------------------------------------------------------------------
# The course text and the tables


def test_course_corpus_matches_the_document():
    from closereading import text
    doc = text.load()
    corpus = stats.course_corpus()
    assert len(corpus) == sum(len(stats.words(p.text)) for p in doc.paragraphs)
    assert [s.id for s in corpus.sections] == ["0", "1", "2", "3", "4", "5"]
    assert [p.id for p in corpus.paragraphs] == [p.id for p in doc.paragraphs]


def test_course_facts_the_notebook_relies_on():
    corpus = stats.course_corpus()
    security = stats.kwic("security", corpus=corpus)
    assert len(security) == Counter(corpus.words)["security"]
    assert Counter(h.section for h in security).most_common(1)[0][0] == "3"
    assert stats.section_keywords(3, 1)[0].word == "security"
    assert stats.section_keywords(5, 1)[0].word == "regional"


def test_tables_have_text_and_escaped_html():
    corpus = stats.Corpus([("1.1", "1", "<b>Bold</b> & bold. Bold again.")], {"1": "<i>T</i>"})
    t = stats.kwic_table(stats.kwic("bold", 2, corpus=corpus))
    assert "</b>" not in t.html and "&lt;/b&gt; &amp; bold" in t.html
    assert "Bold" in t.text
    summary = stats.summary_table(corpus)
    assert "&lt;i&gt;T&lt;/i&gt;" in summary.html and "<i>T" in summary.text
    for table in (stats.summary_table(), stats.section_summary(3), stats.top_words_table(),
                  stats.top_words_vs_whole_table(2), stats.key_terms_table(),
                  stats.keyness_table(4), stats.collocations_table(),
                  stats.collocations_table("pmi"), stats.readability_table(),
                  stats.rules()):
        assert table.html.startswith("<") and table.text.strip()


def test_rules_view_and_unknown_rule():
    shown = stats.rules("words", "keyness")
    assert "What counts as a word" in shown.text and "Keyness" in shown.text
    with pytest.raises(KeyError, match="known:"):
        stats.rules("nonsense")
