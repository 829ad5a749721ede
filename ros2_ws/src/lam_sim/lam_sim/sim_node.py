"""sim_node: runs the MuJoCo world and publishes every contract sensor topic and /clock.

Physics runs in its own thread, paced by the wall clock (realtime) or as fast as the CPU allows
(lockstep). In lockstep with ``follow_agent_wait_s`` > 0 each next step also waits until the agent
graph has consumed the last one (lam_core.harness.pipeline_follower): detections and the Observation of
each camera frame, the planner's decision while it decides, the executor's /cmd_vel for each
control tick; each wait is bounded and the ones that ran out are reported in /diagnostics.

Only the physics thread touches the world: callbacks leave commands, trajectories and new
scenarios in single-slot mailboxes that the thread picks up between steps. The stepping itself
(event schedule, /cmd_vel with its timeout as a diff_drive_controller, trajectory tracking) is
lam_core.sim.stepper, the same code the lockstep harness runs. Ground truth goes to /sim/state for
evaluation only.
"""

from __future__ import annotations

import threading
import time

import rclpy
from rosgraph_msgs.msg import Clock

from lam_core.config import load_config
from lam_core.contract import contract
from lam_core.datatypes import JointTrajectory, Twist2D
from lam_core.errors import ConfigError, LamError
from lam_core.harness.pipeline_follower import LOCKSTEP_DIAGNOSTIC_NAME, PipelineFollower
from lam_core.node_configs import ExecutorNodeConfig, SimNodeConfig
from lam_core.paths import config_dir
from lam_core.robot.frames import planar_transform
from lam_core.scenarios import make_scenario
from lam_core.sim.noise import make_noise
from lam_core.sim.stepper import SimStepper
from lam_core.sim.trajectory import validate_trajectory
from lam_core.sim.world import SimWorld
from lam_core.untrusted import printable
from lam_core.voice.audio import SAMPLE_RATE_HZ, AudioError, Voice, encode_pcm
from lam_core.voice.sim_microphone import PERSON_PITCH, PERSON_SPEED_WPM, MicrophoneSettings, SimMicrophone
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.tf import tf_message
from lam_ros.convert.time import to_msg, to_ns
from lam_ros.convert.trajectory import trajectory_from_msg
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

# Largest lag behind the wall clock in realtime mode [s]; when the CPU cannot keep up, the sim
# slows down instead of jumping.
MAX_CATCH_UP_S = 0.05
TRAJECTORY_KEYS = ("arm_trajectory", "gripper_trajectory")
MAX_SPOKEN_CHARS = 500  # sim/speech longer than this is cut
DIAGNOSTICS_PERIOD_S = 1.0  # sim time


