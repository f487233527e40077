"""Bulk actions on the inbox: the registry (close, reopen, assign to me) and the one entry
point the web and the API call."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.catalog.assignment import assign_to_me_bulk_action
from voc_portal.core.bulk import BulkAction, BulkRegistry, BulkResult, bulk_ids_clean, bulk_run
from voc_portal.core.errors import Conflict

from ..models import Inquiry, Status
from .assignment import inquiry_assign
from .transitions import inquiry_close, inquiry_reopen

INQUIRY_BULK_ACTIONS = BulkRegistry()


def _close(*, item: Inquiry, actor: User) -> None:
    # Checked on the row already loaded (no query); the service re-checks under its lock.
    if item.status == Status.CLOSED:
        raise Conflict(_("already closed"), code="already_closed")
    inquiry_close(inquiry=item, actor=actor)


def _reopen(*, item: Inquiry, actor: User) -> None:
    if item.status != Status.CLOSED:
        raise Conflict(_("not closed"), code="not_closed")
    inquiry_reopen(inquiry=item, actor=actor)


INQUIRY_BULK_ACTIONS.register(
    BulkAction(name="close", label=gettext_lazy("Close"), done=gettext_lazy("closed"), run=_close)
)
INQUIRY_BULK_ACTIONS.register(
    BulkAction(
        name="reopen", label=gettext_lazy("Reopen"), done=gettext_lazy("reopened"), run=_reopen
    )
)
INQUIRY_BULK_ACTIONS.register(
    assign_to_me_bulk_action(
        assign=lambda membership, item, assignee: inquiry_assign(
            membership=membership, inquiry=item, assignee=assignee
        ),
        account_id=lambda item: item.account_id,
    )
)


def inquiry_bulk_apply(
    *, account: DeveloperAccount, actor: User, action: str, ids, params: dict | None = None
) -> BulkResult:
    """Run one registered action over the account's inquiries among `ids` (one query loads
    them; others are "not found"), in one transaction."""
    chosen = INQUIRY_BULK_ACTIONS.get(action)
    clean = bulk_ids_clean(ids)
    items = (
        Inquiry.objects.filter(account=account, pk__in=clean)
        .defer("search_text", "search_vector")
        .in_bulk()
    )
    params = {name: (params or {}).get(name) for name in chosen.params}
    return bulk_run(action=chosen, ids=clean, items=items, actor=actor, params=params)
