"""Task planning: goal understanding first, a model backend when configured, the rule planner as
the last fallback.

Every goal passes the goal guard first. Goal understanding (lam_core.language) reads the goal
against what the robot sees: it plans it, answers it (a question), refuses it with the reason
(negation, ambiguity, unknown objects, bad input; no fallback may then plan it), or does not
understand it. A model backend (hf, http) gets the same request with the objects in view; its
answer is validated against the plan schema and held to the same checks as understanding (no
negated action, nothing the goal says to keep away from); a refused answer is retried once with
the reason in the prompt, then the understood plan is used, then the rule planner. The plan's
reason says which planner planned and why a fallback happened. Re-plans after a failed step go
through the model, else the rule planner's retry.

With goal understanding, a goal that only makes sense after the one before it (an answer to
"which one?", a correction, "do it again") is read with that goal (lam_core.language.follow_ups).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lam_core.datatypes import DetectedObject, Footprint, Plan, PlanStep
from lam_core.errors import GoalError
from lam_core.geometry import into_frame, out_of_frame
from lam_core.language import lexicon as lx
from lam_core.language.follow_ups import GO_AHEAD, Conversation, bin_named_only
from lam_core.language.grounding import Grounder, where
from lam_core.language.motion_rules import StartPose, broken_rule, capped_by_rules, lift_motion_rules, read_motion_rule, without_lifts
from lam_core.language.names import REST, BinPurpose, GivenName, forgotten, read_names, read_purposes, with_names, with_purposes
from lam_core.language.parse import (
    BODY_PART_WORDS,
    SKILL_SUMMARY,
    SMALL_ANIMAL_WORDS,
    SOMEONE_WORDS,
    AllRuledOut,
    GoalNotUnderstood,
    GoalRefused,
    ObjectRef,
    OnlyForbidden,
    UnknownReference,
    WhichOne,
    asks_to_tidy_up,
    begins_action,
    normalise,
    restated_with_not,
    said_plainly,
    said_unsafe_to_touch,
    says_stop,
    says_warning_over,
    someone_at_thing,
    tokenize_or_empty,
    warns_of_someone,
    without_chat_before_anyway,
)
from lam_core.language.places import SaidPlace, outline_radius_m, place_point, read_place
from lam_core.language.understanding import GoalUnderstanding, Understanding, kept_away_from_other, refuse_clearing_or_handing
from lam_core.planning.detours import round_kept_objects
from lam_core.planning.goal_guard import check_goal
from lam_core.planning.model_planners import ModelPlanner, PlannerUnavailable
from lam_core.planning.plan_schema import PlanRejected, PlanRequest, plan_from_answer
from lam_core.planning.straight_drives import blocked_drive
from lam_core.planning.task_planner import RuleTaskPlanner, parse_objects
from lam_core.skills import MAX_POINT_M, pose_target, pose_target_text
from lam_core.vocabulary import COLORS, LABELS

MODEL_ATTEMPTS = 2  # the first answer and one retry


class Answered(GoalError):
    """The goal is a question; ``answer`` answers it from what the robot sees (nothing to plan)."""

    def __init__(self, answer: str) -> None:
        super().__init__(f"that is a question, not a task: {answer}")
        self.answer = answer


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    notes: tuple[str, ...]  # what happened on the way: refused answers, retries, fallbacks
    report: str = ""        # a question to answer when the plan is done ("... and tell me what you see")
    if_search_fails: tuple[PlanStep, ...] = ()  # the steps to take instead when a search step finds nothing
    watch_for: str = ""  # an object to watch for while the plan runs ("purple box"; "purple object": anything purple)
    if_seen: tuple[PlanStep, ...] = ()  # the steps to take when it comes into view, before the rest (none: stop there)
    kept_away: tuple[str, ...] = ()  # the objects the goal keeps away from ("... but don't pass near the bin": black bin)
    kept_away_ids: tuple[tuple[str, str], ...] = ()  # (name, track id) of the ones picked out among several of a name


class TaskPlanning:
    def __init__(self, rules: RuleTaskPlanner, model: ModelPlanner | None = None,
                 understanding: GoalUnderstanding | None = None, conversation: Conversation | None = None,
                 footprint: Footprint | None = None) -> None:
        """``footprint``: the robot's outline, to refuse straight drives into objects in view (None: not checked)."""
        self.footprint = footprint
        self.rules = rules
        self.model = model
        self.understanding = understanding
        self.conversation = conversation if conversation is not None else Conversation()

    @property
    def name(self) -> str:
        if self.model is not None:
            return self.model.name
        return self.understanding.name if self.understanding is not None else self.rules.name

    def understand(self, request: PlanRequest) -> Understanding | None:
        """What goal understanding makes of the request, read as a follow-up where it is one (so
        "any of them" after "which one?" is a task, not a question about everything in view): steps
        or an answer; None when it is not configured or does not understand the words (GoalRefused
        when it must not be planned)."""
        request = self._read_as_follow_up(request)
        understood = self._understand(request)[0]
        if understood is not None and understood.is_answer:
            self.conversation.remember_question(request.goal, request.objects, understood.answer)  # as asked through plan()
        return understood

    def _understand(self, request: PlanRequest) -> tuple[Understanding | None, str]:
        """``understand``, and when it gives None with understanding configured, why not."""
        if self.understanding is None:
            return None, ""
        check_goal(request.goal)
        try:
            return self.understanding.understand(request.goal, request.objects, request.start_xy, request.held,
                                                 request.camera_problems), ""
        except GoalNotUnderstood as exc:
            if _negates(request.goal):
                raise GoalRefused(f"{exc}; the goal says not to do something, so nothing is planned on a guess") from None
            return None, str(exc)

    def _from_model(self, request: PlanRequest, revision: int, notes: list[str],
                    understood: Understanding | None = None) -> Plan | None:
        if self.model is None:
            return None
        for attempt in range(MODEL_ATTEMPTS):
            try:
                answer = self.model.propose(request)
                plan = plan_from_answer(answer, request, self.rules.timeouts_s, self.model.name, revision)
                return _held_to(plan, understood)
            except PlanRejected as exc:
                notes.append(f"{self.model.name} answer {attempt + 1} refused: {exc}")
                request = request.with_rejection(str(exc))
            except PlannerUnavailable as exc:
                notes.append(f"{self.model.name} unavailable: {exc}")
                break
        return None

    def plan(self, request: PlanRequest) -> PlanOutcome:
        """A plan for the goal, read with the goal before it when it is a follow-up; Answered when
        the goal is a question, GoalError when it is refused or no planner can plan it. The goal as
        read is remembered for the next follow-up when it is planned (a plain "stop" is not) or
        refused with a reason."""
        try:
            request = replace(request, goal=said_plainly(without_chat_before_anyway(restated_with_not(check_goal(request.goal)))))
        except GoalError as refused:
            if self.understanding is None or not says_stop(request.goal):
                raise
            step = PlanStep("stop", "", "stop all motion", self.rules.timeouts_s["stop"])  # "stop, the shield is down"
            return PlanOutcome(Plan(request.goal, self.understanding.name, (step,),
                                    reason=f"stopping, as the goal says; the rest is not planned: {refused}"), ())
        bin_said = bin_named_only(request.goal) if request.held and self.conversation.last_done else ""
        if bin_said:  # "pick up the mustard block" - DONE - "lime bucket": the block into the green bin
            request = replace(request, goal=f"put the {request.held} in the {bin_said}")
        said = request.goal
        self._answer_about_the_conversation(said, request)
        request, asked_after_names = self._read_names(request)
        if asked_after_names:
            said = request.goal  # "the ball is my dog's toy, leave it be": what is asked is what was said after the name
        self._answer_hypothetical(request)
        self._answer_held_back(request)
        self._answer_fit_between(request)
        request = self._read_motion_rules(request)
        lifted = self._lift_standing(request.goal)
        permission = _LIFTS.search(request.goal)
        if not lifted and self.conversation.standing and permission is not None and permission.group("statement"):
            # "red stuff is fine again" while keeping away from the blue cube: no correction of that prohibition
            kept = ", the ".join(dict.fromkeys(n for _, p in self.conversation.standing for n in _names(p)))
            raise Answered(f"I was not keeping away from that; I keep away from the {kept}.")
        if not lifted and permission is not None and permission.group("statement") and not any(
                begins_action(tokenize_or_empty(part)) for part in _CLAUSE_BREAK.split(request.goal) if part.strip()):
            # "ok box is safe now, i took the laptop out" with nothing kept away from: no correction of the goal before
            raise Answered("OK; I was keeping away from nothing, so nothing changes and nothing moves.")
        if lifted:  # "it's fine to touch the red cube now, pick it up": the request after the permission
            permission = next(reversed(list(_LIFTS.finditer(request.goal))), None)  # "the cone's fine now, you can go near it. ..."
            said_end = permission.end() if permission is not None else _said_gone(request.goal)
            assert said_end is not None
            rest = _CLAUSE_BREAK.split(request.goal[said_end:], maxsplit=1)
            named = re.match(r"\s*((?:the|that|this) [a-z ]+?)(?:\s+(?:now|again|please|any ?more|too))*\s*$", rest[0])
            if len(rest) < 2 or not rest[1].strip(" ,.!"):
                told = f"OK: I no longer keep away from the {lifted}."
                self.conversation.remember_lifted(lifted.split(", the "), request.objects)  # then "put it in the bin"
                raise Answered(told)
            said_it = re.fullmatch(r"\s*(?:about |regarding |with )?(?:it|them|that)(?:\s+(?:now|again|please|any ?more|too))*\s*",
                                   rest[0]) is not None  # "forget what I said about it. go to it"
            said_one = said_it or (named is not None and re.fullmatch(r"the (?:[a-z]+ )?ones?", named.group(1)) is not None)
            named_as = "" if lifted == "object" else f"the {lifted}" if (said_one or named is None) and ", the " not in lifted else \
                named.group(1) if named else ""  # "the yellow one"; "ok the cube's fine now, pick it up": the cube
            request = replace(request, goal=re.sub(r"\b(?:it|them)\b", named_as, rest[1]) if named_as else rest[1])
            refused_before = self.conversation.recent()
            asked_for, self.conversation.asked_for_when_gone = self.conversation.asked_for_when_gone, ""
            if GO_AHEAD.match(request.goal) and asked_for:
                request = replace(request, goal=asked_for)  # "he's left now, go ahead": what was asked with the warning
            elif GO_AHEAD.match(request.goal) and refused_before and refused_before != self.conversation.last_planned:
                request = replace(request, goal=refused_before)  # "she's gone now, go ahead": the goal refused for her
        elif permission is not None and not permission.group("statement"):
            # "ok you can touch them again. bring me the can" with nothing kept away from: the request after it
            after = _CLAUSE_BREAK.split(request.goal[permission.end():], maxsplit=1)
            if _RULE_OFF.search(request.goal) and not (len(after) == 2 and after[1].strip(" ,.!")):
                raise Answered("OK, though I was keeping to no rule of yours; nothing moves.")  # "cone rule off": no correction
            if not (len(after) == 2 and after[1].strip(" ,.!")) and _ALLOWED_BACK.search(request.goal):
                # "ok you can go near the cone again" with nothing kept away from: a permission, not a request to go there
                raise Answered("OK, though I was not keeping away from it; nothing moves.")
            if len(after) == 2 and after[1].strip(" ,.!") and begins_action(tokenize_or_empty(after[1])):
                request = replace(request, goal=after[1].strip())
        placed: tuple[SaidPlace, str] | None = None
        try:
            try:
                refuse_clearing_or_handing(request.goal)  # "clear the way to the bin": no put of "the way" into it
                request = self._read_as_follow_up(request)  # a refusal here ("which way?") is remembered as any other
                placed = read_place(request.goal) if self.understanding is not None else None
                asked = request
                if placed is not None:  # "go 1 m to the left of the box": the box found as in "go to the box"
                    request = replace(request, goal=placed[1])
                outcome = self._plan_held_to_standing(request)
            except UnknownReference as refused:  # "pick it up" after "go to the red cube": it is the red cube
                read = self.conversation.read_pronoun(request.goal, refused.word, request.objects)
                if read is None:
                    raise
                request = replace(request, goal=check_goal(read[0]), objects=read[1])
                outcome = self._plan_held_to_standing(request)
            if placed is not None:
                outcome = self._to_the_place(outcome, placed[0], request)
                anchor, resolved = placed[1].removeprefix("go to "), request.goal.removeprefix("go to ")
                remembered = re.sub(rf"\b{re.escape(anchor)}\b", resolved, asked.goal, count=1, flags=re.IGNORECASE) \
                    if request.goal.startswith("go to ") and anchor != resolved else asked.goal  # "... left of it": of the bin
                request = replace(asked, goal=remembered, objects=request.objects)
            unbound = _unbound_among_several(outcome.plan.steps, request.objects)
            if unbound:  # "go to the tin that's not the same colour as the others": a can, but which of the three?
                alike = [o for o in request.objects if o.label == unbound]
                raise WhichOne(f"I see {len(alike)} {unbound}s: {'; '.join(f'{o.name} {where(o)}' for o in alike)}; which one?",
                               [o.track_id for o in alike if o.track_id])
            blocked = blocked_drive(outcome.plan.steps, request.objects, self.footprint) if self.footprint else ""
            if blocked:  # "drive 2 m forward" with a cube 1 m ahead
                raise GoalRefused(blocked)
            on_object = _point_against(outcome.plan.steps, request.objects, _start_of(request), robot_radius_m=0.0,
                                       outline_share=_AT_THE_CENTRE)
            if on_object:  # "go to x 2.3, y -1.6" where the cone stands (the shield stops the base against it)
                raise GoalRefused(f"{on_object}, on it: I would drive into it; name a point further from it, or say 'go to the "
                                  f"{on_object.rpartition(' from the ')[2]}' and I stop in front of it")
            broken = broken_rule(outcome.plan.steps, self.conversation.motion_rules, request.objects, _start_of(request))
            if broken:  # "never reverse", then "back up a metre"
                raise GoalRefused(broken)
            if self.conversation.motion_rules and self.understanding is not None:  # "from now on, go slowly"
                capped = capped_by_rules(outcome.plan.steps, self.conversation.motion_rules, self.understanding.slow_speed_mps)
                outcome = replace(outcome, plan=replace(outcome.plan, steps=capped))
            if self.conversation.motion_rules and any(s.skill != "stop" for s in outcome.plan.steps):
                kept = "; ".join(f"'{r.said}'" for r in self.conversation.motion_rules)
                outcome = replace(outcome, plan=replace(outcome.plan, reason=f"{outcome.plan.reason}; keeping to what you asked "
                                                                                  f"before: {kept}"))
        except Answered as answered:
            self.conversation.remember_question(request.goal, request.objects, answered.answer)
            raise
        except GoalRefused as refused:
            self.conversation.remember_refusal(request.goal, refused.choices if isinstance(refused, WhichOne) else (),
                                               request.objects, str(refused))
            rule_said = next((g for g in (request.goal, _normalised(request.goal)) if _ONLY_FORBIDS.match(g)), "")
            standing = _standing(refused, rule_said) if isinstance(refused, OnlyForbidden) and rule_said \
                and _ONLY_FORBIDS.match(_normalised(said)) and not _ALSO_ASKED.search(rule_said) else None  # not read into a follow-up
            if standing is not None:  # (as normalised: "see the ball? stay clear of it": "stay clear of the ball")
                self.conversation.standing = (*self.conversation.standing, (rule_said, standing))
                self.conversation.last_said = ""  # kept as a rule: a request after it is no correction of it
                name = (standing.keep_away or [t for _, t, _ in standing.forbidden])[0]
                lifting = "you can pick things up again" if name == "object" else f"you can go near the {name} now"
                raise GoalRefused(f"{refused}; I keep to that in the goals that follow, until you say, e.g., '{lifting}'") from None
            if not isinstance(refused, (OnlyForbidden, WhichOne)):
                self._keep_away_from_unsafe(said, request, refused)
            raise
        except GoalError as not_understood:
            self.conversation.remember_not_understood(said)
            self._keep_away_from_unsafe(said, request, not_understood)
            raise
        hot = said_unsafe_to_touch(said)
        if hot is not None:  # "the red cube is hot, go to the green bin": and in the goals after it
            self._keep_away_from(hot, request, why="unsafe")
        if outcome.kept_away and _prohibition_said_apart(said):  # "keep away from the cone. go to the can": and after it
            for name in outcome.kept_away:
                self._keep_away_from(f"the {name}", request, why="asked")
        self.conversation.remember_plan(request.goal, outcome.plan.steps)
        if [s.skill for s in outcome.plan.steps] == ["stop"] and warns_of_someone(said):
            self._keep_away_from_someone(said, request)
        if request.goal != said:
            outcome = replace(outcome, notes=(f"'{said}' read as a follow-up: '{request.goal}'", *outcome.notes))
        return outcome

    def _to_the_place(self, outcome: PlanOutcome, place: SaidPlace, request: PlanRequest) -> PlanOutcome:
        """The plan to go to the objects a place is said by, made a drive to that place (odom): GoalRefused
        when the goal asks more than to go there, an object is not in view, or the place is not clear."""
        steps = outcome.plan.steps
        if not steps or len(steps) > 2 or any(s.skill != "navigate_to" for s in steps):
            raise GoalRefused(f"I can go to a place {place.said} as a goal of its own; say the rest after it")
        by_id = {o.track_id: o for o in request.objects if o.track_id}
        anchors = [by_id.get(s.object_id) for s in steps]
        missing = [s.target for s, a in zip(steps, anchors, strict=True) if a is None]
        if missing:
            raise GoalRefused(f"I need to see the {missing[0]} to find the spot {place.said}, and I don't see it now")
        clearance_m = (self.footprint.swept_radius_m if self.footprint else _ROBOT_RADIUS_M) + _FIT_MARGIN_M
        x_m, y_m = place_point(place, [a for a in anchors if a is not None], request.objects, clearance_m)
        if math.hypot(x_m, y_m) > MAX_POINT_M:
            raise GoalRefused(f"the spot {place.said} is {math.hypot(x_m, y_m):.0f} m away; I drive to points within {MAX_POINT_M:g} m")
        start = _start_of(request)
        target = pose_target_text(*out_of_frame(start.x_m, start.y_m, start.yaw_rad, x_m, y_m))
        step = replace(steps[0], target=target, object_id="", description=f"drive to the spot {place.said} ({target} in odom)")
        return replace(outcome, plan=replace(outcome.plan, steps=(step,)))

    def _answer_about_the_conversation(self, said: str, request: PlanRequest) -> None:
        """Answered for a question about the conversation itself: why the robot stopped, what it did, whether
        the goal is done, what was asked, whether it may go near a thing, where it put something."""
        asked = " ".join(said.lower().split())
        if _WHY_STOPPED.match(asked):  # "why did you stop?"
            stopped_by, going = self.conversation.last_stop_said, self.conversation.last_planned
            raise Answered((f"I stopped because you said '{stopped_by}'" if stopped_by else "No stop was said to me; a goal ends when "
                            "it is done, or stops when the safety shield holds the robot") +
                           (f"; the goal before was '{going}': say 'carry on' to go on with it." if going and stopped_by else "."))
        if _RULES_ASKED.match(asked):  # "what are you keeping away from?", "what rules do you have?"
            kept = list(dict.fromkeys(n for _, p in self.conversation.standing for n in _names(p)))
            rules = [r.told() for r in self.conversation.motion_rules]
            kept_now = ([f"to keep away from the {', the '.join(kept)}"] if kept else []) + rules
            lifting = f"you can go near the {kept[0]} now" if kept else rules and self.conversation.motion_rules[0].lifting()
            raise Answered(f"You asked me {'; and '.join(kept_now)}; to lift one, say, e.g., '{lifting}'." if kept_now else
                           "I keep to no rule of yours now: nothing is kept away from, and no side, speed or distance limit is set.")
        if _WHAT_DID_YOU_DO.match(asked):  # "what did you just do?"
            done = self.conversation.last_planned
            raise Answered(f"The last goal I planned was '{done}'{', and it is done' if self.conversation.last_done else ''}."
                           if done else "Nothing yet: no goal has been planned since we started talking.")
        if _ARE_YOU_DONE.match(asked):  # "are you done yet?", "did you get there?"
            going = self.conversation.last_planned
            raise Answered((f"Yes: '{going}' is done." if self.conversation.last_done else
                            f"Not that I know of: the last goal I planned was '{going}', and it has not reported done.")
                           if going else "I have had no goal to do yet.")
        if _WHATS_NEXT.match(asked):  # "what's next?": nothing is queued after the goal going on
            going = self.conversation.last_planned
            raise Answered(f"I go on with '{going}' to its end, as I said its plan; nothing is queued after it: I do one goal at "
                           "a time, so say the next one when you want it."
                           if going and not self.conversation.last_done else
                           "Nothing: I have no goal going on; say one when you want something done.")
        if _WHAT_WAS_ASKED.match(asked):  # "what did I ask you to do?"
            going = self.conversation.last_planned
            raise Answered(f"You asked me: '{going}'{' (done)' if self.conversation.last_done else ''}." if going else
                           "Nothing yet that I planned.")
        allowed = _ALLOWED_NEAR.match(asked)
        if allowed:  # "are you allowed near the cone?": what was said to keep away from
            raise Answered(self._allowed_near(allowed.group("what"), request))
        if _WHY_NOT.match(asked) and self.conversation.last_refusal and self.conversation.recent():  # "fetch the ball" - "why not?"
            raise Answered(f"Because {self.conversation.last_refusal.rstrip('.')}.")
        if _WHAT_CAN_YOU_DO.match(asked):  # "what can you actually do?"
            raise Answered(f"{SKILL_SUMMARY}; I also drive and turn by amounts you say, go to points (x ahead, y to the left, "
                           "in metres), keep away from things you name, and answer questions about what I see.")
        how_far = _HOW_FAR_WENT.match(asked)
        if how_far:  # "how far did you go altogether?", "where are you compared to where you started?"
            raise Answered(_how_far_went(self.conversation.motions_done, self.conversation.moved_otherwise, bool(how_far["where"])))
        if _HOW_MANY_PUT.match(asked):  # "how many things have you put away?": what the goals done put into bins
            puts = self.conversation.puts_done
            raise Answered(f"I have put {len(puts)} {'thing' if len(puts) == 1 else 'things'} into bins"
                           + (f": {'; '.join(f'the {what} into the {into}' for what, into in puts)}." if puts else "."))
        did_put = _DID_YOU_PUT.match(asked)
        if did_put:  # "did you put the white can away?"
            raise Answered(_whether_put(did_put["what"], self.conversation.puts_done, self.conversation.recent_object()[0]))
        went_near = _DID_YOU_GO_NEAR.match(asked)
        if went_near:  # "you didn't touch the ball, did you?"
            raise Answered(self._whether_went_near(went_near["what"] or went_near["what2"]))
        put_where = _WHERE_PUT.match(asked)
        if put_where and not self.conversation.puts_done and not request.held and re.search(r"\bput\b", asked) and \
                (not self.conversation.last_planned or self.conversation.last_done):
            raise Answered("Nowhere: no goal I finished put anything into a bin.")  # not where such things are now
        if put_where and self.conversation.puts_done:  # "where did you put the cube?": where the goals done put it
            asked_about = put_where.group("what") or put_where.group("what2") or put_where.group("what3")
            told = _where_put(asked_about, self.conversation.puts_done, request.held)
            if told:
                raise Answered(told)

    def _whether_went_near(self, what: str) -> str:
        """Whether the goals planned went to, picked up or put into ``what`` ("the ball"; "it": the last object
        of the conversation), from what was planned (a keep-away kept them off it)."""
        said = self.conversation.recent_object()[0] if what in ("it", "that") else what.removeprefix("the ")
        gone_to = [name for name, _ in self.conversation.visited] + [thing for thing, _ in self.conversation.puts_done]
        handled = [name for name in gone_to if said and _names_object(said, name)]
        if handled:
            return f"Yes: a goal you gave me went to the {handled[-1]}."
        return f"No: none of the goals you gave me went to the {said}, and I do not drive into what I go past."

    def _allowed_near(self, what: str, request: PlanRequest) -> str:
        """Whether a prohibition said before keeps the robot away from ``what`` ("the cone"; "it": the
        last object of the conversation)."""
        said = self.conversation.recent_object()[0] if what in ("it", "that", "them") else what
        kept = [(goal, n) for goal, p in self.conversation.standing for n in _names(p) if said and _names_object(said, n)]
        distance = [r for r in self.conversation.motion_rules if r.kind == "keep_distance" and said and _names_object(said, r.name)]
        if kept:
            return f"No: you asked me '{kept[-1][0]}', so I keep away from the {kept[-1][1]} until you say, e.g., 'you can go " \
                   f"near the {kept[-1][1]} now'."
        if distance:
            return f"Only so near: you asked me {distance[-1].told()}."
        if not said:
            return "Which object do you mean? Name it, e.g. 'are you allowed near the red cone?'"
        return f"Yes: nothing you said keeps me away from {said if said.startswith('the ') else 'the ' + said}; the safety shield " \
               "still keeps me from touching it."

    def _read_names(self, request: PlanRequest) -> tuple[PlanRequest, bool]:
        """Names given to objects in view ("the green bin is the recycling", "the left can is Tom's") are
        remembered, and Answered when nothing else is asked; a name forgotten ("forget about home base")
        likewise; the request with the names given before said as their objects ("put the can in the
        recycling": "... in the green bin"), and whether it is what was said after names given now."""
        names = self.conversation.names
        dropped = forgotten(request.goal, names)
        if dropped is not None:
            names = self.conversation.names = tuple(n for n in names if n is not dropped[0])
            if not dropped[1]:
                raise Answered(f"OK: I no longer call the {dropped[0].name} '{dropped[0].said}'.")
            target = next((o for o in request.objects if o.track_id == dropped[0].track_id), None)  # "forget Spike, call it Rex"
            request = replace(request, goal=re.sub(r"\bit\b", f"the {target.name}", dropped[1], count=1) if target else dropped[1])
        purposes = read_purposes(request.goal)
        if purposes is not None:  # "the grey bin is for cubes, the green bin for cans"
            self.conversation.purposes = self._bins_for(purposes, request)
            told_purposes = "; ".join(f"{p.things()} {'goes' if p.what == REST else 'go'} in the {p.name}"
                                      for p in self.conversation.purposes)
            raise Answered(f"OK: {told_purposes}.")
        if self.conversation.purposes:
            request = replace(request, goal=with_purposes(request.goal, self.conversation.purposes, request.objects))
        given = read_names(request.goal)
        if given is None:
            return (replace(request, goal=with_names(request.goal, names, request.objects)) if names else request), False
        named, rest = given
        told = []
        for said, phrase in named:
            target = self._object_said(with_names(phrase, names, request.objects), request, f"by '{said}'",
                                       f"what you call '{said}'")
            names = (*(n for n in names if n.said != said), GivenName(said, target.name, target.track_id))
            told.append(f"the {target.name} {where(target)} is {_name_said(said)}")
        self.conversation.names = names
        if not rest:
            raise Answered(f"OK: {'; '.join(told)}.")
        rest = re.sub(r"^(?:so|then|now|ok|okay|please)[, ]+", "", rest)
        last = next((o for o in request.objects if o.track_id == names[-1].track_id), None)
        if last is not None:  # "the ball is my dog's toy, leave it be": the ball
            rest = re.sub(r"\b(?:it|him|her)\b", f"the {last.name}", rest, count=1)
        return replace(request, goal=with_names(rest, names, request.objects)), True

    def _object_said(self, phrase: str, request: PlanRequest, meant: str, seen_as: str) -> DetectedObject:
        """The object in view ``phrase`` ("the black box") names, found as "go to ..." finds it, on a copy of
        the conversation; GoalRefused asking which one (``meant``: "by 'home base'") or saying it is not
        in view (``seen_as``: "what you call 'home base'")."""
        trial = self._on_a_copy()
        try:
            steps = trial.plan(replace(request, goal=f"go to {phrase}")).plan.steps
        except WhichOne as which:
            raise GoalRefused(f"which one do you mean {meant}? {which}") from None
        except GoalError as refused:
            raise GoalRefused(f"I can't tell which one you mean {meant}: {refused}") from None
        target = next((o for o in request.objects if steps and o.track_id == steps[0].object_id), None)
        if target is None:
            raise GoalRefused(f"I need to see {seen_as} to remember it; I don't see {phrase} now")
        return target

    def _bins_for(self, said: list[tuple[str, str]], request: PlanRequest) -> tuple[BinPurpose, ...]:
        """The purposes said of bins, with the bins found as in "go to the grey bin", over those said
        before (a kind or colour said again goes to its new bin)."""
        purposes = list(self.conversation.purposes)
        for what, bin_said in said:
            target = self._object_said(bin_said, request, f"for {what}s", f"the bin you mean for {what}s")
            if target.label != "bin":
                raise GoalRefused(f"things go into bins only, and {bin_said} is a {target.label}")
            purposes = [p for p in purposes if p.what != what] + [BinPurpose(what, target.name, target.track_id)]
            purposes = [p for p in purposes if p.what == what or p.track_id != target.track_id or p.what == REST]
        return tuple(purposes)

    def _on_a_copy(self) -> TaskPlanning:
        """Task planning on a copy of the conversation: what it plans and hears is not remembered here."""
        return TaskPlanning(self.rules, self.model, self.understanding, copy.deepcopy(self.conversation), self.footprint)

    def _answer_hypothetical(self, request: PlanRequest) -> None:
        """Answered, for a question about what the robot would do ("what would you do if I said go to the
        box?", "if I asked you to drive into the green box, would you?"): the goal planned on a copy of
        the conversation, told and not run, and nothing of it remembered."""
        asked = _HYPOTHETICAL.match(request.goal)
        if asked is None:
            return
        goal = (asked.group("said") or asked.group("said_first") or "").strip(" \"'“”‘’,")
        if not goal:
            return
        trial = self._on_a_copy()
        try:
            steps = trial.plan(replace(request, goal=goal)).plan.steps
        except Answered as answered:
            raise Answered(f"that is a question; I would answer it: {answered.answer}") from None
        except WhichOne as which:
            raise Answered(f"I would ask which one: {which}") from None
        except GoalError as refused:
            raise Answered(f"I would not do it: {refused}") from None
        told = "; then ".join(dict.fromkeys(s.description for s in steps if s.description)) or "nothing"
        raise Answered(f"I would {told[0].lower()}{told[1:]} (not now: you only asked)")

    def _answer_held_back(self, request: PlanRequest) -> None:
        """Answered, for a goal said with "not yet" ("put the white can in the yellow bin but not yet, wait till I
        say go"): the goal planned on a copy of the conversation and offered, so that "go" next runs it; nothing
        moves now. A goal that cannot be planned is refused (or asked about) now, as it would be then."""
        held_back = _NOT_YET.search(request.goal)
        goal = request.goal[: held_back.start()].strip(" ,.;!-") if held_back else ""
        if not goal or not begins_action(tokenize_or_empty(goal)):
            return
        trial = self._on_a_copy()
        trial.plan(replace(request, goal=goal))
        answer = f"OK, I am not starting yet; when you want me to, say 'go', or say '{goal}' and I will"
        self.conversation.remember_question(request.goal, request.objects, answer)  # "go" next: the goal offered
        raise Answered(answer)

    def _answer_fit_between(self, request: PlanRequest) -> None:
        """Answered, for a question whether the robot fits between two objects in view ("could you fit
        between the grey box and the purple can?"): the clear gap between their outlines against the
        robot's width, from the detections; nothing is driven."""
        asked = _FITS_BETWEEN.match(" ".join(request.goal.lower().split()))
        if asked is None or self.footprint is None:
            return
        pair = _both_named(asked.group("a"), asked.group("b"), request.objects)
        if pair is None:
            return
        a, b = pair
        centres_m = math.dist(a.position_m[:2], b.position_m[:2])
        gap_m = max(0.0, centres_m - outline_radius_m(a) - outline_radius_m(b))
        width_m = 2 * self.footprint.half_width_m
        needed_m = width_m + 2 * _FIT_MARGIN_M
        verdict = "Yes" if gap_m >= needed_m else "Only just" if gap_m >= width_m else "No"
        raise Answered(f"{verdict}: the gap between the {a.name} and the {b.name} is about {gap_m:.2f} m clear, and I am "
                       f"{width_m:.2f} m wide (I keep {_FIT_MARGIN_M * 100:.0f} cm either side); I only asked, so I stay here")

    def _read_motion_rules(self, request: PlanRequest) -> PlanRequest:
        """Keep a rule about moving that the goal says first ("never reverse", "stay at least a metre from
        the red cone"; GoalRefused acknowledges it when nothing else is asked, a plan that stops for "you're
        not allowed to move until I say so" is planned as usual), and lift those it lifts ("you can move
        again": Answered when that is all it says). The request with what else it asks."""
        lifted, kept = lift_motion_rules(request.goal, self.conversation.motion_rules)
        if lifted:
            self.conversation.motion_rules = kept
            names = "|".join([*(re.escape(w) for r in lifted for w in r.name.split()),
                              *(["left", "right", "side", "half", "of", "room", "on", "into"] if any(r.kind == "region" for r in lifted)
                                else [])])
            rest = re.sub(r"\b(?:ok|okay|fine|alright|all right|right|now|so|then|again|please|thanks|thank you|you|u|can|may|"
                          r"move|go|drive|reverse|back up|forget|ignore|the|rules?|limits?|what i said|before|earlier|i'm|i am|"
                          r"saying so|are|is|off|lifted|free|allowed|to|those|my|that|this|last|all|anywhere|further|near|close|"
                          r"closer|get|come|it|them|speed up|speed|faster|fast|hurry|normal|full|top|usual|your|cap|no|lift|drop|"
                          r"fair|enough|sure|lifted|gone|over|cancelled|canceled|great|good|cheers|thanks|thank you|ta|thing|"
                          r"never mind|nevermind|cancel|hand|clear|open|yeah|pls|past|beyond|"
                          rf"back to|resume|from now on|at|any{'|' + names if names else ''})\b|[^a-z]", "", request.goal.lower())
            going_on = self.conversation.goal_going_on()
            refused_before = self.conversation.recent()
            if GO_AHEAD.match(without_lifts(request.goal, lifted)) and refused_before and \
                    refused_before != self.conversation.last_planned:
                return replace(request, goal=refused_before)  # "fine, it's dry now, go": the goal refused for the rule
            if not rest and going_on and any(r.kind == "max_speed" for r in lifted) and \
                    not re.search(r"\b(?:slowly|slow|carefully|gently)\b", going_on, re.IGNORECASE):
                return replace(request, goal=going_on)  # "you can go at normal speed again" while a goal goes on: at full speed
            if not rest:
                raise Answered(f"OK: I no longer keep to what you asked before: {'; '.join(repr(r.said) for r in lifted)}.")
            request = replace(request, goal=without_lifts(request.goal, lifted))  # "the speed limit's lifted. come back"
        rule, rest = read_motion_rule(request.goal, request.objects, _start_of(request))
        if rule is None:
            return request
        kept_rules = self.conversation.motion_rules
        if rule.kind == "max_speed":  # "from now on go at 0.3 m/s" after "never above 0.2 m/s": the newer speed
            kept_rules = tuple(r for r in kept_rules if r.kind != "max_speed")
        self.conversation.motion_rules = (*kept_rules, rule)
        if rest:  # "stay a metre from the cone and go to the bin": the request, held to the rule
            return replace(request, goal=rest)
        going_on = self.conversation.goal_going_on()
        if rule.kind == "max_speed" and going_on:  # "from now on, slowly" while a goal goes on: that goal, at the new pace
            return replace(request, goal=going_on)
        if rule.kind != "no_motion":
            raise GoalRefused(f"nothing to do: you asked me {rule.told()}; I keep to that in the goals that follow, until you "
                              f"say, e.g., '{rule.lifting()}'")
        return request

    def _keep_away_from_someone(self, said: str, request: PlanRequest) -> None:
        """After a warning of someone by an object in view ("there's someone sitting next to the blue
        bin"), keep away from that object in the goals after it, as if told to, until told they have
        gone ("she's gone now") or the keep-away is lifted."""
        holding_someone = someone_at_thing(said)  # "the bin's got a rabbit in it"
        if holding_someone is not None:
            self._keep_away_from(holding_someone, request)
        for place in [*_SOMEONE_BY.finditer(said), *_SOMEONE_IN.finditer(said)]:
            asked = re.split(r"[,.;!]", said[place.end():], maxsplit=1)
            if len(asked) == 2 and asked[1].strip() and not self.conversation.asked_for_when_gone:
                # "there's a guy standing behind the white bin, go put the red cube in it": asked for when he has gone
                self.conversation.asked_for_when_gone = re.sub(r"\b(?:it|there)\b", place.group("what"), asked[1].strip(), count=1)
            self._keep_away_from(place.group("what"), request)
        by_it = _SOMEONE_BY_IT.search(said)
        named_before = list(re.finditer(r"\bthe (?:[a-z]+ )?[a-z]+\b", said[: by_it.start()])) if by_it else []
        if by_it and named_before:  # "put the orange cube in the grey bin, careful, my colleague is standing right beside it"
            request_first = re.split(r"[,;.!]", said, maxsplit=1)[0].strip()
            if begins_action([t for t in tokenize_or_empty(request_first) if t[0].isalnum()]) and \
                    not self.conversation.asked_for_when_gone:
                self.conversation.asked_for_when_gone = request_first
            self._keep_away_from(named_before[-1][0], request)

    def _keep_away_from_unsafe(self, said: str, request: PlanRequest, refused: GoalError) -> None:
        """For a goal refused or not understood that says a thing is unsafe to touch ("the green can's
        scalding, I just took it off the stove"): GoalRefused saying it is kept away from from now on."""
        hot = said_unsafe_to_touch(said)
        if hot is not None and self._keep_away_from(hot, request, why="unsafe"):
            raise GoalRefused(f"I keep away from {hot}, as you said it is unsafe to touch, until you say, e.g., 'you can "
                              f"touch {hot} now'; the rest I did not take in: {refused}") from None

    def _keep_away_from(self, what: str, request: PlanRequest, why: str = "someone") -> bool:
        """Keep away from ``what`` ("the red bin") in the goals that follow: for someone said to be there
        until told they have gone (``why`` "someone"), for a thing said to be unsafe to touch ("unsafe") or as
        a goal said apart from its request ("asked") until the keep-away is lifted; False when it is no object in view."""
        kept = f"keep away from {what}"
        if any(said == kept for said, _ in self.conversation.standing):
            return True
        try:
            self._plan(replace(request, goal=kept))
        except OnlyForbidden as refused:
            standing = _standing(refused, kept)
            if standing is not None and standing.keep_away:
                self.conversation.standing = (*self.conversation.standing, (kept, standing))
                if why == "someone":
                    self.conversation.kept_for_someone = (*self.conversation.kept_for_someone, kept)
                elif why == "unsafe":
                    self.conversation.kept_while_unsafe = (*self.conversation.kept_while_unsafe, kept)
                return True
        except GoalError:
            pass
        return False

    def _lift_standing(self, goal: str) -> str:
        """The names of what the standing prohibitions kept away from when ``goal`` lifts them, which it
        then does: those whose object it names ("you can go near the yellow cube now"), the last one when
        it names none but "it" ("it's fine to touch it now"), all of them when it names nothing ("forget
        what I said"); '' when it lifts none ("you can go to the red box" lifts nothing about the cube)."""
        standing = self.conversation.standing
        if standing and _said_gone(goal) is not None:  # "he's left now, go ahead": what was kept away from for someone
            named = [entry for entry in standing if entry[0] in (*self.conversation.kept_for_someone, *self.conversation.kept_while_unsafe)]
            self.conversation.standing = tuple(s for s in standing if all(s is not n for n in named))
            return ", the ".join(dict.fromkeys(n for _, p in named for n in _names(p)))
        permission = _LIFTS.search(goal)
        if not standing or permission is None:
            return ""
        start = max((m.end() for m in re.finditer(r"[,;.!?]", goal[: permission.start()])), default=0)
        end = re.search(r"[,;.!?]|\b(?:and|then|so)\b", goal[permission.end():])
        said = goal[start: permission.end() + end.start() if end else len(goal)].lower()  # the permission, not the request after it
        named = [entry for entry in standing if any(_names_object(said, n) for n in _names(entry[1]))]
        if named:  # "you can stop avoiding the plate" of "keep away from the plate and the ball": the ball still
            lifted_names = [n for _, p in named for n in _names(p) if _names_object(said, n)]
            standing_now: list[tuple[str, OnlyForbidden]] = []
            for entry in standing:
                left = _without_names(entry[1], lifted_names) if any(entry is n for n in named) else entry[1]
                if left is not None:
                    standing_now.append((entry[0], left))
            self.conversation.standing = tuple(standing_now)
            return ", the ".join(dict.fromkeys(lifted_names))
        if not any(_kinds_and_colours_said(said)):
            named = [standing[-1]] if re.search(r"\b(?:it|that|them)\b", said) else list(standing)
        if not named:
            return ""
        self.conversation.standing = tuple(s for s in standing if all(s is not n for n in named))
        return ", the ".join(dict.fromkeys(n for _, p in named for n in _names(p)))

    def _plan_held_to_standing(self, request: PlanRequest) -> PlanOutcome:
        """The plan for ``request`` held to the prohibitions said before; a "which one?" among objects
        some of which they rule out ("don't touch the blue can", then "pick up a can") is asked again
        with those passed over, and not asked when one is left."""
        try:
            return self._held_to_standing(request, self._plan(request))
        except WhichOne as asked:
            if not self.conversation.standing:
                raise
            said = ". ".join(said for said, _ in self.conversation.standing)
            try:
                outcome = self._plan(replace(request, goal=f"{request.goal}. {said}"))
            except AllRuledOut as ruled_out:  # "don't touch the purple cans", then "pick up a can"
                raise GoalRefused(f"you asked me before: {'; '.join(repr(s) for s, _ in self.conversation.standing)}, and that rules "
                                  f"out every one I see; name another, or say, e.g., 'you can touch it now'") from ruled_out
            except WhichOne:
                raise
            except GoalError:
                raise asked from None
            return self._held_to_standing(request, outcome)

    def _held_to_standing(self, request: PlanRequest, outcome: PlanOutcome) -> PlanOutcome:
        """``outcome`` held to the prohibitions said before on their own ("avoid the yellow cube", then
        "go to the nearest cube"): a plan that breaks one is planned again with it said after the goal
        (so a choice among several passes over what it forbids), and refused if it still breaks it."""
        standing = self.conversation.standing
        if not standing:
            return outcome
        broken = [(said, p) for said, p in standing if any(_breaks(step, p) for step in outcome.plan.steps)]
        before = "; ".join(f"'{said}'" + (" (someone was said to be there; tell me when they have gone)"
                                          if said in self.conversation.kept_for_someone else "")
                           for said, _ in (broken or standing))
        if broken:
            again = replace(request, goal=f"{request.goal}. {'. '.join(said for said, _ in broken)}")
            if asks_to_tidy_up(request.goal):  # "don't pick up any cans", then "tidy up please": everything else
                left = " and the ".join(dict.fromkeys(n for _, p in broken for n in _names(p)))
                again = replace(request, goal=f"tidy up but leave the {left}")
            try:
                outcome = self._plan(again)
            except GoalError as exc:
                raise GoalRefused(f"you asked me before: {before}; {exc}; say, e.g., 'you can go near it now' to lift "
                                  "that") from None
            if any(_breaks(step, p) for step in outcome.plan.steps for _, p in broken):
                raise GoalRefused(f"you asked me before: {before}; say, e.g., 'you can go near it now' to lift that")
        near = _point_near_kept(outcome.plan.steps, standing, request.objects, _start_of(request), self._robot_radius_m())
        if near:  # "avoid the ball", then "drive to x 1.2, y -0.9": a point beside the ball
            raise GoalRefused(f"{near}, and you asked me before: {before}; name a point further from it, or say, e.g., 'you can "
                              "go near it now'")
        return replace(outcome, plan=replace(outcome.plan, reason=f"{outcome.plan.reason}; keeping to what you asked before: "
                                                                   f"{before}"))

    def kept_away(self, outcome: PlanOutcome) -> tuple[OnlyForbidden, ...]:
        """What running ``outcome`` keeps away from: the prohibitions said before and what the goal itself keeps
        away from."""
        said_now = (OnlyForbidden("", outcome.kept_away, outcome.kept_away_ids),) if outcome.kept_away else ()
        return (*(p for _, p in self.conversation.standing), *said_now)

    def round_what_is_kept_away(self, outcome: PlanOutcome, request: PlanRequest,
                                kept_away: Sequence[OnlyForbidden] | None = None) -> PlanOutcome:
        """``outcome`` (planned for ``request``) with waypoints round the objects in view that ``kept_away``
        (default: kept_away(outcome)) keeps away from, where a drive's straight line passes too near one
        (lam_core.planning.detours). The plan as understood says what to do; this is how the base gets there, so
        it is added when the plan is run (PlanRunner: at the start and again as each drive starts), not by plan()."""
        kept = _kept_in_view(self.kept_away(outcome) if kept_away is None else kept_away, request.objects)
        steps, notes = round_kept_objects(outcome.plan.steps, kept, request.objects, _start_of(request), self._robot_radius_m())
        if not notes:
            return outcome
        return replace(outcome, plan=replace(outcome.plan, steps=steps), notes=(*outcome.notes, *notes))

    def _robot_radius_m(self) -> float:
        """The radius the robot sweeps turning on the spot [m]."""
        return self.footprint.swept_radius_m if self.footprint is not None else _ROBOT_RADIUS_M

    def _read_as_follow_up(self, request: PlanRequest) -> PlanRequest:
        """The request with the goal it follows up ("which one?" answered, a correction, a repeat)."""
        if self.understanding is None:
            return request
        goal, objects = self.conversation.read(request.goal, request.objects)
        if goal == request.goal:  # "now look for another can" said afresh (a correction's "the other one" is of what it corrects)
            objects = self.conversation.others_than_handled(goal, objects)
        try:
            another = _FIND_ANOTHER.search(normalise(request.goal))
        except GoalError:  # read as the follow-up it is ("actually, skip the first one"), not on its own
            another = None
        alike = [o for o in objects if another and lx.kind_said(another.group("kind")) == o.label and
                 lx.color_of(another.group("color") or "") in (None, o.color)]
        if len(objects) == len(request.objects) and len(alike) == 1:  # "find another bin" with one bin in view, none dealt with
            raise GoalRefused(f"the {alike[0].name} is the only {alike[0].label} I see, and a search ends on the first "
                              f"{alike[0].label} in view; say 'look around' and I turn a whole circle, then ask me what I see")
        if goal == request.goal and len(objects) == len(request.objects):
            return request
        return replace(request, goal=check_goal(goal), objects=objects)

    def _plan(self, request: PlanRequest) -> PlanOutcome:
        understood, not_understood = self._understand(request)
        if understood is not None and understood.is_answer:
            raise Answered(understood.answer)
        notes: list[str] = []
        plan = self._from_model(request, 0, notes, understood)
        if plan is not None:
            return PlanOutcome(plan, tuple(notes))
        if understood is not None:
            plan = Plan(request.goal, self.understanding.name if self.understanding else "language", understood.steps,
                        reason=understood.reason)
            if notes:
                plan = replace(plan, reason=f"fallback to goal understanding ({notes[-1]}); {plan.reason}")
            return PlanOutcome(plan, (*notes, *understood.notes), understood.report, understood.if_search_fails,
                               understood.watch_for, understood.if_seen, understood.keep_away, understood.keep_away_ids)
        if self.understanding is not None:
            notes.append("goal understanding did not understand the words")
        try:
            plan = self.rules.plan(request.goal)
        except GoalError as exc:  # goal understanding's reason says more than the rule grammar's
            raise GoalError("; ".join([*notes[:-1], not_understood] if not_understood else [*notes, str(exc)])) from None
        if self.understanding is not None:
            left_out = _named_but_unplanned(request.goal, plan)
            if left_out:  # "leave the red cube where it is and go to ...": the rules would drive to the first one named
                raise GoalError("; ".join([*notes, f"the rule grammar would plan without the {', the '.join(left_out)} the "
                                                   "goal names; not knowing what it asks of them, I plan nothing"]))
            plan = _grounded(plan, request)
        if notes:
            plan = replace(plan, reason=f"fallback to rules ({notes[-1]}); {plan.reason}")
        return PlanOutcome(plan, tuple(notes))

    def replan(self, plan: Plan, failed_index: int, why: str, request: PlanRequest) -> PlanOutcome:
        """A new revision of ``plan`` after step ``failed_index`` ended with ``why`` ("failed: ...",
        "timed out after ...")."""
        failed = plan.steps[failed_index]
        request = replace(request, goal=plan.goal, failure=f"step {failed_index} {failed.skill}({failed.target}) {why}")
        notes: list[str] = []
        new = self._from_model(request, plan.revision + 1, notes)
        if new is None:
            new = self.rules.replan(plan, failed_index, why)
            if notes:
                new = replace(new, reason=f"fallback to rules ({notes[-1]}); {new.reason}")
        return PlanOutcome(new, tuple(notes))


