"""Log-mel features of 16 kHz audio in numpy: 25 ms Hann windows every 10 ms, 512-point FFT,
40 triangular mel bands from 20 Hz to 8 kHz, natural log of the band power.

Frame ``i`` covers samples ``[i * HOP_SAMPLES, i * HOP_SAMPLES + WINDOW_SAMPLES)`` of the signal
(or of the stream since its start), so the whole-signal function and the streaming one give the
same frames for the same samples, whatever the chunking.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from lam_core.voice.audio import SAMPLE_RATE_HZ

WINDOW_SAMPLES = 400      # 25 ms at 16 kHz
HOP_SAMPLES = 160         # 10 ms at 16 kHz
FFT_SIZE = 512
MEL_BANDS = 40
LOW_HZ, HIGH_HZ = 20.0, SAMPLE_RATE_HZ / 2.0
POWER_FLOOR = 1e-6        # band power [full scale^2 summed over the window] at and below which the log saturates
FLOOR_FEATURE = float(np.log(POWER_FLOOR))  # the feature of digital silence
NO_FRAMES = np.zeros((0, MEL_BANDS), dtype=np.float32)


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """(FFT_SIZE // 2 + 1, MEL_BANDS) float32 triangular filters (peak 1) on the HTK mel scale."""
    bin_hz = np.fft.rfftfreq(FFT_SIZE, 1.0 / SAMPLE_RATE_HZ)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array(LOW_HZ)), _hz_to_mel(np.array(HIGH_HZ)), MEL_BANDS + 2))
    lower, centre, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bin_hz[:, None] - lower[None, :]) / (centre - lower)[None, :]
    falling = (upper[None, :] - bin_hz[:, None]) / (upper - centre)[None, :]
    filters: np.ndarray = np.clip(np.minimum(rising, falling), 0.0, None).astype(np.float32)
    return filters


@lru_cache(maxsize=1)
def analysis_window() -> np.ndarray:
    """The periodic Hann window of WINDOW_SAMPLES samples, float32."""
    return (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(WINDOW_SAMPLES) / WINDOW_SAMPLES)).astype(np.float32)


def frame_count(n_samples: int) -> int:
    """How many whole frames ``n_samples`` samples hold."""
    return 0 if n_samples < WINDOW_SAMPLES else (n_samples - WINDOW_SAMPLES) // HOP_SAMPLES + 1


def clean_samples(samples: np.ndarray) -> np.ndarray:
    """``samples`` as a flat float32 array in [-1, 1] with NaN and inf replaced by 0."""
    flat = np.asarray(samples, dtype=np.float32).reshape(-1)
    finite = np.isfinite(flat)
    if not finite.all():
        flat = np.where(finite, flat, np.float32(0.0))
    cleaned: np.ndarray = np.clip(flat, -1.0, 1.0)
    return cleaned


def log_mel(samples: np.ndarray) -> np.ndarray:
    """(frames, MEL_BANDS) float32 log band power [ln(full scale^2)] of mono samples in [-1, 1]
    at 16 kHz; frame_count(len(samples)) frames (none for fewer than 25 ms of samples)."""
    signal = clean_samples(samples)
    n = frame_count(signal.size)
    if n == 0:
        return np.zeros((0, MEL_BANDS), dtype=np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(signal, WINDOW_SAMPLES)[::HOP_SAMPLES][:n]
    spectrum = np.fft.rfft(frames * analysis_window(), n=FFT_SIZE, axis=1)
    power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)
    features: np.ndarray = np.log(np.maximum(power @ mel_filterbank(), POWER_FLOOR)).astype(np.float32)
    return features


class LogMelStream:
    """log_mel on a stream: push any number of samples, get the frames they complete."""

    def __init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self.frames_done = 0  # frames emitted since reset

    def reset(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self.frames_done = 0

    def push(self, samples: np.ndarray) -> np.ndarray:
        """(new frames, MEL_BANDS) float32: the frames that ``samples`` complete, in order."""
        buffer = np.concatenate([self._pending, clean_samples(samples)])
        n = frame_count(buffer.size)
        if n == 0:
            self._pending = buffer
            return NO_FRAMES
        frames = log_mel(buffer[: (n - 1) * HOP_SAMPLES + WINDOW_SAMPLES])
        self._pending = buffer[n * HOP_SAMPLES:].copy()
        self.frames_done += n
        return frames


def frame_end_sample(frame_index: int) -> int:
    """Sample index (in the signal, or in the stream since reset) just after frame ``frame_index``."""
    return frame_index * HOP_SAMPLES + WINDOW_SAMPLES
