"""Ask before telling (issue 26): no reading prompt is answered by the notebook's own prose
before the learner meets it, and what the course tells comes after what it asks.

The core check: for every reading prompt, the Markdown cells that come before its
``reading.passage(...)`` cell must not contain the phrases of its model points
(``points:`` in ``materials/annotations/*.yml``). A point's phrases are

* the passage it quotes (``quote``), found in the prose whatever its case and spacing; and
* its claim (``ask``): a sentence of the prose that shares :data:`SHARED` or more content
  words with the point's question tells the learner what the point asks them to notice.
  Content words are the course's words less the stopwords and the words every notebook
  uses to talk about the text (:data:`GENERIC`), cut to a crude stem (:func:`stem`).

The lead-ins that issue 26 found answering their prompts are kept below
(:data:`SPOILERS`), word for word as they stood, and the detector must flag each one when
it is put back before its prompt: so the check is shown to catch what it is for, on the
real notebooks, every run.
"""

import json
import re
from pathlib import Path

import pytest

from closereading import reading, stats

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SHARED = 3
GENERIC = {"paragraph", "paragraphs", "sentence", "sentences", "text", "notice", "word",
           "words", "phrase", "phrases", "sub-section", "sub-sections", "note", "notes",
           "course", "read", "reading", "prompt", "did", "first"}


def cells(stem: str) -> list[tuple[str, str]]:
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def passage_index(nb_cells, stem: str, pid: str) -> int:
    call = f'reading.passage("{stem}", "{pid}")'
    found = [i for i, (kind, src) in enumerate(nb_cells) if kind == "code" and call in src]
    assert len(found) == 1, f"{stem}: {call} should be called once"
    return found[0]


def folded(text: str) -> str:
    return " ".join(text.casefold().split())


