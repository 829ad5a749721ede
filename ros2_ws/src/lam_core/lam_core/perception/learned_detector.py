"""A learned RGB-D object detector: a small fully convolutional network labels every pixel of a
downscaled colour image (with each pixel's height above the floor, from depth, beside it) with a
kind class (background, the vocabulary's kinds, "other") and a colour class (the vocabulary's
colours, "other"), so objects outside the vocabulary are seen and
not named. Regions where the kind head sees something and the colour head a vocabulary colour
become objects: colour by the region's evidence, kind by the region's kind evidence times how
well the measured height fits each kind, 3-D centre and extent from depth exactly as for the hue
detector (lam_core.perception.color_objects.measure_blob).

The colour head sees each pixel's neighbourhood and the light of the whole frame (pooled
globally), not the object's shape: it can discount the light's colour and level as a whole
instead of thresholding each pixel, and a colour is a colour on any kind. The kind head also sees
height: an object stands up from the floor whatever its colour, so a grey box on a grey floor or a
white tile pattern is told apart by shape in depth, not by colour. It is trained on rendered frames
with labels from MuJoCo's segmentation rendering (lam_core.harness.detector_training).

A saved detector is a folder with config.json (format, DetectorConfig, metadata) and
model.safetensors (float32 state dict). At run time the network is exported once, in memory, to
ONNX and run by ONNX Runtime (NetworkRunner): the same outputs as torch to float rounding; at
160x120 on one CPU thread a frame's network costs 4.6 ms (p50) against 7.1 ms in OpenCV's DNN
module and 11 ms in torch, and 2.4 ms on two threads."""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
from torch import nn

from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject, RgbImage
from lam_core.errors import ConfigError, InputError
from lam_core.model_files import CONFIG_FILE, load_model_weights, read_model_config, save_model_folder
from lam_core.perception.camera import CameraMount
from lam_core.perception.color_objects import ColorDetectorConfig, measure_blob, outline_width, surface_above, validate_rgbd
from lam_core.vocabulary import ACHROMATIC_COLORS, COLORS, LABEL_SHAPES, LABEL_SIZES_M, LABELS

