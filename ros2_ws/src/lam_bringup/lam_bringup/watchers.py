"""People watching a running graph, for `lam bench agent --levers watched`: `lam view` with one
Foxglove client on the drawn camera and the plan, and one console page (its event stream and the
camera JPEG at the page's rate). Counts what each receives and the CPU each server uses."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import urllib.request

from lam_bringup.background import wait_until
from lam_core.contract import contract
from lam_tools.line_process import LineProcess

CAMERA_PERIOD_S = 0.2  # the page asks for a camera frame this often (console_node's camera_max_hz 5)
VIEW_TOPICS = ("lam/debug/objects_image/compressed", "lam/plan")


def free_port() -> int:
    """A TCP port that nothing on 127.0.0.1 listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_s(pid: int) -> float:
    """User + system CPU time of a process so far [s]; 0 for one that is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Watchers:
    def __init__(self, console_url: str, console_pid: int) -> None:
        self.console_url = console_url
        self.console_pid = console_pid
        self.stop = threading.Event()
        self.counts = {"view_camera": 0, "view_plan": 0, "console_events": 0, "console_frames": 0}
        self.errors: list[str] = []
        self.view: LineProcess | None = None
        self._threads: list[threading.Thread] = []
        self._mark = (time.monotonic(), 0.0, 0.0, dict(self.counts))

    def start(self, timeout_s: float) -> None:
        """Start `lam view` and connect both clients; RuntimeError when either server does not answer."""
        self.view = LineProcess([sys.executable, "-m", "lam_bringup.cli", "view", "--port", "0"])
        if not wait_until(lambda: self._view_port() is not None, timeout_s, self.view.running):
            raise RuntimeError(f"lam view did not start: {self.view.lines[-5:]}")
        if not wait_until(self._console_up, timeout_s):
            raise RuntimeError(f"the console did not answer on {self.console_url}")
        self._spawn(self._watch_view)
        self._spawn(self._watch_console_events)
        self._spawn(self._watch_console_camera)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _view_port(self) -> int | None:
        found = self.view.search(r"on ws://127\.0\.0\.1:(\d+)") if self.view is not None else None
        return int(found.group(1)) if found else None

    def _console_up(self) -> bool:
        try:
            with urllib.request.urlopen(self.console_url + "/api/status", timeout=2.0) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def _watch_view(self) -> None:
        from lam_tools.foxglove_client import FoxgloveClient

        camera, plan = (contract().topic(k).name for k in ("debug_image", "plan"))
        client = FoxgloveClient(f"ws://127.0.0.1:{self._view_port()}", keep=False)
        try:
            client.subscribe(camera + "/compressed", plan)
            while not self.stop.is_set():
                client.poll(0.1)
                self.counts["view_camera"] = client.count(camera + "/compressed")
                self.counts["view_plan"] = client.count(plan)
        except Exception as exc:  # a watcher that fails is reported, never stops the benchmark
            self.errors.append(f"view client: {exc}")
        finally:
            client.close()

    def _watch_console_events(self) -> None:
        try:
            with urllib.request.urlopen(self.console_url + "/events", timeout=5.0) as stream:
                while not self.stop.is_set():
                    line = stream.readline()
                    if not line:
                        break
                    if line.startswith(b"data:"):
                        self.counts["console_events"] += 1
        except Exception as exc:
            if not self.stop.is_set():
                self.errors.append(f"console events: {exc}")

    def _watch_console_camera(self) -> None:
        while not self.stop.wait(CAMERA_PERIOD_S):
            try:
                with urllib.request.urlopen(self.console_url + "/camera.jpg", timeout=2.0) as response:
                    if response.status == 200 and response.read():
                        self.counts["console_frames"] += 1
            except OSError:
                pass  # no frame yet (204/404) or a busy moment; the page simply asks again

    def _cpu(self) -> tuple[float, float]:
        return cpu_s(self.console_pid), cpu_s(self.view.pid) if self.view is not None else 0.0

    def mark(self) -> None:
        """Start of an episode: the counters and CPU times that report() measures from."""
        self._mark = (time.monotonic(), *self._cpu(), dict(self.counts))

    def report(self) -> dict[str, float]:
        """Since mark(): what each client received, and each server's CPU [% of one core]."""
        t0, console0, view0, counts0 = self._mark
        wall = max(time.monotonic() - t0, 1e-6)
        console1, view1 = self._cpu()
        out: dict[str, float] = {k: float(v - counts0[k]) for k, v in self.counts.items()}
        out.update(console_cpu_pct=round(100 * (console1 - console0) / wall, 2),
                   view_cpu_pct=round(100 * (view1 - view0) / wall, 2), errors=float(len(self.errors)))
        return out

    def close(self) -> None:
        self.stop.set()
        if self.view is not None:
            self.view.interrupt(10.0)
        for thread in self._threads:
            thread.join(timeout=6.0)
