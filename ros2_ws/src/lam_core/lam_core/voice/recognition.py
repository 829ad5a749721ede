"""Speech to text for one utterance (mono float32 at SAMPLE_RATE_HZ).

Backends:
- ``learned`` (default): the project's own letter-level CTC network (lam_core.voice.speech_model),
  trained by ``lam train-speech`` on synthesised speech in the training voices (weights in
  models/speech), decoded by beam search with the goal language model and an English word list
  (lam_core.voice.ctc_decoder).
  Its confidence is acoustic: the greedy reading's least certain word.
- ``sphinx``: pocketsphinx, whose wheel ships the English acoustic model (trained on recorded
  human speech) and pronunciation dictionary, with the goal language model (goal_language_model)
  generated from goal understanding's lexicon when the recogniser is made. It offers its best few
  hypotheses.
- ``whisper``: a Whisper model from a local folder through transformers (weights are never
  downloaded); one hypothesis.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from lam_core.errors import ConfigError
from lam_core.voice import goal_language_model
from lam_core.voice.audio import SAMPLE_RATE_HZ

RECOGNIZERS = ("learned", "sphinx", "whisper")
NBEST = 5  # hypotheses offered for goal understanding to choose from
CLAUSE_PAUSE_S = 0.3  # a silence this long between words ends a clause: written as a comma
FRAME_S = 0.01  # pocketsphinx's frame period
MAX_UTTERANCE_S = 20.0


@dataclass(frozen=True)
class Transcript:
    """What was heard: ``text`` (lower case, words joined by single spaces, "" for nothing),
    ``alternatives`` (the best first, text included), ``confidence`` (the recogniser's posterior
    probability of ``text``, 0 to 1; 1 when the recogniser gives none), its compute time [s]."""

    text: str
    alternatives: tuple[str, ...] = ()
    compute_s: float = 0.0
    confidence: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)


class Recognizer(Protocol):
    name: str

    def transcribe(self, samples: np.ndarray) -> Transcript: ...


def _clean(text: str) -> str:
    words = [w for w in text.lower().split() if not (w.startswith("<") or w.startswith("[") or w.startswith("("))]
    return " ".join(w.split("(")[0] for w in words)


def _utterance_pcm(samples: np.ndarray) -> bytes:
    samples = np.nan_to_num(np.asarray(samples, dtype=np.float32)[: int(MAX_UTTERANCE_S * SAMPLE_RATE_HZ)])
    return bytes((np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes())


class SphinxRecognizer:
    """pocketsphinx with the goal language model. ``seed`` fixes the sentences it is counted from."""

    name = "sphinx"

    def __init__(self, seed: int = 0, sentences: int = goal_language_model.DEFAULT_SENTENCES) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError as exc:
            raise ConfigError("the sphinx recogniser needs pocketsphinx (make setup installs it)") from exc
        corpus = goal_language_model.goal_sentences(np.random.default_rng(seed), sentences)
        arpa = goal_language_model.build_arpa(corpus, goal_language_model.vocabulary())
        with tempfile.TemporaryDirectory(prefix="lam-goal-lm-") as folder:
            path = Path(folder) / "goals.arpa"
            path.write_text(arpa, encoding="utf-8")
            self._decoder = Decoder(lm=str(path), logfn="/dev/null", samprate=SAMPLE_RATE_HZ)
        missing = [w for w in goal_language_model.vocabulary() if self._decoder.lookup_word(w) is None]
        self.unpronounceable = tuple(sorted(missing))

    def _punctuated(self) -> str:
        """The best hypothesis with a comma at each pause of CLAUSE_PAUSE_S or more between words
        (goal understanding reads clauses from punctuation, as a listener does from pauses)."""
        out: list[str] = []
        pause_s = 0.0
        for seg in self._decoder.seg():
            word = seg.word
            if word in ("<s>", "</s>", "<sil>") or word.startswith("[") or word.startswith("+"):
                if word == "<sil>" or word.startswith("["):
                    pause_s += (seg.end_frame - seg.start_frame + 1) * FRAME_S
                continue
            if out and pause_s >= CLAUSE_PAUSE_S and not out[-1].endswith(","):
                out[-1] += ","
            out.append(word.split("(")[0].lower())
            pause_s = 0.0
        return " ".join(out)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        start = time.perf_counter()
        self._decoder.start_utt()
        self._decoder.process_raw(_utterance_pcm(samples), False, True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        text = self._punctuated() if hyp is not None else ""
        confidence = min(1.0, max(0.0, float(hyp.prob))) if hyp is not None else 0.0
        alternatives: list[str] = [text] if text else []
        for i, nbest in enumerate(self._decoder.nbest()):
            if i >= NBEST * 3 or len(alternatives) >= NBEST:
                break
            alt = _clean(getattr(nbest, "hypstr", None) or "")
            if alt and alt not in alternatives and alt != text.replace(",", ""):
                alternatives.append(alt)
        return Transcript(text, tuple(alternatives), time.perf_counter() - start, confidence)


class LearnedRecognizer:
    """The learned CTC recogniser saved in ``folder`` (default models/speech), decoded by prefix
    beam search with the goal language model (made when the recogniser is; ``seed`` fixes its
    sentences). Torch runs with the caller's thread settings."""

    name = "learned"

    def __init__(self, folder: str | Path | None = None, seed: int = 0,
                 sentences: int = goal_language_model.DEFAULT_SENTENCES) -> None:
        import torch

        from lam_core.voice import ctc_decoder, speech_model

        self._model, self.metadata = speech_model.load_speech_model(
            speech_model.default_speech_dir() if folder is None or str(folder) == "" else folder)
        corpus = goal_language_model.goal_sentences(np.random.default_rng(seed), sentences)
        vocabulary = goal_language_model.vocabulary()
        self._lm = ctc_decoder.WordTrigram(goal_language_model.build_arpa(corpus, vocabulary))
        self._lexicon = ctc_decoder.Lexicon.english(vocabulary)
        self._settings = ctc_decoder.BeamSettings(pause_steps=self._model.config.pause_steps)
        self._torch = torch
        self._speech_model = speech_model
        self._decoder = ctc_decoder

    def transcribe(self, samples: np.ndarray) -> Transcript:
        from lam_core.voice.features import log_mel

        start = time.perf_counter()
        features = log_mel(np.asarray(samples, dtype=np.float32)[: int(MAX_UTTERANCE_S * SAMPLE_RATE_HZ)])
        if len(features) == 0:
            return Transcript("", (), time.perf_counter() - start, 0.0)
        with self._torch.inference_mode():
            log_probs, _ = self._model(self._torch.from_numpy(features)[None], self._torch.tensor([len(features)]))
        steps = log_probs[0].numpy()
        acoustic = self._speech_model.greedy_decode(steps, self._model.config)
        if not acoustic.text:
            return Transcript("", (), time.perf_counter() - start, 0.0)
        best = self._decoder.beam_search(steps, self._model.config.alphabet, self._lm, self._settings, self._lexicon)
        texts = tuple(text for text, _ in best[:NBEST] if text)
        return Transcript(texts[0] if texts else "", texts, time.perf_counter() - start,
                          acoustic.confidence if texts else 0.0)


