"""Rule-based task planner and the scripted actor."""

from __future__ import annotations

import math
from typing import Any

import pytest

from lam_core.actors.factory import actor_config
from lam_core.actors.scripted import BACK_OFF_MAX_S, SPIN_HELD_S, ScriptedActor
from lam_core.config import load_config
from lam_core.datatypes import EMPTY_SCAN_SUMMARY, DetectedObject, JointStates, Observation, Odometry, PlanStep, Pose2D
from lam_core.errors import GoalError
from lam_core.node_configs import PlannerNodeConfig
from lam_core.paths import config_dir
from lam_core.planning.factory import step_timeouts
from lam_core.planning.task_planner import RuleTaskPlanner, parse_objects, parse_target
from lam_core.robot.description import robot_description
from lam_core.skills import StepOutcome

PLANNER_CFG = load_config(PlannerNodeConfig, config_dir() / "planner_node.yaml", "planner_node")
PLANNER = RuleTaskPlanner(step_timeouts(PLANNER_CFG))
ACTOR_CFG = actor_config(PLANNER_CFG)
ROBOT = robot_description()


@pytest.mark.parametrize("goal", ["go to the red box", "Please drive to the RED box.", "navigate towards the red boxes"])
def test_navigation_goals_become_a_navigate_step(goal: str) -> None:
    plan = PLANNER.plan(goal)
    assert [(s.skill, s.target) for s in plan.steps] == [("navigate_to", "red box")]
    assert plan.planner == "rules" and plan.steps[0].timeout_s == PLANNER_CFG.navigate_timeout_s


@pytest.mark.parametrize(
    "goal,steps",
    [
        ("pick up the green cube", [("approach", "green cube"), ("pick", "green cube")]),
        ("Grab the blue cube, please", [("approach", "blue cube"), ("pick", "blue cube")]),
        ("put the red cube in the blue bin",
         [("approach", "red cube"), ("pick", "red cube"), ("approach", "blue bin"), ("place", "blue bin")]),
        ("place the yellow cube into the green bin",
         [("approach", "yellow cube"), ("pick", "yellow cube"), ("approach", "green bin"), ("place", "green bin")]),
        ("find the blue box", [("search", "blue box"), ("navigate_to", "blue box")]),
        ("look for the red box", [("search", "red box"), ("navigate_to", "red box")]),
        ("approach the red box", [("approach", "red box")]),
        ("stop", [("stop", "")]),
        ("Halt!", [("stop", "")]),
        ("go to pose 1.5 -0.25", [("navigate_to", "pose 1.50 -0.25")]),
    ],
)
def test_multi_step_goals_become_plans_of_skills(goal: str, steps: list[tuple[str, str]]) -> None:
    plan = PLANNER.plan(goal)
    assert [(s.skill, s.target) for s in plan.steps] == steps
    assert all(s.timeout_s == step_timeouts(PLANNER_CFG)[s.skill] for s in plan.steps)


def test_parse_objects_in_order() -> None:
    assert parse_objects("put the red cube in the blue bin") == [("red", "cube"), ("blue", "bin")]


@pytest.mark.parametrize(
    "goal,reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("go to the purple elephant", "names nothing I know"),
        ("go to the red " + "very " * 100 + "box", "longer than"),
        ("paint the red box", "I can go to, approach"),
        ("pick up the red box", "only pick up cubes and cans"),
        ("put the red box in the blue bin", "only put cubes and cans into bins"),
        ("fahre zur roten Kiste", "names nothing I know"),
    ],
)
def test_goals_it_cannot_do_fail_with_a_reason(goal: str, reason: str) -> None:
    with pytest.raises(GoalError, match=reason):
        PLANNER.plan(goal)


def test_parse_target() -> None:
    assert parse_target("go to the blue box") == ("blue", "box")
    assert parse_target("the box is blue") is None


def _obs(*objects: DetectedObject, stamp: int = 1) -> Observation:
    return Observation(stamp, (), tuple(objects), EMPTY_SCAN_SUMMARY, None, 0.0, None, None)


STEP = PlanStep("navigate_to", "red box", "", 60.0)


def _box(x: float, y: float, color: str = "red") -> DetectedObject:
    return DetectedObject("box", color, (x, y, 0.15), (0.3, 0.3, 0.3), 1.0)


def test_actor_turns_towards_and_drives_to_the_target() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    d = actor.decide(_obs(_box(2.0, 0.5), _box(1.0, -0.5, "blue")), STEP, 0)
    assert d.outcome is StepOutcome.RUNNING and d.command.skill == "navigate_to"
    assert d.command.base.wz_radps > 0.3 and 0.0 < d.command.base.vx_mps <= ACTOR_CFG.max_speed_mps
    assert d.target_distance_m == pytest.approx(math.hypot(2.0, 0.5))
    behind = actor.decide(_obs(_box(-1.0, 0.1)), STEP, 0)
    assert behind.command.base.vx_mps == pytest.approx(0.0, abs=1e-9), "never drive forward away from the target"


def test_actor_searches_when_the_target_is_not_seen() -> None:
    d = ScriptedActor(ACTOR_CFG).decide(_obs(_box(1.0, 0.0, "blue")), STEP, 0)
    assert d.command.skill == "search" and d.command.base.vx_mps == 0.0 and d.command.base.wz_radps != 0.0
    assert math.isnan(d.target_distance_m)


def test_actor_finishes_after_confirmations_at_stop_distance() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    outcomes = [actor.decide(_obs(_box(ACTOR_CFG.stop_distance_m + 0.02, 0.0)), STEP, 0) for _ in range(3)]
    assert [o.outcome for o in outcomes] == [StepOutcome.RUNNING, StepOutcome.RUNNING, StepOutcome.DONE]
    assert all(o.command.skill == "stop" and o.command.base.vx_mps == 0.0 for o in outcomes)


def test_actor_refuses_skills_it_does_not_know() -> None:
    with pytest.raises(GoalError, match="cannot run skill"):
        ScriptedActor(ACTOR_CFG).decide(_obs(), PlanStep("dance", "red box", "", 10.0), 0)


