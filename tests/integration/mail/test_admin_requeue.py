"""Ops send a failed email again from the admin, through the outbox service."""

import pytest
from django.urls import reverse

from tests.factories import OpsUserFactory, UserFactory
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


def _changelist_action(client, ids):
    return client.post(
        reverse("admin:mail_outboundemail_changelist"),
        {"action": "requeue_failed", "_selected_action": ids},
        follow=True,
    )


def test_failed_email_is_queued_again_when_ops_run_the_action(
    client, queue_email, django_capture_on_commit_callbacks
):
    failed, sent = queue_email(), queue_email()
    OutboundEmail.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=8)
    OutboundEmail.objects.filter(pk=sent.pk).update(status=Status.SENT, attempts=1)
    client.force_login(OpsUserFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _changelist_action(client, [failed.pk, sent.pk])
    assert response.status_code == 200
    assert "1 failed email(s) queued again." in response.content.decode()
    assert len(callbacks) == 1
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.QUEUED, 0)
    assert sent.status == Status.SENT


def test_action_is_refused_when_user_is_not_staff(client, queue_email):
    email = queue_email()
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED)
    client.force_login(UserFactory())
    response = _changelist_action(client, [email.pk])
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert response.redirect_chain and "login" in response.redirect_chain[-1][0]
