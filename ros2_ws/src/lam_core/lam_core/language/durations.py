"""Times said with a request, read before its clauses are: a limit on how long a step may take
("find the purple box within a minute", "look for no more than 30 seconds", "give up after two
minutes"), how long to keep at it or stay ("wait 5 seconds", "stay at the green bin for ten
seconds", "look around for half a minute"), and how long to wait first ("after 10 seconds, go to the
red box"). Each becomes one token (``limit-60.0``, ``for-60.0``, ``after-60.0``, in seconds) where it
was said, which the clause reader takes off (``take_times``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lam_core.language import lexicon as lx
from lam_core.language.motion import DISTANCE_UNITS_M

TIME_UNITS_S = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "min": 60.0, "mins": 60.0,
                "minute": 60.0, "minutes": 60.0, "hour": 3600.0, "hours": 3600.0, "hr": 3600.0, "hrs": 3600.0}
MAX_SAID_TIME_S = 600.0  # the longest limit or wait a goal may set [s]
MIN_SAID_TIME_S = 1.0    # the shortest [s]

_TEENS = {"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_VAGUE_AMOUNTS = {("a", "couple", "of"): 2.0, ("couple", "of"): 2.0, ("a", "few"): 3.0, ("few",): 3.0, ("several",): 5.0}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")

# What comes before an amount of time, longest first within each kind.
_LIMIT_LEADS = tuple(tuple(p.split()) for p in (
    "for no more than", "for not more than", "for no longer than", "for a maximum of", "for at most", "for up to",
    "for less than", "in no more than", "in less than", "in under", "no more than", "not more than", "no longer than",
    "not longer than", "a maximum of", "at most", "up to", "less than", "within", "under", "max", "maximum", "in",
    "give up after", "giving up after", "stop looking after", "stop searching after", "quit after", "stop after"))
_OVER_LEADS = tuple(tuple(p.split()) for p in ("for more than", "for longer than", "more than", "longer than",
                                                "for over", "over"))
# Units a time may divide, as in a speed ("0.2 metres a second", "1 km an hour").
_PER_TIME_UNITS = frozenset(DISTANCE_UNITS_M)
# Verbs of going that make "in <time>" at the end of a request a wait first ("go to the red box in a
# minute"); after others it is a time limit ("find the purple box in 30 seconds").
_GOING_VERBS = frozenset({"go", "drive", "head", "come", "move", "navigate", "visit", "return", "travel", "proceed"})
_WAIT_VERBS = frozenset({"wait", "pause", "stay", "hold", "remain", "linger", "sit"})
_SPEND_VERBS = frozenset({"spend", "take", "use"})
_NEGATIONS = (("do", "not"), ("dont",), ("never",), ("does", "not"))
_IDIOM_UNITS = frozenset({"second", "sec", "minute", "min"})
LIMIT, FOR, AFTER = "limit-", "for-", "after-"


@dataclass(frozen=True)
class SaidTimes:
    """The times a clause says [s]; 0 for none."""

    limit_s: float = 0.0  # each of the clause's moving steps may take at most this long
    for_s: float = 0.0    # how long to keep at it (a search) or stay (a wait)
    after_s: float = 0.0  # how long to wait before the clause's steps


def _number_before(tokens: list[str], end: int) -> tuple[float, int] | None:
    """The number said in tokens[..end) and where it starts: digits, "a"/"an", "half a", "forty
    five", "a couple of", "a few"."""
    if end <= 0:
        return None
    for words, value in _VAGUE_AMOUNTS.items():
        if tuple(tokens[end - len(words) : end]) == words:
            return value, end - len(words)
    last = tokens[end - 1]
    if _DIGITS.fullmatch(last):
        return float(last), end - 1
    if last in ("a", "an", "one"):
        if tokens[end - 2 : end - 1] == ["half"]:
            return 0.5, end - 2  # "half a minute"
        return 1.0, end - 1
    ones = lx.NUMBER_WORDS.get(last) if last != "no" else None
    if ones is not None and end >= 2 and tokens[end - 2] in _TENS and 0 < ones < 10:
        return float(_TENS[tokens[end - 2]] + ones), end - 2  # "forty five"
    if ones is not None:
        return float(ones), end - 1
    if last in _TEENS or last in _TENS:
        return float(_TEENS.get(last) or _TENS[last]), end - 1
    return None


def _names_a_thing(token: str) -> bool:
    return bool(lx.color_of(token) or lx.kind_of(token)) or token in lx.ANY_KIND_WORDS


