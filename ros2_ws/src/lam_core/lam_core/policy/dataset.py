"""Demonstrations for the policy: a privileged scripted expert drives train-split episodes in the
lockstep harness; every kept decision becomes a sample of what the robot perceived (features of
the perceived Observation, not of the ground truth) and what the expert did. Each decision of a
learned skill is a LabelledDecision; a sink may record them (lam train writes them as rosbags,
lam_bringup.demonstration_bags), and SampleBuilder turns them into samples, in memory or from
those bags alike.

The expert is a data tool, never the agent: it is the scripted actor looking at an observation
whose detected objects sit at their ground-truth positions (it sees what the camera sees, where it
truly is). While collecting, its executed twist is perturbed now and then (the recorded label stays
the clean one), so the data shows how to recover from small errors.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from lam_core.errors import ConfigError
from lam_core.geometry import into_frame
from lam_core.lockstep import AgentConfigs, LockstepEpisode
from lam_core.planning.plan_runner import Actor, RunnerTick
from lam_core.planning.scripted_actor import ActorDecision, ScriptedActor
from lam_core.policy.goals import goal_for
from lam_core.policy.memory import TargetMemory
from lam_core.policy.processor import PolicyProcessor
from lam_core.scenarios import make_scenario
from lam_core.types import ActionCommand, DetectedObject, Observation, Plan, PlanStep, SimGroundTruth, Twist2D

LEARNED_SKILLS = ("navigate_to", "approach", "search")  # the policy drives these; arm skills stay scripted
COLLECT_FAMILIES = ("goto", "avoid", "find", "pick", "place")


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


@dataclass(frozen=True)
class LabelledDecision:
    """One decision of a learned skill: what the robot perceived, the plan step and the goal text,
    and the expert's command for it (``label``: its unperturbed base twist; skill "stop" where the
    step's condition holds)."""

    obs: Observation
    step: PlanStep
    step_index: int
    goal: str
    label: ActionCommand

    @property
    def done(self) -> bool:
        return self.label.skill == "stop"


class DecisionSink(Protocol):
    """Records an episode's labelled decisions (e.g. into a rosbag); closed at the episode's end."""

    def __call__(self, decision: LabelledDecision, plan: Plan, truth: SimGroundTruth) -> None: ...

    def close(self) -> None: ...


Row = tuple[np.ndarray, np.ndarray, int, int, np.ndarray, float]


class SampleBuilder:
    """One episode's labelled decisions, in order, to training rows: the target memory sees every
    decision (as the learned actor does), every ``stride``-th becomes a row (uint8 image, state,
    skill, text index into ``texts``, normalised twist label, done)."""

    def __init__(self, processor: PolicyProcessor, stride: int, texts: dict[str, int]) -> None:
        self.processor, self.stride, self.texts = processor, stride, texts
        self.memory = TargetMemory()
        self.count = 0
        self.rows: list[Row] = []

    def add(self, decision: LabelledDecision) -> None:
        step = decision.step
        if step.skill not in LEARNED_SKILLS:
            return
        seen = self.memory.fill(decision.obs, step.target)  # as the learned actor will see it
        self.count += 1
        if self.count % self.stride:
            return
        features = self.processor.features(seen, step)
        index = self.texts.setdefault(self.processor.instruction(decision.goal, step), len(self.texts))
        image = np.round(features["image"] * 255.0).astype(np.uint8)
        self.rows.append((image, features["state"], int(features["skill"]), index,
                          self.processor.normalize_twist(decision.label.base), 1.0 if decision.done else 0.0))


class PerturbedExpert(ScriptedActor):
    """The scripted actor whose base command is perturbed with probability ``p`` per decision;
    ``clean_twist`` keeps the unperturbed command for the label."""

    source = "expert"

    def __init__(self, config, p: float, std: tuple[float, float], seed: int) -> None:  # type: ignore[no-untyped-def]
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


