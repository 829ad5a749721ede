"""GraphRunner.unclean_exits: crashes and kills are reported with the node's last lines; a
teardown that the node's stop deadline cut short is a warning, not a failure."""

from __future__ import annotations

import pytest

from lam_core.errors import TEARDOWN_CUT_LINE
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner


def test_unclean_exits_reports_crashes_and_warns_of_cut_teardowns() -> None:
    runner = GraphRunner(load_graph("sim"), quiet=True)
    runner.lines.update({
        "sim_node": ["[INFO] scenario goto/train/0"],
        "camera_node": ["[INFO] up", "Timeout (0:00:04.500000)!", "Thread 0x1 (most recent call first):"],
        "fusion_node": [f"{TEARDOWN_CUT_LINE} 3 s after the stop request; ending the process. Threads:"],
        "planner_node": ["[FATAL] RuntimeError('boom')"],
    })
    codes = {"sim_node": 0, "camera_node": 1, "fusion_node": 0, "planner_node": 1, "executor_node": -9}
    with pytest.warns(RuntimeWarning, match="teardown cut short") as caught:
        report = runner.unclean_exits(codes)
    assert {str(w.message).split(":")[0] for w in caught} == {"camera_node", "fusion_node"}
    assert "planner_node exited with 1" in report and "RuntimeError('boom')" in report
    assert "executor_node exited with -9" in report
    assert "sim_node" not in report and "camera_node" not in report and "fusion_node" not in report
    assert runner.unclean_exits({"sim_node": 0, "executor_node": -2}) == ""
