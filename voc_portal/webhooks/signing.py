"""Standard Webhooks signing (https://www.standardwebhooks.com/): the `standardwebhooks`
package's reference implementation, so a receiver verifies with the same library.

    webhook-id:        the delivery's msg_id (the same on every retry: receivers dedupe on it)
    webhook-timestamp: seconds since the epoch, of this attempt
    webhook-signature: "v1,<base64 HMAC-SHA256 of id.timestamp.body>", and a second one with the
                       previous secret while a rotation's grace period lasts
"""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 -- the format's prefix, not a secret


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signed_headers(*, msg_id: str, at: datetime, body: str, secrets_: list[str]) -> dict[str, str]:
    signatures = [Webhook(s).sign(msg_id=msg_id, timestamp=at, data=body) for s in secrets_ if s]
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
