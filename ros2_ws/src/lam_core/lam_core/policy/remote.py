"""A policy served over the network: the server (``lam serve-policy``) runs a policy on its own
machine (a GPU one for a big model) and answers each observation with an action chunk; the client
(``RemotePolicy``, ``actor: remote``) is the learned actor's policy source on the robot. The
protocol is in lam_core.policy.wire.

The client asks ahead: a request goes out as soon as the chunk in force has less than
``prefetch_s`` left, while the robot plays that chunk, and a new chunk replaces the old one at the
first decision after it arrives (its elements are timed from its own observation, so the switch
lands on the element for the present). With ``mode="sync"`` every decision asks and waits up to
``timeout_s`` (on loopback this is the in-process actor with a network hop). When the server stops
answering, the chunk in force runs out and the actor stands still; the executor's watchdog ends the
last command at its horizon either way.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from lam_core.datatypes import Observation, PlanStep
from lam_core.errors import ConfigError, InputError
from lam_core.policy import wire
from lam_core.policy.chunking import LocalPolicy, PolicyChunk
from lam_core.stats import RollingWindow

T = TypeVar("T")
REMOTE_MODES = ("async", "sync")
LATENCY_WINDOW = 1000  # round trips over which latency percentiles are kept


class PolicyServer:
    """Serves ``policy`` over lam-policy/1 on ``host``:``port`` (0: any free port). ``delay_s`` is
    added before every answer (to rehearse a slow link or a slow model)."""

    def __init__(self, policy: LocalPolicy, name: str, host: str = "127.0.0.1", port: int = 0, delay_s: float = 0.0) -> None:
        from websockets.sync.server import serve

        self.policy, self.name, self.delay_s = policy, name, delay_s
        self._infer_lock = threading.Lock()  # one inference at a time: the model is shared by connections
        self.answered = 0
        self._server = serve(self._handle, host, port, max_size=wire.MAX_MESSAGE_BYTES, compression=None)
        self.host, self.port = self._server.socket.getsockname()[:2]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def warm_up(self, obs: Observation) -> float:
        """One inference on ``obs`` before serving (the first pays for loading kernels); its time [ms]."""
        t0 = time.perf_counter()
        self.policy.chunk(obs, "warm up", PlanStep("navigate_to", "red box", "", 0.0))
        return (time.perf_counter() - t0) * 1e3

    def metadata(self) -> dict[str, Any]:
        return {"protocol": wire.PROTOCOL, "policy": self.name, "chunk_length": self.policy.chunk_length,
                "chunk_period_s": self.policy.period_s}

    def start(self) -> PolicyServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, name="policy-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def close(self) -> None:
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def _handle(self, connection: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            connection.send(wire.pack(self.metadata()))
            for data in connection:
                connection.send(wire.pack(self._answer(data)))
        except ConnectionClosed:
            return

    def _answer(self, data: bytes | str) -> dict[str, Any]:
        try:
            message = wire.unpack(data)
            prepare = wire.read_prepare(message)
            if prepare is not None:
                with self._infer_lock:
                    self.policy.prepare(*prepare)
                return {"prepared": len(prepare[1])}
            obs, goal, step = wire.read_request(message)
            t0 = time.perf_counter()
            with self._infer_lock:
                chunk = self.policy.chunk(obs, goal, step)
            infer_ms = (time.perf_counter() - t0) * 1e3
        except (InputError, ValueError) as exc:
            return {"error": str(exc)}
        if self.delay_s > 0:
            time.sleep(self.delay_s)
        self.answered += 1
        return wire.answer(chunk, infer_ms)


@dataclass
class _Job:
    """One message for the worker thread: a chunk request for the step ``key``, or a prepare."""

    key: tuple[str, ...]
    message: bytes
    wants_chunk: bool
    done: threading.Event = field(default_factory=threading.Event)


class RemotePolicy:
    """A learned actor's policy source that asks a policy server (see the module docstring)."""

    source = "remote"

    def __init__(self, url: str, mode: str = "async", prefetch_s: float = 0.5, timeout_s: float = 1.0) -> None:
        if mode not in REMOTE_MODES:
            raise ConfigError(f"remote policy: mode must be one of {', '.join(REMOTE_MODES)}, got {mode!r}")
        if not url.startswith(("ws://", "wss://")):
            raise ConfigError(f"remote policy: the server address must be ws://HOST:PORT or wss://..., got {url!r}")
        self.url, self.mode, self.prefetch_s, self.timeout_s = url, mode, prefetch_s, timeout_s
        self.chunk_length = 0           # from the server's metadata, once connected
        self.problem = ""               # why the last request got no chunk ("" when it did)
        self.round_trip_ms = RollingWindow(LATENCY_WINDOW)
        self.server_ms = RollingWindow(LATENCY_WINDOW)
        self._lock = threading.Lock()
        self._answered = threading.Event()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._key: tuple[str, ...] = ()
        self._chunk: PolicyChunk | None = None
        self._in_flight = False
        self._connection: Any = None
        self._worker = threading.Thread(target=self._work, name="remote-policy", daemon=True)
        self._worker.start()

    def prepare(self, goal: str, steps: tuple[PlanStep, ...]) -> None:
        """Drop the chunk in force and have the server embed the plan's instructions now (waited for
        in sync mode, as the in-process policy does; not in async mode)."""
        with self._lock:
            self._chunk = None
        if steps:
            job = _Job((), wire.pack(wire.prepare_request(goal, steps)), wants_chunk=False)
            self._jobs.put(job)
            if self.mode == "sync":
                job.done.wait(self.timeout_s)

    def chunk(self, obs: Observation, goal: str, step: PlanStep) -> PolicyChunk | None:
        key = (goal, step.skill, step.target, step.object_id)
        with self._lock:
            if key != self._key:
                self._key, self._chunk = key, None
            current = self._chunk
            due = self.mode == "sync" or current is None or (current.end_ns - obs.stamp_ns) * 1e-9 <= self.prefetch_s
            if due and not self._in_flight:
                self._in_flight = True
                self._answered.clear()
                self._jobs.put(_Job(key, wire.pack(wire.request(obs, goal, step)), wants_chunk=True))
            waiting = self._in_flight
        if waiting and (self.mode == "sync" or current is None):
            self._answered.wait(self.timeout_s)
        with self._lock:
            current = self._chunk if self._key == key else None
        return current if current is not None and current.twist_at(obs.stamp_ns) is not None else None

    def diagnostics(self) -> dict[str, str]:
        values = {"policy_server": self.url, "policy_problem": self.problem}
        values.update(self.round_trip_ms.percentile_fields("policy_round_trip_ms"))
        values.update(self.server_ms.percentile_fields("policy_server_ms"))
        return values

    def close(self) -> None:
        self._jobs.put(None)
        self._worker.join(timeout=self.timeout_s + 1.0)
        self._disconnect()

    # ------------------------------------------------------------------ the worker thread
    def _work(self) -> None:
        self._attempt(self._connect)  # at start-up, so that the first decision does not pay for it
        while True:
            job = self._jobs.get()
            if job is None:
                return
            chunk = self._attempt(partial(self._ask if job.wants_chunk else self._tell, job.message))
            job.done.set()
            if not job.wants_chunk:
                continue
            with self._lock:
                if chunk is not None and job.key == self._key and (self._chunk is None or chunk.stamp_ns >= self._chunk.stamp_ns):
                    self._chunk = chunk
                self._in_flight = False
                self._answered.set()

    def _attempt(self, action: Callable[[], T]) -> T | None:
        """``action()``; None when the link fails, with ``problem`` saying why (the connection is
        dropped and made again at the next request)."""
        from websockets.exceptions import WebSocketException

        try:
            result = action()
        except (OSError, TimeoutError, InputError, RuntimeError, WebSocketException) as exc:
            self.problem = f"policy server {self.url}: {type(exc).__name__}: {exc}"
            self._disconnect()
            return None
        self.problem = ""
        return result

    def _ask(self, request: bytes) -> PolicyChunk:
        if self._connection is None:
            self._connect()
        t0 = time.perf_counter()
        self._connection.send(request)
        chunk, server_ms = wire.read_answer(wire.unpack(self._connection.recv(timeout=self.timeout_s)), self.source)
        self.round_trip_ms.add((time.perf_counter() - t0) * 1e3)
        self.server_ms.add(server_ms)
        return chunk

    def _tell(self, message: bytes) -> None:
        """Send a message whose answer only says it was taken (or why not)."""
        if self._connection is None:
            self._connect()
        self._connection.send(message)
        answer = wire.unpack(self._connection.recv(timeout=self.timeout_s))
        if "error" in answer:
            raise InputError(f"policy server: {answer['error']}")

    def _connect(self) -> None:
        from websockets.sync.client import connect

        # legacy=True: the connection itself, closed by _disconnect (it outlives any one with-block here).
        connection: Any = connect(self.url, open_timeout=self.timeout_s, max_size=wire.MAX_MESSAGE_BYTES, compression=None,
                                  proxy=None, legacy=True)
        metadata = wire.unpack(connection.recv(timeout=self.timeout_s))
        if metadata.get("protocol") != wire.PROTOCOL:
            connection.close()
            raise InputError(f"speaks {metadata.get('protocol')!r}, not {wire.PROTOCOL}")
        self.chunk_length = int(metadata.get("chunk_length", 0))
        self._connection = connection

    def _disconnect(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()
