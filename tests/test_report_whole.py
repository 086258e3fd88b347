"""The class report, the rest of the module (issue 14, mutation testing of the whole of
``closereading/report.py``): the charts drawn from figures set by hand (their size,
bars, colours, hatching, axes and words), the files they are saved as, and the parts of
the page and of the figures that the small class of tests/test_report_mutants.py leaves
alone. Function-scoped, and quick: each test runs in about a second."""

import struct

import pytest

from closereading import plots, report as R

# Three notebooks; 4 learners. Notebook 00: two answered everything, two half: 75 %.
# Notebook 01: one learner a quarter: 0.25 / 4 = 6.25 %. Notebook 02: nobody, 0 %.
STEMS = ["00-a", "01-b", "02-c"]
PER_NB = {"00-a": {"answered_share": [1, 1, 0.5, 0.5]}, "01-b": {"answered_share": [0.25]},
          "02-c": {"answered_share": []}}
# Fifteen questions, all answered by 4 but q3 (by nobody); first tries as listed.
FIRST_TRIES = {"q1": 1, "q2": 2, "q3": 0, "q4": 4, "q5": 0, "q6": 1, "q7": 2, "q8": 3, "q9": 4,
               "q10": 0, "q11": 1, "q12": 2, "q13": 3, "q14": 4, "q15": 0}
# Eight exercises attempted by 4 (passed as listed), and one nobody attempted.
PASSED = {"ex-0": 0, "ex-1": 1, "ex-2": 2, "ex-3": 3, "ex-4": 4, "ex-5": 0, "ex-6": 1, "ex-7": 2}


def stats():
    per_q = {q: {"answered": 0 if q == "q3" else 4, "first_try": n}
             for q, n in FIRST_TRIES.items()}
    exercises = {k: {"attempted": 4, "passed": n} for k, n in PASSED.items()}
    exercises["never"] = {"attempted": 0, "passed": 0}
    return {"size": 4, "stems": STEMS, "per_nb": PER_NB, "per_q": per_q,
            "exercises": exercises}


@pytest.fixture
def drawn(tmp_path, monkeypatch):
    """The charts of stats(), with every figure made kept to be looked at."""
    made = []
    new_figure = plots.new_figure

    def keep(figsize=plots.FIGSIZE):
        fig, ax = new_figure(figsize)
        made.append((figsize, fig, ax))
        return fig, ax
    monkeypatch.setattr(plots, "new_figure", keep)
    charts = R._charts(stats(), tmp_path)
    return charts, made, tmp_path


BLUE, ORANGE, GREEN, BLACK = ((0.0, 0x72 / 255, 0xB2 / 255, 1.0), (0xE6 / 255, 0x9F / 255, 0.0, 1.0),
                              (0.0, 0x9E / 255, 0x73 / 255, 1.0), (0.0, 0.0, 0.0, 1.0))


def _close(a, b):
    return all(abs(x - y) < 1e-9 for x, y in zip(a, b, strict=True))


def test_the_completion_chart_by_hand(drawn):
    charts, made, out = drawn
    assert [c["file"] for c in charts] == ["completion.png", "first-try.png", "exercises.png"]
    assert charts[0]["alt"] == ("Bar chart of the share of each notebook's questions the class "
                                "answered: 00-a 75%, 01-b 6%, 02-c 0%.")
    assert charts[0]["caption"] == ("On average the class answered most in 00-a (75%) and "
                                    "least in 02-c (0%).")
    figsize, fig, ax = made[0]
    assert figsize == (7.0, 3.4)
    assert fig._suptitle.get_text() == "Questions answered, per notebook"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["00", "01", "02"]
    bars = ax.patches
    assert [b.get_height() for b in bars] == [75.0, 6.25, 0.0]
    for b in bars:
        assert _close(b.get_facecolor(), BLUE) and _close(b.get_edgecolor(), BLACK)
        assert b.get_hatch() == "//"
    assert [t.get_text() for t in ax.texts] == ["75%", "6%", "0%"]
    assert ax.get_ylim() == (0.0, 110.0)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Notebook", "Questions answered (%)")


