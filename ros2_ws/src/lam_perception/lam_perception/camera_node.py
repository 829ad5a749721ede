"""camera_node: coloured objects with 3-D positions in base_link from RGB-D, on /lam/objects,
and a small RGB thumbnail of each processed frame (same stamp) for the model, on /lam/thumbnail.

Callbacks only store the newest colour/depth pair; a worker thread runs the detector, so
detection never blocks the sensor callbacks. Frames that arrive while the worker is busy
replace the waiting pair (counted as skipped).

Every frame is checked before detection (lam_core.perception.frame_check): a covered or
over-exposed frame gives no objects, and the frame's condition goes out on /diagnostics
("camera_node: frame") when it changes and at most once a second otherwise.

Colour comes raw (color_image: rgb8, bgr8, rgba8, bgra8, mono8, mono16, yuv422, yuv422_yuy2) or,
with color_transport: compressed, as JPEG/PNG (color_image_compressed, decoded in the callback).
The camera's mount in base_link comes from the robot description.
"""

from __future__ import annotations

import threading
from collections import deque

import cv2
import rclpy

from lam_core.contract import contract
from lam_core.datatypes import CameraIntrinsics, DepthImage, RgbImage
from lam_core.errors import LamError
from lam_core.node_configs import CameraNodeConfig
from lam_core.perception.color_objects import draw_detections, thumbnail
from lam_core.perception.factory import camera_mount, make_detector
from lam_core.perception.image_formats import check_image_size
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

PAIR_BUFFER = 4  # colour and depth images kept while waiting for their partner
DIAGNOSTICS_PERIOD_NS = 1_000_000_000  # the frame condition at most this often while it does not change
FRAME_DIAGNOSTIC_NAME = "camera_node: frame"


