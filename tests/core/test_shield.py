"""Safety shield and arm supervisor: limits, watchdog, horizon, e-stop, lidar zones and
default-deny, with hypothesis property tests over arbitrary and adversarial inputs."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lam_core.config import load_config
from lam_core.datatypes import ActionCommand, JointStates, LaserScan, Twist2D
from lam_core.errors import ConfigError, InputError
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_dir
from lam_core.robot.description import robot_description
from lam_core.safety.arm import ARM, GRIPPER, ArmSupervisor
from lam_core.safety.audit import trajectory_violations, twist_violations
from lam_core.safety.factory import arm_limits, shield_limits
from lam_core.safety.shield import SafetyShield, ShieldLimits
from lam_core.skills import COMMAND_SKILLS

ROBOT = robot_description()
CFG = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
LIMITS = shield_limits(CFG, ROBOT)
DT = LIMITS.control_period_s
PERIOD_NS = round(DT * 1e9)
FRONT_EDGE_M = LIMITS.footprint.front_m
BLIND_AHEAD_M = ROBOT.lidar.range_min_m - (FRONT_EDGE_M - LIMITS.laser_xy_m[0])  # the lidar cannot see closer
INSIDE_STOP_ZONE_M = (BLIND_AHEAD_M + LIMITS.stop_margin_m) / 2


def _cmd(vx: float, wz: float, skill: str = "navigate_to", horizon: float = 0.5, stamp: int = 0) -> ActionCommand:
    return ActionCommand(stamp_ns=stamp, skill=skill, base=Twist2D(vx, wz), horizon_s=horizon)


def _scan(stamp_ns: int, obstacle_ahead_m: float = math.inf, bearing: float = 0.0) -> LaserScan:
    """360-ray scan from laser_link; one return at ``obstacle_ahead_m`` beyond the front edge."""
    ranges = np.full(360, np.inf, dtype=np.float32)
    if math.isfinite(obstacle_ahead_m):
        x = FRONT_EDGE_M + obstacle_ahead_m - LIMITS.laser_xy_m[0]
        ray = round((bearing + math.pi) / (2 * math.pi / 360)) % 360
        ranges[ray] = x / math.cos(bearing)
    return LaserScan(stamp_ns, "laser_link", -math.pi, 2 * math.pi / 360, 0.16, 8.0, ranges)


def _shield(now_ns: int = 0, obstacle_m: float = math.inf) -> SafetyShield:
    shield = SafetyShield(LIMITS)
    shield.update_scan(_scan(now_ns, obstacle_m), now_ns)
    return shield


def _drive(shield: SafetyShield, vx: float, wz: float, periods: int, t0: int = 0, scans: bool = True) -> list:
    outs = []
    for k in range(1, periods + 1):
        t = t0 + k * PERIOD_NS
        if scans:
            shield.update_scan(_scan(t), t)
        shield.accept(_cmd(vx, wz), t)
        outs.append(shield.step(t, DT))
    return outs


def test_ramps_up_with_bounded_jerk_then_passes_a_safe_command() -> None:
    shield = _shield()
    outs = _drive(shield, 0.3, 0.2, 80)
    accels = [o.twist.vx_mps / DT for o in outs[:1]] + [(b.twist.vx_mps - a.twist.vx_mps) / DT for a, b in itertools.pairwise(outs)]
    assert accels[0] <= LIMITS.max_jerk_mps3 * DT + 1e-9, "jerk-limited start"
    assert all(b - a <= LIMITS.max_jerk_mps3 * DT + 1e-9 for a, b in itertools.pairwise(accels))
    assert max(accels) <= LIMITS.max_accel_mps2 + 1e-9
    assert outs[-1].twist == Twist2D(0.3, 0.2)
    assert all(o.reasons == () for o in outs)


def test_clamps_to_velocity_limits_and_counts_the_episode_once() -> None:
    shield = _shield()
    out = _drive(shield, 1.5 * LIMITS.max_vx_mps, -1.5 * LIMITS.max_wz_radps, 150)[-1]
    assert out.twist.vx_mps == LIMITS.max_vx_mps and out.twist.wz_radps == -LIMITS.max_wz_radps
    assert "velocity_limit" in out.reasons and shield.interventions["velocity_limit"] == 1


def test_watchdog_zeroes_the_base_within_one_period_after_the_timeout() -> None:
    shield = _shield()
    outs = _drive(shield, 0.4, 0.5, 60)
    assert outs[-1].twist.vx_mps == pytest.approx(0.4)
    since, out = _first_zero_after_silence(shield, 60 * PERIOD_NS)
    assert LIMITS.command_timeout_s < since <= LIMITS.command_timeout_s + DT + 1e-9
    assert "command_timeout" in out.reasons and shield.interventions["command_timeout"] == 1


def _first_zero_after_silence(shield: SafetyShield, t_last: int):  # type: ignore[no-untyped-def]
    """Step the shield every period after the last command (at ``t_last``), scans still coming;
    (seconds since that command, output) of the first zero twist. Every earlier output moved."""
    t = t_last
    for _ in range(50):
        t += PERIOD_NS
        shield.update_scan(_scan(t), t)
        out = shield.step(t, DT)
        if out.twist == Twist2D():
            return (t - t_last) * 1e-9, out
    raise AssertionError("the base never stopped")


def test_a_watchdog_stop_keeps_braking_after_a_short_period() -> None:
    """The tick that notices the timeout may come with a tiny dt (timer jitter, sim clock steps);
    the stop must still be complete within one full period after it."""
    shield = _shield()
    _drive(shield, 0.4, 0.8, 60)
    t = 60 * PERIOD_NS + int(LIMITS.command_timeout_s * 1e9) + 1
    shield.update_scan(_scan(t), t)
    first = shield.step(t, 1e-4)
    assert "command_timeout" in first.reasons and first.twist != Twist2D()
    t += PERIOD_NS
    shield.update_scan(_scan(t), t)
    assert shield.step(t, DT).twist == Twist2D()


def test_a_silent_planner_after_a_stop_still_brakes_within_one_period_without_an_intervention() -> None:
    shield = _shield()
    _drive(shield, 0.4, 0.5, 60)
    t = 61 * PERIOD_NS
    shield.update_scan(_scan(t), t)
    shield.accept(_cmd(0.0, 0.0, skill="stop", stamp=t), t)  # a stop, then the planner dies
    out = shield.step(t, DT)
    assert out.twist.vx_mps > 0.0, "a stop ramps down normally while the planner is alive"
    since, _ = _first_zero_after_silence(shield, t)
    assert LIMITS.command_timeout_s < since <= LIMITS.command_timeout_s + DT + 1e-9
    assert shield.interventions.get("command_timeout", 0) == 0


def test_a_repeated_command_expires_at_its_own_horizon() -> None:
    shield = _shield()
    stamp = PERIOD_NS
    t = 0
    for _ in range(40):  # a publisher repeating one decision stamped at `stamp`
        t += PERIOD_NS
        shield.update_scan(_scan(t), t)
        shield.accept(_cmd(0.2, 0.0, horizon=0.3, stamp=stamp), t)
        out = shield.step(t, DT)
        if (t - stamp) * 1e-9 > 0.3:
            break
    assert out.twist == Twist2D() and "command_expired" in out.reasons


@given(vx=st.floats(allow_nan=True, allow_infinity=True), wz=st.floats(allow_nan=True, allow_infinity=True),
       skill=st.text(max_size=12))
def test_unknown_skills_and_non_finite_velocities_are_stops(vx: float, wz: float, skill: str) -> None:
    shield = _shield()
    if skill not in COMMAND_SKILLS:
        reason = shield.accept(_cmd(vx, wz, skill=skill), 0)
        assert reason is not None and "unknown skill" in reason
        assert shield.step(PERIOD_NS, DT).twist == Twist2D()
    if not (math.isfinite(vx) and math.isfinite(wz)):
        assert shield.accept(_cmd(vx, wz), 0) == "non-finite base velocity"
        assert shield.step(2 * PERIOD_NS, DT).twist == Twist2D()


@pytest.mark.parametrize("vx,wz", [(1e9, 0.0), (0.0, -1e6), (LIMITS.absurd_factor * LIMITS.max_vx_mps * 1.01, 0.0)])
def test_absurd_velocities_are_rejected_not_clamped(vx: float, wz: float) -> None:
    shield = _shield()
    _drive(shield, 0.4, 0.0, 60)
    reason = shield.accept(_cmd(vx, wz), 61 * PERIOD_NS)
    assert reason is not None and "absurd" in reason
    _only_rejections_follow(shield, _cmd(vx, wz), 61)


@pytest.mark.parametrize("horizon", [-1.0, math.nan, math.inf, 1e9])
def test_bad_horizons_are_rejected(horizon: float) -> None:
    shield = _shield()
    _drive(shield, 0.3, 0.0, 40)
    bad = _cmd(0.1, 0.0, horizon=horizon, stamp=41 * PERIOD_NS)
    reason = shield.accept(bad, 41 * PERIOD_NS)
    assert reason is not None and reason.startswith("invalid horizon")
    _only_rejections_follow(shield, bad, 41)


def _chunk_cmd(chunk: list[tuple[float, float]], period_s: float, stamp: int, horizon: float | None = None) -> ActionCommand:
    twists = tuple(Twist2D(vx, wz) for vx, wz in chunk)
    return ActionCommand(stamp_ns=stamp, skill="navigate_to", base=twists[0] if twists else Twist2D(), chunk=twists,
                         chunk_period_s=period_s, horizon_s=len(chunk) * period_s if horizon is None else horizon)


def test_an_action_chunk_is_played_element_by_element_from_its_stamp_until_its_horizon() -> None:
    """One command, repeated unchanged (as the planner's keep-alive does): the shield follows its
    elements in time, each limited like a single twist, and the horizon ends it."""
    shield = _shield()
    command = _chunk_cmd([(0.3, 0.0), (0.3, 0.5), (0.0, -0.5)], 1.0, stamp=PERIOD_NS)
    seen: dict[int, Twist2D] = {}
    t, out = 0, None
    while True:
        t += PERIOD_NS
        shield.update_scan(_scan(t), t)
        assert shield.accept(command, t) is None
        out = shield.step(t, DT)
        elapsed_s = (t - command.stamp_ns) * 1e-9
        if elapsed_s > command.horizon_s:
            break
        if elapsed_s % 1.0 > 0.9:  # the end of each element's second: ramps have settled
            seen[int(elapsed_s)] = out.twist
    assert seen[0] == Twist2D(0.3, 0.0) and seen[1] == Twist2D(0.3, 0.5) and seen[2] == Twist2D(0.0, -0.5)
    assert out.twist == Twist2D() and "command_expired" in out.reasons


@pytest.mark.parametrize("chunk,period,why", [
    ([(0.2, 0.0), (math.nan, 0.0)], 0.1, "non-finite chunk element 1"),
    ([(0.2, 0.0), (0.2, 1e6)], 0.1, "absurd chunk element 1"),
    ([(0.2, 0.0)] * 500, 0.01, "at most"),
    ([(0.2, 0.0), (0.2, 0.0)], 0.0, "invalid chunk period"),
    ([(0.2, 0.0), (0.2, 0.0)], math.nan, "invalid chunk period"),
])
def test_one_bad_element_or_a_malformed_chunk_rejects_the_whole_command(chunk: list, period: float, why: str) -> None:
    shield = _shield()
    _drive(shield, 0.3, 0.0, 40)
    bad = _chunk_cmd(chunk, period, stamp=41 * PERIOD_NS, horizon=0.5)
    reason = shield.accept(bad, 41 * PERIOD_NS)
    assert reason is not None and why in reason
    _only_rejections_follow(shield, bad, 41)


def test_a_chunk_whose_first_element_is_not_the_base_velocity_is_rejected() -> None:
    command = _chunk_cmd([(0.2, 0.0), (0.2, 0.0)], 0.1, stamp=0)
    from dataclasses import replace

    assert "first element" in (_shield().accept(replace(command, base=Twist2D(0.5, 0.0)), 0) or "")
    assert "without a chunk" in (_shield().accept(replace(command, chunk=()), 0) or "")


def _only_rejections_follow(shield: SafetyShield, bad: ActionCommand, first_period: int) -> None:
    """After a valid command at period first_period - 1, only ``bad`` (rejected) arrives: it is
    never obeyed (the twist never exceeds the valid command's), the valid command runs on until
    the watchdog ends it, and the base is braked to zero one period later."""
    last_valid_ns = (first_period - 1) * PERIOD_NS
    before = abs(shield.step(first_period * PERIOD_NS, DT).twist.vx_mps)
    timeout_periods = math.ceil(LIMITS.command_timeout_s / DT)
    for k in range(first_period + 1, first_period + timeout_periods + 3):
        t = k * PERIOD_NS
        shield.update_scan(_scan(t), t)
        assert shield.accept(bad, t) is not None
        out = shield.step(t, DT).twist
        assert abs(out.vx_mps) <= before + 1e-9 and abs(out.wz_radps) <= 1e-9, "a rejected command was obeyed"
    stopped_at = (first_period + timeout_periods + 2) * PERIOD_NS
    assert out == Twist2D(), f"still moving {(stopped_at - last_valid_ns) * 1e-9:.2f} s after the last valid command"


def test_a_rejection_without_a_valid_command_in_force_brakes_within_one_period() -> None:
    shield = _shield()
    _drive(shield, 0.4, 0.0, 60)
    quiet_ns = 60 * PERIOD_NS + int(LIMITS.command_timeout_s * 1e9) + 2 * PERIOD_NS
    shield.update_scan(_scan(quiet_ns), quiet_ns)
    shield.step(quiet_ns, DT)  # the watchdog has ended the last command
    t = quiet_ns + PERIOD_NS
    shield.update_scan(_scan(t), t)
    assert shield.accept(_cmd(1e9, 0.0), t) is not None
    assert shield.step(t, DT).twist == Twist2D(), "a rejection brakes to zero within one period"


def test_commands_stamped_in_the_future_are_rejected() -> None:
    reason = _shield().accept(_cmd(0.1, 0.0, stamp=10**10), 0)
    assert reason is not None and "future" in reason


def test_estop_latches_until_an_explicit_release() -> None:
    shield = _shield()
    _drive(shield, 0.5, 1.0, 60)
    shield.set_estop(True)
    t = 61 * PERIOD_NS
    shield.update_scan(_scan(t), t)
    assert shield.step(t, DT).twist == Twist2D(), "an e-stop zeroes the base within one period"
    for k in range(62, 80):
        t = k * PERIOD_NS
        shield.update_scan(_scan(t), t)
        assert shield.accept(_cmd(0.3, 0.0), t) == "e-stop engaged"
        assert shield.step(t, DT).twist == Twist2D()
    shield.set_estop(False)
    assert shield.step(t + PERIOD_NS, DT).twist == Twist2D(), "release alone does not move: a new command is needed"
    assert _drive(shield, 0.3, 0.0, 5, t0=t + PERIOD_NS)[-1].twist.vx_mps > 0.0


def test_stop_zone_cuts_forward_motion_within_one_period_but_allows_reversing() -> None:
    shield = _shield()
    assert _drive(shield, 0.5, 0.0, 60)[-1].twist.vx_mps == pytest.approx(0.5)
    t = 61 * PERIOD_NS
    shield.update_scan(_scan(t, INSIDE_STOP_ZONE_M), t)
    shield.accept(_cmd(0.5, 0.0), t)
    out = shield.step(t, DT)
    assert out.twist.vx_mps == 0.0 and "stop_zone" in out.reasons
    t += PERIOD_NS
    shield.update_scan(_scan(t, INSIDE_STOP_ZONE_M), t)
    shield.accept(_cmd(-0.1, 0.0), t)
    assert shield.step(t, DT).twist.vx_mps < 0.0, "backing away from the obstacle is allowed"


def test_slow_zone_caps_speed_and_near_returns_block_turning() -> None:
    shield = _shield()
    for k in range(1, 100):
        t = k * PERIOD_NS
        shield.update_scan(_scan(t, (LIMITS.stop_margin_m + LIMITS.slow_margin_m) / 2), t)
        shield.accept(_cmd(0.5, 0.0), t)
        out = shield.step(t, DT)
    assert out.twist.vx_mps == pytest.approx(LIMITS.slow_speed_mps) and "slow_zone" in out.reasons
    side = LaserScan(t, "laser_link", -math.pi, 2 * math.pi / 360, 0.16, 8.0,
                     np.where(np.arange(360) == 270, 0.25, np.inf).astype(np.float32))  # 0.25 m to the left
    shield.update_scan(side, t)
    shield.accept(_cmd(0.0, 1.0), t + PERIOD_NS)
    out = shield.step(t + PERIOD_NS, DT)
    assert out.twist.wz_radps == 0.0 and "rotation_blocked" in out.reasons


def test_no_fresh_scan_means_no_motion() -> None:
    shield = SafetyShield(LIMITS)
    shield.accept(_cmd(0.3, 0.3), 0)
    out = shield.step(PERIOD_NS, DT)
    assert out.twist == Twist2D() and "scan_stale" in out.reasons
    shield = _shield()
    outs = _drive(shield, 0.3, 0.0, 60, scans=False)
    assert outs[-1].twist == Twist2D() and "scan_stale" in outs[-1].reasons


@pytest.mark.parametrize(
    "scan,message",
    [
        (LaserScan(0, "laser_link", 0.0, 0.1, 0.1, 8.0, np.full(100, np.nan, dtype=np.float32)), "mostly NaN"),
        (LaserScan(0, "laser_link", 0.0, 0.1, 0.1, 8.0, np.zeros(0, dtype=np.float32)), "0 rays"),
        (LaserScan(10**10, "laser_link", 0.0, 0.1, 0.1, 8.0, np.ones(10, dtype=np.float32)), "from now"),
    ],
)
def test_bad_scans_are_refused(scan: LaserScan, message: str) -> None:
    with pytest.raises(InputError, match=message):
        SafetyShield(LIMITS).update_scan(scan, 0)


def test_config_refuses_a_stop_zone_inside_the_lidar_blind_range() -> None:
    with pytest.raises(ConfigError, match="blind range"):
        shield_limits(ExecutorNodeConfig(**{**CFG.__dict__, "stop_margin_m": BLIND_AHEAD_M * 0.9}), ROBOT)


def test_config_must_allow_a_stop_within_one_period() -> None:
    values = {**LIMITS.__dict__, "emergency_decel_mps2": 1.0}
    with pytest.raises(ConfigError, match="one control period"):
        ShieldLimits(**values)


# ---------------------------------------------------------------- properties
finite_or_not = st.floats(allow_nan=True, allow_infinity=True, width=32) | st.floats(-3.0, 3.0)
command_event = st.tuples(
    st.sampled_from([*sorted(COMMAND_SKILLS), "dance", "", "PICK"]),
    finite_or_not, finite_or_not,
    st.floats(-1.0, 2.0) | st.just(math.nan),   # horizon
    st.integers(0, 12),                         # periods until the next command
    st.booleans(),                              # toggle the e-stop now
    st.floats(0.0, 2.0) | st.just(math.inf),    # obstacle distance beyond the front edge [m]
    st.floats(0.5, 1.5),                        # this period's dt relative to nominal (timer jitter)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(command_event, min_size=1, max_size=40), chunks=st.lists(st.tuples(finite_or_not, finite_or_not), max_size=8),
       chunk_period=st.floats(0.0, 0.5) | st.just(math.nan))
def test_property_every_twist_within_velocity_and_acceleration_bounds(events: list, chunks: list, chunk_period: float) -> None:
    """Single twists and action chunks (the chunk rides on every other command), adversarial values included."""
    shield = SafetyShield(LIMITS)
    t, prev, estop = 0, Twist2D(), False
    last_received = 0
    for index, (skill, vx, wz, horizon, gap, toggle, obstacle, jitter) in enumerate(events):
        if toggle:
            estop = not estop
            shield.set_estop(estop)
        chunk = tuple(Twist2D(cvx, cwz) for cvx, cwz in chunks) if index % 2 else ()
        shield.accept(ActionCommand(stamp_ns=t, skill=skill, base=chunk[0] if chunk else Twist2D(vx, wz), horizon_s=horizon,
                                    chunk=chunk, chunk_period_s=chunk_period if chunk else 0.0), t)
        last_received = t
        for _ in range(gap + 1):
            dt = DT * jitter
            t += round(dt * 1e9)
            shield.update_scan(_scan(t, obstacle), t)
            out = shield.step(t, dt)
            assert twist_violations(LIMITS, prev, out.twist) == []
            if BLIND_AHEAD_M < obstacle <= LIMITS.stop_margin_m:
                assert out.twist.vx_mps <= 0.0, "stop zone: no forward motion from the first period on"
            if estop:
                assert out.twist == Twist2D()
            if (t - last_received) * 1e-9 > LIMITS.command_timeout_s + LIMITS.control_period_s * 1.5:
                assert out.twist == Twist2D(), "watchdog: zero within one period after the deadline"
            prev = out.twist


arm_names = st.lists(st.sampled_from([*ROBOT.arm_joints, "wheel", "arm_elbow"]), max_size=5)
positions = st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32) | st.floats(-4.0, 4.0), max_size=5)
points = st.tuples(st.floats(-0.6, 0.8), st.floats(-0.6, 0.6), st.floats(-0.3, 0.6))
current = st.lists(st.floats(-4.0, 4.0), min_size=6, max_size=6)


@settings(max_examples=200, deadline=None)
@given(names=arm_names, qs=positions, point=st.none() | points, opening=st.floats(allow_nan=True, allow_infinity=True, width=32),
       now=current)
def test_property_no_trajectory_point_outside_joint_limits(names, qs, point, opening, now) -> None:  # type: ignore[no-untyped-def]
    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    joint_names = ROBOT.arm_joints + ROBOT.gripper_joints
    arm.update_joints(JointStates(0, joint_names, tuple(now), (0.0,) * 6))
    command = ActionCommand(0, "arm", arm_joint_names=tuple(names), arm_joint_positions_rad=tuple(qs),
                            grasp_point_m=point or (math.nan,) * 3, gripper_opening_m=opening)
    try:
        targets = arm.targets(command)
    except InputError:
        return  # rejected with a reason: never obeyed
    start = {n: min(max(q, ROBOT.joint(n).lower), ROBOT.joint(n).upper) for n, q in zip(joint_names, now, strict=True)}
    for group, traj in arm.command(targets, 0) + arm.hold(0):
        assert group in (ARM, GRIPPER)
        origin = tuple(start[n] for n in traj.joint_names)
        assert trajectory_violations(ROBOT, traj, origin, CFG.arm_velocity_scale) == []


@pytest.mark.parametrize(
    "command,message",
    [
        (ActionCommand(0, "arm", arm_joint_names=("arm_elbow_joint",), arm_joint_positions_rad=(0.1, 0.2)), "2 arm positions"),
        (ActionCommand(0, "arm", arm_joint_names=("base_joint",), arm_joint_positions_rad=(0.1,)), "unknown arm joint"),
        (ActionCommand(0, "arm", arm_joint_names=("arm_elbow_joint",), arm_joint_positions_rad=(math.nan,)), "non-finite"),
        (ActionCommand(0, "arm", arm_joint_names=("arm_elbow_joint",), arm_joint_positions_rad=(9.0,)), "outside its limits"),
        (ActionCommand(0, "pick", grasp_point_m=(2.0, 0.0, 0.0)), "out of reach"),
        (ActionCommand(0, "pick", grasp_point_m=(0.3, math.nan, 0.0)), "partly non-finite"),
        (ActionCommand(0, "pick", gripper_opening_m=-0.01), "gripper opening"),
        (ActionCommand(0, "pick", gripper_opening_m=5.0), "gripper opening"),
    ],
)
def test_bad_arm_commands_are_rejected_with_a_reason(command: ActionCommand, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ArmSupervisor(ROBOT, arm_limits(CFG)).targets(command)


def test_arm_needs_joint_states_and_holds_once() -> None:
    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    targets = arm.targets(ActionCommand(0, "pick", grasp_point_m=(0.35, 0.0, 0.1), gripper_opening_m=0.06))
    with pytest.raises(InputError, match="no joint_states"):
        arm.command(targets, 0)
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    arm.update_joints(JointStates(0, names, (0.0,) * 6, (0.0,) * 6))
    sent = arm.command(targets, 0)
    assert [g for g, _ in sent] == [ARM, GRIPPER]
    assert arm.command(targets, 10_000_000) == [], "the same targets are not re-sent"
    held = arm.hold(20_000_000)
    assert {g for g, _ in held} == {ARM, GRIPPER} and all(t.points == () for _, t in held), "empty: hold where you are"
    assert arm.hold(30_000_000) == [], "a hold is sent once"


def test_a_hold_needs_no_joint_states_and_the_next_command_is_sent_in_full() -> None:
    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    held = arm.hold(0)
    assert [(g, t.joint_names, t.points) for g, t in held] == [(ARM, ROBOT.arm_joints, ()), (GRIPPER, ROBOT.gripper_joints, ())]
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    arm.update_joints(JointStates(0, names, (0.0,) * 6, (0.0,) * 6))
    targets = arm.targets(ActionCommand(0, "pick", grasp_point_m=(0.35, 0.0, 0.1), gripper_opening_m=0.06))
    assert [g for g, _ in arm.command(targets, 10_000_000)] == [ARM, GRIPPER]


def test_an_arm_moved_away_from_its_target_is_sent_it_again_once_the_trajectory_is_over() -> None:
    """An arm that something else moved (a simulator reset, a push) is sent the same target again
    instead of being taken to be there; while a trajectory is under way, and for a gripper blocked
    by what it holds, the target is not re-sent."""
    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    home = (0.0,) * 6
    arm.update_joints(JointStates(0, names, home, home))
    targets = arm.targets(ActionCommand(0, "pick", grasp_point_m=(0.35, 0.0, 0.1), gripper_opening_m=0.0))
    (_, reach), _ = arm.command(targets, 0)
    done_s = reach.points[-1].time_from_start_s
    assert arm.command(targets, int(done_s * 0.5e9)) == [], "under way: not re-sent"
    arm.update_joints(JointStates(0, names, (*reach.points[-1].positions, 0.02, 0.02), home))  # fingers on an object
    later = int((done_s + 5.0) * 1e9)
    assert arm.command(targets, later) == [], "at the target, the gripper blocked: nothing re-sent"
    arm.update_joints(JointStates(0, names, (*home[:4], 0.02, 0.02), home))  # the arm put back home
    resent = arm.command(targets, later)
    assert [g for g, _ in resent] == [ARM], "the arm is sent its target again, the blocked gripper is not"
    assert resent[0][1].points[-1].positions == pytest.approx(reach.points[-1].positions)
    assert arm.command(targets, later + 10_000_000) == [], "once per trajectory"


def test_an_arm_held_near_a_target_then_reset_home_is_sent_that_target() -> None:
    """An e-stop holds the arm just short of its target; a reset puts it home; the next goal asks
    for the same target: the hold's position must not pass for it."""
    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    home = (0.0,) * 6
    arm.update_joints(JointStates(0, names, home, home))
    targets = arm.targets(ActionCommand(0, "pick", grasp_point_m=(0.35, 0.0, 0.1)))
    (_, reach), = arm.command(targets, 0)
    arm.update_joints(JointStates(0, names, (*reach.points[-1].positions, 0.0, 0.0), home))
    assert arm.hold(int(10e9)), "the e-stop holds the arm where it is"
    arm.update_joints(JointStates(0, names, home, home))
    resent = arm.command(targets, int(20e9))
    assert [g for g, _ in resent] == [ARM]


def test_a_frozen_scan_stream_goes_stale_scan_timeout_after_the_scan_was_taken() -> None:
    """A driver that repeats its last scan (same stamp) keeps no motion alive: the zones are as
    fresh as the data, not as the latest arrival."""
    shield = _shield()
    _drive(shield, 0.3, 0.0, 20)
    frozen = _scan(20 * PERIOD_NS)
    timeout_periods = math.ceil(LIMITS.scan_timeout_s / DT)
    out = None
    for k in range(21, 21 + timeout_periods + 2):
        t = k * PERIOD_NS
        try:
            shield.update_scan(frozen, t)  # repeated while its stamp is within the timeout, then refused
        except InputError:
            pass
        shield.accept(_cmd(0.3, 0.0, stamp=t), t)
        out = shield.step(t, DT)
    assert out is not None and out.twist == Twist2D(), "still driving on a frozen lidar"
    assert "scan_stale" in out.reasons


def test_low_obstacles_below_the_lidar_stop_the_base_while_fresh() -> None:
    """A slab the lidar passes over, seen in depth 5 cm beyond the front edge: forward motion is cut
    (reversing still allowed) while the low obstacles are fresh; once they are older than
    scan_timeout_s they lapse and the lidar's zones alone apply. Cells under the footprint (the
    robot stands there) and non-finite ones are left out; a stamp far from now is refused."""
    shield = _shield()
    _drive(shield, 0.5, 0.0, 60)
    t = 61 * PERIOD_NS
    slab = ((FRONT_EDGE_M + 0.05, 0.0), (FRONT_EDGE_M + 0.05, 0.05))
    shield.update_low_obstacles(slab, t, t)
    shield.update_scan(_scan(t), t)
    shield.accept(_cmd(0.5, 0.0), t)
    out = shield.step(t, DT)
    assert out.twist.vx_mps == 0.0 and "stop_zone" in out.reasons
    shield.accept(_cmd(-0.1, 0.0), t + PERIOD_NS)
    shield.update_scan(_scan(t + PERIOD_NS), t + PERIOD_NS)
    assert shield.step(t + PERIOD_NS, DT).twist.vx_mps < 0.0
    lapsed = t + round((LIMITS.scan_timeout_s + 0.05) * 1e9)
    outs = _drive(shield, 0.5, 0.0, 60, t0=lapsed)
    assert outs[-1].twist.vx_mps == pytest.approx(0.5) and not outs[-1].reasons
    now = lapsed + 61 * PERIOD_NS
    shield.update_low_obstacles(((0.0, 0.0), (math.nan, 0.0), (FRONT_EDGE_M + 1.0, math.inf)), now, now)
    outs = _drive(shield, 0.5, 0.0, 5, t0=now)
    assert outs[-1].twist.vx_mps == pytest.approx(0.5) and not outs[-1].reasons
    with pytest.raises(InputError, match="low obstacles stamp"):
        shield.update_low_obstacles(slab, now - round(10 * LIMITS.scan_timeout_s * 1e9), now)


def test_the_executor_leaves_out_the_low_obstacles_of_the_object_its_command_drives_to() -> None:
    """Approaching a cube to pick: its own cells are not an obstacle; another cube lying beside the
    path is."""
    from lam_core.datatypes import EMPTY_SCAN_SUMMARY, DetectedObject, Observation
    from lam_core.safety.executor import ExecutorCore

    arm = ArmSupervisor(ROBOT, arm_limits(CFG))
    core = ExecutorCore(SafetyShield(LIMITS), arm, DT)
    cube = DetectedObject("cube", "red", (FRONT_EDGE_M + 0.10, 0.0, 0.025), (0.05, 0.05, 0.05), 0.9)
    t = PERIOD_NS
    core.on_scan(_scan(t), t)
    assert core.on_command(ActionCommand(t, "approach", "red cube", base=Twist2D(0.1, 0.0), horizon_s=0.5), t) is None

    def obs(cells: tuple[tuple[float, float], ...]) -> Observation:
        return Observation(t, (), (cube,), EMPTY_SCAN_SUMMARY, None, 0.0, None, None, low_obstacles_m=cells)

    core.on_observation(obs(((FRONT_EDGE_M + 0.09, 0.0),)), t)
    assert core.control_tick(t).twist.vx_mps > 0.0, "its own cells"
    core.on_observation(obs(((FRONT_EDGE_M + 0.09, 0.0), (FRONT_EDGE_M + 0.05, -0.15))), t)
    t += PERIOD_NS
    core.on_scan(_scan(t), t)
    assert core.control_tick(t).twist.vx_mps == 0.0, "another object's cells"


def test_the_base_stops_short_of_touching_the_object_its_command_drives_to() -> None:
    """A bin to place into is a low obstacle the zones leave out, so the base can come within
    reach; but a cell of it within contact_margin_m of the footprint cuts the motion that would
    press into it (here, a cell just ahead of the front-left corner: forward, and the right turn
    that swings that corner forward), while reversing and turning away stay free."""
    from lam_core.datatypes import EMPTY_SCAN_SUMMARY, DetectedObject, Observation
    from lam_core.safety.executor import ExecutorCore

    half_width = LIMITS.footprint.half_width_m
    margin = LIMITS.contact_margin_m
    bin_ = DetectedObject("bin", "grey", (FRONT_EDGE_M + 0.17, half_width, 0.06), (0.3, 0.3, 0.12), 0.9)
    corner = (FRONT_EDGE_M + margin / 2, half_width)  # the bin's near corner, just ahead of the front-left corner

    def tick(vx: float, wz: float, cells: tuple[tuple[float, float], ...]) -> tuple[Twist2D, set[str]]:
        """The twist after 0.8 s of the command (vx, wz) with the bin's cells in every Observation,
        and the shield's interventions meanwhile."""
        core = ExecutorCore(SafetyShield(LIMITS), ArmSupervisor(ROBOT, arm_limits(CFG)), DT)
        for k in range(1, 41):
            t = k * PERIOD_NS
            core.on_scan(_scan(t), t)
            assert core.on_command(ActionCommand(t, "approach", "grey bin", base=Twist2D(vx, wz), horizon_s=0.5), t) is None
            core.on_observation(Observation(t, (), (bin_,), EMPTY_SCAN_SUMMARY, None, 0.0, None, None,
                                            low_obstacles_m=cells), t)
            out = core.control_tick(t)
        return out.twist, set(core.shield.interventions)

    far = (FRONT_EDGE_M + margin + 0.05, half_width)
    assert tick(0.1, 0.0, (far,))[0].vx_mps == pytest.approx(0.1), "within reach, not yet touching"
    twist, reasons = tick(0.1, 0.0, (corner,))
    assert twist.vx_mps == 0.0 and "target_contact" in reasons
    assert tick(-0.1, 0.0, (corner,))[0].vx_mps == pytest.approx(-0.1), "backing away"
    assert tick(0.0, -0.5, (corner,))[0].wz_radps == 0.0, "a right turn swings the front edge forward into it"
    assert tick(0.0, 0.5, (corner,))[0].wz_radps == pytest.approx(0.5), "a left turn swings it back"


def test_contact_state_blocks_only_the_motions_towards_a_point_near_the_edge() -> None:
    from lam_core.safety.shield import ContactState, contact_state

    fp = LIMITS.footprint
    m = 0.03

    def state(x: float, y: float) -> ContactState:
        return contact_state(np.array([x]), np.array([y]), fp, m, 0)

    ahead = state(fp.front_m + 0.01, 0.0)
    assert (ahead.forward, ahead.reverse, ahead.turn_left, ahead.turn_right) == (True, False, False, False)
    behind = state(fp.rear_m - 0.01, 0.0)
    assert (behind.forward, behind.reverse) == (False, True)
    left_of_front = state(fp.front_m - 0.05, fp.half_width_m + 0.01)
    assert (left_of_front.forward, left_of_front.turn_left, left_of_front.turn_right) == (False, True, False)
    left_of_rear = state(fp.rear_m + 0.05, fp.half_width_m + 0.01)
    assert (left_of_rear.turn_left, left_of_rear.turn_right) == (False, True)
    assert state(fp.front_m + 2 * m, 0.0) == contact_state(np.array([]), np.array([]), fp, m, 0), "beyond the margin"
    assert not state(0.0, 0.0).forward, "under the footprint: where the robot stands"
    diagonal = state(fp.front_m + 0.025, fp.half_width_m + 0.025)
    assert not diagonal.forward, "within the margin on each axis but not of the corner"
