"""`make run`'s email backend: one log line per email instead of a MIME dump.

The full message stays readable at /mail/dev/ (the outbox row); the worker's console says only
what happened: `email sent: kind=inquiry_reply to=c…r@d…o.voc outbox=12`. Anymail's code path
is kept (statuses, message ids), but nothing is kept in memory: the worker runs for hours.
"""

from __future__ import annotations

import logging
import uuid

from anymail.backends.console import EmailBackend as AnymailConsoleBackend
from anymail.message import AnymailRecipientStatus

from .models import OutboundEmail

logger = logging.getLogger("voc_portal.mail.sent")


def mask_address(address: str) -> str:
    """First and last letter of each part: enough to tell test users apart, not to mail them."""
    local, _, domain = address.rpartition("@")
    if not local:
        return "…"

    def mask(part: str) -> str:
        return part if len(part) <= 2 else f"{part[0]}…{part[-1]}"

    name, _, tld = domain.rpartition(".")
    return f"{mask(local)}@{mask(name)}.{tld}" if name else f"{mask(local)}@{mask(domain)}"


class OneLineConsoleBackend(AnymailConsoleBackend):
    esp_name = "Console"

    def post_to_esp(self, payload, message):
        # Like anymail's test backend, without appending every message to mail.outbox forever.
        status = AnymailRecipientStatus(message_id=str(uuid.uuid4()), status="sent")
        return {"recipient_status": {email: status for email in payload.recipient_emails}}

    def open(self) -> bool:
        return False  # no stream: write_message logs

    def close(self) -> None:
        pass

    def write_message(self, message) -> None:
        message_id = message.extra_headers.get("Message-ID", "")
        row = OutboundEmail.objects.filter(message_id=message_id).values("pk", "kind").first()
        for recipient in message.to:
            logger.info(
                "email sent: kind=%s to=%s outbox=%s",
                row["kind"] if row else "-",
                mask_address(recipient),
                row["pk"] if row else "-",
            )
