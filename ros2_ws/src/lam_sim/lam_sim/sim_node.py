"""sim_node: runs the MuJoCo world and publishes every contract sensor topic and /clock.

Physics runs in its own thread, paced by the wall clock (realtime) or as fast as possible
(lockstep). /cmd_vel drives the differential-drive base like a diff_drive_controller, with a
command timeout. Ground truth goes to /sim/state for evaluation only.
"""

from __future__ import annotations

import threading
import time

import rclpy
from rclpy.node import Node
from rosgraph_msgs.msg import Clock

from lam_core.contract import contract
from lam_core.errors import LamError
from lam_core.node_configs import SimNodeConfig
from lam_core.scenarios import make_scenario
from lam_core.sim.noise import SensorNoise
from lam_core.sim.trajectory import TrajectoryTracker, validate_trajectory
from lam_core.sim.world import SimWorld
from lam_core.types import Twist2D
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.time import to_msg
from lam_ros.convert.trajectory import trajectory_from_msg
from lam_ros.node_main import run_node
from lam_ros.params import declare_config

# Largest amount of sim time simulated per loop iteration in realtime mode [s]; when the CPU
# cannot keep up, the sim slows down instead of jumping.
MAX_CATCH_UP_S = 0.05


class SimNode(Node):
    def __init__(self) -> None:
        super().__init__("sim_node")
        self.cfg = declare_config(self, SimNodeConfig)
        self.frames = contract().frames
        self._lock = threading.Lock()
        self._world = self._build_world(self.cfg.family, self.cfg.split, self.cfg.seed, self.cfg.target_color)
        self._noise = SensorNoise(self.cfg.noise_spec())
        self._cmd = Twist2D()
        self._cmd_time_ns = -1
        self._rejected = 0
        self._retired: list[SimWorld] = []
        self._pubs = {
            key: contract_io.publisher(self, key)
            for key in ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states", "sim_state")
        }
        self._clock_pub = contract_io.publisher(self, "clock")
        contract_io.subscription(self, "cmd_vel", self._on_cmd_vel)
        self._trackers = {"arm_trajectory": TrajectoryTracker(), "gripper_trajectory": TrajectoryTracker()}
        robot = self._world.robot
        self._controller_joints = {"arm_trajectory": robot.arm_joints, "gripper_trajectory": robot.gripper_joints}
        for key in self._trackers:
            contract_io.subscription(self, key, lambda msg, key=key: self._on_trajectory(key, msg))
        srv_type, srv_name = contract_io.service_spec("sim_reset")
        self.create_service(srv_type, srv_name, self._on_reset)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="physics", daemon=True)
        self._thread.start()
        self.get_logger().info(
            f"scenario {self._world.scenario.key}: goal '{self._world.scenario.goal}', "
            f"{'realtime' if self.cfg.realtime else 'lockstep'}"
        )

    def _build_world(self, family: str, split: str, seed: int, color: str) -> SimWorld:
        scenario = make_scenario(family, split, seed, color or None)
        return SimWorld(scenario, self.cfg.sensor_spec())

    # ------------------------------------------------------------------ inputs
    def _on_cmd_vel(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            twist = lam_convert.twist_from_msg(msg)
        except LamError as exc:
            self._rejected += 1
            self.get_logger().warn(f"rejected /cmd_vel: {exc}", throttle_duration_sec=2.0)
            return
        with self._lock:
            self._cmd = twist
            self._cmd_time_ns = self._world.time_ns

    def _on_trajectory(self, key: str, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            traj = trajectory_from_msg(msg)
            validate_trajectory(traj, self._controller_joints[key], self._world.robot)
        except LamError as exc:
            self._rejected += 1
            self.get_logger().warn(f"rejected {key}: {exc}", throttle_duration_sec=2.0)
            return
        with self._lock:
            current = self._world.joint_positions(traj.joint_names)
            self._trackers[key].start(traj, self._world.time_ns, current)

    def _on_reset(self, request, response):  # type: ignore[no-untyped-def]
        try:
            world = self._build_world(request.family, request.split, int(request.seed), "")
        except LamError as exc:
            response.success, response.message = False, str(exc)
            return response
        with self._lock:
            self._retired.append(self._world)  # closed by the physics thread, which owns its GL context
            self._world = world
            self._cmd, self._cmd_time_ns = Twist2D(), -1
            self._trackers = {key: TrajectoryTracker() for key in self._trackers}
        response.success, response.message = True, f"loaded {world.scenario.key}"
        return response

    # ------------------------------------------------------------------ physics loop
    def _loop(self) -> None:
        cfg = self.cfg
        periods = {
            "camera": 1.0 / cfg.camera_rate_hz,
            "scan": 1.0 / cfg.scan_rate_hz,
            "imu": 1.0 / cfg.imu_rate_hz,
            "odom": 1.0 / cfg.odom_rate_hz,
            "state": 1.0 / cfg.state_rate_hz,
            "clock": 1.0 / cfg.clock_rate_hz,
        }
        next_due = {k: 0.0 for k in periods}
        wall_start = time.monotonic()
        sim_start = self._world.data.time
        try:
            while not self._stop.is_set() and rclpy.ok(context=self.context):
                with self._lock:
                    world = self._world
                    while self._retired:
                        self._retired.pop().close()
                    if world.data.time < sim_start:  # a reset happened
                        wall_start, sim_start = time.monotonic(), world.data.time
                        next_due = {k: 0.0 for k in periods}
                    self._apply_command(world)
                    world.step(1)
                    now = world.data.time
                    due = [k for k, t in next_due.items() if now + 1e-9 >= t]
                    for k in due:
                        next_due[k] = max(next_due[k] + periods[k], now)
                    self._publish(world, due)
                if cfg.realtime:
                    lag = (now - sim_start) - (time.monotonic() - wall_start)
                    if lag > 0:
                        self._stop.wait(lag)
                    elif lag < -MAX_CATCH_UP_S:
                        wall_start = time.monotonic() - (now - sim_start)
        except Exception as exc:  # the physics thread must never die silently
            if rclpy.ok(context=self.context) and not self._stop.is_set():
                self.get_logger().fatal(f"physics loop stopped: {exc!r}")
                rclpy.try_shutdown(context=self.context)
        finally:
            with self._lock:  # the GL context belongs to this thread: release it here
                for world in [*self._retired, self._world]:
                    world.close()
                self._retired.clear()

    def _apply_command(self, world: SimWorld) -> None:
        fresh = self._cmd_time_ns >= 0 and (world.time_ns - self._cmd_time_ns) * 1e-9 <= self.cfg.cmd_vel_timeout_s
        world.set_base_command(self._cmd if fresh else Twist2D())
        for tracker in self._trackers.values():
            targets = tracker.targets(world.time_ns)
            if targets:
                world.set_joint_targets(targets)

    def _publish(self, world: SimWorld, due: list[str]) -> None:
        stamp = world.time_ns
        if "clock" in due:
            self._clock_pub.publish(Clock(clock=to_msg(stamp)))
        if "imu" in due:
            self._pubs["imu"].publish(sensors.imu_to_msg(self._noise.imu(world.imu())))
        if "odom" in due:
            self._pubs["odom"].publish(sensors.odometry_to_msg(world.odometry(), self.frames["odom"], self.frames["base"]))
            self._pubs["joint_states"].publish(sensors.joints_to_msg(world.joint_states()))
        if "scan" in due:
            self._pubs["scan"].publish(sensors.scan_to_msg(self._noise.scan(world.scan()), 1.0 / self.cfg.scan_rate_hz))
        if "camera" in due:
            rgb, depth = world.render_rgbd()
            self._pubs["camera_info"].publish(sensors.intrinsics_to_msg(world.intrinsics, stamp, rgb.frame_id))
            self._pubs["color_image"].publish(sensors.rgb_to_msg(rgb))
            self._pubs["depth_image"].publish(sensors.depth_to_msg(self._noise.depth(depth)))
        if "state" in due:
            self._pubs["sim_state"].publish(lam_convert.sim_state_to_msg(world.ground_truth()))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)


def main() -> None:
    raise SystemExit(run_node(SimNode))


if __name__ == "__main__":
    main()
