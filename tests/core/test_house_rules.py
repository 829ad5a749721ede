"""lam_core stays free of ROS: no rclpy, no message packages (house rule 1)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "ros2_ws" / "src" / "lam_core" / "lam_core"
FORBIDDEN_PREFIXES = ("rclpy", "lam_interfaces", "rosidl", "rosbag2_py", "launch", "launch_ros", "lam_ros")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_has_sources() -> None:
    assert len(list(CORE.rglob("*.py"))) > 10


def _ros_imports(path: Path) -> list[str]:
    """The imports of ``path`` that bring ROS in: rclpy, message and service packages, launch."""
    out = []
    for name in _imports(path):
        top = name.split(".")[0]
        if top.startswith(FORBIDDEN_PREFIXES) or top.endswith("_msgs") or top.endswith("_srvs"):
            out.append(name)
    return out


def test_lam_core_imports_no_ros() -> None:
    offenders = [f"{path.relative_to(CORE)}: {name}" for path in CORE.rglob("*.py") for name in _ros_imports(path)]
    assert offenders == []


def test_checker_catches_a_ros_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom sensor_msgs.msg import Image\nimport rclpy.node\nfrom std_srvs.srv import Trigger\n"
                   "import lam_ros.convert\nimport numpy\nfrom .sibling import x\n")
    assert _ros_imports(bad) == ["sensor_msgs.msg", "rclpy.node", "std_srvs.srv", "lam_ros.convert"]
