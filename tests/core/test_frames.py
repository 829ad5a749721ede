"""The robot's frames as tf transforms: rotations, joint transforms with URDF semantics, the static
frames the state publisher sends, a small tf buffer, and the whole chain held against MuJoCo's own
forward kinematics of the same description."""

from __future__ import annotations

import math

import mujoco
import numpy as np
import pytest

from lam_core.contract import contract
from lam_core.errors import InputError
from lam_core.geometry import rpy_matrix
from lam_core.robot.description import robot_description
from lam_core.robot.frames import (
    FrameTransform,
    TransformTree,
    joint_transform,
    matrix_from_quat,
    moving_transforms,
    planar_transform,
    quat_from_matrix,
    static_transforms,
)
from lam_core.scenarios import make_scenario
from lam_core.sim.world import SensorSpec, SimWorld

ROBOT = robot_description()
OPTICAL = contract().frame("camera_optical")


@pytest.mark.parametrize("seed", range(20))
def test_rotation_matrices_and_quaternions_round_trip(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rot = rpy_matrix(*rng.uniform(-math.pi, math.pi, 3))
    q = quat_from_matrix(rot)
    assert abs(np.linalg.norm(q) - 1.0) < 1e-12 and q[3] >= 0
    np.testing.assert_allclose(matrix_from_quat(q), rot, atol=1e-12)


def test_a_quaternion_that_is_not_a_rotation_is_refused() -> None:
    for bad in ((0.0, 0.0, 0.0, 0.0), (math.nan, 0.0, 0.0, 1.0), (math.inf, 0.0, 0.0, 1.0)):
        with pytest.raises(InputError):
            matrix_from_quat(bad)


def test_joint_transforms_follow_urdf_semantics() -> None:
    shoulder = ROBOT.joint(ROBOT.arm_joints[1])
    at_zero, turned = joint_transform(shoulder, 0.0), joint_transform(shoulder, 0.7)
    assert at_zero.translation == turned.translation == pytest.approx(shoulder.xyz)
    relative = matrix_from_quat(at_zero.rotation).T @ matrix_from_quat(turned.rotation)
    axis = np.asarray(shoulder.axis)
    np.testing.assert_allclose(relative @ axis, axis, atol=1e-12)  # a rotation about the joint axis
    assert math.acos((np.trace(relative) - 1) / 2) == pytest.approx(0.7)
    finger = ROBOT.joint(ROBOT.gripper_joints[0])
    opened = joint_transform(finger, 0.03)
    np.testing.assert_allclose(np.subtract(opened.translation, finger.xyz), np.asarray(finger.axis) * 0.03, atol=1e-12)


def test_static_frames_are_the_fixed_joints_and_the_optical_frame() -> None:
    static = static_transforms(ROBOT, OPTICAL)
    fixed = {(j.parent, j.child) for j in ROBOT.joints.values() if not j.movable}
    assert {(t.parent, t.child) for t in static} == fixed | {(ROBOT.camera.link, OPTICAL)}
    optical = next(t for t in static if t.child == OPTICAL)
    rot = matrix_from_quat(optical.rotation)
    np.testing.assert_allclose(rot[:, 2], (1, 0, 0), atol=1e-12)   # optical z: forward
    np.testing.assert_allclose(rot[:, 0], (0, -1, 0), atol=1e-12)  # optical x: right
    np.testing.assert_allclose(rot[:, 1], (0, 0, -1), atol=1e-12)  # optical y: down


def test_moving_transforms_skip_unknown_and_fixed_joints_and_refuse_non_finite_positions() -> None:
    out = moving_transforms(ROBOT, {ROBOT.arm_joints[0]: 0.1, "no_such_joint": 1.0, "camera_joint": 0.3})
    assert [(t.parent, t.child) for t in out] == [(ROBOT.joint(ROBOT.arm_joints[0]).parent, ROBOT.joint(ROBOT.arm_joints[0]).child)]
    with pytest.raises(InputError, match="not finite"):
        moving_transforms(ROBOT, {ROBOT.arm_joints[0]: math.nan})


def test_the_tree_composes_chains_picks_the_stamp_and_refuses_what_it_cannot_connect() -> None:
    tree = TransformTree(max_age_ns=500_000_000)
    tree.add(static_transforms(ROBOT, OPTICAL), 0, static=True)
    tree.add([planar_transform("odom", "base_link", 1.0, 0.0, 0.0)], 1_000_000_000)
    tree.add([planar_transform("odom", "base_link", 2.0, 0.0, math.pi / 2)], 2_000_000_000)
    laser_xyz = ROBOT.joint("laser_joint").xyz
    at_1 = tree.lookup("odom", "laser_link", 1_400_000_000)
    np.testing.assert_allclose(at_1[:3, 3], (1.0 + laser_xyz[0], laser_xyz[1], laser_xyz[2]), atol=1e-12)
    at_2 = tree.lookup("odom", "laser_link", 2_000_000_000)
    np.testing.assert_allclose(at_2[:3, 3], (2.0 - laser_xyz[1], laser_xyz[0], laser_xyz[2]), atol=1e-12)
    np.testing.assert_allclose(tree.lookup("laser_link", "odom", 2_000_000_000) @ at_2, np.eye(4), atol=1e-12)
    with pytest.raises(InputError, match="not connected"):
        tree.lookup("odom", "laser_link", 500_000_000)  # before the first odometry
    with pytest.raises(InputError, match="not connected"):
        tree.lookup("odom", "laser_link", 3_000_000_000)  # odometry older than max_age
    with pytest.raises(InputError, match="not connected"):
        tree.lookup("odom", "elsewhere", 2_000_000_000)


def test_the_frame_chain_matches_mujocos_forward_kinematics_of_the_same_robot() -> None:
    """Arm and gripper at random positions in the simulator: each link's pose in base_link from the
    tf chain (fixed frames, joint transforms from joint_states) equals MuJoCo's body pose."""
    world = SimWorld(make_scenario("pick", "train", 0), SensorSpec(64, 48, 36, 0.05, 8.0))
    rng = np.random.default_rng(3)
    try:
        for name in (*ROBOT.arm_joints, *ROBOT.gripper_joints):
            joint = ROBOT.joint(name)
            world.data.qpos[world.model.joint(name).qposadr[0]] = rng.uniform(joint.lower, joint.upper)
        mujoco.mj_forward(world.model, world.data)
        joints = world.joint_states()
        tree = TransformTree()
        tree.add(static_transforms(ROBOT, OPTICAL), 0, static=True)
        tree.add(moving_transforms(ROBOT, dict(zip(joints.names, joints.positions_rad, strict=True))), joints.stamp_ns)
        base = world.data.body(ROBOT.root)
        base_rot = base.xmat.reshape(3, 3)
        for link in ("arm_wrist_link", "left_finger_link", "right_finger_link", ROBOT.camera.link):
            pose = tree.lookup(ROBOT.root, link, joints.stamp_ns)
            body = world.data.body(link)
            np.testing.assert_allclose(pose[:3, 3], base_rot.T @ (body.xpos - base.xpos), atol=1e-6, err_msg=link)
            np.testing.assert_allclose(pose[:3, :3], base_rot.T @ body.xmat.reshape(3, 3), atol=1e-6, err_msg=link)
    finally:
        world.close()


def test_frame_transforms_give_homogeneous_matrices() -> None:
    tf = FrameTransform.from_matrix("a", "b", (1.0, 2.0, 3.0), rpy_matrix(0.1, 0.2, 0.3))
    m = tf.matrix()
    np.testing.assert_allclose(m[:3, :3], rpy_matrix(0.1, 0.2, 0.3), atol=1e-12)
    np.testing.assert_allclose(m[:3, 3], (1, 2, 3))
    np.testing.assert_allclose(m[3], (0, 0, 0, 1))
