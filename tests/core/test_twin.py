"""The twin check: one command sequence (straight, spin in place, an arc, arm moves and holds) in
the MuJoCo simulator and in Gazebo's physics layer (Ignition Physics 5 with DART, gz-sim's default
engine, and Bullet), each held against the wheel geometry of sim/lam_robot/robot.yaml and against
the other (lam_core.sim.twin, `lam bench twin`)."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import numpy as np
import pytest

from lam_core.paths import sim_dir
from lam_core.robot.description import robot_description
from lam_core.sim import twin

RATIO_TOLERANCE = 0.03     # every manoeuvre's figure within 3 % of the geometry's prediction
ARM_HOLD_RAD = 0.01        # the arm held within this of its target
PATH_RMSE_M = 0.05         # Gazebo's base path against MuJoCo's over the 20 s sequence


def _apt_has(package: str) -> bool:
    out = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True, check=False).stdout
    return any(line.strip().startswith("Candidate:") and "(none)" not in line for line in out.splitlines())


@pytest.fixture(scope="module")
def sequence() -> twin.CommandSequence:
    return twin.command_sequence()


@pytest.fixture(scope="module")
def mujoco_run(sequence: twin.CommandSequence) -> twin.Trajectory:
    return twin.run_mujoco(sequence)


def _ratios(traj: twin.Trajectory, sequence: twin.CommandSequence) -> dict[str, float]:
    expect = twin.predicted(robot_description(), sequence)
    got = twin.figures(traj, sequence)
    return {k: got[k] / v for k, v in expect.items()}


def test_the_wheel_geometry_predicts_speed_spin_rate_and_arc_radius(sequence: twin.CommandSequence) -> None:
    desc = robot_description()
    expect = twin.predicted(desc, sequence)
    r, sep = desc.wheel_radius_m, desc.wheel_separation_m
    assert (r, sep) == (0.05, pytest.approx(0.34))
    assert expect["straight_speed_mps"] == pytest.approx(0.2)
    assert expect["spin_rate_radps"] == pytest.approx(2 * r * 4.0 / sep)
    assert expect["arc_radius_m"] == pytest.approx(sep / 2 * 8.0 / 2.0)


def test_the_command_file_lists_every_command_in_time_order(sequence: twin.CommandSequence) -> None:
    lines = [ln.split() for ln in twin.command_file_text(sequence.commands).splitlines() if not ln.startswith("#")]
    times = [float(t) for t, *_ in lines]
    assert times == sorted(times) and len(lines) == len(sequence.commands)
    assert {mode for _, _, mode, _ in lines} == {"velocity", "position"}


def test_mujoco_drives_as_the_geometry_predicts_and_holds_the_arm(mujoco_run: twin.Trajectory,
                                                                   sequence: twin.CommandSequence) -> None:
    ratios = _ratios(mujoco_run, sequence)
    assert all(abs(r - 1.0) <= RATIO_TOLERANCE for r in ratios.values()), ratios
    assert twin.figures(mujoco_run, sequence)["arm_hold_drift_rad"] <= ARM_HOLD_RAD
    assert twin.trajectory_rmse_m(mujoco_run, mujoco_run) == 0.0


def test_mujoco_lifts_and_holds_the_cube_it_grasps_from_above() -> None:
    plan = twin.grasp_plan()
    run = twin.run_mujoco(plan)
    assert twin.grasp_held(run, plan), run.tracked["cube"][-1]
    dropped = twin.Trajectory("dropped", run.t, run.x, run.y, run.yaw, run.joints, 0.0,
                              {"cube": np.tile(np.array(plan.cube_xyz_m), (len(run.t), 1))})
    assert not twin.grasp_held(dropped, plan)


def test_a_path_shifted_by_ten_centimetres_has_that_rmse(mujoco_run: twin.Trajectory) -> None:
    shifted = twin.Trajectory("shifted", mujoco_run.t, mujoco_run.x + 0.1, mujoco_run.y, mujoco_run.yaw)
    assert twin.trajectory_rmse_m(mujoco_run, shifted) == pytest.approx(0.1)


@pytest.fixture(scope="module")
def twin_program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sim/twin/twin_physics.cc built against Ignition Physics 5, once per module."""
    missing = twin.missing_packages()
    if missing:
        if any(_apt_has(p) for p in twin.DEBIAN_PACKAGES):
            pytest.fail(f"Gazebo's physics layer is installable but missing ({', '.join(missing)}): run `make setup`")
        pytest.skip("Ignition Physics 5 is not installed and apt has no libignition-physics-dev: no Gazebo physics here")
    return twin.build_program(tmp_path_factory.mktemp("twin"))


@pytest.mark.slow
def test_dart_drives_the_same_robot_as_mujoco_and_as_the_geometry_predicts(
        twin_program: Path, mujoco_run: twin.Trajectory, sequence: twin.CommandSequence, tmp_path: Path) -> None:
    dart = twin.run_gazebo_physics(sequence, "dartsim", twin_program, tmp_path)
    ratios = _ratios(dart, sequence)
    assert all(abs(r - 1.0) <= RATIO_TOLERANCE for r in ratios.values()), ratios
    assert twin.figures(dart, sequence)["arm_hold_drift_rad"] <= ARM_HOLD_RAD
    rmse = twin.trajectory_rmse_m(mujoco_run, dart)
    assert rmse <= PATH_RMSE_M, f"DART's base path is {rmse:.3f} m RMSE from MuJoCo's"
    assert math.isclose(dart.t[-1], sequence.duration_s, abs_tol=0.02) and np.all(np.diff(dart.t) > 0)
    plan = twin.grasp_plan()
    grasp = twin.run_gazebo_physics(plan, "dartsim", twin_program, tmp_path)
    assert twin.grasp_held(grasp, plan), grasp.tracked["cube"][-1]


@pytest.mark.slow
def test_an_engine_that_cannot_build_the_robot_says_why(twin_program: Path, sequence: twin.CommandSequence,
                                                         tmp_path: Path) -> None:
    with pytest.raises(twin.SimError, match="prismatic"):
        twin.run_gazebo_physics(sequence, "bullet", twin_program, tmp_path)
    with pytest.raises(twin.SimError, match="unknown engine"):
        twin.run_gazebo_physics(sequence, "ode", twin_program, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("world", sorted((sim_dir() / "gazebo" / "worlds").glob("*.sdf")), ids=lambda p: p.name)
def test_every_gazebo_world_loads_in_dart_and_the_robot_rests_in_it(twin_program: Path, world: Path, tmp_path: Path) -> None:
    settled = twin.settle_in_world(world, twin_program, tmp_path)
    assert settled.drift_m <= 0.005 and abs(settled.height_change_m) <= 0.005, settled
    assert settled.max_tilt_rad <= 0.02, settled  # resting on its wheels and one caster at most
