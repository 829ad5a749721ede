"""The planner node with `actor: remote` in the real graph, the policy behind a policy server: the
robot reaches the red box on chunks from the server; when the server goes away mid-drive, the base
comes to rest once the chunk in force has run out, and the goal does not succeed."""

from __future__ import annotations

import math
import threading
import time

import pytest
from own_graph import own_graph

from lam_core.paths import project_root
from lam_core.planning import PLANNER_DIAGNOSTIC_NAME
from lam_core.policy.chunking import load_local_policy
from lam_core.policy.remote import PolicyServer
from lam_core.scenarios import goto_succeeded, make_scenario
from lam_ros import contract_io
from lam_ros.diagnostics import WARN

CHUNK_LENGTH, CHUNK_PERIOD_S = 10, 0.1
MOVING_MPS = 0.1


@pytest.fixture(scope="module")
def remote_graph():  # type: ignore[no-untyped-def]
    server = PolicyServer(load_local_policy(project_root() / "models" / "policy", CHUNK_LENGTH, CHUNK_PERIOD_S),
                          "shipped").start()
    params = {"planner_node": {"actor": "remote", "policy_server_url": server.url}}
    try:
        with own_graph("remote_actor_client", params) as (runner, client, alive):
            yield server, runner, client, alive
    finally:
        server.close()


def test_the_robot_reaches_the_red_box_on_chunks_from_the_server(remote_graph) -> None:  # type: ignore[no-untyped-def]
    server, runner, client, alive = remote_graph
    out = client.run_goal("go to the red box", 120.0, alive)
    assert out.success, (out.reason, out.statuses[-5:])
    assert goto_succeeded(client.truth, "red box") and client.truth.collisions == 0
    assert any(s.startswith("policy: navigate_to") for s in out.statuses), out.statuses[:5]
    assert server.answered >= 5  # several chunks of 1 s each drove it (a fast drive takes about ten)
    assert not any("falling back" in line for line in runner.lines["planner_node"])


def test_when_the_server_goes_away_mid_drive_the_base_comes_to_rest(remote_graph) -> None:  # type: ignore[no-untyped-def]
    server, _, client, alive = remote_graph
    srv_type, srv_name = contract_io.service_spec("sim_reset")
    reset = client.node.create_client(srv_type, srv_name)
    assert reset.wait_for_service(timeout_sec=20.0)
    future = reset.call_async(srv_type.Request(family="goto", split="heldout", seed=1))
    assert client.wait_until(future.done, 20.0, alive) and future.result().success, future.result()
    assert client.wait_until(lambda: client.truth.scenario == "goto/heldout/1", 10.0, alive)
    closed: dict[str, float] = {}
    at_rest: dict[str, float] = {}
    warnings: list[str] = []

    def on_diagnostics(msg) -> None:  # type: ignore[no-untyped-def]
        warnings.extend(s.message for s in msg.status if s.name == PLANNER_DIAGNOSTIC_NAME and s.level == WARN)

    contract_io.subscription(client.node, "diagnostics", on_diagnostics)

    def watch(feedback: object, truth) -> None:  # type: ignore[no-untyped-def]
        speed = abs(truth.robot_vx_mps) if truth is not None else 0.0
        if not closed and speed > MOVING_MPS:
            closed["sim_s"] = truth.stamp_ns * 1e-9
            threading.Thread(target=server.close, daemon=True).start()  # not on the client's executor
        elif closed and not at_rest and speed < 0.01 and math.isfinite(truth.robot_wz_radps) and abs(truth.robot_wz_radps) < 0.01:
            at_rest["sim_s"] = truth.stamp_ns * 1e-9

    t0 = time.monotonic()
    out = client.run_goal(make_scenario("goto", "heldout", 1).goal, 15.0, alive, on_feedback=watch)
    assert closed, "the robot never drove faster than 0.1 m/s"
    assert not out.success and out.reason.startswith("no result within"), out.reason  # it waits for the policy
    assert client.wait_until(lambda: bool(at_rest) or (client.truth is not None and abs(client.truth.robot_vx_mps) < 0.01),
                             5.0, alive)
    rest_s = at_rest.get("sim_s", client.truth.stamp_ns * 1e-9) - closed["sim_s"]
    print(f"at rest {rest_s:.2f} s of sim time after the server closed")
    # The chunk in force runs out within its span; then the executor brakes (well under a second).
    assert rest_s <= CHUNK_LENGTH * CHUNK_PERIOD_S + 1.0, rest_s
    assert any("waiting for the policy" in s for s in out.statuses), out.statuses[-5:]
    assert client.wait_until(lambda: any("policy server" in w for w in warnings), 10.0, alive), warnings[-3:]
    assert time.monotonic() - t0 < 60.0
