"""Refund promises at their edges: the purchase a form means (minute window, whole item name,
own apps), identifiers and inquiries of others refused, cancelled purchases refused, the
transition guard and its effects (tests/mutation/config.toml)."""

import datetime

import pytest
from django.http import Http404

from inquiries.models import Message, SystemCode
from refunds import selectors, services
from refunds.models import RefundEvent, RefundRequest, Source, State
from tests.factories import MembershipFactory, OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry
from voc_portal.catalog.models import Purchase
from voc_portal.core.errors import Conflict, DomainError, NotFound, PreconditionFailed

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 2, 10, 15, 30, tzinfo=datetime.UTC)


@pytest.fixture
def bought(developer, customer):
    return PurchaseFactory(customer=customer, app=developer.app, purchased_at=AT, item_name="Gold")


def _find(developer, customer, at, item="Gold", number=None):
    return selectors.purchase_find_for_account(
        account=developer.account,
        customer_number=number or customer.customer_number,
        purchased_at=at,
        item=item,
    )


@pytest.mark.parametrize(
    ("at", "found"),
    [
        (AT.replace(second=0), True),
        (AT.replace(second=59, microsecond=999999), True),
        (AT - datetime.timedelta(minutes=1), False),  # 10:14:30: the minute before
        (AT + datetime.timedelta(minutes=1), False),  # 10:16:30: the minute after
    ],
)
def test_purchase_is_found_only_within_its_minute(developer, customer, bought, at, found):
    assert _find(developer, customer, at) == (bought if found else None)


def test_purchase_item_matches_whole_name_not_a_substring(developer, customer, bought):
    assert _find(developer, customer, AT, item=" gold ") == bought
    assert _find(developer, customer, AT, item="Gol") is None
    assert _find(developer, customer, AT, item="Gold Pack") is None
    assert _find(developer, customer, AT, number=f" {customer.customer_number} ") == bought
    assert _find(developer, customer, AT, number=customer.customer_number[:-1]) is None


def test_purchase_of_another_account_is_not_found(developer, other_developer, customer):
    PurchaseFactory(customer=customer, app=other_developer.app, purchased_at=AT, item_name="Gold")
    assert _find(developer, customer, AT) is None


def test_latest_purchase_in_the_minute_wins(developer, customer, bought):
    later = PurchaseFactory(
        customer=customer, app=developer.app, purchased_at=AT.replace(second=50), item_name="Gold"
    )
    assert _find(developer, customer, AT) == later


def _file(developer, customer, **kw):
    values = {"consent": True, "customer_number": customer.customer_number, "purchased_at": AT}
    values.update({"purchased_item": "Gold", "reason": "r", **kw})
    return services.refund_request_file(account=developer.account, actor=developer.user, **values)


def test_filing_refuses_identifiers_of_another_purchase(developer, customer, bought):
    other = PurchaseFactory(customer=customer, app=developer.app)
    with pytest.raises(services.RefundFilingInvalid) as refused:
        _file(developer, customer, tid=other.tid)
    assert (refused.value.code, refused.value.field) == ("identifier_mismatch", "tid")
    assert not RefundRequest.objects.exists()

    refund = _file(developer, customer, tid=f" {bought.tid} ", receipt_number="")
    assert (refund.tid, refund.purchase) == (bought.tid, bought)


def test_filing_refuses_an_inquiry_of_another_account(developer, other_developer, customer, bought):
    foreign = awaiting_inquiry(app=other_developer.app, customer=customer)
    with pytest.raises(Http404):
        _file(developer, customer, inquiry_id=foreign.pk)
    own = awaiting_inquiry(app=developer.app, customer=customer)
    refund = _file(developer, customer, inquiry_id=own.pk)
    assert (refund.inquiry, refund.source) == (own, Source.INQUIRY)


def test_filing_without_a_match_says_so(developer, customer, bought):
    with pytest.raises(services.RefundFilingInvalid) as refused:
        _file(developer, customer, purchased_item="Silver")
    assert (refused.value.code, refused.value.field) == ("no_purchase", None)


