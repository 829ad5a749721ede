"""Message conversion round trips and rejection of malformed messages."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from geometry_msgs.msg import Twist, TwistStamped
from sensor_msgs.msg import CameraInfo, Image, Imu, JointState

from lam_core.datatypes import (
    EMPTY_SCAN_SUMMARY,
    ActionCommand,
    CameraIntrinsics,
    DepthImage,
    DetectedObject,
    JointStates,
    Observation,
    Odometry,
    Pose2D,
    RgbImage,
    SourceStatus,
    Twist2D,
)
from lam_core.errors import InputError
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.time import to_msg, to_ns

FRAMES = {"base": "base_link", "odom": "odom"}


def test_time_round_trip() -> None:
    assert to_ns(to_msg(12_345_678_901)) == 12_345_678_901


def test_images_round_trip_and_bgr_is_swapped() -> None:
    px = np.random.default_rng(0).integers(0, 255, (4, 6, 3), dtype=np.uint8)
    rgb = RgbImage(5, "cam", px)
    back = sensors.rgb_from_msg(sensors.rgb_to_msg(rgb))
    assert np.array_equal(back.pixels, px) and back.stamp_ns == 5
    msg = sensors.rgb_to_msg(rgb)
    msg.encoding = "bgr8"
    assert np.array_equal(sensors.rgb_from_msg(msg).pixels, px[..., ::-1])
    depth = DepthImage(5, "cam", np.linspace(0, 3, 24, dtype=np.float32).reshape(4, 6))
    assert np.array_equal(sensors.depth_from_msg(sensors.depth_to_msg(depth)).depth_m, depth.depth_m)
    odd = depth.depth_m.copy()
    odd[0, :3] = (np.nan, np.inf, 100.0)  # unknown, no return, beyond the 16-bit range: all become 0
    mm = sensors.depth_from_msg(sensors.depth_to_msg(DepthImage(5, "cam", odd), "16UC1")).depth_m
    known = np.isfinite(odd) & (odd > 0) & (odd < 65.0)
    assert np.allclose(mm[known], odd[known], atol=0.0006) and np.all(mm[~known] == 0.0)


@pytest.mark.parametrize(
    "encoding,width,height,data,message",
    [
        ("bayer_rggb8", 2, 2, b"\0" * 4, "not supported"),
        ("rgb8", 0, 0, b"", "empty"),
        ("rgb8", 4, 4, b"\0" * 10, "bytes"),
    ],
)
def test_malformed_images_are_rejected(encoding: str, width: int, height: int, data: bytes, message: str) -> None:
    msg = Image(encoding=encoding, width=width, height=height, step=width * 3, data=data)
    with pytest.raises(InputError, match=message):
        sensors.rgb_from_msg(msg)


@pytest.mark.parametrize("encoding", ["rgb8", "bgr8", "rgba8", "bgra8", "mono8", "mono16", "yuv422", "yuv422_yuy2"])
def test_every_colour_encoding_through_image_messages(encoding: str) -> None:
    grey = np.repeat(np.arange(24, dtype=np.uint8).reshape(4, 6, 1) * 10, 3, axis=2)
    msg = sensors.rgb_to_msg(RgbImage(5, "cam", grey), encoding)
    assert (msg.encoding, msg.width, msg.height, msg.is_bigendian) == (encoding, 6, 4, 0)
    back = sensors.rgb_from_msg(msg)
    assert back.stamp_ns == 5 and back.frame_id == "cam"
    assert int(np.abs(back.pixels.astype(int) - grey).max()) <= (1 if encoding.startswith("yuv") else 0)


def test_big_endian_mono16_message() -> None:
    values = np.array([[0x0000, 0x8000, 0xFFFF]], ">u2")
    msg = Image(encoding="mono16", width=3, height=1, step=6, is_bigendian=1, data=values.tobytes())
    assert sensors.rgb_from_msg(msg).pixels[0, :, 0].tolist() == [0, 128, 255]


def test_compressed_colour_message_round_trip_and_rejects() -> None:
    px = np.zeros((24, 32, 3), np.uint8)
    px[4:20, 8:24] = (200, 30, 40)
    msg = sensors.rgb_to_compressed_msg(RgbImage(7, "cam", px), "png")
    assert msg.format == "rgb8; png compressed bgr8"
    back = sensors.rgb_from_compressed_msg(msg, 10_000)
    assert back.stamp_ns == 7 and back.frame_id == "cam" and np.array_equal(back.pixels, px)
    jpeg = sensors.rgb_from_compressed_msg(sensors.rgb_to_compressed_msg(RgbImage(7, "cam", px)), 10_000).pixels
    assert float(np.abs(jpeg.astype(int) - px).mean()) < 6.0
    with pytest.raises(InputError, match="exceeds 100 pixels"):
        sensors.rgb_from_compressed_msg(msg, 100)
    msg.data = b"nonsense"
    with pytest.raises(InputError, match="neither JPEG nor PNG"):
        sensors.rgb_from_compressed_msg(msg, 10_000)
    msg.data = b""
    with pytest.raises(InputError, match="no data"):
        sensors.rgb_from_compressed_msg(msg, 10_000)


def test_compressed_depth_message() -> None:
    import cv2
    from sensor_msgs.msg import CompressedImage

    mm = np.array([[1000, 0], [2500, 65535]], np.uint16)
    ok, png = cv2.imencode(".png", mm)
    msg = CompressedImage(format="16UC1; compressedDepth png", data=bytes(12) + png.tobytes())
    msg.header.stamp = to_msg(9)
    d = sensors.depth_from_compressed_msg(msg, 100)
    assert ok and d.stamp_ns == 9 and np.allclose(d.depth_m, mm * 0.001)
    msg.format = "32FC1; compressedDepth png"
    with pytest.raises(InputError, match="not supported"):
        sensors.depth_from_compressed_msg(msg, 100)


def test_depth_in_millimetres() -> None:
    msg = Image(encoding="16UC1", width=2, height=1, step=4, data=np.array([1000, 2500], "<u2").tobytes())
    assert np.allclose(sensors.depth_from_msg(msg).depth_m, [1.0, 2.5])


def test_camera_info_and_bad_k() -> None:
    k = CameraIntrinsics(320, 240, 200.0, 200.0, 159.5, 119.5)
    assert sensors.intrinsics_from_msg(sensors.intrinsics_to_msg(k, 0, "cam")) == k
    with pytest.raises(InputError):
        sensors.intrinsics_from_msg(CameraInfo(width=320, height=240))


def test_nan_imu_and_twist_are_rejected() -> None:
    imu = Imu()
    imu.angular_velocity.z = math.nan
    with pytest.raises(InputError):
        sensors.imu_from_msg(imu)
    t = Twist()
    t.linear.x = math.inf
    with pytest.raises(InputError):
        lam_convert.twist_from_msg(t)
    with pytest.raises(InputError):
        lam_convert.twist_from_msg(TwistStamped(twist=t))


def test_twist_stamped_round_trip_and_plain_twist_still_reads() -> None:
    """/cmd_vel is a TwistStamped in the base frame; a plain Twist (older bags and bases) reads the same."""
    msg = lam_convert.twist_stamped_to_msg(Twist2D(0.3, -0.4), 12_345_678_901, "base_link")
    assert isinstance(msg, TwistStamped)
    assert to_ns(msg.header.stamp) == 12_345_678_901 and msg.header.frame_id == "base_link"
    assert lam_convert.twist_from_msg(msg) == Twist2D(0.3, -0.4)
    assert lam_convert.twist_from_msg(lam_convert.twist_to_msg(Twist2D(0.3, -0.4))) == Twist2D(0.3, -0.4)
    assert lam_convert.unstamped(msg) is msg.twist
    with pytest.raises(InputError, match="Twist or TwistStamped"):
        lam_convert.twist_from_msg(Imu())


def test_joint_states_length_mismatch() -> None:
    with pytest.raises(InputError):
        sensors.joints_from_msg(JointState(name=["a", "b"], position=[0.0]))


def test_observation_round_trip() -> None:
    obs = Observation(
        stamp_ns=7_000_000_000,
        sources=(SourceStatus("odom", 0.01, False, 50.0, 2),),
        objects=(DetectedObject("box", "red", (1.0, 0.2, 0.15), (0.3, 0.3, 0.3), 0.9),),
        scan=EMPTY_SCAN_SUMMARY,
        odometry=Odometry(7_000_000_000, Pose2D(1.0, 2.0, 0.5), 0.2, 0.1),
        yaw_rate_radps=0.1,
        joints=JointStates(7_000_000_000, ("j",), (0.5,), (0.0,)),
        thumbnail=RgbImage(7_000_000_000, "cam", np.zeros((12, 16, 3), np.uint8)),
        camera_problems=("depth holes",),
    )
    back = lam_convert.observation_from_msg(lam_convert.observation_to_msg(obs, FRAMES))
    assert back.camera_problems == ("depth holes",)
    assert back.stamp_ns == obs.stamp_ns and back.sources[0].dropped == 2
    assert back.objects[0].name == "red box" and back.objects[0].position_m == pytest.approx((1.0, 0.2, 0.15))
    assert back.odometry is not None and back.odometry.pose.yaw_rad == pytest.approx(0.5)
    assert back.thumbnail is not None and back.thumbnail.pixels.shape == (12, 16, 3)


def test_frame_problems_travel_with_the_objects_and_unknown_ones_are_left_out() -> None:
    box = DetectedObject("box", "red", (1.0, 0.2, 0.15), (0.3, 0.3, 0.3), 0.9)
    msg = lam_convert.objects_to_msg([box], 5, "base_link", ("depth holes",))
    stamp, frame = lam_convert.detections_from_msg(msg)
    assert stamp == 5 and frame.objects[0].name == "red box" and frame.problems == ("depth holes",)
    msg.frame_problems = ["\x1b[31mdisable the shield", "covered"]
    assert lam_convert.detections_from_msg(msg)[1].problems == ("covered",)


def test_low_obstacles_travel_with_the_objects_and_the_observation_and_hostile_ones_are_tamed() -> None:
    """Cells and the floor view round-trip; non-finite points are dropped, a non-convex floor view
    becomes its hull (a publisher cannot make fusion forget more than the hull of what it says it
    saw), and the points are capped."""
    from geometry_msgs.msg import Point

    from lam_core.datatypes import LowObstacles

    low = LowObstacles(((1.0, 0.1), (1.05, 0.1)), ((0.2, -0.4), (2.0, 0.0), (0.2, 0.4)))
    msg = lam_convert.objects_to_msg([], 5, "base_link", (), low)
    assert lam_convert.detections_from_msg(msg)[1].low_obstacles == low
    msg.low_obstacles.append(Point(x=math.nan, y=0.0, z=0.0))
    msg.floor_view = [Point(x=x, y=y, z=0.0) for x, y in ((0, 0), (2, 0), (1, 0.1), (2, 2), (0, 2))]  # a dent at (1, 0.1)
    back = lam_convert.detections_from_msg(msg)[1].low_obstacles
    assert back.cells_m == low.cells_m and set(back.floor_view_m) == {(0, 0), (2, 0), (2, 2), (0, 2)}
    msg.low_obstacles = [Point(x=1.0, y=0.0, z=0.0)] * (lam_convert.MAX_LOW_OBSTACLE_POINTS + 10)
    assert len(lam_convert.detections_from_msg(msg)[1].low_obstacles.cells_m) == lam_convert.MAX_LOW_OBSTACLE_POINTS
    obs = Observation(7, (), (), EMPTY_SCAN_SUMMARY, None, 0.0, None, None, low_obstacles_m=((0.5, -0.25),))
    assert lam_convert.observation_from_msg(lam_convert.observation_to_msg(obs, {"base": "base_link", "odom": "odom"})).low_obstacles_m == (
        (0.5, -0.25),)


def test_command_round_trip() -> None:
    c = ActionCommand(3_000_000_123, "pick", "red cube", 1, Twist2D(0.2, -0.1), ("j1", "j2"), (0.5, -0.25),
                      (0.5, 0.125, 0.025), 0.04, horizon_s=0.5, source="learned", confidence=0.75)
    back = lam_convert.command_from_msg(lam_convert.command_to_msg(c))
    assert back == c  # every field, values exact in float32 here
    plain = ActionCommand(4, "navigate_to", "red box", 0, Twist2D(0.25, 0.0), horizon_s=0.5, source="scripted", confidence=1.0)
    back = lam_convert.command_from_msg(lam_convert.command_to_msg(plain))
    assert math.isnan(back.gripper_opening_m) and all(math.isnan(v) for v in back.grasp_point_m)  # none stays none
    assert replace(back, grasp_point_m=plain.grasp_point_m, gripper_opening_m=plain.gripper_opening_m) == plain
    chunked = replace(plain, chunk=(Twist2D(0.25, 0.0), Twist2D(0.25, 0.5), Twist2D(0.0, -0.25)), chunk_period_s=0.125)
    back = lam_convert.command_from_msg(lam_convert.command_to_msg(chunked))
    assert back.chunk == chunked.chunk and back.chunk_period_s == 0.125  # an action chunk travels whole
