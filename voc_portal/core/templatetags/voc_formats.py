"""`{% load voc_formats %}`: `|won`, `|local_datetime`, `|local_date`, `|span` (core.formats)."""

from django import template

from voc_portal.core import formats

register = template.Library()


@register.filter
def won(amount) -> str:
    return formats.won_text(amount)


@register.filter
def local_datetime(value) -> str:
    return formats.datetime_text(value)


@register.filter
def local_date(value) -> str:
    return formats.datetime_text(value, with_time=False)


@register.filter
def span(value) -> str:
    return formats.duration_text(value)
