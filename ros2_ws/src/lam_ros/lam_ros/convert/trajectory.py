"""trajectory_msgs/JointTrajectory <-> lam_core trajectories."""

from __future__ import annotations

from builtin_interfaces.msg import Duration
from trajectory_msgs.msg import JointTrajectory as JointTrajectoryMsg
from trajectory_msgs.msg import JointTrajectoryPoint

from lam_core.datatypes import JointTrajectory, TrajectoryPoint
from lam_ros.convert.time import to_msg, to_ns


def trajectory_from_msg(msg: JointTrajectoryMsg) -> JointTrajectory:
    """No value checks here: validate_trajectory judges the content."""
    points = tuple(
        TrajectoryPoint(p.time_from_start.sec + p.time_from_start.nanosec * 1e-9, tuple(float(q) for q in p.positions))
        for p in msg.points
    )
    return JointTrajectory(to_ns(msg.header.stamp), tuple(msg.joint_names), points)


def trajectory_to_msg(traj: JointTrajectory) -> JointTrajectoryMsg:
    msg = JointTrajectoryMsg(joint_names=list(traj.joint_names))
    msg.header.stamp = to_msg(traj.stamp_ns)
    for p in traj.points:
        ns = round(p.time_from_start_s * 1e9)
        msg.points.append(
            JointTrajectoryPoint(
                positions=list(p.positions), time_from_start=Duration(sec=ns // 1_000_000_000, nanosec=ns % 1_000_000_000)
            )
        )
    return msg
