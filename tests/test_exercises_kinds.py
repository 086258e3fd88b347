"""The eleven checks of `exercises.py`, part by part (issue 14, mutation testing:
tests/MUTANTS.md, "exercises.py, the rest"): the small texts each is run on, named as a
learner reads them; what each known mistake gives on them (so that a learner who makes it
is told which); the messages of a wrong type word for word; how answers are compared and
shown. Every value is worked out by hand (the working is in the comments); none is
computed with the course's tokenizer. The right answers on the small texts are in
test_exercises_hand_worked.py."""

import pytest

from closereading import exercises as E

C = E.CHECKS

# ---------------------------------------------------------------------------------------
# The small texts, as the learner reads them in a message


def labels(name, params=None):
    return [label for _, label in C[name].probes(params or {})]


def test_the_small_texts_of_count_word():
    assert C["count-word"].probes({}) == [
        (("Should we? Yes, we should. Shoulders, should they?", "should"),
         "the text 'Should we? Yes, we should. Shoulders, should they?', word 'should'"),
        (("should SHOULD should, shoulder", "should"),
         "the text 'should SHOULD should, shoulder', word 'should'"),
        (("Should we act? Should they wait? We should", "should"),
         "the text 'Should we act? Should they wait? We should', word 'should'"),
        (("Peace: peace-loving, PEACE and peace's sake; Peaceful peace.", "Peace"),
         "the text \"Peace: peace-loving, PEACE and peace's sake; Peaceful peace.\", word "
         "'Peace'")]


def test_the_small_texts_of_count_words():
    assert C["count-words"].probes({}) == [
        (("Not now, not ever; never. Nor notably.", ["not", "never", "nor"]),
         "the text 'Not now, not ever; never. Nor notably.', words ['not', 'never', 'nor']"),
        (("Regional, sub-regional and region-wide: the region.", ["regional", "region"]),
         "the text 'Regional, sub-regional and region-wide: the region.', words "
         "['regional', 'region']"),
        (("Not now, NOT ever; never. Nor notably.", ["Not", "never"]),
         "the text 'Not now, NOT ever; never. Nor notably.', words ['Not', 'never']")]


SECURITY = ("Security matters. Insecurity spreads. We seek common security. Peace comes "
            "first. Common security, then.")


def test_the_small_texts_of_sentences_with():
    assert C["sentences-with"].probes({}) == [
        ((SECURITY, "security"), f"the text '{SECURITY}', phrase 'security'"),
        ((SECURITY, "common security"), f"the text '{SECURITY}', phrase 'common security'"),
        ((SECURITY, "Common Security"), f"the text '{SECURITY}', phrase 'Common Security'"),
        # the words of the phrase apart in the first sentence, in a row in the second
        (("Security is common. We seek common security.", "common security"),
         "the text 'Security is common. We seek common security.', phrase 'common security'")]


CHINA = ("China acts. CHINA waits. China's view differs. Then China speaks. Chinaware. "
         "China, too, agrees.")


def test_the_small_texts_of_sentences_starting_with():
    assert C["sentences-starting-with"].probes({}) == [
        ((CHINA, "China"), f'the text "{CHINA}", word \'China\'')]


def test_the_small_texts_of_share_with_word():
    assert C["share-with-word"].probes({}) == [
        (("Should we? We should. Shoulders ache. We rest. Should not.", "should"),
         "the text 'Should we? We should. Shoulders ache. We rest. Should not.', word "
         "'should'"),
        (("One. Two should. Three.", "should"),
         "the text 'One. Two should. Three.', word 'should'"),
        (("Peace first. Peaceful days. PEACE now. Peace's price. We rest.", "Peace"),
         "the text \"Peace first. Peaceful days. PEACE now. Peace's price. We rest.\", word "
         "'Peace'")]


DENSE = {"A": "War and peace, war and trade, war and more and more and more and more words "
              "to make it long.",
         "B": "War came. Peace followed.",
         "C": "Peace, peace, peace and war."}
TIE = {"X": "War and peace.", "Y": "Peace and war.", "Z": "Trade first."}
MARKS = {"P": "Peace and trade grow.", "Q": "War, then war.", "R": "War and peace."}


