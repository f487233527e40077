from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def reviewer_name(customer) -> str:
    """A reviewer's public name: the one rule, Customer.public_name (docs/privacy.md)."""
    return customer.public_name


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
