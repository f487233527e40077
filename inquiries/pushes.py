"""Push notifications about inquiries: what each says (voc_portal.push queues and sends them).

Like emails.py, this builds messages and never decides when: the services and sweeps that write
the event call push_notify_many with these notices, in the same transaction. Each text is
rendered in the member's language (the push app calls `render` under translation.override).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from voc_portal.push.models import PushKind
from voc_portal.push.services import PushNotice


def thread_url(inquiry_id: int) -> str:
    """The thread in the Developer Center app (/app/), which a tapped notification opens."""
    return f"/app/#/inquiries/{inquiry_id}"


def _payload(inquiry_id: int, title: str, body: str) -> dict:
    # One tag per thread: a newer notification about it replaces the older one on the device.
    return {
        "title": title,
        "body": body,
        "url": thread_url(inquiry_id),
        "tag": f"inquiry-{inquiry_id}",
    }


def _number(inquiry_id: int) -> str:
    return f"{inquiry_id:06d}"  # Inquiry.number


def created_notice(*, inquiry) -> PushNotice:
    pk, app, subject = inquiry.pk, inquiry.app.title, inquiry.subject

    def render() -> dict:
        # Translators: push notification title; app name, inquiry number.
        title = _("[%(app)s] New inquiry #%(no)s") % {"app": app, "no": _number(pk)}
        return _payload(pk, title, subject)

    return PushNotice(
        kind=PushKind.INQUIRY_CREATED,
        key=f"inquiry-created:{pk}",
        account_id=inquiry.account_id,
        app_id=inquiry.app_id,
        render=render,
    )


def reminder_notice(*, inquiry, hours: str) -> PushNotice:
    pk, app, subject = inquiry.pk, inquiry.app.title, inquiry.subject

    def render() -> dict:
        title = _("Inquiry #%(no)s is due in %(hours)s h") % {"no": _number(pk), "hours": hours}
        return _payload(pk, title, f"[{app}] {subject}")

    return PushNotice(
        kind=PushKind.REMINDER,
        key=f"inquiry-reminder:{pk}:{inquiry.clock}:{hours}",
        account_id=inquiry.account_id,
        app_id=inquiry.app_id,
        render=render,
    )


def escalated_notice(*, row: dict, app_title: str) -> PushNotice:
    """`row`: one inquiry as the escalation sweep claimed it (id, clock, account_id, subject…)."""
    pk, subject = row["id"], row["subject"]

    def render() -> dict:
        title = _("Inquiry #%(no)s was escalated to store operations") % {"no": _number(pk)}
        return _payload(pk, title, f"[{app_title}] {subject}")

    return PushNotice(
        kind=PushKind.ESCALATED,
        key=f"inquiry-escalated:{pk}:{row['clock']}",
        account_id=row["account_id"],
        app_id=row["app_id"],
        render=render,
    )


def assigned_notice(*, inquiry, assignee, by, event_id: int) -> PushNotice:
    """To the new assignee only (`assignee`: their Membership); `by` is None for round-robin."""
    pk, app, subject = inquiry.pk, inquiry.app.title, inquiry.subject
    by_name = by.get_full_name() if by is not None else ""

    def render() -> dict:
        title = _("[%(app)s] Assigned to you: #%(no)s %(subject)s") % {
            "app": app,
            "no": _number(pk),
            "subject": subject,
        }
        if by_name:
            # Translators: push notification body; who assigned the inquiry.
            body = _("Assigned by %(name)s.") % {"name": by_name}
        else:
            body = _("Inquiry #%(no)s was assigned to you in turn.") % {"no": _number(pk)}
        return _payload(pk, title, body)

    return PushNotice(
        kind=PushKind.ASSIGNED,
        key=f"inquiry-assigned:{event_id}",
        account_id=inquiry.account_id,
        membership_ids=frozenset({assignee.pk}),
        render=render,
    )
