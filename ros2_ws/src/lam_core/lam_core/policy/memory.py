"""Object permanence for the policy: where each object was last seen (odom frame), so a target
hidden behind an obstacle stays in the observation, marked as a memory (confidence 0)."""

from __future__ import annotations

from dataclasses import replace

from lam_core.datatypes import DetectedObject, Observation
from lam_core.geometry import into_frame, out_of_frame

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
        p = odom.pose
        for o in obs.objects:
            self._seen[o.name] = (o, *out_of_frame(p.x_m, p.y_m, p.yaw_rad, o.position_m[0], o.position_m[1]))
        if target not in self._seen or any(o.name == target for o in obs.objects):
            return obs
        remembered, ox, oy = self._seen[target]
        position = (*into_frame(p.x_m, p.y_m, p.yaw_rad, ox, oy), remembered.position_m[2])
        ghost = replace(remembered, position_m=position, confidence=MEMORY_CONFIDENCE)
        return replace(obs, objects=(*obs.objects, ghost))
