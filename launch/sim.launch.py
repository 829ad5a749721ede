"""The embedded MuJoCo simulator and the whole agent: `ros2 launch lam_bringup sim.launch.py`.
Same nodes and params files as `lam run --graph sim` (both read config/graph.yaml)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_launch import graph_launch_description


def generate_launch_description():
    return graph_launch_description("sim")
