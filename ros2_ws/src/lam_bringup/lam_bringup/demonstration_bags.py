"""Demonstrations as rosbag2 files (MCAP), one bag per episode, on the contract topics:

  /clock            the episode's sim time at each decision
  /lam/observation  what the robot perceived (Observation, with the thumbnail)
  /lam/plan         the goal and its plan, at the first decision and after every re-plan
  /lam/action       the expert's command for that observation: the training label (source
                    "expert"; a "stop" where the step's condition holds). In a DAgger episode the
                    policy drove, and this is what the expert would have done.
  /sim/state        the ground truth the expert judged from (never a policy input)

metadata.yaml's custom_data names the episode ("lam.episode": family/split/seed) and how many
decisions make one sample ("lam.sample_stride"). `ros2 bag info` and Foxglove read them like any
recording of the graph. `demonstrations_from_bags` turns a set of them back into the training set,
through the same SampleBuilder the in-memory collection uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from lam_core.contract import contract
from lam_core.datatypes import Plan, SimGroundTruth
from lam_core.errors import ConfigError
from lam_core.policy.dataset import Demonstrations, LabelledDecision, SampleBuilder
from lam_core.policy.processor import PolicyProcessor
from lam_tools.bags import BagError, BagWriter, add_contract_topics, read_bag

DEMONSTRATION_KEYS = ("clock", "observation", "plan", "action", "sim_state")
STRIDE_KEY, EPISODE_KEY = "lam.sample_stride", "lam.episode"


class DemonstrationBagWriter:
    """Writes one episode's labelled decisions into a new bag folder ``path`` (never overwrites).
    Call it with each LabelledDecision, the plan its step belongs to and the ground truth; close()
    at the end of the episode. ``stride``: every stride-th decision of a learned skill is a sample."""

    def __init__(self, path: Path, episode: str, stride: int, frames: dict[str, str] | None = None) -> None:
        from rclpy.serialization import serialize_message
        from rosgraph_msgs.msg import Clock

        from lam_ros.convert.lam import command_to_msg, observation_to_msg, plan_to_msg, sim_state_to_msg
        from lam_ros.convert.time import to_msg

        self._serialize, self._clock_msg, self._to_time = serialize_message, Clock, to_msg
        self._observation_msg, self._command_msg = observation_to_msg, command_to_msg
        self._plan_msg, self._sim_state_msg = plan_to_msg, sim_state_to_msg
        self.frames = frames or {"base": "base_link", "odom": "odom"}
        self._writer = BagWriter(path)
        add_contract_topics(self._writer, DEMONSTRATION_KEYS)
        self._writer.set_custom_data(EPISODE_KEY, episode)
        self._writer.set_custom_data(STRIDE_KEY, str(stride))
        self._topics = {key: contract().topic(key).name for key in DEMONSTRATION_KEYS}
        self._last_plan: Plan | None = None
        self.path = path
        self.decisions = 0

    def _write(self, key: str, stamp_ns: int, msg: object) -> None:
        self._writer.write(self._topics[key], stamp_ns, self._serialize(msg))

    def __call__(self, decision: LabelledDecision, plan: Plan, truth: SimGroundTruth) -> None:
        stamp = decision.obs.stamp_ns
        clock = self._clock_msg()
        clock.clock = self._to_time(stamp)
        self._write("clock", stamp, clock)
        if plan.goal != decision.goal:
            raise ConfigError(f"the plan's goal {plan.goal!r} is not the decision's goal {decision.goal!r}")
        if plan != self._last_plan:  # the first plan, a re-plan or a step's new status
            self._write("plan", stamp, self._plan_msg(plan, stamp))
            self._last_plan = plan
        self._write("observation", stamp, self._observation_msg(decision.obs, self.frames))
        self._write("action", stamp, self._command_msg(decision.label))
        self._write("sim_state", stamp, self._sim_state_msg(truth))
        self.decisions += 1

    def close(self) -> None:
        self._writer.close()


def sample_stride(bag: Path) -> int:
    """The bag's "lam.sample_stride" (metadata.yaml custom_data); BagError when it has none."""
    try:
        meta = yaml.safe_load((bag / "metadata.yaml").read_text(encoding="utf-8"))
        return int(meta["rosbag2_bagfile_information"]["custom_data"][STRIDE_KEY])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise BagError(f"{bag} is not a demonstration bag: no {STRIDE_KEY} in its metadata.yaml ({exc!r})") from None


def labelled_decisions(bag: Path) -> list[LabelledDecision]:
    """The labelled decisions of one demonstration bag, in time order: each /lam/action with the
    Observation of the same stamp and the step of the newest plan at that time. BagError when the
    bag lacks a topic or an action has no observation."""
    from rclpy.serialization import deserialize_message

    from lam_ros import contract_io
    from lam_ros.convert.lam import command_from_msg, observation_from_msg, plan_from_msg
    from lam_ros.convert.time import to_ns

    topics = {contract().topic(key).name: key for key in ("observation", "plan", "action")}
    info, messages = read_bag(bag, set(topics))
    missing = [name for name in topics if info.counts.get(name, 0) == 0]
    if missing:
        raise BagError(f"{bag} is not a demonstration bag: no messages on {', '.join(missing)}")
    observations, plans, actions = {}, [], []
    for m in messages:
        key = topics[m.topic]
        msg = deserialize_message(m.data, contract_io.topic_type(key))
        if key == "observation":
            observations[to_ns(msg.header.stamp)] = observation_from_msg(msg)
        elif key == "plan":
            plans.append((to_ns(msg.header.stamp), plan_from_msg(msg)))
        else:
            actions.append(command_from_msg(msg))
    plans.sort(key=lambda p: p[0])
    decisions: list[LabelledDecision] = []
    current = 0
    for label in sorted(actions, key=lambda a: a.stamp_ns):
        while current + 1 < len(plans) and plans[current + 1][0] <= label.stamp_ns:
            current += 1
        stamp, plan = plans[current]
        if stamp > label.stamp_ns:
            raise BagError(f"{bag}: an action at t={label.stamp_ns * 1e-9:.3f} s comes before any plan")
        obs = observations.get(label.stamp_ns)
        if obs is None:
            raise BagError(f"{bag}: no observation stamped t={label.stamp_ns * 1e-9:.3f} s for its action")
        if not 0 <= label.plan_step < len(plan.steps):
            raise BagError(f"{bag}: an action for plan step {label.plan_step} of a {len(plan.steps)}-step plan")
        decisions.append(LabelledDecision(obs, plan.steps[label.plan_step], label.plan_step, plan.goal, label))
    return decisions


def demonstrations_from_bags(bags: Iterable[Path], processor: PolicyProcessor) -> Demonstrations:
    """The training set from demonstration bags (one episode each): every stride-th labelled
    decision of a learned skill (the bag's own stride) becomes a sample, as when collecting in memory."""
    paths = sorted(bags)
    texts: dict[str, int] = {}
    parts = []
    for bag in paths:
        builder = SampleBuilder(processor, sample_stride(bag), texts)
        for decision in labelled_decisions(bag):
            builder.add(decision)
        parts.append(builder)
    if not any(part.rows for part in parts):
        raise ConfigError("the demonstration bags hold no samples")
    return Demonstrations.from_rows([p.rows for p in parts], texts, [{"bag": str(b)} for b in paths])
