"""`lam train-perception`: render and label training frames (train split, randomised looks), train
the learned detector, write its weights (models/detector by default) and a training report.
Prints a summary, then one JSON line."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lam_core.errors import LamError
from lam_core.harness.detector_training import FrameSet, render_frames, train_detector
from lam_core.paths import source_root
from lam_core.perception.learned_detector import DetectorConfig, save_detector


@dataclass(frozen=True)
class PerceptionTrainOptions:
    scenes: int = 300         # training scenes (families in turn)
    views: int = 8            # viewpoints per scene
    val_scenes: int = 30      # validation scenes (held-out split, randomised look)
    epochs: int = 20
    seed: int = 0
    out: Path | None = None   # weights folder (default models/detector in the source checkout)
    data: Path | None = None  # rendered frames cache (.npz); reused when it exists and reuse_data


def _frames_cache(path: Path, make, shape: tuple[int, int, int]) -> FrameSet:  # type: ignore[no-untyped-def]
    """The frames in ``path`` if they have ``shape`` (channels, height, width), else ``make()`` saved there."""
    if path.is_file():
        with np.load(path, allow_pickle=False) as z:
            if tuple(z["images"].shape[1:]) == shape:
                return FrameSet(z["images"], z["colors"], z["kinds"])
    frames = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, images=frames.images, colors=frames.colors, kinds=frames.kinds)
    return frames


def main(opts: PerceptionTrainOptions, reuse_data: bool = False) -> int:
    from tqdm import tqdm

    config = DetectorConfig()
    out = opts.out or source_root() / "models" / "detector"
    data = opts.data or (Path("results") / "train_perception"
                         / f"frames_{opts.scenes}x{opts.views}_s{opts.seed}_{config.colour_constancy}.npz")
    val_data = data.with_name(data.stem + "_val.npz")
    if not reuse_data:
        for cached in (data, val_data):
            cached.unlink(missing_ok=True)
    t0 = time.monotonic()

    def render(scenes: int, split: str, seed: int) -> FrameSet:
        bar = tqdm(total=scenes, desc=f"rendering {split}", unit="scene")
        try:
            return render_frames(scenes, opts.views, config, seed=seed, split=split,
                                 progress=lambda n, _total: bar.update(n - bar.n))
        finally:
            bar.close()

    shape = (config.input_channels, config.input_height, config.input_width)
    train = _frames_cache(data, lambda: render(opts.scenes, "train", opts.seed), shape)
    val = _frames_cache(val_data, lambda: render(opts.val_scenes, "heldout", opts.seed + 1), shape)
    render_s = time.monotonic() - t0
    if len(train) == 0:
        raise LamError("no training frames were rendered")
    print(f"[train-perception] {len(train)} training frames, {len(val)} validation frames "
          f"({config.input_width}x{config.input_height}) in {render_s:.0f} s", flush=True)
    result = train_detector(train, val, config, epochs=opts.epochs, seed=opts.seed,
                            log=lambda line: print(f"    {line}", flush=True))
    params = sum(p.numel() for p in result.model.parameters())
    metadata = {"frames": len(train), "scenes": opts.scenes, "views": opts.views, "epochs": opts.epochs, "seed": opts.seed,
                "val_pixel_accuracy": round(result.pixel_accuracy, 4),
                "val_object_pixel_recall": round(result.object_pixel_recall, 4), "parameters": params,
                "looks": "randomised + default (train split)"}
    save_detector(result.model, out, metadata)
    size_kb = sum(f.stat().st_size for f in Path(out).iterdir()) / 1024
    print(f"[train-perception] validation (held-out layouts, randomised looks): kind pixel accuracy "
          f"{result.pixel_accuracy:.4f}, object pixels labelled with their colour {result.object_pixel_recall:.4f}")
    print(f"[train-perception] {params} parameters, {size_kb:.0f} KB in {out}; training {result.seconds:.0f} s")
    print(json.dumps({"frames": len(train), "val_pixel_accuracy": round(result.pixel_accuracy, 4),
                      "val_object_pixel_recall": round(result.object_pixel_recall, 4), "parameters": params,
                      "size_kb": round(size_kb, 1), "render_s": round(render_s, 1), "train_s": round(result.seconds, 1),
                      "loss_final": round(result.losses[-1], 4) if result.losses else None}))
    return 0
