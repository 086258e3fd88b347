"""Questions that test reading (issue 27): no cloze and no trivia, and no single-choice
question that a test-wise learner answers by the length of its options."""

import re

from closereading import quiz
from closereading.quiz.model import Question

BANK = quiz.load_banks()
SINGLES = [q for q in BANK if q.type == "single"]
LIMIT = 1 / 3


def key_of(q: Question) -> str:
    return q.answer if isinstance(q.answer, str) else q.answer[0]


def keyed_longest(q: Question) -> bool:
    """The keyed option is longer than every distractor."""
    return all(len(key_of(q)) > len(o) for o in q.options if o != key_of(q))


def keyed_shortest(q: Question) -> bool:
    return all(len(key_of(q)) < len(o) for o in q.options if o != key_of(q))


def share(questions, test) -> float:
    return sum(map(test, questions)) / len(questions)


def test_the_keyed_option_is_the_longest_in_at_most_a_third_of_the_course():
    found = share(SINGLES, keyed_longest)
    assert len(SINGLES) >= 30
    assert found <= LIMIT, (
        f"the keyed option is the longest in {found:.0%} of the single-choice questions: "
        + ", ".join(q.id for q in SINGLES if keyed_longest(q)))
    # nor the other way round: a key that is never the longest is a cue too
    assert share(SINGLES, keyed_shortest) <= LIMIT
    assert found >= 0.1


def test_the_share_is_counted_on_the_options_as_written():
    def q(answer, *others):
        return Question(id="x", type="single", prompt="p", answer=answer,
                        explanation="e", evidence=None, options=(answer, *others))
    qs = [q("a much longer right answer", "short", "brief"), q("right", "a longer wrong one"),
          q("same", "size"), q(["as a list, the longest one"], "shorter")]
    assert [keyed_longest(x) for x in qs] == [True, False, False, True]
    assert share(qs, keyed_longest) == 0.5


#: The cloze and trivia items the issue named and those like them, replaced by items of
#: interpretation with new ids (a learner's saved answer to an old id keeps its meaning).
REPLACED = {"start-conform-to": ["start-issuer", "start-part-place"],
            "hw-cbdr": ["hw-cbdr-divides"], "ifp-five-principles": ["ifp-principles-basis"],
            "ifp-aligns": ["ifp-aligns-reading"],
            "sec-new-security-concept": ["sec-concept-continuity"],
            "sec-comprehensive-count": ["sec-comprehensive-echo"],
            "sec-cold-war-mentality": ["sec-cold-war-pairing"],
            "sec-vicious-cycle": ["sec-only-words"], "resp-populous": ["resp-populous-work"],
            "resp-stakeholder": ["resp-member-wording"],
            "reg-maritime": ["reg-disputes-unsaid", "reg-asian-word"]}


def test_the_replaced_items_are_gone_and_their_successors_asked():
    for old, new in REPLACED.items():
        assert old not in BANK.ids, old
        assert all(n in BANK.ids for n in new), new


GAP = re.compile(r"_{2,}|\bcomplete the\b", re.I)
TEXT_GAP = re.compile(r"\w \.\.\. \w|\btype the (number|missing)\b|\bhow many times does\b", re.I)


def test_no_question_is_a_gap_to_fill_or_a_count_to_make():
    assert [q.id for q in BANK if GAP.search(q.prompt)] == []
    typed = [q.id for q in BANK if q.type == "text" and TEXT_GAP.search(q.prompt)]
    assert typed == ["stats-possessive-count"]      # how a reader counts: see below


def test_every_text_question_asks_which_word_carries_a_claim():
    """A typed answer is kept for the words that carry a claim; the one arithmetic item
    left (06) asks how a reader should count, which is a choice of reading."""
    exempt = {"stats-possessive-count"}
    for q in BANK:
        if q.type == "text" and q.id not in exempt:
            assert re.search(r"\bcarr(y|ies)\b|\bpresents them\b", q.prompt), q.id
