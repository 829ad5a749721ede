"""A sim graph of a test module's own (with the node parameters it needs) and a goal client on it,
ready before the tests and shut down cleanly after them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from lam_tools.graph import NodeSpec, load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0


@contextmanager
def own_graph(client_name: str, params: dict[str, dict[str, str]] | None = None, extra_nodes: Sequence[NodeSpec] = ()
              ) -> Iterator[tuple[GraphRunner, Any, Callable[[], bool]]]:
    """(runner, goal client, alive) of a running sim graph (plus ``extra_nodes``); fails when it does
    not come up or a node exits uncleanly."""
    from lam_bringup.goal_client import GoalClient

    graph = load_graph("sim")
    graph = replace(graph, nodes=(*graph.nodes, *extra_nodes))
    runner = GraphRunner(graph, quiet=True, extra_params=params or {})
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
