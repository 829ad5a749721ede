"""Robot state publisher node. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

state_publisher_node = node_entry("lam_description.state_publisher_node")
