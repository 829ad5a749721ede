"""run_node's stop handling in a real process: a node whose teardown blocks still ends soon after
SIGINT, with its exit code, and says where it was blocked; a node whose context rclpy's own handler
does not shut down is shut down by run_node's backstop and ends cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

from lam_bringup.background import wait_until
from lam_core.errors import TEARDOWN_CUT_LINE
from lam_ros.node_main import SHUTDOWN_BACKSTOP_S, TEARDOWN_LIMIT_S
from lam_tools.line_process import LineProcess

BLOCKING_NODE = textwrap.dedent("""
    import threading
    from rclpy.node import Node
    from lam_ros.node_main import exit_process, run_node

    class BlockedTeardown(Node):
        def __init__(self):
            super().__init__("blocked_teardown")
            self._announce = self.create_timer(0.01, self._spinning)

        def _spinning(self):  # a timer fires only once the node spins
            self._announce.cancel()
            print("spinning", flush=True)

        def close(self):
            threading.Event().wait()  # a teardown that never ends, as one stuck in the middleware

    exit_process(run_node(BlockedTeardown))
""")


def _stopped(script: str) -> tuple[int, float, str]:
    """Run a node ``script`` until it spins, send it SIGINT as a terminal's Ctrl-C does: (exit code,
    seconds from the signal to the exit, its output)."""
    proc = LineProcess([sys.executable, "-c", script])
    try:
        assert wait_until(lambda: any("spinning" in line for line in proc.lines), 30.0, proc.running), proc.lines
        t0 = time.monotonic()
        proc.proc.send_signal(signal.SIGINT)
        code = proc.proc.wait(timeout=TEARDOWN_LIMIT_S + 5.0)
        took_s = time.monotonic() - t0
    except subprocess.TimeoutExpired:
        proc.proc.kill()
        raise
    proc.wait(5.0)
    return code, took_s, "\n".join(proc.lines)


def test_a_node_whose_teardown_blocks_ends_after_the_limit_with_code_0_and_its_stacks() -> None:
    code, took_s, text = _stopped(BLOCKING_NODE)
    assert code == 0, text
    assert TEARDOWN_LIMIT_S - 0.5 <= took_s <= TEARDOWN_LIMIT_S + 3.0, (took_s, text)
    assert TEARDOWN_CUT_LINE in text and "in close" in text, text


UNHANDLED_NODE = textwrap.dedent("""
    import rclpy
    from rclpy.node import Node
    from rclpy.signals import SignalHandlerOptions
    from lam_ros.node_main import exit_process, run_node

    _init = rclpy.init
    rclpy.init = lambda **kw: _init(**kw, signal_handler_options=SignalHandlerOptions.NO)  # rclpy shuts nothing down

    class Spinning(Node):
        def __init__(self):
            super().__init__("unhandled_stop")
            self._ticks = 0
            self.create_timer(0.05, self._tick)  # the spinning thread returns to Python: the signal is handled

        def _tick(self):
            self._ticks += 1
            if self._ticks == 1:
                print("spinning", flush=True)

    exit_process(run_node(Spinning))
""")


def test_a_context_that_the_stop_request_leaves_up_is_shut_down_by_the_backstop() -> None:
    code, took_s, text = _stopped(UNHANDLED_NODE)
    assert code == 0 and "still up" in text and TEARDOWN_CUT_LINE not in text, text
    assert SHUTDOWN_BACKSTOP_S <= took_s < TEARDOWN_LIMIT_S, (took_s, text)
