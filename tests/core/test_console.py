"""The operator console without ROS: its config, request validation, the client queues and their
drop policy, the scan on the floor map, the state snapshot, and the HTTP server itself with a
stand-in for the node (page, event stream, token, bad input, a slow client, too many clients)."""

from __future__ import annotations

import http.client
import itertools
import json
import math
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import lam_console
from lam_bringup import console as console_cli
from lam_bringup.background import wait_until
from lam_bringup.operator import goal_text
from lam_console.server import ConsoleServer
from lam_core.config import load_config, param_specs, read_params_file
from lam_core.console import (
    ClientClosed,
    ClientHub,
    ConsoleClient,
    ConsoleNodeConfig,
    EstopView,
    FloorMap,
    GoalView,
    HubFull,
    RateGate,
    RequestError,
    body_length,
    current_step,
    json_object,
    plan_json,
    scan_points_in_odom,
    snapshot,
    sse_event,
    text_field,
    token_ok,
)
from lam_core.datatypes import Plan, PlanStep, Pose2D, StepStatus
from lam_core.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
STATIC = Path(lam_console.__file__).resolve().parent / "static"


def _cfg(**changes: Any) -> ConsoleNodeConfig:
    cfg = load_config(ConsoleNodeConfig, REPO / "config" / "console_node.yaml", "console_node")
    return replace(cfg, **{"port": 0, **changes})


def _plan() -> Plan:
    return Plan("go to the red box", "language", (
        PlanStep("navigate_to", "red box", "drive to it", 60.0, StepStatus.DONE),
        PlanStep("stop", "", "stand still", 5.0, StepStatus.ACTIVE),
    ), 1, "re-planned")


# ---------------------------------------------------------------------------- config and requests
def test_params_file_matches_the_config() -> None:
    path = REPO / "config" / "console_node.yaml"
    assert set(read_params_file(path, "console_node")) == {s.name for s in param_specs(ConsoleNodeConfig)}
    cfg = load_config(ConsoleNodeConfig, path, "console_node")
    assert cfg.host == "127.0.0.1" and cfg.token == "" and cfg.max_body_bytes > 4 * cfg.max_goal_chars
    assert all(s.description for s in param_specs(ConsoleNodeConfig))
    with pytest.raises(ConfigError, match="white space"):
        replace(cfg, token="two words")


@pytest.mark.parametrize(("expected", "query", "header", "ok"), [
    ("", None, None, True), ("s3cret", None, None, False), ("s3cret", "s3cret", None, True),
    ("s3cret", None, "s3cret", True), ("s3cret", "wrong", "nope", False), ("s3cret", "s3cre", None, False),
    ("s3cret", "s3cret\u202e", None, False)])
def test_token(expected: str, query: str | None, header: str | None, ok: bool) -> None:
    assert token_ok(expected, query, header) is ok


def test_body_length_is_required_numeric_and_bounded() -> None:
    assert body_length("12", 100) == 12
    for bad, message in ((None, "Content-Length header is required"), ("-1", "not a number"), ("1e3", "not a number"),
                         ("101", "over the limit of 100 bytes")):
        with pytest.raises(RequestError, match=message) as err:
            body_length(bad, 100)
        assert err.value.status == 400


def test_json_bodies() -> None:
    assert json_object(b'{"text": "go"}') == {"text": "go"} and json_object(b"  ") == {}
    for bad, message in ((b"\xff\xfe", "not UTF-8"), (b"{nope", "not valid JSON"), (b"[1]", "must be a JSON object"),
                         (b"[" * 100_000, "not valid JSON")):
        with pytest.raises(RequestError, match=message):
            json_object(bad)


def test_goal_text_rules() -> None:
    assert text_field({"text": "  go to the red box \n"}, "text", 50, goal_text) == "go to the red box"
    cases = [({"text": " \t\n"}, "the goal is empty"), ({}, "'text' must be a string"), ({"text": 3}, "must be a string"),
             ({"text": "x" * 51}, "51 characters; the limit is 50"), ({"text": "go\x00"}, "NUL")]
    for body, message in cases:
        with pytest.raises(RequestError, match=message) as err:
            text_field(body, "text", 50, goal_text)
        assert err.value.status == 400
    with pytest.raises(RequestError, match="the question is empty"):
        text_field({"question": ""}, "question", 50)


