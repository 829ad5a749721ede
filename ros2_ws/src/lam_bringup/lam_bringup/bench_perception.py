"""`lam bench perception`: accuracy against ground truth on held-out scenes under each look
(lam_core.appearance: default, light, texture, clutter), every detector on the same frames
(recall, precision, kind and colour accuracy, centre error, per-frame cost, track id switches per
minute through fusion's tracker on a short sweep per scene; a picture per look with each
detector's detections), then for each detector the live pipeline (camera_node +
fusion_node processes) fed 30 Hz RGB-D (320x240, then 640x480), 10 Hz scan, 100 Hz IMU and 50 Hz
odometry/joints from this process: latency newest sensor stamp -> Observation published (as
fusion_node measures it, from its /diagnostics) and -> received in this process, camera frame stamp
-> its /lam/objects and -> the first Observation built on that frame (received here), colour frames
that produced no detections, CPU and memory of the two nodes. In the JSON, "looks" holds the
accuracy per look and detector (with "recall_nameable", over the colour-kind pairs the detector has
names for: the hue bands name neither white, black and grey nor kinds beyond box, cube and bin),
"live" the live figures per detector (latency at 320x240, drops, CPU and memory at 640x480); the
top-level figures are the first look's and the first detector's.
Prints a summary, then one JSON line."""

from __future__ import annotations

import json
import math
import os
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from lam_bringup.background import BackgroundNode
from lam_core.config import load_config
from lam_core.datatypes import JointStates, Odometry, Pose2D
from lam_core.fusion import OBSERVATION_DIAGNOSTIC_NAME, ObjectTracker
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.color_objects import ObjectDetector, draw_detections
from lam_core.perception.evaluation import PerceptionScore, TrackContinuity, colour_cast_deg, score_frame
from lam_core.perception.factory import camera_mount, make_detector
from lam_core.perception.learned_detector import COLOUR_CONSTANCY, constancy_gains
from lam_core.scenarios import HELDOUT_KIND_COLORS, make_scenario
from lam_core.sim.world import SensorSpec, SimWorld
from lam_core.stats import percentile
from lam_core.vocabulary import ACHROMATIC_COLORS, COLOR_HUES, COLORS, HUE_DETECTOR_LABELS, LABELS
from lam_ros import contract_io
from lam_ros.convert import sensors
from lam_ros.convert.time import to_ns
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

ACCURACY_FAMILIES = ("goto", "pick", "place", "avoid", "find")
MAX_RANGE_M = 3.0
MIN_PIXELS = 60  # and wholly inside the image (see SimWorld.visible_objects)
SWEEP_FRAMES = 24       # frames of the tracking sweep per scene
SWEEP_FORWARD_M = 0.4   # how far the sweep glides ahead [m]
SWEEP_YAW_RAD = 0.5     # how far the heading swings either way [rad]


def _detectors(names: tuple[str, ...]) -> dict[str, ObjectDetector]:
    cfg = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")
    return {name: make_detector(replace(cfg, detector=name)) for name in names}


def colour_casts(world: SimWorld, pixels: np.ndarray, visible: set[str], casts: dict[str, list[float]]) -> None:
    """Append to ``casts`` (colour constancy method -> degrees) how far from grey each visible white,
    black or grey object of this frame is, as the camera gave it and after each of COLOUR_CONSTANCY
    (colour_cast_deg; gains estimated on the whole frame)."""
    shown = [i for i, obj in enumerate(world.scenario.objects) if obj.color in ACHROMATIC_COLORS and obj.name in visible]
    if not shown:
        return
    index = world.object_index_image()
    gains = {method: constancy_gains(pixels, method) for method in COLOUR_CONSTANCY}
    for i in shown:
        for method, gain in gains.items():
            cast = colour_cast_deg(pixels, index == i, gain)
            if cast is not None:
                casts.setdefault(method, []).append(cast)


