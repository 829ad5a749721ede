"""Object references resolved against what the robot perceives now (the Observation's objects,
positions in base_link: x ahead, y left [m]).

A reference resolves to one object in view, to a name alone (a plain "red box" that is not in view:
the robot will look for it), or is refused with what the robot sees: several objects fit and
nothing tells them apart, or nothing in view fits a reference that needs seeing it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from lam_core.colorspace import lab_lch
from lam_core.datatypes import DetectedObject
from lam_core.language import lexicon as lx
from lam_core.language.color_names import ground_color_name, near_world_colors
from lam_core.language.parse import ORDINAL_PLACE, GoalRefused, ObjectRef, UnknownReference, WhichOne
from lam_core.vocabulary import COLOR_RGB, COLORS_TEXT, CONTAINER_LABELS, GRASPABLE_LABELS, LABEL_SHAPES, LABELS, plural

SAME_OBJECT_M = 0.25        # two detections of one colour and kind closer than this are one object [m]
AHEAD_RAD = math.radians(20.0)  # "the box in front of you": within this of straight ahead
SIDE_RAD = math.radians(15.0)  # within this of straight ahead an object is on neither side (as direction says)
SAME_BEARING_RAD = math.radians(25.0)  # "behind" / "in front of": about the same bearing as the anchor
DEPTH_GAP_M = 0.2           # ... and at least this much further / nearer [m]
BESIDE_M = 0.75  # an object this near a bin (centres) is beside it; one in the bin is beside it only if none is [m]
SAME_HEIGHT_RATIO = 1.15    # "the tallest": heights within this ratio are the same height
SAME_SIZE_RATIO = 1.5       # "the biggest": volumes within this ratio are the same size (depth noise on extents)
PLAIN_SIZE_RATIO = 4.0      # "the small one": volumes within this ratio of the smallest are all small
PLAIN_HEIGHT_RATIO = 1.35   # "the tall one": heights within this ratio of the tallest are all tall
BETWEEN_WIDTH = 0.35        # "between a and b": at most this fraction of their distance off the line from a to b
IN_BIN_M = 0.15             # a cube whose centre is this close to a bin's centre (x and y) is in it [m]


def direction(obj: DetectedObject) -> str:
    """'ahead', 'ahead-left', 'to the left', 'behind-left', 'behind' (and right) from the bearing."""
    b = math.degrees(obj.bearing_rad)
    side = "left" if b > 0 else "right"
    a = abs(b)
    if a <= math.degrees(SIDE_RAD):
        return "ahead"
    if a <= 60:
        return f"ahead-{side}"
    if a <= 120:
        return f"to the {side}"
    if a <= 165:
        return f"behind-{side}"
    return "behind"


def where(obj: DetectedObject) -> str:
    """'1.2 m ahead-left'."""
    return f"{obj.distance_m:.1f} m {direction(obj)}"


# How much more a group spreads one way than the other (across the view, y; away from the robot, x) for its
# middle to be read that way alone
MIDDLE_SPREAD_RATIO = 1.5

@dataclass(frozen=True)
class Resolved:
    name: str                      # "red box"
    obj: DetectedObject | None     # the object in view it resolved to; None: not in view (look for it)

    @property
    def object_id(self) -> str:
        return self.obj.track_id if self.obj is not None else ""

    @property
    def label(self) -> str:
        return self.name.split(" ")[-1]

    def describe(self) -> str:
        return f"the {self.name} {where(self.obj)}" if self.obj is not None else f"the {self.name} (not in view)"


def distinct_objects(objects: Sequence[DetectedObject]) -> list[DetectedObject]:
    """The objects with double detections of one object merged (the most confident kept)."""
    kept: list[DetectedObject] = []
    for obj in sorted(objects, key=lambda o: -o.confidence):
        if not any(o.color == obj.color and o.label == obj.label and
                   math.dist(o.position_m[:2], obj.position_m[:2]) < SAME_OBJECT_M for o in kept):
            kept.append(obj)
    return kept


def holds(bin_: DetectedObject, obj: DetectedObject) -> bool:
    """Whether obj stands in the bin: its centre within IN_BIN_M of the bin's centre in x and y."""
    return abs(obj.position_m[0] - bin_.position_m[0]) <= IN_BIN_M and abs(obj.position_m[1] - bin_.position_m[1]) <= IN_BIN_M


