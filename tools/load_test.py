"""A class at once: N simulated learners on the course's JupyterHub, measured.

    .venv/bin/python tools/load_test.py                      # 30 learners, all at once, then spread
    .venv/bin/python tools/load_test.py --learners 10 --arrival burst
    .venv/bin/python tools/load_test.py --sweep 10,20,30 --arrival burst   # find the limit

``make load-test`` runs the first line (``LOAD_ARGS=...`` for others). Each run starts the
course's hub on loopback ports (``tools/hubctl.py``: ``deploy/jupyterhub_config.py`` with
the dummy authenticator and local-process spawner), then N learners
(``tools/load_client.py``) arrive all at once (``burst``) or one every ``spread / N``
seconds (``spread``). Each logs in, opens notebook 00 through the default URL, starts a
kernel, runs every cell, answers the notebook's single-choice questions (some right, some
wrong, fixed by the learner's number), writes a reading response, and exports a
submission, all through the widgets' comm messages. While they work, the machine is
sampled every second: CPU by kind of process (kernels, learners' servers, hub and proxy,
this load client) and resident memory.

Afterwards every learner's progress store and submission are read back and compared with
what that learner did: each answer right or wrong as given, the wrong choice recorded,
no question that learner did not answer, the response in their store and in no one
else's, the submission named for them and holding the same results.

Writes ``build/load.json`` (every figure) and ``build/load.html`` (tables and charts, no
script, offline). A run is a measurement, not a test: it passes or fails against the
targets of the issue (p95 time to feedback under 2 s, every Run All under 30 s, nothing
lost), and says so. ``tests/hub/test_load.py`` runs three learners in ``make test``.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hubctl  # noqa: E402
from load_client import Learner, LearnerError  # noqa: E402

ROOT = hubctl.ROOT
NOTEBOOK = "00-start-here.ipynb"
STEM = "00-start-here"
MAX_LEARNERS = 200
TARGET_FEEDBACK_P95 = 2.0
TARGET_RUN_ALL = 30.0
CLK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------
# What one learner does


def plan(index: int) -> dict:
    """What learner ``index`` will do: for each single-choice question of notebook 00, the
    option they pick (right for two questions in three, a wrong one otherwise, fixed by
    the index), their response to paragraph 0.1 and their name."""
    from closereading import quiz
    rng = random.Random(index)
    answers = {}
    for j, q in enumerate(quiz.questions(STEM)):
        if q.type not in ("single", "true-false"):
            continue
        choices = [True, False] if q.type == "true-false" else list(q.choices())
        right = (index + j) % 3 != 0
        pick = q.answer if right else rng.choice([c for c in choices if c != q.answer])
        answers[q.id] = {"index": choices.index(pick), "choice": pick, "correct": right}
    tag = f"{index:03d}-{rng.getrandbits(32):08x}"
    return {"name": f"learner{index:03d}", "display_name": f"Learner {index:03d}",
            "answers": answers,
            "response": f"Load-test reading {tag}: the paragraph states an aim and a method."}


def visit(hub_url: str, index: int, notebook: str, timeout: float, t_start: float) -> dict:
    """One learner's whole visit; every time is in seconds from their arrival."""
    from closereading.quiz.widgets import css_id
    todo = plan(index)
    learner = Learner(hub_url, todo["name"], hubctl.PASSWORD, notebook, timeout=timeout)
    result = {"learner": todo["name"], "plan": todo,
              "arrived": round(time.monotonic() - t_start, 3), "times": learner.times,
              "clicks": learner.clicks, "errors": []}
    try:
        learner.login()
        path = learner.open_default_url()
        learner.start_kernel(path)
        learner.run_all(path)
        k = learner.kernel
        for qid, a in todo["answers"].items():
            view = k.find(css_id(qid))
            radio = k.descendants(view, "RadioButtonsModel")[0]
            k.set(radio, index=a["index"])
            learner.press("check", k.find("cr-quiz-check", view),
                          k.find("cr-quiz-feedback", view),
                          lambda s: "Correct." in s.get("value", "") or "Not yet." in s.get("value", ""))
        reading = k.find("cr-reading")
        k.set(k.find("cr-reading-box", reading), value=todo["response"])
        learner.press("save response", k.find("cr-reading-save", reading),
                      k.find("cr-reading-status", reading),
                      lambda s: "Saved" in s.get("value", "") or "Not saved" in s.get("value", ""))
        export = k.find("cr-export")
        texts = k.descendants(export, "TextModel")
        k.set(texts[0], value=todo["display_name"])
        button = next(b for b in k.descendants(export, "ButtonModel")
                      if "Export" in b.state.get("description", ""))
        learner.press("export", button, k.find("cr-export-message", export),
                      lambda s: "xported" in s.get("value", ""))
        learner.mark("done")
        result["kernel_errors"] = list(k.errors)
    except LearnerError as exc:
        result["errors"].append(str(exc))
    except Exception as exc:   # a bug of the client or an unexpected answer: recorded
        result["errors"].append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    finally:
        if learner.kernel is not None:
            result.setdefault("kernel_errors", list(learner.kernel.errors))
            learner.kernel.close()
    return result


