"""Forms for signing in and for a member's own settings."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .hooks import account_email_requested
from .models import Language, User


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, with the username field presented as an email address.

    The field keeps the name "username" (what django-axes and ModelBackend read).
    """

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct email address and password. Both fields may be case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_username(self) -> str:
        # Emails are stored lower-cased.
        return self.cleaned_data["username"].strip().lower()


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language for emails and pages"), choices=Language.choices)

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        initial = {"full_name": user.full_name, "language": user.language}
        return cls(data=data, initial=initial, label_suffix="")


class NotificationsForm(forms.Form):
    """Two checkboxes per membership: "email me about inquiries" and review alerts (a new
    review of 1-2 stars, the rating dropping by 0.3 in a week) for that developer account."""

    def __init__(self, *args, memberships, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[self.field_name(membership)] = forms.BooleanField(
                label=membership.account.name,
                required=False,
                initial=membership.notify_inquiries,
            )
            self.fields[self.review_field_name(membership)] = forms.BooleanField(
                # Translators: checkbox in Settings > Email notifications; a developer account.
                label=_("%(account)s: review alerts (1-2 stars, rating drops)")
                % {"account": membership.account.name},
                required=False,
                initial=membership.notify_reviews,
            )

    @staticmethod
    def field_name(membership) -> str:
        return f"notify_{membership.account_id}"

    @staticmethod
    def review_field_name(membership) -> str:
        return f"reviews_{membership.account_id}"

    def choices(self) -> dict[int, bool]:
        """account id → wants inquiry emails."""
        return {m.account_id: self.cleaned_data[self.field_name(m)] for m in self.memberships}

    def review_choices(self) -> dict[int, bool]:
        """account id → wants review alerts."""
        return {
            m.account_id: self.cleaned_data[self.review_field_name(m)] for m in self.memberships
        }


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email is an outbox row (sent, retried and listed at
    /mail/dev/ like every other) written in the user's language, not the requester's."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        user = context["user"]
        queued = account_email_requested.send(
            kind="password_reset",
            template="password_reset",
            to_email=to_email,
            user_id=user.pk,
            language=user.language,
            # A token is valid until the password changes: one email per token.
            dedupe_key=f"password-reset:{user.pk}:{context['token']}",
            context=context,
        )
        if not queued:
            raise ImproperlyConfigured("No outbox is connected to account_email_requested.")
