"""The operator console's logic, free of ROS and of the HTTP server: its config, request
validation, the per-client event queues and their drop policy, the state snapshot sent to the
page, and the robot's pose and scan on a floor map in the odom frame.

The console node (lam_console) is the shell: it converts messages, calls these, and serves them."""

from __future__ import annotations

import hmac
import json
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lam_core.config import param
from lam_core.datatypes import Plan, Pose2D, StepStatus
from lam_core.errors import ConfigError, LamError

TOKEN_HEADER = "X-Lam-Token"  # the token as a header; the page passes it as ?token= (EventSource sets no headers)
BODY_OVERHEAD_BYTES = 1024  # a request body may hold this much beside its text (JSON keys, other fields)
GOAL_STATES = ("idle", "sending", "running", "succeeded", "failed", "canceled", "rejected")
ACTIVE_GOAL_STATES = ("sending", "running")


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ConsoleNodeConfig:
    """console_node: the operator web page on one port (config/console_node.yaml)."""

    host: str = param("address the HTTP server binds: 127.0.0.1 serves this machine only; 0.0.0.0 every "
                      "interface (set a token then)")
    port: int = param("TCP port of the page, the event stream, the camera and the commands; 0 = any free port",
                      min=0, max=65535)
    token: str = param("when not empty, every data and command request must carry it (?token= or the "
                       f"{TOKEN_HEADER} header); the page itself is served without it")
    camera_max_hz: float = param("most camera frames JPEG-encoded per second, only while a page is connected [Hz]",
                                 min=0.1, max=30.0)
    jpeg_quality: int = param("JPEG quality of the camera frames", min=10, max=100)
    state_rate_hz: float = param("most state snapshots sent per second, only when something changed [Hz]",
                                 min=0.5, max=30.0)
    max_clients: int = param("most event streams (pages) at once; more are answered 503", min=1, max=64)
    client_queue_len: int = param("events queued per client; a client whose queue is full is dropped", min=2, max=1000)
    send_timeout_s: float = param("a client that takes longer than this to accept one event is dropped [s]",
                                  min=0.1, max=60.0)
    max_goal_chars: int = param("longest goal or question accepted [characters]", min=1, max=10_000)
    answer_timeout_s: float = param("wall-clock limit for the agent to accept a goal or answer a question [s]",
                                    min=0.5, max=120.0)
    nice: int = param("CPU niceness added to this process at start (0-19): the page yields the CPU to the "
                      "perception, planning and control nodes on a busy computer", min=0, max=19)

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise ConfigError("console_node: host is empty")
        if any(ch.isspace() or not ch.isprintable() for ch in self.token):
            raise ConfigError("console_node: the token must not contain white space or control characters")
        if self.host.strip() not in LOOPBACK_HOSTS and not self.token:
            raise ConfigError(f"console_node: serving {self.host} without a token would let anyone who reaches the "
                              "port drive the robot; set token (or keep host 127.0.0.1)")

    @property
    def max_body_bytes(self) -> int:
        """Largest request body read [bytes]: the longest text in UTF-8 plus the JSON around it."""
        return 4 * self.max_goal_chars + BODY_OVERHEAD_BYTES


def lower_cpu_priority(increment: int) -> int:
    """Add ``increment`` to this process's niceness (the console and the view: what people watch
    through must not take CPU from the nodes that drive). Returns the niceness now in force; an
    operating system that refuses leaves it as it was."""
    try:
        return os.nice(increment) if increment > 0 else os.nice(0)
    except OSError:
        return os.nice(0)


