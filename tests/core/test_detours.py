"""Detours round what the robot was asked to keep away from (lam_core.planning.detours): each leg of a plan's
drives, as a straight line from where the step before ends, keeps its clearance from a kept object."""

from __future__ import annotations

import math

import pytest

from lam_core.datatypes import DetectedObject, PlanStep
from lam_core.geometry import into_frame, segment_distance_m
from lam_core.language.motion_rules import StartPose
from lam_core.language.places import outline_radius_m
from lam_core.planning.detours import KEEP_AWAY_GAP_M, round_kept_objects
from lam_core.skills import pose_target
from lam_core.vocabulary import LABEL_SIZES_M

ROBOT_RADIUS_M = 0.3


def obj(color: str, label: str, x: float, y: float, track: str) -> DetectedObject:
    size = LABEL_SIZES_M[label]
    return DetectedObject(label, color, (x, y, size[2] / 2), size, 0.9, track)


BIN = obj("black", "bin", 2.2, 0.2, "black-bin")
BOTTLE = obj("white", "bottle", 3.0, 0.6, "white-bottle")
BALL = obj("blue", "ball", 2.0, 1.2, "blue-ball")
ROOM = (BIN, BOTTLE, BALL, obj("red", "can", 0.9, 0.5, "red-can"))


def _step(skill: str, target: str, object_id: str = "") -> PlanStep:
    return PlanStep(skill, target, f"{skill} {target}", 60.0, object_id=object_id)


def _points(steps: tuple[PlanStep, ...], start: StartPose) -> list[tuple[float, float]]:
    """The waypoints of ``steps`` in base_link at ``start``."""
    return [into_frame(start.x_m, start.y_m, start.yaw_rad, *p) for s in steps if (p := pose_target(s.target)) is not None]


def test_a_drive_past_a_kept_object_goes_round_it_and_every_leg_keeps_its_clearance() -> None:
    """The straight line to the bottle passes 0.24 m from the bin's centre; the legs round it keep the bin's outline,
    the robot's radius and the gap clear, on the side away from the ball."""
    steps, notes = round_kept_objects((_step("navigate_to", "white bottle", "white-bottle"),), (BIN,), ROOM, StartPose(),
                                      ROBOT_RADIUS_M)
    assert steps[-1].target == "white bottle" and len(steps) > 1
    assert notes == ("going round the black bin on the way, as you asked me to keep away from it",)
    waypoints = _points(steps, StartPose())
    clearance = outline_radius_m(BIN) + ROBOT_RADIUS_M + KEEP_AWAY_GAP_M
    legs = list(zip([(0.0, 0.0), *waypoints[:-1]], waypoints, strict=True))
    assert all(segment_distance_m((2.2, 0.2), a, b) >= clearance - 0.01 for a, b in legs)
    assert all(math.dist(p, (2.0, 1.2)) > outline_radius_m(BALL) + ROBOT_RADIUS_M for p in waypoints)


def test_waypoints_are_in_odom_from_where_the_goal_starts() -> None:
    """The same drive from odom (1, 2) facing +y: the waypoints are the base_link ones turned and moved there."""
    start = StartPose(1.0, 2.0, math.pi / 2)
    here = _points(round_kept_objects((_step("navigate_to", "white bottle", "white-bottle"),), (BIN,), ROOM, StartPose(),
                                      ROBOT_RADIUS_M)[0], StartPose())
    there = round_kept_objects((_step("navigate_to", "white bottle", "white-bottle"),), (BIN,), ROOM, start, ROBOT_RADIUS_M)[0]
    odom = [p for s in there if (p := pose_target(s.target)) is not None]
    assert [c for p in odom for c in p] == pytest.approx([c for x, y in here for c in (1.0 - y, 2.0 + x)], abs=0.011)


@pytest.mark.parametrize("steps", [
    (_step("navigate_to", "red can", "red-can"),),  # nowhere near the bin
    (_step("navigate_to", "black bin", "black-bin"),),  # to the kept object itself: the prohibition's business
    (_step("navigate_to", "turn 1.57"), _step("navigate_to", "white bottle", "white-bottle")),  # after a turn: the heading is not known
    (_step("search", "white bottle"),),
])
def test_legs_that_pass_nothing_kept_or_cannot_be_known_are_left_alone(steps: tuple[PlanStep, ...]) -> None:
    assert round_kept_objects(steps, (BIN,), ROOM, StartPose(), ROBOT_RADIUS_M) == (steps, ())


def test_nothing_kept_changes_nothing() -> None:
    steps = (_step("navigate_to", "white bottle", "white-bottle"),)
    assert round_kept_objects(steps, (), ROOM, StartPose(), ROBOT_RADIUS_M) == (steps, ())


