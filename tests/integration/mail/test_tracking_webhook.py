"""Delivery states from the Mailgun tracking webhook."""

import pytest

from tests.support import mailgun
from voc_portal.mail import services
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db
URL = "/mail/tracking/mailgun/"
Status = OutboundEmail.Status


@pytest.fixture(autouse=True)
def _mailgun(settings):
    settings.VOC_INBOUND_PROVIDER = "mailgun"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": mailgun.WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": mailgun.SIGNING_KEY,
    }


@pytest.fixture
def sent_email(queue_email):
    email = queue_email(to_email="customer@example.com")
    services.outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == Status.SENT
    return email


def track(client, payload, auth=mailgun.WEBHOOK_SECRET):
    return client.post(
        URL, payload, content_type="application/json", HTTP_AUTHORIZATION=mailgun.basic_auth(auth)
    )


def test_delivered_event_marks_email_delivered(client, sent_email):
    response = track(
        client, mailgun.tracking_payload(event="delivered", message_id=sent_email.message_id)
    )
    assert response.status_code == 200
    sent_email.refresh_from_db()
    assert sent_email.status == Status.DELIVERED


def test_late_bounce_shows_bounced_when_it_follows_delivered(client, sent_email):
    track(client, mailgun.tracking_payload(event="delivered", message_id=sent_email.message_id))
    payload = mailgun.tracking_payload(
        event="failed",
        message_id=sent_email.message_id,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"description": "No such mailbox", "message": "550 5.1.1"}},
    )
    assert track(client, payload).status_code == 200
    sent_email.refresh_from_db()
    assert sent_email.status == Status.BOUNCED
    assert "No such mailbox" in sent_email.last_error


def test_temporary_failure_changes_nothing_when_provider_will_retry(client, sent_email):
    payload = mailgun.tracking_payload(
        event="failed", message_id=sent_email.message_id, severity="temporary"
    )
    assert track(client, payload).status_code == 200
    sent_email.refresh_from_db()
    assert sent_email.status == Status.SENT


def test_rejected_event_marks_email_bounced(client, sent_email):
    payload = mailgun.tracking_payload(
        event="rejected", message_id=sent_email.message_id, reject={"reason": "suppressed"}
    )
    assert track(client, payload).status_code == 200
    sent_email.refresh_from_db()
    assert sent_email.status == Status.BOUNCED


def test_unknown_message_id_is_ignored_with_200(client, sent_email):
    response = track(client, mailgun.tracking_payload(event="delivered", message_id="<nobody@x>"))
    assert response.status_code == 200
    sent_email.refresh_from_db()
    assert sent_email.status == Status.SENT


def test_tracking_is_refused_when_signature_is_wrong(client, sent_email):
    payload = mailgun.tracking_payload(
        event="delivered", message_id=sent_email.message_id, key="wrong"
    )
    response = track(client, payload)
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_signature"
    sent_email.refresh_from_db()
    assert sent_email.status == Status.SENT


def test_tracking_is_refused_when_basic_auth_is_wrong(client, sent_email):
    payload = mailgun.tracking_payload(event="delivered", message_id=sent_email.message_id)
    assert track(client, payload, auth="x:y").status_code == 403


def test_event_finds_the_row_whatever_the_spelling_of_its_message_id(client, queue_email):
    """Mailgun reports our Message-ID without angle brackets; a domain may come in any case.
    Stored ids and the webhook's lookup share one normaliser (voc_portal/mail/message_ids.py)."""
    email = queue_email(to_email="customer@example.com", message_id=" <Reply.7@MG.Example.COM> ")
    assert email.message_id == "<Reply.7@mg.example.com>"  # stored in the one spelling
    services.outbound_email_send(email_id=email.pk)
    bare = "Reply.7@mg.EXAMPLE.com"  # as Mailgun's events spell it
    response = track(client, mailgun.tracking_payload(event="delivered", message_id=bare))
    assert response.status_code == 200
    email.refresh_from_db()
    assert email.status == Status.DELIVERED
    # The local part is case-sensitive (RFC 5322): another id, no row changed.
    payload = mailgun.tracking_payload(event="failed", message_id="reply.7@mg.example.com")
    assert track(client, payload).status_code == 200
    email.refresh_from_db()
    assert email.status == Status.DELIVERED
