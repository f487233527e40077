"""refund_submit: consent rules, tenancy, one open request per purchase."""

import pytest

from refunds import services
from refunds.models import RefundRequest, Source
from tests.factories import PurchaseFactory
from voc_portal.core.errors import Conflict, DomainError, NotFound

pytestmark = pytest.mark.django_db


def _submit(developer, purchase, **kw):
    kw.setdefault("consent", False)
    return services.refund_submit(
        account=developer.account, actor=developer.user, purchase=purchase, **kw
    )


def test_identifiers_are_stored_when_consent_is_o(developer, purchase):
    refund = _submit(developer, purchase, consent=True, tid=purchase.tid, txid=purchase.txid)
    assert (refund.tid, refund.txid, refund.consent) == (purchase.tid, purchase.txid, True)
    assert refund.source == Source.DEVELOPER_CONTACT


def test_identifiers_are_refused_when_consent_is_x(developer, purchase):
    with pytest.raises(DomainError) as exc:
        _submit(developer, purchase, consent=False, tid=purchase.tid)
    assert exc.value.code == "consent_required"
    assert not RefundRequest.objects.exists()


def test_database_refuses_identifiers_without_consent_when_services_are_bypassed(purchase):
    from django.db import IntegrityError

    from tests.factories.refunds import RefundRequestFactory

    with pytest.raises(IntegrityError):
        RefundRequestFactory(purchase=purchase, consent=False, tid="T1")


def test_second_open_request_is_refused_when_one_is_open(developer, purchase):
    _submit(developer, purchase)
    with pytest.raises(Conflict) as exc:
        _submit(developer, purchase)
    assert exc.value.code == "refund_already_open"
    assert RefundRequest.objects.count() == 1


def test_foreign_purchase_is_not_found_when_submitting(developer, other_developer, customer):
    foreign = PurchaseFactory(customer=customer, app=other_developer.app)
    with pytest.raises(NotFound):
        _submit(developer, foreign)
