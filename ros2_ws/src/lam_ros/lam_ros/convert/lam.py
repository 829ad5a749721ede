"""lam_interfaces messages <-> lam_core types (objects, observations, commands, plans, sim state)."""

from __future__ import annotations

import math

from geometry_msgs.msg import Point, Twist, TwistStamped
from visualization_msgs.msg import Marker, MarkerArray

from lam_core.datatypes import (
    NO_POINT,
    ActionCommand,
    DetectedObject,
    FrameDetections,
    LowObstacles,
    Observation,
    Plan,
    PlanStep,
    Point2,
    Pose2D,
    ScanSummary,
    SimGroundTruth,
    SimObjectState,
    SourceStatus,
    StepStatus,
    Twist2D,
)
from lam_core.errors import InputError
from lam_core.geometry import convex_hull, yaw_from_quat_xyzw
from lam_core.perception.frame_check import known_problems
from lam_core.scenarios import PALETTE
from lam_interfaces.msg import ActionCommand as ActionCommandMsg
from lam_interfaces.msg import DetectedObject as DetectedObjectMsg
from lam_interfaces.msg import DetectedObjectArray, SimObject, SimState
from lam_interfaces.msg import Observation as ObservationMsg
from lam_interfaces.msg import Plan as PlanMsg
from lam_interfaces.msg import PlanStep as PlanStepMsg
from lam_interfaces.msg import ScanSummary as ScanSummaryMsg
from lam_interfaces.msg import SourceStatus as SourceStatusMsg
from lam_ros.convert.sensors import (
    joints_from_msg,
    joints_to_msg,
    odometry_from_msg,
    odometry_to_msg,
    quaternion_from_yaw,
    rgb_from_msg,
    rgb_to_msg,
)
from lam_ros.convert.time import to_msg, to_ns


def twist_to_msg(t: Twist2D) -> Twist:
    """A planar twist (base frame, vx [m/s], wz [rad/s]) as a Twist."""
    msg = Twist()
    msg.linear.x = float(t.vx_mps)
    msg.angular.z = float(t.wz_radps)
    return msg


def twist_stamped_to_msg(t: Twist2D, stamp_ns: int, frame_id: str) -> TwistStamped:
    """A planar twist as a TwistStamped in ``frame_id`` (the base frame), stamped ``stamp_ns`` [ns]."""
    msg = TwistStamped(twist=twist_to_msg(t))
    msg.header.stamp = to_msg(stamp_ns)
    msg.header.frame_id = frame_id
    return msg


def unstamped(msg: Twist | TwistStamped) -> Twist:
    """The Twist of a TwistStamped, or a Twist as it is (bags and bases of either kind)."""
    return msg.twist if isinstance(msg, TwistStamped) else msg


def twist_from_msg(msg: Twist | TwistStamped) -> Twist2D:
    """Planar part of a Twist or TwistStamped; raises InputError on non-finite values and on
    anything else."""
    if not isinstance(msg, (Twist, TwistStamped)):
        raise InputError(f"expected a Twist or TwistStamped, got {type(msg).__name__}")
    twist = unstamped(msg)
    t = Twist2D(float(twist.linear.x), float(twist.angular.z))
    if not t.is_finite():
        raise InputError(f"non-finite twist {t}")
    return t


def object_to_msg(o: DetectedObject) -> DetectedObjectMsg:
    msg = DetectedObjectMsg(label=o.label, color=o.color, track_id=o.track_id, confidence=float(o.confidence))
    msg.position_m.x, msg.position_m.y, msg.position_m.z = (float(v) for v in o.position_m)
    msg.size_m.x, msg.size_m.y, msg.size_m.z = (float(v) for v in o.size_m)
    msg.distance_m, msg.bearing_rad = float(o.distance_m), float(o.bearing_rad)
    return msg


