"""Build steps: re-execute the notebooks in place, and the editions made from them.

    python -m closereading.build notebooks [NAME ...]   (make notebooks)
    python -m closereading.build wheel                  (make wheel: build/dist/*.whl)
    python -m closereading.build guide                  (make guide: build/guide/)

Notebooks are executed in a fresh kernel each, with a fixed environment: an empty,
temporary progress file (so no learner's progress leaks in), ``PYTHONHASHSEED=0`` and the
student edition. What is written back is deterministic: no saved widget state, no
timings, no interpreter version; only the outputs change when the code or the materials
change, which is what nbval then checks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
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


def build_wheel(out_dir: Path) -> Path:
    """Build the course's wheel (with its materials packaged, see ``setup.py``) into
    ``out_dir`` and return its path. The build runs on a copy of the repository's files
    in a temporary folder, so it leaves nothing behind in the repository (no
    ``build/lib``, no ``*.egg-info``), and offline: no build isolation, the setuptools of
    the running environment."""
    import shutil
    import subprocess
    from closereading.paths import repo_root
    root = repo_root()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "_materials",
                                    ".ipynb_checkpoints")
    with tempfile.TemporaryDirectory(prefix="closereading-wheel-") as tmp:
        tree = Path(tmp) / "src-tree"
        tree.mkdir()
        for item in root.iterdir():
            if item.is_file() and not item.name.startswith("."):
                shutil.copy2(item, tree / item.name)
        for folder in ("src", "materials"):
            shutil.copytree(root / folder, tree / folder, ignore=ignore)
        built = Path(tmp) / "dist"
        cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "wheel",
               "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
               "--wheel-dir", str(built), str(tree)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"the wheel did not build:\n{result.stdout}\n{result.stderr}")
        (wheel,) = built.glob("closereading-*.whl")
        target = out_dir / wheel.name
        shutil.copy2(wheel, target)
    return target


def cmd_wheel(names) -> int:
    path = build_wheel(build_dir() / "dist")
    print(f"wrote {path}")
    return 0


def cmd_guide(names) -> int:
    from closereading.guide import write_guide
    path = write_guide(build_dir() / "guide")
    print(f"wrote {path}")
    return 0


COMMANDS = {
    "notebooks": (cmd_notebooks, "re-execute notebooks in place (deterministic outputs)"),
    "answer-key": (cmd_answer_key, "write build/answer-key.html: every question with its answer"),
    "teacher": (cmd_teacher, "build the teacher edition in build/teacher/"),
    "handouts": (cmd_handouts, "build the student handouts in build/handouts/"),
    "wheel": (cmd_wheel, "build the wheel, materials included, into build/dist/"),
    "guide": (cmd_guide, "write the teacher's guide (session plans) to build/guide/"),
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
