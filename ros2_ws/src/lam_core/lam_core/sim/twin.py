"""The Gazebo twin held against MuJoCo: one command sequence (wheel speeds and arm targets) run in
the project's MuJoCo simulator and in Gazebo's physics layer (Ignition Physics 5: DART, the engine
gz-sim uses by default, and Bullet), each run compared with what the robot description predicts
and with the other.

Frames: world = the robot's start pose (x forward, y left, z up) [m, rad]. Times: simulated [s].
The Gazebo side is a small C++ program (sim/twin/twin_physics.cc) built on first use; this module
writes its command file and reads its trajectory."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lam_core.errors import SimError
from lam_core.paths import sim_dir
from lam_core.robot.description import RobotDescription, robot_description
from lam_core.robot.mjcf import ARM_HOME_RAD

LOG_PERIOD_S = 0.01
PROGRAM_SOURCE = Path("twin") / "twin_physics.cc"  # under sim/
PKG_CONFIG_MODULES = ("ignition-physics5", "ignition-physics5-sdf", "sdformat12", "ignition-plugin1-loader", "ignition-math6")
DEBIAN_PACKAGES = ("libignition-physics-dev", "libignition-physics5-dartsim-plugin5", "libignition-physics5-bullet-plugin5",
                   "libignition-physics-sdf-dev", "libsdformat-dev")
ENGINES = ("dartsim", "bullet")
# Bullet in Ignition Physics 5 builds only revolute and fixed joints (the fingers are prismatic), and
# its velocity command sets a link's absolute angular velocity: it cannot run this robot.
DEFAULT_ENGINES = ("dartsim",)


@dataclass(frozen=True)
class Command:
    """From ``t_s`` on: a joint's velocity [rad/s] or position target [rad or m]."""

    t_s: float
    joint: str
    mode: str  # velocity | position
    value: float


@dataclass(frozen=True)
class Window:
    """A stretch of the sequence in which one figure is measured [s]."""

    name: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class CommandSequence:
    """The twin's command sequence: straight, spin in place, an arc, arm moves, holds."""

    commands: tuple[Command, ...]
    windows: tuple[Window, ...]
    wheel_radps: dict[str, tuple[float, float]]  # window -> (left, right) wheel speeds
    wheel_joints: tuple[str, str]                 # (left, right)
    arm_targets: dict[str, float]                 # the arm's last targets (held to the end)
    duration_s: float = 20.0


def held_at_home(desc: RobotDescription) -> list[Command]:
    """From t = 0: the wheels held still, the arm at its home pose, the gripper open."""
    commands = [Command(0.0, w, "velocity", 0.0) for w in (desc.base_left_wheel, desc.base_right_wheel)]
    commands += [Command(0.0, j, "position", q) for j, q in zip(desc.arm_joints, ARM_HOME_RAD, strict=True)]
    return commands + [Command(0.0, g, "position", desc.joint(g).upper) for g in desc.gripper_joints]


def command_sequence(desc: RobotDescription | None = None) -> CommandSequence:
    """Straight at 4 rad/s (1-4 s), spin in place at -4/+4 rad/s (5-8 s), an arc at 3/5 rad/s
    (9-13 s), the arm moved to a reach pose and held (14-20 s); the arm held at home while the
    base drives. Figures are read once each motion is steady (a second after it starts)."""
    desc = desc or robot_description()
    left, right = desc.base_left_wheel, desc.base_right_wheel
    reach = dict(zip(desc.arm_joints, (0.6, 0.2, -2.0, 1.0), strict=True))  # clear of the base and the floor
    wheels = {"straight": (4.0, 4.0), "spin": (-4.0, 4.0), "arc": (3.0, 5.0)}
    commands = held_at_home(desc)
    for start, stop, name in ((1.0, 4.0, "straight"), (5.0, 8.0, "spin"), (9.0, 13.0, "arc")):
        commands += [Command(start, left, "velocity", wheels[name][0]), Command(start, right, "velocity", wheels[name][1]),
                     Command(stop, left, "velocity", 0.0), Command(stop, right, "velocity", 0.0)]
    commands += [Command(14.0, j, "position", q) for j, q in reach.items()]
    windows = (Window("straight", 2.0, 4.0), Window("spin", 6.0, 8.0), Window("arc", 10.0, 13.0),
               Window("arm_hold_driving", 2.0, 13.0), Window("arm_hold", 17.0, 20.0))
    return CommandSequence(tuple(sorted(commands, key=lambda c: c.t_s)), windows, wheels, (left, right), reach)


