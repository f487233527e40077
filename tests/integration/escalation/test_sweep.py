"""The 3-day rule: due, escalation (once per clock), cases, emails and late answers."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from inquiries.escalation import inquiry_escalation_sweep
from inquiries.models import Inquiry, InquiryEvent, Message
from refunds.escalation import refund_case_note_answered_late
from refunds.models import RefundEvent, RefundRequest, Source, State
from tests.factories import AppFactory, MembershipFactory, OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry
from voc_portal.mail.models import OutboundEmail
from voc_portal.mail.services import stored_render

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def _start_new_clock(inquiry, *, due_in):
    """What a new customer message after a developer reply does to the clock (h2's service)."""
    now = timezone.now()
    Inquiry.objects.filter(pk=inquiry.pk).update(
        clock=inquiry.clock + 1,
        escalated_at=None,
        awaiting_since=now,
        due_at=now + due_in,
    )
    inquiry.refresh_from_db()


def test_inquiry_is_not_escalated_when_not_yet_due(developer, purchase):
    awaiting_inquiry(app=developer.app, customer=purchase.customer, purchase=purchase, due_in=HOUR)

    assert inquiry_escalation_sweep() == 0
    assert not InquiryEvent.objects.filter(kind=InquiryEvent.Kind.ESCALATED).exists()


def test_inquiry_is_escalated_once_when_time_passes_its_due_date(developer, purchase):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=HOUR
    )
    with time_machine.travel(timezone.now() + 2 * HOUR, tick=False):
        assert inquiry_escalation_sweep() == 1
        assert inquiry_escalation_sweep() == 0
        escalated_at = timezone.now()

    inquiry.refresh_from_db()
    assert inquiry.escalated_at == escalated_at
    events = InquiryEvent.objects.filter(inquiry=inquiry, kind=InquiryEvent.Kind.ESCALATED)
    assert [(e.clock, e.created_at) for e in events] == [(1, escalated_at)]
    system = Message.objects.get(inquiry=inquiry, author_kind=Message.Author.SYSTEM)
    assert system.via == Message.Via.SYSTEM
    assert system.body.startswith("Escalated to store operations at ")
    case = RefundRequest.objects.get(inquiry=inquiry)
    assert (case.source, case.state, case.purchase, case.inquiry_clock) == (
        Source.ESCALATION,
        State.SUBMITTED,
        purchase,
        1,
    )
    assert (case.customer_number, case.consent, case.tid) == (
        purchase.customer.customer_number,
        False,
        "",
    )
    assert list(case.events.values_list("from_state", "to_state")) == [("", "submitted")]


def test_case_uses_latest_paid_purchase_when_inquiry_is_not_linked(developer, customer):
    PurchaseFactory(
        customer=customer, app=developer.app, purchased_at=timezone.now() - 9 * 24 * HOUR
    )
    latest = PurchaseFactory(customer=customer, app=developer.app)
    PurchaseFactory(customer=customer, app=developer.app, cancelled=True)
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    inquiry_escalation_sweep()

    assert RefundRequest.objects.get(inquiry=inquiry).purchase == latest


def test_inquiry_is_flagged_overdue_without_case_when_there_is_no_paid_purchase(
    developer, customer
):
    free_app = AppFactory(account=developer.account, free=True)
    PurchaseFactory(customer=customer, app=free_app)
    on_free = awaiting_inquiry(app=free_app, customer=customer, due_in=-HOUR)
    not_bought = awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    assert inquiry_escalation_sweep() == 2

    assert not RefundRequest.objects.exists()
    for inquiry in (on_free, not_bought):
        inquiry.refresh_from_db()
        assert inquiry.escalated_at is not None


def test_no_second_case_when_purchase_already_has_an_open_request(developer, purchase):
    existing = RefundRequestFactory(purchase=purchase)
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=-HOUR
    )

    assert inquiry_escalation_sweep() == 1

    assert list(RefundRequest.objects.all()) == [existing]
    inquiry.refresh_from_db()
    assert inquiry.escalated_at is not None


