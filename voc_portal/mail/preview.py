"""Showing a stored email's HTML as its recipient would see it, safely (admin and dev mailbox)."""

from django.http import HttpResponse

from .services.compose import stored_render

# The stored HTML may carry inline styles (email clients need them) but never runs script, and
# only our own pages may frame it.
EMAIL_HTML_CSP = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'none'"],
        "object-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
}


def email_shown(email):
    """The row with its text filled in for reading: a deferred row not sent yet is rendered now
    (in memory, nothing stored), so the dev mailbox and the admin show what will be sent."""
    # Anything with the stored fields can be shown (the reply preview passes its own object).
    waiting = getattr(email, "render_context", None) is not None
    if waiting and not getattr(email, "_shown", False):
        email._shown = True
        rendered = stored_render(email)
        email.subject, email.body_text = rendered.subject, rendered.body_text
        email.body_html = rendered.body_html
    return email


def email_html_response(email) -> HttpResponse:
    email = email_shown(email)
    response = HttpResponse(email.body_html or "", content_type="text/html; charset=utf-8")
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Referrer-Policy"] = "no-referrer"
    # django-csp: replace the site-wide policy for this one response.
    response._csp_replace = EMAIL_HTML_CSP["DIRECTIVES"]
    return response
