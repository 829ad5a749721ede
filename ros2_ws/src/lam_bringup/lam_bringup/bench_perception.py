"""`lam bench perception`: accuracy on held-out scenes against ground truth, per-frame cost, and
the live pipeline (camera_node + fusion_node processes) fed 30 Hz RGB-D (320x240, then 640x480),
10 Hz scan, 100 Hz IMU and 50 Hz odometry/joints from this process: latency newest sensor stamp ->
Observation published (as fusion_node measures it, from its /diagnostics) and -> received in this
process, colour frames that produced no detections, CPU and memory of the two nodes.
latency_ms_* in the JSON are at 320x240, drop_rate/cpu_percent/rss_mb at 640x480. Prints a
summary, then one JSON line."""

from __future__ import annotations

import json
import math
import os
import random
import time
from dataclasses import replace

from lam_bringup.background import BackgroundNode
from lam_core.config import load_config
from lam_core.datatypes import JointStates, Odometry, Pose2D
from lam_core.fusion import OBSERVATION_DIAGNOSTIC_NAME
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.color_objects import ColorObjectDetector
from lam_core.perception.evaluation import PerceptionScore, score_frame
from lam_core.perception.factory import detector_config
from lam_core.scenarios import make_scenario
from lam_core.sim.world import SensorSpec, SimWorld
from lam_core.stats import percentile
from lam_ros import contract_io
from lam_ros.convert import sensors
from lam_ros.convert.time import to_ns
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

ACCURACY_FAMILIES = ("goto", "pick", "place", "avoid", "find")
MAX_RANGE_M = 3.0
MIN_PIXELS = 60  # and wholly inside the image (see SimWorld.visible_objects)


def accuracy(seeds: int) -> tuple[PerceptionScore, list[float]]:
    cfg = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")
    detector = ColorObjectDetector(detector_config(cfg))
    score, frame_ms = PerceptionScore(), []
    for family in ACCURACY_FAMILIES:
        for seed in range(seeds):
            world = SimWorld(make_scenario(family, "heldout", seed))
            rng = random.Random(seed)
            try:
                start = world.scenario.robot_start
                for view in range(4):
                    yaw = start.yaw_rad + (0.0 if view == 0 else rng.uniform(-math.pi, math.pi))
                    world.place_robot(Pose2D(start.x_m, start.y_m, yaw))
                    world.step(5)
                    rgb, depth = world.render_rgbd()
                    t0 = time.perf_counter()
                    detections = detector.detect(rgb, depth, world.intrinsics)
                    frame_ms.append((time.perf_counter() - t0) * 1000)
                    truth = world.ground_truth()
                    visible = world.visible_objects(MIN_PIXELS, MAX_RANGE_M)
                    score_frame(score, detections, truth.objects, truth.robot, visible)
            finally:
                world.close()
    return score, frame_ms


