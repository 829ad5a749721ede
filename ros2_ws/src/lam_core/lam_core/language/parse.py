"""Goal text -> a structured reading: clauses, each with an intent, the objects it names (with
their references), negation, speed and its place in the sequence; or a question.

Deterministic and free of the Observation (grounding comes after, lam_core.language.grounding).
Steps: normalise (refuse control characters, emoji, other scripts and other languages), split
contractions, correct light typos against the lexicon, split into clauses at sequence, contrast
and correction markers (reordering "before"/"after"), then read each clause: its objects and
their references, stop/return/pose, prohibitions, negation, speed, and the action. The action
comes from the lexicon's cues where it has one, and from the intent model (sentence embeddings,
lam_core.language.intents) where it has none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from lam_core.errors import GoalError
from lam_core.language import lexicon as lx
from lam_core.language.color_names import colour_of_no_object, ground_color_name, shade_names
from lam_core.language.durations import SaidTimes, is_time_token, said_times, take_times
from lam_core.language.kind_nouns import ground_kind_noun
from lam_core.language.motion import (
    ANGLE_UNITS_DEG,
    DISTANCE_UNITS_M,
    TURN_VERBS,
    Motion,
    MotionRefused,
    offset_as_turn_and_drive,
    read_motion,
)
from lam_core.vocabulary import COLORS, COLORS_TEXT, GRASPABLE_LABELS, GRASPABLE_TEXT, KINDS_TEXT, LABELS, plural

WORLD_SUMMARY = f"I know {KINDS_TEXT} in {COLORS_TEXT}"
SKILL_SUMMARY = f"I can go to, approach, find, pick up and put {GRASPABLE_TEXT} into bins, stop, and come back"




def unknown_word_refusal(word: str) -> str:
    """The refusal of a goal that names a thing outside the world ("I don't know what an 'apple' is; ...")."""
    if word.endswith("s") and not word.endswith("ss") and word[:-1] in lx.english_words():  # "keys": a plural
        return f"I don't know what '{word}' are; {WORLD_SUMMARY}"
    article = "an" if word[:1] in "aeiou" else "a"
    return f"I don't know what {article} '{word}' is; {WORLD_SUMMARY}"


_TOKEN = re.compile(r"\d+(?:st|nd|rd|th)(?![a-z])|-?\d+(?:\.\d+)?|[a-z]+(?:['-][a-z]+)*|[,.;!?:()]|(?<!\S)-+(?!\S)|[\u2013\u2014]")
_CONTRACTIONS = {
    "don't": "do not", "dont": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not",
    "cant": "can not", "cannot": "can not", "won't": "will not", "wouldn't": "would not", "shouldn't": "should not",
    "shouldnt": "should not", "mustn't": "must not", "isn't": "is not", "aren't": "are not", "ain't": "is not", "aint": "is not",
    "i'd": "i would",
    "i'm": "i am", "you're": "you are", "youre": "you are", "let's": "let us", "what's": "what is",
    "whats": "what is", "where's": "where is", "it's": "it is", "that's": "that is", "there's": "there is",
    "you've": "you have", "i've": "i have", "you'll": "you will", "we're": "we are", "haven't": "have not",
    "hasn't": "has not", "wasn't": "was not", "here's": "here is", "who's": "who is", "how's": "how is",
    "you'd": "you would", "it'd": "it would", "that'd": "that would", "we'd": "we would", "they'd": "they would",
    "cw": "clockwise", "ccw": "counterclockwise", "acw": "anticlockwise",
    "u": "you", "ur": "your", "fwd": "forward", "fwds": "forwards", "bk": "back", "bck": "back", "rt": "right",
    "rgt": "right", "lft": "left", "ty": "thank you", "em": "them", "'em": "them",
    "tho": "though", "thx": "thanks", "thnx": "thanks", "obvs": "obviously",
    # an operator's shorthand: "nav to cone", "rev 1m", "rot 45 ccw", "rtb", "dist to cone?", "objs"
    "nav": "navigate", "navi": "navigate", "rev": "reverse", "rot": "rotate", "rtb": "come back", "rth": "come back",
    "dist": "distance", "objs": "objects", "obj": "object",
    "colour": "color", "coloured": "colored", "grey": "gray", "metres": "meters", "metre": "meter",
}
# The same contractions without their apostrophe (typed in a hurry, or heard by speech recognition,
# which writes none), except spellings that are words of their own ("its", "well", "were", ...).
_APOSTROPHE_WORDS = frozenset({"its", "id", "ill", "well", "were", "wed", "shell", "shed", "hell", "lets", "wont", "whos"})
_CONTRACTIONS.update({k.replace("'", ""): v for k, v in list(_CONTRACTIONS.items())
                      if "'" in k and k.replace("'", "") not in _APOSTROPHE_WORDS and k.replace("'", "") not in _CONTRACTIONS})
# A noun phrase may end at these words: what follows can start a new request even without a comma
# ("pick up the red cube drop it in the bin", "go to the green box not the green bin").
# Words before "there" that make it a place to go: "go there", "put it there", "go back there", "drive to there".
_GOING_THERE = frozenset({"go", "drive", "head", "move", "get", "it", "drop", "put", "travel", "back", "return", "roll", "walk"})
_PHRASE_END_WORDS = frozenset({"it", "them", "one", "ones", "there", "here"}) | frozenset(lx.ANY_KIND_WORDS)
_DETERMINERS = frozenset({"the", "a", "an", "that", "this", "those", "these", "your", "my", "some", "any", "each",
                          "every", "our", "its"})
_LINKING = frozenset({"is", "colored", "painted", "being", "looks", "color", "are"})
_DESTINATION_PREPS = ("into", "inside", "in", "onto", "on", "to", "within")
_LOCATION_PREPS = ("to", "towards", "toward", "next", "beside", "near", "by", "at", "up", "over", "front", "behind",
                   "alongside", "close", "until", "till")
_QUESTION_STARTS = frozenset({"what", "which", "where", "how", "is", "are", "do", "does", "did", "can", "could",
                              "tell", "list", "describe", "count", "name", "any", "whats", "have", "has", "show"})
_SEE_VERBS = frozenset({"see", "tell", "describe", "list", "count", "name", "spot", "notice", "detect", "show"})
INTENTS = ("goto", "approach", "find", "pick", "place", "stop", "return", "pose", "avoid", "move", "report")
# How a request to report starts ("... and tell me what you see"): answered when the plan is done.
REPORT_STARTS = frozenset({"tell", "describe", "report", "list", "count"})
# Said last, these take the whole goal back.
RETRACTIONS = ("never mind", "nevermind", "nvm", "jk", "just kidding", "scratch that", "forget that", "forget it",
               "forget about it", "cancel that", "forget the whole thing", "forget all that", "forget everything",
               "scrub that", "scrap all that", "cancel everything", "cancel all that", "i changed my mind",
               "i have changed my mind", "changed my mind",
               "forget i said anything", "ignore that", "don't bother", "do not bother", "not that one", "not this one",
               "wrong one", "not that", "strike that", "belay that", "undo that", "scrap that", "disregard that",
               "forget what i said", "forget what i just said", "ignore what i said", "ignore what i just said",
               "disregard what i said", "disregard what i just said")
# A goal of nothing but one of these calls off what the robot is doing: it is read as "stop".
CANCELLATIONS = frozenset({*(p for p in RETRACTIONS if "one" not in p and p != "not that"), "scrap that", "scrap it",
                           "cancel it", "cancel this", "forget this", "call it off", "call it quits", "stand down",
                           "that is all", "that will be all", "that is it for now", "you are done", "we are done",
                           "we are done here", "you can stop now", "no need", "no need anymore", "leave it",
                           *(f"{verb} {what}" for verb in ("forget", "scrap", "cancel", "drop", "scratch", "abandon", "ditch",
                                                           "skip")
                             for what in ("all of it", "all of that", "all of this", "it all", "that all", "everything",
                                          "the lot", "all that", "all this", "the whole lot", "the whole thing"))})
# What a stop verb calls off, not an object: "abort the mission", "cancel the current task".
_CALLED_OFF_NOUNS = frozenset({"mission", "task", "goal", "order", "plan", "job", "request", "command", "operation",
                               "errand", "run", "everything", "all", "it", "this", "that", "whole", "thing"})
_CALLED_OFF_MODIFIERS = frozenset({"the", "this", "that", "your", "my", "current", "whole", "entire", "last", "present",
                                   "ongoing"})
_CALLING_OFF_VERBS = frozenset({"stop", "cancel", "abort", "end", "terminate", "quit", "scrap", "halt", "call"})


@dataclass(frozen=True)
class ObjectRef:
    """An object as the goal describes it (not yet resolved against what the robot sees)."""

    text: str                        # the words that named it, for messages
    color: str | None = None         # a world colour, or None (any)
    kind: str | None = None          # box, cube, bin, or None (any)
    pronoun: bool = False            # "it", "that": the object of an earlier clause
    superlative: str = ""            # nearest | farthest | left | right | middle | largest | smallest | ahead
    ordinal: int = 0                 # 1-based, -1 = last; 0 = none
    ordinal_axis: str = "distance"   # distance | left | right
    relation: str = ""               # next_to | far_from | not_near | behind | in_front_of | left_of | right_of | inside
                                     # | same_color | between | contains
    anchor: ObjectRef | None = None  # the object of the relation
    anchor2: ObjectRef | None = None  # the second object of "between": "the box between the red cube and the blue bin"
    other: bool = False              # "the other X"
    other_than: ObjectRef | None = None  # in a correction, the object "the other one" is not: "the left red box. no, the other one"
    unknown_color: str = ""          # a colour word no object of this world has
    destination: bool = False        # named after in/into/onto/to (where something goes)
    not_colors: tuple[str, ...] = ()  # colours it is said not to have ("the box that is not red")
    not_names: tuple[str, ...] = ()  # kinds or objects it is said not to be: "the red thing that is not a cube"
                                     # ("cube"), "anything but the red cube" ("red cube")
    not_superlative: str = ""        # the ones it is said not to be, "+"-joined: "the red box that is not on the left" (left)
    every: bool = False              # "both cubes", "all the boxes", "every bin": each one seen (no kind: everything)
    any_one: bool = False            # "any box", "either bin": whichever fits; the nearest is taken
    count: int = 0                   # "the two boxes": how many the goal says there are (with every)
    alternative: bool = False        # "the red box or the blue box": this or the object named before it, one of them
    demonstrative: bool = False      # "that box", "the same box": the one of this kind referred to before, if any
    contents: str = ""               # "empty" | "full": a bin with no cube in it, or with one ("the empty bin");
                                     # "loose": a cube in no bin ("the cube that isn't in a bin")
    side: str = ""                   # left | right: only those on that side of the robot, ranked by the superlative
                                     # ("the nearest box on your right")
    said_distance_m: float = 0.0     # "the cube 2 m away": about that far from the robot [m]; 0: not said
    back: bool = False               # "go back there": a place gone to before the one the robot is at then
    size_plainly: bool = False       # "the small one", "the tall thing": the size said plainly, not "the smallest", so
                                     # every fit about as small (tall) as the smallest (tallest) may be meant

    @property
    def name(self) -> str:
        """'red box', 'box', 'red object', 'object'."""
        return f"{self.color or ''} {self.kind or 'object'}".strip()

    @property
    def plain(self) -> bool:
        """Names colour and kind and nothing else: resolvable without seeing it."""
        return bool(self.color and self.kind) and not (self.pronoun or self.superlative or self.ordinal or self.relation
                                                       or self.other or self.said_distance_m)


@dataclass(frozen=True)
class Clause:
    text: str
    intent: str = ""                     # one of INTENTS, "" when not understood
    objects: tuple[ObjectRef, ...] = ()
    negated: bool = False
    slow: bool = False
    pose: tuple[float, float] | None = None
    correction: bool = False             # replaces the clause before it
    unknown_words: tuple[str, ...] = ()  # English words that name nothing known
    via: str = ""                        # how the intent was found: lexicon, model, inherited
    manner: bool = False                 # only says how to move ("but slowly"): its pace joins the action beside it
    motions: tuple[Motion, ...] = ()     # intent "move": drives and turns relative to where the robot stands
    facing: bool = False                 # intent "find", only to turn until the object is in view ("face the red box")
    contact: bool = False                # intent "avoid", forbidding only a touch ("don't touch it", "without hitting it")
    speed_mps: float = 0.0               # a speed said in numbers ("at 0.2 m/s"), a cap on its steps [m/s]; 0: none
    times: SaidTimes = SaidTimes()       # a time limit, a time to keep at it or stay, a wait first (durations)


@dataclass(frozen=True)
class Reading:
    """The goal read: a question, or clauses in the order they are to happen."""

    text: str
    clauses: tuple[Clause, ...] = ()
    question: bool = False


class GoalRefused(GoalError):
    """The goal is understood well enough to know it must not be planned (bad input, negation,
    ambiguity, an unknown object): no fallback planner may plan it."""


class OnlyForbidden(GoalRefused):
    """The goal only forbids ("avoid the yellow cube", "don't touch the blue can") and asks nothing
    to be done: ``keep_away`` names, ``keep_away_ids`` (name, track id) pairs, ``forbidden`` (skill,
    target, track id or "") triples. It stands for the goals said after it (lam_core.planning.task_planning)."""

    def __init__(self, message: str, keep_away: Sequence[str] = (), keep_away_ids: Sequence[tuple[str, str]] = (),
                 forbidden: Sequence[tuple[str, str, str]] = ()) -> None:
        super().__init__(message)
        self.keep_away, self.keep_away_ids, self.forbidden = tuple(keep_away), tuple(keep_away_ids), tuple(forbidden)


class WhichOne(GoalRefused):
    """The goal names an object that several in view fit; ``choices`` are their track ids, among which
    an answer ("the left one") chooses (lam_core.language.follow_ups)."""

    def __init__(self, message: str, choices: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.choices = tuple(choices)


class AllRuledOut(GoalRefused):
    """Every object in view that the goal's object fits is one the goal (or a prohibition said before)
    rules out: "pick up a can but don't touch the purple cans" with only purple cans in view."""


class UnknownReference(GoalRefused):
    """A pronoun ("it", "that") in the goal refers to nothing named before it; ``word`` is the pronoun."""

    def __init__(self, word: str) -> None:
        super().__init__(f"I don't know what '{word}' refers to; name the object")
        self.word = word


class GoalNotUnderstood(GoalError):
    """The words were not understood; a fallback planner may try."""


# ---------------------------------------------------------------------------------------- normalise
# Wordings of other speakers said as the contract says them: (pattern, replacement).
_Replacement = str | Callable[[re.Match[str]], str]
_OPPOSITE_PLACE = {"left": "right", "right": "left", "near": "far", "far": "near", "nearer": "farther", "farther": "nearer",
                   "nearest": "farthest", "farthest": "nearest", "closest": "farthest", "furthest": "nearest"}
# Words a speaker may take back and say again at once: "the left uh no the right bin"
_REPAIRED_WORDS = "left|right|leftmost|rightmost|near|far|nearer|farther|further|nearest|closest|farthest|furthest|first|second|" \
                  "third|last|big|small|bigger|smaller"
_COLOUR_WORDS = "red|orange|yellow|green|blue|purple|white|black|grey|gray"
_KIND_WORDS_SAID = "box|cube|bin|can|ball|bottle|plate|cone|block|tin"
_AMOUNT = r"\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|" \
          r"eight|nine))?|one hundred(?: and)?(?: (?:twenty|eighty))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|" \
          r"twelve|fifteen|a half|half a"
_UNIT_WORDS = "meters?|metres?|m|seconds?|secs?|s|degrees?|deg|minutes?|mins?|centimet(?:er|re)s?|cm|feet|foot"
# Digits said in words, as after "point" in a fraction
_SAID_DIGITS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9"}
# Things whose colour everybody knows, for "the one that's the colour of grass"
_COLOUR_OF = {"grass": "green", "leaf": "green", "leaves": "green", "lime": "green", "frog": "green", "sky": "blue",
              "sea": "blue", "ocean": "blue", "lemon": "yellow", "banana": "yellow", "sun": "yellow", "butter": "yellow",
              "pumpkin": "orange", "carrot": "orange", "tangerine": "orange", "orange": "orange", "blood": "red",
              "tomato": "red", "cherry": "red", "strawberry": "red", "fire truck": "red", "snow": "white", "milk": "white",
              "chalk": "white", "coal": "black", "night": "black", "soot": "black", "ash": "grey", "rain cloud": "grey",
              "storm cloud": "grey", "elephant": "grey", "concrete": "grey", "plum": "purple", "grape": "purple",
              "grapes": "purple", "aubergine": "purple", "eggplant": "purple", "lavender": "purple"}
_KIND_NOUNS_SAID = "cube|can|tin|box|bin|ball|bottle|plate|cone|block|brick|container|bucket|basket|tub|dice"


# Verbs said in the past or as a participle in a polite frame or the passive, as a request says them
_BASE_OF_SAID = {"picked": "pick", "went": "go", "took": "take", "taken": "take", "put": "put", "grabbed": "grab",
                 "brought": "bring", "fetched": "fetch", "moved": "move", "drove": "drive", "driven": "drive", "dropped": "drop",
                 "placed": "place", "carried": "carry", "popped": "pop", "stuck": "stick", "came": "come", "visited": "visit",
                 "found": "find", "turned": "turn", "backed": "back"}
_SAID_VERBS = "|".join(_BASE_OF_SAID)

# A turn whose way is said over or said by what it is not, with its amount after: "turn left, no, right, about 45",
# "turn but not to the left, like 90", "turn left but not all the way around, like a quarter turn"
_TURN_SAID_OVER = (
    r"\b(?:turn|rotate|spin)(?: (?P<first>left|right))?,?(?: (?:no|nope|sorry|i mean|wait),?)+ (?P<way>left|right),?"
    r"(?: (?:about|like|around|maybe|roughly|say))? (?P<n>\d+(?:\.\d+)?)(?: ?degrees?)?"
    r"|\b(?:turn|rotate|spin),? but not (?:to the |to your )?(?P<not>left|right),?(?: (?:about|like|around|maybe|roughly|say))? "
    r"(?P<n2>\d+(?:\.\d+)?)(?: ?degrees?)?"
    r"|\b(?:turn|rotate|spin) (?P<way3>left|right),? but not all the way(?: round| around)?,?(?: (?:about|like|just|maybe))? "
    r"(?:a (?P<part>quarter|half)(?: turn| of the way)?)")


def _turn_said_plainly(said: re.Match[str]) -> str:
    if said["way"]:
        return f"turn {said['way'].lower()} {said['n']} degrees"
    if said["not"]:
        return f"turn {'right' if said['not'].lower() == 'left' else 'left'} {said['n2']} degrees"
    return f"turn {said['way3'].lower()} {90 if said['part'].lower() == 'quarter' else 180} degrees"


# Not right after a word a question or request starts with ("ok which is closer ...", "so which ...")
_NOT_AFTER_A_LEAD_WORD = "".join(rf"(?<!\b{w} )" for w in ("ok", "okay", "so", "and", "now", "well", "but", "then", "hmm", "um", "uh",
                                                            "right", "alright", "robot"))

_ELSEWHERE_WORDINGS: tuple[tuple[re.Pattern[str], _Replacement], ...] = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (_TURN_SAID_OVER, _turn_said_plainly),  # "turn left, no, right, about 45", "turn but not to the left, like 90"
    # "pick up the orange can and dont bring it back here, put it in the bin": no return, not no pick
    (r",? (?:and |but )?(?:don't|dont|do not|no need to) (?:bring|carry|take) (?:it|that|them) back(?: here| to me| over here)?"
     r"(?=\s*[,;.]\s*(?:just |instead |but )?(?:put|drop|place|pop|toss|throw|stick))", ""),
    # "back up a bit, maybe thirty centimetres", "spin to your left, say, ninety degrees", "forty-five degrees-ish": the amount
    (r"(?<=[\s,])(?:maybe|perhaps|say|like|roughly|approximately),?\s+(?=(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|"
     r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|half|a (?:metre|meter|foot|quarter)\b))", ""),
    (r"\b(degrees?|metres?|meters?|m|cm|centimet(?:re|er)s?|seconds?|secs?|\d+)[- ]?ish\b", r"\1"),
    # "pop the cube in the bin, there's a good lad", "go on then, nip over to the plate": said around the request
    (r"[,;.]?\s*there(?:'s| is|s) a (?:good|clever) (?:lad|girl|boy|robot|chap|fella|one)\b", ""),
    (r"^(?:(?:ok|okay|right|so)[ ,]+)?go on(?: then)?[,.!]+\s*(?=\S)", ""),
    # "whichever isn't yellow", "any one that's not green" (an answer to "which one?"): the one that isn't
    (r"^((?:(?:ok|okay|fine|um|uh|whatever|oh)[ ,]+)*)(?:whichever|whatever|any|either)(?: one)?(?: that)? (?:isn't|is not|isnt|"
     r"'s not|s not|aren't|are not) (?=[a-z]+[ .!?]*$)", r"\1the one that isn't "),
    # "leave those alone for now and go to the bin" after an answer listing them: keep away from them
    (r"\bleave (them|those|these) alone\b", r"don't touch \1"),
    # "would it be alright if you went and picked up the white cube?": a request
    (rf"\b(?:would|will) it be (?:alright|all right|ok|okay|possible|fine|cool) if you (?:(?:went|came) and )?({_SAID_VERBS})\b",
     lambda m: _BASE_OF_SAID[m[1].lower()]),
    # "could the white cube be taken to the black bin?": take it there
    (rf"^(?:(?:so|ok|okay|and|now|please)[ ,]+)*(?:could|can|would|will) ((?:the|that|this) [a-z ]+?) be ({_SAID_VERBS})"
     rf"(?: up)? (?=(?:to|in|into|over|back)\b)", lambda m: f"{_BASE_OF_SAID[m[2].lower()]} {m[1]} "),
    # "it's the red can that I'm after", "it's the green cube nearest you I want": I want it
    (r"^(?:(?:so|ok|okay|well|right)[ ,]+)*(?:it's|it is|its) ((?:the|that|this) [a-z ]+?),? (?:that |which )?(?:i'm|i am|im|we're|"
     r"we are) after\b", r"i want \1"),
    # "what I'm hoping, and tell me if this is daft, is that the red can ends up in the white bin": I want it to
    (r"^(?:(?:so|ok|okay|well|right|um|uh)[ ,]+)*what (?:i'm|i am|im|i'd|i would|i) (?:really )?(?:hoping|hope|like|want|need|"
     r"wanted)(?: for)?(?:,[^,]*,)? is (?:that |for )?((?:the|that|this) [a-z ,]+?) (?:ends up|end up|goes|go|gets put|to end up|"
     r"to go|to get put) (in|into|inside)\b", r"i want \1 to end up \2"),
    # "go to the red box but no touch the blue cube": a prohibition, as learners say it
    (r"(^|,\s*|\b(?:but|and)\s+)no (touch|hit|bump|knock|disturb|go near|go close to)\b", r"\1don't \2"),
    (r"\b(but|and) no (go to|pick up|take|grab)\b", r"\1 don't \2"),  # "no, go to ..." said first is a correction
    # "if you see a yellow box, don't go any further": stop there
    (r"(?<=,|\s)(?:don'?t|do not) (?:go|drive|move|get) any (?:further|farther|closer)(?! (?:than|to|towards)\b)|"
     r"(?<=,|\s)(?:don'?t|do not) (?:continue|keep going|carry on|go on|proceed)(?=[ .!,;]*$)|\bgo no (?:further|farther)\b(?! than)",
     "stop"),
    (r"\s+first,?(?= (?:but )?before (?:that|this|doing that|you do that)\b)", ","),  # "go to X first, but before that ..."
    # "go to the red box and after go to the green box": afterwards ("first ... after you come back" too)
    (r"\band after(?: that)?,?\s+(?=(?:go|pick|put|come|bring|grab|fetch|find|turn|drive|head|move|visit|take|get|drop|place)\b)",
     "and then "),
    (r"^(first\b[^,.;]*?)\s+after(?: you| that)?\s+(?=(?:go|pick|put|come|bring|grab|fetch|find|turn|drive|head|move|visit|take|"
     r"get|drop|place)\b)", r"\1, then "),
    (r"^is (?:it )?possible (?:for you )?(?:to |you |you to |that you )", "is it possible for you to "),  # "is possible you bring me ..."
    (r"\b(?:make|let|have|get) (the [a-z]+ cube) (?:go|drop|fall) (?:in|into|inside)\b", r"put \1 in"),  # "make the red cube go in ..."
    (r"\b(bring|give|hand|pass|fetch|get) to me\b", r"\1 me"),  # "bring to me the blue cube"
    (rf"\bthe (box|cube|bin|one|thing) (?:of|with|in) (?:the )?(?:colou?r )?({'|'.join(COLORS)})(?: colou?r)\b", r"the \2 \1"),
    (r"\b(?:write|rite|wright)\b", "right"),  # a speech recogniser's "right"
    (r",\s*(?=after(?: that)?,?\s+(?:go|pick|put|come|bring|grab|fetch|find|turn|drive|head|move|visit|take|get|drop|place|"
     r"[a-z]+ cube)\b)after(?: that)?,?\s+", ", then "),  # "first you take the red cube, after go to blue box"
    (r"\band after,\s*", "and then "),  # "and after, blue cube to yellow bin"
    (r"\bput (it |them )?to (?:the )?([a-z]+ bin)\b", r"put \1in the \2"),  # "take blue cube and put to yellow bin"
    (r",?\s*(?:i'?m|i am|we'?re|we are) (?:late|in a hurry|in a rush|running late)\b", ""),  # "faster please, I'm late"
    (r"^(?:ok(?:ay)?,? )?(?:try again|retry|let'?s try again|one more time)\s*[,:;.]\s+(?=\w)", ""),  # "ok try again, go to ..."
    # "..., it's fragile": what an object is like, said as a reason; nothing to do
    (r"[,;]\s*(?:because |cause |as |since )?(?:it|they|that|this)(?:'s| is| are|'re|s) (?:very |really |so |a bit |quite )?"
     r"(?:fragile|heavy|expensive|delicate|precious|breakable|valuable|mine|new|old)(?=\s*(?:[,;.!]|$))", ""),
    # "go to the red box, either one is fine": the nearest of them
    (r"\bthe ([a-z]+ (?:box|cube|bin)),? (?:either|any|whichever)(?: one| of them)?(?: is| will be| would be)? (?:fine|ok|okay|good)\b",
     r"the nearest \1"),
    # "..., not the left one, the other one": the other one than the one ruled out, said once
    (r"\b(not the [a-z]+ (?:one|box|cube|bin)),? (?:but |i mean |rather )?the other(?: one)?\b", r"\1"),
    # "..., then just stop there", "stop where you are": a stop, not a drive to "there"
    (r"(?<!don't )(?<!dont )(?<!not )(?<!never )\bstop (?:right |just )?(?:there|where you are|on the spot|immediately|at once|"
     r"right away|dead)\b", "stop"),
    # "... and don't rush either one", "don't rush it", "go slowly with the red one": slowly, all of it
    (r"[,;]?\s*(?:and |but )?(?:(?:don't|dont|do not) (?:rush|hurry)(?: it| either one| any of (?:it|them)| things| them)?|"
     r"(?:go|be) (?:slowly|slow|careful|gentle|extra careful) with (?:the |that )?[a-z]+ (?:one|cube|box|bin))(?=\s*(?:[,;.!]|$))",
     ", slowly"),
    # "don't go near either of the green bins", "don't bump into either red box": both of them
    (r"((?:don't|dont|do not|never|avoid|keep away from|stay away from|keep clear of|stay clear of|steer clear of)\b[^,.;]*?)"
     r"\beither (?:of )?(?:the )?([a-z]+ (?:box|cube|bin))(?:es|s)?\b", r"\1all the \2es"),
    # "pick up the red cube and keep it in the green bin": put it there (the put was dropped)
    (r"\b(and|then|,)\s+(?:then )?(?:keep|leave|store) (it|them) (in|inside|into) (?=the [a-z]+ bin\b)", r"\1 put \2 in "),
    (r"\bput (?:it )?(?=(?:the )?[a-z]+ bin\b(?! (?:in|into|on|to|next)\b))", "put it in "),  # "pick up red cube put red bin"
    (r"(?<=[a-z] )(?:that|which) is (closest|nearest) (to|from)\b", r"\1 \2"),
    (r"\b([a-z]+ (?:box|cube|bin))(?:,?\s+(?:the |a )?\1\b)+", r"\1"),  # "go to the blue box blue box": a stutter
    # "there should be another bin somewhere, find it": a search for it
    (r"^\s*there (?:should|must|might|may|could|ought to) be (an?(?:other)? [a-z ]+?)(?: somewhere| around| in here| here| around "
     r"here| about)*\s*[,.;-]?\s*(?:so |can you |could you |please |go |and )*(?:find|look for|locate|search for) (?:it|one|that)\b",
     r"find \1"),
    # "the one at the back", "the back one": the farthest, never a drive backwards
    (r"\b(?:the|that) ((?:[a-z]+ ){0,3}?(?:one|thing|object|box|cube|bin|ball|can|tin|bottle|plate|cone)) (?:(?:right )?at|in|over at|"
     r"over in) the (?:very )?back\b(?! of)", r"the farthest \1"),
    (r"\bthe ((?:[a-z]+ ){0,3}?(?:one|thing|object|box|cube|bin|ball|can|tin|bottle|plate|cone)) (?:(?:right )?at|in) the (?:very )?"
     r"front\b(?! of)", r"the nearest \1"),
    (r"\bthe ((?:[a-z]+ ){0,3}?(?:one|thing|object|box|cube|bin|ball|can|tin|bottle|plate|cone)) (?:further|farther) back\b",
     r"the farthest \1"),
    (r"\bthe back ((?:[a-z]+ )?(?:one|box|cube|bin))\b", r"the farthest \1"),
    (r"\bthe front ((?:[a-z]+ )?(?:one|box|cube|bin))\b", r"the nearest \1"),
    (r"\bi dont (care|mind)\b", r"i don't \1"),
    (r"^(?:never mind|nevermind) (?=the [^,]+, )", "forget "),  # "never mind the left red box, go to the right one"
    (r"\b(?:don't|dont|do not)(?: you)? ever\b", "never"),  # "dont you ever go near the red bin"
    (r"\b(?:swing|stop|drop|pop|call|stop off) (?:by|in at|round at|round to|at)(?= the\b)", "go to"),  # "swing by the green bin"
    # "go to the yellow box then the green box, oh and before all that go to the blue bin": the blue bin first
    (r"^(?:first,? )?(?=(?:go|pick|put|come|bring|drive|head|visit|turn|find|grab|fetch|take|get|move|look|drop)\b)(.+?)[,.;]?\s+"
     r"(?:oh,? )?(?:and )?before (?:all (?:of )?)?(?:that|this|those|them|everything)(?: else)?,?\s+"
     r"(?!(?:then|and)\b)([^,.;!?]+?)[.!]*$", r"\2, then \1"),
    # "the far away one", "the one that's far away": the far one; "whichever's easier": either one (the nearest)
    (r"\bthe (?:far away|far-away|faraway|distant|further away|farther away) one\b|\bthe one (?:that's |that is |which is )?"
     r"(?:far away|further away|farther away|furthest away|farthest away)\b", "the far one"),
    (r"\bwhichever(?: one)?(?:'s| is) (?:easier|easiest|simpler|simplest|quicker|quickest|handier|handiest|best|fine|ok|okay)"
     r"(?: for you)?\b", "either one"),
    # "the last one in the row", "the first cube in the line": by distance along it
    (r"\b(?:the )?(first|last|middle) ((?:[a-z]+ )?(?:one|cube|can|box|ball|bin|bottle|cone|plate)) in the (?:row|line)\b",
     lambda m: f"the {dict(first='nearest', last='farthest', middle='middle')[m.group(1).lower()]} {m.group(2)}"),
    # "pick up whichever cube is closest" (not "... closest to the bin")
    (r"\bwhichever (box|cube|bin) is (closest|nearest|farthest|furthest)\b(?! (?:to|from)\b)", r"the \2 \1"),
    (r",?\s*\bone (?:by|after|at) (?:one|a time|the other)\b(?=,?\s*(?:except|but not|apart from|other than|besides|skip)\b)",
     ""),  # "go to all the cubes one by one except the yellow one": the exception is of the cubes
    # "except the left one and except the right one": both ruled out
    (r"\b(except)( for)? (the [a-z]+ (?:one|box|cube|bin)),? and (?:also )?except(?: for)? (?=the\b)", r"\1\2 \3 and "),
    (r"\bthe one (?:straight|right|directly|dead) ahead\b", "the one ahead"),
    # "go to the blue box, unless you see a purple cube, then just stop": in that case stop
    (r"\bunless ([^,.;]+?),? then (?:just )?(?=(?:stop|halt|freeze|stay put|use )|[^,.;]*\binstead\b)", r"unless \1, in which case "),
    (r"\bin which case (?:just )?use (the [a-z]+ bin)\b", r"in which case put it in \1"),  # "..., in which case use the blue bin"
    # "scratch the blue box, make it the yellow box": the yellow box instead
    (r"\b(?:scratch|forget(?: about)?|never mind|nevermind|drop|skip) the [a-z]+ (?:box|cube|bin),? (?:and )?make (?:it|that) (?=the\b)",
     "no, "),
    # "what's left?", "any cubes left?": what is still to put away, not what is furthest left
    (r"^(?:(?:so|and|ok|okay|now)[ ,]+)?(?:(?:what(?:'s| is|s)?|are there any|is there anything|anything|any)(?: (?:cubes?|things|"
     r"objects|ones))?(?: are| is)?|which (?:cubes|things|objects|ones) are) (?:still )?left(?: to do| over| to put away)?\s*\??$",
     "which cubes are not in a bin?"),
    # "go to something blue other than the bin": any blue thing, not the blue bin
    (rf"\b(?:something|anything) ({'|'.join(COLORS)}) (?=(?:other than|except|but|apart from|besides|that is not|that isn't|"
     r"thats not|that's not|which is not|which isn't|not)\b)", r"any \1 thing "),
    # "put the white cubes in the blue bin ... can u do the one on the right first", "..., starting with the one on the left":
    # the order to take them in, said beside them
    (r"\b((?:both|all|each|every|the)(?: the)?(?: [a-z]+)? (?:cubes|cans|tins|blocks))\b([^?!]{0,160}?)[,.;]?\s*(?:and\s+)?"
     r"(?:(?:can|could) (?:u|you) |please )*(?:do |take |get |put )?(?:the )?(?:one |ones )?(?:on the |on your |to the )?"
     r"(right|left)(?:most|-hand| hand)?"
     r"(?: one)? first\b", lambda m: _with_order(m, _ORDER_FROM[m.group(3)])),
    (r"\b((?:both|all|each|every|the)(?: the)?(?: [a-z]+)? (?:cubes|cans|tins|blocks))\b([^?!]{0,160}?)[,.;]?\s*(?:and\s+)?"
     r"(?:start|starting|begin|beginning) with the (?:one |ones )?(?:on the |on your |to the )?(right|left|far|farthest|furthest)"
     r"(?:most|-hand| hand)?"
     r"(?: one)?\b", lambda m: _with_order(m, _ORDER_FROM.get(m.group(3), "farthest first"))),
    # "the cube that isn't blue and isn't green": neither
    (r"\b(that|which) (isn't|is not|isnt|aren't|are not|arent) ([a-z]+) (?:and|nor) (?:that |which )?(?:isn't|is not|isnt|aren't|are not|"
     r"arent|not) ([a-z]+)\b", r"\1 \2 \3 or \4"),
    (r"\b(nobody|no one|noone|no-one)'s\b", r"\1 is"),  # "nobody's in the room today, so ..."
    # "I'm not asking you to go to the orange box, I'm telling you": the request
    (r"^(?:i'm|im|i am) not asking(?: you)?(?: to)?,? (.+?),? (?:i'm|im|i am) telling you[ .!]*$", r"\1"),
    # "don't stop, keep going" while a goal goes on: carry on with it
    (r"^(?:no,? )?(?:don't|do not|dont) stop(?: now)?[ ,!.]*(?:just )?(?:keep going|carry on|continue|go on)[ .!]*$", "carry on"),
    # Said to the robot before a request: "hey there little guy, could ya ...", "ok so um robot buddy listen up, ...", "k so. ..."
    (r"^(?:(?:ok(?:ay)?|k|kk|okie|so|um+|uh+|er+m?|well|right|alright|hey|hi|hello|yo|oi|listen|look)[ ,!.:]+)*(?:(?:hey|hi|hello|yo|oi)"
     r"[ ,]+)?(?:there[ ,]+)?(?:(?:little|my|old|dear|good|big)\s+)?(?:robot|robo|bot|buddy|pal|mate|guy|dude|fella|friend|chum|champ|"
     r"lad)(?:\s+(?:buddy|pal|friend|mate|guy))?(?:[ ,!.:]+(?:listen (?:up|carefully|closely|here)|listen|look|please)\b)*"
     r"[ ,!.:]+(?=[a-z])", ""),
    (r"^(?:k|kk|okie|okey)(?:[ ,]+so)?[ ,!.:]+(?=[a-z])", ""),
    (r"\b(turn (?:left|right))[.,;]\s*(\d+(?:\.\d+)?)(?:\s*(?:degrees?|deg))?(?=\s*(?:[.,;!]|$))", r"\1 \2 degrees"),  # "turn left. 90."
    # "counting left to right, which cube is in the middle?": the middle one either way
    (r"\b(?:counting|going|reading|numbering) (?:from )?(?:the )?(?:left|right) (?:to|2|towards) (?:the )?(?:left|right)[,:]?\s*", ""),
    # "Jenny's left for lunch", "he has left the room": gone away, no side
    (r"\b(?:(?!(?:what|that|it|which|there|who|one|nothing|anything|everything|something|all|how much|much)'s)([a-z]+)'s|"
     r"(has|have|had|already|he|she|they|we|(?:got|stood|packed|gets|stands) up and)) left\b(?= (?:for|the room|the house|"
     r"the building|the office|the lab|home|work|already|early|now|a while ago|just now|yesterday|today)\b|\s*[.,!]|\s*$)",
     lambda m: f"{m.group(1) or m.group(2)} went away"),
    # "go 2 m forward and like half a metre left": a hedge before an amount says nothing more
    (r"\b(?:like|kinda|sorta|maybe|say)\s+(?=(?:(?:about|around|roughly) )?(?:half an? |a half |a quarter |an? |one |two |three |"
     r"four |five |six |ten |\d+(?:\.\d+)? ?)(?:m|meters?|metres?|cm|centimet(?:er|re)s?|degrees?|deg|feet|foot|ft|seconds?|secs?|"
     r"minutes?|mins?)\b)", ""),
    # "never put anything in the green bin": no cube in it
    (r"\b(don't|dont|do not|never|not) (put|place|drop|throw|toss|stick) (?:anything|any ?thing|stuff|things|any objects?|any items?) "
     r"(in|into|inside)\b", r"\1 \2 any cube \3"),
    # Said around a request and adding nothing to it: "...? thanks a lot", "..., can you do that?", "..., ok?"
    (r"(?<=[?!.,])\s*(?:thanks|thank you|thankyou|thx|ty|cheers|ta)(?: a lot| so much| very much| in advance| a million| a ton| a bunch|"
     r" heaps| loads| a heap)?(?: mate| buddy| robot)?[ .!]*$", ""),
    (r"(?<=\w)[,;]?\s+(?:can|could|will|would) you (?:do|manage) (?:that|this|it)\s*\?*\s*$", "."),
    (r"(?<=\w)[,;]\s*(?:ok|okay|alright|all right|got (?:that|it)|understood)\s*\?+\s*$", "."),
    (r"\b(?:er|uh|um|erm|ehm|uhm)[ ,.]+(?=i mean\b)", ""),  # "go to the green bin... er, i mean, the red box"
    # "put it in a bin, i dont care which one": any bin
    (r"\b(?:a|one) ((?:[a-z]+ )?(?:box|cube|bin))\b([^,.;]*?)[,;]?\s*\bi (?:don't|dont|do not) (?:care|mind) which(?: one)?\b",
     r"any \1\2"),
    # "... no, not the grey bin, use the green bin": the one to use instead
    (r"\bnot (the [a-z ]+?),? (?:use|take|try|choose|go for|pick|do) (the [a-z ]+?)(?: instead)?(?=[ .!]*$)", r"not \1, \2"),
    # "wait, wrong cube, I actually meant the yellow one": the correction after it
    (r"\bwrong (?:one|thing|[a-z]+)[,.!;]+\s+(?=(?:i (?:actually |really |just )?meant|i mean|i said|i wanted|it's|it is|it was|"
     r"use|take|get|grab|the)\b)", ""),
    # "fetch me anything but a can, whichever's closer": any that fits is the nearest already
    (r"(\b(?:any|anything|something|either)\b[^;!?]*?)[,.]?\s*(?:no,?\s*|just\s*|oh,?\s*)?whichever(?: one)?(?:'s| is|s) (?:closer|"
     r"closest|nearer|nearest|easiest|easier)(?: (?:to you|to get|to reach|for you))?(?=[ .!]*$)", r"\1"),
    # "go to the cube or the can, whichever": the nearer of the two
    (r"^(.*?\b)(the [a-z ]+?) or (the [a-z ]+?)[,;]? (?:whichever(?: one)?(?: you (?:like|want|prefer))?|either(?: one)?(?: is fine| will "
     r"do| works)?|i (?:don't|dont|do not) (?:mind|care) which(?: one)?|(?:it )?(?:doesn't|doesnt|does not) matter which(?: one)?|"
     r"(?:you )?(?:choose|pick|decide))[.!]*$", r"\1the nearer of \2 and \3"),
    (r"(\bthen|\band|,)\s+(?:back )?home(?=[ .!]*$)", r"\1 come back"),  # "go to the red box then home"
    (r"^(?:(?:so|ok|okay|basically|well|right|now|and|hey)[ ,]+)*(?:i need|i want|i'd like|i would like) you (?:at|by|over at|"
     r"over by|next to) (?=the\b)", "go to "),
    # "what I want is for you to be facing the ball", "I want you facing the bin": a turn to face it, no drive
    (r"^(?:(?:so|ok|okay|basically|well|right|now|and|hey)[ ,]+)*(?:(?:what )?(?:i need|i want|i'd like|i would like)(?: is)?"
     r"(?: for)? you(?: to be)?|(?:could|can|would) you be) (?:facing|looking at|pointing at|pointed at|turned towards?) "
     r"(?=(?:the|that|this)\b)", "turn to face "),
    (r"\b(left|right)[- ]hand(?:ed)?\b", r"\1"),  # "the right-hand green bin"
    (r"\b(in|into|inside|to|at) (left|right) side ((?:[a-z]+ )?(?:box|cube|bin|dustbin|basket|bucket))\b", r"\1 the \2 \3"),
    (r"\bfull (360|180|720)\b", r"\1"),  # "do a full 360"
    (r"\bkeep (?:your |a |some |a safe |a good |your )?distance (?:from|to)\b", "keep away from"),  # "keep distance from ..."
    # radio procedure words: "copy that, ...", "..., over", "negative, ..."
    (r"^(?:(?:copy that|copy|roger that|roger|wilco|acknowledged|ack|ten four|10-4|affirmative)[,.!]*\s+)+(?=\S)(?!(?:over|that)\b)",
     ""),
    (r"(?<=\S)[,.!]\s*over(?: and out)?[.!]*$", ""),
    (r"^negative[,.!]*\s+(?=\S)", "no, "),
    (r"\b(?:big|large|huge|tall|bigger|larger) ((?:[a-z]+ )?)blocks?\b", r"\1box"),  # "the big red block" is a box
    (r"\b(one|two|three|four|five|\d+) (metres?|meters?|feet|foot) and (?:a )?half\b", r"\1 and a half \2"),  # learners
    (r"\bnick (?=(?:the|that|this|a) )", "take "),  # "nick the blue cube"
    (r"\bgimme\b", "give me"),
    # "put the white can, not the purple can, in the bin": the one named is put; the aside adds nothing
    (r"^((?:please )?(?:put|place|drop|move|toss|throw) the [a-z ]+?),? (?:and )?not the [a-z ]+?, ((?:in|into) the )", r"\1 \2"),
    # "don't put the white can in the bin, put the purple one": the second one into that bin
    (r"^(?:don't|dont|do not) (?:put|place|drop|move|toss|throw) the (?:[a-z]+ )?([a-z]+) ((?:in|into) the [a-z ]+?)[,;.]? "
     r"(?:but |just |instead )*(?:put|place|drop|move|toss|throw) the ([a-z]+) one(?: instead)?(?=[ .!]*$)", r"put the \3 \1 \2"),
    # "is the bottle black or grey?": which colour it is
    (rf"^(is|are) (the (?:[a-z]+ )?[a-z]+) (?:{'|'.join(COLORS)}|gray) or (?:{'|'.join(COLORS)}|gray)\s*\??$",
     r"what colour \1 \2?"),
    (r"\b(garbage|rubbish|waste|dust|recycling|litter) can(s?)\b", r"\1 bin\2"),  # "the garbage can" is a bin
    # things said by their shape or use: "the round thing", "something crimson and round", "the traffic-cone-looking thing",
    # "the thing you throw rubbish in"
    (r"\b(?:flat|flattish|thin) (?:round|circular) (?:thing|object|item|one)(s?)\b", r"plate\1"),  # "the flat round thing"
    (r"\b(?:tall|long) (?:skinny|thin|narrow|slim) (?:thing|object|item|one)(s?)\b", r"bottle\1"),  # "the tall skinny thing"
    (r"\b(?:round|spherical|bouncy|bouncing) (?:thing|object|item|one)(s?)\b", r"ball\1"),
    (r"\b(something|anything) ((?:[a-z]+ )?)(?:and )?(?:round|spherical|bouncy)\b", r"a \2ball"),
    (r"\b(?:[a-z]+-)?(box|cube|bin|ball|can|tin|bottle|plate|cone|dice|block|bucket|basket|crate|disc|pylon)[- ](?:looking|shaped|like) "
     r"(?:thing|object|item|one)\b", r"\1"),
    (r"\bthe (?:thing|one|object|container)(?: that)? (?:you|we|people|i) (?:throw|put|chuck|toss|drop) (?:rubbish|trash|garbage|waste|"
     r"litter|stuff|things) (?:in|into)\b", "the bin"),
    # "if there are cans, go to the nearest": the nearest one of those the sentence names
    (r"\b(the (?:nearest|closest|farthest|furthest|biggest|largest|smallest|leftmost|rightmost|tallest|shortest))(?=[ .!]*$)",
     r"\1 one"),
    # "pick up the can if it's white": the white can; "go to the ball unless it's red": the ball that is not red
    (r"\bthe ((?:big |small |little |large )?)(box|cube|bin|ball|can|bottle|plate|cone) if (?:it's|it is|its|it was) "
     rf"((?:{'|'.join(COLORS)}))(?=[ .!]*$)", r"the \1\3 \2"),
    (r"\bthe ((?:big |small |little |large )?)(box|cube|bin|ball|can|bottle|plate|cone) (?:unless|except if) (?:it's|it is|its) "
     rf"((?:{'|'.join(COLORS)}))(?=[ .!]*$)", r"the \1\2 that is not \3"),
    # "put the white can in the bin if it isn't there already": if it is not in that bin
    (r"^((?:please )?(?:put|drop|place|move|toss|throw) (the [a-z ]+?) (?:in|into) (the [a-z ]+?)),? (?:but )?(?:only )?if "
     r"(?:it's not|it is not|its not|it isn't|it isnt) (?:there|in there|in it|inside)(?: already| yet)?(?=[ .!]*$)",
     r"if \2 is not in \3, \1"),
    (r"\btrash (bin|basket|bucket|container|tub)(s?)\b", r"\1\2"),  # "the trash bin": one bin
    (r"\b(stay|staying|stays|keep|keeping|remain|remaining)(?: (?:well|very|really|quite|nice and))? (?:far|clear)(?: away)? from\b",
     r"\1 away from"),  # "go to the bottle while staying far from the cones"
    (r"\b(?:the|its|their) (?:same|own|matching)[- ]colou?r(?:ed)? (bin|basket|bucket|container)(s?)\b",
     r"the \1\2 of the same colour"),  # "put the red can in the same colour bin"
    (r"\b(?:yoke|doohickey|thingamajig|thingy|whatsit|doodad)\b", "thing"),  # "the red yoke"
    # "go to the green bin and stop as soon as you get there, don't go past it": stopping there is what going to it does
    (r"^((?:please )?(?:go|drive|head) (?:over )?to (?:the|that) [a-z ]+?)(?:,? (?:and )?stop (?:as soon as|when|once) you (?:get|are) "
     r"there)?,? (?:and )?(?:don't|do not|dont) (?:go|drive|move) (?:past|beyond) it[.!]*$", r"\1"),
    (r"\bbring (the (?:[a-z]+ )?cube|it|that one) back (?:to me|here)\b", r"bring me \1"),  # "bring the blue cube back to me"
    # "fetch the red can for me", "grab the cube and bring it over here to me", "I need the cube over here with me": bring it here
    # ("fetch the red can" alone picks it up)
    (r"^((?:(?:please|ok|okay|now|hey|robot|could you|can you|would you|will you)[ ,]+)*)(?:go and |go )?fetch (?!me\b)((?:the|a|an|"
     r"that|this|any) (?:[a-z]+ ){0,2}?[a-z]+?) for me((?:,? (?:please|would you|will you|thanks|cheers))*)\s*([.!?]*)$",
     r"\1bring me \2\3\4"),
    (r"\b(?:grab|get|pick up|take) ((?:the|a|an|that|this) (?:[a-z]+ ){0,2}?[a-z]+?) and bring it (?:over )?(?:here|to me|back)"
     r"(?: to me)?\b", r"bring me \1"),
    (r"\bbring ((?:the|a|an|that|this) (?:[a-z]+ ){0,2}?[a-z]+?|it) (?:over )?(?:here|to me|over to me|here to me)\b", r"bring me \1"),
    (r"^((?:(?:so|ok|okay|right|now)[ ,]+)*)i (?:need|want|would like|'d like) ((?:the|a|an|that|this) (?:[a-z]+ ){0,2}?[a-z]+?) "
     r"(?:over )?here(?: with me| by me| next to me)?\b", r"\1bring me \2"),
    (r"^((?:please )?)(go|drive|move) no (?:further|farther|more) than (\S+ (?:m|meters?|metres?|cm|centimet(?:er|re)s?|feet|foot)) "
     r"(forward|forwards|ahead|back|backwards?)\b", r"\1\2 \4 \3"),  # "go no further than 1 metre forward"
    (r",?\s*(?:no|not) (?:faster|quicker) than (?:a )?(?:walking|snail'?s?|crawling|gentle) (?:pace|speed)\b", " slowly"),
    (r"^only if ", "if "),  # "only if the red box is there, go to ..."
    (r"^while you(?:'re| are)? (?:wait|waiting)[ ,]+", ""),  # "while you wait, what can you see?"
    (r",? just look,? (?:(?:but |and )?(?:don't|do not|dont) touch(?: it)?)?(?=[ .!]*$)", ", don't touch it"),  # "... just look"
    # "go to the left red box, no, not the left one": the other side's
    (r"\b(the )(left|right|near|far|nearer|farther|nearest|farthest|closest|furthest) ((?:[a-z]+ )?(?:box|cube|bin))[ ,]+"
     r"(?:no|wait|sorry|oops)[ ,!]+not the \2(?: one| \3)?\b(?!(?: one| \3)?[ ,]+(?:but |i mean )?the )",
     lambda m: f"{m.group(1)}{_OPPOSITE_PLACE[m.group(2)]} {m.group(3)}"),
    # asides that ask for nothing: "order doesn't matter", "I've been waiting forever", "you're going the wrong way -"
    (r",?\s*(?:the )?order (?:doesn't|does not|doesnt|don't|dont) matter\s*(?=[,.;!]|$)", ""),
    (r",?\s*(?:i|we)(?:'ve| have) been waiting (?:forever|for ages|ages|so long|all day|for a while)\s*(?=[,.;!]|$)", ""),
    (r"^(?:(?:ugh|oh no|no|hey|oi)[ ,!]+)*you(?:'re| are|re) going the wrong way\s*(?:[-,.!:;]+\s*)+(?=\S)", ""),
    # a statement of what an object is for, before "so": "the red bin is for red stuff only, so put ..."
    (r"^the (?:[a-z]+ )?(?:box|cube|bin) is (?:for|only for|meant for|reserved for) [^,.;]+?[,.;]?\s+so\s+", ""),
    # steps named without a verb after "first": "first the left red box, then the blue cube"
    (r"^first,? (?=the (?:[a-z]+ ){0,2}(?:box|cube|bin)\b[^.;]*?,? then\b(?!.*\b(?:home|back|start|return)\b))", "go to "),
    # "turn right, not left, by 45 degrees": the side said, then the amount
    (r"\b(left|right),? (?:and )?not (?:to the )?(?:left|right),?\s*(?=by |\d)", r"\1 "),
    # an amount taken back at once: "rotate 180 degrees, no, just 90 to the right", "drive forward 3 meters, actually
    # no, only 1", "5 metres, no that's too far, 1.5 tops"
    (r"\b(\d+(?:\.\d+)?) ?(degrees?|m|meters?|metres?|cm|centimet(?:er|re)s?|feet|foot|seconds?|secs?|minutes?|mins?)?\s*[,.;]?\s*"
     r"(?:(?:no|nope|actually|sorry|wait|"
     r"i mean|oops|that's too (?:far|much)|thats too (?:far|much)|too (?:far|much))[ ,.;!]+)+(?:just |only |make it |rather )?"
     r"(\d+(?:\.\d+)?)(?: ?(degrees?|m|meters?|metres?|cm|centimet(?:er|re)s?|feet|foot|seconds?|secs?|minutes?|mins?)\b)?"
     r"(?: tops| max| at most| instead)?\b",
     lambda m: m.group(0) if (_unit_sort(m.group(2)) != _unit_sort(m.group(4)) and m.group(2) and m.group(4)) or
     (m.group(4) and _unit_sort(m.group(4)) != _unit_sort(m.group(2)) and re.search(r"[,.;]\s*wait\s+\d", m.group(0)))
     else f"{m.group(3)} {m.group(4) or m.group(2) or ''}".rstrip()),  # not "drive 1 metre, wait 5 seconds", "go to 1, 1.2, wait 4 s"
    # a self-repair of a kind or a colour alone, as a recogniser writes it: "the yellow can uh box" is the yellow box,
    # "the black bin no green" the green bin, "the blue uh yellow can" the yellow can
    (rf"\b({_COLOUR_WORDS}) ({_KIND_WORDS_SAID})(?:[ ,]*\b(?:uh+|um+|er+|erm|no|i mean|sorry|or rather|actually|oops))+[ ,]+"
     rf"(?!(?:the|a|an|{_COLOUR_WORDS})\b)({_KIND_WORDS_SAID})\b", r"\1 \3"),
    (rf"\b({_COLOUR_WORDS}) ({_KIND_WORDS_SAID})(?:[ ,]*\b(?:uh+|um+|er+|erm|no|i mean|sorry|or rather|actually|oops))+[ ,]+"
     rf"({_COLOUR_WORDS})\b(?! (?:{_KIND_WORDS_SAID}|one)\b)", r"\3 \2"),
    (rf"\b({_COLOUR_WORDS})(?:[ ,]*\b(?:uh+|um+|er+|erm|no|i mean|sorry|or rather|actually|oops))+[ ,]+({_COLOUR_WORDS}) "
     rf"(?=(?:{_KIND_WORDS_SAID}|one)\b)", r"\2 "),
    # an amount corrected as it is said: "drive forward three meters no one meter", "wait five seconds no ten"
    (rf"\b({_AMOUNT}) ({_UNIT_WORDS})(?:[ ,]*\b(?:uh+|um+|er+|no|i mean|sorry|or rather|actually|make it))+[ ,]+"
     rf"(?:make it )?({_AMOUNT})(?: ({_UNIT_WORDS}))?\b", lambda m: f"{m.group(3)} {m.group(4) or m.group(2)}"),
    (rf"\b({_AMOUNT})(?:[ ,]*\b(?:uh+|um+|er+|no|i mean|sorry|or rather|actually))+[ ,]+({_AMOUNT}) ({_UNIT_WORDS})\b", r"\2 \3"),
    # a self-repair of a side or a place, as people correct themselves aloud: "the left uh no the right bin", "the bin on
    # the left uh no on the right": the one said last
    (rf"\b(?:the |on the |to the )?(?:{_REPAIRED_WORDS})(?: one)? (?:(?:uh|um|er|erm|sorry|oops|i mean|wait)[ ,]+)*no[ ,]+"
     rf"(?:(?:no|sorry|i mean)[ ,]+)*(the |on the |to the )?({_REPAIRED_WORDS})\b",
     lambda m: f"{m.group(1) or 'the '}{m.group(2)}"),
    # "what colour is the box closest to you, and can you go to it?": the question, then the request
    (r"^((?:what|which|where|how|is|are|do you see|can you see)\b[^?,]*?),? and (?:can|could|would|will) you (?:please )?([^?]+)\?*$",
     r"\1? \2"),
    # "list the things you can't pick up", "what can you not carry": what it cannot carry
    (r"^(?:please )?(?:(?:list|name|show me|tell me)(?: all)? (?:the )?(?:things|objects|items|stuff|ones)|what|which (?:things|objects|"
     r"ones))(?: that| which)? (?:you (?:can't|cannot|can not|couldn't|are not able to|aren't able to)|can you not|can't you|"
     r"cant you) (pick up|carry|lift|grab|hold|take)\b[ ?.!]*$", r"what can't you \1?"),
    # "put every cube and can in the green bin": every cube and every can
    (r"\b(every|each|all(?: of)?(?: the)?) ([a-z]+) (and|or) (?=([a-z]+)\b)",
     lambda m: f"{m.group(1)} {m.group(2)} {m.group(3)} {m.group(1)} "
     if all(lx.kind_of(w) or w in ("can", "cans") for w in (m.group(2), m.group(4))) else m.group(0)),
    # "grab something, but not the red cube or the orange cube": neither of them
    (r"\b((?:any|some|something|anything|whatever|whichever|a|an)\b[^,.;]*?)(?:,\s*|\s+)(?:but |and )?not (the (?:[a-z]+ ){0,2}?)"
     r"(?:or|nor) (?=the\b)", r"\1 except \2and "),
    # "tell me which cube is nearest then pick it up", "can you tell me which can is closer and then go to it"
    (r"^(?:(?:can|could|would|will) you (?:please )?)?(?:tell me|say|check) ((?:what|which|where)\b[^?,]*?),? (?:and )?then "
     r"(?:please )?(?=(?:go|drive|head|pick|grab|bring|put|take|fetch|get|move|visit|come)\b)([^?]+)\?*$", r"\1? \2"),
    # "toss in red bin", "sling it in the black bin"
    (r"\b(?:toss|chuck|throw|lob|fling|dump|pop|stick|sling|bung|plonk|plop) (it |that |this |them )?(in|into|inside)\b", r"put \1\2"),
    # "put the yellow cube in whichever green bin, I don't care which": any of them
    (r"\b(?:whichever|either|any)( (?:[a-z]+ )?(?:box|cube|bin))\s*[,;-]?\s*(?:i|we) (?:don't|dont|do not) (?:care|mind)"
     r"(?: which(?: one)?| at all)?\b", r"any\1"),
    # "go to whatever is closest", "pick up whatever's closest, except the green cube", "... farthest away from you"
    (r"^((?:and|ok|okay|so|now)[ ,]+)?(?:what|how) about (?=(?:behind|next to|in front of|beside|left of|right of|to the left of|"
     r"to the right of|near|between|on the left of|on the right of) (?:the|that|this|it)\b)", r"\1what is "),  # "what about behind X?"
    (r"\bwhatever(?: is|'s|s)(?: (?:sitting|standing|lying|placed))? (between|behind|next to|in front of|"
     r"beside|near|nearest to|closest to) (?=the |that |this )", r"the thing \1 "),  # "drive to whatever's between A and B"
    (r"\b(furthest|farthest) (?:thing|object|one) (?=from (?:the|that|this) )", r"\1 "),  # "the furthest thing from the bottle"
    (r"\bwhatever(?: is|'s|s) (?:the )?(?:furthest|farthest|most|furthest over) (?:over )?(?:to|on) (?:the|your|my) (left|right)\b",
     r"the \1most object"),  # "whatever is furthest to your left": the leftmost object, not the farthest
    (r"\bwhatever(?: is|'s|s) (closest|nearest|farthest|furthest)(?: away)?(?: (?:from|to) (?:you|me|here|the robot))?\b",
     r"the \1 object"),
    # "everything other than the red box is fine to visit, so ...": the red box is not
    (r"^(?:everything|anything|all|every object|any object)(?: else)? (?:other than|except(?: for)?|but|apart from|besides|"
     r"save) (the (?:[a-z]+ ){0,2}(?:box|cube|bin)e?s?) (?:is|are) (?:fine|ok|okay|allowed|safe|alright|all right)"
     r"(?: to (?:visit|go to|touch|use|approach|drive to))?\s*[,;.]?\s*(?:so |and )?", r"keep away from \1, "),
    # "go to the red box until you see a purple cube": on the way, stop when it comes into view
    (r"^((?:please )?(?:go|drive|head|move) (?:over )?(?:to|towards|toward) (?:the|a) [a-z ]+?),? (?:until|till|til) you (?:see|spot|find|"
     r"notice|come across) ", r"\1, but stop if you see "),
    # "a 1/8 turn": that fraction of a whole turn, in degrees
    (r"\b(?:a |an )?(\d+)\s*/\s*(\d+)(?:th|rd|nd)? (?:of a )?(?:turn|rotation|circle|revolution)\b",
     lambda m: f"a {360 * int(m.group(1)) / int(m.group(2)):g} degree turn" if int(m.group(2)) else m.group(0)),
    # sound-alikes of a number before a unit, as speech is transcribed: "drive to meters", "wait for seconds"
    (r"\b(drive|go|move|back up|reverse|roll|head)( forwards?| backwards?| back| ahead| straight)? (?:to|too) (meters|metres|feet)\b",
     r"\1\2 two \3"),
    (r"\b(wait|pause|stay|sit|hold on|stop)( there| here| a moment| a sec)? for (seconds|minutes|secs|mins)\b", r"\1\2 four \3"),
    # more of a recogniser's homophones: "wait tree seconds", "drive foreword won meter", "go black won meter", "tern lift
    # ninety degrees", "drive forward tree meet hers", "peak up the red can", "putt it in", "the people bin", "the hello bin"
    (r"\bmeet (?:hers|her|ers|as)\b", "meters"),
    (r"\b(?:tree)(?= (?:seconds?|secs?|minutes?|mins?|meters?|metres?|degrees?|feet|foot|cm)\b)", "three"),
    (r"\b(?:ate)(?= (?:seconds?|secs?|minutes?|mins?|meters?|metres?|degrees?|feet|foot|cm)\b)", "eight"),
    (r"\b(?:won)(?= (?:seconds?|secs?|minutes?|mins?|meters?|metres?|degrees?|feet|foot|cm|point (?:zero|one|two|three|four|five|"
     r"six|seven|eight|nine)|and a half)\b)", "one"),
    (r"\bforeword(s?)\b", r"forward\1"),
    (r"\b(go|drive|move|roll|head|step) black(?= (?:a bit|a little|\d|one|two|three|four|five|half|won|to|too|up)\b)", r"\1 back"),
    (r"\b(?:tern|torn|tarn)(?= (?:left|right|around|round|lift|laughed|write|\d))", "turn"),
    (r"\b(turn|go|veer|bear|rotate|spin)(?: to the)? (?:lift|laughed)\b", r"\1 left"),
    (r"\b(on|to|at) (the|your) lift\b", r"\1 \2 left"),
    (r"\bpeak(?= up\b)", "pick"),
    (r"\bputt(?= (?:it|the|them|that|this)\b)", "put"),
    (r"\bpeople(?= (?:bin|been|bean|box|cube|cubes|can|cans|ball|bottle|plate|cone|one)\b)", "purple"),
    (r"\b(?:hello|yellow's)(?= (?:bin|been|bean|box|cube|cubes|can|cans|ball|bottle|plate|cone|one)\b)", "yellow"),
    (r"\bgrin(?= (?:bin|been|bean|box|cube|cubes|cute|can|cans|ball|bottle|plate|cone|one)\b)", "green"),
    # a top speed said as a fraction of full speed: slowly
    (r"\b(?:at )?(?:no|not) (?:more|faster|quicker) than (?:half|a third|a quarter|quarter|a fraction) (?:of (?:the |your )?)?"
     r"(?:full |top |normal |max |maximum )?(?:speed|pace)\b", "slowly"),
    (r"\b(?:below|under|at most|max|no more than|not more than) (?:half|a third|a quarter|quarter) (?:of (?:the |your )?)?"
     r"(?:full |top |normal |max |maximum )?(?:speed|pace)\b", "slowly"),
    (r"\buse (the (?:[a-z]+ )?bin) (?:for|with) (the (?:[a-z]+ )?cube|it|that one|this one)\b", r"put \2 in \1"),  # "use X for Y"
    # "I want the blue cube, not the red one, in the yellow bin": the contrast said between the cube and where it goes
    (r"(\bthe ([a-z]+) (cube|box|bin))\s*,\s*(?:and )?not the (?!\2\b)[a-z]+ (?:one|\3)\s*,\s*(?=(?:in|into|to|inside) )", r"\1 "),
    # "... in the left green bin, wait, not the left, the right": a correction of the one named by that side
    (r"(\bthe (left|right|near|far|nearer|farther|closer|nearest|closest|farthest|furthest) (?:[a-z]+ )?(?:box|cube|bin)\b[^,.;]*)"
     r",\s*(?:(?:wait|no|sorry|oops|actually|i mean|hang on)[ ,]+)*not the \2(?: one)?\s*[,;]\s*(?:but |i mean |rather )?"
     r"the (left|right|near|far|nearer|farther|closer|nearest|closest|farthest|furthest|other)(?: one)?\b", r"\1. no, the \3 one"),
    # "pick up everything apart from the boxes": only cubes are picked up, so every cube
    (r"\b(pick up|grab|collect|take|put|place|drop|move|carry|bring) (?:everything|all the things|all the objects|all objects) "
     r"(?:but|except(?: for)?|apart from|other than|besides|excluding) (?:the |any )?(?:[a-z]+ )?(?:box|boxes|bin|bins)"
     r"(?: (?:and|or) (?:the |any )?(?:[a-z]+ )?(?:box|boxes|bin|bins))?\b", r"\1 all the cubes"),
    (r"\b(?:hold off on|hold off with|leave off|put off|set aside|don't worry about|dont worry about|do not worry about) "
     r"(?=(?:the|that|this) )", "forget about "),  # "hold off on the blue cube for now, ..."
    (r"\b(drop|put|leave|set) (it|that|them|this|the (?:[a-z]+ )?cube) off (in|into|at|inside|by)\b", r"\1 \2 \3"),  # "drop it off in"
    (r"(^|\bthen |\band |, )((?:please )?)make (?=\S+ (?:m|meters?|metres?|cm|centimet(?:er|re)s?|feet|foot|steps?) (?:forward|"
     r"forwards|ahead|back|backward|backwards)\b)", r"\1\2move "),  # "make 2 meter forward"
    (r"^((?:(?:so|and|ok|okay)[ ,]+)*)what(?:'s| is|s) the distance (?:to|from (?:you|me|here) to) ", r"\1how far is "),
    (r"\bon the (left|right) side of (?=the\b)", r"to the \1 of "),  # "the bin on the right side of the red box"
    # "put the cube in the left green bin and keep away from the right one": the right green bin
    (r"\b(the left ((?:[a-z]+ )?(?:box|cube|bin))\b.*?\bthe right) one\b", r"\1 \2"),
    (r"\b(the right ((?:[a-z]+ )?(?:box|cube|bin))\b.*?\bthe left) one\b", r"\1 \2"),
    (r"\b(cube (?:goes|belongs|should go|has to go|needs to go|must go) (?:in|into|inside) the [a-z]+) one\b", r"\1 bin"),
    # "yellow cube. right bin. go.", "red box. left one. go.": terse, as typed in a hurry
    (r"^(?:the )?([a-z]+ cube)\s*[.,]+\s*(?:the )?((?:[a-z]+ )?bin)\s*[.,]+\s*go[.!]*$", r"put the \1 in the \2"),
    (r"^(?:the )?([a-z]+ (?:box|cube|bin))\s*[.,]+\s*(?:the )?(left|right|nearest|closest|farthest|furthest|near|far) one\s*[.,]+\s*"
     r"go[.!]*$", r"go to the \2 \1"),
    (r"\b(?:power strip|extension (?:lead|cord|cable)|power (?:lead|cord|cable)|charging (?:lead|cable))s?\b", "cable"),
    # a speech recogniser's and learners' words: "red box. go.", "in too the bin", "turn a round" ("forward to meters"
    # asks how far: a distance is not guessed from a homophone)
    (r"^(?:the )?([a-z]+ (?:box|cube|bin))\s*[.,!]+\s*(?:go|go there|drive|move)[.!]*$", r"go to the \1"),
    (r"\bin (?:too|two) (?=the\b)", "into "),
    (r"\bturn a round\b", "turn around"),
    (r"\bmore (near|close)\b", "nearer"),
    (r"\bmore far\b", "farther"),
    (r"\b(take|grab|get|pick up) ((?:the )?[a-z]+ cube),? (?:and )?put (?:it )?(?:in|into|inside(?: of)?) ", r"put \2 in "),
    (r"\binside of (?=the\b)", "inside "),
    (r"(?<=[a-z]) '(?:un|uns)\b", " one"),  # "the green 'un": the green one
    # A put said as the thing and the bin, without a verb: "red can, right bin. ta", "The white can? Green bin. Cheers."
    (r"^\s*(?:please[ ,]+)?((?:the |that |this |a )?(?:[a-z]+ ){0,2}(?:cube|can|tin|block|brick)s?)\s*[,.?!;:-]+\s*(?:in(?:to)? )?"
     r"((?:the |a )?(?:[a-z]+ ){0,2}(?:bin|bucket|pail|dustbin|basket|tub))(?:[ ,.!]+(?:ta|cheers|thanks|thank you|please|pal|mate))*"
     r"[ .!]*$", r"put \1 in \2"),
    # The thing said first, then what to do with "that one": "The cube that's further over to the left, grab that one."
    (r"^\s*((?:the|that) (?!(?:[a-z']+ )*?(?:is|are|was|were) )(?:[a-z']+ ){0,7}?[a-z]+)\s*[,.;:-]+\s*(grab|get|pick up|take|fetch|"
     r"bring|go to|drive to|head to|move to|"
     r"approach|visit)\s+(?:that one|this one|that|it)\b", r"\2 \1"),
    # "Bottle. Go.": go to it
    (r"^\s*(?:the |that )?((?:[a-z]+ )?(?:box|cube|bin|ball|can|tin|bottle|plate|cone))\s*[.!,]+\s*go(?: there| now)?\s*[.!]*$",
     r"go to the \1"),
    # "It's the black cube that needs to go in the bin on the right": a put
    (r"^\s*(?:it'?s|it is) ((?:the|that) (?:[a-z]+ ){0,2}(?:cube|can|tin|block)) that (?:needs|has|ought|should|must|wants)(?: to)? "
     r"(?:go|be put|be placed|end up|be binned) ((?:in|into) (?:the|a) )", r"put \1 \2"),
    # "now into the red bin with it": put it there
    (r"^((?:(?:now|and|then|ok|okay|so|right)[ ,]+)*)(?:in|into) ((?:the|that|a) (?:[a-z]+ ){0,2}?[a-z]+) with (it|that|them)\b",
     r"\1put \3 in \2"),
    # "grab the can, and I don't mean the red one": that one ruled out
    (r",?\s*(?:and |but )?(?:no,? )?(?:i|we) (?:don't|do not|dont|didn't|did not) mean (the [a-z]+ one|the [a-z]+ [a-z]+|that one)\b",
     r", not \1"),
    # "which things can you pick up? nearest first": a listing, which is nearest first
    (r"^((?:which|what|list|name|tell me|how many)\b[^?]*?)\s*\??[,.;]?\s*(?:(?:from )?(?:the )?(?:nearest|closest) (?:first|to "
     r"(?:the )?(?:farthest|furthest))|in order of distance|(?:sorted|ordered) by distance)\s*\??\s*$", r"\1?"),
    # "see the yellow ball? stay well clear of it from now on": the request, of that object
    (r"^\s*(?:(?:do|can|did) you |you )?(?:see|spot|notice|seen|spotted|noticed) (the (?:[a-z]+ ){0,4}?[a-z]+)\s*\?+\s*"
     r"(?P<rest>(?:[a-z',]+ )*?)(?:it|that|that one|that thing)\b", lambda m: f"{m['rest']}{m[1]}"),
    # "get that can binned", "have the red cube binned": put it in a bin
    (r"\b(?:get|have) ((?:the|that|this|those|these|my|your) (?:[a-z]+ ){0,2}?[a-z]+) binned\b", r"put \1 in a bin"),
    # "and the red cube, same bin": that one into the bin of the put before
    (r"^((?:(?:and|now|then|ok|okay|lovely|great|good|right|cheers|perfect|nice|brilliant)[ ,.!]+)*)((?:the|that|this) (?:[a-z]+ )?"
     r"(?:cube|can|tin|block|one)),? (?:(?:in|into) )?(?:the )?same bin\b", r"\1put \2 in the same bin"),
    # "go right up to it", "head right over to the bin": all the way, not a side or a turn
    (r"\b(go|drive|head|come|get|move|walk|roll|nip|pop|zip|scoot|run) right (up to|over to|up next to|next to|up beside|"
     r"round to|across to|back to|to|into|in front of|beside|by)(?= (?:the|it|that|this|them|me|my|where)\b)", r"\1 \2"),
    (r"(?:^|(?<=[,;.]))\s*(?:don't|dont|do not|no need to) wait for (?:me|us)\b[,;.]?\s*", " "),  # "don't wait for me, head to ..."
    # "no need red cube": skip it, as learners say it
    (r"^((?:(?:no|ok|okay|actually|and|oh)[ ,]+)*)no need (?:for |of )?(?:the )?(?=[a-z]+ (?:cube|box|bin)\b)", r"\1skip the "),
    (r"\bleave (it|them) in (the [a-z]+ bin) instead\b", r"put \1 in \2 instead"),  # "actually leave it in the yellow bin instead"
    # "and then (if you can) drop it in the green bin": a request, not a condition on one
    (r"\s*\(?\s*\bif you can\s*\)?,?(?=\s+(?:drop|put|place|go|pick|bring|take|get|come|drive|head|grab|turn|fetch|move)\b)", ""),
    # "..., and avoid the red cube please, its important", "then - and this is important - put it ...": emphasis only
    (r"[,;\-\u2013\u2014]?\s*(?:and )?(?:this|it|that)(?:'s| is|s) (?:really |very |super |so )?(?:important|urgent|crucial|"
     r"essential|vital)\b\s*[,;!\-\u2013\u2014]*", " "),
    (r"\b(?:don't|dont|do not) not\s+", ""),  # "don't not go to the red box": go there
    # "it's fine to go near the green bin", "I don't mind if you pass the red box": leave, no visit asked
    (r"(?:^|(?<=[,;.]))\s*(?:(?:it'?s|it is|its) (?:fine|ok|okay|alright|all right|no problem|not a problem) (?:to|if you)|"
     r"i (?:don't|dont|do not) mind if you|you (?:can|may|are allowed to)) (?:go near|go close to|get close to|touch|pass|brush|"
     r"bump|drive near|drive past|go past)[^,;.]*[,;.]?\s*", " "),
    # "go to the red box, it's not dangerous, there's nobody around": reassurance, nothing to do or not do
    (r"[,;.]\s*(?:it'?s|it is|its) not (?:dangerous|a problem|far|hard|difficult|heavy|risky)(?=\s*(?:[,;.!]|$))", ""),
    (r"[,;.]\s*there(?:'s| is|s) (?:nobody|no one|noone|nothing) (?:around|there|here|in the way)(?=\s*(?:[,;.!]|$))", ""),
    (r"\s*\b(?:unless i (?:say so|tell you(?: to| otherwise)?)|until i say so)(?=\s*(?:[,;.!]|$))", ""),  # "don't ... unless I say so"
    # "don't drive into the red bin, just go next to it": a touch not to make
    (r"\b(don't|dont|do not|never) (?:go |be )?(?:driv(?:e|ing)|bump(?:ing)?|crash(?:ing)?|run(?:ning)?|bang(?:ing)?|ram(?:ming)?|"
     r"smash(?:ing)?|knock(?:ing)?|slam(?:ming)?) (?:into|against) (?=(?:the|that|this|any)\b)", r"\1 touch "),
    # "don't go knocking the red can over", "don't clip the cone", "though not by running over the green cube": touches not to make
    (r"\b(don't|dont|do not|never|without) (?:go |be )?(?:knock(?:ing)?|tip(?:ping)?|push(?:ing)?) (the [a-z]+(?: [a-z]+)?) over\b",
     lambda m: f"{m[1]} touch{'ing' if m[1].lower() == 'without' else ''} {m[2]}"),
    (r"\b(don't|dont|do not|never|without) (?:go |be )?(?:clip(?:ping)?|nick(?:ing)?|graz(?:e|ing)|scrap(?:e|ing)|scuff(?:ing)?|"
     r"run(?:ning)? over|squash(?:ing)?|crush(?:ing)?|flatten(?:ing)?|trampl(?:e|ing)|bash(?:ing)?|whack(?:ing)?|"
     r"step(?:ping)? on|tread(?:ing)? on|clobber(?:ing)?|wallop(?:ing)?|sideswip(?:e|ing)) (?=the\b)",
     lambda m: f"{m[1]} touch{'ing' if m[1].lower() == 'without' else ''} "),
    (r"[,;]?\s*(?:but |though |although )?not by (?:running over|clipping|hitting|bumping into|knocking(?: over)?|driving over|"
     r"going through|crashing into) (?=the\b)", r", without touching "),
    # "pick up the blue cube, you don't need to go slowly": no pace said
    (r"[,;]?\s*(?:but )?(?:you )?(?:don't|dont|do not) (?:need|have) to (?:go |drive |move |do it |be )?(?:slowly|slow|carefully|"
     r"careful)\b", ""),
    # "go to every red box except the middle red box": the middle one of them, not a red box more
    (r"\b((?:every|each|all(?: of)?(?: the)?|both(?: the)?) ([a-z]+) (box|cube|bin)(?:e?s)?\b[^.;]*?\b(?:except(?: for)?|but not|"
     r"other than|apart from|besides|skip(?:ping)?|not|and not)) the ([a-z]+) \2 \3\b", r"\1 the \4 one"),
    # "have a look at the green bin up close", "take a closer look at the bottle": go to it
    (r"\b(?:have|take|get) a (?:good |proper |quick )?look at (the [a-z ]+?) (?:up close|close up)\b", r"go to \1"),
    (r"\b(?:have|take|get) a (?:good |proper |quick )?(?:closer|close|close-up) look at\b", "go to"),
    # "go have a look at the bottle", "just go look at the purple cube", "go and check out the bin": go there (a look from
    # here is "look at the bottle": a turn to face it)
    (r"\b(?:go|come|pop|head|wander|nip)(?: over| on over)?(?: and| n| to)? (?:(?:have|take) a (?:good |proper |quick |little )?look at|"
     r"look at|check out|inspect|take a peek at|have a peek at|peek at)(?= (?:the|that|this|it)\b)", "go to"),
    # "can you bin the purple cube": put it in the bin
    (r"^((?:(?:please|ok|okay|now|can you|could you|would you|will you|just)[ ,]+)*)bin (the|that|this) ((?:[a-z]+ ){0,2}?"
     r"(?:cube|can|tin|block|one))(?=\s*(?:[.!?]|please|for me|now|$))", r"\1put \2 \3 in the bin"),
    # "clean up a bit: put the purple can in the bin": what the tidying is follows
    (r"^\s*(?:(?:please|ok|okay|right|so)[ ,]+)?(?:clean|tidy) up a (?:bit|little)\s*[:;,.\-\u2013\u2014]+\s*(?=[a-z])", ""),
    # "the floor's a bit messy, mind putting the cubes away?": why, said before the request
    (r"^\s*(?:(?:ugh|oh|so|ok|okay)[ ,]+)?(?:the |this |my )?(?:floor|room|place|table|area|house|kitchen|lab|office)"
     r"(?:'s| is|s) (?:a bit |a little |so |very |really |quite |kind of |kinda |such )?(?:messy|untidy|a mess|a tip|cluttered|"
     r"a state|a pigsty|a disaster)\s*[,;.!\-\u2013\u2014]+\s*(?=[a-z])", ""),
    # what a thing is said to look like: "the thingy that looks like a traffic cone", "the one shaped like a cone"
    (r"\bthe (?:thing|thingy|one|object|item)(?: that| which)?(?: (?:looks|look|is shaped|shaped|is)) like (?:a|an|the) ", "the "),
    # "the thing that's the colour of grass": the green thing
    (rf"\bthe ((?:[a-z]+ )?(?:thing|thingy|one|object|item|{_KIND_NOUNS_SAID}))(?: that(?:'s| is)| which is|,)? (?:the )?colou?r of "
     r"(?:a |an |the )?([a-z]+(?: [a-z]+)?)\b",
     lambda m: f"the {_COLOUR_OF[m.group(2)]} {m.group(1)}" if m.group(2) in _COLOUR_OF else m.group(0)),
    (r"\bthe (pale|light-colou?red|light colou?red|whitish) ", "the lightest "),
    # "go to the black plate, er, the black cube", "bring me the orange cube... wait, the orange can": a self-repair
    (r"(\bthe (?:[a-z]+ ){0,2}[a-z]+)\s*(?:,|\.{2,}|\u2026)\s*(?:er|erm|uh|um|umm|uhh|wait|oops)\s*[,.!]*\s+(?=the\b)",
     r"\1, no, "),
    # "turn left 90, I mean right": the other side
    (r"\b(left|right)(\s+(?:by\s+)?\d+(?:\.\d+)?(?:\s*(?:degrees?|deg|m|metres?|meters?|cm)\b)?)\s*,?\s*(?:i mean|i meant|"
     r"sorry|no|oops)[ ,]+(left|right)\b(\s+(?:by\s+)?\d+(?:\.\d+)?(?:\s*(?:degrees?|deg|m|metres?|meters?|cm)\b)?)?",
     lambda m: f"{m.group(3)}{m.group(4) or m.group(2)}"),
    # "please you bring me the grey can": the request, as learners say it
    (r"^((?:please |pls |plz )?)you (?=(?:bring|take|go|put|pick|grab|get|move|drive|come|find|turn|give|fetch)\b)", r"\1"),
    # "go near of the cone but far from box": keep away from the box, as learners say it
    (r"\b(but|and|,)\s+(?:stay |keep |be )?far (?:away )?from\b", r"\1 staying away from"),
    # "get both cubes in the green bin": put them there
    (r"\bget ((?:both|all|every|each|the|that|this|those|these|a|an) (?:[a-z]+ ){0,2}(?:cubes?|cans?|tins?|things?)) "
     r"(in|into|inside) (?=(?:the|a|any) (?:[a-z]+ )?bin\b)", r"put \1 \2 "),
    # "after waiting 20 seconds, put ...": the wait first
    (r"^\s*after (?:waiting|a wait of|you(?:'ve| have)? waited) (?:for )?([a-z0-9.]+ (?:seconds?|secs?|minutes?|mins?|s))\s*,?\s*",
     r"wait \1, then "),
    # "take it slow and keep away from the ball": slowly (not "take it" = pick up)
    (r"\btake it (?:slow|slowly|easy|steady|gently)\b", "go slowly"),
    # "go and stand on top of the plate": onto it, which is refused
    (r"\b(?:stand|park|sit|stop) (?:on top of|on|upon) (?=the\b)", "drive onto "),
    # an operator's steps: "fwd 0.3m; ccw 90; fwd 0.5m", "pick grey can; place green bin; rtb"
    (r"(^|[;,.]\s*|\bthen\s+)(forwards?|backwards?|fwd|ahead)(?= \d)", r"\1drive \2"),
    (r"(^|[;,.]\s*|\bthen\s+)(clockwise|counterclockwise|anticlockwise|cw|ccw|acw) (\d+(?:\.\d+)?)(?: ?(?:deg|degrees?)\b)?",
     r"\1turn \2 \3 degrees"),
    (r"(^|[;,.]\s*|\bthen\s+)place (?:it )?(?:in(?:to)? )?(?:the )?((?:[a-z]+ )?bin)\b", r"\1put it in the \2"),
    # "the tallest thing on your left - what is it?": what is the tallest thing on your left?
    (r"^\s*(the [a-z ]+?)\s*[-,:;\u2013\u2014]+\s*(what|where|how far|how big|how tall|what colou?r|what kind|which one)"
     r" is it\s*\??\s*$", r"\2 is \1?"),
    # "the cube by the ball - bin it", "the red cube: put it in the bin": the object said first is "it"
    (r"^\s*(?:(?:um+|uh+|erm?|so|ok|okay|well|hey|oh)[ ,]+)*(the (?:(?!(?:is|are|was|were|has|sits|stands|lies)\b)[a-z]+ ){0,2}"
     r"(?:cube|can|tin|box|bin|ball|bottle|plate|cone|"
     r"block|thing|one)"
     r"(?: (?:by|near|next to|beside|behind|in front of|on the (?:left|right) of|to the (?:left|right) of) the [a-z]+(?: [a-z]+)?"
     r"| on (?:the|your|my) (?:left|right)(?: side)?)?)"
     r"\s*(?:[:,;\u2013\u2014]|\s-)\s*(?!(?:is|are|was|were|isn't|is not|doesn't|does|do)\b)([^?]*?)\bit\b([^?]*)$", r"\2\1\3"),
    # "the orange can on the left is empty so please throw it in the red bin": the request, about that can
    (r"^\s*(the (?:[a-z]+ ){0,2}(?:cube|can|tin|block)(?: on (?:the|your|my) (?:left|right)| (?:by|near|next to|beside) the "
     r"[a-z]+(?: [a-z]+)?)?) (?:is|'s) (?:[a-z]+ ){1,3}?(?:so|and so|,\s*so)\s+((?:please |just |can you |could you )?"
     r"[a-z ]*?)\bit\b([^?]*)$", r"\2\1\3"),
    # "put the can in whichever bin is closest to it": the bin nearest the can
    (r"\bwhichever ((?:[a-z]+ )?(?:bin|box|cube|can|ball|bottle|plate|cone)) (?:is|'s) (closest|nearest|farthest|furthest) "
     r"(to|from)\b", r"the \1 \2 \3"),
    (r"\bthe (closest|nearest|farthest|furthest) ((?:[a-z]+ )?bin) (to|from) it\b", r"the \2 \1 \3 it"),  # "the nearest bin to it"
    # "into whichever bucket is nearer the yellow block": the bin nearest it (the block says which bin, it is not moved)
    (r"\bwhichever ((?:[a-z]+ )?(?:bin|bucket|tub|basket|box|cube|can|ball|bottle|plate|cone)) (?:is|'s) (?:closer|nearer|closest|nearest)"
     r"(?: to)? (?=(?:the|that|this) )", r"the \1 nearest to "),
    # "how far would you have to drive to get to the cone?": how far it is
    (r"^\s*how far (?:would|will|do|does|did|should) (?:you|i|it|we) (?:have|need) to (?:drive|go|travel|move|roll|get)"
     r"(?: (?:to get |in order )?to (?:get to |reach |arrive at )?| (?:to )?(?:reach|get to) )(?=(?:the|that|this|a) )",
     "how far is "),
    # "go to the thing nearest you that isn't a cube": the nearest thing that isn't
    (r"\bthe (thing|object|one) (nearest|closest|farthest|furthest) (?:to )?(?:you|me|the robot)\b", r"the \2 \1"),
    # "go to any cube you like apart from the blue one": any cube
    (r"\b(any (?:[a-z]+ )?(?:cube|box|bin|can|tin|ball|bottle|plate|cone|thing|one|object))(?: that| which)? you (?:like|want|"
     r"choose|fancy|prefer|please)\b", r"\1"),
    # "don't drive anywhere - what's the nearest cube?": a stop, and the answer once stopped
    (r"^\s*(?:please[ ,]+)?(?:don't|dont|do not) (?:drive|go|move|budge)(?: anywhere| at all| yet)?\s*[.!,;:\-\u2013\u2014]+\s*"
     r"(?:just |only )?(?:(tell me )|(?=(?:what|which|where|how|is there|are there|can you see|do you see)\b))",
     "stop, then tell me "),
    # "don't avoid the balls this time, go straight to the orange one": nothing kept away from; "one" of them
    (r"^\s*(?:please )?(?:don't|dont|do not|no need to) (?:avoid|ignore|skip|worry about|steer clear of|keep away from|"
     r"stay away from|bother avoiding)(?: (the|any|those) (?:[a-z]+ )?([a-z]+?)s?)?(?: this time| now| today)?\s*[,;.:\-]+\s*(.+)$",
     lambda m: re.sub(r"\bthe ([a-z]+) one\b", rf"the \1 {m.group(2)}", m.group(3))
     if m.group(2) and lx.kind_of(m.group(2)) else m.group(3)),
    # "pick up a cube, any colour except green or red": any cube of the other colours
    (r"\b(?:a|an|the|one) ([a-z]+),? (?:of )?any (?:colou?r|one) (?:except|but|other than|apart from|besides) ([a-z]+)"
     r"(?:,? (?:or|and|nor) ([a-z]+))?\b", lambda m: f"any {'tin' if m.group(1) == 'can' else m.group(1)} that is not {m.group(2)}"
                                                  + (f" or {m.group(3)}" if m.group(3) else "")),
    # "put the cubes other than the green one in the grey bin": all of them except it
    (r"(?<!\bof )\b(?:all )?the ((?:[a-z]+ )?(?:cubes|cans|tins|boxes|balls|bins|bottles|plates|cones|things|objects)) (?:other "
     r"than|apart from|besides|except for) (?=the\b)", r"all the \1 except "),
    # "skip the green cube and put the other cubes in the grey bin": all the others
    (r"^\s*(?:skip|leave|ignore|forget(?: about)?|not|never mind|apart from|except(?: for)?) (the [a-z]+ [a-z]+)\s*(?:,|and|,\s*and)\s+"
     r"(put|take|move|bring|bin|drop) (?:the other|all the other|the rest of the|the remaining) ([a-z]+s)\b", r"\2 all the \3 except \1"),
    # "pick up the black can, never mind the red cubes, and bring it back": an aside about what not to bother with
    (r"[,;]\s*(?:never mind|forget about|don't worry about|dont worry about|do not worry about|no need to worry about) "
     r"(?:the|those|these|any|all the) [a-z ]+?\s*(?=[,;.!]|$)", ""),
    # "nothing red gets touched. put the green cube in the yellow bin": keep away from anything red
    (r"^\s*nothing ([a-z]+) (?:gets|should get|is to be|may be|can be|must be|will be) (?:touched|moved|hit|bumped)\s*[.!,;]\s*",
     r"don't touch anything \1. "),
    # "the witch's hat", "the traffic marker": the cone; "the big square thing": a box (a cube is small)
    (r"\bwitch(?:'s|es|s)? hats?\b", "cone"),
    (r"\btraffic (?:marker|cone)s?\b", "cone"),
    (r"\b(?:big|large|huge|giant|massive|bigger|larger) (?:square|squarish|cube-shaped|blocky|cuboid)(?: (?:thing|one|object|item))?\b",
     "box"),
    # "just park in front of it": go to it
    (r"\bpark(?: yourself| up)? (?:right )?(?:in front of|next to|beside|by|near|close to|alongside) ", "go to "),
    # "then you wander back over here to me": come back
    (r"\b(?:wander|stroll|mosey|toddle|trundle|roll|scoot|zip|pop|make your way|find your way) (?:on )?back(?: over)?(?: here)?"
     r"(?: to me)?\b", "come back"),
    # "the two cubes go in the yellow bin": both of them
    (r"(?<!\bof )(?<!\bbetween )\bthe two (cubes|cans|tins|boxes|bins|balls|bottles|plates|cones)\b", r"both \1"),
    # "both cubes go in the yellow bin", "cubes in the red bin, cans in the grey bin": put there
    (r"(^|[:;,.]\s*|\b(?:and|then) )((?:both |all (?:the |of the )?|the )(?:[a-z]+ )?(?:cubes|cans|tins)) (?:go|should go|need to go|"
     r"have to go|must go|belong|are going|can go)? ?(in|into|inside) (the (?:[a-z]+ )?bin)\b(?=[ ,;.!]|$)", r"\1put \2 \3 \4"),
    (r"(^|[:;,.]\s*|\b(?:and|then) )((?:[a-z]+ )?(?:cubes|cans|tins)) (?:go|should go|need to go|have to go|must go|belong|are going|"
     r"can go)? ?(in|into|inside) (the (?:[a-z]+ )?bin)\b(?=[ ,;.!]|$)", r"\1put the \2 \3 \4"),
    # "I just want the room tidy": tidy up
    (r"\bi (?:just |really |only )?(?:want|would like|'d like|need) (?:the|this|my) (?:room|place|floor|area|space) (?:tidy|tidied|"
     r"tidied up|clean|cleaned up|neat|sorted)\b", "tidy up"),
    # Wishes said as statements, not questions: "so what I'd like is for you to take the far cube ...", "I'd quite like
    # you to turn left a bit?", "would it be too much trouble to bring the red cube back", "mind waiting a sec"
    (r"^\s*(?:so |ok |okay |well |right )?what i(?: would|'d| really| actually| just)* (?:like|want|need|love) is (?:for you to |"
     r"you to )", ""),
    (r"^\s*i(?: would|'d)?(?: quite| really| just)? (?:(?:like|love) (?:you )?|(?:want|need) you )to (?=[a-z])(?!know\b|find out\b)", ""),
    (r"^\s*(?:excuse me,? |hey,? |so,? )?(?:would|could) it be (?:too much trouble|possible|ok|okay|alright|all right|a problem)"
     r"(?: for you)? to ", ""),
    (r"^\s*(?:excuse me,? |hey,? )?(?:would|could|is) it (?:be )?possible for (the [a-z ]+?) to (?:end up|be|go) (in|into|inside) ",
     r"put \1 \2 "),
    (r"\b(?:it(?:'d| would) be (?:great|ace|lovely|nice|good|awesome|brilliant|helpful|perfect|wonderful|super)|i(?:'d| would) "
     r"(?:love|like) it) if (the [a-z ]+?) (?:ended up|was|were|got put|went|could go|could end up) (in|into|inside) ", r"put \1 \2 "),
    (r"\b(?:it(?:'d| would) be (?:great|ace|lovely|nice|good|awesome|brilliant|helpful|perfect|wonderful|super)|i(?:'d| would) "
     r"(?:love|like) it) if you (went|drove|turned|moved|took|picked|brought|came|got|put|stopped|waited|backed|reversed|found)\b",
     lambda m: _PRESENT.get(m.group(1).lower(), m.group(1))),
    (r"^\s*(?:would you |do you )?mind (waiting|going|turning|driving|picking|putting|coming|stopping|taking|bringing|moving|"
     r"backing|heading)\b", lambda m: _PRESENT.get(m.group(1).lower(), m.group(1))),
    # "the bin needs the red cube in it", "the bin should have the blue cube in it": put it there
    (r"^\s*(the [a-z ]*?bin) (?:needs|should have|must have|has to have|wants|could use) (the [a-z ]+?) (?:in it|inside it|inside)\b",
     r"put \2 in \1"),
    # "the red cube, the white bin. you know what to do": put it there
    (r"^\s*(the [a-z ]+?),? (?:into |in )?(the [a-z ]*?bin)\s*[.,!;-]*\s*(?:you know what to do|make it happen|do your thing|"
     r"off you go|chop chop|go for it)[.! ]*$", r"put \1 in \2"),
    # "how many things do you see, not counting bins?", "which is closest apart from the bottle?": except them
    (r"(?<=[a-z])\s*,?\s+(?:not counting|not including|apart from|other than|excluding|leaving out|ignoring|aside from|besides)\b"
     r"(?=[^?]*\?\s*$)", " except"),
    (r"^\s*(?:which|what)(?: (?:thing|one|object))?(?:'s| is) (?:the )?(closest|nearest|farthest|furthest|biggest|largest|smallest|"
     r"leftmost|rightmost)(?: (?:thing|one|object))?(?: to you)?,?\s+except (?:for )?(?:the |a |an )?([a-z ]+?)\s*\?\s*$",
     r"what is the \1 thing that is not a \2?"),
    # "bring the blue cube back to where you started": brought back
    (r"\b(bring|carry|take|fetch)\b([^.;]*?)\bback to (?:where you (?:started|began|were)|the start(?:ing point)?|your starting "
     r"(?:point|place|position|spot)|the beginning)\b", r"\1\2back"),
    # "put everything you can pick up in the bin except the can": everything (it puts only what it can carry)
    (r"\b(everything|all the things|all the stuff) (?:that )?(?:you can|you're able to|you are able to) (?:pick up|carry|lift|grab)\b",
     r"\1"),
    # "don't go slow, race to the bin": no slowness, nothing ruled out
    (r"^\s*(?:don't|dont|do not|no need to) (?:go |drive |move |be )?(?:slow|slowly|so slow)\s*[,.;!-]*\s*", ""),
    # "don't turn, just back up a metre": the drive, with no turn
    (r"^\s*(?:don't|dont|do not) (?:turn|spin|rotate)(?: around| round)?\s*[,.;-]+\s*(?:just |only |simply )?"
     r"(?=(?:back up|reverse|drive|go|move|roll|head)\b[^.;]*\b(?:m|cm|meters?|metres?|feet|foot|centimet[a-z]+)\b)", ""),
    # "everything small", "all the small stuff": everything it can carry, which is all it puts anyway
    (r"\b(?:everything|anything) (?:small|little|smaller|that is small|that's small)\b", "everything"),
    (r"\ball (?:the |of the )?(?:small|little|smaller) (?:stuff|things|objects|items|bits|ones|bits and pieces)\b", "everything"),
    (r"^\s*i(?: would| 'd|'d)? (?:want|like|need) (everything|all (?:the |of the )?(?:cubes|cans|tins))(?= (?:put )?(?:in|into|inside) )",
     r"put \1"),  # "I want everything in the bin": put there
    # "everything you can pick up apart from the cans goes in the grey bin please": put it there
    (r"^\s*(everything|all the things|all the stuff) (?:that )?(?:you can|you're able to) (?:pick up|carry|lift|grab)\b", r"\1"),
    # "anything other than the can goes in the bin", "put anything but the red cube in the bin": everything else
    (r"\banything (except|but|other than|apart from|besides)\b(?=[^.;!?]*\b(?:in|into|inside) (?:the|that|a) )", r"everything \1"),
    (r"^\s*(everything (?:except|but|other than|apart from|besides)(?: for)? (?:the )?[a-z ]+?),? (?:goes|should go|needs to go|has "
     r"to go|must go) (in|into|inside) (the [a-z ]+?)(?:,? please)?(?=[ .!]*$|[.;!] )", r"put \1 \2 \3"),
    # "not the red cube, the blue one. put it in the grey bin": the blue cube
    (r"^\s*(?:no,? )?not the ([a-z]+ ([a-z]+)),? (?:but )?the ([a-z]+) one\s*[.!;,]\s*(.*?)\bit\b", r"\4the \3 \2"),
    # "take the blue cube to the yellow bin, then the green one to the grey bin": the second a put too
    *((r"^((?:please )?(?:take|put|bring|move|carry|drop|toss|place) (?:the |a )?(?:[a-z]+ )*?(cube|can|tin)\b[^.;!?]*?)"
       r"(,?\s*(?:and )?(?:then|after that|next)\s*,?\s+)(the (?:[a-z]+ )?)(one|cube|can|tin) (?:to|in|into) (the (?:[a-z]+ )?bin)\b",
       lambda m: f"{m.group(1)}{m.group(3)}put {m.group(4)}{m.group(2) if m.group(5) == 'one' else m.group(5)} in {m.group(6)}"),)
      * 3,
    (r"\bwhichever ((?:[a-z]+ )?bin) (?:is|'s) (?:closer|nearer) to it\b", r"the \1 closest to it"),  # "... whichever bin is nearer to it"
    (r"\bwhichever ((?:[a-z]+ )?bin) (?:is|'s) (?:farther|further) (?:from|to) it\b", r"the \1 farthest from it"),
    # "the ivory soda can", "grab the cola can": a can
    (r"\b(?:soda|cola|coke|beer|drinks?|juice|pop|fizzy drink|tin) (cans?|tins?)\b", r"\1"),
    # "go to the green thing but not the cube": the green thing except the cube
    (r"\b(the [a-z]+ (?:thing|one|object|item)),? but not (?=the [a-z]+\b)", r"\1 except "),
    # "..., put in green bin": put it there (what was picked up)
    (r"(^|[,;.]\s*|\band\s+|\bthen\s+)(put|drop|place|pop|stick|toss)\s+(in|into|inside)\s+(?=(?:the |a |any )?(?:[a-z]+ )?(?:bin|one)\b)",
     r"\1\2 it \3 "),
    # "go forward point five meters", "drive .5 m": a fraction, not five (a number before "point" is read elsewhere)
    (r"(^|\b[a-z]+\s+)(?:a\s+)?point\s+(\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine)\b",
     lambda m: m.group(0) if m.group(1).strip() in _SAID_DIGITS or m.group(1).strip().isdigit()
     or m.group(1).strip() in ("the", "a", "to", "that", "this", "each", "one")  # "go to the point 1.5 2": a place
     else f"{m.group(1)}0.{_SAID_DIGITS.get(m.group(2), m.group(2))}"),
    (r"(?<![\w.])\.(\d+)\b", r"0.\1"),
    # "tern left for tee five degrees": forty-five; "take the cube two the bin": to the; "... an put it in": and
    (r"\b(?:for tee|for tea|fourty|for ty)(?= ?(?:-|\s)?(?:one|two|three|four|five|six|seven|eight|nine|degrees?|\d)\b)", "forty"),
    (r"\btwo the\b", "to the"),
    (r"\ban (?=(?:put|pick|go|drive|then|come|bring|take|place|drop|turn|wait)\b)", "and "),
    # "wait 5" said with no unit: seconds
    (r"\b(wait|pause|hold on|stay there|stay put)( for)? (\d+(?:\.\d+)?)(?=\s*(?:[,;.!]|$|then\b|and\b|before\b))", r"\1\2 \3 seconds"),
    # "if ur not holding anything": you are
    (r"\bur (?=(?:not|holding|carrying|done|finished|going|able|there|already)\b)", "you are "),
    (r"\b(you are|you're|youre|i am) already (holding|carrying)\b", r"\1 \2"),
    # "if the yellow can is within 1.5 metres of you": within 1.5 metres
    (r"\b(within [0-9.]+ ?(?:m|meters?|metres?|cm|feet)) of (?:you|me|the robot|here)\b", r"\1"),
    # "put away the thing closest to you", "fill the grey bin with cans"
    (r"\bput away (the (?:[a-z]+ )?(?:thing|object|item|one)\b)", r"put \1 away"),
    (r"\bfill (the (?:[a-z]+ )?bin) with (?:the )?((?:[a-z]+ )?(?:cubes|cans|tins|things))\b", r"put all the \2 in \1"),
    # "put everything into the green bin except things that are red": except the red things
    (r"\b(except|but|apart from|other than)(?: for)? (?:the )?(things|ones|stuff|objects|items) (?:that are|which are|that's) "
     r"([a-z]+)\b", r"\1 the \3 \2"),
    # "tidy up but leave the cans": put everything else away
    (r"^\s*(?:please )?(?:tidy|clean) (?:up|everything up|up everything|the floor|the room)(?:,)? but (?:leave|skip|not|don't touch|"
     r"do not touch|ignore) (the [a-z ]+?)\s*[.!]*$", r"put everything except \1 away"),
    # "cans in the green bin, cubes in the grey bin": each group put there
    (r"^\s*(?:the |all the |all )?((?:[a-z]+ )?(?:cubes|cans|tins)) (in|into) (the (?:[a-z]+ )?bin)\s*[,;]\s*(?:and )?"
     r"(?:the |all the |all )?((?:[a-z]+ )?(?:cubes|cans|tins)) (in|into) (the (?:[a-z]+ )?bin)\s*[.!]*$",
     r"put all the \1 \2 \3 and put all the \4 \5 \6"),
    # "the closest thing you can't pick up": of the kinds it does not carry
    (r"\b((?:closest|nearest|farthest|furthest|biggest|smallest|largest|tallest|leftmost|rightmost) (?:thing|object|one|item)) "
     r"(?:that |which )?you (?:can't|cant|cannot|can not|couldn't) (?:pick up|lift|carry|grab|hold)\b", r"\1 that is not a cube or a can"),
    # "the ball's blue, right?": whether it is
    (r"^\s*(?:so )?(the (?:[a-z]+ ){0,2}[a-z]+)(?:'s| is) ([a-z]+)\s*,?\s*(?:right|correct|yeah|yes|isn't it|is it not|no)\s*\?\s*$",
     r"is \1 \2?"),
    # "the cube is white isn't it", "the red bin is further than the yellow bin, isn't it": whether it is
    (r"^\s*(?:so )?(the (?:[a-z]+ ){0,2}[a-z]+) (is|are) ([a-z][a-z ]*?)\s*,?\s*(?:isn't it|is it not|aren't they|are they not)"
     r"\s*\?*\s*$", r"\2 \1 \3?"),
    # "go to the left most can", "the right-most bin": the leftmost, the rightmost (not a turn to the left)
    (r"\b(left|right)(?: |-)most\b", r"\1most"),
    (r"\b(?:far(?: |-)?most|furthermost|farthermost)\b", "farthest"),
    # "go to the box behind the cans but don't knock any of them over": any of the cans
    (r"\b(the (?:[a-z]+ )?(?:cans|cubes|balls|bins|boxes|bottles|plates|cones|tins))\b(.*?)\b(don't|dont|do not|never) (knock|bump|hit|"
     r"touch|run) (over |into )?(?:any of |either of |)(?:them|those)\b", r"\1\2\3 \4 \5any of \1"),
    # "pls no put cube in bin. only hold", "don't put the cube in the bin, just hold it": pick it up and keep it
    (r"^\s*(?:(?:please|pls|plz)\s+)?(?:don't|dont|do not|no) (?:put|place|drop|throw) (?:the )?(?P<what>(?:[a-z]+ )?(?:cube|can|tin))"
     r" (?:in|into) (?:the |a |any )?(?:[a-z]+ )?bin\s*[,.;!-]*\s*(?:(?:just|only|simply)\s+)?(?:hold|keep|carry)(?: (?:it|on to it|"
     r"onto it|it in your (?:hand|gripper)|the [a-z ]+))?[ .!]*$", r"pick up the \g<what> and hold it"),
    # "go to the cube. no stop, turn right first", "... wait, turn right first": the turn, then the goal
    (r"^\s*(?P<goal>(?:go|drive|head|pick|put|bring|fetch|grab|take|get|find|look|approach|move)\b[^.!?;]+?)\s*[.!?;,]+\s*"
     r"(?:(?:no|nope|wait|actually|oh|hold on|stop|sorry)[ ,.!]+)+(?P<act>(?:turn|go|drive|pick|look|face|back up|reverse|find)\b"
     r"[^.!?;]*?),? first[ .!]*$", r"\g<act>, then \g<goal>"),
    # "avoid the grey can its full of paint", "dont go near the bottle, my son's science project is in it": the reason
    (r"(\b(?:avoid|don't|dont|do not|keep (?:well )?(?:away|clear)|stay (?:well )?(?:away|clear)|never)\b[^.,;!?]*?)\s*[,;-]?\s*"
     r"(?:(?:it's|its|it is|they're|theyre|they are) (?:full of|covered in|covered with|filled with|got) [a-z' ]+?|(?:my|his|her|our|"
     r"their|the) [a-z' ]+? (?:is|are|s) (?:in|on|inside|under|next to|near|by|beside|behind) (?:it|them|there|that)\b)[ .!]*$", r"\1"),
    # Questions said as a statement with a tag: "there's no green cube is there", "you didnt go near the cone did you"
    (r"^\s*(?:(?:so|and|but|ok|okay)[ ,]+)?there(?:'s| is|s) no (?P<what>[a-z ]+?),? is there\s*\?*$", r"is there a \g<what>?"),
    (r"^\s*(?:(?:so|and|but|ok|okay)[ ,]+)?there (?:isn't|isnt|is not|aren't|arent|are not) (?P<what>(?:a |an |any |another )?[a-z ]+?),? "
     r"(?:is|are) there\s*\?*$", r"is there \g<what>?"),
    (r"^\s*(?:(?:so|and|but|ok|okay)[ ,]+)?(?:you|u) (?:didn't|didnt|did not) (?P<what>[a-z' ]+?),? did (?:you|u)\s*\?*$",
     r"did you \g<what>?"),
    (r"^\s*(?:(?:so|and|but|ok|okay)[ ,]+)?(?:didn't|didnt|did not) (?:you|u) (?P<what>[a-z' ]+?)\s*\?*$", r"did you \g<what>?"),
    (r"^\s*(?:(?:so|and|but|ok|okay)[ ,]+)?(?:you|u) (?:haven't|havent|have not) (?P<what>[a-z' ]+?),? have (?:you|u)\s*\?*$",
     r"have you \g<what>?"),
    # "ok u can move, go to the black cone": the request after a permission to move (a rule against moving is lifted before)
    (r"^\s*(?:(?:ok|okay|alright|right|fine)[ ,]+)?(?:you|u) can (?:move|go|drive)(?: (?:now|again))?[ ,.!]+(?=(?:go|pick|put|drive|"
     r"head|bring|fetch|grab|take|get|find|turn|come)\b)", ""),
    # "actually never mind, don't": stop
    (r"^\s*(?:(?:actually|oh|ok|okay|no|wait|um|uh)[ ,]+)*(?:never ?mind|forget it)[ ,.!]+(?:(?:don't|dont|do not)(?: do it| do that| "
     r"bother)?|no)[ .!]*$", "never mind"),
    # "dont turn just drive forward half a metre", "don't turn around, just back up a bit": what to do instead
    (r"^\s*(?:don't|dont|do not) (?:turn|spin|rotate)(?: (?:around|round|left|right))?[ ,]+(?:just|only|simply) "
     r"(?=.*\b(?:metres?|meters?|m|cm|bit|little|half|feet|foot|inch(?:es)?|\d+)\b)", ""),
    # "scrap that, go to the ball": the goal before called off, not scrapped into a bin
    (r"^\s*(?:(?:no|ok|okay|oh|actually)[ ,]+)*(?:scrap|cancel|ditch|drop) (?:that|this|it)\b(?! (?:all|away|in|into|out)\b)"
     r"\s*[,.;!-]*\s*", "never mind, "),
    # "go to the white box and dont go faster than walking pace": a slow pace, not a prohibition
    (r"(?:,\s*|\s+)(?:(?:and|but)\s+)?(?:don't|dont|do not|never)\s+(?:go|drive|move)\s+(?:any\s+)?(?:faster|quicker) than "
     r"(?:a |your )?(?:walking pace|walking speed|walk|half speed|half your speed|a crawl)\b", " slowly"),
    # "until i say otherwise dont pick up any cans", "no matter what, never go near the cone": a prohibition kept anyway
    (r"^\s*(?:until (?:i|we) (?:say|tell you) (?:otherwise|so)|no matter what|whatever happens)[ ,:]+"
     r"(?=(?:don't|dont|do not|never|no |keep|stay|avoid|steer))", ""),
    (r"^\s*(from now on|from here on)\s*,\s*(?=(?:don't|dont|do not|never|no |keep|stay|avoid|steer))", r"\1 "),
    # "the red cube that's closer to the bottle": which one (not a cube to bring closer to it)
    # ("ok which is closer to the bottle" is a question, not a relative clause)
    (rf"(?<=[a-z] ){_NOT_AFTER_A_LEAD_WORD}(?:that|which)(?:'s| is|s) (?:closer|nearer) to\b", "nearest to"),
    (rf"(?<=[a-z] ){_NOT_AFTER_A_LEAD_WORD}(?:that|which)(?:'s| is|s) (?:farther|further) (?:from|away from)\b", "farthest from"),
    # "bin it in the yellow bin": put it there
    (r"\bbin (it|them|that|this|those|these|the (?:[a-z]+ ){0,2}(?:cube|can|tin)s?) (in|into) (the (?:[a-z]+ )?bin)\b", r"put \1 \2 \3"),
    # "take every cube to the blue bin and the can to the red bin": a put of each into its bin
    (r"^\s*(?:please )?(?:take|carry|move|bring) (?!me\b|us\b|it\b|them\b)(?=[^.;!?]*\bto (?:the|a) (?:[a-z]+ )?bin\b[^.;!?]*\band "
     r"(?:the|a|every|all|each) [^.;!?]*\bto (?:the|a) (?:[a-z]+ )?bin\b)([^.;!?]*)",
     lambda m: "put " + re.sub(r"\bto (the|a) ((?:[a-z]+ )?bin)\b", r"in \1 \2", m.group(1))),
    # "pick up the can, and I don't mean the one on your left", "go to the white can - not the one by the cone": the can that
    # isn't there
    (r"\b(the (?:[a-z]+ )?(?:box|cube|bin|ball|can|tin|bottle|plate|cone))\s*(?:[-,\u2013\u2014]+\s*)(?:and |but |oh and )?"
     r"(?:i (?:don't|do not) mean|not|i'?m not talking about|i am not talking about|i (?:don't|do not) want)\s+the one\s+"
     r"(?:that's |that is |which is |which's )?(?P<rel>(?:on|by|near|next to|beside|behind|in front of|closest to|nearest to|"
     r"nearest|closest|furthest|farthest|at)\b[^,.;!?\u2013\u2014-]*?)\s*(?=[,.;!?\u2013\u2014-]|$)", r"\1 that isn't \g<rel>"),
    # "rock on over to the ball", "rock up to the bin": go there
    (r"\brock (?:on )?(?:over|up|along|round)(?= to\b)", "go over"),
    # "head on back", "back you come", "home time": come back to where the goal started
    (r"\bhead(?: on| right)? back(?: (?:home|here|over here|to me))?\b(?! \d| a | to the (?!start|beginning))", "come back"),
    (r"\bback you come\b", "come back"),
    (r"^(?:(?:ok|okay|right|so|and|now|nice one|good)[ ,.!]+)*(?:it's |its )?home time[.!]*$", "come back"),
    # "fetch me something. anything but a can.": one request, its exception said after it
    (r"\b(?:something|anything)\s*[.!?,;:\u2013\u2014-]+\s*(?:just |but |only |well,? )?(?:anything|something) (?=(?:but|except|other "
     r"than|apart from|besides|that (?:is|isn't|isnt|is not|'s not|s not)|not)\b)", "anything "),
    # "anything but the purple can - just bring me some can": the exception said before the request
    (r"^\s*(?:anything|whatever you do|any) (?:but|except|other than|apart from) (the [a-z]+(?: [a-z]+)?)\s*[-,:;\u2013\u2014]+\s*"
     r"(?:just |only )?([^,;]+?)\s*[.!]*$", r"\2, but not \1"),
    # "bring me anything you can carry": what it can carry is all it picks up anyway
    (r"\b((?:bring|fetch|get|grab|pick up|give|hand|take|carry)(?: me| us)? (?:anything|something)) (?:that )?(?:you can|"
     r"you're able to|you are able to) (?:carry|grab|pick up|lift|hold|take|manage|handle)\b", r"\1"),
    # "I was wondering if you might pop over to the bottle": a request, not a condition
    (r"^\s*(?:i was|i'm|im|i am) (?:just )?wondering if you (?:might|could|would|can|could maybe|might maybe)\s+", "please "),
    (r"^\s*i wonder if you (?:might|could|would|can)\s+", "please "),
    # "tidy up: put the cubes in the bin" (not "tidy up, slowly")
    (r"^(?:please |kindly )?(?:tidy|clean|clear) up\s*[,:;.!-]+\s*(?=[a-z])(?!(?:but |and )?(?:slowly|carefully|gently|slow)\b)", ""),
    # "tidy up the cubes into the green bin", "clean the cans up into the white bin": put them there
    (r"\b(?:tidy|clean|clear)(?: up)? (?P<what>(?:all )?(?:the |every |all )[a-z ]*?)(?: up)? (?:into|in|inside|to) "
     r"(?P<bin>the [a-z]+ bin)\b", r"put \g<what> in \g<bin>"),
    (r"\b(?:(?:a|the) )?(?:full |complete |whole )?one[- ]?eighty\b", "a 180"),  # "do a full one eighty"
    (r"\b(?:pull|chuck|hang|bust|do|make) (?:a )?u-?(?:ey|ie|ee|y)\b", "turn around"),  # "pull a u-ey"
    (r"\byou(?:'re| are) able to\b", "you can"),  # "everything you're able to carry"
    (r"\b(you|just|and|so|um|uh|then|please) like,? (?=(?:get|go|grab|pick|put|bring|take|move|drive|turn|stick|drop)\b)", r"\1 "),
    # "the ball and the bin, which is nearer": which is nearer, the ball or the bin
    (r"^(the (?:[a-z]+ ){0,2}?[a-z]+) and (the (?:[a-z]+ ){0,2}?[a-z]+)\s*[,:;\u2013\u2014-]+\s*(?:which|what)(?: one)?(?:'s| is) "
     r"(nearer|closer|farther|further|bigger|smaller|larger|taller|shorter)(?P<to> (?:to|from) (?:you|me))?\s*(?P<end>[?.!]*)$",
     r"which is \3\g<to>, \1 or \2?"),
    # "which bin is closer, the white one or the green one?": the white bin or the green bin
    (r"^which (?P<kind>[a-z]+) is (?P<comp>closer|nearer|farther|further|bigger|smaller|larger)(?P<to>(?: to| from) (?:you|me))?,? "
     r"the (?P<a>[a-z]+) one or the (?P<b>[a-z]+) one\b", r"which is \g<comp>\g<to>, the \g<a> \g<kind> or the \g<b> \g<kind>"),
    # "what's right in front of you, straight ahead?": what is straight ahead
    (r"^(what(?:'s| is)|is there anything|is there something) (?:(?:right|directly|just) in front of (?:you|the robot)(?:,? straight "
     r"ahead)?|in front of (?:you|the robot),? straight ahead)(?=\s*\?|$)", r"\1 straight ahead"),
    # "the one furthest to the right": the rightmost one (not a drive to the right)
    (r"\bthe ((?:[a-z]+ )?[a-z]+) (?:(?:that is|that's|which is) )?(?:the )?(?:furthest|farthest|most|furthest over) (?:over )?to "
     r"(?:the|your|my) (left|right)\b", r"the \2most \1"),
    # "drive 1 m, not forward though, backward": backward
    (r",? not (?:forwards?|ahead|straight)(?: though| tho| mind you)?,? (?=backwards?\b|back\b)", " "),
    (r"\b(turn [^,]*?),? (?:but )?not (?:to )?(?:the |your )?(left|right)\b",
     lambda m: f"{m.group(1)} {'right' if m.group(2) == 'left' else 'left'}"),  # "turn 90 degrees but not to the left"
    (r"^(?:(?:right|ok|okay|so|well)[ ,]+)*(?:you can|you're able to) do (?:stuff|things|lots|a lot|tasks)[ ,.!]+(?=[a-z])", ""),
    (r"^i wonder,? (?=(?:could|can|would|will) you\b)", ""),  # "I wonder, could you go to the green bin?"
    (r"\b(turn|go|come|pick|put|drive|move|back|head)(left|right|around|back|forward|forwards|up|down|over)\b", r"\1 \2"),
    (r"^(?:please |kindly )?do the needful(?: and|,|\.)?\s+(?=[a-z])", ""),  # "kindly do the needful and put ..."
    (r"\b(an?) ([a-z]+), any \2,?", r"any \2"),  # "grab a can, any can, and drop it in the bin": any can
    (r"\bhave a (?:squiz|squizz|gander|butchers|butcher's|dekko|shufti|geez|squint|peek|peep|look-see)\b", "have a look"),
    (r"^(?:(?:bruh|bro|dude|yo|oi|mate|love)[, ]+)+(?=[a-z])", ""),  # "bruh just dunk the can in the bin"
    (r"(?<=[a-z0-9])[, ]+(?:(?:it'?s|that'?s) not that deep|no big deal|would ya|will ya|could ya|would you|will you)\s*([.!?]*)$", r"\1"),
    (r"(?<=[a-z0-9])[, ]+(?:love|luv|mate|pal|buddy|dear|darling|hun|hon|sweetie|bro|bruh|dude|chief|sir|madam|ma'am)\s*([.!]*)$", r"\1"),
    (r"^(?:i wonder,? )?(?:would|could) it be (?:at all |in any way )?possible (?:for you )?to (?=[a-z])", "please "),
))


def _unit_sort(unit: str | None) -> str:
    """Whether a unit word measures an angle, a time or a distance ("" for none)."""
    if not unit:
        return ""
    return "angle" if unit.startswith("degree") else "time" if unit.startswith(("sec", "min")) else "distance"


def as_said_here(text: str) -> str:
    """The goal with other speakers' wordings (_ELSEWHERE_WORDINGS) said as the contract says them."""
    for pattern, replacement in _ELSEWHERE_WORDINGS:
        text = pattern.sub(replacement, text)
    return text


# Cubes put into bins said by colours alone: "blue in yellow, red in green", "put red into green"
_COLOUR_PAIR = re.compile(rf"(?:(?:put|place|drop) (?:the )?)?({'|'.join(COLORS)})(?: cube| one)? (?:in|into|to) (?:the )?"
                          rf"({'|'.join(COLORS)})(?: bin| one)?\b", re.IGNORECASE)
_COLOUR_PAIRS = re.compile(rf"^\s*(?:please )?{_COLOUR_PAIR.pattern}(?:(?:,|;| and| then)+ {_COLOUR_PAIR.pattern})*(?: please)?[.!]*\s*$",
                           re.IGNORECASE)


# The object meant, said as "not that one, this one": "it isn't the left red box I want, it's the right one, go there"
_WANTED_NOT_THAT = re.compile(r"^(?:it isn't|it is not|its not|it's not|isn't|not) (?P<no>the [a-z ]+?) (?:i want|i mean|i meant|i need|"
                              r"i'm after|i am after|i asked for)\s*[,;]\s*(?:it's|it is|its|but) (?P<yes>the [a-z ]+?)\s*[,;.]\s*"
                              r"(?:so |just |and )*(?P<rest>[a-z].*?)[.!]*$", re.IGNORECASE)


def _wanted_not_that(text: str) -> str:
    """The request after "it isn't X I want, it's Y", with "there"/"it" as Y (a kind-less "one" in Y of X's kind)."""
    said = _WANTED_NOT_THAT.match(text)
    if said is None:
        return text
    named = re.findall(rf"\b((?:(?:{'|'.join(COLORS)}) )?(?:box|cube|bin))\b", said.group("no").lower())
    yes = re.sub(r"\bone\b", named[-1], said.group("yes")) if named else said.group("yes")
    rest = re.sub(r"\b(go|drive|head|move) there\b", rf"\1 to {yes}", said.group("rest"))
    rest = re.sub(r"\b(?:it|there)\b", yes, rest)
    return f"{rest}, not {said.group('no')}"


# Two objects named, then one of them taken back: "pick up the red cube and the blue cube, no, not the blue one(, leave it)"
_LIST_LESS_ONE = re.compile(r"\b(?P<a>the (?P<ca>[a-z]+) (?P<kind>cube|box|bin)) and (?P<b>the (?P<cb>[a-z]+) (?P=kind))\s*[,.;]\s*"
                            r"(?:(?:no|wait|sorry|actually|oops|hmm)[ ,]+)*not the (?P<out>[a-z]+) (?:one|(?P=kind))\b"
                            r"(?:\s*[,;]?\s*(?:leave it|leave that one|skip it|forget it|never mind (?:it|that one)))?")


def _list_less_one(named: re.Match[str]) -> str:
    """Of two objects named, the one not taken back (_LIST_LESS_ONE); both when the one taken back is neither."""
    if named.group("out") == named.group("cb"):
        return named.group("a")
    if named.group("out") == named.group("ca"):
        return named.group("b")
    return named.group(0)


# A double negative said of a wish: "it's not that I don't want you to pick up the red cube, (so) go ahead"
_NOT_UNWANTED = re.compile(r"^(?:it's|it is|its|it isn't that|it is not that) not that i (?:don't|do not|dont) (?:want|need|like) "
                           r"(?P<you>you to )?(?P<what>[a-z].+?)\s*[,;.-]+\s*(?P<but>but |though |however )?(?:so |just |then )*"
                           r"(?P<rest>[a-z].*)$", re.IGNORECASE)
_GO_AHEAD = re.compile(r"^(?:go ahead|do it|go on|please do|you can|you may|go for it|feel free)(?: (?:and|then) do it| please)?[.!]*$",
                       re.IGNORECASE)


def _not_unwanted(text: str) -> str:
    """A wish said as a double negative, as wanted ("it's not that I don't want you to pick up the red cube, so
    go ahead": pick up the red cube); with "but", what follows is what is asked for instead."""
    said = _NOT_UNWANTED.match(text)
    if said is None:
        return text
    if said.group("but"):
        return said.group("rest")
    if _GO_AHEAD.match(said.group("rest")):
        return said.group("what") if said.group("you") else f"put {said.group('what')}"
    return f"{said.group('what') if said.group('you') else 'put ' + said.group('what')}, {said.group('rest')}"


# A step held back until another is done: "don't pick up the red cube until you've been to the blue box"
_HELD_UNTIL = re.compile(r"^(?P<lead>(?:(?:please|and|ok|okay|but|oh)[ ,]+)*)(?:don't|dont|do not|never) (?P<act>[a-z].+?),? "
                         r"(?:until|till|before) (?:after )?(?:you(?:'ve| have)?|you've|youve) (?:first )?(?P<verb>been to|gone to|"
                         r"visited|reached|got to|gotten to|driven to|picked up|grabbed|put|dropped|placed)"
                         r" (?P<rest>[a-z].+?)[.!]*$", re.IGNORECASE)
_HELD_UNTIL_IN = re.compile(r"^(?P<lead>(?:(?:please|and|ok|okay|but|oh)[ ,]+)*)(?:don't|dont|do not|never) (?P<act>[a-z].+?),? "
                            r"(?:until|till|before) (?P<cube>the [a-z]+ cube) is (?:in|inside) (?P<bin>the [a-z]+ bin)[.!]*$",
                            re.IGNORECASE)
_DONE_AS = {"been to": "go to", "gone to": "go to", "visited": "go to", "reached": "go to", "got to": "go to",
            "gotten to": "go to", "driven to": "go to", "picked up": "pick up", "grabbed": "pick up", "put": "put",
            "dropped": "put", "placed": "put"}


def _done_first(text: str) -> str:
    """A step said to wait until another is done, said in that order ("don't pick up the red cube until
    you've been to the blue box": "go to the blue box, then pick up the red cube"); "the left one" in the
    other step is of the kind the held step names."""
    held = _HELD_UNTIL.match(text)
    if held:
        first = f"{_DONE_AS[held.group('verb').lower()]} {held.group('rest')}"
    else:
        held = _HELD_UNTIL_IN.match(text)
        if not held:
            return text
        first = f"put {held.group('cube')} in {held.group('bin')}"
    act = held.group("act")
    named = re.findall(rf"\b((?:(?:{'|'.join(COLORS)}) )?(?:box|cube|bin))\b", act.lower())
    if named:
        first = re.sub(r"\b(the (?:[a-z]+ )?)one\b", rf"\1{named[-1].split()[-1]}", first)  # "visited the left one": red box
    return f"{held.group('lead')}{first}, then {act}"


# A word with a letter said three or more times over, as people stretch a word in a message
_STRETCHED = re.compile(r"\b[A-Za-z]*([A-Za-z])\1\1[A-Za-z]*\b")


def _unstretched(word: str) -> str:
    """A stretched word ("baaaack", "sloooowly", "stoooop") as the word meant: each run of a letter
    said once, or twice where only that is a word ("gooood": good)."""
    once = re.sub(r"([A-Za-z])\1{2,}", r"\1", word)
    twice = re.sub(r"([A-Za-z])\1{2,}", r"\1\1", word)
    known = lx.english_words() | lx.lexicon_words()
    return once if once.lower() in known else twice if twice.lower() in known else once


# Stop signs and a raised hand, said as emoji: "stop"
_STOP_SIGNS = re.compile("[\U0001F6D1\u26D4\u270B\U0001F91A]\uFE0F?")
# Words that may come with a stop said with emoji: "stop now please", "emergency, halt!"
_STOP_COMPANIONS = frozenset({"please", "now", "right", "immediately", "robot", "hey", "emergency", "it", "just", "asap",
                              "at", "once", "again", "everything", "all", "the", "you", "i", "said", "!", ".", ","})


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def _is_emoji_joiner(ch: str) -> bool:
    """A character that joins or styles emoji (zero-width joiner, variation selectors, skin tones)."""
    return ch in "\u200d\ufe0e\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF


# Emoji that may say "no", "not", danger or a colour: a goal with one of them is refused unless its words say
# that colour too ("put the purple cube in the bin \U0001F49C")
_EMOJI_THAT_SAY_MORE = frozenset("\u274c\u2716\U0001F6AB\U0001F44E\u26a0\U0001F645\U0001F480\u2620\U0001F525\U0001F198"
                                 "\u2757\u2755\u203c\u2049\U0001F6A8\U0001F4A5\u2622\u2623\U0001F47F\U0001F52A\U0001F52B")
_EMOJI_COLOURS = {**dict.fromkeys("\U0001F534\U0001F7E5\u2764\U0001F345\U0001F353", "red"),
                  **dict.fromkeys("\U0001F7E0\U0001F7E7\U0001F9E1\U0001F34A", "orange"),
                  **dict.fromkeys("\U0001F7E1\U0001F7E8\U0001F49B\U0001F34B", "yellow"),
                  **dict.fromkeys("\U0001F7E2\U0001F7E9\U0001F49A\U0001F34F", "green"),
                  **dict.fromkeys("\U0001F535\U0001F7E6\U0001F499", "blue"),
                  **dict.fromkeys("\U0001F7E3\U0001F7EA\U0001F49C\U0001F347", "purple"),
                  **dict.fromkeys("\u26aa\u2b1c\U0001F90D\u25fd\u25fb", "white"),
                  **dict.fromkeys("\u26ab\u2b1b\U0001F5A4\u25fe\u25fc", "black"),
                  **dict.fromkeys("\U0001F7E4\U0001F7EB\U0001F90E", "brown")}


def _only_decorated(text: str) -> bool:
    """Whether the emoji in a goal only decorate it ("yo \U0001F916 grab the green cube \U0001F64F\U0001F64F", "put the
    orange can \U0001F96B in the blue bin \U0001F5D1 pls"): none of them may say no, danger or a colour its words don't
    say, and none stands where a word is missing ("go to the \U0001F534 cube")."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    for m in re.finditer(r"(?:[^\w\s]*[\U0001F000-\U0001FAFF\u2600-\u27bf\u2b00-\u2bff\u25a0-\u25ff][^\w\s]*)+", text):
        run = m.group(0)
        if any(ch in _EMOJI_THAT_SAY_MORE for ch in run):
            return False
        if any(_EMOJI_COLOURS.get(ch, "") not in words and ch in _EMOJI_COLOURS for ch in run):
            return False
        before = re.findall(r"[a-z]+", text[: m.start()].lower())[-1:]
        if before and before[0] in ("the", "a", "an", "that", "this", "my", "your", "to", "into", "in", "of", "some", "any"):
            return False  # "go to the \U0001F534 cube", "put it in the \U0001F5D1": the emoji is a word of the goal
    return True


# The order to take several in, from the side said to come first
_ORDER_FROM: dict[str, str] = {"right": "from right to left", "left": "from left to right"}


def _with_order(said: re.Match[str], order: str) -> str:
    """The things said (group 1) and what follows them (group 2) with the order said after them moved
    beside the bin they go into ("the white cubes in the blue bin from right to left, cause ..."), or
    to the end."""
    things, rest = said.group(1), said.group(2)
    into = re.match(r"\s+(?:in|into|inside)\s+(?:the\s+)?(?:[a-z]+\s+)?bin\b", rest)
    if re.search(r"\b(?:wants|needs|would like)\b", said.string[: said.end(2)]):
        return f"{things}{rest}"  # "my boss wants the white cubes in the blue bin": the order is not read in a wish said so
    if into is None:
        return f"{things}{rest}, {order}"
    return f"{things}{rest[: into.end()]} {order}{rest[into.end():]}"


def _asks_to_stop_only(text: str) -> bool:
    """Whether text (its emoji taken out) is a stop and nothing more: "stop!!!", "please halt now"."""
    words = re.findall(r"[a-z']+|[!.,]", text.lower())
    said = " ".join(w for w in words if w not in _STOP_COMPANIONS)
    return bool(words) and (said in lx.STOP_PHRASES or said == "") and any(w not in _STOP_COMPANIONS or w == "emergency"
                                                                           for w in words)


def _without_accents(text: str) -> str:
    """Latin letters without their accents ("gö to the bïn": "go to the bin"); other scripts as they are."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and out and ord(out[-1]) < 0x250:
            continue
        out.append(ch)
    return unicodedata.normalize("NFKC", "".join(out))


@lru_cache(maxsize=1)
def _shades() -> re.Pattern[str]:
    """The colour names of several words that name a shade of one world colour ("bottle green", "baby
    blue", "pillar box red"): no other word of them names another colour ("blue green" does)."""
    def one_colour(name: str, colour: str) -> bool:
        said = {lx.color_of(w) or lx.color_of(w.removesuffix("ish")) for w in name.split()[:-1]} - {None}
        return said <= {colour}
    names = sorted((n for n, c in shade_names().items() if one_colour(n, c)), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n).replace("grey", "gr[ae]y") for n in names) + r")\b", re.IGNORECASE)


def _shade_said_as_colour(text: str) -> str:
    """"Go to the bottle green bin", "the baby blue can": the world colour the shade is of ("the green
    bin"), so that neither "bottle" nor "baby" is read as a thing of its own."""
    names = shade_names()

    def colour(m: re.Match[str]) -> str:
        said = m.group(0)
        if lx.kind_of(said.split()[0].lower()) and not re.match(r"\s+(?:[a-z]+\s+)?(?:one|thing|object|box|cube|bin|can|tin|ball|"
                                                                 r"bottle|plate|cone|block)s?\b", text[m.end():], re.IGNORECASE):
            return said  # "why is the bottle green?": the bottle, said to be green
        return names[said.lower().replace("gray", "grey")]
    return _shades().sub(colour, text)


# Shapes only one kind has, said of a thing: "the flat thing" is the plate, "the pointy yellow one" the cone
# The verb as asked for, of one said in the past or as a gerund ("I'd love it if you went forward", "mind waiting")
_PRESENT: dict[str, str] = {"went": "go", "drove": "drive", "turned": "turn", "moved": "move", "took": "take", "picked": "pick",
            "brought": "bring", "came": "come", "got": "get", "put": "put", "stopped": "stop", "waited": "wait", "backed": "back",
            "reversed": "reverse", "found": "find", "waiting": "wait", "going": "go", "turning": "turn", "driving": "drive",
            "picking": "pick", "putting": "put", "coming": "come", "stopping": "stop", "taking": "take", "bringing": "bring",
            "moving": "move", "backing": "back", "heading": "head", "kept": "keep", "stayed": "stay", "steered": "steer",
            "left": "leave"}
_SHAPE_KINDS = {"flat": "plate", "flattish": "plate", "spherical": "ball", "conical": "cone", "pointy": "cone",
                "pointed": "cone", "cone-shaped": "cone", "ball-shaped": "ball", "cube-shaped": "cube", "cubic": "cube"}
_SHAPE_OF_A_THING = re.compile(rf"\b({'|'.join(_SHAPE_KINDS)}) ((?:(?:{'|'.join(COLORS)}|gray) )?)(?:thing|one|object|item)\b",
                               re.IGNORECASE)
_COLOUR_ISH = re.compile(r"\b(red|orange|yellow|green|blue|purple|white|black|grey|gray)-ish\b", re.IGNORECASE)


_TO_SIDE = r"(?:(?:to|on) (?:the|your|my) |i mean |but )?"
_RESTATED_SIDE = re.compile(rf"^(?P<head>.*\b(?:turn|rotate|spin|swivel|pivot)\b[^.;]*?)\s*[.;,-]\s*(?:(?:no,? )?not {_TO_SIDE}"
                            rf"(?:left|right),? {_TO_SIDE}(?P<side>left|right)|{_TO_SIDE}(?P<side2>left|right),? not {_TO_SIDE}"
                            r"(?:left|right))(?:,? (?P<degrees>\d+)(?: degrees)?)?[.! ]*$", re.IGNORECASE)
_RESTATED_SIGN = re.compile(r"^(?P<head>.*\d[^.;]*?)\s*[.;,-]\s*(?:it's |its |i mean )?(?:minus|negative|plus|positive),? not "
                            r"(?:minus|negative|plus|positive)[.! ]*$", re.IGNORECASE)
_RESTATED_AMOUNT = re.compile(r"^(?P<head>.*\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|half)\b[^.;]*?)\s*[.;,-]\s*"
                              r"(?P<meant>[a-z\d. ]+?),? not (?P<other>[a-z\d. ]+?)[.! ]*$", re.IGNORECASE)
_AMOUNT_WORDS = frozenset({"point", "half", "and", "a", "degrees", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                           "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
                           "seventy", "eighty", "ninety", "hundred", "m", "meters", "metres", "meter", "metre", "cm",
                           "centimeters", "centimetres", "seconds", "s"})


_RATHER_SAID = {"didn't": "don't", "didnt": "don't", "did not": "don't", "never": "never"}  # and the verbs of _PRESENT
_RATHER_YOU = re.compile(r"\bi(?:'d| would| had)? (?:much )?(?:rather|prefer(?: it)?)(?: if)? you (didn't|didnt|did not|never|kept|"
                         r"stayed|steered|went|left)\b", re.IGNORECASE)


_YOU_MOVED_BY = re.compile(r"\bi(?:'d| would)? (?:like|want|need) (?:you|u) (?:to be )?(?=(?:\d|a |an |one |two |three |four |"
                           r"five |half )[^,.;]{0,40}?\b(?:forward|forwards|ahead|back|backwards|further|farther)\b)", re.IGNORECASE)
_KINDS_MEANT_AFTER_EXCEPTION = re.compile(r"^(?P<said>.*\b(?:everything|anything|all)\b.*\b(?:except|but|other than|apart from|besides)"
                                          r"\b[^.;!?]*?)\s*[.;,!-]+\s*(?:i mean |i meant )?(?:just |only )?(?:the )?(?:cubes|cans|tins|"
                                          r"small things|small ones)(?:,? i mean(?:t)?)?[.! ]*$", re.IGNORECASE)
_GO_AHEAD_WITH = re.compile(r"\b(?:[a-z]+ (?:says|said) )?go ahead with (?:it|that|this|them|hers|his|theirs|mine|yours|hers too|"
                            r"the [a-z]+(?: [a-z]+)?)(?: too| as well| now| please)*\b", re.IGNORECASE)
_IN_TIME_FLAT = re.compile(r"\bin ((?:[a-z]+|\d+(?:\.\d+)?) (?:seconds?|secs?|s|minutes?|mins?)) flat\b", re.IGNORECASE)
_EVER_AFTER = re.compile(r"^(?P<said>.*\b(?:don't|dont|do not|never)\b.{3,120}?)\s*[.,;!-]+\s*(?:ever|never|never ever|"
                         r"not ever)(?: again)?[.! ]*$", re.IGNORECASE)


_CHAT_THEN_ANYWAY = re.compile(r"^(?P<chat>.+?)[,.;!: -]*\b(?:so |but |ok |okay )?(?:anyway|anyways|anyhow|but yeah|moving on)\b[,.!: -]*"
                               r"(?P<rest>[a-z].*)$", re.IGNORECASE | re.DOTALL)
_ANYWAY_SAID = re.compile(r"\b(?:anyway|anyways|anyhow|but yeah|moving on)\b", re.IGNORECASE)
_LONGEST_RESTATED = 300  # characters: longer goals are read as they are (the patterns above scan them whole)
_SAID_OF_THE_PAST = re.compile(r"\b(?:this morning|yesterday|last night|last week|earlier|the other day|at lunch|at work|at school|"
                               r"ago|was|were|had|did|ate|spilled|spilt|dropped|broke|fell)\b", re.IGNORECASE)


def without_chat_before_anyway(goal: str) -> str:
    """The request after chat that "anyway" sets aside ("rough morning, the printer ate my report.
    anyway could you chuck the white cube in the bin"); the goal as it is when the chat warns of
    someone, or of a hazard not said of the past ("there's water on the floor, anyway go to the bin")."""
    if len(goal) > _LONGEST_RESTATED or not _ANYWAY_SAID.search(goal):
        return goal
    said = _CHAT_THEN_ANYWAY.match(goal.strip())
    if said is None or not begins_action(tokenize_or_empty(said["rest"])):
        return goal
    chat = said["chat"]
    if warns_of_someone(chat) or ((says_stop(chat) or warns_of_hazard(chat)) and not _SAID_OF_THE_PAST.search(chat)):
        return goal
    return said["rest"]


def tokenize_or_empty(text: str) -> list[str]:
    """The tokens of ``text`` as read ([] when it is refused)."""
    try:
        return tokenize(normalise(text))
    except GoalError:
        return []


_CONTRAST_THEN_POINTED = re.compile(r"^\s*(?:(?:no|nope|nah),? )?(?:(?:not|never mind) (?P<no>(?:the|that) [a-z ]+?),\s*"
                                    r"(?:but |i mean |rather )?"
                                    r"(?P<yes>the [a-z ]+?)|(?P<yes2>the [a-z ]+?),?\s*(?:and )?not (?P<no2>the [a-z ]+?))\s*[.;:!-]+\s*"
                                    r"(?P<rest>[a-z].*\b(?:there|it|that one|that)\b.*)$", re.IGNORECASE)


def _contrast_then_pointed(text: str) -> str:
    """"Not the green bin, the white one - put the red cube in there", "the red bin, not the blue one.
    go there": the request with the one meant in place of "there" or "it"."""
    said = _CONTRAST_THEN_POINTED.match(text)
    if said is None:
        return text
    no, yes = said["no"] or said["no2"], said["yes"] or said["yes2"]
    kind = next((w for w in reversed(no.split()) if w not in ("one", "thing") and lx.kind_of(w)), "")
    if yes.split()[-1] in ("one", "thing") and kind:  # "the white one": the white bin
        yes = f"{yes.rsplit(' ', 1)[0]} {kind}"
    rest = said["rest"]
    pointed = re.sub(r"\b(?:in|into) there\b", f"in {yes}", rest, count=1, flags=re.IGNORECASE)
    if pointed == rest:
        pointed = re.sub(r"\b(?:to |over )?there\b", f"to {yes}", rest, count=1, flags=re.IGNORECASE)
    if pointed == rest:
        pointed = re.sub(r"\b(?:it|that one|that)\b", yes, rest, count=1, flags=re.IGNORECASE)
    return pointed


# A correction said after what it corrects, in the same goal: "- no wait, not the plate, the green thing", ". No, not left - right."
_CORRECTED_AFTER = re.compile(r"\s{0,3}[-,.!;:\u2013\u2014]{1,3}\s{0,3}(?:(?:no|nope|nah|wait|sorry|oops|whoops|hang on|actually|"
                              r"no wait)[ ,!.]{1,4}){1,4}"
                              r"not (?P<said>the (?:[a-z]+ ){0,2}?[a-z]+|left|right)\s{0,3}[-,.!;:\u2013\u2014]{1,3}\s{0,3}"
                              r"(?:i mean |but )?"
                              r"(?P<new>(?:to )?(?:the )?(?:[a-z]+ ){0,3}?[a-z]+)\s*[.!]*$", re.IGNORECASE)


def _corrected_in_place(text: str) -> str:
    """A goal with a correction said after it ("pick up the plate - no wait, not the plate, the green thing", "turn left 90
    degrees. No, not left - right.") as the goal said right: what was taken back, replaced where it was said."""
    fixed = _CORRECTED_AFTER.search(text) if re.search(r"\bnot\b", text, re.IGNORECASE) else None
    if fixed is None:
        return text
    head, said, new = text[: fixed.start()], fixed["said"].lower(), re.sub(r"^to (?:the )?", "", fixed["new"].strip(), flags=re.I)
    at = [m for m in re.finditer(rf"\b{re.escape(said)}\b", head, re.IGNORECASE)]
    if not at or (said in ("left", "right")) != (new.lower() in ("left", "right")):
        return text
    kind = said.rpartition(" ")[2]
    if lx.kind_of(kind):  # "not the red cube, the blue one": the blue cube
        new = re.sub(r"\bone\b", kind, new, count=1, flags=re.IGNORECASE)
    last = at[-1]
    return f"{head[: last.start()]}{new}{head[last.end():]}"


def restated_with_not(text: str) -> str:
    """A motion with what it meant said again against what it did not ("turn left 90 degrees. Left,
    not right.", "turn around. not left, to the right, 180", "go forward 1.5 m. One point five, not
    fifteen.", "go to x 2 y -0.8. minus, not plus"): the motion once, turned the side said."""
    corrected = _corrected_in_place(text)
    if corrected != text:  # "turn left 90 degrees - no wait, not left, right": the turn right
        return corrected
    if len(text) > _LONGEST_RESTATED or not re.search(r"\bnot\b", text, re.IGNORECASE):
        return text
    side = _RESTATED_SIDE.match(text)
    if side:
        said, head = (side["side"] or side["side2"]).lower(), re.sub(r"\b(?:to (?:the|your) )?(?:left|right)\b", "", side["head"],
                                                                    flags=re.IGNORECASE)
        around = re.search(r"\b(?:turn )?(?:a)?round\b", head, re.IGNORECASE)
        if around:  # "turn around. not left, to the right": a half turn that way
            return " ".join(f"{head[: around.start()]} turn {said} {side['degrees'] or 180} degrees {head[around.end():]}".split())
        return " ".join(re.sub(r"\b(turn|rotate|spin|swivel|pivot)\b", rf"\1 {said}", head, count=1, flags=re.IGNORECASE).split())
    sign = _RESTATED_SIGN.match(text)
    if sign:
        return sign["head"]  # "minus, not plus": the signs the motion was said with
    amount = _RESTATED_AMOUNT.match(text)
    if amount and all(w.replace(".", "", 1).isdigit() or w in lx.NUMBER_WORDS or w in _AMOUNT_WORDS
                      for part in ("meant", "other") for w in amount[part].lower().split()):
        return amount["head"]  # "one point five, not fifteen": the amount the motion was said with
    return text


_SPEED_WITH_UNIT = (r"(?P<speed>(?:\d+(?:\.\d+)?|\.\d+) ?(?:m/s|m ?/ ?s|mps|cm/s|cm ?/ ?s|(?:metres?|meters?|m|cm|centimet(?:re|er)s?) "
                    r"(?:per|a|each) (?:second|sec|s)))")
# A speed said as a bare number below 1 where only a speed can be meant: "go to the ball at 0.1", "not faster than 0.3 please"
_BARE_SPEED = re.compile(r"\b(?P<lead>at|(?:no|not|never) (?:faster|quicker|more) than|(?:not |never )?(?:above|over|exceeding)|"
                         r"under|below|at most|max(?:imum)?|(?:at )?(?:a )?(?:top |max |maximum )?speed(?: of)?|"
                         r"(?:speed|limit)(?: it)? (?:to|at)) (?P<number>0?\.\d+|0)(?!\.?\d)(?=\s*(?:[.!;?]|,(?!\s*-?\.?\d)|$|please\b|"
                         r"pls\b|then\b|and\b(?!\s*-?\.?\d)|but\b|thanks\b|thx\b|ok\b|okay\b|mate\b))", re.IGNORECASE)
_MANNER_REWRITES = (
    (_BARE_SPEED, lambda m: f"{m['lead']} {m['number']} m/s"),
    # "give the green ball a gentle push toward the cone": push it
    (re.compile(r"\bgive (?P<what>(?:the|that|this) (?:[a-z]+ )?[a-z]+) a (?:[a-z]+ )?(?P<how>push|shove|nudge|kick|poke)\b",
                re.IGNORECASE), lambda m: f"{m['how']} {m['what']}"),
    # "At 0.15 m/s, go to the black can": said first, for the request after it
    (re.compile(r"^(?:please )?(?:at|with) " + _SPEED_WITH_UNIT + r"[,;]?\s+(?P<rest>.+?)[.!]*$", re.IGNORECASE),
     lambda m: f"{m['rest']}, at {m['speed']}"),
    # "..., and don't go above 0.1 m/s", "... but no faster than 0.1 m/s", "..., keep it under 0.2 m/s", "..., but do it at 0.05 m/s"
    (re.compile(r"[,;]?\s+(?:and |but )?(?:please )?(?:(?:do|don't|dont|do not|never) (?:go|drive|move|travel|exceed|do it|go any "
                r"faster than)? ?(?:above|over|faster than|more than|beyond|quicker than)?|(?:at )?no (?:more|faster|quicker) than|"
                r"(?:keep|stay)(?: it| your speed| the speed)? (?:under|below|beneath|at or below)|(?:do it|do that|do so|go|drive|"
                r"move|travel) (?:at|with)|not (?:above|over|faster than|more than))\s+" + _SPEED_WITH_UNIT +
                r"(?=[ ,.!]*(?:please|pls|thanks|thx|mate)?[ .!]*$)",
                re.IGNORECASE), lambda m: f", at {m['speed']}"),
    # "pick up the cube and carefully put it in the bin": one goal, done slowly
    (re.compile(r"^(?P<head>.+?\b(?:and|then)) (?P<how>slowly|carefully|gently|cautiously|gingerly) (?P<rest>(?:put|place|drop|set|"
                r"lower|pop|stick|place) .+?)[.!]*$", re.IGNORECASE), lambda m: f"{m['head']} {m['rest']}, {m['how']}"),
    # "dawdle over to the white cone", "trundle over to the purple cube": go there slowly
    (re.compile(r"^(?P<lead>(?:please |now |ok |okay |so )*)(?:dawdle|trundle|mosey|amble|saunter|creep|crawl|tiptoe|meander|"
                r"pootle|potter|stroll|toddle)(?: on| along)?(?= (?:over |across |back )?(?:to|towards?|up to)\b)", re.IGNORECASE),
     lambda m: f"{m['lead']}go slowly"),
)


_FROM_NOW_ON = re.compile(r"^\W*(?:from now on|from here on|from here on in|from this point on|always|in future|in the future|"
                          r"for the rest of)\b", re.IGNORECASE)


def _manner_said_apart(text: str) -> str:
    """How to go said apart from the request, as said with it: "At 0.15 m/s, go to the black can" is
    "go to the black can, at 0.15 m/s"; "dawdle over to the cone" is "go slowly over to the cone";
    "give the ball a push" is "push the ball"."""
    if len(text) > 300 or _FROM_NOW_ON.match(text):  # "from now on never go faster than 0.2 m/s": a rule, read elsewhere
        return text
    for pattern, said in _MANNER_REWRITES:
        text = pattern.sub(said, text, count=1)
    return text


# Words of dialects and speech said as the words the reader knows: "could ye pit the wee blue cube intae the bin"
_DIALECT_WORDS = {"ye": "you", "ya": "you", "yer": "your", "yin": "one", "thon": "that", "noo": "now", "oan": "on", "aboot": "about",
                  "intae": "into", "ontae": "onto", "pit": "put", "fur": "for", "gonnae": "please", "wanna": "want to",
                  "d'ya": "do you", "d'you": "do you", "dya": "do you", "gimme": "give me", "lemme": "let me", "c'mon": "come on",
                  "whit": "what", "summat": "something", "owt": "anything", "nowt": "nothing", "gie's": "give me", "gies": "give me",
                  "gie": "give"}
_DIALECT = re.compile(r"(?<![\w'])(" + "|".join(re.escape(w) for w in sorted(_DIALECT_WORDS, key=len, reverse=True)) + r")(?![\w'])",
                      re.IGNORECASE)
# A request said as a question, with its frame: "would it be at all possible for you to ...", "mind grabbing ...?"
_REQUEST_FRAMES = re.compile(r"(?:^|(?<=[,.;!?-]\s))(?:(?:y'all|g'day(?: robot)?|ey up|oi|crikey|excuse me|sorry to bother you|"
                             r"so|right|um|well|but|and|i wonder|i was wondering|just wondering)[ ,.!]+)*(?:would it be (?:at all )?"
                             r"possible (?:for you )?to|(?:i was|i'm|i am) (?:just )?wondering if you (?:might|could|would) "
                             r"(?:be able to|possibly|maybe)|"
                             r"is there any chance "
                             r"(?:you could|of you)|any chance (?:you could|of you)|i was wondering if you (?:could|would)(?: just)?|"
                             r"(?:would you )?be (?:a dear|an? (?:absolute |total |real )?(?:star|angel|love|legend|gem|sweetheart|"
                             r"darling)) and|(?:do )?(?:you|ya) (?:wanna|want to)(?: maybe| perhaps)?(?= (?:go|come|pick|grab|get|put|"
                             r"take|bring|fetch|bin|drive|head|have|look|find)\b)|what i'?d (?:really )?like (?:you to do|is for you to)"
                             r"(?:, [^,.?!]+)*,? is"
                             r"(?: (?:to|for you to))?|"
                             r"what would be (?:really |very |most )?helpful is if you)\s+", re.IGNORECASE)
_TAG_QUESTION = re.compile(r"(?<=\w)[ ,]+(?:would|will|could|can|won't|wont|wouldn't|couldn't) (?:you|ya|ye|u)(?: please)?"
                           r"(?:,? (?:mate|pal|love|dear))?\s*\?+\s*$", re.IGNORECASE)
# A tag after a request that asks for agreement: "..., no?", "..., yeah?", "..., right?"
_CONFIRMING_TAG = re.compile(r"(?<=\w)[ ,]+(?:no|right|yeah|yes|ok|okay|eh|innit|hey|ja)\s*\?+\s*$", re.IGNORECASE)
# Interjections said before a request, with nothing to do: "bonza. now head back", "Aye, braw. Noo pit it in the bin"
_CHEERS_FIRST = re.compile(r"(?:^|(?<=[.!?]\s))(?:(?:y'all|g'day(?: robot)?|ey up|crikey|aye|braw|bonza|bonzer|champion|sweet|lovely|"
                           r"brilliant|cor|blimey|strewth|righto|ace|magic|smashing|cracking|nice one|good stuff|sound|grand|"
                           r"top stuff|cheers|ta|ripper|yay+|woo+hoo+|wahey|aw+|aww+ ok(?:ay)?|howzit|awright(?: pal| mate)?|"
                           r"hiya|sweet as|beaut|lekker|sorted|good job|well done)(?: very much| a lot| mate| pal| love)?"
                           r"(?:[ ,.!]+|$))+(?!\s*and\b)",
                           re.IGNORECASE)
_MIND_DOING = re.compile(r"(?:(?:do|would) (?:you|ya|ye|u) )?(?<!never )\bmind ([a-z]+ing)\b", re.IGNORECASE)


def said_plainly(text: str) -> str:
    """Dialect words, "-in'" endings, tag questions ("..., would you?") and request frames ("would it be possible
    for you to", "mind grabbing") said plainly, so a request said as a question reads as a request."""
    text = re.sub(r"\b([a-z]{2,})in'(?=[\s,.!?]|$)", r"\1ing", text, flags=re.IGNORECASE)  # "grabbin'", "tossin'"
    text = _DIALECT.sub(lambda m: _DIALECT_WORDS[m[1].lower()], text)
    text = re.sub(r"\bfor us\b(?=\s*[?.!]*$)", "for me", text, flags=re.IGNORECASE)
    if re.fullmatch(r"(?:\s*[A-Za-z']+\s*[.!]+){3,}\s*", text):  # "PLEASE. Pick. Up. The. CAN.": one word at a time
        text = " ".join(w.strip(" .!") for w in re.findall(r"[A-Za-z']+\s*[.!]+", text)) + "."
    text = re.sub(r"\ba wee (look|bit|while|moment|minute|second|nose|peek|peep)\b", r"a \1", text, flags=re.IGNORECASE)
    text = re.sub(r",? or (?:something|summat|whatever)(?= *[?.!]*$)", "", text, flags=re.IGNORECASE)  # "... or summat"
    if len(text.split()) > 3 and not re.search(r"\bif\b", text, re.IGNORECASE):  # not "if I asked you to ..., would you?"
        text = _TAG_QUESTION.sub("", text)
    confirming = _CONFIRMING_TAG.search(text)
    asked = re.sub(r"^(?:(?:ok|okay|then|so|and|now|right)[ ,]+)*", "", text[: confirming.start()].lower()) if confirming else ""
    if confirming and begins_action(asked.split()):
        text = text[: confirming.start()]  # "then put the blue can in the green bin, no?": the request, not taken back
    cheered = _CHEERS_FIRST.sub("", text).lstrip()
    text = cheered if cheered.strip(" .,!?") else text  # "Lovely." alone is said in reply
    framed = _REQUEST_FRAMES.search(text) or _MIND_DOING.search(text)
    if framed is None:
        return text
    text = _REQUEST_FRAMES.sub("please ", text)
    def as_verb(lead: str) -> Callable[[re.Match[str]], str]:  # the action verb of an "-ing" form, when it is one
        return lambda m: f"{lead} {lx.lemma(m[1].lower())}" if lx.lemma(m[1].lower()) in lx.ALL_CUES else m[0]
    text = _MIND_DOING.sub(as_verb("please"), text)  # "mind tossing that can in the bin?"
    text = re.sub(r"\band ([a-z]+ing)\b", as_verb("and"), text)  # "... and dropping it in the bin"
    return text[: framed.start()] + text[framed.start():].replace("?", ".", 1)  # a request, not a question


# A heading and then where to end: "head towards the bottle but stop at the bin", "... but don't stop there, keep going to
# the bin" (the end is the goal)
_HEADING_THEN_END = re.compile(
    r"\b(?:head|go|drive|move|set off|start)(?: off| out)? (?:towards?|in the direction of|for) (?:the |that )?(?:[a-z]+ ){0,2}?[a-z]+,? "
    r"(?:but (?:just )?go to|(?:but|and|then)(?: (?:then|just))? (?:stop (?:at|by|beside|next to|when you(?:'re| are| get| reach)"
    r"(?: (?:next|close) to| at| by| near| beside)?|once you(?:'re| are| get| reach)(?: (?:next|close) to| at| by| near| beside)?)"
    r"|(?:don't|dont|do not) stop there,? (?:keep going|carry on|go on|continue)(?: on)? (?:to|till|until you reach)))"
    r"\s+(?=(?:the |that )?(?:[a-z]+ ){0,2}?[a-z]+\b)", re.IGNORECASE)


# A question asked as a negative statement with a tag or a question mark ("so you can't lift the plate?", "you're not
# holding anything right now are you", "the cube isn't red, is it", "neither of the balls is red, right?"): asked
# plainly, it is answered rather than read as a prohibition
_NEGATIVE_QUESTION_ASKED = re.compile(
    r"^\s*(?:(?:so|and|oh|wait|hang on|um|hmm)[ ,]+)*(?:"
    r"(?:you|u) (?:can't|cannot|cant|can not) (?P<can>[a-z ]+?)(?:,? (?:can you|right|then|huh|eh|yeah))?\s*\?+"
    r"|(?:you're|you are|youre|ur) not (?:still )?(?P<holding>holding|carrying) (?P<what>[a-z ]+?)"
    r"(?: right now| now| still| at the moment)?,? (?:are you|right|eh|huh|yeah)\s*\?*"
    r"|(?P<thing>the (?:[a-z]+ ){0,2}?[a-z]+) (?:isn't|isnt|is not) (?P<colour>[a-z]+),? (?:is it|right|yeah|eh)\s*\?*"
    r"|neither of (?P<things>the [a-z]+s|them) (?:is|are) (?P<neither>[a-z]+)(?:,? (?:is it|are they|right|yeah|eh))?\s*\?*"
    r")\s*$", re.IGNORECASE)


def _asked_plainly(asked: re.Match[str]) -> str:
    if asked["can"]:
        return f"can you {asked['can']}?"
    if asked["holding"]:
        return f"are you {asked['holding']} {asked['what']}?"
    if asked["thing"]:
        return f"is {asked['thing']} {asked['colour']}?"
    return f"are any of {asked['things']} {asked['neither']}?"


@lru_cache(maxsize=512)
def normalise(goal: str) -> str:
    """NFKC, lower case, one space between words; GoalRefused for control characters, emoji and
    scripts other than Latin."""
    text = _VULGAR_FRACTION.sub(lambda m: f"{m.group(1) or '0'}.{_VULGAR_FRACTIONS[m.group(2)]}", str(goal))  # "1½ m"
    text = unicodedata.normalize("NFKC", text.replace("\u00b4", "'")).replace("\u00b0", " degrees ")  # "don´t", "90°"
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)  # "1,5 m": a decimal comma before a unit
    text = " ".join(_without_accents(text).split())  # "gö to the bïn"; one space between words before any pattern
    text = _contrast_then_pointed(restated_with_not(text))
    text = _STOP_SIGNS.sub(" stop ", text)  # "\U0001F6D1": a stop sign is a stop
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Co", "Cs") and ch not in "\t\n\r" and not _is_emoji_joiner(ch):
            raise GoalRefused("the goal holds control characters; type it as plain text")
    if any(_is_emoji(ch) for ch in text):
        said = " ".join("".join(" " if _is_emoji(ch) or _is_emoji_joiner(ch) else ch for ch in text).split())
        if not _asks_to_stop_only(said) and not (_only_decorated(text) and any(ch.isalnum() for ch in said)):
            raise GoalRefused("the goal holds emoji or symbols that may say more than its words; say it in words")
        text = said  # "stop!!! \U0001F6A8", "yo \U0001F916 grab the green cube \U0001F64F": the words say it all
    for ch in text:
        if ch.isalpha() and ord(ch) > 0x24F:
            raise GoalRefused("I only understand English")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = said_plainly(text)
    text = _without_who_is_away(text)
    text = _manner_said_apart(text)  # "at 0.15 m/s, go to the black can": the goal at that speed
    text = _COLOUR_ISH.sub(r"\1", _shade_said_as_colour(text))  # "the bottle green bin", "the blue-ish can"
    text = _SHAPE_OF_A_THING.sub(lambda m: f"{m.group(2)}{_SHAPE_KINDS[m.group(1).lower()]}", text)  # "the flat thing": the plate
    text = _STRETCHED.sub(lambda m: _unstretched(m.group(0)), text)  # "come baaaack", "sloooowly"
    text = re.sub(r"(?<=[a-z]) (?:n|&|'n'|n') (?=[a-z])", " and ", text)  # "pick it up n put it in the bin"
    # "..., oh and not the blue bin, the green one": a correction
    text = re.sub(r"(?:,|\.)\s*oh,?\s*(?:and\s+)?(?:no,?\s+)?not the\b", ", no, not the", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:oh|ah|um|uh|oh yeah|and oh),? and\b", "and", text)  # "... . oh and avoid the red box"
    text = re.sub(r"\b(?:pls|plz|plse|pleez|plis)\b", "please", text, flags=re.IGNORECASE)
    # "head towards the bottle but stop at the bin", "... but don't stop there, keep going to the bin": the end is the goal
    text = _HEADING_THEN_END.sub("go to ", text)
    # "no touching the bin", "no going near the balls": a prohibition said as a notice; "don't use the blue bin": kept away from
    text = re.sub(r"\bno touching\b", "don't touch", text, flags=re.IGNORECASE)
    text = re.sub(r"\bnot (?:pass|passing)(?: (?:near|close to|by|next to))?(?: of| to)? (?=the\b)", "without passing near ", text,
                  flags=re.IGNORECASE)  # "go to the bottle, but not pass near of the bin"
    text = re.sub(r"\bno (?:going|driving) (near|close to|anywhere near|to|up to)\b", r"don't go \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bno (?:bumping into|hitting|knocking (?:into|over))\b", "don't bump into", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:don't|dont|do not|never) use (the|that|this|any) ((?:[a-z]+ )?bins?)\b", r"avoid \1 \2", text,
                  flags=re.IGNORECASE)
    text = _NEGATIVE_QUESTION_ASKED.sub(_asked_plainly, text)  # "so you can't lift the plate?": can you lift it?
    # "grey cone - avoid. go to far ball", "bin: keep away": a prohibition said as a label on the thing
    text = re.sub(r"(^|[.!;]\s*)(?:the )?((?:[a-z]+ ){0,2}[a-z]+) ?(?:-+|\u2013|\u2014|:) ?(?:avoid(?: it)?|keep away|stay away|keep clear|"
                  r"off limits|don't touch|do not touch|no touching|no go)(?= *(?:[.!;,]|$))", r"\1avoid the \2", text, flags=re.IGNORECASE)
    # "the middle green cube into the orange bin", "WHITE CUBE IN GREEN BIN NOW": the whole goal a put without its verb
    text = re.sub(r"^\s*(?:please )?((?:the |a )?(?:[a-z]+ ){0,2}(?:cube|can|tin)s?) (?:into|inside|to) ((?:the |a |any )?(?:[a-z]+ ){0,2}"
                  r"bins?)((?: (?:now|please|right now|asap|quickly|thanks|thank you|thx))*[.!]*)$", r"put \1 in \2\3", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:please )?((?!the\b|a\b)(?:[a-z]+ ){0,2}(?:cube|can|tin)s?) in ((?:[a-z]+ ){0,2}bins?)((?: (?:now|please|"
                  r"right now|asap|quickly|thanks|thank you|thx))*[.!]*)$", r"put \1 in \2\3", text,
                  flags=re.IGNORECASE)  # "white cube in green bin now" (with "the" it describes the cube)
    text = re.sub(r"\ba (?:couple|pair)(?: of)?(?= (?:the |those |these |your )?(?:[a-z]+ )?[a-z]+s\b)", "two of", text,
                  flags=re.IGNORECASE)  # "drop a couple of the cubes in the bin", "grab a pair of cubes"
    text = re.sub(r"\b([a-z]+)-(?:coloured|colored|ish|y)\b", lambda m: m[1] if lx.color_of(m[1].lower()) else m[0], text,
                  flags=re.IGNORECASE)  # "the mustard-coloured can", "the navy-ish container"
    text = re.sub(r"^\s*(?:(?:it is|it's|its) possible (?:for you to |that you |you )(?:can |could )?)(?=[a-z])", "",
                  text, flags=re.IGNORECASE)  # "it is possible you bring me the can yellow?": a request
    text = re.sub(r"\b(turn|rotate|spin) (left|right) ([^,.;]*?\b(?:degrees?|deg)\b|[0-9]+(?:\.[0-9]+)?|ninety|forty five|a quarter turn)"
                  r"(.*?)\b(?:turn|rotate|spin) back\b(?! to\b| towards?\b)", lambda m: f"{m[1]} {m[2]} {m[3]}{m[4]}turn "
                  f"{'right' if m[2].lower() == 'left' else 'left'} {m[3]}", text, flags=re.IGNORECASE)  # "..., turn back": the other way
    text = re.sub(r"\b(to|at|point|position|coordinates?|goto) \(\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*\)",
                  lambda m: f"{'go to' if m[1].lower() == 'goto' else m[1]} {m[2]}, {m[3]}", text, flags=re.IGNORECASE)  # "(1.0, -1.0)"
    text = re.sub(r"\b(to|at|point|position|coordinates?) (-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)(?!\s*(?:m|cm|metres?|meters?|degrees?|"
                  r"deg|seconds?|secs?)\b)", r"\1 \2 \3", text, flags=re.IGNORECASE)  # "go to 0.6, -1.2, wait 4 seconds": one point
    text = re.sub(r"\bthe rest of the ([a-z]+s)\b", r"the other \1", text, flags=re.IGNORECASE)  # "now the rest of the cubes"
    text = re.sub(r"\b(?:counting|numbering|going|starting|reading) (from the (?:left|right))\b", r"\1", text,
                  flags=re.IGNORECASE)  # "the second box counting from the left"
    text = re.sub(r"\b(?:most|more) (far|near|close)\b", lambda m: {"far": "farthest", "near": "nearest", "close": "closest"}[m[1].lower()]
                  if m[0].lower().startswith("most") else {"far": "farther", "near": "nearer", "close": "closer"}[m[1].lower()], text,
                  flags=re.IGNORECASE)  # "what is most far", "which is more close"
    text = re.sub(r"\b(?:farest|farrest|fartest|furtest|furthes|farthes)\b", "farthest", text, flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:(?:ok|okay|right|alright)[ ,]+)?(?:[a-z]+ ){0,2}time\s*[:!-]+\s*(?=[a-z])", "", text,
                  flags=re.IGNORECASE)  # "clean up time: every cube ... goes in the blue bin": the request
    # "the ball is left or right?": asked as a question
    text = re.sub(r"^\s*(the (?:[a-z]+ ){0,2}[a-z]+) (is|are) ((?:on )?(?:the |your |my )?(?:left|right)) or ((?:on )?(?:the |your |my )?"
                  r"(?:left|right))\s*\?*\s*$", r"\2 \1 \3 or \4?", text, flags=re.IGNORECASE)
    # "go white ball far", "take cube blue left": a place word said after the object
    text = re.sub(r"^\s*(go to|go|pick up|grab|take|get|fetch) (?:the )?((?:[a-z]+ )?(?:box|cube|bin|ball|can|bottle|plate|cone)) "
                  r"(far|near|left|right)(?=[ .!]*$)", r"\1 the \3 \2", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(wait|pause|stay|hold)(?: for)? (?:another|a further|an extra|a other)\b", r"\1", text,
                  flags=re.IGNORECASE)  # "then wait another 5": 5 seconds more
    # "the two right-hand cubes", "the two cubes on the left": the two leftmost or rightmost
    text = re.sub(r"\bthe (two|three|2|3) (left|right)(?:-hand| hand)? (?=[a-z]+s\b)", r"the \1 \2most ", text, flags=re.IGNORECASE)
    text = re.sub(r"\bthe (two|three|2|3) ([a-z]+s) (?:on|to) the (left|right)(?: side| hand side)?\b", r"the \1 \3most \2", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\b(?:rotate|turn|spin|swivel|pivot)(?: (?:round|around))? so (?:that )?(?:you(?:'re| are| re)|youre|ur) "
                  r"(?:looking|facing|pointing|pointed)(?: straight| right| directly)?(?: at| towards?)?(?= (?:the|that|this|it)\b)"
                  r"|\b(?:rotate|turn|spin|swivel|"
                  r"pivot)(?: (?:round|around))? so (?:that )?you (?:face|look at|point at)(?= (?:the|that|this|it)\b)", "face", text,
                  flags=re.IGNORECASE)  # "rotate so you're looking straight at the orange bin": face it
    text = _COMPLAINT_BEFORE_REQUEST.sub("", text)  # "you're a bit too close to that cone, back up": back up
    # "stop, that's the wrong bin", "stop, my hand is in the bin": a stop, then what is said of things (no place to stop at)
    text = re.sub(r"^(\s*(?:(?:oh|no|hey|wait|whoa|woah)[,!. ]+)*stop(?: (?:right )?(?:there|now|here|it))?)\s*[,;]\s+(?=(?:that|this|it|"
                  r"the|my|your|his|her|there|you|i|we|they|he|she)(?:'s|'re|'m)?\b)", r"\1. ", text, flags=re.IGNORECASE)
    text = _LAST_THING_WANTED.sub(lambda m: "don't go to " if m.group("place") else "don't ", text)  # "the last thing I want is ..."
    # "I'd rather you kept clear of the can": keep clear of it
    text = _RATHER_YOU.sub(lambda m: _RATHER_SAID.get(m.group(1).lower()) or _PRESENT[m.group(1).lower()], text)
    text = _YOU_MOVED_BY.sub("go ", text)  # "I'd like you 2 metres further forward please": a drive
    text = _IN_TIME_FLAT.sub(r"within \1", text)  # "I want you at the bin in one second flat": a time limit
    text = _GO_AHEAD_WITH.sub("carry on", text)  # "I wiped the can, go ahead with it too": no drive ahead
    text = _KINDS_MEANT_AFTER_EXCEPTION.sub(r"\g<said>", text)  # "anything but the can goes in the bin. the cubes I mean"
    text = _EVER_AFTER.sub(r"\g<said>", text)  # "don't go near the orange cone. ever.": the prohibition, said for good
    text = _NO_MATTER_WHICH.sub(", whichever", text)  # "put it in either green bin, doesn't matter which": the choice is left
    text = _NOT_COMING_BACK.sub(", don't come back", text)  # "..., and never mind coming back"
    # a condition said as "provided / as long as / in case": "go to the yellow bin provided there's no purple cube"
    text = re.sub(r"\b(?:provided|providing|as long as|so long as)(?: that)?\b", "if", text, flags=re.IGNORECASE)
    text = re.sub(r"\bin case (?=there|you|it|the|a\b|an\b|any)", "if ", text, flags=re.IGNORECASE)
    text = re.sub(r"\bexcept if\b", "unless", text)  # "go to the red box, except if you see a purple box"
    text = re.sub(r"(?:,?\s*\b(?:and then|then|and))?[,.;!]?\s*\b(?:(?:uh|um|oh|no|nah|wait|actually)[,.!]?\s+)+"
                  r"(?=(?:never mind|nevermind|forget about|forget|scratch)\s+(?:the|that|this)\b)", ". ", text,
                  flags=re.IGNORECASE)  # "go to the blue bin uh no never mind the blue bin go to the red bin"
    text = re.sub(r"\b((?:never mind|nevermind|forget about|forget|scratch) (?:the|that|this) [a-z]+ (?:box|cube|bin))\s+"
                  r"(?=(?:go|pick|put|come|bring|find|turn|head|drive|grab|fetch|take|visit|get|move|just|make)\b)", r"\1, ", text,
                  flags=re.IGNORECASE)  # "never mind the blue bin go to the red bin": its comma
    text = re.sub(r"^(?:(?:wait|hold on|hang on|hey|no|oh|stop)[,!.]?\s+)*(?:don't|dont|do not)\s+(?:go there|go to it|go over there|"
                  r"pick it up|do it|grab it|touch it|go near it)[.!]*$", "don't do that", text,
                  flags=re.IGNORECASE)  # "wait dont go there" said to a moving robot: a stop
    text = _SMALL_TALK.sub("", text)  # "hey how are you doing could you go to the blue box": the request
    # "my mum says put the cube away": the request
    text = _REPORTED_REQUEST.sub(lambda m: "" if m["who"] in SOMEONE_WORDS | _OTHER_REQUESTERS else m[0], text)
    # "put the can in the bin, you'll have to pick it up first of course": the put picks it up first anyway
    if re.match(r"^\s*(?:(?:please|ok|okay|now|so)[ ,]+)*(?:put|drop|place|bin|stick|toss|throw)\b", text, flags=re.IGNORECASE):
        text = re.sub(r"\s*[,;(-]\s*(?:(?:and|but|so|obviously|of course|naturally|you know)[ ,]+)*"
                      r"(?:(?:you'll|you will|you'd|you would|you) "
                      r"(?:have|need|want) to |remember to |make sure (?:you |to )?|just )?(?:pick|picking|grab|grabbing|take|taking) "
                      r"(?:it|that) up (?:first|beforehand)(?:[ ,]+(?:obviously|of course|naturally|duh))*[ )]*(?=$|[,.;!])", "", text,
                      flags=re.IGNORECASE)
    # "visit both yellow bins, right one first", "..., left then right", "put both cubes in the bin, black one first": an order
    text = re.sub(r"(\b(?:both|the two|the three|all(?: the)?|each of the) (?:[a-z]+ )?[a-z]+s\b[^,.;]*?),? (?:the )?([a-z]+)(?:-hand)?"
                  r"(?: one)? (?:first|then (?:the )?[a-z]+(?:-hand)?(?: one)?)(?=$|[,.;!]| and\b)", r"\1, starting with the \2 one", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\bstarting with the (?:far|farther|further|distant) one\b", "starting with the farthest", text,
                  flags=re.IGNORECASE)  # "visit both red boxes starting with the far one"
    text = re.sub(r"\bstarting with the (?:near|nearer|close|closer) one\b", "starting with the nearest", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\b(the (?:[a-z]+ )?(box|cube|bin|one)) (?:(?:right |directly |just )?across from|(?:right |directly |just )?"
                  r"opposite(?: to| of| from)?|on the (?:other|opposite|far) side from) (?=(?:the|that|this) (?:[a-z]+ ){0,2}(?:\2|one)\b)",
                  r"\1 furthest from ", text, flags=re.IGNORECASE)  # "the bin across from the left bin": the other bin
    text = _wanted_not_that(text)  # "it isn't the left red box I want, it's the right one, go there"
    text = _LIST_LESS_ONE.sub(_list_less_one, text)  # "the red cube and the blue cube, no, not the blue one": the red cube
    text = _done_first(text)  # "don't pick up the red cube until you've been to the blue box": the blue box first
    text = _not_unwanted(text)  # "it's not that I don't want you to pick up the red cube, so go ahead": pick it up
    if _COLOUR_PAIRS.match(text):  # "blue in yellow, red in green": each cube into the bin of the colour said after it
        text = _COLOUR_PAIR.sub(lambda m: f"put the {m.group(1).lower()} cube in the {m.group(2).lower()} bin", text)
    text = re.sub(r"^(?:please )?let go(?: please)?[.!]*$", "release it", text, flags=re.IGNORECASE)  # "let go" while holding
    # "i dont know just go to the green bin", "dont worry, just ...": a filler, no prohibition
    text = re.sub(r"^\s*(?:(?:um|uh|so|well|oh|hmm)[ ,]+)*(?:i (?:don't|dont|do not) (?:know|care|mind)(?: which(?: one)?)?|"
                  r"(?:don't|dont|do not) (?:worry|be shy|be scared|panic|mind me)(?: about it)?)[ ,.!]+(?:(?:just|so|and|but)[ ,]+)?"
                  r"(?=[a-z])", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(,|\band)\s*(?:waiting|pausing) (?=(?:for )?(?:\d|a |an |one|two|three|four|five|six|seven|eight|nine|"
                  r"ten)\b)", r"\1 wait ", text, flags=re.IGNORECASE)  # "go to each cube, waiting 1 second at each"
    text = re.sub(r"(,|\band)\s*(?:keeping|keep|passing|pass|leaving) (the (?:[a-z]+ ){0,2}?[a-z]+) (?:on|to) (?:your|the|my) "
                  r"(?:left|right)(?: side)?\b", r"\1 avoiding \2", text, flags=re.IGNORECASE)  # "..., keeping the ball on your right"
    # steps run together as a recogniser writes them: "turn around wait five seconds then come back", "go to the green bin wait
    # ten seconds come back": one after another
    text = re.sub(r"(?<!\bthe )(?<!\bon the )\b(around|left|right|degrees|seconds|secs|metres|meters|metre|meter|back)\s+(?=(?:wait|go|"
                  r"come|turn|drive|pick|put|head|return|spin|rotate)\b(?! (?:of|is|are)\b))", r"\1, then ", text, flags=re.IGNORECASE)
    text = re.sub(r"^(\s*\w+)!+((?:\s+\w+!+){2,})\s*$", lambda m: " ".join(w.strip("!") for w in m.group(0).split()) + "!", text)
    # "go to each cube, waiting 1 second at every cube", "... at each one": at each of them, no object of its own
    text = re.sub(r"\b(?:at|by|after|beside|next to) (?:each|every)(?: one| of them| (?:cube|can|tin|bin|box|ball|bottle|plate|cone|"
                  r"block|object|thing)s?)\b", "at each", text, flags=re.IGNORECASE)
    # "put the red cubes in the green bin, i'll do the white one myself", "..., the white one stays": that one is left
    text = re.sub(r"\s*[,;.]\s*(?:but |and )?(?:i'll|i will|i'm going to|i am going to|i'm gonna|let me|i can) (?:do|handle|take care of|"
                  r"deal with|put away|sort|get|move|tidy)(?: away)? (the (?:[a-z]+ ){0,2}?(?:one|cube|can|tin|block)s?)"
                  r"(?: away)?(?: (?:myself|later|myself later|on my own))*\s*[.!]*\s*$", r", but leave \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[,;.]\s*(the (?:[a-z]+ ){0,2}?(?:one|cube|can|tin|block)s?) (?:stays|stay|remains|remain)(?: (?:where it is|"
                  r"where they are|put|there|behind))?\s*[.!]*\s*$", r", but leave \1", text, flags=re.IGNORECASE)
    # "put all except the cans in the black bin", "put all but the white cube ...": everything but them
    text = re.sub(r"\b(put|move|bring|take|tidy|clear) all (except|but|apart from|other than|save|besides|excluding)"
                  r"(?= the (?:[a-z]+ )?[a-z]+s\b)", r"\1 everything \2", text, flags=re.IGNORECASE)
    # "don't pick up the red cube, instead put ...", "can you not go to the green bin and instead go to ...": the request
    # said after "instead" is asked for, not forbidden with what went before
    text = re.sub(r"\s*(?:[,;.])?\s*(?:and |but |so )?instead,?\s+(?=(?:please )?(?:go|drive|head|pick|grab|put|take|bring|turn|come|"
                  r"visit|find|move|place|drop|toss|throw|get|fetch)\b)", ". ", text, flags=re.IGNORECASE)
    # "the red cube should not go in the green bin, it belongs in the white one": put it there
    text = re.sub(r"([,;.]|\bbut)\s*(?:it|that one|this one|that|this) (?:belongs|goes|should go|must go|needs to go) (in|into|inside)\b",
                  r"\1 put it \2", text, flags=re.IGNORECASE)
    # "not only the red cube but also the orange cube goes in ...", "not just the red cube but the orange cube too": both
    text = re.sub(r"\bnot (?:only|just|merely|simply) (the [a-z ]+?),?\s+but (?:also )?(the [a-z ]+?)(?: too| as well)?"
                  r"(?=\s+(?:goes|go|in|into|to|should|need|needs)\b|\s*[,.;!]|$)", r"\1 and \2", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(left|right),? not (?:to the )?(?!\1)(left|right)\b", r"\1", text, flags=re.IGNORECASE)  # "turn right not left"
    text = re.sub(r"\bclear away (the [a-z ]+?) (in|into) (the (?:[a-z]+ )?bin)\b", r"put \1 \2 \3", text, flags=re.IGNORECASE)
    # "there's no need to keep away from the ball, drive to ...", "you don't have to avoid anything, ...": none kept away from
    text = re.sub(r"^\s*(?:(?:there is|there's|theres) no need|you (?:don't|dont|do not) (?:have|need) to|no need) (?:to )?"
                  r"(?:avoid|keep away from|stay away from|keep clear of|steer clear of|worry about) [^,.;]+[,.;]\s*"
                  r"(?:(?:just|so|and|but)\s+)?(?=[a-z])", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^\s*without moving,?\s*(?=(?:tell|say|what|which|where|how|list|describe|can you tell)\b)", "", text,
                  flags=re.IGNORECASE)  # "without moving, tell me what you see": the question
    # question words typed short or misspelled: "wat color is the botle", "hw far is ...", "were is the grey cube",
    # "how many cubs r there"
    text = re.sub(r"^((?:(?:ok|okay|so|hey|um|uh)[ ,]+)*)(?:wat|wht|whta|waht)\b", r"\1what", text, flags=re.IGNORECASE)
    text = re.sub(r"^((?:(?:ok|okay|so|hey|um|uh)[ ,]+)*)(?:hw|hwo|hiw)\b(?= (?:far|many|big|tall|much|close|near)\b)", r"\1how", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"^((?:(?:ok|okay|so|hey|um|uh)[ ,]+)*)(?:were|wher|whre|wehre)\b(?= (?:is|are|r|was|'s)\b)", r"\1where", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\b(how many (?:[a-z]+ )?(?:[a-z]+)) r (there|you)\b", r"\1 are \2", text, flags=re.IGNORECASE)
    text = re.sub(r"\bcubs\b", "cubes", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:(?:please|kindly|now)[ ,]+)*kindly (?=(?:tell|state|say|list|describe|let me know|inform me|name)\b)", "",
                  text, flags=re.IGNORECASE)  # "Kindly state which bin is nearest to the cone."
    # "ok what can you pick up?", "alright, where is the ball": the question
    text = re.sub(r"^(?:(?:ok|okay|alright|all right|right|well|hmm+|so|now)[ ,]+)+(?=(?:what|whats|what's|which|where|where's|how|"
                  r"is|are|can you|could you|do you|does)\b[^.!]*\?\s*$)", "", text, flags=re.IGNORECASE)
    # steps numbered "1st ... 2nd ...": one after another
    text = re.sub(r"(?:^|(?<=\s))(?:1st|2nd|3rd|4th|5th|6th)\s+(?=(?:go|drive|head|pick|put|grab|take|bring|turn|come|visit|find|"
                  r"wait|return|move|back|spin)\b)", lambda m: "" if m.start() == 0 else ", then ", text, flags=re.IGNORECASE)
    # "go to the box. Before that, though, grab the yellow cube", "... Oh and first go to the grey box": said first
    text = re.sub(r"\b(before that|but before that|first)(?:,)? though,?", r"\1,", text, flags=re.IGNORECASE)
    text = re.sub(r"([.;!])\s*(?:oh,? )?(?:and )?(?:but )?first(?:ly)?,?\s+(?=(?:go|drive|head|pick|put|grab|take|bring|turn|come|"
                  r"visit|find|wait)\b)", r"\1 before that, ", text, flags=re.IGNORECASE)
    # "bring back the grey cube", "bring the white cube back please": bring it here
    text = re.sub(r"^((?:(?:please|ok|okay|now|hey|robot)[ ,]+)*)bring back ((?:the|a|an|that|this|any) (?:[a-z]+ ){0,2}?"
                  r"(?:cube|can|tin|block|brick)s?)((?: (?:please|for me|thanks|thank you))*)\s*([.!?]*)$", r"\1bring me \2\3\4", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"^((?:(?:please|ok|okay|now|hey|robot)[ ,]+)*)bring ((?:the|a|an|that|this) (?:[a-z]+ ){0,2}?(?:cube|can|tin|"
                  r"block|brick)s?) back((?: (?:please|for me|thanks|thank you))*)\s*([.!?]*)$", r"\1bring me \2\3\4", text,
                  flags=re.IGNORECASE)
    text = re.sub(rf"\b({'|'.join(COLORS)}|gray)(box|cube|bin|can|ball|bottle|plate|cone)(e?s)?\b", r"\1 \2\3", text,
                  flags=re.IGNORECASE)  # "go to the redbin"
    # "don't do a thing", "don't take another step", "please you are stopping": nothing moves
    text = re.sub(r"^(?:(?:please|now|ok|okay|robot)[ ,]+)*(?:(?:don't|dont|do not) (?:do (?:a thing|anything)|take (?:another|a|one more|"
                  r"a single) step|budge|make a move)|(?:you are |you're |ur |you )?stopping)(?:[ ,]+(?:now|please|yet|for now|right now|"
                  r"for a (?:moment|minute|second|bit)))*[.!]*$", "don't move", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(in|into|to) the [a-z]+\s*(?:\.{2,}|\u2026|,|-)?\s*(?:(?:er|erm|um|uh|sorry|i mean|no|oops|wait)[ ,.!]+)+"
                  r"(?=the (?:[a-z]+ )?(?:box|cube|bin)\b)", r"\1 ", text, flags=re.IGNORECASE)  # "into the yellow... er, the red bin"
    text = re.sub(r"\s*(?:\.{2,}|\u2026)\s*(?=the (?:[a-z]+ )?one\b|the one\b)", ". ", text)  # "go to the red box... the left one"
    text = re.sub(r"(\bnot the [a-z]+ one,\s*the (?:farthest|furthest|nearest|closest|biggest|smallest|leftmost|rightmost))"
                  r"\s*([.!]*)$", r"\1 one\2", text, flags=re.IGNORECASE)  # "..., not the closest one, the farthest"
    text = re.sub(r"^(?:hold on|hang on|wait|one sec|one second|just a sec)(?: a (?:sec|second|moment|minute|tick|mo))?[,.!]*\s+"
                  r"(?=(?:where|what|whats|what's|how|which|is|are|do|does|can|could)\b)", "", text,
                  flags=re.IGNORECASE)  # "hold on a sec, where is the green cube": the question
    text = re.sub(r"^(everything|all the cubes|all cubes) (except|but|apart from|other than) (the [a-z]+ cube) (?:in|into|goes in|"
                  r"go in|goes into) (the [a-z]+ bin)[.!]*$", r"put all the cubes \2 \3 in \4", text,
                  flags=re.IGNORECASE)  # "everything except the blue cube into the red bin"
    text = re.sub(r"(?<=[a-z])\s+(?:full stop|period)\b[.!]*", ".", text, flags=re.IGNORECASE)  # dictated punctuation
    text = re.sub(r"(?<=[a-z])\s+comma\b", ",", text, flags=re.IGNORECASE)
    text = re.sub(r",?\s+so (?:that )?(?:nobody|no one|noone|no-one|none of us|nobody else)\b[^,.;!?]*", "", text,
                  flags=re.IGNORECASE)  # "... so nobody trips on it": why, not something not to do
    text = re.sub(r"^(?:inventory check|status report|status check|quick question|question|query|request|task|job)\s*[:,-]\s*", "",
                  text, flags=re.IGNORECASE)  # "status report: what do you see"
    text = re.sub(r"^(?:how many times do i (?:have|need) to (?:say|tell you)(?: it| this| that)?|for the last time|i told you already|"
                  r"i already told you|like i said|as i said)[,!.?]*\s+(?=[a-z])", "", text, flags=re.IGNORECASE)
    text = re.sub(r",?\s+(?:i guess|i think|i suppose|i reckon|probably|maybe|perhaps)[.!?]*$", "", text,
                  flags=re.IGNORECASE)  # "the one on the left i guess"
    text = re.sub(r"\b(if|unless|when|once) its\b(?= (?:not|in|inside|there|here|empty|full|closer|nearer|further|farther|bigger|"
                  r"smaller|more|less|still|already|gone|missing|visible|red|blue|green|yellow|orange|purple)\b)", r"\1 it's", text,
                  flags=re.IGNORECASE)  # "pick up the red cube if its not in a bin": it's
    text = re.sub(r"\bif you do(?: find (?:it|one|them))?\b(?!\s+not\b)", "if you find it", text,
                  flags=re.IGNORECASE)  # "look for the blue box and if you do, go to it"
    text = re.sub(r"(^|[.!?,]\s*)oh,? wait\b", r"\1wait", text, flags=re.IGNORECASE)  # "... oh wait, the blue box"
    text = re.sub(r"\bwhilst\b", "while", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:nip|pop|scoot|scurry|zip|dash|hop)(?: on)? (?:over |across |along )?to\b", "go to", text,
                  flags=re.IGNORECASE)  # "nip over to the yellow bin"
    text = as_said_here(text)
    text = re.sub(r"^((?:wait|oh|hmm|um|uh)[,.!]?\s+)?no\s+(?=(?:go|pick|put|come|bring|grab|fetch|find|turn|drive|head|move|visit|"
                  r"take)\b(?!ing))", r"\1no, ", text, flags=re.IGNORECASE)  # "no go to the blue box": a correction
    text = re.sub(r",?\s*\b(?:and )?for (?:god's|gods|goodness'?|heaven's|heavens|pete's|petes|the love of god|crying out loud) sake\b,?"
                  r"|\bfor the love of (?:god|pete|mike)\b,?", ",", text, flags=re.IGNORECASE)  # "..., and for god's sake don't ..."
    text = re.sub(r"^((?:without|while avoiding|whilst avoiding|avoiding) (?:touching |hitting |going near )?(?:anything(?: else)?|"
                  r"the [a-z]+ [a-z]+))\s+(?=(?:go|nip|head|drive|move|pick|put|come|get|bring|visit)\b)", r"\1, ", text,
                  flags=re.IGNORECASE)  # "without touching anything else go to the yellow bin": its comma
    text = re.sub(r"^((?:when|once|as soon as) you (?:get to|reach|arrive at|are at) the [a-z]+ (?:box|cube|bin))\s+"
                  r"(?=(?:turn|wait|put|drop|pick|come|go|stop|look|if|then|spin|drive|head)\b)", r"\1, ", text,
                  flags=re.IGNORECASE)  # "when you get to the blue box turn around": its comma
    text = _WHEN_DONE_DOING.sub(lambda m: f"{_DOING_AS_DONE[m.group(2).lower()]} {m.group(3)}, then {m.group(1)}",
                                text)  # "come back when you're done going to the red box": the red box first
    text = _PAUSED_CORRECTION.sub(", no, ", text)  # "go to the red bin hang on not the red bin the red box"
    text = _TAKEN_BACK_BETWEEN.sub("", text)  # "go to the green box, don't do that, go to the blue box"
    text = _NON_KIND.sub(lambda m: f"{m.group(1)} thing that is not a {m.group(2).lower()}",
                         text)  # "the nearest non-cube": the nearest thing that is not a cube
    text = re.sub(r"(?:,\s*|\s+)(?:but |and )?not (?:if|when|in case)\b", " unless", text,
                  flags=re.IGNORECASE)  # "go to the red box, but not if you see a yellow cube"
    text = re.sub(r"^only if\b", "if", text.strip())  # "only if you see a yellow bin, ..."
    text = _SPELLED_OUT.sub(lambda m: m.group(0).replace(" ", "").replace(".", "").replace("-", ""), text)  # "s t o p"
    text = _MISTYPED_NOT.sub(lambda m: f"{m.group(1)}n't", text)  # "do'nt", "don;t", "dont'": a "not" all the same
    text = _RUN_TOGETHER_NOT.sub(lambda m: f"{m.group(1)} not {m.group(2) or ''}", text)  # "donot", "dontgo"
    text = _TEXTED_NOT.sub("don't", text)  # "dnt", "dn't": texted short forms of "don't"
    text = re.sub(r"(\d)\s*(?:\"|\u201d|''|\u2033)", r"\1 in", text)  # 3" (inches)
    text = re.sub(r"(\d)\s*(?:\u2032|'(?![a-z]))", r"\1 ft", text)  # 3' (feet)
    text = _DISTANCE_FRACTION.sub(_fraction_as_decimal, text)  # "1/3 m", "2/3 of a metre", "1 1/2 metres"
    text = _TURN_FRACTION.sub(lambda m: f"{360.0 * int(m.group(1)) / int(m.group(2)):g} degrees" if int(m.group(2)) else m.group(0),
                              text)  # "1/3 of a turn"
    text = re.sub(r"(?<![\d.])([13])\s*/\s*([24])(?![\d.])", lambda m: _FRACTIONS.get(m.group(0).replace(" ", ""), m.group(0)),
                  text)  # "a 1/4 turn"
    text = _PI.sub(lambda m: f"{float(m.group(1) or 1) * 180.0 / float(m.group(2) or 1):g} degrees", text)  # "pi over 2"
    if any(mark in text for mark in (">", "\u2192", "\u21d2", "\u27f6")):
        if len(_ARROW.findall(text)) == 1:  # "ball orange => bin": into it (or refused); "red box -> blue bin -> home": a route
            text = re.sub(r"(^|[,;.]\s*(?:then |and |and then |next )?)((?:all |every |both |each )?(?:\d+ |the |a )?(?:[a-z]+ ){0,2}?"
                          r"[a-z]+)\s*(?:-+>|=+>|\u2192|\u21d2|\u27f6)\s*(?=(?:the |a |any )?(?:[a-z]+ )?bins?\b)", r"\1put \2 in ", text)
        text = _ARROW.sub(" to ", text)  # "red cube -> green bin"
    text = _ONE_WHOLE_TURN.sub(r"a \1", text)  # "turn left one full circle": a count, not "the left one"
    text = _VERBLESS_PUT.sub(lambda m: f"{m.group(1)}put {m.group(2)} in ", text)  # "red cube to the red bin, then ..."
    text = _THE_OTHER.sub(lambda m: f"the other {'ones' if m.group(1) in ('others', 'other two', 'other three', 'rest') else 'one'}",
                          text)  # "go to the left red box, then the other"
    text = re.sub(r"\bthe remaining\b", "the other", text, flags=re.IGNORECASE)  # "put the remaining cubes in ..."
    text = _DO_A_TURN.sub(lambda m: f"turn {m.group(2)} {_SAID_DEGREES.get(m.group(1).lower(), m.group(1))} degrees", text)
    text = re.sub(r"\b(?:hook|bang|hang|pull|swing) a (left|right)\b", r"turn \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bone step (?=to the (?:left|right)\b)", "a step ", text, flags=re.IGNORECASE)
    text = re.sub(r"\btake (?=(?:a|one|two|three|four|five|\d+|a few|a couple of) (?:small |little |big )?steps?\b)", "go ", text,
                  flags=re.IGNORECASE)  # "take two steps forward"
    text = re.sub(r"\b(?:then |and then |and )?(?:go |move |drive )?(?:a (?:bit|little|tad) |slightly )(?:further|farther)"
                  r"(?: on| forward| ahead)?\b", " then go forward a bit", text, flags=re.IGNORECASE)  # "... then a bit further"
    text = re.sub(r"\b(?:st op|s top|sto p)\b", "stop", text, flags=re.IGNORECASE)  # a recogniser's split "stop"
    text = _THEN_STOP_THERE.sub(r"\1", text)  # "go forward one metre and stop": it stops when the drive ends
    text = re.sub(r"^should there be\b", "if there is", text, flags=re.IGNORECASE)  # "should there be no purple box, ..."
    text = re.sub(r"(^|[.,;]\s*|\band\s+)should you (see|find|spot|notice|come across)\b", r"\1if you \2", text,
                  flags=re.IGNORECASE)  # "drive to the red bin. should you spot a purple cube, grab it"
    text = re.sub(r"\ben route\b", "on the way", text, flags=re.IGNORECASE)
    text = _SAID_DECIMAL.sub(_said_decimal, text)  # "go forward one point two five metres": 1.25 m, not a point
    text = _RUN_ON_MOTION.sub(r"\1, ", text)  # "turn left go forward one metre": two steps
    text = re.sub(r",? failing which,?", ", or, failing that,", text, flags=re.IGNORECASE)
    text = _WHEN_YOU_SEE.sub(r"when you see \1, \2", text)  # "when you see a purple box go to it": no question
    text = _EYES_PEELED.sub("keep an eye out for", text)  # "keep your eyes peeled for an orange bin"
    text = _LOOKOUT_THEN_IF.sub(lambda m: f", and if you see {m.group(1)} on the way, {m.group(2)}", text)
    text = _ANY_YOU_PASS.sub(lambda m: f", and if you see {m.group(2)} {m.group(3)} on the way, {m.group(1)} it", text)
    text = _AROUND_AND_BACK.sub(r"\1 go forward \2", text)  # "turn around, and come back 2 metres": facing home now
    text = _A_BREAK.sub(lambda m: f"wait {m.group(1)} {m.group(2)}", text)  # "take a 30 second break"
    text = re.sub(r"^(?:move it|hurry up|chop chop|get a move on|step on it|(?:i'?m|i am|we'?re|we are) in (?:a|such a) "
                  r"(?:hurry|rush)|quick(?:ly)?|urgent)[!,.:;-]*\s*(?:(?:and|so)\s+)?(?=\w)", "", text,
                  flags=re.IGNORECASE)  # "move it! go to the yellow box", "hurry up and get the red cube", "im in a hurry: ..."
    text = re.sub(r"(?<=\w)\s*[.!,;]\s*(?:(?:ok(?:ay)?|now|so|right|and)[, ]+)?(?:go(?:[ ,!]+go)*|let'?s go|let us go|off you go|"
                  r"go now|now go|ready,? set,? go)[.!]*\s*$", "", text, flags=re.IGNORECASE)  # "go to the blue box. Go."
    text = re.sub(r"^(?:omg|oh my god|oh my gosh|wow|whoa|ooh|ah)[!,.]*\s+(?=the [a-z]+ [a-z]+[,!.]+\s*(?:pick|grab|get|go))",
                  "", text, flags=re.IGNORECASE)  # "omg the red cube, pick it up!!"
    text = re.sub(r"^(\d+(?:\.\d+)?\s*(?:m|cm|metres?|meters?|ft|feet))\s+(forward|fwd|ahead|back|backwards?)\b(.*)$",
                  r"go \2 \1\3", text, flags=re.IGNORECASE)  # "2m fwd", "50cm forward please"
    text = re.sub(r"^(left|right) (\d+)(?![\d.,])(?: degrees| deg)?\b|^(\d+) (left|right)\b",
                  lambda m: f"turn {m.group(1) or m.group(4)} {m.group(2) or m.group(3)} degrees", text,
                  flags=re.IGNORECASE)  # "90 left", "left 90 degrees"
    text = re.sub(r"^r (there|u|you)\b", r"are \1", text, flags=re.IGNORECASE)  # "r there any cubes", "r u holding anything"
    text = re.sub(r"\bwut\b", "what", text, flags=re.IGNORECASE)
    text = re.sub(r"^(?:unpause|unfreeze|un-pause|un-freeze)\b", "resume", text, flags=re.IGNORECASE)
    text = re.sub(r"^which (box|cube|bin) is the (nearest|closest|farthest|furthest)(?: one)?\b", r"which \1 is \2", text,
                  flags=re.IGNORECASE)  # "which box is the nearest one": of the boxes
    text = _NOT_THAT_COLOUR.sub(lambda m: f", no, the {m.group(2)} one", text)  # "grab the green cube, no not green, blue"
    text = re.sub(r"(^|[.!?]\s*)(?:important|note|nb|n\.b\.|fyi|reminder|ps|p\.s\.)\s*[:!-]+\s*", r"\1", text,
                  flags=re.IGNORECASE)  # "Go to the green box. Important: do not go near the blue cube!!"
    text = _CHATTY.sub("", text)  # "would you be a dear and ...", "..., you know, ...", "oi! ...", "quick q: ..."
    text = re.sub(r"\b(?:so{3,})\b", "so", text, flags=re.IGNORECASE)  # "soooo what's the closest cube"
    text = _OVER_TO_WITH_YOU.sub(r"go to \1", text)  # "over to the red bin with you"
    text = _GIVE_IT.sub(r"wait \1 \2", text)  # "give it 5 seconds and then ..."
    text = _IN_THE_MIDDLE_OF.sub("in the middle", text)  # "the red box in the centre of the row"
    text = re.sub(r"^(?:the )?one in between[ .!?]*$", "the middle one", text, flags=re.IGNORECASE)
    if not re.match(r"\s*(?:is|are|was|were|how|what|which|where|do|does|can)\b", text, re.IGNORECASE) and "?" not in text:
        text = re.sub(r"\b(box|cube|bin|one) (?:near|close to|by) (you|me)\b", r"\1 nearest \2", text,
                      flags=re.IGNORECASE)  # "go to the red box near you": of two, the nearer
    text = re.sub(r"^(?:the )?(second|third|2nd|3rd) (closest|nearest|farthest|furthest)[ .!?]*$", r"the \1 \2 one", text,
                  flags=re.IGNORECASE)  # "the second closest" said as which one
    text = re.sub(r"\b(nearest|closest|farthest|furthest|next) (it|them)\b", r"\1 to \2", text, flags=re.IGNORECASE)
    text = _EXCEPT_WHICH.sub(lambda m: f"{m.group(2)} {m.group(3).rstrip(' ?')} other than {m.group(1)}?",
                             text)  # "other than the blue one, which boxes can you see?"
    text = re.sub(r"\bprior to\b", "before", text, flags=re.IGNORECASE)
    text = re.sub(r"\bcheck in (?:at|with)\b", "stop by", text, flags=re.IGNORECASE)
    text = _IF_YOU_CAN_ELSE.sub(r"\1, or, failing that, \2", text)  # "go to the red box if you can, otherwise the blue box"
    text = re.sub(r"^(?:i'm|i am|im) (?:gonna|going to) (?:need|want|ask) (?:you|u) to\b", "please", text,
                  flags=re.IGNORECASE)  # "I'm gonna need you to go to the red box": now, not later
    text = re.sub(r"^(?:okay |ok |so |um |uh )*(?:so )?what i (?:want|need) is (?:for )?(?:you|u) (?:to )?", "", text,
                  flags=re.IGNORECASE)  # "what i want is you grab the yellow cube"
    text = re.sub(r"^(?:okay |ok |so |um |uh )*(?:so )?what i (want|need) is (?=the |a )", r"i \1 ", text,
                  flags=re.IGNORECASE)  # "what i want is the red cube in the blue bin"
    text = re.sub(r"^(?:before (?:you do |doing |you )?anything else|first things first|first of all|first and foremost|"
                  r"to begin with|to start with|for starters)[,:]?\s+", "first, ", text,
                  flags=re.IGNORECASE)  # "before you do anything else go to the blue bin then ...": that first
    text = _BEFORE_YOU.sub(lambda m: f"{m.group(3)}, then {m.group(1)} {m.group(2)}", text)  # "before you go to X, Y": Y, X
    text = _ON_YOUR_WAY_TO.sub(lambda m: f"{m.group(2)}, then go to {m.group(1)}", text)  # "on your way to X, Y": Y, X
    text = re.sub(r"\bif you (?:spot|catch sight of|come upon)\b", "if you see", text, flags=re.IGNORECASE)
    text = _HOW_FAR_IN_UNITS.sub(r"\1?", text)  # "how far is the blue bin in cm": its distance (told in metres)
    text = _OR_NOT.sub(r"\1?", text)  # "is the green bin empty or not": the question
    text = _ASKED_NOW.sub(r"\1\2", text)  # "what's in your gripper right now?": what is in it
    text = re.sub(r"\b(?:u r|ur)(?= (?:done|finished|there|back|ready|through)\b)", "you are", text,
                  flags=re.IGNORECASE)  # "when ur done, come back"
    text = _WHERE_YOU_STARTED.sub("to the start", text)  # "back to where you started", "return to your original position"
    text = _OBJECTS_AND_BACK.sub(r"go to \1, then come back", text)  # "red box and back", "red box, blue bin and back"
    text = re.sub(r"\b(forward|forwards|ahead|back|backwards|backward)\s+(\d+(?:\.\d+)?)\s+(?=(?:turn|rotate|spin|pivot)\b)", r"\1 \2, ",
                  text, flags=re.IGNORECASE)  # "go forward 2 turn left": the drive, then the turn
    text = re.sub(r",? after all\b", "", text, flags=re.IGNORECASE)  # "no, the yellow bin after all"
    text = re.sub(r"^if no (?=[a-z]+ [a-z]+\b)", "if there is no ", text, flags=re.IGNORECASE)  # "if no purple box, go to ..."
    text = re.sub(r",? but (?:don't|do not|dont) stop there,? (?:keep going|carry on|continue|go on|keep driving)(?: on)? (?:to|on to|"
                  r"towards)\b", ", then go to", text, flags=re.IGNORECASE)  # "go to the red box, but don't stop there, keep going to ..."
    text = _PICK_TAKEN_BACK.sub(lambda m: f"{'approach' if m.group(3).lower() == 'approach' else 'go to'} {m.group(2)}",
                                text)  # "pick up the red cube. wait, no, don't pick it up, just go to it"
    text = _visit_skipped_by_place(text)  # "go to the red box, the blue box and the green bin but skip the second one"
    text = _NOT_IN_THAT_ORDER.sub(r"go to \3, then \2", text)  # "visit the red box and the green box but not in that order"
    text = _BUT_NOT_THESE.sub(r"any \1 except \2", text)  # "go to the bin but not the red one or the yellow one"
    text = _STOP_AT_SAID.sub(r"\1, then stop", text)  # "go to the red box, then the blue box, but stop after the red box"
    text = re.sub(r"^if you find\b(?=.*\b(?:otherwise|else|if not|if you (?:can't|can not|cannot|don't|do not))\b)", "if you can find",
                  text, flags=re.IGNORECASE)  # "if you find the purple cube pick it up, otherwise come back": a search
    text = re.sub(r"\b(?:put|place|drop|set) (the [a-z]+ cube|it) (?:in|into|on) my hands?\b", r"hand me \1", text,
                  flags=re.IGNORECASE)  # "put the blue cube in my hand": bring it
    text = re.sub(r"^(?:please )?(?:(?:could|would|will|can) you )?be (?:a|an|my) (?:sweetheart|angel|love|pal|good robot|doll|darling|"
                  r"star|gem|champ|mate|buddy|sport|good sport|honey|sweetie|treasure|lamb|legend|hero)(?: robot)? and\s+", "",
                  text, flags=re.IGNORECASE)  # "be a sweetheart and go to the red box"
    text = re.sub(r"^am i (?:able|allowed|permitted) to (have|get)\b", r"can i \1", text,
                  flags=re.IGNORECASE)  # "am I able to get the blue cube": a request for it
    text = re.sub(r"\b(to|up|the|a|an|fetch|grab|get|find|into|in|at)\s*(?:\.{2,}|\u2026)\s*", r"\1 ", text,
                  flags=re.IGNORECASE)  # "go to... the red box": a pause, not a sentence's end
    text = re.sub(r"\b([a-z]+ (?:box|cube|bin))'s (off limits|off-limits|out of bounds|dangerous|forbidden|not allowed|"
                  r"hot|fragile|broken)\b", r"\1 is \2", text, flags=re.IGNORECASE)  # "the green cube's off limits"
    text = re.sub(r"^((?:never mind|nevermind|forget)(?: that| this| it)?|scratch that|(?:don't|dont|do not) stop)\s+"
                  r"(?=(?:go|pick|put|come|bring|find|turn|head|drive|grab|fetch|take|visit|get|move)\b)", r"\1, ", text,
                  flags=re.IGNORECASE)  # "never mind that go to the green box"
    text = re.sub(r"(?<=[a-z]) (not (?:the other one|that one|the other|the one on the (?:left|right)))\b", r", \1", text,
                  flags=re.IGNORECASE)  # "go to the red box on the left not the other one"
    for _ in range(4):  # "put the red cube in the red bin, then the yellow one, then the blue one"
        text = _NEXT_CUBE_BY_COLOUR.sub(r"\1\3\4 \2", text)
    asked, _, request = text.rpartition("?")
    if not _ASKED_ABOUT.match(request or text):  # questions say "not in a bin" in their answers
        request = _NOT_IN_A_BIN.sub(r"loose \1", request)  # "pick up the cube that isn't in a bin": the loose cube
        text = f"{asked}?{request}" if asked else request  # (after a question: "how many are there? get the one ...")
    text = _BIN_WITHOUT_A_CUBE.sub("empty bin", text)  # "the bin that doesn't have anything in it": the empty bin
    text = _ONLY_LOOK_AFTER_PROHIBITION.sub(r"\1", text)  # "don't touch anything, just look": the prohibition alone
    text = _NOT_NEAR.sub(f" {_NOT_NEAR_TOKEN} ", text)  # "the red box that isn't near the blue cube": one not beside it
    text = _NOT_COLOUR_OR_NEAR.sub(rf"\1 {_NOT_NEAR_TOKEN} ", text)  # "the cube that isn't green and isn't near the bin"
    text = _WHICH_NOT_NEAR.sub(rf"\1 {_NOT_NEAR_TOKEN} ", text)  # "which cube isn't near the bin?", "how many cans aren't ..."
    text = _COMPARED_PLACE.sub(lambda m: f"{m.group(1)} {'closest to' if m.group(2).lower() in ('closer', 'nearer') else 'farthest from'} ",
                               text)  # "put it in the bin closer to the cone": of the bins, the one closest to it
    text = _WHERE_DID_IT_GO.sub(r"where is \1?", text)  # "where did the blue cube go"
    text = _POLITE_IF.sub("", text)  # "go to the red box if you don't mind": politeness, no condition
    text = _NEVER_THE.sub(", avoid ", text)  # "go to the green box, and never the yellow box"
    text = re.sub(r"\b(?:whatcha|watcha|wotcha|whaddya|whadda)\b", "what are you", text, flags=re.IGNORECASE)
    text = _I_DONT_WANT_YOU.sub(lambda m: "don't " + _WANTED_NOT.get(m.group(1).lower(), "go near"), text)
    text = _NUMBERED_ITEMS.sub(_numbered_as_steps, text)  # "1) yellow box 2) green bin 3) come back"
    text = re.sub(r"\ba second time\b", "again", text, flags=re.IGNORECASE)
    text = _DONT_YOU_DARE.sub("don't", text)  # "don't you dare touch the red box"
    not_past = _SET_DRIVE_NOT_PAST.search(text)
    if not_past:  # "drive forward 2 metres but don't go past the red cube"
        raise GoalRefused("I drive a set distance without checking where an object is on the way; to stop before "
                          f"{not_past.group('what')}, say 'go to' it, or a shorter distance")
    text = _NOT_PASSING.sub(lambda m: f"{', ' if m.group(1) or m.group(2) else ''}don't go near",
                            text)  # "without passing the red box"
    text = _ANY_FORBIDDEN.sub(lambda m: f"{m.group(1)}all the {m.group(2) if m.group(2).endswith('s') else plural(m.group(2))}",
                              re.sub(r" {2,}", " ", text))  # "don't go near any bin": none of them
    text = _FRONTED_EXCEPTION.sub(r"put \1 \2\3", text)  # "everything but the red cube goes in the yellow bin"
    text = _EXCEPTION_SAID_FIRST.sub(r"\1,", text)  # "except for the green box go to all the boxes": its comma
    text = _NOT_THIS_AND_NOT_THAT.sub(lambda m: f"{m.group(1)} except {m.group(2)}{_AND_NOT.sub(r' ', m.group(3))}",
                                      text)  # "put all cubes in the green bin but not the blue and not the yellow"
    text = re.sub(r"\b((?:all|every|each)(?: the| of the)? [a-z]+) but not\b", r"\1 except", text,
                  flags=re.IGNORECASE)  # "visit all the boxes but not the red one or the blue one"
    text = re.sub(r"\b(other|rather|more|less|fewer|closer|nearer|further|farther|bigger|smaller) then\b", r"\1 than", text,
                  flags=re.IGNORECASE)  # "other then the red box": "than" typed or heard as "then"
    text = _SOMEWHERE_ELSE.sub(lambda m: f"go to the nearest thing other than {m.group(1)}", text)  # "go somewhere other than X"
    text = _WHICHEVER_FIRST.sub(lambda m: f"{m.group(1)} to the {_one_as(m.group(4), m.group(2))} or the "
                                          f"{_one_as(m.group(5), m.group(2))}, whichever is {m.group(3)}",
                                text)  # "go to whichever is closer, the red box or the blue bin"
    text = _TAKEN_BACK_SENTENCE.sub(lambda m: m.group("rest"), text)  # "go to the green cube. dont. go to the red box"
    text = _RANKED_EXCEPTION.sub(r"\1 the \2 one", text)  # "all the boxes except the leftmost box": the leftmost one
    text = _COMMA_BEFORE_EXCEPTION.sub(" ", text)  # "put all the cubes in the bin, except the green cube": one clause
    text = _SAID_ANGLE.sub(lambda m: _SAID_ANGLES[re.sub(r"[- ]+", " ", m.group(0).lower())], text)  # "do a three-sixty"
    text = re.sub(r"\b(to|visit|find|approach|grab|fetch)\s*:\s*(?=\w)", r"\1 ", text, flags=re.IGNORECASE)  # "go to: red box"
    text = re.sub(r"\bthe one and only\b", "the", text, flags=re.IGNORECASE)  # "the one and only yellow box"
    text = re.sub(r"(?<=[a-z])\s+(?:dont|don't|do\s+not)\s*[.!]*\s*$", ", don't", text,
                  flags=re.IGNORECASE)  # "go to the yellow bin dont": taken back
    return _SPLIT_CONTRACTION.sub(r"\1'\2", " ".join(text.lower().split()))


_FRACTIONS = {"1/4": "a quarter", "1/2": "half a", "3/4": "three quarters"}
# Whole turns said as their degrees in words, as people name them: "do a three-sixty", "pull a one-eighty".
_SAID_ANGLES = {"three sixty": "360", "one eighty": "180", "seven twenty": "720"}
# A put said without its verb, one of several: "red cube to the red bin, then blue cube to the blue bin",
# "red cube and yellow cube into the green bin", "yellow cube in the yellow bin and green cube in the green bin".
_CARRIED_NOUN = r"(?:cubes?|cans?|tins?)"
_ARROW = re.compile(r"\s*(?:-+>|=+>|\u2192|\u21d2|\u27f6)\s*")
_VERBLESS_PUT = re.compile(rf"(^(?:first )?(?=(?:the |a )?(?:[a-z]+ )?{_CARRIED_NOUN}(?: (?:and|&|then|and then) (?:the |a )?(?:[a-z]+ )?"
                           rf"{_CARRIED_NOUN})?"
                           r" (?:to|into|inside|goes in|goes into|->) )|[,;.]\s*(?:then |and |and then |after that |next )?|\bthen |"
                           r"(?<=bin )and (?:then )?)"
                           rf"((?:the |a |one )?(?:[a-z]+ )?{_CARRIED_NOUN}(?: (?:and|&|then|and then) (?:the |a )?(?:[a-z]+ )?"
                           rf"{_CARRIED_NOUN})?)"
                           r" (?:to|in|into|inside|goes in|goes into|->)\s+(?=(?:the |a |any )?(?:[a-z]+ )?bins?\b)",
                           re.IGNORECASE)
# "The other" or "the others" said without a noun: the other one or ones of the kind just named.
_THE_OTHER = re.compile(r"(?<!between )(?<!among )\bthe (others|other two|other three|other)"
                        r"(?= *(?:$|[,.;!?]| then\b| and\b| too\b| as well\b| after\b))",
                        re.IGNORECASE)
# A stop said after a set motion, where that motion ends anyway: "go forward one metre and stop".
_THEN_STOP_THERE = re.compile(r"^((?:go|drive|move|roll|back up|reverse|turn|rotate) [^,;]*?\b(?:\d+(?:\.\d+)?|one|two|three|half|a)"
                              r" ?(?:m|cm|mm|metres?|meters?|centimet(?:er|re)s?|feet|foot|degrees?|steps?|bit)\b[^,;]*?),? (?:and|then|"
                              r"and then) stop(?: there| moving)?[ .!]*$", re.IGNORECASE)
# "When you see a purple box go to it": a comma before the request, so the opening "when" asks nothing.
_WHEN_YOU_SEE = re.compile(r"^when you (?:see|spot|find|notice|come across) ((?:a|an|the|any) [a-z]+ [a-z]+) (?=(?:go|head|drive|"
                           r"pick|grab|get|stop|turn|come|approach|put|bring|fetch)\b)(.*)$", re.IGNORECASE)
# Digits said in words ("one point two five"): the lexicon's numbers up to ten, and "oh" for zero.
_DIGIT_WORDS = {**{w: str(n) for w, n in lx.NUMBER_WORDS.items() if 0 <= n <= 10 and w != "no"}, "oh": "0"}
# A decimal said in words before a unit: "one point two five metres" is 1.25 m (two numbers said as a
# point are a point only when no unit follows).
_SAID_DECIMAL = re.compile(r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|\d+) point((?: (?:zero|oh|one|two|three|four|"
                           r"five|six|seven|eight|nine|\d))+) (?=(?:m|cm|mm|metres?|meters?|feet|foot|ft|degrees?|inches)\b)",
                           re.IGNORECASE)


def _said_decimal(match: re.Match[str]) -> str:
    whole = _DIGIT_WORDS.get(match.group(1).lower(), match.group(1))
    return f"{whole}.{''.join(_DIGIT_WORDS.get(w.lower(), w) for w in match.group(2).split())} "


# A step said straight after a direction or an amount, with no comma or "and": "turn left go forward 1 m".
_RUN_ON_MOTION = re.compile(r"\b(left|right|around|forward|forwards|ahead|backwards|degrees|metres?|meters?|m|cm|feet)"
                            r" (?=(?:go|turn|drive|move|come|head|rotate|spin|reverse|back up)\b)", re.IGNORECASE)
# A turn said as its degrees: "do a 90 to the right", "do a quick 45 to the left", "do a ninety to the left".
_DO_A_TURN = re.compile(r"\b(?:do|make|pull) a (?:quick |fast |sharp |slow )?(\d+|ninety|forty[- ]five|thirty|sixty) "
                        r"(?:degrees? )?(?:to (?:the |your )?)?(left|right)\b", re.IGNORECASE)
_SAID_DEGREES = {"ninety": "90", "forty-five": "45", "forty five": "45", "thirty": "30", "sixty": "60"}
_EYES_PEELED = re.compile(r"\b(?:keep (?:your |an )?eyes? (?:peeled|open) for|be on the lookout for|keep a lookout for)\b",
                          re.IGNORECASE)
# "... and as you go look out for a purple cube, and if you see it pick it up": a watch on the way.
_LOOKOUT_THEN_IF = re.compile(r",? (?:and )?(?:as you go|on the way|along the way|while you go|while driving)?,? ?"
                              r"(?:look out|keep an eye out|watch out) for "
                              r"((?:a|an|the|any) [a-z]+ [a-z]+),? and if you (?:see|spot|find) (?:it|one|them),? (.+)$",
                              re.IGNORECASE)
# "... and grab any orange cubes you pass": picking up one seen on the way, a watch.
_ANY_YOU_PASS = re.compile(r",? and (grab|pick up|get|take) any ([a-z]+) (cube)s? (?:you pass|you see|you come across|on the way|"
                           r"along the way)[ .!]*$", re.IGNORECASE)
_AROUND_AND_BACK = re.compile(r"(\bturn(?:ed)? (?:a)?round,? (?:and |then |and then )*)come back (\d+(?:\.\d+)? ?(?:m|cm|metres?|"
                              r"meters?|feet|ft)\b)", re.IGNORECASE)
_A_BREAK = re.compile(r"\b(?:take|have) a (\d+|five|ten|thirty|two|three)[- ](seconds?|minutes?|secs?|mins?) (?:break|rest|pause|"
                      r"breather|breath)\b", re.IGNORECASE)
_COLOUR_WORDS = "|".join(COLORS)
# A correction by colour alone: "grab the green cube, no not green, blue", "get the yellow cube no not yellow the red one".
_NOT_THAT_COLOUR = re.compile(rf",?\s*\bno,? not ({_COLOUR_WORDS}),? (?:the )?({_COLOUR_WORDS})(?: one)?\b", re.IGNORECASE)
# Chatty openers and fillers that ask nothing: "would you be a dear and", ", you know,", "oi!", "quick q:".
_CHATTY = re.compile(r"\b(?:would|could|will|can) you be (?:a dear|so kind|an angel|a star|a doll|a pal|a love)(?: and| as to)?\s*"
                     r"|(?<=\w),? (?:you know|i mean|like),(?= )|^(?:oi|oy|yo|psst|ahem|heya|hiya)\b[!,.]*\s*"
                     r"|^(?:quick (?:q|question)|question|q)\s*[:,-]\s*|\s+(?:lol|lmao|haha|hehe|xd)\b(?=[ .!?]*$)",
                     re.IGNORECASE)
_OVER_TO_WITH_YOU = re.compile(r"^(?:(?:go|off|now) )?(?:over|off) to (.+?) with you[ .!]*$", re.IGNORECASE)
_GIVE_IT = re.compile(r"^give it (\S+) (seconds?|secs?|minutes?|mins?)\b", re.IGNORECASE)
_IN_THE_MIDDLE_OF = re.compile(r"\bin the (?:centre|center|middle) of (?:the (?:row|line|three|group|bunch|lot|others)|them|those)\b",
                               re.IGNORECASE)
# A question said after what it leaves out: "other than the blue one, which boxes can you see?"
_EXCEPT_WHICH = re.compile(r"^(?:other than|apart from|besides|except(?: for)?|aside from) (the [a-z ]+?|[a-z]+ [a-z]+),\s*"
                           r"(which|what|how many) (.+)$", re.IGNORECASE)
# A second choice after "if you can": "go to the red box if you can, otherwise the blue box".
_IF_YOU_CAN_ELSE = re.compile(r"^(.+?),? if (?:you can|possible|you're able to|you are able to|you are able|it's possible),? "
                              r"(?:otherwise|or else|else|if not|or)\b,? (.+)$", re.IGNORECASE)
# "Before you go to the green bin, stop by the red box": the second part first.
_BEFORE_YOU = re.compile(r"^before (?:you )?(go|head|drive|get|move|visit|pick up|put|approach|find)((?: to| over to)? [^,;]+?)"
                         r"[,;] *(?:please |first |then )?(.+)$", re.IGNORECASE)
# "On your way to the red bin, swing by the blue box": the stop on the way first.
_ON_YOUR_WAY_TO = re.compile(r"^on (?:your|the) way (?:to|towards) ([^,;]+?)[,;] *(?:please |first )?(.+)$", re.IGNORECASE)
# "Now" at the end of a question about what is: the question ("what's in your gripper now?").
_ASKED_NOW = re.compile(r"^((?:what|what's|whats|where|where's|which|how|is|are|do|does)\b.*?)\s*,?\s+(?:right now|now|currently|"
                        r"at the moment|at present)(\s*\?*)$", re.IGNORECASE)
# The robot's starting point said in other words: "back to where you started", "your original position".
_WHERE_YOU_STARTED = re.compile(r"\b(?:to )?(?:where you (?:started(?: from)?|began|came from|were before|set off from)|"
                                r"your (?:original|initial|first|old|starting|start) (?:position|spot|place|point|location|"
                                r"pose)|your start)\b",
                                re.IGNORECASE)
NAMED_OBJECT = r"[a-z]+ (?:box|cube|bin)"  # a colour (or other word) and a kind: "red box"
_OBJECT_SAID = rf"(?:the |a )?{NAMED_OBJECT}"
# Objects named without a verb, then "and back": visits, then a return ("red box, blue bin and back").
_OBJECTS_AND_BACK = re.compile(rf"^({_OBJECT_SAID}(?:(?:,| and| then|, then|, and) {_OBJECT_SAID})*),? (?:and|then|and then) "
                               r"(?:come )?back(?: home| again)?[.!]*$", re.IGNORECASE)
# A stop at one of the goal's objects, said after it: the goal up to that object, then a stop ("go to the
# red box and then the blue box, but stop after the red box").
_STOP_AT_SAID = re.compile(rf"^(.*?\bthe ({NAMED_OBJECT})\b).*?,? (?:but |and )?stop (?:after|at|once you (?:get to|reach|are at)"
                           r"|when you (?:get to|reach|are at)|as soon as you (?:get to|reach)) the \2[.!]*$", re.IGNORECASE)
# A pick taken back for a visit to the same cube: "pick up the red cube. no, don't pick it up, just go to it".
_PICK_TAKEN_BACK = re.compile(r"^(?:please )?(pick up|grab|take|get|fetch) (the [a-z]+ cube)[,.!]*\s+(?:(?:wait|no|actually|oh|sorry|"
                              r"hmm)[,.!]?\s+)*(?:don't|dont|do\s+not)\s+(?:pick|grab|take|get|fetch) (?:it|that|the cube)(?: up)?[,.!]*\s+"
                              r"(?:just |only |but )*(go to|go up to|drive up to|drive to|approach|go over to|drive over to|go near|"
                              r"go there|go over there)(?: it| there| the cube)?[.!]*$", re.IGNORECASE)
# A visit of a list left out by its place in the same goal: "..., but skip the second one".
_SKIPPED_BY_PLACE = re.compile(r"^(?P<head>.+?)(?:,? (?:but|and) |, ?)(?:skip|skipping|leave out|leaving out|not|except|omit|miss out|"
                               r"without)(?: out)? the (?P<place>first|second|third|fourth|last|middle|final)(?: one| stop| step| "
                               r"place)?[.!]*$", re.IGNORECASE)
_VISIT_LIST = re.compile(r"^(?:please )?(?:go to|visit|drive to|head to|go over to)\s+", re.IGNORECASE)
_LIST_JOINS = re.compile(r"^(?:\s|,|\band\b|\bthen\b|\bafter that\b|\bnext\b)*$", re.IGNORECASE)
# A step of a goal by its place among the steps: its index (negative from the end).
STEP_PLACES = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}


def _visit_skipped_by_place(text: str) -> str:
    """A list of visits with one left out by its place ("go to the red box, the blue box and the
    green bin but skip the second one") as the list without it; GoalRefused when the goal is more
    than visits or has no such place (which step that is would be a guess)."""
    said = _SKIPPED_BY_PLACE.match(text)
    if said is None or re.search(r"\b(?:all|every|each|both|any)\b", said.group("head"), re.IGNORECASE):
        return text  # "every box but not the second one": a rank among them (read_exclusions)
    head = said.group("head")
    verb = _VISIT_LIST.match(head)
    visits = list(re.finditer(rf"\b{_OBJECT_SAID}\b", head[verb.end():] if verb else head))
    rest = re.sub(rf"\b{_OBJECT_SAID}\b", " ", head[verb.end():]) if verb else head
    place = said.group("place").lower()
    at = (len(visits) - 1) // 2 if place == "middle" and len(visits) % 2 == 1 else STEP_PLACES.get(place, len(visits))
    if verb is None or len(visits) < 2 or not _LIST_JOINS.match(rest) or at >= len(visits) or -at > len(visits):
        raise GoalRefused(f"which one is the {place}? Say the one to leave out by name, e.g. 'skip the blue box'")
    kept = [v.group(0) for k, v in enumerate(visits) if k != at % len(visits)]
    return "go to " + ", then ".join(kept)


# Two visits said not to be in the order said: the other order.
_NOT_IN_THAT_ORDER = re.compile(rf"^(visit|go to) ({_OBJECT_SAID}) and ({_OBJECT_SAID}),? but not in (?:that|this|the same) order[.!]*$",
                                re.IGNORECASE)
# "The bin but not the red one or the yellow one": any bin but those.
_BUT_NOT_THESE = re.compile(r"\b(?:the|a) (bin|box|cube),? but not ((?:the )?[a-z]+(?: one)?(?:,? (?:or|and|nor) (?:not )?(?:the )?[a-z]+"
                            r"(?: one)?)+)(?=[.!]*$)", re.IGNORECASE)
# Exceptions said one by one after a plural: "... but not the blue and not the yellow", "..., not the green
# one and not the blue one".
_AND_NOT = re.compile(r"(?<=and|.or|nor)\s+not\s+")
_NOT_THIS_AND_NOT_THAT = re.compile(r"\b((?:all|every|each)\b[^,.;]*?),?\s+(?:but not|except|not)\s+(the [a-z]+(?: one| ones)?)"
                                    r"((?:\s*,?\s*(?:and|or|nor)\s+not\s+(?:the\s+)?[a-z]+(?: one| ones)?)+)", re.IGNORECASE)
# After a put, "then the yellow one" said without a verb is the next cube to put there.
_NEXT_CUBE_BY_COLOUR = re.compile(r"^((?:please )?put (?:the |a )?(?:[a-z]+ )?[a-z]+ (cube|can) (?:in|into) .+?)"
                                  r"(,? (?:and )?(?:then|after that|next|now),? (?:do )?the )([a-z]+) one\b", re.IGNORECASE)
_ASKED_ABOUT = re.compile(r"^\s*(?:which|what|how|are|is|list|do|does|tell|name|count|show|any|where)\b|.*\?\s*$",
                          re.IGNORECASE | re.DOTALL)
_THAT_IS_NOT = r"(?:that|which)\s*(?:is not|isn't|isnt|'s not|s not|are not|aren't|arent)"
# A cube said not to be in a bin: "the cube that isn't in a bin", "every cube not already in a bin".
_NOT_IN_A_BIN = re.compile(rf"\b(cubes?|cans?|tins?|ones?) (?:{_THAT_IS_NOT} |not )"
                           r"(?:already |yet |currently )?(?:in|inside) (?:a|any|the|one of the) bins?\b", re.IGNORECASE)
# A bin said to hold nothing: "the bin that doesn't have anything in it", "the bin without a cube in it".
_BIN_WITHOUT_A_CUBE = re.compile(r"\bbin (?:(?:that|which) (?:(?:does\s+not|doesn't|doesnt)\s+(?:have|contain)\s+(?:anything|a cube|"
                                 r"any cubes?|cubes)|has (?:nothing|no cubes?)|hasn't got (?:anything|a cube|any cubes?))|without "
                                 r"(?:anything|a cube|any cubes?|cubes))(?: in it| inside(?: it)?)?\b", re.IGNORECASE)
# A comparative relation said of a place gone to or put into ("in the bin closer to the cone", "to the box
# that is farther from the wall"): among those alike, the one the superlative picks.
_COMPARED_PLACE = re.compile(r"(\b(?:in|into|inside|to|towards?|at) the (?:[a-z]+ )?(?:bin|box|ball|can|tin|bottle|plate|cone|cube)"
                             r"(?: (?:that|which) is)?) (closer|nearer|farther|further)(?: (?:to|from))?\b", re.IGNORECASE)
# "just look" said after a prohibition: no request to turn and look for something, only what not to do
_ONLY_LOOK_AFTER_PROHIBITION = re.compile(r"\b((?:don't|dont|do not|never|no touching)\b[^.!?;]+?)[,;]?\s+(?:and\s+)?(?:just|only)\s+"
                                          r"(?:look|watch|observe|look around|have a look)(?:\s+(?:for now|today|then|please))?"
                                          r"\s*(?=[.!?]|$)", re.IGNORECASE)
# A relation said not to hold: "the red box that isn't near the blue cube" is one not beside it (read_objects:
# relation "not_near"), and "the cube that isn't green and isn't near the bin" (said "... isn't green or near ...").
_NOT_NEAR_TOKEN = "notnear"
_NOT_NEAR = re.compile(rf"\s+(?:,\s*)?{_THAT_IS_NOT} (?:near|next to|beside|by|close to|nearest to|closest to|nearest|closest)"
                       r"\s+(?=(?:the|a|an)\b)", re.IGNORECASE)
_WHICH_NOT_NEAR = re.compile(r"^((?:which|what|how many) (?:[a-z]+ ){0,2}?[a-z]+) (?:is not|isn't|isnt|are not|aren't|arent) "
                             r"(?:near|next to|beside|by|close to)\s+(?=(?:the|a|an)\b)", re.IGNORECASE)
_NOT_COLOUR_OR_NEAR = re.compile(rf"({_THAT_IS_NOT} [a-z]+),? (?:or|nor) (?:near|next to|beside|by|close to)\s+(?=(?:the|a|an)\b)",
                                 re.IGNORECASE)
_HOW_FAR_IN_UNITS = re.compile(r"^(how far (?:away )?(?:is|are) .+?) in (?:cm|centimet(?:er|re)s|met(?:er|re)s|m|mm|feet|ft|inches|"
                               r"millimet(?:er|re)s|yards)\s*\??$", re.IGNORECASE)
_OR_NOT = re.compile(r"^((?:is|are|do|does|did|can|could|has|have|was|were)\b.+?),? or not\s*\??$", re.IGNORECASE)
_WHERE_DID_IT_GO = re.compile(r"^where (?:did|has|have) ((?:the|my|your|that) [a-z ]+?) (?:go|gone|end up|get to|went)\s*\??$",
                              re.IGNORECASE)
# Politeness said as a condition: "if you don't mind", "if it's not too much trouble".
_POLITE_IF = re.compile(r",?\s*\bif (?:it isn't too much bother|it is not too much bother|it's no bother|it is no bother|"
                        r"it's not too much bother|you don't mind|you do not mind|you dont mind|it's not too much trouble|"
                        r"it is not too much "
                        r"trouble|its not too much trouble|that's ok(?:ay)?|that is ok(?:ay)?|thats ok(?:ay)?|that's alright|"
                        r"that is alright|you would|you'd be so kind|you would be so kind|you please|it's no trouble)\b",
                        re.IGNORECASE)
# "Never" before an object, with no verb: what to keep away from ("..., and never the yellow box").
_NEVER_THE = re.compile(r"\s*,?\s*\b(?:and |but )?never (?=(?:the|a|an|any) [a-z]+)", re.IGNORECASE)
# "I don't want you touching the yellow cube": what not to do.
# A request said to follow another said as what is being done: "come back when you're done going to the red box".
_WHEN_DONE_DOING = re.compile(r"^(.+?),? (?:when|once|after) (?:you're|you are|youre|you have|you've) (?:done|finished|through) "
                              r"(going to|visiting|picking up|grabbing|getting) (the [a-z]+ (?:box|cube|bin))[.!]*$", re.IGNORECASE)
_DOING_AS_DONE = {"going to": "go to", "visiting": "visit", "picking up": "pick up", "grabbing": "grab", "getting": "get"}
# Small talk before a request: "hey there robot how are you doing, could you ...", "whats up robot go to ...".
_SMALL_TALK = re.compile(r"^(?:(?:hey|hi|hello|yo|oi|morning|good morning|good afternoon)(?: there)?(?: robot| buddy| pal|"
                         r" mate)?[,!.]?\s+)?(?:how are you(?: doing)?(?: today)?|how r u|how are u|how's it going|hows it going|"
                         r"what's up|whats up|wassup|sup|how do you do|how you doing)(?: robot| buddy| pal| mate)?[,!?.]*\s+"
                         r"(?!ahead|there|front|with|on\b|in\b|at\b|near|by\b|over|today)(?=[a-z])"
                         r"(?=.*\b(?:go|pick|put|come|bring|grab|fetch|find|turn|drive|head|move|visit|take|get|could|can|would|"
                         r"will|please)\b)", re.IGNORECASE)
# A correction after a pause word, said without commas: "go to the red bin hang on not the red bin the
# red box", "..., wait, the red box" (the object that ends the goal instead of the one before).
_PAUSED_CORRECTION = re.compile(r"(?<=[a-z])[,.!]*\s+(?:no[,.!]?\s+)?(?:hang on|hold on|wait)[,.!]?\s+(?:no[,.!]?\s+)?"
                                r"(?=not (?:the|a|that) |the [a-z]+ [a-z]+[.!]*$)", re.IGNORECASE)
# A request taken back by "don't do that" before the request that replaces it: "go to the green box,
# don't do that, go to the blue box", "pick up the red cube no dont do that pick up the blue cube".
_TAKEN_BACK_BETWEEN = re.compile(r"^.*?[a-z][,.!]*\s+(?:(?:no|wait|oh|actually)[,.!]?\s+){0,3}(?:don't|dont|do not) do that"
                                 r"[,.!]*\s+(?=[a-z])(?!(?:again|either|too|please)\b)", re.IGNORECASE)
# "Non-cube", "non box": a thing of any other kind.
_NON_KIND = re.compile(r"\b((?:the|a|any|an)(?: (?:nearest|closest|farthest|furthest|biggest|smallest))?) non[- ]?(cube|box|bin)\b",
                       re.IGNORECASE)
_I_DONT_WANT_YOU = re.compile(r"\bi\s+(?:do\s+not|don't|dont)\s+want\s+you\s+(?:to\s+)?(touching|touch|going near|go near|near|"
                              r"anywhere near|"
                              r"going to|go to|going anywhere near|go anywhere near)\b", re.IGNORECASE)
_WANTED_NOT = {"touching": "touch", "touch": "touch", "going to": "go to", "go to": "go to"}
# A goal said as a numbered list: "1) yellow box 2) green bin 3) come back", "1. go to ... 2. ...".
_NUMBERED_ITEMS = re.compile(r"^\s*1\s*[.)]\s+.+?\s2\s*[.)]\s+.+$")
_ITEM_MARK = re.compile(r"(?:^|\s)[1-9]\s*[.)]\s+")
_BARE_OBJECT = re.compile(r"^(?:the |a )?[a-z]+ (?:box|cube|bin)$")


def _numbered_as_steps(match: re.Match[str]) -> str:
    """A numbered list of steps as steps in that order; an item that only names an object is a visit."""
    items = [i.strip(" ,;") for i in _ITEM_MARK.split(match.group(0)) if i.strip(" ,;")]
    return ", then ".join(f"go to {i if i.startswith(('the ', 'a ')) else 'the ' + i}" if _BARE_OBJECT.match(i) else i
                          for i in items)


# A set drive with an object it must not pass: "drive forward 2 metres but don't go past the red cube"
_SET_DRIVE_NOT_PAST = re.compile(r"\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|half a) ?(?:m|meters?|metres?|cm|"
                                 r"centimet(?:er|re)s?|feet|foot|ft)\b.*?\b(?:don't|do not|dont|never|without) (?:go(?:ing)?|"
                                 r"driv(?:e|ing)|mov(?:e|ing)|pass(?:ing)?|get(?:ting)?) (?:past|beyond|further than|farther than) "
                                 r"(?P<what>the (?:[a-z]+ )?[a-z]+)", re.IGNORECASE)
_DONT_YOU_DARE = re.compile(r"\b(?:don't|do not|dont) (?:you )?(?:dare|ever|even think about|even)\b", re.IGNORECASE)
# Passing an object said as what not to do: keeping away from it ("don't pass by the red box",
# "without going past the red box", "..., not near the red box").
_NOT_PASSING = re.compile(r"(\s*\bwithout|\s*,\s*(?:just |only )?not|\s+but (?:just |only )?not|\s+just not) "
                          r"(?:past|passing|going past|driving past|going by|driving by|"
                          r"passing by|passing near|going near|getting near|getting close to|coming near|near|via|by way of|through|"
                          r"going through|going via|too close to|too near(?: to)?|so close to|so near(?: to)?)\b"
                          r"|(\s+not) (?:via|past|too close to|too near(?: to)?|so close to|so near(?: to)?)\b"
                          r"|\b(?:don't|do\s+not|dont|never)\s+(?:pass|go past|drive past|pass by|go by|drive by|pass near|"
                          r"go anywhere near|get near|(?:get|go|come) close(?: to)?|come near|go via|drive via|go through|drive through|"
                          r"(?:drive|run|roll|go) (?:over|across|onto)|pass through|get too close to|go too close to|"
                          r"go too near(?: to)?)\b", re.IGNORECASE)
# "Any" in what not to do or what to keep away from means every one: "don't go near any of the bins".
_ANY_FORBIDDEN = re.compile(r"\b((?:(?:don't|do not|dont|never) (?:\w+ ){0,3}?|avoid |(?:keep|stay|steer) (?:well )?(?:away|clear) "
                            r"(?:of |from ))(?:\w+ ){0,1}?)any (?:of (?:the )?)?(box|cube|bin|can|ball|bottle|plate|cone|boxes|cubes|bins|"
                            r"cans|"
                            r"balls|bottles|plates|cones)\b", re.IGNORECASE)
# What to put said first with its exception: "everything but the red cube goes in the yellow bin",
# "all the cubes except the red one please put in the green bin".
_FRONTED_EXCEPTION = re.compile(r"^(everything|all (?:the |of the )?[a-z]+|every [a-z]+) ((?:except|but|other than|apart from|"
                                r"besides)(?: for)? [a-z ]+?),? (?:please )?(?:put|goes|go|should go|needs to go|has to go|"
                                r"must go)( (?:in|into|inside) [a-z ]+)[ .!]*$", re.IGNORECASE)
# An exception said first without a comma: the comma goes before the request's first verb.
_EXCEPTION_SAID_FIRST = re.compile(r"^((?:except(?: for)?|apart from|other than|aside from|besides|excluding|but for) "
                                   r"(?:the|a|an|any|all|every|that|those|this)? ?[a-z ]+?) (?=(?:please |you |now |then )?"
                                   r"(?:go|put|pick|visit|drive|head|bring|take|move|place|grab|fetch|find|approach|drop"
                                   r"|get|check|inspect|collect|carry|sort|tidy|stack)\b)", re.IGNORECASE)
_SOMEWHERE_ELSE = re.compile(r"^(?:go|drive|head|move) (?:somewhere|anywhere|someplace|anyplace) (?:else )?(?:other than|else than|"
                             r"except|but|apart from|that is not|that isn't|that's not) (?:to )?((?:the |a )?[a-z]+ [a-z]+)[ .!]*$",
                             re.IGNORECASE)
# "Go to whichever is closer, the red box or the blue bin": said in the shape "X or Y, whichever is closer".
_WHICHEVER_FIRST = re.compile(r"^(go|drive|head|walk|move) to (?:whichever(?: one| (box|cube|bin))?|the one(?: that)?|the)"
                              r"(?: is|'s| of them is)? (closer|nearer|closest|nearest|farther|further|farthest|furthest)(?: one)?"
                              r"[,:]? (?:the )?([a-z]+ [a-z]+|[a-z]+ one) or (?:the )?([a-z]+ [a-z]+|[a-z]+ one)[ .!]*$",
                              re.IGNORECASE)
def _one_as(phrase: str, kind: str | None) -> str:
    """``phrase`` with a closing "one" said as ``kind`` ("red one", "box" -> "red box")."""
    return f"{phrase[:-4]} {kind}" if kind and phrase.endswith(" one") else phrase


# A sentence taken back by a "don't" said as a sentence of its own, before the request meant:
# "go to the green cube. dont. go to the red box", "go to the green cube... don't... go to the red box instead".
_TAKEN_BACK_SENTENCE = re.compile(r"^[^.!?]+?(?:\.{1,3}|[!?])\s*(?:no,?\s*|oh,?\s*|wait,?\s*)?(?:don't|dont|do not)(?: do that| do it)?"
                                  r"\s*(?:\.{1,3}|[!,;])\s*(?P<rest>\w.*)$", re.IGNORECASE)
_RANKED_EXCEPTION = re.compile(r"\b((?:except|but not|other than|apart from|besides|excluding|minus)(?: for)?) the (middle|leftmost|"
                               r"rightmost|nearest|closest|farthest|furthest|first|second|third|last|left|right|biggest|smallest"
                               r"|centre|center) (?:box|cube|bin)\b", re.IGNORECASE)
# A comma before an exception said after what it excepts from ("..., except the green cube").
_COMMA_BEFORE_EXCEPTION = re.compile(r"\s*,\s*(?=(?:except|apart from|other than|excluding|barring|but not|without the)\b)",
                                     re.IGNORECASE)
_ONE_WHOLE_TURN = re.compile(r"\bone ((?:full|whole|complete|entire) (?:turn|circle|rotation|spin|revolution)s?)\b",
                             re.IGNORECASE)
_SAID_ANGLE = re.compile(r"\b(?:three[- ]sixty|one[- ]eighty|seven[- ]twenty)\b", re.IGNORECASE)
# "The last thing I want is for you to go to the red box", "the last place I want you is the green bin": said not to.
_LAST_THING_WANTED = re.compile(r"\bthe last (?:(?P<thing>thing)|(?P<place>place)) (?:i|we) (?:want|need|would want|'d want)"
                                r"(?: you)?(?: to do| to go| to be)? is (?:for you )?(?:to )?", re.IGNORECASE)
_NO_MATTER_WHICH = re.compile(r",? (?:it )?(?:does not|doesn't|doesnt|dont|don't) (?:really )?matter(?: which(?: one)?| to me)?"
                              r"(?=\s*[.!,]*\s*$)|,? (?:it )?(?:does not|doesn't|doesnt|dont|don't) (?:really )?matter which(?: one)?\b|"
                              r",? i (?:do not|don't|dont) (?:care|mind)(?: which(?: one)?)?(?=\s*[.!]*\s*$)", re.IGNORECASE)
_NOT_COMING_BACK = re.compile(r",?(?: and| but)? (?:never mind|forget about|forget|no need for|skip) (?:the )?(?:coming back|"
                              r"returning|going back|the return)\b", re.IGNORECASE)
# A word spelled out letter by letter: "s t o p", "S.T.O.P", "h-a-l-t".
_SPELLED_OUT = re.compile(r"\b(?:[a-z][ .-]){3,}[a-z]\b\.?", re.IGNORECASE)
_DISTANCE_UNIT_WORDS = "(?:" + "|".join(sorted((re.escape(w) for w in (*DISTANCE_UNITS_M, "in")), key=len, reverse=True)) + r")\b"
# A fraction in digits before a distance unit: "1/3 m", "2/3 of a metre", "1 1/2 metres" (a whole number before it adds).
_DISTANCE_FRACTION = re.compile(r"(?<![\d./])(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)(?![\d./])(\s*(?:of\s+an?\s+)?)(?=" + _DISTANCE_UNIT_WORDS
                                + ")", re.IGNORECASE)


_TURN_FRACTION = re.compile(r"(?<![\d./])(\d+)\s*/\s*(\d+)\s+of\s+a\s+(?:turn|circle|rotation)\b", re.IGNORECASE)


def _fraction_as_decimal(match: re.Match[str]) -> str:
    whole, top, bottom = int(match.group(1) or 0), int(match.group(2)), int(match.group(3))
    return f"{whole + top / bottom:.3g} " if bottom else match.group(0)


_VULGAR_FRACTIONS = {"\u00bd": "5", "\u00bc": "25", "\u00be": "75"}
_VULGAR_FRACTION = re.compile(r"(\d+)?\s*([\u00bd\u00bc\u00be])")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2})(?=\s*(?:m|cm|mm|ft|in|km|meters?|metres?|centimet(?:er|re)s?|degrees?|deg|"
                            r"feet|foot|inch(?:es)?)\b)")
# A contraction of "not" typed with its apostrophe misplaced or mistyped: "do'nt", "don;t", "dont'", "wo'nt".
_MISTYPED_NOT = re.compile(r"\b(do|does|did|is|are|was|were|ca|wo|should|could|would|must|has|have|had)"
                           r"(?:'nt|n[;:]t|nt'|n't't|nt't|n'tt)(?=\s|$|[,.!?])", re.IGNORECASE)
# "not" run together with the word before or after it: "donot", "dontgo", "dont touch" is left to the lexicon.
_RUN_TOGETHER_NOT = re.compile(r"\b(do|does|did|should|must)(?:not|nt)(go|touch|pick|grab|take|drive|move|approach|visit|"
                               r"enter|hit|bump|come|put|drop|head)?\b", re.IGNORECASE)
_TEXTED_NOT = re.compile(r"\b(?:dnt|dn't|dont't|doont|donnt|dontt|donot|do nt|don(?= (?:go|touch|pick|grab|take|drive|move|"
                         r"approach|visit|put|drop|hit|bump|come|head|turn)\b))\b", re.IGNORECASE)
# An angle in multiples of pi ("pi over 2", "pi/4", "2 pi"), said in degrees.
_PI = re.compile(r"\b(?:(\d+(?:\.\d+)?)\s*\*?\s*)?pi(?:\s*(?:/|over)\s*(\d+(?:\.\d+)?))?(?:\s*(?:radians|rad))?\b",
                 re.IGNORECASE)
# A contraction heard with its apostrophe as a space ("that s all", "don t go"), as a recogniser writes it.
_SPLIT_CONTRACTION = re.compile(r"\b(that|it|what|where|there|here|let|who|how|(?:can|won|wouldn|shouldn|couldn"
                                r"|isn|aren|don|didn|doesn|wasn|weren)(?=\st\b)|you|we|they|i)\s(s|t|re|ll|ve)\b")


def tokenize(text: str) -> list[str]:
    """Words, numbers and punctuation, contractions spelled out, light typos corrected."""
    tokens: list[str] = []
    for raw in _TOKEN.findall(text):
        expanded = _CONTRACTIONS.get(raw)
        if expanded is not None:
            tokens.extend(expanded.split())
            continue
        if raw.endswith("'s") and len(raw) > 2:
            raw = raw[:-2]
        if re.fullmatch(r"[a-z]+-[a-z]+", raw):  # "blue-colored", "left-hand"
            tokens.extend(lx.correct_word(_CONTRACTIONS.get(part, part) if len(part) > 2 else part)  # "u-turn" keeps its u
                          for part in raw.split("-"))
            continue
        tokens.append(lx.correct_word(raw) if raw[0].isalpha() else raw)
    return [("tin" if t == "can" else "tins") if t in ("can", "cans") and noun_can(tokens, i) else t
            for i, t in enumerate(tokens)]


_BEFORE_NOUN_CAN = _DETERMINERS | {"one", "another", "drinks", "tin", "coke", "beer", "paint", "food", "both", "all", "no",
                                   "of", "which", "what", "whichever", "either"}  # and every word that describes a can (_describes_a_can)
_AFTER_MODAL_CAN = frozenset({"you", "i", "we", "they", "he", "she", "it", "be", "not", "never", "also", "still", "only",
                              "just", "now", "please", "really", "easily", "see", "u", "ya", "someone", "somebody",
                              "anyone", "anybody", "that", "this", "there"})


_ENDS_A_REQUEST = frozenset({"", ",", ".", "!", ";", "and", "then", "thanks", "thank"})
_CAN_SAID = {"tin": "can", "tins": "cans"}  # how a noun "can", read as "tin", is said back


def said_back(token: str) -> str:
    """How a token is said in messages and object names: a noun "can", read as "tin", as "can"."""
    return _CAN_SAID.get(token, token)


def _kind_token(kind: str) -> str:
    """The token a rewrite puts for a kind: the kind's own word, but "tin" for a can (the token a
    noun "can" reads as, so it is never taken for the modal verb)."""
    return next((token for token, said in _CAN_SAID.items() if said == kind), kind)


def _carried(word: str) -> bool:
    """Whether ``word`` names a kind the arm carries (a cube, a can)."""
    return lx.kind_of(word) in GRASPABLE_LABELS


def noun_can(tokens: list[str], i: int) -> bool:
    """Whether "can" (or "cans") at token i is the noun, a tin can, not the modal verb: it follows
    an article, maybe through words that describe it ("the can", "the nearest can", "a small red
    can": the noun whatever follows, "the can that is not purple"), or it follows another
    determiner, a describing word or a number ("that can", "red can", "two cans") and no subject
    or verb follows it ("can you ...", "that can be ..."); a "trash can" is a bin and stays as it is."""
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if after == "please" and (tokens[i + 2] if i + 2 < len(tokens) else "") in _ENDS_A_REQUEST:
        after = ""  # "lift the white can please": the request ends there
    if before in ("trash", "garbage", "rubbish", "waste", "dust"):
        return False
    k = i - 1
    while k >= 0 and _describes_a_can(tokens[k]):
        k -= 1
    if k >= 0 and tokens[k] in _ARTICLES:
        return True
    if tokens[i] == "cans":
        return not (after in _AFTER_MODAL_CAN or lx.lemma(after) in lx.ALL_CUES)
    said_before = before in _BEFORE_NOUN_CAN or _describes_a_can(before) or before.isdigit() or before in lx.NUMBER_WORDS
    if after in ("that", "which") and tokens[i + 2 : i + 3] in (["is"], ["are"], ["isn't"], ["was"]):
        return said_before  # "any can that is not white": described, so a noun
    return said_before and after not in _AFTER_MODAL_CAN and lx.lemma(after) not in lx.ALL_CUES


_ARTICLES = frozenset({"the", "a", "an"})
_CAN_DESCRIPTIONS = (lx.POSITIVE_SMALL_WORDS | lx.POSITIVE_LARGE_WORDS | lx.LARGEST_WORDS | lx.SMALLEST_WORDS
                     | lx.NEAREST_WORDS | lx.FARTHEST_WORDS | lx.LEFT_WORDS | lx.RIGHT_WORDS | lx.MIDDLE_WORDS
                     | lx.DARKEST_WORDS | lx.LIGHTEST_WORDS | frozenset(lx.ORDINALS)
                     | frozenset({"other", "same", "different", "next", "only", "single", "loose", "shiny", "round", "soda",
                                  "drink", "metal", "metallic", "empty", "full", "open", "dark", "light", "lighter",
                                  "bright", "brighter", "deep", "dull"}))


def _describes_a_can(word: str) -> bool:
    """A word that may stand between an article and the noun "can": a colour (any colour name), a
    shade, a size, a place."""
    return word in _CAN_DESCRIPTIONS or lx.color_of(word) is not None or word in lx.OTHER_COLORS \
        or ground_color_name(word) is not None or word in _COLOR_SOUNDALIKES  # "the read can": a recogniser's red


def check_english(tokens: list[str]) -> None:
    words = [t for t in tokens if t[0].isalpha() and not is_time_token(t)]
    if not words:
        raise GoalRefused("the goal has no words I can read")
    foreign = sum(1 for w in words if w in lx.FOREIGN_WORDS and w not in lx.lexicon_words())
    english = lx.english_words()
    known = sum(1 for w in words if w in lx.lexicon_words() or w in english or w.rstrip("s") in english)
    if foreign >= 2 and foreign * 2 >= len(words) - known + foreign:
        raise GoalRefused("I only understand English")
    if english and known / len(words) < 0.5:
        raise GoalRefused("I only understand English; most words of the goal are not English words I know")


# ---------------------------------------------------------------------------------------- clauses
def _starts_with(tokens: list[str], i: int, phrase: str) -> bool:
    words = phrase.replace(",", " ,").split()
    return tokens[i : i + len(words)] == words


def _phrase_at(tokens: list[str], i: int, phrases: tuple[str, ...]) -> str:
    """The longest phrase of ``phrases`` that starts at token i, or ''."""
    best = ""
    for phrase in phrases:
        if len(phrase) > len(best) and _starts_with(tokens, i, phrase):
            best = phrase
    return best


# Said before a correction marker and part of it: "wait, scratch that", "oh, sorry" ("um", "hmm" and the
# other sounds of hesitation are gone by then: _without_hesitations).
_BEFORE_CORRECTION = (("wait",), ("hold", "on"), ("hang", "on"), ("oh",), ("oops",))


def _correction_at(tokens: list[str], i: int) -> int:
    """How many tokens a correction marker starting at token i spans (punctuation inside it, as in
    "wait, no" or "no... the red bin", included, and a hesitation before it: "wait, scratch that");
    0 when none starts there."""
    words: list[str] = []
    j = i
    spans: list[int] = []
    while j < len(tokens) and len(words) < 6:
        if tokens[j][0].isalnum():
            words.append(tokens[j])
            hesitation = next((len(h) for h in _BEFORE_CORRECTION if tuple(words[: len(h)]) == h), 0)
            if " ".join(words) in lx.CORRECTION_MARKERS or (hesitation and " ".join(words[hesitation:]) in lx.CORRECTION_MARKERS):
                spans.append(j + 1 - i)
        elif not words:
            return 0
        j += 1
    return max(spans, default=0)


_FORBIDDEN_PREDICATES = ("off limits", "out of bounds", "forbidden", "not allowed", "a no go", "no go", "taboo", "dangerous",
                         "hazardous", "unsafe", "fragile", "too dangerous", "very dangerous", "very fragile", "broken",
                         "damaged", "cracked", "faulty", "dirty", "hot", "too hot", "wet", "sticky", "contaminated",
                         "not safe", "not to be touched", "obstructing")


def begins_action(tokens: list[str]) -> bool:
    """Whether a token run starts a new request (an action word, a negation, a prohibition)."""
    skip = {"please", "then", "also", "just", "now", "you", "could", "can", "would", "will", "kindly", "i", "want",
            "need", "to", "and", "finally", "after", "that", "go", "please,"}
    if tokens[:1] in (["is"], ["are"]) and _phrase_at(tokens, 1, _FORBIDDEN_PREDICATES):
        return False  # "the red box | is off limits": says what the object before it is
    said_forbidden = next((k for k in range(1, min(7, len(tokens))) if tokens[k] in ("is", "are")
                           and _phrase_at(tokens, k + 1, _FORBIDDEN_PREDICATES)), 0)
    if said_forbidden and any(lx.kind_of(t) for t in tokens[:said_forbidden]):
        return True  # "go to the blue box, | the red box is off limits": a prohibition of its own
    head = [lx.lemma(t) for t in tokens[:4] if t not in skip] or tokens[:1]
    if not head or tokens[0] in lx.FARTHEST_WORDS:  # "the bin | farthest away from the cube" goes on naming the bin
        return False
    opening = [t for t in tokens[:6] if t not in ("and", "but", "please", "also", "just", "very", "so")]
    if any(opening[: len(p)] == list(p) and {"not", "never", "dont"} & set(opening[len(p) : len(p) + 3])
           for p in _CARE_PHRASES):
        return True  # "... and be careful not to hit the red box": a prohibition of its own
    first = head[0]
    if first in lx.NEGATION_WORDS or (first == "do" and tokens[1:2] == ["not"]):
        return True
    if first == "back" and len(head) <= 2:
        return True
    if first == "continue" or head[:2] in (["carry", "on"], ["keep", "go"]):  # "don't stop there, | continue to the bin"
        return True
    if first in TURN_VERBS or first == "reverse" or head[:2] == ["back", "up"]:  # "... and turn left", "..., back up"
        return True
    if first in REPORT_STARTS or tokens[:3] == ["let", "me", "know"]:  # "... and tell me what you see"
        return True
    if any(_phrase_at(tokens, i, lx.PROHIBITION_PHRASES + lx.STOP_PHRASES + lx.RETURN_PHRASES)
           for i in range(min(3, len(tokens)))) or prohibition_in(tokens[:4]):
        return True
    cues = lx.ALL_CUES - {"be", "set", "back", "make", "ready", "still",
                                                                     "case", "line", "face", "position", "sort"}
    lead = next((t for t in tokens if t not in ("please", "then", "also", "just", "now", "and", "finally", "simply")), "")
    return first in cues or lead == "go"


def split_clauses(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """(tokens, correction) per clause, in the order they are to happen."""
    pieces: list[tuple[list[str], str]] = []  # (tokens, what started it: "", seq, correction, before, after)
    current: list[str] = []
    start_kind = ""
    i = 0

    def flush(kind: str) -> None:
        nonlocal current, start_kind
        if any(t[0].isalnum() for t in current):
            pieces.append((current, start_kind))
            current, start_kind = [], kind
        elif kind:
            current, start_kind = [], kind

    while i < len(tokens):
        t = tokens[i]
        span = _correction_at(tokens, i)
        correction = " ".join(t for t in tokens[i : i + span] if t[0].isalnum()) if span else ""
        nxt_tok = tokens[i + 1] if i + 1 < len(tokens) else ""
        if not correction and t == "no" and i > 0 and nxt_tok not in ("need", "more", "longer", "rush", "hurry") and \
                not _is_gerund(nxt_tok) and (
                not nxt_tok[:1].isalnum() or nxt_tok in ("sorry", "not", "the", "i") or not tokens[i - 1][0].isalnum()
                or (_ends_noun_phrase(current) and begins_action(tokens[i + 1:]))):  # "grab the cube no stop"
            correction, span = "no", 1
        if correction and i > 0:
            flush("correction")
            start_kind = "correction"
            i += span
            continue
        sequence = _phrase_at(tokens, i, lx.SEQUENCE_MARKERS)
        if sequence and not (sequence == "next" and tokens[i + 1 : i + 2] == ["to"]):
            flush("seq")
            i += len(sequence.split())
            continue
        if current[:2] in (["instead", "of"], ["rather", "than"]) and len(current) > 2 and begins_action(tokens[i:]):
            flush("")
        dash = t in ("\u2013", "\u2014") or (t.startswith("-") and not t[1:2].isdigit())
        if t in (";", ".", "!", "?", ":") or dash or t in ("but", "however", "though", "although", "yet", "except", "whereas",
                                                     "while", "whilst"):
            flush("")
            i += 1
            continue
        if t in ("before", "after", "once", "when") and not _phrase_at(tokens, i, ("after that", *_BEFORE_THAT)):
            flush(t if t in ("before", "after") else "after")
            start_kind = t if t in ("before", "after") else "after"
            i += 1
            continue
        if current and (_starts_with(tokens, i, "instead of") or _starts_with(tokens, i, "rather than")):
            flush("")
            current.append(t)
            i += 1
            continue
        if current and tokens[i : i + 2] in (["making", "sure"], ["taking", "care"], ["being", "careful"]) and \
                ({"not", "never", "no", "avoid"} & set(tokens[i + 2 : i + 6]) or begins_action(tokens[i + 2 :])):
            flush("")  # "go to the box, making sure you don't touch the cube": a constraint or request of its own
            current.append(t)
            i += 1
            continue
        if current and t.endswith("ing") and _phrase_at([lx.lemma(w) for w in tokens[i : i + 5]], 0, lx.PROHIBITION_PHRASES):
            flush("")  # "go to the blue box steering clear of the red box": the constraint is a clause of its own
            current.append(t)
            i += 1
            continue
        if (t == "without" or _phrase_at(tokens, i, _ON_THE_WAY)) and current:
            flush("")  # "don't hit the bin on the way to the box": where to go is a clause of its own
            current.append(t)
            i += 1
            continue
        if not current and tokens[i : i + 3] == ["go", "ahead", "and"]:  # "go ahead and pick up ...": a go-ahead
            i += 3
            continue
        said = [w for w in current if w[0].isalnum()]
        if t == "first" and said and pieces and (i + 1 == len(tokens) or tokens[i + 1] in (",", ".", "!", ";", "please")) \
                and start_kind in ("", "seq") and (begins_action(said) or (
                    said[:2] in (["making", "sure"], ["taking", "care"], ["being", "careful"]) and begins_action(said[2:]))):
            start_kind = "after"  # "go to the green bin, pick up the red cube first": this one runs before it
            i += 1
            continue
        if t == "first" and (not current or current[-1] == "," or all(w in _LEAD_INS for w in current)) and (
                begins_action(tokens[i + 1 :]) or (
                pieces and tokens[i + 1 : i + 2] and tokens[i + 1] in _DETERMINERS and _noun_follows(tokens, i + 2))):
            if pieces and not any(w[0].isalnum() for w in current):
                start_kind = "after"  # "go to the red box, but first pick up the cube" / "... first the blue box": before it
            i += 1
            continue
        before_that = _phrase_at(tokens, i, _BEFORE_THAT)
        if before_that and (pieces or any(w[0].isalnum() for w in current)):
            flush("after")  # "go to the red box, but before that pick up the cube"
            start_kind = "after"
            i += len(before_that.split())
            continue
        if t in ("and", ",") and current and (begins_action(tokens[i + 1 :]) or (
                _said_the_same_again(tokens[i + 1 :]) and any(lx.kind_of(w) or w in ("it", "them", "one") for w in current))):
            flush("seq")
            i += 1
            continue
        if t == "," and tokens[i + 1 : i + 2] in (["only"], ["just"], ["instead"]) and \
                {"not", "never", "dont"} & set(current) and \
                _noun_follows(tokens, i + 3 if tokens[i + 2 : i + 3] in (["the"], ["a"], ["that"]) else i + 2):
            flush("")  # "don't go to the blue box, only the red box": the one meant, not one more not to go to
            i += 2
            continue
        if t == "," and [w for w in current if w[0].isalnum()][:1] == ["not"] and tokens[i + 1 : i + 2] in (["the"], ["a"]) \
                and _noun_follows(tokens, i + 2):
            flush("correction")  # "..., not the red one, the blue one": what is meant instead
            start_kind = "correction"
            i += 1
            continue
        colour_after = lx.color_of(t) is not None and lx.kind_of(current[-1]) is not None if current else False
        if t not in _NOT_CLAUSE_STARTS and _ends_noun_phrase(current) and begins_action(tokens[i:]) and \
                not (colour_after and tokens[i + 1 : i + 2] in ([], ["but"], ["and"], [","], ["."], ["please"])):
            flush("seq")  # a comma left out: "pick up the red cube drop it in the bin" (not "the bin white but ...")
            continue
        current.append(t)
        i += 1
    flush("")
    return _order(pieces)


_BEFORE_THAT = ("before that", "before this", "before you do that", "before doing that", "before you do this",
                "before doing this", "before doing so", "before you do so", "before you do it", "before doing it")
_ON_THE_WAY = ("on the way to", "on your way to", "on its way to", "on my way to", "en route to", "along the way to")
# Words that may follow a noun and start a request, yet after a noun go on with its clause:
# "bring the cube back", "pick the cube up", "the box please", "the bin and ...", "the box first".
_NOT_CLAUSE_STARTS = frozenset({"back", "up", "down", "please", "and", "then", "to", "first", "now", "also", "just",
                                "that", "i", "you", "after", "before", "once", "when"})


def _ends_noun_phrase(current: list[str]) -> bool:
    """Whether the clause read so far ends with a complete object phrase (a kind noun or a pronoun)
    after an action word, so that an action word next starts a new clause."""
    if len(current) < 2 or not current[-1][:1].isalpha():
        return False
    last = current[-1]
    return last in _PHRASE_END_WORDS or lx.kind_of(last) is not None


def _visit_verb(partner: list[str]) -> list[str]:
    """The words that ask for a visit at the start of a clause ("go to", "head over to", "drive
    to"), or "go to" for a clause that goes home; empty for any other request."""
    words = [t for t in partner if t[0].isalnum()]
    if words and lx.lemma(words[0]) == "visit":
        return ["visit"]  # "visit the yellow box after the red box"
    if not words or lx.lemma(words[0]) not in _GO_VERBS:
        return []
    start = next((k for k, t in enumerate(words) if t in _DETERMINERS or lx.kind_of(t) or lx.color_of(t)), len(words))
    verb = words[:start]
    return verb if verb and verb[-1] in ("to", "towards", "toward", "by", "past") else ["go", "to"]


def _with_borrowed_verbs(pieces: list[tuple[list[str], str]]) -> list[tuple[list[str], str]]:
    """An object said after "after" or "before" without a verb of its own is visited as its partner
    clause visits: "go to the red bin after the blue box", "go home after the blue box"."""
    out = list(pieces)
    for n, (tokens, kind) in enumerate(pieces):
        words = [t for t in tokens if t[0].isalnum()]
        if kind not in ("after", "before") or not words or words[0] not in _DETERMINERS or begins_action(words) or \
                not any(lx.kind_of(t) for t in words):
            continue
        partner = pieces[n - 1][0] if n > 0 else pieces[n + 1][0] if n + 1 < len(pieces) else []
        verb = _visit_verb(partner)
        if verb:
            out[n] = ([*verb, *words], kind)
    return out


def _order(pieces: list[tuple[list[str], str]]) -> list[tuple[list[str], bool]]:
    """Apply "before"/"after": 'before Y, X' and 'X after Y' run Y's partner first."""
    ordered: list[tuple[list[str], bool]] = []
    pending_after: list[tuple[list[str], bool]] = []
    for n, (tokens, kind) in enumerate(_with_borrowed_verbs(pieces)):
        body = [t for t in tokens if t != ","] or tokens
        if kind == "before" and n == 0:        # "before Y, X": X first, then Y
            pending_after.append((body, False))
            continue
        if kind == "after" and n > 0 and ordered:  # "X after Y": Y first, then X
            previous = ordered.pop()
            ordered.append((body, False))
            ordered.append(previous)
            continue
        ordered.append((body, kind == "correction"))
        if pending_after:
            ordered.extend(pending_after)
            pending_after = []
    ordered.extend(pending_after)
    return ordered


# ---------------------------------------------------------------------------------------- clause reading
_COORDINATE_WORDS = frozenset({"pose", "point", "position", "coordinates", "coordinate", "x", "location", "spot"})
# Words a goal that names a point by its two numbers alone may have besides them: "go to 1.5, 2", "drive to 2 -1 please"
_POINT_ALONE_WORDS = frozenset({"go", "drive", "head", "move", "navigate", "travel", "to", "please", "now", "robot", "and", "over"})


_POINT_IN_BRACKETS = re.compile(r"\( -?\d+(?:\.\d+)? ,? -?\d+(?:\.\d+)? \)")  # "(0.5, -1.0)" as tokens


# A place by an object that a goal asks to go to: "go to the left side of the cone", "round to the back of the bin"
_SIDE_OF_AN_OBJECT = re.compile(r"\b(?:go|drive|head|move|stop|park|wait|get|come|walk|round|around|over)\b(?: [a-z]+){0,2}? "
                                r"(?P<what>(?:to |round to |around to |over to )?the (?:(?:left|right|far|other|near|back|front|"
                                r"opposite) (?:hand )?side|back|rear|front|far end|left|right) of)(?= (?:the|that|this)\b)")


def _is_number(token: str) -> bool:
    return re.fullmatch(r"-?\d+(?:\.\d+)?", token) is not None


def _only_a_point_said(tokens: list[str]) -> bool:
    """Whether the goal is two numbers and words that only say to go there ("go to 1.5, 2"), not numbers said
    about something else ("I am 35 years old and 180 cm tall, ...")."""
    words = [t for t in tokens if t[0].isalpha()]
    numbers = [t for t in tokens if not t[0].isalpha() and t not in (",", ".", "!", "?", ";")]
    return len(numbers) == 2 and set(words) <= _POINT_ALONE_WORDS
_MOTION_DIRECTIONS = frozenset({"forward", "forwards", "ahead", "backward", "backwards", "back", "reverse", "straight"})
_DIGITS = re.compile(r"-?\d+(?:\.\d+)?")


def _numbers(tokens: list[str]) -> list[float]:
    """The numbers of a clause: digits, and in a clause about a point also numbers said in words
    (speech writes them so): "the point one point five, minus two" is 1.5 and -2."""
    if not set(tokens) & _COORDINATE_WORDS:
        return [float(t) for t in tokens if _DIGITS.fullmatch(t)]
    numbers: list[float] = []
    for max_decimals in (9, 2, 1):  # "zero point two five one": 0.251 is one number, so 0.25 and 1
        numbers = _spoken_numbers(tokens, max_decimals)
        if len(numbers) >= 2:
            break
    return numbers


def point_numbers(tokens: list[str]) -> tuple[float, float] | None:
    """The first two numbers of words known to be about a point ("no, make that two one" after
    "go to the point one one"), in digits or words; None without two."""
    numbers = _numbers([*tokens, "point"])
    return (numbers[0], numbers[1]) if len(numbers) >= 2 else None


def _word_number(token: str) -> float | None:
    if _DIGITS.fullmatch(token):
        return float(token)
    return float(lx.NUMBER_WORDS[token]) if token in lx.NUMBER_WORDS and token != "no" else None


def _spoken_numbers(tokens: list[str], max_decimals: int) -> list[float]:
    """Numbers in digits or words: "minus"/"negative" before one negates it, "point" after a whole
    number starts its decimals (up to ``max_decimals`` digit words: with 1, "one point five two"
    is 1.5 and 2), and "to" or "too" right after a number and ending the clause or before a comma
    is "two" (a homophone speech recognition writes)."""
    out: list[float] = []
    i, n = 0, len(tokens)
    while i < n:
        sign = -1.0 if tokens[i] in ("minus", "negative") and i + 1 < n and _word_number(tokens[i + 1]) is not None else 1.0
        if sign < 0:
            i += 1
        value = _word_number(tokens[i])
        if value is None:
            if tokens[i] in ("to", "too") and out and i > 0 and _word_number(tokens[i - 1]) is not None \
                    and (i + 1 == n or tokens[i + 1] in (",", "and", ".")):
                out.append(2.0)
            i += 1
            continue
        i += 1
        if value.is_integer() and i + 1 < n and tokens[i] == "point" and tokens[i + 1] in lx.NUMBER_WORDS \
                and lx.NUMBER_WORDS[tokens[i + 1]] < 10 and tokens[i + 1] != "no":
            digits, j = "", i + 1
            while j < n and tokens[j] in lx.NUMBER_WORDS and lx.NUMBER_WORDS[tokens[j]] < 10 and tokens[j] != "no":
                digits += str(lx.NUMBER_WORDS[tokens[j]])
                j += 1
                if len(digits) >= max_decimals:
                    break
            value, i = float(f"{int(value)}.{digits}"), j
        fraction = {"half": 0.5, "quarter": 0.25}.get(tokens[i + 2]) if value.is_integer() and tokens[i : i + 2] == ["and", "a"] \
            and i + 2 < n else None
        if fraction is not None:  # "minus one and a half": -1.5
            value, i = value + fraction, i + 3
        out.append(sign * value)
    return out


_MATERIAL_NOUNS = frozenset({"cardboard"})  # kind nouns that also say what another is made of ("cardboard box")


def read_objects(tokens: list[str]) -> tuple[list[ObjectRef], list[str], str]:
    """The objects a clause names, unknown English words it uses as objects, and the first
    colour word outside the world it uses."""
    objects: list[ObjectRef] = []
    unknown: list[str] = []
    other_color = ""
    mods: dict[str, object] = {}
    words: list[str] = []
    relation_pending: tuple[str, int] | None = None  # (relation, index of its subject in objects)
    appositives: list[int] = []  # indices in objects of "the one on the right" just after a named object
    last_end = -1                # the token index of the last object's noun
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else ""
        ahead = _ahead_phrase(tokens, i)
        if ahead and objects and not mods and not words:  # "the box in front of you", "the cube straight ahead"
            if not objects[-1].superlative:
                objects[-1] = replace(objects[-1], superlative="ahead")
            i += ahead
            continue
        # relations between two objects: "the X next to / behind / in front of the Y"
        rel = ""
        if ((t in ("next", "close") and nxt == "to") or t in ("beside", "by", "near", "alongside") or
                (t in ("nearest", "closest") and nxt == "to" and tokens[i + 2 : i + 3] in (["the"], ["a"], ["it"]))) and \
                not (t == "near" and tokens[i - 1 : i] in (["the"], ["a"]) and _noun_follows(tokens, i + 1)):  # "the near one"
            rel, skip = "next_to", (2 if nxt == "to" else 1)
            if tokens[i + 2 : i + 3] == ["it"] and objects and not mods and not words:  # "the bin nearest to it"
                objects[-1] = replace(objects[-1], relation=rel, anchor=ObjectRef("it", pronoun=True))
                i += 3
                continue
        elif t in ("nearest", "closest", "nearer", "closer") and nxt in ("the", "a", "an") and objects and (
                lx.kind_of(tokens[i - 1]) or tokens[i - 1] == "one" or tokens[i - 1] in lx.ANY_KIND_WORDS or (
                    i >= 3 and tokens[i - 1] in COPULAS and tokens[i - 2] in ("that", "which")
                    and (lx.kind_of(tokens[i - 3]) or tokens[i - 3] in ("one", *lx.ANY_KIND_WORDS)))):
            rel, skip = "next_to", 1  # "the box nearest the green bin", "the thing closest the bin", "the red box that is nearer the bin"
        elif t == "to" and nxt in ("the", "a", "an") and objects and objects[-1].superlative == "nearest" and \
                _noun_follows(tokens, i + 2) and not {lx.lemma(w) for w in tokens[:i]} & _CARRY_CUES:
            objects[-1] = replace(objects[-1], superlative="")  # "the closest object to the red box": nearest to it
            rel, skip = "next_to", 1
        elif t == "to" and nxt == "it" and objects and objects[-1].superlative == "nearest" and not mods and not words \
                and tokens[i + 2 : i + 3] in ([], [","], ["."], ["and"], ["then"]) and \
                not {lx.lemma(w) for w in tokens[:i]} & _CARRY_CUES:  # "..., then the nearest bin to it"
            objects[-1] = replace(objects[-1], superlative="", relation="next_to", anchor=ObjectRef("it", pronoun=True))
            i += 2
            continue
        elif t in lx.FARTHEST_WORDS and objects and (nxt == "from" or (nxt == "away" and tokens[i + 2 : i + 3] == ["from"])) \
                and tokens[i + (3 if nxt == "away" else 2) : i + (4 if nxt == "away" else 3)] in (["the"], ["a"], ["an"], ["it"]):
            rel, skip = "far_from", (3 if nxt == "away" else 2)  # "the bin furthest from the red box"
            if tokens[i + skip : i + skip + 1] == ["it"] and not mods and not words:
                objects[-1] = replace(objects[-1], relation=rel, anchor=ObjectRef("it", pronoun=True))
                i += skip + 1
                continue
        elif t == _NOT_NEAR_TOKEN and objects:
            rel, skip = "not_near", 1  # "the red box that isn't near the blue cube"
        elif t in ("behind", "beyond", "past"):
            rel, skip = "behind", 1
        elif objects and objects[-1].kind == "bin" and not mods and (
                t in ("containing", "holding") or (t == "with" and (_in_it_follows(tokens, i + 1) or any(
                    _carried(w) for w in tokens[i + 1 : _span_end(tokens, i + 1, at_and=True)][:4])))
                or (t in ("that", "which") and nxt in ("has", "contains", "holds", "have", "contain", "hold"))):
            rel, skip = "contains", (2 if t in ("that", "which") else 1)  # "the bin with the red cube in it"
        elif (t == "between" or (t == "in" and nxt == "between")) and \
                not {"distance", "gap", "space", "far", "apart", "difference"} & set(tokens[max(0, i - 3) : i]):
            rel, skip = "between", (2 if t == "in" else 1)  # "the box (in) between the cubes"
        elif t == "same" and nxt in ("color", "colored") and tokens[i + 2 : i + 3] == ["as"]:
            rel, skip = "same_color", 3  # "the box (that is) the same colour as the cube"
        elif t == "in" and nxt == "front" and tokens[i + 2 : i + 3] == ["of"]:
            rel, skip = "in_front_of", 3
        elif t in ("to", "on") and nxt == "the" and tokens[i + 2 : i + 4] in (["left", "of"], ["right", "of"]):
            rel, skip = f"{tokens[i + 2]}_of", 4  # "the box to the left of the blue box"
        elif t in ("left", "right") and nxt == "of" and objects:
            rel, skip = f"{t}_of", 2
        if rel and objects and not mods and i > 0 and tokens[i - 1] not in ("go", "drive", "move", "get", "park", "stop",
                                                                            "wait", "stand", "be"):
            relation_pending = (rel, len(objects) - 1)
            i += skip
            continue
        if t in lx.LEFT_WORDS or t in lx.RIGHT_WORDS:
            side = "left" if t in lx.LEFT_WORDS else "right"
            if tokens[max(0, i - 2) : i] in (["from", "the"],) or tokens[i - 1 : i] == ["from"]:
                if objects and objects[-1].ordinal:
                    objects[-1] = replace(objects[-1], ordinal_axis=side)
                elif "ordinal" not in mods and _noun_follows(tokens, i + 1):
                    mods["superlative"] = side  # "keep away from the left red box": the left one
                else:
                    mods["ordinal_axis"] = side
            elif t == "right" and (nxt in ("now", "away", "there", "here", "after", "before") or tokens[i - 1 : i] == ["all"]):
                pass
            elif words or mods or _noun_follows(tokens, i + 1) or not objects:
                mods["superlative"] = side
            elif not objects[-1].superlative and objects[-1].every and tokens[max(0, i - 2) : i - 1] in (["on"], ["to"]):
                objects[-1] = replace(objects[-1], side=side)  # "put the cubes on the left in ...": those on the left, not one
            elif not objects[-1].superlative:
                objects[-1] = replace(objects[-1], superlative=side)
            elif objects[-1].superlative in _RANKS_WITHIN_A_SIDE and tokens[i - 1 : i] in (["your"], ["the"], ["my"]):
                objects[-1] = replace(objects[-1], side=side)  # "the nearest box on your right": of those on the right
            i += 1
            continue
        if (t in lx.POSITIVE_LARGE_WORDS or t in lx.POSITIVE_SMALL_WORDS) and _generic_noun_follows(tokens, i + 1) \
                and not any(_superlative_of(w) or w in lx.ORDINALS for w in tokens[i + 1 : i + 7]):
            mods["superlative"] = {"tall": "tallest", "short": "shortest"}.get(t, "largest" if t in lx.POSITIVE_LARGE_WORDS
                                                                                else "smallest")  # "the big red thing"
            mods["size_plainly"] = True
            i += 1
            continue
        side_at = i + 1
        while side_at < n and tokens[side_at] in ("to", "the", "on", "over", "your", "my"):
            side_at += 1
        if t in lx.FARTHEST_WORDS | {"most", "far"} and side_at < n and tokens[side_at] in lx.LEFT_WORDS | lx.RIGHT_WORDS \
                and (t != "far" or side_at == i + 1):  # "the box furthest to the left", "the one most to the right"
            side = "left" if tokens[side_at] in lx.LEFT_WORDS else "right"
            if words or mods or not objects or _noun_follows(tokens, side_at + 1):
                mods["superlative"] = side
            elif not objects[-1].superlative:
                objects[-1] = replace(objects[-1], superlative=side)
            i = side_at + 1
            continue
        # "near", "close" and "far" say which one only before a noun ("the near box"), not in "go near it"
        target = "" if t in ("near", "close", "far") and not _noun_follows(tokens, i + 1) else _superlative_of(t)
        if target:
            if set(mods) == {"ordinal"} and not words and objects and not _noun_follows(tokens, i + 1) and nxt != "of" \
                    and not (objects[-1].superlative or objects[-1].ordinal) and not objects[-1].pronoun:
                # "which cube is the second closest?": that cube, by its rank in distance
                objects[-1] = replace(objects[-1], superlative=target, ordinal=int(mods.pop("ordinal")))  # type: ignore[call-overload]
                i += 1
                continue
            if words or mods or not objects or _noun_follows(tokens, i + 1) or nxt == "of":  # "the nearer of the bins"
                mods["superlative"] = target
            elif not objects[-1].superlative:
                objects[-1] = replace(objects[-1], superlative=target)
            i += 1
            continue
        if t in lx.ORDINALS and not (t == "second" and nxt in ("please",)):
            if t == "first" and nxt in lx.ORDINALS:
                i += 1
                continue
            said_after_noun = i > 0 and bool(lx.kind_of(tokens[i - 1]) or (
                tokens[max(0, i - 2) : i] in (["that", "is"], ["which", "is"]) and i > 2 and lx.kind_of(tokens[i - 3])))
            if objects and not mods and not words and not objects[-1].ordinal and said_after_noun \
                    and (nxt == "from" or nxt in lx.NEAREST_WORDS | lx.FARTHEST_WORDS):
                objects[-1] = replace(objects[-1], ordinal=lx.ORDINALS[t])  # "the box second from the right"
                i += 1
                continue
            mods["ordinal"] = lx.ORDINALS[t]
            i += 1
            continue
        if t.startswith(_NOT_SUPERLATIVE):
            ruled_out = str(mods.get("not_superlative", ""))
            mods["not_superlative"] = f"{ruled_out}+{t[len(_NOT_SUPERLATIVE):]}" if ruled_out else t[len(_NOT_SUPERLATIVE):]
            i += 1
            continue
        if t.startswith(_SAID_DISTANCE):
            mods["said_distance_m"] = float(t[len(_SAID_DISTANCE):])
            i += 1
            continue
        if t.startswith(_NOT_NAME):
            mods["not_names"] = (*mods.get("not_names", ()), t[len(_NOT_NAME):].replace("_", " "))  # type: ignore[misc]
            i += 1
            continue
        if t.startswith(_NOT_COLOR) and lx.color_of(t[len(_NOT_COLOR):]):
            mods["not_colors"] = (*mods.get("not_colors", ()), lx.color_of(t[len(_NOT_COLOR):]))  # type: ignore[misc]
            i += 1
            continue
        if t in ("other", "another", "remaining"):
            mods["other"] = True
            i += 1
            continue
        if t in _CONTENTS_WORDS and ((lx.kind_of(nxt) == "bin") != (t == "loose") or (nxt in lx.ANY_KIND_WORDS and nxt != "one") or
                                     (nxt == "one" and i > 0)):
            mods["contents"] = _CONTENTS_WORDS[t]  # "the empty bin", "the full one"
            i += 1
            continue
        color = lx.color_of(t)
        grounded = None  # a colour name outside the lexicon, grounded by its look: world colour or ""
        after = tokens[i + 2] if nxt == "-" and i + 2 < n else nxt  # "tomato-coloured"
        if color is None and t not in lx.OTHER_COLORS and t not in lx.lexicon_words() and \
                (lx.kind_of(after) or after in lx.ANY_KIND_WORDS or after in ("coloured", "colored", "colour", "color")):
            grounded = ground_color_name(t)
            color = grounded or None
        if color is not None and not (t in ("sky", "royal", "forest", "leaf", "rust", "wine", "butter", "banana", "gold",
                                             "case", "kelly") and not (lx.kind_of(nxt) or nxt in lx.ANY_KIND_WORDS
                                                                       or (t != "case" and (tokens[i - 1 : i] == ["is"] or
                                                                                            i - 1 == last_end) and nxt in ("", "?")))):
            colour_after_noun = i - 1 == last_end or (i - 2 == last_end and tokens[i - 1] in ("that", "which"))
            if not mods.get("color") and objects and not words and i > 0 and (tokens[i - 1] in _LINKING or colour_after_noun) \
                    and objects[-1].color is None and not objects[-1].pronoun \
                    and (objects[-1].kind is not None or objects[-1].text.split()[-1] in lx.ANY_KIND_WORDS) \
                    and not _noun_follows(tokens, i + 1):  # "the cube coloured blue", "the box red"
                objects[-1] = replace(objects[-1], color=color, text=f"{objects[-1].text} {t}")
            else:
                mods["color"] = color
                words.append(t)
            i += 1
            continue
        if (t in lx.OTHER_COLORS or grounded == "") and lx.color_of(after):
            i += 1  # "olive green", "sky-blue": the shade of a world colour said next
            continue
        if t in lx.OTHER_COLORS or grounded == "":
            other_color = other_color or t
            mods["unknown_color"] = t
            words.append(t)
            i += 1
            continue
        kind = lx.kind_of(t)
        if t in ("set", "case", "trash", "tray", "bowl", "chest", "package", "line", "face", "position", "sort") and \
                not (tokens[i - 1 : i] and (tokens[i - 1] in _DETERMINERS or lx.color_of(tokens[i - 1]))):
            kind = None
        if kind is None and (mods.get("color") or any(w in _DETERMINERS or w in ("many", "all", "both") or w in lx.NUMBER_WORDS
                                                      or w.isdigit() for w in tokens[max(0, i - 3) : i])) and \
                _groundable_noun(t) and nxt not in lx.ANY_KIND_WORDS and not lx.color_of(nxt) and not lx.kind_of(nxt):
            # "the shiny thing", "the wooden yellow one": the word says how it looks
            kind = ground_kind_noun(t)  # "the red coffer": a box, by what a coffer is
        if kind is not None and (t in _MATERIAL_NOUNS or not lx.kind_of(t)) and lx.kind_of(nxt):
            i += 1  # "the red cardboard box": the first noun says what the second is made of
            continue
        if kind is not None or (t in lx.ANY_KIND_WORDS and (mods or words or (i > 0 and tokens[i - 1] in _DETERMINERS | lx.EVERY_WORDS)) \
                and not (t == "one" and (nxt == "more" or (nxt == "by" and tokens[i + 2 : i + 3] == ["one"])))):
            ref = ObjectRef(" ".join([*words, said_back(t)]), mods.get("color"), kind,  # type: ignore[arg-type]
                            superlative=str(mods.get("superlative", "")), ordinal=int(mods.get("ordinal", 0)),  # type: ignore[call-overload]
                            ordinal_axis=str(mods.get("ordinal_axis", "distance")), other=bool(mods.get("other")),
                            unknown_color=str(mods.get("unknown_color", "")),
                            destination=i > 0 and _preceded_by_destination(tokens, i),
                            not_colors=tuple(mods.get("not_colors", ())),  # type: ignore[arg-type]
                            not_names=tuple(mods.get("not_names", ())),  # type: ignore[arg-type]
                            contents=str(mods.get("contents", "")),
                            said_distance_m=float(mods.get("said_distance_m", 0.0)),  # type: ignore[arg-type]
                            not_superlative=str(mods.get("not_superlative", "")), size_plainly=bool(mods.get("size_plainly")),
                            every=(kind is not None and (bool(set(tokens[max(0, i - 5) : i]) & lx.EVERY_WORDS)
                                                         or _definite_plural(tokens, i, mods)))
                            or _each_of_a_colour(tokens, i, mods) or _counted_first(tokens, i, mods),
                            count=_first_count(tokens, i) if _counted_first(tokens, i, mods)
                            else _said_count(tokens, i) if kind is not None and _definite_plural(tokens, i, mods) else 0,
                            demonstrative=kind is not None and not mods and not words and i > 0
                            and tokens[i - 1] in ("that", "this", "same") and tokens[i + 1 : i + 2] != ["as"],
                            any_one=bool(set(tokens[max(0, i - 4) : i]) & _ANY_WORDS) or _one_of_group(tokens, i))
            if t == "trash" and nxt == "can":
                i += 1
            listed = list(dict.fromkeys(c for c in map(lx.color_of, words) if c))
            if kind is not None and len(listed) > 1 and relation_pending is None:
                if "or" in tokens[max(0, i - 2 * len(words) - 2) : i]:  # "the red or blue cube": either will do
                    ref = replace(ref, color=None, any_one=True,
                                  not_colors=(*ref.not_colors, *(c for c in COLORS if c not in listed)))
                elif t != kind:  # "the green and orange cubes": one of each colour
                    objects.extend(replace(ref, text=f"{c} {kind}", color=c, every=False) for c in listed)
                    last_end = i
                    mods, words = {}, []
                    i += 1
                    continue
            if relation_pending is not None:
                rel_name, subject = relation_pending
                relation_pending = None
                if rel_name == _SECOND_ANCHOR:  # "between the red cube and the blue bin": the blue bin
                    objects[subject] = replace(objects[subject], anchor2=ref)
                elif rel_name == "between" and kind is not None and len(listed) == 2:  # "between the red and green cubes"
                    objects[subject] = replace(objects[subject], relation=rel_name,
                                               anchor=replace(ref, color=listed[0], text=f"{listed[0]} {kind}", every=False),
                                               anchor2=replace(ref, color=listed[1], text=f"{listed[1]} {kind}", every=False))
                else:
                    objects[subject] = replace(objects[subject], relation=rel_name, anchor=ref)
                    if rel_name == "contains" and tokens[i + 1 : i + 3] in (["in", "it"], ["inside", "it"]):
                        i += 2  # "the bin with the red cube in it": "it" is the bin
                    elif rel_name == "contains" and tokens[i + 1 : i + 2] == ["inside"]:
                        i += 1
                    if rel_name == "between" and not ref.every and not lx.is_plural_kind(t) and \
                            tokens[i + 1 : i + 2] in (["and"], ["&"]):
                        relation_pending = (_SECOND_ANCHOR, subject)
            else:
                if t == "one" and kind is None and objects and last_end >= 0 \
                        and (not mods.get("color") or (objects[-1].kind and not objects[-1].color and not objects[-1].pronoun)) \
                        and tokens[0] not in _QUESTION_STARTS \
                        and all(w in _APPOSITION_WORDS or w.startswith(_NOT_SUPERLATIVE) or lx.color_of(w)
                                for w in tokens[last_end + 1 : i]):
                    appositives.append(len(objects))
                gap = tokens[last_end + 1 : i - len(words)] if objects and last_end >= 0 else []
                if "or" in gap and all(w in ("or", ",", "either", "the", "a", "an") for w in gap):
                    ref = replace(ref, alternative=True)  # "the red box or the blue box": one of the two
                if gap[:2] == ["of", "the"] and all(lx.NUMBER_WORDS.get(w, 0) >= 2 or w.isdigit() for w in gap[2:]) \
                        and objects[-1].kind is None and objects[-1].text.endswith("one") and \
                        (objects[-1].superlative or objects[-1].ordinal) and kind is not None:
                    # "the nearer one of the boxes": the nearer box
                    objects[-1] = replace(objects[-1], kind=kind, color=objects[-1].color or ref.color, text=ref.text)
                    last_end = i
                    mods, words = {}, []
                    i += 1
                    continue
                objects.append(ref)
                last_end = i
            mods, words = {}, []
            i += 1
            continue
        held = _held_phrase(tokens, i)
        if held and objects and not mods and not words and objects[-1].kind in ("cube", None) and not objects[-1].color:
            objects[-1] = replace(objects[-1], pronoun=True)  # "the cube you are holding": the one in the gripper
            i += held
            continue
        if t == "there" and not mods and not words and i > 0 and (
                lx.lemma(tokens[i - 1]) in _GOING_THERE
                or (tokens[i - 1] == "to" and i > 1 and lx.lemma(tokens[i - 2]) in _GOING_THERE)):  # "go back (to) there"
            back = lx.lemma(tokens[i - 1]) in ("back", "return") or \
                (tokens[i - 1] == "to" and lx.lemma(tokens[i - 2]) in ("back", "return"))
            objects.append(ObjectRef(t, pronoun=True, destination=lx.lemma(tokens[i - 1]) in ("it", "drop", "put"), back=back))
            i += 1
            continue
        if t == "there" and not mods and not words and objects and lx.kind_of(tokens[i - 1]) and \
                any(lx.lemma(w) in lx.ACTION_CUES["place"] for w in tokens[:i]):
            objects.append(ObjectRef(t, pronoun=True, destination=True))  # "put the red cube there": where it goes
            i += 1
            continue
        if t in ("it", "them", "this", "that") and not mods and not words and (
                i + 1 >= n or tokens[i + 1] in (",", "in", "into", "inside", "onto", "on", "to", "over", "and", "please",
                                                 "up", "down", "there", "away", "now", "then", "too", "also", "again",
                                                 "as", "back", "here", "carefully", "gently", "slowly", "quickly")) \
                and i > 0 and \
                (tokens[i - 1] not in ("is", "of", "about", "do", "than", "like", "after", "before") or
                 (relation_pending is not None and tokens[i - 1] == "of")):
            if relation_pending is not None:  # "the box behind it": related to the object named before
                rel_name, subject = relation_pending
                objects[subject] = replace(objects[subject], relation=rel_name, anchor=ObjectRef(t, pronoun=True))
                relation_pending = None
            else:
                objects.append(ObjectRef(t, pronoun=True, destination=_preceded_by_destination(tokens, i)))
            i += 1
            continue
        if t in ("anything", "something") and (mods.get("not_names") or mods.get("not_colors")) and not words:
            # "anything but the red cube", "something that isn't red": the nearest of the rest
            objects.append(ObjectRef(t, mods.get("color"), any_one=True,  # type: ignore[arg-type]
                                     not_names=tuple(mods.get("not_names", ())),  # type: ignore[arg-type]
                                     not_colors=tuple(mods.get("not_colors", ()))))  # type: ignore[arg-type]
            last_end = i
            mods = {}
            i += 1
            continue
        if t in ("anything", "something") and not mods and not words and nxt in ("", ",", ".", "!", "please", "and", "then") \
                and any(lx.lemma(w) in lx.ACTION_CUES["pick"] or w in _BRING_VERBS for w in tokens[:i]):
            objects.append(ObjectRef(t, any_one=True))  # "pick up anything", "bring me something": the nearest one it can
            last_end = i
            i += 1
            continue
        if t in ("anything", "something") and not mods and not words and \
                nxt in ("next", "near", "beside", "behind", "by", "close", "alongside", "beyond", "past", "in", "to", "left", "right",
                        "between"):
            objects.append(ObjectRef(t))  # "is there anything next to the red box?": any object, so placed
            last_end = i
            i += 1
            continue
        if t in _DETERMINERS and not mods and not words and nxt != "same":
            head = _unknown_head(tokens, i + 1)
            if head:
                unknown.append(head)
        i += 1
    if mods.get("color") and words:  # "the red one" is cut short: "go to the red"
        start = len(tokens) - len(words)
        objects.append(ObjectRef(" ".join(words), mods.get("color"), None,  # type: ignore[arg-type]
                                 superlative=str(mods.get("superlative", "")), ordinal=int(mods.get("ordinal", 0)),  # type: ignore[call-overload]
                                 destination=_preceded_by_destination(tokens, start),
                                 any_one=tokens[start - 1 : start] in (["something"], ["anything"])))  # "find something red"
    elif mods.get("superlative") and not objects and not words:
        objects.append(ObjectRef(str(mods["superlative"]), superlative=str(mods["superlative"])))
    return _fold_appositives(objects, appositives), unknown, other_color


# What may stand between a named object and "one" for the "one" to say which of them it is:
# "the red box, the one on the right", "the red box - the closer one", "the cube, the second one".
_APPOSITION_WORDS = frozenset({",", "-", ":", "the", "that", "this"}) | lx.NEAREST_WORDS | lx.FARTHEST_WORDS \
    | lx.LEFT_WORDS | lx.RIGHT_WORDS | lx.LARGEST_WORDS | lx.SMALLEST_WORDS | frozenset(lx.ORDINALS)


def _selects(ref: ObjectRef) -> bool:
    return bool(ref.superlative or ref.ordinal or ref.relation or ref.not_superlative)


def _fold_appositives(objects: list[ObjectRef], appositives: list[int]) -> list[ObjectRef]:
    """"The red box, the one on the right" names one object, not two: the "one" that says which
    (by position, size, order or relation) gives its choice to the object named just before it,
    when that object does not already say which."""
    for index in reversed(appositives):
        named, one = objects[index - 1], objects[index]
        if one.color and named.kind and not named.color and not named.pronoun and not _selects(one):
            objects[index - 1] = replace(named, color=one.color, text=f"{one.color} {named.text}")  # "the cube, the red one"
            del objects[index]
            continue
        if not _selects(one) or _selects(named) or named.pronoun:
            continue
        objects[index - 1] = replace(named, superlative=one.superlative,
                                     ordinal=one.ordinal, ordinal_axis=one.ordinal_axis, relation=one.relation,
                                     anchor=one.anchor, not_superlative=one.not_superlative)
        del objects[index]
    return objects


_AHEAD_PHRASES = ("in front of you", "in front of me", "in front of us", "in front of the robot", "ahead of you",
                  "ahead of me", "straight ahead", "directly ahead", "dead ahead", "right ahead", "ahead")


def _ahead_phrase(tokens: list[str], i: int) -> int:
    """How many tokens a phrase for 'in front of the robot' spans from token i; 0 when none does."""
    phrase = _phrase_at(tokens, i, _AHEAD_PHRASES)
    return len(phrase.split()) if phrase else 0


_PHRASE_ENDS = frozenset({",", ".", ";", "!", "?", ":", "(", ")", "and", "or", "then", "to", "in", "into", "on", "onto",
                          "at", "by", "with", "from", "of", "for", "next", "near", "behind", "beside", "inside", "please",
                          "that", "which", "who", "if", "so", "but", "while", "now", "there", "here", "first", "again"})


def _groundable_noun(t: str) -> bool:
    """A word that may be looked up as a kind noun by meaning: alphabetic and not one the lexicon
    already reads (cues, colours, numbers, places, parts of the robot)."""
    return t.isalpha() and len(t) > 2 and t not in lx.lexicon_words() and t not in lx.NON_OBJECT_NOUNS \
        and t not in lx.OTHER_COLORS and t not in lx.NUMBER_WORDS


_MODAL_NOUNS = frozenset({"can", "cans", "will", "may"})  # words the lexicon reads as verbs that are nouns after a colour


# Superlatives that rank the objects on a side said after them ("the nearest box on your right").
_RANKS_WITHIN_A_SIDE = frozenset({"nearest", "farthest", "largest", "smallest", "tallest", "shortest"})
_NOT_IN_A_NOUN = frozenset({"is", "are", "same", "as", "than"})  # "that is the same colour as ...": no noun here


def _unknown_head(tokens: list[str], i: int) -> str:
    """The head noun of the noun phrase starting at token i (after a determiner), when it is a word
    that names nothing this world has ('piano'); '' otherwise. Words before the head (adjectives:
    'small', 'big') do not count."""
    run: list[str] = []
    for t in tokens[i : i + 5]:
        if t in _PHRASE_ENDS or t in _NOT_IN_A_NOUN or not t[0].isalpha() or (lx.lemma(t) in lx.ALL_CUES and run) or \
                (run and t in ("anywhere", "somewhere", "nearby", "around", "about", "today")):  # "is there a chair anywhere?"
            break
        run.append(t)
        if lx.kind_of(t) or t in lx.ANY_KIND_WORDS or (_groundable_noun(t) and ground_kind_noun(t)):
            return ""
    if not run:
        return ""
    head = run[-1]
    if head in _MODAL_NOUNS and len(run) >= 2 and lx.color_of(run[-2]):
        return head  # "the red can": after a colour, a noun
    if head in lx.lexicon_words() or head in lx.NON_OBJECT_NOUNS or head in _DETERMINERS or head in lx.NUMBER_WORDS \
            or head.endswith("ly") or lx.color_of(head) or head in lx.OTHER_COLORS or head in DISTANCE_UNITS_M \
            or head in ANGLE_UNITS_DEG:
        return ""  # "go forward a foot": a unit, not a thing
    return head


def _noun_follows(tokens: list[str], i: int) -> bool:
    """Whether the words from i on start a noun phrase (a colour, kind or 'one' within 3 words)."""
    for t in tokens[i : i + 3]:
        if lx.color_of(t) or lx.kind_of(t) or t in lx.ANY_KIND_WORDS or t in lx.OTHER_COLORS:
            return True
        if t not in lx.LEFT_WORDS | lx.RIGHT_WORDS | lx.NEAREST_WORDS | lx.FARTHEST_WORDS | lx.LARGEST_WORDS \
                | lx.SMALLEST_WORDS and t not in lx.ORDINALS \
                and t not in ("other", "another", "most", "hand", "-") \
                and not t.startswith((_NOT_COLOR, _NOT_NAME, _NOT_SUPERLATIVE)):  # "the nearest bin that is not blue"
            return False
    return False


# Words said before a request that start the sentence and add nothing ("hey so the red cube needs to go in the bin").
_LEAD_INS = frozenset({"hey", "so", "ok", "okay", "well", "um", "uh", "er", "erm", "right", "now", "and", "robot", "alright",
                       "look", "listen", "oh", "hmm", "yeah", "yes", "anyway", "also", "then", "but"})


def _preceded_by_destination(tokens: list[str], i: int) -> bool:
    """Whether the noun phrase ending at token i follows in/into/onto/to ... (within 7 words: "in the
    nearer of the two bins")."""
    for j in range(i - 1, max(-1, i - 8), -1):
        if tokens[j] in _DESTINATION_PREPS:
            said_of = j > 1 and tokens[j - 1] in lx.NEAREST_WORDS | lx.FARTHEST_WORDS and tokens[j - 2] in COPULAS
            return not (said_of or (tokens[j] == "to" and j > 0 and  # "the cube that is closer to the bin": which cube
                                    tokens[j - 1] in ("next", "close", "up", "go", "way", "back", "drive", "head", "move",
                                                      "get", "come")))
        if tokens[j] in (",", "and", "the", "a", "any", "whichever", "either", "same", "that", "this", "its", "their") \
                or tokens[j] in lx.EVERY_WORDS or lx.color_of(tokens[j]) \
                or (tokens[j] == "of" and j > 0 and tokens[j - 1] in lx.EVERY_WORDS | {"one", "any", "either"}) \
                or tokens[j] in _CONTENTS_WORDS or tokens[j] in lx.NUMBER_WORDS \
                or (tokens[j] == "of" and j > 0 and _superlative_of(tokens[j - 1])) \
                or tokens[j] in lx.MIDDLE_WORDS or tokens[j].startswith((_NOT_COLOR, _NOT_SUPERLATIVE, _NOT_NAME)) \
                or tokens[j] in lx.LEFT_WORDS | lx.RIGHT_WORDS \
                or tokens[j] in lx.NEAREST_WORDS | lx.FARTHEST_WORDS | lx.LARGEST_WORDS | lx.SMALLEST_WORDS \
                or tokens[j] in lx.ORDINALS or tokens[j] in lx.OTHER_WORDS or tokens[j] in _PLACE_DESCRIPTIONS:
            continue
        return False
    return False


# Words said of a bin between "in the" and the noun that neither name a colour nor rank ("in the big bin", "the
# recycling bin"): the bin is still where something goes.
_PLACE_DESCRIPTIONS = lx.POSITIVE_LARGE_WORDS | lx.POSITIVE_SMALL_WORDS | lx.DARKEST_WORDS | lx.LIGHTEST_WORDS | frozenset({
    "rubbish", "garbage", "recycling", "waste", "litter", "dust", "laundry", "plastic", "metal", "wooden", "round", "square",
    "open", "usual", "correct", "proper", "nice", "same", "own"})


_PEOPLE_HERE = frozenset({"you", "yourself", "me", "us"})
_NEARNESS_WORDS = frozenset({"next", "close", "closer", "closest", "near", "nearer", "nearest"})


def _without_the_speaker_or_robot_as_place(tokens: list[str]) -> list[str]:
    """The tokens without "(closer) to you", "near me", "by you": a measure of which object is meant
    ("the one closer to you"), never a place to go, so no cue of going anywhere."""
    kept: list[str] = []
    for n, token in enumerate(tokens):
        if token in ("to", "near", "by", "beside") and tokens[n + 1 : n + 2] and tokens[n + 1] in _PEOPLE_HERE:
            if token == "to" and kept and kept[-1] in _NEARNESS_WORDS:
                kept.pop()
            continue
        kept.append(token)
    return kept


_RELATION_PREPS = frozenset({"near", "by", "beside", "next", "close", "alongside"})


def _without_relations(tokens: list[str]) -> list[str]:
    """The tokens without the preposition of a relation said right after a noun ("the one by the
    green bin", "the box next to the cube"): it says which object is meant, not where to go."""
    kept: list[str] = []
    for n, token in enumerate(tokens):
        if token in _RELATION_PREPS and n > 0 and (lx.kind_of(tokens[n - 1]) or tokens[n - 1] in ("one", "ones")):
            continue
        if token == "to" and kept and tokens[n - 1] in ("next", "close") and kept[-1] not in ("next", "close"):
            continue  # the "to" of a dropped "next to", "close to"
        if token == "to" and n > 1 and (lx.kind_of(tokens[n - 1]) or tokens[n - 1] in ("one", "ones")) and \
                set(tokens[max(0, n - 3) : n - 1]) & _NEARNESS_WORDS and not set(tokens[:n]) & _CARRY_CUES:
            continue  # "the closest one to the green cube": measured from it ("take the nearest cube to the bin" carries)
        kept.append(token)
    return kept


def cue_intents(tokens: list[str], objects: list[ObjectRef]) -> list[str]:
    """Intents whose cue words the clause uses, strongest first."""
    found: list[str] = []
    tokens = _without_relations(_without_the_speaker_or_robot_as_place([lx.lemma(t) for t in tokens]))
    words = set(tokens)
    has_bin_destination = any(o.destination and o.kind == "bin" for o in objects)
    has_destination = any(o.destination for o in objects)
    carriable = any(o.kind in (*GRASPABLE_LABELS, None) and not o.destination for o in objects) or any(o.pronoun for o in objects)
    if words & set(lx.ACTION_CUES["place"]) and has_destination and carriable:
        found.append("place")
    if words & {"put", "place", "set", "lay", "stack", "stand", "leave"} and not has_destination and \
            any(o.relation for o in objects):
        found.append("place")  # "put the red cube next to the blue box": asked where only a bin can take it
    if words & set(lx.ACTION_CUES["place"]) - {"move", "bring", "carry", "take"} and not has_destination and \
            objects and all(o.pronoun for o in objects):
        found.append("place")  # "... go to the green bin and drop it": where is the bin just reached
    # a thing wished into a bin, carriable or not: a box or a cone wished there is refused as a put
    wished = carriable or any(o.kind is not None and not o.destination for o in objects)
    if words & lx.RESULT_STATE_WORDS and wished and has_bin_destination:  # "the cube should end up in the bin"
        found.append("place")
    if words & lx.WISH_PLACE_WORDS and wished and has_bin_destination and not words & (lx.ALL_CUES - {"be"}):
        found.append("place")  # "I'd like the red cube in the green bin", "the cube goes in the bin"
    said = [t for t in tokens if t not in (",", "!")]
    while said and said[0] in _LEAD_INS:
        said = said[1:]  # "hey so the red cube needs to go in the bin"
    if "go" in words and wished and has_bin_destination and said[:1] and (said[0] in ("the", "this", "that", "my", "your")
                                                                     or lx.color_of(said[0])):
        found.append("place")  # the cube is the subject: "the blue cube needs to go into the yellow bin"
    if words & set(lx.ACTION_CUES["pick"]) and carriable and has_bin_destination and len(objects) >= 2 and \
            words & {"to", "into", "inside", "onto"}:
        found.append("place")
    asking_for = tokens[:1] == ["i"] or tokens[:2] in (["can", "i"], ["could", "i"], ["may", "i"])
    if asking_for and words & {"want", "like", "need", "have"} and carriable and not has_destination and \
            any(o.kind in GRASPABLE_LABELS for o in objects) and not words & (lx.ALL_CUES - {"have", "like", "want", "need", "be", "get"}):
        found.append("pick")  # "I want the red cube", "can I have the blue cube?": to be handed it
    picking = words & set(lx.ACTION_CUES["pick"]) - {"get", "hold", "raise"} or "pick" in words or \
        ("get" in words and not {"to", "over", "near", "next", "close", "closer", "nearer", "towards", "toward", "beside",
                                  "in", "into"} & words) or _gets_a_thing(tokens)
    if picking and tokens[:2] != ["take", "me"]:
        found.append("pick")
    if words & set(lx.ACTION_CUES["find"]) and not ("look" in words and "at" in words and "for" not in words):
        found.append("find")
    if "where" in words and ("find" in words or "go" in words):
        found.append("find")
    if words & {"approach", "align"} or _contains(tokens, ("line", "up")) or _contains(tokens, ("get", "ready")) or \
            _contains(tokens, ("into", "position")) or _contains(tokens, ("in", "position")) or \
            _contains(tokens, ("line", "yourself", "up")) or _contains(tokens, ("line", "it", "up")) or \
            _contains(tokens, ("position", "yourself")) or _contains(tokens, ("get", "in", "position")):
        found.append("approach")
    if words & set(lx.ACTION_CUES["goto"]) or words & {"to", "towards", "toward", "beside", "next", "near", "by"}:
        found.append("goto")
    return list(dict.fromkeys(found))


COPULAS = frozenset({"is", "are", "was", "were", "sits", "sit", "sitting", "lies", "lie", "lying", "stands", "standing",
                     "rests", "resting"})
_WISH_WORDS = frozenset({"should", "must", "needs", "need", "has", "have", "want", "like", "goes", "belongs",
                         "ought", "shall", "will", "would", "could", "can", "please"})


def is_statement(tokens: list[str]) -> bool:
    """A clause that describes where an object is ("the red cube is next to the bin", "there is a
    cube in the green bin") and asks for nothing: a noun phrase, a copula, no action word and no
    wish ("the cube should be in the bin" asks for a place)."""
    words = [t for t in tokens if t[0].isalnum()]
    if len(words) < 3 or set(words) & _WISH_WORDS:
        return False
    if words[0] == "there":
        if words[1] not in ("is", "are"):
            return False
    elif not (words[0] in _DETERMINERS or lx.color_of(words[0]) or lx.kind_of(words[0])):
        return False
    if not any(w in COPULAS for w in words[1:]):
        return False
    return not any(lx.lemma(w) in lx.ALL_CUES - {"be", "stand", "face", "position", "line", "set", "case", "still"}
                   for w in words if w not in COPULAS)


def prohibition_in(tokens: list[str]) -> str:
    """The prohibition phrase a clause uses, in any verb form ("avoid", "avoiding", "keeping clear
    of", "leave the red cube alone"), or ''."""
    tokens = [t for k, t in enumerate(tokens) if not (t == "to" and k > 0 and tokens[k - 1] in ("not", "never"))]  # "careful not to hit"
    lemmas = [lx.lemma(t) for t in tokens]
    far = [i for i in range(1, len(tokens) - 1) if tokens[i : i + 2] == ["away", "from"] and tokens[i - 1] in lx.FARTHEST_WORDS]
    if far:  # "the bin farthest away from the cube" picks a bin; it forbids nothing
        return prohibition_in(tokens[: far[0]] + tokens[far[0] + 1 :])
    for words in (tokens, lemmas):
        found = next((p for p in lx.PROHIBITION_PHRASES if _contains(words, tuple(p.split()))), "")
        if found:
            return found
    if "let" in lemmas and tokens[-1:] == ["be"]:
        return "leave alone"  # "let the red cube be"
    if "give" in lemmas and "berth" in tokens:
        return "keep away from"  # "give the red box a wide berth"
    if "leave" in lemmas:
        rest = tokens[lemmas.index("leave") + 1 :]
        if "alone" in rest or _contains(rest, ("where", "it", "is")) or _contains(rest, ("where", "they", "are")) or \
                (rest[-1:] == ["be"]) or _contains(rest, ("out", "of", "it")) or _contains(rest, ("out", "of", "this")):
            return "leave alone"  # "leave the red cube where it is", "leave the red box be"
    return ""


def _gets_a_thing(tokens: list[str]) -> bool:
    """"get the closer can", "get me the cube closest to the bin": "get" with its object straight
    after it is a pick, whatever is said of the object ("get closer to the can" is no pick)."""
    for i, t in enumerate(tokens):
        if t != "get":
            continue
        j = i + 1 + (tokens[i + 1 : i + 2] in (["me"], ["us"]))
        if j < len(tokens) and tokens[j] in ("the", "that", "this", "a", "an", "any", "one") and \
                any(lx.kind_of(w) in GRASPABLE_LABELS for w in tokens[j : j + 4]):
            return True
    return False


_GO_TO_PLACE_VERBS = frozenset({"go", "drive", "move", "get", "head", "park", "stand", "wait", "hide", "travel", "roll"})
_PLACES_BESIDE_OBJECTS = frozenset({"behind", "between", "beneath", "under", "underneath", "atop", "inside", "onto"})


_CARE_PHRASES = (("be", "careful"), ("careful",), ("make", "sure"), ("be", "sure"), ("take", "care"), ("mind",),
                 ("try",), ("remember",))
_HELD_PHRASES = (("you", "are", "holding"), ("you", "are", "carrying"), ("you", "have"), ("you", "hold"), ("you", "carry"),
                 ("you", "picked", "up"), ("you", "just", "picked", "up"), ("you", "grabbed"), ("in", "your", "gripper"),
                 ("in", "your", "hand"), ("in", "your", "claw"))


def _held_phrase(tokens: list[str], i: int) -> int:
    """How many tokens from ``i`` say that an object is the one held ("(that) you are holding",
    "in your gripper"); 0 when none."""
    j = i + 1 if tokens[i : i + 1] in (["that"], ["which"]) else i
    for phrase in _HELD_PHRASES:
        if tuple(tokens[j : j + len(phrase)]) == phrase:
            return j - i + len(phrase)
    return 0


def _says_everything(tokens: list[str]) -> bool:
    """Whether a prohibition is about every object ("avoid everything else", "don't hit anything",
    "stay away from all the other objects", "keep clear of the rest")."""
    words = set(tokens)
    return bool(words & {"everything", "anything"}) or _contains(tokens, ("the", "rest")) or \
        ("other" in words and bool(words & {"all", "objects", "things", "stuff"}))


def _contains(tokens: list[str], run: tuple[str, ...]) -> bool:
    return any(tuple(tokens[i : i + len(run)]) == run for i in range(len(tokens)))


_FORBIDDING_VERBS = frozenset({"forbid", "forbids", "forbade", "prohibit", "prohibits", "ban", "disallow", "veto"})
_BAD_IDEA_WORDS = frozenset({"bad", "wrong", "unwise", "dangerous", "mistake", "unsafe", "terrible", "stupid", "silly"})


_LEFT_SOMEWHERE = frozenset({"in", "into", "inside", "on", "onto", "at", "here", "there", "by", "next", "beside", "near",
                             "with", "for", "behind"})


def _leaves_be(tokens: list[str], lemmas: list[str], objects: list[ObjectRef]) -> bool:
    """"Leave the red cube (and go to the blue box)": let it be, as "leave it alone"; not "leave the
    cube in the bin", which puts it somewhere."""
    first = next((k for k, t in enumerate(tokens) if t not in ("and", "then", "please", "just", "but", ",")), -1)
    return first >= 0 and lemmas[first] == "leave" and not any(o.destination for o in objects) and \
        not set(tokens[first + 1 :]) & _LEFT_SOMEWHERE


def _is_gerund(word: str) -> bool:
    """"going", "picking", "heading": a verb's -ing form (not "thing", "bring", "something")."""
    return len(word) > 4 and word.endswith("ing") and not word.endswith("thing") and \
        (lx.lemma(word) != word or word in ("going", "doing"))


# Said before a verb's -ing form, these call off that action: "stop going to the red box",
# "quit picking up the cube", "hold off on going to the bin".
_CEASING = (("stop",), ("quit",), ("cease",), ("halt",), ("hold", "off", "on"), ("hold", "off"), ("give", "up", "on"),
            ("give", "up"), ("leave", "off"), ("no", "more"), ("enough",))


def ceases(tokens: list[str]) -> bool:
    """Whether a clause calls off an action it names ("stop going to the red box")."""
    return any(tuple(tokens[i : i + len(c)]) == c and _is_gerund(next(iter(tokens[i + len(c) : i + len(c) + 1]), ""))
               for i in range(len(tokens)) for c in _CEASING)


def _is_negated(tokens: list[str]) -> bool:
    if tokens[:2] in (["rather", "than"], ["instead", "of"]) or ceases(tokens):
        return True
    for i, t in enumerate(tokens):
        if t in ("not", "never", "dont", "neither", "nor") and not _contains(tokens[max(0, i - 2) : i + 2], ("whether", "or")):
            return True
        if t == "no" and _is_gerund(next(iter(tokens[i + 1 : i + 2]), "")):
            return True  # "no picking up", "no going near the bins"
        if t == "no" and tokens[i + 1 : i + 2] in (["need"], ["more"], ["longer"], ["circumstances"], ["circumstance"],
                                                   ["account"], ["means"], ["case"], ["time"], ["way"], ["reason"]):
            return True  # "no need to", "under no circumstances", "on no account", "by no means", "at no time"
        if t in ("forget", "scratch", "drop") and i == 0 and tokens[1:2] in (["the"], ["about"], ["that"], ["it"]) \
                and t != "drop":
            return True  # "forget the red box": not that one
        if t == "without" or t == "refrain" or (t == "skip" and i == 0) or t in _FORBIDDING_VERBS or \
                (t in ("refuse", "decline") and tokens[i + 1 : i + 2] == ["to"]):
            return True
        if t in _BAD_IDEA_WORDS and tokens[i + 1 : i + 2] in (["to"], ["idea"]):
            return True  # "it would be bad to go to the red box", "it's a bad idea to ...", "a mistake to ..."
    return False


_HIT_VERBS = frozenset({"ram", "crash", "smash", "bump", "collide", "hit", "strike", "kick", "punch", "bash", "whack",
                        "knock", "topple", "tip"})
_DRIVE_VERBS = frozenset({"run", "drive", "go", "head", "roll", "move", "charge", "plow", "plough", "barrel", "slam"})


def _asks_to_hit(tokens: list[str], lemmas: list[str]) -> bool:
    """Whether a clause asks to hit an object ("ram it", "crash into the blue box", "drive into the
    red box", "knock over the bin"): refused; prohibitions of the same ("don't hit ...") are read
    before this."""
    for i, lemma in enumerate(lemmas):
        if lemma in _HIT_VERBS and not (lemma == "tip" and tokens[i + 1 : i + 2] != ["over"]):
            return True
        hit_kind = next((lx.kind_of(w) for w in tokens[i + 1 : i + 5] if lx.kind_of(w)), None)
        carried_before = any(lx.kind_of(w) in GRASPABLE_LABELS or w in ("it", "them", "that", "this") for w in tokens[:i])
        if tokens[i] == "through" and tokens[i + 1 : i + 2] in (["it"], ["them"], ["that"]) and set(lemmas[:i]) & _DRIVE_VERBS:
            return True  # "don't go around the bottle, go straight through it"
        if tokens[i] in ("into", "through") and set(lemmas[:i]) & _DRIVE_VERBS and not set(lemmas[:i]) & _CARRY_CUES \
                and tokens[i + 1 : i + 2] not in (["position"], ["place"]) and \
                hit_kind not in (None, "bin" if tokens[i] == "into" and carried_before else None):
            return True  # "drive at full speed into the blue box", "drive straight into the green bin"
        after = tokens[i + 2 : i + 3]
        if lemma in _DRIVE_VERBS and tokens[i + 1 : i + 2] in (["into"], ["over"], ["through"], ["down"]) and \
                after not in (["to"], ["towards"], ["toward"], ["there"], ["here"], ["position"], ["place"], ["by"]) and \
                (tokens[i + 1] != "down" or lemma == "run") and \
                (tokens[i + 1] == "through" or not carried_before
                 or next((lx.kind_of(w) for w in tokens[i + 2 : i + 6] if lx.kind_of(w)), None) != "bin"):
            return True  # "run down the cone"; not "go over to the box", "move into position", "the cube needs to go into the bin"
    return False


_MOVE_VERBS = frozenset({"move", "push", "shove", "drag", "slide", "shift", "pull", "nudge", "rotate", "turn", "spin"})


def _moved_fixture(tokens: list[str], lemmas: list[str]) -> str:
    """The kind of box or bin a clause asks to move as an object ("move the red box to the left",
    "push the bin"), or ''. Only cubes are moved, by picking them up; "move to the box" is a drive."""
    for i, lemma in enumerate(lemmas):
        if lemma not in _MOVE_VERBS:
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j] in ("the", "a", "an", "that", "this") or lx.color_of(tokens[j])):
            j += 1
        kind = lx.kind_of(tokens[j]) if j < len(tokens) and j > i + 1 else None
        if kind is not None and kind not in GRASPABLE_LABELS:  # "push the bin", "push the green ball toward the cone"
            return kind
    return wished_moved(tokens, lemmas)


def wished_moved(tokens: list[str], lemmas: list[str]) -> str:
    """The kind of a thing the gripper does not take that a wish asks to have moved ("I'd like the
    black box shoved over next to the bins", "I want the bin by the box"), or ''."""
    for j, token in enumerate(tokens):
        kind = lx.kind_of(token)
        if kind is None or kind in GRASPABLE_LABELS:
            continue
        k = j
        while k > 0 and (tokens[k - 1] in ("the", "a", "that", "this") or lx.color_of(tokens[k - 1])):
            k -= 1
        if k < j and k > 0 and lemmas[k - 1] in ("want", "like", "need") and "not" not in tokens[max(0, k - 4) : k - 1] and \
                ((lemmas[j + 1 : j + 2] and lemmas[j + 1] in _MOVE_VERBS) or (tokens[j + 1 : j + 2] and tokens[j + 1] in _WISHED_BESIDE)):
            return kind
    return ""


_WISHED_BESIDE = frozenset({"next", "beside", "by", "near", "closer", "nearer", "against", "over", "moved", "pushed", "shoved"})


_TIDY_VERBS = (("clean", "up"), ("tidy", "up"), ("clear", "up"), ("tidy", "away"), ("tidy",), ("clear", "away"))
_GRIPPER_NOUNS = frozenset({"gripper", "hand", "hands", "claw", "grip", "grabber", "arm"})


_SEGMENT_ENDS = frozenset({",", ".", ";", "!", "?", "then"})  # where a rewrite's span of words ends


def _span_end(tokens: list[str], i: int, at_and: bool = False) -> int:
    """The index where the span of words from token i ends (its end, or the next _SEGMENT_ENDS
    word; also "and" with ``at_and``)."""
    return next((k for k in range(i, len(tokens)) if tokens[k] in _SEGMENT_ENDS or (at_and and tokens[k] == "and")),
                len(tokens))


def _span_start(tokens: list[str], i: int) -> int:
    """The index where the span of words ending before token i starts (after the last _SEGMENT_ENDS
    word before it, or 0)."""
    return max((k + 1 for k in range(i) if tokens[k] in _SEGMENT_ENDS), default=0)
_BRING_VERBS = frozenset({"bring", "carry", "fetch", "get", "take", "hand", "give", "pass"})
# Verbs that, said with "me" ("bring me the blue cube", "get us the red cube"), hand something to the speaker.
_BRING_TO_VERBS = frozenset({"bring", "fetch", "get", "grab", "hand", "pass", "give"})
_TO_THE_SPEAKER = (("back", "over", "here"), ("over", "here"), ("back", "here"), ("back", "to", "me"), ("over", "to", "me"),
                   ("to", "me"), ("to", "us"), ("here",), ("back",), ("over",))


# Words that say what is brought without naming its kind: "bring me it", "bring me something white", "the red thing"
_BROUGHT_WORDS = frozenset({"it", "them", "something", "anything", *lx.ANY_KIND_WORDS})


def _coming_back(said: list[str]) -> list[str]:
    """The return of a "bring me ...", as slow as the fetch is said to be ("bring me the white can slowly")."""
    return [",", "then", "come", "back", *(["slowly"] if any(w in lx.SLOW_WORDS for w in said) else [])]


def _brought_back(tokens: list[str]) -> list[str]:
    """"Bring the red cube back", "bring the red cube here", "carry the blue cube to me", "bring me
    the blue cube": pick it up,
    then come back to where the goal started (where the robot was sent from; the speaker's own place
    is not known)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if lx.lemma(tokens[i]) in _BRING_TO_VERBS and tokens[i + 1 : i + 2] in (["me"], ["us"]) and \
                tokens[i + 2 : i + 3] not in (["to"], ["over"], ["back"]):  # not "get me to the green bin"
            end = _span_end(tokens, i + 2, at_and=True)
            if any(lx.kind_of(w) or w in _BROUGHT_WORDS for w in tokens[i + 2 : end]):
                out += ["fetch", *tokens[i + 2 : end], *_coming_back(tokens[i + 2 : end])]  # "bring me the blue cube"
                i = end
                continue
        if lx.lemma(tokens[i]) in ("hand", "pass", "give", "bring") and tokens[i + 1 : i + 2] == ["over"] and \
                tokens[i + 2 : i + 3] in (["the"], ["that"], ["this"], ["a"], ["it"], ["them"]):
            end = _span_end(tokens, i + 2, at_and=True)  # "hand over the green cube": to the speaker
            if any(lx.kind_of(w) or w in ("it", "them", "one") for w in tokens[i + 2 : end]) and \
                    not set(tokens[i + 2 : end]) & {"to", "into", "in", "inside", "onto"}:
                out += ["fetch", *tokens[i + 2 : end], *_coming_back(tokens[i + 2 : end])]
                i = end
                continue
        if lx.lemma(tokens[i]) in _BRING_VERBS:
            end = _span_end(tokens, i + 1, at_and=True)
            tail = next((t for t in _TO_THE_SPEAKER if end - len(t) > i + 1 and tuple(tokens[end - len(t) : end]) == t), None)
            if tail is not None and any(lx.kind_of(w) or w in ("it", "them", "one") for w in tokens[i + 1 : end - len(tail)]):
                out += ["fetch", *tokens[i + 1 : end - len(tail)], *_coming_back(tokens[i + 1 : end])]
                i = end
                continue
        if tokens[i] == "back" and out and (lx.kind_of(out[-1]) or out[-1] in ("it", "them")) and \
                tokens[i + 1 : i + 2] in (["to"], ["into"], ["in"], ["inside"], ["onto"]) and \
                any(lx.lemma(w) in _CARRY_CUES for w in out):
            i += 1  # "take the red cube back to the green bin": where it goes
            continue
        out.append(tokens[i])
        i += 1
    return out


_VIA = (("via",), ("by", "way", "of"), ("passing", "by"), ("passing",), ("going", "past"), ("going", "by"),
        ("stopping", "at"), ("stopping", "by"), ("on", "the", "way", "past"))
_GO_VERBS = frozenset({"go", "drive", "head", "move", "walk", "roll", "travel", "navigate", "get", "come", "return"})


_NAMING_WORDS = frozenset({"the", "a", "an", "that", "this", "please", ","})


_ONCE_SEEN = tuple(tuple(p.split()) for p in ("as soon as you see", "as soon as you spot", "once you see", "once you spot",
                                               "when you see", "when you spot", "the moment you see", "whenever you see",
                                               "when you find", "once you find", "after you see", "after you find"))


def _once_seen_first(tokens: list[str]) -> list[str]:
    """A goal that starts with what must be seen first ("as soon as you see the purple box, pick up
    the red cube", "when you see a purple box, go to it"): turn until it is in view, then the rest."""
    said = next((p for p in _ONCE_SEEN if tuple(tokens[: len(p)]) == p), None)
    if said is None:
        return _once_seen_last(tokens)
    end = next((i for i in range(len(said), len(tokens)) if tokens[i] in (",", ";", "then")), -1)
    if end < 0 or not any(lx.kind_of(t) or lx.color_of(t) for t in tokens[len(said) : end]):
        return tokens
    rest = tokens[end + 1 :]
    if not rest or not begins_action([t for t in rest if t != "then"]):
        return tokens
    return ["turn", "until", "you", "see", *tokens[len(said) : end], ",", "then", *rest]


def _once_seen_last(tokens: list[str]) -> list[str]:
    """"Go to the purple box when you see it": what must be seen said after the request, as "when you
    see the purple box, go to it" (turn until it is in view, then the request)."""
    words = tokens[:-1] if tokens[-1:] in ([","], ["."], ["!"]) else tokens
    for said in _ONCE_SEEN:
        tail = (*said, "it")
        if len(words) <= len(tail) or tuple(words[-len(tail) :]) != tail:
            continue
        request = [t for t in words[: -len(tail)] if t != ","]
        noun = next((k for k, t in enumerate(request) if lx.kind_of(t)), -1)
        if noun < 0 or not begins_action(request):
            return tokens
        return ["turn", "until", "you", "see", "the", *request[_phrase_start(request, noun) : noun + 1], ",", "then", *request]
    return tokens


# Words that say which one without naming a colour, and the words said around them ("I mean the one on the left").
_WHICH_WORDS = (lx.NEAREST_WORDS | lx.FARTHEST_WORDS | lx.LEFT_WORDS | lx.RIGHT_WORDS | lx.MIDDLE_WORDS
                | lx.POSITIVE_LARGE_WORDS | lx.POSITIVE_SMALL_WORDS)
_WHICH_FILLERS = frozenset({"the", "that", "one", "on", "to", "your", "of", "them", "i", "mean", "meant"})


def _appositive_sentences(tokens: list[str]) -> list[str]:
    """A sentence that only says which one, naming no kind ("Go to the box. The blue one.", "Pick up
    the cube. I mean the red one."): part of the sentence before it, as "go to the box, the blue one"
    is."""
    out = list(tokens)
    for i in range(1, len(out) - 2):  # "go to the red box... or actually the blue box": a correction
        run = next((r for r in _ALTERNATIVE_CORRECTIONS if tuple(out[i : i + len(r)]) == r), None)
        if run is not None and out[i - 1] in (",", ".", "-", "...") and any(lx.kind_of(t) for t in out[i + len(run) :]):
            out = [*out[:i], "actually", *out[i + len(run) :]]
            break
    for i in range(1, len(out) - 1):
        if out[i] not in (".", "!", ";", "-", ":"):  # "go to the red box - the right one"
            continue
        end = next((j for j in range(i + 1, len(out)) if out[j] in (".", "!", ";", "?", "-")), len(out))
        said = out[i + 1 : end]
        if said[:1] in (["the"], ["that"], ["i"]) and len(said) <= 7 and any(lx.color_of(t) or t in _WHICH_WORDS for t in said) \
                and all(lx.color_of(t) or t in _WHICH_WORDS or t in _WHICH_FILLERS for t in said) \
                and any(lx.kind_of(t) for t in out[:i]):
            out[i] = ","
    return out


_ALTERNATIVE_CORRECTIONS = (("or", "actually"), ("or", "rather"), ("or", "better"), ("or", "better", "yet"),
                            ("no", "make", "that"))


def _relative_moved_back(tokens: list[str]) -> list[str]:
    """"The bin that the blue cube is closest to": "the bin closest to the blue cube" (the object of
    "closest to" or "farthest from" said before it, in a relative clause)."""
    for i in range(1, len(tokens) - 4):
        if tokens[i] not in ("that", "which") or not lx.kind_of(tokens[i - 1]):
            continue
        verb = next((j for j in range(i + 2, min(i + 7, len(tokens))) if tokens[j] in ("is", "are")), -1)
        if verb < 0 or not any(lx.kind_of(t) for t in tokens[i + 1 : verb]) or verb + 2 >= len(tokens) + 0 \
                or tokens[verb + 1] not in ("closest", "nearest", "next", "near", "farthest", "furthest", "close") \
                or tokens[verb + 2 : verb + 3] not in (["to"], ["from"]):
            continue
        return [*tokens[:i], tokens[verb + 1], tokens[verb + 2], *tokens[i + 1 : verb], *tokens[verb + 3 :]]
    return tokens


_ORDER_WORDS = frozenset({"first", "firstly", "finally", "lastly", "last", "second", "secondly", "thirdly"})
# Order words that say a later step of a route: "..., second the green bin", "..., finally home".
_LATER_STEP_WORDS = frozenset({"finally", "lastly", "second", "secondly", "third", "thirdly"})


def _sequence_said_as_then(tokens: list[str]) -> list[str]:
    """"first the red box, and then the green bin", "the red box, after that the blue box": the
    order words dropped and each link as "then"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        home = next((h for h in _SAID_HOME if tuple(tokens[i : i + len(h)]) == h), None)
        if home is not None:  # "..., then back home", "..., then back to the start"
            out.append("home")
            i += len(home)
            continue
        if tuple(tokens[i : i + 2]) in (("and", "then"), ("after", "that"), ("and", "next"), ("and", "finally"),
                                        ("and", "lastly")):
            out.append("then")
            i += 2
            continue
        if (tokens[i] == "next" or (tokens[i] in _LATER_STEP_WORDS and out[-1:] in ([","], ["and"]))) and out:
            out.append("then")  # "..., finally home", "first the red box, second the green bin"
        elif tokens[i] not in _ORDER_WORDS:
            out.append(tokens[i])
        i += 1
    return out


# Coming back, said as a place in a route: "..., then back home", "..., then back to the start".
_SAID_HOME = tuple(sorted((tuple(p.split()) for p in (
    "back home", "back to base", "back to the start", "back to start", "back to the beginning", "back where you started",
    "back to where you started", "back to the starting point", "back to your starting point", "back to the origin",
    "home again", "back again", "back")), key=len, reverse=True))


def _verbless_route(tokens: list[str]) -> list[str]:
    """Objects joined by "to" or "then" with no verb ("red cube to green bin", "red cube -> green bin",
    "red cube in yellow bin please",
    "red box then blue box", "red box, then blue box, then home"): a cube to a bin is put there;
    anything else is gone to in turn; "home" last comes back."""
    said = _sequence_said_as_then(tokens)
    if any(lx.lemma(t) in lx.ALL_CUES for t in said if t != "home"):
        return tokens
    parts: list[list[str]] = [[]]
    links: list[str] = []
    for t in said:
        if t in ("to", "into", "then", "in", "inside"):
            links.append(t)
            parts.append([])
        elif lx.color_of(t) or lx.kind_of(t) or t in _NAMING_WORDS or t in ("home", "base"):
            parts[-1].append(t)
        else:
            return tokens
    named = [[t for t in p if t not in ("please", ",")] for p in parts]
    if set(links) & {"in", "inside"} and (len(named) != 2 or (named[0][:1] == ["the"] and "please" not in said)):
        return tokens  # "the blue cube in the green bin" names the cube that is there; "red cube in yellow bin" puts it
    home = len(named) >= 2 and links[-1] in ("then", "to") and named[-1] in (["home"], ["base"])
    if home:
        named = named[:-1]
    if (len(named) < 2 and not home) or not all(any(lx.kind_of(t) for t in p) for p in named):
        return tokens
    if len(named) == 2 and links[0] != "then" and _carried(named[0][-1]) and \
            lx.kind_of(named[1][-1]) == "bin":
        out = ["put", *named[0], "in", *named[1]]
    else:
        out = ["go", "to", *named[0]]
        for part in named[1:]:
            out += [",", "then", "to", *part]
    return [*out, ",", "then", "come", "back"] if home else out


def _via_first(tokens: list[str]) -> list[str]:
    """A place to pass on the way, said after the request ("go to the green bin via the red box",
    "..., passing by the red box", "carry the red cube to the yellow bin by way of the blue box"),
    becomes a step of its own before the last part: go to the red box, then to the green bin; pick
    up the red cube, go to the blue box, then put it in the yellow bin."""
    for m in range(1, len(tokens)):
        marker = next((v for v in _VIA if tuple(tokens[m : m + len(v)]) == v), None)
        path_only = marker is None and tokens[m] == "past"  # "past the blue box" is a path only before where to go
        if path_only:
            marker = ("past",)
        if marker is None:
            continue
        if {"without", "not", "never", "no"} & set(tokens[max(0, m - 3) : m]):
            continue  # "without going past the red cube", "don't go past it": a place to keep away from
        end = _span_end(tokens, m + len(marker), at_and=True)
        after = tokens[m + len(marker) : end]
        cut = next((k for k, t in enumerate(after) if t in ("to", "into", "in")), len(after))
        waypoint, tail = after[:cut], after[cut:]
        if path_only and not tail:
            start = _span_start(tokens, m)
            carried = start < m and lx.lemma(tokens[start]) in _CARRY_CUES and tokens[end : end + 1] == ["and"] and \
                any(lx.lemma(w) in lx.ACTION_CUES["place"] for w in tokens[end + 1 : _span_end(tokens, end + 1)])
            if not carried or not any(lx.kind_of(w) for w in waypoint):
                continue  # "the box past the bin": behind it
            # "carry the red cube past the blue box and put it in the green bin"
            return [*tokens[:start], "pick", "up", *tokens[start + 1 : m], ",", "then", "go", "to", *waypoint, ",",
                    "then", *tokens[end + 1 :]]
        if tokens[m - 1] == ",":  # "go to the green bin, passing by the red box": the request before the comma
            start = _span_start(tokens, m - 1)
            request, before = tokens[start : m - 1], tokens[:start]
        else:
            start = _span_start(tokens, m)
            request, before = [*tokens[start:m], *tail], tokens[:start]
        if not waypoint or not any(lx.kind_of(w) for w in waypoint) or not request:
            return tokens
        verb = lx.lemma(request[0])
        rest = tokens[end:]
        if verb in _GO_VERBS:
            return [*before, "go", "to", *waypoint, ",", "then", *request, *rest]
        into = next((k for k, t in enumerate(request) if t in ("to", "into", "in")), -1)
        if verb in _CARRY_CUES and into > 1:
            return [*before, "pick", "up", *request[1:into], ",", "then", "go", "to", *waypoint, ",", "then", "put", "it",
                    "in", *request[into + 1 :], *rest]
        return tokens
    return tokens


_COMPARED = frozenset({"closer", "nearer", "farther", "further", "bigger", "larger", "smaller"})


def _the_more_of_two(tokens: list[str]) -> list[str]:
    """"The closer of the red box and the blue box" as "the red box or the blue box, whichever is
    closer" (one of the two, so picked)."""
    for i in range(len(tokens) - 3):
        if tokens[i] != "the" or tokens[i + 1] not in _COMPARED or tokens[i + 2] != "of":
            continue
        end = _span_end(tokens, i + 3)
        join = next((k for k in range(i + 3, end) if tokens[k] == "and"), -1)
        first, second = tokens[i + 3 : join], tokens[join + 1 : end]
        named = [any(lx.kind_of(w) or lx.color_of(w) for w in part) for part in (first, second)]
        if join < 0 or not all(named):
            continue
        return [*tokens[:i], *first, "or", *second, ",", "whichever", "is", tokens[i + 1], *tokens[end:]]
    return tokens


def _carried_along(tokens: list[str]) -> list[str]:
    """"Go to the red box while holding the blue cube": pick it up first, then the request."""
    for m in range(1, len(tokens) - 2):
        if tokens[m] not in ("while", "whilst") or tokens[m + 1] not in ("holding", "carrying"):
            continue
        end = _span_end(tokens, m + 2, at_and=True)
        last = m - 1 if tokens[m - 1] == "," else m  # "go to the red box, while carrying the cube, ..."
        start = _span_start(tokens, last)
        thing, request = tokens[m + 2 : end], tokens[start:last]
        if not request or not any(lx.kind_of(w) for w in thing):
            return tokens
        rest = tokens[end + 1 :] if tokens[end : end + 1] == [","] else tokens[end:]
        return [*tokens[:start], "pick", "up", *thing, ",", "then", *request, *([","] if rest else []), *rest]
    return tokens


_HOLD_OPENERS = (("carry",), ("hold", "on", "to"), ("hang", "on", "to"), ("keep", "hold", "of"), ("get", "hold", "of"),
                 ("take", "hold", "of"), ("grab", "hold", "of"))
_CARRIED_TO = frozenset({"to", "into", "in", "inside", "over", "back", "here", "there", "home", "around", "round", "across",
                         "towards", "toward", "away", "with", "past", "along", "until", "till", "for"})


def _held_without_a_place(tokens: list[str]) -> list[str]:
    """"Carry the white can", "hold on to the red cube", "get hold of it": a cube or can to pick up
    and hold, when no place to take it to is said."""
    for i in range(len(tokens)):
        said = next((o for o in _HOLD_OPENERS if tuple(tokens[i : i + len(o)]) == o), None)
        if said is None or (i > 0 and tokens[i - 1] not in (",", ".", ";", "and", "then", "please", "just", "you", "go")):
            continue
        end = _span_end(tokens, i + len(said), at_and=True)
        thing = tokens[i + len(said) : end]
        if thing and any(_carried(w) or w in ("it", "them") for w in thing) and not set(thing) & _CARRIED_TO:
            return [*tokens[:i], "pick", "up", *thing, *tokens[end:]]
    return tokens


def _as_put(tokens: list[str]) -> list[str]:
    """Requests to put a cube somewhere said without "put": "fill the green bin with the red cube"
    (put the red cube in the green bin), "empty your gripper into the bin" and "let go of the cube"
    (release: put what is held)."""
    lemmas = [lx.lemma(t) for t in tokens]
    for tidy in _TIDY_VERBS:  # "clean up the cubes", "tidy the cubes away": each into a bin
        at = next((k for k in range(len(tokens)) if tuple(lemmas[k : k + len(tidy)]) == tidy), -1)
        end = _span_end(tokens, at + len(tidy), at_and=True) if at >= 0 else -1
        if at >= 0 and any(_carried(t) for t in tokens[at + len(tidy) : end]):
            things = [t for t in tokens[at + len(tidy) : end] if t not in ("away", "up")]
            return [*tokens[:at], "put", *things, "in", "any", "bin", *tokens[end:]]
    put = next((k for k in range(len(tokens)) if lemmas[k] in lx.ACTION_CUES["place"]), -1)
    if put >= 0 and tokens[put + 1 : put + 2] == ["away"] and any(_carried(t) for t in tokens[put + 2 : put + 6]):
        end = _span_end(tokens, put + 2, at_and=True)  # "put away the cubes": "put the cubes away"
        tokens = [*tokens[:put + 1], *tokens[put + 2 : end], "away", *tokens[end:]]
        lemmas = [lx.lemma(t) for t in tokens]
    while put >= 0 and "away" in tokens[put:]:  # "put the cubes away": into a bin, the nearest
        away = tokens.index("away", put)
        if any(_carried(t) or t in ("it", "them", "that", "this", "those", "these", "things", "objects", "items", "thing", "object",
                                    "item") for t in tokens[put + 1 : away]) and \
                not any(t in ("in", "into", "inside") for t in tokens[put + 1 : away]) and \
                (away + 1 == len(tokens) or tokens[away + 1] in _SEGMENT_ENDS or tokens[away + 1] in ("and", "please")):
            tokens = [*tokens[:away], "in", "any", "bin", *tokens[away + 1 :]]
            lemmas = [lx.lemma(t) for t in tokens]
        put = next((k for k in range(away + 1, len(tokens)) if lemmas[k] in lx.ACTION_CUES["place"]), -1)
    if "fill" in lemmas and "with" in tokens:
        f, w = lemmas.index("fill"), tokens.index("with")
        end = _span_end(tokens, w + 1)
        if f + 1 < w < end - 1:
            return [*tokens[:f], "put", *tokens[w + 1 : end], "in", *tokens[f + 1 : w], *tokens[end:]]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if lemmas[i] == "empty" and tokens[i + 1 : i + 2] in (["your"], ["the"], ["my"]) and \
                tokens[i + 2 : i + 3] and tokens[i + 2] in _GRIPPER_NOUNS:
            out += ["put", "the", "cube", "you", "are", "holding"]
            i += 3
        elif tokens[i] in ("anywhere", "somewhere") and any(lm in lx.ACTION_CUES["place"] or lm in _BRING_VERBS
                                                             for lm in lemmas[:i]) and \
                any(tuple(tokens[i + 1 : i + 1 + len(e)]) == e for e in _EXCLUDING):
            lead = next(e for e in _EXCLUDING if tuple(tokens[i + 1 : i + 1 + len(e)]) == e)
            ruled_out = [t for t in tokens[i + 1 + len(lead) :] if t[0].isalnum()][:3]
            if ruled_out in (["the", "bin"], ["a", "bin"], ["bins"], ["the", "bins"], ["any", "bin"], ["in", "the", "bin"],
                             ["in", "a", "bin"], ["in", "bins"]):
                raise GoalRefused("I can put things only into bins, and you ruled bins out; name a bin to use, or say "
                                  "'bring it back' and I bring it to where I started")
            out += ["in", "any", "bin"]  # "put the red cube anywhere but the green bin"
            verb = next((k for k in range(len(out)) if lx.lemma(out[k]) in _BRING_VERBS), -1)
            if verb >= 0 and not any(lx.lemma(w) in lx.ACTION_CUES["place"] for w in out[:verb]):
                out[verb] = "put"  # "take the blue cube anywhere but the green bin": put it in another bin
            i += 1
        elif tokens[i] in ("from", "out") and out and _carried(out[-1]) and \
                any(lm in lx.ACTION_CUES["pick"] or lm == "remove" for lm in lemmas[:i]) and \
                not any(lm in ("put", "place", "drop") for lm in lemmas[:i]):
            # "remove the red cube from the yellow bin", "take the cube out of the bin": the cube in that bin
            out.append("in")
            i += 2 if tokens[i] == "out" and tokens[i + 1 : i + 2] == ["of"] else 1
            verb = next((k for k in range(len(out)) if lx.lemma(out[k]) in ("remove", "get")), -1)
            if verb >= 0:  # "remove" and "get" say nothing else here: picked up
                out[verb] = "pick"
        elif lemmas[i] == "let" and tokens[i + 1 : i + 3] == ["go", "of"]:
            out.append("release")
            i += 3
        elif lemmas[i] == "let" and tokens[i + 1 : i + 3] == ["it", "go"]:
            out += ["release", "it"]
            i += 3
        elif lemmas[i] == "let" and tokens[i + 1 : i + 2] == ["go"]:
            out.append("release")
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


_SAME_COLOUR = ["the", "same", "color", "as", "it"]  # the reading every way of saying "of its colour" becomes
_MATCH_WORDS = frozenset({"same", "matching", "corresponding", "own", "right"})
_SORT_VERBS = frozenset({"sort", "organise", "organize", "arrange", "group", "separate", "order", "tidy"})
_PUT_BY_COLOUR_VERBS = frozenset({"put", "place", "drop", "match", "distribute", "move", "stash", "load", "pair"})
_BY_COLOUR = (("by", "color"), ("by", "colors"), ("by", "their", "color"), ("by", "their", "colors"), ("by", "its", "color"),
              ("according", "to", "color"), ("according", "to", "their", "color"), ("according", "to", "their", "colors"),
              ("by", "matching", "color"), ("by", "matching", "colors"))


def _matching_colour_at(tokens: list[str], i: int) -> int:
    """How many tokens from i say "of the same colour (as it)" after a noun ("the bin of the same
    colour", "of its colour", "with the same colour", "that matches its colour", "that matches"); 0
    when they do not."""
    rest = tokens[i : i + 7]
    for lead in (("of",), ("with",), ("in",), ("that", "is"), ("which", "is"), ("that", "has"), ("which", "has")):
        if tuple(rest[: len(lead)]) != lead:
            continue
        k = len(lead)
        if rest[k : k + 1] in (["the"], ["its"], ["their"], ["a"]) and rest[k + 1 : k + 2] and rest[k + 1] in _MATCH_WORDS \
                and rest[k + 2 : k + 3] in (["color"], ["colors"]):
            k += 3
        elif rest[k : k + 1] in (["its"], ["their"], ["matching"]) and rest[k + 1 : k + 2] in (["color"], ["colors"]):
            k += 2
        else:
            continue
        if tuple(rest[k : k + 2]) in (("as", "it"), ("as", "them")):
            k += 2
        return k
    if rest[:1] in (["that"], ["which"]) and rest[1:2] in (["matches"], ["match"]):
        k = 2
        if rest[k : k + 1] in (["its"], ["their"], ["the"], ["it"], ["them"]):
            k += 1
            k += 1 if rest[k : k + 1] in (["color"], ["colors"]) and rest[k - 1] not in ("it", "them") else 0
        return k
    return 0


def _same_coloured(tokens: list[str]) -> list[str]:
    """A bin named by the colour of what goes into it: "the bin of the same colour", "the matching
    bin", "the same-coloured bin", "the bin that matches its colour" read as "the bin the same colour
    as it" (the cube put into it); "sort the cubes by colour" as "put each cube in the bin the same
    colour as it"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if (lx.lemma(t) in _SORT_VERBS | _PUT_BY_COLOUR_VERBS) and out[-1:] not in (["a"], ["the"]):
            end = _span_end(tokens, i + 1, at_and=True)
            by = next(((k, run) for k in range(i + 1, end) for run in _BY_COLOUR if tuple(tokens[k : k + len(run)]) == run),
                      None)
            if by is not None:
                k, run = by
                things = [w for w in tokens[i + 1 : k] if w not in ("out", "up")]
                into = next((m for m, w in enumerate(things) if w in ("into", "in", "to", "inside")), len(things))
                things = things[:into] if any(lx.kind_of(w) for w in things[:into]) else ["each", "cube"]
                out += ["put", *things, "in", "the", "bin", *_SAME_COLOUR]
                i = k + len(run)
                if tokens[i : i + 1] in (["into"], ["in"]):  # "sort the cubes by colour into the bins"
                    i = _noun_end(tokens, i + 1)
                continue
        if t in ("matching", "corresponding") and tokens[i + 1 : i + 2] and lx.kind_of(tokens[i + 1]) == "bin":
            out += [tokens[i + 1], *_SAME_COLOUR]  # "the matching bin"
            i += 2
            continue
        if t == "same" and tokens[i + 1 : i + 2] in (["color"], ["colored"]) and tokens[i + 2 : i + 3] and \
                lx.kind_of(tokens[i + 2]) and out[-1:] in (["the"], ["its"], ["their"]):
            out += [tokens[i + 2], *_SAME_COLOUR]  # "the same coloured bin", "then the same coloured box"
            i += 3
            continue
        if t in ("that", "which") and out and (lx.kind_of(out[-1]) or out[-1] in lx.ANY_KIND_WORDS) and \
                tokens[i + 1 : i + 2] in (["matches"], ["match"]) and tokens[i + 2 : i + 3] in (["the"], ["a"]):
            skip = 3 if tokens[i + 2 : i + 5] == ["the", "color", "of"] else 0  # "that matches the colour of the red box"
            out += ["the", "same", "color", "as"]  # "the cube that matches the red box"
            i += 2 + skip
            continue
        said = tokens[i + 2 : i + 4] if tokens[i + 2 : i + 3] == ["not"] else tokens[i + 2 : i + 3]
        if t in ("that", "which") and out and lx.kind_of(out[-1]) == "bin" and tokens[i + 1 : i + 2] == ["is"] and \
                said and said[-1] in ("empty", "full"):
            full = (said[-1] == "full") != (said[0] == "not")  # "the bin that is (not) empty": the full (empty) bin
            out.insert(len(out) - 1, "full" if full else "empty")
            i += 2 + len(said)
            continue
        if t == "not" and tokens[i + 1 : i + 2] in (["empty"], ["full"]) and \
                (out[-1:] in (["is"], ["are"]) or (out and lx.kind_of(out[-1]) == "bin")):
            out.append("full" if tokens[i + 1] == "empty" else "empty")  # "the bin that is not empty": a full one
            i += 2
            continue
        if out and lx.kind_of(out[-1]):  # "the bin of the same colour", "..., then the box of the same colour"
            skip = _matching_colour_at(tokens, i)
            if skip and tokens[i + skip : i + skip + 1] == ["as"]:  # "of the same colour as the blue box"
                out += _SAME_COLOUR[:-1]
                i += skip + 1
                continue
            if skip:
                out += _SAME_COLOUR
                i += skip
                continue
        if out[-len(_SAME_COLOUR):] == _SAME_COLOUR and tokens[i : i + 2] in (["for", "me"], ["for", "us"]):
            i += 2  # "..., by colour for me": "as it" ends the phrase
            continue
        out.append(t)
        i += 1
    return out


_SEE_OPENERS = tuple(tuple(p.split()) for p in (
    "do you see", "can you see", "you see", "see", "see how", "look at", "notice", "you notice", "do you notice",
    "have you seen", "you have seen"))


_PART_WAY = (("halfway",), ("half", "way"), ("part", "of", "the", "way"), ("partway",), ("part", "way"),
             ("most", "of", "the", "way"), ("a", "third", "of", "the", "way"))


def _next_in_line(tokens: list[str]) -> list[str]:
    """"The next nearest (cube)", "the next closest one": the nearest of those not named yet (read as
    "the other nearest"); a request to go part of the way to an object is refused (no skill stops
    short on purpose)."""
    for run in _PART_WAY:
        if any(tuple(tokens[k : k + len(run)]) == run for k in range(len(tokens))) and any(lx.kind_of(t) for t in tokens):
            raise GoalRefused("I can drive to an object, or a set distance ('drive 1 metre forward'), not part of the "
                              "way to it")
    out: list[str] = []
    for k, t in enumerate(tokens):
        superlative = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1] in lx.NEAREST_WORDS | lx.FARTHEST_WORDS else ""
        if t == "next" and out[-1:] == ["the"] and superlative:
            noun_follows = k + 2 < len(tokens) and (lx.kind_of(tokens[k + 2]) or tokens[k + 2] in lx.ANY_KIND_WORDS)
            out += ["other"] if noun_follows else ["other", superlative, "one"]  # "the next nearest": the other nearest one
            continue
        if out[-2:] == [t, "one"] and superlative == "" and t in lx.NEAREST_WORDS | lx.FARTHEST_WORDS:
            continue
        out.append(t)
    return out


_PAST_WORDS = frozenset({"past", "beyond"})


def _past_an_object_last(tokens: list[str]) -> list[str]:
    """"Go past the plate", "drive 1 metre beyond the red box" as the whole request, or as its last
    part: a place on the far side of an object, which no skill drives to, so it is refused. Passing an
    object on the way somewhere else ("go past the blue box and drop it in the green bin") is left to
    the route."""
    words = [t for t in tokens if t not in (".", "!", "please")]
    for i in range(1, len(words) - 1):
        if words[i] not in _PAST_WORDS or not any(lx.kind_of(t) for t in words[i + 1 :]):
            continue
        before = [t for t in words[max(0, i - 4) : i] if t not in ("right", "straight", "just", "a", "bit", "little")]
        while before and (before[-1] in DISTANCE_UNITS_M or _number_value(before[-1]) is not None):
            before.pop()
        if not before or lx.lemma(before[-1]) not in _GO_VERBS or _span_end(words, i + 1, at_and=True) < len(words):
            continue
        said = " ".join(words[i + 1 :])
        raise GoalRefused(f"I can go to an object, not to a place {words[i]} it; say e.g. 'go to {said}', or a set "
                          "distance ('drive 1 metre forward')")
    return tokens


_AROUND_GERUNDS = frozenset({"going", "driving", "steering", "navigating", "moving", "walking", "rolling", "heading",
                             "getting", "weaving", "swerving"})


def _around_as_avoid(tokens: list[str]) -> list[str]:
    """"Go around the red box to the green bin" (go to the green bin, avoid the red box), "..., going
    around the red box" (avoiding it): what to go around is kept away from, never driven to."""
    for i in range(1, len(tokens) - 1):
        if tokens[i] not in ("around", "round") or tokens[i + 1] not in ("the", "a", "that", "this", "any", "every", "all"):
            continue
        end = _span_end(tokens, i + 1, at_and=True)
        thing = tokens[i + 1 : end]
        to = next((k for k, t in enumerate(thing) if t in ("to", "towards", "toward", "into")), len(thing))
        thing, where = thing[:to], thing[to:]
        if not any(lx.kind_of(t) or t in lx.ANY_KIND_WORDS for t in thing):
            continue
        if tokens[i - 1] in _AROUND_GERUNDS:  # "drive to the green bin going around the red box"
            return [*tokens[: i - 1], "avoiding", *thing, *where, *tokens[end:]]
        if lx.lemma(tokens[i - 1]) in _GO_VERBS and where and any(lx.kind_of(t) for t in where):
            return [*tokens[: i - 1], tokens[i - 1], *where, ",", "avoid", *thing, *tokens[end:]]
        rest = tokens[end:]
        steered = lx.lemma(tokens[i - 1]) in _GO_VERBS or tokens[i - 1] in _STEER_VERBS
        # "steer round the black ball and go to the bin": avoid it, go to the bin
        if steered and not where and rest[:1] in ([","], ["and"], ["then"]) and any(lx.kind_of(t) for t in rest):
            return [*tokens[: i - 1], "avoid", *thing, *rest]
    return tokens


_STEER_VERBS = frozenset({"steer", "steering", "swing", "weave", "swerve", "curve", "loop", "circle", "navigate", "work"})


_SAID_ORDER = ((("between", "the", "other", "two"), ["in", "the", "middle"]),
               (("in", "between", "the", "other", "two"), ["in", "the", "middle"]),
               (("between", "the", "others"), ["in", "the", "middle"]), (("but", "only", "if"), ["if"]),
               (("only", "if"), ["if"]), (("if", "and", "only", "if"), ["if"]),
               (("but", "not", "before"), ["after"]), (("not", "before"), ["after"]), (("only", "after"), ["after"]),
               (("as", "you", "go", "to"), [",", "go", "to"]), (("while", "you", "go", "to"), [",", "go", "to"]),
               (("while", "going", "to"), [",", "go", "to"]), (("when", "going", "to"), [",", "go", "to"]),
               (("as", "you", "head", "to"), [",", "go", "to"]), (("while", "driving", "to"), [",", "go", "to"]),
               (("as", "you", "drive", "to"), [",", "go", "to"]), (("while", "heading", "to"), [",", "go", "to"]))


def _said_order(tokens: list[str]) -> list[str]:
    """"X, but not before Y" (Y, then X), and a prohibition said "as you go to" / "while going to"
    a place ("keep your distance from the bin as you go to the red box": two requests)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        run, said = next(((r, w) for r, w in _SAID_ORDER if tuple(tokens[i : i + len(r)]) == r), ((), []))
        if run and out and (said != ["after"] or lx.lemma(out[-1]) not in ("do", "be")):
            out += said
            i += len(run)
            continue
        out.append(tokens[i])
        i += 1
    return out


_BESIDE = (("next", "to"), ("near",), ("beside",), ("by",), ("closer", "to"), ("nearer", "to"), ("behind",),
           ("in", "front", "of"), ("alongside",), ("close", "to"), ("up", "against"), ("against",), ("under",))


def _placed_beside(tokens: list[str]) -> list[str]:
    """Something the arm carries (a cube, a can) to be put beside an object rather than into a bin
    ("put the red cube next to the blue box", "move the red can closer to the green bin") is
    refused: the arm drops what it carries into bins only."""
    lemmas = [lx.lemma(t) for t in tokens]
    for v, lemma in enumerate(lemmas):
        if lemma not in lx.ACTION_CUES["place"] and lemma != "move":
            continue
        end = _span_end(tokens, v + 1, at_and=True)
        noun = next((k for k in range(v + 1, end) if lx.kind_of(tokens[k]) or tokens[k] in ("it", "them")), -1)
        kind = lx.kind_of(tokens[noun]) if noun >= 0 else None
        if noun < 0 or (kind is not None and kind not in GRASPABLE_LABELS):
            continue
        after = noun + 1 + (tokens[noun + 1 : noun + 2] == ["down"])
        beside = next((b for b in _BESIDE if tuple(tokens[after : after + len(b)]) == b), None)
        if beside is None or any(t in ("in", "into", "inside") for t in tokens[after + len(beside) : end]):
            continue
        raise GoalRefused(f"I can only drop {GRASPABLE_TEXT} into bins, not put them {' '.join(beside)} something; "
                          f"name the bin, e.g. 'put the red {kind or GRASPABLE_LABELS[0]} in the green bin'")
    return tokens


_WHAT_IS_HELD = tuple(tuple(p.split()) for p in (
    "what you are holding", "whatever you are holding", "what you are carrying", "whatever you are carrying",
    "what you have", "whatever you have", "what you hold", "what you are holding onto", "what is in your gripper",
    "what is in your hand", "whatever is in your gripper", "whatever is in your hand", "what you picked up",
    "what you just picked up", "what you have got", "what you got"))
_WAIT_VERBS = frozenset({"wait", "stay", "remain", "park", "stop", "linger", "hang"})


def _held_and_waits(tokens: list[str]) -> list[str]:
    """"Put what you are holding in the bin": the held cube; "wait at the green bin" (and "stay by
    the red box"): go there, then wait."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        held = next((h for h in _WHAT_IS_HELD if tuple(tokens[i : i + len(h)]) == h), None)
        if held is not None and i == 0 and len(held) == len(tokens) - tokens.count("?"):
            return tokens  # "what is in your gripper": a question, asked with or without its "?"
        if held is not None:
            out += ["the", "cube", "you", "are", "holding"]
            i += len(held)
            continue
        if lx.lemma(tokens[i]) in _WAIT_VERBS - {"park", "stop"} and tokens[i + 1 : i + 2] in (["at"], ["by"], ["beside"], ["near"]) \
                and tokens[i + 2 : i + 3] in (["the"], ["a"], ["that"], ["this"]):
            end = _span_end(tokens, i + 2, at_and=True)
            if any(lx.kind_of(t) for t in tokens[i + 2 : end]):
                out += ["go", "to", *tokens[i + 2 : end], "and", "wait", "there"]  # "wait at the green bin"
                i = end
                continue
        out.append(tokens[i])
        i += 1
    return out


_DISTANCE_UNITS_M = {"m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0, "cm": 0.01, "centimeters": 0.01,
                     "centimetres": 0.01, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048}
_AWAY_WORDS = (("away",), ("ahead",), ("from", "you"), ("from", "here"), ("from", "me"), ("in", "front"), ("off",),
               ("out",), ("away", "from", "you"), ("in", "front", "of", "you"))


def _said_distances(tokens: list[str]) -> list[str]:
    """"The cube (that is) 2 m away", "the box about three metres ahead": a distance said after a
    noun becomes a token before it (_SAID_DISTANCE), which the object reader reads as how far the
    object is (not a motion)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        noun = len(out) - 1
        if noun >= 0 and (lx.kind_of(out[noun]) or out[noun] in _KINDLESS_HEADS):
            k = i + (2 if tokens[i : i + 2] in (["that", "is"], ["which", "is"]) else 0)
            k += 1 if tokens[k : k + 1] in (["about"], ["around"], ["roughly"], ["some"], ["approximately"]) else 0
            amount = tokens[k] if k < len(tokens) else ""
            value = float(amount) if _DIGITS.fullmatch(amount) else float(lx.NUMBER_WORDS.get(amount, -1))
            unit = _DISTANCE_UNITS_M.get(tokens[k + 1] if k + 1 < len(tokens) else "")
            away = next((a for a in sorted(_AWAY_WORDS, key=len, reverse=True)
                         if tuple(tokens[k + 2 : k + 2 + len(a)]) == a), None)
            if value > 0 and unit is not None and away is not None:
                start = noun
                while start > 0 and (lx.color_of(out[start - 1]) or out[start - 1] in lx.POSITIVE_LARGE_WORDS
                                     or out[start - 1] in lx.POSITIVE_SMALL_WORDS):
                    start -= 1
                out.insert(start, f"{_SAID_DISTANCE}{value * unit:.2f}")
                i = k + 2 + len(away)
                continue
        out.append(tokens[i])
        i += 1
    return out


_POINTING_OPENERS = tuple(tuple(p.split()) for p in (
    "there are", "there're", "there is", "there's", "theres", "i see", "i can see", "you see", "you can see", "see",
    "do you see", "can you see", "notice", "do you notice", "look at", "i have", "we have", "we've got", "i've got"))
_HERE_WORDS = frozenset({"here", "there", "around", "ahead", "nearby", "over", "in", "front", "of", "you", "me", "the", "room",
                         "now"})  # "there are cones here", "... over there", "... in front of you"
_COUNT_WORDS = frozenset({"several", "some", "a", "few", "couple", "of", "the", "those", "these", "many", "lots", "bunch",
                          "both"})  # and any number


def _kind_pointed_out_first(tokens: list[str]) -> list[str]:
    """"There are two cones, go to the left one", "see the cones? go to the orange one": a sentence
    that only points out objects of a kind, then a request that says "one" of them: the request,
    with the kind (and any colour said of them) in place of "one"."""
    opener = next((o for o in _POINTING_OPENERS if tuple(tokens[: len(o)]) == o), None)
    if opener is None:
        return tokens
    end = next((k for k in range(len(opener), len(tokens)) if tokens[k] in (",", ".", "?", "!", ";", ":", "-", "so")), -1)
    said = tokens[len(opener) : end] if end > 0 else []
    nouns = [w for w in said if lx.kind_of(w)]
    if len(nouns) != 1 or not lx.is_plural_kind(nouns[0]):
        return tokens
    at = said.index(nouns[0])
    if not all(w in _COUNT_WORDS or _number_value(w) is not None or lx.color_of(w) for w in said[:at]) or \
            not all(w in _HERE_WORDS for w in said[at + 1 :]):
        return tokens
    rest = tokens[end + 1 :]
    while rest and rest[0] in (",", "so", "then", "now", "please", "and"):
        rest = rest[1:]
    one = next((k for k, w in enumerate(rest) if w == "one"), -1)
    if one < 0 or not begins_action(rest) or any(lx.kind_of(w) for w in rest):
        return tokens
    colours = [w for w in said if lx.color_of(w) and not lx.color_of(rest[one - 1])]
    return [*rest[:one], *colours, _kind_token(lx.kind_of(nouns[0]) or ""), *rest[one + 1 :]]


def _shown_then_asked(tokens: list[str]) -> list[str]:
    """"You see that red cube? Pick it up": the question only points the object out; it is the
    object of the request after it (not a search)."""
    if "?" not in tokens:
        return tokens
    mark = tokens.index("?")
    opener = next((o for o in _SEE_OPENERS if tuple(tokens[: len(o)]) == o), None)
    rest = tokens[mark + 1 :]
    while rest and rest[0] in (",", "then", "now", "well", "so"):
        rest = rest[1:]
    thing = tokens[len(opener) : mark] if opener else []
    if not thing or not begins_action(rest) or not any(lx.kind_of(t) for t in thing) or \
            any(t in ("where", "what", "which", "if", "whether") for t in thing):
        return tokens
    return [*thing, ",", *rest]


_ONE_PER = (("one", "per"), ("one", "in", "each"), ("one", "into", "each"), ("one", "for", "each"), ("one", "to", "each"),
            ("one", "in", "every"), ("one", "to", "a"), ("one", "each"), ("one", "apiece"))


_DIFFERENT_PLACES = (("in", "different"), ("into", "different"), ("in", "separate"), ("into", "separate"),
                     ("in", "two", "different"), ("into", "two", "different"), ("in", "two", "separate"),
                     ("in", "a", "different"), ("into", "a", "different"), ("in", "a", "separate"),
                     ("into", "a", "separate"), ("in", "its", "own"), ("into", "its", "own"))


# Words after which "a" names any one of a kind, not one in particular: "go to a green bin", "look for a red box"
_BEFORE_ANY_ONE = frozenset({"to", "for", "in", "into", "at", "near", "by", "visit", "find", "approach", "grab", "fetch", "get",
                             "towards", "toward", "inside", "up", "me", "take", "collect", "lift", "bring", "carry", "nab", "snag"})


def _one_as_any(tokens: list[str]) -> list[str]:
    """"One cube" ("pick up one cube", "put the red cube in one bin and the blue cube in the other"):
    any one of them, the nearest; "in different bins": one in each. Not "the one cube", nor "one cube
    in each bin" (one per bin)."""
    out = list(tokens)
    for i in range(1, len(out) - 2):  # "go to a green bin": any green bin (of look-alikes, any will do), the nearest
        named = i + 2
        if out[i] in ("a", "an") and out[i - 1] in _BEFORE_ANY_ONE and lx.color_of(out[i + 1]) and lx.kind_of(out[named]) and \
                not lx.is_plural_kind(out[named]):
            out[i] = "any"
    for i in range(len(out)):
        run = next((r for r in _DIFFERENT_PLACES if tuple(out[i : i + len(r)]) == r), None)
        several = any(t in lx.EVERY_WORDS or lx.is_plural_kind(t) for t in out[:i])  # "each cube in a different bin"
        if run is not None and i + len(run) < len(out) and lx.kind_of(out[i + len(run)]) == "bin" and \
                (several or run[1] not in ("a", "its")):
            return [*out[:i], "one", "in", "each", "bin", *out[i + len(run) + 1 :]]  # "put the cubes in different bins"
    for i, t in enumerate(out):
        if t != "one" or (i > 0 and out[i - 1] in ("the", "each", "every", "per", "that", "this", "no", "which", "any", "only",
                                                     "exactly", "just", "than")):
            continue  # "only one blue cube", "exactly one", "more than one": a count
        k = i + 1 + (1 if i + 2 < len(out) and lx.color_of(out[i + 1]) else 0)
        clause_end = next((j for j in range(k, len(out)) if out[j] in (",", ";", ".")), len(out))
        if k < len(out) and lx.kind_of(out[k]) and not set(out[k:clause_end]) & {"each", "every", "per", "apiece"}:
            out[i] = "any"
            other = next((j for j in range(k + 1, len(out) - 1) if out[j : j + 2] == ["the", "other"]), -1)
            if other > 0 and not (other + 2 < len(out) and (lx.kind_of(out[other + 2]) or lx.color_of(out[other + 2])
                                                            or out[other + 2] in ("one", "ones"))):
                out.insert(other + 2, out[k])  # "... in one bin and the blue cube in the other": the other bin
    return out


def _one_per_place(tokens: list[str]) -> list[str]:
    """"Put the cubes in the bins, one per bin" / "one in each" as "put a cube in each bin"."""
    for i in range(2, len(tokens)):
        run = next((r for r in _ONE_PER if tuple(tokens[i : i + len(r)]) == r), None)
        if run is None:
            continue
        start = _span_start(tokens, i - 1 if tokens[i - 1] == "," else i)
        verb = next((k for k in range(start, i) if lx.lemma(tokens[k]) in lx.ACTION_CUES["place"]), -1)
        thing = next((k for k in range(verb + 1, i) if lx.kind_of(tokens[k])), -1)
        if verb < 0 or thing < 0 or lx.kind_of(tokens[thing]) == "bin":
            return tokens
        colour = [tokens[thing - 1]] if lx.color_of(tokens[thing - 1]) else []
        end = i + len(run)
        end += 1 if end < len(tokens) and lx.kind_of(tokens[end]) == "bin" else 0
        return [*tokens[:verb], tokens[verb], "a", *colour, _kind_token(lx.kind_of(tokens[thing]) or tokens[thing]), "in",
                "each", "bin",
                *tokens[end:]]
    return tokens


def _noun_end(tokens: list[str], i: int) -> int:
    """The index after the noun phrase that starts at token i ("the two bins", "their bins")."""
    k = i
    while k < len(tokens) and not lx.kind_of(tokens[k]) and tokens[k] not in _SEGMENT_ENDS and tokens[k] != "and":
        k += 1
    return k + 1 if k < len(tokens) and lx.kind_of(tokens[k]) else i


_SPEED_UNITS_MPS = {"m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0, "cm": 0.01, "centimeter": 0.01,
                    "centimeters": 0.01, "centimetre": 0.01, "centimetres": 0.01}
_PER_SECOND = (("s",), ("per", "second"), ("per", "sec"), ("a", "second"), ("each", "second"), ("sec",))
_HOURLY_UNITS_MPS = {"km": 1000.0 / 3600.0, "kilometer": 1000.0 / 3600.0, "kilometers": 1000.0 / 3600.0,
                     "kilometre": 1000.0 / 3600.0, "kilometres": 1000.0 / 3600.0, "mile": 1609.344 / 3600.0,
                     "miles": 1609.344 / 3600.0}
_PER_HOUR = (("h",), ("per", "hour"), ("an", "hour"), ("each", "hour"), ("hr",))
_SPEED_WORDS_MPS = {"kph": 1000.0 / 3600.0, "kmh": 1000.0 / 3600.0, "mph": 1609.344 / 3600.0, "mps": 1.0, "cmps": 0.01}


def _speed_unit_at(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The unit of a speed whose number is token i [m/s per unit], and the index after it; None
    when no speed unit follows ("0.2 m/s", "20 cm per second", "100 km/h", "5 mph")."""
    if i + 1 < len(tokens) and tokens[i + 1] in _SPEED_WORDS_MPS:
        return _SPEED_WORDS_MPS[tokens[i + 1]], i + 2
    for units, pers in ((_SPEED_UNITS_MPS, _PER_SECOND), (_HOURLY_UNITS_MPS, _PER_HOUR)):
        if i + 1 < len(tokens) and tokens[i + 1] in units:
            per = next((p for p in pers if tuple(tokens[i + 2 : i + 2 + len(p)]) == p), None)
            if per is not None:
                return units[tokens[i + 1]], i + 2 + len(per)
    return None


def _said_speed(tokens: list[str]) -> tuple[float, list[str]]:
    """A speed said in numbers ("at 0.2 m/s", "at 20 centimetres per second", "at 100 km/h", "5 mph")
    [m/s], and the tokens without it; (0, tokens) when none is said."""
    for i in range(len(tokens) - 1):
        half = tokens[i : i + 2] == ["half", "a"]  # "at half a metre per second"
        value = 0.5 if half else _number_value(tokens[i]) if tokens[i] != "a" else None
        unit = _speed_unit_at(tokens, i + 1 if half else i) if value is not None else None
        if unit is None or value is None:
            continue
        start = i - 1 if i > 0 and tokens[i - 1] in ("at", "with") else i
        return value * unit[0], tokens[:start] + tokens[unit[1]:]
    return 0.0, tokens  # the same list: no speed said


# Verbs a request may join with "and" that the reading handles elsewhere (reports, turns, resuming)
# and the lexicon does not list.
_JOINED_VERBS_KNOWN = frozenset({"tell", "let", "report", "show", "turn", "rotate", "spin", "watch", "check", "try",
                                 "repeat", "skip", "remember", "cheers", "use", "continue", "finish", "rest",
                                 "resume"})


@lru_cache(maxsize=1)
def _words_read_elsewhere() -> frozenset[str]:
    """Words in a verb's place that are no unknown action: the lexicon's, fillers, and the above."""
    return lx.lexicon_words() | lx.FILLER_WORDS | _JOINED_VERBS_KNOWN


def _unknown_action(tokens: list[str]) -> str:
    """An action joined to the request that no skill does ("go to the red box and open it", "... and
    dance", "pick up the cube and eat it"), as said ("open it", "dance"); "" when there is none. Only
    an English word the lexicon does not know, right after "and" or "then", said of "it"/"them" or
    ending the clause: unknown nouns are refused elsewhere ("open the lid": no 'lid'). A clause
    after "and"/"then" of nothing but one to three words the lexicon does not know is one too
    ("... and self destruct", "... and frobnicate"): never dropped as if it were not said."""
    known = _words_read_elsewhere()
    for k in range(len(tokens) - 1):
        if tokens[k] not in ("and", "then"):
            continue
        said = _unknown_verb_phrase(tokens[k + 1 : k + 3])
        if said:
            return said
        end = next((j for j in range(k + 1, len(tokens))
                    if not tokens[j].replace("-", "").isalpha() or tokens[j] in ("and", "then")),
                   len(tokens))
        if _all_unknown(tokens[k + 1 : end], known):
            return " ".join(tokens[k + 1 : end])
    return ""


def _all_unknown(words: list[str], known: frozenset[str]) -> bool:
    """Whether ``words`` are one to three words that nothing reads ("self destruct", "frobnicate")."""
    return 1 <= len(words) <= 3 and all(w.replace("-", "").isalpha() and w not in known and lx.lemma(w) not in known
                                        and not w.endswith("ly") for w in words)


def _unknown_verb_phrase(words: list[str]) -> str:
    """``words`` as said when they are an English verb the lexicon does not know, alone or with
    "it"/"them" after it ("dance", "open it"); "" otherwise."""
    if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("it", "them")):
        return ""
    word = words[0]
    known = _words_read_elsewhere()
    if not word.isalpha() or word in known or lx.lemma(word) in known or word.endswith("ly") \
            or word not in lx.english_words():
        return ""
    return " ".join(words)


def read_clause(tokens: list[str], correction: bool = False) -> Clause:
    """One clause: intent (from cues; "" when none), objects, negation, speed, times, pose."""
    times, without_times = take_times(tokens)
    if times != SaidTimes():
        return replace(read_clause(without_times, correction), times=times)
    speed_mps, without_speed = _said_speed(tokens)
    if without_speed is not tokens:
        if speed_mps <= 0.0:
            raise GoalRefused("a speed of zero or less moves nothing; say 'stop' to stop, or give a speed above zero")
        return replace(read_clause(without_speed, correction), speed_mps=speed_mps)
    tokens = _without_route_manner(tokens)  # "in a straight line": how, not what
    text = _readable(tokens)
    if [t for t in tokens if t[0].isalnum() and t not in ("please", "now", "then")] in _RESUME_WORDS:
        return Clause(text, correction=correction, via="lexicon")  # "start", "continue": no paused goal to go on with
    words = [t for t in tokens if t not in ("and", "then", "please", "also", "just", ",")]
    if ((words[:1] and words[0] in REPORT_STARTS) or words[:3] == ["let", "me", "know"]) and is_question(words):
        return Clause(" ".join(words), intent="report", correction=correction, via="lexicon")  # "tell me what you see"
    objects, unknown, _ = read_objects(tokens)
    slow_phrase = slow_phrase_in(tokens)
    slow = (bool(set(tokens) & lx.SLOW_WORDS) and not _contains(tokens, ("take", "care", "of"))) or bool(slow_phrase)
    unknown = [w for w in unknown if w not in slow_phrase.split()]  # "at a snail's pace" names no object
    if slow and not objects and _only_manner(tokens, slow_phrase):
        return Clause(text, slow=True, manner=True, correction=correction)
    numbers = _numbers(tokens)
    prohibition = prohibition_in(tokens)
    negated = _is_negated(tokens)
    base = Clause(text, "", tuple(objects), negated, slow, None, correction, tuple(unknown))
    lemmas = [lx.lemma(t) for t in tokens]
    stop = next((p for p in lx.STOP_PHRASES if _contains(tokens, tuple(p.split()))), "")
    if prohibition and _says_everything(tokens) and all(o.kind is None and o.color is None and not o.pronoun
                                                         for o in objects):  # "... and avoid everything else"
        objects = [ObjectRef("everything else", every=True)]
        base = replace(base, objects=tuple(objects))
    if prohibition and objects:
        return replace(base, intent="avoid", negated=False, via="lexicon",
                       contact=bool(set(prohibition.split()) & lx.CONTACT_WORDS))
    if objects and _leaves_be(tokens, lemmas, objects):
        return replace(base, intent="avoid", negated=False, via="lexicon")
    if objects and not negated and _asks_to_hit(tokens, lemmas):
        name = next((o.name for o in objects if not o.pronoun), "it")
        raise GoalRefused(f"I do not drive into or hit objects on purpose; say 'go to the {name}' and I stop in front of "
                          "it" if name != "it" else "I do not drive into or hit objects on purpose")
    unknown_action = _unknown_action(tokens)
    if unknown_action and not negated:  # "go to the red box and open it": never planned without that part
        raise GoalRefused(f"I don't know how to {unknown_action}; {SKILL_SUMMARY}")
    moved = _moved_fixture(tokens, lemmas)
    if moved in ("box", "bin") and not negated:  # "move the red box to the left", "push the bin"
        raise GoalRefused(f"I can only move {GRASPABLE_TEXT}, by picking them up; a {moved} stays where it is")
    if moved and not negated:  # "push the green ball toward the cone"
        raise GoalRefused(f"I can only pick up and carry {GRASPABLE_TEXT}, not a {moved}, and I do not push things")
    amounts = [(k, tokens[k + 1]) for k in range(len(tokens) - 1) if _is_number(tokens[k])
               and (tokens[k + 1] in DISTANCE_UNITS_M or tokens[k + 1] in ANGLE_UNITS_DEG)]
    if len(amounts) == 2 and not negated and (amounts[0][1] == amounts[1][1] or "or" in tokens[amounts[0][0] : amounts[1][0]]):
        verb = "turn" if amounts[0][1] in ANGLE_UNITS_DEG else "drive"  # "drive 1 m 2 m", "drive 2 m or 3 m"
        raise GoalRefused(f"I heard two amounts in '{_readable(tokens)}'; say one, e.g. '{verb} {tokens[amounts[0][0]]} {amounts[0][1]}'")
    said_as_motion = bool(set(tokens) & (_MOTION_DIRECTIONS | TURN_VERBS)) and not set(tokens) & _COORDINATE_WORDS \
        and "(" not in tokens  # "go forward 1 m 3 times": a drive, never a point
    point_said = bool(set(tokens) & (_COORDINATE_WORDS | {"y"})) or _POINT_IN_BRACKETS.search(" ".join(tokens)) is not None
    if len(numbers) >= 2 and not said_as_motion and (point_said or (not objects and _only_a_point_said(tokens))):
        return replace(base, intent="pose", pose=(numbers[0], numbers[1]), via="lexicon")
    if stop and not [o for o in objects if not o.pronoun]:
        negated = negated and stop not in lx.NEGATIVE_STOP_PHRASES
        return replace(base, intent="stop", negated=negated and not _contains(tokens, ("do", "not", "move")), via="lexicon")
    named = [o for o in objects if o.color or o.kind]
    if named and not negated and (_contains(tokens, ("your", "back")) or _contains(lemmas, ("face", "away"))
                                  or _contains(lemmas, ("turn", "away"))):
        raise GoalRefused(f"I can turn to face an object, not away from it; say 'turn around' to face the other way, "
                          f"or 'keep away from the {named[0].name}'")  # "turn your back to the blue box"
    spot = next((tokens[i + 1] for i in range(len(tokens) - 1) if lemmas[i] in _GO_TO_PLACE_VERBS
                 and tokens[i + 1] in _PLACES_BESIDE_OBJECTS), "")
    side_of = _SIDE_OF_AN_OBJECT.search(" ".join(tokens))
    if named and not negated and side_of:  # "go to the left side of the cone", "stop to the left of the bin"
        place = re.sub(r"^(?:(?:round|around|over) )?to ", "", side_of.group("what"))
        raise GoalRefused(f"I can go to an object, not to {place} the {named[0].name}; say e.g. 'go to the {named[0].name}'")
    if named and not negated and spot:  # "go behind the red box": a place near it, which no skill drives to
        what = "between objects" if spot == "between" else f"{ {'onto': 'on', 'atop': 'on top of'}.get(spot, spot)} the {named[0].name}"
        raise GoalRefused(f"I can go to an object, not to a place {what}; say e.g. 'go to the {named[0].name}'")
    if named and not negated and _facing(tokens, lemmas):  # "face the red box", "turn towards the cube": no driving
        turned = {tokens[i + 1] for i, w in enumerate(lemmas[:-1]) if w in TURN_VERBS}  # "turn left until ...": the way to turn
        objects = [replace(o, superlative="") if o.superlative in turned and o.superlative in ("left", "right") else o
                   for o in objects]
        return replace(base, objects=tuple(objects), intent="find", facing=True, via="lexicon")
    described = [o for o in objects if not o.pronoun and (o.superlative or o.relation or o.ordinal)
                 and o.text.split()[-1] in _KINDLESS_HEADS]  # "the object straight ahead", not "turn left"
    if not named and not described:  # nothing named: "turn right", "go forward 1 m", "back up" (not "the object straight ahead")
        try:
            motions = read_motion(tokens, lemmas)
        except MotionRefused as exc:
            raise GoalRefused(str(exc)) from None
        if motions:
            return replace(base, intent="move", objects=(), motions=motions, via="lexicon")
    returning = next((p for p in lx.RETURN_PHRASES if _contains(lemmas, tuple(p.split()))), "")
    if not returning and [t for t in tokens if t not in ("and", "then", "please", "again")] in (["back"], ["back", "here"],
                                                                                                   ["back", "home"]):
        returning = "back"
    if returning and objects and all(o.pronoun and o.text in ("it", "there", "that", "them") for o in objects):
        return replace(base, intent="goto", via="lexicon")  # "..., then go back to it": to that object again
    if returning and not [o for o in objects if not o.pronoun]:
        return replace(base, intent="return", via="lexicon")
    if is_statement(tokens):  # "the blue cube is in the green bin, ...": it says which one, it asks nothing
        return replace(base, objects=_containment(tokens, tuple(objects)))
    cues = cue_intents(tokens, objects)
    if cues and cues[0] != "place":
        base = replace(base, objects=_containment(tokens, tuple(objects)))
    if cues:
        return replace(base, intent=cues[0], via="lexicon")
    return base


# How to drive, said beside what to do; no object is named in them.
_ROUTE_MANNER = (("in", "a", "straight", "line"), ("in", "a", "direct", "line"), ("as", "the", "crow", "flies"),
                 ("the", "direct", "way"), ("the", "shortest", "way"), ("by", "the", "shortest", "route"))
# Goals that ask to go on with something; nothing is paused, so they say nothing to do.
_RESUME_WORDS = (["start"], ["begin"], ["resume"], ["continue"], ["proceed"], ["keep", "going"], ["carry", "on"],
                 ["go", "on"], ["go", "ahead"], ["unpause"])


def _without_route_manner(tokens: list[str]) -> list[str]:
    for phrase in _ROUTE_MANNER:
        for i in range(len(tokens) - len(phrase) + 1):
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                return tokens[:i] + tokens[i + len(phrase):]
    return tokens


def _facing(tokens: list[str], lemmas: list[str]) -> bool:
    """Whether a clause asks only to turn to an object: "face X", "turn to (face) X", "turn towards X",
    "look at X", "rotate towards X"."""
    verb = next((i for i, w in enumerate(lemmas) if w in ("face", "look", "point", "aim") or w in TURN_VERBS), None)
    if verb is None:
        return False
    after = tokens[verb + 1: verb + 3]
    if after[:1] in (["round"], ["around"], ["about"]) and lemmas[verb] != "look":
        after = tokens[verb + 2: verb + 4]  # "spin round to face the green box"
    if after[:1] in (["left"], ["right"]) and lemmas[verb] in TURN_VERBS and tokens[verb + 2 : verb + 3] in (["towards"],
                                                                                                       ["toward"], ["to"]):
        after = tokens[verb + 2: verb + 4]  # "turn right towards the blue box": face it, turning right
    if after[:1] in (["yourself"], ["your"]) and lemmas[verb] in ("point", "aim", "turn"):
        after = tokens[verb + 2 + (after[:1] == ["your"]): verb + 4]  # "point yourself at", "turn your camera to"
    if lemmas[verb] == "aim":
        return after[:1] in (["at"], ["towards"], ["toward"])  # "aim at the red box": face it
    if lemmas[verb] == "face":
        return verb == 0 or tokens[verb - 1] in ("to", "please", "and", "then", ",", "now", "ok", "okay", "so", "just", "right",
                                                 "robot", "next", "also", "you", "first", "quickly")  # "now face the pylon"
    if lemmas[verb] == "look":
        return after[:1] == ["at"]
    if lemmas[verb] == "point":
        return after[:1] in (["at"], ["to"], ["towards"], ["toward"])  # "point at the red box": face it
    if "until" in tokens[verb + 1 :] or "till" in tokens[verb + 1 :]:
        return True  # "turn left until you see the green bin": turned until it is in view
    return after[:1] in (["towards"], ["toward"], ["to"])


_DEFINITE = frozenset({"the", "these", "those"})


def _phrase_start(tokens: list[str], noun: int) -> int:
    """The index of the first word of the noun phrase whose noun is at ``noun``: back over colour
    words, numbers, commas and "and"/"or" between colours, and size or position words."""
    j = noun
    while j > 0 and (lx.color_of(tokens[j - 1]) or lx.NUMBER_WORDS.get(tokens[j - 1], 0) >= 2 or tokens[j - 1].isdigit()
                     or (tokens[j - 1] in (",", "and", "or") and j > 1 and lx.color_of(tokens[j - 2]))):
        j -= 1
    return j


def _definite_plural(tokens: list[str], noun: int, mods: dict[str, object]) -> bool:
    """"the cubes", "the two red boxes", "these bins": a plural kind noun after a definite
    determiner, naming no single one (no position, size or order), and not one of a group ("the
    nearer of the two boxes", "between the boxes")."""
    if not lx.is_plural_kind(tokens[noun]) or mods.get("superlative") or mods.get("ordinal") or mods.get("not_superlative"):
        return False
    start = _phrase_start(tokens, noun)
    counted = _said_count(tokens, noun) >= 2 and (start == 0 or tokens[start - 1] not in _DEFINITE)  # "put two cubes in ..."
    both_of = start > 2 and tokens[start - 3 : start - 1] == ["both", "of"]  # "both of the cans": the two of them
    return (counted or (start > 0 and tokens[start - 1] in _DEFINITE)) and \
        (both_of or not (start > 1 and tokens[start - 2] in ("of", "between", "than", "among", "amongst")))


def _counted_first(tokens: list[str], noun: int, mods: dict[str, object]) -> bool:
    """"the two nearest boxes", "the three cubes furthest left": a number of plural things taken
    first in the order a superlative says."""
    start = _phrase_start(tokens, noun)
    of_a_group = bool({"of", "between", "among", "amongst", "than"} & set(tokens[max(0, start - 3) : start]))
    plural = lx.is_plural_kind(tokens[noun]) or tokens[noun] in ("objects", "things")
    return plural and bool(mods.get("superlative")) and not of_a_group and \
        _first_count(tokens, noun) >= 2  # not "the nearer of the two boxes": one of them


def _first_count(tokens: list[str], noun: int) -> int:
    """The number said before a superlative in the phrase ending at ``noun`` ("the two nearest
    boxes": 2), else the number said right before the noun ("the nearest two boxes")."""
    start = _phrase_start(tokens, noun)
    if start >= 2 and tokens[start - 1] in _SUPERLATIVE_WORDS:
        said = tokens[start - 2]
        count = int(said) if said.isdigit() else int(lx.NUMBER_WORDS.get(said, 0))
        if count >= 2:
            return count
    return _said_count(tokens, noun)


_SUPERLATIVE_WORDS = lx.NEAREST_WORDS | lx.FARTHEST_WORDS | lx.DARKEST_WORDS | lx.LIGHTEST_WORDS \
    | frozenset({"leftmost", "rightmost", "biggest", "largest", "smallest", "littlest"})


def _each_of_a_colour(tokens: list[str], noun: int, mods: dict[str, object]) -> bool:
    """"the blue things", "all the red objects", "every yellow thing": each object of that colour;
    "every object", "all the things": each object in view."""
    if mods.get("superlative") or mods.get("ordinal"):
        return False
    start = _phrase_start(tokens, noun)
    said = [w for w in tokens[:start] if not w.startswith((_NOT_COLOR, _NOT_SUPERLATIVE, _NOT_NAME))]  # "every non-ball non-bin ..."
    said_every = bool(set(said[-3:]) & lx.EVERY_WORDS)
    plural = bool(mods.get("color")) and tokens[noun] in ("things", "objects", "items") and start > 0 \
        and tokens[start - 1] in _DEFINITE
    return tokens[noun] in ("things", "objects", "items", "thing", "object", "item") and (said_every or plural) \
        and not (start > 1 and tokens[start - 2] in ("of", "between", "than", "among", "amongst"))


def _one_of_group(tokens: list[str], noun: int) -> bool:
    """"one of the red boxes", "any of the bins": whichever of the group (the nearest is taken)."""
    start = _phrase_start(tokens, noun)
    return lx.is_plural_kind(tokens[noun]) and start >= 3 and tokens[start - 2 : start] == ["of", "the"] \
        and tokens[start - 3] in ("one", "any", "either")


def _said_count(tokens: list[str], noun: int) -> int:
    """The number said in the noun phrase ending at ``noun`` ("the two boxes": 2), or 0."""
    start = _phrase_start(tokens, noun)
    if "both" in tokens[start:noun] or tokens[max(0, start - 1) : start] == ["both"] \
            or (start > 2 and tokens[start - 3 : start - 1] == ["both", "of"]):
        return 2  # "both cans" with three in view: which two?
    for word in tokens[start:noun]:
        if word.isdigit():
            return int(word)
        if lx.NUMBER_WORDS.get(word, 0) >= 2:
            return int(lx.NUMBER_WORDS[word])
    return 0


def _generic_noun_follows(tokens: list[str], j: int) -> bool:
    """Whether a kind-less noun ("thing", "one", "object") comes at ``j``, after any colour words.
    (A plain size word before it picks by size only when no position or order is said after it:
    "the big red thing on the right" is picked by side.)"""
    while j < len(tokens) and lx.color_of(tokens[j]):
        j += 1
    return j < len(tokens) and tokens[j] in lx.ANY_KIND_WORDS
# With these, "the nearest cube to the bin" says where the cube goes, not which cube.
_CARRY_CUES = frozenset(lx.ACTION_CUES["place"]) | frozenset(lx.ACTION_CUES["pick"])
_ANY_WORDS = frozenset({"any", "whichever", "either"})  # "find any box": whichever one, so the nearest
_NOT_COLOR = "not-"  # a token the reader makes of an excluded colour: "not-red"
_NOT_SUPERLATIVE = "notthe-"  # ... and of an excluded position or size: "notthe-left", "notthe-nearest"
_SAID_DISTANCE = "distance-"  # a token the reader makes of a distance said after a noun: "distance-2.0" [m]
_NOT_NAME = "notname-"  # ... and of an excluded kind or object after a kind-less noun: "notname-cube", "notname-red_cube"
_CONTENTS_WORDS = {"empty": "empty", "vacant": "empty", "unused": "empty", "full": "full", "filled": "full",
                   "occupied": "full", "loaded": "full", "loose": "loose"}


def _in_it_follows(tokens: list[str], j: int) -> bool:
    """Whether "in it" or "inside (it)" ends the object phrase that starts at token j ("with the
    red cube in it")."""
    k = j
    while k < len(tokens) and tokens[k] not in (",", ".", ";", "and", "then", "in", "inside"):
        k += 1
    return tokens[k : k + 2] in (["in", "it"], ["inside", "it"]) or (tokens[k : k + 1] == ["inside"] and k + 1 >= len(tokens))


_SECOND_ANCHOR = "between-second"  # read_objects: the next object named is the second end of a "between"
_KINDLESS_HEADS = ("one", "ones", "object", "objects", "thing", "things", "anything", "something")
_NEGATED_LINKS = (*((who, be, no) for who in ("that", "which") for be in ("is", "are") for no in ("not", "neither")),
                  ("are", "not"), ("is", "not"), ("not",))
# What joins a second position ruled out to the first ("not the closest and not the farthest").
_MORE_RULED_OUT = (("and", "is", "not"), ("and", "are", "not"), ("and", "not"), ("nor",), ("or",), ("and",),
                   ("but", "also", "not"), (",", "not"))
_EXCLUDING = (("other", "than"), ("apart", "from"), ("except", "for"), ("except",), ("besides",), ("but",), ("excluding",),
              ("minus",), ("save", "for"), ("save",), ("bar",), ("but", "not"), ("not", "including"), ("without", "the"))


def _colour_list(tokens: list[str], j: int) -> tuple[list[str], int]:
    """World colours named from token j on ("the red or blue one"), and the index after them (and
    after a closing "one"/"ones" or kind noun)."""
    colours: list[str] = []
    while j < len(tokens):
        if tokens[j] in ("the", "a", "an") and (not colours or tokens[j - 1] in ("or", "and", ",", "nor")):
            j += 1  # "the red or blue one", "the blue and the red ones"
            continue
        colour = lx.color_of(tokens[j])
        if colour is None:
            break
        colours.append(colour)
        j += 1
        if j + 1 < len(tokens) and (tokens[j] in ("one", "ones") or lx.kind_of(tokens[j])) and \
                tokens[j + 1] in ("or", "and", ",", "nor") and _colour_follows(tokens, j + 2):
            j += 1  # "not the red one or the blue one", "except the blue bin and the yellow bin"
        if j < len(tokens) and tokens[j] in ("or", "and", ",", "nor") and j + 1 < len(tokens) and \
                (lx.color_of(tokens[j + 1]) or tokens[j + 1] in ("the", "a")):
            j += 1
        elif j + 2 < len(tokens) and tokens[j] in ("and", ",", "or") and tokens[j + 1] == "not" and \
                (lx.color_of(tokens[j + 2]) or tokens[j + 2] in ("the", "a")):
            j += 2  # "but not the blue and not the yellow"
        elif j + 2 < len(tokens) and (tokens[j] in ("one", "ones") or lx.kind_of(tokens[j])) and \
                tokens[j + 1] in ("and", ",", "or") and tokens[j + 2] == "not" and _colour_follows(tokens, j + 3):
            j += 3  # "but not the blue one and not the yellow one"
    if colours and j < len(tokens) and (tokens[j] in ("one", "ones") or lx.kind_of(tokens[j])):
        j += 1
    return colours, j


def _colour_follows(tokens: list[str], j: int) -> bool:
    """Whether a colour is said at token j, after "the"/"a" or "not" ("... or the blue one")."""
    while j < len(tokens) and tokens[j] in ("the", "a", "an", "not"):
        j += 1
    return j < len(tokens) and lx.color_of(tokens[j]) is not None


def _superlative_phrase(tokens: list[str], j: int) -> tuple[str, int]:
    """A position or size said from token j on ("on the left", "the closest one", "further away",
    "the biggest"), as a superlative (left, right, nearest, farthest, largest, smallest), and the
    index after it; ('', j) when none is said there."""
    k = j
    while k < len(tokens) and tokens[k] in ("the", "on", "to", "at", "in", "your", "my", "one", "most"):
        k += 1
    found = _superlative_of(tokens[k]) if k < len(tokens) else ""
    if not found and k < len(tokens) and tokens[k] in ("near", "close", "far") and tokens[k + 1 : k + 2] == ["one"]:
        found = "farthest" if tokens[k] == "far" else "nearest"  # "not the far one": of two, the farther one is out
    if not found and k < len(tokens) and tokens[k] in lx.ORDINALS and tokens[k] != "first" and k + 1 <= len(tokens) and \
            (k + 1 == len(tokens) or tokens[k + 1] in ("one", "closest", "nearest", ",", ".", "!", "and", "or", "then")):
        found = f"{ORDINAL_PLACE}{lx.ORDINALS[tokens[k]]}"  # "all the boxes except the second one": the second nearest
        if tokens[k + 1 : k + 2] in (["closest"], ["nearest"]):
            k += 1
    if not found:
        return "", j
    k += 1
    while k < len(tokens) and tokens[k] in ("one", "away", "off", "by", "side", "hand", "most"):
        k += 1  # "the closer one", "further away", "on the left side", "on the left-hand side"
    if k < len(tokens) and lx.kind_of(tokens[k]) and tokens[k - 1] not in ("one", "away", "by"):
        k += 1  # "every yellow thing except the near cube": the noun said again
    if tokens[k : k + 2] in (["to", "you"], ["to", "me"], ["from", "you"], ["from", "me"], ["to", "us"]):
        k += 2  # "the bin that isn't closest to you": from the robot, as without it
    if k < len(tokens) and tokens[k] in ("of", "to", "from", "than", "the", "a", "an", "it"):
        return "", j  # "not left of the bin", "not near the cube": a relation, not which of them
    return found, k


ORDINAL_PLACE = "ordinal:"  # a place ruled out by its rank in distance ("except the second one"): "ordinal:2"


def _superlative_of(word: str) -> str:
    """The superlative a position or size word says ("leftmost": left, "closer": nearest), or ''."""
    if word in lx.LEFT_WORDS or word in lx.RIGHT_WORDS:
        return "left" if word in lx.LEFT_WORDS else "right"
    if word in lx.NEAREST_WORDS:
        return "nearest"
    if word in lx.FARTHEST_WORDS:
        return "farthest"
    if word in lx.TALLEST_WORDS or word in lx.SHORTEST_WORDS:
        return "tallest" if word in lx.TALLEST_WORDS else "shortest"
    if word in lx.LARGEST_WORDS or word in lx.SMALLEST_WORDS:
        return "largest" if word in lx.LARGEST_WORDS else "smallest"
    if word in lx.DARKEST_WORDS or word in lx.LIGHTEST_WORDS:
        return "darkest" if word in lx.DARKEST_WORDS else "lightest"
    if word in lx.MIDDLE_WORDS:
        return "middle"
    return ""


def read_exclusions(tokens: list[str]) -> list[str]:
    """Colours a noun phrase excludes, as "not-<colour>" tokens before its noun: "the box that is
    not red", "any box other than the red one", "a cube except the blue one", "the non-red bin"
    all name the noun without that colour (a property negated, not the action). A position or
    size it excludes ("the red box that is not on the left", "the cube that isn't the closest")
    becomes a "notthe-<superlative>" token the same way."""
    out = list(tokens)
    i = 0
    while i < len(out):
        t = out[i]
        if t == "non" and i + 1 < len(out) and lx.color_of(out[i + 1]):  # "the non-red box"
            out[i : i + 2] = [_NOT_COLOR + str(lx.color_of(out[i + 1]))]
            continue
        if not (lx.kind_of(t) or t in _KINDLESS_HEADS) or i == 0:
            i += 1
            continue
        j = i + 1
        if out[j : j + 3] in ([",", "but", "skip"], [",", "but", "skipping"], [",", "and", "skip"], [",", "but", "not"]) and \
                (lx.is_plural_kind(t) or set(out[max(0, i - 3) : i]) & lx.EVERY_WORDS):
            out[j : j + 3] = ["but"] if out[j + 2] != "not" else ["except"]  # "every box, but skip the second one"
        if out[j : j + 2] in (["but", "skip"], ["and", "skip"], [",", "skip"], [",", "skipping"], ["but", "skipping"],
                              ["and", "skipping"], [",", "except"], [",", "excluding"]) and \
                (lx.is_plural_kind(t) or set(out[max(0, i - 3) : i]) & lx.EVERY_WORDS):
            out[j : j + 2] = ["but"]  # "go to every box but skip the yellow one": every box but the yellow one
        said_kind = lx.kind_of(out[j + 3]) if j + 3 < len(out) and t in ("object", "thing", "one") and \
            out[j] in ("that", "which") and out[j + 1] == "is" and out[j + 2] in ("a", "an") else None
        if said_kind:  # "the red object that is a bin": the red bin
            out[i : j + 4] = [said_kind]
            continue
        link = next((e for e in _NEGATED_LINKS if tuple(out[j : j + len(e)]) == e), None)
        names, end = _excluded_names(out, j, link) if not lx.kind_of(t) else ([], j)
        if names:  # "the red thing that is not a cube", "anything but the red cube"
            out[j:end] = []
            out[i:i] = [_NOT_NAME + name.replace(" ", "_") for name in names]
            i += len(names) + 1
            continue
        place, end = _superlative_phrase(out, j + len(link)) if link else ("", j)
        if place:
            places, end = _more_ruled_out(out, place, end)
            out[j:end] = []
            out[i:i] = [_NOT_SUPERLATIVE + p for p in places]
            i += 1 + len(places)
            continue
        if link and len(link) >= 2 and j + len(link) < len(out) and not lx.color_of(out[j + len(link)]) and \
                colour_of_no_object(out[j + len(link)]) and out[j + len(link) + 1 : j + len(link) + 2] in ([], [","], ["."], ["and"],
                                                                                                         ["then"], ["-"]):
            out[j : j + len(link) + 1] = []  # "the can that isn't teal": nothing in view is teal, so no can is ruled out
            i += 1
            continue
        if link and len(link) >= 2:
            colours, end = _colour_list(out, j + len(link))
        else:
            lead = next((e for e in _EXCLUDING if tuple(out[j : j + len(e)]) == e), None)
            if lead == ("but",) and _after_not(out, i):  # "not the yellow one but the green one": the green one
                out[j] = ","
                i += 1
                continue
            colours, end = _colour_list(out, j + len(lead)) if lead else ([], j)
            place, place_end = _superlative_phrase(out, j + len(lead)) if lead and not colours else ("", j)
            if place:  # "every blue cube except the closest one", "any box but the leftmost"
                places, place_end = _more_ruled_out(out, place, place_end)
                out[j:place_end] = []
                target = _exclusion_target(out, i)
                out[target:target] = [_NOT_SUPERLATIVE + p for p in places]
                i += 1 + len(places)
                continue
        if colours:
            out[j:end] = []
            target = _exclusion_target(out, i)
            out[target:target] = [_NOT_COLOR + c for c in colours]
            i += len(colours)
        i += 1
    return out


def _exclusion_target(tokens: list[str], noun: int) -> int:
    """Where an exclusion said after the noun at ``noun`` goes: before that noun, or, when that noun
    already names its colour (a bin the things go into), before the plural noun of the things before
    it ("put all the cubes in the green bin except the red one / the far one": the cubes)."""
    if noun > 0 and lx.color_of(tokens[noun - 1]):
        return next((k for k in range(noun - 2, -1, -1) if lx.kind_of(tokens[k]) and (
            lx.is_plural_kind(tokens[k]) or set(tokens[max(0, k - 3) : k]) & lx.EVERY_WORDS)), noun)  # "every cube"
    return noun


def _more_ruled_out(tokens: list[str], place: str, end: int) -> tuple[list[str], int]:
    """``place`` and the positions ruled out after it from ``end`` on ("not the closest | and not the
    farthest", "neither the closest | nor the farthest", "except the closest | and the farthest"), and
    the index after them."""
    places = [place]
    while True:
        more = next((e for e in _MORE_RULED_OUT if tuple(tokens[end : end + len(e)]) == e), None)
        another, after = _superlative_phrase(tokens, end + len(more)) if more else ("", end)
        if not another:
            return places, end
        places.append(another)
        end = after


def _excluded_names(tokens: list[str], j: int, link: tuple[str, ...] | None) -> tuple[list[str], int]:
    """The kinds or objects a kind-less noun's exclusion from token j on names ("that is not a cube",
    "but the red cube", "other than the bins"), and the index after them; ([], j) when it names no
    kind (a colour alone is read by read_exclusions as a colour)."""
    if link and len(link) >= 2:
        k = j + len(link)
    else:
        lead = next((e for e in _EXCLUDING if tuple(tokens[j : j + len(e)]) == e), None)
        if lead is None:
            return [], j
        k = j + len(lead)
    first, k = _excluded_name(tokens, k)
    if not first:
        return [], j
    names = first
    joins = ("or", "nor", ",", "and") if not (link and len(link) >= 2) else ("or", "nor", ",")
    while k < len(tokens) and tokens[k] in joins:  # "that is not a box or a cube", "except the bin and the ball": neither
        m = k + 1
        while m < len(tokens) and tokens[m] in ("or", "nor", "and"):
            m += 1
        more, after = _excluded_name(tokens, m)
        if not more:
            break
        names, k = [*names, *more], after
    return names, k


def _excluded_name(tokens: list[str], k: int) -> tuple[list[str], int]:
    """The kind, or the objects of each colour said with their kind ("the red or blue cube": red cube,
    blue cube), that the words from token k on name, and the index after them; ([], k) for none."""
    noun = next((m for m in range(k, len(tokens)) if lx.kind_of(tokens[m])), -1)
    said = tokens[k:noun] if noun >= 0 else []
    if noun < 0 or not all(w in ("the", "a", "an", "any", "and", "or", ",") or lx.color_of(w) for w in said):
        return [], k
    kind = lx.kind_of(tokens[noun])
    colours = list(dict.fromkeys(c for w in said if (c := lx.color_of(w))))
    return ([f"{c} {kind}" for c in colours] if colours else [str(kind)]), noun + 1


def _readable(tokens: list[str]) -> str:
    """The clause's words for messages, with the reader's exclusion tokens said as words: "the
    non-red box", "the red non-box thing", "the not-nearest cube"."""
    def said(t: str) -> str:
        for prefix, word in ((_NOT_COLOR, "non-"), (_NOT_SUPERLATIVE, "not-"), (_NOT_NAME, "non-")):
            if t.startswith(prefix):
                return word + t[len(prefix):].replace("_", "-")
        return t
    return " ".join(map(said, tokens))


def _after_not(tokens: list[str], noun: int) -> bool:
    """Whether the noun phrase ending at ``noun`` follows a "not" ("not the yellow one")."""
    j = noun - 1
    while j >= 0 and (tokens[j] in ("the", "a", "an", "that", "this") or lx.color_of(tokens[j])):
        j -= 1
    return j >= 0 and tokens[j] == "not"


def slow_phrase_in(tokens: list[str]) -> str:
    """The phrase of lx.SLOW_PHRASES the words say ("not too fast", "at a walking pace"), or ''."""
    return next((p for p in lx.SLOW_PHRASES if _contains(tokens, tuple(p.split()))), "")


def only_a_slow_pace(tokens: list[str]) -> bool:
    """The words say a slow pace and nothing else ("slowly", "take it easy", "nice and gentle", "at a
    walking pace")."""
    slow_phrase = slow_phrase_in(tokens)
    return (bool(set(tokens) & lx.SLOW_WORDS) or bool(slow_phrase)) and _only_manner(tokens, slow_phrase)


def measures_in_numbers(tokens: list[str]) -> list[str]:
    """``tokens`` with amounts said in words as numbers: "a quarter of a metre" as "0.25 meter"."""
    return _compound_measures(_spelled_numbers(tokens))


def speed_said(tokens: list[str]) -> tuple[float, list[str]]:
    """A speed said in numbers with its unit ("at 0.2 m/s", "20 cm per second", "5 mph") [m/s], and
    the tokens without it; (0, tokens) when none is."""
    return _said_speed(tokens)


def _only_manner(tokens: list[str], slow_phrase: str) -> bool:
    """The clause says nothing but a pace: its words are pace words, the slow phrase's words, and
    the few that go with them ("but", "do it", "very", "keep it")."""
    phrase = set(slow_phrase.split())
    words = [t for t in tokens if t[0].isalnum()]
    return bool(words) and all(t in lx.SLOW_WORDS or t in phrase or t in lx.MANNER_CLAUSE_WORDS or t in lx.FILLER_WORDS
                               for t in words)


def _with_manner(clauses: list[Clause]) -> list[Clause]:
    """Manner clauses dropped, their pace given to the action clause before them; one said at the
    end of the goal ("go to the red box, then the green bin, but do it slowly") or at its start
    ("slowly, go to the box, then ...") to every action clause of the goal."""
    def acts(clause: Clause) -> bool:
        return bool(clause.intent or clause.objects) and not clause.manner

    if clauses and (clauses[-1].manner or clauses[0].manner) and any(acts(c) for c in clauses):
        whole = [replace(c, slow=True) if acts(c) and not c.negated and c.intent != "avoid" else c for c in clauses]
        return _with_manner([c for n, c in enumerate(whole) if not (c.manner and n in (0, len(whole) - 1))])
    out: list[Clause] = []
    for clause in clauses:
        if clause.manner:
            target = next((i for i in range(len(out) - 1, -1, -1) if out[i].intent or out[i].objects), None)
            if target is not None:
                out[target] = replace(out[target], slow=True)
            continue
        out.append(clause)
    return out


_REASONS = frozenset({"because", "cause", "cos", "coz", "cuz", "bc"})


# How a reason said before a request starts: "i am busy, so ...", "we are late so ..."
_SAID_OF_ONESELF = frozenset({("i", "am"), ("we", "are"), ("i", "have"), ("we", "have"), ("i", "need"), ("i", "want"),
                              ("i", "will"), ("i", "must"), ("i", "got"), ("my", "hands"), ("i", "can")})


def _without_reasons(tokens: list[str]) -> list[str]:
    """Without the reasons said after a request ("keep away from the blue cube because it's fragile", "...,
    cause i need it"), up to the next comma or stop; what to do is said before them. Warnings said in
    a reason ("because there's someone there") were heard before this (warns_of_someone)."""
    so = next((k for k, t in enumerate(tokens) if t == "so" and k > 1), -1)
    if so > 0 and tuple(tokens[:2]) in _SAID_OF_ONESELF and not any(lx.kind_of(w) for w in tokens[:so]):
        rest = [t for t in tokens[so + 1 :] if t != ","]
        rest = rest[1:] if rest[:1] in (["just"], ["please"], ["can"]) and begins_action(rest[1:]) else rest
        if begins_action(rest):  # "i'm on the phone so just go get the yellow cube": the request
            tokens = rest
    tokens = _without_statements_of_why(tokens)
    out: list[str] = []
    skipping = False
    for k, t in enumerate(tokens):
        if t in _REASONS and k > 0 and (begins_action(tokens[:k]) or any(lx.kind_of(w) for w in tokens[:k])) and \
                tokens[k + 1 : k + 2] != ["of"]:
            skipping = True
        elif skipping and t in (",", ";", ".", "!", "?"):
            skipping = False
        if not skipping:
            out.append(t)
    return out


# How a statement about the object just named starts: "dont touch the blue cube, it's my son's project"
_STATEMENT_OF_IT = (("its",), ("it's",), ("it", "is"), ("it", "has"), ("it", "was"), ("that", "is"), ("thats",), ("that's",),
                    ("they", "are"), ("they're",), ("theyre",), ("this", "is"), ("those", "are"), ("these", "are"),
                    ("there", "is"), ("there's",), ("theres",), ("there", "are"))
# Words that make such a statement more than a reason: a hazard, a person, a choice among objects
_HAZARDOUS_STATES = frozenset({"dangerous", "hazardous", "unsafe", "hot", "sharp", "broken", "glass", "fire", "burning", "explosive",
                               "toxic", "poison", "poisonous", "slippery", "heavy", "live", "loaded"})
_MORE_THAN_A_REASON = _HAZARDOUS_STATES | {"one", "ones", "full", "empty", "not", "no", "never", "don't", "dont", "instead", "wrong",
                                           "right", "left", "behind", "front", "next", "near", "by", "there", "here", "inside",
                                           "under"}
# How a statement about what is on or in the object just named starts: "don't touch the cube, the paint's still wet"
_STATE_SAID_AFTER = frozenset({"is", "are", "still", "was", "has", "been", "just"})


def _without_statements_of_why(tokens: list[str]) -> list[str]:
    """Without a statement of why, said of the object just named after a request that forbids it
    ("dont touch the blue cube its my sons science project", "leave the red plate alone, that's my
    lunch", "do not touch the orange cube, it is for the demo"): up to the next stop or new request.
    Kept when it says more than why (a hazard, a place, a person, a colour or kind, "the other one")."""
    kept_away = any(tokens[k] in ("stay", "keep", "steer") and tokens[k + 1 : k + 2] in (["away"], ["clear"], ["well"], ["far"], ["off"])
                    for k in range(len(tokens)))  # "stay away from the ball, it rolls"
    if not set(tokens) & lx.NEGATION_WORDS and not {"alone", "avoid"} & set(tokens) and not kept_away:
        return tokens
    out: list[str] = []
    k = 0
    while k < len(tokens):
        start = next((s for s in _STATEMENT_OF_IT if tuple(tokens[k : k + len(s)]) == s), None)
        if start is None and tokens[k] == "it" and tokens[k + 1 : k + 2] and len(tokens[k + 1]) > 3 and tokens[k + 1].endswith("s") \
                and not tokens[k + 1].endswith("ss"):
            start = ("it",)  # "don't go near the yellow ball, it rolls"
        if start is None and tokens[k] == "the" and k + 2 < len(tokens) and tokens[k + 2] in _STATE_SAID_AFTER and \
                tokens[k - 1 : k] == [","] and not lx.kind_of(tokens[k + 1]) and not lx.color_of(tokens[k + 1]):
            start = ("the", tokens[k + 1])  # "don't touch the red cube, the paint's still wet"
        if start is None or k < 2 or not (tokens[k - 1] == "," or lx.kind_of(tokens[k - 1]) or tokens[k - 1] == "alone"):
            out.append(tokens[k])
            k += 1
            continue
        end = k + len(start)
        while end < len(tokens) and tokens[end] not in (".", ";", "!", "?", ",") and \
                not (tokens[end] in ("and", "so", "but", "then") and begins_action(tokens[end + 1 :])):
            end += 1
        said = tokens[k + len(start) : end]
        owned = {n for n in range(1, len(said)) if said[n - 1] in ("my", "your", "his", "her", "our", "their")}
        of_the_thing = start[0] != "there" and any(lx.kind_of(w) for w in out)  # "leave the cube alone, it's hot": kept off
        if not said or any(lx.kind_of(w) or lx.color_of(w) or (w in SOMEONE_WORDS and n not in owned) or
                           (w in _MORE_THAN_A_REASON and not (of_the_thing and w in _HAZARDOUS_STATES))
                           or w in lx.ANY_KIND_WORDS for n, w in enumerate(said)):
            out.append(tokens[k])
            k += 1
            continue
        while out and out[-1] == ",":
            out.pop()
        k = end
    return out


def _without_restated_pick(clauses: list[Clause]) -> list[Clause]:
    """Without a pick of "it" that only restates the put beside it, which picks its cube first anyway: "put the red
    cube in the green bin (you need to pick it up first)", "... - you'll have to pick it up first obviously - ..."."""
    def puts_a_named_cube(clause: Clause) -> bool:
        return clause.intent == "place" and any(o.kind in GRASPABLE_LABELS and not o.pronoun for o in clause.objects)

    def picks_it(clause: Clause) -> bool:
        return clause.intent == "pick" and not clause.negated and bool(clause.objects) and \
            all(o.pronoun or o.name == "object" for o in clause.objects) and \
            not {"again", "back", "out"} & set(clause.text.split())

    out: list[Clause] = []
    for n, clause in enumerate(clauses):
        before, after = clauses[n - 1] if n else None, clauses[n + 1] if n + 1 < len(clauses) else None
        named_before = any(o.kind in GRASPABLE_LABELS and not o.pronoun for c in clauses[:n] for o in c.objects)
        if picks_it(clause) and ((after is not None and puts_a_named_cube(after) and not named_before) or
                                 (before is not None and puts_a_named_cube(before) and "first" in clause.text.split())):
            continue
        out.append(clause)
    return out


_FIRST_AFTER_ALL_LEAD = frozenset({"but", "no", "oh", "wait", "actually", "and", "ok", "okay", "sorry", "um", "uh", "so", "though",
                                   "hmm", "hang", "on", "hold"})
_FIRST_AFTER_ALL_TAIL = frozenset({"actually", "please", "obviously", "though", "instead", "of", "course", "i", "mean", "sorry"})


def _waits_between(clauses: list[Clause]) -> list[Clause]:
    """A wait said to come between the steps ("go to the plate, then the box, wait 3 seconds between each") put
    between each step and the next, not after the last."""
    last = clauses[-1] if clauses else None
    if last is None or last.intent != "stop" or not last.times.for_s or "between" not in last.text.split():
        return clauses
    steps = clauses[:-1]
    if len(steps) < 2 or any(c.negated or (not (c.intent in ("goto", "") and c.objects) and c.intent not in ("move", "pose"))
                             for c in steps):
        return clauses
    wait = replace(last, text="wait")
    said: list[Clause] = []
    for step in steps:  # "the yellow tin" after "go to the red tin" goes there too, and not to the wait before it
        said.append(replace(step, intent=step.intent or next((c.intent for c in reversed(said) if c.intent), "goto")))
    return [c for n, step in enumerate(said) for c in ((step, wait) if n + 1 < len(said) else (step,))]


def _said_first_after_all(clauses: list[Clause]) -> list[Clause]:
    """The steps with one said last as the first to do ("go to the cone, then the bottle. no, bottle first", "..., but grey
    bottle first"): the step that names that object moved to the front, and the clause that said so dropped."""
    if len(clauses) < 3:
        return clauses
    last = clauses[-1]
    words = last.text.split()
    while words and words[0] in _FIRST_AFTER_ALL_LEAD:
        words = words[1:]
    while words and words[-1] in _FIRST_AFTER_ALL_TAIL:
        words = words[:-1]
    if last.intent or last.negated or len(last.objects) != 1 or last.objects[0].pronoun or words[-1:] != ["first"] or \
            len(words) > 5:
        return clauses
    said = last.objects[0]
    steps = clauses[:-1]
    named = [n for n, c in enumerate(steps) if not c.negated and c.intent in ("goto", "pick", "place", "find", "") and
             any(o.kind == said.kind and (said.color is None or o.color == said.color) for o in c.objects)]
    if len(named) != 1 or (steps[named[0]].intent == "" and not steps[named[0]].objects):
        return clauses
    moved = steps[named[0]]
    if not moved.intent:
        moved = replace(moved, intent=next((c.intent for c in steps[: named[0]][::-1] if c.intent), "goto"))
    return [moved, *(c for n, c in enumerate(steps) if n != named[0])]


def _without_closing_pace(tokens: list[str]) -> tuple[list[str], bool]:
    """The goal without a pace said after its last comma ("..., then the green bin, slowly", "...,
    and do it all slowly"), and whether one was: said there, it is for every step, not only the last."""
    k = max((i for i, t in enumerate(tokens) if t in (",", ";", "-")), default=-1)
    tail = [t for t in tokens[k + 1 :] if t[0].isalnum()]
    if k <= 0 or not set(tail) & lx.SLOW_WORDS or {"not", "no"} & set(tail) or not _only_manner(tail, "take the whole thing everything"):
        return tokens, False
    return tokens[:k], True


def _with_times(clauses: list[Clause]) -> list[Clause]:
    """Clauses with a clause that only says a time ("after ten seconds, ...", "..., for a minute")
    folded into the request it is said with: a wait first into the one after it, any other time
    into the one before it (the one after when it comes first)."""
    out: list[Clause] = []
    pending = SaidTimes()
    for n, clause in enumerate(clauses):
        if clause.times != SaidTimes() and not clause.intent and not clause.objects and not clause.text.strip(" ,.;"):
            later = clause.times.after_s > 0 or not out
            if later and n + 1 < len(clauses):
                pending = clause.times
            elif out:
                out[-1] = replace(out[-1], times=_merged(out[-1].times, clause.times))
            continue
        out.append(replace(clause, times=_merged(clause.times, pending)))
        pending = SaidTimes()
    for n in range(len(out) - 1):  # "wait at the green bin for ten seconds": the time is the wait's
        if out[n].times.for_s and out[n].intent == "goto" and out[n + 1].intent == "stop" and not out[n + 1].times.for_s \
                and not out[n + 1].objects:
            out[n + 1] = replace(out[n + 1], times=replace(out[n + 1].times, for_s=out[n].times.for_s))
            out[n] = replace(out[n], times=replace(out[n].times, for_s=0.0))
    return out


def _merged(a: SaidTimes, b: SaidTimes) -> SaidTimes:
    return SaidTimes(a.limit_s or b.limit_s, a.for_s or b.for_s, a.after_s or b.after_s)


def _containment(tokens: list[str], objects: tuple[ObjectRef, ...]) -> tuple[ObjectRef, ...]:
    """Outside a place request, "the cube (that is) in the green bin" names the cube by the bin it is in."""
    result: list[ObjectRef] = []
    for obj in objects:
        if obj.destination and obj.kind == "bin" and result and not result[-1].relation and result[-1].kind in (*GRASPABLE_LABELS, None) \
                and not result[-1].destination and _contains(tokens, ("in",)) and not _contains(tokens, ("to", "the")):
            result[-1] = replace(result[-1], relation="inside", anchor=replace(obj, destination=False))
            continue
        result.append(obj)
    return tuple(result)


# Requests to find something out ("check what is in the bin"), questions when a question word follows.
CHECKING_FRAMES = tuple(sorted((tuple(p.split()) for p in (
    "check", "go check", "go and check", "please check", "see", "go see", "go and see", "look and see", "find out",
    "figure out", "work out", "look to see", "have a look", "take a look and see", "check and tell me", "check for me",
    "can you check", "could you check", "would you check", "can you find out", "could you find out", "please find out",
    "can you check for me", "could you check for me")),
    key=len, reverse=True))  # the longest first


# Said before a question asked as a statement: "I need to know where ...", "I was wondering whether ..."
_WANTS_TO_KNOW = re.compile(r"^i (?:(?:really |just )?(?:need|want|have|got|would like|d like|wanna|gotta)(?: to)? know|"
                            r"(?:was|am|m) (?:just )?wondering|(?:would|d) love to know) (?:where|what|whats|wheres|which|how|"
                            r"whether|if|who|why)\b(?! you (?:could|can|would|will|might)\b(?! see| tell| spot))")


def is_question(tokens: list[str]) -> bool:
    """A question about the scene rather than a request to act."""
    words = [t for t in tokens if t[0].isalpha()]
    if not words:
        return False
    while len(words) > 1 and words[0] in ("please", "hey", "robot", "so", "ok", "okay", "and", "now", "like", "um", "uh", "erm",
                                          "well", "alright", "right"):
        words = words[1:]
    if _asks_politely_last(tokens):
        return False  # "So I was thinking, maybe we tidy a bit. Can you grab the red can first?", "it's the red can, could you grab it?"
    first = words[0]
    if first in ("can", "could", "may") and words[1:3] in (["i", "have"], ["i", "get"], ["we", "have"]) \
            and any(lx.kind_of(w) for w in words):
        return False  # "can I have the blue cube?": a request
    asked_to = 4 if words[:4] == ["why", "do", "not", "you"] else 3 if words[:3] in (["you", "able", "to"], ["why", "not", "just"]) \
        else 2 if words[:2] == ["why", "not"] else 0
    if asked_to and words[asked_to : asked_to + 1] and lx.lemma(words[asked_to]) in lx.ALL_CUES:
        return False  # "why don't you grab the white cube", "u able to grab the purple cube?": a request
    frame = next((f for f in CHECKING_FRAMES if tuple(words[: len(f)]) == f), None)
    if frame is not None and words[len(frame) : len(frame) + 1] in (["what"], ["which"], ["where"], ["how"], ["whether"],
                                                                    ["if"], ["whats"]) \
            and words[len(frame) + 1 : len(frame) + 3] not in (["you", "can"], ["you", "could"]):
        return True  # "check what is in the yellow bin", "find out whether the bin is empty"
    if words in (["help"], ["help", "me"], ["i", "need", "help"]):
        return True  # answered with what the robot can do
    polite = first in ("can", "could", "would", "will") and words[1:2] == ["you"]
    if polite:
        verb = next((w for w in words[2:] if w not in ("please", "kindly", "just", "now", "quickly", "still", "actually",
                                                        "really", "even", "currently")), "")
        return verb in _SEE_VERBS
    if first in REPORT_STARTS | {"name", "state"} or words[:3] == ["let", "me", "know"]:
        return True
    said_first = next((k for k, t in enumerate(tokens) if t in (",", ".", ";", "-", "so")), -1)
    if first == "i" and said_first > 0 and tokens[said_first + 1 : said_first + 2] and \
            tokens[said_first + 1] in ("where", "what", "which", "whats", "wheres") and not begins_action(tokens[said_first + 1 :]):
        return True  # "i can't see the green cube, where is it?": a question after what the person says
    if words[:2] == ["i", "wonder"] or (words[:4] in (["i", "would", "like", "to"], ["i", "want", "to", "know"])
                                        and "know" in words[:5]):
        return True  # "I wonder where the red cube is", "I would like to know what is in the bin"
    if _WANTS_TO_KNOW.match(" ".join(words)):
        return True  # "I need to know where the purple cube is", "I was wondering whether you can see a cone"
    if first in ("do", "does", "did"):
        if (first == "do" and words[1:2] in (["it"], ["that"], ["this"]) and tokens[-1] != "?" and \
                words[2:3] in ([], ["again"], ["now"], ["too"], ["please"], ["twice"], ["thrice"])) or \
                (first == "do" and words[1:2] in (["it"], ["that"], ["this"]) and words[3:4] == ["times"]):
            return False  # "do it again": a request
        if first in ("does", "did") and words[1:2] == ["not"] and words[2:3] in (["the"], ["that"], ["this"], ["it"], ["there"]):
            return True  # "doesn't that bottle look purple to you", "didn't the cube fall?"
        return words[1:2] != ["not"] and (words[1:2] in (["you"], ["i"], ["we"], ["it"], ["they"], ["the"], ["any"])
                                          or tokens[-1] == "?")
    if first in _QUESTION_STARTS - {"can", "could", "show", "have", "has"} or first in ("who", "whom", "whose", "when", "why"):
        return True
    if first in ("will", "would", "was", "were") and words[1:2] in (["it"], ["there"], ["the"], ["this"], ["that"]):
        return True  # "will it rain tomorrow?", "was there a cube here?"
    if first in ("have", "has") and "you" in words[:3]:
        return True
    return tokens[-1] == "?" and not begins_action(tokens)


# How a request said as a question starts: "could you ...", "reckon you could ...", "would it be alright if you ...",
# "is it possible to ...", "any chance you could ..."
_POLITE_REQUEST_STARTS = (("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"), ("reckon", "you", "could"),
                          ("reckon", "you", "can"), ("do", "you", "reckon", "you", "could"), ("any", "chance", "you", "could"),
                          ("would", "it", "be", "alright", "if", "you"), ("would", "it", "be", "ok", "if", "you"),
                          ("would", "it", "be", "okay", "if", "you"), ("would", "it", "be", "possible", "for", "you", "to"),
                          ("is", "it", "possible", "to"), ("is", "it", "possible", "for", "you", "to"), ("think", "you", "could"),
                          ("do", "you", "think", "you", "could"), ("you", "think", "you", "could"))
_SAID_BEFORE_ASKING = frozenset({"please", "so", "ok", "okay", "and", "now", "um", "uh", "erm", "well", "right", "then", "hey",
                                 "cor", "oh", "first", "just"})


def _asks_politely_last(tokens: list[str]) -> bool:
    """Whether the last sentence or clause asks for an action as a polite question ("..., could you grab it?", "... a bit.
    Can you grab the red can first?", "would it be alright if you went and picked up the white cube?", "reckon you
    could fetch me the can?"); not a question about what the robot sees ("could you see ...")."""
    bounds = [k for k, t in enumerate(tokens) if t in (".", ",", ";", "!", "-")]
    for start in (bounds[-1] + 1 if bounds else 0, 0):
        words = [t for t in tokens[start:] if t[0].isalpha()]
        while words and words[0] in _SAID_BEFORE_ASKING:
            words = words[1:]
        lead = next((p for p in _POLITE_REQUEST_STARTS if tuple(words[: len(p)]) == p), None)
        if lead is None:
            continue
        verb = next((w for w in words[len(lead):] if w not in ("please", "kindly", "just", "now", "quickly", "possibly", "maybe",
                                                                "actually", "go", "went", "and")), "")
        goes = [w for w in words[len(lead):] if w not in ("please", "kindly", "just", "now", "quickly", "possibly", "maybe")][:2]
        if goes[:1] in (["go"], ["head"], ["drive"], ["come"]) and goes[1:] and goes[1] in ("to", "over", "round", "up", "back",
                                                                                           "towards", "toward", "across"):
            return start > 0 or len(lead) > 2  # "reckon you could go over to the box?"
        if verb and verb not in _SEE_VERBS and (lx.lemma(verb) in lx.ALL_CUES or verb in lx.ALL_CUES):
            return start > 0 or len(lead) > 2  # a plain "could you ...?" is read below
    return False


IF_ASIDES = tuple(tuple(p.split()) for p in (
    "if you can", "if possible", "if you could", "if you would", "if you do not mind", "if you please", "if needed",
    "if necessary", "if you like", "if you want", "if you have time", "if so", "if not", "if you are able",
    "if it is possible", "if that is possible", "if that is ok", "if that is okay", "if it is ok", "if it is okay",
    "if that is alright", "if it is alright", "if that is fine", "if it is fine", "if that works", "if you are ready",
    "if you have a moment", "if you have a minute", "if you have a second", "if you get a chance", "if you are able",
    "if you are free", "if you are not busy", "if it is not too much trouble", "if it is no trouble", "if you will",
    "if you would be so kind", "if you would not mind", "if you are up for it", "if you have the time",
    "if you can reach it", "if you can reach them", "if you have a sec", "if you get the chance", "if you have a chance",
    "if you have the chance", "if you get a minute", "if you get a moment", "if you get a second", "if you get a sec"))
_ASIDES = frozenset({"whatever happens", "whatever you do", "no matter what", "in any case", "at all costs", "regardless",
                     "by the way", "if you can", "if possible", "when you can", "as soon as possible", "asap",
                     "on the way", "on your way", "along the way", "en route", "on the way there", "on your way there",
                     "while you are at it", "as you go", "while driving", "while you drive", "meanwhile"})
# A clause of only these, with a negation among them, negates the request said after it:
# "do not, under any circumstances, go to the red box".
_NEGATION_ONLY_WORDS = frozenset({"do", "not", "never", "no", "ever", "under", "any", "circumstances", "circumstance",
                                  "at", "all", "time", "on", "account", "by", "means", "please", "and", "but", "you",
                                  "must", "should", "whatever", "i", "repeat", "again"})


_EMPHASIS = (("under", "any", "circumstances"), ("under", "any", "circumstance"), ("in", "any", "circumstances"),
             ("at", "any", "time"), ("at", "any", "point"), ("i", "repeat"))


def _without_compounds(tokens: list[str]) -> list[str]:
    """A colour and a kind written as one word ("redbox", "bluecubes", "greenbin") are two words."""
    out: list[str] = []
    for t in tokens:
        split = next((k for k in range(3, len(t) - 2) if t not in lx.lexicon_words() and lx.color_of(t[:k])
                      and lx.kind_of(t[k:])), 0) if t.isalpha() else 0
        out += [t[:split], t[split:]] if split else [t]
    return out


# Ways of asking that read as questions or negations but request the action after them ("why
# don't you go to the red box", "won't you ...", "don't forget to ...", "is it possible for you to pick
# up the cube", "maybe go to the box?").
_REQUEST_OPENERS = tuple(tuple(p.split()) for p in (
    *(f"{ask}{chance} you {can}" for ask in ("", "is there ", "any ") for chance in ("any chance", "a chance", "any way",
                                                                                   "a way")
      for can in ("could", "can", "would")),
    "would you mind", "do you mind", "mind", "wanna", "you wanna", "do you wanna", "want to", "do you want to",
    "you able to", "why not just",
    "fancy", "do you fancy", "care to", "would you care to", "would you be able to", "are you able to",
    "why do not you", "why not", "how about you", "how about we", "what about you", "is it possible for you to",
    "is it possible to", "would it be possible for you to", "would it be possible to", "are you able to",
    "would you be able to", "will you be able to", "do you think you could", "do you think you can",
    "i was wondering if you could", "i wonder if you could", "do me a favor and", "do me a favour and",
    "be a dear and", "be so kind as to", "maybe", "perhaps", "objective", "aim", "how about", "what about",
    "what do you say to", "how do you feel about", "will not you", "would not you", "could not you", "couldn't you",
    "can not you", "cannot you", "do not forget to", "never forget to", "remember to", "do not hesitate to",
    "feel free to", "would not it be nice to", "it would be nice to", "it would be nice if you could",
    *(f"{who} {want} you to do {now}is {to}" for who in ("what i", "all i") for want in ("need", "want", "would like")
      for now in ("", "now ", "next ") for to in ("", "to ")),
    *(f"all you {have} to do is {to}" for have in ("have", "need") for to in ("", "to ")),
    *(f"it would be {good} if you{could}" for good in ("lovely", "great", "nice", "awesome", "good", "helpful", "wonderful",
                                                       "fantastic", "cool", "perfect", "brilliant", "amazing", "super")
      for could in ("", " could", " would", " can")),
    "what you need to do is", "what you have to do is", "your job is to", "your task is to", "the task is to",
    "the plan is to", "the idea is to", "the goal is to", "do the needful and", "do the needful", "please do one thing",
    "do one thing", "kindly do one thing", "come on", "come on now", "just"))
# Said between two actions, these mean "then": "go to the blue box and once there come back".
_ON_ARRIVAL = tuple(tuple(p.split()) for p in (
    "once there", "when there", "once you are there", "when you are there", "once you get there", "when you get there",
    "once you arrive", "when you arrive", "upon arrival", "on arrival", "once arrived", "having arrived",
    *(f"{when} {that} {done}" for when in ("when", "once", "after") for that in ("that is", "that has been", "this is", "it is")
      for done in ("done", "finished", "complete", "completed", "over")),
    *(f"{when} you have {done} that" for when in ("when", "once", "after") for done in ("done", "finished", "completed")),
    *(f"{when} you are {done}" for when in ("when", "once", "after") for done in ("done", "finished", "through")),
    *(f"{when} {done}" for when in ("when", "once") for done in ("done", "finished")),
    "once you have done it", "when you have done it", "after doing that", "after doing so", "having done that",
    "having done so", "when you are done with that", "once you are done with that"))


# Urging said after a request, no part of it: "go to the blue bin already, come on", "..., and oblige".
_URGINGS = tuple(tuple(p.split()) for p in ("come on hurry up", "come on", "hurry up", "already", "and oblige", "chop chop",
                                             "quick quick", "pronto", "on the double", "asap", "stat"))


def _without_request_openers(tokens: list[str]) -> list[str]:
    """Request openers at the start of the goal or of a clause are left out, and "once there" is
    "then"; urging said at the end ("..., come on") is left out too."""
    while len(tokens) > 3:
        end = len(tokens) - (1 if tokens[-1] in (".", "!", "?") else 0)
        urging = next((u for u in _URGINGS if tuple(tokens[end - len(u) : end]) == u), None)
        if urging is None or not (begins_action(tokens[: end - len(urging)]) or any(lx.kind_of(t) for t in tokens[: end - len(urging)])):
            break
        tokens = [t for t in tokens[: end - len(urging)]]
        while tokens and tokens[-1] in (",", "-"):
            tokens = tokens[:-1]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        at_start = not out or out[-1] in (",", ".", ";", "!", "?", ":", "and", "then", "so")
        opener = next((p for p in _REQUEST_OPENERS if tuple(tokens[i : i + len(p)]) == p), None) if at_start else None
        rest = [t for t in tokens[i + len(opener) :] if t not in (",", ":")] if opener else []
        if opener and rest[:1] == ["going"]:  # "what about going to the red box"
            rest[0] = "go"
        if opener and rest and begins_action(rest):
            i += len(opener)
            while i < len(tokens) and tokens[i] in (",", ":"):
                i += 1
            if tokens[i : i + 1] == ["going"]:
                out.append("go")
                i += 1
            continue
        arrival = next((p for p in _ON_ARRIVAL if tuple(tokens[i : i + len(p)]) == p), None)
        if arrival and out:
            out.append("then")
            i += len(arrival)
            continue
        out.append(tokens[i])
        i += 1
    return out


_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "hm", "ah", "eh", "mm"})


def _without_hesitations(tokens: list[str]) -> list[str]:
    """"Um, go to the, uh, red box", "so like, go to ...": sounds and fillers of hesitation are left
    out, and so are the commas they leave inside a phrase ("the , red box") and a word said twice
    in a row ("the red box box")."""
    out: list[str] = []
    for k, t in enumerate(tokens):
        after_number = bool(out) and (_DIGITS.fullmatch(out[-1]) is not None or out[-1] in lx.NUMBER_WORDS)
        before_number = k + 1 < len(tokens) and (_DIGITS.fullmatch(tokens[k + 1]) is not None or tokens[k + 1] in lx.NUMBER_WORDS)
        if (t in _HESITATIONS and not after_number) or \
                (t == "like" and tokens[k + 1 : k + 2] == [","] and (not out or out[-1] in (",", "so"))) or \
                (t == "like" and before_number and out[-1:] not in (["would"], ["i"], ["you"], ["we"], ["d"])):
            continue  # "3 mm" is a distance, not a hesitation; "a bit, like 20 cm": about 20 cm
        if out and t == out[-1] and t[0].isalpha() and t not in lx.NUMBER_WORDS:  # "one one": a point's x and y
            continue
        if t == "," and (not out or out[-1] in (",", "the", "a", "an", "to", "of") or out[-1] in _HESITATIONS):
            continue
        out.append(t)
    return _without_false_starts(out)


def _without_false_starts(tokens: list[str]) -> list[str]:
    """Words said twice over as a speaker restarts ("can you can you tell me ...", "go to go to the
    bin"), and a kind said bare, then again said better ("the bin the blue bin"): said once, the
    second way."""
    out = list(tokens)
    k = 0
    while k < len(out):
        run = next((n for n in (3, 2) if out[k : k + n] == out[k + n : k + 2 * n] and
                    all(w.isalpha() and w not in lx.NUMBER_WORDS for w in out[k : k + n])), 0)
        if run:
            del out[k : k + run]
            continue
        if out[k] == "the" and k + 2 < len(out) and lx.kind_of(out[k + 1]) and out[k + 2] == "the" and \
                lx.kind_of(out[k + 1]) in {lx.kind_of(w) for w in out[k + 3 : k + 6]}:
            del out[k : k + 2]  # "go to the bin the blue bin": the blue bin
            continue
        k += 1
    return out


# Words that only manage the conversation, at the start of a goal (followed by a comma or a request)
# or as a tag at its end ("..., ok?"): left out, so that "right, go to the red box" names no right
# and "go over to the blue box, ok?" is a request, not a question.
_OPENING_MARKERS = tuple(tuple(p.split()) for p in (
    "do the following", "please do the following", "do this", "here is the plan", "the plan is", "here is what to do",
    "your tasks are", "your task is", "the steps are", "instructions", "let us do this", "ok so here is the plan",
    "so here is the plan", "your job today", "your job today is", "your job is", "your job", "your task today", "your task",
    "your mission", "your mission today", "here is the deal", "so basically what i am after is", "what i am after is",
    "basically what i am after is", "so what i am after is", "lovely", "sweet", "wonderful", "fantastic", "nice one",
    "good stuff", "ace",
    "right", "alright", "all right", "ok so", "okay so", "so", "well", "now then", "first things first", "listen",
    "listen up", "listen carefully", "listen to me", "pay attention", "here is the thing", "here is what i need",
    "here is what i want", "so basically", "basically", "look", "you know", "i mean", "anyway", "anyways", "right then",
    "okay then", "ok then", "so what i need is", "so basically what i need is", "what i need is", "hey", "hey there",
    "hi", "hello", "hi there", "what i need is for you to", "so basically what i need is for you to",
    "so what i need is for you to", "what i want is for you to", "robot", "hey robot", "ok robot", "okay robot", "bot",
    "hey bot", "yo bot", "yo robot", "ok bot",
    # greetings and praise said before the request ("Hi! ...", "Great job! Now ...", "Well done. ...")
    "good morning", "good afternoon", "good evening", "greetings", "howdy", "yo", "great job", "good job", "nice job",
    "well done", "nice work", "good work", "great work", "nice", "great", "perfect", "excellent", "awesome", "cool",
    "brilliant", "thanks", "thank you", "pretty please", "please", "sorry to bother you", "excuse me", "fine", "fine then",
    "ok fine", "okay fine", "oh well", "whatever", "in that case", "then in that case", "ok in that case", "alright fine"))
# Thanks said after a request: "thanks", "thank you ever so much", "many thanks", "much appreciated"
_THANKS_AT_END = frozenset({"thanks", "thank", "you", "cheers", "thx", "ty", "ta", "very", "so", "much", "ever", "a", "lot",
                            "many", "in", "advance", "appreciated", "kindly", "mate", "buddy", "robot", "bunch", "heaps", "loads",
                            "tons", "million"})
_CLOSINGS = frozenset(tuple(p.split()) for p in (
    "that would be", "that will be", "that is all", "thanks a lot", "thank you very", "thank you so", "thanks so much",
    "much appreciated please", "i would appreciate", "appreciate it thanks", "i am in", "i am running", "we are in",
    "i am late", "we are late"))
# A marker only before a comma ("look right")
_MARKERS_THAT_ARE_WORDS = (("right",), ("look",), ("well",), ("listen",), ("whatever",), ("fine",))
_TAGS = tuple(tuple(p.split()) for p in (
    "ok", "okay", "right", "alright", "yeah", "please", "will you", "would you", "can you", "could you", "thanks",
    "thank you", "ok thanks", "got it", "understood", "alright then"))
_LIST_MARK = re.compile(r"^\d+(?:st|nd|rd|th)?$")
# Said of when to do it at the speaker's leisure, never a condition or a wait: left out wherever
# they stand ("go to the red box when you get a chance", "if you have a sec, pick up ...").
_LEISURE_ASIDES = tuple(sorted((tuple(f"{opener} {have} {a} {moment}".split())
                                for opener in ("when", "whenever", "if", "once")
                                for have in ("you get", "you have", "you have got", "you find")
                                for a in ("a", "the", "some")
                                for moment in ("chance", "moment", "minute", "second", "sec", "spare moment", "spare minute",
                                               "free moment", "free minute", "time")),
                               key=len, reverse=True)) + tuple(tuple(p.split()) for p in (
    "at your convenience", "at your leisure", "in your own time", "in your own good time", "when you have time",
    "whenever you have time", "when you get time", "if you have time", "when it suits you", "whenever it suits you"))


def _without_leisure_asides(tokens: list[str]) -> list[str]:
    """``tokens`` without _LEISURE_ASIDES and the comma that set one apart."""
    k = 0
    out: list[str] = []
    while k < len(tokens):
        aside = next((a for a in _LEISURE_ASIDES if tuple(tokens[k : k + len(a)]) == a), None)
        if aside is None:
            out.append(tokens[k])
            k += 1
            continue
        k += len(aside)
        if out and out[-1] == "," and (k == len(tokens) or tokens[k] in (",", ".", "!", "?")):
            out.pop()  # "..., when you get a chance."
        elif k < len(tokens) and tokens[k] in (",", "-"):
            k += 1  # "when you get a chance, ..."
    return out


def _without_discourse_markers(tokens: list[str]) -> list[str]:
    """Conversation managers left out (_OPENING_MARKERS, a "?"-ended tag), "you know" anywhere, and
    numbered steps ("step 1: ...", "1. ... 2. ...") read as steps in order."""
    out = [t for k, t in enumerate(tokens) if not (tuple(tokens[k : k + 2]) == ("you", "know") and tokens[k + 2 : k + 3] == [","])
           and not (tuple(tokens[k - 1 : k + 1]) == ("you", "know") and tokens[k + 1 : k + 2] == [","])]
    out = _without_leisure_asides(out)
    changed = True
    while changed:
        changed = False
        for marker in sorted(_OPENING_MARKERS, key=len, reverse=True):
            rest = out[len(marker) :]
            if tuple(out[: len(marker)]) == marker and any(t[0].isalnum() for t in rest) and (rest[0] in (",", ":", "-", "!", ".") or (
                    marker not in _MARKERS_THAT_ARE_WORDS and
                    (begins_action(rest) or any(tuple(rest[: len(m)]) == m for m in _OPENING_MARKERS)))):
                out = rest[1:] if rest[0] in (",", ":", "-", "!", ".") else rest
                changed = True
                break
    thanked = next((k for k in range(1, len(out)) if out[k] in ("thanks", "thank", "cheers", "thx", "ty", "ta", "much") and
                    all(not t[0].isalnum() or t in _THANKS_AT_END for t in out[k:]) and
                    not any(t[0].isalnum() and t in _THANKS_AT_END for t in out[k - 1 : k])), -1)
    if thanked > 0 and begins_action([t for t in out[:thanked] if t[0].isalnum()]):
        out = out[:thanked]  # "... bring it back here thanks", "... please? Thank you ever so much."
        while out and out[-1] in (",", ".", "!", "?", "-"):
            out = out[:-1]
    closing = next((k for k in range(1, len(out)) if out[k - 1] == "," and tuple(out[k : k + 3]) in _CLOSINGS), -1)
    if closing > 0 and len(out) - closing <= 6:
        out = out[: closing - 1]  # "..., that would be great", "..., thanks"
    if out and out[-1] == "?":
        for tag in sorted(_TAGS, key=len, reverse=True):
            if len(out) > len(tag) + 2 and tuple(out[-1 - len(tag) : -1]) == tag and out[-2 - len(tag)] == "," and \
                    begins_action(out):
                out = out[: -2 - len(tag)]  # "go over to the blue box, ok?": a request
                break
    if "(" in out and ")" in out[out.index("(") :]:  # "go to the red box (the one on the left)": said aside
        opened = out.index("(")
        closed = out.index(")", opened)
        if not any(_DIGITS.fullmatch(t) for t in out[opened:closed]):
            out = [*out[:opened], ",", *out[opened + 1 : closed], *([","] if closed + 1 < len(out) else []), *out[closed + 1 :]]
    steps: list[str] = []
    said_next = 1  # the number the next item of a list said without punctuation has ("1 go to ... 2 come back")
    for k, t in enumerate(out):
        numbered = _LIST_MARK.match(t) and out[k + 1 : k + 2] in ([":"], ["."], [")"], ["-"]) and \
            (k == 0 or out[k - 1] in ("step", ".", ",", ";") or begins_action(out[k + 2 :])) and begins_action(out[k + 2 :])
        spoken = (_number_value(t) == said_next and begins_action(out[k + 1 :]) and not _LIST_MARK.match(out[k + 1]) and (
            said_next > 1 or k == 0 or (out[k - 1] == "step" and k == 1))) or \
            (_DIGITS.fullmatch(t) is not None and k > 0 and lx.kind_of(out[k - 1]) is not None and begins_action(out[k + 1 :]))
        if spoken:
            said_next += 1  # "1 go to the red box 2 go to the green bin 3 come back", "... red box 2 come back"
            if steps and steps[-1] == "step":
                steps.pop()
            steps.append(",")
            continue
        if numbered:
            if steps and steps[-1] == "step":
                steps.pop()
            steps.append(",")
            continue
        if t in (":", ".", ")", "-") and k > 0 and _LIST_MARK.match(out[k - 1]) and steps[-1:] == [","]:
            continue
        steps.append(t)
    while steps and steps[0] == ",":
        steps = steps[1:]
    return steps


# After "right" used as "just" ("the cube right in front of you", "right next to the bin"): no side.
_PLACED_RIGHT_BY = frozenset({"in", "ahead", "next", "beside", "behind", "by", "near", "there", "here", "under",
                              "against", "at", "before"})


def _without_emphasis(tokens: list[str]) -> list[str]:
    """Tokens without words that only stress: a negation's ("do not, under any circumstances, ..."),
    a return's ("come straight back"), a place's ("right in front of you": no right side)."""
    out = [t for k, t in enumerate(tokens)  # "come straight back": back, not a straight drive
           if not (t in ("straight", "right", "directly") and tokens[k + 1 : k + 2] == ["back"] and k > 0
                   and lx.lemma(tokens[k - 1]) in ("come", "go", "head", "get", "drive", "return"))
           and not (t == "right" and tokens[k + 1 : k + 2] and tokens[k + 1] in _PLACED_RIGHT_BY
                    and tokens[k - 1 : k] not in (["the"], ["your"], ["my"], ["turn"], ["to"], ["go"], ["rotate"], ["spin"],
                                                  ["pivot"], ["swivel"], ["veer"])
                    and (tokens[k + 1] != "in" or tokens[k + 2 : k + 3] == ["front"])
                    and not (tokens[k + 1] == "by" and k + 2 < len(tokens) and  # "rotate right by 45"
                             (tokens[k + 2][0].isdigit() or tokens[k + 2] in lx.NUMBER_WORDS)))]
    for phrase in _EMPHASIS:
        i = 0
        while i <= len(out) - len(phrase):
            if tuple(out[i : i + len(phrase)]) == phrase:
                out[i : i + len(phrase)] = []
            else:
                i += 1
    return out


_SAME_AGAIN = re.compile(r"^(?:(?:and|then|now|also|please|,)\s+)*(?:(?:do|repeat)\s+)?(?:the\s+|that\s+)?"
                         r"(?:same(?:\s+thing)?|likewise|that|it)(?:\s+again)?\s+(?:with|for|to)\b")


# "do the same" said with no object: after a put and a pick, the put again with what was picked
_SAME_AGAIN_ALONE = re.compile(r"^(?:(?:and|then|now|also|please|,)\s+)*(?:(?:do|repeat)\s+)(?:the\s+)?(?:same(?:\s+thing)?|likewise)"
                               r"(?:\s+again)?(?:\s+with\s+(?:it|that|that one))?(?:\s+(?:please|too|as well))?[\s.!]*$")


def _said_the_same_again(tokens: list[str]) -> bool:
    """Whether ``tokens`` begin "do the same ...", a clause of its own after "and" or a comma."""
    text = " ".join(tokens)
    return bool(_SAME_AGAIN.match(text) or _SAME_AGAIN_ALONE.match(text))


def _repeat_the_same(clauses: list[Clause]) -> list[Clause]:
    """"..., put it in the green bin, then do the same with the blue cube": the action before, again,
    with the new object in place of what it acted on (where things went stays); "put it in the white bin,
    then grab the other and do the same": the put again, of what was picked."""
    out: list[Clause] = []
    for clause in clauses:
        acted = [c for c in out if c.intent and c.objects]  # "..., wait 5 seconds, then do the same with ...": the put
        previous = acted[-1] if acted else None
        things = [o for o in clause.objects if not o.pronoun]
        if len(acted) >= 2 and previous is not None and previous.intent == "pick" and acted[-2].intent == "place" \
                and not previous.negated and not acted[-2].negated and not things and _SAME_AGAIN_ALONE.match(clause.text):
            places = tuple(o for o in acted[-2].objects if o.destination)
            out.append(replace(acted[-2], text=clause.text, objects=(ObjectRef("it", pronoun=True), *places), correction=False))
            continue
        if previous is not None and previous.intent and not previous.negated and things and \
                _SAME_AGAIN.match(clause.text):
            places = tuple(o for o in previous.objects if o.destination)
            clause = replace(previous, text=clause.text, objects=(*things, *places), correction=False)
        out.append(clause)
    return out


def _put_each(clauses: list[Clause]) -> list[Clause]:
    """"pick up all the cubes and put them in the red bin": each of them picked and put in turn, as
    "put all the cubes in the red bin" says (the gripper holds one)."""
    out: list[Clause] = []
    for clause in clauses:
        previous = out[-1] if out else None
        group = [o for o in previous.objects if o.every] if previous is not None and previous.intent == "pick" else []
        places = [o for o in clause.objects if o.destination and not o.pronoun]
        if previous is not None and group and clause.intent == "place" and places and not previous.negated \
                and not clause.negated and all(o.pronoun for o in clause.objects if not o.destination):
            out[-1] = replace(clause, objects=(*group, *places), text=f"{previous.text} {clause.text}")
            continue
        out.append(clause)
    return out


def _carry_negations(clauses: list[Clause]) -> list[Clause]:
    """A clause that only negates ("do not", "never, ever", "do not, under any circumstances") joins
    the request after it as that request's negation."""
    out: list[Clause] = []
    carry = False
    for clause in clauses:
        words = [w for w in clause.text.split() if w[0].isalnum()]
        if not clause.intent and not clause.objects and words and all(w in _NEGATION_ONLY_WORDS for w in words) \
                and {"not", "never"} & set(words):  # not "no, go to the blue box": that one asks for it
            carry = True
            continue
        if carry and (clause.intent or clause.objects):
            clause = replace(clause, negated=True, unknown_words=()) if clause.intent not in ("avoid",) else clause
            carry = False
        out.append(clause)
    return out


_BARE_GO_WORDS = frozenset({"go", "come", "please", "now", "just", "then", "and", "quickly", "over", "on", "off", "run",
                            "could", "can", "would", "will", "you", "kindly", "head", "hurry", "nip", "pop",
                            "dash", "drive", "roll", "move", "walk", "scoot", "zip", "wander", "trundle", "swing",
                            "there"})  # "could you go and get the cube", "head over and grab the blue cube"


def _without_go_idioms(tokens: list[str]) -> list[str]:
    """"take yourself to the box", "make a beeline for the bin" as "go to ..." (lexicon.GO_IDIOMS);
    "bin the red cube" as "put the red cube in a bin"; "navigate: red box", "pick up: the cube"
    without the colon after the action."""
    lead = 0
    while lead < len(tokens) and tokens[lead] in ("now", "and", "then", "so", "ok", "okay", "please", "just", "right", ","):
        lead += 1  # "now bin it"
    if tokens[lead : lead + 1] == ["bin"] and len(tokens) > lead + 1 and \
            tokens[lead + 1] in ("the", "that", "this", "it", "a", "every", "all", "everything", "each", "both", "any", "them",
                                 "those", "these") and not any(lx.kind_of(t) == "bin" for t in tokens[lead + 1 :]) and \
            (len(tokens) > 2 or lead > 0):
        end = _span_end(tokens, lead + 1, at_and=True)
        tokens = [*tokens[:lead], "put", *tokens[lead + 1 : end], "in", "a", "bin", *tokens[end:]]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        idiom = next(((a, b) for a, b in lx.GO_IDIOMS if tuple(tokens[i : i + len(a)]) == a), None)
        if tokens[i] == ":" and out and (lx.lemma(out[-1]) in lx.ALL_CUES or out[-2:] == ["pick", "up"]):
            i += 1
        elif idiom is None:
            out.append(tokens[i])
            i += 1
        else:
            out.extend(idiom[1])
            i += len(idiom[0])
    return out


_OTHER_SUBJECTS = frozenset({"i", "we", "someone", "somebody", "they", "he", "she", "my", "our"})


def _without_waits_for_others(tokens: list[str]) -> list[str]:
    """"Stay here until I come back", "wait till someone calls you": what another does is how long
    to wait, not a request; the "until" part is left out up to the end of its clause."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in ("until", "till") and tokens[i + 1 : i + 2] and tokens[i + 1] in _OTHER_SUBJECTS and out:
            i = _span_end(tokens, i + 1)
            continue
        out.append(tokens[i])
        i += 1
    return out


_ORDER_PHRASES = (("one", "after", "the", "other"), ("one", "after", "another"), ("in", "that", "order"),
                  ("in", "this", "order"), ("in", "the", "order", "i", "said"), ("in", "the", "order", "given"),
                  ("in", "sequence"), ("in", "turn"), ("in", "any", "order"), ("in", "whatever", "order"),
                  ("in", "a", "random", "order"), ("in", "random", "order"))  # any order: the order said is one
# Asking for the steps in another order than said: refused, never done in the order said.
_REVERSED_ORDER = (("in", "reverse", "order"), ("in", "the", "reverse", "order"), ("in", "reversed", "order"),
                   ("in", "the", "opposite", "order"), ("in", "opposite", "order"), ("in", "backwards", "order"))
_COUNTED_STEPS = frozenset({"second", "secondly", "third", "thirdly", "fourth", "fourthly", "next"})


def _without_order_words(tokens: list[str]) -> list[str]:
    """Words that only say the steps go in the order said ("one after the other", "in that order")
    are left out, that being the order anyway; "first ..., second ..., third ..." counts steps:
    "second" before an action is "then"."""
    reordered = next((p for p in _REVERSED_ORDER for k in range(len(tokens)) if tuple(tokens[k : k + len(p)]) == p), None)
    if reordered is not None:
        raise GoalRefused(f"I do the steps in the order they are said, not '{' '.join(reordered)}'; say them in the order "
                          "to do them, e.g. 'go to the green box, then the blue box'")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        phrase = next((p for p in _ORDER_PHRASES if tuple(tokens[i : i + len(p)]) == p), None)
        if phrase is not None:
            i += len(phrase)
            continue
        if tokens[i] == "step" and i + 2 < len(tokens) and (tokens[i + 1] in lx.ORDINALS or tokens[i + 1] in lx.NUMBER_WORDS
                                                            or tokens[i + 1].isdigit()) and tokens[i + 2] in (":", ",", "."):
            i += 3  # "step one: go to the red box. step two: ...": the steps are in the order said
            continue
        counted = tokens[i] in _COUNTED_STEPS or tokens[i] in ("first", "firstly")
        listed = tokens[i] in _COUNTED_STEPS and tokens[i] != "next" and bool({"first", "firstly"} & set(out)) and \
            tokens[i + 1 : i + 2] in (["the"], ["to"], ["a"], [","])  # "first the red box, second the green bin"
        if counted and (not out or out[-1] in (",", ".", ";", "and")) and \
                (listed or begins_action([t for t in tokens[i + 1 : i + 5] if t != ","])):
            out.append("first" if tokens[i] in ("first", "firstly") else "then")
            i += 2 if tokens[i + 1 : i + 2] == [","] else 1  # "first, go to ...": no clause of its own
            continue
        out.append(tokens[i])
        i += 1
    return out


_BEFORE_CALLING_OFF = frozenset({"please", "now", "ok", "okay", "robot", "just", "oh", "then", "actually", "no", "nope", "ugh", "meh",
                                 "and", "wait", "hmm", "sorry", "um", "uh", "ah", "so", "yeah", "well", "right"})


def _as_called_off(tokens: list[str]) -> list[str]:
    """A goal that only calls off what the robot is doing ("never mind", "call it off", "that's all")
    as "stop"; what a stop verb calls off is no object ("abort the mission" as "abort")."""
    words = [t for t in tokens if t[0].isalnum() and t not in ("please", "now", "ok", "okay", "robot", "just", "oh", "then")]
    words = words[2:] if words[:2] == ["thank", "you"] else words[1:] if words[:1] == ["thanks"] else words
    words = words[:-1] if words[-1:] == ["for"] else words  # "thanks, that's all for now"
    if " ".join(words) in CANCELLATIONS:
        return ["stop"]
    chunks = " ".join(t if t[0].isalnum() else "|" for t in tokens).split("|")
    said = [" ".join(w for w in chunk.split() if w not in _BEFORE_CALLING_OFF) for chunk in chunks]
    if any(said) and all(c in CANCELLATIONS for c in said if c):  # "forget it, forget all of that", "actually scrap it all"
        return ["stop"]
    out = list(tokens)
    for i in range(len(out) - 1, -1, -1):
        if out[i] not in _CALLING_OFF_VERBS or (out[i] == "call" and "off" not in out[i + 1 : i + 5]) or \
                _phrase_at(out, i, RETRACTIONS):  # "cancel that, go to the blue box": read as taken back
            continue
        j = i + 1
        while j < len(out):
            ends = j + 1 == len(out) or not out[j + 1][0].isalnum() or out[j + 1] in ("and", "off", "now", "please")
            if out[j] in _CALLED_OFF_NOUNS and ends:
                out[i : j + 2 if j + 1 < len(out) and out[j + 1] == "off" else j + 1] = ["stop"]
                break
            if out[j] not in _CALLED_OFF_MODIFIERS:
                break
            j += 1
    return out


_NOT_YET_DONE_VERBS = frozenset({"been", "visit", "use", "touch", "try", "check", "do"})


_WISH_VERBS = frozenset({"want", "wants", "like", "need", "needs", "have", "get"})
_PARTICIPLES = {"picked": "pick", "lifted": "lift", "grabbed": "grab", "collected": "collect", "fetched": "fetch",
                "put": "put", "placed": "place", "dropped": "drop", "moved": "move", "taken": "take", "brought": "bring",
                "carried": "carry", "delivered": "deliver", "stashed": "stash", "tossed": "toss"}
_WISHING = frozenset({"i", "we", "would", "do", "really", "just", "so", "now", "please"})


def _wished_done(tokens: list[str]) -> list[str]:
    """A request said as a wish for an object to be acted on: "I would like the green cube picked
    up", "I want the red cube put in the blue bin", "get the blue cube moved to the green bin": the
    action said with the object after it ("pick up the green cube")."""
    for w, t in enumerate(tokens):
        if t not in _WISH_VERBS or tokens[w + 1 : w + 2] not in (["the"], ["that"], ["this"], ["a"]):
            continue
        noun = next((k for k in range(w + 2, min(len(tokens), w + 7)) if lx.kind_of(tokens[k]) or tokens[k] == "one"), -1)
        if noun < 0 or tokens[noun + 1 : noun + 2] == [] or tokens[noun + 1] not in _PARTICIPLES:
            continue
        verb = _PARTICIPLES[tokens[noun + 1]]
        particle = ["up"] if tokens[noun + 2 : noun + 3] == ["up"] else []
        before = tokens[:w] if not all(b in _WISHING for b in tokens[:w]) else []
        return [*before, verb, *particle, *tokens[w + 1 : noun + 1], *tokens[noun + 2 + len(particle) :]]
    return tokens


_NOT_MEANT_OPENERS = (("it", "is", "not"), ("that", "is", "not"), ("it", "was", "not"), ("i", "do", "not", "want"),
                      ("i", "did", "not", "want"), ("i", "did", "not", "mean"), ("i", "do", "not", "mean"))
_MEANT_OPENERS = (("it", "is"), ("it", "was"), ("i", "want"), ("i", "meant"), ("i", "mean"), ("i", "wanted"),
                  ("i", "said"), ("i", "asked", "for"), ("i", "would", "like"), ("rather",), ("instead",))
_SPEAKERS = frozenset({"i", "you", "we"})
_CLAUSE_BREAKS = frozenset({",", ".", ";", "!", "?", ":", "but", "and"})


def _meant_phrase(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The object phrase from token i up to the clause's end, without a trailing "I want" / "I meant"
    after its noun, and where the clause ends; an empty phrase where no noun ends it."""
    end = i
    while end < len(tokens) and tokens[end] not in _CLAUSE_BREAKS:
        end += 1
    noun = next((k for k in range(end - 1, i - 1, -1) if lx.kind_of(tokens[k]) or tokens[k] in ("one", "ones")), -1)
    if noun < 0 or any(t in _SPEAKERS for t in tokens[i:noun]) or \
            (noun + 1 < end and tokens[noun + 1] not in _SPEAKERS | {"that", "which"}):
        return [], end
    return tokens[i : noun + 1], end


def _meant_instead(tokens: list[str]) -> list[str]:
    """The object meant said against one not meant: "it's not the blue box (I want), it's the
    yellow box", "I don't want the blue box, I want the yellow box", "it isn't the blue one, it's
    the yellow one": read as "not the blue box, the yellow box", the correction it is."""
    for i in range(len(tokens)):
        if i > 0 and tokens[i - 1] not in _CLAUSE_BREAKS and tokens[i - 1] not in lx.CORRECTION_MARKERS:
            continue
        opener = next((p for p in _NOT_MEANT_OPENERS if tuple(tokens[i : i + len(p)]) == p), None)
        if opener is None:
            continue
        not_meant, end = _meant_phrase(tokens, i + len(opener))
        k = end
        while k < len(tokens) and tokens[k] in (",", "but", "-"):
            k += 1
        meant_opener = next((p for p in _MEANT_OPENERS if tuple(tokens[k : k + len(p)]) == p), ())
        meant, meant_end = _meant_phrase(tokens, k + len(meant_opener))
        if not_meant and meant and k > end:
            return [*tokens[:i], "not", *not_meant, ",", *meant, *tokens[meant_end:]]
    return tokens


def _said_after_noun(tokens: list[str]) -> list[str]:
    """What a clause after a noun says about it, read as words before it: colours and sizes listed
    ("the thing that's blue and big", "the cube which is small and red": "the big blue thing"), and
    not having been to it yet ("the box you didn't visit", "the cube you haven't picked up yet": the
    other box, the one the goal's earlier steps did not name)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        out.append(t)
        i += 1
        said = _listed_attributes(tokens, i) if lx.kind_of(t) or t in lx.ANY_KIND_WORDS else None
        if said is None and (lx.kind_of(t) or t in ("one", "ones")) and out[-2:-1] != ["other"]:
            said = _not_yet_done(tokens, i)
        if said is not None:
            words, i = said
            out[-1:] = [*words, t]
    return out


def _listed_attributes(tokens: list[str], i: int) -> tuple[list[str], int] | None:
    """Two or more sizes and a colour listed from token i ("that is blue and big"), and where they end."""
    if tokens[i : i + 1] not in (["that"], ["which"]) or tokens[i + 1 : i + 2] not in (["is"], ["are"]):
        return None
    sizes: list[str] = []
    colours: list[str] = []
    j = i + 2
    while j < len(tokens):
        w = tokens[j]
        if lx.color_of(w):
            colours.append(w)
        elif w in lx.POSITIVE_LARGE_WORDS | lx.POSITIVE_SMALL_WORDS:
            sizes.append(w)
        else:
            break
        j += 1
        if tokens[j : j + 1] in (["and"], [","]) and j + 1 < len(tokens) and \
                (lx.color_of(tokens[j + 1]) or tokens[j + 1] in lx.POSITIVE_LARGE_WORDS | lx.POSITIVE_SMALL_WORDS):
            j += 1
    if len(sizes) + len(colours) >= 2 and len(colours) <= 1:
        return [*sizes, *colours], j
    return None


def _not_yet_done(tokens: list[str], i: int) -> tuple[list[str], int] | None:
    """"(that) you didn't visit", "you haven't been to yet" from token i: ["other"], and where it ends."""
    j = i + (1 if tokens[i : i + 1] in (["that"], ["which"]) else 0)
    if tokens[j : j + 1] != ["you"] or tokens[j + 1 : j + 2] not in (["did"], ["have"], ["had"], ["do"]) or \
            tokens[j + 2 : j + 3] not in (["not"], ["never"]):
        return None
    k = j + 3
    if k >= len(tokens) or not (lx.lemma(tokens[k]) in lx.ALL_CUES | _NOT_YET_DONE_VERBS
                                or lx.lemma(tokens[k]).rstrip("e") in {v.rstrip("e") for v in _NOT_YET_DONE_VERBS}):
        return None
    k += 1
    while k < len(tokens) and tokens[k] in ("to", "up", "at", "by", "yet", "already", "so", "far"):
        k += 1
    if k < len(tokens) and tokens[k][0].isalnum() and tokens[k] not in ("and", "then"):
        return None
    return ["other"], k


def _no_as_not(tokens: list[str]) -> list[str]:
    """"No red box, go to the blue box": "no" before an object said alone at a clause's start as "not
    the", as "not the red box, ..." is read; so is "no blue box" said last, after a comma or, as a
    recogniser writes it, right after the noun before it."""
    out = list(tokens)
    for i in range(len(out) - 2, -1, -1):
        after_noun = i > 0 and (lx.kind_of(out[i - 1]) is not None or out[i - 1] == "one")
        if out[i] != "no" or (i > 0 and out[i - 1][0].isalnum() and not after_noun):
            continue
        end = next((k for k in range(i + 1, min(len(out), i + 5)) if out[k] in (",", ";", ".", "-", "but")), -1)
        last = len(out)
        while last > i + 1 and out[last - 1] in ("please", "thanks", "!", "."):
            last -= 1  # "... no blue box please"
        said_last = end < 0 and i > 0 and last - i <= 4
        if after_noun and out[i - 1][0].isalnum() and not said_last:
            continue  # "go to the red box no blue box" as a recogniser writes it, without the comma: said last only
        if said_last:
            end = last  # "go to the red box, no blue box", "pick up the cube, no blue one": not that one, said last
        if end > i + 1 and any(lx.kind_of(w) or (said_last and w == "one") for w in out[i + 1 : end]) and \
                all(lx.kind_of(w) or lx.color_of(w) or (said_last and w == "one") for w in out[i + 1 : end]):
            out[i : i + 1] = ["not", "the"]
    return out


_TIDYING_WORDS = frozenset({"tidy", "clean", "clear", "declutter"})
_TIDY_PLACES = frozenset({"room", "floor", "place", "mess", "area", "everything", "things", "stuff", "up", "the", "this",
                          "all", "of", "away"})
_EVERYTHING_PUT = (("everything",), ("all", "the", "things"), ("all", "things"), ("all", "the", "objects"),
                   ("all", "the", "items"), ("all", "the", "stuff"), ("all", "of", "it"), ("all", "of", "them"),
                   ("all", "the", "small", "things"), ("all", "the", "small", "objects"), ("all", "the", "small", "items"),
                   ("all", "the", "little", "things"), ("all", "the", "loose", "things"), ("all", "the", "loose", "objects"))
# Said after "everything" of what can be carried, which is all it puts anyway: "everything you can carry"
_CARRYABLE_CLAUSES = tuple(tuple(f"{that}you {can} {verb}".split())
                           for that in ("", "that ", "which ") for can in ("can", "are able to")
                           for verb in ("carry", "pick up", "lift", "grab", "hold", "move", "hold of", "get hold of", "take")) + \
    tuple(tuple(c.split()) for c in ("that fits", "that fit", "that will fit", "that would fit", "that can fit", "small enough",
                                     "that is small enough", "that are small enough", "that can be carried",
                                     "that can be picked up"))


_RIDDANCES = (("get", "rid", "of"), ("dispose", "of"), ("trash",), ("chuck",), ("ditch",), ("bin",), ("discard",),
              ("dump",), ("scrap",), ("throw", "away"), ("throw", "out"))


def _riddances_as_puts(tokens: list[str]) -> list[str]:
    """"get rid of it", "bin that", "dispose of the red cube": each such request as "put ... away"
    (not "get rid of the red box": nothing carried is named)."""
    k = 0
    while k < len(tokens):
        riddance = next((r for r in _RIDDANCES if tuple(tokens[k : k + len(r)]) == r), None)
        if riddance is None or (k > 0 and tokens[k - 1] not in (",", ".", ";", "and", "then", "please", "just")):
            k += 1  # a verb only at a request's start
            continue
        end = _span_end(tokens, k + len(riddance), at_and=True)
        thing = tokens[k + len(riddance) : end]
        if thing and all(w not in ("in", "into", "inside") for w in thing) and \
                any(_carried(w) or w in ("it", "them", "that", "this", "those", "these", "everything") for w in thing):
            tokens = [*tokens[:k], "put", *thing, "away", *tokens[end:]]
        k += 1
    return tokens


def _tidy_up_said(tokens: list[str]) -> str:
    """"plainly" when the words ask only to tidy up ("tidy up", "clean up the room please"), "slowly" when they ask it
    at a slow pace ("tidy up slowly", "slowly clean up"), '' otherwise."""
    words = [t for t in tokens if t[0].isalnum() and t not in ("please", "now", "ok", "okay", "robot", "just", "can", "you",
                                                              "could", "would")]
    paced = [w for w in words if w not in lx.SLOW_WORDS and w not in ("but", "and", "do", "it", "very", "really", "nice")]
    slow = len(paced) < len(words) and any(w in lx.SLOW_WORDS for w in words)
    if paced and paced[0] in _TIDYING_WORDS and all(w in _TIDY_PLACES for w in paced[1:]) and (slow or paced == words):
        return "slowly" if slow else "plainly"
    return ""


def asks_to_tidy_up(goal: str) -> bool:
    """Whether a goal asks only to tidy up, put away everything the arm can carry ("tidy up please", "clean up the room")."""
    return _tidy_up_said(tokenize_or_empty(goal.lower())) == "plainly"


def _tidied_up(tokens: list[str]) -> list[str]:
    """"Tidy up", "clean up the room", "clear the floor": put everything the arm can carry away (cubes
    and cans, into a bin); "put everything (you can carry) in the green bin" puts every one of them
    there; "get rid of it", "dispose of the red cube": put it away."""
    tidy = _tidy_up_said(tokens)
    if tidy:
        return ["put", "all", "the", "things", "away", *([",", "slowly"] if tidy == "slowly" else [])]  # "tidy up slowly": every step
    tokens = _riddances_as_puts(tokens)
    out = list(tokens)
    for i in range(len(out) - 1):
        if lx.lemma(out[i]) not in ("put", "place", "move", "stash", "store", "stow", "drop"):
            continue
        said_except = next((e for e in _EVERYTHING_EXCEPT if tuple(out[i + 1 : i + 1 + len(e)]) == e), None)
        if said_except is not None:  # "put everything but (apart from) the red cube in the green bin"
            out[i + 1 : i + 1 + len(said_except)] = ["all", "the", "things", "except"]
            break
        if out[i + 1 : i + 3] in (["all", "but"], ["all", "except"]):
            kind = next((lx.kind_of(w) for w in out[i + 3 : i + 7] if lx.kind_of(w)), None)
            if kind in GRASPABLE_LABELS:  # "put all but the red cube in the green bin": every cube except it
                out[i + 1 : i + 3] = ["every", _kind_token(kind), "except"]
                break
        first = i + 2 if out[i + 1] == "away" else i + 1  # "put away everything"
        run = next((r for r in _EVERYTHING_PUT if tuple(out[first : first + len(r)]) == r), None)
        if run is None:
            continue
        end = first + len(run)
        colour = [out[end]] if end < len(out) and lx.color_of(out[end]) and run == ("everything",) else []
        end += len(colour)  # "put everything red in the red bin"
        told = next((c for c in _CARRYABLE_CLAUSES if tuple(out[end : end + len(c)]) == c), ())
        end += len(told)  # "everything you can carry", "all the things that fit"
        if end == len(out) or out[end] in ("in", "into", "away", "inside", ".", "!", "please"):
            out[i + 1 : end] = ["all", "the", *colour, "things", *(["away"] if first == i + 2 else [])]
            break
    return out


_EVERYTHING_EXCEPT = tuple(("everything", *e) for e in (("but",), ("except",), ("except", "for"), ("apart", "from"),
                                                        ("other", "than"), ("besides",), ("excluding",), ("aside", "from"),
                                                        ("save", "for"), ("bar",)))
_PUT_VERBS = frozenset({"put", "place", "move", "stash", "store", "stow", "drop", "throw", "toss", "dump"})
_EVERY_SAID = lx.EVERY_WORDS | {"everything"}
_TRAILING_EXCEPTIONS = (("except", "for"), ("except",), ("apart", "from"), ("aside", "from"), ("other", "than"), ("besides",),
                        ("excluding",), ("but", "not"), ("not", "including"), ("save", "for"), ("minus",))


def _exception_after_the_place(tokens: list[str]) -> list[str]:
    """"Put all the cubes in the green bin except the red one": the exception said after the bin
    narrows the things put, as "put all the cubes except the red one in the green bin" says it (never
    a bin that is not the one named)."""
    for i, t in enumerate(tokens):
        if lx.lemma(t) not in _PUT_VERBS:
            continue
        end = _span_end(tokens, i + 1)
        into = next((k for k in range(i + 2, end) if tokens[k] in ("in", "into", "inside")), -1)
        if into < 0 or not _EVERY_SAID & set(tokens[i + 1 : into]):
            continue
        for k in range(into + 1, end):
            lead = next((e for e in _TRAILING_EXCEPTIONS if tuple(tokens[k : k + len(e)]) == e), None)
            if lead is None:
                continue
            stop = next((m for m in range(k + len(lead), end) if tokens[m] in (",", ";", ".", "and", "then", "but") and
                         (begins_action(tokens[m + 1 :]) or tokens[m + 1 : m + 2] in (["do"], ["never"], ["not"], ["dont"]))),
                        end)  # "... except the white one and do not go near the black can": the exception ends there
            named = tokens[k + len(lead) : stop]
            if not any(lx.kind_of(w) or w in ("one", "ones") or lx.color_of(w) for w in named):
                break
            place = [w for w in tokens[into:k] if w != ","]
            kind = next((lx.kind_of(w) for w in named if lx.kind_of(w)), None)
            group = next((g for g in range(into - 1, i, -1) if kind and lx.kind_of(tokens[g]) == kind), into - 1)
            # "put every cube and every can in the bin except the red cube": the cubes but the red one
            return [*tokens[: group + 1], "except", *named, *tokens[group + 1 : into], *place, *tokens[stop:]]
    return tokens


def _second_put_said_without_its_verb(tokens: list[str]) -> list[str]:
    """"Put the cubes in the red bin and the cans in the blue bin": the second group put as said with its
    own verb ("... and put the cans in the blue bin"), so each group goes to its own bin."""
    verb = next((i for i, t in enumerate(tokens) if lx.lemma(t) in _PUT_VERBS), -1)
    if verb < 0:
        return tokens
    for k in range(verb + 2, len(tokens) - 3):
        if tokens[k] != "and" or not any(w in ("in", "into") for w in tokens[verb + 1 : k]):
            continue
        into = next((j for j in range(k + 1, min(len(tokens), k + 8)) if tokens[j] in ("in", "into", "inside")), -1)
        group = tokens[k + 1 : into]
        if into < 0 or not group or lx.lemma(group[0]) in lx.ALL_CUES or not any(lx.kind_of(w) for w in group):
            continue
        if any(lx.is_plural_kind(w) or w in _EVERY_SAID for w in [*group, *tokens[verb + 1 : k]]):
            return [*tokens[: k + 1], tokens[verb], *tokens[k + 1 :]]
    return tokens


def _in_too(tokens: list[str]) -> list[str]:
    """"Drop the purple can in the bin, then grab the white one and drop it in too": "in" with no bin
    said after a put into a bin is into that bin."""
    for k in range(2, len(tokens)):
        start = max((j + 1 for j in range(k) if tokens[j] in _SEGMENT_ENDS | {"and"}), default=0)
        if tokens[k] != "in" or not any(lx.lemma(w) in _PUT_VERBS for w in tokens[start:k]) or \
                any(lx.kind_of(w) == "bin" for w in tokens[start:k]):
            continue
        rest = tokens[k + 1 : _span_end(tokens, k + 1, at_and=True)]
        if (rest and rest[0] not in ("too", "also", "as", "there", "again")) or any(lx.kind_of(w) for w in rest):
            continue
        bin_at = next((j for j in range(k - 3, -1, -1) if lx.kind_of(tokens[j]) == "bin"), -1)
        if bin_at < 0:
            continue
        after = k + 1 + (rest[:1] == ["there"])  # "put the purple can in there too"
        return [*tokens[: k + 1], "the", *tokens[_phrase_start(tokens, bin_at) : bin_at + 1], *tokens[after:]]
    return tokens


_DROP_OFF_VERBS = frozenset({"drop", "leave", "deposit", "dump", "put", "place", "stash", "set"})


def _dropped_at(tokens: list[str]) -> list[str]:
    """"Drop it (off) at the yellow bin", "leave the cube at the green bin": into that bin. "Put the red
    cube back" says no bin: asked where (it is no request to go back)."""
    for i, t in enumerate(tokens):
        end = _span_end(tokens, i + 1, at_and=True)
        if lx.lemma(t) in ("put", "place", "set") and end - 1 > i + 1 and tokens[end - 1] == "back" and \
                any(_carried(w) or w in ("it", "them") for w in tokens[i + 1 : end - 1]) and \
                not set(tokens[i + 1 : end]) & {"in", "into", "inside", "to", "where", "on"}:
            raise GoalRefused("where should it go? Name the bin, e.g. 'put the red cube in the green bin'")
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t != "at" or not any(lx.kind_of(w) == "bin" for w in tokens[i + 1 : i + 5]):
            continue
        start = max((k + 1 for k in range(i) if tokens[k] in _SEGMENT_ENDS | {"and"}), default=0)
        verb = next((k for k in range(start, i) if lx.lemma(tokens[k]) in _DROP_OFF_VERBS), -1)
        if verb >= 0 and any(w in ("it", "them") or _carried(w) for w in tokens[verb + 1 : i]):
            out[i] = "in"
            if out[i - 1] == "off":
                out[i - 1] = ""
    return [t for t in out if t]


_ENSURE_OPENERS = (("make", "sure"), ("make", "certain"), ("ensure",), ("see", "to", "it"), ("see", "that"))


def _ensured_in(tokens: list[str]) -> list[str]:
    """"Make sure the red cube is in the green bin", "ensure that the cubes are in the yellow bin":
    a state to bring about, as "... ends up in ..." is read (not a question of whether it is)."""
    for opener in _ENSURE_OPENERS:
        at = next((k for k in range(len(tokens)) if tuple(tokens[k : k + len(opener)]) == opener), -1)
        if at < 0:
            continue
        end = _span_end(tokens, at + len(opener))
        for k in range(at + len(opener), end - 1):
            if tokens[k] in ("is", "are") and tokens[k + 1] in ("in", "into", "inside") and \
                    any(_carried(w) for w in tokens[at + len(opener) : k]):
                return [*tokens[:k], "ends", "up", *tokens[k + 1 :]]
    return tokens


_CLEARANCE_UNITS = frozenset({"m", "meter", "meters", "metre", "metres", "foot", "feet", "yard", "yards"})
_KEEP_CLEAR_OF = (("take", "a", "detour", "around"), ("make", "a", "detour", "around"), ("detour", "around"),
                  *(tuple(p.split()) for p in lx.WARNING_LOOKOUTS), ("beware", "of"), ("be", "careful", "of"),
                  ("be", "careful", "around"), ("be", "careful", "near"), ("careful", "of"), ("careful", "around"))
_NOT_TO_BE_TOUCHED = frozenset({"touched", "hit", "bumped", "disturbed", "knocked", "rammed"})
_ANY_COLLISION = (("avoiding", "collisions"), ("avoid", "collisions"), ("avoiding", "any", "collisions"),
                  ("avoid", "any", "collisions"), ("no", "collisions"), ("without", "collisions"), ("with", "no", "bumping"),
                  ("with", "no", "collisions"), ("avoiding", "obstacles"), ("avoid", "obstacles"))


def _kept_clear(tokens: list[str]) -> list[str]:
    """Other ways of saying to keep away from an object, as "avoid": "watch out for the red cube",
    "mind the red cube" (with nothing said about seeing it: that is a watch), "take a detour around
    the red cube", "keep at least a metre from the red box", "the red box must not be touched";
    "under no circumstances" as "never"; and a collision with nothing named ("avoiding collisions",
    "with no bumping"), which the shield prevents anyway, left out."""
    out: list[str] = []
    watching = bool({"see", "seen", "spot", "spots", "sight", "appears", "shows", "stop"} & set(tokens))
    i = 0
    while i < len(tokens):
        t = tokens[i]
        run = next((r for r in _ANY_COLLISION if tuple(tokens[i : i + len(r)]) == r), None)
        if run is not None and not any(lx.kind_of(w) or w in lx.ANY_KIND_WORDS for w in tokens[i + len(run) : i + len(run) + 3]):
            i += len(run)
            continue
        if tokens[i : i + 3] == ["under", "no", "circumstances"] or tokens[i : i + 3] == ["under", "no", "circumstance"]:
            out.append("never")
            i += 3
            continue
        clear = next((r for r in _KEEP_CLEAR_OF if tuple(tokens[i : i + len(r)]) == r), None)
        if clear is not None and (not watching or clear[-1] == "around") and \
                (i == 0 or not out or out[-1] in (",", ".", ";", "and", "but", "please", "just", "then")):
            out.append("avoid")
            i += len(clear)
            continue
        if t == "mind" and tokens[i + 1 : i + 2] in (["the"], ["that"], ["those"]) and not watching and \
                (not out or out[-1] in (",", ".", ";", "and", "but", "please", "just")):
            out.append("avoid")
            i += 1
            continue
        if lx.lemma(t) in ("keep", "stay", "remain") and i + 3 < len(tokens):  # "keep at least a metre from the red box"
            k = i + 1
            while k < len(tokens) and (tokens[k] in ("at", "least", "a", "an", "about", "some", "good", "safe", "distance",
                                                      "of", "well", "more", "than", "over")
                                       or _word_number(tokens[k]) is not None):
                k += 1
            if k > i + 1 and k < len(tokens) and tokens[k] in _CLEARANCE_UNITS:
                k += 1
                k += 1 if tokens[k : k + 1] == ["away"] else 0
                if tokens[k : k + 1] == ["from"]:
                    out += [t, "away", "from"]
                    i = k + 1
                    continue
        if t in ("must", "should", "may", "can", "shall", "will") and tokens[i + 1 : i + 3] in (["not", "be"], ["never", "be"]) \
                and tokens[i + 3 : i + 4] and tokens[i + 3] in _NOT_TO_BE_TOUCHED and out and lx.kind_of(out[-1]):
            out += ["is", "off", "limits"]  # "the red box must not be touched"
            i += 4
            continue
        out.append(t)
        i += 1
    return out


_LOST_SAYINGS = (("i", "lost"), ("i", "have", "lost"), ("i", "misplaced"), ("i", "have", "misplaced"),
                 ("i", "can", "not", "find"), ("i", "could", "not", "find"), ("i", "do", "not", "know", "where"),
                 ("i", "can", "not", "see"), ("we", "lost"), ("we", "can", "not", "find"))


_IN_PLACE = (("without", "moving"), ("without", "driving"), ("without", "going", "anywhere"), ("from", "where", "you", "are"),
             ("from", "here"), ("in", "place"), ("without", "leaving", "your", "spot"), ("without", "moving", "from", "here"))


def _looked_for_in_place(tokens: list[str]) -> list[str]:
    """"Look for the purple box without moving", "... from where you are": a search, turning in place,
    and no drive to what it finds (as "..., but do not go to it")."""
    lemmas = [lx.lemma(t) for t in tokens]
    if not set(lemmas) & set(lx.ACTION_CUES["find"]):
        return tokens
    for i in range(len(tokens)):
        said = next((p for p in _IN_PLACE if tuple(tokens[i : i + len(p)]) == p), None)
        if said is not None and any(lx.lemma(w) in lx.ACTION_CUES["find"] for w in tokens[:i]):
            return [*tokens[:i], ",", "but", "do", "not", "go", "to", "it", *tokens[i + len(said) :]]
    return tokens


def _lost_as_find(tokens: list[str]) -> list[str]:
    """"I lost the purple box, can you find it?", "I can't find the purple box, help me look": said to
    have the robot look for it, as "find the purple box" (a request after it that only asks for the
    same look adds nothing)."""
    said = next((p for p in _LOST_SAYINGS if tuple(tokens[: len(p)]) == p), None)
    if said is None:
        return tokens
    end = _span_end(tokens, len(said))
    thing = [t for t in tokens[len(said) : end] if t not in ("is", "are", "went", "it")]
    if not any(lx.kind_of(t) for t in thing):
        return tokens
    rest = tokens[end:]
    words = [t for t in rest if t[0].isalnum() and t not in ("can", "could", "you", "please", "help", "me", "for", "it",
                                                             "them", "to", "would", "will", "and")]
    if words[:1] in (["where"], ["wheres"]):
        return ["where", "is", *thing, "?"]  # "I can't see the green cube, where is it?": asked, not to be looked for
    if all(lx.lemma(w) in lx.ACTION_CUES["find"] for w in words):
        rest = []  # "..., can you find it?", "..., help me look for it"
    return ["find", *thing, *rest]


_FIRST_PLACE = (("the", "first", "one"), ("the", "first", "object"), ("the", "first", "place"), ("the", "first", "thing"))


_EARLIER_PLACE = (("the", "previous", "one"), ("the", "one", "before"), ("the", "previous", "object"),
                  ("the", "one", "you", "were", "at", "before"), ("the", "same", "one"))


def _named_before(tokens: list[str], i: int) -> list[list[str]]:
    """The objects named before token i, in order, each as its words ("red box"), each once."""
    named: list[list[str]] = []
    for k in range(i):
        if lx.kind_of(tokens[k]) and not lx.is_plural_kind(tokens[k]):
            words = tokens[_phrase_start(tokens, k) : k + 1]
            named = [n for n in named if n != words] + [words]
    return named


def _back_to_the_first(tokens: list[str]) -> list[str]:
    """"..., and then back to the first one": the object the goal named first, not the first object in
    a row; "back to the previous one", "the one before": the one named before the last; "the same one
    (again)": the last. "The way you came" is left out: the robot plans its own way back."""
    out = list(tokens)
    for i in range(1, len(out)):
        said = next((p for p in _EARLIER_PLACE if tuple(out[i : i + len(p)]) == p), None)
        if said is None:
            continue
        named = _named_before(out, i)
        if not named:
            break
        pick = named[-1] if said[1] == "same" or len(named) == 1 else named[-2]
        return [*out[:i], "the", *pick, *out[i + len(said) :]]
    for way in (("the", "way", "you", "came"), ("the", "same", "way"), ("by", "the", "same", "route")):
        at = next((k for k in range(len(out)) if tuple(out[k : k + len(way)]) == way), -1)
        if at > 0 and "back" in out[:at]:
            out[at : at + len(way)] = []
    for i in range(1, len(out)):
        said = next((p for p in _FIRST_PLACE if tuple(out[i : i + len(p)]) == p), None)
        if said is None or not ({"back", "again", "return", "returning"} & set(out[max(0, i - 3) : i + len(said) + 2])):
            continue
        noun = next((k for k in range(i) if lx.kind_of(out[k])), -1)
        if noun < 0:
            continue
        return [*out[:i], "the", *out[_phrase_start(out, noun) : noun + 1], *out[i + len(said) :]]
    return out


_UNTIL_REACHED: tuple[tuple[str, ...], ...] = (
                  ("do", "not", "stop", "until", "you", "reach"), ("do", "not", "stop", "until", "you", "get", "to"),
                  ("do", "not", "stop", "until", "you", "are", "at"), ("keep", "going", "until", "you", "reach"),
                  ("keep", "going", "until", "you", "get", "to"), ("keep", "driving", "until", "you", "reach"),
                  ("keep", "driving", "until", "you", "get", "to"), ("keep", "moving", "until", "you", "reach"),
                  ("keep", "going", "until", "you", "are", "at"), ("go", "on", "until", "you", "reach"),
                  ("never", "stop", "until", "you", "reach"))
_UNTIL_REACHED = tuple(dict.fromkeys(  # "get to" is read as "go to" before these; "till" is "until"
    (*_UNTIL_REACHED, *(tuple("go" if w == "get" else w for w in p) for p in _UNTIL_REACHED),
     *(tuple("till" if w == "until" else w for w in p) for p in _UNTIL_REACHED),
     *(tuple("till" if w == "until" else "go" if w == "get" else w for w in p) for p in _UNTIL_REACHED))))


def _until_reached(tokens: list[str]) -> list[str]:
    """"Don't stop until you reach the blue box", "keep going until you get to the green bin": go
    there (not a prohibition of stopping)."""
    for said in _UNTIL_REACHED:
        at = next((k for k in range(len(tokens)) if tuple(tokens[k : k + len(said)]) == said), -1)
        if at >= 0:
            return [*tokens[:at], "go", "to", *tokens[at + len(said) :]]
    return tokens


_TURN_IDIOMS = ((("do", "a", "180"), ["turn", "around"]), (("do", "a", "one", "eighty"), ["turn", "around"]),
                (("do", "a", "360"), ["turn", "360", "degrees"]), (("do", "a", "full", "circle"), ["turn", "360", "degrees"]),
                (("do", "a", "full", "turn"), ["turn", "360", "degrees"]), (("do", "a", "full", "spin"), ["turn", "360", "degrees"]),
                (("do", "a", "spin"), ["turn", "360", "degrees"]), (("turn", "in", "a", "full", "circle"), ["turn", "360", "degrees"]),
                (("hang", "a", "left"), ["turn", "left"]), (("hang", "a", "right"), ["turn", "right"]),
                (("take", "a", "left"), ["turn", "left"]), (("take", "a", "right"), ["turn", "right"]),
                (("make", "a", "left"), ["turn", "left"]), (("make", "a", "right"), ["turn", "right"]),
                (("face", "the", "other", "way"), ["turn", "around"]), (("face", "the", "opposite", "way"), ["turn", "around"]),
                (("face", "the", "opposite", "direction"), ["turn", "around"]), (("spin", "round"), ["spin", "around"]),
                (("come", "on", "back"), ["come", "back"]), (("back", "off"), ["back", "up"]),
                (("straight", "on"), ["go", "forward"]))
_SIDEWAYS = frozenset({"strafe", "strafing", "sideways", "sidestep", "crab"})
_SPOT_NOUNS = frozenset({"point", "spot", "place", "position", "location", "midpoint", "middle", "centre", "center"})


_AWAY_VERBS = frozenset({"back", "move", "drive", "get", "go", "step", "roll", "reverse", "pull", "retreat", "come"})
BACK_AWAY_M = "0.5"  # how far "back away from the ball" backs up [m]


def _backed_away(tokens: list[str]) -> list[str]:
    """"Back away from the ball", "move away from it", "get away from the box" as a clause of its own:
    back up half a metre (objects in view are ahead of the camera) and keep away from it after."""
    for i in range(len(tokens) - 3):
        if lx.lemma(tokens[i]) not in _AWAY_VERBS or (i > 0 and tokens[i - 1] not in (",", ".", ";", "!", "and", "then", "please",
                                                                                      "just", "so", "now")):
            continue
        k = i + 1 + (tokens[i + 1] in ("back", "yourself", "right", "straight"))
        if tokens[k : k + 2] != ["away", "from"]:
            continue
        end = _span_end(tokens, k + 2, at_and=True)
        thing = tokens[k + 2 : end]
        if thing and any(lx.kind_of(w) or w in ("it", "them", "that", "this") for w in thing) and \
                not set(thing) & {"to", "towards", "toward", "into", "while", "until"}:
            noun = next((j for j in range(i - 1, -1, -1) if lx.kind_of(tokens[j])), -1)
            if thing in (["it"], ["that"], ["this"]) and noun >= 0:  # "the red cube is too close, move away from it"
                thing = tokens[_phrase_start(tokens, noun) : noun + 1]
            return [*tokens[:i], "back", "up", BACK_AWAY_M, "m", ",", "keep", "away", "from", *thing, *tokens[end:]]
    return tokens


def _motion_idioms(tokens: list[str]) -> list[str]:
    """"Do a 180" (turn around), "do a full circle" (turn 360 degrees); refused with the reason: moving
    sideways (the base turns and drives), a spot between objects, a set distance towards an object
    ("go 1 metre towards the red box": part of the way). "Stop 1 metre before the blue box" goes to
    it (the skills stop in front of objects at their own distance)."""
    for run, said in _TURN_IDIOMS:
        at = next((k for k in range(len(tokens)) if tuple(tokens[k : k + len(run)]) == run), -1)
        if at >= 0:
            tokens = [*tokens[:at], *said, *tokens[at + len(run) :]]
    words = [t for t in tokens if t[0].isalnum() and t not in ("please", "now", "robot")]
    if words and words[0] in ("forward", "forwards", "onward", "onwards", "backward", "backwards") and \
            all(_DIGITS.fullmatch(w) or w in DISTANCE_UNITS_M or w in lx.NUMBER_WORDS or w in ("a", "bit", "little", "half")
                for w in words[1:]):
        tokens = ["go", *tokens]  # "forward!", "forward 1 m": a drive that way
    if set(tokens) & _SIDEWAYS:
        raise GoalRefused("I can't move sideways: I turn and drive; say e.g. 'turn left, then drive 1 metre'")
    for k in range(len(tokens) - 2):
        if tokens[k] in _SPOT_NOUNS and tokens[k + 1] in ("between", "halfway") and any(lx.kind_of(t) for t in tokens[k + 2 :]):
            raise GoalRefused("I can go to an object, not to a place between objects; name one of them")
        if _word_number(tokens[k]) is not None and tokens[k + 1] in _CLEARANCE_UNITS and \
                tokens[k + 2 : k + 3] in (["towards"], ["toward"], ["closer"], ["nearer"]) and \
                any(lx.kind_of(t) for t in tokens[k + 3 : k + 8]):
            raise GoalRefused("I can drive to an object, or a set distance ('drive 1 metre forward'), not part of the "
                              "way to it")
    for k in range(len(tokens) - 3):
        if tokens[k] == "stop" and _word_number(tokens[k + 1]) is not None and tokens[k + 2] in _CLEARANCE_UNITS | {"cm"} and \
                tokens[k + 3] in ("before", "short", "in", "from", "away"):
            return [*tokens[:k], "go", "to", *[t for t in tokens[k + 3 :] if t not in ("before", "short", "of", "in", "front",
                                                                                       "from", "away")]]
    return tokens


_ONCE_HELD = (("once",), ("after",), ("when",), ("as", "soon", "as"))
_HOLDING_ASIDES = (("while", "holding", "it"), ("while", "carrying", "it"), ("while", "holding", "them"),
                   ("holding", "it"), ("with", "it", "in", "your", "gripper"))


def _without_held_asides(tokens: list[str]) -> list[str]:
    """"Put the red cube in the green bin once you've picked it up", "pick up the cube and, while
    holding it, go to the box": saying it is held between the steps adds nothing (a put picks first)."""
    out = list(tokens)
    for i in range(len(out)):
        lead = next((p for p in _ONCE_HELD if tuple(out[i : i + len(p)]) == p), None)
        if lead is None or out[i + len(lead) : i + len(lead) + 1] != ["you"]:
            continue
        k = i + len(lead) + 1 + (1 if out[i + len(lead) + 1 : i + len(lead) + 2] == ["have"] else 0)
        if k < len(out) and out[k] in ("picked", "pick", "grabbed", "grab", "got", "get", "taken", "lifted", "lift") and \
                out[k + 1 : k + 2] in (["it"], ["them"]):
            end = k + 2 + (1 if out[k + 2 : k + 3] == ["up"] else 0)
            if (end == len(out) or not out[end][0].isalnum()) and i > 0:
                return [*out[:i], *out[end:]]
    for i in range(len(out)):
        aside = next((p for p in _HOLDING_ASIDES if tuple(out[i : i + len(p)]) == p), None)
        if aside is not None and i > 0 and out[i - 1] in (",", "and") and \
                out[i + len(aside) : i + len(aside) + 1] in ([","], ["go"], ["drive"], ["head"], ["move"]):
            return [*out[:i], *out[i + len(aside) + (1 if out[i + len(aside)] == "," else 0) :]]
    return out


_STARTING = (("starting", "with"), ("starting", "from"), ("starting", "at"), ("beginning", "with"), ("start", "with"))
_FIRST_BY = {"farthest": "farthest", "furthest": "farthest", "left": "left", "leftmost": "left", "right": "right",
             "rightmost": "right", "nearest": "", "closest": ""}


def _starting_with(tokens: list[str]) -> list[str]:
    """"Visit the bins starting with the farthest (one)" as "farthest first"; "go to the bins starting
    with the yellow one" as "go to the yellow bin, then the other bins"."""
    for i in range(1, len(tokens) - 1):
        run = next((r for r in _STARTING if tuple(tokens[i : i + len(r)]) == r), None)
        if run is None:
            continue
        k = i + len(run) + (1 if tokens[i + len(run) : i + len(run) + 1] == ["the"] else 0)
        end = _span_end(tokens, k, at_and=True)
        said = [t for t in tokens[k:end] if t not in ("one", "ones")]
        before = [t for t in tokens[:i] if t != ","]
        if len(said) == 1 and said[0] in _FIRST_BY:
            order = [_FIRST_BY[said[0]], "first"] if _FIRST_BY[said[0]] else []
            return [*before, *order, *tokens[end:]]
        plural = next((j for j in range(len(before) - 1, -1, -1) if lx.is_plural_kind(before[j]) or
                       (lx.kind_of(before[j]) and j > 0 and before[j - 1] in ("every", "each"))), -1)
        if said and all(lx.color_of(t) for t in said) and plural >= 0:
            start = _phrase_start(before, plural)
            start -= 1 if start > 0 and before[start - 1] in _DEFINITE else 0
            noun = before[plural]
            if not lx.is_plural_kind(noun):  # "visit every box, starting with the red one"
                start -= 1 if before[start] not in ("every", "each") else 0
                noun, single = noun + ("es" if noun.endswith(("x", "s", "sh", "ch")) else "s"), noun
            else:
                single = noun[:-2] if noun.endswith("xes") else noun[:-1]
            return [*before[:start], "the", *said, single, ",", "then", "the", "other", noun, *before[plural + 1 :],
                    *tokens[end:]]
    return tokens


def _pick_verb_at(tokens: list[str], k: int) -> int:
    """How many tokens a verb of picking up spans at token k ("pick up", "grab", "take"), or 0."""
    if k >= len(tokens) or lx.lemma(tokens[k]) not in lx.ACTION_CUES["pick"]:
        return 0
    return 2 if tokens[k + 1 : k + 2] == ["up"] else 1


def _picked_then_put(tokens: list[str]) -> list[str]:
    """"Pick up the red cube and the blue cube and put them in the yellow bin": put each in turn (the
    gripper holds one at a time), as "put the red cube and the blue cube in the yellow bin" is read."""
    opener = _pick_verb_at(tokens, 0)
    if not opener:
        return tokens
    for k in range(opener + 1, len(tokens) - 2):
        if tokens[k] != "and" or lx.lemma(tokens[k + 1]) not in lx.ACTION_CUES["place"] or \
                tokens[k + 2 : k + 3] not in (["them"], ["both"], ["all"]):
            continue
        things = tokens[opener:k]
        for aside in (["one", "by", "one"], ["one", "at", "a", "time"]):  # each in turn anyway
            at = next((j for j in range(len(things)) if things[j : j + len(aside)] == aside), -1)
            things = things[:at] + things[at + len(aside) :] if at >= 0 else things
        nouns = [t for t in things if _carried(t)]
        if len(nouns) >= 2 or any(lx.is_plural_kind(t) for t in nouns):
            return [tokens[k + 1], *things, *tokens[k + 3 :]]
    return tokens


_GETTING_READY = (("get", "ready", "to"), ("get", "in", "position", "to"), ("get", "into", "position", "to"),
                  ("position", "yourself", "to"), ("prepare", "to"), ("be", "ready", "to"), ("line", "up", "to"))


def _ready_to_pick(tokens: list[str]) -> list[str]:
    """"Get ready to pick up the red cube", "get in position to grab it": line up with it, not pick it
    up (approach); "get close enough to the red cube to pick it up" likewise."""
    for i in range(len(tokens)):
        ready = next((r for r in _GETTING_READY if tuple(tokens[i : i + len(r)]) == r), None)
        if ready is None:
            continue
        k = i + len(ready)
        verb = _pick_verb_at(tokens, k)
        if verb:
            return [*tokens[:i], "approach", *tokens[k + verb :]]
    for i in range(len(tokens) - 3):
        if tokens[i : i + 4] in (["get", "close", "enough", "to"], ["get", "near", "enough", "to"]):
            end = _span_end(tokens, i + 4, at_and=True)
            purpose = next((j for j in range(i + 5, end) if tokens[j] == "to" and _pick_verb_at(tokens, j + 1)), end)
            return [*tokens[:i], "approach", *tokens[i + 4 : purpose], *tokens[end:]]
    return tokens


_BARE_TURNS = {("left",): ["turn", "left"], ("right",): ["turn", "right"], ("forward",): ["go", "forward"],
               ("forwards",): ["go", "forward"], ("ahead",): ["go", "forward"], ("straight",): ["go", "forward"],
               ("straight", "ahead"): ["go", "forward"], ("straight", "on"): ["go", "forward"]}


def _bare_directions(tokens: list[str]) -> list[str]:
    """A later step of a route said as a direction alone ("go forward, then left, then forward
    again", "..., forward 1 m"): a turn that way, or a drive that way."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        end = _span_end(tokens, i)  # not at "and": "turn left and right" is asked about
        if end == i:
            out.append(tokens[i])
            i += 1
            continue
        lead = 1 if tokens[i] == "then" else 0
        said = tuple(t for t in tokens[i + lead : end] if t not in ("again", "please"))
        if said in _BARE_TURNS and i > 0:
            out += [*tokens[i : i + lead], *_BARE_TURNS[said]]
        elif i > 0 and said[:1] in (("forward",), ("forwards",), ("ahead",), ("back",), ("backward",), ("backwards",)) and \
                len(said) > 1 and all(_word_number(t) is not None or t in DISTANCE_UNITS_M or t in ("a", "and", "half")
                                      for t in said[1:]):
            out += [*tokens[i : i + lead], "go", *said]  # "..., forward 1 m"
        else:
            out += tokens[i:end]
        i = end
    return out


_EMPTY_SAID_AFTER = (("with", "nothing", "in", "it"), ("that", "has", "nothing", "in", "it"), ("with", "nothing", "inside"),
                     ("which", "has", "nothing", "in", "it"), ("with", "nothing", "in"))
_FULL_SAID_AFTER = tuple(tuple(f"{who} {something} {inside}".split()) for who in ("with", "that has", "which has")
                        for something in ("something", "stuff", "anything") for inside in ("in it", "inside it", "inside"))
_CHOOSING = frozenset({"like", "want", "prefer", "choose", "wish", "fancy", "pick"})


def _free_choices(tokens: list[str]) -> list[str]:
    """"The bin with nothing in it": the empty bin (and "with something in it" the full one);
    "whatever bin you like": any bin (the nearest); "go to everything": every object;
    "look around (you)" with nothing to look for: a whole turn in place."""
    out = list(tokens)
    for i in range(len(out)):
        if not lx.kind_of(out[i]):
            continue
        said = next((r for r in _EMPTY_SAID_AFTER if tuple(out[i + 1 : i + 1 + len(r)]) == r), None)
        if said is not None:
            return [*out[:i], "empty", out[i], *out[i + 1 + len(said) :]]
        full = next((r for r in _FULL_SAID_AFTER if tuple(out[i + 1 : i + 1 + len(r)]) == r), None)
        if full is not None:
            return [*out[:i], "full", out[i], *out[i + 1 + len(full) :]]
        if out[i + 1 : i + 2] in (["that"], ["which"]) and out[i + 2 : i + 3] in (["already"], ["still"]):
            return _free_choices([*out[: i + 2], *out[i + 3 :]])  # "the bin that already has a cube"
        if i > 0 and out[i - 1] in ("whatever", "whichever") and out[i + 1 : i + 2] == ["you"] and \
                out[i + 2 : i + 3] and out[i + 2] in _CHOOSING:
            return [*out[: i - 1], "any", out[i], *out[i + 3 :]]
    for i in range(1, len(out)):
        if out[i] == "everything" and (lx.lemma(out[i - 1]) == "visit" or (
                out[i - 1] == "to" and any(lx.lemma(w) in _GO_VERBS for w in out[max(0, i - 4) : i - 1]))):
            out[i : i + 1] = ["every", "object"]  # "go to everything", "visit everything": every object in view
    words = [t for t in out if t[0].isalnum() and t not in ("please", "now", "just", "have", "take", "a", "all")]
    if words in (["look", "around"], ["look", "around", "you"], ["look", "round"], ["look", "about"]):
        return ["turn", "360", "degrees"]
    return out


_MOVING_VERBS = frozenset({"put", "move", "place", "transfer", "shift", "carry", "bring", "take", "drop", "relocate"})
_OUT_OF = (("out", "of"), ("from",), ("that", "is", "in"), ("which", "is", "in"), ("that", "is", "inside"), ("in",),
           ("inside",), ("from", "inside"))
_INTO = (("to",), ("into",), ("in",), ("inside",), ("over", "to"))


def _moved_from_bin_to_bin(tokens: list[str]) -> list[str]:
    """"move the cube from the green bin to the red bin", "put the cube that is in the green bin
    into the red bin": the cube the first bin holds, taken out and put in the second (the first
    bin was read as the cube's destination, or the cube asked about)."""
    for i, t in enumerate(tokens):
        if lx.lemma(t) not in _MOVING_VERBS:
            continue
        cube = next((k for k in range(i + 1, min(i + 5, len(tokens))) if _carried(tokens[k])), -1)
        if cube < 0 or any(not (w in ("the", "a", "that", "this") or lx.color_of(w)) for w in tokens[i + 1 : cube]):
            return tokens
        out_of = next((m for m in _OUT_OF if tuple(tokens[cube + 1 : cube + 1 + len(m)]) == m), None)
        if out_of is None:
            return tokens
        first = cube + 1 + len(out_of)
        first_bin = next((k for k in range(first, min(first + 4, len(tokens))) if lx.kind_of(tokens[k]) == "bin"), -1)
        if first_bin < 0:
            return tokens
        into = next((m for m in _INTO if tuple(tokens[first_bin + 1 : first_bin + 1 + len(m)]) == m), None)
        rest = tokens[first_bin + 1 + len(into):] if into else []
        second_bin = next((k for k in range(min(4, len(rest))) if lx.kind_of(rest[k]) == "bin" or rest[k] == "one"), -1)
        if into is None or second_bin < 0:
            return tokens
        return [*tokens[:i], "take", *tokens[i + 1 : cube + 1], "out", "of", *tokens[first : first_bin + 1], "and", "put",
                "it", "in", *rest]
    return tokens


# Ways of saying a request that are rewritten into the shapes the clause reader knows, in this order.
_NOWHERE_ELSE = tuple(tuple(p.split()) for p in (
    "do not go anywhere else", "do not go anywhere", "never go anywhere", "go nowhere else", "go nowhere", "do nothing else",
    "do nothing"))
_BUT = (("except", "to"), ("except", "for"), ("except",), ("but", "to"), ("but",), ("other", "than"), ("apart", "from"),
        ("besides",), ("save", "for"))


def _only_that(tokens: list[str]) -> list[str]:
    """"Don't go anywhere except the red box", "go nowhere but the blue bin": go there; "do nothing
    but go to the blue box": that request alone."""
    for start in range(len(tokens)):
        if start and tokens[start - 1][0].isalnum():
            continue
        said = next((p for p in _NOWHERE_ELSE if tuple(tokens[start : start + len(p)]) == p), None)
        if said is None:
            continue
        k = start + len(said)
        but = next((b for b in _BUT if tuple(tokens[k : k + len(b)]) == b), None)
        if but is None:
            continue
        rest = tokens[k + len(but) :]
        if "nothing" in said and begins_action(rest):
            return [*tokens[:start], *rest]
        if "nothing" not in said and rest[:1] in (["the"], ["that"], ["this"]) and \
                any(lx.kind_of(w) for w in rest[:5]):
            return [*tokens[:start], "go", "to", *rest]
    return tokens


# Words a recogniser writes for a colour or a kind it heard (or a person types by sound), read as
# that colour only right before a kind ("the read box") and as that kind only right after a colour
# ("the green been"): elsewhere they keep their own meaning ("have you been there").
_COLOR_SOUNDALIKES = {"read": "red", "reed": "red", "redd": "red", "rad": "red", "rid": "red", "rod": "red", "blew": "blue",
                      "blu": "blue", "yello": "yellow", "greene": "green", "whit": "white", "blake": "black",
                      "block": "black"}


def _heard_alike(tokens: list[str]) -> list[str]:
    """Sound-alikes of colours and kinds (_COLOR_SOUNDALIKES, lx.KIND_SOUNDALIKES) as the word meant."""
    out = list(tokens)
    for k, t in enumerate(out):
        if t in _COLOR_SOUNDALIKES and k + 1 < len(out) and (lx.kind_of(out[k + 1]) or out[k + 1] in lx.KIND_SOUNDALIKES
                                                             or out[k + 1] in ("can", "cans")
                                                             or out[k + 1] in ("one", "ones")):
            out[k] = _COLOR_SOUNDALIKES[t]
        elif t in lx.KIND_SOUNDALIKES and k > 0 and (lx.color_of(out[k - 1]) or (
                t in lx.NO_WORD_SOUNDALIKES and out[k - 1] in ("the", "a", "that", "this"))):
            out[k] = lx.KIND_SOUNDALIKES[t]
    return out


# Words that leave the choice of an object to the robot (an answer to "which one?", or said after the
# request: "pick up a cube, any cube"): the nearest of those meant.
_ANY_ONE = re.compile(
    r"^(?:(?:oh|well|hmm|um|ok|okay)[ ,]+)?"
    r"(?:any(?: one| of them| of those| will do)?|anyone|either(?: one| of them| will do)?"
    r"|whichever(?: one)?(?: you (?:like|want|prefer|choose))?|you (?:choose|pick|decide)|your (?:choice|call)"
    r"|(?:it )?(?:does not|doesn'?t) matter(?: which)?|i (?:do not|don'?t) (?:care|mind)(?: which)?|up to you|surprise me"
    r"|(?:it )?makes no difference|whatever|no preference|(?:either|any|both) (?:is|are) fine|dealer'?s choice)"
    r"(?:[ ,]+(?:you (?:choose|pick|decide)|your (?:choice|call)|up to you|any(?: one)?|either(?: one)?))?"
    r"[ ,.!]*(?:please)?[.!]*$")


def leaves_the_choice(said: str) -> bool:
    """Whether ``said`` leaves the choice to the robot ("any of them", "you choose", "doesn't matter")."""
    return _ANY_ONE.match(" ".join(said.lower().split())) is not None


_EXCEPT_OPENERS = (("except", "for"), ("except",), ("apart", "from"), ("aside", "from"), ("other", "than"), ("besides",),
                   ("excluding",), ("with", "the", "exception", "of"))


def _exception_said_first(tokens: list[str]) -> list[str]:
    """"Except for the red box, visit every box": the exception said after the request it narrows
    ("visit every box except the red box"), where exclusions are read."""
    opener = next((o for o in _EXCEPT_OPENERS if tuple(tokens[: len(o)]) == o), None)
    if opener is None or "," not in tokens:
        return tokens
    comma = tokens.index(",")
    named, request = tokens[len(opener) : comma], tokens[comma + 1 :]
    kind = next((lx.kind_of(t) for t in named if lx.kind_of(t)), None)
    if (kind is None and "one" not in named) or not begins_action(request):
        return tokens
    # after the noun it narrows, and what says which of them ("the cube closest to you"), not after a bin
    noun = next((k for k, t in enumerate(request) if lx.kind_of(t) and (kind is None or lx.kind_of(t) == kind)), -1)
    if noun < 0:
        return [*request, "except", *named]
    if noun > 0 and request[noun + 1 : noun + 2] and request[noun + 1] in lx.NEAREST_WORDS | lx.FARTHEST_WORDS and \
            request[noun + 2 : noun + 4] in (["to", "you"], ["to", "me"], ["you"], ["me"]):
        said = 2 + (request[noun + 2] == "to")  # "the cube closest to you": the closest cube
        request = [*request[:noun], request[noun + 1], request[noun], *request[noun + 1 + said :]]
        noun += 1
    end = noun + 1
    if end < len(request) and (request[end] in lx.NEAREST_WORDS or request[end] in lx.FARTHEST_WORDS):
        end += 1
        end += next((len(p) for p in (("to", "you"), ("to", "me"), ("you",), ("me",), ("away",))
                     if tuple(request[end : end + len(p)]) == p), 0)
    return [*request[:end], "except", *named, *request[end:]]


def _choice_left_after(tokens: list[str]) -> list[str]:
    """"pick up a cube, any cube", "go to a bin - whichever": the request's object said as "any
    <kind>", and the rest left out."""
    for k in range(1, len(tokens)):
        if tokens[k - 1] not in (",", "-", "\u2013", "\u2014"):
            continue
        rest = [t for t in tokens[k:] if t not in (".", "!", "please")]
        kind_said = len(rest) == 2 and rest[0] == "any" and lx.kind_of(rest[1]) is not None
        if not (kind_said or (rest and leaves_the_choice(" ".join(rest)))):
            continue
        noun = next((j for j in range(k - 2, -1, -1) if lx.kind_of(tokens[j]) or tokens[j] == "one"), -1)
        article = next((j for j in range(noun - 1, max(-1, noun - 4), -1) if tokens[j] in ("a", "an", "the")), -1)
        if noun < 0 or article < 0:
            return tokens
        said = [*tokens[:article], "any", *tokens[article + 1 : k - 1]]
        return [("any" if t in ("a", "an") and any(lx.kind_of(w) for w in said[j + 1 : j + 3]) else t)
                for j, t in enumerate(said)]  # "put a cube in a bin, you choose": any cube, any bin
    return tokens


_SMALL_WORDS = frozenset({"small", "little", "tiny", "mini", "wee"})


def _small_box_as_cube(tokens: list[str]) -> list[str]:
    """"The small red box", "a little box": a cube (a small box is what a cube looks like; the boxes
    are the large ones)."""
    out = list(tokens)
    for k, t in enumerate(out):
        if t not in _SMALL_WORDS:
            continue
        noun = k + 1 + (k + 1 < len(out) and lx.color_of(out[k + 1]) is not None)
        if noun < len(out) and out[noun] in ("box", "boxes"):
            out[noun] = "cube" if out[noun] == "box" else "cubes"
    return out


_NO_DETOURS = tuple(sorted((tuple(f"{no} {what}".split()) for no in ("no", "without", "with no", "and no", "without any")
                            for what in ("detours", "detour", "stops", "stopping", "stopping on the way", "stops on the way",
                                         "detours on the way", "dawdling", "messing around", "funny business"))
                           , key=len, reverse=True))
_NOBODY = (("nobody",), ("no", "one"), ("noone",), ("no", "body"))
_NOBODY_MODALS = frozenset({"should", "must", "may", "can", "shall", "will", "is", "are", "allowed", "permitted", "to",
                            "supposed", "ever", "gets", "get", "needs", "need", "has", "ought"})


def _kind_said_once(tokens: list[str]) -> list[str]:
    """A kind noun said once after colours each with its own "the": "the red and the blue box" is
    "the red box and the blue box"."""
    out = list(tokens)
    i = len(out) - 1
    while i >= 4:
        if lx.kind_of(out[i]) and lx.color_of(out[i - 1]) and out[i - 2] in ("the", "a", "an") and \
                out[i - 3] in ("and", "or", ",", "nor") and lx.color_of(out[i - 4]):
            out.insert(i - 3, out[i])  # the noun after the colour before the conjunction; look again from there
            i -= 3
            continue
        i -= 1
    return out


def _without_asides_of_route(tokens: list[str]) -> list[str]:
    """A route aside said as a clause of its own ("go straight to the yellow bin, no detours",
    "..., no stopping"): how to go, nothing to do or avoid."""
    for i in range(len(tokens)):
        if i and tokens[i - 1] not in (",", ".", ";", "-", "and", "!"):
            continue
        said = next((p for p in _NO_DETOURS if tuple(tokens[i : i + len(p)]) == p), None)
        if said and (i + len(said) == len(tokens) or tokens[i + len(said)] in (",", ".", ";", "!", "-")):
            return _without_asides_of_route([*tokens[: i - 1 if i else 0], *tokens[i + len(said) :]])
    return tokens


# "No one is near the green bin, so ...", "nobody's here, ...": that no one is in the way, said as a reason
_NOBODY_AROUND = re.compile(r"^(?:(?:ok|okay|so|and|well|look|right)[ ,]+)*(?:no one|nobody|no-one|noone) (?:is |'s |s )?(?:here|"
                            r"there|around|about|home|in the way|in the room|(?:near|by|next to|close to|beside) "
                            r"(?P<what>the [a-z ]+?|it|you))"
                            r"(?: (?:now|anymore|any more|at the moment|right now|today|tonight|this morning|this afternoon|"
                            r"this evening|this week|at all))? ?(?:(?:,|\.|;|-|so\b|and\b) ?)+")


def _nobody_as_not(tokens: list[str]) -> list[str]:
    """"Nobody should touch the red cube", "no one goes near the red box", "no one is allowed to
    go to the red box": a prohibition, read as "do not touch the red cube". "No one is near the
    green bin, so put the cube in it": no one in the way, a reason that asks nothing."""
    nobody_around = _NOBODY_AROUND.match(" ".join(tokens))
    if nobody_around and nobody_around.end() < len(" ".join(tokens)):
        what = (nobody_around["what"] or "").split()
        tokens = " ".join(tokens)[nobody_around.end():].split()
        if what and what[0] == "the" and "it" in tokens:  # "no one is near the green bin, so put the cube in it": the bin
            k = tokens.index("it")
            tokens = [*tokens[:k], *what, *tokens[k + 1 :]]
    for i in range(len(tokens)):
        if i and tokens[i - 1] not in (",", ".", ";", "-", "and", "!", "but", "so"):
            continue
        said = next((p for p in _NOBODY if tuple(tokens[i : i + len(p)]) == p), None)
        if said is None:
            continue
        k = i + len(said)
        while k < len(tokens) and tokens[k] in _NOBODY_MODALS:
            k += 1
        if k < len(tokens) and tokens[k][0].isalpha():
            return [*tokens[:i], "do", "not", _base_verb(tokens[k]), *tokens[k + 1 :]]
    return tokens


def _base_verb(word: str) -> str:
    """The verb without its third-person ending ("goes" -> "go", "touches" -> "touch")."""
    if word.endswith(("ches", "shes", "sses", "xes", "oes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else lx.lemma(word)


def _dont_before_another_request(tokens: list[str]) -> list[str]:
    """"Go to the blue bin, no, don't, go to the yellow bin": a "don't" said on its own between two
    requests takes back the one before it (a correction), not the one after it."""
    out = list(tokens)
    for k in range(1, len(out) - 3):
        if out[k : k + 3] == ["do", "not", ","] and out[k - 1] in (",", ".", ";", "!", "-", "no") and \
                lx.lemma(out[k + 3]) in lx.ALL_CUES and begins_action(out[k + 3 :]):
            return [*out[:k], "no", *out[k + 2 :]] if out[k - 1] != "no" else [*out[:k], *out[k + 3 :]]
    return out


_WHATEVER = frozenset({"whatever", "what", "whichever", "whatevers"})


def _whatever_as_thing(tokens: list[str]) -> list[str]:
    """"Go to whatever is straight ahead", "pick up what's on your left": the object there, as "the
    thing straight ahead" (never a drive that way)."""
    out = list(tokens)
    for i in range(1, len(out) - 1):
        if out[i] in _WHATEVER and out[i - 1] in ("to", "towards", "toward", "at", "up", "approach", "grab", "fetch") \
                and out[i + 1] in ("is", "s", "'s", "lies", "sits", "stands", "on", "in", "straight", "directly", "right",
                                   "ahead", "behind", "next", "closest", "nearest"):
            k = i + 1 + (out[i + 1] in ("is", "s", "'s", "lies", "sits", "stands"))
            return [*out[:i], "the", "thing", *out[k:]]
    return out


def _not_this_the_other(tokens: list[str]) -> list[str]:
    """"No not the bin the box", "not the red cube the blue cube": two noun phrases after a "not",
    as a recogniser writes them (no comma): the first is ruled out, the second is the one meant
    ("not the bin, the box"). "Don't go to the red box just go to the blue box": a new request
    after a negated one starts a clause of its own."""
    out = list(tokens)
    for i in range(len(out) - 3):
        if out[i] != "not" or out[i + 1] not in ("the", "a", "that", "this"):
            continue
        end = next((k for k in range(i + 2, min(i + 6, len(out))) if lx.kind_of(out[k]) or out[k] in ("one", "thing")), -1)
        if end > 0 and end + 1 < len(out) and out[end + 1] in ("the", "a", "that", "this") and \
                any(lx.kind_of(t) or t in ("one", "thing") for t in out[end + 2 : end + 6]):
            return [*out[: end + 1], ",", *out[end + 1 :]]
    for i in range(2, len(out) - 2):
        if out[i] in ("just", "only", "instead") and lx.lemma(out[i + 1]) in lx.ACTION_CUES["goto"] and \
                "not" in out[:i] and out[i - 1] not in (",", ".", ";", "and", "but") and lx.kind_of(out[i - 1]):
            return [*out[:i], ",", *out[i:]]
    return out


_TEENS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_UNITS = {w: n for w, n in lx.NUMBER_WORDS.items() if 1 <= n <= 9}
_SMALL = {**{w: n for w, n in lx.NUMBER_WORDS.items() if 1 <= n <= 12}, **_TEENS}
_MEASURE_UNITS = frozenset({*DISTANCE_UNITS_M, "degrees", "degree", "deg", "radians", "centimeter", "centimeters",
                            "millimetres", "millimeters", "seconds", "second", "minutes", "minute", "secs", "mins"})


def _spelled_number_at(tokens: list[str], i: int) -> tuple[float, int] | None:
    """A number said in words from token i ("twenty", "forty five", "one hundred and eighty",
    "fifteen") and the index after it, when it says more than "one" to "twelve" alone does (those
    stay words: "the red one", "one of them"); None otherwise."""
    k, value, big = i, 0, False
    if k < len(tokens) and tokens[k] in _UNITS and tokens[k + 1 : k + 2] == ["hundred"]:
        value, k, big = _UNITS[tokens[k]] * 100, k + 2, True
        if tokens[k : k + 1] == ["and"] and k + 1 < len(tokens) and (tokens[k + 1] in _TENS or tokens[k + 1] in _SMALL):
            k += 1
    elif tokens[k : k + 1] == ["hundred"] and i > 0 and tokens[i - 1] in ("a", "one"):
        value, k, big = 100, k + 1, True
        if tokens[k : k + 1] == ["and"] and k + 1 < len(tokens) and (tokens[k + 1] in _TENS or tokens[k + 1] in _SMALL):
            k += 1  # "a hundred and eighty"
    if k < len(tokens) and tokens[k] in _TENS:
        value, k, big = value + _TENS[tokens[k]], k + 1, True
        if k < len(tokens) and tokens[k] in _UNITS:
            value, k = value + _UNITS[tokens[k]], k + 1
    elif k < len(tokens) and tokens[k] in _SMALL and (big or tokens[k] in _TEENS):
        value, k, big = value + _SMALL[tokens[k]], k + 1, True
    return (float(value), k) if big else None


def _spelled_numbers(tokens: list[str]) -> list[str]:
    """Numbers said in words, as digits, where they measure something: "twenty centimetres", "turn
    left forty five degrees", "one hundred and eighty degrees", "two point five metres" (a bare
    "two" or "one" is left as it was: "the second one", "one of them")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        said = _spelled_number_at(tokens, i)
        if said is not None:
            if tokens[i] == "hundred" and out[-1:] == ["a"]:
                out.pop()  # "a hundred and eighty degrees": 180 degrees
            out.append(f"{said[0]:g}")
            i = said[1]
            continue
        if tokens[i] in lx.NUMBER_WORDS and tokens[i] != "no" and tokens[i + 1 : i + 2] == ["point"] and \
                i + 2 < len(tokens) and tokens[i + 2] in lx.NUMBER_WORDS and tokens[i + 2] != "no" and \
                tokens[i + 3 : i + 4] and tokens[i + 3] in _MEASURE_UNITS:  # "two point five metres"
            out.append(f"{lx.NUMBER_WORDS[tokens[i]]}.{lx.NUMBER_WORDS[tokens[i + 2]]}")
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    return out


_POLITE_ASKS = (("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"), ("please",), ("maybe",))


def _apology_before_request(tokens: list[str]) -> list[str]:
    """"Sorry to bother you but could you go to the blue box", "I hate to ask but could you pick up the
    green cube": an apology before "but" and a polite request is no part of the request. Only when the
    words before "but" name no object and say no "not" and no action."""
    if "but" not in tokens:
        return tokens
    b = tokens.index("but")
    before, after = tokens[:b], [t for t in tokens[b + 1 :] if t != ","]
    polite = any(tuple(after[: len(p)]) == p for p in _POLITE_ASKS)
    if not before or not polite or any(lx.kind_of(t) or lx.color_of(t) or t in lx.NEGATION_WORDS or t == "not"
                                       for t in before):
        return tokens
    if any(lx.lemma(t) in lx.ALL_CUES for t in before if t not in ("bother", "ask", "trouble", "interrupt", "say")):
        return tokens
    return tokens[b + 1 :]


_ONE_BEFORE_LAST = (("second", "to", "last"), ("second", "last"), ("next", "to", "last"), ("last", "but", "one"),
                    ("second", "from", "last"), ("one", "before", "last"), ("second-to-last",), ("next-to-last",),
                    ("second-last",), ("last-but-one",))


def _one_before_last(tokens: list[str]) -> list[str]:
    """"The second to last box", "the next-to-last bin", "the last but one": the penultimate one;
    "the second from the left" is "the second one from the left"."""
    out = list(tokens)
    for i in range(1, len(out) - 2):
        if out[i] in lx.ORDINALS and out[i - 1] == "the" and out[i + 1] == "from" and \
                (i == 1 or out[i - 2] in ("to", "up", ",", "no", ".", ";")) and \
                out[i + 2 : i + 4] in (["the", "left"], ["the", "right"], ["left"], ["right"]):
            out = [*out[: i + 1], "one", *out[i + 1 :]]
            break
    for i in range(len(out)):
        run = next((r for r in _ONE_BEFORE_LAST if tuple(out[i : i + len(r)]) == r), None)
        if run is not None and (run[-1] != "one" or i + len(run) == len(out) or lx.kind_of(out[i + len(run)])
                                or not out[i + len(run)][0].isalnum()):
            out[i : i + len(run)] = ["penultimate"]
    return out


_STEP_BOUNDS = frozenset({",", ";", ".", "then", "and", "after", "that"})
_MORE_LEADS = (("another",), ("a", "further"), ("an", "extra"), ("a", "bit", "more"), ("a", "little", "more"))
_MORE_AFTER = frozenset({"more", "further", "extra"})


def _amount_at(tokens: list[str], i: int) -> tuple[list[str], bool] | None:
    """The amount at ``i`` ("50 cm", "45 degrees", "metre" as one metre) and whether it is an angle."""
    if i < len(tokens) and (tokens[i] in DISTANCE_UNITS_M or tokens[i] in ANGLE_UNITS_DEG):
        return ["1", tokens[i]], tokens[i] in ANGLE_UNITS_DEG
    if i + 1 < len(tokens) and (_DIGITS.fullmatch(tokens[i]) or tokens[i] in lx.NUMBER_WORDS) and \
            (tokens[i + 1] in DISTANCE_UNITS_M or tokens[i + 1] in ANGLE_UNITS_DEG):
        return tokens[i : i + 2], tokens[i + 1] in ANGLE_UNITS_DEG
    return None


# What says an amount is a limit not to be passed: "turn right, but not more than 45 degrees", "back up, no
# further than 30 cm", "don't exceed 30 degrees"
_LIMIT_LEADS = tuple(tuple(p.split()) for p in sorted((
    "not more than", "no more than", "not further than", "no further than", "not farther than", "no farther than",
    "not over", "no longer than", "not longer than", "never more than", "not exceeding", "without exceeding",
    "without going past", "without going over", "without going more than", "without going further than", "a maximum of",
    "maximum of", "at most", "at the most", "up to", "a max of", "max of", "max", "maximum", "tops",
    *(f"do not {verb}{what}" for verb in ("go ", "turn ", "drive ", "move ", "back up ", "reverse ", "travel ", "roll ", "head ",
                                          "get ", "")
      for what in ("past", "near", "beyond", "over", "more than", "further than", "farther than", "exceed",
                   "any more than", "any further than"))), key=len, reverse=True))
_LIMIT_TRAILS = (("max",), ("maximum",), ("tops",), ("at", "most"), ("at", "the", "most"), ("or", "less"), ("or", "under"),
                 ("at", "the", "very", "most"))
_LIMIT_BEFORE = frozenset({",", "but", "and", "though", "just", "only", "-"})


def _amount_value(amount: list[str]) -> float:
    """An amount from ``_amount_at`` in metres or degrees."""
    number, unit = amount
    value = float(number) if _DIGITS.fullmatch(number) else float(lx.NUMBER_WORDS.get(number, 1))
    return value * (ANGLE_UNITS_DEG.get(unit) or DISTANCE_UNITS_M.get(unit, 1.0))


def _limit_amount_at(tokens: list[str], k: int) -> tuple[list[str], int] | None:
    """The amount a limit says from token k ("2 metres", "half a metre") as ``_amount_at`` gives it, and
    the index after it; None when no number is said ("back up to feet")."""
    if tokens[k : k + 2] in (["half", "a"], ["half", "an"]) and k + 2 < len(tokens) and tokens[k + 2] in DISTANCE_UNITS_M:
        return ["0.5", tokens[k + 2]], k + 3
    amount = _amount_at(tokens, k)
    if amount is None or tokens[k] == amount[0][1]:
        return None
    return amount[0], k + 2


def _within_said_limit(tokens: list[str]) -> list[str]:
    """A drive or turn with a limit said with it as the amount ("turn right, but not more than 45
    degrees": turn right 45 degrees; "back up, no further than 30 cm": back up 30 cm; "don't drive more
    than 2 metres, just go forward"), never past it. GoalRefused where the step said is over its limit,
    or goes to an object, which a set amount would stop short of ("drive towards the red box, but no
    further than 2 m", "don't drive more than 2 metres, and go to the far red box"). Not in a question ("is the
    red box not more than 3 m away?")."""
    if "?" in tokens or is_question(tokens):
        return tokens
    for j in range(1, len(tokens) - 2):  # "go to the red bin, 2 metres max": the limit word said after its amount
        trail = next((m for m in _LIMIT_TRAILS if tuple(tokens[j + 2 : j + 2 + len(m)]) == m), ())
        if trail and _amount_at(tokens, j) is not None and tokens[j - 1] in (",", "but", "and", "-"):
            tokens = [*tokens[:j], "at", "most", *tokens[j : j + 2], *tokens[j + 2 + len(trail) :]]
            break
    for j in range(len(tokens)):
        lead = next((m for m in _LIMIT_LEADS if tuple(tokens[j : j + len(m)]) == m), ())
        said_limit = _limit_amount_at(tokens, j + len(lead)) if lead else None
        if said_limit is None:
            continue
        limit_amount, said_end = said_limit
        start = j
        while start > 0 and tokens[start - 1] in _LIMIT_BEFORE:
            start -= 1
        step_start = max((k + 1 for k in range(start) if tokens[k] in (".", ";", "then") or
                          (tokens[k] == "," and k + 1 < start and tokens[k + 1] == "then")), default=0)
        step = tokens[step_start:start]
        after = said_end
        while after < len(tokens) and tokens[after] in (",", "and", "just", "so", "but", "then", "."):
            after += 1
        if not [t for t in step if t not in ("please", "just")]:  # said first: "don't drive more than 2 m, and go to ..."
            if after >= len(tokens) or lead[:2] != ("do", "not"):
                continue
            step, start, said_end = tokens[after:], 0, len(tokens)
            tokens = [*tokens[after:]]
        is_angle = limit_amount[1] in ANGLE_UNITS_DEG
        limit = _amount_value(limit_amount)
        said = next(((a, k) for k in range(len(step)) if (a := _amount_at(step, k)) is not None), None)
        if said is not None and said[0][1] == is_angle:
            if _amount_value(said[0][0]) > limit + 1e-9:
                raise GoalRefused(f"'{' '.join(step)}' is more than the {' '.join(limit_amount)} you allowed; say one amount")
            return [*tokens[:start], *tokens[said_end:]] if start else tokens
        if said is not None or any(lx.kind_of(t) for t in step):
            raise GoalRefused("I can go to an object, or drive or turn a set amount ('drive 1 metre forward'), not part "
                              f"of the way to it; a limit of {' '.join(limit_amount)} would stop me short")
        if not start:
            return [*step, *limit_amount]  # "don't drive more than 2 m, just drive forward": drive forward 2 m
        return [*tokens[:start], *limit_amount, *tokens[said_end:]]
    return tokens


def _another_stretch(tokens: list[str]) -> list[str]:
    """"Drive forward 1 m, then another 50 cm", "turn left 90 degrees and then 45 degrees more": a
    step that says only how much more is the motion step before it again, with that amount."""
    out = list(tokens)
    for i in range(2, len(out)):
        if out[i - 1] not in _STEP_BOUNDS:
            continue
        lead = next((m for m in _MORE_LEADS if tuple(out[i : i + len(m)]) == m), ())
        amount = _amount_at(out, i + len(lead))
        if amount is None:
            continue
        end = i + len(lead) + (1 if amount[0] == ["1"] and out[i + len(lead)] not in ("1", "one") else 2)
        if not lead:
            if end >= len(out) or out[end] not in _MORE_AFTER:
                continue
            end += 1
        stop = i
        while stop > 0 and out[stop - 1] in _STEP_BOUNDS:
            stop -= 1
        start = max((k + 1 for k in range(stop) if out[k] in _STEP_BOUNDS), default=0)
        step = out[start:stop]
        said = next((q for q in range(len(step) - 1) if step[q] not in DISTANCE_UNITS_M and step[q] not in ANGLE_UNITS_DEG
                     and (a := _amount_at(step, q)) is not None and a[1] == amount[1]), -1)
        if said < 0 or not any(lx.lemma(t) in ("drive", "go", "move", "turn", "rotate", "back", "reverse", "roll", "head", "spin")
                               or t in lx.MOTION_WORDS for t in step[:said]):
            continue
        return [*out[:i], *step[:said], *amount[0], *step[said + 2 :], *out[end:]]
    return out


_OBJECT_TAKEN_BACK = (("never", "mind"), ("nevermind",), ("forget", "about"), ("forget",), ("scratch",), ("skip",),
                      ("drop",), ("cancel",))


def _named_pairs(tokens: list[str]) -> set[tuple[str | None, str]]:
    """(colour, kind) of each kind noun said in ``tokens``, with the colour word right before it."""
    return {(lx.color_of(tokens[k - 1]) if k else None, str(lx.kind_of(t))) for k, t in enumerate(tokens) if lx.kind_of(t)}


_LIST_EXCEPTIONS = (("apart", "from"), ("except", "for"), ("except",), ("other", "than"), ("excluding",), ("save", "for"),
                    ("but", "not"), ("but", "skip"))


_EMPHATIC_ASIDES = (("whatever", "happens"), ("whatever", "you", "do"), ("no", "matter", "what"), ("at", "all", "costs"),
                    ("above", "all"), ("most", "importantly"), ("importantly",), ("in", "any", "case"))


def _without_emphatic_asides(tokens: list[str]) -> list[str]:
    """"..., and whatever happens do not go to the red bin": an aside of emphasis before a request of
    its own is left out, so the request starts its clause (and its "not" stays its own)."""
    out = list(tokens)
    for i in range(1, len(out)):
        aside = next((a for a in _EMPHATIC_ASIDES if tuple(out[i : i + len(a)]) == a), None)
        if aside is not None and out[i - 1] in ("and", ",", "but", ";", ".") and begins_action(out[i + len(aside) :]):
            return [*out[:i], *out[i + len(aside) :]]
    return out


_IN_THE_WAY = (("in", "the", "way"), ("in", "your", "way"), ("in", "my", "way"), ("blocking", "the", "way"),
               ("blocking", "your", "way"), ("an", "obstacle"), ("blocking", "the", "path"), ("blocking", "your", "path"))
_KEEP_AWAY_FROM_IT = (("avoid", "it"), ("stay", "away", "from", "it"), ("keep", "away", "from", "it"), ("do", "not", "touch", "it"),
                      ("steer", "clear", "of", "it"), ("go", "around", "it"), ("do", "not", "hit", "it"), ("mind", "it"))


def _kept_away_as_said(tokens: list[str]) -> list[str]:
    """"The blue box is in the way so avoid it", "the red cube is fragile, don't touch it": the object
    said to be in the way or unsafe is what "it" keeps away from; saying so once is enough."""
    for i in range(2, len(tokens)):
        way = next((p for p in _IN_THE_WAY if tuple(tokens[i : i + len(p)]) == p), None)
        if way is not None and tokens[i - 1] in ("is", "are") and lx.kind_of(tokens[i - 2]):
            tokens = [*tokens[:i], "obstructing", *tokens[i + len(way) :]]  # "the red box is in the way": keep away from it
    for i in range(3, len(tokens)):
        said = next((p for p in _KEEP_AWAY_FROM_IT if tuple(tokens[i : i + len(p)]) == p), None)
        if said is None:
            continue
        start = i - 1 if tokens[i - 1] in ("so", "and", ",", "then") else i
        start -= 1 if start > 0 and tokens[start - 1] in (",", "so", "and") else 0
        before = tokens[:start]
        verb = next((k for k in range(len(before)) if before[k] in ("is", "are") and _phrase_at(before, k + 1, _FORBIDDEN_PREDICATES)), -1)
        if verb > 0 and lx.kind_of(before[verb - 1]):
            return [*before, *tokens[i + len(said) :]]
    return tokens


def _excepted_from_a_list(tokens: list[str]) -> list[str]:
    """"Go to the red box, the green box and the blue box, apart from the green box": an object said
    in the list before it and then excepted is ruled out of that list (", not the green box")."""
    for i in range(3, len(tokens) - 2):
        lead = next((e for e in _LIST_EXCEPTIONS if tuple(tokens[i : i + len(e)]) == e), None)
        if lead is None:
            continue
        end = _span_end(tokens, i + len(lead))
        said = _named_pairs(tokens[i + len(lead) : end])
        before = _named_pairs(tokens[:i])
        if said and len(before) >= 2 and said <= before and all(colour for colour, _ in said):
            start = i - 1 if tokens[i - 1] == "," else i
            return [*tokens[:start], ",", "not", *tokens[i + len(lead) :]]
    return tokens


def _after_a_cancel(tokens: list[str]) -> list[str]:
    """"Go to the yellow bin. Cancel. Go to the red bin": a sentence that only calls off what came
    before it leaves the request after it."""
    ends = [k for k, t in enumerate(tokens) if t in (".", "!", ";")]
    for a, b in zip([-1, *ends], ends, strict=False):
        said = " ".join(t for t in tokens[a + 1 : b] if t[0].isalnum())
        if a >= 0 and (said in CANCELLATIONS or said in ("cancel", "abort", "cancel that")) and \
                any(t[0].isalnum() for t in tokens[b + 1 :]):
            return tokens[b + 1 :]
    return tokens


def _object_taken_back(tokens: list[str]) -> list[str]:
    """"Go to the yellow box. never mind the yellow box, go to the green box", "go to the red box, then
    the blue box. forget the blue box": an object said earlier and then called off after a sentence
    break is a step taken out ("actually skip the yellow box"), not one more to go to."""
    out = list(tokens)
    for i in range(2, len(out) - 2):
        if out[i - 1] not in (".", ",", ";", "!", "-", "?", "no", "oh", "uh", "um", "wait", "actually", "nah"):
            continue
        said = next((p for p in _OBJECT_TAKEN_BACK if tuple(out[i : i + len(p)]) == p), None)
        if said is None or out[i + len(said)] not in ("the", "that", "this"):
            continue
        end = _span_end(out, i + len(said))
        if _named_pairs(out[i + len(said) : end]) and _named_pairs(out[i + len(said) : end]) <= _named_pairs(out[: i - 1]):
            return [*out[:i], "actually", "skip", *out[i + len(said) :]]
    return out


# The words of each unit a distance may be said in two of ("1 m 20 cm", "4 feet 6 inches"), from the one table.
_METRE_WORDS = frozenset(w for w, m in DISTANCE_UNITS_M.items() if m == 1.0)
_CENTIMETRE_WORDS = frozenset(w for w, m in DISTANCE_UNITS_M.items() if m == 0.01)
_FOOT_WORDS = frozenset(w for w, m in DISTANCE_UNITS_M.items() if m == DISTANCE_UNITS_M["foot"])
_INCH_WORDS = frozenset({"in", *(w for w, m in DISTANCE_UNITS_M.items() if m == DISTANCE_UNITS_M["inch"])})
_RANGE_LINKS = frozenset({"to", "or", "-"})


def _number_value(token: str) -> float | None:
    if _DIGITS.fullmatch(token):
        return float(token)
    return float(lx.NUMBER_WORDS[token]) if token in lx.NUMBER_WORDS and token != "no" else None


_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "eighth": 8, "tenth": 10,
                 "twelfth": 12, "sixteenth": 16}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "five": 5, "seven": 7}
# Fractions said in words, longest first: "a quarter", "one eighth", "one-sixth", "three quarters", "two thirds".
_WORD_FRACTIONS = (*sorted(
    (((numerator, f"{denominator}s" if count > 1 else denominator), count / parts)
     for numerator, count in _NUMERATORS.items() for denominator, parts in _DENOMINATORS.items()
     if count < parts and not (count == 1 and numerator == "a" and denominator[0] in "e")
     and not (numerator == "an" and denominator[0] not in "e")),
    key=lambda item: -len(" ".join(item[0]))), (("three", "quarter"), 0.75))


def _fraction_at(tokens: list[str], i: int) -> tuple[float, int]:
    """A fraction said in words from token i ("three quarters", "a third") and its length; (0, 0) when none."""
    return next(((value, len(words)) for words, value in _WORD_FRACTIONS if tuple(tokens[i : i + len(words)]) == words), (0.0, 0))


def _fractions_of_a_unit(tokens: list[str]) -> list[str]:
    """Fractions said in words of a distance or a turn: "three quarters of a metre", "a quarter metre",
    "a third of a turn", "a metre and a quarter", "one and three quarter metres"."""
    out = list(tokens)
    i = 0
    while i < len(out):
        value, said = _fraction_at(out, i)
        if said:
            k = i + said
            of = out[k : k + 1] == ["of"]
            k += 1 if of else 0
            k += 1 if out[k : k + 1] in (["a"], ["an"]) else 0
            unit = out[k] if k < len(out) else ""
            if unit in DISTANCE_UNITS_M or unit in ANGLE_UNITS_DEG or (unit in ("turn", "turns", "circle", "rotation") and (
                    of or (i >= 2 and out[i - 1] == "and") or (unit == "turn" and value not in (0.25, 0.5)))):
                whole = _number_value(out[i - 2]) if i >= 2 and out[i - 1] == "and" else None
                start = i - 2 if whole is not None else i - 1 if i > 0 and out[i - 1] in ("a", "an") else i  # "a three quarter turn"
                amount = (whole or 0.0) + value
                if unit in ("turn", "turns", "circle", "rotation"):
                    out[start : k + 1] = [f"{amount * 360:g}", "degrees"]
                else:
                    out[start : k + 1] = [f"{amount:.3g}", unit]
                i = start + 2
                continue
        if out[i] in DISTANCE_UNITS_M and i > 0 and out[i + 1 : i + 2] == ["and"]:
            value, said = _fraction_at(out, i + 2)  # "a metre and a quarter"
            whole_said = _number_value(out[i - 1]) if out[i - 1] not in ("a", "an") else 1.0
            if said and whole_said is not None:
                out[i - 1 : i + 2 + said] = [f"{whole_said + value:.3g}", out[i]]
                i += 1
                continue
        i += 1
    return out


def _compound_measures(tokens: list[str]) -> list[str]:
    """A distance said in two units as one ("1 m 20 cm", "1 metre 50", "1m50", "one metre fifty", "4
    feet 6 inches") [m or ft], "a couple of metres" as two; a range ("1-2 metres", "1 to 2 m") is
    refused: a drive needs one distance."""
    out = _fractions_of_a_unit(list(tokens))
    i = 0
    while i < len(out) - 1:
        if out[i] == "couple" and i > 0 and out[i - 1] == "a":
            k = i + (2 if out[i + 1 : i + 2] == ["of"] else 1)
            if k < len(out) and (out[k] in DISTANCE_UNITS_M or out[k] in ANGLE_UNITS_DEG):
                out[i - 1 : k] = ["2"]
                continue
        first = _number_value(out[i])
        unit = out[i + 1]
        if first is None:
            i += 1
            continue
        if i > 0 and out[i - 1] == "between" and unit == "and" and i + 3 < len(out) and \
                _number_value(out[i + 2]) is not None and out[i + 3] in DISTANCE_UNITS_M:
            raise GoalRefused(f"say one distance, not a range ('between {out[i]} and {out[i + 2]} {out[i + 3]}')")
        if unit.startswith("-") and _DIGITS.fullmatch(unit) and i + 2 < len(out) and out[i + 2] in DISTANCE_UNITS_M:
            raise GoalRefused(f"say one distance, not a range ('{out[i]} to {unit[1:]} {out[i + 2]}')")
        if unit in _RANGE_LINKS and i + 3 < len(out) + 1 and i + 2 < len(out) and _number_value(out[i + 2]) is not None \
                and i + 3 < len(out) and out[i + 3] in DISTANCE_UNITS_M and _number_value(out[i + 2]) != first:
            raise GoalRefused(f"say one distance, not a range ('{out[i]} {unit} {out[i + 2]} {out[i + 3]}')")
        second = _number_value(out[i + 2]) if i + 2 < len(out) else None
        after = out[i + 3] if i + 3 < len(out) else ""
        bare_centimetres = second is not None and 0 < second < 100 and second == int(second) and (
            not after[:1].isalpha() or after in ("and", "then", "please", "forward", "ahead", "back", "backwards", "backward",
                                                 "forwards"))  # "1 metre 50"
        if second is not None and unit in _METRE_WORDS and (after in _CENTIMETRE_WORDS or bare_centimetres):
            out[i : i + (4 if after in _CENTIMETRE_WORDS else 3)] = [f"{first + second / 100:g}", "m"]
        elif second is not None and unit in _FOOT_WORDS and after in _INCH_WORDS and second < 12:
            out[i : i + 4] = [f"{first + second / 12:g}", "feet"]
        i += 1
    return out


_REWRITES: tuple[Callable[[list[str]], list[str]], ...] = (
    _spelled_numbers, _compound_measures, offset_as_turn_and_drive, _within_said_limit, _another_stretch, _after_a_cancel,
    _object_taken_back, _excepted_from_a_list,
    _without_emphatic_asides, _kept_away_as_said,
    _dont_before_another_request, _whatever_as_thing, _one_before_last, _not_this_the_other,
    _apology_before_request,
    _heard_alike, _kind_said_once, _nobody_as_not, _without_asides_of_route, _small_box_as_cube, _choice_left_after, _exception_said_first,
    _without_compounds, _only_that, _as_called_off, _without_hesitations, _without_discourse_markers, _without_go_idioms,
    _without_request_openers, _moved_from_bin_to_bin, _wished_done, _meant_instead, _without_emphasis, _said_after_noun,
    _no_as_not, _exception_after_the_place, _second_put_said_without_its_verb, _in_too, _tidied_up, _dropped_at, _ensured_in,
    _backed_away, _kept_clear, _lost_as_find, _looked_for_in_place, _back_to_the_first, _until_reached, _motion_idioms,
    _without_held_asides, _starting_with, _picked_then_put, _ready_to_pick, _bare_directions, _free_choices,
    _verbless_route, said_times, _without_waits_for_others, _without_order_words, _appositive_sentences,
    _once_seen_first, _same_coloured, _relative_moved_back, _one_as_any, _one_per_place, _kind_pointed_out_first,
    _shown_then_asked, _next_in_line, _past_an_object_last, _around_as_avoid, _said_order, _said_distances, _held_and_waits,
    _placed_beside, _held_without_a_place, _as_put, _brought_back, _via_first, _carried_along, _the_more_of_two)


# What ends a goal that takes back the request before it ("go to the red box? no, don't").
_TAKEN_BACK_ENDS = (("do", "not"), ("actually", "no"), ("no", "wait"), ("on", "second", "thought", "no"), ("no", "no"),
                    ("wait", "no"), ("actually", "do", "not"), ("no", "do", "not"), ("do", "not", "do", "that"),
                    ("do", "not", "do", "it"), ("second", "thoughts"), ("not",), ("no",), ("nah",), ("naw",), ("nope",))


_ALARMS = frozenset({"emergency", "danger", "whoa", "woah", "careful", "watch", "look", "out", "mayday"})
# Alarms of fire, smoke, gas or water: said alone or in a short sentence, a moving robot stops.
_FIRE_ALARMS = frozenset({"fire", "smoke", "smoking", "burning", "sos", "gas", "flood", "flooding", "alarm"})


def _asked(tokens: list[str], words: list[str]) -> bool:
    """Whether the goal is said as a question ("is there a cat?"): a mention in it warns of nothing."""
    if words[:2] in (["do", "not"], ["does", "not"]):
        return "?" in tokens  # "dont go yet, there's a person right next to you": told, not asked
    return "?" in tokens or words[:1] in (["is"], ["are"], ["do"], ["does"], ["can"], ["could"], ["any"], ["how"], ["where"],
                                          ["what"])


# Said of a drive to an object, these ask to run into it: "drive straight at the box and don't stop", "... and keep going"
_NO_STOP_THERE = re.compile(r"\b(?:(?:don't|dont|do not|never|without) (?:stop|stopping|brake|braking|slow down|slowing down)|"
                            r"keep (?:on )?going|carry on through|at full speed into)\b(?! (?:until|till|before|on the way|along the way|"
                            r"for|at (?:the|any|a)|to|towards|toward|past|till|unless|if|moving|straight|forward|forwards|ahead|"
                            r"onto|on to)\b)(?!(?: there)?[ ,]+(?:and |but |just )?(?:keep going|continue|carry on|go|drive|head|move)\b)")


def runs_into_object(goal: str) -> bool:
    """Whether a goal asks to drive to an object and not stop there ("drive straight at the box and
    don't stop", "go to the cone and keep going"): to run into it."""
    try:
        text = normalise(goal)
    except GoalRefused:
        return False
    tokens = tokenize(text)
    return _NO_STOP_THERE.search(text) is not None and any(lx.kind_of(t) for t in tokens) \
        and not set(tokens) & {"if", "unless", "whenever"} and not is_question(tokens)


def warns_of_hazard(goal: str) -> bool:
    """Whether the goal warns of a hazard underfoot ("there's a step in front of you", "careful,
    stairs!", "the floor is wet"): a stop comes before any other reading of its words."""
    try:
        tokens = tokenize(normalise(goal))
    except GoalRefused:
        return False
    if _asked(tokens, [t for t in tokens if t[0].isalnum()]) or set(tokens) & {"if", "when", "unless"}:
        return False
    # a warning said as a clause of its own after a request: "go to the red box, careful, there are stairs"
    said = " ".join(tokens).replace(" but ", " , ").replace(" and ", " , ").replace(" because ", " , ")
    clauses = [[t for t in clause.split() if t[0].isalnum()] for clause in re.split(r"[,.;!?()\[\]:\-\u2013\u2014]", said)]
    clauses = [c for c in clauses if c]
    if "floor" in tokens and set(tokens) & _HEDGES:  # "the floor there should be dry by now": not known to be
        return True
    if _ON_THE_THING_KEPT_FROM.search(" ".join(tokens)) and not set(tokens) & _UNDERFOOT:
        return False  # "don't touch the red cube, the paint's still wet": a reason to keep off the cube, kept as a rule
    return any(_warns_of_hazard(c) for c in clauses) or \
        any(_warns_of_hazard(a + b) for a, b in pairwise(clauses)) or \
        any(_warns_of_hazard(c[:k]) for c in clauses for k in range(2, len(c)) if c[k] in _REQUEST_STARTS)  # said unpunctuated:
    # "theres water on the floor go to the blue box"


# A thing said not to be touched, with the state of that thing as the reason ("don't touch the cube, it's got glue on it")
_ON_THE_THING_KEPT_FROM = re.compile(r"(?:^|[,.;] |\band )(?:please )?(?:(?:do not|don't|dont|never) (?:touch|handle|pick up|grab|"
                                     r"move|lift|"
                                     r"bump(?: into)?|knock(?: over)?|go (?:anywhere )?(?:near|close to)|come (?:anywhere )?near)|"
                                     r"(?:stay|keep|steer) (?:well |right )?(?:away from|clear of|off)|avoid|"
                                     r"(?:keep|get) your (?:hands|claws?|grippers?) off|hands off|leave) (?:the|that|this|my) "
                                     r"(?:[a-z]+ ){0,2}(?:box|cube|bin|ball|can|bottle|plate|cone|tin|block)(?: alone)? , "
                                     r"(?:it|its|it's|the|they|that)\b(?!.*\b(?:floor|ground|stairs?|steps?)\b)")
_UNDERFOOT = frozenset({"floor", "ground", "stairs", "stair", "steps", "step", "carpet", "rug", "around", "everywhere", "puddle"})
# Words that say a state is only hoped or guessed: "the floor should be dry by now", "I think it's dry"
_HEDGES = frozenset({"should", "probably", "think", "might", "maybe", "hopefully", "guess", "reckon", "suppose", "presumably",
                     "apparently", "likely", "hope"})
# Words that start a request said straight after a warning, with no stop between them (speech as transcribed)
_REQUEST_STARTS = frozenset({"go", "put", "pick", "drive", "head", "bring", "take", "move", "grab", "fetch", "find", "come",
                             "turn", "get", "carry", "drop", "place", "visit", "approach", "please", "now", "so", "um", "uh"})


def _warns_of_hazard(words: list[str]) -> bool:
    """Whether the words of a clause warn of a hazard underfoot and ask for no motion ("take the stairs" does)."""
    named = {w for k, w in enumerate(words) if w in _FLOOR_HAZARDS and (w not in _AMBIGUOUS_HAZARDS or "floor" in words or (
        k > 0 and words[k - 1] in ("a", "the", "some", "big", "steep", "sharp", "open", "loose", "broken", "spilled", "spilt",
                                   "sticky", "hot", "wet")) or {"spilled", "spilt", "spill", "spilling"} & set(words))}
    return bool(named) and bool(set(words) & _HAZARD_CUES or words[:1] in (["careful"], ["stairs"]) or
                                named & {"mopped", "waxed", "polished", "scrubbed"}) \
        and not set(words) & {"take", "go", "move", "back", "walk", "drive", "put", "pick", "avoid"}


# Said of a hazard or a living thing that it is no longer there: "but it's gone now", "it's been mopped up",
# "the floor is completely dry now", "I taped the cable down"
_RESOLVED = re.compile(r"\b(?:(?:has|have|is|are|was|were|it's|its|they're|theyre|she's|he's|shes|hes|they've|theyve|we've)\s+(?:now |"
                       r"since |already |all |"
                       r"completely |just |totally |been )*(?:gone|left|moved|away|outside|mopped|cleaned|wiped|swept|cleared|dried|"
                       r"stepped (?:away|out|off|back)|walked (?:away|off|out)|"
                       r"removed|taped|tidied|put away|taken away|picked up|dry|clear|fixed|covered|flattened|tucked|secured|"
                       r"unplugged|cooled(?: down| off)?|cool(?: now)?$|off(?: now)?$|out(?: now)?$|out of the (?:way|room|house))|"
                       r"\b(?:hopped|ran|run|wandered|crawled|climbed|jumped|scampered|trotted|flew|been carried|carried) (?:off|"
                       r"away)\b|\b(?:hopped|climbed|jumped|scampered|been carried|carried) out(?: now| of it| of there)?$|"
                       r"\bnot hot any ?more\b|"
                       r"(?:gone|dry|clear|dried) now|no longer (?:there|here)|not there any ?more|not here any ?more|"
                       r"^(?:ok |okay )?all clear|\b(?:he|she|they|someone|somebody|my [a-z]+|the (?:kid|child|person|man|woman|guy|"
                       r"dog|cat)) (?:has |have |is |are |just |already )*(?:went|gone|walked|wandered|moved)(?: away| off| out)?"
                       r"(?: now)?$|"
                       r"^(?:all |everything |it's all )?(?:cleaned|cleared|mopped|swept|tidied|wiped|dried)(?: up)?(?: now)?[.!]*$|"
                       r"(?:i|we|someone|somebody|they|my [a-z]+)(?:'ve|ve)? (?:have |has |just |already )*(?:mopped|cleaned|wiped|swept|"
                       r"cleared|"
                       r"dried|moved|removed|taped|tidied|picked|put|took|taken|let|fixed|covered|flattened|tucked|secured|"
                       r"unplugged)\b.*?\b(?:up|away|down|out|off|it|"
                       r"them|that|outside))\b")
_UNRESOLVED = re.compile(r"\b(?:not|n't|nt|still|yet|almost|nearly|again|back|might|may|maybe|probably|think|hope|soon|"
                         r"coming|about to|going to|gonna|will|should|shouldn't|guess|hopefully|apparently|presumably|seems|"
                         r"believe|reckon|suppose|supposed|pretty sure|i'd say|likely|by now)\b")
_DONE_ABOUT_HAZARDS = frozenset({"mopped", "waxed", "polished", "scrubbed", "wet", "spill", "step", "steps"})


def _hazards_named(segment: str) -> set[str]:
    """The living things and hazards the words name, as opposed to what was done about one ("I mopped it up": none)."""
    return set(segment.split()) & ((SOMEONE_WORDS | _FLOOR_HAZARDS) - _DONE_ABOUT_HAZARDS)


_NAMED_THERE = re.compile(r"\bthe (?:[a-z]+ ){0,2}(?:box|cube|bin)\b")


def says_warning_over(text: str) -> bool:
    """Whether the words say a warning is over ("I've mopped it up", "he's gone now"), and nothing says it is not."""
    said = normalise(text)
    if "?" in said or is_question(tokenize(said)):  # "can you tell me if the ball is left or right of you"
        return False
    return bool(_RESOLVED.search(said)) and not _UNRESOLVED.search(said)


def without_resolved_warnings(goal: str) -> tuple[str, str]:
    """The goal without warnings it says are over ("the cat was by the green bin but it's gone now, go to
    the red box": "go to the red box, slowly"), and what was said of them; (goal, "") when it warns of
    anything not said to be over, or says nothing else. What is left is done slowly, and "there" in it
    is the one object named in the warning ("... by the right red box, but it's been mopped up, so drive
    there")."""
    text = normalise(goal)
    segments = [s.strip() for s in re.split(r"[,;.!?]|\bbut\b|\bso\b|\band then\b|\bthough\b|\bhowever\b", text)]
    segments = [s for s in segments if s]
    resolved = [says_warning_over(s) for s in segments]
    if not any(resolved):
        return goal, ""
    warned = [warns_of_hazard(s) or warns_of_someone(s) or says_stop(s) for s in segments]
    if not any(warned):  # "the floor is dry now, go to the red box": said of a hazard, over
        about_hazard = [k for k, seg in enumerate(segments) if resolved[k] and set(seg.split()) & (_FLOOR_HAZARDS | SOMEONE_WORDS |
                                                                                              {"floor", "spill", "mess"})]
        if not about_hazard:
            return goal, ""
        warned = [k in about_hazard for k in range(len(segments))]
    kept, told, named = [], [], []
    for k, segment in enumerate(segments):
        if warned[k] and not (resolved[k] or (k + 1 < len(segments) and resolved[k + 1] and  # "..., but it's gone now"
                                              _hazards_named(segments[k + 1]) <= _hazards_named(segment))):
            return goal, ""  # a warning not said to be over
        if warned[k] or resolved[k]:
            told.append(segment)
            named += _NAMED_THERE.findall(segment) if warned[k] else []
        else:
            kept.append(segment)
    if not kept:
        return goal, ""
    rest = ", ".join(kept)
    if len(set(named)) == 1:
        rest = re.sub(r"\b(in|into|inside) there\b", rf"\1 {named[0]}", rest)
        rest = re.sub(r"\b(go|drive|head|move|come) (?:over )?there\b", rf"\1 to {named[0]}", rest)
    rest = f"{rest}, slowly"
    if warns_of_hazard(rest) or warns_of_someone(rest) or says_stop(rest):
        return goal, ""
    return rest, "; ".join(told)


# How a sentence that only sets the scene starts: who is speaking, or what someone else said
_CONTEXT_OPENING = re.compile(r"^(?:(?:hi|hello|hey|yo|ok|okay)(?: there)?(?: robot| bot)?[ ,!.]+)?(?:(?:this is|it's|it is|i'm|im|i am) "
                              r"(?:a |an |the |your )?[a-z]+(?: [a-z]+)?(?:,? (?:just )?(?:testing|trying) (?:you|u|this|it)(?: out)?)?|"
                              r"(?:this is|i'm|im|i am|we're|we are|i've been|we've been) [a-z' ]{1,80}?(?=\s*(?::|\s[-\u2013\u2014]+\s))|"
                              r"(?:a |one )?(?:little |quick |small |tiny )?(?:job|task|favour|favor|thing|errand)s? for you|"
                              r"[a-z]+ here|as an? [a-z]+|(?:my|our|the) [a-z]+ (?:said|says|told me|thinks|reckons|mentioned) [^.!?:]*|"
                              r"(?:quick )?(?:context|background|fyi|note|task|mission|speedrun|urgent|request|job|todo|to do|heads up)"
                              r")\s*(?:[.!:;-]+|,)\s+(?P<rest>\S.*)$", re.IGNORECASE)


def without_context(goal: str) -> str:
    """The goal without a first sentence or label that only sets the scene ("Chef here - ...", "I'm a
    student, testing u: ...", "as a gamer: ...", "My grandson said you could tidy up. Could you ...",
    "speedrun: ...") when what follows asks for something; unchanged when that part warns of anything
    ("grandma here" is someone to stop for) or nothing follows."""
    said = _CONTEXT_OPENING.match(goal.strip())
    if said is None:
        return goal
    opening = goal.strip()[: said.start("rest")]
    if warns_of_hazard(opening) or warns_of_someone(opening) or says_stop(opening):
        return goal
    try:
        rest = tokenize(normalise(said.group("rest")))
    except GoalRefused:
        return goal
    words = [t for t in rest if t[0].isalnum()]
    return said.group("rest") if begins_action(words) or rest[:1] in (["i"], ["please"]) or any(lx.kind_of(w) for w in words) \
        else goal


# Every noun of a kind, as a regex alternation, longest first ("boxes|cube|can|...")
KIND_NOUN_ALTERNATION = "|".join(sorted({w for words in lx.KIND_WORDS.values() for w in words} | set(lx.KIND_WORDS) | {"can", "cans"},
                                    key=len, reverse=True))
# Said of the robot's own motion while it moves, as a complaint: "you're going the wrong way", "not that way", "you're
# drifting toward the cone", "too close to the box": a moving robot stops ("wrong box" asks for another one).
_COMPLAINT_OBJECT = r"(?: (?:the|that|this|a|an|my) (?:[a-z]+ )?(?:one|" + KIND_NOUN_ALTERNATION + r")\b)?"
_MOTION_COMPLAINT = re.compile(
    r"\bwrong (?:way|direction)\b|\bnot (?:that|this) way\b|"
    r"\b(?:you're|you are|you re|youre|ur|u r|u're) (?:still |now |just |a bit |way |kind of |kinda |totally |clearly )?"
    r"(?:drifting|veering|swerving|sliding|heading|going|driving|moving|turning|steering|creeping|rolling|getting|pulling|edging)"
    r" (?:off course|off|wide|(?:the |a )?wrong (?:way|direction)\b|(?:straight |right |way )?(?:toward|towards|into|at)\b" +
    _COMPLAINT_OBJECT +
    r"|(?:to the |too far )?(?:left|right)\b(?! of)|too (?:far|close|near)\b(?: to" + _COMPLAINT_OBJECT + r")?)|"
    r"\b(?:way |much |far |a bit |a little |getting |a tad |slightly )?too (?:close|near)\b(?: to" + _COMPLAINT_OBJECT + r")?",
    re.IGNORECASE)
# The wrong one said beside a complaint about the motion: "that's the wrong bin, you're heading left"
_WRONG_ONE = re.compile(r"\b(?:that's|that is|thats|it's|it is|its) (?:the |a )?wrong [a-z]+\b")
# A complaint said as a clause of its own before a request: "you're a bit too close to that cone, back up", "whoa, wrong way,
# turn around" (the request is the goal)
_COMPLAINT_BEFORE_REQUEST = re.compile(
    r"^\s*(?:(?:no|nope|hey|oi|whoa|woah|wait|uh|oh|oops|careful|easy)[,!. ]+)*(?:(?:that's|that is|thats|it's|its|you're|you are|"
    r"you re|youre|ur|way|much|far) )?(?:(?!\b(?:don't|dont|do not|never|not|no|if|when|is|are)\b)[^,.;!?])*?"
    r"(?:wrong (?:way|direction)|not (?:that|this) way|too (?:close|near)(?: to [a-z ]+?)?|"
    r"(?:drifting|veering|swerving|heading|going|driving|moving|turning) (?:toward|towards|into|at) [a-z ]+?)[,.;!]+\s*"
    r"(?:so |and |now |just |please )*(?=(?:back|reverse|turn|go|drive|move|head|stop|steer|come|get|pick|put|take|use|keep|stay|"
    r"swing|veer|bear|rotate|spin)\b)", re.IGNORECASE)
# Cue words said inside a complaint, not asking for anything ("you're heading left", "you're going the wrong way")
_COMPLAINT_FILLERS = frozenset({"no", "nope", "hey", "oi", "whoa", "woah", "wait", "uh", "oh", "oops", "easy", "careful", "watch",
                                "look", "out", "hang", "hold", "on", "stop", "just", "ugh", "damn", "dude", "man"})


def _asks_for_something(word: str) -> bool:
    return (lx.lemma(word) in lx.ALL_CUES or word in lx.MOTION_WORDS or
            word in ("spin", "left", "right", "continue", "resume", "keep", "going", "ahead", "again")) \
        and word not in _COMPLAINT_FILLERS


def only_complains(goal: str) -> bool:
    """Whether the goal only complains of how the robot moves ("no no no, you're going the wrong way",
    "whoa, too close to the box!", "hey, that's the wrong bin, you're heading left") and asks
    nothing else: a stop. With a request after it ("too close, back up") the request is the goal."""
    text = " ".join(str(goal).lower().replace("\u2019", "'").split())
    if not _MOTION_COMPLAINT.search(text):
        return False
    rest = _WRONG_ONE.sub(" ", _MOTION_COMPLAINT.sub(" ", text))  # "that's the wrong bin, you're heading left"
    try:
        tokens = tokenize(normalise(rest)) if rest.strip(" ,.!?;:-") else []
    except GoalRefused:
        tokens = []
    words = [t for t in tokens if t[0].isalnum()]
    if _asked(tokens, words) if words else "?" in text:
        return False
    corrected = any(w in ("one", "other", "meant", "mean", "instead", "rather") or lx.color_of(w) or lx.kind_of(w) for w in words)
    return not corrected and not any(_asks_for_something(w) for w in words)  # "wrong box, the other one": a correction


_ALARM_WORDS_MAX = 4  # an alarm is short: "watch it!", "whoa whoa whoa"


def only_an_alarm(goal: str) -> bool:
    """Whether the goal is only an alarm or a complaint said to a moving robot ("watch it!", "whoa,
    too close!", "you're going the wrong way"), asking for nothing but a stop: it is no follow-up of
    the goal before ("watch it!" after "turn left" is no correction of the turn)."""
    if only_complains(goal):
        return True
    if not says_stop(goal):
        return False
    try:
        words = [t for t in tokenize(normalise(goal)) if t[0].isalnum()]
    except GoalRefused:
        return False
    return len(words) <= _ALARM_WORDS_MAX and not any(_asks_for_something(w) for w in words) and \
        not set(words) & (lx.SLOW_WORDS | {"fast", "faster", "quick", "quicker", "speed", "slower", "hurry"})  # "whoa, too fast"


def says_stop(goal: str) -> bool:
    """Whether a goal asks to stop (a stop phrase not said as what not to do: "stop, there is a
    person in front of you", not "don't stop") or is only an alarm ("danger!", "watch out!")."""
    try:
        tokens = tokenize(normalise(goal))
    except GoalRefused:
        return False
    words = [t for t in tokens if t[0].isalnum()]
    if only_complains(goal):
        return True  # "you're going the wrong way", "that's the wrong bin"
    if words and set(words) <= _ALARMS | {"stop", "hey", "oh", "robot", "be", "now", "please", "very", "heads", "up"} and \
            set(words) & {"emergency", "danger", "whoa", "woah", "careful", "out", "mayday", "heads"}:
        return True  # "danger!", "watch out!", "careful!", "be careful", "heads up!"
    if set(words) & _FIRE_ALARMS and len(words) <= 6 and not _asked(tokens, words) and \
            not set(words) & {"set", "light", "start", "make", "go", "put", "pick", "bring", "take", "if", "when"}:
        return True  # "fire!", "there's a fire", "something is burning", "gas leak", "sos"
    if words and all(re.fullmatch(r"no+|nope|noo+pe|(?:no){2,}", w) for w in words) and (len(words) > 1 or "!" in tokens
                                                                               or words[0] != "no"):
        return True  # "NO!", "no no no", "nooo": said to a moving robot, a stop
    if words in (["enough"], ["ok", "enough"], ["enough", "already"]) or said_alone_to_stop(words):
        return True  # "no." said to a moving robot, "one moment please", "power off": a stop
    looking_for = [t for k, t in enumerate(tokens) if not (t == "out" and tokens[k + 1 : k + 2] == ["for"])]
    if set(words) & _PAIN_OR_FRIGHT or any(_contains(looking_for, tuple(p.split())) for p in _HAZARD_WARNINGS):
        return True  # "ouch", "you're going to crash", "there's a person in front of you": stop first
    asked = _asked(tokens, words)
    if set(words) & {"emergency", "danger", "mayday"} and not asked:
        return True  # "emergency! go to the box": an alarm, said before a request
    if warns_of_hazard(goal):
        return True  # "there's a step in front of you", "careful, stairs!", "the floor is wet"
    if set(words) & _LIVING_THINGS and set(words) <= _LIVING_THINGS | _WARNING_WORDS and not asked:
        return True  # "the dog!", "kid!!", "mind the cat", "theres a puppy": a warning said in a word or two
    if words[:1] and words[0] in ("whoa", "woah") and not set(words) & {"slow", "slower", "slowly", "careful", "carefully"}:
        return True  # "whoa, you're too close", "whoa whoa": an alarm first
    if set(words) & _LIVING_THINGS and set(words) & {"there", "front", "way", "careful", "watch", "near", "behind"} and \
            not set(words) & {"if", "when", "whenever", "unless"} and not asked:
        return True  # "careful, there's a baby in front of you"
    for phrase in lx.STOP_PHRASES:
        if phrase in ("wait", "hold on", "hang on", "pause", "still"):
            continue  # a pause said before a request, not a stop of its own
        run = tuple(phrase.split())
        for i in range(len(tokens) - len(run) + 1):
            if tuple(tokens[i : i + len(run)]) != run:
                continue
            # "stop if you see a purple box", "if anything is in the way, stop": a stop on a condition
            conditional = bool(set(tokens[i + len(run) : i + len(run) + 4]) & _LATER_WORDS) or \
                bool(set(tokens[:i]) & {"if", "when", "whenever", "unless", "once"})
            if (phrase in lx.NEGATIVE_STOP_PHRASES or not set(tokens[max(0, i - 3) : i]) & (lx.NEGATION_WORDS | {"until"})) \
                    and not conditional:
                return True
    return False


# Words of a stop said to interrupt ("... STOP", "..., halt!", "... stop stop").
_INTERRUPTING_STOP_WORDS = frozenset({"stop", "halt", "freeze", "it", "now", "please", "robot", "right"})
# What joins a stop to the request before it as that request's last step ("go to the red box and stop").
_STOP_AS_LAST_STEP = frozenset({"and", "then", "&", "finally", "to", "not", "never", "dont", "until", "till", "you", "will",
                                "can", "could", "should", "must", "would", "that", "where", "before"})


def ends_in_interrupting_stop(goal: str) -> bool:
    """Whether the goal ends in a stop said to interrupt what comes before it, not as its last step:
    "go to the red box... STOP", "go to the red box, stop!", "go to the red box stop stop", "drive
    forward 2 m, halt!", "wait dont go there stop". A stop joined by "and" or "then" ("go to the red
    box and stop", "..., then stop there") and one on a condition ("when you reach the bin stop")
    are the plan's last step."""
    try:
        tokens = tokenize(normalise(goal))
    except GoalRefused:
        return False
    while tokens and tokens[-1] in ("!", ".", "?", "...", "-"):
        tokens = tokens[:-1]
    tail = len(tokens)
    while tail > 0 and tokens[tail - 1] in _INTERRUPTING_STOP_WORDS:
        tail -= 1
    said = set(tokens[tail:])
    if not said & {"stop", "halt", "freeze"} or not any(t[0].isalnum() for t in tokens[:tail]):
        return False
    if set(tokens[:tail]) & (_LATER_WORDS | {"while", "as"}):
        return False  # "when you reach the red box stop", "if you see a purple box, stop"
    before = [t for t in tokens[:tail] if t not in (",", "!", ".", "...", "-", ";", ":")]
    return before[-1:] != [] and before[-1] not in _STOP_AS_LAST_STEP and before[-2:] != ["after", "that"]


# Phrases of fright, distress or a hazard to the robot's path said without "stop".
_DISTRESS = ("scaring me", "frightening me", "scared", "i fell", "i have fallen", "i've fallen", "ive fallen", "help help",
             "watch your step", "mind your step", "come any closer", "come near me", "stay away from me", "get away from me",
             "earthquake", "tornado", "gas leak", "coming through")


# People said to be about, not in the way: "there are kids around", "people are about", "the dog is around"
_AROUND_SO_SLOWLY = re.compile(r"\b(?:there (?:are|is|s|re)|theres|there're) (?:\w+ ){0,2}?(?:kids|children|people|pets|dogs|cats|"
                               r"a dog|a cat|someone|somebody|folks) (?:around|about|here|in the room|nearby|in here)\b|"
                               r"\b(?:the )?(?:kids|children|people|pets|dogs|cats) (?:are|re) (?:around|about|here|nearby)\b")


def warns_of_someone(goal: str) -> bool:
    """Whether a goal that is no question and sets no condition mentions a person, an animal or a
    vehicle, or is said in fright or distress ("there's someone standing next to the red box",
    "grandma is behind you", "forklift behind you!", "you're scaring me", "watch your step"): the
    robot does not see people, so it stops rather than plan the rest."""
    try:
        tokens = tokenize(normalise(goal))
    except GoalRefused:
        return False
    words = [t for t in tokens if t[0].isalnum()]
    if _asked(tokens, words) or set(words) & {"if", "when", "whenever", "unless", "once"}:
        return False
    said = " ".join(words)
    if _only_reported(words):  # "my mum says put the cube away": she said it, she is not said to be in the way
        return False
    if _only_said_away(said):
        return False  # "my son gets home at five", "he's at work", "guests are coming at six": no one there now
    if _AROUND_SO_SLOWLY.search(said) and (set(words) & lx.SLOW_WORDS or slow_phrase_in(words)):
        return False  # "slowly go to the white box, there are kids around": the pace is asked for them, no one is in the way
    if someone_at_thing(str(goal)) is not None:  # "the bin's got a rabbit in it", "the cube is sitting on my hand"
        return True
    owned = {m.group(1) or m.group(2) for m in _OWNED_BY_SOMEONE.finditer(str(goal).lower())}  # "don't touch it, it's my sister's"
    owned |= {m.group(1) for m in _MEANT_FOR_SOMEONE.finditer(said)}  # "don't touch the cube, it's for someone else"
    return bool(set(words) & SOMEONE_WORDS - owned) or any(re.search(rf"\b{re.escape(p)}\b", said) for p in _DISTRESS) or \
        _SPEAKER_IN_THE_WAY.search(said) is not None or \
        _BODY_PART_PLACED.search(said) is not None or \
        re.search(r"\b(?:a|the|that|this|some|my|your|his|her|little) (?:man|guy|boy|girl)\b", said) is not None or \
        any(not _names_no_one(m["who"]) and (m["det"] or m["who"] not in _NOT_SOMEONE) for m in _SOMEONE_PLACED.finditer(said))


# Someone said to be away now, or to come only later: "he's at work", "my son gets home at five", "guests are coming at six"
_SAID_AWAY = re.compile(r"\b(?:he|she|they|he s|she s|they re|he's|she's|they're|[a-z]+(?:'s| is| are| s))(?: (?:still|out|away|"
                        r"currently))? (?:at work|"
                        r"at school|at the shops|out shopping|out|away|not (?:here|home|in)|on holiday|abroad|upstairs|downstairs|"
                        r"in (?:bed|the garden|another room|the other room))\b(?! (?:by|near|next|beside|behind|in front)\b)|"
                        r"\b(?:coming|visiting|arriving|gets? home|comes? home|coming (?:home|round|over|back)|back|home) (?:at \d+|"
                        r"at (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday|midnight)|around \d+|"
                        r"later|tonight|tomorrow|soon|this (?:afternoon|evening|morning|weekend)|next week|in (?:an|a|\d+) (?:hour|"
                        r"minutes?|hours|days?))\b")

# Someone said to be somewhere now: "she's by the door", "he is standing next to the bin", "right behind you"
_SAID_THERE_NOW = re.compile(r"\b(?:is|are|s|re|he|she|they|standing|sitting|lying|sat|stood|kneeling|playing|sleeping|right|just|now|"
                             r"still) "
                             r"(?:right |just |now |still )?(?:by|near|next to|beside|behind|in front of|in your way|in the way|"
                             r"under|on|at|in|inside|around|here|there)\b(?! (?:work|school|the shops|holiday|bed)\b)")


def _only_said_away(said: str) -> bool:
    """Whether the words (lower case) say one person is away or comes only later, and nothing says anyone is there now,
    in the way or in distress."""
    return _SAID_AWAY.search(said) is not None and len(set(re.findall(r"[a-z]+", said)) & SOMEONE_WORDS) <= 1 and \
        _SPEAKER_IN_THE_WAY.search(said) is None and _SAID_THERE_NOW.search(said) is None and \
        not any(re.search(rf"\b{re.escape(p)}\b", said) for p in _DISTRESS)


def _without_who_is_away(text: str) -> str:
    """The goal without a clause that says someone is away or comes only later ("my son gets home at five, so put the
    cube away", "..., guests are coming at six"), when that is all it says of people (warns_of_someone)."""
    said = text.lower()
    away = _SAID_AWAY.search(said)
    if away is None or not _only_said_away(said.replace("'", " ")):
        return text
    before = re.search(r"(?:,|;|\.)\s*(?:(?:and )?so|therefore)\s+", said[away.end():])
    if before is not None and not re.search(r"[.;!?]", said[: away.start()]):  # "my son gets home at five, so put ..."
        return text[away.end() + before.end():]
    after = re.match(r"[^,.;!?]*[,.;!?]\s*", said[away.end():])
    if after is not None and not re.search(r"[,.;!?]", said[: away.start()]) and \
            begins_action(said[away.end() + after.end():].split()):  # "my son is at school, go to the bin"
        return text[away.end() + after.end():]
    start = max(said.rfind(",", 0, away.start()), said.rfind(".", 0, away.start()), said.rfind(";", 0, away.start()))
    if start > 0 and not re.search(r"[,.;!?]", said[away.end():].rstrip(" .!")):  # "clear the floor, guests are coming at six"
        return text[:start]
    return text


# The person speaking said to be by the robot: "I'm standing right behind you", "we are in front of you"
_SPEAKER_IN_THE_WAY = re.compile(r"\b(?:i am|we are)(?: (?:just|right|still|now|standing|sitting|kneeling|crouching|lying|stood|"
                                 r"sat|directly|immediately))* (?:behind|in front of|next to|beside|near|by|close to|in your way|"
                                 r"in the way|on your (?:left|right)|to your (?:left|right))\b")
# Someone's hand or foot said to be somewhere: "my hand is in the bin", "his foot's right next to the box", "my granny's
# hand is in the red bin"
BODY_PART_WORDS = ("hands", "hand", "feet", "foot", "arms", "arm", "legs", "leg", "fingers", "finger", "head", "toes", "toe",
                   "paws", "paw", "tail", "lap")
# Animals beside the pets of SOMEONE_WORDS that may be said to be in or on a thing: "the bin's got a rabbit in it"
SMALL_ANIMAL_WORDS = frozenset({"rabbit", "bunny", "hamster", "mouse", "bird", "snake", "lizard", "ferret", "parrot", "squirrel",
                                "frog", "turtle", "tortoise", "hedgehog", "guinea pig"})
_BODY_PART_PLACED = re.compile(r"\b(?:(?:my|your|his|her|our|their|the) [a-z]+(?: s)?|my|your|his|her|our|their|someone s|"
                               r"somebody s) (?:" + "|".join(BODY_PART_WORDS) + r") (?:is |are |s )?(?:still |just |right |now )?"
                               r"(?:in|inside|on|"
                               r"under|near|by|next|behind|beside|over|at|between|there|here|close)\b")
# Someone a thing is meant for, and not where they are: "it's for someone else", "that's for my son", "they're saved for the kids"
_MEANT_FOR_SOMEONE = re.compile(r"\b(?:it s|it is|its|that s|that is|thats|they re|they are|those are|these are|this is)(?: (?:meant|"
                                r"saved|reserved|kept|set aside|put aside|needed))? for (?:(?:my|our|your|his|her|their|the|a) )?"
                                r"([a-z]+)\b")
# Someone's, said of a thing they own and not of where they are: "it's my sister's", "that's my son's project"
# ("my son's standing by the bin" is where he is)
_OWNED_BY_SOMEONE = re.compile(r"\bbelongs? to (?:the |my |our |your )?([a-z]+)\b|"
                               r"\b(?:(?:my|your|his|her|our|their|the) )?([a-z]+)(?:'s|s'|\u2019s)(?= *(?:$|[.,;!?]| "
                               r"(?!(?:standing|sitting|"
                               r"lying|laying|there|here|by|next|near|in|behind|on|over|around|coming|playing|asleep|right|just|still|"
                               r"about|close|at|under|crawling|walking|running|sleeping|back|outside|inside|curled|napping|snoozing|"
                               r"resting|hiding|waiting|sat|stood|perched|lounging|hanging|sniffing|nearby|underneath|beside|"
                               r"between|wandering|heading|moving|got|gone|stuck|trapped)\b)[a-z]+))")


def _names_no_one(word: str) -> bool:
    """Whether a word said to lie or stand somewhere is a thing's kind or colour ("the box is standing ...")."""
    return bool(lx.kind_of(word) or lx.color_of(word) or word in lx.ANY_KIND_WORDS)


# Anyone said to lie, stand or sit somewhere, whatever the word for them ("my mate's lying on the floor by the
# cone") or by name ("Marco is standing right by the grey bin", "Sam's lying on the floor next to the can")
_SOMEONE_PLACED = re.compile(r"\b(?:(?P<det>my|your|his|her|our|their|a|the|some) )?(?P<who>[a-z]+) (?:is |are |s |was )?"
                             r"(?:still |just |now )?(?:lying|laying|standing|sitting|sleeping|crawling|kneeling|crouching|squatting|"
                             r"hiding|lying down|passed out) (?:on|by|near|next|in|behind|beside|under|at|right|just|there|here|"
                             r"over|close|between)\b")
# Words before such a verb, with no determiner before them, that are no one: "it's sitting by the bin", "which is
# lying next to it"
_NOT_SOMEONE = frozenset({"it", "that", "this", "which", "what", "one", "ones", "there", "here", "thing", "things", "stuff",
                          "something", "nothing", "anything", "everything", "they", "them", "those", "these", "tin", "tins",
                          "also", "all", "still", "and", "or", "but", "is", "s", "was", "currently", "object", "objects",
                          "you", "i", "we", "me", "are", "am", "were", "be", "been", "being", "just", "re", "keep", "stop"})


# Verbs that say what someone said, wanted, owns or did, not where they are: "my mum says ...", "dad bought that can"
_REPORTING_VERBS = frozenset({"says", "said", "say", "wants", "wanted", "asked", "asks", "told", "tells", "bought", "buys",
                              "named", "calls", "called", "gave", "gives", "thinks", "thought", "reckons", "likes", "loves",
                              "bet", "bets", "needs", "needed", "owns", "suggested", "suggests", "prefers", "insists",
                              "insisted", "reminded", "texted", "mentioned"})
# Words that place someone or say they move: a person said with one of them may be in the robot's way
_PRESENCE_WORDS = frozenset({"here", "there", "near", "nearby", "next", "behind", "front", "beside", "by", "around", "lying",
                             "standing", "sitting", "walking", "running", "coming", "crawling", "playing", "sleeping", "way",
                             "floor", "room", "close", "under", "underneath", "between", "approaching", "entering", "home",
                             "hurt", "injured", "fell", "fallen", "stuck"})


def _only_reported(words: list[str]) -> bool:
    """Whether every person a goal mentions is the subject of a verb of saying, wanting or owning ("my
    mum says ...", "my sister named the box Gerald") and nothing places anyone ("my mum says the baby is
    behind the box" does): such a mention is context, not someone in the robot's way."""
    people = [k for k, w in enumerate(words) if w in SOMEONE_WORDS]
    if not people or set(words) & _PRESENCE_WORDS or any(p in " ".join(words) for p in _DISTRESS):
        return False
    return all(((k > 0 and words[k - 1] in ("my", "your", "his", "her", "our", "their", "the")) or words[k] in _FAMILY_NAMES) and
               words[k + 1 : k + 2] and words[k + 1] in _REPORTING_VERBS for k in people)


# Who may be said to have asked for a request ("my boss wants you to ..."), besides SOMEONE_WORDS
_OTHER_REQUESTERS = frozenset({"friend", "boss", "mate", "teacher", "partner", "neighbour", "neighbor", "colleague",
                                         "flatmate", "roommate", "manager", "girlfriend", "boyfriend", "wife", "husband"})
# Words for family said as names ("mum says ...", "dad bought ...")
_FAMILY_NAMES = frozenset({"mum", "mom", "dad", "grandma", "grandpa", "granny", "grandad", "nan", "nana", "papa", "mama"})
# "My mum says ...", "dad wants you to ...": who asked, before what they asked for
_REPORTED_REQUEST = re.compile(r"^(?:(?:right|ok|okay|so|well|um|uh|and|oh|anyway)[ ,]+)*(?:(?:my|your|our|the) )?(?P<who>[a-z]+) "
                               r"(?:says|said|wants you to|wanted you to|would like you to|"
                               r"asked (?:me|you) to|told (?:me|you) to|needs you to|reckons you should|thinks you should)"
                               r"(?: that)?,? (?=[a-z])")


# Said before a "don't" that takes the request before it back: "no wait don't", "oh no, don't".
_BEFORE_TAKING_BACK = frozenset({"no", "wait", "oh", "hmm", "um", "uh", "nah", "oops", "sorry", "hold", "on", "stop", "except",
                                 "second", "thought", "thoughts", "i", "mean", "jk", "lol", "kidding", "just", "actually",
                                 "scratch", "that"})
# Said alone (with "please" or "now" at most), these stop; inside a longer goal they mean other things
# ("turn off collision checking", "one second red box").
_STOPS_ALONE = frozenset({("no",), ("no", "do", "not"), ("do", "not"), ("do", "not", "do", "that"), ("do", "not", "do", "it"),
                          ("wait", "do", "not"), ("hey", "wait", "do", "not"), ("wait", "no", "do", "not"), ("hold", "on", "do", "not"),
                          ("hang", "on", "do", "not"), ("no", "wait", "do", "not"), ("wait", "wait", "do", "not"),
                          ("no", "do", "not", "do", "that"), ("gimme", "a", "sec"), ("give", "me", "a", "sec"),
                          ("give", "me", "a", "second"), ("gimme", "a", "second"), ("hey", "hey"), ("hey", "hey", "hey"),
                          ("easy", "easy"), ("uh", "oh"), ("chill",), ("one", "moment"), ("just", "a", "second"),
                          ("just", "a", "sec"), ("one", "sec"),
                          ("one", "second"), ("a", "moment"), ("oh", "no"), ("power", "off"), ("switch", "off"),
                          ("turn", "off"), ("shutdown",), ("shut", "off")})


def said_alone_to_stop(words: list[str]) -> bool:
    """Whether the words of a goal are only one of _STOPS_ALONE ("no", "power off", "one moment please")."""
    return tuple(w for w in words if w not in ("please", "now", "robot")) in _STOPS_ALONE


# Said by someone hurt or frightened: a moving robot stops.
_PAIN_OR_FRIGHT = frozenset({"ouch", "ow", "oww", "owww", "ouchie", "yikes", "aah", "aaah", "aaaah", "ahh", "ahhh", "argh",
                             "eek", "hurts", "hurt"})
# Warnings of a hazard said without "stop".
_HAZARD_WARNINGS = ("fire alarm", "smoke alarm", "alarm is going off", "alarm going off", "alarm is ringing", "alarm ringing",
                    "going to crash", "gonna crash", "about to crash", "about to hit", "going to hit", "gonna hit",
                    "watch it", "my foot", "my hand", "my leg", "look out", "gonna run into", "going to run into",
                    "about to run into", "you will hit", "you will run into", "you will crash", "you will fall",
                    "gonna fall", "going to fall", "about to fall", "gonna bump", "going to bump", "about to bump",
                    "you will bump", "fall down the stairs", "too close", "watch out", "my toe", "my toes", "my feet",
                    "my finger", "my fingers", "my arm", "my paw", "my tail")
# Living things whose mention beside where the robot goes is a warning.
_LIVING_THINGS = frozenset({"person", "people", "baby", "child", "children", "kid", "kids", "dog", "cat", "pet", "human",
                            "someone", "somebody", "toddler", "puppy", "kitten", "doggy", "doggie", "kitty", "infant",
                            "pets", "dogs", "cats", "someones", "somebodys", "anyones", "anybodys"})
# People, animals and vehicles whose mention in a goal that is no question is a warning: the robot,
# which does not see them, stops rather than act on the rest ("there's someone standing next to the red box").
SOMEONE_WORDS = _LIVING_THINGS | frozenset({
    "babys", "babies", "humans", "men", "woman", "women", "lady", "grandma", "grandpa", "granny", "grandad", "mum", "mom",
    "dad", "husband", "wife", "son", "daughter", "brother", "sister", "forklift", "truck", "cart", "trolley", "wheelchair",
    "bike", "bicycle", "scooter", "vehicle", "car", "colleague", "colleagues", "coworker", "coworkers", "friend", "friends",
    "visitor", "visitors", "guest", "guests", "worker", "workers", "customer", "customers", "nurse", "boss", "neighbour",
    "neighbor", "uncle", "aunt", "auntie", "cousin", "grandson", "granddaughter", "teenager", "technician", "nan", "nana", "nanna",
    "nanny", "gran", "grandmother", "grandfather", "grandparent", "grandparents", "mother", "father", "mama", "papa", "mummy",
    "daddy", "parent", "parents", "toddlers", "niece", "nephew", "flatmate", "roommate", "housemate", "partner",
    "girlfriend", "boyfriend", "hubby", "missus", "kiddo", "kiddos", "youngster", "puppies", "kittens", "bloke", "blokes", "chap",
    "chaps", "fella", "fellas", "gent", "gentleman", "lass", "lasses", "ladies", "folks"})
# not "man", "guy", "boy": said as interjections too
_THING = r"(?P<what>(?:the|that|this|your) (?:[a-z]+ )?(?:" + KIND_NOUN_ALTERNATION + r"))"
_STATE_WORDS = r"(?:'s| is| s| has| are)(?: got)?(?: (?:really|very|super|still|extremely|burning|boiling|scalding|piping|way|too|" \
    r"just|literally|currently|sitting|lying|resting|balanced))* "
# A thing said to hold a living thing or someone's hand: "the bin's got a rabbit in it", "the cube is sitting on my hand"
_SOMEONE_AT_THING = re.compile(
    _THING + _STATE_WORDS + r"(?:(?:on|in|under|against) (?:my|your|his|her|their|someone's|someone s|somebody's) (?:"
    + "|".join(BODY_PART_WORDS) + r")\b|(?:a|an|the|my|some|our|his|her) (?:[a-z]+ )?(?:"
    + "|".join(sorted(_LIVING_THINGS | SMALL_ANIMAL_WORDS, key=len, reverse=True))
    + r")(?: sleeping| asleep| hiding| sitting| living)? (?:in|inside|on|under) (?:it|there)\b)", re.IGNORECASE)
# A thing said to be unsafe to touch: "the black can is red-hot", "the green can's scalding"
_UNSAFE_TO_TOUCH = re.compile(_THING + _STATE_WORDS + r"(?:hot|red-hot|red hot|scalding|boiling|burning|scorching|sizzling|"
                              r"sharp)\b", re.IGNORECASE)


def someone_at_thing(goal: str) -> str | None:
    """The thing the goal says holds a living thing or someone's hand ("the bin's got a rabbit in
    it": "the bin"), or None."""
    said = _SOMEONE_AT_THING.search(" ".join(goal.lower().replace("\u2019", "'").split()))
    return said.group("what") if said else None


def said_unsafe_to_touch(goal: str) -> str | None:
    """The thing the goal says is unsafe to touch ("the black can is red-hot": "the black can"), or None."""
    said = _UNSAFE_TO_TOUCH.search(" ".join(goal.lower().replace("\u2019", "'").split()))
    return said.group("what") if said else None


# Hazards underfoot whose mention, with a word that places or warns, is a warning: a moving robot stops.
_FLOOR_HAZARDS = frozenset({"water", "oil", "liquid", "grease", "ice", "toys", "lego", "stairs", "staircase", "stair", "drop",
                            "hole", "ledge", "cable", "cables", "wire", "wires", "cliff", "cord", "cords", "rug", "mat",
                            "hose", "mud", "glue", "paint", "marbles", "nails", "screws", "debris", "crack", "pothole",
                            "puddle", "spill", "wet", "slippery", "step", "steps", "edge", "gap", "glass", "juice", "milk",
                            "coffee", "soda", "wine", "tea", "sauce", "soup", "beer", "syrup", "shards", "acid", "bleach",
                            "chemical", "chemicals", "mopped", "waxed", "polished", "scrubbed", "detergent", "soap"})
# Hazard words that are also verbs or everyday words: a hazard only after a determiner ("a drop", "the edge").
_AMBIGUOUS_HAZARDS = frozenset({"drop", "step", "steps", "edge", "gap", "glass", "spill", "paint", "crack", "mat", "rug", "hose",
                                 "juice", "milk", "coffee", "soda", "wine", "tea", "sauce", "soup", "beer", "syrup"})
_HAZARD_CUES = frozenset({"there", "careful", "watch", "mind", "beware", "ahead", "front", "behind", "floor", "danger",
                          "whoa", "woah", "is", "spilled", "spilt", "leaking", "leaked", "everywhere", "still", "mopping",
                          "wiping", "cleaning"})
# Words that may come with a living thing in a warning of a word or two ("the dog!", "mind the cat", "there's a kid").
_WARNING_WORDS = frozenset({"the", "a", "an", "there", "is", "are", "mind", "watch", "careful", "look", "out", "oh", "hey",
                            "my", "our", "little", "small", "robot", "whoa", "woah", "wait", "no", "here", "coming", "for"})
_LATER_WORDS = frozenset({"if", "when", "whenever", "once", "unless", "until", "till", "soon", "moment", "after"})


def _ends_taking_back(tokens: list[str]) -> bool:
    """The last sentence or clause of the goal only takes the request before it back ("go to the red
    box. actually, don't", "... - no, wait"); a stop is never taken back ("stop! don't")."""
    if any(_contains(tokens, tuple(p.split())) for p in lx.STOP_PHRASES if p not in ("wait", "hold on", "hang on")):
        return False
    cut = max((k for k, t in enumerate(tokens[:-1]) if t in (",", ".", ";", "?", "!", "-")), default=-1)
    # "..., or no, don't": the sentence before the last one may be only "or" or "no"
    start = max((k for k, t in enumerate(tokens[:-1]) if t in (",", ".", ";", "?", "!", "-") and k < cut and
                 [w for w in tokens[k + 1 : cut] if w[0].isalnum()] in (["or"], ["or", "no"], ["no"])), default=cut)
    for begin in {cut, start}:
        last = tuple(t for t in tokens[begin + 1 :] if (t[0].isalnum() and t not in ("please", "then", "and", "but",
                                                                                   "actually", "or", "maybe", "perhaps"))
                     or t == "actually")
        if cut >= 0 and any(last == p or last == tuple(w for w in p if w != "actually") for p in _TAKEN_BACK_ENDS):
            return True
        while last and last[0] in _BEFORE_TAKING_BACK:
            last = last[1:]  # "... . no wait, don't", "... - oh no, don't do that"
        if cut >= 0 and last and last[:2] == ("do", "not") and any(last == p for p in _TAKEN_BACK_ENDS):
            return True
    # unpunctuated, as spoken: "go to the red box or actually no", "... wait no", "... nah", "... no wait dont"
    words = [t for t in tokens if t[0].isalnum() and t not in ("please", "actually")]
    if len(words) > 4 and words[-2:] == ["do", "not"] and words[-3] in _BEFORE_TAKING_BACK:
        return True
    return any(len(words) > len(p) + 2 and tuple(words[-len(p):]) == p and
               (bool(set(p) & {"no", "wait", "nah", "naw", "nope", "thoughts"}) or words[-len(p) - 1] == "or")
               for p in (tuple(w for w in end if w != "actually") for end in _TAKEN_BACK_ENDS))


_PAUSES = (("hang", "on"), ("hold", "on"), ("wait",), ("ok", "so"), ("okay", "so"), ("so",), ("ok",), ("okay",),
           ("well",), ("oh",), ("right",), ("alright",), ("hmm",), ("hey",), ("quick", "question"), ("one", "question"),
           ("just", "wondering"), ("i", "was", "wondering"), ("sorry",))


def _without_pause_before_question(tokens: list[str]) -> list[str]:
    """"Wait, how many cubes are there?", "hold on where is the red box": a question after a pause
    (the pause is no stop, and "hold" no grip)."""
    rest = tokens
    while True:
        pause = next((p for p in _PAUSES if tuple(rest[: len(p)]) == p), None)
        if pause is None:
            break
        rest = rest[len(pause):]
        while rest and rest[0] in (",", "-", ".", "!", ":"):
            rest = rest[1:]
    return rest if rest is not tokens and rest and is_question(rest[: rest.index("?") + 1] if "?" in rest else rest) \
        else tokens


_DISMISSALS = (("never", "mind"), ("nevermind",), ("forget", "about"), ("forget",), ("ignore",), ("skip",),
               ("do", "not", "worry", "about"), ("no", "need", "to", "worry", "about"))


def _without_dismissal_before_question(tokens: list[str]) -> list[str]:
    """"Never mind the cubes, how many cans do you see?", "forget that. where is the bin?": the question
    after what the person sets aside (nothing is to be done about it)."""
    dismissal = next((p for p in _DISMISSALS if tuple(tokens[: len(p)]) == p), None)
    said_first = next((k for k, t in enumerate(tokens) if t in (",", ".", ";", "-", ":")), -1)
    if dismissal is None or said_first <= len(dismissal) - 1 or begins_action(tokens[len(dismissal) : said_first]):
        return tokens
    asked = tokens[said_first + 1 :]
    if asked and is_question(asked[: asked.index("?") + 1] if "?" in asked else asked):
        return asked
    return tokens


# An exception from several named by a relation to another object ("all the cubes except the one
# behind the red box"): not read, so refused rather than dropped.
_PLURAL_KINDS = r"(?:boxes|cubes|bins|cans|tins|balls|bottles|plates|cones)"
# A share of the objects of a kind that does not say which: "every cube but one", "all but one of the cans", "half the cans",
# "every other cube", "some of the cubes"
_SHARED_KIND = r"(?:[a-z]+ )?(?P<kind{n}>" + "|".join(sorted({w for words in lx.KIND_WORDS.values() for w in words if w.isalpha()} |
                                                            {"can", "cans", "tin", "tins", "things", "objects", "ones"},
                                                            key=len, reverse=True)) + r")\b"
_A_SHARE_OF_THEM = re.compile(r"\b(?:(?:all|every|each)(?: of)?(?: the)? " + _SHARED_KIND.format(n=1) + r"(?:e?s)? (?:except|but|apart "
                              r"from|other than|save|bar|minus|excluding)(?: for)? (?:one|1|a single one|two|2)\b|all (?:but|except) "
                              r"(?:one|1|two|2)(?: of)?(?: the)? " + _SHARED_KIND.format(n=2) + r"|\bhalf(?: of)?(?: the| all the| all| "
                              r"those) " + _SHARED_KIND.format(n=3) + r"|\bevery (?:other|second|alternate) " + _SHARED_KIND.format(n=4) +
                              r"|\bsome of (?:the|those) " + _SHARED_KIND.format(n=5) + ")")
# One point of a goal moved: "move the second point half a metre further right", "shift the last stop a bit left"
_ONE_POINT_MOVED = re.compile(r"\b(?:move|shift|change|nudge|adjust|push|put) the (?:first|second|third|fourth|last|next|other|final|"
                              r"1st|2nd|3rd) (?:point|spot|place|waypoint|position|stop|coordinate|location)s?\b")


def share_said(goal: str) -> re.Match[str] | None:
    """Where a goal asks for a share of the objects of a kind that does not say which ("every cube but one",
    "half the cans"); group ``kind1``/``kind2`` is set for a share said by what is left out."""
    return _A_SHARE_OF_THEM.search(normalise(goal)) if len(goal) <= 300 else None


# An amount said per object seen: "drive forward one metre for every ball you see", "turn 90 degrees once for each cube"
_PER_OBJECT_SEEN = re.compile(r"\b(?:m|cm|metres?|meters?|degrees?|deg|seconds?|secs?|times?|once|twice)\b[^,.;]{0,20}?\b"
                              r"(?P<per>(?:for|per) (?:every|each)(?: single)? (?:[a-z]+ )?"
                              r"(?P<kind>cube|box|bin|ball|can|tin|bottle|plate|cone|object|thing)s?)\b")
_EXCEPTED_BY_RELATION = re.compile(rf"\b(?:all|every|each|any|either|the (?:[a-z]+ )?{_PLURAL_KINDS})\b[^,.;]*?\b(?:except|but not|"
                                   r"other than|apart from|besides|excluding|minus|but)(?: for)? the (?:[a-z]+ )?"
                                   r"(?:one|cube|box|bin|can|tin|ball|bottle|plate|cone)s? (?:that is |that's |"
                                   r"which is )?(?:behind|next to|beside|near|nearest|closest|nearest to|closest to|in front of|by|"
                                   r"left of|right of|furthest from|farthest from|close to)\b")
# Kinds the gripper does not take, as the text says them (a noun "can" is read as "tin": noun_can).
_NOT_CARRIED = "|".join(sorted({w for k in LABELS if k not in GRASPABLE_LABELS for w in (k, *lx.KIND_WORDS.get(k, ()))
                                 if w.isalpha() and not (w.endswith("s") and lx.kind_of(w[:-1]))
                                 and not (w.endswith("es") and lx.kind_of(w[:-2]))}, key=len, reverse=True))
_CARRIED = "|".join(w for k in GRASPABLE_LABELS for w in (k, *lx.KIND_WORDS.get(k, ())) if w.isalpha())
CONTAINER_KINDS = frozenset({"bin"})  # the kinds things can be put into
_CARRYING_A_FIXTURE = re.compile(r"\b(?:bring|carry|move|push|drag|haul|lug|shift|put|place|drop|stash|set|stick|throw|toss|roll|shove|"
                                 r"slide|nudge|wheel|tip|pull|tow|heave|chuck|fling|hurl|lob) "
                                 r"(?:the |a |that |this |your )?((?:(?!(?:in|into|to|on|onto|inside|it|them|all|both|every|each|the|"
                                 rf"some|those|these|{_CARRIED})\b)[a-z]+ ){{0,2}}?({_NOT_CARRIED}))(?:e?s)? "
                                 r"(?:over |across |back )?"
                                 r"(?:to|into|in|inside|over to|"
                                 r"onto|on|next to|towards|beside|near)\b")
# A goal said to be done more than once: on a schedule, again after itself, back and forth.
_REPEATED = re.compile(r"\b(?:every (?:\S+ |couple of )?(?:seconds?|minutes?|hours?|days?|mins?|secs?|mornings?|evenings?|nights?)\b|"
                       r"every so often|periodically|now and then|on repeat|over and over|again and again|back and forth|"
                       r"(?:and|then|,) (?:do|repeat) (?:that|it|this)(?: all)? (?:again|once more|one more time)|"
                       r"(?:and|then|,) repeat(?: that| it| this)?$)")
# A drive or turn said to go on without end: no set distance or angle, refused rather than cut short.
_ENDLESS = re.compile(r"\b(?:forever|for ever|nonstop|non-stop|non stop|indefinitely|endlessly|continuously|without end|"
                      r"keep (?:on )?(?:going|driving|moving|turning|spinning|rolling|rotating)(?! (?:until|till|to|towards) )|"
                      r"(?:don't|do not|dont|never) stop(?! (?:until|till|for|at|before|when|if|unless))|"
                      r"until i (?:say|tell you)(?: to)?(?: stop)?|till i (?:say|tell you)(?: to)?(?: stop)?)\b")


_REGARDLESS = (("anyway",), ("anyhow",), ("either", "way"), ("regardless",), ("in", "any", "case"), ("whatever", "the", "answer"),
               ("all", "the", "same"), ("then",), ("so",), ("ok",), ("okay",), ("now",), ("and",), ("also",),
               ("after", "you", "answer"), ("after", "that"), ("when", "you", "have", "answered"))


_ASKING_WORDS = ("what", "whats", "which", "where", "wheres", "how", "is", "are", "do", "does", "did", "can", "could", "was",
                 "were", "who", "whose", "have", "has")


def _without_regardless(request: list[str]) -> list[str]:
    """A request said after a question without the words that say the answer does not matter ("anyway, go
    to the red bin", "pick it up either way")."""
    words = [t for t in request if t != "?"]
    changed = True
    while changed:
        changed = False
        for said in _REGARDLESS:
            if tuple(words[: len(said)]) == said and len(words) > len(said):
                words, changed = words[len(said) :], True
            while words and words[0] in (",", ".", ":", "-"):
                words, changed = words[1:], True
            if len(words) > len(said) and tuple(words[-len(said) :]) == said and said != ("and",):
                words, changed = words[: -len(said)], True
            while words and words[-1] in (",", ".", "!"):
                words, changed = words[:-1], True
    return words


def _request_after_question(asked: list[str], request: list[str]) -> list[str]:
    """The request after a question about one or two objects ("what colour is the box closest to you? go to it",
    "is the blue cube closer than the red box? pick it up either way"), with "it" said as the object it is
    about (of two, the one the request can act on: a cube to pick up); the question is answered by doing.
    [] when the request has a pronoun the question does not settle."""
    words = _without_regardless(request)
    if not asked or asked[0] not in _ASKING_WORDS or not begins_action(words):  # not "when you get there, ..."
        return []
    if not {"it", "there"} & set(words):
        return words
    refs = [r for r in read_objects([t for t in asked if t != "?"])[0] if r.kind and not r.pronoun]
    superlative = any(w in lx.NEAREST_WORDS | lx.FARTHEST_WORDS for w in asked)
    picks = any(lx.lemma(w) in (*lx.ACTION_CUES["pick"], *lx.ACTION_CUES["place"]) for w in words)
    chosen = [r for r in refs if r.kind == "cube"] if picks and len(refs) > 1 else refs
    if len(chosen) != 1:
        return []
    ref = chosen[0]
    rank = {"nearest": "nearest ", "farthest": "farthest "}.get(ref.superlative, "") if superlative else ""
    named = ["the", *f"{rank}{ref.color + ' ' if ref.color else ''}{ref.kind}".split()]
    out: list[str] = []
    for k, t in enumerate(words):
        if t == "it":
            out += named
        elif t == "there" and k > 0 and words[k - 1] in ("go", "drive", "head", "move"):
            out += ["to", *named]
        else:
            out.append(t)
    return out


_NOT_A_ONE_BEFORE = frozenset({"no", "any", "each", "every", "per", "at", "by", "only", "one", "which"})


def _request_after_plural_question(asked: list[str], request: list[str]) -> list[str]:
    """The request after a question about several of one kind ("how many bins are there? put the red cube
    in the nearer one"), with its "one"/"them" said as that kind: the question names what the request
    picks from, and is not itself a step. [] when the question names no such kind, or a single object."""
    kinds = {lx.kind_of(w) for w in asked if lx.kind_of(w)}
    if len(kinds) != 1 or not all(lx.is_plural_kind(w) for w in asked if lx.kind_of(w)):
        return []
    kind = kinds.pop()
    plural = next(w for w in asked if lx.kind_of(w))
    out: list[str] = []
    for k, t in enumerate(request):
        after = request[k + 1] if k + 1 < len(request) else ""
        if t == "one" and not lx.kind_of(after) and after not in ("of", "more", "by", "at") and \
                (not out or out[-1] not in _NOT_A_ONE_BEFORE):
            out.append(kind or t)
        elif t == "them" and (not out or out[-1] != "of" or (len(out) > 1 and out[-2] in ("all", "both", "each", "one", "any", "either"))):
            out += ["the", plural]
        else:
            out.append(t)
    return out


def _without_bracketed_asides(tokens: list[str]) -> list[str]:
    """Without a remark in brackets that names no object ("... and avoid the red cube (it's fragile-ish)"); a
    warning in brackets was heard before the goal was read (warns_of_hazard)."""
    out = list(tokens)
    while "(" in out and ")" in out[out.index("(") :]:
        start = out.index("(")
        end = out.index(")", start)
        inside = out[start + 1 : end]
        if any(lx.kind_of(t) or lx.color_of(t) or t in ("not", "never", "no", "slowly", "carefully") or t[:1].isdigit() or
               t[:1] == "-" for t in inside):
            break
        out = [*out[:start], *out[end + 1 :]]
    return out


# A place said as where something stood before ("go to where the can was", "put it back where it was")
_WHERE_IT_WAS = re.compile(r"\bwhere (?:the|that|this|it|they|my|your|those)\b(?: [a-z]+){0,3}? (?:was|were|used to be|had been|"
                           r"stood|sat|lay|was sitting|was standing|were sitting|was lying|started|began)\b")
# Words of a goal that only takes back the one going on ("actually no, don't!", "no no no, don't do that")
_TAKING_BACK_WORDS = frozenset({"no", "nope", "nah", "actually", "wait", "oh", "hey", "oi", "sorry", "hmm", "please", "don't", "dont",
                                "do", "not", "that", "it", "hang", "on", "whoa", "woah", "never", "mind", "cancel", "ah"})

# Words of "on second thoughts, leave it", "just leave it be for now"
_LEAVING_IT_WORDS = frozenset({"on", "second", "thought", "thoughts", "leave", "be", "alone", "then", "for", "now", "just", "forget",
                               "ok", "okay", "fine", "i", "changed", "my"})


def read_goal(goal: str) -> tuple[Reading, list[list[str]]]:
    """The reading of a goal, and each clause's tokens; GoalRefused for input it must not act on."""
    text = normalise(goal)
    tokens = tokenize(text)
    if said_alone_to_stop([t for t in tokens if t[0].isalnum()]):
        tokens = ["stop"]  # "no.", "power off", "one moment please"
    tokens = _without_bracketed_asides(tokens)
    for rewrite in _REWRITES:  # each reads the tokens the one before it left
        tokens = rewrite(tokens)
    check_english(tokens)
    if _WHERE_IT_WAS.search(" ".join(tokens)) and not is_question(tokens):
        raise GoalRefused("I don't keep where things stood before they were moved; name the point to go to (x ahead, y to "
                          "the left, in metres) or something I see")  # "go back to where the first one was sitting"
    if moved := wished_moved(tokens, [lx.lemma(t) for t in tokens]):
        raise GoalRefused(f"I can only move {GRASPABLE_TEXT}, by picking them up; a {moved} stays where it is")
    words = [t for t in tokens if t[0].isalnum()]
    if len(words) > 2 and set(words) <= _TAKING_BACK_WORDS and {"no", "nope", "nah"} & set(words) and "stop" not in words:
        tokens, words = ["stop"], ["stop"]  # "actually no, don't!", "no no, don't!": the goal going on taken back
    if {"leave", "it"} <= set(words) and set(words) <= _TAKING_BACK_WORDS | _LEAVING_IT_WORDS:
        tokens, words = ["stop"], ["stop"]  # "on second thoughts, leave it": the goal going on taken back
    if len(words) > 2 and (any(words[-len(p.split()):] == p.split() for p in RETRACTIONS) or _ends_taking_back(tokens)):
        raise GoalRefused("the goal takes itself back at the end; nothing to do")  # "go to the red box. never mind"
    if len(words) > 2 and (words[-1] in ("later", "eventually", "sometime") or words[-2:] == ["later", "on"]) and \
            begins_action(words):
        raise GoalRefused("I start a goal when it is given and can't schedule one for later; say it when it should start")
    taken_back = _phrase_at(tokens, 0, RETRACTIONS)
    rest = tokens[len(taken_back.split()):] if taken_back else []
    if rest and (rest[0] == "to" or _is_gerund(rest[0])):
        rest = []  # "don't bother picking up the cube", "never mind going to the box": what follows is not wanted
    named_first = next((k for k, t in enumerate(rest) if t in (",", ";", ".", "-")), -1)
    if rest and rest[0] in ("the", "a", "that", "this", "about") and named_first > 0 and \
            any(lx.kind_of(t) for t in rest[:named_first]) and begins_action(rest[named_first + 1 :]):
        rest = rest[named_first:]  # "never mind the red box, go to the green bin": the request after it
    if rest and (rest[0] in (",", "and", "-", ".", ";") or begins_action(rest)):  # "cancel that and go to the green bin"
        tokens = rest
        while tokens and tokens[0] in (",", "and", "-", ".", ";", "instead", "just"):
            tokens = tokens[1:]
    tokens = _without_reasons(_without_pause_before_question(_without_dismissal_before_question(tokens)))
    said_first = next((k for k, t in enumerate(tokens) if t in (",", ".", ";")), -1)
    if "?" not in tokens and said_first < 0 and tokens and tokens[0] in ("where", "wheres", "what", "whats", "which"):
        said_first = next((k for k in range(3, len(tokens)) if lx.lemma(tokens[k]) in lx.ALL_CUES and
                           lx.kind_of(tokens[k - 1]) and begins_action(tokens[k:])), -1)
        if said_first > 0:  # "where is the yellow bin go to it": the question ends at its object
            tokens = [*tokens[:said_first], ",", *tokens[said_first:]]
    if "?" not in tokens and said_first > 0 and is_question(tokens[:said_first]) and begins_action(tokens[said_first + 1 :]):
        tokens = [*tokens[:said_first], "?", *tokens[said_first + 1 :]]  # "where's the blue box, go find it"
    asked = tokens[: tokens.index("?") + 1] if "?" in tokens else tokens
    rest = tokens[len(asked):]
    if is_question(asked) and not (rest and begins_action(_without_regardless(rest))):
        return Reading(text, question=True), [tokens]
    if is_question(asked) and rest:
        tokens = _request_after_plural_question(asked, rest) or _request_after_question(asked, rest) or tokens
    tokens, slow_throughout = _without_closing_pace(tokens)
    clauses = _with_times(_with_manner([read_clause(toks, corr) for toks, corr in split_clauses(read_exclusions(tokens))]))
    if slow_throughout:  # "go to the red box, then the green bin, slowly": every step
        clauses = [replace(c, slow=True) if (c.intent or c.objects) and not c.negated and c.intent != "avoid" else c
                   for c in clauses]
    clauses = [c for c in clauses if c.intent or c.objects or c.unknown_words or c.negated or
               not all(w in lx.FILLER_WORDS or not w[0].isalnum() for w in c.text.split())]
    clauses = [c for n, c in enumerate(clauses)  # "go and find the bin", "please go and stand next to the box"
               if not (n + 1 < len(clauses) and c.intent == "goto" and not c.objects and c.pose is None and not c.negated
                       and all(w in _BARE_GO_WORDS for w in c.text.split()) and clauses[n + 1].intent)]
    clauses = [c for c in clauses if c.text not in _ASIDES  # "whatever happens, avoid the green bin"
               and not any(tuple(c.text.split()) == a for a in IF_ASIDES)]  # "if you have a moment, ..."
    clauses = _waits_between(_said_first_after_all(_without_restated_pick(_put_each(_repeat_the_same(_carry_negations(clauses))))))
    for clause in clauses[1:]:  # "pick up the cube, then juggle": a clause of its own, which no step would do
        words = [w for w in clause.text.split() if w not in ("and", "then", "please", "also", "just", "now", ",", ".", ";", "!")]
        if not clause.intent and not clause.objects and (set(words) & {"again", "repeat", "twice"} or words[-2:] == ["once",
                                                                                                               "more"]):
            raise GoalRefused("I do what a goal asks once; when it is done, say 'again' to repeat it")  # "..., then do it again"
        said = _unknown_verb_phrase(words) or \
            (" ".join(words) if not clause.intent and not clause.objects and _all_unknown(words, _words_read_elsewhere()) else "")
        if said and not clause.negated:
            raise GoalRefused(f"I don't know how to {said}; {SKILL_SUMMARY}")
        amount = next((a for k in range(len(words)) if (a := _amount_at(words, k)) is not None), None)
        if amount is not None and not clause.intent and not clause.objects and not clause.motions and not clause.negated:
            raise GoalRefused(f"I don't know what '{' '.join(words)}' asks me to do there; say the motion, e.g. "
                              f"'{'turn left' if amount[1] else 'drive forward'} {' '.join(amount[0])}'")
    for n, clause in enumerate(clauses):  # "pick up the green bin" among two: no "which one?" first for what can't be done
        if any(c.correction for c in clauses[n + 1 :]):
            continue  # "pick up the box, I mean the cube": corrected after
        if clause.intent == "pick" and not clause.negated and clause.objects and \
                all(o.kind is not None and o.kind not in GRASPABLE_LABELS and not o.destination and not o.pronoun
                    for o in clause.objects):
            raise GoalRefused(f"I can only pick up {GRASPABLE_TEXT}, not a {clause.objects[0].kind}")
        into = [o for o in clause.objects if o.destination and o.kind is not None and o.kind not in CONTAINER_KINDS]
        if clause.intent == "place" and not clause.negated and into and not any((o.destination and o.kind == "bin") or o.pronoun
                                                                               for o in clause.objects) and \
                re.search(r"\b(?:in|into|inside)\s+(?:the|a|that|this)\b", clause.text):
            raise GoalRefused(f"I can only put {GRASPABLE_TEXT} into bins, not into a {into[0].kind}; name a bin")  # "put it in the box"
        things = [o for o in clause.objects if not o.destination and not o.pronoun and o.kind is not None and not o.every]
        if clause.intent in ("place", "") and not clause.negated and things and any(o.destination for o in clause.objects) and \
                any(o.kind not in GRASPABLE_LABELS for o in things):  # "... and the ball in the green bin": not the ball
            things = [o for o in things if o.kind not in GRASPABLE_LABELS]
            raise GoalRefused(f"I can only pick up and carry {GRASPABLE_TEXT}, not a {things[0].kind}; say where to go, e.g. "
                              f"'go to the {things[0].name}'")  # "yeet the ball into the bin": not which bin first
    if _ONE_POINT_MOVED.search(text):  # "move the second point half a metre further right": not a drive of the robot
        raise GoalRefused("I can't move one point of a goal; say the goal again with the points you want, e.g. 'go to 1, 1.6, then "
                          "to 0.5, -1.5'")
    per_object = _PER_OBJECT_SEEN.search(text)
    if per_object:  # "drive forward one metre for every ball you see": an amount times a count not said
        raise GoalRefused(f"'{per_object['per']}' leaves the count to me; ask first ('how many {per_object['kind']}s do you "
                          "see?') and say the whole amount, e.g. 'drive forward 2 metres'")
    share = _A_SHARE_OF_THEM.search(text)
    if share:  # "every cube but one", "half the cans", "every other cube": which ones is not said
        said = next(k for n in range(1, 6) if (k := share[f"kind{n}"]))
        kind = lx.kind_said(said) or lx.kind_of(said) or "thing"
        raise GoalRefused(f"which {plural(kind)} do you mean? '{share[0].strip()}' does not say which; name them, e.g. 'the left "
                          f"{kind} and the right {kind}', or say 'all the {plural(kind)}'")
    if _EXCEPTED_BY_RELATION.search(text):
        raise GoalRefused("I can leave out one of several by its colour or its place among them ('except the red one', 'except "
                          "the leftmost'), not by where it stands beside another object; name it")
    carried = _CARRYING_A_FIXTURE.search(text)
    if carried:  # "carry the green bin to the red box": visiting both would be a plan nobody asked for
        raise GoalRefused(f"I can only pick up and carry {GRASPABLE_TEXT}, not a {carried.group(2)}; say where to go, e.g. 'go to the "
                          f"{carried.group(1)}'")
    if _REPEATED.search(text) and any(c.intent for c in clauses):
        raise GoalRefused("I do what a goal asks once; when it is done, say 'again' to repeat it")  # "every 5 minutes"
    if any(c.motions for c in clauses) and _ENDLESS.search(text):
        raise GoalRefused("I drive a set distance or turn a set angle at a time, then stop; say how far, e.g. 'go "
                          "forward 2 m', or name a place or an object")  # "go forward and keep going forever"
    if len(clauses) > 1 and not clauses[0].intent and not clauses[0].objects and \
            (clauses[0].text in lx.CORRECTION_MARKERS or clauses[0].text == "no") and (clauses[1].intent or clauses[1].objects):
        clauses = [replace(clauses[1], correction=False), *clauses[2:]]  # "nope, go to the blue box": nothing to correct
    if len(clauses) > 1 and all(w in lx.HESITATION_WORDS for w in clauses[0].text.split()) and not clauses[0].times.for_s and \
            any((c.intent and c.intent != "stop") or c.objects for c in clauses[1:]):
        clauses = clauses[1:]  # "hang on, go to the blue box instead": a pause before the request, not a stop
    return Reading(text, tuple(clauses)), [c.text.split() for c in clauses]
