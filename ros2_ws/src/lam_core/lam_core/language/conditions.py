"""Goals with a condition on what the robot sees: "if you see a purple box, go to it, otherwise go
to the blue box", "go to the purple box if you can see it", "go to the red box unless you see a
purple box", "if there is no green cube, come back". The condition is decided when the goal is
planned, against the objects in view then; the branch it picks is understood as a goal of its own.

A condition names an object and says it is seen ("you see", "you can see", "there is", "... is
there", "... is visible") or not ("there is no", "you don't see", "... is not there"), or states
what a look decides ("the green bin is empty", "the red cube is closer than the blue cube", "there
are two cubes"): then the Conditional carries the yes/no question that decides it, answered by
lam_core.language.answers. Politeness ("if you can", "if possible", IF_ASIDES) is not a condition;
undecided_condition finds the "if" no one decides, so that it is refused rather than ignored.

What to do when a search finds nothing is not decided here but when the search ends:
split_search_outcome gives the search, what follows it when found, and the steps for when not."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lam_core.language import lexicon as lx
from lam_core.language.durations import MAX_SAID_TIME_S, TIME_UNITS_S
from lam_core.language.parse import IF_ASIDES, GoalRefused, ObjectRef, begins_action, normalise, read_objects, tokenize
from lam_core.skills import MAX_DRIVE_M
from lam_core.vocabulary import plural

_IF_WORDS = ("if", "unless")
# (normalise spells out contractions: "don't" is "do not", "isn't" is "is not", "there's" is "there is")
_ELSE_MARKERS = (("or", "else"), ("otherwise",), ("else",), ("and", "if", "not"), ("if", "not"), ("if", "you", "do", "not"),
                 ("if", "there", "is", "not"), ("if", "there", "is", "no"))
_SEEING = (("you", "can", "see"), ("you", "see"), ("you", "spot"), ("you", "notice"), ("you", "can", "spot"),
           ("you", "come", "across"), ("you", "catch", "sight", "of"), ("you", "pass"), ("you", "go", "past"),
           ("you", "find"), ("there", "is"), ("there", "are"))
# Words between "you" and the seeing verb that change nothing ("if you happen to see", "if you ever spot").
_SEEING_HEDGES = (("happen", "to"), ("happens", "to"), ("ever",), ("actually",), ("should",))
_NOT_SEEING = (("you", "can", "not", "see"), ("you", "do", "not", "see"), ("there", "is", "no"), ("there", "are", "no"),
               ("there", "is", "not", "a"), ("there", "is", "not", "any"), ("there", "are", "not", "any"),
               ("you", "see", "no"))
# Said after the object: it is in view now ("the blue cube is (still) there"), or comes into view (_APPEARING).
_APPEARING = (("shows", "up"), ("appears",), ("comes", "into", "view"), ("comes", "up"), ("turns", "up"), ("pops", "up"),
              ("comes", "along"))
_SEEN_AFTER = (("exists",), ("is", "present"), ("is", "there"), ("is", "visible"), ("is", "in", "view"), ("is", "here"),
               ("are", "there"),
               ("is", "still", "there"), ("is", "still", "here"), ("is", "still", "in", "view"), ("is", "still", "visible"),
               ("is", "around"), ("is", "still", "around"), ("are", "still", "there"), ("are", "visible"), *_APPEARING)
_NOT_SEEN_AFTER = (("does", "not", "exist"), ("is", "not", "present"),
                   ("is", "not", "there"), ("is", "not", "visible"), ("is", "not", "in", "view"), ("is", "missing"),
                   ("are", "not", "there"))
# Words just before a mid-goal "if" that make it a question ("tell me if there is a cube"), not a condition.
_ASKING = frozenset({"tell", "know", "check", "see", "ask", "wonder", "report", "whether", "out", "me", "sure"})


@dataclass(frozen=True)
class Conditional:
    """A goal split at its condition: ``then_text`` when ``condition`` is seen as ``when_seen`` says,
    ``else_text`` ("" when none) otherwise."""

    condition: ObjectRef
    when_seen: bool
    then_text: str
    else_text: str
    question: str = ""  # a yes/no question about the scene that decides instead ("is the green bin empty"): then on Yes


def _find(tokens: list[str], phrase: tuple[str, ...], start: int = 0) -> int:
    return next((i for i in range(start, len(tokens) - len(phrase) + 1) if tuple(tokens[i : i + len(phrase)]) == phrase), -1)


def _strip(tokens: list[str]) -> list[str]:
    while tokens and tokens[0] in (",", "then", "and", "please", ";", "."):
        tokens = tokens[1:]
    while tokens and tokens[-1] in (",", "and", ".", "!", ";", "but", "only"):  # "..., but only | if ..."
        tokens = tokens[:-1]
    return tokens


def _condition(tokens: list[str]) -> tuple[ObjectRef, bool] | None:
    """The object a condition names and whether it must be seen (True) or not (False)."""
    body, seen = list(tokens), True
    if body[:1] == ["you"]:
        hedge = next((h for h in _SEEING_HEDGES if tuple(body[1 : 1 + len(h)]) == h), ())
        body = ["you", *body[1 + len(hedge) :]]
    lead = next((p for p in (*_NOT_SEEING, *_SEEING) if _find(body, p) == 0), None)
    if lead is not None:
        body, seen = body[len(lead):], lead in _SEEING
    else:
        after = next(((p, i) for p in (*_NOT_SEEN_AFTER, *_SEEN_AFTER) if (i := _find(body, p)) > 0), None)
        if after is None:
            return None
        body, seen = body[: after[1]], after[0] in _SEEN_AFTER
    objects, _, _ = read_objects(body)
    named = [o for o in objects if o.kind or o.color or o.pronoun]
    if not named and [t for t in body if t not in ("a", "an", "any", "some")] in (["one"], ["it"], ["them"], ["any"], []) \
            and body:
        return ObjectRef("it", pronoun=True), seen  # "if there is one": the object the request names
    return (named[0], seen) if named and not named[0].relation else None


# A second choice said after a request: "go to the red box, but if you can't, go to the blue box".
# Each is followed by the rest of its own clause ("if you can't find it,") before the second choice.
_FALLBACKS = (("if", "you", "can", "not"), ("if", "you", "cannot"), ("if", "that", "fails"), ("if", "it", "fails"),
              ("if", "that", "does", "not", "work"), ("if", "that", "is", "not", "possible"),
              ("if", "it", "is", "not", "there"), ("if", "it", "is", "not", "in", "view"), ("if", "there", "is", "none"),
              ("if", "not"), ("failing", "that"), ("otherwise",), ("or", "else"))
_FALLBACK_LEADS = frozenset({",", "but", "or", ";", ".", "and"})


def _fallback(tokens: list[str]) -> Conditional | None:
    """"<request>, (but) if you can't, <other request>": the first when its object is in view,
    else the second; None when the goal has no such second choice. A search is not given one: what
    it looks for is out of view by nature, and the plan is made before it runs."""
    for at in range(1, len(tokens)):
        marker = next((m for m in _FALLBACKS if tuple(tokens[at : at + len(m)]) == m), None)
        if marker is None or not (tokens[at - 1] in _FALLBACK_LEADS or marker[0] in ("otherwise", "failing", "or")):
            continue
        if marker[0] in ("otherwise", "or") and any(t in _IF_WORDS for t in tokens[:at]):
            return None  # "..., then if you see a purple bin put it there, otherwise ...": that condition's otherwise
        first = _strip([t for t in tokens[:at] if t not in ("but",)] if tokens[at - 1] == "but" else tokens[:at])
        while first and first[-1] in ("but", "or", ",", ";", "."):
            first = first[:-1]
        rest = tokens[at + len(marker) :]
        if marker[0] == "if" and "," in rest:  # "if you can't find it, go to ...": the rest of the "if" clause
            rest = rest[rest.index(",") :]
        elif marker[0] == "if":  # "... or if you can't find it grab the blue one": the clause ends where an action starts
            start = next((i for i in range(1, len(rest)) if lx.lemma(rest[i]) in lx.ALL_CUES and begins_action(rest[i:])), 0)
            rest = rest[start:]
        second = _strip(rest)
        named = [o for o in read_objects(first)[0] if (o.kind or o.color) and not o.pronoun]
        if not first or not second or not named or {lx.lemma(t) for t in first} & set(lx.ACTION_CUES["find"]):
            return None
        if not begins_action(second):  # "go to the red box or, if it's not there, the blue box": the same action
            verb_end = next((i for i, t in enumerate(first) if t in ("the", "a", "an") or lx.color_of(t)), 0)
            second = [*first[:verb_end], *second]
        return Conditional(named[0], True, " ".join(first), " ".join(second))
    return None


@dataclass(frozen=True)
class SearchOutcome:
    """A search with what to do when it ends: ``search_text`` (the request to look for something),
    ``found_text`` when it is found ("" for nothing more), ``missing_text`` when the search gives up
    ("" for nothing: the goal then fails as any search that finds nothing)."""

    search_text: str
    found_text: str
    missing_text: str


# After a search request, what to do when it finds nothing ("if you can't find it, come back") or
# finds it ("if you find it, pick it up"). Each marker is followed by the rest of its own clause.
_NOT_FOUND = tuple(tuple(p.split()) for p in (
    "if you can not find", "if you do not find", "if you can not see", "if you do not see", "if you have not found",
    "if unsuccessful", "if you are unsuccessful", "if it is unsuccessful", "if you do not succeed", "should you fail",
    "if the search fails", "if that does not work", "if it does not work", "if you do not", "if it is not",
    "if you still can not find", "if you still do not see", "if you fail to find", "if you fail", "if it is not found",
    "if it is not there", "if it is nowhere", "if it is not anywhere", "if there is none", "if there is not one",
    "if nothing is found", "if not found", "if that fails", "if it fails", "if you can not", "if not", "if no luck",
    "if none", "if there are none", "if there is no such thing", "no luck",
    "failing that", "otherwise", "or else", "in case you can not find", "in case you do not find", "unless you find",
    "unless you see", "when you can not find"))
_FOUND = tuple(tuple(p.split()) for p in (
    "if you find", "when you find", "once you find", "once you have found", "when you have found", "if you see",
    "when you see", "once you see", "as soon as you see", "as soon as you find", "if found", "once found", "when found",
    "if you spot", "when you spot", "once you spot"))
# Words the rest of a marker's clause may hold before its request when no comma ends it ("if you
# don't find it come back"): the thing looked for, named again or not.
_REFERS_TO_THE_THING = frozenset({"it", "them", "one", "any", "anything", "the", "a", "an", "that", "this", "there",
                                  "in", "time", "anywhere", "after", "all", "then", "either"})


_FAILED_TO = (("fail", "to"), ("fails", "to"), ("is", "not"), ("do", "not"), ("does", "not"), ("can", "not"),
              ("did", "not"), ("could", "not"), ("cannot",), ("still", "can", "not"))
_LOOK_VERBS = frozenset({"find", "see", "locate", "spot", "detect", "notice", "found", "seen", "located", "spotted"})


def _marker_at(tokens: list[str], i: int, markers: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    return next((m for m in markers if tuple(tokens[i : i + len(m)]) == m), None)


def _not_found_at(tokens: list[str], i: int) -> tuple[str, ...] | None:
    """The words from token i that say a search found nothing: one of _NOT_FOUND, or "if" and up to
    two words before a failure to look ("if the robot does not find it", "if it cannot be found")."""
    if tokens[i : i + 1] == ["if"] or tokens[i : i + 2] == ["should", "you"]:  # "if you cannot locate it", "should you
        for k in range(i + 1, min(i + 4, len(tokens))):                   # fail to find it": the whole failure
            said = _marker_at(tokens, k, _FAILED_TO)
            if said is None:
                continue
            verb = k + len(said) + (tokens[k + len(said) : k + len(said) + 1] == ["be"])
            if tokens[verb : verb + 1] and lx.lemma(tokens[verb]) in _LOOK_VERBS:
                return tuple(tokens[i : verb + 1])
    return _marker_at(tokens, i, _NOT_FOUND)
    return None


def _after_marker(tokens: list[str]) -> list[str]:
    """The request after a marker's own clause: past its comma, or past the words that refer to the
    thing looked for ("it", "the purple box")."""
    return _marker_clause(tokens)[1]


def _marker_clause(tokens: list[str]) -> tuple[list[str], list[str]]:
    """What a marker's own clause says beyond the thing looked for ("within a minute" of "if you
    can't find it within a minute, come back"), and the request after it (_after_marker)."""
    def time_at(k: int) -> int:
        """Where the time unit is of a time said from token k ("after two minutes"), else -1."""
        if tokens[k] not in ("after", "within", "in", "for", "by"):
            return -1
        return next((j for j in range(k + 1, min(k + 5, len(tokens))) if tokens[j] in TIME_UNITS_S), -1)

    k = 0
    while k < len(tokens) and (tokens[k] in _REFERS_TO_THE_THING or lx.kind_of(tokens[k]) or lx.color_of(tokens[k])) \
            and time_at(k) < 0:
        k += 1
    said = k
    unit = time_at(k) if k < len(tokens) else -1
    if unit > k:
        k = unit + 1  # "if you haven't found it after two minutes go to the blue box"
    elif k < len(tokens) and tokens[k] != "," and not begins_action(tokens[k:]) and "," in tokens[k:]:
        k = tokens.index(",", k)  # "if you can't find it within a minute, come back"
    return tokens[said:k], _strip(tokens[k:])


