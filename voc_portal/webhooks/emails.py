"""Builds the webhooks' emails. Never decides when to send: services do."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from voc_portal.accounts.models import Membership
from voc_portal.mail.services import EmailSpec

from .models import Endpoint


def endpoint_disabled_spec(*, endpoint: Endpoint, member: Membership) -> EmailSpec:
    """Tell an owner that an endpoint was turned off after repeated failures."""
    user = member.user
    page = reverse("webhooks:detail", kwargs={"pk": endpoint.pk})
    return EmailSpec(
        kind="webhook_disabled",
        template="webhook_disabled",
        to_email=user.email,
        to_user_id=user.pk,
        language=user.language,
        dedupe_key=f"webhook-disabled:{endpoint.pk}:{int(endpoint.disabled_at.timestamp())}:"
        f"{user.pk}",
        context={
            "audience": "member",
            "recipient_name": user.get_short_name(),
            "account_name": member.account.name,
            "endpoint_url": endpoint.url,
            "failures": endpoint.failures,
            "failing_since": endpoint.failing_since,
            "endpoint_page_url": settings.SITE_URL.rstrip("/") + page,
        },
    )