BACKGROUND, OTHER = "background", "other"
COLOR_CLASSES: tuple[str, ...] = (BACKGROUND, *COLORS, OTHER)
KIND_CLASSES: tuple[str, ...] = (BACKGROUND, *LABELS, OTHER)
FORMAT_NAME = "lam_detector"
FORMAT_VERSION = 1
# Colour constancy before the network (constancy_gains below). Weights saved without the field were
# trained without any.
COLOUR_CONSTANCY = ("none", "grey_world", "shades_of_grey")
SHADES_OF_GREY_POWER = 6.0
_CONSTANCY_POWER = {"grey_world": 1.0, "shades_of_grey": SHADES_OF_GREY_POWER}  # Minkowski power of each
GREY_WORLD_CLIPPED = 250      # 8-bit counts: a pixel with a channel this bright is clipped
GREY_WORLD_MIN_PIXELS = 100   # fewer unclipped pixels than this: every pixel counts
GREY_WORLD_MAX_GAIN = 2.0
SPLIT_SHARE = 0.3        # a second colour with this share of a region's evidence makes it two objects
# ... and so does one of at least this many pixels (at the network's size) whose pixels the kind head
# reads as another kind than the main colour's (a yellow bottle in front of an orange box).
KIND_SPLIT_MIN_AREA = 12
# An object without hue whose median brightness (mean of R, G and B, 8-bit counts) is below this is
# black: the geometric mean of the brightest black (20) and the darkest grey (73) object medians in
# 200 frames of the training look (train split, look randomised).
BLACK_MAX_LUMA = 38.0
CHROMA_TOLERANCE = 0.09  # L1 distance in rgb chromaticity from a blob's core that still belongs to it
# White, black and grey share their chromaticity with floors and walls: a widened pixel also needs
# the core's brightness (within this share of its median, plus these 8-bit counts), a depth within
# REFINE_DEPTH_MARGIN_M [m] of the core's median, and a height above the floor of at least
# REFINE_ABOVE_FLOOR_M [m] (a grey floor beside a grey ball, the wall behind a white box are not it).
REFINE_LUMA_SHARE = 0.2
REFINE_LUMA_COUNTS = 8.0
REFINE_DEPTH_MARGIN_M = 0.3
REFINE_ABOVE_FLOOR_M = 0.01
# The height channel: (height above the floor [m] + HEIGHT_OFFSET_M) / HEIGHT_RANGE_M, clipped to 0..1;
# a pixel without depth is 0 (as far below the floor as the channel goes).
HEIGHT_OFFSET_M = 0.25
HEIGHT_RANGE_M = 1.0
# How far a kind's measured height may be from its nominal one, in sigmas of _size_likelihood
# (2 cm + 10 % of the height): 1.5 is +-3.75 cm for a cube, +-7.5 cm for a box. Named objects in
# training-look scenes measure within 0.35 sigma; the margin keeps objects whose top is partly hidden.
HEIGHT_TOLERANCE_SIGMAS = 1.5
# Every kind stands up from the floor (the flattest, a plate, by 3 cm): a region that measures lower
# than this [m] is a marking on the floor (a dark stripe, a white tile), whatever its colour.
MIN_HEIGHT_M = 0.015
# A measured extent is of what the camera sees of an object, so it is at most the object's own: a
# rounded or pointed top, a hidden part or a side view only shorten it. A kind is ruled out where
# the height measures more than its own, or the footprint more than its widest (the diagonal of a
# rectangular footprint, the diameter of a round one), by more than depth noise and the mask's edge
# can add: EXCESS_MARGIN_M + EXCESS_MARGIN_SHARE of that extent (a 17 cm egg is no 12 cm can, a
# 30 x 20 cm slab no 22 cm plate, however alike they look).
EXCESS_MARGIN_M = 0.015
EXCESS_MARGIN_SHARE = 0.05
_RECTANGULAR_FOOTPRINTS = ("box", "bin")  # LABEL_SHAPES whose footprint is a rectangle
# Per kind, the most height and footprint [m] a camera can measure of it (fits_within).
_MOST_MEASURED_M: dict[str, tuple[float, float]] = {
    kind: (size_z * (1.0 + EXCESS_MARGIN_SHARE) + EXCESS_MARGIN_M,
           (math.hypot(size_x, size_y) if LABEL_SHAPES[kind] in _RECTANGULAR_FOOTPRINTS else max(size_x, size_y))
           * (1.0 + EXCESS_MARGIN_SHARE) + EXCESS_MARGIN_M)
    for kind, (size_x, size_y, size_z) in LABEL_SIZES_M.items()
}
# The converse, where the camera sees an object whole (color_objects.outline_width): its width
# across the line of sight is at least SEEN_WIDTH_SHARE of the kind's narrowest footprint (of a
# cone, whose widest rows are its lowest, where the floor ends the outline, CONE_SEEN_WIDTH_SHARE of
# its base). A 12 cm egg seen whole measures 11-13 cm, a 16 cm ball 15-17 cm (held-out scenes,
# every look): an egg is no ball, however round its colour looks.
SEEN_WIDTH_SHARE = 0.875
CONE_SEEN_WIDTH_SHARE = 0.75
_LEAST_WHOLE_WIDTH_M: dict[str, float] = {
    kind: SEEN_WIDTH_SHARE * min(size_x, size_y) * (CONE_SEEN_WIDTH_SHARE if LABEL_SHAPES[kind] == "cone" else 1.0)
    for kind, (size_x, size_y, _) in LABEL_SIZES_M.items()
}
# The size likelihood of "other", against 1 for a kind at its nominal size (two sigmas in height
# and in width): a kind's size can outweigh the network's preference for "other" by up to its
# inverse (55x). exp(-2) cut false objects on unseen train-split scenes by half but lost cubes
# in the grasp (docs/decisions.md, "A kind is ruled out where the object measures larger").
OTHER_SIZE_LIKELIHOOD = math.exp(-4.0)
# A blob with the same surface going on above it in this share of its columns is the lower part of
# something taller (a wall under a light that makes it look like a goal colour): not an object.
PART_OF_TALLER_SHARE = 0.5
NEIGHBOURS = np.ones((3, 3), np.uint8)  # a pixel and the eight around it: erodes a mask by one pixel


