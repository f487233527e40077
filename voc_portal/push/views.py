"""Settings > Push notifications: the same per-kind choice the app makes through the API."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from voc_portal.accounts.middleware import current_membership

from . import selectors, services
from .forms import NotificationKindsForm
from .models import PushSubscription


class PushSettingsView(LoginRequiredMixin, View):
    """For the member's current developer account (the account switcher decides which)."""

    template_name = "push/settings.html"

    def _membership(self, request):
        membership = current_membership(request)
        if membership is None:  # customers and ops staff get no pushes
            raise Http404("No developer account.")
        return membership

    def _render(self, request, membership, form, status=200):
        devices = PushSubscription.objects.filter(membership=membership).count()
        context = {"form": form, "account": membership.account, "devices": devices}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        membership = self._membership(request)
        kinds = selectors.notification_settings_get(membership=membership)["kinds"]
        return self._render(request, membership, NotificationKindsForm(kinds=kinds))

    def post(self, request):
        membership = self._membership(request)
        kinds = selectors.notification_settings_get(membership=membership)["kinds"]
        form = NotificationKindsForm(request.POST, kinds=kinds)
        if not form.is_valid():
            return self._render(request, membership, form, status=400)
        services.notification_settings_update(membership=membership, kinds=form.kinds())
        messages.success(request, _("Your push notification settings were saved."))
        return redirect("push:settings")
