"""Goal understanding: a goal in plain words and what the robot sees -> the steps of a plan, an
answer, or a refusal with the reason.

Reading (lam_core.language.parse) gives clauses; the intent model classifies the clauses whose
words the lexicon has no cue for; corrections replace what they correct; references are resolved
against the objects in view (lam_core.language.grounding); each clause becomes the steps of its
action, in order. Negated actions are never planned, and a plan that would do one, or go near an
object the goal says to keep away from, is refused.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lam_core.datatypes import ANY_COLOR, ANY_LABEL, UNUSABLE_FRAME_PROBLEMS, DetectedObject, PlanStep
from lam_core.language import lexicon as lx
from lam_core.language.answers import ability_answer, answer, can_lift_answer, object_told, pickable_in_view, why_not_picked
from lam_core.language.conditions import (
    QUESTION_JOINS,
    Conditional,
    SearchOutcome,
    Watch,
    split_conditional,
    split_search_outcome,
    split_watch,
    undecided_condition,
    with_referent,
)
from lam_core.language.durations import MAX_SAID_TIME_S, MIN_SAID_TIME_S, SaidTimes
from lam_core.language.grounding import (
    Grounder,
    Resolved,
    ShadeNotSeen,
    _number,
    _plural,
    distinct_objects,
    holds,
    superlative_key,
    visiting_order,
)
from lam_core.language.intents import IntentModel
from lam_core.language.parse import (
    COPULAS,
    SKILL_SUMMARY,
    SOMEONE_WORDS,
    WORLD_SUMMARY,
    AllRuledOut,
    Clause,
    GoalNotUnderstood,
    GoalRefused,
    ObjectRef,
    OnlyForbidden,
    WhichOne,
    cue_intents,
    ends_in_interrupting_stop,
    normalise,
    only_complains,
    point_numbers,
    read_goal,
    read_objects,
    runs_into_object,
    said_back,
    said_plainly,
    says_stop,
    tokenize,
    unknown_word_refusal,
    warns_of_hazard,
    warns_of_someone,
    without_context,
    without_resolved_warnings,
)
from lam_core.skills import MAX_DRIVE_M, MAX_POINT_M, motion_target, motion_target_text, pose_target_text, wait_target_text, with_said_limit
from lam_core.text import TextEncoder
from lam_core.vocabulary import COLORS_TEXT, GRASPABLE_LABELS, GRASPABLE_TEXT, LABELS

# What GoalUnderstanding._build gives: the steps, the steps forbidden, what to keep away from (names,
# and (name, track id) pairs) and notes.
_Built = tuple[list[PlanStep], list[PlanStep], tuple[list[str], tuple[tuple[str, str], ...]], list[str]]
# The step that is the action itself (what a negation forbids), by intent.
_EFFECT_SKILL = {"goto": "navigate_to", "approach": "approach", "find": "search", "pick": "pick", "place": "place",
                 "return": "navigate_to", "pose": "navigate_to", "stop": "stop"}
_VERBS = {"navigate_to": "go to", "approach": "line up with", "search": "look for", "pick": "pick up",
          "place": "put the cube into", "stop": "stop"}
# Words a clause that only names objects may have besides the names.
_FRAGMENT_WORDS = frozenset({"the", "a", "an", "one", "far", "close", "no", "not", "then", "and", "also", "please", "other", "that", "this",
                             "to", "in", "into", "on", "at", "of", "with", "instead", "rather", "than", "never", "mind",
                             "next", "behind", "front", "beside", "near", "by", "left", "right", "nearest", "closest",
                             "farthest", "furthest", "first", "second", "third", "last", "it", "there", "over", "ok",
                             "okay", "now", "so", "just", "robot", "hey", "hi", "hello", "alright", "buddy", "friend",
                             "lam", "agent", "i", "mean", "meant", "said", "sorry", "actually", "oops", "you", "me",
                             "from", "away", "nearer", "closer", "farther", "further", "most", "least", "middle",
                             "centre", "center", *COPULAS})
# Verbs that carry a cube to a box (no bin takes it there): "bring the red cube to the yellow box".
_CARRY_VERBS = frozenset({"bring", "carry", "take", "move", "transport", "fetch", "ferry", "haul", "lug"})
# Steps near an object the goal says to keep away from.
_NEAR_SKILLS = ("navigate_to", "approach", "pick", "place", "search")
# Superlatives that choose among several by a measure ("the nearest box"), not name one by its place.
_RANKS = frozenset({"nearest", "farthest", "largest", "smallest", "tallest", "shortest"})


@dataclass(frozen=True)
class Understanding:
    """What a goal asks for: the steps of a plan (empty for a question), or the answer."""

    goal: str
    steps: tuple[PlanStep, ...] = ()
    answer: str = ""
    forbidden: tuple[tuple[str, str], ...] = ()   # (skill, target) the goal says not to do
    keep_away: tuple[str, ...] = ()               # objects to keep away from
    # (name, object id) where the goal kept away from one of several objects of that name ("avoid the
    # left red box"): only that one is kept away from; every object of a name in keep_away otherwise
    keep_away_ids: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    parse_ms: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    report: str = ""  # a question the goal asks to have answered once its steps are done ("... and tell me what you see")
    if_search_fails: tuple[PlanStep, ...] = ()  # the steps instead of the rest when a search step finds nothing
    watch_for: str = ""  # an object ("purple box", "purple object": anything purple) to watch for while the steps run
    if_seen: tuple[PlanStep, ...] = ()  # the steps to take when it comes into view, before the rest (none: stop there)

    @property
    def is_answer(self) -> bool:
        return not self.steps and bool(self.answer)


# Questions about how the robot moves
_SPEED_ASKED = re.compile(r"^(?:so |and |ok |okay )?(?:what(?:'s| is) your (?:top|max|maximum|highest|fastest) speed|how fast "
                          r"(?:can|do|could) you (?:go|drive|move|travel|get)|what(?:'s| is) the fastest you (?:can|could) "
                          r"(?:go|drive|move))\b[ ?.!]*$")
_LIMITS_ASKED = re.compile(r"^(?:so |and |ok |okay )?(?:what are your (?:safety )?(?:limits|limitations|rules)|do you have (?:any )?"
                           r"(?:safety )?(?:limits|limitations)|are you safe|how safe are you|is it safe (?:to be )?(?:near|around) you|"
                           r"what keeps you safe|how do you stay safe)\b[ ?.!]*$")
_HARM_ASKED = re.compile(r"^(?:so |and |ok |okay )?(?:can|could|would|will|might) you (?:hurt|harm|injure|hit|run over|crash into) "
                         r"(?:people|a person|someone|anyone|me|us|humans|kids|children|pets)\b[ ?.!]*$")


def asks_about_itself(goal: str) -> bool:
    """Whether a goal only asks how fast, how far or how safely the robot moves ("what's your top speed?",
    "can you hurt people?"): answered, so the goal guard need not read its words as a request."""
    text = " ".join(goal.lower().replace("\u2019", "'").split())
    return any(p.match(text) for p in (_SPEED_ASKED, _LIMITS_ASKED, _HARM_ASKED))


# A "what"/"which" question, then a request about what its answer names: "which bin is empty? put the green cube
# in it", "what's next to the ball? drive there and wait"
_QUESTION_THEN_REQUEST = re.compile(r"^(?P<question>(?:what|which|whats|what's)\b[^?]*\?)\s*(?P<request>[a-z].*)$", re.IGNORECASE)
_POINTED = re.compile(r"\b(?:(to )(?=there\b)there|it|that one|this one|there)\b", re.IGNORECASE)


def _asked_then_decides(goal: str) -> bool:
    """Whether a question's answer decides what follows ("... ? if so, ...", "... ? if not, ...")."""
    return re.search(r"\?\s*(?:if|otherwise|else)\b", goal, re.IGNORECASE) is not None


# Where a second condition starts its own sentence: "if the can is red put it in the red bin, if it's blue ..."
_NEXT_IF = re.compile(r"\s*(?:[,;.]|\band\b|[,;.]\s*and)\s*(?=if\s(?!(?:not|so|no|none|neither|nothing|otherwise)\b|"
                      r"(?:it|they)(?:'s| is|'re| are) not\b|(?:it|they) (?:isn't|aren't)\b))", re.IGNORECASE)
_SUBJECT_OF_IF = re.compile(r"^if (the (?:[a-z]+ ){0,2}?[a-z]+) (?:is|are|'s|isn't|is not)\b", re.IGNORECASE)


_CARRIED_NAMED = re.compile(r"\bthe (?:[a-z]+ )?(?:cube|can|tin)\b", re.IGNORECASE)


def _conditional_sentences(goal: str) -> list[str]:
    """A goal of several "if ..." sentences, each with its own request, as those sentences ("it" in
    a later condition named as the first condition's subject: "if it's blue" after "if the can is
    red" is "if the can is blue"); the goal alone otherwise."""
    text = goal.strip()
    if not re.match(r"^if\s", text, re.IGNORECASE):
        return [goal]
    parts = [p.strip() for p in _NEXT_IF.split(text) if p.strip()]
    if len(parts) < 2 or not all(re.match(r"^if\s", p, re.IGNORECASE) for p in parts) or \
            any(not re.search(r"[,]|\bthen\b", p) and len(p.split()) < 5 for p in parts):
        return [goal]
    subject = _SUBJECT_OF_IF.match(parts[0])
    if subject:
        parts = [parts[0], *(re.sub(r"^if (?:it|they)(?:'s|'re|s| is| are)(?=\s)", f"if {subject.group(1)} is", p,
                                    flags=re.IGNORECASE) for p in parts[1:])]
    return parts


# Said with a request that moves, these contradict it: "go to the green bin without moving", "stay still and go to the can"
_STAY_STILL = re.compile(r"\bwithout (?:moving|driving|going anywhere|leaving your spot)\b|^(?:(?:please|ok|okay|now)[ ,]+)*(?:stay "
                         r"(?:still|put|where you are)|stand still|hold still|(?:don't|dont|do not) (?:move|budge))\s*(?:,|and)\s+"
                         r"(?!(?:then|after|afterwards|later|when|until|once)\b)")


_WHERE_ARE_YOU = re.compile(r"^(?:(?:so|and|ok|okay|hey|robot|now)[ ,]+)*where (?:are you|r you|you at|are you at)"
                            r"(?: now| right now| at the "
                            r"moment| currently)?\s*\?*$")


# Asked to clear a way or make room ("clear the way to the grey bin", "make some room in front of the box"): the robot
# would have to choose what to move and where
_CLEAR_THE_WAY = re.compile(r"^(?:(?:please|can you|could you|ok|okay|now|i need you to)[ ,]+)*(?:clear|free up|open up|make|"
                            r"create)(?: (?:the|a|some|me a|me some|more|enough))? (?:way|path|room|space|route|passage)\b|"
                            r"^(?:i|we) (?:need|want|would like|'d like) (?:the|a|my) (?:way|path|route) (?:to [a-z ]+? )?(?:clear|"
                            r"cleared|free|freed up|open)\b", re.IGNORECASE)


def refuse_clearing_or_handing(goal: str) -> None:
    """GoalRefused for a goal that asks to clear a way or make room ("clear the way to the grey bin"),
    or to hand a thing to someone by name ("bring the can to Ravi", "give Priya her cube")."""
    if _CLEAR_THE_WAY.match(" ".join(goal.lower().split())):
        raise GoalRefused("I don't clear a way or make room on my own; say which cube or can to pick up and which bin to "
                          "put it in, e.g. 'put the blue can in the grey bin'")
    handed = _HANDED_TO.match(" ".join(goal.split()))
    who = (handed["who"] or handed["who2"]) if handed else ""
    if who and (who[:1].isupper() or who.lower() in SOMEONE_WORDS):
        raise GoalRefused(f"I can't hand things to {who}: I put cubes and cans into bins, or bring them back to where I "
                          "started; say which bin, or 'bring it back here'")


# A thing to be handed to someone said by name or as a person: "bring the blue cube over to Sam", "give Priya her cube",
# "take the can to grandma" (not "bring it to me": that is back to where the robot started)
_HANDED_TO = re.compile(r"^(?:(?:please|can you|could you|would you|now|ok|okay)[ ,]+)*(?:(?:bring|take|give|hand|carry|deliver|pass"
                        r"|fetch)(?: over)? (?:the|that|this|my|a|an|his|her|their) [A-Za-z ]+?(?: over| back)? to (?:the )?(?P<who>"
                        r"[A-Za-z]+)|(?:give|hand|pass) (?P<who2>[A-Z][a-z]+) (?:her|his|their|the|a|an|my) [A-Za-z ]+?)(?: please)?"
                        r"[.!?]*$", re.IGNORECASE)


