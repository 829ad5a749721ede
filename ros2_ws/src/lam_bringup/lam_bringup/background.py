"""An rclpy node in its own context, spun by a daemon thread: the base of the tools and tests
that talk to a running graph (goal client, replayer, benchmark probes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter

SPIN_SLICE_S = 0.01  # the spin thread lets go of its lock at least this often


class BackgroundNode:
    """``self.node`` spins in a background thread from construction until ``close``."""

    def __init__(self, name: str, use_sim_time: bool = False, namespace: str | None = None) -> None:
        """``namespace``: the node's namespace, in which relative contract names resolve (None: "/")."""
        self._context = rclpy.Context()
        rclpy.init(context=self._context, args=[])
        self.node = Node(name, namespace=namespace, context=self._context,
                         parameter_overrides=[Parameter("use_sim_time", value=use_sim_time)])
        self._executor = SingleThreadedExecutor(context=self._context)
        self._executor.add_node(self.node)
        self._spin_lock = threading.Lock()
        self._callers_waiting = 0
        self._thread = threading.Thread(target=self._spin, name=f"{name}-spin", daemon=True)
        self._thread.start()

    def _spin(self) -> None:
        try:
            while self._context.ok():
                with self._spin_lock:
                    self._executor.spin_once(timeout_sec=SPIN_SLICE_S)
                if self._callers_waiting:
                    time.sleep(0.001)  # let a caller of paused() take the lock
        except Exception:  # the context is shut down under us at close()
            pass

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No callback runs inside this block. rclpy's ActionClient (Jazzy) sends a goal, result
        or cancel request before it records the request; a response taken by the spin thread in
        between is dropped as "unexpected" and the goal is lost. Send requests inside this block."""
        self._callers_waiting += 1
        try:
            with self._spin_lock:
                yield
        finally:
            self._callers_waiting -= 1

    def close(self) -> None:
        self._executor.shutdown(timeout_sec=1.0)
        self.node.destroy_node()
        rclpy.try_shutdown(context=self._context)
        self._thread.join(timeout=2.0)


def wait_until(condition: Callable[[], bool], timeout_s: float, alive: Callable[[], bool] = lambda: True,
               poll_s: float = 0.02) -> bool:
    """Poll ``condition`` until it holds (True), the deadline passes or ``alive`` turns false."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        if not alive():
            return False
        time.sleep(poll_s)
    return condition()
