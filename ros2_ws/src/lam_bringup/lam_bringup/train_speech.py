"""Train the learned speech recogniser (lam_core.voice.speech_model) with CTC on sentences that
espeak-ng speaks in the training voices only, and write it (models/speech by default). Prints a
short summary, the validation letter and word error rates per epoch, and keeps the best epoch.

The sentences are the goal language model's request shapes filled with goal understanding's
lexicon (lam_core.voice.goal_language_model), a share of them after a wake word, and a share of
random everyday and dictionary words so that the letters, not only the goal phrases, are learnt.
No test goal is among them. Each clip gets a random training voice, speed and pitch, sometimes a
slight resampling, a reverberant room, a random level, silence around it and room noise at 0 to
30 dB SNR. Validation clips come from other seeds of the same training voices.

    python -m lam_bringup.train_speech [--out DIR] [--seed N] [--clips N] [--epochs N] [--max-minutes M]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lam_core.voice import goal_language_model
from lam_core.voice.audio import SAMPLE_RATE_HZ, AudioError, have_synthesiser, noise_for_snr, random_voice, resample, room_noise, synthesize
from lam_core.voice.features import log_mel

WAKE_PHRASES = ("robot", "robot", "hey robot", "okay robot", "robot please", "ok robot")
WAKE_SHARE = 0.35          # goal sentences said after a wake word
WORDS_SHARE = 0.2          # sentences of random everyday and dictionary words
NOISE_SHARE = 0.85         # clips with room noise (SNR uniform in NOISE_SNR_DB)
NOISE_SNR_DB = (0.0, 30.0)
RESAMPLE_SHARE = 0.3       # clips resampled by a factor in RESAMPLE_RANGE (slower and lower, or faster and higher)
RESAMPLE_RANGE = (0.9, 1.12)
REVERB_SHARE = 0.2
PAD_S = (0.05, 0.6)        # silence before and after the speech [s]
FRAMES_PER_BATCH = 12000   # feature frames (10 ms) per training batch
VALIDATION_CLIPS = 300


def training_sentences(seed: int, count: int) -> list[str]:
    """``count`` sentences to speak: goal requests (some after a wake word) and random words."""
    from lam_bringup.train_keyword import random_words

    rng = np.random.default_rng([seed, 1])
    goals = goal_language_model.goal_sentences(rng, count)
    out = []
    for goal in goals:
        draw = rng.random()
        text = goal.replace(" 's", "'s")
        if draw < WORDS_SHARE:
            out.append(random_words(rng, 2, 9))
        elif draw < WORDS_SHARE + WAKE_SHARE:
            out.append(f"{rng.choice(WAKE_PHRASES)} {text}")
        else:
            out.append(text)
    return out


@dataclass(frozen=True)
class Example:
    text: str
    features: np.ndarray  # (frames, mel bands) float16


def speak(text: str, rng: np.random.Generator) -> np.ndarray:
    """``text`` in a random training voice, in a random room, level and noise, with silence around it."""
    from lam_bringup.train_keyword import reverberate

    speech = synthesize(text, random_voice("train", rng))
    if rng.random() < RESAMPLE_SHARE:
        factor = rng.uniform(*RESAMPLE_RANGE)
        speech = resample(speech, round(SAMPLE_RATE_HZ * factor), SAMPLE_RATE_HZ)
    if rng.random() < REVERB_SHARE:
        speech = reverberate(speech, rng)
    speech = speech / (np.abs(speech).max() + 1e-9) * 10.0 ** (rng.uniform(-24.0, -1.0) / 20.0)
    pads = [np.zeros(int(rng.uniform(*PAD_S) * SAMPLE_RATE_HZ), np.float32) for _ in range(2)]
    clip = np.concatenate([pads[0], speech, pads[1]]).astype(np.float32)
    if rng.random() < NOISE_SHARE:
        clip = clip + noise_for_snr(speech, room_noise(clip.size, rng), rng.uniform(*NOISE_SNR_DB))
    else:
        clip = clip + rng.standard_normal(clip.size).astype(np.float32) * 1e-4
    return np.clip(clip, -1.0, 1.0).astype(np.float32)


def make_example(job: tuple[int, int, str]) -> Example | None:
    seed, index, text = job
    try:
        clip = speak(text, np.random.default_rng([seed, 2, index]))
    except AudioError:
        return None
    return Example(text, log_mel(clip).astype(np.float16))


def generate(seed: int, texts: Sequence[str], workers: int, max_seconds: float | None = None) -> list[Example]:
    """The clips of ``texts`` made on ``workers`` processes; with ``max_seconds``, those made by then."""
    jobs = [(seed, i, t) for i, t in enumerate(texts)]
    started = time.monotonic()
    made: list[Example] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for example in pool.imap(make_example, jobs, chunksize=32):
            if example is not None:
                made.append(example)
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                break
    return made


def batches(examples: Sequence[Example], rng: np.random.Generator, frames_per_batch: int = FRAMES_PER_BATCH,
            ) -> list[list[int]]:
    """Indices grouped by similar length, about ``frames_per_batch`` padded frames each, in random order."""
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].features) + rng.uniform(0, 30))
    out: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        frames = len(examples[i].features)
        if current and max(longest, frames) * (len(current) + 1) > frames_per_batch:
            out.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, frames)
    if current:
        out.append(current)
    rng.shuffle(out)  # type: ignore[arg-type]
    return out


def collate(examples: Sequence[Example], picks: Sequence[int]) -> tuple[Any, Any, Any, Any]:
    """(features zero-padded to the longest, frame counts, concatenated targets, target lengths);
    the network ignores what lies past each item's frames."""
    import torch

    from lam_core.voice.speech_model import encode_text

    longest = max(len(examples[i].features) for i in picks)
    feats = np.zeros((len(picks), longest, examples[picks[0]].features.shape[1]), np.float32)
    frames = []
    targets: list[int] = []
    target_lengths = []
    for row, i in enumerate(picks):
        f = examples[i].features.astype(np.float32)
        feats[row, : len(f)] = f
        frames.append(len(f))
        ids = encode_text(examples[i].text)
        targets.extend(ids)
        target_lengths.append(len(ids))
    return (torch.from_numpy(feats), torch.tensor(frames), torch.tensor(targets, dtype=torch.long),
            torch.tensor(target_lengths))


