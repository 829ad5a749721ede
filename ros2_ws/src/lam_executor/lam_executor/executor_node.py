"""executor_node: the only node that drives actuators. Every ActionCommand passes the safety
shield; a fixed-rate control timer publishes the shielded /cmd_vel, so a silent planner means
a stopping robot."""

from __future__ import annotations

from rclpy.node import Node

from lam_core.errors import LamError
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME, VelocityShield
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.node_main import run_node
from lam_ros.params import declare_config


class ExecutorNode(Node):
    def __init__(self) -> None:
        super().__init__("executor_node")
        self.cfg = declare_config(self, ExecutorNodeConfig)
        self.shield = VelocityShield(self.cfg.limits())
        self._period_s = 1.0 / self.cfg.control_rate_hz
        self._last_tick_ns = -1
        self._cmd_pub = contract_io.publisher(self, "cmd_vel")
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        contract_io.subscription(self, "action", self._on_action)
        contract_io.subscription(self, "estop", self._on_estop)
        self.create_timer(self._period_s, self._control)
        self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)

    def _now_ns(self) -> int:
        return int(self.get_clock().now().nanoseconds)

    def _on_action(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            command = lam_convert.command_from_msg(msg)
        except LamError as exc:
            self.get_logger().warn(f"ActionCommand unreadable, treated as stop: {exc}", throttle_duration_sec=2.0)
            self.shield.interventions["rejected"] += 1
            return
        reason = self.shield.accept(command, self._now_ns())
        if reason is not None:
            self.get_logger().warn(f"ActionCommand rejected (stop): {reason}", throttle_duration_sec=2.0)

    def _on_estop(self, msg) -> None:  # type: ignore[no-untyped-def]
        self.shield.set_estop(bool(msg.data))
        self.get_logger().warn(f"e-stop {'ENGAGED' if msg.data else 'released'}")

    def _control(self) -> None:
        now = self._now_ns()
        dt = self._period_s if self._last_tick_ns < 0 else (now - self._last_tick_ns) * 1e-9
        self._last_tick_ns = now
        out = self.shield.step(now, dt)
        self._cmd_pub.publish(lam_convert.twist_to_msg(out.twist))

    def _publish_diagnostics(self) -> None:
        values: dict[str, object] = {"interventions": self.shield.total_interventions, "estop": self.shield.estopped}
        values.update({f"interventions.{k}": v for k, v in sorted(self.shield.interventions.items())})
        level = diagnostics.ERROR if self.shield.estopped else diagnostics.OK
        status = diagnostics.status(SHIELD_DIAGNOSTIC_NAME, level, "estop" if self.shield.estopped else "ok", values)
        self._diag_pub.publish(diagnostics.array(self._now_ns(), [status]))


def main() -> None:
    raise SystemExit(run_node(ExecutorNode))


if __name__ == "__main__":
    main()
