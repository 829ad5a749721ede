"""The open-vocabulary detector (OWLv2 from a local folder) with a tiny random-weight model: it
loads without a network, asks for every colour and kind, turns boxes into objects in base_link with
depth, honours its threshold, and names what is wrong with a folder."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from frames import rendered_frame
from tiny_owl import save_tiny_owlv2

from lam_core.config import load_config
from lam_core.errors import ConfigError
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.factory import detector_config, make_detector
from lam_core.perception.open_vocab import OpenVocabDetector, default_queries
from lam_core.scenarios import make_scenario
from lam_core.vocabulary import COLORS, LABELS

CFG = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_owlv2(tmp_path_factory.mktemp("owlv2"))


@pytest.fixture(scope="module")
def frame():  # type: ignore[no-untyped-def]
    return rendered_frame(make_scenario("goto", "heldout", 0))


def test_every_colour_and_kind_is_asked_for() -> None:
    asked = {(color, kind) for _, color, kind in default_queries()}
    assert asked == {(c, k) for c in COLORS for k in LABELS}


def test_boxes_become_objects_in_base_link_and_the_threshold_holds(tiny: Path, frame) -> None:  # type: ignore[no-untyped-def]
    rgb, depth, k = frame
    checked = make_detector(replace(CFG, detector="open_vocab", open_vocab_model_dir=str(tiny),
                                    open_vocab_score_threshold=0.0))
    detector = checked.inner
    assert isinstance(detector, OpenVocabDetector)
    scores, boxes = detector.scores_and_boxes(rgb.pixels)
    assert scores.shape[1] == len(default_queries()) and ((scores >= 0) & (scores <= 1)).all()
    assert (boxes[:, [0, 2]] >= 0).all() and (boxes[:, [0, 2]] <= rgb.width).all() and (boxes[:, [1, 3]] <= rgb.height).all()
    objects = checked.detect(rgb, depth, k)
    assert objects, "random weights score every box above 0: some boxes hold valid depth"
    for obj in objects:
        assert obj.color in COLORS and obj.label in LABELS and 0.0 <= obj.confidence <= 1.0
        assert all(math.isfinite(v) for v in (*obj.position_m, *obj.size_m)) and obj.position_m[0] > 0  # ahead
    strict = OpenVocabDetector(detector_config(CFG), str(tiny), score_threshold=1.0)
    assert strict.detect(rgb, depth, k) == []


def test_a_missing_or_wrong_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="open_vocab_model_dir"):
        make_detector(replace(CFG, detector="open_vocab", open_vocab_model_dir=""))
    with pytest.raises(ConfigError, match=str(tmp_path)):
        OpenVocabDetector(detector_config(CFG), str(tmp_path), 0.2)
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot load"):
        OpenVocabDetector(detector_config(CFG), str(tmp_path), 0.2)
