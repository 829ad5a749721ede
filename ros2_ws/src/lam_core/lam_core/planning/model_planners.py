"""Model-based task planners. Each proposes a plan answer (JSON text in the plan schema) for a
PlanRequest; `lam_core.planning.task_planning.TaskPlanning` validates, retries and falls back to rules.

- HfTaskPlanner: any Hugging Face image-text-to-text model in a local folder (AutoProcessor +
  AutoModelForImageTextToText, offline), decoding constrained to the plan grammar (xgrammar).
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


class TokenVocabulary:
    """One tokenizer's token texts (``token_texts``), prepared once for grammar-constrained decoding
    with xgrammar: its token-mask cache makes each step's mask a lookup rather than a scan of the
    vocabulary. ``vocab_size``: the model's logit count when it is larger than the tokenizer's."""

    def __init__(self, texts: list[str | None], eos_token_id: int, vocab_size: int | None = None) -> None:
        import xgrammar

        self.texts = texts
        self.eos_token_id = eos_token_id
        self.vocab_size = max(len(texts), vocab_size or 0)
        # Special tokens (None) get no text: xgrammar never allows an empty token, except as a stop.
        self._info = xgrammar.TokenizerInfo([t or "" for t in texts], xgrammar.VocabType.RAW,
                                            vocab_size=self.vocab_size, stop_token_ids=[eos_token_id])
        self._compiler = xgrammar.GrammarCompiler(self._info, max_threads=1, cache_enabled=True)

    def constraint(self, pattern: str, prompt_length: int) -> GrammarConstraint:
        """A logits processor for one generation: the text after ``prompt_length`` tokens stays a
        prefix of a match of the regular expression ``pattern``, and ends on a full match."""
        try:
            compiled = self._compiler.compile_regex(pattern)
        except RuntimeError as exc:
            raise ConfigError(f"plan grammar does not compile: {exc}") from None
        return GrammarConstraint(self, compiled, prompt_length)


class GrammarConstraint:
    """A transformers logits processor: at each step only tokens that keep the generated text a
    prefix of a grammar match, and end-of-sequence only on a full match. It follows one sequence at a
    time (batch size 1, as greedy generation is); a shorter sequence than the last starts it over."""

    def __init__(self, vocabulary: TokenVocabulary, compiled: Any, prompt_length: int) -> None:
        import xgrammar

        self.vocabulary = vocabulary
        self.prompt_length = prompt_length
        self._compiled = compiled
        self._matcher = xgrammar.GrammarMatcher(compiled)
        self._bitmask = xgrammar.allocate_token_bitmask(1, vocabulary.vocab_size)
        self._accepted: list[int] = []

    def text_of(self, token_ids: Any) -> str:
        """The generated text (after the prompt) of one sequence of token ids."""
        texts = self.vocabulary.texts
        ids = [int(i) for i in token_ids[self.prompt_length:]]
        return "".join(texts[i] or "" for i in ids if i < len(texts))

    def _follow(self, generated: list[int]) -> None:
        """Bring the matcher to the end of ``generated`` (the tokens after the prompt)."""
        if generated[:len(self._accepted)] != self._accepted:
            self._matcher.reset()
            self._accepted = []
        for token_id in generated[len(self._accepted):]:
            if not self._matcher.accept_token(token_id):
                raise PlannerUnavailable(f"hf model: token {token_id} left the plan grammar")
            self._accepted.append(token_id)

    def allowed_mask(self, generated: list[int]) -> Any:
        """A boolean tensor over the vocabulary: the tokens allowed after ``generated``."""
        import torch

        self._follow(generated)
        self._matcher.fill_next_token_bitmask(self._bitmask)
        bits = (self._bitmask[0].unsqueeze(1) >> torch.arange(32, dtype=torch.int32)) & 1  # bit j of word i: token 32 i + j
        return bits.flatten()[:self.vocabulary.vocab_size].bool()

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if input_ids.shape[0] != 1:
            raise PlannerUnavailable("hf model: constrained decoding follows one sequence (batch size 1)")
        allowed = self.allowed_mask([int(i) for i in input_ids[0, self.prompt_length:]])
        masked = scores.clone()
        width = min(scores.shape[-1], allowed.shape[0])
        masked[0, :width] = masked[0, :width].masked_fill(~allowed[:width], float("-inf"))
        masked[0, width:] = float("-inf")
        return masked


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
        logits = int(self.model.get_output_embeddings().weight.shape[0])
        self._vocabulary = TokenVocabulary(token_texts(self.tokenizer), int(self.tokenizer.eos_token_id), logits)
        self._vocabulary.constraint(plan_grammar(PlanRequest("warm-up")), 0)  # the reason's token masks, built once

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
            constraint = self._vocabulary.constraint(plan_grammar(request), int(inputs["input_ids"].shape[1]))
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
