"""Action chunks: a short timed sequence of future base twists from one observation.

The shipped policy answers one twist per observation. A chunk of ``length`` twists spaced
``period_s`` apart comes from rolling it out against predicted observations: after each element the
Observation is moved as the base would move under that twist while the world stands still
(``predict_observation``: the base pose, the objects and the scan's obstacle points carried into
the new base_link, the odometry's velocity set to the twist). The camera image cannot be predicted
and stays the last one seen. A chunk of length 1 is the plain policy step.

``PolicyChunk.twist_at`` gives the element in force at a time; the executor plays the same
elements from an ActionCommand's ``chunk`` (lam_core.safety.shield).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from lam_core.datatypes import DetectedObject, Observation, Odometry, PlanStep, Pose2D, ScanSummary, Twist2D
from lam_core.errors import ConfigError
from lam_core.geometry import into_frame, out_of_frame, wrap_angle
from lam_core.policy.factory import load_policy
from lam_core.policy.processor import PolicyProcessor
from lam_core.text import TextEncoder, shared_encoder

MAX_CHUNK_ELEMENTS = 100  # a policy source never answers with more


@dataclass(frozen=True)
class PolicyChunk:
    """Twists for the times ``stamp_ns + k * period_s`` (base_link [m/s, rad/s]), and the policy's
    done probability at the observation the chunk was made from (``stamp_ns``, that observation's
    clock [ns])."""

    stamp_ns: int
    twists: tuple[Twist2D, ...]
    period_s: float
    p_done: float
    source: str = "learned"

    @property
    def end_ns(self) -> int:
        """When the last element's period ends [ns]."""
        return self.stamp_ns + round(len(self.twists) * self.period_s * 1e9)

    def index_at(self, now_ns: int) -> int:
        """The element in force at ``now_ns`` (0 before the chunk's stamp); len(twists) once it has run out."""
        if now_ns >= self.end_ns:
            return len(self.twists)
        return max(0, int((now_ns - self.stamp_ns) * 1e-9 / self.period_s)) if self.period_s > 0 else 0

    def twist_at(self, now_ns: int) -> Twist2D | None:
        """The twist in force at ``now_ns``; None once the chunk has run out."""
        index = self.index_at(now_ns)
        return self.twists[index] if index < len(self.twists) else None


class ChunkSource(Protocol):
    """Where a learned actor gets its twists: the model in this process, or a policy server."""

    source: str
    chunk_length: int
    problem: str  # why the last chunk could not be had ("" when it could)

    def prepare(self, goal: str, steps: tuple[PlanStep, ...]) -> None:
        """A new plan: work that can be done before its first decision (the instructions' embeddings)."""
        ...

    def chunk(self, obs: Observation, goal: str, step: PlanStep) -> PolicyChunk | None:
        """The chunk in force for this observation; None when none is available (a server that has
        not answered), and the robot must then stand still."""
        ...

    def diagnostics(self) -> dict[str, str]:
        """Key/values for /diagnostics (a server's address, round trips, why it gives no chunk)."""
        ...

    def close(self) -> None: ...


def base_motion(twist: Twist2D, dt_s: float) -> tuple[float, float, float]:
    """(dx, dy, dyaw): where base_link is after ``dt_s`` at a constant ``twist``, in the old base_link [m, rad]."""
    vx, wz = twist.vx_mps, twist.wz_radps
    dyaw = wz * dt_s
    if abs(wz) < 1e-9:
        return vx * dt_s, 0.0, dyaw
    return vx / wz * math.sin(dyaw), vx / wz * (1.0 - math.cos(dyaw)), dyaw


def object_after(obj: DetectedObject, twist: Twist2D, dt_s: float) -> DetectedObject:
    """A standing object as seen from base_link after ``dt_s`` at ``twist``."""
    x, y = into_frame(*base_motion(twist, dt_s), obj.position_m[0], obj.position_m[1])
    return replace(obj, position_m=(x, y, obj.position_m[2]))


