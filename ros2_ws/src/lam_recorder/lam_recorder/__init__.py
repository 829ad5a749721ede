"""Bag recorder node. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

recorder_node = node_entry("lam_recorder.recorder_node")
