"""Every refund transition: happy path, illegal source state, repeat, side effects."""

import pytest
from django.utils import timezone

from refunds import services
from refunds.models import RefundEvent, State
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.catalog.models import Purchase
from voc_portal.core.errors import DomainError, InvalidTransition
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(db):
    return OpsUserFactory()


@pytest.fixture
def refund(purchase):
    return RefundRequestFactory(purchase=purchase)


def _states(refund):
    return list(RefundEvent.objects.filter(refund=refund).values_list("from_state", "to_state"))


def _kinds():
    return sorted(OutboundEmail.objects.values_list("kind", flat=True))


def test_start_review_moves_to_in_review_when_submitted(refund, ops, developer):
    services.refund_start_review(refund=refund, actor=ops)

    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW
    assert _states(refund) == [("submitted", "in_review")]
    event = RefundEvent.objects.get(refund=refund)
    assert event.actor == ops
    assert _kinds() == ["refund_changed"]
    assert OutboundEmail.objects.get().to_email == developer.user.email


def test_start_review_is_refused_when_repeated(refund, ops):
    services.refund_start_review(refund=refund, actor=ops)
    with pytest.raises(InvalidTransition):
        services.refund_start_review(refund=refund, actor=ops)
    assert len(_states(refund)) == 1


def test_approve_cancels_the_purchase_and_tells_the_customer_when_in_review(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)

    services.refund_approve(refund=refund, actor=ops, note="Fair.")

    refund.refresh_from_db()
    purchase.refresh_from_db()
    assert refund.state == State.APPROVED
    assert refund.decided_at is not None
    assert purchase.state == Purchase.State.CANCELLED
    assert purchase.cancelled_at == refund.decided_at
    customer_mail = OutboundEmail.objects.get(kind="refund_approved")
    assert customer_mail.to_email == purchase.customer.user.email
    assert "cancelled" in customer_mail.subject


def test_approve_is_refused_when_submitted(refund, ops, purchase):
    with pytest.raises(InvalidTransition):
        services.refund_approve(refund=refund, actor=ops)
    purchase.refresh_from_db()
    assert purchase.state == Purchase.State.COMPLETED
    assert _states(refund) == []
    assert not OutboundEmail.objects.exists()


def test_approve_is_refused_when_repeated(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    services.refund_approve(refund=refund, actor=ops)
    with pytest.raises(InvalidTransition):
        services.refund_approve(refund=refund, actor=ops)
    assert _states(refund) == [("in_review", "approved")]


def test_approve_rolls_back_when_the_purchase_was_cancelled_meanwhile(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    Purchase.objects.filter(pk=purchase.pk).update(state="cancelled", cancelled_at=timezone.now())

    with pytest.raises(DomainError):
        services.refund_approve(refund=refund, actor=ops)

    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW
    assert _states(refund) == []
    assert not OutboundEmail.objects.exists()


def test_customer_email_is_in_customer_language_when_rejected(ops):
    from tests.factories import CustomerFactory, PurchaseFactory

    purchase = PurchaseFactory(customer=CustomerFactory(korean=True))
    refund = RefundRequestFactory(purchase=purchase, in_review=True)

    services.refund_reject(refund=refund, actor=ops, reason="Used for 3 months.")

    refund.refresh_from_db()
    assert (refund.state, refund.decision_note) == (State.REJECTED, "Used for 3 months.")
    mail = OutboundEmail.objects.get(kind="refund_rejected")
    assert mail.language == "ko"
    assert "Used for 3 months." in mail.body_text


def test_reject_is_refused_when_no_reason(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    with pytest.raises(DomainError) as exc:
        services.refund_reject(refund=refund, actor=ops, reason="  ")
    assert exc.value.code == "reason_required"
    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW


def test_reject_is_refused_when_submitted_or_repeated(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase)
    with pytest.raises(InvalidTransition):
        services.refund_reject(refund=refund, actor=ops, reason="No.")
    services.refund_start_review(refund=refund, actor=ops)
    services.refund_reject(refund=refund, actor=ops, reason="No.")
    with pytest.raises(InvalidTransition):
        services.refund_reject(refund=refund, actor=ops, reason="No.")


def test_request_info_and_answer_return_the_case_to_review(purchase, ops, developer):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)

    services.refund_request_info(refund=refund, actor=ops, note="Screenshot please.")
    services.refund_answer_info(refund=refund, actor=developer.user, answer="Attached.")

    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW
    assert _states(refund) == [("in_review", "needs_info"), ("needs_info", "in_review")]
    notes = list(RefundEvent.objects.filter(refund=refund).values_list("note", flat=True))
    assert notes == ["Screenshot please.", "Attached."]
    # The developer hears of ops' question, not of their own answer.
    assert _kinds() == ["refund_changed"]


def test_request_info_is_refused_when_submitted_or_repeated(purchase, ops):
    refund = RefundRequestFactory(purchase=purchase)
    with pytest.raises(InvalidTransition):
        services.refund_request_info(refund=refund, actor=ops, note="?")
    services.refund_start_review(refund=refund, actor=ops)
    services.refund_request_info(refund=refund, actor=ops, note="?")
    with pytest.raises(InvalidTransition):
        services.refund_request_info(refund=refund, actor=ops, note="?")


@pytest.mark.parametrize("state", ["submitted", "in_review", "approved", "rejected"])
def test_answer_info_is_refused_when_not_needs_info(purchase, developer, state):
    refund = RefundRequestFactory(purchase=purchase, state=state)
    with pytest.raises(InvalidTransition):
        services.refund_answer_info(refund=refund, actor=developer.user, answer="x")
    refund.refresh_from_db()
    assert refund.state == state


def test_assign_takes_a_submitted_case_into_review(refund, ops):
    services.refund_assign(refund=refund, actor=ops, assignee=ops)
    services.refund_assign(refund=refund, actor=ops, assignee=ops)  # repeat: no change

    refund.refresh_from_db()
    assert (refund.state, refund.assigned_to) == (State.IN_REVIEW, ops)
    assert _states(refund) == [("submitted", "in_review")]


def test_assign_is_refused_when_decided_or_not_ops(purchase, ops, developer):
    refund = RefundRequestFactory(purchase=purchase, rejected=True)
    with pytest.raises(InvalidTransition):
        services.refund_assign(refund=refund, actor=ops, assignee=ops)
    open_refund = RefundRequestFactory()
    with pytest.raises(DomainError):
        services.refund_assign(refund=open_refund, actor=ops, assignee=developer.user)


def test_emails_are_only_sent_after_commit(
    purchase, ops, django_capture_on_commit_callbacks, mailoutbox
):
    from voc_portal.mail.services import outbound_email_send

    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    with django_capture_on_commit_callbacks() as callbacks:
        services.refund_approve(refund=refund, actor=ops)
        assert mailoutbox == []
    assert len(callbacks) == OutboundEmail.objects.count() == 2
    for email in OutboundEmail.objects.all():
        outbound_email_send(email_id=email.pk)
    subjects = sorted(m.subject for m in mailoutbox)
    assert any("has been cancelled" in s for s in subjects)
