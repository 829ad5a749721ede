"""Rules about how the robot may move, said once and kept for the goals after them until lifted.

"You're not allowed to move until I say so", "never reverse", "never drive more than 50 cm at a
time", "stay at least a metre from the red cone", "don't go further forward than x = 2", "the area
left of y = 1 is off limits": each is read into a MotionRule, and every plan after it is checked
against the rules in force before it is run. A speed rule ("from now on go slowly", "never go
faster than 0.2 m/s") breaks no plan: it caps every step of the plans after it. Places are checked where the planner knows them: the
objects in view (base_link), points (odom, the frame goals give coordinates in) and the drives and
turns that start a plan; the pose after a drive to an object is not known here. The safety shield
guards every step whatever the rules say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lam_core.datatypes import DetectedObject, PlanStep
from lam_core.geometry import into_frame, out_of_frame
from lam_core.language import lexicon as lx
from lam_core.language.motion import distance_said
from lam_core.language.parse import (
    GoalRefused,
    measures_in_numbers,
    normalise,
    only_a_slow_pace,
    says_warning_over,
    speed_said,
    tokenize,
)
from lam_core.language.places import outline_radius_m
from lam_core.skills import motion_target, pose_target, wait_target

# A place this near the line a side rule was said along is on neither side [m]
ON_THE_LINE_M = 0.05
# A speed limit said as a bare number ("never go faster than 0.3") is read in m/s up to this [m/s]
_BARE_SPEED_MAX_MPS = 5.0
# A limit said as a pace rather than a number: "half speed", "half your top speed", "walking pace", "a crawl"
_SLOW_LIMIT = re.compile(r"(?:(?:a |one )?(?:half|quarter|third)(?: of)? (?:your |the |my )?(?:top |normal |full |max |maximum |usual )?"
                         r"speed|(?:a )?(?:walking|strolling|snail|snails|slow) (?:pace|speed)|a (?:walk|crawl|stroll))(?: please)?")
# Said before a rule and adding nothing to it
_LEAD = r"^\s*(?:(?:ok|okay|now|right|and|so|listen|robot|hey|also|remember|from now on|important|please|no matter what|" \
    r"whatever happens|until (?:i|we) say (?:otherwise|so))[ ,:]+)*"
_UNTIL = r"(?:\s+(?:until|till|til|unless)\s+(?:i|we)\s+(?:say|tell|give|allow|let|permit|release|ok)\b[^.!?]*)"
_NO_MOTION = re.compile(_LEAD + r"(?:you(?:'re| are) not (?:allowed|supposed|permitted) to (?:move|drive)|you (?:may|must|can) ?not "
                        r"(?:move|drive)|(?:don't|do not|dont|never) (?:move|budge|drive anywhere|go anywhere)|no moving|"
                        r"(?:stay|remain|wait) (?:right )?(?:here|there|put|still|where you are))" + _UNTIL + r"[ .!]*$", re.IGNORECASE)
_NO_REVERSE = re.compile(_LEAD + r"(?:(?:don't|do not|dont|never)(?: ever)? (?:reverse|back up|drive backwards?|go backwards?|move "
                         r"backwards?|drive in reverse)|no (?:reversing|backing up)|you (?:may|must|can) ?not (?:reverse|back up))"
                         r"(?: (?:ever|again|any more|anymore))?[ .!]*$", re.IGNORECASE)
_MAX_DRIVE = re.compile(_LEAD + r"(?:(?:don't|do not|dont|never)(?: ever)? (?:drive|go|move|travel)(?: forwards?| ahead)? (?:more|further|"
                        r"farther|longer) than|(?:drive|go|move) no (?:more|further|farther) than|no (?:drives?|moves?) (?:longer|"
                        r"more) than) (?P<amount>[^,.!?]+?)(?: (?:at a time|at once|in one go|per (?:step|move|drive)))?[ .!]*$",
                        re.IGNORECASE)
_KEEP_DISTANCE = re.compile(_LEAD + r"(?:(?:stay|keep) (?:at least |more than |a good )?(?P<a1>[^,.!?]+?) (?:away )?from|(?:don't|do not|"
                            r"dont|never) (?:go|get|come|drive) (?:within|closer than|nearer than) (?P<a2>[^,.!?]+?) (?:of|to|from)|"
                            r"(?:don't|do not|dont|never) get (?:any )?(?:closer|nearer) than (?P<a3>[^,.!?]+?) to) "
                            r"(?P<what>(?:the|that|this) [a-z ]+?)[ .!]*$", re.IGNORECASE)
_FURTHER_THAN = re.compile(_LEAD + r"(?:(?:don't|do not|dont|never) (?:go|drive|move)(?: any)? (?:further|farther|past|beyond)"
                           r"(?: forwards?| ahead)?(?: than)?|stay (?:behind|before|below|under)) (?P<axis>x|y) ?(?:=|equals|is) ?"
                           r"(?P<bound>-?\d+(?:\.\d+)?)(?: m| metres?| meters?)?[ .!]*$", re.IGNORECASE)
_PAST_AN_OBJECT = re.compile(_LEAD + r"(?:(?:don't|do not|dont|never)(?: ever)? (?:go|drive|move|travel)(?: any)?(?: further| farther)? "
                             r"(?:past|beyond|further than|farther than)|no (?:going|driving) (?:past|beyond)) "
                             r"(?P<what>(?:the|that|this) [a-z ]+?)(?:,? (?:from now on|for now|please|ok|okay|today))*[ .!]*$",
                             re.IGNORECASE)
_AREA = re.compile(_LEAD + r"(?:the )?(?:area|region|part|space|zone)? ?(?P<side>left|right|in front|behind|beyond|past) (?:of )?"
                   r"(?P<axis>x|y) ?(?:=|equals|is) ?(?P<bound>-?\d+(?:\.\d+)?) is (?:off limits|off-limits|out of bounds|forbidden|"
                   r"a no go|no go)[ .!]*$", re.IGNORECASE)
# Said before a rule, they keep what follows from then on ("from now on, slowly")
_STANDING_LEADS = r"from now on|from here on|from this point on|in future|in the future|going forward|always"
# Said with a pace, it is kept from then on: "from now on", "always", "until I say otherwise", "for the rest of the day"
_STANDING = re.compile(r"\b(?:from here on in|" + _STANDING_LEADS + r"|at all times|all the time|until (?:i|we) say (?:otherwise|so)|"
                       r"till (?:i|we) say (?:otherwise|so)|for the rest of (?:the|this|today)(?: [a-z]+)?|every time you "
                       r"(?:move|drive)|whenever you (?:move|drive)|(?:for )?today)\b", re.IGNORECASE)
# A limit on speed said as one ("never go faster than 0.2 m/s", "your top speed is 0.3", "keep it under 20 cm/s from now on")
_SPEED_LIMIT = re.compile(_LEAD + r"(?:(?:don't|do not|dont|never)(?: ever)?(?: (?:go|drive|move|travel|exceed))?(?: (?:any )?(?:faster|"
                          r"quicker) than| (?:above|over|more than|beyond))?|(?:go|drive|move|travel) no (?:faster|quicker) than|"
                          r"(?:keep|stay)(?: it| your speed| the speed)? (?:under|below|beneath|at or below|at most)|(?:your |the |my )?"
                          r"(?:top |max |maximum )?speed(?: limit)? (?:is|will be|of)|(?:a |the )?speed limit(?: is| of)?|"
                          r"(?:go|drive|move|travel) at (?:most|no more than))\s+(?P<speed>(?:\d+(?:\.\d+)?|\.\d+|"
                          r"(?:a |an |one )?(?:quarter|half|third|fifth|tenth)|"
                          r"(?:zero|nought|naught|oh) point [a-z]+|(?:a )?(?:walking|strolling|snail's|snails|slow) (?:pace|speed)|"
                          r"a (?:walk|crawl|stroll))[a-z/ ]*?)"
                          r"(?:,? (?:from now on|always|at all times|ever|again|until (?:i|we) say (?:otherwise|so)|please|today|for today|"
                          r"for now|ok|okay|thanks|thank you))*[ .!]*$",
                          re.IGNORECASE)
_SIDE = r"(?:the )?(?P<{name}>left|right)(?: ?hand)?(?: side| half| part)?(?: of the (?:room|floor|area|space))?"
_SIDE_OF_THE_ROOM = re.compile(
    _LEAD + r"(?:(?:the )?(?P<side>left|right)(?: ?hand)? (?:side|half|part)(?: of the (?:room|floor|area|space))? is "
    r"(?:off limits|off-limits|out of bounds|forbidden|a no go|no go)"
    r"|(?:stay|keep) (?:off|out of|away from|clear of) " + _SIDE.format(name="side_off")
    + r"|(?:(?:don't|do not|dont|never|no|you no|you (?:may|must|can) ?not)(?: ever)? (?:go|drive|move|come)|no (?:going|driving))"
    r" (?:on|onto|in|into|to|over to)? ?" + _SIDE.format(name="side_not")
    + r"|(?:stay|keep) (?:to|on|over on|in) " + _SIDE.format(name="side_on")
    + r")(?:,? (?:from now on|for now|for the moment|please|pls|plz|today|ok|okay|yeah|thanks|thank you|alright|all right))*[ .!]*$",
    re.IGNORECASE)
# What lifts them: "you can move again", "ok, you may reverse now", "forget the rules", "no more limits on driving"
_LIFTS = {
    "no_motion": re.compile(r"\b(?:(?:you|u) (?:can|may) (?:move|go|drive)(?: again| now)?|you(?:'re| are) (?:free|allowed) to move|"
                            r"(?:ok|okay),? (?:move|go)(?: now)?[ .!]*$|i(?:'m| am) saying so)\b", re.IGNORECASE),
    "no_reverse": re.compile(r"\b(?:you|u) (?:can|may) (?:reverse|back up|drive backwards?|go backwards?)\b", re.IGNORECASE),
    "max_drive": re.compile(r"\b(?:you|u) (?:can|may) (?:drive|go) (?:as far as you like|further|farther|longer)\b", re.IGNORECASE),
    "keep_distance": re.compile(r"\b(?:you|u) (?:can|may) (?:go|get|come|drive) (?:near|close to|closer to|right up to)\b", re.IGNORECASE),
    "region": re.compile(r"\b(?:(?:you|u) (?:can|may) (?:go|drive|move) (?:anywhere|(?:on |onto |to |into |over )?(?:the )?"
                         r"(?:left|right)(?: ?hand)?(?: side| half)?(?: of the room)? (?:again|now))"
                         r"|(?:the )?(?:left|right)(?: ?hand)? (?:side|half)(?:'s| is)? (?:allowed|ok|okay|fine|free|open|clear)"
                         r"(?: again| now)|(?:you|u) (?:can|may) (?:go|drive|move) (?:past|beyond) (?:the|that|it)\b"
                         r"|(?:forget|drop|lift|cancel|never mind) the (?:left|right)(?: ?hand)? (?:side|half)"
                         r"(?: (?:thing|rule))?)\b", re.IGNORECASE),
    "max_speed": re.compile(r"\b(?:(?:you|u) (?:can|may) (?:go|drive|move) (?:at )?(?:full|normal|top|your (?:normal|usual|top)|any) "
                            r"speed|(?:you|u) (?:can|may) (?:speed up|go faster|hurry|go fast)|(?:back to|resume) (?:full|normal|"
                            r"your (?:normal|usual)) speed|(?:no|lift the|forget the|drop the) speed (?:limit|cap)|(?:normal|full) "
                            r"speed (?:is fine|again|from now on)|(?:the |your |that )?speed limit(?:'s| is| has been)? (?:lifted|off|gone|"
                            r"over|cancelled|canceled)|(?:no more|lift the|cancel the) speed limit)\b", re.IGNORECASE),
}
# How to lift each kind, as the robot suggests it
LIFTING_SAID = {"no_motion": "you can move again", "no_reverse": "you can reverse again", "max_drive": "you can drive further again",
                "keep_distance": "you can go near the {name} again", "region": "you can go anywhere again",
                "max_speed": "you can go at normal speed again"}
_LIFTS_ALL = re.compile(r"\b(?:forget (?:what i said|(?:all )?(?:the|those|my) (?:rules?|limits?))|ignore what i said (?:before|"
                        r"earlier)|(?:the|those|all) (?:rules?|limits?) (?:are|is) (?:off|lifted|gone)"
                        r"|(?:^|ok |okay |so |right |fine |all )rules?(?:'s| is| are)? (?:off|lifted|gone)[ .!]*$)\b", re.IGNORECASE)
# A sentence of nothing but interjections, said with a lift ("oh right.", "ok, fine.")
_ONLY_INTERJECTIONS = re.compile(rf"(?:(?:{lx.INTERJECTIONS})[ ,.!?;]*)+", re.IGNORECASE)
_LIFTS_LAST = re.compile(r"\bforget (?:that|this|the last) (?:rule|limit)\b", re.IGNORECASE)


@dataclass(frozen=True)
class MotionRule:
    """A rule about moving said on its own; kind: no_motion, no_reverse, max_drive (amount_m),
    keep_distance (amount_m from the objects track_ids, named name), region (odom x or y on axis, at
    most amount_m when upper, at least it otherwise), max_speed (speed_mps [m/s]; 0: slowly, at the
    speed the planner goes where a goal says "slowly")."""

    said: str
    kind: str
    amount_m: float = 0.0
    name: str = ""
    track_ids: tuple[str, ...] = ()
    axis: str = ""  # x, y (odom), side (of the line the robot faced along when it was said, through origin) or ahead (along it)
    upper: bool = True
    origin: tuple[float, float, float] = (0.0, 0.0, 0.0)  # odom x, y [m], heading [rad] when a side rule was said
    speed_mps: float = 0.0

    def lifting(self) -> str:
        """What to say to lift the rule."""
        return LIFTING_SAID[self.kind].format(name=self.name)

    def told(self) -> str:
        """The rule in the robot's words."""
        if self.kind == "no_motion":
            return "not to move until you say so"
        if self.kind == "no_reverse":
            return "never to drive backwards"
        if self.kind == "max_drive":
            return f"to drive at most {self.amount_m:.2f} m at a time"
        if self.kind == "keep_distance":
            return f"to stay at least {self.amount_m:.2f} m from the {self.name}"
        if self.kind == "max_speed":
            return f"to go no faster than {self.speed_mps:.2f} m/s" if self.speed_mps else "to go slowly"
        if self.axis == "side":
            return f"to keep off the {'left' if self.upper else 'right'} side"
        if self.axis == "ahead":
            return f"never to go past the {self.name}"
        return f"to stay where {self.axis} is {'at most' if self.upper else 'at least'} {self.amount_m:.2f} m (odom)"


