"""Base safety shield: the one gate between any model's ActionCommand and /cmd_vel.

Pure and deterministic; the executor calls ``accept`` for each command, ``update_scan`` for each
raw lidar scan, and ``step`` once per control period. Guarantees, whatever the inputs:

* default-deny: a command with an unknown skill, non-finite or absurd velocities, or a bad horizon
  is rejected: never obeyed, counted, and without a valid command in force the base brakes to zero
  at emergency deceleration (merely fast commands are clamped to the limits). A rejected command
  does not cancel the valid command in force, which the watchdog still ends: a flood of malformed
  commands from another node on the domain cannot freeze a running goal;
* an action chunk (timed future twists) is judged whole: one bad element rejects the command, and
  each element in force is limited like a single twist;
* velocity limits on every published twist;
* acceleration limits on every change of a published twist (jerk-limited ramps in normal
  driving; emergency stops brake at ``emergency_decel_mps2``, which the config requires to reach
  zero from full speed within one control period);
* watchdog: no command received within ``command_timeout_s``, or a command older (by its stamp)
  than its own horizon, brings the base to zero at emergency deceleration;
* latched e-stop that only an explicit release clears;
* lidar zones around the footprint: in the stop zone motion towards the obstacle is cut within
  one control period, in the slow-down zone speed is capped; rotation stops when something is
  within the swept circle; no fresh scan means no motion. The low obstacles the depth camera sees
  below the lidar's plane (``update_low_obstacles``, from the Observation) count in the same zones
  while fresh; those of the object the command in force drives to (a cube to pick, a bin to place
  into) are kept apart by the executor, which knows what that object is: the base may come near
  them, but motion that brings the footprint towards one of them within ``contact_margin_m`` is cut
  (the base stops short of touching its own target).

Every intervention is counted by reason (``interventions``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from lam_core.datatypes import ActionCommand, Footprint, LaserScan, Point2, Twist2D
from lam_core.errors import ConfigError, InputError
from lam_core.skills import BASE_COMMAND_SKILLS, COMMAND_SKILLS, STOP_COMMAND_SKILLS

# Name of the shield's status in /diagnostics (its "interventions" value is the running total).
SHIELD_DIAGNOSTIC_NAME = "executor_node: shield"

MAX_HORIZON_S = 10.0
MAX_CHUNK_LENGTH = 200       # elements in one action chunk
MIN_CHUNK_PERIOD_S = 0.005   # spacing of a chunk's elements [s]

# Reasons that brake an axis at emergency deceleration instead of the normal jerk-limited ramp.
EMERGENCY_LINEAR = frozenset({"estop", "rejected", "command_timeout", "command_expired", "scan_stale", "stop_zone",
                              "target_contact"})
EMERGENCY_ANGULAR = frozenset({"estop", "rejected", "command_timeout", "command_expired", "scan_stale", "rotation_blocked",
                               "target_contact_turn"})
# Counted where they happen (set_estop, reject), not per control period.
_COUNTED_ELSEWHERE = frozenset({"estop", "rejected"})


@dataclass(frozen=True)
class ShieldLimits:
    """Hard limits, loaded from config/ only (no code defaults)."""

    control_period_s: float
    max_vx_mps: float
    max_reverse_mps: float
    max_wz_radps: float
    max_accel_mps2: float
    max_decel_mps2: float
    max_jerk_mps3: float
    max_alpha_radps2: float
    max_yaw_jerk_radps3: float
    emergency_decel_mps2: float
    emergency_yaw_decel_radps2: float
    command_timeout_s: float
    footprint: Footprint
    laser_xy_m: tuple[float, float]   # laser_link origin in base_link (laser axes = base_link axes)
    stop_margin_m: float              # stop zone: this far beyond the footprint edge
    slow_margin_m: float              # slow-down zone: this far beyond the footprint edge
    slow_speed_mps: float             # speed cap inside the slow-down zone
    turn_margin_m: float              # no turning with anything within swept radius + this
    contact_margin_m: float           # no motion towards the commanded target's cells within this of the footprint
    scan_timeout_s: float             # no motion when the newest scan is older than this
    absurd_factor: float              # commands beyond this multiple of a velocity limit are rejected, not clamped

    def __post_init__(self) -> None:
        fastest = max(self.max_vx_mps, self.max_reverse_mps)
        if self.emergency_decel_mps2 * self.control_period_s < fastest:
            raise ConfigError(
                f"emergency_decel_mps2={self.emergency_decel_mps2} cannot stop {fastest} m/s within one control "
                f"period ({self.control_period_s * 1e3:.0f} ms)"
            )
        if self.emergency_yaw_decel_radps2 * self.control_period_s < self.max_wz_radps:
            raise ConfigError("emergency_yaw_decel_radps2 cannot stop max_wz_radps within one control period")
        if not 0.0 < self.stop_margin_m < self.slow_margin_m:
            raise ConfigError("the stop zone must lie inside the slow-down zone (0 < stop_margin_m < slow_margin_m)")


@dataclass(frozen=True)
class ZoneState:
    """What the newest scan says about the space around the footprint [m beyond its edge]."""

    stamp_ns: int              # when the scan was taken (zone_state) or received (the shield's copy)
    front_clearance_m: float   # nearest return ahead of the front edge, within the footprint's width
    rear_clearance_m: float    # nearest return behind the rear edge, within the footprint's width
    turn_clearance_m: float    # nearest return to the swept circle (negative: inside it)


@dataclass(frozen=True)
class ContactState:
    """Which motions would bring the footprint towards a point within the contact margin of its
    edge (the commanded target's own low obstacles, which the zones leave out)."""

    stamp_ns: int
    forward: bool = False
    reverse: bool = False
    turn_left: bool = False   # wz > 0
    turn_right: bool = False  # wz < 0

    def blocks(self, vx: float, wz: float) -> tuple[bool, bool]:
        """(linear blocked, angular blocked) for the command (vx, wz)."""
        linear = (vx > 0.0 and self.forward) or (vx < 0.0 and self.reverse)
        angular = (wz > 0.0 and self.turn_left) or (wz < 0.0 and self.turn_right)
        return linear, angular


@dataclass(frozen=True)
class ShieldOutput:
    twist: Twist2D
    reasons: tuple[str, ...]  # interventions applied this period (empty when passed through)


def zone_state(scan: LaserScan, footprint: Footprint, laser_xy_m: tuple[float, float]) -> ZoneState:
    """Clearances around the footprint from a raw scan. Returns below range_min, non-finite and
    beyond range_max are no returns."""
    r = np.asarray(scan.ranges_m, dtype=np.float64)
    ok = np.isfinite(r) & (r >= scan.range_min_m) & (r <= scan.range_max_m)
    angles = scan.angle_min_rad + scan.angle_increment_rad * np.arange(len(r))
    x = laser_xy_m[0] + r[ok] * np.cos(angles[ok])
    y = laser_xy_m[1] + r[ok] * np.sin(angles[ok])
    return points_zone_state(x, y, footprint, scan.stamp_ns)


def points_zone_state(x: np.ndarray, y: np.ndarray, footprint: Footprint, stamp_ns: int) -> ZoneState:
    """Clearances around the footprint from obstacle points (x, y) in base_link [m]."""
    beside = np.abs(y) <= footprint.half_width_m + 0.05
    ahead = beside & (x >= 0.0)
    behind = beside & (x < 0.0)
    front = float(np.min(x[ahead] - footprint.front_m)) if ahead.any() else math.inf
    rear = float(np.min(footprint.rear_m - x[behind])) if behind.any() else math.inf
    turn = float(np.min(np.hypot(x, y)) - footprint.swept_radius_m) if x.size else math.inf
    return ZoneState(stamp_ns, front, rear, turn)


def contact_state(x: np.ndarray, y: np.ndarray, footprint: Footprint, margin_m: float, stamp_ns: int) -> ContactState:
    """The motions blocked by points (x, y) in base_link [m] lying outside the footprint and within
    margin_m of its edge: a motion is blocked when it moves the footprint's point nearest to such a
    point towards it (forward for a point beyond the front edge, a left turn for a point to the
    left of the front half or to the right of the rear half, ...)."""
    outside = ~footprint.contains(x, y)
    near = outside & footprint.contains(x, y, margin_m)
    if not near.any():
        return ContactState(stamp_ns)
    px, py = x[near], y[near]
    qx = np.clip(px, footprint.rear_m, footprint.front_m)
    qy = np.clip(py, -footprint.half_width_m, footprint.half_width_m)
    dx, dy = px - qx, py - qy
    inside_margin = np.hypot(dx, dy) <= margin_m
    if not inside_margin.any():
        return ContactState(stamp_ns)
    dx, dy, qx, qy = dx[inside_margin], dy[inside_margin], qx[inside_margin], qy[inside_margin]
    towards_left = -qy * dx + qx * dy  # (d . velocity of q for wz = +1 rad/s)
    return ContactState(stamp_ns, bool((dx > 0.0).any()), bool((dx < 0.0).any()),
                        bool((towards_left > 0.0).any()), bool((towards_left < 0.0).any()))


def _finite_points(points_m: tuple[Point2, ...]) -> tuple[np.ndarray, np.ndarray]:
    pts = np.asarray(points_m, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    return pts[:, 0], pts[:, 1]


def _ramp(v: float, a: float, target: float, up: float, down: float, jerk: float, dt: float) -> tuple[float, float]:
    """One jerk-limited step of velocity ``v`` (acceleration ``a``) towards ``target``. ``up``
    bounds the acceleration while speeding up, ``down`` while slowing down; the bounds are hard,
    the jerk limit yields to them."""
    err = target - v
    if err == 0.0 or dt <= 0.0:
        return v, 0.0 if err == 0.0 else a
    speeding_up = abs(target) > abs(v) and target * v >= 0.0
    bound = up if speeding_up else down
    a_des = math.copysign(min(bound, math.sqrt(2.0 * jerk * abs(err)), abs(err) / dt), err)
    a_new = a + min(max(a_des - a, -jerk * dt), jerk * dt)
    v_new = v + a_new * dt
    if (target - v_new) * err < 0.0:  # would overshoot
        v_new = target
    dv_max = (up if abs(v_new) > abs(v) and v_new * v >= 0.0 else down) * dt
    v_new = v + min(max(v_new - v, -dv_max), dv_max)
    return v_new, (v_new - v) / dt


def _brake(v: float, decel: float, dt: float) -> float:
    """Towards zero at ``decel``."""
    step = decel * dt
    return 0.0 if abs(v) <= step else v - math.copysign(step, v)


class SafetyShield:
    """Call ``accept`` for each incoming command, ``update_scan`` for each scan and ``step`` once
    per control period."""

    def __init__(self, limits: ShieldLimits) -> None:
        self.limits = limits
        self.interventions: Counter[str] = Counter()
        self._command: ActionCommand | None = None
        self._received_ns = -1
        self._estop = False
        self._zones: ZoneState | None = None
        self._low_zones: ZoneState | None = None  # of the low obstacles (update_low_obstacles)
        self._contacts: ContactState | None = None  # of the commanded target's low obstacles
        self._last = Twist2D()
        self._accel = (0.0, 0.0)
        self._active: set[str] = set()
        self._rejected = False  # a rejection brakes like an emergency in the next period
        self._braking = False  # an emergency stop is under way and no new command has come

    @property
    def estopped(self) -> bool:
        return self._estop

    @property
    def total_interventions(self) -> int:
        return sum(self.interventions.values())

    @property
    def command(self) -> ActionCommand | None:
        """The command in force (None after a stop, rejection, timeout or e-stop)."""
        return self._command

    @property
    def last_twist(self) -> Twist2D:
        return self._last

    def set_estop(self, engaged: bool) -> None:
        """Engage (latched) or explicitly release the e-stop."""
        if engaged and not self._estop:
            self.interventions["estop"] += 1
        self._estop = engaged
        if engaged:
            self._command = None

    def update_scan(self, scan: LaserScan, now_ns: int) -> None:
        """Take a raw scan received at now_ns. InputError (and the scan is ignored, so the zones
        go stale) when its stamp is not within scan_timeout_s of now or most rays are NaN. The
        zones stay fresh until scan_timeout_s after the scan's stamp."""
        age_s = (now_ns - scan.stamp_ns) * 1e-9
        if abs(age_s) > self.limits.scan_timeout_s:
            raise InputError(f"scan stamp is {age_s:+.3f} s from now")
        ranges = np.asarray(scan.ranges_m)
        if ranges.size == 0 or np.count_nonzero(np.isnan(ranges)) > ranges.size // 2:
            raise InputError(f"scan has {ranges.size} rays, mostly NaN or none")
        zones = zone_state(scan, self.limits.footprint, self.limits.laser_xy_m)
        # Fresh by the scan's own stamp, not by when it arrived: a stream that repeats an old scan
        # or delivers late goes stale scan_timeout_s after the data was taken.
        self._zones = ZoneState(scan.stamp_ns, zones.front_clearance_m, zones.rear_clearance_m, zones.turn_clearance_m)

    def update_low_obstacles(self, cells_m: tuple[Point2, ...], stamp_ns: int, now_ns: int,
                             target_cells_m: tuple[Point2, ...] = ()) -> None:
        """Take the low obstacles (base_link [m]) of an Observation stamped stamp_ns, received at
        now_ns: the zones hold them like scan returns until scan_timeout_s after that stamp, and
        then lapse (the scan's zones stay; a silent fusion stops the planner, and with it the base).
        ``target_cells_m`` are those of the object the command drives to: no zone, only no motion
        towards one within contact_margin_m of the footprint. Cells under the footprint are left
        out: the robot stands there. InputError (ignored) when the stamp is not within
        scan_timeout_s of now."""
        age_s = (now_ns - stamp_ns) * 1e-9
        if abs(age_s) > self.limits.scan_timeout_s:
            raise InputError(f"low obstacles stamp is {age_s:+.3f} s from now")
        x, y = _finite_points(cells_m)
        outside = ~self.limits.footprint.contains(x, y)
        self._low_zones = points_zone_state(x[outside], y[outside], self.limits.footprint, stamp_ns)
        tx, ty = _finite_points(target_cells_m)
        self._contacts = contact_state(tx, ty, self.limits.footprint, self.limits.contact_margin_m, stamp_ns)

    def accept(self, command: ActionCommand, now_ns: int) -> str | None:
        """Take a new command. Returns a rejection reason (the command is then a stop), or None."""
        reason = self.validate(command)
        if reason is not None:
            return self.reject(reason, now_ns)
        self._received_ns = now_ns
        if command.stamp_ns > now_ns + int(self.limits.command_timeout_s * 1e9):
            return self.reject(f"command stamp {(command.stamp_ns - now_ns) * 1e-9:+.3f} s in the future", now_ns)
        if self._estop:
            self._command = None
            return "e-stop engaged"
        self._command = command
        return None

    def reject(self, reason: str, now_ns: int) -> str:
        """A command judged unacceptable (here or by the arm supervisor): counted, never obeyed;
        with no valid command in force the base brakes at emergency deceleration."""
        self.interventions["rejected"] += 1
        if self._command is None:
            self._received_ns = now_ns
            self._rejected = True
        return reason

    def validate(self, command: ActionCommand) -> str | None:
        """Why the base part of a command is unacceptable, or None."""
        lim = self.limits
        if command.skill not in COMMAND_SKILLS:
            return f"unknown skill {command.skill!r}"
        for index, twist in enumerate((command.base, *command.chunk)):
            where = "base velocity" if index == 0 else f"chunk element {index - 1}"
            if not twist.is_finite():
                return f"non-finite {where}"
            vx, wz = twist.vx_mps, twist.wz_radps
            if abs(vx) > lim.absurd_factor * lim.max_vx_mps or abs(wz) > lim.absurd_factor * lim.max_wz_radps:
                return f"absurd {where} ({vx:.3g} m/s, {wz:.3g} rad/s) beyond {lim.absurd_factor:g}x the limits"
        if not math.isfinite(command.horizon_s) or not 0.0 <= command.horizon_s <= MAX_HORIZON_S:
            return f"invalid horizon {command.horizon_s} s (0..{MAX_HORIZON_S})"
        return self._chunk_problem(command)

    @staticmethod
    def _chunk_problem(command: ActionCommand) -> str | None:
        """Why a command's action chunk is malformed, or None (also for no chunk)."""
        if not command.chunk:
            return None if command.chunk_period_s == 0.0 else "chunk_period_s without a chunk"
        if len(command.chunk) > MAX_CHUNK_LENGTH:
            return f"action chunk of {len(command.chunk)} elements (at most {MAX_CHUNK_LENGTH})"
        period = command.chunk_period_s
        if not math.isfinite(period) or not MIN_CHUNK_PERIOD_S <= period <= MAX_HORIZON_S:
            return f"invalid chunk period {period} s ({MIN_CHUNK_PERIOD_S}..{MAX_HORIZON_S})"
        if command.base != command.chunk[0]:
            return "base velocity differs from the chunk's first element"
        return None

    @staticmethod
    def _expired(command: ActionCommand, now_ns: int) -> bool:
        """A stamped command older than its own horizon is stale (a publisher may repeat a
        decision, but not beyond the horizon its maker gave it)."""
        return command.stamp_ns > 0 and command.horizon_s > 0.0 and (now_ns - command.stamp_ns) * 1e-9 > command.horizon_s

    def _count(self, reasons: list[str]) -> None:
        """Count each intervention once per episode of it (not once per control period)."""
        now = set(reasons)
        for r in now - self._active:
            if r not in _COUNTED_ELSEWHERE:
                self.interventions[r] += 1
        self._active = now

    def step(self, now_ns: int, dt_s: float) -> ShieldOutput:
        """The twist to publish for this control period; dt_s is the time since the last one."""
        lim = self.limits
        dt = min(max(dt_s, 0.0), lim.control_period_s)
        reasons: list[str] = []
        target = Twist2D()
        silent_stop = False  # the last command was a stop and then the planner fell silent: brake now
        if self._estop:
            reasons.append("estop")
        elif self._rejected:
            reasons.append("rejected")
        elif self._command is None:
            pass
        elif (now_ns - self._received_ns) * 1e-9 > lim.command_timeout_s:
            if self._command.skill not in STOP_COMMAND_SKILLS:
                reasons.append("command_timeout")
            else:
                silent_stop = True  # not an intervention: the planner asked for a stop anyway
            self._command = None
        elif self._expired(self._command, now_ns):
            reasons.append("command_expired")
            self._command = None
        elif self._command.skill in BASE_COMMAND_SKILLS:
            target = self._command.base_at(now_ns)
        vx = min(max(target.vx_mps, -lim.max_reverse_mps), lim.max_vx_mps)
        wz = min(max(target.wz_radps, -lim.max_wz_radps), lim.max_wz_radps)
        if (vx, wz) != (target.vx_mps, target.wz_radps):
            reasons.append("velocity_limit")
        vx, wz = self._apply_zones(now_ns, vx, wz, reasons)
        active = set(reasons)
        prev = self._last
        # Once braking for a lost or refused command, keep braking until at rest: a tick with a
        # short dt (timer jitter, sim clock steps) must not hand the rest to the gentle ramps.
        braking_on = self._braking and self._command is None
        emergency_linear = bool(active & EMERGENCY_LINEAR) or silent_stop or braking_on
        emergency_angular = bool(active & EMERGENCY_ANGULAR) or silent_stop or braking_on
        if emergency_linear:
            new_vx, ax = _brake(prev.vx_mps, lim.emergency_decel_mps2, dt), 0.0
        else:
            new_vx, ax = _ramp(prev.vx_mps, self._accel[0], vx, lim.max_accel_mps2, lim.max_decel_mps2, lim.max_jerk_mps3, dt)
        if emergency_angular:
            new_wz, aw = _brake(prev.wz_radps, lim.emergency_yaw_decel_radps2, dt), 0.0
        else:
            new_wz, aw = _ramp(prev.wz_radps, self._accel[1], wz, lim.max_alpha_radps2, lim.max_alpha_radps2,
                               lim.max_yaw_jerk_radps3, dt)
        self._rejected = False
        self._last = Twist2D(new_vx, new_wz)
        self._braking = (emergency_linear or emergency_angular) and self._last != Twist2D()
        self._accel = (ax, aw)
        self._count(reasons)
        return ShieldOutput(self._last, tuple(reasons))

    def _apply_zones(self, now_ns: int, vx: float, wz: float, reasons: list[str]) -> tuple[float, float]:
        """Cap (vx, wz) by the zones of the lidar and of the low obstacles; appends the reasons."""
        if vx == 0.0 and wz == 0.0:
            return vx, wz
        lim = self.limits
        zones = self._zones
        if zones is None or (now_ns - zones.stamp_ns) * 1e-9 > lim.scan_timeout_s:
            reasons.append("scan_stale")
            return 0.0, 0.0
        low = self._low_zones
        if low is not None and (now_ns - low.stamp_ns) * 1e-9 <= lim.scan_timeout_s:
            zones = ZoneState(zones.stamp_ns, min(zones.front_clearance_m, low.front_clearance_m),
                              min(zones.rear_clearance_m, low.rear_clearance_m), min(zones.turn_clearance_m, low.turn_clearance_m))
        clearance = zones.front_clearance_m if vx > 0.0 else zones.rear_clearance_m if vx < 0.0 else math.inf
        if clearance <= lim.stop_margin_m:
            reasons.append("stop_zone")
            vx = 0.0
        elif clearance <= lim.slow_margin_m and abs(vx) > lim.slow_speed_mps:
            reasons.append("slow_zone")
            vx = math.copysign(lim.slow_speed_mps, vx)
        if wz != 0.0 and zones.turn_clearance_m <= lim.turn_margin_m:
            reasons.append("rotation_blocked")
            wz = 0.0
        contacts = self._contacts
        if contacts is not None and (now_ns - contacts.stamp_ns) * 1e-9 <= lim.scan_timeout_s:
            linear, angular = contacts.blocks(vx, wz)
            if linear:
                reasons.append("target_contact")
                vx = 0.0
            if angular:
                reasons.append("target_contact_turn")
                wz = 0.0
        return vx, wz