class GoalUnderstanding:
    """Reads goals against the objects in view. ``timeouts_s``: time limit per skill [s];
    ``slow_speed_mps``: the speed cap of steps said to be done slowly [m/s]; ``encoder``: the
    sentence encoder of the intent model (None: lexicon only); ``top_speed_mps``: the fastest the
    robot drives [m/s] (a goal that asks for more, "at 100 km/h", is refused)."""

    name = "language"

    def __init__(self, timeouts_s: dict[str, float], slow_speed_mps: float, encoder: TextEncoder | None = None,
                 top_speed_mps: float = math.inf) -> None:
        self.timeouts_s = timeouts_s
        self.slow_speed_mps = slow_speed_mps
        self.top_speed_mps = top_speed_mps
        self.model = IntentModel(encoder) if encoder is not None else None

    def understand(self, goal: str, objects: Sequence[DetectedObject] = (), start_xy: tuple[float, float] = (0.0, 0.0),
                   held: str = "", camera_problems: Sequence[str] = ()) -> Understanding:
        """Steps or an answer; GoalRefused (no fallback may plan it) or GoalNotUnderstood.
        ``camera_problems``: of the frame ``objects`` came from (a covered camera sees nothing);
        ``start_xy``: the robot's position in odom when the goal starts [m] ("come back"). A goal
        that says to stop, or raises an alarm, stops even when the rest of it is not understood
        ("stop, there is a person in front of you", "danger!"); one that says its warning is over
        ("the floor was wet but it's dry now, go to the red box") is done slowly."""
        rest, told = without_resolved_warnings(without_context(said_plainly(goal)))
        understood = self._understand(rest, objects, start_xy, held, camera_problems)
        if not told:
            return understood
        return replace(understood, reason=f"slowly, as you said '{told}'; {understood.reason}".rstrip("; "))

    def _understand(self, goal: str, objects: Sequence[DetectedObject], start_xy: tuple[float, float], held: str,
                    camera_problems: Sequence[str]) -> Understanding:
        t0 = time.perf_counter()
        elliptical = _NOT_THAT_BUT_THIS.match(normalise(goal))
        if elliptical:  # "not the red box, the blue one" said first: go to the blue one
            goal = f"not {elliptical.group('no')}, go to {elliptical.group('yes')}"
        if only_complains(goal):  # "whoa, too close to the box!": not a place to go
            return Understanding(normalise(goal), (self._step("stop", "", "stop all motion"),),
                                 reason="stopping: you said I am going wrong", parse_ms=_ms(t0))
        if warns_of_hazard(goal):  # "there's a step in front of you": not a step to take
            return Understanding(normalise(goal), (self._step("stop", "", "stop all motion"),),
                                 reason="stopping: a warning of a hazard ahead", parse_ms=_ms(t0))
        if warns_of_someone(goal):  # "there's someone standing next to the red box": not a place to go
            return Understanding(normalise(goal), (self._step("stop", "", "stop all motion"),),
                                 reason="stopping, as the goal says; I don't see people, animals or vehicles, so I stop "
                                        "when one is mentioned", parse_ms=_ms(t0))
        if ends_in_interrupting_stop(goal):  # "go to the red box... STOP": the stop, not the rest first
            return Understanding(normalise(goal), (self._step("stop", "", "stop all motion"),),
                                 reason="stopping, as the goal says; a stop said last interrupts the rest", parse_ms=_ms(t0))
        refuse_clearing_or_handing(goal)  # "clear the way to the grey bin": not a drive there
        if runs_into_object(goal):  # "drive straight at the box and don't stop"
            raise GoalRefused("I do not drive into objects: I stop in front of what I go to; say 'go to ...' and I stop there")
        try:
            return self._understood(goal, objects, start_xy, held, camera_problems, t0)
        except (GoalRefused, GoalNotUnderstood) as exc:
            if not says_stop(goal):
                raise
            said = " ".join(w for w in normalise(goal).replace(",", " ").split() if w[0].isalnum())
            rest = "" if said in lx.STOP_PHRASES else f"; the rest is not planned: {exc}"  # "stop moving": nothing else said
            return Understanding(normalise(goal), (self._step("stop", "", "stop all motion"),),
                                 reason=f"stopping, as the goal says{rest}", parse_ms=_ms(t0))

    def _understood(self, goal: str, objects: Sequence[DetectedObject], start_xy: tuple[float, float], held: str,
                    camera_problems: Sequence[str], t0: float) -> Understanding:
        search = split_search_outcome(goal)
        if search is not None:
            return self._understand_search_outcome(goal, search, objects, start_xy, held, camera_problems, t0)
        watch = split_watch(goal)
        if watch is not None and watch.decided_if_in_view and Grounder(objects).candidates(watch.condition):
            watch = None  # "go to the red box unless you see a red cube" with one in view: decided now
        if watch is not None:
            return self._understand_watch(goal, watch, objects, start_xy, held, camera_problems, t0)
        asked_first = _QUESTION_THEN_REQUEST.match(goal.strip())
        if asked_first and not _asked_then_decides(goal):
            answered = object_told(answer(tokenize(normalise(asked_first.group("question"))), objects, held, camera_problems),
                                   objects)
            request = asked_first.group("request")
            if answered is not None and _POINTED.search(request):  # "what's in the red bin? bring it to me": the cube answered
                the_named = f"the {answered.name}"
                request = _POINTED.sub(lambda m: f"{m.group(1) or ''}{the_named}", request, count=1)
                kept = tuple(o for o in objects if o.name != answered.name or o.track_id == answered.track_id)
                return self._understood(request, kept, start_xy, held, camera_problems, t0)
        each_if = _conditional_sentences(goal)
        if len(each_if) > 1:  # "if the can is red put it in the red bin, if it's blue put it in the blue bin"
            return self._understand_each_conditional(goal, each_if, objects, start_xy, held, camera_problems, t0)
        conditional = split_conditional(goal)
        if conditional is not None:
            return self._understand_conditional(goal, conditional, objects, start_xy, held, camera_problems, t0)
        reply = _acknowledged(goal)
        if reply:  # "thanks", "good job", "ok": a reply, and nothing to do
            return Understanding(goal, answer=reply, reason="said in reply", parse_ms=_ms(t0))
        emptied = _EMPTY_THE_BIN.match(normalise(goal))
        if emptied:  # "empty the blue bin": what is in it could only go into another bin
            return self._bin_emptied(goal, emptied.group("bin"), objects, t0)
        if _WHERE_ARE_YOU.match(normalise(goal)):  # "where are you?": in odom, and what is nearest
            in_view = distinct_objects(objects)
            nearest = min(in_view, key=lambda o: math.hypot(*o.position_m[:2]), default=None)
            near = f"; the nearest thing I see is {Resolved(nearest.name, nearest).describe()}" if nearest is not None else ""
            told = f"I am at x {start_xy[0]:.2f} m, y {start_xy[1]:.2f} m in the odom frame (0, 0 is where odometry started){near}."
            return Understanding(goal, answer=told, reason="a question about the robot itself", parse_ms=_ms(t0))
        limits = self._limits_answer(goal)
        if limits:  # "what's your top speed?", "what are your limits?": what it holds itself to
            return Understanding(goal, answer=limits, reason="a question about the robot itself", parse_ms=_ms(t0))
        reachable = _CAN_REACH.match(normalise(goal))
        if reachable:  # "can you reach the red box?": asked, not asked for
            what = reachable.group("what")
            where = answer(tokenize(f"where is {what}?"), objects, held, camera_problems)
            lifted = " and pick it up" if what.rpartition(" ")[2] in GRASPABLE_LABELS else ""
            told = where if not where.startswith("The ") else \
                f"Yes: {where[:1].lower()}{where[1:]} I can drive to it{lifted}; " \
                f"say 'go to {what}' and I will."
            return Understanding(goal, answer=told, reason="a question", parse_ms=_ms(t0))
        told = can_lift_answer(goal, objects) or why_not_picked(goal, objects) or pickable_in_view(goal, objects) or \
            ability_answer(goal)
        if told:  # "can you pick up boxes?": a question about the robot, not a request
            return Understanding(goal, answer=told, reason="a question", parse_ms=_ms(t0))
        reading, tokens = read_goal(goal)
        undecided = "" if reading.question else undecided_condition(goal)
        if undecided:
            raise GoalRefused(f"I can't decide '{undecided}', and I won't ignore it; I decide conditions on what I see "
                              "('if you see a purple box, ...', 'if the green bin is empty, ...') and what to do when a "
                              "search finds nothing ('look for the purple box; if you can't find it, come back')")
        if reading.question:
            text = answer(tokens[0], objects, held, camera_problems)
            return Understanding(reading.text, answer=text, reason="a question", parse_ms=_ms(t0))
        for clause in reading.clauses:
            refusal = _cannot_do(clause) or _not_once_now(clause)
            if refusal:
                raise GoalRefused(refusal)
        clauses = _share_objects(self._with_intents(list(reading.clauses)))
        clauses = _merge_corrections(_narrow_by_exclusions(_share_destination(clauses)), objects)
        reports = [c.text for c in clauses if c.intent == "report"]
        clauses = [c for c in clauses if c.intent != "report"]
        if reports and not clauses:  # only requests to report: a question, answered now
            text = answer(reports[-1].split(), objects, held, camera_problems)
            return Understanding(reading.text, answer=text, reason="a question", parse_ms=_ms(t0))
        for clause in clauses:
            if clause.unknown_words:
                word = clause.unknown_words[0]
                raise GoalRefused(unknown_word_refusal(word))
        unclear = [c for c in clauses if not c.intent and not c.negated]
        if unclear:
            named = [o for o in unclear[0].objects if not o.pronoun]
            if named and _is_fragment(unclear[0]):  # "red box please": what to do with it is not said
                name = named[0].name
                raise GoalNotUnderstood(f"what should I do with the {name}? Say, for example, 'go to the {name}'; "
                                        f"{SKILL_SUMMARY}")
            raise GoalNotUnderstood(f"I don't understand '{unclear[0].text}'; {SKILL_SUMMARY}")
        steps, forbidden_steps, (keep_away, kept_ids), notes = self._build_clear_of_prohibitions(clauses, objects, start_xy,
                                                                                               held)
        steps = _at_each_stop(_ids_by_name(steps), reading.text)
        forbidden = list(dict.fromkeys((f.skill, f.target) for f in forbidden_steps))
        steps = [s for k, s in enumerate(steps)  # "find the purple box but don't go to it": the search alone
                 if not (s.skill == "navigate_to" and k > 0 and steps[k - 1].skill == "search"
                         and steps[k - 1].target == s.target and any(_same_action(s, f) for f in forbidden_steps))]
        for step in steps:
            if any(_same_action(step, f) for f in forbidden_steps):
                raise GoalRefused(f"the goal asks me both to and not to {_VERBS[step.skill]} the {step.target}")
            if step.target in keep_away and step.skill in _NEAR_SKILLS and \
                    not kept_away_from_other(step.target, step.object_id, kept_ids):
                raise GoalRefused(f"the goal asks me to keep away from the {step.target} and to {_VERBS[step.skill]} it")
        if _STAY_STILL.search(reading.text) and any(s.skill in ("navigate_to", "approach", "pick", "place") for s in steps):
            raise GoalRefused("the goal asks me both to move and to stay where I am; say one of them")  # "go to the bin without moving"
        if not steps:
            if held and any(c.intent == "pick" and not c.negated for c in clauses):
                raise GoalRefused(f"nothing to do: I am already holding the {held}")
            if keep_away and "around" in reading.text.split():  # "go around the red box" and nothing else
                raise GoalRefused(f"I can keep away from the {keep_away[0]} on the way somewhere, not drive around it; "
                                  f"say where to go, e.g. 'go around the {keep_away[0]} to the green bin'")
            if forbidden or keep_away:
                what = "; ".join([_not_to(s, t, pose_target_text(*start_xy)) for s, t in forbidden] +
                                 ([f"to keep away from the {', the '.join(keep_away)}"] if keep_away else []))
                raise OnlyForbidden(f"nothing to do: you asked me {what}", keep_away, kept_ids,
                                    tuple(dict.fromkeys((f.skill, f.target, f.object_id) for f in forbidden_steps)))
            negated = next((c for c in clauses if c.negated and c.intent in _EFFECT_SKILL), None)
            if negated is not None and negated.intent in ("goto", "move") and not negated.objects:
                return Understanding(reading.text, (self._step("stop", "", "stop all motion"),),  # "no moving", "you may not move"
                                     reason="stopping: you asked me not to move", parse_ms=_ms(t0))
            if negated is not None and not negated.objects and _EFFECT_SKILL[negated.intent] == "pick":
                raise OnlyForbidden(f"nothing to do: you asked me not to {_VERBS['pick']} anything",  # "no more picking things up"
                                    forbidden=(("pick", "object", ""),))
            if negated is not None:  # "do not pick up the"
                raise GoalRefused(f"nothing to do: you asked me not to {_VERBS[_EFFECT_SKILL[negated.intent]]} "
                                  f"{' and '.join(r.text for r in negated.objects) or 'anything'}")
            raise GoalNotUnderstood(f"I found nothing to do in '{reading.text}'; {SKILL_SUMMARY}")
        vias = sorted({c.via for c in clauses if c.via})
        reason = f"understood ({', '.join(vias)})"
        if keep_away:
            reason += f"; keeping away from the {', the '.join(keep_away)}"
        return Understanding(reading.text, tuple(steps), forbidden=tuple(forbidden), keep_away=tuple(keep_away),
                             keep_away_ids=kept_ids, reason=reason, parse_ms=_ms(t0), notes=tuple(notes), report=" and ".join(reports))

    def _limits_answer(self, goal: str) -> str:
        """The answer to a question about how fast, how far or how safely the robot moves ("what's your top
        speed?", "how fast can you go?", "what are your limits?", "are you safe?", "can you hurt people?");
        '' for any other goal."""
        text = " ".join(normalise(goal).lower().split())
        speed = "as fast as the safety shield allows" if math.isinf(self.top_speed_mps) else f"up to {self.top_speed_mps:.2f} m/s"
        moves = (f"I drive {speed}, {self.slow_speed_mps:.2f} m/s when asked to go slowly; a set drive is at most {MAX_DRIVE_M:g} m "
                 f"and a point at most {MAX_POINT_M:g} m away")
        if _SPEED_ASKED.match(text):
            return f"{moves}."
        if _LIMITS_ASKED.match(text):
            return (f"{moves}; a safety shield outside my planning caps speed and stops me short of obstacles, whatever "
                    "I am told, and an e-stop stops me at once.")
        if _HARM_ASKED.match(text):
            return ("No: I stop short of everything I drive to, a safety shield outside my planning keeps me from "
                    "obstacles, and I stop whenever a person or an animal is mentioned.")
        return ""

    def _bin_emptied(self, goal: str, said: str, objects: Sequence[DetectedObject], t0: float) -> Understanding:
        """"Empty the blue bin": said to be empty already, or what is in it and how to move it."""
        refs = read_objects(tokenize(said))[0]
        if not refs:
            raise GoalRefused(f"which bin? {WORLD_SUMMARY}")
        grounder = Grounder(objects)
        bin_ = grounder.resolve(refs[0]).obj
        if bin_ is None:
            raise GoalRefused(f"I don't see the {refs[0].name}; I see: {grounder.seen_list(grounder.objects) or 'nothing'}")
        inside = [o for o in grounder.objects if o is not bin_ and holds(bin_, o)]
        if not inside:
            return Understanding(goal, answer=f"The {bin_.name} is empty already.", reason="a bin said to be emptied",
                                 parse_ms=_ms(t0))
        first = inside[0].name
        raise GoalRefused(f"I can't tip a bin out, and I set things down only into bins; the {bin_.name} holds the "
                          f"{', the '.join(o.name for o in inside)}: say where each goes, e.g. 'put the {first} in the other bin'")

    def _understand_each_conditional(self, goal: str, parts: list[str], objects: Sequence[DetectedObject],
                                     start_xy: tuple[float, float], held: str, camera_problems: Sequence[str],
                                     t0: float) -> Understanding:
        """Conditions said one after another, each with its own request: each decided on its own, the
        requests of those met planned in the order said."""
        met: list[Understanding] = []
        not_met: list[str] = []
        for n, part in enumerate(parts):
            named = _CARRIED_NAMED.findall(parts[n - 1]) if n else []
            if named:  # "if there's no bin, hold the purple can; if there is one, bin it": it is the can
                part = re.sub(r"\bit\b", named[-1], part)
            try:
                met.append(self._understood(part, objects, start_xy, held, camera_problems, t0))
            except GoalRefused as refused:
                if "condition is not met" not in str(refused):
                    raise
                not_met.append(str(refused).removeprefix("nothing to do: "))
        if not met:
            raise GoalRefused(f"nothing to do: {'; '.join(not_met)}")
        steps = tuple(step for u in met for step in u.steps)
        keep_away = tuple(dict.fromkeys(name for u in met for name in u.keep_away))
        reason = "; ".join([*(u.reason for u in met), *not_met])
        return Understanding(normalise(goal), steps, forbidden=tuple(f for u in met for f in u.forbidden), keep_away=keep_away,
                             keep_away_ids=tuple(k for u in met for k in u.keep_away_ids), reason=reason, parse_ms=_ms(t0),
                             notes=tuple(n for u in met for n in u.notes))

    def _understand_conditional(self, goal: str, conditional: Conditional, objects: Sequence[DetectedObject],
                                start_xy: tuple[float, float], held: str, camera_problems: Sequence[str],
                                t0: float) -> Understanding:
        """The branch of a conditional goal that what is in view now picks, understood as a goal of its own."""
        name = conditional.condition.name
        blind = [p for p in camera_problems if p in UNUSABLE_FRAME_PROBLEMS]
        if blind:
            raise GoalRefused(f"I can't tell whether there is a {name}: my camera frame is {blind[0]}")
        if conditional.question:  # "if the green bin is empty, ...": the answer to "is the green bin empty?"
            seen, told = self._decide(conditional.question, objects, held, camera_problems)
        elif conditional.condition.unknown_color:  # "if you see a pink ball, ...": nothing seen is of a colour it doesn't know
            unknown = conditional.condition.unknown_color
            seen, told = False, f"nothing I see is {unknown} (I tell apart {COLORS_TEXT})"
        else:
            seen = bool(Grounder(objects).candidates(conditional.condition))
            a = "an" if name[:1] in "aeiou" else "a"
            told = f"I see {a} {name}" if seen else f"I don't see {a} {name}"
        branch = conditional.then_text if seen == conditional.when_seen else conditional.else_text
        if not branch:
            raise GoalRefused(f"nothing to do: {told}, so the condition is not met")
        # "it" in the branch taken when the condition fails is not the condition's object ("bring it to me, unless you
        # see a purple cube, in which case stop": the cube picked up)
        referent: ObjectRef | None = conditional.condition if conditional.question or seen == conditional.when_seen else None
        if conditional.question and _CARRYING.search(branch):
            # "if the blue cube is in the green bin, pick it up / take it out / bring it to me": the cube
            asked = read_objects(conditional.question.split())[0]
            cubes = [o for o in asked if o.kind in GRASPABLE_LABELS and not o.pronoun]
            bins = [o for o in asked if o.kind == "bin" and not o.pronoun]
            referent = cubes[0] if cubes else referent
            if bins and (cubes or held is not None):  # "..., put it there": into the bin the condition named
                branch = re.sub(r"\b(?:in |into )?there\b", f"in the {bins[0].name}", branch)
        if branch is conditional.else_text and conditional.then_text:
            # "is the yellow bin full? if so, put the blue cube in it; if not, put it in the green bin": the blue cube
            named = [o for o in read_objects(tokenize(conditional.then_text))[0]  # what it carries, not where it goes
                     if o.kind in (*GRASPABLE_LABELS, None) and o.color and not o.pronoun and not o.destination]
            referent = named[0] if named and named[0].name != conditional.condition.name else referent
        # "..., otherwise in the red bin": a branch that only says where, after a put, puts it there
        branch = re.sub(r"(^|, then |, and |, )(?:in|into|to) ((?:the |a )?[a-z]+ bin)$", r"\1put it in \2", branch)
        said = with_referent(branch, referent) if referent is not None else branch
        result = self.understand(said, objects, start_xy, held, camera_problems)
        return replace(result, goal=normalise(goal), reason=f"{result.reason}; {told}", notes=(told, *result.notes),
                       parse_ms=_ms(t0))

    def _understand_watch(self, goal: str, watch: Watch, objects: Sequence[DetectedObject], start_xy: tuple[float, float],
                          held: str, camera_problems: Sequence[str], t0: float) -> Understanding:
        """A request and an object to watch for while it runs, with what to do when it comes into view
        (taken by the plan runner: ``watch_for``, ``if_seen``)."""
        condition = watch.condition
        name = condition.name if condition.kind else f"{condition.color} {ANY_LABEL}"
        said = condition.name if condition.kind else f"anything {condition.color}"
        blind = [p for p in camera_problems if p in UNUSABLE_FRAME_PROBLEMS]
        if blind:
            raise GoalRefused(f"I can't watch for {_a(said)}: my camera frame is {blind[0]}")
        main = self.understand(watch.request_text, objects, start_xy, held, camera_problems)
        if main.is_answer or not main.steps:
            raise GoalNotUnderstood(f"I don't understand '{watch.request_text}' as something to do while watching for {_a(said)}")
        grounder = Grounder(objects)
        seen = grounder.candidates(condition)
        if seen and not watch.then_text:
            raise GoalRefused(f"I already see {_a(said)} ({grounder.seen_list(seen)}), so I would stop at once; "
                              f"say the request without the condition")
        then: tuple[PlanStep, ...] = ()
        if watch.then_text:
            branch = self.understand(with_referent(watch.then_text, replace(condition, text=said)), objects, start_xy, held,
                                     camera_problems)
            if branch.is_answer or not branch.steps:
                raise GoalNotUnderstood(f"I don't understand '{watch.then_text}' as something to do when I see {_a(said)}")
            then = branch.steps
        doing = "; ".join(s.description for s in then) if then else "stop there"
        told = f"watching for {_a(said)} while the plan runs: when one comes into view, {doing}"
        return replace(main, goal=normalise(goal), reason=f"{main.reason}; {told}", notes=(*main.notes, told),
                       watch_for=name, if_seen=then, parse_ms=_ms(t0))

    def _understand_search_outcome(self, goal: str, search: SearchOutcome, objects: Sequence[DetectedObject],
                                   start_xy: tuple[float, float], held: str, camera_problems: Sequence[str],
                                   t0: float) -> Understanding:
        """A search with what to do when it finds its object (planned after it) and when it finds
        nothing (``if_search_fails``, taken by the plan runner when the search step fails)."""
        text = f"{search.search_text} , then {search.found_text}" if search.found_text else search.search_text
        main = self.understand(text, objects, start_xy, held, camera_problems)
        looked_for = [s.target.removeprefix(f"{ANY_COLOR} ") for s in main.steps if s.skill == "search"]  # "any bottle": bottle
        if not looked_for:
            raise GoalNotUnderstood(f"I don't understand '{search.search_text}' as something to look for; {SKILL_SUMMARY}")
        if not search.missing_text:
            return replace(main, goal=normalise(goal), parse_ms=_ms(t0))
        try:
            fallback = self.understand(search.missing_text, objects, start_xy, held, camera_problems)
        except GoalNotUnderstood as exc:
            raise GoalNotUnderstood(f"what to do if I don't find the {looked_for[0]}: {exc}") from None
        except GoalRefused as exc:
            raise GoalRefused(f"what to do if I don't find the {looked_for[0]}: {exc}") from None
        if fallback.is_answer:  # "if you can't find it, tell me": a search that finds nothing ends the goal, saying so
            told = f"if I don't find the {looked_for[0]}, the goal ends and says so"
            return replace(main, goal=normalise(goal), notes=(*main.notes, told), parse_ms=_ms(t0))
        told = f"if I don't find the {looked_for[0]}: {'; '.join(s.description for s in fallback.steps)}"
        return replace(main, goal=normalise(goal), reason=f"{main.reason}; {told}", notes=(*main.notes, told),
                       if_search_fails=fallback.steps, parse_ms=_ms(t0))

    @staticmethod
    def _decide(question: str, objects: Sequence[DetectedObject], held: str,
                camera_problems: Sequence[str]) -> tuple[bool, str]:
        """Whether the yes/no ``question`` (or two joined by QUESTION_JOINS) is answered Yes, and
        the answers; GoalRefused when one gets no yes or no."""
        op = next((j for j in QUESTION_JOINS if f" {j} " in question), "")
        parts = question.split(f" {op} ") if op else [question]
        verdicts, answers = [], []
        for part in parts:
            try:
                told = answer(part.split(), objects, held, camera_problems).rstrip(".")
            except GoalRefused as exc:  # "if the red box is heavy": nothing a look tells
                raise GoalRefused(f"I can only decide a condition on what I see; {exc}") from None
            if not told.startswith(("Yes", "No")):
                raise GoalRefused(f"I can't answer '{part}?' with yes or no, so I can't decide the condition: {told}")
            verdicts.append(told.startswith("Yes"))
            answers.append(told)
        seen = all(verdicts) if op == QUESTION_JOINS[0] else any(verdicts)
        return seen, "; ".join(answers)

    # ------------------------------------------------------------------ reading
    def _with_intents(self, clauses: list[Clause]) -> list[Clause]:
        missing = [i for i, c in enumerate(clauses)  # via "lexicon" with no intent: read, and it asks for no action
                   if not c.intent and c.text and not c.unknown_words and not _is_fragment(c) and c.via != "lexicon"]
        if missing and self.model is not None:
            for i, guess in zip(missing, self.model.classify([clauses[i].text for i in missing]), strict=True):
                if guess.intent and not _only_a_side(clauses[i]):
                    clauses[i] = replace(clauses[i], intent=guess.intent, via="model")
        return clauses

    # ------------------------------------------------------------------ plan
    def _step(self, skill: str, target: str, description: str, resolved: Resolved | None = None,
              slow: bool = False) -> PlanStep:
        return PlanStep(skill, target, description, self.timeouts_s[skill],
                        object_id=resolved.object_id if resolved is not None else "",
                        max_speed_mps=self.slow_speed_mps if slow else 0.0)

    def _wait(self, seconds: float) -> PlanStep:
        return PlanStep("stop", wait_target_text(seconds), f"stay stopped for {seconds:g} s", self.timeouts_s["stop"] + seconds)

    def _at_said_speed(self, steps: list[PlanStep], clause: Clause) -> list[PlanStep]:
        """The clause's steps capped at the speed it says in numbers ("at 0.2 m/s"); the shield's
        limits stay the limits. GoalRefused for a speed beyond the robot's top speed: it would not
        be driven, and a plan that looked as if it were would mislead the person."""
        if clause.speed_mps <= 0.0 or not steps:
            return steps
        if clause.speed_mps > self.top_speed_mps:
            raise GoalRefused(f"the goal asks for {clause.speed_mps:.2f} m/s, and the robot drives at most "
                              f"{self.top_speed_mps:.2f} m/s; say a lower speed, or none")
        return [replace(s, max_speed_mps=min(clause.speed_mps, s.max_speed_mps or clause.speed_mps)) for s in steps]

    def _check_reachable_in_time(self, clause: Clause, steps: Sequence[PlanStep], resolved: Sequence[Resolved]) -> None:
        """GoalRefused for a time limit on the first step to an object in view that the robot could
        not keep even at its top speed in a straight line ("be at the bin in one second flat")."""
        limit_s = clause.times.limit_s
        first = steps[0]
        target = next((r.obj for r in resolved if r.obj is not None and r.object_id == first.object_id), None)
        if not limit_s or first.skill not in ("navigate_to", "approach") or target is None or self.top_speed_mps <= 0.0:
            return
        distance_m = math.hypot(target.position_m[0], target.position_m[1])
        if distance_m / self.top_speed_mps > limit_s:
            raise GoalRefused(f"the {target.name} is {distance_m:.1f} m away; at my top speed of {self.top_speed_mps:.2f} m/s "
                              f"that takes at least {distance_m / self.top_speed_mps:.0f} s, more than the {limit_s:g} s "
                              "you said; say a longer time, or none")

    def _timed(self, steps: list[PlanStep], clause: Clause) -> list[PlanStep]:
        """The clause's steps with the times it says (durations): a limit is the time limit of each
        step that goes to or looks for something; a time to keep at it is a search's limit ("look for
        the purple box for a minute") or a wait ("wait 5 seconds", "stay at the green bin for ten
        seconds"); a wait first comes before the steps."""
        times = clause.times
        if times == SaidTimes():
            return steps
        for seconds in (times.limit_s, times.for_s, times.after_s):
            if seconds > MAX_SAID_TIME_S:
                raise GoalRefused(f"{seconds / 60:g} minutes is longer than I take a time limit or a wait for "
                                  f"(up to {MAX_SAID_TIME_S / 60:g} minutes)")
            if 0.0 < seconds < MIN_SAID_TIME_S:
                raise GoalRefused(f"{seconds:g} s is too short to do anything in; say at least {MIN_SAID_TIME_S:g} s")
        limit_s = times.limit_s
        if times.for_s:
            if any(motion_target(s.target) for s in steps):
                raise GoalRefused("I drive set distances and turn set angles, not for a set time; say how far "
                                  "('go forward 1 m') or how much ('turn left 90 degrees')")
            if any(s.skill == "search" for s in steps):
                limit_s = limit_s or times.for_s  # "look around for 30 seconds for a purple box"
            elif steps and all(s.skill == "stop" for s in steps):
                steps = [*steps[:-1], self._wait(times.for_s)]  # "wait 5 seconds", "stay there for a minute"
            elif steps and steps[-1].skill in ("navigate_to", "approach"):
                steps = [*steps, self._wait(times.for_s)]  # "go to the green bin for ten seconds": and stay there
            elif steps:
                verb = _VERBS.get(steps[-1].skill, steps[-1].skill)
                raise GoalRefused(f"I can't {verb} for a set time; say how long to wait instead ('then wait 10 seconds')")
        if limit_s:
            looks = [s for s in steps if s.skill == "search"]
            limited = looks if clause.intent == "find" and looks else [s for s in steps if s.skill in _UP_TO_SKILLS]
            if not limited and steps:
                raise GoalRefused(f"a time limit of {limit_s:g} s needs something to go to or look for; "
                                  f"'{clause.text}' has neither")
            steps = [with_said_limit(s, limit_s) if any(s is t for t in limited) else s for s in steps]
        if times.after_s:
            steps = [self._wait(times.after_s), *steps]
        return steps

    def _build_clear_of_prohibitions(self, clauses: list[Clause], objects: Sequence[DetectedObject],
                                     start_xy: tuple[float, float], held: str) -> _Built:
        """The steps of ``clauses`` (as _build), where an object chosen among several ("the nearest
        box", "every box", "whatever is closest") that the goal also forbids or keeps away from is
        passed over for the next that fits: "go to the nearest box but don't go near the red box"
        goes to the nearest other box. An object the goal names itself is never passed over: "go to
        the red box but not the red box" stays a contradiction, refused by the caller."""
        ruled_out = [o for c in clauses if c.negated or c.intent == "avoid" for o in c.objects]

        def said_ruled_out(o: ObjectRef) -> bool:  # "the nearest box but not the nearest one": the same choice
            return any((r.superlative, r.ordinal, r.relation) == (o.superlative, o.ordinal, o.relation) and
                       r.color in (None, o.color) and r.kind in (None, o.kind) for r in ruled_out)

        acted_on = [o for c in clauses if not c.negated and c.intent != "avoid" for o in c.objects]
        if any(said_ruled_out(o) for o in acted_on):
            return self._build(clauses, objects, start_xy, held)  # a contradiction, refused by the caller
        named = {o.name for o in acted_on if o.color and o.kind and not (o.superlative in _RANKS or o.every or o.any_one
                                                                          or o.ordinal or o.relation)}
        passed_over: frozenset[str] = frozenset()
        first: GoalRefused | None = None
        forbidden_before: list[PlanStep] = []
        kept_before: tuple[list[str], tuple[tuple[str, str], ...]] = ([], ())
        for _ in range(len(objects) + 1):
            try:
                steps, forbidden_steps, (keep_away, kept_ids), notes = self._build(clauses, objects, start_xy, held,
                                                                                   passed_over)
            except _TouchClash as clash:  # "put all cubes in the red bin but don't touch the blue cube"
                first = first or clash
                if clash.name in named or not clash.object_ids or clash.object_ids <= passed_over:
                    raise first from None
                passed_over |= clash.object_ids
                continue
            except WhichOne as asked:  # "pick up a can but don't touch the blue can": of two cans, the other one
                ruled = {o.track_id for r in ruled_out if _rules_out_alone(r) for o in Grounder(objects).candidates(r)
                         if o.track_id in asked.choices and o.track_id not in passed_over}
                if not ruled and passed_over and first is None:
                    raise  # "grab a cube but don't touch the blue cube" of three: which of the other two?
                if ruled and set(asked.choices) <= passed_over | ruled:  # "pick up a can but don't touch the purple cans"
                    choices = [o for o in objects if o.track_id in asked.choices]
                    names = ", the ".join(dict.fromkeys(o.name for o in choices))
                    raise AllRuledOut(f"the goal rules out every {choices[0].label} I see (the {names}); name another, or say "
                                      "which of them I may touch") from None
                if not ruled or set(asked.choices) <= passed_over | ruled:
                    if first is not None or passed_over:
                        break
                    raise
                passed_over |= ruled
                continue
            except (GoalRefused, GoalNotUnderstood):
                if first is not None or passed_over:
                    break
                raise
            forbidden_steps = [*forbidden_before, *forbidden_steps]
            keep_away = list(dict.fromkeys([*kept_before[0], *keep_away]))
            kept_ids = tuple(dict.fromkeys([*kept_before[1], *kept_ids]))
            clashing = {s.object_id for s in steps if s.object_id and s.target not in named and (
                any(_same_action(s, f) for f in forbidden_steps) or
                (s.target in keep_away and s.skill in _NEAR_SKILLS and not kept_away_from_other(s.target, s.object_id, kept_ids)))}
            clashing |= _put_where_it_is(steps, objects) - {s.object_id for s in steps if s.target in named}
            if not clashing or clashing <= passed_over:
                return steps, forbidden_steps, (keep_away, kept_ids), notes
            forbidden_before, kept_before = forbidden_steps, (keep_away, kept_ids)
            passed_over |= clashing
        if first is not None:
            raise first
        return self._build(clauses, objects, start_xy, held)

    def _build(self, clauses: list[Clause], objects: Sequence[DetectedObject], start_xy: tuple[float, float],
               held: str, passed_over: frozenset[str] = frozenset()) -> _Built:
        """The plan's steps, the steps it forbids, what it keeps away from (names and (name, id)
        pairs) and notes; ``passed_over``: track ids not chosen for what the goal asks to act on."""
        grounder = Grounder(objects)
        steps: list[PlanStep] = []
        forbidden: list[PlanStep] = []  # the steps the goal says not to take
        prohibited: list[_Prohibited] = []
        notes: list[str] = []
        antecedent: Resolved | None = Resolved(held, None) if held else None  # "put it in the bin": the held cube
        holding = held
        held_object = antecedent  # what the robot holds when the steps so far are done
        for clause in clauses:
            grounder.passed_over = frozenset() if clause.negated or clause.intent in ("avoid", "move") else passed_over
            if clause.intent == "avoid":
                if any(ref.every and ref.kind is None and ref.color is None for ref in clause.objects):
                    prohibited.append(_Prohibited("", clause.contact))  # every object the plan does not go to
                    continue
                coloured = [o for ref in clause.objects if ref.kind is None and ref.color and not ref.pronoun
                            and not (ref.superlative or ref.ordinal or ref.relation) for o in grounder.objects
                            if o.color == ref.color]  # "keep away from anything red": each red object in view
                prohibited.extend(_Prohibited(o.name, clause.contact) for o in coloured)
                # "avoid any green bin", "without going near either green bin": each of them
                refs = [replace(ref, any_one=False, every=True) if ref.any_one and not (ref.superlative or ref.ordinal or
                                                                                       ref.relation) else ref
                        for ref in clause.objects]
                kept = [_named_before(grounder, ref) or self._resolve_loosely(grounder, ref, antecedent) for ref in refs]
                prohibited.extend(_Prohibited(r.name, clause.contact, r.object_id) for r in kept)
                if kept:  # "avoid the red box and go to the blue one": one is a box
                    antecedent = kept[0]
                continue
            if clause.intent == "move":
                if clause.negated:
                    continue  # "don't turn left": nothing to do; a goal of only that is refused below
                moves = [self._step("navigate_to", motion_target_text(m.kind, m.amount), m.describe(), slow=clause.slow)
                         for m in clause.motions]
                steps += self._timed(self._at_said_speed(moves, clause), clause)
                notes.extend(m.note for m in clause.motions if m.note)
                continue
            if clause.negated:
                resolved = [_named_before(grounder, ref) or self._resolve_loosely(grounder, ref, antecedent)
                            for ref in clause.objects]
                if not clause.intent:  # "skip the red box", "don't bother with the red cube": keep away from it
                    prohibited.extend(_Prohibited(r.name, False, r.object_id) for r in resolved if r.name != "object")
                    if resolved:
                        antecedent = resolved[0]
                    continue
                try:
                    negated_steps = self._clause_steps(clause, resolved, start_xy, "", steps)  # what it would do
                except (GoalRefused, GoalNotUnderstood):
                    negated_steps = []
                effect = _EFFECT_SKILL.get(clause.intent, "")
                for step in negated_steps:
                    if step.skill == effect:  # the action itself, not the steps that prepare it
                        forbidden.append(step)
                if resolved:
                    antecedent = resolved[0]
                continue
            clause = _each_one_seen(_one_of_alternatives(clause, grounder), grounder)
            clause = _into_matching_bins(_one_in_each(clause, grounder), grounder, held_object or antecedent)
            resolved = []
            local = antecedent
            for ref in clause.objects:
                if ref.demonstrative and local is not None and local.label == ref.kind:
                    ref = replace(ref, pronoun=True)  # "..., then go to that box": the box just named
                elif ref.demonstrative and any(r.label == ref.kind for r in grounder.mentioned):
                    local = next(r for r in reversed(grounder.mentioned) if r.label == ref.kind)
                    ref = replace(ref, pronoun=True)  # "..., then drop it in the same bin": the bin named before
                ref = _kind_the_skill_takes(clause.intent, ref, grounder)
                if clause.intent == "place" and held_object is not None and not ref.destination and ref.kind in GRASPABLE_LABELS \
                        and not (ref.color or ref.superlative or ref.ordinal or ref.relation or ref.other or ref.every):
                    ref = replace(ref, pronoun=True)  # "put the cube in the bin" while holding one: that one
                # "... the green bin, then drop the blue cube in it": where a thing goes is not the thing itself
                earlier = antecedent if ref.pronoun and ref.destination else local
                if ref.pronoun and ref.destination and (antecedent is None or antecedent.label != "bin"):
                    # "..., then put the orange cube in it too": where things go is the bin named last
                    earlier = next((r for r in reversed(grounder.mentioned) if r.label == "bin"), earlier)
                if ref.pronoun and not ref.destination and clause.intent == "place" and held_object is not None:
                    earlier = held_object  # "pick up the cube, go to the box, then put it in the bin": the cube
                if ref.pronoun and not ref.destination and clause.intent in ("pick", "place") and \
                        (earlier is None or earlier.label not in GRASPABLE_LABELS):
                    # "if the blue cube is in the green bin, pick it up": what is picked up is the cube named last
                    earlier = next((r for r in reversed(grounder.mentioned) if r.label in GRASPABLE_LABELS), earlier)
                if ref.back and earlier is not None:
                    earlier = _gone_to_before(steps, earlier, grounder)  # "... the blue box, then back there": the red box
                grounder.looks_alike = clause.intent != "find"  # "look for a silver can": a grey one, not the white one in view
                try:
                    resolved.append(_looked_for_by_colour(clause, ref, grounder)
                                    or grounder.resolve(ref, earlier if ref.pronoun or ref.kind is None or
                                                        (ref.other and ref.color is None) or
                                                        (ref.superlative and ref.color is None and ref.text.split()[-1:] == ["one"])
                                                        else None))  # "the closer red box, then the farther one": red too
                except ShadeNotSeen:
                    if clause.intent != "find":
                        raise
                    resolved.append(Resolved(ref.name, None))  # "look for a silver soda can": looked for as asked
                if not ref.pronoun and not ref.destination:
                    local = resolved[-1]  # "the green box - go there": a later pronoun of the clause means it
            clause_steps = self._timed(self._at_said_speed(self._clause_steps(clause, resolved, start_xy, holding, steps), clause),
                                       clause)
            if not steps and clause_steps:
                self._check_reachable_in_time(clause, clause_steps, resolved)
            if clause_steps and [(s.skill, s.target, s.object_id) for s in steps[-len(clause_steps):]] == \
                    [(s.skill, s.target, s.object_id) for s in clause_steps]:
                notes.append(f"'{clause.text}' repeats the step before it")
                continue
            if steps and clause_steps and _same_step(steps[-1], clause_steps[0]):
                clause_steps = clause_steps[1:]  # "approach the red cube slowly and pick it up": lined up once
            steps.extend(clause_steps)
            for step in clause_steps:
                if step.skill == "pick":
                    holding = step.target
                    held_object = next((r for r in resolved if r.name == step.target), Resolved(step.target, None))
                elif step.skill == "place":
                    holding, held_object = "", None
            acted = [r for r, ref in zip(resolved, clause.objects, strict=True) if not ref.destination] or resolved
            if acted:
                antecedent = acted[0]
        grounder.passed_over = frozenset()
        keep_away, notes = _settle_keep_away(prohibited, steps, grounder, notes)
        return steps, forbidden, keep_away, notes

    @staticmethod
    def _resolve_loosely(grounder: Grounder, ref: ObjectRef, antecedent: Resolved | None) -> Resolved:
        try:
            return grounder.resolve(ref, antecedent)
        except GoalRefused:
            return Resolved(ref.name, None)

    def _picked(self, cube: Resolved, holding: str, slow: bool) -> list[PlanStep]:
        """The steps that pick ``cube`` up: none when it is the one held; GoalRefused when another is."""
        if holding == cube.name:
            return []  # already held: "pick up the red cube" again
        if holding:  # the gripper holds one cube
            raise GoalRefused(f"I am holding the {holding}; put it somewhere first, e.g. 'put the {holding} in a bin'")
        return [self._step("approach", cube.name, f"line up with {cube.describe()}", cube, slow),
                self._step("pick", cube.name, f"pick up the {cube.name}", cube, slow)]

    def _clause_steps(self, clause: Clause, resolved: list[Resolved], start_xy: tuple[float, float],
                      holding: str, before: Sequence[PlanStep] = ()) -> list[PlanStep]:
        """The steps of one clause; ``before``: the steps planned so far."""
        slow, intent = clause.slow, clause.intent
        if intent == "stop":
            return [self._step("stop", "", "stop all motion")]
        if intent == "return":
            target = pose_target_text(*start_xy)
            return [self._step("navigate_to", target, f"come back to where the goal started ({target} in odom)", slow=slow)]
        if intent == "pose":
            if clause.pose is None:
                raise GoalNotUnderstood(f"which point? I did not hear two numbers in '{clause.text}'; say, for example, "
                                        "'go to the point 1.5 2'")
            away_m = math.dist(clause.pose, start_xy)
            if away_m > MAX_POINT_M:  # "go to the point 100 100"
                raise GoalRefused(f"the point ({clause.pose[0]:g}, {clause.pose[1]:g}) is {away_m:.0f} m from where I am; I drive to "
                                  f"points within {MAX_POINT_M:g} m")
            target = pose_target_text(*clause.pose)
            return [self._step("navigate_to", target, f"drive to {target} in odom", slow=slow)]
        if intent == "place" and before and before[-1].skill == "place" and \
                not any(ref.destination and ref.kind == "bin" for ref in clause.objects) and \
                all(ref.pronoun for ref in clause.objects if not ref.destination):
            return []  # "take the cube to the bin and drop it there": the place is planned already
        if not resolved:
            if intent == "place" and holding:
                raise GoalRefused(f"where should the {holding} go? Name the bin")
            if intent == "place":
                raise GoalRefused("I am not holding anything; name the cube and the bin, e.g. 'put the red cube in the "
                                  "blue bin'")
            raise GoalRefused(f"which object do you mean in '{clause.text}'? {WORLD_SUMMARY}")
        first = resolved[0]
        targets = [r for r, ref in zip(resolved, clause.objects, strict=True) if not ref.pronoun or len(resolved) == 1]
        if intent == "goto":  # "go to the red box and the blue box": one after the other
            return [self._step("navigate_to", t.name, f"drive to {t.describe()}", t, slow) for t in targets]
        if intent == "approach":
            return [self._step("approach", t.name, f"line up with {t.describe()}", t, slow) for t in targets]
        if intent == "find" and clause.facing:  # "face the red box": turned to it, not driven there
            return [self._step("search", t.name, f"turn until the {t.name} is in view", t, slow) for t in targets]
        if intent == "find":
            return [step for t in targets for step in (
                self._step("search", t.name, f"turn until the {t.name} is in view", t, slow),
                self._step("navigate_to", t.name, f"drive to the {t.name}", t, slow))]
        carried_to = [r for r, ref in zip(resolved, clause.objects, strict=True) if ref.destination and r.label not in ("bin", "cube")]
        if intent in ("pick", "place") and len(resolved) == 2 and carried_to == resolved[1:] and resolved[0].label in GRASPABLE_LABELS \
                and (intent == "pick" or set(clause.text.split()) & _CARRY_VERBS):
            cube, there = resolved  # "take / bring the red cube (with you) to the blue box": carried there, held
            return [*self._picked(cube, holding, slow),
                    self._step("navigate_to", there.name, f"carry the {cube.name} to {there.describe()}", there, slow)]
        if intent == "pick":
            if len([t for t in targets if t.label != "bin"]) > 1:
                raise GoalRefused(f"I can hold one thing at a time; say what to do with the {targets[0].name} first")
            cube = next((t for t in targets if t.label != "bin"), first)
            if cube.label not in GRASPABLE_LABELS:
                raise GoalRefused(f"I can only pick up {GRASPABLE_TEXT}, not a {cube.label}")
            return self._picked(cube, holding, slow)
        if intent == "place":
            refs = clause.objects
            bins = [r for r, ref in zip(resolved, refs, strict=True) if ref.destination]
            things = [r for r, ref in zip(resolved, refs, strict=True) if not ref.destination]
            if not bins and len(resolved) >= 2:
                bins, things = [resolved[-1]], resolved[:-1]
            if len(bins) >= 2 and len(things) == len(bins):  # "put the red cube in the blue bin and the green cube in ..."
                pairs: list[PlanStep] = []
                for thing, bin_ in zip(things, bins, strict=True):
                    pairs += self._place(thing.name, thing, bin_, holding, slow)
                    holding = ""
                return pairs
            reached = before[-1] if before and before[-1].skill in ("navigate_to", "approach") else None
            if not bins and (holding or things) and reached is not None and reached.target.endswith(" bin"):
                # "pick up the blue cube, go to the green bin and drop it", "go to the green bin and put
                # the red cube there": into the bin just reached
                bins = [next((t for t in things if t.name == reached.target), Resolved(reached.target, None))]
                things = [t for t in things if t.name != reached.target]
            if not bins and holding and len(things) == 1 and things[0].name.endswith(" bin"):
                bins, things = things, []  # "grab the red cube and drop it (off) at the yellow bin"
            carried = [t for t in things if t.name.split(" ")[-1] not in GRASPABLE_LABELS]
            if not bins and len(things) == 1 and carried:  # "put away the blue ball": it cannot be carried at all
                raise GoalRefused(f"I can only pick up and carry {GRASPABLE_TEXT}, not a {carried[0].name.split(' ')[-1]}")
            if not bins:
                raise GoalRefused("where should it go? Name the bin, e.g. 'put the red cube in the blue bin'")
            if len(things) >= 2 and len(bins) == 1:  # "put the red cube and the blue cube in the green bin": each in turn
                each: list[PlanStep] = []
                for thing in things:
                    each += self._place(thing.name, thing, bins[0], holding, slow)
                    holding = ""
                return each
            cube_name = things[0].name if things else holding
            if not cube_name:
                raise GoalRefused("which one? Name it, e.g. 'put the red cube in the blue bin'")
            named_bins = [b for b in bins if b.label == "bin"]
            if len({b.object_id or b.name for b in named_bins}) >= 2:  # "the left cube in the blue bin, the rest in the orange one"
                raise GoalRefused(f"the goal names {len(named_bins)} bins ({', '.join(f'the {b.name}' for b in named_bins)}) for "
                                  f"one thing to put; say which goes where, e.g. 'put the {cube_name} in the {named_bins[0].name}'")
            return self._place(cube_name, things[0] if things else None, bins[-1], holding, slow)
        raise GoalNotUnderstood(f"I don't understand '{clause.text}'; {SKILL_SUMMARY}")

    def _place(self, cube_name: str, cube: Resolved | None, dest: Resolved, holding: str, slow: bool) -> list[PlanStep]:
        if cube_name.split(" ")[-1] not in GRASPABLE_LABELS:
            raise GoalRefused(f"I can only pick up {GRASPABLE_TEXT}, not a {cube_name.split(' ')[-1]}")
        if dest.label != "bin":
            raise GoalRefused(f"I can only put {GRASPABLE_TEXT} into bins, not into a {dest.label}")
        place = [self._step("approach", dest.name, f"line up with {dest.describe()}", dest, slow),
                 self._step("place", dest.name, f"drop the {cube_name} into the {dest.name}", dest, slow)]
        if holding and holding == cube_name:
            return place
        if holding:  # the gripper holds one cube
            raise GoalRefused(f"I am holding the {holding}; put it somewhere first, e.g. 'put the {holding} in the {dest.name}'")
        if cube is None:
            raise GoalRefused(f"I am not holding the {cube_name}")
        pick = [self._step("approach", cube.name, f"line up with {cube.describe()}", cube, slow),
                self._step("pick", cube.name, f"pick up the {cube.name}", cube, slow)]
        if dest.obj is None and cube.obj is not None:  # the bin looked for first: no cube carried to a bin never found
            pick.insert(0, self._step("search", dest.name, f"look for the {dest.name} (not in view) before picking up the "
                                                           f"{cube.name}", dest, slow))
        return [*pick, *place]


