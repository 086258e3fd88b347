"""The project's set-up files agree with each other."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>[A-Za-z0-9_.+-]+)$")


def requirement_lines(path):
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-r "):
            lines.append(line)
    return lines


def test_every_requirement_is_an_exact_pin():
    for path in (ROOT / "requirements.txt", ROOT / "requirements-bench.txt",
                 ROOT / "requirements-nodeps.txt"):
        for line in requirement_lines(path):
            assert PIN.match(line), f"{path.name}: {line!r} is not an exact pin (name==version)"


def test_environment_yml_has_the_same_pins_and_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_pins = sorted(x for x in pip_section if not x.startswith("-e"))
    assert conda_pins == sorted(requirement_lines(ROOT / "requirements.txt"))
    assert "-e ." in pip_section
    assert "pip" in env["dependencies"]


def test_the_direct_dependencies_are_pinned():
    names = {PIN.match(x).group("name").lower() for x in requirement_lines(ROOT / "requirements.txt")}
    assert {"jupyterlab", "ipywidgets", "matplotlib", "nbval", "pytest", "pyyaml", "ipykernel",
            "playwright", "hypothesis", "filelock", "platformdirs"} <= names
    # The benchmark's comparison runs under make test (issue 14), and so does the axe audit.
    assert {"nltk", "axe-playwright-python"} <= names


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "CI=true" in ci and "chromium" in ci
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make lab") < readme.index("## ") or "make lab" in readme.split("## ")[0]
    assert "make test" in readme.split("## ")[0]


def test_readme_course_map_agrees_with_course_yml():
    from closereading import course
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## The course map"):readme.index("## Tests")]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    c = course.load_course()
    assert len(rows) == len(c.notebooks)
    for row, nb in zip(rows, c.notebooks):
        assert row.startswith(f"| `{Path(nb.file).stem}` |"), row
        assert row.endswith(f"| {nb.minutes} min |"), row
        if nb.section:
            assert f"Sub-section {nb.section}: {nb.title}" in row


def test_binder_has_the_same_pins_without_the_editable_install():
    env = yaml.safe_load((ROOT / ".binder" / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip_section) == sorted(requirement_lines(ROOT / "requirements.txt"))
    post = (ROOT / ".binder" / "postBuild")
    assert post.stat().st_mode & 0o111 and "pip install --no-deps --no-build-isolation -e ." in post.read_text()


def test_the_image_pins_agree_with_requirements():
    ours = {PIN.match(x).group("name").lower(): x for x in requirement_lines(ROOT / "requirements.txt")}
    image = requirement_lines(ROOT / "deploy" / "requirements-image.txt")
    for line in image:
        m = PIN.match(line)
        assert m, f"deploy/requirements-image.txt: {line!r} is not an exact pin"
        name = m.group("name").lower()
        assert name in ours or name == "nbgitpuller", line
        assert name not in ours or ours[name] == line, (line, ours[name])
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "requirements-image.txt" in dockerfile and "closereading-*.whl" in dockerfile


# The modules a learner's notebook or the command line may import; the build, the benchmark
# and the notebook runner (these files) need the whole of requirements.txt instead.
BUILD_ONLY = {"bench.py", "build.py", "editions.py", "execution.py",
              # loaded by the Jupyter server only (its hook and contents manager), which
              # has jupyter_server, being it
              "jupyter_hooks.py"}
DISTRIBUTION = {"yaml": "pyyaml"}     # where a module's name is not its distribution's


def imported_packages(paths):
    """The third-party packages that these files import, each with a file that does."""
    import ast
    import sys
    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "closereading":
                    found.setdefault(DISTRIBUTION.get(top, top).lower(), path.name)
    return found


def test_every_package_the_course_imports_is_a_declared_dependency():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.match(r"[A-Za-z0-9_.-]+", d).group().lower() for d in project["dependencies"]}
    used = imported_packages(p for p in (ROOT / "src" / "closereading").rglob("*.py")
                             if p.name not in BUILD_ONLY)
    missing = {name: where for name, where in used.items() if name not in declared}
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"
    # The hub's image installs the wheel without its dependencies: it pins each of them.
    image = {PIN.match(x).group("name").lower()
             for x in requirement_lines(ROOT / "deploy" / "requirements-image.txt")}
    assert declared <= image, f"not pinned in deploy/requirements-image.txt: {declared - image}"


def test_the_import_scan_sees_a_package_that_is_not_declared(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import os\nimport numpy.linalg\nfrom yaml import safe_load\n"
                       "from . import stats\nfrom closereading import html\n")
    assert imported_packages([planted]) == {"numpy": "planted.py", "pyyaml": "planted.py"}