# Asked what the robot did last: "what did you just do?"
_WHAT_DID_YOU_DO = re.compile(r"^(?:(?:and|so|ok|okay|hey|wait|hold on|hang on|um|uh|erm)[ ,]+)*(?:what (?:did you (?:just )?do|have "
                              r"you (?:just )?done|were you (?:just )?doing|was that|are you (?:doing|up to)|(?:are|were) you (?:trying|"
                              r"about) to do)|where (?:are|were) you (?:going|heading|off to)|which way (?:are|were) you (?:going|"
                              r"heading))(?: (?:just )?now| there)?\s*\?*$")
# Asked why a goal was refused, right after it: "why not?", "how come?", "why can't you?"
_WHY_NOT = re.compile(r"^(?:(?:and|so|ok|okay|hmm|huh|oh|but)[ ,]+)*(?:why not|how come|why can't you|why cant you|why can you not|"
                      r"why(?: not)?|why won't you|why wont you|why is that|why's that)\s*\?*$")
# Asked what the robot can do: "what can you actually do?", "what are you able to do?"
_WHAT_CAN_YOU_DO = re.compile(r"^(?:(?:and|so|ok|okay|hey|well|um|uh|remind me)[ ,]+)*(?:what (?:can|could) (?:you|u) "
                              r"(?:actually |really |even )?do(?: for me)?|what are you (?:able to do|capable of|good for)|what do you "
                              r"do|what are your skills)\s*\?*$")
