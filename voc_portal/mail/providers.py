"""Asking the email provider what it did with a message: the reconciliation of ambiguous sends.

A send that timed out, had its connection reset, or whose worker died before recording the
outcome may or may not have been accepted. Before resending such a row the outbox asks the
provider (`was_accepted`): True → it was, record it as sent; False → it was not, resend with the
same Message-ID; None → cannot tell now (lookup failed, or too early to trust a "no"), try later.

One class per provider, chosen from EMAIL_BACKEND. Backends without a lookup (console, anymail's
test backend, SMTP) answer False: their ambiguous sends are resent, as before (docs/email.md).
"""

from __future__ import annotations

import logging
from typing import Protocol

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class MailProvider(Protocol):
    # True when "not accepted" comes from an event log that lags acceptance (wait before trusting).
    has_event_log: bool

    def was_accepted(self, message_id: str) -> bool | None: ...


class NoLookup:
    """A backend we cannot ask: treat an ambiguous send as not accepted (resend it)."""

    has_event_log = False

    def was_accepted(self, message_id: str) -> bool | None:
        return False


class Mailgun:
    """Mailgun's events API: GET {api}/{domain}/events?message-id=…&event=accepted.

    Mailgun stores the Message-ID without angle brackets. Its events are searchable within
    seconds, but not at once; the outbox waits VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS after the
    attempt before trusting an empty answer.
    """

    has_event_log = True

    def __init__(self) -> None:
        anymail = settings.ANYMAIL
        self.api_url = anymail.get("MAILGUN_API_URL", "https://api.mailgun.net/v3").rstrip("/")
        self.api_key = anymail.get("MAILGUN_API_KEY", "")
        self.domain = anymail.get("MAILGUN_SENDER_DOMAIN", "")
        self.timeout = float(anymail.get("REQUESTS_TIMEOUT", 20))

    def was_accepted(self, message_id: str) -> bool | None:
        if not self.domain:
            logger.warning("MAILGUN_SENDER_DOMAIN is not set: cannot reconcile %s", message_id)
            return None
        try:
            response = requests.get(
                f"{self.api_url}/{self.domain}/events",
                params={"message-id": message_id.strip("<>"), "event": "accepted", "limit": 1},
                auth=("api", self.api_key),
                timeout=self.timeout,
            )
            response.raise_for_status()
            items = response.json().get("items", [])
        except (requests.RequestException, ValueError) as exc:
            logger.warning("provider lookup for %s failed: %s", message_id, exc)
            return None
        return bool(items)


def provider() -> MailProvider:
    if settings.EMAIL_BACKEND.startswith("anymail.backends.mailgun."):
        return Mailgun()
    return NoLookup()
