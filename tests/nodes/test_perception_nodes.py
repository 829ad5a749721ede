"""camera_node and fusion_node as real processes fed over DDS: bad input never crashes them,
it is dropped and counted, and a sensor that stops is flagged stale."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace

import numpy as np
import pytest
import rclpy
from frames import SMALL_CAMERA, one_red_box_scene, rendered_frame
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from sensor_msgs.msg import Image

from lam_core.config import load_config
from lam_core.datatypes import ImuSample, JointStates, LaserScan, Odometry, Pose2D
from lam_core.fusion import OBSERVATION_DIAGNOSTIC_NAME
from lam_core.node_configs import CameraNodeConfig, FusionNodeConfig
from lam_core.paths import config_dir
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

FUSION = load_config(FusionNodeConfig, config_dir() / "fusion_node.yaml", "fusion_node")


class Rig:
    """Publishes synthetic sensor data with wall-clock stamps; records observations and logs."""

    def __init__(self) -> None:
        self.context = rclpy.Context()
        rclpy.init(context=self.context, args=[])
        self.node = Node("perception_rig", context=self.context)
        self.pubs = {k: contract_io.publisher(self.node, k) for k in
                     ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states")}
        self.observations: list = []
        self.detection_stamps: list[int] = []
        self.detections: dict[int, tuple] = {}  # frame stamp -> objects detected in it
        self.diagnostics: dict[str, dict[str, str]] = {}
        contract_io.subscription(self.node, "observation", self._on_obs)
        contract_io.subscription(self.node, "diagnostics", self._on_diag)
        contract_io.subscription(self.node, "objects", self._on_objects)
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)
        self.thread.start()
        self.rgb, self.depth, self.k = rendered_frame(one_red_box_scene(), sensors=SMALL_CAMERA)
        self.imu_enabled = True

    def _on_objects(self, msg) -> None:  # type: ignore[no-untyped-def]
        stamp, objects = lam_convert.objects_from_msg(msg)
        self.detections[stamp] = tuple(objects)
        self.detection_stamps.append(stamp)

    def _on_obs(self, msg) -> None:  # type: ignore[no-untyped-def]
        self.observations.append((time.time_ns(), lam_convert.observation_from_msg(msg)))

    def _on_diag(self, msg) -> None:  # type: ignore[no-untyped-def]
        for st in msg.status:
            self.diagnostics[st.name] = {kv.key: kv.value for kv in st.values}

    def publish_all(self, stamp_ns: int, imu: bool = True) -> None:
        self.last_stamp_ns = stamp_ns
        self.pubs["camera_info"].publish(sensors.intrinsics_to_msg(self.k, stamp_ns, self.rgb.frame_id))
        self.pubs["color_image"].publish(sensors.rgb_to_msg(replace(self.rgb, stamp_ns=stamp_ns)))
        self.pubs["depth_image"].publish(sensors.depth_to_msg(replace(self.depth, stamp_ns=stamp_ns)))
        scan = LaserScan(stamp_ns, "laser_link", -math.pi, 2 * math.pi / 90, 0.16, 8.0, np.full(90, 2.0, np.float32))
        self.pubs["scan"].publish(sensors.scan_to_msg(scan, 0.1))
        if imu:
            self.pubs["imu"].publish(sensors.imu_to_msg(ImuSample(stamp_ns, "imu_link", (0, 0, 0, 1), (0, 0, 0.1), (0, 0, 9.8))))
        self.pubs["odom"].publish(sensors.odometry_to_msg(Odometry(stamp_ns, Pose2D(0, 0, 0), 0, 0), "odom", "base_link"))
        self.pubs["joint_states"].publish(sensors.joints_to_msg(JointStates(stamp_ns, ("j",), (0.0,), (0.0,))))

    def feed(self, seconds: float, imu: bool = True) -> None:
        """Publish every source at 100 Hz (a deadline-paced loop) for ``seconds``."""
        end = time.monotonic() + seconds
        next_t = time.monotonic()
        while time.monotonic() < end:
            self.publish_all(time.time_ns(), imu)
            next_t += 0.01
            threading.Event().wait(max(0.0, next_t - time.monotonic()))

    def close(self) -> None:
        self.executor.shutdown(timeout_sec=1.0)
        self.node.destroy_node()
        rclpy.try_shutdown(context=self.context)
        self.thread.join(timeout=2.0)


def feed_until(r: Rig, condition, timeout_s: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    """Keep feeding until the newest observation satisfies ``condition`` (a sensor on a busy
    machine can be late by more than its 3-period staleness limit now and then)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r.feed(0.1)
        if r.observations and condition(r.observations[-1][1]):
            return True
    return False


