"""Turns a graph of config/graph.yaml into launch_ros Nodes (shared by the *.launch.py files).

Needs ROS 2 with launch_ros (e.g. Jazzy from apt) and the workspace built and sourced. Every
graph launch file takes these arguments (`ros2 launch lam_bringup sim.launch.py --show-args`):

- ``namespace``: ROS namespace of every node; the contract's relative topic names resolve in it,
  so two robots on one DDS domain keep apart (default: the root namespace);
- ``use_sim_time``: follow /clock (simulation, bag replay);
- ``params_file``: a ROS params file applied over the shipped ones, to every node (use
  ``/**/node_name:`` keys; empty: none);
- ``actor`` / ``task_planner``: the planner's actor and task planner (empty: config/planner_node.yaml);
- ``log_level``: debug, info, warn, error or fatal;
- ``voice``: true adds speech_node (spoken goals, a spoken stop) and, in the simulator graph,
  switches the simulator's microphone on.

Discovery stays on this host (ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST) unless the environment
already says otherwise, e.g. SUBNET for a model on another machine (README, "Security").
"""

from __future__ import annotations

import yaml
from launch.actions import DeclareLaunchArgument, OpaqueFunction, SetEnvironmentVariable
from launch.substitutions import EnvironmentVariable, LaunchConfiguration
from launch_ros.actions import Node

from lam_core.paths import dds_environment
from lam_tools.graph import GraphSpec, load_graph, with_voice
from launch import LaunchDescription

PROFILE_KEY = "FASTRTPS_DEFAULT_PROFILES_FILE"
LOG_LEVELS = ("debug", "info", "warn", "error", "fatal")
PLANNER_CHOICES = ("actor", "task_planner")


def _arguments(sim_default: bool) -> list[DeclareLaunchArgument]:
    return [
        DeclareLaunchArgument("namespace", default_value="", description="ROS namespace of every node (e.g. robot1)"),
        DeclareLaunchArgument("use_sim_time", default_value="true" if sim_default else "false",
                              description="use /clock (simulation, rosbag replay)"),
        DeclareLaunchArgument("params_file", default_value="",
                              description="params file over the shipped ones, for every node (/**/node_name: keys)"),
        DeclareLaunchArgument("actor", default_value="", description="planner actor (empty: planner_node.yaml)"),
        DeclareLaunchArgument("task_planner", default_value="",
                              description="planner task planner (empty: planner_node.yaml)"),
        DeclareLaunchArgument("log_level", default_value="info", choices=list(LOG_LEVELS),
                              description="log level of every node"),
        DeclareLaunchArgument("voice", default_value="false", choices=["true", "false"],
                              description="also run speech_node (and the simulator's microphone)"),
    ]


def graph_nodes(graph: GraphSpec, context: object) -> list[Node]:
    """The graph's nodes, with the launch arguments as ``context`` holds them."""
    def arg(name: str) -> str:
        return str(LaunchConfiguration(name).perform(context)).strip()

    namespace = arg("namespace")
    overlay = [arg("params_file")] if arg("params_file") else []
    planner = {key: arg(key) for key in PLANNER_CHOICES if arg(key)}
    voice: dict[str, dict[str, object]] = {}
    if arg("voice") == "true":
        graph, voice_overrides = with_voice(graph)
        voice = {name: {k: yaml.safe_load(v) for k, v in params.items()} for name, params in voice_overrides.items()}
    nodes = []
    for node in graph.nodes:
        parameters: list[object] = [str(p) for p in node.params_files]
        parameters += overlay
        if node.name == "planner_node" and planner:
            parameters.append(planner)
        if node.name in voice:
            parameters.append(voice[node.name])
        parameters.append({"use_sim_time": arg("use_sim_time").lower() == "true"})
        nodes.append(
            Node(
                package=node.package,
                executable=node.executable,
                name=node.name,
                namespace=namespace,
                parameters=parameters,
                remappings=list(node.remappings),
                arguments=["--ros-args", "--log-level", arg("log_level")],
                additional_env={PROFILE_KEY: dds_environment(node.shared_memory)[PROFILE_KEY]},
                output="screen",
                emulate_tty=True,
            )
        )
    return nodes


def graph_launch_description(graph_name: str, sim_time: bool | None = None) -> LaunchDescription:
    """``sim_time`` overrides the graph's default for the use_sim_time argument (e.g. replays)."""
    graph = load_graph(graph_name)
    sim_default = graph.use_sim_time if sim_time is None else sim_time
    keep_users = [SetEnvironmentVariable(key, EnvironmentVariable(key, default_value=value))
                  for key, value in dds_environment().items()]
    return LaunchDescription([
        *keep_users,
        *_arguments(sim_default),
        OpaqueFunction(function=lambda context: graph_nodes(graph, context)),
    ])
