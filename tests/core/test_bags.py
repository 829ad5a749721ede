"""Bags: writing and reading MCAP and sqlite3, recovery of a killed recording, and clear errors
for truncated, corrupt, incomplete, mistyped and time-jumping bags."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from rclpy.serialization import serialize_message
from sensor_msgs.msg import Image

from lam_core.config import load_config
from lam_core.paths import config_file
from lam_tools.bags import BagError, BagMessage, BagWriter, add_contract_topics, read_bag, write_bag
from lam_tools.replay_diff import ReplayConfig

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "goto_train_0"
CFG = load_config(ReplayConfig, config_file("replay.yaml"), "replay")


def _image(stamp_ns: int, size: int = 200_000) -> bytes:
    """An incompressible mono8 image (so chunks fill up as with camera data)."""
    noise = np.random.default_rng(stamp_ns).integers(0, 256, size, dtype=np.uint8).tobytes()
    msg = Image(height=1, width=size, encoding="mono8", step=size, data=noise)
    msg.header.stamp.sec, msg.header.stamp.nanosec = divmod(stamp_ns, 1_000_000_000)
    return serialize_message(msg)


@pytest.mark.parametrize("storage", ["mcap", "sqlite3"])
def test_written_bags_read_back_with_types_counts_and_times(tmp_path: Path, storage: str) -> None:
    writer = BagWriter(tmp_path / "bag", storage)
    writer.add_topic("/lam/thumbnail", "sensor_msgs/Image")
    for k in range(5):
        writer.write("/lam/thumbnail", 1_000_000_000 + k * 100_000_000, _image(k, 1000))
    writer.close()
    info, messages = read_bag(tmp_path / "bag")
    assert info.storage == storage and info.counts["/lam/thumbnail"] == 5
    assert info.types["/lam/thumbnail"] == "sensor_msgs/msg/Image"
    assert info.duration_s == pytest.approx(0.4) and not info.problems
    assert [m.stamp_ns for m in messages] == sorted(m.stamp_ns for m in messages)
    with pytest.raises(BagError, match="already exists"):
        BagWriter(tmp_path / "bag")


def test_chunks_carry_a_crc_so_a_damaged_chunk_is_reported_not_read_altered(tmp_path: Path) -> None:
    writer = BagWriter(tmp_path / "bag")
    writer.add_topic("/lam/thumbnail", "sensor_msgs/Image")
    for k in range(5):  # noise: zstd stores it as raw blocks, where damage decompresses without an error
        writer.write("/lam/thumbnail", 1_000_000_000 + k, _image(k, 3000))
    writer.close()
    mcap = next((tmp_path / "bag").glob("*.mcap"))
    data = bytearray(mcap.read_bytes())
    name = data.index(b"zstd")  # the first chunk's compression: after opcode, length, times, size, CRC
    chunk = name - 4 - 28 - 9
    assert data[chunk] == 0x06 and int.from_bytes(data[chunk + 9 + 24 : chunk + 9 + 28], "little") != 0
    payload = name + 4 + 8
    data[payload + 500 : payload + 508] = bytes(255 - b for b in data[payload + 500 : payload + 508])
    mcap.write_bytes(bytes(data))
    with pytest.raises(BagError, match="nothing readable.*checksum mismatch"):
        read_bag(tmp_path / "bag")  # the damaged chunk was the only one
    (tmp_path / "bag" / "metadata.yaml").unlink()  # the same damage, read chunk by chunk
    with pytest.raises(BagError, match="chunk damaged: its CRC does not match"):
        read_bag(tmp_path / "bag")


def test_contract_topics_carry_their_offered_qos_into_the_metadata(tmp_path: Path) -> None:
    import yaml

    writer = BagWriter(tmp_path / "bag")
    add_contract_topics(writer, ("scan", "plan"))
    writer.close()
    meta = yaml.safe_load((tmp_path / "bag" / "metadata.yaml").read_text())["rosbag2_bagfile_information"]
    qos = {t["topic_metadata"]["name"]: t["topic_metadata"]["offered_qos_profiles"][0] for t in meta["topics_with_message_count"]}
    # Offered as drivers offer it (REP 2003: reliable); subscribers ask for best effort.
    assert (qos["/scan"]["reliability"], qos["/scan"]["durability"], qos["/scan"]["depth"]) == ("reliable", "volatile", 5)
    assert (qos["/lam/plan"]["reliability"], qos["/lam/plan"]["durability"]) == ("reliable", "transient_local")


def test_a_bag_cut_short_without_metadata_keeps_every_complete_chunk(tmp_path: Path) -> None:
    writer = BagWriter(tmp_path / "bag")
    writer.add_topic("/lam/thumbnail", "sensor_msgs/Image")
    for k in range(20):  # 4 MB: several 1 MB chunks
        writer.write("/lam/thumbnail", k * 10_000_000 + 1, _image(k))
    writer.close()
    mcap = next((tmp_path / "bag").glob("*.mcap"))
    data = mcap.read_bytes()
    (tmp_path / "bag" / "metadata.yaml").unlink()
    mcap.write_bytes(data[: len(data) * 2 // 3])  # as if killed while writing
    info, messages = read_bag(tmp_path / "bag")
    assert info.recovered and 5 <= len(messages) < 20
    assert any("metadata.yaml" in p for p in info.problems) and any("cut short" in p for p in info.problems)
    write_bag(tmp_path / "repaired", messages)
    assert read_bag(tmp_path / "repaired")[0].counts["/lam/thumbnail"] == len(messages)


def test_unreadable_bags_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(BagError, match="no bag at"):
        read_bag(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BagError, match="neither metadata.yaml nor"):
        read_bag(tmp_path / "empty")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "junk.mcap").write_bytes(b"not an mcap file at all")
    with pytest.raises(BagError, match="not an MCAP file"):
        read_bag(tmp_path / "junk")


def test_a_corrupt_golden_bag_reports_what_it_read(tmp_path: Path) -> None:
    bag = tmp_path / "corrupt"
    shutil.copytree(GOLDEN, bag)
    mcap = next(bag.glob("*.mcap"))
    data = bytearray(mcap.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xff" * 4096
    mcap.write_bytes(bytes(data))
    _, original = read_bag(GOLDEN)
    info, messages = read_bag(bag)  # the damage is in the middle: what comes before it is read
    assert 0 < len(messages) < len(original)
    assert [p for p in info.problems if p.startswith(f"reading stopped after {len(messages)} messages")], info.problems
    assert [m.data for m in messages] == [m.data for m in original[: len(messages)]]


def _replay_plan(bag: Path):  # type: ignore[no-untyped-def]
    from lam_bringup.replay import load_replay_plan

    return load_replay_plan(bag, CFG)


def test_the_golden_bag_is_a_complete_replay_input() -> None:
    plan = _replay_plan(GOLDEN)
    assert plan.goal == "go to the red box" and plan.goal_ns > 0
    assert len(plan.inputs) > 500 and plan.outputs


def _filtered(tmp_path: Path, keep) -> Path:  # type: ignore[no-untyped-def]
    _, messages = read_bag(GOLDEN)
    out = tmp_path / "filtered"
    write_bag(out, [m for m in messages if keep(m)])
    return out


def test_a_recorded_microphone_is_replayed_with_the_sensors(tmp_path: Path) -> None:

    from lam_core.voice.audio import encode_pcm
    from lam_ros import contract_io

    _, messages = read_bag(GOLDEN)
    first, last = messages[0].stamp_ns, messages[-1].stamp_ns
    chunk_type = contract_io.topic_type("microphone")
    audio = []
    for t in range(first, last, 50_000_000):
        pcm = encode_pcm(np.zeros(800, np.float32))
        msg = chunk_type(channels=1, sample_rate=16000, sample_format="S16LE", coding_format="wave", data=pcm.data)
        audio.append(BagMessage("/audio/microphone", "lam_interfaces/msg/AudioChunk", t, serialize_message(msg)))
    write_bag(tmp_path / "voiced", sorted([*messages, *audio], key=lambda m: m.stamp_ns))
    plan = _replay_plan(tmp_path / "voiced")
    replayed = [m for m in plan.inputs if m.topic == "/audio/microphone"]
    assert len(replayed) == len(audio) and len(plan.inputs) == len(_replay_plan(GOLDEN).inputs) + len(audio)


def test_bags_missing_required_topics_are_refused_naming_them(tmp_path: Path) -> None:
    bag = _filtered(tmp_path, lambda m: m.topic not in ("/scan", "/imu/data"))
    with pytest.raises(BagError, match=r"lacks required input topics: /scan, /imu/data|lacks required input topics: /imu/data, /scan"):
        _replay_plan(bag)


def test_bags_with_a_clock_jump_are_refused(tmp_path: Path) -> None:
    _, messages = read_bag(GOLDEN)
    cut = messages[len(messages) // 2].stamp_ns
    jumped = [BagMessage(m.topic, m.type_name, m.stamp_ns + (3600 * 10**9 if m.stamp_ns > cut else 0), m.data) for m in messages]
    write_bag(tmp_path / "jump", jumped)
    with pytest.raises(BagError, match="clock jump of 3600"):
        _replay_plan(tmp_path / "jump")


def test_bags_with_unexpected_message_types_are_refused(tmp_path: Path) -> None:
    _, messages = read_bag(GOLDEN)
    wrong = [BagMessage(m.topic, "sensor_msgs/msg/Image" if m.topic == "/scan" else m.type_name, m.stamp_ns,
                        _image(0, 10) if m.topic == "/scan" else m.data) for m in messages]
    write_bag(tmp_path / "wrong", wrong)
    with pytest.raises(BagError, match="/scan is sensor_msgs/msg/Image, expected sensor_msgs/msg/LaserScan"):
        _replay_plan(tmp_path / "wrong")


def test_an_independent_mcap_reader_decodes_every_message_from_the_schemas_in_the_file() -> None:
    """What Foxglove does with a bag: read the MCAP summary and decode each message from the
    ros2msg schema stored in the file, without the ROS message packages. The `mcap` library does
    the same, independently of rosbags and rclpy; its values must equal rclpy's."""
    from mcap.reader import make_reader
    from mcap_ros2.decoder import DecoderFactory
    from rclpy.serialization import deserialize_message

    from lam_ros import contract_io

    info, messages = read_bag(GOLDEN)
    mcap_file = next(GOLDEN.glob("*.mcap"))
    with mcap_file.open("rb") as fh:
        reader = make_reader(fh, decoder_factories=[DecoderFactory()])
        assert reader.get_header().profile == "ros2"
        summary = reader.get_summary()
        assert summary is not None and summary.statistics is not None and summary.chunk_indexes
        assert {s.encoding for s in summary.schemas.values()} == {"ros2msg"}
        decoded = [(channel.topic, message.log_time, value) for _, channel, message, value in reader.iter_decoded_messages()]
    assert summary.statistics.message_count == len(messages) == len(decoded)
    assert {t: sum(1 for d in decoded if d[0] == t) for t in info.counts} == dict(info.counts)
    observations = [m for m in messages if m.topic == "/lam/observation"]
    ours = deserialize_message(observations[-1].data, contract_io.topic_type("observation"))
    theirs = next(v for t, stamp, v in reversed(decoded) if t == "/lam/observation")
    assert (theirs.header.stamp.sec, theirs.header.stamp.nanosec) == (ours.header.stamp.sec, ours.header.stamp.nanosec)
    assert [(o.color, o.label, o.position_m.x) for o in theirs.objects] == [(o.color, o.label, o.position_m.x) for o in ours.objects]
    assert ours.objects
    assert theirs.odom.pose.pose.position.x == ours.odom.pose.pose.position.x
    assert bytes(theirs.thumbnail.data) == bytes(ours.thumbnail.data) and len(ours.thumbnail.data) > 0
    assert [s.name for s in theirs.sources] == [s.name for s in ours.sources]


