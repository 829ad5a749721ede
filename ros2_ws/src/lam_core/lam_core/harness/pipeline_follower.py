"""Following the agent graph's progress, for whoever drives /clock in lockstep with it (the
replayer, the simulator in lockstep): subscription callbacks record what the pipeline produced
(detections per camera frame, the newest Observation, the newest decision, /cmd_vel control
ticks); the driving thread waits, each wait bounded in wall time, before it advances the clock.
Stamps are sim time [ns]. Waits that ran out are counted by what was awaited."""

from __future__ import annotations

import itertools
import math
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable

from lam_core.datatypes import Plan, StepStatus

LOCKSTEP_DIAGNOSTIC_NAME = "sim_node: lockstep"
# Wall-clock bound of each wait of a simulator in lockstep with the agent [s] (lam run --lockstep,
# lam bench agent): long enough for a slow decision, short enough that a dead node is noticed.
FOLLOW_AGENT_WAIT_S = 1.0
FINISHED_STEP = (StepStatus.DONE, StepStatus.FAILED, StepStatus.SKIPPED)


class ControlTicks:
    """A timer-driven output, one message per period of the clock (the executor's /cmd_vel). The
    timer's phase is taken from the clock at its latest message, so a timer that fired once for
    several periods (the clock jumped) or a first message that arrived late does not leave every
    later tick unanswered."""

    def __init__(self, period_ns: int) -> None:
        self.period_ns = period_ns
        self._last_ns: int | None = None  # clock when the latest message arrived

    def arrived(self, clock_ns: int) -> None:
        self._last_ns = clock_ns if self._last_ns is None else max(self._last_ns, clock_ns)

    def answered(self, clock_ns: int) -> bool:
        """No tick is due at ``clock_ns`` without its message (True before the first message)."""
        return self._last_ns is None or clock_ns < self._last_ns + self.period_ns


class PipelineFollower:
    """Thread-safe record of the pipeline's outputs, and bounded waits on them.

    ``control_period_ns`` is the executor's control period: one /cmd_vel is expected per period
    of the clock."""

    def __init__(self, control_period_ns: int) -> None:
        self._lock = threading.Condition()
        self.clock_ns = 0
        self.frames_done: set[int] = set()  # camera frames with detections, newer than the last awaited
        self.detections_seen = 0
        self.commands = ControlTicks(control_period_ns)
        self.last_observation_ns = -1
        self.newest_decision_ns = -1
        # The planner is deciding: a new decision arrived since the last decision wait ran out or
        # the plan ended.
        self.deciding = False
        self._plan_ended = False
        self.timeouts: Counter[str] = Counter()
        self._interrupted = False

    def _update(self, change: Callable[[], None]) -> None:
        with self._lock:
            change()
            self._lock.notify_all()

    # ------------------------------------------------------------------ callbacks
    def on_detections(self, frame_ns: int) -> None:
        def change() -> None:
            self.frames_done.add(frame_ns)
            self.detections_seen += 1

        self._update(change)

    def on_observation(self, stamp_ns: int) -> None:
        self._update(lambda: setattr(self, "last_observation_ns", max(self.last_observation_ns, stamp_ns)))

    def on_decision(self, stamp_ns: int) -> None:
        """A decision (ActionCommand) stamped with the Observation it was made from; repeats of
        the decision in force carry its stamp again and change nothing."""
        def change() -> None:
            if stamp_ns > self.newest_decision_ns:
                self.newest_decision_ns = stamp_ns
                self.deciding, self._plan_ended = True, False

        self._update(change)

    def on_plan(self, plan: Plan) -> None:
        """A plan whose steps have all ended means the goal ended: no decision is awaited any
        more until the next new one."""
        def change() -> None:
            self.deciding, self._plan_ended = False, True

        if all(step.status in FINISHED_STEP for step in plan.steps):
            self._update(change)

    def on_cmd_vel(self) -> None:
        self._update(lambda: self.commands.arrived(self.clock_ns))

    def set_clock(self, stamp_ns: int) -> None:
        with self._lock:
            self.clock_ns = stamp_ns

    # ------------------------------------------------------------------ waits (driving thread)
    def interrupt(self) -> None:
        """End every wait now and skip the next ones until ``resume`` (e.g. while the driver has to
        do something else first, such as loading a new scenario)."""
        self._update(lambda: setattr(self, "_interrupted", True))

    def resume(self) -> None:
        with self._lock:
            self._interrupted = False

    def wait(self, what: str, condition: Callable[[], bool], timeout_s: float) -> bool:
        """Wait until ``condition`` holds (checked under the lock); False on timeout (counted) or
        interruption."""
        with self._lock:
            if self._lock.wait_for(lambda: self._interrupted or condition(), timeout_s):
                return not self._interrupted
        self.timeouts[what] += 1
        return False

    def wait_detections(self, frames_ns: Iterable[int], timeout_s: float) -> bool:
        """Wait for the detections of these frames; frames up to the newest of them are then
        forgotten (frames are awaited in stamp order)."""
        frames = set(frames_ns)
        if not frames:
            return True
        done = self.wait("objects", lambda: frames <= self.frames_done, timeout_s)
        newest = max(frames)
        with self._lock:
            self.frames_done = {f for f in self.frames_done if f > newest}
        return done

    def wait_observation(self, frame_ns: int, timeout_s: float) -> bool:
        return self.wait("observation", lambda: self.last_observation_ns >= frame_ns, timeout_s)

    def wait_decision(self, observation_ns: int, timeout_s: float) -> bool:
        """Wait for the decision made from an Observation, or for the plan to end; when neither
        comes, the planner counts as not deciding until its next new decision."""
        if self.wait("decision", lambda: self.newest_decision_ns >= observation_ns or self._plan_ended, timeout_s):
            return True
        with self._lock:
            self.deciding = False
        return False

    def wait_control_ticks(self, clock_ns: int, timeout_s: float) -> bool:
        return self.wait("cmd_vel", lambda: self.commands.answered(clock_ns), timeout_s)


