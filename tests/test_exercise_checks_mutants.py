"""The seven checks of `exercise_checks.py`, as a learner meets them (issue 14, mutation
testing: tests/MUTANTS.md): the message of each way a function can go wrong, word for word
and with the input named; every small text named as it is given to the function; the
limits of KWIC's `width`; and the edges of the answers and of the known mistakes, worked
out by hand (the other values are in test_exercises_hand_worked.py)."""

import pytest

from closereading import exercises as E
from closereading.exercise_checks import NEW_CHECKS

C = E.CHECKS
RIGHT_ON_COURSE = ("Your function gives the right answer for {}, but not on every input. It "
                   "differs from the task's rule on these inputs:")


def grade(notebook, exercise, body):
    """The result of a learner's function whose body is ``body`` (one line per item)."""
    ex = E.get(notebook, exercise)
    code = (f"def {ex.function}({', '.join(ex.kind.arguments)}):\n"
            + "".join(f"    {line}\n" for line in body))
    return E.grade(ex, E.compile_function(code, ex.function, "<test>"))


# A right function that answers the small texts (all under 100 characters, or 10 words;
# the course inputs are longer) with a wrong value: the message then names the small text.
ONLY_COURSE = {
    ("03-new-security-thinking", "who-should"): [
        "from closereading import stats", "ws = stats.words(text)",
        "if len(text) < 100: return []",
        "return [ws[i - 1] for i, w in enumerate(ws) if w == word.lower() and i > 0]"],
    ("01-harmonious-world", "should-be"): [
        "from closereading import stats", "ws = stats.words(text)",
        "if len(text) < 200: return []",
        "return [ws[i + 2] for i in range(len(ws) - 2) if ws[i:i + 2] == ['should', 'be']]"],
    ("04-international-responsibility", "sentence-modals"): [
        "from closereading import stats", "if len(text) < 100: return []",
        "ms = [m.lower() for m in modals]",
        "return [next((w for w in stats.words(s) if w in ms), None) "
        "for s in stats.sentences(text)]"],
    ("05-regional-cooperation", "first-words"): [
        "from closereading import stats", "if len(text) < 100: return []",
        "return [stats.words(s)[0] for s in stats.sentences(text)]"],
    ("06-the-whole-text", "type-token-ratio"): [
        "from closereading import stats", "if len(text) < 100: return 0.5",
        "ws = stats.words(text)", "return len(set(ws)) / len(ws)"],
    ("06-the-whole-text", "rate-per-thousand"): [
        "from closereading import stats", "if len(text) < 100: return 2",
        "ws = stats.words(text)", "return 1000 * ws.count(word.lower()) / len(ws)"],
}

# The small text each is answered on first, and the answer (counted in
# test_exercises_hand_worked.py), as the learner reads them.
SMALL = {
    "who-should": ("the text 'Should they? All Countries Should agree; the shoulder should "
                   "rest.', word 'should', your function returned []; the answer is "
                   "['countries', 'shoulder']."),
    "should-be": ("the text 'Disputes should be settled. Nothing Should Be assumed; trade "
                  "should grow, and talks should be held.', your function returned []; the "
                  "answer is ['settled', 'assumed', 'held']."),
    "sentence-modals": ("the text 'Countries should act and will act. It is willing. Will "
                        "they? We must.', modals ['will', 'should', 'must'], your function "
                        "returned []; the answer is ['should', None, 'will', 'must']."),
    "first-words": ("the text 'However, trade grows. China acts. Peace -- and development -- "
                    "matter.', your function returned []; the answer is ['however', 'china', "
                    "'peace']."),
    # 5 types / 8 tokens = 0.625, shown with two decimals (0.625 is exact in binary and
    # rounds half to even)
    "type-token-ratio": ("the text 'Peace, peace and development. The development of "
                         "peace.', your function returned 0.50; the answer is 0.62."),
    # 1000 * 2 / 6 = 333.333...; the 2 returned is a whole number, shown as it is
    "rate-per-thousand": ("the text \"China and China's neighbours. China acts.\", word "
                          "'China', your function returned 2; the answer is 333.33."),
}


@pytest.mark.parametrize("notebook, exercise", list(ONLY_COURSE),
                         ids=[e for _, e in ONLY_COURSE])