def test_the_small_texts_of_densest_paragraph():
    assert C["densest-paragraph"].probes({}) == [
        ((DENSE, "war"),
         "the paragraphs {'A': 'War and peace, war and trade, war and more and more and more "
         "and more words to make it long.', 'B': 'War came. Peace followed.', 'C': 'Peace, "
         "peace, peace and war.'}, word 'war'"),
        ((TIE, "war"),
         "the paragraphs {'X': 'War and peace.', 'Y': 'Peace and war.', 'Z': 'Trade first.'}, "
         "word 'war' (X and Y tie)"),
        # "war," and "war." are the word: Q (2 of 3) is densest, not R (1 of 3)
        ((MARKS, "war"),
         "the paragraphs {'P': 'Peace and trade grow.', 'Q': 'War, then war.', 'R': 'War and "
         "peace.'}, word 'war'")]


POSITIONS = "Peace, then security. Security -- and more security!"


def test_the_small_texts_of_the_other_checks():
    longer = "Insecurity breeds insecurity; security answers it."
    assert C["word-positions"].probes({}) == [
        ((POSITIONS, "security"), f"the text '{POSITIONS}', word 'security'"),
        ((longer, "security"), f"the text '{longer}', word 'security'")]
    top = "The Peace and the order: peace, PEACE, order, trade and the trade."
    tie = "Trade and order, then order and trade: the end."
    assert C["top-content-word"].probes({}) == [
        ((top, frozenset({"the", "and"})), f"the text '{top}', stopwords {{'the', 'and'}}"),
        ((tie, frozenset({"the", "and", "then"})),
         f"the text '{tie}', stopwords {{'the', 'and', 'then'}} (two words tie)")]
    mean = ("Peace and development -- both matter -- now. Good-neighborly trade grows now. "
            "We talk, they listen.")
    asked = "Will they act? We act now! They talk."
    assert C["mean-sentence-length"].probes({}) == [((mean,), f"the text '{mean}'"),
                                                    ((asked,), f"the text '{asked}'")]
    longest = ("Extraordinarily comprehensive considerations. We act and we talk. We go and "
               "we see. Fine.")
    dashes = "We act -- now -- here. They talk and listen well."
    assert C["longest-sentence"].probes({}) == [((longest,), f"the text '{longest}'"),
                                                ((dashes,), f"the text '{dashes}'")]
    apart = EVENTS + [{"id": "d", "date": "2011",
                       "text": "In the south, China met others at sea."}]
    assert C["events-with"].probes({}) == [
        ((EVENTS, "sea"), "three small events, phrase 'sea'"),
        ((EVENTS, "talks"), "three small events, phrase 'talks'"),
        ((apart, "South China Sea"), "four small events (in d, the words of the phrase are "
                                     "apart), phrase 'South China Sea'")]


EVENTS = [{"id": "a", "date": "2009", "text": "Talks on the Sea resumed."},
          {"id": "b", "date": "2010", "text": "A seaside town held a festival."},
          {"id": "c", "date": "2011", "text": "Ships met at sea; no talks."}]


# ---------------------------------------------------------------------------------------
# What each known mistake gives (the check compares a wrong answer with these)


def test_the_mistakes_of_count_word():
    kind = C["count-word"]
    # "Should we? Yes, we should. Shoulders, should they?": "should" inside the lower-cased
    # text 4 times (with "shoulders"); as written, 2 tokens and 2 substrings ("should." and
    # "should"); split on spaces: "should" alone once ("should." keeps its full stop), 2
    # once lower-cased ("Should" opens the text); the lower-cased words hold it 3 times.
    assert kind.variants("Should we? Yes, we should. Shoulders, should they?", "should") == {
        "substring": 4, "case-sensitive": 2, "substring-case-sensitive": 2, "split": 1,
        "split-lower": 2, "unlowered-word": 3}
    # "Peace: peace-loving, PEACE and peace's sake; Peaceful peace.", word "Peace": 6 times
    # in the lower-cased text; the token "Peace" once; "Peace" as written twice ("Peace:",
    # "Peaceful"); no piece "Peace" after split; "peace" once after lower() and split()
    # ("peace:" and "peace." keep their marks); the lower-cased words never equal "Peace".
    assert kind.variants("Peace: peace-loving, PEACE and peace's sake; Peaceful peace.",
                         "Peace") == {
        "substring": 6, "case-sensitive": 1, "substring-case-sensitive": 2, "split": 0,
        "split-lower": 1, "unlowered-word": 0}


