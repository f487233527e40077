from .selectors import membership_list_for_user

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
            membership = next((m for m in memberships if m.account_id == wanted), memberships[0])
        setattr(request, _CACHE_ATTR, membership)
    return getattr(request, _CACHE_ATTR)


class CurrentAccountMiddleware:
    """Gives views `request.current_membership()`; resolved only when asked for, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_membership = lambda: current_membership(request)
        return self.get_response(request)
