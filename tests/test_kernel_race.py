"""The kernel answers a shell request that arrives while it is sending a reply.

ipykernel 7.0 to 7.3 could leave such a request unread in the shell socket
(ipykernel issue 1554): in JupyterLab that is a Run All whose cells all wait at
``[*]`` under an "Idle" kernel until the kernel is restarted (issue 8 of this course).
ipykernel 7.4.0, pinned in requirements.txt, sends replies through the same stream that
reads requests. tests/kernel_race.py plays the race: rounds of 8 requests on one
connection, each 0 to 400 µs after the one before, as Run All sends one per cell. On
ipykernel 7.3.0 each of 14 kernels stalled, after 7 to 167 rounds, so 300 rounds
without a stall here say that the pinned kernel does not have the bug.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kernel_race  # noqa: E402


def test_a_request_that_arrives_during_a_reply_is_answered():
    result = kernel_race.run(rounds=300, wait=2.0, seed=8, max_delay_us=400, burst=8)
    assert result["rounds_run"] == 300 and result["stalls"] == 0, (
        f"ipykernel {result['ipykernel']} left a shell request unanswered: "
        f"{result['details']} (the stalled Run All of issue 8; see tests/kernel_race.py)")
