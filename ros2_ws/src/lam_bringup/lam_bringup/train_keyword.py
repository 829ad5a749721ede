"""Train the "stop"/"halt" keyword spotter (lam_core.voice.keyword) on speech that espeak-ng
synthesises with the training voices only, pick its threshold on a validation set of other
training-voice clips, and write it (models/keyword by default). Prints a short summary.

Positives are "stop" and "halt" alone or in short phrases ("robot stop", "halt please", "stop
stop"), labelled positive while the keyword's end lies in the last KEYWORD_ZONE_S of the window;
negatives are random-word sentences, near-miss words ("top", "shop", "salt", "hold"), robot goal
sentences, noise, clicks and silence, and the windows of positive clips where the keyword is long
past or cut off. Every clip gets a random voice, level, room noise (0 to 30 dB SNR) or none,
sometimes a reverberant room or quiet background speech.

    python -m lam_bringup.train_keyword [--out DIR] [--seed N] [--clips N] [--epochs N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from lam_core.voice.audio import (
    SAMPLE_RATE_HZ,
    have_synthesiser,
    noise_for_snr,
    random_voice,
    resample,
    room_noise,
    speech_level,
    synthesize,
)
from lam_core.voice.features import FLOOR_FEATURE, HOP_SAMPLES, MEL_BANDS, WINDOW_SAMPLES, log_mel
from lam_core.voice.keyword import KEYWORDS, KeywordSpotter, SpotDecider

KEYWORD_ZONE_S = 0.35     # a window is positive while the keyword ended at most this long before its end
UNSURE_ZONE_S = 0.6       # windows whose keyword ended between KEYWORD_ZONE_S and this are not trained on
DETECTION_SLACK_S = 0.6   # validation: a spot up to this long after the keyword's end detects it
SPEED_PERTURBATION = (0.85, 1.2)  # training speech is resampled by a factor in this range: longer is slower and lower
MIN_VALIDATION_DETECTION = 0.99  # share of validation keywords at 10 dB SNR the chosen threshold must still detect
KEYWORD_SPAN_S = 0.45    # a keyword's assumed length where only its end is known
IGNORE = -1
DICTIONARY = Path("/usr/share/dict/american-english")
KEYWORD_LETTERS = ("stop", "halt")

COMMON_TEXT = (
    "the a an and or but if then so because of to in on at by for with from up down out over under again here there "
    "when where why how what who which this that these those i you he she it we they me him her us them my your his "
    "its our their is are was were be been being have has had do does did will would can could should may might must "
    "not no yes very just now only also more most some any all each every other another such same own than too "
    "go come get make take give see look know think say tell ask want need like use find put keep let begin seem help "
    "show hear play run move live believe bring happen write sit stand lose pay meet include continue set learn "
    "change lead understand watch follow create speak read spend grow open walk win offer remember love consider "
    "appear buy wait serve die send expect build stay fall cut reach kill remain time year people way day man thing "
    "woman life child world school state family student group country problem hand part place case week company "
    "system program question work government number night point home water room mother area money story fact month "
    "lot right study book eye job word business issue side kind head house service friend father power hour game "
    "line end member law car city community name team minute idea kid body information back parent face others "
    "level office door health person art war history party result morning reason research girl guy moment air "
    "teacher force education good new first last long great little old big high different small large next early "
    "young important few public bad able red blue green yellow box cube bin table floor left right forward slowly"
)
COMMON_WORDS = tuple(COMMON_TEXT.split())
NEAR_MISS_WORDS = (
    "top", "shop", "stock", "hop", "stuff", "salt", "fault", "hold", "hall", "all", "stomp", "stoop", "spot", "pot",
    "tops", "what", "bolt", "vault", "cult", "stuck", "step", "stab", "store", "story", "stall", "tall", "ball",
    "malt", "halve", "help", "hot", "start", "strap", "scoop", "snap", "shot", "stalk", "hawk", "hull", "hurt", "adult",
    "stout", "stow", "stoke", "swap", "knob", "cop", "drop", "mop", "crop", "prop", "chop", "stack", "stick", "what's",
    "thought", "taught", "caught", "bought", "sought", "star", "stone", "storm", "stove", "toss", "hog", "dog", "log",
    "spa", "sob", "wasp", "asked", "fast", "last", "past", "stamp", "stump", "slot", "plot", "blot", "lot", "got",
    "not", "hall", "hello", "hollow", "halo", "hallway", "salty", "waltz", "false", "call", "fall", "wall", "small",
    "held", "hilt", "hut", "heart", "host", "halls", "holds", "tough",
)
NEAR_MISS_PHRASES = (
    "go to the box", "go to the top", "go to the shop", "hold on", "that's all", "it's my fault", "salt and pepper",
    "hop on", "in stock", "on the spot", "it is hot", "hold it", "go to the hall", "step back", "not now",
    "don't drop it", "all done", "what's that", "stuff it", "go up", "top it up", "shop till you drop", "hold the cup",
    "at the top", "what a lot", "a tall wall", "the ball", "a bolt", "the vault", "start now", "go to the stove",
    "stack it", "stick it", "the store", "a short story", "all of it", "what is it", "drop it", "chop it", "pop",
    "hot pot", "it's not", "the spot", "go to the post", "step on it", "hold the box", "it's tall", "that's what",
)
GOAL_VERBS = ("go to", "drive to", "move to", "look at", "find", "pick up", "bring me", "fetch", "go and get", "point at",
              "approach", "turn towards", "grab")
GOAL_OBJECTS = ("box", "cube", "bin", "can", "ball", "bottle")
GOAL_COLORS = ("red", "blue", "green", "yellow", "big", "small", "nearest", "")
GOAL_EXTRAS = ("turn left", "turn right", "drive forward one meter", "go back", "go back to the start", "come here",
               "follow me", "what do you see", "where is the blue cube", "go slowly", "wait here", "continue", "start",
               "turn around", "drive forward", "back up a little", "how many boxes are there", "go faster",
               "put it down", "let go", "put the cube next to the box", "drive half a meter")
PRE_WORDS = ("robot", "please", "now", "hey robot", "okay", "no", "no no", "robot please", "wait", "hey", "oh",
             "robot, please", "and", "I said")
POST_WORDS = ("it", "please", "now", "the robot", "moving", "right now", "that", "everything", "robot", "here", "there",
              "immediately", "the car")


@lru_cache(maxsize=1)
def dictionary_words() -> tuple[str, ...]:
    """Lower-case words of the system word list without "stop" or "halt" in them (none if absent)."""
    if not DICTIONARY.is_file():
        return ()
    words = DICTIONARY.read_text(encoding="utf-8", errors="ignore").split()
    return tuple(w for w in words if re.fullmatch(r"[a-z]{2,14}", w) and not any(k in w for k in KEYWORD_LETTERS))


def random_words(rng: np.random.Generator, low: int, high: int) -> str:
    """``low`` to ``high`` words, common and dictionary words mixed."""
    rare = dictionary_words()
    words = [rare[int(rng.integers(len(rare)))] if rare and rng.random() < 0.4 else str(rng.choice(COMMON_WORDS))
             for _ in range(int(rng.integers(low, high + 1)))]
    return " ".join(words)


def goal_sentence(rng: np.random.Generator) -> str:
    if rng.random() < 0.3:
        return str(rng.choice(GOAL_EXTRAS))
    text = f"{rng.choice(GOAL_VERBS)} the {rng.choice(GOAL_COLORS)} {rng.choice(GOAL_OBJECTS)}".replace("  ", " ")
    if rng.random() < 0.3:
        text += f" and put it in the {rng.choice(GOAL_COLORS)} {rng.choice(GOAL_OBJECTS)}".replace("  ", " ")
    return text


def near_miss_text(rng: np.random.Generator) -> str:
    parts = [str(rng.choice(NEAR_MISS_PHRASES)) if rng.random() < 0.4 else str(rng.choice(NEAR_MISS_WORDS))
             for _ in range(int(rng.integers(1, 4)))]
    if rng.random() < 0.4:
        parts.insert(int(rng.integers(0, len(parts) + 1)), random_words(rng, 1, 3))
    return " ".join(parts)


# ---------------------------------------------------------------------- clips
@dataclass
class Clip:
    """A training clip: ``audio`` (16 kHz) and its keyword events (class index 1 stop / 2 halt,
    first and last sample of the keyword)."""

    audio: np.ndarray
    events: list[tuple[int, int, int]] = field(default_factory=list)
    kind: str = ""


def trim(audio: np.ndarray) -> np.ndarray:
    """``audio`` without leading and trailing silence (10 ms frames 40 dB below the loudest)."""
    frame = SAMPLE_RATE_HZ // 100
    n = audio.size // frame
    if n == 0:
        return audio
    power = np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1)
    active = np.flatnonzero(power > power.max() * 1e-4)
    if active.size == 0:
        return audio[:0]
    return audio[active[0] * frame: (active[-1] + 1) * frame]


def keyword_text(keyword: str, rng: np.random.Generator) -> str:
    return keyword + str(rng.choice(["", "", "!", "."]))


def speak_positive(rng: np.random.Generator, repeat_allowed: bool = True) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """A keyword alone or in a short phrase, one training voice, and its events. Half the
    phrases that end with the keyword are spoken whole, as a speaker runs the words together (the
    keyword's start then assumed KEYWORD_SPAN_S before the phrase's end); the rest are words
    spoken one by one with short gaps."""
    voice = random_voice("train", rng)
    keyword_index = int(rng.integers(len(KEYWORDS)))
    keyword = KEYWORDS[keyword_index]
    r = rng.random()
    pre = "" if r < 0.4 else str(rng.choice(PRE_WORDS)) if r < 0.75 else goal_sentence(rng) if r < 0.85 \
        else random_words(rng, 1, 4)
    r = rng.random()
    post = "" if r < 0.55 else keyword if (r < 0.65 and repeat_allowed) else str(rng.choice(POST_WORDS))
    if pre and not post and rng.random() < 0.5:
        spoken = trim(synthesize(f"{pre} {keyword_text(keyword, rng)}", voice))
        end = spoken.size
        return spoken, [(keyword_index + 1, max(0, end - int(KEYWORD_SPAN_S * SAMPLE_RATE_HZ)), end)]
    pieces: list[tuple[np.ndarray, int]] = []
    if pre:
        pieces.append((trim(synthesize(pre, voice)), 0))
    pieces.append((trim(synthesize(keyword_text(keyword, rng), voice)), keyword_index + 1))
    if post:
        pieces.append((trim(synthesize(post, voice)), keyword_index + 1 if post == keyword else 0))
    parts: list[np.ndarray] = []
    events: list[tuple[int, int, int]] = []
    position = 0
    for i, (audio, label) in enumerate(pieces):
        if i:
            gap = np.zeros(int(rng.uniform(0.02, 0.3) * SAMPLE_RATE_HZ), dtype=np.float32)
            parts.append(gap)
            position += gap.size
        if label:
            events.append((label, position, position + audio.size))
        parts.append(audio)
        position += audio.size
    return np.concatenate(parts), events


def speak_negative(kind: str, rng: np.random.Generator) -> np.ndarray:
    voice = random_voice("train", rng)
    text = random_words(rng, 3, 10) if kind == "words" else near_miss_text(rng) if kind == "near" else goal_sentence(rng)
    return trim(synthesize(text, voice))


def reverberate(audio: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``audio`` through a short random room response (exponentially decaying noise, RT60 0.15
    to 0.6 s, after the direct sound), at the same level."""
    rt60 = rng.uniform(0.15, 0.6)
    n = int(rt60 * SAMPLE_RATE_HZ)
    t = np.arange(n) / SAMPLE_RATE_HZ
    response = rng.standard_normal(n) * np.exp(-6.9 * t / rt60) * rng.uniform(0.05, 0.3)
    response[0] = 1.0
    size = audio.size + n - 1
    wet = np.fft.irfft(np.fft.rfft(audio, size) * np.fft.rfft(response, size), size)[: audio.size]
    out: np.ndarray = (wet * (np.sqrt(np.mean(audio**2)) / (np.sqrt(np.mean(wet**2)) + 1e-12))).astype(np.float32)
    return out


