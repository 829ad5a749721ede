"""The robot description (sim/lam_robot/robot.yaml) and its exporters to MJCF, URDF and SDF."""
