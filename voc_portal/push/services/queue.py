"""Writing push rows in the caller's transaction, one per (event, subscribed device).

Set-based: a sweep that reminds about 2,000 inquiries calls `push_notify_many` once, which reads
the subscriptions of every account involved in one query (and the opt-outs and app access of
those members in at most two more), and writes the rows with one INSERT per chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation

from voc_portal.catalog.models import AppAccess

from .. import dispatch
from ..models import PushKind, PushMessage, PushOptOut, PushSubscription

# What a push says: {"title", "body", "url", "tag"} (docs/push.md). Bodies are cut to this many
# characters: a push payload may be at most 4,096 bytes after encryption (RFC 8291 §4).
BODY_MAX = 180
QUEUE_CHUNK = 1000


@dataclass(frozen=True)
class PushNotice:
    """One event to push to the members of one developer account.

    `render` builds the payload; it is called once per language, inside
    `translation.override(language)`, so it uses gettext like an email template does.
    `key` names the event ("inquiry-reminder:12:1:24"); each device gets it once.
    """

    kind: PushKind
    key: str
    account_id: int
    render: Callable[[], dict]
    # Only members who can see this app (None: not about one app).
    app_id: int | None = None
    # Only these memberships (None: every member of the account).
    membership_ids: frozenset[int] | None = None
    # Not the member who caused it (their own action needs no push).
    exclude_user_id: int | None = None


@dataclass(frozen=True)
class _Device:
    subscription_id: int
    membership_id: int
    account_id: int
    all_apps: bool
    user_id: int
    language: str


def _devices(notices: Sequence[PushNotice]) -> list[_Device]:
    rows = PushSubscription.objects.filter(
        membership__account_id__in={n.account_id for n in notices},
        membership__user__is_active=True,
    ).values_list(
        "pk",
        "membership_id",
        "membership__account_id",
        "membership__all_apps",
        "membership__user_id",
        "membership__user__language",
    )
    return [_Device(*row) for row in rows.order_by("pk")]


def _opted_out(devices: list[_Device], kinds: set[str]) -> set[tuple[int, str]]:
    return set(
        PushOptOut.objects.filter(
            membership_id__in={d.membership_id for d in devices}, kind__in=kinds
        ).values_list("membership_id", "kind")
    )


def _app_access(devices: list[_Device], notices: Sequence[PushNotice]) -> set[tuple[int, int]]:
    restricted = {d.membership_id for d in devices if not d.all_apps}
    app_ids = {n.app_id for n in notices if n.app_id is not None}
    if not restricted or not app_ids:
        return set()
    return set(
        AppAccess.objects.filter(membership_id__in=restricted, app_id__in=app_ids).values_list(
            "membership_id", "app_id"
        )
    )


def _wants(device: _Device, notice: PushNotice, off, access) -> bool:
    if device.account_id != notice.account_id or (device.membership_id, notice.kind) in off:
        return False
    if notice.membership_ids is not None and device.membership_id not in notice.membership_ids:
        return False
    if notice.exclude_user_id is not None and device.user_id == notice.exclude_user_id:
        return False
    return (
        notice.app_id is None or device.all_apps or (device.membership_id, notice.app_id) in access
    )


def _payload(notice: PushNotice, language: str, cache: dict) -> dict:
    key = (notice.key, language)
    if key not in cache:
        with translation.override(language):
            payload = dict(notice.render())
        body = payload.get("body", "")
        if len(body) > BODY_MAX:
            payload["body"] = body[: BODY_MAX - 1] + "…"
        cache[key] = payload
    return cache[key]


def push_notify_many(*, notices: Sequence[PushNotice]) -> int:
    """Queue each notice for every subscribed device of its members who want that kind.

    In the caller's transaction: a rollback leaves no row. The dedupe key
    `<notice.key>:<subscription id>` makes a repeated event (a re-run sweep, a retried request)
    store nothing new. New rows are handed to workers after commit. Returns how many rows of
    these notices wait for their first send.
    """
    if not notices:
        return 0
    devices = _devices(notices)
    if not devices:
        return 0
    off = _opted_out(devices, {n.kind for n in notices})
    access = _app_access(devices, notices)
    texts: dict = {}
    rows: dict[str, PushMessage] = {}
    for notice in notices:
        for device in devices:
            if not _wants(device, notice, off, access):
                continue
            key = f"{notice.key}:{device.subscription_id}"
            rows.setdefault(
                key,
                PushMessage(
                    dedupe_key=key,
                    subscription_id=device.subscription_id,
                    kind=notice.kind,
                    payload=_payload(notice, device.language, texts),
                ),
            )
    return _insert(list(rows.values()))


def push_notify(*, notice: PushNotice) -> int:
    return push_notify_many(notices=[notice])


def _insert(rows: list[PushMessage]) -> int:
    """INSERT … ON CONFLICT DO NOTHING; then the ids of the rows this call added.

    bulk_create(ignore_conflicts=True) returns no ids, so the new rows are read back by key:
    a key stored earlier is no longer queued-and-untried, or it is and a second send task for it
    is harmless (the claim lets one through).
    """
    if not rows:
        return 0
    keys = [r.dedupe_key for r in rows]
    PushMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=QUEUE_CHUNK)
    new_ids = list(
        PushMessage.objects.filter(
            dedupe_key__in=keys, status=PushMessage.Status.QUEUED, attempts=0
        ).values_list("pk", flat=True)
    )
    if new_ids:
        transaction.on_commit(lambda: dispatch.enqueue_send_many(new_ids))
    return len(new_ids)