@dataclass(frozen=True)
class StartPose:
    """Where the robot is when the goal starts: odom x, y [m] and heading [rad]."""

    x_m: float = 0.0
    y_m: float = 0.0
    yaw_rad: float = 0.0


# Words that ask for something besides a rule said before them ("stay a metre from the cone and go to the bin")
_REQUEST_WORDS = frozenset({"go", "drive", "pick", "put", "grab", "bring", "take", "move", "find", "look", "search", "turn", "come",
                            "fetch", "get", "place", "drop", "head", "approach", "what", "where", "which", "how"})


def read_motion_rule(goal: str, objects: Sequence[DetectedObject], start: StartPose) -> tuple[MotionRule | None, str]:
    """The rule about moving that ``goal`` says in its first clause, and what else it asks after it
    ('' when nothing: "never reverse, the rear sensor is broken"); (None, goal) when it says none.
    GoalRefused for a distance to keep from an object not in view."""
    said_first = re.sub(rf"^(\W*(?:{_STANDING_LEADS}))\s*,", r"\1", " ".join(goal.split()),
                        flags=re.IGNORECASE)  # "from now on, slowly": one clause
    first, _, rest = said_first.partition(",")
    parts = re.split(r"\s*(?:[;!?]|\.(?!\d)|\band then\b|\bthen\b|\band\b|\bbut\b)\s*", first, maxsplit=1)
    said, rest = parts[0], ", ".join(p for p in (parts[1] if len(parts) > 1 else "", rest) if p.strip())
    rule = _rule_in(said, objects, start)
    if rule is None:
        return None, goal
    asked = set(re.findall(r"[a-z]+", rest.lower())) & _REQUEST_WORDS
    return rule, rest if asked else ""


