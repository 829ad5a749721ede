"""Voice core: PCM chunks, the goal language model, recognition, the listener (utterances, the
spotted stop, listen modes, bad audio), the simulator's microphone and what the robot says."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pytest

from lam_core.datatypes import PlanStep
from lam_core.voice import goal_language_model
from lam_core.voice.audio import (
    SAMPLE_RATE_HZ,
    AudioError,
    PcmChunk,
    Voice,
    decode_pcm,
    encode_pcm,
    have_synthesiser,
    room_noise,
    speech_level,
    synthesize,
)
from lam_core.voice.listener import (
    Listener,
    ListenerConfig,
    NotHeard,
    StopHeard,
    UtteranceHeard,
    recognise_utterance,
    strip_wake_word,
)
from lam_core.voice.phrases import plan_phrase, result_phrase
from lam_core.voice.sim_microphone import MicrophoneSettings, SimMicrophone, mix_at_snr

needs_espeak = pytest.mark.skipif(not have_synthesiser(), reason="espeak-ng is not installed (make setup installs it)")
VOICE = MicrophoneSettings().voice  # the simulator's default person


# ---------------------------------------------------------------------- PCM
def test_pcm_chunks_of_any_supported_format_become_mono_float_at_16_khz() -> None:
    t = np.arange(4800) / 48000.0
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    stereo = np.round(np.stack([tone, tone], axis=1) * 32767).astype("<i2").tobytes()
    out = decode_pcm(PcmChunk(stereo, 48000, 2, "S16LE"))
    assert out.dtype == np.float32 and out.size == 1600
    assert abs(float(np.max(np.abs(out))) - 0.5) < 0.01
    floats = np.array([0.25, np.nan, np.inf, -2.0], dtype="<f4").tobytes()
    assert decode_pcm(PcmChunk(floats, 16000, 1, "F32LE")).tolist() == [0.25, 0.0, 0.0, -1.0]
    back = decode_pcm(encode_pcm(out))
    assert np.max(np.abs(back - out)) < 1e-4


@pytest.mark.parametrize("chunk, problem", [
    (PcmChunk(b"\x00\x00", 16000, 1, "MP3"), "sample format"),
    (PcmChunk(b"\x00\x00\x00", 16000, 1, "S16LE"), "whole number"),
    (PcmChunk(b"\x00\x00", 0, 1, "S16LE"), "sample rate"),
    (PcmChunk(b"\x00\x00", 16000, 0, "S16LE"), "channels"),
])
def test_malformed_pcm_chunks_are_refused_with_the_reason(chunk: PcmChunk, problem: str) -> None:
    with pytest.raises(AudioError, match=problem):
        decode_pcm(chunk)


def test_training_and_heldout_voices_share_no_accent_and_no_variant() -> None:
    from lam_core.voice import audio

    assert not {v.lower() for v in audio.TRAIN_VARIANTS} & {v.lower() for v in audio.HELDOUT_VARIANTS}
    assert not set(audio.TRAIN_LANGUAGES) & set(audio.HELDOUT_LANGUAGES)
    rng = np.random.default_rng(0)
    drawn = {audio.random_voice("train", rng).variant for _ in range(2000)}
    assert drawn <= set(audio.TRAIN_VARIANTS) and len(drawn) > 40


def test_voice_names_parse_and_bad_ones_are_refused() -> None:
    assert Voice.parse("en-gb+m3").espeak_name == "en-gb+m3"
    assert Voice.parse("en-us").variant == ""
    with pytest.raises(AudioError):
        Voice.parse("en-us; rm -rf /")


# ---------------------------------------------------------------------- goal language model
def test_the_goal_language_model_is_a_normalised_backoff_model() -> None:
    sentences = goal_language_model.goal_sentences(np.random.default_rng(1), 400)
    arpa = goal_language_model.build_arpa(sentences, ["zebra"])
    unigrams: dict[str, tuple[float, float]] = {}
    bigrams: dict[str, dict[str, float]] = defaultdict(dict)
    section = ""
    for line in arpa.splitlines():
        if line.startswith("\\"):
            section = line
            continue
        parts = line.split()
        if section == "\\1-grams:" and len(parts) == 3:
            unigrams[parts[1]] = (float(parts[0]), float(parts[2]))
        elif section == "\\2-grams:" and len(parts) == 4:
            bigrams[parts[1]][parts[2]] = float(parts[0])
    spoken = [w for w in unigrams if w != "<s>"]
    assert "zebra" in unigrams  # every vocabulary word stays possible
    assert abs(sum(10 ** unigrams[w][0] for w in spoken) - 1.0) < 1e-3
    for history in ("<s>", "go", "the"):
        backoff = 10 ** unigrams[history][1]
        total = sum(10 ** bigrams[history][w] if w in bigrams[history] else backoff * 10 ** unigrams[w][0] for w in spoken)
        assert abs(total - 1.0) < 1e-3, (history, total)


def test_the_vocabulary_is_the_lexicons() -> None:
    words = goal_language_model.vocabulary()
    for word in ("red", "crimson", "box", "crate", "bin", "avoid", "never", "turn", "metres", "what", "robot"):
        assert word in words, word


@pytest.fixture(scope="module", params=["learned", "sphinx"])
def recognizer(request):  # type: ignore[no-untyped-def]
    from lam_core.voice.recognition import make_recognizer

    return make_recognizer(request.param)


@needs_espeak
def test_spoken_goals_are_recognised_word_for_word_in_the_simulators_voice(recognizer) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    goals = ("robot, go to the red box", "robot, what do you see", "pick up the blue cube and put it in the green bin",
             "turn left", "avoid the red box and go to the blue bin")
    heard = []
    for goal in goals:
        for _ in range(2):
            mixture, _ = mix_at_snr(synthesize(goal, VOICE), 20.0, rng)
            transcript = recognizer.transcribe(mixture)
            assert transcript.alternatives[0] == transcript.text and transcript.compute_s > 0
            heard.append((goal, transcript.text))
    exact = sum(text.replace(",", "") == goal.replace(",", "") for goal, text in heard)
    assert exact >= 7, heard  # 8 of 10 at 20 dB SNR (pocketsphinx's model on espeak-ng speech)
    assert recognizer.transcribe(np.zeros(SAMPLE_RATE_HZ, np.float32)).text == ""


def test_the_whisper_recogniser_runs_a_local_checkpoint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tiny_whisper import save_tiny_whisper

    from lam_core.voice.recognition import make_recognizer

    recognizer = make_recognizer("whisper", str(save_tiny_whisper(tmp_path / "whisper")))
    transcript = recognizer.transcribe(np.random.default_rng(0).standard_normal(SAMPLE_RATE_HZ).astype(np.float32) * 0.1)
    assert isinstance(transcript.text, str) and transcript.text == transcript.text.lower().strip()
    assert transcript.compute_s > 0 and recognizer.name == "whisper"
    (tmp_path / "whisper" / "model.safetensors").write_bytes(b"not a checkpoint")
    from lam_core.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot load"):
        make_recognizer("whisper", str(tmp_path / "whisper"))


def test_a_missing_whisper_folder_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from lam_core.errors import ConfigError
    from lam_core.voice.recognition import make_recognizer

    with pytest.raises(ConfigError, match="whisper_path"):
        make_recognizer("whisper")
    with pytest.raises(ConfigError, match="config.json"):
        make_recognizer("whisper", str(tmp_path))
    with pytest.raises(ConfigError, match="unknown recognizer"):
        make_recognizer("guess")


# ---------------------------------------------------------------------- listener
def test_wake_words_open_a_request_and_nothing_else_does() -> None:
    assert strip_wake_word("robot go to the red box", ("robot",)) == "go to the red box"
    assert strip_wake_word("hey robot, what do you see", ("robot",)) == "what do you see"
    assert strip_wake_word("the robot went home", ("robot",)) is None
    assert strip_wake_word("robotic arms are nice", ("robot",)) is None
    assert strip_wake_word("robot", ("robot",)) == ""


class _Spotter:
    """A keyword spotter stand-in that fires where the test says (the real one is tested in
    test_keyword.py and in the stream tests below)."""

    def __init__(self, fire_at: int | None = None) -> None:
        self.fire_at, self.seen = fire_at, 0

    def push(self, samples: np.ndarray) -> list:  # type: ignore[type-arg]
        from lam_core.voice.keyword import Spot

        before, self.seen = self.seen, self.seen + samples.size
        if self.fire_at is not None and before <= self.fire_at < self.seen:
            return [Spot("stop", self.fire_at, 0.99)]
        return []


def _stream(listener: Listener, audio: np.ndarray, chunk: int = 800) -> list:  # type: ignore[type-arg]
    events = []
    for i in range(0, audio.size, chunk):
        events += listener.push(audio[i: i + chunk])
    return events


def _speech_like(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Noise bursts at a speech level, syllable-paced, without espeak."""
    n = int(seconds * SAMPLE_RATE_HZ)
    envelope = (np.sin(2 * np.pi * 4.0 * np.arange(n) / SAMPLE_RATE_HZ) > -0.5).astype(np.float32)
    return (rng.standard_normal(n).astype(np.float32) * 0.1) * envelope