_THANKS_WORDS = frozenset({"thanks", "thank", "you", "very", "much", "so", "a", "lot", "cheers", "ta", "thx", "ty",
                           "appreciated", "appreciate", "it", "many", "robot"})
_PRAISE_WORDS = frozenset({"good", "great", "nice", "well", "done", "job", "work", "perfect", "excellent", "awesome",
                           "cool", "brilliant", "wonderful", "amazing", "bravo", "robot", "that", "was", "very", "is",
                           "lovely", "sweet", "neat", "beautiful", "fantastic", "superb", "splendid", "marvellous",
                           "marvelous", "one", "yay", "woohoo", "lol", "haha", "hehe", "wow", "thats", "really", "so",
                           "super", "terrific", "outstanding", "impressive", "smooth", "champion", "legend", "boy", "girl",
                           "you", "are", "doing", "little", "buddy", "mate", "pal", "such", "a", "keep", "up"})
# A remark that asks for nothing: "haha, you look like a vacuum cleaner", "nice weather today, isn't it?"
_REMARK = re.compile(r"^(?:(?:haha|hehe|lol|wow|aw+|oh|hmm|well|ok|okay)[ ,!.]+)*(?:you (?:look|sound|seem|are so|are such|are a|re a|"
                     r"re so)\b|nice (?:weather|day|one)|(?:it's|it is|its|what) (?:a |such a )?(?:nice|lovely|beautiful|cold|hot|"
                     r"sunny|rainy|long|busy) (?:day|weather|morning|evening|afternoon)|(?:i'm|i am|im) (?:fine|good|ok|okay|alright|"
                     r"great|well)|good morning|good evening|good night)[^.!?]*(?:,? (?:isn't it|right|huh|eh))?[.!?]*$",
                     re.IGNORECASE)
