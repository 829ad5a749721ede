"""rosbag2 files of the contract topics: writing (MCAP by default, sqlite3 optional), reading with
clear errors, and recovery of an MCAP bag whose recorder was killed (every complete chunk is
kept). Messages stay CDR bytes here; rclpy (de)serializes them where needed.

Bag timestamps are the recorder's receive times on its clock: sim time when the graph runs on
/clock, so a replay can drive /clock from them.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lam_core.contract import QosSpec, contract
from lam_core.errors import ConfigError, LamError
from lam_core.node_configs import RecorderNodeConfig
from lam_core.paths import interface_dir

# What a replay publishes into the agent: the robot's sensors.
INPUT_KEYS = ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states")
# Inputs a replay publishes when the bag holds them (a graph run with --voice records its microphone).
OPTIONAL_INPUT_KEYS = ("microphone",)
# What the agent produces from them, compared between a recording and its replay.
OUTPUT_KEYS = ("objects", "observation", "plan", "action", "cmd_vel", "arm_trajectory", "gripper_trajectory")
# Types a contract topic had before ("pkg/Type"): bags recorded then still read.
EARLIER_TYPES = {"cmd_vel": ("geometry_msgs/Twist",)}
STORAGES = ("mcap", "sqlite3")
MCAP_MAGIC = b"\x89MCAP0\r\n"


class BagError(LamError):
    """A bag cannot be written or read; the message says why and what could be read."""


def check_recording(cfg: RecorderNodeConfig) -> RecorderNodeConfig:
    """``cfg`` when it names a new bag folder, a known storage and contract topic keys; else ConfigError."""
    if not cfg.output_path:
        raise ConfigError("recorder_node: output_path is empty; give the bag folder to create")
    if cfg.storage not in STORAGES:
        raise ConfigError(f"recorder_node: storage {cfg.storage!r} is not one of {', '.join(STORAGES)}")
    known = set(contract().topics)
    unknown = [k for k in cfg.topics if k not in known]
    if unknown:
        raise ConfigError(f"recorder_node: unknown topic keys {unknown}; see config/contract.yaml")
    return cfg


def ros_type(type_name: str) -> str:
    """ "pkg/Type" -> "pkg/msg/Type" (the rosbag2 spelling)."""
    package, name = type_name.split("/")
    return f"{package}/msg/{name}"


def accepted_types(key: str) -> tuple[str, ...]:
    """The rosbag2 types ("pkg/msg/Type") a bag may hold on contract topic ``key``: the contract's
    first, then the earlier ones."""
    return (ros_type(contract().topic(key).type), *(ros_type(t) for t in EARLIER_TYPES.get(key, ())))


@lru_cache(maxsize=1)
def typestore() -> Any:
    """ROS 2 Jazzy types plus lam_interfaces, parsed from the package's .msg files."""
    from rosbags.typesys import Stores, get_types_from_msg, get_typestore

    store = get_typestore(Stores.ROS2_JAZZY)
    types: dict[str, Any] = {}
    for msg in sorted(interface_dir("lam_interfaces", "msg").glob("*.msg")):
        types.update(get_types_from_msg(msg.read_text(encoding="utf-8"), f"lam_interfaces/msg/{msg.stem}"))
    store.register(types)
    return store


@dataclass(frozen=True)
class BagMessage:
    topic: str
    type_name: str   # "pkg/msg/Type"
    stamp_ns: int    # bag (receive) time
    data: bytes      # CDR


@dataclass
class BagInfo:
    path: Path
    storage: str
    counts: Counter[str] = field(default_factory=Counter)
    types: dict[str, str] = field(default_factory=dict)   # topic -> "pkg/msg/Type"
    start_ns: int = 0
    end_ns: int = 0
    recovered: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return max(0, self.end_ns - self.start_ns) * 1e-9

    def describe(self) -> str:
        lines = [f"{self.path} ({self.storage}{', recovered' if self.recovered else ''}): "
                 f"{sum(self.counts.values())} messages over {self.duration_s:.1f} s"]
        lines += [f"  {topic:36s} {self.counts[topic]:7d}  {self.types.get(topic, '?')}" for topic in sorted(self.counts)]
        lines += [f"  problem: {p}" for p in self.problems]
        return "\n".join(lines)


