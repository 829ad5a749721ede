"""The learned speech recogniser: CTC greedy decoding (repeats merged, blanks dropped, pauses as
commas, the least certain word's probability as the confidence), its config and files checked
before use, and the shipped network hearing goals in held-out voices word for word."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from lam_core.errors import ConfigError
from lam_core.model_files import CONFIG_FILE, WEIGHTS_FILE
from lam_core.voice.audio import SAMPLE_RATE_HZ, have_synthesiser, random_voice, synthesize
from lam_core.voice.sim_microphone import mix_at_snr
from lam_core.voice.speech_model import (
    ALPHABET,
    BLANK,
    SpeechConfig,
    SpeechFileError,
    SpeechNet,
    default_speech_dir,
    encode_text,
    greedy_decode,
    load_speech_model,
    save_speech_model,
)

needs_synthesiser = pytest.mark.skipif(not have_synthesiser(), reason="espeak-ng is not installed")
SYMBOLS = len(ALPHABET) + 1


def _steps(spec: list[tuple[str, float]]) -> np.ndarray:
    """Log-probabilities with one step per (symbol, probability): "_" is the blank; the rest of
    the step's mass is spread over the other symbols."""
    rows = []
    for symbol, p in spec:
        index = BLANK if symbol == "_" else ALPHABET.index(symbol) + 1
        row = np.full(SYMBOLS, (1.0 - p) / (SYMBOLS - 1))
        row[index] = p
        rows.append(np.log(row))
    return np.array(rows, dtype=np.float32)


def test_text_is_encoded_lower_case_in_the_alphabet() -> None:
    ids = encode_text("Go  to the RED box, now!")
    assert "".join(ALPHABET[i - 1] for i in ids) == "go to the red box now"
    assert BLANK not in ids and encode_text("¿?!") == []


def test_greedy_decoding_merges_repeats_drops_blanks_and_writes_pauses_as_commas() -> None:
    cfg = SpeechConfig(pause_steps=5)
    spec = [("_", 0.9), ("g", 0.9), ("g", 0.8), ("o", 0.95), ("_", 0.9), (" ", 0.9)]
    spec += [("_", 0.99)] * 6 + [("b", 0.9), ("o", 0.9), ("x", 0.5), (" ", 0.9), ("n", 0.9), ("_", 0.9), ("n", 0.9)]
    decoded = greedy_decode(_steps(spec), cfg)
    assert decoded.text == "go, box nn"
    assert decoded.confidence == pytest.approx(0.9 * 0.9 * 0.5, rel=1e-4), "the least certain word: box"
    assert greedy_decode(_steps([("_", 0.9)] * 20), cfg) == greedy_decode(np.zeros((0, SYMBOLS), np.float32), cfg)
    assert greedy_decode(_steps([("_", 0.9)] * 20), cfg).text == ""


def test_config_round_trips_and_is_checked() -> None:
    cfg = SpeechConfig()
    assert SpeechConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    for bad in ({**cfg.to_dict(), "alphabet": "abc"}, {**cfg.to_dict(), "kernel": 4}, {**cfg.to_dict(), "layers": 0},
                {k: v for k, v in cfg.to_dict().items() if k != "hidden"}, ["not", "a", "mapping"]):
        with pytest.raises(ConfigError):
            SpeechConfig.from_dict(bad)


def test_the_network_gives_one_step_per_20_ms_whatever_the_padding() -> None:
    import torch

    model = SpeechNet(SpeechConfig(channels=16, blocks=1, hidden=8)).eval()
    features = torch.randn(2, 101, 40)
    with torch.inference_mode():
        log_probs, steps = model(features, torch.tensor([101, 60]))
        alone, _ = model(features[1:, :60], torch.tensor([60]))
    assert log_probs.shape == (2, 51, SYMBOLS) and steps.tolist() == [51, 30]
    assert torch.allclose(log_probs.exp().sum(-1), torch.ones(2, 51), atol=1e-5)
    assert torch.allclose(log_probs[1, :25], alone[0, :25], atol=1e-4), "padding does not leak into the first steps"


def test_missing_or_corrupt_recogniser_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechFileError, match="does not exist"):
        load_speech_model(tmp_path / "nowhere")
    small = SpeechNet(SpeechConfig(channels=16, blocks=1, hidden=8))
    folder = tmp_path / "speech"
    save_speech_model(small, folder, {"note": "tiny"})
    model, metadata = load_speech_model(folder)
    assert metadata["note"] == "tiny" and model.config == small.config
    document = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    (folder / CONFIG_FILE).write_text(json.dumps({**document, "format": "lam_keyword"}), encoding="utf-8")
    with pytest.raises(SpeechFileError, match="not a lam_speech"):
        load_speech_model(folder)
    (folder / CONFIG_FILE).write_text(json.dumps({**document, "config": {**document["config"], "hidden": 9}}),
                                      encoding="utf-8")
    with pytest.raises(SpeechFileError, match="do not match"):
        load_speech_model(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(document), encoding="utf-8")
    (folder / WEIGHTS_FILE).write_bytes(b"\x00" * 64)
    with pytest.raises(SpeechFileError, match="corrupt") as caught:
        load_speech_model(folder)
    assert isinstance(caught.value, ConfigError) and caught.value.path == folder / WEIGHTS_FILE