def stem(word: str) -> str:
    """A crude stem, so that "dispute" meets "disputes" and "names" meets "name"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def content(text: str) -> set[str]:
    stop = stats.load_stopwords()
    return {stem(w) for w in stats.words(text) if w not in stop and w not in GENERIC
            and (len(w) > 1 or w.isdigit())}


def sentences(markdown: str) -> list[str]:
    plain = re.sub(r"[*_`#>]", " ", markdown)
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(plain.split())) if s]


def spoils(prose: str, prompt: reading.Prompt) -> list[str]:
    """What in ``prose`` gives away a point of ``prompt``: each finding in words."""
    found = []
    text = folded(prose)
    for point in prompt.points:
        if folded(point.quote) in text:
            found.append(f"quotes the passage of a point: {point.quote!r}")
        asked = content(point.ask)
        for sentence in sentences(prose):
            shared = asked & content(sentence)
            if len(shared) >= SHARED:
                found.append(f"says what a point asks ({', '.join(sorted(shared))}): "
                             f"{sentence!r} ~ {point.ask!r}")
    return found


def prose_before(stem: str, pid: str, extra: str = "") -> str:
    nb_cells = cells(stem)
    i = passage_index(nb_cells, stem, pid)
    return "\n\n".join(src for kind, src in nb_cells[:i] if kind == "markdown") + extra


PROMPTS = [(stem, pid, p) for stem in reading.reading_notebooks()
           for pid, p in reading.load_prompts(stem).items()]


@pytest.mark.parametrize("stem,pid,prompt", PROMPTS, ids=[pid for _, pid, _ in PROMPTS])
def test_the_prose_before_a_prompt_does_not_answer_it(stem, pid, prompt):
    assert spoils(prose_before(stem, pid), prompt) == []


# The lead-ins and openings that answered their prompts (issue 26), as they stood.
SPOILERS = [
    ("1.1", "**Paragraph 1.1** states the aim and announces a list. Its last sentence ends with a "
            "colon: what follows is a programme, set out in five parts."),
    ("1.4", "**Paragraph 1.4, culture**, is the shortest of the five. One of its phrases returns, "
            "almost word for word, in sub-sections 2 and 5."),
    ("1.6", "**Paragraph 1.6, the environment**, is the only domain paragraph in which the text "
            "speaks as \"we\"; it ends with a principle taken from international environmental "
            "law."),
    ("2.1", "**Paragraph 2.1** is the longest paragraph of the sub-section, a sequence of "
            "commitments and refusals. It names a set of principles dating from the 1950s, and "
            "sets out what the policy excludes as well as what it includes."),
    ("2.3", "**Paragraph 2.3** turns to the interests of other countries, in two sentences. Look "
            "at the adverbs and at the word *legitimate*."),
    ("2.4", "**Paragraph 2.4** moves from China's interests to \"common interests\", and ends "
            "with the widest scope of the sub-section: \"all humanity\"."),
    ("3.1", "The third sub-section is the most tightly built of Part III. Its first paragraph "
            "names four features of a \"new thinking on security\" and three kinds of security; "
            "the three paragraphs that follow take up the three kinds in the order in which "
            "they were named: comprehensive (3.2), common (3.3) and cooperative (3.4)."),
    ("3.1", "**Paragraph 3.1** is a single sentence that sets out the whole plan of the "
            "sub-section. It is the only sentence of the sub-section whose subject is China."),
    ("3.3", "**Paragraph 3.3, common security**, the longest of the four, names a way of "
            "thinking that the text asks countries to abandon, and gives a role to an "
            "international organisation."),
    ("3.4", "**Paragraph 3.4, cooperative security**, sets two ways of settling disputes against "
            "each other. Notice the words *only* and *vicious cycle*."),
    ("4.1", "Sub-section 4 is a single paragraph of seven sentences. It defines China's "
            "international responsibility, describes what China says it does, states a "
            "principle for all countries, and ends with a commitment about the future."),
    ("4.1", "**Paragraph 4.1**, with its notes. Read the first sentence slowly: it says what "
            "counts as the most important part of China's international responsibility, and "
            "the rest of the paragraph builds on it."),
    ("4.1", "Read the paragraph once through. Mark where the subject changes from China to "
            "\"countries\" and back, and note the tenses of the verbs: present, present perfect, "
            "future."),
    ("5.1", "The last sub-section of Part III narrows the scope from the world to China's own "
            "region. In one paragraph it describes what China does with its neighbours, what it "
            "calls on the countries of the region to do, what China says it does not seek, and a "
            "set of qualities it calls \"the Asian spirit\"."),
    ("5.1", "**Paragraph 5.1**, with its notes. It names kinds of dispute more concretely than "
            "any other passage of Part III; note which means of settling them it proposes."),
]


@pytest.mark.parametrize("pid,spoiler", SPOILERS, ids=[f"{pid}-{i}" for i, (pid, _) in
                                                       enumerate(SPOILERS)])
def test_a_spoiling_lead_in_put_back_before_its_prompt_is_caught(pid, spoiler):
    prompt = reading.prompt_for(pid)
    stem = next(s for s, p, _ in PROMPTS if p == pid)
    assert spoils(prose_before(stem, pid, "\n\n" + spoiler), prompt), (
        f"the old lead-in of {pid} is no longer caught: {spoiler!r}")


def test_the_detector_reads_case_and_spacing_loosely_and_ignores_generic_words():
    prompt = reading.prompt_for("1.5")
    assert spoils("As the  CONSULTATION and dialogue should be carried out shows", prompt)
    assert spoils("the paragraph, the text, the sentence, the word", prompt) == []


# ---------------------------------------------------------------------------------------
# What else comes before it is told


def quiz_order_items_before(stem: str):
    """(question id, prose before its quiz.ask cell) for the notebook's order questions."""
    from closereading import quiz
    nb_cells = cells(stem)
    for q in quiz.questions(stem):
        if q.type != "order":
            continue
        i = next(i for i, (kind, src) in enumerate(nb_cells)
                 if kind == "code" and f'"{q.id}"' in src and "quiz.ask(" in src)
        yield q, "\n".join(src for kind, src in nb_cells[:i] if kind == "markdown")


