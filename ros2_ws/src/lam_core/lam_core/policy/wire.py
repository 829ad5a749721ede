"""The policy server's wire protocol, "lam-policy/1": msgpack messages over one WebSocket, in the
manner of openpi-client (the server speaks first with its metadata, then answers each request).

1. On connect the server sends its metadata:
   ``{"protocol": "lam-policy/1", "policy": str, "chunk_length": int, "chunk_period_s": float}``.
2. The client sends a request per decision:
   ``{"goal": str, "step": {"skill": str, "target": str, "object_id": str}, "observation": OBS}``
   where OBS holds what the policy reads (frame base_link, times in the robot's clock [ns]):
   ``stamp_ns``; ``objects``: [[label, color, x, y, z, size_x, size_y, size_z, confidence, track_id]];
   ``scan``: {valid, angle_min_rad, sector_width_rad, sector_min_range_m: [..], nearest_range_m,
   nearest_bearing_rad, free_bearing_rad, range_max_m}; ``odometry``: [stamp_ns, x, y, yaw, vx, wz]
   (odom [m, rad]) or nil; ``yaw_rate_radps``; ``joints``: {stamp_ns, names, positions_rad,
   velocities_radps} or nil; ``thumbnail``: {height, width, rgb: bytes (HxWx3 uint8)} or nil.
   Before a plan's first decision the client may send ``{"prepare": {"goal": str, "steps": [STEP, ..]}}``
   (the steps the policy will drive), answered ``{"prepared": int}``: the server embeds the
   instructions then, not at the step's first decision.
3. The server answers ``{"stamp_ns": int, "twists": [[vx, wz], ..], "period_s": float,
   "p_done": float, "infer_ms": float}``: twists[k] is for stamp_ns + k * period_s (base_link
   [m/s, rad/s]); or ``{"error": str}`` for a request it cannot read.

Everything read off the wire is checked here (types, sizes, finiteness where it matters) and a
malformed message raises InputError; msgpack never builds objects other than plain values.
"""

from __future__ import annotations

import math
from typing import Any

import msgpack
import numpy as np

from lam_core.datatypes import (
    EMPTY_SCAN_SUMMARY,
    DetectedObject,
    JointStates,
    Observation,
    Odometry,
    PlanStep,
    Pose2D,
    RgbImage,
    ScanSummary,
    Twist2D,
)
from lam_core.errors import InputError
from lam_core.policy.chunking import MAX_CHUNK_ELEMENTS, PolicyChunk

PROTOCOL = "lam-policy/1"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_ITEMS = 4096        # objects, scan sectors, joints
MAX_THUMBNAIL_PIXELS = 640 * 480


def pack(message: dict[str, Any]) -> bytes:
    return bytes(msgpack.packb(message, use_bin_type=True))


def unpack(data: bytes | str) -> dict[str, Any]:
    """One message as a dict; InputError for anything else."""
    if not isinstance(data, bytes) or len(data) > MAX_MESSAGE_BYTES:
        raise InputError("a policy message must be binary msgpack within 4 MiB")
    try:
        message = msgpack.unpackb(data, raw=False, strict_map_key=True, max_bin_len=MAX_MESSAGE_BYTES)
    except (ValueError, msgpack.UnpackException) as exc:
        raise InputError(f"unreadable policy message: {exc}") from None
    if not isinstance(message, dict):
        raise InputError("a policy message must be a map")
    return message


