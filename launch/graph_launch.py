"""Turns a graph of config/graph.yaml into launch_ros Nodes (shared by the *.launch.py files).

Needs ROS 2 with launch_ros (e.g. Jazzy from apt) and the workspace built and sourced.
"""

from __future__ import annotations

from launch.actions import DeclareLaunchArgument, SetEnvironmentVariable
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

from lam_core.graph import load_graph
from lam_core.paths import dds_environment
from launch import LaunchDescription


def graph_launch_description(graph_name: str) -> LaunchDescription:
    graph = load_graph(graph_name)
    use_sim_time = LaunchConfiguration("use_sim_time")
    actions: list = [SetEnvironmentVariable(key, value) for key, value in dds_environment().items()]
    actions += [
        DeclareLaunchArgument(
            "use_sim_time", default_value="true" if graph.use_sim_time else "false",
            description="use /clock (simulation, rosbag replay)",
        )
    ]
    for node in graph.nodes:
        actions.append(
            Node(
                package=node.package,
                executable=node.executable,
                name=node.name,
                parameters=[*(str(p) for p in node.params_files), {"use_sim_time": use_sim_time}],
                remappings=list(node.remappings),
                output="screen",
                emulate_tty=True,
            )
        )
    return LaunchDescription(actions)