@dataclass
class Demonstrations:
    """Samples as arrays: images uint8 (N, 3, H, W), states float32 (N, D), skills int64 (N,),
    text index int64 (N,) into ``texts``, twist labels float32 (N, 2) normalised, done float32 (N,),
    episode int64 (N,)."""

    images: np.ndarray
    states: np.ndarray
    skills: np.ndarray
    text_index: np.ndarray
    twists: np.ndarray
    done: np.ndarray
    episode: np.ndarray
    texts: list[str] = field(default_factory=list)
    episodes: list[dict[str, object]] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.states.shape[0])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, images=self.images, states=self.states, skills=self.skills, text_index=self.text_index,
                            twists=self.twists, done=self.done, episode=self.episode, texts=np.array(self.texts),
                            episodes=np.array([repr(e) for e in self.episodes]))

    @staticmethod
    def merge(parts: list[Demonstrations]) -> Demonstrations:
        """One set from several (texts re-indexed, episodes renumbered in order)."""
        texts: dict[str, int] = {}
        text_index, episode, offset = [], [], 0
        for part in parts:
            remap = np.array([texts.setdefault(t, len(texts)) for t in part.texts], dtype=np.int64)
            text_index.append(remap[part.text_index])
            episode.append(part.episode + offset)
            offset += int(part.episode.max()) + 1 if len(part) else 0
        return Demonstrations(
            np.concatenate([p.images for p in parts]), np.concatenate([p.states for p in parts]),
            np.concatenate([p.skills for p in parts]), np.concatenate(text_index), np.concatenate([p.twists for p in parts]),
            np.concatenate([p.done for p in parts]), np.concatenate(episode), sorted(texts, key=texts.__getitem__),
            [e for p in parts for e in p.episodes],
        )

    @staticmethod
    def load(path: Path) -> Demonstrations:
        if not path.is_file():
            raise ConfigError(f"demonstrations not found: {path}")
        with np.load(path) as data:
            return Demonstrations(data["images"], data["states"], data["skills"], data["text_index"], data["twists"],
                                  data["done"], data["episode"], [str(t) for t in data["texts"]])

    @staticmethod
    def from_rows(episodes: list[list[Row]], texts: dict[str, int], summaries: list[dict[str, object]]) -> Demonstrations:
        """A set from each episode's rows (SampleBuilder.rows), episodes numbered in order."""
        rows = [row for episode in episodes for row in episode]
        if not rows:
            raise ConfigError("the demonstrations hold no samples")
        return Demonstrations(
            images=np.stack([r[0] for r in rows]), states=np.stack([r[1] for r in rows]),
            skills=np.array([r[2] for r in rows], dtype=np.int64), text_index=np.array([r[3] for r in rows], dtype=np.int64),
            twists=np.stack([r[4] for r in rows]).astype(np.float32), done=np.array([r[5] for r in rows], dtype=np.float32),
            episode=np.array([n for n, episode in enumerate(episodes) for _ in episode], dtype=np.int64),
            texts=sorted(texts, key=texts.__getitem__), episodes=summaries,
        )


class _Recorder:
    """Labels every decision of a learned skill with the expert's command and hands it to the
    SampleBuilder (and the sink, if any). With ``shadow`` the expert did not drive: it decides on
    the privileged view of each observation the acting policy saw, and that decision is the label
    (DAgger: the data then covers the states the policy itself reaches)."""

    def __init__(self, builder: SampleBuilder, expert: PerturbedExpert, goal: str, shadow: bool = False,
                 sink: DecisionSink | None = None) -> None:
        self.builder, self.expert, self.goal, self.shadow, self.sink = builder, expert, goal, shadow, sink

    def __call__(self, obs: Observation, tick: RunnerTick, truth: SimGroundTruth) -> None:
        step = tick.step
        if step is None or step.skill not in LEARNED_SKILLS:
            return
        command = tick.command
        if self.shadow:  # every observation, so the expert's own step state stays consistent
            command = self.expert.decide(privileged_observation(obs, truth), step, tick.step_index).command
        # the expert holds still exactly when the step's condition holds; the label is its unperturbed twist
        label = replace(command, base=self.expert.clean_twist, source=self.expert.source, plan_step=tick.step_index)
        decision = LabelledDecision(obs, step, tick.step_index, self.goal, label)
        self.builder.add(decision)
        if self.sink is not None and tick.plan is not None:
            self.sink(decision, tick.plan, truth)


def collect(processor: PolicyProcessor, episodes: Iterable[tuple[str, int]], configs: AgentConfigs, *, stride: int = 2,
            perturb_p: float = 0.2, perturb_std: tuple[float, float] = (0.1, 0.4), max_sim_s: float = 90.0,
            progress: Callable[[int, dict[str, object]], None] | None = None,
            acting: Actor | None = None, sink: Callable[[str, int], DecisionSink] | None = None) -> Demonstrations:
    """Run (family, seed) train-split episodes and keep every ``stride``-th decision of a learned
    skill, labelled by the expert: the expert drives, or ``acting`` (a policy) drives and the expert
    labels what it would have done (DAgger). ``sink(family, seed)`` makes a recorder per episode."""
    texts: dict[str, int] = {}
    episodes_rows: list[list[Row]] = []
    summaries: list[dict[str, object]] = []
    for number, (family, seed) in enumerate(episodes):
        scenario = make_scenario(family, "train", seed)
        goal = goal_for(scenario)
        expert = PerturbedExpert(configs.planner.actor_config(), 0.0 if acting else perturb_p, perturb_std, seed)
        builder = SampleBuilder(processor, stride, texts)
        episode_sink = sink(family, seed) if sink is not None else None
        recorder = _Recorder(builder, expert, goal, shadow=acting is not None, sink=episode_sink)
        driver = acting if acting is not None else expert
        try:
            result = LockstepEpisode(scenario, driver, configs.planner.make_task_planning(), configs, max_sim_s,
                                     on_decision=recorder, privileged=None if acting else privileged_observation).run(goal)
        finally:
            if episode_sink is not None:
                episode_sink.close()
        episodes_rows.append(builder.rows)
        summary = {"family": family, "seed": seed, "goal": goal, "success": result.success, "samples": len(builder.rows),
                   "sim_s": round(result.sim_s, 1)}
        summaries.append(summary)
        if progress is not None:
            progress(number, summary)
    if not any(episodes_rows):
        raise ConfigError("the expert produced no samples")
    return Demonstrations.from_rows(episodes_rows, texts, summaries)
