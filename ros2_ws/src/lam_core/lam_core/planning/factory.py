"""Builds the planner node's task planning (goal -> plan) from its config."""

from __future__ import annotations

from lam_core.errors import ConfigError
from lam_core.language.understanding import GoalUnderstanding
from lam_core.node_configs import PlannerNodeConfig
from lam_core.planning.task_planner import RuleTaskPlanner
from lam_core.planning.task_planning import TaskPlanning
from lam_core.robot.description import robot_description
from lam_core.text import shared_encoder


def step_timeouts(cfg: PlannerNodeConfig) -> dict[str, float]:
    """Time limit of each skill (sim time) [s]."""
    nav, manip = cfg.navigate_timeout_s, cfg.manipulation_timeout_s
    return {"navigate_to": nav, "approach": nav, "search": nav, "pick": manip, "place": manip, "stop": cfg.stop_timeout_s}


def make_task_planning(cfg: PlannerNodeConfig) -> TaskPlanning:
    """The configured task planner with the rule planner as its fallback (a model backend loads or
    checks its model here, so a missing model is a start-up error)."""
    rules = RuleTaskPlanner(step_timeouts(cfg))
    if cfg.task_planner == "rules":
        return TaskPlanning(rules)
    if cfg.task_planner not in ("language", "hf", "http"):
        raise ConfigError(f"planner_node: unknown task_planner {cfg.task_planner!r}; use language, rules, hf or http")
    understanding = make_goal_understanding(cfg)
    footprint = robot_description().footprint()
    if cfg.task_planner == "hf":
        from lam_core.planning.model_planners import HfTaskPlanner

        return TaskPlanning(rules, HfTaskPlanner(cfg.hf_model_dir, cfg.hf_max_new_tokens, cfg.hf_dtype, cfg.hf_device), understanding,
                            footprint=footprint)
    if cfg.task_planner == "http":
        from lam_core.planning.model_planners import HttpTaskPlanner

        return TaskPlanning(rules, HttpTaskPlanner(cfg.http_url, cfg.http_model, cfg.http_timeout_s), understanding,
                            footprint=footprint)
    return TaskPlanning(rules, None, understanding, footprint=footprint)


def make_goal_understanding(cfg: PlannerNodeConfig) -> GoalUnderstanding:
    """Goal understanding with the intent model on the shared sentence encoder (loads it here)."""
    return GoalUnderstanding(step_timeouts(cfg), cfg.slow_speed_mps, shared_encoder(), cfg.max_speed_mps)
