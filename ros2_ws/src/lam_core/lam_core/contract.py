"""The topic contract (config/contract.yaml) as typed, validated objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lam_core.errors import ContractError
from lam_core.paths import config_file

RELIABILITIES = ("reliable", "best_effort")
DURABILITIES = ("volatile", "transient_local")
# A ROS 2 topic name: tokens of letters, digits and underscores that do not start with a digit,
# joined by single slashes, optionally absolute (leading slash); no trailing slash.
_ROS_NAME = re.compile(r"/?[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class QosSpec:
    """A QoS profile named by purpose (SENSOR, STATE, COMMAND, LATCHED, CLOCK, TF). Publishers use
    ``reliability``; subscribers use ``subscriber_reliability`` (REP 2003: sensor data is published
    reliable and subscribed best effort)."""

    purpose: str
    reliability: str
    durability: str
    depth: int
    subscriber_reliability: str = ""

    def __post_init__(self) -> None:
        if not self.subscriber_reliability:
            object.__setattr__(self, "subscriber_reliability", self.reliability)


@dataclass(frozen=True)
class EndpointSpec:
    """A topic, action or service: its name as the contract writes it (``ros_name``: relative names
    resolve in each node's namespace), its type ("pkg/Type") and, for topics, its QoS."""

    key: str
    ros_name: str
    type: str
    qos: QosSpec | None = None

    @property
    def name(self) -> str:
        """The name resolved in the root namespace, as bags of a root-namespace graph hold it."""
        return self.resolved("/")

    def resolved(self, namespace: str) -> str:
        """The fully qualified name in ``namespace`` ("/" or "/r1")."""
        if self.ros_name.startswith("/"):
            return self.ros_name
        return f"{namespace.rstrip('/')}/{self.ros_name}"

    @property
    def type_package(self) -> str:
        return self.type.split("/")[0]

    @property
    def type_name(self) -> str:
        return self.type.split("/")[1]


@dataclass(frozen=True)
class Contract:
    frames: dict[str, str]
    qos: dict[str, QosSpec]
    topics: dict[str, EndpointSpec]
    actions: dict[str, EndpointSpec]
    services: dict[str, EndpointSpec]

    def topic(self, key: str) -> EndpointSpec:
        try:
            return self.topics[key]
        except KeyError:
            raise ContractError(f"no topic '{key}' in the contract") from None

    def action(self, key: str) -> EndpointSpec:
        try:
            return self.actions[key]
        except KeyError:
            raise ContractError(f"no action '{key}' in the contract") from None

    def service(self, key: str) -> EndpointSpec:
        try:
            return self.services[key]
        except KeyError:
            raise ContractError(f"no service '{key}' in the contract") from None

    def frame(self, key: str) -> str:
        try:
            return self.frames[key]
        except KeyError:
            raise ContractError(f"no frame '{key}' in the contract") from None


def _endpoint(key: str, raw: Any, qos: dict[str, QosSpec] | None) -> EndpointSpec:
    if not isinstance(raw, dict) or "name" not in raw or "type" not in raw:
        raise ContractError(f"'{key}' needs a name and a type")
    name, type_ = str(raw["name"]), str(raw["type"])
    if not _ROS_NAME.fullmatch(name):
        raise ContractError(f"'{key}': {name!r} is not a valid ROS name")
    if type_.count("/") != 1:
        raise ContractError(f"'{key}': type {type_!r} must be 'package/Type'")
    spec_qos = None
    if qos is not None:
        purpose = raw.get("qos")
        if purpose not in qos:
            raise ContractError(f"'{key}': unknown QoS purpose {purpose!r}")
        spec_qos = qos[purpose]
    return EndpointSpec(key=key, ros_name=name, type=type_, qos=spec_qos)


def parse_contract(data: Any) -> Contract:
    """Validate a contract mapping as loaded from YAML."""
    if not isinstance(data, dict):
        raise ContractError("contract must be a mapping")
    qos: dict[str, QosSpec] = {}
    for purpose, raw in (data.get("qos") or {}).items():
        rel, dur, depth = raw.get("reliability"), raw.get("durability"), raw.get("depth")
        sub_rel = raw.get("subscriber_reliability", rel)
        if (rel not in RELIABILITIES or sub_rel not in RELIABILITIES or dur not in DURABILITIES
                or not isinstance(depth, int) or depth < 1):
            raise ContractError(f"QoS {purpose}: bad reliability/durability/depth {raw}")
        if rel == "best_effort" and sub_rel == "reliable":
            raise ContractError(f"QoS {purpose}: a reliable subscriber never matches a best-effort publisher")
        qos[purpose] = QosSpec(purpose, rel, dur, depth, sub_rel)
    topics = {k: _endpoint(k, v, qos) for k, v in (data.get("topics") or {}).items()}
    actions = {k: _endpoint(k, v, None) for k, v in (data.get("actions") or {}).items()}
    services = {k: _endpoint(k, v, None) for k, v in (data.get("services") or {}).items()}
    names = [e.name for e in [*topics.values(), *actions.values(), *services.values()]]
    if len(names) != len(set(names)):
        raise ContractError("duplicate names in the contract")
    frames = {str(k): str(v) for k, v in (data.get("frames") or {}).items()}
    return Contract(frames=frames, qos=qos, topics=topics, actions=actions, services=services)


def load_contract(path: Path | None = None) -> Contract:
    path = path or config_file("contract.yaml")
    with open(path, encoding="utf-8") as f:
        return parse_contract(yaml.safe_load(f))


@lru_cache(maxsize=1)
def contract() -> Contract:
    """The project's contract, loaded once."""
    return load_contract()
