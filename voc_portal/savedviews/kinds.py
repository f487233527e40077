"""What a list tells saved views about itself (registered from the list app's ready())."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
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


def filter_form_bind(form_class, fields: tuple[str, ...], query, **kwargs):
    """The list's own filter form, bound to the saved query's `fields` only (cursor etc. go)."""
    if isinstance(query, str):
        query = QueryDict(query)
    data = QueryDict(mutable=True)
    for name in fields:
        if name in query:
            data.setlist(name, query.getlist(name))
    return form_class(data, **kwargs)


def filter_form_require_valid(form) -> None:
    """A saved query the list's form refuses is a 400 naming each field's error."""
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        raise DomainError(
            _("These filters are not valid: %(errors)s") % {"errors": errors},
            code="saved_view_query_invalid",
            field="query",
        )


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
