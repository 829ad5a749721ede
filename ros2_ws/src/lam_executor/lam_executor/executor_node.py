"""executor_node: the only node that drives actuators. A thin shell over lam_core.safety.executor
(the same core the lockstep harness runs): every ActionCommand passes the arm supervisor and the
safety shield; a fixed-rate control timer publishes the shielded /cmd_vel, so a silent planner
means a stopping robot and a holding arm. With ``publish_on_command`` an accepted command is also
published at once (shielded over the time since the last message) and the control period restarts
from it, so a decision does not wait for the next tick."""

from __future__ import annotations

import time

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
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

JITTER_WINDOW = 500  # control periods over which /diagnostics reports the timer jitter


class ExecutorNode(LamNode):
    def __init__(self) -> None:
        super().__init__("executor_node")
        self.cfg = declare_config(self, ExecutorNodeConfig)
        robot = robot_description()
        self._period_s = 1.0 / self.cfg.control_rate_hz
        self.core = ExecutorCore(SafetyShield(shield_limits(self.cfg, robot)), ArmSupervisor(robot, arm_limits(self.cfg)),
                                 self._period_s)
        self._jitter_ms = RollingWindow(JITTER_WINDOW)  # |control loop period - nominal|, wall clock
        self._last_tick_wall = -1.0  # wall time of the latest /cmd_vel [s]
        self._last_publish_ns = -1  # node clock at the latest /cmd_vel [ns]
        self._warnings = KeyedWarnings(self.get_logger())
        self._cmd_pub = contract_io.publisher(self, "cmd_vel")
        self._traj_pubs = {ARM: contract_io.publisher(self, "arm_trajectory"),
                           "gripper": contract_io.publisher(self, "gripper_trajectory")}
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        contract_io.subscription(self, "action", self._on_action)
        contract_io.subscription(self, "estop", self._on_estop)
        contract_io.subscription(self, "scan", self._on_scan)
        contract_io.subscription(self, "joint_states", self._on_joints)
        self._control_timer = self.create_timer(self._period_s, self._control)
        self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)

    def _now_ns(self) -> int:
        return int(self.get_clock().now().nanoseconds)

    # ------------------------------------------------------------------ inputs
    def _on_action(self, msg) -> None:  # type: ignore[no-untyped-def]
        now = self._now_ns()
        try:
            command = lam_convert.command_from_msg(msg)
        except LamError as exc:
            self.core.reject(str(exc), now)
            self._warnings.warn("action", f"ActionCommand rejected (not obeyed): {exc}")
            return
        reason = self.core.on_command(command, now)
        if reason is not None:
            self._warnings.warn("action", f"ActionCommand rejected (not obeyed): {reason}")
        elif self.cfg.publish_on_command and now > self._last_publish_ns:
            self._control_timer.reset()
            self._last_tick_wall = time.monotonic()
            self._publish_control(now)

    def _on_estop(self, msg) -> None:  # type: ignore[no-untyped-def]
        self.core.set_estop(bool(msg.data))
        self.get_logger().warn(f"e-stop {'ENGAGED' if msg.data else 'released'}")

    def _on_scan(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            self.core.on_scan(sensors.scan_from_msg(msg), self._now_ns())
        except LamError as exc:
            self._warnings.warn("scan", f"scan ignored (the base stops when scans go stale): {exc}")

    def _on_joints(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            self.core.on_joints(sensors.joints_from_msg(msg))
        except LamError as exc:
            self._warnings.warn("joint_states", f"joint_states ignored: {exc}")

    # ------------------------------------------------------------------ control loop
    def _control(self) -> None:
        wall = time.monotonic()
        if self._last_tick_wall >= 0:
            self._jitter_ms.add(abs((wall - self._last_tick_wall) - self._period_s) * 1000.0)
        self._last_tick_wall = wall
        self._publish_control(self._now_ns())

    def _publish_control(self, now_ns: int) -> None:
        """One control output: the shielded /cmd_vel and any arm or gripper trajectories."""
        self._last_publish_ns = now_ns
        out = self.core.control_tick(now_ns)
        self._cmd_pub.publish(lam_convert.twist_to_msg(out.twist))
        if out.arm_error:
            self._warnings.warn("arm", f"arm command rejected: {out.arm_error}")
        for group, trajectory in out.trajectories:
            self._traj_pubs[group].publish(trajectory_to_msg(trajectory))

    def _publish_diagnostics(self) -> None:
        values: dict[str, object] = {"interventions": self.core.shield.total_interventions, "estop": self.core.shield.estopped}
        values.update({f"interventions.{k}": v for k, v in sorted(self.core.shield.interventions.items())})
        values.update(self._jitter_ms.percentile_fields("control_period_jitter_ms"))
        level = diagnostics.ERROR if self.core.shield.estopped else diagnostics.OK
        status = diagnostics.status(SHIELD_DIAGNOSTIC_NAME, level, "estop" if self.core.shield.estopped else "ok", values)
        self._diag_pub.publish(diagnostics.array(self._now_ns(), [status]))


def main() -> None:
    exit_process(run_node(ExecutorNode))


if __name__ == "__main__":
    main()
