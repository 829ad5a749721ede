"""Audio as the voice pipeline reads it: mono float32 samples in [-1, 1] at SAMPLE_RATE_HZ.

PCM chunks from a microphone topic are checked and converted here (sample format, channels, sample
rate), speech is synthesised with Debian's espeak-ng for the simulator's microphone and the
benchmarks, and room noise is made and mixed at a chosen signal-to-noise ratio.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from dataclasses import dataclass
from typing import Any

import numpy as np

from lam_core.errors import LamError

SAMPLE_RATE_HZ = 16000  # the voice pipeline's rate (speech recognisers and the keyword spotter)
SAMPLE_FORMAT = "S16LE"  # signed 16-bit little-endian, channels interleaved (GStreamer's name)
SAMPLE_FORMATS: dict[str, np.dtype[Any]] = {"S16LE": np.dtype("<i2"), "S32LE": np.dtype("<i4"), "F32LE": np.dtype("<f4"),
                                             "U8": np.dtype("u1")}
MAX_SAMPLE_RATE_HZ = 192000
MAX_CHANNELS = 16
ESPEAK = "espeak-ng"


class AudioError(LamError):
    """Audio that cannot be read (unknown format, wrong size, absurd rate)."""


@dataclass(frozen=True)
class PcmChunk:
    """One microphone chunk as a topic carries it: ``data`` holds interleaved samples."""

    data: bytes
    sample_rate_hz: int
    channels: int = 1
    sample_format: str = SAMPLE_FORMAT


def decode_pcm(chunk: PcmChunk) -> np.ndarray:
    """The chunk as mono float32 in [-1, 1] at SAMPLE_RATE_HZ (channels averaged, resampled).
    Raises AudioError for an unknown format, a rate or channel count out of range, or data that
    is not a whole number of frames; non-finite float samples become 0."""
    dtype = SAMPLE_FORMATS.get(chunk.sample_format)
    if dtype is None:
        raise AudioError(f"sample format {chunk.sample_format!r} is not one of {sorted(SAMPLE_FORMATS)}")
    if not 1 <= chunk.channels <= MAX_CHANNELS:
        raise AudioError(f"{chunk.channels} channels (expected 1 to {MAX_CHANNELS})")
    if not 1000 <= chunk.sample_rate_hz <= MAX_SAMPLE_RATE_HZ:
        raise AudioError(f"sample rate {chunk.sample_rate_hz} Hz (expected 1000 to {MAX_SAMPLE_RATE_HZ})")
    frame_bytes = dtype.itemsize * chunk.channels
    if len(chunk.data) % frame_bytes:
        raise AudioError(f"{len(chunk.data)} bytes is not a whole number of {frame_bytes}-byte frames")
    raw = np.frombuffer(chunk.data, dtype=dtype)
    if dtype.kind == "f":
        samples = np.nan_to_num(raw.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    elif dtype.kind == "u":
        samples = (raw.astype(np.float32) - 128.0) / 128.0
    else:
        samples = raw.astype(np.float32) / float(np.iinfo(dtype).max)
    samples = np.clip(samples, -1.0, 1.0)
    if chunk.channels > 1:
        samples = samples.reshape(-1, chunk.channels).mean(axis=1)
    return resample(samples, chunk.sample_rate_hz, SAMPLE_RATE_HZ)


def encode_pcm(samples: np.ndarray, sample_rate_hz: int = SAMPLE_RATE_HZ) -> PcmChunk:
    """Mono float samples as an S16LE chunk (clipped to [-1, 1])."""
    pcm = np.round(np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0) * 32767.0).astype("<i2")
    return PcmChunk(pcm.tobytes(), sample_rate_hz, 1, SAMPLE_FORMAT)


def resample(samples: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Linear-interpolation resampling, enough for speech after a microphone's own anti-alias
    filter; identity when the rates agree."""
    samples = np.asarray(samples, dtype=np.float32)
    if from_hz == to_hz or samples.size == 0:
        return samples
    n_out = round(samples.size * to_hz / from_hz)
    positions = np.arange(n_out, dtype=np.float64) * (from_hz / to_hz)
    out: np.ndarray = np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
    return out


def clipped_fraction(samples: np.ndarray, level: float = 0.999) -> float:
    """Share of samples at full scale: a clipped (overdriven) microphone."""
    samples = np.asarray(samples)
    return float(np.mean(np.abs(samples) >= level)) if samples.size else 0.0


# ---------------------------------------------------------------------- synthesis
@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: language voice (e.g. "en-us"), variant ("m3", "f2", "" for none), speed
    [words per minute] and pitch (0-99)."""

    language: str = "en-us"
    variant: str = ""
    speed_wpm: int = 160
    pitch: int = 50

    @classmethod
    def parse(cls, name: str, speed_wpm: int = 160, pitch: int = 50) -> Voice:
        """A voice from its espeak-ng name, "language+variant" ("en-gb+m3") or "language"."""
        language, _, variant = str(name).partition("+")
        if not language or not all(ch.isalnum() or ch in "-_" for ch in language + variant):
            raise AudioError(f"voice name {name!r} is not 'language' or 'language+variant' (e.g. en-gb+m3)")
        return cls(language, variant, speed_wpm, pitch)

    @property
    def espeak_name(self) -> str:
        return f"{self.language}+{self.variant}" if self.variant else self.language


def have_synthesiser() -> bool:
    return shutil.which(ESPEAK) is not None


def synthesize(text: str, voice: Voice = Voice()) -> np.ndarray:
    """``text`` spoken by espeak-ng as mono float32 at SAMPLE_RATE_HZ. Raises AudioError when
    espeak-ng is not installed or fails."""
    if not have_synthesiser():
        raise AudioError(f"{ESPEAK} is not installed (make setup installs it)")
    cmd = [ESPEAK, "-v", voice.espeak_name, "-s", str(int(voice.speed_wpm)), "-p", str(int(voice.pitch)), "--stdout",
           "--", text]
    try:
        wav = subprocess.run(cmd, capture_output=True, check=True, timeout=30).stdout
    except (subprocess.SubprocessError, OSError) as exc:
        raise AudioError(f"{ESPEAK} failed for voice {voice.espeak_name!r}: {exc}") from exc
    return read_wav(wav)


def read_wav(data: bytes) -> np.ndarray:
    """A PCM WAV file's samples as mono float32 at SAMPLE_RATE_HZ."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            width, rate, channels = w.getsampwidth(), w.getframerate(), w.getnchannels()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"not a PCM WAV file: {exc}") from exc
    fmt = {1: "U8", 2: "S16LE", 4: "S32LE"}.get(width)
    if fmt is None:
        raise AudioError(f"WAV sample width {width} bytes is not supported")
    return decode_pcm(PcmChunk(frames, rate, channels, fmt))


