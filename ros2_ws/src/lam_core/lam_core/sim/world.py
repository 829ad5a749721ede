"""A MuJoCo world: the robot in a scenario, with its sensors, wheel odometry and ground truth.

Frames: world = scenario frame (z up); base_link on the robot; camera images in the optical frame
(x right, y down, z forward); the lidar scans in the horizontal plane of laser_link.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from lam_core.contract import contract
from lam_core.datatypes import (
    CameraIntrinsics,
    DepthImage,
    ImuSample,
    JointStates,
    LaserScan,
    Odometry,
    Pose2D,
    RgbImage,
    SimGroundTruth,
    SimObjectState,
    Twist2D,
)
from lam_core.errors import SimError
from lam_core.geometry import yaw_from_quat_xyzw
from lam_core.robot.description import RobotDescription, robot_description
from lam_core.robot.mjcf import ARM_HOME_RAD, CONTACT_GEOM_GROUP, ROBOT_GEOM_GROUP
from lam_core.scenarios import Scenario
from lam_core.sim.camera_pipeline import apply_pipeline
from lam_core.sim.scene import ROBOT_XML, robot_xml_path, scene_assets, scene_xml

CAMERA_NAME = "rgbd"
BASE_BODY = "base_link"
# Contacts that break and resume within this much sim time are one collision: a robot pushing
# into or scraping along something bounces on and off it [s].
COLLISION_GAP_S = 0.5


@dataclass(frozen=True)
class SensorSpec:
    """Sensor geometry of the simulated robot (the description's, or smaller for fast tests)."""

    image_width: int
    image_height: int
    scan_rays: int
    scan_range_min_m: float
    scan_range_max_m: float

    @staticmethod
    def from_description(desc: RobotDescription) -> SensorSpec:
        return SensorSpec(
            desc.camera.width, desc.camera.height, desc.lidar.rays, desc.lidar.range_min_m, desc.lidar.range_max_m
        )


def yaw_from_quat_wxyz(q: np.ndarray) -> float:
    """Yaw of a MuJoCo (w, x, y, z) quaternion [rad]."""
    w, x, y, z = (float(v) for v in q)
    return yaw_from_quat_xyzw(x, y, z, w)


def _ensure_gl_backend() -> None:
    os.environ.setdefault("MUJOCO_GL", "egl")
    os.environ.setdefault("PYOPENGL_PLATFORM", os.environ["MUJOCO_GL"])


class SimWorld:
    """Physics, sensors and ground truth of one scenario. Not thread-safe: one caller at a time."""

    def __init__(self, scenario: Scenario, sensors: SensorSpec | None = None) -> None:
        _ensure_gl_backend()
        import mujoco  # heavy; imported only when a world is built

        self._mj = mujoco
        self.scenario = scenario
        self.sensors = sensors = sensors or SensorSpec.from_description(robot_description())
        try:
            robot_xml = robot_xml_path().read_bytes()
            self.model = mujoco.MjModel.from_xml_string(
                scene_xml(scenario, max(640, sensors.image_width), max(480, sensors.image_height)),
                assets={ROBOT_XML: robot_xml, **scene_assets(scenario)},
            )
        except (OSError, ValueError) as exc:
            raise SimError(f"cannot load scene {scenario.key}: {exc}") from exc
        self.data = mujoco.MjData(self.model)
        self._frames = contract().frames
        self.robot: RobotDescription = robot_description()
        desc = self.robot
        self._base_id = self.model.body(BASE_BODY).id
        wheels = (desc.base_left_wheel, desc.base_right_wheel)
        self._wheel_qvel = [self.model.joint(j).dofadr[0] for j in wheels]
        self._wheel_act = [self._actuator_for(j) for j in wheels]
        self._wheel_ctrl_max = float(self.model.actuator_ctrlrange[self._wheel_act[0]][1])
        self.wheel_separation_m = desc.wheel_separation_m
        self.wheel_radius_m = desc.wheel_radius_m
        self.joint_names: tuple[str, ...] = tuple(n for n, j in desc.joints.items() if j.movable)
        self._joint_qpos = [self.model.joint(n).qposadr[0] for n in self.joint_names]
        self._joint_qvel = [self.model.joint(n).dofadr[0] for n in self.joint_names]
        self.position_joints: tuple[str, ...] = desc.arm_joints + desc.gripper_joints
        self._position_act = {n: self._actuator_for(n) for n in self.position_joints}
        self._robot_bodies = {b for b in range(self.model.nbody) if self._in_robot(b)}
        finger_bodies = {self.model.body(desc.joint(n).child).id for n in desc.gripper_joints}
        self._floor_id = self.model.geom("floor").id
        # Geom pairs whose contact is a collision: robot (not a finger) against anything but the floor.
        body_of = self.model.geom_bodyid
        robot = np.array([int(body_of[g]) in self._robot_bodies for g in range(self.model.ngeom)])
        finger = np.array([int(body_of[g]) in finger_bodies for g in range(self.model.ngeom)])
        floor = np.arange(self.model.ngeom) == self._floor_id
        pairs = np.logical_xor.outer(robot, robot) & ~np.logical_or.outer(finger, finger)
        self._collision_pairs = pairs & ~np.logical_or.outer(floor, floor)
        self._object_bodies = [self.model.body(f"object_{i}").id for i in range(len(scenario.objects))]
        self._trigger_mocap = -1
        if scenario.trigger is not None:
            index = next(i for i, o in enumerate(scenario.objects) if o.name == scenario.trigger.name)
            self._trigger_mocap = int(self.model.body_mocapid[self._object_bodies[index]])
        fovy = math.radians(float(self.model.cam(CAMERA_NAME).fovy[0]))  # MJCF stores degrees
        self.intrinsics = CameraIntrinsics.from_fovy(sensors.image_width, sensors.image_height, fovy)
        angles = np.linspace(-math.pi, math.pi, sensors.scan_rays, endpoint=False)
        self._scan_angles = angles
        self._scan_dirs_local = np.stack([np.cos(angles), np.sin(angles), np.zeros_like(angles)], axis=1)
        self._scan_geomid = np.zeros(sensors.scan_rays, dtype=np.int32)
        self._scan_dist = np.zeros(sensors.scan_rays, dtype=np.float64)
        self._scan_groups = np.array([0 if g in (ROBOT_GEOM_GROUP, CONTACT_GEOM_GROUP) else 1 for g in range(6)], dtype=np.uint8)
        self._renderer: Any = None
        self._seg_renderer: Any = None
        self._camera_rng = np.random.default_rng(scenario.seed)  # the camera's sensor noise
        self.reset()

    def _actuator_for(self, joint: str) -> int:
        jid = self.model.joint(joint).id
        for a in range(self.model.nu):
            if int(self.model.actuator_trnid[a][0]) == jid:
                return a
        raise SimError(f"no actuator drives joint {joint}")

    def _in_robot(self, body_id: int) -> bool:
        while body_id > 0:
            if body_id == self._base_id:
                return True
            body_id = int(self.model.body_parentid[body_id])
        return False

    # ----------------------------------------------------------------- lifecycle
    def reset(self) -> None:
        mj = self._mj
        mj.mj_resetData(self.model, self.data)
        start = self.scenario.robot_start
        adr = self.model.joint("base_free").qposadr[0]
        self.data.qpos[adr : adr + 3] = (start.x_m, start.y_m, 0.0)
        self.data.qpos[adr + 3 : adr + 7] = (math.cos(start.yaw_rad / 2), 0.0, 0.0, math.sin(start.yaw_rad / 2))
        home = dict(zip(self.robot.arm_joints, ARM_HOME_RAD, strict=True))
        home.update({n: self.robot.joint(n).upper for n in self.robot.gripper_joints})  # open
        for name, q in home.items():
            self.data.qpos[self.model.joint(name).qposadr[0]] = q
        self.set_joint_targets(home)
        mj.mj_forward(self.model, self.data)
        self._odom_xyyaw = (0.0, 0.0, 0.0)
        self._odom_v = (0.0, 0.0)
        self._collisions = 0
        self._in_collision = False
        self._last_contact_s = -math.inf
        self.triggered = False
        self.set_base_command(Twist2D())

    def place_robot(self, pose: Pose2D) -> None:
        """Put the robot at a world pose, at rest (for evaluation viewpoints, not for episodes)."""
        adr = self.model.joint("base_free").qposadr[0]
        dof = self.model.joint("base_free").dofadr[0]
        self.data.qpos[adr : adr + 3] = (pose.x_m, pose.y_m, 0.0)
        self.data.qpos[adr + 3 : adr + 7] = (math.cos(pose.yaw_rad / 2), 0.0, 0.0, math.sin(pose.yaw_rad / 2))
        self.data.qvel[dof : dof + 6] = 0.0
        self._mj.mj_forward(self.model, self.data)

    def close(self) -> None:
        for renderer in (self._renderer, self._seg_renderer):
            if renderer is not None:
                renderer.close()
        self._renderer = self._seg_renderer = None

    # ----------------------------------------------------------------- time and control
    @property
    def timestep_s(self) -> float:
        return float(self.model.opt.timestep)

    @property
    def time_ns(self) -> int:
        return round(float(self.data.time) * 1e9)

    def set_base_command(self, twist: Twist2D) -> None:
        """Differential-drive kinematics: base twist -> wheel velocity targets [rad/s], saturated
        at the actuator limit with the turn/forward ratio kept."""
        if not twist.is_finite():
            raise SimError(f"non-finite base command {twist}")
        half = self.wheel_separation_m / 2
        left = (twist.vx_mps - twist.wz_radps * half) / self.wheel_radius_m
        right = (twist.vx_mps + twist.wz_radps * half) / self.wheel_radius_m
        scale = max(1.0, abs(left) / self._wheel_ctrl_max, abs(right) / self._wheel_ctrl_max)
        self.data.ctrl[self._wheel_act[0]] = left / scale
        self.data.ctrl[self._wheel_act[1]] = right / scale

    def set_joint_targets(self, targets: dict[str, float]) -> None:
        """Position targets of arm/gripper joints [rad or m], clipped to the joint limits."""
        for name, q in targets.items():
            if name not in self._position_act:
                raise SimError(f"joint {name!r} is not position-controlled")
            if not math.isfinite(q):
                raise SimError(f"non-finite target {q} for {name}")
            j = self.robot.joint(name)
            self.data.ctrl[self._position_act[name]] = min(max(q, j.lower), j.upper)

    def joint_positions(self, names: tuple[str, ...]) -> tuple[float, ...]:
        return tuple(float(self.data.qpos[self.model.joint(n).qposadr[0]]) for n in names)

    def step(self, n: int = 1) -> None:
        """Advance physics by n timesteps, integrating wheel odometry and counting collisions."""
        mj = self._mj
        dt = self.timestep_s
        r, sep = self.wheel_radius_m, self.wheel_separation_m
        qvel, il, ir = self.data.qvel, self._wheel_qvel[0], self._wheel_qvel[1]
        x, y, yaw = self._odom_xyyaw
        v = w = 0.0
        for _ in range(n):
            mj.mj_step(self.model, self.data)
            wl, wr = float(qvel[il]), float(qvel[ir])
            v, w = r * (wl + wr) / 2, r * (wr - wl) / sep
            mid = yaw + 0.5 * w * dt
            x, y, yaw = x + v * dt * math.cos(mid), y + v * dt * math.sin(mid), yaw + w * dt
            self._update_collisions()
            if self._trigger_mocap >= 0 and not self.triggered:
                self._check_trigger()
        self._odom_xyyaw = (x, y, yaw)
        if n > 0:
            self._odom_v = (v, w)

    def _check_trigger(self) -> None:
        """Safety scenarios: put the intruder in front of the robot once it nears the target."""
        trig = self.scenario.trigger
        assert trig is not None
        base = self.data.body(BASE_BODY)
        target = self.scenario.object(self.scenario.target)
        if math.dist(base.xpos[:2], target.position_m[:2]) > trig.within_m:
            return
        yaw = yaw_from_quat_wxyz(base.xquat)
        intruder = self.scenario.object(trig.name)
        x = float(base.xpos[0]) + trig.ahead_m * math.cos(yaw)
        y = float(base.xpos[1]) + trig.ahead_m * math.sin(yaw)
        self.data.mocap_pos[self._trigger_mocap] = (x, y, intruder.size_m[2] / 2)
        self.data.mocap_quat[self._trigger_mocap] = (math.cos(yaw / 2), 0.0, 0.0, math.sin(yaw / 2))
        self.triggered = True

    def _update_collisions(self) -> None:
        """Count robot contacts with anything but the floor (finger contacts are grasps); contact
        resumed within COLLISION_GAP_S of the last one continues the same collision."""
        touching = False
        if self.data.ncon:
            geoms = self.data.contact.geom  # (ncon, 2)
            touching = bool(self._collision_pairs[geoms[:, 0], geoms[:, 1]].any())
        if touching:
            if self.data.time - self._last_contact_s > COLLISION_GAP_S:
                self._collisions += 1
            self._last_contact_s = self.data.time
        self._in_collision = touching

    # ----------------------------------------------------------------- sensors
    def _renderer_for(self) -> Any:
        if self._renderer is None:
            self._renderer = self._mj.Renderer(self.model, self.sensors.image_height, self.sensors.image_width)
        return self._renderer

    def render_rgbd(self) -> tuple[RgbImage, DepthImage]:
        """Colour (rgb8) and depth (float32 metres along the optical axis) at the current time,
        from one render pass: colour and depth buffers are read together."""
        mj = self._mj
        renderer = self._renderer_for()
        renderer.update_scene(self.data, camera=CAMERA_NAME)
        h, w = self.sensors.image_height, self.sensors.image_width
        rgb = np.empty((h, w, 3), dtype=np.uint8)
        zbuf = np.empty((h, w), dtype=np.float32)
        # The mujoco.Renderer renders once per buffer; one pass through its context halves the cost.
        renderer._gl_context.make_current()
        mj.mjr_render(renderer._rect, renderer._scene, renderer._mjr_context)
        mj.mjr_readPixels(rgb, zbuf, renderer._rect, renderer._mjr_context)
        extent = float(self.model.stat.extent)
        znear = np.float32(self.model.vis.map.znear * extent)
        zfar = np.float32(self.model.vis.map.zfar * extent)
        # Undo the reversed-Z perspective projection (as mujoco.Renderer does for depth).
        c_coef = np.float32(-0.5) * (-(zfar + znear) / (zfar - znear)) - np.float32(0.5)
        d_coef = np.float32(-0.5) * (-(np.float32(2) * zfar * znear) / (zfar - znear))
        depth = (d_coef / (np.flipud(zbuf).astype(np.float64) + c_coef)).astype(np.float32)
        frame = self._frames["camera_optical"]
        stamp = self.time_ns
        pixels = apply_pipeline(np.ascontiguousarray(np.flipud(rgb)), self.scenario.appearance.camera, self._camera_rng)
        return RgbImage(stamp, frame, pixels), DepthImage(stamp, frame, depth)

    def _segmentation(self) -> np.ndarray:
        """MuJoCo's segmentation rendering of the camera view: HxWx2 (object id, object type)."""
        if self._seg_renderer is None:
            self._seg_renderer = self._mj.Renderer(self.model, self.sensors.image_height, self.sensors.image_width)
            self._seg_renderer.enable_segmentation_rendering()
        self._seg_renderer.update_scene(self.data, camera=CAMERA_NAME)
        seg: np.ndarray = self._seg_renderer.render()
        return seg

    def object_index_image(self) -> np.ndarray:
        """For each camera pixel, the index of the scenario object it shows (in
        ``scenario.objects``), or -1 (floor, walls, the robot, nothing): labels for training
        perception, never an input of the agent. HxW int16, the colour image's pixel grid."""
        seg = self._segmentation()
        out = np.full(seg.shape[:2], -1, dtype=np.int16)
        is_geom = seg[..., 1] == int(self._mj.mjtObj.mjOBJ_GEOM)
        body_to_object = np.full(self.model.nbody, -1, dtype=np.int16)
        for index, body_id in enumerate(self._object_bodies):
            body_to_object[body_id] = index
        out[is_geom] = body_to_object[self.model.geom_bodyid[seg[..., 0][is_geom]]]
        return out

    def visible_objects(self, min_pixels: int, max_distance_m: float) -> set[str]:
        """Names of scenario objects wholly in the camera image (no pixel on its border) with at
        least ``min_pixels`` pixels, centre within ``max_distance_m`` of base_link (evaluation only)."""
        mj = self._mj
        seg = self._segmentation()
        is_geom = seg[..., 1] == int(mj.mjtObj.mjOBJ_GEOM)
        geom_ids = seg[..., 0][is_geom]
        if geom_ids.size == 0:
            return set()
        counts = np.bincount(self.model.geom_bodyid[geom_ids], minlength=self.model.nbody)
        edge = np.zeros(is_geom.shape, dtype=bool)
        edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
        cut = set(self.model.geom_bodyid[seg[..., 0][is_geom & edge]].tolist())
        base = self.data.body(BASE_BODY).xpos
        names = set()
        for spec, body_id in zip(self.scenario.objects, self._object_bodies, strict=True):
            centre = self.data.body(body_id).xpos
            if counts[body_id] >= min_pixels and body_id not in cut and math.dist(centre[:2], base[:2]) <= max_distance_m:
                names.add(spec.name)
        return names

    def scan(self) -> LaserScan:
        """360 degree planar scan from laser_link; inf where nothing within range."""
        site = self.data.site(self.robot.lidar.link)
        rot = site.xmat.reshape(3, 3)
        dirs = (self._scan_dirs_local @ rot.T).reshape(-1)
        self._mj.mj_multiRay(
            self.model, self.data, site.xpos.copy(), dirs, self._scan_groups, 1, -1,
            self._scan_geomid, self._scan_dist, None, self.sensors.scan_rays, self.sensors.scan_range_max_m,
        )
        ranges = self._scan_dist.astype(np.float32)
        ranges[(self._scan_geomid < 0) | (ranges > self.sensors.scan_range_max_m)] = np.inf
        ranges[ranges < self.sensors.scan_range_min_m] = np.inf
        return LaserScan(
            self.time_ns, self._frames["laser"], float(self._scan_angles[0]),
            float(self._scan_angles[1] - self._scan_angles[0]), self.sensors.scan_range_min_m,
            self.sensors.scan_range_max_m, ranges,
        )

    def imu(self) -> ImuSample:
        gyro = self.data.sensor("imu_gyro").data
        acc = self.data.sensor("imu_accel").data
        w, x, y, z = (float(v) for v in self.data.sensor("imu_orientation").data)
        return ImuSample(
            self.time_ns, self._frames["imu"], (x, y, z, w),
            (float(gyro[0]), float(gyro[1]), float(gyro[2])), (float(acc[0]), float(acc[1]), float(acc[2])),
        )

    def odometry(self) -> Odometry:
        """Wheel odometry: integrated from wheel encoder velocities since reset."""
        return Odometry(self.time_ns, Pose2D(*self._odom_xyyaw), self._odom_v[0], self._odom_v[1])

    def joint_states(self) -> JointStates:
        return JointStates(
            self.time_ns,
            self.joint_names,
            tuple(float(self.data.qpos[a]) for a in self._joint_qpos),
            tuple(float(self.data.qvel[a]) for a in self._joint_qvel),
        )

    def ground_truth(self) -> SimGroundTruth:
        base = self.data.body(BASE_BODY)
        yaw = yaw_from_quat_wxyz(base.xquat)
        v_world = self.data.qvel[0:3]
        vx = math.cos(yaw) * float(v_world[0]) + math.sin(yaw) * float(v_world[1])
        objects = []
        for spec, body_id in zip(self.scenario.objects, self._object_bodies, strict=True):
            body = self.data.body(body_id)
            objects.append(
                SimObjectState(
                    spec.name, spec.label, spec.color,
                    (float(body.xpos[0]), float(body.xpos[1]), float(body.xpos[2])),
                    yaw_from_quat_wxyz(body.xquat), spec.size_m,
                )
            )
        return SimGroundTruth(
            self.time_ns, self.scenario.key, Pose2D(float(base.xpos[0]), float(base.xpos[1]), yaw),
            vx, float(self.data.qvel[5]), tuple(objects), self._collisions, self._in_collision,
        )