# ---------------------------------------------------------------------------- clients and queues
def test_a_full_queue_drops_that_client_only() -> None:
    hub = ClientHub(max_clients=2, queue_len=3)
    slow, fast = hub.connect(), hub.connect([b"hello"])
    with pytest.raises(HubFull, match="2 pages are connected"):
        hub.connect()
    assert fast.take(0.0) == b"hello"
    closed: list[int] = []
    slow.on_close = lambda: closed.append(slow.id)
    for i in range(5):
        dropped = hub.broadcast(f"e{i}".encode())
        assert dropped == ([slow] if i == 3 else []), i
        assert fast.take(0.0) == f"e{i}".encode()
    assert closed == [slow.id] and slow.closed_reason.startswith("slow")
    with pytest.raises(ClientClosed, match="slow"):
        slow.take(0.0)
    hub.disconnect(slow, "gone")
    assert hub.stats().dropped_slow == 1 and hub.stats().connected == 1 and hub.stats().refused == 1
    assert hub.connect().id == 3  # a slot is free again; ids are never reused


def test_take_waits_for_an_event_or_the_close() -> None:
    client = ConsoleClient(1, 4)
    t0 = time.monotonic()
    assert client.take(0.05) is None and time.monotonic() - t0 >= 0.04
    threading.Timer(0.05, lambda: client.close("closed by the page")).start()
    with pytest.raises(ClientClosed, match="closed by the page"):
        client.take(5.0)
    assert not client.offer(b"late") and not client.close("again")


def test_rate_gate() -> None:
    gate = RateGate(5.0)
    assert gate.ready(10.0) and not gate.ready(10.1) and gate.ready(10.1999) and not gate.ready(10.3)
    gate = RateGate(5.0)
    frames = [10.0 + i / 15.0 for i in range(1, 151)]  # 10 s of a 15 Hz camera
    opened = [t for t in frames if gate.ready(t)]
    assert len(opened) == 50 and all(b - a > 0.19 for a, b in itertools.pairwise(opened))
    with pytest.raises(ConfigError):
        RateGate(0.0)


# ---------------------------------------------------------------------------- floor map
def test_scan_points_land_in_the_odom_frame() -> None:
    pose, laser = Pose2D(1.0, 2.0, math.pi / 2), Pose2D(0.13, 0.0, 0.0)
    ranges = [1.0, math.inf, 0.05, 2.0, math.nan, 9.0]
    pts = scan_points_in_odom(pose, laser, ranges, 0.0, math.pi / 2, 0.16, 8.0)
    # ray 0 (ahead, 1 m): base_link (1.13, 0) -> odom (1, 3.13); ray 3 (-pi/2 + 2 pi, 2 m): base_link (0.13, -2).
    np.testing.assert_allclose(pts, [[1.0, 3.13], [3.0, 2.13]], atol=1e-9)
    assert scan_points_in_odom(pose, laser, ranges, 0.0, math.pi / 2, 0.16, 8.0, stride=2).shape == (1, 2)
    assert scan_points_in_odom(pose, laser, [], 0.0, 0.1, 0.1, 8.0).shape == (0, 2)


def test_floor_map_cells_version_and_bounds() -> None:
    grid = FloorMap(resolution_m=0.1, half_extent_m=5.0, max_cells=3)
    assert grid.add_points(np.array([[0.01, 0.02], [0.05, 0.05], [-0.01, 0.0], [99.0, 0.0], [np.nan, 1.0]])) == 2
    assert grid.version == 1 and len(grid) == 2
    assert grid.add_points(np.array([[0.0, 0.0]])) == 0 and grid.version == 1
    assert grid.add_points(np.array([[1.0, 1.0], [2.0, 2.0]])) == 1 and len(grid) == 3  # capped
    data = grid.to_json()
    assert data["resolution_m"] == 0.1 and data["cells"] == [-1, 0, 0, 0, 10, 10]
    grid.clear()
    assert len(grid) == 0 and grid.version == 3


