"""The skill contract: the vocabulary every planner, actor, policy and the safety shield share.

A plan is a list of steps; each step names a *plan skill* and a target: an object "red box", a
pose "pose X Y" in odom [m], or a motion from where the robot stands when the step starts,
"turn RAD" (left positive) or "drive M" (forward positive); a stop's target is "" or "wait S" (stay
stopped S seconds).
An actor turns one step and an Observation into an ActionCommand and a StepOutcome.
ActionCommand.skill is a *command skill*: a plan skill, or one of the extra commands a backend may
send directly ("velocity", "arm", "hold"). The shield knows exactly the command skills below and
stops on anything else (default-deny).

This module names things; it implements none of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from lam_core.datatypes import ActionCommand, Observation, PlanStep

# Plan skills, in the order the policy's skill embedding indexes them.
SKILLS = ("navigate_to", "approach", "search", "pick", "place", "stop")
# Plan skills the learned policy drives; the others stay with the scripted primitives.
LEARNED_SKILLS = ("navigate_to", "approach", "search")
# Plan skills that move the arm or gripper (they need fresh joint states).
ARM_PLAN_SKILLS = ("pick", "place")
STOP_SKILL = "stop"
# The words a place's failure reason holds when the gripper was found empty (never holding, or the
# object shaken loose on the way): the plan is then tried again from the pick that took it.
NOTHING_HELD = "nothing in the gripper"

# Command skills, by what the shield lets them move.
BASE_COMMAND_SKILLS = frozenset({*LEARNED_SKILLS, "velocity"})  # base twist passed on after limiting
ARM_COMMAND_SKILLS = frozenset({*ARM_PLAN_SKILLS, "arm", "hold"})  # arm/gripper; the base is held still
STOP_COMMAND_SKILLS = frozenset({STOP_SKILL})
COMMAND_SKILLS = BASE_COMMAND_SKILLS | ARM_COMMAND_SKILLS | STOP_COMMAND_SKILLS

# "pose X Y": a point in odom [m], the target of a navigate_to to a place rather than an object.
POSE_TARGET = re.compile(r"^pose\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)$")


def pose_target(target: str) -> tuple[float, float] | None:
    """(x, y) in odom [m] of a "pose X Y" target; None for an object target."""
    match = POSE_TARGET.match(target.strip())
    return (float(match.group(1)), float(match.group(2))) if match else None


# "turn RAD", "drive M": relative to the robot's pose when the step starts.
MAX_TURN_RAD = 4 * math.pi  # the largest turn one step may ask for [rad]
MAX_DRIVE_M = 5.0           # the largest drive one step may ask for [m]
MAX_POINT_M = 10.0          # the farthest a point to drive to may be: from the robot (a goal), each coordinate (a model plan) [m]
MOTION_TARGET = re.compile(r"^(turn|drive)\s+(-?\d+(?:\.\d+)?)$")


def motion_target(target: str) -> tuple[str, float] | None:
    """("turn", rad) or ("drive", m) of a motion target; None for any other target."""
    match = MOTION_TARGET.match(target.strip())
    return (match.group(1), float(match.group(2))) if match else None


def motion_target_text(kind: str, amount: float) -> str:
    """The target text of a turn [rad, left positive] or a drive [m, forward positive]."""
    return f"{kind} {round(amount, 2) + 0.0:.2f}"


# "wait S": the target of a stop step that stays stopped S seconds (sim time) once still.
WAIT_TARGET = re.compile(r"^wait\s+(\d+(?:\.\d+)?)$")


def wait_target(target: str) -> float | None:
    """How long a "wait S" stop target stays stopped [s]; None for any other target."""
    match = WAIT_TARGET.match(target.strip())
    return float(match.group(1)) if match else None


def wait_target_text(seconds: float) -> str:
    return f"wait {round(seconds, 1):g}"


# The end of the description of a step whose time limit the goal set ("within a minute"): such a
# step is not retried when it times out (the time the goal gave has run out).
SAID_LIMIT_NOTE = "the time the goal gives"


def with_said_limit(step: PlanStep, limit_s: float) -> PlanStep:
    """``step`` with the time limit a goal set [s], its description saying so."""
    return replace(step, timeout_s=limit_s, description=f"{step.description}, within {limit_s:g} s: {SAID_LIMIT_NOTE}")


def has_said_limit(step: PlanStep) -> bool:
    return step.description.endswith(SAID_LIMIT_NOTE)


def pose_target_text(x_m: float, y_m: float) -> str:
    """The target text of a pose (2 decimals; never "-0.00")."""
    return f"pose {round(x_m, 2) + 0.0:.2f} {round(y_m, 2) + 0.0:.2f}"


class StepOutcome(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ActorDecision:
    command: ActionCommand
    outcome: StepOutcome
    reason: str
    target_distance_m: float  # NaN when unseen


@dataclass(frozen=True)
class ActorConfig:
    """How an actor runs the skills (from config/planner_node.yaml)."""

    stop_distance_m: float      # navigate_to: stop when the target centre is this close to base_link [m]
    arrive_tolerance_m: float   # navigate_to: done within stop_distance_m + this (poses: within this)
    min_speed_mps: float        # slowest approach speed, so the robot does not creep forever
    max_speed_mps: float        # the actor's own cruise speed (the shield enforces hard limits)
    max_turn_radps: float
    heading_gain: float         # yaw rate per rad of bearing error [1/s]
    speed_gain: float           # forward speed per metre of remaining distance [1/s]
    search_turn_radps: float    # turn rate while the target is not seen
    done_confirmations: int     # consecutive observations that confirm a step is done
    command_horizon_s: float    # validity of each command
    reach_distance_cube_m: float  # approach: object centre this far ahead of base_link (cubes) [m]
    reach_distance_bin_m: float   # approach: bins [m]
    reach_tolerance_cube_m: float  # approach: done within this along and across (cubes: grasp precision) [m]
    reach_tolerance_bin_m: float   # approach: bins [m]
    approach_speed_mps: float     # approach: speed cap [m/s]
    pregrasp_height_m: float      # pick: grasp point above the object centre before descending [m]
    lift_height_m: float          # pick: lift the object this far (its bottom this high above the floor) [m]
    carry_point_m: tuple[float, float, float]  # pick: then hold it here, beside the camera's view (base_link) [m]
    release_clearance_m: float    # place: the held object's bottom this far above the container's rim [m]
    release_offset_m: float       # place: release this far nearer than the container's centre (within reach) [m]
    gripper_open_m: float         # finger gap when open [m]
    grasp_min_opening_m: float    # closed gripper wider than this holds something [m]
    arm_tolerance_rad: float      # arm is at its target within this per joint [rad]
    arm_settle_radps: float       # ... and moving slower than this [rad/s]
    gripper_wait_s: float         # time a gripper open/close takes before it is checked [s]
    arm_phase_timeout_s: float    # one arm motion may take this long [s]
    still_speed_mps: float        # stop: odometry slower than this is still [m/s]
    avoid_clearance_m: float      # navigate_to: keep scan returns this far from the driving line [m]
    avoid_lookahead_m: float      # navigate_to: ... over this distance ahead [m]
    search_relocate_m: float      # look-around: after a whole turn unseen, move this far aside [m]; 0 = never
    policy_stall_s: float         # learned actor: standing still this long with the target seen, not done,
                                  # hands the step to the scripted controller [s]; 0 = never
    policy_progress_s: float      # learned actor: the target no nearer by PROGRESS_M this long hands the step
                                  # to the scripted controller [s]; 0 = never


class Actor(Protocol):
    """Observation + plan step -> ActionCommand. The plan runner drives any actor."""

    source: str

    def reset(self, goal: str = "", steps: tuple[PlanStep, ...] = ()) -> None:
        """A new goal or plan: forget per-step state; ``steps`` (the plan's) let an actor prepare
        for them before its first decision."""

    def stale_inputs(self, obs: Observation, step: PlanStep) -> list[str]:
        """Observation sources the step needs that are stale or missing; nothing moves while any is."""

    def decide(self, obs: Observation, step: PlanStep, step_index: int) -> ActorDecision: ...

    def diagnostics(self) -> dict[str, str]:
        """Key/values for /diagnostics about where the actor's decisions come from ({} when nothing to say)."""
