"""The lockstep driver's view of the agent pipeline: control ticks, bounded waits, decisions."""

from __future__ import annotations

import threading
import time

from lam_core.datatypes import Plan, PlanStep, StepStatus
from lam_core.harness.pipeline_follower import ControlTicks, FrameToCommandLatency, PipelineFollower

MS = 1_000_000


def test_control_ticks_are_answered_per_period_and_resynchronise_after_a_jump() -> None:
    ticks = ControlTicks(20 * MS)
    assert ticks.answered(0)  # nothing heard yet: nothing is expected
    ticks.arrived(30 * MS)    # the first message came late, between ticks
    assert ticks.answered(40 * MS)
    assert not ticks.answered(50 * MS)
    ticks.arrived(40 * MS)    # the timer's real phase: the next tick is 60 ms, not 50 ms
    assert ticks.answered(50 * MS) and not ticks.answered(60 * MS)
    ticks.arrived(200 * MS)   # the clock jumped and the timer fired once for many periods
    assert ticks.answered(210 * MS) and not ticks.answered(220 * MS)


def test_a_wait_that_runs_out_is_counted_by_what_was_awaited() -> None:
    follower = PipelineFollower(20 * MS)
    assert not follower.wait_detections([100 * MS], timeout_s=0.01)
    assert not follower.wait_detections([100 * MS], timeout_s=0.01)
    assert follower.timeouts == {"objects": 2}


def test_awaited_frames_are_forgotten_so_the_record_does_not_grow() -> None:
    follower = PipelineFollower(20 * MS)
    for k in range(5):
        follower.on_detections(k * 66 * MS)
    assert follower.wait_detections([132 * MS], timeout_s=0.01)
    assert follower.frames_done == {198 * MS, 264 * MS} and follower.detections_seen == 5
    assert follower.wait_detections([], timeout_s=0.01)


def test_a_wait_ends_when_another_thread_reports_progress() -> None:
    follower = PipelineFollower(20 * MS)
    threading.Timer(0.05, follower.on_detections, args=(100 * MS,)).start()
    threading.Timer(0.05, follower.on_observation, args=(100 * MS,)).start()
    assert follower.wait_detections([100 * MS], timeout_s=5.0)
    assert follower.wait_observation(100 * MS, timeout_s=5.0)
    assert not follower.timeouts


def test_interrupt_ends_waits_without_counting_them_until_resumed() -> None:
    follower = PipelineFollower(20 * MS)
    threading.Timer(0.05, follower.interrupt).start()
    assert not follower.wait_observation(100 * MS, timeout_s=5.0)
    assert not follower.wait_detections([1], timeout_s=5.0)  # still interrupted: returns at once
    assert not follower.timeouts
    follower.resume()
    assert not follower.wait_detections([1], timeout_s=0.01)
    assert follower.timeouts == {"objects": 1}


def _plan(*statuses: StepStatus) -> Plan:
    return Plan("go to the red box", "rules", tuple(PlanStep("navigate_to", "red box", "", 30.0, s) for s in statuses))


def test_decisions_are_awaited_while_the_planner_decides_and_not_after_its_plan_ended() -> None:
    follower = PipelineFollower(20 * MS)
    assert not follower.deciding
    follower.on_decision(100 * MS)
    assert follower.deciding and follower.wait_decision(100 * MS, timeout_s=0.01)
    follower.on_decision(100 * MS)  # the keepalive repeats the decision in force: nothing new
    follower.on_plan(_plan(StepStatus.DONE, StepStatus.ACTIVE))
    assert follower.deciding
    follower.on_plan(_plan(StepStatus.DONE, StepStatus.FAILED))
    assert not follower.deciding
    started = time.monotonic()
    assert follower.wait_decision(200 * MS, timeout_s=5.0) and not follower.timeouts  # ended: no wait
    assert time.monotonic() - started < 1.0
    follower.on_decision(300 * MS)  # the next goal
    assert follower.deciding
    assert not follower.wait_decision(400 * MS, timeout_s=0.01)
    assert not follower.deciding and follower.timeouts == {"decision": 1}


def test_frame_to_command_latency_pairs_each_frame_with_the_command_after_its_decision() -> None:
    latency = FrameToCommandLatency()
    latency.on_frame(100 * MS, wall_s=10.000)
    latency.on_frame(166 * MS, wall_s=10.066)
    latency.on_command(wall_s=10.010)          # a command before any decision: nothing to measure
    latency.on_decision(100 * MS)
    latency.on_decision(100 * MS)              # a repeat of the same decision
    latency.on_command(wall_s=10.040)
    latency.on_command(wall_s=10.060)          # only the first command after the decision counts
    latency.on_decision(999 * MS)              # a decision from a frame never seen
    latency.on_decision(166 * MS)
    latency.on_command(wall_s=10.100)
    measured = latency.take()
    assert [round(v, 6) for v in measured] == [40.0, 34.0]
    assert latency.take() == []


def test_each_hop_from_frame_to_command_is_timed_when_every_stage_was_seen() -> None:
    latency = FrameToCommandLatency()
    latency.on_frame(100 * MS, wall_s=10.000)
    latency.on_objects(100 * MS, wall_s=10.004)
    latency.on_observation(100 * MS, wall_s=10.005)
    latency.on_decision(100 * MS, wall_s=10.008)
    latency.on_frame(166 * MS, wall_s=10.066)
    latency.on_observation(166 * MS, wall_s=10.070)  # its detections were never seen: no hops
    latency.on_decision(166 * MS, wall_s=10.072)
    latency.on_command(wall_s=10.080)
    hops = latency.take_hops()
    assert {hop: [round(v, 6) for v in values] for hop, values in hops.items()} == {
        "detection": [4.0], "fusion": [1.0], "decision": [3.0], "command": [72.0]}
    assert [round(v, 6) for v in latency.take()] == [80.0, 14.0]
    assert latency.take_hops() == {"detection": [], "fusion": [], "decision": [], "command": []}


def test_a_command_whose_callback_ran_before_its_decision_still_counts_by_arrival_time() -> None:
    latency = FrameToCommandLatency()
    latency.on_frame(100 * MS, wall_s=10.000)
    latency.on_objects(100 * MS, wall_s=10.004)
    latency.on_observation(100 * MS, wall_s=10.005)
    latency.on_command(wall_s=10.007)                  # before the decision: not its command
    latency.on_command(wall_s=10.009)                  # after it, but its callback ran first
    latency.on_decision(100 * MS, wall_s=10.008)
    latency.on_command(wall_s=10.020)                  # the next tick: not the first after the decision
    assert [round(v, 6) for v in latency.take()] == [9.0]
    latency.on_frame(200 * MS, wall_s=11.000)
    latency.on_decision(200 * MS, wall_s=11.010)
    latency.on_command(wall_s=11.005)                  # older than the decision: still waiting
    latency.on_command(wall_s=11.012)
    assert [round(v, 6) for v in latency.take()] == [12.0]
