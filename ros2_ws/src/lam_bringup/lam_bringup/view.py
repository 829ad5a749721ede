"""`lam view`: a Foxglove WebSocket server of the contract topics, from a running graph or a bag.

    lam view [--namespace /r1] [--host 127.0.0.1] [--port 8765]     a live graph
    lam view --bag BAG [--rate 1.0] [--loop]                         a recorded bag (MCAP or sqlite3)

Open Foxglove, "Open connection" > "Foxglove WebSocket" at ws://HOST:PORT, and import the layout
config/foxglove_layout.json. Channels carry CDR bytes with their full ROS 2 definitions; colour
images go out as JPEG (sensor_msgs/CompressedImage on <topic>/compressed).

Nothing is subscribed until a client subscribes to a channel: the ROS subscription of a channel is
made when its first client subscribes and dropped when its last one leaves, and a bag plays only
while someone subscribes to it. Log times are the messages' header stamps (sim time in sim and
replay), else the latest /clock or stamp seen (the wall clock when nothing publishes /clock); a bag
plays at its recorded log times. Each client has its own bounded queue in the server: a client that
does not read loses its own oldest messages (and is disconnected if its control queue fills), never
those of the others, and never holds back the graph. Ctrl-C ends the view, exit status 0.
"""

from __future__ import annotations

import argparse
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lam_bringup.operator import int_arg, namespace_arg, port_arg
from lam_core.errors import LamError
from lam_core.untrusted import escape_control, printable

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765  # Foxglove's default
SPIN_TIMEOUT_S = 0.25  # the longest Ctrl-C waits for the ROS wait to return [s]
BACKLOG_MESSAGES = 256  # per client: the oldest data message of a client that does not read is dropped
IDLE_POLL_S = 0.1  # a bag without subscribers waits in steps of this [s, wall clock]
WARN_PERIOD_S = 5.0  # one warning of each kind per topic at most this often [s]


class _Log:
    """Prints throttled warnings (lam_ros.throttle.KeyedWarnings' logger)."""

    def warn(self, text: str) -> None:
        print(f"[view] warning: {text}", flush=True)


def _server(name: str, host: str, port: int, listener: Any, context: Any) -> Any:
    import foxglove

    try:
        return foxglove.start_server(name=name, host=host, port=port, server_listener=listener, context=context,
                                     message_backlog_size=BACKLOG_MESSAGES)
    except Exception as exc:  # the SDK raises RuntimeError for a port in use or an address it cannot bind
        raise LamError(f"cannot serve on {host}:{port}: {exc}") from None


def _foxglove_channels(channels: Iterable[Any], context: Any) -> dict[int, tuple[Any, Any]]:
    """Foxglove channel id -> (ViewChannel, foxglove.Channel)."""
    import foxglove

    from lam_tools.foxglove_view import MESSAGE_ENCODING

    out: dict[int, tuple[Any, Any]] = {}
    for vc in channels:
        schema = foxglove.Schema(name=vc.schema_name, encoding=vc.schema_encoding, data=vc.schema.encode("utf-8"))
        channel = foxglove.Channel(vc.topic, message_encoding=MESSAGE_ENCODING, schema=schema, context=context)
        out[channel.id()] = (vc, channel)
    return out


class _Requests:
    """Subscribe and unsubscribe events from the server's threads, queued for the thread that owns
    the ROS node or the bag (a callback of the server must not block on it)."""

    def __init__(self, wake: Callable[[], None] = lambda: None) -> None:
        self.queue: queue.SimpleQueue[tuple[bool, int, int]] = queue.SimpleQueue()
        self.wake = wake

    def on_subscribe(self, client: Any, channel: Any) -> None:
        self.queue.put((True, int(client.id), int(channel.id)))
        self.wake()

    def on_unsubscribe(self, client: Any, channel: Any) -> None:
        self.queue.put((False, int(client.id), int(channel.id)))
        self.wake()

    def drain(self) -> list[tuple[bool, int, int]]:
        out = []
        while True:
            try:
                out.append(self.queue.get_nowait())
            except queue.Empty:
                return out


