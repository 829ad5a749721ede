"""Training checkpoints: a run killed mid-epoch and resumed from its last checkpoint follows the
same loss curve as one that never stopped; a checkpoint of another run, a missing one or a
corrupt one is refused with the reason; nothing is unpickled."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from lam_core.devices import torch_device
from lam_core.errors import ConfigError
from lam_core.policy import checkpoint
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.dataset import Demonstrations
from lam_core.policy.training import TrainConfig, train_policy
from lam_core.skills import SKILLS

CONFIG = PolicyConfig(d_model=32, n_heads=2, n_layers=1, twist_bins=11, dropout=0.1)
TRAIN = TrainConfig(epochs=3, batch_size=16, seed=3)


class HashEncoder:
    """A sentence encoder stand-in: a fixed random vector per text (the training loop only needs
    vectors of the right width; the real encoder is tested elsewhere)."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([np.random.default_rng(len(t)).standard_normal(CONFIG.text_dim).astype(np.float32) for t in texts])


def demonstrations(samples: int = 96, episodes: int = 6) -> Demonstrations:
    rng = np.random.default_rng(0)
    return Demonstrations(
        images=rng.integers(0, 255, (samples, 3, CONFIG.image_height, CONFIG.image_width), dtype=np.uint8),
        states=rng.standard_normal((samples, CONFIG.state_dim)).astype(np.float32),
        skills=rng.integers(0, len(SKILLS), samples).astype(np.int64),
        text_index=rng.integers(0, 2, samples).astype(np.int64),
        twists=rng.uniform(-1, 1, (samples, 2)).astype(np.float32),
        done=(rng.random(samples) < 0.2).astype(np.float32),
        episode=np.repeat(np.arange(episodes), samples // episodes).astype(np.int64),
        texts=["go to the red box", "pick up the blue cube"])


class Killed(Exception):
    pass


def test_a_killed_run_resumed_from_its_checkpoint_follows_the_same_loss_curve(tmp_path: Path) -> None:
    data, encoder = demonstrations(), HashEncoder()
    _, straight = train_policy(data, CONFIG, TRAIN, encoder)  # type: ignore[arg-type]

    def kill_in_the_last_epoch(epoch: int, batch: int, loss: float) -> None:
        if epoch == 2 and batch == 1:
            raise Killed
    with pytest.raises(Killed):
        train_policy(data, CONFIG, TRAIN, encoder, kill_in_the_last_epoch, checkpoint_dir=tmp_path)  # type: ignore[arg-type]
    assert checkpoint.has_checkpoint(tmp_path) and not list(tmp_path.glob(".*.tmp"))
    model, resumed = train_policy(data, CONFIG, TRAIN, encoder, checkpoint_dir=tmp_path, resume=True)  # type: ignore[arg-type]
    assert resumed.train_loss == pytest.approx(straight.train_loss, rel=1e-6)
    assert resumed.validation_loss == pytest.approx(straight.validation_loss, rel=1e-6)
    assert resumed.best_epoch == straight.best_epoch and len(resumed.train_loss) == TRAIN.epochs
    assert all(p.device.type == "cpu" for p in model.parameters())


def test_a_checkpoint_of_another_run_or_none_at_all_is_refused(tmp_path: Path) -> None:
    data, encoder = demonstrations(), HashEncoder()
    with pytest.raises(ConfigError, match="no checkpoint"):
        train_policy(data, CONFIG, TRAIN, encoder, checkpoint_dir=tmp_path, resume=True)  # type: ignore[arg-type]
    train_policy(data, CONFIG, TrainConfig(epochs=1, batch_size=16, seed=3), encoder, checkpoint_dir=tmp_path)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="another run"):
        train_policy(data, CONFIG, TRAIN, encoder, checkpoint_dir=tmp_path, resume=True)  # type: ignore[arg-type]
    (tmp_path / checkpoint.TENSORS_FILE).write_bytes(b"\x80\x04not a tensor file")
    with pytest.raises(ConfigError, match="cannot read the checkpoint"):
        train_policy(data, CONFIG, TrainConfig(epochs=1, batch_size=16, seed=3), encoder, checkpoint_dir=tmp_path,  # type: ignore[arg-type]
                     resume=True)


def test_the_device_must_exist_and_bfloat16_autocast_trains() -> None:
    with pytest.raises(ConfigError):
        torch_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="not available"):
            torch_device("cuda")
    _, history = train_policy(demonstrations(), CONFIG, TrainConfig(epochs=1, batch_size=16, mixed_precision=True),
                              HashEncoder())  # type: ignore[arg-type]
    assert np.isfinite(history.train_loss).all()


def test_training_writes_tensorboard_scalars_for_every_epoch_continued_across_a_resume(tmp_path: Path) -> None:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    data, encoder, logs = demonstrations(), HashEncoder(), tmp_path / "logs"

    def kill_in_the_last_epoch(epoch: int, batch: int, loss: float) -> None:
        if epoch == 2 and batch == 0:
            raise Killed
    with pytest.raises(Killed):
        train_policy(data, CONFIG, TRAIN, encoder, kill_in_the_last_epoch, checkpoint_dir=tmp_path / "ckpt",  # type: ignore[arg-type]
                     log_dir=logs)
    _, history = train_policy(data, CONFIG, TRAIN, encoder, checkpoint_dir=tmp_path / "ckpt", resume=True,  # type: ignore[arg-type]
                              log_dir=logs)
    events = EventAccumulator(str(logs))
    events.Reload()
    train_loss = events.Scalars("loss/train")
    assert [e.step for e in train_loss] == [0, 1, 2]
    assert [e.value for e in train_loss] == pytest.approx(history.train_loss, rel=1e-6)
    assert {"loss/validation", "validation/twist_mae", "validation/done_accuracy", "learning_rate"} <= set(events.Tags()["scalars"])
