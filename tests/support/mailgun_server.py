"""A local HTTP server speaking Mailgun's sending and events APIs, with scriptable failures.

    POST /v3/<domain>/messages   form fields as Mailgun takes them (from, to, subject, text, html,
                                 h:Message-ID, …); answers {"id": "<…>", "message": "Queued…"}
    GET  /v3/<domain>/events     ?message-id=<id without <>>&event=accepted → {"items": [...]}

Every accepted message is recorded (`accepted`: Message-IDs in order, duplicates kept), so a
test counts what a real provider would have delivered. `faults` scripts how sends fail:
`error_rate` (answers `error_status`, 503 or 429, and accepts nothing), `slow_rate` (accepts,
then answers after `slow_seconds`, beyond the client's timeout), `reset_rate` (accepts, then
resets the connection without an answer) and `latency` (every send). The events API answers
from the same record, so an ambiguous send can be looked up as on Mailgun.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import socket
import struct
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Faults:
    error_rate: float = 0.0
    error_status: int = 503
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    reset_rate: float = 0.0
    latency: float = 0.0


class FakeMailgun:
    def __init__(self, *, api_key: str = "key-fake", seed: int = 1) -> None:
        self.api_key = api_key
        self.faults = Faults()
        self.accepted: list[str] = []
        self.refused = 0
        self.lookups = 0
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self._server: ThreadingHTTPServer | None = None

    @property
    def api_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v3"

    def start(self) -> FakeMailgun:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self, faults: Faults | None = None) -> None:
        with self._lock:
            self.accepted.clear()
            self.refused = 0
            self.lookups = 0
            self.faults = faults or Faults()

    def draw(self) -> str:
        """What happens to the next send: "error", "slow", "reset" or "ok"."""
        with self._lock:
            roll = self._random.random()
        f = self.faults
        for outcome, rate in (
            ("error", f.error_rate),
            ("slow", f.slow_rate),
            ("reset", f.reset_rate),
        ):
            if roll < rate:
                return outcome
            roll -= rate
        return "ok"

    def record(self, message_id: str) -> None:
        with self._lock:
            self.accepted.append(message_id)

    def was_accepted(self, message_id: str) -> bool:
        with self._lock:
            self.lookups += 1
            return message_id in self.accepted


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A client killed mid-request (the harness's kill -9) resets its connection: expected,
        # not a traceback in the results. Anything else is still printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeMailgun
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(f"api:{self.owner.api_key}".encode()).decode()
        if self.headers.get("Authorization") == expected:
            return True
        self._json(401, {"message": "Invalid private key"})
        return False

    def _json(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _form(self) -> dict[str, list[str]]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + raw
            )
            fields: dict[str, list[str]] = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                fields.setdefault(name, []).append(part.get_content())
            return fields
        return parse_qs(raw.decode(), keep_blank_values=True)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if not (path.startswith("/v3/") and path.endswith("/messages")):
            self._json(404, {"message": "not found"})
            return
        form = self._form()
        if not self._authorised():
            return
        message_id = _bare((form.get("h:Message-ID") or form.get("h:Message-Id") or [""])[0])
        if not message_id or not form.get("to"):
            self._json(400, {"message": "'to' parameter is missing"})
            return
        faults = self.owner.faults
        if faults.latency:
            time.sleep(faults.latency)
        outcome = self.owner.draw()
        if outcome == "error":
            self.owner.refused += 1
            self._json(faults.error_status, {"message": "simulated provider error"})
            return
        self.owner.record(message_id)
        if outcome == "slow":
            time.sleep(faults.slow_seconds)
        elif outcome == "reset":
            # SO_LINGER 0: close() sends RST, the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        # The client may have given up waiting (the "slow" fault): accepted all the same.
        with contextlib.suppress(OSError):
            self._json(200, {"id": f"<{uuid.uuid4().hex}@fake.mailgun>", "message": "Queued."})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not (url.path.startswith("/v3/") and url.path.endswith("/events")):
            self._json(404, {"message": "not found"})
            return
        if not self._authorised():
            return
        query = parse_qs(url.query)
        message_id = _bare((query.get("message-id") or [""])[0])
        event = (query.get("event") or ["accepted"])[0]
        items = []
        if message_id and event == "accepted" and self.owner.was_accepted(message_id):
            items.append(
                {
                    "event": "accepted",
                    "timestamp": time.time(),
                    "id": uuid.uuid4().hex,
                    "message": {"headers": {"message-id": message_id}},
                }
            )
        self._json(200, {"items": items, "paging": {}})
