"""outbound_email_send_many_task when one row's claim fails: moved out of test_outbox_many.py
because it swaps a function of the module that sends (voc_portal.mail.services.send)."""

import pytest
from django.core import mail

from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_queue_many
from voc_portal.mail.services import send as services
from voc_portal.mail.tasks import outbound_email_send_many_task

from .test_outbox_many import Boom, Status, _ids, _spec

pytestmark = pytest.mark.django_db


def test_batch_task_sends_the_others_when_one_row_raises_unexpectedly(monkeypatch):
    outbound_email_queue_many(specs=[_spec(f"u{n}") for n in range(3)])
    ids = _ids("u0", "u1", "u2")
    claim = services.outbound_email_claim

    def claim_or_crash(*, email_id):
        if email_id == ids[1]:
            raise Boom("database hiccup")
        return claim(email_id=email_id)

    monkeypatch.setattr(services, "outbound_email_claim", claim_or_crash)
    outbound_email_send_many_task.run(ids)
    assert sorted(m.to[0] for m in mail.outbox) == ["u0@example.com", "u2@example.com"]
    # Left queued for the re-drive.
    assert OutboundEmail.objects.get(pk=ids[1]).status == Status.QUEUED
