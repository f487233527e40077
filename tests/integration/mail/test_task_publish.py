"""core.outbox.task_publish, which every outbox (email, push, billing) hands its rows over with:
True once the task is on the broker, False (one warning, no exception) when the broker is down."""

from __future__ import annotations

import logging

import pytest

from tests.support.broker import published_send_tasks
from voc_portal.core.outbox import task_publish
from voc_portal.mail.dispatch import SEND_TASK

pytestmark = pytest.mark.django_db


def test_a_published_task_is_on_the_broker_and_reported_true(private_broker):
    assert task_publish(SEND_TASK, [41], what="email 41") is True
    assert published_send_tasks(private_broker.url) == [41]


def test_a_dead_broker_is_reported_false_with_one_warning_and_never_raises(private_broker, caplog):
    private_broker.stop()
    with caplog.at_level(logging.WARNING, logger="voc_portal.core.outbox"):
        assert task_publish(SEND_TASK, [42], what="email 42") is False
    warnings = [r.getMessage() for r in caplog.records if r.name == "voc_portal.core.outbox"]
    assert warnings == ["broker unavailable; email 42 stay(s) queued for the re-drive"]


def test_a_task_name_nobody_registered_is_a_wiring_bug_and_raises(private_broker):
    with pytest.raises(KeyError):
        task_publish("voc_portal.nowhere.task", [1], what="nothing")
