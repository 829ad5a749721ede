"""Perception accuracy against simulator ground truth: which objects are in view, matching of
detections to them, recall, precision and centre position errors."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lam_core.datatypes import DetectedObject, Pose2D, SimObjectState
from lam_core.geometry import into_frame
from lam_core.vocabulary import COLORS, LABELS

MATCH_RADIUS_M = 0.3
CAST_MIN_PIXELS = 30            # unclipped, lit pixels an object needs for its colour cast to be measured
CAST_COUNTS = (8, 250)          # 8-bit counts: pixels with a channel outside these are too dark or clipped


def colour_cast_deg(pixels: np.ndarray, mask: np.ndarray, gains: np.ndarray) -> float | None:
    """How far from grey [deg] the mean colour of a truly achromatic (white, black or grey)
    surface is after per-channel ``gains``: the angle between its mean RGB and (1, 1, 1), over the
    pixels of ``mask`` that are neither clipped nor too dark (CAST_COUNTS); None with fewer than
    CAST_MIN_PIXELS of them. An illuminant estimate's error, measured where the truth is known."""
    lit = mask & (pixels.max(axis=2) < CAST_COUNTS[1]) & (pixels.min(axis=2) > CAST_COUNTS[0])
    if int(lit.sum()) < CAST_MIN_PIXELS:
        return None
    rgb = pixels[lit].astype(np.float64).mean(axis=0) * gains
    cosine = float(rgb.sum() / (np.linalg.norm(rgb) * math.sqrt(3.0)))
    return math.degrees(math.acos(min(1.0, cosine)))


@dataclass
class PerceptionScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    position_errors_m: list[float] = field(default_factory=list)
    located: int = 0        # visible named objects with any detection within MATCH_RADIUS_M
    kind_correct: int = 0   # ... whose nearest detection has the object's kind
    color_correct: int = 0  # ... whose nearest detection has the object's colour
    found_by_color: dict[str, list[int]] = field(default_factory=dict)  # colour -> [true positives, visible]
    found_by_kind: dict[str, list[int]] = field(default_factory=dict)   # kind -> [true positives, visible]
    found_by_pair: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (kind, colour) -> the same
    false_by_pair: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, colour) -> false positives

    @property
    def recall(self) -> float:
        n = self.true_positives + self.false_negatives
        return self.true_positives / n if n else math.nan

    @property
    def precision(self) -> float:
        n = self.true_positives + self.false_positives
        return self.true_positives / n if n else math.nan

    @property
    def kind_accuracy(self) -> float:
        return self.kind_correct / self.located if self.located else math.nan

    @property
    def color_accuracy(self) -> float:
        return self.color_correct / self.located if self.located else math.nan

    def recall_by_color(self) -> dict[str, float]:
        """Recall of the visible named objects of each colour (colours seen at least once)."""
        return {c: tp / n for c, (tp, n) in sorted(self.found_by_color.items()) if n}

    def recall_by_kind(self) -> dict[str, float]:
        """Recall of the visible named objects of each kind (kinds seen at least once)."""
        return {k: tp / n for k, (tp, n) in sorted(self.found_by_kind.items()) if n}

    def of_pairs(self, pairs: frozenset[tuple[str, str]]) -> tuple[float, float, int]:
        """Recall, precision and the number of visible objects counting only the (kind, colour)
        pairs given: objects of those pairs, and detections naming one."""
        tp = sum(self.found_by_pair.get(p, (0, 0))[0] for p in pairs)
        n = sum(self.found_by_pair.get(p, (0, 0))[1] for p in pairs)
        fp = sum(self.false_by_pair.get(p, 0) for p in pairs)
        return (tp / n if n else math.nan), (tp / (tp + fp) if tp + fp else math.nan), n


def to_base(robot: Pose2D, point: tuple[float, float, float]) -> tuple[float, float, float]:
    """A world point in base_link."""
    return (*into_frame(robot.x_m, robot.y_m, robot.yaw_rad, point[0], point[1]), point[2])


