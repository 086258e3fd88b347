"""The build step that puts the course's materials into the wheel.

Everything else about the package is declared in pyproject.toml. The repository keeps the
materials at its top level (``materials/``, where teachers edit them); a wheel must carry
them inside the package, so ``build_py`` copies them to ``closereading/_materials`` in the
build folder. An editable install skips the copy: it reads the repository's
``materials/`` directly (see ``src/closereading/paths.py``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithMaterials(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = HERE / "materials"
        if not source.is_dir():
            raise SystemExit(f"cannot build the wheel: {source} is missing")
        target = Path(self.build_lib) / "closereading" / "_materials"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=IGNORE)


setup(cmdclass={"build_py": BuildWithMaterials})
