"""The fault catalogue and stop budgets of `lam bench chaos`, and the stop times it reads."""

from __future__ import annotations

import math

import pytest

from lam_core.chaos import FAULT_KINDS, StopBudgets, draw_faults, first_zero_s, stop_time_s
from lam_core.config import load_config
from lam_core.node_configs import ExecutorNodeConfig, PlannerNodeConfig, SimNodeConfig
from lam_core.paths import config_dir

EXECUTOR = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
PLANNER = load_config(PlannerNodeConfig, config_dir() / "planner_node.yaml", "planner_node")
SIM = load_config(SimNodeConfig, config_dir() / "sim_node.yaml", "sim_node")
MS = 1_000_000


def test_every_kind_is_drawn_once_before_any_repeats_and_draws_are_reproducible() -> None:
    draws = draw_faults(len(FAULT_KINDS) + 5, seed=3)
    assert sorted(draws[: len(FAULT_KINDS)]) == sorted(FAULT_KINDS)
    assert draws == draw_faults(len(FAULT_KINDS) + 5, seed=3) != draw_faults(len(FAULT_KINDS) + 5, seed=4)
    assert {"kill:executor_node", "stop:sim_node", "scan_frozen", "estop_flapping", "recorder_killed"} <= set(FAULT_KINDS)


def test_budgets_follow_the_configs_and_the_mechanism_that_must_stop_the_base() -> None:
    budgets = StopBudgets.from_configs(EXECUTOR, PLANNER, SIM, sample_period_s=0.01)
    slack = 1.0 / EXECUTOR.control_rate_hz + 2 * 0.01 + 0.01
    assert budgets.for_fault("kill:planner_node") == budgets.for_fault("stop:planner_node") == EXECUTOR.command_timeout_s + slack
    assert budgets.for_fault("kill:camera_node") == PLANNER.command_horizon_s + EXECUTOR.command_timeout_s + slack
    assert budgets.for_fault("stop:executor_node") == SIM.cmd_vel_timeout_s + slack
    assert budgets.for_fault("scan_frozen") == EXECUTOR.scan_timeout_s + slack
    assert budgets.for_fault("recorder_killed") is None and budgets.for_fault("kill:sim_node") is None
    assert budgets.watchdog_s <= 0.150 + 1e-9, "the planner lost: the base is told to stop within 150 ms"


def test_stop_times_read_from_ground_truth_and_from_the_commands() -> None:
    truth = [(0, 0.3, 0.0), (100 * MS, 0.3, 0.1), (180 * MS, 0.005, 0.01), (190 * MS, 0.0, 0.0)]
    assert stop_time_s(truth, 50 * MS) == pytest.approx(0.13)
    assert stop_time_s(truth[:2], 50 * MS) == math.inf
    assert stop_time_s([(60 * MS, 0.0, 0.0)], 50 * MS) == pytest.approx(0.01)
    twists = [(40 * MS, 0.0, 0.0), (60 * MS, 0.2, 0.0), (170 * MS, 0.0, 0.0)]
    assert first_zero_s(twists, 50 * MS) == pytest.approx(0.12), "a zero before the fault does not count"
    assert first_zero_s(twists[:2], 50 * MS) == math.inf