def accuracy(seeds: int, look: str = "default", detectors: dict[str, ObjectDetector] | None = None,
             picture: Path | None = None, first_seed: int = 0, casts: dict[str, list[float]] | None = None,
             ) -> tuple[dict[str, PerceptionScore], dict[str, list[float]], dict[str, TrackContinuity]]:
    """Each detector on the same frames: ``seeds`` held-out scenes per family (from ``first_seed``) under ``look``, 4 views
    each (the start pose, then random headings), then a sweep (track_sweep) through which fusion's
    tracker follows each detector's detections. ``picture``: save the first frame with every
    detector's detections drawn side by side. ``casts``: filled by colour_casts on every frame."""
    detectors = detectors or _detectors(("color",))
    scores = {name: PerceptionScore() for name in detectors}
    frame_ms: dict[str, list[float]] = {name: [] for name in detectors}
    continuity = {name: TrackContinuity() for name in detectors}
    for family in ACCURACY_FAMILIES:
        for seed in range(first_seed, first_seed + seeds):
            world = SimWorld(make_scenario(family, "heldout", seed, look=look))
            rng = random.Random(seed)
            try:
                start = world.scenario.robot_start
                for view in range(4):
                    yaw = start.yaw_rad + (0.0 if view == 0 else rng.uniform(-math.pi, math.pi))
                    world.place_robot(Pose2D(start.x_m, start.y_m, yaw))
                    world.step(5)
                    rgb, depth = world.render_rgbd()
                    truth = world.ground_truth()
                    visible = world.visible_objects(MIN_PIXELS, MAX_RANGE_M)
                    if casts is not None:
                        colour_casts(world, rgb.pixels, visible, casts)
                    drawn = []
                    for name, detector in detectors.items():
                        t0 = time.perf_counter()
                        detections = detector.detect(rgb, depth, world.intrinsics)
                        frame_ms[name].append((time.perf_counter() - t0) * 1000)
                        score_frame(scores[name], detections, truth.objects, truth.robot, visible)
                        if picture is not None:
                            drawn.append(draw_detections(rgb, detections, world.intrinsics, camera_mount()).pixels)
                    if picture is not None:
                        _save_picture(picture, drawn, list(detectors))
                        picture = None
                track_sweep(world, detectors, continuity)
            finally:
                world.close()
    return scores, frame_ms, continuity


def track_sweep(world: SimWorld, detectors: dict[str, ObjectDetector], continuity: dict[str, TrackContinuity]) -> None:
    """The robot glides from its start pose SWEEP_FORWARD_M ahead while its heading swings
    +-SWEEP_YAW_RAD, one camera frame per step (SWEEP_FRAMES at the camera's rate); each detector's
    detections go through a fresh ObjectTracker of fusion (odometry = the true pose) and the ids are
    checked against ground truth."""
    start = world.scenario.robot_start
    period_s = 1.0 / world.robot.camera.rate_hz
    trackers = {name: ObjectTracker() for name in detectors}
    for tracks in continuity.values():
        tracks.start_sequence()
    for i in range(SWEEP_FRAMES):
        phase = i / (SWEEP_FRAMES - 1)
        yaw = start.yaw_rad + SWEEP_YAW_RAD * math.sin(2.0 * math.pi * phase)
        pose = Pose2D(start.x_m + SWEEP_FORWARD_M * phase * math.cos(start.yaw_rad),
                      start.y_m + SWEEP_FORWARD_M * phase * math.sin(start.yaw_rad), yaw)
        world.place_robot(pose)
        world.step(2)
        rgb, depth = world.render_rgbd()
        truth = world.ground_truth()
        visible = world.visible_objects(MIN_PIXELS, MAX_RANGE_M)
        odometry = Odometry(rgb.stamp_ns, truth.robot, 0.0, 0.0)
        for name, detector in detectors.items():
            tracked = trackers[name].assign(tuple(detector.detect(rgb, depth, world.intrinsics)), odometry)
            continuity[name].update(tracked, truth.objects, truth.robot, visible)
            continuity[name].seconds += period_s


def _save_picture(path: Path, images: list, names: list[str]) -> None:  # type: ignore[type-arg]
    import cv2
    import numpy as np

    tiles = []
    for image, name in zip(images, names, strict=True):
        tile = image.copy()
        cv2.putText(tile, name, (5, tile.shape[0] - 8), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 0), 1)
        tiles.append(tile)
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), cv2.cvtColor(np.hstack(tiles), cv2.COLOR_RGB2BGR))


