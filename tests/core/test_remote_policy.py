"""Action chunks and the remote policy: observation prediction, the rollout, the wire protocol, the
server and client on loopback (sync and async, a slow server, a server that goes away), and the
learned actor's chunked commands as the shield takes them."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace

import msgpack
import numpy as np
import pytest

from lam_core.actors.factory import actor_config
from lam_core.actors.learned import LearnedActor
from lam_core.datatypes import DetectedObject, Observation, Odometry, PlanStep, Pose2D, ScanSummary, Twist2D
from lam_core.errors import ConfigError, InputError
from lam_core.harness.lockstep import AgentConfigs, first_observation
from lam_core.paths import project_root
from lam_core.policy import wire
from lam_core.policy.chunking import LocalPolicy, PolicyChunk, load_local_policy, predict_observation
from lam_core.policy.remote import PolicyServer, RemotePolicy
from lam_core.safety.factory import shield_limits
from lam_core.safety.shield import SafetyShield
from lam_core.scenarios import make_scenario

SHIPPED_POLICY = project_root() / "models" / "policy"
GOAL = "go to the red box"
STEP = PlanStep("navigate_to", "red box", "drive to the red box", 60.0)


@pytest.fixture(scope="module")
def configs() -> AgentConfigs:
    return AgentConfigs.load()


@pytest.fixture(scope="module")
def real_obs(configs: AgentConfigs) -> Observation:
    """A perceived observation of a held-out goto scene (thumbnail, scan, odometry, joints, objects)."""
    return first_observation(make_scenario("goto", "heldout", 3), configs)


@pytest.fixture(scope="module")
def chunking_policy() -> LocalPolicy:
    return load_local_policy(SHIPPED_POLICY, length=10, period_s=0.1)


def _plain_obs(objects: tuple[DetectedObject, ...], scan: ScanSummary) -> Observation:
    """At the odom origin, at rest."""
    return Observation(0, (), objects, scan, Odometry(0, Pose2D(0.0, 0.0, 0.0), 0.0, 0.0), 0.0, None, None)


def test_a_predicted_observation_moves_the_world_by_the_base_motion() -> None:
    box = DetectedObject("box", "red", (1.0, 0.0, 0.2), (0.3, 0.3, 0.4), 0.9)
    sectors = [8.0] * 36
    sectors[18] = 2.0  # sector 18 of 36 from -pi: straight ahead, a wall 2 m away
    scan = ScanSummary(True, -math.pi, 2 * math.pi / 36, tuple(sectors), 2.0, 0.0, math.pi, 8.0)
    ahead = predict_observation(_plain_obs((box,), scan), Twist2D(0.5, 0.0), 1.0)
    assert ahead.objects[0].position_m == pytest.approx((0.5, 0.0, 0.2))
    assert ahead.scan.sector_min_range_m[18] == pytest.approx(1.5) and ahead.scan.nearest_range_m == pytest.approx(1.5)
    assert ahead.odometry is not None and ahead.odometry.pose.x_m == pytest.approx(0.5) and ahead.odometry.vx_mps == 0.5
    assert ahead.stamp_ns == 1_000_000_000
    turned = predict_observation(_plain_obs((box,), scan), Twist2D(0.0, math.pi / 2), 1.0)  # a quarter turn left
    assert turned.objects[0].position_m[:2] == pytest.approx((0.0, -1.0), abs=1e-9)  # the box is now on the right
    assert turned.scan.sector_min_range_m[9] == pytest.approx(2.0)  # sector 9: bearing -pi/2
    assert turned.odometry is not None and turned.odometry.pose.yaw_rad == pytest.approx(math.pi / 2)
    assert turned.yaw_rate_radps == pytest.approx(math.pi / 2)


def test_a_chunk_starts_with_the_single_step_answer_and_is_timed_from_its_observation(
        real_obs: Observation, chunking_policy: LocalPolicy) -> None:
    single = LocalPolicy(chunking_policy.model, chunking_policy.processor, chunking_policy.text).chunk(real_obs, GOAL, STEP)
    chunk = chunking_policy.chunk(real_obs, GOAL, STEP)
    assert len(single.twists) == 1 and len(chunk.twists) == 10 and chunk.period_s == 0.1
    assert chunk.twists[0] == single.twists[0] and chunk.p_done == single.p_done
    assert all(t.is_finite() for t in chunk.twists)
    assert chunk.twist_at(real_obs.stamp_ns + 250_000_000) == chunk.twists[2]
    assert chunk.twist_at(chunk.end_ns) is None  # run out
    with pytest.raises(ConfigError):
        LocalPolicy(chunking_policy.model, chunking_policy.processor, chunking_policy.text, length=0)


def test_an_observation_crosses_the_wire_unchanged_and_malformed_requests_are_refused(real_obs: Observation) -> None:
    obs, goal, step = wire.read_request(wire.unpack(wire.pack(wire.request(real_obs, GOAL, STEP))))
    assert (goal, step.skill, step.target) == (GOAL, STEP.skill, STEP.target)
    assert obs.objects == real_obs.objects and obs.scan == real_obs.scan and obs.odometry == real_obs.odometry
    assert real_obs.thumbnail is not None and obs.thumbnail is not None
    assert np.array_equal(obs.thumbnail.pixels, real_obs.thumbnail.pixels)
    good = wire.request(real_obs, GOAL, STEP)
    for bad, why in [
        (b"\xc1garbage", "unreadable"),
        (msgpack.packb([1, 2, 3]), "must be a map"),
        (wire.pack({**good, "goal": 5}), "goal"),
        (wire.pack({**good, "observation": {**good["observation"], "objects": [["box", "red", "x"]]}}), "objects[0]"),
        (wire.pack({**good, "observation": {**good["observation"], "thumbnail": {"height": 10, "width": 10, "rgb": b"\x00"}}}),
         "thumbnail"),
        (wire.pack({**good, "observation": {**good["observation"], "odometry": [0, 1.0]}}), "odometry"),
    ]:
        with pytest.raises(InputError, match=why.replace("[", r"\[").replace("]", r"\]")):
            wire.read_request(wire.unpack(bad))


def test_sync_remote_answers_equal_the_in_process_policy_and_the_server_survives_garbage(
        real_obs: Observation, chunking_policy: LocalPolicy) -> None:
    from websockets.sync.client import connect

    server = PolicyServer(chunking_policy, "shipped").start()
    remote = RemotePolicy(server.url, mode="sync", timeout_s=5.0)
    try:
        with connect(server.url, proxy=None) as raw:  # a hostile client first
            assert wire.unpack(raw.recv(timeout=5))["protocol"] == wire.PROTOCOL
            raw.send(b"\x00\x01 not msgpack")
            assert "error" in wire.unpack(raw.recv(timeout=5))
            raw.send(wire.pack({"prepare": {"goal": GOAL, "steps": "not a list"}}))
            assert "steps" in wire.unpack(raw.recv(timeout=5))["error"]
        remote.prepare(GOAL, (STEP,))  # the server embeds the instruction now (sync mode waits for it)
        assert remote.problem == ""
        chunk = remote.chunk(real_obs, GOAL, STEP)
        assert chunk is not None and remote.problem == ""
        assert chunk == replace(chunking_policy.chunk(real_obs, GOAL, STEP), source="remote")
        assert remote.chunk_length == 10 and len(remote.round_trip_ms) == 1
        health = remote.diagnostics()
        assert health["policy_server"] == server.url and health["policy_problem"] == ""
        assert float(health["policy_round_trip_ms_p99"]) > 0 and float(health["policy_server_ms_p99"]) > 0
    finally:
        remote.close()
        server.close()


def test_a_dead_server_or_a_bad_address_gives_no_chunk_and_says_why(real_obs: Observation) -> None:
    with pytest.raises(ConfigError, match="ws://"):
        RemotePolicy("http://127.0.0.1:1")
    remote = RemotePolicy("ws://127.0.0.1:9", mode="sync", timeout_s=0.5)  # nothing listens on port 9
    try:
        assert remote.chunk(real_obs, GOAL, STEP) is None
        assert "policy server ws://127.0.0.1:9" in remote.problem
        assert remote.diagnostics()["policy_problem"] == remote.problem
    finally:
        remote.close()


def test_async_chunks_from_a_slow_server_keep_the_robot_moving_and_it_stops_when_they_stop(
        real_obs: Observation, chunking_policy: LocalPolicy) -> None:
    """A server that takes 300 ms per answer, chunks of 1 s, asked for 0.5 s before they run out:
    after the first chunk every decision (at 20 Hz on the wall clock) has a twist to play. Once the
    server is gone the chunk in force runs out and the decisions get none."""
    server = PolicyServer(chunking_policy, "shipped", delay_s=0.3).start()
    remote = RemotePolicy(server.url, mode="async", prefetch_s=0.5, timeout_s=2.0)
    t0 = time.monotonic()

    def at(wall_s: float) -> Observation:
        return replace(real_obs, stamp_ns=real_obs.stamp_ns + round(wall_s * 1e9))

    def decide_until(deadline_s: float) -> list[PolicyChunk | None]:
        out = []
        tick = threading.Event()
        while (now := time.monotonic() - t0) < deadline_s:
            out.append(remote.chunk(at(now), GOAL, STEP))
            tick.wait(0.05)  # the planner's observation period
        return out

    try:
        first = remote.chunk(at(0.0), GOAL, STEP)  # no chunk yet: the first decision waits for it
        assert first is not None and time.monotonic() - t0 >= 0.3
        moving = decide_until(4.0)
        assert all(c is not None for c in moving), "a decision without a chunk while the server answered in time"
        assert server.answered >= 4  # it kept asking ahead
        server.close()
        stopped_at = time.monotonic() - t0
        after = decide_until(stopped_at + 2.5)
        assert after[-1] is None and remote.problem
        assert all(c is None for c in after[-5:])
        last = max((c.end_ns for c in after if c is not None), default=0)
        assert (last - real_obs.stamp_ns) * 1e-9 <= stopped_at + 1.0 + 0.1  # at most one chunk's span past the end
    finally:
        remote.close()
        server.close()


def test_the_learned_actor_sends_a_chunk_the_shield_plays(real_obs: Observation, configs: AgentConfigs,
                                                         chunking_policy: LocalPolicy) -> None:
    from lam_core.robot.description import robot_description

    actor = LearnedActor(None, actor_config(configs.planner), policy=chunking_policy)
    actor.reset(GOAL, (STEP,))
    decision = actor.decide(real_obs, STEP, 0)
    command = decision.command
    assert len(command.chunk) == 10 and command.chunk_period_s == 0.1 and command.base == command.chunk[0]
    assert command.horizon_s == pytest.approx(1.0) and command.stamp_ns == real_obs.stamp_ns
    shield = SafetyShield(shield_limits(configs.executor, robot_description()))
    assert shield.validate(command) is None
    waiting = LearnedActor(None, actor_config(configs.planner), policy=RemotePolicy("ws://127.0.0.1:9", "sync", timeout_s=0.2))
    try:
        waiting.reset(GOAL, (STEP,))
        idle = waiting.decide(real_obs, STEP, 0)
        assert idle.command.skill == "stop" and "waiting for the policy" in idle.reason
    finally:
        waiting.policy.close()


@pytest.mark.slow
def test_a_held_out_goto_through_the_policy_server_ends_exactly_as_in_process(configs: AgentConfigs) -> None:
    """Sync mode on loopback: the same episode, decision for decision, as the in-process actor."""
    from lam_core.harness.lockstep import LockstepEpisode
    from lam_core.planning.factory import make_task_planning

    def run(actor: LearnedActor):  # type: ignore[no-untyped-def]
        return LockstepEpisode(make_scenario("goto", "heldout", 1), actor, make_task_planning(configs.planner), configs,
                               40.0).run()

    local = run(LearnedActor(SHIPPED_POLICY, actor_config(configs.planner)))
    server = PolicyServer(load_local_policy(SHIPPED_POLICY), "shipped").start()
    remote_policy = RemotePolicy(server.url, mode="sync", timeout_s=5.0)
    try:
        remote = run(LearnedActor(None, actor_config(configs.planner), policy=remote_policy))
    finally:
        remote_policy.close()
        server.close()
    assert local.success and remote.success, (local.reason, remote.reason)
    assert (remote.reason, remote.sim_s, remote.plans, remote.trajectory) == (local.reason, local.sim_s, local.plans, local.trajectory)
