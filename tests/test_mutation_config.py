"""`make mutation`'s set-up: mutmut pinned in its own requirements file, and the table of
modules in tests/mutation.toml naming real modules and fast test files (issue 14)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^[A-Za-z0-9._-]+==[0-9][A-Za-z0-9.]*$")


def test_mutmut_is_pinned_in_its_own_requirements_file():
    lines = [raw.split("#", 1)[0].strip()
             for raw in (ROOT / "requirements-mutation.txt").read_text().splitlines()]
    lines = [x for x in lines if x]
    assert "-r requirements.txt" in lines
    pins = [x for x in lines if not x.startswith("-r ")]
    assert pins and all(PIN.match(x) for x in pins)
    assert any(x.startswith("mutmut==") for x in pins)
    assert "mutmut" not in (ROOT / "requirements.txt").read_text()


def test_every_module_of_the_table_exists_with_fast_test_files():
    table = tomllib.loads((ROOT / "tests" / "mutation.toml").read_text())["modules"]
    assert {"quiz/model.py", "quiz/progress.py", "quiz/render.py", "quiz/widgets.py",
            "stats.py", "exercises.py", "editions.py", "cli.py"} <= set(table)
    for module, tests in table.items():
        assert (ROOT / "src" / "closereading" / module).is_file(), module
        assert tests, module
        for test in (t for t in tests if t.endswith(".py")):
            assert (ROOT / test).is_file(), (module, test)
            assert test.startswith("tests/test_") and test.endswith(".py"), (module, test)
            assert "browser" not in test, (module, test)


def test_the_makefile_runs_the_driver():
    makefile = (ROOT / "Makefile").read_text()
    assert "mutation: $(MUTATION_NEEDS)" in makefile
    assert "MUTATION_NEEDS := $(if $(filter only,$(SEMANTIC)),$(STAMP),$(MUTATION_STAMP))" in makefile
    assert "tests/mutation.py" in makefile and "requirements-mutation.txt" in makefile


def test_report_keeps_a_score_whose_results_are_missing(tmp_path, monkeypatch, capsys):
    """`tests/mutation.py --report` with mutmut's results for a module gone (a cleaned or
    interrupted run): one line says so and the module's earlier score stays, no traceback."""
    import importlib.util
    import json
    spec = importlib.util.spec_from_file_location("mutation_driver",
                                                  ROOT / "tests" / "mutation.py")
    driver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(driver)
    monkeypatch.setattr(driver, "ROOT", tmp_path)
    monkeypatch.setattr(driver, "BUILD", tmp_path / "build" / "mutation")
    monkeypatch.setattr(driver, "RESULT", tmp_path / "build" / "mutation.json")
    (tmp_path / "build" / "mutation" / driver.slug("html.py") / "mutants").mkdir(parents=True)
    earlier = {"killed": 9, "timeout": 0, "survived": 1, "no_tests": 0, "suspicious": 0,
               "not_checked": 0, "total": 10, "score": 0.9, "survivors": ["x"], "seconds": 1.0}
    driver.RESULT.write_text(json.dumps({"html.py": earlier}), encoding="utf-8")
    assert driver.main(["--report", "html.py"]) == 0
    out = capsys.readouterr().out
    assert "html.py: mutmut's results" in out and "missing" in out
    assert json.loads(driver.RESULT.read_text(encoding="utf-8"))["html.py"] == earlier


def test_a_whole_run_after_a_restricted_one_is_not_called_restricted(tmp_path, monkeypatch):
    """`make mutation MODULES=x` after `--only PATTERN`: the new score is the whole
    module's and build/mutation.json must not say "only PATTERN"; a re-run of the
    restricted run's survivors (--survivors) still counts the restricted mutants only."""
    import importlib.util
    import subprocess
    spec = importlib.util.spec_from_file_location("mutation_driver",
                                                  ROOT / "tests" / "mutation.py")
    driver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(driver)
    monkeypatch.setattr(driver, "prepare", lambda module, tests: tmp_path)
    monkeypatch.setattr(driver.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 0))
    monkeypatch.setattr(driver, "score", lambda *a, **k: {"score": 1.0})
    restricted = {"restricted_to": ["*.x_to_html__mutmut_*"], "survivors": ["m1"]}
    whole = driver.run("editions.py", ["tests/test_editions.py"], 2, before=restricted)
    assert "restricted_to" not in whole
    again = driver.run("editions.py", ["tests/test_editions.py"], 2, only=["m1"],
                       before=restricted)
    assert again["restricted_to"] == ["*.x_to_html__mutmut_*"]
    narrowed = driver.run("editions.py", ["tests/test_editions.py"], 2,
                          patterns=["*.x_f*"])
    assert narrowed["restricted_to"] == ["*.x_f*"]
