"""Configuration of the LAM policy model: input sizes, network width and output normalisation."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from lam_core.errors import ConfigError
from lam_core.policy.state_layout import state_dim_for
from lam_core.skills import SKILLS

# cnn: trained here with the policy; efficientnet_lite0: ImageNet EfficientNet-Lite0 from its wheel, frozen.
IMAGE_ENCODERS: tuple[str, ...] = ("cnn", "efficientnet_lite0")
MIN_IMAGE_SIZE_PX = 16


@dataclass(frozen=True)
class PolicyConfig:
    """Everything needed to rebuild a LamPolicy. image_*: size the thumbnail is resized to [px];
    max_vx_mps / max_wz_radps: the base twist that maps to +-1 at the twist head's output;
    twist_bins: 0 = the twist head regresses each component (tanh), K >= 3 = it classifies each
    component over K bin centres evenly spaced on [-1, 1] (one mode is kept where the expert's
    choices split, e.g. passing an obstacle left or right, instead of their average)."""

    image_height: int = 48
    image_width: int = 64
    d_model: int = 128
    n_layers: int = 2
    n_heads: int = 4
    dropout: float = 0.1
    text_dim: int = 384
    scan_sectors: int = 36
    max_vx_mps: float = 0.5
    max_wz_radps: float = 1.5
    skills: tuple[str, ...] = SKILLS
    image_encoder: str = "cnn"
    twist_bins: int = 0

    def __post_init__(self) -> None:
        for name in ("image_height", "image_width", "d_model", "n_layers", "n_heads", "text_dim", "scan_sectors"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"policy config: {name} must be a positive integer, got {value!r}")
        for name in ("image_height", "image_width"):
            if getattr(self, name) < MIN_IMAGE_SIZE_PX:
                raise ConfigError(f"policy config: {name} must be at least {MIN_IMAGE_SIZE_PX} px, got {getattr(self, name)}")
        if self.d_model % self.n_heads != 0:
            raise ConfigError(f"policy config: d_model ({self.d_model}) must be divisible by n_heads ({self.n_heads})")
        for name in ("dropout", "max_vx_mps", "max_wz_radps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ConfigError(f"policy config: {name} must be a finite number, got {value!r}")
        if not 0.0 <= self.dropout < 1.0:
            raise ConfigError(f"policy config: dropout must be in [0, 1), got {self.dropout}")
        if self.max_vx_mps <= 0.0 or self.max_wz_radps <= 0.0:
            raise ConfigError(f"policy config: max_vx_mps and max_wz_radps must be > 0, got {self.max_vx_mps}, {self.max_wz_radps}")
        if not isinstance(self.skills, tuple) or not self.skills:
            raise ConfigError(f"policy config: skills must be a non-empty tuple of names, got {self.skills!r}")
        if not all(isinstance(s, str) and s for s in self.skills) or len(set(self.skills)) != len(self.skills):
            raise ConfigError(f"policy config: skills must be distinct non-empty strings, got {self.skills!r}")
        if isinstance(self.twist_bins, bool) or not isinstance(self.twist_bins, int) or self.twist_bins in (1, 2) or self.twist_bins < 0:
            raise ConfigError(f"policy config: twist_bins must be 0 (regression) or at least 3, got {self.twist_bins!r}")
        if self.image_encoder not in IMAGE_ENCODERS:
            raise ConfigError(f"policy config: image_encoder {self.image_encoder!r} is not supported; use one of {IMAGE_ENCODERS}")

    @property
    def state_dim(self) -> int:
        """Width of the processor's state vector (derived from its feature layout)."""
        return state_dim_for(self.scan_sectors)

    def skill_index(self, skill: str) -> int:
        try:
            return self.skills.index(skill)
        except ValueError:
            raise ConfigError(f"policy config: unknown skill {skill!r}; the policy knows {', '.join(self.skills)}") from None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict; state_dim is included so a saved model records the layout it was trained on."""
        data = asdict(self)
        data["skills"] = list(self.skills)
        data["state_dim"] = self.state_dim
        return data

    @staticmethod
    def from_dict(data: Any) -> PolicyConfig:
        if not isinstance(data, dict):
            raise ConfigError(f"policy config must be a mapping, got {type(data).__name__}")
        known = {f.name for f in fields(PolicyConfig)}
        unknown = sorted(set(data) - known - {"state_dim"})
        if unknown:
            raise ConfigError(f"policy config: unknown keys {unknown}; expected some of {sorted(known)}")
        values = {k: v for k, v in data.items() if k in known}
        if "skills" in values:
            if not isinstance(values["skills"], (list, tuple)):
                raise ConfigError(f"policy config: skills must be a list of names, got {values['skills']!r}")
            values["skills"] = tuple(values["skills"])
        config = PolicyConfig(**values)
        if "state_dim" in data and data["state_dim"] != config.state_dim:
            raise ConfigError(
                f"policy config: state_dim {data['state_dim']!r} does not match this code's feature layout "
                f"({config.state_dim} for {config.scan_sectors} scan sectors)"
            )
        return config
