"""One method, named, modelled, then faded; retrieval across notebooks; guesses about
meaning that come back after the reading (issue 26)."""

import json
import re
from pathlib import Path

import pytest

from closereading import course, method, quiz, reading, text
from closereading.materials import MaterialsError, parse_yaml
from closereading.quiz import progress as P

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
COURSE = course.load_course()


def codes(stem: str) -> list[str]:
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# ---------------------------------------------------------------------------------------
# The method


def test_the_method_has_about_eight_lenses_each_used_by_some_prompt():
    m = method.load()
    assert 6 <= len(m.lenses) <= 10
    used = {lid for ps in reading.load_all_prompts().values() for p in ps.values()
            for lid in p.lenses}
    assert used == set(m.ids)
    assert all(lens.question.endswith("?") for lens in m.lenses)


def test_notebook_00_names_the_method_before_its_worked_example_on_the_introduction():
    found = codes("00-start-here")
    show = found.index("method.show()")
    passage = next(i for i, c in enumerate(found) if 'reading.passage("00-start-here", "0.1")' in c)
    assert show < passage
    prompt = reading.prompt_for("0.1")
    assert prompt.support == "worked"
    notes = reading._notes("00-start-here", "0.1", prompt)
    worked = method.worked_example()
    assert worked.html in notes.html                   # unfolds with the notes of 0.1
    for lens in method.load().lenses:                  # every question, thinking aloud
        assert lens.question in worked.text


def test_every_step_of_the_worked_example_quotes_the_introduction_word_for_word():
    m = method.load()
    body = text.load().paragraph(m.paragraph).text
    assert m.paragraph == "0.1"
    assert all(step.quote in body for step in m.steps if step.quote)
    assert sum(bool(step.quote) for step in m.steps) >= len(m.steps) - 2


LEVEL = {lvl: i for i, lvl in enumerate(method.LEVELS)}


def test_the_support_only_falls_from_notebook_to_notebook():
    by_notebook = {stem[:2]: [p.support for p in ps.values()]
                   for stem, ps in reading.load_all_prompts().items()}
    assert by_notebook["00"] == ["worked"]
    assert set(by_notebook["01"]) == {"full"}
    assert set(by_notebook["04"]) == set(by_notebook["05"]) == {"lens"}
    order = [nb.id for nb in COURSE.notebooks if nb.id in by_notebook]
    steps = [max(LEVEL[s] for s in by_notebook[nid]) for nid in order]
    lows = [min(LEVEL[s] for s in by_notebook[nid]) for nid in order]
    assert steps == sorted(steps) and lows == sorted(lows)


def test_a_prompt_at_lens_level_names_only_its_lenses():
    p = reading.prompt_for("4.1")
    assert p.text() == "Before the notes: Subject, modality and claim: what do you notice?"
    full = reading.prompt_for("1.5").text()
    assert method.load().lens("modality").question in full and "In this paragraph:" in full
    guided = reading.prompt_for("2.1").text()
    assert guided.startswith("Before the notes: Lenses: Denial and lists.")
    assert method.load().lens("denial").question not in guided


def _one(support, lenses="[subject]", prompt='    prompt: "Look."\n'):
    pts = "".join(f'      - {{ask: "Did you notice {w}?", quote: "countries"}}\n'
                  for w in ("a", "b", "c"))
    rows = []
    for n in range(1, 7):
        rows.append(f'  - paragraph: "1.{n}"\n    support: {support if n == 1 else "full"}\n'
                    f'    lenses: {lenses if n == 1 else "[subject]"}\n'
                    + (prompt if n == 1 else '    prompt: "Look."\n')
                    + '    model: "A model."\n    points:\n' + pts)
    return "reading:\n" + "".join(rows).replace('quote: "countries"', 'quote: "should"')


@pytest.mark.parametrize("yaml_text, field, words", [
    (_one("easy"), "support", "should be one of worked, full, guided, lens"),
    (_one("full", "[subjekt]"), "lenses", "'subjekt' is not a lens of materials/method.yml"),
    (_one("full", "[]"), "lenses", "names no lens"),
    (_one("full", "[subject, subject]"), "lenses", "named twice"),
    (_one("lens"), "prompt", "names its lenses only"),
    (_one("full", prompt=""), "prompt", "is required"),
])
def test_a_mistake_in_support_or_lenses_names_file_item_and_field(yaml_text, field, words):
    with pytest.raises(MaterialsError) as err:
        reading.parse_prompts(parse_yaml(yaml_text, "x.yml"), "x.yml", section=1,
                              doc=text.load())
    found = [p for p in err.value.problems if p.field == field]
    assert found and words in found[0].message, err.value.problems


@pytest.mark.parametrize("change, field, words", [
    (lambda s: s.replace("  - id: claim", "  - id: Claim!"), "id", "lower-case"),
    (lambda s: s.replace("    - lens: claim", "    - lens: klaim"), "lens", "no lens 'klaim'"),
    (lambda s: s.replace('quote: "has great hope"', 'quote: "has a great hope"'), "quote",
     "not word for word in paragraph 0.1"),
    (lambda s: s.replace("  lens: >-", "  lenz: >-"), "lenz", "not a level of support"),
])
def test_a_mistake_in_the_method_names_file_item_and_field(change, field, words):
    raw = method.method_path().read_text(encoding="utf-8")
    changed = change(raw)
    assert changed != raw
    with pytest.raises(MaterialsError) as err:
        method.parse_method(parse_yaml(changed, "method.yml"), "method.yml", doc=text.load())
    found = [p for p in err.value.problems if p.field == field]
    assert found and words in found[0].message, err.value.problems