class Feeder(BackgroundNode):
    """Publishes pre-rendered sensor data at real-robot rates with wall-clock stamps and records
    the latency of every Observation."""

    def __init__(self, frames: list, intrinsics) -> None:  # type: ignore[no-untyped-def]
        super().__init__("lam_bench_perception_feeder")
        self.pubs = {k: contract_io.publisher(self.node, k) for k in
                     ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states")}
        self.frames, self.intrinsics = frames, intrinsics
        self.latencies_ms: list[float] = []
        self.frame_to_objects_ms: list[float] = []      # colour frame stamp -> its /lam/objects received here
        self.frame_to_observation_ms: list[float] = []  # colour frame stamp -> first Observation built on it
        self._last_observed_frame_ns = 0
        self.objects_received = 0  # /lam/objects of colour frames sent while recording
        self.colour_sent = 0
        self._recorded_frames_ns: tuple[int, int] | None = None  # stamps of the first and last colour frame sent while recording
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
        received_ns = time.time_ns()
        newest, frame = to_ns(msg.newest_sensor_stamp), to_ns(msg.header.stamp)
        self.last_observation_wall = time.monotonic()
        if self.recording and newest > 0:
            self.latencies_ms.append((received_ns - newest) * 1e-6)
        if self.recording and frame > self._last_observed_frame_ns:
            self.frame_to_observation_ms.append((received_ns - frame) * 1e-6)
        self._last_observed_frame_ns = max(self._last_observed_frame_ns, frame)

    def _on_diagnostics(self, msg) -> None:  # type: ignore[no-untyped-def]
        for status in msg.status:
            if self.recording and status.name == OBSERVATION_DIAGNOSTIC_NAME:
                self.publish_latency_ms = {kv.key: float(kv.value) for kv in status.values if kv.key.startswith("latency_ms")}

    def _on_objects(self, msg) -> None:  # type: ignore[no-untyped-def]
        received_ns = time.time_ns()
        self.last_objects_wall = time.monotonic()
        frame_ns = to_ns(msg.header.stamp)
        sent = self._recorded_frames_ns
        if sent is not None and sent[0] <= frame_ns <= sent[1]:
            self.objects_received += 1
            self.frame_to_objects_ms.append((received_ns - frame_ns) * 1e-6)

    def wait_for_objects(self, deadline_s: float) -> None:
        """Wait until every colour frame sent while recording has its objects, or ``deadline_s``."""
        end = time.monotonic() + deadline_s
        while self.objects_received < self.colour_sent and time.monotonic() < end:
            time.sleep(0.005)

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
                    self._recorded_frames_ns = (self._recorded_frames_ns or (stamp, stamp))[0], stamp
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


def live_pipeline(seconds: float, width: int, height: int, detector: str = "color") -> dict[str, float]:
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
    runner = GraphRunner(graph, extra_params={"camera_node": {"detector": detector}}, quiet=True)
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
        feeder.wait_for_objects(deadline_s=0.5)  # the last frames' objects still on their way
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
        "frame_to_objects_ms_p50": percentile(feeder.frame_to_objects_ms, 50),
        "frame_to_objects_ms_p99": percentile(feeder.frame_to_objects_ms, 99),
        "frame_to_observation_ms_p50": percentile(feeder.frame_to_observation_ms, 50),
        "frame_to_observation_ms_p99": percentile(feeder.frame_to_observation_ms, 99),
        "drop_rate": 1.0 - feeder.objects_received / max(feeder.colour_sent, 1),
        "colour_frames": feeder.colour_sent,
        "cpu_percent": sum(cpu.values()),
        "cpu_percent_camera": cpu["camera_node"],
        "cpu_percent_fusion": cpu["fusion_node"],
        "rss_mb": sum(rss.values()),
    }


def _finite_or_none(value: float) -> float | None:
    """``value`` to 4 decimals, or None (JSON null) where nothing was counted."""
    return round(value, 4) if math.isfinite(value) else None


def nameable_pairs(detector: str) -> frozenset[tuple[str, str]]:
    """The (kind, colour) pairs ``detector`` has names for: the hue bands name box, cube and bin
    (by height) in the colours that have a hue, the other detectors every vocabulary pair."""
    if detector == "color":
        return frozenset((kind, color) for kind in HUE_DETECTOR_LABELS for color in COLOR_HUES)
    return frozenset((kind, color) for kind in LABELS for color in COLORS)