# ---------------------------------------------------------------------------- live graph
class LiveView:
    """The ROS side of a live view: one raw subscription per channel someone watches. Runs in the
    thread that spins the node.

    Log times: a message's header stamp; for one without (robot_description, the goal's feedback)
    the latest of /clock and the stamps forwarded, or the wall clock when nothing publishes /clock
    (a robot). /clock is subscribed only while a header-less stream (the feedback) is watched or a
    latched message waits for a first time: its 100 Hz cost the view about 10 % of a core."""

    def __init__(self, node: Any, channels: dict[int, tuple[Any, Any]], quality: int) -> None:
        from lam_core.contract import contract
        from lam_ros.throttle import KeyedWarnings
        from lam_tools.foxglove_view import SubscriberCount

        self.node = node
        self.channels = channels
        self.quality = quality
        self.count = SubscriberCount()
        self.requests = _Requests()
        self.subscriptions: dict[int, Any] = {}
        self.latched: dict[int, tuple[bytes, int]] = {}  # channel id -> (wire bytes, log time) of its last message
        self.pending: dict[int, bytes] = {}  # header-less messages waiting for a first time
        self.time_ns: int | None = None  # the latest header stamp or /clock seen [ns]
        self.clock_subscription: Any = None
        self.clock_topic = contract().topic("clock").ros_name
        self.forwarded = 0
        self.warnings = KeyedWarnings(_Log(), WARN_PERIOD_S)

    def apply_requests(self) -> None:
        """Make and drop subscriptions for the queued subscribe/unsubscribe events."""
        for subscribe, client_id, channel_id in self.requests.drain():
            if channel_id not in self.channels:
                continue
            if subscribe:
                if self.count.add(client_id, channel_id):
                    self._subscribe(channel_id)
                elif channel_id in self.latched:  # a late client gets the latched message too
                    data, log_time = self.latched[channel_id]
                    self.channels[channel_id][1].log(data, log_time=log_time)
            elif self.count.remove(client_id, channel_id):
                self._unsubscribe(channel_id)
        if not self.subscriptions:
            self.time_ns = None
        self._update_clock()

    def _subscribe(self, channel_id: int) -> None:
        from lam_ros.contract_io import qos_profile

        vc, _ = self.channels[channel_id]
        callback = lambda data: self.forward(channel_id, data)  # noqa: E731
        self.subscriptions[channel_id] = self.node.create_subscription(
            _message_class(vc), vc.source_topic, callback, qos_profile(vc.qos, subscriber=True), raw=True)
        print(f"[view] subscribed to {vc.source_topic}", flush=True)

    def _unsubscribe(self, channel_id: int) -> None:
        subscription = self.subscriptions.pop(channel_id, None)
        if subscription is not None:
            self.node.destroy_subscription(subscription)
            print(f"[view] unsubscribed from {self.channels[channel_id][0].source_topic}", flush=True)
        self.latched.pop(channel_id, None)
        self.pending.pop(channel_id, None)

    def _needs_clock(self) -> bool:
        from lam_tools.foxglove_view import STAMP_NONE

        return bool(self.pending) or any(self.channels[c][0].stamp == STAMP_NONE and not self.channels[c][0].latched
                                         for c in self.subscriptions)

    def _update_clock(self) -> None:
        from lam_ros.contract_io import subscription

        needed = self._needs_clock()
        if needed and self.clock_subscription is None:
            self.clock_subscription = subscription(self.node, "clock", self._on_clock, raw=True)
        elif not needed and self.clock_subscription is not None:
            self.node.destroy_subscription(self.clock_subscription)
            self.clock_subscription = None

    def _on_clock(self, data: bytes) -> None:
        from lam_tools.foxglove_view import clock_stamp_ns

        stamp = clock_stamp_ns(data)
        if stamp is None:
            return
        self.time_ns = stamp
        held, self.pending = self.pending, {}
        for channel_id, message in held.items():
            self._log(channel_id, message, stamp)
        self._update_clock()

    def forward(self, channel_id: int, data: bytes) -> None:
        """A raw message of a watched channel onto the wire (recompressed if an image). A message
        that cannot be served is dropped with a throttled warning naming its topic."""
        from lam_tools.foxglove_view import compress_image, header_stamp_ns

        vc, _ = self.channels[channel_id]
        try:
            stamp = header_stamp_ns(data, vc.stamp)
            if vc.compress:
                data = compress_image(data, self.quality)
            if stamp is not None:
                self.time_ns = stamp
                log_time: int | None = stamp
            else:
                log_time = self._graph_time_ns()
            if log_time is None:  # /clock is published but no time is known yet
                self.pending[channel_id] = data
                self._update_clock()
                return
            self._log(channel_id, data, log_time)
        except LamError as exc:
            self.warnings.warn(vc.source_topic, f"{vc.source_topic}: message dropped: {escape_control(str(exc))}")
        except Exception as exc:  # the callback boundary: a bad message never ends the view
            self.warnings.warn(vc.source_topic, f"{vc.source_topic}: message dropped: {type(exc).__name__}: "
                               f"{escape_control(str(exc))}")

    def _log(self, channel_id: int, data: bytes, log_time: int) -> None:
        vc, channel = self.channels[channel_id]
        if vc.latched:
            self.latched[channel_id] = (data, log_time)
        channel.log(data, log_time=log_time)
        self.forwarded += 1

    def _graph_time_ns(self) -> int | None:
        if self.time_ns is not None:
            return self.time_ns
        if self.node.count_publishers(self.clock_topic) == 0:
            return time.time_ns()
        return None

    def close(self) -> None:
        for channel_id in list(self.subscriptions):
            self._unsubscribe(channel_id)
        self._update_clock()