def spec_augment(feats: Any, mean: Any, rng: np.random.Generator) -> Any:
    """Two frequency masks (up to 6 bands) and two time masks (up to 12 frames) per clip, set to the band means."""
    for row in range(feats.shape[0]):
        for _ in range(2):
            width = int(rng.integers(0, 7))
            low = int(rng.integers(0, feats.shape[2] - width + 1))
            feats[row, :, low:low + width] = mean[low:low + width]
            span = int(rng.integers(0, 13))
            start = int(rng.integers(0, max(1, feats.shape[1] - span)))
            feats[row, start:start + span, :] = mean
    return feats


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def transcribe_all(model: Any, examples: Sequence[Example], batch_size: int = 64) -> list[str]:
    """Greedy readings of ``examples``, in their order; batched by similar length (the network
    reads a padded item as it reads it alone)."""
    import torch

    from lam_core.voice.speech_model import greedy_decode

    model.eval()
    device = model.feature_mean.device
    out = [""] * len(examples)
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].features))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            picks = order[start:start + batch_size]
            longest = max(len(examples[i].features) for i in picks)
            feats = np.zeros((len(picks), longest, examples[picks[0]].features.shape[1]), np.float32)
            for row, i in enumerate(picks):
                feats[row, : len(examples[i].features)] = examples[i].features
            frames = torch.tensor([len(examples[i].features) for i in picks])
            log_probs, steps = model(torch.from_numpy(feats).to(device), frames.to(device))
            log_probs, steps = log_probs.cpu().numpy(), steps.cpu().numpy()
            for row, i in enumerate(picks):
                out[i] = greedy_decode(log_probs[row, : steps[row]], model.config).text.replace(",", "")
    return out


def error_rates(model: Any, examples: Sequence[Example]) -> tuple[float, float]:
    """(letter error rate, word error rate) of greedy decoding on ``examples``."""
    from lam_core.voice.speech_model import ALPHABET

    hyps = transcribe_all(model, examples)
    refs = [" ".join("".join(ch for ch in e.text.lower() if ch in ALPHABET).split()) for e in examples]
    letters = sum(edit_distance(h, r) for h, r in zip(hyps, refs, strict=True)) / max(1, sum(len(r) for r in refs))
    words = sum(edit_distance(h.split(), r.split()) for h, r in zip(hyps, refs, strict=True)) / max(
        1, sum(len(r.split()) for r in refs))
    return letters, words


