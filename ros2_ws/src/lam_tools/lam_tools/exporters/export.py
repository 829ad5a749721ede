"""Writes every file generated from the robot description (`lam robot export`)."""

from __future__ import annotations

from pathlib import Path

from lam_core.paths import project_root, source_root
from lam_core.robot.description import robot_description
from lam_core.robot.mjcf import robot_mjcf
from lam_tools.exporters.sdf import gazebo_files
from lam_tools.exporters.urdf import robot_urdf


def generated_files(root: Path | None = None) -> dict[Path, str]:
    """Path -> text of the MuJoCo model, the URDF and the Gazebo model and worlds, under ``root``
    (default: the installed or checked-out data, project_root())."""
    root = root or project_root()
    desc = robot_description()
    folder = root / "sim" / desc.name
    files = {folder / "robot.xml": robot_mjcf(desc), folder / f"{desc.name}.urdf": robot_urdf(desc)}
    files.update(gazebo_files(root))
    return files


def export_all(root: Path | None = None) -> list[Path]:
    """Write every generated file into ``root`` (default: the source checkout, source_root())."""
    written = []
    for path, text in generated_files(root or source_root()).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
