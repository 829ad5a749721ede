"""`lam train`: collect demonstrations with the privileged expert on the train split (lockstep,
parallel workers), train the policy by behaviour cloning, write the weights (safetensors + config)
and the loss curves. Every figure it prints is reproduced by the same command and seed."""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lam_bringup.episode_pool import map_episodes
from lam_core.actors.factory import actor_config
from lam_core.harness.demonstrations import COLLECT_FAMILIES
from lam_core.paths import source_root
from lam_core.policy.dataset import Demonstrations

DEFAULT_POLICY_DIR = Path("models") / "policy"


@dataclass(frozen=True)
class TrainOptions:
    """What `lam train` does (its command-line options, see lam_bringup.cli)."""

    per_family: int  # expert (train-split) episodes collected per task family
    epochs: int  # training epochs of the first fit (0 with init_dir: only the DAgger rounds)
    jobs: int  # parallel collection worker processes
    out_dir: Path | None  # weights folder; None: models/policy in the source checkout
    data_path: Path | None  # demonstrations file (.npz); None: results/train/demonstrations.npz under the current folder
    reuse_data: bool  # train on data_path if it exists instead of collecting
    seed: int  # training seed (validation split, initialisation, batch order)
    dagger_rounds: int = 1  # rounds where the policy drives and the expert labels
    dagger_episodes: int = 15  # train-split episodes per family per DAgger round
    dagger_epochs: int = 6  # training epochs after each DAgger round
    image_encoder: str = "cnn"  # "cnn" (trained here) or "efficientnet_lite0" (frozen)
    init_dir: Path | None = None  # go on training the policy in this folder; None: a fresh policy
    dagger_families: tuple[str, ...] | None = None  # families of the DAgger rounds; None: all of COLLECT_FAMILIES
    dagger_first_seed: int | None = None  # first train seed of the DAgger rounds; None: per_family (after the expert's)
    twist_bins: int = 21  # bins per twist component of the policy's twist head (0: regression)
    record_bags: bool = True  # also record each collected episode as a demonstration rosbag (under <data folder>/bags/)
    from_bags: Path | None = None  # train on the demonstration bags under this folder instead of collecting
    looks: tuple[str, ...] = ("default",)  # episode seed s is collected in the look looks[s % len(looks)]
    detector: str = ""  # camera_node's detector while collecting ("": config/camera_node.yaml's)
    device: str = "cpu"  # torch device the policy trains on
    mixed_precision: bool = False  # bfloat16 autocast while training
    resume: bool = False  # go on from the first fit's checkpoint (with reuse_data: the same demonstrations)
    ray_address: str | None = None  # collect episodes as Ray tasks (episode_pool.LOCAL or a cluster address)


_WORKER: dict[str, object] = {}


def _init_collect_worker(policy_dir: str, bag_dir: str, detector: str, looks: tuple[str, ...]) -> None:
    """Per worker process: one thread for torch; the acting policy (DAgger rounds) loaded once;
    where each episode's demonstration bag goes (none when empty); the detector and the looks of
    the episodes."""
    os.environ.setdefault("MUJOCO_GL", "egl")
    import torch

    torch.set_num_threads(1)
    from lam_core.harness.lockstep import AgentConfigs

    configs = AgentConfigs.load().with_detector(detector)
    _WORKER["configs"] = configs
    _WORKER["bag_dir"] = bag_dir
    _WORKER["looks"] = looks
    if policy_dir:
        from lam_core.actors.learned import LearnedActor

        _WORKER["acting"] = LearnedActor(policy_dir, actor_config(configs.planner))


