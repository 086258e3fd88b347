"""Semantic mutants: hand-written bugs of the kinds mutmut does not plant, each run
against the tests that should catch it.

    .venv/bin/python tools/semantic_mutants.py                 # every mutant
    .venv/bin/python tools/semantic_mutants.py report-id-escape discussion-late-binding
    .venv/bin/python tools/semantic_mutants.py --check         # the list only, no run

The mutants are data, in ``tests/semantic_mutants.yml``: a list of entries, each with

    id:    a short name, unique
    file:  a path in the repository (src/closereading/...)
    old:   text that occurs exactly once in that file
    new:   what replaces it (the bug)
    tests: pytest node ids or test files that should fail with the bug in place
    why:   the bug in a sentence: what a learner or teacher would suffer

mutmut changes operators and constants; these remove an escape or a CSV neutralisation,
bind a callback late in a loop, move a size cap by one, drop a record when cleaning,
skip a check, write a file in place instead of atomically, and so on.

The run never touches the working tree: the repository (without ``.git``, ``.venv``,
``build``) is copied once into a temporary folder, the package is imported from that
copy (``PYTHONPATH``; checked before anything runs), and each mutant is applied there,
its tests run, and the file put back before the next. The named tests are first run
together on the unmutated copy, which must pass: a mutant counts as killed only when
tests that pass without it fail with it. Results go to ``build/semantic-mutants.json``:

    {"total": 34, "killed": 34, "survived": 0, "errors": 0, "seconds": 412.0,
     "mutants": [{"id": ..., "file": ..., "status": "killed", "seconds": 9.1,
                  "tests": [...], "failed": "tests/test_x.py::test_y"}, ...]}

A mutant survives when its tests all pass; ``error`` means its tests could not run
(pytest exit 2 to 5: none collected, a usage error). Each survivor is either caught by a
new test or explained in ``tests/MUTANTS.md``. A run of some mutants (their ids given)
updates their rows in the file and keeps the others' earlier results; a mutant of the
table never run is listed under ``not_run`` and is not counted as killed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "semantic_mutants.yml"
RESULT = ROOT / "build" / "semantic-mutants.json"
FIELDS = ("id", "file", "old", "new", "tests", "why")
SKIPPED = (".git", ".venv", "build", "__pycache__", ".pytest_cache", ".hypothesis",
           "node_modules", "*.egg-info", ".ipynb_checkpoints")
TIMEOUT = 600       # seconds for one mutant's tests; longer counts as killed (a hang)
# plain pytest: no notebook (nbval), no cache folder in the copy; stop at the first failure
PYTEST = ["-p", "no:cacheprovider", "-q", "-x", "-o", "addopts=-ra --strict-markers"]


class TableError(Exception):
    """A problem with tests/semantic_mutants.yml, naming the entry and field."""


def load(path: Path = TABLE, root: Path = ROOT) -> list[dict]:
    """The mutants of the table, checked: every field present, ids unique, the file
    present, ``old`` found exactly once in it, ``new`` different, the tests' files
    present. Raises :class:`TableError` naming the file, entry and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TableError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, list):
        raise TableError(f"{path}: a list of mutants is expected")
    seen = set()
    for n, entry in enumerate(data, 1):
        where = f"{path.name}, entry {n}"
        if not isinstance(entry, dict):
            raise TableError(f"{where}: a mapping is expected")
        if isinstance(entry.get("id"), str):
            where = f"{path.name}, entry {n} ({entry['id']})"
        for name in FIELDS:
            value = entry.get(name)
            if name == "tests":
                if not (isinstance(value, list) and value
                        and all(isinstance(t, str) and t for t in value)):
                    raise TableError(f"{where}, field 'tests': a non-empty list of "
                                     "test files or node ids is expected")
            elif not (isinstance(value, str) and value):
                raise TableError(f"{where}, field {name!r}: a non-empty text is expected")
        extra = set(entry) - set(FIELDS)
        if extra:
            raise TableError(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
        if entry["id"] in seen:
            raise TableError(f"{where}, field 'id': {entry['id']!r} is used twice")
        seen.add(entry["id"])
        target = root / entry["file"]
        if not target.is_file():
            raise TableError(f"{where}, field 'file': no file {entry['file']}")
        found = target.read_text(encoding="utf-8").count(entry["old"])
        if found != 1:
            raise TableError(f"{where}, field 'old': found {found} times in {entry['file']} "
                             "(exactly once is needed)")
        if entry["new"] == entry["old"]:
            raise TableError(f"{where}, field 'new': the same as 'old'")
        for test in entry["tests"]:
            file = test.split("::", 1)[0]
            if not (root / file).is_file():
                raise TableError(f"{where}, field 'tests': no test file {file}")
    return data


def copy_tree(target: Path) -> Path:
    """A copy of the repository's files (not .git, .venv, build, caches) in ``target``."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*SKIPPED), symlinks=True)
    return target


def environment(copy: Path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONNOUSERSITE="1",
               PYTHONDONTWRITEBYTECODE="1", CLOSEREADING_MUTATION="1",
               MPLCONFIGDIR=str(ROOT / ".venv" / "mplconfig"))
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src")]
                                        + [p for p in [os.environ.get("PYTHONPATH")] if p])
    return env


def imported_from(copy: Path, env: dict) -> Path:
    """Where the package is imported from in the copy (must be the copy's own src)."""
    done = subprocess.run([sys.executable, "-c", "import closereading; print(closereading.__file__)"],
                          cwd=copy, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"semantic mutants: the package does not import in the copy:\n"
                         f"{done.stderr[-2000:]}")
    return Path(done.stdout.strip()).resolve()


def run_tests(copy: Path, env: dict, tests: list[str], timeout: int = TIMEOUT) -> tuple[str, str]:
    """(status, detail) of one pytest run in the copy: passed, failed, timeout or error."""
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", *PYTEST, *tests], cwd=copy,
                              env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", f"over {timeout} s"
    out = done.stdout + done.stderr
    if done.returncode == 0:
        return "passed", ""
    if done.returncode == 1:
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", out, re.M)
        return "failed", failed[0] if failed else out[-500:]
    return "error", f"pytest exit {done.returncode}: {out[-1500:]}"


def run(mutants: list[dict], *, log=print) -> dict:
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix="semantic-mutants-") as tmp:
        copy = copy_tree(Path(tmp) / "tree")
        env = environment(copy)
        where = imported_from(copy, env)
        if copy.resolve() not in where.parents:
            raise SystemExit(f"semantic mutants: the package is imported from {where}, not "
                             f"from the copy {copy}: the mutants would not be tested")
        union = list(dict.fromkeys(t for m in mutants for t in m["tests"]))
        log(f"semantic mutants: {len(mutants)}, the unmutated copy first "
            f"({len(union)} test selections) ...")
        status, detail = run_tests(copy, env, union, timeout=TIMEOUT * 3)
        if status != "passed":
            raise SystemExit(f"semantic mutants: the named tests do not pass without any "
                             f"mutant ({status}): {detail}")
        baseline = round(time.monotonic() - started, 1)
        for m in mutants:
            path = copy / m["file"]
            original = path.read_bytes()
            text = original.decode("utf-8")
            t0 = time.monotonic()
            try:
                path.write_text(text.replace(m["old"], m["new"], 1), encoding="utf-8")
                status, detail = run_tests(copy, env, m["tests"])
            finally:
                path.write_bytes(original)
            verdict = {"failed": "killed", "timeout": "killed", "passed": "survived"}.get(
                status, "error")
            row = {"id": m["id"], "file": m["file"], "status": verdict,
                   "seconds": round(time.monotonic() - t0, 1), "tests": m["tests"]}
            if verdict == "killed":
                row["failed"] = detail
            elif verdict == "error":
                row["detail"] = detail
            results.append(row)
            log(f"  {verdict:<8} {m['id']} ({row['seconds']:.0f} s)"
                + (f": {detail[:300]}" if verdict == "error" else ""))
    counts = {s: sum(r["status"] == s for r in results) for s in ("killed", "survived", "error")}
    return {"total": len(results), **counts, "baseline_seconds": baseline,
            "seconds": round(time.monotonic() - started, 1), "mutants": results}


def summary_line(result: dict) -> str:
    last = result.get("last_run")
    took = (f"the {len(last['ids'])} run now in {last['seconds']:.0f} s, the others as "
            "last run" if last else f"{result['seconds']:.0f} s")
    line = (f"semantic mutants: {result['killed']} killed of {result['total']}"
            f" ({result['survived']} survived, {result['errors']} errors"
            + (f", {len(result['not_run'])} not run" if result.get("not_run") else "")
            + f"; {took})")
    survivors = [r["id"] for r in result["mutants"] if r["status"] != "killed"]
    return line + (f"; not killed: {', '.join(survivors)}" if survivors else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="tools/semantic_mutants.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("ids", nargs="*", metavar="ID", help="run these mutants only")
    parser.add_argument("--check", action="store_true",
                        help="check the table only (each old text found once), run nothing")
    args = parser.parse_args(argv)
    try:
        mutants = load()
    except TableError as exc:
        print(f"semantic mutants: {exc}", file=sys.stderr)
        return 2
    if args.check:
        print(f"semantic mutants: {len(mutants)} entries, each old text found once")
        return 0
    unknown = [i for i in args.ids if i not in {m["id"] for m in mutants}]
    if unknown:
        parser.error(f"not in {TABLE.relative_to(ROOT)}: {', '.join(unknown)}")
    chosen = [m for m in mutants if not args.ids or m["id"] in args.ids]
    result = run(chosen)
    result["errors"] = result.pop("error")
    status = 0 if result["killed"] == result["total"] else 1   # of the mutants run now
    if args.ids:
        print(summary_line(result))
        earlier = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.is_file() else {}
        result = merge(earlier, result, [m["id"] for m in mutants])
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(summary_line(result))
    print(f"written: {RESULT.relative_to(ROOT)}")
    return status


def merge(earlier: dict, new: dict, ids: list[str]) -> dict:
    """The results of a run of some mutants put into the earlier results: each mutant of
    the table with its latest result; those never run count as not run (not killed)."""
    rows = {r["id"]: r for r in earlier.get("mutants", [])}
    rows.update({r["id"]: r for r in new["mutants"]})
    ordered = [rows[i] for i in ids if i in rows]
    counts = {s: sum(r["status"] == s for r in ordered) for s in ("killed", "survived")}
    return {"total": len(ids), **counts,
            "errors": sum(r["status"] == "error" for r in ordered),
            "not_run": [i for i in ids if i not in rows],
            "seconds": earlier.get("seconds", 0.0),
            "last_run": {"ids": [r["id"] for r in new["mutants"]], "seconds": new["seconds"]},
            "mutants": ordered}


if __name__ == "__main__":
    sys.exit(main())
