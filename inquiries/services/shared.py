"""What every inquiry service does: lock the row, write an event row, start the clock, check the
member, and keep the caller's instance in step with what was saved."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from voc_portal.accounts.access import membership_require, role_require
from voc_portal.accounts.models import Membership, User
from voc_portal.accounts.roles import Action
from voc_portal.catalog.selectors import app_visible_to
from voc_portal.core.errors import InvalidTransition, NotFound

from ..models import Inquiry, InquiryEvent, Status


@contextmanager
def atomic_with_files() -> Iterator[list]:
    """A transaction that also removes the files it stored when it fails (no orphan uploads)."""
    stored: list = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def inquiry_lock(inquiry: Inquiry) -> Inquiry:
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("app", "customer__user", "account")
        .get(pk=inquiry.pk)
    )


def instance_sync(target: Inquiry, source: Inquiry, fields: Iterable[str]) -> None:
    """Let the caller's instance see what was saved (no extra query)."""
    for name in fields:
        setattr(target, name, getattr(source, name))


def event_write(
    inquiry: Inquiry,
    kind: str,
    *,
    actor: User | None,
    now: datetime,
    from_state: str = "",
    to_state: str = "",
    **data,
) -> InquiryEvent:
    """One InquiryEvent on the current clock; a transition names its states (core.models.Event)."""
    return InquiryEvent.objects.create(
        inquiry=inquiry,
        kind=kind,
        clock=inquiry.clock,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        created_at=now,
        data=data,
    )


def transition_check(inquiry: Inquiry, to: str) -> None:
    if not inquiry.can_transition(to):
        raise InvalidTransition(
            _("This inquiry is %(state)s; that change is not possible.")
            % {"state": inquiry.get_status_display()}
        )


def clock_start(inquiry: Inquiry, now: datetime, *, new: bool) -> None:
    if new:
        inquiry.clock += 1
    inquiry.status = Status.AWAITING_DEVELOPER
    inquiry.awaiting_since = now
    inquiry.due_at = now + settings.VOC_ANSWER_DEADLINE
    inquiry.escalated_at = None
    inquiry.closed_at = None


def member_require(inquiry: Inquiry, user: User, action: Action | None) -> Membership:
    """The acting member, allowed `action` by their role and able to see the inquiry's app (an
    app they were not given is a 404, like a foreign inquiry)."""
    try:
        membership = membership_require(account_id=inquiry.account_id, user=user, action=None)
    except NotFound as exc:
        raise NotFound(_("No such inquiry.")) from exc
    if not app_visible_to(membership, inquiry.app_id):
        raise NotFound(_("No such inquiry."))
    if action is not None:
        role_require(membership, action)
    return membership