# Said in surprise or doubt, with nothing asked for: "wait what?", "huh?", "bruh", "seriously?"
_REACTION_WORDS = frozenset({"what", "huh", "eh", "hmm", "really", "seriously", "bruh", "bro", "lol", "haha", "wait", "oh",
                             "hm", "um", "uh", "ok", "okay", "whatever", "yeah", "meh", "wat", "wut", "robot"})
_OK_WORDS = frozenset({"ok", "okay", "alright", "got", "it", "i", "see", "understood", "fine", "sure", "yes", "yeah",
                       "yep", "robot", "good", "whatever", "that", "is", "copy", "roger", "wilco", "affirmative", "over", "ack",
                       "acknowledged", "out"})  # not "right": alone it is a turn, or the right one


# A goal said as a correction with no verb and nothing before it: "not the red box, the blue one".
_NOT_THAT_BUT_THIS = re.compile(r"^(?:no,? )?not (?P<no>(?:the|that|this) [a-z ]+?)\s*[,;]\s*(?:but |i mean |i meant |rather )?"
                                r"(?P<yes>(?:the|that|this) (?:[a-z]+ )?(?:[a-z]+ )?(?:one|box|cube|bin)(?: on the (?:left|right))?)"
                                r"(?: please)?(?:,? (?:go|drive|head) (?:there|to it|over there))?[ .!]*$")
