"""Colour-space conversions shared by the world generator and colour-word grounding: sRGB in 0..1
to CIELAB (D65) and its polar form LCh."""

from __future__ import annotations

import math

import numpy as np


def srgb_to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB in 0..1 -> CIELAB (L* 0..100, a*, b*), D65 white."""
    c = np.asarray(rgb, dtype=np.float64)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(f > 0.008856, np.cbrt(f), 7.787 * f + 16.0 / 116.0)
    return float(116.0 * f[1] - 16.0), float(500.0 * (f[0] - f[1])), float(200.0 * (f[1] - f[2]))


def lab_lch(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB in 0..1 -> CIELAB lightness L* (0..100), chroma C*ab and hue angle h [deg, 0..360), D65."""
    lightness, a, b = srgb_to_lab(rgb)
    return lightness, math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360.0


def delta_e(rgb1: tuple[float, float, float], rgb2: tuple[float, float, float]) -> float:
    """CIE76 colour difference between two sRGB colours (about 2.3 is just noticeable)."""
    return math.dist(srgb_to_lab(rgb1), srgb_to_lab(rgb2))


def hue_diff_deg(a: float, b: float) -> float:
    """Smallest angle between two hue angles [deg], 0..180."""
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)