def test_the_mistakes_of_count_words():
    # "Not now, NOT ever; never. Nor notably.", words "Not" and "never": the words are not,
    # now, not, ever, never, nor, notably. "not" in the lower-cased text 3 times (with
    # "notably"); the token "Not" once ("NOT" is another); after split "not" twice and
    # "never" never ("never." keeps its full stop); the lower-cased words hold no "Not".
    assert C["count-words"].variants("Not now, NOT ever; never. Nor notably.",
                                     ["Not", "never"]) == {
        "substring": {"Not": 3, "never": 1},
        "case-sensitive": {"Not": 1, "never": 1},
        "split": {"Not": 2, "never": 0},
        "unlowered-word": {"Not": 0, "never": 1}}


@pytest.mark.parametrize("value, message", [
    ({"not": 2, "never": 0}, None),
    ({"not": 2.0}, None),
    ({}, None),
    ([("not", 2)], "a dict is expected, and your function returned a list"),
    ("not: 2", "a dict is expected, and your function returned a str"),
    ({"not": 2, "never": "1", "nor": None}, "every count should be a whole number; one is a str"),
    ({"not": 1.5, "nor": None}, "every count should be a whole number; one is a float"),
    ({"not": True}, "every count should be a whole number; one is a bool"),
])
def test_the_wrong_types_of_count_words(value, message):
    assert C["count-words"].type_problem(value) == message


def test_count_words_compares_every_word():
    same = C["count-words"].same
    assert same({"not": 2, "never": 1}, {"never": 1, "not": 2})
    assert not same({"not": 2}, {"not": 2, "never": 1})
    assert not same({"not": 2, "never": 1, "nor": 0}, {"not": 2, "never": 1})
    assert not same({"not": 2, "never": 0}, {"not": 2, "never": 1})
    assert not same({"not": 3, "never": 1}, {"not": 2, "never": 1})
    assert not same([("not", 2)], {"not": 2})
    assert same({}, {})


S1, S2, S3, S4, S5 = ("Security matters.", "Insecurity spreads.", "We seek common security.",
                      "Peace comes first.", "Common security, then.")


def test_the_mistakes_of_sentences_with():
    kind = C["sentences-with"]
    # "security": as a token written so, in S3 and S5; the letters "security" (lower-cased)
    # in every sentence but S4 (S2 has "Insecurity"); as written, in S2, S3, S5 ("Security"
    # has a capital); the lower-cased words hold it in S1, S3, S5 as one word too.
    assert kind.variants(SECURITY, "security") == {
        "case-sensitive": [S3, S5], "substring": [S1, S2, S3, S5],
        "substring-case-sensitive": [S2, S3, S5], "all-sentences": [S1, S2, S3, S4, S5],
        "without": [S2, S4], "one-word": [S1, S3, S5], "unlowered-phrase": [S1, S3, S5]}
    # "Common Security": no sentence has those two tokens as written, nor the letters as
    # written; lower-cased, the letters are in S3 and S5; no word is "common security";
    # the lower-cased words never equal "Common" "Security".
    assert kind.variants(SECURITY, "Common Security") == {
        "case-sensitive": [], "substring": [S3, S5], "substring-case-sensitive": [],
        "all-sentences": [S1, S2, S3, S4, S5], "without": [S1, S2, S4], "one-word": [],
        "unlowered-phrase": []}


def test_sentences_with_compares_and_shows_lists():
    kind = C["sentences-with"]
    assert kind.same(["We  seek\ncommon security. "], ["We seek common security."])
    assert kind.same((S1, S3), [S1, S3])
    assert not kind.same([S1], [S1, S3]) and not kind.same([S1, S3, S5], [S1, S3])
    assert not kind.same([S3, S1], [S1, S3])
    assert not kind.same(S1, [S1]) and not kind.same(None, [])
    assert kind.same([], [])
    assert kind.show([S1]) == "1 sentence: ['Security matters.']"
    assert kind.show((S1, S4)) == "2 sentences: ('Security matters.', 'Peace comes first.')"
    assert kind.show([]) == "0 sentences: []"
    assert kind.show(S1) == "'Security matters.'"
    assert kind.show([S1] * 10).startswith("10 sentences: ['Security matters.', ")
    assert kind.show([S1] * 10).endswith(" ...") and len(kind.show([S1] * 10)) == 14 + 160
    assert kind.type_problem("A.") == ("a list of sentences is expected, and your function "
                                       "returned one string; collect the sentences in a list")