def test_bags_from_before_cmd_vel_was_stamped_still_replay(tmp_path: Path) -> None:
    """/cmd_vel recorded as geometry_msgs/Twist (before the contract made it TwistStamped) is
    accepted by the replay and decodes to the same twists; any other type is still refused."""
    from geometry_msgs.msg import TwistStamped
    from rclpy.serialization import deserialize_message

    from lam_bringup.replay import decode_outputs

    _, messages = read_bag(GOLDEN)
    stamped = [m for m in messages if m.topic == "/cmd_vel"]
    assert stamped and all(m.type_name == "geometry_msgs/msg/TwistStamped" for m in stamped)
    old = [BagMessage(m.topic, "geometry_msgs/msg/Twist", m.stamp_ns, serialize_message(deserialize_message(m.data, TwistStamped).twist))
           if m.topic == "/cmd_vel" else m for m in messages]
    write_bag(tmp_path / "old", old)
    plan = _replay_plan(tmp_path / "old")
    span = (0, max(m.stamp_ns for m in messages))
    twists = decode_outputs(plan.outputs, *span).cmd_vel
    assert len(twists) == len(stamped) and twists == decode_outputs(_replay_plan(GOLDEN).outputs, *span).cmd_vel
    wrong = [BagMessage(m.topic, "geometry_msgs/msg/Vector3" if m.topic == "/cmd_vel" else m.type_name, m.stamp_ns, m.data)
             for m in messages]
    write_bag(tmp_path / "wrong", wrong)
    with pytest.raises(BagError, match="/cmd_vel is geometry_msgs/msg/Vector3, expected geometry_msgs/msg/TwistStamped or"):
        _replay_plan(tmp_path / "wrong")
