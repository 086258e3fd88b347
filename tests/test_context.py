"""The context part of the course (materials/context.yml, notebook 07): the record, the
readings, the discussion, their validation and views, the quiz and the exercise that
matches a claim of Part III to the record."""

import ast
import json
import textwrap
from pathlib import Path

import pytest

from closereading import apparatus, context, course, quiz
from closereading import exercises as E
from closereading.materials import MaterialsError, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
STEM = "07-context-and-readings"


# ---------------------------------------------------------------------------------------
# The course's context file


def test_the_context_file_loads_with_enough_readings_and_parts():
    data = context.load()
    assert len(data.readings) >= 8
    assert {p.id for p in data.record} == {"rise-to-development", "taoguang-yanghui",
                                           "assertiveness", "external-forces"}
    assert len(data.discussion) >= 1


def test_every_event_and_reading_cites_existing_references():
    refs = apparatus.load_references()
    data = context.load()
    for e in data.events():
        assert e.references and set(e.references) <= set(refs)
    for r in data.readings:
        assert r.references and set(r.references) <= set(refs)
    assert len(data.reference_ids()) >= 25


def test_the_record_has_the_events_the_course_promises():
    dates = {e.date for e in context.load().events()}
    for date in ("November 2003", "April 2004", "December 2005", "December 2010",
                 "7 May 2009", "23 July 2010", "7 September 2010", "2 March 2011",
                 "8 October 2010",
                 # issue 25: the record of 2009-2011 completed, on both sides of the claim
                 "24 December 1990", "17-20 July 2009", "28 July 2009", "December 2009",
                 "18 February 2010", "March 2010", "26 March 2010", "23 November 2010",
                 "25 August 2006", "14 October 2004", "18 June 2008", "21 July 2008",
                 "26 May 2011", "20 July 2011"):
        assert date in dates, date


def test_events_are_in_date_order_within_each_part():
    for part in context.load().record:
        years = [e.year for e in part.events]
        assert years == sorted(years), part.id


def test_readings_cover_the_main_schools():
    ids = {r.id for r in context.load().readings}
    assert {"official", "offensive-realism", "liberal-institutionalism", "socialisation",
            "regional-order", "regional-states",
            # issue 25: Chinese nationalist and liberal-internationalist readings with a
            # map of the spectrum, Kang in his own right, an Indian scholar, a widely read
            # sympathetic Western reading
            "chinese-nationalist", "creative-involvement", "conflicted-china",
            "hierarchy-accommodation", "indo-pacific-rivalry", "co-evolution"} <= ids
    text = context.readings().text
    for name in ("Wang Jisi", "Yan Xuetong", "Qin Yaqing", "Zhao Tingyang", "Mearsheimer",
                 "Friedberg", "Ikenberry", "Johnston", "Acharya", "Goh", "Liu Mingfu",
                 "Wang Yizhou", "Shambaugh", "Kang", "Raja Mohan", "Kissinger"):
        assert name in text, name


def test_events_for_the_exercise_are_plain_dicts_with_stable_ids():
    events = context.events()
    assert all(set(e) == {"id", "part", "date", "year", "text"} for e in events)
    assert len({e["id"] for e in events}) == len(events)
    assert events[0]["id"] == "rise-to-development-1"


# ---------------------------------------------------------------------------------------
# Validation

GOOD = textwrap.dedent("""\
    record:
      - id: part-a
        title: A part
        summary: What it covers.
        events:
          - date: "7 May 2009"
            year: 2009
            event: Something happened.
            references: [un-charter]
    readings:
      - id: reading-a
        title: A reading
        who: Someone
        claim: A claim.
        evidence: Some evidence.
        critics: Some critics.
        references: [un-charter]
        bears_on:
          - {paragraph: "5.1", quote: "China does not seek regional hegemony"}
    discussion:
      - question: Is it so?
        teacher_notes: Ask for evidence.
    """)


def with_readings(yaml_text, n=8):
    """The file with its one reading repeated under new ids, up to ``n`` readings."""
    head, rest = yaml_text.split("readings:\n")
    reading, tail = rest.split("discussion:")
    more = "".join(reading.replace("reading-a", f"reading-{i}") for i in range(2, n + 1))
    return head + "readings:\n" + reading + more + "discussion:" + tail


def parse(yaml_text, n=8):
    return context.parse_context(parse_yaml(with_readings(yaml_text, n), "context.yml"),
                                 "context.yml")


