"""Webhooks: a stale or replayed signed post is refused, a malformed one is a 4xx (over HTTP)."""

import json
import time

import pytest
from django.test import Client

from inquiries import services as inquiry_services
from inquiries.models import Category, Message
from tests.support import mailgun
from voc_portal.mail import services as mail_services
from voc_portal.mail.inbound import message_id_normalise
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.reply_tokens import reply_address

pytestmark = pytest.mark.django_db
INBOUND = "/mail/inbound/mailgun/"
TRACKING = "/mail/tracking/mailgun/"
AUTH = {"HTTP_AUTHORIZATION": mailgun.basic_auth()}


@pytest.fixture(autouse=True)
def _mailgun(settings):
    settings.VOC_INBOUND_PROVIDER = "mailgun"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": mailgun.WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": mailgun.SIGNING_KEY,
    }


@pytest.fixture
def inquiry(developer, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return inquiry_services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.ERROR,
            subject="The game crashes",
            body="It closes after the logo.",
        )


def mail(inquiry, *, message_id="<c1@mail.example>", body="Still crashes."):
    user = inquiry.customer.user
    return mailgun.inbound_post_data(
        to=reply_address(inquiry_id=inquiry.pk, user_id=user.pk),
        from_=f"Customer <{user.email}>",
        body=body,
        message_id=message_id,
    )


def resign(data, timestamp):
    signature = mailgun.signature(timestamp, data["token"])
    return {**data, "timestamp": timestamp, "signature": signature}


def email_followups():
    return Message.objects.filter(via=Message.Via.EMAIL).count()


@pytest.mark.parametrize("age", [365 * 86400, 330, -330])
def test_inbound_is_refused_when_timestamp_is_outside_five_minutes(client, inquiry, age):
    data = resign(mail(inquiry), str(int(time.time()) - age))
    response = client.post(INBOUND, data, **AUTH)
    assert response.status_code == 406
    assert response.json()["code"] == "stale_timestamp"
    assert email_followups() == 0


def test_inbound_is_accepted_when_timestamp_is_within_five_minutes(client, inquiry):
    data = resign(mail(inquiry), str(int(time.time()) - 240))
    assert client.post(INBOUND, data, **AUTH).status_code == 200


def test_captured_signature_is_refused_when_reused_with_a_new_body_and_message_id(client, inquiry):
    first = mail(inquiry, message_id="<one@mail.example>")
    assert client.post(INBOUND, first, **AUTH).status_code == 200
    forged = mail(inquiry, message_id="<two@mail.example>", body="Refund me twice.")
    forged.update({k: first[k] for k in ("timestamp", "token", "signature")})
    response = client.post(INBOUND, forged, **AUTH)
    assert response.status_code == 406
    assert response.json()["code"] == "replayed"
    assert email_followups() == 1


def test_token_is_released_when_the_server_fails_so_the_retry_is_stored(inquiry, monkeypatch):
    data = mail(inquiry)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("voc_portal.mail.views.inbound_email_deliver", broken)
    assert Client(raise_request_exception=False).post(INBOUND, data, **AUTH).status_code == 500
    monkeypatch.undo()
    assert Client().post(INBOUND, data, **AUTH).status_code == 200
    assert email_followups() == 1


@pytest.mark.parametrize("variant", ["<c1@MAIL.EXAMPLE>", " <c1@Mail.Example> ", "c1@mail.example"])
def test_message_id_variants_are_duplicates_when_only_domain_case_or_brackets_differ(
    client, inquiry, variant
):
    assert client.post(INBOUND, mail(inquiry), **AUTH).status_code == 200
    response = client.post(INBOUND, mail(inquiry, message_id=variant), **AUTH)
    assert response.status_code == 406
    assert response.json()["code"] == "duplicate"
    assert email_followups() == 1


def test_message_ids_differing_in_local_part_case_are_two_emails(client, inquiry):
    for message_id in ("<Ab@x.example>", "<ab@x.example>"):
        assert client.post(INBOUND, mail(inquiry, message_id=message_id), **AUTH).status_code == 200
    assert email_followups() == 2
    assert message_id_normalise(" <Ab@X.Example>\r\n") == "<Ab@x.example>"


# --- tracking ------------------------------------------------------------------------------------


@pytest.fixture
def sent_email(queue_email):
    email = queue_email(to_email="customer@example.com")
    mail_services.outbound_email_send(email_id=email.pk)
    return OutboundEmail.objects.get(pk=email.pk)


def track(client, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(TRACKING, body, content_type="application/json", **AUTH)


def signed(event_data, *, age=0):
    timestamp, token = str(int(time.time()) - age), f"tok{time.time_ns()}"
    signature = mailgun.signature(timestamp, token)
    block = {"timestamp": timestamp, "token": token, "signature": signature}
    return {"signature": block, "event-data": event_data}


def test_tracking_is_refused_when_the_same_signed_post_comes_again(client, sent_email):
    payload = mailgun.tracking_payload(event="delivered", message_id=sent_email.message_id)
    assert track(client, payload).status_code == 200
    again = json.loads(payload)
    again["event-data"].update(event="failed", severity="permanent")
    response = track(client, again)
    assert response.status_code == 406
    assert response.json()["code"] == "replayed"
    sent_email.refresh_from_db()
    assert sent_email.status == OutboundEmail.Status.DELIVERED


def test_tracking_is_refused_when_timestamp_is_a_year_old(client, sent_email):
    event = {"event": "failed", "message": {"headers": {"message-id": sent_email.message_id}}}
    response = track(client, signed(event, age=365 * 86400))
    assert response.status_code == 406
    assert response.json()["code"] == "stale_timestamp"


@pytest.mark.parametrize(
    "payload",
    [
        signed("x"),
        signed([1, 2]),
        signed({"event": ["delivered"]}),
        signed({"event": "delivered", "timestamp": "soon"}),
        signed({"event": "delivered", "timestamp": 1e300}),
        signed({"event": "delivered", "message": {"headers": {"message-id": 5}}}),
        signed({"event": "failed", "delivery-status": {"description": {"a": 1}}}),
        {"signature": "x", "event-data": {}},
        {"signature": {"timestamp": "١٢٣", "token": "t" * 20, "signature": "s"}},
        [1, 2, 3],
    ],
)
def test_signed_tracking_payload_gets_4xx_when_malformed(client, payload):
    response = track(client, payload)
    assert 400 <= response.status_code < 500
    assert "code" in response.json()