# A question whether the robot can get to an object, said with a question mark: answered, nothing moves.
_EMPTY_THE_BIN = re.compile(r"^(?:(?:please|can you|could you|would you|now|ok|okay)[ ,]+)*(?:empty|empty out|clear out|clean out|"
                            r"tip out|tip over|unload|clear) (?P<bin>(?:the|that|this) (?:[a-z]+ )?(?:bin|tub|basket|bucket|"
                            r"container))(?: out)?(?: please)?[ .!?]*$")
_CAN_REACH = re.compile(r"^(?:(?:can|could) you|are you able to|would you be able to) (?:even )?reach (?P<what>(?:the|that|this) "
                        r"[a-z ]+?)(?: from (?:here|there|where you are))?\s*\?+\s*$")
_HESITATIONS = frozenset({"hmm", "hm", "hmmm", "hmmmm", "um", "umm", "uh", "uhh", "er", "erm", "uhm", "mhm", "mm", "mmm",
                          "well", "so"})


def _acknowledged(goal: str) -> str:
    """The reply to a goal of nothing but thanks ("thank you", "cheers"), praise ("good job", "well
    done") or an acknowledgement ("ok", "got it"); "" for anything else."""
    try:
        words = [t for t in tokenize(normalise(goal)) if t[0].isalnum()]
    except GoalRefused:
        return ""
    if not words:
        return ""
    said = set(words)
    if said & {"thanks", "thank", "cheers", "ta", "thx", "ty", "appreciated", "appreciate"} and \
            said <= _THANKS_WORDS | _PRAISE_WORDS | _OK_WORDS:  # "ok thanks"
        return "You're welcome."
    if said & {"job", "done", "work", "perfect", "excellent", "awesome", "brilliant", "wonderful", "amazing", "bravo",
               "great", "nice", "cool", "lovely", "sweet", "neat", "beautiful", "fantastic", "superb", "splendid", "marvellous",
               "marvelous", "yay", "woohoo", "terrific", "outstanding", "impressive", "smooth", "legend"} and said <= _PRAISE_WORDS \
            and not goal.rstrip().endswith("?"):  # not "are you done?"
        return "Thank you."
    if said <= _OK_WORDS | _PRAISE_WORDS and said & {"ok", "okay", "alright", "got", "understood", "fine", "sure", "copy", "roger",
                                                     "wilco", "affirmative", "ack", "acknowledged"}:
        return "OK."  # "ok cool"
    if said <= _HESITATIONS:
        return "I'm listening; say what I should do."
    if _REMARK.match(goal.strip()) and not any(lx.kind_of(w) or lx.color_of(w) for w in words):
        return "OK."  # "haha, you look like a vacuum cleaner"
    raw = set(re.findall(r"[a-z]+", goal.lower()))
    if raw and raw <= _REACTION_WORDS and raw & {"what", "huh", "eh", "really", "seriously", "bruh", "bro", "lol", "haha",
                                                  "whatever", "meh", "wat", "wut"}:
        return "I'm listening; say what I should do."  # "wait what?", "bruh"
    return ""


def _share_objects(clauses: list[Clause]) -> list[Clause]:
    """"find and pick up the red cube": a request that names nothing, said just before one that
    does, is about the same thing (what it acts on, not where that goes)."""
    clauses = list(clauses)
    for n in range(len(clauses) - 1):
        bare, full = clauses[n], clauses[n + 1]
        if bare.intent in ("find", "approach", "pick") and not bare.objects and not bare.negated and not bare.motions \
                and bare.pose is None and full.intent and not full.negated:
            things = tuple(o for o in full.objects if not o.destination and not o.pronoun)
            if things:
                clauses[n] = replace(bare, objects=things[:1])
    return clauses


