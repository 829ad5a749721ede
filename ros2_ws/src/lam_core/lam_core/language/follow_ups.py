"""Follow-ups: goals that only make sense after the one before them.

A person answers the robot's "which one?" with "the left one", corrects it with "no, the blue box"
or "I meant the cube", and asks for a repeat with "do it again". Alone, none of these says what to
do. ``Conversation`` remembers the goal said last as it was finally read, the objects a "which
one?" offered, and the goal planned last. Task planning reads a follow-up as a correction said
after the goal it follows ("go to the red box. no, the left one"), so the in-goal rules for
corrections, references and exclusions decide what it means; an answer to "which one?" chooses
among the objects the question listed (a blue box further left is not "the left one" of two red
boxes). A repeat is the last planned goal, read again against what is in view now; so is "carry
on" after that goal was stopped, while "carry on" after it was done is refused (docs/language.md,
"Follow-ups").
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from lam_core.datatypes import DetectedObject, PlanStep
from lam_core.errors import GoalError
from lam_core.language import lexicon as lx
from lam_core.language.answers import object_told
from lam_core.language.durations import TIME_UNITS_S
from lam_core.language.grounding import Grounder, superlative_key, where
from lam_core.language.motion import ANGLE_UNITS_DEG, DISTANCE_UNITS_M, TINY_DISTANCE_M, VAGUE_DISTANCE_M, VAGUE_TURN_DEG
from lam_core.language.motion_rules import MotionRule
from lam_core.language.names import BinPurpose, GivenName
from lam_core.language.parse import (
    NAMED_OBJECT,
    STEP_PLACES,
    Clause,
    GoalRefused,
    OnlyForbidden,
    as_said_here,
    begins_action,
    is_question,
    leaves_the_choice,
    normalise,
    only_an_alarm,
    read_goal,
    read_objects,
    said_alone_to_stop,
    says_stop,
    says_warning_over,
    share_said,
    tokenize,
    tokenize_or_empty,
    warns_of_hazard,
    warns_of_someone,
)
from lam_core.skills import motion_target, pose_target
from lam_core.vocabulary import COLORS, CONTAINER_LABELS, GRASPABLE_LABELS, LABELS, plural

# How long after a goal an answer or a correction still refers to it [s]. A repeat has no limit.
FOLLOW_UP_WINDOW_S = 120.0

_POLITE = r"(?:(?:ok(?:ay)?|now|and|good|great|nice|thanks|thank you|please|can you|could you|would you|will you)[ ,.!]*)*"
_AGAIN = r"(?:again|once more|one more time|once again)"
_REPEAT = re.compile(
    rf"^{_POLITE}(?:"
    rf"(?:do|try|run|go) (?:it|that|this|the same(?: thing)?|so|the last (?:goal|task|one)) {_AGAIN}"
    rf"|do {_AGAIN}"
    rf"|(?:the )?same (?:thing )?{_AGAIN}"
    rf"|{_AGAIN}"
    rf"|repeat(?: it| that| this| the last (?:goal|task|one)| what you (?:just )?did)?(?: {_AGAIN})?"
    rf"|(?:let us|let's|lets) do (?:it|that|this) {_AGAIN}"
    rf"|try {_AGAIN}|retry"
    rf")(?:[ ,]+then)?[ ,.!]*{_POLITE}$")


_RESUME = re.compile(
    rf"^{_POLITE}(?:(?:ok(?:ay)?|now|right|alright|all right|all good|false alarm|actually|yes|yeah|yep|it's fine|it is fine"
    r"|its fine|fine|good"
    r"|sorry|my bad|never mind|nevermind|all clear|clear|safe now|it's safe|it is safe"
    r"|(?:she|he|it|they|the [a-z]+)(?:'s| is| has| have)? (?:moved|gone|left|went|out of the way|through|past|by|clear)"
    r"(?: away| off| out| outside)?|[a-z]+(?:'s| is| has)? (?:moved|gone|went away|went outside|out of the way)(?: away| off| out)?"
    r"|i (?:wiped|cleaned|moved|picked up|cleared) (?:it|that|them)(?: up| away)?|(?:it's|it is|the floor is|now is|now it's|now it is)"
    r" (?:dry|clear|safe)(?: now)?)[ ,.!]+)*(?:please )?(?:"
    r"(?:you can |you may )?(?:continue|resume|proceed|carry on|keep going|go on)|keep at it|get back to (?:it|work)|back to (?:it|work)"
    r"|(?:you can |you may )?(?:go|move|drive|continue|carry on) (?:now|again|on)|go ahead|you can go|off you go"
    r"|you may proceed|you can proceed|as you were|unpause|unfreeze|go go go|go go|ok go|okay go|resume please|back to work"
    r"|(?:i meant |i mean |i did mean )?(?:do it|do that|go ahead)(?: after all| anyway| then)?"
    r"|you can move|move along|(?:you're |you are |you re )?good to go(?: again)?|go for it|back to what you were doing"
    r"|keep (?:turning|driving|reversing|moving|backing up)|finish (?:reversing|turning|driving|the turn|the drive|backing up)"
    r"|(?:continue|resume|finish|carry on with|go on with|get on with) (?:what you were doing|the (?:last )?(?:goal|task|job)"
    r"|the [a-z]+(?: [a-z]+)?"
    r"|your (?:goal|task|job)|it|that)"
    r"|(?:continue|carry on) (?:from )?where you (?:left off|stopped)|pick up where you (?:left off|stopped)"
    r"|finish (?:it|that|them|the job|the rest|what you were doing)(?: off| up)?|finish off|finish up"
    rf")(?: then)?(?:[ ,]+(?:but |and )?(?P<slow>slowly|more slowly|carefully|slower|slow))?[ ,.!]*{_POLITE}$")


# A go-ahead with a rule for the goal it goes on with: "ok do it, but stay away from the ball", "carry on, just not
# through the ball"
_RESUMED_WITH_RULE = re.compile(r"^(?P<resume>.+?)[ ,;-]+(?P<rule>(?:(?:but|and|just|only)[ ,]+)*(?:not|don't|dont|do not|never|"
                                r"without|avoid|avoiding|(?:keep|keeping|stay|staying|steer|steering) (?:well |right )?"
                                r"(?:away|clear|off|out)) .+)$", re.IGNORECASE)
# Words a statement starts with, not a request: "it's a tight space", "he might come back", "my eyes aren't ..."
_SUBJECTS = ("it", "its", "he", "she", "they", "there", "my", "i", "we", "you", "this", "that", "the", "these", "those", "our")
_LEADING_INTERJECTION = re.compile(r"^(?:(?:oh|ah|um|uh|erm|hmm|ugh|well)[,.!]*\s+)+(?=\S)(?!no\b|dear\b)", re.IGNORECASE)
# A bin said to be full: "the yellow bin is full", "yellow bin's full"
_OTHER_BIN = re.compile(rf"^(?:(?:ok|okay|then|fine|right)[ ,.!]+)*(?:use |put it in |try |take it to |go to )?(?:the )?"
                        rf"({'|'.join(COLORS)})(?: bin| one)?(?: then| instead| please)*[ .!]*$")
_BIN_FULL = re.compile(r"^(?:(?:oh|hmm|wait|hey|careful)[ ,!.]+)*(?:the )?([a-z]+ bin)(?: is|'s| has been)? (?:full|full up|overflowing)\b")
_RADIO_ACK = re.compile(r"^(?:copy(?: that)?|roger(?: that)?|wilco|affirmative|ack(?:nowledged)?|ten four|10-4)(?:[ ,]+over(?: and out)?)?"
                        r"[.!]*$", re.IGNORECASE)
# Said in passing to someone else, or to oneself, before going on: "sorry, that wasn't for you", "right, where were we?"
_ASIDE_TO_OTHERS = re.compile(r"^(?:sorry,? )?(?:that|this) (?:wasn't|was not|isn't|is not) (?:for|to) you$|^where (?:were|was) (?:we|i)$|"
                              r"^(?:she|he|they|the [a-z]+)(?:'s| is| has)? (?:moved|gone|left|went away|out of the way)(?: now)?$")
_INTERJECTIONS = frozenset({"ha", "haha", "hah", "lol", "oh", "well", "hmm", "right", "ok", "okay", "good", "great", "nice", "thanks",
                            "cool", "alright", "fine", "yes", "yeah", "yep", "phew", "whew", "perfect", "sorry"})


def asks_to_resume(goal: str) -> bool:
    """Whether the goal asks only to go on with the goal that was stopped ("continue", "carry on",
    "resume what you were doing")."""
    try:
        words = " ".join(t for t in tokenize(normalise(goal)) if t[0].isalnum() or t == "'")
    except GoalRefused:
        return False
    said = " ".join(re.findall(r"[a-z']+", goal.lower()))  # as said: "go go go" is cut from a goal's end when read
    if _RESUME.match(words.replace(" '", "'")) or _RESUME.match(said):
        return True
    parts = [p.strip() for p in re.split(r"[,.;!?]+", goal.lower()) if p.strip()]
    while len(parts) > 1 and (set(re.findall(r"[a-z']+", parts[0])) <= _INTERJECTIONS or says_warning_over(parts[0]) or
                              _ASIDE_TO_OTHERS.match(parts[0])):
        parts = parts[1:]  # "ha. ok, keep going", "I've mopped it up, continue"
    if all(says_warning_over(p) or (_ASIDE_TO_OTHERS.match(p) and not p.startswith(("where", "sorry", "that", "this")))
           for p in parts):  # "all cleaned up now", "he moved" said after a warning stopped the goal
        return True
    if len(parts) > 1 and _RESUME.match(" ".join(re.findall(r"[a-z']+", parts[-1]))) and not any(_asks_for(p) for p in parts[:-1]):
        return True  # "sorry, thought I saw a spider. keep going", "it's ok, the cube isn't in your way, continue"
    return len(parts) == 1 and bool(_RESUME.match(" ".join(re.findall(r"[a-z']+", parts[0]))))


def _asks_for(part: str) -> bool:
    """Whether a part of a goal asks for something (starts with an action word), not only chats. Not
    parse.begins_action: a "no" or "don't" said in chat ("no wait, you're right") starts no request here."""
    words = [t for t in tokenize_or_empty(part) if t[0].isalnum() and t not in _INTERJECTIONS and t not in ("please", "just", "now")]
    return bool(words) and (lx.lemma(words[0]) in lx.ALL_CUES or words[0] in lx.MOTION_WORDS)


def asks_to_repeat(goal: str) -> bool:
    """Whether the goal asks only to do the last goal again ("do it again", "once more, please",
    "repeat that", "try again")."""
    try:
        words = " ".join(t for t in tokenize(normalise(goal)) if t[0].isalnum() or t == "'")
    except GoalRefused:
        return False
    return bool(_REPEAT.match(words.replace(" '", "'")))


# A keep-away said in a goal, after its request: "go to the bottle but don't touch the can on the way"
_KEPT_OFF_IN_GOAL = re.compile(r"[a-z],?\s+(?:but |and |while |,\s*)?(?:don't|dont|do not|without|avoid|avoiding|keep away from|"
                               r"keeping away "
                               r"from|stay away from|staying away from|steer clear of|keep clear of|not touching|never touch)\b",
                               re.IGNORECASE)
# Said to go ahead with a goal offered or held back: "go", "alright then go", "go on then", "yes please", "do it", "carry on"
# (after an answer that offered a goal, or once what held it back is over)
GO_AHEAD = re.compile(r"^\s*(?:(?:ok|okay|alright|all right|right|great|good|cool|fine|yes|yeah|yep|sure|then|so|now|please)[ ,.!]+)*"
                      r"(?:go|go on|go ahead|do it|do that|go for it|please do|yes please|off you go|let's go|lets go|carry on|continue|"
                      r"proceed|you can do it)(?:[ ,]+(?:then|now|please))*[ .!]*$", re.IGNORECASE)
# The distance from the object just asked about to another: "how far is that from the green bin?"
_HOW_FAR_FROM_THAT = re.compile(r"^(?:(?:and|so|ok|okay)[ ,]+)*how far (?:away )?is (?:it|that|that one|this|this one) from "
                                r"(?P<other>the [a-z ]+?)\s*\?*$", re.IGNORECASE)
# The distance between the two objects just asked about: "and how far apart are they?"
_HOW_FAR_APART = re.compile(r"^(?:(?:and|so|ok|okay)[ ,]+)*(?:how far apart are (?:they|those two|these two|the two of them|them)|"
                            r"what(?:'s| is) the distance between (?:them|the two of them|those two))\s*\?*$", re.IGNORECASE)
# The other end of a row said of the goal before: "sorry, the other end", "no, the other side"
_OTHER_END = re.compile(r"^\s*(?:(?:sorry|no|nope|oops|wait|oh|i mean|actually|er|um)[ ,.!]+)*(?:at |from )?(?:the )?(?:other|opposite) "
                        r"(?:end|side)(?: one)?(?: (?:please|instead|i mean))?[ .!]*$", re.IGNORECASE)
_ENDS = {"left": "right", "right": "left", "leftmost": "rightmost", "rightmost": "leftmost", "nearest": "farthest",
         "farthest": "nearest", "closest": "farthest", "furthest": "nearest", "near": "far", "far": "near"}
_SWAP_END = re.compile(r"\b(?:" + "|".join(_ENDS) + r")\b", re.IGNORECASE)
# The rule of the goal before kept for this one: "now go to the box, same rule", "..., same as before"
_SAME_RULE = re.compile(r"[ ,;.-]+(?:and |with |but )?(?:the )?same (?:rules?|restrictions?|deal|conditions?|as before|drill|"
                        r"thing as before)"
                        r"(?: (?:applies|apply|as before|again|too|please))*[ .!]*$", re.IGNORECASE)
# An answer to which of a share: "leave the middle one", "keep the purple one out", "the one closest to you", "just the red one"
_ONES_LEFT_OUT = re.compile(r"^\s*(?:(?:ok|okay|um|uh|well|oh|fine|sorry|then|so)[ ,.!]+)*(?:(?P<left_out>leave(?: out)?|keep|skip|not|"
                            r"except|without|apart from|all but|everything but)\s+|(?P<kept>just|only)\s+)?"
                            r"(?P<what>the [a-z ]+?|that one|this one)(?P<left_out2> out| alone| where it is| behind| there| be)?"
                            r"(?: please| then| thanks)?[ .!]*$", re.IGNORECASE)
# The colours of the ones just asked about: "which colours", "what colors are they?", "colours?"
_COLOURS_OF_THEM = re.compile(r"^\s*(?:(?:and|so|ok|okay|um)[ ,]+)*(?:(?:which|what|wat|wich) )?colou?rs?(?: (?:are|r) (?:they|those|these|"
                              r"them)| of (?:them|those|these)| then)?(?: please)?\s*\?*$", re.IGNORECASE)
# The one the goal before left out: "the one you left behind", "the cube you skipped"
_THE_ONE_LEFT_OUT = re.compile(r"\b(?:the|that) (?:one|cube|can|tin|thing)(?: that)? you (?:left(?: behind| out| alone| there)?|skipped|"
                               r"did not (?:take|move|touch)|didn't (?:take|move|touch)|didnt (?:take|move|touch))\b", re.IGNORECASE)
# A follow-up that only names an object, before a return: "now the other one, then come back"
_ONLY_NAMED = re.compile(r"^\s*(?:(?:now|and|then|ok|okay|so|next)[ ,]+)*(?:the|that|this) [a-z ]+?\s*$", re.IGNORECASE)
# What to keep away from said as the objects just listed: "without knocking any of them", "avoid those"
_KEEP_OFF_THEM = re.compile(r"\b(?:without (?:knocking|hitting|touching|bumping|running)(?: into| over)?|(?:don't|dont|do not|never) "
                            r"(?:knock|hit|touch|bump|run)(?: into| over)?|(?:don't|dont|do not) want you (?:touching|going near|near|"
                            r"anywhere near)|avoid(?:ing)?|keep(?:ing)? (?:away|clear) (?:from|of)|"
                            r"stay(?:ing)? (?:away|clear) (?:from|of)|steer(?:ing)? clear of) "
                            r"(?P<them>(?:any of |all of )?(?:them|those|these)(?: things| objects)?)\b", re.IGNORECASE)
# Facing again the way the robot faced before its last turn: "go back to how you were facing", "undo that turn"
_FACING_BEFORE = re.compile(r"^(?:(?:hmm+|ok|okay|actually|now|no|sorry|um|uh|right|oops|and)[ ,.!]+)*(?:(?:(?:go|get|turn) back to|"
                            r"return to|face) (?:how|the way|where|what) you were (?:facing|pointing|pointed|looking(?: at)?|before)"
                            r"(?: before| at first| originally| a moment ago)?|undo (?:that|the|the last) turn|turn back (?:the way|"
                            r"how) you were(?: facing)?|face (?:the way|where) you (?:were|started)(?: facing)?)[ .!]*(?:please)?[ .!]*$")
# Keeping off the one object of the conversation: "stay well away from it from now on", "keep well clear of that thing"
_KEEP_OFF_IT = re.compile(r"^(?:(?:right|ok|okay|so|and|now|then|well|please|from now on)[ ,]+)*(?:(?:don't|dont|do not|never) "
                          r"(?:touch|go near|get near|go close to|hit|bump(?: into)?|knock(?: over)?)|avoid|(?:keep|stay|steer) "
                          r"(?:well |far |right )?(?:away|clear) (?:from|of)|"
                          r"leave(?= (?:it|that thing|that one|this thing|this one|that) alone\b)) "
                          r"(?P<it>it|that thing|that one|this thing|this one|that)(?= alone\b|[ ,.!]*$| from now on| please| for now|"
                          r" any more| anymore| again)",
                          re.IGNORECASE)
_ITS_SIDE_ALONE = re.compile(r"^\s*(?:(?:and|what about|how about|ok|so)[ ,]+)?(?:to|on|at) (?:its|it's|their) (?P<side>left|right)"
                             r"(?: hand)?(?: side)?\s*\?*$", re.IGNORECASE)
_BESIDE_ITS_SIDE = re.compile(r"\b(?:to|on|at) (?:its|it's|their) (?:left|right)(?: hand)?(?: side)?\b", re.IGNORECASE)
# The one left out, said to be done too: "now that last one too", "the remaining one as well"
_THE_LAST_ONE_TOO = re.compile(r"\b(?:that|the) (?:last|remaining|other|leftover) (?:one|cube|can|tin)(?= (?:too|as well|also)\b)",
                               re.IGNORECASE)
_PUT_INTO = re.compile(r"\b(?:in|into|inside) (?P<bin>the (?:[a-z]+ ){0,2}bin)\b", re.IGNORECASE)
_EXCEPTED_IN = re.compile(r"\b(?:except(?: for)?|but not|other than|apart from|besides|excluding|leaving out) (?P<what>the (?:[a-z]+ )?"
                          r"(?:one|cube|can|tin|box|bin|ball|bottle|plate|cone))\b", re.IGNORECASE)
# The robot as the other end of a distance just asked about: "how far is A from B?" - "and from you?"
_AND_FROM_YOU = re.compile(r"^\s*(?:(?:and|what about|how about|ok|so)[ ,]+)?(?:how far )?(?:from|to) (?:you|me|the robot|yourself)"
                           r"(?: then)?\s*\?*$", re.IGNORECASE)
_HOW_FAR_FROM = re.compile(r"^(?:(?:and|so|ok|okay)[ ,]+)?how far (?:away )?is (?P<first>the [a-z ]+?) (?:from|to) (?:the [a-z ]+?)\s*\?*$",
                           re.IGNORECASE)
# A question ranked by nearness to the object the question before was ranked by: "... to the grey bottle?" - "and the furthest
# from it?"
_RANKED_FROM_IT = re.compile(r"\b(?:closest|nearest|furthest|farthest)(?: thing| object| one)? (?:to|from) (?P<it>it|that)\s*\?*$",
                             re.IGNORECASE)
_RANKED_FROM = re.compile(r"\b(?:closest|nearest|furthest|farthest|next)(?: thing| object| one)? (?:to|from) (?P<anchor>the [a-z ]+?)"
                          r"\s*\?*$", re.IGNORECASE)
# A word typed after a goal with a star, as people correct a typed message: "*left", "*the far one"
_STARRED_PLACE = re.compile(r"^\s*\*\s*(?:the )?(?P<word>left|right|middle|near|far|nearer|farther|further|closer|nearest|farthest|"
                            r"furthest|closest|leftmost|rightmost)(?: one)?\s*\*?[.!]*$", re.IGNORECASE)
# "The other one" of two objects just compared: "go to the other one"
_THE_OTHER_ONE = re.compile(r"\bthe other one\b", re.IGNORECASE)
# All of the kind a question just counted: "pick them all up", "put all of them in the bin"
_THEM_ASKED_ABOUT = re.compile(r"\b(?:them all|all of them|both of them)\b", re.IGNORECASE)
# The one of a kind the goals before went to last: "the bin you just used", "the box you went to"
_THE_ONE_YOU_USED = re.compile(r"\bthe (?P<kind>bin|box|cube|can|tin|ball|bottle|plate|cone) (?:that )?you (?:just |last )?(?:used|went to|"
                               r"visited|were at|drove to|put (?:it|the [a-z ]+?) in(?:to)?|dropped (?:it|the [a-z ]+?) in(?:to)?)\b",
                               re.IGNORECASE)
# An answer to "which one?" that chooses by nearness to another object: "whichever's closer to it", "the one nearest the bin"
# An answer to "which one?" that says which is not meant: "not the black one", "the one that isn't by the cone"
_RULED_OUT_ANSWER = re.compile(r"^(?:(?:no|nope|um|uh|oh|well|hmm)[ ,]+)*(?:(?:not|never) (?P<what>(?:the|a) [a-z ]+?)|(?:the )?one "
                               r"(?:that|which) (?:isn't|is not|'s not|s not|isnt) (?P<rest>[a-z ]+?))(?: please)?[ .!]*$")
# Two answers at once to "which one?" of a goal that names two look-alike kinds: "orange, left" (the orange can, the left bin)
_DESCRIBED_BY = rf"(?:{'|'.join(COLORS)}|left|right|near|far|nearest|farthest|furthest|closest)"
_TWO_ANSWERS = re.compile(rf"^(?:the )?(?P<first>{_DESCRIBED_BY})(?: one)?(?:,| and|, and)+ (?:the )?(?P<second>{_DESCRIBED_BY})"
                          r"(?: one)?(?: please)?[ .!]*$")
# Another object said as a question after a goal: "and the cube?", "what about the ball?", "and the cone too?"
_AND_THAT_ONE = re.compile(r"^(?:and|what about|how about|now)\s+(?P<what>(?:the|that) (?:[a-z]+ ){0,2}?[a-z]+?)(?: too| as well)?\s*\?+$",
                           re.IGNORECASE)
# The bin of a put taken out, with what to do with the cube instead: "wait, forget the bin, just bring it here"
_BIN_DROPPED = re.compile(r"^(?:(?:no|wait|actually|hang on|hold on|ok|okay|oh|sorry)[ ,.!]+)*(?:forget|never mind|skip|scrap)(?: about)? "
                          r"the (?:[a-z]+ )?bin(?: (?:part|bit))?[ ,.;!-]+(?P<rest>.+)$", re.IGNORECASE)
# A size said plainly as the answer to "which one?": "the little one", "the tall one"
_PLAIN_SIZE_ANSWER = re.compile(r"^(?:(?:um|uh|oh|er)[ ,]+)*(?:the )?(?P<size>little|small|tiny|wee|big|large|huge|tall|short)"
                                r"(?: one| thing)?(?: please)?[ .!]*$")
_AS_COMPARED = {"little": "smaller", "small": "smaller", "tiny": "smaller", "wee": "smaller", "big": "bigger", "large": "bigger",
                "huge": "bigger", "tall": "taller", "short": "shorter"}
_CHOSEN_BY_NEARNESS = re.compile(r"^(?:oh,? |um,? |uh,? )?(?:whichever(?: one)?|the one|whichever of them)"
                                 r"(?:'s| is| that's| that is| thats)? "
                                 r"(?:closer|closest|nearer|nearest)(?: to)? (?P<what>it|that|that one|the [a-z]+(?: [a-z]+)?)"
                                 r"[.!?]*$", re.IGNORECASE)


def _anchor_in(goal_before: str, said: str, chosen_kind: str) -> str:
    """The object of the goal before that ``said`` ("it", "the bin") names in an answer to "which one?"
    among objects of ``chosen_kind``: the one named of that kind, or for "it" the last one named of
    another kind ("take the black can to the red bin": the red bin); '' when there is none."""
    named = [(m.group(0), lx.kind_said(m.group("kind")) or m.group("kind"))
             for m in re.finditer(r"\bthe (?:[a-z]+ )?(?P<kind>[a-z]+)\b", goal_before.lower()) if lx.kind_said(m.group("kind"))]
    wanted = said.lower().split()[-1]
    if wanted in ("it", "that", "one"):
        others = [n for n, kind in named if kind != chosen_kind]
        return others[-1] if others else ""
    kind = lx.kind_said(wanted) or ""
    return next((n for n, k in named if k == kind and k != chosen_kind and (len(said.split()) < 3 or n == said.lower())), "")


# A turn or drive planned last, scaled: "twice as far this time", "do half of that again", "triple that"
_SCALES = ((r"(?:twice|double|two times)(?: (?:as far|as much|the distance|the amount|the angle))?", 2.0),
           (r"(?:triple|treble|three times)(?: (?:as far|as much|the distance|the amount|the angle))?", 3.0),
           (r"half(?: of)?(?: (?:as far|as much|the distance|the amount|the angle))?", 0.5))
_A_BIT = r"(?:(?:a|just a|only a) )?(?:(?:little|tiny|teeny|wee|tad|touch|shade|smidge|bit|fraction|hair) )*"
_SCALE_FILLERS = frozenset({"no", "now", "ok", "okay", "and", "but", "again", "this", "time", "do", "that", "please", "then",
                            "actually", "so", "like", "just", "go", "it", "one", "the", "way", "same", "thing", "than"})
_NUDGE_RAD = math.radians(10.0)  # "a teeny bit more" after a turn [rad]
_TINY_WORDS = frozenset({"tiny", "teeny", "wee", "touch", "tad", "smidge", "hair", "shade", "fraction"})
# Words of a reply that only gives a way to turn or an amount to drive ("to the left, 30 degrees", "half a metre")
_MOTION_DETAIL_WORDS = frozenset({"left", "right", "around", "round", "clockwise", "anticlockwise", "counterclockwise", "half",
                                  "a", "an", "quarter", "metre", "metres", "meter", "meters", "m", "cm", "centimetres",
                                  "centimeters", "degrees", "degree", "deg", "by", "to", "the", "your", "and", "about",
                                  "roughly", "please", "ok", "okay", "so", "um", "uh", "or", "ish", "just", "more", "then",
                                  "of", "turn", "mm", "feet", "foot"}) | frozenset(lx.NUMBER_WORDS) - {"no"} | \
    lx.SPELLED_TENS_AND_TEENS
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


# A first sentence of nothing but interjections: "oh right.", "ah ok!", "hmm, right."
_INTERJECTED_FIRST = re.compile(rf"^\s*(?:oh|ah|ahh|hmm|um|uh|ooh|aha)(?:[ ,]+(?:{lx.INTERJECTIONS}))*[.!]+\s+(?=\S)", re.IGNORECASE)

# Which middle is meant, said after "which one?" asked of a middle: across the view, or by distance
_MIDDLE_ACROSS = re.compile(r"\b(?:left to right|right to left|across|side to side|sideways|from (?:the )?(?:left|right))\b",
                            re.IGNORECASE)
_MIDDLE_BY_DISTANCE = re.compile(r"\b(?:by distance|middle distance|distance[- ]wise|how far|near to far|nearest to (?:the )?"
                                 r"farthest|front to back|away from you)\b", re.IGNORECASE)
# The goal going on taken back by leaving its object be: "on second thoughts, leave it", "no, leave it alone"
_LEAVE_IT = re.compile(r"\s*(?:(?:on second thoughts?|second thoughts|actually|no|nah|never ?mind|wait|forget it|ok|okay|fine|hmm|"
                       r"oh|sorry|i changed my mind)[ ,.!;-]*)*(?:just )?leave (?:it|that|them)(?: alone| be| there| where it is)?"
                       r"(?:,? (?:then|for now|actually|please|thanks))?[ .!]*", re.IGNORECASE)


@dataclass
class Conversation:
    """The goals said before, for reading follow-ups. ``clock`` gives seconds (monotonic)."""

    window_s: float = FOLLOW_UP_WINDOW_S
    clock: Callable[[], float] = time.monotonic
    last_said: str = ""      # the last goal as read (planned or refused with a reason)
    choices: tuple[str, ...] = ()  # track ids of the objects the last goal's "which one?" listed
    last_planned: str = ""   # the last goal that was planned
    last_object: tuple[str, str] = ("", "")  # (name, track id) of the object the last plan acted on last
    last_cube: tuple[str, str] = ("", "")    # (name, track id) of the last cube or can the last plan acted on
    last_done: bool = False  # the last planned goal ended with success (remember_done)
    not_understood_since: bool = False  # a goal said after the last planned one was not understood (remember_not_understood)
    not_understood: str = ""  # the goal not understood since the last planned one
    full_bin: str = ""  # a bin said to be full while a goal put into it ("the yellow bin is full"): which to use instead?
    stopped_for_warning: bool = False  # the last planned goal was stopped by a warning ("the floor is wet!"), not a "stop"
    last_asked: tuple[str, str] = ("", "")   # (name, track id) of the one object the last question was about
    last_places: tuple[str, ...] = ()  # the objects the last plan went to, in order, once each ("red box", "blue box")
    last_visits_only: bool = False     # the last plan only went to its objects (its order may be swapped)
    last_visits: tuple[tuple[str, str], ...] = ()  # (name, track id) of the objects the last plan went to, in order, once each
    visited: tuple[tuple[str, str], ...] = ()  # the same of every plan of the conversation, in order, once each
    put_away: tuple[str, ...] = ()  # track ids of what the puts planned one after another put into bins
    handled: tuple[str, ...] = ()  # track ids of the objects the planned goals went to, picked up or put into bins
    asked_kind: str = ""     # the kind the last question named, with its colour ("which cubes are blue?": blue cube)
    compared: tuple[str, ...] = ()  # track ids of the objects the last questions were about, two or more
    mentioned: tuple[str, ...] = ()  # track ids of the objects the questions since the last plan named, in the order said
    answer_listed: tuple[str, ...] = ()  # names of the objects the last answer listed ("the green cube 1.1 m ahead, ...")
    answer_listed_ids: tuple[str, ...] = ()  # track ids of the objects it listed, in its order (two purple cans: two ids)
    last_question: str = ""  # the last question answered, as read
    question_choices: tuple[str, ...] = ()  # track ids the last question's answer asked "which one?" about
    # prohibitions said on their own ("avoid the yellow cube"), as read, with what each forbids: they hold for the
    # goals said after them until lifted ("you can go near the yellow cube now") or the conversation is forgotten
    standing: tuple[tuple[str, OnlyForbidden], ...] = ()
    kept_for_someone: tuple[str, ...] = ()  # the standing keep-aways (as said) kept because someone was said to be there
    kept_while_unsafe: tuple[str, ...] = ()  # and those kept because a thing was said to be unsafe to touch ("it's red-hot")
    asked_for_when_gone: str = ""  # a request said with a warning of someone by an object, for when they have gone
    # rules about moving said on their own ("never reverse", "stay at least a metre from the cone"), held alike
    motion_rules: tuple[MotionRule, ...] = ()
    names: tuple[GivenName, ...] = ()  # names given to objects in view ("let's call the black box home base")
    last_stop_said: str = ""  # the last goal that only stopped the robot ("freeze!"), for "why did you stop?"
    purposes: tuple[BinPurpose, ...] = ()  # what bins in view were said to be for ("the grey bin is for cubes")
    last_motion: tuple[str, float] | None = None  # ("turn", rad) or ("drive", m) when the last plan was that one motion
    puts_done: tuple[tuple[str, str], ...] = ()  # (what, bin it went into) of each put of the goals done, oldest first
    motions_done: tuple[tuple[str, float], ...] = ()  # ("drive", m) and ("turn", rad) of the goals done, oldest first
    moved_otherwise: bool = False  # a goal done drove to an object or a point: how far it went is not known here
    last_refusal: str = ""   # why the last goal said was refused, for "why not?"
    _motions_planned: tuple[tuple[str, float], ...] = field(default=(), repr=False)  # of the last planned goal
    _moves_otherwise: bool = field(default=False, repr=False)  # ... and whether it drives to an object or a point
    _back_at_start: bool = field(default=False, repr=False)  # ... and whether it ends where odometry started
    _puts_planned: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # of the last planned goal
    _said_at: float = field(default=-math.inf, repr=False)
    _question_at: float = field(default=-math.inf, repr=False)  # when the last question was answered
    _planned_at: float = field(default=-math.inf, repr=False)
    _asked_at: float = field(default=-math.inf, repr=False)

    def remember_plan(self, goal: str, steps: Sequence[PlanStep]) -> None:
        """The goal (as read) was planned as ``steps``; a plain "stop" interrupts the conversation
        and is no part of it."""
        if all(step.skill == "stop" and not step.target for step in steps):
            self.last_stop_said = goal
            words = [t for t in tokenize_or_empty(goal) if t[0].isalnum() and t not in ("please", "now", "robot")]
            self.stopped_for_warning = self.stopped_for_warning or not (said_alone_to_stop(words) or
                                                                        " ".join(words) in lx.STOP_PHRASES)
            return
        carried_before = self.last_cube[0]  # what a put without a pick puts: the cube or can picked up before
        self.stopped_for_warning, self.answer_listed, self.answer_listed_ids = False, (), ()
        self.last_said, self._said_at, self.choices, self._asked_at = goal, self.clock(), (), -math.inf
        self.mentioned = ()
        self.question_choices = ()
        self.last_planned, self.last_object, self.last_done = goal, _object_acted_on_last(steps), False
        self._planned_at = self._said_at
        self.not_understood_since = False
        self.last_cube = _object_acted_on_last(steps, GRASPABLE_LABELS)
        carried = {s.object_id for s in steps if s.skill == "pick" and s.object_id}
        self.handled = tuple(dict.fromkeys([*self.handled, *(s.object_id for s in steps if s.object_id and
                                                              s.skill in ("navigate_to", "approach", "pick"))]))
        self.put_away = (*self.put_away, *sorted(carried)) if any(s.skill == "place" for s in steps) else ()
        self.last_places = tuple(dict.fromkeys(s.target for s in steps if s.skill in ("navigate_to", "approach", "search")
                                               and s.target.rpartition(" ")[2] in LABELS))
        self.last_visits = tuple(dict.fromkeys((s.target, s.object_id) for s in steps if s.skill in ("navigate_to", "approach")
                                               and s.target.rpartition(" ")[2] in LABELS))
        self.last_visits_only = all(s.skill == "navigate_to" and s.target.rpartition(" ")[2] in LABELS for s in steps)
        motions = [motion_target(s.target) for s in steps if s.skill == "navigate_to"]
        self.last_motion = motions[0] if len(steps) == 1 and motions and motions[0] is not None else None
        self.last_stop_said = ""
        self.visited = tuple(dict.fromkeys((*self.visited, *self.last_visits)))
        picked = carried_before
        puts: list[tuple[str, str]] = []
        for step in steps:
            if step.skill == "pick":
                picked = step.target
            elif step.skill == "place" and picked:
                puts.append((picked, step.target))
                picked = ""
        self._puts_planned = tuple(puts)
        self._motions_planned = tuple(m for s in steps if s.skill == "navigate_to" and (m := motion_target(s.target)) is not None)
        self._moves_otherwise = any(s.skill in ("navigate_to", "approach", "search") and motion_target(s.target) is None
                                    for s in steps)
        self._back_at_start = bool(steps) and steps[-1].skill == "navigate_to" and pose_target(steps[-1].target) == (0.0, 0.0)
        self.last_refusal = ""

    offered: str = ""  # the goal the last answer offered to do ("... say 'go to the green bin' and I will")

    def remember_question(self, goal: str, objects: Sequence[DetectedObject], answer: str = "") -> None:
        """The goal was a question and was answered (``answer``): "go there", "pick it up" next mean the one
        object it asked about ("where is the red cube?"), or the one a "which ...?" was answered with
        ("which bin is closer?" - "The yellow bin is closest": "go to that one" is the yellow bin), a
        kind-less "one" the kind it named; a question that names neither ("what do you see?", "thanks")
        leaves the conversation as it was."""
        self.last_question, self._question_at = goal, self.clock()
        offer = re.search(r"say '([^']+)' and I will\b", answer)
        self.offered = offer.group(1) if offer else ""
        asked, kind = asked_about(goal, objects)
        listed = [o for o in objects if kind.rpartition(" ")[2] == o.label and kind.partition(" ")[0] in (o.color, o.label)
                  and f"the {o.name} {where(o)}" in answer] if answer.rstrip().endswith("which one?") else []
        self.question_choices = tuple(o.track_id for o in listed) if len(listed) > 1 else ()
        which_or_what = re.match(r"^\s*(?:(?:now|and|ok|okay|so|then|um|uh|hey|right)[ ,]+)*(?P<wh>which|what)(?:s|'s)?\b", goal,
                                 re.IGNORECASE)  # "now what's closest to you?"
        answered = _ANSWERED_WITH.match(answer) if which_or_what and (not asked[0] or which_or_what["wh"].lower() == "what") \
            else None  # "what is in the green bin?" - "The red cube is in the green bin.": the cube
        named = [o for o in objects if answered and f"{o.color} {o.label}" == answered.group(1)]
        told = object_told(answer, objects) if which_or_what else None
        if len(named) == 1 and re.match(r"^The [a-z]+ [a-z]+ is (?:closer|nearer|farther|further|bigger|smaller|larger)\b", answer):
            told = named[0]  # "The white bin is closer: 2.2 m ...; the green bin 2.5 m ...": the white bin, not the other
        if told is None and len(named) == 1:
            told = named[0]
        if told is not None:  # "which red box is closer?" - "The red box is closest, 1.8 m ahead-left.": that red box;
            asked = (told.name, told.track_id)  # "what is next to the bin?" - "The white can is next to the bin, ...": the can
            kind = kind if kind.rpartition(" ")[2] == told.label else told.label
        listed_all = [o for o in objects if f"the {o.name} {where(o)}" in answer]
        self.answer_listed = tuple(dict.fromkeys(o.name for o in listed_all))
        self.answer_listed_ids = tuple(o.track_id for o in sorted(listed_all, key=lambda o: answer.find(f"the {o.name} {where(o)}")))
        if len(listed_all) >= 2 and len({o.label for o in listed_all}) == 1 and kind.rpartition(" ")[2] not in LABELS:
            names = {o.name for o in listed_all}  # "you see the two round white things?" - "... the white ball ..., the white ball ..."
            kind = names.pop() if len(names) == 1 else listed_all[0].label
        named_each = _each_named(goal, objects)
        before = (self.last_asked[1],) if self.asked_last() and self.last_asked[1] and len(named_each) < 2 else ()
        self.mentioned = tuple(dict.fromkeys((*self.mentioned, *_each_named(goal, objects, alone=True))))
        self.compared = tuple(dict.fromkeys((*before, *named_each, *((asked[1],) if asked[1] else ()))))
        if asked[0] or kind or len(self.compared) >= 2:
            self.last_asked, self.asked_kind, self._asked_at = asked, kind, self.clock()

    def remember_lifted(self, names: Sequence[str], objects: Sequence[DetectedObject]) -> None:
        """A prohibition of the objects ``names`` ("grey can") was lifted and nothing else asked: "it" said
        next is the one of them in view ("you can touch the grey can now" - "put it in the blue bin")."""
        named = [o for o in objects if o.name in names]
        if len(named) == 1:
            self.last_asked, self.asked_kind, self._asked_at, self.compared = (named[0].name, named[0].track_id), \
                named[0].name, self.clock(), ()

    def remember_not_understood(self, goal: str = "") -> None:
        """A goal said since the last one planned was not understood: it stopped that goal, as any new goal
        does, and may have been meant to take part of it back ("actually the other way"), so nothing is
        added to that goal now; which-one answers, corrections and "carry on" still refer to it."""
        self.not_understood_since = True
        self.not_understood = goal

    def remember_done(self) -> None:
        """The last planned goal ended with success: there is nothing of it to go on with, and what it put
        into bins is there now."""
        if not self.last_done:
            self.puts_done = (*self.puts_done, *self._puts_planned)
            self.motions_done = (*self.motions_done, *self._motions_planned)
            self.moved_otherwise = self.moved_otherwise or self._moves_otherwise
            if self._back_at_start:  # "come back": where it is is known again
                self.motions_done, self.moved_otherwise = (), False
        self.last_done, self._puts_planned, self._motions_planned, self._moves_otherwise = True, (), (), False

    def remember_refusal(self, goal: str, choices: Sequence[str] = (), objects: Sequence[DetectedObject] = (),
                         reason: str = "") -> None:
        """The goal (as read) was refused with a ``reason``; ``choices``: the track ids a "which one?" listed.
        A refused goal that named one object in view leaves it to refer to, as a question about it
        does ("pick up the blue bin" - "put the yellow cube in it then")."""
        self.last_said, self._said_at, self._asked_at, self.answer_listed = goal, self.clock(), -math.inf, ()
        self.last_refusal = reason
        self.answer_listed_ids = ()
        self.choices = tuple(choices) if all(choices) else ()
        named, _ = asked_about(goal, objects) if objects and not self.choices else (("", ""), "")
        if named[0]:
            self.last_asked, self.asked_kind, self._asked_at, self.compared = named, named[0], self.clock(), ()

    def read(self, goal: str, objects: Sequence[DetectedObject]) -> tuple[str, tuple[DetectedObject, ...]]:
        """The goal as read with what was said before (unchanged when it is no follow-up), and the
        objects it may refer to (an answer to "which one?": those asked about, and the rest of
        other kinds). GoalRefused for a repeat with nothing planned before."""
        if only_an_alarm(goal):  # "watch it!" after "turn left 45 degrees": a stop, no correction of the turn
            return goal, tuple(objects)
        goal = _INTERJECTED_FIRST.sub("", goal, count=1)  # "oh right. forget what I said about the left.": no correction
        goal = _nth_named_before(goal)  # "The cube, the ball, the bin. Go to the last one.": the bin
        middle_way = _MIDDLE_ACROSS.search(goal) or _MIDDLE_BY_DISTANCE.search(goal) \
            if len(self.choices) == 2 and "in the middle from left to right" in self.last_refusal and self.recent() else None
        if middle_way:  # "go to the middle cube" - "which one?" - "the middle one as you look across, left to right"
            chosen_id = self.choices[0] if _MIDDLE_ACROSS.search(goal) else self.choices[1]
            chosen = next((o for o in objects if o.track_id == chosen_id), None)
            if chosen is not None:
                return f"{self.recent().rstrip(' .!?')}. no, the {chosen.name}", only_that_one(objects, chosen.name, chosen.track_id)
        if self.last_planned and not self.last_done and _LEAVE_IT.fullmatch(goal):  # "on second thoughts, leave it", "leave it
            # alone" while a pick goes on: no pick
            return "stop", tuple(objects)
        paused = _PAUSE_BEFORE_CORRECTION.match(goal) if self.recent() else None
        if paused:  # "wait, I actually meant the orange one": the correction, no pause
            wrong_kind = re.search(r"\bwrong ([a-z]+)", paused[0].lower())
            kind_said = (lx.kind_said(wrong_kind.group(1)) or "") if wrong_kind else ""
            goal = goal[paused.end():]
            if kind_said:  # "wait, wrong cube, I actually meant the yellow one": the yellow cube
                goal = re.sub(r"\bthe ([a-z]+) one\b", rf"the \1 {kind_said}", goal, count=1, flags=re.IGNORECASE)
        scaled = self._motion_scaled(goal)
        if scaled:  # "twice as far this time" after "reverse 30 cm"; "a little less" after "turn 90 degrees to the right"
            return scaled, tuple(objects)
        detailed = self._motion_detailed(goal)
        if detailed:  # "turn a little" - "which way?" - "to the left, 30 degrees"; "drive forward" - "half a metre"
            return detailed, tuple(objects)
        said_done = _SAID_DONE.match(goal)
        if said_done and self.last_planned and said_done.end() < len(goal):  # "yay it's in! now do the blue cube"
            self.remember_done()
            goal = goal[said_done.end():]
        goal = as_said_here(goal)  # "the one at the back": the farthest one
        if _OTHER_END.match(goal) and self.recent():  # "go to the green cube on the right" - "sorry, the other end": the left one
            other_end_goal = _SWAP_END.sub(lambda m: _ENDS[m[0].lower()], self.recent())
            if other_end_goal != self.recent():
                goal = other_end_goal
        same_rule = _SAME_RULE.search(goal)
        if same_rule and self.last_planned:  # "go to the ball but stay away from the cube" - "now the box, same rule": kept away too
            kept = _KEPT_OFF_IN_GOAL.search(self.last_planned)
            if kept is None:
                raise GoalRefused(f"the goal before ('{self.last_planned}') kept to no rule; say what to keep away from")
            goal = f"{goal[:same_rule.start()].rstrip(' ,')}{self.last_planned[kept.start() + 1:]}"
        refused_share = share_said(self.recent()) if self.recent() and self.recent() != self.last_planned else None
        answered = _ONES_LEFT_OUT.match(goal) if refused_share else None
        if refused_share and answered:  # "every cube but one" - "which cubes?" - "leave the middle one" / "the one closest to you"
            share_text = normalise(self.recent())
            left_out_word = refused_share["kind1"] or refused_share["kind2"]
            left_kind = lx.kind_said(left_out_word) or left_out_word if left_out_word else ""
            shared_word = next(k for n in range(1, 6) if (k := refused_share[f"kind{n}"]))
            answer_named = re.sub(r"\bone\b", lx.kind_said(shared_word) or shared_word.rstrip("s"), answered["what"])
            share_lead = share_text[:refused_share.start()] or \
                ("put " if re.match(r"\s*(?:in|into|to)\b", share_text[refused_share.end():]) else "")
            if left_out_word and (answered["left_out"] or answered["left_out2"] or not answered["kept"]):
                return f"{share_lead}every {left_kind} except {answer_named}{share_text[refused_share.end():]}", tuple(objects)
            if not left_out_word:
                return f"{share_lead}{answer_named}{share_text[refused_share.end():]}", tuple(objects)
        its_side = _BESIDE_ITS_SIDE.search(goal) if not self.recent_object()[0] else None
        if its_side:  # "pick up the one to its right" with no object acted on or answered with before
            its_before = self.last_question if self.asked_last() else self.recent() or self.not_understood
            side_again = _ITS_SIDE_ALONE.match(goal)
            if side_again and self.asked_last() and re.search(r"\b(?:left|right)\b", self.last_question):
                # "how many cubes are to the left of the orange can?" - "and to its right?": the same question, that side
                return re.sub(r"\b(left|right)\b", side_again["side"].lower(), self.last_question, count=1), tuple(objects)
            its_named = [m[0] for m in re.finditer(r"\bthe (?:[a-z]+ )?(?:box|cube|bin|ball|can|tin|bottle|plate|cone)\b",
                                                   its_before or "")]
            if not its_named:
                raise GoalRefused("which object is 'its'? Nothing was named before; say, e.g., 'pick up the cube to the right of "
                                  "the red can'")
            its_which = re.search(r"left|right", its_side[0], re.IGNORECASE)
            assert its_which is not None
            goal = f"{goal[:its_side.start()]}to the {its_which[0].lower()} of {its_named[-1]}{goal[its_side.end():]}"
        coming_back = _RETURN_AT_END.search(goal) if self.last_planned else None
        if coming_back and _ONLY_NAMED.match(goal[:coming_back.start()]):  # "now the other one, then come back": that, then back
            head = goal[:coming_back.start()]
            read_head, meant = self.read(head, objects)
            if read_head != head:
                return f"{read_head.rstrip(' .!,;')}{coming_back[0]}", meant
        kept_off_it = _KEEP_OFF_IT.search(goal) if self.asked_last() and self.recent_object()[0] else None
        if kept_off_it:  # "where's the cone?" - "stay well away from it from now on", "keep well clear of that thing"
            goal = f"{goal[:kept_off_it.start('it')]}the {self.recent_object()[0]}{goal[kept_off_it.end('it'):]}"
        kept_off = _KEEP_OFF_THEM.search(goal) if len(self.answer_listed_ids) >= 2 else None
        if kept_off:  # "is anything in the way to the cone?" - "Yes, A, B, C ..." - "go to the cone without knocking any of them"
            kept_names = [f"the {n}" for n in self.answer_listed]
            said = f"{', '.join(kept_names[:-1])} and {kept_names[-1]}" if len(kept_names) > 1 else \
                f"the {plural(self.answer_listed[0])}"  # "are there any cans?" - "Yes, I see two cans: ..." - "don't touch them"
            goal = f"{goal[:kept_off.start('them')]}{said}{goal[kept_off.end('them'):]}"
        left_behind = (_THE_ONE_LEFT_OUT.search(goal) or (_THE_LAST_ONE_TOO.search(goal) if _EXCEPTED_IN.search(self.last_planned)
                                                          else None)) if self.last_planned else None
        if left_behind:  # "put every cube except the middle one in the bin" - "the one you left behind, go to it": the middle one
            excepted = _EXCEPTED_IN.search(self.last_planned)
            if excepted is None:
                raise GoalRefused(f"the goal before ('{self.last_planned}') left nothing out; name the one you mean")
            put_before = _PUT_INTO.search(self.last_planned)
            if left_behind.re is _THE_LAST_ONE_TOO and put_before:  # "ok now that last one too, but in the other bin": that one put
                into = _PUT_INTO.search(goal)
                return f"put {excepted['what']} in {into['bin'] if into else put_before['bin']}", tuple(objects)
            goal = f"{goal[:left_behind.start()]}{excepted['what']}{goal[left_behind.end():]}"
        starred = _STARRED_PLACE.match(goal)
        if starred and not self.recent():
            raise GoalRefused(f"'{goal.strip()}' corrects a goal said before, and there is none to correct; say the whole goal")
        if starred:  # "*left" typed after a goal: the word it meant, a correction
            goal = f"no, the {starred['word'].lower()} one"
        if self.offered and self.asked_last() and GO_AHEAD.match(goal.strip()):
            return self.offered, tuple(objects)  # "can you reach the green bin?" - "Yes: ... say 'go to the green bin' and I will" - "go"
        if _DONT_STOP.match(goal) and self.last_planned and self.recent() == self.last_planned:
            goal = "carry on"  # "go to the orange cube" - "don't stop": go on with it
        if self.question_choices and self.asked_last():
            asked_again_of_one = self._question_about_the_one_chosen(goal, objects)
            if asked_again_of_one is not None:  # "what colour is the tin?" - "which one?" - "the one on the right"
                return asked_again_of_one
        from_me = _AND_FROM_YOU.match(goal) if self.asked_last() else None
        how_far = _HOW_FAR_FROM.match(self.last_question.strip()) if from_me else None
        if how_far:  # "how far is the red can from the grey bottle?" - "and from you?": the red can from the robot
            return f"how far is {how_far['first']}?", tuple(objects)
        same_anchor = _RANKED_FROM_IT.search(goal) if self.asked_last() else None
        anchor_before = _RANKED_FROM.search(self.last_question) if same_anchor else None
        if same_anchor and anchor_before:  # "what's the closest thing to the grey bottle?" - "and the furthest from it?"
            by_anchor = f"{goal[:same_anchor.start('it')]}{anchor_before['anchor']}{goal[same_anchor.end('it'):]}"
            return re.sub(r"^\s*(?:(?:and|so|ok|okay)[ ,]+)+", "", by_anchor, flags=re.IGNORECASE), tuple(objects)
        if _COLOURS_OF_THEM.match(goal) and self.asked_last() and self.asked_kind.rpartition(" ")[2] in LABELS:
            return f"what colours are the {plural(self.asked_kind)}?", tuple(objects)  # "how many bins?" - "which colours?"
        if _EACH_OF_THOSE.match(goal.lower()) and self.asked_last() and self.asked_kind:
            return f"how far is each {self.asked_kind}?", tuple(objects)  # "how many grey cubes?" - "how far is each one?"
        asked_again = _WHICH_AGAIN.match(goal)
        if asked_again and self.asked_last() and self.asked_kind:  # "and which is farthest?" after "which can is closest?"
            kind = asked_about(self.last_question, objects)[1] or "thing"  # "and the rightmost?" after "the leftmost thing?"
            rank = re.match(r"^(?:the )?(?P<rank>.+?)(?: one)?(?P<from> (?:away|to you|from you|to me|from me))?\s*\?+$",
                            asked_again.group("rest"))
            assert rank is not None
            return f"what is the {rank['rank']} {kind}{rank['from'] or ''}?", tuple(objects)
        back_to = _BACK_TO_THE_NTH.match(goal.lower())
        visits = self.visited if back_to and (back_to["since"] or len(self.last_visits) < 2) else self.last_visits
        if back_to and len(visits) >= 2 and self.recent() == self.last_planned:
            # "go back to the first one" after "go to the orange cube, then the blue can": the orange cube
            nth = {"first": 0, "second": 1, "third": 2, "previous": -2, "last": -1}[back_to["nth"]]
            if -len(visits) <= nth < len(visits):
                name, track_id = visits[nth]
                return f"go to the {name}", only_that_one(objects, name, track_id)
        used = _THE_ONE_YOU_USED.search(goal)
        last_used = next((v for v in reversed(self.visited) if used and v[0].rpartition(" ")[2] == lx.kind_said(used["kind"])), None)
        if used and last_used:  # "now go back to the bin you just used": the bin the goals before went to last
            return f"{goal[:used.start()]}the {last_used[0]}{goal[used.end():]}", only_that_one(objects, *last_used)
        goal = _SAME_WITH_THE_NEXT.sub(r"\1", goal)  # "same again with the next one": the next one
        next_put = self._next_put(goal, objects)
        if next_put is not None:  # "now the next one" after "put the nearest grey cube in the purple bin"
            return next_put
        next_one = _THE_NEXT.match(goal.lower()) if self.recent_object()[1] else None
        if next_one:  # "and the next one" after "go to the nearest can": the nearest other can
            verb = re.sub(r"^(?:(?:and|now|then|ok|okay|so)[ ,]+)*(?:then )?", "", next_one.group(1))
            kind = next_one.group(2) if next_one.group(2) not in (None, "one") else self.recent_object()[0].rpartition(" ")[2]
            label = "can" if kind == "tin" else kind
            in_view = Grounder(objects)
            if not any(o.label == label and o.track_id != self.recent_object()[1] for o in in_view.objects):
                raise GoalRefused(f"I see no other {label}; I see: {in_view.seen_list(in_view.objects) or 'nothing'}")
            goal = f"{verb}the nearest other {kind}"
        goal = _LEADING_INTERJECTION.sub("", goal)  # "oh, then the blue cube", "ah and go slowly the whole time"
        goal = _OVER_THERE_ALONE.sub(r"\1 there", goal)  # "where's the bottle?" - "drive over there": to the bottle
        if self.asked_last() and self.asked_kind and _LOOK_THEN.match(goal):  # "is there a green can?" - "yes please look"
            goal = f"look for any {self.asked_kind}"
        bare_one = (_BARE_ONE.search(goal) or _ONE_PUT.search(goal)) if self.asked_last() and self.asked_kind else None
        if bare_one:  # "is there a plate?" - "look for one": a plate
            goal = f"{goal[:bare_one.start('one')]}any {self.asked_kind}{goal[bare_one.end('one'):]}"
        compared = [o for o in objects if o.track_id in self.compared] if self.asked_last() else []
        other_asked = _THE_OTHER_ONE.search(goal) if len(compared) == 2 and self.last_asked[1] in self.compared else None
        pair = [o for o in objects if o.track_id in self.compared] if self.last_planned and not self.asked_last() else []
        other_done = _THE_OTHER_ONE.search(goal) if len(pair) == 2 and self.last_object[1] in self.compared else None
        if other_done:  # "the ball and the bin, which is nearer?" - "go to the nearer of the two" - "now the other one": the bin
            other = next(o for o in pair if o.track_id != self.last_object[1])
            said = f"{goal[:other_done.start()]}the {other.name}{goal[other_done.end():]}"
            if not begins_action(tokenize_or_empty(_LEADING_INTERJECTION.sub("", said))):
                said = _with_object_swapped(self.last_planned, f"the {other.name}") or said
            return said, only_that_one(objects, other.name, other.track_id)
        if other_asked:  # "which is further away, the ball or the box?" - "The green ball ..." - "go to the other one": the box
            other = next(o for o in compared if o.track_id != self.last_asked[1])
            return f"{goal[:other_asked.start()]}the {other.name}{goal[other_asked.end():]}", only_that_one(objects, other.name,
                                                                                                             other.track_id)
        from_that = _HOW_FAR_FROM_THAT.match(goal.strip()) if self.asked_last() and self.last_asked[1] else None
        if from_that:  # "which cube is furthest?" - "how far is that from the green bin?": that cube
            name, track_id = self.last_asked
            return f"how far is the {name} from {from_that.group('other')}?", only_that_one(objects, name, track_id)
        asked_pair = compared if len(compared) == 2 else [o for o in objects if self.asked_kind and self.asked_last() and
                                                          self.asked_kind in (o.name, o.label)]
        if _HOW_FAR_APART.match(goal.strip()) and len(asked_pair) == 2:  # "which black can is nearer?" - "how far apart are they?"
            a, b = asked_pair
            return (f"how far apart are the two {plural(a.name)}?" if a.name == b.name else
                    f"how far is the {a.name} from the {b.name}?"), tuple(objects)
        them = _THEM_ASKED_ABOUT.search(goal) if self.asked_last() and self.asked_kind else None
        if them:  # "how many cans are there?" - "pick them all up": all the cans
            goal = f"{goal[:them.start()]}all the {plural(self.asked_kind)}{goal[them.end():]}"
        listed_all = _ALL_LISTED.search(goal) if not them and len(self.answer_listed_ids) >= 2 and \
            self._question_at > self._said_at and not is_question(tokenize_or_empty(goal)) else None
        if listed_all:  # "which things are white?" - "the white can ..., the white can ..., the white bin ..." - "go to each of
            # those": each of them, and of the rest only the bins said as where to put them
            in_the_list = [o for track_id in self.answer_listed_ids for o in objects if o.track_id == track_id]
            bins_said = {str(lx.kind_of(w)) for w in re.findall(r"\b(?:in|into|inside) (?:the |a )?(?:[a-z]+ )?([a-z]+)\b", goal.lower())
                    if lx.kind_of(w) in CONTAINER_LABELS}
            listed_labels = {x.label for x in in_the_list}
            listed_kept = tuple(o for o in objects if o in in_the_list or (o.label in bins_said and o.label not in listed_labels))
            rest = _ORDER_AMONG_THEM.sub("", goal[listed_all.end():])  # "..., the bin in the end": in the order it plans them
            return f"{goal[:listed_all.start()]}everything{rest}", listed_kept
        them_listed = _THEM_ASKED_ABOUT.search(goal) if not them and len(self.answer_listed) >= 2 else None
        if them_listed:  # "how many of those can you pick up?" - "I can pick up 3: the white cube, ..." - "put them all in the bin"
            listed_names = [f"the {n}" for n in self.answer_listed]
            goal = f"{goal[:them_listed.start()]}{', '.join(listed_names[:-1])} and {listed_names[-1]}{goal[them_listed.end():]}"
        bin_dropped = _BIN_DROPPED.match(goal.strip()) if self.recent() == self.last_planned and self.last_cube[0] else None
        if bin_dropped and re.search(r"\b(?:it|that)\b", bin_dropped["rest"]) and \
                not re.match(r"(?:just |only )?(?:hold|keep|carry)\b", bin_dropped["rest"], re.IGNORECASE):
            # "put the red cube in the left bin" - "wait, forget the bin, just bring it here": the cube, brought back
            name, track_id = self.last_cube
            return re.sub(r"\b(?:it|that)\b", f"the {name}", bin_dropped["rest"], count=1), only_that_one(objects, name, track_id)
        listed_nth = _NTH_LISTED.search(goal) if len(self.answer_listed_ids) >= 2 else None
        if listed_nth:  # "which things here can you pick up?" - "the blue cube ..., the grey can ..." - "the second one": the can
            place = lx.ORDINALS[listed_nth["nth"].lower()]
            in_the_list = [o for track_id in self.answer_listed_ids for o in objects if o.track_id == track_id]
            if not in_the_list or place > len(in_the_list):
                raise GoalRefused(f"I listed only {len(in_the_list)}: {', '.join(f'the {o.name}' for o in in_the_list)}; "
                                  "which one do you mean?")
            chosen_listed = in_the_list[place - 1 if place > 0 else place]
            return f"{goal[:listed_nth.start()]}the {chosen_listed.name}{goal[listed_nth.end():]}", \
                only_that_one(objects, chosen_listed.name, chosen_listed.track_id)
        and_that = _AND_THAT_ONE.match(goal.strip()) if not self.choices else None
        asked_last = self._question_at > self._said_at  # the last thing said was a question, not a goal
        question_again = _with_object_swapped(self.last_question, and_that["what"]) if and_that and asked_last else ""
        if question_again:  # "what colour is the cube?" - "and the can?": what colour the can is
            return question_again, tuple(objects)
        said_as_asked = self.recent().rstrip().endswith("?")  # "can you pick up that bottle?" - "and the cube?": asked, not asked for
        done_again = _with_object_swapped(self.recent(), and_that["what"]) if and_that and self.recent() and not asked_last \
            and not said_as_asked and (self.last_done or self.recent() != self.last_planned) else ""
        if done_again:  # "put the bottle in the bin" (refused) - "and the cube?": the cube into the bin
            return done_again, tuple(objects)
        said_nth = _NTH_MENTIONED.search(goal)
        chosen = self._nth_mentioned(said_nth, objects) if said_nth else None
        if said_nth and chosen:  # "the ball or the can, which is further left?" - "go to the first one I said": the ball
            return f"{goal[:said_nth.start()]}the {chosen.name}{goal[said_nth.end():]}", \
                only_that_one(objects, chosen.name, chosen.track_id)
        ranked = _ONE_OF_THOSE_ASKED.search(goal) if self.asked_last() else None
        said_count = lx.NUMBER_WORDS.get((ranked.group("count") or "").lower(), 0) if ranked else 0
        if said_count > len(compared) and len(self.mentioned) >= said_count:
            # "what colour is the ball?" - "and the box?" - "the cone?" - "go to whichever of those three is nearest"
            compared = [o for o in objects if o.track_id in self.mentioned[-said_count:]]
        if ranked and len(compared) < 2 and self.asked_kind and ranked.group("among"):
            # "which cube is farther away?" - "pick up the farther of the two": of the cubes asked about
            color, _, kind = self.asked_kind.rpartition(" ")
            compared = [o for o in objects if o.label == kind and color in ("", o.color)]
        if ranked and len(compared) >= 2:  # "is the red cube closer than the purple can?" - "grab the farther one": of those two
            said_rank = ranked.group("rank") or ranked.group("rank_that") or ranked.group("rank_whichever")
            side = (ranked.group("side") or ranked.group("side2") or "").lower()
            chosen = min(compared, key=superlative_key(_RANKED_AS[said_rank.lower()])) if said_rank else \
                max(compared, key=lambda o: o.position_m[1] if side == "left" else -o.position_m[1])  # "the one on the right"
            return f"{goal[:ranked.start()]}the {chosen.name}{goal[ranked.end():]}", \
                only_that_one(objects, chosen.name, chosen.track_id)
        kindless = _ONE_BY_PLACE.search(goal) if self.asked_last() and self.asked_kind and \
            self.asked_kind.rpartition(" ")[2] in LABELS and any(self.asked_kind in (o.name, o.label) for o in objects) else None
        if kindless:  # "how many cubes do we have?" - "put the two right-hand ones in the bin": cubes, not any object
            kind = plural(self.asked_kind) if kindless["one"].lower() == "ones" else self.asked_kind
            goal = f"{goal[:kindless.start('one')]}{kind}{goal[kindless.end('one'):]}"
        if _RADIO_ACK.match(goal.strip()):  # "copy that, over": an acknowledgement, not "that" pointed at
            return goal, tuple(objects)
        redone = _REDONE.match(goal)
        if redone and self.recent() and _whole_goal(redone.group("rest")):  # "other way round: blue in yellow, red in green"
            goal = redone.group("rest")
        goal = _WRONG_ONE.sub("no, ", goal)  # "wrong box, the other one", "not that one, the other": a correction
        goal = _BARE_RANK.sub(r"the \1 \2 one", goal)  # "the second closest" said as which one
        goal = _IN_BETWEEN.sub(r"the middle \1", goal)  # "the one in between"
        goal = re.sub(r"^(?:the )?(?:one )?(first|second|third|1st|2nd|3rd)(?: one)? from the (left|right)\b",
                      lambda m: f"the {_AS_RANK.get(m.group(1), m.group(1))} one from the {m.group(2)}", goal,
                      flags=re.IGNORECASE)  # "second from the left" after "which one?"
        by_nearness = _CHOSEN_BY_NEARNESS.match(goal.strip()) if self.choices and self.recent() else None
        if by_nearness:  # "take the black can to the red bin" - "which one?" - "whichever is closer to the bin / to it"
            chosen_kind = next((o.label for o in objects if o.track_id in self.choices), "")
            anchor = _anchor_in(self.recent(), by_nearness.group("what"), chosen_kind)
            if anchor:
                goal = f"the one nearer {anchor}"
        goal = re.sub(r"^((?:no,? )?the one (?:that is |that's |thats |which is )?)(?:closer|closest|nearest) to (?=the |a )",
                      r"\1nearer ", goal, flags=re.IGNORECASE)  # "the one closer to the yellow box" after "which one?"
        ruled_out = _RULED_OUT_ANSWER.match(goal.lower().strip()) if len(self.choices) >= 2 and self.recent() else None
        left_over = self._choice_left(ruled_out["what"] or f"the one {ruled_out['rest']}", objects) if ruled_out else None
        if left_over is not None:  # "pick up the cube" - "which one?" - "not the black one", "the one that isn't by the cone"
            return f"{self.recent().rstrip(' .!?')}. no, the {left_over.name}", only_that_one(objects, left_over.name,
                                                                                            left_over.track_id)
        two_answers = _TWO_ANSWERS.match(goal.lower().strip()) if self.choices and self.recent() else None
        kinds_asked = {o.label for o in objects if o.track_id in self.choices}
        other_kind = next((k for w in re.findall(r"[a-z]+", self.recent().lower()) if (k := lx.kind_said(w)) and k not in kinds_asked),
                          "") if two_answers and len(kinds_asked) == 1 else ""
        if two_answers and other_kind:  # "put the can in the bin" - "which can?" - "orange, left": the orange can, the left bin
            return f"{self.recent().rstrip(' .!?')}. no, the {two_answers['first']} {next(iter(kinds_asked))} and the " \
                f"{two_answers['second']} {other_kind}", tuple(objects)
        plain_size = _PLAIN_SIZE_ANSWER.match(goal.lower().strip()) if self.choices else None
        if plain_size:  # "go to the white thing" - "which one?" - "the little one": the smaller of those listed
            goal = f"the {_AS_COMPARED[plain_size.group('size')]} one"
        if self.choices and _ANY_WILL_DO.match(goal.lower().strip()):
            goal = "the closest one"  # "whichever", "any of them", "you choose" after "which one?": the nearest
        listed_now = [o for o in objects if o.track_id in self.choices]
        kinds_listed = {o.label for o in listed_now}
        if self.choices and _EACH_OF_THEM.match(goal.lower().strip()) and len(kinds_listed) == 1 and self.recent():
            # "both" after "I see two red cubes ...; which one?": the goal again with both of them
            kind = next(iter(kinds_listed))
            names = {o.name for o in listed_now}
            what = f"{'both' if len(listed_now) == 2 else 'all'} the {plural(next(iter(names)) if len(names) == 1 else kind)}"
            said_before = re.sub(rf"\b(?:the |a |an )?(?:[a-z]+ )?{kind}\b", what, self.recent(), count=1, flags=re.IGNORECASE)
            if said_before != self.recent():
                return said_before, tuple(objects)
        if self.recent() == self.last_planned and _PUT_A_CUBE.match(self.last_planned or "") and \
                _OTHER_ONE_ALONE.match(goal.lower().strip()):
            goal = re.sub(r"\bother one\b", f"other {_carried_kind(self.last_planned)}", goal,
                          flags=re.IGNORECASE)  # after a put, the cube (or can) is what changes
        goal = _NOT_THIS_COLOR.sub(r"no, the \2 one", goal)  # "no no, not yellow, green": the green one
        goal = re.sub(r"^(?:skip|not|forget|drop|no|leave) the ([a-z]+) one,? (?:just|only) the ([a-z]+)(?: one)?[.!]*$",
                      r"just the \2 one", goal, flags=re.IGNORECASE)  # "skip the red one, only the blue"
        full = _BIN_FULL.match(" ".join(goal.lower().split()))
        if full and self.recent() == self.last_planned and f"the {full.group(1)}" in (self.last_planned or "").lower():
            self.full_bin = full.group(1)
            raise GoalRefused(f"the {full.group(1)} is full, so I stopped; say which bin to use instead")
        other_bin = _OTHER_BIN.match(" ".join(goal.lower().split())) if self.full_bin else None
        if other_bin and self.clock() - self._planned_at <= self.window_s:  # "use green then" after "the yellow bin is full"
            full_bin, self.full_bin = self.full_bin, ""
            return re.sub(rf"\bthe {full_bin}\b", f"the {other_bin.group(1)} bin", self.last_planned, flags=re.IGNORECASE), \
                tuple(objects)
        said = " ".join(goal.lower().split())
        edited = self._edited(said)
        if edited:
            return edited, tuple(objects)
        others = _SAME_FOR_THE_OTHERS.match(said)
        if others and self.last_planned and self.recent() == self.last_planned:  # "same for the other two" after a goal on one
            kind = others.group("kind") or ""
            name = self.last_cube[0] if kind in (*GRASPABLE_LABELS, "") and self.last_cube[0] else self.last_object[0]
            goal_said = self.last_planned.rstrip(" .!?;,")
            carried = self.last_cube[1] if name == self.last_cube[0] else self.last_object[1]
            one_said = re.search(rf"\bthe (?:(?:{'|'.join(_RANK_WORDS)}) )?{re.escape(name)}\b", goal_said) if name else None
            if one_said and carried and any(o.name == name and o.track_id != carried for o in objects) and \
                    goal_said.count(name) == 1:  # "the other two" after "put the nearest grey cube in ...": the other grey cubes
                left = tuple(o for o in objects if o.track_id != carried)
                return f"{goal_said[:one_said.start()]}all the {plural(name)}{goal_said[one_said.end():]}", left
            if name and name.endswith(kind) and goal_said.count(f"the {name}") == 1:
                every = f"all the {plural(name.rpartition(' ')[2])}"
                return f"{goal_said.replace(f'the {name}', every)} except the {name}", tuple(objects)
        put_there = _PUT_THERE_TOO.match(said)
        last_bin = _INTO_BIN.search(self.last_planned or "")
        if put_there and last_bin and self.recent() == self.last_planned and \
                _PUT_A_CUBE.match(self.last_planned):  # "also put the blue cube in there" after a put
            return self._then(f"put {put_there.group('cube')} in {last_bin.group(1)}"), tuple(objects)
        only_cube = _ONLY_THE_CUBE.match(said)
        if only_cube and last_bin and self.recent() == self.last_planned and _CARRIED.search(self.last_planned or ""):
            # "just the red one actually" after "put both cubes in the yellow bin": that cube only
            kind = _kind_said(only_cube.group("kind"), self.last_planned)
            return f"put the {only_cube.group('color')} {kind} in {last_bin.group(1)}", tuple(objects)
        elsewhere = _SAME_INTO_ANOTHER_BIN.match(said)
        if elsewhere and self.last_planned and self.recent() == self.last_planned and _PUT_A_CUBE.match(self.last_planned):
            # "same for the yellow one but use the green bin" after "put the red cube in the blue bin"
            kind = _kind_said(elsewhere.group("kind"), self.last_planned)
            return self._then(f"put the {elsewhere.group('color')} {kind} in the {elsewhere.group('bin')} bin"), tuple(objects)
        again_with = _AGAIN_WITH.match(said)
        if again_with and last_bin and self.recent() == self.last_planned and _PUT_A_CUBE.match(self.last_planned or ""):
            # "again with the red one" after "put it in the yellow bin": the red cube, into the same bin, once
            kind = _kind_said(again_with.group("kind"), self.last_planned)
            return f"put the {again_with.group('color')} {kind} in {last_bin.group(1)}", tuple(objects)
        same_cube = _SAME_WITH.match(said)
        same_color = re.fullmatch(rf"the ({'|'.join(COLORS)}) (one|cube|can)", same_cube.group("what")) if same_cube else None
        if same_color and last_bin and self.recent() == self.last_planned and _PUT_A_CUBE.match(self.last_planned or ""):
            # "the same for the blue cube" after "put the red cube in the yellow bin": the blue cube into that bin too
            kind = _kind_said(same_color.group(2), self.last_planned)
            return self._then(f"put the {same_color.group(1)} {kind} in {last_bin.group(1)}"), tuple(objects)
        next_cube = _NEXT_CUBE.match(said)
        if next_cube and self.last_planned and self.recent() == self.last_planned and \
                _PUT_A_CUBE.match(self.last_planned):
            # "then the yellow one" after "put the red cube in the red bin": the yellow cube, into the same bin
            color = next_cube.group("color") or next_cube.group("color2") or next_cube.group("color3")
            kind = _kind_said(next_cube.group("kind") or next_cube.group("kind2") or next_cube.group("kind3"), self.last_planned)
            return self._then(f"put the {color} {kind} in {last_bin.group(1)}" if last_bin else f"the {color} {kind}"), \
                tuple(objects)
        kind_only = _KIND_ONLY_CORRECTION.match(said)
        last_named = self.asked_kind if self.asked_last() else self.recent_object()[0]
        colour = last_named.partition(" ")[0] if " " in last_named else ""
        if kind_only and colour and any(o.color == colour and o.label == kind_only.group("new") for o in objects):
            goal = said = f"no, the {colour} {kind_only.group('new')}"  # "I meant the bin" after the red box: the red bin
        as_said = said  # before "one" is read as the kind last acted on
        same_one = _SAME_ONE.search(said) if not _NOT_SAID.search(said) else None  # kind said, not "one"; no "not that one"
        kind = self.asked_kind if self.asked_last() else self.recent_object()[0]
        twins = sum(1 for o in objects if f"{o.color} {o.label}" == kind) > 1  # "the other one" of two red boxes: a red box
        if not self.asked_last() and (not twins or not set(tokenize_or_empty(goal)) & (_PLACE_WORDS | {"other"})):
            kind = kind.rpartition(" ")[2]  # "a different one" after the red box: another box ("the left one": a red box)
        if " " in kind and any(lx.color_of(t) for t in tokenize_or_empty(goal)):
            kind = kind.rpartition(" ")[2]  # "the green one" after "which cubes are blue?": a green cube
        words = tokenize_or_empty(goal)
        one_at = next((k for k, t in enumerate(words) if t in ("one", "ones")), len(words))
        said_colors = {c for t in words[: one_at + 1] if (c := lx.color_of(t))}  # not the bin's in "put that one in the orange bin"
        label = kind.rpartition(" ")[2]
        if len(said_colors) == 1 and label in LABELS and not any(o.color in said_colors and o.label == label for o in objects):
            seen = {o.label for o in objects if o.color in said_colors}  # "the red one" with no red bin in view: the red cube
            carried = self.last_cube[0].rpartition(" ")[2]
            if carried and carried in seen:  # after a put, the one of that colour to put is a cube (or a can)
                seen = {carried}
            kind = next(iter(seen)) if len(seen) == 1 else kind
        if kind.rpartition(" ")[2] in LABELS:
            goal = _one_as_kind(goal, kind)  # "the second one" after "what boxes do you see?": the second box
            said = " ".join(goal.lower().split())
            same_one = _SAME_ONE.search(said) if not _NOT_SAID.search(said) else None  # "that one": "that box"
        if _MORE_THAN_ONCE.match(said):  # "do it twice", "repeat 3 times": a goal runs once
            raise GoalRefused("I do what a goal asks once; when it is done, say 'again' to repeat it")
        faster = _FASTER.match(said)
        if faster and asks_to_repeat(faster.group("repeat")) and self.last_planned:  # "again but faster": at the usual pace
            return _SLOW_SAID.sub("", self.last_planned.rstrip(" .!?")), tuple(objects)
        slower = _SLOWER.match(said)
        repeat_slower = slower is not None and asks_to_repeat(slower.group("repeat"))
        if asks_to_repeat(goal) or repeat_slower:
            if not self.last_planned:
                raise GoalRefused("there is no earlier goal to do again; say what to do, e.g. 'go to the red box'")
            chosen_by_rank = re.search(rf"\bthe (?:{'|'.join(_RANK_WORDS[:4])}) [a-z ]*?(?:cube|can)\b (?:in|into)\b", self.last_planned)
            next_put = self._next_put("the next one", objects) if chosen_by_rank and not repeat_slower else None
            if next_put is not None:  # "and again" after "put the nearest grey cube in the purple bin": the next one, not that one
                return next_put
            return (f"{self.last_planned.rstrip(' .!?')}, slowly" if repeat_slower else self.last_planned), tuple(objects)
        with_rule = _RESUMED_WITH_RULE.match(said)
        if with_rule and asks_to_resume(with_rule.group("resume")):
            # "no, don't!" - "ok do it, but stay away from the ball": the goal that was stopped, keeping to that
            going_on = self._going_on("there is no stopped goal to go on with")
            return f"{going_on.rstrip(' .!?')}, {with_rule.group('rule')}", tuple(objects)
        if asks_to_resume(goal):  # "carry on" after a stop: the goal that was stopped, from where the robot is
            going_on = self._going_on("there is no stopped goal to go on with")
            slow = re.search(r"\b(?:slowly|slower|carefully|slow)\W*$", said)  # "he left, keep going but slowly"
            return (f"{_SLOW_SAID.sub('', going_on.rstrip(' .!?'))}, slowly" if slow else going_on), tuple(objects)
        head, _, reason = said.partition(",")
        if reason and _PACE.match(head.strip() + ".") and (tokenize_or_empty(reason) or [""])[0] in _SUBJECTS and \
                not (warns_of_hazard(reason) or warns_of_someone(reason) or says_stop(reason)):
            said = head  # "slower please, it's a tight space": the pace; the reason asks for nothing
        pace = _PACE.match(said)
        if pace:  # "slower, please" while a goal goes on: that goal at the new pace, from where the robot is
            unhurried = _SLOW_SAID.sub("", self._going_on("there is no goal going on to slow down or speed up",
                                                          resumed=False).rstrip(" .!?"))
            unhurried = unhurried if pace.group("slow") else _SPEED_IN_NUMBERS.sub("", unhurried)  # "... at 0.1 m/s": full speed
            return (f"{unhurried}, slowly" if pace.group("slow") else unhurried), tuple(objects)
        before = _BEFORE_THAT.match(said)
        if before:  # "before that, go to the green box" while "go to the red box" goes on: the green box, then the red box
            going_on = self.goal_going_on()
            rest = said[before.end():]
            return (f"{rest.rstrip(' .!?;,')}, then {going_on.rstrip(' .!?;,')}" if going_on else rest), tuple(objects)
        same_but_bin = _SAME_BUT_ANOTHER_BIN.match(said)
        if same_but_bin and self.last_planned and _PUT_A_CUBE.match(self.last_planned):
            what = same_but_bin.group("what")  # "same thing with the other tin, but the navy bin this time"
            if re.fullmatch(r"the other(?: one| tin| can| cube)?", what.lower()):
                carried = _carried_kind(self.last_planned)
                not_taken = [o for o in objects if o.label == carried and o.track_id != self.last_cube[1]]
                if len(not_taken) == 1:  # the one of that kind the put before did not take
                    return f"put the {not_taken[0].name} in {same_but_bin.group('bin')}", \
                        (*only_that_one(objects, not_taken[0].name, not_taken[0].track_id),)
                what = f"the other {carried}"
            return f"put {what} in {same_but_bin.group('bin')}", tuple(objects)
        same = _SAME_WITH.match(said) or _DO_THE.match(said)
        if same:  # "now do the same with the blue cube"
            if not self.last_planned or self.recent() != self.last_planned:
                raise GoalRefused("there is no earlier goal to do the same as; say what to do, e.g. 'go to the red box'")
            what = same.group("what")
            if _PUT_A_CUBE.match(self.last_planned) and re.fullmatch(r"the other(?: one)?", what.lower()):
                what = f"the other {_carried_kind(self.last_planned)}"  # "same with the other one" after a put: the other cube
            first = next(((m.start(), m.end(2) if m.group(2) and lx.kind_said(m.group(2).lower()) else m.end(1))
                          for m in re.finditer(r"\bthe ([a-z]+)(?: ([a-z]+))?", self.last_planned, re.IGNORECASE)
                          if lx.kind_said(m.group(1).lower()) or (m.group(2) and lx.kind_said(m.group(2).lower()))), None)
            if _KEPT_OFF_IN_GOAL.search(self.last_planned) and first and \
                    any(lx.kind_said(w) for w in what.split()):  # "go to the bottle but don't touch the can" - "do the same
                return f"{self.last_planned[:first[0]]}{what}{self.last_planned[first[1]:]}", tuple(objects)  # for the cube"
            return with_follow_up(self.last_planned, what), tuple(objects)
        going_on = self.goal_going_on()
        watched = _WATCH_ADDED.match(said)
        if watched and going_on:  # "and stop if you see a purple box on the way": a watch for the goal going on
            return f"{going_on.rstrip(' .!?;,')}, but {watched.group('watch')}", tuple(objects)
        only_if = _ONLY_IF.match(said)
        if only_if and going_on:  # "but only if the green bin is empty": the goal going on, on that condition
            return f"{going_on.rstrip(' .!?;,')} only if {only_if.group('condition')}", tuple(objects)
        if _JUST_GO_THERE.match(said) and self.recent_object()[0]:  # "don't pick it up, just go there": go to it
            read = self.read_pronoun("go to it", "it", objects)
            if read is not None:
                return read
        turned = _TURNED.search(self.last_planned) if self.last_planned and self.recent() == self.last_planned and \
            _SAID_A_TURN.match(self.last_planned) else None  # the goal before was a turn, and which way
        turned_again = _TURN_SAID_SHORT.match(said)
        if turned_again and turned:  # "now right 60" after "turn left 30 degrees"
            amount = turned_again.group("n") or turned_again.group("n2")
            side = turned_again.group("side") or turned_again.group("side2")
            return f"turn {side} {amount} degrees", tuple(objects)
        amount_only = _TURN_AMOUNT_CORRECTED.match(said)
        if amount_only and turned:  # "no not that much, like 30 degrees"
            return f"turn {turned.group(1)} {amount_only.group('n')} degrees", tuple(objects)
        if (_OTHER_WAY.match(said) or _OTHER_WAY_ALSO.match(said)) and self.last_planned and \
                self.recent() == self.last_planned and _TURNED.search(self.last_planned):
            return _TURNED.sub(lambda m: _OPPOSITE_SIDE[m.group(1)], self.last_planned), tuple(objects)  # "turn left": right
        on_the_way = _ON_THE_WAY_ADDED.match(said)
        if on_the_way and going_on:  # "but go to the red box on the way" while "go to the yellow bin" goes on: it, then that
            stop = on_the_way.group("what") or on_the_way.group("what2")
            return f"go to {stop}, then {going_on.rstrip(' .!?;,')}", tuple(objects)
        stop_at = _STOP_AT.match(said)
        if stop_at and going_on and f"the {stop_at.group('what')}" in going_on.lower():
            return f"{going_on.rstrip(' .!?;,')}, but stop at the {stop_at.group('what')}", tuple(objects)
        kept_off_instead = _KEEP_AWAY_INSTEAD.match(said)
        avoided = _AVOIDED.search(self.last_planned or "") if kept_off_instead else None
        if kept_off_instead and avoided and self.recent() == self.last_planned:  # "no, avoid the red cube instead"
            new = kept_off_instead.group("new")  # in place of the one said
            return f"{self.last_planned[:avoided.start('what')]}{new}{self.last_planned[avoided.end('what'):]}", tuple(objects)
        kept_off = _KEEP_AWAY_ADDED.match(said)
        if kept_off and going_on:  # "and avoid the red cube" while "go to the blue bin" goes on: that goal, keeping away
            return f"{going_on.rstrip(' .!?;,')}, {kept_off.group('avoid')}", tuple(objects)
        excepted = _EXCEPTION_ADDED.match(as_said)  # "skip the nearest one" after "put all the cubes in the bin": a cube
        if excepted and going_on and _PLURAL_GOAL.search(going_on) and \
                not (self.last_visits_only and excepted.group("what") in {f"the {p}" for p in self.last_places}) and (
                names_objects_only(excepted.group("what")) or _RANKED_ONE.match(excepted.group("what"))):
            return f"{going_on.rstrip(' .!?;,')} except {excepted.group('what')}", tuple(objects)  # "except the red one"
        slower_now = _SLOWLY_THIS_TIME.match(said)
        if slower_now and self.last_planned and self.recent() == self.last_planned:  # "slowly this time"
            return f"{_SLOW_SAID.sub('', self.last_planned.rstrip(' .!?'))}, slowly", tuple(objects)
        went_to = self.recent_object()[0] if self.recent() == self.last_planned else ""
        put_there = _PUT_IT_THERE.match(said)
        if put_there and went_to.endswith(" bin"):  # "drop it there" after "go to the blue bin": into it
            what = put_there["what"].lower()
            if what not in ("it", "that"):  # "put the cube in it": that cube, into the bin gone to
                return f"put {what} in the {went_to}", tuple(objects)
            put = f"put it in the {went_to}"
            return (self.read_pronoun(put, "it", objects) if self.last_cube[0] else None) or (put, tuple(objects))
        if _TAKE_IT_OUT.match(said) and went_to.endswith(" bin"):  # "take it out" after "go to the green bin": its cube
            return f"pick up the cube in the {went_to}", tuple(objects)
        them = _THEM_ALL.match(said)
        cubes_said = _CUBES_SAID.search(self.last_planned or "") if them and self.recent() == self.last_planned else None
        if them and cubes_said:  # "put them in the yellow bin" after "go to the blue cubes": all of them
            cubes = cubes_said.group(0)
            cubes = cubes if " and " in cubes or re.match(r"(?:all|both|every|each)\b", cubes) else f"all {cubes}"
            return f"{them.group('verb')} {cubes}{them.group('rest')}", tuple(objects)
        if them and self.asked_last() and self.asked_kind.rpartition(" ")[2] in GRASPABLE_LABELS:
            # "how many cubes are there?" - "put both of them in the blue bin": the cubes asked about
            every = "both" if "both" in said.split() else "all the"  # "both of them" of three: which two?
            return f"{them.group('verb')} {every} {plural(self.asked_kind)}{them.group('rest')}", tuple(objects)
        counted = self.asked_kind if self.asked_last() else self.recent_object()[0]
        listed = {f"{o.color} {o.label}" for o in objects if o.track_id in self.choices}
        counted = next(iter(listed)) if len(listed) == 1 and self.recent() else counted  # after "which one?": those listed
        if _HOW_MANY_OF_THEM.match(said) and counted:  # "how many are there?" after "pick up the blue cube"
            return f"how many {plural(counted)} are there?", tuple(objects)
        if _ASKS_ABOUT_IT.match(said):  # "where is it?" after "go to the red box"
            read = self.read_pronoun(goal, "it", objects)
            if read is not None:
                return read
        added = _ADDED_STEP.match(said) or _AND_THEN_ACT.match(said) or _ADDED_AFTER.match(said) or _WAIT_THERE.match(said)
        if added and added.re is _WAIT_THERE and added.group("rest").startswith("hold "):  # "hold there for ten seconds"
            said = said.replace(added.group("rest"), "wait" + added.group("rest")[4:])
            added = _WAIT_THERE.match(said)
        if added and went_to.endswith(" bin") and _IN_THERE.search(added.group("rest")):
            said = said.replace(added.group("rest"), _IN_THERE.sub(f"in the {went_to}", added.group("rest")))
            added = _ADDED_STEP.match(said) or _AND_THEN_ACT.match(said) or _ADDED_AFTER.match(said)  # "... put it in there"
        if added and self.stopped_for_warning and self.last_planned and self.recent() == self.last_planned:
            # "the cat is in the way" - "and then ..."
            self._going_on("", resumed=False)
        refused_since = self.last_planned and not self.last_done and self.clock() - self._planned_at <= self.window_s and \
            (self.not_understood_since or self.recent() != self.last_planned)
        instead = re.match(r"^(?P<rest>.+?),? instead[ .!]*$", added.group("rest")) if added else None
        if instead and (self.goal_going_on() or refused_since) and begins_action(tokenize_or_empty(instead.group("rest"))):
            return instead.group("rest"), tuple(objects)  # "then go to the blue box instead": that, not the goal before
        if added and refused_since and _STARTS_AS_ADDED.match(said):  # "no, just one!" refused, then "and then turn left"
            since = self.not_understood if self.not_understood_since else self.last_said
            raise GoalRefused(f"I stopped '{self.last_planned}' at what I could not do since ('{since}'); say the whole goal "
                              "as it should be now")
        if added and self.goal_going_on() and not names_objects_only(added.group("rest")) and not added.group("rest").endswith("?") \
                and added.group("rest").split()[0] not in ("what", "whats", "where", "which", "how", "why", "who"):
            return f"{self.last_planned.rstrip(' .!?;,')}, then {added.group('rest')}", tuple(objects)
        too = _ACTION_TOO.match(said) or _ADD_TO_IT.match(said)
        if too and self.goal_going_on() and (too.group("rest").split()[0] in lx.ALL_CUES or
                                             names_objects_only(too.group("rest"))):
            return f"{self.last_planned.rstrip(' .!?;,')}, then {too.group('rest')}", tuple(objects)  # "go to the blue box too"
        also = _ALSO_THAT.match(said)
        if also and self.goal_going_on() and names_objects_only(also.group("what") or also.group("also")):
            return f"{self.last_planned.rstrip(' .!?;,')}, then {also.group('what') or also.group('also')}", tuple(objects)
        taken_out = _TAKEN_OUT.match(said)
        kind_only = re.fullmatch(r"the (box|cube|bin)", taken_out.group("what") or "") if taken_out else None
        of_kind = [p for p in self.last_places if kind_only and p.endswith(f" {kind_only.group(1)}")]
        if kind_only and len(of_kind) == 1 and self.recent() == self.last_planned:  # "skip the bin": the one bin of the plan
            said = said.replace(kind_only.group(0), f"the {of_kind[0]}")
            taken_out = _TAKEN_OUT.match(said)
        if taken_out and self.last_planned and self.recent() == self.last_planned and \
                (taken_out.group("negated") or taken_out.group("return") or names_objects_only(taken_out.group("what"))):
            said_out = "don't come back" if taken_out.group("return") else \
                taken_out.group("negated") or f"skip {taken_out.group('what')}"
            named = re.search(r"\bthe ([a-z]+ (?:box|cube|bin))\W*$", taken_out.group("negated") or "")
            if named and named.group(1) not in self.last_places:  # "don't go to the blue cube" on the way to the red one
                return f"{self.last_planned.rstrip(' .!?;,')}, but {said_out.rstrip(' .!')}", tuple(objects)
            return f"{self.last_planned.rstrip(' .!?;,')}. actually, {said_out}", tuple(objects)
        if self.recent_object()[0] and not (self.choices and self.asked_last()):
            last_name = self.recent_object()[0]
            look_alikes = sum(1 for o in objects if f"{o.color} {o.label}" == last_name)
            if _A_DIFFERENT_ONE.match(said) or (_WRONG_ALONE.match(said) and look_alikes < 2):
                # "a different one please" after "pick up the red cube": another cube
                goal = said = f"{self.last_planned.rstrip(' .!?;,')}. no, another {last_name.rpartition(' ')[2]}"
                same_one = None
            elif _WRONG_ALONE.match(said):  # "wrong box" after "go to the left red box": the other red box
                goal = said = f"no, the other {last_name}"
                same_one = None
        different = _DIFFERENT_ONE.match(said)
        if different and self.recent() and not (self.choices and self.asked_last()):
            goal = said = f"another {different.group('any') or different.group('diff') or 'one'}"
            same_one = None
        name, track_id = self.recent_object()
        pointed = _THAT_ONE.search(said) if name and not _NOT_SAID.search(said) else None
        if pointed and (not pointed.group("kind") or name.endswith(f" {pointed.group('kind')}")) and \
                not names_objects_only(goal):  # "go to that one": the object the last goal acted on
            return f"{said[:pointed.start()]}the {name}{said[pointed.end():]}", only_that_one(objects, name, track_id)
        if name and track_id and _THE_OTHER.search(said) and not names_objects_only(goal) and \
                any(o.track_id == track_id for o in objects):  # "go to the other red box": not the one just acted on
            return goal, tuple(o for o in objects if o.track_id != track_id)
        if same_one and name.endswith(f" {same_one.group('kind') or same_one.group('again')}"):  # "the same box again"
            return f"{said[:same_one.start()]}the {name}{said[same_one.end():]}", only_that_one(objects, name, track_id)
        previous, choices = self.recent(), self.choices
        goal = (as_choice(goal) if previous and choices else "") or goal  # "left" after "which one?" is no turn
        swapped = _MAKE_THAT.match(said)
        if previous and swapped and names_objects_only(swapped.group("rest")):
            goal = f"no, {swapped.group('rest')}"  # "make that the yellow one": a correction
        if not previous or not (names_objects_only(goal) or (choices and (leaves_the_choice(goal) or acts_on_one(goal)))):
            return goal, tuple(objects)
        if choices and not corrects(goal):  # an answer to "which one?": one of the objects it listed
            objects = with_anchors(among_choices(objects, choices), objects, goal)
            asked = {o.label for o in objects if o.track_id in choices}
            asked_names = {f"{o.color} {o.label}" for o in objects if o.track_id in choices}
            if len(asked) == 1:  # "the closest" after "I see three blue cubes ...; which one?": the closest blue cube
                goal = _one_as_kind(goal, next(iter(asked_names if len(asked_names) == 1 else asked)), into_is_where=False)
        if self.last_done:  # "then the white ball" once "go to the purple bottle" is done: the ball, not the bottle again
            goal = _THEN_SAID_FIRST.sub("", goal) or goal
        return with_follow_up(previous, goal), tuple(objects)

    def _next_put(self, said: str, objects: Sequence[DetectedObject]) -> tuple[str, tuple[DetectedObject, ...]] | None:
        """The last put again with the next (or the last) cube or can of its name, into the same bin, the
        one it carried left out: "now the next one", "and the last one" after "put the nearest grey cube
        in the purple bin"; None when ``said`` is no such follow-up or the last goal no such put."""
        which = _NEXT_OR_LAST.match(said.lower())
        last_bin = _INTO_BIN.search(self.last_planned or "")
        name, carried = self.last_cube
        if which is None or last_bin is None or not carried or self.choices or self.recent() != self.last_planned:
            return None
        kind = which["kind"] if which["kind"] not in (None, "one") else name.rpartition(" ")[2]
        kind = "can" if kind == "tin" else kind
        rest = tuple(o for o in objects if o.track_id != carried and o.track_id not in self.put_away)
        if not any(o.name == name for o in rest):
            name = kind  # the next cube, whatever its colour, when no other of that colour is left
        if not any(o.name == name or (name == kind and o.label == kind) for o in rest):
            in_view = Grounder(objects)
            raise GoalRefused(f"I see no other {name}; I see: {in_view.seen_list(in_view.objects) or 'nothing'}")
        rank = "farthest" if which["which"] == "last" else "nearest"
        return f"put the {rank} {name} in {last_bin.group(1)}", rest

    def _question_about_the_one_chosen(self, said: str, objects: Sequence[DetectedObject]) \
            -> tuple[str, tuple[DetectedObject, ...]] | None:
        """The last question again about the one of those its answer asked "which one?" about that
        ``said`` chooses ("the one on the right", "the far one", "the blue one"), with only those in
        view to choose from; None when ``said`` chooses none."""
        answer = as_choice(said) or said
        if not names_objects_only(answer):
            return None
        listed = [o for o in objects if o.track_id in self.question_choices]
        if not listed:
            return None
        kind = listed[0].label
        noun = next((w for w in tokenize_or_empty(self.last_question) if lx.kind_of(w) == kind or (kind, w) == ("can", "can")), "")
        if not noun:
            return None
        chosen = _one_as_kind(answer, kind, into_is_where=False)
        chosen = re.sub(r"^\W*(?:no,? |i mean |i meant )?", "", chosen, flags=re.IGNORECASE)
        asked = re.sub(rf"\b(?:(?:the|a|an|that|this) )?(?:[a-z]+ )?{re.escape(noun)}\b", chosen, self.last_question, count=1,
                       flags=re.IGNORECASE)
        if asked == self.last_question:
            return None
        self.question_choices = ()
        return asked, (*listed, *(o for o in objects if o.label != kind))

    def _edited(self, said: str) -> str:
        """The last planned goal as a follow-up edits it by the place of a step ("skip the first one",
        "forget the second step", "the second one should be the red bin"), by swapping an object
        ("change the blue box to the yellow box"), or by reversing a plan of visits ("swap the
        order"); "" for any other follow-up."""
        if not self.last_planned or self.recent() != self.last_planned:
            refused = self.recent()  # "drive 2 m forward" refused for the cube 1 m ahead, then "40 cm then": that drive shorter
            if not refused or not (_MAKE_IT.match(said) or _JUST_N.match(said) or _AMOUNT_ACTUALLY.match(said)):
                return ""
            places: tuple[str, ...] = ()
            goal = refused.rstrip(" .!?;,")
        else:
            places, goal = self.last_places, self.last_planned.rstrip(" .!?;,")
        by_place = _STEP_BY_PLACE.match(said)
        made = _MAKE_IT.match(said) or _MAKE_THE.match(said) or _ENOUGH.match(said)
        if made:  # "make it 10" after "wait there 5 seconds": the one number of the last goal changed
            numbers = list(_SAID_NUMBER.finditer(goal))
            if made.re is _MAKE_THE:  # "make the turn 90 instead": the number of the turn
                of_step = _UNITS_BY_KIND[_UNITS_OF[made.group("what")]]
                numbers = [n for n in numbers if (n.group("unit") or n.group("unit2") or "").strip() in of_step]
            if len(numbers) != 1:
                amounts = f"{len(numbers)} amounts" if numbers else "no amount"
                raise GoalRefused(f"the last goal says {amounts} ({goal}); say it again with the one you want")
            said_unit = f" {made.group('unit')}" if made.group("unit") else numbers[0].group("unit") or numbers[0].group("unit2") or ""
            return f"{goal[: numbers[0].start()]}{made.group('n')}{said_unit}{goal[numbers[0].end():]}"
        just = _JUST_N.match(said) or _AMOUNT_ACTUALLY.match(said)
        numbers = list(_SAID_NUMBER.finditer(goal))
        if (just or _HALF_OF_IT.match(said)) and len(numbers) == 1:  # "no, just one!" after "drive forward 2 metres"
            said_unit = numbers[0].group("unit") or numbers[0].group("unit2") or ""
            if just:
                amount = f"{just.group('n')}{' ' + just.group('unit') if just.group('unit') else said_unit}"
            else:  # "only half of that"
                value = float(numbers[0].group(0).split()[0]) if numbers[0].group(0)[0].isdigit() else \
                    float(lx.NUMBER_WORDS.get(numbers[0].group(0).split()[0], 0))
                amount = f"{value / 2:g}{said_unit}"
            return f"{goal[: numbers[0].start()]}{amount}{goal[numbers[0].end():]}"
        way = _TURN_WAY_SAID.match(said)
        turned = _TURNED.search(goal)
        if way and turned and not self.choices:  # "wrong way! right!" after "turn left 90 degrees"
            side = _AS_SIDE.get(way.group("way"), "left")
            return f"{goal[: turned.start()]}{side}{goal[turned.end():]}"
        if _JUST_PICK.match(said) and _PUT_A_CUBE.match(goal) and self.last_cube[0]:  # "forget the bin, just hold it"
            return f"pick up the {self.last_cube[0]}"
        if _A_BIT_MORE.match(said):  # "a bit more" after "turn left": a little further the same way
            return _a_bit_more_of(goal)
        skipped_motion = _SKIP_MOTION.match(said)
        if skipped_motion:  # "skip the driving forward bit": the drive said in the last goal
            motion = skipped_motion.group("motion").split()
            return _without_said_steps(goal, _MOTION_SAID[motion[1] if motion[0] == "the" and motion[1:2] != ["return"] else motion[0]])
        parts = _said_parts(goal) if by_place and re.search(r"\b(?:part|bit|half|task|job)\b", said) else []
        if by_place and len(parts) > 1 and not (by_place.group("instead") or by_place.group("instead3")):
            # "scratch the second part" after "put the blue cube in the green bin then put the red cube in ...": that put
            at = _PLACE_INDEX.get(by_place.group("place"), len(parts))
            if at >= len(parts) or -at > len(parts):
                raise GoalRefused(f"the last goal had {len(parts)} parts: {'; '.join(c.text for c in parts)}; which one?")
            return _without_said_steps(goal, "", parts[at])
        step_clauses, moves = _said_steps(goal) if by_place else ([], False)
        if by_place and not (by_place.group("instead") or by_place.group("instead3")) and step_clauses and \
                (moves or len(step_clauses) >= 2):
            # "skip the first step" after "drive forward 1 m, then go to the red cube": the drive; after "go to the near
            # white ball, then the far one, then the red box": the far ball (two steps to one name of place)
            at = _PLACE_INDEX.get(by_place.group("place"), len(step_clauses))
            if at >= len(step_clauses) or -at > len(step_clauses) or (by_place.group("place") == "middle" and len(step_clauses) != 3):
                raise GoalRefused(f"the last goal had {len(step_clauses)} steps: {'; '.join(c.text for c in step_clauses)}; "
                                  "which one?")
            return _without_said_steps(goal, "", step_clauses[at])
        if by_place and len(places) <= 1 and re.search(r"\b(?:all|every|each|both)\b", goal):
            return ""  # "skip the middle one" after "go to every red box": one of them, taken out as an exception
        if by_place and by_place.group("place") == "middle" and len(places) != 3:
            raise GoalRefused(f"the last goal went to {len(places)} {plural('place') if len(places) != 1 else 'place'}: "
                              f"{', '.join('the ' + p for p in places)}; which one?")
        just = _JUST_THAT_ONE.match(said)
        if just and places and just.group("what") in places and len(places) > 1:  # "nah just the red box": only that visit
            return f"go to the {just.group('what')}"
        place_said = by_place.group("place") or by_place.group("place2") or by_place.group("place3") if by_place else ""
        if by_place and place_said in ("last", "final") and not (by_place.group("instead") or by_place.group("instead3")):
            without_return = _RETURN_AT_END.sub("", goal)
            if without_return != goal:  # "skip the last step" after "..., then come back": no return
                return without_return
        skipped = _SKIP_NAMED_VISIT.match(said)
        visit = _visit_named(goal, skipped["what"]) if skipped else None
        if visit is not None:  # "cancel the ball part" after "pick up the can, then go to the ball, then put the can in the bin"
            return _without_said_steps(goal, "", visit)
        if by_place and places:
            at = _PLACE_INDEX.get(place_said, len(places))
            if at >= len(places) or -at > len(places):
                raise GoalRefused(f"the last goal went to {len(places)} {plural('place') if len(places) > 1 else 'place'}: "
                                  f"{', '.join('the ' + p for p in places)}; which one?")
            if by_place.group("instead") or by_place.group("instead3"):
                return f"{goal}. no, not the {places[at]}, {by_place.group('instead') or by_place.group('instead3')}"
            return f"{goal}. actually, skip the {places[at]}"
        swapped = _SWAP_OBJECT.match(said) or _INSTEAD_OF.match(said)
        if swapped and names_objects_only(swapped.group("old")) and names_objects_only(swapped.group("new")):
            return f"{goal}. no, not {swapped.group('old')}, {swapped.group('new')}"
        used = _USE_INSTEAD.match(said)
        if used and names_objects_only(used.group("new")):  # "use the red bin instead": where the cube goes
            return f"{goal}. no, {used.group('new')}"
        only = _ONLY_THAT_STEP.match(said)
        if only and places:  # "just the first one", "only the last one", "do the first one only"
            at = _PLACE_INDEX.get(only.group("place") or only.group("place2"), len(places))
            if at < len(places) and -at <= len(places):
                return f"go to the {places[at]}"
        first = _FIRST_NOW.match(said)
        named_first = (first.group("what") or first.group("start") or f"the {first.group('first') or first.group('first2')}") \
            if first else ""
        colour_first = re.fullmatch(rf"the ({'|'.join(COLORS)}) (?:one|cube)", named_first)
        parts = _said_parts(goal) if colour_first else []
        of_colour = [c for c in parts if any(o.color == colour_first.group(1) and not o.destination for o in c.objects)] \
            if colour_first else []
        if len(parts) > 1 and len(of_colour) == 1:  # "do the red one first" after two puts: the red cube's put first
            return _said_again([of_colour[0], *(c for c in parts if c is not of_colour[0])], _plain_clauses(goal) or ())
        act_first = _ACT_FIRST.match(said)
        if act_first and not first and not self.last_done:  # "actually, pick up the red cube first": it, then the goal
            return f"{act_first.group('act')}, then {goal}"
        by_rank = re.fullmatch(r"the (first|second|third|fourth|last|final|middle) (?:one|stop|step|place)", named_first)
        if by_rank and self.last_visits_only and len(places) > 1:  # "do the second one first": that visit, then the rest
            at = _PLACE_INDEX[by_rank.group(1)]
            if at >= len(places) or -at > len(places):
                raise GoalRefused(f"the last goal went to {len(places)} places: {', '.join('the ' + p for p in places)}; "
                                  "which one?")
            moved = places[at]
            return "go to " + ", then ".join(f"the {p}" for p in [moved, *(p for k, p in enumerate(places)
                                                                          if k != at % len(places))])
        if by_rank:
            raise GoalRefused("I can change the order of visits only ('go to the red box, then the blue box'); say the "
                              "steps in the order you want them")
        same_kind = [p for p in places if named_first and f"the {p.rpartition(' ')[2]}" == named_first]
        if len(same_kind) == 1:  # "do the bin first" after "go to the red box and then the yellow bin": the yellow bin
            named_first = f"the {same_kind[0]}"
        if first and places and named_first and all(f"the {p}" != named_first for p in places) and \
                names_objects_only(named_first):  # "wait, go to the green box first": it, then the goal
            return f"go to {named_first}, then {goal.rstrip(' .!?;,')}"
        if first and named_first and not self.last_visits_only:  # "no wait, go to the blue box first" after a pick, then it
            moved = _with_visit_first(goal, named_first)
            if moved:
                return moved
        if first and self.last_visits_only and len(places) > 1:
            named = next((p for p in places if f"the {p}" == named_first), "")
            if named:  # "do the blue box first": the visits in that order
                return "go to " + ", then ".join(f"the {p}" for p in [named, *(p for p in places if p != named)])
        driven_back = _BACKWARDS_NOW.match(said) or _OTHER_WAY_ALSO.match(said) or _OTHER_WAY.match(said)
        steps, by_motion = _said_steps(goal)
        if driven_back and by_motion and len(steps) == 1 and not _TURNED.search(goal):
            return _driven_the_other_way(goal, driven_back.groupdict().get("way") or "")  # "actually backwards"
        bins_swapped = (_SWAP_RESTATED.search(said) is not None or re.search(r"\bbins\b", said) is not None) and \
            _REVERSED.match(_SWAP_RESTATED.sub("", said).replace(" the bins", " them")) is not None
        swapped = _TWO_PUTS.match(goal) if bins_swapped else None
        if swapped:  # "put the far cube in the green bin and the near one in the purple bin" - "swap them round - far one purple, ..."
            return f"{swapped['lead']}{swapped['a']} in {swapped['b2']}{swapped['mid']}{swapped['c']} in {swapped['b1']}{swapped['tail']}"
        if _REVERSED.match(said):
            first_two = "first two" in said  # "swap the first two": the rest stays in its place
            last_two = "last two" in said  # "swap the last two": the ones before stay in their place
            if self.last_visits_only and len(places) > 1:
                order = [*places[1::-1], *places[2:]] if first_two else [*places[:-2], *places[:-3:-1]] if last_two else places[::-1]
                return "go to " + ", then ".join(f"the {p}" for p in order)
            parts = _said_parts(goal)
            if first_two and len(parts) > 2:
                return _said_again([*parts[1::-1], *parts[2:]], _plain_clauses(goal) or ())
            if last_two and len(parts) > 2:
                return _said_again([*parts[:-2], *parts[:-3:-1]], _plain_clauses(goal) or ())
            if len(parts) == 2:  # "put the red cube in the green bin, then go to the blue box": the visit first
                return _said_again(parts[::-1], _plain_clauses(goal) or ())
            raise GoalRefused("I can swap two steps, or the order of visits ('go to the red box, then the blue box'); "
                              "say the steps in the order you want them")
        return ""

    def _then(self, text: str) -> str:
        """``text`` after the last planned goal while it goes on; alone once it is done (its steps are not
        done twice: a cube put away is not taken back out)."""
        return text if self.last_done or self.not_understood_since else f"{self.last_planned.rstrip(' .!?;,')}, then {text}"

    def goal_going_on(self) -> str:
        """The last planned goal while it is recent, not done, not stopped and nothing said since went not
        understood ("" otherwise): a goal not understood stopped it, as any new goal does, and may have taken part of it
        back ("actually the other way"), so nothing is added to it after one (remember_not_understood)."""
        return self.last_planned if self.last_planned and self.recent() == self.last_planned and not self.last_done \
            and not self.not_understood_since and not self.stopped_for_warning and not self.last_stop_said else ""

    def _going_on(self, none_refusal: str, resumed: bool = True) -> str:
        """The last planned goal, to be gone on with: recent and not done (GoalRefused otherwise,
        with ``none_refusal`` when there is none). Unless ``resumed`` ("carry on" said), not after a
        warning stopped it ("the floor is wet!", then "slowly") or a goal since went not understood (it
        may have been another goal, "fine, go back to the start instead")."""
        stopped_by_a_refusal = resumed and self.clock() - self._planned_at <= self.window_s  # "thanks, carry on"
        if not self.last_planned or (self.recent() != self.last_planned and not stopped_by_a_refusal):
            raise GoalRefused(f"{none_refusal}; say what to do, e.g. 'go to the red box'")
        if self.last_done:
            raise GoalRefused(f"'{self.last_planned}' is done; say what to do next")
        if not resumed and self.stopped_for_warning:
            raise GoalRefused(f"I stopped '{self.last_planned}' for what you warned me of; say 'carry on' when it is "
                              "safe, or say what to do instead")
        if not resumed and self.not_understood_since:
            raise GoalRefused(f"I did not understand what you said after '{self.last_planned}'; say the whole goal "
                              "as it should be now")
        return self.last_planned

    def read_pronoun(self, goal: str, pronoun: str,
                     objects: Sequence[DetectedObject]) -> tuple[str, tuple[DetectedObject, ...]] | None:
        """The goal with ``pronoun`` ("it"), which refers to nothing in it, as the object the last
        planned goal acted on last, and the objects without its look-alikes; None without one."""
        name, track_id = self.recent_object()
        if _carries(goal) and name.rpartition(" ")[2] not in GRASPABLE_LABELS and self.recent() == self.last_planned \
                and self.last_cube[0]:
            name, track_id = self.last_cube  # "put it in the green bin" after a put: the cube, not the bin it went to
        replaced = with_object_for_pronoun(goal, pronoun, name)
        return (replaced, only_that_one(objects, name, track_id)) if replaced else None

    def _motion_scaled(self, said: str) -> str:
        """The turn or drive planned last, scaled as ``said`` asks ("twice as far", "half that", "triple
        that"), or a bit more or less of it ("a bit more": 30 degrees or 0.3 m on, a turn at most half the
        last turn and at least 10 degrees; "a teeny bit less": 10 degrees or 0.1 m back; "a bit more, the
        same again": the same amount); '' when ``said`` is no such follow-up or the last plan was no single turn
        or drive."""
        if self.last_motion is None or not self.recent():
            return ""
        words = [t for t in tokenize_or_empty(said) if t[0].isalnum() and t not in _SCALE_FILLERS]
        phrase = " ".join(words)
        kind, amount = self.last_motion
        if kind == "turn" and _FACING_BEFORE.match(" ".join(said.lower().split())):
            amount = -amount  # "go back to how you were facing" after a turn: the same turn the other way
            return f"turn {'left' if amount > 0 else 'right'} {abs(math.degrees(amount)):.0f} degrees"
        factor = next((f for pattern, f in _SCALES if re.fullmatch(pattern, phrase)), None)
        if factor is not None:
            new_amount = amount * factor
        elif re.fullmatch(_A_BIT + r"more", phrase) and re.search(r"\bsame (?:again|amount|as before)\b", said.lower()):
            new_amount = amount  # "a bit more, the same again": as much again
        elif re.fullmatch(_A_BIT + r"(?:more|less)", phrase):
            tiny = bool(set(words) & _TINY_WORDS)  # "a teeny bit more": 10 degrees or 0.1 m; "a bit more": 30 degrees or 0.3 m
            nudge = (_NUDGE_RAD if tiny else math.radians(VAGUE_TURN_DEG)) if kind == "turn" else \
                (TINY_DISTANCE_M if tiny else VAGUE_DISTANCE_M)
            if kind == "turn":  # a bit of a small turn is less: 10 degrees after 15, not 30
                nudge = max(_NUDGE_RAD, min(nudge, abs(amount) / 2))
            new_amount = math.copysign(nudge, amount) * (1.0 if words[-1] == "more" else -1.0)
        else:
            return ""
        if kind == "turn":
            return f"turn {'left' if new_amount > 0 else 'right'} {abs(math.degrees(new_amount)):.0f} degrees"
        return f"drive {abs(new_amount):.2f} m {'forward' if new_amount > 0 else 'backwards'}"

    def _motion_detailed(self, said: str) -> str:
        """The turn or drive said just before with the way or amount said now, when ``said`` is only
        that ("left", "to the left, 30 degrees", "half a metre") and the turn before said no way or
        the drive no amount; '' otherwise."""
        before = self.recent()
        words = [t for t in tokenize_or_empty(said) if t[0].isalnum()]
        if not before or not words or not all(w in _MOTION_DETAIL_WORDS or _DIGITS.fullmatch(w) for w in words):
            return ""
        numbers = [w for w in words if w[0].isdigit() or w in lx.NUMBER_WORDS or w in lx.SPELLED_TENS_AND_TEENS
                   or w in ("half", "quarter")]
        directions = set(words) & {"left", "right", "around", "round", "clockwise", "anticlockwise", "counterclockwise"}
        before_words = [t for t in tokenize_or_empty(before) if t[0].isalnum()]
        detail = " ".join(words)
        if set(before_words) & {"turn", "rotate", "spin"} and (directions or numbers) and \
                not set(before_words) & {"left", "right", "around", "round", "degrees", "clockwise", "anticlockwise"}:
            amount = [w for w in before_words if w in ("bit", "little", "slightly", "fraction")]
            return f"turn {detail}" + (" a little" if amount and not numbers else "")
        if set(before_words) & {"drive", "go", "move", "back", "reverse", "forward", "forwards", "backwards"} and numbers \
                and not directions and not any(w[0].isdigit() or w in lx.NUMBER_WORDS for w in before_words) \
                and not any(lx.kind_of(w) for w in before_words):
            return f"{before.rstrip(' .!?')} {detail}"
        return ""

    def recent(self) -> str:
        """The goal a follow-up said now refers to ("" when none was said within the window)."""
        return self.last_said if self.clock() - self._said_at <= self.window_s else ""

    def forget(self) -> None:
        self.last_said, self.last_planned, self.choices, self._said_at = "", "", (), -math.inf
        self.last_object, self.last_cube, self.last_done, self.last_asked = ("", ""), ("", ""), False, ("", "")
        self.stopped_for_warning = self.not_understood_since = False
        self.asked_kind, self._asked_at, self.compared, self.answer_listed = "", -math.inf, (), ()
        self.answer_listed_ids = ()
        self.standing, self.handled, self.motion_rules, self.kept_for_someone, self.visited = (), (), (), (), ()
        self.kept_while_unsafe = ()
        self.asked_for_when_gone, self.names, self.last_stop_said, self.purposes = "", (), "", ()
        self.puts_done, self._puts_planned = (), ()

    def others_than_handled(self, goal: str, objects: Sequence[DetectedObject]) -> tuple[DetectedObject, ...]:
        """For a goal that asks for another of a kind ("now look for another grey can", "do the same with
        the other red can"), the objects without those of that kind the goals before went to, picked up
        or put away; all of them otherwise (and after a "which one?", whose "the other one" is of those
        it listed)."""
        said = _ANOTHER_OF_A_KIND.search(goal.lower()) if self.handled and not self.choices and self.recent() else None
        if said is None:
            return tuple(objects)
        words = said.group("words").split()
        kind = next((k for w in words if (k := lx.kind_said(w))), "")
        if not kind and {"one", "ones"} & set(words):
            kind = self.last_object[0].rpartition(" ")[2]
        if kind not in LABELS:
            return tuple(objects)
        dealt_with = [o for o in objects if o.label == kind and o.track_id in self.handled]
        if dealt_with and not any(o.label == kind and o.track_id not in self.handled for o in objects):
            several = len(dealt_with) > 1
            raise GoalRefused(f"the only {plural(kind) if several else kind} I see, {Grounder(dealt_with).seen_list(dealt_with)}, "
                              f"{'are ones' if several else 'is one'} I dealt with before; I can't look for "
                              f"another {kind} while that one is in view (a search stops at the first {kind} it sees)")
        return tuple(o for o in objects if o not in dealt_with)

    def recent_object(self) -> tuple[str, str]:
        """(name, track id) of the object the last planned goal acted on, or the last question was
        about when that was said after it, while it is recent."""
        if self.asked_last():
            return self.last_asked
        return self.last_object if self.recent() and self.recent() == self.last_planned else ("", "")

    def _nth_mentioned(self, said: re.Match[str], objects: Sequence[DetectedObject]) -> DetectedObject | None:
        """The object in view that the person's questions since the last plan named in the place ``said``
        ("the first one I mentioned", "the latter"); None when too few were named and a "which one?" is
        open (its choices are what is meant); GoalRefused when there is no such one."""
        named = [o for track_id in self.mentioned for o in objects if o.track_id == track_id]
        nth = (said.group("nth") or said.group("nth2")).lower()
        place = _place_said(nth)
        if (self.choices or self.question_choices) and place >= len(named):
            return None  # "move the green cube to the bin" - "which one?" - "the second one we talked about"
        if not named or (nth in ("former", "latter") and len(named) != 2):
            raise GoalRefused(f"I don't know which things you mean by '{said.group(0)}'; name the one you mean"
                              + (f"; I see: {Grounder(objects).seen_list(objects)}" if objects else ""))
        if place >= len(named):
            raise GoalRefused(f"of what I see, you named only {len(named)}: {', '.join(f'the {o.name}' for o in named)}; "
                              "which one do you mean?")
        return named[place]

    def _choice_left(self, ruled_out: str, objects: Sequence[DetectedObject]) -> DetectedObject | None:
        """The one object of those the last "which one?" listed that ``ruled_out`` ("the black one", "the one by
        the cone") does not fit; None when not exactly one is left."""
        try:
            refs = [r for r in read_objects(tokenize(normalise(ruled_out)))[0] if not r.pronoun]
        except GoalError:
            return None
        listed = [o for o in objects if o.track_id in self.choices]
        if len(refs) != 1 or not listed:
            return None
        ref = refs[0]
        if ref.relation:  # "the one by the cone": of those listed, the one nearest the cone
            kinds = {o.label for o in listed}
            try:
                meant = Grounder(objects).resolve(replace(ref, kind=ref.kind or (kinds.pop() if len(kinds) == 1 else None))).obj
            except GoalError:
                return None
            fits = {meant.track_id} if meant is not None else set()
        else:
            fits = {o.track_id for o in Grounder(objects).candidates(ref)}
        left = [o for o in listed if o.track_id not in fits]
        return left[0] if len(left) == 1 and len(left) < len(self.choices) else None

    def asked_last(self) -> bool:
        """Whether a question was the last thing said, within the window."""
        return self.clock() - self._asked_at <= self.window_s  # a goal said after it forgets it


