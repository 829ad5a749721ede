"""sensor_msgs / nav_msgs <-> lam_core sensor types. Malformed messages raise InputError."""

from __future__ import annotations

import math

import numpy as np
from geometry_msgs.msg import Quaternion
from nav_msgs.msg import Odometry as OdometryMsg
from sensor_msgs.msg import CameraInfo, Image, Imu, JointState
from sensor_msgs.msg import LaserScan as LaserScanMsg

from lam_core.datatypes import (
    CameraIntrinsics,
    DepthImage,
    ImuSample,
    JointStates,
    LaserScan,
    Odometry,
    Pose2D,
    RgbImage,
)
from lam_core.errors import InputError
from lam_core.geometry import quat_xyzw_from_yaw, yaw_from_quat_xyzw
from lam_ros.convert.time import to_msg, to_ns

_BYTES_PER_PIXEL = {"rgb8": 3, "bgr8": 3, "32FC1": 4, "16UC1": 2}


def _pixels(msg: Image, channels: int, dtype: type) -> np.ndarray:
    bpp = _BYTES_PER_PIXEL[msg.encoding]
    if msg.width == 0 or msg.height == 0:
        raise InputError(f"{msg.encoding} image is empty ({msg.width}x{msg.height})")
    if msg.step < msg.width * bpp or len(msg.data) < msg.step * msg.height:
        raise InputError(f"{msg.encoding} image {msg.width}x{msg.height}: step {msg.step}, {len(msg.data)} bytes")
    rows = np.frombuffer(bytes(msg.data), dtype=np.uint8)[: msg.step * msg.height].reshape(msg.height, msg.step)
    arr = rows[:, : msg.width * bpp].copy().view(dtype)
    if msg.is_bigendian and np.dtype(dtype).itemsize > 1:
        arr = arr.byteswap()
    return arr.reshape(msg.height, msg.width, channels) if channels > 1 else arr.reshape(msg.height, msg.width)


def rgb_from_msg(msg: Image) -> RgbImage:
    if msg.encoding not in ("rgb8", "bgr8"):
        raise InputError(f"colour image encoding {msg.encoding!r} not supported (rgb8, bgr8)")
    px = _pixels(msg, 3, np.uint8)
    if msg.encoding == "bgr8":
        px = np.ascontiguousarray(px[..., ::-1])
    return RgbImage(to_ns(msg.header.stamp), msg.header.frame_id, px)


def depth_from_msg(msg: Image) -> DepthImage:
    """32FC1 metres or 16UC1 millimetres -> float32 metres; non-finite and 0 mean unknown."""
    if msg.encoding == "32FC1":
        d = _pixels(msg, 1, np.float32).astype(np.float32)
    elif msg.encoding == "16UC1":
        d = _pixels(msg, 1, np.uint16).astype(np.float32) * 0.001
    else:
        raise InputError(f"depth image encoding {msg.encoding!r} not supported (32FC1, 16UC1)")
    return DepthImage(to_ns(msg.header.stamp), msg.header.frame_id, d)


def _image_msg(stamp_ns: int, frame_id: str, pixels: np.ndarray, encoding: str) -> Image:
    """Image message of a C-contiguous little-endian HxW or HxWxC array."""
    msg = Image()
    msg.header.stamp = to_msg(stamp_ns)
    msg.header.frame_id = frame_id
    msg.height, msg.width = int(pixels.shape[0]), int(pixels.shape[1])
    msg.encoding = encoding
    msg.step = msg.width * _BYTES_PER_PIXEL[encoding]
    msg.data = np.ascontiguousarray(pixels).tobytes()
    return msg


def rgb_to_msg(img: RgbImage) -> Image:
    return _image_msg(img.stamp_ns, img.frame_id, img.pixels.astype(np.uint8, copy=False), "rgb8")


DEPTH_ENCODINGS = ("32FC1", "16UC1")
MAX_16UC1_M = 65.535


def depth_to_msg(img: DepthImage, encoding: str = "32FC1") -> Image:
    """32FC1 metres, or 16UC1 millimetres as RGB-D cameras publish it (unknown and out of range = 0)."""
    if encoding == "16UC1":
        d = img.depth_m
        ok = np.isfinite(d) & (d > 0) & (d <= MAX_16UC1_M)
        mm = np.where(ok, np.rint(np.where(ok, d, 0.0) * 1000.0), 0).astype("<u2")
        return _image_msg(img.stamp_ns, img.frame_id, mm, "16UC1")
    if encoding != "32FC1":
        raise InputError(f"depth encoding {encoding!r} not one of {DEPTH_ENCODINGS}")
    return _image_msg(img.stamp_ns, img.frame_id, img.depth_m.astype("<f4", copy=False), "32FC1")


def intrinsics_from_msg(msg: CameraInfo) -> CameraIntrinsics:
    k = list(msg.k)
    if msg.width == 0 or msg.height == 0 or len(k) != 9 or not all(math.isfinite(v) for v in k) or k[0] <= 0 or k[4] <= 0:
        raise InputError(f"camera_info {msg.width}x{msg.height} with K={k} is not usable")
    return CameraIntrinsics(int(msg.width), int(msg.height), k[0], k[4], k[2], k[5])


