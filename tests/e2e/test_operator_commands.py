"""The operator commands against a real graph (the sim graph of config/graph.yaml with the console,
shared with other modules: tests/e2e/conftest.py), each run as the user runs it: the `lam`
executable in a subprocess. Checked: `lam status` sees every node and live topics; Ctrl-C on `lam goal` and `lam cancel` end a running goal;
`lam estop on` zeroes /cmd_vel and shows in `lam status`, `lam estop off` releases; `lam goal`
corrected mid-drive then reaches the blue box with its plan and progress printed, and "do it
again" repeats it. The tests run in this order."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lam_bringup.background import wait_until
from lam_bringup.goal_client import GoalClient
from lam_tools.graph import GraphSpec
from lam_tools.line_process import LineProcess

LAM = Path(sys.executable).with_name("lam")
STARTUP_S = 120.0
COMMAND_S = 60.0  # wall-clock limit of one short lam command (start-up of the interpreter included)


def _lam_in_background(*args: str) -> LineProcess:
    """A `lam` command running in the background, its output lines collected."""
    return LineProcess([str(LAM), *args])


def _lam(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LAM), *args], capture_output=True, text=True, timeout=COMMAND_S)


def _status() -> dict[str, Any]:
    res = _lam("status", "--json", "--window", "1.5")
    assert res.stdout.strip(), res.stderr
    data: dict[str, Any] = json.loads(res.stdout)
    data["exit_code"] = res.returncode
    return data


@pytest.fixture(scope="module")
def graph(graph_for_module) -> Iterator[tuple[GraphSpec, GoalClient, Callable[[], bool]]]:  # type: ignore[no-untyped-def]
    shared, alive = graph_for_module
    client = GoalClient("operator_observer", use_sim_time=False)
    try:
        assert client.wait_ready(STARTUP_S, alive), f"graph not ready; dead nodes: {shared.runner.dead_nodes()}"
        yield shared.spec, client, alive
    finally:
        client.close()


def _start_goal(goal: str, alive: Callable[[], bool]) -> LineProcess:
    """`lam goal` running, its plan printed and a progress line seen."""
    run = _lam_in_background("goal", goal, "--timeout", "90")
    ok = wait_until(lambda: run.has_line("[goal] step "), 60.0, lambda: alive() and run.running())
    if not ok:
        run.proc.kill()
    assert ok, run.text
    assert run.has_line("[goal] plan r0 by "), run.text
    return run


def test_status_sees_every_node_and_live_topics(graph) -> None:  # type: ignore[no-untyped-def]
    spec, _, _ = graph
    # The console runs at nice 10, and a fresh `lam status` discovers the graph within its 1.5 s
    # window: on a busy machine a node may show up only in a later call.
    deadline = time.monotonic() + COMMAND_S
    data = _status()
    while ("/console_node" not in data["nodes"]["others"] or data["nodes"]["missing"]) and time.monotonic() < deadline:
        data = _status()
    assert data["exit_code"] == 0, data
    assert data["graph"] == "sim" and data["nodes"]["missing"] == [], data["nodes"]
    # The sim graph's nodes are expected; the console, which this graph runs as well, is another node seen.
    assert set(data["nodes"]["alive"]) == {n.name for n in spec.nodes} - {"console_node"}
    assert "/console_node" in data["nodes"]["others"], data["nodes"]
    assert data["rates"]["color_image"]["hz"] > 0 and data["rates"]["cmd_vel"]["hz"] > 0, data["rates"]
    assert data["shield"]["estop"] is False, data["shield"]
    text = _lam("status")
    while text.returncode != 0 and time.monotonic() < deadline:  # each call discovers the graph anew, in its own window
        text = _lam("status")
    assert text.returncode == 0 and "expected nodes alive" in text.stdout and "shield: e-stop released" in text.stdout, text


def test_ctrl_c_on_lam_goal_and_lam_cancel_end_a_running_goal(graph) -> None:  # type: ignore[no-untyped-def]
    _, _, alive = graph
    run = _start_goal("go to the red box", alive)
    run.proc.send_signal(signal.SIGINT)
    assert run.wait(20.0) == 130, run.text
    assert "[goal] interrupted: asked the agent to cancel the goal" in run.text
    nothing = _lam("cancel")
    assert nothing.returncode == 0 and "cancelled 0 goal(s)" in nothing.stdout, nothing  # Ctrl-C cancelled it

    # Three steps, so that the goal cannot end in the seconds `lam cancel` takes to start.
    run = _start_goal("go to the blue box, then the purple box, then the red box", alive)
    cancel = _lam("cancel")
    assert cancel.returncode == 0 and "[cancel] cancelled 1 goal(s)" in cancel.stdout, cancel
    assert run.wait(20.0) == 1, run.text
    assert "[goal] result: failed: canceled" in run.text, run.text


def test_estop_on_zeroes_cmd_vel_and_off_releases(graph) -> None:  # type: ignore[no-untyped-def]
    _, observer, alive = graph
    moving0 = observer.cmd_vel_nonzero
    run = _start_goal("go to the purple box", alive)
    engaged = False
    try:
        assert observer.wait_until(lambda: observer.cmd_vel_nonzero > moving0 + 5, 30.0, alive), "the robot never drove"
        on = _lam("estop", "on")
        engaged = True
        assert on.returncode == 0 and "e-stop ENGAGED: executor_node and planner_node confirm" in on.stdout, on
        confirmed = time.monotonic()
        after = lambda: [(vx, wz) for t, vx, wz, _ in list(observer.cmd_vel_log) if t > confirmed]  # noqa: E731
        assert observer.wait_until(lambda: len(after()) >= 25, 10.0, alive), "no /cmd_vel after the e-stop"
        assert all(vx == 0.0 and wz == 0.0 for vx, wz in after()), after()[:10]
        assert run.wait(20.0) == 1, run.text
        assert "e-stop engaged" in run.text, run.text
        status = _status()
        assert status["shield"]["estop"] is True and status["planner"]["message"] == "estop", status
    finally:
        if run.running():
            run.proc.kill()
        # Released whatever failed above, so that a failure here does not leave the shared graph
        # latched for the tests after this one.
        off = _lam("estop", "off") if engaged else None
    assert off is not None
    assert off.returncode == 0 and "e-stop released: executor_node and planner_node confirm" in off.stdout, off
    # The next test drives to the blue box: the release took.


def test_lam_goal_reaches_the_blue_box_printing_plan_and_progress(graph) -> None:  # type: ignore[no-untyped-def]
    """A goal from the command line, corrected while it runs ("no, the blue box" replaces it at
    once), then repeated ("do it again"); plans and progress printed. The first goal ends with a
    wait (the correction keeps it), so that it still runs when the second `lam goal` has started,
    whatever the machine's speed: the purple box alone was reached in 4 s of sim time, before a
    `lam goal` started on a loaded machine could correct it."""
    _, _, alive = graph
    first = _start_goal("slowly go to the purple box, then wait 10 seconds", alive)
    run = _lam_in_background("goal", "no, the blue box", "--timeout", "120")
    code = run.wait(150.0)
    assert code == 0, run.text
    assert run.has_line("[goal] plan r0 by ") and run.has_line("[goal]   1. navigate_to(blue box)"), run.text
    assert run.has_line("[goal] step 1/"), run.text
    assert run.has_line("[goal] result: succeeded: "), run.text
    assert first.wait(30.0) != 0 and "replaced by a newer goal" in first.text, first.text
    # The planner node remembers the conversation: a repeat is the goal before, planned again.
    again = _lam_in_background("goal", "do it again", "--timeout", "60")
    assert again.wait(90.0) == 0, again.text
    assert again.has_line("[goal]   1. navigate_to(blue box)") and again.has_line("[goal] result: succeeded: "), again.text