def object_from_msg(msg: DetectedObjectMsg) -> DetectedObject:
    p, s = msg.position_m, msg.size_m
    if not all(math.isfinite(v) for v in (p.x, p.y, p.z)):
        raise InputError(f"object {msg.color} {msg.label} has a non-finite position")
    return DetectedObject(msg.label, msg.color, (p.x, p.y, p.z), (s.x, s.y, s.z), msg.confidence, msg.track_id)


MAX_LOW_OBSTACLE_POINTS = 4096  # more low-obstacle points in a message are left out (a hostile publisher)


def points_to_msg(points: tuple[Point2, ...]) -> list[Point]:
    return [Point(x=float(x), y=float(y), z=0.0) for x, y in points]


def points_from_msg(points: list[Point]) -> tuple[Point2, ...]:
    """Planar points (x, y) [m]; non-finite ones and those beyond MAX_LOW_OBSTACLE_POINTS are left out."""
    out = [(float(p.x), float(p.y)) for p in points[:MAX_LOW_OBSTACLE_POINTS]]
    return tuple(p for p in out if math.isfinite(p[0]) and math.isfinite(p[1]))


def objects_to_msg(objects: list[DetectedObject] | tuple[DetectedObject, ...], stamp_ns: int, frame_id: str,
                   frame_problems: tuple[str, ...] = (), low_obstacles: LowObstacles | None = None) -> DetectedObjectArray:
    msg = DetectedObjectArray(objects=[object_to_msg(o) for o in objects], frame_problems=list(frame_problems))
    msg.header.stamp = to_msg(stamp_ns)
    msg.header.frame_id = frame_id
    if low_obstacles is not None:
        msg.low_obstacles = points_to_msg(low_obstacles.cells_m)
        msg.floor_view = points_to_msg(low_obstacles.floor_view_m)
    return msg


def objects_from_msg(msg: DetectedObjectArray) -> tuple[int, tuple[DetectedObject, ...]]:
    return to_ns(msg.header.stamp), tuple(object_from_msg(o) for o in msg.objects)


def detections_from_msg(msg: DetectedObjectArray) -> tuple[int, FrameDetections]:
    """The frame's objects, its known problems (unknown problem strings are left out) and its low
    obstacles (the floor view made convex again, so that no publisher can make it clear more
    than the hull of what it says it saw)."""
    stamp, objects = objects_from_msg(msg)
    low = LowObstacles(points_from_msg(msg.low_obstacles), convex_hull(list(points_from_msg(msg.floor_view))))
    return stamp, FrameDetections(objects, known_problems(list(msg.frame_problems)), low)


def scan_summary_to_msg(s: ScanSummary) -> ScanSummaryMsg:
    return ScanSummaryMsg(
        valid=s.valid, angle_min_rad=s.angle_min_rad, sector_width_rad=s.sector_width_rad,
        sector_min_range_m=list(s.sector_min_range_m), nearest_range_m=s.nearest_range_m,
        nearest_bearing_rad=s.nearest_bearing_rad, free_bearing_rad=s.free_bearing_rad, range_max_m=s.range_max_m,
    )


def scan_summary_from_msg(m: ScanSummaryMsg) -> ScanSummary:
    return ScanSummary(
        m.valid, m.angle_min_rad, m.sector_width_rad, tuple(m.sector_min_range_m), m.nearest_range_m,
        m.nearest_bearing_rad, m.free_bearing_rad, m.range_max_m,
    )


def observation_to_msg(o: Observation, frames: dict[str, str]) -> ObservationMsg:
    msg = ObservationMsg()
    msg.header.stamp = to_msg(o.stamp_ns)
    msg.header.frame_id = frames["base"]
    msg.newest_sensor_stamp = to_msg(o.newest_sensor_ns)
    msg.sources = [
        SourceStatusMsg(name=s.name, age_s=float(s.age_s), stale=s.stale, rate_hz=float(s.rate_hz), dropped=s.dropped)
        for s in o.sources
    ]
    msg.all_fresh = o.all_fresh
    msg.objects = [object_to_msg(x) for x in o.objects]
    msg.scan = scan_summary_to_msg(o.scan)
    if o.odometry is not None:
        msg.odom = odometry_to_msg(o.odometry, frames["odom"], frames["base"])
    msg.yaw_rate_radps = float(o.yaw_rate_radps)
    if o.joints is not None:
        msg.joints = joints_to_msg(o.joints)
    if o.thumbnail is not None:
        msg.thumbnail = rgb_to_msg(o.thumbnail)
    msg.camera_problems = list(o.camera_problems)
    msg.low_obstacles = points_to_msg(o.low_obstacles_m)
    return msg