def test_the_listener_cuts_one_utterance_out_of_noise() -> None:
    rng = np.random.default_rng(0)
    quiet = room_noise(SAMPLE_RATE_HZ, rng) * 0.002
    audio = np.concatenate([quiet, _speech_like(1.5, rng) + room_noise(24000, rng) * 0.002, quiet, quiet])
    events = _stream(Listener(ListenerConfig(listen_mode="always"), _Spotter()), audio)
    utterances = [e for e in events if isinstance(e, UtteranceHeard)]
    assert len(utterances) == 1 and not any(isinstance(e, StopHeard) for e in events), events
    u = utterances[0]
    assert u.start_index <= SAMPLE_RATE_HZ <= u.start_index + 0.4 * SAMPLE_RATE_HZ
    assert 1.5 <= u.samples.size / SAMPLE_RATE_HZ <= 2.6


def test_a_spotted_stop_is_heard_at_once_and_its_utterance_is_never_a_request() -> None:
    rng = np.random.default_rng(1)
    quiet = room_noise(SAMPLE_RATE_HZ, rng) * 0.002
    audio = np.concatenate([quiet, _speech_like(0.6, rng), quiet, quiet])
    events = _stream(Listener(ListenerConfig(listen_mode="always"), _Spotter(fire_at=int(1.5 * SAMPLE_RATE_HZ))), audio)
    assert [type(e) for e in events] == [StopHeard], events