# ---------------------------------------------------------------------------- snapshot
def test_snapshot_and_its_event() -> None:
    plan = _plan()
    assert current_step(plan) == 1 and plan_json(None, 0) is None
    assert plan_json(plan, 7)["current"] == -1  # type: ignore[index]
    goal = GoalView(text="go to the red box", state="running", owner=3, step_index=0, status="driving",
                    distance_m=math.nan, lines=("[goal] step 1/2",))
    state = snapshot(goal, plan, EstopView(sent=True), Pose2D(1.23456, 0.0, 0.5), np.array([[1.0, 2.0], [3.333, 4.0]]),
                     None, 2, 17, low_xy=np.array([[0.5, -0.254]]))
    assert state["plan"]["current"] == 0 and state["plan"]["steps"][0]["status"] == "done"
    assert state["scan"] == [1.0, 2.0, 3.33, 4.0] and state["pose"]["x_m"] == 1.235 and state["pose"]["frame"] == "odom"
    assert state["low"] == [0.5, -0.25]
    assert state["estop"]["sent"] is True and state["estop"]["executor"] is None and state["frame"] == 17
    idle = snapshot(replace(goal, state="succeeded"), plan, EstopView(), None, None, None, 0, 0)
    assert idle["plan"]["current"] == 1 and idle["pose"] is None and idle["scan"] == [] and idle["low"] == []
    event = sse_event("state", state, 5)
    head, data = event.decode().split("data: ")
    assert head == "id: 5\nevent: state\n" and data.endswith("\n\n") and "\n" not in data[:-2]
    assert json.loads(data)["goal"]["distance_m"] is None  # NaN is written as null
    assert sse_event("x", {"a": [1.0, math.inf, {"b": math.nan}]}) == b'event: x\ndata: {"a":[1.0,null,{"b":null}]}\n\n'
    with pytest.raises(ConfigError):
        GoalView(state="flying")


# ---------------------------------------------------------------------------- the HTTP server
class _Backend:
    """Stands in for console_node: records what the server asks and answers at once."""

    def __init__(self) -> None:
        self.goals: list[tuple[str, int, bool]] = []
        self.estops: list[bool] = []
        self.closed: list[tuple[int, bool]] = []
        self.options: list[tuple[int, bool]] = []

    def goal_text(self, text: str) -> str:
        return goal_text(text)

    def send_goal(self, text: str, client_id: int, cancel_on_close: bool) -> tuple[int, dict[str, Any]]:
        self.goals.append((text, client_id, cancel_on_close))
        return 200, {"accepted": True, "goal": text}

    def set_cancel_on_close(self, client_id: int, cancel_on_close: bool) -> None:
        self.options.append((client_id, cancel_on_close))

    def cancel_goals(self) -> tuple[int, dict[str, Any]]:
        return 200, {"cancelled": 0}

    def estop(self, engage: bool) -> tuple[int, dict[str, Any]]:
        self.estops.append(engage)
        return 200, {"estop": engage, "subscribers": 1, "acknowledged": True}

    def ask(self, question: str) -> tuple[int, dict[str, Any]]:
        return 200, {"question": question, "answered": True, "answer": "Yes."}

    def camera_jpeg(self) -> tuple[int, bytes] | None:
        return (7, b"\xff\xd8\xff\xd9")

    def initial_events(self) -> list[bytes]:
        return [sse_event("state", {"n": 0})]

    def clients_changed(self) -> None:
        pass

    def client_closed(self, client: ConsoleClient) -> None:
        self.closed.append((client.id, client.cancel_on_close))

    def status(self) -> dict[str, Any]:
        return {"following": False}


@pytest.fixture
def served() -> Any:
    servers: list[ConsoleServer] = []

    def start(**changes: Any) -> tuple[ConsoleServer, _Backend]:
        backend = _Backend()
        server = ConsoleServer(_cfg(**changes), backend, STATIC)
        server.start()
        servers.append(server)
        return server, backend

    yield start
    for server in servers:
        server.stop()


