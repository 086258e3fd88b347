"""The steps of the teacher edition and the handouts, one at a time and without a kernel
(tests/test_editions.py builds whole editions in a kernel): what a teacher's copy and a
learner's handout hold, the note above each reference solution, the static views, the
index page, and the report of a failed build. Fast enough for `make mutation`."""

import html
import re

import nbformat
import pytest

from closereading import __version__, editions, exercises
from closereading.materials import MaterialsError, Problem

STEM = "01-harmonious-world"
TITLE = "01. Promoting the building of a harmonious world"
code = nbformat.v4.new_code_cell
md = nbformat.v4.new_markdown_cell


def _write(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nbformat.write(nb, path)
    return path


def _course_notebook(tmp_path, stem=STEM):
    ex = exercises.get(STEM, "count-should")
    path = _write(tmp_path / f"{stem}.ipynb", [
        md("# Promoting the building of a harmonious world"),
        code("from closereading import exercises"),
        code("words = text.split()", metadata={"tags": ["example"]}),
        code(ex.starter.rstrip("\n"), metadata={"tags": ["exercise"]}),
        code('exercises.check("01-harmonious-world", "count-should", count_word)',
             metadata={"tags": ["keep"]}),
    ])
    return path, ex


# ---------------------------------------------------------------------------------------
# prepare: the banner, the solutions, the hidden calls


def test_teacher_copy_gets_the_banner_and_the_solution_and_hides_nothing(tmp_path):
    path, ex = _course_notebook(tmp_path)
    before = path.read_bytes()
    nb = editions.prepare(path, "teacher")
    assert path.read_bytes() == before
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source == (
        "**Teacher edition.** This copy shows the answers to the quizzes (with the clues an "
        "order or match question gives at the first wrong try), the reference solutions of "
        "the exercises (in the exercise cells), the notes on the discussion questions and, "
        "under each reading prompt, its level of support, its lenses, the model response "
        "and the points a good response notices. Do not hand it to learners before they "
        f"have done the work. Course version {__version__}.")
    sources = [c.source for c in nb.cells]
    assert ex.solution.rstrip("\n") in sources
    assert ex.starter.rstrip("\n") not in sources
    assert all(editions.HIDE_INPUT_TAG not in c.metadata.get("tags", []) for c in nb.cells)
    assert len(nb.cells) == 7  # banner + note + the five cells


def test_handout_hides_the_package_calls_and_keeps_the_learners_code(tmp_path):
    path, ex = _course_notebook(tmp_path)
    nb = editions.prepare(path, "student")
    assert nb.cells[0].source == (
        "**Student handout.** The questions of the quizzes are printed without their "
        "answers; the exercise cells hold the starting code. Each reading prompt and each "
        "think-first question has ruled space for your answer; what a good response "
        "notices (to tick) and the course's notes are folded after it: open them once you "
        "have written. Work through them in JupyterLab, where the quizzes and checks "
        f"respond. Course version {__version__}.")
    tags = [c.metadata.get("tags") for c in nb.cells]
    assert tags == [None, None, [editions.HIDE_INPUT_TAG], ["example"], ["exercise"],
                    ["keep", editions.HIDE_INPUT_TAG]]
    assert nb.cells[4].source == ex.starter.rstrip("\n")  # no solution in a handout
    assert "reference solution" not in " ".join(c.source for c in nb.cells)


def test_version_line_names_the_package_version():
    assert editions.version_line() == f"Course version {__version__}."


# ---------------------------------------------------------------------------------------
# insert_solutions


def test_the_note_above_a_solution_names_the_exercise(tmp_path):
    path, ex = _course_notebook(tmp_path)
    nb = nbformat.read(path, as_version=4)
    assert editions.insert_solutions(nb, STEM) == 1
    i = next(i for i, c in enumerate(nb.cells) if "exercise" in c.metadata.get("tags", []))
    assert nb.cells[i].source == ex.solution.rstrip("\n")
    assert not nb.cells[i].source.endswith("\n")
    note = nb.cells[i - 1]
    assert note.cell_type == "markdown"
    assert note.source == (
        f"*Teacher edition: the cell below holds the reference solution of exercise "
        f"{ex.number}, \u201c{ex.title}\u201d, in place of the starting code.*")
    assert [c.source for c in nb.cells[:i - 1]] == [
        "# Promoting the building of a harmonious world", "from closereading import exercises",
        "words = text.split()"]


def test_only_a_tagged_code_cell_defining_one_exercise_function_is_replaced(tmp_path):
    starter = exercises.get(STEM, "count-should").starter.rstrip("\n")
    both = starter + "\n\ndef share_with_word(text, word):\n    return 0.0"
    cells = [
        md(starter, metadata={"tags": ["exercise"]}),              # not code
        code(both, metadata={"tags": ["exercise"]}),               # two exercises at once
        code("def count_word(text, word)\n    return 1", metadata={"tags": ["exercise"]}),
        code("def helper(text):\n    return text", metadata={"tags": ["exercise"]}),
        code(starter, metadata={"tags": ["example"]}),             # not an exercise cell
    ]
    nb = nbformat.read(_write(tmp_path / f"{STEM}.ipynb", cells), as_version=4)
    assert editions.insert_solutions(nb, STEM) == 0
    assert [c.source for c in nb.cells] == [c.source for c in cells]


def test_two_exercise_cells_each_get_their_own_solution(tmp_path):
    one = exercises.get(STEM, "count-should")
    two = next(e for e in exercises.load(STEM) if e.function == "share_with_word")
    nb = nbformat.read(_write(tmp_path / f"{STEM}.ipynb", [
        code(one.starter, metadata={"tags": ["exercise"]}),
        code(two.starter, metadata={"tags": ["other", "exercise"]}),
    ]), as_version=4)
    assert editions.insert_solutions(nb, STEM) == 2
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "markdown", "code"]
    assert nb.cells[1].source == one.solution.rstrip("\n")
    assert nb.cells[3].source == two.solution.rstrip("\n")
    assert f"exercise {two.number}, \u201c{two.title}\u201d" in nb.cells[2].source


