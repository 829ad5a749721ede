"""The MuJoCo world: scenes load and step cleanly, the base drives, sensors see the scene."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lam_core.datatypes import JointTrajectory, TrajectoryPoint, Twist2D
from lam_core.errors import SimError
from lam_core.scenarios import FAMILIES, SPLITS, distance_to_object_m, make_scenario
from lam_core.sim.stepper import RateSchedule, SimStepper
from lam_core.sim.world import SensorSpec, SimWorld

SENSORS = SensorSpec(160, 120, 360, 0.05, 8.0)


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    w = SimWorld(make_scenario("goto", "train", 0, "red"), SENSORS)
    yield w
    w.close()


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("split", SPLITS)
def test_every_scene_loads_and_steps_without_warnings(family: str, split: str) -> None:
    for seed in range(3):
        w = SimWorld(make_scenario(family, split, seed), SENSORS)
        try:
            w.step(int(2.0 / w.timestep_s))
            warnings = [int(w.data.warning[i].number) for i in range(len(w.data.warning))]
            assert sum(warnings) == 0, f"{family}/{split}/{seed}: MuJoCo warnings {warnings}"
            truth = w.ground_truth()
            assert truth.collisions == 0
            assert abs(truth.robot_vx_mps) < 0.01
        finally:
            w.close()


def test_splits_and_seeds_give_different_scenes() -> None:
    a, b, c = (make_scenario("goto", s, n) for s, n in (("train", 1), ("train", 2), ("heldout", 1)))
    assert a.objects != b.objects and a.objects != c.objects
    assert make_scenario("goto", "train", 1) == a


def test_bad_scenario_requests_are_errors() -> None:
    with pytest.raises(SimError, match="unknown scenario family"):
        make_scenario("fly", "train", 0)
    with pytest.raises(SimError, match="unknown split"):
        make_scenario("goto", "test", 0)
    with pytest.raises(SimError, match="unknown colour"):
        make_scenario("goto", "train", 0, "pink")


def test_base_drives_and_odometry_tracks_ground_truth(world: SimWorld) -> None:
    start = world.ground_truth().robot
    world.set_base_command(Twist2D(0.4, 0.0))
    world.step(int(1.5 / world.timestep_s))
    truth, odom = world.ground_truth(), world.odometry()
    travelled = math.hypot(truth.robot.x_m - start.x_m, truth.robot.y_m - start.y_m)
    assert 0.45 < travelled < 0.62
    assert abs(odom.pose.x_m - travelled) < 0.05
    assert abs(truth.robot_vx_mps - 0.4) < 0.03
    world.set_base_command(Twist2D(0.0, 0.8))
    world.step(int(1.0 / world.timestep_s))
    assert world.ground_truth().robot_wz_radps == pytest.approx(0.8, abs=0.15)
    with pytest.raises(SimError, match="non-finite"):
        world.set_base_command(Twist2D(math.nan, 0.0))


def test_sensors_see_the_target(world: SimWorld) -> None:
    world.step(250)
    rgb, depth = world.render_rgbd()
    assert rgb.pixels.shape == (120, 160, 3) and rgb.pixels.dtype == np.uint8
    assert depth.depth_m.shape == (120, 160)
    red = (rgb.pixels[..., 0] > 150) & (rgb.pixels[..., 1] < 80) & (rgb.pixels[..., 2] < 80)
    assert red.sum() > 30, "the red target box should be in view at the start"
    truth = world.ground_truth()
    gap = distance_to_object_m(truth, "red box")
    assert float(np.median(depth.depth_m[red])) == pytest.approx(gap + 0.15, abs=0.5)
    scan = world.scan()
    assert len(scan.ranges_m) == 360
    finite = np.isfinite(scan.ranges_m)
    assert finite.mean() > 0.9, "walls surround the robot"
    imu = world.imu()
    assert imu.linear_acceleration_mps2[2] == pytest.approx(9.81, abs=0.3)


def test_same_seed_same_commands_same_trajectory() -> None:
    def run() -> list[tuple[float, float, float]]:
        w = SimWorld(make_scenario("goto", "heldout", 4), SENSORS)
        out = []
        try:
            for k in range(6):
                w.set_base_command(Twist2D(0.3, 0.5 * (-1) ** k))
                w.step(100)
                r = w.ground_truth().robot
                out.append((r.x_m, r.y_m, r.yaw_rad))
        finally:
            w.close()
        return out

    assert run() == run()


def test_driving_into_a_box_counts_one_collision_until_the_robot_backs_off() -> None:
    w = SimWorld(make_scenario("goto", "train", 0, "red"), SENSORS)
    try:
        truth = w.ground_truth()
        target = next(o for o in truth.objects if o.name == "red box")
        bearing = math.atan2(target.position_m[1] - truth.robot.y_m, target.position_m[0] - truth.robot.x_m)
        for _ in range(int(12.0 / 0.02)):
            yaw_err = (bearing - w.ground_truth().robot.yaw_rad + math.pi) % (2 * math.pi) - math.pi
            w.set_base_command(Twist2D(0.5, 2.0 * yaw_err))
            w.step(10)
            if w.ground_truth().collisions:
                break
        assert w.ground_truth().collisions == 1
        for _ in range(int(1.0 / 0.02)):  # keep pushing into the box: still the same one contact
            w.set_base_command(Twist2D(0.5, 0.0))
            w.step(10)
        assert w.ground_truth().collisions == 1
        for _ in range(int(1.5 / 0.02)):  # back off, then touch it again: a second collision
            w.set_base_command(Twist2D(-0.3, 0.0))
            w.step(10)
        assert not w.ground_truth().in_collision
        for _ in range(int(4.0 / 0.02)):
            w.set_base_command(Twist2D(0.5, 0.0))
            w.step(10)
            if w.ground_truth().collisions > 1:
                break
        assert w.ground_truth().collisions == 2
    finally:
        w.close()


def test_sensor_noise_is_seeded_and_off_at_zero(world: SimWorld) -> None:
    from lam_core.sim.noise import NoiseSpec, SensorNoise

    scan = world.scan()
    assert SensorNoise(NoiseSpec(0.0, 0.0, 0.0, 0.0, 1)).scan(scan) is scan
    a = SensorNoise(NoiseSpec(0.0, 0.02, 0.0, 0.0, 1)).scan(scan).ranges_m
    b = SensorNoise(NoiseSpec(0.0, 0.02, 0.0, 0.0, 1)).scan(scan).ranges_m
    finite = np.isfinite(scan.ranges_m)
    assert np.array_equal(a, b)
    assert 0.01 < float(np.std((a - scan.ranges_m)[finite])) < 0.03


def test_the_schedule_fires_every_event_at_zero_then_once_per_period_and_never_in_bursts() -> None:
    schedule = RateSchedule({"control": 0.02, "camera": 0.05})
    assert sorted(schedule.take_due(0.0)) == ["camera", "control"]
    assert schedule.next_due_s() == pytest.approx(0.02)
    assert schedule.take_due(0.02) == ["control"] and schedule.take_due(0.03) == []
    assert sorted(schedule.take_due(0.5)) == ["camera", "control"]  # late (a stall): due again at the next step,
    assert schedule.next_due_s() == pytest.approx(0.5)               # then once per period from there
    assert sorted(schedule.take_due(0.502)) == ["camera", "control"]
    assert schedule.next_due_s() == pytest.approx(0.52)
    with pytest.raises(ValueError):
        RateSchedule({"bad": 0.0})


def test_the_stepper_steps_to_each_event_and_stops_the_base_when_commands_stop(world: SimWorld) -> None:
    stepper = SimStepper(world, {"control": 0.02, "camera": 0.1}, cmd_vel_timeout_s=0.2)
    stepper.command_base(Twist2D(0.3, 0.0))
    times, speeds = [], []
    while world.data.time < 1.5:
        due = stepper.advance()
        assert due, "every advance lands on an event"
        times.append(world.data.time)
        speeds.append(world.odometry().vx_mps)
    assert times[0] == pytest.approx(world.timestep_s), "one physics step, then every event is due"
    assert all(round(t / 0.02, 6).is_integer() for t in times[1:]), "then the physics stops on the 20 ms grid"
    assert max(speeds) > 0.1, "the commanded base moved"
    assert not stepper.base_command_fresh() and abs(speeds[-1]) < 0.02, "no command for 0.2 s: the base stopped"


def test_the_stepper_tracks_a_joint_trajectory(world: SimWorld) -> None:
    stepper = SimStepper(world, {"control": 0.02}, cmd_vel_timeout_s=0.2)
    joint = world.robot.arm_joints[0]
    target = 0.5 * world.robot.joint(joint).upper
    stepper.start_trajectory("arm", JointTrajectory(0, (joint,), (TrajectoryPoint(0.5, (target,)),)))
    while world.data.time < 1.5:
        stepper.advance()
    assert world.joint_positions((joint,))[0] == pytest.approx(target, abs=0.05)


def test_an_empty_trajectory_stops_a_moving_arm_where_it_is(world: SimWorld) -> None:
    """An e-stop's hold: the joint stops near where it was when the hold arrived, not at the
    trajectory's end and not back at a position from before."""
    stepper = SimStepper(world, {"control": 0.02}, cmd_vel_timeout_s=0.2)
    joint = world.robot.arm_joints[1]
    start = world.joint_positions((joint,))[0]
    target = start + 0.8 * (world.robot.joint(joint).lower - start)
    stepper.start_trajectory("arm", JointTrajectory(0, (joint,), (TrajectoryPoint(1.0, (target,)),)))
    while world.data.time < 0.5:
        stepper.advance()
    at_hold = world.joint_positions((joint,))[0]
    assert abs(at_hold - start) > 0.1 and abs(at_hold - target) > 0.1, "still moving when the hold arrives"
    stepper.start_trajectory("arm", JointTrajectory(0, (joint,), ()))
    while world.data.time < 0.7:
        stepper.advance()
    settled = world.joint_positions((joint,))[0]
    while world.data.time < 2.0:
        stepper.advance()
    assert abs(settled - at_hold) < 0.05, "stopped within 0.2 s of the hold"
    assert abs(world.joint_positions((joint,))[0] - settled) < 0.005, "and stays there"