# How far each of the objects a question was about is: "how far is each one?", "and how far away are they?"
_EACH_OF_THOSE = re.compile(r"^(?:(?:and|so|ok|okay)[ ,]+)*how far (?:away )?(?:is each(?: one| of them| of those)?|are they(?: each)?|"
                            r"are those|are them)(?: from you| away)?\s*\?*$")
# "Don't stop" said while a goal goes on
_DONT_STOP = re.compile(r"^\s*(?:no,? )?(?:don't|do not|dont) stop(?: now| please| yet)?[ .!]*$", re.IGNORECASE)
# Another of a kind than those dealt with before: "look for another cube", "the other red can", "another one"
_ANOTHER_OF_A_KIND = re.compile(r"\b(?:another|the other|other)\s+(?P<words>[a-z]+(?:\s+[a-z]+)?)")
# A question about another of the kind the last question asked about: "and which is farthest?", "and the biggest?"
_WHICH_AGAIN = re.compile(r"^\s*(?:(?:and|now|ok|okay|so|then)[ ,]+)*(?:(?:which|what)(?: one)?(?: is|'s|s)? )?(?P<rest>(?:the )?"
                          r"(?:(?:second|third|next) )?(?:nearest|closest|farthest|furthest|biggest|smallest|largest|tallest|leftmost|"
                          r"rightmost|"
                          r"lowest|highest)(?: one)?(?: (?:away|to you|from you|to me|from me))?\s*\?+)\s*$", re.IGNORECASE)