def test_push_to_talk_hears_only_while_talk_is_held() -> None:
    rng = np.random.default_rng(2)
    quiet = room_noise(SAMPLE_RATE_HZ, rng) * 0.002
    audio = np.concatenate([quiet, _speech_like(1.0, rng), quiet])
    listener = Listener(ListenerConfig(listen_mode="push_to_talk"), _Spotter())
    assert not [e for e in _stream(listener, audio) if isinstance(e, UtteranceHeard)]
    listener.set_talk(True)
    events = _stream(listener, np.concatenate([quiet, _speech_like(1.0, rng)]))
    listener.set_talk(False)
    events += _stream(listener, quiet)
    assert len([e for e in events if isinstance(e, UtteranceHeard)]) == 1, events


def test_clipped_and_endless_audio_are_refused_with_a_reason() -> None:
    rng = np.random.default_rng(3)
    quiet = room_noise(SAMPLE_RATE_HZ, rng) * 0.002
    clipped = np.clip((_speech_like(1.0, rng) + room_noise(SAMPLE_RATE_HZ, rng) * 0.002) * 40.0, -1.0, 1.0)
    events = _stream(Listener(ListenerConfig(listen_mode="always"), _Spotter()), np.concatenate([quiet, clipped, quiet]))
    assert [e.reason for e in events if isinstance(e, NotHeard)] and "clipped" in events[-1].reason, events
    endless = np.concatenate([quiet, _speech_like(4.0, rng) + room_noise(4 * SAMPLE_RATE_HZ, rng) * 0.002])
    events = _stream(Listener(ListenerConfig(listen_mode="always", max_utterance_s=2.0), _Spotter()), endless)
    assert any(isinstance(e, NotHeard) and "longer than" in e.reason for e in events), events


def test_silence_nan_and_odd_push_sizes_are_handled() -> None:
    listener = Listener(ListenerConfig(listen_mode="always"), _Spotter())
    assert listener.push(np.zeros(0, np.float32)) == []
    assert listener.push(np.full(3, np.nan, np.float32)) == []
    assert _stream(listener, np.zeros(3 * SAMPLE_RATE_HZ, np.float32), chunk=333) == []


