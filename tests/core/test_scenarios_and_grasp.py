"""Scenario families, held-out combinations, success checks, trajectories, and a real grasp."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lam_core.datatypes import JointTrajectory, Pose2D, TrajectoryPoint, Twist2D
from lam_core.errors import InputError
from lam_core.robot.description import robot_description
from lam_core.robot.kinematics import ArmGeometry, grasp_height_m, top_down_ik
from lam_core.scenarios import (
    DISTRACTOR_BOXES,
    FAMILIES,
    GOTO_SUCCESS_DISTANCE_M,
    HELDOUT_COMBOS,
    HELDOUT_KIND_COLORS,
    NAV_KINDS,
    SuccessMonitor,
    distance_to_object_m,
    make_scenario,
)
from lam_core.sim.trajectory import TrajectoryTracker, validate_trajectory
from lam_core.sim.world import SensorSpec, SimWorld
from lam_core.vocabulary import COLORS, LABEL_SHAPES, LABEL_SIZES_M, LABELS

SENSORS = SensorSpec(64, 48, 90, 0.05, 8.0)
ROBOT = robot_description()


def test_heldout_combinations_never_appear_in_train() -> None:
    seen_heldout = set()
    for family in FAMILIES:
        for seed in range(40):
            train = make_scenario(family, "train", seed)
            assert (family, train.target) not in HELDOUT_COMBOS
            assert (family, train.destination) not in HELDOUT_COMBOS
            held = make_scenario(family, "heldout", seed)
            seen_heldout |= {(family, held.target), (family, held.destination)} & HELDOUT_COMBOS
    assert seen_heldout == set(HELDOUT_COMBOS)


def test_every_goal_colour_is_a_target_and_goto_scenes_keep_three_other_coloured_named_objects() -> None:
    targets = {make_scenario(family, "train", seed).target.split()[0] for family in ("goto", "pick", "place")
               for seed in range(40)}
    assert targets == set(COLORS)
    for seed in range(10):
        scene = make_scenario("goto", "train", seed)
        named = [o for o in scene.objects if o.label in LABELS]
        assert len(named) == 1 + DISTRACTOR_BOXES and len({o.color for o in named}) == len(named)
        assert all(o.shape == LABEL_SHAPES[o.label] for o in named)


def test_driving_families_name_every_kind_and_held_out_colour_kind_pairs_appear_in_no_training_scene() -> None:
    targets: dict[str, set[str]] = {"train": set(), "heldout": set()}
    held_out_targets = 0
    for family in ("goto", "find", "avoid", "safety"):
        for seed in range(40):
            train = make_scenario(family, "train", seed)
            assert not {(o.label, o.color) for o in train.objects} & HELDOUT_KIND_COLORS
            targets["train"].add(train.object(train.target).label)
            held = make_scenario(family, "heldout", seed)
            target = held.object(held.target)
            targets["heldout"].add(target.label)
            held_out_targets += (target.label, target.color) in HELDOUT_KIND_COLORS
            assert f"the {held.target}" in held.goal
    assert targets["train"] == targets["heldout"] == {"box", *NAV_KINDS}
    assert held_out_targets >= 10


def test_pick_and_place_carry_cubes_and_cans_and_held_out_can_colours_appear_in_no_training_scene() -> None:
    """A can is the object to carry in about CAN_SHARE of pick and place scenes; the other graspable
    objects are of its kind (only the colour tells them apart) but in train never of a held-out
    colour-kind pair, which held-out scenes do name."""
    kinds: dict[str, list[str]] = {"train": [], "heldout": []}
    held_out_targets = 0
    for family in ("pick", "place"):
        for seed in range(40):
            train = make_scenario(family, "train", seed)
            assert not {(o.label, o.color) for o in train.objects} & HELDOUT_KIND_COLORS
            for split, scene in (("train", train), ("heldout", make_scenario(family, "heldout", seed))):
                target = scene.object(scene.target)
                kinds[split].append(target.label)
                carried = [o for o in scene.objects if o.label in ("cube", "can")]
                assert len({o.color for o in carried}) == len(carried) and f"the {scene.target}" in scene.goal
                if split == "heldout":
                    held_out_targets += (target.label, target.color) in HELDOUT_KIND_COLORS
                    assert all(o.label == target.label for o in carried)
    for split in kinds:
        assert set(kinds[split]) == {"cube", "can"}
        assert 0.25 <= kinds[split].count("can") / len(kinds[split]) <= 0.55
    assert held_out_targets >= 3


def test_a_scene_whose_target_stays_a_box_keeps_its_layout_whatever_the_other_kinds() -> None:
    for seed in range(20):
        scene = make_scenario("goto", "heldout", seed)
        if scene.object(scene.target).label != "box":
            continue
        others = [o for o in scene.objects if o.name != scene.target]
        assert all(o.size_m == LABEL_SIZES_M[o.label] for o in others)
        assert scene.goal == f"go to the {scene.target}"


def test_every_kind_renders_and_is_labelled_in_the_segmentation() -> None:
    for label in LABELS:
        for seed in range(60):
            scene = make_scenario("place" if label in ("cube", "bin") else "goto", "train", seed)
            if scene.object(scene.target).label == label or (label == "bin" and scene.destination):
                break
        name = scene.destination if label == "bin" else scene.target
        index = next(i for i, o in enumerate(scene.objects) if o.name == name)
        obj = scene.objects[index]
        world = SimWorld(scene, SensorSpec(160, 120, 90, 0.05, 8.0))
        try:
            world.place_robot(Pose2D(obj.position_m[0] - 1.0, obj.position_m[1], 0.0))
            world.step(25)
            shown = world.object_index_image()
            truth = world.ground_truth()
        finally:
            world.close()
        assert (shown == index).sum() > 20, f"the {label} is seen"
        resting = next(o for o in truth.objects if o.name == name)
        assert abs(resting.position_m[2] - obj.size_m[2] / 2) < 0.01, f"the {label} rests on the floor"


def test_every_family_names_its_objects_in_the_goal() -> None:
    for family in FAMILIES:
        sc = make_scenario(family, "train", 3)
        assert sc.target in sc.goal
        sc.object(sc.target)
        if family == "place":
            assert sc.destination in sc.goal and sc.object(sc.destination).label == "bin"


def test_find_targets_start_out_of_view() -> None:
    for seed in range(10):
        sc = make_scenario("find", "train", seed)
        t = sc.object(sc.target).position_m
        bearing = math.atan2(t[1] - sc.robot_start.y_m, t[0] - sc.robot_start.x_m) - sc.robot_start.yaw_rad
        assert abs((bearing + math.pi) % (2 * math.pi) - math.pi) > math.radians(45)


def _drive_towards_target(w: SimWorld, seconds: float, speed: float) -> None:
    for _ in range(int(seconds / 0.02)):
        truth = w.ground_truth()
        target = next(o for o in truth.objects if o.name == w.scenario.target)
        bearing = math.atan2(target.position_m[1] - truth.robot.y_m, target.position_m[0] - truth.robot.x_m)
        err = (bearing - truth.robot.yaw_rad + math.pi) % (2 * math.pi) - math.pi
        w.set_base_command(Twist2D(speed, 2.0 * err))
        w.step(10)


def test_safety_intruder_appears_in_front_and_a_blind_robot_hits_it() -> None:
    w = SimWorld(make_scenario("safety", "train", 2), SENSORS)
    try:
        monitor = SuccessMonitor(w.scenario)
        _drive_towards_target(w, 8.0, 0.5)
        for _ in range(5):
            monitor.update(w.ground_truth())
        assert w.triggered
        assert w.ground_truth().collisions >= 1
        assert monitor.failure == "collision" and not monitor.succeeded
    finally:
        w.close()


def test_goto_monitor_succeeds_only_near_the_target() -> None:
    w = SimWorld(make_scenario("goto", "train", 5), SENSORS)
    try:
        monitor = SuccessMonitor(w.scenario)
        monitor.update(w.ground_truth())
        assert not monitor.succeeded
        for stop_at_m in (GOTO_SUCCESS_DISTANCE_M + 0.3, GOTO_SUCCESS_DISTANCE_M - 0.15):
            for _ in range(1000):
                if distance_to_object_m(w.ground_truth(), w.scenario.target) <= stop_at_m:
                    break
                _drive_towards_target(w, 0.02, 0.3)
            w.set_base_command(Twist2D())
            w.step(50)
            monitor.update(w.ground_truth())
            near = distance_to_object_m(w.ground_truth(), w.scenario.target)
            assert monitor.succeeded == (near <= GOTO_SUCCESS_DISTANCE_M), (stop_at_m, near)
        assert monitor.succeeded and w.ground_truth().collisions == 0
    finally:
        w.close()


def _traj(names: tuple[str, ...], *points: tuple[float, tuple[float, ...]]) -> JointTrajectory:
    return JointTrajectory(0, names, tuple(TrajectoryPoint(t, q) for t, q in points))


@pytest.mark.parametrize(
    "traj,message",
    [
        (_traj(("arm_elbow_joint",), (1.0, (math.nan,))), "non-finite"),
        (_traj(("arm_elbow_joint",), (1.0, (math.inf,))), "non-finite"),
        (_traj(("arm_elbow_joint",), (1.0, (50.0,))), "outside"),
        (_traj(("not_a_joint",), (1.0, (0.0,))), "unknown joint"),
        (_traj(("arm_elbow_joint",), (2.0, (0.1,)), (1.0, (0.2,))), "increasing"),
        (_traj(("arm_elbow_joint",), (-1.0, (0.1,))), "increasing"),
        (_traj(("arm_elbow_joint", "arm_wrist_joint"), (1.0, (0.1,))), "positions for 2 joints"),
        (_traj(("left_finger_joint",), (1.0, (0.01,))), "unknown joint"),
    ],
)
def test_bad_trajectories_are_rejected(traj: JointTrajectory, message: str) -> None:
    with pytest.raises(InputError, match=message):
        validate_trajectory(traj, ROBOT.arm_joints, ROBOT)


def test_tracker_interpolates_and_holds() -> None:
    tracker = TrajectoryTracker()
    tracker.start(_traj(("arm_elbow_joint",), (1.0, (1.0,)), (2.0, (0.0,))), now_ns=10**9, current=(0.0,))
    assert tracker.targets(10**9 + 5 * 10**8)["arm_elbow_joint"] == pytest.approx(0.5)
    assert tracker.targets(10**9 + 15 * 10**8)["arm_elbow_joint"] == pytest.approx(0.5)
    assert tracker.targets(10 * 10**9)["arm_elbow_joint"] == 0.0


def test_a_trajectory_with_no_points_is_valid_and_holds_where_the_joints_were_when_it_started() -> None:
    hold = _traj(("arm_elbow_joint",))
    validate_trajectory(hold, ROBOT.arm_joints, ROBOT)
    tracker = TrajectoryTracker()
    tracker.start(hold, now_ns=10**9, current=(0.3,))
    assert tracker.targets(10**9)["arm_elbow_joint"] == 0.3
    assert tracker.targets(50 * 10**9)["arm_elbow_joint"] == 0.3


def test_ik_reaches_its_target_in_the_simulator() -> None:
    arm = ArmGeometry.from_description(ROBOT)
    w = SimWorld(make_scenario("goto", "train", 0), SENSORS)
    try:
        for target in [(0.35, 0.0, 0.03), (0.30, 0.12, 0.08)]:
            w.set_joint_targets(dict(zip(ROBOT.arm_joints, top_down_ik(arm, target), strict=True)))
            w.step(1500)
            mid = (w.data.geom("left_finger").xpos + w.data.geom("right_finger").xpos) / 2
            base = w.data.body("base_link")
            local = base.xmat.reshape(3, 3).T @ (mid - base.xpos)
            assert np.allclose(local, target, atol=0.02), (target, local)
    finally:
        w.close()
    with pytest.raises(InputError, match="out of reach"):
        top_down_ik(arm, (1.5, 0.0, 0.0))


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "kind"), [(1, "cube"), (0, "can")])
def test_scripted_pick_lifts_the_cube_or_can_by_contact(seed: int, kind: str) -> None:
    """Drive to the cube (or can), grasp it from above with IK at grasp_height_m, lift it: it rises
    with the fingers (friction only: no weld), the pick success check holds for 2 s, it does not
    creep down between the fingers over a 10 s carry, and nothing but the fingers touches it."""
    sc = make_scenario("pick", "train", seed)
    assert sc.target.endswith(f" {kind}")
    w = SimWorld(sc, SensorSpec(64, 48, 90, 0.05, 8.0))
    arm = ArmGeometry.from_description(ROBOT)
    monitor = SuccessMonitor(sc)
    try:
        for _ in range(int(20 / 0.02)):  # drive until the cube is 0.35 m ahead of base_link
            truth = w.ground_truth()
            cube = next(o for o in truth.objects if o.name == sc.target)
            dx, dy = cube.position_m[0] - truth.robot.x_m, cube.position_m[1] - truth.robot.y_m
            c, s = math.cos(-truth.robot.yaw_rad), math.sin(-truth.robot.yaw_rad)
            lx, ly = c * dx - s * dy, s * dx + c * dy
            if lx < 0.36 and abs(ly) < 0.03:
                break
            w.set_base_command(Twist2D(min(0.3, 0.8 * (lx - 0.35)), 2.5 * math.atan2(ly, lx)))
            w.step(10)
        w.set_base_command(Twist2D())
        w.step(300)
        truth = w.ground_truth()
        cube = next(o for o in truth.objects if o.name == sc.target)
        dx, dy = cube.position_m[0] - truth.robot.x_m, cube.position_m[1] - truth.robot.y_m
        c, s = math.cos(-truth.robot.yaw_rad), math.sin(-truth.robot.yaw_rad)
        local = (c * dx - s * dy, s * dx + c * dy, cube.position_m[2])
        monitor.update(truth)

        def move(xyz: tuple[float, float, float], gripper: float, steps: int) -> None:
            q = top_down_ik(arm, xyz)
            w.set_joint_targets({**dict(zip(ROBOT.arm_joints, q, strict=True)), **dict.fromkeys(ROBOT.gripper_joints, gripper)})
            for _ in range(steps // 10):
                w.step(10)
                monitor.update(w.ground_truth())

        grip_z = grasp_height_m(arm, local[2], local[2] + cube.size_m[2] / 2)
        move((local[0], local[1], grip_z + 0.10), 0.04, 1500)
        move((local[0], local[1], grip_z), 0.04, 1000)
        move((local[0], local[1], grip_z), 0.0, 600)
        z0 = next(o for o in w.ground_truth().objects if o.name == sc.target).position_m[2]
        move((local[0], local[1], grip_z + 0.12), 0.0, 1500)
        z1 = next(o for o in w.ground_truth().objects if o.name == sc.target).position_m[2]
        move((local[0], local[1], grip_z + 0.12), 0.0, 1200)  # hold 2.4 s
        assert z1 > z0 + 0.08, (z0, z1)
        assert monitor.succeeded
        z2 = next(o for o in w.ground_truth().objects if o.name == sc.target).position_m[2]
        move((local[0], local[1], grip_z + 0.12), 0.0, 5000)  # a long carry: 10 s more
        z3 = next(o for o in w.ground_truth().objects if o.name == sc.target).position_m[2]
        assert z2 - z3 < 0.003, f"the held {kind} slid {1000 * (z2 - z3):.1f} mm down between the fingers in 10 s"
        assert w.ground_truth().collisions == 0
    finally:
        w.close()
