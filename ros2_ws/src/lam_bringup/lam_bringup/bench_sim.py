"""`lam bench sim`: simulator speed in lockstep, topic rates with the whole agent in real time,
and scenario reset latency. Prints a summary, then one JSON line."""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter
from dataclasses import replace

from lam_bringup.background import BackgroundNode
from lam_core.config import load_config
from lam_core.node_configs import SimNodeConfig
from lam_core.robot.description import robot_description
from lam_ros import contract_io
from lam_ros.convert.time import to_ns
from lam_tools.graph import GraphSpec, load_graph
from lam_tools.runner import GraphRunner

SENSOR_TOPICS = ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states", "clock")


class TopicMonitor(BackgroundNode):
    """Counts messages per contract topic and follows /clock."""

    def __init__(self) -> None:
        super().__init__("lam_bench_sim")
        self.counts: Counter[str] = Counter()
        self.clock_ns = -1
        self._lock = threading.Lock()
        for key in SENSOR_TOPICS:
            contract_io.subscription(self.node, key, lambda msg, key=key: self._on(key, msg))
        srv_type, srv_name = contract_io.service_spec("sim_reset")
        self.reset_client = self.node.create_client(srv_type, srv_name)
        self.reset_type = srv_type

    def _on(self, key: str, msg) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            self.counts[key] += 1
            if key == "clock":
                self.clock_ns = to_ns(msg.clock)

    def snapshot(self) -> tuple[int, Counter[str], float]:
        with self._lock:
            return self.clock_ns, Counter(self.counts), time.monotonic()

    def wait_for_clock(self, timeout_s: float, runner: GraphRunner) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not runner.dead_nodes():
            if self.clock_ns > 0 and self.counts["color_image"] > 0:
                return True
            time.sleep(0.1)
        return False



def _measure(monitor: TopicMonitor, seconds: float) -> tuple[float, float, dict[str, int]]:
    sim0, counts0, wall0 = monitor.snapshot()
    time.sleep(seconds)
    sim1, counts1, wall1 = monitor.snapshot()
    sim_s = (sim1 - sim0) * 1e-9
    return sim_s, wall1 - wall0, {k: counts1[k] - counts0[k] for k in SENSOR_TOPICS}


def _run(graph: GraphSpec, params: dict[str, dict[str, str]], seconds: float, resets: int = 0):  # type: ignore[no-untyped-def]
    runner = GraphRunner(graph, extra_params=params, quiet=True)
    runner.start()
    monitor = TopicMonitor()
    try:
        if not monitor.wait_for_clock(90.0, runner):
            raise RuntimeError(f"simulator did not start: {runner.dead_nodes()}")
        sim_s, wall_s, counts = _measure(monitor, seconds)
        reset_ms: list[float] = []
        for seed in range(resets):
            if not monitor.reset_client.wait_for_service(timeout_sec=10.0):
                break
            req = monitor.reset_type.Request(family="goto", split="train", seed=seed)
            t0 = time.monotonic()
            future = monitor.reset_client.call_async(req)
            deadline = t0 + 10.0
            while not future.done() and time.monotonic() < deadline:
                time.sleep(0.001)
            if future.done() and future.result().success:
                reset_ms.append((time.monotonic() - t0) * 1000)
        return sim_s, wall_s, counts, reset_ms
    finally:
        monitor.close()
        runner.shutdown()


def main(seconds: float = 10.0) -> int:
    sim_graph = load_graph("sim")
    cfg = load_config(SimNodeConfig, sim_graph.node("sim_node").params_files[0], "sim_node")
    robot = robot_description()
    cam, lidar = robot.camera, robot.lidar
    nominal = {
        "color_image": cam.rate_hz, "depth_image": cam.rate_hz, "camera_info": cam.rate_hz, "scan": lidar.rate_hz,
        "imu": robot.imu_rate_hz, "odom": robot.odom_rate_hz, "joint_states": robot.odom_rate_hz,
        "clock": cfg.clock_rate_hz,
    }
    print(f"[bench sim] camera {cam.width}x{cam.height} RGB-D at {cam.rate_hz:g} Hz, "
          f"scan {lidar.rays} rays at {lidar.rate_hz:g} Hz, IMU {robot.imu_rate_hz:g} Hz", flush=True)
    sim_only = replace(sim_graph, nodes=(sim_graph.node("sim_node"),))
    sim_s, wall_s, _, reset_ms = _run(sim_only, {"sim_node": {"realtime": "false"}}, seconds, resets=5)
    rtf_lockstep = sim_s / wall_s
    print(f"[bench sim] lockstep (simulator alone, all sensors): {sim_s:.1f} s simulated in {wall_s:.1f} s: "
          f"RTF {rtf_lockstep:.2f} (target >= 5)", flush=True)
    sim_s, wall_s, counts, _ = _run(sim_graph, {}, seconds)
    rtf_realtime = sim_s / wall_s
    hz = {k: counts[k] / sim_s if sim_s > 0 else 0.0 for k in SENSOR_TOPICS}
    print(f"[bench sim] real time with the whole agent: RTF {rtf_realtime:.2f}", flush=True)
    within = {}
    for k in SENSOR_TOPICS:
        ratio = hz[k] / nominal[k]
        within[k] = abs(ratio - 1.0) <= 0.10
        print(f"    {contract_io.contract().topic(k).name:28s} {hz[k]:7.1f} Hz (sim time), nominal {nominal[k]:6.1f}, "
              f"ratio {ratio:.2f} {'ok' if within[k] else 'OFF'}", flush=True)
    reset_p50 = statistics.median(reset_ms) if reset_ms else float("nan")
    print(f"[bench sim] reset: {len(reset_ms)} resets, p50 {reset_p50:.0f} ms, max {max(reset_ms, default=float('nan')):.0f} ms")
    print(json.dumps({
        "rtf_lockstep": round(rtf_lockstep, 3),
        "rtf_realtime": round(rtf_realtime, 3),
        "topic_hz": {contract_io.contract().topic(k).name: round(v, 2) for k, v in hz.items()},
        "topics_within_10pct": all(within.values()),
        "reset_ms": round(reset_p50, 1),
    }))
    return 0