def _share_destination(clauses: list[Clause]) -> list[Clause]:
    """"put the red cube and then the blue cube in the green bin": a put that names no place, said
    just before another put (or an object alone) that names one, goes to the same place."""
    clauses = list(clauses)
    for n in range(len(clauses) - 2, -1, -1):
        first, second = clauses[n], clauses[n + 1]
        places = tuple(o for o in second.objects if o.destination and not o.pronoun)
        if not places or first.negated or second.negated or any(o.destination for o in first.objects) or \
                not (second.intent == "place" or (not second.intent and _is_fragment(second))):
            continue
        objects = (*first.objects, *places)
        if first.intent == "place" or (not first.intent and "place" in cue_intents(first.text.split(), list(objects))):
            clauses[n] = replace(first, intent="place", objects=objects, via=first.via or "lexicon")
    return clauses


def _is_fragment(clause: Clause) -> bool:
    """A clause that only names objects ('no, the blue one', '..., then the farthest one', 'the
    green box - go there'): it takes the action of a clause beside it rather than a guess of the
    intent model."""
    if not clause.objects:
        return False
    named = {w for o in clause.objects for w in o.text.split()} | {w for o in clause.objects if o.anchor for w in o.anchor.text.split()}
    return all(said_back(w) in named or w in _FRAGMENT_WORDS or not w[0].isalnum() for w in clause.text.split())


def _narrow_by_exclusions(clauses: list[Clause]) -> list[Clause]:
    """'go to the box but not the red one', 'pick up a cube, not the blue one': a negated fragment
    after an action whose object names no colour excludes its colours from that object."""
    clauses = list(clauses)
    for n in range(1, len(clauses)):
        excluded, action = clauses[n], clauses[n - 1]
        if not (excluded.negated and excluded.intent in ("", action.intent) and excluded.objects and _is_fragment(excluded)) \
                or not action.intent or action.negated:
            continue
        colours = tuple(o.color for o in excluded.objects if o.color and not o.pronoun)
        kinds = {o.kind for o in excluded.objects} - {None}
        place = next((o.superlative for o in excluded.objects if o.superlative and not o.color), "")
        if not colours and not place:
            continue
        if colours:
            narrowed = tuple(replace(o, not_colors=(*o.not_colors, *colours))
                             if o.color is None and not o.pronoun and (not kinds or o.kind in kinds)
                             else o for o in action.objects)
        else:  # "go to a box but not the closest one": the one the position picks is out
            open_to = [k for k, o in enumerate(action.objects) if not o.superlative and not o.not_superlative and not o.pronoun
                       and (o.kind in kinds if kinds else True)]
            # a kind-less "one" is the object named last ("put the red cube in the green bin, not the one on the left")
            meant = set(open_to[-1:] if not kinds else open_to)
            narrowed = tuple(replace(o, not_superlative=place) if k in meant else o for k, o in enumerate(action.objects))
        if narrowed != action.objects:
            clauses[n - 1] = replace(action, objects=narrowed)
            clauses[n] = replace(excluded, objects=(), text="")  # said by the exclusion: nothing of its own
    return [c for c in clauses if c.text]


def _follows_an_action(clauses: list[Clause], n: int) -> bool:
    """Whether clause n comes after an action, directly or after fragments that take its action ("go
    to the red box, then the blue box, then the green bin, then come back": the green bin is a
    place to go to, not what "come back" is about)."""
    k = n - 1
    while k >= 0 and not clauses[k].intent and not clauses[k].negated and not clauses[k].correction \
            and _is_fragment(clauses[k]):
        k -= 1
    return k >= 0 and bool(clauses[k].intent)


def _slot_named(objects: tuple[ObjectRef, ...], said: tuple[ObjectRef, ...]) -> int | None:
    """The index of the one object of ``objects`` that ``said`` names by colour and kind; None otherwise."""
    if len(said) != 1 or not (said[0].color and said[0].kind):
        return None
    slots = [k for k, o in enumerate(objects) if (o.color, o.kind) == (said[0].color, said[0].kind)]
    return slots[0] if len(slots) == 1 else None


def _corrects_earlier(earlier: list[Clause], correction: Clause) -> int | None:
    """The index of the clause before the last one that a correction naming only a kind of object
    corrects, when the last clause acts on no object of that kind ("go to the red box and then come
    back. no, the left box": the red box, not the coming back); None otherwise."""
    kinds = {o.kind for o in correction.objects if not o.destination}
    if len(kinds) != 1 or None in kinds or not earlier or \
            any(o.kind in kinds for o in earlier[-1].objects if not o.destination and not o.pronoun):
        return None
    return next((k for k in range(len(earlier) - 2, -1, -1) if earlier[k].intent and not earlier[k].negated and
                 any(o.kind in kinds for o in earlier[k].objects if not o.destination)), None)


def _takes_out(earlier: list[Clause], correction: Clause) -> int | None:
    """The index of the clause before the last one that a negated correction names, by colour and
    kind, when it is the only object that clause acts on: the step taken out of the plan ("..., no,
    not the blue box", "..., actually skip the blue box"); None otherwise (a correction replaces
    the clause right before it)."""
    named = {(o.color, o.kind) for o in correction.objects if o.color and o.kind}
    if not named or len(named) != len(correction.objects):
        return None
    for k in range(len(earlier) - 2, -1, -1):
        acted = {(o.color, o.kind) for o in earlier[k].objects if not o.destination} or \
            ({(o.color, o.kind) for o in earlier[k].objects} if earlier[k].intent == "goto" else set())  # "then to the yellow bin"
        if earlier[k].intent and not earlier[k].negated and acted and acted <= named and \
                all(o.color and o.kind for o in earlier[k].objects):
            return k
    return None


def _merge_corrections(clauses: list[Clause], seen: Sequence[DetectedObject] = ()) -> list[Clause]:
    """A correction replaces the clause before it; a fragment without an action takes the action of
    the clause before it ('go to the yellow box, not the red one'), or gives its objects to the
    action after it when it comes first ('the navy basket, go there'; 'red box, go'). ``seen``: the
    objects in view, which say which noun "the orange one" corrects."""
    clauses = list(clauses)
    for n in range(len(clauses) - 1):
        head, action = clauses[n], clauses[n + 1]
        if head.intent or head.negated or head.correction or not head.objects or _follows_an_action(clauses, n):
            continue
        if all(o.destination for o in head.objects):  # "in the green bin, place the red cube"
            objects = (*action.objects, *head.objects)
            intent = action.intent or next(iter(cue_intents(action.text.split(), list(objects))), "")
            if intent:
                clauses[n + 1] = replace(action, intent=intent, objects=objects, slow=action.slow or head.slow,
                                         via=action.via or "lexicon")
                clauses[n] = replace(head, objects=(), text="")
            continue
        if not action.intent:
            continue
        elif not [o for o in action.objects if not o.pronoun]:
            clauses[n + 1] = replace(action, objects=head.objects, slow=action.slow or head.slow)
            clauses[n] = replace(head, objects=(), text="")
    clauses = [c for c in clauses if c.text]
    merged: list[Clause] = []
    swapped_in: set[int] = set()  # clauses already put in place of an object ruled out just before them
    for at, clause in enumerate(clauses):
        if at in swapped_in:
            continue
        previous = merged[-1] if merged else None
        meant_instead = clauses[at + 1] if at + 1 < len(clauses) and not clauses[at + 1].intent and \
            clauses[at + 1].objects and not clauses[at + 1].negated else None
        ruled_out = _slot_named(previous.objects, clause.objects) \
            if previous is not None and previous.intent and len(previous.objects) > 1 and clause.negated and \
            not clause.intent and meant_instead is not None else None
        if ruled_out is not None and previous is not None and meant_instead is not None:
            # "go to the blue bin and the red bin, no, not the red bin, the yellow bin": the yellow bin for the red one
            old = previous.objects[ruled_out]  # the one meant takes its place: its role, and its kind unless it says one
            meant = tuple(replace(o, kind=o.kind or old.kind, destination=old.destination) for o in meant_instead.objects)
            merged[-1] = replace(previous, objects=(*previous.objects[:ruled_out], *meant, *previous.objects[ruled_out + 1 :]))
            swapped_in.add(at + 1)
            continue
        if clause.correction and previous is not None and not clause.intent and previous.intent == "pick" and \
                clause.objects and all(o.destination and o.kind in ("bin", None) for o in clause.objects):
            merged.pop()  # "pick up the red cube. no, into the blue bin": where it goes, so a put
            clause = replace(clause, intent="place", via="inherited", slow=clause.slow or previous.slow,
                             objects=(*previous.objects, *(replace(o, kind="bin") for o in clause.objects)))
        elif clause.negated and not clause.intent and meant_instead is None and previous is not None and previous.intent \
                and len(previous.objects) > 1 and _is_fragment(clause) and \
                (slot := _slot_named(previous.objects, clause.objects)) is not None:
            # "go to the red box, the green box and the blue box. no, not the green box": the others
            merged[-1] = replace(previous, objects=(*previous.objects[:slot], *previous.objects[slot + 1 :]))
            continue
        elif clause.negated and not clause.intent and meant_instead is not None and _is_fragment(clause) and \
                (named := _earlier_naming(merged, clause.objects)) is not None:
            # "go to the red box, then the blue box, then the green bin. no, not the blue box, the yellow box";
            # "put the red cube in the green bin, then go to the blue box. no, not the green bin, the yellow bin"
            step_at, slot = named
            old = merged[step_at].objects[slot]
            meant = tuple(replace(o, kind=o.kind or old.kind, destination=old.destination) for o in meant_instead.objects)
            merged[step_at] = replace(merged[step_at], objects=(*merged[step_at].objects[:slot], *meant,
                                                                 *merged[step_at].objects[slot + 1 :]))
            swapped_in.add(at + 1)
            continue
        elif clause.correction and previous is not None and (clause.negated or clause.intent == "avoid") and \
                (out := _takes_out(merged, clause)) is not None:
            del merged[out]  # "X, then the blue box, then Y. no, not the blue box": X, then Y
        elif clause.correction and previous is not None and not clause.intent and \
                (k := _corrects_earlier(merged, clause)) is not None:
            # "pick up the blue cube and put it in the bin. no, the left cube": the cube of the pick
            merged[k] = replace(merged[k], objects=_replace_roles(merged[k].objects, clause.objects),
                                slow=merged[k].slow or clause.slow)
            continue
        elif clause.correction and previous is not None and previous.intent == "return" and not previous.objects and \
                not clause.intent and clause.objects and len(merged) >= 2 and merged[-2].objects:
            # "bring me the orange cube, no, the grey can": the fetch corrected, its return kept
            merged[-2] = replace(merged[-2], objects=_replace_roles(merged[-2].objects, clause.objects),
                                 slow=merged[-2].slow or clause.slow)
            continue
        elif clause.correction and previous is not None:
            merged.pop()
            if not clause.intent:
                pose = clause.pose
                if previous.intent == "pose" and pose is None:  # "the point one one, no, make that two one"
                    pose = point_numbers(clause.text.split()) or previous.pose
                clause = replace(clause, intent=previous.intent, slow=clause.slow or previous.slow, via="inherited",
                                 objects=_replace_roles(previous.objects, clause.objects, seen=seen), pose=pose,
                                 facing=clause.facing or previous.facing)  # "turn to face the bin. no, the ball": face it
            elif previous.objects:  # "find the green cube. On second thought, find the yellow one."
                clause = replace(clause, objects=tuple(
                    replace(o, kind=previous.objects[0].kind) if o.kind is None and not o.pronoun else o
                    for o in clause.objects))
        elif clause.negated and not clause.intent and previous is not None and previous.intent and \
                not previous.negated and meant_instead is not None and _is_fragment(clause) and \
                _names_one_of(clause.objects, previous.objects):
            merged[-1] = replace(previous, negated=True)  # "go to the blue bin, not the blue bin, the yellow one"
            continue
        elif clause.negated and not clause.intent and previous is not None and previous.intent == "place" and \
                clause.objects and all(not o.destination and o.kind in GRASPABLE_LABELS for o in clause.objects):
            clause = replace(clause, intent="pick", via="inherited")  # "put the red cube in the bin, not the green cube"
        elif not clause.intent and previous is not None and clause.objects and previous.intent:
            if previous.intent == "stop" and not previous.objects:  # "go to A, wait 3 secs, then the blue cube": a go-to, not a wait
                previous = next((c for c in reversed(merged) if c.intent and c.intent != "stop"), previous)
            clause = replace(clause, intent=previous.intent, via="inherited", facing=clause.facing or previous.facing,
                             objects=_replace_roles(previous.objects, clause.objects, correction=False))
        merged.append(clause)
    return merged


def _earlier_naming(merged: list[Clause], said: tuple[ObjectRef, ...]) -> tuple[int, int] | None:
    """The index of an earlier clause one of whose objects ``said`` names, and that object's index (a
    negated fragment ruling it out: "..., no, not the blue box, the yellow box"); None when none does.
    The clause just before is among them only when it acts on several objects (one alone is taken
    back whole)."""
    for k in range(len(merged) - 1, -1, -1):
        clause = merged[k]
        if not clause.intent or clause.negated or (k == len(merged) - 1 and len(clause.objects) < 2):
            continue
        slot = _slot_named(clause.objects, said) if len(clause.objects) > 1 else \
            (0 if _names_one_of(said, clause.objects) else None)
        if slot is not None:
            return k, slot
    return None


def _names_one_of(said: tuple[ObjectRef, ...], acted_on: tuple[ObjectRef, ...]) -> bool:
    """Whether the one object ``said`` (a negated fragment: "not the blue bin", "not the blue one")
    is one of ``acted_on``, the objects of the request before it: when another object follows as
    the one meant, that object was not meant, and the request is taken back rather than kept with a
    prohibition beside it."""
    if len(said) != 1 or said[0].pronoun or (said[0].color is None and said[0].kind is None):
        return False
    ref = said[0]
    return any(not o.pronoun and (ref.color is None or ref.color == o.color) and (ref.kind is None or ref.kind == o.kind)
               for o in acted_on)