class WhisperRecognizer:
    """A Whisper checkpoint (WhisperForConditionalGeneration and its processor) from ``folder``."""

    name = "whisper"

    def __init__(self, folder: str | Path, max_new_tokens: int = 64) -> None:
        folder = Path(folder)
        if not (folder / "config.json").is_file():
            raise ConfigError(f"{folder}: no Whisper checkpoint (config.json missing); speech_node's whisper_path must "
                              "name a local folder holding the model and its processor files")
        try:
            import torch
            from safetensors import SafetensorError
            from transformers import WhisperForConditionalGeneration, WhisperProcessor
        except ImportError as exc:
            raise ConfigError(f"the whisper recogniser needs transformers: {exc}") from exc
        try:
            self._processor = WhisperProcessor.from_pretrained(str(folder), local_files_only=True)
            self._model = WhisperForConditionalGeneration.from_pretrained(str(folder), local_files_only=True,
                                                                          use_safetensors=True)
        except (OSError, ValueError, RuntimeError, SafetensorError) as exc:
            raise ConfigError(f"{folder}: cannot load the Whisper checkpoint: {exc}") from exc
        self._model.eval()  # type: ignore[no-untyped-call]
        self._torch = torch
        self._max_new_tokens = max_new_tokens

    def transcribe(self, samples: np.ndarray) -> Transcript:
        start = time.perf_counter()
        samples = np.nan_to_num(np.asarray(samples, dtype=np.float32)[: int(MAX_UTTERANCE_S * SAMPLE_RATE_HZ)])
        features = self._processor(samples, sampling_rate=SAMPLE_RATE_HZ, return_tensors="pt").input_features
        room = int(getattr(self._model.config, "max_target_positions", 448)) - 8  # the prompt's start tokens
        options: dict[str, Any] = {"max_new_tokens": max(1, min(self._max_new_tokens, room))}
        if getattr(self._model.generation_config, "is_multilingual", False):
            options.update(language="en", task="transcribe")
        with self._torch.inference_mode():
            ids = self._model.generate(features, **options)
        raw = str(self._processor.batch_decode(ids, skip_special_tokens=True)[0])  # type: ignore[no-untyped-call]
        text = " ".join("".join(ch if ch.isalnum() or ch in " '" else " " for ch in raw.lower()).split())
        return Transcript(text, (text,) if text else (), time.perf_counter() - start)


def make_recognizer(kind: str, whisper_path: str = "", seed: int = 0, speech_model_dir: str = "") -> Recognizer:
    """The recogniser ``kind`` names (RECOGNIZERS)."""
    if kind == "learned":
        return LearnedRecognizer(speech_model_dir or None)
    if kind == "sphinx":
        return SphinxRecognizer(seed=seed)
    if kind == "whisper":
        if not whisper_path:
            raise ConfigError("recognizer 'whisper' needs whisper_path: a local folder with a Whisper checkpoint")
        return WhisperRecognizer(whisper_path)
    raise ConfigError(f"unknown recognizer {kind!r} (one of {', '.join(RECOGNIZERS)})")
