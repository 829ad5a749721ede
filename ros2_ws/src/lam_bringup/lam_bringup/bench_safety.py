"""`lam bench safety`: the executor's safety shield, measured on a live executor_node process
(wall clock, no simulator) and in-process. Prints a summary, then one JSON line.

* stop_latency_ms: a command source publishing like the planner (ActionCommands at the
  planner's keepalive rate) is SIGKILLed; time until the first zero /cmd_vel arrives.
* obstacle_stop_ms: a scan with a return inside the stop zone is published while the base is
  driving; time until the first /cmd_vel with no forward speed arrives.
* control_period_jitter_ms: |inter-arrival time of /cmd_vel - control period| while driving.
* shield_us_per_command: in-process cost of SafetyShield.accept + step.
* violations: /cmd_vel pairs outside the velocity / acceleration bounds (live stream), plus the
  same audit over an adversarial in-process command stream.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import subprocess
import sys
import threading
import time
from dataclasses import replace

import numpy as np
import rclpy
from rclpy.node import Node

from lam_bringup.background import BackgroundNode
from lam_core.config import load_config
from lam_core.datatypes import ActionCommand, LaserScan, Twist2D
from lam_core.node_configs import ExecutorNodeConfig, PlannerNodeConfig
from lam_core.paths import config_dir, dds_environment
from lam_core.robot.description import robot_description
from lam_core.safety.audit import twist_violations
from lam_core.safety.factory import shield_limits
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME, SafetyShield
from lam_core.skills import COMMAND_SKILLS
from lam_core.stats import percentile
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

DRIVE = Twist2D(0.3, 0.0)
JITTER_NOTE = "500 periods"


def _clear_scan(stamp_ns: int, rays: int = 360) -> LaserScan:
    return LaserScan(stamp_ns, "laser_link", -math.pi, 2 * math.pi / rays, 0.16, 8.0, np.full(rays, np.inf, dtype=np.float32))


def _obstacle_scan(stamp_ns: int, range_m: float, rays: int = 360) -> LaserScan:
    scan = _clear_scan(stamp_ns, rays)
    scan.ranges_m[rays // 2 - 3 : rays // 2 + 4] = range_m  # straight ahead
    return scan


def command_source(rate_hz: float) -> None:
    """Runs in a child process: publishes a forward-driving ActionCommand at ``rate_hz`` like the
    planner's keepalive, until killed."""
    rclpy.init()
    node = Node("bench_command_source")
    pub = contract_io.publisher(node, "action")

    def tick() -> None:
        now = node.get_clock().now().nanoseconds
        pub.publish(lam_convert.command_to_msg(ActionCommand(now, "navigate_to", base=DRIVE, horizon_s=0.5, source="bench")))

    node.create_timer(1.0 / rate_hz, tick)
    rclpy.spin(node)


class SafetyProbe(BackgroundNode):
    """Publishes scans, records /cmd_vel with arrival times."""

    def __init__(self) -> None:
        super().__init__("lam_bench_safety")
        self.scan_pub = contract_io.publisher(self.node, "scan")
        self.log: list[tuple[float, Twist2D]] = []
        self._lock = threading.Lock()
        self.obstacle_range_m = math.inf
        self.executor_jitter_ms: dict[str, float] = {}
        contract_io.subscription(self.node, "cmd_vel", self._on_cmd_vel)
        contract_io.subscription(self.node, "diagnostics", self._on_diagnostics)
        self.node.create_timer(0.1, self._publish_scan)

    def _on_cmd_vel(self, msg) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            self.log.append((time.monotonic(), lam_convert.twist_from_msg(msg)))

    def _on_diagnostics(self, msg) -> None:  # type: ignore[no-untyped-def]
        for status in msg.status:
            if status.name == SHIELD_DIAGNOSTIC_NAME:
                self.executor_jitter_ms.update(
                    {kv.key: float(kv.value) for kv in status.values if kv.key.startswith("control_period_jitter")}
                )

    def now_ns(self) -> int:
        return int(self.node.get_clock().now().nanoseconds)

    def _publish_scan(self) -> None:
        now = self.now_ns()
        scan = _clear_scan(now) if math.isinf(self.obstacle_range_m) else _obstacle_scan(now, self.obstacle_range_m)
        self.scan_pub.publish(sensors.scan_to_msg(scan, 0.1))

    def publish_obstacle(self, range_m: float) -> float:
        """Switch the scans to an obstacle and publish one at once; returns the wall time."""
        self.obstacle_range_m = range_m
        t = time.monotonic()
        self._publish_scan()
        return t

    def snapshot(self, start: int = 0) -> list[tuple[float, Twist2D]]:
        with self._lock:
            return self.log[start:]

    def wait_for(self, condition, after: float, timeout_s: float) -> float:  # type: ignore[no-untyped-def]
        """Arrival time of the first /cmd_vel after ``after`` for which condition(twist) holds."""
        deadline = time.monotonic() + timeout_s
        seen = 0
        while time.monotonic() < deadline:
            fresh = self.snapshot(seen)
            for t, twist in fresh:
                if t > after and condition(twist):
                    return t
            seen += len(fresh)
            time.sleep(0.002)
        return math.inf