# ---------------------------------------------------------------------------------------
# The machine, sampled


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])   # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _machine_ticks() -> tuple[int, int]:
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts), idle


def _mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """Every ``every`` seconds: the machine's CPU use, and CPU and resident memory by kind
    of process (kernels, learners' servers, hub and proxy, this client)."""

    def __init__(self, hub: hubctl.Hub, every: float = 1.0):
        super().__init__(daemon=True)
        self.hub, self.every = hub, every
        self.samples: list[dict] = []
        self.kernel_peaks: dict[int, dict] = {}
        self.stop_event = threading.Event()
        self.t0 = time.monotonic()

    def groups(self) -> dict[str, list[int]]:
        kernels = self.hub.kernels()
        servers = list(self.hub.servers().values())
        return {"kernels": list(kernels), "servers": servers,
                "hub_and_proxy": [self.hub.proc.pid] + self.hub.proxy(),
                "load_client": [os.getpid()]}

    def run(self) -> None:
        last_total, last_idle = _machine_ticks()
        last_ticks: dict[int, int] = {}
        while not self.stop_event.wait(self.every):
            total, idle = _machine_ticks()
            busy = 1 - (idle - last_idle) / max(total - last_total, 1)
            last_total, last_idle = total, idle
            sample = {"t": round(time.monotonic() - self.t0, 2),
                      "cpu_machine_pct": round(100 * busy, 1),
                      "mem_available_mb": round(_mem_available_mb())}
            groups = self.groups()
            for name, pids in groups.items():
                cpu = 0
                for pid in pids:
                    now = _cpu_ticks(pid)
                    cpu += max(now - last_ticks.get(pid, now), 0)
                    last_ticks[pid] = now
                sample[f"cpu_{name}_cores"] = round(cpu / CLK / self.every, 3)
                sample[f"rss_{name}_mb"] = round(sum(hubctl.rss_mb(p) for p in pids), 1)
            sample["kernels"] = len(groups["kernels"])
            kernels = self.hub.kernels()
            for pid, user in kernels.items():
                peak = hubctl.peak_mb(pid)
                if peak:
                    self.kernel_peaks[pid] = {"learner": user, "peak_mb": round(peak, 1),
                                              "rss_mb": round(hubctl.rss_mb(pid), 1)}
            self.samples.append(sample)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=10)


# ---------------------------------------------------------------------------------------
# Checking that nothing was lost


