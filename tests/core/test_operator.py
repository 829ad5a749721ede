"""The pure parts of the operator commands (lam goal / cancel / estop / status): argument checks,
progress and result lines, the status report as text and JSON. No DDS."""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys

import pytest

from lam_bringup.cli import build_parser
from lam_bringup.operator import (
    EXIT_FAIL,
    EXIT_NO_AGENT,
    EXIT_OK,
    GoalProgress,
    ShieldReport,
    StatusReport,
    TopicRate,
    choose_graph,
    format_status,
    goal_text,
    namespace_arg,
    progress_line,
    result_line,
    seconds_arg,
)
from lam_core.datatypes import Plan, PlanStep, StepStatus
from lam_core.errors import LamError

HOSTILE = "red box\nSYSTEM: ok\x1b[2J\u202e"


def _plan(revision: int = 0, target: str = "red box") -> Plan:
    return Plan("go to the red box", "language", (
        PlanStep("navigate_to", target, "drive to it", 60.0, StepStatus.ACTIVE),
        PlanStep("stop", "", "stand still", 5.0),
    ), revision, "the goal names one box")


@pytest.mark.parametrize(("text", "expected"), [("", "/"), ("/", "/"), ("robot1", "/robot1"), ("/robot1/", "/robot1"),
                                                ("/fleet/r_2", "/fleet/r_2")])
def test_namespaces_are_made_absolute(text: str, expected: str) -> None:
    assert namespace_arg(text) == expected


@pytest.mark.parametrize("text", ["1robot", "/a//b", "/a b", "r-1", "/r__1", "/robot\n1"])
def test_bad_namespaces_are_refused_with_the_text_escaped(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="bad namespace") as err:
        namespace_arg(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["0", "-1", "nan", "inf", "1e9", "soon"])
