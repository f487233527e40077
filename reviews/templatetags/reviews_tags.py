from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def reviewer_name(customer) -> str:
    """A reviewer's public name: first name and an initial, never the email or number."""
    full = (customer.user.full_name or "").strip()
    if not full:
        return "★"
    parts = full.split()
    if len(parts) > 1:
        return f"{parts[0]} {parts[-1][0]}."
    name = parts[0]
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"


@register.simple_tag
def stars(rating) -> str:
    rating = int(rating or 0)
    return format_html(
        '<span class="stars" aria-label="{} / 5"><span class="stars-on">{}</span>'
        '<span class="stars-off">{}</span></span>',
        rating,
        "★" * rating,
        "★" * (5 - rating),
    )


@register.filter
def percent_of(value, total) -> int:
    try:
        return round(100 * int(value) / int(total)) if int(total) else 0
    except (TypeError, ValueError):
        return 0
