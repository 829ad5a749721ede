"""The learned speech recogniser: log-mel frames (lam_core.voice.features) to letters, trained
with CTC on speech that espeak-ng synthesises in the training voices (``lam train-speech``).

A convolution pair (the first with stride 2: one output step per 20 ms) feeds a bidirectional
GRU; a linear layer gives, per step, log-probabilities over CTC's blank and the alphabet (space,
apostrophe, a-z). Greedy decoding keeps each step's most likely symbol, merges repeats and drops
blanks. A pause of ``pause_steps`` steps or more between two words is written as a comma, as the
other recognisers do, because goal understanding reads clauses from punctuation.

A saved recogniser is a folder with config.json (format, SpeechConfig, metadata) and
model.safetensors (float32 state dict).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lam_core.errors import ConfigError
from lam_core.model_files import load_model_folder, save_model_folder
from lam_core.voice.features import MEL_BANDS

FORMAT_NAME = "lam_speech"
FORMAT_VERSION = 1
ALPHABET = " 'abcdefghijklmnopqrstuvwxyz"
BLANK = 0  # CTC's blank; symbol i + 1 is ALPHABET[i]
STEP_S = 0.02  # one output step per two 10 ms feature frames


class SpeechFileError(ConfigError):
    """A saved recogniser is missing, unreadable or does not fit its own config; ``path`` names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