# What may come before a question about the conversation: "so did you finish?", "ok, what's next?"
_ASKED_LEAD = r"^(?:(?:and|so|ok|okay|hey|well|um|uh)[ ,]+)*"
# Asked how far the robot went: "how far did you go altogether?", "where are you compared to where you started?"
_HOW_FAR_WENT = re.compile(_ASKED_LEAD + r"(?:how far (?:did|have) (?:you|u) (?:go|gone|drive|driven|"
                           r"travel|travelled|traveled|move|moved)(?: (?:altogether|in total|in all|so far|all together))?|"
                           r"(?P<where>where are you (?:now )?(?:compared to|relative to|from) where you (?:started|began)|how far "
                           r"(?:are you )?from (?:the |where you )(?:start|started)(?: are you)?))\s*\?*$")
# Asked whether something was put away: "did you put the white can away?", "did you put it in the bin?"
_DID_YOU_PUT = re.compile(_ASKED_LEAD + r"(?:did|have) (?:you|u) (?:put|place|drop|bin|binned|get) "
                          r"(?P<what>the [a-z ]+?|it|that)(?: (?:away|in|into (?:the|a) (?:[a-z]+ )?bin|in (?:the|a) "
                          r"(?:[a-z]+ )?bin))?(?: (?:yet|then|already))?\s*\?*$")
