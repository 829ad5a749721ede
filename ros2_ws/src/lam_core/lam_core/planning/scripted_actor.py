"""Scripted actor: perception-only controller for a plan step. Reads only the Observation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from lam_core.errors import GoalError
from lam_core.types import ActionCommand, DetectedObject, Observation, PlanStep, Twist2D


class StepOutcome(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ActorConfig:
    stop_distance_m: float      # stop when the target centre is this close to base_link [m]
    arrive_tolerance_m: float   # the step is done within stop_distance_m + this
    min_speed_mps: float        # slowest approach speed, so the robot does not creep forever
    max_speed_mps: float        # the actor's own cruise speed (the shield enforces hard limits)
    max_turn_radps: float
    heading_gain: float         # yaw rate per rad of bearing error [1/s]
    speed_gain: float           # forward speed per metre of remaining distance [1/s]
    search_turn_radps: float    # turn rate while the target is not seen
    done_confirmations: int     # consecutive observations within stop distance to finish
    command_horizon_s: float    # validity of each command


@dataclass(frozen=True)
class ActorDecision:
    command: ActionCommand
    outcome: StepOutcome
    reason: str
    target_distance_m: float  # NaN when unseen


class ScriptedNavigateActor:
    """Turns towards the target object, drives up to it and stops; turns in place to look for it
    when it is not in view."""

    source = "scripted"
    # Observation sources that must be fresh before the actor may command motion.
    required_sources = ("objects", "odom")

    def __init__(self, config: ActorConfig) -> None:
        self.config = config
        self._close_count = 0

    def reset(self) -> None:
        self._close_count = 0

    def stale_inputs(self, obs: Observation) -> list[str]:
        """Required sources that are stale or missing; the robot must not move while any is."""
        present = {s.name: s.stale for s in obs.sources}
        return [name for name in self.required_sources if present.get(name, True)]

    def decide(self, obs: Observation, step: PlanStep, step_index: int) -> ActorDecision:
        if step.skill != "navigate_to":
            raise GoalError(f"the scripted actor cannot run skill {step.skill!r}")
        color, _, label = step.target.partition(" ")
        target: DetectedObject | None = obs.find(color, label)
        cfg = self.config

        def command(twist: Twist2D, skill: str) -> ActionCommand:
            return ActionCommand(
                stamp_ns=obs.stamp_ns, skill=skill, target=step.target, plan_step=step_index, base=twist,
                horizon_s=cfg.command_horizon_s, source=self.source, confidence=1.0 if target else 0.5,
            )

        if target is None:
            self._close_count = 0
            twist = Twist2D(0.0, cfg.search_turn_radps)
            return ActorDecision(command(twist, "search"), StepOutcome.RUNNING, f"looking for the {step.target}", math.nan)
        distance, bearing = target.distance_m, target.bearing_rad
        remaining = distance - cfg.stop_distance_m
        if remaining <= cfg.arrive_tolerance_m:
            self._close_count += 1
            outcome = StepOutcome.DONE if self._close_count >= cfg.done_confirmations else StepOutcome.RUNNING
            return ActorDecision(command(Twist2D(), "stop"), outcome, f"at the {step.target}", distance)
        self._close_count = 0
        wz = max(-cfg.max_turn_radps, min(cfg.max_turn_radps, cfg.heading_gain * bearing))
        alignment = max(0.0, math.cos(bearing)) ** 4
        vx = min(cfg.max_speed_mps, max(cfg.min_speed_mps, cfg.speed_gain * remaining)) * alignment
        return ActorDecision(
            command(Twist2D(vx, wz), "navigate_to"), StepOutcome.RUNNING, f"driving to the {step.target}", distance
        )
