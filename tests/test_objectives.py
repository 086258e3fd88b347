"""Objectives that tasks show (issue 27): every objective of course.yml names the tasks that
show it (``shown_by``), every name resolves to a task of its notebook, and at least one
task is at the level of the objective's verb: to explain, describe, compare or weigh is
shown by writing, not by picking an option."""

import pytest

from closereading import tasks
from closereading.course import load_course, parse_course
from closereading.materials import MaterialsError, parse_yaml


def test_every_objective_resolves_and_has_a_task_at_its_level():
    tasks.check_objectives()
    course = load_course()
    assert sum(len(nb.goals) for nb in course.notebooks) >= 36
    for nb in course.notebooks:
        for goal in nb.goals:
            found, problems = tasks.resolve(nb.id, goal.shown_by)
            assert problems == [] and found
            assert any(tasks.shows(t, goal.text) for t in found), (nb.id, goal.text)


def test_the_objectives_the_issue_found_without_a_task_now_have_one():
    course = load_course()

    def shown(nid, start):
        goal = next(g for g in course.notebook(nid).goals if g.text.startswith(start))
        return {t.name for t in tasks.resolve(nid, goal.shown_by)[0] if tasks.shows(t, goal.text)}

    assert shown("00", "Say what the document is") == {"question:start-issuer"}
    assert "question:start-part-place" in shown("00", "Place Part III")
    assert "think:explain-cleaning" in shown("00", "Explain how the web capture")
    assert "think:security-repetition" in shown("03", "Read the sub-section's repetitions")
    assert "think:test-a-reading" in shown("06", "Check readings made")


def test_writing_verbs_are_not_shown_by_picking_an_option():
    choice = tasks.Task("question:x", "question", "x", "select", 1.5, "a question")
    order = tasks.Task("question:y", "question", "y", "sort", 1.5, "an order question")
    prompt = tasks.Task("prompt:1.2", "prompt", "1.2", "write", 8, "a prompt")
    exercise = tasks.Task("exercise:e", "exercise", "e", "apply", 12, "an exercise")
    for text in ("Explain the terms.", "Describe the voice.", "Weigh one claim.",
                 "Compare the two.", "Summarise what it asks."):
        assert not tasks.shows(choice, text) and not tasks.shows(exercise, text)
        assert tasks.shows(prompt, text)
    assert tasks.shows(choice, "Identify the principle.")
    assert not tasks.shows(choice, "Separate what it reports.")
    assert tasks.shows(order, "Separate what it reports.")
    assert tasks.shows(exercise, "Use frequencies.") and not tasks.shows(order, "Use frequencies.")
    assert not tasks.shows(prompt, "Ponder the text.")          # a verb of no known level


def test_every_task_kind_of_the_course_is_found():
    kinds = {t.kind for nb in load_course().notebooks for t in tasks.inventory(nb.id).values()}
    assert kinds == set(tasks.KINDS)


def _course_with(tmp_path, monkeypatch, old, new):
    from materials_copy import materials_with
    path = materials_with(tmp_path, monkeypatch, "course.yml", old, new)
    load_course.cache_clear()
    try:
        with pytest.raises(MaterialsError) as err:
            tasks.check_objectives(parse_course(parse_yaml(path.read_text(), path), path))
    finally:
        load_course.cache_clear()
    return str(err.value)


def test_a_name_that_resolves_to_nothing_is_reported(tmp_path, monkeypatch):
    message = _course_with(tmp_path, monkeypatch, "shown_by: [think:five-principles-why,",
                           "shown_by: [think:five-principle-why, lecture:1, prompt 2.1,")
    assert "item 'notebook 02, objective 2', field 'shown_by'" in message
    assert "'think:five-principle-why' is not a task of notebook 02 (did you mean think:five-principles-why" in message
    assert "'lecture:1': 'lecture' is not a kind of task" in message
    assert "'prompt 2.1' is not a task name: write kind:id" in message


def test_an_explain_objective_shown_only_by_a_choice_is_reported(tmp_path, monkeypatch):
    message = _course_with(
        tmp_path, monkeypatch,
        "shown_by: [think:five-principles-why, question:ifp-principles-basis, question:ifp-five-principles-origin]",
        "shown_by: [question:ifp-principles-basis, question:ifp-five-principles-origin]")
    assert ("item 'notebook 02, objective 2', field 'shown_by': 'explain' asks for a task at "
            "the level 'write'") in message


def test_an_unknown_verb_is_reported(tmp_path, monkeypatch):
    message = _course_with(tmp_path, monkeypatch, "- text: Relate the sub-section to regional",
                           "- text: Ponder the sub-section and regional")
    assert "item 'notebook 05, objective 3', field 'text': starts with 'ponder'" in message


def test_an_objective_without_shown_by_is_a_clear_mistake():
    bad = """
title: T
source: {document: D, part: P, issuer: I, issued: "2011"}
notebooks:
  - id: "00"
    file: 00.ipynb
    title: Start
    minutes: 5
    objectives:
      - Say what the document is.
      - {text: Say it., shown_by: []}
"""
    with pytest.raises(MaterialsError) as err:
        parse_course(parse_yaml(bad, "course.yml"), "course.yml")
    message = str(err.value)
    assert "item '00, objective 1', field 'objectives': each objective should be a mapping" in message
    assert "item '00, objective 2', field 'shown_by': should list the tasks" in message
