"""Turns a graph of config/graph.yaml into launch_ros Nodes (shared by the *.launch.py files).

Needs ROS 2 with launch_ros (e.g. Jazzy from apt) and the workspace built and sourced.
"""

from __future__ import annotations

from launch.actions import DeclareLaunchArgument, SetEnvironmentVariable
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

from lam_core.paths import dds_environment
from lam_tools.graph import load_graph
from launch import LaunchDescription


def graph_launch_description(graph_name: str, sim_time: bool | None = None) -> LaunchDescription:
    """``sim_time`` overrides the graph's default for the use_sim_time argument (e.g. replays)."""
    graph = load_graph(graph_name)
    sim_default = graph.use_sim_time if sim_time is None else sim_time
    use_sim_time = LaunchConfiguration("use_sim_time")
    actions: list = [SetEnvironmentVariable(key, value) for key, value in dds_environment().items()]
    actions += [
        DeclareLaunchArgument(
            "use_sim_time", default_value="true" if sim_default else "false",
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
                additional_env=dds_environment(node.shared_memory),
                output="screen",
                emulate_tty=True,
            )
        )
    return LaunchDescription(actions)
