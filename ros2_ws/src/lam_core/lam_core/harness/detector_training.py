"""Training the learned detector (lam_core.perception.learned_detector) on rendered frames.

Frames come from train-split scenes of every family under the ``randomised`` look (and a quarter
under the default look), from viewpoints around the scene's objects. Labels come from MuJoCo's
segmentation rendering, never from a person: each pixel's scenario object gives its colour class
and kind class; colours and kinds outside the vocabulary are ``other``; floor, walls and the robot
itself are ``background``. The held-out looks (light, texture, clutter) are never rendered here."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import torch
from torch import nn

from lam_core.datatypes import Pose2D
from lam_core.perception.learned_detector import (
    BACKGROUND,
    COLOR_CLASSES,
    KIND_CLASSES,
    OTHER,
    DetectorConfig,
    HeightChannel,
    SegmentationNet,
    to_input,
)
from lam_core.scenarios import Scenario, make_scenario

# Families of the training scenes, in turn: place twice, because bins are the rarest kind (only
# place scenes have one) and boxes and bins look alike from afar; goto and find twice, because
# only the driving families show the kinds beyond box, cube and bin.
TRAIN_FAMILIES = ("goto", "pick", "place", "avoid", "find", "place", "goto", "find")
ROBOT_CLEARANCE_M = 0.45  # viewpoints keep base_link this far from every object centre


@dataclass
class FrameSet:
    """Frames at the network's input size: images NxCxHxW uint8 (RGB, then the height channel when
    the network takes one), colour and kind class ids NxHxW."""

    images: np.ndarray
    colors: np.ndarray
    kinds: np.ndarray

    def __len__(self) -> int:
        return int(self.images.shape[0])


def class_tables(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Colour and kind class id of each scenario object, with index -1 (last) as background."""
    colors = [COLOR_CLASSES.index(o.color) if o.color in COLOR_CLASSES[1:-1] else COLOR_CLASSES.index(OTHER)
              for o in scenario.objects]
    kinds = [KIND_CLASSES.index(o.label) if o.label in KIND_CLASSES[1:-1] else KIND_CLASSES.index(OTHER)
             for o in scenario.objects]
    background_c, background_k = COLOR_CLASSES.index(BACKGROUND), KIND_CLASSES.index(BACKGROUND)
    return np.array([*colors, background_c], dtype=np.uint8), np.array([*kinds, background_k], dtype=np.uint8)


def _viewpoints(scenario: Scenario, count: int, rng: random.Random) -> list[Pose2D]:
    """The start pose, then poses 0.5-3 m from a random object looking roughly at it."""
    poses = [scenario.robot_start]
    objects = [o for o in scenario.objects if o.body != "appearing"]
    half = scenario.room_size_m / 2 - 0.3
    for _ in range(50 * count):
        if len(poses) >= count:
            break
        target = rng.choice(objects)
        dist, bearing = rng.uniform(0.5, 3.0), rng.uniform(-math.pi, math.pi)
        x, y = target.position_m[0] + dist * math.cos(bearing), target.position_m[1] + dist * math.sin(bearing)
        if abs(x) > half or abs(y) > half:
            continue
        if any(math.dist((x, y), o.position_m[:2]) < ROBOT_CLEARANCE_M + max(o.size_m[:2]) / 2 for o in objects):
            continue
        yaw = math.atan2(target.position_m[1] - y, target.position_m[0] - x) + rng.uniform(-0.5, 0.5)
        poses.append(Pose2D(x, y, yaw))
    return poses


def render_frames(scenes: int, views: int, config: DetectorConfig, seed: int = 0, looks: tuple[str, ...] = ("randomised",),
                  default_share: float = 0.25, split: str = "train",
                  progress: Callable[[int, int], None] | None = None) -> FrameSet:
    """``scenes`` scenes (families in turn) x ``views`` viewpoints, rendered and labelled."""
    from lam_core.perception.factory import camera_mount
    from lam_core.sim.world import SimWorld

    rng = random.Random(seed)
    height = HeightChannel(camera_mount(), config)
    images, colors, kinds = [], [], []
    size = (config.input_width, config.input_height)
    for n in range(scenes):
        family = TRAIN_FAMILIES[n % len(TRAIN_FAMILIES)]
        look = "default" if rng.random() < default_share else rng.choice(looks)
        scenario = make_scenario(family, split, seed * 100_003 + n, look=look)
        color_table, kind_table = class_tables(scenario)
        world = SimWorld(scenario)
        try:
            for pose in _viewpoints(scenario, views, rng):
                world.place_robot(pose)
                rgb, depth = world.render_rgbd()
                index = world.object_index_image()
                small_index = cv2.resize(index, size, interpolation=cv2.INTER_NEAREST)
                channels = [to_input(rgb.pixels, config)]
                if config.input_channels == 4:
                    channels.append(height(depth.depth_m, world.intrinsics)[None])
                images.append((np.concatenate(channels) * 255.0).round().astype(np.uint8))
                colors.append(color_table[small_index])  # -1 indexes the background entry
                kinds.append(kind_table[small_index])
        finally:
            world.close()
        if progress is not None:
            progress(n + 1, scenes)
    return FrameSet(np.stack(images), np.stack(colors), np.stack(kinds))


