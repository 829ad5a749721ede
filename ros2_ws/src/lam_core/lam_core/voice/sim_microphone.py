"""The simulator's microphone: room noise at a set level, with utterances spoken into the room
(espeak-ng, or samples given) mixed in at a chosen signal-to-noise ratio, read out chunk by chunk
on sim time."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from lam_core.voice.audio import SAMPLE_RATE_HZ, Voice, noise_for_snr, room_noise, speech_level, synthesize

NOISE_BLOCK_S = 2.0  # room noise is made in blocks of this length
SPEECH_LEVEL = 0.1  # RMS of active speech at the microphone (about -20 dBFS)
PERSON_SPEED_WPM = 150  # the simulated person's pace [words per minute] ...
PERSON_PITCH = 45  # ... and pitch (espeak-ng, 0-99)


@dataclass(frozen=True)
class MicrophoneSettings:
    """chunk_s: samples per published chunk [s]; snr_db: speech level over the room noise [dB];
    voice: the simulated person's espeak-ng voice."""

    chunk_s: float = 0.05
    snr_db: float = 20.0
    voice: Voice = Voice("en-us", "", PERSON_SPEED_WPM, PERSON_PITCH)
    seed: int = 0


class SimMicrophone:
    """Chunks of room noise, with what was said mixed in from the next chunk on."""

    def __init__(self, settings: MicrophoneSettings = MicrophoneSettings()) -> None:
        self.settings = settings
        self.chunk_samples = max(1, round(settings.chunk_s * SAMPLE_RATE_HZ))
        self._rng = np.random.default_rng(settings.seed)
        self._noise = np.zeros(0, np.float32)
        self._speech: deque[np.ndarray] = deque()  # utterances queued, the first one playing
        self._offset = 0  # samples of the first utterance already played
        self._noise_scale = SPEECH_LEVEL / (10.0 ** (settings.snr_db / 20.0))
        self.samples_played = 0

    def say(self, text: str, voice: Voice | None = None) -> float:
        """Queue ``text`` spoken in ``voice`` (the settings' by default); its length [s]."""
        return self.play(synthesize(text, voice or self.settings.voice))

    def play(self, samples: np.ndarray) -> float:
        """Queue speech samples (mono, SAMPLE_RATE_HZ), levelled to SPEECH_LEVEL; their length [s]."""
        samples = np.nan_to_num(np.asarray(samples, dtype=np.float32))
        level = speech_level(samples)
        if level > 0:
            samples = samples * (SPEECH_LEVEL / level)
        self._speech.append(samples)
        return samples.size / SAMPLE_RATE_HZ

    @property
    def speaking(self) -> bool:
        return bool(self._speech)

    def next_chunk(self) -> np.ndarray:
        """The next chunk_samples samples heard, float32 in [-1, 1]."""
        n = self.chunk_samples
        if self._noise.size < n:
            block = room_noise(int(NOISE_BLOCK_S * SAMPLE_RATE_HZ), self._rng) * self._noise_scale
            self._noise = np.concatenate([self._noise, block])
        out, self._noise = self._noise[:n].copy(), self._noise[n:]
        filled = 0
        while filled < n and self._speech:
            current = self._speech[0]
            take = min(n - filled, current.size - self._offset)
            out[filled: filled + take] += current[self._offset: self._offset + take]
            filled += take
            self._offset += take
            if self._offset >= current.size:
                self._speech.popleft()
                self._offset = 0
        self.samples_played += n
        return np.clip(out, -1.0, 1.0)


def mix_at_snr(speech: np.ndarray, snr_db: float, rng: np.random.Generator, lead_s: float = 0.5,
               tail_s: float = 0.8) -> tuple[np.ndarray, int]:
    """``speech`` with ``lead_s`` before and ``tail_s`` after, over room noise at ``snr_db``;
    the mixture and the index of the speech's last sample in it."""
    lead, tail = int(lead_s * SAMPLE_RATE_HZ), int(tail_s * SAMPLE_RATE_HZ)
    clean = np.concatenate([np.zeros(lead, np.float32), np.asarray(speech, np.float32), np.zeros(tail, np.float32)])
    noise = noise_for_snr(speech, room_noise(clean.size, rng), snr_db)
    return np.clip(clean + noise, -1.0, 1.0), lead + len(speech)