# The last goal again for every other object of the kind it acted on: "same for the other two", "do the rest",
# "now the other cubes"
_SAME_FOR_THE_OTHERS = re.compile(r"^(?:(?:and|ok|okay|now|then|great|good|cool|nice)[ ,]+)*(?:(?:do |and )?(?:the )?same (?:for|with|to) |"
                                  r"(?:now |then |and |do )?)(?:all )?the (?:other (?:ones|two|three|four|five|"
                                  r"(?P<kind>box|cube|bin|can)s)|others|rest(?: of them)?|remaining ones)(?: too| as well| please)?"
                                  r"[ .!]*$")
# The object the last goal acted on, said by its kind alone: "the same box", "that cube", "the bin again".
_SAME_ONE = re.compile(rf"\b(?:the same|that same|that|this same)\s(?:(?:{'|'.join(COLORS)})\s)?(?P<kind>{'|'.join(LABELS)})\b"
                       r"(?!\s(?:as|of|which|that|is|was|on|in|near|next|by|over|to|behind|with)\b)"
                       rf"|\bthe\s(?P<again>{'|'.join(LABELS)})(?=\sagain\b)")
# The object the last goal acted on, pointed at: "go to that one", "pick up the one I mentioned", "go to
# the one you just went to"
_THAT_ONE = re.compile(r"\b(?:that one|this one|that one again|the one (?:i|you) (?:just )?(?:mentioned|told you about|said|"
                       r"went to|visited|picked up|named)|the (?P<kind>box|cube|bin) i (?:mentioned|told you about|said))\b")
