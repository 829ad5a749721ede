"""Gaussian sensor noise for the simulator, seeded for repeatability. Zero std = exact data."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lam_core.datatypes import DepthImage, ImuSample, LaserScan
from lam_core.node_configs import SimNodeConfig


@dataclass(frozen=True)
class NoiseSpec:
    depth_std_m: float
    scan_std_m: float
    gyro_std_radps: float
    accel_std_mps2: float
    seed: int


class SensorNoise:
    def __init__(self, spec: NoiseSpec) -> None:
        self.spec = spec
        self._rng = np.random.default_rng(spec.seed)

    def depth(self, img: DepthImage) -> DepthImage:
        if self.spec.depth_std_m <= 0:
            return img
        noisy = img.depth_m + self._rng.normal(0.0, self.spec.depth_std_m, img.depth_m.shape).astype(np.float32)
        return replace(img, depth_m=np.maximum(noisy, 0.0).astype(np.float32))

    def scan(self, scan: LaserScan) -> LaserScan:
        if self.spec.scan_std_m <= 0:
            return scan
        noisy = scan.ranges_m + self._rng.normal(0.0, self.spec.scan_std_m, scan.ranges_m.shape).astype(np.float32)
        return replace(scan, ranges_m=noisy.astype(np.float32))

    def imu(self, s: ImuSample) -> ImuSample:
        if self.spec.gyro_std_radps <= 0 and self.spec.accel_std_mps2 <= 0:
            return s
        g = np.asarray(s.angular_velocity_radps) + self._rng.normal(0.0, max(self.spec.gyro_std_radps, 0.0), 3)
        a = np.asarray(s.linear_acceleration_mps2) + self._rng.normal(0.0, max(self.spec.accel_std_mps2, 0.0), 3)
        return replace(
            s,
            angular_velocity_radps=(float(g[0]), float(g[1]), float(g[2])),
            linear_acceleration_mps2=(float(a[0]), float(a[1]), float(a[2])),
        )


def make_noise(cfg: SimNodeConfig) -> SensorNoise:
    """The simulator's sensor noise, seeded with the scenario seed."""
    return SensorNoise(NoiseSpec(cfg.depth_noise_std_m, cfg.scan_noise_std_m, cfg.gyro_noise_std_radps,
                                 cfg.accel_noise_std_mps2, cfg.seed))
