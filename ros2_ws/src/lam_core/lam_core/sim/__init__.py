"""The embedded MuJoCo simulator (physics, rendering, sensors), free of ROS."""
