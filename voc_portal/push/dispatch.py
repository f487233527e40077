"""Hand push rows to Celery workers by task name, so the services never import the tasks."""

from __future__ import annotations

from datetime import datetime

from voc_portal.core.outbox import task_publish

SEND_TASK = "voc_portal.push.tasks.push_message_send_task"


def enqueue_send(message_id: int, *, eta: datetime | None = None) -> bool:
    """Never raises: with the broker down the row stays queued for the beat re-drive."""
    return task_publish(SEND_TASK, [message_id], eta=eta, what=f"push {message_id}")


def enqueue_send_many(message_ids: list[int]) -> None:
    for message_id in message_ids:
        enqueue_send(message_id)
