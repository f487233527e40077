"""Which sending failures are worth another attempt, how often, and after how long."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import requests
from anymail.exceptions import (
    AnymailAPIError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailSerializationError,
    AnymailUnsupportedFeature,
)
from django.conf import settings

from voc_portal.core.outbox import backoff_delay

# Errors that no retry can fix: the row ends in "failed" at once.
_PERMANENT_ERRORS = (
    AnymailRecipientsRefused,
    AnymailInvalidAddress,
    AnymailUnsupportedFeature,
    AnymailSerializationError,
)
# HTTP statuses from the provider that are worth retrying (besides every 5xx).
_TRANSIENT_STATUSES = {408, 425, 429}


def sending_lease() -> timedelta:
    """A claimed row whose worker died is handed out again after this long.

    It must exceed the task's hard time limit, so a worker that is still sending never loses it.
    """
    return timedelta(seconds=settings.VOC_EMAIL_SENDING_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.VOC_EMAIL_MAX_ATTEMPTS


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter after the n-th failed attempt, capped."""
    return backoff_delay(
        attempts,
        base=settings.VOC_EMAIL_RETRY_BASE_SECONDS,
        cap=settings.VOC_EMAIL_RETRY_MAX_SECONDS,
    )


def is_ambiguous_error(exc: Exception) -> bool:
    """The provider may have accepted the message although we saw no answer: a read timeout, a
    connection reset or dropped mid-request. Not: an HTTP answer, a connection never made."""
    if isinstance(exc, requests.ConnectTimeout):
        return False
    if isinstance(exc, (requests.Timeout, requests.ConnectionError)):
        return True
    if isinstance(exc, AnymailAPIError):
        return False  # an answer (any status), or an error raised before the request
    if isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return False
    return isinstance(exc, OSError)  # e.g. SMTP: the connection died after DATA


def is_transient_error(exc: Exception) -> bool:
    """Worth retrying: timeouts, connection errors, provider 5xx / 429. Not: bad requests."""
    if isinstance(exc, _PERMANENT_ERRORS):
        return False
    if isinstance(exc, AnymailAPIError):
        status_code = getattr(exc, "status_code", None)
        if status_code is None:
            status_code = getattr(getattr(exc, "response", None), "status_code", None)
        return status_code is None or status_code >= 500 or status_code in _TRANSIENT_STATUSES
    # Django's SMTP backend (docker-compose's mailpit, a relay): 5xx replies are permanent.
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return True  # OSError, timeouts and anything unexpected: retry, within max_attempts