def _submit(developer, purchase, **kw):
    kw.setdefault("consent", True)
    return services.refund_submit(
        account=developer.account, actor=developer.user, purchase=purchase, reason="r", **kw
    )


def test_submit_refuses_a_cancelled_purchase(developer, customer):
    cancelled = PurchaseFactory(customer=customer, app=developer.app, cancelled=True)
    with pytest.raises(Conflict) as refused:
        _submit(developer, cancelled)
    assert refused.value.code == "purchase_cancelled"


def test_submit_refuses_another_accounts_inquiry_and_purchase(developer, other_developer, customer):
    mine = PurchaseFactory(customer=customer, app=developer.app)
    foreign_inquiry = awaiting_inquiry(app=other_developer.app, customer=customer)
    with pytest.raises(NotFound):
        _submit(developer, mine, inquiry=foreign_inquiry)
    with pytest.raises(NotFound):
        _submit(developer, PurchaseFactory(customer=customer, app=other_developer.app))
    with pytest.raises(DomainError) as refused:
        _submit(developer, mine, txid=PurchaseFactory(app=developer.app).txid)
    assert refused.value.code == "identifier_mismatch"
    assert not RefundRequest.objects.exists()


def test_submit_refuses_identifiers_without_consent(developer, purchase):
    with pytest.raises(DomainError) as refused:
        _submit(developer, purchase, consent=False, receipt_number=purchase.receipt_number)
    assert refused.value.code == "consent_required"
    assert _submit(developer, purchase, consent=False).consent is False


def test_decision_reaches_the_linked_inquiry_thread(developer, customer, purchase):
    ops = OpsUserFactory()
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, purchase=purchase)
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, state=State.IN_REVIEW)
    services.refund_reject(refund=refund, actor=ops, reason="  Used already ")

    message = Message.objects.get(inquiry=inquiry, code=SystemCode.REFUND_REJECTED)
    assert message.data == {"item": purchase.item_name, "reason": "Used already"}
    refund.refresh_from_db()
    assert (refund.state, refund.decision_note) == (State.REJECTED, "Used already")
    assert refund.decided_at is not None


def test_approval_reaches_the_thread_and_cancels_the_purchase(developer, customer, purchase):
    ops = OpsUserFactory()
    inquiry = awaiting_inquiry(app=developer.app, customer=customer, purchase=purchase)
    refund = RefundRequestFactory(purchase=purchase, inquiry=inquiry, state=State.IN_REVIEW)
    services.refund_approve(refund=refund, actor=ops, note="ok")

    message = Message.objects.get(inquiry=inquiry, code=SystemCode.REFUND_APPROVED)
    assert message.data == {"item": purchase.item_name, "reason": ""}
    purchase.refresh_from_db()
    assert purchase.state == Purchase.State.CANCELLED
    event = RefundEvent.objects.get(refund=refund, kind=RefundEvent.Kind.TRANSITION)
    assert (event.from_state, event.to_state, event.actor) == (State.IN_REVIEW, State.APPROVED, ops)


def test_stale_version_changes_nothing(purchase, developer):
    refund = RefundRequestFactory(purchase=purchase, state=State.NEEDS_INFO)
    with pytest.raises(PreconditionFailed):
        services.refund_answer_info(
            refund=refund, actor=developer.user, answer="here", if_match='"stale"'
        )
    refund.refresh_from_db()
    assert refund.state == State.NEEDS_INFO
    assert not RefundEvent.objects.filter(refund=refund).exists()


def test_assign_to_the_same_ops_user_again_writes_nothing(purchase):
    ops, other = OpsUserFactory(), OpsUserFactory()
    refund = RefundRequestFactory(purchase=purchase, state=State.IN_REVIEW)
    services.refund_assign(refund=refund, actor=ops, assignee=other)
    services.refund_assign(refund=refund, actor=ops, assignee=other)

    events = RefundEvent.objects.filter(refund=refund)
    assert [(e.kind, e.to_state, e.data) for e in events] == [
        (
            RefundEvent.Kind.ASSIGNED,
            State.IN_REVIEW,
            {"assignee": other.pk, "assignee_name": other.get_full_name()},
        )
    ]
    refund.refresh_from_db()
    assert refund.assigned_to == other