def test_the_first_try_chart_by_hand(drawn):
    charts, made, out = drawn
    # rates: q1 25, q2 50, q4 100, q5 0, q6 25, q7 50, q8 75, q9 100, q10 0, q11 25, ...
    assert charts[1]["alt"] == ("Horizontal bar chart of the first-try rate of each answered "
                                "question; the lowest are question 5 (q5) 0%, question 10 (q10) "
                                "0%, question 15 (q15) 0%.")
    assert charts[1]["caption"] == ("The shortest bars are the questions to revisit in class: "
                                    "Q5 (0%), Q10 (0%), Q15 (0%). Question numbers are those of "
                                    "the table below.")
    figsize, fig, ax = made[1]
    assert figsize == (7.0, pytest.approx(0.16 * 14 + 1))          # 14 answered: 3.24
    assert fig._suptitle.get_text() == "First-try rate of each question"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Q1", "Q2", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q12", "Q13", "Q14", "Q15"]
    assert [b.get_width() for b in ax.patches] == [25, 50, 100, 0, 25, 50, 75, 100, 0, 25, 50,
                                                   75, 100, 0]
    assert all(_close(b.get_facecolor(), GREEN) for b in ax.patches)
    assert ax.yaxis_inverted() and ax.get_xlim() == (0.0, 100.0)
    assert ax.get_xlabel() == "Correct at the first try (% of those who answered)"
    assert ax.yaxis.get_major_ticks()[0].label1.get_fontsize() == 6    # 14 labels, small
    assert ax.xaxis.get_major_ticks()[0].label1.get_fontsize() == 10   # the axis's own size


def test_the_exercise_chart_by_hand(drawn):
    charts, made, out = drawn
    assert charts[2]["alt"] == ("Horizontal bar chart of the pass rate of each exercise: ex-0 "
                                "0%, ex-1 25%, ex-2 50%, ex-3 75%, ex-4 100%, ex-5 0%, ex-6 25%, "
                                "ex-7 50%.")
    figsize, fig, ax = made[2]
    assert figsize == (7.0, pytest.approx(0.3 * 8 + 1))            # 8 attempted: 3.4
    assert fig._suptitle.get_text() == "Exercise pass rates"
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"ex-{i}" for i in range(8)]
    assert [b.get_width() for b in ax.patches] == [0, 25, 50, 75, 100, 0, 25, 50]
    for b in ax.patches:
        assert _close(b.get_facecolor(), ORANGE) and _close(b.get_edgecolor(), BLACK)
    assert ax.yaxis_inverted() and ax.get_xlim() == (0.0, 100.0)
    assert ax.get_xlabel() == "Passed (% of learners who attempted)"


