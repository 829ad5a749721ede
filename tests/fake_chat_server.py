"""A local OpenAI-compatible chat-completions server that answers from a script, for testing
the http task planner without any model."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def answer(*steps: tuple[str, str], reason: str = "test") -> str:
    """A plan answer in the plan schema."""
    return json.dumps({"steps": [{"skill": s, "target": t} for s, t in steps], "reason": reason})


class FakeChatServer:
    """A local OpenAI-compatible /v1/chat/completions that answers from a script."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, object, float]] = []  # (HTTP status, body, delay [s])
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body})
                status, reply, delay = server.replies.pop(0) if server.replies else (500, "no reply scripted", 0.0)
                if delay:
                    threading.Event().wait(delay)
                data = (reply if isinstance(reply, str) else json.dumps(reply)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def say(self, content: str, status: int = 200, delay_s: float = 0.0) -> None:
        self.replies.append((status, {"choices": [{"message": {"role": "assistant", "content": content}}]}, delay_s))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
