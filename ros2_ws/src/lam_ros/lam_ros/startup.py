"""Entry points of the node executables. A node takes seconds to import (torch, MuJoCo); Ctrl-C or
SIGTERM in that time ends it at once with status 0, not with a KeyboardInterrupt traceback from
inside an import. Standard library only, so it is in force before anything heavy is loaded;
run_node hands both signals to rclpy once the node is being built."""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable


def _exit_cleanly(signum: int, frame: object) -> None:
    os._exit(0)  # nothing to tear down yet: no participant, no node


def node_entry(module: str) -> Callable[[], None]:
    """The console-script function for the node in ``module`` (which has a main())."""

    def main() -> None:
        signal.signal(signal.SIGINT, _exit_cleanly)
        signal.signal(signal.SIGTERM, _exit_cleanly)
        importlib.import_module(module).main()

    return main