def intrinsics_to_msg(k: CameraIntrinsics, stamp_ns: int, frame_id: str) -> CameraInfo:
    msg = CameraInfo()
    msg.header.stamp = to_msg(stamp_ns)
    msg.header.frame_id = frame_id
    msg.width, msg.height = k.width, k.height
    msg.distortion_model = "plumb_bob"
    msg.d = [0.0] * 5
    msg.k = [k.fx, 0.0, k.cx, 0.0, k.fy, k.cy, 0.0, 0.0, 1.0]
    msg.r = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
    msg.p = [k.fx, 0.0, k.cx, 0.0, 0.0, k.fy, k.cy, 0.0, 0.0, 0.0, 1.0, 0.0]
    return msg


def scan_from_msg(msg: LaserScanMsg) -> LaserScan:
    return LaserScan(
        to_ns(msg.header.stamp), msg.header.frame_id, float(msg.angle_min), float(msg.angle_increment),
        float(msg.range_min), float(msg.range_max), np.asarray(msg.ranges, dtype=np.float32),
    )


def scan_to_msg(scan: LaserScan, scan_time_s: float) -> LaserScanMsg:
    msg = LaserScanMsg()
    msg.header.stamp = to_msg(scan.stamp_ns)
    msg.header.frame_id = scan.frame_id
    msg.angle_min = scan.angle_min_rad
    msg.angle_increment = scan.angle_increment_rad
    msg.angle_max = scan.angle_min_rad + scan.angle_increment_rad * (len(scan.ranges_m) - 1)
    msg.range_min, msg.range_max = scan.range_min_m, scan.range_max_m
    msg.scan_time = scan_time_s
    msg.ranges = scan.ranges_m.astype(np.float32)
    return msg


def imu_from_msg(msg: Imu) -> ImuSample:
    o, w, a = msg.orientation, msg.angular_velocity, msg.linear_acceleration
    values = (o.x, o.y, o.z, o.w, w.x, w.y, w.z, a.x, a.y, a.z)
    if not all(math.isfinite(v) for v in values):
        raise InputError("IMU sample has non-finite values")
    return ImuSample(to_ns(msg.header.stamp), msg.header.frame_id, (o.x, o.y, o.z, o.w), (w.x, w.y, w.z), (a.x, a.y, a.z))


def imu_to_msg(s: ImuSample) -> Imu:
    msg = Imu()
    msg.header.stamp = to_msg(s.stamp_ns)
    msg.header.frame_id = s.frame_id
    msg.orientation.x, msg.orientation.y, msg.orientation.z, msg.orientation.w = s.orientation_xyzw
    msg.angular_velocity.x, msg.angular_velocity.y, msg.angular_velocity.z = s.angular_velocity_radps
    msg.linear_acceleration.x, msg.linear_acceleration.y, msg.linear_acceleration.z = s.linear_acceleration_mps2
    return msg


def quaternion_from_yaw(yaw: float) -> Quaternion:
    x, y, z, w = quat_xyzw_from_yaw(yaw)
    return Quaternion(x=x, y=y, z=z, w=w)


def odometry_from_msg(msg: OdometryMsg) -> Odometry:
    p, q, t = msg.pose.pose.position, msg.pose.pose.orientation, msg.twist.twist
    values = (p.x, p.y, q.x, q.y, q.z, q.w, t.linear.x, t.angular.z)
    if not all(math.isfinite(v) for v in values):
        raise InputError("odometry has non-finite values")
    return Odometry(
        to_ns(msg.header.stamp), Pose2D(p.x, p.y, yaw_from_quat_xyzw(q.x, q.y, q.z, q.w)), t.linear.x, t.angular.z
    )


def odometry_to_msg(o: Odometry, odom_frame: str, base_frame: str) -> OdometryMsg:
    msg = OdometryMsg()
    msg.header.stamp = to_msg(o.stamp_ns)
    msg.header.frame_id = odom_frame
    msg.child_frame_id = base_frame
    msg.pose.pose.position.x, msg.pose.pose.position.y = o.pose.x_m, o.pose.y_m
    msg.pose.pose.orientation = quaternion_from_yaw(o.pose.yaw_rad)
    msg.twist.twist.linear.x = o.vx_mps
    msg.twist.twist.angular.z = o.wz_radps
    return msg


def joints_from_msg(msg: JointState) -> JointStates:
    n = len(msg.name)
    if len(msg.position) != n or (msg.velocity and len(msg.velocity) != n):
        raise InputError(f"joint_states: {n} names, {len(msg.position)} positions, {len(msg.velocity)} velocities")
    vel = tuple(msg.velocity) if msg.velocity else (0.0,) * n
    return JointStates(to_ns(msg.header.stamp), tuple(msg.name), tuple(msg.position), vel)


def joints_to_msg(j: JointStates) -> JointState:
    msg = JointState()
    msg.header.stamp = to_msg(j.stamp_ns)
    msg.name = list(j.names)
    msg.position = list(j.positions_rad)
    msg.velocity = list(j.velocities_radps)
    return msg
