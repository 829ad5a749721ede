"""The goal-understanding benchmark: a labelled set of goals (data/language/goals.yaml), each asked
in a scene of objects in view, run through the planner's own task planning (understanding, model
backend, rule fallback), and judged exactly: the plan (skills, targets, the object a reference
resolved to, speed caps), the refusal, or the answer. Negated actions that end up in a plan are
counted on their own: that number must be 0."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lam_core.datatypes import DetectedObject, Plan
from lam_core.errors import ConfigError, GoalError
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import Answered, TaskPlanning
from lam_core.stats import percentile
from lam_core.vocabulary import LABEL_SIZES_M

CATEGORIES = ("wording", "negation", "composite", "reference", "question", "unknown", "follow_up")


@dataclass(frozen=True)
class Scene:
    objects: tuple[DetectedObject, ...]   # track ids "obj<index>" in the order of the file
    held: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    split: str
    category: str
    goal: str
    scene: str
    expect: dict[str, Any]
    after: tuple[str, ...] = ()  # goals said before it in the same conversation (follow-ups)


@dataclass(frozen=True)
class ItemResult:
    item: Item
    ok: bool
    why: str                      # what was wrong ("" when ok)
    output: str                   # the plan, refusal or answer, as text
    negated_action_executed: bool
    ms: float


def object_id(index: int) -> str:
    return f"obj{index}"


def load(path: Path) -> tuple[dict[str, Scene], list[Item]]:
    """Scenes and items of a goal set; ConfigError naming what is malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the goal set {path}: {exc}") from exc
    scenes = {}
    for name, raw in (data.get("scenes") or {}).items():
        objects = []
        for i, o in enumerate(raw.get("objects") or []):
            size = LABEL_SIZES_M[o["label"]]
            z = float(o.get("z", size[2] / 2))
            objects.append(DetectedObject(o["label"], o["color"], (float(o["x"]), float(o["y"]), z), size, 0.9, object_id(i)))
        scenes[name] = Scene(tuple(objects), str(raw.get("holding") or ""))
    items = []
    for raw in data.get("items") or []:
        item = Item(str(raw["id"]), str(raw["split"]), str(raw["category"]), str(raw["goal"]), str(raw["scene"]),
                    dict(raw["expect"]), tuple(str(g) for g in raw.get("after") or ()))
        if item.scene not in scenes:
            raise ConfigError(f"{path}: item {item.id} names the unknown scene {item.scene!r}")
        _check_expectation(path, item)
        items.append(item)
    return scenes, items


EXPECT_KEYS = frozenset({"plan", "forbid", "refuse", "mentions", "answer"})
ANSWER_KEYS = frozenset({"mentions", "excludes", "yes"})


def _check_expectation(path: Path, item: Item) -> None:
    """ConfigError for an expectation key the judge would not read (an unquoted ``yes:`` becomes the
    boolean True in YAML, and a check nobody reads passes everything)."""
    unknown = [k for k in item.expect if k not in EXPECT_KEYS]
    answer = item.expect.get("answer") or {}
    unknown += [k for k in answer if k not in ANSWER_KEYS] if isinstance(answer, dict) else ["answer"]
    if unknown:
        raise ConfigError(f"{path}: item {item.id} expects unknown keys {unknown!r} "
                          f"(known: {sorted(EXPECT_KEYS)}, answer: {sorted(ANSWER_KEYS)}; quote \"yes\")")


def _plan_text(plan: Plan) -> str:
    return "; ".join(f"{s.skill}({s.target}{'#' + s.object_id if s.object_id else ''}{' slow' if s.max_speed_mps else ''})"
                     for s in plan.steps)


def run_item(planning: TaskPlanning, item: Item, scene: Scene) -> ItemResult:
    """Plan, answer or refuse one goal in its scene, and judge it. Each item is a conversation of
    its own: the goals it lists as said before it (``after``) are planned first, whatever comes of
    them, then the goal itself."""
    planning.conversation.forget()
    for said in item.after:
        try:
            planning.plan(PlanRequest(said, objects=scene.objects, held=scene.held))
        except GoalError:
            pass
    request = PlanRequest(item.goal, tuple(sorted({o.name for o in scene.objects})), objects=scene.objects,
                          held=scene.held)
    expect = item.expect
    t0 = time.perf_counter()
    plan: Plan | None = None
    answer = refusal = ""
    try:
        plan = planning.plan(request).plan
    except Answered as question:
        answer = question.answer
    except GoalError as exc:
        refusal = str(exc)
    ms = (time.perf_counter() - t0) * 1000.0
    output = _plan_text(plan) if plan is not None else (f"answer: {answer}" if answer else f"refused: {refusal}")
    negated = plan is not None and any((s.skill, s.target) == (f["skill"], f.get("target", ""))
                                       for s in plan.steps for f in expect.get("forbid") or [])
    why = _judge(expect, plan, answer, refusal)
    return ItemResult(item, not why, why, output, negated, ms)


