"""Behaviour cloning of the policy on Demonstrations: policy_loss (the expert's twist where the step
is not done, by Huber or by cross-entropy over twist bins; weighted BCE on "the step is done"),
AdamW with a one-cycle schedule, a validation split by episode, the best validation epoch kept.
Deterministic for a seed on one device. With a checkpoint folder, every epoch leaves a checkpoint
(lam_core.policy.checkpoint) and a killed run resumed from it follows the same loss curve. Runs on
the CPU or any torch device (``TrainConfig.device``), optionally with bfloat16 autocast; writes
TensorBoard scalars when given a log folder."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from lam_core.devices import torch_device
from lam_core.errors import ConfigError
from lam_core.policy.checkpoint import TrainingState, load_checkpoint, numpy_rng_state, save_checkpoint
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.dataset import Demonstrations
from lam_core.policy.distributed import DataParallel
from lam_core.policy.factory import build_policy
from lam_core.policy.modeling import LamPolicy, policy_loss
from lam_core.text import TextEncoder


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 12
    batch_size: int = 128
    learning_rate: float = 1e-3
    weight_decay: float = 1e-4
    validation_fraction: float = 0.1
    seed: int = 0
    max_done_pos_weight: float = 20.0
    device: str = "cpu"              # torch device: cpu, cuda, cuda:1, mps
    mixed_precision: bool = False    # bfloat16 autocast for the forward pass and the loss

    def fingerprint(self, samples: int, policy: PolicyConfig) -> dict[str, object]:
        """What a resumed run must share with the run that wrote its checkpoint."""
        return {"epochs": self.epochs, "batch_size": self.batch_size, "learning_rate": self.learning_rate,
                "weight_decay": self.weight_decay, "validation_fraction": self.validation_fraction, "seed": self.seed,
                "samples": samples, "policy": repr(policy)}


@dataclass
class TrainHistory:
    train_loss: list[float] = field(default_factory=list)
    validation_loss: list[float] = field(default_factory=list)
    validation_twist_mae: list[float] = field(default_factory=list)   # normalised units, samples not done
    validation_done_accuracy: list[float] = field(default_factory=list)
    best_epoch: int = -1
    samples: int = 0
    seconds: float = 0.0


def _images(data: Demonstrations, idx: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(data.images[idx].astype(np.float32) / 255.0)


def frozen_image_features(model: LamPolicy, data: Demonstrations, batch_size: int = 256,
                          progress: Callable[[int, int], None] | None = None) -> np.ndarray | None:
    """The frozen backbone's features of every sample's image, float16 (N, channels, rows, cols),
    computed once so that training runs only the trainable layers; None when the image encoder
    trains (nothing to cache). ``progress(done, total)`` after each batch of samples."""
    frozen = model.frozen_image_encoder
    if frozen is None:
        return None
    chunks = []
    with torch.inference_mode():
        for start in range(0, len(data), batch_size):
            idx = np.arange(start, min(start + batch_size, len(data)))
            chunks.append(frozen.backbone_features(_images(data, idx)).numpy().astype(np.float16))
            if progress is not None:
                progress(int(idx[-1]) + 1, len(data))
    return np.concatenate(chunks)


def _batch(data: Demonstrations, idx: np.ndarray, text: torch.Tensor, image_features: np.ndarray | None = None,
           device: torch.device | None = None) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    inputs = {
        "state": torch.from_numpy(data.states[idx]),
        "skill": torch.from_numpy(data.skills[idx]),
        "text": text[torch.from_numpy(data.text_index[idx])],
    }
    if image_features is None:
        inputs["image"] = _images(data, idx)
    else:
        inputs["image_features"] = torch.from_numpy(image_features[idx].astype(np.float32))
    targets = {"twist": torch.from_numpy(data.twists[idx]), "done": torch.from_numpy(data.done[idx])}
    if device is not None and device.type != "cpu":
        inputs = {k: v.to(device, non_blocking=True) for k, v in inputs.items()}
        targets = {k: v.to(device, non_blocking=True) for k, v in targets.items()}
    return inputs, targets


def train_policy(data: Demonstrations, config: PolicyConfig, train: TrainConfig, text_encoder: TextEncoder,
                 progress: Callable[[int, int, float], None] | None = None,
                 init: LamPolicy | None = None,
                 feature_progress: Callable[[int, int], None] | None = None,
                 checkpoint_dir: Path | None = None, resume: bool = False,
                 log_dir: Path | None = None, parallel: DataParallel | None = None) -> tuple[LamPolicy, TrainHistory]:
    """Train a fresh policy, or go on training ``init``; ``progress(epoch, batch, loss)`` after each
    batch. A frozen image encoder's features are computed first, once per sample
    (``feature_progress(done, total)``). ``checkpoint_dir``: a checkpoint after every epoch;
    ``resume``: go on from the checkpoint there (ConfigError when there is none, or it is of a run
    with other settings or data); ``log_dir``: TensorBoard scalars per epoch (losses, validation
    figures, learning rate), continued across a resume. ``parallel``: this process's place in a
    data-parallel group it has joined (lam_core.policy.distributed): each batch is shared out and the
    gradients averaged; only the main process writes checkpoints and logs."""
    if len(data) < 10:
        raise ConfigError(f"too few samples to train on: {len(data)}")
    if data.states.shape[1] != config.state_dim:
        raise ConfigError(f"samples have {data.states.shape[1]} state features; the policy expects {config.state_dim}")
    t0 = time.perf_counter()
    device = torch_device(train.device)
    fingerprint = train.fingerprint(len(data), config)
    torch.manual_seed(train.seed)
    rng = np.random.default_rng(train.seed)
    episodes = np.unique(data.episode)
    n_val = max(1, round(len(episodes) * train.validation_fraction)) if len(episodes) > 1 else 0
    val_episodes = set(rng.choice(episodes, size=n_val, replace=False).tolist()) if n_val else set()
    is_val = np.array([e in val_episodes for e in data.episode])
    train_idx, val_idx = np.flatnonzero(~is_val), np.flatnonzero(is_val)
    text = torch.from_numpy(text_encoder.encode(data.texts))
    positives = float(data.done[train_idx].sum())
    pos_weight = min(train.max_done_pos_weight, (len(train_idx) - positives) / max(positives, 1.0))
    model = build_policy(config)
    if init is not None:
        model.load_state_dict(init.state_dict())
    features = frozen_image_features(model, data, progress=feature_progress)
    model.to(device)
    text = text.to(device)
    forward: torch.nn.Module = model
    if parallel is not None:
        forward = torch.nn.parallel.DistributedDataParallel(model, device_ids=parallel.device_ids(device))
    writes = parallel is None or parallel.is_main
    optimiser = torch.optim.AdamW(model.parameters(), lr=train.learning_rate, weight_decay=train.weight_decay)
    steps_per_epoch = math.ceil(len(train_idx) / train.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=train.learning_rate, total_steps=train.epochs * steps_per_epoch)
    history = TrainHistory(samples=len(data))
    best_state: dict[str, torch.Tensor] | None = None
    best_loss = math.inf
    first_epoch = 0
    if resume:
        if checkpoint_dir is None:
            raise ConfigError("resume needs a checkpoint folder")
        saved = load_checkpoint(checkpoint_dir, fingerprint)
        model.load_state_dict(saved.model)
        optimiser.load_state_dict(saved.optimiser)
        schedule.load_state_dict(saved.schedule)
        rng.bit_generator.state = saved.numpy_rng
        torch.set_rng_state(saved.torch_rng)
        best_state, best_loss = saved.best_model, saved.best_loss
        history = TrainHistory(**{**saved.history, "samples": len(data)})
        first_epoch = saved.epoch + 1
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=train.mixed_precision)
    board = _tensorboard(log_dir) if writes else None
    for epoch in range(first_epoch, train.epochs):
        model.train()
        order = rng.permutation(train_idx)
        losses = []
        for b in range(steps_per_epoch):
            batch = order[b * train.batch_size:(b + 1) * train.batch_size]
            moving_count = None
            if parallel is not None:
                share = parallel.shard(batch)
                if len(share) == 0:  # a last batch smaller than the group: skipped by every process alike
                    continue
                # The twist loss over the whole batch's moving samples: the averaged gradients are the whole batch's.
                used = batch[:len(share) * parallel.world_size]
                moving_count = max(1.0, float((1.0 - data.done[used]).sum())) / parallel.world_size
                batch = share
            inputs, targets = _batch(data, batch, text, features, device)
            with autocast:
                loss = policy_loss(forward(inputs), targets, done_pos_weight=pos_weight, moving_count=moving_count)["total"]
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            losses.append(float(loss.detach()))
            if progress is not None:
                progress(epoch, b, losses[-1])
        history.train_loss.append(float(np.mean(losses)))
        val_loss, mae, accuracy = _validate(model, data, val_idx if len(val_idx) else train_idx, text, pos_weight,
                                            train.batch_size, features, device)
        history.validation_loss.append(val_loss)
        history.validation_twist_mae.append(mae)
        history.validation_done_accuracy.append(accuracy)
        if val_loss < best_loss:
            best_loss, history.best_epoch = val_loss, epoch
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        history.seconds = time.perf_counter() - t0
        if board is not None:
            for tag, value in (("loss/train", history.train_loss[-1]), ("loss/validation", val_loss),
                               ("validation/twist_mae", mae), ("validation/done_accuracy", accuracy),
                               ("learning_rate", schedule.get_last_lr()[0])):
                board.add_scalar(tag, value, epoch)
            board.flush()
        if checkpoint_dir is not None and writes:
            save_checkpoint(checkpoint_dir, TrainingState(
                epoch, model.state_dict(), best_state, best_loss, optimiser.state_dict(), schedule.state_dict(),
                numpy_rng_state(rng), torch.get_rng_state(), asdict(history), fingerprint))
    if board is not None:
        board.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.to("cpu").eval()
    history.seconds = time.perf_counter() - t0
    return model, history


def _tensorboard(log_dir: Path | None) -> Any:
    """A TensorBoard SummaryWriter for ``log_dir`` (None: no logs); ConfigError without tensorboard."""
    if log_dir is None:
        return None
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as exc:
        raise ConfigError("TensorBoard logs need the tensorboard package (make setup installs it)") from exc
    return SummaryWriter(str(log_dir))


def _validate(model: LamPolicy, data: Demonstrations, idx: np.ndarray, text: torch.Tensor, pos_weight: float,
              batch_size: int, image_features: np.ndarray | None = None,
              device: torch.device | None = None) -> tuple[float, float, float]:
    model.eval()
    losses, errors, correct = [], [], 0
    with torch.inference_mode():
        for b in range(0, len(idx), batch_size):
            inputs, targets = _batch(data, idx[b:b + batch_size], text, image_features, device)
            out = model(inputs)
            losses.append(float(policy_loss(out, targets, done_pos_weight=pos_weight)["total"]) * len(inputs["state"]))
            moving = targets["done"] < 0.5
            errors.append((out["twist"] - targets["twist"]).abs().mean(dim=1)[moving].float().cpu().numpy())
            correct += int(((out["done_logit"] > 0).float() == targets["done"]).sum())
    return sum(losses) / len(idx), float(np.concatenate(errors).mean()), correct / len(idx)
