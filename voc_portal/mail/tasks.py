from celery import shared_task

from . import services


@shared_task(
    acks_late=True,
    autoretry_for=(services.TransientEmailError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
)
def outbound_email_send_task(email_id: int) -> None:
    services.outbound_email_send(email_id=email_id)


@shared_task(acks_late=True)
def outbound_email_redrive_task() -> int:
    return services.outbound_email_redrive()
