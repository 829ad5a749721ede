"""What `lam view` serves over the Foxglove WebSocket protocol, free of rclpy: the channel table of
the contract topics (wire topic, ROS 2 schema name and full message definition), camera frames
recompressed from sensor_msgs/Image to sensor_msgs/CompressedImage, header stamps read straight
from CDR bytes, the subscriber count that creates and destroys subscriptions, and the pacing and
streaming of a bag's playback.

Messages stay CDR bytes from end to end ("cdr" message encoding, "ros2msg" schemas: the same
definition text rosbag2 writes into MCAP schema records); only camera images are decoded, to make
JPEG of them (a raw 320x240 rgb8 frame is 230 KB, its JPEG about 6 KB).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lam_core.contract import QosSpec, contract
from lam_core.errors import LamError
from lam_core.paths import interface_dir
from lam_tools.bags import BagError, BagMessage, read_bag, ros_type, typestore

MESSAGE_ENCODING = "cdr"
SCHEMA_ENCODING = "ros2msg"
IMAGE_TYPE = "sensor_msgs/msg/Image"
COMPRESSED_TYPE = "sensor_msgs/msg/CompressedImage"
COMPRESSED_SUFFIX = "/compressed"  # image_transport's name for a compressed image topic
JPEG_QUALITY = 80  # cv2.IMWRITE_JPEG_QUALITY, 0-100
# The contract topics a live view offers, in the order Foxglove lists them.
LIVE_KEYS = (
    "color_image", "camera_info", "debug_image", "markers", "objects", "scan", "odom", "tf", "tf_static",
    "robot_description", "plan", "cmd_vel", "diagnostics",
)
# Colour images go on the wire as JPEG (sensor_msgs/CompressedImage on <topic>/compressed).
COMPRESSED_KEYS = frozenset({"color_image", "debug_image"})
# The goal action's feedback topic (rcl_action's hidden topic of the contract action).
FEEDBACK_KEY = "execute_goal_feedback"
FEEDBACK_ACTION_KEY = "execute_goal"
# rcl_action's default QoS of a feedback topic (rmw_qos_profile_default: reliable, volatile, depth 10).
FEEDBACK_QOS = QosSpec("ACTION_FEEDBACK", "reliable", "volatile", 10)
# Where a message's sim-time stamp sits in its CDR bytes.
STAMP_HEADER = "header"  # the first field is a std_msgs/Header
STAMP_FIRST_ITEM = "first_item"  # the first field is a sequence of messages that start with a Header (TF, markers)
STAMP_NONE = "none"
_CDR_HEADER = 4  # encapsulation: 2-byte kind, 2 bytes of options
_CDR_LITTLE_ENDIAN = (0x01, 0x03)  # CDR_LE, PL_CDR_LE
_EIGHT_BIT = {"rgb8": 3, "bgr8": 3, "rgba8": 4, "bgra8": 4, "mono8": 1, "8UC1": 1, "8UC3": 3}
_SIXTEEN_BIT = {"mono16", "16UC1"}


class ViewError(LamError):
    """A message the view cannot serve (a malformed or unsupported image); the text says why."""


# ---------------------------------------------------------------- schemas
@lru_cache(maxsize=1)
def view_typestore() -> Any:
    """The bags' type store (ROS 2 Jazzy and lam_interfaces) plus the goal action's feedback
    message, which rosbags cannot parse from an .action file: registered under "/msg/" names so
    its definition text spells every type "pkg/Type" as the rest of the text does."""
    from rosbags.typesys import Stores, get_types_from_msg, get_typestore

    store = get_typestore(Stores.ROS2_JAZZY)
    store.register({name: fields for name, fields in typestore().fielddefs.items() if name.startswith("lam_interfaces/")})
    spec = contract().action(FEEDBACK_ACTION_KEY)
    package, action = spec.type_package, spec.type_name
    text = (interface_dir(package, "action") / f"{action}.action").read_text(encoding="utf-8")
    sections = _action_sections(text)
    if len(sections) != 3:
        raise ViewError(f"{action}.action: expected goal, result and feedback sections, found {len(sections)}")
    types = get_types_from_msg(sections[2], f"{package}/msg/{action}_Feedback")
    types.update(get_types_from_msg(f"unique_identifier_msgs/UUID goal_id\n{package}/{action}_Feedback feedback",
                                    f"{package}/msg/{action}_FeedbackMessage"))
    store.register(types)
    return store


def _action_sections(text: str) -> list[str]:
    sections: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() == "---":
            sections.append([])
        else:
            sections[-1].append(line)
    return ["\n".join(lines) + "\n" for lines in sections]


def feedback_type() -> tuple[str, str]:
    """(ROS type name "pkg/action/X_FeedbackMessage", the view type store's name for it)."""
    spec = contract().action(FEEDBACK_ACTION_KEY)
    return (f"{spec.type_package}/action/{spec.type_name}_FeedbackMessage",
            f"{spec.type_package}/msg/{spec.type_name}_FeedbackMessage")


def _store_name(type_name: str) -> str:
    """The view type store's name of "pkg/Type", "pkg/msg/Type" or the feedback's action type."""
    if type_name == feedback_type()[0]:
        return feedback_type()[1]
    return type_name if type_name.count("/") == 2 else ros_type(type_name)


def message_definition(type_name: str) -> str:
    """The full ROS 2 message definition of ``type_name`` ("pkg/Type" or "pkg/msg/Type"): the
    type's own fields, then each type it uses after a line of 80 "=" and "MSG: pkg/Type"."""
    from rosbags.typesys.base import TypesysError

    try:
        text: str = view_typestore().generate_msgdef(_store_name(type_name), ros_version=2)[0]
    except (TypesysError, KeyError, AssertionError) as exc:
        raise ViewError(f"no message definition for {type_name}: {exc}") from None
    return text


def stamp_kind(type_name: str) -> str:
    """Where the stamp of a ``type_name`` message sits: STAMP_HEADER, STAMP_FIRST_ITEM or STAMP_NONE."""
    from rosbags.interfaces import Nodetype

    fields = view_typestore().fielddefs
    name = _store_name(type_name)
    if name not in fields or not fields[name][1]:
        return STAMP_NONE
    _, (kind, detail) = fields[name][1][0]
    if kind == Nodetype.NAME and detail == "std_msgs/msg/Header":
        return STAMP_HEADER
    if kind == Nodetype.SEQUENCE:
        (item_kind, item_name), _ = detail
        if item_kind == Nodetype.NAME and item_name in fields and fields[item_name][1]:
            _, (first_kind, first_detail) = fields[item_name][1][0]
            if first_kind == Nodetype.NAME and first_detail == "std_msgs/msg/Header":
                return STAMP_FIRST_ITEM
    return STAMP_NONE


def header_stamp_ns(data: bytes, kind: str) -> int | None:
    """The header stamp [ns, the publisher's clock: sim time in sim and replay] of a CDR message,
    the first item's for STAMP_FIRST_ITEM; None when there is none, it is zero or the bytes are short."""
    if kind == STAMP_NONE or len(data) < _CDR_HEADER or data[1] not in _CDR_LITTLE_ENDIAN:
        return None
    offset = _CDR_HEADER
    try:
        if kind == STAMP_FIRST_ITEM:
            (count,) = struct.unpack_from("<I", data, offset)
            if count == 0:
                return None
            offset += 4
        sec, nanosec = struct.unpack_from("<iI", data, offset)
    except struct.error:
        return None
    stamp = sec * 1_000_000_000 + nanosec
    return stamp if stamp > 0 and nanosec < 1_000_000_000 else None


# ---------------------------------------------------------------- images
def compress_image(data: bytes, quality: int = JPEG_QUALITY) -> bytes:
    """A sensor_msgs/Image CDR message as a sensor_msgs/CompressedImage CDR message with the same
    header: JPEG (format "jpeg") for 8-bit encodings, lossless PNG ("png") for 16-bit depth.
    ViewError when the bytes are not a well-formed image or the encoding is another."""
    import cv2
    import numpy as np

    store = view_typestore()
    try:
        image = store.deserialize_cdr(data, IMAGE_TYPE)
    except Exception as exc:  # rosbags raises struct, index and value errors on short or bad bytes
        raise ViewError(f"not a sensor_msgs/Image: {type(exc).__name__}: {exc}") from None
    height, width, step, encoding = int(image.height), int(image.width), int(image.step), str(image.encoding)
    pixels = np.asarray(image.data, dtype=np.uint8)
    if encoding in _EIGHT_BIT:
        channels, depth, fmt, ext = _EIGHT_BIT[encoding], 1, "jpeg", ".jpg"
        params = [cv2.IMWRITE_JPEG_QUALITY, int(quality)]
    elif encoding in _SIXTEEN_BIT:
        channels, depth, fmt, ext, params = 1, 2, "png", ".png", [cv2.IMWRITE_PNG_COMPRESSION, 1]
    else:
        raise ViewError(f"cannot compress {encoding!r} images (8-bit colour or mono, or 16-bit depth)")
    row = width * channels * depth
    if height <= 0 or width <= 0 or step < row or pixels.size < step * height:
        raise ViewError(f"image {width}x{height} {encoding} with step {step} does not fit its {pixels.size} bytes")
    rows = pixels[: step * height].reshape(height, step)[:, :row]
    frame: Any
    if depth == 2:
        big_endian = bool(image.is_bigendian)
        frame = rows.copy().view(">u2" if big_endian else "<u2").astype(np.uint16).reshape(height, width)
    else:
        frame = rows.reshape(height, width, channels) if channels > 1 else rows.reshape(height, width)
        if encoding in ("rgb8", "rgba8"):
            frame = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR if channels == 3 else cv2.COLOR_RGBA2BGRA)
        if channels == 4:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    ok, encoded = cv2.imencode(ext, np.ascontiguousarray(frame), params)
    if not ok:
        raise ViewError(f"OpenCV could not encode the {width}x{height} {encoding} image")
    compressed = store.types[COMPRESSED_TYPE](header=image.header, format=fmt, data=encoded.reshape(-1))
    return bytes(store.serialize_cdr(compressed, COMPRESSED_TYPE))


