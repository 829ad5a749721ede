"""`lam console`: the operator web page for a running graph (`lam run`, `lam demo`, a robot, a
replay), served by console_node on one port until Ctrl-C.

    lam console [--namespace /robot1] [--host 127.0.0.1] [--port 8080] [--token TOKEN]

The node starts as its own process (the executable of package lam_console) with
config/console_node.yaml and these options over it; the token goes through a params file only this
user can read, never on a command line other users can list. Exit status: the node's (0 after
Ctrl-C, 2 for a bad option or a port in use), 130 if it had to be stopped.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import yaml

from lam_bringup.operator import EXIT_INTERRUPTED, namespace_arg, port_arg
from lam_core.errors import ConfigError
from lam_core.paths import config_file, dds_environment

NODE_NAME = "console_node"
STOP_WAIT_S = 8.0  # after Ctrl-C the node gets this long to stop before it is terminated [s]


def token_arg(text: str) -> str:
    """A token without white space or control characters."""
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise argparse.ArgumentTypeError("the token must be non-empty, without white space or control characters")
    return text


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The parameters given on the command line, over config/console_node.yaml."""
    params: dict[str, Any] = {}
    if args.host is not None:
        params["host"] = args.host
    if args.port is not None:
        params["port"] = args.port
    if args.token is not None:
        params["token"] = args.token
    return params


def console_node_spec() -> Any:
    """The console node as a graph node (lam_tools.graph.NodeSpec) with its shipped parameters."""
    from lam_tools.graph import NodeSpec

    return NodeSpec("lam_console", NODE_NAME, (config_file("console_node.yaml"),))


def node_command(args: argparse.Namespace, params_file: Path | None) -> list[str]:
    """The console node's command line in ``args.namespace``, with ``params_file`` (the overrides) last."""
    from lam_tools.graph import node_command as graph_node_command

    cmd: list[str] = graph_node_command(console_node_spec(), False, None, args.namespace)
    return cmd + (["--params-file", str(params_file)] if params_file is not None else [])


def cmd_console(args: argparse.Namespace) -> int:
    """Run console_node until Ctrl-C (or until it exits); return its exit status."""
    params = overrides(args)
    with tempfile.TemporaryDirectory(prefix="lam_console_") as folder:
        params_file = None
        if params:
            params_file = Path(folder) / "console_node.yaml"
            fd = os.open(params_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # the token may be in it
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                yaml.safe_dump({f"/**/{NODE_NAME}": {"ros__parameters": params}}, fh)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for key, value in dds_environment().items():
            env.setdefault(key, value)
        try:
            proc = subprocess.Popen(node_command(args, params_file), env=env)
        except OSError as exc:
            raise ConfigError(f"cannot start {NODE_NAME}: {exc}") from exc
        return _wait(proc)


def _wait(proc: subprocess.Popen[bytes]) -> int:
    """The node's exit status. Ctrl-C in a terminal reaches the node too; it gets STOP_WAIT_S to
    stop, then SIGTERM, then SIGKILL."""
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_WAIT_S / 2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return EXIT_INTERRUPTED
    return EXIT_INTERRUPTED if code < 0 else code


def add_parsers(sub: Any) -> None:
    """Register `console` on the `lam` sub-command parser."""
    p = sub.add_parser("console", help="the operator web page for a running graph: camera, plan, map, goals, "
                       "questions and a STOP button (until Ctrl-C)")
    p.add_argument("--namespace", type=namespace_arg, default="/",
                   help="the robot's namespace: relative contract names resolve in it (default /)")
    p.add_argument("--host", default=None,
                   help="address to serve on (default: config/console_node.yaml, 127.0.0.1; 0.0.0.0 serves every "
                        "interface: set --token then)")
    p.add_argument("--port", type=port_arg, default=None, help="TCP port (default: config/console_node.yaml, 8080)")
    p.add_argument("--token", type=token_arg, default=None,
                   help="require this token on every data and command request; open the page as /?token=TOKEN")
    p.set_defaults(func=cmd_console)
