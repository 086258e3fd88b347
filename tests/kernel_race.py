"""Reproduce, without a browser, the kernel-side cause of issue 8's stalled Run All.

ipykernel 7.0-7.3 reads shell requests through a ZMQStream but writes the replies with
a raw ``send_multipart`` on the same ROUTER socket (``SubshellManager.
_send_on_shell_channel``). A raw send lets libzmq consume the socket's edge-triggered
"readable" signal, and the stream is never told, so a request that reaches the socket
while a reply is being written can lie there unread. Requests that follow it on the same
connection wait behind it, the kernel stays "idle", and only a new kernel (a restart)
runs cells again. This is ipykernel issue 1554, fixed by pull request 1529 in ipykernel
7.4.0, which sends the reply through the stream.

This script plays what Run All does to the socket: a request, and a second one on the
same connection a fraction of a millisecond later, while the first reply is on its way.
Each round waits for both replies. A round whose second reply does not come within
``--wait`` seconds is a stall. The script then records whether a second client's request
(a new connection, as a page reload makes) brings the stranded reply, and whether a
further request on the same connection does; on ipykernel 7.3.0 neither did.

    python tests/kernel_race.py --rounds 2000
    python tests/kernel_race.py --rounds 2000 --json build/shell_race.json

Exit status: 0 when no round stalled, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import ipykernel
import zmq
from jupyter_client import KernelManager


def run(rounds: int, wait: float, seed: int, max_delay_us: int, burst: int = 2) -> dict:
    rng = random.Random(seed)
    # IPC sockets in a folder of this run's own, not TCP ports: a port that
    # jupyter_client found free can be taken by another process before the kernel binds
    # it ("Address already in use"), as happened with two test suites on one machine.
    sockets = tempfile.mkdtemp(prefix="kernel-race-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
    km.start_kernel(extra_arguments=["--HistoryManager.enabled=False"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    stalls: list[dict] = []
    done = 0
    started = time.perf_counter()
    try:
        for n in range(rounds):
            delays = [rng.uniform(0, max_delay_us) / 1e6 for _ in range(burst - 1)]
            pending = {kc.kernel_info()}
            for delay in delays:        # busy-wait: sleep() is far coarser than this
                t0 = time.perf_counter()
                while time.perf_counter() - t0 < delay:
                    pass
                pending.add(kc.kernel_info())
            deadline = time.monotonic() + wait
            while pending and time.monotonic() < deadline:
                try:
                    reply = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
                except Exception:  # queue.Empty: nothing within the wait
                    break
                pending.discard(reply["parent_header"].get("msg_id"))
            done = n + 1
            if not pending:
                continue
            # A stall: wake the socket with a second connection, as a kernel restart
            # or a page reload does in JupyterLab, and see whether the reply follows.
            other = km.client()
            other.start_channels()
            try:
                other.kernel_info(reply=True, timeout=10)
            finally:
                other.stop_channels()
            recovered = False
            deadline = time.monotonic() + 10
            while pending and time.monotonic() < deadline:
                try:
                    reply = kc.get_shell_msg(timeout=1)
                except Exception:
                    continue
                pending.discard(reply["parent_header"].get("msg_id"))
            recovered = not pending
            stalls.append({"round": n, "delays_us": [round(d * 1e6, 1) for d in delays],
                           "unanswered": len(pending),
                           "woken_by_new_connection": recovered})
            if pending:
                # Try once more on the same connection: does a later request free it?
                kc.kernel_info()
                deadline = time.monotonic() + 5
                got = []
                while time.monotonic() < deadline:
                    try:
                        got.append(kc.get_shell_msg(timeout=1)["parent_header"].get("msg_id"))
                    except Exception:
                        continue
                stalls[-1]["later_replies"] = len(got)
                stalls[-1]["stranded_arrived_later"] = bool(pending & set(got))
                break  # the kernel takes no more requests on this connection: stop
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    return {
        "ipykernel": ipykernel.__version__,
        "pyzmq": zmq.__version__,
        "libzmq": zmq.zmq_version(),
        "burst": burst,
        "rounds_asked": rounds,
        "rounds_run": done,
        "stalls": len(stalls),
        "seconds": round(time.perf_counter() - started, 1),
        "details": stalls,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--wait", type=float, default=1.0,
                        help="seconds to wait for a reply before calling it a stall")
    parser.add_argument("--max-delay-us", type=int, default=400,
                        help="the second request follows the first by 0..this many µs")
    parser.add_argument("--burst", type=int, default=2,
                        help="requests per round, each 0..--max-delay-us after the last "
                             "(Run All sends one per cell)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, help="write the result here too")
    args = parser.parse_args(argv)
    result = run(args.rounds, args.wait, args.seed, args.max_delay_us, args.burst)
    summary = {k: v for k, v in result.items() if k != "details"}
    print(json.dumps(summary))
    for stall in result["details"][:10]:
        print("  stall:", stall)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if result["stalls"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
