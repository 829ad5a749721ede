"""LamNode: the rclpy Node every LAM node derives from. Its logger escapes control characters in
every message, so text that came from outside (a goal, a model's answer, a message field) can
neither forge a log line ("\\nSYSTEM: ...") nor send escape sequences to the operator's terminal."""

from __future__ import annotations

import os
from typing import Any

from rclpy.impl import rcutils_logger
from rclpy.lifecycle import LifecycleNode
from rclpy.node import Node

from lam_core.untrusted import escape_control

# rclpy names the calling line of each log call (for throttle/once filters and the log record)
# by walking past its own files; this file is one more logging layer to walk past.
if os.path.realpath(__file__) not in rcutils_logger._internal_callers:
    rcutils_logger._internal_callers.append(os.path.realpath(__file__))


class EscapingLogger(rcutils_logger.RcutilsLogger):
    """An rcutils logger whose messages are shown with control characters escaped."""

    def log(self, message: Any, severity: Any, **kwargs: Any) -> bool:
        return super().log(escape_control(str(message)), severity, **kwargs)

    def get_child(self, name: str) -> EscapingLogger:
        child = super().get_child(name)
        child.__class__ = EscapingLogger
        return child


def _escape_logging(node: Node) -> None:
    """Give ``node`` an escaping logger of the same name."""
    node._logger = EscapingLogger(name=node._logger.name)


class LamNode(Node):
    """rclpy Node with an escaping logger."""

    def __init__(self, node_name: str, **kwargs: Any) -> None:
        super().__init__(node_name, **kwargs)
        _escape_logging(self)


class LamLifecycleNode(LifecycleNode):
    """rclpy managed (lifecycle) node with an escaping logger: the standard lifecycle services
    (``~/change_state``, ``~/get_state``, ...) and the ``~/transition_event`` topic come from rclpy."""

    def __init__(self, node_name: str, **kwargs: Any) -> None:
        super().__init__(node_name, **kwargs)
        _escape_logging(self)

