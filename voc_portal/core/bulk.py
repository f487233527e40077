"""Bulk actions: a small registry per list, one transaction per batch, one clear result.

Each action calls the same service as the single action (so permission checks, row locks and
event rows are the service's, unchanged). The batch runs in one transaction; each service's own
`atomic()` becomes a savepoint, so an item the service refuses (a DomainError) is rolled back
alone and reported as skipped with the service's reason, and the rest of the batch still lands.
Ids outside the member's account are "not found", exactly like ids that do not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import DomainError

BULK_MAX = 200  # ids per request: one page of any list, with room to spare
PK_MAX = 2**63 - 1  # a larger number is no id (and PostgreSQL would refuse to compare it)


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str  # a lazy translation, shown in the bulk bar
    done: str  # the past participle in the summary: "closed", "reopened", "replied"
    run: Callable[..., object]  # run(item=..., actor=..., **params); raise DomainError to skip
    params: tuple[str, ...] = ()  # extra inputs the action needs (e.g. "template")


class BulkRegistry:
    """The actions one list offers; another app adds its own with `register`."""

    def __init__(self) -> None:
        self._actions: dict[str, BulkAction] = {}

    def register(self, action: BulkAction) -> BulkAction:
        self._actions[action.name] = action
        return action

    def get(self, name: str | None) -> BulkAction:
        try:
            return self._actions[name or ""]
        except KeyError as exc:
            raise DomainError(
                _("Unknown bulk action. Choose one of: %(names)s.")
                % {"names": ", ".join(self._actions)},
                code="bulk_action_unknown",
                field="action",
            ) from exc

    def __iter__(self):
        return iter(self._actions.values())


@dataclass
class BulkResult:
    action: str
    done_word: str
    done: list[int] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reason -> ids

    def skip(self, reason: str, pk) -> None:
        self.skipped.setdefault(reason, []).append(pk)

    @property
    def skipped_count(self) -> int:
        return sum(len(ids) for ids in self.skipped.values())

    def summary(self) -> str:
        """e.g. "12 closed, 1 skipped: already closed"."""
        text = _("%(n)d %(done)s") % {"n": len(self.done), "done": self.done_word}
        if self.skipped:
            reasons = "; ".join(
                f"{reason} ({len(ids)})" if len(self.skipped) > 1 else reason
                for reason, ids in self.skipped.items()
            )
            text += _(", %(n)d skipped: %(reasons)s") % {
                "n": self.skipped_count,
                "reasons": reasons,
            }
        return text


def bulk_ids_clean(raw: Iterable) -> list[int]:
    """Distinct positive integer ids in the order given; anything else is a 400."""
    ids: list[int] = []
    for value in raw:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise DomainError(
                _("Ids must be whole numbers."), code="bulk_ids_invalid", field="ids"
            ) from None
        if pk > PK_MAX:
            raise DomainError(_("Ids must be whole numbers."), code="bulk_ids_invalid", field="ids")
        if pk > 0 and pk not in ids:
            ids.append(pk)
    if not ids:
        raise DomainError(_("Select at least one item."), code="bulk_ids_empty", field="ids")
    if len(ids) > BULK_MAX:
        raise DomainError(
            _("At most %(n)d items at a time.") % {"n": BULK_MAX},
            code="bulk_ids_too_many",
            field="ids",
        )
    return ids


def bulk_run(
    *, action: BulkAction, ids: list[int], items: dict[int, object], actor, params: dict
) -> BulkResult:
    """Run `action` over `items` (already loaded and scoped to the member's account, one query)
    in the order of `ids`, inside one transaction."""
    result = BulkResult(action=action.name, done_word=str(action.done))
    not_found = _("not found")
    with transaction.atomic():
        for pk in ids:
            item = items.get(pk)
            if item is None:
                result.skip(not_found, pk)
                continue
            try:
                action.run(item=item, actor=actor, **params)
            except DomainError as exc:
                result.skip(exc.message, pk)
            else:
                result.done.append(pk)
    return result
