"""lam_bringup: the lam command line, and the share of the project's runtime data.

The data lives at the repository root (config/, launch/, sim/, models/policy/, models/detector/,
models/keyword/, models/speech/) and is reached through the symlinks config, launch, sim and models in this folder
(committed to git), so every data_files path is relative to this folder. colcon --symlink-install links each listed file into
its build folder and from there into share/lam_bringup; a plain install copies the files. Paths
such as ../../../config/x.yaml are not used: colcon joins them to its build folder too, and with
a build base at another depth it writes links outside the build folder.
"""

import os
from pathlib import Path

from setuptools import find_packages, setup

PACKAGE = "lam_bringup"
SHARE = "share/" + PACKAGE
# The package folder itself: colcon runs this file through a symlink in its build folder, where
# only the files listed here are linked, so the lists always come from the source.
HERE = Path(__file__).resolve().parent
SKIP_DIRS = {"__pycache__"}


def data_tree(folder: str, suffixes: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    """data_files entries installing the files under ``folder`` (those ending in one of
    ``suffixes``, or all) into share/lam_bringup/<folder>, keeping sub-folders."""
    root = HERE / folder
    if not root.is_dir():
        raise SystemExit(
            f"{PACKAGE}: {root} is missing; it is a symlink to the repository's {folder} folder "
            "(check out with git config core.symlinks true)"
        )
    groups: dict[str, list[str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        rel_dir = Path(folder) / Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith((".pyc", "~")) or (suffixes and not name.endswith(suffixes)):
                continue
            groups.setdefault(rel_dir.as_posix(), []).append((rel_dir / name).as_posix())
    if not groups:
        raise SystemExit(f"{PACKAGE}: no data files under {root}")
    return [(f"{SHARE}/{rel_dir}", files) for rel_dir, files in sorted(groups.items())]


setup(
    name=PACKAGE,
    version="0.1.0",
    packages=find_packages(exclude=["test"]),
    data_files=[
        ("share/ament_index/resource_index/packages", ["resource/" + PACKAGE]),
        (SHARE, ["package.xml"]),
        *data_tree("config", (".yaml", ".xml")),
        *data_tree("launch", (".py",)),
        *data_tree("sim"),  # robot model (MuJoCo robot.xml, URDF, SDF) and Gazebo worlds
        *data_tree("models/policy"),  # shipped policy: model.safetensors, config.json, README.md (its model card)
        *data_tree("models/detector"),  # shipped learned detector: model.safetensors, config.json
        *data_tree("models/keyword"),  # shipped stop/halt keyword spotter: model.safetensors, config.json
        *data_tree("models/speech"),  # shipped learned speech recogniser: model.safetensors, config.json
        *data_tree("data", (".yaml",)),  # benchmark data: the labelled goal set
    ],
    install_requires=["setuptools"],
    zip_safe=True,
    description="The lam command line: graph runner, demo, simulator viewer; config, launch files, robot model and policy.",
    license="Apache-2.0",
    entry_points={
        "console_scripts": [
            "lam = lam_bringup.cli:main",
        ],
    },
)
