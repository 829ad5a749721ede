"""The fault catalogue of `lam bench chaos` and the invariants it checks, without ROS: which faults
exist, how long the base may take to come to rest after each (its stop budget, from the configs),
and the stop time read from ground truth. Times are sim time [ns] unless named otherwise."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from lam_core.node_configs import ExecutorNodeConfig, PlannerNodeConfig, SimNodeConfig

KILLABLE = ("planner_node", "camera_node", "fusion_node", "executor_node", "sim_node")
STREAM_FAULTS = ("scan_dropped", "scan_delayed", "scan_frozen")
FAULT_KINDS = (
    *(f"kill:{n}" for n in KILLABLE),
    *(f"stop:{n}" for n in KILLABLE),
    *STREAM_FAULTS,
    "estop_flapping",
    "recorder_killed",
)
REST_VX_MPS = 0.01      # ground-truth speeds under which the base counts as at rest
REST_WZ_RADPS = 0.02
SCAN_DELAY_S = 0.6      # a delayed scan stream arrives this late: beyond the shield's scan timeout
DELIVERY_S = 0.01       # one DDS delivery of the stop command or the sample that shows it
BASE_STOP_S = 0.15      # the simulated base's wheels from full speed to rest after a zero command


@dataclass(frozen=True)
class StopBudgets:
    """How long [s] after a fault the base may still move, by what must stop it."""

    watchdog_s: float        # the executor's watchdog: the planner is gone or frozen
    horizon_s: float         # the decision in force runs out: perception is gone, the planner repeats it
    base_controller_s: float  # the base's own /cmd_vel timeout: the executor is gone or frozen
    scan_s: float            # the shield's lidar timeout: scans stop, freeze or come late
    estop_s: float           # the e-stop reaches the executor
    base_stop_s: float = BASE_STOP_S  # the simulated base from full speed to rest once commanded zero

    @staticmethod
    def from_configs(executor: ExecutorNodeConfig, planner: PlannerNodeConfig, sim: SimNodeConfig,
                     sample_period_s: float) -> StopBudgets:
        """Each mechanism's timeout, plus one control period to brake (the shield brakes from full
        speed within one), two periods of the clock the bench reads (the moment of the fault and
        the moment of the stop are each known to one) and DELIVERY_S for DDS on a busy machine."""
        slack = 1.0 / executor.control_rate_hz + 2 * sample_period_s + DELIVERY_S
        return StopBudgets(
            watchdog_s=executor.command_timeout_s + slack,
            horizon_s=planner.command_horizon_s + executor.command_timeout_s + slack,
            base_controller_s=sim.cmd_vel_timeout_s + slack,
            scan_s=executor.scan_timeout_s + slack,
            estop_s=slack,
        )

    def for_fault(self, kind: str) -> float | None:
        """The budget of ``kind``; None where the base need not stop (a killed recorder) or cannot
        move (a frozen or dead simulator stops the world itself)."""
        if kind in ("kill:planner_node", "stop:planner_node"):
            return self.watchdog_s
        if kind in ("kill:camera_node", "stop:camera_node", "kill:fusion_node", "stop:fusion_node"):
            return self.horizon_s
        if kind in ("kill:executor_node", "stop:executor_node"):
            return self.base_controller_s
        if kind in STREAM_FAULTS:
            return self.scan_s
        if kind == "estop_flapping":
            return self.estop_s
        return None


def draw_faults(episodes: int, seed: int) -> list[str]:
    """``episodes`` fault kinds: every kind in turn, shuffled, then random ones."""
    rng = random.Random(seed)
    kinds = list(FAULT_KINDS)
    rng.shuffle(kinds)
    while len(kinds) < episodes:
        kinds.append(rng.choice(FAULT_KINDS))
    return kinds[:episodes]


def stop_time_s(truth: list[tuple[int, float, float]], fault_ns: int) -> float:
    """Seconds from ``fault_ns`` to the first ground-truth sample (stamp_ns, vx, wz) at or after it
    with the base at rest; inf if none."""
    return next((max(0.0, (t - fault_ns) * 1e-9) for t, vx, wz in truth
                 if t >= fault_ns and abs(vx) < REST_VX_MPS and abs(wz) < REST_WZ_RADPS), math.inf)


def first_zero_s(twists: list[tuple[int, float, float]], fault_ns: int) -> float:
    """Seconds from ``fault_ns`` to the first all-zero twist (stamp_ns, vx, wz) at or after it; inf
    if none."""
    return next((max(0.0, (t - fault_ns) * 1e-9) for t, vx, wz in twists if t >= fault_ns and vx == 0.0 and wz == 0.0),
                math.inf)
