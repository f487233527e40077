"""The rating aggregates (AppRating): moved with every review change, recounted on demand."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from voc_portal.catalog.models import App

from ..models import RATINGS, AppRating
from ..selectors import app_rating_recount


def rating_apply(*, app_id: int, remove: int | None = None, add: int | None = None) -> None:
    """Move one review's rating out of / into the app's aggregate, inside the caller's atomic."""
    if remove == add:
        return
    AppRating.objects.bulk_create([AppRating(app_id=app_id)], ignore_conflicts=True)
    changes: dict = {"updated_at": timezone.now()}
    count_delta = sum_delta = 0
    star_delta = dict.fromkeys(RATINGS, 0)
    if remove is not None:
        count_delta -= 1
        sum_delta -= remove
        star_delta[remove] -= 1
    if add is not None:
        count_delta += 1
        sum_delta += add
        star_delta[add] += 1
    if count_delta:
        changes["count"] = F("count") + count_delta
    if sum_delta:
        changes["sum"] = F("sum") + sum_delta
    for star, delta in star_delta.items():
        if delta:
            changes[f"count_{star}"] = F(f"count_{star}") + delta
    AppRating.objects.filter(app_id=app_id).update(**changes)


def app_rating_recompute(*, app: App, fix: bool = True) -> dict[str, tuple[int, int]]:
    """Recount the app's figures from its reviews; returns the drift {field: (stored, actual)}.

    With fix=True the aggregate row is corrected in the same transaction, under a row lock.
    """
    with transaction.atomic():
        AppRating.objects.bulk_create([AppRating(app_id=app.pk)], ignore_conflicts=True)
        stored = AppRating.objects.select_for_update().get(app_id=app.pk)
        actual = app_rating_recount(app_id=app.pk)
        drift = {
            name: (getattr(stored, name), value)
            for name, value in actual.items()
            if getattr(stored, name) != value
        }
        if drift and fix:
            for name, value in actual.items():
                setattr(stored, name, value)
            stored.updated_at = timezone.now()
            stored.save()
    return drift
