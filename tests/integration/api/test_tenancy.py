"""Cross-tenant matrix: every endpoint and method with another account's id answers 404 and
changes nothing; no response ever carries a payment identifier without consent O."""

import json

import pytest

from inquiries.models import Message
from refunds import services as refund_services
from refunds.models import PaymentIdentifierView, RefundRequest
from reviews import services as review_services
from reviews.models import OfficialReply
from tests.factories import AppFactory, MembershipFactory, OpsUserFactory, PurchaseFactory
from voc_portal.api.services import api_token_create
from voc_portal.catalog.models import PurchaseConsent

from .conftest import bearer_client
from .test_inquiries import make_inquiry
from .test_reviews import make_review

pytestmark = pytest.mark.django_db

MATRIX = [
    ("get", "/api/v1/inquiries/{inquiry}/", None),
    ("post", "/api/v1/inquiries/{inquiry}/reply/", {"body": "hello"}),
    ("post", "/api/v1/inquiries/{inquiry}/notes/", {"body": "note"}),
    ("post", "/api/v1/inquiries/{inquiry}/close/", None),
    ("post", "/api/v1/inquiries/{inquiry}/reopen/", None),
    ("get", "/api/v1/reviews/{review}/", None),
    ("get", "/api/v1/reviews/{review}/reply/", None),
    ("put", "/api/v1/reviews/{review}/reply/", {"body": "Thanks"}),
    ("delete", "/api/v1/reviews/{review}/reply/", None),
    ("get", "/api/v1/refunds/{refund}/", None),
    ("post", "/api/v1/refunds/{refund}/answer/", {"answer": "Build 42"}),
]


def _objects_of(membership):
    """An awaiting inquiry, a review with an official reply and a needs-info refund."""
    inquiry = make_inquiry(membership.app)
    review = make_review(membership.app)
    review_services.review_reply_publish(
        review=review, account=membership.account, author=membership.user, body="Thank you"
    )
    purchase = PurchaseFactory(app=membership.app)
    refund = refund_services.refund_submit(
        account=membership.account, actor=membership.user, purchase=purchase, consent=False
    )
    ops = OpsUserFactory()
    refund_services.refund_start_review(refund=refund, actor=ops)
    refund_services.refund_request_info(refund=refund, actor=ops, note="Which build?")
    return {"inquiry": inquiry, "review": review, "refund": refund}


def _state(objects) -> tuple:
    inquiry, review, refund = objects["inquiry"], objects["review"], objects["refund"]
    inquiry.refresh_from_db()
    refund.refresh_from_db()
    return (
        inquiry.status,
        Message.objects.filter(inquiry=inquiry).count(),
        OfficialReply.objects.filter(review=review).values_list("body", "version").first(),
        refund.state,
        refund.events.count(),
    )


@pytest.fixture(params=["other_account", "same_user_other_account"])
def foreign(request, developer, other_developer):
    """Objects of another developer account: a stranger's, or one the token's user also
    belongs to (the token acts in its own account only)."""
    if request.param == "other_account":
        return _objects_of(other_developer)
    second = MembershipFactory(user=developer.user)
    second.app = AppFactory(account=second.account)
    return _objects_of(second)


@pytest.mark.parametrize(("method", "path", "body"), MATRIX)
def test_foreign_id_answers_404_and_changes_nothing_when_used(api, foreign, method, path, body):
    before = _state(foreign)
    url = path.format(**{k: v.pk for k, v in foreign.items()})

    response = getattr(api, method)(url, body, format="json") if body else getattr(api, method)(url)

    assert response.status_code == 404, (method, url, response.content)
    assert response.json()["code"] == "not_found"
    assert _state(foreign) == before


@pytest.mark.parametrize("url", ["/api/v1/inquiries/", "/api/v1/reviews/"])
def test_list_filter_naming_another_accounts_app_answers_404_when_used(api, foreign, url):
    response = api.get(url, {"app": foreign["inquiry"].app_id})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_lists_never_show_another_accounts_objects_when_listed(api, foreign):
    for url, key in [
        ("/api/v1/inquiries/", "inquiry"),
        ("/api/v1/reviews/", "review"),
        ("/api/v1/refunds/", "refund"),
    ]:
        ids = {row["id"] for row in api.get(url, {"page_size": 100}).json()["results"]}
        assert foreign[key].pk not in ids, url
    apps = {a["id"] for a in api.get("/api/v1/apps/").json()}
    summary_apps = {row["app"]["id"] for row in api.get("/api/v1/summary/").json()["apps"]}
    assert foreign["inquiry"].app_id not in apps | summary_apps


def test_no_response_carries_a_payment_identifier_when_there_is_no_consent(developer):
    api = bearer_client(api_token_create(membership=developer, name="t").secret)
    mine = _objects_of(developer)
    without = mine["refund"].purchase
    with_consent = PurchaseFactory(app=developer.app)
    consented = refund_services.refund_submit(
        account=developer.account,
        actor=developer.user,
        purchase=with_consent,
        consent=True,
        tid=with_consent.tid,
    )
    # The inquiry is about the purchase without consent.
    inquiry = make_inquiry(developer.app, customer=without.customer, purchase=without)
    urls = [
        "/api/v1/apps/",
        "/api/v1/summary/",
        "/api/v1/inquiries/",
        f"/api/v1/inquiries/{inquiry.pk}/",
        f"/api/v1/inquiries/{mine['inquiry'].pk}/",
        "/api/v1/reviews/",
        f"/api/v1/reviews/{mine['review'].pk}/",
        f"/api/v1/reviews/{mine['review'].pk}/reply/",
        "/api/v1/refunds/",
        f"/api/v1/refunds/{mine['refund'].pk}/",
    ]
    seen = ""
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        seen += json.dumps(response.json())
    for secret in (without.tid, without.txid, without.receipt_number):
        assert secret not in seen
    # The inquiry thread lists the customer's purchase, masked.
    listed = api.get(f"/api/v1/inquiries/{inquiry.pk}/").json()["customer_purchases"]
    assert [p["payment_identifiers"]["masked"] for p in listed] == [True]
    # The developer's own O shows nothing (issue 10); the customer's consent O does (audited).
    detail = json.dumps(api.get(f"/api/v1/refunds/{consented.pk}/").json())
    assert with_consent.receipt_number not in detail
    PurchaseConsent.objects.create(
        purchase=with_consent,
        source=PurchaseConsent.Source.CUSTOMER_LINK,
        given_by=with_consent.customer.user,
    )
    detail = json.dumps(api.get(f"/api/v1/refunds/{consented.pk}/").json())
    assert with_consent.tid in detail and with_consent.receipt_number in detail
    assert with_consent.tid not in json.dumps(api.get("/api/v1/refunds/").json())
    about = make_inquiry(developer.app, customer=with_consent.customer, purchase=with_consent)
    shown = api.get(f"/api/v1/inquiries/{about.pk}/").json()["customer_purchases"]
    assert [p["payment_identifiers"]["tid"] for p in shown] == [with_consent.tid]
    assert (
        PaymentIdentifierView.objects.filter(
            purchase=with_consent, where="api", user=developer.user
        ).count()
        == 2
    )
    assert RefundRequest.objects.filter(account=developer.account).count() == 2