def _collect_worker(episode: tuple[str, int]) -> Demonstrations:
    from lam_core.harness.demonstrations import collect
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.policy.configuration import PolicyConfig
    from lam_core.policy.processor import PolicyProcessor

    configs = _WORKER["configs"]
    acting: Any = _WORKER.get("acting")
    assert isinstance(configs, AgentConfigs)
    stride = 1 if acting is not None else 2
    sink = None
    if _WORKER["bag_dir"]:
        from lam_bringup.demonstration_bags import DemonstrationBagWriter

        def sink(family: str, seed: int) -> DemonstrationBagWriter:
            return DemonstrationBagWriter(Path(str(_WORKER["bag_dir"])) / f"{family}_{seed:03d}", f"{family}/train/{seed}", stride)

    looks = _WORKER["looks"]
    assert isinstance(looks, tuple)
    return collect(PolicyProcessor(PolicyConfig()), [episode], configs, acting=acting, stride=stride,
                   max_sim_s=45.0 if acting is not None else 90.0, sink=sink, looks=looks)


def collect_parallel(families: list[str], seeds: range, jobs: int, acting_policy: Path | None = None,
                     bag_dir: Path | None = None, detector: str = "",
                     looks: tuple[str, ...] = ("default",), ray_address: str | None = None) -> Demonstrations:
    """One episode per task (an even load and a live bar); the expert drives, or labels what the
    policy in ``acting_policy`` does. With ``bag_dir`` (emptied first) each episode is also
    recorded there as a demonstration bag (by the worker: on a Ray cluster, on its node).
    ``detector``, ``looks`` and ``ray_address``: as in TrainOptions."""
    from lam_core.appearance import LOOKS, TRAINING_LOOKS
    from lam_core.errors import LamError

    if not looks or any(look not in TRAINING_LOOKS for look in looks):
        raise LamError(f"training looks must be among {', '.join(TRAINING_LOOKS)} (the others of "
                       f"{', '.join(LOOKS)} are held out for measurement); got {', '.join(looks) or 'none'}")
    from tqdm import tqdm

    work = [(family, seed) for seed in seeds for family in families]
    parts: list[Demonstrations] = []
    desc = "demonstrations" if acting_policy is None else "DAgger episodes"
    if bag_dir is not None:
        shutil.rmtree(bag_dir, ignore_errors=True)
    with tqdm(total=len(work), desc=desc, unit="ep", file=sys.stdout) as bar:
        for part in map_episodes(_collect_worker, work, jobs, _init_collect_worker,
                                 (str(acting_policy or ""), str(bag_dir or ""), detector, looks), ray_address):
            parts.append(part)
            bar.update(1)
    return Demonstrations.merge(parts)


