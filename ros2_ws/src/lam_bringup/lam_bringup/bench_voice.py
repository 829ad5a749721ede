"""`lam bench voice`: spoken goals, the spoken stop and false stops, on held-out voices.

Everything is spoken by espeak-ng in the held-out voices (accents and variants that neither the
keyword spotter's training nor the recogniser's tuning used, lam_core.voice.audio) over room noise.

- goal_accuracy per SNR: the test goals of data/language/goals.yaml (wordings nobody tuned on)
  are spoken, recognised and planned in their scene by the planner's task planning; an utterance
  counts when the plan (or the answer, or the refusal) made from what was heard equals the one
  made from the text (without control characters, which carry no sound). same_outcome: the
  same, except that a refusal for another reason counts when the text is refused too (nothing
  moves either way; "make me a coffee" misheard as "make me a cough" is refused, naming another
  word). misheard_plans: the share where what was heard made a plan other than the text's (the
  robot would move on a mishearing; a refusal or an answer instead is not counted).
- stop: "stop"/"halt" alone or ending a short phrase, per SNR: the share spotted, and the latency
  from the keyword's last sample to the spot, in audio time plus the compute of that hop.
- false_stops_per_hour: spots in room noise alone, in conversation (held-out voices saying
  sentences of the project's own docs and the test goals, none holding a stop word), and in a
  stress stream of nothing but words that sound like one (top, shop, salt, hall, ...).
- asr_rtf: recogniser compute over utterance length; cpu_load_percent: the whole listener
  (features, spotter, voice activity, recogniser) as a share of the 2 cores, on the conversation.

Prints a readable summary; the last line is one JSON object.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from lam_core.config import load_config
from lam_core.harness.language_bench import load, run_item
from lam_core.harness.lockstep import AgentConfigs
from lam_core.node_configs import SpeechNodeConfig
from lam_core.paths import config_file, data_dir, source_root
from lam_core.planning.factory import make_task_planning
from lam_core.stats import percentile
from lam_core.untrusted import printable
from lam_core.voice.audio import SAMPLE_RATE_HZ, random_voice, room_noise, synthesize
from lam_core.voice.keyword import KeywordSpotter
from lam_core.voice.listener import Listener, ListenerConfig, UtteranceHeard, recognise_utterance
from lam_core.voice.recognition import make_recognizer
from lam_core.voice.sim_microphone import mix_at_snr

SNRS_DB = (20.0, 10.0, 5.0)
# Said alone or ending the phrase, so the phrase's end is the keyword's end.
STOP_PHRASES = ("stop", "halt", "stop", "halt", "robot, stop", "please stop", "robot, halt", "stop, stop", "now halt")
STOP_WORDS = ("stop", "halt")
CORES = 2
PUSH_SAMPLES = 800  # the simulator's microphone chunk (50 ms)
# Words that sound like a stop word, for the stress stream (not ordinary conversation).
NEAR_MISSES = ("top", "shop", "stock", "hop", "stuff", "salt", "fault", "hold", "hall", "all", "stomp", "stoop",
               "spot", "pot", "tops", "bolt", "vault", "cult", "tall", "call", "stall", "stopper", "hault")
STOP_WORD = re.compile(r"stop|halt", re.IGNORECASE)


def _doc_sentences() -> list[str]:
    """Ordinary English sentences: the project's README and docs, split at sentence ends, plain
    words only, none holding the letters of a stop word."""
    root = source_root()
    text = " ".join(p.read_text(encoding="utf-8") for p in [root / "README.md", *sorted((root / "docs").glob("*.md"))])
    sentences = [" ".join(s.split()) for s in re.split(r"[.\n:;!?]", text)]
    return [s for s in sentences if 4 <= len(s.split()) <= 25 and not STOP_WORD.search(s)
            and re.fullmatch(r"[A-Za-z ,'()-]+", s)]


def _conversation(rng: np.random.Generator, goals: list[str], sentences: int) -> list[str]:
    """Two doc sentences, then a test goal without a stop word, and so on."""
    docs = _doc_sentences()
    clean_goals = [g for g in goals if not STOP_WORD.search(g)]
    return [str(rng.choice(clean_goals)) if i % 3 == 2 else str(rng.choice(docs)) for i in range(sentences)]


def _near_miss_speech(rng: np.random.Generator) -> str:
    return " ".join(str(w) for w in rng.choice(NEAR_MISSES, size=int(rng.integers(3, 7))))


def _speak_for(texts: list[str], seconds: float, rng: np.random.Generator, snrs: tuple[float, ...]) -> np.ndarray:
    """The texts spoken one after the other in held-out voices over room noise, until ``seconds``."""
    parts: list[np.ndarray] = []
    spoken_s = 0.0
    for text in texts:
        if spoken_s >= seconds:
            break
        mixture, _ = mix_at_snr(synthesize(text, random_voice("heldout", rng)), float(rng.choice(snrs)), rng,
                                lead_s=0.3, tail_s=0.4)
        parts.append(mixture)
        spoken_s += mixture.size / SAMPLE_RATE_HZ
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def _speakable(text: str) -> str:
    """``text`` as a listener can hear it: control characters (a typed goal's backspace or escape
    sequence) carry no sound, so the plan of the text without them is the one speech must match."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _plan_output(planning: Any, item: Any, scene: Any, text: str) -> str:
    return run_item(planning, replace(item, goal=text), scene).output


