"""The provider's delivery events (tracking webhook) applied to the outbox rows."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from ..message_ids import message_id_normalise
from ..models import OutboundEmail

Status = OutboundEmail.Status

# Tracking events from the provider (anymail's normalised event types), mapped onto our states.
_TRACKING_MAP = {
    "delivered": Status.DELIVERED,
    "bounced": Status.BOUNCED,
    "rejected": Status.BOUNCED,
    "failed": Status.FAILED,
}


def outbound_email_track(
    *, provider_message_id: str, event_type: str, description: str = ""
) -> int:
    """Apply a tracking webhook event. Returns the number of rows changed (0 or 1).

    The id may be the provider's id or our own Message-ID (providers report either, Mailgun
    without angle brackets): both are compared in message_id_normalise's spelling, the provider
    id also as given (it is opaque: "0", a UUID, or a Message-ID stored raw). Unknown ids
    and uninteresting events (opened, deferred, …) change nothing. A bounce after "delivered"
    wins (a late bounce is the truth); "delivered" never overrides a bounce.
    """
    new_status = _TRACKING_MAP.get(event_type)
    if not new_status or not provider_message_id:
        return 0
    allowed_from = [Status.SENDING, Status.SENT]
    if new_status != Status.DELIVERED:
        allowed_from.append(Status.DELIVERED)
    values = {"status": new_status, "status_changed_at": timezone.now()}
    if new_status != Status.DELIVERED and description:
        values["last_error"] = description[:2000]
    normalised = message_id_normalise(provider_message_id)
    return OutboundEmail.objects.filter(
        Q(provider_message_id__in={provider_message_id, normalised}) | Q(message_id=normalised),
        status__in=allowed_from,
    ).update(**values)