# Another object of the kind the last goal acted on: "go to the other red box", "put it in the other bin"
_RANKED = r"(?:nearest|closest|farthest|furthest)"
_THE_OTHER = re.compile(rf"\bthe (?:{_RANKED} )?other (?:{_RANKED} )?(?:(?:{'|'.join(COLORS)}) )?(?:one|tin|{'|'.join(LABELS)})s?\b")
# The next one of the kind acted on last, nearest first: "and the next one", "now the next nearest can", "next"
_THE_NEXT = re.compile(rf"^((?:(?:and|now|then|ok|okay|so)[ ,]+)*(?:(?:go to|visit|pick up|grab|get|do|then) )?)(?:the )?next"
                       rf"(?: (?:nearest|closest))?(?: (one|tin|{'|'.join(LABELS)}))?(?=(?: please| too| now)?[ .!]*$)")
# Words that choose one of several look-alikes by rank ("the nearest grey cube")
_RANK_WORDS = ("nearest", "closest", "farthest", "furthest", "biggest", "smallest", "leftmost", "rightmost", "left", "right",
               "first", "second", "third", "last", "near", "far")
# One of the places the last plan went to, gone back to: "go back to the first one", "back to the previous one"
_BACK_TO_THE_NTH = re.compile(r"^(?:(?:now|and|then|ok|okay|so|please)[ ,]+)*(?:(?:go|drive|head|return|come|get) )?back to the "
                              r"(?P<nth>first|second|third|previous|last) (?:one|place|stop|object|thing|bin|box)"
                              r"(?P<since> (?:you|we) (?:went to|visited|drove to|stopped at|were at|went))?(?: please| again)?[ .!]*$")
