"""A command running in the background with its output (stdout and stderr) collected line by line:
`lam` commands run as a user runs them, by the tests and the benchmarks."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
from collections.abc import Sequence


class LineProcess:
    def __init__(self, cmd: Sequence[str], env: dict[str, str] | None = None, new_session: bool = False) -> None:
        """``new_session``: in its own session and process group, as a terminal starts a command."""
        self.proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     errors="replace", env=env, start_new_session=new_session)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def running(self) -> bool:
        return self.proc.poll() is None

    def has_line(self, prefix: str) -> bool:
        """Whether a line starts with ``prefix``."""
        return any(line.startswith(prefix) for line in list(self.lines))

    def has(self, text: str) -> bool:
        """Whether a line contains ``text``."""
        return any(text in line for line in list(self.lines))

    def search(self, pattern: str) -> re.Match[str] | None:
        """The first match of ``pattern`` in the lines so far."""
        for line in list(self.lines):
            found = re.search(pattern, line)
            if found:
                return found
        return None

    def wait(self, timeout_s: float) -> int | None:
        """The exit status; None (and the process killed) when it runs past ``timeout_s``."""
        try:
            code: int | None = self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            code = None
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5.0)
        return code

    def interrupt(self, timeout_s: float = 20.0) -> int | None:
        """Ctrl-C, then wait(timeout_s)."""
        if self.running():
            self.proc.send_signal(signal.SIGINT)
        return self.wait(timeout_s)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
