"""Replay a bag into the agent on a machine with ROS 2 Jazzy:

    ros2 launch launch/replay.launch.py bag:=BAG goal:="go to the red box" out:=REPLAY_BAG [rate:=1.0]

`ros2 bag play` publishes the bag's sensor topics and /clock, the agent graph runs on sim time, the
goal is sent once, and `ros2 bag record` writes the agent's outputs into REPLAY_BAG. Compare them
with the recording: `lam replay BAG --compare REPLAY_BAG` (exit 0 when the behaviour is the same).
`lam replay BAG` does all of this without ROS 2 installed, in lockstep.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_launch import graph_launch_description
from launch.actions import DeclareLaunchArgument, ExecuteProcess, TimerAction
from launch.substitutions import LaunchConfiguration

from lam_core.contract import contract
from lam_tools.bags import INPUT_KEYS, OUTPUT_KEYS
from launch import LaunchDescription

GOAL_DELAY_S = 3.0  # the graph's start-up before the goal is sent [s]


def generate_launch_description():
    spec = contract()
    inputs = [spec.topic(k).name for k in INPUT_KEYS]
    outputs = [spec.topic(k).name for k in ("clock", *OUTPUT_KEYS, "diagnostics")]
    bag, out, rate, goal = (LaunchConfiguration(n) for n in ("bag", "out", "rate", "goal"))
    action_type = spec.action("execute_goal").type.replace("/", "/action/")
    arguments = [
        DeclareLaunchArgument("bag", description="bag folder to replay"),
        DeclareLaunchArgument("out", description="new bag folder for the agent's outputs"),
        DeclareLaunchArgument("goal", description="instruction to send, as in the bag's /lam/plan"),
        DeclareLaunchArgument("rate", default_value="1.0", description="playback rate factor"),
    ]
    agent = graph_launch_description("agent", sim_time=True).entities
    play = ExecuteProcess(cmd=["ros2", "bag", "play", bag, "--clock", "100", "--rate", rate, "--topics", *inputs],
                          output="screen")
    record = ExecuteProcess(cmd=["ros2", "bag", "record", "--use-sim-time", "-s", "mcap", "-o", out, *outputs], output="screen")
    send_goal = TimerAction(period=GOAL_DELAY_S, actions=[ExecuteProcess(
        cmd=["ros2", "action", "send_goal", spec.action("execute_goal").name, action_type,
             ["{instruction: '", goal, "'}"]], output="screen")])
    return LaunchDescription([*arguments, *agent, record, play, send_goal])
