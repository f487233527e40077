"""Thin Celery wrappers around the delivery services (voc_portal.webhooks.services.send)."""

from celery import shared_task

from .services import delivery_redrive, delivery_send_and_reschedule


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def webhook_delivery_send_task(delivery_id: int) -> None:
    """One attempt at a delivery; a failure publishes the next one for its backoff."""
    delivery_send_and_reschedule(delivery_id=delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def webhook_delivery_redrive_task() -> int:
    return delivery_redrive()
