from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from .access import membership_can
from .forms import (
    EmailAuthenticationForm,
    NotificationsForm,
    OutboxPasswordResetForm,
    ProfileForm,
)
from .language import language_at_sign_in, visitor_choice_forget
from .middleware import SESSION_KEY, current_membership, request_memberships
from .roles import Action
from .selectors import customer_for_user, membership_get
from .services import membership_notifications_set, user_lockout_clear, user_profile_update


def _remember_language(response, language: str):
    """Pages follow the user's chosen language (the same cookie Django's set_language writes)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # The store's sign-in (voc_portal.store.oidc), when the store runs one.
        store_sign_in = bool(settings.OIDC_RP_CLIENT_ID)
        customer_passwords = settings.VOC_CUSTOMER_PASSWORDS
        return {**super().get_context_data(**kwargs), "store_sign_in": store_sign_in,
                "customer_passwords": customer_passwords}  # fmt: skip

    def form_valid(self, form):
        user = form.get_user()
        first_sign_in = user.last_login is None  # login() sets it
        response = super().form_valid(form)
        language = language_at_sign_in(self.request, user, first_sign_in=first_sign_in)
        visitor_choice_forget(self.request, response)
        return _remember_language(response, language)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): sign-out is a form button in the header."""


class _NoLabelSuffix:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label_suffix": ""}


class PasswordResetView(_NoLabelSuffix, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = OutboxPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    html_email_template_name = "accounts/password_reset_email.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_NoLabelSuffix, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The mailed link proved who this is: a lockout from earlier failures no longer applies.
        user_lockout_clear(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class HomeView(View):
    """Sends each kind of user to their own home."""

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect(reverse("accounts:login"))
        membership = current_membership(request)
        customer = customer_for_user(user) if membership is None else None
        if membership is not None:
            target = _reverse_or_none("inquiries:dashboard") or _reverse_or_none("inquiries:inbox")
        elif customer is not None:
            target = _reverse_or_none("inquiries:my_list") or _reverse_or_none("reviews:app_list")
        elif user.is_staff:
            # Ops land on their queue; admin without the queue (e.g. no permission) stays index.
            queue = "admin:refunds_refundrequest_changelist"
            has_queue = user.has_perm("refunds.view_refundrequest")
            target = _reverse_or_none(queue) if has_queue else reverse("admin:index")
        else:
            target = None
        if target:
            return redirect(target)
        # A page that does not exist yet (or a user with no role): a simple home, never a 500.
        return render(
            request,
            "accounts/home.html",
            {"membership": membership, "customer": customer},
        )


class AccountSwitchView(LoginRequiredMixin, View):
    """POST account=<id>: act through another of the user's developer accounts."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            account_id = int(request.POST.get("account", ""))
        except ValueError:
            account_id = 0
        membership = membership_get(request.user, account_id)  # foreign account → 404
        request.session[SESSION_KEY] = membership.account_id
        messages.success(
            request, _("Now working in %(account)s.") % {"account": membership.account}
        )
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("accounts:home")
        return redirect(target)


class SettingsView(LoginRequiredMixin, View):
    """The member's own profile (name, language) and, per developer account, inquiry emails."""

    template_name = "accounts/settings.html"

    def _context(self, request, profile_form, notify_form):
        return {
            "profile_form": profile_form,
            "notify_form": notify_form,
            "api_tokens_url": _reverse_or_none("api:tokens") if notify_form.memberships else None,
            # Settings > Webhooks, for the current account's owners and admins.
            "webhooks_url": _reverse_or_none("webhooks:list")
            if membership_can(current_membership(request), Action.SETTINGS_MANAGE)
            else None,
        }

    def get(self, request):
        memberships = request_memberships(request)
        return render(
            request,
            self.template_name,
            self._context(
                request,
                ProfileForm.for_user(request.user),
                NotificationsForm(memberships=memberships),
            ),
        )

    def post(self, request):
        memberships = request_memberships(request)
        profile_form = ProfileForm.for_user(request.user)
        notify_form = NotificationsForm(memberships=memberships)
        if request.POST.get("section") == "notifications":
            notify_form = NotificationsForm(request.POST, memberships=memberships)
            if notify_form.is_valid():
                membership_notifications_set(
                    user=request.user,
                    choices=notify_form.choices(),
                    review_choices=notify_form.review_choices(),
                )
                messages.success(request, _("Your email notification settings were saved."))
                return redirect("accounts:settings")
        else:
            profile_form = ProfileForm.for_user(request.user, data=request.POST)
            if profile_form.is_valid():
                user = user_profile_update(user=request.user, **profile_form.cleaned_data)
                messages.success(request, _("Your profile was saved."))
                return _remember_language(redirect("accounts:settings"), user.language)
        return render(
            request,
            self.template_name,
            self._context(request, profile_form, notify_form),
            status=400,
        )
