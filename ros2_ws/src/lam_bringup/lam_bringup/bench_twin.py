"""`lam bench twin`: the robot's 20 s command sequence (straight, spin in place, an arc, arm moves
and holds) and a top-down grasp of a cube, in the MuJoCo simulator and in Gazebo's physics layer
(DART, Gazebo's default engine; Bullet on request), each figure beside what the wheel geometry
predicts, and each Gazebo engine's base path against MuJoCo's. Prints a table, then one JSON line."""

from __future__ import annotations

import json
from pathlib import Path

from lam_core.sim import twin

TARGETS = ("targets: every ratio within 3 % of 1.0, arm held within 0.01 rad, the cube held, path RMSE against "
           "MuJoCo <= 5 cm over 20 s")


def table(result: dict[str, object]) -> str:
    engines = [k for k, v in result.items() if k in ("mujoco", *twin.ENGINES) and "error" not in v]  # type: ignore[operator]
    rows = ["straight_speed_ratio", "spin_rate_ratio", "arc_radius_ratio", "wheel_speed_ratio", "arm_hold_drift_rad",
            "grasp_held", "trajectory_rmse_m", "wall_s"]
    lines = ["| figure | " + " | ".join(engines) + " |", "|" + " --- |" * (len(engines) + 1)]
    for row in rows:
        cells = [str(result[e].get(row, "-")) for e in engines]  # type: ignore[attr-defined]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(engines: list[str], out: Path | None = None) -> int:
    result = twin.compare(engines, out)
    print(f"[bench twin] predicted by the wheel geometry: {result['predicted']}")
    print(table(result))
    for world, rest in result["worlds_settled_dartsim"].items():  # type: ignore[attr-defined]
        print(f"[bench twin] {world} in DART, wheels and arm held 3 s: base moved {rest['drift_m'] * 1000:.2f} mm, "
              f"tilt {rest['max_tilt_rad']:.4f} rad")
    for name, value in result.items():
        if isinstance(value, dict) and "error" in value:
            print(f"[bench twin] {name} could not run the robot: {value['error']}")
    print(f"[bench twin] {TARGETS}")
    print(json.dumps(result))
    return 0