def _rule_in(said: str, objects: Sequence[DetectedObject], start: StartPose) -> MotionRule | None:
    """The rule one clause says, or None."""
    speed = _speed_rule(said)
    if speed is not None:
        return speed
    if _NO_MOTION.match(said):
        return MotionRule(said, "no_motion")
    if _NO_REVERSE.match(said):
        return MotionRule(said, "no_reverse")
    if (m := _MAX_DRIVE.match(said)) is not None and (amount := _distance(m["amount"])) is not None:
        return MotionRule(said, "max_drive", amount)
    if (m := _KEEP_DISTANCE.match(said)) is not None and (amount := _distance(m["a1"] or m["a2"] or m["a3"])) is not None:
        seen = _seen_as_said(m["what"], objects)
        if not seen:
            raise GoalRefused(f"I don't see {m['what']} here, so I can't keep my distance from it; name one I see")
        return MotionRule(said, "keep_distance", amount, seen[0].name, tuple(o.track_id for o in seen))
    if (m := _PAST_AN_OBJECT.match(said)) is not None:
        seen = sorted(_seen_as_said(m["what"], objects), key=lambda o: o.position_m[0])
        if seen:  # the nearest of that name ahead: no further along than its centre
            return MotionRule(said, "region", seen[0].position_m[0], seen[0].name, (seen[0].track_id,), axis="ahead",
                              origin=(start.x_m, start.y_m, start.yaw_rad))
    if (m := _FURTHER_THAN.match(said)) is not None:
        return MotionRule(said, "region", float(m["bound"]), axis=m["axis"].lower(), upper=True)
    if (m := _AREA.match(said)) is not None:
        # "the area left of y = 1 is off limits": y at most 1; "in front of x = 2": x at most 2
        upper = m["side"].lower() in ("left", "in front", "beyond", "past")
        return MotionRule(said, "region", float(m["bound"]), axis=m["axis"].lower(), upper=upper)
    if (m := _SIDE_OF_THE_ROOM.match(said)) is not None:
        # "the left side of the room is off limits", "keep to the right": left of the line the robot faces along now (odom)
        left = (m["side"] or m["side_off"] or m["side_not"] or ("right" if m["side_on"].lower() == "left" else "left")).lower() == "left"
        return MotionRule(said, "region", 0.0, axis="side", upper=left, origin=(start.x_m, start.y_m, start.yaw_rad))
    return None


