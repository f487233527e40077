"""The review console as a saved-view list: its filter form says what may be saved and counts."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from voc_portal.core.errors import DomainError
from voc_portal.savedviews.kinds import ViewKind

from .forms import ConsoleFilterForm
from .list_filters import review_count_many
from .selectors import account_app_list

FIELDS = ("app", "stars", "state", "date_from", "date_to", "q")


def _form(apps, query) -> ConsoleFilterForm:
    if isinstance(query, str):
        query = QueryDict(query)
    data = QueryDict(mutable=True)
    for name in FIELDS:
        if name in query:
            data.setlist(name, query.getlist(name))
    return ConsoleFilterForm(data, apps=apps)


def console_query_clean(account, query) -> str:
    form = _form(account_app_list(account=account), query)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        raise DomainError(
            _("These filters are not valid: %(errors)s") % {"errors": errors},
            code="saved_view_query_invalid",
            field="query",
        )
    out = QueryDict(mutable=True)
    for name in FIELDS:
        value = form.cleaned_data.get(name)
        if name == "stars":
            out.setlist(name, [str(s) for s in value or []])
        elif value not in (None, ""):
            out[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return out.urlencode()


def console_query_count(account, queries: list[str]) -> list[int | None]:
    apps = account_app_list(account=account)
    forms = [_form(apps, q) for q in queries]
    valid = [f.filters() for f in forms if f.is_valid()]
    counts = iter(review_count_many(account=account, filter_sets=valid))
    return [next(counts) if f.is_valid() else None for f in forms]


REVIEW_VIEWS = ViewKind(
    name="reviews", url_name="reviews:console", clean=console_query_clean, count=console_query_count
)
