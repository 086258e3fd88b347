"""No question of notebook 00 answers another (issue 24: the feedback on question 2 gave the
answer to question 4).

What a question reveals (its explanation, hints, feedback on every option, near misses)
is read against what each other question of the notebook asks. A question is given away
when that text holds its accepted answer (a text question), a run of six words of its
evidence quote (an evidence question: the passage that settles it), its answer option
(a single-choice question, when the option has three words or more), or one of the
telltales listed below for it by hand (what would settle a true-false question, say).
The four questions of 00 are shown together, so every pair counts, in both directions.
(The banks of 01-07 are left to the issue that rewrites their feedback.)
"""

import pytest

from closereading import quiz
from closereading.quiz.model import normalise_text as N

NOTEBOOK = "00-start-here"

# What would answer each question of 00 outright, in words a feedback might use.
TELLTALES = {
    "start-paragraph-ids": ["second paragraph of sub-section 3",
                            "the number before the dot is the sub section"],
    "start-introduction-one-paragraph": ["0.1 and 16", "one paragraph", "single paragraph",
                                         "one sentence long"],
    "start-issuer": ["information office of the state council", "6 september 2011",
                     "office of foreign propaganda"],
    "start-part-place": ["third of the five parts", "part iii is the third",
                         "the path as a choice made by history"],
    "start-member-claim": ["as a member of the international community"],
}


def revealed(q) -> str:
    parts = [q.explanation, *q.hints, *q.feedback.values(), *q.near_misses.values()]
    return f" {N(' '.join(parts))} "


def runs(text: str, n: int = 6) -> list[str]:
    words = N(text).split()
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)] or [" ".join(words)]


def gives_away(shown: str, q) -> str | None:
    """What in ``shown`` (normalised, padded) answers ``q``, or None."""
    if q.type == "text":
        for a in q.answer:
            if f" {N(a)} " in shown:
                return f"its answer {a!r}"
    if q.type == "evidence":
        for run in runs(q.evidence.quote):
            if f" {run} " in shown:
                return f"its evidence ({run!r})"
    if q.type == "single" and len(N(q.answer).split()) >= 3 and f" {N(q.answer)} " in shown:
        return f"its answer {q.answer!r}"
    for tell in TELLTALES.get(q.id, ()):
        if f" {N(tell)} " in shown:
            return f"{tell!r}"
    return None


QUESTIONS = list(quiz.questions(NOTEBOOK))
PAIRS = [(a, b) for a in QUESTIONS for b in QUESTIONS if a is not b]


def test_every_question_of_00_has_its_telltales():
    assert set(TELLTALES) == {q.id for q in QUESTIONS}


@pytest.mark.parametrize("shown, asked", PAIRS, ids=[f"{a.id}->{b.id}" for a, b in PAIRS])
def test_no_question_of_00_answers_another(shown, asked):
    found = gives_away(revealed(shown), asked)
    assert found is None, (f"what {shown.id!r} reveals (explanation, hints or feedback) "
                           f"answers {asked.id!r}: {found}")


def test_the_check_sees_the_feedback_that_gave_question_4_away():
    """The feedback of question 2 before issue 24, planted back."""
    q2 = next(q for q in QUESTIONS if q.id == "start-introduction-one-paragraph")
    q4 = next(q for q in QUESTIONS if q.id == "start-member-claim")
    old = ('The introduction is a single paragraph (id 0.1), one sentence long: "As a member '
           'of the international community, China has great hope for the future world, and '
           'adopts the following thinking ...".')
    assert gives_away(f" {N(old)} ", q4) is not None
    q1 = next(q for q in QUESTIONS if q.id == "start-paragraph-ids")
    old_q1 = "Part III has only 17 paragraphs (0.1 and 16 in the sub-sections)"
    assert gives_away(f" {N(old_q1)} ", q2) is not None
    assert gives_away(revealed(q1), q2) is None
