"""Asking the customer for consent (O) by a signed, single-use, expiring link, and the answer."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.catalog.models import PurchaseConsent
from voc_portal.catalog.services import purchase_consent_record
from voc_portal.core.errors import Conflict, DomainError, InvalidTransition
from voc_portal.mail.services import outbound_email_queue

from .. import emails
from ..models import ConsentRequest, RefundEvent, RefundRequest
from .shared import refund_event_write, refund_locked

CONSENT_SALT = "refunds.consent"


def consent_link_ttl() -> timedelta:
    return getattr(settings, "VOC_CONSENT_LINK_TTL", timedelta(days=7))


class ConsentLinkInvalid(DomainError):
    """This link is not valid."""

    code = "consent_link_invalid"
    status = 404


class ConsentLinkUsed(Conflict):
    """This link has already been used."""

    code = "consent_link_used"


class ConsentLinkExpired(DomainError):
    """This link has expired."""

    code = "consent_link_expired"
    status = 410


def consent_request_send(*, refund: RefundRequest, actor: User) -> ConsentRequest:
    """Email the customer a signed, single-use, expiring link to consent to sharing identifiers."""
    with transaction.atomic():
        locked = refund_locked(refund.pk)
        if locked.consent:
            raise Conflict(_("The customer has already consented."), code="already_consented")
        if not locked.is_open:
            raise InvalidTransition(_("The request is already decided."))
        now = timezone.now()
        consent = ConsentRequest.objects.create(
            refund=locked,
            customer=locked.purchase.customer,
            requested_by=actor,
            nonce=secrets.token_hex(16),
            created_at=now,
            expires_at=now + consent_link_ttl(),
        )
        token = consent_token(consent)
        outbound_email_queue(spec=emails.consent_request_spec(consent=consent, token=token))
        refund_event_write(
            locked,
            kind=RefundEvent.Kind.CONSENT_REQUESTED,
            actor=actor,
            note="Asked the customer for consent",
        )
    return consent


def consent_token(consent: ConsentRequest) -> str:
    return signing.dumps({"c": consent.pk, "n": consent.nonce}, salt=CONSENT_SALT, compress=True)


def consent_request_from_token(*, token: str) -> ConsentRequest:
    """Read-only: the request behind a link, or an error saying why it is unusable."""
    try:
        data = signing.loads(token, salt=CONSENT_SALT)
        consent = ConsentRequest.objects.select_related(
            "refund__app", "refund__account", "refund__purchase", "customer__user"
        ).get(pk=int(data["c"]), nonce=str(data["n"]))
    except (signing.BadSignature, ConsentRequest.DoesNotExist, KeyError, TypeError, ValueError):
        raise ConsentLinkInvalid() from None
    if consent.used_at is not None:
        raise ConsentLinkUsed()
    if consent.expires_at <= timezone.now():
        raise ConsentLinkExpired()
    return consent


def _refund_consent_copy(refund: RefundRequest, *, now) -> None:
    """Consent O on the request: the purchase's identifiers are copied onto it (and recorded
    on the purchase, voc_portal.catalog)."""
    purchase = refund.purchase
    refund.consent = True
    refund.consent_at = now
    refund.tid, refund.txid = purchase.tid, purchase.txid
    refund.receipt_number = purchase.receipt_number
    refund.updated_at = now
    refund.save(
        update_fields=["consent", "consent_at", "tid", "txid", "receipt_number", "updated_at"]
    )
    purchase_consent_record(
        purchase=purchase, source=PurchaseConsent.Source.CUSTOMER_LINK, given_at=now
    )


def consent_request_answer(*, token: str, consent: bool) -> ConsentRequest:
    """The customer's POST: record consent O (copies the identifiers) or X, once."""
    request = consent_request_from_token(token=token)
    now = timezone.now()
    with transaction.atomic():
        used = ConsentRequest.objects.filter(
            pk=request.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now, consented=consent)
        if used != 1:
            raise ConsentLinkUsed()
        refund = refund_locked(request.refund_id)
        if consent and not refund.consent:
            _refund_consent_copy(refund, now=now)
        refund_event_write(
            refund,
            kind=RefundEvent.Kind.CONSENT_ANSWERED,
            actor=None,
            note="The customer consented" if consent else "The customer declined consent",
            data={"consented": consent},
            notify=True,
        )
    request.refresh_from_db()
    return request
