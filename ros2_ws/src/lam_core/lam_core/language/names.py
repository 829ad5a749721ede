"""Names, owners and roles a person gives the objects in view, and the goals that use them.

"Let's call the black box home base", "the green bin is the recycling", "the left can is Tom's",
"that purple cube's mine", "home base is the black box": each names one object in view. Later goals
say the name instead ("go to home base", "put Tom's can in the recycling"), and the name is read as
that object (by its track id: the same object however it moves in view). "Forget about home base"
forgets a name; saying it of another object renames.

Only the text is read here; which object a phrase means is found by the planner, as for any goal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lam_core.datatypes import DetectedObject
from lam_core.language import lexicon as lx
from lam_core.language.parse import KIND_NOUN_ALTERNATION

MAX_NAME_WORDS = 4  # "the charging dock", "my sister's" [words]

_KINDS = KIND_NOUN_ALTERNATION
_COLOURS = "|".join(sorted({w for words in lx.COLOR_WORDS.values() for w in words} | set(lx.COLOR_WORDS), key=len, reverse=True))
# An object said as in a goal: "the black box", "that purple cube", "the can on the left", "the right one", "purple ball"
_OBJECT = (rf"(?:(?:the|that|this|your) )?(?:(?:big|small|little|tall|short|left|right|near|far|nearer|farther|closer|"
           rf"left-hand|right-hand|{_COLOURS}) )*(?:{_KINDS}|one)(?: (?:on|to) (?:the|your) (?:left|right)| nearest you| "
           rf"closest to you| over there| here| there)?")
_NAME = r"(?:(?:the|my|our|your|his|her|their) )?[a-z][a-z' -]*?"
_OWNER = r"(?P<owner>mine|ours|yours|his|hers|theirs|[a-z]+(?:'s|s'))"
_NAMING_PATTERNS = (
    # "let's call the black box home base", "we'll call the orange cube Bob", "call the point ... the checkpoint"
    re.compile(rf"^(?:(?:ok|okay|so|right|now|and)[, ]+)*(?:let's|lets|let us|we'll|we will|i'll|i will|we can|you can|i want "
               rf"you to|please|i'm|i am|we're|we are)?\s*(?:call|name|nickname|label|calling|naming)(?: of)? (?P<object>{_OBJECT}) "
               rf"(?:as )?['\"]?(?P<name>{_NAME})['\"]?$"),
    # "the black box is called home base"
    re.compile(rf"^(?P<object>{_OBJECT}) (?:is|s|will be) (?:called|named|known as) ['\"]?(?P<name>{_NAME})['\"]?$"),
    # "the left can is Tom's", "that purple cube's mine", "the right-hand can belongs to Sara"
    re.compile(rf"^(?P<object>{_OBJECT})(?: is| s|'s| will be)(?: now)? {_OWNER}(?: now)?$"),
    re.compile(rf"^(?P<object>{_OBJECT}) belongs? to (?P<belongs>me|us|[a-z]+)$"),
    # "from now on the green bin is the recycling", "the yellow ball is the goal", "the red bin's the toy box"
    re.compile(rf"^(?:from now on,? |for now,? |ok,? |okay,? |so,? |right,? |and,? |actually,? |now,? )*(?P<object>{_OBJECT})"
               rf"(?: is| s|'s| will be| can be)(?: now| going to be| gonna be)? (?P<name>(?:the|my|our|your) {_NAME}|[a-z]+'s "
               rf"[a-z]+(?: [a-z]+)?)(?: now)?"
               rf"(?: from now on)?$"),
    # "home base is the black box", "my bin is the grey one", "Mike's cube is the orange one"
    re.compile(rf"^(?:from now on,? |ok,? |okay,? |so,? |right,? |actually,? |now,? )*(?P<name>(?:the|my|our) {_NAME}|"
               rf"[a-z]+'s(?: (?:{_KINDS}))?|mine|[a-z]+(?: [a-z]+){{0,2}})(?: is| s|'s| will be)(?: now)? "
               rf"(?P<object>(?:the|that|this) {_OBJECT})"
               rf"(?: now)?$"),
)
# Words a name may not have: it would say an object ("the left one"), a state ("fragile") or a place
_NOT_IN_A_NAME = frozenset({"one", "ones", "left", "right", "nearest", "closest", "farthest", "furthest", "same", "other", "only",
                            "thing", "things", "object", "objects", "not", "no", "empty", "full", "broken", "fragile", "hot",
                            "heavy", "light", "dirty", "clean", "wet", "new", "old", "there", "here", "way", "problem"})
# A name said of "this" with the object after it: "this is my bin, the blue one", "that's Tom's can, the one on the left"
_THIS_IS_MINE = re.compile(r"^(?:this|that|it)(?: one)?(?:'s| is) (?P<name>(?:my|our) [a-z]+|[a-z]+'s [a-z]+)[,:]? "
                           r"(?P<object>the [a-z -]+?)(?=$|[.;])")
# Said before a name given by a statement: "let's say the green ball is the north pole", "pretend the cone is the goal"
_SUPPOSE = re.compile(r"^(?:let's say|lets say|let us say|say|imagine|pretend|suppose|we'll say|we will say)(?: that)? (?=\S)")
# A tag said after a statement: "let's call the black box home base, ok?"
_TAG_AFTER = re.compile(r"[, ]+(?:ok|okay|alright|all right|right|yeah|yes|got it|understood|please|thanks)\s*[?.!]*$")
# Clauses said before a name that only hesitate or take something back: "hmm no", "scratch that"
_FILLER_CLAUSE = re.compile(r"(?:(?:hmm+|um+|uh+|er+|no|nope|wait|sorry|actually|oh|ok|okay|right|so|well|scratch that|"
                            r"forget that|my mistake|correction)\s*)+")
# First words of a clause "X is the black box" that say no name: "this is the box", "it's the red one"
_NOT_A_NAME_START = frozenset({"it", "this", "that", "there", "here", "which", "what", "who", "where", "he", "she", "they",
                               "yours", "go", "so", "and", "now", "then", "one", "nothing", "everything", "something", "all"})
_FORGET = re.compile(r"^(?:(?:actually|ok|okay|so|and|never mind|nevermind|hmm|oh)[, ]+)*(?:forget|drop|scrap|scratch|ignore) "
                     r"(?:about |that )?(?P<name>[a-z].*)$")


@dataclass(frozen=True)
class GivenName:
    """A name a person gave an object in view: ``said`` as said ("home base", "Tom's"), the object's
    name ("black box") and track id."""

    said: str
    name: str
    track_id: str

    def mentions(self) -> tuple[str, ...]:
        """How later goals may say it: "home base", "the recycling", "Tom's can", "toms", "mine", "my cube"."""
        head = re.sub(r"^(?:the|our|your) ", "", self.said)
        kind = self.name.rpartition(" ")[2]
        kinds = "|".join(sorted({kind, f"{kind}s", *lx.KIND_WORDS.get(kind, ())}, key=len, reverse=True))
        if self.said in ("mine", "my"):
            return (r"mine", rf"my (?:{kinds}|one|thing)")
        owner = re.fullmatch(r"([a-z]+)(?:'s|s')", self.said)
        if owner:
            who = re.escape(owner.group(1))
            return (rf"{who}(?:'s|s|\u2019s| s)(?: (?:{kinds}|one|thing|stuff|things))?",)
        return (rf"(?:the |our |your )?{re.escape(head)}",)


def read_names(goal: str) -> tuple[list[tuple[str, str]], str] | None:
    """The (name, object phrase) pairs a goal gives ("the left can is Tom's, the right one is Jo's":
    [("tom's", "the can on the left"), ("jo's", "the right can")]), and the request said after them
    ("the black can is the prize; fetch the prize": "fetch the prize"); None when it names nothing."""
    text = _TAG_AFTER.sub("", " ".join(goal.lower().replace("\u2019", "'").split()).strip(" .!?"))
    text = _THIS_IS_MINE.sub(r"\g<object> is \g<name>", text)  # "this is my bin, the blue one": the blue bin is my bin
    text = _SUPPOSE.sub("", text.replace(" = ", " is "))  # "let's say the green ball is the north pole", "orange box = home base"
    if len(text) > 200 or text.startswith(("is ", "are ", "which", "what", "where", "how", "who", "whose", "can ", "could ")):
        return None
    parts = re.split(r"(\s*[;,.!]\s*|\s+and\s+|\s+but\s+)", text)  # clauses at even places, what joins them between
    named: list[tuple[str, str]] = []
    kind = ""
    for k in range(0, len(parts), 2):
        if not named and _FILLER_CLAUSE.fullmatch(parts[k].strip()):
            continue  # "hmm no, scratch that, the recycling is the grey one now"
        said = _naming(parts[k].strip())
        if said is None:
            return (named, "".join(parts[k:]).strip()) if named else None
        name, phrase = said
        words = phrase.split()
        name_kind = next((found for w in name.split() if (found := lx.kind_of(w))), "")
        if words[-1] == "one" and name_kind:  # "Mike's cube is the orange one"
            phrase, words = " ".join([*words[:-1], name_kind]), [*words[:-1], name_kind]
        if words[-1] == "one" and kind:  # "the right one is Jo's" after "the left can is Tom's"
            phrase = " ".join([*words[:-1], kind])
        elif words[-1] != "one":
            kind = words[-1]
        named.append((name, "the " + re.sub(r"^(?:the|that|this|your) ", "", phrase)))
    return (named, "") if named else None


def _naming(clause: str) -> tuple[str, str] | None:
    for pattern in _NAMING_PATTERNS:
        said = pattern.match(clause)
        if said is None:
            continue
        groups = said.groupdict()
        if groups.get("owner"):
            owner = groups["owner"]
            name = "mine" if owner == "mine" else "ours" if owner == "ours" else owner.replace("s'", "'s")
            if owner in ("yours", "his", "hers", "theirs"):
                return None  # whose is "his"? said of someone not named
        elif groups.get("belongs"):
            name = "mine" if groups["belongs"] in ("me", "us") else f"{groups['belongs']}'s"
        else:
            name = re.sub(r"(?: (?:instead|then|too|now|please|from now on))+$", "", groups["name"].strip(" '\""))
            words = name.split()
            bare = [w for w in words if w not in ("the", "my", "our", "your", "his", "her", "their")]
            if not bare or len(words) > MAX_NAME_WORDS or set(words) & _NOT_IN_A_NAME or any(lx.color_of(w) for w in bare) or \
                    (len(bare) == 1 and lx.kind_of(bare[0]) and words[0] not in ("my", "our")) or bare[0] in _NOT_A_NAME_START:
                return None  # "the box is the red one", "the cube is the only one", "the bin is the box", "this is the box"
        return name, groups["object"]
    return None


def forgotten(goal: str, names: tuple[GivenName, ...]) -> tuple[GivenName, str] | None:
    """The name a goal forgets ("forget about home base", "never mind, forget the recycling thing"),
    with what is said after it ("forget Spike, call it Rex instead": "call it Rex instead"), or None."""
    text = " ".join(goal.lower().replace("\u2019", "'").split()).strip(" .!?")
    said = _FORGET.match(text)
    if said is None:
        return None
    for given in names:
        for mention in given.mentions():
            named = re.match(rf"{mention}(?: thing| name| idea| bit)?(?: now| please)?(?:$|[,;.]\s*(?P<rest>.*))", said.group("name"))
            if named:
                return given, (named.group("rest") or "").strip()
    return None


def with_names(goal: str, names: tuple[GivenName, ...], objects: tuple[DetectedObject, ...]) -> str:
    """The goal with each name given before said as the object it names ("go to home base": "go to
    the black box"; of two blue cans, "put Tom's can in the bin": "put the leftmost blue can in
    the bin"). Names whose object is not in view are left as said."""
    for given in sorted(names, key=lambda n: -len(n.said)):
        target = next((o for o in objects if o.track_id == given.track_id), None)
        if target is None:
            continue
        for mention in given.mentions():
            goal = re.sub(rf"(?<![a-z']){mention}(?![a-z])", _phrase_for(target, objects), goal, flags=re.IGNORECASE)
    return goal


def _phrase_for(target: DetectedObject, objects: tuple[DetectedObject, ...]) -> str:
    """A phrase that names ``target`` alone among ``objects``: "the black box", "the leftmost blue can"."""
    alike = [o for o in objects if o.name == target.name]
    if len(alike) < 2:
        return f"the {target.name}"
    by_y = sorted(alike, key=lambda o: o.position_m[1])
    if target is by_y[-1]:
        return f"the leftmost {target.name}"
    if target is by_y[0]:
        return f"the rightmost {target.name}"
    by_range = sorted(alike, key=lambda o: o.distance_m)
    return f"the nearest {target.name}" if target is by_range[0] else f"the farthest {target.name}" \
        if target is by_range[-1] else f"the {target.name}"


REST = "rest"  # what a bin said to take "everything else" is for


@dataclass(frozen=True)
class BinPurpose:
    """What a person said a bin in view is for: ``what`` a kind ("cube") or a colour ("red"), the bin's
    name ("grey bin") and track id."""

    what: str
    name: str
    track_id: str

    def things(self) -> str:
        """What goes in it, as said back: "cubes", "red things", "everything else"."""
        return "everything else" if self.what == REST else f"{self.what}s" if self.what in lx.KIND_WORDS \
            else f"{self.what} things"

    def fits(self, obj: DetectedObject) -> bool:
        return obj.label == self.what or obj.color == self.what


_BIN = rf"(?P<bin>(?:the |that |this )?(?:(?:{_COLOURS}|left|right|middle|nearest|far|near) )*(?:bin|one))"
_WHAT = rf"(?:the |all the |any |all )?(?P<what>(?:{_COLOURS}) (?:stuff|things|ones|objects|items)|(?:{_KINDS})s?|(?:{_KINDS}))"
_PURPOSE_PATTERNS = (
    # "the grey bin is for cubes", "the red bin is for red stuff only", "the white bin's for cubes only"
    re.compile(rf"^(?:from now on,? |and |so |ok,? |okay,? )*{_BIN}(?: is|'s| s| will be) (?:only )?(?:for|where) {_WHAT}"
               rf"(?: only| go| goes)?(?: from now on)?$"),
    # "cubes go in the red bin from now on", "cans belong in the green bin", "and cans go into the grey one"
    re.compile(rf"^(?:from now on,? |and |so |ok,? |okay,? |then )*{_WHAT} (?:go|goes|belong|belongs|should go) (?:in|into|inside) "
               rf"{_BIN}(?: from now on)?(?:,? not (?:in )?the [a-z ]+)?$"),
    # "the yellow bin, that's where cans go"
    re.compile(rf"^{_BIN}(?:,)? (?:that's|that is|thats) where {_WHAT} (?:go|goes|belong|belongs)$"),
    # "the blue bin takes everything else", "the rest go in the green bin"
    re.compile(rf"^{_BIN}(?: is| s|'s)? (?:takes|gets|is for|for) (?P<what>everything else|the rest|anything else|all the rest)$"),
    re.compile(rf"^(?P<what>everything else|the rest|anything else|all the rest) (?:go|goes|belong|belongs) (?:in|into) {_BIN}$"),
)
# What asks for a thing to go where it belongs: "put the yellow cube where cubes go", "purple cube first, where it belongs"
_WHERE_IT_BELONGS = re.compile(r"\b(?:(?:in|into) )?(?:where (?:the )?(?:[a-z]+s|it|they|that|this) (?:go|goes|belong|belongs)|"
                               r"(?:in|into) (?:its|their) (?:own )?bins?)\b")
# Asked to put things away: "put the can and the red cube away", "put the purple cube away please"
_PUT_AWAY = re.compile(r"^(?:(?:ok|okay|now|so|please)[, ]+)*(?:put|tidy|clear|stow) (?P<things>(?:the|that|this) [a-z ,]+?) away"
                       r"(?: (?:please|now))*[.!]*$")
# Asked to sort by the purposes said: "sort them", "sort them please", "sort everything", "tidy up", "put everything away"
_SORT = re.compile(r"^(?:(?:ok|okay|now|so|right|please|go on)[, ]+)*(?:sort|tidy|put away|put|clear)(?: (?:them|it|things|"
                   r"everything|it all|them all|all of them|the lot|stuff))?(?: (?:up|out|away))?(?: (?:please|now))*[.!]*$")


def read_purposes(goal: str) -> list[tuple[str, str]] | None:
    """The (what, bin phrase) pairs a goal says bins are for ("grey bin is for cubes, green bin is for
    cans": [("cube", "grey bin"), ("can", "green bin")]); None when it says none, or more than that."""
    text = _TAG_AFTER.sub("", " ".join(goal.lower().replace("\u2019", "'").split()).strip(" .!?"))
    if len(text) > 200:
        return None
    parts = [p.strip() for p in re.split(r"\s*[;,.:]\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[a-z]+\s+(?:bin|one)\b|[a-z]+s\s+(?:go|belong))",
                                         text) if p.strip()]
    said: list[tuple[str, str]] = []
    for part in parts:
        if _FILLER_CLAUSE.fullmatch(part) or re.fullmatch(r"(?:wait|let's switch|lets switch|let's change that|change of plan|"
                                                          r"not (?:in )?the [a-z ]+)", part):
            continue  # "wait, let's switch: cubes go in the red bin from now on, not the blue one"
        found = next((m for p in _PURPOSE_PATTERNS if (m := p.match(part))), None)
        if found is None:
            return None
        what = found["what"].split()
        kind = "can" if what[-1] in ("can", "cans") else lx.kind_of(what[-1].rstrip("s")) or lx.kind_of(what[-1])
        what_said = REST if what[-1] in ("else", "rest") else lx.color_of(what[0]) if len(what) > 1 and lx.color_of(what[0]) \
            else kind
        if not what_said:
            return None
        bin_said = found["bin"] if found["bin"].startswith(("the ", "that ", "this ")) else f"the {found['bin']}"
        said.append((what_said, re.sub(r"^(?:that|this) ", "the ", bin_said.replace(" one", " bin"))))
    return said or None


def with_purposes(goal: str, purposes: tuple[BinPurpose, ...], objects: tuple[DetectedObject, ...]) -> str:
    """The goal with "where it belongs" said as the bin a purpose names ("put the yellow cube where cubes
    go": "put the yellow cube in the red bin"), and "sort them" as each cube and can put into its bin."""
    bins = {p.track_id: o for p in purposes for o in objects if o.track_id == p.track_id}
    if not bins:
        return goal
    movable = [o for o in objects if o.label in ("cube", "can")]
    if _SORT.match(" ".join(goal.lower().split())):
        puts = [f"put {_phrase_for(o, objects)} in the {bin_.name}" for o in movable
                if (bin_ := _bin_for(o, purposes, bins)) is not None]
        return ", then ".join(puts) if puts else goal
    away = _PUT_AWAY.match(" ".join(goal.lower().split()))
    if away:  # "put the can and the red cube away": each into its bin
        puts = []
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", away["things"]):
            fitting = [o for o in movable if o.name in part or (re.search(rf"\b{o.label}s?\b", part) and
                                                               not any(lx.color_of(w) for w in part.split()))]
            bins_for = {b.track_id for o in fitting if (b := _bin_for(o, purposes, bins)) is not None}
            if not fitting or len(bins_for) != 1:
                return goal
            target = bins[next(iter(bins_for))]
            puts.append(f"put {part.strip()} in the {target.name}")
        return ", then ".join(puts)
    said = _WHERE_IT_BELONGS.search(goal.lower())
    if said is None:
        return goal
    kinds_said = re.search(r"\bwhere (?:the )?([a-z]+)s (?:go|belong)", goal.lower())
    named = [o for o in movable if o.name in goal.lower()] or \
        [o for o in movable if kinds_said and o.label == kinds_said.group(1)] or \
        [o for o in movable if re.search(rf"\b{o.label}s?\b", goal.lower())]
    targets = {b.track_id for o in named if (b := _bin_for(o, purposes, bins)) is not None}
    if len(targets) != 1:
        return goal
    target = next(o for o in bins.values() if o.track_id in targets)
    return f"{goal[:said.start()]}in the {target.name}{goal[said.end():]}"


def _bin_for(obj: DetectedObject, purposes: tuple[BinPurpose, ...], bins: dict[str, DetectedObject]) -> DetectedObject | None:
    """The bin in view a purpose said is for ``obj``: by its kind or colour, else the bin for the rest."""
    fitting = [p for p in purposes if p.fits(obj) and p.track_id in bins]
    rest = [p for p in purposes if p.what == REST and p.track_id in bins]
    chosen = fitting[-1] if fitting else rest[-1] if rest else None
    return bins[chosen.track_id] if chosen is not None else None
