from celery import shared_task
from django.conf import settings

from . import dispatch, services


@shared_task(acks_late=True, ignore_result=True)
def outbound_email_send_task(email_id: int) -> None:
    """Send one outbox row. A transient failure puts the row back with a backoff and re-enqueues
    it for then; if that publish fails too, the beat re-drive picks the row up."""
    services.outbound_email_send_and_reschedule(email_id=email_id)


@shared_task(acks_late=True, ignore_result=True)
def outbound_email_send_many_task(email_ids: list[int]) -> None:
    """Send the rows one outbound_email_queue_many queued, each as outbound_email_send_task would.

    Each row's claim stays the guard against double sends, so a redelivered or re-driven batch is
    harmless. Rows left when the time budget runs out go on in a new batch task.
    """
    rest = services.outbound_email_send_many(
        email_ids=email_ids, budget_seconds=settings.VOC_EMAIL_SEND_MANY_BUDGET_SECONDS
    )
    if rest:
        dispatch.enqueue_send_many(rest)


@shared_task(acks_late=True, ignore_result=True)
def outbound_email_redrive_task() -> int:
    return services.outbound_email_redrive()
