"""Reproduce (or rule out) the "Run All never starts" stall of issue 8.

Each trial opens one notebook fresh in a new browser context (a new kernel, `?reset`
workspace), waits for the status bar to read "Idle", waits a further 0, 2, 5 or 10 s,
and chooses Run -> Run All Cells. The trial then watches the prompts:

- "ran": the first code cell got an execution count, so the kernel received the
  cells (with --full: every prompt numbered and the kernel idle again);
- "stall": no prompt numbered while the status bar has read "Idle" for STALL_IDLE
  seconds in a row (every prompt `[*]`, kernel idle: the stall of the issue);
- "timeout": neither within the time limit (a kernel busy for that long).

One JupyterLab server and one Chromium serve every trial; each trial ends its kernel
through the REST API. For each stall the result records what the browser sent on the
kernel's websocket and what /api/kernels said. Results go to build/stall.json.

    python tests/browser/stall_check.py                 # 8 notebooks x 4 delays x 4 rounds
    python tests/browser/stall_check.py --encryption auto --rounds 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jlab import CHROMIUM, CHROMIUM_ARGS, ROOT, LabServer  # noqa: E402

STALL_IDLE = 8.0        # seconds of "Idle" with no prompt numbered: a stall
LIMIT = 90.0            # seconds before a trial gives up ("timeout")
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

STATE_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = panel ? [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                            .map(p => p.textContent.trim()) : [];
    const bar = document.querySelector('#jp-main-statusbar');
    return {prompts, idle: !!bar && /Idle/.test(bar.textContent)};
}"""


def api(server: LabServer, path: str):
    with urllib.request.urlopen(server.url + path, timeout=10) as r:
        return json.load(r)


def wait_idle(page, timeout_ms: float = 60_000):
    page.wait_for_function(
        """() => { const s = document.querySelector('#jp-main-statusbar');
                   return s && /Idle/.test(s.textContent); }""", timeout=timeout_ms)


class Lab:
    """One JupyterLab page, loaded once; each trial opens a notebook from the file
    browser (a new kernel starts for it) and closes it afterwards. With ``fresh`` every
    trial loads JupyterLab anew in a new browser context instead (slower: the page load
    costs 20 s or more on a loaded machine)."""

    def __init__(self, browser, server: LabServer, fresh: bool):
        self.browser, self.server, self.fresh = browser, server, fresh
        self.context = self.page = None
        self.sent: list[str] = []
        self.received: Counter = Counter()
        self.console_errors: list[str] = []

    def _new_page(self):
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.on("websocket", self._on_ws)
        self.page.on("console", lambda m: m.type == "error"
                     and self.console_errors.append(m.text[:300]))

    def _on_ws(self, ws):
        if "/api/kernels/" not in ws.url:
            return
        ws.on("framesent", lambda f: self.sent.append(msg_type(f)))
        ws.on("framereceived", lambda f: self.received.update([msg_type(f)]))

    def open(self, name: str):
        self.sent.clear()
        self.received.clear()
        self.console_errors.clear()
        if self.fresh or self.page is None:
            self._new_page()
            self.page.goto(f"{self.server.url}/lab/tree/{name}?reset")
        else:
            page = self.page   # File > Open from Path...
            page.click(".lm-MenuBar-itemLabel:text-is('File')")
            page.click(".lm-Menu-itemLabel:text-is('Open from Path…')")
            box = page.locator(".jp-Dialog input")
            box.fill(name)
            box.press("Enter")
        self.page.wait_for_selector(
            f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60_000)
        self.page.wait_for_function(
            """(name) => { const t = document.querySelector('.lm-DockPanel-tabBar .lm-mod-current');
                           return t && t.textContent.includes(name); }""", arg=name,
            timeout=60_000)
        wait_idle(self.page)

    def close(self):
        """Close the notebook's tab, discarding its changes, then end its kernel."""
        if self.fresh:
            self.server.shut_down_kernels()
            return
        page = self.page
        page.keyboard.press("Escape")
        page.click(".lm-DockPanel-tabBar .lm-mod-current .lm-TabBar-tabCloseIcon")
        # A notebook changed by Run All asks whether to save it: discard.
        page.wait_for_function(
            """() => !document.querySelector('.jp-NotebookPanel')
                     || !!document.querySelector('.jp-Dialog')""", timeout=30_000)
        if page.locator(".jp-Dialog").count():
            page.locator(".jp-Dialog button", has_text="Discard").click()
        page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')",
                               timeout=30_000)
        self.server.shut_down_kernels()


