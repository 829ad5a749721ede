"""Rules about moving said once ("never reverse", "stay at least a metre from the cone") hold for the
goals after them until lifted; each of these goals was planned and driven before."""

from __future__ import annotations

import pytest

from lam_core.datatypes import DetectedObject
from lam_core.language.follow_ups import Conversation
from lam_core.language.motion_rules import StartPose, broken_rule, read_motion_rule
from lam_core.language.parse import GoalRefused
from lam_core.language.understanding import GoalUnderstanding
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planner import RuleTaskPlanner
from lam_core.planning.task_planning import Answered, TaskPlanning

RULE_TIMEOUTS = {"navigate_to": 60.0, "approach": 60.0, "search": 60.0, "pick": 60.0, "place": 60.0, "stop": 5.0}


def _thing(color: str, label: str, x: float, y: float, track: str) -> DetectedObject:
    return DetectedObject(label, color, (x, y, 0.05), (0.1, 0.1, 0.1), 0.9, track)


ROOM = (_thing("white", "ball", 0.8, 1.1, "white-ball"), _thing("green", "cube", 1.6, 0.9, "green-cube"),
        _thing("blue", "cube", 0.9, -0.4, "blue-cube"), _thing("black", "bin", 1.4, -1.9, "black-bin"),
        _thing("grey", "bin", 2.8, 0.4, "grey-bin"), _thing("orange", "box", 1.8, 1.8, "orange-box"))


@pytest.fixture
def rules_planning() -> TaskPlanning:
    return TaskPlanning(RuleTaskPlanner(RULE_TIMEOUTS), None, GoalUnderstanding(RULE_TIMEOUTS, 0.15), Conversation())


