"""camera_node with the learned detector as a real process: rendered RGB-D frames of a held-out
scene under a held-out light go in over DDS, the named objects come out on /lam/objects with
their colours, a malformed frame is rejected without the node dying, and a covered lens gives no
objects and an error on /diagnostics."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
import rclpy
from diagnostic_msgs.msg import DiagnosticStatus
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from sensor_msgs.msg import Image

from lam_core.datatypes import RgbImage
from lam_core.scenarios import make_scenario
from lam_core.sim.world import SimWorld
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

DEADLINE_S = 60.0


@pytest.fixture(scope="module")
def frames():  # type: ignore[no-untyped-def]
    scenario = make_scenario("goto", "heldout", 2, look="light")
    world = SimWorld(scenario)
    try:
        world.step(5)
        rgb, depth = world.render_rgbd()
        shown = world.object_index_image()
        colours = {o.color for i, o in enumerate(scenario.objects) if (shown == i).sum() >= 30}  # in the frame at all
        return rgb, depth, world.intrinsics, colours
    finally:
        world.close()


def test_learned_camera_node_reports_the_named_objects_and_survives_a_bad_frame(frames) -> None:  # type: ignore[no-untyped-def]
    rgb, depth, k, colours = frames
    assert colours, "the scene's start view shows named objects"
    agent = load_graph("agent")
    graph = replace(agent, use_sim_time=False, nodes=(agent.node("camera_node"),))
    runner = GraphRunner(graph, extra_params={"camera_node": {"detector": "learned"}}, quiet=True)
    runner.start()
    context = rclpy.Context()
    rclpy.init(context=context, args=[])
    node = Node("learned_camera_probe", context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    received: list[tuple[int, list]] = []  # type: ignore[type-arg]
    problems: list[list[str]] = []
    contract_io.subscription(node, "objects", lambda m: (received.append(lam_convert.objects_from_msg(m)),
                                                         problems.append(list(m.frame_problems))))
    frame_reports: list[tuple[bytes, str]] = []  # (level, message) of camera_node's frame condition
    contract_io.subscription(node, "diagnostics", lambda m: frame_reports.extend(
        (st.level, st.message) for st in m.status if st.name == "camera_node: frame"))
    pubs = {key: contract_io.publisher(node, key) for key in ("color_image", "depth_image", "camera_info")}

    covered = replace(rgb, pixels=np.zeros_like(rgb.pixels))

    def send(colour_msg: Image | None = None, colour: RgbImage = rgb) -> int:
        stamp = time.time_ns()
        pubs["camera_info"].publish(sensors.intrinsics_to_msg(k, stamp, rgb.frame_id))
        pubs["color_image"].publish(colour_msg or sensors.rgb_to_msg(replace(colour, stamp_ns=stamp)))
        pubs["depth_image"].publish(sensors.depth_to_msg(replace(depth, stamp_ns=stamp)))
        return stamp

    def until(condition, colour: RgbImage = rgb) -> bool:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            assert not runner.dead_nodes(), runner.lines
            send(colour=colour)
            if condition():
                return True
            threading.Event().wait(0.1)
        return False

    try:
        assert until(lambda: any(objects for _, objects in received)), runner.lines
        seen = {o.color for _, objects in received for o in objects}
        assert seen <= colours and seen, (seen, colours)
        assert [] in problems, "a good frame reported problems"
        bad = sensors.rgb_to_msg(replace(rgb, stamp_ns=time.time_ns()))
        bad.data = bytes(bad.data[: len(bad.data) // 2])  # truncated frame
        send(bad)
        count = len(received)
        assert until(lambda: len(received) > count + 2), "the node stopped answering after a bad frame"
        log = runner.lines.get("camera_node", [])
        assert any("colour image ignored" in line for line in log), log[-20:]
        assert frame_reports and frame_reports[-1][1] == "ok", frame_reports[-5:]
        count = len(received)
        assert until(lambda: (DiagnosticStatus.ERROR, "covered") in frame_reports and len(received) > count + 2,
                     covered), frame_reports[-5:]
        assert not received[-1][1], "a covered lens named objects"
        assert problems[-1] == ["covered"], problems[-3:]
    finally:
        executor.shutdown(timeout_sec=1.0)
        node.destroy_node()
        rclpy.try_shutdown(context=context)
        spinner.join(timeout=2.0)
        runner.shutdown()