def _seen_as_said(what: str, objects: Sequence[DetectedObject]) -> list[DetectedObject]:
    """The objects in view of the kind, and the colour if said, of ``what`` ("the black bin", "that cone")."""
    words = tokenize(normalise(what))
    kind = next((k for w in words if (k := lx.kind_of(w))), None)
    color = next((c for w in words if (c := lx.color_of(w))), None)
    return [o for o in objects if kind is not None and o.label == kind and color in (None, o.color)]


def _speed_rule(said: str) -> MotionRule | None:
    """A limit on speed the clause says ("never go faster than 0.2 m/s", "top speed is 0.3"), or a
    slow pace said with a word that keeps it ("from now on, slowly", "always take it easy"); None
    otherwise ("slowly" alone is the pace of the goal it is said with). A bare number is m/s."""
    limit = _SPEED_LIMIT.match(said)
    if limit is not None:
        tokens = measures_in_numbers(tokenize(normalise(limit["speed"])))  # "a quarter of a metre per second": 0.25 m/s
        value = speed_said(tokens)[0] or (float(tokens[0]) if len(tokens) == 1 and re.fullmatch(r"\d*\.?\d+", tokens[0]) else 0.0)
        if value == 0.0 and _SLOW_LIMIT.fullmatch(" ".join(tokens)):
            return MotionRule(said, "max_speed")  # "never faster than half speed", "... than walking pace": slowly
        return MotionRule(said, "max_speed", speed_mps=value) if 0.0 < value <= _BARE_SPEED_MAX_MPS else None
    standing = _STANDING.search(said)
    if standing is None:
        return None
    rest = tokenize(normalise(_STANDING.sub(" ", re.sub(_LEAD, "", said, flags=re.IGNORECASE))))
    if only_a_slow_pace(rest):
        return MotionRule(said, "max_speed")
    value, besides = speed_said(rest)
    if value > 0.0 and set(besides) <= {"go", "drive", "move", "travel", "only", "please", "just", "and", "keep", "it", "to"}:
        return MotionRule(said, "max_speed", speed_mps=value)  # "from now on go at 0.2 m/s"
    return None


