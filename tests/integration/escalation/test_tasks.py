"""The sweeps are reviewed beat entries pointing at thin, registered tasks."""

from datetime import timedelta

import pytest
from django.conf import settings

from inquiries import tasks
from tests.factories.refunds import awaiting_inquiry
from voc_portal.celery import app as celery_app


def test_beat_schedules_both_sweeps_when_settings_load():
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "inquiries.tasks.inquiry_escalation_sweep_task" in entries
    assert "inquiries.tasks.inquiry_reminder_sweep_task" in entries
    celery_app.loader.import_default_modules()
    assert "inquiries.tasks.inquiry_escalation_sweep_task" in celery_app.tasks


@pytest.mark.django_db
def test_tasks_run_the_sweeps_when_called(developer, customer):
    awaiting_inquiry(app=developer.app, customer=customer, due_in=-timedelta(hours=1))
    awaiting_inquiry(app=developer.app, customer=customer, due_in=timedelta(hours=2))

    assert tasks.inquiry_escalation_sweep_task() == 1
    assert tasks.inquiry_escalation_sweep_task() == 0
    assert tasks.inquiry_reminder_sweep_task() == 1