def _message_class(vc: Any) -> Any:
    """The rclpy class of a channel's source type ("pkg/msg/Type", or the goal's feedback)."""
    from lam_core.contract import contract
    from lam_ros.contract_io import interface_type
    from lam_tools.foxglove_view import FEEDBACK_ACTION_KEY, FEEDBACK_KEY

    if vc.key == FEEDBACK_KEY:
        return interface_type(contract().action(FEEDBACK_ACTION_KEY).type, "action").Impl.FeedbackMessage
    package, _, name = vc.source_type.split("/")
    return interface_type(f"{package}/{name}", "msg")


def serve_live(args: argparse.Namespace, stop: threading.Event) -> int:
    import foxglove
    import rclpy
    from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
    from rclpy.node import Node
    from rclpy.signals import SignalHandlerOptions

    from lam_tools.foxglove_view import live_channels

    fox_context = foxglove.Context()
    channels = _foxglove_channels(live_channels(args.namespace), fox_context)
    context = rclpy.Context()
    rclpy.init(context=context, args=[], signal_handler_options=SignalHandlerOptions.NO)
    node = Node("lam_view", namespace=args.namespace, context=context)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    view = LiveView(node, channels, args.jpeg_quality)
    wake = node.create_guard_condition(view.apply_requests)
    view.requests.wake = wake.trigger
    server = None
    try:
        server = _server("lam view", args.host, args.port, view.requests, fox_context)
        print(f"[view] serving {len(channels)} topics of namespace {args.namespace} on ws://{args.host}:{server.port} "
              "(Foxglove: Open connection > Foxglove WebSocket; layout config/foxglove_layout.json); Ctrl-C to stop",
              flush=True)
        while not stop.is_set() and context.ok():
            try:
                executor.spin_once(timeout_sec=SPIN_TIMEOUT_S)
            except ExternalShutdownException:
                break
    finally:
        if server is not None:
            server.stop()
        view.close()
        executor.shutdown(timeout_sec=1.0)
        node.destroy_node()
        rclpy.try_shutdown(context=context)
    print(f"[view] stopped: {view.forwarded} message(s) forwarded", flush=True)
    return EXIT_OK


# ---------------------------------------------------------------------------- bag playback
class BagView:
    """Plays a bag's messages onto the channels that someone watches, at the recorded pace."""

    def __init__(self, channels: dict[int, tuple[Any, Any]], quality: int, rate: float) -> None:
        from lam_ros.throttle import KeyedWarnings
        from lam_tools.foxglove_view import Pacer, SubscriberCount

        self.channels = channels
        self.by_topic = {vc.source_topic: channel_id for channel_id, (vc, _) in channels.items()}
        self.quality = quality
        self.pacer = Pacer(rate)
        self.count = SubscriberCount()
        self.requests = _Requests()
        self.latched: dict[int, tuple[bytes, int]] = {}
        self.forwarded = 0
        self.warnings = KeyedWarnings(_Log(), WARN_PERIOD_S)

    def apply_requests(self) -> None:
        for subscribe, client_id, channel_id in self.requests.drain():
            if channel_id not in self.channels:
                continue
            if subscribe:
                self.count.add(client_id, channel_id)
                if channel_id in self.latched:
                    data, log_time = self.latched[channel_id]
                    self.channels[channel_id][1].log(data, log_time=log_time)
            else:
                self.count.remove(client_id, channel_id)

    def wait_for_subscriber(self, stop: threading.Event) -> bool:
        """True once a client subscribes to something; False on Ctrl-C."""
        while not stop.is_set():
            self.apply_requests()
            if self.count.channels():
                return True
            stop.wait(IDLE_POLL_S)
        return False

    def play(self, messages: Iterable[Any], stop: threading.Event) -> bool:
        """Every message of one pass at its time; False when interrupted."""
        from lam_tools.foxglove_view import compress_image

        resumed = True
        for msg in messages:
            channel_id = self.by_topic.get(msg.topic)
            if channel_id is None:
                continue
            vc, channel = self.channels[channel_id]
            self.apply_requests()
            if not self.count.channels():
                if not self.wait_for_subscriber(stop):
                    return False
                resumed = True
            if resumed:
                self.pacer.reset(msg.stamp_ns, time.monotonic())
                resumed = False
            delay = self.pacer.delay_s(msg.stamp_ns, time.monotonic())
            if delay > 0.0 and stop.wait(delay):
                return False
            watched = self.count.count(channel_id) > 0
            if not (watched or vc.latched):
                continue
            data = msg.data
            if vc.compress:
                try:
                    data = compress_image(data, self.quality)
                except LamError as exc:
                    self.warnings.warn(vc.source_topic, f"{vc.source_topic}: message dropped: {escape_control(str(exc))}")
                    continue
            if vc.latched:
                self.latched[channel_id] = (data, msg.stamp_ns)
            if watched:
                channel.log(data, log_time=msg.stamp_ns)
                self.forwarded += 1
        return not stop.is_set()