GRASP_CUBE_XY_M = (0.38, 0.0)  # the cube's centre, ahead of the robot (start frame) [m]
GRASP_LIFT_M = 0.10            # how far the grasp point rises after closing [m]
PREGRASP_HEIGHT_M = 0.08       # above the cube's centre before descending [m]


@dataclass(frozen=True)
class GraspPlan:
    """Reach above a cube, descend, close the fingers, lift and hold (top-down grasps as the pick
    skill makes them, from the arm's inverse kinematics)."""

    commands: tuple[Command, ...]
    cube_xyz_m: tuple[float, float, float]
    cube_size_m: float
    cube_mass_kg: float
    lift_m: float
    duration_s: float = 12.0


def grasp_plan(desc: RobotDescription | None = None) -> GraspPlan:
    from lam_core.robot.kinematics import ArmGeometry, grasp_height_m, top_down_ik
    from lam_core.scenarios import CUBE_MASS_KG
    from lam_core.vocabulary import LABEL_SIZES_M

    desc = desc or robot_description()
    arm = ArmGeometry.from_description(desc)
    size = LABEL_SIZES_M["cube"][2]
    x, y, z = (*GRASP_CUBE_XY_M, size / 2)
    grip_z = grasp_height_m(arm, z)
    above, grasp, lifted = (top_down_ik(arm, (x, y, h)) for h in (grip_z + PREGRASP_HEIGHT_M, grip_z, grip_z + GRASP_LIFT_M))
    commands = held_at_home(desc)
    for t, pose in ((1.0, above), (3.5, grasp), (7.0, lifted)):
        commands += [Command(t, j, "position", q) for j, q in zip(desc.arm_joints, pose, strict=True)]
    commands += [Command(5.5, g, "position", desc.joint(g).lower) for g in desc.gripper_joints]  # closed
    return GraspPlan(tuple(sorted(commands, key=lambda c: c.t_s)), (x, y, z), size, CUBE_MASS_KG, GRASP_LIFT_M)


def grasp_held(traj: Trajectory, plan: GraspPlan) -> bool:
    """The cube rose with the gripper and stayed up: over the last 2 s its centre is at least half
    the lift above where it started."""
    cube = traj.tracked["cube"]
    last = traj.t >= plan.duration_s - 2.0
    return bool(np.min(cube[last, 2]) >= plan.cube_xyz_m[2] + plan.lift_m / 2)


def cube_sdf(plan: GraspPlan) -> str:
    """The grasp plan's cube as an SDF model named "cube" (friction as in the MuJoCo scene)."""
    s, m = plan.cube_size_m, plan.cube_mass_kg
    inertia = m * s * s / 6
    x, y, z = plan.cube_xyz_m
    box = f"<geometry><box><size>{s} {s} {s}</size></box></geometry>"
    return f"""    <model name="cube">
      <pose>{x} {y} {z} 0 0 0</pose>
      <link name="link">
        <inertial><mass>{m}</mass><inertia><ixx>{inertia}</ixx><iyy>{inertia}</iyy><izz>{inertia}</izz></inertia></inertial>
        <collision name="collision">{box}<surface><friction><ode><mu>1.0</mu><mu2>1.0</mu2></ode></friction></surface></collision>
        <visual name="visual">{box}</visual>
      </link>
    </model>"""


def command_file_text(commands: Sequence[Command]) -> str:
    """twin_physics's command file: a line per command, ``t_s joint mode value``."""
    lines = ["# t_s joint mode value"]
    lines += [f"{c.t_s:.3f} {c.joint} {c.mode} {c.value:.6f}" for c in commands]
    return "\n".join(lines) + "\n"


@dataclass
class Trajectory:
    """Logged every LOG_PERIOD_S: time [s], base pose in the start frame (x, y [m], yaw [rad],
    yaw unwrapped), joint positions by name."""

    engine: str
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    yaw: np.ndarray
    joints: dict[str, np.ndarray] = field(default_factory=dict)
    wall_s: float = 0.0
    tracked: dict[str, np.ndarray] = field(default_factory=dict)  # another model's position, N x 3 [m]


# ------------------------------------------------------------------------------- prediction
def predicted(desc: RobotDescription, sequence: CommandSequence) -> dict[str, float]:
    """What the wheel geometry predicts: forward speed [m/s], yaw rate [rad/s], arc radius [m]."""
    r, sep = desc.wheel_radius_m, desc.wheel_separation_m
    (sl, sr), (pl, pr), (al, ar) = (sequence.wheel_radps[k] for k in ("straight", "spin", "arc"))
    return {"straight_speed_mps": r * (sl + sr) / 2, "spin_rate_radps": r * (pr - pl) / sep,
            "arc_radius_m": sep / 2 * (al + ar) / (ar - al)}


