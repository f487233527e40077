"""Forms own input validation with coded errors; services re-check the same rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voc_portal.catalog.masking import mask_identifier
from voc_portal.core.errors import DomainError

from . import services
from .attachments import attachment_check_all
from .models import Category
from .selectors import InboxFilters
from .selectors_inbox import STATES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to three files, each sniffed by content (see attachments.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,.pdf"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        try:
            return attachment_check_all(files)
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class BodyField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", services.BODY_MAX)
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 6, "maxlength": services.BODY_MAX})
        )
        super().__init__(*args, **kwargs)


class PurchaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.purchased_at)
        return f"{obj.item_name} · {when:%Y-%m-%d %H:%M} · {mask_identifier(obj.tid)}"


class InquiryCreateForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.Select(attrs={"data-category": ""}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=services.SUBJECT_MAX, strip=False)
    body = BodyField(label=_("Message"))
    purchase = PurchaseChoiceField(
        label=_("Purchase (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not about a particular purchase"),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Up to 3 files: PNG, JPEG, GIF, WebP or PDF, 5 MB each."),
    )

    def __init__(self, *args, purchases, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the customer's own purchases of this app: another id is "not a valid choice".
        self.fields["purchase"].queryset = purchases

    def clean_subject(self):
        try:
            return services.subject_clean(self.cleaned_data["subject"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class FollowupForm(forms.Form):
    body = BodyField(label=_("Your message"))
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Up to 3 files: PNG, JPEG, GIF, WebP or PDF, 5 MB each."),
    )


class ReplyForm(forms.Form):
    body = BodyField(label=_("Reply to the customer"))
    # The collision guard: the thread version the page showed (services.versions).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    body = BodyField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.BODY_MAX}),
    )


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    body = BodyField(
        label=_("Text"),
        help_text=_("You can use {customer_name}, {app} and {inquiry_no}."),
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    app = forms.TypedChoiceField(label=_("App"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All states")),
            ("awaiting", _("Awaiting you")),
            ("answered", _("Answered")),
            ("closed", _("Closed")),
            ("escalated", _("Escalated")),
        ],
    )
    due = forms.BooleanField(label=_("Due within 24 h"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("mine", _("Mine")),
            ("unassigned", _("Unassigned")),
            ("team", _("Team")),
        ],
    )
    age = forms.ChoiceField(
        label=_("Waiting"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("lt1d", _("Less than 1 day")),
            ("1to2d", _("1 to 2 days")),
            ("2to3d", _("2 to 3 days")),
            ("overdue", _("Overdue")),
        ],
    )

    def __init__(self, *args, apps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["app"].choices = [("", _("All apps"))] + [(a.pk, a.title) for a in apps]

    def clean_state(self):
        state = self.cleaned_data.get("state") or ""
        return state if state in STATES else ""

    def filters(self, *, now=None) -> InboxFilters:
        """The validated filters (call after is_valid()); unbound means no filter."""
        data = self.cleaned_data if self.is_bound else {}
        return InboxFilters(
            app_id=data.get("app"),
            category=data.get("category") or None,
            state=data.get("state") or None,
            due_within_24h=bool(data.get("due")),
            overdue=bool(data.get("overdue")),
            age=data.get("age") or None,
            q=data.get("q") or "",
            now=now,
        )
