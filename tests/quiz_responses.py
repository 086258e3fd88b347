"""Right answers in the form the quiz stores them (closereading.quiz.model's response
format), for tests that build learners' records by hand."""


def right_response(q):
    """The answer the quiz would record for a learner who answered ``q`` right."""
    if q.type == "text":
        return q.answer[0]
    if q.type == "match":
        return {left: right for left, right in q.answer}
    if q.type in ("multiple", "order"):
        return list(q.answer)
    return q.answer