def _goal_accuracy(planning: Any, recognizer: Any, items: list[Any], scenes: dict[str, Any], snr_db: float,
                   rng: np.random.Generator, failures: list[str], min_confidence: float) -> dict[str, Any]:
    """Shares of the spoken goals: planned as the text is, moving on a mishearing, asked again
    (as speech_node does: listen mode always, the confidence gate); the recogniser's RTFs."""
    cfg = ListenerConfig(listen_mode="always", min_confidence=min_confidence)
    correct, alike, misacted, asked, rtf = 0, 0, 0, 0, []
    for item in items:
        item = replace(item, goal=_speakable(item.goal))
        speech = synthesize(item.goal, random_voice("heldout", rng))
        mixture, end = mix_at_snr(speech, snr_db, rng)
        request = recognise_utterance(recognizer, UtteranceHeard(mixture, 0, end), cfg)
        transcript = request.transcript
        rtf.append(transcript.compute_s / (mixture.size / SAMPLE_RATE_HZ))
        wanted = _plan_output(planning, item, scenes[item.scene], item.goal)
        if request.problem:
            asked += 1
            heard = "asked again"
        else:
            heard = _plan_output(planning, item, scenes[item.scene], request.text)
        if heard == wanted:
            correct += 1
            alike += 1
            continue
        if heard.startswith("refused") and wanted.startswith("refused"):
            alike += 1
        if not heard.startswith(("refused", "answer", "asked again")):
            misacted += 1
        if len(failures) < 12:
            failures.append(f"{snr_db:g} dB: {printable(item.goal, 70)} heard as {printable(transcript.text, 70)} "
                            f"(confidence {transcript.confidence:.2g})")
    n = max(1, len(items))
    return {"accuracy": correct / n, "same_outcome": alike / n, "misheard": misacted / n, "asked_again": asked / n,
            "rtf": rtf}


def _stops(spotter: KeywordSpotter, snr_db: float, n: int, rng: np.random.Generator) -> tuple[float, list[float]]:
    caught, latencies = 0, []
    for k in range(n):
        speech = synthesize(STOP_PHRASES[k % len(STOP_PHRASES)], random_voice("heldout", rng))
        mixture, end = mix_at_snr(speech, snr_db, rng)
        end -= speech.size - _voiced_end(speech)  # the synthesiser's own trailing silence is not the word
        spotter.reset()
        for start in range(0, mixture.size, PUSH_SAMPLES):
            t0 = time.perf_counter()
            spots = spotter.push(mixture[start: start + PUSH_SAMPLES])
            compute_s = time.perf_counter() - t0
            hits = [s for s in spots if s.sample_index >= end - speech.size]
            if hits:
                caught += 1
                latencies.append(max(0.0, (hits[0].sample_index - end) / SAMPLE_RATE_HZ + compute_s) * 1000.0)
                break
    return caught / max(1, n), latencies


