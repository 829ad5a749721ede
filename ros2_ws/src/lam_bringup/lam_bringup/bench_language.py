"""`lam bench language`: goal understanding on the labelled goal set (data/language/goals.yaml).

Every goal is planned, answered or refused in its scene by the planner node's own task planning
(config/planner_node.yaml, or --task-planner), and by the rule grammar as the baseline; judged
exactly (lam_core.harness.language_bench). Prints a table per category and split, the test items
that failed, then one JSON line: understood_test, the per-category test ratios,
negated_action_executed, parse_ms_p99, the time to read goals made to be slow (hostile_parse_ms_p99,
hostile_parse_ms_max) and the baseline's figures.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from lam_core.harness.language_bench import CATEGORIES, ItemResult, hostile_parse_ms, load, run_item, summarise
from lam_core.harness.lockstep import AgentConfigs
from lam_core.paths import data_dir
from lam_core.planning.factory import make_task_planning
from lam_core.stats import percentile
from lam_core.untrusted import printable

SHOWN_FAILURES = 40


def _run(planner: str, configs: AgentConfigs, path: Path) -> tuple[list[ItemResult], dict[str, Any]]:
    planning = make_task_planning(replace(configs.planner, task_planner=planner))
    scenes, items = load(path)
    for item in items[:3]:  # warm up: the first embeddings load the model's kernels
        run_item(planning, item, scenes[item.scene])
    results = [run_item(planning, item, scenes[item.scene]) for item in items]
    return results, summarise(results)


def main(goals: Path | None = None, task_planner: str | None = None, out: str | None = None) -> int:
    path = goals or data_dir() / "language" / "goals.yaml"
    configs = AgentConfigs.load()
    planner = task_planner or configs.planner.task_planner
    t0 = time.perf_counter()
    results, summary = _run(planner, configs, path)
    _, baseline = _run("rules", configs, path) if planner != "rules" else (results, summary)
    print(f"[bench language] {summary['items']} goals from {path} ({summary['test_items']} test, {summary['dev_items']} dev); "
          f"planner: {planner}, baseline: rules")
    print(f"{'category':10s} {'test':>6s} {'rules':>6s}")
    for category in CATEGORIES:
        print(f"{category:10s} {summary[category]:6.3f} {baseline[category]:6.3f}")
    print(f"{'all test':10s} {summary['understood_test']:6.3f} {baseline['understood_test']:6.3f}   "
          f"(dev {summary['understood_dev']:.3f})")
    print(f"negated actions planned: {summary['negated_action_executed']} (rules: {baseline['negated_action_executed']}); "
          f"parse time p50 {summary['parse_ms_p50']:.1f} ms, p99 {summary['parse_ms_p99']:.1f} ms")
    hostile_ms = hostile_parse_ms(make_task_planning(replace(configs.planner, task_planner=planner)))
    summary["hostile_parse_ms_p99"], summary["hostile_parse_ms_max"] = round(percentile(hostile_ms, 99), 1), round(max(hostile_ms), 1)
    print(f"hostile inputs ({len(hostile_ms)}: runs of marks, spaces, punctuation and words, up to 4,000 characters): "
          f"p99 {summary['hostile_parse_ms_p99']:.1f} ms, max {summary['hostile_parse_ms_max']:.1f} ms")
    failed = [r for r in results if not r.ok and r.item.split == "test"]
    for r in failed[:SHOWN_FAILURES]:
        print(f"  FAIL {r.item.id}: {printable(r.item.goal, 70)} -> {r.output[:110]} ({r.why})")
    if len(failed) > SHOWN_FAILURES:
        print(f"  ... and {len(failed) - SHOWN_FAILURES} more")
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with Path(out).open("w", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps({"id": r.item.id, "split": r.item.split, "category": r.item.category, "ok": r.ok,
                                    "why": r.why, "output": r.output, "ms": round(r.ms, 2)}) + "\n")
        print(f"per-item results in {out}")
    print(f"wall {time.perf_counter() - t0:.1f} s")
    keys = ("understood_test", *CATEGORIES, "negated_action_executed", "parse_ms_p50", "parse_ms_p99", "hostile_parse_ms_p99",
            "hostile_parse_ms_max", "understood_dev",
            "test_items", "dev_items")
    report: dict[str, Any] = {"task_planner": planner, **{k: summary[k] for k in keys},
                              "rules": {k: baseline[k] for k in ("understood_test", *CATEGORIES, "negated_action_executed")}}
    print(json.dumps(report))
    return 0
