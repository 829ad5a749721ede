"""What the robot can name: object colours and labels shared by perception, planner and scenarios."""

from __future__ import annotations

# Colour name -> OpenCV hue intervals (H in 0..179) that the hue-band detector accepts for it. White,
# black and grey have no hue: the hue-band baseline cannot name them.
COLOR_HUES: dict[str, tuple[tuple[int, int], ...]] = {
    "red": ((0, 7), (172, 179)),
    "yellow": ((20, 34), ),
    "green": ((45, 85), ),
    "blue": ((100, 130), ),
    "orange": ((8, 17), ),
    "purple": ((131, 160), ),
}

# Colour name -> the colour as sRGB in 0..1: what the simulator paints and what colour names of the
# wider world are compared with (lam_core.language.color_names).
COLOR_RGB: dict[str, tuple[float, float, float]] = {
    "red": (0.85, 0.10, 0.10),
    "green": (0.10, 0.70, 0.15),
    "blue": (0.10, 0.25, 0.85),
    "yellow": (0.90, 0.80, 0.10),
    "orange": (0.95, 0.42, 0.06),
    "purple": (0.40, 0.08, 0.55),
    "white": (0.92, 0.92, 0.90),
    "black": (0.06, 0.06, 0.07),
    "grey": (0.45, 0.45, 0.46),
}
assert set(COLOR_HUES) <= set(COLOR_RGB), "every hue-band colour is a vocabulary colour"
# The vocabulary colours without a hue (told apart by lightness alone, CIELAB chroma below 5).
ACHROMATIC_COLORS: tuple[str, ...] = tuple(c for c in COLOR_RGB if c not in COLOR_HUES)

# Object label -> nominal full extents (x, y, z) [m]: diameter, diameter, height for the round kinds.
LABEL_SIZES_M: dict[str, tuple[float, float, float]] = {
    "box": (0.30, 0.30, 0.30),
    "cube": (0.05, 0.05, 0.05),
    "bin": (0.30, 0.30, 0.12),
    "ball": (0.16, 0.16, 0.16),
    "can": (0.055, 0.055, 0.10),
    "bottle": (0.07, 0.07, 0.24),
    "plate": (0.22, 0.22, 0.03),
    "cone": (0.20, 0.20, 0.25),
}
# Object label -> the simulator's shape for it (lam_core.scenarios.ObjectSpec.shape).
LABEL_SHAPES: dict[str, str] = {
    "box": "box", "cube": "box", "bin": "bin", "ball": "sphere", "can": "cylinder", "bottle": "capsule",
    "plate": "cylinder", "cone": "cone",
}
assert set(LABEL_SHAPES) == set(LABEL_SIZES_M), "every kind needs its shape"
# What the gripper picks up (top-down, between the fingers, open 8 cm): a 5 cm cube, a 5.5 cm can.
GRASPABLE_LABELS: tuple[str, ...] = ("cube", "can")
GRASPABLE_TEXT = "cubes and cans"
CONTAINER_LABELS: tuple[str, ...] = ("bin",)     # what things are put into
# The kinds the hue-band baseline tells apart (by height alone): the first world's three.
HUE_DETECTOR_LABELS: tuple[str, ...] = ("box", "cube", "bin")

COLORS: tuple[str, ...] = tuple(COLOR_RGB)
LABELS: tuple[str, ...] = tuple(LABEL_SIZES_M)


def _listed(words: tuple[str, ...]) -> str:
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


def plural(noun: str) -> str:
    """The plural of a kind noun ("boxes", "cubes")."""
    return noun + ("es" if noun.endswith("x") else "s")


COLORS_TEXT = _listed(COLORS)            # "red, yellow, ... and grey", for what the robot says
KINDS_TEXT = _listed(tuple(map(plural, LABELS)))


def known_object_names() -> list[str]:
    return [f"{c} {label}" for label in LABELS for c in COLORS]