def _request(server: ConsoleServer, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
    finally:
        conn.close()


def _post(server: ConsoleServer, path: str, data: Any, **headers: str) -> tuple[int, dict[str, Any]]:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    status, _, raw = _request(server, "POST", path, body, {"Content-Type": "application/json", **headers})
    return status, json.loads(raw) if raw else {}


class _Stream:
    """A raw event-stream client: ``reads`` False leaves every byte unread (a stalled page)."""

    def __init__(self, port: int, path: str = "/events", reads: bool = True) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if not reads:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        self.head = b""
        self.events: list[tuple[str, str]] = []
        self.ended = threading.Event()
        self._buf = b""
        if reads:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while chunk := self.sock.recv(65536):
                self._buf += chunk
                if not self.head and b"\r\n\r\n" in self._buf:
                    self.head, self._buf = self._buf.split(b"\r\n\r\n", 1)
                while self.head and b"\n\n" in self._buf:
                    block, self._buf = self._buf.split(b"\n\n", 1)
                    fields = dict(line.split(": ", 1) for line in block.decode().splitlines() if ": " in line)
                    if "event" in fields:
                        self.events.append((fields["event"], fields.get("data", "")))
        except OSError:
            pass
        self.ended.set()

    def named(self, name: str) -> list[Any]:
        return [json.loads(data) for event, data in list(self.events) if event == name]

    def close(self) -> None:
        """Close as a browser does: the server sees the end of the stream at once."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def test_page_files_are_served_with_a_strict_policy(served: Any) -> None:
    server, _ = served()
    status, headers, body = _request(server, "GET", "/")
    assert status == 200 and b'<script src="app.js"' in body and headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    for path, kind in (("/app.js", "text/javascript"), ("/app.css", "text/css")):
        status, headers, _ = _request(server, "GET", path)
        assert status == 200 and headers["content-type"].startswith(kind)
    assert _request(server, "GET", "/../../etc/passwd")[0] == 404
    status, headers, body = _request(server, "GET", "/camera.jpg")
    assert status == 200 and headers["content-type"] == "image/jpeg" and headers["x-frame-seq"] == "7"


def test_the_event_stream_says_hello_and_reports_the_close(served: Any) -> None:
    server, backend = served()
    stream = _Stream(server.port)
    assert wait_until(lambda: len(stream.events) >= 2, 5.0), stream.events
    assert b"200 OK" in stream.head and b"text/event-stream" in stream.head
    hello = stream.named("hello")[0]
    assert hello == {"client": hello["client"], "max_goal_chars": 500} and stream.named("state") == [{"n": 0}]
    assert _post(server, "/api/options", {"client": hello["client"], "cancel_on_close": True})[0] == 200
    assert _post(server, "/api/options", {"client": 999, "cancel_on_close": True})[0] == 404
    server.hub.get(hello["client"]).cancel_on_close = True  # type: ignore[union-attr]
    stream.close()
    assert wait_until(lambda: backend.closed == [(hello["client"], True)], 5.0), backend.closed
    assert wait_until(lambda: server.hub.count() == 0, 2.0)


def test_commands_and_bad_input(served: Any) -> None:
    server, backend = served()
    assert _post(server, "/api/goal", {"text": " go to the red box ", "client": 0}) == (200, {"accepted": True,
                                                                                             "goal": "go to the red box"})
    assert backend.goals == [("go to the red box", 0, False)]
    before_s = time.time()
    status, stopped = _post(server, "/api/stop", {})
    assert status == 200 and before_s <= stopped.pop("received_wall_s") <= time.time()  # when the console got it
    assert stopped == {"estop": True, "subscribers": 1, "acknowledged": True}
    assert _post(server, "/api/release", b"")[0] == 200 and backend.estops == [True, False]
    assert _post(server, "/api/ask", {"question": "what do you see?"})[1]["answer"] == "Yes."
    bad = [({"text": ""}, 400, "the goal is empty"), ({"text": "x" * 501}, 400, "limit is 500"),
           ({"text": "x" * 100_000}, 400, "over the limit"), (b"\xff\xfe{}", 400, "not UTF-8"),
           (b"{\"text\": ", 400, "not valid JSON"), ({"text": ["go"]}, 400, "must be a string"),
           ({"text": "go", "cancel_on_close": "yes"}, 400, "true or false"), ({"text": "go", "client": -1}, 400, "integer")]
    for body, status, message in bad:
        got = _post(server, "/api/goal", body)
        assert got[0] == status and message in got[1]["error"], (body if isinstance(body, bytes) else str(body)[:40], got)
    assert len(backend.goals) == 1
    status, _, raw = _request(server, "POST", "/api/goal", b'{"text": "go"}', {"Content-Type": "text/plain"})
    assert status == 415 and b"JSON" in raw
    assert _post(server, "/api/goal", {"text": "go"}, Origin="http://evil.example")[0] == 403
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # a chunked body: no length
        sock.sendall(b"POST /api/goal HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n4\r\n{}  \r\n0\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400") and b"Content-Length header is required" in answer
    assert _post(server, "/api/nope", {})[0] == 404
    assert _request(server, "PUT", "/api/goal", b"{}")[0] == 501
    assert len(backend.goals) == 1


def test_a_token_guards_data_and_commands_not_the_page(served: Any) -> None:
    server, backend = served(token="s3cret")
    assert _request(server, "GET", "/")[0] == 200
    for path in ("/events", "/camera.jpg", "/api/status", "/events?token=wrong"):
        status, _, raw = _request(server, "GET", path)
        assert status == 401 and b"token" in raw, path
    assert _post(server, "/api/stop", {})[0] == 401 and backend.estops == []
    assert _post(server, "/api/stop?token=s3cret", {})[0] == 200
    assert _post(server, "/api/release", {}, **{"X-Lam-Token": "s3cret"})[0] == 200
    assert _request(server, "GET", "/api/status?token=s3cret")[0] == 200


def test_a_stalled_client_is_dropped_and_the_others_miss_nothing(served: Any) -> None:
    server, _ = served(client_queue_len=4, send_timeout_s=0.5)
    fast = _Stream(server.port)
    slow = _Stream(server.port, reads=False)
    assert wait_until(lambda: server.hub.count() == 2 and bool(fast.named("hello")), 5.0)
    payload = "x" * 60_000
    sent = 0
    deadline = time.monotonic() + 20.0
    while server.hub.stats().dropped_slow == 0 and time.monotonic() < deadline:
        server.broadcast(sse_event("state", {"n": sent, "pad": payload}))
        sent += 1
        assert wait_until(lambda n=sent: len(fast.named("state")) >= n + 1, 5.0), "the reading client was held back"
    assert server.hub.stats().dropped_slow == 1 and server.hub.count() == 1, server.hub.stats()
    for extra in range(3):
        server.broadcast(sse_event("state", {"n": sent + extra, "pad": ""}))
    assert wait_until(lambda: len(fast.named("state")) >= sent + 4, 5.0)
    numbers = [e["n"] for e in fast.named("state")[1:]]
    assert numbers == list(range(sent + 3)), "the reading client lost events"
    fast.close()
    slow.close()


def test_too_many_pages_are_refused(served: Any) -> None:
    server, _ = served(max_clients=2)
    streams = [_Stream(server.port) for _ in range(2)]
    assert wait_until(lambda: all(s.named("hello") for s in streams), 5.0)
    status, _, raw = _request(server, "GET", "/events")
    assert status == 503 and b"2 pages are connected" in raw
    assert _request(server, "GET", "/")[0] == 200  # the page and commands still work
    streams[0].close()
    assert wait_until(lambda: server.hub.count() == 1, 5.0)
    third = _Stream(server.port)
    assert wait_until(lambda: bool(third.named("hello")), 5.0)
    assert server.hub.stats().refused == 1
    for s in (streams[1], third):
        s.close()


def test_idle_connections_are_bounded(served: Any) -> None:
    from lam_console.server import EXTRA_CONNECTIONS

    server, _ = served(max_clients=1)
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(1 + EXTRA_CONNECTIONS)]
    try:
        assert wait_until(lambda: _request(server, "GET", "/")[0] == 503, 5.0)
    finally:
        for sock in idle:
            sock.close()
    assert wait_until(lambda: _request(server, "GET", "/")[0] == 200, 5.0)


# ---------------------------------------------------------------------------- lam console
def _cli(*argv: str) -> Any:
    import argparse

    parser = argparse.ArgumentParser(prog="lam")
    console_cli.add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_lam_console_options() -> None:
    args = _cli("console")
    assert args.func is console_cli.cmd_console and args.namespace == "/" and console_cli.overrides(args) == {}
    args = _cli("console", "--namespace", "robot1", "--host", "0.0.0.0", "--port", "9000", "--token", "t0k")
    assert args.namespace == "/robot1" and console_cli.overrides(args) == {"host": "0.0.0.0", "port": 9000, "token": "t0k"}
    cmd = console_cli.node_command(args, Path("/tmp/over.yaml"))
    assert cmd[0].endswith("lib/lam_console/console_node") and "__ns:=/robot1" in cmd and "t0k" not in " ".join(cmd)
    assert cmd[-2:] == ["--params-file", "/tmp/over.yaml"] and cmd.index("--params-file") < len(cmd) - 2
    for bad in (["--port", "70000"], ["--port", "http"], ["--token", "two words"], ["--token", ""], ["--namespace", "1x"]):
        with pytest.raises(SystemExit):
            _cli("console", *bad)


def test_serving_beyond_this_machine_without_a_token_is_refused() -> None:
    with pytest.raises(ConfigError, match="without a token"):
        _cfg(host="0.0.0.0")
    assert _cfg(host="0.0.0.0", token="s3cret").token == "s3cret"
