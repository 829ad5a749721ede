"""`lam bench model` (also `lam eval`): the learned actor and the scripted baseline side by side on
the same held-out episodes (lockstep harness, perception from pixels and sensors only), plus the
learned actor on unseen paraphrases of the same goals. Prints a summary, then one JSON line with
success per family for learned and scripted, paraphrase_ratio, decision_ms_p99, loop_ms_p99 and
params. loop_ms is the in-process compute from a camera frame to the shielded command (detection,
fusion, decision, shield); the DDS graph adds transport (see `lam bench agent`)."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from lam_bringup.episode_pool import PoolReport, map_episodes
from lam_core.actors.factory import actor_config
from lam_core.paths import project_root
from lam_core.planning.factory import make_task_planning
from lam_core.scenarios import HELDOUT_COMBOS, HELDOUT_KIND_COLORS, Scenario
from lam_core.stats import percentile, wilson_interval

FAMILIES = ("goto", "pick", "place", "find", "avoid")
PARAPHRASE_FAMILIES = ("goto", "pick", "place", "find")
MAX_SIM_S = {"goto": 60.0, "avoid": 90.0, "find": 60.0, "pick": 60.0, "place": 90.0}
_WORKER: dict[str, Any] = {}


def _init_worker(policy_dir: str, detector: str = "") -> None:
    os.environ.setdefault("MUJOCO_GL", "egl")
    import torch

    torch.set_num_threads(1)
    from lam_core.actors.learned import LearnedActor
    from lam_core.actors.scripted import ScriptedActor
    from lam_core.harness.lockstep import AgentConfigs

    configs = AgentConfigs.load().with_detector(detector)
    _WORKER.update(configs=configs, scripted=ScriptedActor(actor_config(configs.planner)),
                   learned=LearnedActor(policy_dir, actor_config(configs.planner)))


def run_episode(job: tuple[str, int, str, bool, str]) -> dict[str, Any]:
    from lam_core.harness.lockstep import LockstepEpisode
    from lam_core.policy.goals import goal_for
    from lam_core.scenarios import make_scenario

    family, seed, actor_name, paraphrase, look = job
    configs = _WORKER["configs"]
    scenario = make_scenario(family, "heldout", seed, look=look)
    goal = goal_for(scenario, paraphrase=paraphrase, variant=seed) if paraphrase else scenario.goal
    takeovers_before = _WORKER["learned"].stall_takeovers
    result = LockstepEpisode(scenario, _WORKER[actor_name], make_task_planning(configs.planner), configs,
                             MAX_SIM_S[family]).run(goal)
    return {"family": family, "seed": seed, "actor": actor_name, "paraphrase": paraphrase, "look": look, "goal": goal,
            "target_kind": scenario.object(scenario.target).label, "target_color": scenario.object(scenario.target).color,
            "target_unseen": target_unseen_in_training(scenario),
            "success": result.success, "reason": result.reason, "sim_s": round(result.sim_s, 2),
            "time_to_success_s": result.time_to_success_s, "collisions": result.collisions,
            "interventions": result.interventions, "decision_ms": result.decision_ms, "loop_ms": result.loop_ms,
            "rtf": result.rtf, "plans": result.plans,
            "stall_takeovers": _WORKER["learned"].stall_takeovers - takeovers_before if actor_name == "learned" else 0}


def target_unseen_in_training(scenario: Scenario) -> bool:
    """Whether no training scene names this scene's target: its colour-kind pair
    (HELDOUT_KIND_COLORS) or its family-target pair (HELDOUT_COMBOS) is held out."""
    target = scenario.object(scenario.target)
    return (target.label, target.color) in HELDOUT_KIND_COLORS or (scenario.family, scenario.target) in HELDOUT_COMBOS


def _json_number(value: float, digits: int) -> float | None:
    """``value`` rounded, or None (JSON null) where it is not a number (nothing measured)."""
    return round(value, digits) if math.isfinite(value) else None


def _rate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    k, n = sum(1 for r in rows if r["success"]), len(rows)
    lo, hi = wilson_interval(k, n)
    return {"success": round(k / n, 3) if n else math.nan, "n": n, "ci95": [round(lo, 3), round(hi, 3)],
            "collisions": sum(r["collisions"] for r in rows), "stall_takeovers": sum(r["stall_takeovers"] for r in rows)}


OUTCOME_KEYS = ("family", "seed", "actor", "paraphrase", "look", "goal", "target_kind", "target_color", "success", "reason",
                "sim_s", "collisions", "interventions", "plans")  # what the same episode gives on any engine (not its timings)


def _run_all(work: list[tuple[str, int, str, bool, str]], jobs: int, policy_dir: Path, detector: str,
             ray_address: str | None, label: str) -> tuple[list[dict[str, Any]], float, PoolReport]:
    from tqdm import tqdm

    report = PoolReport()
    t0 = time.perf_counter()
    rows: list[dict[str, Any]] = []
    with tqdm(total=len(work), desc=label, unit="ep", file=sys.stdout) as bar:
        for row in map_episodes(run_episode, work, jobs, _init_worker, (str(policy_dir), detector), ray_address, report):
            rows.append(row)
            bar.update(1)
    return rows, time.perf_counter() - t0, report


def main(episodes: int, families: list[str], policy_dir: Path | None, jobs: int, out: Path | None,
         looks: tuple[str, ...] = (), detector: str = "", ray_address: str | None = None, ray_compare: bool = False) -> int:
    """``looks``: also run the learned actor on the same held-out episodes under each of these
    appearances (lam_core.appearance); ``detector``: camera_node's detector for every episode
    (default: camera_node.yaml's); ``ray_address``: run the episodes on Ray (episode_pool.LOCAL or
    a cluster address); ``ray_compare``: also run them on the process pool and compare."""

    from lam_core.policy.factory import load_policy
    from lam_core.policy.modeling import count_parameters

    policy_dir = policy_dir or project_root() / "models" / "policy"
    model, _ = load_policy(policy_dir)
    params = count_parameters(model)
    out = out or Path("results") / f"bench_model_{time.strftime('%Y%m%d_%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    work = [(f, s, a, False, "default") for f in families for s in range(episodes) for a in ("learned", "scripted")]
    work += [(f, s, "learned", True, "default") for f in families if f in PARAPHRASE_FAMILIES for s in range(episodes)]
    work += [(f, s, "learned", False, look) for look in looks if look != "default" for f in families for s in range(episodes)]
    print(f"[bench model] {len(work)} held-out episodes (lockstep): {', '.join(families)} x {episodes} seeds x "
          f"learned/scripted, plus learned on unseen paraphrases; policy {policy_dir} ({params} parameters)", flush=True)
    t0 = time.perf_counter()
    rows, wall_s, report = _run_all(work, jobs, policy_dir, detector, ray_address, "episodes")
    engine: dict[str, Any] = {"engine": report.engine}
    if ray_address is not None:
        engine["ray_start_s"] = round(report.ray_start_s, 2)
        if ray_compare:
            pool_rows, pool_wall_s, _ = _run_all(work, jobs, policy_dir, detector, None, "same episodes, process pool")
            same = [{k: r[k] for k in OUTCOME_KEYS} for r in rows] == [{k: r[k] for k in OUTCOME_KEYS} for r in pool_rows]
            episodes_s = wall_s - report.ray_start_s
            engine.update(wall_s_ray=round(wall_s, 1), wall_s_pool=round(pool_wall_s, 1),
                          wall_ratio_ray_vs_pool=round(episodes_s / pool_wall_s, 3), same_outcomes=same)
            print(f"[bench model] Ray {episodes_s:.1f} s (+ {report.ray_start_s:.1f} s to start it) against the process "
                  f"pool {pool_wall_s:.1f} s: ratio {episodes_s / pool_wall_s:.2f}; per-episode outcomes "
                  f"{'identical' if same else 'DIFFERENT'}", flush=True)
    with (out / "episodes.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    success: dict[str, dict[str, Any]] = {"learned": {}, "scripted": {}, "learned_paraphrase": {}}
    for family in families:
        for actor in ("learned", "scripted"):
            success[actor][family] = _rate([r for r in rows if r["family"] == family and r["actor"] == actor
                                            and not r["paraphrase"] and r["look"] == "default"])
        para = [r for r in rows if r["family"] == family and r["paraphrase"]]
        if para:
            success["learned_paraphrase"][family] = _rate(para)
    seen = sum(1 for r in rows if r["actor"] == "learned" and not r["paraphrase"] and r["look"] == "default"
               and r["family"] in PARAPHRASE_FAMILIES and r["success"])
    unseen = sum(1 for r in rows if r["paraphrase"] and r["success"])
    paraphrase_ratio = unseen / seen if seen else math.nan
    learned = [r for r in rows if r["actor"] == "learned"]
    decision = np.concatenate([r["decision_ms"] for r in learned]) if learned else np.array([math.nan])
    loop = np.concatenate([r["loop_ms"] for r in learned]) if learned else np.array([math.nan])
    scripted_decision = np.concatenate([r["decision_ms"] for r in rows if r["actor"] == "scripted"])
    print(f"{'family':8s} {'learned':>22s} {'scripted':>22s} {'learned, paraphrased':>24s}")
    for family in families:
        cells = []
        for key in ("learned", "scripted", "learned_paraphrase"):
            rate = success[key].get(family)
            cells.append(f"{rate['success']:.2f} [{rate['ci95'][0]:.2f}, {rate['ci95'][1]:.2f}] n={rate['n']}" if rate else "-")
        print(f"{family:8s} {cells[0]:>22s} {cells[1]:>22s} {cells[2]:>24s}")
    print(f"paraphrase ratio (learned, unseen / seen phrasings): "
          f"{paraphrase_ratio:.2f}" if math.isfinite(paraphrase_ratio) else "paraphrase ratio: n/a (no paraphrased family ran)")
    print(f"learned decision time p50 {percentile(decision, 50):.2f} ms, p99 {percentile(decision, 99):.2f} ms "
          f"(scripted p99 {percentile(scripted_decision, 99):.2f} ms); in-process loop p99 {percentile(loop, 99):.1f} ms")
    print(f"collisions (default look): learned {sum(r['collisions'] for r in learned if r['look'] == 'default')}, "
          f"scripted {sum(r['collisions'] for r in rows if r['actor'] == 'scripted')}; wall {time.perf_counter() - t0:.0f} s; "
          f"results in {out}")
    by_look = {look: {f: _rate([r for r in rows if r["family"] == f and r["actor"] == "learned" and not r["paraphrase"]
                                and r["look"] == look]) for f in families} for look in ("default", *looks)}
    print("steps the scripted controller finished because the base stood still or got no nearer (learned, per look): " + ", ".join(
        f"{look} {sum(v['stall_takeovers'] for v in table.values())}" for look, table in by_look.items()))
    if looks:
        print("learned actor per look: " + "; ".join(
            f"{look}: " + ", ".join(f"{f} {v['success']:.2f}" for f, v in table.items()) for look, table in by_look.items()))
    plain = [r for r in rows if not r["paraphrase"] and r["look"] == "default"]
    by_kind = {actor: {kind: _rate([r for r in plain if r["actor"] == actor and r["target_kind"] == kind])
                       for kind in sorted({r["target_kind"] for r in plain})} for actor in ("learned", "scripted")}
    print("success by the target's kind (default look): " + "; ".join(
        f"{actor}: " + ", ".join(f"{kind} {v['success']:.2f} n={v['n']}" for kind, v in table.items() if v["n"])
        for actor, table in by_kind.items()))
    every_look = [r for r in rows if not r["paraphrase"]]
    by_color = {actor: {color: _rate([r for r in every_look if r["actor"] == actor and r["target_color"] == color])
                        for color in sorted({r["target_color"] for r in every_look})} for actor in ("learned", "scripted")}
    print("success by the target's colour (every look): " + "; ".join(
        f"{actor}: " + ", ".join(f"{color} {v['success']:.2f} n={v['n']}" for color, v in table.items() if v["n"])
        for actor, table in by_color.items()))
    unseen = {actor: _rate([r for r in rows if r["actor"] == actor and not r["paraphrase"] and r["target_unseen"]])
              for actor in ("learned", "scripted")}
    print("targets no training scene names (a held-out colour-kind or family-target pair), every look: " + "; ".join(
        f"{actor} {v['success']:.2f} n={v['n']}" for actor, v in unseen.items() if v["n"]))
    summary = {
        "success": {k: {f: v["success"] for f, v in table.items()} for k, table in success.items()},
        "success_by_target_kind": {actor: {kind: v["success"] for kind, v in table.items() if v["n"]}
                                   for actor, table in by_kind.items()},
        "success_by_target_color": {actor: {color: v["success"] for color, v in table.items() if v["n"]}
                                    for actor, table in by_color.items()},
        "success_unseen_targets": {actor: {"success": _json_number(v["success"], 3), "n": v["n"]} for actor, v in unseen.items()},
        "success_by_look": {look: {f: v["success"] for f, v in table.items()} for look, table in by_look.items()},
        "collisions_by_look": {look: sum(v["collisions"] for v in table.values()) for look, table in by_look.items()},
        "stall_takeovers_by_look": {look: sum(v["stall_takeovers"] for v in table.values()) for look, table in by_look.items()},
        "detector": detector or "camera_node.yaml",
        "ci95": {k: {f: v["ci95"] for f, v in table.items()} for k, table in success.items()},
        "split": "heldout", "episodes": len(rows), "paraphrase_ratio": _json_number(paraphrase_ratio, 3),
        "decision_ms_p99": _json_number(percentile(decision, 99), 3),
        "loop_ms_p99": _json_number(percentile(loop, 99), 2), "params": params,
        "collisions_learned": sum(r["collisions"] for r in learned if r["look"] == "default"),
        **engine,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1, allow_nan=False))
    print(json.dumps(summary, allow_nan=False))
    return 0
