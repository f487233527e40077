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
from voc_portal.catalog.selectors import purchase_has_consent
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


class ConsentLinkNotYours(ConsentLinkInvalid):
    """Signed in as someone other than the customer the link was sent to.

    Answered like an invalid link (404), so the link's existence is not confirmed to anyone
    else: another customer, the developer who asked, or store operations.
    """


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
        if purchase_has_consent(purchase=locked.purchase):
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
        )
    return consent


def consent_token(consent: ConsentRequest) -> str:
    return signing.dumps({"c": consent.pk, "n": consent.nonce}, salt=CONSENT_SALT, compress=True)


def consent_request_from_token(*, token: str, user: User) -> ConsentRequest:
    """Read-only: the request behind a link for its own signed-in customer, or why it is not
    usable. Anyone else gets ConsentLinkNotYours (404) before used / expired is revealed."""
    try:
        data = signing.loads(token, salt=CONSENT_SALT)
        consent = ConsentRequest.objects.select_related(
            "refund__app", "refund__account", "refund__purchase", "customer__user"
        ).get(pk=int(data["c"]), nonce=str(data["n"]))
    except (signing.BadSignature, ConsentRequest.DoesNotExist, KeyError, TypeError, ValueError):
        raise ConsentLinkInvalid() from None
    if user is None or not user.is_authenticated or user.pk != consent.customer.user_id:
        raise ConsentLinkNotYours()
    if consent.used_at is not None:
        raise ConsentLinkUsed()
    if consent.expires_at <= timezone.now():
        raise ConsentLinkExpired()
    return consent


def _refund_consent_copy(refund: RefundRequest, *, now, answer: dict) -> None:
    """Consent O on the request: the purchase's identifiers are copied onto it, and the
    customer's consent is recorded on the purchase (voc_portal.catalog) with who and where."""
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
        purchase=purchase, source=PurchaseConsent.Source.CUSTOMER_LINK, given_at=now, **answer
    )


def consent_request_answer(
    *,
    token: str,
    consent: bool,
    user: User,
    ip_address: str | None = None,
    user_agent: str = "",
) -> ConsentRequest:
    """The signed-in customer's POST: record consent O (copies the identifiers) or X, once."""
    request = consent_request_from_token(token=token, user=user)
    now = timezone.now()
    with transaction.atomic():
        used = ConsentRequest.objects.filter(
            pk=request.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now, consented=consent)
        if used != 1:
            raise ConsentLinkUsed()
        refund = refund_locked(request.refund_id)
        if consent:
            answer = {"given_by": user, "ip_address": ip_address, "user_agent": user_agent}
            _refund_consent_copy(refund, now=now, answer=answer)
        refund_event_write(
            refund,
            kind=RefundEvent.Kind.CONSENT_ANSWERED,
            # Who answered is on the purchase's consent row; an actor here would show the
            # customer's name in the developer's history.
            actor=None,
            data={"consented": consent},
            notify=True,
        )
    request.refresh_from_db()
    return request