def test_a_notebook_outside_the_course_or_without_exercises_is_left_alone(tmp_path, monkeypatch):
    starter = exercises.get(STEM, "count-should").starter
    cells = [code(starter, metadata={"tags": ["exercise"]})]
    nb = nbformat.read(_write(tmp_path / "x.ipynb", cells), as_version=4)
    assert editions.insert_solutions(nb, "99-not-in-the-course") == 0
    assert [c.source for c in nb.cells] == [starter]
    monkeypatch.setattr(exercises, "exercises_path", lambda stem: tmp_path / "missing.yml")
    assert editions.insert_solutions(nb, STEM) == 0
    assert [c.source for c in nb.cells] == [starter]


def test_a_solution_is_inserted_as_written(tmp_path, monkeypatch):
    """Only the final line break goes: a solution ending in a name such as MAX keeps it."""
    from types import SimpleNamespace
    fake = SimpleNamespace(function="count_word", number=4, title="Count <it>",
                           solution="def count_word(text, word):\n    return MAX\n\n")
    monkeypatch.setattr(exercises, "load", lambda stem: (fake,))
    nb = nbformat.read(_write(tmp_path / f"{STEM}.ipynb", [
        code("def count_word(text, word):\n    ...", metadata={"tags": ["exercise"]})]),
        as_version=4)
    assert editions.insert_solutions(nb, STEM) == 1
    assert nb.cells[1].source == "def count_word(text, word):\n    return MAX"
    assert nb.cells[0].source == ("*Teacher edition: the cell below holds the reference "
                                  "solution of exercise 4, \u201cCount <it>\u201d, in place "
                                  "of the starting code.*")


def test_defined_functions_reads_only_top_level_definitions():
    assert editions._defined_functions("def a(x):\n    def b():\n        pass\n"
                                       "class C:\n    def d(self): pass\nx = 1") == {"a"}
    assert editions._defined_functions("def a(:") == set()


# ---------------------------------------------------------------------------------------
# strip_widget_views, to_html


def _executed_like(tmp_path):
    """A notebook with outputs such as an executed one has, made by hand."""
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output
    widget = {editions.WIDGET_VIEW: {"model_id": "abc", "version_major": 2},
              "text/html": "<p>Which principle? (static view)</p>",
              "text/plain": "QuestionView()"}
    nb.cells = [
        md("# Promoting the building of a harmonious world"),
        code("quiz.ask('q1')", outputs=[out("display_data", data=widget)]),
        code("print('hello')", outputs=[out("stream", name="stdout", text="hello\n")]),
        code("secret_call_to_the_package()",
             metadata={"tags": [editions.HIDE_INPUT_TAG]},
             outputs=[out("display_data", data={
                 "text/html": '<details style="margin:0"><summary>Hint (click to open)'
                              '</summary>Look at paragraph 2.</details>',
                 "text/plain": "hint"})]),
        code("def count_word(text, word):\n    return 0", metadata={"tags": ["exercise"]}),
    ]
    return nb