def test_the_shipped_recogniser_is_small_and_says_how_it_was_made() -> None:
    folder = default_speech_dir()
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 4_000_000, f"{size} bytes"
    _, metadata = load_speech_model(folder)
    assert metadata["voices"] == "train" and metadata["validation_letter_error"] < 0.2, metadata


@needs_synthesiser
def test_goals_in_heldout_voices_are_heard_word_for_word_and_silence_as_nothing() -> None:
    from lam_core.voice.recognition import make_recognizer

    recognizer = make_recognizer("learned")
    rng = np.random.default_rng(3)
    goals = ("robot, go to the red box", "pick up the blue cube and put it in the green bin", "turn left",
             "what do you see", "do not go to the yellow bin", "find the green basket",
             "drive forward two metres", "go back to the start", "avoid the red cube", "bring me the blue box")
    heard = []
    for goal in goals:
        mixture, _ = mix_at_snr(synthesize(goal, random_voice("heldout", rng)), 20.0, rng)
        transcript = recognizer.transcribe(mixture)
        assert 0.0 < transcript.confidence <= 1.0 and transcript.compute_s > 0
        heard.append((goal, transcript.text))
    exact = sum(text.replace(",", "") == goal.replace(",", "") for goal, text in heard)
    assert exact >= 7, heard
    silence = recognizer.transcribe(np.zeros(SAMPLE_RATE_HZ, np.float32))
    assert silence.text == "" and silence.confidence == 0.0
    assert recognizer.transcribe(np.zeros(100, np.float32)).text == ""
    noisy = recognizer.transcribe(np.full(SAMPLE_RATE_HZ, math.nan, np.float32))
    assert noisy.text == ""


# ---------------------------------------------------------------------- beam search
@pytest.fixture(scope="module")
def goal_lm():  # type: ignore[no-untyped-def]
    from lam_core.voice import goal_language_model
    from lam_core.voice.ctc_decoder import WordTrigram

    sentences = goal_language_model.goal_sentences(np.random.default_rng(0), 5000)
    return WordTrigram(goal_language_model.build_arpa(sentences, goal_language_model.vocabulary()))


def test_the_word_trigram_backs_off_and_knows_its_vocabulary(goal_lm) -> None:  # type: ignore[no-untyped-def]
    from lam_core.voice.ctc_decoder import WordTrigram

    likely = goal_lm.log10_prob(("go", "to"), "the")
    unlikely = goal_lm.log10_prob(("go", "to"), "halt")
    assert likely is not None and unlikely is not None and likely > unlikely
    assert goal_lm.log10_prob(("zebra", "quartz"), "the") == goal_lm.log10_prob((), "the"), "unseen history backs off"
    assert goal_lm.log10_prob(("go", "to"), "xylophone") is None
    total = sum(10.0 ** (goal_lm.log10_prob(("to", "the"), w) or -99.0) for w in goal_lm.vocabulary if w != "<s>")
    assert total == pytest.approx(1.0, abs=0.02)
    with pytest.raises(ValueError, match="ARPA"):
        WordTrigram("\\data\\\n\\1-grams:\n-1.0\n")


def test_beam_search_lets_the_language_model_settle_an_unclear_letter(goal_lm) -> None:  # type: ignore[no-untyped-def]
    from lam_core.voice.ctc_decoder import beam_search

    spec = [("_", 0.9)] + [(c, 0.9) for c in "go to the r"] + [("a", 0.5)] + [(c, 0.9) for c in "d box"] + [("_", 0.9)]
    steps = _steps(spec)
    steps[12, ALPHABET.index("e") + 1] = math.log(0.45)
    assert greedy_decode(steps, SpeechConfig()).text == "go to the rad box"
    best = beam_search(steps, ALPHABET, goal_lm)
    assert best[0][0] == "go to the red box" and best[0][1] > best[1][1]
    assert beam_search(steps, ALPHABET, None)[0][0] == "go to the rad box", "without a language model: the letters"


