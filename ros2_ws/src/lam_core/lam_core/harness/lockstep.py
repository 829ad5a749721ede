"""The whole agent in one process, in lockstep with the simulator: the same cores the nodes run
(the simulator stepper, sensor noise, camera detector and thumbnail, scan summary, fusion, task
planning and the plan runner with its actor, the executor core with the safety shield and arm
supervisor), paced by the pipeline instead of the wall clock, so an episode is deterministic and
runs as fast as the CPU allows. Used to collect demonstrations and to evaluate actors side by side
on many episodes; the ROS graph (`lam run`, `lam bench agent`) remains the deployment and is
measured separately. A test holds both to the same outputs for the same inputs.

Rates are the robot's (camera, lidar, IMU, odometry) and the nodes' (fusion fallback, control); a
sensor sample reaches fusion at its own stamp (zero transport latency), and an Observation goes
out with each camera frame's detections as in fusion_node (ObservationTrigger)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lam_core.config import load_config
from lam_core.datatypes import JointStates, LaserScan, Observation, SimGroundTruth, Twist2D
from lam_core.errors import LamError
from lam_core.fusion import make_assembler, make_trigger
from lam_core.node_configs import CameraNodeConfig, ExecutorNodeConfig, FusionNodeConfig, PlannerNodeConfig, SimNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.color_objects import thumbnail
from lam_core.perception.factory import make_detector
from lam_core.perception.scan_summary import summarize_scan
from lam_core.planning.plan_runner import PlanRunner, RunnerTick
from lam_core.planning.task_planning import TaskPlanning
from lam_core.safety.arm import ArmSupervisor
from lam_core.safety.executor import ExecutorCore
from lam_core.safety.factory import arm_limits, shield_limits
from lam_core.safety.shield import SafetyShield
from lam_core.scenarios import Scenario, SuccessMonitor
from lam_core.sim.noise import make_noise
from lam_core.sim.stepper import SimStepper
from lam_core.sim.world import SimWorld
from lam_core.skills import Actor

JUDGE_GRACE_S = 5.0  # sim time the ground-truth judge gets after the agent reports success [s]
TRUTH_PERIOD_S = 0.05  # ground truth sampled for the judge and the trajectory [s]

# Called after each decision: (perceived observation, tick, ground truth).
DecisionHook = Callable[[Observation, RunnerTick, SimGroundTruth], None]
# What the actor sees instead of the perceived observation (a privileged data-collection expert).
ObservationFilter = Callable[[Observation, SimGroundTruth], Observation]


@dataclass(frozen=True)
class AgentConfigs:
    """The nodes' configuration, from the same files the nodes read."""

    sim: SimNodeConfig
    camera: CameraNodeConfig
    fusion: FusionNodeConfig
    planner: PlannerNodeConfig
    executor: ExecutorNodeConfig

    @staticmethod
    def load() -> AgentConfigs:
        d = config_dir()
        return AgentConfigs(
            load_config(SimNodeConfig, d / "sim_node.yaml", "sim_node"),
            load_config(CameraNodeConfig, d / "camera_node.yaml", "camera_node"),
            load_config(FusionNodeConfig, d / "fusion_node.yaml", "fusion_node"),
            load_config(PlannerNodeConfig, d / "planner_node.yaml", "planner_node"),
            load_config(ExecutorNodeConfig, d / "executor_node.yaml", "executor_node"),
        )

    def with_detector(self, detector: str) -> AgentConfigs:
        """The same configuration with camera_node's ``detector`` replaced ("" keeps the file's)."""
        return replace(self, camera=replace(self.camera, detector=detector)) if detector else self


@dataclass
class EpisodeResult:
    scenario: str
    goal: str
    success: bool               # judged on ground truth (SuccessMonitor)
    agent_success: bool         # the goal's own result
    reason: str
    sim_s: float
    wall_s: float
    time_to_success_s: float    # sim time from start; NaN when not reached
    collisions: int
    interventions: int
    plans: list[str] = field(default_factory=list)
    decision_ms: list[float] = field(default_factory=list)
    loop_ms: list[float] = field(default_factory=list)  # detection + fusion + decision + shield compute per decision
    trajectory: list[tuple[float, float]] = field(default_factory=list)

    @property
    def rtf(self) -> float:
        return self.sim_s / self.wall_s if self.wall_s > 0 else math.nan


