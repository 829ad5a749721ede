"""A sim graph of a test module's own (with the node parameters it needs) and a goal client on it,
ready before the tests and shut down cleanly after them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0


@contextmanager
def own_graph(client_name: str, params: dict[str, dict[str, str]] | None = None
              ) -> Iterator[tuple[GraphRunner, Any, Callable[[], bool]]]:
    """(runner, goal client, alive) of a running sim graph; fails when it does not come up or a node
    exits uncleanly."""
    from lam_bringup.goal_client import GoalClient

    runner = GraphRunner(load_graph("sim"), quiet=True, extra_params=params or {})
    runner.start()
    client = GoalClient(client_name)
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    try:
        assert client.wait_ready(STARTUP_S, alive), f"graph not ready; dead nodes: {runner.dead_nodes()}"
        yield runner, client, alive
    finally:
        client.close()
        codes = runner.shutdown()
        assert not runner.unclean_exits(codes), runner.unclean_exits(codes)
