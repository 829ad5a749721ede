"""Open-vocabulary detection for users who have the weights: an OWLv2 model (Owlv2ForObjectDetection
and its processor, as saved by transformers' ``save_pretrained``) from a local folder, never from a
model hub. The model is asked for every colour and kind the agent can name ("a red box", ...); each
box it finds with a score at or above the threshold becomes an object with that colour and kind,
its 3-D centre and extent from depth (lam_core.perception.boxes), as for the SSD detector.

OWLv2 pads an image to a square at the bottom and right before it looks, so its boxes are
relative to that square (side max(height, width)); boxes are clipped to the image. A folder that
is missing or holds no such model is a ConfigError naming the folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject, RgbImage
from lam_core.errors import ConfigError
from lam_core.perception.boxes import object_from_box
from lam_core.perception.color_objects import ColorDetectorConfig, validate_rgbd
from lam_core.vocabulary import COLORS, LABELS

QUERY_TOKENS = 16  # every query is padded (or cut) to this many tokens, as OWL models are trained


def default_queries() -> tuple[tuple[str, str, str], ...]:
    """(query text, colour, kind) for every colour and kind of the vocabulary."""
    return tuple((f"a photo of a {color} {kind}", color, kind) for kind in LABELS for color in COLORS)


class OpenVocabDetector:
    """Objects named by an OWLv2 model from ``model_dir`` (see the module docstring)."""

    def __init__(self, config: ColorDetectorConfig, model_dir: str, score_threshold: float, threads: int = 1) -> None:
        if not model_dir:
            raise ConfigError("open-vocabulary detector: set open_vocab_model_dir to a folder with an OWLv2 model "
                              "(save_pretrained of the model and its processor)")
        folder = Path(model_dir).expanduser()
        if not (folder / "config.json").is_file():
            raise ConfigError(f"open-vocabulary detector: no model in {folder} (config.json missing)")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForZeroShotObjectDetection, AutoProcessor

        if threads > 0:
            torch.set_num_threads(threads)
        try:
            self._processor: Any = AutoProcessor.from_pretrained(str(folder), local_files_only=True)  # type: ignore[no-untyped-call]
            self._model: Any = AutoModelForZeroShotObjectDetection.from_pretrained(str(folder), local_files_only=True,
                                                                                  use_safetensors=True)
        except (OSError, ValueError, ImportError) as exc:
            raise ConfigError(f"open-vocabulary detector: cannot load the model in {folder}: {exc}") from exc
        if self._model.config.model_type != "owlv2":
            raise ConfigError(f"open-vocabulary detector: {folder} holds a {self._model.config.model_type!r} model; "
                              "an owlv2 one is needed")
        self._model.eval()
        self.config = config
        self.mount = config.mount
        self.score_threshold = score_threshold
        self.queries = default_queries()
        self._text = self._processor.tokenizer([q for q, _, _ in self.queries], padding="max_length",
                                               truncation=True, max_length=QUERY_TOKENS, return_tensors="pt")

    def scores_and_boxes(self, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate box: the score of each query (N x Q, 0..1) and the box (N x 4, x0 y0 x1 y1
        in pixels of ``pixels``, clipped to it)."""
        import torch

        h, w = pixels.shape[:2]
        images = self._processor.image_processor(images=pixels, return_tensors="pt")
        with torch.inference_mode():
            out = self._model(input_ids=self._text["input_ids"], attention_mask=self._text["attention_mask"],
                              pixel_values=images["pixel_values"])
        scores = torch.sigmoid(out.logits[0]).numpy()
        cx, cy, bw, bh = out.pred_boxes[0].numpy().T
        side = float(max(h, w))  # boxes are relative to the padded square
        boxes = np.stack([(cx - bw / 2) * side, (cy - bh / 2) * side, (cx + bw / 2) * side, (cy + bh / 2) * side], 1)
        boxes[:, [0, 2]] = np.clip(boxes[:, [0, 2]], 0, w)
        boxes[:, [1, 3]] = np.clip(boxes[:, [1, 3]], 0, h)
        return scores, boxes

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
        validate_rgbd(rgb, depth, self.config.max_pixels)
        scores, boxes = self.scores_and_boxes(rgb.pixels)
        objects = []
        for row, box in zip(scores, boxes, strict=True):
            best = int(np.argmax(row))
            if not np.isfinite(row[best]) or row[best] < self.score_threshold:
                continue
            _, color, kind = self.queries[best]
            obj = object_from_box(box, kind, color, float(row[best]), depth, k, self.mount, self.config)
            if obj is not None:
                objects.append(obj)
        return objects
