"""Perception and fusion nodes. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

camera_node = node_entry("lam_perception.camera_node")
fusion_node = node_entry("lam_perception.fusion_node")