def verify(hub: hubctl.Hub, results: list[dict]) -> list[dict]:
    """For each learner: do their store and their submission hold exactly what they did?"""
    stores = {}
    for r in results:
        p = hub.homes / r["learner"] / ".local/share/closereading/progress.json"
        try:
            stores[r["learner"]] = p.read_text(encoding="utf-8")
        except OSError:
            stores[r["learner"]] = None
    checks = []
    for r in results:
        name, todo = r["learner"], r["plan"]
        problems = []
        raw = stores[name]
        if raw is None:
            problems.append("no progress store")
        else:
            store = json.loads(raw)
            questions = store.get("questions", {})
            if set(questions) != set(todo["answers"]):
                problems.append(f"store holds questions {sorted(questions)}, "
                                f"expected {sorted(todo['answers'])}")
            for qid, a in todo["answers"].items():
                rec = questions.get(qid, {})
                if rec.get("correct") is not a["correct"]:
                    problems.append(f"{qid}: store says correct={rec.get('correct')}, "
                                    f"learner was {'right' if a['correct'] else 'wrong'}")
                if not a["correct"] and json.dumps(a["choice"]) not in json.dumps(rec.get("wrong", [])):
                    problems.append(f"{qid}: the wrong choice is not recorded")
            if todo["response"] not in raw:
                problems.append("the reading response is not in the store")
            others = [n for n, s in stores.items() if n != name and s and todo["response"] in s]
            if others:
                problems.append(f"the response is also in the stores of {others}")
        subs = sorted((hub.homes / name).glob("closereading-submission-*.json"))
        if len(subs) != 1:
            problems.append(f"{len(subs)} submission files")
        else:
            sub = json.loads(subs[0].read_text(encoding="utf-8"))
            if sub.get("name") != todo["display_name"]:
                problems.append(f"submission named {sub.get('name')!r}")
            entries = {e["id"]: e for e in sub.get("questions", []) if "id" in e}
            for qid, a in todo["answers"].items():
                if entries.get(qid, {}).get("correct") is not a["correct"]:
                    problems.append(f"{qid}: the submission disagrees")
            if todo["response"] not in json.dumps(sub, ensure_ascii=False):
                problems.append("the reading response is not in the submission")
        checks.append({"learner": name, "ok": not problems and not r["errors"],
                       "problems": problems})
    return checks


# ---------------------------------------------------------------------------------------
# One run


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)   # nearest rank: the smallest value with p % at or below it
    k = max(0, min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1))
    return round(values[k], 3)


def summarise(results: list[dict], checks: list[dict], sampler: Sampler,
              hub_rss_end: float) -> dict:
    clicks = [c["seconds"] for r in results for c in r["clicks"]]
    run_all = [r["times"]["run_all_done"] - r["times"]["kernel_ready"]
               for r in results if "run_all_done" in r["times"]]
    ready = [r["times"]["kernel_ready"] for r in results if "kernel_ready" in r["times"]]
    finished = [r["times"]["run_all_done"] for r in results if "run_all_done" in r["times"]]
    by_kind: dict[str, list[float]] = {}
    for r in results:
        for c in r["clicks"]:
            by_kind.setdefault(c["what"], []).append(c["seconds"])
    samples = sampler.samples
    peaks = list(sampler.kernel_peaks.values())
    errors = [f"{r['learner']}: {e}" for r in results for e in r["errors"]]
    kernel_errors = [f"{r['learner']}: {e}" for r in results for e in r.get("kernel_errors", [])]
    lost = [c for c in checks if c["problems"]]
    s = {
        "learners": len(results),
        "completed": sum(1 for r in results if "done" in r["times"]),
        "feedback_seconds": {"n": len(clicks), "p50": _pct(clicks, 50),
                             "p95": _pct(clicks, 95), "max": max(clicks, default=None)},
        "feedback_by_kind": {k: {"n": len(v), "p50": _pct(v, 50), "p95": _pct(v, 95),
                                 "max": max(v)} for k, v in sorted(by_kind.items())},
        "login_to_kernel_ready_seconds": {"p50": _pct(ready, 50), "p95": _pct(ready, 95),
                                          "max": max(ready, default=None)},
        "run_all_seconds": {"p50": _pct(run_all, 50), "p95": _pct(run_all, 95),
                            "max": round(max(run_all), 3) if run_all else None},
        "login_to_run_all_done_seconds": {"p50": _pct(finished, 50),
                                          "max": max(finished, default=None)},
        "kernel_peak_mb": {"mean": round(statistics.mean(p["peak_mb"] for p in peaks), 1)
                           if peaks else None,
                           "max": max((p["peak_mb"] for p in peaks), default=None)},
        "peak_total_rss_mb": max((sum(x[k] for k in x if k.startswith("rss_")) for x in samples),
                                 default=None),
        "peak_hub_and_proxy_mb": max((x["rss_hub_and_proxy_mb"] for x in samples), default=None),
        "peak_servers_mb": max((x["rss_servers_mb"] for x in samples), default=None),
        "peak_kernels_mb": max((x["rss_kernels_mb"] for x in samples), default=None),
        "min_mem_available_mb": min((x["mem_available_mb"] for x in samples), default=None),
        "cpu_machine_pct_mean": round(statistics.mean(x["cpu_machine_pct"] for x in samples), 1)
        if samples else None,
        "cpu_seconds_by_kind": {k: round(sum(x[f"cpu_{k}_cores"] for x in samples)
                                         * sampler.every, 1)
                                for k in ("kernels", "servers", "hub_and_proxy", "load_client")},
        "hub_rss_end_mb": round(hub_rss_end, 1),
        "errors": errors, "kernel_errors": kernel_errors,
        "lost": lost,
    }
    s["meets_targets"] = bool(
        s["completed"] == s["learners"] and not errors and not lost
        and s["feedback_seconds"]["p95"] is not None
        and s["feedback_seconds"]["p95"] < TARGET_FEEDBACK_P95
        and s["run_all_seconds"]["max"] is not None
        and s["run_all_seconds"]["max"] < TARGET_RUN_ALL)
    s["limited_by"] = limiting_factor(s, samples)
    return s