def wait_for(condition, timeout_s: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        threading.Event().wait(0.01)
    return bool(condition())


@pytest.fixture(scope="module")
def rig():  # type: ignore[no-untyped-def]
    agent = load_graph("agent")
    graph = replace(agent, use_sim_time=False, nodes=(agent.node("camera_node"), agent.node("fusion_node")))
    runner = GraphRunner(graph, quiet=True)
    runner.start()
    r = Rig()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(o.objects for _, o in r.observations):
            assert not runner.dead_nodes(), runner.lines
            r.feed(0.2)
        assert any(o.objects for _, o in r.observations), "no detections came through"
        yield r, runner
    finally:
        r.close()
        runner.shutdown()


def test_fresh_inputs_give_fresh_observations_with_the_red_object(rig) -> None:  # type: ignore[no-untyped-def]
    r, _ = rig
    r.observations.clear()
    assert feed_until(r, lambda o: o.all_fresh), [s for s in r.observations[-1][1].sources if s.stale]
    last = r.observations[-1][1]
    assert [o.color for o in last.objects] == ["red"]
    assert last.thumbnail is not None and last.thumbnail.width == 64
    box = last.objects[0]  # its foot, below the lidar's plane, is a low obstacle too: along its near face
    assert last.low_obstacles_m, "the low obstacles travel from camera_node through fusion"
    assert all(abs(x - (box.position_m[0] - 0.15)) < 0.1 and abs(y - box.position_m[1]) < 0.2 for x, y in last.low_obstacles_m)


def test_every_set_of_detections_goes_out_in_its_own_observation(rig) -> None:  # type: ignore[no-untyped-def]
    r, _ = rig
    assert feed_until(r, lambda o: o.all_fresh)
    r.observations.clear()
    r.detection_stamps.clear()
    r.feed(1.0)
    assert wait_for(lambda: r.detection_stamps and r.observations and r.observations[-1][1].stamp_ns >= r.detection_stamps[-1])
    detections = r.detection_stamps[1:]  # the first may have been observed before the lists were cleared
    assert len(detections) >= 5
    # Before the first new set of detections, the fallback timer may repeat the last frame's stamp.
    observed = [o.stamp_ns for _, o in r.observations if o.stamp_ns >= detections[0]]
    # Published on arrival, not at a fixed rate: no set of detections is skipped or sent twice.
    assert set(detections) <= set(observed) and len(observed) == len(set(observed))


def test_fusion_reports_its_publish_latency_in_diagnostics(rig) -> None:  # type: ignore[no-untyped-def]
    r, _ = rig
    r.diagnostics.clear()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "latency_ms_p99" not in r.diagnostics.get(OBSERVATION_DIAGNOSTIC_NAME, {}):
        r.feed(0.1)
    status = r.diagnostics[OBSERVATION_DIAGNOSTIC_NAME]
    assert int(status["published"]) > 0
    # Fed with wall-clock stamps: the newest sample is at most a feed period plus processing old.
    assert 0.0 <= float(status["latency_ms_p50"]) <= float(status["latency_ms_p99"]) < 1000.0


def test_a_sensor_that_stops_is_flagged_stale_within_three_periods(rig) -> None:  # type: ignore[no-untyped-def]
    r, _ = rig
    assert FUSION.stale_imu_s <= 3 * 0.01 + 1e-9  # 3 periods of the 100 Hz IMU
    r.feed(0.3)
    stop_ns = time.time_ns()
    r.observations.clear()
    r.feed(0.5, imu=False)
    flagged = [(t, o) for t, o in r.observations if (s := o.source("imu")) is not None and s.stale]
    assert flagged, "IMU never flagged stale"
    first_ms = (flagged[0][0] - stop_ns) * 1e-6
    # The flag rises after 3 periods and shows in the next observation (20 Hz), plus delivery.
    assert first_ms <= FUSION.stale_imu_s * 1000 + 1000 / FUSION.rate_hz + 60, first_ms
    assert math.isnan(flagged[-1][1].yaw_rate_radps)
    assert feed_until(r, lambda o: not o.source("imu").stale), "the flag clears once the IMU is back"


def _image(encoding: str, width: int, height: int, step: int, data: bytes) -> Image:
    msg = Image(encoding=encoding, width=width, height=height, step=step, data=data)
    msg.header.stamp.sec = int(time.time())
    return msg


def _published_until_logged(r: Rig, runner: GraphRunner, key: str, msg: object, text: str) -> bool:
    """Publish (again, best-effort transport may lose one) until the node logs ``text``."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        r.pubs[key].publish(msg)
        r.feed(0.1)
        if any(text in line for line in runner.lines["camera_node"]):
            return True
    return False


def test_bad_images_are_rejected_with_a_clear_log_line(rig) -> None:  # type: ignore[no-untyped-def]
    r, runner = rig
    now = time.time_ns()
    cases = [
        ("color_image", _image("bayer_rggb8", 4, 4, 4, b"\0" * 16), "not supported"),
        ("color_image", _image("rgb8", 0, 0, 0, b""), "empty"),
        ("color_image", _image("rgb8", 10, 10, 30, b"\0" * 12), "step 30, 12 bytes"),
        ("color_image", _image("rgb8", 2000, 1400, 6000, b"\0" * 6000 * 1400), "exceeds"),
        ("depth_image", _image("32FC3", 4, 4, 48, b"\0" * 192), "depth image encoding"),
    ]
    for key, msg, text in cases:
        assert _published_until_logged(r, runner, key, msg, text), text
    mismatch = sensors.depth_to_msg(replace(r.depth, stamp_ns=now, depth_m=np.ones((60, 80), np.float32)))
    colour = sensors.rgb_to_msg(replace(r.rgb, stamp_ns=now))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("differ in size" in x for x in runner.lines["camera_node"]):
        r.pubs["color_image"].publish(colour)
        r.pubs["depth_image"].publish(mismatch)
        threading.Event().wait(0.05)
    assert any("differ in size" in x for x in runner.lines["camera_node"])
    assert runner.dead_nodes() == []
    r.observations.clear()
    assert feed_until(r, lambda o: [x.color for x in o.objects] == ["red"])


def test_nan_and_bad_stamps_are_dropped_and_counted(rig) -> None:  # type: ignore[no-untyped-def]
    r, runner = rig
    # A stamp well apart from the rig's last frame, so the camera cannot pair this colour image
    # with that frame's depth image (pair_slop_s).
    slop_ns = int(load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node").pair_slop_s * 1e9)
    assert wait_for(lambda: time.time_ns() > getattr(r, "last_stamp_ns", 0) + 3 * slop_ns)
    now = time.time_ns()
    nan_depth = replace(r.depth, stamp_ns=now, depth_m=np.full((120, 160), np.nan, np.float32))
    nan_scan = LaserScan(now, "laser_link", -math.pi, 2 * math.pi / 90, 0.16, 8.0, np.full(90, np.nan, np.float32))
    r.pubs["scan"].publish(sensors.scan_to_msg(nan_scan, 0.1))
    r.pubs["depth_image"].publish(sensors.depth_to_msg(nan_depth))
    r.pubs["color_image"].publish(sensors.rgb_to_msg(replace(r.rgb, stamp_ns=now)))
    # A frame whose depth is all NaN has nothing to measure: no objects, no crash. A scan of NaN
    # ranges has no returns: nothing near, every sector at the maximum range.
    assert wait_for(lambda: now in r.detections) and r.detections[now] == ()
    # Fusion's fallback timer may publish an observation of this frame before the scan is in;
    # the observations that follow carry it.
    assert wait_for(lambda: any(o.stamp_ns >= now and o.scan.nearest_range_m == math.inf for _, o in r.observations))
    scan = next(o for _, o in r.observations if o.stamp_ns >= now and o.scan.nearest_range_m == math.inf).scan
    assert set(scan.sector_min_range_m) == {nan_scan.range_max_m}
    r.diagnostics.clear()

    def dropped(source: str) -> int:
        return int(r.diagnostics.get(f"fusion_node: {source}", {}).get("dropped", "0"))

    nan_imu = sensors.imu_to_msg(ImuSample(now, "imu_link", (0, 0, 0, 1), (math.nan, 0, 0), (0, 0, 9.8)))
    future = sensors.odometry_to_msg(Odometry(now + 10**10, Pose2D(0, 0, 0), 0, 0), "odom", "base_link")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (dropped("odom") < 2 or dropped("imu") < 1):
        r.pubs["imu"].publish(nan_imu)
        r.pubs["odom"].publish(future)
        r.feed(0.1)
        backwards = Odometry(time.time_ns() - 10**9, Pose2D(0, 0, 0), 0, 0)
        r.pubs["odom"].publish(sensors.odometry_to_msg(backwards, "odom", "base_link"))
        r.feed(0.1)
    assert dropped("imu") >= 1   # NaN IMU
    assert dropped("odom") >= 2  # future and backwards stamps
    assert runner.dead_nodes() == []
    r.observations.clear()
    assert feed_until(r, lambda o: o.all_fresh), [s for s in r.observations[-1][1].sources if s.stale]


def test_debug_image_and_markers_show_the_detections(rig) -> None:  # type: ignore[no-untyped-def]
    r, _ = rig
    got: dict[str, object] = {}
    contract_io.subscription(r.node, "markers", lambda m: got.__setitem__("markers", m))
    contract_io.subscription(r.node, "debug_image", lambda m: got.__setitem__("image", m))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(got) < 2:
        r.feed(0.1)
    assert len(got) == 2, got.keys()
    markers = got["markers"].markers  # type: ignore[attr-defined]
    texts = [m.text for m in markers if m.text]
    assert any(t.startswith("red ") for t in texts)
    image = sensors.rgb_from_msg(got["image"])  # type: ignore[arg-type]
    assert image.pixels.shape == r.rgb.pixels.shape
    assert not np.array_equal(image.pixels, r.rgb.pixels), "annotations drawn"


def test_a_frame_in_flight_when_ctrl_c_shuts_the_context_down_ends_the_detector_thread_quietly() -> None:
    """Ctrl-C invalidates the context at any instant, also between a check that it is valid and
    the publish of a detected frame: the detector thread then ends without a traceback and
    without a warning."""
    from lam_perception.camera_node import CameraNode

    class ShutdownOnPublish:
        """A publisher whose publish finds the context shut down the instant before, as a
        Ctrl-C that lands there does."""

        def __init__(self, publisher) -> None:  # type: ignore[no-untyped-def]
            self.publisher = publisher

        def publish(self, msg) -> None:  # type: ignore[no-untyped-def]
            rclpy.try_shutdown()
            self.publisher.publish(msg)

    rgb, depth, k = rendered_frame(one_red_box_scene(), sensors=SMALL_CAMERA)
    rclpy.init(args=["--ros-args", "--params-file", str(config_dir() / "camera_node.yaml"), "-p", "detector:=color"])
    node = None
    try:
        node = CameraNode()
        node.close()  # its own detector thread: the test runs the loop itself
        warnings: list[str] = []
        failures: list[BaseException] = []
        node._warn = lambda kind, text: warnings.append(text)  # type: ignore[method-assign]
        node._thumb_pub = ShutdownOnPublish(node._thumb_pub)  # type: ignore[assignment]
        node._stop = False
        node._intrinsics = k
        node._pending = (rgb, depth)

        def work() -> None:
            try:
                node._work()  # type: ignore[union-attr]
            except BaseException as exc:
                failures.append(exc)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout=30.0)
        assert not worker.is_alive(), "the detector thread did not end after the shutdown"
        assert not rclpy.ok(), "the publish never ran"
        assert failures == [], failures
        assert warnings == [], warnings
    finally:
        if node is not None:
            node.destroy_node()
        rclpy.try_shutdown()
