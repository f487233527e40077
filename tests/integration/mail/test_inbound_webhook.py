"""Reply by email through the Mailgun inbound webhook: both ways, and everything refused."""

import io
import json
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from inquiries import services as inquiry_services
from inquiries.models import Category, Inquiry, Message, Status
from tests.factories import MembershipFactory, UserFactory
from tests.support import mailgun
from voc_portal.mail import services as mail_services
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.reply_tokens import reply_address

pytestmark = pytest.mark.django_db
URL = "/mail/inbound/mailgun/"
# Mailgun retries any answer but 200/406 for hours: a refused email gets 406 (reason in the body).
REFUSED = 406


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
            subject="The game crashes on start",
            body="Since the last update the app closes right after the logo.",
        )


def post(client, data, auth=mailgun.WEBHOOK_SECRET):
    extra = {"HTTP_AUTHORIZATION": mailgun.basic_auth(auth)} if auth else {}
    return client.post(URL, data, **extra)


def customer_mail(inquiry, *, body="It still crashes.", message_id="<c1@mail.example>", **kw):
    user = inquiry.customer.user
    return mailgun.inbound_post_data(
        to=reply_address(inquiry_id=inquiry.pk, user_id=user.pk),
        from_=kw.pop("from_", f"Customer <{user.email}>"),
        body=body,
        message_id=message_id,
        **kw,
    )


def test_url_is_named_and_provider_configurable():
    assert reverse("mail:inbound", kwargs={"provider": "mailgun"}) == URL
    assert reverse("mail:tracking", kwargs={"provider": "mailgun"}) == "/mail/tracking/mailgun/"


def test_customer_email_becomes_followup_when_sender_owns_the_reply_address(
    client, inquiry, developer, django_capture_on_commit_callbacks
):
    body = (
        "It still crashes after reinstalling.\n\n"
        "2026년 11월 24일 (화) 오후 3:00, Studio <reply+1-2-x@reply.voc.example>님이 작성:\n"
        "> Please reinstall the app.\n"
    )
    data = customer_mail(inquiry, body=body, from_=f"Kim <{inquiry.customer.user.email.upper()}>")
    with django_capture_on_commit_callbacks(execute=False):
        response = post(client, data)
    assert response.status_code == 200, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert (message.inquiry_id, message.author_kind, message.via) == (
        inquiry.pk,
        Message.Author.CUSTOMER,
        Message.Via.EMAIL,
    )
    assert message.body == "It still crashes after reinstalling."
    assert message.inbound_message_id == "<c1@mail.example>"
    # The members are told about the follow-up, through the outbox.
    assert OutboundEmail.objects.filter(
        dedupe_key=f"inquiry-followup:{message.pk}:{developer.user.pk}"
    ).exists()


