"""Build, save and load a LamPolicy. A saved policy is a directory with config.json (format,
PolicyConfig, metadata), model.safetensors (the state dict, float32) and README.md (its model card,
generated from the other two)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from lam_core.errors import ConfigError
from lam_core.model_files import CONFIG_FILE, WEIGHTS_FILE
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.model_card import MODEL_CARD_FILE, model_card
from lam_core.policy.modeling import LamPolicy
from lam_core.policy.storage import FORMAT_NAME, FORMAT_VERSION


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


def load_policy(directory: str | Path) -> tuple[LamPolicy, PolicyConfig]:
    """Rebuild the policy saved in ``directory``, in eval mode on the CPU (LamPolicy.from_pretrained)."""
    model = LamPolicy.from_pretrained(directory)
    return model, model.config
