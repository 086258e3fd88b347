"""Build steps: re-execute the notebooks in place, and the editions made from them.

    python -m closereading.build notebooks [NAME ...]   (make notebooks)

Notebooks are executed in a fresh kernel each, with a fixed environment: an empty,
temporary progress file (so no learner's progress leaks in), ``PYTHONHASHSEED=0`` and the
student edition. What is written back is deterministic: no saved widget state, no
timings, no interpreter version; only the outputs change when the code or the materials
change, which is what nbval then checks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Re-exported: running a notebook lives in closereading.execution, which the editions
# import too, so that build and editions do not import each other.
from closereading.execution import (  # noqa: F401
    KERNEL, TIMEOUT, course_environment, execute, normalize, notebook_client)
from closereading.paths import build_dir, notebooks_dir


def notebook_paths(names=()) -> list[Path]:
    paths = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
    if names:
        wanted = [n.removesuffix(".ipynb") for n in names]
        paths = [p for p in paths if any(p.stem == w or p.stem.startswith(w + "-") for w in wanted)]
        if not paths:
            raise SystemExit(f"no notebook matches {', '.join(names)}")
    return paths


def cmd_notebooks(names) -> int:
    import nbformat
    for path in notebook_paths(names):
        print(f"executing {path.name} ...", flush=True)
        nb = execute(path)
        nbformat.write(nb, path)
    return 0


def cmd_answer_key(names) -> int:
    from closereading.quiz.answer_key import write_answer_key
    path = write_answer_key(build_dir() / "answer-key.html")
    print(f"wrote {path}")
    return 0


def cmd_teacher(names) -> int:
    from closereading.editions import build_teacher
    return build_teacher(notebook_paths(names), build_dir() / "teacher")


def cmd_handouts(names) -> int:
    from closereading.editions import build_handouts
    return build_handouts(notebook_paths(names), build_dir() / "handouts")


COMMANDS = {
    "notebooks": (cmd_notebooks, "re-execute notebooks in place (deterministic outputs)"),
    "answer-key": (cmd_answer_key, "write build/answer-key.html: every question with its answer"),
    "teacher": (cmd_teacher, "build the teacher edition in build/teacher/"),
    "handouts": (cmd_handouts, "build the student handouts in build/handouts/"),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m closereading.build",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        p.add_argument("names", nargs="*", help="notebook names or number prefixes (default: all)")
    args = parser.parse_args(argv)
    build_dir().mkdir(exist_ok=True)
    return COMMANDS[args.command][0](args.names)


if __name__ == "__main__":
    sys.exit(main())