def limiting_factor(summary: dict, samples: list[dict]) -> str:
    """What the samples say held the run back, in words."""
    if not samples:
        return "no samples"
    cores = os.cpu_count() or 1
    busy = [x for x in samples if x["cpu_machine_pct"] >= 90]
    share = len(busy) / len(samples)
    cpu = summary["cpu_seconds_by_kind"]
    total = sum(cpu.values()) or 1
    top = max(cpu, key=cpu.get)
    if summary["min_mem_available_mb"] is not None and summary["min_mem_available_mb"] < 1024:
        return (f"memory: at its lowest {summary['min_mem_available_mb']:.0f} MB was left "
                "available")
    return (f"CPU: the machine's {cores} cores were at 90 % or more for "
            f"{100 * share:.0f} % of the run; {top.replace('_', ' ')} used "
            f"{100 * cpu[top] / total:.0f} % of the processor time measured "
            f"({', '.join(f'{k.replace(chr(95), chr(32))} {v:.0f} s' for k, v in cpu.items())})")


def run(learners: int, arrival: str, *, spread: float, notebook: str, timeout: float,
        workdir: Path) -> dict:
    if not 1 <= learners <= MAX_LEARNERS:
        raise SystemExit(f"load-test: --learners must be from 1 to {MAX_LEARNERS}")
    why = hubctl.missing()
    if why:
        raise SystemExit(f"load-test: {why}")
    hub = hubctl.Hub(workdir, default_url=f"/lab/tree/{notebook}")
    for i in range(learners):
        hub.home(f"learner{i:03d}")
    sampler = Sampler(hub)
    sampler.start()
    results: list[dict | None] = [None] * learners
    t_start = time.monotonic()

    def one(i: int) -> None:
        delay = (spread * i / learners) if arrival == "spread" else 0.0
        time.sleep(max(0.0, t_start + delay - time.monotonic()))
        results[i] = visit(hub.url, i, notebook, timeout, t_start)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(learners)]
    try:
        for t in threads:
            t.start()
        deadline = t_start + spread + timeout * 3
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        done = [r if r is not None else {"learner": f"learner{i:03d}", "plan": plan(i),
                                         "times": {}, "clicks": [],
                                         "errors": ["did not finish before the run's time limit"]}
                for i, r in enumerate(results)]
        time.sleep(2)   # one more sample with every kernel still running
        sampler.stop()
        checks = verify(hub, done)
        hub_rss_end = hubctl.rss_mb(hub.proc.pid)
    finally:
        sampler.stop()
        hub.stop()
    summary = summarise(done, checks, sampler, hub_rss_end)
    return {"learners": learners, "arrival": arrival,
            "spread_seconds": spread if arrival == "spread" else 0, "notebook": notebook,
            "wall_seconds": round(time.monotonic() - t_start, 1),
            "summary": summary, "per_learner": done, "checks": checks,
            "kernels": list(sampler.kernel_peaks.values()), "samples": sampler.samples}