def test_a_good_file_parses_and_short_of_eight_readings_is_reported():
    with pytest.raises(MaterialsError, match="has 7 readings; the course needs at least 8"):
        parse(GOOD, 7)
    data = parse(GOOD)
    assert len(data.readings) == 8 and data.record[0].events[0].year == 2009


@pytest.mark.parametrize("change, field, message", [
    (('quote: "China does not seek regional hegemony"', 'quote: "China seeks regional hegemony"'),
     "bears_on[0].quote", "does not occur verbatim in paragraph 5.1; the closest passage"),
    (('quote: "China does not seek regional hegemony"', 'quote: "harmonious world"'),
     "bears_on[0].quote", "it occurs in paragraph 1.1"),
    (("references: [un-charter]\nreadings", "references: [un-chartr]\nreadings"),
     "references", "no reference with id 'un-chartr'"),
    (("year: 2009", "year: 2010"), "year", "does not contain the year 2010"),
    (("year: 2009", "year: soon"), "year", "should be the year as a whole number"),
    (("id: reading-a", "id: part-a"), "id", "duplicate id"),
    (("critics: Some critics.", "critic: Some critics."), "critic", "unknown field"),
    (('paragraph: "5.1"', 'paragraph: "9.9"'), "bears_on[0].paragraph", "no paragraph '9.9'"),
])
def test_validation_rules(change, field, message):
    with pytest.raises(MaterialsError) as err:
        parse(GOOD.replace(*change))
    text = str(err.value)
    assert message in text and field in text and "context.yml" in text


def test_events_out_of_order_are_reported():
    bad = GOOD.replace("        references: [un-charter]\nreadings",
                       "        references: [un-charter]\n"
                       "      - date: \"2001\"\n        year: 2001\n"
                       "        event: Earlier.\n        references: [un-charter]\n"
                       "readings")
    assert bad != GOOD
    with pytest.raises(MaterialsError, match="events should be in date order"):
        parse(bad)


# ---------------------------------------------------------------------------------------
# Views


def test_record_shows_dates_events_and_linked_references():
    view = context.record("assertiveness")
    assert "7 September 2010." in view.text and "Senkaku" in view.text
    assert 'href="#ref-swaine-fravel-2011"' in view.html
    with pytest.raises(KeyError, match="no part 'nope'"):
        context.record("nope")


def test_readings_escape_their_text(monkeypatch):
    data = context.load()
    r = data.readings[0]
    evil = type(r)(r.id, "<script>x</script>", r.who, r.claim, r.evidence, r.critics,
                   r.references, r.bears_on)
    monkeypatch.setattr(context, "load", lambda: type(data)(data.record, (evil,),
                                                            data.discussion, data.path))
    view = context.readings()
    assert "<script>" not in view.html and "&lt;script&gt;" in view.html


def test_discussion_notes_only_in_the_teacher_edition(monkeypatch):
    note = context.load().discussion[0].teacher_notes
    monkeypatch.setenv("CLOSEREADING_EDITION", "student")
    assert note not in context.discussion().text
    monkeypatch.setenv("CLOSEREADING_EDITION", "teacher")
    view = context.discussion()
    assert note in view.text and "(teacher edition)" in view.text


def test_references_list_what_cites_them():
    view = context.references()
    assert 'id="ref-mearsheimer-2010"' in view.html
    assert "reading" in view.text and "record: 7 May 2009" in view.text


# ---------------------------------------------------------------------------------------
# The notebook, its quiz and its exercise


