"""Questions about the scene, answered in a sentence from the current Observation's objects (and
what the gripper holds). Nothing moves. Yes/no answers start with "Yes" or "No"."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from lam_core.datatypes import UNUSABLE_FRAME_PROBLEMS, DetectedObject
from lam_core.errors import GoalError
from lam_core.language import lexicon as lx
from lam_core.language.color_names import ground_color_name
from lam_core.language.grounding import (
    AHEAD_RAD,
    SAME_DISTANCE_M,
    SIDE_RAD,
    Grounder,
    _number,
    _plural,
    between,
    direction,
    holds,
    said_order,
    superlative_key,
    volume_m3,
    where,
)
from lam_core.language.motion import DISTANCE_UNITS_M, distance_said
from lam_core.language.parse import (
    CHECKING_FRAMES,
    SKILL_SUMMARY,
    SOMEONE_WORDS,
    WORLD_SUMMARY,
    GoalRefused,
    ObjectRef,
    WhichOne,
    normalise,
    read_exclusions,
    read_objects,
    tokenize,
    unknown_word_refusal,
)
from lam_core.language.places import outline_radius_m
from lam_core.skills import MAX_DRIVE_M
from lam_core.vocabulary import COLORS, COLORS_TEXT, CONTAINER_LABELS, GRASPABLE_LABELS, GRASPABLE_TEXT, KINDS_TEXT, LABELS, plural


def _the(obj: DetectedObject) -> str:
    return f"the {obj.name} {where(obj)}"


def _listing(objects: Sequence[DetectedObject], order: Callable[[DetectedObject], float] = lambda o: o.distance_m) -> str:
    """Each object, nearest first or in ``order``."""
    return ", ".join(_the(o) for o in sorted(objects, key=order))


def _kind_phrase(ref: ObjectRef | None, n: int) -> str:
    if ref is None or (ref.kind is None and ref.color is None):
        return _plural("object", n)
    return _plural(ref.name, n)


def _more_of(grounder: Grounder, first: ObjectRef, second: ObjectRef, fewer: bool, yes_no: bool) -> str:
    """Which of two descriptions more objects in view fit ("are there more cubes or bins?"); with
    ``yes_no``, whether the first has more (``fewer``: fewer) than the second ("... than ...?")."""
    counts = [(len(grounder.candidates(r)), r.name) for r in (first, second)]
    told = f"I see {_number(counts[0][0])} {_plural(counts[0][1], counts[0][0])} and " \
           f"{_number(counts[1][0])} {_plural(counts[1][1], counts[1][0])}"
    if yes_no:
        it_holds = counts[0][0] < counts[1][0] if fewer else counts[0][0] > counts[1][0]
        return f"{'Yes' if it_holds else 'No'}, {told}."
    if counts[0][0] == counts[1][0]:
        return f"{told}: as many of each."
    most = max(counts)
    return f"More {_plural(most[1], 2)}: {told}."


_YES_NO_STARTS = ("is", "are", "do", "does", "can", "could", "any", "did", "have", "has")
_ABILITY_QUESTIONS = ("what can you do", "what do you do", "what are you able to", "what can i ask", "how can you help",
                      "what do you know how", "what are you capable of", "what are you good at", "help", "i need help",
                      "how do i use you", "what should i say")
_SELF_QUESTIONS = frozenset({("who", "are", "you"), ("what", "are", "you"), ("what", "is", "your", "name")})  # whole questions
# Questions about what the robot wants of the person: it wants nothing; it acts on goals (whole questions)
_WANTS_QUESTIONS = frozenset({("what", "do", "you", "need", "me", "to", "do"), ("what", "should", "i", "do"),
                              ("how", "can", "i", "help", "you"), ("how", "can", "i", "help"), ("do", "you", "need", "anything"),
                              ("what", "do", "you", "want"), ("what", "do", "you", "need"), ("what", "would", "you", "like"),
                              ("what", "do", "you", "want", "me", "to", "do"), ("can", "i", "help", "you"),
                              ("is", "there", "anything", "i", "can", "do"), ("what", "can", "i", "do", "for", "you")})


# What rules out a kind or colour in "what do you see besides cubes?", "list everything that is not a box" (the longest first).
_RULING_OUT = tuple(sorted((tuple(p.split()) for p in (
    "that is not", "that are not", "which is not", "which are not", "is not", "are not", "other than", "apart from",
    "aside from", "except for", "except", "besides", "excluding", "but not", "but", "not including", "save for",
    "minus", "not")), key=len, reverse=True))
# Words that may come before it in such a question: asking what there is, or for all of it.
_ASKING_FOR_ALL = frozenset({"what", "whats", "which", "list", "name", "tell", "show", "give", "me", "us", "everything",
                             "anything", "all", "else", "things", "objects", "items", "stuff", "is", "are", "there", "do",
                             "does", "can", "could", "you", "see", "spot", "notice", "the", "of", "please", "in", "view",
                             "here", "around", "how", "many"})
_ANY_ONES = frozenset({"object", "objects", "thing", "things", "item", "items", "one", "ones", "stuff"})


def _everything_but(tokens: list[str]) -> list[str]:
    """"List everything that is not a box", "what do you see besides cubes?", "anything other than
    red?", "what isn't a bin": asked as "what things are not a box" (or "how many things ...", "are
    there things that are not ...") so that the others are told, never those ruled out; ``tokens``
    as they are for any other question."""
    body = [t for t in tokens if t not in ("?", ".", "!", ",")]
    if len(body) < 3 or body[0] not in _ASKING_FOR_ALL | set(_YES_NO_STARTS):
        return tokens
    asked_kind = ""  # "which boxes can you see except the blue one?": boxes, not the blue one
    for at in range(1, len(body)):
        lead = next((e for e in _RULING_OUT if tuple(body[at : at + len(e)]) == e), None)
        if lead is not None:
            break
        if lx.kind_of(body[at]) and body[at].endswith("s") and not asked_kind and at <= 2:
            asked_kind = body[at]
            continue
        if body[at] not in _ASKING_FOR_ALL:
            return tokens
    else:
        return tokens
    ruled_out = _kinds_or_colours(body[at + len(lead) :])
    if not ruled_out:
        return tokens
    if asked_kind:
        if ruled_out[-1:] and lx.kind_of(ruled_out[-1]) and lx.kind_of(ruled_out[-1]) != lx.kind_of(asked_kind):
            return tokens  # "which boxes ... besides the cubes": not a narrowing of the boxes
        return [*body[:2], asked_kind, "are", "not", *ruled_out] if body[:2] == ["how", "many"] else \
            ["what", asked_kind, "are", "not", *ruled_out]
    if body[:2] == ["how", "many"]:
        return ["how", "many", "things", "are", "not", *ruled_out]
    if body[0] in _YES_NO_STARTS or body[0] == "anything":
        return ["are", "there", "things", "that", "are", "not", *ruled_out]
    return ["what", "things", "are", "not", *ruled_out]


def _kinds_or_colours(words: list[str]) -> list[str]:
    """The kinds ("cube or bin"), colours ("red or blue") or one named object ("the red cube") that
    ``words`` name and nothing else, as said after "not"; [] for any other words."""
    colours, kinds = [], []
    for t in words:
        if t in ("the", "a", "an", "any", "all", "or", "and", "nor", "please") or t in _ANY_ONES:
            continue
        if lx.color_of(t):
            colours.append(str(lx.color_of(t)))
        elif lx.kind_of(t):
            kinds.append(str(lx.kind_of(t)))
        else:
            return []
    if colours and kinds:
        return ["the", colours[0], kinds[0]] if len(colours) == len(kinds) == 1 else []
    return list(itertools.chain.from_iterable(("or", w) for w in colours or kinds))[1:]


def _held_is(held: str, name: str) -> bool:
    """Whether the object said by ``name`` ("can", "yellow can") may be the one held (``held``: "yellow can")."""
    held_color, _, held_kind = held.rpartition(" ")
    color, _, kind = name.rpartition(" ")
    return kind == held_kind and color in ("", held_color)


def answer(tokens: list[str], objects: Sequence[DetectedObject], held: str = "", camera_problems: Sequence[str] = ()) -> str:
    """The answer to the question in ``tokens`` (lower-case words of a question); GoalRefused
    when it is not a question about the scene. ``camera_problems`` of the frame the objects came
    from: with a covered or blinded camera, questions about what is in view say so instead of
    "I see 0". A negated yes/no question ("is the red box not the closest box?") is answered with
    the plain question's fact, its Yes and No swapped."""
    either = _either_side(tokens)
    if either is not None:  # "is the red cube to the left or to the right of the blue cube?": whichever it is
        for side in ("left", "right"):
            told = answer([*either[0], "to", "the", side, *either[1]], objects, held, camera_problems)
            if not told.startswith("Yes"):
                continue
            return re.sub(r"^Yes, ", "", told)[:1].upper() + re.sub(r"^Yes, ", "", told)[1:]
        return told
    bound = _distance_bound(tokens) if tokens[:1] not in (["is"], ["are"], ["isn't"], ["isnt"], ["aren't"]) \
        or tokens[1:2] == ["there"] else None
    if bound is not None:  # "how many things are closer than 2 metres?": of those only
        said, keep, start, end = bound
        rest = [*tokens[:start], *tokens[end:]]
        if [t for t in rest if t[0].isalnum()] in (["what", "is"], ["whats"], ["what", "are"], ["which", "are"], ["anything"],
                                                    ["what", "is", "there"], ["is", "there", "anything"]):
            rest = ["what", "do", "you", "see", "?"]  # "what is more than 3 m away?"
        told = answer(rest, [o for o in objects if keep(o.distance_m)], held, camera_problems)
        return f"{said[0].upper()}{said[1:]}, {told}" if re.match(r"I\b", told) else f"Of what is {said}: {told}"
    recoloured = _said_another_colour(tokens, objects)
    if recoloured:  # "is the red box yellow?": No, whatever else is yellow
        return recoloured
    aside = _set_aside(tokens, objects)
    if aside is not None:  # "besides the ball, what's on your right?": asked of the others
        question, left_out = aside
        others = [o for o in objects if o not in left_out]
        nothing = question[:3] in (["is", "there", "nothing"], ["are", "there", "nothing"])  # "is there nothing else ...?"
        question = [*question[:2], "anything", *question[3:]] if nothing else question
        said = " ".join(question)
        told = pickable_in_view(said, others) or why_not_picked(said, others) or answer(question, others, held, camera_problems)
        told = _yes_no_swapped(told) if nothing else told
        return f"Leaving out {_listing(left_out)}: {told if told.startswith('I ') else told[:1].lower() + told[1:]}"
    tokens, swapped = _negation_read(_embedded_question(_neither_nor(tokens)))
    told = _answered(_everything_but(_nearest_with_to(_preposition_moved_back(_without_here_and_now(tokens)))),
                     objects, held, camera_problems)
    return _yes_no_swapped(told) if swapped else told


# What sets objects aside from a question about the others: "besides the ball, what's on your right?"
_SETTING_ASIDE = tuple(sorted((tuple(p.split()) for p in (
    "other than", "apart from", "aside from", "except for", "except", "besides", "excluding", "not counting",
    "not including", "leaving out", "leaving aside", "ignoring", "save for")), key=len, reverse=True))
_QUESTION_STARTS = frozenset({"what", "whats", "which", "how", "where", "is", "are", "do", "does", "can", "could"})
_SAID_OF_THE_SET_ASIDE = frozenset({"the", "a", "an", "that", "this", "those", "these", "one", "ones", "and", "or",
                                    "both", "two", "three", "all", "any"})


def _set_aside(tokens: list[str], objects: Sequence[DetectedObject]) -> tuple[list[str], list[DetectedObject]] | None:
    """The question asked of the objects left when some are set aside, said first ("besides the
    ball, what's on your right?", "other than the bin, is anything purple?") or last where the
    question does not already rule them out ("which things are red apart from the cube?"), and the
    objects in view set aside; None when nothing is set aside or what is set aside is not in view."""
    lead = next((p for p in _SETTING_ASIDE if tuple(tokens[: len(p)]) == p), None)
    asked_at = next((at for at, t in enumerate(tokens) if t == "," or t in _QUESTION_STARTS), 0) if lead else 0
    if lead is not None and asked_at > len(lead):
        said, question = tokens[len(lead) : asked_at], tokens[asked_at + (tokens[asked_at] == ",") :]
    else:
        body = tokens[:-1] if tokens[-1:] == ["?"] else tokens
        found = next(((at, p) for at in range(2, len(body)) for p in _SETTING_ASIDE if tuple(body[at : at + len(p)]) == p),
                     None)
        if found is None or _everything_but(tokens) != tokens:
            return None
        at, lead = found
        said, question = body[at + len(lead) :], [*body[:at], *tokens[len(body) :]]
        question = question[:-2] + question[-1:] if question[-2:-1] == [","] else question
    said = [t for t in said if t != ","]
    if not said or len([t for t in question if t[0].isalnum()]) < 2 or \
            not all(t in _SAID_OF_THE_SET_ASIDE or lx.kind_of(t) or lx.color_of(t) for t in said):
        return None
    try:
        refs = [r for r in read_objects(said)[0] if r.kind or r.color]
    except GoalError:
        return None
    asked_kind = next((str(lx.kind_of(t)) for t in question if lx.kind_of(t)), None)
    if asked_kind and {"one", "ones"} & set(said):  # "except for the blue one, which cubes ...": the blue cube
        refs = [r if r.kind else replace(r, kind=asked_kind) for r in refs]
    grounder = Grounder(objects)
    left_out = [o for o in grounder.objects if any(o in grounder.candidates(replace(r, pronoun=False)) for r in refs)]
    return (question, left_out) if refs and left_out else None


def _neither_nor(tokens: list[str]) -> list[str]:
    """"Which things are neither red nor blue?": "which things are not red nor blue?"."""
    if "neither" not in tokens or "nor" not in tokens[tokens.index("neither") :]:
        return tokens
    at = tokens.index("neither")
    return [*tokens[:at], "not", *tokens[at + 1 :]]


def _said_another_colour(tokens: list[str], objects: Sequence[DetectedObject]) -> str:
    """The answer to "is the red box yellow?" (an object named by its colour, asked to be another
    colour): No, with the colour it is; '' for any other question."""
    words = [t for t in tokens if t not in ("?", ".", "!")]
    if len(words) != 5 or words[:2] not in (["is", "the"], ["are", "the"]):
        return ""
    named, kind, asked = lx.color_of(words[2]), lx.kind_said(words[3]), \
        lx.color_of(words[4]) or ground_color_name(words[4])
    if not (named and kind and asked) or named == asked:
        return ""
    seen = [o for o in Grounder(objects).objects if o.color == named and o.label == kind]
    if not seen:
        return f"No, I don't see any {named} {plural(kind)}."
    return f"No, {_listing(seen)} {'is' if len(seen) == 1 else 'are'} {named}, not {words[4]}."


_NEARER_THAN = (("closer", "than"), ("nearer", "than"), ("less", "than"), ("within",), ("under",), ("fewer", "than"))
_FARTHER_THAN = (("farther", "than"), ("further", "than"), ("more", "than"), ("over",), ("beyond",))


def _distance_bound(tokens: list[str]) -> tuple[str, Callable[[float], bool], int, int] | None:
    """A bound on distance from the robot said in a question ("closer than 2 metres", "within 1.5 m",
    "more than 3 m away"): how to say it, the test of a distance [m], and the tokens it spans; None
    when none is said."""
    for i in range(len(tokens)):
        for words, nearer in [*((w, True) for w in _NEARER_THAN), *((w, False) for w in _FARTHER_THAN)]:
            k = i + len(words)
            if tuple(tokens[i:k]) != words or k + 1 >= len(tokens) or tokens[k + 1] not in DISTANCE_UNITS_M:
                continue
            try:
                metres = float(tokens[k]) * DISTANCE_UNITS_M[tokens[k + 1]]
            except ValueError:
                continue
            end = k + 2 + (tokens[k + 2 : k + 3] == ["away"]) + (tokens[k + 2 : k + 4] in (["from", "you"], ["of", "you"])) * 2
            said = f"within {metres:g} m of me" if nearer else f"more than {metres:g} m away"
            return said, (lambda d, m=metres: d <= m) if nearer else (lambda d, m=metres: d > m), i, end
    return None


_SEEN = "I see colour, kind, size and where things are"
_DONE_BY_SOMEONE = frozenset({"put", "placed", "moved", "left", "dropped", "threw", "brought", "took", "made", "owns", "did"})


def _unseen_asked(tokens: list[str], refs: Sequence[ObjectRef]) -> str:
    """Why a question about what a camera does not show ("how much does the ball weigh?", "what
    brand is the can?", "is the bottle full?", "what's inside the box?", "who put the cube in the
    bin?", "how warm is it?") cannot be answered; "" for any other question."""
    words = set(tokens)
    named = next((r for r in refs if r.kind and not r.pronoun), None)
    what = f"the {named.name}" if named is not None else "that"
    if tokens[:1] == ["who"] and named is not None and words & _DONE_BY_SOMEONE:
        return f"I can't tell who did what: I see what is in view now; {_SEEN}"
    if (words & {"weigh", "weighs", "weight", "brand", "label", "price", "cost", "temperature"} and
            tokens[:1] in (["how"], ["what"], ["whats"], ["which"])) or \
            (tokens[:1] == ["how"] and named is None and words & {"warm", "hot", "cold"}):  # "how warm is it in here?"
        return f"I can't tell {'that' if named is None else 'that of ' + what}: {_SEEN}"
    if named is not None and named.kind not in CONTAINER_LABELS and words & {"full", "empty", "inside"} and \
            not words & {"bin", "bins"}:
        return f"I can't see inside {what} or tell whether it is full: {_SEEN}"
    return ""


