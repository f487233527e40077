"""Hand outbox rows to Celery workers by task name, so the services never import the tasks.

The tasks (tasks.py) call the services; the services enqueue through here. Tasks are looked up in
the Celery app's registry (MailConfig.ready() imports tasks.py, which registers them) and
published with `apply_async`, which, unlike `send_task`, honours CELERY_TASK_ALWAYS_EAGER.
"""

from __future__ import annotations

from datetime import datetime

from voc_portal.core.outbox import task_publish

SEND_TASK = "voc_portal.mail.tasks.outbound_email_send_task"
SEND_MANY_TASK = "voc_portal.mail.tasks.outbound_email_send_many_task"


def enqueue_send(email_id: int, *, eta: datetime | None = None) -> bool:
    """Hand the row to a worker; never raises and never blocks for long.

    If the broker is unreachable the row simply stays queued and the beat re-drive sends it later
    (CELERY_BROKER_TRANSPORT_OPTIONS bound the connection attempt).
    """
    return task_publish(SEND_TASK, [email_id], eta=eta, what=f"email {email_id}")


def enqueue_send_many(email_ids: list[int]) -> bool:
    """enqueue_send for many rows: one task message carrying all the ids."""
    what = f"{len(email_ids)} emails (from {email_ids[0]})"
    return task_publish(SEND_MANY_TASK, [list(email_ids)], eta=None, what=what)
