"""Demonstrations recorded as rosbags: what a demonstration bag holds, the training set rebuilt from
bags equals the one collected in memory, and bags that are not demonstrations get clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rclpy.serialization import deserialize_message

from lam_bringup.demonstration_bags import (
    DemonstrationBagWriter,
    demonstrations_from_bags,
    labelled_decisions,
    sample_stride,
)
from lam_core.contract import contract
from lam_core.harness.demonstrations import collect
from lam_core.harness.lockstep import AgentConfigs
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.goals import goal_for
from lam_core.policy.processor import PolicyProcessor
from lam_core.scenarios import make_scenario
from lam_ros import contract_io
from lam_tools.bags import BagError, BagWriter, add_contract_topics, read_bag

STRIDE = 3


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two expert episodes collected in memory and recorded as bags at the same time."""
    folder = tmp_path_factory.mktemp("demonstrations")
    bags: list[Path] = []

    def sink(family: str, seed: int) -> DemonstrationBagWriter:
        bags.append(folder / f"{family}_{seed:03d}")
        return DemonstrationBagWriter(bags[-1], f"{family}/train/{seed}", STRIDE)

    processor = PolicyProcessor(PolicyConfig())
    data = collect(processor, [("goto", 0), ("place", 1)], AgentConfigs.load(), stride=STRIDE, max_sim_s=60.0, sink=sink)
    return processor, data, bags


def test_a_demonstration_bag_holds_the_perceived_observations_and_the_expert_labels(recorded) -> None:  # type: ignore[no-untyped-def]
    _, _, bags = recorded
    names = {key: contract().topic(key).name for key in ("clock", "observation", "plan", "action", "sim_state")}
    info, messages = read_bag(bags[1])
    decisions = info.counts[names["observation"]]
    assert decisions > 0
    assert info.counts[names["action"]] == info.counts[names["clock"]] == info.counts[names["sim_state"]] == decisions
    assert info.counts[names["plan"]] >= 2  # place has several steps: the plan is written again as each one starts
    assert sample_stride(bags[1]) == STRIDE
    actions = [deserialize_message(m.data, contract_io.topic_type("action")) for m in messages if m.topic == names["action"]]
    assert {a.source for a in actions} == {"expert"}
    assert {a.skill for a in actions} == {"approach", "stop"}  # place: approach the cube, pick, approach the bin, place
    scenario = make_scenario("place", "train", 1)
    steps = [d.step for d in labelled_decisions(bags[1])]
    assert {s.skill for s in steps} == {"approach"}
    assert {s.target for s in steps} == {scenario.target, scenario.destination}
    assert {d.goal for d in labelled_decisions(bags[1])} == {goal_for(scenario)}


def test_the_training_set_rebuilt_from_the_bags_matches_the_collected_one(recorded) -> None:  # type: ignore[no-untyped-def]
    processor, data, bags = recorded
    rebuilt = demonstrations_from_bags(bags, processor)
    assert len(rebuilt) == len(data) > 50
    np.testing.assert_array_equal(rebuilt.images, data.images)
    np.testing.assert_allclose(rebuilt.states, data.states, atol=1e-5)  # float32 fields in the messages
    np.testing.assert_allclose(rebuilt.twists, data.twists, atol=1e-6)
    np.testing.assert_array_equal(rebuilt.skills, data.skills)
    np.testing.assert_array_equal(rebuilt.done, data.done)
    np.testing.assert_array_equal(rebuilt.episode, data.episode)
    assert [rebuilt.texts[i] for i in rebuilt.text_index] == [data.texts[i] for i in data.text_index]
    assert 0 < data.done.sum() < len(data)


def test_bags_that_are_not_demonstrations_get_clear_errors(tmp_path: Path, recorded) -> None:  # type: ignore[no-untyped-def]
    processor, _, bags = recorded
    with pytest.raises(BagError, match="no bag at"):
        labelled_decisions(tmp_path / "nowhere")
    sensors_only = tmp_path / "sensors_only"
    writer = BagWriter(sensors_only)
    add_contract_topics(writer, ("clock", "scan"))
    writer.close()
    with pytest.raises(BagError, match="no lam.sample_stride"):
        sample_stride(sensors_only)
    with pytest.raises(BagError):
        demonstrations_from_bags([sensors_only], processor)
    with pytest.raises(BagError, match="already exists"):
        DemonstrationBagWriter(bags[0], "goto/train/0", STRIDE)
