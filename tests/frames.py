"""A rendered RGB-D frame of a scenario's start, for tests that feed a detector or camera_node."""

from __future__ import annotations

from dataclasses import replace

from lam_core.datatypes import CameraIntrinsics, DepthImage, Pose2D, RgbImage
from lam_core.scenarios import ObjectSpec, Scenario, make_scenario
from lam_core.sim.world import SensorSpec, SimWorld

SMALL_CAMERA = SensorSpec(160, 120, 90, 0.16, 8.0)


def rendered_frame(scenario: Scenario, steps: int = 5,
                   sensors: SensorSpec | None = None) -> tuple[RgbImage, DepthImage, CameraIntrinsics]:
    """The colour and depth images and the intrinsics after ``steps`` physics steps (``sensors``:
    the description's camera by default)."""
    world = SimWorld(scenario, sensors)
    try:
        world.step(steps)
        rgb, depth = world.render_rgbd()
        return rgb, depth, world.intrinsics
    finally:
        world.close()


def one_red_box_scene() -> Scenario:
    """A room with nothing in it but a red box 1.5 m straight ahead of the robot."""
    box = ObjectSpec("red box", "box", "red", (1.5, 0.0, 0.15), 0.0, (0.3, 0.3, 0.3), 2.0)
    return replace(make_scenario("goto", "train", 0), robot_start=Pose2D(0.0, 0.0, 0.0), objects=(box,))
