"""main() for every LAM node: init, build, spin, and a clean shutdown on Ctrl-C/SIGTERM."""

from __future__ import annotations

import faulthandler
import os
import select
import signal
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import NoReturn

import rclpy
from rclpy.executors import ExternalShutdownException, SingleThreadedExecutor
from rclpy.node import Node

from lam_core.errors import TEARDOWN_CUT_LINE, LamError

EXIT_CONFIG_ERROR = 2
PARENT_POLL_S = 1.0
SHUTDOWN_GRACE_S = 0.5
TEARDOWN_LIMIT_S = 3.0  # a teardown that takes longer is cut short (runners wait 6 s before SIGKILL) [s]
HARD_LIMIT_EXTRA_S = 1.5  # after the limit, when even that cannot run: faulthandler ends it, status 1 [s]
SHUTDOWN_BACKSTOP_S = 0.5  # a context still up this long after a stop request is shut down by us [s]

# The process that started this node (lam, ros2 launch), taken when the node's main module imports
# this one: a launcher killed while the node is still being built (loading a model can take
# seconds) must be noticed too, and by then this process has been handed to another parent.
LAUNCHER_PID = os.getppid()


def _exit_with_parent(launcher_pid: int = LAUNCHER_PID) -> None:
    """Shut down when the process that started this node is gone (or the pipe it read our output
    from is closed), so a killed launcher never leaves nodes running. Watched from rclpy.init on,
    through the node's construction and its spin, every PARENT_POLL_S."""

    def watch() -> None:
        while rclpy.ok():
            if os.getppid() != launcher_pid or _output_unread():
                _say("[FATAL] the launching process is gone; shutting down")
                if not _spinning.is_set():  # still being built: nothing to tear down yet
                    exit_process(0)
                _arm_exit_deadline()  # as for a stop request: ended within the limit, whatever the teardown blocks on
                rclpy.try_shutdown()
                return
            time.sleep(PARENT_POLL_S)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _output_unread() -> bool:
    """True when stdout or stderr is a pipe whose read end is closed: the launcher that read our
    output is gone, even when it died before this module was imported (before LAUNCHER_PID)."""
    for fd in (1, 2):
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                continue
            poller = select.poll()
            poller.register(fd, 0)  # POLLERR, reported whatever the mask, means no reader is left
            if any(event & select.POLLERR for _, event in poller.poll(0)):
                return True
        except OSError:
            continue
    return False


def _say(line: str) -> None:
    """One line to stderr, whose reader (a killed launcher) may be gone with the pipe closed."""
    try:
        print(line, file=sys.stderr, flush=True)
    except OSError:
        pass


def _shutting_down(grace_s: float = SHUTDOWN_GRACE_S) -> bool:
    """True when the context is shut down now or within ``grace_s``: a callback that failed while
    a SIGINT/SIGTERM was being handled raced the shutdown rather than crashed the node."""
    deadline = time.monotonic() + grace_s
    while rclpy.ok():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


_spinning = threading.Event()


def _stop_requested(signum: int, frame: object) -> None:
    """Python's part of SIGINT/SIGTERM handling. rclpy's own handler, which runs first, has shut
    the context down, so a spinning node returns from spin and tears down. A node still being
    built (loading a model can take seconds) has done nothing yet: it ends at once, status 0."""
    if not _spinning.is_set():
        exit_process(0)
    _arm_exit_deadline()
    _shut_down_if_still_up()


_backstop_armed = threading.Lock()


def _shut_down_if_still_up(after_s: float = SHUTDOWN_BACKSTOP_S) -> None:
    """rclpy's handler shuts the context down on SIGINT/SIGTERM, and spin returns. Once in a CI run
    `sim_node` was still spinning 3 s after the stop request, its context up, and was ended by the
    teardown deadline with its DDS participant alive (which can leave a shared-memory port locked,
    docs/decisions.md). So, from a helper thread (never from inside the signal handler, which
    interrupted the spinning thread), the context is shut down ``after_s`` after the request if it
    is still up; the node then tears down as usual. Arming it again does nothing."""
    if not _backstop_armed.acquire(blocking=False):
        return

    def backstop() -> None:
        try:
            still_up = rclpy.ok()
        except Exception:  # the context is already destroyed: the teardown is past this point
            return
        if still_up:
            _say(f"[WARN] the context was still up {after_s:g} s after the stop request; shutting it down")
            rclpy.try_shutdown()

    timer = threading.Timer(after_s, backstop)
    timer.daemon = True
    timer.start()


