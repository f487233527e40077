"""The Slack-compatible body: an incoming webhook's `{"text": …}`, one line per event in the
endpoint's language (still signed: Slack ignores the headers, a relay may check them)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from refunds.models import State

from .models import TEST_EVENT, EventType


def _line(event_type: str, data: dict) -> str:
    app = (data.get("app") or {}).get("title", "")
    if event_type == TEST_EVENT:
        return _("Test event from VOC Portal: this endpoint receives webhooks.")
    if event_type == EventType.REVIEW_CREATED or event_type == EventType.REVIEW_UPDATED:
        label = EventType(event_type).label
        # Translators: Slack message; the event label, app name, stars (1-5).
        return _("%(event)s · %(app)s · %(rating)s of 5 stars") % {
            "event": label,
            "app": app,
            "rating": data.get("rating"),
        }
    if event_type == EventType.REFUND_STATE_CHANGED:
        state = data.get("state")
        # Translators: Slack message; app name, request number, the new state's label.
        return _("Refund request #%(id)s of %(app)s is now %(state)s") % {
            "id": data.get("id"),
            "app": app,
            "state": State(state).label if state in State.values else state,
        }
    label = EventType(event_type).label if event_type in EventType.values else event_type
    # Translators: Slack message; the event label, app name, inquiry number, subject.
    return _("%(event)s · %(app)s · No. %(number)s %(subject)s") % {
        "event": label,
        "app": app,
        "number": data.get("number", ""),
        "subject": data.get("subject", ""),
    }


def slack_text(*, event_type: str, data: dict, language: str) -> str:
    with translation.override(language):
        line = _line(event_type, data)
    url = data.get("url")
    return f"{line}\n<{url}>" if url else line
