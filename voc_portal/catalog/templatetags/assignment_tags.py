"""`{% assignee_cell item action_url "p" %}`: catalog.assignee_cells from a template."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..assignee_cells import assignee_cells_for

register = template.Library()


@register.simple_tag(takes_context=True)
def assignee_cell(context, item, action: str, tag: str = "td") -> SafeString:
    return mark_safe(assignee_cells_for(context).cell(item, action, tag))