def split_search_outcome(goal: str) -> SearchOutcome | None:
    """A search request followed by what to do when it finds nothing or finds it ("look for the
    purple box; if you can't find it, go to the red box", "find the green cube and if you find it
    pick it up, otherwise come back"); None for any other goal. Both are decided when the search
    ends, not when the goal is planned: what a search looks for is out of view by nature."""
    tokens = tokenize(normalise(goal))
    cues = set(lx.ACTION_CUES["find"])
    def looks_for_something(words: list[str]) -> bool:
        return bool(words) and bool({lx.lemma(t) for t in words} & cues) and any(o.kind or o.color for o in read_objects(words)[0])

    for at in range(1, len(tokens)):
        missing = _not_found_at(tokens, at)
        if missing is None and tokens[at] == "or" and begins_action(tokens[at + 1 :]):
            missing = ("or",)  # "find the purple box or come back" (not "... or the blue box")
        found = None if missing else _marker_at(tokens, at, _FOUND)
        if missing is None and found is None:
            continue
        search = _strip([t for t in tokens[:at] if t != "but"])
        said, rest = _marker_clause(tokens[at + len(missing or found or ()) :])
        if missing is not None and any(t in TIME_UNITS_S for t in said):  # "if you can't find it within a minute": the search's limit
            search = [*search, "within", *said[1:]] if said[0] in ("after", "by", "in") else [*search, *said]
        if missing is not None and not rest:  # "look for the purple box and come back if you don't find it"
            cut = next((j for j in range(1, len(search)) if search[j] in ("and", ",", ";", "or")
                        and looks_for_something(search[:j]) and begins_action(_strip(search[j:]))), -1)
            if cut > 0:
                return SearchOutcome(" ".join(_strip(search[:cut])), "", " ".join(_strip(search[cut:])))
        if not looks_for_something(search):
            return None
        if not rest:
            return None
        if missing is not None:
            return SearchOutcome(" ".join(search), "", " ".join(rest))
        other = next(((k, m) for k in range(1, len(rest)) if (m := _not_found_at(rest, k))), None)
        if other is None:
            return SearchOutcome(" ".join(search), " ".join(rest), "")
        k, marker = other
        return SearchOutcome(" ".join(search), " ".join(_strip(rest[:k])),
                             " ".join(_after_marker(rest[k + len(marker) :])))
    return None