def msg_type(payload) -> str:
    data = payload if isinstance(payload, (bytes, bytearray)) else payload.encode()
    at = data.find(b'"msg_type"')
    if at < 0:
        return "?"
    rest = data[at + 10:at + 80].split(b'"')
    return rest[1].decode(errors="replace") if len(rest) > 1 else "?"


def dump_stacks(server: LabServer, kernels: list, tag: int) -> str:
    """Ask each kernel process for its threads' stacks; the file that holds them."""
    import signal
    import subprocess
    server.log.flush()
    before = (server.workdir / "jupyterlab.log").stat().st_size
    for k in kernels:
        pids = subprocess.run(["pgrep", "-f", f"kernel-{k['id']}.json"], capture_output=True,
                              text=True).stdout.split()
        for pid in pids:
            import os
            os.kill(int(pid), signal.SIGUSR1)
    time.sleep(3)
    out = ROOT / "build" / "stall" / f"stacks-{tag}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(server.workdir / "jupyterlab.log", errors="replace") as f:
        f.seek(before)
        out.write_text(f.read(), encoding="utf-8")
    return str(out)


def trial(lab: Lab, name: str, delay: float, full: bool) -> dict:
    server = lab.server
    result = {"notebook": name, "delay": delay}
    t0 = time.monotonic()
    try:
        lab.open(name)
        page = lab.page
        result["open_s"] = round(time.monotonic() - t0, 2)
        if delay:
            page.wait_for_timeout(delay * 1000)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        clicked = time.monotonic()
        idle_since = None
        outcome = "timeout"
        while time.monotonic() - clicked < LIMIT:
            state = page.evaluate(STATE_JS)
            numbered = [p for p in state["prompts"] if p[:2] != "[*" and p not in ("[ ]:", "")]
            if full:
                done = (state["prompts"] and len(numbered) == len(state["prompts"])
                        and state["idle"])
            else:
                done = bool(numbered)
            if done:
                outcome = "ran"
                break
            if not numbered and state["idle"]:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= STALL_IDLE:
                    outcome = "stall"
                    break
            else:
                idle_since = None
            page.wait_for_timeout(200)
        result["outcome"] = outcome
        result["seconds"] = round(time.monotonic() - clicked, 2)
        if outcome != "ran":
            state = page.evaluate(STATE_JS)
            result["prompts"] = state["prompts"][:5]
            result["ws_sent"] = Counter(lab.sent)
            result["ws_sent_first"] = lab.sent[:12]
            result["ws_received"] = dict(lab.received)
            result["kernels"] = api(server, "/api/kernels")
            if getattr(server, "dump_stacks", False):
                result["stacks"] = dump_stacks(server, result["kernels"], int(t0))
            result["console_errors"] = lab.console_errors[:10]
            shot = ROOT / "build" / "stall" / f"stall-{Path(name).stem}-{delay}-{int(t0)}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            result["screenshot"] = str(shot)
    except Exception as exc:   # a broken trial is reported, not counted as a stall
        result["outcome"] = "error"
        result["error"] = str(exc)[:500]
    finally:
        try:
            lab.close()
        except Exception as exc:
            result["close_error"] = str(exc)[:300]
            lab.page = None    # start from a fresh page next time
    return result


