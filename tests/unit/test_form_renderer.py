"""The Python widget renderer (voc_portal.core.renderers) writes what Django's templates write.

Compared after collapsing the whitespace between tags (the templates' line breaks inside a
<select> carry no meaning), for each widget kind it builds and with values that need escaping.
"""

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from voc_portal.core.renderers import WidgetRenderer


class EveryWidget(forms.Form):
    text = forms.CharField(
        max_length=20, widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'})
    )
    number = forms.IntegerField(min_value=1)
    hidden = forms.CharField(widget=forms.HiddenInput)
    flag = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(choices=[("", "—"), ("a&b", "A & B"), (2, mark_safe("<i>2</i>"))])
    grouped = forms.ChoiceField(
        choices=[("Fruit <x>", [("apple", "Apple"), ("pear", "Pear")]), ("none", "None")]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    email = forms.EmailField(disabled=True)


def _collapsed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def _render_all(form) -> list[str]:
    return [_collapsed(str(form[name])) for name in form.fields]


def test_widgets_render_as_djangos_templates_when_unbound_and_bound():
    data = {
        "text": '<script>"x"</script>',
        "number": "7",
        "hidden": "h&h",
        "flag": "on",
        "body": "line 1\n<b>line 2</b>",
        "choice": "a&b",
        "grouped": "pear",
        "many": ["x", "y"],
    }
    for form_kwargs in ({}, {"data": data}, {"initial": {"choice": 2, "body": ""}}):
        ours = _render_all(EveryWidget(renderer=WidgetRenderer(), **form_kwargs))
        djangos = _render_all(EveryWidget(renderer=DjangoTemplates(), **form_kwargs))
        assert ours == djangos