@dataclass(frozen=True)
class Watch:
    """A request with something to watch for while it runs: when ``condition`` comes into view,
    ``then_text`` ("" for stopping there) is done, then the rest of the request."""

    condition: ObjectRef
    request_text: str
    then_text: str
    # "go to the blue box unless you see a purple box": decided when planned if one is in view already
    # (split_conditional), watched for on the way if not
    decided_if_in_view: bool = False


# Words that make a condition one to watch for while the request runs, not one decided when it is planned.
_WATCH_CUES = tuple(tuple(p.split()) for p in (
    "on the way", "along the way", "on your way", "at any point", "at any time", "at some point", "while driving",
    "while you drive", "while you are driving", "while going", "while you go", "as you go", "en route", "meanwhile",
    "while moving", "while you move", "while you are moving", "as you drive", "in the meantime"))
_WATCH_WHEN = tuple(tuple(p.split()) for p in ("as soon as", "the moment", "the second", "if", "when", "whenever", "once",
                                                "if ever", "unless"))
_WATCH_STOPS = frozenset({"stop", "halt", "freeze", "brake"})
# Said between a stop and its "if" ("stop right away if you see a purple box").
_STOP_ADVERBS = tuple(tuple(p.split()) for p in ("right away", "straight away", "at once", "right there", "immediately",
                                                  "instantly", "straightaway", "dead", "there", "quickly"))


def _adverb_before(tokens: list[str], at: int) -> int:
    """How many words before ``at`` say how to stop ("right away")."""
    return next((len(a) for a in _STOP_ADVERBS if at > len(a) and tuple(tokens[at - len(a) : at]) == a), 0)


def _without_watch_cues(tokens: list[str]) -> tuple[list[str], bool]:
    out, i, cued = [], 0, False
    while i < len(tokens):
        cue = _marker_at(tokens, i, _WATCH_CUES)
        if cue is None:
            out.append(tokens[i])
            i += 1
        else:
            cued, i = True, i + len(cue)
    return out, cued


def _seen_condition(tokens: list[str]) -> ObjectRef | None:
    """The object of "you see a purple box" (to be seen; not "you don't see ..."), named by kind or colour."""
    found = _condition(tokens)
    if found is None or not found[1] or found[0].pronoun or not (found[0].kind or found[0].color):
        return None
    return found[0]


# Ways of naming what to watch for before saying what to do on seeing it ("keeping an eye out for a
# purple box, ... stop if you see one").
_LOOKOUTS = tuple(tuple(p.split()) for p in (
    "keep an eye out for", "keeping an eye out for", "keep your eyes open for", "keeping your eyes open for",
    *lx.WARNING_LOOKOUTS, "keep a lookout for", "keeping a lookout for", "be on the lookout for", "keep watch for",
    "keeping watch for", "watch for", "watching for"))
_WARNING_LOOKOUTS = frozenset(tuple(p.split()) for p in lx.WARNING_LOOKOUTS)
# What a request said as where it is going, not as a request, starts with ("while going to the green bin, ...").
_UNDER_WAY = tuple(tuple(p.split()) for p in ("while you are going", "while going", "while you go", "while driving",
                                                "while you drive", "on the way", "on your way", "as you go", "when going",
                                                "while heading", "while"))
_SEEING_ANY = (("you", "see"), ("you", "spot"), ("you", "find"), ("you", "come", "across"), ("you", "pass"),
               ("you", "notice"), ("that", "you", "see"), ("you", "can", "see"))
_FORWARD_WORDS = frozenset({"forward", "forwards", "ahead", "straight", "on", "going", "driving", "moving", "onward"})


def _named_lookout(tokens: list[str]) -> tuple[list[str], ObjectRef | None, bool]:
    """``tokens`` without "keeping an eye out for a purple box" (and a cue to watch after it), the
    object it names (what "it" or "one" in the condition means; None when none is named), and
    whether the phrase also warns (_WARNING_LOOKOUTS)."""
    for i in range(len(tokens)):
        said = _marker_at(tokens, i, _LOOKOUTS)
        if said is None:
            continue
        end = i + len(said)
        while end < len(tokens) and tokens[end] not in (",", ";", ".", "and", "while", "as") \
                and _marker_at(tokens, end, _WATCH_CUES) is None:
            end += 1
        named = _seen_condition(["you", "see", *tokens[i + len(said) : end]])
        warns = said in _WARNING_LOOKOUTS
        if named is None:
            return tokens, None, warns
        cue = _marker_at(tokens, end, _WATCH_CUES) if end < len(tokens) else None
        end += len(cue or ())
        if cue is not None and tokens[end : end + 1] == ["to"]:  # "watch out for a purple box on the way to the blue box"
            return [*tokens[:i], "go", *tokens[end:]], named, warns
        return [*tokens[:i], *tokens[end:]], named, warns
    return tokens, None, False


def _any_seen_on_the_way(tokens: list[str]) -> list[str]:
    """"..., and pick up any orange cube you see on the way" as "..., and if you see an orange cube
    on the way, pick it up"."""
    for i in range(1, len(tokens)):
        if tokens[i] != "any" or tokens[i - 1] in ("if", "see"):
            continue
        seen = next(((k, m) for k in range(i + 2, min(i + 6, len(tokens))) if (m := _marker_at(tokens, k, _SEEING_ANY))), None)
        if seen is None:
            continue
        k, marker = seen
        cue = _marker_at(tokens, k + len(marker), _WATCH_CUES)
        if cue is None or not any(lx.kind_of(t) for t in tokens[i + 1 : k]):
            continue
        start = max((j + 1 for j in range(i) if tokens[j] in (",", ";", "and", "then")), default=0)
        verb = tokens[start:i]
        if not verb or not begins_action(verb):
            continue
        end = k + len(marker) + len(cue)
        return [*tokens[:start], "if", "you", "see", "a", *tokens[i + 1 : k], *cue, ",", *verb, "it", *tokens[end:]]
    return tokens


def _under_way(tokens: list[str]) -> tuple[list[str], bool]:
    """A request said as where the robot is going ("while going to the green bin", "on your way to
    the red box") as the request itself ("go to the green bin"), and whether it was said so."""
    said = _marker_at(tokens, 0, _UNDER_WAY)
    if said is None:
        return tokens, False
    rest = tokens[len(said) :]
    rest = ["go", *rest[1:]] if rest[:1] in (["going"], ["heading"], ["driving"]) else rest
    return (["go", *rest] if rest[:1] == ["to"] else rest), True


