"""Whether the course installed on disk is still the one this kernel imported.

A kernel imports the package once. When the course is upgraded while it runs (``pip
install -U`` on a hub), the kernel keeps the old code but reads the new materials: it
would print the old version, grade with the new key, and label exports with the old
version. :func:`changed` notices the upgrade (the installed version, or the package's
files replaced), and :func:`notice_html` says, in words, to restart the kernel. The quiz
and the export button show it.
"""

from __future__ import annotations

import time
from pathlib import Path

CHECK_EVERY = 2.0   # seconds: the look at the disk is cached this long

_cache: dict = {}


def _init_file() -> Path:
    import closereading
    return Path(closereading.__file__)


def _on_disk() -> tuple[str, int | None]:
    """(the version installed now, the modification time of the package's __init__.py)."""
    import closereading
    try:
        stamp = _init_file().stat().st_mtime_ns
    except OSError:   # gone for a moment while pip replaces it
        stamp = None
    return closereading._version(), stamp


def _loaded() -> tuple[str, int | None]:
    if "loaded" not in _cache:
        import closereading
        _cache["loaded"] = (closereading.__version__, _on_disk()[1])
    return _cache["loaded"]


def changed() -> str | None:
    """The installed version when the installed course is not the one this kernel runs,
    else None."""
    now = time.monotonic()
    if "at" in _cache and now - _cache["at"] < CHECK_EVERY:
        return _cache["result"]
    loaded_version, loaded_stamp = _loaded()
    version, stamp = _on_disk()
    result = None
    if version != loaded_version or (stamp is not None and loaded_stamp is not None
                                     and stamp != loaded_stamp):
        result = version
    _cache["at"], _cache["result"] = now, result
    return result


def notice_text() -> str:
    """The message for the learner, or "" when the kernel runs the installed course."""
    import closereading
    version = changed()
    if version is None:
        return ""
    what = (f"version {version}" if version != closereading.__version__
            else "a new build of the same version")
    return (f"The course was updated ({what}) while this notebook's kernel was running "
            f"version {closereading.__version__}. Restart the kernel (Kernel menu, "
            "\u201cRestart Kernel and Run All Cells\u201d) before you go on: until then the "
            "kernel mixes the old course with the new. Your saved answers are kept.")


def notice_html() -> str:
    from closereading.html import esc
    text = notice_text()
    if not text:
        return ""
    return (f'<div role="alert" class="cr-restart-notice" style="border:2px solid #b35900;'
            f'padding:0.3em 0.8em;margin:0.3em 0"><p><strong>Restart the kernel.</strong> '
            f"{esc(text)}</p></div>")


def _reset_for_tests() -> None:
    _cache.clear()
    _loaded()


_loaded()   # what this kernel imported: the version of the package, its files' time