def test_actor_names_stale_or_missing_inputs() -> None:
    from lam_core.datatypes import SourceStatus

    actor = ScriptedActor(ACTOR_CFG)
    fresh = SourceStatus("objects", 0.01, False, 15.0, 0)
    stale_odom = SourceStatus("odom", 0.5, True, 0.0, 0)
    obs = Observation(1, (fresh, stale_odom), (), EMPTY_SCAN_SUMMARY, None, 0.0, None, None)
    assert actor.stale_inputs(obs, STEP) == ["odom"]
    assert actor.stale_inputs(_obs(), STEP) == ["objects", "odom"], "missing sources count as stale"
    assert actor.stale_inputs(_obs(), PlanStep("pick", "red cube", "", 10.0)) == ["objects", "odom", "joints"]


# ---------------------------------------------------------------- skills
def _cube(x: float, y: float, color: str = "red") -> DetectedObject:
    return DetectedObject("cube", color, (x, y, 0.025), (0.05, 0.05, 0.05), 1.0)


def _joints(arm: tuple[float, ...], opening_m: float, stamp: int, moving: bool = False) -> JointStates:
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    velocities = (0.5 if moving else 0.0,) * 4 + (0.0, 0.0)
    return JointStates(stamp, names, (*arm, opening_m / 2, opening_m / 2), velocities)


def _arm_obs(stamp_s: float, joints: JointStates, *objects: DetectedObject) -> Observation:
    return Observation(int(stamp_s * 1e9), (), tuple(objects), EMPTY_SCAN_SUMMARY, None, 0.0, joints, None)


def test_an_approach_held_on_its_last_creep_ends_lined_up_where_the_arm_reaches_and_only_there() -> None:
    """The last turn to line up with a bin held back (the base commanded but not moving, as when the
    bin's own rim in depth leaves no turn in place free): lined up once still for CREEP_HELD_S,
    because the arm reaches over the bin from here, 6 cm to the side; 13 cm short of a bin it does
    not, and the approach keeps trying rather than hand the place an unreachable bin."""
    from lam_core.actors.scripted import CREEP_HELD_S

    def bin_at(x: float, y: float) -> DetectedObject:
        return DetectedObject("bin", "green", (x, y, 0.06), (0.3, 0.3, 0.12), 1.0)

    def at(stamp_s: float, bin_: DetectedObject) -> Observation:
        stamp = round(stamp_s * 1e9)
        return Observation(stamp, (), (bin_,), EMPTY_SCAN_SUMMARY, Odometry(stamp, Pose2D(0, 0, 0), 0.0, 0.0), 0.0, None, None)

    step = PlanStep("approach", "green bin", "", 30.0)
    beside = bin_at(ACTOR_CFG.reach_distance_bin_m + 0.02, 0.06)
    actor = ScriptedActor(ACTOR_CFG)
    assert actor.arm_reaches(beside)
    early = actor.decide(at(0.0, beside), step, 2)
    assert early.outcome is StepOutcome.RUNNING and early.command.base.wz_radps != 0.0
    decisions = [actor.decide(at(0.1 * k, beside), step, 2) for k in range(1, round(CREEP_HELD_S * 10) + 4)]
    assert all(d.outcome is StepOutcome.RUNNING for d in decisions[: round(CREEP_HELD_S * 10) - 1])
    assert decisions[-1].outcome is StepOutcome.DONE and "as near as the way lets it" in decisions[-1].reason
    short = bin_at(ACTOR_CFG.reach_distance_bin_m + 0.13, 0.0)
    beyond = ScriptedActor(ACTOR_CFG)
    assert not beyond.arm_reaches(short)
    assert all(beyond.decide(at(0.1 * k, short), step, 2).outcome is StepOutcome.RUNNING for k in range(80))


def test_approach_lines_up_within_reach_and_backs_off_when_too_close() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("approach", "red cube", "", 30.0)
    far = actor.decide(_obs(_cube(1.0, 0.1)), step, 0)
    assert far.command.skill == "approach" and 0 < far.command.base.vx_mps <= ACTOR_CFG.approach_speed_mps
    close = actor.decide(_obs(_cube(ACTOR_CFG.reach_distance_cube_m - 0.1, 0.0)), step, 0)
    assert close.command.base.vx_mps < 0.0
    done = [actor.decide(_obs(_cube(ACTOR_CFG.reach_distance_cube_m, 0.005)), step, 0) for _ in range(3)]
    assert done[-1].outcome is StepOutcome.DONE and done[-1].command.skill == "stop"


def test_a_look_around_held_beside_a_low_obstacle_backs_off_then_turns_again() -> None:
    """A search whose turn gains nothing for SPIN_HELD_S (the shield holds it: a bin's rim lies
    inside the circle the footprint sweeps turning) backs off straight, at most BACK_OFF_MAX_S while
    turning stays blocked (here the rim stays where it is), then turns again. Held with nothing in the
    way, or turning freely beside the rim, it keeps turning."""
    step = PlanStep("search", "white cube", "", 60.0)
    rim = tuple((0.32, y) for y in (-0.1, 0.0, 0.1))  # low obstacle cells just ahead [m, base_link]

    def commands(low: tuple[tuple[float, float], ...], turn_per_decision_rad: float, seconds: float) -> list[Any]:
        """The base twists commanded, one per 0.1 s decision."""
        actor, out = ScriptedActor(ACTOR_CFG), []
        for k in range(int(seconds / 0.1)):
            stamp = (k + 1) * 100_000_000
            odom = Odometry(stamp, Pose2D(0.0, 0.0, math.remainder(k * turn_per_decision_rad, 2 * math.pi)), 0.0, 0.0)
            obs = Observation(stamp, (), (), EMPTY_SCAN_SUMMARY, odom, 0.0, None, None, low_obstacles_m=low)
            out.append(actor.decide(obs, step, 0).command.base)
        return out

    held = commands(rim, 0.0, SPIN_HELD_S + BACK_OFF_MAX_S + 1.0)
    first_back = next(i for i, twist in enumerate(held) if twist.vx_mps < 0.0)
    assert first_back == pytest.approx(SPIN_HELD_S / 0.1, abs=2) and held[first_back].wz_radps == 0.0
    assert all(t.wz_radps == ACTOR_CFG.search_turn_radps for t in held[:first_back])
    backing = [t.vx_mps < 0.0 for t in held[first_back:]]
    assert backing.index(False) == pytest.approx(BACK_OFF_MAX_S / 0.1, abs=2)
    assert held[-1].wz_radps == ACTOR_CFG.search_turn_radps and held[-1].vx_mps == 0.0  # turning again
    assert all(t.vx_mps == 0.0 for t in commands((), 0.0, SPIN_HELD_S + 1.0))
    assert all(t.vx_mps == 0.0 for t in commands(rim, 0.05, SPIN_HELD_S + 1.0))


