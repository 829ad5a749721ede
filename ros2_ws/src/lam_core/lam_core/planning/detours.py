"""Detours round what the robot was asked to keep away from ("go to the bottle, but don't pass near the bin",
"avoid the grey cone", then "go to the far ball"): a plan's drives are checked leg by leg, as straight lines
from where each step ends, and a waypoint beside a kept object is put before a leg that passes too near it.

Frames: objects are in base_link at the goal's start (x ahead, y left [m]); pose targets are in odom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lam_core.datatypes import DetectedObject, PlanStep
from lam_core.geometry import into_frame, out_of_frame, segment_distance_m
from lam_core.language.motion_rules import StartPose
from lam_core.language.places import outline_radius_m
from lam_core.skills import motion_target, pose_target, pose_target_text

# The gap kept between the robot's outline and a kept object's outline on a detour [m]
KEEP_AWAY_GAP_M = 0.25
# How many times a leg is split round kept objects at most
_MAX_DEPTH = 2
# How a waypoint step's description starts (its leg is not checked again: it was made clear)
DETOUR_DESCRIPTION = "round the"
# The steps that drive the base to an object, ending in front of it
_TO_AN_OBJECT = ("navigate_to", "approach")


def round_kept_objects(steps: Sequence[PlanStep], kept: Sequence[DetectedObject], objects: Sequence[DetectedObject],
                       start: StartPose, robot_radius_m: float) -> tuple[tuple[PlanStep, ...], tuple[str, ...]]:
    """``steps`` with a navigate_to(pose) waypoint before each leg whose straight line passes a ``kept`` object
    nearer than its outline, the robot's radius and KEEP_AWAY_GAP_M together, and what was added, as notes.
    A leg to the kept object itself is left alone (refusing it is the prohibition's business); checking stops at
    the first turn or relative drive, whose end depends on the heading then."""
    if not kept:
        return tuple(steps), ()
    by_id = {o.track_id: o for o in objects if o.track_id}
    here = (0.0, 0.0)
    out: list[PlanStep] = []
    notes: list[str] = []
    for at, step in enumerate(steps):
        end, target = _leg_end(step, here, by_id, start, robot_radius_m)
        if end is None:
            out.append(step)
            if motion_target(step.target) is not None:
                out.extend(steps[at + 1 :])
                break
            continue
        if is_routable(step):  # a waypoint already made is passed, not routed again
            avoid = [o for o in kept if target is None or o.track_id != target.track_id]
            others = [o for o in objects if o not in avoid and (target is None or o.track_id != target.track_id)]
            for point, passed in _waypoints(here, end, avoid, others, robot_radius_m):
                odom = out_of_frame(start.x_m, start.y_m, start.yaw_rad, *point)
                why = f"{DETOUR_DESCRIPTION} {passed.name} you asked me to keep away from"
                out.append(PlanStep("navigate_to", pose_target_text(*odom), why, step.timeout_s, max_speed_mps=step.max_speed_mps))
                notes.append(f"going round the {passed.name} on the way, as you asked me to keep away from it")
        out.append(step)
        here = end
    return tuple(out), tuple(dict.fromkeys(notes))


def is_routable(step: PlanStep) -> bool:
    """Whether a step drives the base somewhere a detour could be needed on the way (not a waypoint of one)."""
    return (step.skill in _TO_AN_OBJECT or (step.skill == "navigate_to" and pose_target(step.target) is not None)) and \
        not step.description.startswith(DETOUR_DESCRIPTION)


def _leg_end(step: PlanStep, here: tuple[float, float], by_id: dict[str, DetectedObject], start: StartPose,
             robot_radius_m: float) -> tuple[tuple[float, float] | None, DetectedObject | None]:
    """Where ``step`` takes the base (base_link at the goal's start) and the object it drives to; (None, None)
    for a step that does not drive the base somewhere known (search, pick, place, stop, a turn)."""
    point = pose_target(step.target)
    if step.skill == "navigate_to" and point is not None:
        return into_frame(start.x_m, start.y_m, start.yaw_rad, *point), None
    if step.skill not in _TO_AN_OBJECT:
        return None, None
    named = [o for o in by_id.values() if o.name == step.target]
    target = by_id.get(step.object_id) or (min(named, key=lambda o: math.dist(here, o.position_m[:2]))  # planned before it was seen
                                           if named and not step.object_id else None)
    if target is None:
        return None, None
    tx, ty = target.position_m[0], target.position_m[1]
    gap = math.hypot(tx - here[0], ty - here[1])
    short = min(gap, outline_radius_m(target) + robot_radius_m)  # the skills stop in front of the object
    if gap < 1e-6:
        return here, target
    return (tx - (tx - here[0]) / gap * short, ty - (ty - here[1]) / gap * short), target


def _waypoints(a: tuple[float, float], b: tuple[float, float], kept: Sequence[DetectedObject], others: Sequence[DetectedObject],
               robot_radius_m: float, depth: int = 0, gone_round: dict[str, tuple[float, float]] | None = None,
               ) -> list[tuple[tuple[float, float], DetectedObject]]:
    """Points to pass, in order, on the way from ``a`` to ``b`` so that no leg comes too near a kept object, each
    with the object it goes round: two beside each such object, before and after it along the leg, on the side
    the leg passes it unless an ``other`` object stands there; an object already gone round (``gone_round``: its
    track id -> a waypoint beside it) is gone round on the same side again."""
    hit = _nearest_too_near(a, b, kept, robot_radius_m) if depth < _MAX_DEPTH else None
    if hit is None:
        return []
    beside_before = (gone_round or {}).get(hit.track_id)
    if beside_before is not None:
        sides = [_beside(a, b, hit, [hit], robot_radius_m, other_side) for other_side in (False, True)]
        before, after = min(sides, key=lambda pair: math.dist(pair[0], beside_before))
    else:  # beside it alone, else round the kept objects too close to it to pass between, else round everything there
        groups = ([hit], _close_together(hit, kept, robot_radius_m), _close_together(hit, [*kept, *others], robot_radius_m))
        ways = [_beside(a, b, hit, group, robot_radius_m, other_side) for group in groups for other_side in (False, True)]
        before, after = next((pair for pair in ways if not any(
            _on(point, others, robot_radius_m) or _within_clearance(point, kept, robot_radius_m) for point in pair)), ways[0])
    gone_round = {**(gone_round or {}), hit.track_id: before}
    return [*_waypoints(a, before, kept, others, robot_radius_m, depth + 1, gone_round), (before, hit), (after, hit),
            *_waypoints(after, b, kept, others, robot_radius_m, depth + 1, gone_round)]


def _within_clearance(point: tuple[float, float], kept: Sequence[DetectedObject], robot_radius_m: float) -> bool:
    """Whether the robot at ``point`` would be nearer a kept object than its clearance."""
    return any(math.dist(point, (o.position_m[0], o.position_m[1])) < _clearance_m(o, robot_radius_m) - 1e-3 for o in kept)


def _on(point: tuple[float, float], objects: Sequence[DetectedObject], robot_radius_m: float) -> bool:
    """Whether the robot at ``point`` would stand against one of ``objects``."""
    return any(math.dist(point, (o.position_m[0], o.position_m[1])) < outline_radius_m(o) + robot_radius_m for o in objects)


def _clearance_m(obj: DetectedObject, robot_radius_m: float) -> float:
    return outline_radius_m(obj) + robot_radius_m + KEEP_AWAY_GAP_M


def _nearest_too_near(p: tuple[float, float], q: tuple[float, float], kept: Sequence[DetectedObject],
                      robot_radius_m: float) -> DetectedObject | None:
    """The kept object the straight leg p->q passes nearest, inside its clearance, before the leg's end; None when
    it passes none (an object the leg comes nearest only at its end, beside where the step stops, or that the leg
    starts inside the clearance of, is no detour's)."""
    near = []
    for obj in kept:
        c = (obj.position_m[0], obj.position_m[1])
        gap = segment_distance_m(c, p, q)
        if gap >= _clearance_m(obj, robot_radius_m) - 1e-3 or math.isclose(gap, math.dist(c, q), abs_tol=1e-3) or \
                math.dist(c, p) < _clearance_m(obj, robot_radius_m):  # already near it where the leg starts: no waypoint helps
            continue
        near.append((gap, obj))
    return min(near, key=lambda item: item[0])[1] if near else None


def _beside(p: tuple[float, float], q: tuple[float, float], obj: DetectedObject, group: Sequence[DetectedObject],
            robot_radius_m: float, other_side: bool = False) -> tuple[tuple[float, float], tuple[float, float]]:
    """Two points beside ``obj`` and the kept objects standing too close together with it to pass between
    (``group``, ``obj`` among them) at their clearance, off the leg p->q on the side the leg already passes
    ``obj`` (the other with ``other_side``): one level with the group's near edge along the leg, one with its far edge."""
    cx, cy = obj.position_m[0], obj.position_m[1]
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    side = ux * (cy - p[1]) - uy * (cx - p[0])  # > 0: the object is left of the leg, so pass on its right
    nx, ny = (uy, -ux) if (side >= 0) != other_side else (-uy, ux)
    offsets = [((o.position_m[0] - cx) * nx + (o.position_m[1] - cy) * ny, (o.position_m[0] - cx) * ux + (o.position_m[1] - cy) * uy, o)
               for o in group]
    reach = max(across + _clearance_m(o, robot_radius_m) for across, _, o in offsets) + 0.05
    near_edge = min(along - outline_radius_m(o) for _, along, o in offsets)
    far_edge = max(along + outline_radius_m(o) for _, along, o in offsets)
    return ((round(cx + nx * reach + ux * near_edge, 2), round(cy + ny * reach + uy * near_edge, 2)),
            (round(cx + nx * reach + ux * far_edge, 2), round(cy + ny * reach + uy * far_edge, 2)))


def _close_together(obj: DetectedObject, kept: Sequence[DetectedObject], robot_radius_m: float) -> list[DetectedObject]:
    """``obj`` and the kept objects it stands too close to for the robot to pass between them keeping its
    clearance from both, and those they stand too close to, and so on (a row of cans said "any cans")."""
    group = [obj]
    for member in group:
        group += [o for o in kept if all(o is not g for g in group) and math.dist(o.position_m[:2], member.position_m[:2]) <
                  _clearance_m(o, robot_radius_m) + _clearance_m(member, robot_radius_m)]
    return group
