"""The collision guard's version: the id of the thread's latest developer reply (0: none).

A reply posted with the version its page (or the API client) last saw is held when a teammate
replied since: the web shows "Alex replied 2 min ago — send anyway / review", the API answers
412 with who replied. A customer's follow-up or an internal note does not change the version:
they are no reason to hold an answer.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from voc_portal.accounts.models import User
from voc_portal.core.errors import PreconditionFailed

from ..models import Inquiry, Message

STALE_REPLY = "stale_thread"


def _replies(inquiry: Inquiry):
    return Message.objects.filter(
        inquiry_id=inquiry.pk, author_kind=Message.Author.DEVELOPER, is_internal=False
    )


def thread_version(inquiry: Inquiry) -> int:
    latest = _replies(inquiry).order_by("-pk").values_list("pk", flat=True).first()
    return latest or 0


def thread_version_of(messages) -> int:
    """The same version from a thread already read (no query), e.g. the thread page's."""
    return max(
        (m.pk for m in messages if m.author_kind == Message.Author.DEVELOPER and not m.is_internal),
        default=0,
    )


def inquiry_etag(inquiry: Inquiry, version: int | None = None) -> str:
    """Readable on purpose: If-Match carries the version back, so a 412 can say who replied."""
    version = thread_version(inquiry) if version is None else version
    return f'"inquiry-{inquiry.pk}-v{version}"'


def version_from_etag(inquiry: Inquiry, header: str | None) -> int | None:
    """The version an If-Match names; None without a header or for `*` (any version).

    A tag that is not one of this inquiry's names version -1: always stale.
    """
    if header is None or not header.strip():
        return None
    values = [value.strip().removeprefix("W/") for value in header.split(",") if value.strip()]
    if "*" in values:
        return None
    prefix = f'"inquiry-{inquiry.pk}-v'
    for value in values:
        if value.startswith(prefix) and value.endswith('"') and value[len(prefix) : -1].isdigit():
            return int(value[len(prefix) : -1])
    return -1


def stale_reply_check(locked: Inquiry, *, author: User, seen_version: int | None) -> None:
    """Under the row lock: hold the reply when someone else replied after `seen_version`."""
    if seen_version is None:
        return
    newer = (
        _replies(locked)
        .filter(pk__gt=seen_version)
        .exclude(author_id=author.pk)
        .select_related("author")
        .order_by("-pk")
        .first()
    )
    if newer is None and seen_version >= 0:
        return
    if newer is None:  # an unreadable tag: held, but nobody to name
        raise PreconditionFailed(
            _("This conversation changed since you read it. Reload and retry."),
            code=STALE_REPLY,
            details={"version": thread_version(locked)},
        )
    name = newer.author.get_full_name() if newer.author else _("A teammate")
    raise PreconditionFailed(
        _("%(name)s replied %(ago)s ago.")
        % {"name": name, "ago": timesince(newer.created_at, timezone.now())},
        code=STALE_REPLY,
        details={
            "replied_by": name,
            "replied_at": newer.created_at.isoformat(),
            "version": thread_version(locked),
        },
    )
