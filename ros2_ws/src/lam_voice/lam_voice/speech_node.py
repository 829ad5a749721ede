"""speech_node: the robot's ears and voice.

Microphone chunks (audio/microphone) go through lam_core.voice.listener on the callback thread:
a spotted "stop"/"halt" latches the e-stop (lam/estop) at once, without waiting for speech
recognition or the planner; release stays a deliberate act (`lam estop off`). Utterances
are recognised on a worker thread; a request is asked as a question first (lam/ask) and, when it
is not one, sent as a goal (lam/execute_goal); said while a goal runs, it replaces that goal as a
typed goal does, so "no, the blue box" corrects the robot mid-drive. What the robot says (the plan in brief, the
result, an answer, what it did not understand) goes out as text on lam/say and, with speak, as
espeak-ng audio on audio/speaker.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import torch
from rclpy.action import ActionClient

from lam_core.errors import LamError
from lam_core.node_configs import SpeechNodeConfig
from lam_core.stats import RollingWindow
from lam_core.untrusted import printable
from lam_core.voice.audio import SAMPLE_RATE_HZ, AudioError, PcmChunk, Voice, decode_pcm, encode_pcm, synthesize
from lam_core.voice.keyword import KeywordSpotter
from lam_core.voice.listener import Listener, ListenerConfig, NotHeard, StopHeard, UtteranceHeard, recognise_utterance
from lam_core.voice.phrases import first_sentence, plan_phrase, result_phrase
from lam_core.voice.recognition import make_recognizer
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.convert.time import to_ns
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config

SPEECH_DIAGNOSTIC_NAME = "lam: speech"
DISPATCH_PERIOD_S = 0.05  # the executor takes recognised requests off the worker's queue this often
SPEAKER_CHUNK_S = 0.1
WINDOW = 200


class SpeechNode(LamNode):
    def __init__(self) -> None:
        super().__init__("speech_node")
        self.cfg = declare_config(self, SpeechNodeConfig)
        torch.set_num_threads(self.cfg.torch_threads)
        self.listen_cfg = ListenerConfig(
            listen_mode=self.cfg.listen_mode, wake_words=tuple(w.lower() for w in self.cfg.wake_words),
            speech_over_noise_db=self.cfg.speech_over_noise_db, end_silence_s=self.cfg.end_silence_s,
            min_utterance_s=self.cfg.min_utterance_s, max_utterance_s=self.cfg.max_utterance_s,
            max_clipped_fraction=self.cfg.max_clipped_fraction, min_confidence=self.cfg.min_confidence)
        self.listener = Listener(self.listen_cfg, KeywordSpotter.load(self.cfg.keyword_model_dir or None))
        self.recognizer = make_recognizer(self.cfg.recognizer, self.cfg.whisper_path,
                                          speech_model_dir=self.cfg.speech_model_dir)
        self._estop_pub = contract_io.publisher(self, "estop")
        self._say_pub = contract_io.publisher(self, "say")
        self._speaker_pub = contract_io.publisher(self, "speaker")
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        action_type, action_name = contract_io.action_spec("execute_goal")
        self._action_type = action_type
        self._action = ActionClient(self, action_type, action_name)
        ask_type, ask_name = contract_io.service_spec("ask")
        self._ask_type = ask_type
        self._ask = self.create_client(ask_type, ask_name)
        contract_io.subscription(self, "microphone", self._on_microphone)
        contract_io.subscription(self, "talk", lambda msg: self.listener.set_talk(bool(msg.data)))
        self._utterances: queue.Queue[UtteranceHeard | None] = queue.Queue(maxsize=4)
        self._requests: queue.Queue[str] = queue.Queue()
        self._speech: queue.Queue[str | None] = queue.Queue(maxsize=8)
        self._stream_start_ns: int | None = None  # stamp of the first sample heard
        self._goal_handle: Any = None
        self._goal_text = ""
        self._goal_number = 0  # of the goal sent last; what an older goal's callbacks report is not said
        self._plan_said = False
        self._counts = {"chunks": 0, "bad_chunks": 0, "stops": 0, "utterances": 0, "requests": 0, "ignored": 0,
                        "not_understood": 0}
        self._asr_rtf = RollingWindow(WINDOW)
        self._last_problem = ""
        self._closing = threading.Event()
        self._workers = [threading.Thread(target=self._recognise_loop, name="recognise", daemon=True),
                         threading.Thread(target=self._speak_loop, name="speak", daemon=True)]
        for worker in self._workers:
            worker.start()
        self.create_timer(DISPATCH_PERIOD_S, self._dispatch)
        self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)
        self.get_logger().info(f"listening ({self.cfg.listen_mode}, recogniser {self.recognizer.name}); "
                               f"spoken stop words latch the e-stop")

    # ------------------------------------------------------------------ microphone (callback thread)
    def _on_microphone(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            if msg.coding_format not in ("", "wave"):
                raise AudioError(f"coding format {msg.coding_format!r} is not raw PCM ('wave')")
            samples = decode_pcm(PcmChunk(bytes(msg.data), int(msg.sample_rate), int(msg.channels), msg.sample_format))
        except AudioError as exc:
            self._counts["bad_chunks"] += 1
            self._last_problem = str(exc)
            self.get_logger().warn(f"microphone chunk ignored: {exc}", throttle_duration_sec=5.0)
            return
        self._counts["chunks"] += 1
        if self._stream_start_ns is None:
            self._stream_start_ns = to_ns(msg.header.stamp)
        for event in self.listener.push(samples):
            if isinstance(event, StopHeard):
                self._stop_heard(event)
            elif isinstance(event, UtteranceHeard):
                self._counts["utterances"] += 1
                try:
                    self._utterances.put_nowait(event)
                except queue.Full:
                    self._say("I am still working out what you said before; please say it again")
            elif isinstance(event, NotHeard):
                self._counts["not_understood"] += 1
                self._say(event.reason)

    def _stop_heard(self, event: StopHeard) -> None:
        self._estop_pub.publish(contract_io.topic_type("estop")(data=True))
        self._counts["stops"] += 1
        at_s = event.sample_index / SAMPLE_RATE_HZ
        self.get_logger().warn(f"spoken '{event.keyword}' heard (score {event.score:.2f}, {at_s:.2f} s into the "
                               "stream): e-stop ENGAGED; release it with `lam estop off`")
        self._say("stopping")

    # ------------------------------------------------------------------ recognition (worker thread)
    def _recognise_loop(self) -> None:
        while not self._closing.is_set():
            heard = self._utterances.get()
            if heard is None:
                return
            try:
                request = recognise_utterance(self.recognizer, heard, self.listen_cfg)
            except LamError as exc:
                self._say(f"I could not understand the audio: {first_sentence(str(exc))}")
                continue
            duration_s = max(1e-3, heard.samples.size / SAMPLE_RATE_HZ)
            self._asr_rtf.add(request.transcript.compute_s / duration_s)
            if request.ignored:
                self._counts["ignored"] += 1
                self.get_logger().debug(f"heard without a wake word: {printable(request.transcript.text)}")
            elif request.problem:
                self._counts["not_understood"] += 1
                self._say(request.problem)
            else:
                self._counts["requests"] += 1
                self.get_logger().info(f"heard {printable(request.text, 200)}")
                self._requests.put(request.text)

    # ------------------------------------------------------------------ requests (executor thread)
    def _dispatch(self) -> None:
        while True:
            try:
                text = self._requests.get_nowait()
            except queue.Empty:
                return
            self._handle(text)

    def _handle(self, text: str) -> None:
        if not self._ask.service_is_ready() or not self._action.server_is_ready():
            self._say("the planner is not running, so I cannot act on that")
            return
        future = self._ask.call_async(self._ask_type.Request(question=text))
        future.add_done_callback(lambda f: self._on_ask_answer(text, f))

    def _on_ask_answer(self, text: str, future: Any) -> None:
        response = future.result() if future.exception() is None else None
        if response is not None and response.answered:
            self._say(response.answer)
            return
        if self._goal_handle is not None:  # the planner stops the running goal and takes this one
            self.get_logger().info(f"{printable(text, 200)} replaces {printable(self._goal_text, 200)}")
        self._goal_number += 1
        number = self._goal_number
        self._goal_text, self._plan_said = text, False
        goal = self._action_type.Goal(instruction=text)
        send = self._action.send_goal_async(goal, feedback_callback=lambda msg: self._on_feedback(number, msg))
        send.add_done_callback(lambda f: self._on_goal_response(number, f))

    def _on_goal_response(self, number: int, future: Any) -> None:
        if number != self._goal_number:
            return
        handle = future.result() if future.exception() is None else None
        if handle is None or not handle.accepted:
            self._say("the planner is busy with another goal")
            return
        self._goal_handle = handle
        handle.get_result_async().add_done_callback(lambda f: self._on_result(number, f))

    def _on_feedback(self, number: int, feedback_msg: Any) -> None:
        if self._plan_said or number != self._goal_number:
            return
        plan = lam_convert.plan_from_msg(feedback_msg.feedback.plan)
        if plan.steps:
            self._plan_said = True
            self._say(plan_phrase(plan.steps))

    def _on_result(self, number: int, future: Any) -> None:
        if number != self._goal_number:  # a goal replaced by a newer one: the newer one is what is said
            return
        self._goal_handle = None
        wrapped = future.result() if future.exception() is None else None
        if wrapped is None:
            self._say("I lost track of that goal")
            return
        self._say(result_phrase(bool(wrapped.result.success), wrapped.result.reason))

    # ------------------------------------------------------------------ speaking
    def _say(self, text: str) -> None:
        """Publish ``text`` on lam/say now; queue it for the speaker when speak is on."""
        text = " ".join(str(text).split())
        msg = contract_io.topic_type("say")(data=text)
        self._say_pub.publish(msg)
        self.get_logger().info(f"says {printable(text, 200)}")
        if self.cfg.speak:
            try:
                self._speech.put_nowait(text)
            except queue.Full:
                pass

    def _speak_loop(self) -> None:
        voice = Voice.parse(self.cfg.robot_voice)
        chunk = int(SPEAKER_CHUNK_S * SAMPLE_RATE_HZ)
        while not self._closing.is_set():
            text = self._speech.get()
            if text is None:
                return
            try:
                samples = synthesize(text, voice)
            except AudioError as exc:
                self.get_logger().warn(f"cannot speak: {exc}", throttle_duration_sec=30.0)
                continue
            stamp_ns = self.get_clock().now().nanoseconds
            msg_type = contract_io.topic_type("speaker")
            for start in range(0, samples.size, chunk):
                pcm = encode_pcm(samples[start: start + chunk])
                msg = msg_type(channels=1, sample_rate=SAMPLE_RATE_HZ, sample_format=pcm.sample_format,
                               coding_format="wave", data=pcm.data)
                t_ns = stamp_ns + int(start * 1e9 / SAMPLE_RATE_HZ)
                msg.header.stamp.sec, msg.header.stamp.nanosec = divmod(t_ns, 1_000_000_000)
                msg.header.frame_id = "speaker"
                self._speaker_pub.publish(msg)

    # ------------------------------------------------------------------ diagnostics
    def _publish_diagnostics(self) -> None:
        values: dict[str, object] = dict(self._counts)
        values.update(self._asr_rtf.percentile_fields("asr_rtf"))
        values["listen_mode"] = self.cfg.listen_mode
        values["recognizer"] = self.recognizer.name
        level, message = diagnostics.OK, "listening"
        if self._counts["chunks"] == 0:
            level, message = diagnostics.WARN, "no microphone audio received on audio/microphone"
        elif self._counts["bad_chunks"]:
            values["last_problem"] = self._last_problem
        status = diagnostics.status(SPEECH_DIAGNOSTIC_NAME, level, message, values)
        self._diag_pub.publish(diagnostics.array(self.get_clock().now().nanoseconds, [status]))

    def close(self) -> None:
        self._closing.set()
        for q in (self._utterances, self._speech):
            try:
                q.put_nowait(None)
            except queue.Full:
                pass
        for worker in self._workers:
            worker.join(timeout=1.0)


def main() -> None:
    exit_process(run_node(SpeechNode))


if __name__ == "__main__":
    main()