def exit_process(code: int) -> NoReturn:
    """End the node's process now with ``code`` (after run_node has shut the node down): the
    interpreter's own teardown of torch and the model libraries takes 2-4 s here, longer than a
    launcher waits after Ctrl-C, and there is nothing left for it to do."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader of our output (a killed launcher) is gone
            pass
    os._exit(code)


_exit_code = 0
_deadline_armed = threading.Lock()


def _arm_exit_deadline(limit_s: float = TEARDOWN_LIMIT_S) -> None:
    """From a stop request on, the process ends within ``limit_s`` whatever it is blocked in: if it
    is still there then, every thread's stack goes to stderr and it exits with the node's code. A
    spin held up by a callback, or a teardown blocked in the middleware, must neither leave the
    process to a runner's SIGKILL nor hide where it hung. Arming it again does nothing."""
    if not _deadline_armed.acquire(blocking=False):
        return

    def expired() -> None:
        _say(f"{TEARDOWN_CUT_LINE} {limit_s:g} s after the stop request; ending the process. Threads:")
        try:
            faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        finally:
            exit_process(_exit_code)

    timer = threading.Timer(limit_s, expired)
    timer.daemon = True
    timer.start()
    # A thread blocked in the middleware while holding the interpreter lock would keep the timer
    # from running: faulthandler's own watchdog thread needs no lock; it prints the stacks and
    # ends the process with status 1, still before a runner's SIGKILL.
    faulthandler.dump_traceback_later(limit_s + HARD_LIMIT_EXTRA_S, exit=True, file=sys.stderr)


def run_node(factory: Callable[[], Node], args: list[str] | None = None) -> int:
    """Create the node with ``factory`` and spin it until shutdown. Returns the exit code."""
    # rclpy's handlers shut the context down (spin returns) and then call these: no
    # KeyboardInterrupt is raised at some random line of the node's construction or teardown.
    signal.signal(signal.SIGINT, _stop_requested)
    signal.signal(signal.SIGTERM, _stop_requested)
    try:
        rclpy.init(args=args if args is not None else sys.argv)  # handles SIGINT and SIGTERM
    except Exception as exc:  # rcl raises plain RuntimeError subclasses for bad --ros-args
        print(f"cannot start: {exc}", file=sys.stderr, flush=True)
        return EXIT_CONFIG_ERROR
    _exit_with_parent()
    node: Node | None = None
    executor = SingleThreadedExecutor()
    code = 0
    try:
        node = factory()
        executor.add_node(node)
        _spinning.set()
        executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except LamError as exc:
        print(f"[FATAL] {exc}", file=sys.stderr, flush=True)
        code = EXIT_CONFIG_ERROR
    except Exception as exc:
        if not _shutting_down():  # a real failure, not a callback racing the shutdown
            print(f"[FATAL] {exc!r}\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            code = 1
    finally:
        # Once: a terminal's Ctrl-C reaches every process of the group and the launcher then
        # signals each node again; a second SIGINT must not break the teardown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        global _exit_code
        _exit_code = code
        _arm_exit_deadline()
        close = getattr(node, "close", None)
        if callable(close):
            close()
        executor.shutdown(timeout_sec=1.0)
        if node is not None:
            node.destroy_node()
        rclpy.try_shutdown()
        # Delete the DDS participant now, so its shared-memory listener lets go of its port lock
        # before exit_process ends the process: a process that ends holding that lock stalls
        # every peer still writing into the port, 1 s per message (docs/decisions.md).
        rclpy.get_default_context().destroy()
    return code
