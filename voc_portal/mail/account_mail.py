"""Mail that accounts asks for (the password reset), written to the outbox like any other."""

from __future__ import annotations

from django.db import transaction

from .models import OutboundEmail
from .services import EmailSpec, outbound_email_queue


def on_account_email_requested(
    *,
    kind: str,
    template: str,
    to_email: str,
    user_id: int | None,
    language: str,
    dedupe_key: str,
    context: dict,
    **_,
) -> OutboundEmail:
    spec = EmailSpec(
        kind=kind,
        template=template,
        to_email=to_email,
        to_user_id=user_id,
        language=language,
        dedupe_key=dedupe_key,
        context=context,
    )
    with transaction.atomic():
        return outbound_email_queue(spec=spec)
