"""Data-parallel training across processes, as `torchrun` starts them (one per GPU, or several on
CPUs): every process holds the whole policy, takes its share of each batch and the gradients are
averaged before every step, so the processes stay identical. ``train_policy`` takes a
``DataParallel``; only the main process writes checkpoints and logs.

    torchrun --standalone --nproc_per_node 2 -m lam_bringup.cli train --reuse-data --data FILE
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch

from lam_core.errors import ConfigError


@dataclass(frozen=True)
class DataParallel:
    """This process's place in the group: ``rank`` of ``world_size``, ``local_rank`` on its machine."""

    rank: int
    world_size: int
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def shard(self, batch: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """This process's equal share of a batch of sample indices (the remainder that does not
        divide evenly is left out, so that every process averages over as many samples)."""
        usable = len(batch) - len(batch) % self.world_size
        return batch[:usable][self.rank::self.world_size]

    def device_ids(self, device: torch.device) -> list[int] | None:
        return [device.index if device.index is not None else self.local_rank] if device.type == "cuda" else None


def from_environment() -> DataParallel | None:
    """The group `torchrun` started this process in (RANK, WORLD_SIZE, LOCAL_RANK); None outside torchrun."""
    if "WORLD_SIZE" not in os.environ or "RANK" not in os.environ:
        return None
    try:
        group = DataParallel(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", "0")))
    except ValueError:
        raise ConfigError("RANK, WORLD_SIZE and LOCAL_RANK must be integers (as torchrun sets them)") from None
    if not 0 <= group.rank < group.world_size:
        raise ConfigError(f"rank {group.rank} outside a group of {group.world_size}")
    return group


def join(group: DataParallel, device: torch.device) -> None:
    """Join the process group (gloo on CPUs, NCCL on CUDA; the rendezvous torchrun set up)."""
    import torch.distributed as dist

    if dist.is_initialized():
        return
    backend = "nccl" if device.type == "cuda" else "gloo"
    if device.type == "cuda":
        torch.cuda.set_device(device.index if device.index is not None else group.local_rank)
    dist.init_process_group(backend, rank=group.rank, world_size=group.world_size)


def leave() -> None:
    import torch.distributed as dist

    if dist.is_initialized():
        dist.destroy_process_group()
