"""Thin Celery wrappers around the reviews' services."""

from celery import shared_task

from . import alerts


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300, time_limit=360)
def rating_drop_sweep_task() -> int:
    """Beat, daily: snapshot the apps' ratings and alert on drops (reviews.alerts)."""
    queued = alerts.rating_drop_sweep()
    alerts.rating_snapshots_purge()
    return queued