@dataclass(frozen=True)
class SpeechConfig:
    """Network shape: mel bands in, convolution channels, GRU hidden size per direction and layers;
    the alphabet after CTC's blank; a pause of ``pause_steps`` output steps (20 ms each) between
    words becomes a comma."""

    mel_bands: int = MEL_BANDS
    channels: int = 192
    blocks: int = 4
    kernel: int = 11
    hidden: int = 160
    layers: int = 1
    alphabet: str = ALPHABET
    pause_steps: int = 15

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(raw: object) -> SpeechConfig:
        if not isinstance(raw, dict):
            raise ConfigError("speech config must be a mapping")
        try:
            cfg = SpeechConfig(int(raw["mel_bands"]), int(raw["channels"]), int(raw["blocks"]), int(raw["kernel"]),
                               int(raw["hidden"]), int(raw["layers"]), str(raw["alphabet"]), int(raw["pause_steps"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"speech config is incomplete or malformed: {exc}") from exc
        if not (1 <= cfg.channels <= 1024 and 0 <= cfg.blocks <= 12 and 1 <= cfg.kernel <= 31 and cfg.kernel % 2
                and 1 <= cfg.hidden <= 1024 and 1 <= cfg.layers <= 6 and 1 <= cfg.pause_steps <= 500):
            raise ConfigError(f"speech config out of range: {cfg}")
        if cfg.mel_bands != MEL_BANDS:
            raise ConfigError(f"speech config has {cfg.mel_bands} mel bands; the features have {MEL_BANDS}")
        if cfg.alphabet != ALPHABET:
            raise ConfigError(f"speech config has alphabet {cfg.alphabet!r}; the decoder knows {ALPHABET!r}")
        return cfg


def output_steps(frames: torch.Tensor | int) -> Any:
    """Output steps for ``frames`` feature frames (the stride-2 convolution rounds up)."""
    return (frames + 1) // 2


class SeparableBlock(nn.Module):
    """Residual depthwise-separable convolution over time: depthwise ``kernel``, pointwise, batch norm, ReLU."""

    def __init__(self, channels: int, kernel: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(channels, channels, kernel, 1, kernel // 2, groups=channels, bias=False),
            nn.Conv1d(channels, channels, 1, bias=False), nn.BatchNorm1d(channels), nn.ReLU(inplace=True),
            nn.Dropout(0.1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)  # type: ignore[no-any-return]


class SpeechNet(nn.Module):
    """(batch, frames, mel_bands) log-mel and each item's frame count -> (batch, steps, symbols)
    log-probabilities and each item's step count. Features are standardised per band with the
    training data's statistics (feature_mean, feature_std); a stride-2 convolution, residual
    separable convolution blocks, a bidirectional GRU and a linear layer follow."""

    feature_mean: torch.Tensor
    feature_std: torch.Tensor

    def __init__(self, config: SpeechConfig) -> None:
        super().__init__()
        self.config = config
        ch = config.channels
        self.register_buffer("feature_mean", torch.zeros(config.mel_bands))
        self.register_buffer("feature_std", torch.ones(config.mel_bands))
        self.front = nn.Sequential(
            nn.Conv1d(config.mel_bands, ch, 5, 2, 2, bias=False), nn.BatchNorm1d(ch), nn.ReLU(inplace=True),
            *[SeparableBlock(ch, config.kernel) for _ in range(config.blocks)])
        self.rnn = nn.GRU(ch, config.hidden, config.layers, batch_first=True, bidirectional=True,
                          dropout=0.15 if config.layers > 1 else 0.0)
        self.out = nn.Linear(2 * config.hidden, len(config.alphabet) + 1)

    def forward(self, features: torch.Tensor, frames: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = (features - self.feature_mean) / self.feature_std
        frames = frames.to(features.device)
        x = x * (torch.arange(x.shape[1], device=x.device)[None, :] < frames[:, None]).unsqueeze(-1)  # padding: the mean
        x = x.transpose(1, 2)
        steps = output_steps(frames).clamp(min=1, max=output_steps(x.shape[2]))
        valid = (torch.arange(output_steps(x.shape[2]), device=x.device)[None, :] < steps[:, None]).unsqueeze(1)
        x = self.front[:3](x) * valid  # every layer sees zeros past an item's end, as a lone item does
        for block in list(self.front)[3:]:
            x = block(x) * valid
        x = x.transpose(1, 2)
        packed = pack_padded_sequence(x, steps.cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.rnn(packed)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
        return self.out(y).log_softmax(-1), steps


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def encode_text(text: str) -> list[int]:
    """The symbol ids of ``text`` (lower-cased; characters outside the alphabet dropped, spaces merged)."""
    clean = " ".join("".join(ch for ch in text.lower() if ch in ALPHABET).split())
    return [ALPHABET.index(ch) + 1 for ch in clean]


@dataclass(frozen=True)
class Decoded:
    """Greedy decoding of one utterance: ``text`` with commas at pauses, and ``confidence``: the
    probability of its least certain word (the product of that word's letters' peak probabilities)."""

    text: str
    confidence: float


def greedy_decode(log_probs: np.ndarray, config: SpeechConfig) -> Decoded:
    """(steps, symbols) log-probabilities of one utterance -> its text and confidence."""
    if log_probs.size == 0:
        return Decoded("", 0.0)
    best = log_probs.argmax(axis=1)
    peak = log_probs.max(axis=1)
    change = np.flatnonzero(np.diff(best)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [best.size]])
    words: list[tuple[str, int, int, float]] = []  # (word, first step, last step, sum of its letters' log-probs)
    letters: list[str] = []
    first = last = 0
    score = 0.0
    for run_start, run_end in zip(starts, ends, strict=True):
        symbol = int(best[run_start])
        if symbol == BLANK:
            continue
        char = config.alphabet[symbol - 1]
        if char == " ":
            if letters:
                words.append(("".join(letters), first, last, score))
            letters, score = [], 0.0
            continue
        if not letters:
            first = int(run_start)
        letters.append(char)
        last = int(run_end) - 1
        score += float(peak[run_start:run_end].max())
    if letters:
        words.append(("".join(letters), first, last, score))
    out: list[str] = []
    for i, (word, word_start, _, _) in enumerate(words):
        if out and word_start - words[i - 1][2] >= config.pause_steps:
            out[-1] += ","
        out.append(word)
    confidence = math.exp(min(w[3] for w in words)) if words else 0.0
    return Decoded(" ".join(out), confidence)


# ---------------------------------------------------------------------- files
def default_speech_dir() -> Path:
    from lam_core.paths import project_root

    return project_root() / "models" / "speech"


def save_speech_model(model: SpeechNet, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Write config.json and model.safetensors into ``directory`` (created if needed)."""
    return save_model_folder(directory, FORMAT_NAME, FORMAT_VERSION, model.config.to_dict(), model, metadata)


def load_speech_model(directory: str | Path) -> tuple[SpeechNet, dict[str, Any]]:
    """The network saved in ``directory``, in eval mode on the CPU, and its metadata. Raises
    SpeechFileError naming the file for a missing folder or file, a config that is not a speech
    recogniser's, or weights that are corrupt, non-finite or do not fit the config."""
    model, metadata = load_model_folder(directory, FORMAT_NAME, FORMAT_VERSION, SpeechFileError,
                                        "make one with `lam train-speech`", SpeechConfig.from_dict, SpeechNet)
    assert isinstance(model, SpeechNet)
    return model, metadata
