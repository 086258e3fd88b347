"""closereading: the package behind the close-reading course on Part III of the 2011 white
paper *China's Peaceful Development*.

Modules (import what you need; nothing heavy is imported here):

* ``closereading.text``: the raw capture parsed into sections and paragraphs with ids;
* ``closereading.course``: the course plan from ``materials/course.yml``;
* ``closereading.views``: what the notebooks display about the document;
* ``closereading.stats`` and ``closereading.plots``: text statistics and charts;
* ``closereading.materials``: YAML loading with errors that name file, item and field.
"""



def _version() -> str:
    """The course's one version number, from ``pyproject.toml``: read from the installed
    package's metadata, or from the file itself when the package runs from a checkout
    that was not installed."""
    from importlib import metadata
    try:
        return metadata.version("closereading")
    except metadata.PackageNotFoundError:
        import re
        from pathlib import Path
        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        try:
            found = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text("utf-8"), re.M)
        except OSError:
            found = None
        return found.group(1) if found else "unknown"


__version__ = _version()
