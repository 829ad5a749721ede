"""Where the project's runtime data is: config/, sim/ and models/ under one root folder.

The root is, in this order:

1. ``LAM_ROOT`` when set: an explicit override (a source checkout, a deployed copy);
2. the installed share of lam_bringup, ``<prefix>/share/lam_bringup``, for the first prefix in
   AMENT_PREFIX_PATH, then this interpreter's prefix (the venv the workspace is built into),
   that holds config/contract.yaml; a develop (--symlink-install) build links its files to the
   source tree;
3. the source tree above this file, for a source checkout that was never built.

The bottom layer of lam_core: no rclpy, no ament_index_python (AMENT_PREFIX_PATH is read here).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from lam_core.errors import ConfigError

_MARKER = Path("config") / "contract.yaml"
DATA_PACKAGE = "lam_bringup"
"""The package whose share holds config/, launch/, sim/ and models/policy/."""


def _prefixes() -> list[Path]:
    """The install prefixes searched for share folders: AMENT_PREFIX_PATH, then sys.prefix."""
    entries = [p for p in os.environ.get("AMENT_PREFIX_PATH", "").split(os.pathsep) if p]
    return [Path(p) for p in entries] + [Path(sys.prefix)]


@lru_cache(maxsize=1)
def project_root() -> Path:
    """Root folder holding config/ and sim/ (see the module docstring for the search order)."""
    env = os.environ.get("LAM_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / _MARKER).is_file():
            raise ConfigError(f"LAM_ROOT={env} has no {_MARKER}")
        return root
    shares = [(prefix / "share" / DATA_PACKAGE).absolute() for prefix in _prefixes()]
    for share in shares:
        if (share / _MARKER).is_file():
            return share
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / _MARKER).is_file():
            return parent
    searched = ", ".join(str(s) for s in dict.fromkeys(shares))
    raise ConfigError(
        f"cannot find {_MARKER}: LAM_ROOT is not set, the installed share of {DATA_PACKAGE} has none "
        f"(searched AMENT_PREFIX_PATH, then sys.prefix: {searched}), and no folder above {here} has one; "
        "build the workspace (make setup) or set LAM_ROOT to the project folder"
    )


def source_root() -> Path:
    """The source checkout, where generated robot files and trained weights are written:
    ``LAM_ROOT`` when set, else the checkout above this file (a develop build links back to it)."""
    env = os.environ.get("LAM_ROOT")
    if env:
        return project_root()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / _MARKER).is_file():
            return parent
    raise ConfigError(f"no source checkout above {here}; set LAM_ROOT to the project folder to write into it")


def config_dir() -> Path:
    return project_root() / "config"


def sim_dir() -> Path:
    return project_root() / "sim"


def data_dir() -> Path:
    """Data the project ships for its benchmarks (data/language/goals.yaml)."""
    return project_root() / "data"


def dds_environment(shared_memory: bool = True) -> dict[str, str]:
    """Environment a process of the agent runs with: its Fast DDS transport profile (shared memory
    with segments large enough for camera frames, plus UDP; or UDP only) and discovery limited to
    this host."""
    return {
        "FASTRTPS_DEFAULT_PROFILES_FILE": str(config_dir() / ("fastdds.xml" if shared_memory else "fastdds_udp.xml")),
        "ROS_AUTOMATIC_DISCOVERY_RANGE": "LOCALHOST",
    }


def config_file(name: str) -> Path:
    """Path of a file in config/, which must exist."""
    path = config_dir() / name
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    return path


def interface_dir(package: str, kind: str) -> Path:
    """Installed interface definitions of ``package`` (``kind``: msg, srv or action), from the
    share folder of the first prefix in AMENT_PREFIX_PATH that has them, or of this interpreter's
    prefix (the venv the workspace is built into)."""
    for prefix in _prefixes():
        path = prefix / "share" / package / kind
        if path.is_dir():
            return path
    raise ConfigError(f"no share/{package}/{kind} under AMENT_PREFIX_PATH or {sys.prefix}; build the workspace (make setup)")
