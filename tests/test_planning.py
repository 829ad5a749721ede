"""Rule-based task planner and the scripted actor."""

from __future__ import annotations

import math

import pytest

from lam_core.errors import GoalError
from lam_core.planning.scripted_actor import ActorConfig, ScriptedNavigateActor, StepOutcome
from lam_core.planning.task_planner import RuleTaskPlanner, parse_target
from lam_core.types import EMPTY_SCAN_SUMMARY, DetectedObject, Observation, PlanStep

PLANNER = RuleTaskPlanner(60.0)
ACTOR_CFG = ActorConfig(0.55, 0.05, 0.08, 0.45, 1.0, 1.5, 0.8, 0.5, 3, 0.5)


@pytest.mark.parametrize(
    "goal", ["go to the red box", "Please drive to the RED box.", "approach the red box", "navigate towards the red boxes"]
)
def test_navigation_goals_become_a_navigate_step(goal: str) -> None:
    plan = PLANNER.plan(goal)
    assert [(s.skill, s.target) for s in plan.steps] == [("navigate_to", "red box")]
    assert plan.planner == "rules" and plan.steps[0].timeout_s == 60.0


@pytest.mark.parametrize(
    "goal,reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("go to the purple elephant", "names nothing I know"),
        ("go to the red " + "very " * 100 + "box", "longer than"),
        ("paint the red box", "only go to objects"),
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
    actor = ScriptedNavigateActor(ACTOR_CFG)
    d = actor.decide(_obs(_box(2.0, 0.5), _box(1.0, -0.5, "blue")), STEP, 0)
    assert d.outcome is StepOutcome.RUNNING and d.command.skill == "navigate_to"
    assert d.command.base.wz_radps > 0.3 and 0.0 < d.command.base.vx_mps <= ACTOR_CFG.max_speed_mps
    assert d.target_distance_m == pytest.approx(math.hypot(2.0, 0.5))
    behind = actor.decide(_obs(_box(-1.0, 0.1)), STEP, 0)
    assert behind.command.base.vx_mps == pytest.approx(0.0, abs=1e-9), "never drive forward away from the target"


def test_actor_searches_when_the_target_is_not_seen() -> None:
    d = ScriptedNavigateActor(ACTOR_CFG).decide(_obs(_box(1.0, 0.0, "blue")), STEP, 0)
    assert d.command.skill == "search" and d.command.base.vx_mps == 0.0 and d.command.base.wz_radps != 0.0
    assert math.isnan(d.target_distance_m)


def test_actor_finishes_after_confirmations_at_stop_distance() -> None:
    actor = ScriptedNavigateActor(ACTOR_CFG)
    outcomes = [actor.decide(_obs(_box(0.57, 0.0)), STEP, 0) for _ in range(3)]
    assert [o.outcome for o in outcomes] == [StepOutcome.RUNNING, StepOutcome.RUNNING, StepOutcome.DONE]
    assert all(o.command.skill == "stop" and o.command.base.vx_mps == 0.0 for o in outcomes)


def test_actor_refuses_skills_it_does_not_know() -> None:
    with pytest.raises(GoalError):
        ScriptedNavigateActor(ACTOR_CFG).decide(_obs(), PlanStep("pick", "red box", "", 10.0), 0)


def test_actor_names_stale_or_missing_inputs() -> None:
    from lam_core.types import SourceStatus

    actor = ScriptedNavigateActor(ACTOR_CFG)
    fresh = SourceStatus("objects", 0.01, False, 15.0, 0)
    stale_odom = SourceStatus("odom", 0.5, True, 0.0, 0)
    obs = Observation(1, (fresh, stale_odom), (), EMPTY_SCAN_SUMMARY, None, 0.0, None, None)
    assert actor.stale_inputs(obs) == ["odom"]
    assert actor.stale_inputs(_obs()) == ["objects", "odom"], "missing sources count as stale"