# After a put: "now the next one", "and the last one", "the next cube please"
_NEXT_OR_LAST = re.compile(rf"^(?:(?:and|now|then|ok|okay|so)[ ,]+)*(?:(?:do|put|grab|get|take) )?(?:the )?(?P<which>next|last)"
                           rf"(?: (?P<kind>one|tin|{'|'.join(GRASPABLE_LABELS)}))?(?: (?:too|please|now|as well))?[ .!]*$")
# "Same again with the next one", "do the same for the last one": the next one
_SAME_WITH_THE_NEXT = re.compile(r"^((?:(?:now|and|then|ok|okay|so)[ ,]+)*)(?:(?:do |repeat )?(?:the )?same(?: thing)?(?: again)?|"
                                 r"again) (?:with|for) (?=the (?:next|last)\b)", re.IGNORECASE)
# A visit of the last goal named by its object and taken out: "cancel the ball part", "skip the ball", "forget the bin bit"
_SKIP_NAMED_VISIT = re.compile(r"^\s*(?:(?:ok|okay|actually|wait|no|oh|and|but|also|hmm|sorry)[ ,.!]+)*"
                               r"(?:skip|cancel|forget(?: about)?|drop|"
                               r"leave out|scratch|never mind|don't bother with|dont bother with|no need for) (?:the |going to the )?"
                               r"(?P<what>[a-z]+(?: [a-z]+)?)(?: (?:part|bit|step|visit|stop|leg))?(?: please| then| actually)*[.!]*$",
                               re.IGNORECASE)
