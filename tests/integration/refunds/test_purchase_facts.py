"""Consent O and the identifier audit live on the purchase (voc_portal.catalog); refunds writes
them in the same transaction as the request, the API's If-Match check runs in the service."""

import pytest
from django.utils import timezone

from refunds import services
from refunds.models import RefundEvent, RefundRequest, refund_etag
from tests.factories import OpsUserFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.catalog.models import PaymentIdentifierView, PurchaseConsent
from voc_portal.catalog.selectors import purchase_consented_ids, purchase_has_consent
from voc_portal.catalog.services import purchase_identifiers_show
from voc_portal.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def _submit(developer, purchase, **kw):
    return services.refund_submit(
        account=developer.account, actor=developer.user, purchase=purchase, reason="r", **kw
    )


def test_no_consent_is_recorded_on_the_purchase_when_the_developer_says_o(developer, purchase):
    # Issue 10: the developer's O is their statement on the request, not the customer's consent.
    refund = _submit(developer, purchase, consent=True, tid=purchase.tid)

    assert (refund.consent, refund.consent_at, refund.tid) == (True, None, purchase.tid)
    assert not PurchaseConsent.objects.exists()
    assert not purchase_has_consent(purchase=purchase)


def test_no_consent_is_recorded_when_the_developer_says_x_or_the_request_fails(developer, purchase):
    _submit(developer, purchase, consent=False)
    with pytest.raises(services.Conflict):
        _submit(developer, purchase, consent=True)  # a second open request: rolled back

    assert not PurchaseConsent.objects.exists()
    assert purchase_consented_ids(purchase_ids=[purchase.pk]) == set()


def test_consent_is_recorded_on_the_purchase_when_the_customer_answers_o(developer, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    declined = services.consent_request_send(refund=refund, actor=developer.user)
    services.consent_request_answer(
        token=services.consent_token(declined), consent=False, user=purchase.customer.user
    )
    assert not PurchaseConsent.objects.exists()

    given = services.consent_request_send(refund=refund, actor=developer.user)
    services.consent_request_answer(
        token=services.consent_token(given), consent=True, user=purchase.customer.user
    )

    consent = PurchaseConsent.objects.get()
    assert (consent.source, consent.given_by) == (
        PurchaseConsent.Source.CUSTOMER_LINK,
        purchase.customer.user,
    )
    refund.refresh_from_db()
    assert consent.given_at == refund.consent_at
    kinds = list(refund.events.values_list("kind", "data"))
    assert kinds[-1] == (RefundEvent.Kind.CONSENT_ANSWERED, {"consented": True})


def test_identifiers_show_audits_only_what_it_unmasks_when_shown_to_a_developer(
    developer, purchase
):
    other = PurchaseFactory(app=developer.app)
    RefundRequestFactory(purchase=purchase, with_consent=True)

    shown = purchase_identifiers_show(
        purchases=[purchase, other], user=developer.user, where="web", refund_id=None
    )

    assert shown[purchase.pk]["masked"] is False and shown[purchase.pk]["tid"] == purchase.tid
    assert shown[other.pk]["masked"] is True and other.tid not in shown[other.pk]["tid"]
    assert list(PaymentIdentifierView.objects.values_list("purchase_id", "where")) == [
        (purchase.pk, "web")
    ]


def test_identifiers_show_unmasks_for_ops_and_refuses_admin_for_others(developer, purchase):
    ops = OpsUserFactory()

    shown = purchase_identifiers_show(purchases=[purchase], user=ops, where="admin", refund_id=7)

    assert shown[purchase.pk]["tid"] == purchase.tid
    assert PaymentIdentifierView.objects.get().refund_id == 7
    with pytest.raises(PermissionDenied):
        purchase_identifiers_show(purchases=[purchase], user=developer.user, where="admin")


def test_answer_is_refused_when_the_version_is_stale_and_kept_when_current(developer, purchase):
    refund = RefundRequestFactory(purchase=purchase, needs_info=True)
    stale = refund_etag(refund)
    RefundRequest.objects.filter(pk=refund.pk).update(updated_at=timezone.now())

    with pytest.raises(services.RefundChanged):
        services.refund_answer_info(
            refund=refund, actor=developer.user, answer="Build 42", if_match=stale
        )
    refund.refresh_from_db()
    assert refund.state == "needs_info" and not refund.events.exists()

    services.refund_answer_info(
        refund=refund, actor=developer.user, answer="Build 42", if_match=refund_etag(refund)
    )
    refund.refresh_from_db()
    assert refund.state == "in_review"


def test_filing_reports_every_mismatched_identifier_with_its_code(developer, purchase):
    with pytest.raises(services.RefundFilingInvalid) as exc:
        services.refund_request_file(
            account=developer.account,
            actor=developer.user,
            consent=True,
            customer_number=purchase.customer.customer_number,
            purchased_at=purchase.purchased_at,
            purchased_item=purchase.item_name,
            reason="r",
            tid="WRONG",
            txid="WRONG",
        )

    by_field = exc.value.error.error_dict.items()
    assert {name: [e.code for e in errors] for name, errors in by_field} == {
        "tid": ["identifier_mismatch"],
        "txid": ["identifier_mismatch"],
    }
    assert not RefundRequest.objects.exists()
