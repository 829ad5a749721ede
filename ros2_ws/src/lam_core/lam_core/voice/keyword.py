"""The keyword spotter: hears "stop" and "halt" on the 16 kHz microphone stream itself, so the
robot's emergency stop latches without waiting for speech recognition.

Every hop (4 feature frames, 40 ms) a small 1-D convolutional network looks at the last second
of log-mel frames (lam_core.voice.features) and gives the probabilities of "other", "stop" and
"halt". It was trained to say a keyword while the keyword's end lies in the last ~0.35 s of the
window; a spot fires when the two keyword probabilities together exceed the threshold chosen in
training on ``consecutive_hops`` hops in a row, and then nothing fires for ``refractory_s``.

A saved spotter is a folder with config.json (format, KeywordConfig with the threshold, metadata)
and model.safetensors (float32 state dict), made by ``lam_bringup.train_keyword``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from lam_core.errors import ConfigError
from lam_core.model_files import load_model_folder, save_model_folder
from lam_core.voice.audio import SAMPLE_RATE_HZ
from lam_core.voice.features import FLOOR_FEATURE, HOP_SAMPLES, MEL_BANDS, LogMelStream, frame_end_sample

KEYWORDS = ("stop", "halt")
OTHER = "other"
CLASSES: tuple[str, ...] = (OTHER, *KEYWORDS)
FORMAT_NAME = "lam_keyword"
FORMAT_VERSION = 1
BATCH_WINDOWS = 256  # windows per forward pass when a push completes many hops
NO_PROBABILITIES = np.zeros((0, len(CLASSES)), dtype=np.float32)
NO_SAMPLES = np.zeros(0, dtype=np.int64)


class KeywordFileError(ConfigError):
    """A saved keyword spotter is missing, unreadable or does not fit its own config; ``path``
    names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