def _predict_scan(scan: ScanSummary, motion: tuple[float, float, float]) -> ScanSummary:
    """The scan summary's obstacle points carried into the moved base_link and binned again; sectors
    that no point falls into read as free (range_max)."""
    if not scan.valid or not scan.sector_min_range_m or scan.sector_width_rad <= 0 or not math.isfinite(scan.range_max_m):
        return scan
    ranges = np.asarray(scan.sector_min_range_m, dtype=np.float64)
    hits = np.isfinite(ranges) & (ranges < scan.range_max_m)
    angles = scan.angle_min_rad + scan.sector_width_rad * np.arange(len(ranges))
    moved = [into_frame(*motion, r * math.cos(a), r * math.sin(a)) for r, a in zip(ranges[hits], angles[hits], strict=True)]
    nx, ny = np.array([p[0] for p in moved]), np.array([p[1] for p in moved])
    new_ranges = np.full(len(ranges), scan.range_max_m)
    if moved:
        r = np.hypot(nx, ny)
        sector = np.round(np.asarray(wrap_angle(np.arctan2(ny, nx) - scan.angle_min_rad)) % (2 * math.pi)
                          / scan.sector_width_rad).astype(int) % len(ranges)
        np.minimum.at(new_ranges, sector, r)
    nearest = int(np.argmin(new_ranges))
    return replace(scan, sector_min_range_m=tuple(float(v) for v in new_ranges),
                   nearest_range_m=float(new_ranges[nearest]) if new_ranges[nearest] < scan.range_max_m else math.inf,
                   nearest_bearing_rad=float(angles[nearest]),
                   free_bearing_rad=float(wrap_angle(scan.free_bearing_rad - motion[2])))


def predict_observation(obs: Observation, twist: Twist2D, dt_s: float) -> Observation:
    """``obs`` ``dt_s`` later if the base moved at ``twist`` and nothing else moved: odometry pose and
    velocity, the objects' and the scan's positions in base_link, the yaw rate; the image, the arm
    and the sources' health stay as they were."""
    motion = base_motion(twist, dt_s)
    objects = tuple(object_after(o, twist, dt_s) for o in obs.objects)
    odometry = obs.odometry
    if odometry is not None:
        p = odometry.pose
        pose = Pose2D(*out_of_frame(p.x_m, p.y_m, p.yaw_rad, motion[0], motion[1]), wrap_angle(p.yaw_rad + motion[2]))
        odometry = Odometry(odometry.stamp_ns + round(dt_s * 1e9), pose, twist.vx_mps, twist.wz_radps)
    return replace(obs, stamp_ns=obs.stamp_ns + round(dt_s * 1e9), objects=objects, scan=_predict_scan(obs.scan, motion),
                   odometry=odometry, yaw_rate_radps=twist.wz_radps)


class LocalPolicy:
    """The policy network in this process, answering chunks by rollout (``length`` 1: one step)."""

    source = "learned"
    problem = ""  # the model is here: there is never a reason to wait

    def __init__(self, model: Any, processor: PolicyProcessor, text: TextEncoder, length: int = 1,
                 period_s: float = 0.1, device: torch.device | None = None) -> None:
        if not 1 <= length <= MAX_CHUNK_ELEMENTS or not (length == 1 or period_s > 0):
            raise ConfigError(f"chunk length {length} (1..{MAX_CHUNK_ELEMENTS}) with period {period_s} s")
        self.device = device if device is not None else torch.device("cpu")
        self.model, self.processor, self.text = model.to(self.device), processor, text
        self.chunk_length, self.period_s = length, period_s

    def prepare(self, goal: str, steps: tuple[PlanStep, ...]) -> None:
        if steps:
            self.text.encode([self.processor.instruction(goal, step) for step in steps])

    def chunk(self, obs: Observation, goal: str, step: PlanStep) -> PolicyChunk:
        embedding = self.text.encode([self.processor.instruction(goal, step)])
        twists: list[Twist2D] = []
        p_done = 0.0
        predicted = obs
        for k in range(self.chunk_length):
            if k > 0:
                predicted = predict_observation(predicted, twists[-1], self.period_s)
            with torch.inference_mode():
                batch = self.processor.collate([self.processor.features(predicted, step)], embedding)
                out = self.model({name: value.to(self.device) for name, value in batch.items()})
            twists.append(self.processor.twist_from_output(out["twist"][0]))
            if k == 0:
                p_done = float(torch.sigmoid(out["done_logit"][0]))
        return PolicyChunk(obs.stamp_ns, tuple(twists), self.period_s, p_done, self.source)

    def diagnostics(self) -> dict[str, str]:
        return {}

    def close(self) -> None:
        pass


def load_local_policy(policy_dir: str | Path, length: int = 1, period_s: float = 0.1,
                      text: TextEncoder | None = None, device: torch.device | None = None) -> LocalPolicy:
    """The policy in ``policy_dir`` (errors name a missing or corrupt file) with the shared text encoder."""
    model, config = load_policy(policy_dir)
    return LocalPolicy(model, PolicyProcessor(config), text if text is not None else shared_encoder(), length, period_s,
                       device)
