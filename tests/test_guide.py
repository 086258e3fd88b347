"""The teacher's guide: session plans from materials/sessions.yml, validated."""

import shutil
from pathlib import Path

import pytest

from closereading import guide, quiz
from closereading.materials import MaterialsError
from closereading.paths import repo_root


def test_every_notebook_has_a_50_and_a_90_minute_plan_that_adds_up():
    from closereading.course import load_course
    plans = guide.load_sessions()
    assert set(plans) == {nb.id for nb in load_course().notebooks}
    for nid, by_length in plans.items():
        assert set(by_length) == {50, 90}
        for length, plan in by_length.items():
            assert sum(s.minutes for s in plan.steps) == length
            assert plan.exit_ticket or not quiz.questions(load_course().notebook(nid).file)
            modes = {s.mode for s in plan.steps}
            assert modes & {"pairs", "groups"}, (nid, length)   # pair or group work in each


def test_every_plan_fits_its_minutes_and_keeps_every_prompt():
    """Issue 27: a plan's parts, summed at the course's rates, fit the time each step is
    given, and no reading prompt, annotation task, think-first question, second look or
    piece of the capstone's writing is skipped (it is in class, before it or homework)."""
    from closereading import tasks, timing
    rates = timing.load_rates()
    for nid, by_length in guide.load_sessions().items():
        inventory = tasks.inventory(nid)
        prompts = {t.name for t in inventory.values() if t.prompt}
        assert prompts, nid
        for length, plan in by_length.items():
            for step in plan.steps:
                needed = sum(t.minutes for t in step.tasks)
                assert needed <= step.minutes, (nid, length, step.activity, needed)
                # the task minutes are the course's rates, not figures of the plan's own
                for t in step.tasks:
                    if t.kind == "question":
                        assert t.minutes == rates["question"]
            named = tasks.covered(plan.tasks(), inventory)
            assert prompts <= named, (nid, length, sorted(prompts - named))
            in_class = sum(t.minutes for s in plan.steps for t in s.tasks)
            assert in_class <= length, (nid, length)


def test_make_guide_writes_a_page_per_notebook_with_questions_quoted(tmp_path):
    from closereading import excerpts, quiz
    page = guide.write_guide(tmp_path / "guide")
    html = page.read_text()
    assert "Collecting submissions and reading the class report" in html
    assert "closereading report FOLDER --out report" in html
    one = (tmp_path / "guide" / "01-harmonious-world.html").read_text()
    assert "50-minute session" in one and "90-minute session" in one
    from closereading.html import esc
    assert esc(excerpts.load("01-harmonious-world").discussion[0].question) in one
    assert esc(quiz.load_banks().get("hw-cbdr-divides").prompt) in one
    assert "Before class" in one and "About " in one and "the reading prompt of paragraph 1.1" in one
    from closereading.course import load_course
    notebooks = load_course().notebooks
    assert sorted(p.name for p in (tmp_path / "guide").glob("*.html")) == sorted(
        ["index.html"] + [Path(nb.file).stem + ".html" for nb in notebooks])
    # notebook 07 has no sub-section: its discussion questions are those of context.yml
    from closereading import context
    seven = (tmp_path / "guide" / "07-context-and-readings.html").read_text()
    assert esc(context.load().discussion[0].question) in seven
    assert esc(quiz.load_banks().get("ctx-weighing").prompt) in seven
    assert "http://" not in one and "https://" not in one


def test_mistakes_in_sessions_yml_name_file_item_and_field(tmp_path, monkeypatch):
    folder = tmp_path / "materials"
    shutil.copytree(repo_root() / "materials", folder)
    path = folder / "sessions.yml"
    text = path.read_text()
    text = text.replace("exit_ticket: [hw-domain-order, hw-cbdr-divides]\n", "exit_ticket: [hw-domain-order, hw-nope]\n", 1)
    text = text.replace("discussion: [3]", "discussion: [1, 9]", 1)
    text = text.replace("{minutes: 5, mode: whole class, activity: \"Two learners read",
                        "{minutes: 6, mode: plenary, activity: \"Two learners read", 1)
    text = text.replace("- notebook: \"05\"\n  plans:\n    - length: 50",
                        "- notebook: \"05\"\n  plans:\n    - length: 45", 1)
    text = text.replace("homework:\n        - \"Read the whole of Part III once, without notes, before notebook 01.\"\n"
                        "        - {activity: \"The two Python warm-ups of notebook 00.\", tasks: "
                        "[exercise:warm-up-long-words, exercise:warm-up-mean]}",
                        "homwork: []", 1)
    path.write_text(text)
    monkeypatch.setenv("CLOSEREADING_MATERIALS", str(folder))
    with pytest.raises(MaterialsError) as err:
        guide.load_sessions()
    message = str(err.value)
    assert "sessions.yml" in message
    for words in ("'hw-nope' is not a question of notebook 01's quiz",
                  "9 is not a discussion question of this notebook (it has questions 1 to 4)",
                  "should be one of: whole class, individual, pairs, groups",
                  "add up to 51 minutes, not 50",
                  "should be one of 50, 90", "a 50-minute plan is missing",
                  "field 'homwork': unknown field"):
        assert words in message, words
    assert "item 'notebook 01, 50-minute plan, class step 1'" in message


def _broken_sessions(tmp_path, monkeypatch, old, new):
    from materials_copy import materials_with
    materials_with(tmp_path, monkeypatch, "sessions.yml", old, new)
    with pytest.raises(MaterialsError) as err:
        guide.load_sessions()
    return str(err.value)


def test_a_step_given_less_time_than_its_tasks_take_is_reported(tmp_path, monkeypatch):
    message = _broken_sessions(
        tmp_path, monkeypatch,
        '{minutes: 20, mode: individual, activity: "Annotate 1.5 yourself, then answer its prompt.", tasks: [annotate:1.5, prompt:1.5]}',
        '{minutes: 10, mode: individual, activity: "Annotate 1.5 yourself, then answer its prompt.", tasks: [annotate:1.5, prompt:1.5]}')
    assert "item 'notebook 01, 50-minute plan, class step 2', field 'minutes'" in message
    assert "its tasks take about 18.6 minutes at the course's rates" in message
    assert "annotate:1.5 10; prompt:1.5 8.6" in message


def test_a_plan_that_skips_a_prompt_is_reported(tmp_path, monkeypatch):
    message = _broken_sessions(
        tmp_path, monkeypatch, "tasks: [prompt:1.6, revisit:hw-harmonious]",
        "tasks: [revisit:hw-harmonious]")
    assert ("item 'notebook 01, 50-minute plan', field 'tasks': the plan skips prompts of "
            "the notebook: prompt:1.6") in message


def test_a_task_name_that_names_nothing_is_reported(tmp_path, monkeypatch):
    message = _broken_sessions(tmp_path, monkeypatch, "tasks: [prompt:1.6, revisit:hw-harmonious]",
                               "tasks: [prompt:1.7, revisit:hw-harmonious, lecture:1]")
    assert "'prompt:1.7' is not a task of notebook 01 (did you mean prompt:1.6" in message
    assert "'lecture:1': 'lecture' is not a kind of task" in message