def one_cycle_lr(progress: float, max_lr: float, warmup: float = 0.15) -> float:
    """The learning rate at ``progress`` (0 to 1) of one cycle: a linear rise from max_lr / 25 over
    the first ``warmup``, then a cosine fall to max_lr / 1e4."""
    progress = min(max(progress, 0.0), 1.0)
    if progress < warmup:
        return max_lr / 25.0 + (max_lr - max_lr / 25.0) * progress / warmup
    fall = (progress - warmup) / (1.0 - warmup)
    return max_lr / 1e4 + (max_lr - max_lr / 1e4) * 0.5 * (1.0 + math.cos(math.pi * fall))


def train(examples: Sequence[Example], validation: Sequence[Example], epochs: int, max_minutes: float, seed: int,
          log: Any = print, on_best: Any = None, init: Path | None = None, max_lr: float = 3e-3,
          config: Any = None, device: str = "cpu", frames_per_batch: int = FRAMES_PER_BATCH,
          ) -> tuple[Any, dict[str, Any]]:
    """The network of the epoch with the lowest validation word error, and a summary;
    ``on_best(model, summary)`` is called at each new best (to keep a checkpoint). ``init``: a
    saved recogniser to go on training (its feature statistics are kept); ``config``: the
    SpeechConfig of a new one. The learning rate runs one cycle over ``epochs`` or ``max_minutes``,
    whichever ends first; training stops at the end of that cycle (validated there)."""
    import torch

    from lam_core.voice.speech_model import SpeechConfig, SpeechNet

    torch.manual_seed(seed)
    rng = np.random.default_rng([seed, 3])
    if init is not None:
        from lam_core.voice.speech_model import load_speech_model

        model = load_speech_model(init)[0]
    else:
        model = SpeechNet(config or SpeechConfig())
        sample = np.concatenate([e.features[::4].astype(np.float32) for e in examples])
        model.feature_mean.copy_(torch.from_numpy(sample.mean(axis=0)))
        model.feature_std.copy_(torch.from_numpy(sample.std(axis=0) + 1e-3))
    model.to(device)
    mean = model.feature_mean.detach().cpu().clone()
    first = batches(examples, rng, frames_per_batch)
    total = max(1, len(first) * epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr / 25.0, weight_decay=1e-2)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    best: tuple[float, dict[str, Any], int, float, float] | None = None
    started = time.monotonic()
    history = []
    step = 0
    progress = 0.0
    for epoch in range(1, epochs + 1):
        model.train()
        losses = []
        for picks in first if epoch == 1 else batches(examples, rng, frames_per_batch):
            progress = max(step / total, (time.monotonic() - started) / 60.0 / max(max_minutes, 1e-6))
            if progress >= 1.0:
                break
            for group in optimizer.param_groups:
                group["lr"] = one_cycle_lr(progress, max_lr)
            feats, frames, targets, target_lengths = collate(examples, picks)
            feats = spec_augment(feats, mean, rng).to(device, non_blocking=True)
            log_probs, steps = model(feats, frames.to(device))
            loss = ctc(log_probs.transpose(0, 1), targets.to(device), steps, target_lengths.to(device))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            losses.append(loss.item())
        letter_err, word_err = error_rates(model, validation)
        minutes = (time.monotonic() - started) / 60.0
        history.append({"epoch": epoch, "loss": round(float(np.mean(losses)) if losses else float("nan"), 4),
                        "letter_error": round(letter_err, 4), "word_error": round(word_err, 4),
                        "minutes": round(minutes, 1)})
        log(f"epoch {epoch:2d}: ctc loss {np.mean(losses) if losses else float('nan'):.3f}, validation letter error "
            f"{letter_err:.3f}, word error {word_err:.3f} ({minutes:.1f} min, {step} steps)")
        if best is None or word_err < best[0]:
            best = (word_err, {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, epoch,
                    letter_err, word_err)
            if on_best is not None:
                on_best(model, {"best_epoch": epoch, "validation_letter_error": round(letter_err, 4),
                                "validation_word_error": round(word_err, 4), "history": history})
        if progress >= 1.0:
            log(f"stopping after epoch {epoch}: the learning-rate cycle ({max_minutes:.0f} min or {epochs} epochs) ended")
            break
    assert best is not None
    model.to("cpu")
    model.load_state_dict(best[1])
    model.eval()
    return model, {"best_epoch": best[2], "validation_letter_error": round(best[3], 4),
                   "validation_word_error": round(best[4], 4), "history": history}


def main(argv: list[str] | None = None) -> int:
    from lam_core.voice.speech_model import SpeechConfig, default_speech_dir, parameter_count, save_speech_model

    parser = argparse.ArgumentParser(prog="lam train-speech", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=default_speech_dir())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clips", type=int, default=9000, help="training sentences to synthesise")
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--max-minutes", type=float, default=60.0,
                        help="the learning-rate cycle's length in time, if it ends before the epochs do")
    parser.add_argument("--init", type=Path, default=None, help="a saved recogniser to go on training")
    parser.add_argument("--max-lr", dest="max_lr", type=float, default=3e-3, help="peak learning rate (one cycle)")
    parser.add_argument("--validation-clips", dest="validation_clips", type=int, default=VALIDATION_CLIPS)
    parser.add_argument("--workers", type=int, default=max(1, min(4, multiprocessing.cpu_count())))
    parser.add_argument("--synth-minutes", dest="synth_minutes", type=float, default=None,
                        help="stop synthesising training clips after this long (keeps those made)")
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (cuda where torch sees one)")
    parser.add_argument("--batch-frames", dest="batch_frames", type=int, default=FRAMES_PER_BATCH,
                        help="padded 10 ms feature frames per training batch")
    shape = SpeechConfig()
    parser.add_argument("--channels", type=int, default=shape.channels, help="convolution channels of a new network")
    parser.add_argument("--blocks", type=int, default=shape.blocks, help="separable convolution blocks of a new network")
    parser.add_argument("--hidden", type=int, default=shape.hidden, help="GRU units per direction of a new network")
    parser.add_argument("--layers", type=int, default=shape.layers, help="GRU layers of a new network")
    args = parser.parse_args(argv)
    if not have_synthesiser():
        print("espeak-ng is not installed (make setup installs it)", file=sys.stderr)
        return 2
    import torch

    torch.set_num_threads(max(1, multiprocessing.cpu_count()))
    config = SpeechConfig(channels=args.channels, blocks=args.blocks, hidden=args.hidden, layers=args.layers)
    SpeechConfig.from_dict(config.to_dict())  # range checks
    t0 = time.monotonic()
    texts = training_sentences(args.seed, args.clips)
    examples = generate(args.seed, texts, args.workers,
                        None if args.synth_minutes is None else args.synth_minutes * 60.0)
    held = training_sentences(args.seed + 1000, args.validation_clips)
    validation = generate(args.seed + 1000, held, args.workers)
    synth_s = time.monotonic() - t0
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device  # after the fork
    hours = sum(len(e.features) for e in examples) * 0.01 / 3600.0
    print(f"synthesised {len(examples)} training clips ({hours:.1f} h) and {len(validation)} validation clips "
          f"in {synth_s:.0f} s", flush=True)
    def metadata(model: Any, summary: dict[str, Any]) -> dict[str, Any]:
        return {"voices": "train", "clips": len(examples), "audio_hours": round(hours, 2), "seed": args.seed,
                "device": device, "batch_frames": args.batch_frames, "max_lr": args.max_lr,
                "continued_from": str(args.init) if args.init else "",
                "synthesis_s": round(synth_s, 1), "train_s": round(time.monotonic() - t0 - synth_s, 1),
                "parameters": parameter_count(model), **summary}

    model, summary = train(examples, validation, args.epochs, args.max_minutes, args.seed,
                           log=lambda line: print(line, flush=True),
                           on_best=lambda m, s: save_speech_model(m, args.out, metadata(m, s)), init=args.init,
                           max_lr=args.max_lr, config=config, device=device, frames_per_batch=args.batch_frames)
    path = save_speech_model(model, args.out, metadata(model, summary))
    print(f"wrote {path}: {parameter_count(model)} parameters, best epoch {summary['best_epoch']}, validation "
          f"letter error {summary['validation_letter_error']:.3f}, word error {summary['validation_word_error']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
