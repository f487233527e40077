"""Rows left behind: queued while the broker was down, stuck sending, or failed and retried."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import dispatch
from ..models import OutboundEmail
from .retry import max_attempts, sending_lease

Status = OutboundEmail.Status


def outbound_email_redrive(*, limit: int = 500) -> int:
    """Re-enqueue rows left queued (the broker was down) or stuck sending (a worker died).

    Rows that ran out of attempts while stuck end in "failed". Returns how many were re-enqueued.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.VOC_EMAIL_REDRIVE_GRACE_SECONDS)
    stuck_sending = Q(status=Status.SENDING, claimed_at__lt=now - sending_lease())
    OutboundEmail.objects.filter(stuck_sending, attempts__gte=max_attempts()).update(
        status=Status.FAILED,
        claimed_at=None,
        status_changed_at=now,
        last_error="gave up: no confirmation after the last attempt",
    )
    due = Q(status=Status.QUEUED, next_attempt_at__lt=now - grace) | stuck_sending
    ids = list(
        OutboundEmail.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    if ids:
        # Push queued rows' next look-in forward, so a slow worker is not sent the same row again
        # on every run of the sweep; claims keep any duplicate task harmless anyway.
        OutboundEmail.objects.filter(pk__in=ids, status=Status.QUEUED).update(next_attempt_at=now)
    for email_id in ids:
        dispatch.enqueue_send(email_id)
    return len(ids)


def outbound_email_requeue(*, email_ids: list[int]) -> int:
    """Give failed rows a fresh set of attempts (after ops fixed the cause, e.g. an API key).

    Only "failed" rows move; each is sent once this transaction commits. Returns how many moved.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=email_ids, status=Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED,
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            status_changed_at=now,
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: dispatch.enqueue_send(email_id))
    return len(ids)
