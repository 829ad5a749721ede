"""A rendered RGB-D frame of a scenario's start, for tests that feed a detector or camera_node."""

from __future__ import annotations

from lam_core.datatypes import CameraIntrinsics, DepthImage, RgbImage
from lam_core.scenarios import Scenario
from lam_core.sim.world import SimWorld


def rendered_frame(scenario: Scenario, steps: int = 5) -> tuple[RgbImage, DepthImage, CameraIntrinsics]:
    """The colour and depth images and the intrinsics after ``steps`` physics steps."""
    world = SimWorld(scenario)
    try:
        world.step(steps)
        rgb, depth = world.render_rgbd()
        return rgb, depth, world.intrinsics
    finally:
        world.close()
