"""The review console as a saved-view list: its filter form says what may be saved and counts."""

from __future__ import annotations

from django.http import QueryDict

from voc_portal.savedviews.kinds import ViewKind, filter_form_bind, filter_form_require_valid

from .forms import ConsoleFilterForm
from .list_filters import review_count_many
from .selectors import account_app_list

FIELDS = ("app", "stars", "state", "date_from", "date_to", "q")


def _form(apps, query) -> ConsoleFilterForm:
    return filter_form_bind(ConsoleFilterForm, FIELDS, query, apps=apps)


def console_query_clean(account, query) -> str:
    form = _form(account_app_list(account=account), query)
    filter_form_require_valid(form)
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
