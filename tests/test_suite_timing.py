"""tests/suite_timing.py (make test-timing) reads pytest's JUnit report right: seconds
summed per file, outcomes counted, the slowest first."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import suite_timing  # noqa: E402

REPORT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_a" file="tests/test_a.py" name="test_one" time="1.5"/>
<testcase classname="tests.test_a" file="tests/test_a.py" name="test_two" time="2.25">
 <failure message="no">x</failure></testcase>
<testcase classname="tests.test_b.TestB" file="tests/test_b.py" name="test_three" time="7.0">
 <skipped message="why"/></testcase>
<testcase classname="notebooks.01" file="notebooks/01.ipynb" name="Cell 0" time="0.5">
 <error message="e"/></testcase>
</testsuite></testsuites>"""


def test_seconds_per_file_outcomes_and_the_slowest_first(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(REPORT, encoding="utf-8")
    found = suite_timing.read_junit(path)
    assert found["counts"] == {"passed": 1, "failed": 1, "error": 1, "skipped": 1}
    assert found["files"] == {"tests/test_b.py": 7.0, "tests/test_a.py": 3.8,
                              "notebooks/01.ipynb": 0.5}
    assert list(found["files"]) == ["tests/test_b.py", "tests/test_a.py", "notebooks/01.ipynb"]
    assert found["tests"][0] == ("tests/test_b.py::TestB::test_three", 7.0)
    assert ("tests/test_a.py::test_one", 1.5) in found["tests"]
    assert [s for _, s in found["tests"]] == [7.0, 2.25, 1.5, 0.5]


def test_the_table_names_the_floor_and_the_largest_files():
    report = {"exit_code": 0, "wall_s": 300.4, "cpu_s": 500.0, "cores": 2, "floor_s": 250.0,
              "load_before": [0.5, 0.4, 0.3], "counts": {"passed": 10, "failed": 0},
              "worker_s": 550.0, "files": {"tests/test_b.py": 7.0}, "written": "build/x.json"}
    text = suite_timing.table(report)
    assert "300 s elapsed, 500 s of processor time on 2 cores" in text
    assert "under 250 s" in text and "10 passed;" in text and "failed" not in text
    assert "    7.0  tests/test_b.py" in text
    assert "busy" not in text
    report["machine_busy_s"] = 640.0
    assert "the machine was busy for 640 s of processor time" in suite_timing.table(report)


def test_the_machine_busy_time_grows_while_the_processor_works():
    import time
    first = suite_timing.machine_busy_seconds()
    if first is None:
        assert not Path("/proc/stat").exists()
        return
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    assert suite_timing.machine_busy_seconds() - first >= 0.2
