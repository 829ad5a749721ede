"""speech_node as a real process fed microphone chunks over DDS (no simulator, no planner):
malformed chunks are dropped and counted without the node dying; a spoken "stop" latches the
e-stop; a request with the wake word and no planner running is answered with why nothing happens;
conversation without the wake word is not taken for a request."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import numpy as np
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node

from lam_bringup.background import wait_until
from lam_core.voice.audio import encode_pcm, have_synthesiser, synthesize
from lam_core.voice.sim_microphone import MicrophoneSettings, mix_at_snr
from lam_ros import contract_io
from lam_ros.convert.time import to_msg
from lam_tools.graph import load_graph, with_voice
from lam_tools.runner import GraphRunner

pytestmark = pytest.mark.skipif(not have_synthesiser(), reason="espeak-ng is not installed (make setup installs it)")
DEADLINE_S = 60.0
CHUNK = 800  # 50 ms at 16 kHz
VOICE = MicrophoneSettings().voice  # the simulator's default person


class Probe:
    """Publishes microphone chunks on the wall clock; records the e-stop, what is said, diagnostics."""

    def __init__(self) -> None:
        self.context = rclpy.Context()
        rclpy.init(context=self.context, args=[])
        self.node = Node("speech_probe", context=self.context)
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)
        self.lock = threading.Lock()
        self.estop: list[bool] = []
        self.said: list[str] = []
        self.bad_chunks = 0
        self.mic = contract_io.publisher(self.node, "microphone")
        contract_io.subscription(self.node, "estop", lambda m: self._add(self.estop, bool(m.data)))
        contract_io.subscription(self.node, "say", lambda m: self._add(self.said, str(m.data)))
        contract_io.subscription(self.node, "diagnostics", self._on_diagnostics)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)
        self.thread.start()

    def _add(self, items: list, value) -> None:  # type: ignore[no-untyped-def, type-arg]
        with self.lock:
            items.append(value)

    def _on_diagnostics(self, msg) -> None:  # type: ignore[no-untyped-def]
        for status in msg.status:
            if status.name == "lam: speech":
                values = {kv.key: kv.value for kv in status.values}
                self.bad_chunks = int(values.get("bad_chunks", "0"))

    def send(self, data: bytes, rate: int = 16000, fmt: str = "S16LE", channels: int = 1, coding: str = "wave") -> None:
        msg = contract_io.topic_type("microphone")(channels=channels, sample_rate=rate, sample_format=fmt,
                                                   coding_format=coding, data=data)
        msg.header.stamp = to_msg(time.time_ns())
        self.mic.publish(msg)

    def play(self, samples: np.ndarray, runner: GraphRunner) -> None:
        """Stream ``samples`` in 50 ms chunks from a timer at twice real time, as an audio driver
        would; return once the last chunk is out."""
        chunks = [encode_pcm(samples[start: start + CHUNK]).data for start in range(0, samples.size, CHUNK)]
        done = threading.Event()

        def tick() -> None:
            if chunks:
                self.send(chunks.pop(0))
            else:
                done.set()

        timer = self.node.create_timer(CHUNK / 16000 / 2, tick)
        try:
            assert wait_until(done.is_set, DEADLINE_S, lambda: not runner.dead_nodes()), runner.lines
        finally:
            self.node.destroy_timer(timer)

    def close(self) -> None:
        self.executor.shutdown(timeout_sec=1.0)
        self.node.destroy_node()
        rclpy.try_shutdown(context=self.context)
        self.thread.join(timeout=2.0)


def _wait(condition, runner: GraphRunner, timeout_s: float = DEADLINE_S) -> bool:  # type: ignore[no-untyped-def]
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    met = wait_until(condition, timeout_s, alive)
    assert alive(), runner.lines
    return met


def test_speech_node_hears_a_stop_refuses_bad_audio_and_needs_its_wake_word() -> None:
    voiced, _ = with_voice(load_graph("agent"))
    graph = replace(voiced, use_sim_time=False, nodes=(voiced.node("speech_node"),))
    runner = GraphRunner(graph, extra_params={"speech_node": {"speak": "false"}}, quiet=True)
    probe = Probe()
    runner.start()
    rng = np.random.default_rng(0)
    try:
        assert _wait(lambda: probe.mic.get_subscription_count() > 0, runner)
        sent_at = [-1.0]

        def send_bad_chunks() -> bool:
            """Four bad chunks, sent again each second: the microphone is best effort, and chunks
            sent while the node has not yet matched this publisher are lost, as on a robot."""
            if time.monotonic() - sent_at[0] >= 1.0:
                sent_at[0] = time.monotonic()
                probe.send(b"\x00\x01\x02", fmt="S16LE")  # not whole frames
                probe.send(b"\x00\x00" * 800, fmt="MP3")
                probe.send(b"\x00\x00" * 800, rate=7)
                probe.send(b"\x00\x00" * 800, coding="opus")
            return probe.bad_chunks >= 4

        assert _wait(send_bad_chunks, runner), runner.lines["speech_node"][-10:]
        chatter, _ = mix_at_snr(synthesize("the weather is nice today, go to the kitchen", VOICE), 20.0, rng)
        probe.play(chatter, runner)
        request, _ = mix_at_snr(synthesize("robot, go to the red box", VOICE), 20.0, rng)
        probe.play(request, runner)
        assert _wait(lambda: any("planner is not running" in s for s in probe.said), runner), (
            probe.said, runner.lines["speech_node"][-10:])
        assert not any("kitchen" in line for line in runner.lines["speech_node"] if "heard" in line)
        assert not probe.estop
        stop, _ = mix_at_snr(synthesize("stop", VOICE), 20.0, rng)
        probe.play(stop, runner)
        assert _wait(lambda: True in probe.estop, runner, 10.0), runner.lines["speech_node"][-10:]
        assert any(s == "stopping" for s in probe.said)
    finally:
        probe.close()
        codes = runner.shutdown()
    assert not runner.unclean_exits(codes), runner.unclean_exits(codes)