class SimNode(LamNode):
    def __init__(self) -> None:
        super().__init__("sim_node")
        self.cfg = declare_config(self, SimNodeConfig)
        if self.cfg.depth_encoding not in sensors.DEPTH_ENCODINGS:
            raise ConfigError(f"sim_node: depth_encoding {self.cfg.depth_encoding!r} not one of {sensors.DEPTH_ENCODINGS}")
        self.frames = contract().frames
        self._world = self._build_world(self.cfg.family, self.cfg.split, self.cfg.seed, self.cfg.target_color)
        self._noise = make_noise(self.cfg)
        robot = self._world.robot
        self._controller_joints = {"arm_trajectory": robot.arm_joints, "gripper_trajectory": robot.gripper_joints}
        # Mailboxes, written by callbacks and read by the physics thread (single assignments).
        self._cmd_mail: tuple[Twist2D, float] | None = None  # (twist, wall time received)
        self._traj_mail: dict[str, JointTrajectory | None] = dict.fromkeys(TRAJECTORY_KEYS)
        self._world_mail: SimWorld | None = None
        self._world_swapped = threading.Event()
        self._warnings = KeyedWarnings(self.get_logger())
        self._pubs = {
            key: contract_io.publisher(self, key)
            for key in ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states", "sim_state", "tf")
        }
        self._clock_pub = contract_io.publisher(self, "clock")
        self._microphone: SimMicrophone | None = None
        if self.cfg.microphone:
            person = Voice.parse(self.cfg.microphone_voice, PERSON_SPEED_WPM, PERSON_PITCH)
            self._microphone = SimMicrophone(MicrophoneSettings(
                self.cfg.microphone_chunk_s, self.cfg.microphone_snr_db, person, self.cfg.seed))
            self._pubs["microphone"] = contract_io.publisher(self, "microphone")
            contract_io.subscription(self, "sim_speech", self._on_speech)
        contract_io.subscription(self, "cmd_vel", self._on_cmd_vel)
        for key in TRAJECTORY_KEYS:
            contract_io.subscription(self, key, lambda msg, key=key: self._on_trajectory(key, msg))
        srv_type, srv_name = contract_io.service_spec("sim_reset")
        self.create_service(srv_type, srv_name, self._on_reset)
        self._follower: PipelineFollower | None = None
        if not self.cfg.realtime and self.cfg.follow_agent_wait_s > 0:
            self._follower = self._follow_agent()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="physics", daemon=True)
        self._thread.start()
        self.get_logger().info(
            f"scenario {self._world.scenario.key}: goal '{self._world.scenario.goal}', "
            f"{'realtime' if self.cfg.realtime else 'lockstep'}"
        )

    def _follow_agent(self) -> PipelineFollower:
        executor = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
        follower = PipelineFollower(round(1e9 / executor.control_rate_hz))
        contract_io.subscription(self, "objects", lambda msg: follower.on_detections(to_ns(msg.header.stamp)))
        contract_io.subscription(self, "observation", lambda msg: follower.on_observation(to_ns(msg.header.stamp)))
        contract_io.subscription(self, "action", lambda msg: follower.on_decision(to_ns(msg.header.stamp)))
        contract_io.subscription(self, "cmd_vel", lambda msg: follower.on_cmd_vel())
        contract_io.subscription(self, "plan", self._on_plan)
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        self.create_timer(DIAGNOSTICS_PERIOD_S, self._publish_diagnostics)
        return follower

    def _on_plan(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            plan = lam_convert.plan_from_msg(msg)
        except (LamError, ValueError) as exc:
            self._reject("/lam/plan", exc)
            return
        assert self._follower is not None
        self._follower.on_plan(plan)

    def _publish_diagnostics(self) -> None:
        follower = self._follower
        assert follower is not None
        values = {"follow_agent_wait_s": self.cfg.follow_agent_wait_s,
                  **{f"lockstep_timeouts.{k}": v for k, v in sorted(follower.timeouts.items())},
                  "lockstep_timeouts": sum(follower.timeouts.values())}
        level = diagnostics.WARN if follower.timeouts else diagnostics.OK
        status = diagnostics.status(LOCKSTEP_DIAGNOSTIC_NAME, level, "lockstep with the agent", values)
        self._diag_pub.publish(diagnostics.array(int(self.get_clock().now().nanoseconds), [status]))

    def _wait_for_agent(self, follower: PipelineFollower, frame_ns: int | None, clock_ns: int) -> None:
        """Block the physics thread until the agent consumed what was just published (bounded)."""
        wait_s = self.cfg.follow_agent_wait_s
        timeouts = sum(follower.timeouts.values())
        # Only what the agent has produced before is awaited: nodes still starting hold nothing up.
        if frame_ns is not None and follower.detections_seen:
            seen = follower.wait_detections((frame_ns,), wait_s)
            if seen and follower.last_observation_ns >= 0:
                seen = follower.wait_observation(frame_ns, wait_s)
            if seen and follower.deciding:
                follower.wait_decision(frame_ns, wait_s)
        follower.wait_control_ticks(clock_ns, wait_s)
        if sum(follower.timeouts.values()) > timeouts:
            self._warnings.warn("lockstep", f"lockstep: the agent did not keep up within {wait_s:g} s at sim time "
                                f"{clock_ns * 1e-9:.3f} s; waits that ran out so far: {dict(follower.timeouts)}")

    def _build_world(self, family: str, split: str, seed: int, color: str) -> SimWorld:
        scenario = make_scenario(family, split, seed, color or None, self.cfg.look)
        return SimWorld(scenario)  # sensors as in the robot description

    # ------------------------------------------------------------------ inputs (executor thread)
    def _reject(self, what: str, exc: Exception) -> None:
        self._warnings.warn(what, f"rejected {what}: {exc}")

    def _on_cmd_vel(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            self._cmd_mail = (lam_convert.twist_from_msg(msg), time.monotonic())
        except LamError as exc:
            self._reject("/cmd_vel", exc)

    def _on_trajectory(self, key: str, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            traj = trajectory_from_msg(msg)
            validate_trajectory(traj, self._controller_joints[key], self._world.robot)
        except LamError as exc:
            self._reject(contract().topic(key).name, exc)
            return
        self._traj_mail[key] = traj
        if not traj.points:
            self.get_logger().info(f"{contract().topic(key).name}: hold (received at sim time "
                                   f"{self.get_clock().now().nanoseconds * 1e-9:.3f} s)")

    def _on_speech(self, msg) -> None:  # type: ignore[no-untyped-def]
        """sim/speech: the simulated person says ``msg.data`` into the room (from the next chunk)."""
        assert self._microphone is not None
        text = str(msg.data)[:MAX_SPOKEN_CHARS]
        try:
            length_s = self._microphone.say(text)
        except AudioError as exc:
            self._reject("sim/speech", exc)
            return
        self.get_logger().info(f"the person says {printable(text, 120)} ({length_s:.1f} s)")

    def _on_reset(self, request, response):  # type: ignore[no-untyped-def]
        try:
            world = self._build_world(request.family, request.split, int(request.seed), "")
        except LamError as exc:
            response.success, response.message = False, str(exc)
            return response
        self._world_swapped.clear()
        self._world_mail = world
        if self._follower is not None:  # the physics thread may be waiting for this thread's callbacks
            self._follower.interrupt()
        if not self._world_swapped.wait(timeout=10.0):
            response.success, response.message = False, "the physics thread did not take the new scenario"
            return response
        response.success, response.message = True, f"loaded {world.scenario.key}"
        return response

    # ------------------------------------------------------------------ physics thread
    def _periods(self, world: SimWorld) -> dict[str, float]:
        """Event periods of the physics thread: the robot's sensor rates, /sim/state and /clock [s]."""
        robot = world.robot
        return {
            "camera": 1.0 / robot.camera.rate_hz,
            "scan": 1.0 / robot.lidar.rate_hz,
            "imu": 1.0 / robot.imu_rate_hz,
            "odom": 1.0 / robot.odom_rate_hz,
            "state": 1.0 / self.cfg.state_rate_hz,
            "clock": 1.0 / self.cfg.clock_rate_hz,
            **({"microphone": self.cfg.microphone_chunk_s} if self.cfg.microphone else {}),
        }

    def _loop(self) -> None:
        cfg = self.cfg
        world = self._world
        stepper = SimStepper(world, self._periods(world), cfg.cmd_vel_timeout_s)
        last_mail = None
        wall_start, sim_start = time.monotonic(), world.data.time
        try:
            while not self._stop.is_set() and rclpy.ok(context=self.context):
                if self._world_mail is not None:  # a reset: swap worlds, forget commands; sim time runs on
                    now_s = world.data.time
                    world.close()
                    world, self._world_mail = self._world_mail, None
                    world.data.time = now_s  # /clock never goes back: every node on sim time keeps working
                    self._world = world
                    stepper = SimStepper(world, self._periods(world), cfg.cmd_vel_timeout_s)
                    last_mail, self._cmd_mail = None, None
                    wall_start, sim_start = time.monotonic(), world.data.time
                    if self._follower is not None:
                        self._follower.resume()
                    self._world_swapped.set()
                mail = self._cmd_mail
                if mail is not None and mail is not last_mail:
                    stepper.command_base(mail[0])
                    last_mail = mail
                for key in TRAJECTORY_KEYS:
                    traj = self._traj_mail[key]
                    if traj is not None:
                        self._traj_mail[key] = None
                        stepper.start_trajectory(key, traj)
                # Step straight to the next sensor event (inputs apply at the clock rate or faster).
                due = stepper.advance()
                now = world.data.time
                self._publish(world, due)
                if self._follower is not None:
                    self._wait_for_agent(self._follower, world.time_ns if "camera" in due else None, world.time_ns)
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
            world.close()  # its GL context belongs to this thread
            if self._world_mail is not None:
                self._world_mail.close()

    def _publish(self, world: SimWorld, due: list[str]) -> None:
        stamp = world.time_ns
        if "clock" in due:
            if self._follower is not None:
                self._follower.set_clock(stamp)
            self._clock_pub.publish(Clock(clock=to_msg(stamp)))
        if "imu" in due:
            self._pubs["imu"].publish(sensors.imu_to_msg(self._noise.imu(world.imu())))
        if "odom" in due:
            odometry = world.odometry()
            self._pubs["odom"].publish(sensors.odometry_to_msg(odometry, self.frames["odom"], self.frames["base"]))
            pose = planar_transform(self.frames["odom"], self.frames["base"], odometry.pose.x_m, odometry.pose.y_m,
                                    odometry.pose.yaw_rad)
            self._pubs["tf"].publish(tf_message((pose,), odometry.stamp_ns))
            self._pubs["joint_states"].publish(sensors.joints_to_msg(world.joint_states()))
        if "scan" in due:
            self._pubs["scan"].publish(sensors.scan_to_msg(self._noise.scan(world.scan()), 1.0 / world.robot.lidar.rate_hz))
        if "camera" in due:
            rgb, depth = world.render_rgbd()
            self._pubs["camera_info"].publish(sensors.intrinsics_to_msg(world.intrinsics, stamp, rgb.frame_id))
            self._pubs["color_image"].publish(sensors.rgb_to_msg(rgb))
            self._pubs["depth_image"].publish(sensors.depth_to_msg(self._noise.depth(depth), self.cfg.depth_encoding))
        if "microphone" in due and self._microphone is not None:
            self._pubs["microphone"].publish(self._microphone_msg(stamp))
        if "state" in due:
            self._pubs["sim_state"].publish(lam_convert.sim_state_to_msg(world.ground_truth()))

    def _microphone_msg(self, end_ns: int):  # type: ignore[no-untyped-def]
        """The chunk heard up to ``end_ns``, stamped with its first sample's time."""
        assert self._microphone is not None
        pcm = encode_pcm(self._microphone.next_chunk())
        start_ns = end_ns - round(self._microphone.chunk_samples * 1e9 / SAMPLE_RATE_HZ)
        msg = contract_io.topic_type("microphone")(channels=1, sample_rate=pcm.sample_rate_hz,
                                                   sample_format=pcm.sample_format, coding_format="wave", data=pcm.data)
        msg.header.stamp = to_msg(max(0, start_ns))
        msg.header.frame_id = "microphone"
        return msg

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)


def main() -> None:
    exit_process(run_node(SimNode))


if __name__ == "__main__":
    main()
