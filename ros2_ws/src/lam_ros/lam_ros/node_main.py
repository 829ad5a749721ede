"""main() for every LAM node: init, build, spin, and a clean shutdown on Ctrl-C/SIGTERM."""

from __future__ import annotations

import sys
from collections.abc import Callable

import rclpy
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor, SingleThreadedExecutor
from rclpy.node import Node

from lam_core.errors import LamError

EXIT_CONFIG_ERROR = 2


def run_node(factory: Callable[[], Node], multithreaded: bool = False, args: list[str] | None = None) -> int:
    """Create the node with ``factory`` and spin it until shutdown. Returns the exit code."""
    try:
        rclpy.init(args=args if args is not None else sys.argv)  # handles SIGINT and SIGTERM
    except Exception as exc:  # rcl raises plain RuntimeError subclasses for bad --ros-args
        print(f"cannot start: {exc}", file=sys.stderr, flush=True)
        return EXIT_CONFIG_ERROR
    node: Node | None = None
    executor = MultiThreadedExecutor(num_threads=3) if multithreaded else SingleThreadedExecutor()
    code = 0
    try:
        node = factory()
        executor.add_node(node)
        executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except LamError as exc:
        print(f"[FATAL] {exc}", file=sys.stderr, flush=True)
        code = EXIT_CONFIG_ERROR
    except Exception as exc:
        if rclpy.ok():  # a real failure, not a callback racing the shutdown
            print(f"[FATAL] {exc!r}", file=sys.stderr, flush=True)
            code = 1
    finally:
        close = getattr(node, "close", None)
        if callable(close):
            close()
        executor.shutdown(timeout_sec=1.0)
        if node is not None:
            node.destroy_node()
        rclpy.try_shutdown()
    return code
