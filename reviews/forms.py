from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import REPLY_BODY_HARD_MAX_LENGTH, REVIEW_BODY_MAX_LENGTH
from .selectors import PUBLIC_ORDERS, ReviewFilters

STAR_CHOICES = [(s, "★" * s) for s in (5, 4, 3, 2, 1)]
# The rating input: 1 to 5 left to right, so the stars up to the chosen one light up.
RATING_CHOICES = [(s, "★" * s) for s in (1, 2, 3, 4, 5)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label=_("Your review"),
        max_length=REVIEW_BODY_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 4, "maxlength": REVIEW_BODY_MAX_LENGTH, "data-char-counter": ""}
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Official reply"), required=False, widget=forms.Textarea)
    template = forms.IntegerField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.VOC_OFFICIAL_REPLY_MAX_LENGTH
        self.fields["body"].max_length = limit
        self.fields["body"].widget.attrs.update(
            {"rows": 3, "maxlength": limit, "data-char-counter": ""}
        )
        self.fields["body"].validators.append(MaxLengthValidator(limit))


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    body = forms.CharField(
        label=_("Text"),
        max_length=REPLY_BODY_HARD_MAX_LENGTH,
        help_text=_("You can use {customer_name} and {app}; they are filled in when used."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PublicOrderForm(forms.Form):
    order = forms.ChoiceField(
        choices=[
            ("newest", _("Newest first")),
            ("highest", _("Highest rating")),
            ("lowest", _("Lowest rating")),
        ],
        required=False,
    )

    def order_value(self) -> str:
        if self.is_valid() and self.cleaned_data["order"] in PUBLIC_ORDERS:
            return self.cleaned_data["order"]
        return "newest"


class ConsoleFilterForm(forms.Form):
    app = forms.TypedChoiceField(label=_("App"), required=False, coerce=int, empty_value=None)
    stars = forms.TypedMultipleChoiceField(
        label=_("Stars"),
        required=False,
        coerce=int,
        choices=STAR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    state = forms.ChoiceField(
        label=_("Reply"),
        required=False,
        choices=[
            ("", _("All")),
            ("unreplied", _("Unreplied")),
            ("replied", _("Replied")),
            ("outdated", _("Outdated reply")),
            ("hidden", _("Hidden by ops")),
        ],
    )
    date_from = forms.DateField(
        # Translators: review filter, first day of a date range (not a state column).
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        # Translators: review filter, last day of a date range.
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, apps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["app"].choices = [("", _("All apps"))] + [(a.pk, a.title) for a in apps]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date is after the end date: swap them or pick another range."),
                code="date_range_inverted",
            )
        return data

    def filters(self) -> ReviewFilters:
        if not self.is_valid():
            return ReviewFilters()
        d = self.cleaned_data
        return ReviewFilters(
            app_id=d["app"],
            stars=d["stars"],
            state=d["state"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            q=d["q"] or "",
        )


class HideReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding (shown to the author and the developer)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