def _score_fields(score: PerceptionScore, frame_ms: list[float], tracks: TrackContinuity,
                  nameable: frozenset[tuple[str, str]]) -> dict[str, object]:
    errs = score.position_errors_m
    pair_recall, pair_precision, pair_objects = score.of_pairs(HELDOUT_KIND_COLORS)
    return {
        "recall_nameable": _finite_or_none(score.of_pairs(nameable)[0]),
        "unseen_pairs": {"recall": _finite_or_none(pair_recall), "precision": _finite_or_none(pair_precision),
                         "objects": pair_objects},
        "recall_by_color": {c: round(r, 3) for c, r in score.recall_by_color().items()},
        "recall_by_kind": {k: round(r, 3) for k, r in score.recall_by_kind().items()},
        "track_id_switches_per_min": round(tracks.switches_per_min, 3), "track_matches": tracks.matches,
        "recall": round(score.recall, 4), "precision": round(score.precision, 4),
        "kind_accuracy": round(score.kind_accuracy, 4), "color_accuracy": round(score.color_accuracy, 4),
        "pos_err_median_m": round(percentile(errs, 50), 4), "pos_err_p95_m": round(percentile(errs, 95), 4),
        "frame_ms_p50": round(percentile(frame_ms, 50), 2), "frame_ms_p99": round(percentile(frame_ms, 99), 2),
        "objects": score.true_positives + score.false_negatives,
    }


