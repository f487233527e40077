"""View mixins for the three kinds of signed-in user."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .middleware import current_membership
from .selectors import customer_for_user


class DeveloperRequiredMixin(LoginRequiredMixin):
    """Sets self.membership and self.account; a user with no developer account gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = current_membership(request)
        if self.membership is None:
            raise PermissionDenied("This page is for developers.")
        self.account = self.membership.account
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