# Asked what comes next: "what's next?", "what are you doing after that?"
_WHATS_NEXT = re.compile(_ASKED_LEAD + r"(?:what(?:'s| is|s) (?:next|after (?:that|this))|what (?:are you "
                         r"doing|will you do|do you do|comes) (?:next|after (?:that|this))|what now|and then|then what)\s*\?*$")
# Asked how many things the robot put away: "how many things have you put away?", "how many cubes did you bin?"
_HOW_MANY_PUT = re.compile(_ASKED_LEAD + r"how many (?:things|objects|items|cubes|cans|of them)? ?"
                           r"(?:have|did) (?:you|u) (?:put|place|drop|bin|binned|tidied|tidy|cleared|clear)(?:ed)?(?: away| in (?:the |a )?"
                           r"bins?| up)?(?: so far| yet| already| today)?\s*\?*$")
# Asked whether the robot went near something: "you didn't touch the ball, did you?", "did you go near the ball?"
_DID_YOU_GO_NEAR = re.compile(_ASKED_LEAD + r"(?:(?:you )?(?:didn't|did not|haven't|have not) "
                              r"(?:touch|go near|"
                              r"go close to|hit|bump into|knock|go to|get near|get close to)(?:ed)? (?P<what>the [a-z ]+?|it|that),? "
                              r"(?:did|have) (?:you|u)|(?:did|have) (?:you|u) (?:touch|go near|go close to|hit|bump into|knock)(?:ed)? "
                              r"(?P<what2>the [a-z ]+?|it|that))\s*\?*$")
