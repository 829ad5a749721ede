"""fusion_node: one staleness-checked Observation from every sensor source, published as soon as
new detections arrive (and from a fallback timer while they do not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lam_core.contract import contract
from lam_core.errors import LamError
from lam_core.fusion import ANCHOR, OBSERVATION_DIAGNOSTIC_NAME, make_assembler, make_trigger
from lam_core.node_configs import FusionNodeConfig
from lam_core.perception.scan_summary import summarize_scan
from lam_core.stats import RollingWindow
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

LATENCY_WINDOW = 200  # observations over which /diagnostics reports the publish latency (13 s at 15 Hz)


class FusionNode(LamNode):
    def __init__(self) -> None:
        super().__init__("fusion_node")
        self.cfg = declare_config(self, FusionNodeConfig)
        self.frames = contract().frames
        self.assembler = make_assembler(self.cfg)
        self.trigger = make_trigger(self.cfg)
        self._warnings = KeyedWarnings(self.get_logger())
        self._pub = contract_io.publisher(self, "observation")
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        self._latency_ms = RollingWindow(LATENCY_WINDOW)  # newest sensor stamp -> publish [ms]
        self._published = 0

        def summarize(msg: Any) -> tuple[int, Any]:
            scan = sensors.scan_from_msg(msg)
            return scan.stamp_ns, summarize_scan(scan, self.cfg.scan_sectors, self.cfg.scan_free_range_m)

        def stamped(convert: Callable[[Any], Any]) -> Callable[[Any], tuple[int, Any]]:
            def inner(msg: Any) -> tuple[int, Any]:
                value = convert(msg)
                return value.stamp_ns, value

            return inner

        handlers: dict[str, tuple[str, Callable[[Any], tuple[int, Any]]]] = {
            "color": ("thumbnail", stamped(sensors.rgb_from_msg)),
            "objects": ("objects", lam_convert.detections_from_msg),
            "scan": ("scan", summarize),
            "imu": ("imu", stamped(sensors.imu_from_msg)),
            "odom": ("odom", stamped(sensors.odometry_from_msg)),
            "joints": ("joint_states", stamped(sensors.joints_from_msg)),
        }
        for source, (key, convert) in handlers.items():
            contract_io.subscription(self, key, self._make_callback(source, convert))
        self.create_timer(1.0 / self.cfg.rate_hz, self._on_fallback_timer)
        self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)

    def _now_ns(self) -> int:
        return int(self.get_clock().now().nanoseconds)

    def _make_callback(self, source: str, convert: Callable[[Any], tuple[int, Any]]) -> Callable[[Any], None]:
        def callback(msg: Any) -> None:
            try:
                stamp_ns, value = convert(msg)
            except LamError as exc:
                self.assembler.reject(source)
                self._warnings.warn(f"{source} malformed", f"{source} sample dropped: {exc}")
                return
            now = self._now_ns()
            if not self.assembler.offer(source, stamp_ns, value, now):
                self._warnings.warn(
                    f"{source} stamp", f"{source} sample dropped: stamp {stamp_ns * 1e-9:.3f}s out of order or in the future"
                )
            elif source == ANCHOR and self.trigger.on_detections(now):
                self._publish()

        return callback

    def _on_fallback_timer(self) -> None:
        if self.trigger.on_timer(self._now_ns()):
            self._publish()

    def _publish(self) -> None:
        now = self._now_ns()
        obs = self.assembler.assemble(now)
        self._pub.publish(lam_convert.observation_to_msg(obs, self.frames))
        self._published += 1
        if obs.newest_sensor_ns >= 0:
            self._latency_ms.add((self._now_ns() - obs.newest_sensor_ns) * 1e-6)

    def _publish_diagnostics(self) -> None:
        now = self._now_ns()
        statuses = []
        for s in self.assembler.statuses(now):
            level = diagnostics.WARN if s.stale else diagnostics.OK
            statuses.append(
                diagnostics.status(
                    f"fusion_node: {s.name}", level, "stale" if s.stale else "ok",
                    {
                        "age_s": f"{s.age_s:.3f}", "rate_hz": f"{s.rate_hz:.1f}", "dropped": s.dropped,
                        "unsynchronised": self.assembler.unsynchronised(s.name),
                    },
                )
            )
        latency = {"published": self._published, **self._latency_ms.percentile_fields("latency_ms")}
        statuses.append(diagnostics.status(OBSERVATION_DIAGNOSTIC_NAME, diagnostics.OK, "ok", latency))
        self._diag_pub.publish(diagnostics.array(now, statuses))


def main() -> None:
    exit_process(run_node(FusionNode))


if __name__ == "__main__":
    main()