def test_search_turns_until_seen_and_stop_waits_for_stillness() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("search", "blue box", "", 30.0)
    assert actor.decide(_obs(), step, 0).command.base.wz_radps == ACTOR_CFG.search_turn_radps
    outcomes = [actor.decide(_obs(_box(2.0, 1.0, "blue")), step, 0).outcome for _ in range(3)]
    assert outcomes[-1] is StepOutcome.DONE
    stop = PlanStep("stop", "", "", 5.0)
    moving = Observation(1, (), (), EMPTY_SCAN_SUMMARY, Odometry(1, Pose2D(0, 0, 0), 0.3, 0.0), 0.0, None, None)
    still = Observation(2, (), (), EMPTY_SCAN_SUMMARY, Odometry(2, Pose2D(0, 0, 0), 0.0, 0.0), 0.0, None, None)
    assert actor.decide(moving, stop, 1).outcome is StepOutcome.RUNNING
    assert [actor.decide(still, stop, 1).outcome for _ in range(3)][-1] is StepOutcome.DONE


def test_a_wait_stays_stopped_for_its_seconds_of_stillness() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    wait = PlanStep("stop", "wait 2", "", 7.0)

    def at(t_s: float, vx_mps: float) -> Observation:
        stamp = int(t_s * 1e9)
        return Observation(stamp, (), (), EMPTY_SCAN_SUMMARY, Odometry(stamp, Pose2D(0, 0, 0), vx_mps, 0.0), 0.0, None, None)

    assert actor.decide(at(0.0, 0.3), wait, 0).reason == "stopping"
    still = [actor.decide(at(0.1 * k, 0.0), wait, 0) for k in range(1, 20)]  # still from 0.1 s to 1.9 s
    assert all(d.outcome is StepOutcome.RUNNING and d.command.skill == "stop" for d in still)
    assert still[-1].reason.startswith("waiting: 1.8 of 2 s")
    assert actor.decide(at(2.0, 0.2), wait, 0).outcome is StepOutcome.RUNNING  # pushed: the wait starts again
    outcomes = [actor.decide(at(2.0 + 0.1 * k, 0.0), wait, 0).outcome for k in range(1, 25)]
    assert outcomes.index(StepOutcome.DONE) >= 20