def test_the_mistakes_of_sentences_starting_with():
    t1, t2, t3, t4, t5, t6 = ("China acts.", "CHINA waits.", "China's view differs.",
                              "Then China speaks.", "Chinaware.", "China, too, agrees.")
    kind = C["sentences-starting-with"]
    # right: t1, t2, t6 (China's and Chinaware are other words; t4 starts with "Then")
    assert kind.expected(CHINA, "China") == [t1, t2, t6]
    assert kind.expected(CHINA, "china") == [t1, t2, t6]
    assert kind.variants(CHINA, "China") == {
        "anywhere": [t1, t2, t4, t6],
        "startswith": [t1, t2, t3, t5, t6],
        "case-sensitive": [t1, t6]}


def test_the_mistakes_of_share_with_word():
    kind = C["share-with-word"]
    # 5 sentences, "should" (any case, a whole word) in 3: 0.6; 10 words; "should" in the
    # lower-cased letters of 4 (with "Shoulders"); the token "should" only in "We should."
    got = kind.variants("Should we? We should. Shoulders ache. We rest. Should not.", "should")
    assert got == {"percent": pytest.approx(60), "count": 3,
                   "share-of-words": pytest.approx(0.3), "inverse": pytest.approx(0.4),
                   "substring": pytest.approx(0.8), "case-sensitive": pytest.approx(0.2),
                   # `word in sentence` as written: "We should." only ("Should we?" and
                   # "Should not." have a capital)
                   "substring-case-sensitive": pytest.approx(0.2),
                   "unlowered-word": pytest.approx(0.6)}
    assert list(got) == ["percent", "count", "share-of-words", "inverse", "substring",
                         "case-sensitive", "substring-case-sensitive", "unlowered-word"]
    # "Peace": the word in "Peace first." and "PEACE now.": 2 of 5; 10 words; the letters
    # in 4 ("Peaceful", "Peace's"); the token "Peace" in 1; the lower-cased words never
    # equal "Peace"
    got = kind.variants("Peace first. Peaceful days. PEACE now. Peace's price. We rest.",
                        "Peace")
    assert got == {"percent": pytest.approx(40), "count": 2,
                   "share-of-words": pytest.approx(0.2), "inverse": pytest.approx(0.6),
                   "substring": pytest.approx(0.8), "case-sensitive": pytest.approx(0.2),
                   # "Peace" as written in "Peace first.", "Peaceful days." and "Peace's
                   # price.": 3 of 5
                   "substring-case-sensitive": pytest.approx(0.6),
                   "unlowered-word": 0.0}
    assert kind.variants("", "peace") == {} and kind.variants("-- --", "peace") == {}
    assert kind.expected("", "peace") == 0.0 and kind.expected("-- --", "peace") == 0.0


@pytest.mark.parametrize("value, message", [
    (0.5, None), (1, None), (0, None),
    ("0.5", "a number is expected, and your function returned a str"),
    (True, "a number is expected, and your function returned a bool"),
    (None, "a number is expected, and your function returned a NoneType"),
    (float("nan"), "your function returned nan (not a number): is something divided by zero?"),
    (float("inf"), None),
])
def test_the_wrong_types_of_a_share(value, message):
    assert C["share-with-word"].type_problem(value) == message
    assert C["mean-sentence-length"].type_problem(value) == message


