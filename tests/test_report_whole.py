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
    assert ax.yaxis.get_major_ticks()[0].label1.get_fontsize() == 6


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