def _voiced_end(speech: np.ndarray) -> int:
    """Index after the last sample within 30 dB of the utterance's peak: where the word ends."""
    loud = np.flatnonzero(np.abs(speech) >= np.abs(speech).max() * 10 ** (-30 / 20))
    return int(loud[-1]) + 1 if loud.size else speech.size


def _false_stops(spotter: KeywordSpotter, audio: np.ndarray) -> int:
    spotter.reset()
    return sum(len(spotter.push(audio[i: i + PUSH_SAMPLES])) for i in range(0, audio.size, PUSH_SAMPLES))


def main(goals_per_snr: int = 80, stops_per_snr: int = 60, conversation_s: float = 600.0, noise_s: float = 600.0,
         seed: int = 0, out: str | None = None, recognizer_kind: str = "", min_confidence: float | None = None) -> int:
    torch.set_num_threads(1)
    rng = np.random.default_rng(seed)
    configs = AgentConfigs.load()
    planning = make_task_planning(configs.planner)
    scenes, all_items = load(data_dir() / "language" / "goals.yaml")
    tests = [i for i in all_items if i.split == "test" and i.category != "follow_up"]  # one utterance per item
    picked = [tests[int(k)] for k in rng.permutation(len(tests))[:goals_per_snr]]
    shipped = load_config(SpeechNodeConfig, config_file("speech_node.yaml"), "speech_node")
    kind = recognizer_kind or shipped.recognizer
    gate = shipped.min_confidence if min_confidence is None else min_confidence
    t0 = time.perf_counter()
    recognizer = make_recognizer(kind, shipped.whisper_path, speech_model_dir=shipped.speech_model_dir)
    build_s = time.perf_counter() - t0
    spotter = KeywordSpotter.load()
    print(f"[bench voice] held-out voices; {len(picked)} test goals and {stops_per_snr} stop utterances per SNR; "
          f"recogniser {kind} (made in {build_s:.1f} s), confidence gate {gate:g}")

    results: dict[str, Any] = {"goal_accuracy": {}, "same_outcome": {}, "misheard_plans": {}, "asked_again": {},
                               "stop_detection": {},
                               "stop_latency_ms_p50": {}, "stop_latency_ms_p99_by_snr": {}}
    failures: list[str] = []
    rtf_all: list[float] = []
    latencies_all: list[float] = []
    for snr in SNRS_DB:
        goals = _goal_accuracy(planning, recognizer, picked, scenes, snr, rng, failures, gate)
        accuracy, misheard, rtf = goals["accuracy"], goals["misheard"], goals["rtf"]
        detection, latencies = _stops(spotter, snr, stops_per_snr, rng)
        rtf_all += rtf
        latencies_all += latencies
        key = f"{snr:g}dB"
        results["goal_accuracy"][key] = round(accuracy, 3)
        results["same_outcome"][key] = round(goals["same_outcome"], 3)
        results["misheard_plans"][key] = round(misheard, 3)
        results["asked_again"][key] = round(goals["asked_again"], 3)
        results["stop_detection"][key] = round(detection, 3)
        results["stop_latency_ms_p50"][key] = round(percentile(latencies, 50), 1) if latencies else None
        results["stop_latency_ms_p99_by_snr"][key] = round(percentile(latencies, 99), 1) if latencies else None
        p50, p99 = results["stop_latency_ms_p50"][key], results["stop_latency_ms_p99_by_snr"][key]
        print(f"  SNR {snr:4.0f} dB: goal accuracy {accuracy:.3f} (the same outcome, a refusal for a refusal: "
              f"{goals['same_outcome']:.3f}; a plan other than the text's: {misheard:.3f}, asked "
              f"again: {goals['asked_again']:.3f}); "
              f"stops spotted {detection:.3f}, latency p50 {p50} ms, p99 {p99} ms", flush=True)
    for line in failures:
        print(f"    misheard: {line}")

    # Conversation, near-miss words and noise: false stops, and the listener's CPU load on a realistic stream.
    conversation = _speak_for(_conversation(rng, [i.goal for i in tests], 100000), conversation_s, rng, SNRS_DB)
    near_misses = _speak_for([_near_miss_speech(rng) for _ in range(100000)], conversation_s / 3, rng, SNRS_DB)
    near_miss_stops = _false_stops(spotter, near_misses)
    conversation_stops = _false_stops(spotter, conversation)
    noise = np.concatenate([room_noise(int(60 * SAMPLE_RATE_HZ), rng) * level
                            for level in np.geomspace(0.003, 0.3, max(1, int(noise_s // 60)))])
    noise_stops = _false_stops(spotter, noise)
    listener = Listener(ListenerConfig(listen_mode="always"), spotter)
    spotter.reset()
    cpu0 = time.process_time()
    utterances = 0
    for i in range(0, conversation.size, PUSH_SAMPLES):
        for event in listener.push(conversation[i: i + PUSH_SAMPLES]):
            if isinstance(event, UtteranceHeard):
                utterances += 1
                recognizer.transcribe(event.samples)
    cpu_s = time.process_time() - cpu0
    cpu_load = cpu_s / (conversation.size / SAMPLE_RATE_HZ) / CORES * 100.0
    hours_conv, hours_noise = conversation.size / SAMPLE_RATE_HZ / 3600.0, noise.size / SAMPLE_RATE_HZ / 3600.0
    hours_near = near_misses.size / SAMPLE_RATE_HZ / 3600.0
    print(f"  false stops: {conversation_stops} in {hours_conv * 60:.1f} min of conversation, {noise_stops} in "
          f"{hours_noise * 60:.1f} min of room noise (levels 0.003 to 0.3 RMS); {near_miss_stops} in "
          f"{hours_near * 60:.1f} min of nothing but words that sound alike (top, shop, salt, hall, ...)")
    print(f"  recogniser real-time factor p50 {percentile(rtf_all, 50):.3f}, p99 {percentile(rtf_all, 99):.3f}; the "
          f"whole listener on the conversation ({utterances} utterances): {cpu_load:.1f} % of {CORES} cores")
    summary = {
        "goal_accuracy": results["goal_accuracy"],
        "same_outcome": results["same_outcome"],
        "misheard_plans": results["misheard_plans"],
        "asked_again": results["asked_again"],
        "stop_detection": results["stop_detection"],
        "stop_latency_ms_p50": results["stop_latency_ms_p50"],
        "stop_latency_ms_p99": round(percentile(latencies_all, 99), 1) if latencies_all else None,
        "stop_latency_ms_p99_by_snr": results["stop_latency_ms_p99_by_snr"],
        "false_stops_per_hour": {"conversation": round(conversation_stops / max(hours_conv, 1e-9), 2),
                                 "noise": round(noise_stops / max(hours_noise, 1e-9), 2),
                                 "near_miss_words": round(near_miss_stops / max(hours_near, 1e-9), 2)},
        "false_stop_hours": {"conversation": round(hours_conv, 3), "noise": round(hours_noise, 3),
                             "near_miss_words": round(hours_near, 3)},
        "asr_rtf": {"p50": round(percentile(rtf_all, 50), 4), "p99": round(percentile(rtf_all, 99), 4)},
        "cpu_load_percent": round(cpu_load, 1),
        "utterances_per_snr": len(picked), "stops_per_snr": stops_per_snr, "voices": "heldout", "seed": seed,
        "recognizer": kind, "min_confidence": gate,
    }
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary))
    return 0
