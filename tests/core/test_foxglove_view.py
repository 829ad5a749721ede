"""The ROS-free part of `lam view` (lam_tools.foxglove_view): schema text, JPEG/PNG recompression
of Image CDR, header stamps from CDR, the channel tables (live and bag), the layout's topics,
playback pacing and the subscriber count. Fast, no DDS."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import yaml

from lam_core.contract import contract
from lam_tools import foxglove_view as fv
from lam_tools.bags import BagError

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "goto_train_0"
LAYOUT = REPO / "config" / "foxglove_layout.json"
SEPARATOR = "=" * 80


def _image_cdr(pixels: np.ndarray, encoding: str, step: int | None = None, sec: int = 7, nanosec: int = 250_000_000) -> bytes:
    store = fv.view_typestore()
    height, width = pixels.shape[:2]
    row = pixels.reshape(height, -1).view(np.uint8)
    step = step or row.shape[1]
    padded = np.zeros((height, step), dtype=np.uint8)
    padded[:, : row.shape[1]] = row
    types = store.types
    header = types["std_msgs/msg/Header"](stamp=types["builtin_interfaces/msg/Time"](sec=sec, nanosec=nanosec),
                                          frame_id="camera_color_optical_frame")
    msg = types[fv.IMAGE_TYPE](header=header, height=height, width=width, encoding=encoding, is_bigendian=0,
                               step=step, data=padded.reshape(-1))
    return bytes(store.serialize_cdr(msg, fv.IMAGE_TYPE))


def _decompressed(data: bytes) -> tuple[Any, np.ndarray]:
    msg = fv.view_typestore().deserialize_cdr(data, fv.COMPRESSED_TYPE)
    return msg, cv2.imdecode(np.asarray(msg.data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)


# ---------------------------------------------------------------- schema text
def _sections(text: str) -> dict[str, str]:
    """Type name -> its fields, of a concatenated ROS 2 definition ("" for the top type)."""
    parts = text.split(SEPARATOR + "\n")
    out = {"": parts[0]}
    for part in parts[1:]:
        first, _, body = part.partition("\n")
        assert first.startswith("MSG: "), part
        out[first[5:]] = body
    return out


def _complex_types(fields: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9_]+/[A-Za-z0-9_]+)(?:\[[^\]]*\])? \w+$", fields, re.M)}


@pytest.mark.parametrize("type_name", ["lam_interfaces/msg/Plan", "sensor_msgs/msg/CompressedImage",
                                       "tf2_msgs/msg/TFMessage", "visualization_msgs/msg/MarkerArray",
                                       "diagnostic_msgs/msg/DiagnosticArray", fv.feedback_type()[0]])
def test_definitions_are_complete(type_name: str) -> None:
    sections = _sections(fv.message_definition(type_name))
    for body in sections.values():
        missing = _complex_types(body) - set(sections)
        assert not missing, (type_name, missing)


def test_plan_definition_is_the_one_rosbag2_files_hold() -> None:
    text = fv.message_definition("lam_interfaces/Plan")
    assert text.startswith("std_msgs/Header header\nstring goal\n")
    assert "MSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n" in text
    bag = {t.topic: t for t in fv.bag_topics(GOLDEN)}
    assert bag["/lam/plan"].definition == text and bag["/lam/plan"].definition_encoding == "ros2msg"


def test_compressed_image_and_feedback_definitions() -> None:
    image = _sections(fv.message_definition(fv.COMPRESSED_TYPE))
    assert image[""] == "std_msgs/Header header\nstring format\nuint8[] data\n"
    ros_name, _ = fv.feedback_type()
    assert ros_name == "lam_interfaces/action/ExecuteGoal_FeedbackMessage"
    feedback = _sections(fv.message_definition(ros_name))
    assert feedback[""] == "unique_identifier_msgs/UUID goal_id\nlam_interfaces/ExecuteGoal_Feedback feedback\n"
    assert feedback["unique_identifier_msgs/UUID"] == "uint8[16] uuid\n"
    assert feedback["lam_interfaces/ExecuteGoal_Feedback"].startswith("lam_interfaces/Plan plan\nuint32 current_step\n")


def test_unknown_type_is_a_view_error() -> None:
    with pytest.raises(fv.ViewError, match="no message definition for nope_msgs/msg/Nothing"):
        fv.message_definition("nope_msgs/msg/Nothing")


# ---------------------------------------------------------------- images
def _pattern(height: int = 48, width: int = 64) -> np.ndarray:
    """An RGB picture: red left half, blue right half."""
    rgb = np.zeros((height, width, 3), dtype=np.uint8)
    rgb[:, : width // 2] = (220, 30, 30)
    rgb[:, width // 2 :] = (30, 30, 220)
    return rgb


@pytest.mark.parametrize("encoding", ["rgb8", "bgr8"])
def test_jpeg_round_trip_keeps_header_size_and_colours(encoding: str) -> None:
    rgb = _pattern()
    pixels = rgb if encoding == "rgb8" else rgb[:, :, ::-1].copy()
    msg, bgr = _decompressed(fv.compress_image(_image_cdr(pixels, encoding, step=64 * 3 + 8), quality=90))
    assert msg.format == "jpeg"
    assert (msg.header.stamp.sec, msg.header.stamp.nanosec, msg.header.frame_id) == (7, 250_000_000, "camera_color_optical_frame")
    assert bgr.shape == (48, 64, 3)
    decoded = bgr[:, :, ::-1].astype(int)
    assert np.abs(decoded - rgb.astype(int)).mean() < 6.0
    assert decoded[24, 10, 0] > 180 and decoded[24, 54, 2] > 180  # red stays left, blue right


def test_a_camera_frame_shrinks_about_thirty_times() -> None:
    frame = next(m for m in fv.bag_messages(GOLDEN) if m.topic == "/camera/color/image_raw").data
    compressed = fv.compress_image(frame)
    assert len(frame) > 200_000 and len(compressed) < len(frame) / 10
    _, bgr = _decompressed(compressed)
    assert bgr.shape == (240, 320, 3)


def test_depth_goes_lossless_as_png() -> None:
    depth = (np.arange(48 * 64, dtype=np.uint16).reshape(48, 64) * 7).astype("<u2")
    msg, decoded = _decompressed(fv.compress_image(_image_cdr(depth, "16UC1")))
    assert msg.format == "png" and decoded.dtype == np.uint16
    assert np.array_equal(decoded, depth)


def test_bad_images_are_view_errors() -> None:
    good = _image_cdr(_pattern(), "rgb8")
    with pytest.raises(fv.ViewError, match="not a sensor_msgs/Image"):
        fv.compress_image(good[:40])
    with pytest.raises(fv.ViewError, match="cannot compress '32FC1'"):
        fv.compress_image(_image_cdr(np.zeros((4, 4), dtype=np.float32), "32FC1"))
    store = fv.view_typestore()
    msg = store.deserialize_cdr(good, fv.IMAGE_TYPE)
    lying = store.types[fv.IMAGE_TYPE](header=msg.header, height=480, width=640, encoding="rgb8", is_bigendian=0,
                                       step=640 * 3, data=msg.data)
    with pytest.raises(fv.ViewError, match="does not fit"):
        fv.compress_image(bytes(store.serialize_cdr(lying, fv.IMAGE_TYPE)))


# ---------------------------------------------------------------- stamps
def test_header_stamps_from_cdr() -> None:
    image = _image_cdr(_pattern(), "rgb8", sec=12, nanosec=5)
    assert fv.stamp_kind("sensor_msgs/Image") == fv.STAMP_HEADER
    assert fv.header_stamp_ns(image, fv.STAMP_HEADER) == 12_000_000_005
    assert fv.header_stamp_ns(image[:8], fv.STAMP_HEADER) is None
    assert fv.header_stamp_ns(_image_cdr(_pattern(), "rgb8", sec=0, nanosec=0), fv.STAMP_HEADER) is None
    assert fv.stamp_kind("std_msgs/String") == fv.STAMP_NONE
    assert fv.stamp_kind(fv.feedback_type()[0]) == fv.STAMP_NONE
    assert fv.stamp_kind("tf2_msgs/TFMessage") == fv.stamp_kind("visualization_msgs/MarkerArray") == fv.STAMP_FIRST_ITEM
    tf = next(m for m in fv.bag_messages(GOLDEN) if m.topic == "/tf")
    store = fv.view_typestore()
    first = store.deserialize_cdr(tf.data, "tf2_msgs/msg/TFMessage").transforms[0].header.stamp
    assert fv.header_stamp_ns(tf.data, fv.STAMP_FIRST_ITEM) == first.sec * 1_000_000_000 + first.nanosec
    empty = bytes(store.serialize_cdr(store.types["tf2_msgs/msg/TFMessage"](transforms=[]), "tf2_msgs/msg/TFMessage"))
    assert fv.header_stamp_ns(empty, fv.STAMP_FIRST_ITEM) is None
    clock = store.types["rosgraph_msgs/msg/Clock"](clock=store.types["builtin_interfaces/msg/Time"](sec=3, nanosec=40))
    assert fv.clock_stamp_ns(bytes(store.serialize_cdr(clock, "rosgraph_msgs/msg/Clock"))) == 3_000_000_040


# ---------------------------------------------------------------- channel tables
def test_live_channels_resolve_in_the_namespace() -> None:
    channels = {c.key: c for c in fv.live_channels("/r1")}
    assert set(channels) == {*fv.LIVE_KEYS, fv.FEEDBACK_KEY}
    camera = channels["color_image"]
    assert (camera.source_topic, camera.topic) == ("/r1/camera/color/image_raw", "/r1/camera/color/image_raw/compressed")
    assert camera.compress and camera.schema_name == fv.COMPRESSED_TYPE and camera.source_type == fv.IMAGE_TYPE
    assert camera.qos == contract().qos["SENSOR"] and camera.stamp == fv.STAMP_HEADER
    assert channels["debug_image"].topic == "/r1/lam/debug/objects_image/compressed"
    plan = channels["plan"]
    assert (plan.topic, plan.schema_name, plan.latched) == ("/r1/lam/plan", "lam_interfaces/msg/Plan", True)
    assert plan.schema == fv.message_definition("lam_interfaces/msg/Plan")
    assert {k for k, c in channels.items() if c.latched} == {"plan", "tf_static", "robot_description"}
    assert channels[fv.FEEDBACK_KEY].topic == "/r1/lam/execute_goal/_action/feedback"
    assert all(c.schema_encoding == "ros2msg" for c in channels.values())
    assert {c.topic for c in fv.live_channels("/")} >= {"/tf", "/scan", "/lam/markers", "/diagnostics", "/cmd_vel"}


def test_bag_channels_keep_the_bag_schemas_and_compress_images() -> None:
    topics = fv.bag_topics(GOLDEN)
    channels = {c.source_topic: c for c in fv.bag_channels(topics)}
    assert set(channels) == {t.topic for t in topics}
    camera = channels["/camera/color/image_raw"]
    assert camera.compress and camera.topic == "/camera/color/image_raw/compressed"
    definitions = {t.topic: t.definition for t in topics}
    assert channels["/lam/plan"].schema == definitions["/lam/plan"] and channels["/lam/plan"].latched
    assert not channels["/cmd_vel"].compress and channels["/cmd_vel"].topic == "/cmd_vel"


def test_a_bag_with_its_own_compressed_topic_keeps_the_raw_one_raw() -> None:
    topics = [fv.BagTopic("/cam", fv.IMAGE_TYPE), fv.BagTopic("/cam/compressed", fv.COMPRESSED_TYPE),
              fv.BagTopic("/odd", "odd_msgs/msg/Thing")]
    warnings: list[str] = []
    channels = {c.source_topic: c for c in fv.bag_channels(topics, warnings.append)}
    assert not channels["/cam"].compress and channels["/cam"].topic == "/cam"
    assert channels["/cam/compressed"].schema == fv.message_definition(fv.COMPRESSED_TYPE)
    assert "/odd" not in channels and "odd_msgs/msg/Thing" in warnings[0]


def test_missing_bag_is_a_bag_error(tmp_path: Path) -> None:
    with pytest.raises(BagError, match="no bag at"):
        fv.bag_topics(tmp_path / "nothing")
    with pytest.raises(BagError, match="cannot open bag"):
        fv.bag_topics(GOLDEN / "metadata.yaml")


def test_bag_messages_stream_the_whole_bag_in_order() -> None:
    stamps = [m.stamp_ns for m in fv.bag_messages(GOLDEN)]
    info = yaml.safe_load((GOLDEN / "metadata.yaml").read_text(encoding="utf-8"))["rosbag2_bagfile_information"]
    assert len(stamps) == info["message_count"] > 1000
    assert stamps == sorted(stamps)


def test_the_layout_names_served_topics_only() -> None:
    layout = json.loads(LAYOUT.read_text(encoding="utf-8"))
    served = {c.topic for c in fv.live_channels("/")}
    configs = layout["configById"]
    kinds = {panel_id.split("!")[0] for panel_id in configs}
    assert {"Image", "3D", "RawMessages", "DiagnosticSummary", "Plot"} <= kinds

    def panels(node: Any) -> list[str]:
        return [node] if isinstance(node, str) else panels(node["first"]) + panels(node["second"])

    assert sorted(panels(layout["layout"])) == sorted(configs)
    image = next(v for k, v in configs.items() if k.startswith("Image!"))["imageMode"]
    three_d = next(v for k, v in configs.items() if k.startswith("3D!"))
    urdf = next(layer for layer in three_d["layers"].values() if layer["layerId"] == "foxglove.Urdf")
    named = {image["imageTopic"], image["calibrationTopic"], urdf["topic"], *three_d["topics"]}
    named |= {v["topicPath"] for k, v in configs.items() if k.startswith("RawMessages!")}
    named |= {v["topicToRender"] for k, v in configs.items() if k.startswith("DiagnosticSummary!")}
    named |= {p["value"].split(".")[0] for k, v in configs.items() if k.startswith("Plot!") for p in v["paths"]}
    assert image["imageTopic"] == "/lam/debug/objects_image/compressed"
    assert named <= served, named - served


# ---------------------------------------------------------------- pacing, subscribers
def test_pacer_plays_bag_time_at_the_rate() -> None:
    pacer = fv.Pacer(rate=2.0)
    assert pacer.delay_s(5_000_000_000, now_s=100.0) == 0.0  # the first message anchors
    assert pacer.delay_s(6_000_000_000, now_s=100.1) == pytest.approx(0.4)  # 1 s of bag time in 0.5 s
    assert pacer.delay_s(6_000_000_000, now_s=100.5) == 0.0
    # Fell behind by more than max_lag_s: re-anchored, no burst to catch up.
    assert pacer.delay_s(7_000_000_000, now_s=110.0) == 0.0
    assert pacer.delay_s(8_000_000_000, now_s=110.0) == pytest.approx(0.5)
    pacer.reset(0, now_s=0.0)
    assert pacer.delay_s(2_000_000_000, now_s=0.0) == pytest.approx(1.0)
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            fv.Pacer(rate=bad)


def test_subscriber_count_reports_first_and_last() -> None:
    count = fv.SubscriberCount()
    assert count.add(1, 10) is True
    assert count.add(2, 10) is False and count.add(2, 10) is False
    assert count.add(1, 11) is True
    assert count.channels() == {10, 11} and count.count(10) == 2
    assert count.remove(1, 10) is False
    assert count.remove(3, 10) is False  # never subscribed
    assert count.remove(2, 10) is True and count.remove(2, 10) is False
    assert count.remove(1, 11) is True and count.channels() == set()