def test_developer_email_becomes_reply_that_stops_clock_and_reaches_customer(
    client, inquiry, developer, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    assert inquiry.status == Status.AWAITING_DEVELOPER
    data = mailgun.inbound_post_data(
        to=reply_address(inquiry_id=inquiry.pk, user_id=developer.user.pk),
        from_=developer.user.email,
        body="Please update to 2.1, it fixes the crash.\n\nOn Tue, 24 Nov 2026, Kim wrote:\n> x",
        message_id="<d1@studio.example>",
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = post(client, data)
    assert response.status_code == 200, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert (message.author_kind, message.author_id, message.via) == (
        Message.Author.DEVELOPER,
        developer.user.pk,
        Message.Via.EMAIL,
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert inquiry.due_at is None and inquiry.first_response_at is not None
    # Emailed to the customer like any reply.
    assert message.email is not None
    mail_services.outbound_email_send(email_id=message.email_id)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [inquiry.customer.user.email]
    assert "Please update to 2.1, it fixes the crash." in mail.outbox[0].body
    assert "wrote:" not in mail.outbox[0].body


def test_html_only_email_is_accepted_when_text_part_missing(client, inquiry):
    data = customer_mail(
        inquiry,
        html="<div>Still <b>broken</b> &amp; slow</div><blockquote>old</blockquote>",
        message_id="<html1@mail.example>",
    )
    response = post(client, data)
    assert response.status_code == 200, response.content
    assert Message.objects.get(pk=response.json()["message_id"]).body == "Still broken & slow"


def test_replay_is_refused_and_stores_nothing_when_message_id_was_seen(client, inquiry):
    data = customer_mail(inquiry, message_id="<same@mail.example>")
    assert post(client, data).status_code == 200
    count = Message.objects.count()
    emails = OutboundEmail.objects.count()
    # Delivered again, freshly signed (the same signed post again is refused earlier: replayed).
    replay = post(client, customer_mail(inquiry, message_id="<same@mail.example>"))
    assert replay.status_code == REFUSED
    assert replay.json()["code"] == "duplicate"
    assert (Message.objects.count(), OutboundEmail.objects.count()) == (count, emails)


def test_email_is_refused_when_signature_is_wrong(client, inquiry):
    data = customer_mail(inquiry, key="not-the-key")
    response = post(client, data)
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_signature"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


@pytest.mark.parametrize("auth", [None, "mailgun-hook:wrong"])
def test_email_is_refused_when_basic_auth_is_missing_or_wrong(client, inquiry, auth):
    response = post(client, customer_mail(inquiry), auth=auth)
    assert response.status_code == 403
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_signing_key_is_not_configured(client, inquiry, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    response = post(client, customer_mail(inquiry, key=""))
    assert response.status_code == 403
    assert response.json()["code"] == "webhook_not_configured"


def test_email_is_refused_when_sender_is_not_the_token_owner(client, inquiry):
    data = customer_mail(inquiry, from_="Mallory <mallory@evil.example>")
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "wrong_sender"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_token_is_forged(client, inquiry, other_developer):
    good = reply_address(inquiry_id=inquiry.pk, user_id=inquiry.customer.user.pk)
    # Someone moves their own valid token onto another inquiry: the signature no longer fits.
    forged = good.replace(f"reply+v2-{inquiry.pk}-", f"reply+v2-{inquiry.pk + 1}-")
    assert forged != good
    data = customer_mail(inquiry)
    data["recipient"] = forged
    data["message-headers"] = data["message-headers"].replace(good, forged)
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "unknown_recipient"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_token_owner_is_not_in_the_conversation(client, inquiry):
    outsider = MembershipFactory().user  # a member of another account, with a valid token
    data = mailgun.inbound_post_data(
        to=reply_address(inquiry_id=inquiry.pk, user_id=outsider.pk),
        from_=outsider.email,
        body="Hello",
        message_id="<o1@mail.example>",
    )
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "not_participant"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_inquiry_does_not_exist(client):
    user = UserFactory()
    data = mailgun.inbound_post_data(
        to=reply_address(inquiry_id=987654, user_id=user.pk),
        from_=user.email,
        body="Hello",
        message_id="<n1@mail.example>",
    )
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "unknown_inquiry"


def test_email_is_refused_when_nothing_is_left_after_stripping_history(client, inquiry):
    data = customer_mail(inquiry, body="On Tue, Nov 24, 2026 Studio <a@b.example> wrote:\n> hi\n")
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "empty_body"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_body_is_too_long(client, inquiry):
    response = post(client, customer_mail(inquiry, body="x" * 6000))
    assert response.status_code == REFUSED
    assert response.json()["code"] == "invalid_body"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_developer_email_is_refused_when_inquiry_is_closed(client, inquiry, developer):
    inquiry_services.inquiry_close(inquiry=inquiry, actor=developer.user)
    data = mailgun.inbound_post_data(
        to=reply_address(inquiry_id=inquiry.pk, user_id=developer.user.pk),
        from_=developer.user.email,
        body="Late answer",
        message_id="<late@studio.example>",
    )
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "invalid_transition"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()
    assert Inquiry.objects.get(pk=inquiry.pk).status == Status.CLOSED


def test_other_provider_path_is_404_when_not_configured(client):
    assert client.post("/mail/inbound/postmark/", {}).status_code == 404


def test_misrouted_tracking_post_is_400_when_sent_to_inbound_url(client):
    payload = mailgun.tracking_payload(event="delivered", message_id="<x@y>")
    response = client.post(
        URL,
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=mailgun.basic_auth(),
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "header",
    [
        ("Auto-Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("X-Autoreply", "yes"),
        ("X-Auto-Response-Suppress", "OOF"),
    ],
)
def test_email_is_refused_when_it_is_an_automatic_reply(client, inquiry, developer, header):
    # An out-of-office answer to a developer reply must not restart the 3-day clock.
    inquiry_services.inquiry_reply(inquiry=inquiry, author=developer.user, body="Fixed in 2.1")
    data = customer_mail(inquiry, body="I am out of office until Monday.")
    headers = [*json.loads(data["message-headers"]), list(header)]
    data["message-headers"] = json.dumps(headers)
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "auto_reply"
    inquiry.refresh_from_db()
    assert inquiry.status == Status.ANSWERED
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()


def test_email_is_refused_when_provider_flags_spam(client, inquiry):
    data = customer_mail(inquiry)
    headers = [*json.loads(data["message-headers"]), ["X-Mailgun-Sflag", "Yes"]]
    data["message-headers"] = json.dumps(headers)
    response = post(client, data)
    assert response.status_code == REFUSED
    assert response.json()["code"] == "spam"


def test_customer_attachments_are_kept_when_allowed_and_left_out_when_not(client, inquiry):
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(png, format="PNG")
    data = customer_mail(inquiry, body="Screenshot attached.", message_id="<att@mail.example>")
    data["attachment-count"] = "2"
    data["attachment-1"] = SimpleUploadedFile("crash.png", png.getvalue(), "image/png")
    data["attachment-2"] = SimpleUploadedFile("notes.exe", b"MZ\x90\x00", "application/x-msdos")
    response = post(client, data)
    assert response.status_code == 200, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert message.body == "Screenshot attached."
    assert [(a.original_name, a.content_type) for a in message.attachments.all()] == [
        ("crash.png", "image/png")
    ]


@pytest.mark.django_db(transaction=True)
def test_same_email_posted_twice_at_once_stores_one_message(inquiry):
    # Each delivery freshly signed (its own token), as the provider sends a repeated delivery.
    posts = [customer_mail(inquiry, message_id="<race@mail.example>") for _ in range(3)]
    start = threading.Barrier(3)
    statuses = []

    def deliver(data):
        try:
            start.wait()
            statuses.append(post(Client(), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(data,)) for data in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [200, REFUSED, REFUSED]
    assert Message.objects.filter(inbound_message_id="<race@mail.example>").count() == 1