def test_a_drive_to_a_point_that_comes_no_closer_fails_as_blocked() -> None:
    """Held in front of an obstacle, a drive to a point fails after BLOCKED_S of sim time without
    getting PROGRESS_M closer, instead of waiting out its time limit; slow progress keeps it going."""
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("navigate_to", "drive 2.00", "", 60.0)

    def at(t_s: float, x_m: float) -> Observation:
        stamp = int(t_s * 1e9)
        return Observation(stamp, (), (), EMPTY_SCAN_SUMMARY, Odometry(stamp, Pose2D(x_m, 0, 0), 0.0, 0.0), 0.0, None, None)

    creeping = [actor.decide(at(0.25 * k, 0.06 * (k // 20)), step, 0) for k in range(120)]  # 6 cm every 5 s
    assert all(d.outcome is StepOutcome.RUNNING for d in creeping)
    held = [actor.decide(at(30.0 + 0.25 * k, 0.30), step, 0) for k in range(40)]
    assert [d.outcome for d in held].index(StepOutcome.FAILED) == 20  # at 35 s: 10 s after it last came closer (25 s)
    assert held[20].reason.startswith("blocked: 1.70 m short of (2.00, 0.00) in odom") and held[20].command.skill == "stop"
    paused = ScriptedActor(ACTOR_CFG)  # decisions paused for 20 s (stale inputs): the clock starts again
    assert paused.decide(at(0.0, 0.0), step, 0).outcome is StepOutcome.RUNNING
    assert paused.decide(at(20.0, 0.0), step, 0).outcome is StepOutcome.RUNNING


def test_a_drive_to_an_object_held_where_it_is_backs_off_then_drives_on() -> None:
    """The shield holding the base (something in the stop zone and in the turning circle) leaves the
    red box 2 m ahead however long the controller drives at it: after BOXED_IN_S without coming
    PROGRESS_M nearer it backs off straight for BACK_OFF_S, then drives again."""
    from lam_core.actors.scripted import BACK_OFF_S, BOXED_IN_S, REVERSE_SPEED_MPS

    actor = ScriptedActor(ACTOR_CFG)
    period_s = 0.1
    decisions = [actor.decide(_obs(_box(2.0, 0.0), stamp=round(k * period_s * 1e9)), STEP, 0) for k in range(120)]
    speeds = [d.command.base.vx_mps for d in decisions]
    first_back = next(k for k, v in enumerate(speeds) if v < 0.0)
    assert first_back == round(BOXED_IN_S / period_s), "it drives on until it has been held BOXED_IN_S"
    backing = speeds[first_back:first_back + round(BACK_OFF_S / period_s)]
    assert all(v == -REVERSE_SPEED_MPS for v in backing) and decisions[first_back].command.base.wz_radps == 0.0
    assert "boxed in" in decisions[first_back].reason
    assert speeds[first_back + round(BACK_OFF_S / period_s)] > 0.0, "then forward again"
    closing = ScriptedActor(ACTOR_CFG)  # coming nearer (1 cm per decision) never backs off
    assert all(closing.decide(_obs(_box(4.0 - 0.01 * k, 0.0), stamp=round(k * period_s * 1e9)), STEP, 0).command.base.vx_mps >= 0.0
               for k in range(120))


def test_after_a_back_off_a_detour_far_off_the_robots_heading_turns_in_place_first() -> None:
    """A slab across the left of the way 0.5 m ahead: the detour heads right, arcing towards its
    heading while it drives. Held there (the robot comes no nearer), it backs off; after that, where
    the detour's heading is more than DETOUR_ALIGN_RAD off (the slab reaching the middle), it turns
    in place before driving, so that it does not arc into the corner that held it again; a small
    correction is still made while driving."""
    from dataclasses import replace

    from lam_core.actors.scripted import BACK_OFF_S, BOXED_IN_S, DETOUR_ALIGN_RAD

    def scene(slab_from_y: float, t_s: float) -> Observation:
        slab = tuple((x, slab_from_y + 0.05 * i) for x in (0.5, 0.55) for i in range(8))
        return replace(_obs(_box(2.5, 0.0), stamp=round(t_s * 1e9)), low_obstacles_m=slab)

    period_s = 0.1
    after_back_off = round((BOXED_IN_S + BACK_OFF_S) / period_s)
    for slab_from_y, far in ((0.0, True), (0.25, False)):
        heading, detour = ScriptedActor(ACTOR_CFG)._clear_heading(scene(slab_from_y, 0.0), 0.0, 2.5)
        assert detour and heading < 0.0 and (abs(heading) > DETOUR_ALIGN_RAD) == far
        actor = ScriptedActor(ACTOR_CFG)
        decisions = [actor.decide(scene(slab_from_y, k * period_s), STEP, 0) for k in range(after_back_off + 3)]
        assert "detouring" in decisions[0].reason and decisions[0].command.base.vx_mps > 0.0, "arcing at first"
        assert "backing off" in decisions[after_back_off - 1].reason
        for decision in decisions[after_back_off:]:
            assert "detouring" in decision.reason and decision.command.base.wz_radps < 0.0
            assert (decision.command.base.vx_mps == 0.0) == far, "in place when far off, else while driving"


def test_a_back_off_goes_on_while_something_beside_the_robot_would_stop_it_turning() -> None:
    """Held in front of the red box with a slab alongside, within the circle the footprint sweeps
    turning in place: the back-off goes on past BACK_OFF_S (the shield would not let the robot
    turn where it stands), up to BACK_OFF_MAX_S, then drives again."""
    from dataclasses import replace

    from lam_core.actors.scripted import BACK_OFF_MAX_S, BACK_OFF_S, BOXED_IN_S, REVERSE_SPEED_MPS, TURN_FREE_MARGIN_M

    actor = ScriptedActor(ACTOR_CFG)
    beside = actor.footprint.swept_radius_m + TURN_FREE_MARGIN_M - 0.02
    slab = tuple((x, beside) for x in (-0.05, 0.0, 0.05))
    period_s = 0.1
    decisions = [actor.decide(replace(_obs(_box(2.0, 0.0), stamp=round(k * period_s * 1e9)), low_obstacles_m=slab), STEP, 0)
                 for k in range(round((BOXED_IN_S + BACK_OFF_MAX_S) / period_s) + 5)]
    speeds = [d.command.base.vx_mps for d in decisions]
    first_back = round(BOXED_IN_S / period_s)
    assert speeds[first_back - 1] >= 0.0 and speeds[first_back] == -REVERSE_SPEED_MPS
    backing = speeds[first_back:first_back + round(BACK_OFF_MAX_S / period_s)]
    assert all(v == -REVERSE_SPEED_MPS for v in backing), "on past BACK_OFF_S while turning is blocked"
    assert round(BACK_OFF_MAX_S / period_s) > round(BACK_OFF_S / period_s)
    assert speeds[first_back + round(BACK_OFF_MAX_S / period_s)] >= 0.0, "then it drives again"


def test_an_approach_held_short_backs_off_then_lines_up_again_from_a_free_side() -> None:
    """A post at the front-right corner holds the base 0.34 m short of lining up with a cube
    straight ahead: after BOXED_IN_S the approach backs off for BACK_OFF_S, then drives to a staging
    pose on a line from the cube turned away from the post, whose corridor the scan sees free, and
    faces the cube there; from that pose it lines up again."""
    import re

    from lam_core.actors.scripted import BACK_OFF_S, BOXED_IN_S, REVERSE_SPEED_MPS, STAGING_MARGIN_M, STAGING_OUT_M
    from lam_core.datatypes import ScanSummary

    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("approach", "red cube", "", 60.0)
    width = 2 * math.pi / 36
    sectors = [math.inf] * 36
    post = (0.31, -0.11)  # base_link [m]: ahead and to the right of the footprint's front edge
    sectors[round((math.atan2(post[1], post[0]) + math.pi) / width)] = math.hypot(*post)
    scan = ScanSummary(True, -math.pi, width, tuple(sectors), math.hypot(*post), 0.0, math.pi, 8.0)
    cube = DetectedObject("cube", "red", (0.70, 0.0, 0.025), (0.05, 0.05, 0.05), 1.0)
    reach = actor.reach_distance_m("cube")

    def held(stamp_s: float) -> Observation:  # the shield holds the base at the origin of odom
        return Observation(round(stamp_s * 1e9), (), (cube,), scan, Odometry(1, Pose2D(0, 0, 0), 0.0, 0.0), 0.0, None, None)

    period_s = 0.1
    decisions = [actor.decide(held(k * period_s), step, 0) for k in range(round((BOXED_IN_S + BACK_OFF_S) / period_s) + 1)]
    speeds = [d.command.base.vx_mps for d in decisions]
    first_back = next(k for k, v in enumerate(speeds) if v < 0.0)
    assert first_back == round(BOXED_IN_S / period_s) and all(v > 0.0 for v in speeds[:first_back])
    assert all(v == -REVERSE_SPEED_MPS for v in speeds[first_back:first_back + round(BACK_OFF_S / period_s)])
    assert "held short of the red cube: backing off" in decisions[first_back].reason
    staging = decisions[-1]
    assert "from another side" in staging.reason and staging.command.base.wz_radps > 0.0, staging.reason
    sx, sy = (float(v) for v in re.search(r"driving to \((\S+), (\S+)\) in odom", staging.reason).groups())
    line = math.atan2(sy - cube.position_m[1], sx - cube.position_m[0])
    assert math.hypot(sx - cube.position_m[0], sy - cube.position_m[1]) == pytest.approx(reach + STAGING_OUT_M, abs=0.01)
    assert sy > 0.0, "the staging line turns away from the post"
    across = abs(math.sin(line) * (post[0] - cube.position_m[0]) - math.cos(line) * (post[1] - cube.position_m[1]))
    assert across >= actor.footprint.half_width_m + STAGING_MARGIN_M, "its corridor is free of the post"
    heading = line + math.pi  # there: turned to face the cube
    at_staging = Odometry(1, Pose2D(sx, sy, heading), 0.0, 0.0)
    seen = DetectedObject("cube", "red", (reach + STAGING_OUT_M, 0.0, 0.025), (0.05, 0.05, 0.05), 1.0)
    stamp = decisions[-1].command.stamp_ns
    for k in range(1, ACTOR_CFG.done_confirmations + 2):
        last = actor.decide(Observation(stamp + k * 100_000_000, (), (seen,), EMPTY_SCAN_SUMMARY, at_staging, 0.0, None, None),
                            step, 0)
    assert last.outcome is StepOutcome.RUNNING and "lining up with the red cube: +0.35 m to go" in last.reason, last.reason
    assert last.command.base.vx_mps > 0.0


def test_navigate_to_a_pose_uses_odometry() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("navigate_to", "pose 1.00 1.00", "", 30.0)

    def decide_from(pose: Pose2D):  # type: ignore[no-untyped-def]
        return actor.decide(Observation(1, (), (), EMPTY_SCAN_SUMMARY, Odometry(1, pose, 0.0, 0.0), 0.0, None, None), step, 0)

    at_origin = decide_from(Pose2D(0, 0, 0))
    assert at_origin.command.base.wz_radps > 0 and at_origin.target_distance_m == pytest.approx(math.sqrt(2))
    facing_it = decide_from(Pose2D(1.0, 0.0, math.pi / 2))  # 1 m short, heading straight at it
    assert facing_it.target_distance_m == pytest.approx(1.0)
    assert facing_it.command.base.vx_mps > 0 and abs(facing_it.command.base.wz_radps) < 1e-6
    facing_away = decide_from(Pose2D(1.0, 0.0, math.pi))  # the pose is on the robot's right
    assert facing_away.command.base.wz_radps < 0


def test_a_turn_is_made_in_place_and_a_drive_backwards_backs_up() -> None:
    actor = ScriptedActor(ACTOR_CFG)

    def decide(target: str, pose: Pose2D):  # type: ignore[no-untyped-def]
        obs = Observation(1, (), (), EMPTY_SCAN_SUMMARY, Odometry(1, pose, 0.0, 0.0), 0.0, None, None)
        return actor.decide(obs, PlanStep("navigate_to", target, "", 30.0), 0)

    turning = decide("turn 1.57", Pose2D(0.0, 0.0, 0.0))  # facing +x: turn left in place
    assert turning.command.base.vx_mps == 0.0 and turning.command.base.wz_radps > 0 and "turning" in turning.reason
    right = decide("turn -0.50", Pose2D(0.0, 0.0, 0.0))
    assert right.command.base.wz_radps < 0
    backing = decide("drive -0.50", Pose2D(0.0, 0.0, 0.0))  # half a metre straight behind
    assert backing.command.base.vx_mps < 0 and abs(backing.command.base.wz_radps) < 1e-6 and "backing up" in backing.reason
    no_heading = decide("pose -0.50 0.00", Pose2D(0.0, 0.0, 0.0))  # a place behind: turn to drive there
    assert no_heading.command.base.vx_mps >= 0 and no_heading.command.base.wz_radps != 0
    facing = decide("turn 0.01", Pose2D(0.0, 0.0, 1.56))
    assert facing.command.skill == "stop"  # within the heading tolerance: confirming, then done


def test_a_turn_or_a_drive_is_measured_from_the_pose_where_its_step_started() -> None:
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("navigate_to", "drive -0.50", "", 30.0)

    def decide(pose: Pose2D, index: int = 0):  # type: ignore[no-untyped-def]
        obs = Observation(1, (), (), EMPTY_SCAN_SUMMARY, Odometry(1, pose, 0.0, 0.0), 0.0, None, None)
        return actor.decide(obs, step, index)

    first = decide(Pose2D(2.0, 1.0, math.pi / 2))  # facing +y: half a metre back is (2.0, 0.5)
    assert first.command.base.vx_mps < 0 and first.target_distance_m == pytest.approx(0.5)
    halfway = decide(Pose2D(2.0, 0.75, math.pi / 2))  # the origin stays where the step started
    assert halfway.target_distance_m == pytest.approx(0.25)
    again = decide(Pose2D(2.0, 0.75, math.pi / 2), index=1)  # another step: measured from here
    assert again.target_distance_m == pytest.approx(0.5)


def test_pick_runs_its_phases_and_detects_a_missed_grasp() -> None:
    from lam_core.robot.kinematics import FLOOR_CLEARANCE_M, ArmGeometry, top_down_ik

    geom = ArmGeometry.from_description(ROBOT)
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("pick", "red cube", "", 40.0)
    cube = _cube(0.36, 0.0)
    first = actor.decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0), cube), step, 1)
    point = first.command.grasp_point_m
    grip_z = geom.fingertip_m + FLOOR_CLEARANCE_M  # a 5 cm cube is gripped with the fingertips just above the floor
    assert grip_z > 0.025 - 0.005 and geom.fingertip_m == pytest.approx(0.03)
    assert first.command.skill == "pick" and point[2] == pytest.approx(grip_z + ACTOR_CFG.pregrasp_height_m)
    assert first.command.gripper_opening_m == ACTOR_CFG.gripper_open_m
    above = top_down_ik(geom, point)
    at_above = [actor.decide(_arm_obs(1.0 + k * 0.05, _joints(above, 0.07, 0)), step, 1) for k in range(3)]
    assert at_above[-1].reason == "opening and reaching above"
    descend = actor.decide(_arm_obs(1.2, _joints(above, 0.07, 0)), step, 1)
    assert descend.reason == "descending"
    down = top_down_ik(geom, descend.command.grasp_point_m)
    for k in range(3):
        actor.decide(_arm_obs(2.0 + k * 0.05, _joints(down, 0.07, 0)), step, 1)
    closing = actor.decide(_arm_obs(2.2, _joints(down, 0.07, 0)), step, 1)
    assert closing.command.gripper_opening_m == 0.0
    missed = actor.decide(_arm_obs(2.2 + ACTOR_CFG.gripper_wait_s + 0.1, _joints(down, 0.0, 0)), step, 1)
    assert missed.outcome is StepOutcome.FAILED and "grasp missed" in missed.reason


def test_the_grasp_point_follows_newer_sightings_while_above_the_cube_and_is_kept_once_it_goes_down() -> None:
    """The first sighting of a pick is often of a cube at the image's lower edge, measured short:
    the point is the mean of the sightings while the arm is above the cube, sent on to the arm only
    when it has moved GRASP_REFINE_MIN_MOVE_M (each new target restarts the arm from rest)."""
    from lam_core.actors.scripted import GRASP_REFINE_MIN_MOVE_M
    from lam_core.robot.kinematics import ArmGeometry, top_down_ik

    geom = ArmGeometry.from_description(ROBOT)
    actor = ScriptedActor(ACTOR_CFG)
    step = PlanStep("pick", "red cube", "", 40.0)
    first = actor.decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0), _cube(0.35, 0.0)), step, 1)
    assert first.command.grasp_point_m[0] == pytest.approx(0.35)
    moving = _joints((0.0,) * 4, 0.07, 0, moving=True)
    sent = []
    for k in range(3):
        decision = actor.decide(_arm_obs(0.5 + k * 0.05, moving, _cube(0.37, 0.02)), step, 1)
        sent.append(decision.command.grasp_point_m[:2])
    point = decision.command.grasp_point_m[:2]
    assert math.dist(point, (0.365, 0.015)) < GRASP_REFINE_MIN_MOVE_M, "within the dead band of the sightings' mean"
    assert sent[0] == pytest.approx((0.36, 0.01)) and sent[2] == sent[1], "the last step of the mean, under 4 mm, is not sent"
    # a sighting half hidden by the gripper, or of another cube further off, counts for nothing
    hidden = DetectedObject("cube", "red", (0.33, 0.0, 0.025), (0.05, 0.05, 0.05), 0.6)
    assert actor.decide(_arm_obs(0.7, moving, hidden), step, 1).command.grasp_point_m[:2] == pytest.approx(point)
    assert actor.decide(_arm_obs(0.75, moving, _cube(0.45, 0.0)), step, 1).command.grasp_point_m[:2] == pytest.approx(point)
    above = top_down_ik(geom, actor.decide(_arm_obs(0.8, moving), step, 1).command.grasp_point_m)
    for k in range(4):
        decision = actor.decide(_arm_obs(1.0 + k * 0.05, _joints(above, 0.07, 0)), step, 1)
    assert decision.reason == "descending"
    later = actor.decide(_arm_obs(1.5, _joints(above, 0.07, 0), _cube(0.39, 0.03)), step, 1)
    assert later.reason == "descending" and later.command.grasp_point_m[:2] == pytest.approx(point)


