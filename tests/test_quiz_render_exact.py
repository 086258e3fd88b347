"""The static views of a question, exactly (issue 14: written to kill the mutants `make
mutation` found alive in quiz/render.py; see tests/MUTANTS.md). These are what a reader
without a kernel, a printed handout and nbval see, so their words and marks are checked
in full: "( )" for one choice, "[ ]" for several, blanks to fill in, and never colour."""

from dataclasses import replace

from closereading.quiz import render
from test_quiz_model_verdicts import EVID, MATCH, MULTI, ORDER, SINGLE, TEXT, TF_TRUE

UL = '<ul style="list-style:none;padding-left:1em;margin:0.3em 0">'
BOX = ('<div class="cr-quiz-static" style="border:1px solid #767676;border-radius:4px;'
       'padding:0.5em 0.9em;margin:0.6em 0">')
NOTE = "<p><em>Run the notebook to answer this question here and get feedback.</em></p>"


def test_bodies_of_every_type():
    assert render.body_html(SINGLE) == UL + "<li>( ) a</li><li>( ) b</li><li>( ) c</li></ul>"
    assert render.body_html(MULTI) == UL + "<li>[ ] a</li><li>[ ] b</li><li>[ ] c</li></ul>"
    assert render.body_html(TF_TRUE) == UL + "<li>( ) True</li><li>( ) False</li></ul>"
    assert render.body_html(TEXT) == "<p>Your answer: ______________________</p>"
    cell = '<td style="text-align:left;padding-right:1em">'
    blank = '<td style="text-align:left">______</td>'
    assert render.body_html(MATCH) == (
        '<table><thead><tr><th scope="col" style="text-align:left">Item</th>'
        '<th scope="col" style="text-align:left">Matches</th></tr></thead><tbody>'
        + "".join(f"<tr>{cell}{x}</td>{blank}</tr>" for x in ("L1", "L2", "L3"))
        + "</tbody></table><p>Choose each match from:</p><ul><li>R1</li><li>R3</li>"
          "<li>R2</li></ul>")
    assert render.body_html(ORDER) == (UL + "<li>___ second</li><li>___ third</li>"
                                       "<li>___ first</li></ul>")
    assert render.body_html(replace(SINGLE, type="unknown")) == ""


def test_texts_of_every_type():
    assert render.question_text(SINGLE) == ("Question (choose one answer): A prompt?\n"
                                            "  ( ) a\n  ( ) b\n  ( ) c")
    assert render.question_text(MULTI) == ("Question (select every option that applies): "
                                           "A prompt?\n  [ ] a\n  [ ] b\n  [ ] c")
    assert render.question_text(TF_TRUE) == ("Question (true or false?): A prompt?\n"
                                             "  ( ) True\n  ( ) False")
    assert render.question_text(TEXT) == ("Question (type a short answer): A prompt?\n"
                                          "  Your answer: ____")
    assert render.question_text(ORDER) == ("Question (put the items in order): A prompt?\n"
                                           "  ___ second\n  ___ third\n  ___ first")
    assert render.question_text(EVID, number=2) == (
        "Question 2 (choose the paragraph that supports the claim): A prompt?\n"
        "  ( ) Paragraph 1.1\n  ( ) Paragraph 1.2\n  ( ) Paragraph 1.3")
    match = ("Question (match each item on the left with one on the right): A prompt?\n"
             "  L1 -> ____\n  L2 -> ____\n  L3 -> ____\n  Choose from: R1; R3; R2")
    assert render.question_text(MATCH) == match
    assert render.question_text(MATCH, reveal=True) == match + (
        "\n  Answer: L1 \u2192 R1; L2 \u2192 R2; L3 \u2192 R3\n  Explanation: Because.\n"
        "  Evidence: \u201ca quote\u201d (paragraph 1.1)")


