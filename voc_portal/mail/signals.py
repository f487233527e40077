"""Anymail's tracking signal → the outbox row's delivery state."""

from anymail.signals import AnymailTrackingEvent

from .services import outbound_email_track


def tracking_event_apply(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    outbound_email_track(
        provider_message_id=event.message_id or "",
        event_type=event.event_type or "",
        description=event.description or event.mta_response or "",
    )