class SensorPath:
    """The nodes' sensor path in one process: sim_node's sensor noise, camera_node's detector and
    thumbnail, fusion_node's scan summary and assembler; each sample reaches fusion at its stamp."""

    def __init__(self, configs: AgentConfigs) -> None:
        self.cfg = configs
        self.noise = make_noise(configs.sim)
        self.detector = make_detector(configs.camera)
        self.assembler = make_assembler(configs.fusion)

    def feed(self, world: SimWorld, due: list[str], now_ns: int) -> tuple[JointStates | None, LaserScan | None, float]:
        """Offer the sensors due now to fusion; the joint states and the scan read (for the
        executor), and the detector's time for a camera frame (0 without one) [ms]."""
        cfg, noise, assembler = self.cfg, self.noise, self.assembler
        joints: JointStates | None = None
        scan: LaserScan | None = None
        detect_ms = 0.0
        if "imu" in due:
            imu = noise.imu(world.imu())
            assembler.offer("imu", imu.stamp_ns, imu, now_ns)
        if "odom" in due:
            odom, joints = world.odometry(), world.joint_states()
            assembler.offer("odom", odom.stamp_ns, odom, now_ns)
            assembler.offer("joints", joints.stamp_ns, joints, now_ns)
        if "scan" in due:
            scan = noise.scan(world.scan())
            summary = summarize_scan(scan, cfg.fusion.scan_sectors, cfg.fusion.scan_free_range_m)
            assembler.offer("scan", scan.stamp_ns, summary, now_ns)
        if "camera" in due:
            rgb, depth = world.render_rgbd()
            t0 = time.perf_counter()
            detections = self.detector.detect_frame(rgb, noise.depth(depth), world.intrinsics)
            small = thumbnail(rgb, cfg.camera.thumbnail_width, cfg.camera.thumbnail_height)
            detect_ms = (time.perf_counter() - t0) * 1000.0
            assembler.offer("color", small.stamp_ns, small, now_ns)
            assembler.offer("objects", rgb.stamp_ns, detections, now_ns)
        return joints, scan, detect_ms


