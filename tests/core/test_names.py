"""Names, owners and roles a person gives the objects in view ("let's call the black box home base",
"the left can is Tom's", "the green bin is the recycling"), remembered by track id and read in the
goals after them."""

from __future__ import annotations

import pytest

from lam_core.datatypes import DetectedObject
from lam_core.errors import GoalError
from lam_core.language.names import read_names, read_purposes
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import Answered, TaskPlanning
from lam_core.vocabulary import LABEL_SIZES_M


def obj(color: str, label: str, x: float, y: float, track: str) -> DetectedObject:
    size = LABEL_SIZES_M[label]
    return DetectedObject(label, color, (x, y, size[2] / 2), size, 0.9, track)


ROOM = (obj("blue", "can", 1.3, 0.5, "can-left"), obj("blue", "can", 1.6, -0.7, "can-right"),
        obj("orange", "cube", 1.0, 0.1, "orange-cube"), obj("purple", "cube", 2.0, -0.2, "purple-cube"),
        obj("green", "bin", 2.7, 1.1, "green-bin"), obj("grey", "bin", 2.9, -1.0, "grey-bin"),
        obj("yellow", "ball", 2.2, 0.6, "yellow-ball"), obj("black", "box", 3.3, 0.0, "black-box"),
        obj("orange", "cone", 2.5, -1.8, "orange-cone"))


def planning() -> TaskPlanning:
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.planning.factory import make_task_planning

    return make_task_planning(AgentConfigs.load().planner)


def steps(shipped: TaskPlanning, goal: str, objects: tuple[DetectedObject, ...] = ROOM) -> list[str]:
    return [f"{s.skill}({s.target}#{s.object_id})" for s in shipped.plan(PlanRequest(goal, objects=objects)).plan.steps]


def told(shipped: TaskPlanning, goal: str) -> str:
    with pytest.raises(Answered) as answered:
        steps(shipped, goal)
    return answered.value.answer


@pytest.mark.parametrize(("goal", "names"), [
    ("let's call the black box home base, ok?", [("home base", "the black box")]),
    ("from now on the green bin is the recycling", [("the recycling", "the green bin")]),
    ("the left can is Tom's, the right one is Jo's", [("tom's", "the left can"), ("jo's", "the right can")]),
    ("that purple cube's mine", [("mine", "the purple cube")]),
    ("home base is the black box", [("home base", "the black box")]),
    ("Mike's cube is the orange one and mine is the purple one", [("mike's cube", "the orange cube"), ("mine", "the purple cube")]),
    ("the right-hand can belongs to Sara", [("sara's", "the right-hand can")]),
    ("hmm no, scratch that, the recycling is the grey one now", [("the recycling", "the grey one")]),
    ("this is my bin, the blue one", [("my bin", "the blue bin")]),
    ("I'm naming the grey box the garage", [("the garage", "the grey box")]),
    ("let's say the green ball is the north pole", [("the north pole", "the green ball")]),
    ("the grey box is Dad's desk", [("dad's desk", "the grey box")]),
])
def test_names_given_are_read(goal: str, names: list[tuple[str, str]]) -> None:
    given = read_names(goal)
    assert given is not None and given[0] == names and given[1] == ""


@pytest.mark.parametrize("goal", ["the ball is fragile", "the box is the red one", "is the black box home base?",
                                  "the red cube is broken", "go to the black box", "the floor is wet",
                                  "the cube is the only one", "which one is Tom's?"])
def test_what_names_nothing_is_not_read_as_a_name(goal: str) -> None:
    assert read_names(goal) is None


def test_a_name_given_is_told_back_and_read_in_later_goals() -> None:
    """"go to home base" after "let's call the black box home base" was refused: 'which object do you mean'."""
    shipped = planning()
    assert "black box" in told(shipped, "let's call the black box home base")
    assert steps(shipped, "go to home base") == ["navigate_to(black box#black-box)"]
    assert "3.3 m" in told(shipped, "how far away is home base?")


def test_owners_of_two_look_alikes_are_kept_apart_by_track_id() -> None:
    shipped = planning()
    told(shipped, "the left can is Tom's, the right one is Jo's")
    assert steps(shipped, "put Jo's can in the grey bin")[:2] == ["approach(blue can#can-right)", "pick(blue can#can-right)"]
    assert steps(shipped, "now Tom's in the green bin")[:2] == ["approach(blue can#can-left)", "pick(blue can#can-left)"]


def test_a_statement_of_a_name_is_no_goal_to_go_there() -> None:
    """"purple ball is the goal" drove to the ball."""
    assert "yellow ball" in told(planning(), "yellow ball is the goal")


