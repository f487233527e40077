"""Push notifications about inquiries: what each says (voc_portal.push queues and sends them).

Like emails.py, this builds messages and never decides when: the services and sweeps that write
the event call push_notify_many with these notices, in the same transaction. Each text is
rendered in the member's language (the push app calls `render` under translation.override).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from voc_portal.push.models import PushKind
from voc_portal.push.services import PushNotice


def thread_url(inquiry_id: int) -> str:
    """The thread in the Developer Center app (/app/), which a tapped notification opens."""
    return f"/app/#/inquiries/{inquiry_id}"


def _number(inquiry_id: int) -> str:
    return f"{inquiry_id:06d}"  # Inquiry.number


def _thread_notice(
    *,
    kind: PushKind,
    key: str,
    inquiry_id: int,
    account_id: int,
    text: Callable[[], tuple[str, str]],
    app_id: int | None = None,
    membership_ids: frozenset[int] | None = None,
) -> PushNotice:
    """A notice that opens the thread; `text()` gives (title, body) in the active language."""

    def render() -> dict:
        title, body = text()
        # One tag per thread: a newer notification about it replaces the older one on the device.
        return {
            "title": title,
            "body": body,
            "url": thread_url(inquiry_id),
            "tag": f"inquiry-{inquiry_id}",
        }

    return PushNotice(
        kind=kind,
        key=key,
        account_id=account_id,
        app_id=app_id,
        membership_ids=membership_ids,
        render=render,
    )


def created_notice(*, inquiry) -> PushNotice:
    no, app, subject = _number(inquiry.pk), inquiry.app.title, inquiry.subject
    return _thread_notice(
        kind=PushKind.INQUIRY_CREATED,
        key=f"inquiry-created:{inquiry.pk}",
        inquiry_id=inquiry.pk,
        account_id=inquiry.account_id,
        app_id=inquiry.app_id,
        # Translators: push notification title; app name, inquiry number.
        text=lambda: (_("[%(app)s] New inquiry #%(no)s") % {"app": app, "no": no}, subject),
    )


def reminder_notice(*, inquiry, hours: str) -> PushNotice:
    no, body = _number(inquiry.pk), f"[{inquiry.app.title}] {inquiry.subject}"
    return _thread_notice(
        kind=PushKind.REMINDER,
        key=f"inquiry-reminder:{inquiry.pk}:{inquiry.clock}:{hours}",
        inquiry_id=inquiry.pk,
        account_id=inquiry.account_id,
        app_id=inquiry.app_id,
        text=lambda: (
            _("Inquiry #%(no)s is due in %(hours)s h") % {"no": no, "hours": hours},
            body,
        ),
    )


def escalated_notice(*, row: dict, app_title: str) -> PushNotice:
    """`row`: one inquiry as the escalation sweep claimed it (id, clock, account_id, subject…)."""
    no, body = _number(row["id"]), f"[{app_title}] {row['subject']}"
    return _thread_notice(
        kind=PushKind.ESCALATED,
        key=f"inquiry-escalated:{row['id']}:{row['clock']}",
        inquiry_id=row["id"],
        account_id=row["account_id"],
        app_id=row["app_id"],
        text=lambda: (_("Inquiry #%(no)s was escalated to store operations") % {"no": no}, body),
    )


def assigned_notice(*, inquiry, assignee, by, event_id: int) -> PushNotice:
    """To the new assignee only (`assignee`: their Membership); `by` is None for round-robin."""
    no, app, subject = _number(inquiry.pk), inquiry.app.title, inquiry.subject
    by_name = by.get_full_name() if by is not None else ""

    def text() -> tuple[str, str]:
        values = {"app": app, "no": no, "subject": subject}
        title = _("[%(app)s] Assigned to you: #%(no)s %(subject)s") % values
        if by_name:
            # Translators: push notification body; who assigned the inquiry.
            return title, _("Assigned by %(name)s.") % {"name": by_name}
        return title, _("Inquiry #%(no)s was assigned to you in turn.") % {"no": no}

    return _thread_notice(
        kind=PushKind.ASSIGNED,
        key=f"inquiry-assigned:{event_id}",
        inquiry_id=inquiry.pk,
        account_id=inquiry.account_id,
        membership_ids=frozenset({assignee.pk}),
        text=text,
    )
