"""Refund requests over the API: the web form's rules, masked identifiers, answer with If-Match."""

import pytest
from django.utils import timezone

from refunds import services
from refunds.models import PaymentIdentifierView, RefundRequest
from tests.factories import OpsUserFactory, PurchaseFactory
from voc_portal.catalog.models import PurchaseConsent

from .test_inquiries import make_inquiry

pytestmark = pytest.mark.django_db

LIST = "/api/v1/refunds/"


def body_for(purchase, **overrides):
    return {
        "consent": "X",
        "customer_number": purchase.customer.customer_number,
        "purchased_at": timezone.localtime(purchase.purchased_at).isoformat(),
        "purchased_item": purchase.item_name,
        "reason": "Customer asked for a refund by email.",
        **overrides,
    }


def submitted(developer, purchase, consent=False, **ids):
    return services.refund_submit(
        account=developer.account,
        actor=developer.user,
        purchase=purchase,
        consent=consent,
        reason="r",
        **ids,
    )


def needs_info(developer, purchase):
    refund = submitted(developer, purchase)
    ops = OpsUserFactory()
    services.refund_start_review(refund=refund, actor=ops)
    return services.refund_request_info(refund=refund, actor=ops, note="Which build?")


def test_refund_is_filed_when_body_matches_a_purchase(api, developer, purchase):
    response = api.post(LIST, body_for(purchase), format="json")

    assert response.status_code == 201, response.json()
    refund = RefundRequest.objects.get(pk=response.json()["id"])
    assert (refund.purchase, refund.consent, refund.source) == (
        purchase,
        False,
        "developer_contact",
    )
    assert response["Location"] == f"{LIST}{refund.pk}/"
    assert "tid" not in response.json()


def test_identifiers_are_refused_when_consent_is_x(api, developer, purchase):
    response = api.post(LIST, body_for(purchase, tid=purchase.tid), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "consent_required"
    assert "tid" in response.json()["fields"]
    assert not RefundRequest.objects.exists()


def test_identifiers_are_stored_when_consent_is_o_and_they_match(api, developer, purchase):
    response = api.post(
        LIST,
        body_for(purchase, consent="O", tid=purchase.tid, txid=purchase.txid),
        format="json",
    )

    assert response.status_code == 201
    refund = RefundRequest.objects.get()
    assert (refund.consent, refund.tid, refund.txid) == (True, purchase.tid, purchase.txid)


def test_refund_answers_400_when_identifier_does_not_match(api, developer, purchase):
    response = api.post(LIST, body_for(purchase, consent="O", tid="TID-WRONG"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "identifier_mismatch"


def test_refund_answers_400_no_purchase_when_it_is_another_accounts_purchase(api, other_developer):
    foreign = PurchaseFactory(app=other_developer.app)

    response = api.post(LIST, body_for(foreign), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "no_purchase"
    assert not RefundRequest.objects.exists()


def test_refund_answers_404_when_inquiry_is_another_accounts(api, purchase, other_developer):
    foreign = make_inquiry(other_developer.app)
    response = api.post(LIST, body_for(purchase, inquiry=foreign.pk), format="json")
    assert response.status_code == 404
    assert not RefundRequest.objects.exists()


def test_refund_answers_409_when_one_is_already_open_for_the_purchase(api, developer, purchase):
    submitted(developer, purchase)
    response = api.post(LIST, body_for(purchase), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "refund_already_open"


def test_refund_is_filed_once_when_the_post_is_retried_with_its_key(api, purchase):
    first = api.post(LIST, body_for(purchase), format="json", HTTP_IDEMPOTENCY_KEY="rf-1")
    again = api.post(LIST, body_for(purchase), format="json", HTTP_IDEMPOTENCY_KEY="rf-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert RefundRequest.objects.count() == 1


def test_detail_masks_identifiers_when_there_is_no_consent(api, developer, purchase):
    refund = submitted(developer, purchase)

    body = api.get(f"{LIST}{refund.pk}/").json()

    ids = body["payment_identifiers"]
    assert ids["masked"] is True
    assert purchase.tid not in str(body) and purchase.txid not in str(body)
    assert ids["tid"].endswith(purchase.tid[-4:])
    assert not PaymentIdentifierView.objects.exists()


def test_detail_shows_and_audits_identifiers_when_the_customer_consented(api, developer, purchase):
    # Issue 10: only the customer's consent unmasks (a developer's O alone does not; see
    # tests/integration/refunds/test_customer_consent.py).
    refund = submitted(developer, purchase, consent=True)
    PurchaseConsent.objects.create(
        purchase=purchase,
        source=PurchaseConsent.Source.CUSTOMER_LINK,
        given_by=purchase.customer.user,
    )

    response = api.get(f"{LIST}{refund.pk}/")

    ids = response.json()["payment_identifiers"]
    assert (ids["masked"], ids["tid"], ids["receipt_number"]) == (
        False,
        purchase.tid,
        purchase.receipt_number,
    )
    view = PaymentIdentifierView.objects.get()
    assert (view.user, view.where, view.refund) == (developer.user, "api", refund)
    assert response["ETag"] == response.json()["etag"]


def test_list_shows_only_the_accounts_requests_when_listed(
    api, developer, purchase, other_developer
):
    mine = submitted(developer, purchase)
    submitted(other_developer, PurchaseFactory(app=other_developer.app))

    body = api.get(LIST).json()

    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert "payment_identifiers" not in body["results"][0]
    assert api.get(LIST, {"state": "approved"}).json()["results"] == []
    assert api.get(LIST, {"state": "bogus"}).status_code == 400


def test_list_query_count_does_not_grow_when_page_size_grows(
    api, developer, django_assert_max_num_queries
):
    for _ in range(6):
        submitted(developer, PurchaseFactory(app=developer.app))
    with django_assert_max_num_queries(3):
        small = api.get(LIST, {"page_size": 2})
    with django_assert_max_num_queries(3):
        large = api.get(LIST, {"page_size": 6})
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 6


def test_answer_sends_the_case_back_to_review_when_if_match_is_current(api, developer, purchase):
    refund = needs_info(developer, purchase)
    etag = api.get(f"{LIST}{refund.pk}/")["ETag"]

    response = api.post(
        f"{LIST}{refund.pk}/answer/", {"answer": "Build 42"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response.json()["state"] == "in_review"
    assert response["ETag"] != etag
    assert refund.events.order_by("-id").first().note == "Build 42"


def test_answer_answers_412_when_if_match_is_stale(api, developer, purchase):
    refund = needs_info(developer, purchase)
    stale = api.get(f"{LIST}{refund.pk}/")["ETag"]
    RefundRequest.objects.filter(pk=refund.pk).update(updated_at=timezone.now())

    response = api.post(
        f"{LIST}{refund.pk}/answer/", {"answer": "Build 42"}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    refund.refresh_from_db()
    assert refund.state == "needs_info"


def test_answer_answers_409_when_the_case_is_decided(api, developer, purchase):
    refund = submitted(developer, purchase)
    ops = OpsUserFactory()
    services.refund_start_review(refund=refund, actor=ops)
    services.refund_reject(refund=refund, actor=ops, reason="Used for 30 days")
    etag = api.get(f"{LIST}{refund.pk}/")["ETag"]
    response = api.post(
        f"{LIST}{refund.pk}/answer/", {"answer": "hi"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_answer_answers_400_when_blank(api, developer, purchase):
    refund = needs_info(developer, purchase)
    response = api.post(f"{LIST}{refund.pk}/answer/", {"answer": "  "}, format="json")
    assert response.status_code == 400
    assert "answer" in response.json()["fields"]
