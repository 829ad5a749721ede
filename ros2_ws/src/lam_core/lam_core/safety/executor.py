"""The executor's logic, shared by executor_node and the lockstep harness: every ActionCommand
passes the arm supervisor (arm, gripper) and then the safety shield (base); each control tick
gives the shielded base twist and the arm and gripper trajectories to send. A silent planner
means a stopping base and a holding arm. Times are the node's clock (sim time in sim) [ns]."""

from __future__ import annotations

from dataclasses import dataclass

from lam_core.datatypes import ActionCommand, JointStates, JointTrajectory, LaserScan, Observation, Point2, Twist2D, target_radius_m
from lam_core.errors import LamError
from lam_core.geometry import split_near
from lam_core.safety.arm import ArmSupervisor, ArmTargets
from lam_core.safety.shield import SafetyShield


@dataclass(frozen=True)
class ControlOutput:
    twist: Twist2D                                      # shielded base command, base_link [m/s, rad/s]
    trajectories: tuple[tuple[str, JointTrajectory], ...]  # (controller group, trajectory) to send now
    arm_error: str = ""                                 # why an accepted arm command was rejected at this tick


class ExecutorCore:
    def __init__(self, shield: SafetyShield, arm: ArmSupervisor, period_s: float) -> None:
        self.shield, self.arm, self.period_s = shield, arm, period_s
        self._arm_targets: ArmTargets | None = None
        self._last_tick_ns = -1

    def on_command(self, command: ActionCommand, now_ns: int) -> str | None:
        """Check and take ``command``; the reason when it is rejected (never obeyed; the command in
        force, if any, runs on until the watchdog ends it, else the base stops and the arm holds)."""
        try:
            targets = self.arm.targets(command)
        except LamError as exc:
            self.reject(str(exc), now_ns)
            return str(exc)
        reason = self.shield.accept(command, now_ns)
        if reason is not None:
            return reason
        self._arm_targets = targets
        return None

    def reject(self, reason: str, now_ns: int) -> None:
        """An input that could not even be read as a command: as a rejected command."""
        self.shield.reject(reason, now_ns)

    def set_estop(self, engaged: bool) -> None:
        self.shield.set_estop(engaged)
        if engaged:
            self._arm_targets = None

    def on_scan(self, scan: LaserScan, now_ns: int) -> None:
        self.shield.update_scan(scan, now_ns)

    def on_observation(self, obs: Observation, now_ns: int) -> None:
        """The low obstacles of a fused Observation for the shield's zones, less those of the object
        the command in force names as its target (its own cells: the cube to pick lies where the
        base must come within reach of it), which the shield only keeps the footprint from touching.
        InputError when the Observation is stale."""
        command = self.shield.command
        cells = obs.low_obstacles_m
        own: tuple[Point2, ...] = ()
        if command is not None and command.target:
            color, _, label = command.target.partition(" ")
            target = obs.find(color, label)
            if target is not None:
                own, cells = split_near(cells, (target.position_m[0], target.position_m[1]), target_radius_m(target))
        self.shield.update_low_obstacles(cells, obs.stamp_ns, now_ns, own)

    def on_joints(self, joints: JointStates) -> None:
        self.arm.update_joints(joints)

    def control_tick(self, now_ns: int) -> ControlOutput:
        """One control period: the shielded twist, and trajectories for a newly accepted arm command
        (or the hold trajectories while the shield has no command in force)."""
        dt_s = self.period_s if self._last_tick_ns < 0 else (now_ns - self._last_tick_ns) * 1e-9
        self._last_tick_ns = now_ns
        out = self.shield.step(now_ns, dt_s)
        error = ""
        if self.shield.command is None:  # stop, timeout, rejection or e-stop: the arm holds
            self._arm_targets = None
            trajectories = self.arm.hold(now_ns)
        elif self._arm_targets is not None:
            try:
                trajectories = self.arm.command(self._arm_targets, now_ns)
            except LamError as exc:
                self.shield.reject(str(exc), now_ns)
                error, trajectories = str(exc), []
            self._arm_targets = None
        else:
            trajectories = []
        return ControlOutput(out.twist, tuple(trajectories), error)
