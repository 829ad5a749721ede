"""Places said by the objects around them ("go 1 m to the left of the box", "park behind the cone",
"stand between the two bins"): read, turned into a point clear of every object, and planned as a
drive to that point in odom."""

from __future__ import annotations

import math

import pytest

from lam_core.datatypes import DetectedObject
from lam_core.errors import GoalError
from lam_core.language.places import read_place
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import TaskPlanning
from lam_core.vocabulary import LABEL_SIZES_M


def obj(color: str, label: str, x: float, y: float, track: str) -> DetectedObject:
    size = LABEL_SIZES_M[label]
    return DetectedObject(label, color, (x, y, size[2] / 2), size, 0.9, track)


ROOM = (obj("white", "cube", 1.5, 0.0, "white-cube"), obj("black", "cube", 1.2, 1.1, "black-cube"),
        obj("red", "can", 2.2, -0.6, "red-can"), obj("green", "bin", 3.0, 0.5, "green-bin"),
        obj("blue", "box", 1.8, -1.6, "blue-box"), obj("orange", "ball", 2.6, 1.9, "orange-ball"),
        obj("yellow", "plate", 0.9, -0.4, "yellow-plate"))
# Two yellow bins with a white ball on the line between them.
TWO_BINS = (obj("yellow", "bin", 2.5, 1.0, "bin-left"), obj("yellow", "bin", 2.6, -1.2, "bin-right"),
            obj("white", "ball", 2.8, 0.0, "ball-far"), obj("red", "box", 3.2, 1.8, "red-box"))


@pytest.fixture(scope="module")
def shipped() -> TaskPlanning:
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.planning.factory import make_task_planning

    return make_task_planning(AgentConfigs.load().planner)


def _point(planning: TaskPlanning, goal: str, objects: tuple[DetectedObject, ...] = ROOM,
           start: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> tuple[float, float]:
    steps = planning.plan(PlanRequest(goal, objects=objects, start_xy=start[:2], start_yaw_rad=start[2])).plan.steps
    assert [s.skill for s in steps] == ["navigate_to"]
    words = steps[0].target.split()
    assert words[0] == "pose"
    return float(words[1]), float(words[2])


@pytest.mark.parametrize(("goal", "relation", "distance_m", "plain"), [
    ("go 1 m to the left of the box", "left", 1.0, "go to the box"),
    ("shift over so you end up a metre to the right of the yellow can", "right", 1.0, "go to the yellow can"),
    ("go to the spot just behind the blue bin", "beyond", None, "go to the blue bin"),
    ("go to a point 1 m past the white cube", "beyond", 1.0, "go to the white cube"),
    ("stop 50 cm short of the red box", "front", 0.5, "go to the red box"),
    ("head halfway to the orange bin and wait there", "halfway", None, "go to the orange bin"),
    ("go and stand right between the two yellow bins", "between", None, "go to the two yellow bins"),
    ("park halfway between the bin and the ball", "between", None, "go to the bin and the ball"),
])
def test_places_said_by_objects_are_read(goal: str, relation: str, distance_m: float | None, plain: str) -> None:
    read = read_place(goal)
    assert read is not None
    assert (read[0].relation, read[0].distance_m, read[1]) == (relation, distance_m, plain)


@pytest.mark.parametrize("goal", ["go to the box", "go behind", "stop before the bin", "go from the box to the bin",
                                  "put the cube in the bin, then park behind the bin", "drive 1 m to the left"])
def test_goals_that_say_no_place_by_an_object_are_left_alone(goal: str) -> None:
    assert read_place(goal) is None


@pytest.mark.parametrize(("goal", "point"), [
    ("go one metre to the right of the box", (1.8, -2.6)),  # beside it, along the robot's y
    ("go to a point 1 m past the white cube", (2.5, 0.0)),  # on the line of sight, beyond its centre
    ("park halfway between the bin and the ball", (2.8, 1.2)),  # the midpoint of their centres
    ("go halfway to the blue box", (0.9, -0.8)),
])
def test_a_place_by_objects_is_a_drive_to_that_point(shipped: TaskPlanning, goal: str, point: tuple[float, float]) -> None:
    """"Go 1 m to the left of the box" drove to the box itself, a place nobody said."""
    assert _point(shipped, goal, ROOM[:-1]) == pytest.approx(point, abs=0.01)  # without the plate, halfway to the box


def test_short_of_an_object_is_counted_from_its_near_side(shipped: TaskPlanning) -> None:
    x, y = _point(shipped, "stop half a metre short of the green bin")
    bin_ = ROOM[3]
    gap_m = math.dist((x, y), bin_.position_m[:2]) - max(bin_.size_m[:2]) / 2
    assert gap_m == pytest.approx(0.5, abs=0.01)
    assert math.atan2(y, x) == pytest.approx(bin_.bearing_rad, abs=5e-3)  # on the line to it


def test_the_point_is_in_odom_from_where_the_goal_starts(shipped: TaskPlanning) -> None:
    """Objects are seen in base_link; the drive's point is in odom, from the pose the goal starts at."""
    x, y = _point(shipped, "go to a point 1 m past the white cube", start=(1.0, 2.0, math.pi / 2))
    assert (x, y) == pytest.approx((1.0, 4.5), abs=0.01)


def test_a_place_taken_by_another_object_is_refused(shipped: TaskPlanning) -> None:
    """Between the two yellow bins stands a ball: no drive onto it."""
    with pytest.raises(GoalError, match="white ball"):
        _point(shipped, "go and stand right between the two yellow bins", TWO_BINS)


def test_short_of_an_object_nearer_than_the_robot_is_refused(shipped: TaskPlanning) -> None:
    with pytest.raises(GoalError, match="already nearer"):
        _point(shipped, "stop 2 m short of the yellow plate")


def test_a_place_by_an_object_not_in_view_is_refused(shipped: TaskPlanning) -> None:
    with pytest.raises(GoalError):
        _point(shipped, "go 1 m to the left of the purple box")


def test_a_place_by_it_and_do_it_again(shipped: TaskPlanning) -> None:
    """"Now go 1 m to the left of it" after going to the bin, then "do it again": the same point."""
    shipped.plan(PlanRequest("go to the green bin", objects=ROOM))
    first = _point(shipped, "now go 1 m to the left of it")
    assert first == pytest.approx((3.0, 1.5), abs=0.01)
    assert _point(shipped, "do it again") == first
