"""Which emails the domain services write: the inquiry acknowledgment, refund changes only when
the state changed and never to their author, official-reply edits coalesced into one email."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from inquiries import services as inquiry_services
from inquiries.models import Category
from refunds import services as refund_services
from refunds.models import RefundEvent
from refunds.services.shared import refund_event_write
from reviews import services as review_services
from tests.factories import CustomerFactory, MembershipFactory, OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import outbound_email_send

pytestmark = pytest.mark.django_db


def test_new_inquiry_acknowledges_the_customer_once_in_their_language(developer):
    customer = CustomerFactory(korean=True, user__full_name="")
    inquiry = inquiry_services.inquiry_create(
        customer=customer,
        app=developer.app,
        category=Category.ERROR,
        subject="결제 오류",
        body="결제했는데 <b>열리지</b> 않아요.",
    )
    inquiry_services.inquiry_customer_followup(inquiry=inquiry, customer=customer, body="추가")

    ack = OutboundEmail.objects.get(kind="inquiry_ack")
    assert ack.to_email == customer.user.email and ack.language == "ko"
    assert ack.reply_to.startswith("reply+")  # a real reply address: the footer may say so
    assert "고객님, 안녕하세요." in ack.body_text and "이 메일에 회신하시면" in ack.body_text
    assert "결제했는데 <b>열리지</b> 않아요." in ack.body_text
    assert OutboundEmail.objects.filter(to_email=customer.user.email).count() == 1
    new = OutboundEmail.objects.get(kind="inquiry_new", to_email=developer.user.email)
    assert customer.customer_number not in new.subject


def test_refund_change_mails_the_other_members_never_the_author(developer):
    colleague = MembershipFactory(account=developer.account)
    purchase = PurchaseFactory(app=developer.app)
    refund = RefundRequestFactory(purchase=purchase, needs_info=True)

    refund_services.refund_answer_info(refund=refund, actor=developer.user, answer="영수증 첨부")

    emails = OutboundEmail.objects.filter(kind="refund_changed")
    assert list(emails.values_list("to_email", flat=True)) == [colleague.user.email]


def test_refund_event_without_a_change_of_state_mails_no_one(developer):
    refund = RefundRequestFactory(purchase=PurchaseFactory(app=developer.app), in_review=True)
    refund_event_write(
        refund, kind=RefundEvent.Kind.TRANSITION, actor=OpsUserFactory(), notify=True
    )
    assert not OutboundEmail.objects.filter(kind="refund_changed").exists()

    refund_services.refund_start_review(
        refund=RefundRequestFactory(purchase=PurchaseFactory(app=developer.app)),
        actor=OpsUserFactory(),
    )
    changed = OutboundEmail.objects.get(kind="refund_changed")
    assert "Submitted → In review" in changed.body_text


def _publish(review, developer, body):
    return review_services.review_reply_publish(
        review=review, account=developer.account, author=developer.user, body=body
    )


def test_official_reply_edits_in_a_burst_are_one_email_with_the_latest_text(
    developer, settings, django_capture_on_commit_callbacks
):
    settings.VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS = 120
    purchase = PurchaseFactory(app=developer.app)
    review = review_services.review_create(
        customer=purchase.customer, app=developer.app, rating=2, body="Crashes"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for body in ("Sorry", "Sorry, fixed", "Sorry, fixed in 2.1"):
            reply = _publish(review, developer, body)
    email = OutboundEmail.objects.get(kind="review_reply")
    assert reply.version == 3 and "Sorry, fixed in 2.1" in email.body_text
    assert "posted an official reply" in email.body_text  # the customer saw no earlier one
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=100)
    assert outbound_email_send(email_id=email.pk) is None and mail.outbox == []  # quiet

    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        outbound_email_send(email_id=email.pk)
        assert len(mail.outbox) == 1 and "Sorry, fixed in 2.1" in mail.outbox[0].body
        reply = _publish(review, developer, "Fixed in 2.2")
    later = OutboundEmail.objects.filter(kind="review_reply").latest("pk")
    assert later.pk != email.pk and later.dedupe_key == f"review-reply:{reply.pk}:v4"
    assert "updated the official reply" in later.body_text


def test_an_official_reply_deleted_in_its_quiet_period_mails_no_one(
    developer, settings, django_capture_on_commit_callbacks
):
    settings.VOC_REVIEW_REPLY_MAIL_QUIET_SECONDS = 120
    review, other = (
        review_services.review_create(
            customer=PurchaseFactory(app=developer.app).customer,
            app=developer.app,
            rating=2,
            body=b,
        )
        for b in ("Crashes", "Slow")
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(review, developer, "Sorry")
    sent = OutboundEmail.objects.get(kind="review_reply")
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        outbound_email_send(email_id=sent.pk)
        with django_capture_on_commit_callbacks(execute=True):
            _publish(review, developer, "Sorry, call us")  # the "updated" email waits
            _publish(other, developer, "Thanks")
        assert OutboundEmail.objects.filter(kind="review_reply").count() == 3
        review_services.review_reply_delete(
            review=review, account=developer.account, actor=developer.user
        )
    # The waiting "updated" email went with the reply; the one already sent and the other
    # review's waiting email stay.
    left = OutboundEmail.objects.filter(kind="review_reply").order_by("pk")
    assert [(e.pk, e.to_email) for e in left] == [
        (sent.pk, review.customer.user.email),
        (left[1].pk, other.customer.user.email),
    ]
    assert left[0].status == OutboundEmail.Status.SENT