def test_right_on_the_course_text_only_says_what_differs_and_no_accusation(notebook, exercise):
    """Issue 24: no "do not type in the answer"; the small inputs on which the function
    differs, with both answers (here it differs even on the plain one)."""
    r = grade(notebook, exercise, ONLY_COURSE[notebook, exercise])
    ex = E.get(notebook, exercise)
    assert (r.status, r.diagnosis, r.hint) == ("incorrect", None, ex.hints[0])
    assert r.message == RIGHT_ON_COURSE.format(ex.cases()[0].label.split(",")[0])
    assert len(r.differs) == 1
    assert r.differs[0].startswith(("Even on a plain input: for ", "On every small input: for "))
    assert "your function returned" in r.differs[0] and "; the answer is " in r.differs[0]


def test_kwic_wrong_on_the_course_words_names_them_without_the_answer():
    r = grade("06-the-whole-text", "kwic-by-hand", ["return []"])
    assert r.status == "incorrect"
    assert r.message == ("For the words of the whole text, word 'trust', width 4, your "
                         "function returned [], which is not the answer. Your list has 0 "
                         "items, fewer than the answer: it misses something the rule keeps. "
                         "It differs from the task's rule on these small inputs:")
    assert r.differs == ("Even on a plain input: for the words ['we', 'build', 'mutual', "
                         "'trust', 'and', 'mutual', 'benefit', 'now'], word 'trust', width "
                         "2, your function returned []; the answer is [('build mutual', "
                         "'and mutual')].",)


def test_kwic_right_on_the_course_words_names_the_small_list():
    r = grade("06-the-whole-text", "kwic-by-hand", [
        "if len(words) < 100: return []", "t = word.lower()",
        "return [(' '.join(words[max(i - width, 0):i]), ' '.join(words[i + 1:i + 1 + width]))"
        " for i, w in enumerate(words) if w == t]"])
    # [] is also what the mistake "unlowered-word" gives for 'Trust': it is diagnosed
    assert (r.status, r.diagnosis) == ("incorrect", "unlowered-word")
    assert r.message == (
        "For the words ['mutual', 'trust', 'and', 'mutual', 'benefit', 'build', 'trust', "
        "'among', 'all', 'countries'], word 'Trust', width 3, your function returned []; the "
        "answer is [('mutual', 'and mutual benefit'), ('mutual benefit build', 'among all "
        "countries')].")


# ---------------------------------------------------------------------------------------
# Numbers: two decimals for a fraction, a whole number as it is


@pytest.mark.parametrize("body, shown, side", [
    (["return 0.5"], "0.50", "less"),
    (["return 1"], "1", "more"),
    (["return 2 / 3"], "0.67", "less"),
])
def test_a_wrong_number_on_the_course_text_is_shown_as_a_learner_reads_it(body, shown, side):
    # the ratio of paragraph 0.1 is 0.87: the message says on which side, not the value
    r = grade("06-the-whole-text", "type-token-ratio", body)
    assert r.message == (f"For paragraph 0.1, your function returned {shown}, which is not "
                         f"the answer. {shown} is {side} than the answer. It differs from the "
                         f"task's rule on these small inputs:")


@pytest.mark.parametrize("value, shown", [(0.625, "0.62"), (1000 / 3, "333.33"), (3, "3"),
                                          (3.0, "3.00"), (True, "True"), ("0.6", "'0.6'"),
                                          (None, "None")])
def test_numbers_are_shown_with_two_decimals(value, shown):
    assert C["type-token-ratio"].show(value) == shown
    assert C["rate-per-thousand"].show(value) == shown


def test_a_number_given_as_text_is_named_with_its_type():
    r = grade("06-the-whole-text", "type-token-ratio", ["return '0.625'"])
    assert r.message == ("A number is expected, and your function returned a str ('0.625'), "
                         "on paragraph 0.1.")


# ---------------------------------------------------------------------------------------
# The wrong type, message by message

