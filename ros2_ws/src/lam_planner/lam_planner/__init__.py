"""Planner node. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

planner_node = node_entry("lam_planner.planner_node")
