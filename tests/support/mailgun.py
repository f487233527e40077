"""Build Mailgun webhook posts the way Mailgun signs them (for the inbound/tracking tests)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

SIGNING_KEY = "key-test-signing"
WEBHOOK_SECRET = "mailgun-hook:s3cret"


def signature(timestamp: str, token: str, key: str = SIGNING_KEY) -> str:
    return hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def basic_auth(secret: str = WEBHOOK_SECRET) -> str:
    return "Basic " + base64.b64encode(secret.encode()).decode()


def inbound_post_data(
    *,
    to: str,
    from_: str,
    body: str,
    message_id: str,
    subject: str = "Re: your inquiry",
    key: str = SIGNING_KEY,
    html: str | None = None,
) -> dict:
    """Mailgun's forward() route, "fully parsed" form fields."""
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    headers = [
        ["From", from_],
        ["To", to],
        ["Subject", subject],
        ["Message-Id", message_id],
        ["Content-Type", "text/plain; charset=utf-8"],
    ]
    data = {
        "recipient": to,
        "sender": from_.split("<")[-1].rstrip(">"),
        "from": from_,
        "subject": subject,
        "body-plain": body,
        "message-headers": json.dumps(headers),
        "timestamp": timestamp,
        "token": token,
        "signature": signature(timestamp, token, key),
    }
    if html is not None:
        data["body-html"] = html
        del data["body-plain"]
    return data


def tracking_payload(*, event: str, message_id: str, key: str = SIGNING_KEY, **event_data) -> str:
    """Mailgun's JSON tracking webhook."""
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    data = {
        "event": event,
        "timestamp": float(timestamp),
        "recipient": "customer@example.com",
        "message": {"headers": {"message-id": message_id.strip("<>")}},
        **event_data,
    }
    return json.dumps(
        {
            "signature": {
                "timestamp": timestamp,
                "token": token,
                "signature": signature(timestamp, token, key),
            },
            "event-data": data,
        }
    )
