"""The newest message of fast topics, taken when wanted instead of handled on arrival.

A watcher that needs odometry (50 Hz) a few times a second pays rclpy's executor a wake-up and a
callback per message if it subscribes the usual way. Here the subscriptions belong to a helper
node that no executor spins: the middleware keeps the newest messages (KEEP_LAST) and `take`
drains them at the caller's rate, so a message costs nothing in Python until it is asked for.
"""

from __future__ import annotations

from typing import Any

from rclpy.node import Node

from lam_ros import contract_io


class NewestMessages:
    """Serialized newest messages of the contract topics ``keys``, resolved in ``namespace``."""

    def __init__(self, parent: Node, keys: tuple[str, ...]) -> None:
        # Not spun by any executor; its own name, unaffected by the process's __node remapping, hidden
        # (a leading underscore) from node lists as ros2cli and `lam status` show them.
        self._node = Node(f"_{parent.get_name()}_newest", namespace=parent.get_namespace(), context=parent.context,
                          use_global_arguments=False, start_parameter_services=False,
                          enable_rosout=False)
        self._subs = {key: contract_io.subscription(self._node, key, _never_called, raw=True) for key in keys}

    def take(self, key: str) -> bytes | None:
        """The newest serialized message of ``key`` that arrived since the last take, or None."""
        sub = self._subs[key]
        newest = None
        with sub.handle:
            while True:
                taken: Any = sub.handle.take_message(sub.msg_type, True)
                if taken is None:
                    return newest
                newest = taken[0]

    def close(self) -> None:
        self._node.destroy_node()


def _never_called(_: Any) -> None:  # the helper node is never spun
    raise AssertionError("NewestMessages' subscriptions are taken from, not spun")
