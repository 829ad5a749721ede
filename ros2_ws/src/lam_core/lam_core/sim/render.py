"""Pictures of a world for people: a view from above the room, beside the robot's camera."""

from __future__ import annotations

import numpy as np

from lam_core.sim.world import SimWorld


def overview_image(world: SimWorld, size_px: int = 480) -> np.ndarray:
    """RGB image: the room seen from above at an angle (left) and the robot camera view (right)."""
    import mujoco

    model, data = world.model, world.data
    renderer = mujoco.Renderer(model, size_px, size_px)
    try:
        cam = mujoco.MjvCamera()
        cam.type = mujoco.mjtCamera.mjCAMERA_FREE
        cam.lookat[:] = (0.0, 0.0, 0.0)
        cam.distance = world.scenario.room_size_m * 1.4
        cam.elevation = -65.0
        cam.azimuth = 180.0
        renderer.update_scene(data, camera=cam)
        top = renderer.render().copy()
    finally:
        renderer.close()
    rgb, _ = world.render_rgbd()
    scale = size_px / rgb.height
    import cv2

    cam_view = cv2.resize(rgb.pixels, (int(rgb.width * scale), size_px), interpolation=cv2.INTER_LINEAR)
    return np.concatenate([top, cam_view], axis=1)