# ---------------------------------------------------------------------- noise
def room_noise(n_samples: int, rng: np.random.Generator, hum_hz: float = 50.0) -> np.ndarray:
    """Unit-power room noise: pink (1/f) noise as ventilation and traffic give, with a mains hum
    and its harmonics 20 dB below it."""
    n = max(int(n_samples), 1)
    freqs = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE_HZ)
    spectrum = rng.standard_normal(freqs.size) + 1j * rng.standard_normal(freqs.size)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0))
    pink = np.fft.irfft(spectrum, n)
    pink /= np.sqrt(np.mean(pink**2)) + 1e-12
    t = np.arange(n) / SAMPLE_RATE_HZ
    phase = rng.uniform(0, 2 * np.pi)
    hum = sum(np.sin(2 * np.pi * hum_hz * k * t + phase * k) / k for k in (1, 2, 3))
    hum = hum / (np.sqrt(np.mean(hum**2)) + 1e-12) * 0.1
    noise = pink + hum
    unit: np.ndarray = (noise / (np.sqrt(np.mean(noise**2)) + 1e-12)).astype(np.float32)
    return unit


def speech_level(samples: np.ndarray) -> float:
    """RMS of the active part of speech (frames within 30 dB of the loudest), so pauses do not
    lower the level that an SNR is measured against."""
    samples = np.asarray(samples, dtype=np.float32)
    frame = SAMPLE_RATE_HZ // 100
    n = samples.size // frame
    if n == 0:
        return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0
    power = np.mean(samples[: n * frame].reshape(n, frame) ** 2, axis=1)
    active = power[power >= power.max() * 1e-3]
    return float(np.sqrt(np.mean(active)))


def noise_for_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``noise`` scaled so that speech over it has ``snr_db`` (speech level as speech_level)."""
    noise = np.asarray(noise, dtype=np.float32)
    rms = float(np.sqrt(np.mean(noise**2))) + 1e-12
    scaled: np.ndarray = noise * np.float32(speech_level(speech) / rms / (10.0 ** (snr_db / 20.0)))
    return scaled


# ---------------------------------------------------------------------- voices by split
# Training (tuning) and held-out voices share no accent and no variant: a figure measured on the
# held-out ones is about voices the models and thresholds never met.
TRAIN_LANGUAGES = ("en-us", "en-gb", "en-gb-x-rp", "en-029")
TRAIN_VARIANTS = ("", "m1", "m2", "m4", "m6", "m8", "f1", "f2", "f4", "klatt", "klatt3", "Alex", "linda", "david", "Andy",
                  "grandpa", "aunty", "adam", "anika", "announcer", "antonio", "benjamin", "ed", "gustave", "iven",
                  "iven2", "iven3", "norbert", "paul", "quincy", "rob", "robert", "shelby", "steph", "steph2", "travis",
                  "victor", "zac", "Gene", "Gene2", "Lee", "Jacky", "Hugo", "Storm", "grandma", "AnxiousAndy", "Alicia",
                  "Andrea", "Diogo", "Denis", "Henrique", "Marco", "Mario", "marcelo", "michel", "miguel", "pablo",
                  "pedro", "sandro", "Nguyen", "kaukovalta", "boris")
HELDOUT_LANGUAGES = ("en-gb-scotland", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd")
HELDOUT_VARIANTS = ("m3", "m5", "m7", "f3", "f5", "klatt2", "john", "annie", "edward", "Michael", "belinda", "max")
SPEED_RANGE_WPM = {"train": (100, 240), "heldout": (110, 220)}
PITCH_RANGE = {"train": (10, 90), "heldout": (15, 85)}


def random_voice(split: str, rng: np.random.Generator) -> Voice:
    """A voice of ``split`` ("train" or "heldout") with a random speed and pitch in its range."""
    languages: tuple[str, ...]
    variants: tuple[str, ...]
    if split == "train":
        languages, variants = TRAIN_LANGUAGES, TRAIN_VARIANTS
    elif split == "heldout":
        languages, variants = HELDOUT_LANGUAGES, HELDOUT_VARIANTS
    else:
        raise ValueError(f"unknown voice split {split!r} (train or heldout)")
    speed, pitch = SPEED_RANGE_WPM[split], PITCH_RANGE[split]
    return Voice(str(rng.choice(languages)), str(rng.choice(variants)), int(rng.integers(speed[0], speed[1] + 1)),
                 int(rng.integers(pitch[0], pitch[1] + 1)))
