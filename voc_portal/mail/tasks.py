from celery import shared_task

from . import services
from .models import OutboundEmail


@shared_task(acks_late=True, ignore_result=True)
def outbound_email_send_task(email_id: int) -> None:
    """Send one outbox row. A transient failure puts the row back with a backoff and re-enqueues
    it for then; if that publish fails too, the beat re-drive picks the row up."""
    email = services.outbound_email_send(email_id=email_id)
    if email is not None and email.status == OutboundEmail.Status.QUEUED:
        services.enqueue_send(email.pk, eta=email.next_attempt_at)


@shared_task(acks_late=True, ignore_result=True)
def outbound_email_redrive_task() -> int:
    return services.outbound_email_redrive()