def test_a_cube_seen_by_its_near_face_alone_is_grasped_over_its_centre() -> None:
    """A white cube whose lit top is lost to glare is measured 1.5 cm deep (its front face alone),
    its centre 2.5 cm short: the grasp point goes back along the line of sight by half of what the
    depth falls short of a cube's. A cube measured whole is grasped where it was seen."""
    from lam_core.actors.scripted import MEASURED_EXTENT_SHARE, grasp_centre

    front_face = DetectedObject("cube", "white", (0.337, 0.0, 0.025), (0.015, 0.045, 0.05), 0.9)
    assert grasp_centre(front_face) == pytest.approx((0.337 + (MEASURED_EXTENT_SHARE * 0.05 - 0.015) / 2, 0.0))
    whole = DetectedObject("cube", "white", (0.36, 0.0, 0.025), (0.046, 0.045, 0.05), 0.9)
    assert grasp_centre(whole) == pytest.approx((0.36, 0.0))
    aside = DetectedObject("can", "red", (0.3, 0.3, 0.05), (0.01, 0.01, 0.1), 0.9)  # along the diagonal
    shift = (MEASURED_EXTENT_SHARE * 0.055 - 2 * 0.01 / math.sqrt(2)) / 2
    assert grasp_centre(aside) == pytest.approx((0.3 + shift / math.sqrt(2), 0.3 + shift / math.sqrt(2)))
    pick = PlanStep("pick", "white cube", "", 40.0)
    first = ScriptedActor(ACTOR_CFG).decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0), front_face), pick, 1)
    assert first.command.grasp_point_m[:2] == pytest.approx(grasp_centre(front_face))


