from django import forms
from django.utils.translation import gettext_lazy as _

from voc_portal.core.errors import DomainError

from .models import EventType, Format
from .services import endpoint_url_clean


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Endpoint URL"),
        max_length=500,
        help_text=_("Where we POST each event, e.g. https://example.com/hooks/voc"),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    description = forms.CharField(label=_("Description"), max_length=120, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event to send.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices, initial=Format.STANDARD)

    def clean_url(self) -> str:
        try:
            return endpoint_url_clean(self.cleaned_data["url"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