def test_the_charts_are_png_files_of_the_figures_size_without_a_software_tag(drawn):
    charts, made, out = drawn
    assert sorted(p.name for p in out.iterdir()) == ["completion.png", "exercises.png",
                                                     "first-try.png"]
    sizes = {}
    for name in ("completion.png", "first-try.png", "exercises.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"Software" not in data and b"atplotlib" not in data
        sizes[name] = struct.unpack(">II", data[16:24])        # width, height at 100 dpi
    assert sizes == {"completion.png": (700, 340), "first-try.png": (700, 324),
                     "exercises.png": (700, 340)}


def test_small_classes_get_the_least_height(tmp_path, monkeypatch):
    made = []
    new_figure = plots.new_figure
    monkeypatch.setattr(plots, "new_figure",
                        lambda figsize=plots.FIGSIZE: made.append(figsize) or new_figure(figsize))
    s = stats()
    s["per_q"] = {"q1": {"answered": 2, "first_try": 1}}
    s["exercises"] = {"ex": {"attempted": 2, "passed": 2}}
    charts = R._charts(s, tmp_path)
    assert made == [(7.0, 3.4), (7.0, 3.0), (7.0, 3.0)]
    assert charts[1]["alt"].endswith("the lowest are question 1 (q1) 50%.")
    assert charts[2]["alt"].endswith(": ex 100%.")


def test_no_answered_question_and_no_attempted_exercise_draw_one_chart(tmp_path):
    s = stats()
    s["per_q"] = {"q1": {"answered": 0, "first_try": 0}}
    s["exercises"] = {"ex": {"attempted": 0, "passed": 0}}
    assert [c["file"] for c in R._charts(s, tmp_path)] == ["completion.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["completion.png"]


def test_an_empty_class_draws_zero_bars(tmp_path):
    s = stats()
    s["size"] = 0
    charts = R._charts(s, tmp_path)
    assert charts[0]["alt"].endswith(": 00-a 0%, 01-b 0%, 02-c 0%.")
    assert charts[0]["caption"] == ("On average the class answered most in 02-c (0%) and least "
                                    "in 00-a (0%).")


# ---------------------------------------------------------------------------------------
# The page, from figures set by hand


def page_input(tmp_path):
    from collections import Counter
    from types import SimpleNamespace as NS
    q1 = NS(notebook="00-start", prompt="Which <one>?")
    q2 = NS(notebook="01-two", prompt="True?")
    stats = {
        "size": 3, "notebooks": [NS(title="Start <here>"), NS(title="Two & more")],
        "stems": ["00-start", "01-two"],
        "per_nb": {"00-start": {"questions": 2, "answered_share": [1.0, 1.0, 0.5], "complete": 2},
                   "01-two": {"questions": 0, "answered_share": [], "complete": 0}},
        "per_q": {"q-one": {"q": q1, "answered": 3, "first_try": 2, "hints": 4, "revealed": 1,
                            "wrong": Counter({"b<": 2, "a": 2, "c": 1, "d": 3})},
                  "q<two>": {"q": q2, "answered": 0, "first_try": 0, "hints": 0, "revealed": 0,
                             "wrong": Counter()}},
        "unknown_ids": ["u" * 81] + [f"gone-{i:02d}" for i in range(1, 20)] + ["never-shown"],
        "exercises": {"nb/ex-b": {"attempted": 3, "passed": 1, "hints": 5, "solutions": 2,
                                  "diagnoses": Counter({"d1": 2, "d" * 61: 3, "d3": 1, "d4": 1})},
                      "nb/ex<a>": {"attempted": 0, "passed": 0, "hints": 1, "solutions": 0,
                                   "diagnoses": Counter()}},
        "diagnoses": Counter({("x" * 81 if i == 0 else f"diag-{i:02d}"): 20 - i
                              for i in range(11)}),
        "reading": Counter({"1.2": 2, "0.1": 1}),
        "grades": [{"Student": "bo", "ID": "2", "00-start": "50.0", "01-two": ""},
                   {"Student": "Ada <", "ID": "=1", "00-start": "100.0", "01-two": ""},
                   {"Student": "Cy", "ID": "", "00-start": "0.0", "01-two": ""}]}
    loaded = R.Loaded(
        accepted=[R.Submission(tmp_path / "a.json", {"course_version": "0.2"}, "1"),
                  R.Submission(tmp_path / "b.json", {"course_version": "0.10<"}, "2"),
                  R.Submission(tmp_path / "c.json", {"course_version": "0.2"}, "3")],
        rejected=[(str(tmp_path / "sub" / "bad<1>.json"), "empty file"),
                  ("z.json", "not <UTF-8> text")])
    charts = [{"file": name, "title": f"T{i}", "alt": f"A{i}", "caption": f"C{i}"}
              for i, name in enumerate(["completion.png", "first-try.png", "exercises.png"])]
    return stats, loaded, charts


def fig(i, name):
    return (f'<figure><img src="{name}" alt="A{i}"><figcaption><strong>T{i}.</strong> C{i}'
            "</figcaption></figure>")


def table(caption, heads, rows):
    return (f"<table><caption>{caption}</caption><thead><tr>"
            + "".join(f'<th scope="col">{h}</th>' for h in heads) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(rows_cell for rows_cell in r) + "</tr>" for r in rows)
            + "</tbody></table>")


def td(x):
    return f"<td>{x}</td>"


def n(x):
    return f'<td class="n">{x}</td>'


def test_the_whole_page_by_hand(tmp_path):
    from closereading import __version__
    stats, loaded, charts = page_input(tmp_path)
    unknown = ", ".join(["<code>" + "u" * 80 + "</code>"]
                        + [f"<code>gone-{i:02d}</code>" for i in range(1, 20)])
    diag = [[td("x" * 80 if i == 0 else f"diag-{i:02d}"), n(20 - i)] for i in range(10)]
    body = [
        f"<h1>Class report</h1><p>Built by closereading {__version__} from <strong>3</strong> "
        "submissions (2 files left out, listed at the end).</p>",
        "<p>Course versions of the submissions: 0.10&lt; (1), 0.2 (2).</p>",
        "<h2>Completion per notebook</h2>",
        table("Questions answered, per notebook",
              ["Notebook", "Title", "Questions", "Answered (class mean)",
               "Learners who answered every question"],
              [[td("00-start"), td("Start &lt;here&gt;"), n(2), n("83%"), n("2 of 3")],
               [td("01-two"), td("Two &amp; more"), n(0), n("0%"), n("0 of 3")]]),
        fig(0, "completion.png"),
        "<h2>Questions</h2><p>First-try rate: of the learners who answered, the share correct at "
        "the first attempt without <em>Show answer</em>. Wrong answers chosen most: each "
        "learner counts once per wrong choice.</p>",
        fig(1, "first-try.png"),
        table("Each question", ["No.", "Notebook", "Question", "Answered", "First try",
                                "Hints / Show answer", "Wrong answers chosen most"],
              [[td("Q1"), td("00"), td("Which &lt;one&gt;?<br><small><code>q-one</code></small>"),
                n("3 of 3"), n("67%"), n("4 / 1"),
                td("\u201cd\u201d (3); \u201ca\u201d (2); \u201cb&lt;\u201d (2)")],
               [td("Q2"), td("01"), td("True?<br><small><code>q&lt;two&gt;</code></small>"),
                n("0 of 3"), n("n/a"), n("0 / 0"), td("none")]]),
        "<p>Questions in submissions that this course does not have (another version of the "
        f"course), left out of the table: {unknown}.</p>",
        "<h2>Exercises</h2>",
        fig(2, "exercises.png"),
        table("Each exercise", ["Exercise", "Attempted", "Passed", "Pass rate", "Hints shown",
                                "Solutions shown", "Diagnoses met most"],
              [[td("<code>nb/ex-b</code>"), n(3), n(1), n("33%"), n(5), n(2),
                td("d" * 60 + " (3), d1 (2), d3 (1)")],
               [td("<code>nb/ex&lt;a&gt;</code>"), n(0), n(0), n("n/a"), n(1), n(0), td("none")]]),
        table("Diagnoses met most, over every exercise", ["Diagnosis", "Learners"], diag),
        "<h2>Reading responses</h2>",
        table("Learners who wrote a response, per paragraph", ["Paragraph", "Learners"],
              [[td("0.1"), n(1)], [td("1.2"), n(2)]]),
        # (the learners' table, the pages and the sections on trust and what was hard
        # come with the learners' pages: test_report_pages.py)
        "<h2>Files left out</h2>",
        "<ul><li><code>bad&lt;1&gt;.json</code>: empty file</li><li><code>z.json</code>: not "
        "&lt;UTF-8&gt; text</li></ul>"]
    head = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>Class report</title><style>'
            + R._CSS + "</style></head><body><main>")
    assert R.render_html(stats, loaded, charts) == (
        head + "\n".join(body) + "</main></body></html>\n")
    # without the charts of questions and exercises, their places stay empty
    body.remove(fig(1, "first-try.png"))
    body.remove(fig(2, "exercises.png"))
    assert R.render_html(stats, loaded, charts[:1]) == (
        head + "\n".join(body) + "</main></body></html>\n")