def _until_seen(tokens: list[str]) -> Watch | None:
    """"Drive forward until you see the purple box", "keep going straight until a purple box comes
    into view": a drive ahead (up to the longest drive a step may ask for unless a distance is said)
    that stops when the object comes into view. Turning until it is in view is a search, not this."""
    at = next((i for i, t in enumerate(tokens) if t in ("until", "till")), -1)
    if at <= 0:
        return None
    before = tokens[:at]
    if any(lx.kind_of(t) or lx.color_of(t) for t in before) or any(lx.lemma(t) in ("turn", "rotate", "spin", "look", "face")
                                                                  for t in before):
        return None
    waiting = any(t in ("wait", "stay", "remain", "pause", "hold") for t in before)
    if not waiting and not set(before) & _FORWARD_WORDS and \
            not any(lx.lemma(t) in ("drive", "go", "move", "roll", "advance") for t in before):
        return None
    clause_end = next((i for i in range(at + 1, len(tokens)) if tokens[i] in (",", ";", ".", "then", "and")), len(tokens))
    condition = _seen_condition(tokens[at + 1 : clause_end])
    if condition is None:
        return None
    if waiting:  # "wait here until you see a purple box (, then go to it)": stopped, watching, as long as a wait may last
        then = _strip(tokens[clause_end:])
        return Watch(condition, f"wait {MAX_SAID_TIME_S:g} seconds", " ".join(then) if then and begins_action(then) else "")
    said_distance = any(t.replace(".", "", 1).isdigit() or t in lx.NUMBER_WORDS for t in before)
    request = " ".join(before) if said_distance and any(t in ("forward", "forwards", "ahead", "straight") for t in before) \
        else f"go forward {MAX_DRIVE_M:g} m"
    return Watch(condition, request, "")


def _before_a_request(tokens: list[str], at: int) -> bool:
    """Whether an "unless" at ``at`` follows a request ("go to the blue box unless you see a purple box"): a
    stop when one comes into view on the way, as "if you see one, stop" would be."""
    return at > 0 and begins_action(_strip(_trimmed(tokens[:at])))


def split_watch(goal: str) -> Watch | None:
    """A request with something to watch for while it runs: "go to the blue box, but stop if you see
    a purple box", "drive to the green bin and stop as soon as you see a red cube", "go to the green
    bin, and if you see a red cube on the way, pick it up", "if at any point you see a purple box,
    stop; go to the red box", "go to the red box, keeping an eye out for a purple box, and stop if you
    see one", "drive forward until you see the purple box"; None for any other goal (a condition with
    no such cue is decided when the goal is planned: split_conditional). GoalRefused for a stop on
    sight with nothing to do until then."""
    tokens = _in_case_as_if(tokenize(normalise(goal)))
    until = _until_seen(tokens)
    if until is not None:
        return until
    tokens, lookout, warns = _named_lookout(_any_seen_on_the_way(tokens))
    for at in range(len(tokens)):
        when = _marker_at(tokens, at, _WATCH_WHEN)
        if when is None:
            continue
        # "..., but stop if you see a purple box"; "go to the blue box unless you see a purple box on the way"
        adverb = _adverb_before(tokens, at)
        stopped = at > adverb and (tokens[at - adverb - 1] in _WATCH_STOPS or when == ("unless",))
        rest = tokens[at + len(when) :]
        end = next((i for i, t in enumerate(rest) if t in (",", ";", ".")), len(rest))
        condition_tokens, cued = _without_watch_cues(rest[:end])
        cued = cued or any(_find(condition_tokens, p) > 0 for p in _APPEARING)  # "if a purple box appears": only ever later
        decided_if_in_view = when == ("unless",) and not cued
        if not stopped and end == len(rest):  # "..., if you see a red cube on the way pick it up": no comma
            verb = next((i for i in range(2, len(rest)) if lx.lemma(rest[i]) in lx.ALL_CUES and begins_action(rest[i:])
                         and _marker_at(rest, i, _APPEARING) is None), -1)  # "pops up", "shows up": still the condition
            if verb > 0:
                end = verb
                condition_tokens, cued = _without_watch_cues(rest[:end])
        cued = cued or any(_find(condition_tokens, p) > 0 for p in _APPEARING)  # "if a purple box appears": only ever later
        cued = cued or bool({"pass", "past"} & set(condition_tokens))  # "if you (happen to) pass a purple cube": on the way
        condition = _seen_condition(condition_tokens)
        if condition is None and lookout is not None and _condition(condition_tokens) is not None:
            condition, cued = lookout, True  # "keeping an eye out for a purple box, ... stop if you see one"
        if condition is None:
            continue
        after = _strip(rest[end:])
        if decided_if_in_view and at == 0:  # "unless you see a purple cube, go to the blue box": as said after it
            if after and begins_action(after):
                return Watch(condition, " ".join(after), "", decided_if_in_view)
            continue
        if decided_if_in_view and not _before_a_request(tokens, at):
            continue  # "go to the red box unless the green bin is full": decided when the goal is planned
        under_way = False
        if stopped:
            request, under_way = _under_way(_strip(_trimmed(tokens[: at - (0 if when == ("unless",) else 1 + adverb)])))
            then: list[str] = []
            if when == ("unless",) and _find(after, ("in", "which", "case")) == 0:  # "..., in which case stop / go to X"
                then = _strip(after[3:])
                then = [] if then and then[0] in _WATCH_STOPS and not _strip(then[1:]) else then
                after = []
            request = [*request, ",", *after] if after and request else request or after
        elif at == 0:  # "if at any point you see a purple box, stop; go to the red box"
            if not cued or not after or after[0] not in _WATCH_STOPS:
                return None  # where the action on sight ends and the request starts is not said
            then, request = [], _strip(after[1:])
        else:  # "go to the green bin, and if you see a red cube on the way, pick it up"
            request, under_way = _under_way(_strip(_trimmed(tokens[:at])))
            then = after
            said_how = next((len(a) for a in _STOP_ADVERBS if tuple(then[1 : 1 + len(a)]) == a), 0)
            if then and then[0] in _WATCH_STOPS and len(_strip(then[1 + said_how :])) == 0:
                then, cued = [], True  # "..., but if a purple box shows up, stop": stopping is only ever later
        if not (stopped or cued or under_way):
            continue
        if not request and stopped:
            raise GoalRefused(f"stopping when I see {'a ' + condition.name if condition.kind else 'it'} needs something to do until "
                              "then; say it with the request, e.g. 'go to the blue box, but stop if you see a purple box'")
        if not request or (then and not begins_action(then)):
            return None
        return Watch(condition, " ".join(request), " ".join(then), decided_if_in_view)
    if lookout is not None and not warns:  # "keep an eye out for the purple box while you go to the blue box"
        raise GoalRefused(f"what should I do when I see {'a ' + lookout.name if lookout.kind else 'it'}? Say it with the "
                          f"lookout, e.g. '..., and stop if you see it' or '..., and if you see it, go to it'")
    return None


def _trimmed(tokens: list[str]) -> list[str]:
    """Tokens without the joining words they end with ("go to the blue box , but")."""
    while tokens and tokens[-1] in ("but", "and", ",", ";", ".", "then", "or"):
        tokens = tokens[:-1]
    return tokens


_IF_SO = (("if", "so"), ("if", "yes"), ("if", "it", "is"), ("if", "they", "are"), ("if", "that", "is", "the", "case"),
          ("if", "you", "do"), ("if", "there", "is"), ("if", "there", "are"), ("if", "it", "does"))
_IF_NOT = (("if", "not"), ("if", "no"), ("otherwise",), ("else",), ("if", "it", "is", "not"), ("if", "they", "are", "not"),
           ("if", "you", "do", "not"), ("if", "there", "is", "not"))
_YES_NO_OPENERS = frozenset({"is", "are", "do", "does", "can", "could"})


_CHECKS = (("check", "whether"), ("check", "if"), ("see", "whether"), ("see", "if"), ("find", "out", "whether"),
           ("find", "out", "if"), ("look", "whether"), ("look", "to", "see", "if"), ("look", "to", "see", "whether"))


