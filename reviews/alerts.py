"""Review alerts by email, for members who opted in (Membership.notify_reviews):

- a new review of LOW_RATING stars or fewer (queued in the review's transaction);
- the app's average rating dropping by DROP or more within a week: a daily beat sweep
  (`rating_drop_sweep`) writes each app's figures as a snapshot and compares today's average
  with the highest of the last 7 days' snapshots; one alert per app per ISO week (the outbox
  dedupe key), however often the sweep runs.

Only members who may see the app (catalog: all apps, or the app listed for them) are told.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from voc_portal.accounts.models import Membership
from voc_portal.catalog.models import App
from voc_portal.mail.services import EmailSpec, outbound_email_queue_many

from .models import AppRatingSnapshot
from .pushes import LOW_RATING

# PRODUCT: a fall of 0.3 stars within a week is worth telling the team.
DROP = 0.3
WINDOW_DAYS = 7


def _recipients(app: App) -> list[Membership]:
    return list(
        Membership.objects.filter(
            account_id=app.account_id, notify_reviews=True, user__is_active=True
        )
        .filter(Q(all_apps=True) | Q(app_access__app_id=app.pk))
        .select_related("user", "account")
        .distinct()
        .order_by("pk")
    )


def _console_url(app: App, review_id: int | None = None) -> str:
    url = settings.SITE_URL.rstrip("/") + reverse("reviews:console") + f"?app={app.pk}"
    return url + (f"#review-{review_id}" if review_id else "")


def low_review_alert_queue(*, review, app: App) -> int:
    """In review_create's transaction: the opted-in members hear of a review of 1-2 stars."""
    if review.rating > LOW_RATING:
        return 0
    stamp = int(review.created_at.timestamp())
    context = {
        "app_title": app.title,
        "review_rating": review.rating,
        "review_body": review.body,
        "review_url": _console_url(app, review.pk),
    }
    specs = [
        _member_spec(m, kind="review_low", key=f"review-low:{review.pk}:{stamp}", context=context)
        for m in _recipients(app)
    ]
    return outbound_email_queue_many(specs=specs)


def _member_spec(member: Membership, *, kind: str, key: str, context: dict) -> EmailSpec:
    """One alert to one member, in their language; `key` + the user makes the dedupe key."""
    return EmailSpec(
        kind=kind,
        template=kind,
        to_email=member.user.email,
        to_user_id=member.user_id,
        language=member.user.language,
        dedupe_key=f"{key}:{member.user_id}",
        context={
            "audience": "member",
            "recipient_name": member.user.get_short_name(),
            "account_name": member.account.name,
            **context,
        },
    )


_SNAPSHOT_SQL = """
INSERT INTO reviews_appratingsnapshot (app_id, day, count, sum)
SELECT app_id, %(day)s, count, sum FROM reviews_apprating
ON CONFLICT (app_id, day) DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum
"""

# Per app: today's average and the highest daily average of the 7 days before (apps with
# reviews on both sides only).
_DROPS_SQL = """
SELECT now_.app_id, now_.sum::float / now_.count AS avg_now,
       MAX(s.sum::float / s.count) AS avg_before
FROM reviews_appratingsnapshot AS now_
JOIN reviews_appratingsnapshot AS s
  ON s.app_id = now_.app_id AND s.day >= %(since)s AND s.day < %(day)s AND s.count > 0
WHERE now_.day = %(day)s AND now_.count > 0
GROUP BY now_.app_id, now_.sum, now_.count
HAVING MAX(s.sum::float / s.count) - now_.sum::float / now_.count >= %(drop)s - 1e-9
"""


def rating_drop_sweep(*, now: datetime | None = None) -> int:
    """Snapshot every app's figures for today, then alert on apps whose average fell by DROP
    within WINDOW_DAYS. Safe to run often and concurrently. Returns the alerts queued."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_SNAPSHOT_SQL, {"day": day})
            cursor.execute(
                _DROPS_SQL,
                {"day": day, "since": day - timedelta(days=WINDOW_DAYS), "drop": DROP},
            )
            drops = {app_id: (before, after) for app_id, after, before in cursor.fetchall()}
        if not drops:
            return 0
        apps = App.objects.select_related("account").in_bulk(list(drops))
        specs = [
            _drop_spec(app=apps[app_id], member=m, before=before, after=after, day=day)
            for app_id, (before, after) in sorted(drops.items())
            for m in _recipients(apps[app_id])
        ]
        return outbound_email_queue_many(specs=specs)


def _drop_spec(*, app: App, member: Membership, before: float, after: float, day: date):
    year, week, _ = day.isocalendar()
    return _member_spec(
        member,
        kind="review_rating_drop",
        key=f"rating-drop:{app.pk}:{year}-W{week:02d}",
        context={
            "app_title": app.title,
            "average_before": f"{before:.1f}",
            "average_now": f"{after:.1f}",
            "days": WINDOW_DAYS,
            "console_url": _console_url(app),
        },
    )


def rating_snapshots_purge(*, keep_days: int = 35) -> int:
    cutoff = timezone.localdate() - timedelta(days=keep_days)
    return AppRatingSnapshot.objects.filter(day__lt=cutoff).delete()[0]