def test_a_leg_from_where_a_pick_ended_is_checked_too() -> None:
    """Pick the can, then go to the bottle: the leg starts in front of the can, and passes the bin."""
    steps = (_step("approach", "red can", "red-can"), _step("pick", "red can", "red-can"),
             _step("navigate_to", "white bottle", "white-bottle"))
    out, _ = round_kept_objects(steps, (BIN,), ROOM, StartPose(), ROBOT_RADIUS_M)
    assert [s.skill for s in out[:2]] == ["approach", "pick"] and out[-1] == steps[-1] and len(out) > 3


def test_a_waypoint_is_not_put_beside_another_kept_object() -> None:
    """Round the bin on the side away from a kept cone, though the line passes the bin on the cone's side."""
    cone = obj("grey", "cone", 2.2, -0.55, "grey-cone")
    steps, _ = round_kept_objects((_step("navigate_to", "white bottle", "white-bottle"),), (BIN, cone), (*ROOM, cone), StartPose(),
                                  ROBOT_RADIUS_M)
    clearance = outline_radius_m(cone) + ROBOT_RADIUS_M + KEEP_AWAY_GAP_M
    waypoints = _points(steps, StartPose())
    assert waypoints and all(math.dist(p, (2.2, -0.55)) >= clearance - 0.01 for p in waypoints)


def test_an_object_gone_round_is_gone_round_on_one_side() -> None:
    """From in front of the purple cube to the bin round the orange can: the waypoints zig-zagged from one side of the can
    to the other as the legs between them were routed again."""
    can = obj("orange", "can", 1.4, -0.3, "orange-can")
    cube = obj("purple", "cube", 1.1, -0.8, "purple-cube")
    steps = (_step("approach", "purple cube", "purple-cube"), _step("pick", "purple cube", "purple-cube"),
             _step("approach", "black bin", "black-bin"))
    out, _ = round_kept_objects(steps, (can,), (*ROOM, can, cube), StartPose(), ROBOT_RADIUS_M)
    waypoints = _points(out, StartPose())
    dx, dy = 2.2 - 1.1, 0.2 + 0.8  # along the leg from the cube to the bin
    sides = {math.copysign(1.0, dx * (y + 0.3) - dy * (x - 1.4)) for x, y in waypoints}
    assert len(waypoints) >= 2 and len(sides) == 1


CANS_IN_A_ROW = (obj("blue", "can", 1.5, 0.6, "can-left"), obj("blue", "can", 1.5, 0.0, "can-mid"),
                 obj("purple", "can", 1.5, -0.6, "can-right"))
BOX_BEYOND = obj("white", "box", 2.8, 0.3, "white-box")


def _legs_to(steps: tuple[PlanStep, ...], target: DetectedObject) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Every leg the drive takes, from the start through the waypoints to where it stops in front of ``target``."""
    points = [(0.0, 0.0), *_points(steps, StartPose())]
    tx, ty = target.position_m[:2]
    lx, ly = points[-1]
    gap = math.hypot(tx - lx, ty - ly)
    short = outline_radius_m(target) + ROBOT_RADIUS_M
    end = (tx - (tx - lx) / gap * short, ty - (ty - ly) / gap * short)
    return list(zip(points, [*points[1:], end], strict=True))


def test_kept_objects_too_close_together_to_pass_between_are_gone_round_as_one() -> None:
    """"go to the white box but don't knock over any cans": the cans stand 0.6 m apart, less than the two clearances,
    so beside the middle one is against the left or right one; every leg keeps every can's clearance."""
    steps, _ = round_kept_objects((_step("navigate_to", "white box", "white-box"),), CANS_IN_A_ROW,
                                  (*CANS_IN_A_ROW, BOX_BEYOND), StartPose(), ROBOT_RADIUS_M)
    assert len(steps) > 1
    for can in CANS_IN_A_ROW:
        clearance = outline_radius_m(can) + ROBOT_RADIUS_M + KEEP_AWAY_GAP_M
        assert all(segment_distance_m(can.position_m[:2], a, b) >= clearance - 0.01 for a, b in _legs_to(steps, BOX_BEYOND))


def test_no_waypoint_stands_against_an_object_beside_the_kept_one() -> None:
    """Only the middle can is kept away from; the points just beside it are against its neighbours, so the drive
    goes round the row, keeping the middle can's clearance and standing against nothing."""
    middle = CANS_IN_A_ROW[1]
    steps, _ = round_kept_objects((_step("navigate_to", "white box", "white-box"),), (middle,),
                                  (*CANS_IN_A_ROW, BOX_BEYOND), StartPose(), ROBOT_RADIUS_M)
    waypoints = _points(steps, StartPose())
    assert waypoints
    assert all(math.dist(p, o.position_m[:2]) >= outline_radius_m(o) + ROBOT_RADIUS_M for p in waypoints for o in CANS_IN_A_ROW)
    clearance = outline_radius_m(middle) + ROBOT_RADIUS_M + KEEP_AWAY_GAP_M
    assert all(segment_distance_m(middle.position_m[:2], a, b) >= clearance - 0.01 for a, b in _legs_to(steps, BOX_BEYOND))
