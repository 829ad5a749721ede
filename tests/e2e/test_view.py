"""`lam view` as a user runs it (a subprocess), read by a Foxglove WebSocket client written here
(JSON advertise/subscribe, binary MessageData frames: opcode 0x01, uint32 subscription id, uint64
log time, CDR payload). Checked: the golden bag plays its camera (as JPEG) and plan with the bag's
schemas and log times; a live sim graph (shared with other modules: tests/e2e/conftest.py) serves
its camera and the plan of a goal sent now, with the goal's feedback, subscribing to a topic only while a client
watches it; several clients at once, one of them never reading, do not hold back the others."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from rclpy.serialization import deserialize_message
from sensor_msgs.msg import CompressedImage

from lam_bringup.background import wait_until
from lam_bringup.goal_client import GoalClient
from lam_interfaces.action import ExecuteGoal
from lam_interfaces.msg import Plan
from lam_tools.foxglove_client import FoxgloveClient, pump
from lam_tools.line_process import LineProcess

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "goto_train_0"
LAM = Path(sys.executable).with_name("lam")
STARTUP_S = 120.0
VIEW_START_S = 60.0
CAMERA = "/camera/color/image_raw/compressed"
PLAN = "/lam/plan"
FEEDBACK = "/lam/execute_goal/_action/feedback"
GOLDEN_GOAL = "go to the red box"  # what the golden bag recorded
GOAL = "go to the blue box"  # the shared graph's scene: tests/e2e/conftest.py
VIEW_URL = r"on ws://127\.0\.0\.1:(\d+)"  # in the view's first line


class _View(LineProcess):
    """`lam view` running, its output lines collected, its port read from its first line."""

    def __init__(self, *args: str) -> None:
        super().__init__([str(LAM), "view", "--port", "0", *args])
        assert wait_until(lambda: self.port is not None, VIEW_START_S, self.running), self.text

    @property
    def port(self) -> int | None:
        found = self.search(VIEW_URL)
        return int(found.group(1)) if found else None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


def _jpeg_frame(payload: bytes) -> tuple[CompressedImage, np.ndarray]:
    msg = deserialize_message(payload, CompressedImage)
    return msg, cv2.imdecode(np.frombuffer(bytes(msg.data), dtype=np.uint8), cv2.IMREAD_COLOR)


# ---------------------------------------------------------------- a bag (no graph)
def test_bag_playback_serves_camera_and_plan_with_the_bags_schemas() -> None:
    from lam_tools.foxglove_view import bag_messages, bag_topics

    view = _View("--bag", str(GOLDEN), "--rate", "5")
    client = FoxgloveClient(view.url)
    try:
        assert client.pump(lambda: PLAN in client.channels and CAMERA in client.channels, 10.0), client.channels
        definitions = {t.topic: t.definition for t in bag_topics(GOLDEN)}
        plan_channel = client.channels[PLAN]
        assert (plan_channel["encoding"], plan_channel["schemaEncoding"]) == ("cdr", "ros2msg")
        assert plan_channel["schemaName"] == "lam_interfaces/msg/Plan" and plan_channel["schema"] == definitions[PLAN]
        assert client.channels[CAMERA]["schemaName"] == "sensor_msgs/msg/CompressedImage"
        assert not view.has("[view] end of bag")  # nothing plays before someone subscribes
        client.subscribe(CAMERA, PLAN)
        # The whole bag plays: its plans, and most of its camera frames (the view may drop frames
        # for a client that is behind).
        frames = sum(1 for m in bag_messages(GOLDEN) if m.topic == CAMERA.removesuffix("/compressed"))
        assert frames >= 120, f"the golden bag holds only {frames} camera frames"
        assert client.pump(lambda: client.count(PLAN) >= 3 and client.count(CAMERA) >= 0.7 * frames, 40.0), \
            (client.count(PLAN), client.count(CAMERA), frames, view.text)
    finally:
        client.close()
    log_time, payload = client.messages[PLAN][0]
    plan = deserialize_message(payload, Plan)
    assert plan.goal == GOLDEN_GOAL and plan.steps[0].skill == "navigate_to", plan
    assert log_time == next(m.stamp_ns for m in bag_messages(GOLDEN) if m.topic == PLAN)  # the bag's log time
    image, pixels = _jpeg_frame(client.messages[CAMERA][100][1])
    assert image.format == "jpeg" and pixels.shape == (240, 320, 3)
    stamps = [t for t, _ in client.messages[CAMERA]]
    last_frame = max(m.stamp_ns for m in bag_messages(GOLDEN) if m.topic == CAMERA.removesuffix("/compressed"))
    assert stamps == sorted(stamps) and stamps[0] > 0 and stamps[-1] <= last_frame  # the bag's log times
    assert view.interrupt() == 0, view.text
    assert view.has("[view] stopped: ") and "Traceback" not in view.text, view.text


def test_a_bag_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    res = subprocess.run([str(LAM), "view", "--bag", str(tmp_path / "nothing")], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2, res
    assert f"lam: error: no bag at {tmp_path / 'nothing'}" in res.stderr and "Traceback" not in res.stderr, res


# ---------------------------------------------------------------- a running graph
@pytest.fixture(scope="module")
def graph(graph_for_module) -> Iterator[tuple[GoalClient, Callable[[], bool]]]:  # type: ignore[no-untyped-def]
    shared, alive = graph_for_module
    client = GoalClient("view_test_goal", use_sim_time=False)
    try:
        assert client.wait_ready(STARTUP_S, alive), f"graph not ready; dead nodes: {shared.runner.dead_nodes()}"
        yield client, alive
    finally:
        client.close()


@pytest.fixture(scope="module")
def live_view(graph: tuple[GoalClient, Callable[[], bool]]) -> Iterator[_View]:
    view = _View()
    try:
        yield view
    finally:
        code = view.interrupt()
        assert code == 0, view.text
        assert "Traceback" not in view.text, view.text


def test_live_graph_serves_camera_plan_and_feedback(graph, live_view: _View) -> None:  # type: ignore[no-untyped-def]
    goal_client, alive = graph
    client = FoxgloveClient(live_view.url)
    outcome: list[Any] = []
    runner = threading.Thread(target=lambda: outcome.append(goal_client.run_goal(GOAL, 60.0, alive)), daemon=True)
    try:
        assert client.pump(lambda: CAMERA in client.channels, 10.0)
        assert not live_view.has("[view] subscribed"), live_view.text  # nobody watches: nothing subscribed
        client.subscribe(CAMERA, PLAN, FEEDBACK)
        assert client.pump(lambda: client.count(CAMERA) >= 5, 30.0), live_view.text
        runner.start()
        assert client.pump(lambda: client.count(PLAN) >= 1 and client.count(FEEDBACK) >= 3 and client.count(CAMERA) >= 20,
                           60.0), (client.count(PLAN), client.count(FEEDBACK), client.count(CAMERA), live_view.text)
    finally:
        client.close()
        runner.join(timeout=70.0)
    plan = deserialize_message(client.messages[PLAN][-1][1], Plan)
    assert plan.goal == GOAL and plan.steps, plan
    log_time, payload = client.messages[CAMERA][-1]
    image, pixels = _jpeg_frame(payload)
    assert image.format == "jpeg" and pixels.shape == (240, 320, 3)
    assert log_time == image.header.stamp.sec * 1_000_000_000 + image.header.stamp.nanosec  # sim time, from the header
    assert 0 < log_time < 3600 * 10**9, log_time
    feedback = deserialize_message(client.messages[FEEDBACK][-1][1], ExecuteGoal.Impl.FeedbackMessage)
    assert feedback.feedback.plan.goal == GOAL and feedback.feedback.status, feedback
    assert outcome and outcome[0].success, outcome
    # The last client gone, the view lets go of the topics.
    assert wait_until(lambda: live_view.has("[view] unsubscribed from /camera/color/image_raw")
                      and live_view.has("[view] unsubscribed from /lam/plan"), 10.0), live_view.text


def test_a_client_that_never_reads_does_not_hold_back_the_others(graph, live_view: _View) -> None:  # type: ignore[no-untyped-def]
    # The slow client's socket takes a few KB before TCP pushes back; it subscribes to every
    # channel and never reads, so its queue in the server fills within a second or two.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(10.0)
    sock.connect(("127.0.0.1", live_view.port or 0))
    slow = FoxgloveClient(live_view.url, sock=sock)
    readers = [FoxgloveClient(live_view.url) for _ in range(3)]
    try:
        assert slow.pump(lambda: len(slow.channels) >= 14, 10.0), slow.channels
        slow.subscribe(*slow.channels)
        for reader in readers:
            reader.subscribe(CAMERA)

        assert pump(readers, lambda: all(r.count(CAMERA) >= 10 for r in readers), 30.0), \
            [r.count(CAMERA) for r in readers]
        before = [r.count(CAMERA) for r in readers]
        # Well after the slow client's queue is full: every reader still gets the camera.
        assert pump(readers, lambda: all(r.count(CAMERA) >= b + 30 for r, b in zip(readers, before, strict=True)), 30.0), \
            ([r.count(CAMERA) for r in readers], before)
        frames = [r.messages[CAMERA][-1][1] for r in readers]
        assert all(_jpeg_frame(f)[1].shape == (240, 320, 3) for f in frames)
        assert live_view.running()
    finally:
        for client in (slow, *readers):
            client.close()