@needs_espeak
def test_the_real_spotter_and_recogniser_on_a_stream_with_a_goal_then_a_stop(recognizer) -> None:  # type: ignore[no-untyped-def]
    from lam_core.voice.keyword import KeywordSpotter

    rng = np.random.default_rng(4)
    goal, _ = mix_at_snr(synthesize("robot, go to the red box", VOICE), 20.0, rng)
    stop, _ = mix_at_snr(synthesize("stop", VOICE), 20.0, rng)
    cfg = ListenerConfig(listen_mode="wake_word")
    listener = Listener(cfg, KeywordSpotter.load())
    events = _stream(listener, np.concatenate([goal, stop]))
    utterances = [e for e in events if isinstance(e, UtteranceHeard)]
    stops = [e for e in events if isinstance(e, StopHeard)]
    assert len(utterances) == 1 and len(stops) == 1, events
    assert stops[0].sample_index > utterances[0].end_index
    request = recognise_utterance(recognizer, utterances[0], cfg)
    assert request.text.replace(",", "") == "go to the red box" and not request.ignored, request


# ---------------------------------------------------------------------- simulator microphone
@needs_espeak
def test_the_simulated_microphone_plays_speech_over_room_noise_at_the_set_snr() -> None:
    mic = SimMicrophone(MicrophoneSettings(chunk_s=0.05, snr_db=10.0, voice=VOICE))
    quiet = np.concatenate([mic.next_chunk() for _ in range(20)])
    assert quiet.size == 20 * 800 and not mic.speaking
    length_s = mic.say("go to the red box")
    assert mic.speaking and 0.8 < length_s < 3.0
    heard = np.concatenate([mic.next_chunk() for _ in range(int(length_s / 0.05) + 2)])
    assert not mic.speaking
    snr_db = 20 * math.log10(speech_level(heard) / float(np.sqrt(np.mean(quiet**2))))
    assert 7.0 < snr_db < 14.0, snr_db


# ---------------------------------------------------------------------- what the robot says
def test_plans_and_results_are_said_briefly() -> None:
    def step(skill: str, target: str) -> PlanStep:
        return PlanStep(skill, target, "", 60.0)

    assert plan_phrase([step("navigate_to", "red box")]) == "going to the red box"
    assert plan_phrase([step("approach", "blue cube"), step("pick", "blue cube"), step("approach", "green bin"),
                        step("place", "green bin")]) == "going to the blue cube, then picking up the blue cube, and more"
    assert plan_phrase([step("navigate_to", "turn 1.5708")]) == "turning left 90 degrees"
    assert plan_phrase([step("navigate_to", "drive -0.50")]) == "driving back 0.5 metres"
    assert plan_phrase([step("navigate_to", "pose 0.00 0.00")]) == "going back to the start"
    assert plan_phrase([step("search", "any cube")]) == "looking for a cube"
    assert plan_phrase([step("search", "orange object")]) == "looking for anything orange"
    assert result_phrase(True, "reached the red box") == "done"
    assert result_phrase(True, "done: reached the red box; I see a red box and a blue cube") == \
        "done; I see a red box and a blue cube"
    assert result_phrase(False, "I can't see a green cube. I see: red box.") == "I can't see a green cube."


@needs_espeak
@pytest.mark.parametrize("what, speech", [
    ("a goal in Spanish", lambda: synthesize("ve a la caja roja y luego coge el cubo azul", Voice("es", "", 150, 45))),
    ("a goal cut off halfway", lambda: synthesize("robot, go to the", VOICE)),
    ("a burst of noise", lambda: (np.random.default_rng(5).standard_normal(12000) * 0.3).astype(np.float32)),
])
def test_bad_speech_never_becomes_motion(recognizer, what: str, speech) -> None:  # type: ignore[no-untyped-def]
    """What the recogniser makes of it is either not acted on (asked again, ignored) or refused
    by goal understanding in a scene with every colour and kind: no plan moves the robot."""
    from lam_core.errors import GoalError
    from lam_core.harness.language_bench import load
    from lam_core.harness.lockstep import AgentConfigs
    from lam_core.paths import data_dir
    from lam_core.planning.factory import make_task_planning
    from lam_core.planning.plan_schema import PlanRequest
    from lam_core.planning.task_planning import Answered

    mixture, end = mix_at_snr(speech(), 20.0, np.random.default_rng(6))
    request = recognise_utterance(recognizer, UtteranceHeard(mixture, 0, end), ListenerConfig(listen_mode="always"))
    print(what, "->", request)
    if request.problem:
        return
    scene = load(data_dir() / "language" / "goals.yaml")[0]["base"]
    planning = make_task_planning(AgentConfigs.load().planner)
    with pytest.raises((GoalError, Answered)):
        planning.plan(PlanRequest(request.text, tuple(sorted({o.name for o in scene.objects})), objects=scene.objects))
