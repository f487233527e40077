"""Bulk actions on the review console: assign to me, and apply one reply template to many
reviews. Each reply is
filled in for its review and published through review_reply_publish, so each one still passes
the privacy guard (a refused one is skipped with the guard's reason)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voc_portal.accounts.models import DeveloperAccount, User
from voc_portal.catalog.assignment import assign_to_me_bulk_action
from voc_portal.core.bulk import (
    PK_MAX,
    BulkAction,
    BulkRegistry,
    BulkResult,
    bulk_ids_clean,
    bulk_run,
)
from voc_portal.core.errors import Conflict, DomainError, NotFound

from ..models import Review, ReviewReplyTemplate, render_reply_template
from .assignment import review_assign
from .replies import review_reply_publish

REVIEW_BULK_ACTIONS = BulkRegistry()


def _apply_template(*, item: Review, actor: User, template: ReviewReplyTemplate, account) -> None:
    # A template never overwrites a reply someone wrote: those reviews are skipped.
    if item.official_reply is not None:
        raise Conflict(_("already replied"), code="already_replied")
    body = render_reply_template(template.body, customer=item.customer, app=item.app.title)
    review_reply_publish(review=item, account=account, author=actor, body=body)


REVIEW_BULK_ACTIONS.register(
    BulkAction(
        name="apply_template",
        label=gettext_lazy("Reply with a template"),
        done=gettext_lazy("replied"),
        run=_apply_template,
        params=("template", "account"),
    )
)


REVIEW_BULK_ACTIONS.register(
    assign_to_me_bulk_action(
        assign=lambda membership, item, assignee: review_assign(
            membership=membership, review=item, assignee=assignee
        ),
        account_id=lambda item: item.app.account_id,
    )
)


def _template_get(account: DeveloperAccount, pk) -> ReviewReplyTemplate:
    if pk in (None, ""):
        raise DomainError(_("Choose a reply template."), code="template_required", field="template")
    try:
        pk = int(pk)
        if not 0 < pk <= PK_MAX:
            raise ValueError(pk)
        return ReviewReplyTemplate.objects.get(account=account, pk=pk)
    except (ReviewReplyTemplate.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such template."), field="template") from None


def review_bulk_apply(
    *, account: DeveloperAccount, actor: User, action: str, ids, params: dict | None = None
) -> BulkResult:
    """Run one registered action over the account's (not deleted) reviews among `ids`."""
    chosen = REVIEW_BULK_ACTIONS.get(action)
    clean = bulk_ids_clean(ids)
    params = dict(params or {})
    resolved: dict = {}
    if "template" in chosen.params:
        resolved["template"] = _template_get(account, params.get("template"))
    if "account" in chosen.params:
        resolved["account"] = account
    items = (
        Review.objects.not_deleted()
        .filter(app__account=account, pk__in=clean)
        .select_related("app", "customer__user", "reply")
        .in_bulk()
    )
    return bulk_run(action=chosen, ids=clean, items=items, actor=actor, params=resolved)
