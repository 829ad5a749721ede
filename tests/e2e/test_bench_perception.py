"""`lam bench perception` without the live part: both detectors on the same held-out frames per
look, the JSON's per-look figures, and a picture per look."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lam_bringup import bench_perception


def test_bench_perception_scores_each_detector_per_look(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_perception.main(seeds=1, looks=("default", "light"), detectors=("color", "learned"), out=tmp_path,
                                 live=False) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for look in ("default", "light"):
        for detector in ("color", "learned"):
            fields = summary["looks"][look][detector]
            assert fields["objects"] > 0
            assert 0.0 <= fields["precision"] <= 1.0 and 0.0 <= fields["recall"] <= 1.0
            assert set(fields) >= {"kind_accuracy", "color_accuracy", "pos_err_median_m", "frame_ms_p99"}
            assert fields["track_matches"] > 0 and fields["track_id_switches_per_min"] >= 0.0
        assert (tmp_path / f"look_{look}.png").stat().st_size > 0
    hue_bands = summary["looks"]["default"]["color"]
    # The default look is the hue bands' home: box, cube and bin (told apart by height) in the colours with a hue.
    assert hue_bands["recall_nameable"] >= 0.85 and hue_bands["recall"] <= hue_bands["recall_nameable"]
    assert summary["looks"]["default"]["learned"]["recall_nameable"] == summary["looks"]["default"]["learned"]["recall"]
    assert summary["looks"]["default"]["color"]["track_id_switches_per_min"] <= 5.0  # ids hold on the home look
    assert json.loads((tmp_path / "summary.json").read_text())["looks"] == summary["looks"]