def test_pick_fails_with_a_reason_when_the_cube_is_unseen_or_out_of_reach() -> None:
    step = PlanStep("pick", "red cube", "", 40.0)
    unseen = ScriptedActor(ACTOR_CFG).decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0)), step, 0)
    assert unseen.outcome is StepOutcome.FAILED and "cannot see" in unseen.reason
    far = ScriptedActor(ACTOR_CFG).decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0), _cube(1.5, 0.0)), step, 0)
    assert far.outcome is StepOutcome.FAILED and "out of the arm's reach" in far.reason


def test_place_refuses_with_an_empty_gripper() -> None:
    step = PlanStep("place", "blue bin", "", 40.0)
    d = ScriptedActor(ACTOR_CFG).decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.0, 0)), step, 0)
    assert d.outcome is StepOutcome.FAILED and "nothing in the gripper" in d.reason


def test_place_fails_when_the_cube_slips_out_on_the_way_over_the_bin() -> None:
    """A cube shaken loose while the arm swings over the bin lands beside it: the place fails with
    a reason (so the plan is tried again), and says nothing of having released it into the bin."""
    step = PlanStep("place", "blue bin", "", 40.0)
    bin_ahead = DetectedObject("bin", "blue", (0.45, 0.0, 0.06), (0.3, 0.3, 0.12), 1.0)
    actor = ScriptedActor(ACTOR_CFG)
    holding = actor.decide(_arm_obs(0.0, _joints((0.0,) * 4, 0.05, 0, moving=True), bin_ahead), step, 0)
    assert holding.outcome is StepOutcome.RUNNING and "reaching over" in holding.reason
    slipped = actor.decide(_arm_obs(0.5, _joints((0.3,) * 4, 0.0, 1, moving=True), bin_ahead), step, 0)
    assert slipped.outcome is StepOutcome.FAILED and "slipped out" in slipped.reason
    assert slipped.command.skill == "stop"
    plan = PLANNER.plan("put the red cube in the blue bin")
    retry = PLANNER.replan(plan, 3, f"failed: {slipped.reason}")
    assert [(s.skill, s.target) for s in retry.steps] == [(s.skill, s.target) for s in plan.steps], "picked up again"
    unseen_bin = PLANNER.replan(plan, 3, "failed: cannot see the blue bin to place into")
    assert [s.skill for s in unseen_bin.steps] == ["approach", "place"], "still holding it: only the bin again"


