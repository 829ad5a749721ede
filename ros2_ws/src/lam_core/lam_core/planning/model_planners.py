"""Model-based task planners. Each proposes a plan answer (JSON text in the plan schema) for a
PlanRequest; `lam_core.planning.task_planning.TaskPlanning` validates, retries and falls back to rules.

- HfTaskPlanner: any Hugging Face image-text-to-text model in a local folder (AutoProcessor +
  AutoModelForImageTextToText, offline), decoding constrained to the plan grammar.
- HttpTaskPlanner: an OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp server,
  Ollama) given the image and the prompt, with the plan JSON schema as response_format.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from lam_core.errors import ConfigError, LamError
from lam_core.planning.plan_schema import PLAN_JSON_SCHEMA, PlanRequest, plan_grammar, plan_prompt

BLANK_IMAGE = np.zeros((48, 64, 3), np.uint8)  # stands in when no thumbnail has arrived yet


class PlannerUnavailable(LamError):
    """A model planner could not answer at all (server down, timeout, model failure)."""


class ModelPlanner(Protocol):
    name: str

    def propose(self, request: PlanRequest) -> str:
        """The model's answer text for the request; PlannerUnavailable if there is none."""
        ...


class GrammarConstraint:
    """A transformers logits processor that keeps the generated text a prefix of a match of
    ``pattern`` (the `regex` module's partial matching) and allows end-of-sequence only on a full
    match. Token texts are measured once per tokenizer (``token_texts``)."""

    def __init__(self, pattern: str, token_texts: list[str | None], prompt_length: int, eos_token_id: int) -> None:
        import regex

        self.pattern = regex.compile(pattern)
        self.token_texts = token_texts
        self.prompt_length = prompt_length
        self.eos_token_id = eos_token_id
        self._by_first_char: dict[str, list[int]] = {}
        for token_id, text in enumerate(token_texts):
            if text:
                self._by_first_char.setdefault(text[0], []).append(token_id)
        self._allowed_cache: dict[str, list[int]] = {}

    def text_of(self, token_ids: Any) -> str:
        """The generated text (after the prompt) of one sequence of token ids."""
        ids = [int(i) for i in token_ids[self.prompt_length:]]
        return "".join(self.token_texts[i] or "" for i in ids if i < len(self.token_texts))

    def allowed(self, text: str) -> list[int]:
        cached = self._allowed_cache.get(text)
        if cached is not None:
            return cached
        allowed = []
        for first, candidates in self._by_first_char.items():
            if self.pattern.fullmatch(text + first, partial=True) is None:
                continue
            allowed += [t for t in candidates if self.pattern.fullmatch(text + self.token_texts[t], partial=True) is not None]  # type: ignore[operator]
        if not allowed or self.pattern.fullmatch(text) is not None:
            allowed.append(self.eos_token_id)
        self._allowed_cache[text] = allowed
        return allowed

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        mask = torch.full_like(scores, float("-inf"))
        for row in range(input_ids.shape[0]):
            mask[row, self.allowed(self.text_of(input_ids[row]))] = 0.0
        return scores + mask


def token_texts(tokenizer: Any) -> list[str | None]:
    """The text each token id adds when it follows ordinary text (None for special tokens).
    Decoding after an anchor token keeps leading spaces that some tokenizers strip at the start."""
    anchor = tokenizer.encode("a", add_special_tokens=False)[-1]
    anchor_text = tokenizer.decode([anchor])
    special = set(tokenizer.all_special_ids)
    texts: list[str | None] = []
    for token_id in range(len(tokenizer)):
        if token_id in special:
            texts.append(None)
            continue
        text = tokenizer.decode([anchor, token_id])
        texts.append(text[len(anchor_text):] if text.startswith(anchor_text) else None)
    return texts


HF_DTYPES = ("auto", "float32", "bfloat16", "float16")