# ---------------------------------------------------------------------------------------
# write_report


def test_a_report_written_twice_into_the_same_folder(tmp_path):
    """A teacher runs the report again into the folder of the last one: the folder is
    reused, the charts are drawn for a class of one, and the page shows them."""
    from test_report_mutants import first, right, submission, write
    q = first("single")
    write(tmp_path / "subs", "ada.json", submission(tmp_path, "Ada", "1", {q.id: right(q)}))
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        page, loaded = R.write_report([tmp_path / "subs"], out)
        assert page == out / "index.html" and [s.name for s in loaded.accepted] == ["Ada"]
    assert sorted(p.name for p in out.iterdir()) == ["capstone-scores.csv", "comments.csv", "completion.png",
                                                     "first-try.png", "grades.csv",
                                                     "heatmap.html", "index.html", "learners",
                                                     "paragraphs"]
    html = page.read_text(encoding="utf-8")
    assert html.count("<figure>") == 2
    assert '<figure><img src="completion.png" alt="Bar chart of the share' in html
    assert '<figure><img src="first-try.png" alt="Horizontal bar chart' in html


# ---------------------------------------------------------------------------------------
# What the run of the whole module left alive in reading and counting


def test_a_broken_file_ending_in_a_brace_and_a_line_break_is_not_called_truncated(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"a": 1,}\n  \n')
    assert R.read_one(path) == (None, "not valid JSON: Expecting property name enclosed in "
                                      "double quotes at line 1")


