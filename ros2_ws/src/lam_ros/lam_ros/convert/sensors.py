"""sensor_msgs / nav_msgs <-> lam_core sensor types. Malformed messages raise InputError."""

from __future__ import annotations

import math

import numpy as np
from geometry_msgs.msg import Quaternion
from nav_msgs.msg import Odometry as OdometryMsg
from sensor_msgs.msg import CameraInfo, CompressedImage, Image, Imu, JointState
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
from lam_core.perception import image_formats
from lam_ros.convert.time import to_msg, to_ns


def rgb_from_msg(msg: Image) -> RgbImage:
    """Any colour encoding of lam_core.perception.image_formats.COLOR_ENCODINGS -> RGB."""
    px = image_formats.color_from_raw(msg.encoding, msg.width, msg.height, msg.step, msg.data, bool(msg.is_bigendian))
    return RgbImage(to_ns(msg.header.stamp), msg.header.frame_id, px)


def rgb_from_compressed_msg(msg: CompressedImage, max_pixels: int) -> RgbImage:
    """JPEG/PNG colour -> RGB; pictures over ``max_pixels`` are refused before decoding where the
    header says their size."""
    px = image_formats.color_from_compressed(msg.format, msg.data, max_pixels)
    return RgbImage(to_ns(msg.header.stamp), msg.header.frame_id, px)


def depth_from_msg(msg: Image) -> DepthImage:
    """32FC1 metres or 16UC1 millimetres -> float32 metres; non-finite and 0 mean unknown."""
    d = image_formats.depth_from_raw(msg.encoding, msg.width, msg.height, msg.step, msg.data, bool(msg.is_bigendian))
    return DepthImage(to_ns(msg.header.stamp), msg.header.frame_id, d)


def depth_from_compressed_msg(msg: CompressedImage, max_pixels: int) -> DepthImage:
    """PNG-compressed 16UC1 millimetres -> float32 metres; other compressed depth is refused."""
    d = image_formats.depth_from_compressed(msg.format, msg.data, max_pixels)
    return DepthImage(to_ns(msg.header.stamp), msg.header.frame_id, d)


def _image_msg(stamp_ns: int, frame_id: str, shape: tuple[int, ...], encoding: str, step_data: tuple[int, bytes]) -> Image:
    msg = Image()
    msg.header.stamp = to_msg(stamp_ns)
    msg.header.frame_id = frame_id
    msg.height, msg.width = int(shape[0]), int(shape[1])
    msg.encoding = encoding
    msg.step, msg.data = step_data
    return msg


def rgb_to_msg(img: RgbImage, encoding: str = "rgb8") -> Image:
    px = img.pixels.astype(np.uint8, copy=False)
    return _image_msg(img.stamp_ns, img.frame_id, px.shape, encoding, image_formats.raw_from_color(px, encoding))


def rgb_to_compressed_msg(img: RgbImage, codec: str = "jpeg", jpeg_quality: int = 90) -> CompressedImage:
    """As image_transport's compressed plugin publishes it: format "rgb8; jpeg compressed bgr8"."""
    msg = CompressedImage()
    msg.header.stamp = to_msg(img.stamp_ns)
    msg.header.frame_id = img.frame_id
    msg.format, msg.data = image_formats.compressed_from_color(img.pixels.astype(np.uint8, copy=False), codec, jpeg_quality)
    return msg


DEPTH_ENCODINGS = tuple(image_formats.DEPTH_ENCODINGS)
MAX_16UC1_M = image_formats.MAX_16UC1_M


def depth_to_msg(img: DepthImage, encoding: str = "32FC1") -> Image:
    """32FC1 metres, or 16UC1 millimetres as RGB-D cameras publish it (unknown and out of range = 0)."""
    return _image_msg(img.stamp_ns, img.frame_id, img.depth_m.shape, encoding,
                      image_formats.raw_from_depth(img.depth_m, encoding))


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