def capped_by_rules(steps: Sequence[PlanStep], rules: Sequence[MotionRule], slow_speed_mps: float) -> tuple[PlanStep, ...]:
    """``steps`` with each one that moves capped at the lowest speed a speed rule in ``rules`` says
    [m/s] (``slow_speed_mps`` for "slowly"); a lower cap a step already has stays."""
    caps = [r.speed_mps or slow_speed_mps for r in rules if r.kind == "max_speed"]
    caps = [c for c in caps if c > 0.0]
    if not caps:
        return tuple(steps)
    cap = min(caps)
    return tuple(s if s.skill == "stop" else replace(s, max_speed_mps=min(cap, s.max_speed_mps or cap)) for s in steps)


def _distance(said: str) -> float | None:
    """The distance said ("half a metre", "50 cm") [m]; None when none is ("stay away from the ball")."""
    amount = distance_said(tokenize(normalise(said)))
    return amount if amount is not None and math.isfinite(amount) and amount > 0 else None


def lift_motion_rules(goal: str, rules: Sequence[MotionRule]) -> tuple[tuple[MotionRule, ...], tuple[MotionRule, ...]]:
    """The rules ``goal`` lifts ("you can move again") and those left in force."""
    if _LIFTS_ALL.search(goal):
        return tuple(rules), ()
    if _LIFTS_LAST.search(goal) and rules:
        return tuple(rules[-1:]), tuple(rules[:-1])
    said = goal.lower()
    sides = set(re.findall(r"\b(?:left|right)\b", said))
    lifted = tuple(r for r in rules if _LIFTS[r.kind].search(goal) and (r.kind != "keep_distance" or r.name in said or
                                                                         re.search(r"\b(?:it|them)\b", said))
                   and (r.axis != "side" or not sides or ("left" if r.upper else "right") in sides))  # "the right side's fine again"
    if not lifted and any(says_warning_over(part) for part in re.split(r"[,;.!]", goal) if part.strip()):
        # "stay off the right side, the floor's wet over there" - "fine, it's dry now, go": its reason is over
        lifted = tuple(r for r in rules[-1:] if r.kind in ("region", "keep_distance"))
    return lifted, tuple(r for r in rules if r not in lifted)


