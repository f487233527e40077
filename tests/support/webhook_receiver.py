"""A local HTTP server playing a developer's webhook receiver, with scriptable failures.

    POST <any path>   a Standard Webhooks request: webhook-id, webhook-timestamp and
                      webhook-signature headers over the raw body

It verifies every request with the `standardwebhooks` reference library (not with the portal's
code) and keeps each verified message once per webhook-id (`messages`, in arrival order; a
retry of a message it already took is counted in `duplicates`). `script` lists how the next
requests go, one mode each (then "ok"): "500" (answers 500 and takes nothing), "timeout" (answers
only after `hang_seconds`, beyond the client's timeout, and takes nothing). `go_down()` closes
the port (connection refused) until `come_up()` opens the same port again.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from .http_peer import JsonHandler, LocalPeer


class _Handler(JsonHandler):
    owner: WebhookReceiver

    def do_POST(self):
        receiver = self.owner
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        msg_id = self.headers.get("webhook-id", "")
        try:
            parsed = receiver.verify(self.headers, body)
        except WebhookVerificationError as exc:
            receiver.log(id=msg_id, mode="refused", status=401, error=str(exc))
            return self._answer(401, {"error": str(exc)})
        mode = receiver.next_mode()
        if mode == "500":
            receiver.log(id=msg_id, mode=mode, status=500)
            return self._answer(500, {"error": "receiver broken"})
        if mode == "timeout":
            receiver.log(id=msg_id, mode=mode, status=None)
            time.sleep(receiver.hang_seconds)
            with contextlib.suppress(OSError):  # the client gave up waiting
                self._answer(504, {"error": "too slow"})
            return None
        new = receiver.take(msg_id=msg_id, headers=self.headers, body=body, parsed=parsed)
        receiver.log(id=msg_id, mode=mode, status=200, new=new)
        return self._answer(200, {"ok": True, "duplicate": not new})


class WebhookReceiver(LocalPeer):
    handler = _Handler

    def __init__(self, *, secret: str = "", hang_seconds: float = 1.5, path: str = "/hooks"):
        super().__init__()
        self.secret, self.hang_seconds, self.path = secret, hang_seconds, path
        self.script: deque[str] = deque()
        self.messages: list[dict] = []  # verified, once per webhook-id: id, headers, body, json
        self.requests: list[dict] = []  # every request: id, mode, status, error
        self.duplicates = 0
        self._ids: set[str] = set()

    @property
    def url(self) -> str:
        return self.base_url + self.path

    def reset(self, *, secret: str = "") -> None:
        with self._lock:
            self.secret = secret
            self.script.clear()
            self.messages.clear()
            self.requests.clear()
            self._ids.clear()
            self.duplicates = 0

    def types(self) -> list[str]:
        return [m["json"].get("type", "") for m in self.messages]

    # --- what the handler asks -----------------------------------------------------------

    def verify(self, headers, body: bytes):
        """The JSON body, verified by the reference library; raises WebhookVerificationError."""
        return Webhook(self.secret).verify(body, {k: v for k, v in headers.items()})

    def next_mode(self) -> str:
        with self._lock:
            return self.script.popleft() if self.script else "ok"

    def take(self, *, msg_id: str, headers, body: bytes, parsed) -> bool:
        with self._lock:
            if msg_id in self._ids:
                self.duplicates += 1
                return False
            self._ids.add(msg_id)
            self.messages.append(
                {"id": msg_id, "headers": dict(headers), "body": body, "json": parsed}
            )
            return True

    def log(self, **entry) -> None:
        with self._lock:
            self.requests.append(entry)
