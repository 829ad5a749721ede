"""executor_node: the only node that drives actuators. A thin shell over lam_core.safety.executor
(the same core the lockstep harness runs): every ActionCommand passes the arm supervisor and the
safety shield; a fixed-rate control timer publishes the shielded /cmd_vel, so a silent planner
means a stopping robot and a holding arm. With ``publish_on_command`` an accepted command is also
published at once (shielded over the time since the last message) and the control period restarts
from it, so a decision does not wait for the next tick; the planner's repeats of the decision in
force (same stamp) wait for the ticks.

A managed (lifecycle) node. Configuring creates its endpoints; only while ``active`` does it take
ActionCommands and publish /cmd_vel and trajectories (lifecycle publishers). Leaving ``active``
(deactivate, shutdown) publishes a zero command and holds the arm; each activation starts from a
base at rest with the e-stop latch, the latest scan and joint states kept. With ``autostart`` the
node configures and activates itself once built; without, it waits unconfigured for a lifecycle
manager (``executor_node/change_state``). /cmd_vel is a TwistStamped (stamp: the node clock at
publication, frame: the contract's base frame), or a plain Twist with ``cmd_vel_stamped: false``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from geometry_msgs.msg import Twist
from rclpy.lifecycle import LifecycleState, TransitionCallbackReturn
from rclpy.timer import Timer

from lam_core.contract import contract
from lam_core.datatypes import JointStates, LaserScan, Twist2D
from lam_core.errors import LamError
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.robot.description import robot_description
from lam_core.safety.arm import ARM, ArmSupervisor
from lam_core.safety.executor import ExecutorCore
from lam_core.safety.factory import arm_limits, shield_limits
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME, SafetyShield
from lam_core.stats import RollingWindow
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.trajectory import trajectory_to_msg
from lam_ros.node import LamLifecycleNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

JITTER_WINDOW = 500  # control periods over which /diagnostics reports the timer jitter
SUCCESS, ERROR = TransitionCallbackReturn.SUCCESS, TransitionCallbackReturn.ERROR


class ExecutorNode(LamLifecycleNode):
    def __init__(self) -> None:
        super().__init__("executor_node")
        self.cfg = declare_config(self, ExecutorNodeConfig)
        self._robot = robot_description()
        self._period_s = 1.0 / self.cfg.control_rate_hz
        # Built (and checked: ConfigError) here, so a bad limit stops the node at start.
        self._shield_limits = shield_limits(self.cfg, self._robot)
        self._arm_limits = arm_limits(self.cfg)
        self._base_frame = contract().frame("base")
        self._warnings = KeyedWarnings(self.get_logger())
        self._jitter_ms = RollingWindow(JITTER_WINDOW)  # |control loop period - nominal|, wall clock
        self._last_tick_wall = -1.0  # wall time of the latest /cmd_vel [s]
        self._last_publish_ns = -1  # node clock at the latest /cmd_vel [ns]
        self._newest_decision_ns = -1  # stamp of the newest ActionCommand taken (repeats carry it again) [ns]
        self._active = False
        self._scan: LaserScan | None = None  # the latest valid scan, for the core of the next activation
        self._joints: JointStates | None = None
        self.core: ExecutorCore | None = None  # exists from configure to cleanup
        self._cmd_pub: Any = None
        self._traj_pubs: dict[str, Any] = {}
        self._diag_pub: Any = None
        self._subscriptions_made: list[Any] = []
        self._timers_made: list[Timer] = []
        self._control_timer: Timer | None = None
        if self.cfg.autostart:
            for name, trigger in (("configure", self.trigger_configure), ("activate", self.trigger_activate)):
                if trigger() != SUCCESS:
                    raise LamError(f"executor_node: autostart could not {name} the node (see the log above)")

    def _now_ns(self) -> int:
        return int(self.get_clock().now().nanoseconds)

    def _new_core(self) -> ExecutorCore:
        """A core with no command in force and the base at rest, keeping the e-stop latch and the
        intervention counts of the previous core, fed the latest scan and joint states."""
        core = ExecutorCore(SafetyShield(self._shield_limits), ArmSupervisor(self._robot, self._arm_limits), self._period_s)
        if self.core is not None:
            core.set_estop(self.core.shield.estopped)
            core.shield.interventions = self.core.shield.interventions.copy()
        if self._scan is not None:
            try:
                core.on_scan(self._scan, self._now_ns())
            except LamError:
                pass  # too old: the base stays still until the next scan
        if self._joints is not None:
            core.on_joints(self._joints)
        return core

    # ------------------------------------------------------------------ lifecycle
    def _transition(self, name: str, body: Callable[[], TransitionCallbackReturn]) -> TransitionCallbackReturn:
        """Run a transition's body; an exception is logged (rclpy would swallow it) and is an error:
        on_error then stops the outputs and drops the endpoints (back to unconfigured)."""
        try:
            return body()
        except Exception as exc:
            self.get_logger().error(f"{name} failed: {exc!r}")
            return ERROR

    def on_configure(self, state: LifecycleState) -> TransitionCallbackReturn:
        return self._transition("configure", lambda: self._configure(state))

    def _configure(self, state: LifecycleState) -> TransitionCallbackReturn:
        self.core = self._new_core()
        self._cmd_pub = contract_io.lifecycle_publisher(self, "cmd_vel", None if self.cfg.cmd_vel_stamped else Twist)
        self._traj_pubs = {ARM: contract_io.lifecycle_publisher(self, "arm_trajectory"),
                           "gripper": contract_io.lifecycle_publisher(self, "gripper_trajectory")}
        self._diag_pub = contract_io.publisher(self, "diagnostics")  # also while inactive: it says so
        self._subscriptions_made = [
            contract_io.subscription(self, "action", self._on_action),
            contract_io.subscription(self, "estop", self._on_estop),
            contract_io.subscription(self, "scan", self._on_scan),
            contract_io.subscription(self, "joint_states", self._on_joints),
        ]
        if self.cfg.low_obstacle_zones:
            self._subscriptions_made.append(contract_io.subscription(self, "observation", self._on_observation))
        self._timers_made = [self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)]
        return super().on_configure(state)

    def on_activate(self, state: LifecycleState) -> TransitionCallbackReturn:
        return self._transition("activate", lambda: self._activate(state))

    def _activate(self, state: LifecycleState) -> TransitionCallbackReturn:
        self.core = self._new_core()
        result = super().on_activate(state)  # enables the lifecycle publishers
        if result != SUCCESS:
            return result
        self._last_tick_wall = -1.0
        self._control_timer = self.create_timer(self._period_s, self._control)
        self._active = True
        return SUCCESS

    def on_deactivate(self, state: LifecycleState) -> TransitionCallbackReturn:
        return self._transition("deactivate", lambda: self._deactivate(state))

    def _deactivate(self, state: LifecycleState) -> TransitionCallbackReturn:
        self._stop_outputs()
        return super().on_deactivate(state)  # disables the lifecycle publishers

    def on_cleanup(self, state: LifecycleState) -> TransitionCallbackReturn:
        return self._transition("cleanup", lambda: self._cleanup(state))

    def _cleanup(self, state: LifecycleState) -> TransitionCallbackReturn:
        self._stop_outputs()  # already stopped on deactivate; a no-op then
        self._destroy_endpoints()
        return super().on_cleanup(state)

    def on_shutdown(self, state: LifecycleState) -> TransitionCallbackReturn:
        return self._transition("shutdown", lambda: self._shutdown(state))

    def _shutdown(self, state: LifecycleState) -> TransitionCallbackReturn:
        self._stop_outputs()
        self._destroy_endpoints()
        return super().on_shutdown(state)

    def on_error(self, state: LifecycleState) -> TransitionCallbackReturn:
        """A transition failed: stop, drop the endpoints and go back to unconfigured."""
        try:
            self._stop_outputs()
        finally:
            self._destroy_endpoints()
        return SUCCESS

    def _state(self) -> LifecycleState:
        state_id, label = self._state_machine.current_state
        return LifecycleState(label=label, state_id=state_id)

    def _stop_outputs(self) -> None:
        """If active: stop the control timer, publish a zero base command and hold the arm and
        gripper where they are (the lifecycle publishers are still enabled), and take no more
        commands."""
        if not self._active:
            return
        self._active = False
        if self._control_timer is not None:
            self.destroy_timer(self._control_timer)
            self._control_timer = None
        now = self._now_ns()
        self._last_publish_ns = now
        self._cmd_pub.publish(self._twist_msg(Twist2D(), now))
        if self.core is not None:
            for group, trajectory in self.core.arm.hold(now):
                self._traj_pubs[group].publish(trajectory_to_msg(trajectory))

    def _destroy_endpoints(self) -> None:
        self._active = False
        if self._control_timer is not None:
            self.destroy_timer(self._control_timer)
            self._control_timer = None
        for sub in self._subscriptions_made:
            self.destroy_subscription(sub)
        for timer in self._timers_made:
            self.destroy_timer(timer)
        for pub in (self._cmd_pub, *self._traj_pubs.values()):
            if pub is not None:
                self.destroy_lifecycle_publisher(pub)
        if self._diag_pub is not None:
            self.destroy_publisher(self._diag_pub)
        self._subscriptions_made, self._timers_made, self._traj_pubs = [], [], {}
        self._cmd_pub = self._diag_pub = None
        self.core = None

    def close(self) -> None:
        """At process end (run_node): while the context still runs, the shutdown transition (a
        zero command if active). After Ctrl-C/SIGTERM rclpy has already shut the context down and
        nothing can be sent: the base's own command timeout stops it."""
        if not self.context.ok() or self._state().label in ("finalized", "shuttingdown"):
            return
        try:
            self.trigger_shutdown()
        except Exception as exc:  # a transition in progress or a context going down meanwhile
            self.get_logger().warn(f"shutdown transition failed: {exc!r}")

    # ------------------------------------------------------------------ inputs
    def _on_action(self, msg) -> None:  # type: ignore[no-untyped-def]
        core = self.core
        if not self._active or core is None:
            self._warnings.warn("inactive", f"ActionCommand ignored: executor_node is {self._state().label}")
            return
        now = self._now_ns()
        try:
            command = lam_convert.command_from_msg(msg)
        except LamError as exc:
            core.reject(str(exc), now)
            self._warnings.warn("action", f"ActionCommand rejected (not obeyed): {exc}")
            return
        reason = core.on_command(command, now)
        new_decision = command.stamp_ns > self._newest_decision_ns  # not the planner repeating the one in force
        self._newest_decision_ns = max(self._newest_decision_ns, command.stamp_ns)
        if reason is not None:
            self._warnings.warn("action", f"ActionCommand rejected (not obeyed): {reason}")
        elif (self.cfg.publish_on_command and new_decision and now > self._last_publish_ns
              and self._control_timer is not None):
            self._control_timer.reset()
            self._last_tick_wall = time.monotonic()
            self._publish_control(now)

    def _on_estop(self, msg, info) -> None:  # type: ignore[no-untyped-def]
        if self.core is not None:
            self.core.set_estop(bool(msg.data))
        # Where an e-stop's time went, on the system clock: from its publication to the middleware's
        # reception here, then waiting for this node's executor [ms].
        handled_ns = time.time_ns()
        sent_ns, received_ns = int(info["source_timestamp"]), int(info["received_timestamp"])
        self.get_logger().warn(f"e-stop {'ENGAGED' if msg.data else 'released'} (in the middleware "
                               f"{(received_ns - sent_ns) * 1e-6:.1f} ms, waiting for the executor "
                               f"{(handled_ns - received_ns) * 1e-6:.1f} ms)")

    def _on_scan(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            scan = sensors.scan_from_msg(msg)
            if self.core is not None:
                self.core.on_scan(scan, self._now_ns())
            self._scan = scan
        except LamError as exc:
            self._warnings.warn("scan", f"scan ignored (the base stops when scans go stale): {exc}")

    def _on_observation(self, msg) -> None:  # type: ignore[no-untyped-def]
        """The low obstacles (below the lidar's plane, seen in depth) for the shield's zones."""
        try:
            if self.core is not None:
                self.core.on_observation(lam_convert.observation_from_msg(msg), self._now_ns())
        except LamError as exc:
            self._warnings.warn("observation", f"low obstacles ignored (the lidar's zones still apply): {exc}")

    def _on_joints(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            joints = sensors.joints_from_msg(msg)
            if self.core is not None:
                self.core.on_joints(joints)
            self._joints = joints
        except LamError as exc:
            self._warnings.warn("joint_states", f"joint_states ignored: {exc}")

    # ------------------------------------------------------------------ control loop
    def _control(self) -> None:
        if not self._active:
            return
        wall = time.monotonic()
        if self._last_tick_wall >= 0:
            self._jitter_ms.add(abs((wall - self._last_tick_wall) - self._period_s) * 1000.0)
        self._last_tick_wall = wall
        self._publish_control(self._now_ns())

    def _twist_msg(self, twist: Twist2D, stamp_ns: int) -> Any:
        if self.cfg.cmd_vel_stamped:
            return lam_convert.twist_stamped_to_msg(twist, stamp_ns, self._base_frame)
        return lam_convert.twist_to_msg(twist)

    def _publish_control(self, now_ns: int) -> None:
        """One control output: the shielded /cmd_vel and any arm or gripper trajectories."""
        core = self.core
        if core is None:
            return
        self._last_publish_ns = now_ns
        out = core.control_tick(now_ns)
        self._cmd_pub.publish(self._twist_msg(out.twist, now_ns))
        if out.arm_error:
            self._warnings.warn("arm", f"arm command rejected: {out.arm_error}")
        for group, trajectory in out.trajectories:
            self._traj_pubs[group].publish(trajectory_to_msg(trajectory))

    def _publish_diagnostics(self) -> None:
        core = self.core
        if core is None or self._diag_pub is None:
            return
        shield = core.shield
        values: dict[str, object] = {"interventions": shield.total_interventions, "estop": shield.estopped,
                                     "lifecycle_state": self._state().label}
        values.update({f"interventions.{k}": v for k, v in sorted(shield.interventions.items())})
        values.update(self._jitter_ms.percentile_fields("control_period_jitter_ms"))
        if shield.estopped:
            level, message = diagnostics.ERROR, "estop"
        elif not self._active:
            level, message = diagnostics.WARN, "inactive: not driving"
        else:
            level, message = diagnostics.OK, "ok"
        status = diagnostics.status(SHIELD_DIAGNOSTIC_NAME, level, message, values)
        self._diag_pub.publish(diagnostics.array(self._now_ns(), [status]))


def main() -> None:
    exit_process(run_node(ExecutorNode))


if __name__ == "__main__":
    main()
