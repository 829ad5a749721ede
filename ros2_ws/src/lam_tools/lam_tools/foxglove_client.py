"""A Foxglove WebSocket client (protocol foxglove.sdk.v1 / foxglove.websocket.v1): JSON serverInfo and
advertise ops, subscribe requests, binary MessageData frames (opcode 0x01, uint32 subscription id,
uint64 log time [ns], payload). Used by the tests and by `lam bench agent --levers watched` to watch
`lam view` as Foxglove does."""

from __future__ import annotations

import json
import socket
import struct
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

SUBPROTOCOLS = ["foxglove.sdk.v1", "foxglove.websocket.v1"]
MESSAGE_DATA = 0x01


class FoxgloveClient:
    """Channels as advertised; per topic the messages as (log time [ns], payload), or only their
    count with ``keep=False`` (a long-running watcher)."""

    def __init__(self, url: str, sock: socket.socket | None = None, keep: bool = True) -> None:
        """``sock``: a connected socket to speak over (e.g. one with a small receive buffer)."""
        from websockets.sync.client import connect

        options: dict[str, Any] = {} if sock is None else {"sock": sock, "max_queue": 1}
        # A client that stopped reading cannot see the server's close frame behind its backlog:
        # closing gives up after close_timeout.
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(connect(url, subprotocols=SUBPROTOCOLS, max_size=None, open_timeout=10,
                                                    close_timeout=1, ping_interval=None, **options))
        self.keep = keep
        self.server_info: dict[str, Any] = {}
        self.channels: dict[str, dict[str, Any]] = {}  # topic -> advertised channel
        self.topics: dict[int, str] = {}  # subscription id -> topic
        self.messages: dict[str, list[tuple[int, bytes]]] = {}
        self.counts: dict[str, int] = {}
        self._next_id = 1

    def poll(self, timeout_s: float = 0.05) -> None:
        """Take the frames that arrive within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._take(self.ws.recv(timeout=left))
            except TimeoutError:
                return

    def pump(self, until: Callable[[], bool], timeout_s: float) -> bool:
        """Read frames until ``until()`` holds (True) or ``timeout_s`` passes."""
        return pump([self], until, timeout_s)

    def _take(self, frame: str | bytes) -> None:
        if isinstance(frame, str):
            op = json.loads(frame)
            if op.get("op") == "serverInfo":
                self.server_info = op
            elif op.get("op") == "advertise":
                self.channels.update({c["topic"]: c for c in op["channels"]})
            return
        if len(frame) < 13:
            return
        opcode, sub_id, log_time = struct.unpack_from("<BIQ", frame, 0)
        if opcode == MESSAGE_DATA and sub_id in self.topics:
            topic = self.topics[sub_id]
            self.counts[topic] = self.counts.get(topic, 0) + 1
            if self.keep:
                self.messages.setdefault(topic, []).append((log_time, bytes(frame[13:])))

    def subscribe(self, *topics: str, timeout_s: float = 10.0) -> None:
        """Subscribe to ``topics`` once they are advertised; TimeoutError if one is not within ``timeout_s``."""
        if not self.pump(lambda: all(t in self.channels for t in topics), timeout_s):
            raise TimeoutError(f"not advertised within {timeout_s} s: {sorted(set(topics) - set(self.channels))}")
        subscriptions = []
        for topic in topics:
            self.topics[self._next_id] = topic
            subscriptions.append({"id": self._next_id, "channelId": self.channels[topic]["id"]})
            self._next_id += 1
        self.ws.send(json.dumps({"op": "subscribe", "subscriptions": subscriptions}))

    def count(self, topic: str) -> int:
        return self.counts.get(topic, 0)

    def close(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self._stack.close()
        except ConnectionClosed:
            pass


def pump(clients: list[FoxgloveClient], until: Callable[[], bool], timeout_s: float) -> bool:
    """Every client reads what arrives until ``until()`` holds (True) or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            return False
        for client in clients:
            client.poll()
    return True