def test_beam_search_writes_a_pause_before_a_word_as_a_comma(goal_lm) -> None:  # type: ignore[no-untyped-def]
    from lam_core.voice.ctc_decoder import BeamSettings, beam_search

    for pause in ([("_", 0.99)] * 20 + [(" ", 0.9)], [(" ", 0.9)] + [("_", 0.99)] * 20):
        spec = [("_", 0.9)] + [(c, 0.9) for c in "stop"] + pause + [(c, 0.9) for c in "go back"]
        assert beam_search(_steps(spec), ALPHABET, goal_lm, BeamSettings(pause_steps=15))[0][0] == "stop, go back"
    quick = [("_", 0.9)] + [(c, 0.9) for c in "go back"]
    assert beam_search(_steps(quick), ALPHABET, goal_lm)[0][0] == "go back"
    assert beam_search(_steps([("_", 0.9)] * 10), ALPHABET, goal_lm)[0][0] == ""


@needs_synthesiser
def test_the_trainer_writes_a_recogniser_that_loads_and_says_how_it_was_made(tmp_path: Path) -> None:
    from lam_bringup import train_speech

    sentences = train_speech.training_sentences(0, 200)
    assert any(s.startswith("robot") for s in sentences) and len(set(sentences)) > 150
    out = tmp_path / "speech"
    assert train_speech.main(["--out", str(out), "--clips", "24", "--epochs", "1", "--validation-clips", "4",
                              "--workers", "2", "--channels", "48", "--blocks", "1", "--hidden", "32",
                              "--layers", "2", "--device", "cpu"]) == 0
    model, metadata = load_speech_model(out)
    assert metadata["voices"] == "train" and metadata["clips"] == 24 and len(metadata["history"]) == 1
    assert metadata["device"] == "cpu"
    assert model.config == SpeechConfig(channels=48, blocks=1, hidden=32, layers=2)


def test_the_learning_rate_rises_then_falls_once_over_the_cycle() -> None:
    from lam_bringup.train_speech import one_cycle_lr

    rates = [one_cycle_lr(p, 1e-3) for p in np.linspace(0.0, 1.0, 101)]
    assert rates[0] == pytest.approx(1e-3 / 25) and max(rates) == pytest.approx(1e-3, rel=1e-3)
    peak = int(np.argmax(rates))
    assert 10 <= peak <= 20 and rates[-1] == pytest.approx(1e-7)
    assert all(a <= b for a, b in itertools.pairwise(rates[:peak + 1]))
    assert all(a >= b for a, b in itertools.pairwise(rates[peak:]))
    assert one_cycle_lr(1.5, 1e-3) == rates[-1] and one_cycle_lr(-1.0, 1e-3) == rates[0]


def test_training_batches_hold_every_clip_once_within_the_frame_budget() -> None:
    from lam_bringup.train_speech import Example, batches

    rng = np.random.default_rng(0)
    examples = [Example("a", np.zeros((int(n), 40), np.float16)) for n in rng.integers(50, 900, 300)]
    groups = batches(examples, rng, frames_per_batch=3000)
    assert sorted(i for g in groups for i in g) == list(range(300))
    for g in groups:
        assert len(g) == 1 or max(len(examples[i].features) for i in g) * len(g) <= 3000


def test_clips_read_in_batches_are_read_as_each_is_alone() -> None:
    from lam_bringup.train_speech import Example, transcribe_all

    torch.manual_seed(0)
    model = SpeechNet(SpeechConfig(channels=32, blocks=1, hidden=16)).eval()
    rng = np.random.default_rng(1)
    examples = [Example("a", rng.normal(size=(int(n), 40)).astype(np.float16)) for n in rng.integers(20, 300, 9)]
    alone = transcribe_all(model, examples, batch_size=1)
    assert any(alone) and transcribe_all(model, examples, batch_size=4) == alone


def test_a_spelling_outside_the_lexicon_costs_so_a_real_word_wins() -> None:
    from lam_core.voice.ctc_decoder import BeamSettings, Lexicon, beam_search

    spec = [("_", 0.9)] + [(c, 0.9) for c in "go to the bo"] + [("k", 0.6), ("_", 0.9)]
    steps = _steps(spec)
    steps[-2, ALPHABET.index("x") + 1] = math.log(0.35)
    lexicon = Lexicon(["go", "to", "the", "box"])
    assert "the" in lexicon.words and "bo" in lexicon.prefixes and "bo" not in lexicon.words
    assert beam_search(steps, ALPHABET, None)[0][0] == "go to the bok"
    assert beam_search(steps, ALPHABET, None, BeamSettings(), lexicon)[0][0] == "go to the box"
    cheap = BeamSettings(outside_lexicon=0.0)
    assert beam_search(steps, ALPHABET, None, cheap, lexicon)[0][0] == "go to the bok", "no cost: the letters win"
    sure = _steps([("_", 0.9)] + [(c, 0.99) for c in "go to the zorb"])
    assert beam_search(sure, ALPHABET, None, BeamSettings(), lexicon)[0][0] == "go to the zorb", "a clear new word stays"
    english = Lexicon.english(["lam"])
    assert {"lam", "approach", "don't"} <= english.words
