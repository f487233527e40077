"""The consent link: its nonce, its expiry, one use only (also when two answers race), and
only its own customer (tests/mutation/config.toml)."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone, translation

from refunds import services
from refunds.display import event_summary
from refunds.models import ConsentRequest, RefundEvent, State
from refunds.services import consent as consent_module
from tests.factories import OpsUserFactory
from tests.factories.refunds import RefundRequestFactory
from voc_portal.catalog.models import PurchaseConsent
from voc_portal.core.errors import Conflict, InvalidTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(purchase, developer):
    refund = RefundRequestFactory(purchase=purchase)
    consent = services.consent_request_send(refund=refund, actor=developer.user)
    return consent, services.consent_token(consent)


def test_link_expires_after_the_ttl(asked, settings):
    consent, _ = asked
    assert consent.expires_at - consent.created_at == settings.VOC_CONSENT_LINK_TTL
    assert consent.nonce and len(consent.nonce) == 32


def test_link_with_another_nonce_is_invalid(asked, purchase):
    consent, _ = asked
    forged = signing.dumps(
        {"c": consent.pk, "n": "0" * 32}, salt=services.CONSENT_SALT, compress=True
    )
    with pytest.raises(services.ConsentLinkInvalid):
        services.consent_request_from_token(token=forged, user=purchase.customer.user)
    other_salt = signing.dumps({"c": consent.pk, "n": consent.nonce}, salt="x")
    with pytest.raises(services.ConsentLinkInvalid):
        services.consent_request_from_token(token=other_salt, user=purchase.customer.user)


def test_link_is_valid_until_the_instant_it_expires(asked, purchase):
    consent, token = asked
    user = purchase.customer.user
    with time_machine.travel(consent.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert services.consent_request_from_token(token=token, user=user) == consent
    with time_machine.travel(consent.expires_at, tick=False):
        with pytest.raises(services.ConsentLinkExpired):
            services.consent_request_from_token(token=token, user=user)
        with pytest.raises(services.ConsentLinkExpired):
            services.consent_request_answer(token=token, consent=True, user=user)
    assert not PurchaseConsent.objects.exists()


def test_link_is_not_yours_for_anyone_else(asked, developer):
    _, token = asked
    with pytest.raises(services.ConsentLinkNotYours):
        services.consent_request_from_token(token=token, user=developer.user)
    with pytest.raises(services.ConsentLinkNotYours):
        services.consent_request_from_token(token=token, user=None)


def test_link_answers_once_even_when_two_answers_read_it_before_either_writes(
    asked, purchase, monkeypatch
):
    consent, token = asked
    user = purchase.customer.user
    read = services.consent_request_from_token(token=token, user=user)
    # Both answers got past the read-only check; only the conditional UPDATE stands between.
    monkeypatch.setattr(consent_module, "consent_request_from_token", lambda **kw: read)

    answered = services.consent_request_answer(token=token, consent=False, user=user)
    assert (answered.used_at is not None, answered.consented) == (True, False)
    with pytest.raises(services.ConsentLinkUsed):
        services.consent_request_answer(token=token, consent=True, user=user)

    refund = consent.refund
    refund.refresh_from_db()
    assert (refund.consent, refund.tid) == (False, "")
    assert not PurchaseConsent.objects.exists()
    answers = RefundEvent.objects.filter(refund=refund, kind=RefundEvent.Kind.CONSENT_ANSWERED)
    assert [e.data for e in answers] == [{"consented": False}]


def test_link_read_before_it_expired_cannot_be_answered_after(asked, purchase, monkeypatch):
    consent, token = asked
    read = services.consent_request_from_token(token=token, user=purchase.customer.user)
    monkeypatch.setattr(consent_module, "consent_request_from_token", lambda **kw: read)
    ConsentRequest.objects.filter(pk=consent.pk).update(expires_at=timezone.now())

    with pytest.raises(services.ConsentLinkUsed):
        services.consent_request_answer(token=token, consent=True, user=purchase.customer.user)
    assert not PurchaseConsent.objects.exists()


def test_consent_o_copies_the_identifiers_and_records_it_on_the_purchase(asked, purchase):
    consent, token = asked
    services.consent_request_answer(
        token=token, consent=True, user=purchase.customer.user, ip_address="203.0.113.9"
    )
    refund = consent.refund
    refund.refresh_from_db()
    assert (refund.consent, refund.tid, refund.txid, refund.receipt_number) == (
        True,
        purchase.tid,
        purchase.txid,
        purchase.receipt_number,
    )
    assert refund.consent_at is not None
    given = PurchaseConsent.objects.get(purchase=purchase)
    assert (given.given_by, given.ip_address) == (purchase.customer.user, "203.0.113.9")
    with pytest.raises(services.ConsentLinkUsed):
        services.consent_request_answer(token=token, consent=True, user=purchase.customer.user)


def test_asking_is_refused_when_decided_or_already_consented(purchase, developer, asked):
    consent, token = asked
    services.consent_request_answer(token=token, consent=True, user=purchase.customer.user)
    with pytest.raises(Conflict):
        services.consent_request_send(refund=consent.refund, actor=developer.user)

    decided = RefundRequestFactory(purchase__app=developer.app, state=State.REJECTED)
    with pytest.raises(InvalidTransition):
        services.consent_request_send(refund=decided, actor=OpsUserFactory())
    assert ConsentRequest.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        ["a list"],  # TypeError: not a mapping
        {"c": "abc", "n": "x"},  # ValueError: not an id
        {"c": 1},  # KeyError: no nonce
        {"n": "x"},
    ],
)
def test_signed_link_of_the_wrong_shape_is_invalid_not_an_error(payload, purchase):
    token = signing.dumps(payload, salt=services.CONSENT_SALT)
    with pytest.raises(services.ConsentLinkInvalid):
        services.consent_request_from_token(token=token, user=purchase.customer.user)


def test_link_is_not_yours_for_an_anonymous_visitor(asked):
    from django.contrib.auth.models import AnonymousUser

    _, token = asked
    with pytest.raises(services.ConsentLinkNotYours):
        services.consent_request_from_token(token=token, user=AnonymousUser())


def test_link_errors_answer_404_409_and_410():
    assert services.ConsentLinkInvalid().status == 404
    assert services.ConsentLinkNotYours().status == 404
    assert services.ConsentLinkUsed().status == 409
    assert services.ConsentLinkExpired().status == 410


def test_the_answer_is_noted_in_the_history_in_words(asked, purchase):
    consent, token = asked
    services.consent_request_answer(token=token, consent=True, user=purchase.customer.user)
    event = RefundEvent.objects.get(refund=consent.refund, kind=RefundEvent.Kind.CONSENT_ANSWERED)
    # Code stores a fact (kind + data), never prose; the words are rendered at display time.
    assert (event.note, event.actor, event.data) == ("", None, {"consented": True})
    asked_event = RefundEvent.objects.get(
        refund=consent.refund, kind=RefundEvent.Kind.CONSENT_REQUESTED
    )
    assert asked_event.note == ""
    with translation.override("en"):
        assert event_summary(event) == "The customer consented"
        assert event_summary(asked_event) == "Asked the customer for consent"


def test_link_is_not_yours_whichever_way_the_user_ids_sort(asked):
    from tests.factories import UserFactory

    _, token = asked
    with pytest.raises(services.ConsentLinkNotYours):
        services.consent_request_from_token(token=token, user=UserFactory())  # made after


def test_link_stays_expired_after_its_expiry(asked, purchase):
    consent, token = asked
    later = consent.expires_at + datetime.timedelta(days=1)
    with time_machine.travel(later, tick=False), pytest.raises(services.ConsentLinkExpired):
        services.consent_request_from_token(token=token, user=purchase.customer.user)


def test_the_developer_hears_of_the_answer(asked, purchase, developer):
    from voc_portal.mail.models import OutboundEmail

    _, token = asked
    services.consent_request_answer(token=token, consent=False, user=purchase.customer.user)
    assert OutboundEmail.objects.filter(
        kind="refund_changed", to_email=developer.user.email
    ).exists()