def clicks(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-peak knocks and claps: a few short decaying noise bursts."""
    out = np.zeros(n, dtype=np.float32)
    for _ in range(int(rng.integers(1, 6))):
        length = int(rng.uniform(0.01, 0.15) * SAMPLE_RATE_HZ)
        start = int(rng.integers(0, max(1, n - length)))
        burst = rng.standard_normal(length) * np.exp(-np.arange(length) / (length / 5.0))
        out[start:start + length] += (burst * rng.uniform(0.2, 1.0)).astype(np.float32)[: n - start]
    peak = float(np.abs(out).max()) + 1e-12
    return out / np.float32(peak)


def place(speech: np.ndarray, events: list[tuple[int, int, int]], rng: np.random.Generator,
          snr_db: float | None = None) -> Clip:
    """``speech`` between stretches of quiet at a random level, with room noise at ``snr_db`` (a
    random 0 to 30 dB, sometimes none, when not given), sometimes reverberant, sometimes over
    quiet background speech; without ``snr_db`` (training) often resampled by a factor in
    SPEED_PERTURBATION (slower and lower, or faster and higher: voices between the synthesiser's)."""
    if snr_db is None and speech.size and rng.random() < 0.7:
        factor = rng.uniform(*SPEED_PERTURBATION)
        speech = resample(speech, SAMPLE_RATE_HZ, round(SAMPLE_RATE_HZ * factor))
        events = [(c, round(s * factor), round(e * factor)) for c, s, e in events]
    lead = int(rng.uniform(0.2, 1.5) * SAMPLE_RATE_HZ)
    tail = int(rng.uniform(0.3, 1.6) * SAMPLE_RATE_HZ)
    if speech.size and rng.random() < 0.3:
        speech = reverberate(speech, rng)
    level = 10.0 ** (rng.uniform(-45.0, -6.0) / 20.0)
    speech = speech * (level / (speech_level(speech) + 1e-12))
    audio = np.concatenate([np.zeros(lead), speech, np.zeros(tail)]).astype(np.float32)
    if snr_db is None and rng.random() < 0.1:
        return Clip(np.clip(audio, -1, 1), [(c, s + lead, e + lead) for c, s, e in events])
    snr = float(rng.uniform(0.0, 30.0)) if snr_db is None else snr_db
    noise = room_noise(audio.size, rng)
    if snr_db is None and rng.random() < 0.15:
        noise = noise + rng.standard_normal(audio.size).astype(np.float32) * rng.uniform(0.2, 1.0)
    audio = audio + noise_for_snr(speech, noise, snr)
    if snr_db is None and rng.random() < 0.15:
        babble = trim(synthesize(random_words(rng, 4, 10), random_voice("train", rng)))[: audio.size]
        start = int(rng.integers(0, audio.size - babble.size + 1))
        audio[start:start + babble.size] += noise_for_snr(speech, babble, rng.uniform(10.0, 25.0))
    return Clip(np.clip(audio, -1, 1).astype(np.float32), [(c, s + lead, e + lead) for c, s, e in events])


def noise_clip(rng: np.random.Generator) -> Clip:
    """Room noise, white noise or knocks at a random level, or silence."""
    n = int(rng.uniform(1.5, 4.0) * SAMPLE_RATE_HZ)
    r = rng.random()
    if r < 0.15:
        return Clip(np.zeros(n, dtype=np.float32), kind="silence")
    level = 10.0 ** (rng.uniform(-75.0, -10.0) / 20.0)
    noise = room_noise(n, rng) if r < 0.6 else rng.standard_normal(n).astype(np.float32) if r < 0.75 \
        else clicks(n, rng) * 3.0 + room_noise(n, rng) * rng.uniform(0.0, 0.3)
    return Clip(np.clip(noise * level, -1, 1).astype(np.float32), kind="noise")


CLIP_KINDS = (("positive", 0.4), ("words", 0.17), ("near", 0.2), ("goal", 0.1), ("noise", 0.13))


def make_clip(seed: int, index: int) -> Clip:
    """Training clip ``index`` of ``seed`` (deterministic), its kind drawn from CLIP_KINDS."""
    rng = np.random.default_rng([seed, index])
    kind = str(rng.choice([k for k, _ in CLIP_KINDS], p=[p for _, p in CLIP_KINDS]))
    if kind == "noise":
        return noise_clip(rng)
    if kind == "positive":
        speech, events = speak_positive(rng)
        clip = place(speech, events, rng)
    else:
        clip = place(speak_negative(kind, rng), [], rng)
    clip.kind = kind
    return clip


@dataclass
class ClipFeatures:
    """A clip's log-mel frames (float16) and events (class, first frame, end sample)."""

    frames: np.ndarray
    events: list[tuple[int, int, int]]
    kind: str


def clip_features(job: tuple[int, int]) -> ClipFeatures:
    clip = make_clip(*job)
    return ClipFeatures(log_mel(clip.audio).astype(np.float16), clip.events, clip.kind)


def generate(seed: int, count: int, workers: int) -> list[ClipFeatures]:
    jobs = [(seed, i) for i in range(count)]
    if workers <= 1:
        return [clip_features(j) for j in jobs]
    clips = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for clip in pool.imap(clip_features, jobs, chunksize=16):
            clips.append(clip)
            if len(clips) % 2000 == 0:
                print(f"    {len(clips)}/{count} clips", flush=True)
    return clips


# ---------------------------------------------------------------------- windows and labels
def window_end_sample(end_frame: int) -> int:
    """Sample just after a window whose last frame is ``end_frame - 1``."""
    return (end_frame - 1) * HOP_SAMPLES + WINDOW_SAMPLES


def window_label(end_frame: int, events: Iterable[tuple[int, int, int]]) -> int:
    """Class of the window ending before frame ``end_frame``: a keyword whose end lies in its
    last KEYWORD_ZONE_S, IGNORE when a keyword is cut off at its end or ended a little longer
    ago, else 0 (other)."""
    end = window_end_sample(end_frame)
    label = 0
    for cls, start, stop in events:
        since = end - stop
        if 0 <= since <= KEYWORD_ZONE_S * SAMPLE_RATE_HZ:
            return cls
        if start < end < stop or KEYWORD_ZONE_S * SAMPLE_RATE_HZ < since <= UNSURE_ZONE_S * SAMPLE_RATE_HZ:
            label = IGNORE
    return label


class WindowSet:
    """All clips' frames in one float16 array, each clip after window_frames floor frames (the
    silent start of a stream), so any window ending inside a clip can be cut out."""

    def __init__(self, clips: Sequence[ClipFeatures], window_frames: int) -> None:
        self.window = window_frames
        pad = np.full((window_frames, MEL_BANDS), FLOOR_FEATURE, dtype=np.float16)
        parts, starts, position = [], [], 0
        for clip in clips:
            parts += [pad, clip.frames]
            position += window_frames
            starts.append(position)
            position += len(clip.frames)
        self.frames = np.concatenate(parts)
        self.starts = np.array(starts)
        self.lengths = np.array([len(c.frames) for c in clips])
        self.clips = clips

    def sample(self, rng: np.random.Generator, per_clip: int) -> tuple[np.ndarray, np.ndarray]:
        """(clip, end frame) pairs and labels: per clip ``per_clip`` windows, two thirds of them
        just after a keyword's end in clips that have one, the rest anywhere from half a window on."""
        picks, labels = [], []
        for i, clip in enumerate(self.clips):
            n = int(self.lengths[i])
            for k in range(per_clip):
                if clip.events and k < (2 * per_clip) // 3:
                    _, _, stop = clip.events[int(rng.integers(len(clip.events)))]
                    end_sample = stop + rng.uniform(0.0, KEYWORD_ZONE_S) * SAMPLE_RATE_HZ
                    end_frame = int(np.floor((end_sample - WINDOW_SAMPLES) / HOP_SAMPLES)) + 1
                else:
                    end_frame = int(rng.integers(min(self.window // 2, n), n + 1))
                end_frame = int(np.clip(end_frame, 1, n))
                picks.append((i, end_frame))
                labels.append(window_label(end_frame, clip.events))
        return np.array(picks), np.array(labels)

    def windows(self, picks: np.ndarray) -> np.ndarray:
        """(len(picks), window, bands) float32 windows for (clip, end frame) pairs."""
        first = self.starts[picks[:, 0]] + picks[:, 1] - self.window
        windows: np.ndarray = self.frames[first[:, None] + np.arange(self.window)[None, :]].astype(np.float32)
        return windows


# ---------------------------------------------------------------------- training
def augment_windows(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Log-mel windows (batch, frames, bands) with a random gain (+-2.5 nats, about +-11 dB), a
    smooth random equaliser curve (up to about +-1 nat), half of them shifted along the mel axis
    by up to 1.5 bands (a longer or shorter vocal tract), a band mask on half and a time mask
    on a third; the floor feature stays the floor."""
    batch, frames, bands = x.shape
    position = np.arange(bands) / (bands - 1)
    curve = sum(rng.uniform(-0.4, 0.4, (batch, 1, 1)) * np.cos(np.pi * k * position)[None, None, :] for k in (1, 2, 3))
    silent = x <= FLOOR_FEATURE + 1e-3
    x = x + rng.uniform(-2.5, 2.5, (batch, 1, 1)) + curve
    shift = np.where(rng.random(batch) < 0.5, rng.uniform(-1.5, 1.5, batch), 0.0)
    source = np.clip(np.arange(bands)[None, :] + shift[:, None], 0, bands - 1)  # (batch, bands) read positions
    interpolation = np.clip(1.0 - np.abs(np.arange(bands)[None, :, None] - source[:, None, :]), 0.0, None)
    x = np.matmul(x, interpolation.astype(np.float32))
    x = np.where(silent, FLOOR_FEATURE, np.maximum(x, FLOOR_FEATURE)).astype(np.float32)
    for row in np.flatnonzero(rng.random(batch) < 0.5):
        width = int(rng.integers(1, 6))
        low_band = int(rng.integers(0, bands - width))
        x[row, :, low_band:low_band + width] = x[row].mean()
    for row in np.flatnonzero(rng.random(batch) < 0.33):
        width = int(rng.integers(1, 10))
        start = int(rng.integers(0, frames - width))
        x[row, start:start + width, :] = x[row].mean()
    return x


@dataclass
class TrainResult:
    model: Any
    losses: list[float]
    seconds: float


def train_model(clips: Sequence[ClipFeatures], epochs: int, seed: int, log: Any = print) -> TrainResult:
    import torch
    from torch import nn

    from lam_core.voice.keyword import KeywordConfig, KeywordNet

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 7)
    config = KeywordConfig()
    data = WindowSet(clips, config.window_frames)
    model = KeywordNet(config)
    speech = data.frames[data.frames[:, 0] > FLOOR_FEATURE + 0.5].astype(np.float32)
    sample = speech[rng.choice(len(speech), min(len(speech), 200_000), replace=False)]
    model.feature_mean.copy_(torch.from_numpy(sample.mean(axis=0)))
    model.feature_std.copy_(torch.from_numpy(sample.std(axis=0) + 1e-3))
    per_clip, batch = 3, 256
    steps = epochs * ((len(clips) * per_clip + batch - 1) // batch)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps, pct_start=0.15)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    t0, losses = time.monotonic(), []
    model.train()
    for epoch in range(epochs):
        picks, labels = data.sample(rng, per_clip)
        order = rng.permutation(len(picks))
        total, count = 0.0, 0
        for i in range(0, len(order), batch):
            chosen = order[i:i + batch]
            x = augment_windows(data.windows(picks[chosen]), rng)
            y = torch.from_numpy(labels[chosen]).long()
            loss = loss_fn(model(torch.from_numpy(x)), y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(chosen)
            count += len(chosen)
        losses.append(total / max(count, 1))
        log(f"epoch {epoch + 1}/{epochs}: loss {losses[-1]:.4f} ({time.monotonic() - t0:.0f} s)")
    model.eval()
    return TrainResult(model, losses, time.monotonic() - t0)


# ---------------------------------------------------------------------- validation
@dataclass
class ValidationSet:
    """Per-hop probabilities of validation streams, evaluated from a reset spotter each: keyword
    clips at fixed SNRs (with their events' end samples) and one long stream of speech without
    a keyword."""

    positives: list[tuple[float, np.ndarray, np.ndarray, list[tuple[int, int, int]]]]  # snr, probs, ends, events
    negative_probs: np.ndarray
    negative_ends: np.ndarray
    negative_seconds: float


VALIDATION_SNRS_DB = (20.0, 10.0, 5.0)


def validation_audio(seed: int, keyword_clips: int, negative_clips: int) -> tuple[list[tuple[float, Clip]], list[np.ndarray]]:
    """Keyword clips (one keyword each) at each of VALIDATION_SNRS_DB and negative speech clips,
    all in training voices, from ``seed`` (keep it apart from the training seed)."""
    positives = []
    for snr in VALIDATION_SNRS_DB:
        for i in range(keyword_clips):
            rng = np.random.default_rng([seed, int(snr), i])
            speech, events = speak_positive(rng, repeat_allowed=False)
            positives.append((snr, place(speech, events, rng, snr_db=snr)))
    negatives = []
    for i in range(negative_clips):
        rng = np.random.default_rng([seed, 999, i])
        kind = ("words", "near", "goal")[i % 3]
        negatives.append(place(speak_negative(kind, rng), [], rng, snr_db=float(rng.uniform(5.0, 30.0))).audio)
    return positives, negatives


def score_validation(model: Any, positives: list[tuple[float, Clip]], negatives: list[np.ndarray]) -> ValidationSet:
    spotter = KeywordSpotter(model)
    scored = []
    for snr, clip in positives:
        spotter.reset()
        probs, ends = spotter.hop_probabilities(clip.audio)
        scored.append((snr, probs, ends, clip.events))
    spotter.reset()
    stream = np.concatenate(negatives)
    chunks = [spotter.hop_probabilities(stream[i:i + 10 * SAMPLE_RATE_HZ]) for i in range(0, stream.size, 10 * SAMPLE_RATE_HZ)]
    return ValidationSet(scored, np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks]),
                         stream.size / SAMPLE_RATE_HZ)


@dataclass
class Figures:
    threshold: float
    detection_by_snr: dict[str, float]
    wrong_keyword: float
    extra_spots_per_clip: float
    latency_ms_p50: float | None
    latency_ms_p90: float | None
    false_spots: int
    false_spots_per_hour: float


def figures_at(val: ValidationSet, threshold: float, consecutive_hops: int, refractory_s: float) -> Figures:
    """Detection (a spot of any keyword from the keyword's start to DETECTION_SLACK_S after its
    end), wrong-keyword share, latency from the keyword's end, and false spots on the negative
    stream at ``threshold``."""
    decider = SpotDecider(threshold, consecutive_hops, int(refractory_s * SAMPLE_RATE_HZ))
    hits: dict[float, list[bool]] = {}
    latencies, wrong, extra = [], 0, 0
    for snr, probs, ends, events in val.positives:
        decider.reset()
        spots = decider.run(probs, ends)
        cls, start, stop = events[0]
        found = [s for s in spots if start < s.sample_index <= stop + DETECTION_SLACK_S * SAMPLE_RATE_HZ]
        hits.setdefault(snr, []).append(bool(found))
        extra += len(spots) - min(len(found), 1)
        if found:
            latencies.append((found[0].sample_index - stop) / SAMPLE_RATE_HZ * 1000.0)
            wrong += found[0].keyword != KEYWORDS[cls - 1]
    decider.reset()
    false_spots = len(decider.run(val.negative_probs, val.negative_ends))
    return Figures(threshold, {f"{snr:g}dB": round(float(np.mean(h)), 4) for snr, h in hits.items()},
                   round(wrong / max(len(latencies), 1), 4), round(extra / max(len(val.positives), 1), 4),
                   round(float(np.percentile(latencies, 50)), 1) if latencies else None,
                   round(float(np.percentile(latencies, 90)), 1) if latencies else None,
                   false_spots, round(false_spots / (val.negative_seconds / 3600.0), 2))


def choose_threshold(val: ValidationSet, consecutive_hops: int, refractory_s: float,
                     min_detection: float = MIN_VALIDATION_DETECTION) -> Figures:
    """The threshold: of a grid, the one with the fewest false spots on the validation negatives
    among those that still detect ``min_detection`` of the keywords at 10 dB (the lowest of those
    on a tie); the lowest of the grid when none does."""
    grid = np.round(np.concatenate([np.arange(0.5, 0.95, 0.025), np.arange(0.95, 0.999, 0.005)]), 4)
    table = [figures_at(val, float(t), consecutive_hops, refractory_s) for t in grid]
    fit = [f for f in table if f.detection_by_snr["10dB"] >= min_detection] or table[:1]
    return min(fit, key=lambda f: (f.false_spots, f.threshold))


# ---------------------------------------------------------------------- command line
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="train_keyword", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default models/keyword in the source checkout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clips", type=int, default=12000, help="training clips")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--val-keyword-clips", type=int, default=150, help="validation keyword clips per SNR")
    parser.add_argument("--val-negative-clips", type=int, default=400, help="validation clips of speech without a keyword")
    parser.add_argument("--workers", type=int, default=2, help="processes synthesising clips")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not have_synthesiser():
        print("[train-keyword] espeak-ng is not installed (make setup installs it)", file=sys.stderr)
        return 2
    import torch

    from lam_core.paths import source_root
    from lam_core.voice.keyword import parameter_count, save_keyword_model

    torch.set_num_threads(2)
    out = args.out or source_root() / "models" / "keyword"
    t0 = time.monotonic()
    clips = generate(args.seed, args.clips, args.workers)
    kinds = {k: sum(c.kind == k for c in clips) for k, _ in CLIP_KINDS}
    generate_s = time.monotonic() - t0
    print(f"[train-keyword] {len(clips)} training clips ({', '.join(f'{k} {n}' for k, n in kinds.items())}), "
          f"{sum(len(c.frames) for c in clips) / 100 / 60:.0f} min of audio, in {generate_s:.0f} s", flush=True)
    result = train_model(clips, args.epochs, args.seed, log=lambda line: print(f"    {line}", flush=True))
    del clips
    t1 = time.monotonic()
    positives, negatives = validation_audio(args.seed + 1_000_003, args.val_keyword_clips, args.val_negative_clips)
    val = score_validation(result.model, positives, negatives)
    config = result.model.config
    chosen = choose_threshold(val, config.consecutive_hops, config.refractory_s)
    validate_s = time.monotonic() - t1
    result.model.config = replace(config, threshold=chosen.threshold)
    params = parameter_count(result.model)
    metadata = {"seed": args.seed, "clips": args.clips, "epochs": args.epochs, "voice_split": "train",
                "clip_kinds": kinds, "parameters": params, "keyword_zone_s": KEYWORD_ZONE_S,
                "validation": {"voice_split": "train (other clips)", "keyword_clips_per_snr": args.val_keyword_clips,
                               "negative_minutes": round(val.negative_seconds / 60.0, 1), **asdict(chosen)},
                "generate_s": round(generate_s, 1), "train_s": round(result.seconds, 1),
                "loss_final": round(result.losses[-1], 4) if result.losses else None}
    save_keyword_model(result.model, out, metadata)
    size_kb = sum(f.stat().st_size for f in Path(out).iterdir()) / 1024
    detection = ", ".join(f"{snr} {rate:.3f}" for snr, rate in chosen.detection_by_snr.items())
    print(f"[train-keyword] validation (training voices, other clips): threshold {chosen.threshold:.3f}; detection {detection}; "
          f"wrong keyword {chosen.wrong_keyword:.3f}; latency after the keyword's end p50 {chosen.latency_ms_p50} ms, "
          f"p90 {chosen.latency_ms_p90} ms; {chosen.false_spots} false spots in {val.negative_seconds / 60:.1f} min of "
          f"speech without a keyword ({chosen.false_spots_per_hour:.1f} per hour)")
    print(f"[train-keyword] {params} parameters, {size_kb:.0f} KB in {out}; synthesis {generate_s:.0f} s, training "
          f"{result.seconds:.0f} s, validation {validate_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
