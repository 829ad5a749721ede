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


SOURCES = Path(__file__).resolve().parents[2] / "ros2_ws" / "src"


def _unsafe_loads(path: Path) -> list[str]:
    """Calls that could run code from an untrusted file: pickle, torch.load, yaml.load without
    the safe loader, eval/exec, and Hugging Face from_pretrained without use_safetensors=True."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [f"import {a.name}" for node in ast.walk(tree) if isinstance(node, ast.Import)
             for a in node.names if a.name in ("pickle", "dill", "marshal", "shelve")]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        keywords = {k.arg: k.value for k in node.keywords}
        if name in ("eval", "exec") and isinstance(func, ast.Name):
            found.append(f"{name}() at line {node.lineno}")
        elif (owner, name) in (("torch", "load"), ("yaml", "load"), ("yaml", "unsafe_load"), ("pickle", "loads")):
            found.append(f"{owner}.{name}() at line {node.lineno}")
        elif name == "from_pretrained" and owner.startswith("Auto"):
            safe = keywords.get("use_safetensors")
            if not (isinstance(safe, ast.Constant) and safe.value is True) and "Tokenizer" not in owner and "Processor" not in owner:
                found.append(f"{owner}.from_pretrained() without use_safetensors=True at line {node.lineno}")
    return found


def test_untrusted_files_are_parsed_without_running_code() -> None:
    offenders = [f"{path.relative_to(SOURCES)}: {what}" for path in SOURCES.rglob("*.py")
                 if "build" not in path.parts for what in _unsafe_loads(path)]
    assert offenders == []


def test_unsafe_load_checker_catches_each_kind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nimport torch, yaml\nfrom transformers import AutoModel\n"
                   "torch.load('w.pt')\nyaml.load(open('a.yaml'))\neval('1')\nAutoModel.from_pretrained('m')\n"
                   "AutoModel.from_pretrained('m', use_safetensors=True)\nyaml.safe_load('a: 1')\n")
    found = _unsafe_loads(bad)
    assert len(found) == 5, found
