"""What every outbox (emails, billing calls) shares: backoff, and handing a row to a worker.

An outbox row is written in the transaction that causes it; a task claims it with a conditional
UPDATE (one worker only), tries, and puts it back with a backoff; a beat sweep re-drives rows
whose task was lost. The claim itself stays with each outbox: its statuses differ.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from celery import current_app

logger = logging.getLogger(__name__)


def backoff_delay(attempts: int, *, base: float, cap: float) -> timedelta:
    """Exponential backoff with jitter after the n-th failed attempt, capped at `cap` seconds."""
    delay = min(base * 2 ** max(attempts - 1, 0), cap)
    return timedelta(seconds=delay * random.uniform(0.8, 1.2))  # noqa: S311 - jitter only


def task_publish(task_name: str, args: list, *, eta: datetime | None = None, what: str) -> bool:
    """Hand work to a worker by task name; never raises for a broker outage, never blocks long.

    Tasks are looked up in the Celery app's registry and published with `apply_async` (which,
    unlike `send_task`, honours CELERY_TASK_ALWAYS_EAGER). If the broker is unreachable the row
    stays as it is and the beat re-drive publishes it later.
    """
    # A missing task is a wiring bug, not a broker outage: let it raise.
    task = current_app.tasks[task_name]
    try:
        task.apply_async(args=args, eta=eta, retry=False)
    except Exception:  # the broker is down or unreachable: the outbox row is the truth
        logger.warning("broker unavailable; %s stay(s) queued for the re-drive", what)
        return False
    return True
