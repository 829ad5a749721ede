"""The agent on a real ROS 2 robot: `ros2 launch lam_bringup robot.launch.py [namespace:=robot1]`.

Starts the state publisher (robot_description, tf_static, the arm's tf) and the agent (camera,
fusion, planner, executor) of `lam run --graph agent`; the robot's own drivers publish the sensor
topics and odom -> base_link, and take TwistStamped on cmd_vel (config/contract.yaml). Arguments:
see graph_launch.py (`--show-args`).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_launch import graph_launch_description


def generate_launch_description():
    return graph_launch_description("agent", sim_time=False)
