"""Drive JupyterLab in headless Chromium with Playwright, as a learner would.

The server runs on a temporary copy of the notebooks (autosave never touches the repo),
with a temporary workspace, no token, and its own empty progress file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SCREENSHOTS = ROOT / "build" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.root = workdir / "notebooks"
        shutil.copytree(ROOT / "notebooks", self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.progress = workdir / "progress.json"
        self.log = open(workdir / "jupyterlab.log", "w")
        env = dict(os.environ, CLOSEREADING_PROGRESS=str(self.progress),
                   JUPYTER_RUNTIME_DIR=str(workdir / "runtime"))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.port_retries=0", "--IdentityProvider.token=",
               "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
               f"--ServerApp.root_dir={self.root}",
               f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--KernelManager.transport_encryption=auto"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.root)
        self._wait()

    def _wait(self, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.workdir / 'jupyterlab.log'}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("JupyterLab did not start within a minute")

    def shut_down_kernels(self) -> int:
        """End every kernel session of the server through its REST API, as closing
        JupyterLab does; returns how many there were."""
        import json
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

    def open(self):
        self.page.goto(f"{self.server.url}/lab/tree/{self.name}?reset")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # A new kernel reports Idle once before it is ready for a queue of requests;
        # cells sent in that moment can stay queued while the kernel idles (JupyterLab
        # issue 11636). Wait for Idle, let the connection settle, and wait again.
        self.wait_idle()
        self.page.wait_for_timeout(1500)
        self.wait_idle()
        return self

    def wait_idle(self, timeout: float = 60_000):
        self.page.wait_for_function(
            """() => { const s = document.querySelector('#jp-main-statusbar');
                       return s && /Idle/.test(s.textContent); }""", timeout=timeout)

    def run_all(self, timeout: float = 180_000):
        self.page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        self.page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        # Every code cell has an execution count, and none is queued or running.
        try:
            self.page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll(
                        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""", timeout=timeout)
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

    def error_outputs(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
            "els => els.map(e => e.textContent.slice(0, 500))")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path