class HfTaskPlanner:
    """An image-text-to-text model from a local folder (config, weights, processor files)."""

    name = "hf"

    def __init__(self, model_dir: str, max_new_tokens: int = 512, dtype: str = "auto", device: str = "cpu") -> None:
        """``dtype``: the weights' dtype (auto: as saved; float32, bfloat16, float16); ``device``: the
        torch device the model runs on (cpu, cuda, cuda:1, mps). ConfigError for either unknown or
        unavailable here."""
        path = Path(model_dir).expanduser()
        for required in (path, path / "config.json"):
            if not required.exists():
                raise ConfigError(f"hf task planner: {required} not found (set hf_model_dir to a saved model folder)")
        if dtype not in HF_DTYPES:
            raise ConfigError(f"hf task planner: hf_dtype must be one of {', '.join(HF_DTYPES)}, got {dtype!r}")
        from lam_core.devices import torch_device

        self.device = torch_device(device)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModelForImageTextToText, AutoProcessor

        try:
            self.processor: Any = AutoProcessor.from_pretrained(str(path), local_files_only=True)  # type: ignore[no-untyped-call]
            model: Any = AutoModelForImageTextToText.from_pretrained(
                str(path), local_files_only=True, use_safetensors=True,  # never pickle
                dtype="auto" if dtype == "auto" else getattr(torch, dtype))
            self.model: Any = model.to(self.device).eval()
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ConfigError(f"hf task planner: cannot load the model in {path}: {exc}") from None
        self.tokenizer = self.processor.tokenizer
        if self.tokenizer.eos_token_id is None:
            raise ConfigError(f"hf task planner: the tokenizer in {path} has no end-of-sequence token")
        self.max_new_tokens = max_new_tokens
        self._token_texts = token_texts(self.tokenizer)

    def _model_text(self, prompt: str) -> str:
        if getattr(self.processor, "chat_template", None):
            messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": prompt}]}]
            return str(self.processor.apply_chat_template(messages, add_generation_prompt=True))
        image_token = getattr(self.processor, "image_token", None) or "<image>"
        return f"{image_token}{prompt}\n"

    def propose(self, request: PlanRequest) -> str:
        import torch
        from transformers import LogitsProcessorList

        image = request.thumbnail.pixels if request.thumbnail is not None else BLANK_IMAGE
        try:
            inputs = self.processor(images=image, text=self._model_text(plan_prompt(request)),
                                    return_tensors="pt").to(self.device)
            if "pixel_values" in inputs:  # the image in the weights' dtype (the token ids stay integers)
                inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
            constraint = GrammarConstraint(plan_grammar(request), self._token_texts, int(inputs["input_ids"].shape[1]),
                                           int(self.tokenizer.eos_token_id))
            with torch.inference_mode():
                out = self.model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False,
                                          logits_processor=LogitsProcessorList([constraint]),
                                          pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id)
        except (RuntimeError, ValueError) as exc:
            raise PlannerUnavailable(f"hf model failed: {exc}") from None
        return constraint.text_of(out[0])


def png_data_url(pixels: np.ndarray) -> str:
    """An RGB image as a data: URL (PNG), as chat-completions endpoints take images."""
    import cv2

    ok, png = cv2.imencode(".png", np.ascontiguousarray(pixels[..., ::-1]))
    if not ok:
        raise PlannerUnavailable("cannot encode the thumbnail as PNG")
    return "data:image/png;base64," + base64.b64encode(png.tobytes()).decode("ascii")


class HttpTaskPlanner:
    """POST {base_url}/chat/completions of an OpenAI-compatible server. The API key, if the server
    wants one, comes from the environment variable named by ``api_key_env``."""

    name = "http"

    def __init__(self, base_url: str, model: str, timeout_s: float, api_key_env: str = "LAM_PLANNER_API_KEY") -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"http task planner: http_url must start with http:// or https://, got {base_url!r}")
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout_s = timeout_s
        self.api_key_env = api_key_env

    def request_body(self, request: PlanRequest) -> dict[str, Any]:
        image = request.thumbnail.pixels if request.thumbnail is not None else BLANK_IMAGE
        return {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": "You plan robot tasks. Answer with JSON in the given schema only."},
                {"role": "user", "content": [
                    {"type": "text", "text": plan_prompt(request)},
                    {"type": "image_url", "image_url": {"url": png_data_url(image)}},
                ]},
            ],
            "response_format": {"type": "json_schema", "json_schema": {"name": "plan", "strict": True, "schema": PLAN_JSON_SCHEMA}},
        }

    def propose(self, request: PlanRequest) -> str:
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.api_key_env, "")
        if key:
            headers["Authorization"] = f"Bearer {key}"
        body = json.dumps(self.request_body(request)).encode()
        http_request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout_s) as response:
                reply = json.loads(response.read().decode("utf-8", errors="replace"))
        except urllib.error.HTTPError as exc:
            raise PlannerUnavailable(f"{self.url} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PlannerUnavailable(f"{self.url} unreachable: {reason}") from None
        except json.JSONDecodeError:
            raise PlannerUnavailable(f"{self.url} answered something that is not JSON") from None
        try:
            content = reply["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise PlannerUnavailable(f"{self.url} answered without choices[0].message.content") from None
        return content if isinstance(content, str) else json.dumps(content)
