"""Warnings throttled per kind of problem, so one noisy input does not hide another."""

from __future__ import annotations

import math
import time
from collections import Counter
from typing import Any


class KeyedWarnings:
    """Logs each kind of warning at most once per ``period_s`` and counts them all."""

    def __init__(self, logger: Any, period_s: float = 2.0) -> None:
        self._logger = logger
        self._period_s = period_s
        self._last: dict[str, float] = {}
        self.counts: Counter[str] = Counter()

    MAX_KINDS = 64

    def warn(self, kind: str, text: str) -> None:
        if kind not in self.counts and len(self.counts) >= self.MAX_KINDS:
            kind = "other"
        self.counts[kind] += 1
        now = time.monotonic()
        if now - self._last.get(kind, -math.inf) >= self._period_s:
            self._last[kind] = now
            self._logger.warn(f"{text} ({self.counts[kind]} so far)")