def _plot(history, out: Path) -> None:  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    epochs = range(1, len(history.train_loss) + 1)
    ax[0].plot(epochs, history.train_loss, label="train")
    ax[0].plot(epochs, history.validation_loss, label="validation")
    ax[0].set_xlabel("epoch")
    ax[0].set_ylabel("loss (twist + weighted BCE done)")
    ax[0].legend()
    ax[1].plot(epochs, history.validation_twist_mae, label="twist MAE (normalised)")
    ax[1].plot(epochs, history.validation_done_accuracy, label="done accuracy")
    ax[1].set_xlabel("epoch")
    ax[1].legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main(options: TrainOptions) -> int:
    import torch
    from tqdm import tqdm

    from lam_core.devices import torch_device
    from lam_core.errors import LamError
    from lam_core.policy import distributed
    from lam_core.policy.configuration import PolicyConfig
    from lam_core.policy.factory import load_policy, save_policy
    from lam_core.policy.modeling import count_parameters
    from lam_core.policy.training import TrainConfig, TrainHistory, train_policy
    from lam_core.text import TextEncoder

    out_dir = options.out_dir or source_root() / DEFAULT_POLICY_DIR
    results = Path("results") / "train"
    results.mkdir(parents=True, exist_ok=True)
    data_path = options.data_path or results / "demonstrations.npz"
    group = distributed.from_environment()  # started by torchrun: data-parallel training
    if group is not None:
        if not (options.reuse_data and data_path.is_file()) or options.from_bags is not None or options.dagger_rounds > 0:
            raise LamError("under torchrun, lam train only trains: give --reuse-data with --data FILE (collected before, "
                           "e.g. by a plain `lam train`) and --dagger-rounds 0")
        distributed.join(group, torch_device(options.device))
    bags_root = data_path.parent / "bags"
    t0 = time.perf_counter()
    if options.from_bags is not None:
        from lam_bringup.demonstration_bags import demonstrations_from_bags
        from lam_core.policy.processor import PolicyProcessor

        bags = sorted(p.parent for p in options.from_bags.rglob("metadata.yaml"))
        if not bags:
            raise LamError(f"no bags under {options.from_bags}")
        data = demonstrations_from_bags(bags, PolicyProcessor(PolicyConfig()))
        data.save(data_path)
        print(f"[train] {len(data)} samples from {len(bags)} demonstration bags under {options.from_bags} -> {data_path}", flush=True)
    elif options.reuse_data and data_path.is_file():
        data = Demonstrations.load(data_path)
        print(f"[train] {len(data)} samples from {data_path}", flush=True)
    else:
        print(f"[train] collecting: {options.per_family} train-split episodes x {', '.join(COLLECT_FAMILIES)} "
              f"with the privileged expert, {options.jobs} workers", flush=True)
        data = collect_parallel(list(COLLECT_FAMILIES), range(options.per_family), options.jobs,
                                bag_dir=bags_root / "expert" if options.record_bags else None,
                                detector=options.detector, looks=options.looks, ray_address=options.ray_address)
        data.save(data_path)
        ok = sum(1 for e in data.episodes if e.get("success"))
        print(f"[train] {len(data)} samples from {len(data.episodes)} episodes (expert success {ok}/{len(data.episodes)}), "
              f"{data.done.mean() * 100:.1f} % 'done', {len(data.texts)} instructions -> {data_path}"
              + (f"; demonstration bags in {bags_root / 'expert'}" if options.record_bags else ""), flush=True)
    collect_s = time.perf_counter() - t0
    curves = TrainHistory()  # every fit's epochs in order, for the plot
    processes_here = int(os.environ.get("LOCAL_WORLD_SIZE", "1")) if group is not None else 1
    torch.set_num_threads(max(1, (os.cpu_count() or 1) // processes_here))
    config = PolicyConfig(image_encoder=options.image_encoder, twist_bins=options.twist_bins)
    train_cfg = TrainConfig(epochs=options.epochs, seed=options.seed, device=options.device,
                            mixed_precision=options.mixed_precision)
    fits = [0]  # how many fits ran: each writes its checkpoints to results/train/checkpoints/fit_<n>

    def fit(data: Demonstrations, epochs: int, init=None):  # type: ignore[no-untyped-def]
        batches = (len(data) + train_cfg.batch_size - 1) // train_cfg.batch_size
        feature_bar = tqdm(total=len(data), desc="frozen image features", unit="sample", file=sys.stdout,
                           disable=options.image_encoder == "cnn")
        quiet = group is not None and not group.is_main
        with feature_bar, tqdm(total=epochs * batches, desc="training", unit="batch", file=sys.stdout, disable=quiet) as bar:
            def progress(epoch: int, batch: int, loss: float) -> None:
                bar.update(1)
                bar.set_postfix(epoch=epoch + 1, loss=f"{loss:.3f}")

            def feature_progress(done: int, total: int) -> None:
                feature_bar.update(done - feature_bar.n)

            checkpoints = results / "checkpoints" / f"fit_{fits[0]}"
            resume = options.resume and fits[0] == 0
            if resume:
                print(f"[train] resuming from the checkpoint in {checkpoints}", flush=True)
            model, history = train_policy(data, config, replace(train_cfg, epochs=epochs), text_encoder, progress, init,
                                          feature_progress, checkpoints, resume,
                                          results / "tensorboard" / f"fit_{fits[0]}", group)
            fits[0] += 1
        curves.train_loss += history.train_loss
        curves.validation_loss += history.validation_loss
        curves.validation_twist_mae += history.validation_twist_mae
        curves.validation_done_accuracy += history.validation_done_accuracy
        curves.seconds += history.seconds
        return model, history

    text_encoder = TextEncoder()
    if options.init_dir is not None:
        model, init_config = load_policy(options.init_dir)
        if init_config != config:
            raise LamError(f"{options.init_dir} holds a policy with another configuration than the one trained here")
        history = TrainHistory(train_loss=[math.nan], validation_loss=[math.nan], validation_twist_mae=[math.nan],
                               validation_done_accuracy=[math.nan], best_epoch=0)
        if options.epochs > 0:
            model, history = fit(data, options.epochs, model)
    else:
        model, history = fit(data, options.epochs)
    for round_index in range(options.dagger_rounds):
        acting_dir = results / f"dagger_policy_{round_index}"
        save_policy(model, config, acting_dir)
        first = (options.per_family if options.dagger_first_seed is None else options.dagger_first_seed) \
            + round_index * options.dagger_episodes
        families = list(options.dagger_families or COLLECT_FAMILIES)
        print(f"[train] DAgger round {round_index + 1}: the policy drives {options.dagger_episodes} more train-split episodes of "
              f"{', '.join(families)} (seeds from {first}), the expert labels what it would have done", flush=True)
        t1 = time.perf_counter()
        new = collect_parallel(families, range(first, first + options.dagger_episodes), options.jobs, acting_dir,
                               bag_dir=bags_root / f"dagger_{round_index}" if options.record_bags else None,
                               detector=options.detector, looks=options.looks, ray_address=options.ray_address)
        collect_s += time.perf_counter() - t1
        ok = sum(1 for e in new.episodes if e.get("success"))
        print(f"[train] {len(new)} samples; the policy succeeded in {ok}/{len(new.episodes)} of them", flush=True)
        data = Demonstrations.merge([data, new])
        data.save(data_path)  # with the DAgger samples: `--reuse-data` trains on all of it
        model, history = fit(data, options.dagger_epochs, model)
    if group is not None:
        distributed.leave()
        if not group.is_main:  # the processes hold the same weights; the main one writes them
            return 0
    command = " ".join(["lam", "train", *sys.argv[2:]]) if len(sys.argv) > 1 and sys.argv[1] == "train" else "lam train"
    metadata = {"command": command, "samples": len(data), "episodes": len(data.episodes), "epochs": options.epochs,
                "seed": options.seed, "image_encoder": options.image_encoder, "twist_bins": options.twist_bins,
                "dagger_rounds": options.dagger_rounds, "dagger_episodes": options.dagger_episodes,
                "dagger_epochs": options.dagger_epochs, "looks": list(options.looks), "detector": options.detector,
                "best_epoch": history.best_epoch, "validation_loss": curves.validation_loss,
                "train_loss": curves.train_loss, "params": count_parameters(model)}
    save_policy(model, config, out_dir, metadata)
    _plot(curves, results / "loss.png")
    (results / "history.json").write_text(json.dumps(metadata, indent=1))
    print(f"[train] {count_parameters(model)} parameters, best epoch {history.best_epoch + 1}/{len(history.train_loss)} "
          f"of the last fit: validation loss "
          f"{history.validation_loss[history.best_epoch]:.4f}, twist MAE {history.validation_twist_mae[history.best_epoch]:.3f} "
          f"(normalised), done accuracy {history.validation_done_accuracy[history.best_epoch]:.3f}", flush=True)
    print(f"[train] weights -> {out_dir}, loss curves -> {results / 'loss.png'}; collection {collect_s:.0f} s, "
          f"training {curves.seconds:.0f} s", flush=True)
    print(json.dumps({"samples": len(data), "epochs": options.epochs, "best_epoch": history.best_epoch + 1,
                      "validation_loss": round(history.validation_loss[history.best_epoch], 4),
                      "twist_mae": round(history.validation_twist_mae[history.best_epoch], 4),
                      "done_accuracy": round(history.validation_done_accuracy[history.best_epoch], 4),
                      "params": count_parameters(model), "collect_s": round(collect_s, 1), "train_s": round(curves.seconds, 1)}))
    return 0