@dataclass(frozen=True)
class DetectorConfig:
    """Network shape: input size [px] (frames are resized to it; the network is fully
    convolutional, so it may run at another size than it was trained at), input channels (3: RGB;
    4: RGB and the height channel from depth), channel widths per scale, the class lists it
    was trained with (checked against the vocabulary on load), and the colour constancy applied
    to every frame before the network sees it (COLOUR_CONSTANCY)."""

    input_width: int = 160
    input_height: int = 120
    widths: tuple[int, ...] = (8, 16, 24, 32)
    color_classes: tuple[str, ...] = COLOR_CLASSES
    kind_classes: tuple[str, ...] = KIND_CLASSES
    input_channels: int = 4
    colour_constancy: str = "shades_of_grey"

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @staticmethod
    def from_dict(raw: object) -> DetectorConfig:
        if not isinstance(raw, dict):
            raise ConfigError("detector config must be a mapping")
        try:
            cfg = DetectorConfig(int(raw["input_width"]), int(raw["input_height"]), tuple(int(w) for w in raw["widths"]),
                                 tuple(str(c) for c in raw["color_classes"]), tuple(str(c) for c in raw["kind_classes"]),
                                 int(raw.get("input_channels", 3)), str(raw.get("colour_constancy", "none")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"detector config is incomplete or malformed: {exc}") from exc
        if not (16 <= cfg.input_width <= 1280 and 16 <= cfg.input_height <= 960) or len(cfg.widths) != 4 \
                or not all(1 <= w <= 256 for w in cfg.widths) or cfg.input_channels not in (3, 4) \
                or cfg.colour_constancy not in COLOUR_CONSTANCY:
            raise ConfigError(f"detector config out of range: {cfg}")
        return cfg


def _conv(cin: int, cout: int, stride: int = 1, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class SegmentationNet(nn.Module):
    """Two heads on one small encoder. The kind head (background, box, cube, bin, other) is a
    U-Net: encoder at 1, 1/2, 1/4 and 1/8 of the input size, a decoder back to 1/2, mixed per
    pixel with the full-size first layer; it says where objects are and what shape they have. The
    colour head sees only what colour is: each pixel's own 3x3 neighbourhood (the first layer and
    the input) and the light of the whole frame (a global context vector, the mean of the coarsest
    features), never the object's shape, so a colour learned on boxes is a colour on a bin too.
    In: BxCxHxW, RGB in 0..1 (and the height channel with 4 input channels). Out: colour logits
    BxCxHxW and kind logits BxKxHxW."""

    MIX_WIDTH = 16
    LIGHT_WIDTH = 8    # the context vector as the colour head sees it
    COLOR_WIDTH = 24   # hidden width of the per-pixel colour head

    def __init__(self, config: DetectorConfig) -> None:
        super().__init__()
        w1, w2, w3, w4 = config.widths
        self.config = config
        self.enc1 = _conv(config.input_channels, w1)
        self.enc2 = nn.Sequential(_conv(w1, w2, 2), _conv(w2, w2))
        self.enc3 = nn.Sequential(_conv(w2, w3, 2), _conv(w3, w3))
        self.enc4 = nn.Sequential(_conv(w3, w4, 2), _conv(w4, w4))
        self.context = nn.Sequential(nn.Linear(w4, w4), nn.ReLU(inplace=True))
        self.dec3 = _conv(2 * w4 + w3, w2)
        self.dec2 = _conv(2 * w2, w2)
        self.mix = _conv(w2 + w1, self.MIX_WIDTH, kernel=1)
        self.kind_head = nn.Conv2d(self.MIX_WIDTH, len(config.kind_classes), 1)
        self.light = nn.Sequential(nn.Linear(w4, self.LIGHT_WIDTH), nn.ReLU(inplace=True))
        self.color_head = nn.Sequential(
            nn.Conv2d(w1 + 3 + self.LIGHT_WIDTH, self.COLOR_WIDTH, 1), nn.ReLU(inplace=True),
            nn.Conv2d(self.COLOR_WIDTH, len(config.color_classes), 1),
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        up = nn.functional.interpolate
        centred = x - 0.5
        e1 = self.enc1(centred)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        e4 = self.enc4(e3)
        pooled = e4.mean(dim=(2, 3))
        ctx = self.context(pooled)[:, :, None, None].expand_as(e4)
        d3 = self.dec3(torch.cat([up(torch.cat([e4, ctx], 1), size=e3.shape[2:], mode="nearest"), e3], 1))
        d2 = self.dec2(torch.cat([up(d3, size=e2.shape[2:], mode="nearest"), e2], 1))
        mixed = self.mix(torch.cat([up(d2, size=e1.shape[2:], mode="nearest"), e1], 1))
        light = self.light(pooled)[:, :, None, None].expand(-1, -1, *e1.shape[2:])
        color = self.color_head(torch.cat([e1, centred[:, :3], light], 1))
        return color, self.kind_head(mixed)


class DetectorFileError(ConfigError):
    """A saved detector is missing, unreadable or does not fit its config; ``path`` names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path


def save_detector(model: SegmentationNet, directory: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Write config.json and model.safetensors into ``directory`` (created if needed)."""
    return save_model_folder(directory, FORMAT_NAME, FORMAT_VERSION, model.config.to_dict(), model, metadata)


def load_detector(directory: str | Path) -> tuple[SegmentationNet, dict[str, Any]]:
    """The detector saved in ``directory``, in eval mode on the CPU, and its metadata."""
    config, metadata = read_model_config(directory, FORMAT_NAME, FORMAT_VERSION, DetectorFileError,
                                         "make one with `lam train-perception`", DetectorConfig.from_dict)
    path = Path(directory) / CONFIG_FILE
    if config.color_classes != COLOR_CLASSES or config.kind_classes != KIND_CLASSES:
        raise DetectorFileError(path, f"trained for classes {config.color_classes} x {config.kind_classes}, "
                                f"the vocabulary has {COLOR_CLASSES} x {KIND_CLASSES}; retrain it")
    model = load_model_weights(directory, SegmentationNet(config), DetectorFileError)
    assert isinstance(model, SegmentationNet)
    return model, metadata


def fold_batchnorm(model: SegmentationNet) -> SegmentationNet:
    """``model`` (in eval mode) with each convolution's BatchNorm folded into the convolution's
    weights and bias: the same outputs up to float rounding, one layer less per block at inference."""
    from torch.nn.utils.fusion import fuse_conv_bn_eval

    for block in model.modules():
        if isinstance(block, nn.Sequential) and len(block) >= 2 and isinstance(block[0], nn.Conv2d) \
                and isinstance(block[1], nn.BatchNorm2d):
            block[0] = fuse_conv_bn_eval(block[0], block[1])
            block[1] = nn.Identity()
    return model


class _WithClasses(nn.Module):
    """The network with each pixel's most probable colour and kind class beside the logits (an
    argmax over the class axis costs numpy about 1 ms a frame, the runtime a tenth of that)."""

    def __init__(self, model: SegmentationNet) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        color, kind = self.model(x)
        return color, kind, color.argmax(1), kind.argmax(1)


class NetworkRunner:
    """``model`` (eval mode, BatchNorm folded) run by ONNX Runtime on the CPU: exported to ONNX in
    memory when made (about 0.7 s), never written to disk, so the shipped weights stay the
    safetensors file. ``threads``: ONNX Runtime's threads within one frame (at least 1). Call with
    one CxHxW float32 input at the model's input size; returns the colour and kind logits, CxHxW
    float32 each (``classified`` adds each pixel's colour and kind class, HxW int64)."""

    def __init__(self, model: SegmentationNet, threads: int = 1) -> None:
        import onnxruntime

        config = model.config
        example = torch.zeros(1, config.input_channels, config.input_height, config.input_width)
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript-based exporter's deprecation notice
            torch.onnx.export(_WithClasses(model), (example,), buffer,  # type: ignore[arg-type]  # a file object is accepted
                              input_names=["x"], output_names=["color", "kind", "color_id", "kind_id"], opset_version=13,
                              dynamo=False)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: no notices on a node's console
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(buffer.getvalue(), options, providers=["CPUExecutionProvider"])
        self._shape = tuple(example.shape[1:])

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        color, kind = self._run(x, ["color", "kind"])
        return color, kind

    def classified(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Colour and kind logits (CxHxW float32), and each pixel's colour and kind class (HxW int64)."""
        color, kind, color_id, kind_id = self._run(x, ["color", "kind", "color_id", "kind_id"])
        return color, kind, color_id, kind_id

    def _run(self, x: np.ndarray, outputs: list[str]) -> list[np.ndarray]:
        if x.shape != self._shape or x.dtype != np.float32:
            raise InputError(f"detector input must be float32 {self._shape}, got {x.dtype} {x.shape}")
        return [out[0] for out in self._session.run(outputs, {"x": x[None]})]


def _softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over axis 0 of CxHxW logits, in float32."""
    exp = np.exp(logits - logits.max(axis=0, keepdims=True))
    probabilities: np.ndarray = exp / exp.sum(axis=0, keepdims=True)
    return probabilities


def _size_likelihood(height_m: float, width_m: float, whole_width_m: float | None = None) -> np.ndarray:
    """How well a measured height and horizontal extent [m] fit each kind class: Gaussians around
    the kind's nominal height (sigma 2 cm + 10 %) and larger footprint side (sigma 2 cm + 15 %:
    a footprint seen from one side is measured less well), flat for "other"
    (OTHER_SIZE_LIKELIHOOD), zero for background (a blob is something). Appearance says what an
    object looks like, depth how big it is; a kind needs both, and a can as tall as a bin is still
    not a bin.

    A kind whose height is more than HEIGHT_TOLERANCE_SIGMAS off is ruled out (zero), however
    sure the appearance is: the likelihoods are compared with each other, so without this edge a
    kind the network is sure of would win at any height (the floor read as a flat "cube", a 20 cm
    crate as a 30 cm "box"). The height is the top of what is seen above the floor, the most
    reliable size a camera looking down measures; the footprint depends on the view and is only
    weighed, unless it is wider than the kind can be (``fits_within``), or, for an object seen
    whole (``whole_width_m``, its width across the line of sight [m]; None when not seen whole),
    narrower than the kind can look (``wide_enough``) or wider than it can be."""
    out = np.zeros(len(KIND_CLASSES))
    for i, kind in enumerate(KIND_CLASSES):
        if kind in LABEL_SIZES_M:
            nominal_w, nominal_h = max(LABEL_SIZES_M[kind][:2]), LABEL_SIZES_M[kind][2]
            z_h = (height_m - nominal_h) / (0.02 + 0.10 * nominal_h)
            z_w = (width_m - nominal_w) / (0.02 + 0.15 * nominal_w)
            if abs(z_h) <= HEIGHT_TOLERANCE_SIGMAS and fits_within(kind, height_m, max(width_m, whole_width_m or 0.0)) \
                    and (whole_width_m is None or wide_enough(kind, whole_width_m)):
                out[i] = math.exp(-0.5 * (z_h ** 2 + z_w ** 2))
        elif kind == OTHER:
            out[i] = OTHER_SIZE_LIKELIHOOD
    return out


def fits_within(kind: str, height_m: float, width_m: float) -> bool:
    """Whether a measured height and larger horizontal extent [m] can be of an object of ``kind``:
    neither more than the kind's own (its height; the diagonal of a rectangular footprint, the
    diameter of a round one) plus the measurement's excess margin (EXCESS_MARGIN_M,
    EXCESS_MARGIN_SHARE)."""
    most_height_m, most_width_m = _MOST_MEASURED_M[kind]
    return height_m <= most_height_m and width_m <= most_width_m


def wide_enough(kind: str, whole_width_m: float) -> bool:
    """Whether an object seen whole, ``whole_width_m`` [m] wide across the line of sight, can be
    of ``kind`` (_LEAST_WHOLE_WIDTH_M)."""
    return whole_width_m >= _LEAST_WHOLE_WIDTH_M[kind]


def merge_split_objects(objects: list[DetectedObject]) -> list[DetectedObject]:
    """``objects`` (base_link) with detections of the same colour and kind merged into one where
    the box holding both still fits one object of that kind (``fits_within``): a post in front of a
    bin splits its blob, and two "green bins" where there is one make a goal ask "which one?". Two
    objects of a kind side by side hold a box larger than the kind and stay two."""
    merged: list[DetectedObject] = []
    for obj in objects:
        for i, kept in enumerate(merged):
            if kept.name == obj.name and obj.label in LABEL_SIZES_M:
                both = _union(kept, obj)
                if fits_within(obj.label, both.size_m[2], max(both.size_m[:2])):
                    merged[i] = both
                    break
        else:
            merged.append(obj)
    return merged


def _union(a: DetectedObject, b: DetectedObject) -> DetectedObject:
    """One object whose box (base_link) holds the boxes of ``a`` and ``b``, with the higher confidence."""
    centres, sizes = np.array([a.position_m, b.position_m]), np.array([a.size_m, b.size_m])
    lo, hi = (centres - sizes / 2.0).min(axis=0), (centres + sizes / 2.0).max(axis=0)
    centre, size = (lo + hi) / 2.0, hi - lo
    return DetectedObject(label=a.label, color=a.color, position_m=(float(centre[0]), float(centre[1]), float(centre[2])),
                          size_m=(float(size[0]), float(size[1]), float(size[2])),
                          confidence=max(a.confidence, b.confidence), track_id=a.track_id)


def _majority(classes: np.ndarray) -> int:
    """The most frequent class index of some pixels (-1 for none)."""
    return int(np.bincount(classes.ravel()).argmax()) if classes.size else -1


def _patches(mask: np.ndarray, min_area: int) -> list[np.ndarray]:
    """The 8-connected patches of ``mask`` with at least ``min_area`` pixels, as masks."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return [labels == j for j in range(1, count) if stats[j, cv2.CC_STAT_AREA] >= min_area]


# Colour class index -> the class that stands for its group in _parts: itself, or for white, black
# and grey the first of them (-1 as the group when the vocabulary has none of them).
_ACHROMATIC_IDS = np.array([COLOR_CLASSES.index(c) for c in ACHROMATIC_COLORS], dtype=np.int64)
_ACHROMATIC_GROUP = int(_ACHROMATIC_IDS[0]) if _ACHROMATIC_IDS.size else -1
_COLOR_GROUP = np.arange(len(COLOR_CLASSES))
_COLOR_GROUP[_ACHROMATIC_IDS] = _ACHROMATIC_GROUP


def _grouped(color_p: np.ndarray) -> np.ndarray:
    """Colour probabilities (classes x H x W) with white, black and grey summed into the first of
    them (the others zero)."""
    if not _ACHROMATIC_IDS.size:
        return color_p
    grouped = color_p.copy()
    grouped[_ACHROMATIC_GROUP] = color_p[_ACHROMATIC_IDS].sum(axis=0)
    grouped[_ACHROMATIC_IDS[1:]] = 0.0
    return grouped


def _lightness_name(luma: np.ndarray, achromatic_p: np.ndarray) -> str:
    """White, black or grey for an object without hue: black where the median brightness of its
    pixels (``luma``: the mean of R, G and B in 8-bit counts, over its refined outline) is below
    BLACK_MAX_LUMA; otherwise white or grey, whichever the colour head gives more evidence over its
    pixels (``achromatic_p``: the evidence for each of ACHROMATIC_COLORS, summed). A surface
    printed in a darker shade, or half in shadow, has dark pixels that the head reads black; its
    median stays far above a black object's."""
    if not float(np.median(luma)) >= BLACK_MAX_LUMA:
        return "black"
    white, grey = (achromatic_p[ACHROMATIC_COLORS.index(c)] for c in ("white", "grey"))
    return "white" if white > grey else "grey"


def _color_certainty(color_probability: np.ndarray, blob: np.ndarray) -> float:
    """How sure the colour head is of a blob's colour: its mean probability (``color_probability``,
    HxW at the network's size) over the blob's core, the blob less a pixel all round. The outline
    mixes the object with what lies behind it, and on a small far object it is most of the blob; a
    blob too thin to have a core is read whole."""
    core = cv2.erode(blob.astype(np.uint8), NEIGHBOURS).astype(bool)
    return float(np.mean(color_probability[core if core.any() else blob]))


def default_detector_dir() -> Path:
    from lam_core.paths import project_root

    return project_root() / "models" / "detector"


def constancy_gains(pixels: np.ndarray, method: str) -> np.ndarray:
    """Per-channel gains (R, G, B) of colour constancy ``method`` (COLOUR_CONSTANCY) for an rgb8
    frame: that make the frame's Minkowski mean of power 1 ("grey_world") or SHADES_OF_GREY_POWER
    ("shades_of_grey", Finlayson and Trezzi) neutral; ones for "none". What it takes out is what is
    left of a light's colour cast after the camera's own white balance, so that a purple cube under
    sodium light is not read as magenta. A higher power weighs brighter surfaces more, so a large
    coloured surface (a wooden floor) tints the estimate less than the plain mean does, and a grey
    object on it is not made blue. Clipped pixels (any channel >= GREY_WORLD_CLIPPED) say nothing
    about the light and are not counted; each gain stays within GREY_WORLD_MAX_GAIN either way."""
    if method not in _CONSTANCY_POWER:
        return np.ones(3)
    flat = pixels.reshape(-1, 3)
    unclipped = flat[flat.max(axis=1) < GREY_WORLD_CLIPPED]
    counted = (unclipped if len(unclipped) >= GREY_WORLD_MIN_PIXELS else flat) * np.float32(1.0 / 255.0)
    power = _CONSTANCY_POWER[method]
    means = np.power(np.power(counted, np.float32(power)).mean(axis=0, dtype=np.float64), 1.0 / power) * 255.0
    return np.asarray(np.clip(means.mean() / np.maximum(means, 1.0), 1.0 / GREY_WORLD_MAX_GAIN, GREY_WORLD_MAX_GAIN))


def balanced(pixels: np.ndarray, method: str) -> np.ndarray:
    """An rgb8 frame after colour constancy ``method`` (constancy_gains): HxWx3 float32 in 0..255."""
    gains = constancy_gains(pixels, method).astype(np.float32)
    out: np.ndarray = np.minimum(pixels.astype(np.float32) * gains, np.float32(255.0))
    return out


def to_input(pixels: np.ndarray, config: DetectorConfig) -> np.ndarray:
    """An rgb8 frame as the network's colour input: 3xHxW float32 in 0..1 at the input size, after
    the configuration's colour constancy."""
    small = cv2.resize(pixels, (config.input_width, config.input_height), interpolation=cv2.INTER_AREA)
    colour = balanced(small, config.colour_constancy)
    return np.ascontiguousarray(colour.transpose(2, 0, 1), dtype=np.float32) * np.float32(1.0 / 255.0)


class HeightChannel:
    """Each pixel's height above the floor (base_link z [m]) from its depth, at the network's input
    size, encoded for the network (HEIGHT_OFFSET_M, HEIGHT_RANGE_M). Depth is sampled, not averaged,
    so an object's edge does not blend with the floor behind it. The per-pixel factor from depth to
    height depends only on the intrinsics and the mount and is kept for the last intrinsics seen."""

    def __init__(self, mount: CameraMount, config: DetectorConfig) -> None:
        self.mount, self.config = mount, config
        self._key: tuple[float, ...] | None = None
        self._slope = np.zeros((config.input_height, config.input_width), np.float32)

    def _slope_for(self, k: CameraIntrinsics) -> np.ndarray:
        key = (k.width, k.height, k.fx, k.fy, k.cx, k.cy)
        if key != self._key:
            w, h = self.config.input_width, self.config.input_height
            u = (np.arange(w) + 0.5) * (k.width / w) - 0.5
            v = (np.arange(h) + 0.5) * (k.height / h) - 0.5
            r = self.mount.rot_base_optical[2]  # base_link z of a unit optical-axis depth along each ray
            self._slope = (r[0] * (u[None, :] - k.cx) / k.fx + r[1] * (v[:, None] - k.cy) / k.fy + r[2]).astype(np.float32)
            self._key = key
        return self._slope

    def __call__(self, depth_m: np.ndarray, k: CameraIntrinsics) -> np.ndarray:
        """HxW float32 in 0..1 at the network's input size; ``depth_m`` at the camera's size [m]."""
        small = cv2.resize(depth_m.astype(np.float32, copy=False), (self.config.input_width, self.config.input_height),
                           interpolation=cv2.INTER_NEAREST)
        known = np.isfinite(small) & (small > 0.0)
        height = np.where(known, small, 0.0) * self._slope_for(k) + np.float32(self.mount.position_m[2])
        code = np.where(known, (height + HEIGHT_OFFSET_M) / HEIGHT_RANGE_M, 0.0)
        return np.clip(code, 0.0, 1.0).astype(np.float32)


class LearnedObjectDetector:
    """camera_node's learned detector (``detector: learned``). ``min_confidence``: blobs whose mean
    class probability is lower are not reported; ``network_threads``: the network's threads per
    frame."""

    def __init__(self, config: ColorDetectorConfig, model_dir: str | Path = "", min_confidence: float = 0.6,
                 network_threads: int = 1) -> None:
        self.config = config
        self.mount = config.mount
        model, self.metadata = load_detector(model_dir or default_detector_dir())
        self.model = fold_batchnorm(model)
        self.network = NetworkRunner(self.model, network_threads)
        self.height = HeightChannel(self.mount, self.model.config)
        self.min_confidence = min_confidence

    def network_input(self, pixels: np.ndarray, depth_m: np.ndarray, k: CameraIntrinsics) -> np.ndarray:
        """The network's input for an rgb8 frame and its depth [m]: CxHxW float32 in 0..1."""
        rgb = to_input(pixels, self.model.config)
        if self.model.config.input_channels == 3:
            return rgb
        return np.concatenate([rgb, self.height(depth_m, k)[None]])

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
        cfg = self.config
        validate_rgbd(rgb, depth, cfg.max_pixels)
        if (k.width, k.height) != (rgb.width, rgb.height):
            raise InputError(f"camera_info {k.width}x{k.height} does not match image {rgb.width}x{rgb.height}")
        d = depth.depth_m.astype(np.float32, copy=False)
        color_logits, kind_logits, color_id, kind_id = self.network.classified(self.network_input(rgb.pixels, d, k))
        depth_ok = np.isfinite(d) & (d >= cfg.depth_min_m) & (d <= cfg.depth_max_m)
        scale = (k.width / color_id.shape[1], k.height / color_id.shape[0])
        min_area = max(1, int(cfg.min_area_px / (scale[0] * scale[1])))
        # Objects are where the kind head sees something; the colour head names their colour.
        something = kind_id != KIND_CLASSES.index(BACKGROUND)
        named = (something & (color_id > 0) & (color_id < len(COLOR_CLASSES) - 1)).astype(np.uint8)
        objects: list[DetectedObject] = []
        count, labels, stats, _ = cv2.connectedComponentsWithStats(named, connectivity=8)
        for i in range(1, count):
            x, y, w, h, area = (int(v) for v in stats[i])
            if area < min_area:
                continue
            box = (slice(y, y + h), slice(x, x + w))  # the component's bounding box at the network's size
            color_p = _softmax(color_logits[:, box[0], box[1]])  # probabilities only where an object is
            kind_p = _softmax(kind_logits[:, box[0], box[1]])
            for part, color_index in self._parts(labels[box] == i, color_id[box], kind_id[box], color_p, min_area):
                obj = self._object(part, (x, y), color_index, color_p, kind_p, rgb.pixels, d, depth_ok, k, scale)
                if obj is not None:
                    objects.append(obj)
        return merge_split_objects(objects)

    @staticmethod
    def _parts(component: np.ndarray, color_id: np.ndarray, kind_id: np.ndarray, color_p: np.ndarray,
               min_area: int) -> list[tuple[np.ndarray, int]]:
        """A connected region of vocabulary-coloured pixels as objects: one object of the colour
        with the most evidence (a lit top face or a shadow read as a neighbouring hue stays part
        of its object), unless a second colour holds at least SPLIT_SHARE of the evidence: then
        each such colour's own connected pixels are an object (two objects touching in the image).
        Otherwise the pixels of each other colour, if at least KIND_SPLIT_MIN_AREA of them and the
        kind head reads them as another kind than the main colour's pixels, are an object of their
        own (one object in front of another), and the main colour's object is the rest.
        White, black and grey count as one colour here (the first of them stands for the three), as
        shading changes only lightness (a grey ball's lit top reads white, its foot black); _object
        names each such part (_lightness_name)."""
        return LearnedObjectDetector._colour_parts(component, _COLOR_GROUP[color_id], kind_id, _grouped(color_p), min_area)

    @staticmethod
    def _colour_parts(component: np.ndarray, color_id: np.ndarray, kind_id: np.ndarray, color_p: np.ndarray,
                      min_area: int) -> list[tuple[np.ndarray, int]]:
        """_parts over colour classes as given (white, black and grey already one)."""
        evidence = color_p[1:-1][:, component].sum(axis=1)
        main = int(np.argmax(evidence)) + 1
        colors = [int(c) + 1 for c in np.argsort(evidence)[::-1] if evidence[c] >= SPLIT_SHARE * evidence.sum()]
        if len(colors) > 1:
            parts = []
            for color_index in colors:
                parts += [(patch, color_index) for patch in _patches(component & (color_id == color_index), min_area)]
            return parts
        main_kind = _majority(kind_id[component & (color_id == main)])
        if main_kind < 0:  # no pixel reads as the main colour on its own: nothing to compare kinds with
            return [(component, main)]
        carved = [(pixels, int(c)) for c in np.unique(color_id[component]) if c != main
                  for pixels in [component & (color_id == c)]
                  if pixels.sum() >= KIND_SPLIT_MIN_AREA and _majority(kind_id[pixels]) != main_kind]
        rest = component.copy()
        for patch, _ in carved:
            rest &= ~patch
        return [(rest, main), *carved]

    def _refine(self, small_blob: np.ndarray, origin: tuple[int, int], pixels: np.ndarray,
                scale: tuple[float, float], depth: tuple[np.ndarray, np.ndarray, CameraIntrinsics] | None = None,
                ) -> tuple[np.ndarray, tuple[int, int]]:
        """The blob at the image's resolution: the network's mask (``small_blob``, whose top-left
        is ``origin`` at the network's size) scaled up, widened by two pixels and kept where the
        colour's chromaticity matches the blob's core, so the mask follows the object's real edge,
        not the network's coarse one. With ``depth`` (the image's depth [m], where it is known,
        and the intrinsics), for white, black and grey, whose chromaticity floors and walls
        share: the core is only what stands up from the floor (within REFINE_DEPTH_MARGIN_M of the
        core's median depth and REFINE_ABOVE_FLOOR_M above the floor; nothing when none of it
        does), and every pixel kept also needs that and the core's brightness (REFINE_LUMA_*).
        Where too little of the object passes the brightness test (a white cube's clipped top and
        its two faces in other shades), the standing core is the mask. Returns the mask and its
        top-left pixel (u, v) in the image."""
        height, width = pixels.shape[:2]
        u0, v0 = int(origin[0] * scale[0]), int(origin[1] * scale[1])
        u1 = min(width, math.ceil((origin[0] + small_blob.shape[1]) * scale[0]))
        v1 = min(height, math.ceil((origin[1] + small_blob.shape[0]) * scale[1]))
        pad = 2
        pu0, pv0, pu1, pv1 = max(0, u0 - pad), max(0, v0 - pad), min(width, u1 + pad), min(height, v1 + pad)
        blob = np.zeros((pv1 - pv0, pu1 - pu0), np.uint8)
        blob[v0 - pv0:v1 - pv0, u0 - pu0:u1 - pu0] = cv2.resize(small_blob.astype(np.uint8), (u1 - u0, v1 - v0),
                                                                  interpolation=cv2.INTER_NEAREST)
        core = cv2.erode(blob, NEIGHBOURS).astype(bool)
        if not core.any():
            return blob.astype(bool), (pu0, pv0)
        wide = cv2.dilate(blob, np.ones((2 * pad + 1, 2 * pad + 1), np.uint8)).astype(bool)
        patch = pixels[pv0:pv1, pu0:pu1].astype(np.float32) + 1.0
        chroma = patch / patch.sum(axis=2, keepdims=True)
        reference = np.median(chroma[core], axis=0)
        refined = wide & (np.abs(chroma - reference).sum(axis=2) < CHROMA_TOLERANCE)
        if depth is not None:
            d, known = depth[0][pv0:pv1, pu0:pu1], depth[1][pv0:pv1, pu0:pu1]
            core_depths = d[core & known]
            if core_depths.size:
                middle = float(np.median(core_depths))
                standing = wide & known & (np.abs(d - middle) <= REFINE_DEPTH_MARGIN_M)  # core and refined lie in wide
                rows, cols = np.nonzero(standing)
                heights = self.mount.deproject(cols + pu0, rows + pv0, d[rows, cols], depth[2])[:, 2]
                standing[rows[heights < REFINE_ABOVE_FLOOR_M], cols[heights < REFINE_ABOVE_FLOOR_M]] = False
                core &= standing
                if not core.any():  # nothing of it stands up from the floor: a marking on it
                    return core, (pu0, pv0)
            else:
                standing = np.ones_like(core)
            luma = patch.mean(axis=2)
            core_luma = float(np.median(luma[core]))
            refined &= standing & (np.abs(luma - core_luma) <= REFINE_LUMA_SHARE * core_luma + REFINE_LUMA_COUNTS)
        return (refined if refined.sum() >= 0.5 * core.sum() else core), (pu0, pv0)

    def _object(self, small_blob: np.ndarray, origin: tuple[int, int], color_index: int, color_p: np.ndarray,
                kind_p: np.ndarray, pixels: np.ndarray, d: np.ndarray, depth_ok: np.ndarray, k: CameraIntrinsics,
                scale: tuple[float, float]) -> DetectedObject | None:
        """One blob at the network's resolution (``small_blob`` and the class probabilities cut to
        its box, whose top-left is ``origin``) as an object: geometry from the refined blob at the
        image's resolution, kind by the blob's kind evidence times how well its size fits."""
        achromatic = COLOR_CLASSES[color_index] in ACHROMATIC_COLORS
        blob, (u0, v0) = self._refine(small_blob, origin, pixels, scale, (d, depth_ok, k) if achromatic else None)
        if not blob.any():
            return None
        box = (slice(v0, v0 + blob.shape[0]), slice(u0, u0 + blob.shape[1]))
        geometry = measure_blob(self.mount, blob, (u0, v0), d[box], depth_ok[box], k)
        if geometry is None or geometry.height_m < MIN_HEIGHT_M \
                or surface_above(self.mount, blob, (u0, v0), d, depth_ok, k) >= PART_OF_TALLER_SHARE:
            return None
        ys, xs = np.nonzero(blob)
        truncated = u0 + xs.min() == 0 or v0 + ys.min() == 0 or u0 + xs.max() + 1 == k.width or v0 + ys.max() + 1 == k.height
        whole_width = None if truncated else outline_width(self.mount, blob, (u0, v0), d, depth_ok, k)
        size_fit = _size_likelihood(geometry.height_m, max(geometry.size_m[:2]), whole_width)
        evidence = kind_p[:, small_blob].mean(axis=1) * size_fit
        if not evidence.sum() > 0.0:
            return None
        kind_index = int(evidence.argmax())
        label = KIND_CLASSES[kind_index]
        if label == OTHER:
            return None
        # White, black and grey: how sure the head is that the object has no hue (a shaded grey ball's
        # lit top reads white and its foot black); which of them it is, _lightness_name.
        colour_probability = color_p[_ACHROMATIC_IDS].sum(axis=0) if achromatic else color_p[color_index]
        confidence = _color_certainty(colour_probability, small_blob) * float(evidence[kind_index] / evidence.sum())
        confidence *= geometry.depth_fraction * (0.5 if truncated else 1.0)
        if confidence < self.min_confidence or not math.isfinite(confidence):
            return None
        color = COLOR_CLASSES[color_index]
        if achromatic:
            color = _lightness_name(pixels[box][blob].mean(axis=1), color_p[_ACHROMATIC_IDS][:, small_blob].sum(axis=1))
        return DetectedObject(label=label, color=color, position_m=geometry.centre_m,
                              size_m=geometry.size_m, confidence=confidence)
