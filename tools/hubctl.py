"""A JupyterHub for the course on localhost: the configuration of ``deploy/`` with the
changes a test or a measurement needs, and the processes it starts.

``deploy/jupyterhub_config.py`` is loaded as it is; only these settings change: any name
logs in with one password (the dummy authenticator instead of PAM), learners' servers are
local processes of this user with homes in a temporary folder (instead of system users),
the ports are free loopback ports, and the hub's files live in the work folder. The proxy
is configurable-http-proxy from npm (``make proxy`` puts it in ``.venv/node``).

Used by the load test (``tools/load_test.py``, ``make load-test``), its small run in
``make test`` (``tests/hub/test_load.py``) and the hub test (``tests/hub/test_hub.py``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "class-of-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing() -> str | None:
    """Why a hub cannot start on this machine, or None when it can."""
    if not PROXY.exists():
        return (f"configurable-http-proxy is not installed at {PROXY}: run `make proxy` "
                "(it needs npm and the npm registry)")
    if shutil.which("node") is None:
        return "node is not on PATH: configurable-http-proxy needs Node.js"
    return None


def wait_until_answers(proc: subprocess.Popen, url: str, timeout: float,
                       exited, too_slow, every: float = 0.3) -> None:
    """Wait until ``url`` answers 200, while the server process ``proc`` runs;
    ``exited()`` and ``too_slow()`` give the message of the RuntimeError otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(exited())
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(every)
    raise RuntimeError(too_slow())


def _proc_status(pid: int) -> dict[str, int]:
    """The memory lines of /proc/PID/status, in kB (empty when the process is gone)."""
    out: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return {}
    return dict(item.split("=", 1) for item in raw if "=" in item)


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB."""
    return _proc_status(pid).get("VmRSS", 0) / 1024


def peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of one process, in MB."""
    return _proc_status(pid).get("VmHWM", 0) / 1024


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children(p)
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    return sum(rss_mb(p) for p in tree(pid))


def _is_server(pid: int) -> bool:
    # `jupyterhub-singleuser`, or `python -m jupyterhub.singleuser` (under a wrapper)
    return any("jupyterhub-singleuser" in part or "jupyterhub.singleuser" in part
               for part in cmdline(pid))


class Hub:
    """The course's hub on free loopback ports, started in ``workdir``.

    ``python`` is the interpreter of the environment that runs the hub (its folder holds
    ``jupyterhub-singleuser``); ``spawner_cmd`` replaces the learners' server command;
    ``environment`` is the learners' servers' environment, as a dict or as Python code
    (for callables); ``extra`` is appended to the configuration; ``hub_env`` is added to
    the hub's own environment."""

    def __init__(self, workdir: Path, *, default_url: str | None = None,
                 python: Path | None = None, spawner_cmd: list[str] | None = None,
                 environment: dict[str, str] | str | None = None, extra: str = "",
                 hub_env: dict[str, str] | None = None, timeout: float = 90):
        self.workdir = workdir
        self.homes = workdir / "homes"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        python = python or Path(sys.executable)
        bindir = python.parent
        args = ["--KernelManager.transport_encryption=auto"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        if environment is None or isinstance(environment, dict):
            environment = repr({"PYTHONHASHSEED": "0", "MPLCONFIGDIR": str(workdir / "mpl"),
                                **(environment or {})})
        cmd = spawner_cmd or [str(bindir / "jupyterhub-singleuser")]
        url = f"c.Spawner.default_url = {default_url!r}" if default_url else ""
        config = workdir / "jupyterhub_config.py"
        config.write_text(f"""
load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / '{username}')!r}
c.Spawner.cmd = {cmd!r}
c.Spawner.args = list(c.Spawner.args) + {args!r}   # the course's, and these
{url}
c.Spawner.environment = {environment}
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{self.api_port}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{workdir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(workdir / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(workdir / 'jupyterhub.pid')!r}
c.JupyterHub.cleanup_servers = True
{extra}
""")
        self.log = open(workdir / "jupyterhub.log", "w")
        env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}", **(hub_env or {}))
        env.pop("CLOSEREADING_PROGRESS", None)   # each learner's own, in their home
        env.pop("CLOSEREADING_MATERIALS", None)
        env["CONFIGPROXY_AUTH_TOKEN"] = "local-proxy-token"
        self.proc = subprocess.Popen([str(python), "-m", "jupyterhub", "-f", str(config)],
                                     cwd=workdir, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self._wait(timeout)

    def _wait(self, timeout: float) -> None:
        wait_until_answers(self.proc, self.url + "/hub/api", timeout,
                           lambda: "JupyterHub exited early:\n" + self.tail(),
                           lambda: f"JupyterHub did not answer within {timeout:.0f} s:\n"
                                   + self.tail())

    def tail(self, chars: int = 4000) -> str:
        self.log.flush()
        return (self.workdir / "jupyterhub.log").read_text(errors="replace")[-chars:]

    def home(self, name: str, source: Path = ROOT / "notebooks") -> Path:
        """The learner's home, with the course's notebooks copied in (what the nbgitpuller
        link does on a real hub)."""
        home = self.homes / name
        if not home.exists():
            shutil.copytree(source, home,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        return home

    def servers(self) -> dict[str, int]:
        """The learners' single-user servers (descendants of the hub): login -> process id."""
        found = {}
        for pid in tree(self.proc.pid)[1:]:
            if _is_server(pid) and not _is_server(_parent(pid)):
                found[environ(pid).get("JUPYTERHUB_USER", "?")] = pid
        return found

    def proxy(self) -> list[int]:
        return [c for c in children(self.proc.pid)
                if any("configurable-http-proxy" in part for part in cmdline(c))]

    def kernels(self) -> dict[int, str]:
        """Every kernel of every learner: process id -> login."""
        found = {}
        for user, server in self.servers().items():
            for pid in tree(server)[1:]:
                if any("ipykernel" in part for part in cmdline(pid)):
                    found[pid] = user
        return found

    def stop(self) -> None:
        # The hub stops the learners' servers, the proxy and its services on SIGTERM.
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0
