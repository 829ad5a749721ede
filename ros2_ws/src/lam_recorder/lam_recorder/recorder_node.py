"""recorder_node: writes contract topics into a rosbag2 (MCAP by default) as serialized bytes,
stamped with their receive time on this node's clock (sim time on /clock). Subscriptions only
queue the bytes; a writer thread writes them, so a slow disk never blocks the callbacks."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from lam_core.contract import contract
from lam_core.node_configs import RecorderNodeConfig
from lam_ros import contract_io
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_tools.bags import BagWriter, add_contract_topics, check_recording

QUEUE_LIMIT = 2000  # messages waiting for the disk; beyond it new ones are dropped and counted


class RecorderNode(LamNode):
    def __init__(self) -> None:
        super().__init__("recorder_node")
        self.cfg = check_recording(declare_config(self, RecorderNodeConfig))
        keys = tuple(self.cfg.topics)
        self.writer = BagWriter(Path(self.cfg.output_path), self.cfg.storage)
        namespace = self.get_namespace()
        add_contract_topics(self.writer, keys, namespace)
        specs = [contract().topic(k) for k in keys]
        self._latched = {spec.resolved(namespace) for spec in specs
                         if spec.qos is not None and spec.qos.durability == "transient_local"}
        self._early: list[tuple[str, bytes]] = []
        self._queue: queue.Queue[tuple[str, int, bytes] | None] = queue.Queue(maxsize=QUEUE_LIMIT)
        self.dropped = 0
        self.before_clock = 0
        self._thread = threading.Thread(target=self._write, name="bag-writer", daemon=True)
        self._thread.start()
        for key in keys:
            spec = contract().topic(key)
            assert spec.qos is not None
            recorded_as = spec.resolved(namespace)
            self.create_subscription(
                contract_io.topic_type(key), spec.ros_name, lambda data, topic=recorded_as: self._on(topic, data),
                contract_io.qos_profile(spec.qos, subscriber=True), raw=True,
            )
        self.get_logger().info(f"recording {len(keys)} topics into {self.cfg.output_path} ({self.cfg.storage})")

    def _on(self, topic: str, data: bytes) -> None:
        now = self.get_clock().now().nanoseconds
        if now <= 0:  # on sim time before the first /clock: no meaningful stamp
            if topic in self._latched and len(self._early) < QUEUE_LIMIT:
                # A transient-local topic delivers its history once, when the subscription matches,
                # which is usually before the first /clock: keep it for the first stamp.
                self._early.append((topic, data))
            else:
                self.before_clock += 1
            return
        early, self._early = self._early, []
        for item in [*early, (topic, data)]:
            try:
                self._queue.put_nowait((item[0], now, item[1]))
            except queue.Full:
                self.dropped += 1

    def _write(self) -> None:
        while (item := self._queue.get()) is not None:
            self.writer.write(*item)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10.0)
        self.writer.close()
        self.get_logger().info(
            f"bag closed: {self.writer.count} messages in {self.cfg.output_path}"
            + (f"; {self.dropped} dropped (disk too slow)" if self.dropped else "")
        )


def main() -> None:
    exit_process(run_node(RecorderNode))


if __name__ == "__main__":
    main()