def test_html_of_a_question_with_and_without_the_answer():
    assert render.question_html(EVID, number=2) == (
        BOX + "<p><strong>Question 2.</strong> <em>Choose the paragraph that supports the "
        "claim.</em></p><p>A prompt?</p>" + UL + "<li>( ) Paragraph 1.1</li><li>( ) "
        "Paragraph 1.2</li><li>( ) Paragraph 1.3</li></ul>" + NOTE + "</div>")
    assert render.question_html(TEXT, note=None) == (
        BOX + "<p><strong>Question.</strong> <em>Type a short answer.</em></p><p>A prompt?"
        "</p><p>Your answer: ______________________</p></div>")
    hinted = replace(MULTI, answer=("a",), hints=("Look again.", "At 1.1."))
    key = ('<div class="cr-quiz-key" style="border-top:1px dashed #767676;margin-top:0.5em;'
           'padding-top:0.3em"><p><strong>Answer:</strong></p><ul><li>a</li></ul>'
           "<p><strong>Explanation:</strong> Because.</p><p><strong>Evidence</strong> "
           '(paragraph 1.1):</p><blockquote style="margin:0.2em 0 0.4em 1.5em">\u201ca quote'
           "\u201d</blockquote><p><strong>Hints:</strong></p><ol><li>Look again.</li>"
           "<li>At 1.1.</li></ol></div>")
    assert render.question_html(hinted, reveal=True, note=None).endswith("</ul>" + key + "</div>")
    # without hints the key ends with the evidence: no heading, nothing stray
    assert render.question_html(replace(hinted, hints=()), reveal=True, note=None).endswith(
        "\u201ca quote\u201d</blockquote></div></div>")


def test_several_questions_are_numbered_and_one_is_not():
    two = render.static([SINGLE, TEXT])
    assert str(two) == ("Question 1 (choose one answer): A prompt?\n  ( ) a\n  ( ) b\n  ( ) c"
                        "\n\nQuestion 2 (type a short answer): A prompt?\n  Your answer: ____")
    assert two._repr_html_().startswith("<div>" + BOX + "<p><strong>Question 1.</strong>")
    assert two._repr_html_() == ("<div>" + render.question_html(SINGLE, number=1)
                                 + render.question_html(TEXT, number=2) + "</div>")
    assert "Question 2." in two._repr_html_() and NOTE in two._repr_html_()
    one = render.static([SINGLE], note=None)
    assert str(one).startswith("Question (choose one answer)") and NOTE not in one._repr_html_()
    assert "Question 1" not in str(render.static([SINGLE, TEXT], numbered=False))
    assert "Answer: b" in str(render.static([SINGLE], reveal=True))


def test_the_scoreboard():
    s = {"answered": 1, "first_try": 0, "total": 3}
    assert render.score_text(s, "01-x") == ("Scoreboard (01-x): answered 1 of 3; correct at "
                                            "the first try 0; questions 3")
    assert render.score_html(s, "01-x") == (
        '<div class="cr-quiz-score" style="border:1px solid #767676;border-radius:4px;'
        'padding:0.5em 0.9em;margin:0.6em 0" role="status"><p><strong>Scoreboard</strong> '
        '(01-x)</p><p><span class="cr-quiz-count-answered">Answered: 1 of 3</span> &middot; '
        '<span class="cr-quiz-count-first-try">Correct at the first try: 0</span> &middot; '
        "<span>Questions: 3</span></p></div>")
    assert "&lt;b&gt;" in render.score_html(s, "<b>")


# -- The feedback on every option, shown to a teacher and by "Show answer" -------------

def test_feedback_on_every_option_is_named_and_escaped():
    single = replace(SINGLE, feedback={"a": "Not <this>.", "c": "Too far."})
    assert render.all_feedback_html(single) == (
        '<p><strong>Feedback on each option:</strong></p><ul class="cr-quiz-all-feedback">'
        "<li><strong>a</strong>: Not &lt;this&gt;.</li><li><strong>c</strong>: Too far.</li></ul>")
    # a paragraph is named as one, a pair by both sides, and each type has its own heading
    assert render.all_feedback_html(replace(EVID, feedback={"1.3": "Later."})) == (
        '<p><strong>Feedback on each option:</strong></p><ul class="cr-quiz-all-feedback">'
        "<li><strong>Paragraph 1.3</strong>: Later.</li></ul>")
    assert render.all_feedback_html(replace(MATCH, feedback={"L2": "No."})) == (
        "<p><strong>Feedback on each pair, when it is matched wrongly:</strong></p>"
        '<ul class="cr-quiz-all-feedback"><li><strong>L2 \u2192 R2</strong>: No.</li></ul>')
    assert render.all_feedback_html(replace(ORDER, feedback={"third": "Last."})) == (
        "<p><strong>Feedback on each item, when it is out of place:</strong></p>"
        '<ul class="cr-quiz-all-feedback"><li><strong>third</strong>: Last.</li></ul>')
    assert render.all_feedback_html(SINGLE) == ""
    assert render.all_feedback_text(single) == ["    - a: Not <this>.", "    - c: Too far."]
    assert render.all_feedback_text(SINGLE) == []


