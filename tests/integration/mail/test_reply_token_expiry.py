"""An answer to an expired reply address: refused over the webhook, with a polite bounce."""

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.models import Category, Inquiry, Message
from tests.support import mailgun
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.reply_tokens import reply_address

pytestmark = pytest.mark.django_db
URL = "/mail/inbound/mailgun/"
AUTH = {"HTTP_AUTHORIZATION": mailgun.basic_auth()}


@pytest.fixture(autouse=True)
def _mailgun(settings):
    settings.VOC_INBOUND_PROVIDER = "mailgun"
    settings.VOC_REPLY_TOKEN_MAX_AGE_DAYS = 180
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "WEBHOOK_SECRET": mailgun.WEBHOOK_SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": mailgun.SIGNING_KEY,
    }


@pytest.fixture
def inquiry(developer, customer, django_capture_on_commit_callbacks):
    customer.user.language = "ko"
    customer.user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=False):
        return inquiry_services.inquiry_create(
            customer=customer,
            app=developer.app,
            category=Category.ERROR,
            subject="앱이 종료됩니다",
            body="업데이트 이후 바로 꺼집니다.",
        )


def post(client, inquiry, to, *, from_=None, message_id="<late@mail.example>"):
    user = inquiry.customer.user
    data = mailgun.inbound_post_data(
        to=to,
        from_=from_ or f"Customer <{user.email}>",
        body="아직 안 됩니다.",
        message_id=message_id,
    )
    return client.post(URL, data, **AUTH)


def bounces():
    return OutboundEmail.objects.filter(kind="reply_address_expired")


def test_expired_address_is_refused_and_owner_gets_a_korean_bounce(client, inquiry):
    user = inquiry.customer.user
    old = timezone.now().date() - timedelta(days=181)
    to = reply_address(inquiry_id=inquiry.pk, user_id=user.pk, today=old)
    response = post(client, inquiry, to)
    assert response.status_code == 406
    assert response.json()["code"] == "reply_address_expired"
    assert not Message.objects.filter(via=Message.Via.EMAIL).exists()
    bounce = bounces().get()
    assert bounce.to_email == user.email and bounce.language == "ko"
    assert "등록되지 않았습니다" in bounce.subject
    assert "회신" in bounce.body_text and f"/my/inquiries/{inquiry.pk}/" in bounce.body_text
    # Its Reply-To is a fresh address: answering the bounce works.
    assert bounce.reply_to != to and bounce.reply_to.startswith("reply+v2-")
    # The same email delivered again bounces once.
    assert post(client, inquiry, to).status_code == 406
    assert bounces().count() == 1


def test_address_within_max_age_is_accepted(client, inquiry):
    user = inquiry.customer.user
    recent = timezone.now().date() - timedelta(days=179)
    to = reply_address(inquiry_id=inquiry.pk, user_id=user.pk, today=recent)
    assert post(client, inquiry, to).status_code == 200
    assert not bounces().exists()


def test_expired_address_sends_no_bounce_when_sender_is_not_its_owner(client, inquiry):
    user = inquiry.customer.user
    old = timezone.now().date() - timedelta(days=400)
    to = reply_address(inquiry_id=inquiry.pk, user_id=user.pk, today=old)
    response = post(client, inquiry, to, from_="Someone <someone@else.example>")
    assert response.status_code == 406 and response.json()["code"] == "wrong_sender"
    assert not bounces().exists()


def _first_format(inquiry, user, key):
    message = f"voc-reply:{inquiry.pk}:{user.pk}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    signature = base64.b32encode(digest).decode().lower()[:20]
    return f"reply+{inquiry.pk}-{user.pk}-{signature}@reply.voc.example"


def test_first_format_address_is_accepted_while_its_inquiry_is_recent(client, inquiry, settings):
    settings.VOC_REPLY_DOMAIN = "reply.voc.example"
    to = _first_format(inquiry, inquiry.customer.user, settings.SECRET_KEY)
    assert post(client, inquiry, to).status_code == 200


def test_first_format_address_expires_with_its_inquirys_last_message(client, inquiry, settings):
    settings.VOC_REPLY_DOMAIN = "reply.voc.example"
    Inquiry.objects.filter(pk=inquiry.pk).update(
        last_message_at=timezone.now() - timedelta(days=200)
    )
    to = _first_format(inquiry, inquiry.customer.user, settings.SECRET_KEY)
    response = post(client, inquiry, to)
    assert response.status_code == 406 and response.json()["code"] == "reply_address_expired"
    assert bounces().count() == 1


def test_address_sent_before_a_key_rotation_still_works(client, inquiry, settings):
    to = reply_address(inquiry_id=inquiry.pk, user_id=inquiry.customer.user.pk)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-" + "r" * 50
    assert post(client, inquiry, to).status_code == 200
