"""Thin Celery wrappers for the 3-day rule's periodic sweeps (scheduled in CELERY_BEAT_SCHEDULE).

Both sweeps are idempotent and safe when several beats/workers run them at once.
"""

from celery import shared_task

from . import escalation


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def inquiry_escalation_sweep_task() -> int:
    return escalation.inquiry_escalation_sweep()


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def inquiry_reminder_sweep_task() -> int:
    return escalation.inquiry_reminder_sweep()