def score_frame(
    score: PerceptionScore,
    detections: list[DetectedObject],
    truth_objects: tuple[SimObjectState, ...],
    robot: Pose2D,
    visible: set[str],
) -> None:
    """Match one frame's detections (base_link) to ground truth. ``visible`` names the objects in
    view (the ones recall counts). A detection near any object of its colour and label, visible or
    not, is not a false positive."""
    known = [o for o in truth_objects if o.color in COLORS and o.label in LABELS]
    centres = {o.name: to_base(robot, o.position_m) for o in known}
    unmatched = list(detections)
    for obj in known:
        if obj.name not in visible:
            continue
        tallies = (score.found_by_color.setdefault(obj.color, [0, 0]), score.found_by_kind.setdefault(obj.label, [0, 0]),
                   score.found_by_pair.setdefault((obj.label, obj.color), [0, 0]))
        for tally in tallies:
            tally[1] += 1
        gx, gy, _ = centres[obj.name]
        nearest = min(detections, key=lambda d: math.hypot(d.position_m[0] - gx, d.position_m[1] - gy), default=None)
        if nearest is not None and math.hypot(nearest.position_m[0] - gx, nearest.position_m[1] - gy) <= MATCH_RADIUS_M:
            score.located += 1
            score.kind_correct += nearest.label == obj.label
            score.color_correct += nearest.color == obj.color
        candidates = [d for d in unmatched if d.color == obj.color and d.label == obj.label]
        best = min(candidates, key=lambda d: math.hypot(d.position_m[0] - gx, d.position_m[1] - gy), default=None)
        if best is not None:
            err = math.hypot(best.position_m[0] - gx, best.position_m[1] - gy)
            if err <= MATCH_RADIUS_M:
                score.true_positives += 1
                for tally in tallies:
                    tally[0] += 1
                score.position_errors_m.append(err)
                unmatched.remove(best)
                continue
        score.false_negatives += 1
    for d in unmatched:
        near_known = any(
            o.color == d.color and o.label == d.label
            and math.hypot(d.position_m[0] - centres[o.name][0], d.position_m[1] - centres[o.name][1]) <= MATCH_RADIUS_M
            for o in known
        )
        if not near_known:
            score.false_positives += 1
            pair = (d.label, d.color)
            score.false_by_pair[pair] = score.false_by_pair.get(pair, 0) + 1


@dataclass
class TrackContinuity:
    """Whether track ids stay with the objects they name over sequences of frames. Each named
    object in view is matched, as in score_frame, to the nearest detection of its colour and kind
    within MATCH_RADIUS_M; a switch is a match whose track id differs from that object's previous
    match in the same sequence. ``seconds`` is the time the sequences covered (the caller adds the
    frame period per frame)."""

    switches: int = 0
    matches: int = 0
    seconds: float = 0.0
    _last_id: dict[str, str] = field(default_factory=dict)

    def start_sequence(self) -> None:
        """Forget the previous matches (a new scene: a new tracker)."""
        self._last_id.clear()

    def update(self, detections: list[DetectedObject] | tuple[DetectedObject, ...],
               truth_objects: tuple[SimObjectState, ...], robot: Pose2D, visible: set[str]) -> None:
        """One frame: ``detections`` in base_link with their track ids."""
        for obj in truth_objects:
            if obj.name not in visible or obj.color not in COLORS or obj.label not in LABELS:
                continue
            gx, gy, _ = to_base(robot, obj.position_m)
            same = [d for d in detections if d.color == obj.color and d.label == obj.label]
            best = min(same, key=lambda d: math.hypot(d.position_m[0] - gx, d.position_m[1] - gy), default=None)
            if best is None or math.hypot(best.position_m[0] - gx, best.position_m[1] - gy) > MATCH_RADIUS_M:
                continue
            self.matches += 1
            previous = self._last_id.get(obj.name)
            if previous is not None and previous != best.track_id:
                self.switches += 1
            self._last_id[obj.name] = best.track_id

    @property
    def switches_per_min(self) -> float:
        return self.switches / (self.seconds / 60.0) if self.seconds > 0 else math.nan
