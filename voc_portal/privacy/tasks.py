from celery import shared_task

from .services import retention_sweep


@shared_task(ignore_result=True)
def privacy_retention_sweep_task() -> dict:
    return retention_sweep().counts