class CameraNode(LamNode):
    def __init__(self) -> None:
        super().__init__("camera_node")
        self.cfg = declare_config(self, CameraNodeConfig)
        cv2.setNumThreads(self.cfg.opencv_threads if self.cfg.opencv_threads > 0 else -1)  # -1: OpenCV's default
        self.mount = camera_mount()
        self.detector = make_detector(self.cfg, self.mount)
        self.base_frame = contract().frame("base")
        self._intrinsics: CameraIntrinsics | None = None
        self._colors: deque[RgbImage] = deque(maxlen=PAIR_BUFFER)
        self._depths: deque[DepthImage] = deque(maxlen=PAIR_BUFFER)
        self._pending: tuple[RgbImage, DepthImage] | None = None
        self._cv = threading.Condition()
        self._stop = False
        self.skipped = 0
        self._warnings = KeyedWarnings(self.get_logger())
        self._pub = contract_io.publisher(self, "objects")
        self._thumb_pub = contract_io.publisher(self, "thumbnail")
        self._debug_pub = contract_io.publisher(self, "debug_image")
        self._marker_pub = contract_io.publisher(self, "markers")
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        self._last_diag: tuple[int, tuple[str, ...]] = (-(1 << 62), ())  # (frame stamp [ns], problems) last reported
        self._debug_period_ns = round(1e9 / self.cfg.debug_image_max_hz)
        self._last_debug_ns = -(1 << 62)  # frame stamp of the latest debug image [ns]
        contract_io.subscription(self, "camera_info", self._on_info)
        if self.cfg.color_transport == "compressed":
            contract_io.subscription(self, "color_image_compressed", self._on_color_compressed)
        else:
            contract_io.subscription(self, "color_image", self._on_color)
        contract_io.subscription(self, "depth_image", self._on_depth)
        self._worker = threading.Thread(target=self._work, name="detector", daemon=True)
        self._worker.start()

    def _warn(self, kind: str, text: str) -> None:
        self._warnings.warn(kind, text)

    def _on_info(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            self._intrinsics = sensors.intrinsics_from_msg(msg)
        except LamError as exc:
            self._warn("camera_info", f"camera_info ignored: {exc}")

    def _on_color(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            check_image_size(msg.width, msg.height, self.cfg.max_pixels)
            self._colors.append(sensors.rgb_from_msg(msg))
        except LamError as exc:
            self._warn(f"colour: {str(exc)[:48]}", f"colour image ignored: {exc}")
            return
        self._try_pair()

    def _on_color_compressed(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            self._colors.append(sensors.rgb_from_compressed_msg(msg, self.cfg.max_pixels))
        except LamError as exc:
            self._warn(f"colour: {str(exc)[:48]}", f"colour image ignored: {exc}")
            return
        self._try_pair()

    def _on_depth(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            check_image_size(msg.width, msg.height, self.cfg.max_pixels)
            self._depths.append(sensors.depth_from_msg(msg))
        except LamError as exc:
            self._warn(f"depth: {str(exc)[:48]}", f"depth image ignored: {exc}")
            return
        self._try_pair()

    def _try_pair(self) -> None:
        """Pair the newest colour and depth images whose stamps are within the slop; older
        unpaired images are dropped (their partner was lost or arrives out of order)."""
        slop_ns = int(self.cfg.pair_slop_s * 1e9)
        for color in reversed(self._colors):
            depth = next((d for d in reversed(self._depths) if abs(d.stamp_ns - color.stamp_ns) <= slop_ns), None)
            if depth is None:
                continue
            while self._colors and self._colors[0].stamp_ns <= color.stamp_ns:
                self._colors.popleft()
            while self._depths and self._depths[0].stamp_ns <= depth.stamp_ns:
                self._depths.popleft()
            with self._cv:
                if self._pending is not None:
                    self.skipped += 1
                self._pending = (color, depth)
                self._cv.notify()
            return

    def _work(self) -> None:
        """The detector thread: one waiting frame pair at a time until close() or shutdown. A
        publish that races the shutdown (Ctrl-C invalidates the context at any instant) ends the
        thread quietly; any other failure is logged and the next frame is tried."""
        while True:
            with self._cv:
                while self._pending is None and not self._stop:
                    self._cv.wait()
                if self._stop:
                    return
                color, depth = self._pending  # type: ignore[misc]
                self._pending = None
            try:
                self._process(color, depth)
            except Exception as exc:
                if self._stop or not rclpy.ok(context=self.context):
                    return
                self._warn(f"worker: {type(exc).__name__}", f"frame at {color.stamp_ns * 1e-9:.3f} s failed: {exc!r}")

    def _process(self, color: RgbImage, depth: DepthImage) -> None:
        """Detect objects in one colour/depth pair and publish them, the thumbnail, the frame's
        condition and, when someone looks, the debug image and markers."""
        k = self._intrinsics
        if k is None:
            self._warn("no camera_info", "no camera_info yet; frame skipped")
            return
        try:
            detections = self.detector.detect_frame(color, depth, k)
        except LamError as exc:
            self._warn(f"frame: {str(exc)[:48]}", f"frame skipped: {exc}")
            return
        small = thumbnail(color, self.cfg.thumbnail_width, self.cfg.thumbnail_height)
        self._thumb_pub.publish(sensors.rgb_to_msg(small))
        objects = list(detections.objects)
        self._pub.publish(lam_convert.objects_to_msg(objects, color.stamp_ns, self.base_frame, detections.problems,
                                                     detections.low_obstacles))
        self._report_frame(color.stamp_ns)  # after the objects: the agent waits for them, not for this
        # Visualisation only when someone looks (RViz, Foxglove, the console), at most
        # debug_image_max_hz: it costs a copy, a draw and a full frame on the wire.
        if not 0 <= color.stamp_ns - self._last_debug_ns < self._debug_period_ns:
            self._last_debug_ns = color.stamp_ns
            if self._debug_pub.get_subscription_count() > 0:
                self._debug_pub.publish(sensors.rgb_to_msg(draw_detections(color, objects, k, self.mount)))
            if self._marker_pub.get_subscription_count() > 0:
                self._marker_pub.publish(lam_convert.objects_to_markers(objects, color.stamp_ns, self.base_frame, 0.5))

    def _report_frame(self, stamp_ns: int) -> None:
        """The latest frame's condition on /diagnostics: when its problems change, else at most
        once per DIAGNOSTICS_PERIOD_NS of frame time; a warning in the log while it is unusable."""
        condition = self.detector.last
        if condition is None:
            return
        last_ns, last_problems = self._last_diag
        if condition.problems == last_problems and 0 <= stamp_ns - last_ns < DIAGNOSTICS_PERIOD_NS:
            return
        self._last_diag = (stamp_ns, condition.problems)
        if not condition.usable:
            self._warn(f"frame {condition.problems}", f"camera frame {', '.join(condition.problems)}: no objects "
                       f"reported (mean luma {condition.mean_luma:.0f}, saturated {condition.saturated_share:.0%})")
        level = diagnostics.OK if not condition.problems else diagnostics.WARN if condition.usable else diagnostics.ERROR
        message = ", ".join(condition.problems) or "ok"
        values = {"mean_luma": round(condition.mean_luma, 1), "luma_std": round(condition.luma_std, 1),
                  "dark_share": round(condition.dark_share, 3), "saturated_share": round(condition.saturated_share, 3),
                  "depth_known_share": round(condition.depth_known_share, 3), "usable": condition.usable}
        self._diag_pub.publish(diagnostics.array(stamp_ns, [diagnostics.status(FRAME_DIAGNOSTIC_NAME, level, message,
                                                                                 values)]))

    def close(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify()
        self._worker.join(timeout=2.0)


def main() -> None:
    exit_process(run_node(CameraNode))


if __name__ == "__main__":
    main()
