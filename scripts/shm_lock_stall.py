"""Reproduce, on demand, the stall a node leaves behind when it dies holding a Fast DDS
shared-memory port lock, and show which nodes it reaches.

Fast DDS 2.14 guards each shared-memory port with an interprocess mutex and is built with a 1 s
lock timeout. The victim node is stopped by gdb right after its shared-memory listener took its
own port's mutex (in SharedMemGlobal::Port::wait_pop), and SIGKILLed there. Every process that
then writes into that port blocks for 1 s per try. The script prints the gaps in /cmd_vel as the
test client receives it and the sim-time latency of the first zero twist after the kill.

    python scripts/shm_lock_stall.py --victim fusion_node
    python scripts/shm_lock_stall.py --victim planner_node --all-shared-memory   # the old setup

Needs gdb and objdump (binutils); a diagnostic tool, not part of the test suite. A victim that
uses UDP only (shared_memory: false in config/graph.yaml) has no such port: the script says so.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from lam_bringup.goal_client import GoalClient
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

WAIT_POP = "_ZN8eprosima7fastdds4rtps15SharedMemGlobal4Port8wait_pop"
LOCK = "_ZN5boost12interprocess18interprocess_mutex4lockEv"


def _lock_return_offset(library: Path) -> tuple[str, int]:
    """(symbol of Port::wait_pop, offset of the instruction after its first mutex lock call)."""
    symbols = subprocess.run(["nm", str(library)], capture_output=True, text=True, check=True).stdout
    match = re.search(rf"^([0-9a-f]+) \w ({WAIT_POP}\S*)$", symbols, re.M)
    if match is None:
        raise SystemExit(f"{WAIT_POP} not found in {library}")
    start = int(match.group(1), 16)
    code = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={start:#x}",
                           f"--stop-address={start + 0x1000:#x}", str(library)], capture_output=True, text=True, check=True).stdout
    lines = [line for line in code.splitlines() if re.match(r"^\s+[0-9a-f]+:", line)]
    for here, following in itertools.pairwise(lines):
        if "call" in here and LOCK in here:
            return match.group(2), int(following.split(":")[0], 16) - start
    raise SystemExit("no mutex lock call found in Port::wait_pop")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--victim", default="fusion_node")
    parser.add_argument("--all-shared-memory", action="store_true", help="every node on shared memory, as before the fix")
    args = parser.parse_args()
    library = Path(sys.prefix) / "lib" / "libfastrtps.so.2.14"
    symbol, offset = _lock_return_offset(library.resolve())
    graph = load_graph("sim")
    if args.all_shared_memory:
        graph = replace(graph, nodes=tuple(replace(n, shared_memory=True) for n in graph.nodes))
    if not graph.node(args.victim).shared_memory:
        print(f"{args.victim} uses UDP only: it has no shared-memory port to die holding")
        return 0
    runner = GraphRunner(graph, extra_params={"sim_node": {"family": "pick", "target_color": "red"}}, quiet=True)
    runner.start()
    gdb_log = Path(tempfile.mkstemp(suffix=".gdb.txt")[1])
    try:
        with GoalClient("shm_stall_client") as client:
            alive = lambda: not runner.dead_nodes()  # noqa: E731
            assert client.wait_ready(120.0, alive), runner.dead_nodes()
            gdb = subprocess.Popen(["gdb", "-q", "-nx", "-p", str(runner.pids()[args.victim])], stdin=subprocess.PIPE,
                                   stdout=gdb_log.open("w"), stderr=subprocess.STDOUT, text=True)
            assert gdb.stdin is not None

            def gdb_do(*commands: str) -> None:
                gdb.stdin.write("".join(c + "\n" for c in commands))  # type: ignore[union-attr]
                gdb.stdin.flush()  # type: ignore[union-attr]

            gdb_do("set pagination off", "set confirm off", "handle SIGINT stop print nopass",
                   f"break *({symbol}+{offset})", "disable 1", "continue")
            assert client.wait_until(lambda: "Continuing." in gdb_log.read_text(), 120.0), gdb_log.read_text()[-2000:]
            threading.Thread(target=lambda: client.run_goal("pick up the red cube", 120.0, alive), daemon=True).start()
            assert client.wait_until(lambda: client.truth is not None and abs(client.truth.robot_vx_mps) > 0.08, 90.0)
            t0, sim0 = time.monotonic(), client.node.get_clock().now().nanoseconds
            gdb.send_signal(signal.SIGINT)
            gdb_do("enable 1", "continue", "kill", "quit")
            gdb.wait(timeout=60)
            end = time.monotonic() + 6.0
            client.wait_until(lambda: time.monotonic() > end, 10.0)
            log = [entry for entry in list(client.cmd_vel_log) if entry[0] > t0 - 0.5]
            zero = next(((t, sim) for t, vx, wz, sim in log if t > t0 and vx == 0.0 and wz == 0.0), None)
            report = {
                "victim": args.victim, "all_shared_memory": args.all_shared_memory,
                "killed_holding_port_lock": "hit Breakpoint 1" in gdb_log.read_text(),
                "cmd_vel_gaps_s": [(round(a[0] - t0, 3), round(b[0] - a[0], 3)) for a, b in itertools.pairwise(log) if b[0] - a[0] > 0.08],
                "first_zero_wall_ms": None if zero is None else round((zero[0] - t0) * 1e3),
                "first_zero_sim_ms": None if zero is None else round((zero[1] - sim0) * 1e-6),
            }
            print(json.dumps(report))
    finally:
        runner.shutdown()
        os.unlink(gdb_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
