"""Builds the refund emails (what to send). Services decide when; the outbox sends."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from voc_portal.accounts.models import User
from voc_portal.mail.services import EmailSpec, customer_name

from .models import ConsentRequest, RefundEvent, RefundRequest, State

RefundEventKind = RefundEvent.Kind


def absolute(name: str, fallback: str, **kwargs) -> str:
    try:
        path = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:  # another app's page not wired yet: the agreed path still works
        path = fallback
    return settings.SITE_URL.rstrip("/") + path


def _app_url(refund: RefundRequest) -> str:
    package = refund.app.package_name
    return absolute("reviews:app_detail", f"/apps/{package}/", package_name=package)


def refund_changed_spec(*, refund: RefundRequest, event: RefundEvent, member: User) -> EmailSpec:
    """A change of state (or the customer's consent answer), to one member, in their language."""
    consent_answer = None
    if event.kind == RefundEventKind.CONSENT_ANSWERED:
        consent_answer = bool((event.data or {}).get("consented"))
    return EmailSpec(
        kind="refund_changed",
        template="refund_changed",
        to_email=member.email,
        to_user_id=member.pk,
        language=member.language,
        dedupe_key=f"refund-changed:{event.pk}:{member.pk}",
        context={
            "audience": "member",
            "account_name": refund.account.name,
            "consent_answer": consent_answer,
            "to_state_code": event.to_state,
            "refund_no": refund.pk,
            "app_title": refund.app.title,
            "purchased_item": refund.purchased_item,
            "customer_number": refund.customer_number,
            "from_state": State(event.from_state).label if event.from_state else "",
            "to_state": State(event.to_state).label,
            "note": event.note,
            "refund_url": absolute("refunds:detail", f"/refunds/{refund.pk}/", pk=refund.pk),
            "recipient_name": member.get_short_name(),
        },
    )


def refund_decided_spec(*, refund: RefundRequest) -> EmailSpec:
    """Approval (the purchase is cancelled) or rejection, to the customer in their language."""
    user = refund.purchase.customer.user
    return EmailSpec(
        kind=f"refund_{refund.state}",
        template="refund_decided",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"refund-decided:{refund.pk}:{refund.state}",
        context={
            "audience": "customer",
            "approved": refund.state == State.APPROVED,
            # When the money returns: a stated business-days rule (docs/email.md).
            "refund_days": settings.VOC_REFUND_BUSINESS_DAYS,
            "app_url": _app_url(refund),
            "app_title": refund.app.title,
            "purchased_item": refund.purchased_item,
            "purchased_at": refund.purchased_at,
            "amount": refund.purchase.amount,
            "reason": refund.decision_note,
            "recipient_name": customer_name(user),
        },
    )


def consent_request_spec(*, consent: ConsentRequest, token: str) -> EmailSpec:
    user = consent.customer.user
    refund = consent.refund
    return EmailSpec(
        kind="consent_request",
        template="consent_request",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"consent-request:{consent.pk}",
        context={
            "audience": "customer",
            "app_title": refund.app.title,
            "developer_name": refund.account.name,
            "retention_days": settings.VOC_RETENTION_DAYS,
            "purchased_item": refund.purchased_item,
            "purchased_at": refund.purchased_at,
            "expires_at": consent.expires_at,
            "consent_url": absolute("refunds:consent", f"/refunds/consent/{token}/", token=token),
            "recipient_name": customer_name(user),
        },
    )
