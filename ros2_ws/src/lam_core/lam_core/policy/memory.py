"""Object permanence for the policy: where each object was last seen (odom frame), so a target
hidden behind an obstacle stays in the observation, marked as a memory (confidence 0)."""

from __future__ import annotations

import math
from dataclasses import replace

from lam_core.types import DetectedObject, Observation

MEMORY_CONFIDENCE = 0.0  # a remembered object's confidence; detections are > 0


class TargetMemory:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[DetectedObject, float, float]] = {}  # name -> (object, x, y in odom [m])

    def reset(self) -> None:
        self._seen.clear()

    def fill(self, obs: Observation, target: str) -> Observation:
        """Remember every detected object; return ``obs`` with ``target`` added at its remembered
        position (base_link, through odometry) when it is not seen now."""
        odom = obs.odometry
        if odom is None:
            return obs
        c, s = math.cos(odom.pose.yaw_rad), math.sin(odom.pose.yaw_rad)
        for o in obs.objects:
            x, y = o.position_m[0], o.position_m[1]
            self._seen[o.name] = (o, odom.pose.x_m + c * x - s * y, odom.pose.y_m + s * x + c * y)
        if target not in self._seen or any(o.name == target for o in obs.objects):
            return obs
        remembered, ox, oy = self._seen[target]
        dx, dy = ox - odom.pose.x_m, oy - odom.pose.y_m
        position = (c * dx + s * dy, -s * dx + c * dy, remembered.position_m[2])
        ghost = replace(remembered, position_m=position, confidence=MEMORY_CONFIDENCE)
        return replace(obs, objects=(*obs.objects, ghost))
