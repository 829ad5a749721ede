"""Gazebo Harmonic and the agent, on sim time: `ros2 launch launch/gazebo.launch.py [world:=goto_train_0]`.

Needs ROS 2 Jazzy with ros_gz (ros_gz_sim, ros_gz_bridge) and the workspace built and sourced.
The world (sim/gazebo/worlds/<world>.sdf) includes the robot as model://lam_robot, found through
GZ_SIM_RESOURCE_PATH=sim/; ros_gz_bridge maps the contract topics (config/gazebo_bridge.yaml);
the agent is the same graph as `lam run --graph agent` (config/graph.yaml) with use_sim_time true.
Regenerate the model and worlds with `lam robot export`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_launch import graph_launch_description
from launch.actions import AppendEnvironmentVariable, DeclareLaunchArgument, IncludeLaunchDescription
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration, PathJoinSubstitution
from launch_ros.actions import Node
from launch_ros.substitutions import FindPackageShare

from lam_core.paths import config_dir, sim_dir
from launch import LaunchDescription

WORLDS_DIR = sim_dir() / "gazebo" / "worlds"
BRIDGE_CONFIG = config_dir() / "gazebo_bridge.yaml"


def generate_launch_description():
    world = LaunchConfiguration("world")
    gz_args = LaunchConfiguration("gz_args")
    gazebo = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(PathJoinSubstitution([FindPackageShare("ros_gz_sim"), "launch", "gz_sim.launch.py"])),
        launch_arguments={"gz_args": [str(WORLDS_DIR) + "/", world, ".sdf ", gz_args]}.items(),
    )
    bridge = Node(
        package="ros_gz_bridge",
        executable="parameter_bridge",
        name="gazebo_bridge",
        parameters=[{"config_file": str(BRIDGE_CONFIG), "use_sim_time": True}],
        output="screen",
    )
    agent = graph_launch_description("agent")
    return LaunchDescription(
        [
            DeclareLaunchArgument("world", default_value="goto_train_0", description="a world in sim/gazebo/worlds (no .sdf)"),
            DeclareLaunchArgument("gz_args", default_value="-r", description="more gz sim arguments, e.g. '-r -s --headless-rendering'"),
            # Declared before the agent's own use_sim_time argument, so its default (false) does not apply.
            DeclareLaunchArgument("use_sim_time", default_value="true", description="use Gazebo's /clock"),
            AppendEnvironmentVariable("GZ_SIM_RESOURCE_PATH", str(sim_dir())),
            gazebo,
            bridge,
            *agent.entities,
        ]
    )