# ---------------------------------------------------------------------------- requests
class RequestError(LamError):
    """A request the console refuses: ``status`` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def token_ok(expected: str, query_token: str | None, header_token: str | None) -> bool:
    """True when no token is configured or either given token equals it (constant-time compare)."""
    if not expected:
        return True
    want = expected.encode("utf-8")
    return any(t is not None and hmac.compare_digest(t.encode("utf-8"), want) for t in (query_token, header_token))


def body_length(content_length: str | None, max_bytes: int) -> int:
    """The declared body size [bytes]; RequestError (400) when missing, malformed or over ``max_bytes``."""
    if content_length is None:
        raise RequestError(400, "a Content-Length header is required")
    text = content_length.strip()
    if not text.isdigit():
        raise RequestError(400, "Content-Length is not a number of bytes")
    length = int(text)
    if length > max_bytes:
        raise RequestError(400, f"the request body of {length} bytes is over the limit of {max_bytes} bytes")
    return length


def json_object(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object; RequestError (400) for non-UTF-8, bad JSON or another type."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "the request body is not UTF-8 text") from None
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RequestError(400, "the request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise RequestError(400, "the request body must be a JSON object")
    return value


def _nonempty(what: str) -> Callable[[str], str]:
    def clean(text: str) -> str:
        text = text.strip()
        if not text:
            raise LamError(f"the {what} is empty")
        return text
    return clean


def text_field(obj: Mapping[str, Any], field: str, max_chars: int, clean: Callable[[str], str] | None = None) -> str:
    """``obj[field]`` as text cleaned by ``clean`` (default: stripped, not empty), at most
    ``max_chars`` characters; RequestError (400) otherwise, with ``clean``'s LamError message."""
    value = obj.get(field)
    if not isinstance(value, str):
        raise RequestError(400, f"'{field}' must be a string")
    if len(value) > max_chars:
        raise RequestError(400, f"'{field}' has {len(value)} characters; the limit is {max_chars}")
    if "\x00" in value:
        raise RequestError(400, f"'{field}' contains a NUL character")
    try:
        return (clean or _nonempty(field))(value)
    except LamError as exc:
        raise RequestError(400, str(exc)) from None


def bool_field(obj: Mapping[str, Any], field: str, default: bool) -> bool:
    """``obj[field]`` as a JSON boolean, ``default`` when absent; RequestError (400) for another type."""
    value = obj.get(field, default)
    if not isinstance(value, bool):
        raise RequestError(400, f"'{field}' must be true or false")
    return value


