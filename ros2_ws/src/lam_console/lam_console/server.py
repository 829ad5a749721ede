"""The console's HTTP server: one port, a thread per connection, no ROS.

    GET  /  /app.js  /app.css       the page (static files of this package; no token needed)
    GET  /events                    Server-Sent Events: hello, state, map, frame
    GET  /camera.jpg                the newest camera frame with the detections drawn (JPEG)
    GET  /api/status                clients, drops, whether the console follows the graph now
    POST /api/goal {text, client, cancel_on_close}   /api/options {client, cancel_on_close}
    POST /api/cancel   /api/stop   /api/release   /api/ask {question}

Data and command requests need the token when one is configured (?token= or the X-Lam-Token
header). Commands are JSON POSTs; a cross-site page cannot send them (its Origin differs from the
Host, and a JSON body needs a preflight this server never grants). Each event stream has a bounded
queue (lam_core.console.ClientHub): a client that does not keep up is dropped, never waited for.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from lam_core.console import (
    SSE_KEEPALIVE,
    TOKEN_HEADER,
    ClientClosed,
    ClientHub,
    ConsoleClient,
    ConsoleNodeConfig,
    HubFull,
    RequestError,
    body_length,
    bool_field,
    int_field,
    json_object,
    sse_event,
    text_field,
    token_ok,
)
from lam_core.errors import ConfigError

STATIC_FILES = {"/": ("index.html", "text/html; charset=utf-8"), "/index.html": ("index.html", "text/html; charset=utf-8"),
                "/app.js": ("app.js", "text/javascript; charset=utf-8"), "/app.css": ("app.css", "text/css; charset=utf-8")}
REQUEST_TIMEOUT_S = 10.0  # a connection that sends no complete request within this is closed [s]
KEEPALIVE_S = 10.0  # an idle event stream gets a comment line this often [s]
POLL_S = 0.25  # an event stream checks this often whether its peer has gone [s]
STREAM_SNDBUF_BYTES = 32 * 1024  # kernel send buffer of an event stream: a stalled reader shows soon
EXTRA_CONNECTIONS = 32  # connections beyond max_clients (page, camera, commands) before new ones get 503
SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                                "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
)

Reply = tuple[int, dict[str, Any]]


class ConsoleBackend(Protocol):
    """What the server asks of the node. Called from the server's threads; never blocks for
    longer than the timeout it is given."""

    def goal_text(self, text: str) -> str: ...
    def send_goal(self, text: str, client_id: int, cancel_on_close: bool) -> Reply: ...
    def set_cancel_on_close(self, client_id: int, cancel_on_close: bool) -> None: ...
    def cancel_goals(self) -> Reply: ...
    def estop(self, engage: bool) -> Reply: ...
    def ask(self, question: str) -> Reply: ...
    def camera_jpeg(self) -> tuple[int, bytes] | None: ...
    def initial_events(self) -> list[bytes]: ...
    def clients_changed(self) -> None: ...
    def client_closed(self, client: ConsoleClient) -> None: ...
    def status(self) -> dict[str, Any]: ...


def load_static(folder: Path) -> dict[str, tuple[bytes, str]]:
    """The page's files by URL path; ConfigError when one is missing."""
    files = {}
    for path, (name, content_type) in STATIC_FILES.items():
        try:
            files[path] = ((folder / name).read_bytes(), content_type)
        except OSError as exc:
            raise ConfigError(f"console page file missing: {folder / name} ({exc})") from exc
    return files


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], console: ConsoleServer) -> None:
        self.console = console
        self._slots = threading.BoundedSemaphore(console.cfg.max_clients + EXTRA_CONNECTIONS)
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # too many connections: answer without a thread
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.console.log_warning(f"console: a request from {client_address[0]} failed: {sys.exc_info()[1]!r}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lam-console"
    sys_version = ""
    timeout = REQUEST_TIMEOUT_S
    server: _Server

    # ------------------------------------------------------------------ plumbing
    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the node logs what matters; request lines would flood its output

    @property
    def console(self) -> ConsoleServer:
        return self.server.console

    def _send(self, status: int, body: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (*SECURITY_HEADERS, *headers):
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        if status >= 400 and self.command == "POST":
            self.close_connection = True  # the body may not have been read
        self._json(status, {"error": message})

    def _query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, max_num_fields=16)

    def _authorised(self) -> bool:
        token = self._query().get("token", [None])[0]
        if token_ok(self.console.cfg.token, token, self.headers.get(TOKEN_HEADER)):
            return True
        self._error(401, "this console needs its token: open the page as /?token=TOKEN")
        return False

    # ------------------------------------------------------------------ GET
    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        try:
            if path in self.console.static:
                body, content_type = self.console.static[path]
                self._send(200, body, content_type)
            elif path == "/favicon.ico":
                self._send(204, b"", "image/x-icon")
            elif path == "/events":
                if self._authorised():
                    self._events()
            elif path == "/camera.jpg":
                if self._authorised():
                    self._camera()
            elif path == "/api/status":
                if self._authorised():
                    self._json(200, self.console.status())
            else:
                self._error(404, f"no such page: {path[:80]}")
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _camera(self) -> None:
        frame = self.console.backend.camera_jpeg()
        if frame is None:
            self._error(503, "no camera frame yet (is camera_node running? frames come while a page is connected)")
            return
        seq, jpeg = frame
        self._send(200, jpeg, "image/jpeg", (("X-Frame-Seq", str(seq)),))

    def _events(self) -> None:
        hub = self.console.hub
        try:
            client = hub.connect()
        except HubFull as exc:
            self._error(503, str(exc))
            return
        reason = "closed by the page"
        try:
            client.offer(sse_event("hello", {"client": client.id, "max_goal_chars": self.console.cfg.max_goal_chars}))
            for event in self.console.backend.initial_events():
                client.offer(event)
            sock: socket.socket = self.connection
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, STREAM_SNDBUF_BYTES)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Connection", "close")
            self.send_header("X-Accel-Buffering", "no")
            for key, value in SECURITY_HEADERS:
                self.send_header(key, value)
            self.end_headers()
            self.close_connection = True
            sock.settimeout(self.console.cfg.send_timeout_s)  # one event must go out within this, or the client is slow
            client.on_close = lambda: _shutdown(sock)
            self.console.backend.clients_changed()
            reason = self._stream(client, sock)
        except ClientClosed as exc:
            reason = str(exc)
        except TimeoutError:
            reason = f"slow: one event took over {self.console.cfg.send_timeout_s:g} s to send"
        except OSError:
            reason = client.closed_reason or "connection lost"
        finally:
            client.close(reason)
            hub.disconnect(client, reason)
            if client.closed_reason.startswith("slow"):
                self.console.log_warning(f"console: dropped client {client.id} ({client.closed_reason})")
            self.console.backend.client_closed(client)
            self.console.backend.clients_changed()

    def _stream(self, client: ConsoleClient, sock: socket.socket) -> str:
        """Write the client's events until it goes away or is closed; returns why it ended."""
        last_write = time.monotonic()
        while not self.console.stopping.is_set():
            event = client.take(POLL_S)
            if event is None:
                if _peer_gone(sock):
                    return "closed by the page"
                if time.monotonic() - last_write < KEEPALIVE_S:
                    continue
                event = SSE_KEEPALIVE
            self.wfile.write(event)
            last_write = time.monotonic()
        return "server stopping"

    # ------------------------------------------------------------------ POST
    def do_POST(self) -> None:
        received_wall_s = time.time()  # when this command reached the console [s since the epoch]
        path = urlsplit(self.path).path
        handlers: dict[str, Callable[[dict[str, Any]], Reply]] = {
            "/api/goal": self._goal, "/api/options": self._options, "/api/cancel": lambda _b: self.console.backend.cancel_goals(),
            "/api/stop": lambda _b: self.console.backend.estop(True), "/api/release": lambda _b: self.console.backend.estop(False),
            "/api/ask": self._ask,
        }
        try:
            handler = handlers.get(path)
            if handler is None:
                self._error(404, f"no such command: {path[:80]}")
                return
            if not self._authorised():
                return
            origin = self.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != (self.headers.get("Host") or ""):
                self._error(403, "commands are taken from this console's own page only")
                return
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type != "application/json":
                self._error(415, "send the command as JSON (Content-Type: application/json)")
                return
            length = body_length(self.headers.get("Content-Length"), self.console.cfg.max_body_bytes)
            body = self.rfile.read(length)
            if len(body) != length:
                self._error(400, "the request body ended early")
                return
            status, reply = handler(json_object(body))
            if path in ("/api/stop", "/api/release"):  # where the time of a stop went: the page, or the console
                reply = {**reply, "received_wall_s": received_wall_s}
            self._json(status, reply)
        except RequestError as exc:
            self._error(exc.status, str(exc))
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _goal(self, body: dict[str, Any]) -> Reply:
        backend = self.console.backend
        text = text_field(body, "text", self.console.cfg.max_goal_chars, backend.goal_text)
        return backend.send_goal(text, int_field(body, "client", 0), bool_field(body, "cancel_on_close", False))

    def _options(self, body: dict[str, Any]) -> Reply:
        client_id = int_field(body, "client", 0)
        if self.console.hub.get(client_id) is None:
            raise RequestError(404, f"no connected page with client id {client_id}")
        cancel = bool_field(body, "cancel_on_close", False)
        self.console.backend.set_cancel_on_close(client_id, cancel)
        return 200, {"client": client_id, "cancel_on_close": cancel}

    def _ask(self, body: dict[str, Any]) -> Reply:
        question = text_field(body, "question", self.console.cfg.max_goal_chars)
        return self.console.backend.ask(question)


