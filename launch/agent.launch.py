"""The agent alone, for a real robot (or Gazebo) publishing the contract sensor topics:
`ros2 launch lam_bringup agent.launch.py`. Same nodes as `lam run --graph agent`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_launch import graph_launch_description


def generate_launch_description():
    return graph_launch_description("agent")