def between(obj: DetectedObject, a: DetectedObject, b: DetectedObject) -> bool:
    """Whether obj stands between a and b on the floor: its centre projects onto the middle 80 % of
    the line from a to b, within BETWEEN_WIDTH of that line's length from it."""
    (ax, ay), (bx, by), (px, py) = a.position_m[:2], b.position_m[:2], obj.position_m[:2]
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    if length2 < 1e-6:
        return False
    along = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2
    off = abs((px - ax) * (by - ay) - (py - ay) * (bx - ax)) / math.sqrt(length2)
    return 0.1 <= along <= 0.9 and off <= BETWEEN_WIDTH * math.sqrt(length2)


# The share of its bounding box a shape fills: a ball is pi/6 of its box, a cone pi/12, a bin's
# envelope (open or not, it takes up its box) all of it.
SHAPE_FILL: dict[str, float] = {"box": 1.0, "bin": 1.0, "sphere": math.pi / 6, "cylinder": math.pi / 4,
                                "capsule": math.pi / 4, "cone": math.pi / 12}


class ShadeNotSeen(GoalRefused):
    """An object named with a colour word read by meaning ("the amber cube") is not in view while others
    of its kind are: not looked for on that reading, unless the goal asks to look for it."""


def _shade_word(ref: ObjectRef) -> str:
    """The word the goal said ``ref``'s colour with when it is not the colour's own name ("amber" for
    yellow, "crimson" for red), '' otherwise."""
    if not ref.color:
        return ""
    said = [w for w in ref.text.split() if w not in (ref.color, "gray")
            and (lx.color_of(w) or ground_color_name(w)) == ref.color]
    return said[0] if said else ""


def volume_m3(obj: DetectedObject) -> float:
    """The object's volume as perceived [m^3]: its measured extents filled as its kind's shape is."""
    fill = SHAPE_FILL.get(LABEL_SHAPES.get(obj.label, "box"), 1.0)
    return fill * obj.size_m[0] * obj.size_m[1] * obj.size_m[2]


def _same_size(a: DetectedObject, b: DetectedObject, superlative: str = "largest", plainly: bool = False) -> bool:
    """Sizes too close to call one bigger: volumes within SAME_SIZE_RATIO of each other, or for
    "tallest" and "shortest" heights within SAME_HEIGHT_RATIO; ``plainly`` (a size said plainly, "the
    small one"): within PLAIN_SIZE_RATIO and PLAIN_HEIGHT_RATIO."""
    if superlative in ("tallest", "shortest"):
        low, high = sorted((a.size_m[2], b.size_m[2]))
        return high <= low * (PLAIN_HEIGHT_RATIO if plainly else SAME_HEIGHT_RATIO)
    small, large = sorted((volume_m3(a), volume_m3(b)))
    return large <= small * (PLAIN_SIZE_RATIO if plainly else SAME_SIZE_RATIO)


def _plural(name: str, n: int) -> str:
    return name if n == 1 else plural(name)


def _number(n: int) -> str:
    return ("no", "one", "two", "three", "four", "five", "six")[n] if n < 7 else str(n)


_PLAIN_SIZE_SAID = {"largest": "big", "smallest": "small", "tallest": "tall", "shortest": "short"}
SAME_DISTANCE_M = 0.03  # two objects nearer to being as far as each other than this tie for "nearest" [m]
SAME_GAP_M = 0.01  # two objects as far from a third as each other to within this tie for "the bin nearest the red box" [m]
SAID_DISTANCE_MARGIN_M = 0.3  # of two objects about as far as said, the nearer to it wins by this much [m]


def said_distance_tolerance_m(ref: ObjectRef) -> float:
    """How far from a said distance an object may be and still fit it ("2 m away": 1.4-2.6 m) [m]."""
    return max(0.4, 0.3 * ref.said_distance_m)