# Where the clause a permission is said in ends, and the request after it starts ("you can go near it. go to it")
_CLAUSE_BREAK = re.compile(r"[,;.!]|\b(?:and|so|then)\b")
# Asked whether the goal is done: "are you done yet?", "did you finish?", "are you there yet?", "did you get there?"
_ARE_YOU_DONE = re.compile(_ASKED_LEAD + r"(?:are you (?:done|finished|there|through)(?: yet)?(?: with "
                           r"(?:it|that))?|have you (?:finished|arrived|got there|gotten there)(?: yet)?|did you (?:finish|get there|"
                           r"make it|arrive|manage(?: it| that)?|do it|do that)(?: yet)?|did u (?:finish|do it|manage(?: it)?)|is it "
                           r"(?:done|finished)(?: yet)?|all done|(?:are )?(?:you )?finished|did it work)\s*\?+\s*$")
# Asked what was asked: "what did I ask you to do?", "what were you asked to do?"
_WHAT_WAS_ASKED = re.compile(r"^(?:(?:and|so|ok|okay|hey|well|um|uh|remind me)[ ,]+)*(?:what did i (?:just )?(?:ask|tell) you(?: to do)?|"
                             r"what (?:were|are) you (?:asked|told|supposed) to do|what (?:was|is) (?:your|the) (?:task|job|goal))"
                             r"(?: again)?\s*\?*$")
