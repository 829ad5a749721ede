"""Builds the planner node's actor (scripted or learned) from its config."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from lam_core.actors.scripted import ScriptedActor
from lam_core.errors import ConfigError, LamError
from lam_core.node_configs import PlannerNodeConfig
from lam_core.paths import project_root
from lam_core.skills import Actor, ActorConfig


def actor_config(cfg: PlannerNodeConfig) -> ActorConfig:
    """The skills' settings out of the planner node's config."""
    if len(cfg.carry_point_m) != 3:
        raise ConfigError("carry_point_m needs 3 values (x, y, z in base_link)")
    values = {f.name: getattr(cfg, f.name) for f in dataclasses.fields(ActorConfig)}
    values["carry_point_m"] = tuple(cfg.carry_point_m)
    return ActorConfig(**values)


def policy_path(cfg: PlannerNodeConfig) -> Path:
    """The policy folder; a relative policy_dir is taken from the project root."""
    path = Path(cfg.policy_dir)
    return path if path.is_absolute() else project_root() / path


def make_actor(cfg: PlannerNodeConfig, warn: Callable[[str], None] = lambda text: None) -> Actor:
    """The configured actor; with policy_fallback, unusable weights give the scripted actor and
    ``warn`` says why."""
    if cfg.actor == "scripted":
        return ScriptedActor(actor_config(cfg))
    if cfg.actor not in ("learned", "remote"):
        raise ConfigError(f"planner_node: unknown actor {cfg.actor!r}; use scripted, learned or remote")
    from lam_core.actors.learned import LearnedActor

    if cfg.actor == "remote":
        from lam_core.policy.remote import RemotePolicy

        policy = RemotePolicy(cfg.policy_server_url, cfg.remote_mode, cfg.remote_prefetch_s, cfg.remote_timeout_s)
        return LearnedActor(None, actor_config(cfg), policy=policy)

    if cfg.policy_threads > 0:
        import torch

        torch.set_num_threads(cfg.policy_threads)
    try:
        return LearnedActor(policy_path(cfg), actor_config(cfg))
    except LamError as exc:
        if not cfg.policy_fallback:
            raise
        warn(f"learned actor unavailable, falling back to the scripted actor: {exc}")
        return ScriptedActor(actor_config(cfg))
