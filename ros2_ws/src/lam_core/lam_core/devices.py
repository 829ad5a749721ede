"""Torch devices named in configs and on command lines, checked before anything loads."""

from __future__ import annotations

import torch

from lam_core.errors import ConfigError


def torch_device(name: str) -> torch.device:
    """The torch device ``name`` (cpu, cuda, cuda:1, mps); ConfigError when the name is unknown or
    this machine has no device of that kind."""
    try:
        device = torch.device(name)
    except RuntimeError as exc:
        raise ConfigError(f"unknown torch device {name!r}: {exc}") from exc
    available = {"cpu": True, "cuda": torch.cuda.is_available(),
                 "mps": bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()}
    if not available.get(device.type, False):
        raise ConfigError(f"torch device {name!r} is not available here (cpu{', cuda' if available['cuda'] else ''})")
    return device
