"""state_publisher_node: the robot description for tools that place the robot (RViz, Foxglove, bags).

Publishes, from sim/lam_robot/robot.yaml (the one description the simulators and the agent use):
- ``robot_description``: the generated URDF (std_msgs/String, transient local), once;
- ``tf_static``: every fixed frame (fixed joints, the camera's optical frame), once, transient local;
- ``tf``: the movable joints' transforms at ``joint_states`` stamps, at most ``publish_frequency_hz``
  (a timer on the node's clock takes the newest ``joint_states``: the 50 Hz stream costs no
  wake-up of its own, lam_ros.newest).
The ``odom -> base_link`` transform comes from the odometry source (the simulator, Gazebo's bridge,
the robot's base driver), not from here.
"""

from __future__ import annotations

from rclpy.serialization import deserialize_message
from sensor_msgs.msg import JointState
from std_msgs.msg import String

from lam_core.contract import contract
from lam_core.errors import LamError
from lam_core.node_configs import StatePublisherNodeConfig
from lam_core.robot.description import robot_description
from lam_core.robot.frames import moving_transforms, static_transforms
from lam_ros import contract_io
from lam_ros.convert import sensors
from lam_ros.convert.tf import tf_message
from lam_ros.newest import NewestMessages
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings
from lam_tools.exporters.urdf import robot_urdf


class StatePublisherNode(LamNode):
    def __init__(self) -> None:
        super().__init__("state_publisher_node")
        self.cfg = declare_config(self, StatePublisherNodeConfig)
        self.robot = robot_description()
        self._warnings = KeyedWarnings(self.get_logger())
        self._tf_pub = contract_io.publisher(self, "tf")
        static_pub = contract_io.publisher(self, "tf_static")
        description_pub = contract_io.publisher(self, "robot_description")
        description_pub.publish(String(data=robot_urdf(self.robot)))
        static = static_transforms(self.robot, contract().frame("camera_optical"))
        static_pub.publish(tf_message(static, int(self.get_clock().now().nanoseconds)))
        self._static_pub, self._description_pub = static_pub, description_pub  # keep the latched publishers
        self._joints = NewestMessages(self, ("joint_states",))
        self.create_timer(1.0 / self.cfg.publish_frequency_hz, self._publish_tf)
        self.get_logger().info(f"robot {self.robot.name}: {len(static)} static frames, "
                               f"{sum(j.movable for j in self.robot.joints.values())} movable joints")

    def _publish_tf(self) -> None:
        raw = self._joints.take("joint_states")
        if raw is None:
            return  # nothing new since the last tf
        try:
            joints = sensors.joints_from_msg(deserialize_message(raw, JointState))
            transforms = moving_transforms(self.robot, dict(zip(joints.names, joints.positions_rad, strict=True)))
        except LamError as exc:
            self._warnings.warn("joint_states", f"joint_states ignored: {exc}")
            return
        if transforms:
            self._tf_pub.publish(tf_message(transforms, joints.stamp_ns))

    def destroy_node(self) -> None:
        self._joints.close()
        super().destroy_node()


def main() -> None:
    exit_process(run_node(StatePublisherNode))


if __name__ == "__main__":
    main()