def _float(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{name} must be a number")
    return float(value)


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be an integer")
    return value


def _str(value: Any, name: str, limit: int = 256) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise InputError(f"{name} must be a string of at most {limit} characters")
    return value


def _list(value: Any, name: str, limit: int = MAX_ITEMS) -> list[Any]:
    if not isinstance(value, list) or len(value) > limit:
        raise InputError(f"{name} must be a list of at most {limit} items")
    return value


def _map(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{name} must be a map")
    return value


# ---------------------------------------------------------------------- requests
def request(obs: Observation, goal: str, step: PlanStep) -> dict[str, Any]:
    return {"goal": goal, "step": _step(step), "observation": _observation(obs)}


def _observation(obs: Observation) -> dict[str, Any]:
    s, odom, joints, thumb = obs.scan, obs.odometry, obs.joints, obs.thumbnail
    return {
        "stamp_ns": obs.stamp_ns,
        "objects": [[o.label, o.color, *map(float, o.position_m), *map(float, o.size_m), float(o.confidence), o.track_id]
                    for o in obs.objects],
        "scan": {"valid": s.valid, "angle_min_rad": s.angle_min_rad, "sector_width_rad": s.sector_width_rad,
                 "sector_min_range_m": [float(v) for v in s.sector_min_range_m], "nearest_range_m": s.nearest_range_m,
                 "nearest_bearing_rad": s.nearest_bearing_rad, "free_bearing_rad": s.free_bearing_rad,
                 "range_max_m": s.range_max_m},
        "odometry": None if odom is None else [odom.stamp_ns, odom.pose.x_m, odom.pose.y_m, odom.pose.yaw_rad,
                                               odom.vx_mps, odom.wz_radps],
        "yaw_rate_radps": obs.yaw_rate_radps,
        "joints": None if joints is None else {"stamp_ns": joints.stamp_ns, "names": list(joints.names),
                                               "positions_rad": [float(v) for v in joints.positions_rad],
                                               "velocities_radps": [float(v) for v in joints.velocities_radps]},
        "thumbnail": None if thumb is None else {"height": thumb.height, "width": thumb.width,
                                                 "rgb": np.ascontiguousarray(thumb.pixels, dtype=np.uint8).tobytes()},
    }


def _step(step: PlanStep) -> dict[str, str]:
    return {"skill": step.skill, "target": step.target, "object_id": step.object_id}


def _read_step(value: Any) -> PlanStep:
    step = _map(value, "step")
    return PlanStep(_str(step.get("skill"), "step.skill", 32), _str(step.get("target"), "step.target"), "", 0.0,
                    object_id=_str(step.get("object_id", ""), "step.object_id"))


def prepare_request(goal: str, steps: tuple[PlanStep, ...]) -> dict[str, Any]:
    return {"prepare": {"goal": goal, "steps": [_step(s) for s in steps]}}


def read_prepare(message: dict[str, Any]) -> tuple[str, tuple[PlanStep, ...]] | None:
    """(goal, steps) of a prepare message; None for any other message; InputError when malformed."""
    if "prepare" not in message:
        return None
    body = _map(message["prepare"], "prepare")
    return _str(body.get("goal"), "goal", 4096), tuple(_read_step(s) for s in _list(body.get("steps"), "steps", 64))


def read_request(message: dict[str, Any]) -> tuple[Observation, str, PlanStep]:
    """(observation, goal, step) of a request; InputError when it is malformed."""
    goal = _str(message.get("goal"), "goal", 4096)
    return _read_observation(_map(message.get("observation"), "observation")), goal, _read_step(message.get("step"))


def _read_observation(m: dict[str, Any]) -> Observation:
    objects = []
    for i, row in enumerate(_list(m.get("objects"), "objects")):
        row = _list(row, f"objects[{i}]", 10)
        if len(row) != 10:
            raise InputError(f"objects[{i}] must have 10 values")
        values = [_float(v, f"objects[{i}]") for v in row[2:9]]
        objects.append(DetectedObject(_str(row[0], "label", 32), _str(row[1], "color", 32), tuple(values[0:3]),  # type: ignore[arg-type]
                                      tuple(values[3:6]), values[6], _str(row[9], "track_id")))  # type: ignore[arg-type]
    scan_map = m.get("scan")
    scan = EMPTY_SCAN_SUMMARY
    if scan_map is not None:
        scan_map = _map(scan_map, "scan")
        scan = ScanSummary(bool(scan_map.get("valid")), _float(scan_map.get("angle_min_rad"), "scan.angle_min_rad"),
                           _float(scan_map.get("sector_width_rad"), "scan.sector_width_rad"),
                           tuple(_float(v, "scan sector") for v in _list(scan_map.get("sector_min_range_m"), "scan sectors")),
                           _float(scan_map.get("nearest_range_m"), "scan.nearest_range_m"),
                           _float(scan_map.get("nearest_bearing_rad"), "scan.nearest_bearing_rad"),
                           _float(scan_map.get("free_bearing_rad"), "scan.free_bearing_rad"),
                           _float(scan_map.get("range_max_m"), "scan.range_max_m"))
    odometry = None
    if m.get("odometry") is not None:
        row = _list(m["odometry"], "odometry", 6)
        if len(row) != 6:
            raise InputError("odometry must have 6 values")
        x, y, yaw, vx, wz = (_float(v, "odometry") for v in row[1:])
        odometry = Odometry(_int(row[0], "odometry stamp"), Pose2D(x, y, yaw), vx, wz)
    joints = None
    if m.get("joints") is not None:
        j = _map(m["joints"], "joints")
        names = tuple(_str(n, "joint name", 64) for n in _list(j.get("names"), "joint names"))
        positions = tuple(_float(v, "joint position") for v in _list(j.get("positions_rad"), "joint positions"))
        velocities = tuple(_float(v, "joint velocity") for v in _list(j.get("velocities_radps"), "joint velocities"))
        joints = JointStates(_int(j.get("stamp_ns"), "joints.stamp_ns"), names, positions, velocities)
    thumbnail = None
    if m.get("thumbnail") is not None:
        t = _map(m["thumbnail"], "thumbnail")
        h, w, rgb = _int(t.get("height"), "thumbnail.height"), _int(t.get("width"), "thumbnail.width"), t.get("rgb")
        if not (0 < h * w <= MAX_THUMBNAIL_PIXELS and h > 0 and w > 0) or not isinstance(rgb, bytes) or len(rgb) != h * w * 3:
            raise InputError("thumbnail must be height x width x 3 bytes of RGB, at most 640x480")
        thumbnail = RgbImage(0, "camera", np.frombuffer(rgb, dtype=np.uint8).reshape(h, w, 3))
    stamp = _int(m.get("stamp_ns"), "stamp_ns")
    return Observation(stamp, (), tuple(objects), scan, odometry, _float(m.get("yaw_rate_radps", math.nan), "yaw_rate_radps"),
                       joints, thumbnail)


# ---------------------------------------------------------------------- answers
def answer(chunk: PolicyChunk, infer_ms: float) -> dict[str, Any]:
    return {"stamp_ns": chunk.stamp_ns, "twists": [[t.vx_mps, t.wz_radps] for t in chunk.twists],
            "period_s": chunk.period_s, "p_done": chunk.p_done, "infer_ms": infer_ms}


def read_answer(message: dict[str, Any], source: str) -> tuple[PolicyChunk, float]:
    """(chunk, the server's inference time [ms]); InputError for an error answer or a malformed one.
    Non-finite twists are kept: the safety shield rejects them, as it does any model's output."""
    if "error" in message:
        raise InputError(f"policy server: {_str(message['error'], 'error', 1000)}")
    twists = []
    for row in _list(message.get("twists"), "twists", MAX_CHUNK_ELEMENTS):
        row = _list(row, "twist", 2)
        if len(row) != 2:
            raise InputError("each twist must be [vx, wz]")
        twists.append(Twist2D(_float(row[0], "vx"), _float(row[1], "wz")))
    period = _float(message.get("period_s"), "period_s")
    if not twists or not (len(twists) == 1 or (math.isfinite(period) and period > 0)):
        raise InputError("an answer needs at least one twist and, for more, a positive period")
    return (PolicyChunk(_int(message.get("stamp_ns"), "stamp_ns"), tuple(twists), period,
                        _float(message.get("p_done"), "p_done"), source),
            _float(message.get("infer_ms", math.nan), "infer_ms"))
