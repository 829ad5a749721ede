"""Straight drives checked against the objects in view before they are planned.

A drive said as a distance ("drive 2 m forward") goes straight along the heading it starts on, as a
drive-on-heading behaviour does: when an object in view lies on the strip the footprint sweeps, the
drive is refused with the object named and the distance that is clear, instead of leaving the
safety shield to stop the base in front of it. Only the drives that start a plan, before any turn,
are checked, in base_link at planning time: a turn and a drive are a place said as an offset after
another step ("go to the box, then the spot 2 m ahead and 0.5 m to the left"; said first, it is a
point goal), and after a drive to an object or a point the robot's pose is not known here. The shield guards every step.
"""

from __future__ import annotations

from collections.abc import Sequence

from lam_core.datatypes import DetectedObject, Footprint, PlanStep
from lam_core.skills import motion_target, wait_target

# Left between the footprint's front and an object when a drive is said to stop short of it [m]
CLEARANCE_AHEAD_M = 0.1
# Kept either side of the footprint's sides on a straight drive [m]
SIDE_MARGIN_M = 0.05


def blocked_drive(steps: Sequence[PlanStep], objects: Sequence[DetectedObject], footprint: Footprint) -> str:
    """Why the first straight drive of ``steps`` cannot be driven (an object in view on its way),
    or '' when the way is clear or the plan starts with a step whose end pose is not known here.
    Object positions are in base_link [m]; turns and drives are relative [rad], [m]."""
    x_m = 0.0
    for step in steps:
        if step.skill == "stop" or wait_target(step.target) is not None:
            continue
        motion = motion_target(step.target) if step.skill == "navigate_to" else None
        if motion is None or motion[0] == "turn":
            return ""
        amount = motion[1]
        hit = _first_in_the_way(x_m, amount, objects, footprint)
        if hit is not None:
            obj, along_m = hit
            lead_m = footprint.front_m if amount > 0 else -footprint.rear_m  # the edge of the footprint that goes first
            clear_m = max(0.0, along_m - _half_extent_m(obj) - lead_m - CLEARANCE_AHEAD_M)
            way = "ahead" if amount > 0 else "behind me"
            shorter = f"say a shorter drive (up to {clear_m:.1f} m) or " if clear_m >= 0.1 else ""
            return (f"driving {abs(amount):.1f} m straight {'ahead' if amount > 0 else 'back'} would take me into the "
                    f"{obj.name}, {along_m:.1f} m {way} on that line; {shorter}name a place to go to and I go round it")
        x_m += amount
    return ""


def _half_extent_m(obj: DetectedObject) -> float:
    """Half the larger horizontal side of an object [m]."""
    return max(obj.size_m[0], obj.size_m[1]) / 2


def _first_in_the_way(x_m: float, distance_m: float, objects: Sequence[DetectedObject],
                      footprint: Footprint) -> tuple[DetectedObject, float] | None:
    """The nearest object whose outline meets the strip the footprint sweeps driving ``distance_m``
    along base_link x (negative: backwards) from (x_m, 0), with its distance along the drive [m]."""
    sign = 1.0 if distance_m >= 0 else -1.0
    lead_m = footprint.front_m if sign > 0 else -footprint.rear_m
    found: list[tuple[float, DetectedObject]] = []
    for obj in objects:
        along, across = (obj.position_m[0] - x_m) * sign, obj.position_m[1]
        reach = _half_extent_m(obj)
        beside = abs(across) >= footprint.half_width_m + SIDE_MARGIN_M + reach
        if not beside and lead_m < along + reach and along - reach < abs(distance_m) + lead_m:
            found.append((along, obj))
    if not found:
        return None
    along, obj = min(found, key=lambda f: f[0])
    return obj, along
