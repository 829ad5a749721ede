"""Base velocity shield: default-deny command filter, watchdog, e-stop, velocity and
acceleration limits. Pure and deterministic: the executor calls it once per control period."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from lam_core.types import ActionCommand, Twist2D

# Name of the shield's status in /diagnostics (its "interventions" value is the running total).
SHIELD_DIAGNOSTIC_NAME = "executor_node: shield"

# Skills whose base velocity the shield passes on (after limiting). Anything else is a stop.
MOTION_SKILLS = frozenset({"navigate_to", "search", "velocity"})
STOP_SKILLS = frozenset({"stop"})


@dataclass(frozen=True)
class ShieldLimits:
    """Hard limits, loaded from config/ only (no code defaults)."""

    max_vx_mps: float
    max_reverse_mps: float
    max_wz_radps: float
    max_accel_mps2: float
    max_decel_mps2: float
    max_alpha_radps2: float
    command_timeout_s: float


@dataclass(frozen=True)
class ShieldOutput:
    twist: Twist2D
    reasons: tuple[str, ...]  # interventions applied this period (empty when passed through)


class VelocityShield:
    """Call ``accept`` for each incoming command and ``step`` once per control period."""

    def __init__(self, limits: ShieldLimits) -> None:
        self.limits = limits
        self.interventions: Counter[str] = Counter()
        self._command: ActionCommand | None = None
        self._received_ns = -1
        self._estop = False
        self._last = Twist2D()

    @property
    def estopped(self) -> bool:
        return self._estop

    @property
    def total_interventions(self) -> int:
        return sum(self.interventions.values())

    def set_estop(self, engaged: bool) -> None:
        """Engage (latched) or explicitly release the e-stop."""
        if engaged and not self._estop:
            self.interventions["estop"] += 1
        self._estop = engaged
        if engaged:
            self._command = None

    def accept(self, command: ActionCommand, now_ns: int) -> str | None:
        """Take a new command. Returns a rejection reason (the command is then a stop), or None."""
        reason = self._validate(command)
        self._received_ns = now_ns
        if reason is not None:
            self.interventions["rejected"] += 1
            self._command = None
            return reason
        self._command = command
        return None

    @staticmethod
    def _validate(command: ActionCommand) -> str | None:
        if command.skill not in MOTION_SKILLS | STOP_SKILLS:
            return f"unknown skill {command.skill!r}"
        if not command.base.is_finite():
            return "non-finite base velocity"
        if not math.isfinite(command.horizon_s) or command.horizon_s < 0.0:
            return f"invalid horizon {command.horizon_s}"
        return None

    def step(self, now_ns: int, dt_s: float) -> ShieldOutput:
        """The twist to publish for this control period."""
        lim = self.limits
        reasons: list[str] = []
        target = Twist2D()
        if self._estop:
            reasons.append("estop")
        elif self._command is None:
            pass
        elif (now_ns - self._received_ns) * 1e-9 > lim.command_timeout_s:
            reasons.append("command_timeout")
            self._command = None
        elif self._command.skill in MOTION_SKILLS:
            target = self._command.base
        vx = min(max(target.vx_mps, -lim.max_reverse_mps), lim.max_vx_mps)
        wz = min(max(target.wz_radps, -lim.max_wz_radps), lim.max_wz_radps)
        if (vx, wz) != (target.vx_mps, target.wz_radps):
            reasons.append("velocity_limit")
        dt = max(dt_s, 0.0)
        prev = self._last
        speeding_up = abs(vx) > abs(prev.vx_mps) and vx * prev.vx_mps >= 0.0
        dv_max = (lim.max_accel_mps2 if speeding_up else lim.max_decel_mps2) * dt
        dw_max = lim.max_alpha_radps2 * dt
        limited_vx = prev.vx_mps + min(max(vx - prev.vx_mps, -dv_max), dv_max)
        limited_wz = prev.wz_radps + min(max(wz - prev.wz_radps, -dw_max), dw_max)
        if "estop" in reasons:
            limited_vx, limited_wz = 0.0, 0.0  # an e-stop cuts motion at once
        self._last = Twist2D(limited_vx, limited_wz)
        for r in reasons:
            if r != "estop":
                self.interventions[r] += 1
        return ShieldOutput(self._last, tuple(reasons))
