"""The teacher edition and the handouts, built from a small notebook of the course's kind:
the teacher's copy has the answers, solutions and notes; the handout has none; both open
without a network."""

import re

import nbformat
import pytest

from closereading import editions, exercises, quiz

STEM = "01-harmonious-world"


def _notebook(path, extra_cells=()):
    question = quiz.questions(STEM)[0]
    ex = exercises.get(STEM, "count-should")
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Promoting the building of a harmonious world"),
        code("from closereading import excerpts, exercises, quiz"),
        code(f'excerpts.passage("{STEM}", "1.6")'),
        code(f'excerpts.discussion("{STEM}")'),
        code(f'quiz.ask("{question.id}")'),
        code(f'exercises.task("{STEM}", "count-should")'),
        code(ex.starter.rstrip("\n"), metadata={"tags": ["exercise"]}),
        code(f'exercises.check("{STEM}", "count-should", count_word)'),
        *extra_cells,
    ]
    nbformat.write(nb, path)
    return question, ex


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions")
    source = folder / "notebooks" / f"{STEM}.ipynb"
    source.parent.mkdir()
    question, ex = _notebook(source)
    before = source.read_bytes()
    codes = (editions.build_teacher([source], folder / "teacher"),
             editions.build_handouts([source], folder / "handouts"))
    assert source.read_bytes() == before, "the build must not change the notebook"
    teacher = (folder / "teacher" / f"{STEM}.html").read_text(encoding="utf-8")
    handout = (folder / "handouts" / f"{STEM}.html").read_text(encoding="utf-8")
    return codes, teacher, handout, question, ex, folder


def test_both_builds_succeed_and_write_an_index(built):
    codes, teacher, handout, question, ex, folder = built
    assert codes == (0, 0)
    for edition in ("teacher", "handouts"):
        index = (folder / edition / "index.html").read_text(encoding="utf-8")
        assert f'href="{STEM}.html"' in index
        assert "01. Promoting the building of a harmonious world" in index


def test_teacher_edition_has_solutions_answers_and_notes(built):
    _, teacher, _, question, ex, _ = built
    assert "Teacher edition." in teacher
    assert "holds the reference solution of exercise 1" in teacher
    # the exercise cell runs the solution, and the check confirms it
    assert "return stats.words(text).count(word.lower())" in _code(teacher)
    assert "Correct." in teacher and "Not attempted yet." not in teacher
    assert "Reference solution (teacher edition):" in teacher
    assert "Teacher&#x27;s notes:" in teacher or "Teacher's notes:" in teacher
    assert _plain(question.explanation) in _plain(teacher)
    # the feedback on every option is in the teacher's copy
    assert question.feedback and all(_plain(f) in _plain(teacher)
                                     for f in question.feedback.values())


def test_handout_has_the_questions_and_no_answers(built):
    _, _, handout, question, ex, _ = built
    assert "Student handout." in handout
    assert "Not attempted yet." in handout and "Correct." not in handout
    assert "Reference solution" not in handout and "Teacher" not in handout.split(
        "Student handout.")[1]
    assert _plain(question.prompt) in _plain(handout)
    assert _plain(question.explanation) not in _plain(handout)
    # nor the feedback on any option (it would give the answer away)
    assert not any(_plain(f) in _plain(handout) for f in question.feedback.values())
    # the exercise's starting code is printed; the calls into the package are not
    plain = _code(handout)
    assert "def count_word(text, word):" in plain
    assert "excerpts.passage(" not in plain
    assert "stats.words(text).count(word.lower())" not in plain


def test_no_page_fetches_anything_from_the_network(built):
    _, teacher, handout, *_ = built
    for page in (teacher, handout):
        assert editions.external_resources(page) == []
        assert "<script src=" not in page
        assert editions.WIDGET_VIEW not in page


def test_annotated_passage_reads_in_both(built):
    _, teacher, handout, *_ = built
    for page in (teacher, handout):
        assert "<mark" in page and 'id="annotated-1.6"' in page


def test_a_failing_notebook_is_reported_and_the_others_still_built(tmp_path, capsys):
    good = tmp_path / f"{STEM}.ipynb"
    _notebook(good)
    bad = tmp_path / "02-independent-foreign-policy.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, bad)
    code = editions.build_handouts([bad, good], tmp_path / "out")
    assert code == 1
    assert (tmp_path / "out" / f"{STEM}.html").is_file()
    assert not (tmp_path / "out" / "02-independent-foreign-policy.html").exists()
    err = capsys.readouterr().err
    assert "FAILED 02-independent-foreign-policy.ipynb: a cell raised ZeroDivisionError" in err


def test_no_notebooks_is_a_failure(tmp_path):
    assert editions.build_teacher([], tmp_path / "t") == 1


def test_insert_solutions_replaces_only_exercise_cells(tmp_path):
    path = tmp_path / f"{STEM}.ipynb"
    _, ex = _notebook(path, extra_cells=[nbformat.v4.new_code_cell(
        "def count_word(text, word):\n    ...")])  # untagged: left alone
    nb = nbformat.read(path, as_version=4)
    assert editions.insert_solutions(nb, STEM) == 1
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert ex.solution.rstrip("\n") in sources
    assert sources[-1] == "def count_word(text, word):\n    ..."
    assert editions.insert_solutions(nb, "06-the-whole-text") == 0  # a notebook without exercises


def test_external_resources_finds_what_a_browser_would_fetch():
    page = ('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
            'href="//cdn.example/y.css"><style>@import url("http://e.example/z.css");</style>'
            '<a href="https://example.org/read">a link is not fetched</a>')
    assert editions.external_resources(page) == [
        "//cdn.example/y.css", "http://e.example/z.css", "https://cdn.example/x.js"]


def _plain(html_text: str) -> str:
    import html
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def _code(html_text: str) -> str:
    """The page's text with tags removed and nothing put in their place, so that code split
    into highlighted spans reads as written."""
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