def test_refund_list_filters_known_states_only(developer, purchase):
    RefundRequestFactory(purchase=purchase, state=State.APPROVED)
    open_one = RefundRequestFactory(purchase=PurchaseFactory(app=developer.app))
    assert list(selectors.refund_list(account=developer.account, state="submitted")) == [open_one]
    assert selectors.refund_list(account=developer.account, state="nonsense").count() == 2


def test_refund_form_prefill_uses_the_latest_completed_purchase(developer, customer):
    inquiry = awaiting_inquiry(app=developer.app, customer=customer)
    PurchaseFactory(customer=customer, app=developer.app, purchased_at=AT, item_name="Old")
    PurchaseFactory(
        customer=customer,
        app=developer.app,
        purchased_at=AT + datetime.timedelta(days=1),
        item_name="Gone",
        cancelled=True,
    )
    initial = selectors.refund_initial_for_inquiry(inquiry=inquiry)
    assert initial == {
        "inquiry": inquiry.pk,
        "customer_number": customer.customer_number,
        "purchased_at": AT,
        "purchased_item": "Old",
    }


def test_purchase_at_the_first_instant_of_its_minute_is_found(developer, customer):
    start = AT.replace(second=0)
    first = PurchaseFactory(
        customer=customer, app=developer.app, purchased_at=start, item_name="Gold"
    )
    assert _find(developer, customer, start) == first
    assert _find(developer, customer, start - datetime.timedelta(microseconds=1)) is None


def test_refund_of_another_account_is_a_404(developer, other_developer, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    assert selectors.refund_get_for_member(account=developer.account, pk=refund.pk) == refund
    with pytest.raises(Http404):
        selectors.refund_get_for_member(account=other_developer.account, pk=refund.pk)


def test_others_are_refused_whichever_way_their_ids_sort(developer, other_developer, customer):
    """`!=` checks, not `<` or `>`: the foreign account, inquiry or identifier may sort either
    side of the own one."""
    older = PurchaseFactory(customer=customer, app=developer.app)
    mine = PurchaseFactory(customer=customer, app=developer.app, purchased_at=AT, item_name="Gold")
    newer = PurchaseFactory(customer=customer, app=developer.app)
    for other in (older, newer):
        for name in ("tid", "txid", "receipt_number"):
            with pytest.raises(DomainError):
                _submit(developer, mine, **{name: getattr(other, name)})
            with pytest.raises(services.RefundFilingInvalid):
                _file(developer, customer, **{name: getattr(other, name)})
    theirs = PurchaseFactory(customer=customer, app=other_developer.app)
    with pytest.raises(NotFound):
        _submit(developer, theirs)  # their account was made after ours
    with pytest.raises(NotFound):
        services.refund_submit(
            account=other_developer.account,
            actor=other_developer.user,
            purchase=mine,
            consent=False,
        )  # ours before theirs
    own_inquiry = awaiting_inquiry(app=developer.app, customer=customer)
    with pytest.raises(NotFound):
        services.refund_submit(
            account=other_developer.account,
            actor=other_developer.user,
            purchase=theirs,
            consent=False,
            inquiry=own_inquiry,
        )
    assert not RefundRequest.objects.exists()


def test_filing_tells_the_members_and_reports_a_non_field_error(developer, customer, bought):
    from django.core.exceptions import NON_FIELD_ERRORS

    from voc_portal.mail.models import OutboundEmail

    with pytest.raises(services.RefundFilingInvalid) as refused:
        _file(developer, customer, purchased_item="Silver")
    assert refused.value.status == 400
    assert [e.code for e in refused.value.error.error_dict[NON_FIELD_ERRORS]] == ["no_purchase"]

    # The account's other notified members hear of the new request; the member who filed it
    # made the change and is not told (refunds.services.shared.refund_members_notify).
    teammate = MembershipFactory(account=developer.account)
    _file(developer, customer)
    assert sorted(
        OutboundEmail.objects.filter(kind="refund_changed").values_list("to_email", flat=True)
    ) == [teammate.user.email]
