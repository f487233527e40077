"""Report rows to chart bars and links: each figure links to the list it counts."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from inquiries.models import AGE_BUCKETS

from .charts import Bar
from .reports import ReplyRow, ResponseRow


def inbox_url(**params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("inquiries:inbox") + ("?" + urlencode(params) if params else "")


def console_url(**params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("reviews:console") + ("?" + urlencode(params) if params else "")


def response_row_url(group: str, row: ResponseRow) -> str:
    """The inbox narrowed to the row's app or category (no member filter yet: all answered)."""
    if group == "app":
        return inbox_url(app=row.key)
    if group == "category":
        return inbox_url(category=row.key)
    return inbox_url(state="answered")


def hours(seconds: float | None) -> str:
    if seconds is None:
        return "\u2013"  # en dash: no figure
    return _("%(h).1f h") % {"h": seconds / 3600}


def share(part: float | None) -> str:
    return "\u2013" if part is None else f"{round(part * 100)}%"


def response_bars(group: str, rows: list[ResponseRow]) -> list[Bar]:
    return [
        Bar(
            label=row.label or _("Not answered yet"),
            value=(row.median_seconds or 0) / 3600,
            display=f"{hours(row.median_seconds)} · {share(row.within_share)}",
            url=response_row_url(group, row),
        )
        for row in rows
    ]


def aging_bars(aging: dict[str, int]) -> list[Bar]:
    labels = {
        "lt1d": _("Less than 1 day"),
        "1to2d": _("1 to 2 days"),
        "2to3d": _("2 to 3 days"),
        "overdue": _("Overdue"),
    }
    return [
        Bar(
            label=str(labels[key]),
            value=aging[key],
            display=str(aging[key]),
            url=inbox_url(state="awaiting", age=key),
        )
        for key in AGE_BUCKETS
    ]


def reply_bars(rows: list[ReplyRow]) -> list[Bar]:
    return [
        Bar(
            label=row.label,
            value=(row.reply_rate or 0) * 100,
            display=f"{share(row.reply_rate)} · {hours(row.median_seconds)}",
            url=console_url(app=row.key, state="unreplied"),
        )
        for row in rows
    ]