class BagWriter:
    """Writes a new bag folder; refuses to overwrite anything."""

    def __init__(self, path: Path, storage: str = "mcap") -> None:
        from rosbags.rosbag2 import CompressionFormat, CompressionMode, StoragePlugin, Writer

        if storage not in STORAGES:
            raise BagError(f"unknown bag storage {storage!r}; use one of {', '.join(STORAGES)}")
        if path.exists():
            raise BagError(f"{path} already exists; not overwriting it")
        path.parent.mkdir(parents=True, exist_ok=True)
        plugin = StoragePlugin.MCAP if storage == "mcap" else StoragePlugin.SQLITE3
        self._writer = Writer(path, version=Writer.VERSION_LATEST, storage_plugin=plugin)
        if storage == "mcap":  # zstd-compressed chunks of about 1 MB: a crash loses at most the open one
            self._writer.set_compression(CompressionMode.STORAGE, CompressionFormat.ZSTD)
        self._writer.open()
        self._connections: dict[str, Any] = {}
        self.path = path
        self.count = 0

    def add_topic(self, topic: str, type_name: str, qos: QosSpec | None = None) -> None:
        """``type_name`` as "pkg/Type" or "pkg/msg/Type"; ``qos``: the profile the topic is offered
        with, written into metadata.yaml so `ros2 bag play` can offer it again."""
        if topic not in self._connections:
            full = type_name if "/msg/" in type_name else ros_type(type_name)
            profiles = [_rosbag_qos(qos)] if qos is not None else []
            self._connections[topic] = self._writer.add_connection(topic, full, typestore=typestore(),
                                                                   offered_qos_profiles=profiles)

    def set_custom_data(self, key: str, value: str) -> None:
        """A key/value pair in metadata.yaml's custom_data (what the bag is, for the tools reading it)."""
        self._writer.set_custom_data(key, value)

    def write(self, topic: str, stamp_ns: int, data: bytes) -> None:
        self._writer.write(self._connections[topic], stamp_ns, data)
        self.count += 1

    def close(self) -> None:
        self._writer.close()
        for mcap in self.path.glob("*.mcap"):
            add_chunk_crcs(mcap)


def add_chunk_crcs(file: Path) -> int:
    """Write the CRC32 of each chunk's uncompressed records into its header, in place (the MCAP
    writer leaves it 0, "not computed"), so readers detect a damaged chunk instead of handing on
    altered messages. Returns the number of chunks."""
    with file.open("r+b") as fh:
        data = fh.read()
        if not data.startswith(MCAP_MAGIC):
            raise BagError(f"{file} is not an MCAP file")
        pos, chunks = len(MCAP_MAGIC), 0
        while pos + 9 <= len(data):
            opcode, length = struct.unpack_from("<BQ", data, pos)
            if opcode == 0x06:
                _, raw = _chunk_records(data[pos + 9 : pos + 9 + length])
                fh.seek(pos + 9 + CHUNK_CRC_OFFSET)
                fh.write(struct.pack("<I", zlib.crc32(raw)))
                chunks += 1
            elif opcode == 0x0F:  # the footer
                break
            pos += 9 + length
    return chunks


def _rosbag_qos(qos: QosSpec) -> Any:
    """A contract QoS profile as rosbag2 metadata (keep-last, infinite deadline/lifespan/lease)."""
    from rosbags.interfaces import Qos, QosDurability, QosHistory, QosLiveliness, QosReliability, QosTime

    infinite = QosTime(sec=2147483647, nsec=4294967295)  # rosbag2's "infinite" duration
    return Qos(
        history=QosHistory.KEEP_LAST, depth=qos.depth,
        reliability=QosReliability.RELIABLE if qos.reliability == "reliable" else QosReliability.BEST_EFFORT,
        durability=QosDurability.TRANSIENT_LOCAL if qos.durability == "transient_local" else QosDurability.VOLATILE,
        deadline=infinite, lifespan=infinite, liveliness=QosLiveliness.AUTOMATIC, liveliness_lease_duration=infinite,
        avoid_ros_namespace_conventions=False,
    )


def add_contract_topics(writer: BagWriter, keys: tuple[str, ...], namespace: str = "/") -> None:
    """The contract topics ``keys`` under their names resolved in ``namespace``."""
    for key in keys:
        spec = contract().topic(key)
        writer.add_topic(spec.resolved(namespace), spec.type, spec.qos)


# ---------------------------------------------------------------- reading
def read_bag(path: Path, topics: set[str] | None = None) -> tuple[BagInfo, list[BagMessage]]:
    """All messages (of ``topics``, if given) in time order, and what the bag holds. A bag without
    metadata.yaml (its recorder was killed) is read chunk by chunk from its MCAP file; problems are
    listed in BagInfo.problems. BagError when nothing can be read."""
    if not path.exists():
        raise BagError(f"no bag at {path}")
    if path.is_dir() and not (path / "metadata.yaml").exists():
        mcaps = sorted(path.glob("*.mcap"))
        if not mcaps:
            raise BagError(f"{path} has neither metadata.yaml nor an .mcap file")
        recovered_info, recovered = recover_mcap(mcaps[0])
        recovered_info.path = path
        return recovered_info, [m for m in recovered if topics is None or m.topic in topics]
    from rosbags.rosbag2 import Reader, ReaderError

    try:
        reader = Reader(path)
        reader.open()
    except (ReaderError, OSError, ValueError, KeyError) as exc:
        raise BagError(f"cannot open bag {path}: {exc}") from exc
    storage = "mcap" if any(path.glob("*.mcap")) else "sqlite3"
    info = BagInfo(path, storage)
    messages: list[BagMessage] = []
    try:
        info.types = {c.topic: c.msgtype for c in reader.connections}
        wanted = [c for c in reader.connections if topics is None or c.topic in topics]
        for connection, stamp, data in reader.messages(connections=wanted):
            messages.append(BagMessage(connection.topic, connection.msgtype, stamp, bytes(data)))
    except Exception as exc:  # a corrupt file: keep what was read, say where it stopped
        info.problems.append(f"reading stopped after {len(messages)} messages: {type(exc).__name__}: {exc}")
    finally:
        reader.close()
    if not messages and info.problems:
        raise BagError(f"nothing readable in {path}: {info.problems[0]}")
    _summarise(info, messages)
    return info, messages


