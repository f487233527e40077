"""Two-factor pages: the code after the password, and enrolment / removal from Settings."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django_otp import login as otp_login

from .two_factor import (
    TWO_FACTOR_PENDING,
    totp_enrolment_confirm,
    totp_enrolment_device,
    totp_qr_svg,
    two_factor_disable,
    two_factor_verify,
    user_has_two_factor,
    user_must_have_two_factor,
)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=pgettext_lazy("two-factor", "Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def get(self, request):
        if not user_has_two_factor(request.user):
            return redirect(_next(request))
        return render(request, self.template_name, {"form": CodeForm(), "next": _next(request)})

    def post(self, request):
        form = CodeForm(request.POST)
        device = None
        if form.is_valid():
            device = two_factor_verify(user=request.user, token=form.cleaned_data["token"])
            if device is None:
                form.add_error("token", _("The code is not valid. Enter the current code."))
        if device is None:
            context = {"form": form, "next": _next(request)}
            return render(request, self.template_name, context, status=400)
        otp_login(request, device)
        request.session.pop(TWO_FACTOR_PENDING, None)
        return redirect(_next(request))


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Settings > Two-factor sign-in: enrol with a QR code, see the recovery codes once, remove."""

    template_name = "accounts/two_factor_setup.html"

    def _enrol(self, request, form, status=200):
        device = totp_enrolment_device(user=request.user)
        context = {
            "form": form,
            "qr_svg": totp_qr_svg(device),
            "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
            "required": user_must_have_two_factor(request.user),
            "next": _next(request),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        if user_has_two_factor(request.user):
            if not request.user.is_verified():
                return redirect(f"{reverse('accounts:2fa_verify')}?next={_next(request)}")
            return render(request, self.template_name, {"enrolled": True, "form": CodeForm()})
        return self._enrol(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self._enrol(request, form, status=400)
        token = form.cleaned_data["token"]
        if request.POST.get("action") == "disable":
            return self._disable(request, form, token)
        device = totp_enrolment_device(user=request.user)
        codes = totp_enrolment_confirm(user=request.user, device=device, token=token)
        if codes is None:
            form.add_error("token", _("The code is not valid. Enter the current code."))
            return self._enrol(request, form, status=400)
        device.refresh_from_db()
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is on."))
        return render(
            request, self.template_name, {"codes": codes, "next": _next(request)}, status=200
        )

    def _disable(self, request, form, token):
        if user_must_have_two_factor(request.user):
            messages.error(request, _("Operations staff must keep two-factor sign-in."))
            return redirect("accounts:2fa_setup")
        if two_factor_verify(user=request.user, token=token) is None:
            form.add_error("token", _("The code is not valid. Enter the current code."))
            context = {"enrolled": True, "form": form}
            return render(request, self.template_name, context, status=400)
        two_factor_disable(user=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:settings")
