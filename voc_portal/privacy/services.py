"""Retention: personal data of closed inquiries and decided refund requests is destroyed once
VOC_RETENTION_DAYS have passed (PIPA: destroyed when its purpose is fulfilled)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inquiries.services.privacy import inquiry_attachments_retention_purge
from refunds.services.privacy import refund_identifiers_retention_purge

from .models import LifecycleRun


def retention_sweep(*, now: datetime | None = None) -> LifecycleRun:
    """Each domain purges its own rows (set-based, a fixed number of statements); one audit
    row records the cutoff and the counts. Safe to run twice or concurrently: a purged row no
    longer matches."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.VOC_RETENTION_DAYS)
    with transaction.atomic():
        counts = {
            "refund_identifiers": refund_identifiers_retention_purge(cutoff=cutoff),
            "inquiry_attachments": inquiry_attachments_retention_purge(cutoff=cutoff),
        }
        return LifecycleRun.objects.create(
            kind=LifecycleRun.Kind.RETENTION, ran_at=now, cutoff=cutoff, counts=counts
        )
