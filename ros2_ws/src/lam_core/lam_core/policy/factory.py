"""Build, save and load a LamPolicy. A saved policy is a directory with config.json (format,
PolicyConfig, metadata), model.safetensors (the state dict, float32) and README.md (its model card,
generated from the other two)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from lam_core.errors import ConfigError
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.model_card import MODEL_CARD_FILE, model_card
from lam_core.policy.modeling import LamPolicy

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
FORMAT_NAME = "lam_policy"
FORMAT_VERSION = 1


class PolicyFileError(ConfigError):
    """A saved policy is missing, unreadable or does not fit its own config; ``path`` names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


def build_policy(config: PolicyConfig) -> LamPolicy:
    return LamPolicy(config)


def save_policy(model: LamPolicy, config: PolicyConfig, directory: str | Path, extra_metadata: dict[str, Any] | None = None) -> Path:
    """Write config.json and model.safetensors into ``directory`` (created if needed); returns it.
    extra_metadata must be JSON-serialisable (e.g. training run, data set, metrics)."""
    if model.config != config:
        raise ConfigError("save_policy: the model was built from a different PolicyConfig than the one given")
    directory = Path(directory)
    document = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "config": config.to_dict(),
                "metadata": dict(extra_metadata or {})}
    try:
        text = json.dumps(document, indent=2, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"save_policy: extra_metadata is not JSON-serialisable: {exc}") from exc
    tensors = {name: t.detach().to("cpu", torch.float32).contiguous() for name, t in model.state_dict().items()}
    directory.mkdir(parents=True, exist_ok=True)
    weights, config_path = directory / WEIGHTS_FILE, directory / CONFIG_FILE
    save_file(tensors, str(weights) + ".tmp", metadata={"format": FORMAT_NAME, "format_version": str(FORMAT_VERSION)})
    os.replace(str(weights) + ".tmp", weights)
    config_path.with_suffix(".json.tmp").write_text(text + "\n", encoding="utf-8")
    os.replace(config_path.with_suffix(".json.tmp"), config_path)
    (directory / MODEL_CARD_FILE).write_text(model_card(config, dict(extra_metadata or {})), encoding="utf-8")
    return directory


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


def load_policy(directory: str | Path) -> tuple[LamPolicy, PolicyConfig]:
    """Rebuild the policy saved in ``directory``, in eval mode on the CPU."""
    config, _ = read_policy_config(directory)
    path = Path(directory) / WEIGHTS_FILE
    if not path.is_file():
        raise PolicyFileError(path, f"missing {WEIGHTS_FILE}")
    try:
        tensors = load_file(str(path), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise PolicyFileError(path, f"corrupt or unreadable safetensors file: {exc}") from exc
    model = build_policy(config)
    expected = model.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        raise PolicyFileError(path, f"tensors do not match the config: missing {_first(missing)}, unexpected {_first(unexpected)}")
    wrong = [f"{k} {tuple(tensors[k].shape)} != {tuple(v.shape)}" for k, v in expected.items() if tensors[k].shape != v.shape]
    if wrong:
        raise PolicyFileError(path, f"tensor shapes do not match the config: {_first(wrong)}")
    bad = [k for k, t in tensors.items() if t.is_floating_point() and not bool(torch.isfinite(t).all())]
    if bad:
        raise PolicyFileError(path, f"tensors contain NaN or inf: {_first(bad)}")
    model.load_state_dict(tensors, strict=True)
    model.eval()
    return model, config


def _first(items: list[str], n: int = 5) -> str:
    if not items:
        return "none"
    more = f" and {len(items) - n} more" if len(items) > n else ""
    return ", ".join(items[:n]) + more