# ---------------------------------------------------------------------------------------
# The page


PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]   # Okabe-Ito


def _figure_html(fig, alt: str, caption: str) -> str:
    import matplotlib.pyplot as plt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def charts(one: dict) -> list[str]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    out = []
    label = f"{one['learners']} learners, {one['arrival']}"
    # Per learner: arrival, server ready, kernel ready, Run All done, last click.
    rows = sorted(one["per_learner"], key=lambda r: r["learner"])
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.22 * len(rows) + 1)))
    steps = [("server_ready", "log-in to server ready"), ("kernel_ready", "kernel started"),
             ("run_all_done", "Run All"), ("done", "questions, response, export")]
    for y, r in enumerate(rows):
        left = r["arrived"]
        prev = 0.0
        for k, (key, name) in enumerate(steps):
            if key in r["times"]:
                width = r["times"][key] - prev
                ax.barh(y, width, left=left + prev, color=PALETTE[k], hatch=["", "//", "", ".."][k],
                        edgecolor="white", label=name if y == 0 else None)
                prev = r["times"][key]
    ax.set_yticks(range(len(rows)), [r["learner"] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("seconds from the start of the run")
    ax.set_title(f"Each learner's visit ({label})")
    ax.legend(loc="lower right", fontsize=8)
    out.append(_figure_html(
        fig, f"Horizontal bars, one per learner, for {label}: log-in to server, kernel, "
             "Run All, then the clicks.",
        "Each bar is one learner's visit, from arrival: the hub starting their server, "
        "their kernel starting, Run All, then the questions, the response and the export. "
        "Long Run All segments mean the learners' kernels were waiting for a core."))
    clicks = sorted(c["seconds"] for r in rows for c in r["clicks"])
    if clicks:
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.plot(clicks, [(i + 1) / len(clicks) for i in range(len(clicks))],
                color=PALETTE[0], drawstyle="steps-post", label="clicks")
        ax.axvline(TARGET_FEEDBACK_P95, color=PALETTE[5], linestyle="--",
                   label=f"target: {TARGET_FEEDBACK_P95:.0f} s")
        ax.axhline(0.95, color="grey", linestyle=":", label="95 % of clicks")
        ax.set_xlabel("seconds from a click to its feedback")
        ax.set_ylabel("share of clicks answered")
        ax.set_title(f"Time to feedback ({label})")
        ax.legend(fontsize=8)
        s = one["summary"]["feedback_seconds"]
        out.append(_figure_html(
            fig, f"Cumulative distribution of the time from a click to its feedback, {label}.",
            f"Of {s['n']} clicks, half were answered within {s['p50']} s and 95 % within "
            f"{s['p95']} s (the slowest: {s['max']} s). The dashed line is the 2-second target."))
    samples = one["samples"]
    if samples:
        t = [x["t"] for x in samples]
        kinds = ["kernels", "servers", "hub_and_proxy", "load_client"]
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.stackplot(t, *[[x[f"cpu_{k}_cores"] for x in samples] for k in kinds],
                     labels=[k.replace("_", " ") for k in kinds], colors=PALETTE[:4],
                     hatch=["", "//", "..", "xx"])
        ax.axhline(os.cpu_count() or 1, color="black", linestyle="--", label="all cores")
        ax.set_xlabel("seconds from the start of the run")
        ax.set_ylabel("cores in use")
        ax.set_title(f"CPU by kind of process ({label})")
        ax.legend(fontsize=8, loc="upper right")
        out.append(_figure_html(
            fig, f"Stacked area chart of cores in use over time by kind of process, {label}.",
            "Cores in use, stacked: the learners' kernels, their single-user servers, the "
            "hub with its proxy, and this load client. Where the stack reaches the dashed "
            "line, every core is busy and work waits."))
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.stackplot(t, *[[x[f"rss_{k}_mb"] / 1024 for x in samples] for k in kinds],
                     labels=[k.replace("_", " ") for k in kinds], colors=PALETTE[:4],
                     hatch=["", "//", "..", "xx"])
        ax.set_xlabel("seconds from the start of the run")
        ax.set_ylabel("resident memory (GB)")
        ax.set_title(f"Memory by kind of process ({label})")
        ax.legend(fontsize=8, loc="upper left")
        out.append(_figure_html(
            fig, f"Stacked area chart of resident memory over time by kind of process, {label}.",
            f"Resident memory, stacked by kind of process; at the peak "
            f"{one['summary']['peak_total_rss_mb'] / 1024:.1f} GB."))
    return out


def sweep_chart(runs: list[dict]) -> str:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for k, arrival in enumerate(sorted({r["arrival"] for r in runs})):
        rs = sorted((r for r in runs if r["arrival"] == arrival), key=lambda r: r["learners"])
        ns = [r["learners"] for r in rs]
        ax.plot(ns, [r["summary"]["feedback_seconds"]["p95"] or 0 for r in rs],
                marker="o", color=PALETTE[2 * k], label=f"p95 feedback, {arrival} (s)")
        ax.plot(ns, [(r["summary"]["run_all_seconds"]["max"] or 0) / 15 for r in rs],
                marker="s", linestyle="--", color=PALETTE[2 * k + 1],
                label=f"slowest Run All / 15, {arrival}")
    ax.axhline(TARGET_FEEDBACK_P95, color="black", linestyle=":",
               label="targets: 2 s feedback; 30 s Run All (= 2 on this scale)")
    ax.set_xlabel("learners at once")
    ax.set_ylabel("seconds")
    ax.set_title("Where the targets are crossed")
    ax.legend(fontsize=8)
    return _figure_html(fig, "Line chart of p95 time to feedback and slowest Run All against "
                             "the number of learners.",
                        "Both lines below the dotted target line: the number of learners "
                        "meets both targets. The Run All line is scaled by 1/15 so that its "
                        "30-second target falls on the same line as the 2-second one.")


def page(report: dict) -> str:
    e = html.escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             "<title>Load test: the course on JupyterHub</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;color:#111}"
             "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.2em .5em;"
             "text-align:right}th:first-child,td:first-child{text-align:left}"
             "img{max-width:100%}figcaption{font-size:.9em}</style></head><body><main>",
             "<h1>Load test: the course on JupyterHub</h1>",
             f"<p>{e(report['machine'])}. Targets: 95 % of clicks answered within "
             f"{TARGET_FEEDBACK_P95:.0f} s, every Run All within {TARGET_RUN_ALL:.0f} s, "
             "nothing lost.</p>"]
    if report.get("limit") is not None:
        parts.append(f"<p><strong>{e(report['limit_text'])}</strong></p>")
    parts.append("<table><caption>Every run</caption><tr><th scope='col'>run</th>"
                 "<th scope='col'>completed</th><th scope='col'>feedback p50 / p95 / max (s)</th>"
                 "<th scope='col'>Run All p50 / max (s)</th><th scope='col'>kernel ready p95 (s)</th>"
                 "<th scope='col'>peak memory (GB)</th><th scope='col'>kernel peak, mean (MB)</th>"
                 "<th scope='col'>targets</th></tr>")
    for r in report["runs"]:
        s = r["summary"]
        f, ra = s["feedback_seconds"], s["run_all_seconds"]
        parts.append(
            f"<tr><td>{r['learners']} learners, {e(r['arrival'])}</td>"
            f"<td>{s['completed']} of {s['learners']}</td>"
            f"<td>{f['p50']} / {f['p95']} / {f['max']}</td><td>{ra['p50']} / {ra['max']}</td>"
            f"<td>{s['login_to_kernel_ready_seconds']['p95']}</td>"
            f"<td>{(s['peak_total_rss_mb'] or 0) / 1024:.2f}</td>"
            f"<td>{s['kernel_peak_mb']['mean']}</td>"
            f"<td>{'met' if s['meets_targets'] else 'missed'}</td></tr>")
    parts.append("</table>")
    if len(report["runs"]) > 1:
        parts.append(sweep_chart(report["runs"]))
    for r in report["runs"]:
        s = r["summary"]
        parts.append(f"<h2>{r['learners']} learners, {e(r['arrival'])}</h2>")
        parts.append(f"<p>What limited it: {e(s['limited_by'])}.</p>")
        if s["errors"] or s["lost"]:
            parts.append("<p>Problems:</p><ul>" + "".join(
                f"<li>{e(x)}</li>" for x in s["errors"][:20]) + "".join(
                f"<li>{e(c['learner'])}: {e('; '.join(c['problems']))}</li>"
                for c in s["lost"][:20]) + "</ul>")
        else:
            parts.append("<p>Every learner finished, and every store and submission holds "
                         "exactly what that learner did.</p>")
        parts += charts(r)
    parts.append("</main></body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------


def machine() -> str:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) / 1024 / 1024
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{mem:.0f} GB, Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", type=int, default=30, help="learners per run (default 30)")
    ap.add_argument("--sweep", default="", help="a list of learner counts, e.g. 10,20,30: one "
                                                 "run each, and the largest that meets the targets")
    ap.add_argument("--arrival", default="burst,spread",
                    help="burst (all at once), spread (over --spread seconds), or both, "
                         "comma-separated (default burst,spread)")
    ap.add_argument("--spread", type=float, default=120.0, help="seconds over which learners "
                                                                 "arrive with --arrival spread")
    ap.add_argument("--notebook", default=NOTEBOOK, help=argparse.SUPPRESS)
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="seconds one learner's step may take before it counts as failed")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "load.json")
    ap.add_argument("--html", type=Path, default=None,
                    help="the page (default: load.html beside --out)")
    args = ap.parse_args(argv)
    arrivals = [a.strip() for a in args.arrival.split(",") if a.strip()]
    if not arrivals or any(a not in ("burst", "spread") for a in arrivals):
        ap.error("--arrival takes burst, spread, or burst,spread")
    try:
        counts = [int(n) for n in args.sweep.split(",") if n.strip()] or [args.learners]
    except ValueError:
        ap.error("--sweep takes whole numbers separated by commas, e.g. 10,20,30")
    runs = []
    for n in counts:
        for arrival in arrivals:
            with tempfile.TemporaryDirectory(prefix="closereading-load-") as tmp:
                print(f"load-test: {n} learners, {arrival} ...", flush=True)
                one = run(n, arrival, spread=args.spread, notebook=args.notebook,
                          timeout=args.timeout, workdir=Path(tmp))
            s = one["summary"]
            print(f"  completed {s['completed']}/{n}; feedback p50 {s['feedback_seconds']['p50']} s, "
                  f"p95 {s['feedback_seconds']['p95']} s, max {s['feedback_seconds']['max']} s; "
                  f"Run All p50 {s['run_all_seconds']['p50']} s, max {s['run_all_seconds']['max']} s; "
                  f"peak memory {(s['peak_total_rss_mb'] or 0) / 1024:.2f} GB; "
                  f"{'targets met' if s['meets_targets'] else 'targets missed'}; "
                  f"{len(s['errors'])} errors, {len(s['lost'])} learners with something lost",
                  flush=True)
            runs.append(one)
    report = {"machine": machine(), "targets": {"feedback_p95_seconds": TARGET_FEEDBACK_P95,
                                                "run_all_seconds": TARGET_RUN_ALL},
              "runs": runs}
    passing = [r["learners"] for r in runs if r["summary"]["meets_targets"]]
    report["limit"] = max(passing) if passing and len(counts) > 1 else None
    if report["limit"] is not None:
        report["limit_text"] = (f"The largest class tried that met every target: "
                                f"{report['limit']} learners (tried {', '.join(map(str, counts))}).")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    html_path = args.html or args.out.with_suffix(".html")
    html_path.write_text(page(report), encoding="utf-8")
    print(f"load-test: wrote {args.out} and {html_path}")
    bad = [r for r in runs if r["summary"]["errors"] or r["summary"]["lost"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