def test_a_share_is_compared_loosely_and_shown_with_four_decimals():
    kind = C["share-with-word"]
    assert kind.same(0.6, 3 / 5) and kind.same(1, 1.0) and kind.same(0.6 + 1e-12, 0.6)
    assert kind.same(0.0, 1e-10)              # the absolute tolerance, near 0
    assert not kind.same(0.6, 0.6001) and not kind.same(0.0, 1e-8)
    assert not kind.same(True, 1.0) and not kind.same(1.0, True) and not kind.same("0.6", 0.6)
    assert kind.show(0.6) == "0.6000" and kind.show(2 / 3) == "0.6667"
    assert kind.show(3) == "3" and kind.show("0.6") == "'0.6'" and kind.show(None) == "None"
    assert kind.show(True) == "True"


def test_the_mistakes_of_densest_paragraph():
    kind = C["densest-paragraph"]
    # A: 20 words, "war" 3 times (once as "War"): 0.15; B: 4 words, 1 ("War"): 0.25;
    # C: 5 words, 1: 0.2. Written "war": A 2 of 20, B none, C 1 of 5.
    assert kind.variants(DENSE, "war") == {"raw-count": "A", "sparsest": "A",
                                           "text": "War came. Peace followed.",
                                           "case-sensitive": "C"}
    # a paragraph without a word has density 0, the least
    empty = {"A": "-- --", "B": "Peace and war."}
    assert kind.expected(empty, "war") == "B"
    assert kind.variants(empty, "war") == {"raw-count": "B", "sparsest": "A",
                                           "text": "Peace and war.", "case-sensitive": "B"}
    # X and Y tie (1 of 3): the first; written "war", only Y
    assert kind.expected(TIE, "war") == "X"
    assert kind.variants(TIE, "War") == {"raw-count": "X", "sparsest": "Z",
                                         "text": "War and peace.", "case-sensitive": "X"}


@pytest.mark.parametrize("value, message", [
    ("1.3", None),
    (3, "your function returned a number; return the paragraph's id (its key in the dict, "
        "such as '1.3') instead"),
    (0.25, "your function returned a number; return the paragraph's id (its key in the "
           "dict, such as '1.3') instead"),
    (("1.3", 0.25), "your function returned a tuple; return only the paragraph's id (its "
                    "key in the dict)"),
    (None, "a paragraph id (str) is expected, and your function returned a NoneType"),
    (["1.3"], "a paragraph id (str) is expected, and your function returned a list"),
    (True, "a paragraph id (str) is expected, and your function returned a bool"),
])
def test_the_wrong_types_of_densest_paragraph(value, message):
    assert C["densest-paragraph"].type_problem(value) == message


def test_densest_paragraph_is_given_a_copy_and_named_with_its_word():
    kind = C["densest-paragraph"]
    course = {"1.1": "a", "1.2": "b"}
    args = kind.args(course, {"word": "should"})
    assert args == ({"1.1": "a", "1.2": "b"}, "should") and args[0] is not course
    assert kind.describe_args("the paragraphs of sub-section 1", {"word": "should"}) == (
        "the paragraphs of sub-section 1, word 'should'")


def test_the_mistakes_of_word_positions():
    kind = C["word-positions"]
    # peace(0) then(1) security(2) security(3) and(4) more(5) security(6); the letters of
    # "security" start at 12, 22 and 43; as written, tokens 2 and 6; split on spaces:
    # "peace," "then" "security." "security" "--" "and" "more" "security!": only 3
    assert kind.variants(POSITIONS, "security") == {
        "one-based": [3, 4, 7], "characters": [12, 22, 43], "case-sensitive": [2, 6],
        "split": [3]}
    assert kind.variants(POSITIONS, "Security") == {
        "one-based": [3, 4, 7], "characters": [12, 22, 43], "case-sensitive": [3],
        "split": [3]}


@pytest.mark.parametrize("value, message", [
    ([2, 3, 6], None), ((2,), None), ([], None),
    (3, "a list is expected, and your function returned an int"),
    ("2 3 6", "a list is expected, and your function returned a str"),
    ([2, "3", None], "every position should be a whole number; one is a str"),
    ([2, 3.0, "6"], "every position should be a whole number; one is a float"),
    ([True], "every position should be a whole number; one is a bool"),
])
def test_the_wrong_types_of_word_positions(value, message):
    assert C["word-positions"].type_problem(value) == message


