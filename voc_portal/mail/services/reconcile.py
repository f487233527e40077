"""Rows whose last send has no known outcome, and the one write that must not be lost.

`reconcile` asks the provider (voc_portal.mail.providers) whether an in-doubt row's Message-ID
was accepted; `mark_sent` records an acceptance, retrying through a database restart, because a
row left "sending" after the provider accepted it is exactly what would be sent twice.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Case, F, Value, When
from django.utils import timezone

from .. import providers
from ..models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status


def reconcile(email: OutboundEmail) -> bool | None:
    """Was this in-doubt row accepted? True / False, or None: cannot tell yet, try later.

    A "no" is trusted only once the doubtful attempt is VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS old:
    the provider's event log lags its acceptance a little.
    """
    lookup = providers.provider()
    answer = lookup.was_accepted(email.message_id)
    if answer is False and lookup.has_event_log and email.in_doubt_since is not None:
        min_age = timedelta(seconds=settings.VOC_EMAIL_RECONCILE_MIN_AGE_SECONDS)
        if timezone.now() - email.in_doubt_since < min_age:
            answer = None
    logger.info("email %s in doubt since %s: provider says %s", email.pk, email.in_doubt_since,
                {True: "accepted", False: "not accepted", None: "cannot tell"}[answer])  # fmt: skip
    return answer


def mark_sent(email: OutboundEmail, *, provider_id: str) -> OutboundEmail:
    """Record that the provider accepted the row; retried with reconnects and backoff for up to
    VOC_EMAIL_MARK_SENT_RETRY_SECONDS (a PostgreSQL restart, a failover). If it still fails the
    row stays "sending" and in doubt: after its lease, `reconcile` finds it accepted."""
    deadline = time.monotonic() + settings.VOC_EMAIL_MARK_SENT_RETRY_SECONDS
    delay = 0.2
    while True:
        try:
            return _mark_sent_once(email, provider_id=provider_id)
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() + delay > deadline:
                raise
            logger.warning(
                "email %s: mark-sent failed (%s); retrying in %.1fs", email.pk, exc, delay
            )
            connection.close()  # the next query opens a fresh connection
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _mark_sent_once(email: OutboundEmail, *, provider_id: str) -> OutboundEmail:
    now = timezone.now()
    # A tracking webhook may have moved the row on already (delivered before we got here):
    # record the provider id and time either way, change the state only from "sending".
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Case(When(status=Status.SENDING, then=Value(Status.SENT)), default=F("status")),
        sent_at=now,
        status_changed_at=now,
        provider_message_id=provider_id,
        in_doubt_since=None,
        claimed_at=None,
        last_error="",
    )
    email.refresh_from_db()
    return email