def _plan(planning: TaskPlanning, goal: str, start: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> list[str]:
    request = PlanRequest(goal, objects=ROOM, start_xy=start[:2], start_yaw_rad=start[2])
    return [f"{s.skill}({s.target})" for s in planning.plan(request).plan.steps]


@pytest.mark.parametrize(("rule", "broken", "kept"), [
    ("never reverse, the rear sensor is broken", "back up a metre", "drive 1 m"),
    ("never drive forward more than 50 cm at a time", "drive 1 m", "drive 40 cm"),
    ("don't go within half a metre of the black bin", "go to 1.2, -1.6", "go to 2, 0"),
    ("stay at least a metre from the white ball", "go to the green cube", "go to the blue cube"),
    ("don't go any further forward than x = 2", "go to the grey bin", "go to the blue cube"),
    ("the area left of y = 1 is off limits", "go to the orange box", "go to the green cube"),
    ("the left side of the room is off limits, stay on the right", "go to the green cube", "go to the blue cube"),
])
def test_a_rule_about_moving_holds_for_later_goals(rules_planning: TaskPlanning, rule: str, broken: str, kept: str) -> None:
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _plan(rules_planning, rule)
    with pytest.raises(GoalRefused, match="you asked me"):
        _plan(rules_planning, broken)
    assert _plan(rules_planning, kept)
    with pytest.raises(Answered, match="no longer keep to"):
        _plan(rules_planning, "ok, forget that rule")
    assert _plan(rules_planning, broken)


def test_not_moving_until_told_stops_now_and_holds_until_lifted(rules_planning: TaskPlanning) -> None:
    assert _plan(rules_planning, "you're not allowed to move until I say so") == ["stop()"]
    with pytest.raises(GoalRefused, match="not to move until you say so"):
        _plan(rules_planning, "go to the white ball")
    with pytest.raises(Answered):
        _plan(rules_planning, "ok, you can move again")
    assert _plan(rules_planning, "go to the white ball") == ["navigate_to(white ball)"]


def test_a_rule_said_before_a_request_holds_for_that_request(rules_planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused, match="0.82 m from the white ball"):
        _plan(rules_planning, "stay at least a metre from the white ball and go to the green cube")
    assert _plan(rules_planning, "never reverse, then go to the blue cube") == ["navigate_to(blue cube)"]


def test_places_are_checked_in_odom_from_where_the_goal_starts(rules_planning: TaskPlanning) -> None:
    """x = 2 is an odom bound: from (1.5, 0) facing along odom y, the blue cube 0.9 m ahead is at x = 1.9."""
    with pytest.raises(GoalRefused):
        _plan(rules_planning, "don't go any further forward than x = 2")
    assert _plan(rules_planning, "go to the green cube", (1.5, 0.0, 1.5708)) == ["navigate_to(green cube)"]  # odom x 0.6
    with pytest.raises(GoalRefused, match="x = 2.4"):
        _plan(rules_planning, "go to the blue cube", (1.5, 0.0, 0.0))


@pytest.mark.parametrize("goal", ["stay here until I come back", "stay away from the ball", "go to the box and stay there",
                                  "drive 2 m", "never mind"])
def test_goals_that_are_no_rule_about_moving(goal: str) -> None:
    assert read_motion_rule(goal, ROOM, StartPose()) == (None, goal)


def test_a_rule_about_an_object_not_in_view_is_refused() -> None:
    with pytest.raises(GoalRefused, match="don't see"):
        read_motion_rule("stay at least a metre from the red cone", ROOM, StartPose())


def test_no_rules_break_nothing() -> None:
    assert broken_rule([], (), ROOM, StartPose()) == ""


@pytest.mark.parametrize(("rule", "broken", "lifting"), [
    ("stay at least a metre from the white ball", "go to the green cube", "you can go near the white ball again"),
    ("never reverse", "back up a metre", "ok, you can reverse again"),
    ("never drive more than 50 cm at a time", "drive 1 m", "you can drive further again"),
    ("don't go past x = 2", "go to the grey bin", "you can go anywhere again"),
])
def test_each_rule_is_lifted_as_the_refusal_says(rules_planning: TaskPlanning, rule: str, broken: str, lifting: str) -> None:
    with pytest.raises(GoalRefused):
        _plan(rules_planning, rule)
    with pytest.raises(GoalRefused, match=f"say, e.g., '{lifting.removeprefix('ok, ')}' to lift that"):
        _plan(rules_planning, broken)
    with pytest.raises(Answered):
        _plan(rules_planning, lifting)
    assert _plan(rules_planning, broken)


def test_a_plan_that_keeps_to_the_rules_says_so(rules_planning: TaskPlanning) -> None:
    with pytest.raises(GoalRefused):
        _plan(rules_planning, "never reverse")
    plan = rules_planning.plan(PlanRequest("go to the blue cube", objects=ROOM)).plan
    assert "keeping to what you asked before: 'never reverse'" in plan.reason


def _speeds(planning: TaskPlanning, goal: str) -> list[float]:
    return [s.max_speed_mps for s in planning.plan(PlanRequest(goal, objects=ROOM)).plan.steps]


@pytest.mark.parametrize(("rule", "cap_mps"), [
    ("from now on never go faster than 0.2 m/s", 0.2),
    ("never go faster than 0.3", 0.3),
    ("don't ever go above 20 cm per second", 0.2),
    ("from now on, go slowly", 0.15),
    ("always take it easy", 0.15),
    ("move at a walking pace until I say otherwise", 0.15),
    ("from now on go at 0.25 m/s", 0.25),
])
def test_a_speed_rule_caps_every_later_goal_until_lifted(rules_planning: TaskPlanning, rule: str, cap_mps: float) -> None:
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _plan(rules_planning, rule)
    assert _speeds(rules_planning, "go to the green cube") == [cap_mps]
    assert _speeds(rules_planning, "pick up the blue cube and put it in the grey bin") == [cap_mps] * 4
    assert _speeds(rules_planning, "go slowly to the grey bin") == [min(cap_mps, 0.15)]  # a lower cap said with a goal stays
    with pytest.raises(Answered, match="no longer keep to"):
        _plan(rules_planning, "you can go at normal speed again")
    assert _speeds(rules_planning, "go to the green cube") == [0.0]


def test_a_speed_rule_said_with_a_request_caps_it_and_the_goals_after(rules_planning: TaskPlanning) -> None:
    assert _speeds(rules_planning, "keep it under 20 cm/s from now on, and go to the white ball") == [0.2]
    assert _speeds(rules_planning, "go to the green cube") == [0.2]
    rules_planning.conversation.remember_done()
    with pytest.raises(GoalRefused):
        _plan(rules_planning, "from now on go at 0.4 m/s")  # the newer speed replaces the older
    assert _speeds(rules_planning, "go to the green cube") == [0.4]


def test_a_speed_rule_said_while_a_goal_goes_on_slows_that_goal(rules_planning: TaskPlanning) -> None:
    assert _speeds(rules_planning, "go to the grey bin") == [0.0]
    assert _speeds(rules_planning, "from now on go slowly") == [0.15]  # the grey bin goal, at the new pace


@pytest.mark.parametrize("goal", ["go slowly", "go to the grey bin slowly", "from now on, go to the grey bin",
                                  "always pick up the cubes first"])
def test_goals_that_are_no_speed_rule(goal: str) -> None:
    assert read_motion_rule(goal, ROOM, StartPose()) == (None, goal)


def test_a_speed_rule_after_a_stop_does_not_go_on_with_the_stopped_goal(rules_planning: TaskPlanning) -> None:
    """"stop", then "from now on go slowly": the robot stays stopped until told to go on ("slower please"
    after a plain stop is that goal at the slower pace, as a pace said alone)."""
    _plan(rules_planning, "go to the grey bin")
    assert _plan(rules_planning, "stop") == ["stop()"]
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _plan(rules_planning, "from now on go slowly")
    assert _speeds(rules_planning, "carry on") == [0.15]


@pytest.mark.parametrize(("rule", "broken", "kept"), [
    ("stay off the left side for now ok", "go to the green cube", "go to the blue cube"),
    ("keep to the left side please", "go to the blue cube", "go to the green cube"),
    ("keep to the right half from now on", "go to the green cube", "go to the blue cube"),
    ("dont go on the right side", "go to the blue cube", "go to the green cube"),
    ("you no go right side please", "go to the blue cube", "go to the green cube"),
    ("stay off the right side pls", "go to the blue cube", "go to the green cube"),
])
def test_a_side_to_keep_off_or_to_keep_to_is_a_rule_and_moves_nothing(rules_planning: TaskPlanning, rule: str, broken: str,
                                                                        kept: str) -> None:
    """"keep to the left side" keeps off the right; said with "ok" or "pls" after it, it is still the rule (it turned and drove)."""
    with pytest.raises(GoalRefused, match="I keep to that in the goals that follow"):
        _plan(rules_planning, rule)
    with pytest.raises(GoalRefused, match="you asked me to keep off the"):
        _plan(rules_planning, broken)
    assert _plan(rules_planning, kept)


@pytest.mark.parametrize("lift", ["ok you can go on the right again", "ok right side allowed now", "forget the right side thing"])
def test_a_side_said_allowed_again_lifts_only_the_rule_off_that_side(rules_planning: TaskPlanning, lift: str) -> None:
    """Lifting the right side moves nothing and leaves "keep to the right" (off the left) in force."""
    for rule in ("keep to the right half from now on", "dont go on the right side"):
        with pytest.raises(GoalRefused, match="I keep to that"):
            _plan(rules_planning, rule)
    with pytest.raises(Answered, match="no longer keep to what you asked before: 'dont go on the right side'"):
        _plan(rules_planning, lift)
    assert _plan(rules_planning, "go to the blue cube") == ["navigate_to(blue cube)"]
    with pytest.raises(GoalRefused, match="keep off the left side"):
        _plan(rules_planning, "go to the green cube")


@pytest.mark.parametrize("rule", ["from now on don't go faster than half speed", "Please do NOT drive faster than walking pace today.",
                                  "never go faster than a snail's pace", "don't go faster than half your top speed from now on"])
def test_a_speed_limit_said_as_a_pace_is_a_rule_of_going_slowly(rules_planning: TaskPlanning, rule: str) -> None:
    """Each stopped the robot and kept nothing, so the next goal went at full speed."""
    with pytest.raises(GoalRefused, match="go slowly; I keep to that"):
        _plan(rules_planning, rule)
    request = PlanRequest("zoom over to the grey bin!!", objects=ROOM)
    assert [s.max_speed_mps for s in rules_planning.plan(request).plan.steps] == [pytest.approx(0.15)]
    rules_planning.conversation.remember_done()
    with pytest.raises(Answered, match="no longer keep to"):
        _plan(rules_planning, "you can speed up now")  # it lifted the rule, then refused "'...' is done"
    assert [s.max_speed_mps for s in rules_planning.plan(request).plan.steps] == [0.0]


@pytest.mark.parametrize("lift", ["you can go anywhere again", "ok, you can go past the bin now"])
def test_never_going_past_an_object_keeps_every_place_before_it(rules_planning: TaskPlanning, lift: str) -> None:
    """"never go past the grey bin" was kept as a keep-away from the bin, so the ball beyond it was driven to (and the bin
    refused); now the line the robot faced is kept to up to the bin's centre."""
    with pytest.raises(GoalRefused, match="never to go past the grey bin; I keep to that"):
        _plan(rules_planning, "never go past the grey bin")
    beyond = (*ROOM, _thing("red", "ball", 3.4, 0.2, "red-ball"))
    with pytest.raises(GoalRefused, match="past the grey bin"):
        rules_planning.plan(PlanRequest("go to the red ball", objects=beyond))
    assert [s.skill for s in rules_planning.plan(PlanRequest("go to the grey bin", objects=beyond)).plan.steps] == ["navigate_to"]
    with pytest.raises(Answered, match="no longer keep to"):
        _plan(rules_planning, lift)
    assert rules_planning.plan(PlanRequest("go to the red ball", objects=beyond)).plan.steps
