"""What a list tells saved views about itself (registered from the list app's ready())."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError


@dataclass(frozen=True)
class ViewKind:
    name: str  # "inbox", "reviews"
    url_name: str  # the list page, e.g. "inquiries:inbox"
    # clean(account, QueryDict) -> the canonical query string; raises DomainError when the
    # list's filter form refuses it (the same form that validates the list's filters).
    clean: Callable[..., str]
    # count(account, [query, ...]) -> [n, ...] in one query.
    count: Callable[..., list[int]]


_KINDS: dict[str, ViewKind] = {}


def view_kind_register(kind: ViewKind) -> None:
    _KINDS[kind.name] = kind


def view_kind_get(name: str | None) -> ViewKind:
    try:
        return _KINDS[name or ""]
    except KeyError:
        raise DomainError(
            _("Unknown list. Choose one of: %(names)s.") % {"names": ", ".join(sorted(_KINDS))},
            code="saved_view_kind_unknown",
            field="kind",
        ) from None


def view_kind_names() -> list[str]:
    return sorted(_KINDS)