def _checked_as_asked(tokens: list[str]) -> list[str]:
    """"(Could you) check whether the green bin is empty, and if it is, put the red cube in it" as
    "is the green bin empty? if so, put the red cube in it" (for _asked_then_acted)."""
    at = next(((k, c) for k in range(len(tokens)) if (c := _marker_at(tokens, k, _CHECKS))), None)
    if at is None:
        return tokens
    start = at[0] + len(at[1])
    mark = next((k for k in range(start + 2, len(tokens)) for m in (*_IF_SO, *_IF_NOT)
                 if tuple(tokens[k : k + len(m)]) == m and tokens[k - 1] in (",", "and", ";", ".")), -1)
    if mark < 0:
        return tokens
    statement = tokens[start:mark]
    while statement and statement[-1] in (",", "and", ";", "."):
        statement = statement[:-1]
    asked = _deciding_question(statement)
    return [*asked.split(), "?", *tokens[mark:]] if asked else tokens


def _asked_then_acted(tokens: list[str]) -> Conditional | None:
    """"Is the green bin empty? If so, put the red cube in it (, if not, ...)": the question's answer
    decides the request after it."""
    if "?" not in tokens or tokens[0] not in _YES_NO_OPENERS:
        return None
    mark = tokens.index("?")
    asked = set(tokens[:mark])
    if not (asked & (_DECIDABLE_WORDS | {"there", "see", "spot", "notice"}) or _counts(tokens[:mark])):
        return None  # "is the red box heavy? if so, ...": nothing a look decides
    rest = _strip(tokens[mark + 1 :])
    yes = next((m for m in _IF_SO if tuple(rest[: len(m)]) == m), None)
    no = next((m for m in _IF_NOT if tuple(rest[: len(m)]) == m), None) if yes is None else None
    if yes is None and no is None:
        return None
    branch = _strip(rest[len(yes or no or ()) :])
    other = next(((k, m) for k in range(1, len(branch)) for m in (_IF_NOT if yes else _IF_SO)
                  if tuple(branch[k : k + len(m)]) == m and branch[k - 1] in (",", ";", ".", "and", "but")), None)
    first, second = (branch[: other[0]], branch[other[0] + len(other[1]) :]) if other else (branch, [])
    first, second = _strip(first), _strip(second)
    if not first:
        return None
    named = [o for o in read_objects(tokens[:mark])[0] if o.kind or o.color]
    then_text, else_text = (first, second) if yes else (second, first)
    return Conditional(named[0] if named else ObjectRef("it", pronoun=True), True, " ".join(then_text),
                       " ".join(else_text), " ".join(tokens[:mark]))


_PLEASED = frozenset({"appreciate", "great", "grateful", "nice", "helpful", "love", "good", "wonderful", "perfect",
                      "glad", "happy", "kind", "ideal", "mind", "lovely", "awesome", "fantastic", "cool", "brilliant",
                      "amazing", "super"})
# "if" phrases that are not conditions: asides ("if you can") and requests to find out ("tell me if ...").


def undecided_condition(goal: str) -> str:
    """The "if ..." / "unless ..." phrase of a goal that neither split_conditional nor
    split_search_outcome decides ("go to the red box if it is safe"), or "": read as part of the
    request, its condition would be ignored."""
    tokens = tokenize(normalise(goal))
    for at, t in enumerate(tokens):  # "wait until I say go, then ...": a signal the robot can't hear or see coming
        signal = t in ("once", "when", "after", "whenever") or tokens[at : at + 3] == ["as", "soon", "as"]
        if signal and tokens[at + 1 + 2 * (t == "as") : at + 3 + 2 * (t == "as")] in (["i", "say"], ["i", "tell"], ["we", "say"],
                                                                                      ["i", "give"], ["i", "signal"]):
            end = next((k for k in range(at + 1, len(tokens)) if tokens[k] in (",", ";", ".", "?", "!", "then")), len(tokens))
            return " ".join(tokens[at:end])  # "go to the right red box once I say it's safe": a signal it can't hear coming
        if t in ("until", "till", "til") and tokens[at + 1 : at + 2] in (["i"], ["we"], ["someone"], ["somebody"]):
            end = next((k for k in range(at + 1, len(tokens)) if tokens[k] in (",", ";", ".", "?", "!", "then")), len(tokens))
            after = [w for w in tokens[end:] if w not in (",", ";", ".", "!", "then", "and")]
            if after:  # "stay here until I come back" alone is a stop; what comes after the signal would not wait for it
                return " ".join(tokens[at:end])
    for at, t in enumerate(tokens):
        if t not in _IF_WORDS or set(tokens[max(0, at - 3) : at]) & (_ASKING | _PLEASED):
            continue  # "tell me if ...", "I'd appreciate it if you went to the green bin"
        if any(tuple(tokens[at : at + len(a)]) == a for a in IF_ASIDES):
            continue
        if _in_statement_of_why(tokens, at):
            continue
        end = next((k for k in range(at + 1, len(tokens)) if tokens[k] in (",", ";", ".", "?", "!", "then")), len(tokens))
        return " ".join(tokens[at:end])
    return ""


# How a statement of why said of a thing starts after a comma: "..., it rolls if you touch it", "..., they break if you drop them"
_STATEMENT_SUBJECTS = frozenset({"it", "its", "they", "theyre", "that", "thats", "this", "those", "these"})


def _in_statement_of_why(tokens: list[str], at: int) -> bool:
    """Whether the "if" at ``at`` is part of a statement of why after a request that forbids something
    ("stay away from the orange ball, it rolls if you touch it"): what the thing would do, no condition
    on the request."""
    start = max((k for k in range(at) if tokens[k] in (",", ";", ".", "!", "-")), default=-1) + 1
    if start == 0 or tokens[start : start + 1] == [] or tokens[start] not in _STATEMENT_SUBJECTS:
        return False
    before = set(tokens[:start])
    return bool(before & lx.NEGATION_WORDS or before & {"avoid", "away", "clear", "alone"}) and \
        tokens[at + 1 : at + 2] == ["you"]


def _after_request(request: list[str], conditional: list[str]) -> Conditional | None:
    """"Pick up the red cube. If the green bin is empty, put it there, otherwise in the red bin": the
    request first whatever is seen, then the branch the condition picks; None when the conditional
    part has no request of its own ("go to the red box, if you see it" is a condition on the request)."""
    if _find(conditional, ("in", "which", "case")) >= 0:
        return None  # "go to the blue box, unless you see a purple cube, in which case stop": one condition on the request
    first = _strip(request)
    while first and first[-1] in (",", ".", ";", "then", "and"):
        first = first[:-1]
    acted = [o for o in read_objects(first)[0] if (o.kind or o.color) and not o.pronoun and not o.destination]
    later = split_conditional(" ".join(_condition_naming(conditional, acted[0]) if acted else conditional))
    if not first or later is None or not later.then_text:
        return None
    said = " ".join(first)

    def branch(text: str, referent: ObjectRef | None) -> str:  # "put it there": the request's object, put where the condition names
        text = _named_there(text, later.condition)
        return f"{said}, then {with_referent(text, referent) if referent else text}"
    then_text = branch(later.then_text, acted[0] if acted else None)
    # "..., put the red cube in it, otherwise put it in the red bin": "it" is what the first branch moves
    moved = [o for o in read_objects(tokenize(later.then_text))[0] if o.kind and not o.pronoun and not o.destination]
    else_text = branch(later.else_text, moved[0] if moved else acted[0] if acted else None) if later.else_text else said
    condition, question = later.condition, later.question
    if condition.pronoun and question and acted:  # "go to the green bin and if it's empty, ...": the green bin
        condition = acted[0]
        question = re.sub(r"\bit\b", f"the {condition.name}", question, count=1)
    return Conditional(condition, later.when_seen, then_text, else_text, question)


