"""A local Web Push service: the receiving side of RFC 8030 / 8291 / 8292 over real HTTP.

    POST /push/<token>   an application server's push message. Checked as a push service and a
                         browser together would: the `Authorization: vapid t=<JWT>, k=<key>`
                         header (RFC 8292: ES256 signature by `k`, `aud` = this service's origin,
                         `exp` within 24 h, a `sub`), the TTL header, `Content-Encoding:
                         aes128gcm`; then the body is decrypted (RFC 8188 / 8291) with the
                         subscription's private key, as the browser would.

`subscribe()` makes a browser-side subscription (a P-256 key pair and auth secret) and returns
what `PushSubscription.toJSON()` gives the app. Every push that decrypts is recorded in
`received` (token, payload bytes, headers, the VAPID key `k`); one that fails a check is answered
400/401/403 and recorded in `rejected` with the reason. `script(token, [410, 201, …])` sets the
next answers for a token (then 201 again), e.g. 429 with Retry-After, 500, 404 or 410.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hkdf(*, salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def _point(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


class Rejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class Subscription:
    token: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def public(self) -> bytes:
        return _point(self.private_key.public_key())


@dataclass
class Received:
    token: str
    payload: bytes
    headers: dict[str, str]  # names in lower case
    vapid_key: str
    claims: dict

    def json(self) -> dict:
        return json.loads(self.payload)


def decrypt_aes128gcm(body: bytes, sub: Subscription) -> bytes:
    """RFC 8188 content coding with the RFC 8291 key derivation, as the user agent does it."""
    if len(body) < 21:
        raise Rejected(400, "body shorter than the aes128gcm header")
    salt, rs, idlen = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    sender_public = body[21 : 21 + idlen]
    records = body[21 + idlen :]
    if idlen != 65 or rs < 18:
        raise Rejected(400, "keyid must be the sender's 65-byte P-256 key")
    try:
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    except ValueError as exc:
        raise Rejected(400, "keyid is not a P-256 point") from exc
    ecdh = sub.private_key.exchange(ec.ECDH(), sender)
    key_info = b"WebPush: info\x00" + sub.public + sender_public
    ikm = _hkdf(salt=sub.auth, ikm=ecdh, info=key_info, length=32)
    cek = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: aes128gcm\x00", length=16)
    nonce = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: nonce\x00", length=12)
    plain = b""
    chunks = [records[i : i + rs] for i in range(0, len(records), rs)] or [b""]
    for seq, chunk in enumerate(chunks):
        iv = (int.from_bytes(nonce, "big") ^ seq).to_bytes(12, "big")
        try:
            record = AESGCM(cek).decrypt(iv, chunk, None)
        except InvalidTag as exc:
            raise Rejected(400, "record does not decrypt (wrong keys)") from exc
        record = record.rstrip(b"\x00")
        last = seq == len(chunks) - 1
        if not record or record[-1] != (2 if last else 1):
            raise Rejected(400, "bad padding delimiter")
        plain += record[:-1]
    return plain


def verify_vapid(header: str, *, audience: str) -> tuple[str, dict]:
    """RFC 8292 §2 and §3: `vapid t=<JWT>, k=<key>`; an ES256 JWT signed by k for this origin."""
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "vapid":
        raise Rejected(401, "Authorization scheme is not vapid")
    params = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        params[name] = value
    if "t" not in params or "k" not in params:
        raise Rejected(401, "vapid needs t= and k=")
    try:
        head_b64, claims_b64, sig_b64 = params["t"].split(".")
        head = json.loads(unb64url(head_b64))
        claims = json.loads(unb64url(claims_b64))
        signature = unb64url(sig_b64)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(params["k"]))
    except (ValueError, json.JSONDecodeError) as exc:
        raise Rejected(401, f"malformed vapid token: {exc}") from exc
    if head.get("alg") != "ES256" or len(signature) != 64:
        raise Rejected(401, "the JWT must be ES256 with a 64-byte signature")
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        key.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise Rejected(403, "the JWT signature does not verify with k") from exc
    if claims.get("aud") != audience:
        raise Rejected(403, f"aud {claims.get('aud')!r} is not {audience!r}")
    exp = claims.get("exp")
    if not isinstance(exp, int) or not time.time() < exp <= time.time() + 24 * 3600:
        raise Rejected(403, "exp must lie within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise Rejected(403, "sub must be a mailto: or https: contact")
    return params["k"], claims


@dataclass
class PushService:
    received: list[Received] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._subs: dict[str, Subscription] = {}
        self._scripts: dict[str, list[tuple[int, dict]]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def subscribe(self) -> dict:
        """A new browser subscription: what PushSubscription.toJSON() returns."""
        sub = Subscription(
            b64url(os.urandom(12)), ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
        )
        with self._lock:
            self._subs[sub.token] = sub
        return {
            "endpoint": f"{self.origin}/push/{sub.token}",
            "keys": {"p256dh": b64url(sub.public), "auth": b64url(sub.auth)},
        }

    def script(self, endpoint: str, statuses: list[int], headers: dict | None = None) -> None:
        token = endpoint.rsplit("/", 1)[-1]
        with self._lock:
            self._scripts[token] = [(s, dict(headers or {})) for s in statuses]

    def for_endpoint(self, endpoint: str) -> list[Received]:
        token = endpoint.rsplit("/", 1)[-1]
        return [r for r in self.received if r.token == token]

    def _handle(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        token = path.rsplit("/", 1)[-1]
        with self._lock:
            self.attempts[token] = self.attempts.get(token, 0) + 1
            sub = self._subs.get(token) if path.startswith("/push/") else None
            scripted = self._scripts.get(token, [])
            answer = scripted.pop(0) if scripted else None
        if sub is None:
            return 404, {}
        try:
            vapid_key, claims = verify_vapid(headers.get("Authorization", ""), audience=self.origin)
            if not headers.get("TTL", "").isdigit():
                raise Rejected(400, "TTL header missing (RFC 8030 §5.2)")
            if headers.get("Content-Encoding") != "aes128gcm":
                raise Rejected(415, "Content-Encoding must be aes128gcm")
            payload = decrypt_aes128gcm(body, sub)
        except Rejected as exc:
            with self._lock:
                self.rejected.append((token, str(exc)))
            return exc.status, {}
        if answer is not None and answer[0] >= 300:
            return answer
        with self._lock:
            self.received.append(
                Received(
                    token, payload, {k.lower(): v for k, v in headers.items()}, vapid_key, claims
                )
            )
        return 201, {"Location": f"{self.origin}/message/{b64url(os.urandom(8))}"}

    def start(self) -> PushService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                status, extra = service._handle(self.path, self.headers, self.rfile.read(length))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