def _class_of(tmp_path, *subs):
    from test_report_mutants import write
    d = tmp_path / "subs"
    for i, sub in enumerate(subs):
        write(d, f"{i}.json", sub)
    return R.analyse(R.load([d]))


def test_the_unknown_questions_of_every_learner_are_listed(tmp_path):
    from test_report_mutants import right, submission
    from closereading import quiz
    q = quiz.load_banks()[0]
    subs = []
    for name, gone in (("Ada", "gone-a"), ("Bo", "gone-b")):
        sub = submission(tmp_path, name, "", {q.id: right(q)})
        known = sub["questions"]
        # the unknown question first: the known ones after it are still counted
        sub["questions"] = [{**known[0], "id": gone}] + known
        subs.append(sub)
    stats = _class_of(tmp_path, *subs)
    assert stats["unknown_ids"] == ["gone-a", "gone-b"]
    assert (stats["per_q"][q.id]["answered"], stats["per_q"][q.id]["correct"]) == (2, 2)


def test_a_submission_without_some_questions_counts_them_unanswered(tmp_path):
    """An export of an older version of the course may lack questions the bank has."""
    from test_report_mutants import right, submission
    from closereading import quiz
    bank = quiz.load_banks()
    qs = bank.for_notebook("00-start-here")
    sub = submission(tmp_path, "Ada", "", {qs[0].id: right(qs[0])})
    sub["questions"] = [e for e in sub["questions"] if e["id"] == qs[0].id]
    stats = _class_of(tmp_path, sub)
    assert stats["per_nb"]["00-start-here"]["answered_share"] == [1 / len(qs)]
    from test_report_mutants import _grades
    row = _grades(stats)["Ada"]
    assert row["00 quiz (%)"] == f"{100 / len(qs):.1f}"
    assert row["01 quiz (%)"] == ""   # 01 never opened: blank, not 0.0


def test_a_notebook_without_questions_has_an_empty_grade(tmp_path, monkeypatch):
    from test_report_mutants import right, submission
    from closereading import quiz
    real = quiz.load_banks()
    q = real.for_notebook("00-start-here")[0]
    sub = submission(tmp_path, "Ada", "", {q.id: right(q)})

    from closereading.quiz.bank import Bank
    from test_report_mutants import _grades
    monkeypatch.setattr(quiz, "load_banks",
                        lambda: Bank(x for x in real if not x.notebook.startswith("07")))
    sub["questions"][-1]["answered"] = True   # 07 opened, though it has no questions now
    stats = _class_of(tmp_path, sub)
    nb = stats["per_nb"]["07-context-and-readings"]
    assert nb == {"questions": 0, "answered_share": [], "complete": 0}
    row = _grades(stats)["Ada"]
    assert row["07 quiz (%)"] == "" and row["07 shown"] == ""
    assert row["00 quiz (%)"] == f"{100 / len(real.for_notebook('00-start-here')):.1f}"


def test_the_charts_keep_their_size_whatever_matplotlibs_settings(tmp_path):
    """The page's layout counts on 700-pixel-wide charts: a user's matplotlibrc with
    another resolution changes nothing."""
    import matplotlib
    with matplotlib.rc_context({"figure.dpi": 50, "savefig.dpi": 50}):
        R._charts(stats(), tmp_path)
    data = (tmp_path / "completion.png").read_bytes()
    assert struct.unpack(">II", data[16:24]) == (700, 340)


def test_a_course_without_notebooks_still_draws_its_completion_chart(tmp_path):
    s = stats()
    s.update(stems=[], per_nb={})
    charts = R._charts(s, tmp_path)
    assert charts[0]["alt"] == ("Bar chart of the share of each notebook's questions the class "
                                "answered: .")
    assert charts[0]["caption"] == "On average the class answered most in  (0%) and least in  (0%)."


def test_long_exercise_names_are_cut_in_the_chart_and_its_text(tmp_path, monkeypatch):
    made = []
    new_figure = plots.new_figure
    monkeypatch.setattr(plots, "new_figure",
                        lambda figsize=plots.FIGSIZE: made.append(new_figure(figsize)) or made[-1])
    s = stats()
    s["exercises"] = {"e" * 61: {"attempted": 2, "passed": 1}}
    charts = R._charts(s, tmp_path)
    assert charts[2]["alt"] == ("Horizontal bar chart of the pass rate of each exercise: "
                                + "e" * 59 + "\u2026 50%.")
    fig, ax = made[2]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["e" * 29 + "\u2026"]
