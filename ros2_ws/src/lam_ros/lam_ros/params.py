"""Declare a node's ROS parameters from its lam_core config dataclass and build the config."""

from __future__ import annotations

from typing import Any, TypeVar

from rcl_interfaces.msg import FloatingPointRange, IntegerRange, ParameterDescriptor
from rclpy.node import Node
from rclpy.parameter import Parameter

from lam_core.config import ROS_BUILTIN_PARAMETERS, build_config, param_specs
from lam_core.errors import ConfigError

T = TypeVar("T")

_PARAM_TYPES = {
    bool: Parameter.Type.BOOL,
    int: Parameter.Type.INTEGER,
    float: Parameter.Type.DOUBLE,
    str: Parameter.Type.STRING,
}
_ARRAY_TYPES = {float: Parameter.Type.DOUBLE_ARRAY, int: Parameter.Type.INTEGER_ARRAY, str: Parameter.Type.STRING_ARRAY}


def declare_config(node: Node, cls: type[T]) -> T:
    """Declare every field of ``cls`` as a read-only parameter (with description and range),
    require a value for each from the params file, reject unknown overrides, build the config."""
    unknown = sorted(
        name for name in node._parameter_overrides
        if name not in ROS_BUILTIN_PARAMETERS and name not in {s.name for s in param_specs(cls)}
    )
    if unknown:
        raise ConfigError(f"{node.get_name()}: unknown parameter(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    missing = []
    for spec in param_specs(cls):
        ptype = _ARRAY_TYPES[spec.element_type] if spec.kind is list else _PARAM_TYPES[spec.kind]  # type: ignore[index]
        descriptor = ParameterDescriptor(description=spec.description, read_only=True, dynamic_typing=False)
        if spec.min is not None and spec.max is not None:
            if spec.kind is float or spec.element_type is float:
                descriptor.floating_point_range = [FloatingPointRange(from_value=float(spec.min), to_value=float(spec.max))]
            elif spec.kind is int:
                descriptor.integer_range = [IntegerRange(from_value=int(spec.min), to_value=int(spec.max), step=1)]
        if spec.name not in node._parameter_overrides:
            missing.append(spec.name)
            continue
        param = node.declare_parameter(spec.name, ptype, descriptor)
        value = param.value
        values[spec.name] = list(value) if spec.kind is list else value
    if missing:
        raise ConfigError(f"{node.get_name()}: missing parameter(s) (not in the params file): {', '.join(missing)}")
    return build_config(cls, values, where=node.get_name())
