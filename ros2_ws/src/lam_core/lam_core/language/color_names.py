"""Colour words grounded by what they look like: a colour name the lexicon does not list
("cerise", "tomato", "ochre", "chartreuse") is looked up among about a thousand named colours
(the CSS4 and xkcd colour-survey tables shipped with matplotlib), and its colour is compared with
the world's colours (lam_core.vocabulary.COLOR_RGB) in CIELAB.

A name means a world colour when its hue lies close to that colour's hue, clearly closer than to
any other world colour, it is saturated enough to have a hue at all, and its lightness is not far
off (a dark olive is not yellow). A name with next to no hue ("snow", "steel", "gunmetal") means
white, grey or black by its lightness alone, when it is clearly closer to one of them. Otherwise
it is a colour of the wider world that no object here has, and a goal naming it is refused with
the word, as for "pink" (or "cement", halfway between grey and white), unless an object of a world
colour it looks like (near_world_colors: "cream" looks white, "cement" grey or white) is in view
(lam_core.language.grounding).
"""

from __future__ import annotations

import math
from functools import lru_cache

from lam_core.colorspace import delta_e, hue_diff_deg, lab_lch
from lam_core.vocabulary import ACHROMATIC_COLORS, COLOR_RGB

MAX_HUE_DIFF_DEG = 18.0      # the name's hue within this of a world colour's hue ...
MIN_HUE_MARGIN_DEG = 12.0    # ... and at least this much closer to it than to the next one (or half the hue
                             # gap between the two, when they are close: red and orange)
MIN_CHROMA = 45.0            # less saturated names (beige, sand, slate) have no hue worth naming
MAX_LIGHTNESS_DIFF = 30.0    # CIELAB L* difference allowed
ACHROMATIC_MAX_CHROMA = 12.0  # names below this chroma are white, grey or black (by lightness) ...
ACHROMATIC_MAX_LIGHTNESS_DIFF = 25.0  # ... when their L* is within this of that colour's
ACHROMATIC_MIN_MARGIN = 10.0  # ... and at least this much closer to it than to the next one


@lru_cache(maxsize=1)
def _named_colors() -> dict[str, tuple[float, float, float]]:
    """Single-word colour name -> sRGB: the xkcd survey's (what people call a colour) first, CSS4
    names fill in (CSS "brown" is a dark red, "khaki" a pale yellow: not what people mean)."""
    from matplotlib.colors import CSS4_COLORS, XKCD_COLORS, to_rgb

    table: dict[str, tuple[float, float, float]] = {name: to_rgb(value) for name, value in CSS4_COLORS.items()}
    for name, value in XKCD_COLORS.items():
        word = name.removeprefix("xkcd:")
        if word.isalpha():
            table[word] = to_rgb(value)
    return table


# Shades named after a thing, said before one of the world's colour words, beside the colour survey's own
# ("bottle green", "baby blue", "midnight blue", "fire engine red")
_SHADES_SAID = ("pillar box red", "post box red", "postbox red", "letterbox red", "fire truck red", "school bus yellow",
                "racing green", "british racing green", "traffic cone orange", "taxi yellow", "police blue")


@lru_cache(maxsize=1)
def shade_names() -> dict[str, str]:
    """Colour names of two or more words that end in a world colour's word ("bottle green", "navy blue",
    "light gray") -> that colour: each names a shade of it."""
    from matplotlib.colors import XKCD_COLORS

    names = {name.removeprefix("xkcd:") for name in XKCD_COLORS if " " in name} | set(_SHADES_SAID)
    shades: dict[str, str] = {}
    for name in names:
        head = name.rsplit(" ", 1)[-1].replace("gray", "grey")
        if head in COLOR_RGB and name.replace(" ", "").isalpha():
            shades[name.replace("gray", "grey")] = head
    return shades


@lru_cache(maxsize=1)
def _world_lch() -> dict[str, tuple[float, float, float]]:
    return {name: lab_lch(rgb) for name, rgb in COLOR_RGB.items()}


def ground_color_name(word: str) -> str | None:
    """The world colour ``word`` names, "" for a colour name that means none of them, None when the
    word is not a colour name at all."""
    rgb = _named_colors().get(word.lower())
    if rgb is None:
        return None
    lightness, chroma, hue = lab_lch(rgb)
    world = _world_lch()
    if chroma <= ACHROMATIC_MAX_CHROMA:
        return _by_lightness(lightness, world)
    if chroma < MIN_CHROMA:
        return ""
    ranked = sorted((hue_diff_deg(hue, lch[2]), name) for name, lch in world.items() if name not in ACHROMATIC_COLORS)
    (best_diff, best), (next_diff, runner_up) = ranked[0], ranked[1]
    margin = min(MIN_HUE_MARGIN_DEG, 0.5 * hue_diff_deg(world[best][2], world[runner_up][2]))
    if best_diff > MAX_HUE_DIFF_DEG or next_diff - best_diff < margin:
        return ""
    if abs(lightness - world[best][0]) > MAX_LIGHTNESS_DIFF:
        return ""
    return best


def _by_lightness(lightness: float, world: dict[str, tuple[float, float, float]]) -> str:
    """The achromatic world colour whose L* is clearly the nearest to ``lightness``, else ""."""
    ranked = sorted((abs(lightness - world[name][0]), name) for name in ACHROMATIC_COLORS)
    if not ranked:
        return ""
    best_diff, best = ranked[0]
    next_diff = ranked[1][0] if len(ranked) > 1 else math.inf
    if best_diff > ACHROMATIC_MAX_LIGHTNESS_DIFF or next_diff - best_diff < ACHROMATIC_MIN_MARGIN:
        return ""
    return best


NEAR_DELTA_E = 30.0  # a colour name looks like a world colour within this CIELAB distance (CIE76) of it


# Shades people place between two world colours, whatever the colour tables measure ("amber": a yellow
# or an orange; "silver": a grey or a white), the colour the lexicon reads first
_SHADES_BETWEEN = {"amber": ("yellow", "orange"), "ochre": ("yellow", "orange"), "marigold": ("orange", "yellow"),
                   "apricot": ("orange", "yellow"), "rust": ("red", "orange"), "silver": ("grey", "white"),
                   "silvery": ("grey", "white"), "navy": ("blue", "black"), "indigo": ("blue", "purple"),
                   "violet": ("purple", "blue"), "lilac": ("purple", "white"), "lavender": ("purple", "white")}


def colour_of_no_object(word: str) -> bool:
    """Whether ``word`` names a colour that looks like none of the world's ("teal", "pink"): nothing in view has it."""
    return word.lower() in _named_colors() and not near_world_colors(word)


def near_world_colors(word: str) -> tuple[str, ...]:
    """The world colours a colour name looks like, nearest first: those within NEAR_DELTA_E of it
    ("cream": white; "charcoal": black and grey; "indigo": purple and blue), and those it is said to lie
    between ("amber": yellow and orange); () for a word that is no colour name or looks like none of
    them ("pink", "teal")."""
    between = _SHADES_BETWEEN.get(word.lower(), ())
    rgb = _named_colors().get(word.lower())
    if rgb is None:
        return between
    near = sorted((delta_e(rgb, world), name) for name, world in COLOR_RGB.items())
    return tuple(dict.fromkeys([*(name for distance, name in near if distance <= NEAR_DELTA_E), *between]))
