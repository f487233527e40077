from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from voc_portal.core.errors import NotFound
from voc_portal.core.errors import PermissionDenied as DomainPermissionDenied

from .models import Membership
from .selectors import membership_list_for_user
from .two_factor import TWO_FACTOR_PENDING, user_must_have_two_factor

SESSION_KEY = "current_account_id"
_CACHE_ATTR = "_voc_membership"
_LIST_CACHE_ATTR = "_voc_memberships"


def request_memberships(request):
    """All of the signed-in user's memberships, read once per request (header, switcher, views)."""
    if not hasattr(request, _LIST_CACHE_ATTR):
        setattr(request, _LIST_CACHE_ATTR, membership_list_for_user(request.user))
    return getattr(request, _LIST_CACHE_ATTR)


def current_membership(request):
    """The membership the signed-in user acts through now (chosen in the account switcher).

    Cached on the request; None for customers, ops staff and anonymous visitors.
    """
    if not hasattr(request, _CACHE_ATTR):
        membership = None
        memberships = request_memberships(request)
        if memberships:
            wanted = request.session.get(SESSION_KEY)
            # Until the user switches, they start in an account they own (the list is by name).
            first = next(
                (m for m in memberships if m.role == Membership.Role.OWNER), memberships[0]
            )
            membership = next((m for m in memberships if m.account_id == wanted), first)
        setattr(request, _CACHE_ATTR, membership)
    return getattr(request, _CACHE_ATTR)


class CurrentAccountMiddleware:
    """Gives views `request.current_membership()`; resolved only when asked for, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_membership = lambda: current_membership(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """A role's refusal (accounts.access) that a page did not show in place is a 403 page,
        and a domain "not found" a 404, never a 500. The API answers its own errors (DRF)."""
        if isinstance(exception, DomainPermissionDenied):
            raise PermissionDenied(exception.message) from exception
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        return None


class TwoFactorMiddleware:
    """After the password, a user with two-factor reaches nothing but the code page (and sign
    out) until the code is given; ops staff without it, when VOC_OPS_REQUIRE_2FA, are sent to
    enrol before the admin. No query unless one of those applies (the flag is in the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _exempt(request.path):
            if request.session.get(TWO_FACTOR_PENDING):
                return redirect_to_login(request.get_full_path(), reverse("accounts:2fa_verify"))
            if request.path.startswith(reverse("admin:index")) and user_must_have_two_factor(user):
                return redirect_to_login(request.get_full_path(), reverse("accounts:2fa_setup"))
        return self.get_response(request)


def _exempt(path: str) -> bool:
    names = ("accounts:2fa_verify", "accounts:2fa_setup", "accounts:logout", "set_language")
    return path in {reverse(name) for name in names} or path.startswith(settings.STATIC_URL)
