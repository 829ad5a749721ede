"""Turns an Observation and a PlanStep into the policy's input tensors. Every value that reaches
the network is finite; a missing or non-finite input becomes 0 with its validity flag at 0. The
state vector follows lam_core.policy.state_layout."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import torch

from lam_core.datatypes import Observation, PlanStep, Twist2D
from lam_core.errors import InputError
from lam_core.geometry import into_frame, wrap_angle
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.state_layout import TARGET_KINDS, joint_scales, policy_target_kind, state_layout
from lam_core.skills import POSE_TARGET
from lam_core.vocabulary import LABELS

FloatVector = npt.NDArray[np.float32]
TARGET_RANGE_LIMIT_M = 20.0
STATE_VALUE_LIMIT = 100.0
VELOCITY_LIMIT = 3.0  # normalised velocities are clipped to +- this


def _finite(value: float, default: float = 0.0) -> float:
    return value if math.isfinite(value) else default


def resample_sectors(ranges_m: Sequence[float], angle_min_rad: float, sector_width_rad: float, sectors: int,
                     range_max_m: float) -> FloatVector:
    """Minimum range [m] per output sector (output sector 0 centred on -pi, as ScanSummary). An
    output sector takes the minimum of the input sectors centred inside it, else the nearest one."""
    values = np.array([r if math.isfinite(r) and r >= 0 else range_max_m for r in ranges_m], dtype=np.float64)
    values = np.minimum(values, range_max_m)
    centres = angle_min_rad + sector_width_rad * np.arange(len(values))
    out_width = 2 * math.pi / sectors
    out_centres = -math.pi + out_width * np.arange(sectors)
    offset = wrap_angle(centres[None, :] - out_centres[:, None])  # (out, in) [rad]
    inside = np.abs(offset) <= out_width / 2
    nearest = np.argmin(np.abs(offset), axis=1)
    inside[np.arange(sectors), nearest] = True
    mins: FloatVector = np.where(inside, values[None, :], np.inf).min(axis=1).astype(np.float32)
    return mins


class PolicyProcessor:
    """Features of one (Observation, PlanStep) sample and batching; the text embedding of the
    step's instruction is computed apart (TextEncoder) so it can be cached per step."""

    def __init__(self, config: PolicyConfig) -> None:
        self.config = config
        self.layout = state_layout(config.scan_sectors)
        self.state_dim = sum(width for _, width in self.layout)
        self._slices: dict[str, slice] = {}
        start = 0
        for name, width in self.layout:
            self._slices[name] = slice(start, start + width)
            start += width
        self.arm_joints, self.gripper_joints, self._arm_scale, self._gripper_scale = joint_scales()

    def state_slice(self, name: str) -> slice:
        """Where feature ``name`` lies in the state vector."""
        try:
            return self._slices[name]
        except KeyError:
            raise InputError(f"no state feature {name!r}; the layout has {', '.join(self._slices)}") from None

    @staticmethod
    def instruction(goal: str, step: PlanStep) -> str:
        """The text the policy is conditioned on: the user's goal as given (so a paraphrase reaches
        the model) and the current step, e.g. "drive to the red box | navigate to red box"."""
        return f"{' '.join(goal.split())} | {step.skill.replace('_', ' ')} {step.target}".strip()

    # ------------------------------------------------------------------ one sample
    def features(self, obs: Observation, step: PlanStep) -> dict[str, np.ndarray]:
        """{"image": float32 (3, H, W) in [0, 1], "state": float32 (state_dim,), "skill": int64 ()}."""
        skill = np.int64(self.config.skill_index(step.skill))
        state = np.zeros(self.state_dim, dtype=np.float32)
        image, image_valid = self._image(obs)
        self._put(state, "image_valid", [image_valid])
        self._scan(state, obs)
        self._motion(state, obs)
        self._joints(state, obs)
        self._target(state, obs, step)
        state = np.clip(np.nan_to_num(state, nan=0.0, posinf=0.0, neginf=0.0), -STATE_VALUE_LIMIT, STATE_VALUE_LIMIT)
        return {"image": image, "state": state.astype(np.float32), "skill": np.asarray(skill, dtype=np.int64)}

    def _put(self, state: FloatVector, name: str, values: Sequence[float] | FloatVector) -> None:
        state[self._slices[name]] = values

    def _image(self, obs: Observation) -> tuple[FloatVector, float]:
        h, w = self.config.image_height, self.config.image_width
        blank = np.zeros((3, h, w), dtype=np.float32)
        thumb = obs.thumbnail
        if thumb is None:
            return blank, 0.0
        pixels = np.asarray(thumb.pixels)
        if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.shape[0] < 1 or pixels.shape[1] < 1:
            return blank, 0.0
        chw = torch.from_numpy(np.ascontiguousarray(pixels.transpose(2, 0, 1))).to(torch.float32).div_(255.0)
        if chw.shape[1:] != (h, w):
            chw = torch.nn.functional.interpolate(chw[None], size=(h, w), mode="bilinear", align_corners=False,
                                                  antialias=True)[0].clamp_(0.0, 1.0)
        return chw.numpy().astype(np.float32, copy=False), 1.0

    def _scan(self, state: FloatVector, obs: Observation) -> None:
        scan, n = obs.scan, self.config.scan_sectors
        usable = (scan.valid and len(scan.sector_min_range_m) > 0 and math.isfinite(scan.range_max_m) and scan.range_max_m > 0
                  and math.isfinite(scan.angle_min_rad) and math.isfinite(scan.sector_width_rad) and scan.sector_width_rad > 0)
        if not usable:
            self._put(state, "scan_range", np.ones(n, dtype=np.float32))
            return
        mins = resample_sectors(scan.sector_min_range_m, scan.angle_min_rad, scan.sector_width_rad, n, scan.range_max_m)
        self._put(state, "scan_range", np.clip(mins / scan.range_max_m, 0.0, 1.0))
        self._put(state, "scan_valid", [1.0])

    def _motion(self, state: FloatVector, obs: Observation) -> None:
        cfg, odom = self.config, obs.odometry
        if odom is not None and math.isfinite(odom.vx_mps) and math.isfinite(odom.wz_radps):
            self._put(state, "base_velocity", np.clip([odom.vx_mps / cfg.max_vx_mps, odom.wz_radps / cfg.max_wz_radps],
                                                      -VELOCITY_LIMIT, VELOCITY_LIMIT))
            self._put(state, "odometry_valid", [1.0])
        if math.isfinite(obs.yaw_rate_radps):
            self._put(state, "yaw_rate", [float(np.clip(obs.yaw_rate_radps / cfg.max_wz_radps, -VELOCITY_LIMIT, VELOCITY_LIMIT))])
            self._put(state, "yaw_rate_valid", [1.0])

    def _joints(self, state: FloatVector, obs: Observation) -> None:
        known: dict[str, float] = {}
        if obs.joints is not None:
            known = {n: float(q) for n, q in zip(obs.joints.names, obs.joints.positions_rad, strict=False)
                     if isinstance(q, (int, float)) and math.isfinite(q)}
        arm = [known.get(n, 0.0) / s for n, s in zip(self.arm_joints, self._arm_scale, strict=True)]
        gripper = [known.get(n, 0.0) / s for n, s in zip(self.gripper_joints, self._gripper_scale, strict=True)]
        self._put(state, "arm_position", arm)
        self._put(state, "gripper_position", gripper)
        self._put(state, "joint_valid", [1.0 if n in known else 0.0 for n in (*self.arm_joints, *self.gripper_joints)])

    def _target(self, state: FloatVector, obs: Observation, step: PlanStep) -> None:
        kind = np.zeros(len(TARGET_KINDS), dtype=np.float32)
        pose = POSE_TARGET.match(step.target.strip())
        if pose is not None:
            kind[TARGET_KINDS.index("pose")] = 1.0
            self._put(state, "target_kind", kind)
            odom = obs.odometry
            if odom is None:
                return
            p = odom.pose
            if not (math.isfinite(p.x_m) and math.isfinite(p.y_m) and math.isfinite(p.yaw_rad)):
                return
            xy = into_frame(p.x_m, p.y_m, p.yaw_rad, float(pose.group(1)), float(pose.group(2)))
            self._put_target(state, (*xy, 0.0), (0.0, 0.0, 0.0), 1.0)
            return
        color, _, label = step.target.strip().partition(" ")
        if label in LABELS:
            kind[TARGET_KINDS.index(policy_target_kind(label, step.skill))] = 1.0
        self._put(state, "target_kind", kind)
        seen = obs.find(color, label, step.object_id) if label else None
        if seen is None or not all(math.isfinite(v) for v in seen.position_m):
            return
        size = tuple(max(0.0, _finite(v)) for v in seen.size_m)
        self._put_target(state, seen.position_m, size, float(np.clip(_finite(seen.confidence), 0.0, 1.0)))

    def _put_target(self, state: FloatVector, position_m: Sequence[float], size_m: Sequence[float], confidence: float) -> None:
        x, y, z = (float(np.clip(v, -TARGET_RANGE_LIMIT_M, TARGET_RANGE_LIMIT_M)) for v in position_m)
        bearing = math.atan2(y, x)
        self._put(state, "target_position", [x, y, z])
        self._put(state, "target_distance", [math.hypot(x, y)])
        self._put(state, "target_bearing", [math.sin(bearing), math.cos(bearing)])
        self._put(state, "target_size", [min(v, TARGET_RANGE_LIMIT_M) for v in size_m])
        self._put(state, "target_confidence", [confidence])
        self._put(state, "target_visible", [1.0])

    # ------------------------------------------------------------------ batches and targets
    def collate(self, samples: Sequence[dict[str, np.ndarray]],
                text_embeddings: np.ndarray | Sequence[np.ndarray]) -> dict[str, torch.Tensor]:
        """Stack samples from ``features`` with their text embeddings (B, text_dim) into a batch:
        image (B, 3, H, W), state (B, state_dim), skill (B,) int64, text (B, text_dim) float32."""
        if len(samples) == 0:
            raise InputError("cannot collate an empty list of samples")
        text = np.asarray(text_embeddings, dtype=np.float32)
        if text.ndim == 1:
            text = text[None]
        if text.shape != (len(samples), self.config.text_dim):
            raise InputError(f"text embeddings have shape {text.shape}; expected ({len(samples)}, {self.config.text_dim})")
        if not np.isfinite(text).all():
            raise InputError("text embeddings contain NaN or inf")
        h, w = self.config.image_height, self.config.image_width
        for i, sample in enumerate(samples):
            if sample["image"].shape != (3, h, w) or sample["state"].shape != (self.state_dim,):
                raise InputError(f"sample {i} has image {sample['image'].shape} and state {sample['state'].shape}; "
                                 f"expected (3, {h}, {w}) and ({self.state_dim},)")
        return {
            "image": torch.from_numpy(np.stack([s["image"] for s in samples]).astype(np.float32, copy=False)),
            "state": torch.from_numpy(np.stack([s["state"] for s in samples]).astype(np.float32, copy=False)),
            "skill": torch.from_numpy(np.array([int(s["skill"]) for s in samples], dtype=np.int64)),
            "text": torch.from_numpy(text.copy()),
        }

    def normalize_twist(self, twist: Twist2D) -> FloatVector:
        """A base twist as a training target in the twist head's units, clipped to [-1, 1]."""
        vx = _finite(twist.vx_mps) / self.config.max_vx_mps
        wz = _finite(twist.wz_radps) / self.config.max_wz_radps
        return np.clip(np.array([vx, wz], dtype=np.float32), -1.0, 1.0)

    def twist_from_output(self, normalised: Sequence[float] | np.ndarray | torch.Tensor) -> Twist2D:
        """The twist head's output for one sample (2 values in [-1, 1]) as a Twist2D in base_link."""
        values = normalised.detach().cpu().numpy() if isinstance(normalised, torch.Tensor) else np.asarray(normalised)
        vx, wz = (float(v) for v in values.reshape(-1)[:2])
        return Twist2D(_finite(vx) * self.config.max_vx_mps, _finite(wz) * self.config.max_wz_radps)