def _condition_naming(conditional: list[str], acted: ObjectRef) -> list[str]:
    """"if it's empty, ..." after "go to the green bin": "if the green bin is empty, ...", each "it" of the
    condition (up to its comma or the action that follows it) the object the request before it acts on."""
    end = next((i for i in range(1, len(conditional)) if conditional[i] in (",", "then") or
                (lx.lemma(conditional[i]) in lx.ALL_CUES and begins_action(conditional[i:]))), len(conditional))
    name = ["the", *acted.name.split()]

    def named(i: int) -> bool:  # "if it is empty", and "if there's nothing in it" of a bin; "if the bin has a cube in it" stays
        return i < end and conditional[i] == "it" and (i == 1 or (acted.kind == "bin" and conditional[i - 1] in ("in", "inside")
                                                                  and not any(lx.kind_of(t) == "bin" for t in conditional[1:i])))
    return [w for i, t in enumerate(conditional) for w in (name if named(i) else [t])]


def _named_there(text: str, condition: ObjectRef) -> str:
    """A branch's "there" / "in it" said as the condition's object ("put it there" after "if the green bin
    is empty": in the green bin), as the branch is read after the request before it."""
    if condition.pronoun or not (condition.kind or condition.color):
        return text
    name = f"the {condition.name}"
    return re.sub(r"\b(?:in|into|to) (?:it|there)\b|\bthere\b", f"in {name}" if condition.kind == "bin" else f"to {name}", text)


_HELD_WORDS = frozenset({"holding", "gripper", "carrying", "grasping", "gripping", "hand", "claw"})


def _in_case_as_if(tokens: list[str]) -> list[str]:
    """"In case you see an orange cube, grab it": a condition, as "if" ("in which case" is not one)."""
    for i in range(len(tokens) - 2):
        if tokens[i : i + 2] == ["in", "case"] and tokens[i + 2] in ("you", "there", "it", "the", "a", "an", "any") and \
                (i == 0 or tokens[i - 1] in (",", ".", ";", "and", "but", "or", "just", "only")):
            return [*tokens[:i], "if", *tokens[i + 2 :]]
    return tokens


def _with_negation_before(tokens: list[str], i: int) -> int:
    """Where the action starting at token i starts with the negation said before it: "if you see the
    red box do not go to it" acts on "do not go to it", never on "go to it"."""
    if i > 0 and tokens[i - 1] in ("not", "never"):
        i -= 1
        if i > 0 and tokens[i] == "not" and tokens[i - 1] in ("do", "does", "please"):
            i -= 1
    return i


# What is said after the second branch for both of them: "..., otherwise put it in the red bin, then come back" (a
# return), "..., either way come back afterwards".
_SHARED_RETURN = re.compile(r"^(?P<own>.+?)\s*[,.;]?\s+(?:and )?(?:then |after that |afterwards |and then )?"
                            r"(?P<tail>(?:come|go|head|get) (?:straight )?back\b.*|return\b.*?)[ .!]*$")
_EITHER_WAY = re.compile(r"^(?P<own>.*?)\s*[,.;]?\s*(?:and )?(?:then )?(?:either way|in any case|regardless|whatever happens|"
                         r"no matter what|in both cases),?\s+(?P<tail>.+?)[ .!]*$")


def split_conditional(goal: str) -> Conditional | None:
    """The goal's condition and branches, or None when it has no condition on what is seen; a return or
    an "either way" said after the second branch ends both."""
    conditional = _split_conditional(goal)
    if conditional is None or not conditional.else_text or not conditional.then_text:
        return conditional
    shared = _EITHER_WAY.match(conditional.else_text) or _SHARED_RETURN.match(conditional.else_text)
    if shared is None or _SHARED_RETURN.match(conditional.then_text):
        return conditional
    tail = shared.group("tail")
    own = shared.group("own").strip(" ,.;")
    return replace(conditional, then_text=f"{conditional.then_text.rstrip(' ,.;')}, then {tail}",
                   else_text=f"{own}, then {tail}" if own else tail)


def _split_conditional(goal: str) -> Conditional | None:
    """The goal's condition and branches as said, or None when it has no condition on what is seen."""
    tokens = _in_case_as_if(tokenize(normalise(goal)))
    tokens = [t for k, t in enumerate(tokens) if not (t == "only" and tokens[k + 1 : k + 2] == ["if"])]  # "only if": if
    asked_first = _asked_then_acted(_checked_as_asked(tokens))
    if asked_first is not None:
        return asked_first
    if tokens and tokens[0] not in _IF_WORDS:
        fallback = _fallback(tokens)
        if fallback is not None:
            return fallback
    at = next((i for i, t in enumerate(tokens) if t in _IF_WORDS), -1)
    if at < 0:
        return None
    unless = tokens[at] == "unless"
    if at > 0 and set(tokens[max(0, at - 3) : at]) & _ASKING and tokens[at - 1] not in (",", ".", ";"):
        return None  # "tell me if you see a purple box", not "bring it to me, unless you see a purple cube"
    if tokens[:3] in (["it", "would", "be"], ["that", "would", "be"]) and 3 < at <= 5:
        return None  # "it would be lovely if you went to the red box": a wish, said politely
    if at > 0 and tokens[at - 1] in (".", ";", ",", "then", "and"):
        after = _after_request(tokens[:at], tokens[at:])
        if after is not None:
            return after
    if at == 0:  # "if <condition>, <then> [otherwise <else>]"
        rest = tokens[1:]
        ends = [i for i, t in enumerate(rest) if t in (",", "then")]
        # "if you see a purple box go to it": the condition also ends where an action starts
        ends += [_with_negation_before(rest, i) for i in range(2, len(rest))
                 if lx.lemma(rest[i]) in lx.ALL_CUES and begins_action(rest[i:])
                 and (any(o.kind or o.color for o in read_objects(rest[:_with_negation_before(rest, i)])[0])
                      or set(rest[:i]) & _HELD_WORDS)]  # "if you aren't holding anything grab the yellow cube"
        if not ends:
            return None
        end = min(ends)
        condition_tokens, body = rest[:end], rest[end:]
    else:  # "<then> if <condition> [, otherwise <else>]"
        body_before, rest = tokens[:at], tokens[at + 1:]
        else_at = min((i for i in (_find(rest, m) for m in (*_ELSE_MARKERS, ("in", "which", "case"))) if i >= 0), default=-1)
        comma = rest.index(",") if "," in rest else -1
        end = min(i for i in (else_at, comma, len(rest)) if i >= 0)
        condition_tokens, body = rest[:end], [*body_before, ",", *rest[end:]]
    outside = [t for t in tokens if t not in condition_tokens]
    if {lx.lemma(t) for t in condition_tokens} & {"find", "locate", "found"} and \
            ({lx.lemma(t) for t in outside} & set(lx.ACTION_CUES["find"]) or set(condition_tokens) & {"not", "cannot", "fail"}):
        return None  # what a search finds is known when it ends, not now (split_search_outcome)
    found = _condition(condition_tokens)
    stated, negated = _statement(condition_tokens, body)
    asked = _deciding_question(stated)
    seen_together = [o for o in read_objects(condition_tokens)[0] if (o.kind or o.color) and not o.pronoun]
    if found is not None and not asked and len(seen_together) > 1 and {"and", "or"} & set(condition_tokens):
        # "if you see a red cube and a purple box": each of them, not the first alone
        op = QUESTION_JOINS[0] if "and" in condition_tokens else QUESTION_JOINS[1]
        asked = f" {op} ".join(f"is there a {o.name}" for o in seen_together)
        negated = not found[1]
        found = None
    if asked and (found is None or _counts(stated) or set(stated) & _CONTENT_WORDS or _says_a_colour(stated)):
        # "if the green bin is empty, ...", "if the red cube is closer than the blue cube, ...", "if there are
        # two cubes, ...", "pick up the red cube if it's not in a bin": decided by the question's answer
        named = [o for o in read_objects(stated[:-2] if _says_a_colour(stated) else stated)[0] if o.kind or o.color]
        bins = [o for o in named if o.kind == "bin"] if set(stated) & _CONTENT_WORDS else []
        # "if there are no cubes in the red bin, put the yellow cube there": "there" is the bin
        found = (bins[0] if bins else named[0] if named else ObjectRef("it", pronoun=True)), not negated
    elif found is None and at == 0 and {"is", "are"} & set(condition_tokens) and \
            any(o.kind or o.color for o in read_objects(condition_tokens)[0]):
        raise GoalRefused("I can only decide a condition on what I see ('if you see a purple box, go to it', 'if the "
                          "green bin is empty, ...'); say the request without the condition")
    else:
        asked = ""
    if found is None:
        return None
    condition, when_seen = found
    case_at = _find(body, ("in", "which", "case"))
    if case_at >= 0 and _strip(body[case_at + 3 :]) and _strip(body[:case_at]):
        # "go to the red box unless you see a purple box, in which case go to the blue box": the blue box when it is seen
        instead = _strip(body[case_at + 3 :])
        instead = [] if [t for t in instead if t[0].isalnum()] in (["do", "not"], ["not"], ["never"]) else instead
        return Conditional(condition, when_seen, " ".join(instead), " ".join(_strip(body[:case_at])), asked)
    if unless:
        when_seen = not when_seen
    split = [(_find(body, m), m) for m in _ELSE_MARKERS if _find(body, m) >= 0]
    if split:
        cut, marker = min(split)
        then_tokens, else_tokens = body[:cut], body[cut + len(marker):]
    else:
        then_tokens, else_tokens = body, []
    then_tokens, else_tokens = _strip(then_tokens), _strip(else_tokens)
    if not then_tokens:
        return None
    into = max((k for k, t in enumerate(then_tokens) if t in ("in", "into", "inside", "to")), default=-1)
    if else_tokens[:1] in (["in"], ["into"], ["inside"], ["to"]) and into > 0:
        else_tokens = [*then_tokens[:into], *else_tokens]  # "put it in the green bin if ..., otherwise in the red bin"
    if condition.pronoun and not asked:  # "go to the purple box if you can see it"
        named = [o for o in read_objects(then_tokens)[0] if o.kind or o.color]
        if not named:
            return None
        condition = named[0]
    seen = [o for o in read_objects(condition_tokens)[0] if o.kind and o.color and not o.pronoun]
    if condition.kind:  # "if there are more than two cubes, put one of them in the green bin": one of the cubes, not all
        then_tokens = _one_of_them_named(then_tokens, condition)
    return Conditional(condition, when_seen, _colour_one_named(then_tokens, seen), _colour_one_named(else_tokens, seen), asked)


