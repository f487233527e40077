"""Settings > Members (members, roles, invitations, round-robin) and the invitation link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from voc_portal.core.errors import DomainError
from voc_portal.core.forms import form_add_domain_error

from .access import membership_can
from .backends import PASSWORD_BACKEND
from .middleware import SESSION_KEY
from .models import Invitation, Membership, User
from .permissions import DeveloperRequiredMixin
from .roles import Action, Role
from .selectors import invitation_list_pending, membership_list_for_account
from .team import (
    account_round_robin_set,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    invitation_sign_up,
    membership_remove,
    membership_role_set,
)


class InviteForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("Email address"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices, initial=Role.AGENT)


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)


class MembersView(DeveloperRequiredMixin, View):
    """GET the page; POST action=invite|revoke|role|remove|round_robin (each a service call)."""

    template_name = "accounts/members.html"

    def _render(self, request, invite_form=None, status=200):
        can_manage = membership_can(self.membership, Action.MEMBER_MANAGE)
        context = {
            "members": membership_list_for_account(self.account),
            "invitations": invitation_list_pending(self.account) if can_manage else [],
            "invite_form": invite_form or InviteForm(),
            "can_manage": can_manage,
            "can_settings": membership_can(self.membership, Action.SETTINGS_MANAGE),
            "can_apps": membership_can(self.membership, Action.MEMBER_APPS_MANAGE),
            "roles": Role.choices,
            "me": self.membership,
            "account": self.account,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request)

    def post(self, request):
        action = request.POST.get("action", "")
        handler = getattr(self, f"_{action}", None) if action in _ACTIONS else None
        if handler is None:
            messages.error(request, _("Unknown action."))
            return self._render(request, status=400)
        try:
            result = handler(request)
        except DomainError as exc:
            if action == "invite":
                form = InviteForm(request.POST)
                form.is_valid()
                form_add_domain_error(form, exc)
                return self._render(request, invite_form=form, status=exc.status)
            messages.error(request, exc.message)
            return self._render(request, status=exc.status)
        if result is not None:
            return result
        if action == "remove" and request.POST.get("member") == str(self.membership.pk):
            return redirect("accounts:home")  # the member left this account
        return redirect("accounts:members")

    def _member(self, request) -> Membership:
        target = Membership.objects.filter(account=self.account, pk=request.POST.get("member"))
        found = target.first() if (request.POST.get("member") or "").isdigit() else None
        if found is None:
            raise Http404("No such member.")
        return found

    def _invite(self, request):
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self._render(request, invite_form=form, status=400)
        invitation = invitation_create(membership=self.membership, **form.cleaned_data)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return None

    def _revoke(self, request):
        pk = request.POST.get("invitation") or ""
        found = (
            Invitation.objects.filter(account=self.account, pk=pk).first() if pk.isdigit() else None
        )
        if found is None:
            raise Http404("No such invitation.")
        invitation_revoke(membership=self.membership, invitation=found)
        messages.success(request, _("Invitation revoked."))

    def _role(self, request):
        target = self._member(request)
        membership_role_set(
            membership=self.membership, target=target, role=request.POST.get("role", "")
        )
        messages.success(request, _("Role changed."))

    def _remove(self, request):
        target = self._member(request)
        membership_remove(membership=self.membership, target=target)
        messages.success(request, _("Member removed."))

    def _round_robin(self, request):
        enabled = request.POST.get("enabled") == "1"
        account_round_robin_set(membership=self.membership, enabled=enabled)
        messages.success(request, _("Assignment settings saved."))


_ACTIONS = ("invite", "revoke", "role", "remove", "round_robin")


class InvitationAcceptView(View):
    """The emailed link: join when signed in, sign up for a new address, or sign in first."""

    template_name = "accounts/invitation.html"

    def _page(self, request, token, *, form=None, status=200):
        try:
            invitation = invitation_for_token(token)
        except DomainError as exc:
            return render(request, self.template_name, {"error": exc.message}, status=exc.status)
        login_url = reverse("accounts:login") + "?next=" + request.path
        context = {
            "invitation": invitation,
            "form": form or SignUpForm(),
            "login_url": login_url,
            "has_user": not request.user.is_authenticated
            and User.objects.filter(email=invitation.email).exists(),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, token):
        return self._page(request, token)

    def post(self, request, token):
        form = None
        try:
            if request.user.is_authenticated:
                membership = invitation_accept(token=token, user=request.user)
            else:
                form = SignUpForm(request.POST)
                if not form.is_valid():
                    return self._page(request, token, form=form, status=400)
                membership = invitation_sign_up(token=token, **form.cleaned_data)
                login(request, membership.user, backend=PASSWORD_BACKEND)
        except DomainError as exc:
            if form is not None:
                form_add_domain_error(form, exc)
                return self._page(request, token, form=form, status=exc.status)
            messages.error(request, exc.message)
            return self._page(request, token, status=exc.status)
        request.session[SESSION_KEY] = membership.account_id
        messages.success(
            request, _("Welcome to %(account)s.") % {"account": membership.account.name}
        )
        return redirect("accounts:home")
