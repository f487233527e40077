"""An anymail test backend that fails like a provider having a bad minute.

The first `VOC_TEST_EMAIL_FAILURES` sends in this process raise AnymailAPIError with status
`VOC_TEST_EMAIL_FAILURE_STATUS` (503 by default: transient; 400: permanent); later sends behave
like anymail's test backend (collected in django.core.mail.outbox). `reset()` starts counting again.
"""

from __future__ import annotations

import json
import os
import threading

import requests
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from django.conf import settings

_lock = threading.Lock()
_state = {"calls": 0}


def reset() -> None:
    with _lock:
        _state["calls"] = 0


def calls() -> int:
    return _state["calls"]


class RecordingEmailBackend(AnymailTestBackend):
    """anymail's test backend that also appends each accepted email to the file named by the
    VOC_TEST_EMAIL_LOG environment variable (one JSON line): how an end-to-end test counts what a
    worker subprocess really sent."""

    def post_to_esp(self, payload, message):
        response = super().post_to_esp(payload, message)
        path = os.environ.get("VOC_TEST_EMAIL_LOG")
        if path:
            line = {
                "to": message.to,
                "message_id": message.extra_headers.get("Message-ID", ""),
                "subject": message.subject,
                "body": message.body,
            }
            with open(path, "a", encoding="utf-8") as log:
                log.write(json.dumps(line) + "\n")
        return response


def recorded_emails(path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as log:
            return [json.loads(line) for line in log if line.strip()]
    except FileNotFoundError:
        return []


class FlakyEmailBackend(RecordingEmailBackend):
    esp_name = "FlakyTest"

    def post_to_esp(self, payload, message):
        with _lock:
            _state["calls"] += 1
            attempt = _state["calls"]
        if attempt <= getattr(settings, "VOC_TEST_EMAIL_FAILURES", 0):
            status = getattr(settings, "VOC_TEST_EMAIL_FAILURE_STATUS", 503)
            response = requests.Response()
            response.status_code = status
            response.reason = "Service Unavailable" if status >= 500 else "Bad Request"
            response._content = b'{"message": "simulated provider error"}'
            raise AnymailAPIError(
                f"simulated provider error {status} (attempt {attempt})",
                status_code=status,
                response=response,
                backend=self,
            )
        return super().post_to_esp(payload, message)


class EarlyTrackingEmailBackend(AnymailTestBackend):
    """The provider's "delivered" webhook arrives while the sender is still finishing up."""

    def post_to_esp(self, payload, message):
        from voc_portal.mail.services import outbound_email_track

        response = super().post_to_esp(payload, message)
        outbound_email_track(
            provider_message_id=message.extra_headers["Message-ID"], event_type="delivered"
        )
        return response


class RaisingEmailBackend(AnymailTestBackend):
    """Every send raises `settings.VOC_TEST_EMAIL_ERROR` (an exception instance), as a provider
    connection that times out or drops mid-request does; nothing reaches the outbox."""

    esp_name = "RaisingTest"

    def post_to_esp(self, payload, message):
        raise settings.VOC_TEST_EMAIL_ERROR


class RecipientIdsEmailBackend(AnymailTestBackend):
    """The provider accepts and answers with its own id per recipient address, from
    `settings.VOC_TEST_EMAIL_RECIPIENT_IDS` ({address: id}); more than one distinct id makes
    anymail's `message_id` a set, as a provider answering for several recipients does."""

    esp_name = "RecipientIdsTest"

    def post_to_esp(self, payload, message):
        from anymail.message import AnymailRecipientStatus

        super().post_to_esp(payload, message)  # collected in django.core.mail.outbox
        ids = settings.VOC_TEST_EMAIL_RECIPIENT_IDS
        return {
            "recipient_status": {
                address: AnymailRecipientStatus(message_id=pid, status="sent")
                for address, pid in ids.items()
            }
        }
