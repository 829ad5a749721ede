"""A saved policy's files: config.json (format, PolicyConfig, metadata) and model.safetensors (the
state dict, float32), read and checked here; nothing is unpickled. Building the network from them
is LamPolicy.from_pretrained's (lam_core.policy.modeling)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file

from lam_core.errors import ConfigError
from lam_core.model_files import WEIGHTS_FILE, read_model_config
from lam_core.policy.configuration import PolicyConfig

FORMAT_NAME = "lam_policy"
FORMAT_VERSION = 1


class PolicyFileError(ConfigError):
    """A saved policy is missing, unreadable or does not fit its own config; ``path`` names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


def read_policy_config(directory: str | Path) -> tuple[PolicyConfig, dict[str, Any]]:
    """The PolicyConfig and metadata stored in ``directory``/config.json."""
    return read_model_config(directory, FORMAT_NAME, FORMAT_VERSION, PolicyFileError, "make one with `lam train`",
                             PolicyConfig.from_dict)


def read_weights(directory: str | Path) -> dict[str, torch.Tensor]:
    """The tensors in ``directory``/model.safetensors, on the CPU, all finite."""
    path = Path(directory) / WEIGHTS_FILE
    if not path.is_file():
        raise PolicyFileError(path, f"missing {WEIGHTS_FILE}")
    try:
        tensors = load_file(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise PolicyFileError(path, f"corrupt or unreadable safetensors file: {exc}") from exc
    bad = [k for k, t in tensors.items() if t.is_floating_point() and not bool(torch.isfinite(t).all())]
    if bad:
        raise PolicyFileError(path, f"tensors contain NaN or inf: {first_items(bad)}")
    return tensors


def first_items(items: list[str], n: int = 5) -> str:
    if not items:
        return "none"
    more = f" and {len(items) - n} more" if len(items) > n else ""
    return ", ".join(items[:n]) + more

