"""Pure-Python core of the LAM agent (no rclpy, no message packages)."""