# Asked whether it may go near a thing: "are you allowed near the cone?", "are you allowed near it now?"
_ALLOWED_NEAR = re.compile(_ASKED_LEAD + r"(?:are you|r u|are u) (?:still )?(?:allowed|permitted|meant) "
                           r"(?:to go )?(?:near|close to|by|to touch) (?P<what>(?:the|that|this) [a-z ]+?|it|that|them)(?: now| again| "
                           r"any more| anymore)?\s*\?*$")
# Asked where the robot put something: "where did you put the cube?", "where's the red can now?", "where did it go?"
_WHERE_PUT = re.compile(r"^(?:(?:and|so|ok|okay|hey|um|uh|erm|hmm)[ ,]+)*(?:where (?:did|have|'d|d) you (?:just )?(?:put|place|drop|"
                        r"leave|stick|pop|take|bring)(?: down)? (?P<what>it|that|them|the [a-z ]+?)|where(?:'s| is| s| did) (?P<what2>the "
                        r"[a-z ]+?|it|that) (?:now|gone|go|end up|ended up)(?: then)?|and (?P<what3>the [a-z ]+?),? where(?:'s| is) "
                        r"(?:it|that)(?: now)?)\s*\?*$")
# Asked why the robot stopped or does not move: "why did you stop?", "what made you stop?", "why aren't you moving?"
_WHY_STOPPED = re.compile(r"^(?:(?:and|so|ok|okay|hey|wait|um|uh|erm|huh|hmm)[ ,]+)*(?:why(?: did|'d| d| have)? you (?:stop|"
                          r"freeze|halt)(?:ped)?(?: there| now)?|what made you (?:stop|freeze|halt)|why (?:aren't|are not|arent) you "
                          r"(?:moving|going)(?: anymore| any more)?|why (?:are you|you) (?:stopped|standing still|not moving))\s*\?*$")
# Asked whether the robot fits between two objects: "could you fit between the grey box and the purple can?",
# "is there room for you between the two black cans?"
_FITS_BETWEEN = re.compile(r"^(?:(?:hey|so|ok|okay|um|and|do you think)[ ,]+)*(?:(?:could|can|would|will|do) you (?:be able to |even )?"
                           r"(?:fit|get|go|drive|squeeze|pass|make it|slip|roll)(?: through| in)?|is there (?:enough )?(?:room|space|a gap)"
                           r"(?: for you)?(?: to (?:fit|go|pass|drive|get) through)?) between (?P<a>the [a-z ]+?)"
                           r"(?: and (?P<b>the [a-z ]+?))?"
                           r"(?: without [a-z ]+)?\s*\?*$")
_FIT_MARGIN_M = 0.05  # clearance kept either side when driving through a gap [m]
_ROBOT_RADIUS_M = 0.3  # the robot's turning radius when no footprint is given [m]
# A point said within this share of an object's outline radius of its centre is where the object stands: the
# object is meant, or a mistake (points beside objects are left to the navigator and the shield)
_AT_THE_CENTRE = 0.5


def _both_named(first: str, second: str | None, objects: Sequence[DetectedObject]) -> tuple[DetectedObject, DetectedObject] | None:
    """The two objects in view that "the grey box" and "the purple can" name, or "the two black cans"
    alone; None unless each names exactly one (or the pair exactly two)."""
    def named(phrase: str) -> list[DetectedObject]:
        words = phrase.split()
        kind = next((k for w in words if (k := lx.kind_said(w))), None)
        color = next((c for w in words if (c := lx.color_of(w))), None)
        return [o for o in objects if (kind is None or o.label == kind) and (color is None or o.color == color)] \
            if kind or color else []
    if second is None:
        both = named(first) if re.match(r"the (?:two|2) ", first) else []
        return (both[0], both[1]) if len(both) == 2 else None
    a, b = named(first), named(second)
    return (a[0], b[0]) if len(a) == 1 and len(b) == 1 and a[0] is not b[0] else None


# A search for another of a kind: "find another bin", "look for another can"
_FIND_ANOTHER = re.compile(r"\b(?:find|look for|search for|locate|look around for|hunt for)\s+another\s+(?:(?P<color>[a-z]+) )?"
                           r"(?P<kind>[a-z]+)\b")
# Where someone is said to be, by an object: "there's someone sitting next to the blue bin"
_SOMEONE_PLACE_END = (r"(?=$|[,.;!?]| and\b| so\b| but\b| now\b| right now\b| looking\b| fixing\b| playing\b| sleeping\b| asleep\b|"
                      r" hiding\b| with\b| for\b)")
_BY = r"\b(?:right |just )?(?:by|next to|near|beside|behind|in front of|close to|at)"
_SOMEONE_BY = re.compile(_BY + r"\s+(?P<what>(?:the|that|this) [a-z ]+?)" + _SOMEONE_PLACE_END, re.IGNORECASE)
# Someone or a hand said to be in or on an object: "the cat's sitting inside the yellow bin", "my granny's hand is in the red bin"
_SOMEONE_IN = re.compile(r"\b(?:" + "|".join(sorted(SOMEONE_WORDS | SMALL_ANIMAL_WORDS | set(BODY_PART_WORDS), key=len, reverse=True))
                         + r")\b[a-z' ]{0,40}? (?:in|inside|on|on top of|under|underneath) (?P<what>(?:the|that|this) [a-z ]+?)" +
                         _SOMEONE_PLACE_END, re.IGNORECASE)
# Someone said to be by "it", the object named before: "... the grey bin, careful, my colleague is standing right beside it"
_SOMEONE_BY_IT = re.compile(r"(?:" + _BY + r"|\b(?:in|inside|on))\s+it\b", re.IGNORECASE)
# What lifts the prohibitions said before: "you can go near the yellow cube now", "it's fine to touch it",
# "no need to avoid the ball any more", "forget what I said"
# Rules said to be over by the word "rule" ("cone rule off", "rule's off", "ok rules off")
_RULES_SAID_OFF = r"rules?(?:'s| is| are)? (?:off|lifted|over|gone|cancelled|canceled|done)"
_LIFTS = re.compile(r"\b(?:(?:you|u)(?:'re| are| r) (?:now |again )?allowed (?:near|close to|by)|"
                    r"(?:(?:you|u|ya) (?:can|may)|(?:you|u)(?:'re| are| r) (?:now |again )?allowed to) (?:now |again |go ahead and )?"
                    r"(?:go near|go to|touch|approach|pick up|pick (?:things|stuff|anything|objects|them|it) up|get close to|"
                    r"go close to|drive near)|(?:it's|it is|its) (?:ok|okay|fine|safe|alright|all right) (?:now )?to (?:go near|go to|"
                    r"touch|approach|pick up|get close to)|(?:no need|you (?:don't|do not|dont) (?:have|need) to|you needn't|you no "
                    r"longer (?:have|need) to) (?:to )?(?:avoid|keep away|stay away|keep clear|steer clear)|(?:stop|quit) (?:avoiding|"
                    r"keeping away)|forget (?:what i said|about avoiding|that rule|the rule)|ignore what i said (?:before|earlier)|"
                    r"(?:stop|quit) worrying about|never ?mind about (?:the|that|it|not going near|keeping away from)|"
                    r"(?:no need to|you (?:don't|do not|dont|needn't) (?:need to |have to )?|you no longer "
                    r"(?:have|need) to )worry about|" + _RULES_SAID_OFF + r"|(?:drop|lift|cancel) the (?:[a-z]+ )?rules?)\b"
                    r"|(?P<statement>\bforget about (?:the|that|those|them|it)\b|\b(?:is|are|'s|'re) (?:ok|okay|fine|alright|"
                    r"all right|safe|"
                    r"allowed) (?:again|now)\b|\b(?:is|are|'s|'re) (?:all )?yours (?:too|now|as well|again)\b|"
                    r"\b(?:is|are|'s|'re|s) not (?:off limits|off-limits|out of bounds|forbidden)(?: any ?more| now)?\b|"
                    r"\b(?:is|are|'s|'re) no longer (?:off limits|off-limits|out of bounds)\b)",
                    re.IGNORECASE)


