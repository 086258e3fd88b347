"""One simulated learner on the course's JupyterHub, speaking the protocols JupyterLab
speaks, without a browser.

A learner logs in through the hub's form, opens the notebook at the server's default URL
(which spawns their server), starts a kernel as JupyterLab does (a session on the
notebook's path), runs every code cell as *Run All Cells* does (every request sent at
once; the kernel stops at the first error), then uses the widgets the notebook drew
through their comm messages, as the browser's widget manager would: picks an option of a
quiz question and presses *Check*, writes a reading response and presses *Save response*,
types a name and presses *Export my submission*. Each press is timed from the moment the
click leaves to the moment the widget that answers it shows its new text.

The protocols: the hub's log-in form and redirects (``requests``, with its cookies), the
single-user server's REST API (``/api/sessions``, ``/api/contents``) with the ``_xsrf``
header, and the kernel's websocket (``/api/kernels/ID/channels``, jupyter_server's JSON
frames; ``websocket-client``). Widget messages follow the Jupyter widget protocol of
ipywidgets 8: ``comm_open`` with the model's state, ``comm_msg`` ``update`` (a changed
value, both ways) and ``custom`` ``{"event": "click"}`` (a button press).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote

import requests
import websocket

WIDGET_TARGET = "jupyter.widget"


class LearnerError(Exception):
    """A step of a simulated learner failed; the message says which and why."""


@dataclass
class Model:
    """A widget model as the kernel announced it, kept up to date with its updates."""
    comm_id: str
    state: dict[str, Any]
    changed: threading.Condition = field(default_factory=threading.Condition)
    version: int = 0

    @property
    def classes(self) -> list[str]:
        return list(self.state.get("_dom_classes") or [])

    def child_ids(self) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in self.state.get("children") or []]


class Kernel:
    """A kernel's websocket: sends requests, keeps the widget models, waits for replies."""

    def __init__(self, url: str, cookie: str, timeout: float):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(url, header=[f"Cookie: {cookie}"],
                                              timeout=timeout, enable_multithread=True)
        self.models: dict[str, Model] = {}
        self.replies: dict[str, dict] = {}
        self.errors: list[str] = []
        self.lock = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # -- sending -------------------------------------------------------------------------
    def _send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        msg = {"header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                          "username": "load", "version": "5.3",
                          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
               "parent_header": {}, "metadata": {}, "content": content,
               "channel": channel, "buffers": []}
        self.ws.send(json.dumps(msg))
        return msg_id

    def request(self, msg_type: str, content: dict) -> str:
        return self._send("shell", msg_type, content)

    def comm(self, comm_id: str, data: dict) -> str:
        return self._send("shell", "comm_msg", {"comm_id": comm_id, "data": data})

    # -- receiving -----------------------------------------------------------------------
    @staticmethod
    def _decode(frame) -> dict:
        if isinstance(frame, bytes):
            # jupyter_server's binary frame for a message with buffers: the number of
            # parts, their offsets, then the message as JSON first.
            n = int.from_bytes(frame[:4], "big")
            offsets = [int.from_bytes(frame[4 * (i + 1):4 * (i + 2)], "big") for i in range(n)]
            end = offsets[1] if n > 1 else len(frame)
            return json.loads(frame[offsets[0]:end])
        return json.loads(frame)

    def _read(self) -> None:
        while True:
            try:
                frame = self.ws.recv()
            except Exception:   # closed, or the server went away
                with self.lock:
                    self.closed = True
                    self.lock.notify_all()
                return
            if not frame:
                continue
            msg = self._decode(frame)
            kind = msg.get("msg_type") or msg["header"].get("msg_type")
            content = msg.get("content", {})
            if kind == "comm_open" and content.get("target_name") == WIDGET_TARGET:
                state = content.get("data", {}).get("state", {})
                with self.lock:
                    self.models[content["comm_id"]] = Model(content["comm_id"], dict(state))
                    self.lock.notify_all()
            elif kind == "comm_msg":
                data = content.get("data", {})
                model = self.models.get(content.get("comm_id"))
                if model is not None and data.get("method") == "update":
                    with model.changed:
                        model.state.update(data.get("state", {}))
                        model.version += 1
                        model.changed.notify_all()
            elif kind == "error":
                self.errors.append(f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "stream" and content.get("name") == "stderr":
                self.errors.append("stderr: " + content.get("text", "")[:300])
            parent = msg.get("parent_header", {}).get("msg_id")
            if msg.get("channel") == "shell" and parent:
                with self.lock:
                    self.replies[parent] = msg
                    self.lock.notify_all()

    def wait_reply(self, msg_id: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        with self.lock:
            while msg_id not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise LearnerError(f"no reply to {msg_id[:8]} within {timeout:.0f} s"
                                       + (" (websocket closed)" if self.closed else ""))
                self.lock.wait(left)
            return self.replies[msg_id]

    def wait_change(self, model: Model, since: int, test: Callable[[dict], bool],
                    timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with model.changed:
            while not (model.version > since and test(model.state)):
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise LearnerError("the widget did not answer within "
                                       f"{timeout:.0f} s (it shows {str(model.state.get('value'))[:120]!r})")
                model.changed.wait(left)

    # -- widgets -------------------------------------------------------------------------
    def find(self, cls: str, within: Model | None = None) -> Model:
        """The first model (in a depth-first walk of ``within``'s children, or among all
        models) with the DOM class ``cls``."""
        found = self.find_all(cls, within)
        if not found:
            raise LearnerError(f"no widget with class {cls!r}")
        return found[0]

    def find_all(self, cls: str, within: Model | None = None) -> list[Model]:
        with self.lock:
            if within is None:
                return [m for m in self.models.values() if cls in m.classes]
            out, todo = [], list(within.child_ids())
            while todo:
                m = self.models.get(todo.pop(0))
                if m is None:
                    continue
                if cls in m.classes:
                    out.append(m)
                todo = m.child_ids() + todo
            return out

    def descendants(self, root: Model, model_name: str) -> list[Model]:
        with self.lock:
            out, todo = [], list(root.child_ids())
            while todo:
                m = self.models.get(todo.pop(0))
                if m is None:
                    continue
                if m.state.get("_model_name") == model_name:
                    out.append(m)
                todo = m.child_ids() + todo
            return out

    def set(self, model: Model, **state) -> None:
        self.comm(model.comm_id, {"method": "update", "state": state, "buffer_paths": []})

    def click(self, button: Model) -> None:
        self.comm(button.comm_id, {"method": "custom", "content": {"event": "click"}})

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass


class Learner:
    """One learner's visit: log in, open the notebook, Run All, use the widgets."""

    def __init__(self, hub_url: str, name: str, password: str, notebook: str,
                 timeout: float = 300):
        self.hub_url, self.name, self.password = hub_url, name, password
        self.notebook, self.timeout = notebook, timeout
        self.http = requests.Session()
        self.times: dict[str, float] = {}
        self.clicks: list[dict] = []
        self.kernel: Kernel | None = None
        self.t0 = 0.0

    def mark(self, what: str) -> None:
        self.times[what] = round(time.monotonic() - self.t0, 3)

    @property
    def base(self) -> str:
        return f"{self.hub_url}/user/{self.name}"

    def _xsrf(self, path: str) -> str:
        """The ``_xsrf`` cookie a server at ``path`` set (the longest matching path)."""
        matches = [c for c in self.http.cookies
                   if c.name == "_xsrf" and path.startswith(c.path or "/")]
        if not matches:
            raise LearnerError(f"no _xsrf cookie for {path}")
        return max(matches, key=lambda c: len(c.path or "")).value

    def login(self) -> None:
        self.t0 = time.monotonic()
        r = self.http.get(f"{self.hub_url}/hub/login", timeout=self.timeout)
        r.raise_for_status()
        r = self.http.post(f"{self.hub_url}/hub/login?next=",
                           data={"username": self.name, "password": self.password,
                                 "_xsrf": self._xsrf("/hub/")},
                           timeout=self.timeout)
        if r.status_code >= 400:
            raise LearnerError(f"log-in refused: HTTP {r.status_code}")
        self.mark("logged_in")

    def open_default_url(self) -> str:
        """Follow the hub's redirects to the learner's default URL until their server
        answers it (the hub spawns the server on the way); the notebook's path."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            r = self.http.get(f"{self.hub_url}/hub/spawn", timeout=self.timeout)
            if r.url.startswith(f"{self.base}/lab") and r.status_code == 200:
                self.mark("server_ready")
                path = r.url.split("/lab/tree/", 1)[-1].split("?")[0]
                self.load_lab(r.text, path)
                return path
            time.sleep(0.5)
        raise LearnerError(f"the server did not open the default URL within {self.timeout:.0f} s")

    def load_lab(self, page: str, path: str) -> None:
        """What a browser asks the server for when the page arrives: the page's scripts
        (JupyterLab's main bundle and the extensions' entry points), the settings, the
        kernel specs, the workspace and the notebook's folder. (The hundred or so chunks
        the bundle loads lazily are left out: a browser keeps them after its first visit.)"""
        origin = self.hub_url
        urls = [u if u.startswith("http") else origin + u
                for u in re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)]
        found = re.search(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)
        if found:
            config = json.loads(found.group(1))
            base = config.get("fullLabextensionsUrl", f"/user/{self.name}/lab/extensions")
            urls += [f"{origin}{base}/{ext['name']}/{ext['load']}"
                     for ext in config.get("federated_extensions", [])]
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        urls += [f"{self.base}/lab/api/settings", f"{self.base}/api/kernelspecs",
                 f"{self.base}/lab/api/workspaces/default",
                 f"{self.base}/api/contents/{quote(folder)}?content=1"]
        for url in urls:
            r = self.http.get(url, timeout=self.timeout)
            if r.status_code >= 400:
                raise LearnerError(f"loading JupyterLab: HTTP {r.status_code} for {url}")
        self.times["page_requests"] = len(urls)
        self.mark("lab_loaded")

    def start_kernel(self, path: str) -> None:
        r = self.http.post(f"{self.base}/api/sessions",
                           json={"path": path, "name": path.rsplit("/", 1)[-1],
                                 "type": "notebook", "kernel": {"name": "python3"}},
                           headers={"X-XSRFToken": self._xsrf(f"/user/{self.name}/")},
                           timeout=self.timeout)
        if r.status_code >= 400:
            raise LearnerError(f"could not start a kernel: HTTP {r.status_code} {r.text[:200]}")
        kernel_id = r.json()["kernel"]["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        ws_url = (self.base.replace("http://", "ws://")
                  + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}")
        self.kernel = Kernel(ws_url, cookie, self.timeout)
        # The kernel is ready when it answers kernel_info (JupyterLab asks the same).
        deadline = time.monotonic() + self.timeout
        while True:
            msg_id = self.kernel.request("kernel_info_request", {})
            try:
                self.kernel.wait_reply(msg_id, 2)
                break
            except LearnerError:
                if time.monotonic() > deadline:
                    raise LearnerError("the kernel did not answer kernel_info")
        self.mark("kernel_ready")

    def run_all(self, path: str) -> None:
        r = self.http.get(f"{self.base}/api/contents/{quote(path)}", params={"content": 1},
                          timeout=self.timeout)
        r.raise_for_status()
        cells = [c for c in r.json()["content"]["cells"] if c["cell_type"] == "code"]
        assert self.kernel is not None
        ids = [self.kernel.request("execute_request", {
                   "code": "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                   "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}) for c in cells]
        for msg_id in ids:
            reply = self.kernel.wait_reply(msg_id, self.timeout)
            if reply["content"].get("status") != "ok":
                c = reply["content"]
                raise LearnerError(f"Run All: a cell failed ({c.get('ename')}: {c.get('evalue')})")
        self.mark("run_all_done")
        self.times["cells"] = len(cells)

    def press(self, label: str, button: Model, answer: Model,
              test: Callable[[dict], bool]) -> float:
        """Click ``button`` and wait until ``answer`` shows text that passes ``test``; the
        time it took, in seconds."""
        assert self.kernel is not None
        since = answer.version
        start = time.monotonic()
        self.kernel.click(button)
        self.kernel.wait_change(answer, since, test, self.timeout)
        took = time.monotonic() - start
        self.clicks.append({"what": label, "seconds": round(took, 4)})
        return took
