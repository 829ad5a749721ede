"""Data-parallel training under torchrun on CPUs: two processes that share each batch end with the
weights one process gets from the whole batches, only the main one writes checkpoints, and
`lam train` runs under torchrun on collected data (and refuses to collect there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.distributed import DataParallel
from lam_core.policy.factory import build_policy
from lam_core.policy.training import TrainConfig, train_policy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from test_training_checkpoints import HashEncoder, demonstrations  # noqa: E402

# No dropout: each process would draw its masks for other samples than one process does.
CONFIG = PolicyConfig(d_model=32, n_heads=2, n_layers=1, twist_bins=11, dropout=0.0)
TRAIN = TrainConfig(epochs=2, batch_size=16, seed=3)
TIMEOUT_S = 240


def torchrun(args: list[str], cwd: Path, processes: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(processes),
                           *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def test_a_batch_is_shared_out_equally_and_the_remainder_left_out() -> None:
    batch = np.arange(11)
    shares = [DataParallel(rank, 2).shard(batch) for rank in range(2)]
    assert [s.tolist() for s in shares] == [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]
    assert DataParallel(0, 1).shard(batch).tolist() == batch.tolist()


@pytest.mark.slow
def test_two_processes_end_with_the_weights_of_one_process_and_only_the_main_one_writes(tmp_path: Path) -> None:
    worker = tmp_path / "worker.py"
    worker.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(HERE)!r})
        import torch
        from safetensors.torch import save_file
        from lam_core.policy import distributed
        from lam_core.policy.training import train_policy
        from test_training_parallel import CONFIG, TRAIN
        from test_training_checkpoints import HashEncoder, demonstrations

        torch.set_num_threads(1)
        group = distributed.from_environment()
        distributed.join(group, torch.device("cpu"))
        out = Path({str(tmp_path)!r})
        model, history = train_policy(demonstrations(), CONFIG, TRAIN, HashEncoder(),
                                      checkpoint_dir=out / f"checkpoints_{{group.rank}}", log_dir=out / f"logs_{{group.rank}}",
                                      parallel=group)
        save_file({{k: v.contiguous() for k, v in model.state_dict().items()}}, str(out / f"rank{{group.rank}}.safetensors"))
        distributed.leave()
    """))
    run = torchrun([str(worker)], tmp_path, processes=2)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    torch.set_num_threads(1)
    single, _ = train_policy(demonstrations(), CONFIG, TRAIN, HashEncoder())  # type: ignore[arg-type]
    ranks = [load_file(str(tmp_path / f"rank{r}.safetensors")) for r in range(2)]
    torch.manual_seed(TRAIN.seed)
    initial = build_policy(CONFIG).state_dict()  # as train_policy builds it
    apart, moved = 0.0, 0.0
    for name, value in single.state_dict().items():
        assert torch.equal(ranks[0][name], ranks[1][name]), f"the processes drifted apart at {name}"
        apart += float(((ranks[0][name] - value) ** 2).sum())
        moved += float(((value - initial[name].to(value.dtype)) ** 2).sum())
    # Not bit for bit (sums run in another order), but the same training: 0.0008 measured. Had each
    # process divided its twist loss by its own share's count, it would have been 0.05.
    ratio = (apart / moved) ** 0.5
    print(f"distance from one process's weights, relative to how far training moved them: {ratio:.4f}")
    assert moved > 0 and ratio < 0.01
    assert (tmp_path / "checkpoints_0").is_dir() and any((tmp_path / "logs_0").iterdir())
    assert not (tmp_path / "checkpoints_1").exists() and not (tmp_path / "logs_1").exists()


@pytest.mark.slow
def test_lam_train_runs_under_torchrun_on_collected_data_and_refuses_to_collect_there(tmp_path: Path) -> None:
    data = demonstrations()
    data.save(tmp_path / "demonstrations.npz")
    out = tmp_path / "policy"
    args = ["-m", "lam_bringup.cli", "train", "--reuse-data", "--data", str(tmp_path / "demonstrations.npz"),
            "--epochs", "1", "--dagger-rounds", "0", "--out", str(out)]
    run = torchrun(args, tmp_path, processes=1)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (out / "model.safetensors").is_file()
    assert json.loads((tmp_path / "results" / "train" / "history.json").read_text())["samples"] == len(data)
    refused = torchrun(["-m", "lam_bringup.cli", "train", "--epochs", "1", "--out", str(out)], tmp_path, processes=1)
    assert refused.returncode != 0 and "under torchrun, lam train only trains" in refused.stdout + refused.stderr
