"""The assignee cell of an item in a list (inbox rows, review cards), built in Python.

A picker per item of 25 to 100, each with an option per member, was the review console's main
cost through the template (`_assignee_cell.html`, issue 19: ~500 options a page, each value
escaped and localised). Here the labels, the options and the form's hidden fields are built once
per page, and a cell is one format string: the markup the template had.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.translation import gettext as _


class AssigneeCells:
    """What every cell of a page shares; `cell(item, action)` gives one item's cell."""

    def __init__(self, *, can_assign: bool, assignable, csrf_token: str, next_url: str):
        self.can_assign = can_assign
        self.label = escape(_("Assignee"))
        self.unassigned = escape(_("Unassigned"))
        self.assign = escape(_("Assign"))
        self.next = escape(next_url)
        self.csrf = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
            if csrf_token
            else ""
        )
        self.members = [(m.pk, escape(m.user.get_full_name())) for m in assignable or []]

    def cell(self, item, action: str, tag: str = "td") -> str:
        """`item` has pk, assignee_id and assignee (a membership with its user), `action` is
        the URL the picker posts to."""
        open_tag = f'<{tag} data-label="{self.label}" class="assignee">'
        if not self.can_assign:
            if item.assignee_id:
                inner = escape(item.assignee.user.get_full_name())
            else:
                inner = f'<span class="muted">{self.unassigned}</span>'
            return f"{open_tag}{inner}</{tag}>"
        pk = item.pk
        options = "".join(
            f'<option value="{m_pk}"{" selected" if m_pk == item.assignee_id else ""}>'
            f"{name}</option>"
            for m_pk, name in self.members
        )
        return (
            f'{open_tag}<form method="post" action="{escape(action)}" class="inline-form" '
            f'data-autosubmit>{self.csrf}<input type="hidden" name="next" value="{self.next}">\n'
            f'  <label class="visually-hidden" for="assignee-{pk}">{self.label}</label>\n'
            f'  <select name="assignee" id="assignee-{pk}">\n'
            f'    <option value="">{self.unassigned}</option>\n'
            f"    {options}\n"
            f'  </select> <button type="submit" class="btn btn-small" data-autosubmit-button>'
            f"{self.assign}</button></form></{tag}>"
        )


def assignee_cells_for(context) -> AssigneeCells:
    """The page's AssigneeCells, made on first use from the template context (can_assign,
    assignable, csrf_token, request) and kept for the rest of the render."""
    cache = context.render_context
    if "assignee_cells" not in cache:
        request = context.get("request")
        cache["assignee_cells"] = AssigneeCells(
            can_assign=bool(context.get("can_assign")),
            assignable=context.get("assignable"),
            csrf_token=context.get("csrf_token") or "",
            next_url=request.get_full_path() if request else "",
        )
    return cache["assignee_cells"]
