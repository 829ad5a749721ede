"""Velocity shield: limits, watchdog, e-stop and default-deny, including property tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lam_core.config import load_config
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_dir
from lam_core.safety.shield import VelocityShield
from lam_core.types import ActionCommand, Twist2D

LIMITS = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node").limits()
DT = 0.02
MS = 1_000_000


def _cmd(vx: float, wz: float, skill: str = "navigate_to", horizon: float = 0.5) -> ActionCommand:
    return ActionCommand(stamp_ns=0, skill=skill, base=Twist2D(vx, wz), horizon_s=horizon)


def test_passes_a_safe_command_after_ramping_up() -> None:
    shield = VelocityShield(LIMITS)
    outs = []
    for k in range(1, 40):
        assert shield.accept(_cmd(0.3, 0.2), k * 20 * MS) is None
        outs.append(shield.step(k * 20 * MS, DT))
    assert outs[0].twist.vx_mps == pytest.approx(LIMITS.max_accel_mps2 * DT)
    assert outs[-1].twist == Twist2D(0.3, 0.2)
    assert all(o.reasons == () for o in outs)


def test_clamps_to_velocity_limits_and_counts_it() -> None:
    shield = VelocityShield(LIMITS)
    shield.accept(_cmd(50.0, -50.0), 0)
    for k in range(1, 100):
        shield.accept(_cmd(50.0, -50.0), k * 20 * MS)
        out = shield.step(k * 20 * MS, DT)
    assert out.twist.vx_mps == LIMITS.max_vx_mps and out.twist.wz_radps == -LIMITS.max_wz_radps
    assert "velocity_limit" in out.reasons and shield.interventions["velocity_limit"] > 0


def test_watchdog_stops_the_base_after_the_command_timeout() -> None:
    shield = VelocityShield(LIMITS)
    timeout_ns = int(LIMITS.command_timeout_s * 1e9)
    t, outs = 0, []
    while t < timeout_ns:  # a planner that sends once per period, then falls silent at timeout_ns
        shield.accept(_cmd(0.4, 0.0), t)
        t += 20 * MS
        outs.append(shield.step(t, DT).twist)
    assert outs[-1].vx_mps > 0.2
    braking_ns = int(LIMITS.max_vx_mps / LIMITS.max_decel_mps2 * 1e9)  # the last command holds until the timeout
    stop_by = 2 * timeout_ns + braking_ns + 20 * MS
    while t < stop_by:
        t += 20 * MS
        out = shield.step(t, DT)
    assert out.twist == Twist2D(0.0, 0.0)
    assert shield.interventions["command_timeout"] == 1


@given(vx=st.floats(allow_nan=True, allow_infinity=True), wz=st.floats(allow_nan=True, allow_infinity=True))
def test_non_finite_or_unknown_is_a_stop(vx: float, wz: float) -> None:
    shield = VelocityShield(LIMITS)
    reason = shield.accept(_cmd(vx, wz, skill="dance"), 0)
    assert reason is not None and "unknown skill" in reason
    assert shield.step(20 * MS, DT).twist == Twist2D(0.0, 0.0)
    if not (math.isfinite(vx) and math.isfinite(wz)):
        assert shield.accept(_cmd(vx, wz), 0) == "non-finite base velocity"
        assert shield.step(40 * MS, DT).twist == Twist2D(0.0, 0.0)


def test_negative_horizon_is_rejected() -> None:
    shield = VelocityShield(LIMITS)
    assert shield.accept(_cmd(0.1, 0.0, horizon=-1.0), 0) is not None


def test_estop_is_latched_until_released() -> None:
    shield = VelocityShield(LIMITS)
    shield.accept(_cmd(0.3, 0.0), 0)
    for k in range(1, 20):
        shield.step(k * 20 * MS, DT)
    shield.set_estop(True)
    assert shield.step(21 * 20 * MS, DT).twist == Twist2D(0.0, 0.0)
    shield.accept(_cmd(0.3, 0.0), 22 * 20 * MS)
    assert shield.step(23 * 20 * MS, DT).twist == Twist2D(0.0, 0.0), "new commands do not release it"
    shield.set_estop(False)
    shield.accept(_cmd(0.3, 0.0), 24 * 20 * MS)
    assert shield.step(25 * 20 * MS, DT).twist.vx_mps > 0.0


commands = st.tuples(
    st.floats(min_value=-1e6, max_value=1e6) | st.sampled_from([math.nan, math.inf, -math.inf]),
    st.floats(min_value=-1e6, max_value=1e6) | st.sampled_from([math.nan, math.inf, -math.inf]),
    st.sampled_from(["navigate_to", "search", "stop", "velocity", "", "pick", "self_destruct"]),
    st.booleans(),  # command arrives this period
    st.booleans(),  # e-stop toggled
)


@settings(max_examples=200, deadline=None)
@given(st.lists(commands, min_size=1, max_size=120))
def test_no_output_ever_exceeds_velocity_or_acceleration_bounds(stream: list) -> None:  # type: ignore[type-arg]
    shield = VelocityShield(LIMITS)
    prev = Twist2D()
    t = 0
    for vx, wz, skill, arrives, toggle in stream:
        t += 20 * MS
        if toggle:
            shield.set_estop(not shield.estopped)
        if arrives:
            shield.accept(_cmd(vx, wz, skill), t)
        out = shield.step(t, DT).twist
        assert math.isfinite(out.vx_mps) and math.isfinite(out.wz_radps)
        assert -LIMITS.max_reverse_mps - 1e-9 <= out.vx_mps <= LIMITS.max_vx_mps + 1e-9
        assert abs(out.wz_radps) <= LIMITS.max_wz_radps + 1e-9
        if not shield.estopped:
            assert abs(out.vx_mps - prev.vx_mps) <= max(LIMITS.max_accel_mps2, LIMITS.max_decel_mps2) * DT + 1e-9
            assert abs(out.wz_radps - prev.wz_radps) <= LIMITS.max_alpha_radps2 * DT + 1e-9
        else:
            assert out == Twist2D(0.0, 0.0)
        prev = out