def test_feedback_on_the_options_a_learner_chose():
    assert render.feedback_items_html(SINGLE, [("a", "<No>")]) == (
        '<ul class="cr-quiz-option-feedback"><li><strong>a</strong>: &lt;No&gt;</li></ul>')
    assert render.feedback_items_html(SINGLE, []) == ""


def test_the_revealed_answer_carries_the_feedback_after_the_evidence():
    tf = replace(TF_TRUE, feedback={"False": "It is."})
    assert render.question_text(tf, reveal=True) == (
        "Question (true or false?): A prompt?\n  ( ) True\n  ( ) False\n  Answer: True\n"
        "  Explanation: Because.\n  Evidence: \u201ca quote\u201d (paragraph 1.1)\n"
        "  Feedback:\n    - False: It is.")
    page = render.question_html(tf, reveal=True)
    assert page.index("</blockquote>") < page.index("Feedback on each option:") \
        < page.index("<li><strong>False</strong>: It is.</li>")


def test_the_answer_as_a_list():
    # an order answer is numbered by the list itself; any other is a list of bullets
    assert render.answer_list_html(ORDER) == "<ol><li>first</li><li>second</li><li>third</li></ol>"
    assert render.answer_list_html(MATCH) == (
        "<ul><li>L1 \u2192 R1</li><li>L2 \u2192 R2</li><li>L3 \u2192 R3</li></ul>")
    assert render.answer_list_html(replace(MULTI, answer=("a", "<c>"), options=("a", "<c>"))) \
        == "<ul><li>a</li><li>&lt;c&gt;</li></ul>"


# -- The scoreboard's other sources of progress, and the course overview -----------------

SCORE = {"answered": 2, "first_try": 1, "total": 4}
OTHERS = [{"key": "exercises", "label": "Exercises", "done": 1, "total": 3},
          {"key": "reading", "label": "Reading <responses>", "done": 0, "total": 2,
           "solutions": 1}]


def test_the_scoreboard_with_other_sources_of_progress():
    assert render.score_html(SCORE, "02", OTHERS).endswith(
        "<span>Questions: 4</span></p>"
        '<p class="cr-score-exercises">Exercises: 1 of 3</p>'
        '<p class="cr-score-reading">Reading &lt;responses&gt;: 0 of 2 (solution shown for 1)'
        "</p></div>")
    assert render.score_text(SCORE, "02", OTHERS) == (
        "Scoreboard (02): answered 2 of 4; correct at the first try 1; questions 4; "
        "exercises: 1 of 3; reading <responses>: 0 of 2 (solution shown for 1)")


ROWS = [{"notebook": "01-a", "sources": {"quiz": {"done": 1, "total": 2}}},
        {"notebook": "02-<b>", "sources": {"quiz": {"done": 0, "total": 3},
                                           "exercises": {"done": 2, "total": 2}}}]
LABELS = [("quiz", "Quiz"), ("exercises", "Exercises")]


def test_the_course_overview():
    th = '<th scope="col" style="text-align:left;padding:0 0.8em 0 0">'
    row = '<th scope="row" style="text-align:left;padding:0 0.8em 0 0;font-weight:normal">'
    td = '<td style="text-align:left;padding:0 0.8em 0 0">'
    assert render.overview_html(ROWS, LABELS) == (
        '<div class="cr-course-overview" style="border:1px solid #767676;border-radius:4px;'
        'padding:0.5em 0.9em;margin:0.6em 0" role="status"><p><strong>Your progress in the '
        'whole course</strong></p><table><caption style="text-align:left">Done, of the '
        "total, in each notebook (a dash: the notebook has none)</caption><thead><tr>"
        f'<th scope="col" style="text-align:left">Notebook</th>{th}Quiz</th>{th}Exercises'
        f"</th></tr></thead><tbody><tr>{row}01-a</th>{td}1 of 2</td>{td}\u2013</td></tr>"
        f"<tr>{row}02-&lt;b&gt;</th>{td}0 of 3</td>{td}2 of 2</td></tr></tbody></table></div>")
    assert render.overview_text(ROWS, LABELS) == (
        "Your progress in the whole course (done of total; - where a notebook has none):\n"
        "  01-a: quiz 1 of 2; exercises -\n  02-<b>: quiz 0 of 3; exercises 2 of 2")