def in_order(prose: str, items) -> bool:
    """Whether every item is named in the prose, in the given order (a word of each, its
    first of four letters or more, whatever its case)."""
    text, pos = folded(prose), 0
    for item in items:
        key = next((w for w in stats.words(item) if len(w) >= 4), None)
        if key is None:
            return False
        hit = re.search(r"\b" + re.escape(key), text[pos:])
        if not hit:
            return False
        pos += hit.end()
    return True


@pytest.mark.parametrize("stem", [s for s in reading.reading_notebooks() if s[:2] != "00"])
def test_no_order_question_is_answered_by_the_prose_before_it(stem):
    for q, prose in quiz_order_items_before(stem):
        assert not in_order(prose, q.answer), f"{q.id}: the prose before it lists the answer"


def test_the_order_check_catches_the_old_opening_of_01():
    old = ("One opening paragraph states the aim; five paragraphs then take it through five "
           "domains in turn: politics, economy, culture, security and the environment.")
    from closereading import quiz
    q = quiz.questions("01").get("hw-domain-order")
    assert in_order(old, q.answer)


@pytest.mark.parametrize("stem", [s for s in reading.reading_notebooks() if s[:2] != "00"])
def test_the_annotate_task_comes_before_the_course_prompt_on_its_paragraph(stem):
    nb_cells = cells(stem)
    annotate = [(i, re.search(r'reading\.annotate\("[^"]+", "([\d.]+)"\)', src).group(1))
                for i, (kind, src) in enumerate(nb_cells)
                if kind == "code" and "reading.annotate(" in src]
    assert annotate
    for i, pid in annotate:
        assert i < passage_index(nb_cells, stem, pid), f"{stem}: annotate {pid} after its notes"


@pytest.mark.parametrize("stem", [s for s in reading.reading_notebooks() if s[:2] != "00"])
def test_the_structure_summary_comes_after_the_quiz(stem):
    """The course's summary of how a sub-section is built comes after every prompt and
    after the quiz that asks about its plan."""
    nb_cells = cells(stem)
    summary = [i for i, (kind, src) in enumerate(nb_cells)
               if kind == "markdown" and src.startswith("### How the")]
    last_quiz = max(i for i, (kind, src) in enumerate(nb_cells)
                    if kind == "code" and src.startswith("quiz.ask("))
    assert len(summary) == 1 and summary[0] > last_quiz


def test_06_asks_what_could_mislead_before_it_says_what_a_statistic_cannot_show():
    nb_cells = cells("06-the-whole-text")
    prose = "\n".join(src for kind, src in nb_cells if kind == "markdown")
    assert "cannot show" not in prose.replace("before the course says what the statistic "
                                              "cannot show", "")
    asked = [re.search(r'reading\.think_first\("(mislead-[a-z-]+)"\)', src).group(1)
             for kind, src in nb_cells if kind == "code" and "think_first(\"mislead-" in src]
    items = reading.load_think_first()
    assert asked == [t for t in items if t.startswith("mislead-")]
    assert len(asked) >= 8
    for tid in asked:
        assert items[tid].prompt.startswith("What could mislead here?")
        # what the course says is folded: it is not in the notebook's prose
        first = reading.think(tid).then.split(".")[0]
        assert folded(first) not in folded(prose), tid


def test_07_asks_for_the_learners_reading_before_the_readings_unfold():
    nb_cells = cells("07-context-and-readings")
    codes = [src for kind, src in nb_cells if kind == "code"]
    assert not any(src.strip() == "context.readings()" for src in codes)
    assert 'reading.think_first("own-reading", then=context.readings())' in codes


def test_no_notebook_announces_the_next_ones_finding():
    last = cells("01-harmonious-world")[-1][1]
    assert "becomes the subject" not in last and "rather than" not in last
