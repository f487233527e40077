from .middleware import current_membership
from .selectors import membership_list_for_user


def current_account(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # Callables: evaluated only when a template uses them.
        "current_membership": lambda: current_membership(request),
        "memberships": lambda: membership_list_for_user(user),
    }
