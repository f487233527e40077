from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("never", _("Never")),
]


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Where you use it, e.g. “My phone”."),
    )
    expires_in = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, initial="90")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."), code="required")
        return name

    def expires_at(self):
        value = self.cleaned_data["expires_in"]
        if value == "never":
            return None
        return timezone.now() + timedelta(days=int(value))
