"""View mixins for the three kinds of signed-in user."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .access import role_require
from .middleware import current_membership
from .roles import Action
from .selectors import customer_for_user


class DeveloperRequiredMixin(LoginRequiredMixin):
    """Sets self.membership and self.account; a user with no developer account gets a 403.

    `write_action`: pages whose every POST is one action (e.g. saved templates) name it, and
    a role that may not do it gets a 403 (accounts.access, the one check) before the view runs.
    """

    write_action: Action | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = current_membership(request)
        if self.membership is None:
            raise PermissionDenied("This page is for developers.")
        self.account = self.membership.account
        if self.write_action is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            role_require(self.membership, self.write_action)
        return super().dispatch(request, *args, **kwargs)


class CustomerRequiredMixin(LoginRequiredMixin):
    """Sets self.customer; a signed-in user who is not a store customer gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.customer = customer_for_user(request.user)
        if self.customer is None:
            raise PermissionDenied("This page is for store customers.")
        return super().dispatch(request, *args, **kwargs)