def _replace_roles(before: tuple[ObjectRef, ...], after: tuple[ObjectRef, ...],
                   correction: bool = True, seen: Sequence[DetectedObject] = ()) -> tuple[ObjectRef, ...]:
    """The objects of a corrected clause, or of one that takes the action of the clause before it:
    each new object takes the place of the old one of its role (the destination bin, or the thing
    acted on); a kind-less 'one' is the noun named last unless only another's kind comes in its colour
    among ``seen`` (the objects in view), and keeps the old kind, and "the other one" the old colour too (it
    stands for "red box": the other of two red boxes). "The other box" with its kind named keeps the
    colour only in a correction; after a clause that was done ("go to the red box, then the other
    box") it is any other box."""
    if not before:
        return after
    if not correction and len(before) > 1 and not any(o.destination for o in before):
        # "visit the blue box, the purple bin and then the green cube": a new place to go, not a swap
        return tuple(replace(o, kind=before[-1].kind) if o.kind is None and not o.pronoun else o for o in after)
    result = list(before)
    for new in after:
        slot = next((i for i, old in enumerate(result) if old.destination == (new.kind == "bin" and len(before) > 1)),
                    0)
        if new.kind is None and not new.pronoun:  # "the green one" stands for the noun named last
            slot = len(result) - 1
            in_view = {(o.color, o.label) for o in seen}
            fits = [i for i, old in enumerate(result) if (new.color, old.kind) in in_view]
            if new.color and seen and (new.color, result[slot].kind) not in in_view and len(fits) == 1:
                slot = fits[0]  # "put the red can in the bin. no wait, the orange one": the orange can, as no bin is orange
        old = result[slot]
        one_anaphora = new.kind is None
        if one_anaphora and old.kind not in new.not_names:  # not "no, the red thing that isn't a can" after the red can
            new = replace(new, kind=old.kind)
        if new.color is None and ((new.other and (correction or one_anaphora)) or (correction and one_anaphora)):
            new = replace(new, color=old.color)  # "the red box, no, the one further away": the farther red box
        if new.other and correction and not old.pronoun:  # never planned, so no step has taken the old one
            new = replace(new, other_than=old)
        result[slot] = replace(new, destination=old.destination)
    return tuple(result)


@dataclass(frozen=True)
class _Prohibited:
    """An object the goal says to keep away from (``name``; "" for every object the plan does not go
    to: "avoid everything else"), or, with ``contact``, only not to touch ("don't touch it")."""

    name: str
    contact: bool = False
    object_id: str = ""  # the one object in view of that name meant, where the goal picked it out ("the left red box")


# What going up to an object does without touching it (the skills stop short of it).
_UP_TO_SKILLS = ("navigate_to", "approach", "search")


def _put_where_it_is(steps: Sequence[PlanStep], objects: Sequence[DetectedObject]) -> set[str]:
    """Track ids of the objects a plan picks up only to put them into the bin they are already in
    ("put the nearest grey cube in the purple bin" with one grey cube in it: a choice passes over that one)."""
    by_id = {o.track_id: o for o in objects if o.track_id}
    in_place: set[str] = set()
    picked = None
    for step in steps:
        if step.skill == "pick":
            picked = by_id.get(step.object_id)
        elif step.skill == "place" and picked is not None:
            bin_ = by_id.get(step.object_id)
            if bin_ is not None and holds(bin_, picked):
                in_place.add(picked.track_id)
            picked = None
    return in_place


def _rules_out_alone(ref: ObjectRef) -> bool:
    """Whether a reference said in a prohibition ("the blue can", "anything white", "the box on the
    left") names its objects by what they are, with no superlative, order or relation to weigh."""
    return bool(ref.color or ref.kind) and not (ref.superlative or ref.ordinal or ref.relation or ref.pronoun)


def kept_away_from_other(target: str, object_id: str, kept_ids: tuple[tuple[str, str], ...]) -> bool:
    """Whether a step to ``object_id`` (named ``target``) goes to another object of that name than
    the ones the goal kept away from ("avoid the left red box and go to the right one")."""
    ids = {i for name, i in kept_ids if name == target}
    return bool(ids and object_id and object_id not in ids)


def _settle_keep_away(prohibited: list[_Prohibited], steps: list[PlanStep], grounder: Grounder,
                      notes: list[str]) -> tuple[tuple[list[str], tuple[tuple[str, str], ...]], list[str]]:
    """The names to keep away from with the ids of the ones picked out among several of a name
    (kept_away_from_other), and the notes, once the plan's steps are known. "Everything
    else" becomes each object in view that no step goes to. An object said only not to be touched
    that a step goes up to, and none picks or puts into, is reached without a touch (the skills
    stop short) and noted; a step that would touch it is refused."""
    targets = {s.target for s in steps}
    named: list[_Prohibited] = []
    for item in prohibited:
        if item.name in LABELS:  # "the bins are off limits", "avoid the cubes": each of that kind in view
            named += [_Prohibited(o.name, item.contact) for o in grounder.objects if o.label == item.name] or [item]
        elif item.name:
            named.append(item)
        else:
            named += [_Prohibited(o.name, item.contact) for o in sorted(grounder.objects, key=lambda o: o.distance_m)
                      if o.name not in targets]
    kept: list[str] = []
    notes = list(notes)
    by_name = {o.name: 0 for o in grounder.objects}
    for o in grounder.objects:
        by_name[o.name] += 1
    every_one = {item.name for item in named if not item.object_id or by_name.get(item.name, 0) < 2}
    kept_ids: list[tuple[str, str]] = []
    for item in named:
        picked_one = item.name not in every_one  # "don't touch the left red box": that one, not its twin
        to_it = [s for s in steps if s.target == item.name and not (picked_one and s.object_id and s.object_id != item.object_id)]
        touching = [s for s in to_it if s.skill not in _UP_TO_SKILLS]
        if item.contact and touching:
            doing = "pick it up" if touching[0].skill == "pick" else f"{_VERBS[touching[0].skill]} it"
            raise _TouchClash(f"the goal asks me not to touch the {item.name} and to {doing}", item.name,
                              frozenset(s.object_id for s in touching if s.object_id))
        if item.contact and to_it:
            notes.append(f"going up to the {item.name} without touching it")
            continue
        kept.append(item.name)
        if picked_one:
            kept_ids.append((item.name, item.object_id))
    return (list(dict.fromkeys(kept)), tuple(dict.fromkeys(kept_ids))), notes


class _TouchClash(GoalRefused):
    """A step touches what the goal says not to touch: ``name``, ``object_ids`` (track ids)."""

    def __init__(self, message: str, name: str, object_ids: frozenset[str]) -> None:
        super().__init__(message)
        self.name, self.object_ids = name, object_ids


def _ids_by_name(steps: list[PlanStep]) -> list[PlanStep]:
    """Steps that name an object without its id ("..., go to the green bin and drop it": the bin just
    reached) given the id the plan's other steps resolved that name to, where they agree on one."""
    ids: dict[str, set[str]] = {}
    for step in steps:
        if step.object_id:
            ids.setdefault(step.target, set()).add(step.object_id)
    return [replace(s, object_id=next(iter(ids[s.target]))) if not s.object_id and len(ids.get(s.target, ())) == 1 else s
            for s in steps]


def _same_action(step: PlanStep, forbidden: PlanStep) -> bool:
    """Whether ``step`` is what ``forbidden`` says not to do: the same skill on the same name, unless
    both were resolved to different objects in view ("the red box on the right, not the one on the
    left")."""
    return (step.skill, step.target) == (forbidden.skill, forbidden.target) and \
        not (step.object_id and forbidden.object_id and step.object_id != forbidden.object_id)


def _same_step(a: PlanStep, b: PlanStep) -> bool:
    return (a.skill, a.target, a.object_id) == (b.skill, b.target, b.object_id)


def _only_a_side(clause: Clause) -> bool:
    """The clause names no object but a side ("trun left", "hang a right"): an unknown word with a
    direction is no request to go to the leftmost object, whatever the intent model guesses."""
    words = set(clause.text.split())
    return bool(clause.objects) and all(o.kind is None and not o.color and o.superlative in ("left", "right")
                                        for o in clause.objects) and not words & {"one", "thing", "object", "ones"}


def _named_before(grounder: Grounder, ref: ObjectRef) -> Resolved | None:
    """The object of the goal a kind said alone in a prohibition means: "go to the red box then the
    blue bin but skip the bin" (or "... that bin") is the blue bin, the bin named before; None when
    the reference says more than its kind or no object of that kind was named."""
    if not ref.kind or ref.color or ref.pronoun or ref.superlative or ref.ordinal or ref.relation or ref.other or ref.every:
        return None
    return next((r for r in reversed(grounder.mentioned) if r.label == ref.kind), None)


def _gone_to_before(steps: Sequence[PlanStep], there: Resolved, grounder: Grounder) -> Resolved:
    """Where "back there" goes when ``there`` (the place named last) is where the plan's last step
    already goes: the object gone to before it ("go to the red box, then the blue box, then back
    there" is the red box); ``there`` otherwise."""
    gone_to = [s.object_id for s in steps if s.skill in ("navigate_to", "approach") and s.object_id]
    if not gone_to or gone_to[-1] != there.object_id:
        return there
    before = next((oid for oid in reversed(gone_to) if oid != there.object_id), "")
    return next((r for r in reversed(grounder.mentioned) if before and r.object_id == before), there)


def _not_to(skill: str, target: str, start: str) -> str:
    """What a forbidden step forbids, in words: "not to go to the red box", "not to come back" (to
    ``start``, the target of the pose the goal started at)."""
    if target == start:
        return "not to come back"
    if target and motion_target(target) is not None:
        return "not to make that move"
    return f"not to {_VERBS[skill]}{' the ' + target if target else ''}"


def _looked_for_by_colour(clause: Clause, ref: ObjectRef, grounder: Grounder) -> Resolved | None:
    """"Look for something orange" with nothing orange in view: a search for anything of that colour
    (ANY_LABEL); "find a cube" with no cube in view: for a cube of any colour (ANY_COLOR). The plan
    runner names what the search finds. None for any other reference."""
    if clause.intent != "find" or clause.negated or (ref.kind is None) == (not ref.color) or \
            ref.unknown_color or ref.pronoun or ref.superlative or ref.ordinal or ref.relation or ref.other or ref.every \
            or ref.not_names or ref.not_colors or ref.contents or ref.said_distance_m or ref.destination or grounder.candidates(ref):
        return None  # "find a cube that isn't red": no search, which would stop at a red one
    return Resolved(f"{ref.color} {ANY_LABEL}" if ref.color else f"{ANY_COLOR} {ref.kind}", None)


def _kind_the_skill_takes(intent: str, ref: ObjectRef, grounder: Grounder) -> ObjectRef:
    """A kind-less reference of a pick or a place narrowed to the kind that skill takes, when one of
    that kind fits: "pick up the red thing" with a red box and a red cube in view is the cube, "put
    the yellow thing in the red thing" the yellow cube into the red bin. When none fits, the reference is left as it
    was and the skill says what it cannot do."""
    if ref.kind is not None or ref.pronoun or ref.every:
        return ref
    kinds = GRASPABLE_LABELS if intent in ("pick", "place") and not ref.destination \
        else ("bin",) if intent == "place" and ref.destination else ()
    fitting = [k for k in kinds if grounder.candidates(replace(ref, kind=k))]
    if len(fitting) > 1 and ref.superlative and not (ref.relation or ref.ordinal or ref.size_plainly):
        # "pick up the farthest thing": the farthest of what it can pick up, cube or can
        ranked = [o for k in fitting for o in grounder.candidates(replace(ref, kind=k, superlative=""))]
        if ranked:
            return replace(ref, kind=min(ranked, key=superlative_key(ref.superlative)).label)
    return replace(ref, kind=fitting[0]) if len(fitting) == 1 else ref  # a red cube and a red can: asked which


# Requests to do what none of the skills does, said with a verb the lexicon has no intent for: refused
# by name rather than guessed at ("open the yellow bin" is not a request to put something in it).
_CANNOT_VERBS = frozenset({"open", "close", "shut", "lock", "unlock", "clean", "wash", "wipe", "paint", "fold", "cut",
                           "break", "destroy", "follow", "stack", "explore", "dance", "sing", "jump", "fly", "climb",
                           "eat", "cook", "shake", "flip", "build", "tilt", "squeeze", "crush", "lick", "smell", "taste",
                           "read", "write", "photograph", "film", "weigh", "measure", "fix", "repair", "burn", "bury",
                           "hug", "kiss", "pet", "feed", "water", "sit", "ride", "steal", "sell", "buy", "kill", "label",
                           "tape", "glue", "unpack", "wrap", "unwrap", "rotate", "spin"})
# Verbs of handling a thing, after which "it" in a condition's branch is the cube the condition named.
_CARRYING = re.compile(r"\b(?:pick|grab|take|bring|fetch|carry|move|put|drop|place|lift|get|leave)\b.*\b(?:it|them)\b")
_AROUND_VERBS = frozenset({"circle", "orbit", "encircle", "circumnavigate", "loop"})


# Ways of getting somewhere a wheeled base has not: "fly to the blue bin" is not a request to drive there.
# ("hop over to the red box" is said for going there, and stays so.)
_CANNOT_GO_BY = frozenset({"fly", "swim", "teleport", "leap", "float", "levitate", "glide", "soar", "dive", "warp", "climb",
                           "skate", "ski", "parachute", "flies", "swims", "teleports"})


# Requests to move on the robot's own accord, with no object in view to go to.
_NO_WANDERING = "I don't wander to explore; say 'look around' and I turn once in place, or 'look for the red box' and I " \
    "search for it"
_ON_ITS_OWN = {
    "follow": f"I can't follow people or moving things; {SKILL_SUMMARY}",
    "patrol": "I do what a goal asks once, not rounds; say the places in turn ('go to the red box, then the blue box')",
    "explore": _NO_WANDERING, "wander": _NO_WANDERING, "roam": _NO_WANDERING,
}