def _spawn_source(rate_hz: float) -> subprocess.Popen[bytes]:
    import os

    env = {**os.environ, **dds_environment()}
    return subprocess.Popen([sys.executable, "-m", "lam_bringup.bench_safety", "--command-source", str(rate_hz)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def in_process(limits, seconds: float = 2.0) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """(us per command p50, p99, violations) over an adversarial random stream."""
    rng = random.Random(7)
    shield = SafetyShield(limits)
    period_ns = round(limits.control_period_s * 1e9)
    skills = [*sorted(COMMAND_SKILLS), "dance", ""]
    values = [0.0, 0.1, -0.1, 0.3, 1e9, -1e9, math.nan, math.inf, -math.inf]
    t, prev, violations, costs = 0, Twist2D(), 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t += period_ns
        if rng.random() < 0.1:
            shield.update_scan(_obstacle_scan(t, rng.uniform(0.2, 1.5)) if rng.random() < 0.3 else _clear_scan(t), t)
        if rng.random() < 0.01:
            shield.set_estop(rng.random() < 0.5)
        cmd = ActionCommand(t, rng.choice(skills), base=Twist2D(rng.choice(values) * rng.random(), rng.choice(values)),
                            horizon_s=rng.choice([0.5, 0.0, -1.0, math.nan]))
        t0 = time.perf_counter_ns()
        if rng.random() < 0.8:
            shield.accept(cmd, t)
        out = shield.step(t, limits.control_period_s)
        costs.append((time.perf_counter_ns() - t0) / 1000.0)
        violations += bool(twist_violations(limits, prev, out.twist))
        prev = out.twist
    return percentile(costs, 50), percentile(costs, 99), violations


def main(kill_trials: int = 10, obstacle_trials: int = 20) -> int:
    robot = robot_description()
    cfg = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
    planner = load_config(PlannerNodeConfig, config_dir() / "planner_node.yaml", "planner_node")
    limits = shield_limits(cfg, robot)
    us_p50, us_p99, sim_violations = in_process(limits)
    print(f"[bench safety] shield in-process: {us_p50:.1f} us/command p50, {us_p99:.1f} us p99; "
          f"{sim_violations} violations over an adversarial stream", flush=True)
    front, laser_x = limits.footprint.front_m, limits.laser_xy_m[0]
    blind_ahead_m = robot.lidar.range_min_m - (front - laser_x)
    inside_stop_zone_m = front + (blind_ahead_m + limits.stop_margin_m) / 2 - laser_x  # laser range [m]
    agent = load_graph("agent")
    graph = replace(agent, nodes=(agent.node("executor_node"),))
    runner = GraphRunner(graph, quiet=True)
    runner.start()
    probe = SafetyProbe()
    stop_ms: list[float] = []
    obstacle_ms: list[float] = []
    driving = lambda tw: tw.vx_mps >= DRIVE.vx_mps - 1e-6  # noqa: E731
    try:
        source = _spawn_source(planner.keepalive_rate_hz)
        if math.isinf(probe.wait_for(driving, time.monotonic(), 60.0)):
            raise RuntimeError(f"the executor never drove: dead nodes {runner.dead_nodes()}")
        jitter_from = time.monotonic()
        for _ in range(obstacle_trials):
            probe.obstacle_range_m = math.inf
            if math.isinf(probe.wait_for(driving, time.monotonic(), 10.0)):
                break
            time.sleep(random.uniform(0.05, 0.3))
            t0 = probe.publish_obstacle(inside_stop_zone_m)
            t1 = probe.wait_for(lambda tw: tw.vx_mps <= 0.0, t0, 2.0)
            obstacle_ms.append((t1 - t0) * 1000.0)
        probe.obstacle_range_m = math.inf
        jitter_log = [t for t, _ in probe.snapshot() if t > jitter_from]
        period_ms = 1000.0 / cfg.control_rate_hz
        arrival_jitter = [abs((b - a) * 1000.0 - period_ms) for a, b in itertools.pairwise(jitter_log)]
        executor_jitter = dict(probe.executor_jitter_ms)
        for trial in range(kill_trials):
            if trial > 0:
                source = _spawn_source(planner.keepalive_rate_hz)
            if math.isinf(probe.wait_for(driving, time.monotonic(), 30.0)):
                source.kill()
                break
            time.sleep(random.uniform(0.2, 0.5))
            t0 = time.monotonic()
            source.kill()
            t1 = probe.wait_for(lambda tw: tw.vx_mps == 0.0 and tw.wz_radps == 0.0, t0, 3.0)
            source.wait()
            stop_ms.append((t1 - t0) * 1000.0)
        log = probe.snapshot()
    finally:
        probe.close()
        runner.shutdown()
    live_violations = sum(bool(twist_violations(limits, a, b)) for (_, a), (_, b) in itertools.pairwise(log))
    result = {
        "stop_latency_ms_p50": round(percentile(stop_ms, 50), 1),
        "stop_latency_ms_p99": round(percentile(stop_ms, 99), 1),
        "obstacle_stop_ms_p50": round(percentile(obstacle_ms, 50), 1),
        "obstacle_stop_ms_p99": round(percentile(obstacle_ms, 99), 1),
        "control_period_jitter_ms_p50": executor_jitter.get("control_period_jitter_ms_p50", math.nan),
        "control_period_jitter_ms_p99": executor_jitter.get("control_period_jitter_ms_p99", math.nan),
        "cmd_vel_arrival_jitter_ms_p99": round(percentile(arrival_jitter, 99), 2),
        "shield_us_per_command": round(us_p50, 2),
        "shield_us_per_command_p99": round(us_p99, 2),
        "violations": live_violations + sim_violations,
        "kill_trials": len(stop_ms),
        "obstacle_trials": len(obstacle_ms),
        "cmd_vel_messages": len(log),
    }
    print(f"[bench safety] planner stand-in killed {len(stop_ms)}x: zero twist after p50 {result['stop_latency_ms_p50']} ms, "
          f"p99 {result['stop_latency_ms_p99']} ms (target <= 150; watchdog {cfg.command_timeout_s * 1e3:.0f} ms)", flush=True)
    print(f"[bench safety] obstacle into the stop zone {len(obstacle_ms)}x: forward speed cut after p50 "
          f"{result['obstacle_stop_ms_p50']} ms, p99 {result['obstacle_stop_ms_p99']} ms "
          f"(control period {1000.0 / cfg.control_rate_hz:.0f} ms)", flush=True)
    print(f"[bench safety] control loop period jitter (executor timer, last {JITTER_NOTE}) p50 "
          f"{result['control_period_jitter_ms_p50']} ms, p99 {result['control_period_jitter_ms_p99']} ms at "
          f"{cfg.control_rate_hz:g} Hz; at the subscriber (adds DDS and the probe's own scheduling) p99 "
          f"{result['cmd_vel_arrival_jitter_ms_p99']} ms", flush=True)
    print(f"[bench safety] violations: {live_violations} in {len(log)} live /cmd_vel messages, {sim_violations} in-process",
          flush=True)
    print(json.dumps(result))
    return 0 if result["violations"] == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--command-source":
        command_source(float(sys.argv[2]))
