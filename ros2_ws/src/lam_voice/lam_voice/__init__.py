"""Speech node. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

speech_node = node_entry("lam_voice.speech_node")
