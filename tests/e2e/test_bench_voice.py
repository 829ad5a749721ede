"""`lam bench voice` on a few utterances: every figure the issue names is in the JSON, the shares
are shares, and the same-outcome share (a refusal counts for a refusal) is never below the strict one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lam_bringup import bench_voice


def test_bench_voice_reports_every_figure_per_snr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "voice.json"
    assert bench_voice.main(goals_per_snr=4, stops_per_snr=3, conversation_s=20.0, noise_s=60.0, out=str(out)) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary == json.loads(out.read_text())
    for key in ("20dB", "10dB", "5dB"):
        strict, alike = summary["goal_accuracy"][key], summary["same_outcome"][key]
        assert 0.0 <= strict <= alike <= 1.0
        assert 0.0 <= summary["misheard_plans"][key] + summary["asked_again"][key] <= 1.0
        assert 0.0 <= summary["stop_detection"][key] <= 1.0
    assert set(summary["false_stops_per_hour"]) == {"conversation", "noise", "near_miss_words"}
    assert summary["asr_rtf"]["p50"] > 0.0 and summary["cpu_load_percent"] > 0.0
    assert summary["recognizer"] == "learned" and summary["voices"] == "heldout"
