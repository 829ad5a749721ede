"""Training checkpoints without pickle: after each epoch, everything a run needs to go on exactly
where it stopped (the weights, the best weights so far, AdamW's moments, the learning-rate
schedule, both random generators, the loss history) as one safetensors file of tensors and one
JSON file of the rest. Written to a temporary name and renamed, so a run killed while writing
leaves the previous checkpoint whole."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file, save_file

from lam_core.errors import ConfigError

TENSORS_FILE = "checkpoint.safetensors"
STATE_FILE = "checkpoint.json"
FORMAT_VERSION = 1


@dataclass
class TrainingState:
    """What a checkpoint holds. ``fingerprint``: the run's settings and data size; a checkpoint of
    another run is refused rather than continued."""

    epoch: int                                  # the last finished epoch (0-based)
    model: dict[str, torch.Tensor]
    best_model: dict[str, torch.Tensor] | None
    best_loss: float
    optimiser: dict[str, Any]
    schedule: dict[str, Any]
    numpy_rng: dict[str, Any]
    torch_rng: torch.Tensor
    history: dict[str, Any] = field(default_factory=dict)
    fingerprint: dict[str, Any] = field(default_factory=dict)


def save_checkpoint(folder: Path, state: TrainingState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {f"model.{k}": v.detach().cpu().contiguous() for k, v in state.model.items()}
    if state.best_model is not None:
        tensors.update({f"best.{k}": v.detach().cpu().contiguous() for k, v in state.best_model.items()})
    for pid, slots in state.optimiser["state"].items():
        for name, value in slots.items():
            tensors[f"optim.{pid}.{name}"] = (value if torch.is_tensor(value) else torch.tensor(value)).detach().cpu().contiguous()
    tensors["torch_rng"] = state.torch_rng.contiguous()
    meta = {"format_version": FORMAT_VERSION, "epoch": state.epoch, "best_loss": state.best_loss,
            "has_best": state.best_model is not None, "param_groups": state.optimiser["param_groups"],
            "schedule": state.schedule, "numpy_rng": state.numpy_rng, "history": state.history,
            "fingerprint": state.fingerprint}
    tmp_tensors, tmp_state = folder / f".{TENSORS_FILE}.tmp", folder / f".{STATE_FILE}.tmp"
    save_file(tensors, str(tmp_tensors), metadata={"epoch": str(state.epoch)})
    tmp_state.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(tmp_tensors, folder / TENSORS_FILE)
    os.replace(tmp_state, folder / STATE_FILE)


def has_checkpoint(folder: Path) -> bool:
    return (folder / TENSORS_FILE).is_file() and (folder / STATE_FILE).is_file()


def load_checkpoint(folder: Path, fingerprint: dict[str, Any]) -> TrainingState:
    """The checkpoint in ``folder``; ConfigError when it is missing, unreadable or of another run."""
    if not has_checkpoint(folder):
        raise ConfigError(f"no checkpoint to resume from in {folder}")
    try:
        meta = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        tensors = load_file(str(folder / TENSORS_FILE))
        with safe_open(str(folder / TENSORS_FILE), framework="pt") as fh:
            tensors_epoch = (fh.metadata() or {}).get("epoch")
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot read the checkpoint in {folder}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
        raise ConfigError(f"{folder / STATE_FILE} is not a checkpoint of this version")
    if tensors_epoch != str(meta.get("epoch")):
        raise ConfigError(f"the checkpoint in {folder} was cut off while it was written (tensors of epoch {tensors_epoch}, "
                          f"state of epoch {meta.get('epoch')}); start afresh without --resume")
    if meta.get("fingerprint") != fingerprint:
        raise ConfigError(f"the checkpoint in {folder} is of another run ({meta.get('fingerprint')}, this run: {fingerprint}); "
                          "start afresh without --resume or give another checkpoint folder")
    slots: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, pid, name = key.split(".", 2)
            slots.setdefault(int(pid), {})[name] = value
    groups = [{**g, "betas": tuple(g["betas"])} if "betas" in g else g for g in meta["param_groups"]]
    return TrainingState(
        epoch=int(meta["epoch"]),
        model={k.removeprefix("model."): v for k, v in tensors.items() if k.startswith("model.")},
        best_model={k.removeprefix("best."): v for k, v in tensors.items() if k.startswith("best.")} if meta["has_best"] else None,
        best_loss=float(meta["best_loss"]),
        optimiser={"state": slots, "param_groups": groups},
        schedule=meta["schedule"],
        numpy_rng=meta["numpy_rng"],
        torch_rng=tensors["torch_rng"],
        history=meta["history"],
        fingerprint=meta["fingerprint"],
    )


def numpy_rng_state(rng: np.random.Generator) -> dict[str, Any]:
    """The generator's state as JSON-able values."""
    state: dict[str, Any] = json.loads(json.dumps(rng.bit_generator.state, default=int))
    return state
