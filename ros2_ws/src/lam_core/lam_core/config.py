"""Node configuration: one frozen dataclass per node, declared once, validated when built.

Every field is declared with :func:`param` (description, range). Nodes declare ROS parameters
from these specs, so the params YAML, the declared parameters and the dataclass cannot drift.
No field has a code default: every value comes from the params file in config/.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from lam_core.errors import ConfigError

T = TypeVar("T")

# Parameters every ROS node has; never part of a node config.
ROS_BUILTIN_PARAMETERS = frozenset({"use_sim_time", "start_type_description_service"})

SCALAR_TYPES: tuple[type, ...] = (bool, int, float, str)


def param(description: str, *, min: float | None = None, max: float | None = None) -> Any:
    """Declare a config field with a description and an optional closed range [min, max]."""
    return dataclasses.field(metadata={"description": description, "min": min, "max": max})


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: type  # bool, int, float, str, or list (of element_type)
    element_type: type | None
    description: str
    min: float | None
    max: float | None


def param_specs(cls: type) -> list[ParamSpec]:
    """The parameter specs of a config dataclass, in field order."""
    hints = typing.get_type_hints(cls)
    specs = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        origin = typing.get_origin(hint)
        if origin in (list, tuple):
            args = [a for a in typing.get_args(hint) if a is not Ellipsis]
            spec_type: type = list
            element: type | None = args[0] if args else str
        elif hint in SCALAR_TYPES:
            spec_type, element = hint, None
        else:
            raise ConfigError(f"{cls.__name__}.{f.name}: unsupported parameter type {hint}")
        if "description" not in f.metadata:
            raise ConfigError(f"{cls.__name__}.{f.name} must be declared with param()")
        specs.append(
            ParamSpec(f.name, spec_type, element, f.metadata["description"], f.metadata["min"], f.metadata["max"])
        )
    return specs


def _coerce(spec: ParamSpec, value: Any, where: str) -> Any:
    def scalar(kind: type, v: Any) -> Any:
        if kind is float and isinstance(v, (int, float)) and not isinstance(v, bool):
            v = float(v)
            if not math.isfinite(v):
                raise ConfigError(f"{where}: {spec.name} must be finite, got {v}")
            return v
        if kind is int and isinstance(v, int) and not isinstance(v, bool):
            return v
        if kind in (bool, str) and isinstance(v, kind):
            return v
        raise ConfigError(f"{where}: {spec.name} must be {kind.__name__}, got {v!r}")

    if spec.kind is list:
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: {spec.name} must be a list, got {value!r}")
        assert spec.element_type is not None
        values: tuple[Any, ...] = tuple(scalar(spec.element_type, v) for v in value)
    else:
        values = (scalar(spec.kind, value),)
    for v in values:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if spec.min is not None and v < spec.min:
                raise ConfigError(f"{where}: {spec.name}={v} below minimum {spec.min}")
            if spec.max is not None and v > spec.max:
                raise ConfigError(f"{where}: {spec.name}={v} above maximum {spec.max}")
    return values if spec.kind is list else values[0]


def build_config(cls: type[T], values: dict[str, Any], where: str = "") -> T:
    """Build and validate a config dataclass from a mapping; names missing or unknown keys."""
    where = where or cls.__name__
    specs = {s.name: s for s in param_specs(cls)}
    given = {k: v for k, v in values.items() if k not in ROS_BUILTIN_PARAMETERS}
    unknown = sorted(set(given) - set(specs))
    if unknown:
        raise ConfigError(f"{where}: unknown parameter(s): {', '.join(unknown)}")
    missing = sorted(set(specs) - set(given))
    if missing:
        raise ConfigError(f"{where}: missing parameter(s): {', '.join(missing)}")
    kwargs = {name: _coerce(spec, given[name], where) for name, spec in specs.items()}
    return cls(**kwargs)


def read_params_file(path: Path, node_name: str) -> dict[str, Any]:
    """The ``ros__parameters`` of one node in a ROS 2 params YAML file."""
    if not path.is_file():
        raise ConfigError(f"params file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"params file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"params file {path} must be a mapping of node names")
    # "/**/name" matches the node in any namespace (rcl's wildcard), "name" only in the root one.
    section = data.get(f"/**/{node_name}") or data.get(node_name) or data.get("/**")
    if not isinstance(section, dict) or not isinstance(section.get("ros__parameters"), dict):
        raise ConfigError(f"params file {path} has no '/**/{node_name}: ros__parameters:' section")
    return dict(section["ros__parameters"])


def load_config(cls: type[T], path: Path, node_name: str) -> T:
    """Read and validate one node's config from its params file."""
    return build_config(cls, read_params_file(path, node_name), where=f"{path.name}:{node_name}")
