"""Observation assembly: order, future stamps, staleness, synchronisation, thumbnails."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from lam_core.datatypes import DetectedObject, FrameDetections, Odometry, Pose2D, RgbImage
from lam_core.errors import InputError
from lam_core.fusion import SOURCES, FusionConfig, ObjectTracker, ObservationAssembler, ObservationTrigger
from lam_core.geometry import into_frame
from lam_core.stats import RollingWindow

S = 1_000_000_000


def _assembler() -> ObservationAssembler:
    return ObservationAssembler(FusionConfig({name: 0.2 for name in SOURCES}, 0.05, 0.03))


def test_nothing_received_means_every_source_stale() -> None:
    obs = _assembler().assemble(5 * S)
    assert not obs.all_fresh
    assert all(s.stale and s.age_s == -1.0 for s in obs.sources)
    assert obs.objects == () and not obs.scan.valid and math.isnan(obs.yaw_rate_radps)


def test_backwards_and_future_stamps_are_dropped_and_counted() -> None:
    a = _assembler()
    odom = Odometry(2 * S, Pose2D(1.0, 0.0, 0.0), 0.1, 0.0)
    assert a.offer("odom", 2 * S, odom, now_ns=2 * S)
    assert not a.offer("odom", S, odom, now_ns=2 * S), "going backwards"
    assert not a.offer("odom", 3 * S, odom, now_ns=2 * S), "from the future"
    assert not a.offer("odom", -5, odom, now_ns=2 * S), "negative stamp"
    status = a.assemble(2 * S).source("odom")
    assert status is not None and status.dropped == 3 and not status.stale


def test_stale_objects_are_not_passed_on() -> None:
    a = _assembler()
    box = DetectedObject("box", "red", (1.0, 0.0, 0.1), (0.3, 0.3, 0.3), 1.0)
    a.offer("objects", S, FrameDetections((box,)), now_ns=S)
    assert a.assemble(S + S // 10).objects == (replace(box, track_id="red-box-1"),)
    late = a.assemble(S + S // 2)
    assert late.objects == ()
    status = late.source("objects")
    assert status is not None and status.stale and status.age_s == pytest.approx(0.5)


def test_the_camera_frames_problems_reach_the_observation_with_its_objects() -> None:
    """A covered lens gives no objects and says so in the Observation; the next good frame clears
    it; a stale frame's problems are not passed on (its objects are not either)."""
    a = _assembler()
    a.offer("objects", S, FrameDetections((), ("covered",)), now_ns=S)
    assert a.assemble(S).camera_problems == ("covered",)
    box = DetectedObject("box", "red", (1.0, 0.0, 0.1), (0.3, 0.3, 0.3), 1.0)
    a.offer("objects", S + S // 10, FrameDetections((box,), ("depth holes",)), now_ns=S + S // 10)
    noted = a.assemble(S + S // 10)
    assert noted.camera_problems == ("depth holes",) and len(noted.objects) == 1
    a.offer("objects", S + S // 5, FrameDetections((box,)), now_ns=S + S // 5)
    assert a.assemble(S + S // 5).camera_problems == ()
    a.offer("objects", 2 * S, FrameDetections((), ("over-exposed",)), now_ns=2 * S)
    assert a.assemble(3 * S).camera_problems == ()


def test_objects_keep_their_ids_across_frames_as_the_robot_moves() -> None:
    """Ids follow each object in the odom frame: the robot drives 0.5 m ahead and turns; two red
    boxes keep their ids, a box seen in a new place gets a new one."""
    tracker = ObjectTracker()
    left, right = (2.0, 1.0), (2.0, -1.0)
    first = tracker.assign((_box(*left), _box(*right)), _odom(0.0, 0.0, 0.0))
    assert [o.track_id for o in first] == ["red-box-1", "red-box-2"]
    yaw = math.radians(20.0)
    moved = [into_frame(0.5, 0.0, yaw, *xy) for xy in (right, left)]  # seen again, in the other order
    again = tracker.assign(tuple(_box(x, y) for x, y in moved), _odom(0.5, 0.0, yaw))
    assert [o.track_id for o in again] == ["red-box-2", "red-box-1"]
    far = tracker.assign((_box(*into_frame(0.5, 0.0, yaw, 5.0, 0.0)),), _odom(0.5, 0.0, yaw))
    assert far[0].track_id == "red-box-3"


def test_a_piece_measured_aside_does_not_take_the_track_of_the_object_seen_in_the_same_frame() -> None:
    """A bin tracked at (1.0, 0.0) is seen again where it stands, and in the same frame a piece of
    it (cut off by the arm in front of it) is measured 17 cm aside and listed first: the bin keeps
    its id, nearest first, and the piece starts a track of its own."""
    tracker = ObjectTracker()
    bin_at = DetectedObject("bin", "grey", (1.0, 0.0, 0.06), (0.3, 0.3, 0.12), 0.9)
    first = tracker.assign((bin_at,), _odom(0.0, 0.0, 0.0))
    piece = replace(bin_at, position_m=(1.0, 0.17, 0.06), size_m=(0.1, 0.1, 0.12))
    again = tracker.assign((piece, replace(bin_at, position_m=(1.01, 0.0, 0.06))), _odom(0.0, 0.0, 0.0))
    assert [o.track_id for o in again] == ["grey-bin-2", first[0].track_id]


def _box(x: float, y: float) -> DetectedObject:
    return DetectedObject("box", "red", (x, y, 0.15), (0.3, 0.3, 0.3), 0.9)


def _odom(x: float, y: float, yaw: float) -> Odometry:
    return Odometry(0, Pose2D(x, y, yaw), 0.0, 0.0)


def test_a_sensor_that_stops_goes_stale_within_its_limit() -> None:
    a = _assembler()
    for k in range(10):
        a.offer("imu", k * S // 100, object(), now_ns=k * S // 100)
    last = 9 * S // 100
    assert not a.statuses(last + S // 10)[SOURCES.index("imu")].stale
    assert a.statuses(last + S // 4)[SOURCES.index("imu")].stale
    assert a.statuses(last)[SOURCES.index("imu")].rate_hz == pytest.approx(100.0, rel=0.05)


def test_the_thumbnail_comes_from_the_synchronised_frame() -> None:
    a = _assembler()
    for k in (1, 2):
        img = RgbImage(k * S // 10, "cam", np.full((12, 16, 3), k, np.uint8))
        a.offer("color", img.stamp_ns, img, now_ns=img.stamp_ns)
    a.offer("objects", S // 10, FrameDetections(()), now_ns=2 * S // 10)
    thumb = a.assemble(2 * S // 10).thumbnail
    assert thumb is not None and int(thumb.pixels[0, 0, 0]) == 1


def test_every_source_needs_a_staleness_limit() -> None:
    with pytest.raises(InputError, match="no staleness limit"):
        ObservationAssembler(FusionConfig({"color": 0.1}, 0.05, 0.03))


def test_sources_are_synchronised_to_the_newest_detections() -> None:
    a = _assembler()
    ms = 1_000_000
    for k in range(20):  # odometry at 50 Hz: 0, 20, ..., 380 ms
        t = k * 20 * ms
        a.offer("odom", t, Odometry(t, Pose2D(float(k), 0.0, 0.0), 0.0, 0.0), now_ns=t)
    a.offer("objects", 205 * ms, FrameDetections(()), now_ns=380 * ms)  # a frame taken at 205 ms, processed late
    obs = a.assemble(390 * ms)
    assert obs.stamp_ns == 205 * ms
    assert obs.odometry is not None and obs.odometry.stamp_ns in (200 * ms, 220 * ms)
    assert a.unsynchronised("odom") == 0


def test_a_source_without_a_sample_near_the_anchor_counts_as_unsynchronised() -> None:
    a = _assembler()
    ms = 1_000_000
    a.offer("scan", 0, None, now_ns=0)
    a.offer("objects", 150 * ms, FrameDetections(()), now_ns=150 * ms)
    a.assemble(160 * ms)
    assert a.unsynchronised("scan") == 1


def test_rolling_window_keeps_the_last_values_and_reports_percentiles() -> None:
    window = RollingWindow(3)
    assert window.percentile_fields("latency_ms") == {}
    for value in (100.0, 1.0, 2.0, 3.0):
        window.add(value)
    assert len(window) == 3
    fields = window.percentile_fields("latency_ms")
    assert fields == {"latency_ms_p50": "2.000", "latency_ms_p99": "2.980"}
    with pytest.raises(ValueError):
        RollingWindow(0)


def test_observations_go_out_with_each_detection_and_from_the_timer_only_when_overdue() -> None:
    trigger = ObservationTrigger(fallback_after_ns=100_000_000)
    assert trigger.on_timer(0)                        # nothing sent yet: the timer sends
    assert trigger.on_detections(30_000_000)          # detections always go out at once
    assert not trigger.on_timer(50_000_000)           # 20 ms after the last: not overdue
    assert trigger.on_detections(96_000_000)
    assert not trigger.on_timer(150_000_000)          # camera at 15 Hz: the timer stays quiet
    assert trigger.on_timer(200_000_000)              # 104 ms without detections: overdue
    assert not trigger.on_timer(250_000_000) and trigger.on_timer(300_000_000)  # then every 100 ms
