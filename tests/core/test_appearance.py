"""Looks of a scene (lights, surfaces, camera pipeline, distractors) and the segmentation labels
the learned detector is trained on."""

from __future__ import annotations

import numpy as np
import pytest

from lam_core.appearance import LOOKS, Appearance, CameraPipeline, make_appearance
from lam_core.colorspace import delta_e, hue_diff_deg, lab_lch
from lam_core.errors import SimError
from lam_core.harness.detector_training import class_tables
from lam_core.perception.learned_detector import BACKGROUND, COLOR_CLASSES, KIND_CLASSES, OTHER
from lam_core.scenarios import (
    HELDOUT_DISTRACTOR_COLORS,
    NAMED_TRAIN_DISTRACTOR_COLORS,
    WHEEL_MIN_DELTA_E_TO_HELDOUT,
    WHEEL_MIN_DELTA_E_TO_VOCABULARY,
    WHEEL_MIN_HUE_DIFF_DEG,
    WHEEL_SHADES,
    make_scenario,
    train_distractor_colors,
    vocabulary_shade,
)
from lam_core.sim.camera_pipeline import apply_pipeline
from lam_core.sim.world import SensorSpec, SimWorld
from lam_core.vocabulary import COLOR_HUES, COLOR_RGB, COLORS, LABELS

SMALL = SensorSpec(160, 120, 90, 0.16, 8.0)


def test_the_default_look_changes_nothing_in_the_layout() -> None:
    for family in ("goto", "pick", "place"):
        plain = make_scenario(family, "heldout", 3)
        assert plain.appearance == Appearance()
        assert make_scenario(family, "heldout", 3, look="default") == plain


@pytest.mark.parametrize("look", LOOKS)
def test_looks_are_seeded_and_keep_the_named_layout(look: str) -> None:
    a, b = make_scenario("goto", "heldout", 5, look=look), make_scenario("goto", "heldout", 5, look=look)
    assert a == b
    plain = make_scenario("goto", "heldout", 5)
    assert a.objects[:len(plain.objects)] == plain.objects  # distractors come after, from their own RNG
    assert a.goal == plain.goal and a.target == plain.target


def test_unknown_look_is_an_error() -> None:
    with pytest.raises(SimError, match="unknown look"):
        make_scenario("goto", "train", 0, look="psychedelic")


def test_clutter_draws_hues_training_never_shows_and_nothing_the_goals_name() -> None:
    seen_train, seen_clutter = set(), set()
    for seed in range(20):
        for obj in make_scenario("goto", "heldout", seed, look="randomised").objects[4:]:
            seen_train.add(obj.color)
        clutter = make_scenario("goto", "heldout", seed, look="clutter")
        extra = clutter.objects[4:]
        assert len(extra) >= 6
        seen_clutter |= {o.color for o in extra}
        assert all(o.label not in LABELS and o.color not in COLORS for o in extra)
    assert seen_train <= set(train_distractor_colors())
    assert seen_clutter & set(HELDOUT_DISTRACTOR_COLORS)


def test_training_paints_some_distractors_in_goal_colours_so_kind_is_not_read_from_colour() -> None:
    distractors = [o for seed in range(30) for o in make_scenario("goto", "train", seed, look="randomised").objects
                   if o.label not in LABELS]
    goal_colored = [o for o in distractors if o.color in COLORS]
    assert 0.15 * len(distractors) <= len(goal_colored) <= 0.45 * len(distractors)
    assert {o.label for o in goal_colored} >= {"egg", "slab"}
    for seed in range(30):  # held-out scenes keep every distractor outside the goal colours
        assert all(o.color not in COLORS for o in make_scenario("goto", "heldout", seed, look="randomised").objects
                   if o.label not in LABELS)