def _judge(expect: dict[str, Any], plan: Plan | None, answer: str, refusal: str) -> str:
    if "plan" in expect:
        if plan is None:
            return "expected a plan"
        want = expect["plan"]
        if len(want) != len(plan.steps):
            return f"expected {len(want)} steps"
        for n, (w, s) in enumerate(zip(want, plan.steps, strict=True)):
            if (w["skill"], w.get("target", "")) != (s.skill, s.target):
                return f"step {n}: expected {w['skill']}({w.get('target', '')})"
            if "object" in w and s.object_id != object_id(int(w["object"])):
                return f"step {n}: expected object {object_id(int(w['object']))}"
            if bool(w.get("slow", False)) != (s.max_speed_mps > 0):
                return f"step {n}: expected {'a' if w.get('slow') else 'no'} speed cap"
        return ""
    if expect.get("refuse"):
        if plan is not None or answer:
            return "expected a refusal"
        missing = [m for m in expect.get("mentions") or [] if str(m).lower() not in refusal.lower()]
        return f"the refusal does not mention {missing}" if missing else ""
    if "answer" in expect:
        if not answer:
            return "expected an answer"
        spec = expect["answer"] or {}
        text = answer.lower()
        missing = [m for m in spec.get("mentions") or [] if str(m).lower() not in text]
        present = [m for m in spec.get("excludes") or [] if _word_in(str(m).lower(), text)]
        if missing:
            return f"the answer does not mention {missing}"
        if present:
            return f"the answer mentions {present}"
        if "yes" in spec and text.startswith("yes") != bool(spec["yes"]):
            return f"expected {'yes' if spec['yes'] else 'no'}"
        return ""
    return "the item expects nothing"


def _word_in(word: str, text: str) -> bool:
    import re

    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def summarise(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Ratios per split and category, negated actions executed, parse time percentiles."""
    def ratio(rows: Sequence[ItemResult]) -> float:
        return round(sum(r.ok for r in rows) / len(rows), 3) if rows else math.nan

    test = [r for r in results if r.item.split == "test"]
    dev = [r for r in results if r.item.split == "dev"]
    summary: dict[str, Any] = {
        "items": len(results), "test_items": len(test), "dev_items": len(dev),
        "understood_test": ratio(test), "understood_dev": ratio(dev),
    }
    for category in CATEGORIES:
        summary[category] = ratio([r for r in test if r.item.category == category])
    summary["negated_action_executed"] = sum(r.negated_action_executed for r in results)
    ms = [r.ms for r in results]
    summary["parse_ms_p50"] = round(percentile(ms, 50), 2)
    summary["parse_ms_p99"] = round(percentile(ms, 99), 2)
    summary["failures_by_category"] = dict(Counter(r.item.category for r in test if not r.ok))
    return summary


def _family_of(plan: list[dict[str, Any]]) -> tuple[str, str, str] | None:
    """(family, target, destination) of a plan that is one whole scenario task, else None."""
    shape = [(s["skill"], s.get("target", "")) for s in plan]
    if len(shape) == 1 and shape[0][0] == "navigate_to" and shape[0][1].endswith(" box"):
        return "goto", shape[0][1], ""
    if [s for s, _ in shape] == ["approach", "pick"]:
        return "pick", shape[1][1], ""
    if [s for s, _ in shape] == ["search", "navigate_to"] and shape[0][1].endswith(" box"):
        return "find", shape[0][1], ""
    if [s for s, _ in shape] == ["approach", "pick", "approach", "place"]:
        return "place", shape[1][1], shape[3][1]
    return None


def physical_sample(items: Sequence[Item], count: int, split: str = "test", max_seed: int = 400) -> list[tuple[str, str, int, str]]:
    """Up to ``count`` (family, "heldout", seed, goal text) episodes: goals of the set whose plan is
    one whole task of a scenario family, each asked in a held-out scenario whose target (and bin)
    are the goal's; spread over families, in the set's order."""
    from lam_core.scenarios import make_scenario

    chosen: list[tuple[str, str, int, str]] = []
    used: set[tuple[str, int]] = set()
    by_family: dict[str, list[tuple[Item, tuple[str, str, str]]]] = {}
    for item in items:
        task = _family_of(item.expect["plan"]) if item.split == split and "plan" in item.expect else None
        if task is not None and item.category in ("wording", "negation"):
            by_family.setdefault(task[0], []).append((item, task))
    queues = list(by_family.values())
    while len(chosen) < count and any(queues):
        for queue in queues:
            if not queue or len(chosen) >= count:
                continue
            item, (family, target, destination) = queue.pop(0)
            seed = next((s for s in range(max_seed) if (family, s) not in used and
                         make_scenario(family, "heldout", s).target == target and
                         make_scenario(family, "heldout", s).destination == destination), None)
            if seed is not None:
                used.add((family, seed))
                chosen.append((family, "heldout", seed, item.goal))
    return chosen


def hostile_inputs() -> list[str]:
    """Goals made to be slow to read: long runs of marks, spaces, punctuation, repeated words and
    mixed scripts, short and past the goal limit (lam_core.planning.goal_guard.MAX_GOAL_CHARS)."""
    pieces = ("\u00a8", "\u0308", " ", ", ", ". ", "!", "the ", "go to the red box and ", "not ", "very ", "é", "'",
              "no, ", "then ", "1 m ", "(", "-", "\u00b4", "stop ")
    return [piece * (length // len(piece)) for piece in pieces for length in (120, 290, 1100, 4000)]


def hostile_parse_ms(planning: TaskPlanning) -> list[float]:
    """The time [ms] to plan, answer or refuse each of ``hostile_inputs`` with nothing in view."""
    times = []
    for goal in hostile_inputs():
        start = time.perf_counter()
        try:
            planning.plan(PlanRequest(goal, objects=()))
        except (Answered, GoalError):
            pass
        times.append((time.perf_counter() - start) * 1000.0)
    return times
