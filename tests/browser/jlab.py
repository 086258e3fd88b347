"""Drive JupyterLab in headless Chromium with Playwright, as a learner would.

The server runs on a temporary copy of the notebooks (autosave never touches the repo),
with a temporary workspace, no token, and its own empty progress file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from closereading.jupyter_hooks import SERVER_ARGS   # as `make lab` and the hub

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import hubctl  # noqa: E402   (tools/hubctl.py: waiting for a server to answer)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SCREENSHOTS = ROOT / "build" / "screenshots"
LAB_OVERRIDES = ROOT / "config" / "jupyterlab-overrides.json"

# What a learner would see as an error in an output area: a traceback or stderr, an
# error-typed output, and ipywidgets' own error views ("Error displaying widget: ...").
ERROR_OUTPUTS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                 ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], "
                 ".jupyter-widgets-error-widget")

# JavaScript console errors that JupyterLab itself logs in these tests, each with the
# reason it is not a fault of the course. Everything else fails a test.
CONSOLE_NOISE = {
    # The test ends a kernel on purpose (REST DELETE), and the page's kernel
    # connection reports the closed websocket before it notices the kernel is gone.
    "Connection lost, reconnecting": "a kernel the test ended on purpose",
}

_CONSOLE: dict = {}


def watch_console(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions, from now on."""
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    _CONSOLE[id(page)] = errors
    return errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab server on a free loopback port. ``encryption`` is the kernels'
    ``KernelManager.transport_encryption`` (None: the server's default); ``debug`` logs
    the server's and the kernels' messages; ``extra_args`` go to the command line."""

    def __init__(self, workdir: Path, encryption: str | None = "auto", debug: bool = False,
                 extra_args: tuple[str, ...] = (), settings: dict | None = None,
                 env: dict | None = None):
        self.workdir = workdir
        # JupyterLab's settings: the course's config/jupyterlab-overrides.json (what
        # `make lab` installs), with ``settings`` ({plugin id: {key: value}}) on top.
        overrides = json.loads(LAB_OVERRIDES.read_text(encoding="utf-8"))
        for plugin, values in (settings or {}).items():
            overrides.setdefault(plugin, {}).update(values)
        settings_dir = workdir / "app-settings"
        settings_dir.mkdir()
        (settings_dir / "overrides.json").write_text(json.dumps(overrides, indent=1),
                                                     encoding="utf-8")
        self.root = workdir / "notebooks"
        shutil.copytree(ROOT / "notebooks", self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        # The server's own Jupyter data folder, so that what the user's folder holds
        # (which notebooks are trusted) plays no part; in it, the copies are trusted
        # as `make lab` trusts the course's notebooks (`jupyter trust`).
        self.data_dir = workdir / "data"
        self.data_dir.mkdir()
        self.trust(*sorted(p.name for p in self.root.glob("*.ipynb")))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.progress = workdir / "progress.json"
        self.log = open(workdir / "jupyterlab.log", "w")
        env = dict(os.environ, CLOSEREADING_PROGRESS=str(self.progress),
                   JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
                   JUPYTER_DATA_DIR=str(self.data_dir), **(env or {}))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.port_retries=0", "--IdentityProvider.token=",
               "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
               f"--ServerApp.root_dir={self.root}",
               f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               f"--LabApp.app_settings_dir={settings_dir}", *SERVER_ARGS]
        if encryption is not None:
            cmd.append(f"--KernelManager.transport_encryption={encryption}")
        if debug:
            cmd.append("--debug")
        cmd += list(extra_args)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.root)
        self._wait()

    def _wait(self, timeout: float = 180):
        hubctl.wait_until_answers(
            self.proc, self.url + "/api/status", timeout,
            lambda: f"JupyterLab exited early; see {self.workdir / 'jupyterlab.log'}",
            lambda: f"JupyterLab did not start within {timeout:.0f} s")

    def trust(self, *names: str) -> None:
        """Sign notebooks of the server's folder in its data folder, as `jupyter trust`
        does: JupyterLab then renders their saved outputs without sanitizing them, and
        renders saved widget views (if any) as widgets."""
        import nbformat
        from nbformat.sign import NotebookNotary
        notary = NotebookNotary(data_dir=str(self.data_dir))
        for name in names:
            notary.sign(nbformat.read(self.root / name, as_version=4))

    def is_trusted(self, name: str) -> bool:
        import nbformat
        from nbformat.sign import NotebookNotary
        notary = NotebookNotary(data_dir=str(self.data_dir))
        return notary.check_signature(nbformat.read(self.root / name, as_version=4))

    def shut_down_kernels(self) -> int:
        """End every kernel session of the server through its REST API, as closing
        JupyterLab does; returns how many there were."""
        with urllib.request.urlopen(self.url + "/api/sessions", timeout=10) as r:
            sessions = json.load(r)
        for session in sessions:
            req = urllib.request.Request(f"{self.url}/api/sessions/{session['id']}",
                                         method="DELETE")
            urllib.request.urlopen(req, timeout=30).close()
        return len(sessions)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class Notebook:
    """One notebook open in a JupyterLab page."""

    def __init__(self, page, server: LabServer, name: str):
        self.page, self.server, self.name = page, server, name
        self._console = _CONSOLE.get(id(page))
        if self._console is None:
            self._console = watch_console(page)
        self._console_from = len(self._console)

    def console_errors(self) -> list[str]:
        """The console errors and uncaught exceptions since this notebook was opened,
        except the documented JupyterLab noise of CONSOLE_NOISE."""
        return [e for e in self._console[self._console_from:]
                if not any(noise in e for noise in CONSOLE_NOISE)]

    def assert_clean(self):
        """What a learner sees has no error: no error output, no widget error view,
        no JavaScript error in the console."""
        outputs, console = self.error_outputs(), self.console_errors()
        assert outputs == [], f"{self.name}: error outputs: {outputs}"
        assert console == [], f"{self.name}: console errors: {console}"

    def open(self):
        self.page.goto(f"{self.server.url}/lab/tree/{self.name}?reset")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # Run All as soon as the kernel is Idle, as a learner may: no settling time
        # (tests/browser/stall_check.py measures that this never stalls).
        self.wait_idle()
        return self

    def wait_idle(self, timeout: float = 60_000):
        self.page.wait_for_function(
            """() => { const s = document.querySelector('#jp-main-statusbar');
                       return s && /Idle/.test(s.textContent); }""", timeout=timeout)

    def run_all(self, timeout: float = 180_000):
        self.page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        self.page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        # Every code cell has an execution count, and none is queued or running. All of
        # them: JupyterLab may attach a long notebook's cells to the page a few at a time,
        # so the prompts are counted against the code cells of the file.
        try:
            self.page.wait_for_function(
                """(cells) => {
                    const prompts = [...document.querySelectorAll(
                        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
                    return prompts.length === cells && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""", arg=self.code_cells(), timeout=timeout)
            self.wait_idle(timeout)
        except Exception as exc:
            shot = self.screenshot(f"FAILED-{Path(self.name).stem}")
            prompts = self.page.eval_on_selector_all(
                ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt",
                "els => els.map(e => e.textContent.trim())")
            status = self.page.text_content("#jp-main-statusbar")
            self.server.log.flush()
            log = (self.server.workdir / "jupyterlab.log").read_text(errors="replace")[-3000:]
            raise AssertionError(f"Run All of {self.name} did not finish: prompts {prompts}; "
                                 f"status bar {status!r}; screenshot {shot}; "
                                 f"end of the server's log:\n{log}") from exc
        self.page.wait_for_timeout(500)  # let widget views finish rendering

    def code_cells(self) -> int:
        """How many code cells the notebook's file has."""
        nb = json.loads((self.server.root / self.name).read_text(encoding="utf-8"))
        return sum(c["cell_type"] == "code" for c in nb["cells"])

    def error_outputs(self) -> list[str]:
        """Every error a learner would see in an output area: stderr and error outputs,
        widget error views, and any output reading "Error displaying widget"."""
        return self.page.evaluate(
            """(sel) => {
                const found = new Set(document.querySelectorAll(sel));
                for (const o of document.querySelectorAll('.jp-OutputArea-output'))
                    if (/Error displaying widget/.test(o.textContent)) found.add(o);
                return [...found].map(e => e.textContent.slice(0, 500));
            }""", ERROR_OUTPUTS)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path