# A permission that gives back what was kept away from, not a request: "you can go near the cone again", "you can touch
# it now", "you may get close to the bin again" (near, touch, close to; or any permission said "again")
_ALLOWED_BACK = re.compile(r"\b(?:you|u|ya) (?:can|may) (?:now |again )?(?:go near|touch|get close to|go close to|drive near)\b|"
                           r"\b(?:you|u|ya) (?:can|may) (?:now |again )?(?:go to|approach|pick up)\b.*\bagain[ .!]*$", re.IGNORECASE)
# A prohibition in a goal, with its verb ("don't go near", "keep away from", "never touch"), and the words that make
# one kept after the goal ("never", "from now on") and that start a request
_PROHIBITION_SAID = re.compile(r"\b(?:(?:don't|dont|do not|never|no)\s+(?:ever\s+)?(?:go|drive|get|come|touch|bump|knock|hit|pick|take|"
                               r"grab|move|run)\b|keep (?:well )?(?:away|clear|off)\b|stay (?:well )?(?:away|clear|off)\b|steer clear\b|"
                               r"avoid\b|leave (?:the|that|it|them)\b[a-z ]*? alone\b)", re.IGNORECASE)
_KEPT_AFTER_WORDS = re.compile(r"\b(?:never|ever|at all|from now on|any ?more|for now|today|for the rest)\b", re.IGNORECASE)
_REASON_AFTER = re.compile(r"[,;.-]?\s*\b(?:it's|its|it is|they're|theyre|they are|because|cause|coz|cos|since|as (?:it|they)|"
                           r"my [a-z]+(?:'s)?)\b", re.IGNORECASE)
_REQUEST_VERB = re.compile(r"\b(?:go|drive|head|pick|put|place|drop|bring|fetch|grab|take|get|find|look|turn|approach|move|come|"
                           r"return|visit)\b", re.IGNORECASE)


def _prohibition_said_apart(goal: str) -> bool:
    """Whether a prohibition in ``goal`` is said as a rule of its own, to keep after the goal too: before the
    request ("keep away from the bottle and go to the ball"), in a sentence of its own ("go to the can. and don't go
    near the cone"), or with "never", "from now on", "at all"; not a drive's own qualifier said after it in the same
    sentence ("go to the bottle but don't pass near the bin", "go to the box avoiding the cans") unless a reason for it
    follows ("... but avoid the grey can, its full of paint")."""
    said = goal.replace("\u2019", "'")
    prohibition = _PROHIBITION_SAID.search(said)
    if prohibition is None:
        return False
    if _KEPT_AFTER_WORDS.search(said) or _REASON_AFTER.search(said[prohibition.end():]):
        return True  # "... but avoid the grey can, its full of paint": a reason for it, which lasts beyond the goal
    inside = [m.span() for m in _PROHIBITION_SAID.finditer(said)]
    request = next((m for m in _REQUEST_VERB.finditer(said) if not any(a <= m.start() < b for a, b in inside)), None)
    if request is None:
        return True
    if prohibition.start() < request.start():
        return True
    return re.search(r"[.!?;]", said[request.end() : prohibition.start()]) is not None


# A goal held back until the speaker says so: "..., but not yet", "... wait till I say go", "... on my signal"
_NOT_YET = re.compile(r"(?:,\s*|\s+|\.\s*)(?:but\s+|and\s+)?(?:not (?:yet|just yet|right now|now)\b|wait (?:till|until|for) (?:i say\b|my "
                      r"(?:signal|go|word|mark)\b)|(?:don't|dont|do not) (?:start|go|move|do it) (?:yet|until i say|till i say)\b|"
                      r"on my (?:signal|mark|word|go)\b|when i say (?:go|so|now)\b).*$", re.IGNORECASE)
# A question about the rules kept: "what are you keeping away from", "what rules do you have", "what are you not allowed to do"
_RULES_ASKED = re.compile(r"^(?:(?:so|and|ok|okay|now|great|right)[ ,]+)*(?:(?:what|which)(?: things| objects| rules)? (?:are|r) "
                          r"(?:you|u) (?:still )?(?:keeping (?:away|clear) from|avoiding|not allowed to (?:do|touch|go near)|keeping to)|"
                          r"(?:what|which) rules? (?:do|did) (?:you|u) (?:have|keep|follow|remember)|(?:what are|tell me) (?:the|your|my) "
                          r"rules)")
# A rule said to be over by the word "rule" ("cone rule off", "ok rules off"): never a request to move
_RULE_OFF = re.compile(rf"\b{_RULES_SAID_OFF}\b|\b(?:forget|drop|lift|cancel) (?:about )?(?:the|that|this|my) (?:[a-z]+ )?rules?\b",
                       re.IGNORECASE)
# A question about what the robot would do: "what would you do if I said go to the box?", "if I asked you to drive
# into the far green box, would you?", "hypothetically, if I asked you to ..., what would you do?"
_HYPOTHETICAL = re.compile(r"^\s*(?:(?:and|so|ok|okay|hypothetically|just curious|out of interest|tell me)[ ,]+)*(?:(?:what would you do|"
                           r"what would happen|how would you react|would you do it|would you|what do you do) if i (?:said|say|asked you to|"
                           r"ask you to|told you to|tell you to|were to say|were to ask you to)[,:]?\s*(?P<said>.+?)|if i (?:said|asked "
                           r"you to|told you to|were to say|were to ask you to)[,:]?\s*(?P<said_first>.+?),?\s*(?:what would you do|"
                           r"would you(?: do it)?|what would happen|would you do that))\s*\?*\s*$", re.IGNORECASE)
# Words that say a goal asks for something besides what it forbids: such a goal refused as only forbidding was misread,
# and what it forbids is not kept for the goals after it
_ALSO_ASKED = re.compile(r"\b(?:instead|(?<!i'd )(?<!i would )rather|but|then|just(?! (?:look|watch|observe|have a look)\b)|belongs|"
                         r"should go|needs to go|and go|and put|"
                         r"and pick)\b", re.IGNORECASE)
# How a goal that only forbids starts: "avoid the yellow cube", "don't touch the black can", "never go near ...",
# "leave the green cube alone" (not "I don't know, ..." nor "the red cube should not go in ...")
_ONLY_FORBIDS = re.compile(r"^\s*(?:(?:please|and|also|ok|okay|oh|robot|hey|whatever you do|listen|remember|hmm+|so|um|uh|right|"
                           r"alright|well|from now on|for now|from here on|going forward|always|and remember)[ ,]+)*(?:(?:don't|dont|"
                           r"let'?s not|let us not|no (?:going|driving|more)|"
                           r"do not|never|avoid|(?:stay|keep) (?:well |far |right )?(?:away|clear|off)|i never want (?:you )?|"
                           r"i(?:'d| would) (?:rather|prefer) (?:it if )?you (?:didn't|didnt|did not|kept|stayed|steered|never)|"
                           r"(?:would|could|can|will) you (?:kindly |please )?(?:keep|stay|steer|not|never)|(?:would|do) you mind not|"
                           r"keep clear|stay clear|steer clear|leave|no touching|hands off|keep your hands off|i (?:don't|dont|do not) "
                           r"want (?:you )?|you (?:may|must|should|can) ?not|you (?:mustn't|mustnt|can't|cant|shouldn't|shouldnt)|"
                           r"you(?:'re| are) not (?:allowed|supposed|permitted) to)\b|the [a-z ]+ (?:is|are) (?:off limits|off-limits|"
                           r"out of bounds|not to be touched|fragile|dangerous)\b)", re.IGNORECASE)


def _name_said(said: str) -> str:
    """How a name given is told back: "your" for "mine", "'home base'" for a name."""
    return "yours" if said in ("mine", "ours") else said[:1].upper() + said[1:] if re.fullmatch(r"[a-z]+'s", said) else f"'{said}'"


def _how_far_went(motions: Sequence[tuple[str, float]], moved_otherwise: bool, where: bool) -> str:
    """How far the drives of the goals done went in all, and where that leaves the robot from where it started
    (``where``), from the drives and turns said in amounts; not known after a drive to an object or a point."""
    if moved_otherwise:
        return "I don't keep count of how far I go to objects and points; " + \
            ("of the drives you gave me in metres: " + _drives_said(motions) if any(k == "drive" for k, _ in motions) else
             "say 'come back' and I return to where I started") + "."
    if not any(kind == "drive" for kind, _ in motions):
        return "I have not driven anywhere yet; I am where I started."
    x_m = y_m = yaw_rad = 0.0
    for kind, amount in motions:
        if kind == "turn":
            yaw_rad += amount
        else:
            x_m, y_m = x_m + amount * math.cos(yaw_rad), y_m + amount * math.sin(yaw_rad)
    ahead, left = (f"{abs(x_m):.2f} m {'ahead of' if x_m >= 0 else 'behind'}",
                   f"{abs(y_m):.2f} m to the {'left' if y_m >= 0 else 'right'} of")
    place = " and ".join(p for p, v in ((ahead, x_m), (left, y_m)) if abs(v) >= 0.01) or "back at"
    told = f"I am {place} where I started (as I faced then)"
    return told + "." if where else f"{_drives_said(motions)}; {told}."


def _drives_said(motions: Sequence[tuple[str, float]]) -> str:
    """The drives in ``motions`` told in all: "1.50 m in all (1.00 m forward, 0.50 m back)"."""
    drives = [amount for kind, amount in motions if kind == "drive"]
    each = ", ".join(f"{abs(d):.2f} m {'forward' if d > 0 else 'back'}" for d in drives)
    return f"I drove {sum(abs(d) for d in drives):.2f} m in all ({each})"


def _whether_put(what: str, puts: Sequence[tuple[str, str]], recent: str) -> str:
    """Whether the goals done put ``what`` ("the white can"; "it": the last object of the conversation) into a bin."""
    said = recent if what in ("it", "that") else what
    told = _where_put(said, puts, "")
    return f"Yes: {told}" if told else \
        f"No: no goal I finished put {said if said.startswith('the ') else 'the ' + said} into a bin."


def _where_put(what: str | None, puts: Sequence[tuple[str, str]], held: str) -> str:
    """Where the goals done put what is asked about ("it": the last thing put), the latest put of it; ''
    when none of them put such a thing, or it is held now (the scene answers that)."""
    words = (what or "it").split()
    kind = next((k for w in words if (k := lx.kind_said(w))), None)
    color = next((c for w in words if (c := lx.color_of(w))), None)
    for thing, into in reversed(puts):
        thing_color, _, thing_kind = thing.rpartition(" ")
        if kind in (None, thing_kind) and color in (None, thing_color):
            if held and held == thing:
                return ""
            return f"I put the {thing} into the {into}."
    return ""


def _start_of(request: PlanRequest) -> StartPose:
    return StartPose(request.start_xy[0], request.start_xy[1], request.start_yaw_rad)


