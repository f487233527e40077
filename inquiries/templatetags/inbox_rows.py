"""The inbox's rows, built in Python (`{% inbox_rows %}`).

Why not a template: the inbox shows 25 to 100 rows of ten cells, and the template engine spent
about 1 ms a row on includes, per-cell `{% translate %}`, variable lookups and `{% url %}`
(issue 13: the page's main cost). Here each label is translated and each URL reversed once per
page, and a row is one format string. The markup is the one the template had; every value is
escaped with format_html/escape as auto-escaping did.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from voc_portal.catalog.assignee_cells import assignee_cells_for

from ..models import Category, Status
from .inquiry_tags import clock_badges

register = template.Library()

# Reversed once per page with this placeholder id, then filled per row.
_PK = 2_147_483_647
_STATUS_BADGE = {"awaiting": "badge-warn", "answered": "badge-ok"}


def _pattern(name: str) -> str:
    return reverse(name, args=[_PK]).replace(str(_PK), "{pk}")


class _Page:
    """What every row shares: labels, URL patterns, the assignee options and the form's token."""

    def __init__(self, context):
        self.now = context["now"]
        labels = {
            "no": _("No."),
            "time_left": _("Time left"),
            "subject": _("Subject"),
            "app": _("App"),
            "category": _("Category"),
            "customer": _("Customer"),
            "state": _("State"),
            "last_message": _("Last message"),
        }
        self.labels = {k: escape(v) for k, v in labels.items()}
        # get_FOO_display() per row cost more than the rest of the row: the labels once, escaped.
        self.categories = {value: escape(label) for value, label in Category.choices}
        self.statuses = {value: escape(label) for value, label in Status.choices}
        self.select = escape(_("Select #%(no)s"))
        self.detail = _pattern("inquiries:detail")
        self.assign_url = _pattern("inquiries:assign")
        self.assignees = assignee_cells_for(context)

    def row(self, inquiry) -> str:
        pk, number, lab = inquiry.pk, escape(inquiry.number), self.labels
        overdue = (
            inquiry.status == "awaiting"
            and inquiry.due_at is not None
            and inquiry.due_at <= self.now
        )
        category = self.categories.get(inquiry.category) or escape(inquiry.category)
        status = self.statuses.get(inquiry.status) or escape(inquiry.status)
        overdue_class = ' class="is-overdue"' if overdue else ""
        last = localtime(inquiry.last_message_at) if inquiry.last_message_at else None
        return (
            f'<tr data-inquiry="{pk}"{overdue_class}>\n'
            f'  <td><input type="checkbox" name="ids" value="{pk}" form="inquiry-bulk" '
            f'data-bulk-item aria-label="{self.select % {"no": number}}"></td>\n'
            f'  <td data-label="{lab["no"]}" class="mono">#{number}</td>\n'
            f'  <td data-label="{lab["time_left"]}">{clock_badges(inquiry, self.now)}</td>\n'
            f'  <td data-label="{lab["subject"]}"><a href="{self.detail.format(pk=pk)}">'
            f"{escape(inquiry.subject)}</a></td>\n"
            f'  <td data-label="{lab["app"]}">{escape(inquiry.app.title)}</td>\n'
            f'  <td data-label="{lab["category"]}">{category}</td>\n'
            f'  <td data-label="{lab["customer"]}">'
            f"{escape(inquiry.customer.customer_number)}</td>\n"
            f'  <td data-label="{lab["state"]}"><span class="badge '
            f'{_STATUS_BADGE.get(inquiry.status, "badge-muted")}">'
            f"{status}</span></td>\n"
            f'  <td data-label="{lab["last_message"]}"><time datetime="'
            f'{date_format(last, "c") if last else ""}">'
            f"{date_format(last, 'Y-m-d H:i') if last else ''}</time></td>\n"
            f"  {self.assignees.cell(inquiry, self.assign_url.format(pk=pk))}\n"
            "</tr>\n"
        )


@register.simple_tag(takes_context=True)
def inbox_rows(context, inquiries) -> SafeString:
    page = _Page(context)
    return mark_safe("".join(page.row(inquiry) for inquiry in inquiries))
