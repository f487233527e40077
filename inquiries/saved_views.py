"""The inbox as a saved-view list: its filter form says what may be saved, its filters count."""

from __future__ import annotations

from django.http import QueryDict

from voc_portal.savedviews.kinds import ViewKind, filter_form_bind, filter_form_require_valid

from .forms import InboxFilterForm
from .list_filters import inquiry_count_many
from .selectors import app_list_for_account

FIELDS = ("q", "app", "category", "state", "due", "overdue", "age")


def _form(apps, query) -> InboxFilterForm:
    return filter_form_bind(InboxFilterForm, FIELDS, query, apps=apps)


def inbox_query_clean(account, query) -> str:
    """The filters as the inbox's form accepts them, in a stable order (cursor etc. dropped)."""
    form = _form(list(app_list_for_account(account=account)), query)
    filter_form_require_valid(form)
    out = QueryDict(mutable=True)
    for name in FIELDS:
        value = form.cleaned_data.get(name)
        if value is True:
            out[name] = "on"
        elif value not in (None, "", False):
            out[name] = str(value)
    return out.urlencode()


def inbox_query_count(account, queries: list[str]) -> list[int | None]:
    """One aggregate for every view; a view whose filter no longer holds (its app is gone)
    counts None."""
    apps = list(app_list_for_account(account=account))
    forms = [_form(apps, q) for q in queries]
    valid = [f.filters() for f in forms if f.is_valid()]
    counts = iter(inquiry_count_many(account=account, filter_sets=valid))
    return [next(counts) if f.is_valid() else None for f in forms]


INBOX_VIEWS = ViewKind(
    name="inbox", url_name="inquiries:inbox", clean=inbox_query_clean, count=inbox_query_count
)
