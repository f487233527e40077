from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def reviewer_name(customer) -> str:
    """A reviewer's public name: the one rule, Customer.public_name (docs/privacy.md)."""
    return customer.public_name


HALF_STAR = mark_safe('<span class="stars-half" aria-hidden="true">★</span>')  # a constant


@register.simple_tag
def stars(rating) -> str:
    """Five stars for a rating, to the nearest half: an average of 4.5 shows four and a half."""
    try:
        halves = round(float(rating or 0) * 2)
    except (TypeError, ValueError):
        halves = 0
    halves = max(0, min(10, halves))
    full, half = divmod(halves, 2)
    label = f"{halves / 2:g} / 5"
    return format_html(
        '<span class="stars" role="img" aria-label="{}"><span class="stars-on" aria-hidden="true">'
        '{}</span>{}<span class="stars-off" aria-hidden="true">{}</span></span>',
        label,
        "★" * full,
        HALF_STAR if half else "",
        "★" * (5 - full - half),
    )


@register.filter
def percent_of(value, total) -> int:
    try:
        return round(100 * int(value) / int(total)) if int(total) else 0
    except (TypeError, ValueError):
        return 0