def clock_stamp_ns(data: bytes) -> int | None:
    """The time [ns] of a rosgraph_msgs/Clock CDR message; None when malformed."""
    return header_stamp_ns(data, STAMP_HEADER)


# ---------------------------------------------------------------- channels
@dataclass(frozen=True)
class ViewChannel:
    """One topic the view serves. ``source_topic``/``source_type``: what is read (fully qualified
    name, "pkg/msg/Type"); ``topic``/``schema_name``/``schema``: what goes on the wire."""

    key: str
    source_topic: str
    source_type: str
    topic: str
    schema_name: str
    schema: str
    schema_encoding: str = SCHEMA_ENCODING
    qos: QosSpec | None = None
    compress: bool = False
    stamp: str = STAMP_NONE
    latched: bool = False


def live_channels(namespace: str = "/") -> tuple[ViewChannel, ...]:
    """The contract topics of LIVE_KEYS and the goal's feedback, names resolved in ``namespace``."""
    channels = []
    for key in LIVE_KEYS:
        spec = contract().topic(key)
        source_type = ros_type(spec.type)
        compress = key in COMPRESSED_KEYS and source_type == IMAGE_TYPE
        wire_type = COMPRESSED_TYPE if compress else source_type
        topic = spec.resolved(namespace)
        channels.append(ViewChannel(
            key=key, source_topic=topic, source_type=source_type,
            topic=topic + COMPRESSED_SUFFIX if compress else topic, schema_name=wire_type,
            schema=message_definition(wire_type), qos=spec.qos, compress=compress, stamp=stamp_kind(source_type),
            latched=spec.qos is not None and spec.qos.durability == "transient_local",
        ))
    action = contract().action(FEEDBACK_ACTION_KEY)
    ros_name, store_name = feedback_type()
    topic = action.resolved(namespace) + "/_action/feedback"
    channels.append(ViewChannel(key=FEEDBACK_KEY, source_topic=topic, source_type=ros_name, topic=topic,
                                schema_name=ros_name, schema=message_definition(ros_name), qos=FEEDBACK_QOS,
                                stamp=stamp_kind(store_name)))
    return tuple(channels)


