"""The simulator's stepping, shared by sim_node and the lockstep harness: a multi-rate schedule of
sensor and clock events, the base command with its timeout (as a diff_drive_controller applies
/cmd_vel), and position tracking of arm and gripper joint trajectories.

``advance`` applies the inputs in force, steps the physics straight to the next scheduled event
and returns the names of the events now due; the caller produces their outputs (publishes sensor
messages, or feeds the agent directly in lockstep). All times are sim time.
"""

from __future__ import annotations

from lam_core.datatypes import JointTrajectory, Twist2D
from lam_core.sim.trajectory import TrajectoryTracker
from lam_core.sim.world import SimWorld

DUE_EPSILON_S = 1e-9  # an event is due when sim time is within this of its time [s]


class RateSchedule:
    """Named periodic events [s]; every event is due at time 0, then once per period. An event that
    is late (the caller stalled) is due once more at the next step and then once per period from
    there, so a stall never makes it fire a burst of missed periods."""

    def __init__(self, periods_s: dict[str, float]) -> None:
        if any(not p > 0.0 for p in periods_s.values()):
            raise ValueError(f"every period must be positive: {periods_s}")
        self.periods_s = dict(periods_s)
        self._next_s = dict.fromkeys(self.periods_s, 0.0)

    def next_due_s(self) -> float:
        return min(self._next_s.values())

    def take_due(self, now_s: float) -> list[str]:
        """The events due at ``now_s``, each rescheduled one period later (or from now, if late)."""
        due = [k for k, t in self._next_s.items() if now_s + DUE_EPSILON_S >= t]
        for k in due:
            self._next_s[k] = max(self._next_s[k] + self.periods_s[k], now_s)
        return due


class SimStepper:
    """Steps one SimWorld event by event. Only the thread that owns the world calls it."""

    def __init__(self, world: SimWorld, periods_s: dict[str, float], cmd_vel_timeout_s: float) -> None:
        self.world = world
        self.schedule = RateSchedule(periods_s)
        self.cmd_vel_timeout_s = cmd_vel_timeout_s
        self._cmd = Twist2D()
        self._cmd_ns = -1
        self._trackers: dict[str, TrajectoryTracker] = {}

    def command_base(self, twist: Twist2D) -> None:
        """A base velocity command received now; the base stops when none arrived for the timeout."""
        self._cmd, self._cmd_ns = twist, self.world.time_ns

    def start_trajectory(self, controller: str, trajectory: JointTrajectory) -> None:
        """Track ``trajectory`` from the joints' current positions (replaces the controller's last one)."""
        world = self.world
        tracker = self._trackers.setdefault(controller, TrajectoryTracker())
        tracker.start(trajectory, world.time_ns, world.joint_positions(trajectory.joint_names))

    def base_command_fresh(self) -> bool:
        return self._cmd_ns >= 0 and (self.world.time_ns - self._cmd_ns) * 1e-9 <= self.cmd_vel_timeout_s

    def advance(self) -> list[str]:
        """Apply the base command (zero when stale) and the trajectories' targets, step to the next
        scheduled event and return the events due now."""
        world = self.world
        world.set_base_command(self._cmd if self.base_command_fresh() else Twist2D())
        for tracker in self._trackers.values():
            targets = tracker.targets(world.time_ns)
            if targets:
                world.set_joint_targets(targets)
        until_s = self.schedule.next_due_s() - world.data.time
        world.step(max(1, round(until_s / world.timestep_s)))
        return self.schedule.take_due(world.data.time)