def _shutdown(sock: socket.socket) -> None:
    """Unblock a thread writing to ``sock``: the stream is over."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _peer_gone(sock: socket.socket) -> bool:
    """True when the peer closed its end (readable with nothing to read). Anything a page sends
    on its event stream is read and thrown away."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(4096) == b""
    except (OSError, ValueError):
        return True


class ConsoleServer:
    """The HTTP server thread and the open event streams."""

    def __init__(self, cfg: ConsoleNodeConfig, backend: ConsoleBackend, static_dir: Path,
                 log_warning: Callable[[str], None] = lambda _msg: None) -> None:
        self.cfg = cfg
        self.backend = backend
        self.static = load_static(static_dir)
        self.hub = ClientHub(cfg.max_clients, cfg.client_queue_len)
        self.log_warning = log_warning
        self.stopping = threading.Event()
        try:
            self._httpd = _Server((cfg.host, cfg.port), self)
        except OSError as exc:
            raise ConfigError(f"console: cannot serve on {cfg.host}:{cfg.port}: {exc.strerror or exc}") from exc
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.5},
                                        name="console-http", daemon=True)
        self._started = False

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.cfg.host
        shown = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("0.0.0.0", "") else host)
        return f"http://{shown}:{self.port}/"

    def start(self) -> None:
        self._thread.start()
        self._started = True

    def status(self) -> dict[str, Any]:
        stats = self.hub.stats()
        return {"clients": stats.connected, "served": stats.served, "dropped_slow": stats.dropped_slow,
                "refused": stats.refused, "max_clients": stats.max_clients, **self.backend.status()}

    def broadcast(self, event: bytes) -> None:
        """Offer ``event`` to every open stream; one whose queue is full is dropped (its thread logs it)."""
        self.hub.broadcast(event)

    def stop(self) -> None:
        self.stopping.set()
        self.hub.close_all("server stopping")
        if self._started:
            self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2.0)