def test_word_positions_compares_the_lists():
    same = C["word-positions"].same
    assert same((2, 3, 6), [2, 3, 6]) and same([2, 3, 6], [2, 3, 6]) and same([], [])
    assert not same([2, 3], [2, 3, 6]) and not same([6, 3, 2], [2, 3, 6])
    assert not same("236", [2, 3, 6]) and not same(None, [])


def test_the_mistakes_of_top_content_word():
    kind = C["top-content-word"]
    text = "The Peace and the order: peace, PEACE, order, trade and the trade."
    # without "the" and "and": peace 3, order 2, trade 2. With them, "the" 3 ties with
    # peace and comes first; as written: Peace 1, order 2, peace 1, PEACE 1, trade 2
    assert kind.variants(text, frozenset({"the", "and"})) == {
        "with-stopwords": "the", "case-sensitive": "order", "pair": ("peace", 3),
        "least-common": "order"}
    tie = "Trade and order, then order and trade: the end."
    # trade 2, order 2, end 1: the first of the two; with the stopwords "and" 2 too, but
    # "trade" comes first; as written: Trade 1, order 2, trade 1, end 1
    assert kind.expected(tie, frozenset({"the", "and", "then"})) == "trade"
    assert kind.variants(tie, frozenset({"the", "and", "then"})) == {
        "with-stopwords": "trade", "case-sensitive": "order", "pair": ("trade", 2),
        "least-common": "end"}
    assert kind.expected("The and the.", frozenset({"the", "and"})) is None


def test_top_content_word_types_and_comparison():
    kind = C["top-content-word"]
    assert kind.type_problem("peace") is None and kind.type_problem(("peace", 3)) is None
    assert kind.type_problem(["peace", 3]) is None
    assert kind.type_problem(3) == "a word (str) is expected, and your function returned an int"
    assert kind.type_problem(None) == ("a word (str) is expected, and your function returned "
                                       "a NoneType")
    assert kind.same(["peace", 3], ("peace", 3)) and kind.same(("peace", 3), ("peace", 3))
    assert not kind.same("peace", ("peace", 3)) and not kind.same(("peace", 2), ("peace", 3))
    assert kind.same("peace", "peace") and not kind.same(["peace"], "peace")
    assert not kind.same("order", "peace")
    from closereading import stats
    args = kind.args("TEXT", {})
    assert args[0] == "TEXT" and args[1] == frozenset(stats.load_stopwords())
    assert kind.describe_args("the text of sub-section 2", {}) == (
        "the text of sub-section 2, the course's stopwords")


MEAN = ("Peace and development -- both matter -- now. Good-neighborly trade grows now. "
        "We talk, they listen.")


def test_the_mistakes_of_mean_sentence_length():
    kind = C["mean-sentence-length"]
    # 3 sentences of 6, 4 and 4 words (14); of 44, 32 and 21 characters (97); split on
    # spaces 8, 4 and 4 pieces (16)
    assert kind.variants(MEAN) == {"characters": pytest.approx(97 / 3), "split": pytest.approx(16 / 3),
                                   "inverse": pytest.approx(3 / 14), "floor": 4,
                                   "total-words": 14}
    assert kind.expected(MEAN) == pytest.approx(14 / 3)
    assert kind.variants("") == {} and kind.expected("") == 0.0
    assert kind.variants("-- !") == {} and kind.expected("-- !") == 0.0
    assert kind.args("TEXT", {}) == ("TEXT",)
    assert kind.describe_args("paragraph 4.1", {}) == "paragraph 4.1"


def test_a_whole_number_where_the_mean_has_a_fraction_tells_of_floor_division():
    telltale = C["mean-sentence-length"].telltale
    assert telltale([4], [14 / 3]) == "floor"
    assert telltale([4.0, 4], [4.0, 14 / 3]) == "floor"
    assert telltale([4.0], [14 / 3]) is None          # a float: not whole-number division
    assert telltale([5], [5.0]) is None               # the mean is whole: nothing to tell
    assert telltale([True], [14 / 3]) is None
    assert telltale([], []) is None


def test_a_mean_is_shown_with_two_decimals():
    show = C["mean-sentence-length"].show
    assert show(14 / 3) == "4.67" and show(4.0) == "4.00"
    assert show(4) == "4" and show("4.67") == "'4.67'" and show(None) == "None"
    assert show(True) == "True"