# ---------------------------------------------------------------------------------------
# Retrieval


RETRIEVAL = [nb for nb in COURSE.notebooks if nb.id in ("02", "03", "04", "05", "06", "07")]


@pytest.mark.parametrize("info", RETRIEVAL, ids=lambda nb: nb.id)
def test_each_notebook_from_02_opens_with_closed_book_questions_on_earlier_ones(info):
    stem = Path(info.file).stem
    banked = [q for q in quiz.questions(stem) if q.file.endswith(f"{stem}-retrieval.yml")]
    assert 2 <= len(banked) <= 3
    found = codes(stem)
    ask = next(i for i, c in enumerate(found) if c.startswith("quiz.ask(") )
    assert all(f'"{q.id}"' in found[ask] for q in banked), "retrieval is asked first"
    shows_text = [i for i, c in enumerate(found)
                  if re.match(r"(views\.section_text|context\.record|stats\.|doc = )", c)]
    assert ask < min(shows_text), "the passage is on screen before the retrieval questions"
    own = {p.id for p in text.load().section(info.section).paragraphs} if info.section else set()
    for q in banked:
        assert q.evidence.paragraph not in own, f"{q.id} is about this notebook's own text"
        assert q.prompt.startswith("From memory"), q.id


def test_retrieval_banks_come_first_in_a_notebooks_bank_order():
    from closereading.quiz.bank import bank_files
    assert [f.name for f in bank_files("06")] == ["06-the-whole-text-retrieval.yml",
                                                  "06-the-whole-text.yml",
                                                  "06-the-whole-text-review.yml"]


def test_06_brings_back_the_learners_responses_and_asks_to_test_one(tmp_path, monkeypatch):
    found = codes("06-the-whole-text")
    mine = found.index("reading.my_responses()")
    assert found[mine + 1] == 'reading.think_first("test-a-reading")'
    monkeypatch.setenv(P.ENV, str(tmp_path / "progress.json"))
    P._stores.clear()
    store = P.store()
    store.update("1.2", lambda r: {"text": "Three pairs <i>of</i> opposites.", "saved": True},
                 kind=reading.READING)
    store.update("2.1", lambda r: {"text": "a draft", "saved": False}, kind=reading.READING)
    store.update("0.1", lambda r: {"text": "The intro.", "saved": True}, kind=reading.READING)
    view = reading.my_responses()
    assert "Three pairs &lt;i&gt;of&lt;/i&gt; opposites." in view.view.value
    assert "a draft" not in view.view.value and "The intro." not in view.view.value
    assert "appear here when the notebook runs" in view._static.html
    P._stores.clear()


# ---------------------------------------------------------------------------------------
# Guesses about meaning


MEANING = {p.notebook: p for p in reading.load_predictions().values() if p.revisit}


def test_each_of_01_to_05_makes_a_guess_about_meaning_and_comes_back_to_it():
    assert sorted(MEANING) == ["01", "02", "03", "04", "05"]
    for nid, pred in MEANING.items():
        stem = Path(COURSE.notebook(nid).file).stem
        found = codes(stem)
        asked = found.index(f'reading.predict("{pred.id}")')
        back = found.index(f'reading.compare("{pred.id}")')
        passages = [i for i, c in enumerate(found) if c.startswith("reading.passage(")]
        first_quiz_after = min(i for i, c in enumerate(found)
                               if c.startswith("quiz.ask(") and i > asked)
        assert asked < min(passages) and max(passages) < back < first_quiz_after
        assert pred.measure == {} and reading.measured(pred) == (None, "")


def test_the_second_look_at_a_guess_is_saved_and_restored(tmp_path):
    store = P.Store(tmp_path / "progress.json")
    from closereading.reading_widgets import CompareView, PredictionView
    pred = MEANING["04"]
    guess = PredictionView(pred, store=store)
    guess.box.value = "Paying dues; keeping promises."
    guess.save()
    assert "after the reading" in guess.message.value
    view = CompareView(pred, store=store)
    assert "Paying dues; keeping promises." in view.view.value and pred.revisit in view.view.value
    view.after.value = "The text counts running itself well."
    view.save_after()
    assert store.record(pred.after_key, kind=reading.PREDICTIONS) == {
        "text": "The text counts running itself well."}
    assert CompareView(pred, store=store).after.value == "The text counts running itself well."
    journal = reading.journal_markdown(store)
    assert "**After the reading.**" in journal and "The text counts running itself well." in journal


@pytest.mark.parametrize("entry, words", [
    ('- {id: x, notebook: "01", returns_in: "01", type: text, prompt: "Guess."}',
     "give either 'measure'"),
    ('- {id: x, notebook: "01", returns_in: "01", type: text, prompt: "Guess.", revisit: "Back.",'
     ' measure: {name: words, section: 1}}', "not both"),
])
def test_a_guess_has_a_measure_or_a_revisit_not_both_nor_neither(entry, words):
    with pytest.raises(MaterialsError, match=words):
        reading.parse_predictions(parse_yaml(entry, "predictions.yml"), "predictions.yml",
                                  notebooks=["01"])