TYPES = [
    ("03-new-security-thinking", "who-should", "return 3",
     "A list of words is expected, and your function returned an int (3), on the text of "
     "sub-section 3, word 'should'."),
    ("03-new-security-thinking", "who-should", "return 'countries'",
     "A list of words is expected, and your function returned a str ('countries'), on the "
     "text of sub-section 3, word 'should'."),
    ("03-new-security-thinking", "who-should", "return ['we', 2.5]",
     "Every item should be a word (str); one is a float (['we', 2.5]), on the text of "
     "sub-section 3, word 'should'."),
    ("01-harmonious-world", "should-be", "return [None]",
     "Every item should be a word (str); one is a NoneType ([None]), on the text of "
     "sub-section 1."),
    ("04-international-responsibility", "sentence-modals", "return 3",
     "A list (one item per sentence) is expected, and your function returned an int (3), on "
     "paragraph 4.1, modals ['should', 'will', 'must', 'can', 'may']."),
    ("04-international-responsibility", "sentence-modals", "return 'should'",
     "A list (one item per sentence) is expected, and your function returned a str "
     "('should'), on paragraph 4.1, modals ['should', 'will', 'must', 'can', 'may']."),
    ("04-international-responsibility", "sentence-modals", "return [None, 'will', 1]",
     "Every item should be a modal verb (str) or None; one is an int ([None, 'will', 1]), on "
     "paragraph 4.1, modals ['should', 'will', 'must', 'can', 'may']."),
    ("05-regional-cooperation", "first-words", "return 'china'",
     "A list of words is expected, and your function returned one string; collect the words "
     "in a list ('china'), on the text of sub-section 5."),
    ("05-regional-cooperation", "first-words", "return ['china', 2]",
     "Every item of the list should be a word (str); one is an int (['china', 2]), on the "
     "text of sub-section 5."),
    ("05-regional-cooperation", "first-words", "return 2",
     "A list is expected, and your function returned an int (2), on the text of "
     "sub-section 5."),
    ("06-the-whole-text", "kwic-by-hand", "return 'trust'",
     "A list of pairs is expected, and your function returned a str ('trust'), on the words "
     "of the whole text, word 'trust', width 4."),
    ("06-the-whole-text", "kwic-by-hand", "return [('a b', 'c'), ('a',)]",
     "Every item should be a pair (left, right) of strings; one is ('a',) ([('a b', 'c'), "
     "('a',)]), on the words of the whole text, word 'trust', width 4."),
    ("06-the-whole-text", "kwic-by-hand", "return [('a', 'b', 'c')]",
     "Every item should be a pair (left, right) of strings; one is ('a', 'b', 'c') ([('a', "
     "'b', 'c')]), on the words of the whole text, word 'trust', width 4."),
    ("06-the-whole-text", "kwic-by-hand", "return [['a', 1]]",
     "Every item should be a pair (left, right) of strings; one is ['a', 1] ([['a', 1]]), on "
     "the words of the whole text, word 'trust', width 4."),
    ("06-the-whole-text", "kwic-by-hand", "return ['ab']",
     "Every item should be a pair (left, right) of strings; one is 'ab' (['ab']), on the "
     "words of the whole text, word 'trust', width 4."),
]


@pytest.mark.parametrize("notebook, exercise, line, message", TYPES,
                         ids=[f"{e}-{line[7:]}" for _, e, line, _ in TYPES])
def test_a_value_of_the_wrong_type_is_named(notebook, exercise, line, message):
    r = grade(notebook, exercise, [line])
    assert (r.status, r.message, r.hint) == ("incorrect", message, "")


def test_a_long_wrong_item_is_clipped_at_60_characters():
    r = grade("06-the-whole-text", "kwic-by-hand", ["return [('x' * 100,)]"])
    # the item's repr is "('" + 100 x + "',)": its first 56 characters, then " ..."; the
    # whole list (107 characters) is within the 160 of a value shown
    item = "('" + "x" * 54 + " ..."
    whole = "[('" + "x" * 100 + "',)]"
    assert r.message == (f"Every item should be a pair (left, right) of strings; one is "
                         f"{item} ({whole}), on the words of the whole text, word 'trust', "
                         f"width 4.")


# ---------------------------------------------------------------------------------------
# Every small text is named as it is given to the function


def _label(name, args):
    if name == "kwic-by-hand":
        return f"the words {args[0]!r}, word {args[1]!r}, width {args[2]}"
    extra = {"word-before": ", word {1!r}", "sentence-modals": ", modals {1!r}",
             "rate-per-thousand": ", word {1!r}", "long-words": ", letters {1!r}",
             "word-forms": ", stem {1!r}"}.get(name, "")
    return ("the text {0!r}" + extra).format(*args)


