"""A local HTTP server playing the store's billing endpoint, with scriptable failures.

    POST /billing/v1/cancellations   JSON body with `idempotency_key`, `purchase_id`, …; signed
                                     as docs/store-integration.md says (X-Store-Key, -Timestamp,
                                     -Signature over METHOD, PATH, TIMESTAMP, SHA-256(body), "")

It checks the signature itself, from the guide (not with the portal's code), refuses a replayed
signature, and cancels each idempotency key once: `cancellations` holds one entry per key, and
a repeat answers the first cancellation again (`replayed: true`). `script` lists how the next
requests go, one mode each (then "ok"): "5xx" (503, nothing cancelled), "timeout" (cancels,
then answers only after `hang_seconds`, beyond the client's timeout). `go_down()` closes the
port (connection refused) until `come_up()` opens the same port again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
from collections import deque
from datetime import UTC, datetime

from .http_peer import JsonHandler, LocalPeer

PATH = "/billing/v1/cancellations"


class FakeBilling(LocalPeer):
    def __init__(self, *, keys: dict[str, str], window: int = 300, hang_seconds: float = 2.0):
        super().__init__()
        self.keys, self.window, self.hang_seconds = keys, window, hang_seconds
        self.script: deque[str] = deque()
        self.cancellations: dict[str, dict] = {}
        self.requests: list[dict] = []  # every request that reached us: key, mode, status
        self._seen: set[str] = set()

    @property
    def url(self) -> str:
        return self.base_url + PATH

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.cancellations.clear()
            self.requests.clear()
            self._seen.clear()

    # --- what the handler asks -----------------------------------------------------------

    def signature_error(self, headers, body: bytes) -> str:
        key_id = headers.get("X-Store-Key", "")
        timestamp = headers.get("X-Store-Timestamp", "")
        signature = headers.get("X-Store-Signature", "")
        if key_id not in self.keys:
            return "unknown key"
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > self.window:
            return "timestamp outside the window"
        message = "\n".join(["POST", PATH, timestamp, hashlib.sha256(body).hexdigest(), ""])
        expected = hmac.new(self.keys[key_id].encode(), message.encode(), hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), signature):
            return "signature mismatch"
        with self._lock:
            if signature in self._seen:
                return "replayed signature"
            self._seen.add(signature)
        return ""

    def next_mode(self) -> str:
        with self._lock:
            return self.script.popleft() if self.script else "ok"

    def cancel(self, body: dict) -> tuple[dict, bool]:
        """Cancels the key's payment once; returns the cancellation and whether it is new."""
        with self._lock:
            key = body["idempotency_key"]
            if key in self.cancellations:
                return self.cancellations[key], False
            self.cancellations[key] = {
                "idempotency_key": key,
                "purchase_id": body["purchase_id"],
                "reason": body.get("reason", ""),
                "status": "cancelled",
                "cancelled_at": datetime.now(UTC).isoformat(),
            }
            return self.cancellations[key], True

    def log(self, **entry) -> None:
        with self._lock:
            self.requests.append(entry)


class _Handler(JsonHandler):
    owner: FakeBilling

    def do_POST(self):
        fake = self.owner
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != PATH:
            return self._answer(404, {"code": "not_found"})
        error = fake.signature_error(self.headers, body)
        if error:
            fake.log(key=None, mode="refused", status=401, error=error)
            return self._answer(401, {"code": "signature_invalid", "message": error})
        payload = json.loads(body)
        key = payload.get("idempotency_key")
        if not key or self.headers.get("Idempotency-Key") != key:
            fake.log(key=key, mode="refused", status=400)
            return self._answer(400, {"code": "idempotency_key_mismatch"})
        mode = fake.next_mode()
        if mode == "5xx":
            fake.log(key=key, mode=mode, status=503)
            return self._answer(503, {"code": "unavailable"})
        cancellation, new = fake.cancel(payload)
        fake.log(key=key, mode=mode, status=200, new=new)
        if mode == "timeout":
            time.sleep(fake.hang_seconds)
        with contextlib.suppress(OSError):  # the client gave up waiting (the "timeout" mode)
            self._answer(200, {**cancellation, "replayed": not new})


FakeBilling.handler = _Handler
