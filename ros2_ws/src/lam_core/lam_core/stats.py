"""Rolling statistics that nodes report in /diagnostics (decision time, loop jitter, latency)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

import numpy as np


def percentile(values: Sequence[float] | np.ndarray, q: float) -> float:
    """The ``q``-th percentile (0..100, numpy's linear interpolation) of ``values``; NaN when empty."""
    return float(np.percentile(values, q)) if len(values) else math.nan


def rank_quantiles(values: np.ndarray, percents: tuple[float, ...]) -> np.ndarray:
    """Nearest-rank percentiles of ``values`` along axis 0 (one row per percent), by partial sort:
    about 20x faster than np.percentile on the few thousand points of one detected object, where
    interpolating between neighbouring points changes nothing that matters."""
    n = values.shape[0]
    ranks = [min(n - 1, max(0, round(p / 100.0 * (n - 1)))) for p in percents]
    parted = np.partition(values, sorted(set(ranks)), axis=0)
    return np.stack([parted[r] for r in ranks])


class RollingWindow:
    """The last ``size`` values of a measurement, with their percentiles."""

    def __init__(self, size: int) -> None:
        if size <= 0:
            raise ValueError(f"window size must be positive, got {size}")
        self._values: deque[float] = deque(maxlen=size)

    def add(self, value: float) -> None:
        self._values.append(float(value))

    def __len__(self) -> int:
        return len(self._values)

    def values(self) -> np.ndarray:
        return np.asarray(self._values, dtype=np.float64)

    def percentile_fields(self, name: str, quantiles: tuple[int, ...] = (50, 99)) -> dict[str, str]:
        """``{f"{name}_p{q}": "x.xxx"}`` for /diagnostics key/values; empty while no values."""
        if not self._values:
            return {}
        values = self.values()
        return {f"{name}_p{q}": f"{percentile(values, q):.3f}" for q in quantiles}


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % confidence interval of a success rate (Wilson score)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))