HEIGHT_NOISE = 0.01  # sd of the noise added to the height channel (1 cm with HEIGHT_RANGE_M = 1 m)


def _augment(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Photometric jitter per frame (gain 0.6-1.5, channel gains +-15 %, noise): the light of the
    training scenes, varied a little further; the height channel, if any, gets depth noise."""
    b = images.shape[0]
    rgb = images[:, :3]
    gain = torch.empty(b, 1, 1, 1).uniform_(0.6, 1.5, generator=generator)
    channel = torch.empty(b, 3, 1, 1).uniform_(0.85, 1.15, generator=generator)
    noise = torch.randn(rgb.shape, generator=generator) * torch.empty(b, 1, 1, 1).uniform_(0.0, 0.03, generator=generator)
    rgb = (rgb * gain * channel + noise).clamp(0.0, 1.0)
    if images.shape[1] == 3:
        return rgb
    height = images[:, 3:]
    noisy = (height + torch.randn(height.shape, generator=generator) * HEIGHT_NOISE).clamp(0.0, 1.0)
    return torch.cat([rgb, torch.where(height > 0.0, noisy, height)], 1)


@dataclass
class TrainResult:
    model: SegmentationNet
    losses: list[float]           # mean loss per epoch
    pixel_accuracy: float         # kind classes (with background), on the validation frames
    object_pixel_recall: float    # object pixels labelled with their colour class
    seconds: float


def _class_weights(labels: np.ndarray, classes: int) -> torch.Tensor:
    """Inverse square-root frequency weights (background is most pixels)."""
    counts = np.bincount(labels.reshape(-1), minlength=classes).astype(np.float64) + 1.0
    w = 1.0 / np.sqrt(counts / counts.sum())
    return torch.tensor(w / w.mean(), dtype=torch.float32)


def train_detector(train: FrameSet, val: FrameSet, config: DetectorConfig, epochs: int = 20, batch: int = 32,
                   lr: float = 3e-3, seed: int = 0, log: Callable[[str], None] = print) -> TrainResult:
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = SegmentationNet(config)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    steps = max(1, epochs * math.ceil(len(train) / batch))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps)
    # The colour head is taught on object pixels only: where objects are is the kind head's job.
    background_color = COLOR_CLASSES.index(BACKGROUND)
    color_loss = nn.CrossEntropyLoss(weight=_class_weights(train.colors, len(COLOR_CLASSES)), ignore_index=background_color)
    kind_loss = nn.CrossEntropyLoss(weight=_class_weights(train.kinds, len(KIND_CLASSES)))
    images = torch.from_numpy(train.images)
    colors, kinds = torch.from_numpy(train.colors).long(), torch.from_numpy(train.kinds).long()
    t0 = time.monotonic()
    losses = []
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(train), generator=generator)
        total, count = 0.0, 0
        for start in range(0, len(train), batch):
            idx = order[start:start + batch]
            x = _augment(images[idx].float() / 255.0, generator)
            c, k = colors[idx], kinds[idx]
            if bool(torch.rand(1, generator=generator) < 0.5):
                x, c, k = x.flip(-1), c.flip(-1), k.flip(-1)
            color_logits, kind_logits = model(x)
            loss = color_loss(color_logits, c) + kind_loss(kind_logits, k)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total, count = total + float(loss.detach()) * len(idx), count + len(idx)
        losses.append(total / max(count, 1))
        log(f"epoch {epoch + 1}/{epochs}: loss {losses[-1]:.4f} ({time.monotonic() - t0:.0f} s)")
    model.eval()
    accuracy, recall = evaluate_pixels(model, val)
    return TrainResult(model, losses, accuracy, recall, time.monotonic() - t0)


def evaluate_pixels(model: SegmentationNet, frames: FrameSet) -> tuple[float, float]:
    """Pixel accuracy of the kind head (background or which kind), and of the colour head on
    object pixels."""
    correct = total = obj_correct = obj_total = 0
    with torch.inference_mode():
        for start in range(0, len(frames), 64):
            x = torch.from_numpy(frames.images[start:start + 64]).float() / 255.0
            color_logits, kind_logits = model(x)
            kinds, truth_kinds = kind_logits.argmax(1).numpy(), frames.kinds[start:start + 64]
            correct += int((kinds == truth_kinds).sum())
            total += truth_kinds.size
            colors, truth = color_logits.argmax(1).numpy(), frames.colors[start:start + 64]
            obj = truth != COLOR_CLASSES.index(BACKGROUND)
            obj_correct += int((colors[obj] == truth[obj]).sum())
            obj_total += int(obj.sum())
    return correct / max(total, 1), obj_correct / max(obj_total, 1)
