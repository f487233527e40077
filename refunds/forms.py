"""Developer forms: "Help > Contact Us" refund request, answering ops, asking for consent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

IDENTIFIERS = ("tid", "txid", "receipt_number")


class RefundRequestForm(forms.Form):
    CONSENT_CHOICES = [("O", _("O — the customer consents")), ("X", _("X — no consent"))]

    consent = forms.ChoiceField(
        label=_("Consent to provide personal information"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect(attrs={"data-consent-toggle": ""}),
        help_text=_("TID, TXID and the receipt number can only be given with O."),
    )
    customer_number = forms.CharField(label=_("Customer number"), max_length=20)
    purchased_at = forms.DateTimeField(
        label=_("Purchase date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    purchased_item = forms.CharField(label=_("Purchased item"), max_length=150)
    tid = forms.CharField(
        label=_("TID"), max_length=40, required=False, widget=forms.TextInput(attrs={"data-id": ""})
    )
    txid = forms.CharField(
        label=_("TXID"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"data-id": ""}),
    )
    receipt_number = forms.CharField(
        label=_("Payment receipt number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"data-id": ""}),
    )
    reason = forms.CharField(
        label=_("Message to store operations"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    inquiry = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        # The input's own rules; which purchase it means is refunds.services.refund_request_file's.
        data = super().clean()
        if data.get("consent") == "X":
            for name in [f for f in IDENTIFIERS if data.get(f)]:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Without consent (X) payment identifiers are not accepted."),
                        code="consent_required",
                    ),
                )
        return data

    def filing_values(self) -> dict:
        """The cleaned request as refunds.services.refund_request_file takes it."""
        data = self.cleaned_data
        fields = ("customer_number", "purchased_at", "purchased_item", "reason", *IDENTIFIERS)
        return {
            **{name: data[name] for name in fields},
            "consent": data["consent"] == "O",
            "inquiry_id": data.get("inquiry"),
        }


class AnswerInfoForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConsentAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("O", "O"), ("X", "X")])