LONG = "Extraordinarily comprehensive considerations. We act and we talk. We go and we see. Fine."


def test_the_mistakes_of_longest_sentence():
    kind = C["longest-sentence"]
    # 3, 5, 5 and 1 words; 45, 19, 17 and 5 characters
    assert kind.variants(LONG) == {"characters": "Extraordinarily comprehensive "
                                                 "considerations.",
                                   "shortest": "Fine.", "length": 5,
                                   "last-tie": "We go and we see."}
    assert kind.expected("") == "" and kind.variants("") == {}
    assert kind.expected("-- !") == "" and kind.variants("-- !") == {}
    assert kind.args("TEXT", {}) == ("TEXT",)
    assert kind.describe_args("paragraph 4.1", {}) == "paragraph 4.1"


def test_longest_sentence_types_and_comparison():
    kind = C["longest-sentence"]
    assert kind.type_problem(5) is None and kind.type_problem("Fine.") is None
    assert kind.type_problem(["Fine."]) == ("one sentence (str) is expected, and your "
                                            "function returned a list")
    assert kind.type_problem(("Fine.",)) == ("one sentence (str) is expected, and your "
                                             "function returned a list")
    assert kind.type_problem(None) == ("a sentence (str) is expected, and your function "
                                       "returned a NoneType")
    assert kind.type_problem(True) == ("a sentence (str) is expected, and your function "
                                       "returned a bool")
    assert kind.same(5, 5) and not kind.same(4, 5) and not kind.same("5", 5)
    assert not kind.same(5.0, 5) and not kind.same(True, 1)
    assert kind.same(" We act  and\nwe talk. ", "We act and we talk.")
    assert not kind.same("We act and we talk", "We act and we talk.")
    assert not kind.same(["We act and we talk."], "We act and we talk.")
    assert not kind.same(5, "We act and we talk.")


def test_the_mistakes_of_events_with():
    kind = C["events-with"]
    # "sea": the word in a ("Sea") and c; the letters also in b ("seaside"); written
    # "sea" only in c
    assert kind.variants(EVENTS, "sea") == {
        "substring": ["a", "b", "c"], "case-sensitive": ["c"],
        # `phrase in text` as written: "seaside" (b) and "sea" (c), not "Sea" (a)
        "substring-case-sensitive": ["b", "c"],
        "texts": ["Talks on the Sea resumed.", "Ships met at sea; no talks."],
        "without": ["b"]}
    assert kind.variants(EVENTS, "Talks") == {
        "substring": ["a", "c"], "case-sensitive": ["a"], "substring-case-sensitive": ["a"],
        "texts": ["Talks on the Sea resumed.", "Ships met at sea; no talks."],
        "without": ["b"]}
    assert kind.expected(EVENTS, "held a festival") == ["b"]


@pytest.mark.parametrize("value, message", [
    (["a", "c"], None), (("a",), None), ([], None),
    ("a c", "a list of event ids is expected, and your function returned one string; "
            "collect the ids in a list"),
    (2, "a list is expected, and your function returned an int"),
    ({"a": 1}, "a list is expected, and your function returned a dict"),
    (["a", 1, None], "every item of the list should be an event id (str); one is an int"),
    ([{"id": "a"}], "every item of the list should be an event id (str); one is a dict"),
])
def test_the_wrong_types_of_events_with(value, message):
    assert C["events-with"].type_problem(value) == message


def test_events_with_is_given_copies_and_compares_lists():
    kind = C["events-with"]
    args = kind.args(EVENTS, {"phrase": "sea"})
    assert args == (EVENTS, "sea")
    assert args[0] is not EVENTS and all(a is not e for a, e in zip(args[0], EVENTS))
    assert kind.describe_args("the events of the record", {"phrase": "sea"}) == (
        "the events of the record, phrase 'sea'")
    assert kind.same(("a", "c"), ["a", "c"]) and not kind.same(["c", "a"], ["a", "c"])
    assert not kind.same(["a"], ["a", "c"])


def test_count_words_is_given_a_copy_of_the_words():
    kind = C["count-words"]
    words = ["not", "never"]
    args = kind.args("TEXT", {"words": words})
    assert args == ("TEXT", ["not", "never"]) and args[1] is not words
