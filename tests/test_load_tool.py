"""The load test's own logic, without a hub: what a learner plans to do, the check that
nothing was lost (tools/load_test.py ``verify``), the percentiles, and the page."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import load_test  # noqa: E402


def test_plans_are_fixed_by_the_learner_and_mix_right_and_wrong():
    from closereading import quiz
    a, again, b = load_test.plan(4), load_test.plan(4), load_test.plan(5)
    assert a == again and a["response"] != b["response"]
    radio = [q for q in quiz.questions("00-start-here") if q.type in ("single", "true-false")]
    assert set(a["answers"]) == {q.id for q in radio} and len(radio) >= 2
    every = [x for i in range(6) for x in load_test.plan(i)["answers"].values()]
    assert {x["correct"] for x in every} == {True, False}
    for q in radio:
        x = a["answers"][q.id]
        choices = [True, False] if q.type == "true-false" else list(q.choices())
        assert choices[x["index"]] == x["choice"]
        assert (x["choice"] == q.answer) is x["correct"]


def _home(tmp_path, name, store, sub):
    home = tmp_path / "homes" / name
    (home / ".local/share/closereading").mkdir(parents=True)
    (home / ".local/share/closereading/progress.json").write_text(json.dumps(store))
    if sub is not None:
        (home / f"closereading-submission-{name}.json").write_text(json.dumps(sub))


def _faithful(todo):
    questions = {qid: {"correct": a["correct"], "wrong": [] if a["correct"] else [a["choice"]]}
                 for qid, a in todo["answers"].items()}
    store = {"questions": questions, "readings": {"0.1": {"text": todo["response"]}}}
    sub = {"name": todo["display_name"],
           "questions": [{"id": q, "correct": a["correct"]} for q, a in todo["answers"].items()],
           "records": {"reading": {"0.1": todo["response"]}}}
    return store, sub


@pytest.mark.parametrize("damage", [None, "flip", "drop-wrong", "extra", "no-response",
                                    "leak", "no-submission", "sub-name", "sub-flip"])
def test_verify_finds_each_kind_of_loss(tmp_path, damage):
    todos = [load_test.plan(0), load_test.plan(1)]
    for todo in todos:
        store, sub = _faithful(todo)
        if todo is todos[0]:
            qid = next(q for q, a in todo["answers"].items() if not a["correct"])
            if damage == "flip":
                store["questions"][qid]["correct"] = True
            elif damage == "drop-wrong":
                store["questions"][qid]["wrong"] = []
            elif damage == "extra":
                store["questions"]["someone-else"] = {"correct": True}
            elif damage == "no-response":
                store["readings"] = {}
            elif damage == "no-submission":
                sub = None
            elif damage == "sub-name":
                sub["name"] = "Learner 999"
            elif damage == "sub-flip":
                sub["questions"][0]["correct"] = not sub["questions"][0]["correct"]
        elif damage == "leak":
            store["readings"]["0.2"] = {"text": todos[0]["response"]}
        _home(tmp_path, todo["name"], store, sub)
    results = [{"learner": t["name"], "plan": t, "errors": []} for t in todos]
    checks = load_test.verify(SimpleNamespace(homes=tmp_path / "homes"), results)
    if damage is None:
        assert [c["ok"] for c in checks] == [True, True], checks
    else:
        assert checks[0]["ok"] is False and checks[0]["problems"], checks
        assert checks[1]["ok"] is True, checks


def test_percentiles_are_nearest_rank():
    values = [float(x) for x in range(1, 101)]
    assert load_test._pct(values, 50) == 50.0
    assert load_test._pct(values, 95) == 95.0
    assert load_test._pct([3.0], 95) == 3.0
    assert load_test._pct([], 50) is None
    assert load_test._pct([1.0, 2.0], 50) == 1.0


def test_the_page_escapes_and_describes_every_chart():
    sample = {"t": 1.0, "cpu_machine_pct": 50.0, "mem_available_mb": 9000,
              **{f"cpu_{k}_cores": 0.5 for k in ("kernels", "servers", "hub_and_proxy", "load_client")},
              **{f"rss_{k}_mb": 100.0 for k in ("kernels", "servers", "hub_and_proxy", "load_client")},
              "kernels": 1}
    person = {"learner": "learner000", "arrived": 0.0, "errors": ["<script>x</script>"],
              "times": {"server_ready": 1, "kernel_ready": 2, "run_all_done": 4, "done": 5},
              "clicks": [{"what": "check", "seconds": 0.1}]}
    summary = load_test.summarise([person], [{"learner": "learner000", "ok": False,
                                              "problems": ["<b>lost</b>"]}],
                                  SimpleNamespace(samples=[sample], kernel_peaks={}, every=1.0),
                                  100.0)
    assert summary["meets_targets"] is False
    run = {"learners": 1, "arrival": "burst", "per_learner": [person], "samples": [sample],
           "summary": summary}
    html = load_test.page({"machine": "test", "runs": [run], "limit": None})
    assert "<script>x" not in html and "&lt;script&gt;x" in html and "&lt;b&gt;lost" in html
    assert html.count("<img ") == 4 and html.count(' alt="') == 4
    assert html.count("<figcaption>") == 4
