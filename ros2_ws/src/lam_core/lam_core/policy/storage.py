"""A saved policy's files: config.json (format, PolicyConfig, metadata) and model.safetensors (the
state dict, float32), read and checked here; nothing is unpickled. Building the network from them
is LamPolicy.from_pretrained's (lam_core.policy.modeling)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file

from lam_core.errors import ConfigError
from lam_core.policy.configuration import PolicyConfig

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
FORMAT_NAME = "lam_policy"
FORMAT_VERSION = 1


class PolicyFileError(ConfigError):
    """A saved policy is missing, unreadable or does not fit its own config; ``path`` names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


def read_policy_config(directory: str | Path) -> tuple[PolicyConfig, dict[str, Any]]:
    """The PolicyConfig and metadata stored in ``directory``/config.json."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PolicyFileError(directory, "policy directory does not exist")
    path = directory / CONFIG_FILE
    if not path.is_file():
        raise PolicyFileError(path, f"missing {CONFIG_FILE}; a saved policy needs {CONFIG_FILE} and {WEIGHTS_FILE}")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PolicyFileError(path, f"cannot read policy config: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise PolicyFileError(path, f"not a policy config (expected \"format\": \"{FORMAT_NAME}\")")
    if document.get("format_version") != FORMAT_VERSION:
        raise PolicyFileError(path, f"format_version {document.get('format_version')!r} is not supported (expected {FORMAT_VERSION})")
    metadata = document.get("metadata", {})
    if not isinstance(metadata, dict):
        raise PolicyFileError(path, "metadata must be a mapping")
    try:
        config = PolicyConfig.from_dict(document.get("config"))
    except ConfigError as exc:
        raise PolicyFileError(path, str(exc)) from exc
    return config, metadata


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