HOPS = ("detection", "fusion", "decision", "command")  # frame->objects->observation->action->/cmd_vel


class FrameToCommandLatency:
    """Latency [ms] from a camera frame to the actuator command carrying the decision made from
    it: the frame seen (stamp S) -> the first /cmd_vel seen after the decision stamped S (an
    ActionCommand carries the stamp of its Observation, which carries its frame's). With the
    detections and the Observation of each frame seen too, each hop is timed: detection (frame ->
    objects), fusion (objects -> Observation), decision (Observation -> ActionCommand) and command
    (ActionCommand -> /cmd_vel). Times are when each message reached the observer [s, one clock
    for all]; pass the middleware's reception stamps, not callback times, so that an observer
    that runs its callbacks in another order than the messages came (rclpy's executor does) still
    measures the order they came in. Thread-safe."""

    MAX_OPEN_FRAMES = 256
    RECENT_COMMANDS = 16

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frames: dict[int, list[float]] = {}  # frame stamp [ns] -> times seen [s]: frame, objects, observation
        self._decided: list[tuple[list[float], float]] = []  # (times, decision seen) awaiting /cmd_vel
        self._commands: deque[float] = deque(maxlen=self.RECENT_COMMANDS)  # /cmd_vel times seen [s]
        self._latencies_ms: list[float] = []
        self._hops_ms: dict[str, list[float]] = {hop: [] for hop in HOPS}

    def on_frame(self, stamp_ns: int, wall_s: float) -> None:
        with self._lock:
            self._frames.setdefault(stamp_ns, [wall_s])
            if len(self._frames) > self.MAX_OPEN_FRAMES:  # frames no decision was made from
                del self._frames[min(self._frames)]

    def _stage(self, stamp_ns: int, wall_s: float, index: int) -> None:
        with self._lock:
            times = self._frames.get(stamp_ns)
            if times is not None and len(times) == index:
                times.append(wall_s)

    def on_objects(self, stamp_ns: int, wall_s: float) -> None:
        self._stage(stamp_ns, wall_s, 1)

    def on_observation(self, stamp_ns: int, wall_s: float) -> None:
        self._stage(stamp_ns, wall_s, 2)

    def on_decision(self, stamp_ns: int, wall_s: float = math.nan) -> None:
        with self._lock:
            times = self._frames.pop(stamp_ns, None)
            if times is None:
                return
            later = [c for c in self._commands if c >= wall_s] if math.isfinite(wall_s) else []
            if later:  # its /cmd_vel came first to the observer's callbacks
                self._record(times, wall_s, min(later))
            else:
                self._decided.append((times, wall_s))

    def on_command(self, wall_s: float) -> None:
        with self._lock:
            self._commands.append(wall_s)
            waiting = []
            for times, decided in self._decided:
                if math.isfinite(decided) and decided > wall_s:
                    waiting.append((times, decided))
                else:
                    self._record(times, decided, wall_s)
            self._decided = waiting

    def _record(self, times: list[float], decided: float, command: float) -> None:
        self._latencies_ms.append((command - times[0]) * 1000.0)
        if len(times) == 3 and math.isfinite(decided):
            chain = (*times, decided, command)
            for hop, (a, b) in zip(HOPS, itertools.pairwise(chain), strict=True):
                self._hops_ms[hop].append((b - a) * 1000.0)

    def take(self) -> list[float]:
        """The latencies measured since the last call; forgets frames still open."""
        with self._lock:
            out, self._latencies_ms = self._latencies_ms, []
            self._frames.clear()
            self._decided.clear()
            self._commands.clear()
            return out

    def take_hops(self) -> dict[str, list[float]]:
        """Each hop's times [ms] since the last call (frames whose every stage was seen)."""
        with self._lock:
            out, self._hops_ms = self._hops_ms, {hop: [] for hop in HOPS}
            return out
