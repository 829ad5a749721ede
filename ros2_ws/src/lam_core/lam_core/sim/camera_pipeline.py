"""The simulated colour camera's image pipeline (lam_core.appearance.CameraPipeline): what a
real RGB-D camera's ISP does to the light that reaches it, applied to a rendered rgb8 frame."""

from __future__ import annotations

import numpy as np

from lam_core.appearance import CameraPipeline

# Rec. 709 luma weights of linear RGB
LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def apply_pipeline(rgb: np.ndarray, pipeline: CameraPipeline, rng: np.random.Generator) -> np.ndarray:
    """The frame as the camera outputs it (HxWx3 uint8 in, HxWx3 uint8 out)."""
    if pipeline.is_identity:
        return rgb
    img = rgb.astype(np.float32) * (1.0 / 255.0)
    img *= np.asarray(pipeline.channel_gain, dtype=np.float32) * np.float32(pipeline.exposure_gain)
    if pipeline.auto_exposure:
        mean_luma = float(np.mean(img @ LUMA))
        gain = min(pipeline.ae_max_gain, max(1.0 / pipeline.ae_max_gain, pipeline.ae_target / max(mean_luma, 1e-4)))
        img *= np.float32(gain)
    if pipeline.awb_strength > 0.0:
        means = img.reshape(-1, 3).mean(axis=0)
        grey = float(means.mean())
        full = grey / np.maximum(means, 1e-4)
        img *= (1.0 + pipeline.awb_strength * (full - 1.0)).astype(np.float32)
    out = img * 255.0
    if pipeline.noise_sigma > 0.0:
        out += rng.normal(0.0, pipeline.noise_sigma, out.shape).astype(np.float32)
    result: np.ndarray = np.clip(out, 0.0, 255.0).round().astype(np.uint8)
    return result
