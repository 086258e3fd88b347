"""`make mutation`: mutation testing of the core with mutmut, one module at a time.

    .venv/bin/python tests/mutation.py                    # every module of the table
    .venv/bin/python tests/mutation.py quiz/model.py cli.py --max-children 1

The modules and the tests that cover each are the table ``[modules]`` in
``tests/mutation.toml``: one line per module, ``"MODULE" = ["TEST FILE", ...]`` (MODULE is a
path under ``src/closereading/``). Adding a module is adding one line there. Entries
that are not ``.py`` files are passed to pytest as they are (``"-k", "not executed"``
leaves out the tests that start a kernel).

For each module, mutmut runs in a folder of its own, ``build/mutation/<module>/``, which
holds links to ``src``, ``tests``, ``materials`` and ``conftest.py`` and a copy of
``pyproject.toml`` with a ``[tool.mutmut]`` section that mutates that module only and runs
only its test files (plain pytest: no notebook, no browser). mutmut keeps its results
there, so a second run only re-tests what changed. The score of each module goes to
``build/mutation.json``:

    {"quiz/model.py": {"killed": 190, "survived": 6, "timeout": 1, "no_tests": 0,
                        "suspicious": 0, "total": 197, "score": 0.97,
                        "survivors": ["closereading.quiz.model.x_grade__mutmut_3", ...]}}

``score`` is (killed + timeout) / total: a mutant that makes the tests hang is caught.
Mutants that no selected test reaches ("no tests") count as survivors. Every survivor
left is explained in ``tests/MUTANTS.md``; ``.venv/bin/mutmut show NAME`` (run in the
module's folder) shows its change.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "mutation"
RESULT = ROOT / "build" / "mutation.json"
LINKED = ("src", "tests", "materials", "notebooks", "conftest.py")
TARGET = 0.90
TABLE = ROOT / "tests" / "mutation.toml"


def modules() -> dict[str, list[str]]:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    return data["modules"]


def slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _toml_list(values) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(module: str, tests: list[str]) -> Path:
    """The module's own mutmut folder, with its configuration."""
    work = BUILD / slug(module)
    work.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = work / name
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link) if link.is_dir() else link.unlink()
            link.symlink_to(ROOT / name)
    missing = [t for t in tests if t.endswith(".py") and not (ROOT / t).is_file()]
    if missing:
        raise SystemExit(f"tests/mutation.toml, [modules] {module!r}: no test "
                         f"file {', '.join(missing)}")
    if not (ROOT / "src" / "closereading" / module).is_file():
        raise SystemExit(f"tests/mutation.toml, [modules]: no module "
                         f"src/closereading/{module}")
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = "\n".join([
        "", "[tool.mutmut]",
        'source_paths = ["src"]',
        f'only_mutate = ["src/closereading/{module}"]',
        f"pytest_add_cli_args_test_selection = {_toml_list(tests)}",
        # no notebook (nbval), no cache folder in the repository; quiet
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", '
        '"-o", "addopts=-ra --strict-markers"]',
        'also_copy = ["materials", "notebooks", "conftest.py"]',
        "use_git_change_detection = false",
        "",
    ])
    text = project + config
    target = work / "pyproject.toml"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return work


