"""A sim graph of a test module's own (with the node parameters it needs) and a goal client on it,
ready before the tests and shut down cleanly after them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from lam_tools.graph import load_graph, merge_params, with_voice
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0


@contextmanager
def own_graph(client_name: str, params: dict[str, dict[str, str]] | None = None, voice: bool = False
              ) -> Iterator[tuple[GraphRunner, Any, Callable[[], bool]]]:
    """(runner, goal client, alive) of a running sim graph (with speech_node and the simulator's
    microphone when ``voice``); fails when it does not come up or a node exits uncleanly."""
    from lam_bringup.goal_client import GoalClient

    graph, overrides = with_voice(load_graph("sim")) if voice else (load_graph("sim"), {})
    runner = GraphRunner(graph, quiet=True, extra_params=merge_params(overrides, params or {}))
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