def test_strip_widget_views_keeps_the_static_views(tmp_path):
    nb = _executed_like(tmp_path)
    nb.cells[2].outputs.append(nbformat.v4.new_output("display_data", data={
        editions.WIDGET_VIEW: {"model_id": "def"}, "text/plain": "Button()"}))
    assert editions.strip_widget_views(nb) == 2
    assert nb.cells[2].outputs[1]["data"] == {"text/plain": "Button()"}
    data = nb.cells[1].outputs[0]["data"]
    assert set(data) == {"text/html", "text/plain"}
    assert nb.cells[2].outputs[0]["text"] == "hello\n"
    assert editions.strip_widget_views(nb) == 0


# Function-scoped on purpose: mutmut links a mutant to the tests that call the mutated
# function, and a fixture shared by several tests is only seen calling it in the first.
@pytest.fixture(params=["teacher", "student"])
def pages(request, tmp_path):
    edition = request.param
    return {edition: editions.to_html(_executed_like(tmp_path), tmp_path / f"{STEM}.ipynb",
                                      edition)}


def test_page_title_names_the_notebook_and_the_edition(pages):
    (edition, page), = pages.items()
    words = {"teacher": "teacher edition", "student": "student handout"}[edition]
    assert f"<title>{TITLE} ({words})</title>" in page


def test_page_shows_the_static_view_not_the_live_widget(pages):
    for page in pages.values():
        assert "Which principle? (static view)" in page
        assert editions.WIDGET_VIEW not in page and "model_id" not in page
        assert editions.external_resources(page) == []
        assert "<script src=" not in page and "require.js" not in page
        assert "mathjax" not in page.lower()


def test_page_hides_the_tagged_code_and_shows_the_rest(pages):
    for page in pages.values():
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert "secret_call_to_the_package" not in text
        assert "def count_word(text, word):" in text
        assert "print('hello')" in text


def test_hints_are_open_on_paper(pages):
    for page in pages.values():
        assert '<details open style="margin:0"><summary>Hint</summary>' in page
        assert "(click to open)" not in page
        assert "<details style=" not in page


def test_page_carries_the_accessible_offline_style(pages):
    for page in pages.values():
        assert ".jp-InputPrompt, .jp-OutputPrompt { color: #595959 !important;" in page
        assert "text-decoration: underline !important" in page


def test_title_of_a_notebook_outside_the_course_is_its_file_name(tmp_path):
    nb = nbformat.v4.new_notebook()
    assert editions._title(nb, tmp_path / f"{STEM}.ipynb") == TITLE
    assert editions._title(nb, tmp_path / "scratch.ipynb") == "scratch"


# ---------------------------------------------------------------------------------------
# index_html


def test_index_links_every_notebook_in_order_with_escaped_names():
    page = editions.index_html([(STEM, TITLE), ('a"<b>&c', "Tom & <Jerry>")], "student")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    assert page.endswith("</body></html>\n")
    assert ("<title>Student handout: Close reading of Part III of China's Peaceful "
            "Development</title>") in page
    assert "<h1>Student handout</h1>" in page
    assert (f'<ol><li><a href="{STEM}.html">{TITLE}</a></li>'
            '<li><a href="a&quot;&lt;b&gt;&amp;c.html">Tom &amp; &lt;Jerry&gt;</a></li></ol>'
            ) in page
    assert f"<p>Course version {__version__}.</p>" in page
    assert "<b>" not in page and "<Jerry>" not in page
    teacher = editions.index_html([], "teacher")
    assert "<h1>Teacher edition</h1>" in teacher and "<ol></ol>" in teacher
    assert 'name="viewport" content="width=device-width, initial-scale=1.0"' in teacher


# ---------------------------------------------------------------------------------------
# _build, with the kernel replaced by a stand-in


@pytest.fixture
def no_kernel(monkeypatch):
    """execute() replaced: records the edition, fails for a notebook named 'broken'."""
    from closereading import execution
    seen = []

    def execute(path, edition="student", nb=None):
        seen.append((path.name, edition, nb.cells[0].source.split(".**")[0]))
        if "broken" in path.stem:
            raise MaterialsError(Problem("materials/quizzes/x.yml", "no question 'q9'",
                                         item="q9"))
        if "crash" in path.stem:
            err = RuntimeError("cell failed")
            err.ename, err.evalue = "ZeroDivisionError", "division by zero"
            raise err
        return nb
    monkeypatch.setattr(execution, "execute", execute)
    return seen


