"""The form renderer (settings.FORM_RENDERER): the common widgets built in Python.

Django renders every widget through templates, and a <select> includes one template per option:
the inbox's filter bar alone cost several ms a request (issue 13). The inputs, the textarea and
the select (with its options) are plain strings here, with the markup and escaping of Django's
own widget templates (django/forms/templates/django/forms/widgets/). Everything else (forms,
fields, error lists, other widgets) still renders through its template.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
# The widget templates that are only {% include "django/forms/widgets/input.html" %}.
_INPUT_NAMES = (
    "input checkbox color date datetime email file hidden number password search tel text time url"
)
INPUTS = {f"{WIDGETS}{name}.html" for name in _INPUT_NAMES.split(" ")}
OPTION = f"{WIDGETS}select_option.html"
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """`{{ value }}` in a template: localized, escaped."""
    return render_value_in_context(value, _CONTEXT)


def _attr(value) -> str:
    """`{{ value|stringformat:'s' }}`: escaped unless already safe."""
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_attr(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_attr(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{_attr(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


class WidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == f"{WIDGETS}textarea.html":
            return _textarea(context["widget"])
        if template_name == f"{WIDGETS}select.html":
            return self._select(context["widget"])
        if template_name == OPTION:
            return _option(context["widget"])
        return super().render(template_name, context, request)

    def _select(self, widget: dict) -> str:
        out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                name = option["template_name"]
                html = _option(option) if name == OPTION else self.render(name, {"widget": option})
                out.append(f"\n  {html}")
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)
