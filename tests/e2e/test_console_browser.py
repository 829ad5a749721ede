"""The operator console (console_node) on a real graph: the sim graph of config/graph.yaml plus the
console, shared with other modules (tests/e2e/conftest.py). A headless Chromium (Debian's, through
selenium) loads the page, sees the camera update, sends "go to the blue box" and sees the plan,
progress and result, asks a question; then presses STOP during a second goal while this test
watches /cmd_vel go to zero, and releases. Over plain HTTP: bad goals are refused, a page that
never reads is dropped while another misses nothing, a closed page cancels its goal only when it
asked to, too many pages get 503; `lam console` requires its token when given one. The console's
CPU is measured idle and with one page; the figures (results/console.json) and two screenshots go
to results/. The tests run in this order."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lam_bringup.background import wait_until
from lam_bringup.goal_client import GoalClient
from lam_bringup.watchers import cpu_s, free_port
from lam_core.config import load_config
from lam_core.console import ConsoleNodeConfig
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_file
from lam_tools.runner import GraphRunner

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "results"
STARTUP_S = 120.0
GOAL_S = 120.0  # wall-clock limit of one goal on this loaded machine [s]
CPU_WINDOW_S = 5.0  # CPU of the console is measured over this long [s, wall clock]
# Wall-clock bounds of the stop. Whether /cmd_vel was zero within the executor's watchdog (on the
# graph's clock) is recorded in results/console.json and warned about when not.
# The browser's own part (the press -> its request reaching the console) is the test's Chromium at
# nice 15 on two saturated cores, not the product: it is recorded, warned about above
# STOP_PUBLISH_LIMIT_S, and bounded only loosely.
STOP_PUBLISH_LIMIT_S = 0.5  # the command reached the console -> the console has published the e-stop [s, wall clock]
STOP_ZERO_LIMIT_S = 1.0  # the command reached the console -> /cmd_vel is zero and stays zero [s, wall clock]
BROWSER_SEND_LIMIT_S = 10.0  # STOP pressed -> the page's request reached the console [s, wall clock]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1200,1000")
BROWSER_NICE = 15  # the browser's scheduling priority below the graph's (nice)
FIGURES: dict[str, Any] = {}  # written to results/console.json at the end of the module


class Timeline:
    """/clock and /cmd_vel as the observer receives them: (arrival [s, wall clock], stamp [s, the
    graph's clock], and for /cmd_vel vx [m/s], wz [rad/s])."""

    def __init__(self, observer: GoalClient) -> None:
        from lam_ros import contract_io

        self.clock: deque[tuple[float, float]] = deque(maxlen=30_000)
        self.cmd_vel: deque[tuple[float, float, float, float]] = deque(maxlen=30_000)
        with observer.paused():
            contract_io.subscription(observer.node, "clock", self._on_clock)
            contract_io.subscription(observer.node, "cmd_vel", self._on_cmd_vel, purpose="SENSOR")

    def _on_clock(self, msg: Any) -> None:
        self.clock.append((time.time(), msg.clock.sec + msg.clock.nanosec * 1e-9))

    def _on_cmd_vel(self, msg: Any) -> None:
        stamp = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        self.cmd_vel.append((time.time(), stamp, float(msg.twist.linear.x), float(msg.twist.angular.z)))


@dataclass
class Console:
    runner: GraphRunner
    observer: GoalClient
    url: str
    alive: Callable[[], bool]
    timeline: Timeline | None = None

    @property
    def pid(self) -> int:
        return self.runner.pids()["console_node"]

    def get(self, path: str, token: str | None = None) -> tuple[int, Any]:
        req = urllib.request.Request(self.url + path, headers={"X-Lam-Token": token} if token else {})
        try:
            with urllib.request.urlopen(req, timeout=15) as res:
                return res.status, json.loads(res.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def post(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, json.loads(res.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def status(self) -> dict[str, Any]:
        code, data = self.get("api/status")
        assert code == 200, data
        return data  # type: ignore[no-any-return]

    def cpu_percent(self, window_s: float = CPU_WINDOW_S) -> float:
        """The console's CPU over ``window_s`` of wall time [% of one core]."""
        c0, t0 = cpu_s(self.pid), time.monotonic()
        wait_until(lambda: False, window_s, self.alive)  # a measuring window, not a synchronisation
        return 100.0 * (cpu_s(self.pid) - c0) / (time.monotonic() - t0)


class EventStream:
    """A page's event stream read in a thread (urllib), its events kept in order."""

    def __init__(self, url: str, query: str = "") -> None:
        self.res = urllib.request.urlopen(url + "events" + query, timeout=30)
        self.events: list[tuple[str, Any]] = []
        self.ended = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.res:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: ") and name:
                    self.events.append((name, json.loads(line[6:])))
        except (OSError, ValueError):
            pass
        finally:
            self.res.close()
            self.ended.set()

    def named(self, name: str) -> list[Any]:
        return [data for event, data in list(self.events) if event == name]

    @property
    def client(self) -> int:
        assert wait_until(lambda: bool(self.named("hello")), 10.0), "no hello"
        return int(self.named("hello")[0]["client"])

    def close(self) -> None:
        """Close as a browser tab does: the server sees the end of the stream at once."""
        fp = self.res.fp
        if fp is not None:  # None once the reading thread has seen the end
            with contextlib.suppress(OSError, AttributeError):
                fp.raw._sock.shutdown(socket.SHUT_RDWR)
        self.ended.wait(5.0)  # the reading thread sees the end and closes the response


@pytest.fixture(scope="module")
def console(graph_for_module) -> Iterator[Console]:  # type: ignore[no-untyped-def]
    # The shared graph runs the shipped (learned) actor. The second goal, the red box right after
    # the red one, is where its done head once ended a goal at once without moving
    # (LearnedActor: done_is_plausible).
    shared, alive = graph_for_module
    observer = GoalClient("console_observer", use_sim_time=False)
    c = Console(shared.runner, observer, f"http://127.0.0.1:{shared.console_port}/", alive, Timeline(observer))

    def http_up() -> bool:
        try:
            return c.get("api/status")[0] == 200
        except OSError:
            return False

    try:
        assert observer.wait_ready(STARTUP_S, alive), f"graph not ready; dead nodes: {shared.runner.dead_nodes()}"
        assert wait_until(http_up, 30.0, alive), shared.runner.lines.get("console_node")
        yield c
    finally:
        observer.close()
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "console.json").write_text(json.dumps(FIGURES, indent=2) + "\n")


@pytest.fixture(autouse=True)
def released_after(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that fails between STOP and release must not leave the e-stop latched for the next."""
    yield
    if "console" in request.fixturenames:
        console: Console = request.getfixturevalue("console")
        if console.alive():
            console.post("api/release", {})


def _camera_subscribers(c: Console) -> list[str]:
    return [i.node_name for i in c.observer.node.get_subscriptions_info_by_topic("/lam/debug/objects_image")]


def _console_subscriptions(c: Console) -> list[str]:
    """The topics console_node subscribes to now (its action client's and its hidden helper node's,
    _console_node_newest, which takes the newest odometry, scan and Observation, included)."""
    node = c.observer.node
    return [topic for topic, _ in node.get_topic_names_and_types()
            if any(i.node_name.lstrip("_").startswith("console_node") for i in node.get_subscriptions_info_by_topic(topic))]


def test_idle_console_follows_nothing_and_costs_nothing(console: Console) -> None:
    status = console.status()
    assert status["clients"] == 0 and status["following"] is False and status["agent_clients"] is False, status
    assert _console_subscriptions(console) == []
    FIGURES["cpu_idle_percent"] = round(console.cpu_percent(), 2)
    assert FIGURES["cpu_idle_percent"] < 2.0, FIGURES


@pytest.fixture
def browser() -> Iterator[Any]:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.fail(f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt install chromium chromium-driver; make setup does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # An operator's browser runs on another computer than the robot's graph; here both share two
    # cores, so the browser (chromedriver and every Chromium process it starts) runs at a lower
    # priority, as it would on its own machine, and does not starve the agent of CPU.
    profile = Path(tempfile.mkdtemp(prefix="lam_console_chromium_"))
    niced = profile / "chromedriver"
    niced.write_text(f'#!/bin/sh\nexec nice -n {BROWSER_NICE} {CHROMEDRIVER} "$@"\n')
    niced.chmod(0o755)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile / 'user-data'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(niced)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_the_page_drives_the_robot_and_its_stop_button_stops_it(console: Console, browser: Any) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def text(element_id: str) -> str:
        return str(browser.find_element(By.ID, element_id).text)

    def wait(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
        # Each look at the page is a round trip through chromedriver that costs the browser CPU: a few per second.
        WebDriverWait(browser, timeout_s, poll_frequency=0.25, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda _d: condition() or not console.alive(), what)
        assert console.alive(), console.runner.dead_nodes()

    browser.get(console.url)
    wait(lambda: int(text("frame-count") or 0) >= 1, 30.0, "no camera frame shown")
    camera_src = lambda: browser.execute_script("return document.getElementById('camera').src")  # noqa: E731
    first = camera_src()
    wait(lambda: camera_src() != first, 15.0, "the camera never updated")
    assert browser.execute_script("return document.getElementById('camera').naturalWidth") > 0
    assert "console_node" in _camera_subscribers(console) and console.status()["following"] is True
    assert {"/odom", "/scan", "/lam/observation", "/lam/plan", "/diagnostics"} <= set(_console_subscriptions(console))

    def tree_cpu(word: str) -> float:
        total = 0.0
        for proc in Path("/proc").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if proc.name.isdigit() and word in (proc / "cmdline").read_bytes().decode(errors="replace"):
                    total += cpu_s(int(proc.name))
        return total
    others0 = {w: tree_cpu(w) for w in ("chromium", "sim_node", "camera_node", "fusion_node", "planner_node",
                                        "executor_node", "state_publisher")}
    cpu0, wall0 = cpu_s(console.pid), time.monotonic()
    browser.find_element(By.ID, "goal-text").send_keys("go to the blue box")
    browser.find_element(By.ID, "goal-send").click()
    wait(lambda: "navigate_to(blue box)" in text("plan"), 30.0, "no plan shown")
    wait(lambda: text("progress").startswith("step 1/"), 30.0, "no progress shown")
    wait(lambda: "result:" in text("result"), GOAL_S, "no result")
    FIGURES["cpu_one_page_during_goal_percent"] = round(100.0 * (cpu_s(console.pid) - cpu0) / (time.monotonic() - wall0), 2)
    FIGURES["frames_shown"] = int(text("frame-count"))
    FIGURES["cpu_during_goal_percent"] = {w: round(100 * (tree_cpu(w) - c) / (time.monotonic() - wall0), 1)
                                          for w, c in others0.items()}
    assert "succeeded" in text("result"), text("result") + "\n" + text("log")
    assert "[goal] plan r0 by " in text("log") and "[goal] step 1/" in text("log")
    browser.find_element(By.ID, "ask-text").send_keys("which boxes can you see?")
    browser.find_element(By.ID, "ask-send").click()
    wait(lambda: "→" in text("answer"), 30.0, "no answer to the question")
    assert "box" in text("answer").split("→", 1)[1], text("answer")
    RESULTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(RESULTS / "console.png"))

    moving0 = console.observer.cmd_vel_nonzero
    browser.find_element(By.ID, "goal-text").clear()
    browser.find_element(By.ID, "goal-text").send_keys("go to the red box")
    browser.find_element(By.ID, "goal-send").click()
    wait(lambda: text("goal-state") != "succeeded: go to the blue box", 30.0, "the second goal was not taken")
    wait(lambda: text("goal-state").startswith("running"), 30.0, "the second goal did not start")
    observer = console.observer
    assert observer.wait_until(lambda: observer.cmd_vel_nonzero > moving0 + 5, 60.0, console.alive), \
        "the robot never drove to the red box"
    assert console.observer.cmd_vel_nonzero > moving0 + 5, (text("goal-reply"), text("goal-state"), text("log"))
    # The press (its event's timestamp in the page), the console's publish and each /cmd_vel's arrival
    # are on the wall clock; the executor's watchdog counts on the graph's clock (sim time here), as
    # do the /cmd_vel stamps and /clock, on which the press is placed.
    timeline = console.timeline
    assert timeline is not None
    browser.find_element(By.ID, "stop").click()
    reply = lambda name: browser.find_element(By.ID, "stop-reply").get_attribute(f"data-{name}")  # noqa: E731
    wait(lambda: bool(reply("sent-wall-s")), 10.0, "no answer to the stop")
    pressed, received, published = (float(reply(name)) for name in ("pressed-wall-s", "received-wall-s", "sent-wall-s"))
    after = lambda: [c for c in list(timeline.cmd_vel) if c[0] > pressed]  # noqa: E731
    assert observer.wait_until(lambda: len(after()) >= 20 and all(vx == 0.0 and wz == 0.0 for *_, vx, wz in after()[-10:]),
                               10.0, console.alive), f"/cmd_vel did not go to zero after the stop: {after()[-20:]}"
    samples = after()
    moving = [i for i, (*_, vx, wz) in enumerate(samples) if vx != 0.0 or wz != 0.0]
    zero_wall, zero_stamp, _, _ = samples[moving[-1] + 1 if moving else 0]  # the first of the zero commands that stayed
    graph_at_press = max(c for w, c in list(timeline.clock) if w <= pressed)
    clock = [(w, c) for w, c in list(timeline.clock) if pressed - 5.0 <= w <= pressed]
    watchdog_s = load_config(ExecutorNodeConfig, config_file("executor_node.yaml"), "executor_node").command_timeout_s
    engaged = [line for line in console.runner.lines.get("executor_node", []) if "e-stop ENGAGED" in line]
    heard = [float(line.split("] [")[1]) for line in engaged]
    split = re.search(r"in the middleware ([-\d.]+) ms, waiting for the executor ([-\d.]+) ms", engaged[-1]) if engaged else None
    FIGURES["stop"] = {
        "executor_watchdog_s": watchdog_s,
        "press_to_zero_cmd_vel_graph_clock_s": round(zero_stamp - graph_at_press, 3),
        "press_to_zero_cmd_vel_wall_s": round(zero_wall - pressed, 3),
        "press_to_publish_wall_s": round(published - pressed, 3),
        "press_to_console_wall_s": round(received - pressed, 3),
        "console_to_publish_wall_s": round(published - received, 3),
        "console_to_zero_cmd_vel_wall_s": round(zero_wall - received, 3),
        "publish_to_executor_log_wall_s": round(heard[-1] - published, 3) if heard else None,
        "executor_middleware_ms": float(split.group(1)) if split else None,
        "executor_queue_ms": float(split.group(2)) if split else None,
        "graph_clock_per_wall_s": round((clock[-1][1] - clock[0][1]) / (clock[-1][0] - clock[0][0]), 2),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    FIGURES["stop"]["within_watchdog"] = zero_stamp - graph_at_press <= watchdog_s
    assert published - received <= STOP_PUBLISH_LIMIT_S and zero_wall - received <= STOP_ZERO_LIMIT_S, FIGURES["stop"]
    assert received - pressed <= BROWSER_SEND_LIMIT_S, FIGURES["stop"]
    if received - pressed > STOP_PUBLISH_LIMIT_S:
        warnings.warn(f"the browser took {received - pressed:.2f} s to send the STOP to the console: {FIGURES['stop']}",
                      stacklevel=1)
    if not FIGURES["stop"]["within_watchdog"]:
        # Seen on two cores saturated by the simulator, the agent and Chromium: the e-stop then takes
        # 0.1-0.35 s (wall) from the console to the executor; without a browser on the machine, 13-37 ms.
        warnings.warn(f"STOP -> zero /cmd_vel took longer than the executor's watchdog: {FIGURES['stop']}", stacklevel=1)
    wait(lambda: text("estop-state") == "e-stop ENGAGED", 10.0, "the page never showed the executor's e-stop")
    wait(lambda: "e-stop engaged" in text("result"), 30.0, "the goal did not end on the e-stop")
    browser.save_screenshot(str(RESULTS / "console_stopped.png"))

    browser.find_element(By.ID, "release").click()
    wait(lambda: text("estop-state") == "e-stop released", 10.0, "the page never showed the release")
    assert "e-stop released" in text("stop-reply")


def test_the_console_lets_go_of_the_graph_when_the_page_closes(console: Console) -> None:
    assert wait_until(lambda: not console.status()["following"], 10.0, console.alive), console.status()
    assert wait_until(lambda: not _console_subscriptions(console), 10.0, console.alive), _console_subscriptions(console)


def test_bad_goals_are_refused(console: Console) -> None:
    max_chars = load_config(ConsoleNodeConfig, config_file("console_node.yaml"), "console_node").max_goal_chars
    for body, message in (({"text": ""}, "the goal is empty"), ({"text": "  \n\t"}, "the goal is empty"),
                          ({"text": "x" * (max_chars + 1)}, f"the limit is {max_chars}"),
                          ({"text": "go to the blue box " * 20_000}, "over the limit"),
                          (b"\xc3\x28", "not UTF-8"), (b'{"text": "go', "not valid JSON"), ({"goal": "go"}, "must be a string")):
        code, reply = console.post("api/goal", body)
        assert code == 400 and message in reply["error"], (str(body)[:60], code, reply)
    assert console.status()["goal"]["state"] != "sending"


def _start_goal(console: Console, text: str, client: int, cancel_on_close: bool) -> None:
    code, reply = console.post("api/goal", {"text": text, "client": client, "cancel_on_close": cancel_on_close})
    assert code == 200 and reply["accepted"] is True, reply
    assert wait_until(lambda: console.status()["goal"]["state"] == "running", 10.0, console.alive)


def _goal_state(console: Console) -> str:
    return str(console.status()["goal"]["state"])


def test_a_stalled_page_is_dropped_and_the_others_miss_nothing(console: Console) -> None:
    reader = EventStream(console.url)
    _start_goal(console, "go to the red box", reader.client, cancel_on_close=False)  # a far goal: states flow
    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.connect(("127.0.0.1", int(console.url.rsplit(":", 1)[1].strip("/"))))
    stalled.sendall(b"GET /events HTTP/1.1\r\nHost: console\r\n\r\n")  # and never reads
    try:
        assert wait_until(lambda: console.status()["dropped_slow"] >= 1, 30.0, console.alive), console.status()
        states = len(reader.named("state"))
        assert wait_until(lambda: len(reader.named("state")) >= states + 3, 10.0, console.alive), "the reading page stopped"
        frames = [f["seq"] for f in reader.named("frame")]
        assert frames == list(range(frames[0], frames[0] + len(frames))), "the reading page lost camera frames"
        FIGURES["stalled_page_dropped"] = True
    finally:
        stalled.close()
        reader.close()
        assert console.post("api/cancel", {})[0] == 200
    assert wait_until(lambda: _goal_state(console) not in ("sending", "running"), 15.0, console.alive), console.status()


def test_a_page_closed_mid_goal_cancels_it_only_when_it_asked_to(console: Console) -> None:
    page = EventStream(console.url)
    _start_goal(console, "go to the purple box", page.client, cancel_on_close=True)
    page.close()
    assert wait_until(lambda: _goal_state(console) == "canceled", 15.0, console.alive), console.status()

    page = EventStream(console.url)
    _start_goal(console, "go to the yellow box", page.client, cancel_on_close=False)
    page.close()  # the goal runs on
    assert not wait_until(lambda: _goal_state(console) == "canceled", 3.0, console.alive), console.status()
    code, reply = console.post("api/cancel", {})
    assert code == 200, reply
    assert wait_until(lambda: _goal_state(console) not in ("sending", "running"), 15.0, console.alive), console.status()


def test_a_goal_sent_by_another_tool_shows_its_plan_progress_and_result(console: Console) -> None:
    """As `lam goal` or a replay sends it: the page follows the goal's feedback and result too."""
    page = EventStream(console.url)
    try:
        assert wait_until(lambda: bool(page.named("state")), 10.0, console.alive)
        out = console.observer.run_goal("go to the purple box", 90.0, console.alive)
        assert out.success, (out.reason, out.statuses[-5:])

        def shown() -> dict[str, Any]:
            return dict(page.named("state")[-1]["goal"]) if page.named("state") else {}

        assert wait_until(lambda: shown().get("state") == "succeeded", 10.0, console.alive), shown()
        goal = shown()
        assert goal["text"] == "go to the purple box" and goal["owner"] == 0 and goal["success"] is True, goal
        # The page keeps the latest lines only: look over every state the page was sent.
        lines = [line for e in page.named("state") if e["goal"]["text"] == goal["text"] for line in e["goal"]["lines"]]
        assert "[goal] sent by another tool" in lines, lines[:10]
        assert any(line.startswith("[goal]   1. navigate_to(purple box)") for line in lines), lines[:10]
        assert any(line.startswith("[goal] step 1/") for line in lines), lines[:10]
        assert goal["result"].startswith("[goal] result: succeeded: "), goal
        running = [e["goal"] for e in page.named("state") if e["goal"]["state"] == "running"]
        assert running and running[-1]["status"], running[-1:]  # the step's status, as it ran
    finally:
        page.close()
    assert wait_until(lambda: console.status()["clients"] == 0, 10.0, console.alive), console.status()


def test_too_many_pages_get_503(console: Console) -> None:
    limit = console.status()["max_clients"]
    pages = [EventStream(console.url) for _ in range(limit)]
    try:
        assert all(p.client > 0 for p in pages)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(console.url + "events", timeout=10)
        assert err.value.code == 503 and b"the limit" in err.value.read()
        assert console.post("api/release", {})[0] == 200  # commands still go through
    finally:
        for p in pages:
            p.close()
    assert wait_until(lambda: console.status()["clients"] == 0 and not console.status()["following"]
                      and not console.status()["agent_clients"], 10.0, console.alive), console.status()
    assert wait_until(lambda: not _console_subscriptions(console), 10.0, console.alive), _console_subscriptions(console)


LAM_CONSOLE = ("import argparse, sys\nfrom lam_bringup import console\n"
               "parser = argparse.ArgumentParser(prog='lam')\nconsole.add_parsers(parser.add_subparsers())\n"
               "args = parser.parse_args(sys.argv[1:])\nsys.exit(args.func(args))")  # `lam console`, as cli.py will run it


def test_lam_console_requires_its_token_and_keeps_it_off_command_lines() -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", LAM_CONSOLE, "console", "--port", str(port), "--token", "s3cret-token"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.extend(iter(proc.stdout.readline, b"")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    c = Console(runner=None, observer=None, url=f"http://127.0.0.1:{port}/",  # type: ignore[arg-type]
                alive=lambda: proc.poll() is None)
    try:
        assert wait_until(lambda: any(b"console at" in line for line in output), 30.0, c.alive), output
        assert any(b"(token required)" in line for line in output) and not any(b"s3cret" in line for line in output)
        node_cmdlines = [cmd for p in Path("/proc").glob("[0-9]*/cmdline") if b"console_node" in (cmd := _read(p))]
        assert node_cmdlines and not any(b"s3cret" in cmd for cmd in node_cmdlines), node_cmdlines
        assert urllib.request.urlopen(c.url, timeout=10).status == 200  # the page itself needs no token
        assert c.get("api/status")[0] == 401 and c.post("api/stop", {})[0] == 401
        assert c.get("api/status?token=wrong")[0] == 401
        assert c.get("api/status?token=s3cret-token")[0] == 200 and c.get("api/status", token="s3cret-token")[0] == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            EventStream(c.url)
        assert err.value.code == 401
        stream = EventStream(c.url, "?token=s3cret-token")
        assert stream.client > 0
        stream.close()
        busy = subprocess.run([sys.executable, "-c", LAM_CONSOLE, "console", "--port", str(port)], capture_output=True,
                              timeout=60)
        assert busy.returncode == 2 and f"127.0.0.1:{port}".encode() in busy.stdout + busy.stderr, busy
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        reader.join(timeout=5)
    assert proc.returncode == 0, b"".join(output).decode(errors="replace")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