def figures(traj: Trajectory, sequence: CommandSequence) -> dict[str, float]:
    """The measured counterparts of ``predicted``, the arm's worst deviation from its target while
    held [rad] (while the base drives, and after the reach move), and how closely the wheels
    follow their speed commands (mean ratio of measured to commanded speed)."""
    win = {w.name: w for w in sequence.windows}

    def mask(name: str) -> np.ndarray:
        return (traj.t >= win[name].start_s) & (traj.t <= win[name].end_s)

    def rates(name: str) -> tuple[float, float]:
        m = mask(name)
        t, x, y, yaw = traj.t[m], traj.x[m], traj.y[m], traj.yaw[m]
        path = float(np.sum(np.hypot(np.diff(x), np.diff(y))))
        return path / (t[-1] - t[0]), float((yaw[-1] - yaw[0]) / (t[-1] - t[0]))

    speed, _ = rates("straight")
    _, spin = rates("spin")
    arc_v, arc_w = rates("arc")
    tracking = []  # each wheel's mean speed over its command, in every driving window
    for name in ("straight", "spin", "arc"):
        m = mask(name)
        for joint, commanded in zip(sequence.wheel_joints, sequence.wheel_radps[name], strict=True):
            wheel_speed = float(np.mean(np.diff(traj.joints[joint][m]) / np.diff(traj.t[m])))
            tracking.append(wheel_speed / commanded)
    home = dict(zip(sequence.arm_targets, ARM_HOME_RAD, strict=True))
    drift_driving = max(float(np.max(np.abs(traj.joints[j][mask("arm_hold_driving")] - q))) for j, q in home.items())
    drift_held = max(float(np.max(np.abs(traj.joints[j][mask("arm_hold")] - q))) for j, q in sequence.arm_targets.items())
    return {"straight_speed_mps": speed, "spin_rate_radps": spin, "arc_radius_m": arc_v / arc_w if arc_w else math.inf,
            "arm_hold_drift_rad": max(drift_driving, drift_held), "wheel_speed_ratio": float(np.mean(tracking))}


def trajectory_rmse_m(a: Trajectory, b: Trajectory) -> float:
    """Root mean square distance between the two base paths at the same times [m]."""
    t = np.arange(0.0, min(a.t[-1], b.t[-1]) + 1e-9, LOG_PERIOD_S)
    dx = np.interp(t, a.t, a.x) - np.interp(t, b.t, b.x)
    dy = np.interp(t, a.t, a.y) - np.interp(t, b.t, b.y)
    return float(np.sqrt(np.mean(dx * dx + dy * dy)))


# ------------------------------------------------------------------------------- MuJoCo
def run_mujoco(sequence: CommandSequence | GraspPlan) -> Trajectory:
    """The commands in the project's MuJoCo simulator, in an empty room (a grasp plan's cube in it):
    wheel speeds as the base command they make (the simulator turns it back into the same wheel
    speeds), arm and gripper targets through the position actuators; poses from the simulator's
    ground truth, the cube tracked as "cube"."""
    import time

    from lam_core.datatypes import Pose2D, Twist2D
    from lam_core.scenarios import ObjectSpec, Scenario
    from lam_core.sim.world import SimWorld

    objects: tuple[ObjectSpec, ...] = ()
    if isinstance(sequence, GraspPlan):
        size = sequence.cube_size_m
        objects = (ObjectSpec("red cube", "cube", "red", sequence.cube_xyz_m, 0.0, (size, size, size), sequence.cube_mass_kg),)
    scenario = Scenario("twin", "train", 0, 12.0, Pose2D(0.0, 0.0, 0.0), objects, "", "")
    world = SimWorld(scenario)
    t0 = time.perf_counter()
    try:
        desc = world.robot
        r, sep = desc.wheel_radius_m, desc.wheel_separation_m
        wheels = {desc.base_left_wheel: 0.0, desc.base_right_wheel: 0.0}
        steps_per_log = max(1, round(LOG_PERIOD_S / world.timestep_s))
        names = world.joint_names
        rows: list[list[float]] = []
        pending = list(sequence.commands)
        while True:
            now = float(world.data.time)
            while pending and pending[0].t_s <= now + 1e-9:
                c = pending.pop(0)
                if c.mode == "velocity":
                    wheels[c.joint] = c.value
                    left, right = wheels[desc.base_left_wheel], wheels[desc.base_right_wheel]
                    world.set_base_command(Twist2D(r * (left + right) / 2, r * (right - left) / sep))
                else:
                    world.set_joint_targets({c.joint: c.value})
            truth = world.ground_truth()
            cube = list(truth.objects[0].position_m) if objects else []
            rows.append([now, truth.robot.x_m, truth.robot.y_m, truth.robot.yaw_rad, *world.joint_positions(names), *cube])
            if now >= sequence.duration_s - 1e-9:
                break
            world.step(steps_per_log)
    finally:
        world.close()
    data = np.array(rows)
    tracked = {"cube": data[:, 4 + len(names) : 7 + len(names)]} if objects else {}
    return Trajectory("mujoco", data[:, 0], data[:, 1], data[:, 2], np.unwrap(data[:, 3]),
                      {n: data[:, 4 + i] for i, n in enumerate(names)}, time.perf_counter() - t0, tracked)