def _said_gone(goal: str) -> int | None:
    """Where the part of the goal that says a warning is over ends ("she's gone now, put the cube in the
    bin", "he's left", "all clear", "she found them, she's off now"), when only chat comes before it;
    None when it says none."""
    for part in re.finditer(r"[^,;.!]+", goal):  # "she found them, she's off now": chat before it
        if not part[0].strip():
            continue
        if says_warning_over(part[0]):
            return part.end()
        if begins_action([t for t in tokenize_or_empty(part[0]) if t[0].isalnum()]):
            return None  # "go to the bin, he's gone": a request first
    return None


def _normalised(goal: str) -> str:
    """``goal`` as the reader normalises it, or as said when it cannot be."""
    try:
        return normalise(goal)
    except GoalError:
        return goal


def _standing(refused: OnlyForbidden, said: str) -> OnlyForbidden | None:
    """What of a goal that only forbids holds for the goals after it: what to keep away from, and steps
    forbidden on an object named by colour and kind ("don't pick up the black can"); where things may
    not be put only when the goal says it of anything ("never put anything in the green bin"): of one
    cube it is too often a misreading to hold a whole conversation. None when nothing is left."""
    request = re.split(r",|\bbecause\b|\bas\b|\bsince\b", said, maxsplit=1)[0]  # "..., it's for recycling only": why, not what
    of_anything = re.search(r"\b(?:the|this|that|my|your) (?:[a-z]+ ){0,2}?(?:cube|can|tin|block|one)\b|\b(?:it|them)\b", request,
                            re.IGNORECASE) is None  # "never put anything in the green bin", not "don't put it in the bin"
    forbidden = tuple(f for f in refused.forbidden if (f[0] in ("navigate_to", "approach", "pick") or (f[0] == "place" and of_anything))
                      and (" " in f[1] or f[1] in LABELS or f[1] == "object"))  # "no going near the balls", "no picking anything up"
    if not refused.keep_away and not forbidden:
        return None
    if refused.keep_away and all(name in ("object", "thing") for name in refused.keep_away) and not refused.keep_away_ids:
        raise GoalRefused(f"which one should I keep away from? '{said}' names no object I can tell; name it, e.g. 'don't touch "
                          "the red cube'")  # "leave the middle one" among twelve
    return OnlyForbidden(str(refused), refused.keep_away, refused.keep_away_ids, forbidden)


def _names_object(said: str, name: str) -> bool:
    """Whether ``said`` names the object ``name`` ("red cube"): by its name, or by its kind or its colour
    alone with no other kind or colour beside ("the cubes", "red stuff", "cans are fine again")."""
    if re.search(rf"\b{re.escape(name)}s?\b", said):
        return True
    kinds, colors = _kinds_and_colours_said(said)
    color, _, kind = name.rpartition(" ")
    return bool(kinds or colors) and kinds <= {kind} and colors <= {color}


def _kinds_and_colours_said(said: str) -> tuple[set[str], set[str]]:
    """The world kinds and colours ``said`` names ("cans are fine again": can; "you can touch it" names none)."""
    words = re.findall(r"[a-z]+", re.sub(r"\b(?:you|i|we|they|it)\s+can\b", " ", said))
    kinds = {kind for w in words if (kind := lx.kind_said(w))}
    return kinds, {color for w in words if (color := lx.color_of(w))}


def _without_names(prohibition: OnlyForbidden, names: Sequence[str]) -> OnlyForbidden | None:
    """``prohibition`` without what it says of the objects ``names`` ("red cube"); None when nothing is left."""
    keep_away = [n for n in prohibition.keep_away if n not in names]
    forbidden = [f for f in prohibition.forbidden if f[1] not in names]
    if not keep_away and not forbidden:
        return None
    return OnlyForbidden(str(prohibition), keep_away, [k for k in prohibition.keep_away_ids if k[0] not in names], forbidden)


def _names(prohibition: OnlyForbidden) -> tuple[str, ...]:
    """The objects a prohibition is about ("yellow cube")."""
    return tuple(dict.fromkeys((*prohibition.keep_away, *(target for _, target, _ in prohibition.forbidden))))


def _point_near_kept(steps: Sequence[PlanStep], standing: Sequence[tuple[str, OnlyForbidden]], objects: Sequence[DetectedObject],
                     start: StartPose, robot_radius_m: float) -> str:
    """Why a point the steps drive to (odom) puts the robot against an object in view that a prohibition said
    before keeps away from ('' when none does): its centre nearer the object's centre than the two outlines."""
    return _point_against(steps, _kept_in_view([p for _, p in standing], objects), start, robot_radius_m)


def _unbound_among_several(steps: Sequence[PlanStep], objects: Sequence[DetectedObject]) -> str:
    """The kind a step goes to, picks or puts into by its kind alone ("approach(can)") while several of that kind are
    in view, so none is chosen ('' when every such step names one): it would take whichever it meets first."""
    for step in steps:
        if step.skill in ("navigate_to", "approach", "pick", "place") and not step.object_id and step.target in LABELS and \
                sum(o.label == step.target for o in objects) > 1:
            return step.target
    return ""

def _kept_in_view(prohibitions: Sequence[OnlyForbidden], objects: Sequence[DetectedObject]) -> list[DetectedObject]:
    """The objects in view that ``prohibitions`` keep away from (of a name, all of it but the ones picked out)."""
    return [o for o in objects if any(o.name in p.keep_away and not kept_away_from_other(o.name, o.track_id, p.keep_away_ids)
                                      for p in prohibitions)]


def _point_against(steps: Sequence[PlanStep], objects: Sequence[DetectedObject], start: StartPose, robot_radius_m: float,
                   outline_share: float = 1.0) -> str:
    """Why a point the steps drive to (odom) puts the robot against one of ``objects`` (in base_link at the
    goal's start) ('' when none): the robot's centre there nearer the object's centre than the robot's radius
    and ``outline_share`` of the object's outline radius together."""
    for step in steps:
        point = pose_target(step.target) if step.skill == "navigate_to" else None
        if point is None:
            continue
        x, y = into_frame(start.x_m, start.y_m, start.yaw_rad, *point)  # base_link at the goal's start, as the objects
        for obj in objects:
            gap_m = math.hypot(x - obj.position_m[0], y - obj.position_m[1])
            if gap_m < outline_share * outline_radius_m(obj) + robot_radius_m:
                return f"the point ({point[0]:.2f}, {point[1]:.2f}) is {gap_m:.2f} m from the {obj.name}"
    return ""


def _breaks(step: PlanStep, prohibition: OnlyForbidden) -> bool:
    """Whether ``step`` does what a prohibition said before forbids: goes to (picks up, puts into)
    an object it keeps away from, or takes a step it forbids."""
    if step.skill == "stop":
        return False
    if step.target in prohibition.keep_away and not kept_away_from_other(step.target, step.object_id, prohibition.keep_away_ids):
        return True
    return any(step.skill in _NEEDS[skill] and _forbidden_target(step.target, target) and
               not (track and step.object_id and step.object_id != track) for skill, target, track in prohibition.forbidden)


def _forbidden_target(target: str, forbidden: str) -> bool:
    """Whether a step's ``target`` ("blue ball") is what a prohibition names: that name, its kind alone ("ball"),
    or any object ("object": "no more picking things up")."""
    if pose_target(target) is not None or not target:
        return False
    return target == forbidden or forbidden == "object" or (forbidden in LABELS and target.rpartition(" ")[2] == forbidden)


# The steps that do what a forbidden step does, or go through it: no pick without going to the object
_NEEDS = {"navigate_to": ("navigate_to", "approach", "pick"), "approach": ("approach", "pick"), "pick": ("pick",),
          "place": ("place",)}


def _named_but_unplanned(goal: str, plan: Plan) -> list[str]:
    """Objects the goal names that none of the plan's steps acts on, and colours it names that no
    step's target has ("pick up the green one instead": the green one)."""
    targets = {step.target for step in plan.steps}
    named = [name for name in dict.fromkeys(f"{c} {label}" for c, label in parse_objects(goal)) if name not in targets]
    said = set(re.findall(r"[a-z]+", goal.lower()))
    planned_colors = {word for target in targets for word in target.split()}
    return named + [f"{color} one" for color in COLORS if color in said and color not in planned_colors
                    and not any(name.startswith(color) for name in named)]


_NEGATION_CUES = ("not", "never", "don't", "dont", "avoid", "without", "stay away", "keep away", "no need", "forbid",
                  "prohibit", "bad idea", "dangerous")


def _negates(goal: str) -> bool:
    words = f" {' '.join(goal.lower().split())} "
    return any(f" {cue} " in words or f" {cue}," in words for cue in _NEGATION_CUES)


def _grounded(plan: Plan, request: PlanRequest) -> Plan:
    """The rule grammar's ``plan`` with each object it names resolved against the objects in view,
    as goal understanding resolves them: the one in view (its track id), WhichOne when several fit
    ("go to the red box" with two red boxes asks which), none in view left to be looked for. The rule
    grammar reads names only; a fallback must not pick one of several objects on a guess."""
    grounder = Grounder(request.objects)
    resolved: dict[str, str] = {}
    for step in plan.steps:
        color, _, kind = step.target.partition(" ")
        if step.object_id or step.target in resolved or color not in COLORS or kind not in LABELS:
            continue
        resolved[step.target] = grounder.resolve(ObjectRef(step.target, color, kind)).object_id
    return replace(plan, steps=tuple(replace(s, object_id=s.object_id or resolved.get(s.target, "")) for s in plan.steps))


def _held_to(plan: Plan, understood: Understanding | None) -> Plan:
    """``plan`` when it does nothing the goal forbids; object ids from understanding where it resolved
    a target name to one object in view. PlanRejected otherwise."""
    if understood is None:
        return plan
    ids: dict[str, set[str]] = {}
    for step in understood.steps:
        ids.setdefault(step.target, set()).add(step.object_id)
    steps = []
    for index, step in enumerate(plan.steps):
        known = ids.get(step.target, set())
        step = replace(step, object_id=next(iter(known))) if len(known) == 1 else step
        # "don't go to the left red box, go to the right one": what is forbidden is another object of the name
        if (step.skill, step.target) in understood.forbidden and not (step.object_id and step.object_id in known):
            raise PlanRejected(f"step {index} {step.skill}({step.target}): the goal says not to")
        if step.target in understood.keep_away and step.skill != "stop" and \
                not kept_away_from_other(step.target, step.object_id, understood.keep_away_ids):
            raise PlanRejected(f"step {index} {step.skill}({step.target}): the goal says to keep away from it")
        steps.append(step)
    return replace(plan, steps=tuple(steps))
