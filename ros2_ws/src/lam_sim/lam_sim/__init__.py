"""ROS 2 node of the embedded MuJoCo simulator."""
