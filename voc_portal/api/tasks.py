from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def idempotency_record_purge_task() -> int:
    """Delete stored idempotent responses past their window. Running it twice is harmless."""
    return services.idempotency_record_purge()