# ------------------------------------------------------------------------------- Gazebo physics
def missing_packages() -> list[str]:
    """Debian packages (or tools) the Gazebo side needs that are not installed."""
    missing = [tool for tool in ("g++", "pkg-config") if shutil.which(tool) is None]
    if missing:
        return missing
    have = subprocess.run(["pkg-config", "--exists", *PKG_CONFIG_MODULES], check=False).returncode == 0
    return [] if have else list(DEBIAN_PACKAGES)


def build_program(out_dir: Path) -> Path:
    """sim/twin/twin_physics.cc built against Ignition Physics 5 [the binary's path]."""
    missing = missing_packages()
    if missing:
        raise SimError(f"the Gazebo physics twin needs {', '.join(missing)} (make setup installs them)")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", *PKG_CONFIG_MODULES], capture_output=True, text=True,
                           check=True).stdout.split()
    binary = out_dir / "twin_physics"
    built = subprocess.run(["g++", "-std=c++17", "-O2", "-o", str(binary), str(sim_dir() / PROGRAM_SOURCE), *flags],
                           capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise SimError(f"cannot build sim/{PROGRAM_SOURCE}:\n{built.stderr[-2000:]}")
    return binary


def world_sdf(extra_models: Sequence[str] = ()) -> str:
    """An empty world with a ground plane and the robot at the origin (SDF 1.9)."""
    models = "\n".join(extra_models)
    return f"""<?xml version="1.0"?>
<sdf version="1.9">
  <world name="twin">
    <gravity>0 0 -9.81</gravity>
    <model name="ground_plane">
      <static>true</static>
      <link name="link">
        <collision name="collision"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry></collision>
      </link>
    </model>
    <include><uri>model://lam_robot</uri><name>lam_robot</name><pose>0 0 0 0 0 0</pose></include>
{models}
  </world>
</sdf>
"""


def run_gazebo_physics(sequence: CommandSequence | GraspPlan, engine: str, binary: Path, work_dir: Path) -> Trajectory:
    """The commands in Gazebo's physics layer with ``engine`` (dartsim or bullet), 1 ms steps; a
    grasp plan's cube is in the world and tracked as "cube"."""
    if engine not in ENGINES:
        raise SimError(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}")
    grasp = isinstance(sequence, GraspPlan)
    name = f"twin_{'grasp_' if grasp else ''}{engine}"
    world = work_dir / f"{name}_world.sdf"
    world.write_text(world_sdf([cube_sdf(sequence)] if isinstance(sequence, GraspPlan) else []), encoding="utf-8")
    tracked = ("cube",) if grasp else ()
    out = work_dir / f"{name}.csv"
    wall = _run_program(binary, engine, world, sequence.commands, out, sequence.duration_s, tracked)
    return read_trajectory(out, engine, wall, tracked)


def _run_program(binary: Path, engine: str, world: Path, commands: Sequence[Command], out: Path, duration_s: float,
                 tracked: Sequence[str] = ()) -> float:
    """twin_physics on ``world`` with ``commands``, the robot's trajectory (and the ``tracked``
    models') written to ``out``; the program's wall time [s]. SimError with its message on failure."""
    command_file = out.with_suffix(".commands.txt")
    command_file.write_text(command_file_text(commands), encoding="utf-8")
    proc = subprocess.run([str(binary), "--engine", engine, "--world", str(world), "--resource-path", str(sim_dir()),
                           "--model", "lam_robot", "--commands", str(command_file), "--out", str(out),
                           "--duration", f"{duration_s:g}", "--log-period", f"{LOG_PERIOD_S:g}",
                           *(arg for model in tracked for arg in ("--track", model))],
                          capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        raise SimError(f"twin_physics ({engine}) cannot run {world.name}: {(proc.stderr or proc.stdout).strip()[-2000:]}")
    return next((float(tok.split("=", 1)[1]) for tok in proc.stdout.split() if tok.startswith("wall_s=")), 0.0)


@dataclass(frozen=True)
class Settled:
    """How the robot came to rest in a world, wheels and arm held [m, rad]."""

    world: str
    drift_m: float        # base travel in the plane from its start
    max_tilt_rad: float   # largest roll or pitch once settled (after the first second)
    height_change_m: float


def settle_in_world(world: Path, binary: Path, work_dir: Path, seconds: float = 3.0,
                    engine: str = "dartsim") -> Settled:
    """Load a committed Gazebo world (sim/gazebo/worlds/) unchanged, hold the wheels and the arm
    (home pose, gripper open) and report how the robot settled."""
    out = work_dir / f"settle_{world.stem}.csv"
    _run_program(binary, engine, world, held_at_home(robot_description()), out, seconds)
    with out.open(encoding="utf-8") as fh:
        col = {name: i for i, name in enumerate(fh.readline().strip().split(","))}
    data = np.loadtxt(out, delimiter=",", skiprows=1, ndmin=2)
    x, y, z = (data[:, col[k]] for k in ("x", "y", "z"))
    settled = data[:, col["t"]] >= 1.0
    tilt = np.abs(data[settled][:, [col["roll"], col["pitch"]]])
    return Settled(world.name, float(np.hypot(x[-1] - x[0], y[-1] - y[0])), float(tilt.max()), float(z[-1] - z[0]))


def read_trajectory(path: Path, engine: str, wall_s: float = 0.0, tracked: Sequence[str] = ()) -> Trajectory:
    """A trajectory CSV written by twin_physics (t, x, y, z, roll, pitch, yaw, joints..., then
    MODEL_x, MODEL_y, MODEL_z for each tracked model)."""
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    col = {name: i for i, name in enumerate(header)}
    positions = {model: data[:, [col[f"{model}_{axis}"] for axis in "xyz"]] for model in tracked}
    skip = {"t", "x", "y", "z", "roll", "pitch", "yaw", *(f"{m}_{axis}" for m in tracked for axis in "xyz")}
    joints = {name: data[:, i] for name, i in col.items() if name not in skip}
    return Trajectory(engine, data[:, col["t"]], data[:, col["x"]], data[:, col["y"]], np.unwrap(data[:, col["yaw"]]),
                      joints, wall_s, positions)


def compare(engines: Sequence[str] = DEFAULT_ENGINES, work_dir: Path | None = None) -> dict[str, object]:
    """Every engine's figures, their ratios to the prediction, and each Gazebo engine's path
    RMSE against MuJoCo's; an engine that cannot run the robot gets {"error": why} instead."""
    desc = robot_description()
    sequence = command_sequence(desc)
    expect = predicted(desc, sequence)
    plan = grasp_plan(desc)
    runs = {"mujoco": run_mujoco(sequence)}
    grasps = {"mujoco": grasp_held(run_mujoco(plan), plan)}
    with tempfile.TemporaryDirectory(prefix="lam_twin_") as tmp:
        folder = Path(work_dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        binary = build_program(folder)
        failed: dict[str, str] = {}
        for engine in engines:
            try:
                runs[engine] = run_gazebo_physics(sequence, engine, binary, folder)
                grasps[engine] = grasp_held(run_gazebo_physics(plan, engine, binary, folder), plan)
            except SimError as exc:
                failed[engine] = str(exc)
        worlds = sorted((sim_dir() / "gazebo" / "worlds").glob("*.sdf"))
        settled = [settle_in_world(w, binary, folder) for w in worlds] if "dartsim" in engines else []
    result: dict[str, object] = {"predicted": expect, **{name: {"error": why} for name, why in failed.items()}}
    result["worlds_settled_dartsim"] = {s.world: {"drift_m": round(s.drift_m, 5), "max_tilt_rad": round(s.max_tilt_rad, 4)}
                                        for s in settled}
    for name, traj in runs.items():
        measured = figures(traj, sequence)
        result[name] = {
            **{k: round(v, 4) for k, v in measured.items()},
            "straight_speed_ratio": round(measured["straight_speed_mps"] / expect["straight_speed_mps"], 4),
            "spin_rate_ratio": round(measured["spin_rate_radps"] / expect["spin_rate_radps"], 4),
            "arc_radius_ratio": round(measured["arc_radius_m"] / expect["arc_radius_m"], 4),
            "grasp_held": grasps[name],
            "wall_s": round(traj.wall_s, 2),
        }
        if name != "mujoco":
            result[name]["trajectory_rmse_m"] = round(trajectory_rmse_m(runs["mujoco"], traj), 4)  # type: ignore[index]
    return result
