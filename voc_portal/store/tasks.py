"""Thin Celery wrappers around the billing call's services (voc_portal.store.services.billing)."""

from celery import shared_task

from .services import billing


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def billing_call_send_task(call_id: int) -> None:
    """One attempt at a billing call; a failure publishes the next one for its backoff."""
    billing.billing_call_send_and_reschedule(call_id=call_id)


@shared_task(acks_late=True, ignore_result=True)
def billing_call_redrive_task() -> int:
    return billing.billing_call_redrive()
