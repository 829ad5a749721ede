"""ROS 2 node of the embedded MuJoCo simulator. The node executables start through these entry points (lam_ros.startup)."""

from lam_ros.startup import node_entry

sim_node = node_entry("lam_sim.sim_node")
