"""Operator console: a web page served by console_node. The node executable starts through this
entry point (lam_ros.startup)."""

from lam_ros.startup import node_entry

console_node = node_entry("lam_console.console_node")
