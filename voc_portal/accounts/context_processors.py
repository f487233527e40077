from .middleware import current_membership, request_memberships
from .selectors import customer_for_user


def current_account(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache: dict = {}

    def _once(key, fn):
        # Callables: evaluated only when a template uses them, and only once per request.
        def resolve():
            if key not in cache:
                cache[key] = fn()
            return cache[key]

        return resolve

    return {
        "current_membership": lambda: current_membership(request),
        "memberships": lambda: request_memberships(request),
        "current_customer": _once("customer", lambda: customer_for_user(user)),
    }