def int_field(obj: Mapping[str, Any], field: str, default: int) -> int:
    """``obj[field]`` as a non-negative JSON integer below 2**53, ``default`` when absent."""
    value = obj.get(field, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
        raise RequestError(400, f"'{field}' must be a non-negative integer")
    return value


# ---------------------------------------------------------------------------- event stream
def sse_event(event: str, data: Any, event_id: int | None = None) -> bytes:
    """One Server-Sent Event: ``data`` as compact JSON on one line (NaN and inf written as null)."""
    try:
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError:  # a NaN or inf somewhere: walk the data (slower) and write them as null
        payload = json.dumps(_finite(data), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {payload}\n\n".encode()


SSE_KEEPALIVE = b": keep-alive\n\n"


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class ClientClosed(LamError):
    """The client's stream was closed (by itself, by the server, or dropped as slow)."""


class ConsoleClient:
    """One event stream with a bounded queue. ``offer`` never blocks: a full queue closes the
    client (it is dropped as slow) instead of holding back the producer or the other clients."""

    def __init__(self, client_id: int, queue_len: int) -> None:
        self.id = client_id
        self.queue_len = queue_len
        self.cancel_on_close = False  # the page's choice: cancel the goal it sent when this stream ends
        self.closed_reason = ""
        self.on_close: Callable[[], None] | None = None  # called once, outside the lock, when closed
        self._events: deque[bytes] = deque()
        self._cond = threading.Condition()

    @property
    def closed(self) -> bool:
        return bool(self.closed_reason)

    def offer(self, event: bytes) -> bool:
        """Queue ``event``; False when the client is closed or was just dropped for a full queue."""
        with self._cond:
            if self.closed_reason:
                return False
            if len(self._events) < self.queue_len:
                self._events.append(event)
                self._cond.notify()
                return True
        self.close(f"slow: {self.queue_len} events queued")
        return False

    def take(self, timeout_s: float) -> bytes | None:
        """The next event, or None when none came within ``timeout_s``; ClientClosed once closed."""
        with self._cond:
            if not self._events and not self.closed_reason:
                self._cond.wait(timeout_s)
            if self.closed_reason:
                raise ClientClosed(self.closed_reason)
            return self._events.popleft() if self._events else None

    def close(self, reason: str) -> bool:
        """Close the stream for ``reason``; True the first time."""
        with self._cond:
            if self.closed_reason:
                return False
            self.closed_reason = reason or "closed"
            self._events.clear()
            self._cond.notify_all()
            callback = self.on_close
        if callback is not None:
            callback()
        return True


@dataclass(frozen=True)
class HubStats:
    connected: int
    served: int  # streams accepted since start
    dropped_slow: int  # streams dropped because they did not keep up
    refused: int  # streams answered 503 (max_clients)
    max_clients: int


class HubFull(LamError):
    """max_clients streams are open."""


class ClientHub:
    """The open event streams. Thread-safe; ``broadcast`` never blocks on a client."""

    def __init__(self, max_clients: int, queue_len: int) -> None:
        if max_clients < 1 or queue_len < 1:
            raise ConfigError("max_clients and queue_len must be at least 1")
        self.max_clients = max_clients
        self.queue_len = queue_len
        self._clients: dict[int, ConsoleClient] = {}
        self._lock = threading.Lock()
        self._next_id = 1
        self._served = self._dropped = self._refused = 0

    def connect(self, initial: Iterable[bytes] = ()) -> ConsoleClient:
        """A new client with ``initial`` events queued; HubFull when max_clients are open."""
        with self._lock:
            if len(self._clients) >= self.max_clients:
                self._refused += 1
                raise HubFull(f"{self.max_clients} pages are connected; that is the limit (max_clients)")
            client = ConsoleClient(self._next_id, self.queue_len)
            self._next_id += 1
            self._clients[client.id] = client
            self._served += 1
        for event in initial:
            client.offer(event)
        return client

    def disconnect(self, client: ConsoleClient, reason: str = "closed") -> None:
        client.close(reason)
        with self._lock:
            self._clients.pop(client.id, None)
            if client.closed_reason.startswith("slow"):
                self._dropped += 1

    def get(self, client_id: int) -> ConsoleClient | None:
        with self._lock:
            return self._clients.get(client_id)

    def broadcast(self, event: bytes) -> list[ConsoleClient]:
        """Offer ``event`` to every client; returns those dropped now for a full queue."""
        with self._lock:
            clients = [c for c in self._clients.values() if not c.closed]
        return [c for c in clients if not c.offer(event) and c.closed_reason.startswith("slow")]

    def count(self) -> int:
        with self._lock:
            return len(self._clients)

    def close_all(self, reason: str) -> None:
        with self._lock:
            clients = list(self._clients.values())
        for client in clients:
            self.disconnect(client, reason)

    def stats(self) -> HubStats:
        with self._lock:
            return HubStats(len(self._clients), self._served, self._dropped, self._refused, self.max_clients)


class RateGate:
    """At most ``max_hz`` openings per second on average [Hz]. Openings are due on a schedule one
    period apart; an input up to 5 % of a period early still opens (a camera's jitter does not halve
    the rate), and after a pause the schedule starts again from the opening, with no backlog."""

    TOLERANCE = 0.05

    def __init__(self, max_hz: float) -> None:
        if not max_hz > 0.0:
            raise ConfigError(f"rate must be positive, got {max_hz}")
        self.period_s = 1.0 / max_hz
        self._next_s = -math.inf

    def ready(self, now_s: float | None = None) -> bool:
        now = time.monotonic() if now_s is None else now_s
        if now < self._next_s - self.TOLERANCE * self.period_s:
            return False
        self._next_s = max(self._next_s + self.period_s, now + (1.0 - self.TOLERANCE) * self.period_s)
        return True


# ---------------------------------------------------------------------------- floor map
PointsXY = npt.NDArray[np.float64]


def scan_points_in_odom(pose: Pose2D, laser: Pose2D, ranges_m: npt.ArrayLike, angle_min_rad: float,
                        angle_increment_rad: float, range_min_m: float, range_max_m: float, stride: int = 1) -> PointsXY:
    """The scan's returns as (N, 2) points [m] in the odom frame. ``pose``: base_link in odom;
    ``laser``: laser_link in base_link; returns outside [range_min, range_max] (and inf/NaN) are
    left out; every ``stride``-th ray is kept."""
    ranges = np.asarray(ranges_m, dtype=np.float64)
    angles = angle_min_rad + angle_increment_rad * np.arange(len(ranges), dtype=np.float64)
    keep = np.isfinite(ranges) & (ranges >= range_min_m) & (ranges <= range_max_m)
    keep[np.arange(len(ranges)) % max(1, stride) != 0] = False
    r, a = ranges[keep], angles[keep] + laser.yaw_rad
    lx = laser.x_m + r * np.cos(a)  # in base_link
    ly = laser.y_m + r * np.sin(a)
    c, s = math.cos(pose.yaw_rad), math.sin(pose.yaw_rad)
    return np.stack([pose.x_m + c * lx - s * ly, pose.y_m + s * lx + c * ly], axis=1)


class FloorMap:
    """Cells of ``resolution_m`` in the odom frame where the lidar has seen a return, on a grid
    reaching ``half_extent_m`` from the origin each way; at most ``max_cells`` are kept (later
    cells are ignored), which bounds the map event. ``version`` grows whenever a cell is added."""

    def __init__(self, resolution_m: float = 0.05, half_extent_m: float = 20.0, max_cells: int = 50_000) -> None:
        if resolution_m <= 0.0 or half_extent_m <= 0.0 or max_cells < 1:
            raise ConfigError("FloorMap needs a positive resolution, extent and cell count")
        self.resolution_m = resolution_m
        self.half_extent_m = half_extent_m
        self.max_cells = max_cells
        self.version = 0
        self._offset = math.ceil(half_extent_m / resolution_m)  # grid index of cell 0
        self._grid = np.zeros((2 * self._offset, 2 * self._offset), dtype=bool)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add_points(self, points_xy: PointsXY) -> int:
        """Mark the cells of ``points_xy`` [m, odom]; returns how many cells are new."""
        pts = np.asarray(points_xy, dtype=np.float64).reshape(-1, 2)
        if len(pts) == 0 or self._count >= self.max_cells:
            return 0
        with np.errstate(invalid="ignore"):
            ij = np.floor(pts / self.resolution_m) + self._offset
        ok = np.all(np.isfinite(ij), axis=1) & np.all((ij >= 0) & (ij < self._grid.shape[0]), axis=1)
        ij = ij[ok].astype(np.int64)
        fresh = ij[~self._grid[ij[:, 0], ij[:, 1]]]
        if len(fresh) == 0:
            return 0
        flat = np.unique(fresh[:, 0] * self._grid.shape[1] + fresh[:, 1])[: self.max_cells - self._count]
        self._grid.reshape(-1)[flat] = True
        self._count += len(flat)
        self.version += 1
        return len(flat)

    def clear(self) -> None:
        self._grid[:] = False
        self._count = 0
        self.version += 1

    def to_json(self) -> dict[str, Any]:
        """{resolution_m, cells: [i0, j0, i1, j1, ...], version}: cell (i, j) spans x in
        [i, i+1) * resolution_m, y in [j, j+1) * resolution_m (odom)."""
        i, j = np.nonzero(self._grid)
        cells = np.stack([i, j], axis=1).reshape(-1) - self._offset
        return {"resolution_m": self.resolution_m, "cells": cells.tolist(), "version": self.version}


# ---------------------------------------------------------------------------- state snapshot
def current_step(plan: Plan) -> int:
    """The step a plan is at: the first active one, else the first pending one, else the last."""
    for status in (StepStatus.ACTIVE, StepStatus.PENDING):
        for i, step in enumerate(plan.steps):
            if step.status == status:
                return i
    return len(plan.steps) - 1


def plan_json(plan: Plan | None, index: int) -> dict[str, Any] | None:
    """The plan for the page: goal, planner, revision, reason, the current step index and each
    step's skill, target, description, status and speed cap [m/s] (0 = none)."""
    if plan is None:
        return None
    return {
        "goal": plan.goal, "planner": plan.planner, "revision": plan.revision, "reason": plan.reason,
        "current": index if 0 <= index < len(plan.steps) else -1,
        "steps": [{"skill": s.skill, "target": s.target, "description": s.description,
                   "status": s.status.name.lower(), "max_speed_mps": s.max_speed_mps} for s in plan.steps],
    }


@dataclass(frozen=True)
class GoalView:
    """The goal as the page shows it. ``owner``: the client that sent it (0: none, or another tool);
    ``lines``: the progress log (plan, steps, result) as `lam goal` prints it."""

    text: str = ""
    state: str = "idle"
    owner: int = 0
    step_index: int = -1
    status: str = ""
    distance_m: float = math.nan
    result: str = ""
    success: bool | None = None
    lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.state not in GOAL_STATES:
            raise ConfigError(f"unknown goal state {self.state!r}; known: {GOAL_STATES}")

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_GOAL_STATES


@dataclass(frozen=True)
class EstopView:
    """``sent``: what this console last published on the e-stop (None: nothing yet);
    ``executor``: the state the executor's diagnostics report (None: not heard)."""

    sent: bool | None = None
    executor: bool | None = None
    interventions: int | None = None
    shield_message: str = ""


def snapshot(goal: GoalView, plan: Plan | None, estop: EstopView, pose: Pose2D | None, scan_xy: PointsXY | None,
             answer: Mapping[str, Any] | None, clients: int, frame_seq: int, pose_frame: str = "odom",
             low_xy: PointsXY | None = None) -> dict[str, Any]:
    """The state event's JSON object. ``pose``: base_link in ``pose_frame`` [m, rad]; ``scan_xy``:
    the latest scan's returns, ``low_xy`` the latest Observation's low obstacles (below the lidar's
    plane, seen in depth), in the same frame [m], rounded to centimetres."""
    index = goal.step_index if goal.active and goal.step_index >= 0 else (current_step(plan) if plan else -1)
    scan, low = _flat_cm(scan_xy), _flat_cm(low_xy)
    return {
        "goal": {"text": goal.text, "state": goal.state, "owner": goal.owner, "status": goal.status,
                 "distance_m": goal.distance_m if math.isfinite(goal.distance_m) else None,
                 "result": goal.result, "success": goal.success,
                 "lines": list(goal.lines)},
        "plan": plan_json(plan, index),
        "estop": {"sent": estop.sent, "executor": estop.executor, "interventions": estop.interventions,
                  "message": estop.shield_message},
        "pose": None if pose is None else {"frame": pose_frame, "x_m": round(pose.x_m, 3), "y_m": round(pose.y_m, 3),
                                           "yaw_rad": round(pose.yaw_rad, 4)},
        "scan": scan,
        "low": low,
        "answer": dict(answer) if answer is not None else None,
        "clients": clients,
        "frame": frame_seq,
    }


def _flat_cm(points: PointsXY | None) -> list[float]:
    """(N, 2) points as [x0, y0, x1, y1, ...] rounded to centimetres; [] for none."""
    if points is None or not len(points):
        return []
    return [float(v) for v in np.round(np.asarray(points, dtype=np.float64).reshape(-1), 2)]