def _summarise(info: BagInfo, messages: list[BagMessage]) -> None:
    info.counts = Counter(m.topic for m in messages)
    for m in messages:
        info.types.setdefault(m.topic, m.type_name)
    if messages:
        info.start_ns, info.end_ns = messages[0].stamp_ns, messages[-1].stamp_ns


def _string(buf: bytes, pos: int) -> tuple[str, int]:
    (n,) = struct.unpack_from("<I", buf, pos)
    return buf[pos + 4 : pos + 4 + n].decode("utf-8"), pos + 4 + n


CHUNK_CRC_OFFSET = 24  # in a chunk record's body: after start time, end time and uncompressed size


def _chunk_records(body: bytes) -> tuple[int, bytes]:
    """(stored CRC32, 0 = not computed; the uncompressed records) of an MCAP chunk record's body."""
    size, crc = struct.unpack_from("<QI", body, 16)
    kind, pos = _string(body, CHUNK_CRC_OFFSET + 4)
    (n,) = struct.unpack_from("<Q", body, pos)
    return crc, _decompress(kind, body[pos + 8 : pos + 8 + n], size)


def _decompress(kind: str, data: bytes, size: int) -> bytes:
    if kind == "":
        return data
    if kind == "zstd":
        try:
            from compression import zstd  # type: ignore[import-not-found]
        except ImportError:
            from backports import zstd  # type: ignore[no-redef]
        return bytes(zstd.decompress(data))
    if kind == "lz4":
        import lz4.frame

        return bytes(lz4.frame.decompress(data))
    raise BagError(f"unknown chunk compression {kind!r}")


def recover_mcap(file: Path) -> tuple[BagInfo, list[BagMessage]]:
    """Messages of every complete record of an MCAP file that may be cut short (no footer)."""
    data = file.read_bytes()
    if not data.startswith(MCAP_MAGIC):
        raise BagError(f"{file} is not an MCAP file")
    info = BagInfo(file, "mcap", recovered=True)
    schemas: dict[int, str] = {}
    channels: dict[int, tuple[str, str]] = {}
    messages: list[BagMessage] = []

    def records(buf: bytes, pos: int, end: int) -> Iterator[tuple[int, bytes]]:
        while pos + 9 <= end:
            opcode, length = struct.unpack_from("<BQ", buf, pos)
            if pos + 9 + length > end:
                info.problems.append(f"record at byte {pos} is cut short ({end - pos - 9} of {length} bytes): dropped")
                return
            yield opcode, buf[pos + 9 : pos + 9 + length]
            pos += 9 + length

    def take(opcode: int, body: bytes) -> None:
        if opcode == 0x03:
            (sid,) = struct.unpack_from("<H", body, 0)
            schemas[sid], _ = _string(body, 2)
        elif opcode == 0x04:
            cid, sid = struct.unpack_from("<HH", body, 0)
            topic, _ = _string(body, 4)
            channels[cid] = (topic, schemas.get(sid, "?"))
        elif opcode == 0x05:
            cid, _, log_time = struct.unpack_from("<HIQ", body, 0)
            if cid in channels:
                topic, type_name = channels[cid]
                messages.append(BagMessage(topic, type_name, log_time, bytes(body[22:])))
        elif opcode == 0x06:
            crc, inner = _chunk_records(body)
            if crc and zlib.crc32(inner) != crc:
                raise BagError("chunk damaged: its CRC does not match; its messages dropped")
            for op, sub in records(inner, 0, len(inner)):
                take(op, sub)

    for opcode, body in records(data, len(MCAP_MAGIC), len(data)):
        try:
            take(opcode, body)
        except (struct.error, BagError, ValueError) as exc:
            info.problems.append(f"unreadable record (opcode {opcode:#x}): {exc}")
    if not messages:
        raise BagError(f"no complete message in {file}: {'; '.join(info.problems) or 'empty'}")
    messages.sort(key=lambda m: m.stamp_ns)
    info.problems.insert(0, "no metadata.yaml: the recorder did not close the bag; read chunk by chunk")
    _summarise(info, messages)
    return info, messages


def write_bag(path: Path, messages: list[BagMessage], storage: str = "mcap") -> None:
    """A new bag with these messages (e.g. what recover_mcap read)."""
    writer = BagWriter(path, storage)
    try:
        for m in messages:
            writer.add_topic(m.topic, m.type_name)
            writer.write(m.topic, m.stamp_ns, m.data)
    finally:
        writer.close()
