"""Object permanence for the policy: where each object was last seen (odom frame), so a target
hidden behind an obstacle stays in the observation, marked as a memory (confidence 0). The actor
drops a memory with ``forget`` when it stands where the target was remembered and does not see
it there (a misread object, such as a yellow box read as orange for a frame or two)."""

from __future__ import annotations

import math
from dataclasses import replace

from lam_core.datatypes import DetectedObject, Observation
from lam_core.geometry import into_frame, out_of_frame

MEMORY_CONFIDENCE = 0.0  # a remembered object's confidence; detections are > 0
# An object of the target's name seen within its larger footprint side (at least this [m]) of where
# the target was remembered is the target, seen under another track id.
SAME_PLACE_MIN_M = 0.1


def is_remembered(obj: DetectedObject) -> bool:
    """Whether ``obj`` is a memory put in the observation by TargetMemory, not seen in this frame."""
    return obj.confidence <= MEMORY_CONFIDENCE


class TargetMemory:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[DetectedObject, float, float]] = {}  # name or track id -> (object, x, y in odom [m])

    def reset(self) -> None:
        self._seen.clear()

    def forget(self, target: str, object_id: str = "") -> None:
        """Drop what is remembered of ``target`` (by name) and of ``object_id`` (by track id)."""
        self._seen.pop(target, None)
        if object_id:
            self._seen.pop(object_id, None)

    def fill(self, obs: Observation, target: str, object_id: str = "") -> Observation:
        """Remember every detected object (by name, and by track id); return ``obs`` with the target
        (``object_id`` when given, else ``target`` by name) added at its remembered position
        (base_link, through odometry) when it is not seen now, nor an object of its name where it
        was remembered (within its larger footprint side, at least SAME_PLACE_MIN_M): a second
        copy there, pinned by its id, would be chosen over the object in view."""
        odom = obs.odometry
        if odom is None:
            return obs
        p = odom.pose
        in_view = [(o, *out_of_frame(p.x_m, p.y_m, p.yaw_rad, o.position_m[0], o.position_m[1])) for o in obs.objects]
        for obj, x, y in in_view:
            self._seen[obj.name] = (obj, x, y)
            if obj.track_id:
                self._seen[obj.track_id] = (obj, x, y)
        key = object_id if object_id in self._seen else target
        seen_now = any(o.track_id == object_id for o in obs.objects) if object_id else any(o.name == target for o in obs.objects)
        if key not in self._seen or seen_now:
            return obs
        remembered, ox, oy = self._seen[key]
        same_place_m = max(SAME_PLACE_MIN_M, *remembered.size_m[:2])
        if any(o.name == remembered.name and math.hypot(x - ox, y - oy) <= same_place_m
               for o, x, y in in_view):
            return obs  # seen where it was remembered, under another id (the tracker lost it for a frame)
        position = (*into_frame(p.x_m, p.y_m, p.yaw_rad, ox, oy), remembered.position_m[2])
        ghost = replace(remembered, position_m=position, confidence=MEMORY_CONFIDENCE)
        return replace(obs, objects=(*obs.objects, ghost))
