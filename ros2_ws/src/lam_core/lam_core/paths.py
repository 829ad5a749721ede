"""Where the project's config/ and sim/ folders are.

The packages are installed in develop (symlink) mode, so the source tree is found from this
file. ``LAM_ROOT`` overrides it (e.g. a deployed copy of config/ and sim/ elsewhere).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lam_core.errors import ConfigError

_MARKER = Path("config") / "contract.yaml"


@lru_cache(maxsize=1)
def project_root() -> Path:
    """Root folder holding config/ and sim/."""
    env = os.environ.get("LAM_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not (root / _MARKER).is_file():
            raise ConfigError(f"LAM_ROOT={env} has no {_MARKER}")
        return root
    for parent in Path(__file__).resolve().parents:
        if (parent / _MARKER).is_file():
            return parent
    raise ConfigError(f"cannot find {_MARKER} above {__file__}; set LAM_ROOT to the project folder")


def config_dir() -> Path:
    return project_root() / "config"


def sim_dir() -> Path:
    return project_root() / "sim"


def dds_environment() -> dict[str, str]:
    """Environment every process of the agent runs with: the Fast DDS transport profile (large
    shared-memory segments for camera frames) and discovery limited to this host."""
    return {
        "FASTRTPS_DEFAULT_PROFILES_FILE": str(config_dir() / "fastdds.xml"),
        "ROS_AUTOMATIC_DISCOVERY_RANGE": "LOCALHOST",
    }


def config_file(name: str) -> Path:
    """Path of a file in config/, which must exist."""
    path = config_dir() / name
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    return path