def without_lifts(goal: str, lifted: Sequence[MotionRule]) -> str:
    """``goal`` without its sentences that lift ``lifted`` ("ok, the speed limit's lifted. come back": "come back"), and
    without the clauses that say a rule's reason is over ("fine, it's dry now, go": "fine, go")."""
    goal = ", ".join(p.strip() for p in re.split(r"[,;]", goal) if p.strip() and not says_warning_over(p)) or goal
    parts = [p for p in re.split(r"(?<=[.!?;])\s+", goal.strip()) if p.strip()]
    kept = [p for p in parts if not any(_LIFTS[r.kind].search(p) or _LIFTS_ALL.search(p) or _LIFTS_LAST.search(p) for r in lifted)]
    kept = [] if all(_ONLY_INTERJECTIONS.fullmatch(p) for p in kept) else kept  # "oh right. forget what I said ...": no turn
    return " ".join(kept) if kept and len(kept) < len(parts) else goal


def broken_rule(steps: Sequence[PlanStep], rules: Sequence[MotionRule], objects: Sequence[DetectedObject],
                start: StartPose) -> str:
    """Why ``steps`` break one of ``rules`` ('' when they keep to all of them)."""
    if not rules:
        return ""
    by_id = {o.track_id: o for o in objects if o.track_id}
    pose: tuple[float, float, float] | None = (start.x_m, start.y_m, start.yaw_rad)  # odom, known while the plan turns and drives
    reached_from: tuple[float, float] | None = (start.x_m, start.y_m)  # odom, where the next drive to an object starts (about)
    for step in steps:
        if step.skill == "stop" or wait_target(step.target) is not None:
            continue
        places: list[tuple[float, float]] = []  # odom points the step takes the robot to or near
        motion = motion_target(step.target) if step.skill == "navigate_to" else None
        point = pose_target(step.target)
        for rule in rules:
            if rule.kind == "no_motion":
                return _broken(rule, f"{step.skill} {step.target}")
            if motion is not None and motion[0] == "drive" and rule.kind == "no_reverse" and motion[1] < 0:
                return _broken(rule, f"a drive of {motion[1]:.2f} m")
            if motion is not None and motion[0] == "drive" and rule.kind == "max_drive" and abs(motion[1]) > rule.amount_m + 1e-6:
                return _broken(rule, f"a drive of {abs(motion[1]):.2f} m")
        if motion is not None:
            if pose is None:
                reached_from = reached_from if motion[0] == "turn" else None
                continue
            x, y, yaw = pose
            if motion[0] == "turn":
                pose = (x, y, yaw + motion[1])
                continue
            end = (x + motion[1] * math.cos(yaw), y + motion[1] * math.sin(yaw))
            places = [(x + f * (end[0] - x), y + f * (end[1] - y)) for f in (0.25, 0.5, 0.75, 1.0)]
            pose, reached_from = (end[0], end[1], yaw), end
        elif point is not None:
            places, pose, reached_from = [point], None, point
        else:
            seen = by_id.get(step.object_id)
            if seen is None:
                pose = reached_from = None
                continue
            at = out_of_frame(start.x_m, start.y_m, start.yaw_rad, seen.position_m[0], seen.position_m[1])
            for rule in rules:
                if rule.kind == "keep_distance" and step.object_id in rule.track_ids:
                    return _broken(rule, f"going to the {rule.name} itself")
                reach_m = math.dist(at, reached_from) - outline_radius_m(seen) if reached_from is not None else 0.0
                if rule.kind == "max_drive" and step.skill in ("navigate_to", "approach") and reach_m > rule.amount_m + 1e-6:
                    return _broken(rule, f"going to the {seen.name}, {reach_m:.2f} m away")  # "never drive more than a metre"
            places, pose, reached_from = [at], None, at
        for rule in rules:
            for place in places:
                why = _outside(rule, place, by_id, start)
                if why:
                    return _broken(rule, f"{step.skill} {step.target}: {why}")
    return ""