def observation_from_msg(msg: ObservationMsg) -> Observation:
    return Observation(
        stamp_ns=to_ns(msg.header.stamp),
        sources=tuple(SourceStatus(s.name, s.age_s, s.stale, s.rate_hz, s.dropped) for s in msg.sources),
        objects=tuple(object_from_msg(x) for x in msg.objects),
        scan=scan_summary_from_msg(msg.scan),
        odometry=odometry_from_msg(msg.odom) if msg.odom.header.frame_id else None,
        yaw_rate_radps=msg.yaw_rate_radps,
        joints=joints_from_msg(msg.joints) if msg.joints.name else None,
        thumbnail=rgb_from_msg(msg.thumbnail) if msg.thumbnail.width else None,
        newest_sensor_ns=to_ns(msg.newest_sensor_stamp),
        camera_problems=known_problems(list(msg.camera_problems)),
        low_obstacles_m=points_from_msg(msg.low_obstacles),
    )


def command_to_msg(c: ActionCommand) -> ActionCommandMsg:
    msg = ActionCommandMsg(
        skill=c.skill, target=c.target, plan_step=c.plan_step, arm_joint_names=list(c.arm_joint_names),
        arm_joint_positions_rad=list(c.arm_joint_positions_rad), gripper_opening_m=float(c.gripper_opening_m),
        horizon_s=float(c.horizon_s), source=c.source, confidence=float(c.confidence),
    )
    msg.header.stamp = to_msg(c.stamp_ns)
    msg.base_velocity = twist_to_msg(c.base)
    msg.base_velocity_chunk = [twist_to_msg(t) for t in c.chunk]
    msg.chunk_period_s = float(c.chunk_period_s)
    msg.has_grasp_point = not all(math.isnan(v) for v in c.grasp_point_m)
    if msg.has_grasp_point:
        msg.grasp_point.x, msg.grasp_point.y, msg.grasp_point.z = (float(v) for v in c.grasp_point_m)
    return msg


def command_from_msg(msg: ActionCommandMsg) -> ActionCommand:
    """No validation of values here: the shield judges commands (and counts what it rejects)."""
    return ActionCommand(
        stamp_ns=to_ns(msg.header.stamp), skill=msg.skill, target=msg.target, plan_step=msg.plan_step,
        base=Twist2D(float(msg.base_velocity.linear.x), float(msg.base_velocity.angular.z)),
        arm_joint_names=tuple(msg.arm_joint_names), arm_joint_positions_rad=tuple(msg.arm_joint_positions_rad),
        grasp_point_m=(msg.grasp_point.x, msg.grasp_point.y, msg.grasp_point.z) if msg.has_grasp_point else NO_POINT,
        gripper_opening_m=msg.gripper_opening_m, horizon_s=msg.horizon_s, source=msg.source,
        confidence=msg.confidence,
        chunk=tuple(Twist2D(float(t.linear.x), float(t.angular.z)) for t in msg.base_velocity_chunk),
        chunk_period_s=float(msg.chunk_period_s),
    )


def plan_to_msg(p: Plan, stamp_ns: int) -> PlanMsg:
    msg = PlanMsg(goal=p.goal, planner=p.planner, revision=p.revision, reason=p.reason)
    msg.header.stamp = to_msg(stamp_ns)
    msg.steps = [
        PlanStepMsg(skill=s.skill, target=s.target, description=s.description, status=int(s.status), timeout_s=s.timeout_s,
                    object_id=s.object_id, max_speed_mps=float(s.max_speed_mps))
        for s in p.steps
    ]
    return msg


