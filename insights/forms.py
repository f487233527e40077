from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .reports import GROUPS, WEEK_CHOICES


class ReportForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        empty_value=4,
        choices=[(w, _("Last %(n)d weeks") % {"n": w}) for w in WEEK_CHOICES],
    )
    group = forms.ChoiceField(
        label=_("First response by"),
        required=False,
        choices=[("app", _("App")), ("category", _("Category")), ("member", _("Member"))],
    )

    def values(self) -> tuple[int, str]:
        """(weeks, group) once valid; the defaults when the form is unbound."""
        data = self.cleaned_data if self.is_bound else {}
        group = data.get("group") or "app"
        return data.get("weeks") or 4, group if group in GROUPS else "app"