def write(args, delays, results, started, workdir) -> dict:
    """Write the summary and every trial so far to args.out; return the summary."""
    import importlib.metadata as md
    outcomes = Counter(r["outcome"] for r in results)
    by_delay = {str(d): dict(Counter(r["outcome"] for r in results if r["delay"] == d))
                for d in delays}
    summary = {
        "trials": len(results),
        "outcomes": dict(outcomes),
        "stall_rate": round(outcomes["stall"] / len(results), 4) if results else None,
        "by_delay": by_delay,
        "encryption": args.encryption,
        "comms_over_subshells": args.comms_over_subshells or "from config/jupyterlab-overrides.json",
        "criterion": "full run" if args.full else "first cell executed",
        "page": "fresh page per trial" if args.fresh_page else "one page, File > Open from Path",
        "versions": {d: md.version(d) for d in ("jupyterlab", "jupyter_server", "jupyter_client",
                                                 "ipykernel", "ipywidgets", "pyzmq", "tornado")},
        "wall_s": round(time.monotonic() - started, 1),
        "server_log": str(workdir / "jupyterlab.log"),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, default=dict) + "\n", encoding="utf-8")
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=4,
                    help="rounds over every notebook and delay (default 4: 128 trials over 8 notebooks)")
    ap.add_argument("--delays", default="0,2,5,10", help="seconds after Idle, comma-separated")
    ap.add_argument("--notebooks", nargs="*", default=NOTEBOOKS)
    ap.add_argument("--encryption", default="auto",
                    help="KernelManager.transport_encryption: disabled, auto, required, "
                         "or server-default (the option not given); default auto, as make lab "
                         "and the browser tests")
    ap.add_argument("--comms-over-subshells", default=None,
                    choices=["disabled", "perComm", "perCommTarget"],
                    help="JupyterLab's kernel setting commsOverSubshells (default: what "
                         "config/jupyterlab-overrides.json says)")
    ap.add_argument("--full", action="store_true",
                    help="wait for each Run All to finish, not only to start")
    ap.add_argument("--debug", action="store_true", help="the server's --debug log")
    ap.add_argument("--fresh-page", action="store_true",
                    help="load JupyterLab anew for every trial (slow), instead of opening "
                         "each notebook from the file browser of one page")
    ap.add_argument("--dump-stacks", action="store_true",
                    help="on a stall, dump every thread's stack of the kernel (faulthandler "
                         "on SIGUSR1, registered by an IPython startup file) into build/stall/")
    ap.add_argument("--stop-after", type=int, default=0,
                    help="stop after this many stalls (0: never)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "stall.json")
    args = ap.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]
    encryption = None if args.encryption == "server-default" else args.encryption

    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # stop the server on kill
    from playwright.sync_api import sync_playwright
    workdir = Path(tempfile.mkdtemp(prefix="stall-check-"))
    settings = None
    if args.comms_over_subshells:
        settings = {"@jupyterlab/apputils-extension:kernels-settings":
                    {"commsOverSubshells": args.comms_over_subshells}}
    env = {}
    if args.dump_stacks:
        startup = workdir / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-stacks.py").write_text(
            "import faulthandler as _fh, signal as _sig\n"
            "_fh.register(_sig.SIGUSR1, all_threads=True)\n", encoding="utf-8")
        env["IPYTHONDIR"] = str(workdir / "ipython")
    server = LabServer(workdir, encryption=encryption, debug=args.debug, settings=settings,
                       env=env)
    server.dump_stacks = args.dump_stacks
    results = []
    started = time.monotonic()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                        args=CHROMIUM_ARGS)
            lab = Lab(browser, server, args.fresh_page)
            for r in range(args.rounds):
                for delay in delays:
                    for name in args.notebooks:
                        res = trial(lab, name, delay, args.full)
                        results.append(res)
                        print(f"[{len(results):3}] {name:36} delay {delay:4}s  "
                              f"{res['outcome']:7} {res.get('seconds', '')}", flush=True)
                        if res["outcome"] != "ran":
                            print("      ", json.dumps({k: v for k, v in res.items()
                                                        if k not in ("notebook", "delay")})[:1500],
                                  flush=True)
                        write(args, delays, results, started, workdir)
                        stalls = sum(x["outcome"] == "stall" for x in results)
                        if args.stop_after and stalls >= args.stop_after:
                            raise KeyboardInterrupt
            browser.close()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    summary = write(args, delays, results, started, workdir)
    outcomes = Counter(summary["outcomes"])
    print(f"{len(results)} trials, outcomes {dict(outcomes)}, stall rate {summary['stall_rate']}, "
          f"{summary['wall_s']} s; written to {args.out}")
    return 1 if outcomes["stall"] or outcomes["error"] or outcomes["timeout"] else 0


if __name__ == "__main__":
    sys.exit(main())