def superlative_key(superlative: str) -> Callable[[DetectedObject], float]:
    """The sort key that puts first the object a superlative picks (nearest, farthest, left, right,
    largest, smallest; ahead and anything else: nearest)."""
    keys: dict[str, Callable[[DetectedObject], float]] = {
        "farthest": lambda o: -o.distance_m, "left": lambda o: -o.position_m[1], "right": lambda o: o.position_m[1],
        "largest": lambda o: -volume_m3(o), "smallest": volume_m3,
        "tallest": lambda o: -o.size_m[2], "shortest": lambda o: o.size_m[2],
        "darkest": lambda o: colour_lightness(o.color), "lightest": lambda o: -colour_lightness(o.color)}
    return keys.get(superlative, lambda o: o.distance_m)


def colour_lightness(color: str) -> float:
    """CIELAB lightness L* (0 black .. 100 white) of a world colour as the simulator paints it; 50 for
    a colour the world does not have."""
    rgb = COLOR_RGB.get(color)
    return lab_lch(rgb)[0] if rgb is not None else 50.0


class Grounder:
    """Resolves the references of one goal, in order, against one set of objects."""

    def __init__(self, objects: Sequence[DetectedObject]) -> None:
        self.objects = distinct_objects(objects)
        self.mentioned: list[Resolved] = []
        self.passed_over: frozenset[str] = frozenset()  # track ids not to be chosen while set (see GoalUnderstanding)
        self.looks_alike = True  # a colour word not in view may mean a world colour it looks like that is in view

    def candidates(self, ref: ObjectRef) -> list[DetectedObject]:
        found = [o for o in self.objects if (ref.color is None or o.color == ref.color) and
                 (not o.track_id or o.track_id not in self.passed_over) and
                 (ref.kind is None or o.label == ref.kind) and o.color not in ref.not_colors
                 and o.label not in ref.not_names and o.name not in ref.not_names]
        if ref.contents == "loose":  # "the cube that isn't in a bin": a cube (or can) in no bin
            found = [o for o in found if o.label in GRASPABLE_LABELS
                     and not any(b.label == "bin" and holds(b, o) for b in self.objects)]
        elif ref.contents:  # "the empty bin": a bin with no cube or can in it; "the full bin": one with one
            found = [o for o in found if o.label == "bin" and
                     any(c.label in GRASPABLE_LABELS and holds(o, c) for c in self.objects) == (ref.contents == "full")]
        if ref.side:  # "the nearest box on your right": of those on the right
            sign = 1.0 if ref.side == "left" else -1.0
            found = [o for o in found if sign * o.bearing_rad > SIDE_RAD]
        if ref.said_distance_m > 0.0:  # "the cube 2 m away": about that far, the nearest to it first
            found = sorted((o for o in found if abs(o.distance_m - ref.said_distance_m) <= said_distance_tolerance_m(ref)),
                           key=lambda o: abs(o.distance_m - ref.said_distance_m))
        return found

    def _by_said_distance(self, ref: ObjectRef, found: list[DetectedObject]) -> list[DetectedObject]:
        """Of several objects about as far as said, the one clearly nearest that distance (by
        SAID_DISTANCE_MARGIN_M), else all of them (asked about)."""
        if ref.said_distance_m <= 0.0 or len(found) < 2:
            return found
        gaps = [abs(o.distance_m - ref.said_distance_m) for o in found]
        return found[:1] if gaps[1] - gaps[0] >= SAID_DISTANCE_MARGIN_M else found

    def seen_list(self, objects: Sequence[DetectedObject]) -> str:
        return "; ".join(f"{o.name} {where(o)}" for o in sorted(objects, key=lambda o: o.distance_m))

    def _ambiguous(self, ref: ObjectRef, found: list[DetectedObject]) -> GoalRefused:
        name = ref.name
        return WhichOne(f"I see {_number(len(found))} {_plural(name, len(found))}: {self.seen_list(found)}; which one?",
                        [o.track_id for o in found])

    def _none(self, ref: ObjectRef) -> GoalRefused:
        seen = self.seen_list(self.objects) or "nothing"
        what = f"the {ref.text}" if ref.text else "it"
        if ref.not_colors:
            what = f"a {ref.kind or 'thing'} that is not {' or '.join(ref.not_colors)}"
        if ref.not_names:
            what = f"a {ref.name} that is not a {' or a '.join(ref.not_names)}"
        if ref.contents == "loose":
            what = f"{'any cube' if ref.every else 'a cube'} that is not in a bin"
        elif ref.contents:
            what = f"{'an' if ref.contents == 'empty' else 'a'} {ref.contents} {ref.kind or 'bin'}"
        if ref.said_distance_m:
            what = f"a {ref.name} about {ref.said_distance_m:.1f} m away"
        if ref.side:
            what = f"{'an' if ref.name[:1] in 'aeiou' else 'a'} {ref.name} on my {ref.side}"
        hint = ""
        if ref.kind is None and ref.color and not (ref.superlative or ref.ordinal or ref.relation or ref.not_names):
            what = f"anything {ref.color}"
            hint = f"; say 'look for something {ref.color}' and I will look for it"
        return GoalRefused(f"I don't see {what} here{hint}; I see: {seen}")

    def resolve(self, ref: ObjectRef, antecedent: Resolved | None = None) -> Resolved:
        """The object ``ref`` means; ``antecedent``: what a pronoun or a kind-less "one" refers to."""
        if ref.unknown_color:
            looked_like = self._as_looked_like(ref, ref.unknown_color) if self.looks_alike else None
            if looked_like is None:
                raise GoalRefused(f"nothing here is {ref.unknown_color}; the colours I know are {COLORS_TEXT}")
            ref = looked_like  # "the cream plate" with a white plate in view: the white plate
        if ref.color is not None and ref.color in ref.not_colors:  # "the red box. no, the one that isn't red"
            ref = replace(ref, color=None, text=ref.kind or ref.text)
        if ref.destination and ref.kind is None and not ref.pronoun and ref.text.split()[-1:] == ["one"]:
            ref = replace(ref, kind="bin")  # "put the red cube in the nearer one": where a cube goes is a bin
        if ref.pronoun:
            if antecedent is None and ref.kind == "cube":  # "the cube you are holding"
                raise GoalRefused("I am not holding anything; name the one you mean, e.g. 'the red cube'")
            if antecedent is None:
                raise UnknownReference(ref.text)
            return self._remember(antecedent)
        other_of_kind = ref.other and ref.color is None and antecedent is not None and ref.kind == antecedent.label
        if (ref.kind is None or other_of_kind) and antecedent is not None and (ref.color is not None or ref.other) \
                and not ref.superlative and not ref.ordinal and not ref.relation:
            # "the red box on the left, then the other one": the other red box (any colour when there is none)
            color = ref.color if ref.color is not None else antecedent.name.split(" ")[0]
            # "put it in the yellow one": where a cube goes is a bin, whatever was named before
            label = "bin" if ref.destination and antecedent.label == "cube" else antecedent.label
            ref = ObjectRef(ref.text, color, label, other=ref.other, destination=ref.destination)
        if ref.kind in (None, antecedent.label if antecedent else None) and ref.color is None and antecedent is not None \
                and ref.superlative and not ref.destination and not ref.relation and ref.text.split()[-1:] == ["one"] \
                and antecedent.label in LABELS:
            # "avoid the left red box and go to the right one": the right red box, not the rightmost thing; with one
            # green bin, "don't go to the green bin, go to the one on the right" is the bin on the right
            color, _, label = antecedent.name.rpartition(" ")
            alike = [o for o in self.objects if o.label == label and o.color == color]
            ref = replace(ref, color=(color or None) if len(alike) > 1 else None, kind=label)
        found = self.candidates(ref)
        if ref.relation == "between" and ref.anchor is not None:
            ends = self.between_ends(ref)
            found = [o for o in found if all(o is not e for e in ends) and between(o, *ends)]
            if not found:
                raise GoalRefused(f"I see no {ref.name} between the {ends[0].name} and the {ends[1].name}; "
                                  f"I see: {self.seen_list(self.objects)}")
        elif ref.relation and ref.anchor is not None:
            anchors = self._anchors(ref.anchor)
            found = list({id(o): o for a in anchors for o in self._related(found, a, ref.relation)}.values())
            if not found:
                relation = {"same_color": "of the same colour as", "far_from": "far from", "not_near": "that isn't near",
                            "contains": "with"}.get(ref.relation,
                                                                                              ref.relation.replace("_", " "))
                anchor = f"the {anchors[0].name}" if len(anchors) == 1 else f"any {ref.anchor.name}"
                raise GoalRefused(f"I see no {ref.name} {relation} {anchor}; "
                                  f"I see: {self.seen_list(self.objects)}")
        if ref.other:
            used = {id(r.obj) for r in self.mentioned if r.obj is not None}
            corrected = self._peek(ref.other_than) if ref.other_than is not None else None
            if corrected is not None:
                used.add(id(corrected))
            found = [o for o in found if id(o) not in used]
            if not found and ref.color and not any(lx.color_of(w) for w in ref.text.split()):
                # "the red box, then the other one" with one red box: the other box, whatever its colour
                ref = replace(ref, color=None, text=ref.kind or ref.text)
                found = [o for o in self.candidates(ref) if id(o) not in used]
        if ref.not_superlative:  # "the red box that is not on the left": the one the superlative picks is out
            if not found:
                raise self._none(ref)
            excluded = None
            for place in ref.not_superlative.split("+"):
                if found:
                    excluded = self.picked_by(ref, place, found)
                    found = [o for o in found if o is not excluded]
            if not found and excluded is not None:
                raise GoalRefused(f"the only {ref.name} I see, {where(excluded)}, is the one you ruled out; "
                                  f"I see: {self.seen_list(self.objects)}")
        if ref.superlative or ref.ordinal:
            return self._remember(self._select(ref, found))
        found = self._by_said_distance(ref, found)
        if ref.any_one and len(found) > 1:  # "find any box": the nearest will do
            nearest = min(found, key=lambda o: o.distance_m)
            return self._remember(Resolved(nearest.name, nearest))
        if len(found) == 1:
            return self._remember(Resolved(found[0].name, found[0]))
        if len(found) > 1:
            raise self._ambiguous(ref, found)
        shade = _shade_word(ref)
        looked_like = self._as_looked_like(ref, shade) if shade and self.looks_alike else None
        if looked_like is not None:  # "the charcoal box" with a black box in view and no grey one: the black box
            return self.resolve(looked_like, antecedent)
        if shade and ref.kind and self.candidates(replace(ref, color=None)):
            # "the amber cube" with a red and an orange cube in view: no yellow cube to look for on a guess of the word
            raise ShadeNotSeen(f"I see no {shade} {ref.kind} (I read '{shade}' as {ref.color}); I see: {self.seen_list(self.objects)}")
        if ref.plain and not ref.other and not ref.relation:
            return self._remember(Resolved(ref.name, None))  # not in view: the robot will look for it
        raise self._none(ref)

    def _as_looked_like(self, ref: ObjectRef, word: str) -> ObjectRef | None:
        """``ref`` with the world colour that the colour word ``word`` looks like and that is in view for
        it ("cream": white, "charcoal": black or grey), when one is; WhichOne when objects of two such
        colours are; None when none is (the word is then refused or looked for as before)."""
        colours = [c for c in near_world_colors(word) if c != ref.color]
        seen = {c: found for c in colours if (found := self.candidates(replace(ref, color=c, unknown_color="")))}
        if not seen:
            return None
        if len(seen) > 1:
            both = [o for found in seen.values() for o in found]
            raise WhichOne(f"'{word}' looks like {' or '.join(seen)} to me; I see {self.seen_list(both)}; which one?",
                           [o.track_id for o in both])
        return replace(ref, color=next(iter(seen)), unknown_color="")

    def between_ends(self, ref: ObjectRef) -> tuple[DetectedObject, DetectedObject]:
        """The two objects a "between" names: each of a plural ("between the cubes": there must be
        two of them in view) or the two objects said ("between the red cube and the green bin")."""
        assert ref.anchor is not None
        if ref.anchor2 is None:
            ends = self.candidates(replace(ref.anchor, every=False, count=0))
            if len(ends) != 2:
                raise GoalRefused(f"between which two? I see {_number(len(ends))} "
                                  f"{_plural(replace(ref.anchor, every=False).name, len(ends))}"
                                  f"{': ' + self.seen_list(ends) if ends else ''}")
            return ends[0], ends[1]
        first, second = self.resolve(ref.anchor).obj, self.resolve(ref.anchor2).obj
        if first is None or second is None:
            missing = ref.anchor.name if first is None else ref.anchor2.name
            raise GoalRefused(f"I don't see the {missing}, so I cannot tell what is between; "
                              f"I see: {self.seen_list(self.objects) or 'nothing'}")
        return first, second

    def _anchors(self, anchor: ObjectRef) -> list[DetectedObject]:
        """The objects a relation's anchor may be: the one it resolves to or, when several fit a
        plain description ("the cube next to the bin" with two bins), each of them; the relation
        then picks out the subject, and the subject stays ambiguous only if it does not."""
        if anchor.pronoun:  # "the bin nearest to it": the object named last in this goal
            last = next((r.obj for r in reversed(self.mentioned) if r.obj is not None), None)
            if last is None:
                raise UnknownReference("it")
            return [last]
        try:
            resolved = self.resolve(anchor)
        except GoalRefused:
            several = self.candidates(anchor)
            if len(several) < 2 or anchor.pronoun or anchor.superlative or anchor.ordinal or anchor.relation or anchor.other:
                raise
            return several
        if resolved.obj is None:
            raise self._none(anchor)
        return [resolved.obj]

    def _peek(self, ref: ObjectRef) -> DetectedObject | None:
        """The object ``ref`` means, if it means one, without counting it as mentioned."""
        mentioned = len(self.mentioned)
        try:
            return self.resolve(ref).obj
        except GoalRefused:
            return None
        finally:
            del self.mentioned[mentioned:]

    def _remember(self, resolved: Resolved) -> Resolved:
        self.mentioned.append(resolved)
        return resolved

    def _select(self, ref: ObjectRef, found: list[DetectedObject]) -> Resolved:
        if not found:
            raise self._none(ref)
        if ref.superlative == "ahead":  # the nearest of those about straight ahead
            found = [o for o in found if abs(o.bearing_rad) <= AHEAD_RAD]
            if not found:
                raise GoalRefused(f"I see no {ref.name} straight ahead; I see: {self.seen_list(self.objects) or 'nothing'}")
        if ref.superlative == "middle":
            return self._middle(ref, found)
        if ref.superlative in ("left", "right") and len(found) == 1 and not ref.ordinal and \
                (found[0].bearing_rad < -AHEAD_RAD if ref.superlative == "left" else found[0].bearing_rad > AHEAD_RAD):
            # "go to the box on your right" with one box, on the left: not that one
            raise GoalRefused(f"I see no {ref.name} on my {ref.superlative}: the {found[0].name} is {where(found[0])}; "
                              f"I see: {self.seen_list(self.objects)}")
        if ref.superlative:
            ordered = sorted(found, key=superlative_key(ref.superlative))
            if ref.ordinal == -1 and ref.superlative in ("left", "right"):  # "the last box on the right": the rightmost
                return Resolved(ordered[0].name, ordered[0])
            if ref.ordinal:  # "the second closest"
                return self._nth(ref, ordered)
            if ref.superlative in ("darkest", "lightest") and len(ordered) >= 2 and ordered[0].color == ordered[1].color:
                ties = [o for o in ordered if o.color == ordered[0].color]
                raise WhichOne(f"the {' and the '.join(o.name for o in ties)} are the same colour: "
                               f"{self.seen_list(ties)}; which one?", [o.track_id for o in ties])
            if ref.superlative in ("largest", "smallest", "tallest", "shortest") and len(ordered) >= 2 and \
                    _same_size(ordered[0], ordered[1], ref.superlative, ref.size_plainly):
                ties = [o for o in ordered if _same_size(o, ordered[0], ref.superlative, ref.size_plainly)]
                said = f"I see {_number(len(ties))} {_PLAIN_SIZE_SAID[ref.superlative]} things" if ref.size_plainly else \
                    f"the {' and the '.join(o.name for o in ties)} look the same " \
                    f"{'height' if ref.superlative in ('tallest', 'shortest') else 'size'}"
                raise WhichOne(f"{said}: {self.seen_list(ties)}; which one?", [o.track_id for o in ties])
            if ref.superlative in ("nearest", "farthest") and len(ordered) >= 2 and \
                    abs(ordered[0].distance_m - ordered[1].distance_m) < SAME_DISTANCE_M:
                ties = [o for o in ordered if abs(o.distance_m - ordered[0].distance_m) < SAME_DISTANCE_M]
                what = f"{_number(len(ties))} {_plural(ties[0].name, len(ties))}" \
                    if len({o.name for o in ties}) == 1 else f"the {' and the '.join(o.name for o in ties)}"
                raise WhichOne(f"{what} are as far from me as each other: {self.seen_list(ties)}; which one?",
                               [o.track_id for o in ties])
            return Resolved(ordered[0].name, ordered[0])
        axis = {"distance": lambda o: o.distance_m, "left": lambda o: -o.position_m[1],
                "right": lambda o: o.position_m[1]}[ref.ordinal_axis]
        return self._nth(ref, sorted(found, key=axis))

    def picked_by(self, ref: ObjectRef, place: str, found: list[DetectedObject]) -> DetectedObject | None:
        """The one of ``found`` a position or size ("nearest", "left", "middle") or a rank in distance
        ("ordinal:2": the second nearest) picks, as ``ref`` says it."""
        if place.startswith(ORDINAL_PLACE):
            return self._select(replace(ref, superlative="", ordinal=int(place[len(ORDINAL_PLACE):]), ordinal_axis="distance",
                                        not_superlative=""), found).obj
        return self._select(replace(ref, superlative=place, ordinal=0, not_superlative=""), found).obj

    def _middle(self, ref: ObjectRef, found: list[DetectedObject]) -> Resolved:
        """The one between the others as the robot sees them: of an odd number (one alone is its own
        middle) in a row across the view, the middle left to right by bearing; in a line going away,
        the middle by distance; asked about when they are spread both ways and the two differ. An even
        number has none and is asked about."""
        ordered = sorted(found, key=lambda o: -o.bearing_rad)
        if len(ordered) % 2 == 0:
            raise WhichOne(f"I see {_number(len(ordered))} {_plural(ref.name, len(ordered))}, so none is in the "
                           f"middle: {self.seen_list(ordered)}; which one?", [o.track_id for o in ordered])
        middle = ordered[len(ordered) // 2]
        by_distance = sorted(found, key=lambda o: o.distance_m)[len(ordered) // 2]
        across_m = max(o.position_m[1] for o in found) - min(o.position_m[1] for o in found)
        deep_m = max(o.position_m[0] for o in found) - min(o.position_m[0] for o in found)
        if by_distance is not middle and deep_m >= MIDDLE_SPREAD_RATIO * across_m:
            return Resolved(by_distance.name, by_distance)  # a line going away from the robot: the middle by distance
        if by_distance is not middle and across_m < MIDDLE_SPREAD_RATIO * deep_m:  # neither a row nor a line
            raise WhichOne(f"the {middle.name} {where(middle)} is in the middle from left to right, the {by_distance.name} "
                           f"{where(by_distance)} in the middle by distance; which one?", [middle.track_id, by_distance.track_id])
        return Resolved(middle.name, middle)

    def _nth(self, ref: ObjectRef, ordered: list[DetectedObject]) -> Resolved:
        index = ref.ordinal - 1 if ref.ordinal > 0 else len(ordered) + ref.ordinal
        if not 0 <= index < len(ordered):
            raise GoalRefused(f"I see only {_number(len(ordered))} {_plural(ref.name, len(ordered))}: "
                              f"{self.seen_list(ordered)}")
        return Resolved(ordered[index].name, ordered[index])

    @staticmethod
    def _related(found: list[DetectedObject], anchor: DetectedObject, relation: str) -> list[DetectedObject]:
        others = [o for o in found if o is not anchor]
        if relation == "next_to" and anchor.label in CONTAINER_LABELS:  # what stands in a bin is in it, not beside it,
            beside = [o for o in others if not holds(anchor, o)  # unless nothing else is near the bin
                      and math.dist(o.position_m[:2], anchor.position_m[:2]) <= BESIDE_M]
            others = beside or others
        if relation == "not_near":  # "the cube that isn't near the bin": of those not beside it, the farthest
            others = [o for o in others if math.dist(o.position_m[:2], anchor.position_m[:2]) > BESIDE_M]
            relation = "far_from"
        if relation in ("next_to", "far_from"):  # the nearest (farthest) to the anchor, and any as near (far) as it: a tie
            gaps = sorted((math.dist(o.position_m[:2], anchor.position_m[:2]), k) for k, o in enumerate(others))
            gaps = gaps if relation == "next_to" else gaps[::-1]
            return [others[k] for gap, k in gaps if gaps and abs(gap - gaps[0][0]) < SAME_GAP_M]
        if relation == "same_color":  # every one of them: the subject must still be one object
            return [o for o in others if o.color == anchor.color]
        if relation == "inside":
            return [o for o in others if holds(anchor, o)]
        if relation == "contains":  # "the bin with the red cube in it"
            return [o for o in others if o.label == "bin" and holds(o, anchor)]
        if relation in ("left_of", "right_of"):  # as the robot sees them: a larger bearing is further left
            side = 1.0 if relation == "left_of" else -1.0
            beside = [o for o in others if side * math.remainder(o.bearing_rad - anchor.bearing_rad, math.tau) > 0.0]
            return sorted(beside, key=lambda o: math.dist(o.position_m[:2], anchor.position_m[:2]))[:1]
        same_line = [o for o in others if abs(math.remainder(o.bearing_rad - anchor.bearing_rad, math.tau)) <= SAME_BEARING_RAD]
        if relation == "behind":
            line = [o for o in same_line if o.distance_m > anchor.distance_m + DEPTH_GAP_M]
        else:
            line = [o for o in same_line if o.distance_m < anchor.distance_m - DEPTH_GAP_M]
        return sorted(line, key=lambda o: _off_the_line_m(o, anchor) + 0.3 * math.dist(o.position_m[:2], anchor.position_m[:2]))[:1]


def _off_the_line_m(obj: DetectedObject, anchor: DetectedObject) -> float:
    """How far ``obj`` lies to the side of the line from the robot through ``anchor`` [m, base_link]:
    what is behind an object (or in front of it) is on that line, and the nearest along it of those as
    near the line (the sort key adds 0.3 of the gap to the anchor)."""
    ax, ay = anchor.position_m[:2]
    norm = math.hypot(ax, ay) or 1.0
    return abs(obj.position_m[0] * ay - obj.position_m[1] * ax) / norm


_ORDERS: tuple[tuple[tuple[str, ...], Callable[[DetectedObject], float]], ...] = (
    (("left", "to", "right"), lambda o: -o.position_m[1]), (("from", "the", "left"), lambda o: -o.position_m[1]),
    (("left", "first"), lambda o: -o.position_m[1]), (("leftmost", "first"), lambda o: -o.position_m[1]),
    (("right", "to", "left"), lambda o: o.position_m[1]), (("from", "the", "right"), lambda o: o.position_m[1]),
    (("right", "first"), lambda o: o.position_m[1]), (("rightmost", "first"), lambda o: o.position_m[1]),
    (("farthest", "first"), lambda o: -o.distance_m), (("furthest", "first"), lambda o: -o.distance_m),
    (("farthest", "to"), lambda o: -o.distance_m), (("furthest", "to"), lambda o: -o.distance_m),
    (("far", "to", "near"), lambda o: -o.distance_m))


def visiting_order(text: str) -> Callable[[DetectedObject], float]:
    """The order in which a goal says to take each of several objects ("from left to right",
    "farthest first"); nearest first when it says none."""
    words = text.split()
    return next((key for run, key in _ORDERS if any(tuple(words[i : i + len(run)]) == run for i in range(len(words)))),
                lambda o: o.distance_m)


def said_order(tokens: list[str]) -> tuple[list[str], Callable[[DetectedObject], float] | None]:
    """The tokens without an order phrase ("from left to right", "farthest first") and the order it
    says (None when none)."""
    for run, key in _ORDERS:
        for i in range(len(tokens)):
            if tuple(tokens[i : i + len(run)]) == run:
                start = i - 1 if run[0] != "from" and tokens[i - 1 : i] == ["from"] else i
                return [*tokens[:start], *tokens[i + len(run) :]], key
    return tokens, None
