"""Every write to saved views: one transaction, the row locked, an event row."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voc_portal.accounts.models import DeveloperAccount, Membership, User
from voc_portal.accounts.roles import Action, role_allows
from voc_portal.core.errors import Conflict, DomainError, NotFound, PermissionDenied

from .kinds import view_kind_get
from .models import NAME_MAX, QUERY_MAX, SavedView, SavedViewEvent


def _name_clean(name: str) -> str:
    name = " ".join((name or "").replace("\x00", "").split())
    if not name:
        raise DomainError(_("Give the view a name."), code="saved_view_name_required", field="name")
    if len(name) > NAME_MAX:
        raise DomainError(
            _("At most %(n)d characters.") % {"n": NAME_MAX},
            code="saved_view_name_too_long",
            field="name",
        )
    return name


def saved_view_may_manage(*, view: SavedView, user: User) -> bool:
    """Your own views; a shared one also by the members whose role may (accounts.roles)."""
    if view.owner_id == user.pk:
        return True
    if not view.shared:
        return False
    role = (
        Membership.objects.filter(account_id=view.account_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return role is not None and role_allows(role, Action.SHARED_VIEW_MANAGE)


def _event(view: SavedView, kind: str, actor: User, **data) -> None:
    SavedViewEvent.objects.create(
        account_id=view.account_id, view=view, kind=kind, actor=actor, data=data
    )


def _save(view: SavedView, fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            view.save(update_fields=fields)
    except IntegrityError:
        raise Conflict(
            _("You already have a view with this name."), code="saved_view_name_taken", field="name"
        ) from None


def saved_view_create(
    *, account: DeveloperAccount, user: User, kind: str, name: str, query, shared: bool = False
) -> SavedView:
    """Save the list's current filters (`query`: a QueryDict, cleaned by the list's own form)."""
    view_kind = view_kind_get(kind)
    if not Membership.objects.filter(account=account, user_id=user.pk).exists():
        raise NotFound(_("No such account."))
    canonical = view_kind.clean(account, query)
    if len(canonical) > QUERY_MAX:
        raise DomainError(_("These filters are too long to save."), code="saved_view_query_long")
    view = SavedView(
        account=account, owner=user, kind=kind, name=_name_clean(name), query=canonical
    )
    view.shared = bool(shared)
    with transaction.atomic():
        _save(view)
        _event(view, SavedViewEvent.Kind.CREATED, user, name=view.name, shared=view.shared)
    return view


def _lock_managed(view: SavedView, user: User) -> SavedView:
    try:
        locked = SavedView.objects.select_for_update().get(pk=view.pk)
    except SavedView.DoesNotExist:
        raise NotFound(_("No such view.")) from None
    if not saved_view_may_manage(view=locked, user=user):
        raise PermissionDenied(
            _("Only its owner, or an account owner for a shared view, may change this view.")
        )
    return locked


def saved_view_rename(*, view: SavedView, user: User, name: str) -> SavedView:
    name = _name_clean(name)
    with transaction.atomic():
        locked = _lock_managed(view, user)
        old = locked.name
        locked.name, locked.updated_at = name, timezone.now()
        _save(locked, ["name", "updated_at"])
        _event(locked, SavedViewEvent.Kind.RENAMED, user, old=old, new=name)
    view.name, view.updated_at = locked.name, locked.updated_at
    return view


def saved_view_delete(*, view: SavedView, user: User) -> None:
    with transaction.atomic():
        locked = _lock_managed(view, user)
        _event(locked, SavedViewEvent.Kind.DELETED, user, name=locked.name)
        locked.delete()
