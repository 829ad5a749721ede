"""Publishers, subscriptions, actions and services created from the contract by key, so names,
types and QoS come from config/contract.yaml and nowhere else."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from rclpy.lifecycle import LifecycleNode
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy

from lam_core.contract import EndpointSpec, QosSpec, contract


def qos_profile(spec: QosSpec, subscriber: bool = False) -> QoSProfile:
    """rclpy QoS for a contract QoS purpose, as a publisher or (``subscriber``) a subscriber asks."""
    reliability = spec.subscriber_reliability if subscriber else spec.reliability
    return QoSProfile(
        history=HistoryPolicy.KEEP_LAST,
        depth=spec.depth,
        reliability=ReliabilityPolicy.RELIABLE if reliability == "reliable" else ReliabilityPolicy.BEST_EFFORT,
        durability=(
            DurabilityPolicy.TRANSIENT_LOCAL if spec.durability == "transient_local" else DurabilityPolicy.VOLATILE
        ),
    )


def qos(purpose: str, subscriber: bool = False) -> QoSProfile:
    return qos_profile(contract().qos[purpose], subscriber)


@cache
def interface_type(type_name: str, kind: str) -> Any:
    """The Python class of "pkg/Type" from pkg.<kind> (msg, srv or action)."""
    package, name = type_name.split("/")
    return getattr(importlib.import_module(f"{package}.{kind}"), name)


def topic_type(key: str) -> Any:
    return interface_type(contract().topic(key).type, "msg")


def _topic(key: str) -> EndpointSpec:
    return contract().topic(key)


def publisher(node: Node, key: str) -> Any:
    spec = _topic(key)
    assert spec.qos is not None
    return node.create_publisher(interface_type(spec.type, "msg"), spec.ros_name, qos_profile(spec.qos))


def lifecycle_publisher(node: LifecycleNode, key: str, msg_type: Any = None) -> Any:
    """A publisher of a managed node for a contract topic: it sends only while the node is active.
    ``msg_type`` replaces the contract's type for a peer that takes a variant of it (a base that
    takes geometry_msgs/Twist where the contract says TwistStamped)."""
    spec = _topic(key)
    assert spec.qos is not None
    return node.create_lifecycle_publisher(msg_type if msg_type is not None else interface_type(spec.type, "msg"),
                                           spec.ros_name, qos_profile(spec.qos))


def subscription(node: Node, key: str, callback: Callable[[Any], None], purpose: str | None = None, **kwargs: Any) -> Any:
    """Subscribe to a contract topic with its QoS, or with the profile of another ``purpose``
    (e.g. SENSOR: a monitor that must never be held back by a reliable stream's repairs)."""
    spec = _topic(key)
    assert spec.qos is not None
    profile = qos(purpose, subscriber=True) if purpose is not None else qos_profile(spec.qos, subscriber=True)
    return node.create_subscription(interface_type(spec.type, "msg"), spec.ros_name, callback, profile, **kwargs)


def action_spec(key: str) -> tuple[Any, str]:
    spec = contract().action(key)
    return interface_type(spec.type, "action"), spec.ros_name


def service_spec(key: str) -> tuple[Any, str]:
    spec = contract().service(key)
    return interface_type(spec.type, "srv"), spec.ros_name
