"""`lam plan` and `lam ask`: what the agent makes of a goal or a question, without moving anything.

Both run the planner node's own task planning (config/planner_node.yaml): on the first Observation
of a scenario (`--scene FAMILY/SPLIT/SEED`, the simulator's sensors through the nodes' perception
and fusion code), or with nothing in view. `lam ask` without `--scene` asks a running graph's
planner over the /lam/ask service. Output: one JSON object.
"""

from __future__ import annotations

import json
from typing import Any

from lam_core.datatypes import Observation
from lam_core.errors import GoalError, LamError
from lam_core.harness.lockstep import AgentConfigs, first_observation
from lam_core.planning.factory import make_task_planning
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import Answered
from lam_core.scenarios import make_scenario

ASK_TIMEOUT_S = 10.0


def scene_observation(scene: str | None, configs: AgentConfigs) -> Observation | None:
    """The first Observation of FAMILY/SPLIT/SEED, or None without a scene; LamError when malformed."""
    if not scene:
        return None
    parts = scene.split("/")
    if len(parts) != 3 or not parts[2].isdigit():
        raise LamError(f"--scene takes FAMILY/SPLIT/SEED, e.g. goto/heldout/3; got {scene!r}")
    return first_observation(make_scenario(parts[0], parts[1], int(parts[2])), configs)


def understand(goal: str, obs: Observation | None, configs: AgentConfigs) -> dict[str, Any]:
    """The plan, the answer or the refusal for ``goal``, as the planner node would make it."""
    planning = make_task_planning(configs.planner)
    request = PlanRequest.from_observation(goal, obs)
    seen = [{"name": o.name, "id": o.track_id, "x_m": round(o.position_m[0], 2), "y_m": round(o.position_m[1], 2)}
            for o in (obs.objects if obs is not None else ())]
    out: dict[str, Any] = {"goal": goal, "planner": planning.name, "in_view": seen}
    try:
        outcome = planning.round_what_is_kept_away(planning.plan(request), request)  # as the plan runner runs it
    except Answered as question:
        return {**out, "answer": question.answer}
    except GoalError as exc:
        return {**out, "refusal": str(exc)}
    plan = outcome.plan
    out.update(planner=plan.planner, reason=plan.reason, notes=list(outcome.notes), plan=[
        {"skill": s.skill, "target": s.target, "object_id": s.object_id, "description": s.description,
         "max_speed_mps": s.max_speed_mps or None} for s in plan.steps])
    return out


def cmd_plan(goal: str, scene: str | None) -> int:
    configs = AgentConfigs.load()
    result = understand(goal, scene_observation(scene, configs), configs)
    print(json.dumps(result))
    return 0 if "plan" in result else 1


def cmd_ask(question: str, scene: str | None) -> int:
    if scene is not None:
        configs = AgentConfigs.load()
        result = understand(question, scene_observation(scene, configs), configs)
        print(json.dumps(result))
        return 0 if "answer" in result else 1
    return _ask_graph(question)


def _ask_graph(question: str) -> int:
    from lam_bringup.background import BackgroundNode, wait_until
    from lam_ros import contract_io

    node = BackgroundNode("lam_ask")
    try:
        srv_type, srv_name = contract_io.service_spec("ask")
        client = node.node.create_client(srv_type, srv_name)
        if not client.wait_for_service(timeout_sec=ASK_TIMEOUT_S):
            print(json.dumps({"question": question, "error": f"no {srv_name} service: is the agent running (lam run)?"}))
            return 1
        future = client.call_async(srv_type.Request(question=question))
        if not wait_until(future.done, ASK_TIMEOUT_S):
            print(json.dumps({"question": question, "error": f"{srv_name} did not answer within {ASK_TIMEOUT_S:g} s"}))
            return 1
        response = future.result()
        print(json.dumps({"question": question, "answered": bool(response.answered), "answer": response.answer}))
        return 0 if response.answered else 1
    finally:
        node.close()
