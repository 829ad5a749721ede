"""Builds the executor's shield limits and arm limits from its config and the robot description."""

from __future__ import annotations

from lam_core.errors import ConfigError
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.robot.description import RobotDescription
from lam_core.safety.arm import ArmLimits
from lam_core.safety.shield import ShieldLimits


def shield_limits(cfg: ExecutorNodeConfig, robot: RobotDescription) -> ShieldLimits:
    """Velocity, acceleration and jerk limits, and the lidar zones around the robot's footprint."""
    footprint = robot.footprint()
    laser = robot.fixed_transform(robot.lidar.link)[0]
    blind_ahead_m = robot.lidar.range_min_m - (footprint.front_m - laser[0])
    if cfg.stop_margin_m <= blind_ahead_m:
        raise ConfigError(
            f"stop_margin_m={cfg.stop_margin_m} lies within the lidar's blind range ahead ({blind_ahead_m:.3f} m "
            "beyond the front edge): the stop zone would never see an obstacle straight ahead"
        )
    return ShieldLimits(
        1.0 / cfg.control_rate_hz, cfg.max_vx_mps, cfg.max_reverse_mps, cfg.max_wz_radps, cfg.max_accel_mps2,
        cfg.max_decel_mps2, cfg.max_jerk_mps3, cfg.max_alpha_radps2, cfg.max_yaw_jerk_radps3,
        cfg.emergency_decel_mps2, cfg.emergency_yaw_decel_radps2, cfg.command_timeout_s,
        footprint, (laser[0], laser[1]), cfg.stop_margin_m, cfg.slow_margin_m,
        cfg.slow_speed_mps, cfg.turn_margin_m, cfg.contact_margin_m, cfg.scan_timeout_s, cfg.absurd_factor,
    )


def arm_limits(cfg: ExecutorNodeConfig) -> ArmLimits:
    return ArmLimits(cfg.arm_velocity_scale, cfg.arm_point_period_s, cfg.arm_min_duration_s, cfg.arm_replan_tolerance)
