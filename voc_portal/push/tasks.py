from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def push_message_send_task(message_id: int) -> None:
    """Send one push row; a transient failure re-enqueues it for its backoff."""
    services.push_message_send_and_reschedule(message_id=message_id)


@shared_task(acks_late=True, ignore_result=True)
def push_message_redrive_task() -> int:
    return services.push_message_redrive()