class LockstepEpisode:
    """One scenario, one goal, one actor. ``run`` returns the judged result."""

    def __init__(self, scenario: Scenario, actor: Actor, planning: TaskPlanning, configs: AgentConfigs,
                 max_sim_s: float = 120.0, on_decision: DecisionHook | None = None,
                 privileged: ObservationFilter | None = None, realtime: bool = False) -> None:
        """``realtime``: hold the simulation back to the wall clock (never ahead of it), for actors
        whose inputs arrive on the wall clock, such as a remote policy's chunks."""
        self.scenario, self.actor, self.planning, self.cfg = scenario, actor, planning, configs
        self.max_sim_s, self.on_decision, self.privileged = max_sim_s, on_decision, privileged
        self.realtime = realtime

    def run(self, goal: str | None = None) -> EpisodeResult:
        cfg = self.cfg
        goal = self.scenario.goal if goal is None else goal
        world = SimWorld(self.scenario)
        try:
            return self._run(world, goal, cfg)
        finally:
            world.close()

    def _run(self, world: SimWorld, goal: str, cfg: AgentConfigs) -> EpisodeResult:
        wall0 = time.perf_counter()
        robot = world.robot
        sensors = SensorPath(cfg)
        assembler = sensors.assembler
        trigger = make_trigger(cfg.fusion)
        control_period_s = 1.0 / cfg.executor.control_rate_hz
        executor = ExecutorCore(SafetyShield(shield_limits(cfg.executor, robot)),
                                ArmSupervisor(robot, arm_limits(cfg.executor)), control_period_s)
        runner = PlanRunner(self.planning, self.actor, cfg.planner.max_replans)
        monitor = SuccessMonitor(self.scenario)
        periods = {
            "camera": 1.0 / robot.camera.rate_hz, "scan": 1.0 / robot.lidar.rate_hz, "imu": 1.0 / robot.imu_rate_hz,
            "odom": 1.0 / robot.odom_rate_hz, "fusion": 1.0 / cfg.fusion.rate_hz, "control": control_period_s,
            "truth": TRUTH_PERIOD_S,
        }
        stepper = SimStepper(world, periods, cfg.sim.cmd_vel_timeout_s)
        start_s = world.data.time
        result = EpisodeResult(self.scenario.key, goal, False, False, "", 0.0, 0.0, math.nan, 0, 0)
        started = finished = False
        finished_at_s: float | None = None
        truth = world.ground_truth()
        while True:
            due = stepper.advance()
            now_s = world.data.time
            if self.realtime:
                time.sleep(max(0.0, (now_s - start_s) - (time.perf_counter() - wall0)))  # pacing, not waiting on a condition
            now_ns = world.time_ns
            joints, scan, detect_ms = sensors.feed(world, due, now_ns)
            if joints is not None:
                executor.on_joints(joints)
            if scan is not None:
                executor.on_scan(scan, now_ns)
            if "truth" in due:
                truth = world.ground_truth()
                monitor.update(truth)
                result.trajectory.append((truth.robot.x_m, truth.robot.y_m))
            observe = ("camera" in due and trigger.on_detections(now_ns)) or ("fusion" in due and trigger.on_timer(now_ns))
            if observe and not finished:
                t0 = time.perf_counter()
                obs = assembler.assemble(now_ns)
                if cfg.executor.low_obstacle_zones:
                    executor.on_observation(obs, now_ns)
                if not started:
                    started = True
                    try:
                        outcome = runner.start(goal, obs)
                    except LamError as exc:
                        result.reason = f"cannot plan '{goal[:80]}': {exc}"
                        finished = True
                        continue
                    result.plans.append(_describe(outcome.plan))
                tick = runner.tick(obs if self.privileged is None else self.privileged(obs, truth))
                if tick.new_plan is not None:
                    result.plans.append(_describe(tick.new_plan.plan))
                executor.on_command(tick.command, now_ns)
                if not math.isnan(tick.decision_ms):
                    result.decision_ms.append(tick.decision_ms)
                    result.loop_ms.append(detect_ms + (time.perf_counter() - t0) * 1000.0)
                if self.on_decision is not None and tick.step is not None:
                    self.on_decision(obs, tick, truth)
                if tick.finished:
                    finished = True
                    result.agent_success, result.reason = tick.success, tick.reason
            if "control" in due:
                out = executor.control_tick(now_ns)
                stepper.command_base(out.twist)
                for group, trajectory in out.trajectories:
                    stepper.start_trajectory(group, trajectory)
            elapsed = now_s - start_s
            if finished and finished_at_s is None:
                finished_at_s = elapsed
            if elapsed >= self.max_sim_s or monitor.failure:
                break
            if finished_at_s is not None and (monitor.succeeded or not result.agent_success
                                              or elapsed - finished_at_s > JUDGE_GRACE_S):
                break
        world.set_base_command(Twist2D())
        result.success = monitor.succeeded
        result.time_to_success_s = (monitor.success_ns * 1e-9 - start_s) if monitor.succeeded else math.nan
        result.sim_s = world.data.time - start_s
        result.wall_s = time.perf_counter() - wall0
        result.collisions = truth.collisions
        result.interventions = executor.shield.total_interventions
        if not result.reason:
            result.reason = monitor.failure or f"no result within {self.max_sim_s:.0f} s of sim time"
        return result


def _describe(plan) -> str:  # type: ignore[no-untyped-def]
    steps = "; ".join(f"{s.skill}({s.target})" for s in plan.steps)
    return f"r{plan.revision} {plan.planner}: {steps} ({plan.reason})"


def first_observation(scenario: Scenario, configs: AgentConfigs, settle_s: float = 0.5) -> Observation:
    """The Observation fusion assembles from the scenario's sensors after ``settle_s`` of sim time
    with the robot still: the same noise, detector, scan summary and fusion as the nodes (what the
    planner sees when a goal arrives at the start of an episode)."""
    world = SimWorld(scenario)
    try:
        robot = world.robot
        sensors = SensorPath(configs)
        periods = {"camera": 1.0 / robot.camera.rate_hz, "scan": 1.0 / robot.lidar.rate_hz,
                   "imu": 1.0 / robot.imu_rate_hz, "odom": 1.0 / robot.odom_rate_hz}
        stepper = SimStepper(world, periods, configs.sim.cmd_vel_timeout_s)
        while True:
            due = stepper.advance()
            sensors.feed(world, due, world.time_ns)
            if "camera" in due and world.data.time >= settle_s:
                return sensors.assembler.assemble(world.time_ns)
    finally:
        world.close()
