"""How long `make test` takes, and where the time goes: a benchmark command, not a test.

    make test-timing                      # the whole suite, as `make test` runs it
    make test-timing TIMING_ARGS="--label before"
    .venv/bin/python tests/suite_timing.py --help

It runs `make test` once with a JUnit XML report, and writes
``build/test-timing[-LABEL].json``:

* ``wall_s``: the suite's elapsed time, from the start of `make test` to its end;
* ``cpu_s``: the processor time (user + system) of `make test` and of every process it
  started and waited for: pytest's workers, the kernels, JupyterLab, JupyterHub, and
  those of Chromium's processes that its parent waits for. Divided by the number of
  cores it gives ``floor_s``: no schedule could finish this work in less;
* ``machine_busy_s``: the processor time the whole machine spent busy meanwhile (Linux
  /proc/stat; every process, ours and any other's). On a quiet machine it is the
  truer measure of the suite's work: ``cpu_s`` misses the processes nobody in the tree
  waits for (measured on 2 quiet cores: 536 s against 914 s, in a run of 479 s);
* ``load_before``: the load average just before the run (a busy machine makes every
  figure larger: compare runs made on a quiet machine);
* ``files``: the seconds each test file took, summed over its tests (setup, call and
  teardown; "worker seconds": with two workers, the wall time is about half their sum);
* ``slowest``: the 25 slowest tests.

The figures are reported, never asserted: a timed test would fail on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"


def read_junit(path: Path) -> dict:
    """Outcome counts, seconds per test file and every test's seconds, from a JUnit XML
    report written by pytest."""
    tree = ET.parse(path)
    files: dict[str, float] = defaultdict(float)
    tests = []
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for case in tree.iter("testcase"):
        seconds = float(case.get("time") or 0)
        file = case.get("file") or (case.get("classname") or "").replace(".", "/") + ".py"
        module = file.rsplit(".", 1)[0].replace("/", ".")
        cls = (case.get("classname") or "").removeprefix(module).strip(".")
        name = "::".join(filter(None, (file, cls, case.get("name"))))
        files[file] += seconds
        tests.append((name, seconds))
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
        counts[outcome] += 1
    tests.sort(key=lambda t: -t[1])
    return {"counts": counts,
            "files": dict(sorted(((f, round(s, 1)) for f, s in files.items()),
                                 key=lambda fs: -fs[1])),
            "tests": tests}


def machine_busy_seconds() -> float | None:
    """The processor time all the machine's cores have spent busy since boot (user, nice,
    system, irq, softirq, steal), from /proc/stat; None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run(label: str | None, make_args: list[str]) -> dict:
    BUILD.mkdir(exist_ok=True)
    suffix = f"-{label}" if label else ""
    junit = BUILD / f"test-timing{suffix}.xml"
    junit.unlink(missing_ok=True)
    pytest_args = f"--junitxml={junit} -o junit_family=xunit1 -q"
    cmd = ["make", "test", f"PYTEST_ARGS={pytest_args}", *make_args]
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = machine_busy_seconds()
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_after = machine_busy_seconds()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cores = os.cpu_count() or 1
    report = {"label": label, "command": " ".join(cmd), "exit_code": proc.returncode,
              "cores": cores, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
              "floor_s": round(cpu / cores, 1),
              "machine_busy_s": (round(busy_after - busy_before, 1)
                                 if busy_before is not None and busy_after is not None else None),
              "load_before": [round(x, 2) for x in load_before],
              "load_after": [round(x, 2) for x in os.getloadavg()]}
    if junit.exists():
        found = read_junit(junit)
        report.update(counts=found["counts"], files=found["files"],
                      slowest=[{"test": n, "s": round(s, 1)} for n, s in found["tests"][:25]],
                      worker_s=round(sum(s for _, s in found["tests"]), 1))
    out = BUILD / f"test-timing{suffix}.json"
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    report["written"] = str(out.relative_to(ROOT))
    return report


def table(report: dict) -> str:
    lines = [f"make test: exit {report['exit_code']}, {report['wall_s']:.0f} s elapsed, "
             f"{report['cpu_s']:.0f} s of processor time on {report['cores']} cores "
             f"(no schedule could finish in under {report['floor_s']:.0f} s); "
             f"load before {report['load_before'][0]:.2f}"
             + (f"; the machine was busy for {report['machine_busy_s']:.0f} s of processor time"
                if report.get("machine_busy_s") is not None else "")]
    if "counts" in report:
        lines.append("tests: " + ", ".join(f"{v} {k}" for k, v in report["counts"].items() if v)
                     + f"; {report['worker_s']:.0f} worker seconds")
        lines.append("worker seconds per file (the 15 largest):")
        for file, seconds in list(report["files"].items())[:15]:
            lines.append(f"  {seconds:7.1f}  {file}")
    lines.append(f"written to {report['written']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", help="written to build/test-timing-LABEL.json")
    parser.add_argument("make_args", nargs="*", help="more arguments for make")
    args = parser.parse_args(argv)
    report = run(args.label, args.make_args)
    print(table(report))
    return report["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