# A step of the last goal named by its place: "skip the first one", "forget the second step", "the
# last stop should be the red bin", "the second one should be the red bin, not the green bin"
_PLACE_INDEX = {**STEP_PLACES, "middle": 1}
_ORDINAL_PLACES = "|".join(p for p in _PLACE_INDEX if p != "middle")  # "the middle one" only where a step is taken out
_STEP_BY_PLACE = re.compile(r"^(?:(?:actually|oh|ok|okay|no|wait|and|but|ugh|um|uh|hmm|sorry|oops)[ ,]+)*(?:(?:skip|forget(?: about)?|"
                            r"never mind|drop|scratch|scrap|ditch|delete|lose|leave out|cut|remove|don't do|do not do) "
                            rf"the (?P<place>{_ORDINAL_PLACES}|middle)"
                            rf" (?:one|step|stop|place|part|bit|visit)|the (?P<place2>{_ORDINAL_PLACES}) "
                            r"(?:one|step|stop|place) should be (?P<instead>the [a-z ]+?)(?:,? (?:not|instead of) the [a-z ]+?)?|"
                            rf"(?:make|change|switch|turn) the (?P<place3>{_ORDINAL_PLACES}) (?:one|step|stop|place) "
                            r"(?:to |into |for )?(?P<instead3>the [a-z ]+?))(?: instead)?[ .!]*$")
_JUST_THAT_ONE = re.compile(r"^(?:(?:nah|no|actually|ok|okay|hmm)[ ,]+)*(?:just|only) (?:go to |visit )?the (?P<what>[a-z]+ [a-z]+)"
                            r"(?: please| then| only)?[ .!]*$")
_ONLY_THAT_STEP = re.compile(r"^(?:(?:actually|oh|ok|okay|no|wait|just)[ ,]+)*(?:(?:just|only) (?:do |go to |visit )?the "
                             rf"(?P<place>{_ORDINAL_PLACES}) (?:one|step|stop|place)(?: only)?|(?:do|go to|visit) "
                             rf"(?:only )?the (?P<place2>{_ORDINAL_PLACES}) (?:one|step|stop|place) only)"
                             r"(?: please)?[ .!]*$")
# An object of the last goal swapped for another: "change the blue box to the yellow box", "replace the
# blue box with the yellow box", "swap the blue box for the yellow box"
_SWAP_OBJECT = re.compile(r"^(?:(?:actually|oh|ok|okay|no|and|but)[ ,]+)*(?:change|switch|swap|replace) (?P<old>the [a-z ]+?) "
                          r"(?:to|for|with|into) (?P<new>the [a-z ]+?)(?: instead)?[ .!]*$")
# An object of the last goal swapped, said with "instead of": "instead of the blue box go to the yellow box"
_INSTEAD_OF = re.compile(r"^(?:(?:actually|oh|ok|okay|no)[ ,]+)*instead of (?P<old>the [a-z ]+?),? (?:go to|visit|use|do|take|"
                         r"put it in) (?P<new>the [a-z ]+?)[ .!]*$")
# Another place for the last goal's cube: "use the red bin instead"
_USE_INSTEAD = re.compile(r"^(?:(?:actually|oh|ok|okay|no)[ ,]+)*use (?P<new>the [a-z ]+?) instead[ .!]*$")
# A visit added before the goal going on: "but go to the red box on the way", "on the way stop at the red box",
# "swing by the red box on your way", "but go to the red box first".
_VISIT_VERBS = r"(?:go to|stop by|stop at|swing by|drop by|pop by|visit|pass by|check in at|call at|head to|go by)"
_ON_THE_WAY_ADDED = re.compile(rf"^(?:(?:and|but|oh|also|ok|okay|actually)[ ,]+)*(?:{_VISIT_VERBS} (?P<what>the {NAMED_OBJECT})"
                               r"[ ,]+(?:on the way|on your way|along the way|en route|first|beforehand)|(?:on the way|on your way|"
                               rf"along the way|first)[ ,]+{_VISIT_VERBS} (?P<what2>the {NAMED_OBJECT}))[ .!]*$")
# Another turn said short after a turn: "now right 60", "and 45 to the left", "then left by ninety"
_TURN_SAID_SHORT = re.compile(r"^(?:(?:and|now|then|ok|okay|next|so)[ ,]+)*(?:(?:turn|rotate|go) )?(?:(?P<side>left|right)(?: by)? "
                              r"(?P<n>\d+(?:\.\d+)?|[a-z]+(?:[ -][a-z]+)?)|(?P<n2>\d+(?:\.\d+)?|[a-z]+(?:[ -][a-z]+)?)(?: degrees?)? "
                              r"(?:to the |to your )?(?P<side2>left|right))(?: degrees?)?(?: please| now)?[ .!]*$")
# A goal that says a turn in its first words ("turn left 30 degrees", "ok, rotate right")
_SAID_A_TURN = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:turn|rotate|spin)\b", re.IGNORECASE)
# Another amount for the turn going on, said alone: "no not that much, like 30 degrees", "less, just 20"
_TURN_AMOUNT_CORRECTED = re.compile(r"^(?:(?:no|nope|nah|not that much|not so much|too much|too far|less|wait|actually|sorry|i mean|"
                                    r"i meant|only|just|like|about|around|maybe|more like|make it|make that)[ ,!.]+)+"
                                    r"(?P<n>\d+(?:\.\d+)?)(?: ?degrees?| ?deg)?(?:,? (?:please|instead|then))*[ .!]*$", re.IGNORECASE)
# The last turn the other way: "no, the other way", "wrong way", "other direction please".
_OTHER_WAY = re.compile(r"^(?:(?:no|nope|nah|naw|oops|whoops|wrong way|not that way|actually|sorry|wait|i mean|i meant|now|and|then|"
                        r"ok|okay|oh)[ ,!.]+)*(?:turn |go )?(?:the )?"
                        r"other (?:way|direction|side)(?:,? (?:please|instead|sorry|mate|thanks))*[ .!]*$"
                        r"|^(?:no[ ,]+)?wrong (?:way|direction)[ .!]*$"
                        r"|^(?:(?:now|and|then|ok|okay)[ ,]+)*(?:turn|rotate|spin) (?:back|back again|back the other way)"
                        r"(?: please)?[ .!]*$")
_OTHER_WAY_ALSO = re.compile(r"^(?:(?:no|nope|oops|actually|sorry|wait|i mean|i meant)[ ,!.]+)*(?:turn |go |drive )?(?:the |in the )?"
                             r"(?:opposite|reverse) (?:way|direction|side)(?:,? please|,? instead)*[ .!]*$")
# Said after a drive: the drive the other way ("actually backwards" after "drive forward 2 metres")
_BACKWARDS_NOW = re.compile(r"^(?:(?:no|nope|oops|actually|sorry|wait|i mean|i meant)[ ,!.]+)*(?:go |drive |move )?(?P<way>backwards?|"
                            r"in reverse|forwards?|ahead)(?:,? please|,? instead)*[ .!]*$")
_DRIVEN = re.compile(r"\b(?P<verb>drive|go|move|roll|head|back up|reverse)(?P<way> forwards?| ahead| straight| backwards?| back)?\b",
                     re.IGNORECASE)
_TURNED = re.compile(r"\b(left|right|clockwise|counterclockwise|anticlockwise)\b")
_OPPOSITE_SIDE = {"left": "right", "right": "left", "clockwise": "counterclockwise", "counterclockwise": "clockwise",
                  "anticlockwise": "clockwise"}
# Words that pick one of several alike by place or size: "the left one" after the red box is a red box.
_PLACE_WORDS = frozenset({"left", "right", "far", "farther", "further", "farthest", "furthest", "near", "nearer", "closer",
                          "closest", "nearest", "middle", "bigger", "biggest", "smaller", "smallest", "larger", "largest"})
# A stop at one of the objects of the goal going on: "stop once you get to the red box".
_STOP_AT = re.compile(r"^(?:(?:and|but|ok|okay|actually|oh)[ ,]+)*stop (?:after|at|once you (?:get to|reach|are at)|when you "
                      rf"(?:get to|reach|are at)|as soon as you (?:get to|reach)) the (?P<what>{NAMED_OBJECT})[ .!]*$")
# Another cube put where the last one went: "also put the blue cube in there", "now put the yellow cube in it too",
# "put the red can there too", "the black can goes there too".
_PUT_THERE_TOO = re.compile(r"^(?:(?:and|also|now|ok|okay|then)[ ,]+)*(?:(?:put|drop|place|pop|toss|throw|chuck) )?"
                            r"(?P<cube>(?:the )?[a-z]+ (?:cube|can))(?: (?:goes|go|belongs|should go))? "
                            r"(?:(?:in|into) (?:there|it|the same bin|that bin|that one|the same one)|there|in the same place)"
                            r"(?: too| as well| also| please)*[ .!]*$")
# What says a follow-up comes after the goal before: "then the white ball", "and next the cone"
_THEN_SAID_FIRST = re.compile(r"^\s*(?:(?:and|ok|okay|now)[ ,]+)?(?:then|next|after that|afterwards)[ ,]+", re.IGNORECASE)
# The next cube to put where the last one went, by its colour: "then the yellow one", "after that do the blue one".
_NEXT_CUBE = re.compile(r"^(?:(?:and|ok|okay)[ ,]+)*(?:(?:then|after that|next)[ ,]+(?:do |put )?the (?P<color>[a-z]+) "
                        r"(?P<kind>one|cube|can)(?: too| as well)?"
                        r"|(?:(?:and|plus|also|now)[ ,]+)?(?:do |put )?the (?P<color2>[a-z]+) (?P<kind2>one|cube|can) (?:too|as well)"
                        r"|(?:and|plus|also)[ ,]+(?:do |put )?the (?P<color3>[a-z]+) (?P<kind3>one|cube|can))[ .!]*$")
# Said before a follow-up, that the last goal is done: "yay it's in!", "ok that's done,", "great, done."
_SAID_DONE = re.compile(r"^\s*(?:(?:yay|yes|yess|great|good|nice|cool|ok|okay|perfect|awesome|brilliant|thanks|wow|copy|roger)"
                        r"[ ,!.]+)*"
                        r"(?:(?:i (?:can )?see )?(?:it'?s|its|it is|that'?s|thats|that is|they'?re|they are) "
                        r"(?:in|done|there|finished|in the bin|"
                        r"in there)|(?:all )?done|finished|(?:the )?(?:[a-z]+ ){0,2}(?:cube|box|bin|leg|part|step|bit) "
                        r"(?:is |'s )?(?:done|finished|complete|completed|finish))\s*[!.,]+\s*(?:(?:and|ok|okay|now)[ ,]+)*",
                        re.IGNORECASE)
# A correction said with bare colours: "no no, not yellow, green", "not the yellow, the green"
_NOT_THIS_COLOR = re.compile(rf"^(?:(?:no|nope|nah|sorry|oops)[ ,!.]+)*not (?:the )?({'|'.join(COLORS)}),? (?:but |the )?"
                             rf"({'|'.join(COLORS)})(?: one)?[ .!]*$", re.IGNORECASE)
# The one object an answer to "which ...?" starts with: "The yellow bin is closest, 2.5 m ahead-left."
_ANSWERED_WITH = re.compile(rf"^The ((?:{'|'.join(COLORS)}) (?:{'|'.join(LABELS)})) is\b")
# An object an answer tells where it is: "the red box is closest, 1.8 m ahead-left", "It is blue: the blue cube 1.3 m",
# "The orange cone is next to the bottle, 1.6 m ahead-left"


# One of the objects the last questions were about, picked by a comparison: "the farther one", "the bigger of them"
_RANKED_AS = {"closer": "nearest", "nearer": "nearest", "closest": "nearest", "nearest": "nearest", "farther": "farthest",
              "further": "farthest", "farthest": "farthest", "furthest": "farthest", "bigger": "largest", "larger": "largest",
              "biggest": "largest", "largest": "largest", "smaller": "smallest", "smallest": "smallest",
              "taller": "tallest", "tallest": "tallest", "shorter": "shortest", "shortest": "shortest", "left": "left",
              "right": "right", "leftmost": "left", "rightmost": "right"}
_SAID_COUNT = r"(?P<count>two|three|four|five)"
_ONE_OF_THOSE_ASKED = re.compile(rf"\b(?:the (?P<rank>{'|'.join(_RANKED_AS)}) (?:one|(?P<among>of (?:them|the two|those|these|both|"
                                 rf"those two|these two)))|"
                                 rf"the one (?:that's|that is|thats|which is|which's) (?P<rank_that>{'|'.join(_RANKED_AS)})|"
                                 rf"whichever (?:one )?(?:of (?:them|the two|those|these|(?:those|these|the) {_SAID_COUNT}|the pair) )?"
                                 r"(?:is|'s) "
                                 rf"(?P<rank_whichever>{'|'.join(_RANKED_AS)})|"
                                 r"the one (?:that's |that is |which is )?on (?:the|your|my) (?P<side>left|right)|the (?P<side2>left|right)"
                                 r"(?:-hand)? one)\b", re.IGNORECASE)


# All of what the robot just listed: "each of those", "all of them", "both of them", "those", "them"
_ALL_LISTED = re.compile(r"\b(?:(?:each|all|both|every one|every single one) of )?(?:them|those|these)(?: (?:things|objects|ones))?"
                         r"(?: (?:each|all|both))?\b(?! (?:is|are|was|were)\b)", re.IGNORECASE)
# Which of them comes first or last, said after them: ", the bin in the end", ", the can last"
_ORDER_AMONG_THEM = re.compile(r",?\s*(?:and )?the [a-z]+(?: one)? (?:in the end|at the end|last|first|to finish)\b", re.IGNORECASE)
# One of the objects the answer before listed, by its place in the list: "the second one", "the last one you said"
_NTH_LISTED = re.compile(r"\bthe (?P<nth>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)(?: one| thing| object)?"
                         r"(?: (?:you|u) (?:just )?(?:listed|said|mentioned|named|gave|told me)| on (?:the|your) list| in the list)?"
                         r"(?! (?:from|counting|counted|closest|nearest|farthest|furthest|on the|to the|biggest|smallest|i |we |two|"
                         r"three|four|few|couple|pair))\b",
                         re.IGNORECASE)
# One of the objects the person's own questions named, by the order said: "the first one I mentioned", "the
# second thing you were asked about", "the latter"
_NTH_MENTIONED = re.compile(r"\bthe (?:(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th|former|latter)(?: (?:one|thing|object|item))?"
                            r"(?: (?:that|which))? (?:i|we) (?:just )?(?:mentioned|said|named|listed|asked (?:you )?about|brought up|"
                            r"talked about|spoke about|pointed out|called out|told you about|gave you)"
                            r"|(?P<nth2>former|latter)(?! [a-z]+ (?:is|was)))\b",
                            re.IGNORECASE)
# An answer to "which one?" that takes every one listed: "both", "all of them", "each of them"
_EACH_OF_THEM = re.compile(r"^(?:(?:um|uh|ok|okay|oh|well)[ ,]+)*(?:both(?: of them| please)?|all of them|all|them all|each of them|"
                           r"every one(?: of them)?|the two of them)(?: please)?[ .!]*$")
# A drive "over there" said alone: there, the object last talked about (not "go over there and pick up the cube")
_OVER_THERE_ALONE = re.compile(r"^((?:(?:ok|okay|now|then|so|and|please|just)[ ,]+)*(?:go|drive|head|move|roll|walk|get))"
                               r" over there(?=(?: please| now| then)?[ .!]*$)", re.IGNORECASE)
# An object said as "one" alone after a verb: "look for one", "go to one", "pick one up", "get me one"
# A search asked for after a question about a kind, with nothing named: "yes please look", "go on, have a look"
_LOOK_THEN = re.compile(r"^\s*(?:(?:yes|yeah|yep|yup|sure|ok|okay|please|go on|then|well)[ ,!.]+)*(?:please |can you |could you )?"
                        r"(?:(?:go |have a |take a )?look(?: around)?(?: for (?:it|them))?|search(?: for (?:it|them))?|go and look|"
                        r"look for it)(?: then| please| for me)?[ .!?]*$", re.IGNORECASE)
# "One" or "ones" said with a place or a count and no kind: "the right one", "the two right-hand ones", "the middle one"
_ONE_BY_PLACE = re.compile(r"\bthe (?:(?:two|three|2|3|first|second|third|last) )?(?:(?:left|right|middle|nearest|closest|farthest|"
                           r"furthest|near|far|leftmost|rightmost|left-hand|right-hand|front|back|nearer|farther|further|closer) )?"
                           r"(?P<one>ones?)\b(?! of\b)", re.IGNORECASE)
_ONE_PUT = re.compile(r"\b(?:put|drop|place|toss|throw|move|carry|stick|chuck)(?: me)? (?P<one>(?:a |any |just )?one)\b"
                      r"(?= (?:in|into|inside)\b)", re.IGNORECASE)  # "how many cubes are there?" - "put one in the bin": a cube
_BARE_ONE = re.compile(r"\b(?:for|to|find|get|grab|fetch|pick|take|bring|choose)(?: me| up)? (?P<one>(?:a |any |just )?one)\b"
                       r"(?! (?:of|more|by|at|that|which|on|in|near|next)\b)", re.IGNORECASE)


def _each_named(question: str, objects: Sequence[DetectedObject], alone: bool = False) -> tuple[str, ...]:
    """Track ids of the objects in view a question names one by one ("is the red cube closer than the
    purple can?": both), when each names exactly one; ``alone``: also one named alone ("what colour is the
    ball?": the ball)."""
    try:
        refs, _, _ = read_objects(tokenize(normalise(question)))
    except GoalError:
        return ()
    grounder = Grounder(objects)
    found = [grounder.candidates(r) for r in refs if not (r.pronoun or r.every)]
    return tuple(f[0].track_id for f in found if len(f) == 1) \
        if len(found) >= (1 if alone else 2) and all(len(f) == 1 for f in found) else ()


# One cube of a put of several: "just the red one actually", "only the blue cube"
_ONLY_THE_CUBE = re.compile(r"^(?:(?:nah|no|actually|ok|okay|hmm|wait|sorry)[ ,]+)*(?:just|only) the "
                            rf"(?P<color>{'|'.join(COLORS)}) (?P<kind>one|cube|can)(?: (?:actually|please|then|only))*[ .!]*$")
# The last put again with another cube: "again with the red one", "same again with the blue cube", "now the same with the red one"
_AGAIN_WITH = re.compile(r"^(?:(?:and|now|ok|okay|then)[ ,]+)*(?:(?:do (?:it|that|the same) |same |the same )?again|(?:do )?the same|"
                         rf"same) (?:with|for) the (?P<color>{'|'.join(COLORS)}) (?P<kind>one|cube|can)"
                         r"(?: (?:too|as well|please))?[ .!]*$")
# The bin a goal puts into: "put the red cube in the yellow bin": the yellow bin
_INTO_BIN = re.compile(r"\b(?:in|into) (the [a-z]+ bin)\b")
# A goal that puts a named cube in a bin, and "the other one" said alone after it: the other cube
_CARRIED_NOUNS = "|".join(sorted({*lx.KIND_WORDS["cube"], *lx.KIND_WORDS["can"], "can", "cans"}, key=len, reverse=True))
_PUT_A_CUBE = re.compile(r"^(?:(?:please|hmm|ok|okay|so|now|just|alright|right|and|then)[ ,]+)*(?:(?:can|could|would|will) (?:you|u) "
                         r"(?:please )?)?(?:(?:put|drop|place|move|toss|throw|pop|stick|chuck) (?:the |a )?"
                         rf"(?:[a-z]+ )?[a-z]+ (?:{_CARRIED_NOUNS}) (?:in|into) |(?:grab|pick up|take|get|fetch) (?:the |a )?(?:[a-z]+ )?"
                         rf"[a-z]+ (?:{_CARRIED_NOUNS}) (?:and |then |, ?)(?:then )?(?:put|drop|place|pop|stick|chuck|toss|throw) it "
                         rf"(?:in|into) |(?i:i)(?: would|'d)? (?:want|like|need) (?:the |a )?(?:[a-z]+ )?[a-z]+ (?:{_CARRIED_NOUNS}) "
                         r"(?:in|into) )")
# A kind the arm carries, named in a goal said before: "cube" or "can" (the last goal's, for "the red one")
_CARRIED = re.compile(rf"\b({_CARRIED_NOUNS})\b(?!\s+(?:you|u|i|we)\b)")  # not the verb of "can you put ..."


def _carried_kind(goal: str | None) -> str:
    """The kind the arm carries that ``goal`` names ("put the red can in the bin": can); cube if none."""
    found = _CARRIED.search(goal or "")
    return (lx.kind_said(found.group(1)) or "cube") if found else "cube"


def _kind_said(said: str | None, goal_before: str | None) -> str:
    """The kind of a follow-up's "the red one" / "the red can": the one said, or the one the goal
    before carried."""
    return said if said in ("cube", "can") else _carried_kind(goal_before)
_OTHER_ONE_ALONE = re.compile(r"^(?:(?:now|and|then|ok|okay|next)[ ,]+)*(?:do |put |and |"
                              r"(?:do )?(?:the )?same (?:thing )?(?:again )?(?:with|for) |"
                              r"(?:do|repeat) (?:it|that|this) again (?:with|for) |again (?:with|for) )?"
                              r"the other one(?: too| as well| now| please)?"
                              r"[ .!]*$")
# A return said at the end of a goal: "..., then come back", "... and return home".
_RETURN_AT_END = re.compile(r",? (?:and )?(?:then )?(?:come back|go back|head back|return|get back)(?: home| here| to (?:the start|me|"
                            r"here|where you started|your starting point))?[ .!]*$")
# A drive, turn or return of the last goal taken out: "skip the driving forward bit", "don't do the turn", "no need to
# come back"
_SKIP_MOTION = re.compile(r"^(?:(?:actually|oh|ok|okay|no|wait|and|but|hmm|never mind|nevermind)[ ,]+)*(?:skip|forget(?: about)?|"
                          r"never mind|drop|scratch|cancel|delete|no(?= (?:more )?[a-z]+ing\b)|"
                          r"leave out|cut|remove|lose|(?:don't|dont|do not) (?:do|bother with|bother)|no need for|no need to|"
                          r"you (?:don't|dont|do not) need to|don't|dont|do not)(?: the| doing the| that)? "
                          r"(?P<motion>driving(?: forward| ahead| straight| back| backwards?)?|drive(?: forward| ahead)?|"
                          r"forward|reversing|reverse|backing up|turn(?:ing)?(?: left| right| around)?|spin(?:ning)?|"
                          r"rotation|u-?turn|return(?:ing)?(?: home)?|coming back|come back|going back|go back|the return|"
                          r"wait(?:ing)?(?: there)?|pause|pausing|the wait|the pause)"
                          r"(?: either| too| as well)?(?:,? (?:and )?(?:just )?(?:stay|remain|wait) "
                          r"(?:there|put|where you are|at the [a-z ]+)|"
                          r",? (?:just )?(?:go|drive|carry on|continue|do the rest)(?: forward| ahead| straight| on)?)?"
                          r"(?: (?:bit|part|step|one|thing|move|motion))?(?: please)?[ .!]*$")
# The kind of step each first word of a _SKIP_MOTION names.
_MOTION_SAID = {"driving": "drive", "drive": "drive", "forward": "drive", "reversing": "drive", "reverse": "drive",
                "backing": "drive", "turn": "turn", "turning": "turn", "spin": "turn", "spinning": "turn", "rotation": "turn",
                "u-turn": "turn", "uturn": "turn", "return": "return", "returning": "return", "coming": "return",
                "come": "return", "going": "return", "go": "return", "the": "return", "wait": "wait", "waiting": "wait",
                "pause": "wait", "pausing": "wait"}


def _plain_clauses(goal: str) -> tuple[Clause, ...] | None:
    """The clauses of a goal that is to be said again without a step or in another order; None when it can't be
    read, or holds a correction or a negation, which said again in pieces would be lost ("go to the green bin.
    sorry, I meant the yellow bin, then come back")."""
    try:
        clauses = read_goal(goal)[0].clauses
    except GoalError:
        return None
    if any(c.correction or (c.negated and c.intent != "avoid") for c in clauses):
        return None
    said: list[Clause] = []
    for clause in clauses:  # "go to the red cube, then the green bin": the bin is gone to as well
        if not clause.intent and clause.objects and not clause.manner and said and said[-1].intent == "goto":
            clause = replace(clause, intent="goto", text=f"go to {clause.text}")
        said.append(clause)
    return tuple(said)


def _said_again(steps: Sequence[Clause], clauses: Sequence[Clause]) -> str:
    """``steps`` said again in that order, then what ``clauses`` keep away from and how ("..., avoid the red cube")."""
    return ", then ".join(c.text for c in steps) + "".join(f", {c.text}" for c in clauses if c.intent == "avoid" or c.manner)


def _actions(clauses: Sequence[Clause]) -> list[Clause]:
    return [c for c in clauses if not c.manner and c.intent != "avoid"]


def _said_steps(goal: str) -> tuple[list[Clause], bool]:
    """The clauses of a goal that are steps of their own (a drive, a turn, a visit, a return), in order, and
    whether it moves by drives or turns; none when it does more than go places ("pick up ...")."""
    clauses = _actions(_plain_clauses(goal) or ())
    if any(c.intent not in ("move", "goto", "return") for c in clauses):
        return [], False
    return clauses, any(c.intent == "move" for c in clauses)


def _visit_named(goal: str, what: str) -> Clause | None:
    """The one clause of ``goal`` that only goes to the object ``what`` names ("ball", "the orange ball"); None when
    none or several do."""
    words = what.lower().split()
    kind = next((k for w in words if (k := lx.kind_said(w))), None)
    color = next((c for w in words if (c := lx.color_of(w))), None)
    if kind is None and color is None:
        return None
    visits = [c for c in _plain_clauses(goal) or () if c.intent == "goto" and len(c.objects) == 1 and not c.negated
              and (kind is None or c.objects[0].kind == kind) and (color is None or c.objects[0].color == color)]
    return visits[0] if len(visits) == 1 else None