def test_the_training_colour_wheel_goes_all_round_yet_paints_no_goal_colour_and_no_held_out_hue() -> None:
    wheel = {n: c[:3] for n, c in train_distractor_colors().items() if n not in NAMED_TRAIN_DISTRACTOR_COLORS}
    assert len(wheel) >= 70  # six hued goal colours, two of them close hues (orange, purple), leave less of the circle
    for name, rgb in wheel.items():
        assert min(delta_e(rgb, vocabulary_shade(c, f)) for c in COLOR_RGB.values() for f in WHEEL_SHADES) \
            >= WHEEL_MIN_DELTA_E_TO_VOCABULARY, name
        assert min(delta_e(rgb, c) for c in COLOR_RGB.values()) >= WHEEL_MIN_DELTA_E_TO_VOCABULARY, name
        assert min(hue_diff_deg(lab_lch(rgb)[2], lab_lch(COLOR_RGB[c])[2]) for c in COLOR_HUES) >= WHEEL_MIN_HUE_DIFF_DEG, name
        assert lab_lch(rgb)[1] > 20.0, name  # white, black and grey are goal colours: no wheel colour is near them
        assert min(delta_e(rgb, c[:3]) for c in HELDOUT_DISTRACTOR_COLORS.values()) >= WHEEL_MIN_DELTA_E_TO_HELDOUT, name
    sectors = {int(lab_lch(rgb)[2] // 30) for rgb in wheel.values()}
    assert len(sectors) >= 10, f"hue sectors of 30 deg covered: {sorted(sectors)}"


def test_camera_pipeline_corrects_a_cast_and_a_dim_frame_and_is_identity_by_default() -> None:
    rng = np.random.default_rng(0)
    grey = np.full((40, 60, 3), 120, dtype=np.uint8)
    assert apply_pipeline(grey, CameraPipeline(), rng) is grey
    blue_cast = CameraPipeline(channel_gain=(0.7, 0.9, 1.3), auto_exposure=True, awb_strength=1.0)
    out = apply_pipeline(grey, blue_cast, rng).reshape(-1, 3).mean(axis=0)
    assert np.ptp(out) < 3.0  # grey again
    dim = apply_pipeline((grey // 8).astype(np.uint8), CameraPipeline(auto_exposure=True), rng)
    assert dim.mean() > 80  # auto exposure brings an eighth of the light back up
    noisy = apply_pipeline(grey, CameraPipeline(noise_sigma=3.0), rng)
    assert noisy.dtype == np.uint8 and 1.5 < float(noisy.astype(float).std()) < 4.5


@pytest.mark.parametrize("look", ("default", "randomised", "light", "texture", "clutter"))
def test_every_look_renders_and_labels_match_the_objects(look: str) -> None:
    scenario = make_scenario("goto", "heldout", 1, look=look)
    world = SimWorld(scenario, SMALL)
    try:
        rgb, depth = world.render_rgbd()
        index = world.object_index_image()
    finally:
        world.close()
    assert rgb.pixels.shape == (120, 160, 3) and index.shape == (120, 160)
    assert np.isfinite(depth.depth_m).any()
    shown = set(np.unique(index).tolist()) - {-1}
    assert shown, "the start view shows the target"
    assert shown <= set(range(len(scenario.objects)))
    target = next(i for i, o in enumerate(scenario.objects) if o.name == scenario.target)
    assert target in shown
    # Labelled pixels look like their object: the target's pixels are brighter in its own channel
    # than the floor's under the default look (the camera pipeline leaves it alone).
    if look == "default":
        colour = scenario.objects[target].color
        target_pixels, floor_pixels = rgb.pixels[index == target].astype(float), rgb.pixels[index == -1].astype(float)
        if colour in COLOR_HUES:
            channel = {"red": 0, "green": 1, "blue": 2, "yellow": 0, "orange": 0, "purple": 2}[colour]
            assert target_pixels[:, channel].mean() > floor_pixels[:, channel].mean()
        elif colour != "grey":  # white brighter than the floor, black darker; grey may be either
            assert (target_pixels.mean() > floor_pixels.mean()) == (colour == "white")


def test_class_tables_name_vocabulary_objects_and_call_the_rest_other() -> None:
    scenario = make_scenario("place", "heldout", 2, look="clutter")
    colors, kinds = class_tables(scenario)
    assert colors[-1] == COLOR_CLASSES.index(BACKGROUND) and kinds[-1] == KIND_CLASSES.index(BACKGROUND)
    for i, obj in enumerate(scenario.objects):
        expected_c = obj.color if obj.color in COLORS else OTHER
        expected_k = obj.label if obj.label in LABELS else OTHER
        assert COLOR_CLASSES[colors[i]] == expected_c and KIND_CLASSES[kinds[i]] == expected_k


def test_make_appearance_rejects_unknown_looks() -> None:
    with pytest.raises(SimError):
        make_appearance("neon", 0)