@dataclass(frozen=True)
class KeywordConfig:
    """Network shape and spotting rule: window [frames of 10 ms], hop [frames], mel bands,
    channels of the convolutions, strided blocks, depthwise kernel [frames]; threshold on the
    summed keyword probability, hops in a row above it, refractory time after a spot [s]."""

    window_frames: int = 100
    hop_frames: int = 4
    mel_bands: int = MEL_BANDS
    channels: int = 96
    blocks: int = 3
    kernel: int = 9
    threshold: float = 0.9
    consecutive_hops: int = 2
    refractory_s: float = 1.0
    classes: tuple[str, ...] = CLASSES

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @staticmethod
    def from_dict(raw: object) -> KeywordConfig:
        if not isinstance(raw, dict):
            raise ConfigError("keyword config must be a mapping")
        try:
            cfg = KeywordConfig(int(raw["window_frames"]), int(raw["hop_frames"]), int(raw["mel_bands"]),
                                int(raw["channels"]), int(raw["blocks"]), int(raw["kernel"]), float(raw["threshold"]),
                                int(raw["consecutive_hops"]), float(raw["refractory_s"]),
                                tuple(str(c) for c in raw["classes"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"keyword config is incomplete or malformed: {exc}") from exc
        if not (10 <= cfg.window_frames <= 500 and 1 <= cfg.hop_frames <= 50 and 1 <= cfg.blocks <= 5
                and 1 <= cfg.channels <= 512 and 1 <= cfg.kernel <= 31 and 0.0 < cfg.threshold < 1.0
                and 1 <= cfg.consecutive_hops <= 20 and 0.0 <= cfg.refractory_s <= 10.0):
            raise ConfigError(f"keyword config out of range: {cfg}")
        if cfg.mel_bands != MEL_BANDS:
            raise ConfigError(f"keyword config has {cfg.mel_bands} mel bands; the features have {MEL_BANDS}")
        if cfg.classes != CLASSES:
            raise ConfigError(f"keyword config has classes {cfg.classes}; the spotter knows {CLASSES}")
        return cfg

    @property
    def hop_samples(self) -> int:
        return self.hop_frames * HOP_SAMPLES


def _conv(cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv1d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
                         nn.BatchNorm1d(cout), nn.ReLU(inplace=True))


def reduced_length(frames: int, blocks: int, kernel: int) -> int:
    """Time steps left of ``frames`` after ``blocks`` stride-2 convolutions of ``kernel``."""
    for _ in range(blocks):
        frames = (frames + 2 * (kernel // 2) - kernel) // 2 + 1
    return frames


class KeywordNet(nn.Module):
    """(batch, window_frames, mel_bands) log-mel windows -> (batch, classes) logits: features
    standardised per band (feature_mean, feature_std: statistics of the training data), a
    convolution across all bands, depthwise-separable stride-2 blocks, and a linear layer over
    the flattened time steps (where in the window a keyword ends matters)."""

    feature_mean: torch.Tensor
    feature_std: torch.Tensor

    def __init__(self, config: KeywordConfig) -> None:
        super().__init__()
        self.config = config
        ch = config.channels
        self.register_buffer("feature_mean", torch.zeros(config.mel_bands))
        self.register_buffer("feature_std", torch.ones(config.mel_bands))
        self.stem = _conv(config.mel_bands, ch, 5)
        self.blocks = nn.Sequential(*[nn.Sequential(_conv(ch, ch, config.kernel, 2, groups=ch), _conv(ch, ch, 1))
                                      for _ in range(config.blocks)])
        steps = reduced_length(config.window_frames, config.blocks, config.kernel)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(ch * steps, len(config.classes)))

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        x = (windows - self.feature_mean) / self.feature_std
        return self.head(self.blocks(self.stem(x.transpose(1, 2))))  # type: ignore[no-any-return]


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------------- files
def default_keyword_dir() -> Path:
    from lam_core.paths import project_root

    return project_root() / "models" / "keyword"


def save_keyword_model(model: KeywordNet, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Write config.json and model.safetensors into ``directory`` (created if needed)."""
    return save_model_folder(directory, FORMAT_NAME, FORMAT_VERSION, model.config.to_dict(), model, metadata)


def load_keyword_model(directory: str | Path) -> tuple[KeywordNet, dict[str, Any]]:
    """The network saved in ``directory``, in eval mode on the CPU, and its metadata. Raises
    KeywordFileError naming the file for a missing folder or file, a config that is not a
    keyword spotter's, or weights that are corrupt, non-finite or do not fit the config."""
    model, metadata = load_model_folder(directory, FORMAT_NAME, FORMAT_VERSION, KeywordFileError,
                                        "make one with `lam train-keyword`", KeywordConfig.from_dict, KeywordNet)
    assert isinstance(model, KeywordNet)
    return model, metadata


# ---------------------------------------------------------------------- spotting
@dataclass(frozen=True)
class Spot:
    """A heard keyword: ``sample_index`` is the stream sample (16 kHz, counted since reset) at the
    end of the hop where it fired; ``score`` the summed keyword probability there."""

    keyword: str
    sample_index: int
    score: float


class SpotDecider:
    """The firing rule on a sequence of hop probabilities (other, stop, halt): a keyword
    probability above ``threshold`` on ``consecutive_hops`` hops in a row fires, then nothing for
    ``refractory_samples`` samples."""

    def __init__(self, threshold: float, consecutive_hops: int, refractory_samples: int) -> None:
        self.threshold = threshold
        self.consecutive_hops = consecutive_hops
        self.refractory_samples = refractory_samples
        self.reset()

    def reset(self) -> None:
        self._run = 0
        self._quiet_until = -1

    def step(self, probabilities: np.ndarray, sample_index: int) -> Spot | None:
        """The spot this hop fires, if any; ``probabilities`` in CLASSES order."""
        score = float(probabilities[1] + probabilities[2])
        if sample_index < self._quiet_until:
            self._run = 0
            return None
        self._run = self._run + 1 if score > self.threshold else 0
        if self._run < self.consecutive_hops:
            return None
        self._run = 0
        self._quiet_until = sample_index + self.refractory_samples
        return Spot(KEYWORDS[int(probabilities[2] > probabilities[1])], sample_index, score)

    def run(self, probabilities: np.ndarray, sample_indices: np.ndarray) -> list[Spot]:
        """The spots of consecutive hops (rows of ``probabilities``, ending at ``sample_indices``)."""
        spots = [self.step(p, int(i)) for p, i in zip(probabilities, sample_indices, strict=True)]
        return [s for s in spots if s is not None]


class KeywordSpotter:
    """Streaming "stop"/"halt" spotter on mono float32 samples at 16 kHz: ``push`` any number of
    samples, get the spots of the hops they complete. Torch runs with the caller's thread settings."""

    def __init__(self, model: KeywordNet, metadata: dict[str, Any] | None = None, threshold: float | None = None) -> None:
        self.model = model.eval()
        self.config = model.config
        self.metadata = dict(metadata or {})
        self.threshold = self.config.threshold if threshold is None else float(threshold)
        self.decider = SpotDecider(self.threshold, self.config.consecutive_hops,
                                   round(self.config.refractory_s * SAMPLE_RATE_HZ))
        self._features = LogMelStream()
        self._history = np.full((self.config.window_frames, self.config.mel_bands), FLOOR_FEATURE, dtype=np.float32)

    @classmethod
    def load(cls, directory: str | Path | None = None, threshold: float | None = None) -> KeywordSpotter:
        """The spotter saved in ``directory`` (default: the shipped models/keyword)."""
        model, metadata = load_keyword_model(default_keyword_dir() if directory is None else directory)
        return cls(model, metadata, threshold)

    @property
    def hop_samples(self) -> int:
        """Samples between evaluations (640: 40 ms)."""
        return self.config.hop_samples

    @property
    def window_samples(self) -> int:
        """Samples the network looks at per evaluation (about 1 s)."""
        return frame_end_sample(self.config.window_frames - 1)

    def reset(self) -> None:
        """Forget the stream: the next sample is sample 0 and the window starts silent."""
        self._features.reset()
        self._history[:] = FLOOR_FEATURE
        self.decider.reset()

    def push(self, samples: np.ndarray) -> list[Spot]:
        """Spots in the hops that ``samples`` (mono float at 16 kHz, NaN and inf read as 0) complete."""
        probabilities, ends = self.hop_probabilities(samples)
        return self.decider.run(probabilities, ends) if ends.size else []

    def hop_probabilities(self, samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Advance the stream by ``samples`` without firing: the (hops, 3) probabilities of the
        hops they complete and each hop's end sample index."""
        first = self._features.frames_done
        frames = self._features.push(samples)
        window, hop = self.config.window_frames, self.config.hop_frames
        if len(frames) == 0:
            return NO_PROBABILITIES, NO_SAMPLES
        combined = np.concatenate([self._history, frames])
        self._history = combined[-window:].copy()
        last_frames = np.arange(first, first + len(frames))
        last_frames = last_frames[(last_frames + 1) % hop == 0]
        if last_frames.size == 0:
            return NO_PROBABILITIES, NO_SAMPLES
        starts = last_frames - first + 1  # window of hop h is combined[starts[h] : starts[h] + window]
        views = np.lib.stride_tricks.sliding_window_view(combined, window, axis=0)  # (n, bands, window)
        probabilities = []
        with torch.inference_mode():
            for i in range(0, starts.size, BATCH_WINDOWS):
                batch = np.ascontiguousarray(views[starts[i:i + BATCH_WINDOWS]].transpose(0, 2, 1))
                probabilities.append(torch.softmax(self.model(torch.from_numpy(batch)), dim=1).numpy())
        return np.concatenate(probabilities), np.array([frame_end_sample(int(f)) for f in last_frames], dtype=np.int64)
