"""Which language a user reads: saved on the user, so pages and mail agree.

- The header switch (``set_language``) also saves the choice on a signed-in user; a visitor's
  choice (e.g. on the login page) is kept in a cookie of its own and saved at sign-in. Not in
  the session: a visitor has no session row, and switching language must not need the database.
- A user who never chose (a new customer) has the store's default, VOC_DEFAULT_LANGUAGE, or,
  at their first sign-in, the first language of their browser's Accept-Language we support.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.i18n import set_language as django_set_language

from .services import user_language_set

# A visitor's explicit choice, kept until the sign-in, which saves it on the user and drops it.
CHOICE_COOKIE = "voc_language_choice"


def supported(code: str) -> str | None:
    if not code or code == "*":
        return None
    try:
        found = get_supported_language_variant(code)
    except LookupError:
        return None
    return found if found in dict(settings.LANGUAGES) else None


def browser_language(request: HttpRequest) -> str | None:
    """The first supported language of Accept-Language, or None when the browser says none."""
    for code, _q in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        found = supported(code)
        if found:
            return found
    return None


def language_at_sign_in(request: HttpRequest, user, *, first_sign_in: bool) -> str:
    """The visitor's choice on the login page wins; else, at a first sign-in, the browser's;
    else what the user saved. A new choice is saved on the user (it is also their mail's)."""
    chosen = supported(request.COOKIES.get(CHOICE_COOKIE, ""))
    if chosen is None and first_sign_in:
        chosen = browser_language(request)
    if chosen and chosen != user.language:
        user_language_set(user=user, language=chosen)
    return user.language


def visitor_choice_forget(request: HttpRequest, response):
    """After the sign-in: the visitor's choice is the user's now (language_at_sign_in)."""
    if CHOICE_COOKIE in request.COOKIES:
        response.delete_cookie(
            CHOICE_COOKIE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def set_language(request: HttpRequest):
    """Django's set_language (cookie and redirect), plus the choice saved for later mail."""
    response = django_set_language(request)
    if request.method == "POST":
        chosen = supported(request.POST.get("language", ""))
        if chosen and request.user.is_authenticated:
            user_language_set(user=request.user, language=chosen)
        elif chosen:
            # Until the browser closes or the visitor signs in, like the session it replaces.
            response.set_cookie(
                CHOICE_COOKIE,
                chosen,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
    return response
