"""Replay regression (real node graph on the golden bag) and a recorder killed mid-recording."""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import replace
from pathlib import Path

from lam_core.paths import config_file
from lam_tools.bags import read_bag
from lam_tools.graph import GraphSpec, NodeSpec
from lam_tools.runner import GraphRunner

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "goto_train_0"


def test_the_golden_bag_replays_to_the_same_behaviour(tmp_path: Path) -> None:
    """Fails when perception, fusion, planner or executor behave differently on the recorded
    sensors. After an intended change: `make bless`."""
    from lam_bringup.replay import run_replay

    report = run_replay(GOLDEN, tmp_path / "out")
    topics = report["topics"]
    assert report["diff_ok"], ({k: v["summary"] for k, v in topics.items() if not v["ok"]},
                               f"lockstep waits that ran out: {report['lockstep_timeouts']}",
                               f"nodes that failed: {report['nodes_failed']}")
    assert topics["decisions"]["coverage"] >= 0.8 and topics["objects"]["agreement"] >= 0.95
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["diff_ok"] and saved["goal"] == report["goal"] == "go to the red box"
    assert {k: v["summary"] for k, v in saved["topics"].items()} == {k: v["summary"] for k, v in topics.items()}
    assert read_bag(tmp_path / "out" / "replay")[0].counts["/lam/action"] > 50


def test_a_changed_behaviour_fails_the_replay(tmp_path: Path) -> None:
    from lam_bringup.replay import run_replay

    # The golden bag was recorded with the learned policy; a slower scripted actor decides otherwise.
    slower = {"planner_node": {"actor": "scripted", "max_speed_mps": "0.2", "heading_gain": "0.5"}}
    report = run_replay(GOLDEN, tmp_path / "out", node_params=slower)
    assert not report["diff_ok"]
    assert not report["topics"]["decisions"]["ok"]


def test_a_killed_recorder_leaves_a_readable_bag(tmp_path: Path) -> None:
    """SIGKILL the recorder while it records images: every chunk closed before is kept."""
    import rclpy
    from rclpy.node import Node

    from lam_bringup.background import wait_until
    from lam_ros import contract_io
    from lam_ros.convert import sensors

    bag = tmp_path / "killed"
    recorder = NodeSpec("lam_recorder", "recorder_node", (config_file("recorder_node.yaml"),))
    runner = GraphRunner(GraphSpec("rec", "recorder", False, (recorder,)),
                         extra_params={"recorder_node": {"output_path": str(bag)}}, quiet=True)
    runner.start()
    context = rclpy.Context()
    rclpy.init(context=context, args=[])
    node = Node("bag_feeder", context=context)
    pub = contract_io.publisher(node, "color_image")
    import numpy as np

    from lam_core.datatypes import RgbImage

    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (240, 320, 3), dtype=np.uint8) for _ in range(8)]  # incompressible, 230 kB each

    def written() -> int:
        return sum(f.stat().st_size for f in bag.glob("*.mcap")) if bag.exists() else 0

    try:
        assert wait_until(lambda: pub.get_subscription_count() > 0, 60.0), runner.lines
        sent = 0
        deadline = time.monotonic() + 60.0
        while written() < 4_000_000 and time.monotonic() < deadline:  # several 1 MB chunks on disk
            pub.publish(sensors.rgb_to_msg(RgbImage(time.time_ns(), "camera", frames[sent % len(frames)])))
            sent += 1
        assert written() >= 4_000_000, f"{written()} bytes written after {sent} frames"
        os.kill(runner.pids()["recorder_node"], signal.SIGKILL)
    finally:
        node.destroy_node()
        rclpy.try_shutdown(context=context)
        runner.shutdown()
    on_disk = written()
    assert not (bag / "metadata.yaml").exists()
    info, messages = read_bag(bag)
    assert info.recovered and any("did not close" in p for p in info.problems)
    # A chunk is closed once it holds more than 1 MiB (the MCAP writer's rule): 5 of these frames.
    # Of the frames that reached the disk, at most the chunk being written when the kill came is lost.
    frame_bytes = frames[0].nbytes
    frames_per_chunk = -(-(2**20) // frame_bytes)
    assert len(messages) >= on_disk // frame_bytes - frames_per_chunk, (
        f"only {len(messages)} frames recovered from {on_disk} bytes ({sent} sent)")


def test_a_bag_recorded_with_another_message_version_is_refused_before_anything_starts(tmp_path: Path) -> None:
    """An ActionCommand cut short, as one from an older lam_interfaces reads to this build."""
    import pytest

    from lam_bringup.replay import run_replay
    from lam_tools.bags import BagError, write_bag

    _, messages = read_bag(GOLDEN)
    older = [replace(m, data=m.data[:40]) if m.topic.endswith("/action") else m for m in messages]
    assert any(m.topic.endswith("/action") for m in older)
    write_bag(tmp_path / "older", older)
    t0 = time.monotonic()
    with pytest.raises(BagError, match="does not fit this build's message definition"):
        run_replay(tmp_path / "older", tmp_path / "out")
    assert time.monotonic() - t0 < 20.0 and not (tmp_path / "out").exists()