def serve_bag(args: argparse.Namespace, stop: threading.Event) -> int:
    import foxglove

    from lam_tools.foxglove_view import bag_channels, bag_messages, bag_topics

    path = Path(args.bag)
    topics = bag_topics(path)  # BagError (exit 2) before anything is served
    fox_context = foxglove.Context()
    channels = _foxglove_channels(bag_channels(topics), fox_context)
    view = BagView(channels, args.jpeg_quality, args.rate)
    server = _server("lam view (bag)", args.host, args.port, view.requests, fox_context)
    try:
        print(f"[view] serving bag {path} ({len(channels)} topics, rate {args.rate:g}{', loop' if args.loop else ''}) "
              f"on ws://{args.host}:{server.port}; it plays while a client subscribes; Ctrl-C to stop", flush=True)
        passes = 0
        while view.wait_for_subscriber(stop):
            if not view.play(bag_messages(path), stop):
                break
            passes += 1
            if not args.loop:
                print(f"[view] end of bag ({view.forwarded} message(s) forwarded); latched topics stay served; "
                      "Ctrl-C to stop", flush=True)
                while not stop.wait(IDLE_POLL_S):
                    view.apply_requests()
                break
            server.clear_session()  # clients drop what they hold: time starts again
            print(f"[view] pass {passes} done; playing again", flush=True)
    finally:
        server.stop()
    print(f"[view] stopped: {view.forwarded} message(s) forwarded", flush=True)
    return EXIT_OK


# ---------------------------------------------------------------------------- command line
def rate_arg(text: str) -> float:
    """A playback rate: a positive, finite factor of the recorded pace (at most 100)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {printable(text)}") from None
    if not math.isfinite(value) or value <= 0.0 or value > 100.0:
        raise argparse.ArgumentTypeError(f"rate must be > 0 and <= 100, got {printable(text)}")
    return value


quality_arg = int_arg("JPEG quality", 1, 100)
nice_arg = int_arg("niceness", 0, 19)
VIEW_NICE = 10  # the view yields the CPU to the nodes that drive


def cmd_view(args: argparse.Namespace) -> int:
    """Serve a live graph (or --bag) to Foxglove until Ctrl-C; exit 0. LamError for a bag that
    cannot be read or an address that cannot be bound (`lam` prints it, exit 2)."""
    from lam_tools.runner import install_signal_handlers

    if args.bag is not None and args.namespace != "/":
        raise LamError("--namespace is for a live graph; a bag is served under the topic names it holds")
    from lam_core.console import lower_cpu_priority

    stop = threading.Event()
    install_signal_handlers(stop)
    lower_cpu_priority(args.nice)
    if args.bag is not None:
        return serve_bag(args, stop)
    return serve_live(args, stop)


def add_parsers(sub: Any) -> None:
    """Register `view` on the `lam` sub-command parser."""
    from lam_tools.foxglove_view import JPEG_QUALITY

    p_view = sub.add_parser("view", help="Foxglove WebSocket view of a running graph or a bag (camera, detections, "
                            "scan, TF, robot, plan, feedback, diagnostics); open ws://HOST:PORT in Foxglove")
    p_view.add_argument("--namespace", type=namespace_arg, default="/",
                        help="the robot's namespace: relative contract names resolve in it (default /; live graph only)")
    p_view.add_argument("--host", default=DEFAULT_HOST, help=f"address to serve on (default {DEFAULT_HOST}: this machine only)")
    p_view.add_argument("--port", type=port_arg, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0: any free port)")
    p_view.add_argument("--bag", default=None, help="play this bag (rosbag2 folder, MCAP or sqlite3) instead of a live graph")
    p_view.add_argument("--rate", type=rate_arg, default=1.0, help="bag playback speed, a factor of the recorded pace (default 1)")
    p_view.add_argument("--loop", action="store_true", help="play the bag again and again")
    p_view.add_argument("--jpeg-quality", type=quality_arg, default=JPEG_QUALITY,
                        help=f"JPEG quality of the camera images on the wire, 1-100 (default {JPEG_QUALITY})")
    p_view.add_argument("--nice", type=nice_arg, default=VIEW_NICE,
                        help=f"CPU niceness added to the view, 0-19 (default {VIEW_NICE}: the nodes that drive come first)")
    p_view.set_defaults(func=cmd_view)