@dataclass(frozen=True)
class BagTopic:
    """A topic of a bag: its type ("pkg/msg/Type"), the definition the bag holds for it ("" when
    none) and its encoding, and whether it was offered transient local (latched)."""

    topic: str
    type_name: str
    definition: str = ""
    definition_encoding: str = SCHEMA_ENCODING
    latched: bool = False


def bag_channels(topics: list[BagTopic], warn: Any = print) -> tuple[ViewChannel, ...]:
    """A channel per bag topic with the bag's own definition (or a generated one when the bag has
    none); Image topics go on the wire as JPEG/PNG on <topic>/compressed unless the bag has that
    topic already. A topic whose type has no definition anywhere is left out, with a warning."""
    names = {t.topic for t in topics}
    channels = []
    for t in topics:
        compress = t.type_name == IMAGE_TYPE and t.topic + COMPRESSED_SUFFIX not in names
        if compress:
            schema_name, schema, encoding = COMPRESSED_TYPE, message_definition(COMPRESSED_TYPE), SCHEMA_ENCODING
        elif t.definition:
            schema_name, schema, encoding = t.type_name, t.definition, t.definition_encoding
        else:
            try:
                schema_name, schema, encoding = t.type_name, message_definition(t.type_name), SCHEMA_ENCODING
            except ViewError as exc:
                warn(f"[view] {t.topic} left out: {exc}")
                continue
        channels.append(ViewChannel(
            key=t.topic, source_topic=t.topic, source_type=t.type_name,
            topic=t.topic + COMPRESSED_SUFFIX if compress else t.topic, schema_name=schema_name, schema=schema,
            schema_encoding=encoding, compress=compress, stamp=stamp_kind(t.type_name), latched=t.latched,
        ))
    return tuple(channels)


