"""Runs a process graph without ros2 launch: one process per node, prefixed logs, clean shutdown.

Ctrl-C or SIGTERM: every node gets SIGINT, then SIGTERM, then SIGKILL, all within the shutdown
deadline, so no process outlives the runner. If a node exits on its own, the graph is stopped
and the runner reports a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from lam_core.errors import TEARDOWN_CUT_LINE, TEARDOWN_HARD_CUT_PREFIX
from lam_core.paths import dds_environment
from lam_tools.graph import GraphSpec, check_namespace, node_command

SHUTDOWN_DEADLINE_S = 6.0  # seven processes tearing down DDS and GL at once on 2 cores take 3-5 s
SHM_CLEAN_TIMEOUT_S = 20.0


def clean_zombie_shared_memory() -> bool:
    """Remove the Fast DDS shared-memory files that processes which died without closing them left
    in /dev/shm (`fastdds shm clean`: only files no live process holds a lock on). Left alone they
    pile up with every killed node, and graphs started among hundreds of them failed to stop or
    restart nodes in time (README, "Fast DDS"). False where the fastdds tool is not installed."""
    tool = shutil.which("fastdds", path=os.pathsep.join((os.path.dirname(sys.executable), os.environ.get("PATH", ""))))
    if tool is None:
        return False
    try:
        subprocess.run([tool, "shm", "clean"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=SHM_CLEAN_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return False
    return True


def _node_transport(env: dict[str, str], shared_memory: bool) -> dict[str, str]:
    """The node's own Fast DDS profile (config/graph.yaml, shared_memory), unless the caller's
    environment names a profile of its own."""
    key = "FASTRTPS_DEFAULT_PROFILES_FILE"
    ours = dds_environment(shared_memory)[key]
    current = env.get(key)
    if current is None or os.path.dirname(current) == os.path.dirname(ours):
        return {key: ours}
    return {}


@dataclass
class _Proc:
    name: str
    popen: subprocess.Popen[bytes]
    reader: threading.Thread


class GraphRunner:
    def __init__(
        self,
        graph: GraphSpec,
        extra_params: dict[str, dict[str, str]] | None = None,
        env: dict[str, str] | None = None,
        log: Callable[[str], None] | None = None,
        quiet: bool = False,
        namespace: str = "/",
    ) -> None:
        self.graph = graph
        self.namespace = check_namespace(namespace)
        self.extra_params = extra_params or {}
        self.env = env
        self._log = log or (lambda line: print(line, flush=True))
        self.quiet = quiet
        self._procs: list[_Proc] = []
        self._lock = threading.Lock()
        self.lines: dict[str, list[str]] = {}

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        for key, value in dds_environment().items():
            env.setdefault(key, value)
        env.setdefault("RCUTILS_COLORIZED_OUTPUT", "0")
        return env

    def _spawn(self, name: str, env: dict[str, str]) -> _Proc:
        node = self.graph.node(name)
        cmd = node_command(node, self.graph.use_sim_time, self.extra_params.get(name), self.namespace)
        env = {**env, **_node_transport(env, node.shared_memory)}
        popen = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.lines.setdefault(name, [])
        reader = threading.Thread(target=self._pump, args=(name, popen.stdout), daemon=True)
        reader.start()
        return _Proc(name, popen, reader)

    def start(self) -> None:
        clean_zombie_shared_memory()
        env = self._environment()
        for node in self.graph.nodes:
            self._procs.append(self._spawn(node.name, env))

    def restart(self, name: str, params: dict[str, str] | None = None) -> None:
        """Start a fresh process for a node that has exited (fault-recovery tests and tools),
        with ``params`` over its extra parameters."""
        index = next(i for i, p in enumerate(self._procs) if p.name == name)
        old = self._procs[index]
        if old.popen.poll() is None:
            raise RuntimeError(f"node {name} is still running")
        old.reader.join(timeout=1.0)
        clean_zombie_shared_memory()  # what a killed node left behind
        if params:
            self.extra_params[name] = {**self.extra_params.get(name, {}), **params}
        self._procs[index] = self._spawn(name, self._environment())

    def _pump(self, name: str, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        width = max(len(n.name) for n in self.graph.nodes)
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            with self._lock:
                self.lines[name].append(line)
            if not self.quiet:
                self._log(f"[{name:<{width}}] {line}")

    def pids(self) -> dict[str, int]:
        return {p.name: p.popen.pid for p in self._procs}

    def dead_nodes(self) -> list[tuple[str, int]]:
        """Nodes that have exited, with their return codes."""
        return [(p.name, rc) for p in self._procs if (rc := p.popen.poll()) is not None]

    def teardown_cut(self, name: str) -> bool:
        """Whether node ``name``'s stop deadline cut its teardown short (lam_ros.node_main: a
        teardown blocked in the middleware, docs/decisions.md)."""
        with self._lock:
            return any(line.startswith((TEARDOWN_CUT_LINE, TEARDOWN_HARD_CUT_PREFIX)) for line in self.lines.get(name, []))

    def unclean_exits(self, codes: dict[str, int], tail: int = 40) -> str:
        """For the exit ``codes`` that shutdown() returned: empty when every node ended cleanly (0,
        or -SIGINT for one that Python's default handler ended), else each other node's code and
        the last ``tail`` lines of its output. A node whose teardown its stop deadline cut short
        (status 0, or 1 from the hard deadline) is not counted: it is a known stall of the
        middleware, bounded by that deadline, and it is reported as a RuntimeWarning with its stacks."""
        problems = []
        failed = self.failed_exits(codes)
        for name, code in codes.items():
            if name in failed:
                with self._lock:
                    problems.append(f"{name} exited with {code}; its last lines:\n"
                                    + "\n".join(self.lines.get(name, [])[-tail:]))
            elif code in (0, 1) and self.teardown_cut(name):
                warnings.warn(f"{name}: teardown cut short by its stop deadline (exit {code}):\n"
                              + "\n".join(self.lines.get(name, [])[-tail:]), RuntimeWarning, stacklevel=2)
        return "\n".join(problems)

    def failed_exits(self, codes: dict[str, int]) -> dict[str, int]:
        """The exit ``codes`` of nodes that did not end cleanly: not 0 or -SIGINT, and not a
        teardown its stop deadline cut short (1; see ``unclean_exits``)."""
        return {name: code for name, code in codes.items()
                if code not in (0, -signal.SIGINT) and not (code == 1 and self.teardown_cut(name))}

    def wait(self, stop: threading.Event | None = None, poll_s: float = 0.2) -> int:
        """Block until a node dies (returns 1) or ``stop`` is set (returns 0)."""
        stop = stop or threading.Event()
        while not stop.wait(poll_s):
            dead = self.dead_nodes()
            if dead:
                for name, rc in dead:
                    self._log(f"[runner] node {name} exited with code {rc}")
                return 1
        return 0

    def shutdown(self, deadline_s: float = SHUTDOWN_DEADLINE_S) -> dict[str, int]:
        """Stop every node; returns their exit codes. Never leaves a process behind."""
        end = time.monotonic() + deadline_s
        for sig, share in ((signal.SIGINT, 0.6), (signal.SIGTERM, 0.9)):
            for p in self._procs:
                if p.popen.poll() is None:
                    try:
                        p.popen.send_signal(sig)
                    except ProcessLookupError:
                        pass
            stage_end = time.monotonic() + share * max(0.0, end - time.monotonic())
            for p in self._procs:
                try:
                    p.popen.wait(timeout=max(0.0, stage_end - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
        for p in self._procs:
            if p.popen.poll() is None:
                p.popen.kill()
                p.popen.wait()
        for p in self._procs:
            p.reader.join(timeout=1.0)
        return {p.name: int(p.popen.returncode) for p in self._procs}

    def __enter__(self) -> GraphRunner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def install_signal_handlers(stop: threading.Event) -> None:
    """SIGINT/SIGTERM set ``stop`` instead of raising, so the caller shuts the graph down."""

    def handler(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


