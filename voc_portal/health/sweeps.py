"""Times every periodic task (the reviewed CELERY_BEAT_SCHEDULE) where it runs: in the worker.

Each run records its duration, outcome and finish time under the schedule's name; /metrics shows
them, so an operator can alert on a sweep that is slow, failing, or has not finished for a while.
"""

from __future__ import annotations

import time

from celery import signals
from django.conf import settings

from . import store

_started: dict[str, float] = {}


def sweep_names() -> dict[str, str]:
    """Task name -> schedule entry name, e.g. inquiries.tasks.…_sweep_task -> inquiry-…-sweep."""
    return {entry["task"]: name for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}


def _prerun(task_id: str | None = None, task=None, **_: object) -> None:
    if task is not None and task.name in sweep_names() and task_id:
        _started[task_id] = time.monotonic()


def _postrun(task_id: str | None = None, task=None, state: str | None = None, **_: object):
    started = _started.pop(task_id or "", None)
    if started is None or task is None:
        return
    values = {"duration": time.monotonic() - started, "finished": time.time()}
    if state == "SUCCESS":
        values["succeeded"] = values["finished"]
    store.record(store.SWEEPS, sweep_names()[task.name], values)
    if state != "SUCCESS":
        store.increment(store.SWEEPS, f"{sweep_names()[task.name]}|failures")


def connect() -> None:
    # weak=False: the handlers are module functions; dispatch_uid: ready() may run twice in tests.
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="voc-health-sweep-start")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="voc-health-sweep-end")
