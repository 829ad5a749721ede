"""Compare the agent's outputs in a recording with those of its replay: per-topic verdicts with
figures, for the report and the exit status of `lam replay`. Pure; the caller decodes bags into
RunOutputs. Times: bag (receive) times and message stamps in ns on the same sim clock."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from lam_core.config import param
from lam_core.contract import contract
from lam_core.datatypes import ActionCommand, DetectedObject, Plan, Twist2D

MIN_COUNTED = 20  # topics with fewer recorded messages are not compared by count


def next_tick_ns(clock_ns: int, periods_ns: tuple[int, ...]) -> int:
    """The next clock time after ``clock_ns`` [ns] that is a multiple of one of ``periods_ns``: where
    a replay steps /clock so that every sim-time timer with one of these periods fires once per
    period, at its time when its phase is a multiple of its period, else at most one step late."""
    if not periods_ns or min(periods_ns) <= 0:
        raise ValueError(f"timer periods must be positive, got {periods_ns}")
    return min((clock_ns // period + 1) * period for period in periods_ns)


@dataclass(frozen=True)
class ReplayConfig:
    """config/replay.yaml: how a replay runs and what counts as the same behaviour."""

    settle_s: float = param("sim time replayed after the last input, so the last outputs appear [s]", min=0.0, max=10.0)
    lockstep_wait_s: float = param("lockstep: longest wall wait for the pipeline to consume one step [s]", min=0.1, max=30.0)
    max_input_gap_s: float = param("a larger gap between input messages is a clock jump: refused [s]", min=0.1, max=600.0)
    vx_tolerance_mps: float = param("decisions and /cmd_vel agree within this forward speed [m/s]", min=0.0, max=1.0)
    wz_tolerance_radps: float = param("decisions and /cmd_vel agree within this yaw rate [rad/s]", min=0.0, max=2.0)
    min_decision_agreement: float = param("fraction of common decisions that must agree", min=0.0, max=1.0)
    min_decision_coverage: float = param("fraction of recorded decisions the replay must also make", min=0.0, max=1.0)
    cmd_vel_quantile: float = param("quantile of /cmd_vel differences held to the tolerance", min=0.5, max=1.0)
    object_tolerance_m: float = param("detections agree within this position error [m]", min=0.0, max=1.0)
    min_object_agreement: float = param("fraction of common frames whose detections must agree", min=0.0, max=1.0)
    min_count_ratio: float = param("replayed/recorded message count must lie in [this, 1/this]", min=0.1, max=1.0)
    max_shift_s: float = param("/cmd_vel series are compared at the best time shift up to this [s]", min=0.0, max=2.0)


@dataclass
class RunOutputs:
    """Decoded outputs of one run over a time span."""

    counts: Counter[str] = field(default_factory=Counter)
    decisions: list[tuple[int, ActionCommand]] = field(default_factory=list)  # (receive ns, command)
    cmd_vel: list[tuple[int, Twist2D]] = field(default_factory=list)           # (receive ns, twist)
    plans: list[Plan] = field(default_factory=list)
    objects: dict[int, tuple[DetectedObject, ...]] = field(default_factory=dict)  # frame stamp -> detections


@dataclass
class TopicVerdict:
    name: str
    ok: bool
    summary: str
    figures: dict[str, float | int | str] = field(default_factory=dict)


@dataclass
class DiffReport:
    verdicts: list[TopicVerdict]

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def as_dict(self) -> dict[str, object]:
        return {"diff_ok": self.ok, "topics": {v.name: {"ok": v.ok, "summary": v.summary, **v.figures} for v in self.verdicts}}


def unique_decisions(decisions: list[tuple[int, ActionCommand]]) -> dict[int, tuple[int, ActionCommand]]:
    """First receipt of each decision by its stamp (the planner repeats a decision within its horizon)."""
    first: dict[int, tuple[int, ActionCommand]] = {}
    for received, cmd in decisions:
        first.setdefault(cmd.stamp_ns, (received, cmd))
    return first


def decision_latencies_ms(decisions: list[tuple[int, ActionCommand]]) -> list[float]:
    """Observation stamp -> first receipt of the decision made from it [ms]."""
    return [(received - stamp) * 1e-6 for stamp, (received, _) in unique_decisions(decisions).items() if stamp > 0]


def _same_decision(a: ActionCommand, b: ActionCommand, cfg: ReplayConfig) -> bool:
    return (
        a.skill == b.skill and abs(a.base.vx_mps - b.base.vx_mps) <= cfg.vx_tolerance_mps
        and abs(a.base.wz_radps - b.base.wz_radps) <= cfg.wz_tolerance_radps
    )


def _sample(series: list[tuple[int, Twist2D]], times: np.ndarray) -> np.ndarray:
    """(vx, wz) in force at each time (the last message received before it)."""
    stamps = np.array([t for t, _ in series])
    values = np.array([(tw.vx_mps, tw.wz_radps) for _, tw in series])
    index = np.searchsorted(stamps, times, side="right") - 1
    return np.where(index[:, None] >= 0, values[np.clip(index, 0, None)], 0.0)


def _objects_agree(a: tuple[DetectedObject, ...], b: tuple[DetectedObject, ...], tol_m: float) -> bool:
    if sorted(o.name for o in a) != sorted(o.name for o in b):
        return False
    for o in a:
        nearest = min((math.dist(o.position_m, p.position_m) for p in b if p.name == o.name), default=math.inf)
        if nearest > tol_m:
            return False
    return True


def _compare_cmd_vel(recorded: list[tuple[int, Twist2D]], replayed: list[tuple[int, Twist2D]], cfg: ReplayConfig) -> TopicVerdict:
    """Quantile of |difference| of the two /cmd_vel series sampled every 50 ms, at the best time
    shift within max_shift_s (a live run decides later than a lockstep replay of it)."""
    start = max(recorded[0][0], replayed[0][0])
    end = min(recorded[-1][0], replayed[-1][0])
    times = np.arange(start, end, 50_000_000, dtype=np.int64)
    if not len(times):
        return TopicVerdict("cmd_vel", False, "no common time span")
    q = cfg.cmd_vel_quantile * 100
    reference = _sample(recorded, times)
    best = (math.inf, math.inf, 0)
    max_shift_ms = round(cfg.max_shift_s * 1000)
    for shift_ms in range(-max_shift_ms, max_shift_ms + 1, 10):
        diff = np.abs(reference - _sample(replayed, times + shift_ms * 1_000_000))
        dvx, dwz = float(np.percentile(diff[:, 0], q)), float(np.percentile(diff[:, 1], q))
        if dvx / max(cfg.vx_tolerance_mps, 1e-9) + dwz / max(cfg.wz_tolerance_radps, 1e-9) < \
                best[0] / max(cfg.vx_tolerance_mps, 1e-9) + best[1] / max(cfg.wz_tolerance_radps, 1e-9):
            best = (dvx, dwz, shift_ms)
    dvx, dwz, shift = best
    ok = dvx <= cfg.vx_tolerance_mps and dwz <= cfg.wz_tolerance_radps
    return TopicVerdict("cmd_vel", ok, f"p{q:.0f} difference {dvx:.3f} m/s, {dwz:.3f} rad/s over {len(times)} samples, "
                        f"replay shifted {shift:+d} ms", {"vx_diff": round(dvx, 4), "wz_diff": round(dwz, 4), "shift_ms": shift})


def compare(recorded: RunOutputs, replayed: RunOutputs, cfg: ReplayConfig) -> DiffReport:
    verdicts: list[TopicVerdict] = []
    action_topic = contract().topic("action").name
    for topic in sorted(recorded.counts):
        rec, rep = recorded.counts[topic], replayed.counts.get(topic, 0)
        what = "recorded"
        if topic == action_topic:  # the planner repeats each decision at its keepalive rate: count decisions
            rec, rep = len(unique_decisions(recorded.decisions)), len(unique_decisions(replayed.decisions))
            what = "recorded decisions"
        if rec < MIN_COUNTED:
            continue  # rare messages (plans, trajectories) are judged by content, not counted
        ratio = rep / rec if rec else math.inf
        ok = cfg.min_count_ratio <= ratio <= 1.0 / cfg.min_count_ratio
        verdicts.append(TopicVerdict(f"count {topic}", ok, f"{rep} replayed vs {rec} {what}", {"ratio": round(ratio, 3)}))

    rec_plans = [(p.goal, [(s.skill, s.target) for s in p.steps]) for p in recorded.plans]
    rep_plans = [(p.goal, [(s.skill, s.target) for s in p.steps]) for p in replayed.plans]
    plan_ok = (rec_plans[:1] == rep_plans[:1])
    verdicts.append(TopicVerdict("plan", plan_ok, "same first plan" if plan_ok else f"{rep_plans[:1]} vs {rec_plans[:1]}"))

    rec_d, rep_d = unique_decisions(recorded.decisions), unique_decisions(replayed.decisions)
    common = sorted(set(rec_d) & set(rep_d))
    agree = sum(_same_decision(rec_d[s][1], rep_d[s][1], cfg) for s in common)
    coverage = len(common) / len(rec_d) if rec_d else 1.0
    agreement = agree / len(common) if common else (1.0 if not rec_d else 0.0)
    verdicts.append(TopicVerdict(
        "decisions", coverage >= cfg.min_decision_coverage and agreement >= cfg.min_decision_agreement,
        f"{len(common)} of {len(rec_d)} recorded decisions made again, {agree} agree",
        {"coverage": round(coverage, 3), "agreement": round(agreement, 3)},
    ))

    if recorded.cmd_vel and replayed.cmd_vel:
        verdicts.append(_compare_cmd_vel(recorded.cmd_vel, replayed.cmd_vel, cfg))

    frames = sorted(set(recorded.objects) & set(replayed.objects))
    same = sum(_objects_agree(recorded.objects[s], replayed.objects[s], cfg.object_tolerance_m) for s in frames)
    frac = same / len(frames) if frames else 0.0
    verdicts.append(TopicVerdict("objects", bool(frames) and frac >= cfg.min_object_agreement,
                                 f"{same} of {len(frames)} common frames agree", {"agreement": round(frac, 3)}))
    return DiffReport(verdicts)