def test_build_writes_a_page_per_notebook_and_an_index(tmp_path, no_kernel, capsys):
    path, _ = _course_notebook(tmp_path)
    out = tmp_path / "deep" / "teacher"
    assert editions.build_teacher([path], out) == 0
    assert no_kernel == [(path.name, "teacher", "**Teacher edition")]
    page = (out / f"{STEM}.html").read_text(encoding="utf-8")
    assert "reference solution of exercise 1" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{STEM}.html">{TITLE}</a>' in index
    assert "<h1>Teacher edition</h1>" in index
    printed = capsys.readouterr()
    assert printed.out.startswith(f"teacher edition: {path.name} ...\n  wrote ")
    assert f"{STEM}.html\n" in printed.out and "index.html\n" in printed.out
    assert printed.err == ""


def test_handouts_are_built_as_the_student_edition(tmp_path, no_kernel, capsys):
    path, _ = _course_notebook(tmp_path)
    assert editions.build_handouts((p for p in [path]), tmp_path / "h") == 0
    assert no_kernel == [(path.name, "student", "**Student handout")]
    assert "student handout: " in capsys.readouterr().out
    assert "<h1>Student handout</h1>" in (tmp_path / "h" / "index.html").read_text(
        encoding="utf-8")


def test_failures_are_reported_and_the_others_still_built(tmp_path, no_kernel, capsys):
    good, _ = _course_notebook(tmp_path)
    broken = _write(tmp_path / "broken.ipynb", [code("1")])
    crash = _write(tmp_path / "crash.ipynb", [code("1 / 0")])
    out = tmp_path / "out"
    assert editions.build_handouts([broken, crash, good], out) == 1
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<li>") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "FAILED broken.ipynb: materials/quizzes/x.yml, item 'q9': no question 'q9'",
        "FAILED crash.ipynb: a cell raised ZeroDivisionError: division by zero"]


def test_building_again_into_the_same_folder_replaces_the_pages(tmp_path, no_kernel):
    path, _ = _course_notebook(tmp_path)
    out = tmp_path / "teacher"
    assert editions.build_teacher([path], out) == 0
    (out / f"{STEM}.html").write_text("old", encoding="utf-8")
    assert editions.build_teacher([path], out) == 0   # `make teacher` run a second time
    assert "reference solution of exercise 1" in (out / f"{STEM}.html").read_text(
        encoding="utf-8")


def test_nothing_built_means_no_index_and_failure(tmp_path, no_kernel, capsys):
    broken = _write(tmp_path / "broken.ipynb", [code("1")])
    assert editions.build_teacher([broken], tmp_path / "t") == 1
    assert not (tmp_path / "t" / "index.html").exists()
    assert editions.build_teacher([], tmp_path / "e") == 1
    assert (tmp_path / "e").is_dir()


def test_describe_names_the_error():
    assert editions._describe(ValueError("bad value")) == "ValueError: bad value"
    err = RuntimeError("x")
    err.ename = "KeyError"
    assert editions._describe(err) == "a cell raised KeyError: "


# ---------------------------------------------------------------------------------------
# external_resources


def test_external_resources_finds_every_kind_of_fetch():
    page = ("<IMG alt=x SRC='https://img.example/a.png'>"
            '<iframe src=//frame.example/f></iframe>'
            '<source src="http://media.example/v.mp4"><embed src="https://e.example/e.swf">'
            '<LINK rel=icon HREF=https://icon.example/i.ico>'
            "<style>@IMPORT 'https://imp.example/s.css'; "
            "body { background: url( 'https://bg.example/b.png' ) }</style>"
            '<script>import("https://mod.example/m.js")</script>'
            '<script src="//frame.example/f"></script>'
            '<div style="background: URL(http://upper.example/u.png)"></div>'
            '<img src="local.png"><link href="style.css"><a href="https://x.example/">x</a>')
    assert editions.external_resources(page) == [
        "//frame.example/f", "http://media.example/v.mp4", "http://upper.example/u.png",
        "https://bg.example/b.png",
        "https://e.example/e.swf", "https://icon.example/i.ico", "https://img.example/a.png",
        "https://imp.example/s.css", "https://mod.example/m.js"]
    assert editions.external_resources("<p>nothing</p>") == []