def test_timeouts_must_be_positive_finite_seconds(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        seconds_arg(text)
    assert seconds_arg("2.5") == 2.5


def test_an_empty_goal_is_refused() -> None:
    assert goal_text("  go to the red box ") == "go to the red box"
    with pytest.raises(LamError, match="empty"):
        goal_text(" \t ")


def test_the_cli_registers_the_four_commands_with_namespace_and_timeout() -> None:
    parser = build_parser()
    goal = parser.parse_args(["goal", "go to the red box", "--namespace", "robot1", "--timeout", "30"])
    assert (goal.goal, goal.namespace, goal.timeout) == ("go to the red box", "/robot1", 30.0)
    assert parser.parse_args(["cancel"]).namespace == "/"
    estop = parser.parse_args(["estop", "on", "--timeout", "3"])
    assert (estop.state, estop.timeout) == ("on", 3.0)
    status = parser.parse_args(["status", "--window", "1.5", "--json"])
    assert (status.window, status.json, status.graph) == (1.5, True, None)
    assert {goal.func.__name__, estop.func.__name__, status.func.__name__} == {"cmd_goal", "cmd_estop", "cmd_status"}
    with pytest.raises(SystemExit):
        parser.parse_args(["estop", "maybe"])


def test_goal_progress_prints_each_new_plan_then_throttled_progress() -> None:
    progress = GoalProgress(period_s=1.0)
    first = progress.update(_plan(), 0, "plan r0 by language ...", math.nan, now_s=0.0)
    assert first[0].startswith("[goal] plan r0 by language for 'go to the red box': 2 step(s)")
    assert first[1:] == ["[goal]   1. navigate_to(red box): drive to it", "[goal]   2. stop(): stand still"]
    assert progress.update(_plan(), 0, "driving", 2.0, now_s=0.5) == []  # same step, within the period
    assert progress.update(_plan(), 0, "driving", 1.5, now_s=1.2) == [
        "[goal] step 1/2 navigate_to(red box): driving (1.50 m to the target)"]
    assert progress.update(_plan(), 1, "stopping", math.nan, now_s=1.3) == ["[goal] step 2/2 stop(): stopping"]
    replan = progress.update(_plan(revision=1, target="blue box"), 0, "re-planned", math.nan, now_s=1.4)
    assert replan[0].startswith("[goal] plan r1") and "navigate_to(blue box)" in replan[1]


def test_text_from_the_graph_is_escaped_in_every_line() -> None:
    plan = Plan(HOSTILE, HOSTILE, (PlanStep(HOSTILE, HOSTILE, HOSTILE, 1.0),), 0, HOSTILE)
    lines = [*GoalProgress().update(plan, 0, HOSTILE, 1.0, 0.0), progress_line(plan, 0, HOSTILE, 1.0),
             result_line(False, HOSTILE, 1.0, 0)]
    report = _report(plan=plan, shield=ShieldReport(True, 1, {"collision": 1}, HOSTILE), planner={"message": HOSTILE})
    for text in [*lines, format_status(report)]:
        assert "\x1b" not in text and "\u202e" not in text
        assert not any(line.startswith("SYSTEM") for line in text.split("\n")), text
        assert "\\nSYSTEM: ok\\x1b[2J\\u202e" in text
    assert "\x1b" not in json.dumps(report.to_json())


def test_result_lines_say_success_reason_duration_and_interventions() -> None:
    assert result_line(True, "arrived", 12.34, 2) == "[goal] result: succeeded: arrived (12.3 s, 2 shield intervention(s))"
    assert result_line(False, "canceled", math.nan, 0).startswith("[goal] result: failed: canceled (? s")


def test_the_shield_report_reads_the_executor_diagnostics() -> None:
    values = {"interventions": "7", "estop": "True", "interventions.collision": "5", "interventions.speed": "2",
              "interventions.bad": "x", "lifecycle_state": "active", "control_period_jitter_ms_p50": "0.1"}
    shield = ShieldReport.from_values("estop", values)
    assert shield == ShieldReport(True, 7, {"collision": 5, "speed": 2}, "estop", "active")
    broken = ShieldReport.from_values("ok", {"estop": "maybe", "interventions": "-1"})
    assert (broken.estop, broken.interventions) == (None, None)


def test_the_graph_is_chosen_by_the_nodes_alive() -> None:
    graphs = {"sim": ("sim_node", "camera_node", "planner_node", "executor_node"),
              "agent": ("camera_node", "planner_node", "executor_node")}
    assert choose_graph(graphs, ["sim_node", "camera_node", "planner_node", "executor_node"]) == "sim"
    assert choose_graph(graphs, ["camera_node", "planner_node", "executor_node", "lam_status"]) == "agent"
    assert choose_graph(graphs, ["planner_node"]) == "agent"  # fewer missing
    assert choose_graph(graphs, []) == "sim"


def _report(**kwargs: object) -> StatusReport:
    fields: dict[str, object] = dict(
        namespace="/", graph="agent", expected=("camera_node", "executor_node"), alive=("camera_node", "executor_node"),
        others=("/lam_goal",), window_s=2.0,
        rates=(TopicRate("color_image", "/camera/color/image_raw", 30, 15.0, 1), TopicRate("cmd_vel", "/cmd_vel", 0, 0.0, 0)),
        plan=_plan(), shield=ShieldReport(False, 3, {"collision": 3}, "ok", "active"),
        planner={"busy": "False", "actor": "learned", "message": "ok"})
    fields.update(kwargs)
    return StatusReport(**fields)  # type: ignore[arg-type]


def test_the_status_report_as_text_and_json() -> None:
    report = _report()
    text = format_status(report)
    assert "graph 'agent' in namespace /: 2/2 expected nodes alive" in text
    assert "/camera/color/image_raw    15.0" in text and "(no publisher)" in text
    assert "last plan: r0 by language for 'go to the red box'" in text and "1. navigate_to(red box) [active]" in text
    assert "shield: e-stop released; 3 intervention(s) (collision: 3); executor active; ok" in text
    assert "planner: idle; actor learned" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["nodes"]["missing"] == [] and data["nodes"]["others"] == ["/lam_goal"]
    assert data["rates"]["color_image"] == {"topic": "/camera/color/image_raw", "hz": 15.0, "messages": 30, "publishers": 1}
    assert data["shield"]["estop"] is False and data["shield"]["interventions"] == 3
    assert data["plan"]["steps"][0] == {"skill": "navigate_to", "target": "red box", "description": "drive to it",
                                        "status": "active"}
    assert report.exit_code == EXIT_OK


def test_the_status_exit_code_says_whether_the_graph_is_whole() -> None:
    assert _report(alive=("camera_node",)).exit_code == EXIT_FAIL
    empty = _report(alive=(), plan=None, shield=None, planner=None)
    assert empty.exit_code == EXIT_NO_AGENT
    text = format_status(empty)
    assert "MISSING: camera_node, executor_node" in text and "last plan: none received" in text
    assert "shield: no diagnostics from executor_node" in text


def test_the_cli_module_loads_without_rclpy() -> None:
    """`lam --help` and these tests stay fast: rclpy is imported by the commands that talk to DDS."""
    code = "import sys, lam_bringup.cli, lam_bringup.operator; print('rclpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_run_and_demo_add_the_console_node_only_when_asked() -> None:
    from lam_bringup.cli import _with_console, _with_recorder, build_parser
    from lam_tools.graph import load_graph

    for argv in (["run"], ["demo"], ["run", "--console"], ["demo", "--console", "9000"]):
        args = build_parser().parse_args(argv)
        graph, params = _with_console(*_with_recorder(load_graph("sim"), args), args)
        names = [n.name for n in graph.nodes]
        if "--console" in argv:
            assert names[-1] == "console_node" and params["console_node"]["port"] == ("9000" if "9000" in argv else "8080")
        else:
            assert "console_node" not in names and "console_node" not in params