def _one_of_them_named(tokens: list[str], condition: ObjectRef) -> list[str]:
    """``tokens`` with "one of them" said as one of the objects the condition names."""
    for k in range(len(tokens) - 2):
        if tokens[k : k + 3] in (["one", "of", "them"], ["one", "of", "those"], ["one", "of", "these"]):
            named = plural(condition.name if condition.color else str(condition.kind))
            return [*tokens[: k + 2], "the", *named.split(), *tokens[k + 3 :]]
    return tokens


def _colour_one_named(tokens: list[str], seen: list[ObjectRef]) -> str:
    """A branch with "the blue one" said as the object of that colour the condition names ("if you see a
    red box and a blue box, go to the blue one": the blue box)."""
    out = list(tokens)
    for i in range(len(out) - 1, 0, -1):
        colour = lx.color_of(out[i - 1])
        if out[i] == "one" and colour and not (i + 1 < len(out) and lx.kind_of(out[i + 1])):
            kinds = {o.kind for o in seen if o.color == colour and o.kind}
            if len(kinds) == 1:
                out[i] = str(kinds.pop())
    return " ".join(out)


_COPULAS = frozenset({"is", "are"})
# What a statement about the scene may say for a look to decide it: what is in a bin, how two objects
# compare, which side an object is on (and how many there are, and whether there are any).
_DECIDABLE_WORDS = frozenset({"empty", "full", "in", "inside", "than", "left", "right", "nothing", "holding", "contains", "within",
                              "closest", "nearest", "farthest", "furthest", "leftmost", "rightmost"})


# Words of a condition on what is in a bin: decided by the question, not by the cube being in view.
_CONTENT_WORDS = frozenset({"in", "inside", "empty", "full", "nothing", "contains", "contain"})
_HAVING = frozenset({"has", "have", "contains", "contain", "holds", "hold"})


def _says_a_colour(statement: list[str]) -> bool:
    """Whether a statement says what colour an object is ("the ball is red"): decided by a look at
    that object, not by whether a red ball is in view."""
    return len(statement) >= 3 and statement[-2] in _COPULAS and lx.color_of(statement[-1]) is not None and \
        any(lx.kind_of(t) for t in statement[:-2]) and not any(lx.color_of(t) for t in statement[:-2])


def _statement(condition: list[str], request: list[str]) -> tuple[list[str], bool]:
    """A condition as a plain statement, and whether it was negated: "it" and "they" named as the
    object the request names ("pick up the red cube if it's not in a bin": "the red cube is in a
    bin", negated); "the yellow bin has a cube in it" as "there is a cube in the yellow bin"; "you
    are holding something" as it is."""
    words = list(condition)
    if words[:1] in (["it"], ["they"]):
        named = [o for o in read_objects(request)[0] if (o.kind or o.color) and not o.pronoun]
        if set(words) & {"empty", "full"}:  # "put the yellow cube in the green bin if it's empty": the bin
            named = [o for o in named if o.kind == "bin"]
        if named:  # (a noun "can" is the token "tin", as tokenize reads it)
            words = ["the", *("tin" if w == "can" else w for w in named[0].name.split()), *words[1:]]
    if len(words) > 2 and words[-1] in ("it", "there") and words[-2] in ("in", "inside") and \
            not any(lx.kind_of(t) == "bin" for t in words[:-2]):
        bins = [o for o in read_objects(request)[0] if o.kind == "bin" and not o.pronoun]
        if bins:  # "go to the green bin if the red cube is in it": in the green bin
            words = [*words[:-1], "the", *bins[0].name.split()]
    seeing = next((p for p in _SEEING[:5] if tuple(words[: len(p)]) == p), None)
    if seeing is not None and _counts(words[len(seeing):]):
        words = ["there", "are", *words[len(seeing):]]  # "if you see three red boxes": if there are three
    negated = False
    if words[:3] in (["there", "is", "no"], ["there", "are", "no"]) and len(words) > 3:
        words, negated = [*words[:2], *words[3:]], True  # "if there are no cubes in the red bin": are there, negated
    for k in range(1, len(words) - 1):
        if words[k] in _COPULAS and words[k + 1] == "not":
            words, negated = [*words[: k + 1], *words[k + 2 :]], True
            break
    have = next((k for k, t in enumerate(words) if t in _HAVING), -1)
    if have > 0 and any(lx.kind_of(t) == "bin" for t in words[:have]):
        thing = [t for t in words[have + 1 :] if t not in ("in", "it", "inside")]
        words = [*words[:have], "is", "empty"] if thing == ["nothing"] else ["there", "is", *thing, "in", *words[:have]]
    return words, negated


QUESTION_JOINS = ("&&", "||")  # how a Conditional's question joins two yes/no questions ("... and ...", "... or ...")


