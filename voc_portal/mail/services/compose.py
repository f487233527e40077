"""What an outbox row says: the spec a domain's emails.py builds, rendered into stored values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from ..message_ids import message_id_normalise


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


@dataclass
class EmailSpec:
    """What to send. `template` names templates/emails/<template>_{subject,body}.txt/_body.html."""

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


def make_message_id(local_hint: str) -> str:
    domain = settings.VOC_REPLY_DOMAIN
    return f"<{local_hint}.{uuid.uuid4().hex[:12]}@{domain}>"


def render_email(template: str, context: dict, language: str) -> RenderedEmail:
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = render_to_string(f"emails/{template}_subject.txt", ctx)
        text = render_to_string(f"emails/{template}_body.txt", ctx)
        try:
            html = render_to_string(f"emails/{template}_body.html", ctx)
        except TemplateDoesNotExist:
            html = ""
    # A subject is one line: a template must never be able to inject headers.
    subject = " ".join(subject.split())[:255]
    return RenderedEmail(subject=subject, body_text=text.strip() + "\n", body_html=html)


def row_values(spec: EmailSpec) -> dict:
    """The stored row for a spec, rendered in the recipient's language (dedupe key aside)."""
    rendered = render_email(spec.template, spec.context, spec.language)
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
    }
