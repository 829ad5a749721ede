"""Demonstrations for the policy, as data: each decision of a learned skill is a LabelledDecision
(what the robot perceived, the plan step, the goal, the expert's command); a sink may record them
(lam train writes them as rosbags, lam_bringup.demonstration_bags), and SampleBuilder turns them
into training rows, in memory or from those bags alike. Demonstrations holds the rows as arrays.
Collecting them in the simulator is the harness's job (lam_core.harness.demonstrations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from lam_core.datatypes import ActionCommand, Observation, Plan, PlanStep, SimGroundTruth
from lam_core.errors import ConfigError
from lam_core.policy.memory import TargetMemory
from lam_core.policy.processor import PolicyProcessor
from lam_core.skills import LEARNED_SKILLS


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
        seen = self.memory.fill(decision.obs, step.target, step.object_id)  # as the learned actor will see it
        self.count += 1
        if self.count % self.stride:
            return
        features = self.processor.features(seen, step)
        index = self.texts.setdefault(self.processor.instruction(decision.goal, step), len(self.texts))
        image = np.round(features["image"] * 255.0).astype(np.uint8)
        self.rows.append((image, features["state"], int(features["skill"]), index,
                          self.processor.normalize_twist(decision.label.base), 1.0 if decision.done else 0.0))


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


