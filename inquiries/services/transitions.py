"""A developer closes or reopens an inquiry (the reply and the customer's messages move the
status too: see messages.py). Every change goes through models.TRANSITIONS under the row lock."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.accounts.roles import Action
from voc_portal.core.errors import InvalidTransition

from ..models import Inquiry, InquiryEvent, Message, Status
from .shared import (
    clock_start,
    event_write,
    inquiry_lock,
    instance_sync,
    member_require,
    transition_check,
)

Author = Message.Author
Kind = InquiryEvent.Kind


def inquiry_close(*, inquiry: Inquiry, actor: User) -> Inquiry:
    """Close the conversation; a running clock ends. A later customer message reopens it."""
    member_require(inquiry, actor, Action.INQUIRY_CLOSE)
    with transaction.atomic():
        locked = inquiry_lock(inquiry)
        transition_check(locked, Status.CLOSED)
        now = timezone.now()
        was = locked.status
        locked.status = Status.CLOSED
        locked.awaiting_since = None
        locked.due_at = None
        locked.closed_at = now
        fields = ["status", "awaiting_since", "due_at", "closed_at"]
        locked.save(update_fields=fields)
        event_write(
            locked,
            Kind.CLOSED,
            actor=actor,
            now=now,
            from_state=was,
            to_state=Status.CLOSED,
            previous=was,
        )
    instance_sync(inquiry, locked, fields)
    return inquiry


def _answered_after_last_customer_message(inquiry: Inquiry) -> bool:
    last = (
        Message.objects.filter(inquiry=inquiry, is_internal=False)
        .exclude(author_kind=Author.SYSTEM)
        .order_by("-created_at", "-id")
        .values_list("author_kind", flat=True)
        .first()
    )
    return last is not None and last != Author.CUSTOMER


def inquiry_reopen(*, inquiry: Inquiry, actor: User) -> Inquiry:
    """A developer reopens a closed inquiry (see the package docstring for the state it gets)."""
    member_require(inquiry, actor, Action.INQUIRY_REOPEN)
    with transaction.atomic():
        locked = inquiry_lock(inquiry)
        if locked.status != Status.CLOSED:
            raise InvalidTransition(_("Only a closed inquiry can be reopened."))
        now = timezone.now()
        fields = ["status", "closed_at"]
        if _answered_after_last_customer_message(locked):
            transition_check(locked, Status.ANSWERED)
            locked.status = Status.ANSWERED
            locked.closed_at = None
        else:
            transition_check(locked, Status.AWAITING_DEVELOPER)
            clock_start(locked, now, new=True)
            fields += ["clock", "awaiting_since", "due_at", "escalated_at"]
        locked.save(update_fields=fields)
        event_write(
            locked,
            Kind.REOPENED,
            actor=actor,
            now=now,
            from_state=Status.CLOSED,
            to_state=locked.status,
            by="developer",
            state=locked.status,
        )
    instance_sync(inquiry, locked, fields)
    return inquiry