_CANNOT_AFTER_AND = frozenset({"jump", "fly", "climb", "kick", "throw", "smash", "crush", "hop", "leap", "vault"})


def _cannot_do(clause: Clause) -> str:
    """Why a clause asks for something no skill does ("" when it does not, or names a skill)."""
    if clause.negated:
        return ""
    words = [w for w in clause.text.split() if w[0].isalpha() and w not in ("please", "now", "just", "then", "and", "also",
                                                                            "can", "could", "you", "would", "will")]
    if not words:
        return ""
    if any(words[k : k + 3] == ["in", "a", "circle"] or words[k : k + 2] == ["in", "circles"] for k in range(len(words))):
        return "I can't drive in a circle; I turn in place ('spin around once') and drive straight ('drive 1 metre')"
    said = clause.text.split()
    joined = next((w for k, w in enumerate(said) if k > 0 and said[k - 1] in ("and", "then")
                   and w in _CANNOT_VERBS | _CANNOT_AFTER_AND), "")
    if joined:  # "go to the cone and jump over it": a step no skill does, said after one it does
        return f"I can't {joined} things; {SKILL_SUMMARY}"
    if words[0] in _CANNOT_GO_BY and clause.objects:
        how = lx.lemma(words[0]) if words[0] not in ("flies", "swims", "teleports") else words[0][:-1].removesuffix("e")
        return f"I can't {how}: I drive on wheels; say 'go to ...' and I drive there"
    if words[:2] == ["line", "up"] and words[2:3] not in (["with"], ["to"], ["in"], ["at"], ["beside"], ["next"], ["behind"]) \
            and any(lx.is_plural_kind(w) for w in words[2:]):
        return f"I can't line things up; {SKILL_SUMMARY}"  # "line up the cans": arranging them, not lining up with one
    first = words[1] if words[0] in ("go", "lets", "let's") and len(words) > 1 else words[0]
    if first in _ON_ITS_OWN and (first != "follow" or not clause.objects):  # "follow me", "explore the room", "patrol"
        return _ON_ITS_OWN[first]
    if clause.intent:
        return ""
    verb = words[0] if words[0] in _CANNOT_VERBS | _AROUND_VERBS else lx.lemma(words[0])
    verb = verb[:-1] if verb not in _CANNOT_VERBS | _AROUND_VERBS and verb.endswith("s") else verb
    if verb in _AROUND_VERBS:
        return ("I can't drive around an object; I can go to it, or keep away from it on the way somewhere "
                "('go around the red box to the green bin')")
    if verb in _CANNOT_VERBS and clause.objects:  # a verb alone ("dance") is not understood, as any other
        return f"I can't {verb} things; {SKILL_SUMMARY}"
    return ""


_REPEATS = frozenset({"twice", "thrice", "forever", "repeatedly", "endlessly", "indefinitely"})
_REPEAT_RUNS = (("over", "and", "over"), ("again", "and", "again"), ("on", "repeat"), ("in", "a", "loop"))
_LATER_DAYS = frozenset({"tomorrow", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "weekend"})


def _not_once_now(clause: Clause) -> str:
    """Why a request for a place or an object says to do it more than once or at a time of day
    ("go to the red box twice", "... 100 times", "... forever", "... at 3 pm", "... tomorrow"): a
    goal runs once, now; "" when it says neither. Turns and drives repeat themselves (motion)."""
    if clause.intent in ("move", "stop", "") or clause.negated:
        return ""
    words = clause.text.split()
    times = next((w for k, w in enumerate(words[1:], 1) if w == "times" and (words[k - 1].isdigit() or
                  lx.NUMBER_WORDS.get(words[k - 1], 0) >= 2)), "")
    if times or _REPEATS & set(words) or any(tuple(words[k : k + len(r)]) == r for r in _REPEAT_RUNS for k in range(len(words))):
        return "I do what a goal asks once; when it is done, say 'again' to repeat it"
    at_a_time = any(w in ("noon", "midnight") or (w in ("am", "pm") and k > 0 and (words[k - 1][:1].isdigit() or
                                                                            words[k - 1] in lx.NUMBER_WORDS))
                    for k, w in enumerate(words))  # "at 3 pm", not "i am on the phone"
    if _LATER_DAYS & set(words) or at_a_time:
        return "I start a goal when it is given and can't schedule one for later; say it when it should start"
    return ""


def _a(name: str) -> str:
    """"a purple box", "an orange box", "anything purple" as said."""
    return name if name.startswith("anything") else f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def _one_of_alternatives(clause: Clause, grounder: Grounder) -> Clause:
    """"the red box or the blue box (, whichever is closer)": one object of the alternatives, the one
    a position or size said with them picks (nearest when none is said). Alternatives not in view
    are left out; when none is in view, the first is kept (the robot looks for it)."""
    groups: list[list[ObjectRef]] = []
    for ref in clause.objects:
        if ref.alternative and groups:
            groups[-1].append(ref)
        else:
            groups.append([ref])
    if all(len(g) == 1 for g in groups):
        return clause
    objects: list[ObjectRef] = []
    for group in groups:
        if len(group) == 1:
            objects.append(group[0])
            continue
        pick = next((r.superlative for r in group if r.superlative), "nearest")
        plain = [replace(r, superlative="", alternative=False) for r in group]
        seen = [(r, o) for r in plain for o in grounder.candidates(r)]
        if not seen:
            objects.append(plain[0])
            continue
        key = superlative_key(pick)
        _, chosen = min(seen, key=lambda pair: key(pair[1]))
        same_name = sorted((o for o in grounder.objects if o.name == chosen.name), key=lambda o: o.distance_m)
        ordinal = same_name.index(chosen) + 1 if len(same_name) > 1 else 0
        objects.append(ObjectRef(chosen.name, chosen.color, chosen.label, ordinal=ordinal, destination=group[0].destination))
    return replace(clause, objects=tuple(objects))


def _each_one_seen(clause: Clause, grounder: Grounder) -> Clause:
    """"both cubes", "all the boxes": one object per thing of that description in view, nearest
    first, for the intents that can take them in turn (go to each, put each); the others are refused."""
    objects: list[ObjectRef] = []
    for ref in clause.objects:
        if not ref.every or ref.destination or ref.unknown_color:  # an unknown colour is refused when resolved
            objects.append(ref)
            continue
        seen = sorted(grounder.candidates(ref), key=lambda o: o.distance_m)
        if clause.intent == "place" and ref.kind is None:  # "put everything in the green bin": all that can be carried
            seen = [o for o in seen if o.label in GRASPABLE_LABELS]
        found = list(seen)
        for place in (p for p in ref.not_superlative.split("+") if p):
            ruled_out = grounder.picked_by(ref, place, found) if found else None
            found = [o for o in found if o is not ruled_out]  # "every blue cube except the closest (and the middle) one"
        if not found:
            left_out = sorted(grounder.candidates(replace(ref, not_colors=(), not_names=(), not_superlative="")),
                              key=lambda o: o.distance_m)
            if left_out:  # "all the cans except the orange one and the red one" with only those two in view
                said = f"the only {ref.kind or 'object'} I see is one" if len(left_out) == 1 else \
                    f"the {_plural(ref.kind or 'object', len(left_out))} I see are all ones"
                raise GoalRefused(f"nothing to do: {said} you left out: {grounder.seen_list(left_out)}")
            raise GoalRefused(f"I don't see any {_plural(ref.name, 2)}; I see: {grounder.seen_list(grounder.objects) or 'nothing'}")
        if ref.superlative and ref.count and ref.count < len(found):  # "the two nearest boxes": the first two of them
            found = sorted(sorted(found, key=superlative_key(ref.superlative))[: ref.count], key=lambda o: o.distance_m)
        if ref.count and ref.count != len(found):  # "the two boxes" with three in view
            raise GoalRefused(f"you said {_number(ref.count)} {_plural(ref.name, ref.count)}; I see "
                              f"{_number(len(found))}: {grounder.seen_list(found)}; which ones?")
        if len(found) > 1 and clause.intent not in ("place", "goto", "approach"):
            verb = _VERBS.get(_EFFECT_SKILL.get(clause.intent, ""), "do that to")
            raise GoalRefused(f"I can {verb} one at a time; I see "
                              f"{_number(len(found))} {_plural(ref.name, len(found))}: {grounder.seen_list(found)}; which one?")
        # each one by its place among all those of its name in view, nearest first: two red boxes are two objects (of
        # which "the cubes on the left" may take one)
        each = [(o, _among_its_name(o, grounder)) for o in seen if any(o is f for f in found)]
        objects += [one for _, one in sorted(each, key=lambda pair: visiting_order(clause.text)(pair[0]))]
    return replace(clause, objects=tuple(objects))


_AT_EACH = re.compile(r"\b(?:at|by|after|beside|next to) (?:each|every)(?: one| of them| stop| place| visit| time|"
                      r" (?:can|cube|bin|box|ball|bottle|plate|cone|tin)s?)?\b|\beach time\b")


def _at_each_stop(steps: list[PlanStep], text: str) -> list[PlanStep]:
    """"Go to each can and wait 2 seconds at each": the wait (or turn) said last, after every object gone to."""
    visits = [k for k, s in enumerate(steps) if s.skill in ("navigate_to", "approach") and not s.target.startswith(("turn", "drive",
                                                                                                                    "pose"))]
    if not _AT_EACH.search(text) or len(visits) < 2 or visits[-1] != len(steps) - 2 or visits != list(range(len(visits))):
        return steps
    then = steps[-1]
    if not (then.skill == "stop" and then.target) and not (then.skill == "navigate_to" and then.target.startswith("turn")):
        return steps
    return [step for visit in steps[:-1] for step in (visit, then)]


def _among_its_name(seen: DetectedObject, grounder: Grounder) -> ObjectRef:
    """A reference to one object in view by its place among those of its name that may be chosen
    (none passed over), nearest first, when there are several."""
    same_name = sorted(grounder.candidates(ObjectRef(seen.name, seen.color, seen.label)), key=lambda o: o.distance_m)
    ordinal = next((k for k, o in enumerate(same_name, 1) if o is seen), 0) if len(same_name) > 1 else 0
    return ObjectRef(seen.name, seen.color, seen.label, ordinal=ordinal)


def _seen_ref(seen: DetectedObject, grounder: Grounder, destination: bool = False) -> ObjectRef:
    """A reference to one object in view: its name, and its place among those of its name, nearest
    first, when there are several (two red boxes are two objects)."""
    same_name = sorted((o for o in grounder.objects if o.name == seen.name), key=lambda o: o.distance_m)
    ordinal = next(k for k, o in enumerate(same_name, 1) if o is seen) if len(same_name) > 1 else 0
    return ObjectRef(seen.name, seen.color, seen.label, ordinal=ordinal, destination=destination)


def _one_in_each(clause: Clause, grounder: Grounder) -> Clause:
    """"Put one cube in each bin", "a cube in every bin": each bin in view gets a cube of the
    description, the bins taken in the order the goal says (nearest first) and each given the
    nearest cube not yet given; fewer cubes than bins is refused."""
    places = [r for r in clause.objects if r.destination]
    things = [r for r in clause.objects if not r.destination]
    if clause.intent != "place" or len(places) != 1 or not places[0].every or len(things) != 1 or \
            things[0].every or things[0].pronoun or things[0].count > 1:
        return clause
    bins = sorted(grounder.candidates(replace(places[0], every=False, count=0, destination=False)),
                  key=visiting_order(clause.text))
    cubes = sorted(grounder.candidates(replace(things[0], kind=things[0].kind or "cube")), key=lambda o: o.distance_m)
    if not bins:
        raise GoalRefused(f"I don't see any {_plural(places[0].name, 2)}; I see: {grounder.seen_list(grounder.objects) or 'nothing'}")
    if len(cubes) < len(bins):
        raise GoalRefused(f"I see {_number(len(bins))} {_plural(bins[0].label, len(bins))} but "
                          f"{_number(len(cubes)) if cubes else 'no'} {_plural(things[0].name, len(cubes))} to put in them; "
                          f"I see: {grounder.seen_list(grounder.objects)}")
    given = cubes[: len(bins)]
    return replace(clause, objects=(*(_seen_ref(o, grounder) for o in given),
                                    *(_seen_ref(b, grounder, destination=True) for b in bins)))


def _into_matching_bins(clause: Clause, grounder: Grounder, before: Resolved | None) -> Clause:
    """"Put each cube in the bin of the same colour" (read as "the bin the same colour as it"): each
    cube's bin is the bin of that cube's colour, which must be in view. ``before``: what "it" means
    when the clause names no cube (the held cube, or the object named last)."""
    matched = [r for r in clause.objects
               if r.destination and r.relation == "same_color" and r.anchor is not None and r.anchor.pronoun]
    if clause.intent != "place" or len(matched) != 1:
        return clause
    things = [r for r in clause.objects if not r.destination]
    named = [(t, t.color) for t in things if not t.pronoun]
    if not named:
        colour = before.name.split(" ")[0] if before is not None and before.name.count(" ") else None
        named = [(things[0] if things else ObjectRef("it", pronoun=True), colour)]
    pairs: list[tuple[ObjectRef, ObjectRef]] = []
    unmatched: list[str] = []  # the cubes with no bin of their colour in view
    for thing, colour in named:
        if colour is None:
            found = grounder.candidates(replace(thing, kind=thing.kind or "cube"))
            if len(found) != 1:
                return clause  # which cube is asked about when it is resolved
            colour = found[0].color
        place = replace(matched[0], text=f"{colour} bin", color=colour, kind="bin", relation="", anchor=None, every=False,
                        count=0)
        if not grounder.candidates(replace(place, destination=False)):
            unmatched.append(f"{colour} cube")
        pairs.append((thing, place))
    if unmatched:
        bins = " or ".join(dict.fromkeys(f"{name.split(' ')[0]} bin" for name in unmatched))
        raise GoalRefused(f"I see no {bins} for the {' and the '.join(unmatched)}; "
                          f"I see: {grounder.seen_list(grounder.objects) or 'nothing'}")
    return replace(clause, objects=(*(t for t, _ in pairs if not t.pronoun or len(pairs) == 1), *(p for _, p in pairs)))
