"""The streaming core of speech_node: microphone samples in, events out.

Every sample goes to the keyword spotter first: a spotted "stop"/"halt" is a StopHeard at once,
whatever else is going on, and the utterance it belongs to is dropped (a stop is never the start
of a goal). Otherwise a voice activity detector (frame energy against a tracked noise floor, with
hang-over) cuts the stream into utterances; each one that ends is an UtteranceHeard with its
samples, to be recognised off the audio thread (recognise_utterance), or a NotHeard with the
reason (too short, too long, clipped).

Time is counted in samples since the listener started (SAMPLE_RATE_HZ), so the caller maps it to
its own clock (sim time or the message stamps).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from lam_core.voice.audio import SAMPLE_RATE_HZ, clipped_fraction
from lam_core.voice.keyword import KeywordSpotter
from lam_core.voice.recognition import Recognizer, Transcript

LISTEN_MODES = ("always", "wake_word", "push_to_talk")
VAD_FRAME_S = 0.02
MIN_NOISE_POWER = 1e-7  # -70 dBFS: the noise floor never drops below this (digital silence from a muted input)


@dataclass(frozen=True)
class ListenerConfig:
    """listen_mode: "always" (every utterance is a request), "wake_word" (only utterances that
    start with one of wake_words, which are dropped from the text), "push_to_talk" (only audio
    while talk is held). VAD: a frame is speech when its energy is speech_over_noise_db above the
    noise floor; an utterance ends after end_silence_s without speech. A transcript less confident
    than min_confidence is not acted on: the robot says what it heard and asks again."""

    listen_mode: str = "wake_word"
    wake_words: tuple[str, ...] = ("robot",)
    speech_over_noise_db: float = 9.0
    end_silence_s: float = 0.6
    min_utterance_s: float = 0.25
    max_utterance_s: float = 12.0
    pre_roll_s: float = 0.3
    max_clipped_fraction: float = 0.02
    noise_floor_rise_db_per_s: float = 3.0
    min_confidence: float = 1e-5

    def __post_init__(self) -> None:
        if self.listen_mode not in LISTEN_MODES:
            raise ValueError(f"listen_mode {self.listen_mode!r} is not one of {', '.join(LISTEN_MODES)}")


@dataclass(frozen=True)
class StopHeard:
    """A spoken stop: ``keyword`` spotted, ``sample_index`` where the spotter fired."""

    keyword: str
    sample_index: int
    score: float


@dataclass(frozen=True)
class UtteranceHeard:
    """An utterance to recognise: its samples, first and last sample index in the stream."""

    samples: np.ndarray
    start_index: int
    end_index: int


@dataclass(frozen=True)
class NotHeard:
    """An utterance that is not recognised; ``reason`` is said to the speaker."""

    reason: str
    end_index: int


Event = StopHeard | UtteranceHeard | NotHeard


class Listener:
    """Keyword spotting and utterance cutting on one microphone stream."""

    def __init__(self, cfg: ListenerConfig, spotter: KeywordSpotter) -> None:
        self.cfg = cfg
        self.spotter = spotter
        self._frame = int(VAD_FRAME_S * SAMPLE_RATE_HZ)
        self._pending = np.zeros(0, np.float32)  # samples not yet in a whole VAD frame
        self._index = 0  # samples consumed by the VAD so far
        self._noise_power = math.nan
        self._pre_roll: list[np.ndarray] = []
        self._utterance: list[np.ndarray] | None = None
        self._utterance_start = 0
        self._silence_s = 0.0
        self._speech_s = 0.0
        self._suppress = False  # the utterance held a spotted stop: drop it
        self.talk = False

    def set_talk(self, pressed: bool) -> None:
        """Push-to-talk: audio counts while pressed; releasing it ends the utterance."""
        self.talk = bool(pressed)

    def push(self, samples: np.ndarray) -> list[Event]:
        """Consume new mono samples at SAMPLE_RATE_HZ; the events they complete, in order."""
        samples = np.nan_to_num(np.asarray(samples, dtype=np.float32).ravel(), nan=0.0, posinf=0.0, neginf=0.0)
        events: list[Event] = [StopHeard(s.keyword, s.sample_index, s.score) for s in self.spotter.push(samples)]
        if events and self._utterance is not None:
            self._suppress = True
        self._pending = np.concatenate([self._pending, samples])
        n_frames = self._pending.size // self._frame
        for k in range(n_frames):
            frame = self._pending[k * self._frame: (k + 1) * self._frame]
            event = self._vad_frame(frame)
            if event is not None:
                events.append(event)
        self._pending = self._pending[n_frames * self._frame:]
        return events

    def _vad_frame(self, frame: np.ndarray) -> Event | None:
        cfg = self.cfg
        power = max(float(np.mean(frame.astype(np.float64) ** 2)), MIN_NOISE_POWER)
        if math.isnan(self._noise_power):
            self._noise_power = power
        speech = 10.0 * math.log10(power / self._noise_power) >= cfg.speech_over_noise_db
        if cfg.listen_mode == "push_to_talk" and not self.talk:
            speech = False
        # The floor follows quiet frames down at once and rises slowly, so speech does not lift it.
        rise = 10.0 ** (cfg.noise_floor_rise_db_per_s * VAD_FRAME_S / 10.0)
        self._noise_power = power if power < self._noise_power else min(power, self._noise_power * rise)
        start_index = self._index
        self._index += frame.size
        if self._utterance is None:
            self._pre_roll.append(frame)
            keep = max(1, int(cfg.pre_roll_s / VAD_FRAME_S))
            del self._pre_roll[:-keep]
            if speech:
                self._utterance = list(self._pre_roll)
                self._utterance_start = start_index - (len(self._pre_roll) - 1) * frame.size
                self._pre_roll = []
                self._silence_s, self._speech_s = 0.0, VAD_FRAME_S
            return None
        self._utterance.append(frame)
        if speech:
            self._silence_s = 0.0
            self._speech_s += VAD_FRAME_S
        else:
            self._silence_s += VAD_FRAME_S
        length_s = len(self._utterance) * VAD_FRAME_S
        released = cfg.listen_mode == "push_to_talk" and not self.talk
        if self._silence_s < cfg.end_silence_s and length_s < cfg.max_utterance_s and not released:
            return None
        audio = np.concatenate(self._utterance)
        self._utterance = None
        suppressed, self._suppress = self._suppress, False
        if suppressed:
            return None
        if length_s >= cfg.max_utterance_s:
            return NotHeard(f"that was longer than {cfg.max_utterance_s:g} s; please say it in shorter parts", self._index)
        if self._speech_s < cfg.min_utterance_s:
            return None  # a click or a cough
        if clipped_fraction(audio) > cfg.max_clipped_fraction:
            return NotHeard("the microphone is overloaded (the sound was clipped); please speak further from it",
                            self._index)
        return UtteranceHeard(audio, self._utterance_start, self._index)


@dataclass(frozen=True)
class Request:
    """A recognised request: ``text`` for goal understanding (wake word removed), or ``ignored``
    (no wake word in wake_word mode) or ``problem`` (nothing recognised) with the transcript."""

    text: str
    transcript: Transcript
    ignored: bool = False
    problem: str = ""


def recognise_utterance(recognizer: Recognizer, heard: UtteranceHeard, cfg: ListenerConfig) -> Request:
    """Speech to the request it carries, by the listen mode."""
    transcript = recognizer.transcribe(heard.samples)
    text = transcript.text.strip(" ,")
    if not text:  # noise, a cough: asked again only where every utterance is meant for the robot
        ignored = cfg.listen_mode == "wake_word"
        return Request("", transcript, ignored=ignored, problem="" if ignored else "I did not catch that; please say it again")
    if cfg.listen_mode == "wake_word":
        rest = strip_wake_word(text, cfg.wake_words)
        if rest is None:
            return Request("", transcript, ignored=True)
        if not rest:
            return Request("", transcript, problem="yes? I am listening")
        text = rest
    if transcript.confidence < cfg.min_confidence:
        return Request("", transcript, problem=f"I am not sure I heard that right: '{text}'? Please say it again")
    return Request(text, transcript)


def strip_wake_word(text: str, wake_words: tuple[str, ...]) -> str | None:
    """``text`` after a leading wake word ("robot, go ..." -> "go ..."; "hey robot go" -> "go");
    None when it does not start with one."""
    for wake in wake_words:
        match = re.match(rf"^(?:(?:hey|ok|okay|hi|hello)\s*,?\s+)?{re.escape(wake)}\b[\s,]*", text)
        if match:
            return text[match.end():].strip(" ,")
    return None
