"""Demonstration collection: a privileged scripted expert drives train-split episodes in the
lockstep harness; every kept decision becomes a sample of what the robot perceived (features of
the perceived Observation, not of the ground truth) and what the expert did. With an acting
policy instead, the expert labels what it would have done (DAgger)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from lam_core.actors.factory import actor_config
from lam_core.datatypes import Observation, SimGroundTruth
from lam_core.errors import ConfigError
from lam_core.harness.expert import PerturbedExpert, privileged_observation
from lam_core.harness.lockstep import AgentConfigs, LockstepEpisode
from lam_core.planning.factory import make_task_planning
from lam_core.planning.plan_runner import RunnerTick
from lam_core.policy.dataset import DecisionSink, Demonstrations, LabelledDecision, Row, SampleBuilder
from lam_core.policy.goals import goal_for
from lam_core.policy.processor import PolicyProcessor
from lam_core.scenarios import make_scenario
from lam_core.skills import LEARNED_SKILLS, Actor

COLLECT_FAMILIES = ("goto", "avoid", "find", "pick", "place")


class _Recorder:
    """Labels every decision of a learned skill with the expert's command and hands it to the
    SampleBuilder (and the sink, if any). With ``shadow`` the expert did not drive: it decides on
    the privileged view of each observation the acting policy saw, and that decision is the label
    (DAgger: the data then covers the states the policy itself reaches)."""

    def __init__(self, builder: SampleBuilder, expert: PerturbedExpert, goal: str, shadow: bool = False,
                 sink: DecisionSink | None = None) -> None:
        self.builder, self.expert, self.goal, self.shadow, self.sink = builder, expert, goal, shadow, sink

    def __call__(self, obs: Observation, tick: RunnerTick, truth: SimGroundTruth) -> None:
        step = tick.step
        if step is None or step.skill not in LEARNED_SKILLS:
            return
        command = tick.command
        if self.shadow:  # every observation, so the expert's own step state stays consistent
            command = self.expert.decide(privileged_observation(obs, truth), step, tick.step_index).command
        # the expert holds still exactly when the step's condition holds; the label is its unperturbed twist
        label = replace(command, base=self.expert.clean_twist, source=self.expert.source, plan_step=tick.step_index)
        decision = LabelledDecision(obs, step, tick.step_index, self.goal, label)
        self.builder.add(decision)
        if self.sink is not None and tick.plan is not None:
            self.sink(decision, tick.plan, truth)


def collect(processor: PolicyProcessor, episodes: Iterable[tuple[str, int]], configs: AgentConfigs, *, stride: int = 2,
            perturb_p: float = 0.2, perturb_std: tuple[float, float] = (0.1, 0.4), max_sim_s: float = 90.0,
            progress: Callable[[int, dict[str, object]], None] | None = None,
            acting: Actor | None = None, sink: Callable[[str, int], DecisionSink] | None = None,
            looks: Sequence[str] = ("default",)) -> Demonstrations:
    """Run (family, seed) train-split episodes and keep every ``stride``-th decision of a learned
    skill, labelled by the expert: the expert drives, or ``acting`` (a policy) drives and the expert
    labels what it would have done (DAgger). ``sink(family, seed)`` makes a recorder per episode.
    Episode ``seed`` has the look ``looks[seed % len(looks)]`` (lam_core.appearance.LOOKS)."""
    texts: dict[str, int] = {}
    episodes_rows: list[list[Row]] = []
    summaries: list[dict[str, object]] = []
    for number, (family, seed) in enumerate(episodes):
        look = looks[seed % len(looks)]
        scenario = make_scenario(family, "train", seed, look=look)
        goal = goal_for(scenario)
        expert = PerturbedExpert(actor_config(configs.planner), 0.0 if acting else perturb_p, perturb_std, seed)
        builder = SampleBuilder(processor, stride, texts)
        episode_sink = sink(family, seed) if sink is not None else None
        recorder = _Recorder(builder, expert, goal, shadow=acting is not None, sink=episode_sink)
        driver = acting if acting is not None else expert
        try:
            result = LockstepEpisode(scenario, driver, make_task_planning(configs.planner), configs, max_sim_s,
                                     on_decision=recorder, privileged=None if acting else privileged_observation).run(goal)
        finally:
            if episode_sink is not None:
                episode_sink.close()
        episodes_rows.append(builder.rows)
        summary = {"family": family, "seed": seed, "look": look, "goal": goal, "success": result.success, "samples": len(builder.rows),
                   "sim_s": round(result.sim_s, 1)}
        summaries.append(summary)
        if progress is not None:
            progress(number, summary)
    if not any(episodes_rows):
        raise ConfigError("the expert produced no samples")
    return Demonstrations.from_rows(episodes_rows, texts, summaries)