def _phrase_before(tokens: list[str], end: int, phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    return next((p for p in sorted(phrases, key=len, reverse=True) if end >= len(p) and tuple(tokens[end - len(p) : end]) == p),
                None)


def said_times(tokens: list[str]) -> list[str]:
    """``tokens`` with each time said in them as one token (LIMIT, FOR or AFTER and the seconds);
    a time it cannot place is left as it was."""
    out = list(tokens)
    i = 0
    while i < len(out):
        unit = TIME_UNITS_S.get(out[i])
        number = _number_before(out, i) if unit is not None else None
        if unit is None or number is None or (out[i] == "s" and not _DIGITS.fullmatch(out[i - 1])) or \
                (out[i] == "second" and i + 1 < len(out) and _names_a_thing(out[i + 1])):  # "a second red box"
            i += 1
            continue
        value, start = number
        if start > 0 and out[start] in ("a", "an", "per", "each") and out[start - 1] in _PER_TIME_UNITS:
            i += 1
            continue  # "0.2 metres a second": a speed, not a time
        said_from = max((k + 1 for k in range(start) if out[k] in (",", ".", ";", "-")), default=0)
        if value == 1.0 and out[i] in _IDIOM_UNITS and all(t in lx.HESITATION_WORDS for t in out[said_from:start]) \
                and out[i + 1 : i + 2] in ([","], ["."], ["-"], [";"]):
            i += 1
            continue  # "hang on a second, go to the blue box": a pause before the request, not a wait
        end = i + 1
        if out[end : end + 3] == ["and", "a", "half"]:  # "a minute and a half"
            value, end = value + 0.5, end + 3
        seconds = value * unit
        kind, lead = FOR, None
        if (lead := _phrase_before(out, start, _LIMIT_LEADS)) is not None:
            kind = LIMIT
            if lead == ("in",) and not any(t[0].isalpha() for t in out[: start - 1] if t not in ("and", "then", ",")):
                kind = AFTER  # "in ten seconds, go to the red box": a wait first
            elif lead == ("in",) and (end == len(out) or out[end] in (".", "!", "please", ";")) and \
                    {lx.lemma(t) for t in out[: start - 1]} & _GOING_VERBS:
                kind = AFTER  # "go to the red box in a minute": from now, so a wait first ("get there in 10 s": a limit)
        elif (lead := _phrase_before(out, start, _OVER_LEADS)) is not None:
            kind = LIMIT  # "don't look for more than 30 seconds": the negation is about the time, not the search
            before = out[: start - len(lead)]
            negation = next(((k, n) for k in range(len(before) - 1, -1, -1)
                             for n in _NEGATIONS if tuple(before[k : k + len(n)]) == n), None)
            if negation is None:
                i = end
                continue  # "look for more than 30 seconds": no limit said
            k, n = negation
            del out[k : k + len(n)]
            start, end = start - len(n), end - len(n)
        elif (lead := _phrase_before(out, start, (("after",),))) is not None:
            kind = AFTER
        elif (lead := _phrase_before(out, start, (("for",),))) is None and start > 0 and out[start - 1] not in _WAIT_VERBS:
            lead = ()  # "turn left 3 seconds": a time all the same, never a distance
        first = start - len(lead or ())
        if first > 0 and out[first - 1] in _SPEND_VERBS:  # "spend no more than 20 seconds looking for ...", "take a minute to ..."
            first -= 1
            kind = LIMIT
            if out[end : end + 1] == ["to"]:
                end += 1
        waited = ["wait"] if kind == FOR and out[max(0, first - 2) : first] in (["give", "me"], ["give", "us"]) else []
        first -= 2 if waited else 0  # "give me 10 seconds, then ...": a wait
        out[first:end] = [*waited, f"{kind}{seconds:g}"]
        i = first + 1 + len(waited)
    return out


def take_times(tokens: list[str]) -> tuple[SaidTimes, list[str]]:
    """The times of a clause (the tokens said_times made) and its tokens without them."""
    said = {LIMIT: 0.0, FOR: 0.0, AFTER: 0.0}
    rest: list[str] = []
    for t in tokens:
        kind = next((k for k in said if t.startswith(k) and _DIGITS.fullmatch(t[len(k):])), None)
        if kind is None:
            rest.append(t)
        else:
            said[kind] = float(t[len(kind):])
    return SaidTimes(said[LIMIT], said[FOR], said[AFTER]), rest


def is_time_token(token: str) -> bool:
    return any(token.startswith(k) and _DIGITS.fullmatch(token[len(k):]) is not None for k in (LIMIT, FOR, AFTER))
