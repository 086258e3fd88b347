"""The semantic mutants of tests/semantic_mutants.yml stay valid as the code changes: each
old text is found exactly once in its file, each named test file exists, and every module
that renders learner input or writes a file has at least one mutant. (Running them is
`make semantic-mutants`, too slow for make test.)"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("semantic_mutants",
                                              ROOT / "tools" / "semantic_mutants.py")
SM = importlib.util.module_from_spec(spec)
spec.loader.exec_module(SM)

MUTANTS = SM.load()
COVERED = ("report.py", "report_pages.py", "grades.py", "submission.py", "quiz/progress.py",
           "quiz/widgets.py", "reading_widgets.py", "reading.py", "editions.py", "feedback.py",
           "capstone.py", "capstone_widgets.py", "hub.py", "html.py", "timing.py", "context.py",
           "identity.py", "exercises.py")


def test_there_are_at_least_30_with_unique_ids():
    assert len(MUTANTS) >= 30
    assert len({m["id"] for m in MUTANTS}) == len(MUTANTS)


@pytest.mark.parametrize("m", MUTANTS, ids=lambda m: m["id"])
def test_each_old_text_is_found_once_and_the_mutant_compiles(m):
    text = (ROOT / m["file"]).read_text(encoding="utf-8")
    assert text.count(m["old"]) == 1
    compile(text.replace(m["old"], m["new"]), m["file"], "exec")
    for test in m["tests"]:
        assert (ROOT / test.split("::")[0]).is_file(), test


def test_every_module_that_renders_learner_input_or_writes_a_file_has_one():
    files = {m["file"].removeprefix("src/closereading/") for m in MUTANTS}
    assert set(COVERED) <= files, set(COVERED) - files


def test_a_stale_entry_is_named_with_its_field(tmp_path):
    (tmp_path / "x.py").write_text("a = 1\na = 1\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("", encoding="utf-8")
    table = tmp_path / "m.yml"
    table.write_text("- {id: twice, file: x.py, old: 'a = 1', new: 'a = 2', "
                     "tests: [tests/test_x.py], why: a test}\n", encoding="utf-8")
    with pytest.raises(SM.TableError, match=r"m.yml, entry 1 \(twice\), field 'old': "
                                            r"found 2 times in x\.py"):
        SM.load(table, tmp_path)
    table.write_text("- {id: gone, file: x.py, old: 'b = 1', new: 'b = 2', "
                     "tests: [tests/test_x.py], why: a test}\n", encoding="utf-8")
    with pytest.raises(SM.TableError, match="field 'old': found 0 times"):
        SM.load(table, tmp_path)
    table.write_text("- {id: t, file: x.py, old: \"a = 1\\na\", new: 'b', tests: "
                     "[tests/test_y.py], why: w}\n", encoding="utf-8")
    with pytest.raises(SM.TableError, match="field 'tests': no test file tests/test_y.py"):
        SM.load(table, tmp_path)
    table.write_text("- {id: t, file: x.py, old: \"a = 1\\na\", new: 'b', tests: "
                     "[tests/test_x.py]}\n", encoding="utf-8")
    with pytest.raises(SM.TableError, match=r"entry 1 \(t\), field 'why'"):
        SM.load(table, tmp_path)


def test_make_runs_them_with_mutmut_and_alone():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "semantic-mutants:" in makefile and "tools/semantic_mutants.py" in makefile
    assert "SEMANTIC" in makefile


def test_a_run_of_some_mutants_updates_their_rows_and_keeps_the_others():
    earlier = {"seconds": 400.0, "mutants": [
        {"id": "a", "status": "killed"}, {"id": "b", "status": "survived"},
        {"id": "gone", "status": "killed"}]}
    new = {"seconds": 9.0, "mutants": [{"id": "b", "status": "killed"}]}
    merged = SM.merge(earlier, new, ["a", "b", "c"])
    assert [r["id"] for r in merged["mutants"]] == ["a", "b"]
    assert (merged["total"], merged["killed"], merged["survived"], merged["errors"]) == (3, 2, 0, 0)
    assert merged["not_run"] == ["c"] and merged["seconds"] == 400.0
    assert SM.summary_line(merged) == ("semantic mutants: 2 killed of 3 (0 survived, 0 errors, "
                                       "1 not run; the 1 run now in 9 s, the others as last "
                                       "run)")
    whole = {"total": 2, "killed": 2, "survived": 0, "errors": 0, "seconds": 412.4,
             "mutants": [{"id": "a", "status": "killed"}, {"id": "b", "status": "killed"}]}
    assert SM.summary_line(whole) == ("semantic mutants: 2 killed of 2 (0 survived, 0 errors; "
                                      "412 s)")
