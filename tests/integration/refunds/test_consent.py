"""The customer's consent link: signed, single-use, expiring; a GET never consents. The
customer answers signed in (test_customer_consent.py covers everyone else)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from refunds import services
from refunds.models import ConsentRequest, RefundEvent, RefundRequest
from tests.factories.refunds import RefundRequestFactory
from voc_portal.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(purchase):
    client = Client()
    client.force_login(purchase.customer.user)
    return client


@pytest.fixture
def consent_link(dev_client, purchase):
    refund = RefundRequestFactory(purchase=purchase)
    response = dev_client.post(reverse("refunds:ask_consent", args=[refund.pk]))
    assert response.status_code == 302
    email = OutboundEmail.objects.get(kind="consent_request")
    assert email.to_email == purchase.customer.user.email
    url = re.search(r"https?://\S+/refunds/consent/\S+/", email.body_text).group(0)
    return refund, urlsplit(url).path


def test_get_shows_what_will_be_shared_and_changes_nothing(buyer, consent_link, purchase):
    refund, path = consent_link

    for _ in range(2):  # a mail scanner opening the link, then the customer
        response = buyer.get(path)
        assert response.status_code == 200
        # What will be shared is named, masked: the page itself shows no full identifier.
        assert purchase.tid not in response.text and purchase.tid[-4:] in response.text

    refund.refresh_from_db()
    assert (refund.consent, refund.tid) == (False, "")
    assert ConsentRequest.objects.get().used_at is None


def test_post_o_records_consent_and_time_when_link_is_fresh(buyer, consent_link, purchase):
    refund, path = consent_link

    response = buyer.post(path, {"answer": "O"})

    assert response.status_code == 200
    refund.refresh_from_db()
    assert refund.consent is True and refund.consent_at is not None
    assert (refund.tid, refund.txid, refund.receipt_number) == (
        purchase.tid,
        purchase.txid,
        purchase.receipt_number,
    )
    consent = ConsentRequest.objects.get()
    assert consent.consented is True and consent.used_at == refund.consent_at
    answered = refund.events.last()
    # A fact, not prose: rendered in the reader's language (refunds.display.event_text).
    assert (answered.kind, answered.data, answered.note) == (
        RefundEvent.Kind.CONSENT_ANSWERED,
        {"consented": True},
        "",
    )


def test_identifiers_become_visible_to_the_developer_when_customer_consents(
    buyer, dev_client, consent_link, purchase
):
    refund, path = consent_link
    detail = reverse("refunds:detail", args=[refund.pk])
    assert purchase.tid not in dev_client.get(detail).text

    buyer.post(path, {"answer": "O"})

    assert purchase.tid in dev_client.get(detail).text


def test_post_x_records_refusal_and_keeps_identifiers_hidden(buyer, consent_link):
    refund, path = consent_link
    buyer.post(path, {"answer": "X"})
    refund.refresh_from_db()
    assert (refund.consent, refund.tid) == (False, "")
    assert ConsentRequest.objects.get().consented is False


def test_link_is_refused_when_used_twice(buyer, consent_link):
    refund, path = consent_link
    buyer.post(path, {"answer": "X"})

    assert buyer.post(path, {"answer": "O"}).status_code == 409
    assert buyer.get(path).status_code == 409
    refund.refresh_from_db()
    assert refund.consent is False


def test_link_is_refused_when_expired(buyer, consent_link):
    refund, path = consent_link
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        assert buyer.get(path).status_code == 410
        assert buyer.post(path, {"answer": "O"}).status_code == 410
    refund.refresh_from_db()
    assert refund.consent is False


def test_link_is_refused_when_tampered(buyer, consent_link):
    _, path = consent_link
    assert buyer.get(path[:-3] + "x/").status_code == 404
    assert buyer.post(path[:-3] + "x/", {"answer": "O"}).status_code == 404


def test_post_without_answer_is_a_400_and_keeps_the_link(buyer, consent_link):
    _, path = consent_link
    assert buyer.post(path, {"answer": "maybe"}).status_code == 400
    assert ConsentRequest.objects.get().used_at is None


def test_asking_again_is_refused_when_consent_was_given(purchase, developer):
    refund = RefundRequestFactory(purchase=purchase, with_consent=True)
    with pytest.raises(services.Conflict):
        services.consent_request_send(refund=refund, actor=developer.user)
    assert RefundRequest.objects.get().consent is True