# ---------------------------------------------------------------- bags
def bag_topics(path: Path) -> list[BagTopic]:
    """The topics of a bag (MCAP or sqlite3) with the definitions it holds. BagError when there is
    no bag at ``path`` or it cannot be opened. A bag whose recorder was killed (no metadata.yaml)
    is read chunk by chunk (lam_tools.bags.recover_mcap); its topics get generated definitions."""
    if not path.exists():
        raise BagError(f"no bag at {path}")
    if path.is_dir() and not (path / "metadata.yaml").exists():
        info, _ = read_bag(path)
        return [BagTopic(topic, type_name) for topic, type_name in sorted(info.types.items())]
    from rosbags.interfaces import MessageDefinitionFormat, QosDurability
    from rosbags.rosbag2 import Reader, ReaderError

    try:
        reader = Reader(path)
        reader.open()
    except (ReaderError, OSError, ValueError, KeyError) as exc:
        raise BagError(f"cannot open bag {path}: {exc}") from exc
    try:
        topics: dict[str, BagTopic] = {}
        for c in reader.connections:
            msgdef = getattr(c, "msgdef", None)
            text = str(msgdef.data) if msgdef is not None and msgdef.data else ""
            encoding = "ros2idl" if msgdef is not None and msgdef.format == MessageDefinitionFormat.IDL else SCHEMA_ENCODING
            profiles = getattr(getattr(c, "ext", None), "offered_qos_profiles", None) or []
            latched = any(p.durability == QosDurability.TRANSIENT_LOCAL for p in profiles)
            topics.setdefault(c.topic, BagTopic(c.topic, c.msgtype, text, encoding, latched))
    finally:
        reader.close()
    return [topics[name] for name in sorted(topics)]


def bag_messages(path: Path) -> Iterator[BagMessage]:
    """The bag's messages in log-time order, one at a time (a bag larger than memory plays). A
    bag without metadata.yaml is recovered whole first. BagError when reading fails on the way."""
    if path.is_dir() and not (path / "metadata.yaml").exists():
        yield from read_bag(path)[1]
        return
    from rosbags.rosbag2 import Reader, ReaderError

    try:
        reader = Reader(path)
        reader.open()
    except (ReaderError, OSError, ValueError, KeyError) as exc:
        raise BagError(f"cannot open bag {path}: {exc}") from exc
    count = 0
    try:
        for connection, stamp, data in reader.messages():
            count += 1
            yield BagMessage(connection.topic, connection.msgtype, int(stamp), bytes(data))
    except BagError:
        raise
    except Exception as exc:  # a damaged file: say where reading stopped
        raise BagError(f"reading {path} stopped after {count} messages: {type(exc).__name__}: {exc}") from exc
    finally:
        reader.close()


@dataclass
class Pacer:
    """Plays bag time at ``rate`` times the wall clock. ``delay_s`` says how long to wait [s] before
    a message of bag time ``stamp_ns`` is due; a playback that fell behind by more than
    ``max_lag_s`` (a busy machine, a pause) is re-anchored instead of catching up in a burst."""

    rate: float = 1.0
    max_lag_s: float = 0.5
    _anchor: tuple[int, float] | None = None  # (bag ns, wall s) that correspond

    def __post_init__(self) -> None:
        if not math.isfinite(self.rate) or self.rate <= 0.0:
            raise ValueError(f"playback rate must be a positive number, got {self.rate}")

    def reset(self, stamp_ns: int, now_s: float) -> None:
        """Bag time ``stamp_ns`` is wall time ``now_s`` from now on."""
        self._anchor = (stamp_ns, now_s)

    def delay_s(self, stamp_ns: int, now_s: float) -> float:
        if self._anchor is None:
            self.reset(stamp_ns, now_s)
        assert self._anchor is not None
        bag0, wall0 = self._anchor
        due = wall0 + (stamp_ns - bag0) * 1e-9 / self.rate
        if due < now_s - self.max_lag_s:
            self.reset(stamp_ns, now_s)
            return 0.0
        return max(0.0, due - now_s)


# ---------------------------------------------------------------- subscribers
class SubscriberCount:
    """Which client subscribes to which channel. ``add`` is True for a channel's first subscriber
    and ``remove`` for the last one leaving: the moments its ROS subscription is made and dropped."""

    def __init__(self) -> None:
        self._clients: dict[int, set[int]] = {}  # channel id -> client ids

    def add(self, client_id: int, channel_id: int) -> bool:
        clients = self._clients.setdefault(channel_id, set())
        first = not clients
        clients.add(client_id)
        return first

    def remove(self, client_id: int, channel_id: int) -> bool:
        clients = self._clients.get(channel_id)
        if not clients or client_id not in clients:
            return False
        clients.discard(client_id)
        if clients:
            return False
        del self._clients[channel_id]
        return True

    def count(self, channel_id: int) -> int:
        return len(self._clients.get(channel_id, ()))

    def channels(self) -> set[int]:
        """The channels with at least one subscriber."""
        return set(self._clients)