def test_notebook_07_is_in_the_course_and_shows_every_part():
    info = course.load_course().notebook("07")
    assert info.file == f"{STEM}.ipynb" and info.section is None
    nb = json.loads((ROOT / "notebooks" / info.file).read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    calls.append((f"{node.func.value.id}.{node.func.attr}", args))
    shown = [args[0] for f, args in calls if f == "context.record"]
    assert shown == [p.id for p in context.load().record]
    for view in ("context.readings", "context.references"):
        assert (view, []) in calls
    # the discussion questions of context.yml, each with a box to answer in (issue 27)
    assert ("reading.discussion", [STEM]) in calls
    for ex in E.load(STEM):
        assert ("exercises.task", [STEM, ex.id]) in calls
        assert ("exercises.check", [STEM, ex.id]) in calls


def test_the_quiz_has_at_least_ten_questions_on_who_argues_what():
    bank = quiz.questions(STEM)
    assert len(bank.ids) >= 10


def test_the_exercise_solution_passes_and_its_mistakes_get_their_hints():
    (ex,) = E.load(STEM)
    assert ex.check == "events-with"
    assert E.grade(ex, E.compile_function(ex.solution, ex.function)).status == "correct"
    for m in ex.mistakes:
        result = E.grade(ex, E.compile_function(m.example, ex.function))
        assert result.diagnosis == m.diagnosis and result.hint == m.hint
    assert E.grade(ex, E.compile_function(ex.starter, ex.function)).status == "not-attempted"


def test_the_exercise_runs_on_the_record_and_catches_a_hard_coded_answer():
    (ex,) = E.load(STEM)
    right = E.inputs(STEM, ex.id)
    assert right["events"] == context.events() and right["phrase"] == "South China Sea"
    found = ex.kind.expected(*ex.cases()[0].args)
    assert found and all("South China Sea" in e["text"] for e in context.events()
                         if e["id"] in found)
    code = f"def events_with(events, phrase):\n    return {found!r}\n"
    result = E.grade(ex, E.compile_function(code, "events_with"))
    assert result.status == "incorrect" and result.diagnosis is None
    assert result.message.startswith("Your function gives the right answer for the events "
                                     "of the record (materials/context.yml), but not on "
                                     "every input")
    assert result.differs and "type in" not in result.text


def test_without_a_sub_section_text_checks_read_the_whole_text_and_record_checks_are_allowed():
    """The merged rule (issues 10 and 11): a notebook without a sub-section runs text
    checks on the whole text (06), and record checks are allowed in any notebook (07)."""
    text_check = textwrap.dedent("""\
        - id: count-it
          title: Count
          task: Count a word.
          check: count-word
          params: {word: should}
          function: count_word
          follow_up: {prompt: "Which paragraph uses the word most?"}
          starter: |
            def count_word(text, word):
                ...
          hints: [Use stats.words.]
          solution: |
            def count_word(text, word):
                return 0
        """)
    (ex,) = E.parse_exercises(parse_yaml(text_check, "x.yml"), "x.yml", notebook=STEM,
                              section=None)
    from closereading import text
    whole = "\n\n".join(p.text for p in text.load().paragraphs)
    course = ex.cases()[0]
    assert course.args == (whole, "should") and "the whole text" in course.label
    # 06's whole-text checks (scoped or not) are valid as the course has them
    found = E.load("06-the-whole-text")
    assert found and all(ex.section is None for ex in found)
    assert any(ex.scope is None and "the whole text" in ex.cases()[0].label for ex in found)
    record_check = (text_check.replace("count-word", "events-with")
                    .replace("{word: should}", "{phrase: sea}")
                    .replace("count_word(text, word)", "events_with(events, phrase)")
                    .replace("function: count_word", "function: events_with"))
    for section in (None, 1):  # a record check is allowed with or without a sub-section
        (ex,) = E.parse_exercises(parse_yaml(record_check, "x.yml"), "x.yml", notebook=STEM,
                                  section=section)
        assert ex.check == "events-with"
        assert ex.cases()[0].args[0] == context.events()
    (ex,) = E.load(STEM)
    assert ex.check == "events-with" and ex.section is None


# ---------------------------------------------------------------------------------------
# Issue 25: a record on both sides of the claim, and quiz feedback without verdicts

# Events of the record that bear on the claim of 5.1 ("settle disputes ... through
# dialogue and friendly negotiation"), by a phrase of their text: outcomes reached by
# negotiation on one side, coercion on the other. The sorting is the course's, kept here
# rather than in the data, where it would read as a verdict on each event.
NEGOTIATED = ("Guidelines for the Implementation", "principled consensus",
              "supplementary agreement", "completes the demarcation")
COERCIVE = ("cut the survey cables", "patrol boats approach")


def sides(texts):
    found = lambda markers: [t for t in texts if any(m in t for m in markers)]  # noqa: E731
    return found(NEGOTIATED), found(COERCIVE)


def test_the_record_has_events_on_both_sides_and_the_exercise_finds_both():
    texts = [e["text"] for e in context.events()]
    negotiated, coercive = sides(texts)
    assert len(negotiated) >= 4 and len(coercive) >= 2
    (ex,) = E.load(STEM)
    found = set(ex.kind.expected(*ex.cases()[0].args))
    negotiated, coercive = sides([e["text"] for e in context.events() if e["id"] in found])
    assert negotiated and coercive, "the exercise's search finds only one side of the record"
    assert "East China Sea" in ex.follow_up[1], "the follow-up sends the learner further"


# Phrases that pass a verdict on China or on a reading rather than explain a choice. The
# quiz of notebook 07 asks who argues what from which evidence; its explanations and
# feedback may say that a reading rests on some evidence, or that the record is mixed,
# but not which reading is right.
VERDICT_PHRASES = (
    "points in a different direction", "proves", "disproves", "refutes", "debunk",
    "clearly shows", "the evidence shows that", "shows that china is", "in reality",
    "the truth is", "in truth", "obviously", "undeniabl", "beyond doubt", "is wrong",
    "was wrong", "is mistaken", "was mistaken", "settles the question", "is correct that",
    "is right that", "was right", "is aggressive", "is expansionist", "is peaceful",
    "cannot be trusted", "is a ruse", "is propaganda", "in fact",
)


def quiz_texts(bank):
    for qid in bank.ids:
        q = bank.get(qid)
        yield qid, "explanation", q.explanation
        for key, text in (q.feedback or {}).items():
            yield qid, f"feedback[{key}]", text


def test_no_quiz_explanation_or_feedback_of_07_passes_a_verdict():
    bank = quiz.questions(STEM)
    hits = [(qid, field, phrase) for qid, field, text in quiz_texts(bank)
            for phrase in VERDICT_PHRASES if phrase in text.lower()]
    assert not hits, hits


def test_the_verdict_check_reads_every_explanation_and_every_feedback():
    bank = quiz.questions(STEM)
    fields = list(quiz_texts(bank))
    assert sum(f == "explanation" for _, f, _ in fields) == len(bank.ids)
    assert sum(f.startswith("feedback[") for _, f, _ in fields) >= 3 * len(bank.ids)


def test_the_corrections_of_issue_25_hold():
    refs = apparatus.load_references()
    assert "india-lok-sabha-2011" not in refs
    assert refs["india-rajya-sabha-2012"].date == "3 May 2012"
    assert refs["zheng-bijian-speeches"].title.endswith("1997-2005")
    assert refs["zheng-bijian-speeches"].date == "2005"
    assert "32 (3)" in refs["goh-2008"].note and "113-157" in refs["goh-2008"].note
    assert refs["clinton-hanoi-2010"].date == "23 July 2010"
    assert "Department of State" in refs["clinton-hanoi-2010"].note
    data = context.load()
    yan = next(r for r in data.readings if r.id == "yan-xuetong")
    assert "callahan-2008" not in yan.references and "zhang-feng-2012" in yan.references
    states = next(r for r in data.readings if r.id == "regional-states")
    assert "sovereign rights and jurisdiction" in states.critics
    zhao = next(r for r in data.readings if r.id == "zhao-qin")
    assert "analogy" in zhao.critics
    taoguang = next(p for p in data.record if p.id == "taoguang-yanghui")
    assert all(not e.date.startswith("c.") for e in taoguang.events)
    assert "有所作为" in taoguang.summary and "Selected Works" in taoguang.summary
    order = quiz.questions(STEM).get("ctx-events-order")
    assert "three months" in order.explanation and "four months" not in str(order.feedback)


def test_one_reading_is_numbered_by_its_place_in_the_list():
    """context.readings(id) gives that reading alone, numbered as in context.readings()."""
    data = context.load()
    assert len(data.readings) >= 2
    whole = context.readings()
    for n, r in enumerate(data.readings, 1):
        one = context.readings(r.id)
        assert one.text.startswith(f"Reading {n}: {r.title}\n"), one.text[:80]
        assert one.text in whole.text and one.html in whole.html
    with pytest.raises(KeyError, match="no reading 'nope'"):
        context.readings("nope")


def test_the_whole_record_is_every_part_in_order_and_one_part_is_that_part_alone():
    """context.record() and context.record(id): the whole is the parts, in their order."""
    data = context.load()
    whole = context.record()
    parts = [context.record(p.id) for p in data.record]
    assert whole.text == "\n\n".join(p.text for p in parts)
    assert whole.html == "".join(p.html for p in parts)
    for p, one in zip(data.record, parts):
        assert one.text.startswith(p.title + "\n\n" + p.summary)
        events = [line for line in one.text.splitlines() if line.startswith("- ")]
        assert [e.split(".", 1)[0] for e in events] == [f"- {e.date}" for e in p.events]


def test_minutes_of_counts_n_tasks_at_the_given_or_the_course_rates():
    from closereading import timing
    rates = timing.load_rates()
    assert timing.minutes_of("discussion") == rates["discussion"]
    assert timing.minutes_of("prompt", 3) == 3 * rates["prompt"]
    assert timing.minutes_of("prompt", 3, {**rates, "prompt": 7}) == 21
    assert timing.estimate("00").rounded == timing.estimate("00", rates).rounded
