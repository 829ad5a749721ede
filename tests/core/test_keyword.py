"""The keyword spotter: log-mel features in their units, the shipped spotter hears "stop" and
"halt" from voices it was not trained on (quiet and in room noise) once per utterance and soon
after the word, stays quiet on goal sentences, silence, noise and NaN, gives the same spots
whatever the chunking, and its files are checked before use."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from lam_core.errors import ConfigError
from lam_core.model_files import CONFIG_FILE, WEIGHTS_FILE
from lam_core.voice.audio import SAMPLE_RATE_HZ, have_synthesiser, noise_for_snr, random_voice, room_noise, synthesize
from lam_core.voice.features import (
    FLOOR_FEATURE,
    HOP_SAMPLES,
    MEL_BANDS,
    WINDOW_SAMPLES,
    LogMelStream,
    frame_count,
    log_mel,
    mel_filterbank,
)
from lam_core.voice.keyword import (
    KEYWORDS,
    KeywordFileError,
    KeywordSpotter,
    Spot,
    SpotDecider,
    default_keyword_dir,
)

needs_synthesiser = pytest.mark.skipif(not have_synthesiser(), reason="espeak-ng is not installed")
GOALS = ("go to the red box", "pick up the blue cube and put it in the green bin", "turn left and drive forward",
         "what do you see", "bring me the yellow cube", "go back to the start")


@pytest.fixture(scope="module")
def spotter() -> KeywordSpotter:
    return KeywordSpotter.load()


def speech_end(audio: np.ndarray) -> int:
    """Sample just after the last 10 ms frame within 40 dB of the loudest."""
    frame = SAMPLE_RATE_HZ // 100
    power = np.mean(audio[: audio.size // frame * frame].reshape(-1, frame) ** 2, axis=1)
    return int((np.flatnonzero(power > power.max() * 1e-4)[-1] + 1) * frame)


def in_stream(speech: np.ndarray, rng: np.random.Generator, snr_db: float | None,
              lead_s: float = 1.0, tail_s: float = 1.5) -> np.ndarray:
    """``speech`` after ``lead_s`` and before ``tail_s`` of quiet, over room noise at ``snr_db`` (none: silence)."""
    audio = np.concatenate([np.zeros(int(lead_s * SAMPLE_RATE_HZ)), speech, np.zeros(int(tail_s * SAMPLE_RATE_HZ))])
    if snr_db is not None:
        audio = audio + noise_for_snr(speech, room_noise(audio.size, rng), snr_db)
    return audio.astype(np.float32)


def spots_of(spotter: KeywordSpotter, audio: np.ndarray, chunk: int | None = None) -> list[Spot]:
    spotter.reset()
    if chunk is None:
        return spotter.push(audio)
    return [s for i in range(0, audio.size, chunk) for s in spotter.push(audio[i:i + chunk])]


# ---------------------------------------------------------------------- features
def test_features_have_one_frame_per_10_ms_and_40_bands() -> None:
    assert frame_count(SAMPLE_RATE_HZ) == (SAMPLE_RATE_HZ - WINDOW_SAMPLES) // HOP_SAMPLES + 1 == 98
    assert log_mel(np.zeros(WINDOW_SAMPLES - 1)).shape == (0, MEL_BANDS)
    features = log_mel(np.zeros(SAMPLE_RATE_HZ, dtype=np.float32))
    assert features.shape == (98, MEL_BANDS) and features.dtype == np.float32
    assert np.all(features == np.float32(FLOOR_FEATURE))


def test_features_are_log_power_in_the_right_band() -> None:
    t = np.arange(SAMPLE_RATE_HZ) / SAMPLE_RATE_HZ
    tone = (0.1 * np.sin(2 * np.pi * 1000.0 * t)).astype(np.float32)
    quiet, loud = log_mel(tone), log_mel(2.0 * tone)
    band = int(np.argmax(quiet.mean(axis=0)))
    centre_bin = int(np.argmax(mel_filterbank()[:, band]))
    assert abs(centre_bin * SAMPLE_RATE_HZ / 512 - 1000.0) < 150.0
    assert loud[:, band].mean() - quiet[:, band].mean() == pytest.approx(math.log(4.0), abs=1e-3)  # twice the amplitude: 4x power


def test_streamed_features_equal_whole_signal_features() -> None:
    rng = np.random.default_rng(1)
    signal = rng.standard_normal(5000).astype(np.float32) * 0.1
    stream, parts, position = LogMelStream(), [], 0
    for size in (1, 7, 399, 1, 160, 2000, 2432):
        parts.append(stream.push(signal[position:position + size]))
        position += size
    assert position == signal.size
    np.testing.assert_allclose(np.concatenate(parts), log_mel(signal), atol=1e-4)
    assert stream.frames_done == frame_count(signal.size)


def test_non_finite_samples_read_as_silence() -> None:
    signal = np.full(2000, np.nan, dtype=np.float32)
    signal[::3] = np.inf
    assert np.all(log_mel(signal) == np.float32(FLOOR_FEATURE))


# ---------------------------------------------------------------------- the firing rule
def test_decider_needs_consecutive_hops_and_then_keeps_quiet() -> None:
    decider = SpotDecider(threshold=0.8, consecutive_hops=2, refractory_samples=16000)
    high_stop, high_halt, low = np.array([0.05, 0.9, 0.05]), np.array([0.05, 0.1, 0.85]), np.array([0.9, 0.05, 0.05])
    probabilities = np.array([high_stop, low, high_stop, high_stop, high_stop, high_stop, low, high_halt, high_halt])
    ends = np.array([640, 1280, 1920, 2560, 3200, 3840, 20000, 20640, 21280])
    spots = decider.run(probabilities, ends)
    assert [(s.keyword, s.sample_index) for s in spots] == [("stop", 2560), ("halt", 21280)]
    assert spots[0].score == pytest.approx(0.95)


# ---------------------------------------------------------------------- the shipped spotter
def test_shipped_spotter_is_small_and_says_how_it_was_made(spotter: KeywordSpotter) -> None:
    folder = default_keyword_dir()
    assert sum(f.stat().st_size for f in folder.iterdir()) < 1024 * 1024
    assert spotter.hop_samples == 640 and 0.9 * SAMPLE_RATE_HZ <= spotter.window_samples <= 1.1 * SAMPLE_RATE_HZ
    assert 0.0 < spotter.threshold < 1.0
    assert spotter.metadata["voice_split"] == "train" and spotter.metadata["clips"] > 0
    assert spotter.metadata["validation"]["detection_by_snr"]["10dB"] > 0.9


@needs_synthesiser
@pytest.mark.parametrize("snr_db", [None, 10.0], ids=["quiet", "10dB"])
def test_heldout_voices_saying_the_keywords_are_heard_once_soon_after(spotter: KeywordSpotter, snr_db: float | None) -> None:
    rng = np.random.default_rng(7)
    heard, utterances = 0, 0
    for keyword in KEYWORDS:
        for _ in range(4):
            speech = synthesize(keyword, random_voice("heldout", rng))
            audio = in_stream(speech, rng, snr_db)
            end = int(SAMPLE_RATE_HZ * 1.0) + speech_end(speech)
            spots = spots_of(spotter, audio)
            utterances += 1
            assert len(spots) <= 1, (keyword, spots)
            if spots:
                assert spots[0].keyword == keyword
                assert end - 0.1 * SAMPLE_RATE_HZ <= spots[0].sample_index <= end + 0.5 * SAMPLE_RATE_HZ, (end, spots)
                heard += 1
    assert heard >= utterances - 1, f"heard {heard} of {utterances}"


@needs_synthesiser
def test_heldout_goal_sentences_without_a_keyword_fire_nothing(spotter: KeywordSpotter) -> None:
    rng = np.random.default_rng(11)
    for goal in GOALS:
        for snr_db in (None, 15.0):
            spots = spots_of(spotter, in_stream(synthesize(goal, random_voice("heldout", rng)), rng, snr_db, 0.5, 0.5))
            assert spots == [], (goal, snr_db, spots)


def test_silence_noise_and_nan_fire_nothing(spotter: KeywordSpotter) -> None:
    rng = np.random.default_rng(3)
    n = 10 * SAMPLE_RATE_HZ
    assert spots_of(spotter, np.zeros(n, dtype=np.float32)) == []
    for level in (0.001, 0.03, 0.3):
        assert spots_of(spotter, room_noise(n, rng) * level) == [], level
    assert spots_of(spotter, rng.standard_normal(n).astype(np.float32) * 0.1) == []
    bad = np.full(2 * SAMPLE_RATE_HZ, np.nan, dtype=np.float32)
    bad[::5] = np.inf
    bad[1::5] = -np.inf
    assert spots_of(spotter, bad) == []
    assert spots_of(spotter, bad, chunk=1) == []


@needs_synthesiser
def test_chunking_does_not_change_the_spots(spotter: KeywordSpotter) -> None:
    rng = np.random.default_rng(5)
    voice = random_voice("heldout", rng)
    speech = np.concatenate([synthesize("stop", voice), np.zeros(SAMPLE_RATE_HZ // 2), synthesize("robot halt", voice)])
    audio = in_stream(speech, rng, 20.0, lead_s=0.3, tail_s=0.5)
    whole = spots_of(spotter, audio)
    assert [s.keyword for s in whole] == ["stop", "halt"]
    for chunk in (1, 320):
        spots = spots_of(spotter, audio, chunk)
        assert [(s.keyword, s.sample_index) for s in spots] == [(s.keyword, s.sample_index) for s in whole], chunk
        assert [s.score for s in spots] == pytest.approx([s.score for s in whole], abs=1e-4)
    assert all(s.sample_index % spotter.hop_samples == WINDOW_SAMPLES - HOP_SAMPLES for s in whole)


# ---------------------------------------------------------------------- files
def test_missing_or_corrupt_spotter_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeywordFileError, match="does not exist"):
        KeywordSpotter.load(tmp_path / "nowhere")
    folder = tmp_path / "keyword"
    folder.mkdir()
    with pytest.raises(KeywordFileError, match=CONFIG_FILE):
        KeywordSpotter.load(folder)
    shipped = default_keyword_dir()
    (folder / CONFIG_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(KeywordFileError, match="cannot read"):
        KeywordSpotter.load(folder)
    document = json.loads((shipped / CONFIG_FILE).read_text(encoding="utf-8"))
    (folder / CONFIG_FILE).write_text(json.dumps({**document, "format": "lam_policy"}), encoding="utf-8")
    with pytest.raises(KeywordFileError, match="not a lam_keyword"):
        KeywordSpotter.load(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(KeywordFileError, match=WEIGHTS_FILE):
        KeywordSpotter.load(folder)
    (folder / WEIGHTS_FILE).write_bytes(b"\x00" * 64)
    with pytest.raises(KeywordFileError, match="corrupt") as caught:
        KeywordSpotter.load(folder)
    assert isinstance(caught.value, ConfigError) and caught.value.path == folder / WEIGHTS_FILE
    (folder / WEIGHTS_FILE).write_bytes((shipped / WEIGHTS_FILE).read_bytes())
    (folder / CONFIG_FILE).write_text(json.dumps({**document, "config": {**document["config"], "channels": 8}}),
                                      encoding="utf-8")
    with pytest.raises(KeywordFileError, match="do not match"):
        KeywordSpotter.load(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(document), encoding="utf-8")
    assert KeywordSpotter.load(folder).threshold == pytest.approx(document["config"]["threshold"])