def _said_parts(goal: str) -> list[Clause]:
    """The clauses of a goal that each ask for something ("put the blue cube in the green bin", "put the red
    cube in the yellow bin"), in order; none when it holds a correction or a negation, or a clause that
    goes on from the one before ("pick up X and put it in Y": one part said in two)."""
    clauses = _actions(_plain_clauses(goal) or ())
    if any(not c.intent or any(o.pronoun for o in c.objects) for c in clauses):
        return []
    return clauses


def _without_said_steps(goal: str, kind: str, clause: Clause | None = None) -> str:
    """The goal said again without ``clause``, or without its one drive, turn or return (``kind``);
    GoalRefused where it has none of that kind, or several (which one?)."""
    clauses = _plain_clauses(goal)
    if clauses is None:
        return ""
    if clause is None:
        of_kind = [c for c in clauses if (c.intent == "return" if kind == "return" else
                                          c.intent == "stop" and c.times.for_s > 0 if kind == "wait" else
                                          c.intent == "move" and any(m.kind == kind for m in c.motions))]
        if not of_kind:
            raise GoalRefused(f"the last goal has no {kind} to skip: {goal}")
        if len(of_kind) > 1:
            raise GoalRefused(f"the last goal has {len(of_kind)} of those: {'; '.join(c.text for c in of_kind)}; which one?")
        clause = of_kind[0]
    kept = list(clauses)
    kept.remove(clause)
    if not _actions(kept):
        raise GoalRefused(f"nothing would be left of the last goal without '{clause.text}'")
    return _said_again(_actions(kept), kept)


def _driven_the_other_way(goal: str, way: str) -> str:
    """A goal of one drive said the other way ("drive forward 2 metres": "drive backwards 2 metres"), or
    the way said (``way``: "backwards", "forward"); GoalRefused when the drive is that way already."""
    driven = _DRIVEN.search(goal)
    if driven is None:
        raise GoalRefused(f"I can't tell which way the last goal drives ({goal}); say the drive again, e.g. 'drive "
                          "backwards 1 metre'")
    backwards_now = driven.group("verb").lower() in ("back up", "reverse") or (driven.group("way") or "").strip() in ("back",
                                                                                                          "backward", "backwards")
    if way and way.startswith(("back", "in reverse")) == backwards_now:
        raise GoalRefused(f"the last goal drives that way already: {goal}")
    said = "drive forward" if backwards_now else "drive backwards"
    return f"{goal[: driven.start()]}{said}{goal[driven.end():]}"


def _with_visit_first(goal: str, named: str) -> str:
    """The goal said again with its one visit to ``named`` ("the blue box") first ("pick up the red cube, then
    go to the blue box": "go to the blue box, then pick up the red cube"); "" where it has no such one visit,
    or holds a correction or a negation."""
    clauses = _plain_clauses(goal)
    if clauses is None:
        return ""
    visits = [c for c in clauses if c.intent == "goto" and [f"the {o.name}" for o in c.objects] == [named]]
    if len(visits) != 1 or clauses[0] is visits[0]:
        return ""
    return _said_again([visits[0], *(c for c in _actions(clauses) if c is not visits[0])], clauses)


# A little more of the last goal's drive or turn: "a bit more", "a little further", "slightly more"
_A_BIT_MORE = re.compile(r"^(?:(?:ok|okay|now|and|just|hmm|no)[ ,]+)*(?:(?:a|just a) )?(?:(?:little |tiny )?bit|little|tad|touch|"
                         r"smidge|fraction)? ?(?:more|further|farther)(?: please| again)?[ .!]*$|^(?:slightly|a little) more[ .!]*$")


def _a_bit_more_of(goal: str) -> str:
    """A little more of the last goal's last drive or turn, the same way ("turn left a bit", "go forward
    a bit"); GoalRefused when it ended with neither."""
    try:
        clauses = read_goal(goal)[0].clauses
    except GoalError:
        clauses = ()
    motions = [m for c in clauses[-1:] if c.intent == "move" for m in c.motions]
    if not motions or motions[-1].kind not in ("drive", "turn"):
        raise GoalRefused(f"a bit more of what? The last goal ({goal}) did not end with a drive or a turn; say it, e.g. "
                          "'go forward a bit'")
    last = motions[-1]
    if last.kind == "turn":
        return f"turn {'left' if last.amount > 0 else 'right'} a bit"
    return "go forward a bit" if last.amount > 0 else "back up a bit"


# An amount of the last goal said again: "make it 10", "make that 2 metres", "change it to 30 seconds"
_UNITS_BY_KIND = {"distance": frozenset(DISTANCE_UNITS_M) - {"step", "steps"}, "angle": frozenset(ANGLE_UNITS_DEG),
                  "time": frozenset(TIME_UNITS_S)}
_UNITS = "|".join(sorted((u for units in _UNITS_BY_KIND.values() for u in units), key=len, reverse=True))
_NUMBER_WORDS = "|".join(w for w, n in lx.NUMBER_WORDS.items() if n > 0)  # "two", "ten": a number said in words
# What may come before a short change of the goal going on: "no, ...", "ugh ...", "hmm, actually ..."
_LEAD = r"(?:(?:no|nope|nah|actually|ok|okay|wait|sorry|hmm|oh|ugh|um|uh|oops|then|so|fine|alright)[ ,!.]+)*"
_MAKE_IT = re.compile(rf"^(?:(?:no|actually|ok|okay|wait|sorry|oh|hmm|ugh|um|uh|oops)[ ,]+)*(?:make (?:it|that)|change (?:it|that) to|"
                      rf"(?:no,? )?(?:rather|instead))\s+(?P<n>\d+(?:\.\d+)?|half an?|{_NUMBER_WORDS})"
                      rf"\s*(?P<unit>{_UNITS})?(?: instead| please)?[ .!]*$")
_ENOUGH = re.compile(rf"^{_LEAD}(?:just )?"
                     rf"(?P<n>\d+(?:\.\d+)?|{_NUMBER_WORDS})\s*(?P<unit>{_UNITS})?"
                     r"(?: is| will be|'s| would be| are)? (?:enough|plenty|fine|ok|okay|good|good enough)(?: please| then)?[ .!]*$")
_MAKE_THE = re.compile(rf"^(?:(?:no|actually|ok|okay|wait|sorry|oh|hmm)[ ,]+)*(?:make|change|set) the (?P<what>turn|angle|rotation|"
                       rf"drive|distance|wait|pause) (?:to |into |be )?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})?"
                       rf"(?: instead| please)?[ .!]*$")
# The units of the amount of each kind of step _MAKE_THE names.
_UNITS_OF = {"turn": "angle", "angle": "angle", "rotation": "angle", "drive": "distance", "distance": "distance", "wait": "time",
             "pause": "time"}
_SAID_NUMBER = re.compile(rf"\b\d+(?:\.\d+)?(?P<unit>\s*(?:{_UNITS})\b)?|"
                          rf"\b(?:{_NUMBER_WORDS})(?P<unit2>\s+(?:{_UNITS})\b)")
# A turn's direction said again after it: "Wrong way! Right!", "Correction: counter-clockwise."
_TURN_WAY_SAID = re.compile(r"^(?:(?:no|nope|wrong way|wrong direction|correction|i meant|i said|actually|sorry|oops|the other way|"
                            r"oh dear|oh|dear|hmm|my bad)[ ,!.:]+)*(?:i meant |i said |i mean )?(?:turn |go )?(?:to )?(?:the |your |my )?"
                            r"(?P<way>left|right|clockwise|counter ?-?clockwise|anti ?-?clockwise)"
                            r"(?: instead| please)*[ .!]*$")
_AS_SIDE = {"left": "left", "right": "right", "clockwise": "right"}
# An amount said again as "just"/"only" N, or half of it: "no, just one!", "hmm, only half of that"
_JUST_N = re.compile(rf"^{_LEAD}(?:just|only) (?P<n>\d+(?:\.\d+)?|half an?|{_NUMBER_WORDS})"
                     rf"\s*(?P<unit>{_UNITS})?(?: please| then| instead)?[ .!]*$")
_AMOUNT_ACTUALLY = re.compile(rf"^{_LEAD}(?P<n>\d+(?:\.\d+)?|{_NUMBER_WORDS})\s*(?P<unit>{_UNITS})(?: actually| instead| please| then)+"
                              r"[ .!]*$")
_HALF_OF_IT = re.compile(rf"^{_LEAD}(?:(?:just|only) )?half (?:of )?(?:that|it|the "
                         r"(?:distance|turn|angle|way|amount))(?: please| then| instead)?[ .!]*$")
# Only the pick of a put: "forget the bin, just hold it", "just pick it up, don't put it anywhere"
_JUST_PICK = re.compile(rf"^{_LEAD}(?:(?:forget|skip|never mind|no need for|forget about) the "
                        r"(?:[a-z]+ )?bin[ ,]+)?(?:just|only) (?:pick (?:it|that|the [a-z]+ cube) up|pick up (?:it|the [a-z]+ cube)|"
                        r"hold (?:it|on to it|onto it)|grab it|keep (?:it|hold of it))(?:[ ,]+(?:but |and )?(?:don't|do not|dont) "
                        r"(?:put|drop|place) it (?:anywhere|in (?:the|a|any) (?:[a-z]+ )?bin|down))?[ .!]*$")
# One of the last goal's visits first: "do the blue box first", "start with the green bin"
_FIRST_NOW = re.compile(r"^(?:(?:actually|oh|ok|okay|no|wait|and|but|so|then|sorry)[ ,]+)*(?:(?:do|visit|go to) (?P<what>the "
                        r"[a-z ]+?) first|start with (?P<start>the [a-z ]+?)|first,? (?:go to |do |visit )?(?:the )?(?P<first>[a-z]+ "
                        r"(?:box|cube|bin))|(?:the )?(?P<first2>[a-z]+ (?:box|cube|bin)) (?:is|goes|comes|should be|should go) first)"
                        r"[ .!]*$")
# Something else to do before the last goal: "actually, pick up the red cube first"
_ACT_FIRST = re.compile(r"^(?:(?:actually|oh|ok|okay|no|wait|but|and|sorry|hmm)[ ,]+)*(?:please )?(?P<act>(?:pick up|grab|take|"
                        r"go to|visit|turn|drive|find|look for|put|drop|bring|fetch|get|head to|come back|return|wait|pause|"
                        r"stay|hold on)\b.+?),? first"
                        r"(?: please)?[ .!]*$")
# The steps of the last goal in the other order: "swap the order", "the other way round", "in reverse order"
_REVERSED = re.compile(r"^(?:(?:actually|oh|ok|okay|no|and|but|wait|hmm|sorry|hang on|hold on|oops)[ ,]+)*"
                       r"(?:(?:swap|reverse|switch|flip|invert) (?:the )?"
                       r"(?:order|steps|sequence)|(?:(?:swap|switch|flip) the (?:first |last )?two(?: (?:steps|stops|ones|places|visits))?|"
                       r"(?:do|go) (?:it|them|those|these|that|the (?:steps|two|two things)) in (?:the )?(?:opposite|other) order|"
                       r"(?:the )?(?:opposite|other) order)(?: please)?|"
                       r"(?:do it |go |do them |do those |do these |do that )?(?:the )?other way (?:a)?round(?: please)?|"
                       r"(?:swap|switch|flip) (?:them|it|those) "
                       r"(?:a)?round(?: please)?|(?:do it |do them |go )?in (?:the )?reverse"
                       r"(?: order)?|(?:do it |do them )?backwards|(?:do )?the (?:last|second) one first|"
                       r"(?:reverse|flip|swap) (?:that|it|them|those)"
                       r"|(?:now |then )?(?:do|go) (?:it|that|them) (?:in reverse|backwards|the other way round)(?: order)?)[ .!]*$")
# Two puts in one goal, whose bins a swap exchanges: "put the far cube in the green bin and the near one in the purple bin"
_TWO_PUTS = re.compile(r"^(?P<lead>.*?\b(?:put|place|drop|pop|stick|chuck|toss|throw|bin)\s+)(?P<a>.+?)\s+(?:in|into)\s+"
                       r"(?P<b1>the [a-z]+ bin)(?P<mid>,?\s+(?:and|then|and then)\s+(?:put |place |drop )?)(?P<c>.+?)\s+(?:in|into)\s+"
                       r"(?P<b2>the [a-z]+ bin)(?P<tail>[ .!]*)$", re.IGNORECASE)
# What a swap says it means, after it: "swap them round - far one purple, near one green"
_SWAP_RESTATED = re.compile(r"\s*(?:-|,|:|;)\s*(?:[a-z]+ )*?(?:one|cube|can) [a-z]+,? (?:and )?(?:the )?(?:[a-z]+ )*?(?:one|cube|can) "
                            r"[a-z]+[ .!]*$")
# A follow-up taking a step out of the goal before it: "never mind the blue box", "skip the green bin",
# "don't come back"
_TAKEN_OUT = re.compile(r"^(?:(?:actually|oh|and|but|ok|okay|no|wait|also|then)[ ,]+)*(?:(?:never mind|skip|forget(?: about)?|"
                        r"no need for|no|leave out|drop|scratch|cut|don't bother|do not bother|dont bother) "
                        r"(?P<return>coming back|returning|going back|the return|the coming back|the return trip)"
                        r"|(?P<skip>never mind|skip|forget(?: about)?|leave out|scratch|"
                        r"drop(?! [a-z ]+ (?:in|into|inside) (?:the|a|that) )|remove|delete|cross off|cut out|"
                        r"don't bother with|dont bother with|do not bother with|no need for|don't worry about|dont worry about) "
                        r"(?P<what>the .+?)(?: too| as well| either)?"
                        r"|(?P<negated>(?:don't|do not|dont|never) (?:go to|come back|visit|return) ?.*?))[ .!]*$")
# How a turn that only adds to the goal before it starts: "and then ...", "after that ...", "also ..."
_STARTS_AS_ADDED = re.compile(r"^(?:(?:and|oh|ok|okay|good|great)[ ,.!]+)*(?:then|and then|after that|afterwards|also|and also|next|"
                              r"once you(?:'re| are) done|when you(?:'re| are) done)\b")
# A step added to the goal going on: "then come back", "and after that go to the blue bin", "also go to the green bin"
_ACKNOWLEDGED = r"(?:oh|ok|okay|good|great|cool|nice|perfect|thanks|awesome)"  # said before what is added: "good, and come back"
_ADDED_STEP = re.compile(rf"^(?:(?:and|actually|{_ACKNOWLEDGED})[ ,.!]+)*(?:then|after that|afterwards|after this|also|next|and then|"
                         r"after(?=,)|and after(?=,)|"
                         r"and also|plus|when you are done|once you are done|once you have done that|once you've done that|when you finish|"
                         r"when you are finished|when you're finished|when you have finished|when you've finished|"
                         r"after you finish|once you're done|when you're done|after you're done|once that's done|"
                         r"when that's done|(?:when|once|after) (?:you're|you are|youre|ur|u r|u are) (?:done|finished|through|"
                         r"there)(?: with (?:that|this|it))?|when you (?:get|are) there)[ ,]+(?:you )?(?P<rest>.+)$")
# A wait where the goal going on ends: "wait there 5 seconds" after "go to the blue box"
_WAIT_THERE = re.compile(rf"^(?:(?:and|then|{_ACKNOWLEDGED})[ ,.!]+)*(?P<rest>(?:wait|stay|pause|hang on|hold on|sit|hold) "
                         r"(?:there|at it|"
                         r"by it|next to it)\b.+?)(?:,? before (?:anything|doing anything) else)?[ .!]*$")
_IN_THERE = re.compile(r"\b(?:in|into|inside) there\b")
# A step added with "after" said last: "go to the green box after", "come back afterwards"
_ADDED_AFTER = re.compile(r"^(?P<rest>(?:go|drive|head|come|return|visit|pick|put|drop|bring|find|look|wait|turn)\b.+?)[ ,]+"
                          r"(?:after|afterwards|after that|at the end|when you are done|when you're done)[ .!]*$")
# A step added with "and" alone, said as an action: "and come back afterwards", "and wait there for 10 seconds"
_AND_THEN_ACT = re.compile(rf"^(?:{_ACKNOWLEDGED},? )?and (?P<rest>(?:(?:come|go|drive|head) back|return|wait|stay|pause|turn|"
                           r"go to|drive to|head to|visit|pick up|put|drop|bring|find|look for)\b.*?)"
                           r"(?:,? (?:afterwards|after that|after|too|as well|at the end))?[ .!]*$")
# Another action for the goal going on: "go to the blue box too", "and pick up the red cube as well".
_ACTION_TOO = re.compile(r"^(?:(?:and|oh and|oh|ok|okay)[ ,]+)?(?:also )?(?P<rest>(?:go|drive|head|visit|pick|put|bring|find|"
                         r"fetch|grab|look|approach)\b.+?),? (?:too|as well|also)[.!]*$")
# Another place for the goal going on: "add the green bin to that", "add the yellow box at the end".
_ADD_TO_IT = re.compile(r"^(?:(?:and|oh and|oh|ok|okay|also)[ ,]+)?add (?P<rest>(?:the|a) [a-z ]+?)(?: to (?:that|it|this|the list|"
                        r"the plan|the route|the end)| at the end| too| as well)?[.!]*$")
# Another object for the goal going on: "and the yellow one too", "the green cube as well"
_ALSO_THAT = re.compile(r"^(?:(?:and|also|plus|oh and) (?P<what>.+?)(?:,? (?:too|as well|also))?"
                        r"|(?:now )?(?P<also>.+?),? (?:too|as well|also))[.!]*$")
# A follow-up asking for another object than the one just acted on: read as "another one" (or "another box")
_DIFFERENT_ONE = re.compile(r"^(?:(?:no|nope|nah)[ ,]+)?(?:(?:anything|any (?P<any>box|cube|bin|can|one)|something|one) "
                            r"(?:but|except|other than|besides) (?:that|this|the same|the last) (?:one|box|cube|bin|can)"
                            r"|a different (?P<diff>one|box|cube|bin|can)|not (?:that|this|the same) (?:one|box|cube|bin|can)"
                            r"|something else|a different (?:one|can) please)[ .!?]*$")
_NOT_SAID = re.compile(r"\b(?:not|no|never|dont|nope)\b|n't\b")
# A step said to come before the goal going on: "before that, go to the green box", "but first, ...".
# ("first go to the green box" alone is a goal of its own.)
_BEFORE_THAT = re.compile(r"^(?:(?:ok|okay|oh|wait|hold on|actually)[ ,]+)*(?:(?:(?:but|and)[ ,]+)?before (?:that|this|you do that|"
                          r"doing that|you go there|you go(?! to\b| over\b| towards?\b| back\b))|(?:but|and)[ ,]+first)[ ,]+(?=\w)"
                          r"(?!of\b|one\b|time\b)")
# The last planned goal again with another object: "now do the same with the blue cube", "same for the green one".
_SAME_WITH = re.compile(rf"^{_POLITE}(?:(?:now|then|and)[ ,]+)*(?:(?:(?:please )?(?:do|repeat) )?(?:the )?(?:same|likewise)"
                        rf"(?: thing)?(?: again)?|repeat (?:it|that|this)|(?:do )?(?:it|that|this) {_AGAIN}|{_AGAIN})"
                        r"[ ,]*(?:but )?(?:with|for) (?P<what>(?:the|that|this) [a-z ]+?)[ ,.!]*(?:please|too|as well)?[.!]*$")
# The last put again with another cube and another bin: "same for the yellow one but use the green bin", "now the
# yellow one, in the green bin", "and the blue can goes in the red one"
_SAME_INTO_ANOTHER_BIN = re.compile(
    rf"^(?:(?:and|now|then|ok|okay|next|so)[ ,]+)*(?:(?:do |and )?(?:the )?same (?:thing )?(?:for|with|to) |(?:do |put )?)the (?P<color>"
    rf"{'|'.join(COLORS)}) (?P<kind>one|cube|can)[ ,]+(?:but |and )?(?:use |put it in |in |into |goes in |goes into |to |with )?"
    rf"(?:the )?(?P<bin>{'|'.join(COLORS)}) (?:bin|one)(?: instead| this time| please)*[ .!]*$")
# The last put again with another thing and a bin said by any name: "same thing with the other tin, but the navy bin this time"
_SAME_BUT_ANOTHER_BIN = re.compile(r"^(?:(?:and|now|then|ok|okay|next|so)[ ,]+)*(?:do )?(?:the )?same(?: thing)?(?: again)? "
                                   r"(?:with|for|to) (?P<what>the [a-z ]+?)[ ,]+(?:but |and )?(?:use |put it in |in |into |with )?"
                                   r"(?P<bin>the [a-z -]+? bin)(?: instead| this time| please)*[ .!]*$", re.IGNORECASE)
# The last goal with another object, said as "do" it: "now do the blue cube", "do the green one next"
_DO_THE = re.compile(r"^(?:(?:now|and|then|ok|okay|wait|actually|no)[ ,]+)*do (?P<what>the (?:red|orange|yellow|green|blue|purple|"
                     r"other|next|left|right|nearest|closest)(?: (?:one|box|cube|bin))?)(?: (?:now|too|next|please|instead))?[.!]*$")
# A repeat asked for more than once: "do it twice", "repeat that three times", "twice"
_MORE_THAN_ONCE = re.compile(r"^(?:(?:and|now|then|please)[ ,]+)*(?:(?:do|repeat)(?: (?:it|that|this))? )?(?:twice|thrice|"
                             r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a few|many|several) (?:more )?times)"
                             r"(?: more)?(?: please)?[.!?]*$")
# The last planned goal again, more slowly: "do it again but slowly", "again, slower".
_SLOWER = re.compile(r"^(?P<repeat>.+?)[ ,]+(?:but |and |only |just )?(?:more )?(?:slowly|slower|carefully)(?: this time)?"
                     r"[ ,.!]*(?:please)?[.!]*$")
_FASTER = re.compile(r"^(?P<repeat>.+?)[ ,]+(?:but |and |only |just )?(?:a bit |a little )?(?:faster|quicker|more quickly)"
                     r"(?: this time)?[ ,.!]*(?:please)?[.!]*$")
# A new pace for the goal going on: "slower, please", "slow down", "speed up", "go faster".
_PACE = re.compile(rf"^{_POLITE}(?:(?:whoa|woah|careful|easy|hey|oi|oh|hmm|um|uh|ugh|come on|go|drive|move|a bit|a little|much|bit|"
                   r"little|even|and|is|actually|ok|okay|right|fine|this is taking (?:forever|ages|too long|so long)|"
                   r"(?:(?:you're|you are|youre|that's|thats|this is|it's|its) )?(?:so |too |very |really |way too |much too )"
                   r"slow(?:ly)?)[ ,.!]+)*"
                   r"(?:do it |go |drive |(?:you can |you may )?(?:go |drive |move )?)?"
                   r"(?:(?P<slow>slower|more slowly|more slow|slow down|slowly|slow|more carefully|carefully|not so fast|easy|"
                   r"(?:reduce|lower|decrease|drop) (?:the |your )?speed|"
                   r"(?:(?:you're|you are|youre|that's|that is|thats|it's|its) (?:going |driving |moving )?)?(?:way |much |far )?"
                   r"too (?:fast|quick|quickly))"
                   r"|(?P<fast>faster|quicker|more quickly|speed up|speed it up|hurry up|hurry|quickly|pick up the pace|"
                   r"(?:go )?at your (?:normal|usual|full) speed|"
                   r"(?:i|we) (?:don't|do not|dont|haven't|have not) (?:have|got) all day|"
                   r"(?:at )?(?:normal|usual|regular|full) speed(?: is (?:fine|ok|okay))?|no need to (?:go )?(?:so )?slow(?:ly)?))"
                   r"(?:[ ,]+(?:please|pls|plz|a bit|a little|now|then|though|this time|again|from now on|for now|is better|"
                   r"would be better|"
                   r"the whole time|all the way|throughout|the whole way|for the rest|"
                   r"is good|better))*"
                   r"(?:[ ,.;-]+(?:we're|we are|i'm|i am|it's|its|that's) [a-z' ]+)?[ ,.!]*$")
_SPEED_IN_NUMBERS = re.compile(r",?\s*\bat \d*\.?\d+ ?(?:m/s|mps|metres? (?:per|a) second|meters? (?:per|a) second|cm/s|"
                               r"centimet(?:re|er)s? (?:per|a) second)|,?\s*\b(?:but |and )?(?:at|(?:no|not) (?:faster|quicker|more) than|"
                               r"at (?:a )?speed(?: of)?) 0?\.\d+\b(?! ?(?:m|cm|metres?|meters?|km|mph)\b)", re.IGNORECASE)
_SLOW_SAID = re.compile(r"[ ,]+(?:but |and )?(?:more )?(?:slowly|slower|carefully)(?: please| this time| thanks)*[ ,.!]*$")
# A watch said for the goal going on: "and stop if you see a purple box on the way", "but stop if a purple cube shows up"
_WATCH_ADDED = re.compile(r"^(?:(?:and|but|also|oh|ok|okay|then)[ ,]+)*(?:on the way[ ,]+)?(?P<watch>(?:stop|halt|freeze) "
                          r"(?:if|when|as soon as|the moment|once) .+|if .+ (?:shows up|appears|pops up|comes into view|comes up)"
                          r"(?:[ ,]+.+)?)$")
