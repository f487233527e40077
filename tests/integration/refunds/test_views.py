"""Developer refund pages: the Contact Us form, list, detail, answering ops, tenancy."""

import pytest
from django.urls import reverse
from django.utils import timezone

from refunds.models import PaymentIdentifierView, RefundEvent, RefundRequest, Source, State
from tests.factories import MembershipFactory, PurchaseFactory
from tests.factories.refunds import RefundRequestFactory, awaiting_inquiry
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _form(purchase, **kw):
    data = {
        "consent": "X",
        "customer_number": purchase.customer.customer_number,
        "purchased_at": timezone.localtime(purchase.purchased_at).strftime("%Y-%m-%dT%H:%M"),
        "purchased_item": purchase.item_name,
        "reason": "Charged twice.",
    }
    data.update(kw)
    return data


def test_request_is_created_when_form_matches_a_purchase_of_own_app(
    dev_client, developer, purchase
):
    teammate = MembershipFactory(account=developer.account)
    response = dev_client.post(reverse("refunds:create"), _form(purchase))

    refund = RefundRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("refunds:detail", args=[refund.pk])
    assert (refund.purchase, refund.consent, refund.tid) == (purchase, False, "")
    assert refund.source == Source.DEVELOPER_CONTACT
    # The teammate hears of it; the developer who filed it made the change and is not mailed.
    assert list(
        OutboundEmail.objects.filter(kind="refund_changed").values_list("to_email", flat=True)
    ) == [teammate.user.email]


def test_identifiers_are_stored_when_consent_is_o(dev_client, purchase):
    data = _form(purchase, consent="O", tid=purchase.tid, receipt_number=purchase.receipt_number)
    dev_client.post(reverse("refunds:create"), data)

    refund = RefundRequest.objects.get()
    assert (refund.consent, refund.tid, refund.receipt_number, refund.txid) == (
        True,
        purchase.tid,
        purchase.receipt_number,
        "",
    )


def test_identifiers_are_refused_with_an_error_when_consent_is_x(dev_client, purchase):
    response = dev_client.post(reverse("refunds:create"), _form(purchase, tid=purchase.tid))

    assert response.status_code == 400
    assert "Without consent (X) payment identifiers are not accepted." in response.text
    assert not RefundRequest.objects.exists()


def test_form_error_when_consent_is_missing(dev_client, purchase):
    response = dev_client.post(reverse("refunds:create"), _form(purchase, consent=""))
    assert response.status_code == 400
    assert response.context["form"].has_error("consent")


def test_form_error_when_no_purchase_matches(dev_client, purchase):
    response = dev_client.post(
        reverse("refunds:create"), _form(purchase, purchased_item="Something else")
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "no_purchase")


def test_form_error_when_purchase_belongs_to_another_account(dev_client, other_developer, customer):
    foreign = PurchaseFactory(customer=customer, app=other_developer.app)
    response = dev_client.post(reverse("refunds:create"), _form(foreign))
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "no_purchase")
    assert not RefundRequest.objects.exists()


def test_form_error_when_identifier_does_not_match(dev_client, purchase):
    response = dev_client.post(reverse("refunds:create"), _form(purchase, consent="O", tid="X1"))
    assert response.status_code == 400
    assert response.context["form"].has_error("tid", "identifier_mismatch")


def test_second_open_request_is_refused_when_one_is_open(dev_client, purchase):
    dev_client.post(reverse("refunds:create"), _form(purchase))
    response = dev_client.post(reverse("refunds:create"), _form(purchase))

    assert response.status_code == 400
    assert "already an open refund request" in response.text
    assert RefundRequest.objects.count() == 1


def test_form_is_prefilled_when_opened_from_a_refund_inquiry(dev_client, developer, purchase):
    inquiry = awaiting_inquiry(app=developer.app, customer=purchase.customer, purchase=purchase)
    page = dev_client.get(reverse("inquiries:detail", args=[inquiry.pk]))
    link = f"{reverse('refunds:create')}?inquiry={inquiry.pk}"
    assert link in page.text

    response = dev_client.get(link)

    initial = response.context["form"].initial
    assert initial["customer_number"] == purchase.customer.customer_number
    assert initial["purchased_item"] == purchase.item_name
    dev_client.post(reverse("refunds:create"), _form(purchase, inquiry=inquiry.pk))
    refund = RefundRequest.objects.get()
    assert (refund.source, refund.inquiry) == (Source.INQUIRY, inquiry)


def test_foreign_inquiry_is_404_when_prefilling(dev_client, other_developer, customer):
    inquiry = awaiting_inquiry(app=other_developer.app, customer=customer)
    response = dev_client.get(f"{reverse('refunds:create')}?inquiry={inquiry.pk}")
    assert response.status_code == 404


def test_identifiers_are_masked_when_there_is_no_consent(dev_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)

    response = dev_client.get(reverse("refunds:detail", args=[refund.pk]))

    assert response.status_code == 200
    assert purchase.tid not in response.text
    assert f"••••{purchase.tid[-4:]}" in response.text
    assert not PaymentIdentifierView.objects.exists()


def test_identifiers_are_shown_and_audited_when_consent_is_o(dev_client, developer, purchase):
    refund = RefundRequestFactory(purchase=purchase, with_consent=True)

    response = dev_client.get(reverse("refunds:detail", args=[refund.pk]))

    assert purchase.tid in response.text and purchase.receipt_number in response.text
    audit = PaymentIdentifierView.objects.get()
    assert (audit.user, audit.purchase, audit.where) == (developer.user, purchase, "web")


def test_foreign_request_is_404_everywhere(dev_client, other_developer, customer):
    refund = RefundRequestFactory(
        purchase=PurchaseFactory(customer=customer, app=other_developer.app)
    )
    refund.state = State.NEEDS_INFO
    refund.save()
    for name in ("refunds:detail", "refunds:answer", "refunds:ask_consent"):
        method = dev_client.get if name == "refunds:detail" else dev_client.post
        assert method(reverse(name, args=[refund.pk]), {"answer": "x"}).status_code == 404
    assert not RefundEvent.objects.exists()


def test_developer_answer_returns_case_to_review_when_ops_asked(dev_client, purchase):
    refund = RefundRequestFactory(purchase=purchase, needs_info=True)

    response = dev_client.post(reverse("refunds:answer", args=[refund.pk]), {"answer": "Here."})

    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.state == State.IN_REVIEW


def test_answer_is_refused_when_not_asked(dev_client, purchase):
    refund = RefundRequestFactory(purchase=purchase, in_review=True)
    response = dev_client.post(reverse("refunds:answer", args=[refund.pk]), {"answer": "Here."})
    assert response.status_code == 409


def test_list_shows_only_own_requests_with_constant_queries(
    dev_client, developer, other_developer, customer, django_assert_max_num_queries
):
    for _ in range(3):
        RefundRequestFactory(purchase=PurchaseFactory(customer=customer, app=developer.app))
    foreign = RefundRequestFactory(purchase=PurchaseFactory(app=other_developer.app))
    with django_assert_max_num_queries(8) as small:
        dev_client.get(reverse("refunds:list"))
    for _ in range(20):
        RefundRequestFactory(purchase=PurchaseFactory(customer=customer, app=developer.app))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = dev_client.get(reverse("refunds:list") + "?page_size=50")
    assert len(response.context["page"].items) == 23
    assert foreign.pk not in [r.pk for r in response.context["page"].items]


def test_customer_cannot_open_developer_pages(customer_client):
    assert customer_client.get(reverse("refunds:list")).status_code == 403
