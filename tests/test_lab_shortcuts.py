"""JupyterLab's command-mode shortcuts leave the keyboard to our widgets.

Out of the box, every single-key shortcut of a notebook in command mode (ArrowUp and
ArrowDown, but also A, B, M, D D ...) fires whenever the focus is on any element that is
not a text field: a radio button, a check box, a drop-down or a button inside an output.
A learner who presses ArrowDown to choose an option of a quiz moves to the next cell
instead, and "d d" on a radio button deletes the cell. config/jupyterlab-overrides.json
(installed by `make lab`, Binder's postBuild and the JupyterHub image) disables each such
shortcut and adds it back for every focused element outside an output area.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOCUS = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
OUTSIDE_OUTPUTS = FOCUS + ":not(.jp-OutputArea-output *)"


def lab_shortcuts() -> list[dict]:
    """The shortcuts that the installed JupyterLab's plugins declare."""
    import jupyterlab
    schemas = Path(jupyterlab.__file__).parent / "schemas"
    if not schemas.is_dir():
        schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        pytest.skip("JupyterLab's schemas are not installed")
    found = []
    for path in sorted(schemas.rglob("*.json")):
        found += json.loads(path.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", [])
    return found


def overrides() -> list[dict]:
    data = json.loads((ROOT / "config" / "jupyterlab-overrides.json").read_text("utf-8"))
    return data["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]


def key(s: dict) -> tuple:
    return (s["command"], tuple(s["keys"]), json.dumps(s.get("args", {}), sort_keys=True))


def test_every_command_mode_shortcut_stays_out_of_the_outputs():
    focus_wide = [s for s in lab_shortcuts()
                  if s["selector"] == FOCUS and s.get("keys") and not s.get("disabled")]
    assert len(focus_wide) >= 30   # ArrowUp, ArrowDown, A, B, M, D D ...
    assert {"notebook:move-cursor-down", "notebook:delete-cell"} <= {s["command"]
                                                                      for s in focus_wide}
    disabled = {key(s) for s in overrides() if s["selector"] == FOCUS and s.get("disabled")}
    outside = {key(s) for s in overrides()
               if s["selector"] == OUTSIDE_OUTPUTS and not s.get("disabled")}
    for s in focus_wide:
        assert key(s) in disabled, s
        assert key(s) in outside, s


def test_the_overrides_touch_nothing_else():
    assert all(s["selector"] in (FOCUS, OUTSIDE_OUTPUTS) for s in overrides())
    assert len(overrides()) == 2 * len({key(s) for s in overrides()})


def test_widget_messages_are_handled_in_the_order_they_were_sent():
    """JupyterLab's default sends widget messages on a kernel subshell, and ipykernel
    7.4 then handles some widgets' messages in another thread than others: a click could
    be handled before the update sent just before it (tests/browser/test_message_order.py
    shows it). The course turns that off, with a setting the installed JupyterLab knows."""
    data = json.loads((ROOT / "config" / "jupyterlab-overrides.json").read_text("utf-8"))
    plugin = "@jupyterlab/apputils-extension:kernels-settings"
    assert data[plugin] == {"commsOverSubshells": "disabled"}
    import jupyterlab
    schema = None
    for base in (Path(jupyterlab.__file__).parent / "schemas",
                 Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"):
        path = base / "@jupyterlab" / "apputils-extension" / "kernels-settings.json"
        if path.is_file():
            schema = json.loads(path.read_text(encoding="utf-8"))
            break
    if schema is None:
        pytest.skip("JupyterLab's schemas are not installed")
    choices = [c["const"] for c in schema["properties"]["commsOverSubshells"]["oneOf"]]
    assert "disabled" in choices
