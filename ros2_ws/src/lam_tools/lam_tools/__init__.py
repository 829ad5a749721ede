"""Tooling over lam_core, free of rclpy: the process runner and graph files, rosbag2 bags, the replay
comparison and the robot exporters (URDF, SDF)."""