@pytest.mark.parametrize("check", NEW_CHECKS, ids=lambda c: c.name)
def test_each_small_text_is_named_as_the_function_receives_it(check):
    params = {"word": "should", "modals": ["will", "should", "must"], "width": 3}
    probes = check.probes(params)
    assert probes
    for args, label in probes:
        assert label == _label(check.name, args)


# ---------------------------------------------------------------------------------------
# KWIC's width: a whole number from 1 to 10


WIDTH = ("width", "should be a whole number from 1 to 10")


@pytest.mark.parametrize("params, problems", [
    ({"word": "trust", "width": 4}, []),
    ({"word": "trust", "width": 1}, []),
    ({"word": "trust", "width": 10}, []),
    ({"word": "trust", "width": 0}, [WIDTH]),
    ({"word": "trust", "width": 11}, [WIDTH]),
    ({"word": "trust", "width": -2}, [WIDTH]),
    ({"word": "trust", "width": "3"}, [WIDTH]),
    ({"word": "trust", "width": 2.0}, [WIDTH]),
    ({"word": "trust", "width": True}, [WIDTH]),
    ({"word": "trust"}, [WIDTH]),
    ({"word": "", "width": 3}, [("word", "should be a word or phrase")]),
    ({"width": 30}, [("word", "should be a word or phrase"), WIDTH]),
])
def test_kwic_width_is_a_whole_number_from_1_to_10(params, problems):
    assert C["kwic-by-hand"].check_params(params) == problems


# ---------------------------------------------------------------------------------------
# Edges of the answers and of the known mistakes, by hand


def test_the_word_before_an_occurrence_at_position_1_is_the_first_word():
    # we(0) should(1) act(2) and(3) should(4) wait(5)
    assert C["word-before"].expected("We should act and should wait.", "should") == ["we", "and"]


def test_comparing_as_written_finds_the_lower_case_occurrences_only():
    # should(0) We(1) should(2) act(3) Should(4) wait(5): "should" as written at 0 and 2;
    # the one at 0 opens the text (none before it)
    v = C["word-before"].variants("should We should act. Should wait.", "should")
    assert v["case-sensitive"] == ["we"]
    # We(0) should(1): the one at position 1 has "we" before it
    assert C["word-before"].variants("We should.", "should")["case-sensitive"] == ["we"]


def test_the_mistakes_of_should_be_reach_the_last_words():
    # they(0) should(1) be(2): "should be" ends the text; "be itself" is the word after
    # "should"
    assert C["should-be"].variants("They should be.")["be-itself"] == ["be"]
    # we(0) should(1) go(2): the word after "should" is the last word
    assert C["should-be"].variants("We should go.")["after-should"] == ["go"]


@pytest.mark.parametrize("text", ["", "  ", "-- ?"])
def test_a_text_without_words_has_a_rate_and_a_ratio_of_0(text):
    assert C["rate-per-thousand"].expected(text, "peace") == 0.0
    assert C["type-token-ratio"].expected(text) == 0.0


def test_a_word_given_in_lower_case_makes_unlowered_word_no_mistake():
    # The mistake "unlowered-word" compares the words with the word as given: for a word
    # given in lower case it is the right answer, so it is never diagnosed (grade skips a
    # mistake that gives the right answer).
    text = "Peace and peace. Trade."        # 4 words, "peace" twice -> 500
    rate = C["rate-per-thousand"]
    assert rate.expected(text, "peace") == 500.0
    assert rate.variants(text, "peace")["unlowered-word"] == 500.0
    assert rate.variants(text, "Peace")["unlowered-word"] == 0.0
    # mutual(0) trust(1) and(2) trust(3), width 2: at 1, one word before it and two after;
    # at 3, two before and none after
    words = ["mutual", "trust", "and", "trust"]
    want = [("mutual", "and trust"), ("trust and", "")]
    kwic = C["kwic-by-hand"]
    assert kwic.expected(words, "trust", 2) == want
    assert kwic.variants(words, "trust", 2)["unlowered-word"] == want
    assert kwic.variants(words, "Trust", 2)["unlowered-word"] == []