def test_a_name_then_a_request_in_one_goal() -> None:
    assert steps(planning(), "the purple cube is the prize; fetch the prize and put it in the green bin") == \
        ["approach(purple cube#purple-cube)", "pick(purple cube#purple-cube)", "approach(green bin#green-bin)",
         "place(green bin#green-bin)"]


def test_a_prohibition_said_with_a_name_holds_for_that_object() -> None:
    """"the ball is my dog's toy, leave it be" drove to the ball."""
    shipped = planning()
    with pytest.raises(GoalError, match="keep away from the yellow ball"):
        steps(shipped, "the yellow ball is my dog's toy, leave it be")


def test_a_name_renamed_and_forgotten() -> None:
    shipped = planning()
    told(shipped, "the green bin's the recycling")
    told(shipped, "hmm no, scratch that, the recycling is the grey one now")
    assert steps(shipped, "drop the orange cube into the recycling")[-1] == "place(grey bin#grey-bin)"
    assert "no longer" in told(shipped, "never mind, forget the recycling thing")
    with pytest.raises(GoalError):
        steps(shipped, "drop the orange cube into the recycling")


def test_a_name_for_what_is_not_in_view_is_refused() -> None:
    with pytest.raises(GoalError, match="I need to see"):
        steps(planning(), "the red bin is the toy box")


def test_a_name_that_fits_two_objects_asks_which() -> None:
    with pytest.raises(GoalError, match="which one do you mean by 'tom's'"):
        steps(planning(), "the blue can is Tom's")


@pytest.mark.parametrize(("goal", "purposes"), [
    ("grey bin is for cubes, green bin is for cans", [("cube", "the grey bin"), ("can", "the green bin")]),
    ("and cans belong in the green bin", [("can", "the green bin")]),
    ("wait, let's switch: cubes go in the grey bin from now on, not the green one", [("cube", "the grey bin")]),
    ("the green bin is for blue stuff only, the grey bin takes everything else", [("blue", "the green bin"), ("rest", "the grey bin")]),
])
def test_what_bins_are_for_is_read(goal: str, purposes: list[tuple[str, str]]) -> None:
    assert read_purposes(goal) == purposes


@pytest.mark.parametrize("goal", ["put the cube in the grey bin", "the grey bin is full", "is the grey bin for cubes?"])
def test_what_says_no_purpose_is_not_read_as_one(goal: str) -> None:
    assert read_purposes(goal) is None


def test_what_bins_are_for_is_told_back_and_sorts_later_goals() -> None:
    """"the blue bin is for cubes" picked up a cube; "sort them please" then asked which one."""
    shipped = planning()
    assert told(shipped, "grey bin is for cubes, green bin is for cans") == "OK: cubes go in the grey bin; cans go in the green bin."
    assert [s for s in steps(shipped, "sort them please") if s.startswith("place")] == \
        ["place(green bin#green-bin)", "place(green bin#green-bin)", "place(grey bin#grey-bin)", "place(grey bin#grey-bin)"]


def test_a_purpose_said_again_moves_it_and_where_it_belongs_uses_it() -> None:
    shipped = planning()
    told(shipped, "the green bin is for cubes")
    told(shipped, "wait, let's switch: cubes go in the grey bin from now on, not the green one")
    assert steps(shipped, "ok put the purple cube where cubes go")[-1] == "place(grey bin#grey-bin)"
    assert steps(shipped, "and the orange cube, where it belongs")[-1] == "place(grey bin#grey-bin)"


def test_things_put_away_go_where_they_were_said_to_belong() -> None:
    """"the red bin is for red stuff only, the blue bin takes everything else" then "put the can and the red cube away"
    put the red cube in the blue bin."""
    scene = (obj("red", "bin", 3.0, 1.2, "red-bin"), obj("blue", "bin", 3.1, 0.0, "blue-bin"),
             obj("red", "cube", 1.2, -0.5, "red-cube"), obj("green", "can", 2.1, -1.0, "green-can"))
    shipped = planning()
    with pytest.raises(Answered, match="red things go in the red bin; everything else goes in the blue bin"):
        steps(shipped, "the red bin is for red stuff only, the blue bin takes everything else", scene)
    assert [s for s in steps(shipped, "put the can and the red cube away", scene) if s.startswith(("pick", "place"))] == \
        ["pick(green can#green-can)", "place(blue bin#blue-bin)", "pick(red cube#red-cube)", "place(red bin#red-bin)"]
