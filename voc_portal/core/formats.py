"""Shared display formats: won amounts, reader-friendly dates and coarse durations.

One place for the numbers every page and every email shows, in the active language
(docs/email.md): "24,000원" / "₩24,000"; "2026년 12월 1일(화) 오후 3:05" /
"Tue 1 Dec 2026, 3:05 PM"; "5시간" (never "5시간 0분").
Template filters: `core.templatetags.voc_formats`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Django's format letters; A is translated by Django ("오후"), {w} is the short weekday.
_DATETIME_FORMATS = {"ko": "Y년 n월 j일({w}) A g:i", "en": "D j M Y, g:i A"}
_DATE_FORMATS = {"ko": "Y년 n월 j일({w})", "en": "D j M Y"}
# Django's Korean "D" is the whole word ("화요일"); dates in Korean write the one letter.
_KO_WEEKDAYS = "월화수목금토일"


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def won_text(amount) -> str:
    """A won amount with thousands separators: "24,000원" (ko) or "₩24,000" (en)."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(Decimal(str(amount)))
    except (InvalidOperation, ValueError):
        return str(amount)
    digits = f"{value:,}"
    return f"{digits}원" if _language() == "ko" else f"₩{digits}"


def datetime_text(value: datetime | None, *, with_time: bool = True) -> str:
    """A moment as people read it in mail, in the project's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    formats = _DATETIME_FORMATS if with_time else _DATE_FORMATS
    fmt = formats.get(_language(), formats["en"])
    # A backslash makes Django print the weekday letter as it is.
    return date_format(value, fmt.replace("{w}", "\\" + _KO_WEEKDAYS[value.weekday()]))


def duration_text(delta: timedelta | None) -> str:
    """ "2 days 5 h", "5 h", "25 min": coarse, as people read a deadline; never "5 h 0 min"."""
    if delta is None:
        return ""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    hours_text = _("%(n)d h") % {"n": hours}
    if days:
        text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        # Translators: a duration such as "2 days 5 h".
        return _("%(days)s %(hours)s") % {"days": text, "hours": hours_text} if hours else text
    if hours:
        return hours_text
    return _("%(n)d min") % {"n": mins}