def run(module: str, tests: list[str], max_children: int, only: list[str] = (),
        before: dict | None = None, patterns: list[str] = ()) -> dict:
    """Run mutmut on one module (only the mutants named in ``only``, if any: the
    survivors of ``before``, the previous result; or only those whose names match one
    of ``patterns``, for a module too slow to run whole)."""
    work = prepare(module, tests)
    mutmut = Path(sys.executable).with_name("mutmut")
    # CLOSEREADING_MUTATION: the property tests (hypothesis) try fewer, fixed examples
    # for each mutant (tests/test_stats_properties.py); `make test` keeps them all.
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONNOUSERSITE="1", CLOSEREADING_MUTATION="1")
    started = time.monotonic()
    with open(work / "run.log", "w", encoding="utf-8") as log:
        done = subprocess.run([str(mutmut), "run", "--max-children", str(max_children),
                               *(only or patterns)], cwd=work, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        tail = (work / "run.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"mutmut failed on {module} (exit {done.returncode}); the end of "
                         f"{work / 'run.log'}:\n{tail}")
    result = score(work, module, only, before, patterns)
    # A restricted run counts its mutants only; so does a re-run of its survivors. A
    # whole run of the module, after a restricted one, counts the whole module again.
    if patterns or (only and (before or {}).get("restricted_to")):
        result["restricted_to"] = list(patterns or before["restricted_to"])
    result["seconds"] = round(seconds, 1)
    result["tests"] = tests
    return result


def score(work: Path, module: str, only=(), before: dict | None = None,
          patterns=()) -> dict:
    """The counts of mutmut's last run on a module. With ``only`` (a run of the last
    survivors), the other mutants keep their earlier status (killed or timeout). With
    ``patterns``, only the mutants whose names match one of them count."""
    from mutmut.stats import status_by_exit_code
    meta = work / "mutants" / "src" / "closereading" / (module + ".meta")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    if only:
        codes = {name: code for name, code in codes.items() if name in set(only)}
    elif patterns:
        codes = {name: code for name, code in codes.items()
                 if any(fnmatch.fnmatchcase(name, p) for p in patterns)}
    counts = {"killed": 0, "survived": 0, "timeout": 0, "no_tests": 0, "suspicious": 0,
              "not_checked": 0}
    survivors = []
    for name, code in sorted(codes.items()):
        status = status_by_exit_code[code]
        if status in ("killed", "caught by type check", "segfault"):
            counts["killed"] += 1
            continue
        if status == "timeout":
            counts["timeout"] += 1
            continue
        key = {"survived": "survived", "no tests": "no_tests",
               "not checked": "not_checked"}.get(status, "suspicious")
        counts[key] += 1
        survivors.append(name)
    if only and before:
        counts["killed"] += before["killed"]
        counts["timeout"] += before["timeout"]
    total = before["total"] if only and before else len(codes)
    counts["total"] = total
    counts["score"] = round((counts["killed"] + counts["timeout"]) / total, 4) if total else 1.0
    counts["survivors"] = survivors
    return counts


def _save(module: str, result: dict) -> None:
    """Write one module's result into build/mutation.json, keeping the others (read
    afresh: another run may have written since)."""
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.exists() else {}
    results[module] = result
    RESULT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    table = modules()
    parser = argparse.ArgumentParser(prog="tests/mutation.py", description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"modules to run (default: all): {', '.join(table)}")
    parser.add_argument("--max-children", type=int, default=2,
                        help="mutants tested at once (default 2)")
    parser.add_argument("--report", action="store_true",
                        help="run nothing: write build/mutation.json again from the results "
                             "mutmut keeps in build/mutation/")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the mutants that survived the last run (after "
                             "adding tests: killed mutants stay killed)")
    parser.add_argument("--only", action="append", default=[], metavar="PATTERN",
                        help="mutate only the mutants whose names match PATTERN (a glob, "
                             "e.g. '*.x_*' for the module-level functions; repeatable): for "
                             "a module too slow to run whole; the score counts these only "
                             "and build/mutation.json says so (restricted_to)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in table]
    if unknown:
        parser.error(f"not in tests/mutation.toml: {', '.join(unknown)}")
    chosen = args.modules or list(table)
    results = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.exists() else {}
    results = {m: r for m, r in results.items() if m in table}
    for module in chosen:
        if args.report:
            work = BUILD / slug(module)
            meta = work / "mutants" / "src" / "closereading" / (module + ".meta")
            if (work / "mutants").is_dir() and not meta.is_file():
                print(f"mutation: {module}: mutmut's results ({meta.relative_to(ROOT)}) are "
                      "missing; its earlier score is kept", flush=True)
            elif (work / "mutants").is_dir():
                old = results.get(module, {})
                results[module] = score(work, module, patterns=old.get("restricted_to", ()))
                results[module].update({k: old[k] for k in ("seconds", "tests", "restricted_to")
                                        if k in old})
            continue
        print(f"mutation: {module} ({len(table[module])} test files) ...", flush=True)
        before = results.get(module)
        only = before["survivors"] if args.survivors and before else []
        if args.survivors and before and not only:
            continue
        results[module] = run(module, table[module], args.max_children, only, before,
                              args.only)
        r = results[module]
        print(f"  {r['killed']} killed, {r['timeout']} timeout, {r['survived']} survived, "
              f"{r['no_tests']} without tests, of {r['total']}: {r['score']:.1%} "
              f"({r['seconds']:.0f} s)", flush=True)
        _save(module, results[module])
    if args.report:
        RESULT.parent.mkdir(parents=True, exist_ok=True)
        RESULT.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    results = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.exists() else {}
    print(f"\n{'module':<24} {'killed':>7} {'timeout':>7} {'survived':>8} {'total':>6}  score")
    below = []
    for module, r in results.items():
        flag = "" if r["score"] >= TARGET else "  < 90%"
        if flag:
            below.append(module)
        print(f"{module:<24} {r['killed']:>7} {r['timeout']:>7} "
              f"{r['survived'] + r['no_tests'] + r['suspicious'] + r['not_checked']:>8} "
              f"{r['total']:>6}  {r['score']:.1%}{flag}"
              + (f"  (only {', '.join(r['restricted_to'])})" if r.get("restricted_to") else ""))
    print(f"\nwritten: {RESULT.relative_to(ROOT)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
