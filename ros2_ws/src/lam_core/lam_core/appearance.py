"""How a scene looks, apart from what is in it: lights, floor and wall surfaces, object surface
patterns and the camera's image pipeline (exposure, white balance, noise).

The look is its own axis beside the scenario split (which draws the layout): ``default`` is the
fixed look every family was built with; ``randomised`` is domain randomisation for training
perception; the held-out looks step outside what ``randomised`` draws:

  light     colour casts stronger than any in training (daylight blue, sodium orange, green
            fluorescent), light down to 1/8 of the default, hard shadows from a low side light
  texture   floor, wall and object patterns never drawn in training (stripes, wood-like noise,
            strong checkers on the objects)
  clutter   twice the distractors of training, close hues no goal names (amber, indigo, pink,
            cyan, lime) besides the named training ones (brown, magenta, teal, beige, tan, peach), on
            objects of kinds no goal names, some partly hiding others

Colours are linear RGB in 0..1. Everything is drawn from a seeded RNG: the same (look, seed)
always gives the same appearance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from lam_core.errors import SimError

LOOKS = ("default", "randomised", "light", "texture", "clutter")
HELDOUT_LOOKS = ("light", "texture", "clutter")
TRAINING_LOOKS = ("default", "randomised")  # what training (perception and policy) may draw
_LOOK_SALT = {look: 0xA99E_0000 + i * 0x1_0000_0000 for i, look in enumerate(LOOKS)}


@dataclass(frozen=True)
class Light:
    """A directional light: direction it shines along (world frame, unit-free), colour, shadows."""

    direction: tuple[float, float, float]
    diffuse: tuple[float, float, float]
    cast_shadow: bool = False


@dataclass(frozen=True)
class Surface:
    """A surface pattern: ``flat`` (rgb1 only), ``checker``, ``noise`` (speckles of rgb2 over rgb1),
    ``stripes`` (gradient bands) or ``wood`` (rgb1 with fine noise of rgb2); ``repeat`` tiles per metre."""

    pattern: str
    rgb1: tuple[float, float, float]
    rgb2: tuple[float, float, float]
    repeat: float = 1.0


@dataclass(frozen=True)
class CameraPipeline:
    """The colour camera's image pipeline, applied to the rendered frame in this order:
    sensor white-balance error (per-channel gain), exposure error (gain), auto exposure (mean
    luminance towards ``ae_target`` within a gain limit), auto white balance (grey-world, partial by
    ``awb_strength`` 0..1), Gaussian noise (``noise_sigma`` in 8-bit counts)."""

    channel_gain: tuple[float, float, float] = (1.0, 1.0, 1.0)
    exposure_gain: float = 1.0
    auto_exposure: bool = False
    ae_target: float = 0.42
    ae_max_gain: float = 8.0
    awb_strength: float = 0.0
    noise_sigma: float = 0.0

    @property
    def is_identity(self) -> bool:
        return (self.channel_gain == (1.0, 1.0, 1.0) and self.exposure_gain == 1.0 and not self.auto_exposure
                and self.awb_strength == 0.0 and self.noise_sigma == 0.0)


@dataclass(frozen=True)
class Appearance:
    """The look of one scene."""

    name: str = "default"
    ambient: tuple[float, float, float] = (0.45, 0.45, 0.45)   # headlight ambient
    headlight: tuple[float, float, float] = (0.5, 0.5, 0.5)    # headlight diffuse
    lights: tuple[Light, ...] = (Light((0.2, 0.1, -1.0), (0.6, 0.6, 0.6)),)
    floor: Surface = Surface("checker", (0.52, 0.52, 0.52), (0.47, 0.47, 0.47), 1.0)
    wall: Surface = Surface("flat", (0.78, 0.76, 0.72), (0.78, 0.76, 0.72))
    object_pattern: str = "flat"     # pattern over each object's own colour: flat, checker, stripes, noise
    shadow_size: int = 0             # shadow map size (0: no shadows)
    camera: CameraPipeline = field(default_factory=CameraPipeline)
    distractors: int = 0             # extra objects no goal names (see scenarios)
    occluders: bool = False          # distractors may stand between the robot and named objects


def _rgb(rng: random.Random, lo: float, hi: float) -> tuple[float, float, float]:
    g = rng.uniform(lo, hi)
    return (g, g, g)


def _tint(base: tuple[float, float, float], cast: tuple[float, float, float]) -> tuple[float, float, float]:
    return (base[0] * cast[0], base[1] * cast[1], base[2] * cast[2])


def _cast(rng: random.Random, strength: float) -> tuple[float, float, float]:
    """A colour cast along the warm-cool axis (with a little green-magenta), at most ``strength``."""
    t = rng.uniform(-strength, strength)     # >0 warm, <0 cool
    g = rng.uniform(-strength, strength) * 0.3
    return (1.0 + t, 1.0 + g, 1.0 - t)


def _camera(rng: random.Random, wb_error: float, noise: tuple[float, float]) -> CameraPipeline:
    return CameraPipeline(
        channel_gain=_cast(rng, wb_error),
        exposure_gain=rng.uniform(0.8, 1.2),
        auto_exposure=True,
        awb_strength=rng.uniform(0.6, 0.9),
        noise_sigma=rng.uniform(*noise),
    )


def _randomised(rng: random.Random) -> Appearance:
    """Domain randomisation for training perception: mild casts, 0.5-1.3 of the default light,
    grey/brown floors (flat, checker, noise), light walls, flat or speckled objects."""
    cast = _cast(rng, 0.18)
    level = rng.uniform(0.5, 1.3)
    sun = Light((rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6), -1.0), _tint(_rgb(rng, 0.45, 0.7), cast),
                cast_shadow=rng.random() < 0.5)
    floor_base = (rng.uniform(0.35, 0.6), rng.uniform(0.33, 0.55), rng.uniform(0.3, 0.52))
    floor = Surface(rng.choice(("flat", "checker", "noise")), floor_base,
                    tuple(c * rng.uniform(0.8, 0.95) for c in floor_base), rng.uniform(0.5, 2.0))  # type: ignore[arg-type]
    return Appearance(
        name="randomised",
        ambient=_tint(_rgb(rng, 0.3, 0.5), cast),
        headlight=_tint((0.5 * level,) * 3, cast),
        lights=(Light(sun.direction, tuple(c * level for c in sun.diffuse), sun.cast_shadow),),  # type: ignore[arg-type]
        floor=floor,
        wall=Surface("flat", _rgb(rng, 0.65, 0.85), _rgb(rng, 0.65, 0.85)),
        object_pattern=rng.choice(("flat", "flat", "noise")),
        shadow_size=1024 if sun.cast_shadow else 0,
        camera=_camera(rng, 0.1, (0.0, 3.0)),
        distractors=rng.randint(1, 4),
        occluders=False,
    )


STRONG_CASTS = {  # light colour multipliers well outside _cast(0.18)
    "daylight_blue": (0.62, 0.85, 1.35),
    "sodium_orange": (1.4, 0.85, 0.45),
    "fluorescent_green": (0.8, 1.3, 0.8),
    "warm_incandescent": (1.35, 1.0, 0.6),
}


def _light(rng: random.Random) -> Appearance:
    base = _randomised(rng)
    kind = rng.choice((*STRONG_CASTS, "dim", "low_side"))
    cast = STRONG_CASTS.get(kind, (1.0, 1.0, 1.0))
    level = 0.125 if kind == "dim" else rng.uniform(0.7, 1.1)
    if kind == "low_side":  # low sun through a window: hard shadows, one side lit
        lights = (Light((rng.choice((-1.0, 1.0)), rng.uniform(-0.4, 0.4), -0.35), (0.9, 0.85, 0.75), True),)
        ambient, headlight, shadow = (0.15, 0.15, 0.15), (0.2, 0.2, 0.2), 2048
    else:
        lights = (Light((rng.uniform(-0.4, 0.4), rng.uniform(-0.4, 0.4), -1.0), _tint((0.6 * level,) * 3, cast)),)
        ambient, headlight, shadow = _tint((0.45 * level,) * 3, cast), _tint((0.5 * level,) * 3, cast), 0
    return Appearance(
        name=f"light:{kind}", ambient=ambient, headlight=headlight, lights=lights, floor=base.floor, wall=base.wall,
        object_pattern="flat", shadow_size=shadow, camera=_camera(rng, 0.1, (1.0, 3.0)), distractors=base.distractors,
    )


def _texture(rng: random.Random) -> Appearance:
    base = _randomised(rng)
    floor_kind = rng.choice(("stripes", "wood", "tiles"))
    if floor_kind == "wood":
        floor = Surface("wood", (0.55, 0.38, 0.22), (0.42, 0.28, 0.15), 3.0)
    elif floor_kind == "stripes":
        floor = Surface("stripes", (0.6, 0.6, 0.58), (0.25, 0.25, 0.27), 2.0)
    else:  # large contrasting tiles
        floor = Surface("checker", (0.75, 0.74, 0.7), (0.2, 0.2, 0.22), 1.5)
    wall = Surface(rng.choice(("stripes", "checker")), (0.8, 0.78, 0.7), (0.55, 0.5, 0.45), 4.0)
    return Appearance(
        name=f"texture:{floor_kind}", ambient=base.ambient, headlight=base.headlight, lights=base.lights, floor=floor,
        wall=wall, object_pattern=rng.choice(("checker", "stripes")), shadow_size=base.shadow_size, camera=base.camera,
        distractors=base.distractors,
    )


def _clutter(rng: random.Random) -> Appearance:
    base = _randomised(rng)
    return Appearance(
        name="clutter", ambient=base.ambient, headlight=base.headlight, lights=base.lights, floor=base.floor,
        wall=base.wall, object_pattern=base.object_pattern, shadow_size=base.shadow_size, camera=base.camera,
        distractors=rng.randint(6, 9), occluders=True,
    )


def make_appearance(look: str, seed: int) -> Appearance:
    """The appearance of look ``look`` for scene ``seed``."""
    if look not in LOOKS:
        raise SimError(f"unknown look {look!r}; known: {', '.join(LOOKS)}")
    if look == "default":
        return Appearance()
    rng = random.Random(_LOOK_SALT[look] + seed)
    return {"randomised": _randomised, "light": _light, "texture": _texture, "clutter": _clutter}[look](rng)