class Feeder(BackgroundNode):
    """Publishes pre-rendered sensor data at real-robot rates with wall-clock stamps and records
    the latency of every Observation."""

    def __init__(self, frames: list, intrinsics) -> None:  # type: ignore[no-untyped-def]
        super().__init__("lam_bench_perception_feeder")
        self.pubs = {k: contract_io.publisher(self.node, k) for k in
                     ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states")}
        self.frames, self.intrinsics = frames, intrinsics
        self.latencies_ms: list[float] = []
        self.objects_received = 0
        self.colour_sent = 0
        contract_io.subscription(self.node, "observation", self._on_observation)
        contract_io.subscription(self.node, "objects", self._on_objects)
        contract_io.subscription(self.node, "diagnostics", self._on_diagnostics)
        self.publish_latency_ms: dict[str, float] = {}  # fusion_node's own newest stamp -> publish
        self.recording = False
        self.last_objects_wall = -math.inf  # time.monotonic() of the newest /lam/objects
        self.last_observation_wall = -math.inf

    def pipeline_flowing(self, within_s: float = 0.2) -> bool:
        """Both the camera and the fusion node answered within the last ``within_s`` seconds."""
        now = time.monotonic()
        return now - self.last_objects_wall < within_s and now - self.last_observation_wall < within_s

    def _on_observation(self, msg) -> None:  # type: ignore[no-untyped-def]
        newest = to_ns(msg.newest_sensor_stamp)
        self.last_observation_wall = time.monotonic()
        if self.recording and newest > 0:
            self.latencies_ms.append((time.time_ns() - newest) * 1e-6)

    def _on_diagnostics(self, msg) -> None:  # type: ignore[no-untyped-def]
        for status in msg.status:
            if self.recording and status.name == OBSERVATION_DIAGNOSTIC_NAME:
                self.publish_latency_ms = {kv.key: float(kv.value) for kv in status.values if kv.key.startswith("latency_ms")}

    def _on_objects(self, msg) -> None:  # type: ignore[no-untyped-def]
        self.last_objects_wall = time.monotonic()
        if self.recording:
            self.objects_received += 1

    def warm_up(self, scan, imu, deadline_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        """Feed until discovery is complete and both nodes answer every frame for a second."""
        end = time.monotonic() + deadline_s
        flowing_since = None
        while time.monotonic() < end:
            self.run(0.1, scan, imu)
            if not self.pipeline_flowing():
                flowing_since = None
            elif flowing_since is None:
                flowing_since = time.monotonic()
            elif time.monotonic() - flowing_since >= 1.0:
                return
        raise RuntimeError(f"camera_node and fusion_node did not answer within {deadline_s:g} s")

    def run(self, seconds: float, scan, imu) -> None:  # type: ignore[no-untyped-def]
        periods = {"camera": 1 / 30, "scan": 1 / 10, "imu": 1 / 100, "odom": 1 / 50}
        due = dict.fromkeys(periods, time.monotonic())
        end = time.monotonic() + seconds
        k = 0
        while time.monotonic() < end:
            now = time.monotonic()
            stamp = time.time_ns()
            if now >= due["imu"]:
                self.pubs["imu"].publish(sensors.imu_to_msg(replace(imu, stamp_ns=stamp)))
                due["imu"] += periods["imu"]
            if now >= due["odom"]:
                self.pubs["odom"].publish(sensors.odometry_to_msg(Odometry(stamp, Pose2D(0, 0, 0), 0.0, 0.0), "odom", "base_link"))
                self.pubs["joint_states"].publish(sensors.joints_to_msg(JointStates(stamp, ("j",), (0.0,), (0.0,))))
                due["odom"] += periods["odom"]
            if now >= due["scan"]:
                self.pubs["scan"].publish(sensors.scan_to_msg(replace(scan, stamp_ns=stamp), 0.1))
                due["scan"] += periods["scan"]
            if now >= due["camera"]:
                rgb, depth = self.frames[k % len(self.frames)]
                k += 1
                self.pubs["camera_info"].publish(sensors.intrinsics_to_msg(self.intrinsics, stamp, rgb.frame_id))
                self.pubs["color_image"].publish(sensors.rgb_to_msg(replace(rgb, stamp_ns=stamp)))
                self.pubs["depth_image"].publish(sensors.depth_to_msg(replace(depth, stamp_ns=stamp)))
                if self.recording:
                    self.colour_sent += 1
                due["camera"] += periods["camera"]
            time.sleep(max(0.0, min(due.values()) - time.monotonic()))


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


def live_pipeline(seconds: float, width: int, height: int) -> dict[str, float]:
    world = SimWorld(make_scenario("goto", "heldout", 0), SensorSpec(width, height, 360, 0.16, 8.0))
    try:
        frames = []
        for view in range(8):
            start = world.scenario.robot_start
            world.place_robot(Pose2D(start.x_m, start.y_m, start.yaw_rad + 0.3 * (view - 4)))
            world.step(2)
            frames.append(world.render_rgbd())
        scan, imu, intrinsics = world.scan(), world.imu(), world.intrinsics
    finally:
        world.close()
    agent = load_graph("agent")
    graph = replace(agent, use_sim_time=False, nodes=(agent.node("camera_node"), agent.node("fusion_node")))
    runner = GraphRunner(graph, quiet=True)
    runner.start()
    feeder = Feeder(frames, intrinsics)
    try:
        feeder.warm_up(scan, imu)
        pids = runner.pids()
        cpu0, t0 = {n: _cpu_seconds(p) for n, p in pids.items()}, time.monotonic()
        feeder.recording = True
        feeder.run(seconds, scan, imu)
        feeder.recording = False
        wall = time.monotonic() - t0
        cpu = {n: (_cpu_seconds(p) - cpu0[n]) / wall * 100 for n, p in pids.items()}
        rss = {n: _rss_mb(p) for n, p in pids.items()}
        if runner.dead_nodes():
            raise RuntimeError(f"perception nodes died: {runner.dead_nodes()}")
    finally:
        feeder.close()
        runner.shutdown()
    return {
        "latency_ms_p50": feeder.publish_latency_ms.get("latency_ms_p50", math.nan),
        "latency_ms_p99": feeder.publish_latency_ms.get("latency_ms_p99", math.nan),
        "received_latency_ms_p50": percentile(feeder.latencies_ms, 50),
        "received_latency_ms_p99": percentile(feeder.latencies_ms, 99),
        "observations": len(feeder.latencies_ms),
        "drop_rate": 1.0 - feeder.objects_received / max(feeder.colour_sent, 1),
        "colour_frames": feeder.colour_sent,
        "cpu_percent": sum(cpu.values()),
        "cpu_percent_camera": cpu["camera_node"],
        "cpu_percent_fusion": cpu["fusion_node"],
        "rss_mb": sum(rss.values()),
    }


def main(seeds: int = 4, seconds: float = 10.0) -> int:
    print(f"[bench perception] accuracy on held-out scenes: {len(ACCURACY_FAMILIES)} families x {seeds} seeds x 4 views, "
          f"objects with >= {MIN_PIXELS} px within {MAX_RANGE_M:g} m", flush=True)
    score, frame_ms = accuracy(seeds)
    errs = score.position_errors_m
    print(f"    recall {score.recall:.3f}  precision {score.precision:.3f}  (TP {score.true_positives}, "
          f"FP {score.false_positives}, FN {score.false_negatives})", flush=True)
    print(f"    centre error median {percentile(errs, 50) * 100:.1f} cm, p95 {percentile(errs, 95) * 100:.1f} cm", flush=True)
    print(f"    detector 320x240: p50 {percentile(frame_ms, 50):.1f} ms, p99 {percentile(frame_ms, 99):.1f} ms per frame", flush=True)
    live = {}
    for width, height in ((320, 240), (640, 480)):
        print(f"[bench perception] live pipeline for {seconds:g} s: {width}x{height} RGB-D 30 Hz, scan 10 Hz, "
              "IMU 100 Hz, odometry and joints 50 Hz", flush=True)
        run = live_pipeline(seconds, width, height)
        print(f"    newest sensor stamp -> Observation published (fusion_node): p50 {run['latency_ms_p50']:.1f} ms, "
              f"p99 {run['latency_ms_p99']:.1f} ms", flush=True)
        print(f"    newest sensor stamp -> Observation received here: p50 {run['received_latency_ms_p50']:.1f} ms, "
              f"p99 {run['received_latency_ms_p99']:.1f} ms over {run['observations']:.0f} observations", flush=True)
        print(f"    colour frames without detections: {run['drop_rate'] * 100:.1f} % of {run['colour_frames']:.0f}", flush=True)
        print(f"    CPU {run['cpu_percent']:.0f} % of one core (camera {run['cpu_percent_camera']:.0f} %, "
              f"fusion {run['cpu_percent_fusion']:.0f} %), RSS {run['rss_mb']:.0f} MB", flush=True)
        live[width] = run
    small, large = live[320], live[640]
    print(json.dumps({
        "recall": round(score.recall, 4), "precision": round(score.precision, 4),
        "pos_err_median_m": round(percentile(errs, 50), 4), "pos_err_p95_m": round(percentile(errs, 95), 4),
        "frame_ms_p50": round(percentile(frame_ms, 50), 2), "frame_ms_p99": round(percentile(frame_ms, 99), 2),
        "latency_ms_p50": round(small["latency_ms_p50"], 2), "latency_ms_p99": round(small["latency_ms_p99"], 2),
        "latency_ms_p99_640x480": round(large["latency_ms_p99"], 2),
        "received_latency_ms_p99": round(small["received_latency_ms_p99"], 2),
        "drop_rate": round(large["drop_rate"], 4), "drop_rate_320x240": round(small["drop_rate"], 4),
        "cpu_percent": round(large["cpu_percent"], 1), "rss_mb": round(large["rss_mb"], 1),
    }))
    return 0