def test_new_clock_is_escalated_again_when_customer_writes_after_an_answer(developer, purchase):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=-HOUR
    )
    inquiry_escalation_sweep()
    RefundRequest.objects.update(state=State.REJECTED)
    _start_new_clock(inquiry, due_in=HOUR)

    assert inquiry_escalation_sweep() == 0
    with time_machine.travel(timezone.now() + 2 * HOUR, tick=False):
        assert inquiry_escalation_sweep() == 1

    clocks = InquiryEvent.objects.filter(inquiry=inquiry, kind=InquiryEvent.Kind.ESCALATED)
    assert sorted(clocks.values_list("clock", flat=True)) == [1, 2]
    assert sorted(RefundRequest.objects.values_list("inquiry_clock", flat=True)) == [1, 2]


def test_members_get_one_email_each_and_ops_one_digest_per_batch_when_sweep_escalates_many(
    developer, customer
):
    silent = MembershipFactory(account=developer.account, notify_inquiries=False)
    ops = OpsUserFactory()
    ops.groups.add(Group.objects.get(name="Operations"))
    inquiries = [
        awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR) for _ in range(3)
    ]

    assert inquiry_escalation_sweep(batch_size=2) == 3

    to_members = OutboundEmail.objects.filter(kind="inquiry_escalated")
    assert sorted(to_members.values_list("to_email", flat=True)) == [developer.user.email] * 3
    assert not OutboundEmail.objects.filter(to_email=silent.user.email).exists()
    # One digest per committed batch (2 + 1), written in that batch's transaction: a sweep that
    # dies after a batch committed has queued that batch's digest (it used to be one digest at the
    # end of the sweep, lost with it).
    rows = list(OutboundEmail.objects.filter(kind="ops_escalation_digest").order_by("pk"))
    assert [d.to_email for d in rows] == [ops.email, ops.email]
    digests = [stored_render(d) for d in rows]  # what the sender will render and send
    assert "2 inquiries escalated" in digests[0].subject
    assert "1 inquiry escalated" in digests[1].subject
    body = digests[0].body_text + digests[1].body_text
    for inquiry in inquiries:
        assert f"#{inquiry.number}" in body


def test_ops_address_gets_digest_when_no_operations_user_exists(developer, customer, settings):
    settings.VOC_OPS_EMAIL = "ops@store.example"
    awaiting_inquiry(app=developer.app, customer=customer, due_in=-HOUR)

    inquiry_escalation_sweep()

    digest = OutboundEmail.objects.get(kind="ops_escalation_digest")
    assert digest.to_email == "ops@store.example"


def test_answered_inquiry_is_not_escalated_when_it_was_answered_before_due(developer, purchase):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=-HOUR
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(
        status="answered", awaiting_since=None, due_at=None
    )

    assert inquiry_escalation_sweep() == 0


def test_case_records_late_answer_when_developer_answers_after_escalation(developer, purchase):
    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=-HOUR
    )
    inquiry_escalation_sweep()
    answered_at = timezone.now()

    assert refund_case_note_answered_late(inquiry=inquiry, answered_at=answered_at) == 1
    assert refund_case_note_answered_late(inquiry=inquiry, answered_at=answered_at) == 0

    case = RefundRequest.objects.get(inquiry=inquiry)
    assert case.answered_late_at == answered_at
    assert case.state == State.SUBMITTED  # ops still decide
    note = RefundEvent.objects.filter(refund=case).last()
    assert (note.kind, note.note) == (RefundEvent.Kind.ANSWERED_LATE, "")
    assert note.data == {"answered_at": answered_at.isoformat()}


def test_inquiry_reply_after_escalation_records_late_answer_on_the_case(developer, purchase):
    from inquiries.services import inquiry_reply

    inquiry = awaiting_inquiry(
        app=developer.app, customer=purchase.customer, purchase=purchase, due_in=-HOUR
    )
    inquiry_escalation_sweep()
    inquiry.refresh_from_db()

    inquiry_reply(inquiry=inquiry, author=developer.user, body="Sorry, refunding now.")

    case = RefundRequest.objects.get(inquiry=inquiry)
    assert case.answered_late_at is not None
    assert case.state == State.SUBMITTED
    assert InquiryEvent.objects.filter(
        inquiry=inquiry, kind=InquiryEvent.Kind.ANSWERED_LATE
    ).exists()
    assert case.events.last().kind == RefundEvent.Kind.ANSWERED_LATE
