"""Reads of saved views, scoped to the member's account: your own and the shared ones."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from voc_portal.accounts.models import DeveloperAccount, User

from .kinds import view_kind_get
from .models import SavedView


def _visible(account: DeveloperAccount, user: User) -> QuerySet[SavedView]:
    return SavedView.objects.filter(account=account).filter(Q(owner_id=user.pk) | Q(shared=True))


def saved_view_get_for_member(*, account: DeveloperAccount, user: User, pk) -> SavedView:
    """One of the views `user` sees in `account`; another's personal view is a 404 too."""
    try:
        return _visible(account, user).get(pk=pk)
    except (SavedView.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such view.") from exc


def saved_view_list(
    *, account: DeveloperAccount, user: User, kind: str, manages_shared: bool = False
) -> list[SavedView]:
    """The views of one list with `count` (how many items each matches now) and `url`: two
    queries whatever the number of views (the views, then one aggregate for all counts)."""
    view_kind = view_kind_get(kind)
    views = list(_visible(account, user).filter(kind=kind).select_related("owner"))
    counts = view_kind.count(account, [v.query for v in views]) if views else []
    base = reverse(view_kind.url_name)
    for view, count in zip(views, counts, strict=True):
        view.count = count
        view.url = base + (f"?{view.query}" if view.query else "")
        view.is_own = view.owner_id == user.pk
        view.can_manage = view.is_own or (view.shared and manages_shared)
    return views
