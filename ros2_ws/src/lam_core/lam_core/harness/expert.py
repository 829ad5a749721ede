"""The privileged expert: a data tool, never the agent. It is the scripted actor looking at an
observation whose detected objects sit at their ground-truth positions (it sees what the camera
sees, where it truly is). While collecting, its executed twist is perturbed now and then (the
recorded label stays the clean one), so the data shows how to recover from small errors."""

from __future__ import annotations

import random
from dataclasses import replace

from lam_core.actors.scripted import ScriptedActor
from lam_core.datatypes import DetectedObject, Observation, PlanStep, SimGroundTruth, Twist2D
from lam_core.geometry import into_frame
from lam_core.skills import LEARNED_SKILLS, ActorConfig, ActorDecision


def privileged_observation(obs: Observation, truth: SimGroundTruth) -> Observation:
    """``obs`` with each detected object moved to its ground-truth x, y in base_link."""
    by_name = {o.name: o for o in truth.objects}
    robot = truth.robot
    objects = []
    for detected in obs.objects:
        real = by_name.get(detected.name)
        if real is None:
            objects.append(detected)
            continue
        xy = into_frame(robot.x_m, robot.y_m, robot.yaw_rad, real.position_m[0], real.position_m[1])
        position = (*xy, detected.position_m[2])
        objects.append(DetectedObject(detected.label, detected.color, position, detected.size_m, 1.0, detected.track_id))
    return replace(obs, objects=tuple(objects))


class PerturbedExpert(ScriptedActor):
    """The scripted actor whose base command is perturbed with probability ``p`` per decision;
    ``clean_twist`` keeps the unperturbed command for the label."""

    source = "expert"

    def __init__(self, config: ActorConfig, p: float, std: tuple[float, float], seed: int) -> None:
        super().__init__(config)
        self.p, self.std, self.rng = p, std, random.Random(seed)
        self.clean_twist = Twist2D()

    def decide(self, obs: Observation, step: PlanStep, step_index: int) -> ActorDecision:
        decision = super().decide(obs, step, step_index)
        self.clean_twist = decision.command.base
        if step.skill in LEARNED_SKILLS and decision.command.skill != "stop" and self.rng.random() < self.p:
            noisy = Twist2D(self.clean_twist.vx_mps + self.rng.gauss(0.0, self.std[0]),
                            self.clean_twist.wz_radps + self.rng.gauss(0.0, self.std[1]))
            decision = replace(decision, command=replace(decision.command, base=noisy))
        return decision