def plan_from_msg(msg: PlanMsg) -> Plan:
    steps = tuple(PlanStep(s.skill, s.target, s.description, s.timeout_s, StepStatus(s.status), s.object_id, float(s.max_speed_mps))
                  for s in msg.steps)
    return Plan(msg.goal, msg.planner, steps, msg.revision, msg.reason)


def sim_state_to_msg(t: SimGroundTruth) -> SimState:
    msg = SimState(scenario=t.scenario, collisions=t.collisions, in_collision=t.in_collision)
    msg.header.stamp = to_msg(t.stamp_ns)
    msg.header.frame_id = "world"
    msg.robot_pose.position.x, msg.robot_pose.position.y = t.robot.x_m, t.robot.y_m
    msg.robot_pose.orientation = quaternion_from_yaw(t.robot.yaw_rad)
    msg.robot_twist.linear.x, msg.robot_twist.angular.z = t.robot_vx_mps, t.robot_wz_radps
    for o in t.objects:
        m = SimObject(name=o.name, label=o.label, color=o.color)
        m.pose.position.x, m.pose.position.y, m.pose.position.z = o.position_m
        m.pose.orientation = quaternion_from_yaw(o.yaw_rad)
        m.size_m.x, m.size_m.y, m.size_m.z = o.size_m
        msg.objects.append(m)
    return msg


def sim_state_from_msg(msg: SimState) -> SimGroundTruth:
    q = msg.robot_pose.orientation
    objects = tuple(
        SimObjectState(
            o.name, o.label, o.color, (o.pose.position.x, o.pose.position.y, o.pose.position.z),
            yaw_from_quat_xyzw(o.pose.orientation.x, o.pose.orientation.y, o.pose.orientation.z, o.pose.orientation.w),
            (o.size_m.x, o.size_m.y, o.size_m.z),
        )
        for o in msg.objects
    )
    return SimGroundTruth(
        to_ns(msg.header.stamp), msg.scenario,
        Pose2D(msg.robot_pose.position.x, msg.robot_pose.position.y, yaw_from_quat_xyzw(q.x, q.y, q.z, q.w)),
        msg.robot_twist.linear.x, msg.robot_twist.angular.z, objects, msg.collisions, msg.in_collision,
    )


def objects_to_markers(objects: tuple[DetectedObject, ...] | list[DetectedObject], stamp_ns: int, frame_id: str,
                       lifetime_s: float) -> MarkerArray:
    """RViz/Foxglove markers: a box at each detection (its estimated size) and its name above it.
    The first marker deletes the previous frame's markers."""
    out = MarkerArray(markers=[Marker(action=Marker.DELETEALL, ns="lam_objects")])
    for i, obj in enumerate(objects):
        rgba = PALETTE.get(obj.color, (0.8, 0.8, 0.8, 1.0))
        for kind, mid in ((Marker.CUBE, 2 * i), (Marker.TEXT_VIEW_FACING, 2 * i + 1)):
            m = Marker(ns="lam_objects", id=mid, type=kind, action=Marker.ADD)
            m.header.stamp = to_msg(stamp_ns)
            m.header.frame_id = frame_id
            m.pose.position.x, m.pose.position.y, m.pose.position.z = (float(v) for v in obj.position_m)
            m.pose.orientation.w = 1.0
            m.lifetime.sec, m.lifetime.nanosec = int(lifetime_s), int((lifetime_s % 1) * 1e9)
            m.color.r, m.color.g, m.color.b, m.color.a = rgba[0], rgba[1], rgba[2], 0.6
            if kind == Marker.CUBE:
                m.scale.x, m.scale.y, m.scale.z = (max(float(v), 0.01) for v in obj.size_m)
            else:
                m.pose.position.z += obj.size_m[2] / 2 + 0.1
                m.scale.z = 0.08
                m.color.a = 1.0
                m.text = f"{obj.name} ({obj.confidence:.2f})"
            out.markers.append(m)
    return out
