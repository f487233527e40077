"""What the tests' local HTTP peers share (the billing endpoint, the webhook receiver): a
threaded server on 127.0.0.1 that can go down and come back up on the same port, and a handler
base that answers JSON quietly."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    owner: LocalPeer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class LocalPeer:
    """`handler` is the JsonHandler subclass serving requests; each request sees this peer as
    `self.owner`. `go_down()` closes the port (connection refused) until `come_up()`."""

    handler: type[JsonHandler] = JsonHandler

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self):
        handler = type("Handler", (self.handler,), {"owner": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def go_down(self) -> None:
        self.stop()

    def come_up(self) -> None:
        self.start()

    @property
    def is_up(self) -> bool:
        return self._server is not None