def _either_side(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """A question asking which side ("is the red cube (to the) left or (to the) right of the blue cube?") as
    the words before and after the sides ("is the red cube", "of the blue cube ?"); None for any other."""
    said = " ".join(tokens)
    asked = re.search(r"\s(?:on |to )?(?:the )?(?:left|right) or (?:on |to )?(?:the )?(?:right|left)(?= of\b)", said)
    if asked is None:
        return None
    return said[: asked.start()].split(), said[asked.end() :].split()


_LEAD_WORDS = frozenset({"and", "so", "ok", "okay", "now", "well", "then", "but", ",", "hmm", "um", "uh"})


def _only_one_of_another(tokens: list[str], objects: Sequence[DetectedObject]) -> str:
    """The answer to "is there another bin?", "are there any more cones?", "any other balls?" when at most one of the
    kind is in view: no other ('' otherwise, answered as any count is)."""
    words = [t for t in tokens if t[0].isalnum() and t not in _LEAD_WORDS]
    asked = next((k for k in range(len(words)) if words[k : k + 2] in (["any", "more"], ["any", "other"]) or words[k] == "another"), -1)
    if asked < 0 or words[:2] not in (["is", "there"], ["are", "there"], ["any", "more"], ["any", "other"], ["do", "you"]):
        return ""
    kind = next((lx.kind_of(w) for w in words[asked:] if lx.kind_of(w)), None)
    alike = [o for o in objects if o.label == kind]
    if kind is None or len(alike) > 1:
        return ""
    return f"No, I see no other {kind}: only the {alike[0].name} {where(alike[0])}." if alike else f"No, I see no {kind} at all."


def _which_nearest_as_what(tokens: list[str]) -> list[str]:
    """"which is closer to the bottle?" with no candidates named after it: what is nearest to the bottle (not the bottle
    itself), as "what's closest to the bottle?" asks; "which one is farther from X" the same for farthest."""
    start = next((k for k, t in enumerate(tokens) if t not in _LEAD_WORDS), len(tokens))
    asked = tokens[start:]
    lead = 3 if asked[1:3] in (["one", "is"], ["one", "s"]) else 2 if asked[1:2] in (["is"], ["s"]) else 0
    if not lead or asked[0] != "which" or "or" in asked:
        return tokens
    said = asked[lead : lead + 2]
    if said in (["closer", "to"], ["nearer", "to"], ["closest", "to"], ["nearest", "to"]):
        return ["what", "is", "closest", "to", *asked[lead + 2 :]]
    if said in (["farther", "from"], ["further", "from"], ["farthest", "from"], ["furthest", "from"]):
        return ["what", "is", "farthest", "from", *asked[lead + 2 :]]
    return tokens


def _answered(tokens: list[str], objects: Sequence[DetectedObject], held: str, camera_problems: Sequence[str]) -> str:
    """The answer to the question in ``tokens``, as read by ``answer``."""
    tokens = _which_nearest_as_what(tokens)
    only_one = _only_one_of_another(tokens, objects)
    if only_one:  # "is there any more cones?" with one cone in view: no other
        return only_one
    counted_from_side = _ordinal_from_side(tokens)  # "the second box from the left" counts; it orders no listing
    tokens, order = (tokens, None) if counted_from_side else said_order(tokens)
    words = set(tokens)
    refs, unknown, other_color = read_objects(read_exclusions(tokens))  # "how many cubes are not red?"
    if counted_from_side:
        refs = _counted_from_side(refs, *counted_from_side)
    grounder = Grounder(objects)
    visible = grounder.objects
    unseen = _unseen_asked(tokens, refs)
    if unseen:  # "how much does the ball weigh?", "is the bottle full?", "who put the cube in the bin?"
        raise GoalRefused(unseen)
    if not refs and (words & {"skills", "abilities", "capabilities"} or
                     any(tokens[: len(p.split())] == p.split() for p in _ABILITY_QUESTIONS)
                     or tuple(t for t in tokens if t[0].isalnum()) in _SELF_QUESTIONS):
        return f"{SKILL_SUMMARY}; {WORLD_SUMMARY}."
    if not refs and words & _KNOWING_WORDS and words & _WHAT_IS_KNOWN and words & {"you", "your"}:
        return f"{WORLD_SUMMARY}."  # "what colours do you know?", "which objects can you recognise?"
    if (words & SOMEONE_WORDS or (not any(r.kind or r.color for r in refs) and words & _PEOPLE_WORDS)) \
            and words & {"see", "there", "here", "spot", "notice", "is", "are", "any"} \
            and not words & {"what", "which", "how", "where", "tell", "show", "list", "name", "describe"}:
        return f"I can't tell: I recognise {KINDS_TEXT}, not people or animals; keep clear of my path."  # "can you see me?"
    if not any(r.kind or r.color for r in refs) and words & _POWER_WORDS:
        raise GoalRefused(_ONLY_THE_SCENE)  # "how much battery do you have?": not something it tells
    if not refs and tuple(t for t in tokens if t[0].isalnum() and t not in ("please", "robot")) in _WANTS_QUESTIONS:
        return f"I need nothing from you; give me a goal when you want something done. {SKILL_SUMMARY}; {WORLD_SUMMARY}."
    if other_color:
        raise GoalRefused(f"I don't know the colour {other_color}; the colours I know are {COLORS_TEXT}")
    done_asked = _what_was_done(tokens)
    if done_asked == "picked":  # "did you pick up the red cube?": whether it is held is what tells
        words = words | {"holding"}
    elif done_asked == "goal":  # "what is your goal?", "where are you going?": not known from what is in view
        raise GoalRefused("I can only answer questions about what I see and hold now, e.g. 'what do you see?'; "
                          "I said the plan when the goal began, and I say its result when it ends")
    elif done_asked:  # "have you been to the red box?", "are you done?": not known from what is in view
        raise GoalRefused("I can only answer questions about what I see and hold now, e.g. 'what do you see?'; "
                          "the goal's result says whether it was done")
    blind = [p for p in camera_problems if p in UNUSABLE_FRAME_PROBLEMS]
    asks_count = ("how" in words and bool(words & {"many", "much"})) or tokens[0] == "count" or \
        any(tokens[i : i + 2] == ["number", "of"] for i in range(len(tokens)))
    path = _path_asked(tokens)
    if path is not None:  # "is there anything between you and the red box?", "is the path to the red box clear?"
        if blind:
            return f"I can't see anything right now: my camera frame is {blind[0]}."
        told = _on_the_way(grounder, tokens, *path)
        if told:
            return told
    holding_asked = bool(words & {"holding", "hold", "carrying", "carry", "grasping", "gripping", "gripper", "hand", "claw"}) \
        and not (refs[:1] and refs[0].kind == "bin" and not words & {"you", "your"})  # "how many bins hold cubes?"
    sport = bool(words & _SPORT_WORDS) and not any(r.color for r in refs)  # "who won the football?": no ball in view
    if (sport or not any(r.kind or r.color for r in refs)) and not holding_asked and _beyond_the_scene(tokens):
        raise GoalRefused(_ONLY_THE_SCENE)  # "is it going to rain today?", "what's 2+2?", "how's the weather?"
    if unknown and not refs and not holding_asked:
        raise GoalRefused(unknown_word_refusal(unknown[0]))
    ref = refs[0] if refs else None
    if holding_asked or \
            ("have" in words and "you" in words and not words & {"see", "seen"}):
        asks_empty = bool(words & {"empty", "nothing"})  # "is your gripper empty?", "are you holding nothing?"
        if held:
            held_color, _, held_kind = held.partition(" ")
            held_said = [r for r in refs if not r.destination]  # "are you carrying the blue cube?", "is the thing you hold blue?"
            colors_said = {r.color for r in held_said if r.color}
            kinds_said = {r.kind for r in held_said if r.kind}
            other = bool(colors_said and held_color not in colors_said) or bool(kinds_said and held_kind not in kinds_said)
            return f"{('No, ' if asks_empty or other else 'Yes, ') if tokens[0] in _YES_NO_STARTS else ''}I am holding the {held}."
        return f"{('Yes, ' if asks_empty else 'No, ') if tokens[0] in _YES_NO_STARTS else ''}I am not holding anything; " \
               "my gripper is empty."
    threshold = _distance_threshold(tokens)
    if threshold is not None and ref is not None and tokens[0] in _YES_NO_STARTS:  # "is the red box more than 3 m away?"
        try:
            measured = grounder.resolve(ref).obj
        except GoalRefused as exc:
            return str(exc)
        if measured is None:
            return f"I don't see the {ref.name} right now."
        beyond, limit_m = threshold
        is_so = measured.distance_m > limit_m if beyond else measured.distance_m < limit_m
        return f"{'Yes' if is_so else 'No'}, the {measured.name} is {where(measured)}."
    far_or_near = _far_or_near(tokens)
    if far_or_near and ref is not None and (ref.kind or ref.color) and len([r for r in refs if r.kind or r.color]) == 1:
        return _how_far(grounder, ref, far_or_near)  # "is the red box far?", "is it close?"
    if blind:
        return f"I can't see anything right now: my camera frame is {blind[0]}."
    quantified = _quantified(tokens, visible)
    if quantified:  # "are all the cubes red?", "are any of the boxes blue?", "are the bins empty?"
        return quantified
    nearer_to = _nearer_to_which(grounder, tokens)
    if nearer_to:  # "which is closer to the red bin, the yellow cube or the yellow bin?"
        return nearer_to
    nearer_of = _nearer_of(grounder, tokens)
    if nearer_of:  # "is the green cube closer to the blue bin or the yellow bin?"
        return nearer_of
    listed = _listed(tokens, refs)
    outside = _cubes_not_in_bins(grounder, tokens, refs, asks_count)
    if outside:  # "which cubes are not in a bin?", "how many cubes aren't in the bins?"
        return outside
    off_side = _side_negated(tokens)
    if off_side and not (ref is not None and (ref.relation or ref.ordinal)):  # "which boxes aren't on your left?"
        return _off_side(grounder, ref, off_side, asks_count, tokens[0] in (*_YES_NO_STARTS, "anything"))
    side_asked = _side_said_last(tokens) if tokens[0] in ("is", "are") else ""
    if side_asked and not {"your", "or"} & set(tokens) and ref is not None and (ref.kind or ref.color) \
            and not (ref.relation or ref.ordinal):
        at = len(tokens) - 1 - tokens[::-1].index(side_asked)  # "is the yellow bin on the left?": on your left, not the leftmost
        return _answered([*tokens[: at - 1], "your", *tokens[at:]], objects, held, camera_problems)
    if asks_count:
        counted = _counted(grounder, tokens, refs, listed)
        if counted:  # "how many boxes and bins do you see?", "how many bins are empty?"
            return counted
        side_counted = _side_counted(tokens)
        if side_counted and ref is not None and (ref.kind or ref.color) and not (ref.relation or ref.ordinal):
            sign = 1.0 if side_counted == "left" else -1.0  # "how many boxes are on your left?"
            fits = grounder.candidates(replace(ref, superlative="" if ref.superlative == side_counted else ref.superlative))
            there = [o for o in fits if sign * o.bearing_rad > SIDE_RAD]
            return f"I see {len(there)} {_kind_phrase(ref, len(there))} on my {side_counted}" \
                   f"{': ' + _listing(there) if there else ''}."
    which_side = _side_counted(tokens) if tokens[0] in ("which", "what") and tokens[1:2] and \
        (lx.kind_of(tokens[1]) or lx.color_of(tokens[1])) else ""
    if which_side and not _side_asked(tokens) and not any(lx.is_plural_kind(t) for t in tokens[1:3]):
        which_side = ""  # "which box is on the left?": the one furthest left
    if which_side and ref is not None and not (ref.relation or ref.ordinal):  # "which boxes are on your left?"
        fits = grounder.candidates(replace(ref, superlative="" if ref.superlative == which_side else ref.superlative))
        on_it = [o for o in fits if (1.0 if which_side == "left" else -1.0) * o.bearing_rad > SIDE_RAD]
        if not on_it:
            return f"No {ref.name} I see is on my {which_side}{'; I see ' + _listing(fits) if fits else ''}."
        told = f"{_listing(on_it)} {'is' if len(on_it) == 1 else 'are'} on my {which_side}"
        return f"{told[0].upper()}{told[1:]}."
    probe = _what_is_related(tokens)
    if probe is not None:  # "what is next to the green bin?", "what's behind the red cube?"
        try:
            chosen = grounder.resolve(probe)
        except WhichOne as exc:
            if probe.relation == "between" and probe.kind is None and probe.color is None:
                return _all_between(grounder, probe) or str(exc)  # "what's between the two bins?": each of them
            return _related_to_each(grounder, probe) or str(exc)  # "what's next to the red box?" with two red boxes
        except GoalRefused as exc:
            return str(exc)
        assert chosen.obj is not None
        return f"The {chosen.obj.name} is {_describe_superlative(probe)}, {where(chosen.obj)}."
    if ref is not None and (ref.kind or ref.color or ref.relation) and _size_asked(tokens):
        return _size_of(grounder, ref)  # "how big is the red box?"
    if ref is not None and words & {"shape", "kind", "type", "sort"} and tokens[0] in ("what", "whats", "which"):
        return _kind_of(grounder, ref)  # "what shape is the red thing on the left?"
    if ref is not None and {"left", "right"} <= words and "or" in words:
        return _side_of(grounder, ref)  # "is the red box to the left or right of you?"
    if _behind_asked(tokens) and (ref is None or (ref.kind is None and ref.color is None)):
        return _behind(visible, tokens[0] in _YES_NO_STARTS)  # "what is behind you?"
    side = _side_asked(tokens)
    if side and ref is not None and ref.kind is None and ref.color is None and ref.superlative not in ("", side) and \
            tokens[0] in ("what", "whats", "which"):  # "what is the tallest thing on your left?"
        sign = 1.0 if side == "left" else -1.0
        there = [o for o in visible if sign * o.bearing_rad > SIDE_RAD]
        if not there:
            return f"Nothing is on my {side}."
        best = min(there, key=superlative_key(ref.superlative))
        return f"The {best.name} is {_describe_superlative(ref)} of what is on my {side}, {where(best)}."
    if side and (ref is None or (ref.kind is None and ref.color is None)):
        return _on_side(visible, side, tokens[0] in _YES_NO_STARTS, tokens[:2] == ["how", "many"])  # "what is on your left?"
    if side and ref is not None and tokens[0] in _YES_NO_STARTS and not (ref.relation or ref.ordinal):
        fits = grounder.candidates(replace(ref, superlative=""))  # "is there a red box on your left?"
        told = _on_side(fits, side, True)
        if tokens[1:2] == ["the"] and len(fits) == 1 and told.startswith("Yes"):  # "is the red box on your left?"
            return f"Yes, the {fits[0].name} is on my {side}, {where(fits[0])}."
        return told if told.startswith("Yes") else \
            f"No, I see no {ref.name} on my {side}{'; I see ' + _listing(fits) if fits else ''}."
    if _behind_asked(tokens) and ref is not None and tokens[0] in _YES_NO_STARTS and not (ref.relation or ref.ordinal):
        fits = grounder.candidates(replace(ref, superlative=""))  # "is the red box behind you?"
        told = _behind(fits, True)
        if told.startswith("Yes") or not fits:
            return told
        return f"No, I see {_listing(fits)}, not behind me."
    by_contents = _bins_by_contents(grounder, tokens, refs)
    if by_contents:  # "which bin is empty?", "which bin doesn't have a cube in it?"
        return by_contents
    bin_ref = next((r for r in refs if r.kind == "bin"), None)
    cube_ref = next((r for r in refs if r.kind in GRASPABLE_LABELS), None)
    if bin_ref is not None and cube_ref is not None and words & {"in", "inside", "within"} and bin_ref.color is None \
            and not (bin_ref.superlative or bin_ref.ordinal or bin_ref.relation) \
            and (refs.index(cube_ref) < refs.index(bin_ref) or tokens[:2] in (["which", "bin"], ["what", "bin"])):
        return _bin_holding(grounder, cube_ref, tokens[0] in _YES_NO_STARTS)  # "is the red cube in a bin?"
    if bin_ref is not None and (words & {"in", "inside", "empty", "full", "within", "contain", "contains", "holds"}):
        several = grounder.candidates(replace(bin_ref, count=0, every=False))
        if len(several) > 1 and not (bin_ref.superlative or bin_ref.ordinal or bin_ref.relation or bin_ref.contents) \
                and not (cube_ref is not None and cube_ref.color):  # "is the green bin empty?" with two green bins
            return _each_bin(several, visible, replace(bin_ref, count=0, every=False).name,
                             bool(words & {"empty", "nothing"}) and not words & {"full", "something"}, tokens[0] in _YES_NO_STARTS,
                             bool(words & {"any", "either"}))
        seen = _seen_each(grounder, [bin_ref])
        if isinstance(seen, str):
            return seen
        bin_ = seen[0]
        inside = [o for o in visible if o.label in GRASPABLE_LABELS and holds(bin_, o)]
        asks_what = tokens[0] in ("what", "which", "whats")
        if cube_ref is not None and tokens[0] in _YES_NO_STARTS and not words & {"empty", "nothing"}:
            meant = [o for o in inside if cube_ref.color in (None, o.color) and o.label == cube_ref.kind]  # "is the yellow
            # cube in the green bin?", "is there a can in the grey bin?"
            if meant:
                return f"Yes, the {meant[0].name} is in the {bin_.name}."
            in_it = " and ".join(f"the {o.name}" for o in inside)
            return f"No, {in_it} {'is' if len(inside) == 1 else 'are'} in the {bin_.name}." if inside else \
                f"No, the {bin_.name} is empty."
        if "nothing" in words and "empty" not in words:
            words = words | {"empty"}  # "does the red bin have nothing in it?": is it empty
        if inside:
            names = " and ".join(f"the {o.name}" for o in inside)
            told = f"{names} {'is' if len(inside) == 1 else 'are'} in the {bin_.name}."
            return told[0].upper() + told[1:] if asks_what else f"Yes, {told}" if "empty" not in words else f"No, {told}"
        if asks_what:
            return f"Nothing: the {bin_.name} is empty."
        return f"No, the {bin_.name} is empty." if "empty" not in words else f"Yes, the {bin_.name} is empty."
    if asks_count:
        found = grounder.candidates(ref) if ref is not None else visible
        if not found:
            return f"I see 0 {_kind_phrase(ref, 0)}."
        return f"I see {len(found)} {_kind_phrase(ref, len(found))}: {_listing(found)}."
    if words & {"more", "fewer", "less"} and len(refs) >= 2 and all(r.kind or r.color for r in refs[:2]) \
            and not words & {"closer", "nearer", "farther", "further", "bigger", "smaller", "larger"}:
        return _more_of(grounder, refs[0], refs[1], "than" in words and bool(words & {"fewer", "less"}),
                        "than" in words)  # "are there more cubes or bins?", "are there fewer boxes than cubes?"
    if not refs and (words & {"ahead", "straight", "directly"}) and tokens[0] in ("what", "whats", "is", "are", "anything"):
        ahead = [o for o in visible if abs(o.bearing_rad) <= AHEAD_RAD]  # "what's straight ahead?"; "in front of you": all in view
        if not ahead:
            return f"{'No, n' if tokens[0] in _YES_NO_STARTS else 'N'}othing is straight ahead of me."
        return f"{'Yes, s' if tokens[0] in _YES_NO_STARTS else 'S'}traight ahead I see {_listing(ahead)}."
    group = next(([refs[k - 1], *[r for r in refs[k:] if r.alternative]] for k in range(1, len(refs)) if refs[k].alternative), [])
    said = next((r.superlative for r in refs if r.superlative), "")
    if group and said:  # "is the red box or the blue box closer?", "which is bigger, the red cube or the blue box?"
        return _which_of(grounder, group, said)
    comparison = _comparison(words)
    if tokens[0] in ("is", "are") and len(refs) >= 2 and "than" in words and comparison:
        second = refs[1] if refs[1].kind else replace(refs[1], kind=refs[0].kind)  # "... than the blue one"
        return _compare(grounder, refs[0], second, comparison)
    of_all = len(refs) >= 2 and refs[1].kind is None and refs[1].color is None and refs[1].text.split()[-1:] != ["one"]
    measured_from = of_all and refs[1].relation in ("next_to", "far_from") and refs[1].anchor is not None \
        and bool(words & (lx.NEAREST_WORDS | lx.FARTHEST_WORDS))  # "is the red box the nearest object to the yellow bin?"
    if tokens[0] in ("is", "are") and len(refs) >= 2 and not refs[0].superlative and \
            (refs[1].superlative or refs[1].ordinal or measured_from):
        described_ref = refs[1] if refs[1].kind or of_all else replace(refs[1], kind=refs[0].kind)  # "the closest one"
        try:  # "is the red box the closest box?": compare the one named with the one described
            chosen = grounder.resolve(described_ref)  # "... the closest thing?": with every object in view
        except WhichOne as exc:  # "is the red box the biggest thing?": it may be one of several as big
            named, tied = grounder.candidates(refs[0]), [o for o in grounder.objects if o.track_id in exc.choices]
            if len(named) != 1 or not tied:
                return str(exc)
            tied_names = f"{', '.join(f'the {o.name}' for o in tied[:-1])} and the {tied[-1].name}"
            if named[0] in tied:
                return f"Yes, the {named[0].name} is one of the {_describe_superlative(described_ref)}: {tied_names} tie."
            return f"No, the {_describe_superlative(described_ref)} are {tied_names}; the {named[0].name} is {where(named[0])}."
        except GoalRefused as exc:
            return str(exc)
        assert chosen.obj is not None
        said = _describe_superlative(described_ref)
        if measured_from:
            assert described_ref.anchor is not None
            said = f"{'closest to' if described_ref.relation == 'next_to' else 'farthest from'} the {described_ref.anchor.name}"
        described = f"{said} {described_ref.kind or 'object'}" if not measured_from else f"object {said}"
        if chosen.obj in grounder.candidates(refs[0]):
            return f"Yes, the {chosen.obj.name} is the {described}, {where(chosen.obj)}."
        return f"No, the {said if of_all else described} is the {chosen.obj.name}, {where(chosen.obj)}."
    most = _is_the_most(grounder, tokens, refs)
    if most:  # "is the red box the closest?", "is the red box closer than anything else?"
        return most
    if (ref is not None and (ref.superlative or ref.ordinal or ref.relation)) or \
            (words & {"closest", "nearest", "farthest", "furthest", "leftmost", "rightmost"}):
        probe = ref if ref is not None and (ref.superlative or ref.ordinal or ref.relation) else \
            ObjectRef("object", superlative=_superlative(words))
        asks_yes_no = tokens[0] in _YES_NO_STARTS and probe.relation != "" and (
            bool(words & {"there", "any", "anything", "something"})  # "is there a cube near the yellow bin?"
            or probe.kind is not None)  # "is the blue box to the left of the red box?", "is the cone left of the ball?"
        try:
            chosen = grounder.resolve(probe)
        except WhichOne as exc:
            each = _related_to_each(grounder, probe) if probe.relation else ""  # "anything near the red box?", two red boxes
            if each:
                return f"Yes: {each}" if asks_yes_no or tokens[0] == "anything" else each
            told = str(exc).removesuffix("; which one?")
            told = f"{told[:1].upper()}{told[1:]}{'' if told == str(exc) else '.'}"
            return f"No. {told}" if asks_yes_no else told
        except GoalRefused as exc:
            told = str(exc).removesuffix("; which one?")  # a question is answered, not asked back
            told = f"{told[:1].upper()}{told[1:]}{'' if told == str(exc) else '.'}"
            return f"No. {told}" if asks_yes_no else told
        assert chosen.obj is not None
        if words & {"color", "colour"}:
            return f"It is {chosen.obj.color}: the {chosen.obj.name} {where(chosen.obj)}."
        said_colour = _colour_said_last(tokens) if tokens[0] in _YES_NO_STARTS else None
        if said_colour is not None:  # "is the cube next to the bin red?": of the one described, its colour
            if chosen.obj.color == said_colour:
                return f"Yes, the {chosen.obj.name} is {_describe_superlative(probe)}, {where(chosen.obj)}."
            return f"No, it is {chosen.obj.color}: the {chosen.obj.name} is {_describe_superlative(probe)}, {where(chosen.obj)}."
        if asks_yes_no:
            return f"Yes, the {chosen.obj.name} is {_describe_superlative(probe)}, {where(chosen.obj)}."
        return f"The {chosen.obj.name} is {_describe_superlative(probe)}, {where(chosen.obj)}."
    if words & {"color", "colour"} and ref is not None:
        found = grounder.candidates(ref)
        if len(found) == 1:
            return f"It is {found[0].color}: the {found[0].name} {where(found[0])}."
        if not found and held and _held_is(held, ref.name):  # "what colour is it?" of the can just picked up
            return f"It is {held.rpartition(' ')[0]}: I am holding the {held}."
        if not found:
            return f"I don't see {('a ' + ref.name) if ref.name != 'object' else 'it'}."
        if ref.every or lx.is_plural_kind(ref.text.split()[-1]):  # "what colours are the cubes?"
            same = ""
            if "same" in words and tokens[0] in _YES_NO_STARTS:  # "are the cans the same colour?"
                same = "Yes, " if len({o.color for o in found}) == 1 else "No, "
            return f"{same}{'t' if same else 'T'}he {_plural(ref.name, len(found))} are " + \
                   ", ".join(f"{o.color} ({where(o)})" for o in sorted(found, key=lambda o: o.distance_m)) + "."
        return f"I see {_number(len(found))} {_plural(ref.name, len(found))}: {_listing(found)}; which one?"
    if words & {"far", "distance", "apart"} and len(refs) >= 2 and words & {"from", "apart", "between"}:
        return _distance_between(grounder, refs[0], refs[1])  # "how far is the red cube from the green bin?"
    if words & {"far", "distance"} and words & {"apart", "between"} and len(refs) == 1 and ref is not None:
        pair = grounder.candidates(ref)  # "how far apart are the two boxes?"
        if len(pair) == 2:
            return _apart(*sorted(pair, key=lambda o: o.distance_m))
    if words & {"where", "far", "distance"} and ref is not None:
        found = grounder.candidates(ref)
        if not found and held and _held_is(held, ref.name) and "where" in words:
            return f"I am holding the {held}: it is in my gripper."  # "where's the can?" with the can in the gripper
        if not found:
            return f"I don't see {'an' if ref.name[:1] in 'aeiou' else 'a'} {ref.name} right now."
        if len(found) == 1:
            return f"The {found[0].name} is {where(found[0])}."
        return f"I see {_number(len(found))} {_plural(ref.name, len(found))}: {_listing(found)}."
    yes_no = tokens[0] in _YES_NO_STARTS or "any" in words
    if ref is not None and ({"made", "of"} <= words or words & {"material", "weigh", "weight", "price", "cost"}):
        raise GoalRefused(f"I can't tell what the {ref.name} is made of or weighs: I see colour, kind, size and where things "
                          "are")  # "what is the ball made of?"
    state = next((w for w in tokens if w in _UNSEEN_STATES), "")
    if state and ref is not None:  # "is the red cube broken?": not something a camera tells
        raise GoalRefused(f"I can't tell whether the {ref.name} is {state}: I see colour, kind, size and where things are")
    if len(listed) >= 2 and tokens[0] in _YES_NO_STARTS:  # "is there a red bin and a purple box?"
        return _each_seen(grounder, listed)
    if yes_no and ref is not None:
        found = grounder.candidates(ref)
        count_said = _count_said(tokens)
        if count_said is not None and tokens[0] in _YES_NO_STARTS and not _count_fits(tokens, count_said, len(found)):
            # "are there three cubes?", "are there more than three blue cubes?"
            seen = f": {_listing(found)}" if found else ""
            return f"No, I see {_number(len(found))} {_plural(ref.name, len(found) if found else 2)}{seen}."
        if found:
            return f"Yes, I see {_number(len(found))} {_plural(ref.name, len(found))}: {_listing(found)}."
        excepted = grounder.candidates(replace(ref, not_names=(), not_colors=())) if ref.not_names or ref.not_colors else []
        if excepted:  # "is there anything red that isn't a cube?" with only red cubes in view
            return f"No: apart from {_listing(excepted)}, I don't see any {_plural(ref.name, 2)}."
        other_colour = grounder.candidates(replace(ref, color=None)) if ref.color and ref.kind and not ref.relation else []
        if other_colour:  # "the cone is orange, isn't it?": what colour the cone is, said with the No
            return f"No, I don't see any {_plural(ref.name, 2)}; I see {_listing(other_colour)}."
        return f"No, I don't see any {_plural(ref.name, 2)}."
    if ref is None and (words & _OFF_SCENE_WORDS or not words & _SCENE_CUES):  # "what time is it?", "what is love?"
        raise GoalRefused(_ONLY_THE_SCENE)
    found = grounder.candidates(ref) if ref is not None else visible
    if not found:
        return f"I don't see any {_kind_phrase(ref, 2)}."
    return f"I see {_number(len(found))} {_kind_phrase(ref, len(found))}: {_listing(found, order or (lambda o: o.distance_m))}."


# States of an object that what the robot sees does not tell.
_UNSEEN_STATES = frozenset({"broken", "damaged", "cracked", "faulty", "dirty", "clean", "hot", "cold", "warm", "wet", "dry",
                            "sticky", "heavy", "fragile", "dangerous", "safe", "unsafe", "new", "old", "locked", "open",
                            "closed", "expensive", "cheap", "mine", "yours", "real", "fake", "soft", "hard"})
_PICKED_LEMMAS = frozenset({"pick", "grab", "get", "take", "lift", "collect", "grasp", "fetch"})
_DONE_WORDS = frozenset({"been", "gone", "finished", "done", "completed", "reached", "arrived", "visited", "put", "placed",
                         "dropped", "delivered", "ready", "there", "busy", "working", "stuck", "successful", "succeeded",
                         "failed", "moving", "driving"})


def _what_was_done(tokens: list[str]) -> str:
    """"picked" for a question whether a cube was picked up ("did you pick up the red cube?", "have
    you got it?"), "done" for one about what the robot did or is doing ("have you been to the red
    box?", "did you go there?", "are you done?"), "goal" for one about what it was told ("what is
    your goal?", "where are you going?"), "" for any other question."""
    words = [t for t in tokens if t[0].isalnum()]
    if _asks_about_the_goal(words):
        return "goal"
    if words[:2] not in (["did", "you"], ["have", "you"], ["are", "you"], ["were", "you"], ["has", "it"], ["is", "it"]):
        return ""
    rest = words[2:]
    verb = next((w for w in rest if w not in ("already", "just", "yet", "now", "really", "successfully", "actually")), "")
    if words[0] in ("did", "have") and (lx.lemma(verb) in _PICKED_LEMMAS or verb in ("picked", "grabbed", "got", "taken",
                                                                                        "lifted", "collected", "fetched")):
        return "picked"
    if words[0] == "did" and verb and verb not in ("see", "spot", "notice", "find", "detect"):
        return "done"  # "did you go to the red box?"
    return "done" if verb in _DONE_WORDS else ""


_GOAL_NOUNS = frozenset({"goal", "task", "plan", "mission", "job", "objective", "destination", "orders", "instructions"})
_GOING_WORDS = frozenset({"going", "headed", "heading", "driving", "off", "moving", "travelling", "traveling"})


def _asks_about_the_goal(words: list[str]) -> bool:
    """Whether a question asks what the robot was told or is doing ("what is your goal?", "where
    are you going?", "what are you up to?", "what did I just ask you?", "what did you do?")."""
    if words in (["and", "then"], ["then", "what"], ["and", "then", "what"], ["what", "next"], ["what", "is", "next"],
                 ["whats", "next"], ["what", "now"], ["what", "comes", "next"], ["what", "will", "you", "do", "next"],
                 ["what", "are", "you", "doing"], ["what", "will", "you", "do"], ["then", "what", "will", "you", "do"]):
        return True  # "and then?", "what's next?": the plan, said when the goal began
    if words[:1] not in (["what"], ["where"], ["whats"], ["which"]):
        return False
    rest = [w for w in words[1:] if w not in ("just", "exactly", "now", "right", "currently", "again", "actually")]
    return (bool(set(rest[:4]) & _GOAL_NOUNS) and bool(set(rest[:3]) & {"your", "the", "is", "s", "current"})) \
        or (words[0] == "where" and rest[:2] in (["are", "you"], ["you", "are"]) and bool(set(rest[2:4]) & _GOING_WORDS)) \
        or rest[:4] == ["are", "you", "up", "to"] or rest[:3] in (["did", "i", "ask"], ["did", "i", "say"], ["did", "i", "tell"],
                                                                    ["did", "you", "do"], ["have", "you", "done"]) \
        or _went_where(words[0], rest)


def _went_where(first: str, rest: list[str]) -> bool:
    """"where did you go?", "where have you been?", "which box did you go to?", "what did you pick up?"."""
    if first == "which" and rest[:1] and lx.kind_of(rest[0]):
        rest = rest[1:]
    return rest[:3] in (["did", "you", "go"], ["have", "you", "been"], ["did", "you", "drive"], ["did", "you", "visit"],
                        ["have", "you", "gone"], ["did", "you", "pick"], ["did", "you", "take"], ["did", "you", "grab"])


# Asking what the robot knows ("what colours do you know?", "which objects can you recognise?"): its
# vocabulary, not what is in view.
_KNOWING_WORDS = frozenset({"know", "recognise", "recognize", "understand", "identify", "distinguish"})
_WHAT_IS_KNOWN = frozenset({"colours", "colors", "colour", "color", "kinds", "kind", "shapes", "shape", "objects", "object",
                            "types", "type", "sorts", "things"})
# People asked about: the robot does not recognise them ("can you see me?", "is there anyone here?").
_PEOPLE_WORDS = frozenset({"me", "us", "anyone", "anybody", "someone", "somebody", "people", "person", "persons", "human",
                           "humans", "him", "her"})
# The robot's power: not something it reports ("how much battery do you have?", "is your charge low?").
_POWER_WORDS = frozenset({"battery", "batteries", "charge", "charged", "charging", "power", "energy", "fuel", "juice"})
# Words of questions about anything but the scene: such a question is not answered with what is in view.
_OFF_SCENE_WORDS = frozenset({"time", "date", "day", "weather", "temperature", "battery", "age", "old", "feel",
                              "feeling", "doing", "joke", "news", "score", "price", "cost", "meaning", "why", "who"})


# Words that make a question naming no object one about the scene ("what do you see?", "what's around you?",
# "anything on your left?"); a question with none of them ("how are you today?") is about something else.
_SCENE_CUES = frozenset({"see", "seen", "there", "around", "view", "visible", "front", "behind", "left", "right", "near",
                         "nearby", "here", "objects", "object", "things", "thing", "everything", "anything", "something",
                         "stuff", "items", "item", "spot", "notice", "look", "looking", "camera", "close", "closest",
                         "nearest", "far", "farthest", "furthest", "where", "ahead", "room", "floor", "scene", "detect",
                         "colours", "colors", "colour", "color", "kinds", "kind", "shapes", "all", "else", "any", "them",
                         "found", "find", "tell", "report", "describe", "list", "count", "show", "name"})
_ONLY_THE_SCENE = f"I can only answer questions about what I see and hold, e.g. 'what do you see?'; {SKILL_SUMMARY}"
# Words of questions about the world beyond what is in view (weather, sport, news, sums), said with no object.
_WORLD_WORDS = frozenset({"weather", "rain", "raining", "rainy", "sunny", "snow", "snowing", "cloudy", "windy", "foggy", "stormy",
                          "forecast", "temperature", "tomorrow", "yesterday", "tonight", "football", "soccer", "match",
                          "game", "won", "win", "winning", "lost", "team", "news", "election", "president", "capital",
                          "population", "stock", "stocks", "bitcoin", "movie", "song", "recipe", "joke", "plus", "minus",
                          "multiplied", "divided", "squared", "sqrt", "equals", "sum", "maths", "math", "arithmetic"})
_SPORT_WORDS = frozenset({"won", "win", "winning", "lost", "team", "match", "game", "score", "scored", "league", "cup"})
_SUM_WORDS = frozenset({"what", "whats", "is", "how", "much", "does", "do", "make", "makes", "equal", "equals", "times", "x",
                        "over", "and", "+", "-", "*", "/", "="})


def _beyond_the_scene(tokens: list[str]) -> bool:
    """Whether a question is about the world beyond what is in view ("is it going to rain?", "is it
    sunny outside?", "what's the capital of France?") or is a sum ("what's 2+2?", "what is 3 times 4?")."""
    words = [t for t in tokens if t not in ("?", "!", ".", ",")]
    if set(words) & _WORLD_WORDS:
        return True
    numbers = [t for t in words if t.isdigit() or t in lx.NUMBER_WORDS]
    return len(numbers) >= 2 and all(t in _SUM_WORDS or t in numbers for t in words)


_BEYOND_WORDS = (("more", "than"), ("further", "than"), ("farther", "than"), ("over",), ("beyond",), ("at", "least"))
_WITHIN_WORDS = (("less", "than"), ("closer", "than"), ("nearer", "than"), ("under",), ("within",), ("at", "most"))


def _distance_threshold(tokens: list[str]) -> tuple[bool, float] | None:
    """A distance a question compares against ("more than 3 metres away": (True, 3.0), "within 2
    m": (False, 2.0)) [m]; None when it says none."""
    for runs, beyond in ((_BEYOND_WORDS, True), (_WITHIN_WORDS, False)):
        for k in range(len(tokens)):
            run = next((r for r in runs if tuple(tokens[k : k + len(r)]) == r), None)
            if run is not None:
                limit_m = distance_said(tokens[k + len(run) : k + len(run) + 4])
                if limit_m is not None:
                    return beyond, limit_m
    return None


_COMPARATIVES = {"closer": "closer", "nearer": "closer", "farther": "farther", "further": "farther",
                 "bigger": "bigger", "larger": "bigger", "taller": "taller", "smaller": "smaller", "tinier": "smaller",
                 "shorter": "shorter"}


def _what_is_related(tokens: list[str]) -> ObjectRef | None:
    """What a "what is <relation> the X?" question describes (an object related to X, read by
    the goal parser as "the object <relation> the X"), or None."""
    words = [t for t in tokens if t[0].isalpha()]
    if not (words[:2] == ["what", "is"] or (words[:1] in (["which"], ["what"]) and words[1:2] and words[1] in _ANY_OBJECT_NOUNS | {"one"})
            or words[:1] in (["anything"], ["whats"])):
        return None  # "what is next to the bin?", "which thing is nearest the ball?"
    start = 1 if words[:1] == ["whats"] else 2
    if words[start : start + 1] == ["is"]:
        start += 1
    described, _, _ = read_objects(["the", "object", *words[start:]])
    return described[0] if described and described[0].relation and described[0].anchor is not None else None


def _comparison(words: set[str]) -> str:
    return next((_COMPARATIVES[w] for w in sorted(words) if w in _COMPARATIVES), "")


def _compare(grounder: Grounder, first_ref: ObjectRef, second_ref: ObjectRef, comparison: str) -> str:
    """'is the red cube closer than the blue cube?': yes or no, with both measurements."""
    resolved = []
    for ref in (first_ref, second_ref):
        try:  # "closer" read as the object's own "closest" is the comparison; "the left red box" still says which
            one = grounder.resolve(replace(ref, superlative="") if ref.superlative not in ("left", "right", "middle") else ref)
        except GoalRefused as exc:
            return str(exc)
        if one.obj is None:
            return f"I don't see the {one.name} right now."
        resolved.append(one.obj)
    a, b = resolved
    if comparison in ("closer", "farther"):
        values, unit = (a.distance_m, b.distance_m), "m away"
    elif comparison in ("taller", "shorter"):
        values, unit = (a.size_m[2] * 100.0, b.size_m[2] * 100.0), "cm tall"
    else:
        values, unit = (volume_m3(a) * 1e3, volume_m3(b) * 1e3), "litres"
    it_holds = values[0] < values[1] if comparison in ("closer", "smaller", "shorter") else values[0] > values[1]
    def named(o: DetectedObject) -> str:  # two of one name are told apart by where they are
        return f"the {o.name} {direction(o)}" if a.name == b.name else f"the {o.name}"
    return (f"{'Yes' if it_holds else 'No'}, {named(a)} ({values[0]:.1f} {unit}) is "
            f"{'' if it_holds else 'not '}{comparison} than {named(b)} ({values[1]:.1f} {unit}).")


_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_COMPARED = {"nearest": "closer", "farthest": "farther away", "largest": "bigger", "smallest": "smaller", "darkest": "darker",
             "lightest": "lighter", "tallest": "taller", "shortest": "shorter",
             "left": "further left", "right": "further right", "ahead": "closer"}


def _seen_each(grounder: Grounder, refs: list[ObjectRef]) -> list[DetectedObject] | str:
    """The object in view each of ``refs`` names, or the answer saying which one is not seen or
    not told apart."""
    found = []
    for ref in refs:
        try:
            resolved = grounder.resolve(ref)
        except GoalRefused as exc:
            return str(exc)
        if resolved.obj is None:
            return f"I don't see the {ref.name} right now."
        found.append(resolved.obj)
    return found


def _which_of(grounder: Grounder, group: list[ObjectRef], said: str) -> str:
    """Which of the objects named as alternatives the position or size ``said`` picks, with where each is."""
    found = _seen_each(grounder, [replace(ref, superlative="", alternative=False) for ref in group])
    if isinstance(found, str):
        return found
    best = min(found, key=superlative_key(said))
    others = "; ".join(f"the {o.name} {where(o)}" for o in found if o is not best)
    return f"The {best.name} is {_COMPARED.get(said, 'closer')}: {where(best)}; {others}."


def _distance_between(grounder: Grounder, first: ObjectRef, second: ObjectRef) -> str:
    """How far apart two named objects are, centre to centre on the floor [m]."""
    found = _seen_each(grounder, [first, second])
    if isinstance(found, str):
        return found
    return _apart(*found)


def _apart(a: DetectedObject, b: DetectedObject) -> str:
    return f"The {a.name} and the {b.name} are {math.dist(a.position_m[:2], b.position_m[:2]):.1f} m apart."


_ANY_OBJECT_NOUNS = frozenset({"object", "objects", "thing", "things", "item", "items"})
_PLACE_WORDS = frozenset({"in", "inside", "on", "next", "near", "behind", "beside", "by", "at", "to", "of", "from", "than"})
_SOME_WORDS = frozenset({"any", "some"})


# How a count may be bounded ("more than three"): the words, and whether a number seen fits the number said.
CountBound = tuple[tuple[str, ...], Callable[[int, int], bool]]
_COUNT_BOUNDS: tuple[CountBound, ...] = ((("more", "than"), lambda seen, n: seen > n), (("over",), lambda seen, n: seen > n),
                 (("at", "least"), lambda seen, n: seen >= n), (("no", "fewer", "than"), lambda seen, n: seen >= n),
                 (("fewer", "than"), lambda seen, n: seen < n), (("less", "than"), lambda seen, n: seen < n),
                 (("under",), lambda seen, n: seen < n), (("at", "most"), lambda seen, n: seen <= n),
                 (("no", "more", "than"), lambda seen, n: seen <= n), (("up", "to"), lambda seen, n: seen <= n))


def _count_fits(tokens: list[str], said: int, seen: int) -> bool:
    """Whether ``seen`` objects fit the count a question says ("three": exactly; "more than three",
    "at least four", "fewer than two": as said)."""
    at = next((i for i, t in enumerate(tokens) if t == str(said) or lx.NUMBER_WORDS.get(t) == said), -1)
    bound = next((test for words, test in _COUNT_BOUNDS if at >= len(words) and tuple(tokens[at - len(words) : at]) == words),
                 None)
    return bound(seen, said) if bound is not None else seen == said


def _count_said(tokens: list[str]) -> int | None:
    """The number a yes/no question says before a kind ("are there three cubes?", "is there only
    one red box?"), or None."""
    for i, t in enumerate(tokens):
        n = int(t) if t.isdigit() else lx.NUMBER_WORDS.get(t, 0) if t not in ("no", "zero") else 0
        if n <= 0:
            continue
        j = i + 1
        while j < len(tokens) and lx.color_of(tokens[j]):
            j += 1
        if j < len(tokens) and lx.kind_of(tokens[j]) and (n == 1 or lx.is_plural_kind(tokens[j])):
            return n
    return None


def _quantified(tokens: list[str], visible: Sequence[DetectedObject]) -> str:
    """A yes/no question whether all, any or none of a kind has a colour or is empty ("are all the
    cubes red?", "is any box blue?", "are the bins empty?", "are both bins empty?"), answered with
    the ones that do not fit; '' when the question is not of that shape."""
    if tokens[0] not in ("are", "is", "do", "does"):
        return ""
    noun = next((i for i, t in enumerate(tokens) if lx.kind_of(t) or t in _ANY_OBJECT_NOUNS), None)
    if noun is None:
        return ""
    quantifier = next((t for t in tokens[:noun] if t in lx.EVERY_WORDS | _SOME_WORDS), "")
    if not quantifier and not (lx.is_plural_kind(tokens[noun]) and "the" in tokens[:noun]):
        return ""
    after = tokens[noun + 1 :]
    ends = next((k for k, t in enumerate(after) if lx.kind_of(t) or t in _PLACE_WORDS), len(after))
    after = after[:ends]  # "is there any thing in a green bin?": green is where, not what colour
    colours = list(dict.fromkeys(c for c in map(lx.color_of, after) if c))
    full = "full" in after and "empty" not in after  # "are any bins full?": any not empty
    empty = "empty" in after or full
    if bool(colours) == empty or (empty and lx.kind_of(tokens[noun]) != "bin"):
        return ""
    named_colour = next((c for c in map(lx.color_of, tokens[:noun]) if c), None)
    kind = lx.kind_of(tokens[noun])  # None: "is every object red?"
    group = sorted((o for o in visible if (kind is None or o.label == kind) and (named_colour is None or o.color == named_colour)),
                   key=lambda o: o.distance_m)
    what = f"{named_colour + ' ' if named_colour else ''}{kind or 'object'}"
    if not group:
        return f"No, I don't see any {_plural(what, 2)}."

    negated = ("not" in after) != full  # "are there any boxes that are not red?"

    def fits(o: DetectedObject) -> bool:
        if empty:
            return (not any(c.label in GRASPABLE_LABELS and holds(o, c) for c in visible)) != negated
        return (o.color in colours) != negated

    said = "empty" if empty else " or ".join(colours)
    fitting = [o for o in group if fits(o)]
    misfits = [o for o in group if not fits(o)]
    every = "the" if len(group) == 1 else "both" if len(group) == 2 else f"all {_number(len(group))}"
    if quantifier in _SOME_WORDS:
        if fitting:
            return f"Yes: {_listing(fitting)} {'is' if len(fitting) == 1 else 'are'} {'not ' if negated else ''}{said}."
        if negated:
            return f"No, {every} {_plural(what, len(group))} {'is' if len(group) == 1 else 'are'} {said}."
        return f"No, none of the {_number(len(group))} {_plural(what, len(group))} is {said}."
    if not misfits:
        if negated:
            return f"Yes, none of the {_number(len(group))} {_plural(what, len(group))} is {said}."
        return f"Yes, {every} {_plural(what, len(group))} {'is' if len(group) == 1 else 'are'} {said}."
    return f"No: {_listing(misfits)} {'is' if len(misfits) == 1 else 'are'} {'' if negated else 'not '}{said}."


_ASKING_FRAMES = tuple(tuple(p.split()) for p in (
    "can you tell me", "could you tell me", "would you tell me", "will you tell me", "can you say", "please tell me",
    "tell me", "do you know", "i wonder", "i would like to know", "i want to know", "i'd like to know",
    *(f"i {need} to know" for need in ("need", "have", "got", "really need", "just need", "just want", "really want")),
    "i wanna know", "i gotta know", "i was wondering", "i am wondering", "i was just wondering", "i would love to know",
    "state", "please state",
    *(" ".join(frame) for frame in CHECKING_FRAMES)))
_ASKING_FRAMES = tuple(sorted(_ASKING_FRAMES, key=len, reverse=True))  # the longest first
_QUESTION_WORDS = frozenset({"what", "whats", "which", "where", "how", "is", "are", "whether", "if", "who"})


# Words that place a question at the robot's own place and time, which every answer is about anyway.
_HERE_AND_NOW = tuple(tuple(p.split()) for p in (
    "from where you are", "from where you are standing", "from where you stand", "from here", "from your position",
    "right now", "at the moment", "currently", "at this moment", "just now"))
# Words that place what is asked about in view, which everything it tells about is: "how many things in front of you ..."
_IN_VIEW_SAID = tuple(tuple(p.split()) for p in ("in front of you", "in front of me", "that you can see", "you can see",
                                                 "in view", "here"))
_IN_VIEW_OF = frozenset({"things", "objects", "items", "stuff"})
_RELATION_ENDS = frozenset({"closest", "nearest", "farthest", "furthest", "next", "near", "close"})


def _without_here_and_now(tokens: list[str]) -> list[str]:
    """"Can you see the green bin from where you are?": "can you see the green bin?"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        said = next((p for p in _HERE_AND_NOW if tuple(tokens[i : i + len(p)]) == p), None) or \
            next((p for p in _IN_VIEW_SAID if tuple(tokens[i : i + len(p)]) == p and out[-1:] and out[-1] in _IN_VIEW_OF),
                 None)
        if said is None:
            out.append(tokens[i])
            i += 1
        else:
            i += len(said)
    return out


def _preposition_moved_back(tokens: list[str]) -> list[str]:
    """"Which bin is the red cube closest to?": "which bin is closest to the red cube?" (the
    object of "closest to" or "farthest from" said before it)."""
    body = tokens[:-1] if tokens[-1:] == ["?"] else tokens
    if len(body) < 5 or body[0] not in ("which", "what", "whats") or body[-1] not in ("to", "from") \
            or body[-2] not in _RELATION_ENDS:
        return tokens
    verb = next((i for i, t in enumerate(body) if t in ("is", "are")), 0)
    subject = body[verb + 1 : -2]
    if not any(lx.kind_of(t) or lx.color_of(t) for t in subject):
        return tokens
    return [*body[: verb + 1], body[-2], body[-1], *subject, *tokens[len(body) :]]


def _embedded_question(tokens: list[str]) -> list[str]:
    """The question inside "can you tell me what's in the bin?", "do you know where the cube is?",
    "I wonder which box is closer": its own words, so that it is answered as asked (not "No, ...")."""
    frame = next((f for f in _ASKING_FRAMES if tuple(tokens[: len(f)]) == f), None)
    if frame is None or len(tokens) <= len(frame) or tokens[len(frame)] not in _QUESTION_WORDS:
        return tokens
    rest = tokens[len(frame):]
    if rest[0] in ("whether", "if") and rest[1:3] in (["you", "can"], ["you", "could"]):  # "... whether you can see a cone"
        rest = ["can", "you", *rest[3:]]
    elif rest[0] in ("whether", "if"):  # "tell me if there is a red box": is there a red box
        rest = ["is", *rest[1:]] if rest[1:2] != ["there"] else ["is", "there", *rest[2:]]
    return rest


def _kind_of(grounder: Grounder, ref: ObjectRef) -> str:
    """What kind of object ``ref`` is: "It is a box: the red box 2.2 m ahead-left."."""
    found = _seen_each(grounder, [ref])
    if isinstance(found, str):
        return found
    return f"It is a {found[0].label}: the {found[0].name} {where(found[0])}."


def _side_of(grounder: Grounder, ref: ObjectRef) -> str:
    """Which side of the robot ``ref`` is on, from its bearing."""
    found = _seen_each(grounder, [replace(ref, superlative="")])
    if isinstance(found, str):
        return found
    obj = found[0]
    if abs(obj.bearing_rad) <= SIDE_RAD:
        return f"Neither: the {obj.name} is straight ahead, {where(obj)}."
    return f"It is on my {'left' if obj.bearing_rad > 0 else 'right'}: the {obj.name} {where(obj)}."


def _side_asked(tokens: list[str]) -> str:
    """'left' or 'right' when the question asks about one side of the robot ("what is on your left?",
    "anything to my right?", and with "the" where what is asked for is several or anything: "what
    is on the right?", "list the objects on the left"; "the box on the left" is the leftmost), else ''."""
    several = bool(set(tokens) & _SEVERAL_WORDS) or any(lx.is_plural_kind(t) for t in tokens) \
        or tokens[:4] in (["what", "is", "on", "the"], ["what", "is", "to", "the"])
    for i, t in enumerate(tokens[1:], start=1):
        if t in ("left", "right") and tokens[i - 1] in ("your", "my", "the") and tokens[i - 2 : i - 1] in (["on"], ["to"]) \
                and tokens[i + 1 : i + 2] not in (["of"],):
            return t if tokens[i - 1] != "the" or "you" in tokens or "me" in tokens or several else ""
    return ""


_SEVERAL_WORDS = frozenset({"objects", "things", "items", "everything", "anything", "all", "ones"})


def _side_counted(tokens: list[str]) -> str:
    """'left' or 'right' when a count is of one side of the robot ("how many boxes are on your
    left?", "count the cubes on the left", "how many bins are to the right?"), else ''."""
    for i, t in enumerate(tokens[2:], start=2):
        if t in ("left", "right") and tokens[i - 1] in ("your", "my", "the") and tokens[i - 2] in ("on", "to") \
                and tokens[i + 1 : i + 2] not in (["of"],):
            return t
    return ""


def _side_said_last(tokens: list[str]) -> str:
    """'left' or 'right' when a yes/no question ends on a side of the robot ("is the yellow bin on
    the left?", "are the cans to your right?"), else ''."""
    body = [t for t in tokens if t not in ("?", ".", "!")]
    body = body[:-2] if body[-2:] == ["hand", "side"] else body[:-1] if body[-1:] in (["side"], ["hand"]) else body
    if len(body) >= 4 and body[-1] in ("left", "right") and body[-2] in ("your", "my", "the") and body[-3] in ("on", "to"):
        return body[-1]
    return ""


def _behind_asked(tokens: list[str]) -> bool:
    """Whether the question asks what is behind the robot ("what is behind you?", "anything at
    your back?")."""
    return any(tokens[i : i + 2] in (["behind", "you"], ["behind", "me"]) or tokens[i : i + 3] in
               (["at", "your", "back"], ["in", "back", "of"]) for i in range(len(tokens)))


def _behind(visible: Sequence[DetectedObject], yes_no: bool) -> str:
    """The objects behind the robot (base_link x < 0), nearest first; the camera looks ahead, so
    an empty answer says so."""
    there = sorted((o for o in visible if o.position_m[0] < 0.0), key=lambda o: o.distance_m)
    if not there:
        return (f"{'No, n' if yes_no else 'N'}othing I know of is behind me; my camera looks ahead, so I cannot see "
                "behind me without turning around ('turn around').")
    return f"{'Yes, b' if yes_no else 'B'}ehind me I know of {_listing(there)}."


def _on_side(visible: Sequence[DetectedObject], side: str, yes_no: bool, counted: bool = False) -> str:
    """The objects on one side of the robot, nearest first (how many, first, when ``counted``)."""
    sign = 1.0 if side == "left" else -1.0
    there = sorted((o for o in visible if sign * o.bearing_rad > SIDE_RAD), key=lambda o: o.distance_m)
    if not there:
        return f"{'No, n' if yes_no else 'N'}othing is on my {side}."
    if counted:  # "how many things are on your left?"
        return f"I see {_number(len(there))} {_plural('object', len(there))} on my {side}: {_listing(there)}."
    return f"{'Yes, o' if yes_no else 'O'}n my {side} I see {_listing(there)}."


def _bin_holding(grounder: Grounder, cube_ref: ObjectRef, yes_no: bool) -> str:
    """Whether the cube ``cube_ref`` names is in any bin in view, and in which; for a cube of no
    particular colour ("is there a cube in either bin?"), whether any is."""
    if not (cube_ref.color or cube_ref.superlative or cube_ref.ordinal or cube_ref.relation or cube_ref.pronoun):
        pairs = [(c, b) for c in grounder.candidates(cube_ref) for b in grounder.objects if b.label == "bin" and holds(b, c)]
        if not pairs:
            return f"{'No, n' if yes_no else 'N'}o cube is in any bin I see."
        told = "; ".join(f"the {c.name} is in the {b.name}, {where(b)}" for c, b in pairs)
        return f"{'Yes: ' if yes_no else ''}{told[0].upper() if not yes_no else told[0]}{told[1:]}."
    found = _seen_each(grounder, [cube_ref])
    if isinstance(found, str):
        return found
    cube = found[0]
    holder = next((o for o in grounder.objects if o.label == "bin" and holds(o, cube)), None)
    if holder is None:
        return f"{'No, t' if yes_no else 'T'}he {cube.name} is not in any bin I see; it is {where(cube)}."
    return f"{'Yes, t' if yes_no else 'T'}he {cube.name} is in the {holder.name}, {where(holder)}."


def _superlative(words: set[str]) -> str:
    if words & {"farthest", "furthest"}:
        return "farthest"
    if "leftmost" in words:
        return "left"
    if "rightmost" in words:
        return "right"
    if words & (lx.TALLEST_WORDS | lx.SHORTEST_WORDS):
        return "tallest" if words & lx.TALLEST_WORDS else "shortest"
    if words & lx.LARGEST_WORDS:
        return "largest"
    if words & lx.SMALLEST_WORDS:
        return "smallest"
    if words & (lx.DARKEST_WORDS | lx.LIGHTEST_WORDS):
        return "darkest" if words & lx.DARKEST_WORDS else "lightest"
    return "nearest"


def _colour_said_last(tokens: list[str]) -> str | None:
    """The world colour a question ends on ("is the cube next to the bin red?"), if any."""
    words = [t for t in tokens if t not in ("?", ".", "!")]
    return lx.color_of(words[-1]) if words else None


def _describe_superlative(ref: ObjectRef) -> str:
    if ref.ordinal and ref.superlative in ("nearest", "farthest"):  # "the second closest"
        return f"the {_ORDINAL_WORDS.get(ref.ordinal, str(ref.ordinal))} {'closest' if ref.superlative == 'nearest' else 'farthest'}"
    if ref.superlative == "nearest":
        return "closest"
    if ref.superlative == "farthest":
        return "farthest away"
    if ref.superlative in ("left", "right"):
        return f"furthest {ref.superlative}"
    if ref.superlative in ("largest", "smallest", "tallest", "shortest", "darkest", "lightest"):
        return ref.superlative
    if ref.superlative == "ahead":
        return "straight ahead"
    if ref.superlative == "middle":
        return "in the middle"
    if ref.ordinal:
        counted = "by distance" if ref.ordinal_axis == "distance" else f"from the {ref.ordinal_axis}"
        return f"number {ref.ordinal if ref.ordinal > 0 else 'last'} counted {counted}"
    relation = ref.relation.replace("_", " ")
    if ref.relation in ("left_of", "right_of"):
        relation = f"to the {relation}"
    if ref.relation == "far_from":
        relation = "farthest from"
    if ref.relation == "not_near":
        relation = "not near"
    if ref.relation == "contains":
        relation = "holding"
    if ref.relation == "between" and ref.anchor is not None:
        return f"between the {ref.anchor.name} and the {ref.anchor2.name}" if ref.anchor2 is not None else \
            f"between the {ref.anchor.text}"
    return f"{relation} the {ref.anchor.name if ref.anchor else 'other'}"


def _empty_bins(bins: Sequence[DetectedObject], visible: Sequence[DetectedObject]) -> list[DetectedObject]:
    """The bins of ``bins`` with nothing the arm carries (a cube, a can) of ``visible`` in them."""
    return [b for b in bins if not any(c.label in GRASPABLE_LABELS and holds(b, c) for c in visible)]


def _nearest_with_to(tokens: list[str]) -> list[str]:
    """"Which box is nearest the green bin?": "which box is nearest to the green bin?" (a
    superlative said after an object, before the object it is measured from)."""
    for i in range(1, len(tokens) - 1):
        if tokens[i] in ("nearest", "closest") and tokens[i - 1] != "the" and tokens[i + 1] in ("the", "a", "an", "that", "this") \
                and any(lx.kind_of(t) for t in tokens[:i]):
            return [*tokens[: i + 1], "to", *tokens[i + 1 :]]
    return tokens


def _ordinal_from_side(tokens: list[str]) -> tuple[int, str] | None:
    """The ordinal and side of "the second box from the left", "which bin is third from the right"
    (counted from that side); None when the question counts none so."""
    for i in range(1, len(tokens)):
        side = tokens[i + 2] if tokens[i : i + 2] == ["from", "the"] and i + 2 < len(tokens) else \
            tokens[i + 1] if tokens[i] == "from" and i + 1 < len(tokens) else ""
        if side not in ("left", "right"):
            continue
        ordinal = next((lx.ORDINALS[t] for t in reversed(tokens[max(0, i - 4) : i]) if t in lx.ORDINALS), 0)
        if ordinal:
            return ordinal, side
    return None


def _counted_from_side(refs: list[ObjectRef], ordinal: int, side: str) -> list[ObjectRef]:
    """``refs`` with the object counted ``ordinal`` from ``side`` so described (the first one with that
    ordinal, or with none when "which bin is second from the left" leaves it off the bin)."""
    at = next((k for k, r in enumerate(refs) if r.ordinal == ordinal), None)
    if at is None:
        at = next((k for k, r in enumerate(refs) if not (r.ordinal or r.relation or r.pronoun)), None)
    if at is None:
        return refs
    superlative = "" if refs[at].superlative == side else refs[at].superlative
    return [*refs[:at], replace(refs[at], ordinal=ordinal, ordinal_axis=side, superlative=superlative), *refs[at + 1 :]]


_ROBOT = DetectedObject("robot", "", (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0, "robot")  # where the robot is, as an object
_ROBOT_WORDS = frozenset({"you", "me", "yourself", "myself", "us", "here", "robot"})
_PATH_NOUNS = frozenset({"path", "way", "route", "passage"})
_CLEAR_WORDS = frozenset({"clear", "free", "open", "unobstructed", "unblocked", "passable"})
_IN_THE_WAY_WORDS = frozenset({"blocked", "blocking", "obstructed", "obstructing", "obstacle", "obstacles", "anything",
                               "something", "nothing", "what", "whats", "in", "on", "along"})
_MEASURE_WORDS = frozenset({"distance", "far", "gap", "space", "apart", "difference"})


def _path_asked(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """The words before the robot's straight path and those naming where it ends, when a question
    asks what lies on it ("is there a cube | between you and | the red box?", "is the | path to |
    the red box clear?"); None when it does not."""
    body = [t for t in tokens if t not in ("?", ",")]
    if set(body) & _MEASURE_WORDS:  # "what is the distance between you and the red box?"
        return None
    if "between" in body:
        at = body.index("between")
        span = body[at + 1 :]
        if not set(span) & _ROBOT_WORDS:
            return None
        return body[:at], [t for k, t in enumerate(span) if t not in _ROBOT_WORDS | {"and"}
                           and not (t == "the" and span[k + 1 : k + 2] == ["robot"])]
    path_at = next((k for k, t in enumerate(body) if t in _PATH_NOUNS and body[k + 1 : k + 2] in (["to"], ["towards"], ["toward"])),
                   None)
    if path_at is None or not set(body) & (_CLEAR_WORDS | _IN_THE_WAY_WORDS):  # "is there a way to ...?" asks no such thing
        return None
    return body[:path_at], body[path_at + 2 :]


_PATH_WORDS = frozenset({"way", "path", "route", "blocking", "blocked", "obstructing", "clear", "free"})
PATH_HALF_WIDTH_M = 0.3  # half the width of the strip the robot sweeps driving straight to an object, with a margin [m]


def _on_my_path(obj: DetectedObject, end: DetectedObject) -> bool:
    """Whether ``obj`` stands in the strip the robot sweeps driving straight from where it is to ``end`` (base_link):
    ahead of the robot, short of ``end``, its outline within PATH_HALF_WIDTH_M of the line."""
    ex, ey = end.position_m[:2]
    length = math.hypot(ex, ey)
    if length < 1e-6:
        return False
    px, py = obj.position_m[:2]
    along = (px * ex + py * ey) / length
    off = abs(px * ey - py * ex) / length
    return 0.0 < along < length - outline_radius_m(end) and off - outline_radius_m(obj) <= PATH_HALF_WIDTH_M


def _on_the_way(grounder: Grounder, tokens: list[str], before: list[str], end_words: list[str]) -> str:
    """What lies on the straight line from the robot to the object ``end_words`` name (the objects
    between the two), answered as asked: whether that way is clear, whether something (or a kind
    said in ``before``) is there, or what is; '' when ``end_words`` name no object."""
    ends, _, _ = read_objects(end_words)
    if not ends:
        return ""
    found = _seen_each(grounder, [ends[0]])
    if isinstance(found, str):
        return found
    end = found[0]
    asked = next((r for r in read_objects(before)[0] if r.kind or r.color), None)  # "is there a cube between ...?"
    pool = grounder.candidates(ObjectRef(asked.text, asked.color, asked.kind)) if asked is not None else grounder.objects
    in_the_way = bool(set(tokens) & _PATH_WORDS)  # "in the way", "the path to": the strip the robot sweeps; "between": looser
    there = [o for o in pool if o is not end and (_on_my_path(o, end) if in_the_way else between(o, _ROBOT, end))]
    line = f"between me and the {end.name} ({where(end)})"
    asks_clear = bool(set(tokens) & _CLEAR_WORDS)
    yes_no = tokens[0] in _YES_NO_STARTS or tokens[0] == "anything"
    if there:
        told = f"{_listing(there)} {'is' if len(there) == 1 else 'are'} {line}"
        if asks_clear:
            return f"No, {told}."
        return f"Yes, {told}." if yes_no else f"{told[0].upper()}{told[1:]}."
    nothing = f"no {asked.name}" if asked is not None else "nothing"
    if asks_clear:
        return f"Yes, {nothing} is {line}."
    return f"No, {nothing} is {line}." if yes_no else f"{nothing[0].upper()}{nothing[1:]} is {line}."


_FARTHER_WORDS = frozenset({"farther", "further"})


def _nearer_of(grounder: Grounder, tokens: list[str]) -> str:
    """Which of two objects said as alternatives another object, or the robot, is closer to (or
    farther from) ("is the green cube closer to the blue bin or the yellow bin?", "are you nearer
    the red box or the blue box?", "is the blue box closer to you or to the red box?"), with both
    distances; '' when the question is not of that shape."""
    body = [t for t in tokens if t not in ("?", ",")]
    at = next((i for i, t in enumerate(body) if t in ("closer", "nearer") or t in _FARTHER_WORDS), None)
    if at is None or "or" not in body[at + 1 :] or body[at + 1 : at + 2] not in (["to"], ["from"], ["the"], ["a"], ["an"]):
        return ""
    split = body.index("or", at)
    subject_words, category = body[:at], ObjectRef("object")
    if subject_words[:1] in (["which"], ["what"]):  # "which bin is the green cube closer to, ...": the options are bins
        verb = next((i for i, t in enumerate(subject_words) if t in ("is", "are", "was")), len(subject_words))
        category = next(iter(read_objects(subject_words[1:verb])[0]), category)
        subject_words = subject_words[verb:]
    options: list[ObjectRef | None] = []  # None: the robot ("closer to you or to the red box?")
    for words in (body[at + 1 : split], body[split + 1 :]):
        if set(words) & {"you", "me", "yourself"}:
            options.append(None)
            continue
        option_said = read_objects([t for t in words if t not in ("to", "from")])[0]
        if not option_said:
            return ""
        options.append(option_said[0])
    for k, option in enumerate(options):  # "the left green bin or the right one": the right green bin
        other = options[1 - k] or category
        if option is not None and option.kind is None:
            options[k] = replace(option, kind=other.kind or category.kind, color=option.color or other.color or category.color)
    subject = next((r for r in read_objects(subject_words)[0] if r.kind or r.color), None)
    if subject is None and not set(subject_words) & {"you", "i", "we"}:
        return ""
    found = _seen_each(grounder, [r for r in (subject, *options) if r is not None])
    if isinstance(found, str):
        return found
    seen = iter(found)
    centre = next(seen) if subject is not None else _ROBOT
    a, b = (next(seen) if option is not None else _ROBOT for option in options)
    who = "I am" if centre is _ROBOT else f"the {centre.name} is"
    dist_a, dist_b = (math.dist(centre.position_m[:2], o.position_m[:2]) for o in (a, b))

    def named(o: DetectedObject) -> str:  # two of one name are told apart by where they are
        return "me" if o is _ROBOT else f"the {o.name} {direction(o)}" if a.name == b.name else f"the {o.name}"

    if abs(dist_a - dist_b) < SAME_DISTANCE_M:
        return f"Neither: {who} {dist_a:.1f} m from {named(a)} and {dist_b:.1f} m from {named(b)}."
    farther = body[at] in _FARTHER_WORDS
    (best, best_m), (rest, rest_m) = sorted([(a, dist_a), (b, dist_b)], key=lambda pair: -pair[1] if farther else pair[1])
    told = f"{named(best)}: {who} {best_m:.1f} m from {'me' if best is _ROBOT else 'it'} and {rest_m:.1f} m from {named(rest)}."
    return f"{told[0].upper()}{told[1:]}"


_MOST_WORDS = frozenset({"closest", "nearest", "farthest", "furthest", "leftmost", "rightmost", "biggest", "largest", "smallest",
                         "tiniest"})
_ANY_OTHER_WORDS = frozenset({"thing", "things", "object", "objects", "item", "items", "anything", "everything", "something",
                              "all", "else", "other", "others"})


def _is_the_most(grounder: Grounder, tokens: list[str], refs: list[ObjectRef]) -> str:
    """Whether the one object named is the closest (farthest, furthest left or right, largest,
    smallest) of its kind ("is the red box the closest?", "is the blue box closest to you?"), or of
    every object in view when the question says so ("is the red box the closest of all?", "is the
    red box closer than anything else?"); "is anything closer than the red box?" asks the other way
    round. '' for any other question."""
    words = set(tokens)
    if tokens[0] not in ("is", "are") or len(refs) != 1 or refs[0].relation or refs[0].ordinal or refs[0].pronoun \
            or not (refs[0].kind or refs[0].color):
        return ""
    ref = refs[0]
    if not (words & _MOST_WORDS or ("than" in words and words & _ANY_OTHER_WORDS)):
        return ""
    said = ref.superlative or _superlative(words)
    if (said in ("left", "right") and not words & {"leftmost", "rightmost", "furthest", "farthest", "most"}) \
            or said not in ("nearest", "farthest", "left", "right", "largest", "smallest"):
        return ""  # "is the red box on the left?" asks where it is
    found = _seen_each(grounder, [replace(ref, superlative="")])
    if isinstance(found, str):
        return found
    named = found[0]
    of_all = bool(words & _ANY_OTHER_WORDS) or ref.kind is None
    pool = grounder.objects if of_all else [o for o in grounder.objects if o.label == named.label]
    key = superlative_key(said)
    best = min(pool, key=key)
    described = _describe_superlative(ObjectRef("", superlative=said))
    what = "object" if of_all else named.label
    if key(named) <= key(best):
        best = named
    other_at = next((k for k, t in enumerate(tokens) if t in ("anything", "something")), len(tokens))
    if other_at < (tokens.index("than") if "than" in tokens else 0):  # "is anything closer than the red box?"
        if best is named:
            return f"No, the {named.name} is the {described} {what}, {where(named)}."
        return f"Yes, the {best.name} is {_COMPARED.get(said, 'closer')}, {where(best)}; the {named.name} is {where(named)}."
    if best is named:
        return f"Yes, the {named.name} is the {described} {what}, {where(named)}."
    return f"No, the {described}{'' if of_all else ' ' + what} is the {best.name}, {where(best)}."


_BREAKS = (",", ":", ";", "-")


def _nearer_to_which(grounder: Grounder, tokens: list[str]) -> str:
    """Which of two objects is closer to (or farther from) a third, measured from the third, centre
    to centre on the floor ("which is closer to the red bin, the yellow cube or the yellow bin?",
    "which of the red box and the blue bin is nearer to the yellow bin?", "is the yellow cube or the
    red cube closer to the red bin?"), and whether one is ("is the blue cube closer to the green bin
    than the yellow cube is?"); '' for any other question, and for one measured from the robot."""
    body = [t for t in tokens if t not in ("?", "!", ".")]
    at = next((i for i, t in enumerate(body) if t in ("closer", "nearer") or t in _FARTHER_WORDS), None)
    if at is None:
        return ""
    start = at + 2 if body[at + 1 : at + 2] in (["to"], ["from"]) else at + 1
    end = next((j for j in range(start, len(body)) if body[j] in (*_BREAKS, "than")), len(body))
    if not body[start:end] or set(body[start:end]) & (_ROBOT_WORDS | {"i", "yourself"}):
        return ""
    said = read_objects(body[start:end])[0]
    before = [t for t in body[:at] if t not in _BREAKS]
    if end < len(body) and body[end] == "than":  # "is the blue cube closer to the green bin than the yellow cube (is)?"
        subjects = read_objects(before)[0]
        others = read_objects([t for t in body[end + 1 :] if t not in ("is", "are", "does", "do", "it")])[0]
        if body[0] not in ("is", "are") or len(said) != 1 or len(subjects) != 1 or len(others) != 1:
            return ""
        centre, options, yes_no = said[0], [subjects[0], others[0]], True
    else:
        rest = [t for t in body[end:] if t not in _BREAKS]
        asked = [t for t in before if t not in ("which", "what", "whats", "who", "of", "one", "is", "are")]
        if len(said) == 3 and not rest and not asked and "or" in body[start:]:  # "... to the red bin the yellow cube or ..."
            centre, options = said[0], said[1:]
        elif len(said) == 1 and rest and not asked and set(rest) & {"or", "and"}:  # "which is closer to X, A or B?"
            centre, options = said[0], read_objects(rest)[0]
        elif len(said) == 1 and not rest and ("or" in asked or ("and" in asked and before[:2] in (["which", "of"], ["what", "of"]))):
            centre, options = said[0], read_objects(asked)[0]  # "is A or B closer to X?", "which of A and B is closer to X?"
        else:
            return ""
        yes_no = False
    if len(options) != 2 or any(not (o.kind or o.color) for o in (centre, *options)):
        return ""
    options = [replace(o, kind=o.kind or other.kind, color=o.color or other.color) if o.kind is None else o
               for o, other in zip(options, options[::-1], strict=True)]  # "the blue bin or the yellow one"
    found = _seen_each(grounder, [replace(r, alternative=False) for r in (centre, *options)])
    if isinstance(found, str):
        return found
    c, a, b = found
    if a is b or c in (a, b):
        return ""
    dist_a, dist_b = (math.dist(c.position_m[:2], o.position_m[:2]) for o in (a, b))
    farther = body[at] in _FARTHER_WORDS

    def named(o: DetectedObject) -> str:  # two of one name are told apart by where they are
        return f"the {o.name} {direction(o)}" if a.name == b.name else f"the {o.name}"

    measured = f"{named(a)} is {dist_a:.1f} m from the {c.name} and {named(b)} {dist_b:.1f} m"
    if yes_no:
        it_holds = dist_a - dist_b >= SAME_DISTANCE_M if farther else dist_b - dist_a >= SAME_DISTANCE_M
        return f"{'Yes' if it_holds else 'No'}, {measured}."
    if abs(dist_a - dist_b) < SAME_DISTANCE_M:
        return f"Neither: {measured}."
    (best, best_m), (other, other_m) = sorted([(a, dist_a), (b, dist_b)], key=lambda pair: -pair[1] if farther else pair[1])
    told = f"{named(best)} is {'farther from' if farther else 'closer to'} the {c.name}: {best_m:.1f} m, and {named(other)} " \
           f"{other_m:.1f} m."
    return f"{told[0].upper()}{told[1:]}"


def _listed(tokens: list[str], refs: list[ObjectRef]) -> list[ObjectRef]:
    """The objects of a question that lists two or more descriptions joined by "and" ("boxes and
    bins", "a red bin and a purple box", "red and blue cubes"); [] for any other."""
    if len(refs) < 2 or any(r.relation or r.superlative or r.ordinal or r.pronoun or r.alternative
                            or not (r.kind or r.color) for r in refs):
        return []
    said_at, start = [], 0
    for ref in refs:  # where each is said: its colour, else its kind
        at = next((i for i in range(start, len(tokens))
                   if (lx.color_of(tokens[i]) == ref.color if ref.color else lx.kind_of(tokens[i]) == ref.kind)), None)
        if at is None:
            return []
        said_at.append(at)
        start = at + 1
    for a, b in itertools.pairwise(said_at):
        joining = tokens[a + 1 : b]
        if not set(joining) & {"and", ","} or set(joining) & (_PLACE_WORDS | {"or", "nor", "but", "not"}):
            return []
    return refs


def _counted(grounder: Grounder, tokens: list[str], refs: list[ObjectRef], listed: list[ObjectRef]) -> str:
    """How many objects fit when the question counts several kinds ("how many boxes and bins are
    there?"), bins that are empty or not ("how many bins are empty?", "how many bins have something
    in them?"), or cubes in bins ("how many cubes are in the bins?"); '' for any other count."""
    words = set(tokens)
    if len(listed) >= 2:
        counts = [(grounder.candidates(r), r.name) for r in listed]
        each = [f"{_number(len(found))} {_plural(name, len(found) if found else 2)}" for found, name in counts]
        seen = "; ".join(_listing(found) for found, _ in counts if found)
        return f"I see {', '.join(each[:-1])} and {each[-1]}{': ' + seen if seen else ''}."
    named = [r for r in refs if r.kind or r.color]
    if not 1 <= len(named) <= 2:
        return ""
    bins_ref, inside_ref = named[0], named[1] if len(named) == 2 else _contents_said(tokens)
    names_contents = len(named) == 2 or inside_ref.kind is not None
    if bins_ref.kind in GRASPABLE_LABELS and inside_ref.kind == "bin" and words & {"in", "inside"}:
        return _cubes_in_bins(grounder, bins_ref, inside_ref)  # "how many cubes are in the bins?"
    if bins_ref.kind != "bin" or inside_ref.kind not in (*GRASPABLE_LABELS, None):
        return ""
    if bins_ref.contents:  # "how many empty bins are there?"
        asks_empty = bins_ref.contents == "empty"
    elif words & _EMPTY_WORDS:
        asks_empty = "not" not in words  # "how many bins are (not) empty?", "how many bins have no cube in them?"
    elif words & {"full", "something", "anything", "contain", "hold", "holding", "in", "inside"}:
        asks_empty = "not" in words  # "how many bins have something in them?"
    else:
        return ""
    bins = grounder.candidates(replace(bins_ref, count=0, contents=""))
    empty = _empty_bins(bins, _contents_asked(grounder, inside_ref))
    asked = empty if asks_empty else [b for b in bins if b not in empty]
    if not bins:
        return f"I see no {_plural(bins_ref.name, 2)}."

    def state(n: int) -> str:  # what the bins counted are, said of n of them
        if asks_empty and inside_ref.color is None:
            return f"{'is' if n == 1 else 'are'} empty"
        thing = f"{'no' if asks_empty else 'a'} {inside_ref.name}" if names_contents else "nothing" if asks_empty else "something"
        return f"{'has' if n == 1 else 'have'} {thing} in {'it' if n == 1 else 'them'}"

    of_all = f"of the {_number(len(bins))} {_plural(bins_ref.name, len(bins))} I see"
    if not asked:
        return f"None {of_all} {state(1).replace('something', 'anything')}."
    every = "" if len(asked) < len(bins) or len(bins) == 1 else "both" if len(bins) == 2 else f"all {_number(len(bins))}"
    how_many = f"{every} {_plural(bins_ref.name, len(bins))} I see" if every else f"{_number(len(asked))} {of_all}"
    told = f"{how_many} {state(len(asked))}: {_listing(asked)}."
    return f"{told[0].upper()}{told[1:]}"


def _contents_said(tokens: list[str]) -> ObjectRef:
    """What a question about the contents of bins names as in them where it names no object of its
    own: a kind said ("how many bins are holding cubes?"), else anything the arm carries ("which
    bin is empty?": a can in it counts; kind None)."""
    kind = next((k for k in (lx.kind_of(t) for t in tokens) if k in GRASPABLE_LABELS), None)
    return ObjectRef(kind or "object", kind=kind)


def _contents_asked(grounder: Grounder, ref: ObjectRef) -> list[DetectedObject]:
    """The objects in view that ``ref`` (of _contents_said, or named by the question) describes; of
    no kind: anything the arm carries."""
    if ref.kind is None:
        return [o for o in grounder.objects if o.label in GRASPABLE_LABELS and ref.color in (None, o.color)]
    return grounder.candidates(replace(ref, count=0))


def _cubes_in_bins(grounder: Grounder, cube_ref: ObjectRef, bin_ref: ObjectRef) -> str:
    """How many of the cubes ``cube_ref`` describes stand in a bin ``bin_ref`` describes, and where."""
    bins = grounder.candidates(replace(bin_ref, count=0, every=False))
    pairs = [(c, b) for c in grounder.candidates(replace(cube_ref, count=0)) for b in bins if holds(b, c)]
    place = f"the {bins[0].name}" if len(bins) == 1 else f"the {_plural(bin_ref.name, 2)}" if bin_ref.color else "a bin"
    if not pairs:
        return f"I see no {cube_ref.name} in {place}."
    told = ", ".join(f"the {c.name}" if len(bins) == 1 else f"the {c.name} in the {b.name} {where(b)}" for c, b in pairs)
    return f"I see {_number(len(pairs))} {_plural(cube_ref.name, len(pairs))} in {place}: {told}."


def _each_seen(grounder: Grounder, listed: list[ObjectRef]) -> str:
    """Whether each of several objects asked about together is in view ("is there a red bin and a
    purple box?"): Yes only when every one is, else No naming those missing."""
    counts = [(grounder.candidates(replace(r, count=0)), r) for r in listed]
    misfits = [r for found, r in counts if not found or (r.count and len(found) != r.count)]
    seen = " and ".join(f"{_number(len(found))} {_plural(r.name, len(found))} ({_listing(found)})" for found, r in counts if found)
    if not misfits:
        return f"Yes, I see {seen}."
    missing = " and ".join(
        f"{_number(r.count)} {_plural(r.name, r.count)}" if found and r.count else f"any {_plural(r.name, 2)}"
        for found, r in counts if r in misfits)
    return f"No, I don't see {missing}{'; I see ' + seen if seen else ''}."


_AUXILIARIES = frozenset({"is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "could"})
# What turns a statement into a question ("the red box is on your left, isn't it?"), said after its last comma.
_TAGS = frozenset(tuple(p.split()) for p in (
    "is it", "is not it", "are they", "are not they", "does it", "does not it", "do they", "do not they", "has it",
    "has not it", "have they", "have not they", "is there", "is not there", "are there", "are not there", "do you",
    "do not you", "are you", "are not you", "can you", "can not you", "right", "correct", "true", "yes", "yeah", "no",
    "is that right", "is that so", "is that true", "is that correct", "am i right", "ok", "okay",
    "turn right"))  # "..., right?" as the goal reader hands it on
_ASKING = frozenset({"what", "whats", "which", "where", "how", "who", "why", "when"})
# Words of a subject that is no one named object: "is anything not on your left?" asks what is not there.
_NOT_ONE_NAMED = frozenset({"there", "any", "anything", "something", "everything", "nothing", "all", "every", "each",
                            "both", "some", "none", "no", "either", "neither", "you", "i", "we", "or", "and"})


def _negation_read(tokens: list[str]) -> tuple[list[str], bool]:
    """A yes/no question with its "not" read, and whether its Yes and No are to be swapped: a tag
    question is asked as its statement ("the blue cube isn't the closest cube, is it?": "is the
    blue cube the closest cube?"), a leading "isn't" is the plain question ("isn't the red box on
    your left?"), and a "not" after one named object asks the opposite ("is the red box not the
    closest box?": the plain question, swapped). Any other question as it is."""
    body = tokens[:-1] if tokens[-1:] in (["?"], ["."], ["!"]) else tokens
    end = tokens[len(body) :]
    if "," in body:
        comma = len(body) - 1 - body[::-1].index(",")
        statement = body[:comma]
        if tuple(body[comma + 1 :]) in _TAGS and statement[:1] and statement[0] in _ASKING | _AUXILIARIES:
            return [*statement, *end], False  # "what's next to the red box, right?": the question before the tag
        if tuple(body[comma + 1 :]) in _TAGS and len(statement) >= 2:
            verb = next((k for k, t in enumerate(statement)
                         if k > 0 and t in _AUXILIARIES and statement[k - 1] not in ("that", "which", "who")), None)
            if verb is not None:
                rest = statement[verb + 1 :]
                return [statement[verb], *statement[:verb], *(rest[1:] if rest[:1] == ["not"] else rest), "?"], False
            if statement[0] in ("you", "i", "we"):  # "you see the red box, don't you?"
                return ["do", *statement, "?"], False
    if body[:1] and body[0] in _AUXILIARIES and body[1:2] == ["not"]:
        return [body[0], *body[2:], *end], False
    at = body.index("not") if "not" in body else -1
    if body[:1] and body[0] in _AUXILIARIES and at >= 3 and body[1] in ("the", "this", "that", "your") \
            and body[at - 1] != "or" and not set(body[1:at]) & _NOT_ONE_NAMED and not lx.is_plural_kind(body[at - 1]) \
            and len([r for r in read_objects(body[1:at])[0] if r.kind or r.color]) == 1:
        return [*body[:at], *body[at + 1 :], *end], True
    return tokens, False


def _yes_no_swapped(told: str) -> str:
    """``told`` with a leading Yes made No and a leading No made Yes (the rest says the fact as it is)."""
    for said, swapped in (("Yes", "No"), ("No", "Yes")):
        if told.startswith(said) and told[len(said) : len(said) + 1] in (",", ":", ".", ";"):
            return swapped + told[len(said) :]
    return told


_ASKING_WHICH = frozenset({"which", "what", "whats", "list", "name", "show"})
_BEFORE_THE_SUBJECT = frozenset({"the", "of", "one", "ones", "me", "all", "these", "those"})
_EMPTY_WORDS = frozenset({"empty", "nothing", "no", "none", "without"})
_CONTAINING_WORDS = frozenset({"full", "something", "anything", "contain", "contains", "containing", "hold", "holds", "holding",
                               "have", "has", "having", "with", "in", "inside", "cube", "cubes"})


def _bins_by_contents(grounder: Grounder, tokens: list[str], refs: list[ObjectRef]) -> str:
    """Which of the bins a question names are empty, or hold a cube ("which bin is empty?", "which
    bin doesn't have a cube in it?", "which green bin has nothing in it?", "which bins aren't
    full?"); '' for any other question."""
    body = [t for t in tokens if t not in ("?", ".", "!", ",")]
    named = [r for r in refs if r.kind or r.color]
    if len(named) == 1 and named[0].relation == "contains" and named[0].anchor is not None:  # "which bin isn't holding a cube?"
        named = [replace(named[0], relation="", anchor=None), named[0].anchor]
    if not body or body[0] not in _ASKING_WHICH or not 1 <= len(named) <= 2 or named[0].kind != "bin":
        return ""
    bin_ref = named[0]
    cube_ref = named[1] if len(named) == 2 else _contents_said(body)
    if cube_ref.kind not in (*GRASPABLE_LABELS, None) or cube_ref.color \
            or any(r.superlative or r.ordinal or r.relation for r in (bin_ref, cube_ref)):
        return ""  # "which bin is the blue cube in?": where that cube is
    at = next(i for i, t in enumerate(body) if lx.kind_of(t) == "bin")
    if not all(t in _BEFORE_THE_SUBJECT or lx.color_of(t) or t in _EMPTY_WORDS | {"full"} for t in body[1:at]):
        return ""  # "what is in the green bin?": what, not which bin
    said = set(body[1:])
    if bin_ref.contents:
        asks_empty = (bin_ref.contents == "empty") != ("not" in said)
    elif said & (_EMPTY_WORDS | _CONTAINING_WORDS):
        asks_empty = bool(said & _EMPTY_WORDS) != ("not" in said)
    else:
        return ""
    bins = grounder.candidates(replace(bin_ref, contents="", count=0, every=False))
    if not bins:
        return f"I don't see any {_plural(replace(bin_ref, contents='').name, 2)}."
    cubes = _contents_asked(grounder, replace(cube_ref, every=False))
    empty = _empty_bins(bins, cubes)
    asked = empty if asks_empty else [b for b in bins if b not in empty]
    what = _plural(replace(bin_ref, contents="", count=0, every=False).name, len(bins))
    every = "the" if len(bins) == 1 else "both" if len(bins) == 2 else f"all {_number(len(bins))}"

    def holding(b: DetectedObject) -> str:  # "the green bin 2.3 m ahead-right has the blue cube in it"
        inside = " and ".join(f"the {c.name}" for c in cubes if holds(b, c))
        return f"the {b.name} {where(b)} has {inside} in it"

    if not asked and asks_empty:
        told = "; ".join(holding(b) for b in bins)
        return f"None of the {what} I see is empty: {told}." if len(bins) > 1 else f"No: {told}."
    carried = _contents_asked(grounder, ObjectRef("object"))
    asked_for = _a(cube_ref.name) if cube_ref.kind else "anything"
    if not asked and _empty_bins(bins, carried) != bins:  # "which bin has a cube in it?" with a can in one
        each = "; ".join(f"the {b.name} {where(b)} " + (" and ".join(f"has the {c.name}" for c in carried if holds(b, c))
                                                          or "is empty") for b in bins)
        return f"None of the {what} I see has {asked_for} in it: {each}."
    if not asked:
        return f"None of the {what} I see has {asked_for} in it: {every} {what} {'is' if len(bins) == 1 else 'are'} " \
               f"empty ({_listing(bins)})."
    if not asks_empty:
        told = "; ".join(holding(b) for b in asked)
    elif len(asked) == len(bins) > 1:
        told = f"{every} {what} I see are empty: {_listing(asked)}"
    else:
        told = f"{_listing(asked)} {'is' if len(asked) == 1 else 'are'} empty"
    return f"{told[0].upper()}{told[1:]}."


def _each_bin(bins: Sequence[DetectedObject], visible: Sequence[DetectedObject], name: str, asks_empty: bool, yes_no: bool,
              any_one: bool) -> str:
    """What is in each of several bins one description fits ("is the green bin empty?" with two
    green bins): Yes or No when the answer is the same for each (or, with ``any_one``, when any
    one is so: "do any bins have nothing in them?"), else each said and which one asked."""
    empty = _empty_bins(bins, visible)
    each = "; ".join(f"the {b.name} {where(b)} " + ("is empty" if b in empty else "has " + " and ".join(
        f"the {c.name}" for c in visible if c.label in GRASPABLE_LABELS and holds(b, c)) + " in it") for b in bins)
    seen = f"I see {_number(len(bins))} {_plural(name, len(bins))}"
    if not yes_no:
        return f"{seen}: {each}."
    if any_one:
        return f"{'Yes' if (empty if asks_empty else len(empty) < len(bins)) else 'No'}, {seen}: {each}."
    if len(empty) in (0, len(bins)):
        return f"{'Yes' if (len(empty) == len(bins)) == asks_empty else 'No'}, {seen}: {each}."
    return f"{seen}: {each}; which one do you mean?"


def _a(name: str) -> str:
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def _cubes_not_in_bins(grounder: Grounder, tokens: list[str], refs: list[ObjectRef], asks_count: bool) -> str:
    """The cubes that are not in a bin ("which cubes are not in a bin?", "how many cubes aren't in
    the bins?", "are any cubes outside the bins?"), those a question names (any object but a bin:
    "what isn't in a bin?"), each listed; '' for any other question."""
    body = [t for t in tokens if t not in ("?", ".", "!", ",")]
    named = [r for r in refs if r.kind or r.color]
    if len(named) == 1 and named[0].kind == "bin" and body[:1] in (["what"], ["whats"]):
        named = [ObjectRef("object"), named[0]]  # "what is not in a bin?": anything but the bins
    if len(named) != 2 or named[0].kind not in (*GRASPABLE_LABELS, None) or named[1].kind != "bin" \
            or any(r.superlative or r.ordinal or r.relation for r in named):
        return ""
    cube_at = next((i for i, t in enumerate(body) if lx.kind_of(t) in GRASPABLE_LABELS), 0 if named[0].kind is None else len(body))
    bin_at = next((i for i, t in enumerate(body) if lx.kind_of(t) == "bin" and i > cube_at), 0)
    between_words = set(body[cube_at + 1 : bin_at])
    yes_no = body[0] in _YES_NO_STARTS
    negated = "outside" in between_words or ("not" in between_words and bool(between_words & {"in", "inside", "into", "within"}))
    if yes_no and set(body[:cube_at]) & {"all", "every", "each", "both"} and between_words & {"in", "inside", "within", "outside"}:
        return _all_cubes_in_bins(grounder, named[0], named[1], negated)  # "are all the cubes in bins?"
    if not negated:
        return ""
    if not (asks_count or yes_no or body[0] in _ASKING_WHICH):
        return ""
    cube_ref, bin_ref = named
    bins = grounder.candidates(replace(bin_ref, count=0, every=False, any_one=False))
    cubes = [o for o in grounder.candidates(replace(cube_ref, count=0, every=False)) if o.label != "bin"]
    out = [c for c in cubes if not any(holds(b, c) for b in bins)]
    place = f"the {_plural(bin_ref.name, len(bins))}" if bin_ref.color and bins else "a bin"
    cube_name = replace(cube_ref, count=0, every=False).name
    if not cubes:
        return f"{'No, ' if yes_no else ''}I don't see any {_plural(cube_name, 2)}."
    if asks_count:
        return f"I see {_number(len(out))} {_plural(cube_name, len(out) or 2)} not in {place}" \
               f"{': ' + _listing(out) if out else ''}."
    if not out:
        every = "the" if len(cubes) == 1 else "both" if len(cubes) == 2 else f"all {_number(len(cubes))}"
        return f"{'No, ' if yes_no else 'None: '}{every} {_plural(cube_name, len(cubes))} I see " \
               f"{'is' if len(cubes) == 1 else 'are'} in {place}."
    told = f"{_listing(out)} {'is' if len(out) == 1 else 'are'} not in {place}"
    return f"Yes: {told}." if yes_no else f"{told[0].upper()}{told[1:]}."


def _all_cubes_in_bins(grounder: Grounder, cube_ref: ObjectRef, bin_ref: ObjectRef, negated: bool) -> str:
    """Whether every cube ``cube_ref`` describes is in a bin ``bin_ref`` describes (``negated``: in none)."""
    bins = grounder.candidates(replace(bin_ref, count=0, every=False, any_one=False))
    cubes = grounder.candidates(replace(cube_ref, count=0, every=False))
    cube_name = replace(cube_ref, count=0, every=False).name
    if not cubes:
        return f"No, I don't see any {_plural(cube_name, 2)}."
    place = f"the {_plural(bin_ref.name, len(bins))}" if bin_ref.color and bins else "a bin"
    inside = [c for c in cubes if any(holds(b, c) for b in bins)]
    misfits = inside if negated else [c for c in cubes if c not in inside]
    every = "the" if len(cubes) == 1 else "both" if len(cubes) == 2 else f"all {_number(len(cubes))}"
    if not misfits:
        return f"Yes, {every} {_plural(cube_name, len(cubes))} I see {'is' if len(cubes) == 1 else 'are'} " \
               f"{'not ' if negated else ''}in {place}."
    return f"No: {_listing(misfits)} {'is' if len(misfits) == 1 else 'are'} {'' if negated else 'not '}in {place}."


_BEFORE_A_PLACE = frozenset({"located", "lying", "sitting", "standing", "placed", "over", "out", "somewhere", "anywhere", "currently"})


def _side_negated(tokens: list[str]) -> str:
    """'left' or 'right' when a question asks what is not on that side of the robot ("which boxes
    aren't on your left?", "what isn't to the right?"), else ''."""
    for i, t in enumerate(tokens):
        if t in ("left", "right") and i >= 3 and tokens[i - 1] in ("your", "my", "the") and tokens[i - 2] in ("on", "to") \
                and tokens[i + 1 : i + 2] != ["of"] and (tokens[i - 3] == "not" or (tokens[i - 4 : i - 3] == ["not"] and
                                                          tokens[i - 3] in _BEFORE_A_PLACE)):
            return t
    return ""


def _off_side(grounder: Grounder, ref: ObjectRef | None, side: str, asks_count: bool, yes_no: bool) -> str:
    """The objects ``ref`` describes (any, when it names no kind or colour) that are not on ``side``
    of the robot: straight ahead or on the other side, nearest first."""
    named = ref is not None and bool(ref.kind or ref.color)
    fits = grounder.candidates(replace(ref, superlative="", not_superlative="", count=0, every=False)) \
        if ref is not None and named else grounder.objects
    sign = 1.0 if side == "left" else -1.0
    there = sorted((o for o in fits if sign * o.bearing_rad <= SIDE_RAD), key=lambda o: o.distance_m)
    what = _kind_phrase(ref if named else None, len(there))
    if asks_count:
        return f"I see {len(there)} {what} not on my {side}{': ' + _listing(there) if there else ''}."
    if not fits:
        return f"{'No, ' if yes_no else ''}I don't see any {_kind_phrase(ref if named else None, 2)}."
    if not there:
        told = f"{'everything' if not named else 'every ' + _kind_phrase(ref, 1)} I see is on my {side}"
    else:
        told = f"{_listing(there)} {'is' if len(there) == 1 else 'are'} not on my {side}"
    return f"{'Yes: ' if there else 'No, '}{told}." if yes_no else f"{told[0].upper()}{told[1:]}."


_SIZE_WORDS = frozenset({"big", "large", "tall", "wide", "high", "long", "small", "tiny", "deep"})


def _size_asked(tokens: list[str]) -> bool:
    """Whether a question asks how big something is ("how big is the red box?", "what size is it?",
    "what are the dimensions of the green bin?")."""
    words = [t for t in tokens if t[0].isalnum()]
    if set(words) & {"than", "bigger", "smaller", "larger", "biggest", "smallest", "largest"}:
        return False
    return (words[:1] == ["how"] and words[1:2] != [] and words[1] in _SIZE_WORDS and words[2:3] in (["is"], ["are"])) or \
        (words[:1] in (["what"], ["whats"], ["tell"]) and bool(set(words) & {"size", "sizes", "dimensions", "dimension"})) or \
        (words[:1] in (["is"], ["are"]) and len(words) > 2 and words[-1] in _SIZE_ADJECTIVES)  # "is the cone big?": its size


_SIZE_ADJECTIVES = frozenset({"big", "large", "small", "tall", "short", "huge", "tiny", "little", "wide", "narrow"})


def _size_of(grounder: Grounder, ref: ObjectRef) -> str:
    """How big the object ``ref`` names is (each of them, for a plural), from its perceived extents."""
    plain = replace(ref, count=0, every=False)
    several = ref.every or lx.is_plural_kind(ref.text.split()[-1])
    found = sorted(grounder.candidates(plain), key=lambda o: o.distance_m) if several else _seen_each(grounder, [ref])
    if isinstance(found, str):
        return found
    if not found:
        return f"I don't see any {_plural(plain.name, 2)}."

    def size(o: DetectedObject) -> str:
        long, wide, tall = (round(v * 100) for v in o.size_m)
        return f"the {o.name} is about {long} cm long, {wide} cm wide and {tall} cm tall ({where(o)})"

    told = "; ".join(size(o) for o in found)
    return f"{told[0].upper()}{told[1:]}."


FAR_M = 2.0  # "is the red box far?": farther than this from the robot [m]
_AFTER_FAR = frozenset({"away", "by", "you", "me", "here", "from", "to", "off", "enough", "still", "now", "us", "the", "robot",
                        "reach", "drive", "go", "get", "walk", "for"})


def _far_or_near(tokens: list[str]) -> str:
    """'far' or 'near' when a yes/no question asks whether one object is far or close ("is the red
    box far?", "is it close to you?", "is the blue cube nearby?"), else ''."""
    body = [t for t in tokens if t not in ("?", ".", "!", ",")]
    while body and body[-1] in _AFTER_FAR:
        body.pop()
    if len(body) < 3 or body[0] not in _YES_NO_STARTS or set(body) & _NOT_ONE_NAMED:
        return ""
    return "far" if body[-1] == "far" else "near" if body[-1] in ("close", "near", "nearby") else ""


def _how_far(grounder: Grounder, ref: ObjectRef, said: str) -> str:
    """Whether the object ``ref`` names is far (more than FAR_M away) or near, with its distance."""
    found = _seen_each(grounder, [ref])
    if isinstance(found, str):
        return found
    obj = found[0]
    far = obj.distance_m > FAR_M
    is_so = far if said == "far" else not far
    return f"{'Yes' if is_so else 'No'}. The {obj.name} is {where(obj)}, {'more' if far else 'no more'} than {FAR_M:.0f} m away."


def _all_between(grounder: Grounder, probe: ObjectRef) -> str:
    """Every object between the two ends of ``probe`` ("what's between the two bins?"), nearest
    first; '' when the ends are not told apart."""
    try:
        first, second = grounder.between_ends(probe)
    except GoalRefused:
        return ""
    found = sorted((o for o in grounder.candidates(replace(probe, relation="", anchor=None, anchor2=None))
                    if o is not first and o is not second and between(o, first, second)), key=lambda o: o.distance_m)
    if not found:
        return ""
    told = f"{_listing(found)} {'is' if len(found) == 1 else 'are'} between the {first.name} and the {second.name}."
    return f"{told[0].upper()}{told[1:]}"


def _related_to_each(grounder: Grounder, probe: ObjectRef) -> str:
    """What is so placed against each of several objects the anchor of ``probe`` fits ("what's next
    to the red box?" with two red boxes in view); '' when the anchor fits fewer than two."""
    anchor = probe.anchor
    if anchor is None or probe.relation == "between" or anchor.superlative or anchor.ordinal or anchor.relation or anchor.pronoun:
        return ""
    anchors = sorted(grounder.candidates(anchor), key=lambda o: o.distance_m)
    if len(anchors) < 2:
        return ""
    pool = grounder.candidates(replace(probe, relation="", anchor=None))
    told = []
    for a in anchors:
        related = Grounder._related(pool, a, probe.relation)
        said = _describe_superlative(probe).replace(f"the {anchor.name}", f"the {a.name} {where(a)}", 1)
        told.append(f"{said} is {_listing(related) if related else 'nothing'}")
    return f"I see {_number(len(anchors))} {_plural(anchor.name, len(anchors))}: {'; '.join(told)}."


# Asking what the robot can lift: "what can you pick up?", "can you pick up boxes?", "are you able to lift bins?".
_WHAT_CAN_BE_PICKED = re.compile(r"^(?:so |and |but )?what (?:things |objects |stuff |(?:sort|sorts|kind|kinds|type|types) of "
                                 r"(?:things |objects |stuff )?)?(?:can|could|are) you (?:able to )?(?:pick up|pick|lift|grab|carry|"
                                 r"hold|grasp)(?: up)?\s*\?*$")
_CAN_KIND_BE_PICKED = re.compile(r"^(?:so |and |but )?(?:can|could|are) you (?:able to |really )?(?:pick up|pick|lift|grab|carry|"
                                 rf"hold|grasp) (?:up )?({'|'.join(map(plural, LABELS))}|things|objects|anything|stuff)(?: up)?\s*\?*$")


_LIFT_VERBS = r"(?:pick up|pick|lift|grab|carry|hold|grasp|move|take)"
# Asking which objects in view the robot can lift: "which of these can you carry?", "how many things can you pick up
# here?", "what here can you pick up?", "how many things are there that you can pick up?"
_WHICH_CAN_BE_PICKED = re.compile(
    r"^(?:so |and |but |ok |okay )?(?:(?:which|what) (?:ones?|things?|objects?|items?|stuff|of (?:these|those|them|the "
    r"(?:objects|things|items))|of (?:these|those) (?:objects|things|items)|here)|how many(?: (?:things|objects|items|of "
    r"(?:these|those|them|the objects|the things)))?)(?: (?:are there|is there|do you see|can you see|here|in view))?"
    rf"(?: that| which)? (?:can|could) you (?:(?:actually|really) )?{_LIFT_VERBS}(?: up)?(?: here| from here| now| right now)?\s*\?*$"
    r"|^(?:so |and |but |ok |okay )?(?:which|what|how many) (?:ones?|things?|objects?|items?)(?: (?:are there|is there|"
    rf"do you see|can you see|here))? (?:that |which )?you (?:can|could) {_LIFT_VERBS}(?: up)?(?: here| from here)?\s*\?*$"
    rf"|^what (?:can|could) you {_LIFT_VERBS}(?: up)? (?:here|from here|now|right now|in view|that you see|of (?:these|those|"
    r"them|what you see))\s*\?*$"
    rf"|^(?:so |and |but |ok |okay )?(?:is there|are there|do you see|can you see) (?:anything|something|any ?things?|any objects?)"
    rf"(?: here)? (?:that |which )?you (?:can|could) {_LIFT_VERBS}(?: up)?(?: here| from here| now)?\s*\?*$")


# Asking which thing the robot could lift is nearest or farthest: "what's the nearest thing you could carry?"
_RANKED_CAN_BE_PICKED = re.compile(rf"^(?:so |and |but |hey |ok |okay )?(?:what|which)(?: is|'s|s)? (?:the )?(?P<rank>nearest|closest|"
                                   rf"farthest|furthest) (?:thing|object|one|item)(?: (?:that|which))? (?:you (?:could|can)|you're able "
                                   rf"to|you are able to) (?:actually |really )?{_LIFT_VERBS}(?: up)?(?: here)?\s*\?*$")
# Asking why something cannot be picked up, or what cannot: "why can't you pick up the ball?", "what can't you lift?"
_WHY_NOT_PICKED = re.compile(rf"^(?:so |and |but )?why (?:can't|cant|cannot|can not|couldn't|won't|don't) you {_LIFT_VERBS}(?: up)? "
                             r"(?:the |a |that |this )?(?P<what>[a-z ]+?)(?: up)?\s*\?*$")
_WHAT_NOT_PICKED = re.compile(rf"^(?:so |and |but )?(?:what|which|how many)(?: (?:things|objects|ones|items|of (?:these|those|them)"
                              r"(?: things| objects| items)?))? (?:(?:can't|cant|cannot|"
                              rf"can not|couldn't) you|you (?:can't|cant|cannot|can not|couldn't)) {_LIFT_VERBS}(?: up)?(?: here)?"
                              r"\s*\?*$")


_TELL_ME = re.compile(r"^(?:(?:can|could|would) you )?(?:please )?tell me(?: please)? (?=which|what|how many)")


# An object an answer tells where it is: "the red box is closest, 1.8 m ahead-left", "It is blue: the blue cube 1.3 m",
# "The orange cone is next to the bottle, 1.6 m ahead-left"
_TOLD_WHERE = re.compile(rf"\b[Tt]he ((?:{'|'.join(COLORS)}) (?:{'|'.join(LABELS)}))(?: is [a-z][a-z ]*?,)? (\d+(?:\.\d+)?) m\b")


_TOLD_INSIDE = re.compile(rf"^The ((?:{'|'.join(COLORS)}) (?:{'|'.join(LABELS)})) is in the ((?:{'|'.join(COLORS)}) bin)\.$")


def object_told(told: str, objects: Sequence[DetectedObject]) -> DetectedObject | None:
    """The one object in view an answer names with its distance, when it names one only ("The red box
    is closest, 1.8 m ahead-left"); of look-alikes, the one at that distance."""
    inside = _TOLD_INSIDE.match(told)
    if inside:  # "The purple cube is in the red bin.": the one in that bin
        bins = [o for o in objects if o.name == inside.group(2)]
        held_there = [o for o in objects if o.name == inside.group(1) and any(holds(b, o) for b in bins)]
        return held_there[0] if len(held_there) == 1 else None
    named = _TOLD_WHERE.findall(told)
    if len(named) != 1:
        return None
    name, metres = named[0]
    at = [o for o in objects if f"{o.color} {o.label}" == name and abs(o.distance_m - float(metres)) <= 0.051]
    return at[0] if len(at) == 1 else None


def why_not_picked(question: str, objects: Sequence[DetectedObject]) -> str:
    """The answer to "why can't you pick up the ball?" or "what can't you pick up?": what the gripper
    takes, and which objects in view it does not; "" for any other question."""
    text = _TELL_ME.sub("", " ".join(normalise(question).lower().split()))  # "tell me which objects you can't pick up"
    why = _WHY_NOT_PICKED.match(text)
    if why is None and not _WHAT_NOT_PICKED.match(text):
        return ""
    said = why.group("what").split() if why else []
    kind = next((k for w in said if (k := lx.kind_said(w))), None)
    if kind in GRASPABLE_LABELS and why is not None and re.match(r"^(?:so |and |but )?why (?:don't|won't) you", text) \
            and not text.endswith("?"):
        return ""  # "why don't you grab the white cube": asked for
    if kind in GRASPABLE_LABELS:
        return f"I can pick up a {kind}: say 'pick up the {' '.join(said)}'."
    visible = Grounder(objects).objects
    others = [o for o in visible if o.label not in GRASPABLE_LABELS]
    lead = f"My gripper takes only {GRASPABLE_TEXT}, one at a time" + (f"; a {kind} I can go to, not lift" if kind else "")
    if why is None and text.startswith(("how many", "so how many", "and how many", "but how many")):
        return f"I can't pick up {_number(len(others))} of the {_number(len(visible))} " \
               f"{_plural('object', len(visible))} I see" + (f": {_listing(others)}." if others else ".")
    return f"{lead}." if kind or not others else f"{lead}; of what I see I can't pick up {_listing(others)}."


_LIFT_VERBS = r"(?:lift|pick up|pick|carry|grab|hold|manage)"
_THING_SAID = r"(?P<what>(?:the|that|this|a|an) (?:[a-z]+ ){0,2}?[a-z]+|it|that|this)"
# Whether the robot could lift a thing, asked and not asked for: "is the white box something you can lift?", "can you pick that
# up, or is it too big?", "is the yellow cube too heavy for you?", "would the can fit in your gripper?"
_LEAD_SAID = r"^(?:(?:so|and|but|ok|okay|hmm|right|um|well),? )*"
_CAN_LIFT_ASKED = tuple(re.compile(_LEAD_SAID + p) for p in (
    r"(?:is|isn't|isnt) " + _THING_SAID + r" (?:something|a thing|an object|one|the kind of thing|small enough) (?:that )?(?:you )?"
    r"(?:can|could|are able to|would be able to|to) " + _LIFT_VERBS + r"(?: up| it)?\s*\?*$",
    r"(?:can|could) you " + _LIFT_VERBS + r" " + _THING_SAID + r"(?: up)?,? or (?:is|would) (?:it|that|this|they) (?:be )?too "
    r"(?:big|heavy|large|bulky|wide)\b.*$",
    r"(?:is|would|will) " + _THING_SAID + r" (?:be )?too (?:big|heavy|large|bulky|wide) (?:for you|for your gripper|to lift|to pick up|"
    r"to carry)(?: to (?:lift|pick up|carry|grab|hold))?\s*\?*$",
    r"(?:would|will|does|could) " + _THING_SAID + r" fit in (?:your|the) (?:gripper|hand|claw|grip)\s*\?*$"))


def can_lift_answer(question: str, objects: Sequence[DetectedObject]) -> str:
    """The answer to whether the robot could lift a thing named by kind ("is the white box something you
    can lift?", "can you pick that up, or is it too big?"): yes for cubes and cans, no otherwise, and
    nothing done; "" for any other question or a thing not named by kind."""
    text = " ".join(normalise(question).lower().split())
    asked = next((m for p in _CAN_LIFT_ASKED if (m := p.match(text)) is not None), None)
    if asked is None:
        return ""
    said = asked.group("what").split()
    kind = next((k for w in said if (k := lx.kind_said(w))), None)
    if kind is None:
        return ""
    seen = next((o for o in Grounder(objects).objects if o.label == kind and any(lx.color_of(w) == o.color for w in said)), None)
    name = seen.name if seen is not None else " ".join(w for w in said if w not in ("a", "an", "that", "this"))
    if kind in GRASPABLE_LABELS:
        said_as = name if name.startswith("the ") else f"the {name}"
        return f"Yes: my gripper takes {GRASPABLE_TEXT}, one at a time; say 'pick up {said_as}' and I will."
    return f"No: my gripper takes only {GRASPABLE_TEXT}; a {kind} I can go to, not lift."


def pickable_in_view(question: str, objects: Sequence[DetectedObject]) -> str:
    """The answer to a question about which objects in view the robot can pick up ("which of these
    can you carry?", "how many things can you pick up here?"): those of them, nearest first; "" for
    any other question."""
    text = _TELL_ME.sub("", " ".join(normalise(question).lower().split()))
    visible = Grounder(objects).objects
    found = [o for o in visible if o.label in GRASPABLE_LABELS]
    ranked = _RANKED_CAN_BE_PICKED.match(text)
    if ranked:  # "what's the nearest thing you could carry?": of those it can pick up
        nearest = ranked["rank"] in ("nearest", "closest")
        if not found:
            return f"None of what I see: I can pick up only {GRASPABLE_TEXT}."
        chosen = min(found, key=lambda o: o.distance_m if nearest else -o.distance_m)
        return f"The {'nearest' if nearest else 'farthest'} thing I could pick up is {_the(chosen)}."
    if _WHAT_CAN_BE_PICKED.match(text) and found:  # "what can you pick up?": what it can, and those of them in view
        return f"I can pick up {GRASPABLE_TEXT}, one at a time, and put them into bins; of what I see: {_listing(found)}."
    if not _WHICH_CAN_BE_PICKED.match(text):
        return _pickable_of_those_named(text)
    if not found:
        return f"None of what I see: I can pick up only {GRASPABLE_TEXT}" + \
            (f", and I see {_listing(visible)}." if visible else ", and I see nothing right now.")
    counted = (str(len(found)), str(len(visible))) if len(visible) > 5 else (_number(len(found)), _number(len(visible)))
    return f"I can pick up {counted[0]} of the {counted[1]} {_plural('object', len(visible))} I see: {_listing(found)}."


def _pickable_of_those_named(text: str) -> str:
    """The answer to "which of those can you lift?" said after naming things ("I've got a white ball, a grey
    bottle and a purple cube on my list. Which of those can you lift?"): by the kind of each thing named,
    whether in view or not; "" for any other question."""
    before, _, last = text.rstrip(" ?").rpartition(". ")
    if not before or not re.search(r"\b(?:those|these|them)\b", last) or not _WHICH_CAN_BE_PICKED.match(last):
        return ""
    try:
        named = [r for r in read_objects(tokenize(before))[0] if r.kind and not r.pronoun]
    except GoalError:
        return ""
    if not named:
        return ""
    said = [(f"the {r.color} {r.kind}" if r.color else f"the {r.kind}", r.kind in GRASPABLE_LABELS) for r in named]
    liftable, other = [name for name, can in said if can], [name for name, can in said if not can]
    can = f"I can lift {' and '.join(liftable)}" if liftable else "I can lift none of them"
    return f"Of those, {can}" + (f"; not {' or '.join(other)}" if other and liftable else "") + \
        f": my gripper takes only {GRASPABLE_TEXT}, one at a time."


_SEVERAL_AT_ONCE = re.compile(r"^(?:(?:can|could|are) you (?:able to )?(?:carry|pick up|hold|lift|grab|take)\b.*\b(?:at once|at the same "
                              r"time|simultaneously|together|in one go)|how many (?:things |objects |cubes |cans |items )?(?:can|could) "
                              r"you (?:carry|pick up|hold|lift|grab|take)(?: at (?:once|a time|the same time)| together| in one go)?)"
                              r"\s*\?*$")
_CANNOT_DO = re.compile(r"^(?:can|could) you (fly|jump|swim|climb(?: (?:up )?(?:the )?stairs)?|go (?:up|down) (?:the )?stairs|go upstairs|"
                        r"go downstairs|use (?:the )?(?:stairs|lift|elevator)|open doors?|talk|speak|sing|dance|run|"
                        r"walk|hear|smell|feel|cook|read|write|think)\b")
_HOW_FAR_DRIVEN = re.compile(r"^how far (?:can|could) you (?:drive|go|move|travel)\b")


def ability_answer(goal: str) -> str:
    """The answer to a question about what the robot can pick up ("what can you pick up?", "can you
    lift boxes?"), carry at once, do at all ("can you fly?") or how far it drives; "" for anything else:
    a kind said without an article is a kind, not one object."""
    text = " ".join(normalise(goal).lower().split())
    if _SEVERAL_AT_ONCE.match(text):
        return f"{'One' if text.startswith('how') else 'No'}: I hold one thing at a time; I can take {GRASPABLE_TEXT} one after " \
               "another into bins."
    cannot = _CANNOT_DO.match(text)
    if cannot:
        return f"No, I can't {cannot.group(1)}: {SKILL_SUMMARY}."
    if _HOW_FAR_DRIVEN.match(text):
        return (f"I drive a set distance of up to {MAX_DRIVE_M:g} m when told ('drive forward 2 metres'), or to any object I "
                "can see or find, however far.")
    if _WHAT_CAN_BE_PICKED.match(text):
        return f"I can pick up {GRASPABLE_TEXT}, one at a time, and put them into bins; the other kinds I go to, not lift."
    asked = _CAN_KIND_BE_PICKED.match(text)
    if asked is None:
        return ""
    kinds = asked.group(1)
    if kinds in map(plural, GRASPABLE_LABELS):
        return f"Yes, I can pick up {kinds}, one at a time, and put them into bins."
    if kinds in map(plural, LABELS):
        return f"No, I can only pick up {GRASPABLE_TEXT}; {kinds} I go to, not lift."
    return f"I can pick up {GRASPABLE_TEXT}, one at a time, and put them into bins; the other kinds I go to, not lift."