def test_a_can_is_gripped_below_the_palm_and_carried_and_released_as_high_above_things_as_a_cube() -> None:
    """The fingers are 6 cm long: a 10 cm can is gripped high enough that the palm clears its top
    (it hangs 8.5 cm below the grasp point, a cube 3.5 cm). Carried, its bottom stays as high as the
    lift took it (lower, the depth camera saw the robot's own load as a low obstacle beside it and
    no turn was free); released, its bottom is release_clearance_m above the bin's rim, as a cube's."""
    from lam_core.robot.kinematics import FLOOR_CLEARANCE_M, PALM_CLEARANCE_M, grasp_height_m

    actor = ScriptedActor(ACTOR_CFG)
    geom = actor.geometry
    cube_grip, can_grip = grasp_height_m(geom, 0.025, 0.05), grasp_height_m(geom, 0.05, 0.10)
    assert cube_grip == pytest.approx(geom.fingertip_m + FLOOR_CLEARANCE_M), "a cube: fingertips just above the floor"
    assert can_grip + geom.fingertip_m == pytest.approx(0.10 + PALM_CLEARANCE_M), "a can: the palm clear of its top"
    assert grasp_height_m(geom, 0.09, 0.10) == pytest.approx(0.085), "below a centre measured high, never above it"
    assert actor.carry_point(cube_grip) == pytest.approx(ACTOR_CFG.carry_point_m)
    assert actor.carry_point(can_grip)[:2] == pytest.approx(ACTOR_CFG.carry_point_m[:2])
    assert actor.carry_point(can_grip)[2] - can_grip == pytest.approx(ACTOR_CFG.lift_height_m), "the can's bottom as lifted"
    assert actor.lift_point((0.36, 0.0, can_grip)) == pytest.approx((0.36, 0.0, can_grip + ACTOR_CFG.lift_height_m))
    edge = actor.lift_point((0.40, 0.0, can_grip))  # a full lift there is 0.45 m from the shoulder: as high as it reaches
    assert can_grip + 0.15 < edge[2] < can_grip + ACTOR_CFG.lift_height_m and not actor.unreachable(edge)
    assert not actor.unreachable(actor.carry_point(can_grip))
    bin_ahead = DetectedObject("bin", "blue", (0.45, 0.0, 0.06), (0.3, 0.3, 0.12), 1.0)
    assert actor.held_below_m == pytest.approx(cube_grip), "a cube's until a pick says otherwise"
    assert actor.release_point(bin_ahead)[2] - cube_grip == pytest.approx(0.12 + ACTOR_CFG.release_clearance_m)
    # A bin measured farther than the arm reaches over its near half: released nearer, still inside.
    far_bin = DetectedObject("bin", "blue", (0.49, 0.0, 0.06), (0.3, 0.3, 0.12), 1.0)
    assert actor.unreachable((0.49 - ACTOR_CFG.release_offset_m, 0.0, actor.release_point(far_bin)[2]))
    release = actor.release_point(far_bin)
    assert not actor.unreachable(release) and 0.49 - 0.15 + 0.06 <= release[0] < 0.49 - ACTOR_CFG.release_offset_m
    assert not actor.arm_reaches(DetectedObject("bin", "blue", (0.60, 0.0, 0.06), (0.3, 0.3, 0.12), 1.0))
    actor.held_below_m = can_grip
    actor.reset()
    assert actor.release_point(bin_ahead)[2] - can_grip == pytest.approx(0.12 + ACTOR_CFG.release_clearance_m), \
        "what is held outlasts a reset"


def test_the_policy_is_told_a_can_to_pick_is_one_to_grasp_and_a_can_to_drive_to_one_to_stop_at() -> None:
    from lam_core.policy.state_layout import policy_target_kind

    assert [policy_target_kind("can", skill) for skill in ("approach", "navigate_to", "search")] == ["cube", "box", "box"]
    assert [policy_target_kind(kind, "approach") for kind in ("cube", "box", "bin", "ball")] == ["cube", "box", "bin", "box"]
    assert [policy_target_kind(kind, "navigate_to") for kind in ("cube", "box", "bin", "cone")] == ["cube", "box", "bin", "box"]


@pytest.mark.slow
def test_in_the_simulator_a_can_is_put_into_a_bin_without_touching_anything() -> None:
    """Real physics and rendering, the shipped actor and detector: a can 1.3 m ahead is picked
    (gripped by its upper half), carried, and dropped into the bin; nothing but the fingers touches it."""
    from lam_core.actors.factory import make_actor
    from lam_core.harness.lockstep import AgentConfigs, LockstepEpisode
    from lam_core.planning.factory import make_task_planning
    from lam_core.scenarios import make_scenario

    configs = AgentConfigs.load()
    scenario = make_scenario("place", "heldout", 4)
    assert scenario.goal == "put the purple can in the green bin"
    result = LockstepEpisode(scenario, make_actor(configs.planner), make_task_planning(configs.planner), configs, 90.0).run()
    assert result.success and result.agent_success and result.collisions == 0, result.reason


