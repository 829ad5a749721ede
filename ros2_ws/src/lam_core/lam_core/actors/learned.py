"""The learned actor: the project's multimodal policy drives the base skills (navigate_to,
approach, search) to objects from the perceived Observation, the goal text and the step. The arm
skills (pick, place), stop, and steps to poses, turns and set distances (odometry alone says where
they end) stay with the scripted primitives, which take the grasp point from perception (from the
object's last sighting, through odometry, when the policy stopped where the gripper hides it), and
so does the look-around's move to another vantage point: while the target is neither seen nor
remembered the scripted look-around runs alongside, and once the robot has turned a whole circle
without finding it, the scripted actor drives it aside (on odometry and the scan) before the policy
takes over again; a navigate_to target remembered but not seen once the robot stands where it was
remembered is forgotten and looked for again (nothing is reached on a memory). A step ends when
the policy's done head says so on done_confirmations observations in a row (and, for an object,
while it is seen at the step's distance: a "done" far from the target hands that observation to
the scripted controller, done_is_plausible; a policy whose base stands still short of done for
policy_stall_s (it commands no motion, or the shield holds it), or whose target comes no nearer
for policy_progress_s, hands it the rest of the step). The policy's twist stays within the
skill's geometric envelope: no forward motion once the target is as close as the step wants it;
the shield only keeps the base from touching its own target."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from lam_core.actors.scripted import ProgressClock, ScriptedActor, corridor_free
from lam_core.datatypes import ZERO_TWIST, ActionCommand, DetectedObject, Observation, PlanStep, Twist2D, target_radius_m
from lam_core.geometry import not_near
from lam_core.policy.chunking import ChunkSource, PolicyChunk, load_local_policy, object_after
from lam_core.policy.memory import TargetMemory, is_remembered
from lam_core.skills import ARM_PLAN_SKILLS, LEARNED_SKILLS, POSE_TARGET, ActorConfig, ActorDecision, StepOutcome, motion_target
from lam_core.text import TextEncoder


def within_step_envelope(twist: Twist2D, step: PlanStep, target: DetectedObject | None, scripted: ScriptedActor) -> Twist2D:
    """``twist`` without forward motion once the seen target is at the step's distance: its reach
    distance for approach (along base_link x), the stop distance for navigate_to [m]."""
    if target is None or twist.vx_mps <= 0.0:
        return twist
    if step.skill == "approach":
        closest, ahead = scripted.reach_distance_m(target.label), target.position_m[0]
    elif step.skill == "navigate_to":
        closest, ahead = scripted.config.stop_distance_m, target.distance_m
    else:
        return twist
    return Twist2D(0.0, twist.wz_radps) if ahead <= closest else twist


def chunk_within_step_envelope(chunk: tuple[Twist2D, ...], period_s: float, step: PlanStep, target: DetectedObject | None,
                               scripted: ScriptedActor) -> tuple[Twist2D, ...]:
    """``within_step_envelope`` for every element of a chunk, each against where the target will be
    after the elements before it (the base moving as commanded, the target standing still)."""
    out = []
    for twist in chunk:
        kept = within_step_envelope(twist, step, target, scripted)
        out.append(kept)
        if target is not None:
            target = object_after(target, kept, period_s)
    return tuple(out)


STILL_YAW_RATE_RADPS = 0.05  # a yaw rate below this is no turn [rad/s]


def _moving(twist: Twist2D, still_speed_mps: float) -> bool:
    return abs(twist.vx_mps) >= still_speed_mps or abs(twist.wz_radps) >= STILL_YAW_RATE_RADPS


def _base_at_rest(obs: Observation, still_speed_mps: float) -> bool:
    """Whether odometry says the base stands still (False without odometry)."""
    odom = obs.odometry
    return odom is not None and not _moving(Twist2D(odom.vx_mps, odom.wz_radps), still_speed_mps)


DONE_SLACK_M = 0.15  # how much farther than the step's own arrival tolerance a policy "done" may come [m]
# A low obstacle (seen in depth, not the target) in the footprint's corridor (LOW_AHEAD_MARGIN_M
# wider either side) up to LOW_AHEAD_M beyond the front edge, while the policy drives forward,
# hands the step to the scripted controller, which detours around what it sees [m].
LOW_AHEAD_M = 0.45
LOW_AHEAD_MARGIN_M = 0.05


def low_obstacle_ahead(obs: Observation, twist: Twist2D, target: DetectedObject | None, scripted: ScriptedActor) -> bool:
    """Whether ``twist`` drives forward into a low obstacle the policy was never taught to see:
    one of the Observation's low obstacles, not the target's own (datatypes.target_radius_m), in the
    corridor ahead (module constants). The lidar's returns are the policy's to steer around."""
    if twist.vx_mps <= 0.0 or not obs.low_obstacles_m:
        return False
    outline = scripted.footprint
    own = (target.position_m[0], target.position_m[1]) if target is not None else None
    points = not_near(obs.low_obstacles_m, own, target_radius_m(target) if target is not None else 0.0)
    return not corridor_free(points, (0.0, 0.0), 0.0, 0.0, outline.front_m + LOW_AHEAD_M,
                           outline.half_width_m + LOW_AHEAD_MARGIN_M)


def done_is_plausible(step: PlanStep, target: DetectedObject | None, scripted: ScriptedActor) -> bool:
    """Whether the policy's "done" fits what perception sees. For an approach: the seen target
    within the reach distance along base_link x plus the arrival tolerance and DONE_SLACK_M, and
    within the arm's reach for the pick or place that follows. For navigate_to: the target's near
    face (its seen centre less half its narrower seen side) within the stop distance plus the
    arrival tolerance, where the scripted controller's stop puts the centre: a small object is
    not "reached" from as far as a box's face. A policy that says "done" in front of another box,
    or far from its own, is not believed. Poses and other skills: always plausible."""
    if target is None or step.skill not in ("approach", "navigate_to"):
        return True
    if step.skill == "approach":
        if not scripted.arm_reaches(target):
            return False
        remaining = target.position_m[0] - scripted.reach_distance_m(target.label)
        return remaining <= scripted.config.arrive_tolerance_m + DONE_SLACK_M
    near_face = target.distance_m - min(target.size_m[:2]) / 2.0
    return near_face <= scripted.config.stop_distance_m + scripted.config.arrive_tolerance_m


class LearnedActor:
    """The policy's twists come from ``policy``: by default the network in ``policy_dir`` run in this
    process one step per observation; a policy server's action chunks with ``RemotePolicy``."""

    def __init__(self, policy_dir: str | Path | None, config: ActorConfig, text_encoder: TextEncoder | None = None,
                 policy: ChunkSource | None = None) -> None:
        if policy is None:
            if policy_dir is None:
                raise ValueError("LearnedActor needs a policy folder or a policy source")
            policy = load_local_policy(policy_dir, text=text_encoder)
        self.policy = policy
        self.source = policy.source
        self.config = config
        self.scripted = ScriptedActor(config)
        self.memory = TargetMemory()
        self.stall_takeovers = 0  # steps the scripted controller finished: the base stood still or got no nearer
        self.low_obstacle_takeovers = 0  # and steps it finished because the policy drove at a low obstacle
        self.reset()

    def reset(self, goal: str = "", steps: tuple[PlanStep, ...] = ()) -> None:
        """A new goal or plan. The instructions of the plan's learned steps are embedded now, when
        the plan is made, so that no decision waits for the text encoder."""
        self.goal = goal
        self.scripted.reset(goal, steps)
        self.policy.prepare(goal, tuple(step for step in steps if step.skill in LEARNED_SKILLS))
        self.memory.reset()
        self._step_key: tuple[int, PlanStep] | None = None
        self._confirm = 0
        self._still_since_ns: int | None = None  # since when the policy has commanded standing still
        self._progress = ProgressClock()  # since when the step's target has come no nearer
        self._taken_over = False                 # the scripted controller finishes this step

    def stale_inputs(self, obs: Observation, step: PlanStep) -> list[str]:
        return self.scripted.stale_inputs(obs, step)

    def diagnostics(self) -> dict[str, str]:
        return self.policy.diagnostics()

    def decide(self, obs: Observation, step: PlanStep, step_index: int) -> ActorDecision:
        if step.skill not in LEARNED_SKILLS or motion_target(step.target) is not None or POSE_TARGET.match(step.target):
            # turns and set distances: never trained on; poses ("come back"): the policy stopped short of them or
            # circled them (docs/decisions.md, "Poses by the scripted controller")
            if step.skill in ARM_PLAN_SKILLS:
                obs = self.memory.fill(obs, step.target, step.object_id)
            return self.scripted.decide(obs, step, step_index)
        if self._step_key != (step_index, step):
            self._step_key, self._confirm = (step_index, step), 0
            self._still_since_ns, self._taken_over = None, False
            self._progress.reset()
        seen_obs = self._recalled(obs, step)
        if self._taken_over:
            return self._scripted(seen_obs, step, step_index, "scripted (taken over from the policy): ")
        color, _, label = step.target.partition(" ")
        is_pose = POSE_TARGET.match(step.target) is not None
        known = seen_obs.find(color, label, step.object_id)  # seen or remembered
        if not is_pose and known is None:
            look_around = self.scripted.decide(seen_obs, step, step_index)
            if self.scripted.relocating:
                return look_around
        chunk = self.policy.chunk(seen_obs, self.goal, step)
        twist = chunk.twist_at(obs.stamp_ns) if chunk is not None else None
        if chunk is None or twist is None:
            why = self.policy.problem or "no answer yet"
            return ActorDecision(self._command(obs, step, step_index, "stop", 0.0), StepOutcome.RUNNING,
                                 f"waiting for the policy ({why}); standing still", math.nan)
        p_done = chunk.p_done
        target = obs.find(color, label, step.object_id)
        distance = target.distance_m if target is not None else math.nan
        if self._no_progress(seen_obs.stamp_ns, known):
            self._taken_over = True
            self.stall_takeovers += 1
            return self._scripted(seen_obs, step, step_index, f"the {step.target} has come no nearer in "
                                  f"{self.config.policy_progress_s:.0f} s; the scripted controller finishes the step: ")
        if p_done > 0.5 and target is not None and not done_is_plausible(step, target, self.scripted):
            self._confirm = 0
            return self._scripted(seen_obs, step, step_index,
                                  f"policy said done {distance:.2f} m from {step.target}; the scripted controller drives on: ")
        if p_done > 0.5 and (target is not None or is_pose):
            self._confirm += 1
            done = self._confirm >= self.config.done_confirmations
            return ActorDecision(self._command(obs, step, step_index, "stop", p_done),
                                 StepOutcome.DONE if done else StepOutcome.RUNNING,
                                 f"policy: {step.skill} done ({p_done:.2f})", distance)
        self._confirm = 0
        twist = within_step_envelope(twist, step, target, self.scripted)
        if low_obstacle_ahead(obs, twist, known, self.scripted):
            self._taken_over = True
            self.low_obstacle_takeovers += 1
            return self._scripted(seen_obs, step, step_index, "a low obstacle ahead (seen in depth); the scripted "
                                                              "controller finishes the step: ")
        if self._stalled(obs, twist, target is not None or is_pose):
            self._taken_over = True
            self.stall_takeovers += 1
            return self._scripted(seen_obs, step, step_index, f"the base stood still {self.config.policy_stall_s:.1f} s "
                                                              "short of done; the scripted controller finishes the step: ")
        command = self._command(obs, step, step_index, step.skill, 1.0 - p_done, twist)
        if len(chunk.twists) > 1:
            command = self._chunk_command(command, chunk, step, target)
        seen = "seen" if target is not None else "not seen"
        return ActorDecision(command, StepOutcome.RUNNING, f"policy: {step.skill} {step.target} ({seen})", distance)

    def _recalled(self, obs: Observation, step: PlanStep) -> Observation:
        """``obs`` with the step's target at its remembered place when it is out of view, unless a
        navigate_to has reached that place and does not see it there: then it is forgotten (a
        misread object, or one that moved) and the target is looked for again."""
        seen_obs = self.memory.fill(obs, step.target, step.object_id)
        if step.skill != "navigate_to":
            return seen_obs
        color, _, label = step.target.partition(" ")
        known = seen_obs.find(color, label, step.object_id)
        if known is None or not is_remembered(known) or not self.scripted.where_it_was(known.distance_m):
            return seen_obs
        self.memory.forget(step.target, step.object_id)
        return obs

    def _scripted(self, obs: Observation, step: PlanStep, step_index: int, why: str) -> ActorDecision:
        """The scripted controller's decision for this observation, its reason prefixed with ``why``."""
        decision = self.scripted.decide(obs, step, step_index)
        return ActorDecision(decision.command, decision.outcome, why + decision.reason, decision.target_distance_m)

    def _stalled(self, obs: Observation, twist: Twist2D, target_known: bool) -> bool:
        """True once the base has stood still for policy_stall_s with the step's target known and
        the step not done, because the policy commanded no motion or because its motion was held
        back (odometry at rest: the shield stops the base short of touching its own target, or in
        a stop zone): it is stuck, not finishing (the scripted controller takes the step). A target
        out of view, or any motion, restarts the clock."""
        limit_s = self.config.policy_stall_s
        if limit_s <= 0 or not target_known or (_moving(twist, self.config.still_speed_mps)
                                                and not _base_at_rest(obs, self.config.still_speed_mps)):
            self._still_since_ns = None
            return False
        if self._still_since_ns is None:
            self._still_since_ns = obs.stamp_ns
        return (obs.stamp_ns - self._still_since_ns) * 1e-9 >= limit_s

    def _no_progress(self, stamp_ns: int, known: DetectedObject | None) -> bool:
        """True once the step's target, seen or remembered (``known``), has come no nearer than its
        nearest by PROGRESS_M for policy_progress_s: the policy is moving (or the shield is holding
        it) without getting there (the scripted controller takes the step, and backs off where it is
        boxed in). A target neither seen nor remembered neither starts nor advances the clock."""
        limit_s = self.config.policy_progress_s
        if limit_s <= 0 or known is None:
            return False
        return self._progress.seconds_without_progress(known.distance_m, stamp_ns) >= limit_s

    def _chunk_command(self, command: ActionCommand, chunk: PolicyChunk, step: PlanStep,
                       target: DetectedObject | None) -> ActionCommand:
        """``command`` carrying the rest of ``chunk`` from the element in force (already checked
        against the step's envelope as ``command.base``), stamped where that element starts, valid
        until the chunk runs out."""
        first = chunk.index_at(command.stamp_ns)
        elements = chunk_within_step_envelope(chunk.twists[first:], chunk.period_s, step, target, self.scripted)
        stamp = chunk.stamp_ns + round(first * chunk.period_s * 1e9)
        return replace(command, stamp_ns=stamp, chunk=elements, chunk_period_s=chunk.period_s,
                       horizon_s=len(elements) * chunk.period_s)

    def _command(self, obs: Observation, step: PlanStep, index: int, skill: str, confidence: float,
                 twist: Twist2D = ZERO_TWIST) -> ActionCommand:
        base = twist if skill != "stop" else ZERO_TWIST
        return ActionCommand(stamp_ns=obs.stamp_ns, skill=skill, target=step.target, plan_step=index, base=base,
                             horizon_s=self.config.command_horizon_s, source=self.source, confidence=confidence)
