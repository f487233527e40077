"""Queue, send and track outgoing email. Callers decide *when*; emails.py modules decide *what*."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailRequestsAPIError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status

# A claimed row whose worker died is handed out again after this long.
SENDING_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8


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
        except Exception:
            html = ""
    # A subject is one line: a template must never be able to inject headers.
    subject = " ".join(subject.split())[:255]
    return RenderedEmail(subject=subject, body_text=text.strip() + "\n", body_html=html)


def outbound_email_queue(*, spec: EmailSpec) -> OutboundEmail:
    """Store the email in the caller's transaction; send it once that transaction commits.

    Queueing the same dedupe key again returns the stored row and sends nothing new.
    """
    rendered = render_email(spec.template, spec.context, spec.language)
    headers = {}
    if spec.references:
        headers["In-Reply-To"] = spec.references[-1]
        headers["References"] = " ".join(spec.references)
    email, created = OutboundEmail.objects.get_or_create(
        dedupe_key=spec.dedupe_key,
        defaults={
            "message_id": spec.message_id or make_message_id(spec.kind),
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
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue_send(email.pk))
    return email


def enqueue_send(email_id: int) -> None:
    """Hand the row to a worker. If the broker is down the row stays queued for the re-drive."""
    from .tasks import outbound_email_send_task

    try:
        outbound_email_send_task.apply_async(args=[email_id], retry=False)
    except Exception:
        logger.warning("broker unavailable; email %s stays queued for the re-drive", email_id)


def outbound_email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take the row for sending. Only one worker can hold it: a conditional UPDATE decides."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(
        status=Status.SENDING, claimed_at__lt=now - SENDING_LEASE
    )
    claimed = OutboundEmail.objects.filter(claimable, pk=email_id).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, status_changed_at=now
    )
    if claimed != 1:
        return None
    return OutboundEmail.objects.get(pk=email_id)


class TransientEmailError(Exception):
    """The provider failed in a way worth retrying (5xx, timeout, connection)."""


def outbound_email_send(*, email_id: int) -> OutboundEmail | None:
    """Send a queued row through the configured anymail backend and record the provider's id."""
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return None  # sent already, or another worker holds it
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Message-ID": email.message_id, **email.headers},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except (AnymailRequestsAPIError, AnymailAPIError, OSError) as exc:
        transient = _is_transient(exc) and email.attempts < MAX_ATTEMPTS
        _release(email, error=str(exc)[:2000], final=not transient)
        if transient:
            raise TransientEmailError(str(exc)) from exc
        return email
    status = getattr(message, "anymail_status", None)
    provider_id = (getattr(status, "message_id", None) or "") if status else ""
    now = timezone.now()
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=now,
        status_changed_at=now,
        provider_message_id=str(provider_id)[:250],
        last_error="",
    )
    email.refresh_from_db()
    return email


def _is_transient(exc: Exception) -> bool:
    status_code = getattr(getattr(exc, "response", None), "status_code", None)
    return status_code is None or status_code >= 500 or status_code == 429


def _release(email: OutboundEmail, *, error: str, final: bool) -> None:
    new_status = Status.FAILED if final else Status.QUEUED
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=new_status, last_error=error, claimed_at=None, status_changed_at=timezone.now()
    )


def outbound_email_redrive(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Re-enqueue rows left queued (broker was down) or stuck sending (worker died)."""
    now = timezone.now()
    stuck = OutboundEmail.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - older_than)
        | Q(status=Status.SENDING, claimed_at__lt=now - SENDING_LEASE)
    ).values_list("pk", flat=True)[:500]
    ids = list(stuck)
    for email_id in ids:
        enqueue_send(email_id)
    return len(ids)


# Tracking events from the provider, mapped onto our states. Later states never go back.
_TRACKING_MAP = {
    "delivered": Status.DELIVERED,
    "bounced": Status.BOUNCED,
    "rejected": Status.BOUNCED,
    "failed": Status.FAILED,
}


def outbound_email_track(*, provider_message_id: str, event_type: str) -> int:
    """Apply a tracking webhook event. Returns the number of rows changed (0 or 1)."""
    new_status = _TRACKING_MAP.get(event_type)
    if not new_status or not provider_message_id:
        return 0
    allowed_from = [Status.SENDING, Status.SENT]
    if new_status != Status.DELIVERED:
        allowed_from.append(Status.DELIVERED)  # a late bounce overrides "delivered"
    return OutboundEmail.objects.filter(
        provider_message_id=provider_message_id, status__in=allowed_from
    ).update(status=new_status, status_changed_at=timezone.now())
