"""A small model's folder as the project ships it: config.json (format name and version, the
model's config, metadata) and model.safetensors (its floating-point tensors, float32). Written
atomically; read with every check, naming the file at fault; nothing is unpickled."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import torch
from torch import nn

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"

FileError = Callable[[Path, str], Exception]  # (path at fault, problem) -> the caller's error
ConfigT = TypeVar("ConfigT")


def save_model_folder(directory: str | Path, format_name: str, format_version: int, config: Mapping[str, Any],
                      model: nn.Module, metadata: Mapping[str, Any] | None = None) -> Path:
    """Write config.json and model.safetensors into ``directory`` (created if needed)."""
    from safetensors.torch import save_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    document = {"format": format_name, "format_version": format_version, "config": dict(config),
                "metadata": dict(metadata or {})}
    text = json.dumps(document, indent=2, sort_keys=True, allow_nan=False)
    tensors = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in model.state_dict().items()
               if v.is_floating_point()}
    weights = directory / WEIGHTS_FILE
    save_file(tensors, str(weights) + ".tmp", metadata={"format": format_name})
    os.replace(str(weights) + ".tmp", weights)
    (directory / (CONFIG_FILE + ".tmp")).write_text(text + "\n", encoding="utf-8")
    os.replace(directory / (CONFIG_FILE + ".tmp"), directory / CONFIG_FILE)
    return directory


def read_model_document(directory: str | Path, format_name: str, format_version: int, error: FileError,
                        make_hint: str) -> tuple[Any, dict[str, Any]]:
    """The raw config and the metadata of ``directory``/config.json; ``error(path, problem)`` for a
    missing folder or file, unreadable JSON, another format or version, or metadata that is not a
    mapping. ``make_hint`` says how to make one ("make one with `lam train-perception`")."""
    directory = Path(directory)
    if not directory.is_dir():
        raise error(directory, f"folder does not exist ({make_hint})")
    path = directory / CONFIG_FILE
    if not path.is_file():
        raise error(path, f"missing; a saved model needs {CONFIG_FILE} and {WEIGHTS_FILE} ({make_hint})")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(path, f"cannot read: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != format_name \
            or document.get("format_version") != format_version:
        raise error(path, f"not a {format_name} v{format_version} config")
    metadata = document.get("metadata", {})
    if not isinstance(metadata, dict):
        raise error(path, "metadata must be a mapping")
    return document.get("config"), metadata


def read_model_config(directory: str | Path, format_name: str, format_version: int, error: FileError,
                      make_hint: str, parse: Callable[[Any], ConfigT]) -> tuple[ConfigT, dict[str, Any]]:
    """read_model_document, then the raw config through ``parse`` (a config class's from_dict);
    its ConfigError becomes ``error`` naming config.json."""
    from lam_core.errors import ConfigError

    raw, metadata = read_model_document(directory, format_name, format_version, error, make_hint)
    try:
        return parse(raw), metadata
    except ConfigError as exc:
        raise error(Path(directory) / CONFIG_FILE, str(exc)) from exc


def load_model_folder(directory: str | Path, format_name: str, format_version: int, error: FileError, make_hint: str,
                      parse: Callable[[Any], ConfigT], build: Callable[[ConfigT], nn.Module],
                      ) -> tuple[nn.Module, dict[str, Any]]:
    """The network ``build(parse(config))`` with the weights of ``directory``, in eval mode on the
    CPU, and its metadata (read_model_config, load_model_weights). A ``feature_std`` buffer (the
    standardisation of the input features) must be positive."""
    config, metadata = read_model_config(directory, format_name, format_version, error, make_hint, parse)
    model = load_model_weights(directory, build(config), error)
    std = getattr(model, "feature_std", None)
    if isinstance(std, torch.Tensor) and not bool((std > 0).all()):
        raise error(Path(directory) / WEIGHTS_FILE, "feature_std must be positive")
    return model, metadata


def load_model_weights(directory: str | Path, model: nn.Module, error: FileError) -> nn.Module:
    """``model`` with the tensors of ``directory``/model.safetensors loaded, in eval mode on the
    CPU; ``error(path, problem)`` for a missing or corrupt file, tensors that do not fit the model's
    floating-point state, or tensors that are not finite float32."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    weights = Path(directory) / WEIGHTS_FILE
    if not weights.is_file():
        raise error(weights, "missing")
    try:
        tensors = load_file(str(weights), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise error(weights, f"corrupt or unreadable safetensors file: {exc}") from exc
    expected = {k: v for k, v in model.state_dict().items() if v.is_floating_point()}
    if set(expected) != set(tensors) or any(tensors[k].shape != v.shape for k, v in expected.items()):
        raise error(weights, "tensors do not match the config")
    if any(t.dtype != torch.float32 or not bool(torch.isfinite(t).all()) for t in tensors.values()):
        raise error(weights, "tensors must be finite float32 (NaN, inf or another type found)")
    model.load_state_dict(tensors, strict=False)
    return model.eval()