def main(seeds: int = 4, seconds: float = 10.0, looks: tuple[str, ...] = ("default",),
         detectors: tuple[str, ...] = ("color",), out: Path | None = None, live: bool = True, first_seed: int = 0) -> int:
    """Accuracy per look for each detector on the same frames (held-out seeds ``first_seed`` on),
    then (``live``) the live pipeline with the configured detector."""
    out = out or Path("results") / f"bench_perception_{time.strftime('%Y%m%d_%H%M%S')}"
    built = _detectors(detectors)
    per_look: dict[str, dict[str, dict[str, object]]] = {}
    for look in looks:
        print(f"[bench perception] accuracy on held-out scenes, look {look}: {len(ACCURACY_FAMILIES)} families x {seeds} "
              f"seeds (from {first_seed}) x 4 views, objects with >= {MIN_PIXELS} px within {MAX_RANGE_M:g} m", flush=True)
        casts: dict[str, list[float]] = {}
        scores, frame_ms, continuity = accuracy(seeds, look, built, out / f"look_{look}.png", first_seed, casts)
        cast_summary = {method: {"p50": round(percentile(v, 50), 2), "p90": round(percentile(v, 90), 2), "objects": len(v)}
                        for method, v in casts.items()}
        per_look[look] = {"colour_cast_deg": cast_summary}  # type: ignore[dict-item]
        print("    white, black and grey objects' colour cast [deg] p50 / p90, camera as given and after each colour "
              "constancy: " + ", ".join(f"{'camera' if m == 'none' else m} {v['p50']:.1f} / {v['p90']:.1f}"
                                        for m, v in cast_summary.items()), flush=True)
        for name in detectors:
            fields = _score_fields(scores[name], frame_ms[name], continuity[name], nameable_pairs(name))
            per_look[look][name] = fields
            print(f"    {name:8s} recall {fields['recall']:.3f}  precision {fields['precision']:.3f}  kind "
                  f"{fields['kind_accuracy']:.3f}  colour {fields['color_accuracy']:.3f}  centre error median "
                  f"{fields['pos_err_median_m'] * 100:.1f} cm  ({fields['objects']} objects; frame p50 "
                  f"{fields['frame_ms_p50']:.1f} ms, p99 {fields['frame_ms_p99']:.1f} ms); track id switches "
                  f"{fields['track_id_switches_per_min']:.2f} per min over {fields['track_matches']} matches", flush=True)
            pairs: dict[str, Any] = fields["unseen_pairs"]  # type: ignore[assignment]
            unseen = ", ".join(f"{c} {k}" for k, c in sorted(HELDOUT_KIND_COLORS))
            shown = {key: "-" if pairs[key] is None else f"{pairs[key]:.3f}" for key in ("recall", "precision")}
            print(f"             colour-kind pairs no training scene shows ({unseen}): recall {shown['recall']}  "
                  f"precision {shown['precision']}  ({pairs['objects']} objects)", flush=True)
            if fields["recall_nameable"] is not None and fields["recall_nameable"] != fields["recall"]:
                print(f"             recall over the colour-kind pairs it has names for: {fields['recall_nameable']:.3f}",
                      flush=True)
            for axis in ("colour", "kind"):
                by = fields["recall_by_color" if axis == "colour" else "recall_by_kind"]
                print(f"             recall by {axis}: " + ", ".join(f"{c} {r:.2f}" for c, r in by.items()),  # type: ignore[attr-defined]
                      flush=True)
    print(f"    pictures (first frame of each look, every detector's detections): {out}", flush=True)
    first = per_look[looks[0]][detectors[0]]
    summary: dict[str, object] = {**{k: first[k] for k in ("recall", "precision", "pos_err_median_m", "pos_err_p95_m",
                                                           "frame_ms_p50", "frame_ms_p99", "track_id_switches_per_min")},
                                  "looks": per_look}
    if live:
        summary["live"] = {}
        for name in detectors:
            runs = {}
            for width, height in ((320, 240), (640, 480)):
                print(f"[bench perception] live pipeline, {name} detector, {seconds:g} s: {width}x{height} RGB-D 30 Hz, "
                      "scan 10 Hz, IMU 100 Hz, odometry and joints 50 Hz", flush=True)
                run = live_pipeline(seconds, width, height, name)
                print(f"    newest sensor stamp -> Observation published (fusion_node): p50 {run['latency_ms_p50']:.1f} ms, "
                      f"p99 {run['latency_ms_p99']:.1f} ms", flush=True)
                print(f"    newest sensor stamp -> Observation received here: p50 {run['received_latency_ms_p50']:.1f} ms, "
                      f"p99 {run['received_latency_ms_p99']:.1f} ms over {run['observations']:.0f} observations", flush=True)
                print(f"    camera frame stamp -> its objects received here: p50 {run['frame_to_objects_ms_p50']:.1f} ms, "
                      f"p99 {run['frame_to_objects_ms_p99']:.1f} ms; -> first Observation built on it: p50 "
                      f"{run['frame_to_observation_ms_p50']:.1f} ms, p99 {run['frame_to_observation_ms_p99']:.1f} ms", flush=True)
                print(f"    colour frames without detections: {run['drop_rate'] * 100:.1f} % of {run['colour_frames']:.0f}",
                      flush=True)
                print(f"    CPU {run['cpu_percent']:.0f} % of one core (camera {run['cpu_percent_camera']:.0f} %, "
                      f"fusion {run['cpu_percent_fusion']:.0f} %), RSS {run['rss_mb']:.0f} MB", flush=True)
                runs[width] = run
            small, large = runs[320], runs[640]
            summary["live"][name] = {  # type: ignore[index]
                "latency_ms_p50": round(small["latency_ms_p50"], 2), "latency_ms_p99": round(small["latency_ms_p99"], 2),
                "latency_ms_p99_640x480": round(large["latency_ms_p99"], 2),
                "received_latency_ms_p99": round(small["received_latency_ms_p99"], 2),
                "frame_latency_ms_p50": round(small["frame_to_observation_ms_p50"], 2),
                "frame_latency_ms_p99": round(small["frame_to_observation_ms_p99"], 2),
                "frame_latency_ms_p99_640x480": round(large["frame_to_observation_ms_p99"], 2),
                "frame_to_objects_ms_p99": round(small["frame_to_objects_ms_p99"], 2),
                "drop_rate": round(large["drop_rate"], 4), "drop_rate_320x240": round(small["drop_rate"], 4),
                "cpu_percent": round(large["cpu_percent"], 1), "rss_mb": round(large["rss_mb"], 1),
            }
        summary.update(summary["live"][detectors[0]])  # type: ignore[index]
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps(summary))
    return 0