def _outside(rule: MotionRule, place: tuple[float, float], by_id: dict[str, DetectedObject], start: StartPose) -> str:
    """Why an odom point breaks a rule about places ('' when it does not)."""
    if rule.kind == "keep_distance":
        for track_id in rule.track_ids:
            obj = by_id.get(track_id)
            if obj is None:
                continue
            x, y = into_frame(start.x_m, start.y_m, start.yaw_rad, *place)
            gap = math.hypot(x - obj.position_m[0], y - obj.position_m[1])
            if gap < rule.amount_m:
                return f"{gap:.2f} m from the {rule.name}"
        return ""
    if rule.kind != "region":
        return ""
    if rule.axis == "ahead":  # "never go past the bin": no further along the line the robot faced than the bin
        along = into_frame(*rule.origin, *place)[0]
        return f"{along - rule.amount_m:.2f} m past the {rule.name}" if along > rule.amount_m else ""
    if rule.axis == "side":
        across = into_frame(*rule.origin, *place)[1]
        off_side = (across > 0) == rule.upper and abs(across) > ON_THE_LINE_M
        return f"{abs(across):.2f} m to the {'left' if across > 0 else 'right'}" if off_side else ""
    value = place[0] if rule.axis == "x" else place[1]
    beyond = value > rule.amount_m if rule.upper else value < rule.amount_m
    return f"{rule.axis} = {value:.2f} m" if beyond else ""


def _broken(rule: MotionRule, what: str) -> str:
    return f"you asked me {rule.told()} ('{rule.said}'); the plan takes {what}; say, e.g., '{rule.lifting()}' to lift that"