def test_a_policy_done_is_believed_only_at_the_targets_distance() -> None:
    """The learned actor's done head, seen to end "go to the green box" at once right after the red
    box was reached, is checked against perception: far from the target it is not believed."""
    from lam_core.actors.learned import done_is_plausible

    scripted = ScriptedActor(ACTOR_CFG)
    go = PlanStep("navigate_to", "green box", "drive to it", 60.0)
    near = ACTOR_CFG.stop_distance_m + ACTOR_CFG.arrive_tolerance_m
    assert done_is_plausible(go, _box(near, 0.0, "green"), scripted)
    assert not done_is_plausible(go, _box(2.2, 0.3, "green"), scripted)
    assert done_is_plausible(go, _box(near + 0.14, 0.0, "green"), scripted)  # its near face at the stop distance
    to_can = PlanStep("navigate_to", "purple can", "drive to it", 60.0)
    can_at = near + 0.11  # a box's face would be reached from here; a 7 cm can's is 8 cm farther
    assert not done_is_plausible(to_can, DetectedObject("can", "purple", (can_at, 0.0, 0.06), (0.07, 0.07, 0.12), 0.9), scripted)
    assert done_is_plausible(to_can, DetectedObject("can", "purple", (near, 0.0, 0.06), (0.07, 0.07, 0.12), 0.9), scripted)
    reach = PlanStep("approach", "red cube", "get within reach", 30.0)
    assert done_is_plausible(reach, _cube(scripted.reach_distance_m("cube") + 0.03, 0.0), scripted)
    assert not done_is_plausible(reach, _cube(scripted.reach_distance_m("cube") + 0.06, 0.0), scripted), "beyond the arm"
    assert not done_is_plausible(reach, _cube(1.2, 0.0), scripted)
    assert done_is_plausible(PlanStep("navigate_to", "pose 1 0", "to a point", 60.0), None, scripted)
    # Near enough by distance, but the place that follows could not reach over the bin from there.
    to_bin = PlanStep("approach", "green bin", "get within reach", 30.0)
    bin_at = scripted.reach_distance_m("bin")
    assert done_is_plausible(to_bin, DetectedObject("bin", "green", (bin_at, 0.0, 0.06), (0.3, 0.3, 0.12), 0.9), scripted)
    beyond = DetectedObject("bin", "green", (bin_at + 0.12, 0.0, 0.06), (0.3, 0.3, 0.12), 0.9)
    assert beyond.position_m[0] - bin_at <= ACTOR_CFG.arrive_tolerance_m + 0.15, "within the distance slack"
    assert not scripted.arm_reaches(beyond) and not done_is_plausible(to_bin, beyond, scripted)


@pytest.mark.slow
def test_in_the_simulator_a_metre_out_a_turn_around_and_a_metre_back_end_where_the_robot_started() -> None:
    from lam_core.actors.factory import make_actor
    from lam_core.harness.lockstep import AgentConfigs, LockstepEpisode
    from lam_core.planning.factory import make_task_planning
    from lam_core.scenarios import make_scenario

    configs = AgentConfigs.load()
    goal = "go forward 1 m, turn around and go forward 1 m"
    result = LockstepEpisode(make_scenario("goto", "heldout", 0), make_actor(configs.planner), make_task_planning(configs.planner),
                             configs, 40.0).run(goal)
    assert result.agent_success and result.reason == f"done: {goal}" and result.collisions == 0
    (x0, y0), (x1, y1) = result.trajectory[0], result.trajectory[-1]
    farthest = max(math.hypot(x - x0, y - y0) for x, y in result.trajectory)
    assert 0.85 <= farthest <= 1.1 and math.hypot(x1 - x0, y1 - y0) <= 0.15


@pytest.mark.slow
def test_a_goal_that_asks_for_a_report_answers_it_with_the_result_once_the_steps_are_done() -> None:
    from lam_core.actors.factory import make_actor
    from lam_core.harness.lockstep import AgentConfigs, LockstepEpisode
    from lam_core.planning.factory import make_task_planning
    from lam_core.scenarios import make_scenario

    configs = AgentConfigs.load()
    scenario = make_scenario("goto", "heldout", 1)
    goal = f"{scenario.goal} and tell me what you see"
    result = LockstepEpisode(scenario, make_actor(configs.planner), make_task_planning(configs.planner), configs, 60.0).run(goal)
    assert result.success and result.reason.startswith(f"done: {goal}; I see "), result.reason


@pytest.mark.slow
def test_in_the_simulator_a_search_by_colour_and_something_seen_on_the_way_change_the_plan_as_the_goal_says() -> None:
    """Real physics and rendering, the shipped actor: "look for something green" finds the green box
    and goes to it; "go to the purple box, and if you see a green box on the way, go to it" goes to
    the green box when it comes into view, then on to the purple box."""
    from lam_core.actors.factory import make_actor
    from lam_core.harness.lockstep import AgentConfigs, LockstepEpisode
    from lam_core.planning.factory import make_task_planning
    from lam_core.scenarios import make_scenario

    configs = AgentConfigs.load()
    scenario = make_scenario("find", "heldout", 38)  # the green box starts out of view
    found = LockstepEpisode(scenario, make_actor(configs.planner), make_task_planning(configs.planner), configs,
                            60.0).run("look for something green")
    assert found.success and found.collisions == 0, found.reason
    assert [p.split(" (")[0] for p in found.plans] == [
        "r0 language: search(green object); navigate_to(green object)", "r1 language: navigate_to(green box)"]
    watched = LockstepEpisode(scenario, make_actor(configs.planner), make_task_planning(configs.planner), configs,
                              90.0).run("go to the purple box, and if you see a green box on the way, go to it")
    assert watched.agent_success and watched.collisions == 0, watched.reason
    assert [p.split(" (")[0] for p in watched.plans] == [
        "r0 language: navigate_to(purple box)", "r1 language: navigate_to(green box); navigate_to(purple box)"]


def test_the_detour_steers_around_low_obstacles_but_not_around_the_targets_own() -> None:
    """A slab below the lidar's plane (seen in depth: low obstacles) across the way to a box 2 m
    ahead: the scripted drive detours. The same cells on the near face of a wide target are its
    own: no detour."""
    from dataclasses import replace

    slab = tuple((x, y) for x in (0.825, 0.875, 0.925) for y in (-0.075, -0.025, 0.025, 0.075))
    box = _box(2.0, 0.0)
    across = ScriptedActor(ACTOR_CFG).decide(replace(_obs(box), low_obstacles_m=slab), STEP, 0)
    assert "detouring around an obstacle" in across.reason and abs(across.command.base.wz_radps) > 0.1, across.reason
    wide = DetectedObject("box", "red", (1.2, 0.0, 0.15), (0.8, 0.8, 0.3), 1.0)  # its near face 0.8 m ahead
    own = tuple((x, y) for x in (0.825, 0.875) for y in (-0.075, -0.025, 0.025, 0.075))
    straight = ScriptedActor(ACTOR_CFG).decide(replace(_obs(wide), low_obstacles_m=own), STEP, 0)
    assert "detouring" not in straight.reason and straight.command.base.wz_radps == pytest.approx(0.0, abs=1e-6)
    assert straight.command.base.vx_mps > 0.0
