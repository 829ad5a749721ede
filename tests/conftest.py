"""Shared fixtures and markers. Tests live in folders that say what they cost: core/ (no DDS),
nodes/ (real rclpy nodes over DDS, marked nodes), e2e/ (the whole graph, the simulator, training;
marked e2e). Each test module gets its own ROS_DOMAIN_ID, so parallel runs (pytest -n 2,
or two checkouts on one machine) never see each other's nodes, and a module never sees the
discovery leftovers of nodes an earlier module stopped (DDS forgets them only after a lease)."""

from __future__ import annotations

import os
import random

import pytest

from lam_core.paths import dds_environment

# Headless rendering must be chosen before anything imports mujoco (test modules do, at import).
os.environ.setdefault("MUJOCO_GL", "egl")
os.environ.setdefault("PYOPENGL_PLATFORM", os.environ["MUJOCO_GL"])


def _domain_id() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    # 0..101 are valid on every platform; spread by worker and process.
    return 10 + (index * 23 + os.getpid() % 23 + random.Random(os.getpid()).randrange(0, 40)) % 90


_MODULES_SEEN = [0]


@pytest.fixture(scope="session", autouse=True)
def ros_isolation() -> None:
    os.environ["ROS_DOMAIN_ID"] = str(_domain_id())
    for key, value in dds_environment().items():
        os.environ.setdefault(key, value)
    os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="module", autouse=True)
def ros_domain_per_module(ros_isolation: None) -> None:
    _MODULES_SEEN[0] += 1
    os.environ["ROS_DOMAIN_ID"] = str(10 + (_domain_id() - 10 + 7 * _MODULES_SEEN[0]) % 90)


_FOLDER_MARKERS = {"e2e": "e2e", "nodes": "nodes"}
# The e2e modules that share one running graph (tests/e2e/conftest.py: shared_graph) run last, so
# that graph, once started, never runs beside another module's graph.
SHARED_GRAPH_MODULES = ("test_console_browser.py", "test_operator_commands.py", "test_view.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests are marked by the folder they live in: tests/e2e -> e2e, tests/nodes -> nodes; the
    shared-graph modules go last, in their order."""
    for item in items:
        folder = item.path.parent.name
        if folder in _FOLDER_MARKERS:
            item.add_marker(getattr(pytest.mark, _FOLDER_MARKERS[folder]))
    shared = [item for item in items if item.path.parent.name == "e2e" and item.path.name in SHARED_GRAPH_MODULES]
    items[:] = [item for item in items if item not in shared] + shared