def _joined_statements(words: list[str]) -> tuple[list[list[str]], str]:
    """A condition of two statements joined by "and" / "or" ("the green bin is empty and the yellow
    bin is empty"; "the green bin or the yellow bin is empty": the predicate said once, for both) as
    the statements and how they join (QUESTION_JOINS); one statement alone otherwise."""
    join = next((k for k, t in enumerate(words) if t in ("and", "or") and k > 0), -1)
    if join < 0:
        return [words], ""
    op = QUESTION_JOINS[0] if words[join] == "and" else QUESTION_JOINS[1]
    left, right = words[:join], words[join + 1 :]
    if any(t in _COPULAS for t in left):
        return [left, right], op
    verb = next((k for k, t in enumerate(right) if t in _COPULAS), -1)
    if verb > 0 and any(lx.kind_of(t) for t in left):  # "the green bin or the yellow bin is empty"
        return [[*left, "is", *right[verb + 1 :]], [*right[:verb], "is", *right[verb + 1 :]]], op
    return [words], ""


def _deciding_question(statement: list[str]) -> str:
    """The yes/no question that decides a statement about the scene, two of them joined by
    QUESTION_JOINS for a joined statement, or "" when a look decides none of it."""
    parts, op = _joined_statements(statement)
    if len(parts) == 1:
        return _as_question(statement)
    asked = [_as_question(part) for part in parts]
    return f" {op} ".join(asked) if all(asked) else ""


def _counts(tokens: list[str]) -> bool:
    """Whether a condition says how many ("if there are two cubes", "if both bins are empty")."""
    return any(lx.NUMBER_WORDS.get(t, 0) >= 2 or (t.isdigit() and int(t) >= 2) or t in lx.EVERY_WORDS for t in tokens) or \
        any(tokens[k : k + 2] in (["more", "than"], ["fewer", "than"], ["less", "than"], ["at", "least"], ["at", "most"],
                                  ["only", "one"], ["exactly", "one"], ["just", "one"], ["only", "1"], ["exactly", "1"])
            for k in range(len(tokens))) or \
        (bool({"more", "fewer", "less"} & set(tokens)) and "than" in tokens)  # "if you see more than one red box", "more cubes than bins"


def _as_question(tokens: list[str]) -> str:
    """A condition said as a statement about the scene ("the green bin is empty", "there are two
    cubes", "the red cube is in the green bin") as the yes/no question that decides it ("is the green
    bin empty"), or "" when it is not such a statement."""
    if tokens[:3] in (["you", "are", "holding"], ["you", "are", "carrying"]):  # "if you're holding something"
        return " ".join(["are", "you", *tokens[2:]])
    if tokens[:2] in (["you", "have"], ["you", "hold"]) and \
            any(lx.kind_of(t) or t in ("nothing", "something", "anything") for t in tokens[2:]):  # "if you have the red cube"
        return " ".join(["are", "you", "holding", *tokens[2:]])
    if tokens[:1] == ["your"] and tokens[1:2] and tokens[1] in ("gripper", "hand", "claw") and tokens[2:3] == ["is"]:
        return " ".join(["is", "your", tokens[1], *tokens[3:]])  # "if your gripper is empty"
    if not tokens or not any(lx.kind_of(t) or t in lx.ANY_KIND_WORDS for t in tokens):
        return ""
    coloured = len(tokens) > 2 and tokens[-2] in _COPULAS and lx.color_of(tokens[-1]) is not None  # "if the ball is red"
    if not (set(tokens) & _DECIDABLE_WORDS or _counts(tokens) or tokens[0] == "there" or coloured):
        return ""  # "if the red box is heavy": nothing the robot can tell by looking
    if tokens[0] == "there" and tokens[1:2] in (["is"], ["are"]):
        return " ".join([tokens[1], "there", *tokens[2:]])
    verb = next((k for k, t in enumerate(tokens) if t in _COPULAS), -1)
    if verb <= 0 or not any(lx.kind_of(t) for t in tokens[:verb]):
        return ""
    after = tokens[verb + 1 :]
    if after[:2] in (["on", "the"], ["to", "the"]) and after[2:3] in (["left"], ["right"]) and len(after) == 3:
        after = ["on", "your", after[2]]  # "if the yellow can is on the left": on my left, not the leftmost
    return " ".join([tokens[verb], *tokens[:verb], *after])


# Words that say which one of several a kind-less "one" is ("the nearer one", "the left one").
_WHICH_ONE_WORDS = frozenset({*lx.NEAREST_WORDS, *lx.FARTHEST_WORDS, *lx.LEFT_WORDS, *lx.RIGHT_WORDS, "nearer", "closer",
                              "farther", "further", "bigger", "smaller", "larger", "middle", "other"})


def _which(condition: ObjectRef) -> list[str]:
    """The word that picked the condition's object among several ("the left green bin": left), if one did."""
    return [condition.superlative] if condition.superlative in ("left", "right", "nearest", "farthest", "middle") else []


_PUT_LEMMAS = frozenset({"put", "place", "drop", "move", "bring", "take", "carry", "toss", "throw", "bin", "stash"})


def with_referent(text: str, condition: ObjectRef) -> str:
    """A branch with its first "it", "them" or "there" naming the condition's object, unless the
    branch names that object itself ("go to it" after "if you see a purple box": "go to the purple
    box"; "put the red cube in it" after "if the green bin is there": "... in the green bin")."""
    tokens = re.sub(r"([,;.])", r" \1", text).split()
    if any(o.name == condition.name for o in read_objects(tokens)[0]):
        return text
    at = next((i for i, t in enumerate(tokens) if t in ("it", "them", "there")), -1)
    one = next((i for i, t in enumerate(tokens) if t in ("one", "ones") and i > 0 and not lx.color_of(tokens[i - 1]) and
                (tokens[i - 1] in _WHICH_ONE_WORDS or tokens[i - 1] in lx.ORDINALS)), -1)
    both = next((i for i, t in enumerate(tokens) if t in ("both", "all") and i > 0 and lx.lemma(tokens[i - 1]) in _PUT_LEMMAS
                 and tokens[i + 1 : i + 2] in (["in"], ["into"], ["away"], ["to"], ["inside"])), -1)
    if at < 0 and both > 0 and condition.kind:  # "if there are two cubes, put both in the bin": both cubes
        return re.sub(r" ([,;.])", r"\1", " ".join([*tokens[: both + 1], "the", plural(condition.kind), *tokens[both + 1 :]]))
    named_kinds = [t for k, t in enumerate(tokens) if lx.kind_of(t) and not (k == 0 and t == "bin")]  # "bin the closest one"
    if at < 0 and one > 0 and condition.kind and not named_kinds:
        # "if you see two red boxes, go to the nearer one": the nearer red box
        return re.sub(r" ([,;.])", r"\1", " ".join([*tokens[:one], *condition.name.split(), *tokens[one + 1 :]]))
    if at < 0:
        return text
    name = ["the", *_which(condition), *condition.name.split(), *(["on", "your", condition.side] if condition.side else [])]
    if tokens[at] == "them" and condition.kind:  # "if there are four cubes, put them in the red bin": all of them
        name = ["all", "the", *plural(condition.name).split()]
        if tokens[at + 1 : at + 2] == ["all"]:  # "put them all in ..."
            tokens = [*tokens[: at + 1], *tokens[at + 2 :]]
    if tokens[at] == "there" and not (at > 0 and tokens[at - 1] in ("to", "in", "into")):
        name = ["to", *name]  # "go there": "go to the purple box"
    return re.sub(r" ([,;.])", r"\1", " ".join([*tokens[:at], *name, *tokens[at + 1:]]))
