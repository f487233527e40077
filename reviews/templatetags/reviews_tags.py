from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

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


def _date(value, fmt: str) -> str:
    return date_format(localtime(value), fmt)


@register.simple_tag
def official_reply(review) -> SafeString:
    """The developer's public answer under a review (a list row and the customer's own)."""
    reply = review.official_reply
    if not reply:
        return mark_safe("")
    edited = ""
    if reply.version > 1:
        edited = f' <span class="muted small">({escape(_("edited"))})</span>'
    return mark_safe(
        '<div class="official-reply msg msg-developer" data-official-reply>\n'
        f'  <p class="msg-meta"><span class="badge badge-info">{escape(_("Official response"))}'
        f"</span>\n    <strong>{escape(reply.account.name)}</strong>\n"
        f'    <time datetime="{_date(reply.updated_at, "c")}" class="muted small">'
        f"{_date(reply.updated_at, 'Y-m-d')}</time>{edited}</p>\n"
        f'  <div class="msg-body">{linebreaksbr(reply.body, autoescape=True)}</div>\n'
        "</div>\n"
    )


@register.simple_tag
def review_items(reviews) -> SafeString:
    """The public list's rows in Python: one format string a review, the label translated once
    (the template's per-row tags, include and filters were most of the page, issue 13)."""
    edited = f'<span class="muted small">({escape(_("edited"))})</span>'
    rows = []
    for review in reviews:
        rows.append(
            f'<li class="review" id="review-{review.pk}">\n'
            f'  <p class="msg-meta">{stars(review.rating)} '
            f"<strong>{escape(reviewer_name(review.customer))}</strong>\n"
            f'    <time class="muted small" datetime="{_date(review.created_at, "c")}">'
            f"{_date(review.created_at, 'Y-m-d')}</time>\n"
            f"    {edited if review.edited_at else ''}</p>\n"
            f'  <div class="msg-body review-body">{linebreaksbr(review.body, autoescape=True)}'
            f"</div>\n  {official_reply(review)}</li>\n"
        )
    return mark_safe("".join(rows))