_BARE_RANK = re.compile(r"^\s*(?:the )?(second|third|2nd|3rd) (closest|nearest|farthest|furthest)\s*[.!?]*\s*$", re.IGNORECASE)
_IN_BETWEEN = re.compile(r"^\s*the (one|box|cube|bin) in between\s*[.!?]*\s*$", re.IGNORECASE)
_ANY_ONE_SAID = (r"(?:whichever|whatever|any|either|any one|anyone|any of them|either one|doesn't matter|does not matter|"
                 r"doesnt matter|don't care|dont care|i don't care|i dont care|i don't mind|i dont mind|you choose|you pick|"
                 r"you decide|up to you|your call|dealer's choice)(?: one| of them| is fine| will do| works)?")
_ANY_WILL_DO = re.compile(rf"^(?:(?:oh|ok|okay|um|uh|eh|meh)[ ,]+)*{_ANY_ONE_SAID}(?:[ ,.]+{_ANY_ONE_SAID})*"
                          r"(?:[ ,]+(?:lol|haha|really|honestly|tbh))?[ .!]*$")
_A_DIFFERENT_ONE = re.compile(r"^(?:no,? |nah,? )?(?:(?:leave|forget|drop|skip) (?:that|this|the same) (?:one|cube|box|bin|can)"
                              r"(?: alone| be)?[ ,;.]+(?:and |just )?)?"
                              r"(?:(?:pick|get|grab|take|choose|try|go to|fetch|use) )?(?:a )?(?:different|another|other) "
                              r"(?:one|cube|box|bin|can)(?: please| instead| this time)?[ .!]*$")
_WRONG_ALONE = re.compile(r"^(?:no,? |oops,? )?(?:wrong|not that) (?:one|cube|box|bin)[ .!]*$")
_WRONG_ONE = re.compile(r"^\s*(?:not (?:that|this) (?:one|box|cube|bin)|wrong (?:one|box|cube|bin))[ ,.!]+(?=the other\b)",
                        re.IGNORECASE)
# Only going to the object the last goal acted on, not handling it: "don't pick it up, just go there".
_JUST_GO_THERE = re.compile(r"^(?:(?:no|but|ok|okay|actually|wait)[ ,]+)*(?:don't|do not|dont|no need to) (?:pick|grab|take|lift"
                            r"|touch|get)(?: it| that| them)?(?: up)?(?: though| this time)?[ ,.;]+(?:just |only |simply )?"
                            r"(?:go|drive|head|move|get)(?: over)? (?:there|to it|up to it|next to it|near it)[ .!]*$")
# Something to keep away from, said for the goal going on: "and avoid the red cube", "but keep away
# from the red box while you do it", "oh and don't go near the red cube", "and leave the red cube alone".
# What to keep away from, corrected: "no, avoid the red cube instead", "actually keep away from the cone"
_KEEP_AWAY_WORDS = r"(?:avoid(?:ing)?|keep(?:ing)? (?:away|clear) from|stay(?:ing)? (?:away|clear) from|steer(?:ing)? clear of)"
_KEEP_AWAY_INSTEAD = re.compile(rf"^(?:(?:no|nope|actually|wait|sorry|oops)[ ,!.]+)+{_KEEP_AWAY_WORDS} (?P<new>the [a-z]+(?: [a-z]+)?)"
                                r"(?:,? instead| rather)?[ .!]*$")
_AVOIDED = re.compile(rf"\b{_KEEP_AWAY_WORDS} (?P<what>the [a-z]+(?: [a-z]+)?)", re.IGNORECASE)
_KEEP_AWAY_ADDED = re.compile(r"^(?:(?:and|but|oh and|oh|also|ok|okay|and also|plus|on the way|on your way|while you go|actually|"
                              r"and please|please)[ ,]+)*"
                              r"(?P<avoid>(?:avoid|keep away from|"
                              r"stay away from|keep clear of|stay clear of|steer clear of|don't go near|do not go near|"
                              r"dont go near|don't touch|do not touch|dont touch|never touch|leave) (?:the |any |all the )?"
                              r"[a-z]+ ?[a-z]*(?: on the (?:left|right))?(?: alone)?)"
                              r"(?: while you do (?:it|that)| while you(?:'re| are|re) at it| on the way| too| as well| please)*"
                              r"[ .!]*$")
# An exception said for a goal going on over several objects ("except the red one", "but skip the
# red one", "leave the red cube out of it", "not the blue one though", "without the green cube").
_EXCEPTION_ADDED = re.compile(r"^(?:(?:but|and|oh|ok|okay|no|wait|actually|also)[ ,]+)*(?:except(?: for)?|apart from|other than|besides"
                              r"|excluding|but not|not|without|skip|leave out|leave|forget(?: about)?|never mind|minus"
                              r"|don't do|do not do)[ ,]+(?P<what>.+?)(?:[ ,]+(?:though|tho|too|out of it|out|alone|please))*"
                              r"[ .!]*$")
_RANKED_ONE = re.compile(r"^the (?:one )?(?:in the )?(?:middle|left|right|leftmost|rightmost|nearest|closest|farthest|furthest|"
                         r"first|second|third|last|centre|center)(?: one)?$")
_PLURAL_GOAL = re.compile(r"\b(?:all|every|each|both|everything|and|boxes|cubes|bins|ones)\b")
# A condition said for the goal going on: "but only if the green bin is empty", "only if you see it"
_ONLY_IF = re.compile(r"^(?:(?:but|and|oh)[ ,]+)*only (?:if|when) (?P<condition>.+?)[ .!]*$")
# The last goal again, slowly: "slowly this time", "more carefully this time"
_SLOWLY_THIS_TIME = re.compile(r"^(?:(?:but|and|now|ok|okay)[ ,]+)*(?:do it |go )?(?:more )?(?:slowly|slower|carefully)"
                               r" this time[ .!]*$")
# A question about "it": the object the last planned goal acted on ("where is it?", "how far is it?").
# "put it there", "drop it in": into the bin the last goal went to.
_PUT_IT_THERE = re.compile(r"^(?:(?:and|now|then|ok|okay|so|please)[ ,]+)*(?:put|drop|place|release|leave|let go of|set) "
                           r"(?P<what>it|that|the (?:cube|can|tin|block))(?: down)?"
                           r"(?: in there| there| here| in here| in it| into it| inside| in)"
                           r"(?: please| now)?[ .!]*$")
_TAKE_IT_OUT = re.compile(r"^(?:(?:and|now|then|ok|okay|so|please)[ ,]+)*(?:take|get|pull|lift|grab|fish) (?:it|that|the cube|"
                          r"whatever is in (?:it|there)|what's in (?:it|there)) out(?: of (?:it|there))?(?: please| now)?[ .!]*$"
                          r"|^(?:(?:and|now|then|ok|okay|so|please)[ ,]+)*(?:take|get|pull|lift|grab) out (?:the cube|what's)"
                          r"(?: in it| in there| inside)?[ .!]*$")
# "put them / both in the yellow bin" after a goal on several cubes, and the cubes that goal named.
_THEM_ALL = re.compile(r"^(?:(?:and|now|then|ok|okay|so|please)[ ,]+)*(?P<verb>put|drop|place|bring|take)(?: them| both| them both"
                       r"| both of them| them all| all of them| those| these)(?P<rest> .+?)[ .!]*$")
_CUBES_SAID = re.compile(r"\b(?:(?:all|both|every|each)(?: of)? )?(?:the )?(?:[a-z]+ )?cubes\b"
                         r"|\bthe [a-z]+ cube(?:,? (?:and )?the [a-z]+ cube)+\b")
# A correction that names a kind alone: "not the box, the cube", "I meant the bin", "no, the box" (the colour said before).
_KIND_ONLY_CORRECTION = re.compile(r"^(?:(?:ugh|hmm|oh|um|uh|no|nope|nah|sorry|oops|wait|actually|i said)[ ,]+)*"
                                   r"(?:(?:i meant|i mean|meant|make (?:it|that)|i said)[ ,]+)?(?:not the (?P<old>box|cube|bin)[ ,]+"
                                   r"(?:i meant |i mean |but )?)?the (?P<new>box|cube|bin)(?: instead| please| i meant)?[ .!]*$")
_HOW_MANY_OF_THEM = re.compile(r"^(?:(?:and|so|now|ok(?:ay)?)[ ,]+)?how many(?: of them| of those| of these)?(?: are there| do you see"
                               r"| can you see| are there of them| have you got)?[ ?.!]*$")
_ASKS_ABOUT_IT = re.compile(r"^(?:(?:and|so|now|ok(?:ay)?)[ ,]+)?(?:where|how far|how big|how large|what colou?r|which colou?r"
                            r"|what kind|do you (?:still )?see|can you (?:still )?see)\b.*\bit\b(?: now| at| right now)?[^a-z]*$"
                            r"|^(?:(?:and|so|now)[ ,]+)?is it (?:far|near|close|still there|in view|on (?:the|your) (?:left|right)"
                            r"|(?:on |to )?(?:the |your |my )?(?:left|right)(?: or (?:on |to )?(?:the |your |my )?(?:left|right))?"
                            r"|(?:big|small|tall|heavy|far away|closer|farther|nearer)"
                            r"|(?:still |now )?(?:empty|full)(?: now| yet)?)(?: of you| from you| from here)?[ ?.!]*$"
                            r"|^(?:(?:and|so|now)[ ,]+)?what(?:'s| is|s) (?:next to|beside|near|behind|in front of|by|"
                            r"(?:to the )?(?:left|right) of) it(?: now)?[ ?.!]*$"
                            r"|^(?:(?:and|so|now|ok|okay)[ ,]+)?what(?:'s| is|s) the (?:(?:closest|nearest) )?(?:thing|object|one) "
                            r"(?:next to|beside|near|behind|in front of|by|to|closest to|nearest to|(?:to the )?(?:left|right) of) it"
                            r"(?: now)?[ ?.!]*$"
                            r"|^(?:(?:and|so|now)[ ,]+)?(?:is there |are there )?(?:anything|something|any cubes?) (?:in|inside) it"
                            r"(?: now)?[ ?.!]*$|^(?:(?:and|so|now)[ ,]+)?what(?:'s| is|s) (?:in|inside) it(?: now)?[ ?.!]*$")


# A pause said before a correction: "wait, I actually meant the orange one", "hang on, no, the green bin"
_PAUSE_BEFORE_CORRECTION = re.compile(r"^\s*(?:(?:wait|hang on|hold on|one sec|oh|oops|hmm|ah|wrong [a-z]+)[,.!]*\s+)+"
                                      r"(?=(?:no|nope|sorry|actually|"
                                      r"i (?:actually |really |just )?meant|i mean|i said|i wanted)\b)", re.IGNORECASE)
# A follow-up that starts with one of these already says that it corrects.
_CORRECTION_STARTS = ("no", "nope", "sorry", "actually", "wrong one", "i meant", "i mean")
# "make that the yellow one", "change it to the green bin": the object after it instead.
_MAKE_THAT = re.compile(r"^(?:(?:no|actually|sorry|oh|wait|hmm|hm|um|umm|uh|er|erm|well|ok|okay|oops|nah)[ ,]+)*"
                        r"(?:make (?:that|it)|change (?:that|it) to"
                        r"|switch (?:that|it) to|swap (?:that|it) for)[ ,]+(?P<rest>.+)$")
# "not the red box, the yellow one", "no, not that one but the blue one": the correction is the second part.
_NOT_THIS_BUT_THAT = re.compile(r"^(?:(?:no|nope)[ ,]+)?not [^,.;]+?(?:[,.;]| but)[ ,]*(?:rather |instead )?(?P<that>\S.*)$")


# "neither, the blue one", "none of them, ...": said as "no".
_NONE_OF_THEM = re.compile(r"^(?:neither(?: of them| one)?|none of (?:them|those))(?=[ ,.;]|$)[ ,.;]*", re.IGNORECASE)


# An answer to "which one?" of a side, a rank or a distance alone ("left", "the second", "the near
# one"): alone "left" would be a turn, so it is read as "the left one" of those asked about.
_BARE_CHOICE = re.compile(r"^(?:(?:the|on the|to the|that|this) )?(?P<word>left|right|first|second|third|1st|2nd|3rd|last|near|nearer|close"
                          r"|closer|nearest|closest|far|farther|further|farthest|furthest)(?: one)?[ ,.!]*(?:please)?[.!]*$")
_AS_RANK = {"1st": "first", "2nd": "second", "3rd": "third",
            "near": "nearest", "nearer": "nearest", "close": "nearest", "closer": "nearest", "closest": "nearest",
            "far": "farthest", "farther": "farthest", "further": "farthest", "furthest": "farthest"}


def as_choice(follow_up: str) -> str:
    """A side, rank or distance said alone as an answer to "which one?", as "the <word> one"; ""
    when the follow-up is something else."""
    bare = _BARE_CHOICE.match(" ".join(follow_up.lower().split()))
    if bare is None:
        return ""
    word = bare.group("word")
    return f"the {_AS_RANK.get(word, word)} one"


def _starts_as_correction(text: str) -> bool:
    words = " ".join(text.lower().replace(",", " ").split())
    return any(words == c or words.startswith(c + " ") for c in _CORRECTION_STARTS)


def corrects(follow_up: str) -> bool:
    """Whether the follow-up says it corrects ("no, ...", "neither, ...", "not the red box, ..."),
    rather than choosing among what the robot asked about."""
    text = follow_up.strip()
    return _starts_as_correction(text) or _NONE_OF_THEM.match(text) is not None or text.lower().startswith("not ")


def with_follow_up(previous: str, follow_up: str) -> str:
    """The previous goal with the follow-up said after it as a correction, as one goal."""
    said = " ".join(follow_up.split())
    if leaves_the_choice(said):
        said = "the nearest one"
    said = _NONE_OF_THEM.sub("no, ", said, count=1)
    instead = _NOT_THIS_BUT_THAT.match(said.lower())
    ruled_out = said.lower()[: instead.start("that")] if instead is not None else ""
    if instead is not None and not any(lx.kind_of(t) for t in re.findall(r"[a-z]+", ruled_out)):
        # "not that one, the blue one": the one meant; "not the red cube, the yellow one" stays whole (which one it replaces)
        said = f"no, {said[instead.start('that'):]}"
    marker = "" if _starts_as_correction(said) else "no, "
    return f"{previous.rstrip().rstrip('.!?;,')}. {marker}{said}"


def with_object_for_pronoun(goal: str, pronoun: str, name: str) -> str:
    """``goal`` with each ``pronoun`` ("it", "there") replaced by "the <name>" ("to the <name>" for
    "there" after a verb of going); "" when it has none."""
    if not pronoun or not name:
        return ""
    if pronoun.lower() == "there":
        replaced = re.sub(r"\b(?:to )?there\b", f"to the {name}", goal, flags=re.IGNORECASE)
    else:
        replaced = re.sub(rf"\b{re.escape(pronoun)}\b", f"the {name}", goal, flags=re.IGNORECASE)
    return replaced if replaced != goal else ""


_KINDLESS_ONE = re.compile(r"\b(the|which|that|this|a)((?: [a-z]+){0,2}?) (one|ones)\b(?! more| at a time| by one)")


_INTO_WORDS = frozenset({"in", "into", "inside", "onto"})


def _one_as_kind(goal: str, kind: str, into_is_where: bool = True) -> str:
    """``goal`` with a kind-less "one" ("the second one", "which one", "the green one") said as
    ``kind``, when the goal names no kind itself."""
    try:
        tokens = tokenize(normalise(goal))
    except GoalError:
        return goal
    head = tokens[: next((k for k, t in enumerate(tokens) if t in ("one", "ones")), len(tokens))]
    if any(lx.kind_of(t) for t in head) or (into_is_where and kind == "cube" and set(tokens) & _INTO_WORDS):
        return goal  # "into the yellow one" after a pick: where the cube goes, a bin (not another cube)
    # (a kind named after the "one" says where it is: "the one by the ball")
    return _KINDLESS_ONE.sub(lambda m: f"{m.group(1)}{m.group(2)} {kind if m.group(3) == 'one' else plural(kind)}", goal)


def asked_about(question: str, objects: Sequence[DetectedObject]) -> tuple[tuple[str, str], str]:
    """What a question names: (name, track id) of the one object in view it names ("where is the
    red cube?", "is there a blue bin?"; ("", "") for none, several, or one not in view), and the one
    kind it names, with the one colour it names ("what boxes do you see?": box; "which cubes are
    blue?": blue cube; "" for none or several kinds)."""
    try:
        refs, _, _ = read_objects(tokenize(normalise(question)))
    except GoalError:
        return ("", ""), ""
    kinds = {r.kind for r in refs if r.kind}
    kind = kinds.pop() if len(kinds) == 1 else ""
    colours = {r.color for r in refs if r.color} | {c for t in tokenize_or_empty(question) if (c := lx.color_of(t))}
    colours -= {a.color for r in refs for a in (r.anchor, r.anchor2) if a is not None and a.color} - {r.color for r in refs}
    if kind and len(colours) == 1:  # ("how many cubes are right of the orange can?": cubes, of no colour said)
        kind = f"{colours.pop()} {kind}"  # "which cubes are blue?": the one meant next is a blue cube
    if len(refs) != 1 or refs[0].pronoun or refs[0].every:
        return ("", ""), kind
    found = Grounder(objects).candidates(refs[0])
    return ((found[0].name, found[0].track_id) if len(found) == 1 else ("", "")), kind


def among_choices(objects: Sequence[DetectedObject], choices: Sequence[str]) -> tuple[DetectedObject, ...]:
    """``objects`` without those of the choices' kinds that are not among the choices: what an answer
    to "which one?" may pick from (all of ``objects`` when no choice is in view)."""
    chosen = [o for o in objects if o.track_id in choices]
    if not chosen:
        return tuple(objects)
    kinds = {o.label for o in chosen}
    return tuple(o for o in objects if o.track_id in choices or o.label not in kinds)


def with_anchors(chosen_from: Sequence[DetectedObject], objects: Sequence[DetectedObject],
                 answer: str) -> tuple[DetectedObject, ...]:
    """``chosen_from`` and the objects of ``objects`` the answer measures from that it left out ("the
    one next to the red cube", when the question asked about blue cubes): they say which one, and
    are no choice themselves."""
    try:
        reading, _ = read_goal(answer)
    except GoalError:
        return tuple(chosen_from)
    anchors = [a for c in reading.clauses for o in c.objects for a in (o.anchor, o.anchor2) if a is not None]
    kept = {id(o) for o in chosen_from}
    extra = [o for o in objects if id(o) not in kept and any(
        (a.color is None or a.color == o.color) and (a.kind is None or a.kind == o.label) and (a.color or a.kind)
        for a in anchors)]
    return (*chosen_from, *extra)


def acts_on_one(goal: str) -> bool:
    """Whether the goal says an action on "the left one", "the far one" or the like and names no kind
    or colour: after "which one?", which of the objects asked about ("go to the left one"); "go to
    the blue one" names another object."""
    try:
        reading, _ = read_goal(goal)
    except GoalError:
        return False
    refs = [o for c in reading.clauses for o in c.objects]
    return not reading.question and len(reading.clauses) == 1 and bool(reading.clauses[0].intent) and \
        not reading.clauses[0].negated and bool(refs) and \
        all(o.kind is None and o.color is None and not o.pronoun and not o.every and o.text.split()[-1] in ("one", "ones")
            for o in refs)


# One of the things named in the sentences before, by its place: "the first one I mentioned", "the former", "the last one"
_NTH_SAID_HERE = re.compile(r"\bthe (?:(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)(?: one| thing| object| item)?"
                            r"(?: (?:that|which))?(?: (?:i|we) (?:just )?(?:mentioned|said|named|listed|gave you|told you about))?|"
                            r"(?P<nth2>former|latter)(?: one)?)\b", re.IGNORECASE)


def _place_said(nth: str) -> int:
    """The index in a list that "first", "2nd", "last", "former" or "latter" says (-1: the last)."""
    return {"former": 0, "latter": -1, "last": -1}.get(nth, lx.ORDINALS.get(nth, 1) - 1)


def _nth_named_before(goal: str) -> str:
    """``goal`` with a reference by place to the things a sentence before it only named ("There's a blue can and a purple
    bottle in front of you. Pick up the first one I mentioned.", "The purple cube and the green cube. Put the former in
    the bin.") said as that thing, and the naming sentence dropped; unchanged otherwise."""
    sentences = [p for p in re.split(r"(?<=[.!?;:])\s+", goal.strip()) if p]
    asked_at = next((k for k, p in enumerate(sentences) if k > 0 and _NTH_SAID_HERE.search(p)), None)
    if asked_at is None:
        return goal
    named: list[str] = []
    for sentence in sentences[:asked_at]:
        words = tokenize_or_empty(sentence)
        if begins_action([w for w in words if w[0].isalnum() and w not in ("please", "ok", "okay", "now", "so")]):
            return goal  # "go to the cube and the ball. then the first one again": no naming sentence
        for k, w in enumerate(words):
            kind = lx.kind_said(w)
            if kind:
                colour = lx.color_of(words[k - 1]) if k > 0 else None
                named.append(f"{colour} {kind}" if colour else kind)
    said = _NTH_SAID_HERE.search(sentences[asked_at])
    assert said is not None
    nth = (said.group("nth") or said.group("nth2")).lower()
    place = _place_said(nth)
    if len(named) < 2 or place >= len(named) or (nth in ("former", "latter") and len(named) != 2):
        return goal
    asked = sentences[asked_at]
    return " ".join([f"{asked[: said.start()]}the {named[place]}{asked[said.end():]}", *sentences[asked_at + 1 :]])


def only_that_one(objects: Sequence[DetectedObject], name: str, track_id: str) -> tuple[DetectedObject, ...]:
    """``objects`` without the others named ``name`` when the one with ``track_id`` is among them."""
    if not track_id or not any(o.track_id == track_id for o in objects):
        return tuple(objects)
    return tuple(o for o in objects if o.name != name or o.track_id == track_id)


# What the last goal should have been, said in full after a word that it is a change: "other way round: blue in
# yellow, red in green", "correction - put the red cube in the green bin"
_REDONE = re.compile(r"^(?:(?:no|nope|actually|oh|sorry|wait|ok|okay)[ ,]+)*(?:(?:the )?other way (?:a)?round|(?:the )?opposite|"
                     r"(?:swap|switch) (?:them|it|those)|reversed?|correction|i meant|let me rephrase|rather|change of plan|"
                     r"new plan|scratch that|start over)\s*[:;,.!-]+\s*(?P<rest>\S.*)$", re.IGNORECASE)


def _whole_goal(goal: str) -> bool:
    """Whether the goal says alone what to do: each clause asks for something, and none only names objects."""
    try:
        reading, _ = read_goal(goal)
    except GoalError:
        return False
    return not reading.question and bool(reading.clauses) and all(c.intent for c in reading.clauses if not c.manner)


def _with_object_swapped(said: str, other: str) -> str:
    """``said`` with the first object it names that is no bin ("put the bottle in the bin": the bottle), or else the
    first it names, said as ``other`` ("the cube"); '' when it names none."""
    words = said.rstrip(" .!?").split(" ")
    kinds = [(k, lx.kind_of(w.lower().strip(",;"))) for k, w in enumerate(words)]
    at = next((k for k, kind in kinds if kind and kind != "bin"), next((k for k, kind in kinds if kind), None))
    if at is None:  # ("pick up the red bin" - "what about the cube?": the bin is what it acted on)
        return ""
    start = at
    while start > 0 and (lx.color_of(words[start - 1].lower()) or words[start - 1].lower() in ("the", "a", "that", "this", "an") or
                         words[start - 1].lower() in lx.POSITIVE_LARGE_WORDS | lx.POSITIVE_SMALL_WORDS):
        start -= 1
    return " ".join([*words[:start], other, *words[at + 1 :]]) + ("?" if said.rstrip().endswith("?") else "")


def bin_named_only(goal: str) -> str:
    """The words of a goal that names one bin and nothing to do ("left bucket", "the lime one? no, lime bucket"): said
    while holding something, where to put it; '' for any other goal."""
    try:
        reading, _ = read_goal(goal)
    except GoalError:
        return ""
    named = [o for c in reading.clauses for o in c.objects]
    if reading.question or not reading.clauses or any(c.intent or c.negated for c in reading.clauses) or len(named) != 1 or \
            named[0].kind != "bin" or named[0].pronoun:
        return ""
    said = re.sub(r"^(?:(?:now|and|then|ok|okay|so|right|in|into|the)[ ,]+)*|[ .!?]+$", "", goal.strip(), flags=re.IGNORECASE)
    return said if said else ""


def names_objects_only(goal: str) -> bool:
    """Whether the goal names or points at objects and says nothing to do with them ("the left one",
    "no, the blue box", "I meant the cube", "not the red one"): alone it is not a task."""
    try:
        reading, _ = read_goal(goal)
    except GoalError:
        return False
    clauses = reading.clauses
    return not reading.question and bool(clauses) and all(not c.intent for c in clauses) and any(c.objects for c in clauses)


def _object_acted_on_last(steps: Sequence[PlanStep], kinds: tuple[str, ...] = ()) -> tuple[str, str]:
    """(name, track id) of the object (of one of ``kinds``, when given) the steps act on last; ("", "")
    when none names one."""
    for step in reversed(steps):
        words = step.target.split()
        if len(words) == 2 and words[1] in LABELS and (not kinds or words[1] in kinds):
            return step.target, step.object_id
    return "", ""


def _carries(goal: str) -> bool:
    """Whether the goal asks to pick up or put something ("put it in the green bin")."""
    try:
        lemmas = {lx.lemma(t) for t in tokenize(normalise(goal))}
    except GoalRefused:
        return False
    return bool(lemmas & (set(lx.ACTION_CUES["place"]) | set(lx.ACTION_CUES["pick"])))
