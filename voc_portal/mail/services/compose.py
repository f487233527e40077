"""What an outbox row says: the spec a domain's emails.py builds, rendered into stored values.

A spec is rendered when it is queued, or, with `deferred=True`, stored unrendered (its template
name and a JSON-safe copy of its context, `render_context`) and rendered by the sender when it
first claims the row (`outbound_email_render_stored`). The dedupe key, Message-ID, recipient,
language and headers are fixed at queueing either way; only the text waits. A sweep that queues
thousands of emails in one batch so costs one INSERT, not thousands of renders.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from voc_portal.accounts.models import public_display_name

from ..context import context_load
from ..message_ids import message_id_normalise
from ..rendering import html_part, text_part


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


@dataclass
class EmailSpec:
    """What to send. `template` names templates/emails/<template>_subject.txt and _body.html."""

    kind: str
    template: str
    to_email: str
    dedupe_key: str
    context: dict = field(default_factory=dict)
    language: str = "en"
    to_user_id: int | None = None
    reply_to: str = ""
    # Message-IDs this email answers, oldest first: keeps an inquiry one thread in mail clients.
    references: list[str] = field(default_factory=list)
    message_id: str | None = None
    # Store the template and context; the sender renders them on its first claim. The context
    # must then hold only what ..context keeps (str, numbers, bool, None, lists, dicts,
    # dates, datetimes, timedeltas, decimals): no model instance, no lazy translation.
    deferred: bool = False


def customer_name(user) -> str:
    """The name a customer's email greets: their public name (docs/privacy.md), or "" when they
    gave none, and the frame then greets "고객님" / "Hello,". Never the email or a number."""
    full_name = (getattr(user, "full_name", "") or "").strip()
    return public_display_name(full_name) if full_name else ""


def make_message_id(local_hint: str) -> str:
    domain = settings.VOC_REPLY_DOMAIN
    return f"<{local_hint}.{uuid.uuid4().hex[:12]}@{domain}>"


def render_email(
    template: str, context: dict, language: str, *, can_reply: bool = False
) -> RenderedEmail:
    """Subject, text and HTML from one body template (`emails/<template>_body.html`, which
    extends `emails/layout.html`): the text part is derived from that HTML (..rendering).

    `can_reply` says whether the email has a reply address that reaches someone: the footer
    says so, or says the sender cannot receive replies.
    """
    with translation.override(language):
        ctx = {
            "site_url": settings.SITE_URL,
            "language": language,
            "brand_name": _("VOC Portal"),
            "can_reply": can_reply,
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", ctx)
        html = render_to_string(f"emails/{template}_body.html", ctx)
    # A subject is one line: a template must never be able to inject headers.
    subject = " ".join(subject.split())[:255]
    return RenderedEmail(subject=subject, body_text=text_part(html), body_html=html_part(html))


def stored_render(email) -> RenderedEmail:
    """What an outbox row says: its stored text, or, for a row still unrendered (deferred), its
    template rendered now from the stored context, in its language. Writes nothing."""
    if email.render_context is None:
        return RenderedEmail(
            subject=email.subject, body_text=email.body_text, body_html=email.body_html
        )
    return render_email(
        email.template,
        context_load(email.render_context),
        email.language,
        can_reply=bool(email.reply_to),
    )


def row_values(spec: EmailSpec) -> dict:
    """The stored row for a spec, rendered in the recipient's language (dedupe key aside); a
    deferred spec keeps its template and context instead, and its text stays empty."""
    if spec.deferred:
        rendered = RenderedEmail(subject="", body_text="", body_html="")
        # Stored through the field's encoder (..context): JSON-safe, checked when written.
        stored = {"template": spec.template, "render_context": spec.context}
    else:
        rendered = render_email(
            spec.template, spec.context, spec.language, can_reply=bool(spec.reply_to)
        )
        stored = {"template": "", "render_context": None}
    headers = {}
    if spec.references:
        headers["In-Reply-To"] = spec.references[-1]
        headers["References"] = " ".join(spec.references)
    return {
        # One spelling (message_ids.py): the tracking webhook and reply dedupe look it up so.
        "message_id": message_id_normalise(spec.message_id or make_message_id(spec.kind)),
        "kind": spec.kind,
        "to_email": spec.to_email,
        "to_user_id": spec.to_user_id,
        "language": spec.language,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "reply_to": spec.reply_to,
        "subject": rendered.subject,
        "body_text": rendered.body_text,
        "body_html": rendered.body_html,
        "headers": headers,
        **stored,
    }
